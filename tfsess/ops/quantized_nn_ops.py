"""Pooling over quantized NHWC tensors (tf.nn.quantized_avg_pool, tf.nn.quantized_max_pool), as TF's CPU
kernels compute them: the integers are pooled directly (the average over the window's in-bounds elements
rounded half to even) and the float range passes through unchanged. TF has CPU kernels for quint8 only."""
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


__all__ = ["quantized_avg_pool", "quantized_max_pool"]
