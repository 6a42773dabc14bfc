"""Variations of the public misc_train_utils cases: ExponentialMovingAverage over other dtypes,
scopes and names, decays given as tensors, restoring shadows by name; the learning-rate schedules
with other dtypes, names and errors; global step helpers, slot names and replica_device_setter."""
import os
import shutil
import tempfile

from _harness import catch, message_has


# ---- ema_apply_and_average
def case_x_mvar_ema_float64_and_named(tf):
    v = tf.Variable([1.0, 3.0], dtype=tf.float64, name="v64")
    ema = tf.train.ExponentialMovingAverage(0.5, name="Avg")
    apply = ema.apply([v])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    trail = []
    for new in ([5.0, 5.0], [0.0, 1.0]):
        sess.run(v.assign(new))
        sess.run(apply)
        trail.append(sess.run(ema.average(v)))
    return {"trail": trail, "shadow": ema.average(v).name, "dtype": ema.average(v).dtype.name,
            "average_name": ema.average_name(v), "ema_name": ema.name, "apply_name": apply.name}


def case_x_mvar_ema_in_scopes(tf):
    with tf.variable_scope("model"):
        a = tf.get_variable("a", initializer=2.0)
    with tf.name_scope("train"):
        ema = tf.train.ExponentialMovingAverage(0.9)
        apply = ema.apply([a])
    with tf.variable_scope("outer"):
        ema2 = tf.train.ExponentialMovingAverage(0.8, name="second")
        ema2.apply([a])
    return {"shadow": ema.average(a).name, "shadow2": ema2.average(a).name, "apply_op": apply.name,
            "names": [ema.average_name(a), ema2.average_name(a)],
            "globals": [x.name for x in tf.global_variables()],
            "moving": [x.name for x in tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES)]}


def case_x_mvar_ema_tensor_input_and_none_average(tf):
    v = tf.Variable(4.0, name="v")
    t = v * 2.0
    ema = tf.train.ExponentialMovingAverage(0.5)
    apply = ema.apply([t])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(apply)
    first = sess.run(ema.average(t))
    sess.run(v.assign(1.0))
    sess.run(apply)
    return {"first": first, "second": sess.run(ema.average(t)), "shadow": ema.average(t).name,
            "unknown": ema.average(v), "locals": [x.name for x in tf.local_variables()],
            "globals": [x.name for x in tf.global_variables()]}


# ---- ema_num_updates
def case_x_mvar_ema_num_updates_python_int_and_tensor_decay(tf):
    v = tf.Variable(0.0, name="v")
    decay = tf.placeholder(tf.float32, [])
    ema_int = tf.train.ExponentialMovingAverage(0.99, num_updates=4, name="e1")
    ema_t = tf.train.ExponentialMovingAverage(decay, name="e2")
    a1 = ema_int.apply([v])
    a2 = ema_t.apply([v])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(v.assign(10.0))
    sess.run([a1, a2], {decay: 0.25})
    return sess.run([ema_int.average(v), ema_t.average(v)])


def case_x_mvar_ema_num_updates_global_step(tf):
    gs = tf.train.get_or_create_global_step()
    v = tf.Variable(0.0, name="v")
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=gs, zero_debias=False)
    with tf.control_dependencies([tf.assign(v, tf.cast(gs, tf.float32) * 10.0 + 10.0)]):
        apply = ema.apply([v])
    with tf.control_dependencies([apply]):
        step = tf.assign_add(gs, 1)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for _ in range(3):
        sess.run(step)
        out.append(sess.run([gs, ema.average(v)]))
    return out


# ---- ema_variables_to_restore
def case_x_mvar_ema_restore_map_with_moving_avg_arg(tf):
    with tf.variable_scope("net"):
        a = tf.get_variable("a", initializer=1.0)
        b = tf.get_variable("b", initializer=[2.0])
    loc = tf.Variable(0.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    ema = tf.train.ExponentialMovingAverage(0.5)
    ema.apply([a, b])
    explicit = ema.variables_to_restore([a])
    return {"explicit": {k: v.name for k, v in explicit.items()},
            "default": {k: v.name for k, v in ema.variables_to_restore().items()}, "loc": loc.op.name}


def case_x_mvar_ema_restore_map_with_global_step(tf):
    gs = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0, name="w")
    ema = tf.train.ExponentialMovingAverage(0.5, num_updates=gs)
    ema.apply([w])
    return {k: v.name for k, v in ema.variables_to_restore().items()}


# ---- ema_restore_shadow_values
def case_x_mvar_ema_restore_by_average_name(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(2.0, name="v")
        ema = tf.train.ExponentialMovingAverage(0.25)
        apply = ema.apply([v])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(v.assign(10.0))
        sess.run(apply)
        path = tf.train.Saver().save(sess, os.path.join(d, "m"), global_step=3)
        names = sorted(n for n, _ in tf.train.list_variables(path))
        restorer = tf.train.Saver({ema.average_name(v): v})
        fresh = tf.Session()
        restorer.restore(fresh, path)
        return {"names": names, "restored": fresh.run(v), "path": os.path.basename(path),
                "shadow_unset": catch(fresh.run, ema.average(v))}
    finally:
        shutil.rmtree(d)


# ---- ema_errors
def case_x_mvar_ema_error_classes(tf):
    ema = tf.train.ExponentialMovingAverage(0.9)
    s = tf.Variable("text", name="s")
    return {"string_var": catch(ema.apply, [s]),
            "bool_var": catch(ema.apply, [tf.Variable(True, name="b")]),
            "int64_tensor": catch(ema.apply, [tf.constant(3, tf.int64)]),
            "float16": catch(lambda: ema.apply([tf.Variable(1.0, dtype=tf.float16, name="h")]).type),
            "msg": message_has(lambda: ema.apply([tf.Variable(1, name="i")]), "float")}


def case_x_mvar_ema_apply_none_and_duplicates(tf):
    v = tf.Variable(1.0, name="v")
    ema = tf.train.ExponentialMovingAverage(0.9)
    op = ema.apply()
    dup = catch(lambda: ema.apply([v, v]).type)
    return {"none": op.type, "after_none": [x.name for x in tf.global_variables()], "dup": dup,
            "globals": [x.name for x in tf.global_variables()]}


# ---- exponential_decay
def case_x_mvar_exponential_decay_dtypes_and_names(tf):
    step32 = tf.placeholder(tf.int32, [])
    lr64 = tf.constant(0.2, tf.float64)
    d1 = tf.train.exponential_decay(lr64, step32, 4, 0.5)
    d2 = tf.train.exponential_decay(0.3, step32, 4, 0.1, staircase=True, name="MyDecay")
    sess = tf.Session()
    return {"vals": [sess.run([d1, d2], {step32: s}) for s in (0, 3, 4, 9)],
            "dtypes": [d1.dtype.name, d2.dtype.name], "names": [d1.op.name, d2.op.name]}


def case_x_mvar_other_decays(tf):
    step = tf.placeholder(tf.int64, [])
    sched = {"inverse": tf.train.inverse_time_decay(1.0, step, 2, 0.5),
             "inverse_stairs": tf.train.inverse_time_decay(1.0, step, 2, 0.5, staircase=True),
             "natural": tf.train.natural_exp_decay(1.0, step, 2, 0.5),
             "poly": tf.train.polynomial_decay(1.0, step, 4, end_learning_rate=0.1, power=2.0),
             "poly_cycle": tf.train.polynomial_decay(1.0, step, 4, end_learning_rate=0.1, cycle=True),
             "cosine": tf.train.cosine_decay(1.0, step, 8, alpha=0.1),
             "cosine_restarts": tf.train.cosine_decay_restarts(1.0, step, 3),
             "linear_cosine": tf.train.linear_cosine_decay(1.0, step, 8)}
    sess = tf.Session()
    return {"vals": [sess.run(sched, {step: s}) for s in (0, 3, 6, 11)],
            "names": sorted(t.op.name for t in sched.values())}


def case_x_mvar_decay_errors(tf):
    step = tf.placeholder(tf.int32, [])
    return {"poly_none": catch(tf.train.polynomial_decay, 0.1, None, 10),
            "inverse_none": catch(tf.train.inverse_time_decay, 0.1, None, 10, 0.5),
            "cosine_none": catch(tf.train.cosine_decay, 0.1, None, 10),
            "zero_steps": catch(lambda: tf.Session().run(tf.train.exponential_decay(0.1, step, 0, 0.5), {step: 1})),
            "string_lr": catch(tf.train.exponential_decay, "x", step, 10, 0.5)}


# ---- exponential_decay_drives_optimizer
def case_x_mvar_piecewise_drives_momentum_slots(tf):
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(gs, [2], [1.0, 0.1])
    w = tf.Variable([0.0, 0.0], name="w")
    opt = tf.train.MomentumOptimizer(lr, 0.5)
    train = opt.minimize(tf.reduce_sum(-w * [1.0, 2.0]), global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    trail = []
    for _ in range(4):
        sess.run(train)
        trail.append(sess.run([gs, w, lr]))
    return {"trail": trail, "slots": opt.get_slot_names(), "slot_name": opt.get_slot(w, "momentum").name,
            "globals": [x.name for x in tf.global_variables()], "train": train.name}


def case_x_mvar_decay_with_adam_slots(tf):
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.1, gs, 1, 0.5)
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", initializer=[1.0])
    opt = tf.train.AdamOptimizer(lr)
    train = opt.minimize(tf.reduce_sum(w * w), global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train)
    sess.run(train)
    return {"w": sess.run(w), "gs": sess.run(gs), "slots": sorted(opt.get_slot_names()),
            "globals": sorted(x.name for x in tf.global_variables()), "none_slot": opt.get_slot(gs, "m")}


# ---- piecewise_constant
def case_x_mvar_piecewise_dtypes(tf):
    s64 = tf.placeholder(tf.int64, [])
    sf = tf.placeholder(tf.float32, [])
    a = tf.train.piecewise_constant(s64, [5, 10], [0.1, 0.2, 0.3])
    b = tf.train.piecewise_constant(sf, [0.5, 1.5], [1, 2, 3])
    c = tf.train.piecewise_constant(s64, [3], [tf.constant(1.0, tf.float64), tf.constant(2.0, tf.float64)],
                                    name="pc")
    sess = tf.Session()
    return {"a": [sess.run(a, {s64: s}) for s in (5, 6, 10, 11)], "b": [sess.run(b, {sf: s}) for s in (0.5, 0.6, 2.0)],
            "c": [sess.run(c, {s64: 4})], "dtypes": [a.dtype.name, b.dtype.name, c.dtype.name], "c_name": c.op.name}


def case_x_mvar_piecewise_errors(tf):
    step = tf.placeholder(tf.int32, [])
    return {"mixed_values": catch(tf.train.piecewise_constant, step, [1], [1.0, 2]),
            "empty": catch(tf.train.piecewise_constant, step, [], [1.0]),
            "len_msg": message_has(lambda: tf.train.piecewise_constant(step, [1, 2], [1.0]), "length"),
            "float_boundaries_int_step": catch(lambda: tf.train.piecewise_constant(step, [1.5], [1.0, 2.0]).dtype.name)}


# ---- global step helpers and replica_device_setter
def case_x_mvar_global_step_helpers_errors(tf):
    none_before = tf.train.get_global_step()
    gs = tf.train.create_global_step()
    again = catch(tf.train.create_global_step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"none_before": none_before, "name": gs.name, "dtype": gs.dtype.name, "again": again,
            "same": tf.train.get_or_create_global_step() is gs, "value": tf.train.global_step(sess, gs),
            "collections": [len(tf.get_collection(k)) for k in (tf.GraphKeys.GLOBAL_STEP, tf.GraphKeys.GLOBAL_VARIABLES,
                                                                 tf.GraphKeys.TRAINABLE_VARIABLES)],
            "assert_bad": catch(tf.train.assert_global_step, tf.constant(1.0)),
            "other_graph": tf.train.get_global_step(tf.Graph())}


def case_x_mvar_global_step_wrong_type_collection(tf):
    v = tf.Variable(0.0, name="global_step", trainable=False)
    tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, v)
    return {"get": catch(tf.train.get_global_step), "create": catch(tf.train.create_global_step)}


def case_x_mvar_replica_device_setter_variants(tf):
    with tf.device(tf.train.replica_device_setter(ps_tasks=3, worker_device="/job:worker/task:1")):
        vs = [tf.Variable(float(i), name="v%d" % i) for i in range(4)]
        c = tf.constant(1.0, name="c")
    cluster = tf.train.ClusterSpec({"ps": ["h:1", "h:2"], "worker": ["h:3"]})
    with tf.device(tf.train.replica_device_setter(cluster=cluster, ps_device="/job:ps")):
        w = tf.Variable(1.0, name="w")
        x = tf.constant(2.0, name="x")
    return {"vars": [v.device for v in vs], "const": c.device, "cluster_var": w.device, "cluster_const": x.device,
            "no_ps": tf.train.replica_device_setter(ps_tasks=0), "default_ps": catch(lambda: tf.train.replica_device_setter(
                cluster=tf.train.ClusterSpec({"worker": ["h:1"]})))}
