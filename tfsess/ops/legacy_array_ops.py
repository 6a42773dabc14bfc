"""TF 1.x op types of array and random ops that imported GraphDefs hold: InplaceAdd/Sub/Update,
DataFormatDimMap, DataFormatVecPermute, Empty, and the v1 stateless random ops (StatelessRandomNormal,
StatelessRandomUniform, StatelessTruncatedNormal, StatelessRandomUniformInt, StatelessRandomUniformFullInt),
which draw what their V2 forms draw from the key and counter their seed makes.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import lookup, register_op
from tfsess.framework.tensor_shape import unknown_shape
from tfsess.framework.tensor_util import shape_from_tensor
from tfsess.ops import stateless_random_ops
from tfsess.ops._infer import INDEX, check_dtype, fmt_shape, host

__all__ = []

_REGISTERING = (stateless_random_ops,)  # the V2 types exist before the v1 forms that run them


# ------------------------------------------------------------------ InplaceAdd / Sub / Update
def _inplace_infer(op_type):
    def infer(inputs, attrs):
        x, i, v = inputs
        check_dtype(i, (dtypes.int32,), "i")
        if x.dtype.base_dtype != v.dtype.base_dtype:
            raise TypeError(f"Input 'v' of '{op_type}' Op has type {v.dtype.base_dtype.name} that does not match type "
                            f"{x.dtype.base_dtype.name} of argument 'x'.")
        return [(x.dtype.base_dtype, x.shape)]
    return infer


def _inplace_kernel(op_type, combine):
    def kernel(xp, x, i, v):
        rows = host(i).reshape(-1).astype(np.int64)
        if x.ndim == 0 or v.ndim != x.ndim or v.shape[0] != rows.size or v.shape[1:] != x.shape[1:]:
            raise errors.InvalidArgumentError(
                None, None, f"x and v shape doesn't match (ignoring 1st dim): {fmt_dims(x.shape)} vs. "
                f"{fmt_dims(v.shape)}" if x.ndim and v.ndim == x.ndim and v.shape[1:] != x.shape[1:] else
                f"i and x shape doesn't match: {fmt_dims(rows.shape)} vs. {fmt_dims(v.shape)}")
        if np.any((rows < 0) | (rows >= x.shape[0])):
            bad = int(rows[(rows < 0) | (rows >= x.shape[0])][0])
            raise errors.InvalidArgumentError(None, None, f"{op_type}: row {bad} is not in [0, {x.shape[0]})")
        out = xp.array(x, copy=True)
        for n, row in enumerate(rows):  # in order: a repeated row sees the earlier writes
            out[row] = combine(out[row], v[n])
        return out
    return kernel


def fmt_dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


for _type, _combine in (("InplaceAdd", lambda old, new: old + new), ("InplaceSub", lambda old, new: old - new),
                        ("InplaceUpdate", lambda old, new: new)):
    register_op(_type, infer=_inplace_infer(_type))(_inplace_kernel(_type, _combine))


# ------------------------------------------------------------------ data formats
def _check_formats(src_format, dst_format):
    if sorted(src_format) != sorted(dst_format) or len(set(src_format)) != len(src_format):
        raise errors.InvalidArgumentError(
            None, None, f"Destination and source format must determine a permutation, got {src_format} and "
            f"{dst_format}")


@register_op("DataFormatDimMap", infer=lambda inputs, attrs: [(check_dtype(inputs[0], INDEX, "x"), inputs[0].shape)])
def _data_format_dim_map(xp, x, *, src_format="NHWC", dst_format="NCHW"):
    _check_formats(src_format, dst_format)
    rank = len(src_format)
    table = np.array([dst_format.index(c) for c in src_format], np.int64)
    values = host(x)
    if np.any((values < -rank) | (values >= rank)):
        raise errors.InvalidArgumentError(None, None, f"dimension must be in the range [{-rank}, {rank})")
    return xp.asarray(table[values % rank].astype(values.dtype))


def _vec_permute_infer(inputs, attrs):
    x = inputs[0]
    check_dtype(x, INDEX, "x")
    if x.shape.ndims not in (None, 1, 2):
        raise ValueError(f"Shape must be rank 1 or 2 for 'DataFormatVecPermute' with input shapes: "
                         f"{fmt_shape(x.shape)}.")
    return [(x.dtype.base_dtype, x.shape)]


@register_op("DataFormatVecPermute", infer=_vec_permute_infer)
def _data_format_vec_permute(xp, x, *, src_format="NHWC", dst_format="NCHW"):
    _check_formats(src_format, dst_format)
    full = len(src_format)
    n = x.shape[0] if x.ndim else 0
    if x.ndim == 2 and x.shape[1] != 2:
        raise errors.InvalidArgumentError(None, None, f"Second dimension of 2D input must be of size 2, but got "
                                          f"shape {fmt_dims(x.shape)}")
    if n == full:
        src, dst = src_format, dst_format
    elif n == full - 2:  # the spatial dims only
        src, dst = [c for c in src_format if c not in "NC"], [c for c in dst_format if c not in "NC"]
    else:
        raise errors.InvalidArgumentError(None, None, f"{'1D' if x.ndim == 1 else '2D'} input must be of size "
                                          f"{full - 2} or {full}, but got shape {fmt_dims(x.shape)}")
    order = [list(src).index(c) for c in dst]
    return x[np.asarray(order)]


# ------------------------------------------------------------------ Empty
def _empty_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.int32,), "shape")
    return [(dtypes.as_dtype(attrs["dtype"]), shape_from_tensor(inputs[0]))]


@register_op("Empty", infer=_empty_infer, stateful=True)
def _empty(xp, shape, *, dtype, init=False):
    """A new tensor: zeros (TF leaves it uninitialized unless `init`; zeros are one of its possible contents)."""
    dims = [int(d) for d in host(shape).reshape(-1)]
    if any(d < 0 for d in dims):
        raise errors.InvalidArgumentError(None, None, f"Dimension {min(dims)} must be >= 0")
    return xp.zeros(dims, dtypes.as_dtype(dtype).as_numpy_dtype)


# ------------------------------------------------------------------ v1 stateless random ops
_PHILOX = np.int32(1)


def _stateless_infer(inputs, attrs):
    shape, seed = inputs[:2]
    check_dtype(shape, INDEX, "shape")
    check_dtype(seed, INDEX, "seed")
    if seed.shape.ndims is not None and seed.shape.as_tuple_or_none() not in ((2,), (None,)):
        raise ValueError(f"Dimension must be 2 but is {seed.shape[0].value} for 'StatelessRandom' with input "
                         f"shapes: {fmt_shape(shape.shape)}, {fmt_shape(seed.shape)}.")
    dtype = attrs.get("dtype", inputs[2].dtype.base_dtype if len(inputs) > 2 else dtypes.float32)
    return [(dtypes.as_dtype(dtype), shape_from_tensor(shape) if shape.shape.ndims == 1 else unknown_shape())]


def _stateless_v1(v2_type):
    """The v1 kernel: the V2 kernel over the key and counter StatelessRandomGetKeyCounter makes of `seed`."""
    def kernel(xp, shape, seed, *bounds, **attrs):
        if host(seed).size != 2:
            raise errors.InvalidArgumentError(None, None, f"seed must have shape [2], not {fmt_dims(host(seed).shape)}")
        key, counter = lookup("StatelessRandomGetKeyCounter").kernel(xp, seed)
        return lookup(v2_type).kernel(xp, shape, key, counter, _PHILOX, *bounds, **attrs)
    return kernel


_DEFAULT_DTYPES = {"StatelessRandomNormal": dtypes.float32, "StatelessRandomUniform": dtypes.float32,
                   "StatelessTruncatedNormal": dtypes.float32, "StatelessRandomUniformFullInt": dtypes.uint64}


def _stateless_infer_of(v1_type):
    default = _DEFAULT_DTYPES.get(v1_type)

    def infer(inputs, attrs):
        return _stateless_infer(inputs, {"dtype": default, **attrs} if default is not None else attrs)
    return infer


for _v1, _default in _DEFAULT_DTYPES.items():
    def _with_dtype(xp, shape, seed, *, dtype=_default, _inner=_stateless_v1(_v1 + "V2")):
        return _inner(xp, shape, seed, dtype=dtypes.as_dtype(dtype))
    register_op(_v1, infer=_stateless_infer_of(_v1), no_gradient=True, gpu=False)(_with_dtype)


@register_op("StatelessRandomUniformInt", infer=_stateless_infer_of("StatelessRandomUniformInt"), no_gradient=True,
             gpu=False)
def _stateless_random_uniform_int(xp, shape, seed, minval, maxval):
    return _stateless_v1("StatelessRandomUniformIntV2")(xp, shape, seed, minval, maxval)
