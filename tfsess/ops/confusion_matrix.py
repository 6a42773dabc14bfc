"""tf.confusion_matrix and the squeeze helper the metrics and losses share."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import array_ops, check_ops, gather_ops, math_ops, reduction_ops, stack_ops


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff=0, name=None):
    """Squeezes a trailing size-1 axis of labels or predictions so their ranks differ by expected_rank_diff.

    Only static ranks are adjusted; tensors of unknown rank come back unchanged.
    """
    with op_scope(name, "remove_squeezable_dimensions", [labels, predictions]):
        predictions = convert_to_tensor(predictions)
        labels = convert_to_tensor(labels)
        p_rank, l_rank = predictions.shape.ndims, labels.shape.ndims
        if p_rank is not None and l_rank is not None:
            rank_diff = p_rank - l_rank
            if rank_diff == expected_rank_diff + 1 and predictions.shape[-1] in (1, None):
                predictions = array_ops.squeeze(predictions, [-1])
            elif rank_diff == expected_rank_diff - 1 and labels.shape[-1] in (1, None):
                labels = array_ops.squeeze(labels, [-1])
        return labels, predictions


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=dtypes.int32, name=None):
    """The [num_classes, num_classes] matrix counting (label, prediction) pairs (tf.confusion_matrix).

    Rows are labels, columns predictions; `weights` replace the unit counts. Negative or
    out-of-range class ids fail at run time with InvalidArgumentError.
    """
    with op_scope(name, "confusion_matrix", (predictions, labels, num_classes, weights)) as scope:
        labels, predictions = remove_squeezable_dimensions(convert_to_tensor(labels, name="labels"),
                                                           convert_to_tensor(predictions, name="predictions"))
        predictions = math_ops.cast(predictions, dtypes.int64)
        labels = math_ops.cast(labels, dtypes.int64)
        checks = [check_ops.assert_non_negative(labels, message="`labels` contains negative values"),
                  check_ops.assert_non_negative(predictions, message="`predictions` contains negative values")]
        if num_classes is None:
            num_classes = math_ops.maximum(reduction_ops.reduce_max(predictions),
                                           reduction_ops.reduce_max(labels)) + 1
        else:
            limit = math_ops.cast(num_classes, dtypes.int64)
            checks += [check_ops.assert_less(labels, limit, message="`labels` out of bound"),
                       check_ops.assert_less(predictions, limit, message="`predictions` out of bound")]
        dtype = dtypes.as_dtype(dtype)
        if weights is not None:
            weights = convert_to_tensor(weights, name="weights")
            predictions.shape.assert_is_compatible_with(weights.shape)
            weights = math_ops.cast(weights, dtype)
        with control_dependencies(checks):
            indices = stack_ops.stack([labels, predictions], axis=1)
        values = array_ops.ones_like(predictions, dtype) if weights is None else weights
        shape = math_ops.cast(stack_ops.stack([num_classes, num_classes]), dtypes.int64)
        return gather_ops.scatter_nd(indices, values, shape, name=scope)


__all__ = ["confusion_matrix"]
