"""Extra tf.gradients probes: op names, None handling, grad_ys, stop_gradients, aggregation, errors."""
from _harness import catch, message_has


def case_grad_op_names(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0], name="x")
        y = tf.reduce_sum(x * x, name="y")
        gx = tf.gradients(y, x)[0]
        gx2 = tf.gradients(y, x, name="mygrads")[0]
        with tf.name_scope("outer"):
            gx3 = tf.gradients(y, x)[0]
    return gx.name, gx2.name, gx3.name, gx.op.type


def case_grad_name_prefix_ops(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0], name="x")
        y = tf.reduce_sum(x * x, name="y")
        tf.gradients(y, x)
        names = sorted(op.name for op in g.get_operations() if op.name.startswith("gradients/"))
    return [n for n in names if n.startswith("gradients/Fill") or n.startswith("gradients/Shape")
            or n == "gradients/grad_ys_0" or n.startswith("gradients/y_grad")]


def case_grad_aggregation_over_paths(tf):
    x = tf.constant(3.0)
    a = x * 2.0
    b = x * x
    c = tf.sin(x)
    y = a + b + c
    g = tf.gradients(y, x)[0]
    ga = tf.gradients([a, b], x)[0]
    return tf.Session().run([g, ga])


def case_grad_aggregation_op_type(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(3.0, name="x")
        y = tf.add(x * 2.0, x * x, name="y")
        gx = tf.gradients(y, x)[0]
        t = gx.op.type
    return t, gx.name


def case_grad_unconnected_options(tf):
    x = tf.constant([1.0, 2.0])
    z = tf.constant([3.0, 4.0, 5.0])
    y = tf.reduce_sum(x * 2.0)
    none = tf.gradients(y, [x, z])
    zero = tf.gradients(y, [x, z], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return none[1] is None, tf.Session().run(zero)


def case_grad_bad_unconnected_option(tf):
    x = tf.constant(1.0)
    return catch(tf.gradients, x * 2.0, x, unconnected_gradients="bogus")


def case_grad_ys_shape_mismatch(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    y = x * x
    return catch(tf.gradients, y, x, grad_ys=tf.constant([1.0, 2.0]))


def case_grad_ys_wrong_count(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    y = x * x
    return message_has(lambda: tf.gradients([y, y], x, grad_ys=[tf.ones([3])]),
                       "Passed 1 grad_ys for 2 ys")


def case_grad_ys_none_entry_and_python(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    y1 = x * x
    y2 = 3.0 * x
    g = tf.gradients([y1, y2], x, grad_ys=[None, [1.0, 2.0, 3.0]])
    return tf.Session().run(g)


def case_grad_ys_dtype_mismatch(tf):
    x = tf.constant([1.0, 2.0])
    y = x * x
    return catch(tf.gradients, y, x, grad_ys=tf.constant([1, 2]))


def case_grad_of_integer_ys(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.cast(x, tf.int32)
    return {"r": catch(lambda: tf.gradients(y, x)[0] is None)}


def case_grad_stop_gradients_multiple(tf):
    x = tf.constant(2.0)
    a = x * 3.0
    b = a * x
    c = b + a
    sess = tf.Session()
    return {
        "none": sess.run(tf.gradients(c, x)),
        "stop_a": sess.run(tf.gradients(c, x, stop_gradients=[a])),
        "stop_a_wrt_a": sess.run(tf.gradients(c, [x, a], stop_gradients=[a])),
        "stop_x_self": sess.run(tf.gradients(c, x, stop_gradients=x)),
    }


def case_grad_wrt_intermediate_and_list_xs(tf):
    x = tf.constant([1.0, 2.0])
    h = x * 3.0
    y = tf.reduce_sum(h * h)
    gs = tf.gradients(y, [h, x, h])
    return tf.Session().run(gs)


def case_grad_reduction_keepdims_and_negative_axis(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = tf.constant([[1.0], [2.0]])
    sess = tf.Session()
    return sess.run({
        "sum_keep": tf.gradients(tf.reduce_sum(tf.reduce_sum(x, axis=1, keepdims=True) * w), x)[0],
        "mean_neg": tf.gradients(tf.reduce_sum(tf.reduce_mean(x, axis=-1) * tf.constant([1.0, 3.0])), x)[0],
        "logsumexp": tf.gradients(tf.reduce_logsumexp(x), x)[0],
        "mean_all_axes": tf.gradients(tf.reduce_mean(x, axis=[0, 1]), x)[0],
    })


def case_grad_broadcast_placeholders_unknown_shape(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    b = tf.placeholder(tf.float32, [None])
    s = tf.placeholder(tf.float32)
    y = tf.reduce_sum((x - b[:, None]) * s)
    gx, gb, gs = tf.gradients(y, [x, b, s])
    return tf.Session().run([gx, gb, gs], {x: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], b: [1.0, 2.0], s: 2.0}), \
        gb.shape.as_list(), gs.shape.ndims


def case_grad_matmul_transposes(tf):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = tf.constant([[1.0, 0.5, -1.0], [2.0, 0.0, 1.0]])
    w = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    sess = tf.Session()
    out = {}
    for ta in (False, True):
        for tb in (False, True):
            aa = tf.transpose(a) if ta else a
            bb = tf.transpose(b) if tb else b
            m = tf.matmul(aa, bb, transpose_a=ta, transpose_b=tb)
            out["%d%d" % (ta, tb)] = sess.run(tf.gradients(tf.reduce_sum(m * tf.constant([[1.0, 2.0, 3.0]] * 3)),
                                                            [aa, bb]))
    out["batch_adj"] = sess.run(tf.gradients(tf.reduce_sum(tf.matmul(tf.stack([w, w]), tf.stack([w, 2 * w]),
                                                                     adjoint_b=True)), w))
    return out


def case_grad_gather_indexed_slices(tf):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    idx = tf.constant([2, 0, 2])
    y = tf.reduce_sum(tf.gather(params, idx) * tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    g = tf.gradients(y, params)[0]
    dense = tf.convert_to_tensor(g)
    v = tf.Variable(params)
    gv = tf.gradients(tf.reduce_sum(tf.gather(v, [1, 1])), v)[0]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    vals = sess.run(g)
    return {
        "type": type(g).__name__,
        "values": vals.values, "indices": vals.indices, "dense_shape": vals.dense_shape,
        "dense": sess.run(dense),
        "var_type": type(gv).__name__,
        "var_dense": sess.run(tf.convert_to_tensor(gv)),
        "axis1": sess.run(tf.gradients(tf.reduce_sum(tf.gather(params, [1, 1], axis=1)), params)[0]),
    }


def case_grad_softmax_and_sparse_xent_values(tf):
    logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])
    w = tf.constant([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]])
    sess = tf.Session()
    sm = tf.nn.softmax(logits, axis=0)
    return sess.run({
        "softmax_axis0": tf.gradients(tf.reduce_sum(sm * w), logits)[0],
        "sparse_mean": tf.gradients(tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([0, 2], tf.int64), logits=logits)), logits)[0],
        "sigmoid": tf.gradients(tf.reduce_sum(tf.sigmoid(logits) * w), logits)[0],
    })


def case_grad_conv_same_strided(tf):
    img = tf.reshape(tf.range(32, dtype=tf.float32) / 10.0, [1, 4, 4, 2])
    k = tf.reshape(tf.range(12, dtype=tf.float32) / 5.0 - 1.0, [1, 3, 2, 2]) * 1.0
    conv = tf.nn.conv2d(img, k, [1, 2, 2, 1], "SAME")
    y = tf.reduce_sum(conv * conv)
    gi, gk = tf.gradients(y, [img, k])
    avg = tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
    ga = tf.gradients(tf.reduce_sum(avg * avg), img)[0]
    return tf.Session().run([gi, gk, ga]), gi.op.type, gk.op.type


def case_grad_lookup_error_no_gradient(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.py_func(lambda a: a * 2, [x], tf.float32)
    z = tf.random_shuffle(x)
    r = tf.reduce_sum(tf.floor(x * 2.0))
    return {
        "floor_grad_is_none": tf.gradients(r, x)[0] is None,
        "random_shuffle": catch(lambda: tf.gradients(tf.reduce_sum(z), x)),
    }


def case_grad_lookup_error_message(tf):
    x = tf.constant([3, 1, 2])
    xf = tf.constant([3.0, 1.0, 2.0])
    s = tf.unique(xf)[0]
    return message_has(lambda: tf.gradients(tf.reduce_sum(s), xf), "No gradient defined for operation",
                       "Unique")


def case_grad_xs_not_tensor_and_ys_list(tf):
    x = tf.constant(1.0)
    v = tf.Variable(2.0)
    y = v * x
    g = tf.gradients(y, [v, x])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess.run(g), g[0].name


def case_grad_colocate_and_gate(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.reduce_sum(tf.exp(x))
    g1 = tf.gradients(y, x, colocate_gradients_with_ops=True, gate_gradients=True)[0]
    g2 = tf.gradients(y, x, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)[0]
    return tf.Session().run([g1, g2])


def case_grad_hessians_and_second_order(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.reduce_sum(x * x * x)
    g = tf.gradients(y, x)[0]
    gg = tf.gradients(g, x)[0]
    h = tf.hessians(y, x)[0]
    sess = tf.Session()
    return sess.run([gg, h])


def case_grad_pad_slice_split(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = tf.constant([[1.0, 2.0, 3.0, 4.0, 5.0]] * 4)
    sess = tf.Session()
    a, b = tf.split(x, [1, 2], axis=1)
    return sess.run({
        "pad": tf.gradients(tf.reduce_sum(tf.pad(x, [[1, 1], [1, 1]]) * w), x)[0],
        "slice": tf.gradients(tf.reduce_sum(tf.slice(x, [0, 1], [2, 2]) * 3.0), x)[0],
        "split_one": tf.gradients(tf.reduce_sum(b * 2.0), x)[0],
        "unstack": tf.gradients(tf.reduce_sum(tf.unstack(x)[1] * 2.0), x)[0],
        "where": tf.gradients(tf.reduce_sum(tf.where(x > 2.5, x * x, -x)), x)[0],
    })
