"""Fused batch normalization (FusedBatchNormV3 and its gradient) and local response normalization (LRN).

FusedBatchNormV3 normalizes over every axis but the channel one. While training it returns the
batch mean and the Bessel-corrected batch variance (or their exponential averages with the given
running statistics when exponential_avg_factor != 1), and keeps the population variance in a
reserve output for its gradient, as TF's CPU kernel does.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import FLOAT, check_dtype, fmt_shape

_BN = "FusedBatchNormV3"


# ================================================================== FusedBatchNormV3
def _to_channels_last(xp, x, data_format):
    return xp.moveaxis(x, 1, -1) if data_format.startswith("NC") else x


def _from_channels_last(xp, x, data_format):
    return xp.ascontiguousarray(xp.moveaxis(x, -1, 1)) if data_format.startswith("NC") else x


def _channels(x, data_format):
    dims = x.shape.as_tuple_or_none() if x.shape.ndims is not None else None
    if dims is None:
        return None
    return dims[1] if data_format.startswith("NC") else dims[-1]


_BN_FORMATS = ("NHWC", "NCHW", "NDHWC", "NCDHW")


def _check_bn_format(op_type, attrs):
    data_format = attrs.get("data_format", "NHWC")
    if data_format not in _BN_FORMATS:
        raise ValueError(f"Attr 'data_format' of '{op_type}' Op passed string '{data_format}' not in: "
                         + ", ".join(f'"{f}"' for f in _BN_FORMATS) + ".")


def _fused_batch_norm_infer(inputs, attrs):
    x, scale, offset, mean, variance = inputs
    _check_bn_format(_BN, attrs)
    check_dtype(x, FLOAT, "x")
    u = check_dtype(scale, FLOAT, "scale")
    rank = len(attrs.get("data_format", "NHWC"))
    if x.shape.ndims is not None and x.shape.ndims != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {x.shape.ndims} for '{_BN}' with input shapes: "
                         f"{', '.join(fmt_shape(t.shape) for t in inputs)}.")
    c = _channels(x, attrs.get("data_format", "NHWC"))
    for t, what in ((scale, "scale"), (offset, "offset")):
        if t.shape.ndims is not None and t.shape.ndims != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims} for '{_BN}' ({what}).")
        size = t.shape[0].value if t.shape.ndims == 1 else None
        if c is not None and size is not None and size != c:
            raise ValueError(f"Dimensions must be equal, but are {c} and {size} for '{_BN}' ({what}).")
        c = c if c is not None else size
    stat = TensorShape([c])
    return [(x.dtype.base_dtype, x.shape), (u, stat), (u, stat), (u, stat), (u, stat), (u, TensorShape([0]))]


@register_op(_BN, infer=_fused_batch_norm_infer)
def _fused_batch_norm(xp, x, scale, offset, mean, variance, *, epsilon=1e-4, exponential_avg_factor=1.0,
                      data_format="NHWC", is_training=True):
    nhwc = _to_channels_last(xp, x, data_format)
    u = scale.dtype
    work = nhwc.astype(np.float64 if x.dtype == np.float64 else np.float32)
    c = work.shape[-1]
    if is_training:
        rows = work.reshape(-1, c)
        batch_mean = rows.mean(axis=0)
        batch_var = xp.square(rows - batch_mean).mean(axis=0)
        n = rows.shape[0]
        corrected = batch_var * (n / max(n - 1, 1))
        if exponential_avg_factor != 1.0:
            f = exponential_avg_factor
            out_mean, out_var = (1 - f) * mean + f * batch_mean, (1 - f) * variance + f * corrected
        else:
            out_mean, out_var = batch_mean, corrected
        use_mean, use_var = batch_mean, batch_var
    else:
        use_mean, use_var = mean.astype(work.dtype), variance.astype(work.dtype)
        out_mean, out_var = mean, variance
    y = (work - use_mean) * (1.0 / xp.sqrt(use_var + epsilon) * scale) + offset
    y = _from_channels_last(xp, y.astype(x.dtype, copy=False), data_format)
    return (y, xp.asarray(out_mean).astype(u), xp.asarray(out_var).astype(u), xp.asarray(use_mean).astype(u),
            xp.asarray(use_var).astype(u), xp.zeros((0,), dtype=u))


def _fused_batch_norm_grad_infer(inputs, attrs):
    dy, x, scale = inputs[:3]
    u = scale.dtype.base_dtype
    stat = scale.shape
    return [(x.dtype.base_dtype, x.shape), (u, stat), (u, stat), (u, TensorShape([0])), (u, TensorShape([0]))]


@register_op("FusedBatchNormGradV3", infer=_fused_batch_norm_grad_infer)
def _fused_batch_norm_grad_kernel(xp, dy, x, scale, reserve_1, reserve_2, reserve_3, *, epsilon=1e-4,
                                  data_format="NHWC", is_training=True):
    u = scale.dtype
    work = np.float64 if x.dtype == np.float64 else np.float32
    g = _to_channels_last(xp, dy, data_format).astype(work)
    xs = _to_channels_last(xp, x, data_format).astype(work)
    c = xs.shape[-1]
    rstd = 1.0 / xp.sqrt(reserve_2.astype(work) + epsilon)
    xhat = ((xs - reserve_1.astype(work)) * rstd).reshape(-1, c)
    g2 = g.reshape(-1, c)
    d_offset = g2.sum(axis=0)
    d_scale = (g2 * xhat).sum(axis=0)
    if is_training:
        dx = (scale * rstd) * (g2 - d_offset / g2.shape[0] - xhat * (d_scale / g2.shape[0]))
    else:
        dx = g2 * (scale * rstd)
    dx = _from_channels_last(xp, dx.reshape(xs.shape).astype(x.dtype, copy=False), data_format)
    empty = xp.zeros((0,), dtype=u)
    return dx, d_scale.astype(u), d_offset.astype(u), empty, empty


@_fused_batch_norm.gradient
def _fused_batch_norm_grad(op, grad_y, *unused):
    x, scale = op.inputs[0], op.inputs[1]
    attrs = {k: op._attr(k) for k in ("epsilon", "data_format", "is_training")}
    grads = apply_op("FusedBatchNormGradV3", [grad_y, x, scale, op.outputs[3], op.outputs[4], op.outputs[5]],
                     attrs, name="FusedBatchNormGradV3").outputs
    return [grads[0], grads[1], grads[2], None, None]


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None, exponential_avg_factor=1.0):
    """Batch normalization of a 4-D (NHWC/NCHW) or 5-D (NDHWC/NCDHW) tensor in one op (tf.nn.fused_batch_norm).

    Returns:
        (y, mean, variance): while training, the batch mean and Bessel-corrected variance (averaged
        into the given ones when exponential_avg_factor != 1); else the given mean and variance.

    Raises:
        ValueError: mean or variance missing when not training (or when averaging), or bad ranks.
    """
    if (not is_training or exponential_avg_factor != 1.0) and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is False or "
                         f"`exponential_avg_factor` != 1.0. Received: `mean` {mean!r} and `variance` {variance!r}")
    # TF converts the inputs before it opens the op's scope: "scale", "offset", "Const" sit beside it
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    u = scale.dtype.base_dtype
    mean = convert_to_tensor(np.zeros([0], u.as_numpy_dtype) if mean is None else mean, dtype=u)
    variance = convert_to_tensor(np.zeros([0], u.as_numpy_dtype) if variance is None else variance, dtype=u)
    with op_scope(name, _BN, [x, scale, offset]) as scope:
        epsilon = max(float(epsilon), 1.001e-5)  # TF's floor for the fused kernels
        attrs = {"epsilon": epsilon, "exponential_avg_factor": float(exponential_avg_factor),
                 "data_format": data_format, "is_training": bool(is_training)}
        outputs = apply_op(_BN, [x, scale, offset, mean, variance], attrs, name=scope).outputs
        return outputs[0], outputs[1], outputs[2]


# ================================================================== LRN
def _window_sum(xp, a, radius):
    """Sums of `a` over [d - radius, d + radius] along the last axis (clipped at the edges)."""
    c = a.shape[-1]
    widths = [(0, 0)] * (a.ndim - 1) + [(radius + 1, radius)]
    cs = xp.cumsum(xp.pad(a, widths), axis=-1)
    return cs[..., 2 * radius + 1:2 * radius + 1 + c] - cs[..., :c]


_LRN_TYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32)  # TF's LRN takes no float64


def _lrn_infer(inputs, attrs):
    x = inputs[0]
    check_dtype(x, _LRN_TYPES, "input")
    if x.shape.ndims is not None and x.shape.ndims != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {x.shape.ndims} for 'LRN' with input shapes: "
                         f"{fmt_shape(x.shape)}.")
    return [(x.dtype.base_dtype, x.shape)]


def _lrn_norm(xp, x, depth_radius, bias, alpha):
    x64 = x.astype(np.float64)
    return x64, bias + alpha * _window_sum(xp, xp.square(x64), depth_radius)


@register_op("LRN", infer=_lrn_infer)
def _lrn(xp, x, *, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    x64, norm = _lrn_norm(xp, x, depth_radius, bias, alpha)
    return (x64 * norm ** -beta).astype(x.dtype)


@register_op("LRNGrad", infer=lambda inputs, attrs: [(inputs[1].dtype.base_dtype, inputs[1].shape)])
def _lrn_grad_kernel(xp, grads, x, y, *, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    x64, norm = _lrn_norm(xp, x, depth_radius, bias, alpha)
    g = grads.astype(np.float64)
    cross = _window_sum(xp, g * x64 * norm ** (-beta - 1), depth_radius)
    return (g * norm ** -beta - 2 * alpha * beta * x64 * cross).astype(x.dtype)


def _lrn_attrs(op):
    return {k: op._attr(k) for k in ("depth_radius", "bias", "alpha", "beta")}


@_lrn.gradient
def _lrn_grad(op, grad):
    return [apply_op("LRNGrad", [grad, op.inputs[0], op.outputs[0]], _lrn_attrs(op), name="LRNGrad").outputs[0]]


def lrn(input, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5, name=None):  # noqa: A002 - TF's name
    """Local response normalization over the last axis (tf.nn.lrn / local_response_normalization):
    input / (bias + alpha * sum of squares over [d - depth_radius, d + depth_radius]) ** beta."""
    with op_scope(name, "LRN", [input]) as scope:
        x = convert_to_tensor(input, name="input")
        attrs = {"depth_radius": int(depth_radius), "bias": float(bias), "alpha": float(alpha), "beta": float(beta)}
        return apply_op("LRN", [x], attrs, name=scope).outputs[0]


local_response_normalization = lrn

__all__ = []
