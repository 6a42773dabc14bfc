"""2-D convolution and pooling (NHWC; NCHW by transposing), with their gradient ops.

Kernels gather every receptive field at once through a strided view of the padded input
(im2col) and contract it with one matrix product; the backward passes scatter back with one
strided add per filter tap. Nothing loops over pixels.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops
from tfsess.ops._infer import FLOAT, check_dtype, check_same_dtype, fmt_shape, partial_shape
from tfsess.ops.nn_ops import _deprecated_arg

_PADDINGS = ("SAME", "VALID", "EXPLICIT")


# ================================================================== geometry
def _out_size(size, k, stride, dilation, padding, pads=(0, 0)):
    """(output size, pad before, pad after) of one spatial dim, as TF's GetWindowedOutputSize."""
    eff = (k - 1) * dilation + 1
    if padding == "SAME":
        out = -(-size // stride)
        total = max((out - 1) * stride + eff - size, 0)
        return out, total // 2, total - total // 2
    before, after = pads if padding == "EXPLICIT" else (0, 0)
    num = size + before + after - eff + stride
    out = num // stride if num >= 0 else -((-num) // stride)  # C++ division truncates toward zero
    if out < 0:
        raise ValueError(f"Computed output size would be negative: {out} [input_size: {size}, "
                         f"effective_filter_size: {eff}, stride: {stride}]")
    return out, before, after


def _hw(values, data_format):
    """The (H, W) entries of a 4-element attr in `data_format` order."""
    return (values[2], values[3]) if data_format == "NCHW" else (values[1], values[2])


def _explicit(explicit_paddings, data_format):
    if not explicit_paddings:
        return (0, 0), (0, 0)
    pairs = [tuple(explicit_paddings[i:i + 2]) for i in range(0, 8, 2)]
    return (pairs[2], pairs[3]) if data_format == "NCHW" else (pairs[1], pairs[2])


class _Geometry:
    """Spatial sizes and paddings of one conv/pool call, in NHWC terms."""

    def __init__(self, h, w, kh, kw, attrs):
        data_format = attrs.get("data_format", "NHWC")
        self.sh, self.sw = _hw(attrs["strides"], data_format)
        self.dh, self.dw = _hw(attrs.get("dilations") or [1, 1, 1, 1], data_format)
        padding = attrs["padding"]
        ph, pw = _explicit(attrs.get("explicit_paddings"), data_format)
        self.kh, self.kw = kh, kw
        self.oh, self.pt, self.pb = _out_size(h, kh, self.sh, self.dh, padding, ph)
        self.ow, self.pl, self.pr = _out_size(w, kw, self.sw, self.dw, padding, pw)

    def windows(self, xp, padded):
        """A (n, oh, ow, kh, kw, c) strided view of every receptive field of the padded input."""
        padded = xp.ascontiguousarray(padded)
        s0, s1, s2, s3 = padded.strides
        shape = (padded.shape[0], self.oh, self.ow, self.kh, self.kw, padded.shape[3])
        strides = (s0, s1 * self.sh, s2 * self.sw, s1 * self.dh, s2 * self.dw, s3)
        return xp.lib.stride_tricks.as_strided(padded, shape=shape, strides=strides)

    def pad(self, xp, x, value=0):
        if not (self.pt or self.pb or self.pl or self.pr):
            return x
        widths = ((0, 0), (self.pt, self.pb), (self.pl, self.pr), (0, 0))
        return xp.pad(x, widths, mode="constant", constant_values=value)

    def scatter(self, xp, cols, n, h, w, c, dtype):
        """Sums per-tap contributions `cols` (n, oh, ow, kh, kw, c) back onto an (n, h, w, c) input."""
        hp, wp = h + self.pt + self.pb, w + self.pl + self.pr
        out = xp.zeros((n, hp, wp, c), dtype=dtype)
        for i in range(self.kh):
            r0 = i * self.dh
            for j in range(self.kw):
                c0 = j * self.dw
                out[:, r0:r0 + self.sh * (self.oh - 1) + 1:self.sh,
                    c0:c0 + self.sw * (self.ow - 1) + 1:self.sw, :] += cols[:, :, :, i, j, :]
        return out[:, self.pt:self.pt + h, self.pl:self.pl + w, :]


def _to_nhwc(xp, x, data_format):
    return xp.transpose(x, (0, 2, 3, 1)) if data_format == "NCHW" else x


def _from_nhwc(xp, x, data_format):
    return xp.ascontiguousarray(xp.transpose(x, (0, 3, 1, 2))) if data_format == "NCHW" else x


def _check_strides(attrs, what="strides"):
    data_format = attrs.get("data_format", "NHWC")
    strides = attrs[what]
    batch, depth = (strides[0], strides[1]) if data_format == "NCHW" else (strides[0], strides[3])
    if batch != 1 or depth != 1:
        raise errors.InvalidArgumentError(
            None, None, "Current implementation does not yet support strides in the batch and depth dimensions.")


# ================================================================== static checks
def _attr_list(attrs, name, op_type, n=4):
    values = attrs.get(name)
    if values is None or len(values) != n:
        raise ValueError(f"{op_type} requires the {name[:-1] if name.endswith('s') else name} attribute to "
                         f"contain {n} values, but got: {0 if values is None else len(values)}")
    return list(values)


def _check_padding(attrs, op_type, allowed=_PADDINGS):
    padding = attrs["padding"]
    if padding not in allowed:
        listed = ", ".join(f'"{p}"' for p in allowed)
        raise ValueError(f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: {listed}")
    if padding == "EXPLICIT" and len(attrs.get("explicit_paddings") or ()) != 8:
        raise ValueError(f"explicit_paddings attribute must contain 8 values, but got: "
                         f"{len(attrs.get('explicit_paddings') or ())}")


def _rank4(t, op_type, shapes):
    if t.shape.ndims is not None and t.shape.ndims != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {t.shape.ndims} for '{op_type}' with input shapes: "
                         f"{shapes}.")
    return list(t.shape.as_tuple_or_none()) if t.shape.ndims == 4 else [None] * 4


def _nhwc_dims(dims, data_format):
    return [dims[0], dims[2], dims[3], dims[1]] if data_format == "NCHW" else dims


def _from_nhwc_dims(dims, data_format):
    return [dims[0], dims[3], dims[1], dims[2]] if data_format == "NCHW" else dims


def _spatial_out(h, w, kh, kw, attrs):
    """Static output (oh, ow), None where unknown."""
    data_format = attrs.get("data_format", "NHWC")
    sh, sw = _hw(attrs["strides"], data_format)
    dh, dw = _hw(attrs.get("dilations") or [1, 1, 1, 1], data_format)
    ph, pw = _explicit(attrs.get("explicit_paddings"), data_format)
    padding = attrs["padding"]
    for stride in (sh, sw):
        if stride <= 0:
            raise ValueError(f"Stride must be > 0, but got {stride}")
    for dilation in (dh, dw):
        if dilation < 1:
            raise ValueError(f"Dilation rate must be >= 1, but got {dilation}")
    for size, k, dilation, pads in ((h, kh, dh, ph), (w, kw, dw, pw)):
        if size is not None and k is not None and padding != "SAME":
            padded = size + (sum(pads) if padding == "EXPLICIT" else 0)
            eff = (k - 1) * dilation + 1
            if padded < eff:  # TF's shape function subtracts the window from the input size
                raise ValueError(f"Negative dimension size caused by subtracting {eff} from {padded}")
    oh = None if h is None or kh is None else _out_size(h, kh, sh, dh, padding, ph)[0]
    ow = None if w is None or kw is None else _out_size(w, kw, sw, dw, padding, pw)[0]
    return oh, ow


# ================================================================== Conv2D
def _conv2d_infer(inputs, attrs):
    x, f = inputs
    check_dtype(x, FLOAT + (dtypes.int32,), "input")
    check_same_dtype(inputs, "Conv2D", names=("input", "filter"))
    shapes = f"{fmt_shape(x.shape)}, {fmt_shape(f.shape)}"
    xd, fd = _rank4(x, "Conv2D", shapes), _rank4(f, "Conv2D", shapes)
    _attr_list(attrs, "strides", "Conv2D")
    _attr_list(attrs, "dilations", "Conv2D")
    _check_padding(attrs, "Conv2D")
    data_format = attrs.get("data_format", "NHWC")
    n, h, w, c = _nhwc_dims(xd, data_format)
    kh, kw, ci, co = fd
    if c is not None and ci is not None and c % ci:
        raise ValueError(f"Depth of input ({c}) is not a multiple of input depth of filter ({ci}) for 'Conv2D' "
                         f"with input shapes: {shapes}.")
    oh, ow = _spatial_out(h, w, kh, kw, attrs)
    return [(x.dtype.base_dtype, TensorShape(_from_nhwc_dims([n, oh, ow, co], data_format)))]


@register_op("Conv2D", infer=_conv2d_infer)
def _conv2d(xp, x, f, **attrs):
    _check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    x = _to_nhwc(xp, x, data_format)
    n, h, w, c = x.shape
    kh, kw, ci, co = f.shape
    if c != ci:
        raise errors.UnimplementedError(
            None, None, "The Conv2D op currently does not support grouped convolutions on the CPU. A grouped "
                        f"convolution was attempted to be run because the input depth of {c} does not match the "
                        f"filter input depth of {ci}")
    geo = _Geometry(h, w, kh, kw, attrs)
    cols = geo.windows(xp, geo.pad(xp, x)).reshape(n * geo.oh * geo.ow, kh * kw * c)
    out = xp.matmul(cols, f.reshape(kh * kw * ci, co)).reshape(n, geo.oh, geo.ow, co)
    return _from_nhwc(xp, out.astype(x.dtype, copy=False), data_format)


def _sizes_infer(sizes_tensor, data_format):
    dims = partial_shape(sizes_tensor)
    return TensorShape(dims) if dims is not None else unknown_shape(4)


def _backprop_input_infer(inputs, attrs):
    sizes, f, dy = inputs
    check_same_dtype([f, dy], "Conv2DBackpropInput", names=("filter", "out_backprop"))
    _attr_list(attrs, "strides", "Conv2DBackpropInput")
    _check_padding(attrs, "Conv2DBackpropInput")
    return [(f.dtype.base_dtype, _sizes_infer(sizes, attrs.get("data_format", "NHWC")))]


@register_op("Conv2DBackpropInput", infer=_backprop_input_infer)
def _conv2d_backprop_input(xp, input_sizes, f, dy, **attrs):
    _check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    n, h, w, c = _nhwc_dims([int(s) for s in np.asarray(input_sizes).reshape(-1)], data_format)
    dy = _to_nhwc(xp, dy, data_format)
    kh, kw, ci, co = f.shape
    geo = _Geometry(h, w, kh, kw, attrs)
    _check_backprop_shape(dy, (n, geo.oh, geo.ow, co), "Conv2DSlowBackpropInput")
    cols = xp.matmul(dy.reshape(-1, co), f.reshape(kh * kw * ci, co).T).reshape(n, geo.oh, geo.ow, kh, kw, ci)
    dx = geo.scatter(xp, cols, n, h, w, ci, dy.dtype)
    return _from_nhwc(xp, dx, data_format)


def _check_backprop_shape(dy, expected, op_type):
    if tuple(dy.shape) != tuple(expected):
        raise errors.InvalidArgumentError(
            None, None, f"{op_type}: Size of out_backprop doesn't match computed: actual = {list(dy.shape)}, "
                        f"computed = {list(expected)}")


def _backprop_filter_infer(inputs, attrs):
    x, sizes, dy = inputs
    check_same_dtype([x, dy], "Conv2DBackpropFilter", names=("input", "out_backprop"))
    _attr_list(attrs, "strides", "Conv2DBackpropFilter")
    _check_padding(attrs, "Conv2DBackpropFilter")
    dims = partial_shape(sizes)
    return [(x.dtype.base_dtype, TensorShape(dims) if dims is not None else unknown_shape(4))]


@register_op("Conv2DBackpropFilter", infer=_backprop_filter_infer)
def _conv2d_backprop_filter(xp, x, filter_sizes, dy, **attrs):
    _check_strides(attrs)
    data_format = attrs.get("data_format", "NHWC")
    x = _to_nhwc(xp, x, data_format)
    dy = _to_nhwc(xp, dy, data_format)
    kh, kw, ci, co = (int(s) for s in np.asarray(filter_sizes).reshape(-1))
    n, h, w, c = x.shape
    geo = _Geometry(h, w, kh, kw, attrs)
    _check_backprop_shape(dy, (n, geo.oh, geo.ow, co), "Conv2DSlowBackpropFilter")
    cols = geo.windows(xp, geo.pad(xp, x)).reshape(n * geo.oh * geo.ow, kh * kw * c)
    df = xp.matmul(cols.T, dy.reshape(-1, co)).reshape(kh, kw, ci, co)
    return df.astype(x.dtype, copy=False)


def _conv_attrs(op):
    return {k: op.get_attr(k) for k in ("strides", "padding", "explicit_paddings", "data_format", "dilations",
                                        "use_cudnn_on_gpu")}


@_conv2d.gradient
def _conv2d_grad(op, grad):
    attrs = _conv_attrs(op)
    x, f = op.inputs
    return [apply_op("Conv2DBackpropInput", [array_ops.shape(x), f, grad], attrs,
                     name="Conv2DBackpropInput").outputs[0],
            apply_op("Conv2DBackpropFilter", [x, array_ops.shape(f), grad], attrs,
                     name="Conv2DBackpropFilter").outputs[0]]


@_conv2d_backprop_input.gradient
def _conv2d_backprop_input_grad(op, grad):
    attrs = _conv_attrs(op)
    _, f, dy = op.inputs
    return [None,
            apply_op("Conv2DBackpropFilter", [grad, array_ops.shape(f), dy], attrs,
                     name="Conv2DBackpropFilter").outputs[0],
            apply_op("Conv2D", [grad, f], attrs, name="Conv2D").outputs[0]]


@_conv2d_backprop_filter.gradient
def _conv2d_backprop_filter_grad(op, grad):
    attrs = _conv_attrs(op)
    x, _, dy = op.inputs
    return [apply_op("Conv2DBackpropInput", [array_ops.shape(x), grad, dy], attrs,
                     name="Conv2DBackpropInput").outputs[0],
            None,
            apply_op("Conv2D", [x, grad], attrs, name="Conv2D").outputs[0]]


# ------------------------------------------------------------------ public conv wrappers
def _get_sequence(value, n, channel_index, name):
    """TF's _get_sequence: an int or n or n+2 values, as the 4-element attr."""
    if value is None:
        return [1] * (n + 2)
    if isinstance(value, (int, np.integer)):
        value = [int(value)]
    elif not hasattr(value, "__len__"):
        value = [value]
    value = [int(v) for v in value]
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: {name}={value} of length "
                         f"{len(value)}")
    return [1, 1] + value if channel_index == 1 else [1] + value + [1]


def _convert_padding(padding, expected_length=4):
    explicit = []
    if padding == "EXPLICIT":
        raise ValueError('"EXPLICIT" is not a valid value for `padding`. To use explicit padding, `padding` must be '
                         "a list.")
    if isinstance(padding, (list, tuple)):
        for i, pair in enumerate(padding):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise ValueError("When `padding` is a list, each element of `padding` must be a list/tuple of size "
                                 f"2. Received: padding={padding} with element at index {i}")
            explicit.extend(int(p) for p in pair)
        if len(padding) != expected_length:
            raise ValueError(f"When padding is a list, it must be of size {expected_length}. Received: "
                             f"padding={padding} of size {len(padding)}")
        return "EXPLICIT", explicit
    if isinstance(padding, bytes):
        padding = padding.decode()
    return padding, explicit


def _format_and_padding(data_format, padding):
    """A 2-D op's (data_format, channel index, padding, explicit paddings); ValueError for an unknown format."""
    data_format = data_format or "NHWC"
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed "
                         "values: \"NHWC\", \"NCHW\"")
    channel_index = 1 if data_format.startswith("NC") else 3
    padding, explicit = _convert_padding(padding)
    return data_format, channel_index, padding, explicit


def _conv_call_attrs(strides, padding, data_format, dilations, use_cudnn_on_gpu=True):
    data_format, channel_index, padding, explicit = _format_and_padding(data_format, padding)
    return {"strides": _get_sequence(strides, 2, channel_index, "strides"), "padding": padding,
            "explicit_paddings": explicit, "data_format": data_format,
            "dilations": _get_sequence(dilations, 2, channel_index, "dilations"),
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
    filter = _deprecated_arg("filters", filters, "filter", filter)  # noqa: A001
    attrs = _conv_call_attrs(strides, padding, data_format, dilations, use_cudnn_on_gpu)
    with op_scope(name, "Conv2D", [input, filter]) as scope:
        x = convert_to_tensor(input, name="input")
        f = convert_to_tensor(filter, name="filter")
        return apply_op("Conv2D", [x, f], attrs, name=scope).outputs[0]


def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None, padding=None,  # noqa: A002
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1), name=None,
                          filters=None):
    """The gradient of conv2d with respect to its input (tf.nn.conv2d_backprop_input)."""
    filter = _deprecated_arg("filters", filters, "filter", filter)  # noqa: A001
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


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):  # noqa: A002
    """The transpose of conv2d (the gradient of conv2d for its input) (tf.nn.conv2d_transpose).

    Raises:
        ValueError: output_shape not of 4 elements, or channels that do not match the filter.
    """
    value = _deprecated_arg("input", input, "value", value)
    filter = _deprecated_arg("filters", filters, "filter", filter)  # noqa: A001
    with op_scope(name, "conv2d_transpose", [value, filter, output_shape]) as scope:
        value = convert_to_tensor(value, name="value")
        filter = convert_to_tensor(filter, name="filter")  # noqa: A001
        output_shape = convert_to_tensor(output_shape, name="output_shape")
        if output_shape.shape.ndims is not None and output_shape.shape.as_tuple_or_none() not in ((4,), (None,)):
            raise ValueError(f"`output_shape` must be of length 4 (or 2 for spatial dims only). Received: "
                             f"output_shape={output_shape.shape}")
        axis = 1 if (data_format or "NHWC") == "NCHW" else 3
        if value.shape.ndims == 4 and filter.shape.ndims == 4:
            got, want = value.shape[axis].value, filter.shape[3].value
            if got is not None and want is not None and got != want:
                raise ValueError(f"Input channels ({got}) do not match filter's output channels ({want}).")
        if output_shape.dtype.base_dtype != dtypes.int32:
            from tfsess.ops import math_ops
            output_shape = math_ops.cast(output_shape, dtypes.int32)
        return conv2d_backprop_input(output_shape, filter, value, strides, padding, data_format=data_format,
                                     dilations=dilations, name=scope)


def conv1d(value=None, filters=None, stride=None, padding=None, use_cudnn_on_gpu=None, data_format=None,
           name=None, input=None, dilations=None):  # noqa: A002
    """1-D convolution over [batch, width, channels] via conv2d (tf.nn.conv1d)."""
    value = _deprecated_arg("input", input, "value", value)
    with op_scope(name, "conv1d", [value, filters]) as scope:
        if data_format is None or data_format in ("NHWC", "NWC"):
            data_format, spatial, channel_index = "NHWC", 1, 2
        elif data_format in ("NCHW", "NCW"):
            data_format, spatial, channel_index = "NCHW", 2, 1
        else:
            raise ValueError(f"`data_format` must be 'NWC' or 'NCW'. Received: data_format={data_format}")
        strides = [1] + _get_sequence(stride, 1, channel_index, "stride")
        dilations = [1] + _get_sequence(dilations, 1, channel_index, "dilations")
        value = array_ops.expand_dims(convert_to_tensor(value, name="input"), spatial)
        filters = array_ops.expand_dims(convert_to_tensor(filters, name="filters"), 0)
        result = conv2d(value, filters, strides, padding, use_cudnn_on_gpu=True if use_cudnn_on_gpu is None
                        else use_cudnn_on_gpu, data_format=data_format, dilations=dilations)
        return array_ops.squeeze(result, [spatial], name=scope)


# ================================================================== pooling
def _pool_infer(op_type):
    def infer(inputs, attrs):
        x = inputs[0]
        check_dtype(x, FLOAT + (dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.int8, dtypes.int16)
                    if op_type == "MaxPool" else FLOAT, "input")
        xd = _rank4(x, op_type, fmt_shape(x.shape))
        _attr_list(attrs, "ksize", op_type)
        _attr_list(attrs, "strides", op_type)
        _check_padding(attrs, op_type, ("SAME", "VALID", "EXPLICIT") if op_type == "MaxPool" else ("SAME", "VALID"))
        data_format = attrs.get("data_format", "NHWC")
        n, h, w, c = _nhwc_dims(xd, data_format)
        kh, kw = _hw(attrs["ksize"], data_format)
        oh, ow = _spatial_out(h, w, kh, kw, attrs)
        return [(x.dtype.base_dtype, TensorShape(_from_nhwc_dims([n, oh, ow, c], data_format)))]
    return infer


def _pool_geometry(x_shape, attrs):
    data_format = attrs.get("data_format", "NHWC")
    ksize = attrs["ksize"]
    batch, depth = (ksize[0], ksize[1]) if data_format == "NCHW" else (ksize[0], ksize[3])
    if batch != 1 or depth != 1:
        raise errors.UnimplementedError(
            None, None, "Pooling is not yet supported on the batch dimension." if batch != 1 else
            "Depthwise pooling is not supported by tfsess: ksize must be 1 in the depth dimension.")
    _check_strides(attrs)
    kh, kw = _hw(ksize, data_format)
    return _Geometry(x_shape[1], x_shape[2], kh, kw, {**attrs, "dilations": None})


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


@register_op("MaxPool", infer=_pool_infer("MaxPool"))
def _max_pool(xp, x, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = _to_nhwc(xp, x, data_format)
    geo = _pool_geometry(x.shape, attrs)
    windows = geo.windows(xp, geo.pad(xp, x, _lowest(x.dtype)))
    return _from_nhwc(xp, windows.max(axis=(3, 4)), data_format)


def _argmax_positions(xp, x, geo):
    """Flat indices into `x` (n, h, w, c) of each window's first maximum, TF's tie rule."""
    n, h, w, c = x.shape
    windows = geo.windows(xp, geo.pad(xp, x, _lowest(x.dtype)))
    flat = windows.reshape(n, geo.oh, geo.ow, geo.kh * geo.kw, c)
    k = xp.argmax(flat, axis=3)
    i, j = k // geo.kw, k % geo.kw
    rows = xp.arange(geo.oh).reshape(1, -1, 1, 1) * geo.sh + i - geo.pt
    cols = xp.arange(geo.ow).reshape(1, 1, -1, 1) * geo.sw + j - geo.pl
    rows = xp.clip(rows, 0, h - 1)
    cols = xp.clip(cols, 0, w - 1)
    batch = xp.arange(n).reshape(-1, 1, 1, 1)
    chan = xp.arange(c).reshape(1, 1, 1, -1)
    return ((batch * h + rows) * w + cols) * c + chan


def _max_pool_grad_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


@register_op("MaxPoolGrad", infer=_max_pool_grad_infer)
def _max_pool_grad_kernel(xp, orig_input, orig_output, grad, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = _to_nhwc(xp, orig_input, data_format)
    g = _to_nhwc(xp, grad, data_format)
    geo = _pool_geometry(x.shape, attrs)
    idx = _argmax_positions(xp, x, geo)
    dx = xp.bincount(idx.reshape(-1), weights=g.reshape(-1).astype(np.float64), minlength=x.size)
    return _from_nhwc(xp, dx.astype(grad.dtype).reshape(x.shape), data_format)


@register_op("MaxPoolGradGrad", infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, inputs[1].shape)])
def _max_pool_grad_grad_kernel(xp, orig_input, orig_output, grad, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = _to_nhwc(xp, orig_input, data_format)
    g = _to_nhwc(xp, grad, data_format)
    geo = _pool_geometry(x.shape, attrs)
    idx = _argmax_positions(xp, x, geo)
    return _from_nhwc(xp, g.reshape(-1)[idx], data_format)


def _pool_attrs(op):
    return {k: op.get_attr(k) for k in ("ksize", "strides", "padding", "data_format")
            if k in op._attrs} | ({"explicit_paddings": op.get_attr("explicit_paddings")}
                                  if "explicit_paddings" in op._attrs else {})


@_max_pool.gradient
def _max_pool_grad(op, grad):
    return [apply_op("MaxPoolGrad", [op.inputs[0], op.outputs[0], grad], _pool_attrs(op),
                     name="MaxPoolGrad").outputs[0]]


@_max_pool_grad_kernel.gradient
def _max_pool_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPoolGradGrad", [op.inputs[0], op.inputs[1], grad], _pool_attrs(op),
                     name="MaxPoolGradGrad").outputs[0]]


@_max_pool_grad_grad_kernel.gradient
def _max_pool_grad_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPoolGrad", [op.inputs[0], op.inputs[1], grad], _pool_attrs(op),
                     name="MaxPoolGrad").outputs[0]]


def _window_counts(xp, geo, h, w, dtype):
    """How many real (unpadded) inputs each window covers: the AvgPool divisor."""
    ones = xp.ones((1, h, w, 1), dtype=dtype)
    return geo.windows(xp, geo.pad(xp, ones)).sum(axis=(3, 4))


@register_op("AvgPool", infer=_pool_infer("AvgPool"))
def _avg_pool(xp, x, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = _to_nhwc(xp, x, data_format)
    geo = _pool_geometry(x.shape, attrs)
    sums = geo.windows(xp, geo.pad(xp, x)).sum(axis=(3, 4))
    counts = _window_counts(xp, geo, x.shape[1], x.shape[2], x.dtype)
    return _from_nhwc(xp, (sums / counts).astype(x.dtype, copy=False), data_format)


def _avg_pool_grad_infer(inputs, attrs):
    return [(inputs[1].dtype.base_dtype, _sizes_infer(inputs[0], attrs.get("data_format", "NHWC")))]


@register_op("AvgPoolGrad", infer=_avg_pool_grad_infer)
def _avg_pool_grad_kernel(xp, orig_input_shape, grad, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    n, h, w, c = _nhwc_dims([int(s) for s in np.asarray(orig_input_shape).reshape(-1)], data_format)
    g = _to_nhwc(xp, grad, data_format)
    geo = _pool_geometry((n, h, w, c), attrs)
    scaled = g / _window_counts(xp, geo, h, w, g.dtype)
    cols = xp.broadcast_to(scaled[:, :, :, None, None, :], (n, geo.oh, geo.ow, geo.kh, geo.kw, c))
    return _from_nhwc(xp, geo.scatter(xp, cols, n, h, w, c, g.dtype), data_format)


@_avg_pool.gradient
def _avg_pool_grad(op, grad):
    return [apply_op("AvgPoolGrad", [array_ops.shape(op.inputs[0]), grad], _pool_attrs(op),
                     name="AvgPoolGrad").outputs[0]]


@_avg_pool_grad_kernel.gradient
def _avg_pool_grad_grad(op, grad):
    return [None, apply_op("AvgPool", [grad], _pool_attrs(op), name="AvgPool").outputs[0]]


def _pool(op_type, default_name, value, ksize, strides, padding, data_format, name):
    data_format, channel_index, padding, explicit = _format_and_padding(data_format, padding)
    attrs = {"ksize": _get_sequence(ksize, 2, channel_index, "ksize"),
             "strides": _get_sequence(strides, 2, channel_index, "strides"),
             "padding": padding, "data_format": data_format}
    if op_type == "MaxPool":
        attrs["explicit_paddings"] = explicit
    elif explicit:
        raise ValueError(f"Value for attr 'padding' of \"EXPLICIT\" is not in the list of allowed values: "
                         "\"SAME\", \"VALID\"")
    with op_scope(name, default_name, [value]) as scope:
        value = convert_to_tensor(value, name="input")
        return apply_op(op_type, [value], attrs, name=scope).outputs[0]


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Max pooling over NHWC windows (tf.nn.max_pool).

    Args:
        ksize, strides: 1, 2 or 4 ints; padding: "SAME" or "VALID".
    """
    value = _deprecated_arg("input", input, "value", value)
    return _pool("MaxPool", "MaxPool", value, ksize, strides, padding, data_format, name)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Average pooling over NHWC windows; SAME windows average only real inputs (tf.nn.avg_pool)."""
    value = _deprecated_arg("input", input, "value", value)
    return _pool("AvgPool", "AvgPool", value, ksize, strides, padding, data_format, name)


def atrous_conv2d(value, filters, rate, padding, name=None):
    """conv2d with the filter dilated by `rate` (tf.nn.atrous_conv2d)."""
    with op_scope(name, "atrous_conv2d", [value, filters]) as scope:
        return conv2d(value, filters, [1, 1, 1, 1], padding, dilations=[1, int(rate), int(rate), 1], name=scope)


def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """tf.nn.max_pool2d: max_pool under its TF2 name."""
    return _pool("MaxPool", "MaxPool2d", input, ksize, strides, padding, data_format, name)


def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """tf.nn.avg_pool2d: avg_pool under its TF2 name."""
    return _pool("AvgPool", "AvgPool2D", input, ksize, strides, padding, data_format, name)


__all__ = []
