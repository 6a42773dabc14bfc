"""Training recipes from TF1 tutorials and repositories, third sweep: warmup with tf.cond on the
global step, custom gradients (tf.custom_gradient, gradient_override_map), gradient accumulation
over micro-batches of a tf.data pipeline, the CIFAR-10 train op (weight decay in a collection, loss
and variable averages, evaluation from the averages), regularizers of a variable scope, label
smoothing and distillation, a Newton step from tf.hessians, warm starts and checkpoint averaging.

Weights start from fixed values, so the numbers are the recipes' own."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch


def _xy(n=16, d=3):
    xs = np.cos(np.arange(n * d).reshape(n, d) * 0.53).astype(np.float32)
    ys = (xs @ np.array([1.0, -2.0, 0.5], np.float32)[:d] + 0.3).astype(np.float32)
    return xs, ys


def _classes(n=12, d=4, k=3):
    xs = np.sin(np.arange(n * d).reshape(n, d) * 0.61 + 0.2).astype(np.float32)
    ys = (np.arange(n) * 5 % k).astype(np.int64)
    return xs, ys


def case_x_train_warmup_then_decay_with_cond(tf):
    xs, ys = _xy()
    x, y = tf.constant(xs), tf.constant(ys)
    w = tf.Variable(np.zeros(3, np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.reduce_sum(x * w, 1) - y))
    global_step = tf.train.get_or_create_global_step()
    base_lr, warmup_steps = 0.2, 4
    step_f = tf.cast(global_step, tf.float32)
    warmup_lr = base_lr * (step_f + 1.0) / warmup_steps
    decayed_lr = tf.train.exponential_decay(base_lr, global_step - warmup_steps, 3, 0.5, staircase=True)
    learning_rate = tf.cond(global_step < warmup_steps, lambda: warmup_lr, lambda: decayed_lr, name="lr")
    piecewise = tf.train.piecewise_constant(global_step, [3, 6], [1.0, 0.5, 0.1])
    optimizer = tf.train.MomentumOptimizer(learning_rate, 0.9, use_nesterov=True)
    train = optimizer.minimize(loss, global_step=global_step)
    trace = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(10):
            lr, pw = sess.run([learning_rate, piecewise])
            sess.run(train)
            trace.append([lr, pw, sess.run(loss)])
        return {"trace": trace, "w": sess.run(w), "slots": optimizer.get_slot_names(),
                "lr_op": learning_rate.op.type}


def case_x_train_custom_gradients(tf):
    @tf.custom_gradient
    def clip_gradient(x):
        def grad(dy):
            return tf.clip_by_value(dy, -0.1, 0.1)
        return tf.identity(x), grad

    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.log(1 + e), grad

    @tf.RegisterGradient("StraightThroughSweep3")
    def _straight_through(op, grad):
        return tf.clip_by_value(grad, -1.0, 1.0)

    x = tf.constant([-3.0, -0.5, 0.0, 2.0, 50.0])
    w = tf.Variable([0.5, -1.0, 2.0, 1.5, 0.01])
    y = clip_gradient(x * w)
    g_clip = tf.gradients(tf.reduce_sum(3.0 * y), w)[0]
    g_soft = tf.gradients(log1pexp(x * w), w)[0]
    graph = tf.get_default_graph()
    with graph.gradient_override_map({"Sign": "StraightThroughSweep3"}):
        binary = tf.sign(w, name="binarize")
    g_sign = tf.gradients(tf.reduce_sum(binary * tf.constant([4.0, 0.5, -2.0, 1.0, 0.1])), w)[0]
    loss = tf.reduce_sum(tf.square(clip_gradient(w) - 1.0))
    train = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        grads = sess.run([g_clip, g_soft, g_sign])
        sess.run(train)
        return {"grads": grads, "after_step": sess.run(w), "sign_attr": binary.op.get_attr("T").name,
                "sign_type": binary.op.type}


def case_x_train_gradient_accumulation_micro_batches(tf):
    xs, ys = _classes(16)
    dataset = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(4).repeat()
    features, labels = dataset.make_one_shot_iterator().get_next()
    logits = tf.layers.dense(features, 3, kernel_initializer=tf.constant_initializer(
        np.linspace(-0.5, 0.5, 12).reshape(4, 3)), name="clf")
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    global_step = tf.train.get_or_create_global_step()
    optimizer = tf.train.AdamOptimizer(0.05)
    tvars = tf.trainable_variables()
    accumulators = [tf.Variable(tf.zeros(v.shape, v.dtype), trainable=False, name=v.op.name.replace("/", "_") + "_acc")
                    for v in tvars]
    micro_count = tf.Variable(0.0, trainable=False, name="micro_count")
    grads = tf.gradients(loss, tvars)
    accumulate = tf.group(*[a.assign_add(g) for a, g in zip(accumulators, grads)], micro_count.assign_add(1.0))
    apply = optimizer.apply_gradients([(a / micro_count, v) for a, v in zip(accumulators, tvars)],
                                      global_step=global_step)
    with tf.control_dependencies([apply]):
        reset = tf.group(*[a.assign(tf.zeros_like(a)) for a in accumulators], micro_count.assign(0.0))
    full_logits = tf.layers.dense(tf.constant(xs), 3, name="clf", reuse=True)
    full_loss = tf.losses.sparse_softmax_cross_entropy(ys, full_logits, loss_collection=None)
    trace = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            for _ in range(4):
                sess.run(accumulate)
            pending = sess.run(micro_count)
            sess.run(reset)
            trace.append([pending, sess.run(global_step), sess.run(full_loss)])
        return {"trace": trace, "acc_after_reset": sess.run(accumulators),
                "losses_collection": len(tf.get_collection(tf.GraphKeys.LOSSES))}


def case_x_train_cifar10_style_train_op_and_averaged_eval(tf):
    d = tempfile.mkdtemp()
    xs, ys = _classes(12)
    try:
        def inference(images):
            def variable_with_weight_decay(name, shape, stddev, wd):
                var = tf.get_variable(name, shape, initializer=tf.truncated_normal_initializer(stddev=stddev,
                                                                                              seed=len(name)))
                if wd is not None:
                    weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name="weight_loss")
                    tf.add_to_collection("losses", weight_decay)
                return var

            with tf.variable_scope("local3") as scope:
                weights = variable_with_weight_decay("weights", [4, 6], 0.3, 0.004)
                biases = tf.get_variable("biases", [6], initializer=tf.constant_initializer(0.1))
                local3 = tf.nn.relu(tf.matmul(images, weights) + biases, name=scope.name)
            with tf.variable_scope("softmax_linear") as scope:
                weights = variable_with_weight_decay("weights", [6, 3], 0.3, None)
                biases = tf.get_variable("biases", [3], initializer=tf.constant_initializer(0.0))
                return tf.add(tf.matmul(local3, weights), biases, name=scope.name)

        with tf.Graph().as_default():
            global_step = tf.train.get_or_create_global_step()
            logits = inference(tf.constant(xs))
            cross_entropy_mean = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=ys, logits=logits, name="cross_entropy_per_example"), name="cross_entropy")
            tf.add_to_collection("losses", cross_entropy_mean)
            total_loss = tf.add_n(tf.get_collection("losses"), name="total_loss")
            loss_averages = tf.train.ExponentialMovingAverage(0.9, name="avg")
            losses = tf.get_collection("losses")
            loss_averages_op = loss_averages.apply(losses + [total_loss])
            lr = tf.train.exponential_decay(0.1, global_step, 5, 0.1, staircase=True)
            with tf.control_dependencies([loss_averages_op]):
                grads = tf.train.GradientDescentOptimizer(lr).compute_gradients(total_loss)
            apply_gradient_op = tf.train.GradientDescentOptimizer(lr).apply_gradients(grads, global_step=global_step)
            variable_averages = tf.train.ExponentialMovingAverage(0.999, global_step)
            with tf.control_dependencies([apply_gradient_op]):
                variables_averages_op = variable_averages.apply(tf.trainable_variables())
            with tf.control_dependencies([variables_averages_op]):
                train_op = tf.no_op(name="train")
            saver = tf.train.Saver()
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(7):
                    sess.run(train_op)
                averaged = sess.run([loss_averages.average(l) for l in losses + [total_loss]])
                live_weights = sess.run(tf.trainable_variables()[0])
                saver.save(sess, os.path.join(d, "model.ckpt"), global_step=global_step)
                names = sorted(v.op.name for v in tf.global_variables())
        with tf.Graph().as_default():
            eval_logits = inference(tf.constant(xs))
            top_k = tf.nn.in_top_k(eval_logits, ys, 1)
            variable_averages = tf.train.ExponentialMovingAverage(0.999)
            restore_map = variable_averages.variables_to_restore()
            saver = tf.train.Saver(restore_map)
            with tf.Session() as sess:
                ckpt = tf.train.get_checkpoint_state(d)
                saver.restore(sess, ckpt.model_checkpoint_path)
                step = ckpt.model_checkpoint_path.split("/")[-1].split("-")[-1]
                precision = float(np.sum(sess.run(top_k))) / len(ys)
                shadow = sess.run(tf.trainable_variables()[0])
        return {"averaged": averaged, "names": names, "step": step, "precision": precision,
                "restore_keys": sorted(restore_map), "shadow_differs": bool(not np.allclose(shadow, live_weights)),
                "shadow": shadow}
    finally:
        shutil.rmtree(d)


def case_x_train_scope_regularizers_and_total_loss(tf):
    xs, ys = _classes(12)
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.int64, [None])
    with tf.variable_scope("net", regularizer=lambda w: 0.05 * tf.nn.l2_loss(w)):
        w1 = tf.get_variable("w1", initializer=np.linspace(-1, 1, 20).reshape(4, 5).astype(np.float32))
        b1 = tf.get_variable("b1", [5], initializer=tf.zeros_initializer(), regularizer=None)
        h = tf.nn.tanh(tf.matmul(x, w1) + b1)
    logits = tf.layers.dense(h, 3, kernel_initializer=tf.constant_initializer(0.2),
                             kernel_regularizer=lambda w: tf.multiply(0.02, tf.reduce_sum(tf.abs(w)), name="l1"),
                             bias_regularizer=None, name="out")
    data_loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    reg_loss = tf.losses.get_regularization_loss()
    total = tf.losses.get_total_loss()
    train = tf.train.AdagradOptimizer(0.5).minimize(total)
    reg_names = [t.op.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train, data_loss, reg_loss, total], {x: xs, y: ys})[1:] for _ in range(5)]
        scoped = sess.run(tf.losses.get_regularization_loss(scope="net"))
    return {"trace": trace, "reg_names": reg_names, "scoped": scoped, "total_op": total.op.type,
            "losses": [t.op.name for t in tf.losses.get_losses()]}


def case_x_train_label_smoothing_and_distillation(tf):
    xs, ys = _classes(12)
    x = tf.constant(xs)
    onehot = tf.one_hot(ys, 3)
    teacher_logits = tf.constant(np.tanh(xs[:, :3] * 3).astype(np.float32) * 4)
    temperature = 2.0
    student = tf.layers.dense(x, 3, kernel_initializer=tf.constant_initializer(
        np.cos(np.arange(12)).reshape(4, 3) * 0.3), name="student")
    hard = tf.losses.softmax_cross_entropy(onehot, student, label_smoothing=0.1)
    soft_targets = tf.stop_gradient(tf.nn.softmax(teacher_logits / temperature))
    soft = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=soft_targets,
                                                                      logits=student / temperature))
    kl = tf.reduce_mean(tf.reduce_sum(soft_targets * (tf.log(soft_targets) - tf.nn.log_softmax(student / temperature)),
                                      1))
    loss = 0.3 * hard + 0.7 * temperature ** 2 * soft
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    sigmoid_smooth = tf.losses.sigmoid_cross_entropy(onehot, student, label_smoothing=0.2,
                                                     reduction=tf.losses.Reduction.SUM_BY_NONZERO_WEIGHTS)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train, hard, soft, kl])[1:] for _ in range(6)]
        return {"trace": trace, "sigmoid_smooth": sess.run(sigmoid_smooth),
                "agreement": sess.run(tf.reduce_mean(tf.cast(tf.equal(tf.argmax(student, 1),
                                                                      tf.argmax(teacher_logits, 1)), tf.float32)))}


def case_x_train_newton_step_with_hessians(tf):
    xs, _ = _xy(20)
    labels = (xs[:, 0] - xs[:, 1] > 0).astype(np.float32)
    w = tf.Variable(np.zeros(3, np.float32), name="w")
    logits = tf.reduce_sum(tf.constant(xs) * w, 1)
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)) + \
        0.01 * tf.reduce_sum(tf.square(w))
    grad = tf.gradients(loss, w)[0]
    hessian = tf.hessians(loss, w)[0]
    step = tf.squeeze(tf.matrix_solve(hessian, tf.expand_dims(grad, 1)), 1)
    newton = w.assign_sub(step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first_h = sess.run(hessian)
        trace = []
        for _ in range(3):
            sess.run(newton)
            trace.append(sess.run([loss, tf.norm(grad) < 1e-3]))
        return {"hessian0": first_h, "trace": trace, "w": sess.run(w), "h_shape": hessian.shape.as_list()}


def case_x_train_warm_start_and_checkpoint_averaging(tf):
    d = tempfile.mkdtemp()
    try:
        paths = []
        with tf.Graph().as_default():
            with tf.variable_scope("encoder"):
                kernel = tf.get_variable("kernel", initializer=np.arange(6, dtype=np.float32).reshape(2, 3))
                bias = tf.get_variable("bias", initializer=np.zeros(3, np.float32))
            bump = tf.group(kernel.assign_add(tf.ones_like(kernel)), bias.assign_sub([0.5, 0.0, 0.25]))
            saver = tf.train.Saver(max_to_keep=5)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for step in range(3):
                    sess.run(bump)
                    paths.append(saver.save(sess, os.path.join(d, "model"), global_step=step))
        listed = tf.train.list_variables(paths[-1])
        averages = {name: np.mean([tf.train.load_variable(p, name) for p in paths], axis=0) for name, _ in listed}
        with tf.Graph().as_default():
            with tf.variable_scope("new_model"):
                k2 = tf.get_variable("enc_kernel", [2, 3], initializer=tf.zeros_initializer())
                b2 = tf.get_variable("enc_bias", [3], initializer=tf.ones_initializer())
                head = tf.get_variable("head", [3], initializer=tf.constant_initializer(0.5))
            tf.train.init_from_checkpoint(d, {"encoder/kernel": "new_model/enc_kernel",
                                              "encoder/bias": b2})
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                warm = sess.run([k2, b2, head])
        with tf.Graph().as_default():
            with tf.variable_scope("encoder"):
                avg_vars = [tf.get_variable(name.split("/")[-1], shape) for name, shape in listed]
            placeholders = [tf.placeholder(v.dtype.base_dtype, v.shape) for v in avg_vars]
            assign = tf.group(*[v.assign(p) for v, p in zip(avg_vars, placeholders)])
            with tf.Session() as sess:
                sess.run(assign, {p: averages[v.op.name] for p, v in zip(placeholders, avg_vars)})
                averaged = sess.run(avg_vars)
        return {"listed": listed, "warm": warm, "averaged": averaged,
                "latest": os.path.basename(tf.train.latest_checkpoint(d)),
                "all": [os.path.basename(p) for p in tf.train.get_checkpoint_state(d).all_model_checkpoint_paths]}
    finally:
        shutil.rmtree(d)


def case_x_train_matrix_factorization_recommender(tf):
    users = np.array([0, 0, 1, 2, 2, 3, 4, 4, 1, 3], np.int32)
    items = np.array([1, 3, 0, 2, 4, 1, 0, 3, 4, 2], np.int32)
    ratings = np.array([4, 2, 5, 3, 1, 4, 5, 2, 3, 4], np.float32)
    u = tf.placeholder(tf.int32, [None])
    i = tf.placeholder(tf.int32, [None])
    r = tf.placeholder(tf.float32, [None])
    user_emb = tf.Variable(np.sin(np.arange(5 * 3)).reshape(5, 3).astype(np.float32) * 0.3, name="user_emb")
    item_emb = tf.Variable(np.cos(np.arange(5 * 3)).reshape(5, 3).astype(np.float32) * 0.3, name="item_emb")
    user_bias = tf.Variable(tf.zeros([5]), name="user_bias")
    item_bias = tf.Variable(tf.zeros([5]), name="item_bias")
    global_mean = tf.constant(float(ratings.mean()))
    pu, qi = tf.nn.embedding_lookup(user_emb, u), tf.nn.embedding_lookup(item_emb, i)
    pred = tf.reduce_sum(pu * qi, 1) + tf.gather(user_bias, u) + tf.gather(item_bias, i) + global_mean
    reg = 0.02 * (tf.nn.l2_loss(pu) + tf.nn.l2_loss(qi))
    loss = tf.reduce_sum(tf.square(pred - r)) + reg
    rmse = tf.sqrt(tf.reduce_mean(tf.square(pred - r)))
    optimizer = tf.train.AdagradOptimizer(0.2)
    grads = optimizer.compute_gradients(loss)
    train = optimizer.apply_gradients(grads)
    feed = {u: users, i: items, r: ratings}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train, rmse], feed)[1] for _ in range(8)]
        scores = sess.run(pred, {u: [0] * 5, i: list(range(5))})
        untouched = sess.run(tf.gather(user_emb, [0]))
    return {"trace": trace, "scores": scores, "user0": untouched,
            "grad_kinds": [type(g).__name__ for g, _ in grads]}


def case_x_train_divergence_caught_by_numerics_checks(tf):
    xs, ys = _xy(8)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    w = tf.Variable(np.ones(3, np.float32), name="w")
    pred = tf.reduce_sum(x * w, 1)
    loss = tf.reduce_mean(tf.square(pred - y))
    log_loss = tf.log(loss, name="log_loss")
    train = tf.train.GradientDescentOptimizer(40.0).minimize(loss)
    checks = tf.add_check_numerics_ops()
    guarded = tf.debugging.check_numerics(loss, "loss diverged")
    events = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(40):
            try:
                sess.run([train, checks], {x: xs, y: ys})
                sess.run(guarded, {x: xs, y: ys})
            except tf.errors.InvalidArgumentError as e:
                events.append([step, type(e).__name__, "Tensor had" in e.message])
                break
        finite = sess.run(tf.reduce_all(tf.is_finite(w)))
        zero_loss = catch(sess.run, [log_loss, checks], {x: np.zeros([2, 3], np.float32), y: [0.0, 0.0]})
        with tf.control_dependencies([tf.assert_less(loss, 1e30)]):
            bounded = tf.identity(loss)
        cond_graph_error = catch(tf.add_check_numerics_ops)
        still_usable = sess.run(tf.constant(2.0) * 3.0)
    return {"events": events, "finite": finite, "zero_loss": zero_loss, "cond_graph": cond_graph_error,
            "usable": still_usable, "bounded_type": bounded.op.type}


def case_x_train_monitored_session_summaries_and_checkpoints(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.Variable(1.0, name="w")
        global_step = tf.train.get_or_create_global_step()
        loss = tf.square(w - 3.0)
        tf.summary.scalar("loss", loss)
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
        hooks = [tf.train.StopAtStepHook(num_steps=5), tf.train.NanTensorHook(loss)]
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_summaries_steps=2, save_checkpoint_steps=3,
                                               log_step_count_steps=None, hooks=hooks) as sess:
            while not sess.should_stop():
                sess.run(train)
        events = []
        for path in sorted(tf.gfile.Glob(os.path.join(d, "events.out.tfevents.*"))):
            for event in tf.train.summary_iterator(path):
                if event.HasField("summary"):
                    events.append([event.step, [(v.tag, round(v.simple_value, 4)) for v in event.summary.value]])
                elif event.HasField("session_log"):
                    events.append([event.step, "session_log", event.session_log.status])
                elif event.HasField("graph_def") or event.HasField("meta_graph_def"):
                    events.append(["graph" if event.HasField("graph_def") else "meta_graph"])
        state = tf.train.get_checkpoint_state(d)
        return {"events": events, "latest": os.path.basename(state.model_checkpoint_path),
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "w": tf.train.load_variable(d, "w")}
    finally:
        shutil.rmtree(d)


def case_x_train_in_graph_loop_and_replay_buffer(tf):
    xs = np.linspace(-1, 1, 8).astype(np.float32)
    ys = 3 * xs + 1
    w, b = tf.Variable(0.0, name="w"), tf.Variable(0.0, name="b")

    def body(i, loss_ta):
        loss = tf.reduce_mean(tf.square(w * xs + b - ys))
        gw, gb = tf.gradients(loss, [w, b])
        with tf.control_dependencies([tf.assign_sub(w, 0.1 * gw), tf.assign_sub(b, 0.1 * gb)]):
            return i + 1, loss_ta.write(i, loss)

    _, loss_ta = tf.while_loop(lambda i, _: i < 10, body, [0, tf.TensorArray(tf.float32, 10)])
    losses = loss_ta.stack()
    capacity = 4
    buffer = tf.Variable(tf.zeros([capacity, 2]), trainable=False, name="replay")
    pointer = tf.Variable(0, trainable=False, name="pointer")
    item = tf.placeholder(tf.float32, [2])
    add = tf.group(tf.scatter_update(buffer, [pointer % capacity], [item]), tf.assign_add(pointer, 1))
    indices = tf.random_uniform([3], 0, tf.minimum(pointer, capacity), dtype=tf.int32, seed=3)
    batch = tf.gather(buffer, indices)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trained = [sess.run(losses), sess.run([w, b])]
        for k in range(6):
            sess.run(add, {item: [k, -k]})
        return {"trained": trained, "buffer": sess.run(buffer), "batch": sess.run(batch), "pointer": sess.run(pointer)}
