"""Train utilities sweep: ExponentialMovingAverage (zero_debias, num_updates, names,
variables_to_restore), every learning-rate decay with staircase/cycle and dtypes, global-step
helpers and their errors, slot names, warm_start and replica_device_setter."""
import os
import shutil
import tempfile

from _harness import catch, message_has


def case_x_msweep_ema_zero_debias_and_num_updates(tf):
    v = tf.Variable(10.0, name="v")
    t = tf.placeholder(tf.float32, [])
    step = tf.Variable(0, name="step", trainable=False)
    ema = tf.train.ExponentialMovingAverage(0.25, num_updates=step, zero_debias=True, name="ema")
    tensor_avg = tf.identity(t * 2.0, name="tensor")
    apply = ema.apply([v, tensor_avg])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    hist = []
    for i, val in enumerate((1.0, 3.0, 7.0)):
        sess.run([v.assign(val), step.assign(i * 3)])
        sess.run(apply, {t: val})
        hist.append(sess.run([ema.average(v), ema.average(tensor_avg)]))
    return {"hist": hist, "globals": [(x.name, x.shape.as_list()) for x in tf.global_variables()],
            "names": [ema.average_name(v), ema.average_name(tensor_avg), ema.average(tensor_avg).name],
            "ema_name": ema.name}


def case_x_msweep_ema_variables_to_restore(tf):
    with tf.variable_scope("net"):
        a = tf.get_variable("a", initializer=1.0)
        b = tf.get_variable("b", initializer=[2.0, 3.0])
        c = tf.get_variable("c", initializer=4.0, trainable=False)
    loc = tf.Variable(0.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema.apply([a])
    r1 = ema.variables_to_restore()
    r2 = ema.variables_to_restore(moving_avg_variables=[b])
    r3 = ema.variables_to_restore(moving_avg_variables=[])
    tf.add_to_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES, c)
    r4 = ema.variables_to_restore()
    return [sorted((k, v.op.name) for k, v in r.items()) for r in (r1, r2, r3, r4)] + [loc.name]


def case_x_msweep_ema_errors_and_dtypes(tf):
    ema = tf.train.ExponentialMovingAverage(0.5)
    d = tf.Variable(1.0, dtype=tf.float64, name="d")
    h = tf.Variable(1.0, dtype=tf.float16, name="h")
    apply = ema.apply([d, h])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run([d.assign(3.0), h.assign(5.0)])
    sess.run(apply)
    return {"vals": sess.run([ema.average(d), ema.average(h)]),
            "dtypes": [ema.average(d).dtype.name, ema.average(h).dtype.name],
            "int": message_has(lambda: ema.apply([tf.Variable(1, name="i")]), "float", "int32"),
            "none": catch(ema.apply, None) is not None,
            "str_decay_type": catch(lambda: tf.train.ExponentialMovingAverage("x").apply([d]))}


def _decay_values(tf, fns, steps):
    step = tf.placeholder(tf.int64, [])
    outs = [fn(step) for fn in fns]
    sess = tf.Session()
    return [[sess.run(o, {step: s}) for s in steps] for o in outs], [o.dtype.name for o in outs]


def case_x_msweep_lr_decays_staircase_cycle(tf):
    fns = [lambda g: tf.train.exponential_decay(0.5, g, 3, 0.1, staircase=True),
           lambda g: tf.train.inverse_time_decay(0.5, g, 3, 0.5),
           lambda g: tf.train.inverse_time_decay(0.5, g, 3, 0.5, staircase=True),
           lambda g: tf.train.natural_exp_decay(0.5, g, 3, 0.5),
           lambda g: tf.train.natural_exp_decay(0.5, g, 3, 0.5, staircase=True),
           lambda g: tf.train.polynomial_decay(0.5, g, 6, 0.01, power=2.0),
           lambda g: tf.train.polynomial_decay(0.5, g, 4, 0.01, power=1.0, cycle=True),
           lambda g: tf.train.cosine_decay(0.5, g, 6, alpha=0.1),
           lambda g: tf.train.cosine_decay_restarts(0.5, g, 3, t_mul=2.0, m_mul=0.5, alpha=0.1),
           lambda g: tf.train.linear_cosine_decay(0.5, g, 6, num_periods=1.0, alpha=0.1, beta=0.01)]
    vals, dtypes = _decay_values(tf, fns, [0, 1, 3, 5, 6, 9, 14])
    return {"vals": vals, "dtypes": dtypes}


def case_x_msweep_lr_decay_dtypes_and_names(tf):
    g = tf.Variable(4, dtype=tf.int32, name="g")
    g64 = tf.Variable(4, dtype=tf.int64, name="g64")
    lr64 = tf.constant(0.5, tf.float64)
    builders = [lambda: tf.train.exponential_decay(lr64, g, 2, 0.5), lambda: tf.train.polynomial_decay(lr64, g, 10),
                lambda: tf.train.cosine_decay(lr64, g, 8), lambda: tf.train.linear_cosine_decay(lr64, g, 8),
                lambda: tf.train.cosine_decay_restarts(lr64, g, 8),
                lambda: tf.train.noisy_linear_cosine_decay(lr64, g, 8),
                lambda: tf.train.natural_exp_decay(lr64, g, 2, 0.5), lambda: tf.train.inverse_time_decay(lr64, g, 2, 0.5),
                lambda: tf.train.piecewise_constant(g, [2, 6], [1, 2, 3]),
                lambda: tf.train.piecewise_constant(g64, [2, 6], [0.1, 0.2, 0.3]),
                lambda: tf.train.piecewise_constant(tf.cast(g, tf.float32), [2.0, 6.0], [0.1, 0.2, 0.3]),
                lambda: tf.train.piecewise_constant(g, [2.0, 6.0], [1.0, 2.0, 3.0]),
                lambda: tf.train.piecewise_constant(g, [2, 6], [1, 2.0, 3]),
                lambda: tf.train.piecewise_constant(g, [tf.constant(2, tf.int64)], [1.0, 2.0]),
                lambda: tf.train.cosine_decay(0.5, g, 8), lambda: tf.train.linear_cosine_decay(0.5, g, 8),
                lambda: tf.train.cosine_decay_restarts(0.5, g, 3), lambda: tf.train.polynomial_decay(0.5, g, 3, cycle=True),
                lambda: tf.train.exponential_decay(0.5, g, 2, 0.5, name="my_decay"),
                lambda: tf.train.exponential_decay(tf.constant(1, tf.int32), g, 2, 0.5)]
    outs = [catch(b) for b in builders]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    tensors = [o for o in outs if isinstance(o, tf.Tensor) and "Noisy" not in o.name]
    return {"vals": sess.run(tensors), "meta": [(o.dtype.name, o.op.name, o.op.type) if isinstance(o, tf.Tensor) else o
                                                for o in outs],
            "msg": message_has(lambda: tf.train.piecewise_constant(g, [2.0], [1, 2]), "Boundaries", "float32", "int32"),
            "poly_none": catch(tf.train.polynomial_decay, 0.1, None, 10),
            "cos_none": catch(tf.train.cosine_decay, 0.1, None, 10),
            "nat_none": catch(tf.train.natural_exp_decay, 0.1, None, 10, 0.5),
            "inv_none": catch(tf.train.inverse_time_decay, 0.1, None, 10, 0.5)}


def case_x_msweep_global_step_helpers(tf):
    out = {"none": tf.train.get_global_step(), "assert_none": catch(tf.train.assert_global_step, tf.constant(1.0))}
    out["bad_incr"] = catch(tf.train.global_step, tf.Session(), tf.constant(1))
    gs = tf.train.create_global_step()
    out["again"] = catch(tf.train.create_global_step)
    out["name_dtype"] = [gs.name, gs.dtype.name, gs.trainable, gs.shape.as_list()]
    out["collections"] = [len(tf.get_collection(k)) for k in (tf.GraphKeys.GLOBAL_STEP, tf.GraphKeys.GLOBAL_VARIABLES,
                                                              tf.GraphKeys.TRAINABLE_VARIABLES)]
    out["get_same"] = tf.train.get_or_create_global_step() is gs
    inc = tf.train.get_global_step()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out["value"] = tf.train.global_step(sess, inc)
    g2 = tf.Graph()
    with g2.as_default():
        tf.Variable(0.0, name="global_step")
        out["float_step"] = catch(tf.train.get_global_step)
    g3 = tf.Graph()
    with g3.as_default():
        v = tf.Variable([0], name="global_step")
        out["vector_step"] = catch(tf.train.assert_global_step, v)
        out["int_scalar_ok"] = catch(tf.train.assert_global_step, tf.Variable(0, name="x"))
    g4 = tf.Graph()
    with g4.as_default():
        tf.Variable(0, name="global_step", dtype=tf.int32)
        out["int32_by_name"] = catch(lambda: tf.train.get_global_step().name)
        tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, tf.Variable(1, name="other"))
        out["two_in_collection"] = catch(tf.train.get_global_step)
    return out


def case_x_msweep_global_step_increment(tf):
    out = {"no_step": catch(tf.train.get_or_create_global_step().name.__str__)}
    g = tf.Graph()
    with g.as_default():
        gs = tf.train.get_or_create_global_step()
        read = tf.train.global_step_read_op if hasattr(tf.train, "global_step_read_op") else None
        opt = tf.train.GradientDescentOptimizer(0.1)
        w = tf.Variable(1.0, name="w")
        train = opt.minimize(w * w, global_step=gs)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        sess.run(train)
        out["after"] = sess.run([gs, w])
        out["train_type"] = train.type
        out["read"] = read is None
    return out


def case_x_msweep_slot_names(tf):
    with tf.variable_scope("net"):
        w = tf.get_variable("w", initializer=[1.0, 2.0])
        b = tf.Variable(3.0, name="b")
    opts = [tf.train.AdamOptimizer(0.1), tf.train.MomentumOptimizer(0.1, 0.9, name="Mom"),
            tf.train.AdagradOptimizer(0.1), tf.train.RMSPropOptimizer(0.1, momentum=0.5, centered=True),
            tf.train.FtrlOptimizer(0.1), tf.train.AdadeltaOptimizer(0.1)]
    loss = tf.reduce_sum(w * w) + b * b
    for opt in opts:
        opt.minimize(loss)
    return {"slots": [sorted(opt.get_slot_names()) for opt in opts],
            "names": [[(opt.get_slot(w, s).op.name, opt.get_slot(b, s).op.name) for s in sorted(opt.get_slot_names())]
                      for opt in opts],
            "slot_shapes": [opt.get_slot(w, sorted(opt.get_slot_names())[0]).shape.as_list() for opt in opts],
            "missing": opts[0].get_slot(w, "nope"), "trainable": len(tf.trainable_variables()),
            "globals": len(tf.global_variables())}


def case_x_msweep_warm_start_vars(tf):
    d = tempfile.mkdtemp()
    try:
        g = tf.Graph()
        with g.as_default():
            with tf.variable_scope("old"):
                tf.get_variable("w", initializer=[[1.0, 2.0], [3.0, 4.0]])
                tf.get_variable("b", initializer=[5.0, 6.0])
            tf.get_variable("keep", initializer=7.0)
            s = tf.Session()
            s.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(s, os.path.join(d, "m"))
        out = {}
        g2 = tf.Graph()
        with g2.as_default():
            with tf.variable_scope("new"):
                w = tf.get_variable("w", shape=[2, 2], initializer=tf.zeros_initializer())
                b = tf.get_variable("b", shape=[2], initializer=tf.zeros_initializer())
            keep = tf.get_variable("keep", shape=[], initializer=tf.zeros_initializer())
            tf.train.warm_start(path, vars_to_warm_start=["new/w", "keep"],
                                var_name_to_prev_var_name={"new/w": "old/w"})
            s = tf.Session()
            s.run(tf.global_variables_initializer())
            out["vals"] = s.run([w, b, keep])
        g3 = tf.Graph()
        with g3.as_default():
            tf.get_variable("missing", shape=[], initializer=tf.zeros_initializer())
            out["missing"] = catch(tf.train.warm_start, path, vars_to_warm_start=["missing"])
            out["regex_none"] = catch(tf.train.warm_start, path, vars_to_warm_start="zzz.*")
        return out
    finally:
        shutil.rmtree(d)


def case_x_msweep_replica_device_setter(tf):
    out = {}
    with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
        vs = [tf.Variable(float(i), name="v%d" % i) for i in range(4)]
        c = tf.constant(1.0) + vs[0]
    out["default"] = [v.device for v in vs] + [c.device]
    g = tf.Graph()
    with g.as_default():
        strategy = tf.contrib.training.GreedyLoadBalancingStrategy(2, tf.contrib.training.byte_size_load_fn) \
            if hasattr(tf, "contrib") else None
        cluster = tf.train.ClusterSpec({"ps": ["a:1", "b:2"], "worker": ["c:3"]})
        with tf.device(tf.train.replica_device_setter(cluster=cluster, worker_device="/job:worker/task:0",
                                                      ps_ops=["VariableV2"])):
            w1 = tf.Variable([1.0] * 10, name="w1")
            w2 = tf.Variable(1.0, name="w2")
            w3 = tf.Variable(1.0, name="w3")
            x = w1 * 2.0
        out["cluster"] = [w1.device, w2.device, w3.device, x.device, strategy is None]
    g = tf.Graph()
    with g.as_default():
        with tf.device(tf.train.replica_device_setter(ps_tasks=2, ps_device="/job:myps", worker_device="/job:w/task:1",
                                                      merge_devices=False)):
            with tf.device("/cpu:0"):
                a = tf.Variable(1.0, name="a")
            b = tf.Variable(1.0, name="b")
        out["merge_false"] = [a.device, b.device]
    out["none"] = tf.train.replica_device_setter(ps_tasks=0)
    out["bad_cluster"] = catch(tf.train.replica_device_setter, cluster={"worker": ["a:1"]})
    return out
