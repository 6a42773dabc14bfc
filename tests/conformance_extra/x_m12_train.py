"""Second-pass variations of the public misc_train_utils cases: ExponentialMovingAverage with
zero_debias, ResourceVariables, control dependencies on a train op, several apply() calls and
export/import; decays (polynomial cycle, cosine/linear_cosine, inverse_time, natural_exp) fed
through placeholders and inside an optimizer; piecewise_constant dtype checks and boundaries;
global step errors and checkpoint utilities."""
import os

from _harness import catch, message_has
from _casekit import in_tmp


# ---- ema_apply_and_average
def case_x_m12_ema_zero_debias_and_resource(tf):
    v = tf.Variable(4.0, name="v")
    r = tf.get_variable("r", initializer=[1.0, 2.0], use_resource=True)
    ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
    apply = ema.apply([v, r])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    trail = []
    for new in (8.0, 2.0):
        sess.run([v.assign(new), r.assign([3.0, 5.0])])
        sess.run(apply)
        trail.append(sess.run([ema.average(v), ema.average(r)]))
    return {"trail": trail, "globals": [x.name for x in tf.global_variables()],
            "shadow_types": [type(ema.average(v)).__name__ == type(v).__name__,
                             type(ema.average(r)).__name__ == type(r).__name__],
            "moving": [x.name for x in tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES)]}


def case_x_m12_ema_with_train_op_control_deps(tf):
    w = tf.Variable(0.0, name="w")
    loss = tf.square(w - 10.0)
    opt = tf.train.GradientDescentOptimizer(0.1)
    step = opt.minimize(loss)
    ema = tf.train.ExponentialMovingAverage(0.75)
    with tf.control_dependencies([step]):
        train = ema.apply([w])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for _ in range(3):
        sess.run(train)
        out.append(sess.run([w, ema.average(w)]))
    return {"trail": out, "train_type": train.type, "train_name": train.name,
            "deps": sorted(op.name for op in train.control_inputs)}


# ---- ema_num_updates
def case_x_m12_ema_num_updates_placeholder_and_decay_tensor(tf):
    v = tf.Variable(0.0, name="v")
    n = tf.placeholder(tf.int64, [])
    decay = tf.placeholder(tf.float32, [])
    ema = tf.train.ExponentialMovingAverage(decay, num_updates=n)
    apply = ema.apply([v])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for i, (nv, d) in enumerate(((1, 0.9), (100, 0.9), (100, 0.2))):
        sess.run(v.assign(float(10 * (i + 1))))
        sess.run(apply, {n: nv, decay: d})
        out.append(sess.run(ema.average(v)))
    missing = catch(sess.run, apply, {decay: 0.5})
    return {"out": out, "missing_feed": missing}


# ---- ema_variables_to_restore
def case_x_m12_ema_restore_map_scoped_name_and_partial(tf):
    with tf.variable_scope("m"):
        a = tf.get_variable("a", initializer=1.0)
        b = tf.get_variable("b", initializer=2.0)
    loc = tf.Variable(0.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    ema = tf.train.ExponentialMovingAverage(0.5, name="Ema")
    ema.apply([a])
    return {"map": sorted((k, v.name) for k, v in ema.variables_to_restore().items()),
            "map_list": sorted((k, v.name) for k, v in ema.variables_to_restore([b]).items()),
            "names": [ema.average_name(a), ema.average_name(b), ema.average_name(loc)],
            "loc": loc.name}


# ---- ema_restore_shadow_values
def case_x_m12_ema_shadow_saved_and_imported(tf):
    def body(d):
        v = tf.Variable([1.0, 2.0], name="v")
        ema = tf.train.ExponentialMovingAverage(0.5)
        apply = ema.apply([v])
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(v.assign([5.0, 6.0]))
        sess.run(apply)
        path = saver.save(sess, os.path.join(d, "m"))
        reader = tf.train.load_checkpoint(path)
        g = tf.Graph()
        with g.as_default():
            s2 = tf.train.import_meta_graph(path + ".meta")
            fresh = tf.Session()
            s2.restore(fresh, path)
            shadow = fresh.run("v/ExponentialMovingAverage:0")
            moving = [x.name for x in tf.get_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES)]
        return {"keys": sorted(reader.get_variable_to_shape_map()), "shadow": shadow, "moving": moving,
                "listed": sorted(n for n, _ in tf.train.list_variables(d))}
    return in_tmp(body)


# ---- ema_errors
def case_x_m12_ema_error_messages(tf):
    v = tf.Variable(1.0, name="v")
    ema = tf.train.ExponentialMovingAverage(0.9)
    return {"int": message_has(lambda: ema.apply([tf.Variable(1, name="iv")]), "float", "iv"),
            "string": catch(ema.apply, [tf.constant("s")]),
            "float16": isinstance(catch(ema.apply, [tf.Variable(1.0, dtype=tf.float16, name="h")]), tf.Operation),
            "int_tensor": catch(ema.apply, [tf.constant(1)]),
            "average_unknown": ema.average(v)}


# ---- decays
def case_x_m12_polynomial_cycle_and_power(tf):
    step = tf.placeholder(tf.int32, [])
    cyc = tf.train.polynomial_decay(1.0, step, 10, end_learning_rate=0.1, power=2.0, cycle=True)
    flat = tf.train.polynomial_decay(1.0, step, 10, end_learning_rate=0.1, power=0.5)
    sess = tf.Session()
    return {"cyc": [sess.run(cyc, {step: s}) for s in (0, 5, 10, 11, 25)],
            "flat": [sess.run(flat, {step: s}) for s in (0, 5, 10, 30)],
            "names": [cyc.op.name, flat.op.name], "dtype": cyc.dtype.name}


def case_x_m12_cosine_family_fed(tf):
    step = tf.placeholder(tf.int64, [])
    cos = tf.train.cosine_decay(0.5, step, 8, alpha=0.1)
    restarts = tf.train.cosine_decay_restarts(1.0, step, 4, t_mul=2.0, m_mul=0.5, alpha=0.0)
    lin = tf.train.linear_cosine_decay(1.0, step, 8, num_periods=1.0, alpha=0.1, beta=0.2)
    inv = tf.train.inverse_time_decay(1.0, step, 3, 0.5, staircase=True)
    nat = tf.train.natural_exp_decay(1.0, step, 3, 0.5)
    sess = tf.Session()
    steps = (0, 3, 4, 9, 20)
    return {k: [sess.run(t, {step: s}) for s in steps]
            for k, t in {"cos": cos, "restarts": restarts, "lin": lin, "inv": inv, "nat": nat}.items()}


def case_x_m12_noisy_linear_cosine_shape_and_errors(tf):
    step = tf.constant(3, tf.int64)
    noisy = tf.train.noisy_linear_cosine_decay(1.0, step, 10)
    return {"dtype": noisy.dtype.name, "shape": noisy.shape.as_list(),
            "no_step": catch(tf.train.noisy_linear_cosine_decay, 1.0, None, 10),
            "cos_no_step": catch(tf.train.cosine_decay, 1.0, None, 10),
            "poly_no_step": catch(tf.train.polynomial_decay, 1.0, None, 10),
            "restart_no_step": catch(tf.train.cosine_decay_restarts, 1.0, None, 10)}


def case_x_m12_decay_float64_and_tensor_args(tf):
    step = tf.Variable(5, dtype=tf.int64, name="step", trainable=False)
    lr = tf.train.exponential_decay(tf.constant(0.1, tf.float64), step, tf.constant(10), 0.5)
    poly = tf.train.polynomial_decay(tf.constant(1.0, tf.float64), step, 10)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"lr": sess.run(lr), "poly": sess.run(poly), "dtypes": [lr.dtype.name, poly.dtype.name],
            "zero_steps": catch(lambda: sess.run(tf.train.exponential_decay(0.1, step, 0, 0.5))),
            "poly_zero": catch(lambda: sess.run(tf.train.polynomial_decay(1.0, step, 0)))}


# ---- piecewise_constant
def case_x_m12_piecewise_dtype_checks(tf):
    s64 = tf.placeholder(tf.int64, [])
    f = tf.placeholder(tf.float32, [])
    lr64 = tf.train.piecewise_constant(s64, [5, 10], [0.3, 0.2, 0.1])
    lrf = tf.train.piecewise_constant(f, [0.5, 1.5], [1, 2, 3])
    sess = tf.Session()
    return {"lr64": [sess.run(lr64, {s64: s}) for s in (5, 6, 11)],
            "lrf": [sess.run(lrf, {f: s}) for s in (0.5, 0.75, 2.0)],
            "dtypes": [lr64.dtype.name, lrf.dtype.name],
            "mixed_values": catch(tf.train.piecewise_constant, s64, [5], [1.0, 2]),
            "float_bounds_int_step": catch(tf.train.piecewise_constant, s64, [0.5], [1.0, 2.0]),
            "empty": catch(tf.train.piecewise_constant, s64, [], [1.0]),
            "names": lr64.op.name}


def case_x_m12_piecewise_in_optimizer_and_global_step(tf):
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(gs, [1, 2], [1.0, 0.5, 0.25], name="sched")
    w = tf.Variable(0.0, name="w")
    train = tf.train.GradientDescentOptimizer(lr).minimize(-w, global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    trail = []
    for _ in range(4):
        trail.append(sess.run(lr))
        sess.run(train)
    return {"trail": trail, "w": sess.run(w), "name": lr.op.name,
            "again": catch(tf.train.create_global_step),
            "get": tf.train.get_global_step().name}


# ---- global step and checkpoint utilities
def case_x_m12_global_step_errors_and_checkpoint_utils(tf):
    def body(d):
        bad = tf.Variable(0.5, name="global_step", trainable=False)
        tf.add_to_collection(tf.GraphKeys.GLOBAL_STEP, bad)
        wrong = message_has(lambda: tf.train.get_global_step(), "Invalid global step", "global_step")
        g = tf.Graph()
        with g.as_default():
            gs = tf.train.create_global_step()
            tf.Variable([1.0, 2.0], name="v")
            saver = tf.train.Saver()
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            path = saver.save(sess, os.path.join(d, "ck"), global_step=7)
            out = {"wrong": wrong, "gs": [gs.name, gs.dtype.name, gs.shape.as_list()],
                   "read": tf.train.global_step(sess, gs),
                   "exists": [tf.train.checkpoint_exists(path), tf.train.checkpoint_exists(os.path.join(d, "zz"))],
                   "list": tf.train.list_variables(d),
                   "load": tf.train.load_variable(d, "v"),
                   "missing_var": catch(tf.train.load_variable, d, "nope"),
                   "latest_none": tf.train.latest_checkpoint(os.path.join(d, "empty")),
                   "mtimes": len(tf.train.get_checkpoint_mtimes([path]))}
        return out
    return in_tmp(body)
