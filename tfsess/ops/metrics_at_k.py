"""tf.metrics over the top k predictions of sparse class labels: precision/recall at k, precision at
top k, average precision at k; and percentage_below.

Labels are class ids, [batch] or [batch, num_labels]; a row's labels are a set. The counts are
float64 accumulators named as TF names them (`true_positive_at_<k>`, ...), and a ratio with a
zero denominator is NaN, as in TF.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import array_ops, indexing_ops, logic_ops, math_ops, nn_ops, reduction_ops, sequence_ops, state_ops
from tfsess.ops.metrics_impl import _finish, mean, metric_variable
from tfsess.ops.variable_scope import variable_scope

_F64 = dtypes.float64


def _rows(labels):
    """Labels as [batch, num_labels] int64."""
    labels = math_ops.cast(convert_to_tensor(labels, name="labels"), dtypes.int64)
    return array_ops.expand_dims(labels, -1) if labels.shape.ndims == 1 else labels


def _indicator(ids, depth):
    """[batch, depth] float64: 1 where a row holds the class (ids outside [0, depth) ignored)."""
    return reduction_ops.reduce_max(indexing_ops.one_hot(ids, depth, dtype=_F64), axis=-2)


def _counts(labels, top_k_idx, depth, class_id):
    """Per row: true positives, false positives and false negatives (float64)."""
    labels = _rows(labels)
    truth = _indicator(labels, depth)
    predicted = _indicator(math_ops.cast(top_k_idx, dtypes.int64), depth)
    if class_id is not None:
        truth, predicted = truth[:, class_id], predicted[:, class_id]
        return truth * predicted, predicted * (1.0 - truth), truth * (1.0 - predicted)
    tp = reduction_ops.reduce_sum(truth * predicted, -1)
    outside = reduction_ops.reduce_sum(math_ops.cast(logic_ops.logical_or(
        logic_ops.less(labels, 0), logic_ops.greater_equal(labels, depth if isinstance(depth, int) else
                                                           math_ops.cast(depth, dtypes.int64))), _F64), -1)
    return (tp, reduction_ops.reduce_sum(predicted * (1.0 - truth), -1),
            reduction_ops.reduce_sum(truth, -1) + outside - tp)


def _depth(labels, top_k_idx, predictions):
    if predictions is not None and predictions.shape[-1] is not None:
        return int(predictions.shape[-1])
    return math_ops.cast(math_ops.maximum(reduction_ops.reduce_max(_rows(labels)),
                                          reduction_ops.reduce_max(math_ops.cast(top_k_idx, dtypes.int64))) + 1,
                         dtypes.int32)


def _accumulate(per_row, weights, name):
    total = metric_variable([], _F64, name=name)
    if weights is not None:
        per_row = per_row * array_ops.reshape(math_ops.cast(weights, _F64), [-1])
    return total, state_ops.assign_add(total, reduction_ops.reduce_sum(per_row))


def _suffix(k, class_id):
    return f"at_{k}" if class_id is None else f"at_{k}_class{class_id}"


def _ratio_at_k(kind, labels, top_k_idx, k, class_id, weights, predictions, collections, name):
    tp_row, fp_row, fn_row = _counts(labels, top_k_idx, _depth(labels, top_k_idx, predictions), class_id)
    miss_row, miss_name = (fp_row, "false_positive") if kind == "precision" else (fn_row, "false_negative")
    tp, tp_up = _accumulate(tp_row, weights, f"true_positive_{_suffix(k, class_id)}")
    miss, miss_up = _accumulate(miss_row, weights, f"{miss_name}_{_suffix(k, class_id)}")
    value = math_ops.divide(tp, tp + miss, name="value")
    update = math_ops.divide(tp_up, tp_up + miss_up, name="update")
    return _finish(value, update, *collections)


def precision_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    """The streaming precision of the predicted class ids `predictions_idx` [batch, k] against `labels`."""
    predictions_idx = convert_to_tensor(predictions_idx, name="predictions_idx")
    k = int(predictions_idx.shape[-1]) if k is None else k
    with variable_scope(name, _suffix(k, class_id).join(("precision_", "")), (predictions_idx, labels, weights)):
        return _ratio_at_k("precision", labels, predictions_idx, k, class_id, weights, None,
                           (metrics_collections, updates_collections), name)


def precision_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                   updates_collections=None, name=None):
    """The streaming precision of the top `k` classes of `predictions` [batch, num_classes] against `labels`."""
    with variable_scope(name, _suffix(k, class_id).join(("precision_", "")), (predictions, labels, weights)):
        predictions = convert_to_tensor(predictions, name="predictions")
        _, top_k_idx = nn_ops.top_k(predictions, k)
        return _ratio_at_k("precision", labels, top_k_idx, k, class_id, weights, predictions,
                           (metrics_collections, updates_collections), name)


def recall_at_k(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
                updates_collections=None, name=None):
    """The streaming recall of `labels` among the top `k` classes of `predictions` [batch, num_classes]."""
    with variable_scope(name, _suffix(k, class_id).join(("recall_", "")), (predictions, labels, weights)):
        predictions = convert_to_tensor(predictions, name="predictions")
        _, top_k_idx = nn_ops.top_k(predictions, k)
        return _ratio_at_k("recall", labels, top_k_idx, k, class_id, weights, predictions,
                           (metrics_collections, updates_collections), name)


def _average_precision_rows(labels, top_k_idx, k):
    """Per row: the mean over relevant ranks i <= k of precision@i, over min(k, number of labels)."""
    labels = _rows(labels)
    top_k_idx = math_ops.cast(top_k_idx, dtypes.int64)
    relevant = math_ops.cast(reduction_ops.reduce_any(logic_ops.equal(
        array_ops.expand_dims(top_k_idx, -1), array_ops.expand_dims(labels, -2)), -1), _F64)
    ranks = math_ops.cast(sequence_ops.range_(1, k + 1), _F64)
    precision_sum = reduction_ops.reduce_sum(reduction_ops.cumsum(relevant, axis=-1) / ranks * relevant, -1)
    n_labels = math_ops.cast(array_ops.shape(labels)[-1], _F64)
    return math_ops.divide(precision_sum, math_ops.minimum(n_labels, float(k)))


def average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None,
                           updates_collections=None, name=None):
    """The streaming mean over rows of the average precision of the top `k` predictions."""
    with variable_scope(name, f"average_precision_at_{k}", (predictions, labels, weights)):
        predictions = convert_to_tensor(predictions, name="predictions")
        _, top_k_idx = nn_ops.top_k(predictions, k)
        per_row = _average_precision_rows(labels, top_k_idx, k)
        ones = array_ops.ones_like(per_row)
        if weights is not None:
            w = array_ops.reshape(math_ops.cast(weights, _F64), [-1])
            per_row, ones = per_row * w, ones * w
        total = metric_variable([], _F64, name="total")
        count = metric_variable([], _F64, name="max")
        total_up = state_ops.assign_add(total, reduction_ops.reduce_sum(per_row))
        count_up = state_ops.assign_add(count, reduction_ops.reduce_sum(ones))
        value = math_ops.div_no_nan(total, count, name="value")
        update = math_ops.div_no_nan(total_up, count_up, name="update")
        return _finish(value, update, metrics_collections, updates_collections)


def percentage_below(values, threshold, weights=None, metrics_collections=None, updates_collections=None,
                     name=None):
    """The streaming fraction of `values` below `threshold`."""
    values = convert_to_tensor(values, name="values")
    below = math_ops.cast(logic_ops.less(values, threshold), dtypes.float32)
    return mean(below, weights, metrics_collections, updates_collections, name or "percentage_below_threshold")


__all__ = ["average_precision_at_k", "percentage_below", "precision_at_k", "precision_at_top_k", "recall_at_k"]
