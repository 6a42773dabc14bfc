"""tf.metrics sweep: every streaming metric's value after updates, its local variable names and
collections, weights broadcasting and its errors, auc variants, *_at_k with class_id, and the
metrics_collections/updates_collections arguments."""
from _harness import catch, message_has


def _locals(tf):
    return [(v.name, v.shape.as_list(), v.dtype.base_dtype.name) for v in tf.local_variables()]


def _run_updates(tf, pairs, n=1):
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    for _ in range(n):
        sess.run([u for _, u in pairs])
    return sess, [sess.run(v) for v, _ in pairs]


def case_x_msweep_regression_metrics(tf):
    labels = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    preds = tf.constant([[1.5, 1.0], [2.0, 6.0]])
    w = tf.constant([[1.0], [0.5]])
    pairs = [tf.metrics.mean_absolute_error(labels, preds),
             tf.metrics.mean_absolute_error(labels, preds, weights=w),
             tf.metrics.root_mean_squared_error(labels, preds),
             tf.metrics.root_mean_squared_error(labels, preds, weights=w),
             tf.metrics.mean_relative_error(labels, preds, normalizer=labels),
             tf.metrics.mean_relative_error(labels, preds, normalizer=tf.constant([[2.0, 2.0], [0.0, 1.0]])),
             tf.metrics.mean_cosine_distance(tf.constant([[0.6, 0.8], [1.0, 0.0]]),
                                             tf.constant([[0.8, 0.6], [0.0, 1.0]]), dim=1),
             tf.metrics.percentage_below(tf.constant([1.0, 5.0, 3.0, 7.0]), 4.0),
             tf.metrics.percentage_below(tf.constant([1, 5, 3, 7]), 6, weights=[1.0, 2.0, 0.0, 1.0])]
    sess, vals = _run_updates(tf, pairs, n=2)
    return {"vals": vals, "dtypes": [v.dtype.name for v, _ in pairs],
            "update_dtypes": [u.dtype.name for _, u in pairs],
            "names": [v.op.name for v, _ in pairs], "locals": _locals(tf)}


def case_x_msweep_mean_tensor_and_mean_shapes(tf):
    x = tf.placeholder(tf.float32, [2, 3])
    w = tf.placeholder(tf.float32, [2, 1])
    mt, mt_up = tf.metrics.mean_tensor(x)
    mtw, mtw_up = tf.metrics.mean_tensor(x, weights=w, name="weighted")
    m, m_up = tf.metrics.mean(x, weights=w)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    start = sess.run([mt, mtw, m])
    for a in ([[1, 2, 3], [4, 5, 6]], [[0, 0, 0], [10, 10, 10]]):
        sess.run([mt_up, mtw_up, m_up], {x: a, w: [[1.0], [3.0]]})
    return {"start": start, "vals": sess.run([mt, mtw, m]), "shapes": [mt.shape.as_list(), mt_up.shape.as_list()],
            "locals": _locals(tf), "int_mean": catch(lambda: tf.metrics.mean(tf.constant([1, 2]))[0].dtype.name)}


def case_x_msweep_weights_broadcast_errors(tf):
    v = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = {}
    for name, w in [("row", [[1.0, 0.0, 2.0]]), ("col", [[1.0], [2.0]]), ("scalar", 2.0),
                    ("bad_len", [1.0, 2.0]), ("bad_rank", [[[1.0]]] * 3), ("bad_2d", [[1.0, 2.0]])]:
        def build(w=w):
            val, up = tf.metrics.mean(v, weights=w, name="m_" + name)
            sess = tf.Session()
            sess.run(tf.local_variables_initializer())
            sess.run(up)
            return sess.run(val)
        out[name] = catch(build)
    out["msg"] = message_has(lambda: tf.metrics.mean(v, weights=[1.0, 2.0]), "weights", "values", "shape")
    return out


def case_x_msweep_accuracy_weights_and_dtypes(tf):
    labels = tf.constant([[1], [2], [3], [4]], tf.int64)
    preds = tf.constant([[1], [0], [3], [0]], tf.int32)
    pairs = [catch(tf.metrics.accuracy, tf.constant([1, 2, 3, 4]), tf.constant([1, 0, 3, 0]),
                   weights=tf.constant([1.0, 2.0, 0.0, 4.0]))]
    acc2 = catch(tf.metrics.accuracy, labels, tf.cast(preds, tf.int64), weights=[[0.5], [0.5], [1.0], [1.0]])
    mixed = catch(tf.metrics.accuracy, labels, preds)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([pairs[0][1], acc2[1]])
    return {"vals": sess.run([pairs[0][0], acc2[0]]), "mixed": mixed if isinstance(mixed, dict) else "ok",
            "locals": _locals(tf)}


def case_x_msweep_auc_variants(tf):
    labels = tf.constant([0, 0, 1, 1, 1, 0, 1, 0, 1, 1])
    scores = tf.constant([0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.6, 0.6, 0.05])
    w = tf.constant([1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0])
    pairs = []
    for curve in ("ROC", "PR"):
        for method in ("trapezoidal", "minoring", "majoring", "careful_interpolation"):
            pairs.append(tf.metrics.auc(labels, scores, curve=curve, summation_method=method, num_thresholds=13,
                                        name="%s_%s" % (curve, method)))
    pairs.append(tf.metrics.auc(labels, scores, weights=w, name="weighted"))
    pairs.append(tf.metrics.auc(labels, scores, thresholds=[0.3, 0.5, 0.7], name="explicit"))
    pairs.append(tf.metrics.auc(labels, scores, curve="PR", weights=w, thresholds=[0.0, 0.5, 1.0], name="pr_explicit"))
    sess, vals = _run_updates(tf, pairs)
    return {"vals": vals, "locals": _locals(tf)[:8] + _locals(tf)[-8:],
            "bad_curve": catch(tf.metrics.auc, labels, scores, curve="XX"),
            "bad_method": catch(tf.metrics.auc, labels, scores, summation_method="foo")}


def case_x_msweep_at_thresholds_family(tf):
    labels = tf.constant([[1, 0], [1, 1], [0, 0], [0, 1]], tf.bool)
    preds = tf.constant([[0.9, 0.2], [0.4, 0.6], [0.5, 0.1], [0.3, 0.99]])
    th = [0.0, 0.25, 0.5, 0.75, 1.0]
    w = tf.constant([[1.0], [2.0], [0.0], [1.0]])
    pairs = [tf.metrics.true_positives_at_thresholds(labels, preds, th),
             tf.metrics.false_positives_at_thresholds(labels, preds, th, weights=w),
             tf.metrics.true_negatives_at_thresholds(labels, preds, th),
             tf.metrics.false_negatives_at_thresholds(labels, preds, th, weights=w),
             tf.metrics.precision_at_thresholds(labels, preds, th),
             tf.metrics.recall_at_thresholds(labels, preds, th, weights=w)]
    sess, vals = _run_updates(tf, pairs, n=2)
    return {"vals": vals, "locals": _locals(tf), "dtypes": [v.dtype.name for v, _ in pairs],
            "names": [(v.op.name, u.op.name) for v, u in pairs]}


def case_x_msweep_confusion_counts(tf):
    labels = tf.constant([1, 0, 1, 1, 0, 0, 1])
    preds = tf.constant([True, True, False, True, False, True, True])
    w = tf.constant([1.0, 2.0, 3.0, 1.0, 1.0, 0.5, 0.0])
    pairs = [tf.metrics.true_positives(labels, preds), tf.metrics.true_negatives(labels, preds, weights=w),
             tf.metrics.false_positives(labels, preds, weights=w), tf.metrics.false_negatives(labels, preds),
             tf.metrics.precision(labels, preds, weights=w), tf.metrics.recall(labels, preds, weights=w)]
    sess, vals = _run_updates(tf, pairs, n=3)
    return {"vals": vals, "locals": _locals(tf), "dtypes": [v.dtype.name for v, _ in pairs]}


def case_x_msweep_sensitivity_specificity(tf):
    labels = tf.constant([0, 0, 1, 1, 1, 0, 1, 0, 1, 1])
    scores = tf.constant([0.1, 0.4, 0.35, 0.8, 0.7, 0.2, 0.9, 0.6, 0.6, 0.05])
    w = tf.constant([1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0])
    pairs = [tf.metrics.sensitivity_at_specificity(labels, scores, 0.5),
             tf.metrics.sensitivity_at_specificity(labels, scores, 0.9, weights=w, num_thresholds=7),
             tf.metrics.specificity_at_sensitivity(labels, scores, 0.5),
             tf.metrics.specificity_at_sensitivity(labels, scores, 0.8, weights=w, num_thresholds=7)]
    sess, vals = _run_updates(tf, pairs)
    return {"vals": vals, "locals": _locals(tf)[:4],
            "bad_spec": catch(tf.metrics.sensitivity_at_specificity, labels, scores, 1.5),
            "bad_sens": catch(tf.metrics.specificity_at_sensitivity, labels, scores, -0.1)}


def case_x_msweep_mean_iou_per_class(tf):
    labels = tf.constant([0, 1, 2, 2, 1, 0, 3])
    preds = tf.constant([0, 2, 2, 1, 1, 1, 3])
    w = tf.constant([1.0, 1.0, 2.0, 1.0, 0.0, 1.0, 1.0])
    pairs = [tf.metrics.mean_iou(labels, preds, 5), tf.metrics.mean_iou(labels, preds, 4, weights=w),
             tf.metrics.mean_per_class_accuracy(labels, preds, 5),
             tf.metrics.mean_per_class_accuracy(labels, preds, 4, weights=w)]
    sess, vals = _run_updates(tf, pairs, n=2)
    return {"vals": vals, "locals": _locals(tf), "update_shapes": [u.shape.as_list() for _, u in pairs],
            "update_vals": sess.run([u for _, u in pairs])}


def case_x_msweep_at_k_family(tf):
    labels = tf.constant([[2], [0], [3]], tf.int64)
    logits = tf.constant([[0.1, 0.2, 0.6, 0.1], [0.5, 0.1, 0.3, 0.1], [0.4, 0.3, 0.2, 0.1]])
    multi = tf.constant([[2, 1], [0, -1], [3, 0]], tf.int64)
    topk = tf.constant([[2, 1], [0, 2], [0, 1]], tf.int64)
    w = tf.constant([[1.0], [2.0], [0.5]])
    pairs = [tf.metrics.precision_at_k(labels, logits, 2), tf.metrics.recall_at_k(labels, logits, 2),
             tf.metrics.precision_at_k(multi, logits, 2, class_id=0),
             tf.metrics.recall_at_k(multi, logits, 3, class_id=0, weights=w),
             tf.metrics.precision_at_top_k(multi, topk), tf.metrics.recall_at_top_k(multi, topk, class_id=1),
             tf.metrics.precision_at_top_k(multi, topk, k=1, weights=w),
             tf.metrics.sparse_precision_at_k(labels, logits, 1),
             tf.metrics.average_precision_at_k(multi, logits, 3),
             tf.metrics.average_precision_at_k(labels, logits, 2, weights=w),
             tf.metrics.sparse_average_precision_at_k(labels, logits, 1)]
    sess, vals = _run_updates(tf, pairs, n=2)
    return {"vals": vals, "locals": _locals(tf), "names": [(v.op.name, u.op.name) for v, u in pairs],
            "bad_k": catch(tf.metrics.average_precision_at_k, labels, logits, 0)}


def case_x_msweep_collections_and_metric_vars(tf):
    labels = tf.constant([1, 0, 1])
    preds = tf.constant([1, 1, 1])
    v, u = tf.metrics.recall(labels, preds, metrics_collections=["mc"], updates_collections=["uc", "uc2"])
    v2, u2 = tf.metrics.auc(labels, tf.constant([0.9, 0.1, 0.8]), metrics_collections=["mc"], updates_collections="uc")
    v3, u3 = tf.metrics.mean_iou(labels, preds, 2, metrics_collections=["mc"])
    return {"mc": [t.name for t in tf.get_collection("mc")], "uc": [t.name for t in tf.get_collection("uc")],
            "uc2": len(tf.get_collection("uc2")),
            "metric_vars": [x.name for x in tf.get_collection(tf.GraphKeys.METRIC_VARIABLES)],
            "local": [x.name for x in tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES)],
            "global": len(tf.global_variables())}


def case_x_msweep_metric_errors(tf):
    f = tf.constant([1.0, 2.0])
    return {"mae_shape": catch(tf.metrics.mean_absolute_error, tf.constant([1.0, 2.0, 3.0]), f),
            "rel_shape": catch(tf.metrics.mean_relative_error, f, f, tf.constant([1.0, 2.0, 3.0])),
            "cos_shape": catch(tf.metrics.mean_cosine_distance, tf.constant([[1.0, 2.0]]), tf.constant([[1.0]]), 1),
            "iou_shape": catch(tf.metrics.mean_iou, tf.constant([0, 1, 1]), tf.constant([0, 1]), 2),
            "prec_thr_shape": catch(tf.metrics.precision_at_thresholds, tf.constant([True]), tf.constant([0.1, 0.2]), [0.5]),
            "auc_shape": catch(tf.metrics.auc, tf.constant([0, 1, 1]), tf.constant([0.5, 0.6])),
            "eager_msg": message_has(lambda: tf.metrics.mean_iou(tf.constant([0, 1, 1]), tf.constant([0, 1]), 2),
                                     "Shapes", "(3,)", "(2,)", "incompatible")}


def case_x_msweep_metric_value_ranges(tf):
    labels = tf.constant([0.0, 1.0, 1.0, 0.0])
    bad_preds = tf.constant([0.2, 1.5, 0.4, -0.1])
    v, u = tf.metrics.auc(labels, bad_preds)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    err = catch(sess.run, u)
    ok = sess.run(tf.metrics.accuracy([1], [1])[0]) if False else None
    return {"bad_range": err, "ok": ok, "op_types": sorted({op.type for op in tf.get_default_graph().get_operations()
                                                            if "assert" in op.name.lower()})}


def case_x_msweep_weights_checked_at_run(tf):
    values = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    w = tf.placeholder(tf.float32)
    m, up = tf.metrics.mean(values, weights=w)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    out = {}
    for name, feed in [("row", [[1.0, 0.0, 1.0]]), ("col", [[2.0], [1.0]]), ("scalar", 3.0), ("squeeze", [[[1.0], [2.0], [3.0]], [[1.0], [1.0], [1.0]]]),
                       ("expand", [1.0, 0.0]), ("bad", [[1.0, 2.0]]), ("bad_rank", [[[1.0, 2.0]]])]:
        sess.run(tf.local_variables_initializer())
        out[name] = catch(sess.run, up, {w: feed})
    out["usable"] = sess.run(m)
    return out


def case_x_msweep_at_k_weights_rank(tf):
    labels = tf.constant([[2], [0], [3]], tf.int64)
    logits = tf.constant([[0.1, 0.2, 0.6, 0.1], [0.5, 0.1, 0.3, 0.1], [0.4, 0.3, 0.2, 0.1]])
    out = {}
    for name, w in [("col", [[1.0], [2.0], [0.5]]), ("row", [1.0, 2.0, 0.5]), ("scalar", 2.0), ("bad", [1.0, 2.0])]:
        pairs = [tf.metrics.recall_at_k(labels, logits, 2, weights=w, name="r_" + name),
                 tf.metrics.precision_at_k(labels, logits, 1, class_id=0, weights=w, name="p_" + name),
                 tf.metrics.average_precision_at_k(labels, logits, 2, weights=w, name="ap_" + name)]
        sess = tf.Session()
        sess.run(tf.local_variables_initializer())
        out[name] = [catch(sess.run, u) for _, u in pairs]
    return out


def case_x_msweep_counts_weights_rank(tf):
    labels = tf.constant([1, 0, 1])
    preds = tf.constant([1, 1, 1])
    out = {"bad_rank": catch(tf.metrics.true_positives, labels, preds, weights=tf.constant([[[1.0]]])),
           "ok_col": None}
    v, u = tf.metrics.false_positives(labels, preds, weights=tf.constant([[1.0], [2.0], [3.0]]))
    w = tf.placeholder(tf.float32)
    v2, u2 = tf.metrics.true_positives(labels, preds, weights=w)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    out["ok_col"] = sess.run(u)
    out["fed"] = [catch(sess.run, u2, {w: f}) for f in (2.0, [1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]], [[[1.0, 1.0, 1.0]]])]
    return out


def case_x_msweep_metric_argument_errors(tf):
    labels = tf.constant([0, 1, 1, 0])
    scores = tf.constant([0.1, 0.8, 0.6, 0.3])
    return {"auc_one_threshold": catch(tf.metrics.auc, labels, scores, num_thresholds=1),
            "sens_one_threshold": catch(tf.metrics.sensitivity_at_specificity, labels, scores, 0.5, num_thresholds=1),
            "mc_not_list": catch(lambda: len(tf.get_collection("x")) if tf.metrics.mean(scores, metrics_collections="x") else 0),
            "iou_tensor_classes": catch(lambda: tf.metrics.mean_iou(labels, labels, tf.constant(2))[0].dtype.name),
            "bool_scores": catch(tf.metrics.auc, labels, tf.constant([True, False, True, False])),
            "int_preds_thresholds": catch(tf.metrics.precision_at_thresholds, labels, tf.constant([1, 0, 1, 0]), [0.5]),
            "counts_float_labels": catch(lambda: tf.metrics.true_positives(tf.constant([0.0, 1.0]), tf.constant([0.5, 2.0]))[0].op.name),
            "pc_acc_bad": catch(tf.metrics.mean_per_class_accuracy, labels, tf.constant([0, 1]), 2),
            "in_cond": catch(lambda: tf.cond(tf.constant(True), lambda: tf.metrics.mean(scores)[1],
                                             lambda: tf.constant(0.0)).dtype.name)}
