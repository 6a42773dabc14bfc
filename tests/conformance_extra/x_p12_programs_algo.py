"""Whole TF1 programs built around one technique, round 12: while_loop algorithms (bisection, GCD with
maximum_iterations, Collatz, Fibonacci into a TensorArray), custom gradients by gradient_override_map
and tf.custom_gradient, an ExponentialMovingAverage loop restored through variables_to_restore,
learning-rate schedules driven by the global step, a tf.metrics evaluation loop with local
variables, and a flags-driven main run by tf.app.run(argv=...)."""
import os

import numpy as np

from _casekit import in_tmp, wave
from _harness import catch, message_has


def case_x_p12_while_loop_bisection_and_gcd(tf):
    def f(x):
        return x * x * x - 2.0 * x - 5.0

    lo0, hi0 = tf.constant(2.0, tf.float64), tf.constant(3.0, tf.float64)

    def cond(i, lo, hi):
        return tf.logical_and(i < 60, hi - lo > 1e-9)

    def body(i, lo, hi):
        mid = (lo + hi) / 2.0
        left = f(lo) * f(mid) <= 0
        return i + 1, tf.where(left, lo, mid), tf.where(left, mid, hi)

    iters, lo, hi = tf.while_loop(cond, body, [tf.constant(0), lo0, hi0])
    a = tf.placeholder(tf.int64, [])
    b = tf.placeholder(tf.int64, [])
    g_a, g_b = tf.while_loop(lambda x, y: tf.not_equal(y, 0), lambda x, y: (y, tf.mod(x, y)), [a, b],
                             maximum_iterations=50, name="gcd")
    capped = tf.while_loop(lambda x, y: tf.not_equal(y, 0), lambda x, y: (y, tf.mod(x, y)), [a, b],
                           maximum_iterations=2)
    with tf.Session() as sess:
        root = sess.run([iters, lo, hi])
        gcds = [sess.run(g_a, {a: p, b: q}) for p, q in [(1071, 462), (17, 5), (0, 9), (12, 0)]]
        cap = sess.run(capped, {a: 1071, b: 462})
        div0 = catch(sess.run, tf.mod(a, b), {a: 3, b: 0})
        after = sess.run(g_a, {a: 48, b: 18})
    return {"root": root, "gcds": gcds, "capped": cap, "div0": div0, "after": after, "gcd_name": g_a.name,
            "dtypes": [lo.dtype.name, g_a.dtype.name], "shape": g_a.shape.as_list()}


def case_x_p12_while_loop_collatz_and_fibonacci_tensor_array(tf):
    n = tf.placeholder(tf.int32, [], name="n")

    def collatz_body(x, steps):
        nxt = tf.cond(tf.equal(x % 2, 0), lambda: x // 2, lambda: 3 * x + 1)
        return nxt, steps + 1

    _, steps = tf.while_loop(lambda x, s: x > 1, collatz_body, [n, 0], parallel_iterations=1)
    ta = tf.TensorArray(tf.int64, size=n, element_shape=[])

    def fib_body(i, a, b, arr):
        return i + 1, b, a + b, arr.write(i, a)

    _, _, _, fib_ta = tf.while_loop(lambda i, *_: i < n, fib_body,
                                    [0, tf.constant(0, tf.int64), tf.constant(1, tf.int64), ta])
    fib = fib_ta.stack()
    x0 = tf.constant([1.0, 2.0, 3.0])
    _, series = tf.while_loop(lambda i, acc: i < 4, lambda i, acc: (i + 1, tf.concat([acc, acc[-1:] * 0.5], 0)),
                              [0, x0], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    bad = message_has(lambda: tf.while_loop(lambda i, acc: i < 2,
                                            lambda i, acc: (i + 1, tf.concat([acc, acc], 0)), [0, x0]),
                      "shape", "invariant")
    with tf.Session() as sess:
        res = [sess.run([steps, fib], {n: k}) for k in (6, 7, 1)]
        ser = sess.run(series)
    return {"res": res, "series": ser, "bad": bad, "fib_shape": fib.shape.as_list(),
            "series_shape": series.shape.as_list(), "steps_dtype": steps.dtype.name}


def case_x_p12_gradient_override_map_straight_through(tf):
    x = tf.Variable(wave([6], 1.2), name="x")
    g = tf.get_default_graph()
    with g.gradient_override_map({"Sign": "Identity", "Round": "Identity"}):
        binary = tf.sign(x)
        rounded = tf.round(x * 2.0)
    plain = tf.sign(x)
    loss = tf.reduce_sum(binary * tf.constant([1.0, -1.0, 2.0, -2.0, 0.5, 3.0])) + tf.reduce_sum(rounded)
    grads = tf.gradients(loss, x)
    plain_grad = tf.gradients(tf.reduce_sum(plain), x)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gv, pg = sess.run([grads[0], plain_grad[0]])
        trace = [sess.run([train, loss])[1] for _ in range(3)]
        xv = sess.run(x)
    attr = [catch(binary.op.get_attr, "_gradient_op_type"), catch(plain.op.get_attr, "_gradient_op_type")]
    return {"grad": gv, "plain": pg, "trace": trace, "x": xv, "attr": attr}


def case_x_p12_custom_gradient_clip_and_stable_log1pexp(tf):
    @tf.custom_gradient
    def clip_gradient(x):
        def grad(dy):
            return tf.clip_by_value(dy, -0.5, 0.5)
        return tf.identity(x), grad

    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.log(1 + e), grad

    w = tf.Variable([3.0, -2.0, 0.1], name="w")
    x = tf.constant([100.0, 1.0, -3.0])
    y = log1pexp(x * w)
    loss = tf.reduce_sum(clip_gradient(w * 4.0) ** 2)
    dy = tf.gradients(y, w)[0]
    dl = tf.gradients(loss, w)[0]
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run([y, dy, dl])
        trace = [sess.run([train, loss])[1] for _ in range(3)]
    return {"vals": vals, "trace": trace, "dtype": y.dtype.name, "shape": y.shape.as_list()}


def case_x_p12_ema_training_then_variables_to_restore(tf):
    xs = np.linspace(0, 1, 8).astype(np.float32)
    ys = 3 * xs + 1

    def body(d):
        path = os.path.join(d, "ema")
        with tf.Graph().as_default():
            W = tf.Variable(0.0, name="W")
            b = tf.Variable(0.0, name="b")
            loss = tf.reduce_mean(tf.square(W * xs + b - ys))
            global_step = tf.train.get_or_create_global_step()
            opt = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=global_step)
            ema = tf.train.ExponentialMovingAverage(0.9, num_updates=global_step, zero_debias=False)
            with tf.control_dependencies([opt]):
                train_op = ema.apply([W, b])
            shadow = [ema.average(W), ema.average(b)]
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                trace = []
                for _ in range(5):
                    sess.run(train_op)
                    trace.append(sess.run([W] + shadow))
                tf.train.Saver().save(sess, path)
            names = [ema.average_name(W), shadow[0].op.name]
            moving = sorted(v.op.name for v in tf.moving_average_variables())
        with tf.Graph().as_default():
            W2 = tf.Variable(0.0, name="W")
            b2 = tf.Variable(0.0, name="b")
            ema2 = tf.train.ExponentialMovingAverage(0.9)
            to_restore = ema2.variables_to_restore()
            with tf.Session() as sess:
                tf.train.Saver(to_restore).restore(sess, path)
                restored = sess.run([W2, b2])
        return {"trace": trace, "names": names, "moving": moving, "restored": restored,
                "map": sorted((k, v.op.name) for k, v in to_restore.items())}

    return in_tmp(body)


def case_x_p12_learning_rate_schedules_with_global_step(tf):
    global_step = tf.train.get_or_create_global_step()
    schedules = {
        "exp": tf.train.exponential_decay(0.1, global_step, 3, 0.5, staircase=True),
        "exp_smooth": tf.train.exponential_decay(0.1, global_step, 3, 0.5),
        "piecewise": tf.train.piecewise_constant(global_step, [2, 5], [1.0, 0.5, 0.1]),
        "poly": tf.train.polynomial_decay(0.1, global_step, 6, 0.01, power=2.0),
        "poly_cycle": tf.train.polynomial_decay(0.1, global_step, 3, 0.01, cycle=True),
        "inv": tf.train.inverse_time_decay(0.1, global_step, 2, 0.5, staircase=True),
        "nat": tf.train.natural_exp_decay(0.1, global_step, 4, 0.3),
        "cos": tf.train.cosine_decay(0.1, global_step, 6, alpha=0.1),
        "cos_restarts": tf.train.cosine_decay_restarts(0.1, global_step, 3, t_mul=2.0, m_mul=0.5),
        "linear_cos": tf.train.linear_cosine_decay(0.1, global_step, 6, num_periods=1.0),
    }
    w = tf.Variable(2.0)
    loss = tf.square(w)
    train = tf.train.GradientDescentOptimizer(schedules["exp"]).minimize(loss, global_step=global_step)
    table = {k: [] for k in schedules}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ws = []
        for _ in range(8):
            vals = sess.run(schedules)
            for k in schedules:
                table[k].append(vals[k])
            sess.run(train)
            ws.append(sess.run(w))
        step = sess.run(global_step)
    return {"table": table, "ws": ws, "step": step, "dtypes": {k: v.dtype.name for k, v in schedules.items()},
            "names": {k: v.op.name for k, v in schedules.items()}}


def case_x_p12_metrics_eval_loop_reset(tf):
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    scores = tf.placeholder(tf.float32, [None])
    acc, acc_up = tf.metrics.accuracy(labels, preds, name="acc")
    prec, prec_up = tf.metrics.precision(labels, preds)
    rec, rec_up = tf.metrics.recall(labels, preds)
    auc, auc_up = tf.metrics.auc(labels, scores, num_thresholds=20)
    miou, miou_up = tf.metrics.mean_iou(labels, preds, num_classes=2)
    mean, mean_up = tf.metrics.mean(scores, weights=tf.cast(labels + 1, tf.float32))
    updates = tf.group(acc_up, prec_up, rec_up, auc_up, miou_up, mean_up)
    batches = [([1, 0, 1, 1], [1, 0, 0, 1], [0.9, 0.2, 0.4, 0.7]),
               ([0, 0, 1, 0], [1, 0, 1, 0], [0.6, 0.1, 0.8, 0.3]),
               ([1, 1, 0, 0], [1, 1, 0, 1], [0.95, 0.85, 0.15, 0.55])]
    running_vars = tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES, scope="acc")
    reset = tf.variables_initializer(running_vars)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        before = catch(sess.run, acc)
        trace = []
        for l, p, s in batches:
            sess.run(updates, {labels: l, preds: p, scores: s})
            trace.append(sess.run([acc, prec, rec, auc, miou, mean]))
        sess.run(reset)
        after_reset = sess.run([acc, prec])
        sess.run(acc_up, {labels: [1, 1], preds: [1, 0]})
        again = sess.run(acc)
    return {"before": before, "trace": trace, "after_reset": after_reset, "again": again,
            "running": [v.op.name for v in running_vars],
            "metric_vars": sorted(v.op.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)),
            "globals": len(tf.global_variables())}


def case_x_p12_app_flags_main_via_app_run(tf):
    flags = tf.app.flags
    flags.DEFINE_float("x_p12_learning_rate", 0.25, "Initial learning rate.")
    flags.DEFINE_integer("x_p12_steps", 3, "Steps to run.")
    flags.DEFINE_string("x_p12_name", "model", "Model name.")
    flags.DEFINE_boolean("x_p12_verbose", False, "Verbose.")
    FLAGS = flags.FLAGS
    results = {}

    def main(argv):
        W = tf.Variable(1.0, name=FLAGS.x_p12_name)
        loss = tf.square(W - 3.0)
        train = tf.train.GradientDescentOptimizer(FLAGS.x_p12_learning_rate).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            results["trace"] = [sess.run([train, loss])[1] for _ in range(FLAGS.x_p12_steps)]
        results["argv"] = list(argv)
        results["flags"] = (FLAGS.x_p12_learning_rate, FLAGS.x_p12_steps, FLAGS.x_p12_name, FLAGS.x_p12_verbose)
        results["var"] = W.name
        return 0

    try:
        tf.app.run(main=main, argv=["prog", "--x_p12_learning_rate=0.1", "--x_p12_steps", "4",
                                    "--x_p12_name=linear", "--x_p12_verbose", "extra_arg"])
    except SystemExit as e:
        results["exit"] = e.code
    return results
