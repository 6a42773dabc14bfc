"""tf.metrics over score thresholds: auc, sensitivity_at_specificity / specificity_at_sensitivity and the
*_at_thresholds counts, precision and recall."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_api import control_dependencies
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, cumulative_ops, indexing_ops, logic_ops,
                        math_ops, reduction_ops, stack_ops, state_ops, unary_ops)
from tfsess.ops.metrics_impl import _finish, _remove_squeezable_dimensions, broadcast_weights, metric_variable
from tfsess.ops.variable_scope import variable_scope
from tfsess.platform import tf_logging

_VARIABLE_NAMES = {"tp": "true_positives", "fn": "false_negatives", "tn": "true_negatives",
                   "fp": "false_positives"}


def _confusion_matrix_at_thresholds(labels, predictions, thresholds, weights=None, includes=None):
    """Per-threshold streaming counts: ({key: variable}, {key: update_op}) for keys among tp, fn, tn, fp.

    A prediction counts as positive at a threshold when it is strictly greater than it.
    """
    includes = tuple(_VARIABLE_NAMES) if includes is None else includes
    for include in includes:
        if include not in _VARIABLE_NAMES:
            raise ValueError(f"Invalid key: {include}")
    zero = math_ops.cast(0.0, predictions.dtype)
    with control_dependencies([
            check_ops.assert_greater_equal(predictions, zero, message="predictions must be in [0, 1]"),
            check_ops.assert_less_equal(predictions, zero + 1, message="predictions must be in [0, 1]")]):
        predictions, labels, weights = _remove_squeezable_dimensions(
            math_ops.cast(predictions, dtypes.float32), math_ops.cast(labels, dtypes.bool), weights)
    num_thresholds = len(thresholds)
    predictions_2d = array_ops.reshape(predictions, [-1, 1])
    labels_2d = array_ops.reshape(labels, [1, -1])
    num_predictions = predictions_2d.shape.as_list()[0]
    if num_predictions is None:
        num_predictions = array_ops.shape(predictions_2d)[0]
    thresh_tiled = broadcast_ops.tile(
        array_ops.expand_dims(constant_op.constant(thresholds, dtypes.float32), 1), stack_ops.stack([1, num_predictions]))
    pred_is_pos = logic_ops.greater(
        broadcast_ops.tile(array_ops.transpose(predictions_2d), [num_thresholds, 1]), thresh_tiled)
    label_is_pos = broadcast_ops.tile(labels_2d, [num_thresholds, 1])
    conditions = {"tp": (label_is_pos, pred_is_pos), "fn": (label_is_pos, logic_ops.logical_not(pred_is_pos)),
                  "tn": (logic_ops.logical_not(label_is_pos), logic_ops.logical_not(pred_is_pos)),
                  "fp": (logic_ops.logical_not(label_is_pos), pred_is_pos)}
    weights_tiled = None
    if weights is not None:
        weights = broadcast_weights(math_ops.cast(weights, dtypes.float32), predictions)
        weights_tiled = broadcast_ops.tile(array_ops.reshape(weights, [1, -1]), [num_thresholds, 1])
    values, update_ops = {}, {}
    for key in ("tp", "fn", "tn", "fp"):
        if key not in includes:
            continue
        variable = metric_variable([num_thresholds], dtypes.float32, name=_VARIABLE_NAMES[key])
        hits = math_ops.cast(logic_ops.logical_and(*conditions[key]), dtypes.float32)
        if weights_tiled is not None:
            hits *= weights_tiled
        update_ops[key] = state_ops.assign_add(variable, reduction_ops.reduce_sum(hits, 1))
        values[key] = variable
    return values, update_ops


def _interpolate_pr_auc(tp, fp, fn, num_thresholds):
    # Davis & Goadrich's interpolation between the PR points, as TF's careful_interpolation.
    dtp = tp[:num_thresholds - 1] - tp[1:]
    p = tp + fp
    prec_slope = math_ops.div_no_nan(dtp, math_ops.maximum(p[:num_thresholds - 1] - p[1:], 0.0), name="prec_slope")
    intercept = tp[1:] - math_ops.multiply(prec_slope, p[1:])
    safe_p_ratio = indexing_ops.where(
        logic_ops.logical_and(p[:num_thresholds - 1] > 0, p[1:] > 0),
        math_ops.div_no_nan(p[:num_thresholds - 1], math_ops.maximum(p[1:], 0.0), name="recall_relative_ratio"),
        array_ops.ones_like(p[1:]))
    return reduction_ops.reduce_sum(
        math_ops.div_no_nan(prec_slope * (dtp + intercept * unary_ops.log(safe_p_ratio)),
                            math_ops.maximum(tp[1:] + fn[1:], 0.0), name="pr_auc_increment"),
        name="interpolate_pr_auc")


_SUMMATIONS = {"trapezoidal": lambda a, b: (a + b) / 2.0, "careful_interpolation": lambda a, b: (a + b) / 2.0,
               "minoring": math_ops.minimum, "majoring": math_ops.maximum}


def _area(counts, curve, summation_method, num_thresholds, name):
    tp, fn, tn, fp = (counts[k] for k in ("tp", "fn", "tn", "fp"))
    if curve == "PR" and summation_method == "careful_interpolation":
        return _interpolate_pr_auc(tp, fp, fn, num_thresholds)
    epsilon = 1.0e-6
    rec = math_ops.divide(tp + epsilon, tp + fn + epsilon)
    if curve == "ROC":
        x, y = math_ops.divide(fp, fp + tn + epsilon), rec
    else:
        x, y = rec, math_ops.divide(tp + epsilon, tp + fp + epsilon)
    height = _SUMMATIONS[summation_method](y[:num_thresholds - 1], y[1:])
    return reduction_ops.reduce_sum(math_ops.multiply(x[:num_thresholds - 1] - x[1:], height), name=name)


def auc(labels, predictions, weights=None, num_thresholds=200, metrics_collections=None, updates_collections=None,
        curve="ROC", name=None, summation_method="trapezoidal", thresholds=None):
    """The streaming area under the ROC or PR curve, a Riemann sum over `num_thresholds` thresholds.

    Raises:
      ValueError: an unknown `curve` or `summation_method`.
    """
    with variable_scope(name, "auc", (labels, predictions, weights)):
        if curve not in ("ROC", "PR"):
            raise ValueError(f"Curve must be either ROC or PR. Curve {curve} is unknown.")
        if summation_method not in _SUMMATIONS:
            raise ValueError(f"Invalid summation_method: {summation_method} summation_method should be "
                             "'trapezoidal', 'careful_interpolation', 'minoring', or 'majoring'.")
        if curve == "PR" and summation_method == "trapezoidal":
            tf_logging.warning("Trapezoidal rule is known to produce incorrect PR-AUCs; please switch to "
                               "\"careful_interpolation\" instead.")
        kepsilon = 1e-7  # thresholds just outside [0, 1] catch the scores 0 and 1
        if thresholds is not None:
            inner = sorted(thresholds)
            num_thresholds = len(inner) + 2
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        values, update_ops = _confusion_matrix_at_thresholds(
            labels, predictions, [0.0 - kepsilon] + inner + [1.0 + kepsilon], weights)
        value = _area(values, curve, summation_method, num_thresholds, "value")
        update_op = _area(update_ops, curve, summation_method, num_thresholds, "update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def _counts_at_thresholds(key, default_name):
    def metric(labels, predictions, thresholds, weights=None, metrics_collections=None, updates_collections=None,
               name=None):
        with variable_scope(name, default_name, (predictions, labels, weights)):
            values, update_ops = _confusion_matrix_at_thresholds(labels, predictions, thresholds, weights,
                                                                 includes=(key,))
            return _finish(array_ops.identity(values[key]), update_ops[key], metrics_collections,
                           updates_collections)
    metric.__name__ = default_name
    metric.__doc__ = f"Streaming {_VARIABLE_NAMES[key].replace('_', ' ')} per threshold (score > threshold)."
    return metric


true_positives_at_thresholds = _counts_at_thresholds("tp", "true_positives")
false_positives_at_thresholds = _counts_at_thresholds("fp", "false_positives")
false_negatives_at_thresholds = _counts_at_thresholds("fn", "false_negatives")
true_negatives_at_thresholds = _counts_at_thresholds("tn", "true_negatives")


def _ratio_at_thresholds(default_name, miss_key):
    def metric(labels, predictions, thresholds, weights=None, metrics_collections=None, updates_collections=None,
               name=None):
        with variable_scope(name, default_name, (predictions, labels, weights)):
            values, update_ops = _confusion_matrix_at_thresholds(labels, predictions, thresholds, weights,
                                                                 includes=("tp", miss_key))
            epsilon = 1e-7
            ratio = lambda c, n: math_ops.divide(c["tp"], epsilon + c["tp"] + c[miss_key], name=n)  # noqa: E731
            return _finish(ratio(values, "value"), ratio(update_ops, "update_op"), metrics_collections,
                           updates_collections)
    metric.__name__ = f"{default_name}_at_thresholds"
    return metric


precision_at_thresholds = _ratio_at_thresholds("precision_at_thresholds", "fp")
precision_at_thresholds.__doc__ = "Streaming precision tp / (tp + fp) per threshold."
recall_at_thresholds = _ratio_at_thresholds("recall_at_thresholds", "fn")
recall_at_thresholds.__doc__ = "Streaming recall tp / (tp + fn) per threshold."

def _kept_thresholds(num_thresholds, last):
    kepsilon = 1e-7  # thresholds just outside [0, 1] catch the scores 0 and 1
    inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [0.0 - kepsilon] + inner + [last]


def sensitivity_at_specificity(labels, predictions, specificity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """The streaming sensitivity tp / (tp + fn) at the threshold whose specificity is nearest `specificity`.

    Raises:
      ValueError: `specificity` outside [0, 1].
    """
    if specificity < 0 or specificity > 1:
        raise ValueError(f"`specificity` must be in the range [0, 1]. Currently, `specificity` got {specificity}.")
    with variable_scope(name, "sensitivity_at_specificity", (predictions, labels, weights)):
        kepsilon = 1e-7
        values, update_ops = _confusion_matrix_at_thresholds(
            labels, predictions, _kept_thresholds(num_thresholds, 1.0 + kepsilon), weights)

        def compute(c, name):
            specificities = math_ops.divide(c["tn"], c["tn"] + c["fp"] + kepsilon)
            index = math_ops.cast(reduction_ops.argmin(unary_ops.abs(specificities - specificity), 0), dtypes.int32)
            tp, fn = c["tp"][index], c["fn"][index]
            return math_ops.divide(tp, tp + fn + kepsilon, name=name)

        return _finish(compute(values, "value"), compute(update_ops, "update_op"), metrics_collections,
                       updates_collections)


def specificity_at_sensitivity(labels, predictions, sensitivity, weights=None, num_thresholds=200,
                               metrics_collections=None, updates_collections=None, name=None):
    """The streaming specificity tn / (tn + fp) at the last threshold whose sensitivity is nearest `sensitivity`.

    Raises:
      ValueError: `sensitivity` outside [0, 1].
    """
    if sensitivity < 0 or sensitivity > 1:
        raise ValueError(f"`sensitivity` must be in the range [0, 1]. Currently, `sensitivity` is {sensitivity}.")
    with variable_scope(name, "specificity_at_sensitivity", (predictions, labels, weights)):
        kepsilon = 1e-7
        values, update_ops = _confusion_matrix_at_thresholds(
            labels, predictions, _kept_thresholds(num_thresholds, 1.0 - kepsilon), weights)

        def compute(c, name):
            distance = unary_ops.abs(math_ops.divide(c["tp"], c["tp"] + c["fn"] + kepsilon) - sensitivity)
            at_min = math_ops.cast(logic_ops.equal(distance, reduction_ops.reduce_min(distance)), dtypes.int64)
            index = math_ops.cast(reduction_ops.argmax(cumulative_ops.cumsum(at_min), 0), dtypes.int32)
            tn, fp = c["tn"][index], c["fp"][index]
            return math_ops.divide(tn, tn + fp + kepsilon, name=name)

        return _finish(compute(values, "value"), compute(update_ops, "update_op"), metrics_collections,
                       updates_collections)


__all__ = ["auc", "false_negatives_at_thresholds", "false_positives_at_thresholds", "precision_at_thresholds",
           "recall_at_thresholds", "sensitivity_at_specificity", "specificity_at_sensitivity", "true_negatives_at_thresholds", "true_positives_at_thresholds"]
