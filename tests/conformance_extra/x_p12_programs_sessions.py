"""Whole TF1 programs around sessions and their managers, round 12: tf.train.Supervisor with a
managed session, a hand-written SessionRunHook under MonitoredSession, a Scaffold with init_fn,
simple_save then loader.load, replica_device_setter placement, and a training loop that survives
bad feeds."""
import os

import numpy as np

from _casekit import in_tmp, wave
from _harness import catch, message_has


def _line(n=8):
    xs = np.linspace(0.0, 1.0, n).astype(np.float32)
    return xs, (1.5 * xs - 0.5).astype(np.float32)


def case_x_p12_supervisor_managed_session(tf):
    xs, ys = _line()

    def body(d):
        with tf.Graph().as_default():
            global_step = tf.Variable(0, trainable=False, name="global_step")
            W = tf.Variable(0.0, name="W")
            loss = tf.reduce_mean(tf.square(W * xs - 0.5 - ys))
            train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=global_step)
            sv = tf.train.Supervisor(logdir=d, global_step=global_step, save_model_secs=0, save_summaries_secs=0)
            trace = []
            with sv.managed_session() as sess:
                for _ in range(4):
                    if sv.should_stop():
                        break
                    trace.append(sess.run([train, loss, global_step])[1:])
                sv.saver.save(sess, sv.save_path, global_step=global_step)
            finalized = tf.get_default_graph().finalized
        with tf.Graph().as_default():
            global_step = tf.Variable(0, trainable=False, name="global_step")
            W = tf.Variable(0.0, name="W")
            sv = tf.train.Supervisor(logdir=d, global_step=global_step, save_model_secs=0, save_summaries_secs=0)
            with sv.managed_session() as sess:
                resumed = sess.run([W, global_step])
        return {"trace": trace, "resumed": resumed, "finalized": finalized,
                "ckpt": os.path.basename(tf.train.latest_checkpoint(d))}

    return in_tmp(body)


def case_x_p12_custom_session_run_hook(tf):
    xs, ys = _line()
    events = []

    class LossRecorder(tf.train.SessionRunHook):
        def __init__(self, loss, every):
            self._loss, self._every, self._count = loss, every, 0

        def begin(self):
            self._step = tf.train.get_global_step()
            events.append(("begin", self._step.op.name))

        def after_create_session(self, session, coord):
            events.append(("created", int(session.run(self._step))))

        def before_run(self, run_context):
            self._count += 1
            if self._count % self._every == 0:
                return tf.train.SessionRunArgs({"loss": self._loss, "step": self._step})
            return None

        def after_run(self, run_context, run_values):
            if run_values.results is not None:
                events.append(("after", round(float(run_values.results["loss"]), 5), int(run_values.results["step"])))
                if run_values.results["step"] >= 5:
                    run_context.request_stop()

        def end(self, session):
            events.append(("end", int(session.run(self._step))))

    global_step = tf.train.get_or_create_global_step()
    W = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(W * xs - 0.5 - ys))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=global_step)
    runs = 0
    with tf.train.MonitoredSession(hooks=[LossRecorder(loss, 2)]) as sess:
        while not sess.should_stop():
            sess.run(train)
            runs += 1
    return {"events": events, "runs": runs}


def case_x_p12_scaffold_init_fn_and_ready_op(tf):
    pretrained = wave([2, 2], 0.9)
    calls = []
    W = tf.Variable(tf.zeros([2, 2]), name="W")
    b = tf.Variable(tf.ones([2]), name="b")
    out = tf.reduce_sum(tf.matmul(tf.ones([1, 2]), W) + b)

    def init_fn(scaffold, session):
        calls.append(type(scaffold).__name__)
        W.load(pretrained, session)

    scaffold = tf.train.Scaffold(init_fn=init_fn)
    creator = tf.train.ChiefSessionCreator(scaffold=scaffold)
    with tf.train.MonitoredSession(session_creator=creator) as sess:
        got = sess.run([out, W])
        raw_graph = sess.graph is tf.get_default_graph()
    return {"got": got, "calls": calls, "raw_graph": raw_graph, "ready": scaffold.ready_op.name,
            "init_op": scaffold.init_op.type, "local_init": scaffold.local_init_op.type,
            "saver": type(scaffold.saver).__name__}


def case_x_p12_simple_save_then_loader_load(tf):
    def body(d):
        export = os.path.join(d, "export")
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 2], name="x")
            W = tf.Variable(wave([2, 3], 0.6), name="W")
            y = tf.nn.softmax(tf.matmul(x, W), name="y")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                tf.saved_model.simple_save(sess, export, inputs={"x": x}, outputs={"y": y})
                expected = sess.run(y, {x: wave([2, 2], 1.0)})
        with tf.Graph().as_default() as g:
            with tf.Session() as sess:
                meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export)
                sig = meta.signature_def[tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
                xin = g.get_tensor_by_name(sig.inputs["x"].name)
                yout = g.get_tensor_by_name(sig.outputs["y"].name)
                got = sess.run(yout, {xin: wave([2, 2], 1.0)})
                wrong_tag = catch(tf.saved_model.loader.load, tf.Session(graph=tf.Graph()), ["gpu"], export)
        return {"expected": expected, "got": got, "method": sig.method_name, "keys": sorted(meta.signature_def),
                "in": sig.inputs["x"].name, "out": sig.outputs["y"].name, "wrong_tag": wrong_tag,
                "exists": tf.saved_model.loader.maybe_saved_model_directory(export),
                "files": sorted(os.listdir(export))}

    return in_tmp(body)


def case_x_p12_replica_device_setter_placement(tf):
    setter = tf.train.replica_device_setter(ps_tasks=2, worker_device="/job:worker/task:0")
    with tf.Graph().as_default(), tf.device(setter):
        w1 = tf.Variable(wave([3, 2]), name="w1")
        w2 = tf.Variable(tf.zeros([2]), name="w2")
        w3 = tf.get_variable("w3", [2, 2])
        x = tf.constant(wave([1, 3]))
        y = tf.matmul(x, w1) + w2
        with tf.device("/gpu:1"):
            z = tf.matmul(y, w3)
        step = tf.train.get_or_create_global_step()
        devs = {"w1": w1.device, "w2": w2.device, "w3": w3.device, "y": y.device, "z": z.device,
                "step": step.device, "read": w1.value().device, "init": w1.initializer.device}
    return devs


def case_x_p12_training_loop_survives_bad_feeds(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="features")
    y = tf.placeholder(tf.float32, [None], name="targets")
    w = tf.Variable(tf.zeros([3, 1]), name="w")
    pred = tf.squeeze(tf.matmul(x, w), 1)
    loss = tf.reduce_mean(tf.square(pred - y), name="mse")
    check = tf.debugging.check_numerics(loss, "loss is bad")
    train = tf.train.GradientDescentOptimizer(0.2).minimize(check)
    xs = wave([5, 3], 1.0)
    ys = np.arange(5, dtype=np.float32) * 0.1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run([train, loss], {x: xs, y: ys})[1]
        shape_err = message_has(lambda: sess.run(train, {x: xs[:, :2], y: ys}), "features", "shape")
        rank_err = message_has(lambda: sess.run(train, {x: xs, y: ys.reshape(5, 1)}), "targets", "shape")
        mismatch = catch(sess.run, train, {x: xs, y: ys[:3]})
        missing = message_has(lambda: sess.run(train, {x: xs}), "targets", "placeholder")
        nan = message_has(lambda: sess.run(train, {x: xs, y: np.full(5, np.nan, np.float32)}), "loss is bad")
        after = [sess.run([train, loss], {x: xs, y: ys})[1] for _ in range(2)]
        wv = sess.run(w)
    return {"first": first, "shape": shape_err, "rank": rank_err, "mismatch": mismatch, "missing": missing,
            "nan": nan, "after": after, "w": wv}
