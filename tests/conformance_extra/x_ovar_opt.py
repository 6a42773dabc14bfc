"""Variations of the public train_optimizers cases: every optimizer, slots, sparse rows, tensors as rates."""
from _harness import catch, message_has


def _problem(tf, dtype):
    w = tf.Variable([1.0, -2.0], name="w", dtype=dtype)
    b = tf.Variable(0.5, name="b", dtype=dtype)
    loss = tf.reduce_sum(tf.square(w - tf.constant([3.0, 1.0], dtype))) + tf.square(b * 2.0 - 1.5)
    return w, b, loss


def _steps(tf, opt, steps=3, dtype=None):
    dtype = dtype or tf.float32
    w, b, loss = _problem(tf, dtype)
    gs = tf.train.get_or_create_global_step()
    train = opt.minimize(loss, global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    history = []
    for _ in range(steps):
        sess.run(train)
        history.append(sess.run([w, b]))
    slots = sorted(opt.get_slot_names())
    return {"history": history, "loss": sess.run(loss), "step": sess.run(gs), "slots": slots,
            "variables": sorted(v.name for v in tf.global_variables()),
            "slot_w": sess.run(opt.get_slot(w, slots[0])) if slots else None,
            "train_name_type": [train.name, train.type]}


def case_adadelta(tf):
    return _steps(tf, tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6))


def case_adagrad_da(tf):
    gs = tf.train.get_or_create_global_step()
    return _steps(tf, tf.train.AdagradDAOptimizer(0.5, gs, l1_regularization_strength=0.01,
                                                  l2_regularization_strength=0.02))


def case_ftrl(tf):
    return _steps(tf, tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01, l2_regularization_strength=0.1))


def case_ftrl_shrinkage(tf):
    return _steps(tf, tf.train.FtrlOptimizer(0.3, learning_rate_power=-0.3, initial_accumulator_value=0.2,
                                             l2_shrinkage_regularization_strength=0.05))


def case_proximal_gd_and_adagrad(tf):
    a = _steps(tf, tf.train.ProximalGradientDescentOptimizer(0.2, l1_regularization_strength=0.1,
                                                             l2_regularization_strength=0.05))
    return a


def case_proximal_adagrad(tf):
    return _steps(tf, tf.train.ProximalAdagradOptimizer(0.4, l1_regularization_strength=0.05))


def case_rmsprop_centered_momentum(tf):
    return _steps(tf, tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5, centered=True))


def case_adam_f64_params(tf):
    return _steps(tf, tf.train.AdamOptimizer(0.2, beta1=0.5, beta2=0.9, epsilon=1e-4), dtype=tf.float64)


def case_momentum_f64_nesterov(tf):
    return _steps(tf, tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True, use_locking=True), dtype=tf.float64)


def case_adagrad_initial_accumulator(tf):
    out = _steps(tf, tf.train.AdagradOptimizer(0.3, initial_accumulator_value=0.5, use_locking=True))
    out["bad_init"] = catch(tf.train.AdagradOptimizer, 0.1, initial_accumulator_value=0.0)
    return out


def case_learning_rate_tensor_and_placeholder(tf):
    lr = tf.placeholder(tf.float32, [])
    w = tf.Variable([1.0, 2.0])
    loss = tf.reduce_sum(w * w)
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss)
    adam = tf.train.AdamOptimizer(tf.constant(0.1)).minimize(loss)
    decayed = tf.train.exponential_decay(0.5, tf.train.get_or_create_global_step(), 1, 0.5)
    train_decay = tf.train.MomentumOptimizer(decayed, 0.5).minimize(loss, global_step=tf.train.get_global_step())
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {lr: 0.25})
    first = sess.run(w)
    unfed = catch(sess.run, train)
    sess.run(adam)
    second = sess.run(w)
    sess.run(train_decay)
    sess.run(train_decay)
    return {"first": first, "unfed": unfed, "second": second, "third": sess.run(w),
            "step": sess.run(tf.train.get_global_step()), "lr": sess.run(decayed)}


def case_sparse_updates_each_optimizer(tf):
    results = {}
    makers = {
        "sgd": lambda: tf.train.GradientDescentOptimizer(0.5),
        "adagrad": lambda: tf.train.AdagradOptimizer(0.5),
        "adam": lambda: tf.train.AdamOptimizer(0.5),
        "rmsprop": lambda: tf.train.RMSPropOptimizer(0.5),
        "ftrl": lambda: tf.train.FtrlOptimizer(0.5),
        "adadelta": lambda: tf.train.AdadeltaOptimizer(1.0),
        "momentum": lambda: tf.train.MomentumOptimizer(0.5, 0.9),
        "proximal_adagrad": lambda: tf.train.ProximalAdagradOptimizer(0.5),
    }
    for key, make in makers.items():
        g = tf.Graph()
        with g.as_default():
            table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="emb")
            ids = tf.constant([2, 0, 2])
            loss = tf.reduce_sum(tf.nn.embedding_lookup(table, ids) * tf.constant([1.0, -1.0]))
            opt = make()
            train = opt.minimize(loss)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(train)
                sess.run(train)
                results[key] = sess.run(table)
    return results


def case_apply_indexed_slices_directly(tf):
    v = tf.Variable([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    grad = tf.IndexedSlices(tf.constant([[1.0, 0.0], [0.5, 0.5]]), tf.constant([0, 0]), tf.constant([3, 2]))
    opt = tf.train.AdagradOptimizer(1.0)
    apply = opt.apply_gradients([(grad, v)])
    sgd = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(grad, v)])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(apply)
    after = sess.run(v)
    sess.run(sgd)
    return {"adagrad_dup_indices": after, "sgd": sess.run(v), "accum": sess.run(opt.get_slot(v, "accumulator"))}


def case_optimizer_errors(tf):
    w = tf.Variable([1.0])
    i = tf.Variable([1], dtype=tf.int32)
    opt = tf.train.GradientDescentOptimizer(0.1)
    return {
        "empty_var_list": catch(opt.minimize, tf.reduce_sum(w), var_list=[]),
        "int_var": catch(opt.minimize, tf.reduce_sum(tf.cast(i, tf.float32) * w), var_list=[i]),
        "not_a_variable": catch(opt.apply_gradients, [(tf.constant([1.0]), tf.constant([1.0]))]),
        "none_grads": catch(opt.apply_gradients, [(None, w)]),
        "msg": message_has(lambda: opt.apply_gradients([(None, w)]), "No gradients provided for any variable"),
        "loss_callable": catch(opt.compute_gradients, lambda: tf.reduce_sum(w)),
        "lr_string": catch(lambda: tf.train.GradientDescentOptimizer("x").minimize(tf.reduce_sum(w))),
        "name": tf.train.AdamOptimizer(name="MyAdam").get_name(),
        "no_trainable": catch(tf.train.GradientDescentOptimizer(0.1).minimize, tf.constant(1.0)),
    }


def case_slot_names_and_variables(tf):
    w = tf.Variable([1.0, 2.0], name="weights")
    loss = tf.reduce_sum(w * w)
    opts = {"adam": tf.train.AdamOptimizer(0.1), "rms": tf.train.RMSPropOptimizer(0.1, centered=True, momentum=0.2),
            "ftrl": tf.train.FtrlOptimizer(0.1), "adadelta": tf.train.AdadeltaOptimizer(0.1),
            "momentum": tf.train.MomentumOptimizer(0.1, 0.5, name="Mom")}
    for o in opts.values():
        o.minimize(loss)
    return {
        "slots": {k: sorted(o.get_slot_names()) for k, o in opts.items()},
        "slot_var_names": {k: sorted(o.get_slot(w, s).name for s in o.get_slot_names()) for k, o in opts.items()},
        "globals": sorted(v.name for v in tf.global_variables()),
        "trainable": [v.name for v in tf.trainable_variables()],
        "missing_slot": opts["adam"].get_slot(w, "nope"),
        "adam_variables": sorted(v.name for v in opts["adam"].variables()),
    }


def case_clipping_in_training(tf):
    w = tf.Variable([3.0, -4.0])
    b = tf.Variable(1.0)
    loss = tf.reduce_sum(w * w) * 10.0 + b
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads, variables = zip(*opt.compute_gradients(loss))
    clipped, norm = tf.clip_by_global_norm(grads, 5.0)
    train = opt.apply_gradients(zip(clipped, variables))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    n0 = sess.run(norm)
    sess.run(train)
    after1 = sess.run([w, b])
    by_value = opt.apply_gradients([(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in zip(grads, variables)])
    sess.run(by_value)
    return {"norm": n0, "after1": after1, "after2": sess.run([w, b]),
            "use_norm": sess.run(tf.clip_by_global_norm([tf.constant([3.0, 4.0])], 1.0, use_norm=tf.constant(10.0))[0])}
