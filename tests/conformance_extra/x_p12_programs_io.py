"""Whole TF1 programs that read and write files, round 12: linear regression fed by tf.data and by a
TFRecord queue pipeline, MonitoredTrainingSession with hooks restored in a new graph, Saver then
import_meta_graph to continue training, a frozen graph imported and run, summaries written and read
back, warm-starting with init_from_checkpoint, and checkpoint inspection.

Results drawn from threads are compared order-free, so every number is the program's own."""
import os

import numpy as np

from _casekit import in_tmp, wave
from _harness import catch, message_has


def _line(n=16):
    xs = np.linspace(-1.0, 1.0, n).astype(np.float32)
    ys = (2.0 * xs - 0.3 + 0.05 * np.cos(5 * xs)).astype(np.float32)
    return xs, ys


def case_x_p12_linear_regression_tf_data_repeat_batch(tf):
    xs, ys = _line()
    dataset = tf.data.Dataset.from_tensor_slices((xs, ys)).repeat(3).batch(5)
    iterator = dataset.make_initializable_iterator()
    X, Y = iterator.get_next()
    W = tf.Variable(0.0, name="weight")
    b = tf.Variable(0.0, name="bias")
    loss = tf.reduce_mean(tf.square(W * X + b - Y))
    global_step = tf.train.create_global_step()
    train = tf.train.GradientDescentOptimizer(0.3).minimize(loss, global_step=global_step)
    losses, epochs_done = [], 0
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(2):
            sess.run(iterator.initializer)
            while True:
                try:
                    _, l = sess.run([train, loss])
                    losses.append(l)
                except tf.errors.OutOfRangeError:
                    epochs_done += 1
                    break
        after_end = catch(sess.run, X)
        w, bias, step = sess.run([W, b, global_step])
    return {"losses": losses, "W": w, "b": bias, "step": step, "epochs": epochs_done, "after_end": after_end,
            "shapes": [X.shape.as_list(), Y.shape.as_list()], "types": dataset.output_types}


def _write_records(tf, path, xs, ys):
    with tf.python_io.TFRecordWriter(path) as writer:
        for x, y in zip(xs, ys):
            ex = tf.train.Example(features=tf.train.Features(feature={
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=[float(x)])),
                "y": tf.train.Feature(float_list=tf.train.FloatList(value=[float(y)])),
                "id": tf.train.Feature(int64_list=tf.train.Int64List(value=[int(round(x * 100))])),
            }))
            writer.write(ex.SerializeToString())


def case_x_p12_linear_regression_tfrecord_queue_epochs(tf):
    xs, ys = _line(12)

    def body(d):
        files = [os.path.join(d, "part-%d.tfrecord" % i) for i in range(2)]
        _write_records(tf, files[0], xs[:6], ys[:6])
        _write_records(tf, files[1], xs[6:], ys[6:])
        filename_queue = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
        reader = tf.TFRecordReader()
        key, serialized = reader.read(filename_queue)
        feats = tf.parse_single_example(serialized, features={
            "x": tf.FixedLenFeature([], tf.float32),
            "y": tf.FixedLenFeature([], tf.float32),
            "id": tf.FixedLenFeature([1], tf.int64),
        })
        bx, by, bid = tf.train.shuffle_batch([feats["x"], feats["y"], feats["id"]], batch_size=4, capacity=20,
                                             min_after_dequeue=4, num_threads=1, seed=3,
                                             allow_smaller_final_batch=True)
        W = tf.Variable(0.0)
        b = tf.Variable(0.0)
        loss = tf.reduce_sum(tf.square(W * bx + b - by))
        train = tf.train.GradientDescentOptimizer(0.0).minimize(loss)
        seen, total = [], 0.0
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess=sess, coord=coord)
            try:
                while not coord.should_stop():
                    _, l, ids = sess.run([train, loss, bid])
                    total += float(l)
                    seen.extend(int(i) for i in ids.ravel())
            except tf.errors.OutOfRangeError:
                pass
            finally:
                coord.request_stop()
            coord.join(threads)
        runners = sorted(qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS))
        return {"seen": sorted(seen), "total": round(total, 3), "shapes": [bx.shape.as_list(), bid.shape.as_list()],
                "runners": runners, "local": [v.op.name for v in tf.local_variables()], "key": key.dtype.name}

    return in_tmp(body)


def case_x_p12_monitored_session_hooks_then_restore(tf):
    xs, ys = _line(8)

    def body(d):
        with tf.Graph().as_default():
            global_step = tf.train.get_or_create_global_step()
            W = tf.Variable(0.5, name="W")
            loss = tf.reduce_mean(tf.square(W * xs - ys), name="loss")
            train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=global_step)
            hooks = [tf.train.StopAtStepHook(last_step=5), tf.train.NanTensorHook(loss)]
            trace = []
            with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=hooks, save_checkpoint_steps=2,
                                                   save_summaries_steps=None, log_step_count_steps=None) as mon:
                while not mon.should_stop():
                    trace.append(mon.run([train, loss, global_step])[1:])
        ckpt = tf.train.get_checkpoint_state(d)
        steps = sorted(int(p.rsplit("-", 1)[1]) for p in ckpt.all_model_checkpoint_paths)
        with tf.Graph().as_default():
            W2 = tf.Variable(0.0, name="W")
            gs = tf.train.get_or_create_global_step()
            saver = tf.train.Saver()
            with tf.Session() as sess:
                saver.restore(sess, tf.train.latest_checkpoint(d))
                restored = sess.run([W2, gs])
        names = sorted(n for n, _ in tf.train.list_variables(d))
        return {"trace": trace, "steps": steps, "latest": os.path.basename(ckpt.model_checkpoint_path),
                "restored": restored, "names": names}

    return in_tmp(body)


def case_x_p12_saver_import_meta_graph_continue_training(tf):
    xs, ys = _line(10)

    def body(d):
        prefix = os.path.join(d, "model")
        with tf.Graph().as_default():
            X = tf.placeholder(tf.float32, name="X")
            Y = tf.placeholder(tf.float32, name="Y")
            W = tf.Variable(0.1, name="W")
            b = tf.Variable(0.0, name="b")
            pred = tf.add(W * X, b, name="pred")
            loss = tf.reduce_mean(tf.square(pred - Y), name="loss")
            step = tf.Variable(0, trainable=False, name="step")
            train = tf.train.MomentumOptimizer(0.1, 0.5).minimize(loss, global_step=step, name="train")
            tf.add_to_collection("train_op", train)
            tf.add_to_collection("inputs", X)
            saver = tf.train.Saver(max_to_keep=2)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for i in range(3):
                    sess.run(train, {X: xs, Y: ys})
                    path = saver.save(sess, prefix, global_step=step)
                ref = [sess.run([train, loss], {X: xs, Y: ys})[1] for _ in range(2)]
        files = sorted(f for f in os.listdir(d) if f.startswith("model") and f.endswith(".meta"))
        with tf.Graph().as_default() as g:
            new_saver = tf.train.import_meta_graph(path + ".meta")
            train2 = tf.get_collection("train_op")[0]
            X2 = tf.get_collection("inputs")[0]
            Y2 = g.get_tensor_by_name("Y:0")
            loss2 = g.get_tensor_by_name("loss:0")
            with tf.Session() as sess:
                new_saver.restore(sess, path)
                cont = [sess.run([train2, loss2], {X2: xs, Y2: ys})[1] for _ in range(2)]
                step_val = sess.run("step:0")
            slot_names = sorted(v.op.name for v in tf.global_variables())
        return {"path": os.path.basename(path), "files": files, "ref": ref, "cont": cont, "step": step_val,
                "train": train2.name, "vars": slot_names}

    return in_tmp(body)


def case_x_p12_freeze_graph_import_and_run(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="input")
        w = tf.Variable(wave([3, 2], 0.7), name="dense/w")
        b = tf.Variable([0.1, -0.2], name="dense/b")
        h = tf.nn.relu(tf.matmul(x, w) + b, name="hidden")
        out = tf.identity(tf.nn.softmax(h), name="output")
        tf.Variable(5.0, name="unused")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["output"])
            expected = sess.run(out, {x: wave([2, 3])})
    const_types = sorted({n.op for n in frozen.node})
    serialized = frozen.SerializeToString()
    gd = tf.GraphDef()
    gd.ParseFromString(serialized)
    with tf.Graph().as_default() as g2:
        inp, res = tf.import_graph_def(gd, return_elements=["input:0", "output:0"], name="frozen")
        with tf.Session() as sess:
            got = sess.run(res, {inp: wave([2, 3])})
        ops = [op.name for op in g2.get_operations()]
    with tf.Graph().as_default():
        feed = tf.constant(wave([1, 3], 1.0), name="const_in")
        (out2,) = tf.import_graph_def(gd, input_map={"input:0": feed}, return_elements=["output:0"], name="")
        with tf.Session() as sess:
            mapped = sess.run(out2)
    return {"types": const_types, "nodes": sorted(n.name for n in frozen.node), "expected": expected, "got": got,
            "ops": ops, "mapped": mapped, "out2": out2.name, "variables": len(tf.global_variables())}


def case_x_p12_summaries_training_read_back(tf):
    xs, ys = _line(8)

    def body(d):
        with tf.Graph().as_default() as g:
            X = tf.placeholder(tf.float32, [None], name="X")
            Y = tf.placeholder(tf.float32, [None], name="Y")
            W = tf.Variable(0.0, name="W")
            with tf.name_scope("loss"):
                loss = tf.reduce_mean(tf.square(W * X - Y))
            tf.summary.scalar("loss", loss)
            tf.summary.histogram("weight", W)
            tf.summary.scalar("lr", tf.constant(0.2), collections=["extra"])
            merged = tf.summary.merge_all()
            extra = tf.summary.merge_all(key="extra")
            train = tf.train.GradientDescentOptimizer(0.2).minimize(loss)
            writer = tf.summary.FileWriter(d, g)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for step in range(3):
                    s, _ = sess.run([merged, train], {X: xs, Y: ys})
                    writer.add_summary(s, step)
                writer.add_summary(sess.run(extra), 10)
            writer.close()
            coll = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
        events = []
        for name in sorted(os.listdir(d)):
            for e in tf.train.summary_iterator(os.path.join(d, name)):
                kind = e.WhichOneof("what")
                if kind == "summary":
                    for v in e.summary.value:
                        val = round(v.simple_value, 5) if v.WhichOneof("value") == "simple_value" else v.histo.num
                        events.append((e.step, v.tag, v.WhichOneof("value"), val))
                else:
                    events.append((e.step, kind))
        return {"events": events, "merged": merged.name, "extra": extra.name,
                "coll": coll}

    return in_tmp(body)


def case_x_p12_warm_start_init_from_checkpoint(tf):
    def body(d):
        with tf.Graph().as_default():
            with tf.variable_scope("pretrained"):
                tf.get_variable("w", initializer=wave([3, 2], 0.5))
                tf.get_variable("b", initializer=[0.25, -0.25])
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                path = tf.train.Saver().save(sess, os.path.join(d, "pre"))
        with tf.Graph().as_default():
            with tf.variable_scope("finetune"):
                w2 = tf.get_variable("w", [3, 2], initializer=tf.zeros_initializer())
                b2 = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
                head = tf.get_variable("head", [2, 1], initializer=tf.ones_initializer())
            scope_err = message_has(lambda: tf.train.init_from_checkpoint(path, {"pretrained/": "finetune/"}),
                                    "pretrained/head", "not found")
            tf.train.init_from_checkpoint(path, {"pretrained/w": "finetune/w", "pretrained/b": b2})
            x = tf.constant(wave([4, 3], 1.0, phase=0.5))
            loss = tf.reduce_mean(tf.square(tf.matmul(tf.matmul(x, w2) + b2, head)))
            train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[head])
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                before = sess.run([w2, b2])
                losses = [sess.run([train, loss])[1] for _ in range(3)]
                after_head = sess.run(head)
            init_name = w2.initializer.name
        reader = tf.train.NewCheckpointReader(path)
        shapes = sorted(reader.get_variable_to_shape_map().items())
        missing = catch(tf.train.load_variable, d, "nope")
        return {"before": before, "losses": losses, "head": after_head, "shapes": shapes,
                "loaded": tf.train.load_variable(d, "pretrained/b"), "missing": missing, "init": init_name,
                "scope_err": scope_err}

    return in_tmp(body)


def case_x_p12_checkpoint_restore_errors_keep_session(tf):
    def body(d):
        with tf.Graph().as_default():
            a = tf.Variable([1.0, 2.0], name="a")
            c = tf.Variable(3, name="c")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                path = tf.train.Saver().save(sess, os.path.join(d, "ck"))
        with tf.Graph().as_default():
            a = tf.Variable([0.0, 0.0, 0.0], name="a")
            c = tf.Variable(0, name="c")
            extra = tf.Variable(1.0, name="extra")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                shape_err = catch(tf.train.Saver([a]).restore, sess, path)
                missing_err = catch(tf.train.Saver([extra]).restore, sess, path)
                ok = tf.train.Saver([c]).restore(sess, path)
                vals = sess.run([a, c, extra])
                none_path = catch(tf.train.Saver([c]).restore, sess, os.path.join(d, "absent"))
        return {"shape": shape_err, "missing": missing_err, "ok": ok, "vals": vals, "none": none_path}

    return in_tmp(body)
