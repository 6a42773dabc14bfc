"""Extra optimizer / schedule / layers / losses probes."""
from _harness import catch, message_has


def _setup(tf):
    w = tf.Variable([1.0, -2.0], name="w")
    b = tf.Variable(0.5, name="b")
    loss = tf.reduce_sum(tf.square(w - tf.constant([3.0, 1.0]))) + tf.square(b * 2.0 - 1.5)
    return w, b, loss


def _steps(tf, opt, n=3):
    w, b, loss = _setup(tf)
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for _ in range(n):
        sess.run(train)
        out.append(sess.run([w, b]))
    return out


def case_slot_names_and_variables(tf):
    w, b, loss = _setup(tf)
    out = {}
    for name, opt in [("mom", tf.train.MomentumOptimizer(0.1, 0.9)), ("adam", tf.train.AdamOptimizer(0.1)),
                      ("adagrad", tf.train.AdagradOptimizer(0.1)), ("rms", tf.train.RMSPropOptimizer(0.1)),
                      ("rms_c", tf.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True)),
                      ("sgd", tf.train.GradientDescentOptimizer(0.1))]:
        opt.minimize(loss)
        out[name] = {
            "slots": sorted(opt.get_slot_names()),
            "slot_vars": sorted(opt.get_slot(w, s).name for s in opt.get_slot_names()),
            "variables": sorted(v.name for v in opt.variables()),
            "get_name": opt.get_name(),
        }
    out["global"] = sorted(v.name for v in tf.global_variables())
    out["trainable"] = sorted(v.name for v in tf.trainable_variables())
    return out


def case_slot_missing_and_shapes(tf):
    w, b, loss = _setup(tf)
    other = tf.Variable(1.0, name="other")
    opt = tf.train.AdamOptimizer(0.1, name="MyAdam")
    opt.minimize(loss, var_list=[w])
    m = opt.get_slot(w, "m")
    return {
        "m_name": m.name, "m_shape": m.shape.as_list(), "m_trainable": m in tf.trainable_variables(),
        "missing_var": opt.get_slot(other, "m") is None,
        "missing_slot": opt.get_slot(w, "nope") is None,
        "b_slot": opt.get_slot(b, "m") is None,
        "variables": sorted(v.name for v in opt.variables()),
    }


def case_momentum_nesterov_more(tf):
    return _steps(tf, tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True), 3)


def case_adam_custom_params(tf):
    return _steps(tf, tf.train.AdamOptimizer(0.05, beta1=0.5, beta2=0.9, epsilon=1e-3), 3)


def case_adagrad_initial_accumulator(tf):
    return _steps(tf, tf.train.AdagradOptimizer(0.5, initial_accumulator_value=0.5), 3)


def case_rmsprop_momentum_centered(tf):
    return {
        "mom": _steps(tf, tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5, epsilon=1e-6), 3),
    }


def case_rmsprop_centered(tf):
    return _steps(tf, tf.train.RMSPropOptimizer(0.05, decay=0.9, momentum=0.0, centered=True), 3)


def case_adam_beta_power_values(tf):
    w, b, loss = _setup(tf)
    opt = tf.train.AdamOptimizer(0.1, beta1=0.8, beta2=0.95)
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    sess.run(train)
    b1, b2 = opt._get_beta_accumulators()
    return sess.run([b1, b2]), b1.name, b2.name, sess.run(opt.get_slot(w, "m")), sess.run(opt.get_slot(w, "v"))


def case_adagrad_sparse_gather(tf):
    table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
    loss = tf.reduce_sum(tf.gather(table, [0, 2, 0]) * tf.constant([[1.0, -1.0]]))
    train = tf.train.AdagradOptimizer(0.5).minimize(loss)
    train_adam = tf.train.AdamOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    first = sess.run(table)
    sess.run(train_adam)
    return first, sess.run(table)


def case_global_step_increment_and_errors(tf):
    w, b, loss = _setup(tf)
    gs = tf.Variable(5, trainable=False, name="step", dtype=tf.int32)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    sess.run(train)
    return sess.run(gs), train.name, train.type


def case_apply_gradients_name_and_type(tf):
    w, b, loss = _setup(tf)
    opt = tf.train.GradientDescentOptimizer(0.1)
    gv = opt.compute_gradients(loss)
    op1 = opt.apply_gradients(gv)
    op2 = opt.apply_gradients(gv, name="custom")
    mop = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    return op1.name, op1.type, op2.name, mop.name, mop.type


def case_clip_by_global_norm_pipeline(tf):
    w, b, loss = _setup(tf)
    opt = tf.train.GradientDescentOptimizer(0.5)
    grads, vars_ = zip(*opt.compute_gradients(loss))
    clipped, norm = tf.clip_by_global_norm(grads, 1.0)
    train = opt.apply_gradients(zip(clipped, vars_))
    clipped_v = [(tf.clip_by_value(g, -0.5, 0.5), v) for g, v in zip(grads, vars_)]
    train2 = opt.apply_gradients(clipped_v)
    cn = [(tf.clip_by_norm(g, 1.0), v) for g, v in zip(grads, vars_)]
    train3 = opt.apply_gradients(cn)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    n0 = sess.run(norm)
    sess.run(train)
    r1 = sess.run([w, b])
    sess.run(train2)
    r2 = sess.run([w, b])
    sess.run(train3)
    return n0, r1, r2, sess.run([w, b])


def case_apply_gradients_errors(tf):
    w, b, loss = _setup(tf)
    opt = tf.train.GradientDescentOptimizer(0.1)
    return {
        "empty": catch(opt.apply_gradients, []),
        "all_none": message_has(lambda: opt.apply_gradients([(None, w), (None, b)]), "No gradients provided"),
        "not_var": catch(opt.apply_gradients, [(tf.constant(1.0), tf.constant(2.0))]),
        "empty_var_list": message_has(lambda: opt.minimize(loss, var_list=[]), "No variables to optimize"),
        "compute_bad_loss": catch(opt.compute_gradients, 3.0),
    }


def case_compute_gradients_var_list_and_grad_loss(tf):
    w, b, loss = _setup(tf)
    opt = tf.train.GradientDescentOptimizer(0.1)
    gv = opt.compute_gradients(loss, var_list=[b])
    gv2 = opt.compute_gradients(loss * 1.0, grad_loss=tf.constant(2.0))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return [v.name for _, v in gv], sess.run([g for g, _ in gv]), sess.run([g for g, _ in gv2])


def case_minimize_non_trainable_excluded(tf):
    a = tf.Variable(1.0, name="a")
    c = tf.Variable(2.0, name="c", trainable=False)
    loss = tf.square(a * c - 1.0)
    opt = tf.train.GradientDescentOptimizer(0.1)
    gv = opt.compute_gradients(loss)
    gv_c = opt.compute_gradients(loss, var_list=[a, c])
    return [v.name for _, v in gv], [v.name for _, v in gv_c]


def case_bad_learning_rate_and_optimizer_args(tf):
    return {
        "rms_neg": catch(lambda: tf.train.GradientDescentOptimizer("x")),
        "sgd_tensor_lr": _steps(tf, tf.train.GradientDescentOptimizer(tf.constant(0.2)), 2),
    }


def case_learning_rate_placeholder(tf):
    w, b, loss = _setup(tf)
    lr = tf.placeholder(tf.float32, [])
    train = tf.train.MomentumOptimizer(lr, 0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {lr: 0.1})
    sess.run(train, {lr: 0.01})
    return sess.run([w, b]), catch(sess.run, train)


def case_exponential_decay_schedule(tf):
    gs = tf.Variable(0, trainable=False, dtype=tf.int64)
    lr = tf.train.exponential_decay(0.1, gs, 10, 0.5)
    lrs = tf.train.exponential_decay(0.1, gs, 10, 0.5, staircase=True)
    inc = tf.assign_add(gs, 7)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for _ in range(4):
        out.append(sess.run([lr, lrs]))
        sess.run(inc)
    return out, lr.dtype.name, lr.op.name, lrs.op.name


def case_other_schedules(tf):
    gs = tf.placeholder(tf.int32, [])
    sched = {
        "inv": tf.train.inverse_time_decay(1.0, gs, 5, 0.5),
        "inv_stair": tf.train.inverse_time_decay(1.0, gs, 5, 0.5, staircase=True),
        "poly": tf.train.polynomial_decay(0.1, gs, 10, 0.01, power=2.0),
        "poly_cycle": tf.train.polynomial_decay(0.1, gs, 10, 0.01, cycle=True),
        "piece": tf.train.piecewise_constant(gs, [5, 10], [1.0, 0.5, 0.1]),
        "natural": tf.train.natural_exp_decay(0.1, gs, 5, 0.5),
        "cosine": tf.train.cosine_decay(0.1, gs, 20),
        "cosine_alpha": tf.train.cosine_decay(0.1, gs, 20, alpha=0.1),
        "restarts": tf.train.cosine_decay_restarts(0.1, gs, 4),
        "restarts_t1": tf.train.cosine_decay_restarts(0.1, gs, 4, t_mul=1.0, m_mul=0.5),
        "linear_cosine": tf.train.linear_cosine_decay(0.1, gs, 20),
        "natural_stair": tf.train.natural_exp_decay(0.1, gs, 5, 0.5, staircase=True),
    }
    sess = tf.Session()
    return [sess.run(sched, {gs: s}) for s in (0, 5, 7, 10, 23)]


def case_exponential_decay_errors(tf):
    return {
        "none_step": catch(tf.train.exponential_decay, 0.1, None, 10, 0.5),
        "piece_mismatch": catch(tf.train.piecewise_constant, tf.constant(1), [5, 10], [1.0, 0.5]),
    }


def case_losses_reductions(tf):
    labels = tf.constant([[1.0, 0.0], [0.5, 2.0]])
    preds = tf.constant([[0.5, 0.5], [1.5, 2.0]])
    w = tf.constant([[1.0], [0.0]])
    R = tf.losses.Reduction
    out = {}
    for r in (R.NONE, R.SUM, R.MEAN, R.SUM_OVER_BATCH_SIZE, R.SUM_BY_NONZERO_WEIGHTS, R.SUM_OVER_NONZERO_WEIGHTS):
        out[r] = tf.losses.mean_squared_error(labels, preds, weights=w, reduction=r)
    out["abs"] = tf.losses.absolute_difference(labels, preds, weights=2.0)
    out["huber"] = tf.losses.huber_loss(labels, preds, delta=0.6)
    out["log"] = tf.losses.log_loss(tf.constant([[1.0], [0.0]]), tf.constant([[0.8], [0.3]]))
    out["hinge"] = tf.losses.hinge_loss(tf.constant([[1.0], [0.0]]), tf.constant([[0.3], [-2.0]]))
    names = {k: v.op.name for k, v in out.items()}
    vals = tf.Session().run(out)
    return vals, names, len(tf.losses.get_losses()), sorted(R.all())


def case_losses_xent_smoothing(tf):
    logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 0.5, 3.0]])
    onehot = tf.constant([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    sess = tf.Session()
    return sess.run({
        "softmax": tf.losses.softmax_cross_entropy(onehot, logits),
        "softmax_ls": tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.2),
        "softmax_w": tf.losses.softmax_cross_entropy(onehot, logits, weights=tf.constant([1.0, 3.0])),
        "sparse": tf.losses.sparse_softmax_cross_entropy(tf.constant([0, 2]), logits),
        "sigmoid_ls": tf.losses.sigmoid_cross_entropy(onehot, logits, label_smoothing=0.1),
        "cosine": tf.losses.cosine_distance(tf.nn.l2_normalize(onehot, 1), tf.nn.l2_normalize(logits, 1), axis=1),
    })


def case_losses_errors_and_total(tf):
    v = tf.Variable(2.0)
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, v * 0.1)
    a = tf.losses.mean_squared_error([1.0, 2.0], [1.5, 2.5])
    total = tf.losses.get_total_loss()
    reg = tf.losses.get_regularization_loss()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {
        "vals": sess.run([a, total, reg]),
        "names": [total.op.name, reg.op.name],
        "shape_mismatch": catch(tf.losses.mean_squared_error, tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0])),
        "bad_weights": catch(tf.losses.mean_squared_error, tf.constant([[1.0, 2.0]]), tf.constant([[1.0, 2.0]]),
                             weights=tf.constant([1.0, 2.0, 3.0])),
        "none_labels": catch(tf.losses.mean_squared_error, None, tf.constant([1.0])),
    }


def case_cosine_distance_args(tf):
    a = tf.constant([[1.0, 0.0], [0.6, 0.8]])
    b = tf.constant([[0.6, 0.8], [0.6, 0.8]])
    sess = tf.Session()
    return {
        "dim": sess.run(tf.losses.cosine_distance(a, b, dim=1)),
        "none_reduction": sess.run(tf.losses.cosine_distance(a, b, axis=1, reduction=tf.losses.Reduction.NONE)),
        "no_axis": message_has(lambda: tf.losses.cosine_distance(a, b), "axis"),
        "name": tf.losses.cosine_distance(a, b, axis=0).op.name,
    }


def case_optimizer_dtype_errors(tf):
    iv = tf.Variable(1, name="iv")
    dv = tf.Variable(2.0, dtype=tf.float64, name="dv")
    opt = tf.train.GradientDescentOptimizer(0.5)
    train = opt.minimize(dv * dv)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    return {
        "f64": sess.run(dv),
        "int_var": catch(opt.minimize, tf.cast(iv, tf.float32) * 2.0, var_list=[iv]),
        "int_loss": catch(opt.compute_gradients, iv * 2),
        "adam_f64": catch(lambda: type(tf.train.AdamOptimizer(0.1).minimize(dv * 3.0)).__name__),
    }


def case_indexed_slices_aggregation(tf):
    table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="t")
    loss = tf.reduce_sum(tf.gather(table, [0, 1])) + tf.reduce_sum(tf.gather(table, [1, 2]) * 2.0)
    g = tf.gradients(loss, table)[0]
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    gv = sess.run(g)
    sess.run(train)
    return type(g).__name__, gv.indices, gv.values, sess.run(table)
