"""Neural-network ops: activations, softmax, cross-entropies, bias_add, l2_loss, dropout, moments,
top_k, in_top_k, and the small composites of tf.nn. Convolution and pooling are in conv_ops.py.

Fused ops (softmax cross-entropies, BiasAdd, the activations) are single kernels computed in a
numerically stable way, each declared with its gradient, as TF's nn_grad.py defines them.
"""
from __future__ import annotations

import collections
import numbers

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tfsess.ops import array_ops, math_ops
from tfsess.ops._infer import (FLOAT, INDEX, REAL, apply_gen, check_dtype, check_same_dtype, fmt_shape,
                               unary_op)

_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717


def _gen(op_type, args, attrs=None, name=None, outputs=False):
    return apply_gen(op_type, args, attrs, name=name, outputs=outputs)


def _host(value):
    get = getattr(value, "get", None)  # a CuPy array
    return get() if get is not None and not isinstance(value, np.ndarray) else np.asarray(value)


def _quiet(xp):
    return np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore")


def _grad_infer(inputs, attrs):
    """(gradients, features) -> gradients' dtype and the merged shape."""
    check_same_dtype(inputs, "Grad", names=("gradients", "features"))
    return [(inputs[0].dtype.base_dtype, inputs[0].shape.merge_with(inputs[1].shape)
             if inputs[0].shape.is_compatible_with(inputs[1].shape) else inputs[0].shape)]


# ================================================================== activations
@register_op("Relu", infer=unary_op(REAL, param="features"), elementwise=True)
def _relu(xp, x):
    return xp.maximum(x, xp.zeros((), dtype=x.dtype))


@register_op("ReluGrad", infer=_grad_infer, elementwise=True)
def _relu_grad_kernel(xp, g, features):
    return xp.where(features > 0, g, xp.zeros((), dtype=g.dtype))


@_relu.gradient
def _relu_grad(op, grad):
    return [_gen("ReluGrad", [("gradients", grad, "T"), ("features", op.outputs[0], "T")])]


@_relu_grad_kernel.gradient
def _relu_grad_grad(op, grad):
    x = op.inputs[1]
    return [_gen("ReluGrad", [("gradients", grad, "T"), ("features", x, "T")]), array_ops.zeros_like(x)]


@register_op("Relu6", infer=unary_op(REAL, param="features"), elementwise=True)
def _relu6(xp, x):
    return xp.minimum(xp.maximum(x, xp.zeros((), dtype=x.dtype)), xp.asarray(6, dtype=x.dtype))


@register_op("Relu6Grad", infer=_grad_infer, elementwise=True)
def _relu6_grad_kernel(xp, g, features):
    return xp.where((features > 0) & (features < 6), g, xp.zeros((), dtype=g.dtype))


@_relu6.gradient
def _relu6_grad(op, grad):
    return [_gen("Relu6Grad", [("gradients", grad, "T"), ("features", op.inputs[0], "T")])]


@_relu6_grad_kernel.gradient
def _relu6_grad_grad(op, grad):
    x = op.inputs[1]
    return [_gen("Relu6Grad", [("gradients", grad, "T"), ("features", x, "T")]), array_ops.zeros_like(x)]


@register_op("Elu", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _elu(xp, x):
    with _quiet(xp):
        return xp.where(x > 0, x, xp.expm1(xp.minimum(x, 0))).astype(x.dtype, copy=False)


@register_op("EluGrad", infer=_grad_infer, elementwise=True)
def _elu_grad_kernel(xp, g, outputs):
    return xp.where(outputs < 0, g * (outputs + 1), g).astype(g.dtype, copy=False)


@_elu.gradient
def _elu_grad(op, grad):
    return [_gen("EluGrad", [("gradients", grad, "T"), ("outputs", op.outputs[0], "T")])]


@_elu_grad_kernel.gradient
def _elu_grad_grad(op, grad):
    elu_x = op.inputs[1]
    zeros = array_ops.zeros_like(elu_x)
    return [_gen("EluGrad", [("gradients", grad, "T"), ("outputs", elu_x, "T")]),
            array_ops.where(elu_x < 0, grad * op.inputs[0], zeros)]


@register_op("Selu", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _selu(xp, x):
    with _quiet(xp):
        neg = _SELU_ALPHA * xp.expm1(xp.minimum(x, 0))
        return (_SELU_SCALE * xp.where(x > 0, x, neg)).astype(x.dtype, copy=False)


@register_op("SeluGrad", infer=_grad_infer, elementwise=True)
def _selu_grad_kernel(xp, g, outputs):
    return xp.where(outputs < 0, g * (outputs + _SELU_SCALE * _SELU_ALPHA), g * _SELU_SCALE).astype(g.dtype, copy=False)


@_selu.gradient
def _selu_grad(op, grad):
    return [_gen("SeluGrad", [("gradients", grad, "T"), ("outputs", op.outputs[0], "T")])]


@_selu_grad_kernel.gradient
def _selu_grad_grad(op, grad):
    selu_x = op.inputs[1]
    return [_gen("SeluGrad", [("gradients", grad, "T"), ("outputs", selu_x, "T")]),
            array_ops.where(selu_x < 0., grad * op.inputs[0], array_ops.zeros_like(selu_x))]


@register_op("Softplus", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _softplus(xp, x):
    with _quiet(xp):
        return xp.logaddexp(xp.zeros((), dtype=x.dtype), x).astype(x.dtype, copy=False)


@register_op("SoftplusGrad", infer=_grad_infer, elementwise=True)
def _softplus_grad_kernel(xp, g, features):
    with _quiet(xp):
        return (g / (1 + xp.exp(-features))).astype(g.dtype, copy=False)


@_softplus.gradient
def _softplus_grad(op, grad):
    return [_gen("SoftplusGrad", [("gradients", grad, "T"), ("features", op.inputs[0], "T")])]


@_softplus_grad_kernel.gradient
def _softplus_grad_grad(op, grad):
    dy, x = op.inputs
    ddy = _gen("SoftplusGrad", [("gradients", grad, "T"), ("features", x, "T")])
    d2x = grad * dy / (math_ops.exp(-x) + 2.0 + math_ops.exp(x))
    return [ddy, d2x]


@register_op("Softsign", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _softsign(xp, x):
    return (x / (1 + xp.abs(x))).astype(x.dtype, copy=False)


@register_op("SoftsignGrad", infer=_grad_infer, elementwise=True)
def _softsign_grad_kernel(xp, g, features):
    return (g / xp.square(1 + xp.abs(features))).astype(g.dtype, copy=False)


@_softsign.gradient
def _softsign_grad(op, grad):
    return [_gen("SoftsignGrad", [("gradients", grad, "T"), ("features", op.inputs[0], "T")])]


@register_op("LeakyRelu", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _leaky_relu(xp, x, *, alpha=0.2):
    return xp.where(x > 0, x, x * xp.asarray(alpha, dtype=x.dtype))


@register_op("LeakyReluGrad", infer=_grad_infer, elementwise=True)
def _leaky_relu_grad_kernel(xp, g, features, *, alpha=0.2):
    return xp.where(features > 0, g, g * xp.asarray(alpha, dtype=g.dtype))


@_leaky_relu.gradient
def _leaky_relu_grad(op, grad):
    return [_gen("LeakyReluGrad", [("gradients", grad, "T"), ("features", op.inputs[0], "T")],
                 {"alpha": op.get_attr("alpha")})]


@_leaky_relu_grad_kernel.gradient
def _leaky_relu_grad_grad(op, grad):
    x = op.inputs[1]
    return [_gen("LeakyReluGrad", [("gradients", grad, "T"), ("features", x, "T")],
                 {"alpha": op.get_attr("alpha")}), array_ops.zeros_like(x)]


def relu(features, name=None):
    """max(features, 0) (tf.nn.relu)."""
    return _gen("Relu", [("features", features, None)], name=name)


def relu6(features, name=None):
    """min(max(features, 0), 6) (tf.nn.relu6)."""
    with op_scope(name, "Relu6", [features]) as scope:
        features = convert_to_tensor(features, name="features")
        return apply_op("Relu6", [features], name=scope).outputs[0]


def elu(features, name=None):
    """x if x > 0 else exp(x) - 1 (tf.nn.elu)."""
    return _gen("Elu", [("features", features, None)], name=name)


def selu(features, name=None):
    """scale * (x if x > 0 else alpha * (exp(x) - 1)) (tf.nn.selu)."""
    return _gen("Selu", [("features", features, None)], name=name)


def softplus(features, name=None):
    """log(exp(features) + 1), computed stably (tf.nn.softplus)."""
    return _gen("Softplus", [("features", features, None)], name=name)


def softsign(features, name=None):
    """features / (abs(features) + 1) (tf.nn.softsign)."""
    return _gen("Softsign", [("features", features, None)], name=name)


def leaky_relu(features, alpha=0.2, name=None):
    """x if x > 0 else alpha * x; integer inputs become float32 (tf.nn.leaky_relu)."""
    with op_scope(name, "LeakyRelu", [features, alpha]) as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.base_dtype.is_integer:
            features = math_ops.cast(features, dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return apply_op("LeakyRelu", [features], {"alpha": float(alpha)}, name=scope).outputs[0]


def crelu(features, name=None, axis=-1):
    """Concatenates relu(features) and relu(-features) along `axis` (tf.nn.crelu)."""
    with op_scope(name, "CRelu", [features]) as scope:
        features = convert_to_tensor(features, name="features")
        c = array_ops.concat([features, -features], axis, name="concat")
        return relu(c, name=scope)


def swish(features, beta=1.0, name=None):
    """features * sigmoid(beta * features) (tf.nn.swish / silu)."""
    with op_scope(name, "swish_impl", [features]) as scope:
        features = convert_to_tensor(features, name="features")
        scaled = features if beta == 1.0 else features * beta
        return math_ops.multiply(features, math_ops.sigmoid(scaled), name=scope)


# ================================================================== softmax
def _softmax_infer(inputs, attrs):
    x = inputs[0]
    check_dtype(x, FLOAT, "logits")
    if x.shape.ndims == 0:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'Softmax' with input shapes: [].")
    return [(x.dtype.base_dtype, x.shape)]


def _stable_softmax_parts(xp, x):
    shifted = x - xp.max(x, axis=-1, keepdims=True)
    with _quiet(xp):
        e = xp.exp(shifted)
    return shifted, e, xp.sum(e, axis=-1, keepdims=True)


@register_op("Softmax", infer=_softmax_infer)
def _softmax(xp, x):
    if x.ndim < 1:
        raise errors.InvalidArgumentError(None, None, "logits must have >= 1 dimension, got []")
    if x.size == 0:
        return x.copy()
    _, e, total = _stable_softmax_parts(xp, x)
    return (e / total).astype(x.dtype, copy=False)


@register_op("LogSoftmax", infer=_softmax_infer)
def _log_softmax(xp, x):
    if x.ndim < 1:
        raise errors.InvalidArgumentError(None, None, "logits must have >= 1 dimension, got []")
    if x.size == 0:
        return x.copy()
    shifted, _, total = _stable_softmax_parts(xp, x)
    return (shifted - xp.log(total)).astype(x.dtype, copy=False)


@_softmax.gradient
def _softmax_grad(op, grad_softmax):
    softmax = op.outputs[0]
    sum_channels = math_ops.reduce_sum(grad_softmax * softmax, -1, keepdims=True)
    return [(grad_softmax - sum_channels) * softmax]


@_log_softmax.gradient
def _log_softmax_grad(op, grad):
    softmax = math_ops.exp(op.outputs[0])
    return [grad - math_ops.reduce_sum(grad, -1, keepdims=True) * softmax]


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
        return _gen(op_type, [("logits", logits, None)], name=name)
    if rank is None:
        raise ValueError(f"{op_type} over axis {axis} needs the rank of its input to be known.")
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(
            None, None, f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the number of dimensions "
                        f"in the input. Received: dim={axis}")
    axis %= rank
    swapped = _swap_axis(logits, axis, rank)
    out = _gen(op_type, [("logits", swapped, None)])
    out = _swap_axis(out, axis, rank, name=name)
    out.set_shape(shape)
    return out


def softmax(logits, axis=None, name=None, dim=None):
    """exp(logits) / sum(exp(logits), axis), computed stably (tf.nn.softmax)."""
    axis = _deprecated_arg("axis", axis, "dim", dim)
    return _last_axis_op("Softmax", logits, axis, name)


def log_softmax(logits, axis=None, name=None, dim=None):
    """logits - log(sum(exp(logits), axis)), computed stably (tf.nn.log_softmax)."""
    axis = _deprecated_arg("axis", axis, "dim", dim)
    return _last_axis_op("LogSoftmax", logits, axis, name)


def _deprecated_arg(new_name, new_value, old_name, old_value):
    if old_value is not None:
        if new_value is not None:
            raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
        return old_value
    return new_value


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
        soft = _gen("Softmax", [("logits", logits, None)])
        inner = math_ops.matmul(array_ops.expand_dims(grad_grad, 1), array_ops.expand_dims(soft, 2))
        grad = grad + (grad_grad - array_ops.squeeze(inner, axis=1)) * soft
    return [grad, _broadcast_mul(grad_loss, -_gen("LogSoftmax", [("logits", logits, None)]))]


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
            from tfsess.ops.logging_ops import summarize_value
            raise errors.InvalidArgumentError(
                None, None, f"Received a label value of {bad} which is outside the valid range of [0, {classes}).  "
                            f"Label values: {summarize_value(_host(labels), -1)}")
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


def _ensure_xent_args(name, sentinel, labels, logits):
    if sentinel is not None:
        raise ValueError(f"Only call `{name}` with named arguments (labels=..., logits=..., ...). "
                         f"Received unnamed argument: {sentinel}")
    if labels is None or logits is None:
        raise ValueError("Both `labels` and `logits` must be provided. "
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
    axis = _deprecated_arg("axis", axis, "dim", dim)
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
    if rank is None:
        raise ValueError("softmax_cross_entropy_with_logits needs the rank of `logits` to be known.")
    if rank == 0:
        raise ValueError(f"`logits` cannot be a scalar. Received logits={logits}")
    axis %= rank
    if axis != rank - 1:
        perm = np.asarray([i for i in range(rank) if i != axis] + [axis], dtype=np.int32)
        logits = array_ops.transpose(logits, perm)
        labels = array_ops.transpose(labels, perm)
    input_shape = array_ops.shape(logits)
    classes = input_shape[-1:]
    flat_logits = array_ops.reshape(logits, array_ops.concat([[-1], classes], 0))
    flat_labels = array_ops.reshape(labels, array_ops.concat([[-1], classes], 0))
    cost = apply_op("SoftmaxCrossEntropyWithLogits", [flat_logits, flat_labels], name=name).outputs[0]
    return array_ops.reshape(cost, input_shape[:-1])


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None):
    """TF1's softmax cross-entropy: like _v2, but no gradient flows into `labels`."""
    axis = _deprecated_arg("axis", axis, "dim", dim)
    _ensure_xent_args("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    with op_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as scope:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=axis, name=scope)


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Cross-entropy of softmax(logits) against integer class `labels`.

    Raises:
        ValueError: when the static shapes of labels and logits do not agree.
        errors.InvalidArgumentError (when run): a label outside [0, num_classes).
    """
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
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
            flat_logits = array_ops.reshape(precise, array_ops.concat([[-1], classes], 0))
            flat_labels = array_ops.reshape(labels, [-1])
            cost = apply_op("SparseSoftmaxCrossEntropyWithLogits", [flat_logits, flat_labels],
                            name=name or "SparseSoftmaxCrossEntropyWithLogits").outputs[0]
            cost = array_ops.reshape(cost, labels_shape)
            cost.set_shape(ls)
        return math_ops.cast(cost, dtypes.float16) if is_half else cost


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """max(x, 0) - x * z + log(1 + exp(-|x|)) for logits x and labels z (stable logistic loss)."""
    _ensure_xent_args("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    with op_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError(f"`logits` and `labels` must have the same shape, received ({logits.shape} vs "
                             f"{labels.shape}).")
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = array_ops.where(cond, logits, zeros)
        neg_abs_logits = array_ops.where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels, math_ops.log1p(math_ops.exp(neg_abs_logits)),
                            name=scope)


def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None, targets=None):
    """Sigmoid cross-entropy with positive examples weighted by `pos_weight`."""
    labels = _deprecated_arg("labels", labels, "targets", targets)
    with op_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError(f"`logits` and `labels` must have the same shape, received ({logits.shape} vs "
                             f"{labels.shape}).")
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add((1 - labels) * logits,
                            log_weight * (math_ops.log1p(math_ops.exp(-math_ops.abs(logits)))
                                          + relu(-logits)), name=scope)


# ================================================================== bias_add and l2_loss
def _bias_add_infer(inputs, attrs):
    value, bias = inputs
    check_same_dtype(inputs, "BiasAdd", names=("value", "bias"))
    vs, bs = value.shape, bias.shape
    if vs.ndims is not None and vs.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {vs.ndims} for 'BiasAdd' with input "
                         f"shapes: {fmt_shape(vs)}, {fmt_shape(bs)}.")
    if bs.ndims is not None and bs.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {bs.ndims} for 'BiasAdd' with input shapes: "
                         f"{fmt_shape(vs)}, {fmt_shape(bs)}.")
    if vs.ndims is None:
        return [(value.dtype.base_dtype, vs)]
    channel = 1 if attrs.get("data_format", "NHWC").startswith("NC") and vs.ndims >= 3 else vs.ndims - 1
    dims = list(vs.as_tuple_or_none())
    b = bs[0].value if bs.ndims == 1 else None
    if dims[channel] is not None and b is not None and dims[channel] != b:
        raise ValueError(f"Dimensions must be equal, but are {dims[channel]} and {b} for 'BiasAdd' with input "
                         f"shapes: {fmt_shape(vs)}, {fmt_shape(bs)}.")
    dims[channel] = dims[channel] if dims[channel] is not None else b
    return [(value.dtype.base_dtype, TensorShape(dims))]


def _bias_shape(ndim, data_format, size):
    shape = [1] * ndim
    shape[1 if data_format.startswith("NC") and ndim >= 3 else ndim - 1] = size
    return shape


@register_op("BiasAdd", infer=_bias_add_infer, elementwise=False)
def _bias_add(xp, value, bias, *, data_format="NHWC"):
    channel = 1 if data_format.startswith("NC") and value.ndim >= 3 else value.ndim - 1
    if value.ndim < 2 or bias.ndim != 1 or value.shape[channel] != bias.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"Must provide as many biases as the last dimension of the input tensor: "
                        f"{list(bias.shape)} vs. {list(value.shape)}")
    return value + bias.reshape(_bias_shape(value.ndim, data_format, bias.shape[0]))


def _bias_add_grad_infer(inputs, attrs):
    g = inputs[0]
    if g.shape.ndims is None:
        return [(g.dtype.base_dtype, TensorShape([None]))]
    channel = 1 if attrs.get("data_format", "NHWC").startswith("NC") and g.shape.ndims >= 3 else g.shape.ndims - 1
    return [(g.dtype.base_dtype, TensorShape([g.shape[channel].value]))]


@register_op("BiasAddGrad", infer=_bias_add_grad_infer)
def _bias_add_grad_kernel(xp, g, *, data_format="NHWC"):
    channel = 1 if data_format.startswith("NC") and g.ndim >= 3 else g.ndim - 1
    axes = tuple(i for i in range(g.ndim) if i != channel)
    return xp.sum(g, axis=axes, dtype=g.dtype)


@_bias_add.gradient
def _bias_add_grad(op, grad):
    data_format = op.get_attr("data_format")
    return [grad, _gen("BiasAddGrad", [("out_backprop", grad, None)], {"data_format": data_format})]


@_bias_add_grad_kernel.gradient
def _bias_add_grad_grad(op, grad):
    data_format = op.get_attr("data_format")
    zeros = array_ops.zeros_like(op.inputs[0])
    return [_gen("BiasAdd", [("value", zeros, "T"), ("bias", grad, "T")], {"data_format": data_format})]


def bias_add(value, bias, data_format=None, name=None):
    """Adds the 1-D `bias` along the channel axis of `value` (tf.nn.bias_add).

    Raises:
        ValueError: `value` of rank < 2, or a bias size different from the channel dimension.
    """
    if data_format is None or (data_format.startswith("N") and data_format.endswith("C")
                               and not data_format.startswith("NC")):
        data_format = "NHWC"
    elif data_format.startswith("NC"):
        data_format = "NCHW"
    else:
        raise ValueError(f"`data_format` must be of the form `N...C` or `NC...`. Received: data_format={data_format}")
    with op_scope(name, "BiasAdd", [value, bias]) as scope:
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        return apply_op("BiasAdd", [value, bias], {"data_format": data_format}, name=scope).outputs[0]


def bias_add_v1(value, bias, name=None):
    """tf.nn.bias_add_v1: bias_add on the last dimension."""
    return bias_add(value, bias, name=name)


@register_op("L2Loss", infer=lambda inputs, attrs: [(check_dtype(inputs[0], FLOAT, "t"), TensorShape([]))])
def _l2_loss(xp, t):
    return (xp.sum(xp.square(t), dtype=t.dtype) / 2).astype(t.dtype)


@_l2_loss.gradient
def _l2_loss_grad(op, grad):
    return [op.inputs[0] * grad]


def l2_loss(t, name=None):
    """sum(t ** 2) / 2 (tf.nn.l2_loss)."""
    return _gen("L2Loss", [("t", t, None)], name=name)


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon)) (tf.nn.l2_normalize)."""
    axis = _deprecated_arg("axis", axis, "dim", dim)
    with op_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = math_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        x_inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=scope)


def xw_plus_b(x, weights, biases, name=None):
    """matmul(x, weights) + biases (tf.nn.xw_plus_b)."""
    with op_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        mm = math_ops.matmul(x, weights)
        return bias_add(mm, biases, name=scope)


def relu_layer(x, weights, biases, name=None):
    """relu(matmul(x, weights) + biases) (tf.nn.relu_layer)."""
    with op_scope(name, "relu_layer", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        xw_plus_b_v1 = bias_add(math_ops.matmul(x, weights), biases)
        return relu(xw_plus_b_v1, name=scope)


# ================================================================== dropout
def _noise_shape(x, noise_shape):
    if noise_shape is None:
        return array_ops.shape(x)
    try:
        given = as_shape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape
    if x.shape.ndims is not None and given.ndims == x.shape.ndims:
        dims = [xd if nd is None and xd is not None else nd
                for xd, nd in zip(x.shape.as_tuple_or_none(), given.as_tuple_or_none())]
        if all(d is not None for d in dims):
            return np.asarray(dims, dtype=np.int32)
    return noise_shape


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """Zeroes elements with probability `rate` (= 1 - keep_prob) and scales the rest by 1/(1 - rate).

    Seeded like the random ops (graph seed plus `seed`).

    Raises:
        ValueError: both or neither of keep_prob and rate, a rate outside [0, 1), or a non-float `x`.
    """
    if keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
        try:
            rate = 1. - keep_prob
        except TypeError:
            raise ValueError("`keep_prob` must be a floating point number or Tensor. Received: "
                             f"keep_prob={keep_prob}") from None
    if rate is None:
        raise ValueError(f"`rate` must be provided. Received: rate={rate}")
    return dropout_v2(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def dropout_v2(x, rate, noise_shape=None, seed=None, name=None):
    """tf.nn.dropout in TF2 form (rate only)."""
    from tfsess.ops import random_ops
    with op_scope(name, "dropout", [x]):
        is_number = isinstance(rate, numbers.Real) and not isinstance(rate, bool)
        if is_number and not 0 <= rate < 1:
            raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
        x = convert_to_tensor(x, name="x")
        x_dtype = x.dtype.base_dtype
        if not x_dtype.is_floating:
            raise ValueError(f"`x.dtype` must be a floating point tensor as `x` will be scaled. Received: "
                             f"x_dtype={x_dtype}")
        if is_number and rate == 0:
            from tfsess.framework.graph_api import get_seed
            get_seed(seed)  # as TF does, so later ops' seeds do not depend on this fast path
            return x
        if is_number:
            ret = math_ops.multiply(x, convert_to_tensor(1 / (1 - rate), dtype=x_dtype))
        else:
            rate = convert_to_tensor(rate)
            if rate.shape.ndims not in (None, 0):
                raise ValueError(f"Shape {rate.shape} must have rank 0")
            if rate.dtype.base_dtype != x_dtype:
                rate = math_ops.cast(rate, x_dtype, name="rate")
            one = convert_to_tensor(1, dtype=x_dtype)
            ret = math_ops.realdiv(x, math_ops.subtract(one, rate))
        random_tensor = random_ops.random_uniform(_noise_shape(x, noise_shape), seed=seed, dtype=x_dtype)
        keep_mask = random_tensor >= rate
        zero = convert_to_tensor(0, dtype=x_dtype)
        ret = array_ops.where_v2(keep_mask, ret, zero)
        ret.set_shape(x.shape)
        return ret


# ================================================================== moments and friends
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """Mean and (population) variance of `x` over `axes` (tf.nn.moments). Returns (mean, variance)."""
    keep = _deprecated_arg("keepdims", keepdims, "keep_dims", keep_dims)
    keep = bool(keep) if keep is not None else False
    with op_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x)
        y = math_ops.cast(x, dtypes.float32) if x.dtype.base_dtype == dtypes.float16 else x
        mean = math_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = math_ops.reduce_mean(math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes,
                                        keepdims=True, name="variance")
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if x.dtype.base_dtype == dtypes.float16:
            return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
        return mean, variance


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """Frequency-weighted mean and variance of `x` over `axes` (tf.nn.weighted_moments)."""
    keep = _deprecated_arg("keepdims", keepdims, "keep_dims", keep_dims)
    keep = bool(keep) if keep is not None else False
    with op_scope(name, "weighted_moments", [x, frequency_weights, axes]):
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(frequency_weights, name="frequency_weights", dtype=x.dtype.base_dtype)
        weighted_sum = math_ops.reduce_sum(weights * x, axes, keepdims=True)
        sum_of_weights = math_ops.reduce_sum(weights + array_ops.zeros_like(x), axes, keepdims=True)
        divisor = math_ops.reciprocal(sum_of_weights)
        mean = weighted_sum * divisor
        variance = math_ops.reduce_sum(weights * math_ops.squared_difference(x, array_ops.stop_gradient(mean)),
                                       axes, keepdims=True) * divisor
        if not keep:
            mean = array_ops.squeeze(mean, axis=axes)
            variance = array_ops.squeeze(variance, axis=axes)
        return mean, variance


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """(count, sum, sum of squares, shift) of `x` over `axes` (tf.nn.sufficient_statistics)."""
    keep = _deprecated_arg("keepdims", keepdims, "keep_dims", keep_dims)
    keep = bool(keep) if keep is not None else False
    axes = list(set(axes))
    with op_scope(name, "sufficient_statistics", [x, shift]):
        x = convert_to_tensor(x, name="x")
        shape = x.shape
        if shape.is_fully_defined():
            counts = 1
            for d in axes:
                counts *= shape[d].value
            counts = convert_to_tensor(counts, dtype=x.dtype.base_dtype, name="count")
        else:
            dims = array_ops.gather(math_ops.cast(array_ops.shape(x), x.dtype.base_dtype), axes)
            counts = math_ops.reduce_prod(dims, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, name="shift")
            m_ss = math_ops.subtract(x, shift)
            v_ss = math_ops.squared_difference(x, shift)
        else:
            m_ss, v_ss = x, math_ops.square(x)
        m_ss = math_ops.reduce_sum(m_ss, axes, keepdims=keep, name="mean_ss")
        v_ss = math_ops.reduce_sum(v_ss, axes, keepdims=keep, name="var_ss")
        return counts, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """Mean and variance from sufficient statistics (tf.nn.normalize_moments)."""
    with op_scope(name, "normalize", [counts, mean_ss, variance_ss, shift]):
        divisor = math_ops.reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="shifted_mean")
            mean = math_ops.add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = math_ops.subtract(math_ops.multiply(variance_ss, divisor), math_ops.square(shifted_mean),
                                     name="variance")
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + epsilon) + offset (tf.nn.batch_normalization)."""
    with op_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x = convert_to_tensor(x)
        inv = math_ops.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        shift = offset - mean * inv if offset is not None else -mean * inv
        return x * math_ops.cast(inv, x.dtype.base_dtype) + math_ops.cast(shift, x.dtype.base_dtype)


def zero_fraction(value, name=None):
    """The fraction of zeros in `value` as a float32 scalar (tf.nn.zero_fraction)."""
    with op_scope(name, "zero_fraction", [value]):
        value = convert_to_tensor(value, name="value")
        zero = convert_to_tensor(0, dtype=value.dtype.base_dtype)
        return math_ops.reduce_mean(math_ops.cast(math_ops.equal(value, zero), dtypes.float32))


def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """Rows `ids` of `params` (one tensor, or a list sharded by `partition_strategy`)."""
    if isinstance(params, (list, tuple)):
        params = list(params)
        if not params:
            raise ValueError("Need at least one param")
        if len(params) > 1:
            return _sharded_lookup(params, ids, partition_strategy, name, max_norm)
        params = params[0]
    with op_scope(name, "embedding_lookup", [params, ids]) as scope:
        ids = convert_to_tensor(ids, name="ids")
        result = array_ops.gather(params, ids, name=scope)
        return _clip_rows(result, max_norm)


def _clip_rows(rows, max_norm):
    if max_norm is None:
        return rows
    from tfsess.ops import math_ops as m
    axes = list(range(1, rows.shape.ndims)) if rows.shape.ndims else None
    return m.clip_by_norm(rows, max_norm, axes=axes) if hasattr(m, "clip_by_norm") else rows


def _sharded_lookup(params, ids, strategy, name, max_norm):
    """The rows of a table split over `params` ('mod': id % n; 'div': contiguous blocks)."""
    if strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {strategy}. Must be one of either `mod` or `div`.")
    with op_scope(name, "embedding_lookup", params + [ids]) as scope:
        ids = convert_to_tensor(ids, name="ids")
        n = len(params)
        flat_ids = array_ops.reshape(ids, [-1])
        if strategy == "mod":
            p_assign = flat_ids % n
            new_ids = flat_ids // n
        else:
            sizes = [p.shape[0].value for p in params]
            if any(s is None for s in sizes):
                raise ValueError("partition_strategy='div' needs the first dimension of every param known.")
            bounds = np.cumsum([0] + sizes)
            p_assign = math_ops.cast(
                math_ops.reduce_sum(math_ops.cast(array_ops.expand_dims(flat_ids, 1) >= bounds[1:], dtypes.int32),
                                    1), flat_ids.dtype.base_dtype)
            new_ids = flat_ids - array_ops.gather(convert_to_tensor(bounds[:-1], dtype=flat_ids.dtype.base_dtype),
                                                  p_assign)
        p_assign = math_ops.cast(p_assign, dtypes.int32)
        gather_ids = array_ops.dynamic_partition(new_ids, p_assign, n)
        indices = array_ops.dynamic_partition(math_ops.range(array_ops.size(flat_ids)), p_assign, n)
        parts = [array_ops.gather(p, g) for p, g in zip(params, gather_ids)]
        merged = array_ops.dynamic_stitch(indices, parts)
        shape = array_ops.concat([array_ops.shape(ids), array_ops.shape(merged)[1:]], 0)
        return _clip_rows(array_ops.reshape(merged, shape, name=scope), max_norm)


# ================================================================== top_k and in_top_k
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _top_k_infer(inputs, attrs):
    x, k = inputs
    check_dtype(x, REAL, "input")
    k_value = constant_value(k)
    if k.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {k.shape.ndims} for 'TopKV2' with input shapes: "
                         f"{fmt_shape(x.shape)}, {fmt_shape(k.shape)}.")
    if x.shape.ndims == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0 for 'TopKV2' with input shapes: [], [].")
    kv = None if k_value is None else int(k_value)
    if kv is not None and kv < 0:
        raise ValueError(f"Dimension size, given by scalar input 1, must be non-negative but is {kv}")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape()), (dtypes.int32, unknown_shape())]
    dims = list(x.shape.as_tuple_or_none())
    if kv is not None and dims[-1] is not None and dims[-1] < kv:
        raise ValueError(f"input must have last dimension >= k = {kv} but is {dims[-1]} for 'TopKV2' with input "
                         f"shapes: {fmt_shape(x.shape)}, [].")
    out = TensorShape(dims[:-1] + [kv])
    return [(x.dtype.base_dtype, out), (dtypes.int32, out)]


@register_op("TopKV2", infer=_top_k_infer)
def _top_k(xp, x, k, *, sorted=True):  # noqa: A002 - TF's attr name
    k = int(k)
    if k < 0:
        raise errors.InvalidArgumentError(None, None, f"Need k >= 0, got {k}")
    if x.ndim < 1 or x.shape[-1] < k:
        raise errors.InvalidArgumentError(
            None, None, f"input must have at least k columns. Had {x.shape[-1] if x.ndim else 0}, needed {k}")
    keys = x.astype(np.int64) if x.dtype.kind in "ub" else x
    order = xp.argsort(-keys, axis=-1, kind="stable")[..., :k]  # ties: the lower index first
    return xp.take_along_axis(x, order, axis=-1), order.astype(np.int32)


def _top_k_grad_infer(inputs, attrs):
    x = inputs[0]
    return [(inputs[2].dtype.base_dtype, x.shape)]


@register_op("TopKGrad", infer=_top_k_grad_infer)
def _top_k_grad_kernel(xp, x, indices, grad):
    rows = int(np.prod(x.shape[:-1], dtype=np.int64)) if x.ndim > 1 else 1
    flat = xp.zeros((rows, x.shape[-1]), dtype=grad.dtype)
    idx = indices.reshape(rows, -1).astype(np.int64)
    flat[xp.arange(rows)[:, None], idx] = grad.reshape(rows, -1)
    return flat.reshape(x.shape)


@_top_k.gradient
def _top_k_grad(op, grad, _):
    return [apply_op("TopKGrad", [op.inputs[0], op.outputs[1], grad], name="TopKGrad").outputs[0], None]


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002 - TF's argument names
    """The `k` largest entries of the last axis and their indices: TopKV2(values, indices)."""
    op = _gen("TopKV2", [("input", input, None), ("k", k, dtypes.int32)], {"sorted": bool(sorted)}, name=name,
              outputs=True)
    return TopKV2(*op.outputs)


def _in_top_k_infer(inputs, attrs):
    predictions, targets, k = inputs
    check_dtype(predictions, (dtypes.float32,), "predictions")
    check_dtype(targets, INDEX, "targets")
    ps, ts = predictions.shape, targets.shape
    if ps.ndims is not None and ps.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {ps.ndims} for 'InTopKV2' with input shapes: "
                         f"{fmt_shape(ps)}, {fmt_shape(ts)}, [].")
    if ts.ndims is not None and ts.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {ts.ndims} for 'InTopKV2' with input shapes: "
                         f"{fmt_shape(ps)}, {fmt_shape(ts)}, [].")
    batch = ps[0].value if ps.ndims == 2 else None
    t = ts[0].value if ts.ndims == 1 else None
    if batch is not None and t is not None and batch != t:
        raise ValueError(f"Dimensions must be equal, but are {batch} and {t} for 'InTopKV2' with input shapes: "
                         f"{fmt_shape(ps)}, {fmt_shape(ts)}, [].")
    return [(dtypes.bool, TensorShape([batch if batch is not None else t]))]


@register_op("InTopKV2", infer=_in_top_k_infer)
def _in_top_k(xp, predictions, targets, k):
    k = int(k)
    batch, classes = predictions.shape
    if targets.shape[0] != batch:
        raise errors.InvalidArgumentError(
            None, None, f"First dimension of predictions {batch} must match length of targets {targets.shape[0]}")
    valid = (targets >= 0) & (targets < classes)
    safe = xp.where(valid, targets, 0).astype(np.int64)
    target_pred = predictions[xp.arange(batch), safe]
    finite_rows = xp.all(xp.isfinite(predictions), axis=1)
    more = xp.sum(predictions > target_pred[:, None], axis=1)
    return valid & xp.isfinite(target_pred) & finite_rows & (more < k)


NotDifferentiable("InTopKV2")


def in_top_k(predictions, targets, k, name=None):
    """Whether each target is among the top `k` predictions of its row (tf.nn.in_top_k)."""
    with op_scope(name, "in_top_k", [predictions, targets]) as scope:
        predictions = convert_to_tensor(predictions, name="predictions")
        targets = convert_to_tensor(targets, name="targets")
        k = convert_to_tensor(k, dtype=targets.dtype.base_dtype, name="k")
        return apply_op("InTopKV2", [predictions, targets, k], name=scope).outputs[0]


__all__ = []
