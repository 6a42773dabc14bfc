"""Training programs as TF1 projects write them, second sweep: learning-rate schedules driven by a
global step, global-norm clipping with None gradients, batch norm under UPDATE_OPS, tf.layers models
shared by reuse, multi-tower gradient averaging over devices, gradient accumulation, monitored
sessions with hooks resumed from a checkpoint, Saver retention, transfer learning from a checkpoint,
a moving-average evaluation model, and regularization losses.

Weights start from fixed values or seeded initializers whose bits match TensorFlow's; checkpoint
folders are temporary and only their file names are compared."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch


def _xy(n=16, d=3, phase=0.0):
    xs = np.cos(np.arange(n * d).reshape(n, d) * 0.53 + phase).astype(np.float32)
    ys = (xs @ np.array([0.8, -1.2, 0.4], np.float32)[:d] + 0.3).astype(np.float32)
    return xs, ys


def case_x_train_learning_rate_schedules(tf):
    step = tf.train.get_or_create_global_step()
    schedules = {
        "piecewise": tf.train.piecewise_constant(step, [3, 6], [1.0, 0.5, 0.1]),
        "exp": tf.train.exponential_decay(0.5, step, 4, 0.8),
        "exp_stair": tf.train.exponential_decay(0.5, step, 4, 0.8, staircase=True),
        "poly": tf.train.polynomial_decay(0.1, step, 6, 0.01, power=2.0),
        "poly_cycle": tf.train.polynomial_decay(0.1, step, 3, 0.01, cycle=True),
        "cosine": tf.train.cosine_decay(0.2, step, 8, alpha=0.1),
        "restarts": tf.train.cosine_decay_restarts(0.2, step, 3, t_mul=2.0, m_mul=0.5),
        "inverse": tf.train.inverse_time_decay(0.3, step, 2, 0.5, staircase=True),
        "natural": tf.train.natural_exp_decay(0.3, step, 2, 0.5),
        "linear_cosine": tf.train.linear_cosine_decay(0.3, step, 8, num_periods=1.5),
    }
    w = tf.Variable(1.0)
    opt = tf.train.GradientDescentOptimizer(schedules["piecewise"])
    train = opt.minimize(tf.square(w - 3.0), global_step=step)
    table = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(10):
            table.append(sess.run(schedules))
            sess.run(train)
        return {"table": table, "w": sess.run(w), "step": sess.run(step),
                "names": sorted(t.op.name for t in schedules.values())}


def case_x_train_clip_global_norm_with_none_gradients(tf):
    xs, ys = _xy()
    w = tf.Variable(np.full([3], 0.5, np.float32), name="w")
    b = tf.Variable(0.0, name="b")
    unused = tf.Variable(np.ones(2, np.float32), name="unused")
    loss = tf.reduce_mean(tf.square(tf.reduce_sum(xs * w, 1) + b - ys))
    opt = tf.train.GradientDescentOptimizer(0.5)
    grads_and_vars = opt.compute_gradients(loss, var_list=[w, b, unused])
    grads, variables = zip(*grads_and_vars)
    clipped, norm = tf.clip_by_global_norm(grads, 0.5)
    kept = [(g, v) for g, v in zip(clipped, variables) if g is not None]
    train = opt.apply_gradients(kept)
    no_grads = catch(opt.apply_gradients, [(None, unused)])
    trace = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            trace.append(sess.run(norm))
            sess.run(train)
        return {"none": [g is None for g in clipped], "trace": trace, "w": sess.run(w), "b": sess.run(b),
                "unused": sess.run(unused), "no_grads": no_grads,
                "clip_norm": sess.run(tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0))}


def case_x_train_batch_norm_update_ops(tf):
    xs, ys = _xy(12)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    training = tf.placeholder_with_default(False, [], name="training")
    h = tf.layers.dense(x, 4, kernel_initializer=tf.constant_initializer(np.linspace(-1, 1, 12).reshape(3, 4)),
                        use_bias=False, name="fc1")
    h = tf.layers.batch_normalization(h, momentum=0.9, training=training, name="bn")
    h = tf.nn.relu(h)
    pred = tf.squeeze(tf.layers.dense(h, 1, kernel_initializer=tf.constant_initializer(0.3), name="out"), 1)
    loss = tf.reduce_mean(tf.square(pred - y))
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
    moving = [v for v in tf.global_variables() if "moving" in v.name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([train, loss], {x: xs, y: ys, training: True})[1] for _ in range(5)]
        return {"losses": losses, "update_ops": sorted(op.name for op in update_ops),
                "moving": sess.run(moving), "moving_names": [v.op.name for v in moving],
                "eval": sess.run(loss, {x: xs, y: ys}), "trainable": sorted(v.op.name for v in tf.trainable_variables())}


def case_x_train_layers_model_reuse_train_eval(tf):
    xs, ys = _xy(10)
    labels = (ys > 0).astype(np.int64)

    def model(inputs, is_training, reuse):
        with tf.variable_scope("model", reuse=reuse):
            h = tf.layers.dense(inputs, 5, tf.nn.relu, kernel_initializer=tf.glorot_uniform_initializer(seed=4),
                                name="hidden")
            h = tf.layers.dropout(h, rate=0.5, training=is_training, seed=9)
            return tf.layers.dense(h, 2, kernel_initializer=tf.glorot_uniform_initializer(seed=5), name="logits")

    x = tf.constant(xs)
    train_logits = model(x, True, False)
    eval_logits = model(x, False, True)
    loss = tf.losses.sparse_softmax_cross_entropy(labels, train_logits)
    train = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
    acc = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(eval_logits, 1), labels), tf.float32))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(acc)
        for _ in range(5):
            sess.run(train)
        return {"vars": sorted(v.name for v in tf.global_variables()), "before": before, "after": sess.run(acc),
                "eval_logits": sess.run(eval_logits), "losses": tf.get_collection(tf.GraphKeys.LOSSES)[0].op.name,
                "reuse_err": catch(lambda: model(x, False, False))}


def case_x_train_multi_tower_average_gradients(tf):
    xs, ys = _xy(16)
    tf.set_random_seed(3)

    def tower_loss(xb, yb):
        w = tf.get_variable("w", [3], initializer=tf.constant_initializer([0.1, 0.2, 0.3]))
        b = tf.get_variable("b", [], initializer=tf.zeros_initializer())
        return tf.reduce_mean(tf.square(tf.reduce_sum(xb * w, 1) + b - yb))

    def average_gradients(tower_grads):
        average = []
        for grad_and_vars in zip(*tower_grads):
            grads = [tf.expand_dims(g, 0) for g, _ in grad_and_vars]
            grad = tf.reduce_mean(tf.concat(grads, 0), 0)
            average.append((grad, grad_and_vars[0][1]))
        return average

    with tf.device("/cpu:0"):
        step = tf.train.get_or_create_global_step()
        opt = tf.train.MomentumOptimizer(0.1, 0.9)
        x_split = tf.split(tf.constant(xs), 2)
        y_split = tf.split(tf.constant(ys), 2)
        tower_grads, losses = [], []
        with tf.variable_scope(tf.get_variable_scope()):
            for i in range(2):
                with tf.device(f"/gpu:{i}"), tf.name_scope(f"tower_{i}") as scope:
                    loss = tower_loss(x_split[i], y_split[i])
                    tf.get_variable_scope().reuse_variables()
                    losses.append(loss)
                    tower_grads.append(opt.compute_gradients(loss))
        train = opt.apply_gradients(average_gradients(tower_grads), global_step=step)
    config = tf.ConfigProto(allow_soft_placement=True)
    with tf.Session(config=config) as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train] + losses)[1:] for _ in range(4)]
        return {"trace": trace, "vars": sorted(v.op.name for v in tf.global_variables()),
                "devices": [losses[0].device, losses[1].device, step.device], "step": sess.run(step),
                "scopes": [losses[0].op.name, losses[1].op.name]}


def case_x_train_gradient_accumulation(tf):
    xs, ys = _xy(12)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    w = tf.Variable(np.zeros(3, np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.reduce_sum(x * w, 1) - y))
    opt = tf.train.AdamOptimizer(0.1)
    tvars = tf.trainable_variables()
    accum = [tf.Variable(tf.zeros_like(v.initialized_value()), trainable=False) for v in tvars]
    zero_ops = [a.assign(tf.zeros_like(a)) for a in accum]
    gvs = opt.compute_gradients(loss, tvars)
    accum_ops = [accum[i].assign_add(g) for i, (g, _) in enumerate(gvs)]
    apply = opt.apply_gradients([(accum[i] / 3.0, v) for i, (_, v) in enumerate(gvs)])
    trace = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(zero_ops)
            for k in range(3):
                sess.run(accum_ops, {x: xs[4 * k:4 * k + 4], y: ys[4 * k:4 * k + 4]})
            sess.run(apply)
            trace.append(sess.run([w, loss], {x: xs, y: ys}))
        return {"trace": trace, "accum": sess.run(accum),
                "slots": sorted(v.op.name for v in tf.global_variables() if "Adam" in v.op.name or "power" in v.op.name)}


def case_x_train_monitored_session_hooks_resume(tf):
    d = tempfile.mkdtemp()
    xs, ys = _xy(8)
    try:
        log = []

        class LossRecorder(tf.train.SessionRunHook):
            def begin(self):
                self.loss = tf.get_collection("my_loss")[0]
                self.step = tf.train.get_global_step()

            def after_create_session(self, session, coord):
                log.append(["created", int(session.run(self.step))])

            def before_run(self, run_context):
                return tf.train.SessionRunArgs({"loss": self.loss, "step": self.step})

            def after_run(self, run_context, run_values):
                log.append([int(run_values.results["step"]), round(float(run_values.results["loss"]), 5)])

            def end(self, session):
                log.append(["end", int(session.run(self.step))])

        finals = []
        for last in (3, 5):
            with tf.Graph().as_default():
                step = tf.train.get_or_create_global_step()
                w = tf.Variable(np.zeros(3, np.float32), name="w")
                loss = tf.reduce_mean(tf.square(tf.reduce_sum(tf.constant(xs) * w, 1) - ys))
                tf.add_to_collection("my_loss", loss)
                train = tf.train.GradientDescentOptimizer(0.2).minimize(loss, global_step=step)
                hooks = [tf.train.StopAtStepHook(last_step=last), LossRecorder(), tf.train.NanTensorHook(loss)]
                with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=hooks, save_checkpoint_steps=2,
                                                       save_summaries_steps=None, log_step_count_steps=None) as sess:
                    while not sess.should_stop():
                        sess.run(train)
                    finals.append(sess.run(w) if not sess.should_stop() else "stopped")
        state = tf.train.get_checkpoint_state(d)
        reader = tf.train.NewCheckpointReader(tf.train.latest_checkpoint(d))
        return {"log": log, "finals": finals, "latest": os.path.basename(state.model_checkpoint_path),
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "w": reader.get_tensor("w"), "shapes": sorted(reader.get_variable_to_shape_map().items())}
    finally:
        shutil.rmtree(d)


def case_x_train_saver_retention_and_state(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(0.0, name="v")
        inc = tf.assign_add(v, 1.0)
        saver = tf.train.Saver(max_to_keep=3, keep_checkpoint_every_n_hours=10000.0)
        saved = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(6):
                sess.run(inc)
                saved.append(os.path.basename(saver.save(sess, os.path.join(d, "model"), global_step=step * 10)))
        files = sorted(f for f in os.listdir(d) if f.endswith(".index"))
        state = tf.train.get_checkpoint_state(d)
        latest = tf.train.latest_checkpoint(d)
        with tf.Session() as sess:
            saver.restore(sess, os.path.join(d, "model-40"))
            restored = sess.run(v)
        return {"saved": saved, "index_files": files, "latest": os.path.basename(latest),
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "last_checkpoints": [os.path.basename(p) for p in saver.last_checkpoints],
                "restored": restored, "exists": tf.train.checkpoint_exists(latest),
                "missing": tf.train.latest_checkpoint(os.path.join(d, "nowhere"))}
    finally:
        shutil.rmtree(d)


def case_x_train_transfer_learning_partial_restore(tf):
    d = tempfile.mkdtemp()
    try:
        prefix = os.path.join(d, "pretrained")
        with tf.Graph().as_default():
            with tf.variable_scope("base"):
                tf.get_variable("w", initializer=np.arange(6, dtype=np.float32).reshape(2, 3))
                tf.get_variable("b", initializer=np.array([0.5, -0.5, 1.0], np.float32))
            with tf.variable_scope("head"):
                tf.get_variable("w", initializer=np.ones([3, 2], np.float32))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                tf.train.Saver().save(sess, prefix)
        with tf.Graph().as_default():
            with tf.variable_scope("encoder"):
                w = tf.get_variable("w", [2, 3], initializer=tf.zeros_initializer())
                b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
            with tf.variable_scope("classifier"):
                c = tf.get_variable("w", [3, 4], initializer=tf.constant_initializer(0.25))
            base_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="encoder")
            saver = tf.train.Saver({"base/" + v.op.name.split("/", 1)[1]: v for v in base_vars})
            out = tf.matmul(tf.nn.relu(tf.matmul([[1.0, 2.0]], w) + b), c)
            train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(out), var_list=[c])
            with tf.Session() as sess:
                sess.run(tf.variables_initializer([c]))
                uninit = sorted(n.decode() for n in sess.run(tf.report_uninitialized_variables()))
                saver.restore(sess, prefix)
                sess.run(train)
                result = {"uninit": uninit, "out": sess.run(out), "w": sess.run(w), "c": sess.run(c)}
        with tf.Graph().as_default():
            w2 = tf.get_variable("enc/w", [2, 3])
            tf.train.init_from_checkpoint(prefix, {"base/": "enc/"})
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                result["init_from"] = sess.run(w2)
        result["listed"] = tf.train.list_variables(prefix)
        return result
    finally:
        shutil.rmtree(d)


def case_x_train_ema_shadow_eval_model(tf):
    d = tempfile.mkdtemp()
    xs, ys = _xy(10)
    try:
        prefix = os.path.join(d, "ema")
        with tf.Graph().as_default():
            w = tf.Variable(np.zeros(3, np.float32), name="w")
            step = tf.train.get_or_create_global_step()
            loss = tf.reduce_mean(tf.square(tf.reduce_sum(tf.constant(xs) * w, 1) - ys))
            opt_op = tf.train.GradientDescentOptimizer(0.3).minimize(loss, global_step=step)
            ema = tf.train.ExponentialMovingAverage(0.8, step, zero_debias=False)
            with tf.control_dependencies([opt_op]):
                train = tf.group(ema.apply(tf.trainable_variables()))
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(5):
                    sess.run(train)
                live = sess.run([w, ema.average(w)])
                tf.train.Saver().save(sess, prefix)
        with tf.Graph().as_default():
            w = tf.Variable(np.zeros(3, np.float32), name="w")
            ema = tf.train.ExponentialMovingAverage(0.8)
            restore_map = ema.variables_to_restore()
            saver = tf.train.Saver(restore_map)
            with tf.Session() as sess:
                saver.restore(sess, prefix)
                shadow_loaded = sess.run(w)
        return {"live": live, "shadow_loaded": shadow_loaded, "map": sorted(restore_map),
                "ckpt": sorted(n for n, _ in tf.train.list_variables(prefix))}
    finally:
        shutil.rmtree(d)


def case_x_train_regularization_losses_total(tf):
    xs, ys = _xy(8)
    x = tf.constant(xs)
    h = tf.layers.dense(x, 4, tf.nn.tanh, kernel_initializer=tf.constant_initializer(0.2),
                        kernel_regularizer=lambda w: 0.01 * tf.reduce_sum(tf.square(w)), name="h")
    with tf.variable_scope("out", regularizer=lambda w: 0.1 * tf.reduce_sum(tf.abs(w))):
        v = tf.get_variable("v", [4, 1], initializer=tf.constant_initializer(-0.3))
    pred = tf.squeeze(tf.matmul(h, v), 1)
    tf.losses.mean_squared_error(ys, pred)
    total = tf.losses.get_total_loss()
    reg_total = tf.losses.get_regularization_loss()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(total)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train, total, reg_total])[1:] for _ in range(4)]
        return {"trace": trace, "reg": sorted(t.op.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
                "losses": [t.op.name for t in tf.losses.get_losses()], "total_name": total.op.name}


def case_x_train_supervisor_managed_session(tf):
    d = tempfile.mkdtemp()
    xs, ys = _xy(8)
    try:
        results = []
        for run in range(2):
            with tf.Graph().as_default():
                step = tf.train.get_or_create_global_step()
                w = tf.Variable(np.zeros(3, np.float32), name="w")
                loss = tf.reduce_mean(tf.square(tf.reduce_sum(tf.constant(xs) * w, 1) - ys))
                train = tf.train.GradientDescentOptimizer(0.2).minimize(loss, global_step=step)
                sv = tf.train.Supervisor(logdir=d, global_step=step, save_model_secs=0, save_summaries_secs=0,
                                         summary_op=None)
                with sv.managed_session() as sess:
                    start = sess.run(step)
                    for _ in range(3):
                        if sv.should_stop():
                            break
                        sess.run(train)
                    sv.saver.save(sess, sv.save_path, global_step=step)
                    results.append([start, sess.run(step), sess.run(loss)])
        return {"runs": results, "latest": os.path.basename(tf.train.latest_checkpoint(d))}
    finally:
        shutil.rmtree(d)


def case_x_train_scaffold_feed_fn_final_ops_hooks(tf):
    xs, ys = _xy(8)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(np.zeros(3, np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.reduce_sum(x * w, 1) - y))
    train = tf.train.AdagradOptimizer(0.3).minimize(loss, global_step=step)
    batches = iter([(xs[:4], ys[:4]), (xs[4:], ys[4:])] * 3)

    def feed_fn():
        bx, by = next(batches)
        return {x: bx, y: by}

    init_values = {}

    def init_fn(scaffold, session):
        session.run(w.assign([0.1, -0.1, 0.2]))
        init_values["w"] = session.run(w)

    final = tf.train.FinalOpsHook({"w": w, "step": step})
    scaffold = tf.train.Scaffold(init_fn=init_fn)
    losses = []
    with tf.train.MonitoredSession(
            session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold),
            hooks=[tf.train.FeedFnHook(feed_fn), final, tf.train.StopAtStepHook(last_step=5)]) as sess:
        while not sess.should_stop():
            losses.append(sess.run([train, loss])[1])
    return {"losses": losses, "final": final.final_ops_values, "init": init_values["w"]}


def case_x_train_early_stopping_best_checkpoint(tf):
    d = tempfile.mkdtemp()
    xs, ys = _xy(12)
    try:
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.placeholder(tf.float32, [None])
        w = tf.Variable(np.full(3, 2.0, np.float32), name="w")
        b = tf.Variable(0.0, name="b")
        loss = tf.reduce_mean(tf.square(tf.reduce_sum(x * w, 1) + b - y))
        lr = tf.placeholder(tf.float32, [])
        train = tf.train.GradientDescentOptimizer(lr).minimize(loss)
        best_saver = tf.train.Saver(max_to_keep=1)
        best, patience, history = np.inf, 0, []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for epoch in range(12):
                sess.run(train, {x: xs[:8], y: ys[:8], lr: 0.9 if epoch < 4 else 0.05})
                val = sess.run(loss, {x: xs[8:], y: ys[8:]})
                history.append(val)
                if val < best:
                    best, patience = val, 0
                    best_saver.save(sess, os.path.join(d, "best"), global_step=epoch)
                else:
                    patience += 1
                    if patience >= 3:
                        break
            w.load([0.0, 0.0, 0.0], sess)
            best_saver.restore(sess, tf.train.latest_checkpoint(d))
            restored = sess.run(loss, {x: xs[8:], y: ys[8:]})
        return {"history": history, "best": best, "restored": restored, "stopped_at": epoch,
                "latest": os.path.basename(tf.train.latest_checkpoint(d))}
    finally:
        shutil.rmtree(d)


def case_x_train_sharded_saver_and_reader(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.device("/cpu:0"):
            a = tf.Variable(np.arange(4, dtype=np.float32), name="a")
        with tf.device("/cpu:1"):
            b = tf.Variable(np.ones([2, 2], np.int64), name="b")
        saver = tf.train.Saver(sharded=True, save_relative_paths=True)
        config = tf.ConfigProto(device_count={"CPU": 2}, allow_soft_placement=True)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            path = saver.save(sess, os.path.join(d, "sharded"), global_step=1)
            sess.run([a.assign(a * 0), b.assign(b * 0)])
            saver.restore(sess, path)
            restored = sess.run([a, b])
        reader = tf.train.load_checkpoint(path)
        return {"path": os.path.basename(path), "restored": restored,
                "files": sorted(f for f in os.listdir(d) if f != "checkpoint"),
                "dtypes": sorted((k, v.name) for k, v in reader.get_variable_to_dtype_map().items())}
    finally:
        shutil.rmtree(d)


def case_x_train_maybe_shuffle_batch_keep_input(tf):
    tf.set_random_seed(2)
    value = tf.train.range_input_producer(12, num_epochs=1, shuffle=False).dequeue()
    keep = tf.equal(value % 3, 0)
    batch = tf.train.maybe_shuffle_batch([value], batch_size=2, capacity=10, min_after_dequeue=0,
                                         keep_input=keep, seed=3, allow_smaller_final_batch=True)
    got = []  # shuffled: compared order-free
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while True:
                got.extend(sess.run(batch).tolist())
        except tf.errors.OutOfRangeError:
            pass
        coord.request_stop()
        coord.join(threads)
    return {"kept": sorted(got), "static": batch.shape.as_list()}
