"""Second-pass variations of the public sparse_tensors cases: reorder/reshape/slice/concat, matmul
adjoints, segment ops, and sparse values composed with feeds, gradients and dtypes."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.

from _harness import catch


def case_sparse_reorder_reshape(tf):
    st = tf.SparseTensor([[1, 0], [0, 2], [0, 1]], [3, 1, 2], [2, 3])
    sp = tf.sparse_placeholder(tf.int64)
    sess = tf.Session()
    r = tf.sparse_reshape(st, [3, -1])
    return {
        "reorder": sess.run(tf.sparse_reorder(st)),
        "reshape": sess.run(r), "reshape_shape": r.shape.as_list(),
        "reshape_fed": sess.run(tf.sparse_reshape(sp, [-1]), {sp: ([[0, 0], [1, 1]], [5, 6], [2, 2])}),
        "reshape_bad": catch(sess.run, tf.sparse_reshape(sp, [3, 3]), {sp: ([[0, 0]], [1], [2, 2])}),
        "reshape_two_unknown": catch(tf.sparse_reshape, st, [-1, -1]),
        "usable": sess.run(tf.sparse_reorder(sp), {sp: ([[1, 0], [0, 0]], [1, 2], [2, 1])}),
        "reorder_dtypes": [tf.sparse_reorder(st).values.dtype.name, tf.sparse_reorder(sp).shape.ndims],
    }


def case_sparse_slice_concat(tf):
    a = tf.SparseTensor([[0, 0], [1, 2], [2, 1]], [1.0, 2.0, 3.0], [3, 3])
    b = tf.SparseTensor([[0, 1], [1, 0]], [10.0, 20.0], [2, 2])
    sess = tf.Session()
    return {
        "slice": sess.run(tf.sparse_slice(a, [1, 1], [2, 5])),
        "slice_empty": sess.run(tf.sparse_slice(a, [0, 1], [1, 1])),
        "concat_axis1_expand": sess.run(tf.sparse_concat(1, [a, b], expand_nonconcat_dim=True)),
        "concat_axis0_expand": sess.run(tf.sparse_concat(0, [a, b], expand_nonconcat_dim=True)),
        "concat_mismatch": catch(sess.run, tf.sparse_concat(0, [a, b])),
        "concat_neg": sess.run(tf.sparse_concat(-1, [a, a])),
        "concat_v2_kw": sess.run(tf.sparse.concat(axis=0, sp_inputs=[b, b])),
        "concat_dtype": catch(tf.sparse_concat, 0, [a, tf.SparseTensor([[0, 0]], [1], [1, 3])]),
    }


def case_sparse_matmul_adjoints_and_grads(tf):
    st = tf.SparseTensor([[0, 1], [1, 0], [2, 2]], [2.0, 3.0, 4.0], [3, 3])
    m = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    v = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    sess = tf.Session()
    out = tf.sparse_tensor_dense_matmul(st, v)
    gv, gvals = tf.gradients(tf.reduce_sum(out * tf.constant([[1.0, -1.0]])), [v, st.values])
    return {
        "adjoint_b": sess.run(tf.sparse_tensor_dense_matmul(st, m, adjoint_b=True)),
        "both": sess.run(tf.sparse_tensor_dense_matmul(st, m, adjoint_a=True, adjoint_b=True)),
        "f64": sess.run(tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 0]], tf.constant([2.0], tf.float64), [1, 2]),
                                                      tf.ones([2, 1], tf.float64))),
        "int": sess.run(tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 1]], [3], [1, 2]), tf.constant([[1], [2]]))),
        "grad_dense": sess.run(gv), "grad_values": sess.run(gvals),
        "static": out.shape.as_list(),
        "dtype_error": catch(tf.sparse_tensor_dense_matmul, st, tf.ones([3, 2], tf.float64)),
        "rank_error": catch(tf.sparse_tensor_dense_matmul, st, tf.ones([3])),
        "oob_index": catch(sess.run, tf.sparse_tensor_dense_matmul(tf.SparseTensor([[0, 5]], [1.0], [1, 3]),
                                                                   tf.ones([3, 1]))),
    }


def case_segment_ops(tf):
    data = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    seg = tf.constant([0, 0, 1, 3])
    sess = tf.Session()
    return {
        "sum": sess.run(tf.segment_sum(data, seg)),
        "mean": sess.run(tf.segment_mean(data, seg)),
        "max_min_prod": sess.run([tf.segment_max(data, seg), tf.segment_min(data, seg), tf.segment_prod(data, seg)]),
        "unsorted": sess.run(tf.unsorted_segment_sum(data, [2, 0, 2, -1], 3)),
        "unsorted_max": sess.run(tf.unsorted_segment_max(data, [1, 1, 0, 0], 3)),
        "sparse_sum": sess.run(tf.sparse_segment_sum(data, [0, 2, 3], [0, 0, 1])),
        "sparse_mean": sess.run(tf.sparse_segment_mean(data, [0, 1, 1], [0, 1, 1])),
        "sparse_sqrt_n": sess.run(tf.sparse_segment_sqrt_n(data, [0, 1, 2], [0, 0, 0])),
        "unsorted_error": catch(sess.run, tf.unsorted_segment_sum(data, [0, 5, 0, 0], 3)),
        "not_sorted": catch(sess.run, tf.segment_sum(data, [1, 0, 0, 0])),
        "ids_len": catch(tf.segment_sum, data, [0, 0]),
        "grad": sess.run(tf.gradients(tf.reduce_sum(tf.segment_mean(data, seg) * tf.constant([1.0, 2.0])), data)[0]),
    }


def case_sparse_fetch_feed_composed(tf):
    sp = tf.sparse_placeholder(tf.string, shape=[None, 3], name="words")
    dense = tf.sparse_tensor_to_dense(sp, default_value="-")
    sess = tf.Session()
    value = tf.SparseTensorValue([[0, 2], [1, 0]], [b"x", b"y"], [2, 3])
    ident = tf.sparse.to_indicator(tf.SparseTensor([[0, 0], [0, 1]], tf.constant([2, 0], tf.int64), [1, 2]), 3)
    return {
        "dense": sess.run(dense, {sp: value}), "static": dense.shape.as_list(),
        "names": [sp.indices.name, sp.values.name, sp.dense_shape.name],
        "fetch_parts": sess.run([sp.values, sp.dense_shape], {sp: value}),
        "shape_violates": catch(sess.run, dense, {sp: ([[0, 0]], [b"a"], [1, 4])}),
        "indicator": sess.run(ident),
        "retain": sess.run(tf.sparse_retain(tf.SparseTensor([[0, 0], [1, 1]], [1, 2], [2, 2]), [False, True])),
        "fill_empty": sess.run(tf.sparse_fill_empty_rows(tf.SparseTensor([[1, 0]], [5], [3, 2]), -1)),
        "to_dense_validate": catch(sess.run, tf.sparse_tensor_to_dense(
            tf.SparseTensor([[1, 0], [0, 0]], [1, 2], [2, 2]))),
        "to_dense_unvalidated": sess.run(tf.sparse_tensor_to_dense(
            tf.SparseTensor([[1, 0], [0, 0]], [1, 2], [2, 2]), validate_indices=False)),
    }


def case_sparse_reduce_max_softmax_transpose(tf):
    st = tf.SparseTensor([[0, 0], [0, 2], [1, 1]], [1.0, -2.0, 3.0], [2, 3])
    sess = tf.Session()
    return {
        "reduce_max": sess.run([tf.sparse_reduce_max(st), tf.sparse_reduce_max(st, 1)]),
        "reduce_sum_sparse": sess.run(tf.sparse_reduce_sum_sparse(st, 0)),
        "reduce_max_sparse": sess.run(tf.sparse_reduce_max_sparse(st, 1, keepdims=True)),
        "softmax": sess.run(tf.sparse_softmax(st)),
        "transpose": sess.run(tf.sparse_transpose(st)),
        "maximum": sess.run(tf.sparse_maximum(st, tf.SparseTensor([[0, 0], [1, 2]], [5.0, 1.0], [2, 3]))),
        "minimum": sess.run(tf.sparse_minimum(st, tf.SparseTensor([[0, 0]], [0.0], [2, 3]))),
        "split": sess.run(tf.sparse_split(sp_input=st, num_split=2, axis=1)),
        "dense_mul": sess.run(st * tf.constant([2.0, 3.0, 4.0])),
        "axis_oob": catch(sess.run, tf.sparse_reduce_sum(st, 3)),
    }


def case_sparse_add_more(tf):
    a = tf.SparseTensor([[0, 0], [1, 1]], tf.constant([1, 2], tf.int64), [2, 2])
    b = tf.SparseTensor([[0, 0], [1, 0]], tf.constant([-1, 5], tf.int64), [2, 2])
    sess = tf.Session()
    s = tf.sparse_add(a, b)
    sp = tf.sparse_placeholder(tf.int64)
    fa = tf.SparseTensor([[0, 0], [1, 1]], [1.0, 2.0], [2, 2])
    fb = tf.SparseTensor([[0, 1]], [4.0], [2, 2])
    ga, gb = tf.gradients(tf.reduce_sum(tf.sparse_tensor_to_dense(tf.sparse_add(fa, fb)) * 3.0),
                          [fa.values, fb.values])
    return {
        "int64": sess.run(s), "zero_kept": sess.run(s).values.tolist(),
        "shape_mismatch": catch(lambda: tf.sparse_add(a, tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64),
                                                                         [3, 3]))),
        "shape_mismatch_fed": catch(sess.run, tf.sparse_add(a, sp), {sp: ([[0, 0]], [1], [3, 3])}),
        "dtype_mismatch": catch(tf.sparse_add, a, fa),
        "grads": sess.run([ga, gb]),
        "dense_plus_sparse_static": tf.sparse_add(tf.ones([2, 2]), fa).shape.as_list(),
        "threshold_int": sess.run(tf.sparse_add(a, b, threshold=1)),
    }
