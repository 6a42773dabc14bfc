"""Round-14 variations of the public misc_metrics cases: accuracy with [N, 1] and scalar-tensor weights
and labels of shape [N, 1]; mean over rank-2 values with row weights and int64 values; auc with given
thresholds, weights and float64 scores; precision/recall with bool inputs and zero weights; the
regression family on int inputs; uninitialized errors naming the variable, after a partial reset;
local variable names in name_scope + variable_scope, metrics_collections/updates_collections."""

from _harness import catch, message_has


def _locals(tf):
    return [(v.name, v.shape.as_list(), v.dtype.base_dtype.name) for v in tf.local_variables()]


# ---- accuracy_updates
def case_x_gc14_accuracy_column_labels_and_weights(tf):
    labels = tf.placeholder(tf.int32, [None, 1])
    preds = tf.placeholder(tf.int32, [None, 1])
    w = tf.placeholder(tf.float32, [None, 1])
    acc, up = tf.metrics.accuracy(labels, preds, weights=w)
    flat, flat_up = tf.metrics.accuracy(tf.reshape(labels, [-1]), preds[:, 0], weights=tf.constant(2.0))
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    feed = {labels: [[1], [2], [3]], preds: [[1], [0], [3]], w: [[0.5], [1.0], [0.0]]}
    steps = sess.run([up, flat_up], feed)
    return {"steps": steps, "values": sess.run([acc, flat]), "locals": _locals(tf),
            "row_weights": catch(tf.metrics.accuracy, labels, preds, weights=tf.ones([2, 2])),
            "float_labels": isinstance(catch(tf.metrics.accuracy, tf.constant([1.0, 2.0]), tf.constant([1, 2])), tuple)}


def case_x_gc14_accuracy_bool_and_string_errors(tf):
    b_acc, b_up = tf.metrics.accuracy(tf.constant([True, False, True]), tf.constant([True, True, True]))
    strings = catch(tf.metrics.accuracy, tf.constant(["a", "b"]), tf.constant(["a", "c"]))
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    out = {"bool": sess.run(b_up), "value": sess.run(b_acc),
           "mixed": message_has(lambda: tf.metrics.accuracy(tf.constant([1, 2]), tf.constant([1.0, 2.0])), "int32",
                                "float32")}
    out["strings"] = sess.run(strings[1]) if isinstance(strings, tuple) else strings
    return out


# ---- mean_with_weights_and_reset
def case_x_gc14_mean_rank2_row_weights_and_int64(tf):
    values = tf.placeholder(tf.float32, [None, 3])
    w = tf.placeholder(tf.float32, [None, 1])
    m, up = tf.metrics.mean(values, weights=w)
    ints, ints_up = tf.metrics.mean(tf.constant([1, 2, 4], tf.int64))
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    first = sess.run(up, {values: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], w: [[1.0], [0.0]]})
    second = sess.run(up, {values: [[10.0, 10.0, 10.0]], w: [[3.0]]})
    sess.run(ints_up)
    return {"first": first, "second": second, "value": sess.run(m), "ints": sess.run(ints),
            "ints_dtype": ints.dtype.name, "locals": _locals(tf)}


def case_x_gc14_mean_partial_reset_and_uninitialized_name(tf):
    a, a_up = tf.metrics.mean(tf.constant([1.0, 3.0]), name="first")
    b, b_up = tf.metrics.mean(tf.constant([5.0]), name="second")
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([a_up, b_up, a_up])
    sess.run(tf.variables_initializer(tf.local_variables(scope="first")))
    out = {"after_partial": sess.run([a, b])}
    fresh = tf.Session()
    # which of total/count TF's executor reads first is a race: check the metric's scope only
    out["uninit"] = message_has(lambda: fresh.run(a), "value first/", "second/", "Attempting to use uninitialized")
    out["scoped"] = [v.op.name for v in tf.local_variables(scope="second")]
    return out


# ---- auc_roc_and_pr
def case_x_gc14_auc_given_thresholds_weights_float64(tf):
    labels = tf.constant([0, 0, 1, 1, 1, 0])
    scores = tf.constant([0.1, 0.6, 0.4, 0.8, 0.65, 0.3], tf.float64)
    w = tf.constant([1.0, 2.0, 1.0, 0.5, 1.0, 1.0])
    roc, roc_up = tf.metrics.auc(labels, scores, weights=w, thresholds=[0.25, 0.5, 0.75])
    pr, pr_up = tf.metrics.auc(labels, scores, curve="PR", summation_method="careful_interpolation",
                               num_thresholds=7)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([roc_up, pr_up])
    return {"roc": sess.run(roc), "pr": sess.run(pr), "locals": _locals(tf), "dtype": roc.dtype.name,
            "bad_curve": catch(tf.metrics.auc, labels, scores, curve="DET"),
            "one_threshold": catch(tf.metrics.auc, labels, scores, num_thresholds=1)}


# ---- auc_accumulates_across_updates
def case_x_gc14_auc_accumulates_with_reset_between(tf):
    labels = tf.placeholder(tf.bool, [None])
    scores = tf.placeholder(tf.float32, [None])
    auc, up = tf.metrics.auc(labels, scores, num_thresholds=11, curve="PR", summation_method="minoring")
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    first = [sess.run(up, {labels: [True, False], scores: [0.7, 0.2]}),
             sess.run(up, {labels: [True, True, False], scores: [0.1, 0.5, 0.9]})]
    sess.run(tf.local_variables_initializer())
    second = sess.run(up, {labels: [False, True], scores: [0.35, 0.45]})
    return {"first": first, "second": second, "final": sess.run(auc),
            "empty": sess.run(up, {labels: [], scores: []})}


# ---- precision_recall_mse
def case_x_gc14_precision_recall_bool_zero_weights_and_regressions(tf):
    labels = tf.constant([True, False, True, True])
    preds = tf.constant([True, True, False, True])
    w = tf.constant([0.0, 1.0, 2.0, 0.0])
    p, p_up = tf.metrics.precision(labels, preds, weights=w)
    r, r_up = tf.metrics.recall(labels, preds, weights=w)
    mae, mae_up = tf.metrics.mean_absolute_error(tf.constant([1, 5, 2]), tf.constant([2, 2, 2]))
    rmse, rmse_up = tf.metrics.root_mean_squared_error(tf.constant([[1.0], [3.0]]), tf.constant([[2.0], [1.0]]))
    rel, rel_up = tf.metrics.mean_relative_error(tf.constant([2.0, 4.0]), tf.constant([1.0, 4.0]),
                                                 normalizer=tf.constant([2.0, 0.0]))
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    ups = sess.run([p_up, r_up, mae_up, rmse_up, rel_up])
    return {"updates": ups, "values": sess.run([p, r, mae, rmse, rel]), "mae_dtype": mae.dtype.name,
            "locals": _locals(tf)}


# ---- metric_uninitialized_and_shape_mismatch
def case_x_gc14_shape_mismatch_fed_at_run_and_usable(tf):
    labels = tf.placeholder(tf.int64, [None])
    preds = tf.placeholder(tf.int64, [None])
    acc, up = tf.metrics.accuracy(labels, preds)
    p, p_up = tf.metrics.precision(labels, preds)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    bad = catch(sess.run, up, {labels: [1, 2, 3], preds: [1, 2]})
    bad_p = catch(sess.run, p_up, {labels: [1], preds: [1, 0]})
    ok = sess.run([up, p_up], {labels: [1, 0], preds: [1, 1]})
    return {"bad": bad, "bad_p": bad_p, "ok": ok, "static": catch(tf.metrics.mean_squared_error,
                                                                    tf.zeros([2, 3]), tf.zeros([3, 2]))}


# ---- metric_scopes_and_names
def case_x_gc14_names_in_name_scope_variable_scope_and_collections(tf):
    with tf.name_scope("outer"):
        with tf.variable_scope("vs"):
            acc, up = tf.metrics.accuracy(tf.constant([1]), tf.constant([1]), metrics_collections=["mine"],
                                          updates_collections="my_updates")
    with tf.variable_scope("vs", reuse=True):
        m, m_up = tf.metrics.mean(tf.constant([1.0]), metrics_collections=("mine", "also"))
    with tf.name_scope("ns"):
        r, r_up = tf.metrics.recall(tf.constant([1]), tf.constant([1]), name="rec")
    return {"locals": _locals(tf), "ops": [acc.op.name, up.op.name, m.op.name, m_up.op.name, r.op.name, r_up.op.name],
            "mine": [t.name for t in tf.get_collection("mine")], "also": [t.name for t in tf.get_collection("also")],
            "updates": [t.name for t in tf.get_collection("my_updates")],
            "metric_vars": [v.op.name for v in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)]}
