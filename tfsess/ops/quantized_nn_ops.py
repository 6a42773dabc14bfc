"""Pooling and convolution over quantized NHWC tensors (tf.nn.quantized_avg_pool, quantized_max_pool,
quantized_conv2d), as TF's CPU kernels compute them.

Pooling works on the integers directly (the average over the window's in-bounds elements, rounded half to
even) and passes the float range through; TF has pooling kernels for quint8 only. The convolution subtracts
each operand's zero point (the integer standing for 0.0), accumulates the products in int32 (0 outside the
image) and gives the range one int32 step of (input step * filter step) spans. quantized_relu_x builds, and
fails when run, as in TF 2.21, which registers no kernel for it.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import check_dtype, host

QuantizedAvgPoolOutput = collections.namedtuple("QuantizedAvgPool", ["output", "min_output", "max_output"])
QuantizedMaxPoolOutput = collections.namedtuple("QuantizedMaxPool", ["output", "min_output", "max_output"])
QuantizedReluXOutput = collections.namedtuple("QuantizedReluX", ["activations", "min_activations",
                                                                "max_activations"])
QuantizedConv2DOutput = collections.namedtuple("QuantizedConv2D", ["output", "min_output", "max_output"])
_QUANTIZED = (dtypes.qint8, dtypes.quint8, dtypes.qint32, dtypes.qint16, dtypes.quint16)


def _out_size(size, k, stride, padding):
    if padding == "VALID":
        return (size - k + stride) // stride, 0
    out = -(-size // stride)
    return out, max((out - 1) * stride + k - size, 0) // 2


def _pool_infer(op_type):
    def infer(inputs, attrs):
        check_dtype(inputs[0], _QUANTIZED, "input")
        ksize, strides, padding = attrs["ksize"], attrs["strides"], attrs["padding"]
        for name, v in (("ksize", ksize), ("strides", strides)):
            if len(v) != 4:
                raise ValueError(f"{op_type} requires {name} to have 4 elements, got {len(v)}")
        if ksize[0] != 1 or ksize[3] != 1 or strides[0] != 1 or strides[3] != 1:
            raise ValueError(f"{op_type}: pooling over the batch or depth dimension is not supported")
        shape = inputs[0].shape
        if shape.ndims is not None and shape.ndims != 4:
            raise ValueError(f"Shape must be rank 4 but is rank {shape.ndims} for '{op_type}'")
        dims = shape.as_list() if shape.ndims else [None] * 4
        rows = None if dims[1] is None else _out_size(dims[1], ksize[1], strides[1], padding)[0]
        cols = None if dims[2] is None else _out_size(dims[2], ksize[2], strides[2], padding)[0]
        scalar = (dtypes.float32, TensorShape([]))
        return [(inputs[0].dtype.base_dtype, TensorShape([dims[0], rows, cols, dims[3]])), scalar, scalar]
    return infer


def _pool(q, ksize, strides, padding, average):
    batch, height, width, depth = q.shape
    (rows, top), (cols, left) = (_out_size(height, ksize[1], strides[1], padding),
                                 _out_size(width, ksize[2], strides[2], padding))
    out = np.empty((batch, rows, cols, depth), q.dtype)
    wide = q.astype(np.int64)
    for r in range(rows):
        r0 = r * strides[1] - top
        r_lo, r_hi = max(r0, 0), min(r0 + ksize[1], height)
        for c in range(cols):
            c0 = c * strides[2] - left
            window = wide[:, r_lo:r_hi, max(c0, 0):min(c0 + ksize[2], width), :]
            if average:  # TF: the sum over the in-bounds elements / their count, rounded half to even
                count = window.shape[1] * window.shape[2]
                out[:, r, c, :] = np.rint(window.sum(axis=(1, 2)) / count).astype(q.dtype)
            else:
                out[:, r, c, :] = window.max(axis=(1, 2)).astype(q.dtype)
    return out


def _pool_kernel(op_type, average):
    def kernel(xp, input, min_input, max_input, *, ksize, strides, padding, T=None):  # noqa: A002,N803
        if T is not None and T != dtypes.quint8:
            raise errors.InvalidArgumentError(None, None, f"No OpKernel was registered to support Op '{op_type}' "
                                                          f"with these attrs: [T=DT_{T.name.upper()}]")
        q = host(input)
        q = q.view(q.dtype[0]) if q.dtype.names else q
        lo, hi = host(min_input, np.float32), host(max_input, np.float32)
        if lo.ndim or hi.ndim:
            raise errors.InvalidArgumentError(None, None, f"{op_type}: min_input and max_input must be scalars")
        if q.ndim != 4:
            raise errors.InvalidArgumentError(None, None, f"{op_type}: input must be 4-dimensional")
        return xp.asarray(_pool(q, ksize, strides, padding, average)), xp.asarray(lo), xp.asarray(hi)
    return kernel


register_op("QuantizedAvgPool", infer=_pool_infer("QuantizedAvgPool"))(_pool_kernel("QuantizedAvgPool", True))
register_op("QuantizedMaxPool", infer=_pool_infer("QuantizedMaxPool"))(_pool_kernel("QuantizedMaxPool", False))


# ------------------------------------------------------------------ QuantizedConv2D
def _zero_point(lo, hi, info):
    """TF's FloatToQuantizedUnclamped(0.0, lo, hi): the integer that stands for 0.0 (double arithmetic)."""
    if lo == hi:
        return int(info.min)
    steps = float(1 << (8 * info.dtype.itemsize))
    scale = steps / ((float(hi) - float(lo)) * (steps / (steps - 1.0)))
    return int(-np.copysign(np.floor(abs(float(lo) * scale) + 0.5), float(lo) * scale)) + int(info.min)


def _conv_infer(inputs, attrs):
    for t, name in ((inputs[0], "input"), (inputs[1], "filter")):
        check_dtype(t, _QUANTIZED, name)
    x, f = inputs[0].shape, inputs[1].shape
    for t, name in ((x, "input"), (f, "filter")):
        if t.ndims is not None and t.ndims != 4:
            raise ValueError(f"Shape must be rank 4 but is rank {t.ndims} for 'QuantizedConv2D' ({name})")
    dims = x.as_list() if x.ndims else [None] * 4
    fdims = f.as_list() if f.ndims else [None] * 4
    strides, padding = attrs["strides"], attrs["padding"]
    rows = None if None in (dims[1], fdims[0]) else _out_size(dims[1], fdims[0], strides[1], padding)[0]
    cols = None if None in (dims[2], fdims[1]) else _out_size(dims[2], fdims[1], strides[2], padding)[0]
    scalar = (dtypes.float32, TensorShape([]))
    return [(attrs.get("out_type", dtypes.qint32), TensorShape([dims[0], rows, cols, fdims[3]])), scalar, scalar]


@register_op("QuantizedConv2D", infer=_conv_infer)
def _quantized_conv2d(xp, input, filter, min_input, max_input, min_filter, max_filter, *, strides,  # noqa: A002
                      padding, Tinput=None, Tfilter=None, out_type=dtypes.qint32, dilations=(1, 1, 1, 1)):  # noqa: N803
    if strides[1] != strides[2]:
        raise errors.InvalidArgumentError(None, None, "Current implementation only supports equal length strides in "
                                                      "the row and column dimensions.")
    if any(d != 1 for d in dilations):
        raise errors.UnimplementedError(None, None, "Current implementation does not yet support dilations.")
    x, f = (np.asarray(host(t)) for t in (input, filter))
    x, f = (a.view(a.dtype[0]) if a.dtype.names else a for a in (x, f))
    if x.shape[3] != f.shape[2]:
        raise errors.InvalidArgumentError(None, None, f"input and filter must have the same depth: {x.shape[3]} vs "
                                                      f"{f.shape[2]}")
    lo_x, hi_x, lo_f, hi_f = (np.float32(host(t)) for t in (min_input, max_input, min_filter, max_filter))
    zero_x = _zero_point(lo_x, hi_x, np.iinfo(x.dtype))
    zero_f = _zero_point(lo_f, hi_f, np.iinfo(f.dtype))
    kh, kw = f.shape[:2]
    (rows, top), (cols, left) = (_out_size(x.shape[1], kh, strides[1], padding),
                                 _out_size(x.shape[2], kw, strides[2], padding))
    padded = np.zeros((x.shape[0], x.shape[1] + kh + rows * strides[1], x.shape[2] + kw + cols * strides[2],
                       x.shape[3]), np.int64)  # outside the image the kernel reads 0 (after the zero point)
    padded[:, top:top + x.shape[1], left:left + x.shape[2], :] = x.astype(np.int64) - zero_x
    weights = (f.astype(np.int64) - zero_f).reshape(kh * kw * f.shape[2], f.shape[3])
    patches = np.stack([padded[:, i:i + rows * strides[1]:strides[1], j:j + cols * strides[2]:strides[2], :]
                        for i in range(kh) for j in range(kw)], axis=3)
    out = (patches.reshape(x.shape[0], rows, cols, -1) @ weights).astype(np.int32)
    level = np.float32(np.float32(np.float32(hi_x - lo_x) / np.float32(255.0 if x.dtype.itemsize == 1 else 65535.0))
                       * np.float32(np.float32(hi_f - lo_f) / np.float32(255.0 if f.dtype.itemsize == 1 else 65535.0)))
    return xp.asarray(out), xp.asarray(np.float32(level * np.float32(-2.0 ** 31))), \
        xp.asarray(np.float32(level * np.float32(2.0 ** 31 - 1)))


def quantized_conv2d(input, filter, min_input, max_input, min_filter, max_filter, strides, padding,  # noqa: A002
                     out_type=dtypes.qint32, dilations=(1, 1, 1, 1), name=None):
    """2-D convolution of quantized NHWC input and HWIO filter, accumulated in qint32 over the zero points:
    (output, min_output, max_output)."""
    with op_scope(name, "QuantizedConv2D", [input, filter]) as scope:
        x, f = convert_to_tensor(input, name="input"), convert_to_tensor(filter, name="filter")
        ranges = [convert_to_tensor(v, dtype=dtypes.float32, name=n) for v, n in
                  ((min_input, "min_input"), (max_input, "max_input"), (min_filter, "min_filter"),
                   (max_filter, "max_filter"))]
        attrs = {"Tinput": x.dtype.base_dtype, "Tfilter": f.dtype.base_dtype, "out_type": dtypes.as_dtype(out_type),
                 "strides": [int(v) for v in strides], "padding": padding, "dilations": [int(v) for v in dilations]}
        return QuantizedConv2DOutput(*apply_op("QuantizedConv2D", [x, f] + ranges, attrs, name=scope).outputs)


# ------------------------------------------------------------------ QuantizedReluX
def _relu_x_infer(inputs, attrs):
    check_dtype(inputs[0], _QUANTIZED, "features")
    scalar = (dtypes.float32, TensorShape([]))
    return [(attrs.get("out_type", dtypes.quint8), inputs[0].shape), scalar, scalar]


@register_op("QuantizedReluX", infer=_relu_x_infer)
def _quantized_relu_x(xp, features, max_value, min_features, max_features, *, Tinput=None,  # noqa: N803
                      out_type=dtypes.quint8):
    # TF 2.21 registers no kernel for this op on any device: the graph builds, running it fails
    raise errors.InvalidArgumentError(None, None, f"No OpKernel was registered to support Op 'QuantizedReluX' with "
                                                  f"these attrs: [Tinput=DT_{Tinput.name.upper() if Tinput else '?'}, "
                                                  f"out_type=DT_{out_type.name.upper()}]")


def quantized_relu_x(features, max_value, min_features, max_features, out_type=dtypes.quint8, name=None):
    """Builds QuantizedReluX: (activations, min_activations, max_activations). As in TF 2.21, which has no
    kernel for it, running it raises InvalidArgumentError."""
    with op_scope(name, "QuantizedReluX", [features]) as scope:
        q = convert_to_tensor(features, name="features")
        scalars = [convert_to_tensor(v, dtype=dtypes.float32, name=n) for v, n in
                   ((max_value, "max_value"), (min_features, "min_features"), (max_features, "max_features"))]
        attrs = {"Tinput": q.dtype.base_dtype, "out_type": dtypes.as_dtype(out_type)}
        return QuantizedReluXOutput(*apply_op("QuantizedReluX", [q] + scalars, attrs, name=scope).outputs)


def _pool_op(op_type, input, min_input, max_input, ksize, strides, padding, name):  # noqa: A002
    with op_scope(name, op_type, [input, min_input, max_input]) as scope:
        q = convert_to_tensor(input, name="input")
        lo = convert_to_tensor(min_input, dtype=dtypes.float32, name="min_input")
        hi = convert_to_tensor(max_input, dtype=dtypes.float32, name="max_input")
        if padding not in ("SAME", "VALID"):
            raise ValueError(f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: "
                             "\"SAME\", \"VALID\"")
        attrs = {"T": q.dtype.base_dtype, "ksize": [int(k) for k in ksize], "strides": [int(s) for s in strides],
                 "padding": padding}
        return apply_op(op_type, [q, lo, hi], attrs, name=scope).outputs


def quantized_avg_pool(input, min_input, max_input, ksize, strides, padding, name=None):  # noqa: A002
    """Average pooling of a quantized NHWC tensor: (output, min_output, max_output)."""
    return QuantizedAvgPoolOutput(*_pool_op("QuantizedAvgPool", input, min_input, max_input, ksize, strides,
                                            padding, name))


def quantized_max_pool(input, min_input, max_input, ksize, strides, padding, name=None):  # noqa: A002
    """Max pooling of a quantized NHWC tensor: (output, min_output, max_output)."""
    return QuantizedMaxPoolOutput(*_pool_op("QuantizedMaxPool", input, min_input, max_input, ksize, strides,
                                            padding, name))


__all__ = ["quantized_avg_pool", "quantized_conv2d", "quantized_max_pool", "quantized_relu_x"]
