"""Round-14 variations of program_linear: whole small TF1 programs as a teacher writes them, each
composing several features (per-sample SGD in float64, a TFRecord input pipeline trained and
restored in a new graph, word counting from text files, logistic regression over tf.data with
streaming metrics and a summary writer, polynomial regression with L2 and a decayed rate)."""
import os

import numpy as np

from _casekit import drain_next, in_tmp, write_file
from _tbread import event_files


def case_x_gd14_linear_regression_per_sample_sgd_float64(tf):
    xs = np.linspace(-1.0, 1.0, 8)
    ys = -2.0 * xs + 0.25
    X = tf.placeholder(tf.float64, [], name="X")
    Y = tf.placeholder(tf.float64, [], name="Y")
    W = tf.Variable(np.float64(0.0), name="weight")
    b = tf.Variable(np.float64(0.0), name="bias")
    pred = tf.add(tf.multiply(X, W), b, name="pred")
    cost = tf.square(pred - Y) / 2.0
    step = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(30):
            for x, y in zip(xs, ys):
                sess.run(step, feed_dict={X: x, Y: y})
        w, bb = sess.run([W, b])
        per_point = [sess.run(cost, {X: x, Y: y}) for x, y in zip(xs[:3], ys[:3])]
    return {"W": w, "b": bb, "costs": per_point, "dtypes": [W.dtype.name, pred.dtype.name],
            "trainables": [v.op.name for v in tf.trainable_variables()],
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()
                           if op.name.startswith("GradientDescent")})}


def case_x_gd14_tfrecord_pipeline_train_save_restore(tf):
    def body(d):
        path = os.path.join(d, "train.tfrecord")
        xs = np.linspace(0.0, 1.0, 12).astype(np.float32)
        with tf.python_io.TFRecordWriter(path) as w:
            for x in xs:
                ex = tf.train.Example(features=tf.train.Features(feature={
                    "x": tf.train.Feature(float_list=tf.train.FloatList(value=[x])),
                    "y": tf.train.Feature(float_list=tf.train.FloatList(value=[4.0 * x - 1.0]))}))
                w.write(ex.SerializeToString())
        ckpt = os.path.join(d, "model.ckpt")
        g = tf.Graph()
        with g.as_default():
            fq = tf.train.string_input_producer([path], num_epochs=20, shuffle=False)
            _, ser = tf.TFRecordReader().read(fq)
            feats = tf.parse_single_example(ser, {"x": tf.FixedLenFeature([], tf.float32),
                                                  "y": tf.FixedLenFeature([], tf.float32)})
            bx, by = tf.train.batch([feats["x"], feats["y"]], batch_size=4)
            w = tf.get_variable("w", [], initializer=tf.zeros_initializer())
            b = tf.get_variable("b", [], initializer=tf.zeros_initializer())
            gs = tf.train.get_or_create_global_step()
            loss = tf.reduce_mean(tf.square(w * bx + b - by))
            train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=gs)
            saver = tf.train.Saver(max_to_keep=2)
            sess = tf.Session()
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            steps = 0
            try:
                while not coord.should_stop():
                    sess.run(train)
                    steps += 1
                    if steps % 20 == 0:
                        saver.save(sess, ckpt, global_step=gs)
            except tf.errors.OutOfRangeError:
                pass
            finally:
                coord.request_stop()
                coord.join(threads)
            final = saver.save(sess, ckpt, global_step=gs)
            trained = sess.run([w, b, gs])
        g2 = tf.Graph()
        with g2.as_default():
            x = tf.placeholder(tf.float32, [None])
            w2 = tf.get_variable("w", [])
            b2 = tf.get_variable("b", [])
            sess2 = tf.Session()
            tf.train.Saver([w2, b2]).restore(sess2, tf.train.latest_checkpoint(d))
            pred = sess2.run(w2 * x + b2, {x: [0.0, 0.5, 1.0]})
        state = tf.train.get_checkpoint_state(d)
        return {"steps": steps, "trained": trained, "pred": pred, "final": os.path.basename(final),
                "kept": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "restored_close": bool(np.allclose(pred, [trained[1], trained[0] * 0.5 + trained[1],
                                                          trained[0] + trained[1]]))}
    return in_tmp(body)


def case_x_gd14_word_count_program(tf):
    def body(d):
        a = write_file(d, "a.txt", b"the cat sat\non the mat\n")
        b = write_file(d, "b.txt", b"the dog\nate the cat\n")
        lines = tf.data.TextLineDataset([a, b])
        words = lines.flat_map(lambda line: tf.data.Dataset.from_tensor_slices(tf.string_split([line]).values))
        all_words = tf.data.experimental.get_single_element(words.batch(100))
        uniq, _, counts = tf.unique_with_counts(all_words)
        order = tf.argsort(-counts, stable=True)
        top = tf.gather(uniq, order[:3]), tf.gather(counts, order[:3])
        table = tf.lookup.StaticVocabularyTable(tf.lookup.KeyValueTensorInitializer(
            uniq, tf.range(tf.size(uniq, out_type=tf.int64)), value_dtype=tf.int64), num_oov_buckets=1)
        ids = table.lookup(tf.constant(["cat", "the", "zebra"]))
        sess = tf.Session()
        sess.run(tf.tables_initializer())
        totals = tf.Variable(tf.zeros([20], tf.int64), name="totals")
        line_it = tf.data.make_one_shot_iterator(lines).get_next()
        line_ids = table.lookup(tf.string_split([line_it]).values)
        accumulate = tf.scatter_add(totals, line_ids, tf.ones_like(line_ids))
        sess.run(totals.initializer)
        n_lines = len(drain_next(tf, sess, accumulate.op))
        return {"uniq": sess.run(uniq), "counts": sess.run(counts), "top": sess.run(top),
                "ids": sess.run(ids), "lines": n_lines, "totals": sess.run(totals)[:8],
                "words_spec": [str(tf.data.get_output_shapes(words)), tf.data.get_output_types(words).name]}
    return in_tmp(body)


def case_x_gd14_logistic_regression_dataset_metrics_summaries(tf):
    def body(d):
        rng = np.random.RandomState(3)
        feats = rng.randn(40, 2).astype(np.float32)
        labels = (feats[:, 0] + 0.5 * feats[:, 1] > 0).astype(np.float32)
        ds = tf.data.Dataset.from_tensor_slices((feats, labels)).batch(10).repeat(5)
        it = tf.data.make_initializable_iterator(ds)
        x, y = it.get_next()
        w = tf.Variable(tf.zeros([2, 1]), name="w")
        b = tf.Variable(0.0, name="b")
        logits = tf.squeeze(tf.matmul(x, w), 1) + b
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
        train = tf.train.AdamOptimizer(0.1).minimize(loss)
        ex = tf.placeholder(tf.float32, [None, 2])
        ey = tf.placeholder(tf.float32, [None])
        eval_logits = tf.squeeze(tf.matmul(ex, w), 1) + b
        acc, acc_update = tf.metrics.accuracy(ey, tf.cast(eval_logits > 0, tf.float32), name="acc")
        auc, auc_update = tf.metrics.auc(ey, tf.sigmoid(eval_logits), num_thresholds=50, name="auc")
        tf.summary.scalar("eval_accuracy", acc)
        merged = tf.summary.merge_all()
        sess = tf.Session()
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(), it.initializer])
        writer = tf.summary.FileWriter(d)
        steps = 0
        while True:
            try:
                sess.run(train)
            except tf.errors.OutOfRangeError:
                break
            steps += 1
            if steps % 10 == 0:
                sess.run(tf.local_variables_initializer())
                for i in range(0, 40, 20):
                    sess.run([acc_update, auc_update], {ex: feats[i:i + 20], ey: labels[i:i + 20]})
                writer.add_summary(sess.run(merged), steps)
        writer.close()
        events = [(e.step, [(v.tag, round(v.simple_value, 4)) for v in e.summary.value])
                  for f in event_files(d) for e in tf.train.summary_iterator(os.path.join(d, f))
                  if e.HasField("summary")]
        return {"steps": steps, "w": sess.run(w), "b": sess.run(b), "acc": sess.run(acc), "auc": sess.run(auc),
                "events": events, "locals": sorted(v.op.name for v in tf.local_variables())}
    return in_tmp(body)


def case_x_gd14_polynomial_regression_l2_decay(tf):
    xs = np.linspace(-1.0, 1.0, 16).astype(np.float32)
    ys = (0.5 * xs ** 3 - xs + 0.2).astype(np.float32)
    X = tf.placeholder(tf.float32, [None], name="X")
    Y = tf.placeholder(tf.float32, [None], name="Y")
    powers = tf.stack([tf.pow(X, float(p)) for p in range(4)], axis=1)
    coeffs = tf.Variable(tf.zeros([4, 1]), name="coeffs")
    pred = tf.squeeze(tf.matmul(powers, coeffs), axis=1)
    mse = tf.losses.mean_squared_error(Y, pred)
    l2 = 0.001 * tf.nn.l2_loss(coeffs)
    total = tf.add(mse, l2, name="total")
    gs = tf.Variable(0, trainable=False, name="global_step")
    lr = tf.train.exponential_decay(0.5, gs, 50, 0.5, staircase=True)
    train = tf.train.MomentumOptimizer(lr, 0.9).minimize(total, global_step=gs)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    history = []
    for i in range(200):
        sess.run(train, {X: xs, Y: ys})
        if i % 50 == 49:
            history.append(sess.run([total, lr], {X: xs, Y: ys}))
    return {"coeffs": sess.run(coeffs).ravel(), "history": history, "step": sess.run(gs),
            "losses_collection": [t.op.name for t in tf.get_collection(tf.GraphKeys.LOSSES)],
            "slots": sorted(v.op.name for v in tf.global_variables())}
