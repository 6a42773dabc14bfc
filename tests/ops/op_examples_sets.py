"""Examples for the tf.sets op types."""
import numpy as np

from op_examples import plain

EXAMPLES = {}

SET_A = np.array([[1, 2, 2, 3], [4, 5, 6, 6]], np.int32)
SET_B = np.array([[2, 3, 9], [7, 8, 4]], np.int32)


def _parts(st):
    return [st.indices, st.values, st.dense_shape]


def _sparse(tf, x):
    return tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.reshape(x, [-1])[:3], [2, 4])


EXAMPLES["SetSize"] = plain(lambda tf, a: tf.sets.size(_sparse(tf, a)), SET_A, partial=False)
EXAMPLES["DenseToDenseSetOperation"] = plain(lambda tf, a, b: _parts(tf.sets.union(a, b)), SET_A, SET_B)
EXAMPLES["DenseToSparseSetOperation"] = plain(lambda tf, a, b: _parts(tf.sets.intersection(b, _sparse(tf, a))),
                                              SET_A, SET_B)
EXAMPLES["SparseToSparseSetOperation"] = plain(
    lambda tf, a, b: _parts(tf.sets.difference(_sparse(tf, a), _sparse(tf, b))), SET_A, SET_B, partial=False)
