"""Softmax, log_softmax and the softmax cross-entropies (dense and sparse labels).

Each is one kernel computed in a numerically stable way (the maximum of each row is subtracted
before exponentiating), declared with its gradient as TF's nn_grad.py defines it.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, linalg_ops, math_ops, reduction_ops, sequence_ops, stack_ops, unary_ops
from tfsess.ops._infer import (FLOAT, INDEX, apply_gen, check_dtype, check_same_dtype, fmt_shape, host, renamed_arg)
from tfsess.ops.logging_ops import summarize_value


# ================================================================== softmax
def _softmax_infer(inputs, attrs):
    x = inputs[0]
    check_dtype(x, FLOAT, "logits")
    if x.shape.ndims == 0:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'Softmax' with input shapes: [].")
    return [(x.dtype.base_dtype, x.shape)]


def _stable_softmax_parts(xp, x):
    shifted = x - xp.max(x, axis=-1, keepdims=True)
    with np.errstate(all="ignore"):
        e = xp.exp(shifted)
    return shifted, e, xp.sum(e, axis=-1, keepdims=True)


@register_op("Softmax", infer=_softmax_infer)
def _softmax(xp, x):
    if x.ndim < 1:
        raise errors.InvalidArgumentError(None, None, "logits must have >= 1 dimension, got []")
    if x.size == 0:
        return x.copy()
    _, e, total = _stable_softmax_parts(xp, _widened(x))
    return (e / total).astype(x.dtype, copy=False)


@register_op("LogSoftmax", infer=_softmax_infer)
def _log_softmax(xp, x):
    if x.ndim < 1:
        raise errors.InvalidArgumentError(None, None, "logits must have >= 1 dimension, got []")
    if x.size == 0:
        return x.copy()
    shifted, _, total = _stable_softmax_parts(xp, _widened(x))
    return (shifted - xp.log(total)).astype(x.dtype, copy=False)


def _widened(x):
    """bfloat16 logits as float32: TF's kernel computes in float and rounds the result once."""
    return x.astype(np.float32) if x.dtype.name == "bfloat16" else x


@_softmax.gradient
def _softmax_grad(op, grad_softmax):
    softmax = op.outputs[0]
    sum_channels = reduction_ops.reduce_sum(grad_softmax * softmax, -1, keepdims=True)
    return [(grad_softmax - sum_channels) * softmax]


@_log_softmax.gradient
def _log_softmax_grad(op, grad):
    softmax = unary_ops.exp(op.outputs[0])
    return [grad - reduction_ops.reduce_sum(grad, -1, keepdims=True) * softmax]


def _swap_axis(x, axis, rank, name=None):
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    return array_ops.transpose(x, np.asarray(perm, dtype=np.int32), name=name or "transpose")


def _last_axis_op(op_type, logits, axis, name):
    """TF's _wrap_2d_function: the op runs on the last axis; another axis is swapped there."""
    logits = convert_to_tensor(logits)
    shape = logits.shape
    if axis is None:
        axis = -1
    if isinstance(axis, Tensor):
        value = constant_value(axis)
        if value is None:
            raise ValueError("softmax with a non-constant `axis` tensor is not supported by tfsess.")
        axis = int(value)
    axis = int(axis)
    rank = shape.ndims
    if axis == -1 or (rank is not None and axis == rank - 1):
        return apply_gen(op_type, [("logits", logits, None)], name=name)
    if rank is None:  # TF computes `ndims - 1` here, so an unknown rank fails as Python's TypeError
        raise TypeError(f"unsupported operand type(s) for -: 'NoneType' and 'int' ({op_type} over axis {axis} "
                        "needs the rank of its input to be known)")
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(
            None, None, f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the number of dimensions "
                        f"in the input. Received: dim={axis}")
    axis %= rank
    swapped = _swap_axis(logits, axis, rank)
    out = apply_gen(op_type, [("logits", swapped, None)])
    out = _swap_axis(out, axis, rank, name=name)
    out.set_shape(shape)
    return out


def softmax(logits, axis=None, name=None, dim=None):
    """exp(logits) / sum(exp(logits), axis), computed stably (tf.nn.softmax)."""
    axis = renamed_arg("axis", axis, "dim", dim)
    return _last_axis_op("Softmax", logits, axis, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    """logits - log(sum(exp(logits), axis)), computed stably (tf.nn.log_softmax)."""
    axis = renamed_arg("axis", axis, "dim", dim)
    return _last_axis_op("LogSoftmax", logits, axis, name)


# ================================================================== cross entropies
def _xent_infer(inputs, attrs):
    features, labels = inputs
    check_dtype(features, FLOAT, "features")
    check_same_dtype(inputs, "SoftmaxCrossEntropyWithLogits", names=("features", "labels"))
    fs, ls = features.shape, labels.shape
    for s, what in ((fs, "features"), (ls, "labels")):
        if s.ndims is not None and s.ndims != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {s.ndims} for 'SoftmaxCrossEntropyWithLogits' "
                             f"with input shapes: {fmt_shape(fs)}, {fmt_shape(ls)}.")
    dims = [None, None]
    if fs.ndims == 2 and ls.ndims == 2:
        for i in range(2):
            a, b = fs.as_tuple_or_none()[i], ls.as_tuple_or_none()[i]
            if a is not None and b is not None and a != b and a != 1 and b != 1:
                raise ValueError(f"Dimensions must be equal, but are {a} and {b} for "
                                 f"'SoftmaxCrossEntropyWithLogits' with input shapes: {fmt_shape(fs)}, "
                                 f"{fmt_shape(ls)}.")
            dims[i] = a if a not in (None, 1) else b if b is not None else a
    return [(features.dtype.base_dtype, TensorShape([dims[0]])),
            (features.dtype.base_dtype, TensorShape(dims))]


@register_op("SoftmaxCrossEntropyWithLogits", infer=_xent_infer)
def _softmax_xent(xp, features, labels):
    features, labels = xp.broadcast_arrays(features, labels)
    if features.ndim != 2:
        raise errors.InvalidArgumentError(None, None, f"logits and labels must be 2-D, but got shapes "
                                                      f"{list(features.shape)} and {list(labels.shape)}")
    if features.shape[1] == 0:
        return xp.zeros(features.shape[0], features.dtype), xp.zeros(features.shape, features.dtype)
    shifted, e, total = _stable_softmax_parts(xp, features)
    log_total = xp.log(total)
    loss = xp.sum(labels * (log_total - shifted), axis=-1)
    backprop = e / total - labels
    return loss.astype(features.dtype, copy=False), backprop.astype(features.dtype, copy=False)


def _broadcast_mul(vec, mat):
    return array_ops.expand_dims(vec, -1) * mat


@_softmax_xent.gradient
def _softmax_xent_grad(op, grad_loss, grad_grad):
    softmax_grad = op.outputs[1]
    grad = _broadcast_mul(grad_loss, softmax_grad)
    logits = op.inputs[0]
    if grad_grad is not None and constant_value(grad_grad) is None:
        soft = apply_gen("Softmax", [("logits", logits, None)])
        inner = linalg_ops.matmul(array_ops.expand_dims(grad_grad, 1), array_ops.expand_dims(soft, 2))
        grad = grad + (grad_grad - array_ops.squeeze(inner, axis=1)) * soft
    return [grad, _broadcast_mul(grad_loss, -apply_gen("LogSoftmax", [("logits", logits, None)]))]


def _sparse_xent_infer(inputs, attrs):
    features, labels = inputs
    check_dtype(features, FLOAT, "features")
    check_dtype(labels, INDEX, "labels")
    fs, ls = features.shape, labels.shape
    if fs.ndims is not None and fs.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {fs.ndims} for 'SparseSoftmaxCrossEntropyWithLogits' "
                         f"with input shapes: {fmt_shape(fs)}, {fmt_shape(ls)}.")
    if ls.ndims is not None and ls.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {ls.ndims} for 'SparseSoftmaxCrossEntropyWithLogits' "
                         f"with input shapes: {fmt_shape(fs)}, {fmt_shape(ls)}.")
    batch = fs[0].value if fs.ndims == 2 else None
    if batch is None and ls.ndims == 1:
        batch = ls[0].value
    classes = fs[1].value if fs.ndims == 2 else None
    return [(features.dtype.base_dtype, TensorShape([batch])),
            (features.dtype.base_dtype, TensorShape([batch, classes]))]


@register_op("SparseSoftmaxCrossEntropyWithLogits", infer=_sparse_xent_infer)
def _sparse_softmax_xent(xp, features, labels):
    if features.ndim != 2 or labels.ndim != 1 or features.shape[0] != labels.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"logits and labels must have the same first dimension, got logits shape "
                        f"{list(features.shape)} and labels shape {list(labels.shape)}")
    classes = features.shape[1]
    if labels.size:
        low, high = int(labels.min()), int(labels.max())
        if low < 0 or high >= classes:
            bad = low if low < 0 else high
            raise errors.InvalidArgumentError(
                None, None, f"Received a label value of {bad} which is outside the valid range of [0, {classes}).  "
                            f"Label values: {summarize_value(host(labels), -1)}")
    if classes == 0:
        return xp.zeros(features.shape[0], features.dtype), xp.zeros(features.shape, features.dtype)
    shifted, e, total = _stable_softmax_parts(xp, features)
    rows = xp.arange(features.shape[0])
    loss = xp.log(total[:, 0]) - shifted[rows, labels]
    backprop = e / total
    backprop[rows, labels] -= 1
    return loss.astype(features.dtype, copy=False), backprop.astype(features.dtype, copy=False)


@_sparse_softmax_xent.gradient
def _sparse_softmax_xent_grad(op, grad_loss, grad_grad):
    backprop = op.outputs[1]
    prevent = getattr(array_ops, "prevent_gradient", None)
    if prevent is not None:
        backprop = prevent(backprop, message="Currently there is no way to take the second derivative of "
                                             "sparse_softmax_cross_entropy_with_logits due to the fused "
                                             "implementation's interaction with tf.gradients()")
    return [_broadcast_mul(grad_loss, backprop), None]


def _ensure_xent_args(name, labels, logits):
    # TF 2.21 has no `_sentinel` argument any more: labels and logits may be passed positionally
    if labels is None or logits is None:
        raise ValueError(f"Both `labels` and `logits` must be provided for {name}"
                         f"Received: labels={labels} and logits={logits}")


def softmax_cross_entropy_with_logits_v2(labels, logits, axis=None, name=None, dim=None):
    """Cross-entropy of softmax(logits) against `labels`; gradients flow into labels too.

    Args:
        labels: a probability distribution per row (same shape as logits).
        logits: unscaled log probabilities.
        axis: the class axis (last).

    Returns:
        The loss, with the class axis removed.
    """
    axis = renamed_arg("axis", axis, "dim", dim)
    axis = -1 if axis is None else axis
    with op_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        is_half = logits.dtype.base_dtype == dtypes.float16
        precise = math_ops.cast(logits, dtypes.float32) if is_half else logits
        labels = math_ops.cast(labels, precise.dtype.base_dtype)
        shape = logits.shape
        rank = shape.ndims
        if rank == 2 and axis in (-1, 1) and labels.shape.ndims == 2:
            cost = apply_op("SoftmaxCrossEntropyWithLogits", [precise, labels], name=scope).outputs[0]
        else:
            cost = _xent_any_rank(precise, labels, axis, rank, scope)
            if rank is not None:
                dims = shape.as_tuple_or_none()
                cost.set_shape([d for i, d in enumerate(dims) if i != axis % rank])
        return math_ops.cast(cost, dtypes.float16) if is_half else cost


def _xent_any_rank(logits, labels, axis, rank, name):
    if rank == 0:
        raise ValueError(f"`logits` cannot be a scalar. Received logits={logits}")
    if rank is None:
        if axis != -1:  # as TF's _move_dim_to_end: the class axis goes last, with a perm built at run time
            logits, labels = (_move_axis_to_end(t, axis) for t in (logits, labels))
    elif axis % rank != rank - 1:
        axis %= rank
        perm = np.asarray([i for i in range(rank) if i != axis] + [axis], dtype=np.int32)
        logits = array_ops.transpose(logits, perm)
        labels = array_ops.transpose(labels, perm)
    input_shape = array_ops.shape(logits)
    classes = input_shape[-1:]
    flat_logits = array_ops.reshape(logits, stack_ops.concat([[-1], classes], 0))
    flat_labels = array_ops.reshape(labels, stack_ops.concat([[-1], classes], 0))
    cost = apply_op("SoftmaxCrossEntropyWithLogits", [flat_logits, flat_labels], name=name).outputs[0]
    return array_ops.reshape(cost, input_shape[:-1])


def _move_axis_to_end(t, axis):
    rank = array_ops.rank(t)
    axis = math_ops.floormod(axis, rank)
    perm = stack_ops.concat([sequence_ops.range_(axis), sequence_ops.range_(axis + 1, rank), [axis]], 0)
    return array_ops.transpose(t, perm)


def softmax_cross_entropy_with_logits(labels=None, logits=None, dim=-1, name=None, axis=None):
    """TF1's softmax cross-entropy: like _v2, but no gradient flows into `labels`."""
    axis = renamed_arg("axis", axis, "dim", dim)
    _ensure_xent_args("softmax_cross_entropy_with_logits", labels, logits)
    with op_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as scope:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=axis, name=scope)


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Cross-entropy of softmax(logits) against integer class `labels`.

    Raises:
        ValueError: when the static shapes of labels and logits do not agree.
        errors.InvalidArgumentError (when run): a label outside [0, num_classes).
    """
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", labels, logits)
    with op_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        is_half = logits.dtype.base_dtype == dtypes.float16
        precise = math_ops.cast(logits, dtypes.float32) if is_half else logits
        ls, fs = labels.shape, logits.shape
        if fs.ndims == 0:
            raise ValueError(f"`logits` cannot be a scalar. Received logits={logits}`")
        if fs.ndims is not None and ls.ndims is not None and ls.ndims != fs.ndims - 1:
            raise ValueError(f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: "
                             f"labels.shape={ls} of rank {ls.ndims} and logits.shape={fs} of rank {fs.ndims}")
        if ls.is_fully_defined() and fs.ndims is not None and fs[:-1].is_fully_defined() and ls != fs[:-1]:
            raise ValueError(f"`labels.shape` must equal `logits.shape` except for the last dimension. "
                             f"Received: labels.shape={ls} and logits.shape={fs}")
        if fs.ndims == 2:
            cost = apply_op("SparseSoftmaxCrossEntropyWithLogits", [precise, labels],
                            name=name or "SparseSoftmaxCrossEntropyWithLogits").outputs[0]
        else:
            labels_shape = array_ops.shape(labels)
            classes = array_ops.shape(logits)[-1:]
            flat_logits = array_ops.reshape(precise, stack_ops.concat([[-1], classes], 0))
            flat_labels = array_ops.reshape(labels, [-1])
            cost = apply_op("SparseSoftmaxCrossEntropyWithLogits", [flat_logits, flat_labels],
                            name=name or "SparseSoftmaxCrossEntropyWithLogits").outputs[0]
            cost = array_ops.reshape(cost, labels_shape)
            cost.set_shape(ls)
        return math_ops.cast(cost, dtypes.float16) if is_half else cost


__all__ = []
