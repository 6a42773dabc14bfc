"""3-D convolution (Conv3D, NDHWC; NCDHW by transposing) with its gradient ops, and the public
conv3d, conv3d_transpose and conv3d_backprop_filter wrappers.

Each kernel is im2col plus one GEMM per cache-sized batch chunk: the forward pass multiplies the
patch rows (window3d.Geometry3D.columns) with the filter read as a (taps * in, out) matrix, the
filter backprop multiplies the patch rows' transpose with out_backprop, and the input backprop
multiplies out_backprop with the filter's transpose and folds the rows back onto the input.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import math_ops
from tfsess.ops._infer import check_dtype, check_same_dtype, fmt_shape, partial_shape, renamed_arg
from tfsess.ops.conv_ops import register_conv_gradients, transpose_operands
from tfsess.ops.window3d import (check_attr_list, check_backprop_shape, check_padding_format, check_runtime_strides,
                                 from_ndhwc, from_ndhwc_dims, Geometry3D, ndhwc_dims, rank5, sequence5, sizes_infer,
                                 static_out, to_ndhwc)

from tfsess.ops._infer import FLOAT as _T  # TF also takes bfloat16, which tfsess does not have


def _check_attrs(attrs, op_type):
    check_attr_list(attrs, "strides", op_type)
    check_attr_list(attrs, "dilations", op_type)
    return check_padding_format(attrs)


# ================================================================== Conv3D
def _conv3d_infer(inputs, attrs):
    x, f = inputs
    check_dtype(x, _T, "input")
    check_same_dtype(inputs, "Conv3D", names=("input", "filter"))
    shapes = f"{fmt_shape(x.shape)}, {fmt_shape(f.shape)}"
    xd, fd = rank5(x, "Conv3D", shapes), rank5(f, "Conv3D", shapes)
    data_format = _check_attrs(attrs, "Conv3D")
    n, d, h, w, c = ndhwc_dims(xd, data_format)
    kd, kh, kw, ci, co = fd
    if c is not None and ci is not None:
        if c % ci:
            raise ValueError(f"Depth of input ({c}) is not a multiple of input depth of filter ({ci}) for "
                             f"'Conv3D' with input shapes: {shapes}.")
        if co is not None and co % (c // ci):
            raise ValueError(f"Depth of output ({co}) is not a multiple of the number of groups ({c // ci}) for "
                             f"'Conv3D' with input shapes: {shapes}.")
    od, oh, ow = static_out((d, h, w), (kd, kh, kw), attrs, swap_hw_dilations=True)
    return [(x.dtype.base_dtype, TensorShape(from_ndhwc_dims([n, od, oh, ow, co], data_format)))]


def _filter_matrix(f):
    return f.reshape(-1, f.shape[-1])


@register_op("Conv3D", infer=_conv3d_infer)
def _conv3d(xp, x, f, **attrs):
    check_runtime_strides(attrs)
    data_format = attrs.get("data_format", "NDHWC")
    x = to_ndhwc(xp, x, data_format)
    n, c = x.shape[0], x.shape[-1]
    ci, co = f.shape[3], f.shape[4]
    if c != ci:  # TF's CPU Conv3D takes no groups
        raise errors.InvalidArgumentError(None, None, f"input and filter must have the same depth: {c} vs {ci}")
    geo = Geometry3D(x.shape[1:4], f.shape[:3], attrs)
    padded, kernel = geo.pad(xp, x), _filter_matrix(f)
    per_image = int(np.prod(geo.out))
    out = xp.empty((n * per_image, co), dtype=x.dtype)
    for start, stop in geo.batch_chunks(n, geo.taps * c, x.dtype.itemsize):
        cols = geo.columns(xp, padded[start:stop])
        out[start * per_image:stop * per_image] = xp.matmul(cols, kernel)
    return from_ndhwc(xp, out.reshape(n, *geo.out, co), data_format)


def _backprop_input_infer(inputs, attrs):
    sizes, f, dy = inputs
    check_dtype(f, _T, "filter")
    check_same_dtype([f, dy], "Conv3DBackpropInputV2", names=("filter", "out_backprop"))
    _check_attrs(attrs, "Conv3DBackpropInputV2")
    return [(f.dtype.base_dtype, sizes_infer(sizes))]


@register_op("Conv3DBackpropInputV2", infer=_backprop_input_infer)
def _conv3d_backprop_input(xp, input_sizes, f, dy, **attrs):
    check_runtime_strides(attrs)
    data_format = attrs.get("data_format", "NDHWC")
    n, d, h, w, c = ndhwc_dims([int(s) for s in np.asarray(input_sizes).reshape(-1)], data_format)
    dy = to_ndhwc(xp, dy, data_format)
    co = f.shape[4]
    geo = Geometry3D((d, h, w), f.shape[:3], attrs)
    check_backprop_shape(dy, (n, *geo.out, co), "Conv3DBackpropInputOp")
    padded = xp.zeros((n, *(s + b + a for s, (b, a) in zip((d, h, w), geo.pads)), c), dtype=dy.dtype)
    kernel_t, per_image = _filter_matrix(f).T, int(np.prod(geo.out))
    rows = dy.reshape(-1, co)
    for start, stop in geo.batch_chunks(n, geo.taps * c, dy.dtype.itemsize):
        cols = xp.matmul(rows[start * per_image:stop * per_image], kernel_t)
        geo.fold(xp, cols, padded[start:stop])
    return from_ndhwc(xp, xp.ascontiguousarray(geo.unpad(padded, (d, h, w))), data_format)


def _backprop_filter_infer(inputs, attrs):
    x, sizes, dy = inputs
    check_dtype(x, _T, "input")
    check_same_dtype([x, dy], "Conv3DBackpropFilterV2", names=("input", "out_backprop"))
    _check_attrs(attrs, "Conv3DBackpropFilterV2")
    dims = partial_shape(sizes)
    return [(x.dtype.base_dtype, TensorShape(dims) if dims is not None else unknown_shape(5))]


@register_op("Conv3DBackpropFilterV2", infer=_backprop_filter_infer)
def _conv3d_backprop_filter(xp, x, filter_sizes, dy, **attrs):
    check_runtime_strides(attrs)
    data_format = attrs.get("data_format", "NDHWC")
    x, dy = to_ndhwc(xp, x, data_format), to_ndhwc(xp, dy, data_format)
    kd, kh, kw, ci, co = (int(s) for s in np.asarray(filter_sizes).reshape(-1))
    n, c = x.shape[0], x.shape[-1]
    geo = Geometry3D(x.shape[1:4], (kd, kh, kw), attrs)
    check_backprop_shape(dy, (n, *geo.out, co), "Conv3DBackpropFilterOp")
    padded, rows, per_image = geo.pad(xp, x), dy.reshape(-1, co), int(np.prod(geo.out))
    df = xp.zeros((geo.taps * c, co), dtype=x.dtype)
    for start, stop in geo.batch_chunks(n, geo.taps * c, x.dtype.itemsize):
        cols = geo.columns(xp, padded[start:stop])
        df += xp.matmul(cols.T, rows[start * per_image:stop * per_image])
    return df.reshape(kd, kh, kw, ci, co)


register_conv_gradients(_conv3d, _conv3d_backprop_input, _conv3d_backprop_filter,
                        ("strides", "padding", "data_format", "dilations"))


# ------------------------------------------------------------------ public wrappers
def _call_attrs(strides, padding, data_format, dilations):
    if isinstance(padding, bytes):
        padding = padding.decode()
    if not isinstance(padding, str):
        raise TypeError(f"Expected string for argument 'padding' not {padding!r}.")
    return {"strides": [int(s) for s in strides], "padding": padding, "data_format": data_format or "NDHWC",
            "dilations": [int(d) for d in (dilations if dilations is not None else [1] * 5)]}


def conv3d(input, filter=None, strides=None, padding=None, data_format="NDHWC",  # noqa: A002 - TF's names
           dilations=(1, 1, 1, 1, 1), name=None, filters=None):
    """3-D convolution of an NDHWC `input` with a [d, h, w, in, out] `filter` (tf.nn.conv3d).

    Args:
        strides: 5 ints (1 for batch and channels); padding: "SAME" or "VALID"; dilations: 5 ints.

    Raises:
        ValueError: wrong ranks, mismatched channels, attrs not of 5 values, or a negative output size.
    """
    filter = renamed_arg("filters", filters, "filter", filter)  # noqa: A001
    attrs = _call_attrs(strides, padding, data_format, dilations)
    with op_scope(name, "Conv3D", [input, filter]) as scope:
        x = convert_to_tensor(input, name="input")
        f = convert_to_tensor(filter, name="filter")
        return apply_op("Conv3D", [x, f], attrs, name=scope).outputs[0]


def conv3d_backprop_input_v2(input_sizes, filter, out_backprop, strides, padding,  # noqa: A002 - TF's names
                             data_format="NDHWC", dilations=(1, 1, 1, 1, 1), name=None):
    """The gradient of conv3d with respect to its input (raw op Conv3DBackpropInputV2)."""
    attrs = _call_attrs(strides, padding, data_format, dilations)
    with op_scope(name, "Conv3DBackpropInputV2", [input_sizes, filter, out_backprop]) as scope:
        sizes = convert_to_tensor(input_sizes, preferred_dtype=dtypes.int32, name="input_sizes")
        f = convert_to_tensor(filter, name="filter")
        dy = convert_to_tensor(out_backprop, name="out_backprop")
        return apply_op("Conv3DBackpropInputV2", [sizes, f, dy], attrs, name=scope).outputs[0]


def conv3d_backprop_filter_v2(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002 - TF's names
                              data_format="NDHWC", dilations=(1, 1, 1, 1, 1), name=None):
    """The gradient of conv3d with respect to its filter (tf.nn.conv3d_backprop_filter(_v2))."""
    attrs = _call_attrs(strides, padding, data_format, dilations)
    with op_scope(name, "Conv3DBackpropFilterV2", [input, filter_sizes, out_backprop]) as scope:
        x = convert_to_tensor(input, name="input")
        sizes = convert_to_tensor(filter_sizes, dtype=dtypes.int32, name="filter_sizes")
        dy = convert_to_tensor(out_backprop, name="out_backprop")
        return apply_op("Conv3DBackpropFilterV2", [x, sizes, dy], attrs, name=scope).outputs[0]


def conv3d_transpose(value, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NDHWC", name=None, input=None, filters=None, dilations=None):  # noqa: A002
    """The transpose of conv3d (its gradient for the input) (tf.nn.conv3d_transpose).

    Raises:
        ValueError: output_shape not of 5 elements, or channels that do not match the filter.
    """
    value = renamed_arg("input", input, "value", value)
    filter = renamed_arg("filters", filters, "filter", filter)  # noqa: A001
    with op_scope(name, "conv3d_transpose", [value, filter, output_shape]) as scope:
        value, filter, output_shape = transpose_operands(value, filter, output_shape, 5, data_format)  # noqa: A001
        if output_shape.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            output_shape = math_ops.cast(output_shape, dtypes.int32)
        channel_index = 1 if (data_format or "NDHWC") == "NCDHW" else 4
        return conv3d_backprop_input_v2(output_shape, filter, value, sequence5(strides, channel_index, "strides"),
                                        padding, data_format=data_format,
                                        dilations=sequence5(dilations, channel_index, "dilations"), name=scope)


__all__ = []
