"""Variations of the public misc_metrics cases: weights (scalar, broadcastable, bad shapes), other
dtypes (bool/int labels, float64 predictions), unknown shapes, local variable names and their
collections, value/update op names, errors and the session staying usable afterwards."""
import numpy as np

from _harness import catch, message_has


def _locals(tf):
    return [(v.name, v.shape.as_list(), v.dtype.base_dtype.name) for v in tf.local_variables()]


def _init(tf):
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    return sess


# ---- accuracy_updates
def case_x_mvar_accuracy_weights_scalar_and_per_example(tf):
    labels = tf.placeholder(tf.int32, [None])
    preds = tf.placeholder(tf.int32, [None])
    w = tf.placeholder(tf.float32, [None])
    acc_s, up_s = tf.metrics.accuracy(labels, preds, weights=2.0)
    acc_w, up_w = tf.metrics.accuracy(labels, preds, weights=w)
    sess = _init(tf)
    steps = [sess.run([up_s, up_w], {labels: [1, 0, 1], preds: [1, 1, 1], w: [1.0, 0.0, 3.0]}),
             sess.run([up_s, up_w], {labels: [2, 2], preds: [2, 0], w: [0.5, 0.5]})]
    return {"steps": steps, "values": sess.run([acc_s, acc_w]), "locals": _locals(tf),
            "dtypes": [acc_s.dtype.name, up_w.dtype.name]}


def case_x_mvar_accuracy_bool_and_2d(tf):
    acc_b, up_b = tf.metrics.accuracy(tf.constant([True, False, True, False]),
                                      tf.constant([True, True, True, False]))
    acc_2d, up_2d = tf.metrics.accuracy(tf.constant([[1, 2], [3, 4]], tf.int64),
                                        tf.constant([[1, 0], [3, 0]], tf.int64),
                                        weights=tf.constant([[1.0], [2.0]]))
    sess = _init(tf)
    sess.run([up_b, up_2d])
    sess.run([up_b, up_2d])
    return {"values": sess.run([acc_b, acc_2d]), "names": [acc_b.op.name, up_b.op.name, acc_2d.op.name],
            "metric_vars": [v.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]}


def case_x_mvar_accuracy_empty_batch_and_value_before_update(tf):
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    acc, update = tf.metrics.accuracy(labels, preds)
    sess = _init(tf)
    empty = sess.run(update, {labels: [], preds: []})
    one = sess.run(update, {labels: [3], preds: [3]})
    return {"empty": empty, "one": one, "value": sess.run(acc),
            "static": [acc.shape.as_list(), update.shape.as_list()]}


# ---- mean_with_weights_and_reset
def case_x_mvar_mean_dtypes_and_broadcast_weights(tf):
    m64, u64 = tf.metrics.mean(tf.constant([1.0, 2.0, 4.0], tf.float64), name="m64")
    mint, uint = tf.metrics.mean(tf.constant([1, 2, 4]), name="mint")
    m2d, u2d = tf.metrics.mean(tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                               weights=tf.constant([[1.0], [0.0]]), name="m2d")
    mrow, urow = tf.metrics.mean(tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
                                 weights=tf.constant([[1.0, 0.0, 2.0]]), name="mrow")
    msc, usc = tf.metrics.mean(tf.constant([2.0, 6.0]), weights=0.25, name="msc")
    sess = _init(tf)
    ups = sess.run([u64, uint, u2d, urow, usc])
    return {"updates": ups, "values": sess.run([m64, mint, m2d, mrow, msc]),
            "dtypes": [t.dtype.name for t in (m64, mint, u64, uint)], "locals": _locals(tf)}


def case_x_mvar_mean_bad_weights(tf):
    values = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    return {"wrong_dim": message_has(lambda: tf.metrics.mean(values, weights=tf.constant([1.0, 2.0, 3.0])),
                                     "weights", "values"),
            "rank_too_high": catch(tf.metrics.mean, tf.constant([1.0, 2.0]), weights=tf.ones([2, 2, 2])),
            "ok_column": catch(lambda: tf.metrics.mean(values, weights=tf.constant([[1.0], [2.0]]))[0].dtype.name)}


def case_x_mvar_mean_weights_checked_at_run_and_usable(tf):
    values = tf.placeholder(tf.float32, [None])
    w = tf.placeholder(tf.float32, None)
    mean, update = tf.metrics.mean(values, weights=w)
    sess = _init(tf)
    good = sess.run(update, {values: [1.0, 3.0], w: [1.0, 1.0]})
    bad = catch(sess.run, update, {values: [1.0, 3.0], w: [1.0, 1.0, 1.0]})
    scalar = sess.run(update, {values: [5.0], w: 2.0})
    return {"good": good, "bad": bad, "scalar": scalar, "value": sess.run(mean)}


def case_x_mvar_mean_reset_by_variables_initializer(tf):
    values = tf.placeholder(tf.float32, [None])
    with tf.variable_scope("stream"):
        m1, u1 = tf.metrics.mean(values)
    m2, u2 = tf.metrics.mean(values, name="other")
    sess = _init(tf)
    sess.run([u1, u2], {values: [2.0, 4.0]})
    stream_vars = tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES, scope="stream")
    sess.run(tf.variables_initializer(stream_vars))
    return {"after_partial_reset": sess.run([m1, m2]), "stream_vars": [v.name for v in stream_vars]}


# ---- auc_roc_and_pr
def case_x_mvar_auc_summation_methods_and_weights(tf):
    labels = tf.constant([0, 0, 1, 1, 1, 0, 1, 0])
    scores = tf.constant([0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.6])
    w = tf.constant([1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 2.0, 0.0])
    pairs = {"careful_pr": tf.metrics.auc(labels, scores, curve="PR", summation_method="careful_interpolation",
                                          name="a1"),
             "minoring": tf.metrics.auc(labels, scores, summation_method="minoring", name="a2"),
             "majoring": tf.metrics.auc(labels, scores, summation_method="majoring", name="a3"),
             "trapezoidal_pr": tf.metrics.auc(labels, scores, curve="PR", summation_method="trapezoidal",
                                              name="a4"),
             "weighted": tf.metrics.auc(labels, scores, weights=w, name="a5"),
             "two_thresholds": tf.metrics.auc(labels, scores, num_thresholds=3, name="a6")}
    sess = _init(tf)
    sess.run({k: u for k, (_, u) in pairs.items()})
    out = sess.run({k: v for k, (v, _) in pairs.items()})
    out["locals_a6"] = [x for x in _locals(tf) if x[0].startswith("a6/")]
    return out


def case_x_mvar_auc_float64_and_bad_args(tf):
    labels = tf.constant([True, False, True])
    scores64 = tf.constant([0.9, 0.2, 0.6], tf.float64)
    auc, up = tf.metrics.auc(labels, scores64)
    sess = _init(tf)
    sess.run(up)
    return {"value": sess.run(auc), "dtype": auc.dtype.name,
            "bad_curve": catch(tf.metrics.auc, labels, tf.constant([0.9, 0.2, 0.6]), curve="XX"),
            "one_threshold": catch(lambda: tf.metrics.auc(labels, tf.constant([0.9, 0.2, 0.6]), num_thresholds=1)[0].op.type),
            "bad_method": catch(tf.metrics.auc, labels, tf.constant([0.9, 0.2, 0.6]), summation_method="simpson")}


def case_x_mvar_auc_out_of_range_scores_at_run(tf):
    scores = tf.placeholder(tf.float32, [None])
    labels = tf.placeholder(tf.bool, [None])
    auc, up = tf.metrics.auc(labels, scores, num_thresholds=5)
    sess = _init(tf)
    bad = catch(sess.run, up, {labels: [True, False], scores: [1.5, 0.2]})
    neg = catch(sess.run, up, {labels: [True, False], scores: [0.5, -0.2]})
    good = sess.run(up, {labels: [True, False], scores: [0.8, 0.1]})
    return {"bad": bad, "neg": neg, "good": good, "value": sess.run(auc)}


# ---- auc_accumulates_across_updates
def case_x_mvar_auc_unknown_rank_inputs_accumulate(tf):
    labels = tf.placeholder(tf.int64)
    scores = tf.placeholder(tf.float32)
    auc, update = tf.metrics.auc(labels, scores, num_thresholds=10, curve="PR")
    sess = _init(tf)
    steps = [sess.run(update, {labels: [[1, 0], [0, 1]], scores: [[0.9, 0.2], [0.4, 0.7]]}),
             sess.run(update, {labels: [1, 1, 0], scores: [0.3, 0.65, 0.55]})]
    sess.run(tf.local_variables_initializer())
    after_reset = sess.run(auc)
    return {"steps": steps, "after_reset": after_reset, "static": auc.shape.as_list()}


def case_x_mvar_auc_all_one_class(tf):
    labels = tf.placeholder(tf.int32, [None])
    scores = tf.placeholder(tf.float32, [None])
    roc, up = tf.metrics.auc(labels, scores, num_thresholds=20)
    pr, up_pr = tf.metrics.auc(labels, scores, num_thresholds=20, curve="PR", name="pr")
    sess = _init(tf)
    first = sess.run([up, up_pr], {labels: [1, 1], scores: [0.9, 0.4]})
    second = sess.run([up, up_pr], {labels: [0, 0], scores: [0.2, 0.6]})
    return {"positives_only": first, "then_negatives": second}


# ---- precision_recall_mse
def case_x_mvar_precision_recall_weights_and_floats(tf):
    labels = tf.constant([1, 0, 1, 1, 0, 1])
    preds = tf.constant([0.9, 0.6, 0.0, 1.0, 0.0, 0.3])  # cast to bool: non-zero is True
    w = tf.constant([1.0, 2.0, 1.0, 0.5, 1.0, 0.0])
    p, p_up = tf.metrics.precision(labels, preds, weights=w)
    r, r_up = tf.metrics.recall(labels, preds, weights=w)
    p0, p0_up = tf.metrics.precision(tf.constant([True]), tf.constant([False]), name="none_predicted")
    r0, r0_up = tf.metrics.recall(tf.constant([False]), tf.constant([False]), name="none_true")
    sess = _init(tf)
    ups = sess.run([p_up, r_up, p0_up, r0_up])
    return {"updates": ups, "values": sess.run([p, r, p0, r0]), "locals": _locals(tf),
            "op_names": [p.op.name, p_up.op.name, r.op.name, r_up.op.name]}


def case_x_mvar_mse_weights_dtypes(tf):
    labels = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
    preds = tf.constant([[1.5, 2.0], [1.0, 4.0]], tf.float64)
    mse, up = tf.metrics.mean_squared_error(labels, preds)
    mse_w, up_w = tf.metrics.mean_squared_error(labels, preds, weights=tf.constant([[0.0], [1.0]], tf.float64),
                                                name="weighted")
    rmse, up_r = tf.metrics.root_mean_squared_error(labels, preds)
    sess = _init(tf)
    ups = sess.run([up, up_w, up_r])
    return {"updates": ups, "values": sess.run([mse, mse_w, rmse]),
            "dtypes": [t.dtype.name for t in (mse, up, mse_w, rmse)], "locals": _locals(tf),
            "mismatch": catch(tf.metrics.mean_squared_error, tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0])),
            "dtype_mismatch": catch(tf.metrics.mean_squared_error, tf.constant([1.0]),
                                    tf.constant([1.0], tf.float64))}


def case_x_mvar_precision_recall_placeholders_accumulate(tf):
    labels = tf.placeholder(tf.bool, [None])
    preds = tf.placeholder(tf.bool, [None])
    p, p_up = tf.metrics.precision(labels, preds)
    r, r_up = tf.metrics.recall(labels, preds)
    sess = _init(tf)
    steps = []
    for lab, pre in (([True, False], [True, True]), ([True, True, False], [False, True, False]), ([], [])):
        steps.append(sess.run([p_up, r_up], {labels: lab, preds: pre}))
    return {"steps": steps, "final": sess.run([p, r])}


# ---- metric_uninitialized_and_shape_mismatch
def case_x_mvar_uninitialized_messages_and_recovery(tf):
    values = tf.constant([1.0, 2.0])
    mean, update = tf.metrics.mean(values)
    sess = tf.Session()
    before = message_has(lambda: sess.run(mean), "uninitialized", "mean/")  # TF names one of total/count
    upd = catch(sess.run, update)
    sess.run(tf.local_variables_initializer())
    return {"value_uninit": before, "update_uninit": upd, "after_init": sess.run(update),
            "report": sorted(x.decode() if isinstance(x, bytes) else x
                             for x in tf.Session().run(tf.report_uninitialized_variables()))}


def case_x_mvar_shape_mismatch_variants(tf):
    return {"precision": catch(tf.metrics.precision, tf.constant([1, 0, 1]), tf.constant([1, 0])),
            "recall_2d": catch(tf.metrics.recall, tf.constant([[1, 0]]), tf.constant([[1], [0]])),
            "auc": catch(tf.metrics.auc, tf.constant([1, 0]), tf.constant([0.2, 0.3, 0.4])),
            "squeezable_ok": catch(lambda: tf.metrics.accuracy(tf.constant([[1], [2]]),
                                                               tf.constant([1, 2]))[0].op.type),
            "accuracy_msg": message_has(lambda: tf.metrics.accuracy(tf.constant([1, 2, 3]), tf.constant([1, 2])),
                                        "Shapes", "incompatible", "(3,)", "(2,)")}


def case_x_mvar_mismatch_at_run_time_then_usable(tf):
    labels = tf.placeholder(tf.int32, [None])
    preds = tf.placeholder(tf.int32, [None])
    acc, update = tf.metrics.accuracy(labels, preds)
    sess = _init(tf)
    bad = catch(sess.run, update, {labels: [1, 2, 3], preds: [1, 2]})
    good = sess.run(update, {labels: [1, 2], preds: [1, 0]})
    return {"bad": bad, "good": good, "value": sess.run(acc)}


# ---- metric_scopes_and_names
def case_x_mvar_metric_names_in_name_scope_and_reuse(tf):
    with tf.name_scope("outer"):
        a = tf.metrics.accuracy(tf.constant([1]), tf.constant([1]))
        m = tf.metrics.mean(tf.constant([1.0]), name="m")
    with tf.variable_scope("vs"):
        with tf.name_scope("inner"):
            p = tf.metrics.precision(tf.constant([1]), tf.constant([1]))
    r = tf.metrics.recall(tf.constant([1]), tf.constant([1]), name="rec")
    r2 = tf.metrics.recall(tf.constant([1]), tf.constant([1]), name="rec")
    return {"locals": _locals(tf), "ops": [[t.op.name for t in pair] for pair in (a, m, p, r, r2)],
            "globals": len(tf.global_variables()), "trainable": len(tf.trainable_variables())}


def case_x_mvar_metric_collections_arguments(tf):
    v, u = tf.metrics.mean(tf.constant([1.0, 3.0]), metrics_collections=["mc"], updates_collections=["uc"])
    a, au = tf.metrics.accuracy(tf.constant([1]), tf.constant([1]), metrics_collections=["mc"],
                                updates_collections=["uc", "uc2"])
    m, mu = tf.metrics.mean_squared_error(tf.constant([1.0]), tf.constant([2.0]), metrics_collections=["mc"])
    return {"mc": [t.name for t in tf.get_collection("mc")], "uc": [t.name for t in tf.get_collection("uc")],
            "uc2": [t.name for t in tf.get_collection("uc2")],
            "update_ops": [t.name for t in tf.get_collection(tf.GraphKeys.UPDATE_OPS)],
            "metric_vars": [x.name for x in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]}


def case_x_mvar_update_then_value_ordering(tf):
    values = tf.placeholder(tf.float32, [None])
    mean, update = tf.metrics.mean(values)
    with tf.control_dependencies([update]):
        doubled = update * 2.0
    sess = _init(tf)
    first = sess.run(update, {values: [2.0, 4.0]})
    dep = sess.run(doubled, {values: [9.0]})
    return {"first": first, "dep": dep, "final": sess.run(mean),
            "update_inputs": sorted(t.op.type for t in update.op.inputs)}


def case_x_mvar_auc_np_inputs_and_names(tf):
    auc, up = tf.metrics.auc(np.array([1, 0, 1]), np.array([0.7, 0.2, 0.4], np.float32), num_thresholds=4)
    sess = _init(tf)
    return {"update": sess.run(up), "value": sess.run(auc), "names": [auc.op.name, up.op.name],
            "locals": _locals(tf)}
