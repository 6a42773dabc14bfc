"""A sweep of the misc area: sort/argsort/top_k/nn.in_top_k, tf.metrics (streaming updates, weights,
*_at_k, mean_per_class, root_mean_squared_error, percentage_below), MonitoredTrainingSession with
hooks and checkpoints, StepCounter/LoggingTensor/Checkpoint hooks, flags/logging/gfile, and train
utilities (decays, global step helpers, clip ops, Coordinator)."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch
from _tbread import read_events


# ------------------------------------------------------------------ sorting
def case_x_misc_sweep_top_k_ties_and_sorted(tf):
    x = tf.constant([[1.0, 3.0, 3.0, 2.0], [5.0, 5.0, 5.0, 0.0]])
    v, i = tf.nn.top_k(x, k=3)
    ints = tf.nn.top_k(tf.constant([4, 1, 4, 9], tf.int32), 2)
    sess = tf.Session()
    return {"v": sess.run(v), "i": sess.run(i), "ints": sess.run(ints),
            "k0": sess.run(tf.nn.top_k(x, 0)), "too_big": catch(tf.nn.top_k, x, 5),
            "names": [v.op.type, v.op.name], "k_tensor": sess.run(tf.nn.top_k(x, tf.constant(1))).values}


def case_x_misc_sweep_sort_argsort_axes_stable(tf):
    x = tf.constant([[3, 1, 2, 1], [0, 0, -1, 5]], tf.int64)
    sess = tf.Session()
    return {"sort0": sess.run(tf.sort(x, axis=0)), "sort_desc": sess.run(tf.sort(x, direction="DESCENDING")),
            "argsort_stable": sess.run(tf.argsort(x, stable=True)),
            "argsort_desc": sess.run(tf.argsort(x, direction="DESCENDING", stable=True)),
            "float_nan": sess.run(tf.sort(tf.constant([2.0, np.nan, -1.0]))),
            "dtype": tf.argsort(x).dtype.name, "scalar": catch(tf.sort, tf.constant(1.0))}


def case_x_misc_sweep_in_top_k_and_unique(tf):
    preds = tf.constant([[0.1, 0.8, 0.1], [0.4, 0.3, 0.3], [0.2, 0.2, 0.6]])
    sess = tf.Session()
    u, idx = tf.unique(tf.constant([4, 2, 4, 1, 2]))
    y, idx2, count = tf.unique_with_counts(tf.constant(["b", "a", "b"]))
    return {"k1": sess.run(tf.nn.in_top_k(preds, [1, 1, 2], 1)), "k2": sess.run(tf.nn.in_top_k(preds, [1, 1, 0], 2)),
            "u": sess.run([u, idx]), "uc": sess.run([y, idx2, count])}


# ------------------------------------------------------------------ metrics
def case_x_misc_sweep_metrics_streaming_mean_variants(tf):
    v = tf.placeholder(tf.float32, [2])
    w = tf.placeholder(tf.float32, [2])
    mean, up = tf.metrics.mean(v, weights=w)
    rmse, rup = tf.metrics.root_mean_squared_error(tf.zeros_like(v), v)
    mae, mup = tf.metrics.mean_absolute_error(tf.zeros_like(v), v)
    pb, pup = tf.metrics.percentage_below(v, 1.5)
    mt, mtup = tf.metrics.mean_tensor(tf.reshape(v, [-1, 2]))
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    out = []
    for vals, ws in (([1.0, 2.0], [1.0, 0.0]), ([3.0, -1.0], [0.5, 0.5])):
        out.append(sess.run([up, rup, mup, pup, mtup], {v: vals, w: ws}))
    out.append(sess.run([mean, rmse, mae, pb, mt]))
    return {"steps": out, "locals": sorted(x.op.name for x in tf.local_variables())}


def case_x_misc_sweep_metrics_precision_recall_at_k(tf):
    labels = tf.constant([[2], [0], [1]], tf.int64)
    logits = tf.constant([[0.1, 0.2, 0.7], [0.5, 0.4, 0.1], [0.3, 0.3, 0.4]])
    p, pu = tf.metrics.precision_at_k(labels, logits, k=2)
    r, ru = tf.metrics.recall_at_k(labels, logits, k=1)
    pt, ptu = tf.metrics.precision_at_top_k(labels, tf.constant([[2, 1], [0, 1], [2, 0]], tf.int64), k=2)
    apk, apu = tf.metrics.average_precision_at_k(labels, logits, k=2)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([pu, ru, ptu, apu])
    return sess.run([p, r, pt, apk])


def case_x_misc_sweep_metrics_confusion_and_per_class(tf):
    labels = tf.constant([0, 1, 2, 2, 1])
    preds = tf.constant([0, 2, 2, 1, 1])
    cm = tf.confusion_matrix(labels, preds)
    cm_w = tf.confusion_matrix(labels, preds, num_classes=4, weights=tf.constant([1.0, 2.0, 1.0, 1.0, 0.5]))
    acc, acc_up = tf.metrics.mean_per_class_accuracy(labels, preds, 3)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run(acc_up)
    return {"cm": sess.run(cm), "cm_w": sess.run(cm_w), "per_class": sess.run(acc), "dtype": cm_w.dtype.name,
            "bad": catch(lambda: sess.run(tf.confusion_matrix([0, 5], [0, 1], num_classes=3)))}


def case_x_misc_sweep_metrics_false_positives_at_thresholds_and_auc(tf):
    labels = tf.constant([True, False, True, False])
    preds = tf.constant([0.9, 0.6, 0.4, 0.1])
    fp, fpu = tf.metrics.false_positives_at_thresholds(labels, preds, [0.3, 0.7])
    tp, tpu = tf.metrics.true_positives_at_thresholds(labels, preds, [0.3, 0.7])
    auc, aucu = tf.metrics.auc(labels, preds, num_thresholds=5)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([fpu, tpu, aucu])
    return {"fp": sess.run(fp), "tp": sess.run(tp), "auc": round(float(sess.run(auc)), 5)}


def case_x_misc_sweep_metrics_accuracy_reset(tf):
    labels = tf.placeholder(tf.int32, [None])
    preds = tf.placeholder(tf.int32, [None])
    with tf.variable_scope("eval"):
        acc, up = tf.metrics.accuracy(labels, preds, name="acc")
    reset = tf.variables_initializer(tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES, scope="eval/acc"))
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    a = sess.run(up, {labels: [1, 2, 3], preds: [1, 2, 0]})
    sess.run(reset)
    b = sess.run(up, {labels: [1], preds: [0]})
    return {"a": a, "b": b, "names": sorted(v.op.name for v in tf.local_variables()),
            "metric_vars": len(tf.get_collection(tf.GraphKeys.METRIC_VARIABLES))}


# ------------------------------------------------------------------ monitored sessions and hooks
def case_x_misc_sweep_monitored_training_session_checkpoints(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            step = tf.train.get_or_create_global_step()
            v = tf.Variable(0.0, name="v")
            train = tf.group(v.assign_add(1.0), tf.assign_add(step, 1))
            with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_steps=2, save_summaries_steps=None,
                                                   save_summaries_secs=None, log_step_count_steps=None,
                                                   hooks=[tf.train.StopAtStepHook(last_step=5)]) as sess:
                while not sess.should_stop():
                    sess.run(train)
        ckpts = sorted(f for f in os.listdir(d) if f.endswith(".index"))
        with tf.Graph().as_default():
            step = tf.train.get_or_create_global_step()
            v = tf.Variable(0.0, name="v")
            with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_checkpoint_secs=None,
                                                   save_summaries_steps=None, save_summaries_secs=None,
                                                   log_step_count_steps=None) as sess:
                resumed = sess.run([step, v])
        return {"ckpts": ckpts, "resumed": resumed}
    finally:
        shutil.rmtree(d)


def case_x_misc_sweep_hooks_logging_tensor_and_step_counter(tf):
    d = tempfile.mkdtemp()
    try:
        step = tf.train.get_or_create_global_step()
        inc = tf.assign_add(step, 1)
        x = tf.identity(tf.cast(step, tf.float32) * 2.0, name="x")
        hooks = [tf.train.LoggingTensorHook({"x": x}, every_n_iter=2),
                 tf.train.StepCounterHook(every_n_steps=2, output_dir=d),
                 tf.train.StopAtStepHook(last_step=4)]
        n = 0
        with tf.train.SingularMonitoredSession(hooks=hooks) as sess:
            while not sess.should_stop():
                sess.run(inc)
                n += 1
        bad = catch(tf.train.LoggingTensorHook, {"x": x})
        both = catch(tf.train.LoggingTensorHook, {"x": x}, every_n_iter=1, every_n_secs=1)
        return {"n": n, "bad": bad, "both": both}
    finally:
        shutil.rmtree(d)


def case_x_misc_sweep_checkpoint_saver_hook_steps(tf):
    d = tempfile.mkdtemp()
    try:
        step = tf.train.get_or_create_global_step()
        inc = tf.assign_add(step, 1)
        tf.Variable(1.0, name="w")
        hook = tf.train.CheckpointSaverHook(d, save_steps=3, checkpoint_basename="m.ckpt")
        with tf.train.SingularMonitoredSession(hooks=[hook, tf.train.StopAtStepHook(last_step=7)]) as sess:
            while not sess.should_stop():
                sess.run(inc)
        return {"ckpts": sorted(f for f in os.listdir(d) if f.endswith(".index")),
                "latest": os.path.basename(tf.train.latest_checkpoint(d)),
                "both": catch(tf.train.CheckpointSaverHook, d, save_secs=1, save_steps=1),
                "neither": catch(tf.train.CheckpointSaverHook, d)}
    finally:
        shutil.rmtree(d)


def case_x_misc_sweep_monitored_session_error_propagates_and_closes(tf):
    p = tf.placeholder(tf.float32, [])
    checked = tf.check_numerics(p, "bad")
    sess = tf.train.MonitoredSession()
    ok = sess.run(checked, {p: 1.0})
    err = catch(sess.run, checked, {p: np.inf})
    closed_after = catch(sess.close)
    return {"ok": ok, "err": err, "closed_after": closed_after, "should_stop": sess.should_stop()}


def case_x_misc_sweep_scaffold_init_fn_and_local_init(tf):
    v = tf.Variable(1.0, name="v")
    loc = tf.Variable(5.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    calls = []
    set_v = v.assign(42.0)

    def init_fn(scaffold, session):
        calls.append(type(scaffold).__name__)
        session.run(set_v)
    scaffold = tf.train.Scaffold(init_fn=init_fn)
    with tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold)) as sess:
        vals = sess.run([v, loc])
    return {"vals": vals, "calls": calls, "ready_op_is_tensor": isinstance(scaffold.ready_op, tf.Tensor)}


def case_x_misc_sweep_final_ops_and_feed_fn_hooks(tf):
    p = tf.placeholder(tf.int32, [])
    total = tf.Variable(0)
    add = total.assign_add(p)
    feeds = iter([1, 2, 3])
    final = tf.train.FinalOpsHook(total * 10)
    feeder = tf.train.FeedFnHook(lambda: {p: next(feeds)})
    with tf.train.MonitoredSession(hooks=[final, feeder]) as sess:
        for _ in range(3):
            sess.run(add)
    return final.final_ops_values


# ------------------------------------------------------------------ platform
def case_x_misc_sweep_gfile_walk_stat_and_modes(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        gf.MakeDirs(os.path.join(d, "a", "b"))
        with gf.GFile(os.path.join(d, "a", "f.txt"), "w") as f:
            f.write("abc")
        with gf.GFile(os.path.join(d, "a", "f.txt"), "a") as f:
            f.write("def\nxyz")
        with gf.GFile(os.path.join(d, "a", "f.txt")) as f:
            lines = f.readlines()
        with gf.GFile(os.path.join(d, "a", "f.txt"), "rb") as f:
            f.seek(2)
            part = f.read(3)
            pos = f.tell()
        walk = [(os.path.relpath(top, d), sorted(dirs), sorted(files)) for top, dirs, files in gf.Walk(d)]
        return {"lines": lines, "part": part, "pos": pos, "walk": walk,
                "size": gf.Stat(os.path.join(d, "a", "f.txt")).length, "isdir": gf.IsDirectory(os.path.join(d, "a")),
                "missing": catch(gf.Stat, os.path.join(d, "nope")),
                "rmtree": (gf.DeleteRecursively(os.path.join(d, "a")), gf.Exists(os.path.join(d, "a")))[1],
                "copy_missing": catch(gf.Copy, os.path.join(d, "x"), os.path.join(d, "y"))}
    finally:
        shutil.rmtree(d)


def case_x_misc_sweep_io_gfile_v2_names(tf):
    d = tempfile.mkdtemp()
    try:
        g = tf.io.gfile
        g.makedirs(os.path.join(d, "x"))
        with g.GFile(os.path.join(d, "x", "1.txt"), "w") as f:
            f.write("1")
        g.copy(os.path.join(d, "x", "1.txt"), os.path.join(d, "x", "2.txt"))
        over = catch(g.copy, os.path.join(d, "x", "1.txt"), os.path.join(d, "x", "2.txt"))
        g.rename(os.path.join(d, "x", "2.txt"), os.path.join(d, "x", "3.txt"), overwrite=True)
        listing = sorted(g.listdir(os.path.join(d, "x")))
        glob = sorted(os.path.basename(p) for p in g.glob(os.path.join(d, "x", "*.txt")))
        g.remove(os.path.join(d, "x", "3.txt"))
        return {"over": over, "listing": listing, "glob": glob, "exists": g.exists(os.path.join(d, "x", "3.txt")),
                "isdir": g.isdir(os.path.join(d, "x")), "rm_missing": catch(g.remove, os.path.join(d, "nope"))}
    finally:
        shutil.rmtree(d)


def case_x_misc_sweep_flags_types_and_lists(tf):
    flags = tf.app.flags
    flags.DEFINE_list("sw_list", ["a"], "a list")
    flags.DEFINE_enum("sw_enum", "x", ["x", "y"], "an enum")
    flags.DEFINE_bool("sw_bool", True, "a bool")
    F = flags.FLAGS
    rest = F(["prog", "--sw_list=p,q", "--nosw_bool", "--sw_enum=y"])
    return {"rest": rest, "list": F.sw_list, "enum": F.sw_enum, "bool": F.sw_bool,
            "bad_enum": catch(F, ["prog", "--sw_enum=z"])}


# ------------------------------------------------------------------ train utilities
def case_x_misc_sweep_learning_rate_decays(tf):
    step = tf.placeholder(tf.int64, [])
    lrs = [tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True),
           tf.train.inverse_time_decay(0.1, step, 5, 0.5),
           tf.train.natural_exp_decay(0.1, step, 5, 0.5, staircase=True),
           tf.train.polynomial_decay(0.1, step, 20, 0.01, power=2.0),
           tf.train.polynomial_decay(0.1, step, 20, 0.01, cycle=True),
           tf.train.cosine_decay(0.1, step, 20),
           tf.train.cosine_decay_restarts(0.1, step, 10),
           tf.train.linear_cosine_decay(0.1, step, 20),
           tf.train.piecewise_constant(step, [5, 15], [1.0, 0.5, 0.1])]
    sess = tf.Session()
    return [sess.run(lrs, {step: s}) for s in (0, 7, 15, 30)]


def case_x_misc_sweep_global_step_helpers(tf):
    out = {"none": tf.train.get_global_step()}
    gs = tf.train.create_global_step()
    out["dup"] = catch(tf.train.create_global_step)
    out["same"] = tf.train.get_or_create_global_step() is gs
    out["name"] = gs.op.name
    out["dtype"] = gs.dtype.base_dtype.name
    out["coll"] = [v.op.name for v in tf.get_collection(tf.GraphKeys.GLOBAL_STEP)]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.assign_add(gs, 3))
    out["value"] = tf.train.global_step(sess, gs)
    out["assert_ok"] = tf.train.assert_global_step(gs) is None
    out["bad_type"] = catch(tf.train.assert_global_step, tf.Variable(1.0))
    return out


def case_x_misc_sweep_clip_ops(tf):
    a = tf.constant([3.0, 4.0])
    b = tf.constant([[1.0, 2.0], [2.0, 4.0]])
    clipped, norm = tf.clip_by_global_norm([a, b], 2.5)
    sess = tf.Session()
    return {"global": sess.run(clipped), "norm": sess.run(norm),
            "by_norm": sess.run(tf.clip_by_norm(b, 2.0, axes=[1])),
            "by_avg": sess.run(tf.clip_by_average_norm(a, 1.0)),
            "by_value": sess.run(tf.clip_by_value(b, 1.5, 3.0)),
            "gnorm": sess.run(tf.global_norm([a, b])), "none_in_list": sess.run(
                tf.clip_by_global_norm([a, None], 1.0)[0][0])}


def case_x_misc_sweep_coordinator_and_looper(tf):
    coord = tf.train.Coordinator()
    out = {"stop0": coord.should_stop()}
    coord.request_stop()
    out["stop1"] = coord.should_stop()
    coord.clear_stop()
    out["stop2"] = coord.should_stop()
    try:
        with coord.stop_on_exception():
            raise ValueError("boom")
    except ValueError:
        out["escaped"] = True
    out["stopped_by_exc"] = coord.should_stop()
    out["join_raises"] = catch(coord.join, [])
    return out


def case_x_misc_sweep_sequence_and_batch_helpers(tf):
    sess = tf.Session()
    mask = tf.sequence_mask([1, 3, 0], maxlen=4)
    onehot = tf.one_hot([0, 2, -1], 3, on_value=5.0, off_value=-1.0)
    return {"mask": sess.run(mask), "onehot": sess.run(onehot),
            "mask_nomax": sess.run(tf.sequence_mask(tf.constant([2, 1]))),
            "rev": sess.run(tf.reverse_sequence(tf.constant([[1, 2, 3], [4, 5, 6]]), [2, 3], seq_axis=1, batch_axis=0))}


def case_x_misc_sweep_nan_hook_and_summary_saver_hook(tf):
    d = tempfile.mkdtemp()
    try:
        step = tf.train.get_or_create_global_step()
        inc = tf.assign_add(step, 1)
        fed = tf.placeholder(tf.float32, [])
        loss = tf.identity(fed, name="loss")
        tf.summary.scalar("loss", loss)
        hooks = [tf.train.NanTensorHook(loss, fail_on_nan_loss=True),
                 tf.train.SummarySaverHook(save_steps=1, output_dir=d, summary_op=tf.summary.merge_all())]
        seen = []
        err = None
        with tf.train.SingularMonitoredSession(hooks=hooks) as sess:
            try:
                for value in (1.0, 2.0, np.nan, 3.0):
                    seen.append(sess.run([inc, loss], {fed: value})[0])
            except Exception as exc:  # noqa: BLE001 - the hook's error is the result
                err = type(exc).__name__
        return {"seen": seen, "err": err, "files": len([f for f in os.listdir(d) if "tfevents" in f])}
    finally:
        shutil.rmtree(d)


def case_x_misc_sweep_monitored_training_session_summaries(tf):
    d = tempfile.mkdtemp()
    try:
        step = tf.train.get_or_create_global_step()
        x = tf.cast(step, tf.float32)
        tf.summary.scalar("x", x)
        train = tf.assign_add(step, 1)
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_summaries_steps=2, save_checkpoint_secs=None,
                                               log_step_count_steps=None,
                                               hooks=[tf.train.StopAtStepHook(last_step=4)]) as sess:
            while not sess.should_stop():
                sess.run(train)
        events = [e for f in read_events(d) for e in f if e["kind"] == "summary"]
        return [(e["step"], [v["tag"] for v in e["values"]]) for e in events]
    finally:
        shutil.rmtree(d)


def case_x_misc_sweep_metrics_weights_shapes(tf):
    labels = tf.constant([[1, 0], [1, 1]])
    preds = tf.constant([[1, 1], [0, 1]])
    acc, up = tf.metrics.accuracy(labels, preds, weights=tf.constant([[1.0], [0.5]]))
    p, pu = tf.metrics.precision(labels, preds, weights=[1.0, 0.0])
    bad = catch(tf.metrics.accuracy, labels, preds, weights=tf.constant([1.0, 2.0, 3.0]))
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    return {"up": sess.run([up, pu]), "vals": sess.run([acc, p]), "bad": bad}


def case_x_misc_sweep_top_k_gradients_and_sort_strings(tf):
    x = tf.constant([[1.0, 4.0, 2.0]])
    v, _ = tf.nn.top_k(x, 2)
    g = tf.gradients(tf.reduce_sum(v * [[1.0, 10.0]]), x)[0]
    sess = tf.Session()
    return {"grad": sess.run(g), "sort_str": catch(tf.sort, tf.constant(["b", "a"])),
            "argmax_ties": sess.run(tf.argmax(tf.constant([[2, 5, 5], [1, 1, 0]]), axis=1))}
