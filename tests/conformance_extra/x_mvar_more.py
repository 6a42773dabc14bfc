"""More variations of the public misc cases: optimizer slot names over the TF1 optimizers, GFile
modes that refuse the other direction, rot90 with a fed k, standardization of fed empty images,
metrics over float64/int inputs with weights, and replica_device_setter's options."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


def case_x_mvar_optimizer_slot_names(tf):
    out = {}
    makers = {"rms": lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.5),
              "adagrad": lambda: tf.train.AdagradOptimizer(0.1),
              "adadelta": lambda: tf.train.AdadeltaOptimizer(0.1),
              "ftrl": lambda: tf.train.FtrlOptimizer(0.1),
              "nesterov": lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
              "adam": lambda: tf.train.AdamOptimizer(0.1, name="MyAdam")}
    for key, make in makers.items():
        g = tf.Graph()
        with g.as_default():
            with tf.variable_scope("net"):
                w = tf.get_variable("w", initializer=[1.0, -2.0])
            opt = make()
            train = opt.minimize(tf.reduce_sum(w * w))
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run(train)
            out[key] = {"slots": sorted(opt.get_slot_names()),
                        "vars": sorted(v.name for v in tf.global_variables()),
                        "w": sess.run(w), "op": train.name}
    return out


def case_x_mvar_gfile_wrong_direction_and_close(tf):
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "f.txt")
        w = tf.gfile.GFile(p, "w")
        w.write("abc")
        read_on_write = catch(w.read)
        w.close()
        second_close = catch(w.close)
        r = tf.gfile.GFile(p, "r")
        write_on_read = catch(r.write, "x")
        content = r.read()
        r.close()
        with tf.gfile.GFile(p, "a") as f:
            f.write(b"def")
        with tf.gfile.GFile(p, "rb") as f:
            data = f.read()
        return {"read_on_write": read_on_write, "second_close": second_close, "write_on_read": write_on_read,
                "content": content, "data": data, "name": os.path.basename(tf.gfile.GFile(p).name),
                "mode": tf.gfile.GFile(p, "rb").mode}
    finally:
        shutil.rmtree(d)


def case_x_mvar_rot90_fed_k_and_names(tf):
    img = tf.constant(np.arange(6, dtype=np.int32).reshape(2, 3, 1))
    k = tf.placeholder(tf.int32, [])
    r = tf.image.rot90(img, k, name="turn")
    sess = tf.Session()
    return {"vals": [sess.run(r, {k: n}) for n in (0, 1, 2, 3, 5, -1)], "static": r.shape.as_list(),
            "bad_k": catch(tf.image.rot90, img, tf.constant([1, 2])), "square": tf.image.rot90(tf.zeros([3, 3, 1])).shape.as_list()}


def case_x_mvar_standardization_fed_zero_size(tf):
    p = tf.placeholder(tf.float32, [None, None, 1])
    s = tf.image.per_image_standardization(p)
    f = tf.image.flip_left_right(p)
    sess = tf.Session()
    return {"std_empty": catch(sess.run, s, {p: np.zeros([0, 2, 1], np.float32)}),
            "flip_empty": catch(sess.run, f, {p: np.zeros([2, 0, 1], np.float32)}),
            "after": sess.run(f, {p: [[[1.0], [2.0]]]})}


def case_x_mvar_metrics_float64_labels_and_int_predictions(tf):
    labels = tf.constant([1.0, 0.0, 1.0, 1.0], tf.float64)
    preds = tf.constant([1, 0, 0, 1])
    w64 = tf.constant([1.0, 2.0, 1.0, 0.5], tf.float64)
    pairs = {"acc": tf.metrics.accuracy(labels, tf.cast(preds, tf.float64), weights=w64),
             "prec": tf.metrics.precision(labels, preds, weights=w64),
             "mae": tf.metrics.mean_absolute_error(labels, tf.cast(preds, tf.float64), weights=w64),
             "tp": tf.metrics.true_positives(labels, preds),
             "fn": tf.metrics.false_negatives(labels, preds, weights=w64),
             "mpca": tf.metrics.mean_per_class_accuracy(tf.cast(labels, tf.int64), tf.cast(preds, tf.int64), 2)}
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    ups = sess.run({k: u for k, (_, u) in pairs.items()})
    vals = sess.run({k: v for k, (v, _) in pairs.items()})
    return {"ups": ups, "vals": vals, "dtypes": {k: v.dtype.name for k, (v, _) in pairs.items()},
            "locals": [(v.name, v.dtype.base_dtype.name) for v in tf.local_variables()]}


def case_x_mvar_metrics_weights_errors_messages(tf):
    labels = tf.constant([[1, 0], [0, 1]])
    preds = tf.constant([[1, 1], [0, 1]])
    return {"acc_bad": message_has(lambda: tf.metrics.accuracy(labels, preds, weights=tf.ones([3])),
                                   "weights", "values"),
            "prec_bad": catch(tf.metrics.precision, labels, preds, weights=tf.ones([2, 3])),
            "recall_col": catch(lambda: tf.metrics.recall(labels, preds, weights=tf.ones([2, 1]))[0].dtype.name),
            "mean_rank0_w": catch(lambda: tf.metrics.mean(tf.ones([2, 2]), weights=tf.constant(2.0))[0].dtype.name),
            "int_weights": catch(lambda: tf.metrics.mean(tf.ones([2]), weights=tf.constant([1, 2]))[0].dtype.name)}


def case_x_mvar_replica_device_setter_options(tf):
    with tf.device(tf.train.replica_device_setter(ps_tasks=2, ps_device="/job:ps/device:CPU:0",
                                                  worker_device="/job:worker/task:0/device:GPU:0")):
        a = tf.Variable(1.0, name="a")
        b = tf.Variable(2.0, name="b")
        with tf.device("/device:CPU:1"):
            c = tf.Variable(3.0, name="c")
            d = tf.constant(4.0, name="d")
        e = tf.add(a, b, name="e")
    with tf.device(tf.train.replica_device_setter(ps_tasks=2, merge_devices=False)):
        with tf.device("/job:other"):
            f = tf.Variable(5.0, name="f")
    with tf.device(tf.train.replica_device_setter(ps_tasks=1, ps_ops=["Const"])):
        g = tf.constant(1.0, name="g")
    return {"devices": [t.device for t in (a, b, c, d, e, f, g)],
            "initial": a.initializer.device, "read": a.value().device}


def case_x_mvar_hook_after_run_raises_and_mts_summaries(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        x = tf.Variable(1.0, name="x")
        tf.summary.scalar("x_value", x)
        train = tf.assign_add(gs, 1)

        class Bad(tf.train.SessionRunHook):
            def after_run(self, run_context, run_values):
                raise KeyError("after_run failed")

        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_summaries_steps=1, log_step_count_steps=None,
                                               hooks=[tf.train.StopAtStepHook(last_step=2)]) as sess:
            while not sess.should_stop():
                sess.run(train)
        names = sorted(os.listdir(d))
        return {"files": [n for n in names if not n.startswith("events.out.tfevents")],
                "has_events": any(n.startswith("events.out.tfevents") for n in names),
                "bad_hook": catch(lambda: tf.train.MonitoredSession(hooks=[Bad()]).run(x))}
    finally:
        shutil.rmtree(d)


def case_x_mvar_ema_resource_variable_and_decay_names(tf):
    v = tf.get_variable("rv", initializer=3.0, use_resource=True)
    ema = tf.train.ExponentialMovingAverage(0.5)
    apply = ema.apply([v])
    gs = tf.Variable(0, name="step32", trainable=False)
    lr = tf.train.exponential_decay(0.5, gs, 2, 0.5, name="lr_decay")
    pc = tf.train.piecewise_constant(gs, [tf.constant(1), tf.constant(3)], [1.0, 2.0, 3.0])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.assign(v, 5.0))
    sess.run(apply)
    vals = [sess.run([lr, pc])]
    sess.run(gs.assign(3))
    vals.append(sess.run([lr, pc]))
    return {"avg": sess.run(ema.average(v)), "shadow": ema.average(v).name, "vals": vals,
            "lr_name": lr.op.name, "lr_dtype": lr.dtype.name,
            "shadow_resource": type(ema.average(v)).__name__ == type(v).__name__}
