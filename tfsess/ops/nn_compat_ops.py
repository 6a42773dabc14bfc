"""tf.nn names of TF2's loss scaling and TF1's batch norm spelling: compute_average_loss,
scale_regularization_loss (one replica: tfsess has no tf.distribute strategies) and
batch_norm_with_global_normalization."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import array_ops, math_ops, nn_impl, reduction_ops
from tfsess.ops._infer import renamed_arg


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """sum(per_example_loss * sample_weight) / global_batch_size (default: the loss's first dim), 0 for an empty batch.

    Raises:
      ValueError: a scalar per_example_loss, or a global_batch_size that is not a scalar.
      TypeError: a global_batch_size that is not an integer.
    """
    per_example_loss = convert_to_tensor(per_example_loss)
    input_dtype = per_example_loss.dtype.base_dtype
    if per_example_loss.shape.ndims == 0:
        raise ValueError("Invalid value passed for `per_example_loss`. Expected a tensor with at least rank 1. "
                         f"Received: {per_example_loss}.")
    if sample_weight is not None:
        sample_weight = math_ops.cast(convert_to_tensor(sample_weight), input_dtype)
        if sample_weight.shape.ndims is not None and per_example_loss.shape.ndims is not None and \
                sample_weight.shape.ndims == per_example_loss.shape.ndims + 1 and sample_weight.shape[-1].value == 1:
            sample_weight = array_ops.squeeze(sample_weight, [-1])
        per_example_loss = per_example_loss * sample_weight
    if global_batch_size is None:
        global_batch_size = array_ops.shape(per_example_loss)[0]
    global_batch_size = convert_to_tensor(global_batch_size)
    if global_batch_size.shape.ndims not in (None, 0):
        raise ValueError("global_batch_size must be scalar.")
    if not global_batch_size.dtype.base_dtype.is_integer:
        raise TypeError(f"global_batch_size must be an integer. Tensor {global_batch_size.name} must be of integer "
                        f"dtype. Got {global_batch_size.dtype.base_dtype.name}")
    loss = reduction_ops.reduce_sum(per_example_loss)
    return math_ops.div_no_nan(loss, math_ops.cast(global_batch_size, input_dtype))


def scale_regularization_loss(regularization_loss):
    """The regularization loss summed and divided by the replicas in sync (one here)."""
    return reduction_ops.reduce_sum(regularization_loss) / 1


def batch_norm_with_global_normalization(t=None, m=None, v=None, beta=None, gamma=None, variance_epsilon=None,
                                         scale_after_normalization=None, name=None, input=None,  # noqa: A002
                                         mean=None, variance=None):
    """TF1's batch normalization spelling: batch_normalization(t, m, v, beta, gamma if scale_after_normalization)."""
    t = renamed_arg("input", input, "t", t)
    m = renamed_arg("mean", mean, "m", m)
    v = renamed_arg("variance", variance, "v", v)
    return nn_impl.batch_normalization(t, m, v, beta, gamma if scale_after_normalization else None,
                                       variance_epsilon, name)


__all__ = []
