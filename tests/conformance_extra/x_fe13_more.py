"""Third-pass second variations across the ops_*, sparse, state and queue public files: rarer
dtypes, error messages users read, names of built ops, and gradients through the same ops."""
import numpy as np

from _harness import catch, message_has


def case_array_error_messages_and_tensor_axes(tf):
    a = tf.ones([2, 3])
    ax = tf.placeholder(tf.int32, [])
    c = tf.concat([a, a], ax)
    sess = tf.Session()
    return {
        "matmul_msg": message_has(lambda: tf.matmul(a, a), "Dimensions must be equal", "3", "2"),
        "concat_axis_tensor_shape": str(c.shape),
        "concat_axis_fed": sess.run(tf.shape(c), {ax: -1}),
        "concat_axis_oob": catch(tf.concat, [a, a], 2),
        "concat_axis_oob_run": catch(sess.run, c, {ax: 5}),
        "split_num_unknown": catch(tf.split, a, tf.placeholder(tf.int32, [None]), axis=1),
        "gather_axis_tensor": sess.run(tf.gather(tf.reshape(tf.range(6), [2, 3]), [0], axis=ax), {ax: 1}),
        "transpose_msg": message_has(lambda: tf.transpose(a, [0, 2]), "perm"),
        "usable": sess.run(tf.shape(c), {ax: 0}),
    }


def case_array_gradients_more(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    loss = (tf.reduce_sum(tf.tile(x, [2, 1]) * 2.0) + tf.reduce_sum(tf.pad(x, [[1, 0], [0, 1]]) ** 2)
            + tf.reduce_sum(tf.reverse(x, [1]) * tf.constant([1.0, 0.0, 0.0]))
            + tf.reduce_sum(tf.concat([x, x * 3.0], 0)) + tf.reduce_sum(tf.transpose(x) * tf.ones([3, 2])))
    g = tf.gradients(loss, x)[0]
    idx = tf.gather(x, [1, 1], axis=1)
    g2 = tf.gradients(tf.reduce_sum(idx), x)[0]
    sess = tf.Session()
    return {"grad": sess.run(g), "gather_axis1": sess.run(tf.convert_to_tensor(g2)),
            "one_hot_grad": tf.gradients(tf.reduce_sum(tf.one_hot([0], 2) * x[0, 0]), x)[0] is not None,
            "stack_grad": sess.run(tf.gradients(tf.reduce_sum(tf.stack([x, 2.0 * x]) ** 2), x)[0])}


def case_math_small_int_dtypes(tf):
    i8 = tf.constant([100, 100, -100], tf.int8)
    u8 = tf.constant([200, 100], tf.uint8)
    u16 = tf.constant([65535, 1], tf.uint16)
    sess = tf.Session()
    return sess.run({
        "sum_i8": tf.reduce_sum(i8), "mean_i8": tf.reduce_mean(i8[:2]),
        "cumsum_u8": tf.cumsum(u8), "add_u16": u16 + tf.constant([1, 1], tf.uint16),
        "mul_i8": i8 * tf.constant(2, tf.int8), "neg_i8": -i8,
        "argmax_u16": tf.argmax(u16), "max_u8": tf.reduce_max(u8),
        "abs_i8": tf.abs(tf.constant([-128, 5], tf.int8)),
        "floordiv_i8": tf.constant([-7], tf.int8) // tf.constant([2], tf.int8),
        "cast_i8": tf.cast(tf.constant([300.0, -1.5]), tf.int8),
    })


def case_math_float16_ops(tf):
    h = tf.constant([0.1, 1.5, -2.25, 60000.0], tf.float16)
    sess = tf.Session()
    return sess.run({
        "sum": tf.reduce_sum(h), "mean": tf.reduce_mean(h[:3]), "square": tf.square(h),
        "exp": tf.exp(h[:3]), "sqrt": tf.sqrt(tf.abs(h)), "argmax": tf.argmax(h),
        "cumsum": tf.cumsum(h), "softmax": tf.nn.softmax(h[:3]), "div": h / tf.constant(3.0, tf.float16),
        "sigmoid": tf.sigmoid(h), "round": tf.round(h), "max": tf.reduce_max(h),
    })


def case_nn_formats_and_gradients(tf):
    img = tf.reshape(tf.range(32, dtype=tf.float32), [1, 2, 4, 4])
    sess = tf.Session()
    x = tf.constant([[-1.0, 0.0, 2.0]])
    grads = tf.gradients(tf.reduce_sum(tf.nn.relu(x) + tf.nn.leaky_relu(x, 0.2) + tf.nn.relu6(x * 4.0)
                                       + tf.nn.elu(x) + tf.nn.softplus(x)), x)[0]
    sm = tf.gradients(tf.reduce_sum(tf.nn.softmax(x) * tf.constant([[1.0, 2.0, 3.0]])), x)[0]
    return {
        "conv_nchw": catch(sess.run, tf.nn.conv2d(img, tf.ones([1, 1, 2, 1]), [1, 1, 1, 1], "VALID",
                                                  data_format="NCHW")),
        "pool_nchw": catch(sess.run, tf.nn.max_pool(img, [1, 1, 2, 2], [1, 1, 2, 2], "VALID", data_format="NCHW")),
        "avg_nchw": catch(sess.run, tf.nn.avg_pool(img, [1, 1, 2, 2], [1, 1, 2, 2], "VALID", data_format="NCHW")),
        "bad_format": catch(tf.nn.conv2d, img, tf.ones([1, 1, 2, 1]), [1, 1, 1, 1], "VALID", data_format="NHCW"),
        "act_grads": sess.run(grads), "softmax_grad": sess.run(sm),
        "ce_grad": sess.run(tf.gradients(tf.reduce_sum(tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.constant([[0.0, 1.0, 0.0]]), logits=x)), x)[0]),
        "stride_error": catch(tf.nn.conv2d, tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), [2, 1, 1, 1], "VALID"),
    }


def case_control_names_and_output_forms(tf):
    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(2.0), name="choose")
    w = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)], name="loop")
    c = tf.case([(p, lambda: tf.constant(1))], default=lambda: tf.constant(0), name="pick")
    sess = tf.Session()
    return {"cond_name": out.name, "cond_type": out.op.type, "while_name": w.name,
            "case_value": sess.run(c, {p: True}), "case_prefix": c.name.split("/")[0],
            "cond_none_branch": catch(tf.cond, p, lambda: None, lambda: None),
            "group_branch": sess.run(tf.cond(p, lambda: tf.no_op(), lambda: tf.no_op()), {p: True}),
            "list_branch": sess.run(tf.cond(p, lambda: [tf.constant(1), tf.constant(2)],
                                            lambda: [tf.constant(3), tf.constant(4)]), {p: False})}


def case_py_func_output_count_and_shapes(tf):
    x = tf.placeholder(tf.int32, [None])
    two = tf.py_func(lambda a: (a, a), [x], [tf.int32])
    none_out = tf.py_func(lambda a: None, [x], [])
    scalar = tf.py_func(lambda a: np.int32(a.sum()), [x], tf.int32)
    sess = tf.Session()
    feed = {x: [1, 2, 3]}
    return {"too_many": catch(sess.run, two, feed), "none_out": sess.run(none_out, feed),
            "none_type": type(none_out).__name__, "scalar": sess.run(scalar, feed),
            "scalar_shape": str(scalar.shape), "string_out": sess.run(
                tf.py_func(lambda a: np.array([b"x"] * a.size, dtype=object), [x], tf.string), feed)}


def case_sparse_conversions_and_errors(tf):
    st = tf.SparseTensor(tf.constant([[0, 1]], tf.int64), tf.constant([2.0]), tf.constant([2, 2], tf.int64))
    sess = tf.Session()
    return {
        "default_dtype": catch(tf.sparse.to_dense, st, default_value=1),
        "default_tensor": sess.run(tf.sparse.to_dense(st, default_value=tf.constant(-1.0))),
        "int32_indices": catch(tf.SparseTensor, tf.constant([[0, 1]], tf.int32), [1.0], [2, 2]),
        "convert_error": catch(tf.convert_to_tensor, st),
        "dense_mul": sess.run(st * tf.constant([[10.0, 20.0], [30.0, 40.0]])),
        "neg_op": catch(lambda: -st),
        "to_indicator": sess.run(tf.sparse.to_indicator(tf.SparseTensor([[0, 0], [1, 0]], [2, 0], [2, 1]), 3)),
        "sparse_eye": sess.run(tf.sparse.to_dense(tf.sparse.eye(2))),
    }


def case_variable_slice_assign_and_count_up_to(tf):
    v = tf.Variable([1, 2, 3, 4, 5])
    c = tf.Variable(0)
    up = tf.count_up_to(c, 2)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(v[::-2].assign([50, 30, 10]))
    first = sess.run(v)
    sess.run(v[1:3].assign([7, 7]))
    return {"first": first, "second": sess.run(v),
            "slice_shape_error": catch(v[1:3].assign, [1, 2, 3]),
            "scatter_sub_method": sess.run(v.scatter_sub(tf.IndexedSlices(tf.constant([1]), tf.constant([0])))),
            "count": [sess.run(up), sess.run(up), catch(sess.run, up)], "c": sess.run(c)}


def case_queue_enqueue_many_mismatch_and_priority(tf):
    q = tf.FIFOQueue(10, [tf.int32, tf.int32], shapes=[[], []])
    p = tf.placeholder(tf.int32, [None])
    enq = q.enqueue_many((p, tf.constant([1, 2])))
    pq = tf.PriorityQueue(5, [tf.string], shapes=[[]])
    sess = tf.Session()
    sess.run(pq.enqueue_many(([3, 1, 2], ["c", "a", "b"])))
    return {
        "static_mismatch": catch(q.enqueue_many, ([1, 2, 3], [1, 2])),
        "runtime_mismatch": catch(sess.run, enq, {p: [1, 2, 3]}),
        "size": sess.run(q.size()),
        "priority": sess.run(pq.dequeue_many(3)),
        "priority_type": pq.queue_ref.op.type,
        "priority_bad": catch(pq.enqueue, (1.5, "x")),
        "unbounded": sess.run((tf.FIFOQueue(-1, tf.int32, shapes=[[]]).enqueue_many([[1, 2, 3]]),
                               tf.constant(0))[1]),
    }
