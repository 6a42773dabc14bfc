"""Classic TF1 programs run end to end, as tutorials and old projects write them: logistic regression
with Adam, a softmax classifier fed by tf.data epochs, save/restore and resume, a CSV queue pipeline
with a coordinator, moving averages of the weights, a decayed learning rate with clipped gradients,
while_loop algorithms, embeddings, summaries read back, an InteractiveSession session.

Weights start from fixed values (no random bits), so the numbers are the programs' own."""
import os
import tempfile

import numpy as np

from _harness import catch


def _data(n=32, d=3, seed_phase=0.0):
    xs = np.sin(np.arange(n * d).reshape(n, d) * 0.37 + seed_phase).astype(np.float32)
    w = np.array([1.5, -2.0, 0.5], np.float32)[:d]
    ys = (xs @ w + 0.1 > 0).astype(np.float32)
    return xs, ys


def case_x_program_logistic_regression_adam(tf):
    xs, ys = _data()
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None], name="y")
    w = tf.Variable(tf.zeros([3, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    logits = tf.squeeze(tf.matmul(x, w), 1) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    correct = tf.equal(tf.cast(logits > 0, tf.float32), y)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    history = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(60):
            _, l = sess.run([train, loss], {x: xs, y: ys})
            if step % 20 == 0:
                history.append(l)
        final = sess.run({"loss": loss, "accuracy": accuracy, "w": w, "b": b}, {x: xs, y: ys})
    return {"history": history, "final": final, "vars": sorted(v.op.name for v in tf.global_variables())}


def case_x_program_softmax_tf_data_epochs(tf):
    xs, ys = _data(40)
    labels = ys.astype(np.int64)
    dataset = tf.data.Dataset.from_tensor_slices((xs, labels)).batch(16)
    iterator = dataset.make_initializable_iterator()
    feats, lab = iterator.get_next()
    w = tf.Variable(np.full([3, 2], 0.1, np.float32))
    logits = tf.matmul(feats, w)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=lab, logits=logits))
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=step)
    epochs = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(iterator.initializer)
            batches, total = 0, 0.0
            while True:
                try:
                    _, l = sess.run([train, loss])
                except tf.errors.OutOfRangeError:
                    break
                batches += 1
                total += l
            epochs.append([batches, total])
        return {"epochs": epochs, "step": sess.run(step), "w": sess.run(w)}


def case_x_program_save_restore_resume(tf):
    xs, ys = _data()
    ckpt_dir = tempfile.mkdtemp()
    prefix = os.path.join(ckpt_dir, "model.ckpt")

    def build():
        x = tf.constant(xs)
        w = tf.Variable(np.full([3], 0.2, np.float32), name="w")
        step = tf.Variable(0, name="global_step", trainable=False)
        loss = tf.reduce_mean(tf.square(tf.reduce_sum(x * w, 1) - ys))
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss, global_step=step)
        return w, step, loss, train

    with tf.Graph().as_default():
        w, step, loss, train = build()
        saver = tf.train.Saver(max_to_keep=2)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            paths = []
            for _ in range(3):
                for _ in range(5):
                    sess.run(train)
                paths.append(os.path.basename(saver.save(sess, prefix, global_step=step)))
            before = sess.run([w, loss])
    with tf.Graph().as_default():
        w, step, loss, train = build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            latest = tf.train.latest_checkpoint(ckpt_dir)
            saver.restore(sess, latest)
            restored = sess.run([w, loss, step])
            for _ in range(5):
                sess.run(train)
            after = sess.run([w, loss, step])
    state = tf.train.get_checkpoint_state(ckpt_dir)
    return {"paths": paths, "latest": os.path.basename(latest), "before": before, "restored": restored,
            "after": after, "kept": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
            "slots": sorted(name for name, _ in tf.train.list_variables(latest))}


def case_x_program_csv_queue_pipeline(tf):
    folder = tempfile.mkdtemp()
    names = []
    for k in range(2):
        name = os.path.join(folder, f"part{k}.csv")
        with open(name, "w") as f:
            for i in range(5):
                f.write(f"{k * 5 + i},{(k * 5 + i) * 0.5},label{i % 2}\n")
        names.append(name)
    queue = tf.train.string_input_producer(names, shuffle=False, num_epochs=2)
    reader = tf.TextLineReader()
    key, value = reader.read(queue)
    ident, score, label = tf.decode_csv(value, record_defaults=[[0], [0.0], [""]])
    batch = tf.train.batch([ident, score, label], batch_size=4, allow_smaller_final_batch=True)
    rows = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        try:
            while not coord.should_stop():
                i, s, lab = sess.run(batch)
                rows.append([i.tolist(), s.tolist(), [v.decode() for v in lab]])
        except tf.errors.OutOfRangeError:
            rows.append("done")
        finally:
            coord.request_stop()
        coord.join(threads)
    return rows


def case_x_program_moving_average_of_weights(tf):
    xs, ys = _data()
    w = tf.Variable(np.zeros(3, np.float32), name="w")
    loss = tf.reduce_mean(tf.square(tf.reduce_sum(tf.constant(xs) * w, 1) - ys))
    step = tf.Variable(0, trainable=False, name="step")
    opt = tf.train.GradientDescentOptimizer(0.3).minimize(loss, global_step=step)
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
    with tf.control_dependencies([opt]):
        train = ema.apply([w])
    shadow = ema.average(w)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = []
        for _ in range(6):
            sess.run(train)
            trace.append(sess.run([w, shadow]))
    return {"trace": trace, "shadow_name": ema.average_name(w),
            "restore_map": sorted(ema.variables_to_restore().keys())}


def case_x_program_decayed_lr_clipped_gradients(tf):
    xs, ys = _data()
    w = tf.Variable(np.full([3, 1], 0.5, np.float32))
    b = tf.Variable(np.zeros([1], np.float32))
    pred = tf.matmul(tf.constant(xs), w) + b
    loss = tf.reduce_mean(tf.square(pred[:, 0] - ys))
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.5, step, decay_steps=2, decay_rate=0.5, staircase=True)
    opt = tf.train.MomentumOptimizer(lr, 0.5, use_nesterov=True)
    grads, variables = zip(*opt.compute_gradients(loss))
    clipped, norm = tf.clip_by_global_norm(grads, 0.3)
    train = opt.apply_gradients(zip(clipped, variables), global_step=step)
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            out.append(sess.run([lr, norm]) + [sess.run(train) is None])
        return {"trace": out, "loss": sess.run(loss), "w": sess.run(w), "step": sess.run(step)}


def case_x_program_while_loop_algorithms(tf):
    def newton_sqrt(a):
        def body(x, i):
            return 0.5 * (x + a / x), i + 1
        x, n = tf.while_loop(lambda x, i: tf.logical_and(tf.abs(x * x - a) > 1e-6, i < 50), body,
                             [tf.constant(1.0), tf.constant(0)])
        return x, n

    def collatz(n0):
        return tf.while_loop(lambda n, k: n > 1,
                             lambda n, k: (tf.cond(tf.equal(n % 2, 0), lambda: n // 2, lambda: 3 * n + 1), k + 1),
                             [tf.constant(n0), tf.constant(0)])

    fib = tf.while_loop(lambda i, a, b: i < 20, lambda i, a, b: (i + 1, b, a + b),
                        [tf.constant(0), tf.constant(0, tf.int64), tf.constant(1, tf.int64)])
    sess = tf.Session()
    return {"sqrt2": sess.run(newton_sqrt(2.0)), "sqrt10": sess.run(newton_sqrt(10.0)),
            "collatz27": sess.run(collatz(27)), "fib": sess.run(fib)}


def case_x_program_embedding_bag_classifier(tf):
    ids = tf.constant([[1, 3, 0], [2, 2, 4], [4, 0, 0]])
    mask = tf.cast(tf.not_equal(ids, 0), tf.float32)
    table = tf.Variable(np.cos(np.arange(15).reshape(5, 3)).astype(np.float32), name="embeddings")
    emb = tf.nn.embedding_lookup(table, ids)
    bag = tf.reduce_sum(emb * mask[:, :, None], 1) / tf.reduce_sum(mask, 1, keepdims=True)
    w = tf.Variable(np.full([3, 2], 0.1, np.float32))
    logits = tf.matmul(bag, w)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1, 1], logits=logits))
    opt = tf.train.AdagradOptimizer(0.5)
    grads = opt.compute_gradients(loss, [table])
    train = opt.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        g = sess.run(grads[0][0])
        losses = [sess.run([train, loss])[1] for _ in range(4)]
        return {"grad_type": type(grads[0][0]).__name__, "grad_indices": g.indices.tolist(),
                "grad_values": g.values, "losses": losses, "table": sess.run(table)}


def case_x_program_summaries_read_back(tf):
    logdir = tempfile.mkdtemp()
    x = tf.placeholder(tf.float32, [])
    v = tf.Variable(1.0)
    tf.summary.scalar("x", x)
    tf.summary.scalar("v", v)
    tf.summary.histogram("h", tf.stack([x, v]))
    merged = tf.summary.merge_all()
    update = v.assign_add(x)
    writer = tf.summary.FileWriter(logdir)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            summary, _ = sess.run([merged, update], {x: float(step)})
            writer.add_summary(summary, step)
    writer.close()
    events = []
    for name in sorted(os.listdir(logdir)):
        for event in tf.train.summary_iterator(os.path.join(logdir, name)):
            for value in event.summary.value:
                kind = value.WhichOneof("value")
                events.append([event.step, value.tag, kind,
                               round(value.simple_value, 5) if kind == "simple_value" else value.histo.num])
    return events


def case_x_program_interactive_session(tf):
    sess = tf.InteractiveSession()
    try:
        a = tf.Variable([1.0, 2.0])
        a.initializer.run()
        b = a * 3.0
        first = b.eval()
        a.load([5.0, 6.0])
        second = b.eval()
        c = tf.placeholder(tf.float32)
        fed = (c * 2).eval(feed_dict={c: 4.0})
        op_run = catch(lambda: tf.assign(a, [0.0, 1.0]).op.run())
        return {"first": first, "second": second, "fed": fed, "op_run": op_run, "after": a.eval(),
                "default_is_it": tf.get_default_session() is sess}
    finally:
        sess.close()
