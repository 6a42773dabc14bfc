"""tf.losses.mean_pairwise_squared_error (TF1): the squared differences between all pairs of errors
within each example, as TF's losses_impl computes them."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import op_scope
from tfsess.ops import (array_ops, indexing_ops, logic_ops, losses_impl, math_ops, reduction_ops, sequence_ops,
                        unary_ops)
from tfsess.ops.variables import GraphKeys


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES):
    """Per example: 2 * sum(d^2) / (n - 1) - 2 * (sum d)^2 / (n (n - 1)) of the errors d = predictions - labels
    over its n present (non-zero weight) entries; weighted by `weights` and summed over the batch.

    Raises:
      ValueError: labels or predictions None, or shapes that do not match.
    """
    if labels is None:
        raise ValueError("Argument `labels` must not be None.")
    if predictions is None:
        raise ValueError("Argument `predictions` must not be None.")
    with op_scope(scope, "mean_pairwise_squared_error", (predictions, labels, weights)):
        weights = math_ops.cast(weights, dtypes.float32)
        labels = math_ops.cast(labels, dtypes.float32)
        predictions = math_ops.cast(predictions, dtypes.float32)
        predictions.shape.assert_is_compatible_with(labels.shape)
        diffs = predictions - labels
        axis = sequence_ops.range_(1, array_ops.rank(diffs))
        sum_squares_diff_per_batch = reduction_ops.reduce_sum(unary_ops.square(diffs), axis=axis, keepdims=True)
        present = indexing_ops.where(logic_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                     array_ops.ones_like(weights))
        present = present * array_ops.ones_like(diffs)  # broadcast to the errors' shape
        num_present_per_batch = reduction_ops.reduce_sum(
            present, axis=sequence_ops.range_(1, array_ops.rank(present)), keepdims=True)
        term1 = 2.0 * math_ops.div_no_nan(sum_squares_diff_per_batch,
                                          math_ops.maximum(num_present_per_batch - 1, 0), name="value")
        sum_diff = reduction_ops.reduce_sum(diffs, axis=axis, keepdims=True)
        term2 = 2.0 * math_ops.div_no_nan(unary_ops.square(sum_diff),
                                          math_ops.maximum(num_present_per_batch * (num_present_per_batch - 1), 0),
                                          name="value")
        loss = reduction_ops.reduce_sum((term1 - term2) * weights)
        mean_loss = indexing_ops.where(reduction_ops.reduce_sum(num_present_per_batch) > 0, loss,
                                       array_ops.zeros_like(loss), name="value")
        losses_impl.add_loss(mean_loss, loss_collection)
        return mean_loss

__all__ = ["mean_pairwise_squared_error"]
