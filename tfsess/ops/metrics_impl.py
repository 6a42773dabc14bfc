"""tf.metrics: streaming metrics as (value, update_op) pairs over local accumulator variables.

Each metric opens a variable scope (its `name`, or its default name made unique), creates its
accumulators there with `metric_variable` (non-trainable, in LOCAL_VARIABLES and METRIC_VARIABLES,
zero-initialized), and returns a `value` tensor that reads them and an `update_op` that adds a
batch and yields the updated value, as TF's metrics_impl does.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_api import add_to_collections, control_dependencies
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import (array_ops, constant_op, indexing_ops, logic_ops, math_ops, matrix_ops,
                        reduction_ops, state_ops, unary_ops, variables)
from tfsess.ops.confusion_matrix import confusion_matrix, remove_squeezable_dimensions
from tfsess.ops.check_ops import assert_rank_in
from tfsess.ops.cond_ops import cond
from tfsess.ops.variable_scope import variable_scope
from tfsess.ops.weights_broadcast_ops import broadcast_weights

GraphKeys = variables.GraphKeys


def metric_variable(shape, dtype, validate_shape=True, name=None):
    """A zero-initialized, non-trainable accumulator in LOCAL_VARIABLES and METRIC_VARIABLES."""
    return variables.Variable(lambda: constant_op.zeros(shape, dtype), trainable=False,
                              collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES],
                              validate_shape=validate_shape, name=name)


def _remove_squeezable_dimensions(predictions, labels, weights):
    """Squeezes a trailing size-1 axis so predictions, labels and weights line up (static ranks)."""
    predictions = convert_to_tensor(predictions)
    if labels is not None:
        labels, predictions = remove_squeezable_dimensions(labels, predictions)
        predictions.shape.assert_is_compatible_with(labels.shape)
    if weights is None:
        return predictions, labels, None
    weights = convert_to_tensor(weights)
    weights_rank, predictions_rank = weights.shape.ndims, predictions.shape.ndims
    if weights_rank == 0:
        return predictions, labels, weights
    if weights_rank is not None and predictions_rank is not None:
        if weights_rank - predictions_rank == 1:
            weights = array_ops.squeeze(weights, [-1])
        elif predictions_rank - weights_rank == 1:
            weights = array_ops.expand_dims(weights, [-1])
        return predictions, labels, weights
    return predictions, labels, _adjust_weights_rank_at_run(weights, predictions)


def _adjust_weights_rank_at_run(weights, predictions):
    """Squeezes or expands the last axis of `weights` by the ranks that the run sees (scalars kept)."""
    weights_rank = array_ops.rank(weights)
    rank_diff = weights_rank - array_ops.rank(predictions)
    last = weights.shape.dims[-1] if weights.shape.ndims else None
    if last is not None and not last.is_compatible_with(1):
        squeezed = lambda: weights  # noqa: E731 - a squeeze that the static shape says would fail
    else:
        squeezed = lambda: array_ops.squeeze(weights, [-1])  # noqa: E731

    def expanded_or_kept():
        return cond(logic_ops.equal(rank_diff, -1), lambda: array_ops.expand_dims(weights, [-1]), lambda: weights)

    def adjusted():
        return cond(logic_ops.equal(rank_diff, 1), squeezed, expanded_or_kept)
    return cond(logic_ops.equal(weights_rank, 0), lambda: weights, adjusted)


def _finish(value, update_op, metrics_collections, updates_collections):
    if metrics_collections:
        add_to_collections(metrics_collections, value)
    if updates_collections:
        add_to_collections(updates_collections, update_op)
    return value, update_op


def _mean_of(total, count, name):
    return math_ops.div_no_nan(total, math_ops.maximum(count, 0.0), name=name)


def mean(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The (weighted) mean of all values seen: accumulators `total` and `count`.

    Returns:
      (mean, update_op): float32 scalars.
    """
    with variable_scope(name, "mean", (values, weights)):
        values = math_ops.cast(values, dtypes.float32)
        total = metric_variable([], dtypes.float32, name="total")
        count = metric_variable([], dtypes.float32, name="count")
        if weights is None:
            num_values = math_ops.cast(array_ops.size(values), dtypes.float32)
        else:
            values, _, weights = _remove_squeezable_dimensions(values, None, weights)
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float32), values)
            values = math_ops.multiply(values, weights)
            num_values = reduction_ops.reduce_sum(weights)
        update_total = state_ops.assign_add(total, reduction_ops.reduce_sum(values))
        with control_dependencies([values]):
            update_count = state_ops.assign_add(count, num_values)
        value = _mean_of(total, count, "value")
        update_op = _mean_of(update_total, update_count, "update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def mean_tensor(values, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The element-wise (weighted) mean of all value tensors seen (accumulators `total_tensor`, `count_tensor`).

    Raises:
      ValueError: `values` of a shape not fully known (the accumulators take its shape).
    """
    with variable_scope(name, "mean", (values, weights)):
        values = math_ops.cast(values, dtypes.float32)
        if not values.shape.is_fully_defined():
            raise ValueError(f"Cannot convert a partially known TensorShape {values.shape} to a Tensor.")
        total = metric_variable(values.shape, dtypes.float32, name="total_tensor")
        count = metric_variable(values.shape, dtypes.float32, name="count_tensor")
        num_values = array_ops.ones_like(values)
        if weights is not None:
            values, _, weights = _remove_squeezable_dimensions(values, None, weights)
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float32), values)
            values = math_ops.multiply(values, weights)
            num_values = math_ops.multiply(num_values, weights)
        update_total = state_ops.assign_add(total, values)
        with control_dependencies([values]):
            update_count = state_ops.assign_add(count, num_values)
        value = _mean_of(total, count, "value")
        update_op = _mean_of(update_total, update_count, "update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def accuracy(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """How often predictions equal labels: a `mean` of the matches under the scope "accuracy".

    Raises:
      ValueError: labels and predictions of incompatible shapes.
    """
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    predictions.shape.assert_is_compatible_with(labels.shape)
    if labels.dtype != predictions.dtype:
        predictions = math_ops.cast(predictions, labels.dtype)
    is_correct = math_ops.cast(logic_ops.equal(predictions, labels), dtypes.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections, name or "accuracy")


def _error_mean(error_fn, default_name):
    def metric(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
        return mean(error_fn(labels, predictions), weights, metrics_collections, updates_collections,
                    name or default_name)
    metric.__name__ = default_name
    metric.__doc__ = f"The streaming {default_name.replace('_', ' ')} of predictions against labels (a `mean`)."
    return metric


mean_absolute_error = _error_mean(lambda y, p: unary_ops.abs(p - y), "mean_absolute_error")
mean_squared_error = _error_mean(math_ops.squared_difference, "mean_squared_error")


def root_mean_squared_error(labels, predictions, weights=None, metrics_collections=None, updates_collections=None,
                            name=None):
    """The square root of the streaming mean squared error."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    mse, update_mse = mean(math_ops.squared_difference(labels, predictions), weights, None, None,
                           name or "root_mean_squared_error")
    return _finish(unary_ops.sqrt(mse), unary_ops.sqrt(update_mse), metrics_collections, updates_collections)


def mean_relative_error(labels, predictions, normalizer, weights=None, metrics_collections=None,
                        updates_collections=None, name=None):
    """The streaming mean of |labels - predictions| / normalizer (0 where the normalizer is 0)."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    predictions, normalizer = remove_squeezable_dimensions(predictions, normalizer)
    relative = indexing_ops.where(logic_ops.equal(normalizer, 0.0), array_ops.zeros_like(labels),
                                  math_ops.divide(unary_ops.abs(labels - predictions), normalizer))
    return mean(relative, weights, metrics_collections, updates_collections, name or "mean_relative_error")


def _count_condition(values, weights, metrics_collections, updates_collections):
    if values.dtype != dtypes.bool:
        raise TypeError(f"{values.name} must be of dtype bool, got {values.dtype.name}")
    count = metric_variable([], dtypes.float32, name="count")
    values = math_ops.cast(values, dtypes.float32)
    if weights is not None:
        with control_dependencies((assert_rank_in(weights, (0, array_ops.rank(values))),)):
            values = math_ops.multiply(values, math_ops.cast(weights, dtypes.float32))
    value = array_ops.identity(count)
    update_op = state_ops.assign_add(count, reduction_ops.reduce_sum(values))
    return _finish(value, update_op, metrics_collections, updates_collections)


def _condition_counter(default_name, label_value, prediction_value):
    def metric(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        with variable_scope(name, default_name, (predictions, labels, weights)):
            predictions, labels, weights = _remove_squeezable_dimensions(
                math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool), weights)
            condition = logic_ops.logical_and(logic_ops.equal(labels, label_value),
                                              logic_ops.equal(predictions, prediction_value))
            return _count_condition(condition, weights, metrics_collections, updates_collections)
    metric.__name__ = default_name
    metric.__doc__ = (f"The streaming (weighted) count of {default_name.replace('_', ' ')}: labels == "
                      f"{label_value} and predictions == {prediction_value}, both cast to bool.")
    return metric


true_positives = _condition_counter("true_positives", True, True)
false_positives = _condition_counter("false_positives", False, True)
false_negatives = _condition_counter("false_negatives", True, False)
true_negatives = _condition_counter("true_negatives", False, False)


def _ratio(hits, misses, name):
    return indexing_ops.where(logic_ops.greater(hits + misses, 0), math_ops.divide(hits, hits + misses),
                              array_ops.zeros_like(hits), name=name)


def _ratio_metric(default_name, miss_counter):
    def metric(labels, predictions, weights=None, metrics_collections=None, updates_collections=None, name=None):
        with variable_scope(name, default_name, (predictions, labels, weights)):
            predictions, labels, weights = _remove_squeezable_dimensions(
                math_ops.cast(predictions, dtypes.bool), math_ops.cast(labels, dtypes.bool), weights)
            hits, update_hits = true_positives(labels, predictions, weights)
            misses, update_misses = miss_counter(labels, predictions, weights)
            return _finish(_ratio(hits, misses, "value"), _ratio(update_hits, update_misses, "update_op"),
                           metrics_collections, updates_collections)
    return metric


precision = _ratio_metric("precision", false_positives)
precision.__doc__ = "The streaming precision tp / (tp + fp) (0 before any positive prediction)."
recall = _ratio_metric("recall", false_negatives)
recall.__doc__ = "The streaming recall tp / (tp + fn) (0 before any positive label)."


def mean_iou(labels, predictions, num_classes, weights=None, metrics_collections=None, updates_collections=None,
             name=None):
    """The mean intersection-over-union over classes, from a streaming float64 confusion matrix.

    Classes that never occur (in labels or predictions) are left out of the mean.
    """
    with variable_scope(name, "mean_iou", (predictions, labels, weights)):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        predictions.shape.assert_is_compatible_with(labels.shape)
        total_cm = metric_variable([num_classes, num_classes], dtypes.float64, name="total_confusion_matrix")
        flat = [array_ops.reshape(math_ops.cast(t, dtypes.int64), [-1]) for t in (labels, predictions)]
        if weights is not None:
            weights = array_ops.reshape(convert_to_tensor(weights), [-1])
        current = confusion_matrix(flat[0], flat[1], num_classes, weights=weights, dtype=dtypes.float64)
        update_op = state_ops.assign_add(total_cm, current)
        sum_over_row = math_ops.cast(reduction_ops.reduce_sum(total_cm, 0), dtypes.float32)
        sum_over_col = math_ops.cast(reduction_ops.reduce_sum(total_cm, 1), dtypes.float32)
        diag = math_ops.cast(matrix_ops.diag_part(total_cm), dtypes.float32)
        denominator = sum_over_row + sum_over_col - diag
        num_valid = reduction_ops.reduce_sum(math_ops.cast(logic_ops.not_equal(denominator, 0.0), dtypes.float32))
        denominator = indexing_ops.where(logic_ops.greater(denominator, 0.0), denominator,
                                         array_ops.ones_like(denominator))
        iou = math_ops.divide(diag, denominator)
        value = indexing_ops.where(logic_ops.greater(num_valid, 0.0),
                                   reduction_ops.reduce_sum(iou, name="mean_iou") / num_valid,
                                   constant_op.constant(0.0))
        return _finish(value, update_op, metrics_collections, updates_collections)


def mean_per_class_accuracy(labels, predictions, num_classes, weights=None, metrics_collections=None,
                            updates_collections=None, name=None):
    """The mean over classes of each class's streaming accuracy (accumulators `total` and `count` per class).

    Raises:
      ValueError: labels and predictions of incompatible shapes.
    """
    with variable_scope(name, "mean_accuracy", (predictions, labels, weights)):
        labels = math_ops.cast(labels, dtypes.int64)
        predictions = convert_to_tensor(predictions)
        if labels.shape.ndims is not None and labels.shape.ndims > 1:
            labels = array_ops.reshape(labels, [-1])
        if predictions.shape.ndims is not None and predictions.shape.ndims > 1:
            predictions = array_ops.reshape(predictions, [-1])
        predictions.shape.assert_is_compatible_with(labels.shape)
        total = metric_variable([num_classes], dtypes.float32, name="total")
        count = metric_variable([num_classes], dtypes.float32, name="count")
        ones = math_ops.cast(array_ops.ones_like(labels), dtypes.float32)
        if labels.dtype != predictions.dtype:
            predictions = math_ops.cast(predictions, labels.dtype)
        is_correct = math_ops.cast(logic_ops.equal(predictions, labels), dtypes.float32)
        if weights is not None:
            weights = convert_to_tensor(weights)
            if weights.shape.ndims is not None and weights.shape.ndims > 1:
                weights = array_ops.reshape(weights, [-1])
            weights = math_ops.cast(weights, dtypes.float32)
            is_correct = math_ops.multiply(is_correct, weights)
            ones = math_ops.multiply(ones, weights)
        update_total = state_ops.scatter_add(total, labels, ones)
        update_count = state_ops.scatter_add(count, labels, is_correct)
        per_class = math_ops.div_no_nan(count, math_ops.maximum(total, 0.0))
        value = reduction_ops.reduce_mean(per_class, name="mean_accuracy")
        update_op = math_ops.div_no_nan(update_count, math_ops.maximum(update_total, 0.0), name="update_op")
        return _finish(value, update_op, metrics_collections, updates_collections)


def mean_cosine_distance(labels, predictions, dim, weights=None, metrics_collections=None, updates_collections=None,
                         name=None):
    """1 - the streaming mean of sum(labels * predictions, dim): the cosine distance of unit vectors."""
    predictions, labels, weights = _remove_squeezable_dimensions(predictions, labels, weights)
    radial = reduction_ops.reduce_sum(math_ops.multiply(predictions, labels), axis=[dim], keepdims=True)
    distance, update_op = mean(radial, weights, None, None, name or "mean_cosine_distance")
    return _finish(math_ops.subtract(1.0, distance), math_ops.subtract(1.0, update_op), metrics_collections,
                   updates_collections)


__all__ = ["accuracy", "false_negatives", "false_positives", "mean", "mean_absolute_error", "mean_iou",
           "mean_cosine_distance", "mean_per_class_accuracy", "mean_relative_error", "mean_squared_error", "mean_tensor", "metric_variable", "precision", "recall",
           "root_mean_squared_error", "true_negatives", "true_positives"]
