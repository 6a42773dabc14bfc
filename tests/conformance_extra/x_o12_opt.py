"""Second-pass variations of the public train_optimizers cases: slot names per optimizer, tensor
hyperparameters, use_locking, optimizer names and op names, sparse updates, and composed training."""

from _harness import catch, message_has


def _setup(tf):
    w = tf.Variable([1.0, -2.0], name="w")
    b = tf.Variable(0.5, name="b")
    loss = tf.reduce_sum(tf.square(w - tf.constant([3.0, 1.0]))) + tf.square(b * 2.0 - 1.5)
    return w, b, loss


def _describe(tf, make, steps=2):
    w, b, loss = _setup(tf)
    opt = make()
    train = opt.minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(steps):
        sess.run(train)
    slots = sorted(opt.get_slot_names())
    return {
        "values": sess.run([w, b]),
        "slots": slots,
        "slot_vars": sorted(opt.get_slot(w, s).name for s in slots if opt.get_slot(w, s) is not None),
        "globals": sorted(v.name for v in tf.global_variables()),
        "train_type": train.type, "train_name": train.name,
        "opt_name": opt.get_name(),
    }


def case_slots_and_names_each_optimizer(tf):
    makers = {
        "gd": lambda: tf.train.GradientDescentOptimizer(0.1, name="GDx"),
        "momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9, name="Mom"),
        "adam": lambda: tf.train.AdamOptimizer(0.1, name="Adamx"),
        "adagrad": lambda: tf.train.AdagradOptimizer(0.1),
        "rmsprop": lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True),
        "adadelta": lambda: tf.train.AdadeltaOptimizer(1.0),
        "ftrl": lambda: tf.train.FtrlOptimizer(0.1),
    }
    out = {}
    for k, make in makers.items():
        with tf.Graph().as_default():
            out[k] = _describe(tf, make)
    return out


def case_hyperparameters_as_tensors(tf):
    lr = tf.placeholder(tf.float32, [])
    mom = tf.constant(0.5)
    out = {}
    for k, make in {
        "momentum": lambda: tf.train.MomentumOptimizer(lr, mom),
        "adam": lambda: tf.train.AdamOptimizer(lr, beta1=tf.constant(0.8), beta2=0.9, epsilon=tf.constant(1e-3)),
        "rmsprop": lambda: tf.train.RMSPropOptimizer(lr, decay=tf.constant(0.8)),
        "adagrad": lambda: tf.train.AdagradOptimizer(lr),
    }.items():
        w, b, loss = _setup(tf)
        train = make().minimize(loss, var_list=[w, b])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for step_lr in (0.1, 0.05, 0.0):
            sess.run(train, {lr: step_lr})
        out[k] = sess.run([w, b])
        out[k + "_missing_feed"] = catch(sess.run, train)
    return out


def case_use_locking_and_sparse_updates(tf):
    out = {}
    for k, make in {
        "gd": lambda: tf.train.GradientDescentOptimizer(0.5, use_locking=True),
        "momentum": lambda: tf.train.MomentumOptimizer(0.5, 0.9, use_locking=True, use_nesterov=True),
        "adam": lambda: tf.train.AdamOptimizer(0.5, use_locking=True),
        "adagrad": lambda: tf.train.AdagradOptimizer(0.5, use_locking=True),
        "rmsprop": lambda: tf.train.RMSPropOptimizer(0.5, use_locking=True),
        "ftrl": lambda: tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.1, use_locking=True),
        "adadelta": lambda: tf.train.AdadeltaOptimizer(0.5, use_locking=True),
    }.items():
        with tf.Graph().as_default():
            table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
            loss = tf.reduce_sum(tf.gather(table, [2, 2, 0]) * tf.constant([[1.0, -1.0]]))
            opt = make()
            train = opt.minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            sess.run(train)
            out[k] = sess.run(table)
            out[k + "_ops"] = sorted({op.type for op in tf.get_default_graph().get_operations()
                                      if op.type.startswith(("Apply", "SparseApply", "ResourceApply",
                                                             "ResourceSparseApply", "ScatterSub", "ScatterAdd"))})
    return out


def case_resource_variables_each_optimizer(tf):
    out = {}
    for k, make in {
        "momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9),
        "adam": lambda: tf.train.AdamOptimizer(0.1),
        "rmsprop": lambda: tf.train.RMSPropOptimizer(0.1),
    }.items():
        with tf.Graph().as_default():
            w = tf.get_variable("w", initializer=tf.constant([1.0, -2.0]), use_resource=True)
            e = tf.get_variable("e", initializer=tf.constant([[1.0], [2.0]]), use_resource=True)
            loss = tf.reduce_sum(tf.square(w)) + tf.reduce_sum(tf.gather(e, [1]) * 3.0)
            opt = make()
            train = opt.minimize(loss)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            for _ in range(2):
                sess.run(train)
            out[k] = sess.run([w, e])
            out[k + "_slots"] = sorted(v.name for v in tf.global_variables())
    return out


def case_apply_gradients_errors_and_forms(tf):
    w = tf.Variable([1.0, 2.0], name="w")
    i = tf.Variable(1, name="i")
    opt = tf.train.GradientDescentOptimizer(0.1)
    sess = tf.Session()
    ok = opt.apply_gradients([(tf.constant([1.0, 1.0]), w)], name="apply_named")
    sess.run(tf.global_variables_initializer())
    sess.run(ok)
    return {
        "w": sess.run(w), "name": ok.name,
        "all_none": catch(opt.apply_gradients, [(None, w)]),
        "message": message_has(lambda: opt.apply_gradients([(None, w)]), "No gradients provided for any variable"),
        "not_variable": catch(opt.apply_gradients, [(tf.constant(1.0), tf.constant(2.0))]),
        "empty": catch(opt.apply_gradients, []),
        "int_var": catch(opt.minimize, tf.cast(i, tf.float32) * 2.0, var_list=[i]),
        "compute_non_scalar": sess.run(opt.compute_gradients(w * w, var_list=[w])[0][0]),
        "var_list_empty": catch(opt.compute_gradients, tf.reduce_sum(w), var_list=[]),
        "loss_callable": catch(opt.minimize, lambda: tf.reduce_sum(w)),
        "dup_var": catch(opt.apply_gradients, [(tf.constant([1.0, 1.0]), w), (tf.constant([1.0, 1.0]), w)]),
    }


def case_learning_rate_decay_in_training(tf):
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.5, gs, decay_steps=2, decay_rate=0.5, staircase=True)
    pw = tf.train.piecewise_constant(gs, [1, 3], [1.0, 0.5, 0.1])
    w = tf.Variable(4.0, name="w")
    train = tf.train.GradientDescentOptimizer(lr).minimize(tf.square(w), global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    hist = []
    for _ in range(4):
        hist.append(sess.run([lr, pw]))
        sess.run(train)
    return {"hist": hist, "w": sess.run(w), "gs": sess.run(gs), "lr_dtype": lr.dtype.name,
            "poly": sess.run(tf.train.polynomial_decay(1.0, gs, 10, 0.1, power=2.0)),
            "cosine": sess.run(tf.train.cosine_decay(1.0, gs, 8)),
            "inverse_time": sess.run(tf.train.inverse_time_decay(1.0, gs, 1, 0.5))}


def case_optimizer_inside_cond_and_control_deps(tf):
    w = tf.Variable([1.0, 1.0], name="w")
    counter = tf.Variable(0, name="counter")
    loss = tf.reduce_sum(w * w)
    opt = tf.train.MomentumOptimizer(0.1, 0.5)
    grads_vars = opt.compute_gradients(loss)
    clipped = [(tf.clip_by_norm(g, 1.0), v) for g, v in grads_vars if g is not None]
    with tf.control_dependencies([tf.assign_add(counter, 1)]):
        train = opt.apply_gradients(clipped)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train)
    return {"w": sess.run(w), "counter": sess.run(counter),
            "slot": sess.run(opt.get_slot(w, "momentum")),
            "variables": sorted(v.name for v in opt.variables())}
