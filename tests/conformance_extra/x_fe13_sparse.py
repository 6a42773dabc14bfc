"""Third-pass variations of the public sparse_tensors cases: sparse ops of the same theme, dtypes,
feeds of known shapes and error paths the x_ovar_sparse and x_o12_sparse passes left out."""
import numpy as np

from _harness import catch


def case_fetch_from_dense_and_parts(tf):
    dense = tf.constant([[0, 3, 0], [4, 0, 0]], tf.int64)
    st = tf.sparse.from_dense(dense)
    sess = tf.Session()
    value = sess.run(st)
    return {
        "value": value, "kind": type(value).__name__,
        "parts": sess.run([st.indices, st.values, st.dense_shape]),
        "eval": st.eval(session=sess),
        "list_fetch": sess.run([st, tf.sparse.to_dense(st)]),
        "shape": st.shape.as_list(), "value_dtype": st.dtype.name,
        "op_names": [st.indices.op.type, st.values.op.type],
    }


def case_sparse_placeholder_known_shape_feeds(tf):
    sp = tf.sparse_placeholder(tf.float32, shape=[2, 3], name="sp")
    dense = tf.sparse.to_dense(sp)
    sess = tf.Session()
    ok = tf.SparseTensorValue([[1, 2]], [5.0], [2, 3])
    return {
        "dense_shape": dense.shape.as_list(),
        "ok": sess.run(dense, {sp: ok}),
        "wrong_shape": catch(sess.run, dense, {sp: tf.SparseTensorValue([[0, 0]], [1.0], [3, 3])}),
        "wrong_rank": catch(sess.run, dense, {sp: tf.SparseTensorValue([[0]], [1.0], [3])}),
        "names": [sp.indices.name, sp.values.name, sp.dense_shape.name],
        "int_values": sess.run(dense, {sp: ([[0, 0]], [7], [2, 3])}),
        "usable": sess.run(tf.sparse.reduce_sum(sp), {sp: ok}),
    }


def case_sparse_feed_parts_and_int32_indices(tf):
    sp = tf.sparse_placeholder(tf.int32, shape=[None, None])
    dense = tf.sparse.to_dense(sp)
    sess = tf.Session()
    return {
        "int32_indices": sess.run(dense, {sp: (np.array([[0, 1]], np.int32), np.array([3], np.int32),
                                               np.array([1, 2], np.int32))}),
        "feed_parts": sess.run(dense, {sp.indices: [[1, 0]], sp.values: [4], sp.dense_shape: [2, 2]}),
        "float_values": sess.run(dense, {sp: ([[0, 0]], [2.0], [1, 1])}),
        "static": dense.shape.as_list(),
        "value_from_sparse_tensor": catch(sess.run, dense, {sp: tf.SparseTensor([[0, 0]], [1], [1, 1])}),
    }


def case_legacy_sparse_to_dense_and_scalar_values(tf):
    sess = tf.Session()
    return {
        "basic": sess.run(tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6], default_value=-1)),
        "scalar_value": sess.run(tf.sparse_to_dense([1, 3], [5], 9)),
        "vector_indices": sess.run(tf.sparse_to_dense([[0], [2]], [4], [1.5, 2.5])),
        "unsorted": catch(sess.run, tf.sparse_to_dense([[1], [0]], [3], [1, 2])),
        "unsorted_no_validate": sess.run(tf.sparse_to_dense([[1], [0]], [3], [1, 2], validate_indices=False)),
        "repeated": catch(sess.run, tf.sparse_to_dense([[1], [1]], [3], [1, 2])),
        "oob": catch(sess.run, tf.sparse_to_dense([[5]], [3], [1])),
        "type": tf.sparse_to_dense([[0]], [1], [1]).op.type,
        "to_dense_no_validate": sess.run(tf.sparse.to_dense(tf.SparseTensor([[1], [0]], [1, 2], [2]),
                                                            validate_indices=False)),
    }


def case_sparse_add_int_dtype_and_shape_errors(tf):
    a = tf.SparseTensor([[0, 0], [1, 1]], tf.constant([1, 2], tf.int64), [2, 2])
    b = tf.SparseTensor([[0, 0], [1, 0]], tf.constant([5, 6], tf.int64), [2, 2])
    c = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    d = tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [3, 2])
    sess = tf.Session()
    return {
        "int": sess.run(tf.sparse.add(a, b)),
        "dtype_error": catch(tf.sparse.add, a, c),
        "shape_error": catch(tf.sparse.add, a, d),
        "cancel": sess.run(tf.sparse.add(a, tf.SparseTensor([[0, 0]], tf.constant([-1], tf.int64), [2, 2]))),
        "rank3": sess.run(tf.sparse.add(tf.SparseTensor([[0, 0, 1]], [1.0], [1, 1, 2]),
                                        tf.SparseTensor([[0, 0, 0]], [2.0], [1, 1, 2]))),
        "usable": sess.run(tf.sparse.add(a, a)),
    }


def case_sparse_add_dense_kinds_and_broadcast(tf):
    a = tf.SparseTensor([[0, 1], [1, 0]], [5.0, 6.0], [2, 2])
    d = tf.constant([[1.0, 1.0], [1.0, 1.0]])
    out = tf.sparse.add(a, d)
    sess = tf.Session()
    return {
        "kind": type(out).__name__, "type": out.op.type, "shape": out.shape.as_list(),
        "value": sess.run(out),
        "shape_error": catch(sess.run, tf.sparse.add(a, tf.ones([3, 2]))),
        "dense_plus_dense": catch(tf.sparse.add, d, d),
        "placeholder_dense": sess.run(tf.sparse.add(a, tf.placeholder_with_default(d, [None, 2]))),
    }


def case_sparse_reductions_more(tf):
    st = tf.SparseTensor([[0, 0], [0, 2], [1, 1], [2, 2]], tf.constant([1, -2, 3, 4], tf.int32), [3, 3])
    sess = tf.Session()
    rs = tf.sparse.reduce_sum_sparse(st, axis=1)
    return {
        "int_sum": sess.run(tf.sparse.reduce_sum(st, axis=0)),
        "axes_list": sess.run(tf.sparse.reduce_sum(st, axis=[0, 1])),
        "max": sess.run(tf.sparse.reduce_max(st, axis=1)),
        "max_keep": sess.run(tf.sparse.reduce_max(st, axis=0, keepdims=True)),
        "sum_sparse": sess.run(rs),
        "reduction_axes_kw": sess.run(tf.sparse_reduce_sum(st, reduction_axes=1)),
        "bad_axis": catch(sess.run, tf.sparse.reduce_sum(st, axis=2)),
        "unknown_static": str(tf.sparse.reduce_sum(tf.sparse_placeholder(tf.float32), axis=0).shape),
    }


def case_sparse_dense_matmul_adjoint_b_and_dtypes(tf):
    st = tf.SparseTensor([[0, 0], [1, 2]], [2.0, 3.0], [2, 3])
    m = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    sti = tf.SparseTensor([[0, 1]], tf.constant([3], tf.int32), [1, 2])
    f64 = tf.SparseTensor([[0, 0]], tf.constant([0.5], tf.float64), [1, 1])
    sess = tf.Session()
    out = tf.sparse.sparse_dense_matmul(st, m, adjoint_b=True)
    return {
        "adjoint_b": sess.run(out), "shape": out.shape.as_list(),
        "both": sess.run(tf.sparse.sparse_dense_matmul(st, tf.transpose(m)[:2], adjoint_a=True, adjoint_b=True)),
        "int32": sess.run(tf.sparse.sparse_dense_matmul(sti, tf.constant([[1], [2]]))),
        "f64": sess.run(tf.sparse.sparse_dense_matmul(f64, tf.constant([[4.0]], tf.float64))),
        "dtype_error": catch(tf.sparse.sparse_dense_matmul, st, tf.ones([3, 1], tf.float64)),
        "unknown": tf.sparse.sparse_dense_matmul(tf.sparse_placeholder(tf.float32), tf.ones([3, 4])).shape.as_list(),
        "oob": catch(sess.run, tf.sparse.sparse_dense_matmul(tf.SparseTensor([[0, 5]], [1.0], [1, 3]), tf.ones([3, 1]))),
    }


def case_bad_sparse_feeds_more(tf):
    sp = tf.sparse_placeholder(tf.float32)
    dense = tf.sparse.to_dense(sp)
    sess = tf.Session()
    return {
        "negative": catch(sess.run, dense, {sp: ([[-1, 0]], [1.0], [2, 2])}),
        "indices_rank1": catch(sess.run, dense, {sp: ([0, 1], [1.0, 2.0], [2, 2])}),
        "shape_mismatch_cols": catch(sess.run, dense, {sp: ([[0, 0, 0]], [1.0], [2, 2])}),
        "string_values": catch(sess.run, dense, {sp: ([[0, 0]], ["a"], [2, 2])}),
        "four_tuple": catch(sess.run, dense, {sp: ([[0, 0]], [1.0], [2, 2], [1])}),
        "usable": sess.run(dense, {sp: ([[1, 1]], [3.0], [2, 2])}),
    }


def case_sparse_static_shapes_more(tf):
    shape = tf.placeholder(tf.int64, [2])
    st = tf.SparseTensor([[0, 0]], [1.0], shape)
    const_shape = tf.SparseTensor([[0, 0]], [1.0], tf.constant([4, 5], tf.int64))
    sp = tf.sparse_placeholder(tf.int32, shape=tf.constant([3, 7], tf.int64))
    r = tf.sparse.reshape(const_shape, [-1, 2])
    return {
        "tensor_shape": str(st.shape),
        "const_tensor_shape": const_shape.shape.as_list(),
        "placeholder_tensor_shape": str(sp.shape),
        "reshape": r.shape.as_list(),
        "transpose": tf.sparse.transpose(const_shape).shape.as_list(),
        "bad_indices_rank": catch(tf.SparseTensor, [0, 1], [1.0, 2.0], [2, 2]),
        "bad_values_rank": catch(tf.SparseTensor, [[0, 1]], [[1.0]], [2, 2]),
        "bad_shape_dtype": catch(tf.SparseTensor, [[0, 1]], [1.0], [2.0, 2.0]),
        "consistent_rank": catch(tf.SparseTensor, [[0, 1]], [1.0], [2, 2, 2]),
    }


def case_sparse_namespace_more(tf):
    a = tf.SparseTensor([[1, 0], [0, 1], [2, 2]], [1.0, 2.0, 3.0], [3, 3])
    sess = tf.Session()
    ordered = tf.sparse.reorder(a)
    filled, empty = tf.sparse.fill_empty_rows(tf.SparseTensor([[0, 0], [2, 1]], [1.0, 2.0], [4, 2]), -1.0)
    return sess.run({
        "reorder": ordered,
        "reshape": tf.sparse.reshape(ordered, [9]),
        "retain": tf.sparse.retain(ordered, [True, False, True]),
        "filled": filled, "empty_rows": empty,
        "slice": tf.sparse.slice(ordered, [0, 0], [2, 2]),
        "transpose": tf.sparse.transpose(ordered),
        "maximum": tf.sparse.maximum(ordered, tf.SparseTensor([[0, 1]], [5.0], [3, 3])),
        "softmax": tf.sparse.softmax(ordered),
        "concat": tf.sparse.concat(1, [ordered, ordered]),
    })


def case_sparse_add_threshold_dtypes(tf):
    a = tf.SparseTensor([[0, 0], [1, 1]], tf.constant([3, -1], tf.int64), [2, 2])
    b = tf.SparseTensor([[0, 0], [1, 1]], tf.constant([-1, 2], tf.int64), [2, 2])
    fa = tf.SparseTensor([[0, 0], [1, 1]], tf.constant([1.0, -0.5], tf.float64), [2, 2])
    sess = tf.Session()
    return {
        "int_threshold": sess.run(tf.sparse.add(a, b, threshold=2)),
        "f64_threshold": sess.run(tf.sparse.add(fa, fa, threshold=1.5)),
        "negative_threshold": sess.run(tf.sparse.add(fa, fa, threshold=-1.0)),
        "tensor_threshold": sess.run(tf.sparse.add(fa, fa, threshold=tf.constant(1.5, tf.float64))),
        "negative_values_kept": sess.run(tf.sparse.add(fa, fa, threshold=0.9)),
    }
