"""Variations of the public train_gradients cases: dtypes, None gradients, aggregation, options."""
from _harness import catch


def case_grad_elementwise_f64(tf):
    x = tf.constant([0.5, 1.0, 2.0], tf.float64)
    fns = {
        "square": tf.square, "exp": tf.exp, "log": tf.log, "tanh": tf.tanh, "sigmoid": tf.sigmoid,
        "sqrt": tf.sqrt, "rsqrt": tf.rsqrt, "reciprocal": tf.reciprocal, "atan": tf.atan, "asinh": tf.asinh,
        "erf": tf.erf, "softplus": tf.nn.softplus, "pow_t": lambda t: tf.pow(t, t), "expm1": tf.expm1,
        "lgamma": tf.lgamma, "digamma": tf.digamma, "squared_diff": lambda t: tf.squared_difference(t, 1.0),
        "floordiv": lambda t: tf.floordiv(t, 0.3) * t, "sign": tf.sign, "round": tf.round,
    }
    grads = {k: tf.gradients(tf.reduce_sum(f(x)), x)[0] for k, f in fns.items()}
    out = tf.Session().run(grads)
    out["dtype"] = grads["square"].dtype.name
    return out


def case_grad_elementwise_f16_complex(tf):
    h = tf.constant([0.5, 2.0], tf.float16)
    c = tf.constant([1 + 1j, 2 - 1j])
    sess = tf.Session()
    return {
        "f16": sess.run(tf.gradients(tf.reduce_sum(h * h + tf.exp(h)), h)[0]),
        "complex_square": sess.run(tf.gradients(tf.reduce_sum(c * c), c)[0]),
        "complex_abs": sess.run(tf.gradients(tf.reduce_sum(tf.abs(c)), c)[0]),
        "real_imag": sess.run(tf.gradients(tf.reduce_sum(tf.real(c) + 2.0 * tf.imag(c)), c)[0]),
    }


def case_grad_matmul_variations(tf):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
    b = tf.constant([[0.5, -1.0], [2.0, 1.0]], tf.float64)
    sess = tf.Session()
    tb = tf.reduce_sum(tf.matmul(a, b, transpose_b=True) * tf.constant([[1.0, 2.0]], tf.float64))
    ab = tf.reduce_sum(tf.matmul(a, b, transpose_a=True, transpose_b=True))
    bm = tf.reduce_sum(tf.matmul(tf.reshape(tf.range(8, dtype=tf.float64), [2, 2, 2]), a))
    c = tf.constant([[1 + 1j, 2j]])
    return {
        "transpose_b": sess.run(tf.gradients(tb, [a, b])),
        "both": sess.run(tf.gradients(ab, [a, b])),
        "broadcast_batch": sess.run(tf.gradients(bm, a)),
        "complex": sess.run(tf.gradients(tf.reduce_sum(tf.matmul(c, c, transpose_b=True)), c)),
        "einsum": sess.run(tf.gradients(tf.reduce_sum(tf.einsum("ij,jk->ik", a, b)), [a, b])),
        "tensordot": sess.run(tf.gradients(tf.tensordot(a, b, 2), a)),
    }


def case_grad_reduction_variations(tf):
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 0.5, 4.0]], tf.float64)
    sess = tf.Session()
    z = tf.constant([[1.0, 0.0, 2.0]])
    return sess.run({
        "sum_keep": tf.gradients(tf.reduce_sum(tf.reduce_sum(x, 1, keepdims=True) * [[1.0], [3.0]]), x)[0],
        "mean_neg_axis": tf.gradients(tf.reduce_sum(tf.reduce_mean(x, -1)), x)[0],
        "max_all_tie": tf.gradients(tf.reduce_max(x[:, :2]), x)[0],
        "min_axis0": tf.gradients(tf.reduce_sum(tf.reduce_min(x, 0)), x)[0],
        "prod_zero": tf.gradients(tf.reduce_prod(z), z)[0],
        "prod_axis": tf.gradients(tf.reduce_sum(tf.reduce_prod(x, 1)), x)[0],
        "logsumexp": tf.gradients(tf.reduce_logsumexp(x), x)[0],
        "euclid": tf.gradients(tf.norm(x), x)[0],
        "cumsum": tf.gradients(tf.reduce_sum(tf.cumsum(x, 1) * x), x)[0],
        "cumprod": tf.gradients(tf.reduce_sum(tf.cumprod(x, 1, exclusive=True)), x)[0],
    })


def case_grad_broadcast_variations(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    b = tf.constant([1.0, 2.0, 3.0])
    s = tf.constant(2.0)
    y = tf.reduce_sum(tf.maximum(x, b) * s - tf.minimum(x, s) / b + tf.pow(x, s))
    gx, gb, gs = tf.gradients(y, [x, b, s])
    sess = tf.Session()
    feed = {x: [[0.5, 2.5, 4.0], [1.0, 1.0, 1.0]]}
    return {"grads": sess.run([gx, gb, gs], feed), "static": [gx.shape.as_list(), gb.shape.as_list(), gs.shape.as_list()],
            "squared_difference": sess.run(tf.gradients(tf.reduce_sum(tf.squared_difference(x, b)), [x, b]), feed)}


def case_grad_shape_op_variations(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], tf.float64)
    w = tf.reshape(tf.range(6, dtype=tf.float64), [2, 3])
    sess = tf.Session()
    ys = {
        "pad": tf.reduce_sum(tf.pad(x, [[1, 0], [0, 2]]) * tf.ones([3, 5], tf.float64) * 2.0),
        "reverse": tf.reduce_sum(tf.reverse(x, [1]) * w),
        "gather_axis1": tf.reduce_sum(tf.gather(x, [2, 2, 0], axis=1) * [[1.0, 2.0, 3.0]]),
        "gather_nd": tf.reduce_sum(tf.gather_nd(x, [[0, 1], [1, 2], [0, 1]])),
        "strided": tf.reduce_sum(tf.strided_slice(x, [0, 2], [2, 0], [1, -1]) * [[1.0, 10.0]]),
        "split": tf.reduce_sum(tf.split(x, [1, 2], axis=1)[1] * [[1.0, 2.0]]),
        "unstack": tf.reduce_sum(tf.unstack(x)[1] * 3.0),
        "boolean_mask": tf.reduce_sum(tf.boolean_mask(x, [True, False]) * 5.0),
        "where": tf.reduce_sum(tf.where(tf.constant([[True, False, True], [False, True, False]]), x, w * x)),
        "one_hot_like": tf.reduce_sum(x * tf.one_hot([0, 2], 3, dtype=tf.float64)),
        "slice": tf.reduce_sum(tf.slice(x, [0, 1], [2, 1])),
        "broadcast_to": tf.reduce_sum(tf.broadcast_to(x[0], [4, 3])),
    }
    return sess.run({k: tf.gradients(y, x)[0] for k, y in ys.items()})


def case_gather_gradient_indexed_slices(tf):
    params = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    y = tf.reduce_sum(tf.gather(params, [2, 0, 2]) * [[1.0], [2.0], [3.0]])
    g = tf.gradients(y, params)[0]
    dense = tf.convert_to_tensor(g)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {
        "type": type(g).__name__,
        "indices_values": sess.run([g.indices, g.values]),
        "dense_shape": sess.run(g.dense_shape),
        "as_dense": sess.run(dense),
        "fetch": type(sess.run(g)).__name__,
    }


def case_grad_ys_variations(tf):
    x = tf.constant([1.0, 2.0], tf.float64)
    y = x * x
    sess = tf.Session()
    return {
        "grad_ys_f64": sess.run(tf.gradients(y, x, grad_ys=tf.constant([2.0, 3.0], tf.float64))),
        "grad_ys_wrong_dtype": catch(tf.gradients, y, x, grad_ys=tf.constant([2.0, 3.0])),
        "grad_ys_wrong_shape": catch(tf.gradients, y, x, grad_ys=tf.constant([2.0, 3.0, 4.0], tf.float64)),
        "grad_ys_count": catch(tf.gradients, [y, y], x, grad_ys=[tf.ones([2], tf.float64)]),
        "grad_ys_none_entry": sess.run(tf.gradients([y, 2.0 * x], x, grad_ys=[None, tf.ones([2], tf.float64)])),
        "int_ys": catch(tf.gradients, tf.constant([1, 2]) * 2, tf.constant([1, 2])),
        "xs_duplicate": sess.run(tf.gradients(tf.reduce_sum(y), [x, x])),
        "ys_list_of_same": sess.run(tf.gradients([y, y], x)),
        "name": tf.gradients(y, x, name="mygrads")[0].name.split("/")[0],
    }


def case_stop_gradient_variations(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    a = x * 2.0
    b = a * a
    sess = tf.Session()
    sg = tf.stop_gradient(x, name="sg")
    return {
        "stop_multi": sess.run(tf.gradients(tf.reduce_sum(b + a), x, stop_gradients=[a])),
        "stop_on_xs": sess.run(tf.gradients(tf.reduce_sum(b), [x, a], stop_gradients=[a])),
        "stop_y_itself": tf.gradients(tf.reduce_sum(b), x, stop_gradients=[b])[0] is None,
        "sg_name_type": [sg.name, sg.op.type],
        "sg_value": sess.run(sg),
        "sg_of_int": sess.run(tf.stop_gradient(tf.constant([1, 2]))),
    }


def case_unconnected_gradients_zero(tf):
    x = tf.constant([1.0, 2.0])
    z = tf.constant([[5.0, 6.0]], tf.float64)
    y = tf.reduce_sum(x * x)
    sess = tf.Session()
    zero = tf.gradients(y, [x, z], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    as_str = tf.gradients(y, [z], unconnected_gradients="zero")
    return {
        "zero": sess.run(zero),
        "zero_dtype": zero[1].dtype.name,
        "str": sess.run(as_str),
        "none": tf.gradients(y, [z], unconnected_gradients="none")[0] is None,
        "bad": catch(tf.gradients, y, [z], unconnected_gradients="ones"),
        "int_zero": catch(lambda: sess.run(tf.gradients(y, [tf.constant([1, 2])], unconnected_gradients="zero"))),
        "var_zero": type(tf.gradients(y, [tf.Variable([1.0])], unconnected_gradients="zero")[0]).__name__,
    }


def case_aggregation_and_gate_options(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.reduce_sum(x * 3.0 + x * x + tf.sin(x))
    sess = tf.Session()
    out = {}
    for name, method in [("add_n", tf.AggregationMethod.ADD_N), ("default", tf.AggregationMethod.DEFAULT),
                         ("tree", tf.AggregationMethod.EXPERIMENTAL_TREE),
                         ("accumulate", tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)]:
        out[name] = sess.run(tf.gradients(y, x, aggregation_method=method))
    out["gate"] = sess.run(tf.gradients(y, x, gate_gradients=True))
    out["colocate"] = sess.run(tf.gradients(y, x, colocate_gradients_with_ops=True))
    out["bad_method"] = catch(tf.gradients, y, x, aggregation_method=99)
    out["constants"] = [tf.AggregationMethod.ADD_N, tf.AggregationMethod.DEFAULT,
                        tf.AggregationMethod.EXPERIMENTAL_TREE, tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N]
    opt = tf.train.GradientDescentOptimizer(0.1)
    v = tf.Variable([1.0, 2.0])
    loss = tf.reduce_sum(v * v + v)
    pairs = opt.compute_gradients(loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH,
                                  aggregation_method=tf.AggregationMethod.ADD_N)
    sess.run(tf.global_variables_initializer())
    out["opt_pairs"] = sess.run([g for g, _ in pairs])
    out["gate_consts"] = [tf.train.Optimizer.GATE_NONE, tf.train.Optimizer.GATE_OP, tf.train.Optimizer.GATE_GRAPH]
    out["bad_gate"] = catch(opt.compute_gradients, loss, gate_gradients=7)
    return out


def case_integer_and_none_gradient_variations(tf):
    x = tf.constant([1.0, 2.0])
    sess = tf.Session()
    return {
        "floor": sess.run(tf.gradients(tf.floor(x) * x, x)),
        "argmin_none": tf.gradients(tf.cast(tf.argmin(x), tf.float32), x)[0] is None,
        "equal_none": tf.gradients(tf.cast(tf.equal(x, 1.0), tf.float32), x)[0] is None,
        "shape_none": tf.gradients(tf.cast(tf.shape(x), tf.float32), x)[0] is None,
        "size_none": tf.gradients(tf.cast(tf.size(x), tf.float32), x)[0] is None,
        "cast_f64_roundtrip": sess.run(tf.gradients(tf.cast(tf.cast(x, tf.float64) * 2.0, tf.float32), x)),
        "zeros_like": tf.gradients(tf.zeros_like(x), x)[0] is None,
        "ones_like": tf.gradients(tf.reduce_sum(tf.ones_like(x) * x), x)[0] is not None,
        "top_k": sess.run(tf.gradients(tf.reduce_sum(tf.nn.top_k(x * 1.0, 1).values), x)),
        "unique_none": tf.gradients(tf.cast(tf.unique(x).idx, tf.float32), x)[0] is None,
        "variable_int": tf.gradients(tf.reduce_sum(tf.Variable([1, 2])), tf.trainable_variables())[0] is None,
    }


def case_grad_control_flow_variations(tf):
    p = tf.placeholder(tf.bool, [])
    x = tf.constant([1.0, -2.0], tf.float64)
    c = tf.cond(p, lambda: tf.reduce_sum(tf.exp(x)), lambda: tf.reduce_sum(x * x * x))
    g = tf.gradients(c, x)[0]
    n = tf.placeholder(tf.int32, [])
    _, acc = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, tf.sin(a)), [0, x])
    gl = tf.gradients(tf.reduce_sum(acc), x)[0]
    case = tf.case([(p, lambda: x * 2.0)], default=lambda: x * 3.0)
    gc = tf.gradients(tf.reduce_sum(case), x)[0]
    sess = tf.Session()
    return {
        "cond": [sess.run(g, {p: True}), sess.run(g, {p: False})],
        "while": [sess.run(gl, {n: 0}), sess.run(gl, {n: 3})],
        "case": [sess.run(gc, {p: True}), sess.run(gc, {p: False})],
        "dtype": g.dtype.name,
    }


def case_grad_nonsmooth_variations(tf):
    r = tf.constant([0.0, 1.0, -1.0, 6.0], tf.float64)
    sess = tf.Session()
    return sess.run({
        "leaky_relu": tf.gradients(tf.nn.leaky_relu(r, 0.3), r)[0],
        "elu": tf.gradients(tf.nn.elu(r), r)[0],
        "selu": tf.gradients(tf.nn.selu(r), r)[0],
        "clip_tensors": tf.gradients(tf.clip_by_value(r, tf.constant(-1.0, tf.float64), tf.constant(1.0, tf.float64)), r)[0],
        "maximum_both": tf.gradients(tf.maximum(r, r[::-1]), r)[0],
        "norm_zero": tf.gradients(tf.norm(r * 0.0), r)[0],
        "reduce_max_ties": tf.gradients(tf.reduce_max(tf.constant([1.0, 1.0, 1.0, 1.0], tf.float64) + r * 0.0), r)[0],
        "div_no_nan": tf.gradients(tf.reduce_sum(tf.div_no_nan(r, r)), r)[0],
    })


def case_grad_nn_variations(tf):
    img = tf.reshape(tf.range(32, dtype=tf.float64), [1, 4, 4, 2])
    k = tf.reshape(tf.range(8, dtype=tf.float64), [2, 2, 2, 1])
    conv = tf.reduce_sum(tf.nn.conv2d(img, k, [1, 2, 2, 1], "SAME"))
    avg = tf.reduce_sum(tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"))
    x = tf.constant([[0.5, -1.0, 2.0]], tf.float64)
    sess = tf.Session()
    return sess.run({
        "conv_input": tf.gradients(conv, img)[0][0, :, :, 1],
        "conv_filter": tf.gradients(conv, k)[0][:, :, 1, 0],
        "avg_pool": tf.gradients(avg, img)[0][0, :, :, 0],
        "softmax_axis0": tf.gradients(tf.reduce_sum(tf.nn.softmax(x, axis=0) * x), x)[0],
        "moments": tf.gradients(tf.add_n(tf.nn.moments(x, [1])), x)[0],
        "l2_normalize": tf.gradients(tf.reduce_sum(tf.nn.l2_normalize(x, 1) * [[1.0, 2.0, 3.0]]), x)[0],
        "log_sigmoid": tf.gradients(tf.reduce_sum(tf.log_sigmoid(x)), x)[0],
        "bias_nchw": tf.gradients(tf.reduce_sum(tf.nn.bias_add(img, tf.constant([1.0, 2.0, 3.0, 4.0], tf.float64),
                                                               data_format="NCHW") * img), img)[0][0, 0],
    })
