"""Third-pass variations of the public train_gradients and train_optimizers cases: gradients of
less common elementwise, reduction, linear-algebra and pooling ops, of 3-argument where and
while_loops with float64 state; optimizers over partitioned and resource variables, callable
learning rates, float16 and float64 variables, vector losses and minimize's options.

Recorded from TF 2.21 compat.v1 with nothing beyond tensorflow itself."""
import numpy as np

from _harness import catch, message_has


def case_grad_less_common_elementwise(tf):
    x = tf.constant([0.3, 0.5, 0.9], tf.float64)
    y = tf.constant([1.5, -0.5, 2.0], tf.float64)
    fns = {
        "atan2": lambda: tf.atan2(x, y), "erf": lambda: tf.math.erf(x), "lgamma": lambda: tf.math.lgamma(x),
        "acos": lambda: tf.acos(x), "asinh": lambda: tf.asinh(x), "softsign": lambda: tf.nn.softsign(x),
        "reciprocal": lambda: tf.math.reciprocal(x), "xlogy": lambda: tf.math.xlogy(x, y * y),
        "sq_diff": lambda: tf.math.squared_difference(x, y), "div_no_nan": lambda: tf.div_no_nan(x, y - y),
        "erfc": lambda: tf.math.erfc(x), "digamma": lambda: tf.math.digamma(x),
    }
    sess = tf.Session()
    return {k: sess.run(tf.gradients(tf.reduce_sum(f()), [x, y])[0]) for k, f in fns.items()}


def case_grad_cumulative_and_segment_ops(tf):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    ids = tf.constant([0, 0, 1, 1])
    w = tf.constant([1.0, -1.0, 2.0, 0.5])
    fns = {
        "cumsum_excl_rev": tf.cumsum(x, exclusive=True, reverse=True),
        "cumprod": tf.cumprod(x), "cumprod_excl": tf.cumprod(x, exclusive=True),
        "segment_sum": tf.math.segment_sum(x * w, ids), "unsorted_max": tf.math.unsorted_segment_max(x * w, ids, 2),
        "segment_mean": tf.math.segment_mean(x, ids), "logsumexp": tf.reduce_logsumexp(x),
        "norm": tf.norm(x), "l2n": tf.nn.l2_normalize(x, 0),
    }
    sess = tf.Session()
    return {k: sess.run(tf.gradients(tf.reduce_sum(v * w), x)[0]) for k, v in fns.items()}


def case_grad_linalg_ops(tf):
    a = tf.constant([[4.0, 1.0], [1.0, 3.0]], tf.float64)
    b = tf.constant([[1.0], [2.0]], tf.float64)
    fns = {
        "inv": tf.matrix_inverse(a), "det": tf.matrix_determinant(a), "chol": tf.cholesky(a),
        "solve": tf.matrix_solve(a, b), "einsum": tf.einsum("ij,jk->ik", a, b),
        "batch_matmul": tf.matmul(tf.stack([a, 2.0 * a]), tf.stack([a, a])),
        "trace": tf.trace(a), "diag_part": tf.matrix_diag_part(a),
    }
    sess = tf.Session()
    return {k: sess.run(tf.gradients(tf.reduce_sum(v), a)[0]) for k, v in fns.items()}


def case_grad_where_gather_and_tile(tf):
    x = tf.constant([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]])
    sess = tf.Session()
    pos = tf.where(x > 0, x * x, -x)
    gathered = tf.gather(x, [2, 0, 2], axis=1)
    nd = tf.gather_nd(x, [[1, 1], [0, 2], [1, 1]])
    tiled = tf.tile(x, [2, 1]) * tf.reshape(tf.range(12, dtype=tf.float32), [4, 3])
    rev = tf.reverse_sequence(x, [2, 3], seq_axis=1, batch_axis=0) * tf.constant([[1.0, 2.0, 3.0]])
    return {name: sess.run(tf.gradients(tf.reduce_sum(t), x)[0])
            for name, t in [("where", pos), ("gather_axis1", gathered), ("gather_nd", nd), ("tile", tiled),
                            ("reverse_sequence", rev)]}


def case_grad_pooling_and_batch_norm(tf):
    img = tf.reshape(tf.constant([1.0, 5.0, 2.0, 5.0, 3.0, 0.0, 7.0, 1.0, 2.0, 8.0, 4.0, 6.0, 0.0, 1.0, 9.0, 2.0]),
                     [1, 4, 4, 1])
    sess = tf.Session()
    avg = tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    mx = tf.nn.max_pool(img, [1, 3, 3, 1], [1, 1, 1, 1], "SAME")
    mean, var = tf.nn.moments(img, [1, 2])
    bn = tf.nn.batch_normalization(img, mean, var, 0.5, 2.0, 1e-3)
    weights = tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1])
    return {
        "avg": sess.run(tf.gradients(tf.reduce_sum(avg * tf.constant([1.0, 2.0, 3.0, 4.0], shape=[1, 2, 2, 1])),
                                     img)[0]).ravel(),
        "max_same": sess.run(tf.gradients(tf.reduce_sum(mx), img)[0]).ravel(),
        "bn": np.round(sess.run(tf.gradients(tf.reduce_sum(bn * weights), img)[0]).ravel(), 4),
        "moments_var": np.round(sess.run(tf.gradients(var, img)[0]).ravel(), 5),
    }


def case_grad_while_loop_float64_multiple_vars(tf):
    x = tf.constant(1.5, tf.float64)
    v = tf.constant([1.0, 2.0], tf.float64)

    def body(i, a, b):
        return i + 1, a * x + tf.reduce_sum(b), b * a

    _, a, b = tf.while_loop(lambda i, a, b: i < 3, body, [0, x, v])
    loss = a + tf.reduce_sum(b)
    gx, gv = tf.gradients(loss, [x, v])
    sess = tf.Session()
    return sess.run({"a": a, "b": b, "gx": gx, "gv": gv})


def case_grad_case_and_nested_cond(tf):
    p = tf.placeholder(tf.float32, [])
    out = tf.case([(p < 0.0, lambda: p * p * p), (p < 2.0, lambda: tf.cond(p > 1.0, lambda: 5.0 * p,
                                                                        lambda: tf.sin(p)))],
                  default=lambda: tf.exp(p))
    g = tf.gradients(out, p)[0]
    sess = tf.Session()
    return {str(v): sess.run([out, g], {p: v}) for v in (-1.0, 0.5, 1.5, 3.0)}


def case_grad_ys_and_stop_gradients_with_unconnected_zero(tf):
    x = tf.constant([1.0, 2.0])
    y = tf.constant(3.0)
    h = x * y
    out = tf.reduce_sum(h * h)
    sess = tf.Session()
    grads = tf.gradients([out, h], [x, y], grad_ys=[2.0, tf.constant([1.0, -1.0])], stop_gradients=[h])
    z = tf.gradients(out, [x, tf.constant(1.0)], unconnected_gradients="zero")
    return {"grads": sess.run(grads), "zero": sess.run(z), "name_prefix": grads[0].op.name.split("/")[0]}


def case_opt_partitioned_variable_momentum(tf):
    w = tf.get_variable("w", [4, 2], initializer=tf.constant_initializer([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0],
                                                                          [7.0, 8.0]]),
                        partitioner=tf.fixed_size_partitioner(2))
    loss = tf.reduce_sum(tf.square(tf.gather(w, [0, 3]))) + tf.reduce_sum(w)
    opt = tf.train.MomentumOptimizer(0.1, 0.5)
    step = opt.minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    sess.run(step)
    return {"vars": sorted(v.name for v in tf.global_variables()), "w": sess.run(tf.convert_to_tensor(w)),
            "trainable": sorted(v.name for v in tf.trainable_variables())}


def case_opt_resource_variable_adam_and_callable_lr(tf):
    w = tf.get_variable("w", initializer=tf.constant([1.0, -1.0]), use_resource=True)
    loss = tf.reduce_sum(tf.square(w - 2.0))
    lr_calls = []

    def lr():
        lr_calls.append(1)
        return 0.1

    step = tf.train.AdamOptimizer(learning_rate=lr, beta1=0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    seen = []
    for _ in range(3):
        sess.run(step)
        seen.append(sess.run(w))
    return {"seen": seen, "lr_called": len(lr_calls) > 0, "vars": sorted(v.name for v in tf.global_variables()),
            "w_type": type(w).__name__}


def case_opt_float16_and_float64_variables(tf):
    a = tf.Variable(np.array([1.0, 2.0], np.float16), name="a")
    b = tf.Variable(np.array([0.5, -0.5]), name="b")
    loss16 = tf.reduce_sum(a * a)
    loss64 = tf.reduce_sum(b * b * b)
    sgd = tf.train.GradientDescentOptimizer(0.25).minimize(loss16)
    mom = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss64)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(2):
        sess.run([sgd, mom])
    va, vb = sess.run([a, b])
    return {"a": va, "b": vb, "dtypes": [va.dtype.name, vb.dtype.name],
            "slot": sorted(v.name for v in tf.global_variables())}


def case_opt_vector_loss_and_options(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    loss = w * w * tf.constant([1.0, 3.0])
    opt = tf.train.GradientDescentOptimizer(0.1)
    step = opt.minimize(loss, gate_gradients=tf.train.Optimizer.GATE_NONE, aggregation_method=2,
                        colocate_gradients_with_ops=True, name="my_step")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    return {"w": sess.run(w), "op": [step.name, step.type],
            "bad_gate": catch(opt.minimize, tf.reduce_sum(w), gate_gradients=7)}


def case_opt_integer_variable_and_mixed_errors(tf):
    i = tf.Variable([1, 2], name="i")
    f = tf.Variable([1.0], name="f")
    return {
        "int_only": message_has(lambda: tf.train.GradientDescentOptimizer(0.1).minimize(
            tf.cast(tf.reduce_sum(i), tf.float32) + tf.reduce_sum(f), var_list=[i]), "float"),
        "not_variable": catch(tf.train.GradientDescentOptimizer(0.1).minimize, tf.reduce_sum(f), var_list=[f * 2.0]),
        "empty_var_list": message_has(lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(f),
                                                                                           var_list=[]),
                                      "No variables to optimize"),
    }


def case_opt_global_step_int32_and_variables(tf):
    gs = tf.Variable(0, name="my_step", trainable=False)
    w = tf.Variable(3.0, name="w")
    opt = tf.train.RMSPropOptimizer(0.1, momentum=0.5)
    step = opt.minimize(tf.square(w), global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(step)
    return {"gs": sess.run(gs), "w": sess.run(w), "opt_vars": sorted(v.name for v in opt.variables()),
            "slot_names": opt.get_slot_names(), "gs_type": tf.train.global_step(sess, gs)}


def case_grad_gather_batch_dims(tf):
    p = tf.constant(np.arange(1, 25, dtype=np.float64).reshape(2, 3, 4))
    weights = lambda y: y * tf.cast(tf.reshape(tf.range(tf.size(y)), tf.shape(y)), y.dtype)  # noqa: E731
    sess = tf.Session()
    out = {}
    for name, idx, axis, batch_dims in [("axis1", [[2, 0, 2], [1, 1, 0]], 1, 1), ("axis2", [[3, 0], [1, 1]], 2, 1),
                                        ("two_batch", [[[0, 3], [1, 1], [2, 2]], [[3, 3], [0, 1], [1, 0]]], 2, 2),
                                        ("negative", [[0, 3], [2, 2]], -1, -1)]:
        y = tf.gather(p, tf.constant(idx, tf.int64), axis=axis, batch_dims=batch_dims)
        out[name] = {"static": y.shape.as_list(), "grad": sess.run(tf.gradients(tf.reduce_sum(weights(y)), p)[0])}
    ph = tf.placeholder(tf.float32, [None, None])
    unknown_rank = catch(tf.gradients, tf.gather(ph, tf.placeholder(tf.int32), axis=1, batch_dims=-1), ph)
    out["unknown_rank_indices"] = unknown_rank
    return out


def case_norm_matrix_and_p_norms_with_gradients(tf):
    x = tf.constant([[0.3, -0.5, 0.9], [1.2, 0.1, -0.7]], tf.float64)
    m = tf.constant(np.sin(np.arange(1, 25)).reshape(2, 3, 4))
    sess = tf.Session()
    norms = {"fro": tf.norm(x, "fro", [0, 1]), "one": tf.norm(x, 1, (1, 0)), "inf": tf.norm(x, np.inf, [0, 1]),
             "two": tf.norm(x, 2, [-1, -2]), "p3": tf.norm(x, 3), "p_half_axis": tf.norm(x, 0.5, 0),
             "batched_one": tf.norm(m, 1, [0, 2], keepdims=True), "batched_inf": tf.norm(m, np.inf, [2, 1])}
    return {"values": sess.run(norms), "names": sorted((k, v.name) for k, v in norms.items())[:4],
            "grads": sess.run({k: tf.gradients(norms[k], x)[0] for k in ("fro", "one", "two", "p3")}),
            "errors": {"p3_matrix": catch(tf.norm, x, 3, [0, 1]), "same_axes": catch(tf.norm, x, "fro", [1, 1]),
                       "three_axes": catch(tf.norm, m, "fro", [0, 1, 2]), "fro_vector": catch(tf.norm, x, "fro", 1),
                       "negative_ord": catch(tf.norm, x, -1)}}


def case_grad_space_depth_and_block_size_errors(tf):
    img = tf.constant(np.sin(np.arange(1, 33)).reshape(1, 4, 4, 2))
    s2d = tf.space_to_depth(img, 2)
    d2s = tf.depth_to_space(s2d * 2.0, 2)
    sess = tf.Session()
    return {"s2d_static": s2d.shape.as_list(), "roundtrip": sess.run(d2s),
            "grad": sess.run(tf.gradients(tf.reduce_sum(d2s * img), img)[0]),
            "d2s_one": message_has(lambda: tf.depth_to_space(img, 1), "block_size", "less than minimum 2"),
            "s2d_one": message_has(lambda: tf.space_to_depth(img, 1), "block_size", "less than minimum 2")}


def case_grad_betainc_scalar_broadcast(tf):
    x = tf.constant([[0.1, 0.5, 0.9], [0.3, 0.2, 0.7]], tf.float64)
    a = tf.constant(2.0, tf.float64)
    b = tf.constant(3.0, tf.float64)
    xs = tf.constant(0.4, tf.float64)
    scalar_ab = tf.math.betainc(a, b, x)
    scalar_x = tf.math.betainc(x * 4.0 + 1.0, b, xs)
    p = tf.placeholder(tf.float64)
    sess = tf.Session()
    return {"static": [scalar_ab.shape.as_list(), scalar_x.shape.as_list(), tf.math.betainc(p, b, x).shape.as_list()],
            "values": sess.run([scalar_ab, scalar_x]),
            "grads": sess.run([tf.gradients(scalar_ab, x)[0], tf.gradients(scalar_x, xs)[0]]),
            "mismatch": catch(tf.math.betainc, x, tf.ones([3, 2], tf.float64), x),
            "run_mismatch": message_has(lambda: sess.run(tf.math.betainc(p, b, x), {p: np.ones([2, 1])}),
                                        "inconsistent", "[2,1]"),
            "float16": catch(tf.math.betainc, tf.constant(1.0, tf.float16), tf.constant(1.0, tf.float16),
                             tf.constant(0.5, tf.float16))}


def case_cast_of_variables_and_optimizer_on_cast(tf):
    r = tf.get_variable("r", initializer=tf.constant([1.0, -2.0]), use_resource=True)
    v = tf.Variable([2.0], name="v")
    same = tf.cast(r, tf.float32)
    wider = tf.cast(r, tf.float64)
    ref_same = tf.cast(v, tf.float32)
    loss = tf.reduce_sum(tf.square(tf.cast(r, tf.float32))) + tf.reduce_sum(tf.cast(v, tf.float64))
    grads = tf.gradients(loss, [r, v])
    step = tf.train.GradientDescentOptimizer(0.25).minimize(tf.reduce_sum(tf.square(same)))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    return {"same_is_variable": same is r, "same_type": type(same).__name__, "wider": [wider.name, wider.dtype.name],
            "ref_same": [type(ref_same).__name__, ref_same.name], "to_float_is_variable": tf.to_float(r) is r,
            "next_cast_name": tf.cast(v, tf.int32).name, "grads": sess.run(grads), "after_step": sess.run(r)}


def case_adam_apply_inputs_read_in_their_op_scope(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    r = tf.get_variable("r", initializer=tf.constant([1.0]), use_resource=True)
    step = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(w * w) + tf.reduce_sum(r * r))
    g = tf.get_default_graph()
    applies = [op for op in g.get_operations() if op.type in ("ApplyAdam", "ResourceApplyAdam")]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    return {"applies": [(op.name, [t.name for t in op.inputs]) for op in applies], "step": step.name,
            "values": sess.run([w, r.read_value()])}
