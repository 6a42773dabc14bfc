"""Depthwise 2-D convolution (DepthwiseConv2dNative and its gradient ops), separable_conv2d.

A depthwise filter [kh, kw, in, multiplier] convolves each input channel on its own, giving
in * multiplier output channels (channel c's copies at c * multiplier + m). Kernels use the same
im2col strided view as conv_ops and contract it per channel with one einsum.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops
from tfsess.ops._infer import FLOAT, check_dtype, check_same_dtype, fmt_shape, partial_shape, renamed_arg
from tfsess.ops.conv_ops import conv2d
from tfsess.ops.nn_conv_generic import with_space_to_batch
from tfsess.ops.window_geometry import (attr_list, check_backprop_shape, check_padding, check_strides,
                                        format_and_padding, from_nhwc, from_nhwc_dims, Geometry, get_sequence,
                                        nhwc_dims, rank4, sizes_infer, spatial_out, to_nhwc)

_OP = "DepthwiseConv2dNative"


def _depthwise_infer(inputs, attrs):
    x, f = inputs
    check_dtype(x, FLOAT, "input")
    check_same_dtype(inputs, _OP, names=("input", "filter"))
    shapes = f"{fmt_shape(x.shape)}, {fmt_shape(f.shape)}"
    xd, fd = rank4(x, _OP, shapes), rank4(f, _OP, shapes)
    attr_list(attrs, "strides", _OP)
    check_padding(attrs, _OP)
    data_format = attrs.get("data_format", "NHWC")
    n, h, w, c = nhwc_dims(xd, data_format)
    kh, kw, ci, m = fd
    if c is not None and ci is not None and c != ci:
        raise ValueError(f"Dimensions must be equal, but are {c} and {ci} for '{_OP}' with input shapes: {shapes}.")
    c = c if c is not None else ci
    oh, ow = spatial_out(h, w, kh, kw, attrs)
    co = None if c is None or m is None else c * m
    return [(x.dtype.base_dtype, TensorShape(from_nhwc_dims([n, oh, ow, co], data_format)))]


@register_op(_OP, infer=_depthwise_infer)
def _depthwise_conv2d_native(xp, x, f, **attrs):
    check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    x = to_nhwc(xp, x, data_format)
    n, h, w, c = x.shape
    kh, kw, ci, m = f.shape
    if c != ci:
        raise ValueError(f"{_OP}: input and filter must have the same depth: {c} vs {ci}")
    geo = Geometry(h, w, kh, kw, attrs)
    cols = geo.windows(xp, geo.pad(xp, x))
    out = xp.einsum("nhwijc,ijcm->nhwcm", cols, f, optimize=True).reshape(n, geo.oh, geo.ow, c * m)
    return from_nhwc(xp, out.astype(x.dtype, copy=False), data_format)


def _backprop_input_infer(inputs, attrs):
    sizes, f, dy = inputs
    check_same_dtype([f, dy], "DepthwiseConv2dNativeBackpropInput", names=("filter", "out_backprop"))
    return [(f.dtype.base_dtype, sizes_infer(sizes, attrs.get("data_format", "NHWC")))]


@register_op("DepthwiseConv2dNativeBackpropInput", infer=_backprop_input_infer)
def _depthwise_backprop_input(xp, input_sizes, f, dy, **attrs):
    check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    n, h, w, c = nhwc_dims([int(s) for s in np.asarray(input_sizes).reshape(-1)], data_format)
    dy = to_nhwc(xp, dy, data_format)
    kh, kw, ci, m = f.shape
    geo = Geometry(h, w, kh, kw, attrs)
    check_backprop_shape(dy, (n, geo.oh, geo.ow, ci * m), "DepthwiseConv2dNativeBackpropInput")
    dy = dy.reshape(n, geo.oh, geo.ow, ci, m)
    cols = xp.einsum("nhwcm,ijcm->nhwijc", dy, f, optimize=True)
    return from_nhwc(xp, geo.scatter(xp, cols, n, h, w, ci, dy.dtype), data_format)


def _backprop_filter_infer(inputs, attrs):
    x, sizes, dy = inputs
    check_same_dtype([x, dy], "DepthwiseConv2dNativeBackpropFilter", names=("input", "out_backprop"))
    dims = partial_shape(sizes)
    return [(x.dtype.base_dtype, TensorShape(dims) if dims is not None else unknown_shape(4))]


@register_op("DepthwiseConv2dNativeBackpropFilter", infer=_backprop_filter_infer)
def _depthwise_backprop_filter(xp, x, filter_sizes, dy, **attrs):
    check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    x = to_nhwc(xp, x, data_format)
    dy = to_nhwc(xp, dy, data_format)
    kh, kw, ci, m = (int(s) for s in np.asarray(filter_sizes).reshape(-1))
    n, h, w, c = x.shape
    geo = Geometry(h, w, kh, kw, attrs)
    check_backprop_shape(dy, (n, geo.oh, geo.ow, c * m), "DepthwiseConv2dNativeBackpropFilter")
    cols = geo.windows(xp, geo.pad(xp, x))
    df = xp.einsum("nhwijc,nhwcm->ijcm", cols, dy.reshape(n, geo.oh, geo.ow, c, m), optimize=True)
    return df.astype(x.dtype, copy=False)


def _attrs(op):
    return {k: op._attr(k) for k in ("strides", "padding", "explicit_paddings", "data_format", "dilations")}


@_depthwise_conv2d_native.gradient
def _depthwise_conv2d_native_grad(op, grad):
    x, f = op.inputs
    attrs = _attrs(op)
    return [apply_op("DepthwiseConv2dNativeBackpropInput", [array_ops.shape(x), f, grad], attrs,
                     name="DepthwiseConv2dNativeBackpropInput").outputs[0],
            apply_op("DepthwiseConv2dNativeBackpropFilter", [x, array_ops.shape(f), grad], attrs,
                     name="DepthwiseConv2dNativeBackpropFilter").outputs[0]]


@_depthwise_backprop_input.gradient
def _depthwise_backprop_input_grad(op, grad):
    _, f, dy = op.inputs
    attrs = _attrs(op)
    return [None,
            apply_op("DepthwiseConv2dNativeBackpropFilter", [grad, array_ops.shape(f), dy], attrs,
                     name="DepthwiseConv2dNativeBackpropFilter").outputs[0],
            apply_op(_OP, [grad, f], attrs, name=_OP).outputs[0]]


@_depthwise_backprop_filter.gradient
def _depthwise_backprop_filter_grad(op, grad):
    x, _, dy = op.inputs
    attrs = _attrs(op)
    return [apply_op("DepthwiseConv2dNativeBackpropInput", [array_ops.shape(x), grad, dy], attrs,
                     name="DepthwiseConv2dNativeBackpropInput").outputs[0],
            None,
            apply_op(_OP, [x, grad], attrs, name=_OP).outputs[0]]


# ------------------------------------------------------------------ public wrappers
def _native_attrs(strides, padding, data_format, dilations):
    data_format, channel_index, padding, explicit = format_and_padding(data_format, padding)
    return {"strides": get_sequence(strides, 2, channel_index, "strides"), "padding": padding,
            "explicit_paddings": explicit, "data_format": data_format,
            "dilations": get_sequence(dilations, 2, channel_index, "dilations")}


def depthwise_conv2d_native(input, filter, strides, padding, data_format="NHWC",  # noqa: A002 - TF's names
                            dilations=(1, 1, 1, 1), name=None):
    """Per-channel 2-D convolution with a [h, w, in, multiplier] filter (tf.nn.depthwise_conv2d_native)."""
    attrs = _native_attrs(strides, padding, data_format, dilations)
    with op_scope(name, _OP, [input, filter]) as scope:
        x = convert_to_tensor(input, name="input")
        f = convert_to_tensor(filter, name="filter")
        return apply_op(_OP, [x, f], attrs, name=scope).outputs[0]


def _rate_pair(rate):
    if rate is None:
        return [1, 1]
    rate = [int(r) for r in (rate if hasattr(rate, "__len__") else [rate] * 2)]
    if len(rate) != 2:
        raise ValueError(f"rate must be of length 2. Received: rate={rate}")
    if any(r < 1 for r in rate):
        raise ValueError(f"All values in rate must be positive. Received: rate={rate}")
    return rate


def _dilated_attrs(strides, padding, rate, data_format):
    rate = _rate_pair(rate)
    strides = get_sequence(strides, 2, 1 if (data_format or "NHWC") == "NCHW" else 3, "strides")
    return strides, rate


def _depthwise(x, f, strides, padding, rate, data_format, name):
    """A depthwise convolution dilated by `rate` as TF's v1 wrappers build it: channels last with a known
    window, the undilated op on space_to_batch_nd's blocks (strides > 1 are not refused, as in TF); otherwise
    one dilated DepthwiseConv2dNative (which refuses strides > 1 with dilations > 1)."""
    window = f.shape.as_tuple_or_none()[:2] if f.shape.ndims == 4 else (None, None)
    if rate != [1, 1] and (data_format or "NHWC") == "NHWC" and None not in window:
        def op(converted, _n, pad):
            return depthwise_conv2d_native(converted, f, strides, pad, name=name)
        return with_space_to_batch(x, rate, padding, op, filter_shape=list(window))
    if rate != [1, 1] and any(s != 1 for s in strides):
        raise ValueError(f"strides > 1 not supported in conjunction with dilation_rate > 1. Received: "
                         f"strides={strides}, rate={rate}")
    return depthwise_conv2d_native(x, f, strides, padding, data_format=data_format or "NHWC", dilations=rate,
                                   name=name)


def depthwise_conv2d(input, filter, strides, padding, rate=None, name=None,  # noqa: A002 - TF's names
                     data_format=None, dilations=None):
    """Depthwise 2-D convolution, optionally dilated by `rate` (tf.nn.depthwise_conv2d).

    Raises:
        ValueError: bad ranks, channels that differ from the filter's, or (channels first) strides > 1 with
            rate > 1.
    """
    rate = renamed_arg("dilations", dilations, "rate", rate)
    strides, rate = _dilated_attrs(strides, padding, rate, data_format)
    with op_scope(name, "depthwise", [input, filter]) as scope:
        x = convert_to_tensor(input, name="tensor_in")
        f = convert_to_tensor(filter, name="filter_in")
        return _depthwise(x, f, strides, padding, rate, data_format, scope)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, rate=None,  # noqa: A002
                     name=None, data_format=None, dilations=None):
    """A depthwise convolution followed by a 1x1 convolution mixing channels (tf.nn.separable_conv2d).

    Raises:
        ValueError: a pointwise filter that is not 1x1, or channel counts that do not chain.
    """
    rate = renamed_arg("dilations", dilations, "rate", rate)
    strides, rate = _dilated_attrs(strides, padding, rate, data_format)
    with op_scope(name, "separable_conv2d", [input, depthwise_filter, pointwise_filter]) as scope:
        x = convert_to_tensor(input, name="tensor_in")
        dw = convert_to_tensor(depthwise_filter, name="depthwise_filter")
        pw = convert_to_tensor(pointwise_filter, name="pointwise_filter")
        if pw.shape.ndims == 4:
            kh, kw = pw.shape.as_tuple_or_none()[:2]
            if (kh is not None and kh != 1) or (kw is not None and kw != 1):
                raise ValueError(f"Pointwise filter's spatial dimensions must be 1x1. Received: {pw.shape}")
        depthwise = _depthwise(x, dw, strides, padding, rate, data_format, "depthwise")
        return conv2d(depthwise, pw, [1, 1, 1, 1], "VALID", data_format=data_format or "NHWC", name=scope)


__all__ = []
