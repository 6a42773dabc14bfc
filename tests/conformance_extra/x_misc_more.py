"""More misc probes: tf.metrics (update/reset, weights, thresholds, top-k, mean_iou, per-class,
tensors as inputs), ExponentialMovingAverage (names under scopes, zero_debias, tensors, apply twice),
MonitoredTrainingSession hooks (LoggingTensorHook, NanTensorHook, StepCounterHook, FinalOpsHook,
FeedFnHook, CheckpointSaverHook listeners, Scaffold), image ops edge sizes and dtypes, sort/top_k."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


def _locals(tf):
    return [(v.name, v.shape.as_list()) for v in tf.local_variables()]


# ------------------------------------------------------------------ metrics
def case_x_misc_metrics_precision_recall_at_thresholds(tf):
    labels = tf.constant([True, False, True, True, False])
    preds = tf.constant([0.9, 0.6, 0.4, 0.2, 0.1])
    p, pu = tf.metrics.precision_at_thresholds(labels, preds, [0.3, 0.5, 0.8])
    r, ru = tf.metrics.recall_at_thresholds(labels, preds, [0.3, 0.5, 0.8])
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([pu, ru])
    return {"p": sess.run(p), "r": sess.run(r), "locals": _locals(tf)}


def case_x_misc_metrics_true_false_counts(tf):
    labels = tf.constant([1, 0, 1, 1, 0, 0])
    preds = tf.constant([1, 1, 0, 1, 0, 1])
    w = tf.constant([1.0, 2.0, 1.0, 0.5, 1.0, 1.0])
    tp, tpu = tf.metrics.true_positives(labels, preds, weights=w)
    fp, fpu = tf.metrics.false_positives(labels, preds)
    tn, tnu = tf.metrics.true_negatives(labels, preds)
    fn, fnu = tf.metrics.false_negatives(labels, preds)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([tpu, fpu, tnu, fnu])
    sess.run([tpu, fpu, tnu, fnu])
    return {"v": sess.run([tp, fp, tn, fn]), "locals": _locals(tf)}


def case_x_misc_metrics_mean_iou_and_per_class(tf):
    labels = tf.constant([0, 1, 2, 2, 1, 0])
    preds = tf.constant([0, 2, 2, 1, 1, 0])
    miou, mu = tf.metrics.mean_iou(labels, preds, num_classes=3)
    pca, pu = tf.metrics.mean_per_class_accuracy(labels, preds, num_classes=3)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    conf = sess.run(mu)
    sess.run(pu)
    return {"miou": sess.run(miou), "conf": conf, "pca": sess.run(pca), "locals": _locals(tf)}


def case_x_misc_metrics_errors_and_tensor_means(tf):
    values = tf.placeholder(tf.float32, [2, 2])
    m, u = tf.metrics.mean_tensor(values)
    mae, maeu = tf.metrics.mean_absolute_error(tf.constant([1.0, 2.0]), tf.constant([1.5, 1.0]))
    rmse, rmseu = tf.metrics.root_mean_squared_error(tf.constant([1.0, 2.0]), tf.constant([1.5, 1.0]))
    cos, cosu = tf.metrics.mean_cosine_distance(tf.constant([[1.0, 0.0]]), tf.constant([[0.6, 0.8]]), dim=1)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run(u, {values: [[1.0, 2.0], [3.0, 4.0]]})
    sess.run(u, {values: [[5.0, 0.0], [1.0, 1.0]]})
    sess.run([maeu, rmseu, cosu])
    return {"mean_tensor": sess.run(m), "mae": sess.run(mae), "rmse": sess.run(rmse), "cos": sess.run(cos),
            "locals": _locals(tf)}


def case_x_misc_metrics_accuracy_weights_and_reset_by_scope(tf):
    labels = tf.placeholder(tf.int32, [None])
    preds = tf.placeholder(tf.int32, [None])
    with tf.variable_scope("eval"):
        acc, upd = tf.metrics.accuracy(labels, preds, weights=tf.constant([1.0, 0.0, 2.0]), name="acc")
    other, oupd = tf.metrics.accuracy(labels, preds)
    eval_vars = tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES, scope="eval")
    reset = tf.variables_initializer(eval_vars)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    feed = {labels: [1, 2, 3], preds: [1, 0, 3]}
    sess.run([upd, oupd], feed)
    before = sess.run([acc, other])
    sess.run(reset)
    return {"before": before, "after": sess.run([acc, other]), "eval_vars": [v.name for v in eval_vars],
            "update_collection": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}


def case_x_misc_metrics_collections_args(tf):
    m, u = tf.metrics.mean(tf.constant([1.0, 3.0]), metrics_collections=["mc"], updates_collections=["uc"])
    return {"mc": [t.name for t in tf.get_collection("mc")], "uc": [t.name for t in tf.get_collection("uc")],
            "names": [m.name, u.name]}


def case_x_misc_metrics_sensitivity_specificity(tf):
    labels = tf.constant([1, 0, 1, 1, 0, 0, 1, 0])
    scores = tf.constant([0.9, 0.8, 0.7, 0.3, 0.2, 0.4, 0.6, 0.1])
    s, su = tf.metrics.sensitivity_at_specificity(labels, scores, specificity=0.75)
    t, tu = tf.metrics.specificity_at_sensitivity(labels, scores, sensitivity=0.75)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([su, tu])
    return {"s": sess.run(s), "t": sess.run(t)}


def case_x_misc_metrics_bad_inputs(tf):
    return {
        "pred_label_shape": catch(tf.metrics.accuracy, tf.constant([1, 2]), tf.constant([1, 2, 3])),
        "weights_shape": catch(tf.metrics.mean, tf.constant([1.0, 2.0]), weights=tf.constant([1.0, 2.0, 3.0])),
        "auc_bad_curve": catch(tf.metrics.auc, tf.constant([True]), tf.constant([0.5]), curve="XYZ"),
        "partial_shape_mean_tensor": catch(lambda: tf.metrics.mean_tensor(tf.placeholder(tf.float32, [None, 2]))),
    }


def case_x_misc_metrics_auc_summation_methods(tf):
    labels = tf.constant([0, 0, 1, 1, 1, 0, 1, 0])
    scores = tf.constant([0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.6])
    out = {}
    ups = []
    for method in ("trapezoidal", "minoring", "majoring", "careful_interpolation"):
        for curve in ("ROC", "PR"):
            v, u = tf.metrics.auc(labels, scores, curve=curve, summation_method=method, num_thresholds=20,
                                  name=f"{curve}_{method}")
            out[f"{curve}_{method}"] = v
            ups.append(u)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run(ups)
    return sess.run(out)


# ------------------------------------------------------------------ moving averages
def case_x_misc_ema_names_in_scopes_and_zero_debias(tf):
    with tf.variable_scope("net"):
        v = tf.get_variable("v", initializer=2.0)
    t = tf.constant(4.0, name="t")
    ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True, name="EMA")
    with tf.name_scope("apply_here"):
        apply = ema.apply([v, t])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(apply)
    first = sess.run([ema.average(v), ema.average(t)])
    sess.run(apply)
    return {"names": [ema.average(v).name, ema.average(t).name], "first": first,
            "second": sess.run([ema.average(v), ema.average(t)]), "apply_name": apply.name,
            "globals": sorted(x.name for x in tf.global_variables())}


def case_x_misc_ema_errors_and_apply_twice(tf):
    v = tf.Variable(1.0, name="v")
    i = tf.Variable(1, name="i")
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema.apply([v])
    return {"twice": catch(ema.apply, [v]), "int_var": catch(ema.apply, [i]),
            "average_of_unknown": ema.average(tf.Variable(0.0, name="u")),
            "name": ema.name, "average_name": ema.average_name(tf.Variable(0.0, name="z"))}


def case_x_misc_ema_variables_to_restore_moving_avg_collection(tf):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b", trainable=False)
    tf.add_to_collection(tf.GraphKeys.MOVING_AVERAGE_VARIABLES, b)
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema.apply([a])
    m = ema.variables_to_restore()
    m2 = ema.variables_to_restore(moving_avg_variables=[a])
    return {"m": {k: x.name for k, x in m.items()}, "m2": {k: x.name for k, x in m2.items()}}


# ------------------------------------------------------------------ monitored sessions
def case_x_misc_monitored_logging_and_final_ops_hooks(tf):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    v = tf.Variable(3.0, name="v")
    final = tf.train.FinalOpsHook(v * 2.0)
    log = tf.train.LoggingTensorHook({"v": v}, every_n_iter=2)
    stop = tf.train.StopAtStepHook(last_step=3)
    seen = []
    with tf.train.MonitoredTrainingSession(hooks=[log, stop, final]) as sess:
        while not sess.should_stop():
            seen.append(sess.run(inc))
    return {"seen": seen, "final": final.final_ops_values, "closed": sess.should_stop()}


def case_x_misc_monitored_nan_hook(tf):
    step = tf.train.get_or_create_global_step()
    x = tf.placeholder(tf.float32, [])
    loss = tf.identity(x * 1.0, name="loss")
    inc = tf.assign_add(step, 1)
    out = {}
    with tf.train.MonitoredTrainingSession(hooks=[tf.train.NanTensorHook(loss, fail_on_nan_loss=False)]) as sess:
        out["fine"] = sess.run([loss, inc], {x: 1.0})[0]
        sess.run([loss, inc], {x: float("nan")})
        out["stopped"] = sess.should_stop()
    try:
        with tf.train.MonitoredTrainingSession(hooks=[tf.train.NanTensorHook(loss)]) as sess:
            sess.run(loss, {x: float("nan")})
    except Exception as e:  # the exception class is the result
        out["raised"] = type(e).__name__
    return out


def case_x_misc_monitored_feed_fn_and_step_counter(tf):
    step = tf.train.get_or_create_global_step()
    x = tf.placeholder(tf.float32, [])
    acc = tf.Variable(0.0)
    upd = tf.group(tf.assign_add(acc, x), tf.assign_add(step, 1))
    vals = iter([1.0, 2.0, 4.0, 8.0])
    d = tempfile.mkdtemp()
    try:
        hooks = [tf.train.FeedFnHook(lambda: {x: next(vals)}), tf.train.StopAtStepHook(num_steps=3),
                 tf.train.StepCounterHook(every_n_steps=1, output_dir=d)]
        with tf.train.MonitoredTrainingSession(hooks=hooks) as sess:
            while not sess.should_stop():
                sess.run(upd)
            total = sess.run(acc, {x: 0.0}) if not sess.should_stop() else None
        return {"total": total, "events": any(f.startswith("events") for f in os.listdir(d))}
    finally:
        shutil.rmtree(d)


def case_x_misc_monitored_checkpoint_listener_and_scaffold(tf):
    d = tempfile.mkdtemp()
    try:
        step = tf.train.get_or_create_global_step()
        inc = tf.assign_add(step, 1)
        v = tf.Variable(1.0, name="v")
        calls = []

        class Listener(tf.train.CheckpointSaverListener):
            def begin(self):
                calls.append("begin")

            def before_save(self, session, global_step_value):
                calls.append(("before", int(global_step_value)))

            def after_save(self, session, global_step_value):
                calls.append(("after", int(global_step_value)))

            def end(self, session, global_step_value):
                calls.append(("end", int(global_step_value)))

        init_fn_called = []
        scaffold = tf.train.Scaffold(init_fn=lambda scaffold, sess: init_fn_called.append(True))
        saver_hook = tf.train.CheckpointSaverHook(d, save_steps=2, scaffold=scaffold, listeners=[Listener()])
        with tf.train.MonitoredSession(session_creator=tf.train.ChiefSessionCreator(scaffold=scaffold),
                                       hooks=[saver_hook]) as sess:
            for _ in range(3):
                sess.run(inc)
        return {"calls": calls, "init_fn": init_fn_called, "latest": os.path.basename(tf.train.latest_checkpoint(d)),
                "finalized": tf.get_default_graph().finalized}
    finally:
        shutil.rmtree(d)


def case_x_misc_monitored_run_context_request_stop(tf):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)

    class StopAfter(tf.train.SessionRunHook):
        def after_run(self, run_context, run_values):
            if run_values.results >= 2:
                run_context.request_stop()

        def before_run(self, run_context):
            return tf.train.SessionRunArgs(step)

    n = 0
    with tf.train.SingularMonitoredSession(hooks=[StopAfter()]) as sess:
        while not sess.should_stop():
            sess.run(inc)
            n += 1
        raw = sess.raw_session().run(step)
    return {"n": n, "raw": raw}


def case_x_misc_monitored_out_of_range_stops(tf):
    ds = tf.data.Dataset.range(3)
    it = ds.make_one_shot_iterator()
    nxt = it.get_next()
    got = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            got.append(sess.run(nxt))
    return {"got": got, "stopped": sess.should_stop()}


def case_x_misc_monitored_summary_saver_hook(tf):
    d = tempfile.mkdtemp()
    try:
        step = tf.train.get_or_create_global_step()
        inc = tf.assign_add(step, 1)
        tf.summary.scalar("s", tf.cast(step, tf.float32) * 2.0)
        with tf.train.MonitoredTrainingSession(checkpoint_dir=d, save_summaries_steps=1,
                                               save_checkpoint_secs=None, log_step_count_steps=None) as sess:
            for _ in range(3):
                sess.run(inc)
        tags = []
        for f in sorted(os.listdir(d)):
            if f.startswith("events"):
                for e in tf.train.summary_iterator(os.path.join(d, f)):
                    tags.extend(val.tag for val in e.summary.value)
        return {"tags": tags, "ckpt": tf.train.latest_checkpoint(d) is not None}
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ image ops
def _img(h, w, c=3, dtype=np.float32):
    return (np.arange(h * w * c).reshape(h, w, c) % 7 / 6.0).astype(dtype)


def case_x_misc_image_resize_edge_sizes(tf):
    x = tf.constant(_img(3, 4)[None])
    sess = tf.Session()
    out = {}
    for m, name in ((tf.image.ResizeMethod.BILINEAR, "bilinear"), (tf.image.ResizeMethod.NEAREST_NEIGHBOR, "nearest"),
                    (tf.image.ResizeMethod.BICUBIC, "bicubic"), (tf.image.ResizeMethod.AREA, "area")):
        out[name] = sess.run(tf.image.resize_images(x, [1, 7], method=m))
    out["align"] = sess.run(tf.image.resize_images(x, [5, 2], align_corners=True))
    out["same_size"] = sess.run(tf.image.resize_images(x, [3, 4]))
    out["unbatched_shape"] = tf.image.resize_images(tf.constant(_img(3, 4)), [6, 8]).shape.as_list()
    return out


def case_x_misc_image_resize_int_inputs_and_preserve(tf):
    x = tf.constant((np.arange(16).reshape(1, 4, 4, 1) * 10).astype(np.uint8))
    sess = tf.Session()
    b = tf.image.resize_bilinear(x, [3, 3])
    n = tf.image.resize_nearest_neighbor(x, [6, 6])
    hp = tf.image.resize_bilinear(tf.cast(x, tf.float32), [3, 5], half_pixel_centers=True)
    return {"b": sess.run(b), "b_dtype": b.dtype.name, "n": sess.run(n), "n_dtype": n.dtype.name,
            "hp": sess.run(hp),
            "resize_images_uint8": tf.image.resize_images(x, [2, 2]).dtype.name,
            "area": sess.run(tf.image.resize_area(x, [3, 3]))}


def case_x_misc_image_crop_pad_boxes(tf):
    x = tf.constant(_img(5, 6))
    sess = tf.Session()
    return {
        "central": sess.run(tf.image.central_crop(x, 0.5)),
        "crop_to_box": sess.run(tf.image.crop_to_bounding_box(x, 1, 2, 3, 2)),
        "pad_to_box": sess.run(tf.image.pad_to_bounding_box(x[:2, :2], 1, 1, 4, 3)),
        "crop_or_pad": sess.run(tf.image.resize_image_with_crop_or_pad(x, 3, 8)),
        "bad_box": catch(tf.image.crop_to_bounding_box, x, 4, 0, 3, 2),
        "bad_fraction": catch(tf.image.central_crop, x, 1.5),
    }


def case_x_misc_image_convert_dtype(tf):
    sess = tf.Session()
    u8 = tf.constant([[[0, 128, 255]]], tf.uint8)
    f = tf.constant([[[0.0, 0.5, 1.0, 1.2, -0.1]]])
    return {
        "u8_to_f32": sess.run(tf.image.convert_image_dtype(u8, tf.float32)),
        "f32_to_u8": sess.run(tf.image.convert_image_dtype(f, tf.uint8)),
        "f32_to_u8_sat": sess.run(tf.image.convert_image_dtype(f, tf.uint8, saturate=True)),
        "u8_to_u16": sess.run(tf.image.convert_image_dtype(u8, tf.uint16)),
        "u16_to_u8": sess.run(tf.image.convert_image_dtype(tf.constant([[[65535, 256]]], tf.uint16), tf.uint8)),
        "f32_to_i32": sess.run(tf.image.convert_image_dtype(tf.constant([[[0.5]]]), tf.int32)),
        "f_to_f64": sess.run(tf.image.convert_image_dtype(f, tf.float64)),
    }


def case_x_misc_image_color_ops(tf):
    x = tf.constant(_img(2, 3))
    sess = tf.Session()
    return {
        "gray": sess.run(tf.image.rgb_to_grayscale(x)),
        "back": sess.run(tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(x))),
        "brightness": sess.run(tf.image.adjust_brightness(x, 0.2)),
        "contrast": sess.run(tf.image.adjust_contrast(x, 2.0)),
        "gamma": sess.run(tf.image.adjust_gamma(x, 2.0, 0.5)),
        "yuv": sess.run(tf.image.rgb_to_yuv(x)),
    }


def case_x_misc_image_flips_rotations_batched(tf):
    x = tf.constant(np.arange(2 * 2 * 3 * 1, dtype=np.float32).reshape(2, 2, 3, 1))
    sess = tf.Session()
    return {"lr": sess.run(tf.image.flip_left_right(x)), "ud": sess.run(tf.image.flip_up_down(x)),
            "rot90": sess.run(tf.image.rot90(x)), "rot270": sess.run(tf.image.rot90(x, k=3)),
            "transpose": sess.run(tf.image.transpose_image(x)),
            "rank2": catch(tf.image.flip_left_right, tf.ones([2, 2]))}


def case_x_misc_image_standardization_and_stats(tf):
    sess = tf.Session()
    const = tf.constant(np.full([2, 2, 1], 3.0, np.float32))
    u8 = tf.constant(np.arange(12, dtype=np.uint8).reshape(2, 2, 3))
    return {"const": sess.run(tf.image.per_image_standardization(const)),
            "u8": sess.run(tf.image.per_image_standardization(u8)),
            "u8_dtype": tf.image.per_image_standardization(u8).dtype.name,
            "total_variation": sess.run(tf.image.total_variation(tf.constant(_img(3, 3)))),
            "psnr": sess.run(tf.image.psnr(tf.constant(_img(3, 3)), tf.constant(_img(3, 3) * 0.9), max_val=1.0))}


def case_x_misc_image_encode_decode_jpeg_png_shapes(tf):
    sess = tf.Session()
    img = tf.constant((_img(4, 5) * 255).astype(np.uint8))
    png = tf.image.encode_png(img)
    gray = tf.image.decode_png(png, channels=1)
    rgba = tf.image.decode_png(png, channels=4)
    u16 = tf.image.decode_png(tf.image.encode_png(tf.constant(np.full([2, 2, 1], 1000, np.uint16))), dtype=tf.uint16)
    jpg = tf.image.decode_jpeg(tf.image.encode_jpeg(img, quality=95))
    return {"gray": sess.run(gray).shape, "rgba_alpha": sess.run(rgba)[..., 3], "u16": sess.run(u16),
            "jpg_shape": sess.run(jpg).shape, "static": [gray.shape.as_list(), jpg.shape.as_list()],
            "decode_image_shape": tf.image.decode_image(png).shape.ndims,
            "bad": catch(lambda: sess.run(tf.image.decode_png(tf.constant(b"not a png"))))}


def case_x_misc_image_random_ops_seeded_shapes(tf):
    tf.set_random_seed(1)
    x = tf.constant(_img(6, 6))
    ops = [tf.image.random_flip_left_right(x, seed=2), tf.image.random_brightness(x, 0.1, seed=3),
           tf.image.random_crop(x, [3, 4, 3], seed=4), tf.image.random_contrast(x, 0.5, 1.5, seed=5)]
    sess = tf.Session()
    vals = sess.run(ops)
    return {"shapes": [v.shape for v in vals], "static": [o.shape.as_list() for o in ops],
            "crop_in_range": bool(vals[2].min() >= 0.0 and vals[2].max() <= 1.0),
            "bad_contrast": catch(tf.image.random_contrast, x, 1.5, 0.5),
            "bad_crop": catch(lambda: sess.run(tf.image.random_crop(x, [7, 2, 3])))}


# ------------------------------------------------------------------ sort / top_k / platform
def case_x_misc_sort_dtypes_and_nan(tf):
    sess = tf.Session()
    return {"int_desc": sess.run(tf.sort(tf.constant([[3, 1, 2], [0, 5, -1]]), direction="DESCENDING")),
            "f64": sess.run(tf.sort(tf.constant([2.5, -1.0, 0.0], tf.float64))),
            "argsort_desc_stable": sess.run(tf.argsort(tf.constant([1, 3, 3, 1, 2]), direction="DESCENDING",
                                                       stable=True)),
            "axis0": sess.run(tf.sort(tf.constant([[3, 1], [0, 5]]), axis=0)),
            "top_k": sess.run(tf.nn.top_k(tf.constant([[1.0, 3.0, 2.0, 3.0]]), k=2)),
            "top_k_unsorted_shape": tf.nn.top_k(tf.constant([1, 2, 3]), 2, sorted=False).values.shape.as_list(),
            "top_k_too_big": catch(tf.nn.top_k, tf.constant([1, 2]), 3),
            "string_sort": catch(tf.sort, tf.constant(["b", "a"]))}


def case_x_misc_gfile_more(tf):
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "a", "b")
        tf.gfile.MakeDirs(p)
        with tf.gfile.GFile(os.path.join(p, "f.txt"), "w") as f:
            f.write("line1\nline2\n")
        with tf.gfile.GFile(os.path.join(p, "f.txt")) as f:
            lines = list(f)
        with tf.gfile.GFile(os.path.join(p, "f.txt"), "a") as f:
            f.write("line3")
        walk = [(os.path.relpath(top, d), sorted(dirs), sorted(files)) for top, dirs, files in tf.gfile.Walk(d)]
        stat = tf.gfile.Stat(os.path.join(p, "f.txt"))
        out = {"lines": lines, "walk": walk, "size": stat.length, "isdir": tf.gfile.IsDirectory(p),
               "listdir": tf.gfile.ListDirectory(os.path.join(d, "a")),
               "missing": catch(tf.gfile.GFile(os.path.join(d, "nope")).read),
               "stat_missing": catch(tf.gfile.Stat, os.path.join(d, "nope")),
               "mkdir_exists": catch(tf.gfile.MkDir, p)}
        tf.gfile.DeleteRecursively(os.path.join(d, "a"))
        out["after_delete"] = tf.gfile.Exists(os.path.join(d, "a"))
        return out
    finally:
        shutil.rmtree(d)
