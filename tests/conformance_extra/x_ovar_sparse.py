"""Variations of the public sparse_tensors cases: dtypes, empty and unordered sparse tensors, errors."""
import numpy as np

from _harness import catch, message_has


def case_sparse_fetch_variations(tf):
    st = tf.SparseTensor(indices=tf.constant([[0], [3]], tf.int64), values=tf.constant(["a", "b"]), dense_shape=[5])
    empty = tf.SparseTensor(indices=tf.zeros([0, 2], tf.int64), values=tf.zeros([0], tf.int32), dense_shape=[2, 2])
    sess = tf.Session()
    return {
        "strings": sess.run(st),
        "empty": sess.run(empty),
        "empty_dense": sess.run(tf.sparse.to_dense(empty)),
        "list_fetch": sess.run([st, empty]),
        "values_only": sess.run(st.values),
        "shape_static": [st.shape.as_list(), empty.shape.as_list()],
        "bad_indices_rank": catch(tf.SparseTensor, [1, 2], [1.0, 2.0], [3]),
        "bad_shape_rank": catch(tf.SparseTensor, [[0]], [1.0], [[3]]),
        "from_value": sess.run(tf.SparseTensor.from_value(tf.SparseTensorValue([[1]], [2.5], [3]))),
    }


def case_sparse_placeholder_variations(tf):
    sp = tf.sparse_placeholder(tf.int64, shape=[None, 3], name="sp")
    dense = tf.sparse.to_dense(sp)
    sess = tf.Session()
    return {
        "names": [sp.indices.name, sp.values.name, sp.dense_shape.name],
        "dense_shape_static": dense.shape.as_list(),
        "run": sess.run(dense, {sp: ([[1, 2]], [9], [2, 3])}),
        "empty_feed": sess.run(dense, {sp: (np.zeros((0, 2), np.int64), np.zeros([0], np.int64), [1, 3])}),
        "value_feed_fetch": sess.run(sp, {sp: tf.SparseTensorValue([[0, 0]], [4], [1, 3])}),
        "wrong_dense_shape": catch(sess.run, dense, {sp: ([[0, 0]], [4], [1, 4])}),
        "float_values_into_int": sess.run(dense, {sp: ([[0, 0]], [4.0], [1, 3])}),
        "feed_parts": sess.run(dense, {sp.indices: [[0, 1]], sp.values: [5], sp.dense_shape: [1, 3]}),
        "reduce_unknown_shape": str(tf.sparse.reduce_sum(sp, axis=1).shape),
    }


def case_sparse_to_dense_variations(tf):
    sess = tf.Session()
    st_s = tf.SparseTensor([[0], [2]], ["x", "y"], [3])
    st_b = tf.SparseTensor([[1, 1]], [True], [2, 2])
    unordered = tf.SparseTensor([[1, 0], [0, 1]], [1, 2], [2, 2])
    return {
        "strings": sess.run(tf.sparse.to_dense(st_s, default_value="-")),
        "bool": sess.run(tf.sparse.to_dense(st_b)),
        "unordered": catch(sess.run, tf.sparse.to_dense(unordered)),
        "unordered_no_validate": sess.run(tf.sparse.to_dense(unordered, validate_indices=False)),
        "reordered": sess.run(tf.sparse.to_dense(tf.sparse.reorder(unordered))),
        "default_dtype": catch(tf.sparse.to_dense, st_s, default_value=0),
        "scalar_dense_shape_3d": sess.run(tf.sparse.to_dense(tf.SparseTensor([[0, 1, 0]], [1.5], [1, 2, 1]))),
        "name_type": [tf.sparse.to_dense(st_b, name="dd").name, tf.sparse.to_dense(st_b).op.type],
        "legacy_sparse_to_dense": sess.run(tf.sparse_to_dense([[0, 1], [1, 0]], [2, 2], [3, 4], default_value=-1)),
        "legacy_scalar_value": sess.run(tf.sparse_to_dense([1, 3], [5], 7)),
    }


def case_sparse_add_variations(tf):
    a = tf.SparseTensor([[0, 0], [1, 2]], tf.constant([1, 2], tf.int64), [2, 3])
    b = tf.SparseTensor([[0, 0], [0, 1]], tf.constant([-1, 5], tf.int64), [2, 3])
    c = tf.SparseTensor([[0, 0]], [1.0], [2, 4])
    e = tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 4])
    sess = tf.Session()
    return {
        "int64": sess.run(tf.sparse.add(a, b)),
        "int_cancel_threshold": sess.run(tf.sparse.add(a, b, threshold=1)),
        "with_empty": sess.run(tf.sparse.add(c, e)),
        "shape_mismatch": catch(sess.run, tf.sparse.add(c, tf.SparseTensor([[0, 0]], [1.0], [3, 4]))),
        "dtype_mismatch": catch(tf.sparse.add, a, c),
        "dense_f64": sess.run(tf.sparse.add(tf.SparseTensor([[0]], tf.constant([1.5], tf.float64), [2]),
                                            tf.constant([1.0, 2.0], tf.float64))),
        "static_shape": tf.sparse.add(a, b).shape.as_list(),
        "unordered": sess.run(tf.sparse.add(tf.SparseTensor([[1, 0], [0, 0]], [1.0, 2.0], [2, 2]),
                                            tf.SparseTensor([[0, 0]], [10.0], [2, 2]))),
    }


def case_sparse_reduce_variations(tf):
    st = tf.SparseTensor([[0, 0, 1], [0, 2, 0], [1, 1, 1]], tf.constant([1, 2, 3], tf.int64), [2, 3, 2])
    sess = tf.Session()
    return sess.run({
        "int_all": tf.sparse.reduce_sum(st),
        "axes_list": tf.sparse.reduce_sum(st, axis=[0, 2]),
        "keep": tf.sparse.reduce_sum(st, axis=[1], keepdims=True),
        "max": tf.sparse.reduce_max(st, axis=1),
        "max_all": tf.sparse.reduce_max(st),
        "sparse_out": tf.sparse.reduce_sum_sparse(st, axis=1),
        "empty": tf.sparse.reduce_sum(tf.SparseTensor(tf.zeros([0, 1], tf.int64), tf.zeros([0]), [3]), axis=0),
        "float_neg_axis": tf.sparse.reduce_sum(tf.SparseTensor([[0, 1], [1, 1]], [1.5, 2.5], [2, 2]), axis=-2),
    })


def case_sparse_matmul_variations(tf):
    st = tf.SparseTensor([[0, 1], [1, 0]], tf.constant([2.0, 3.0], tf.float64), [2, 2])
    m = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
    sti = tf.SparseTensor([[0, 0]], [2], [1, 2])
    sess = tf.Session()
    p = tf.placeholder(tf.float64, [2, None])
    return {
        "f64": sess.run(tf.sparse.sparse_dense_matmul(st, m)),
        "adjoint_b": sess.run(tf.sparse.sparse_dense_matmul(st, m, adjoint_b=True)),
        "int": sess.run(tf.sparse.sparse_dense_matmul(sti, tf.constant([[1, 2], [3, 4]]))),
        "dense_sparse": sess.run(tf.sparse.sparse_dense_matmul(m, st)),
        "static_shape": tf.sparse.sparse_dense_matmul(st, p).shape.as_list(),
        "dtype_mismatch": catch(tf.sparse.sparse_dense_matmul, st, tf.ones([2, 2])),
        "oob_index": catch(sess.run, tf.sparse.sparse_dense_matmul(tf.SparseTensor([[0, 5]], [1.0], [1, 6]), tf.ones([2, 1]))),
        "empty": sess.run(tf.sparse.sparse_dense_matmul(tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 3]),
                                                        tf.ones([3, 2]))),
    }


def case_bad_sparse_feed_variations(tf):
    sp = tf.sparse_placeholder(tf.float32, shape=[2, 2])
    dense = tf.sparse.to_dense(sp)
    total = tf.sparse.reduce_sum(sp)
    sess = tf.Session()
    return {
        "negative_index": catch(sess.run, dense, {sp: ([[-1, 0]], [1.0], [2, 2])}),
        "indices_rank_mismatch": catch(sess.run, dense, {sp: ([[0, 0, 0]], [1.0], [2, 2])}),
        "reduce_unordered_ok": sess.run(total, {sp: ([[1, 1], [0, 0]], [1.0, 2.0], [2, 2])}),
        "string_values": catch(sess.run, dense, {sp: ([[0, 0]], ["x"], [2, 2])}),
        "after_errors": sess.run(dense, {sp: ([[0, 1]], [3.0], [2, 2])}),
        "msg": message_has(lambda: sess.run(dense, {sp: ([[3, 0]], [1.0], [2, 2])}), "is out of bounds"),
    }


def case_sparse_ops_more(tf):
    st = tf.SparseTensor([[0, 1], [1, 0], [1, 2]], [1.0, 2.0, 3.0], [2, 3])
    sess = tf.Session()
    return {
        "transpose": sess.run(tf.sparse.transpose(st)),
        "reshape": sess.run(tf.sparse.reshape(st, [3, 2])),
        "reshape_minus_one": sess.run(tf.sparse.reshape(st, [-1])),
        "retain": sess.run(tf.sparse.retain(st, [True, False, True])),
        "slice": sess.run(tf.sparse.slice(st, [1, 0], [1, 2])),
        "concat": sess.run(tf.sparse.concat(1, [st, st])),
        "fill_empty_rows": sess.run(tf.sparse.fill_empty_rows(tf.SparseTensor([[1, 0]], [5.0], [3, 2]), -1.0)),
        "softmax": sess.run(tf.sparse.softmax(st)),
        "maximum": sess.run(tf.sparse.maximum(st, tf.SparseTensor([[0, 1]], [5.0], [2, 3]))),
        "from_dense": sess.run(tf.sparse.from_dense(tf.constant([[0, 3], [4, 0]]))),
        "to_indicator": sess.run(tf.sparse.to_indicator(tf.SparseTensor([[0, 0], [0, 1]], [2, 0], [1, 2]), 3)),
        "split": sess.run(tf.sparse.split(sp_input=st, num_split=2, axis=0)),
        "sparse_mul_dense": sess.run(st * tf.constant([[10.0, 20.0, 30.0]])),
        "reshape_bad": catch(sess.run, tf.sparse.reshape(st, [4, 2])),
    }
