"""Sample weights, class weights and masks as legacy Keras applies them to losses and metrics.

A loss's per-sample values are multiplied by the weights (aligned to their rank) and reduced: a sum,
or the sum over the number of values (so weights scale the mean; they do not renormalise it). A
Keras mask is a weight too, rescaled by total/valid so the masked mean is over the valid steps.
Metrics keep (sum of weighted values, sum of weights) and report their ratio.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import array_ops, broadcast_ops, math_ops, reduction_ops

SUM, NONE, SUM_OVER_BATCH_SIZE, AUTO = "sum", "none", "sum_over_batch_size", "auto"


def align(values, weights):
    """`weights` squeezed or expanded by one axis to `values`'s rank (Keras's squeeze_or_expand_dimensions)."""
    values_rank, weights_rank = values.shape.ndims, weights.shape.ndims
    if values_rank is None or weights_rank is None:
        return weights
    if weights_rank - values_rank == 1 and weights.shape.as_tuple_or_none()[-1] in (1, None):
        return array_ops.squeeze(weights, [-1])
    if values_rank - weights_rank == 1:
        return array_ops.expand_dims(weights, -1)
    return weights


def weights_with_mask(weights, mask, dtype, reduction=None, values=None):
    """The weights a mask adds: the mask itself (scaled by total/valid for a mean), times `weights`."""
    if mask is None:
        return weights
    mask = math_ops.cast(mask, dtype)
    if reduction in (AUTO, SUM_OVER_BATCH_SIZE):
        total = math_ops.cast(array_ops.size(mask), dtype)
        mask = mask * (total / reduction_ops.reduce_sum(mask))
    if weights is None:
        return mask
    weights = align(mask, math_ops.cast(weights, dtype))
    return weights * mask


def reduce_weighted(values, weights, reduction):
    """values * weights reduced: none, sum, or sum over the number of values (AUTO is the last)."""
    if weights is not None:
        values = values * align(values, math_ops.cast(convert_to_tensor(weights), values.dtype.base_dtype))
    if reduction == NONE:
        return values
    total = reduction_ops.reduce_sum(values)
    if reduction == SUM:
        return total
    count = math_ops.cast(array_ops.size(values), values.dtype.base_dtype)
    return math_ops.div_no_nan(total, count)


def metric_sums(values, weights):
    """(sum of weighted values, sum of weights) of a mean metric's values; weights broadcast to them."""
    values = math_ops.cast(values, "float32")
    if weights is None:
        return reduction_ops.reduce_sum(values), math_ops.cast(array_ops.size(values), "float32")
    weights = align(values, math_ops.cast(weights, "float32"))
    if weights.shape.ndims is not None and values.shape.ndims is not None and \
            weights.shape.ndims < values.shape.ndims:  # weights per sample of per-step values: mean the steps
        values = reduction_ops.reduce_mean(values, axis=list(range(weights.shape.ndims, values.shape.ndims)))
    weights = broadcast_ops.broadcast_to(weights, array_ops.shape(values))
    return reduction_ops.reduce_sum(values * weights), reduction_ops.reduce_sum(weights)


def standardize_weights(y, sample_weight=None, class_weight=None, sample_weight_mode=None):
    """The per-sample (or per-step, mode 'temporal') weights of targets `y` as a float array, or None."""
    y = np.asarray(y)
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
        if sample_weight_mode == "temporal":
            if sample_weight.ndim != 2:
                raise ValueError(f"Found a sample_weight array with shape {sample_weight.shape}. In order to use "
                                 "timestep-wise sample weighting, you should pass a 2D sample_weight array.")
        elif sample_weight.ndim != 1:
            raise ValueError(f"Found a sample_weight array with shape {sample_weight.shape}. In order to use "
                             "timestep-wise sample weights, you should specify sample_weight_mode=\"temporal\" "
                             f"in compile(); founssd \"{sample_weight_mode}\" instead. If you just mean to use "
                             "sample-wise weights, make sure your sample_weight array is 1D.")
        if y.shape[:sample_weight.ndim] != sample_weight.shape:
            raise ValueError(f"Found a sample_weight array with shape {sample_weight.shape} for an input with shape "
                             f"{y.shape}. sample_weight cannot be broadcast.")
    class_sample_weight = None
    if isinstance(class_weight, dict):
        if y.ndim > 2:
            raise ValueError("`class_weight` not supported for 3+ dimensional targets.")
        classes = y
        if y.ndim == 2:
            classes = np.argmax(y, axis=1) if y.shape[1] > 1 else np.reshape(y, y.shape[0])
        found = [class_weight[c] for c in classes if c in class_weight]
        if len(found) != len(classes):
            missing = set(classes) - set(class_weight)
            raise ValueError("`class_weight` must contain all classes in the data. The classes "
                             f"{missing} exist in the data but not in `class_weight`.")
        class_sample_weight = np.asarray(found)
    if class_sample_weight is not None and sample_weight is not None:
        return class_sample_weight * sample_weight
    return sample_weight if sample_weight is not None else class_sample_weight


__all__ = ["align", "metric_sums", "reduce_weighted", "standardize_weights", "weights_with_mask"]
