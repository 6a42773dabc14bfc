"""Op examples: the sparse ops of sparse_structure_ops (fill_empty_rows, slice, split, softmax, ...)."""
import numpy as np

from op_examples import grads, plain

INDICES = np.array([[0, 0], [1, 2], [3, 1]], np.int64)
VALUES = np.array([1.0, -2.0, 3.0], np.float32)
OTHER = np.array([[0, 0], [1, 1], [3, 1]], np.int64)


def sparse(build):
    """A plain example over one [4, 3] SparseTensor's values (its indices fixed)."""
    def run(tf, values):
        return build(tf, tf.SparseTensor(INDICES, values, [4, 3]))
    return plain(run, VALUES, partial=False)


EXAMPLES = {
    "SparseFillEmptyRows": sparse(lambda tf, sp: [tf.sparse.fill_empty_rows(sp, 9.0)[1]]
                                  + list(tf.sparse.fill_empty_rows(sp, 9.0)[0].values.op.outputs)),
    "SparseFillEmptyRowsGrad": sparse(lambda tf, sp: grads(tf, tf.sparse.fill_empty_rows(sp, 9.0)[0].values,
                                                           [sp.values])),
    "SparseSparseMaximum": sparse(lambda tf, sp: list(tf.sparse.maximum(sp, tf.SparseTensor(OTHER, sp.values * 2,
                                                                                             [4, 3])).values.op.outputs)),
    "SparseSparseMinimum": sparse(lambda tf, sp: list(tf.sparse.minimum(sp, tf.SparseTensor(OTHER, sp.values,
                                                                                             [4, 3])).values.op.outputs)),
    "SparseSlice": sparse(lambda tf, sp: list(tf.sparse.slice(sp, [1, 0], [3, 2]).values.op.outputs)),
    "SparseSliceGrad": sparse(lambda tf, sp: grads(tf, tf.sparse.slice(sp, [1, 0], [3, 2]).values, [sp.values])),
    "SparseSplit": sparse(lambda tf, sp: list(tf.sparse.split(sp_input=sp, num_split=2, axis=1)[0].values.op.outputs)),
    "SparseSoftmax": sparse(lambda tf, sp: [tf.sparse.softmax(sp).values]),
    "SparseReduceSumSparse": sparse(lambda tf, sp: list(tf.sparse.reduce_sum_sparse(sp, 1).values.op.outputs)),
    "SparseReduceMaxSparse": sparse(lambda tf, sp: list(tf.sparse.reduce_max_sparse(sp, 0, keepdims=True)
                                                        .values.op.outputs)),
}

_WORDS = np.array([b"a", b"b", b"c"], dtype=object)


def _cross(build):
    def run(tf, words):
        sp = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], words, [2, 2])
        return build(tf, sp, tf.constant([["x", "y"], ["z", "w"]]))
    return plain(run, _WORDS, partial=False)


EXAMPLES["SparseCrossV2"] = _cross(lambda tf, sp, d: list(tf.sparse.cross([sp, d]).values.op.outputs))
EXAMPLES["SparseCross"] = _cross(lambda tf, sp, d: list(tf.sparse.cross_hashed([sp, d], 100).values.op.outputs))
