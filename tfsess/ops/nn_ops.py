"""Neural-network kernels: the activations, bias_add, l2_loss, top_k and in_top_k.

Fused ops (BiasAdd, the activations) are single kernels computed in a numerically stable way,
each declared with its gradient, as TF's nn_grad.py defines them. The rest of tf.nn lives in
softmax_ops (softmax, log_softmax and the softmax cross-entropies), nn_impl (composites: sigmoid
cross-entropies, l2_normalize, dropout, moments, batch_normalization, embedding_lookup, ...),
conv_ops (convolution) and pool_ops (pooling).
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib import extremum, pool_loops
from tfsess.ops import array_ops, indexing_ops, math_ops, pool_ops, stack_ops, std_sort, unary_ops
from tfsess.ops._infer import (FLOAT, INDEX, REAL, apply_gen, check_dtype, check_same_dtype, fmt_shape,
                               unary_op)

_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717


def _grad_infer(inputs, attrs):
    """(gradients, features) -> gradients' dtype and the merged shape."""
    check_same_dtype(inputs, "Grad", names=("gradients", "features"))
    return [(inputs[0].dtype.base_dtype, inputs[0].shape.merge_with(inputs[1].shape)
             if inputs[0].shape.is_compatible_with(inputs[1].shape) else inputs[0].shape)]


# ================================================================== activations
@register_op("Relu", infer=unary_op(REAL, param="features"), elementwise=True, out_arg=True)
def _relu(xp, x, out=None):
    zero = xp.zeros((), dtype=x.dtype)
    fast = extremum.with_scalar(np.maximum, x, zero, out) if xp is np else None
    return xp.maximum(x, zero, out=out) if fast is None else fast


@register_op("ReluGrad", infer=_grad_infer, elementwise=True, out_arg=True)
def _relu_grad_kernel(xp, g, features, out=None):
    # TF's definition, gradients * (features > 0): a compiled loop with numba (same bits), else
    # NumPy's multiply by the mask (faster than where()), made before `out` (which may be either
    # input's buffer) is written
    result = pool_loops.relu_grad(g, features, out, pool_ops.loop_workers()) if xp is np else None
    return xp.multiply(g, features > 0, dtype=g.dtype, out=out) if result is None else result


@_relu.gradient
def _relu_grad(op, grad):
    return [apply_gen("ReluGrad", [("gradients", grad, "T"), ("features", op.outputs[0], "T")])]


@_relu_grad_kernel.gradient
def _relu_grad_grad(op, grad):
    x = op.inputs[1]
    return [apply_gen("ReluGrad", [("gradients", grad, "T"), ("features", x, "T")]), array_ops.zeros_like(x)]


@register_op("Relu6", infer=unary_op(REAL, param="features"), elementwise=True)
def _relu6(xp, x):
    return xp.minimum(xp.maximum(x, xp.zeros((), dtype=x.dtype)), xp.asarray(6, dtype=x.dtype))


@register_op("Relu6Grad", infer=_grad_infer, elementwise=True)
def _relu6_grad_kernel(xp, g, features):
    result = pool_loops.relu6_grad(g, features, None, pool_ops.loop_workers()) if xp is np else None
    return xp.where((features > 0) & (features < 6), g, xp.zeros((), dtype=g.dtype)) if result is None else result


@_relu6.gradient
def _relu6_grad(op, grad):
    return [apply_gen("Relu6Grad", [("gradients", grad, "T"), ("features", op.inputs[0], "T")])]


@_relu6_grad_kernel.gradient
def _relu6_grad_grad(op, grad):
    x = op.inputs[1]
    return [apply_gen("Relu6Grad", [("gradients", grad, "T"), ("features", x, "T")]), array_ops.zeros_like(x)]


@register_op("Elu", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _elu(xp, x):
    with np.errstate(all="ignore"):
        # TF's Elu functor is exp(x) - 1 in the input's type, not expm1: float16 elu(-1) is -0.6318
        return xp.where(x > 0, x, xp.exp(xp.minimum(x, 0)) - x.dtype.type(1)).astype(x.dtype, copy=False)


@register_op("EluGrad", infer=_grad_infer, elementwise=True)
def _elu_grad_kernel(xp, g, outputs):
    result = pool_loops.elu_grad(g, outputs, None, pool_ops.loop_workers()) if xp is np else None
    return xp.where(outputs < 0, g * (outputs + 1), g).astype(g.dtype, copy=False) if result is None else result


@_elu.gradient
def _elu_grad(op, grad):
    return [apply_gen("EluGrad", [("gradients", grad, "T"), ("outputs", op.outputs[0], "T")])]


@_elu_grad_kernel.gradient
def _elu_grad_grad(op, grad):
    elu_x = op.inputs[1]
    zeros = array_ops.zeros_like(elu_x)
    return [apply_gen("EluGrad", [("gradients", grad, "T"), ("outputs", elu_x, "T")]),
            indexing_ops.where(elu_x < 0, grad * op.inputs[0], zeros)]


@register_op("Selu", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _selu(xp, x):
    with np.errstate(all="ignore"):
        neg = _SELU_ALPHA * xp.expm1(xp.minimum(x, 0))
        return (_SELU_SCALE * xp.where(x > 0, x, neg)).astype(x.dtype, copy=False)


@register_op("SeluGrad", infer=_grad_infer, elementwise=True)
def _selu_grad_kernel(xp, g, outputs):
    return xp.where(outputs < 0, g * (outputs + _SELU_SCALE * _SELU_ALPHA), g * _SELU_SCALE).astype(g.dtype, copy=False)


@_selu.gradient
def _selu_grad(op, grad):
    return [apply_gen("SeluGrad", [("gradients", grad, "T"), ("outputs", op.outputs[0], "T")])]


@_selu_grad_kernel.gradient
def _selu_grad_grad(op, grad):
    selu_x = op.inputs[1]
    return [apply_gen("SeluGrad", [("gradients", grad, "T"), ("outputs", selu_x, "T")]),
            indexing_ops.where(selu_x < 0., grad * op.inputs[0], array_ops.zeros_like(selu_x))]


@register_op("Softplus", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _softplus(xp, x):
    with np.errstate(all="ignore"):
        return xp.logaddexp(xp.zeros((), dtype=x.dtype), x).astype(x.dtype, copy=False)


@register_op("SoftplusGrad", infer=_grad_infer, elementwise=True)
def _softplus_grad_kernel(xp, g, features):
    with np.errstate(all="ignore"):
        return (g / (1 + xp.exp(-features))).astype(g.dtype, copy=False)


@_softplus.gradient
def _softplus_grad(op, grad):
    return [grad * unary_ops.sigmoid(op.inputs[0])]  # TF 2.21's rule (a Mul); SoftplusGrad stays a raw op


@_softplus_grad_kernel.gradient
def _softplus_grad_grad(op, grad):
    dy, x = op.inputs
    ddy = apply_gen("SoftplusGrad", [("gradients", grad, "T"), ("features", x, "T")])
    d2x = grad * dy / (unary_ops.exp(-x) + 2.0 + unary_ops.exp(x))
    return [ddy, d2x]


@register_op("Softsign", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _softsign(xp, x):
    return (x / (1 + xp.abs(x))).astype(x.dtype, copy=False)


@register_op("SoftsignGrad", infer=_grad_infer, elementwise=True)
def _softsign_grad_kernel(xp, g, features):
    return (g / xp.square(1 + xp.abs(features))).astype(g.dtype, copy=False)


@_softsign.gradient
def _softsign_grad(op, grad):
    return [apply_gen("SoftsignGrad", [("gradients", grad, "T"), ("features", op.inputs[0], "T")])]


@register_op("LeakyRelu", infer=unary_op(FLOAT, param="features"), elementwise=True)
def _leaky_relu(xp, x, *, alpha=0.2):
    return xp.where(x > 0, x, x * xp.asarray(np.float32(alpha), dtype=x.dtype))  # a float attr: 32 bits


@register_op("LeakyReluGrad", infer=_grad_infer, elementwise=True)
def _leaky_relu_grad_kernel(xp, g, features, *, alpha=0.2):
    return xp.where(features > 0, g, g * xp.asarray(np.float32(alpha), dtype=g.dtype))


@_leaky_relu.gradient
def _leaky_relu_grad(op, grad):
    return [apply_gen("LeakyReluGrad", [("gradients", grad, "T"), ("features", op.inputs[0], "T")],
                 {"alpha": op.get_attr("alpha")})]


@_leaky_relu_grad_kernel.gradient
def _leaky_relu_grad_grad(op, grad):
    x = op.inputs[1]
    return [apply_gen("LeakyReluGrad", [("gradients", grad, "T"), ("features", x, "T")],
                 {"alpha": op.get_attr("alpha")}), array_ops.zeros_like(x)]


def relu(features, name=None):
    """max(features, 0) (tf.nn.relu)."""
    return apply_gen("Relu", [("features", features, None)], name=name)


def relu6(features, name=None):
    """min(max(features, 0), 6) (tf.nn.relu6)."""
    with op_scope(name, "Relu6", [features]) as scope:
        features = convert_to_tensor(features, name="features")
        return apply_op("Relu6", [features], name=scope).outputs[0]


def elu(features, name=None):
    """x if x > 0 else exp(x) - 1 (tf.nn.elu)."""
    return apply_gen("Elu", [("features", features, None)], name=name)


def selu(features, name=None):
    """scale * (x if x > 0 else alpha * (exp(x) - 1)) (tf.nn.selu)."""
    return apply_gen("Selu", [("features", features, None)], name=name)


def softplus(features, name=None):
    """log(exp(features) + 1), computed stably (tf.nn.softplus)."""
    return apply_gen("Softplus", [("features", features, None)], name=name)


def softsign(features, name=None):
    """features / (abs(features) + 1) (tf.nn.softsign)."""
    return apply_gen("Softsign", [("features", features, None)], name=name)


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
        c = stack_ops.concat([features, -features], axis, name="concat")
        return relu(c, name=scope)


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


@register_op("BiasAdd", infer=_bias_add_infer, elementwise=False, out_arg=True)
def _bias_add(xp, value, bias, *, data_format="NHWC", out=None):
    channel = 1 if data_format.startswith("NC") and value.ndim >= 3 else value.ndim - 1
    if value.ndim < 2 or bias.ndim != 1 or value.shape[channel] != bias.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"Must provide as many biases as the last dimension of the input tensor: "
                        f"{list(bias.shape)} vs. {list(value.shape)}")
    result = (pool_loops.bias_add(value, bias, out, pool_ops.loop_workers())
              if xp is np and channel == value.ndim - 1 else None)
    if result is not None:
        return result
    return xp.add(value, bias.reshape(_bias_shape(value.ndim, data_format, bias.shape[0])), out=out)


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
    data_format = op._attr("data_format")
    return [grad, apply_gen("BiasAddGrad", [("out_backprop", grad, None)], {"data_format": data_format})]


@_bias_add_grad_kernel.gradient
def _bias_add_grad_grad(op, grad):
    data_format = op._attr("data_format")
    zeros = array_ops.zeros_like(op.inputs[0])
    return [apply_gen("BiasAdd", [("value", zeros, "T"), ("bias", grad, "T")], {"data_format": data_format})]


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
    return apply_gen("L2Loss", [("t", t, None)], name=name)


# ================================================================== top_k and in_top_k
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


_TOP_K_INDEX = (dtypes.int16, dtypes.int32, dtypes.int64)  # TF's Tk and index_type


def _top_k_infer(inputs, attrs):
    x, k = inputs
    check_dtype(x, REAL, "input")
    check_dtype(k, _TOP_K_INDEX, "k")
    index_dtype = attrs.get("index_type", dtypes.int32)
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
        return [(x.dtype.base_dtype, unknown_shape()), (index_dtype, unknown_shape())]
    dims = list(x.shape.as_tuple_or_none())
    if kv is not None and dims[-1] is not None and dims[-1] < kv:
        raise ValueError(f"input must have last dimension >= k = {kv} but is {dims[-1]} for 'TopKV2' with input "
                         f"shapes: {fmt_shape(x.shape)}, [].")
    out = TensorShape(dims[:-1] + [kv])
    return [(x.dtype.base_dtype, out), (index_dtype, out)]


@register_op("TopKV2", infer=_top_k_infer)
def _top_k(xp, x, k, *, sorted=True, index_type=dtypes.int32):  # noqa: A002 - TF's attr name
    k = int(k)
    if k < 0:
        raise errors.InvalidArgumentError(None, None, f"Need k >= 0, got {k}")
    if x.ndim < 1 or x.shape[-1] < k:
        raise errors.InvalidArgumentError(
            None, None, f"input must have at least k columns. Had {x.shape[-1] if x.ndim else 0}, needed {k}")
    # a decreasing key that cannot overflow: ~x for integers (-x wraps the minimum, e.g. int8 -128), -x for floats
    keys = ~x if x.dtype.kind in "iu" else (~x.astype(np.int8) if x.dtype.kind == "b" else -x)
    order = xp.argsort(keys, axis=-1, kind="stable")[..., :k]  # ties: the lower index first
    if x.dtype.kind == "f" and k == x.shape[-1] and k > 1:
        order = _nan_rows_as_tf_sorts_them(x, order)
    elif 1 < k < x.shape[-1] and (not sorted or x.dtype.kind == "f"):
        order = _heap_rows_as_tf_leaves_them(x, order, k, sorted)
    return xp.take_along_axis(x, order, axis=-1), order.astype(dtypes.as_dtype(index_type).as_numpy_dtype)


def _nan_rows_as_tf_sorts_them(x, order):
    """`order` with each row that holds NaN replaced by the order TF's std::sort leaves it in."""
    rows = x.reshape(-1, x.shape[-1])
    nan_rows = np.flatnonzero(np.isnan(rows).any(axis=-1))
    if nan_rows.size == 0:
        return order
    order = order.reshape(rows.shape).copy()
    for r in nan_rows:
        order[r] = std_sort.descending_order_with_nan(rows[r])
    return order.reshape(x.shape)


def _heap_rows_as_tf_leaves_them(x, order, k, sorted_):
    """`order` with TF's bounded-heap result (gtl::TopN) for each row that needs it: every row when not
    `sorted_` (TF then returns the heap's own order), else the rows holding NaN."""
    rows = x.reshape(-1, x.shape[-1])
    redo = np.arange(rows.shape[0]) if not sorted_ else np.flatnonzero(np.isnan(rows).any(axis=-1))
    if redo.size == 0:
        return order
    order = order.reshape(rows.shape[0], k).copy()
    for r in redo:
        order[r] = std_sort.top_k_order(rows[r], k, sorted_)
    return order.reshape(x.shape[:-1] + (k,))


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


def top_k(input, k=1, sorted=True, index_type=dtypes.int32, name=None):  # noqa: A002 - TF's argument names
    """The `k` largest entries of the last axis and their indices: TopKV2(values, indices).

    `k` may be an int16/int32/int64 tensor; `index_type` (int16/int32/int64) is the indices' dtype.
    """
    index_type = dtypes.as_dtype(index_type)
    if index_type not in _TOP_K_INDEX:
        raise TypeError(f"Value passed to parameter 'index_type' has DataType {index_type.name} not in list of "
                        f"allowed values: {', '.join(d.name for d in _TOP_K_INDEX)}")
    op = apply_gen("TopKV2", [("input", input, None), ("k", k, ("Tk", dtypes.int32))],
                   {"sorted": bool(sorted), "index_type": index_type}, name=name, outputs=True)
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


@register_op("InTopKV2", infer=_in_top_k_infer, no_gradient=True)
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


def in_top_k(predictions, targets, k, name=None):
    """Whether each target is among the top `k` predictions of its row (tf.nn.in_top_k)."""
    with op_scope(name, "in_top_k", [predictions, targets]):
        predictions = convert_to_tensor(predictions, name="predictions")
        targets = convert_to_tensor(targets, name="targets")
        k = convert_to_tensor(k, dtype=targets.dtype.base_dtype, name="k")
        # as TF: the op takes the given name inside its own scope ('topk/topk'), else 'in_top_k/InTopKV2'
        return apply_op("InTopKV2", [predictions, targets, k], name=name or "InTopKV2").outputs[0]


__all__ = []
