"""2-D convolution (NHWC; NCHW by transposing), with its gradient ops, and conv1d/atrous/transposed wrappers.

Stride-1 float calls with a window of 3x3 or more and enough work take the Fourier path
(conv_fourier: products per frequency instead of per filter tap; equal within rounding). Otherwise
each kernel is im2col plus one GEMM per cache-sized batch chunk, as TF's GEMM convolution works
through its patches in bounded chunks: the forward pass and the filter backprop multiply the
filter-tap-major column matrix (Geometry.columns, one contiguous copy per filter tap) with the
filter or out_backprop; the input backprop multiplies the filter with out_backprop and folds the
columns back with one strided add per tap. Nothing loops over pixels.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, conv_fourier, math_ops
from tfsess.ops._infer import (FLOAT, check_dtype, check_same_dtype, fmt_shape, partial_shape, renamed_arg)
from tfsess.ops.window_geometry import (attr_list, check_backprop_shape, check_padding, check_strides,
                                        format_and_padding, from_nhwc, from_nhwc_dims, Geometry, get_sequence,
                                        nhwc_dims, rank4, sizes_infer, spatial_out, to_nhwc)

# ================================================================== Conv2D
def _conv2d_infer(inputs, attrs):
    x, f = inputs
    check_dtype(x, FLOAT + (dtypes.int32,), "input")
    check_same_dtype(inputs, "Conv2D", names=("input", "filter"))
    shapes = f"{fmt_shape(x.shape)}, {fmt_shape(f.shape)}"
    xd, fd = rank4(x, "Conv2D", shapes), rank4(f, "Conv2D", shapes)
    attr_list(attrs, "strides", "Conv2D")
    attr_list(attrs, "dilations", "Conv2D")
    check_padding(attrs, "Conv2D")
    data_format = attrs.get("data_format", "NHWC")
    n, h, w, c = nhwc_dims(xd, data_format)
    kh, kw, ci, co = fd
    if c is not None and ci is not None and c % ci:
        raise ValueError(f"Depth of input ({c}) is not a multiple of input depth of filter ({ci}) for 'Conv2D' "
                         f"with input shapes: {shapes}.")
    if c is not None and ci and co is not None and co % (c // ci):
        raise ValueError(f"Depth of output ({co}) is not a multiple of the number of groups ({c // ci}) for "
                         f"'Conv2D' with input shapes: {shapes}.")
    oh, ow = spatial_out(h, w, kh, kw, attrs)
    return [(x.dtype.base_dtype, TensorShape(from_nhwc_dims([n, oh, ow, co], data_format)))]


def _channel_axis(data_format):
    return 1 if data_format.startswith("NC") else 3


def _channels(t, axis, group, size):
    """Group `group`'s `size` channels of a 4-D tensor along `axis` (TF's CPU kernels take groups)."""
    index = [slice(None)] * 4
    index[axis] = slice(group * size, (group + 1) * size)
    return t[tuple(index)]


def _check_grouped_backprop(attrs, c, ci):
    # TF's CPU backprop kernels take groups only on their SAME/VALID path
    if attrs.get("padding") == "EXPLICIT":
        raise errors.InvalidArgumentError(
            None, None, "Gradients for grouped convolutions are not supported on CPU. Please file a feature request "
                        f"if you run into this issue. Computed input depth {c} doesn't match filter input depth {ci}")


@register_op("Conv2D", infer=_conv2d_infer)
def _conv2d(xp, x, f, **attrs):
    return _conv2d_kernel(xp, x, f, **attrs)


def _conv2d_kernel(xp, x, f, **attrs):
    # TF's CPU Conv2D (oneDNN's, the default build): strides Unimplemented, dilations InvalidArgument
    check_strides(attrs, error=errors.UnimplementedError)
    check_strides(attrs, "dilations")
    data_format = attrs.get("data_format", "NHWC")
    x_in, x = x, to_nhwc(xp, x, data_format)
    n, h, w, c = x.shape
    kh, kw, ci, co = f.shape
    if c % ci:  # checked before the grouped case, as TF's kernel
        raise errors.InvalidArgumentError(None, None,
                                          f"input depth must be evenly divisible by filter depth: {c} vs {ci}")
    if c != ci:
        groups = c // ci
        if co % groups:
            raise errors.InvalidArgumentError(
                None, None, f"output depth must be evenly divisible by number of groups: {co} vs {groups}")
        axis, share = _channel_axis(data_format), co // groups
        return xp.concatenate([_conv2d_kernel(xp, _channels(x_in, axis, g, ci), _channels(f, 3, g, share), **attrs)
                               for g in range(groups)], axis=axis)
    geo = Geometry(h, w, kh, kw, attrs)
    if conv_fourier.worth_it(xp, geo, x.dtype, n, ci, co) and f.dtype == x.dtype:
        return from_nhwc(xp, conv_fourier.conv2d(geo, x, f), data_format)
    planes, kernel, per_image = geo.planes(xp, x), f.reshape(kh * kw * ci, co), geo.oh * geo.ow
    out = xp.empty((n * per_image, co), dtype=xp.result_type(x, f))
    buffer = None
    for start, stop in geo.batch_chunks(n, kh * kw * c, x.dtype.itemsize):
        cols = geo.columns(xp, planes, start, stop, buffer)
        buffer = cols.reshape(-1) if buffer is None else buffer
        xp.matmul(cols.T, kernel, out=out[start * per_image:stop * per_image])
    return from_nhwc(xp, out.reshape(n, geo.oh, geo.ow, co).astype(x.dtype, copy=False), data_format)


def _backprop_input_infer(inputs, attrs):
    sizes, f, dy = inputs
    check_same_dtype([f, dy], "Conv2DBackpropInput", names=("filter", "out_backprop"))
    attr_list(attrs, "strides", "Conv2DBackpropInput")
    check_padding(attrs, "Conv2DBackpropInput")
    shape = sizes_infer(sizes, attrs.get("data_format", "NHWC"))
    return [(f.dtype.base_dtype, _with_backprop_batch(shape, dy))]


def _with_backprop_batch(shape, dy):
    """The input gradient's shape with out_backprop's batch, as TF's shape function takes it from there."""
    dims = list(shape.as_tuple_or_none()) if shape.ndims == 4 else None
    batch = dy.shape.as_tuple_or_none()[0] if dy.shape.ndims == 4 else None
    if dims is None or batch is None:
        return shape
    if dims[0] is not None and dims[0] != batch:
        raise ValueError(f"Dimension 0 in both shapes must be equal, but are {dims[0]} and {batch}. Shapes are "
                         f"[{dims[0]}] and [{batch}].")
    return TensorShape([batch] + dims[1:])


@register_op("Conv2DBackpropInput", infer=_backprop_input_infer)
def _conv2d_backprop_input(xp, input_sizes, f, dy, **attrs):
    return _conv2d_backprop_input_kernel(xp, input_sizes, f, dy, **attrs)


def _conv2d_backprop_input_kernel(xp, input_sizes, f, dy, **attrs):
    check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    sizes = [int(s) for s in np.asarray(input_sizes).reshape(-1)]
    n, h, w, c = nhwc_dims(sizes, data_format)
    kh, kw, ci, co = f.shape
    if ci and c != ci and c % ci == 0 and co % (c // ci) == 0:  # grouped: each group's channels alone
        _check_grouped_backprop(attrs, c, ci)
        axis, share = _channel_axis(data_format), co // (c // ci)
        group_sizes = np.asarray(sizes)
        group_sizes[axis] = ci
        return xp.concatenate([_conv2d_backprop_input_kernel(xp, group_sizes, _channels(f, 3, g, share),
                                                             _channels(dy, axis, g, share), **attrs)
                               for g in range(c // ci)], axis=axis)
    dy = to_nhwc(xp, dy, data_format)
    geo = Geometry(h, w, kh, kw, attrs)
    check_backprop_shape(dy, (n, geo.oh, geo.ow, co), "Conv2DSlowBackpropInput")
    if conv_fourier.worth_it(xp, geo, dy.dtype, n, ci, co) and c == ci and f.dtype == dy.dtype:
        return from_nhwc(xp, conv_fourier.backprop_input(geo, f, dy, h, w), data_format)
    kernel, dy, per_image = f.reshape(kh * kw * ci, co), dy.reshape(-1, co), geo.oh * geo.ow
    planes = xp.zeros((ci, n, h + geo.pt + geo.pb, w + geo.pl + geo.pr), dtype=dy.dtype)
    for start, stop in geo.batch_chunks(n, kh * kw * ci, dy.dtype.itemsize):
        cols = xp.matmul(kernel, dy[start * per_image:stop * per_image].T)
        geo.fold_columns(cols, planes, start, stop)
    return from_nhwc(xp, geo.unpad_planes(xp, planes, h, w), data_format)


def _backprop_filter_infer(inputs, attrs):
    x, sizes, dy = inputs
    check_same_dtype([x, dy], "Conv2DBackpropFilter", names=("input", "out_backprop"))
    attr_list(attrs, "strides", "Conv2DBackpropFilter")
    check_padding(attrs, "Conv2DBackpropFilter")
    dims = partial_shape(sizes)
    return [(x.dtype.base_dtype, TensorShape(dims) if dims is not None else unknown_shape(4))]


@register_op("Conv2DBackpropFilter", infer=_backprop_filter_infer)
def _conv2d_backprop_filter(xp, x, filter_sizes, dy, **attrs):
    return _conv2d_backprop_filter_kernel(xp, x, filter_sizes, dy, **attrs)


def _conv2d_backprop_filter_kernel(xp, x, filter_sizes, dy, **attrs):
    check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    kh, kw, ci, co = (int(s) for s in np.asarray(filter_sizes).reshape(-1))
    axis = _channel_axis(data_format)
    c = x.shape[axis] if x.ndim == 4 else ci
    if ci and c != ci and c % ci == 0 and co % (c // ci) == 0:  # grouped: each group's filters alone
        _check_grouped_backprop(attrs, c, ci)
        share = co // (c // ci)
        sizes = np.asarray([kh, kw, ci, share])
        return xp.concatenate([_conv2d_backprop_filter_kernel(xp, _channels(x, axis, g, ci), sizes,
                                                              _channels(dy, axis, g, share), **attrs)
                               for g in range(c // ci)], axis=3)
    x = to_nhwc(xp, x, data_format)
    dy = to_nhwc(xp, dy, data_format)
    n, h, w, c = x.shape
    geo = Geometry(h, w, kh, kw, attrs)
    check_backprop_shape(dy, (n, geo.oh, geo.ow, co), "Conv2DSlowBackpropFilter")
    if conv_fourier.worth_it(xp, geo, x.dtype, n, c, co) and c == ci and dy.dtype == x.dtype:
        return conv_fourier.backprop_filter(geo, x, dy)
    planes, dy, per_image = geo.planes(xp, x), dy.reshape(-1, co), geo.oh * geo.ow
    df, buffer = xp.zeros((kh * kw * c, co), dtype=xp.result_type(x, dy)), None
    for start, stop in geo.batch_chunks(n, kh * kw * c, x.dtype.itemsize):
        cols = geo.columns(xp, planes, start, stop, buffer)
        buffer = cols.reshape(-1) if buffer is None else buffer
        df += xp.matmul(cols, dy[start * per_image:stop * per_image])
    return df.reshape(kh, kw, ci, co).astype(x.dtype, copy=False)


def register_conv_gradients(forward, backprop_input, backprop_filter, attr_names):
    """Gradients of a convolution and its two backprops (registered ops), each built from the other two, as TF's.

    The new ops take the attrs `attr_names` of the op being differentiated.
    """
    def conv(op_type, inputs, op):
        attrs = {k: op._attr(k) for k in attr_names}
        return apply_op(op_type, inputs, attrs, name=op_type).outputs[0]

    @forward.gradient
    def _forward_grad(op, grad):
        x, f = op.inputs
        return [conv(backprop_input.op_type, [array_ops.shape(x), f, grad], op),
                conv(backprop_filter.op_type, [x, array_ops.shape(f), grad], op)]

    @backprop_input.gradient
    def _backprop_input_grad(op, grad):
        _, f, dy = op.inputs
        return [None, conv(backprop_filter.op_type, [grad, array_ops.shape(f), dy], op),
                conv(forward.op_type, [grad, f], op)]

    @backprop_filter.gradient
    def _backprop_filter_grad(op, grad):
        x, _, dy = op.inputs
        return [conv(backprop_input.op_type, [array_ops.shape(x), grad, dy], op), None,
                conv(forward.op_type, [x, grad], op)]


register_conv_gradients(_conv2d, _conv2d_backprop_input, _conv2d_backprop_filter,
                        ("strides", "padding", "explicit_paddings", "data_format", "dilations", "use_cudnn_on_gpu"))


# ------------------------------------------------------------------ public conv wrappers
def _conv_call_attrs(strides, padding, data_format, dilations, use_cudnn_on_gpu=True):
    data_format, channel_index, padding, explicit = format_and_padding(data_format, padding)
    return {"strides": get_sequence(strides, 2, channel_index, "strides"), "padding": padding,
            "explicit_paddings": explicit, "data_format": data_format,
            "dilations": get_sequence(dilations, 2, channel_index, "dilations"),
            "use_cudnn_on_gpu": bool(use_cudnn_on_gpu)}


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True,  # noqa: A002 - TF's names
           data_format="NHWC", dilations=(1, 1, 1, 1), name=None, filters=None):
    """2-D convolution of an NHWC `input` with an [h, w, in, out] `filter` (tf.nn.conv2d).

    Args:
        strides: 1, 2 or 4 ints; padding: "SAME", "VALID" or a list of 4 [before, after] pairs.
        dilations: 1, 2 or 4 ints (atrous convolution).

    Raises:
        ValueError: wrong ranks, mismatched channels, bad strides/padding, or a negative output size.
    """
    filter = renamed_arg("filters", filters, "filter", filter)  # noqa: A001
    attrs = _conv_call_attrs(strides, padding, data_format, dilations, use_cudnn_on_gpu)
    with op_scope(name, "Conv2D", [input, filter]) as scope:
        x = convert_to_tensor(input, name="input")
        f = convert_to_tensor(filter, name="filter")
        return apply_op("Conv2D", [x, f], attrs, name=scope).outputs[0]


def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None, padding=None,  # noqa: A002
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1), name=None,
                          filters=None):
    """The gradient of conv2d with respect to its input (tf.nn.conv2d_backprop_input)."""
    filter = renamed_arg("filters", filters, "filter", filter)  # noqa: A001
    attrs = _conv_call_attrs(strides, padding, data_format, dilations, use_cudnn_on_gpu)
    with op_scope(name, "Conv2DBackpropInput", [input_sizes, filter, out_backprop]) as scope:
        sizes = convert_to_tensor(input_sizes, dtype=dtypes.int32, name="input_sizes")
        f = convert_to_tensor(filter, name="filter")
        dy = convert_to_tensor(out_backprop, name="out_backprop")
        return apply_op("Conv2DBackpropInput", [sizes, f, dy], attrs, name=scope).outputs[0]


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding,  # noqa: A002
                           use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of conv2d with respect to its filter (tf.nn.conv2d_backprop_filter)."""
    attrs = _conv_call_attrs(strides, padding, data_format, dilations, use_cudnn_on_gpu)
    with op_scope(name, "Conv2DBackpropFilter", [input, filter_sizes, out_backprop]) as scope:
        x = convert_to_tensor(input, name="input")
        sizes = convert_to_tensor(filter_sizes, dtype=dtypes.int32, name="filter_sizes")
        dy = convert_to_tensor(out_backprop, name="out_backprop")
        return apply_op("Conv2DBackpropFilter", [x, sizes, dy], attrs, name=scope).outputs[0]


def transpose_operands(value, filter, output_shape, rank, data_format):  # noqa: A002
    """(value, filter, output_shape) of a rank-`rank` conv transpose as tensors, checked as TF's wrappers
    check them: output_shape of `rank` (or rank - 2 spatial) elements, value's channels == filter's last dim.

    Raises:
        ValueError: either check fails.
    """
    value = convert_to_tensor(value, name="value")
    filter = convert_to_tensor(filter, name="filter")  # noqa: A001
    output_shape = convert_to_tensor(output_shape, name="output_shape")
    if output_shape.shape.ndims is not None and output_shape.shape.as_tuple_or_none() not in ((rank,), (None,)):
        raise ValueError(f"`output_shape` must be of length {rank} (or {rank - 2} for spatial dims only). "
                         f"Received: output_shape={output_shape.shape}")
    axis = 1 if (data_format or "").startswith("NC") else rank - 1
    if value.shape.ndims == rank and filter.shape.ndims == rank:
        got, want = value.shape[axis].value, filter.shape[rank - 1].value
        if got is not None and want is not None and got != want:
            raise ValueError(f"Input channels ({got}) do not match filter's output channels ({want}).")
    return value, filter, output_shape


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):  # noqa: A002
    """The transpose of conv2d (the gradient of conv2d for its input) (tf.nn.conv2d_transpose).

    Raises:
        ValueError: output_shape not of 4 elements, or channels that do not match the filter.
    """
    value = renamed_arg("input", input, "value", value)
    filter = renamed_arg("filters", filters, "filter", filter)  # noqa: A001
    with op_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        value, filter, output_shape = transpose_operands(value, filter, output_shape, 4, data_format)  # noqa: A001
        if output_shape.dtype.base_dtype != dtypes.int32:
            output_shape = math_ops.cast(output_shape, dtypes.int32)
        return conv2d_backprop_input(output_shape, filter, value, strides, padding, data_format=data_format,
                                     dilations=dilations, name=scope)


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None, data_format=None,
           name=None, input=None, dilations=None):  # noqa: A002
    """1-D convolution over [batch, width, channels] via conv2d (tf.nn.conv1d)."""
    value = renamed_arg("input", input, "value", value)
    with op_scope(name, "conv1d", [value, filters]) as scope:
        if data_format is None or data_format in ("NHWC", "NWC"):
            data_format, spatial, channel_index = "NHWC", 1, 2
        elif data_format in ("NCHW", "NCW"):
            data_format, spatial, channel_index = "NCHW", 2, 1
        else:
            raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")
        strides = [1] + get_sequence(stride, 1, channel_index, "stride")
        dilations = [1] + get_sequence(dilations, 1, channel_index, "dilations")
        value = array_ops.expand_dims(convert_to_tensor(value, name="input"), spatial)
        filters = array_ops.expand_dims(convert_to_tensor(filters, name="filters"), 0)
        result = conv2d(value, filters, strides, padding, use_cudnn_on_gpu=True if use_cudnn_on_gpu is None
                        else use_cudnn_on_gpu, data_format=data_format, dilations=dilations, name=scope)
        return array_ops.squeeze(result, [spatial])  # "<scope>/Squeeze", the conv2d takes the scope's name, as TF



def atrous_conv2d(value, filters, rate, padding, name=None):
    """conv2d with the filter dilated by `rate` (tf.nn.atrous_conv2d)."""
    with op_scope(name, "atrous_conv2d", [value, filters]) as scope:
        return conv2d(value, filters, [1, 1, 1, 1], padding, dilations=[1, int(rate), int(rate), 1], name=scope)



__all__ = []
