"""3-D max and average pooling (MaxPool3D, AvgPool3D; NDHWC, NCDHW by transposing) with their
gradient ops, and the public max_pool3d / avg_pool3d wrappers.

Every kernel is a loop over the window's taps, each a strided slice of the padded input, so
nothing loops over positions. TF's rules: SAME windows average only the real inputs; MaxPool3DGrad
gives a window's gradient to every input equal to its maximum (ties share it), while
MaxPool3DGradGrad reads the gradient at the window's first maximum in (d, h, w) order.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops
from tfsess.ops._infer import FLOAT, REAL, check_dtype, check_same_dtype, fmt_shape
from tfsess.ops.window3d import (batch_depth, check_attr_list, check_padding_format, check_runtime_strides,
                                 from_ndhwc, from_ndhwc_dims, Geometry3D, ndhwc_dims, rank5, sequence5, sizes_infer,
                                 spatial3, static_out, to_ndhwc)

_MAX_T = (dtypes.float16, dtypes.float32)  # TF: half, bfloat16, float (no double)


def _pool_infer(op_type, allowed):
    def infer(inputs, attrs):
        x = inputs[0]
        check_dtype(x, allowed, "input")
        xd = rank5(x, op_type, fmt_shape(x.shape))
        check_attr_list(attrs, "ksize", op_type)
        check_attr_list(attrs, "strides", op_type)
        data_format = check_padding_format(attrs)
        n, d, h, w, c = ndhwc_dims(xd, data_format)
        od, oh, ow = static_out((d, h, w), spatial3(attrs["ksize"], data_format), attrs)
        return [(x.dtype.base_dtype, TensorShape(from_ndhwc_dims([n, od, oh, ow, c], data_format)))]
    return infer


def _geometry(shape, attrs):
    """The pooling geometry of an NDHWC `shape`; UnimplementedError (TF's text) for a batch or depth window."""
    data_format = attrs.get("data_format", "NDHWC")
    batch, depth = batch_depth(attrs["ksize"], data_format)
    if batch != 1:
        raise errors.UnimplementedError(None, None, "Pooling is not yet supported on the batch dimension.")
    if depth != 1:
        raise errors.UnimplementedError(None, None, "Pooling is not yet supported on the depth dimension.")
    check_runtime_strides(attrs)
    return Geometry3D(shape[1:4], spatial3(attrs["ksize"], data_format), {**attrs, "dilations": None})


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


def _window_max(xp, geo, padded):
    taps = geo.tap_slices()
    out = padded[next(taps)[1]].copy()
    for _, index in taps:
        xp.maximum(out, padded[index], out=out)
    return out


def _window_sum(xp, geo, padded):
    taps = geo.tap_slices()
    out = padded[next(taps)[1]].copy()
    for _, index in taps:
        out += padded[index]
    return out


def _window_counts(xp, geo, spatial, dtype):
    """How many real (unpadded) inputs each window covers: the AvgPool3D divisor, (1, od, oh, ow, 1)."""
    ones = xp.ones((1, *spatial, 1), dtype=dtype)
    return _window_sum(xp, geo, geo.pad(xp, ones))


# ================================================================== MaxPool3D
@register_op("MaxPool3D", infer=_pool_infer("MaxPool3D", _MAX_T))
def _max_pool3d(xp, x, **attrs):
    data_format = attrs.get("data_format", "NDHWC")
    x = to_ndhwc(xp, x, data_format)
    geo = _geometry(x.shape, attrs)
    return from_ndhwc(xp, _window_max(xp, geo, geo.pad(xp, x, _lowest(x.dtype))), data_format)


def _max_pool3d_grad_infer(inputs, attrs):
    orig, out, grad = inputs
    check_dtype(orig, _MAX_T, "orig_input")
    check_same_dtype([orig, out], "MaxPool3DGrad", names=("orig_input", "orig_output"))
    check_dtype(grad, _MAX_T, "grad")
    check_padding_format(attrs)
    return [(grad.dtype.base_dtype, orig.shape)]


@register_op("MaxPool3DGrad", infer=_max_pool3d_grad_infer)
def _max_pool3d_grad_kernel(xp, orig_input, orig_output, grad, **attrs):
    data_format = attrs.get("data_format", "NDHWC")
    x, g = to_ndhwc(xp, orig_input, data_format), to_ndhwc(xp, grad, data_format)
    best = to_ndhwc(xp, orig_output, data_format)
    geo = _geometry(x.shape, attrs)
    padded = geo.pad(xp, x, _lowest(x.dtype))
    dx = xp.zeros(padded.shape, dtype=g.dtype)
    zero = xp.zeros((), dtype=g.dtype)
    for _, index in geo.tap_slices():
        dx[index] += xp.where(padded[index] == best, g, zero)  # every tie takes the gradient, as TF's CPU kernel
    return from_ndhwc(xp, xp.ascontiguousarray(geo.unpad(dx, x.shape[1:4])), data_format)


def _first_max_taps(xp, geo, padded, best):
    """Each window's first tap (in (d, h, w) order) holding its maximum: (n, od, oh, ow, c) tap numbers."""
    first = xp.full(best.shape, -1, dtype=np.int64)
    for t, index in geo.tap_slices():
        first[(first < 0) & (padded[index] == best)] = t
    return first


def _max_pool3d_grad_grad_infer(inputs, attrs):
    check_dtype(inputs[0], REAL, "orig_input")
    check_same_dtype(inputs, "MaxPool3DGradGrad", names=("orig_input", "orig_output", "grad"))
    check_padding_format(attrs)
    return [(inputs[0].dtype.base_dtype, inputs[1].shape)]


@register_op("MaxPool3DGradGrad", infer=_max_pool3d_grad_grad_infer)
def _max_pool3d_grad_grad_kernel(xp, orig_input, orig_output, grad, **attrs):
    data_format = attrs.get("data_format", "NDHWC")
    x, g = to_ndhwc(xp, orig_input, data_format), to_ndhwc(xp, grad, data_format)
    geo = _geometry(x.shape, attrs)
    padded = geo.pad(xp, x, _lowest(x.dtype))
    first = _first_max_taps(xp, geo, padded, _window_max(xp, geo, padded))
    padded_g = geo.pad(xp, g)
    out = xp.zeros(first.shape, dtype=g.dtype)
    for t, index in geo.tap_slices():
        out += xp.where(first == t, padded_g[index], xp.zeros((), dtype=g.dtype))
    return from_ndhwc(xp, out, data_format)


def _pool_attrs(op):
    return {k: op._attr(k) for k in ("ksize", "strides", "padding", "data_format")}


@_max_pool3d.gradient
def _max_pool3d_grad(op, grad):
    return [apply_op("MaxPool3DGrad", [op.inputs[0], op.outputs[0], grad], _pool_attrs(op),
                     name="MaxPool3DGrad").outputs[0]]


@_max_pool3d_grad_kernel.gradient
def _max_pool3d_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPool3DGradGrad", [op.inputs[0], op.inputs[1], grad], _pool_attrs(op),
                     name="MaxPool3DGradGrad").outputs[0]]


@_max_pool3d_grad_grad_kernel.gradient
def _max_pool3d_grad_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPool3DGrad", [op.inputs[0], op.inputs[1], grad], _pool_attrs(op),
                     name="MaxPool3DGrad").outputs[0]]


# ================================================================== AvgPool3D
@register_op("AvgPool3D", infer=_pool_infer("AvgPool3D", FLOAT))
def _avg_pool3d(xp, x, **attrs):
    data_format = attrs.get("data_format", "NDHWC")
    x = to_ndhwc(xp, x, data_format)
    geo = _geometry(x.shape, attrs)
    sums = _window_sum(xp, geo, geo.pad(xp, x))
    return from_ndhwc(xp, (sums / _window_counts(xp, geo, x.shape[1:4], x.dtype)).astype(x.dtype, copy=False),
                      data_format)


def _avg_pool3d_grad_infer(inputs, attrs):
    check_dtype(inputs[1], FLOAT, "grad")
    check_padding_format(attrs)
    return [(inputs[1].dtype.base_dtype, sizes_infer(inputs[0]))]


@register_op("AvgPool3DGrad", infer=_avg_pool3d_grad_infer)
def _avg_pool3d_grad_kernel(xp, orig_input_shape, grad, **attrs):
    data_format = attrs.get("data_format", "NDHWC")
    shape = ndhwc_dims([int(s) for s in np.asarray(orig_input_shape).reshape(-1)], data_format)
    g = to_ndhwc(xp, grad, data_format)
    geo = _geometry(shape, attrs)
    scaled = g / _window_counts(xp, geo, shape[1:4], g.dtype)
    dx = xp.zeros((shape[0], *(s + b + a for s, (b, a) in zip(shape[1:4], geo.pads)), shape[4]), dtype=g.dtype)
    for _, index in geo.tap_slices():
        dx[index] += scaled
    return from_ndhwc(xp, xp.ascontiguousarray(geo.unpad(dx, shape[1:4])).astype(g.dtype, copy=False), data_format)


@_avg_pool3d.gradient
def _avg_pool3d_grad(op, grad):
    return [apply_op("AvgPool3DGrad", [array_ops.shape(op.inputs[0]), grad], _pool_attrs(op),
                     name="AvgPool3DGrad").outputs[0]]


@_avg_pool3d_grad_kernel.gradient
def _avg_pool3d_grad_grad(op, grad):
    return [None, apply_op("AvgPool3D", [grad], _pool_attrs(op), name="AvgPool3D").outputs[0]]


# ------------------------------------------------------------------ public wrappers
def _pool3d(op_type, input, ksize, strides, padding, data_format, name):  # noqa: A002 - TF's names
    data_format = data_format or "NDHWC"
    channel_index = 1 if data_format == "NCDHW" else 4
    attrs = {"ksize": sequence5(ksize, channel_index, "ksize"),
             "strides": sequence5(strides, channel_index, "strides"),
             "padding": padding.decode() if isinstance(padding, bytes) else padding, "data_format": data_format}
    with op_scope(name, op_type, [input]) as scope:
        x = convert_to_tensor(input, name="input")
        return apply_op(op_type, [x], attrs, name=scope).outputs[0]


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002 - TF's names
    """Max pooling over NDHWC windows (tf.nn.max_pool3d).

    Args:
        ksize, strides: 1, 3 or 5 ints; padding: "SAME" or "VALID".
    """
    return _pool3d("MaxPool3D", input, ksize, strides, padding, data_format, name)


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):  # noqa: A002 - TF's names
    """Average pooling over NDHWC windows; SAME windows average only real inputs (tf.nn.avg_pool3d)."""
    return _pool3d("AvgPool3D", input, ksize, strides, padding, data_format, name)


__all__ = []
