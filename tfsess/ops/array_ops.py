"""Shape-manipulating ops: identity, reshape, shape/size/rank, expand_dims, squeeze, transpose,
zeros_like/ones_like.

TF's array_ops holds more, in modules of their own: stack_ops (concat, stack, split), broadcast_ops
(tile, pad, reverse, broadcast_to), sequence_ops (range, linspace), indexing_ops (slicing, where,
one_hot, boolean_mask, unique) and gather_ops (gather, gather_nd, scatter_nd).
"""
from __future__ import annotations


import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import (apply1, constant_value,
                                         convert_to_tensor, op_scope)
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import constant_op, raw_ops
from tfsess.ops._infer import INDEX, apply_gen, check_dtype, fmt_shape, gen2, host, partial_shape, same_as_input
from tfsess.ops._infer import check_rank, same_partial, shape_partial

newaxis = None


# ------------------------------------------------------------------ identity
def _input_value(t):
    return constant_value(t.op.inputs[0])


@register_op("Identity", infer=same_as_input(0), partial_shape=same_partial, constant_value=_input_value)
def _identity(xp, x):
    return x


@_identity.gradient
def _identity_grad(op, grad):
    return [grad]


def identity(input, name=None):  # noqa: A002 - TF's argument name
    """Returns a tensor with the same value as `input` (tf.identity)."""
    return apply_gen("Identity", [("input", input, None)], name=name)


@register_op("StopGradient", infer=same_as_input(0), no_gradient=True, constant_value=_input_value)
def _stop_gradient(xp, x):
    return x


def stop_gradient(input, name=None):  # noqa: A002
    """The value of `input`, treated as a constant by tf.gradients (tf.stop_gradient)."""
    return apply_gen("StopGradient", [("input", input, None)], name=name)


# ------------------------------------------------------------------ reshape
def _reshape_infer(inputs, attrs):
    x, shape = inputs
    check_dtype(shape, INDEX, "shape")
    given = constant_value(shape)
    if given is not None:
        bad = [int(d) for d in np.asarray(given).reshape(-1) if d < -1]
        if bad:
            raise ValueError(f"Invalid value in tensor used for shape: {bad[0]}")
    out = partial_shape(shape)
    if out is None or shape.shape.ndims == 0 and constant_value(shape) is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    dims_in = x.shape.as_tuple_or_none()
    if dims_in is not None:
        out = _reshape_known_dims(list(dims_in), out, shape)
    return [(x.dtype.base_dtype, TensorShape(out))]


def _known_product(dims):
    unknown = [i for i, d in enumerate(dims) if d is None]
    known = int(np.prod([d for d in dims if d is not None], dtype=np.int64))
    return known, unknown


def _reshape_known_dims(dims_in, out, shape_tensor):
    """TF's Reshape shape function: fills one unknown output dim from the element counts."""
    known_in, unknown_in = _known_product(dims_in)
    known_out, unknown_out = _known_product(out)
    if len(unknown_in) > 1 or len(unknown_out) > 1:
        return out
    text = "[" + ",".join("?" if d is None else str(d) for d in out) + "]"
    shapes = (f"for '{shape_tensor.op.name}' with input shapes: {fmt_shape(TensorShape(dims_in))}, [{len(out)}] "
              f"and with input tensors computed as partial shapes: input[1] = {text}.")
    if not unknown_in and not unknown_out:
        if known_in != known_out:
            raise ValueError(f"Cannot reshape a tensor with {known_in} elements to shape {text} ({known_out} "
                             f"elements) {shapes}")
    elif not unknown_in and unknown_out and known_out > 0:
        if known_in % known_out:
            raise ValueError(f"Dimension size must be evenly divisible by {known_out} but is {known_in} {shapes}")
        out[unknown_out[0]] = known_in // known_out
    elif unknown_in and unknown_out and known_in == known_out:
        out[unknown_out[0]] = dims_in[unknown_in[0]]
    return out


@register_op("Reshape", infer=_reshape_infer, foldable=True)
def _reshape(xp, x, shape):
    dims = [int(d) for d in host(shape).reshape(-1)]
    negative = [i for i, d in enumerate(dims) if d == -1]
    for i, d in enumerate(dims):
        if d < -1:
            raise errors.InvalidArgumentError(None, None, f"Size {i} must be non-negative, not {d}")
    if len(negative) > 1:
        raise errors.InvalidArgumentError(
            None, None, f"Only one input size may be -1, not both {negative[0]} and {negative[1]}")
    if negative:
        dims[negative[0]] = _missing_reshape_dim(np.shape(x), dims)
    wanted = int(np.prod(dims, dtype=np.int64))
    if wanted != x.size:
        raise errors.InvalidArgumentError(
            None, None, f"Input to reshape is a tensor with {x.size} values, but the requested shape has {wanted}")
    return xp.reshape(x, dims)


def _missing_reshape_dim(in_dims, dims):
    """The size TF's Reshape kernel gives the -1 entry of `dims`.

    When `dims` holds a zero, zero input dims are left out of the count, so an empty tensor can
    still fill the -1 from its other dims (a [0, 4] tensor reshaped to [0, -1] is [0, 4])."""
    has_zero = 0 in dims
    product = int(np.prod([d for d in dims if d > 0], dtype=np.int64))
    count = int(np.prod([d for d in in_dims if d > 0 or not has_zero], dtype=np.int64))
    missing = count // product
    if not (has_zero and 0 in in_dims) and count != product * missing:
        raise errors.InvalidArgumentError(
            None, None, f"Input to reshape is a tensor with {count} values, but the requested shape requires "
                        f"a multiple of {product}")
    return missing


@_reshape.gradient
def _reshape_grad(op, grad):
    return [reshape(grad, shape(op.inputs[0])), None]


@add_dispatch_support
def reshape(tensor, shape, name=None):  # noqa: F811 - TF's argument name shadows shape()
    """Reshapes `tensor` to `shape`; one dim may be -1 and is inferred (tf.reshape).

    Raises:
        ValueError: the element counts cannot match, known while building the graph.
    """
    return apply_gen("Reshape", [("tensor", tensor, None), ("shape", shape, ("Tshape", dtypes.int32))], name=name)


# ------------------------------------------------------------------ shape, size, rank
def _shape_infer(inputs, attrs):
    return [(attrs["out_type"], TensorShape([inputs[0].shape.ndims]))]


def _shape_value(t):
    s = t.op.inputs[0].shape
    return np.asarray(s.as_list(), dtype=t.dtype.as_numpy_dtype) if s.is_fully_defined() else None


def _size_value(t):
    n = t.op.inputs[0].shape.num_elements()
    return None if n is None else np.asarray(n, dtype=t.dtype.as_numpy_dtype)


def _rank_value(t):
    r = t.op.inputs[0].shape.ndims
    return None if r is None else np.asarray(r, dtype=np.int32)


@register_op("Shape", infer=_shape_infer, partial_shape=shape_partial, constant_value=_shape_value, no_gradient=True)
def _shape(xp, x, *, out_type):
    return xp.asarray(np.asarray(np.shape(x), dtype=out_type.as_numpy_dtype))


@register_op("Size", infer=lambda inputs, attrs: [(attrs["out_type"], TensorShape([]))], constant_value=_size_value,
             no_gradient=True)
def _size(xp, x, *, out_type):
    return xp.asarray(np.asarray(np.size(x), dtype=out_type.as_numpy_dtype))


@register_op("Rank", infer=lambda inputs, attrs: [(dtypes.int32, TensorShape([]))], constant_value=_rank_value,
             no_gradient=True)
def _rank(xp, x):
    return xp.asarray(np.asarray(np.ndim(x), dtype=np.int32))


def _as_input(value):
    if isinstance(value, Tensor):
        return value
    sparse_shape = getattr(value, "dense_shape", None)
    if sparse_shape is not None and hasattr(value, "indices"):
        return value
    return convert_to_tensor(value)


def _cast_int(t, dtype, name=None):
    """An integer tensor (a shape, indices) cast to `dtype` as math_ops.cast would, which builds on this module."""
    if t.dtype.base_dtype == dtype:
        return t
    return raw_ops.Cast(t, SrcT=t.dtype.base_dtype, DstT=dtype, Truncate=False, name=name)


def shape_internal(input, name=None, optimize=True, out_type=None):  # noqa: A002
    """TF's shape_internal: a Const when the shape is fully known (and `optimize`), else a Shape op."""
    with op_scope(name, "Shape", [input]) as scope:
        x = _as_input(input)
        if not isinstance(x, Tensor):  # a SparseTensor
            return _cast_int(x.dense_shape, dtypes.as_dtype(out_type or dtypes.int32), name=scope)
        if optimize and x.shape.is_fully_defined():
            dims = x.shape.as_list()
            if out_type is None:  # TF converts the TensorShape: int64 only for dims past int32
                wide = any(d > 2**31 - 1 for d in dims)
                return constant_op.constant(dims, dtypes.int64 if wide else dtypes.int32, name="shape_as_tensor")
            return constant_op.constant(dims, dtypes.as_dtype(out_type), name=scope)
        out_type = dtypes.as_dtype(out_type or dtypes.int32)
        return apply1("Shape", [x], {"out_type": out_type}, name=scope)


@add_dispatch_support
def shape(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The shape of `input` as a 1-D tensor (tf.shape)."""
    return shape_internal(input, name, optimize=True, out_type=out_type)


@add_dispatch_support
def size(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The number of elements of `input` (tf.size)."""
    with op_scope(name, "Size", [input]) as scope:
        x = _as_input(input)
        out_type = dtypes.as_dtype(out_type)
        if not isinstance(x, Tensor):
            dims = _cast_int(x.dense_shape, out_type)
            axis = constant_op.constant(0, name="reduction_indices")
            return raw_ops.Prod(dims, axis, keep_dims=False, name=scope)
        if x.shape.is_fully_defined():
            return constant_op.constant(x.shape.num_elements(), out_type, name=scope)
        if x.shape.ndims and any(d == 0 for d in x.shape.as_tuple_or_none()):
            return constant_op.constant(0, out_type, name=scope)
        return apply1("Size", [x], {"out_type": out_type}, name=scope)


@add_dispatch_support
def rank(input, name=None):  # noqa: A002
    """The number of dimensions of `input` as a scalar int32 (tf.rank)."""
    with op_scope(name, "Rank", [input]) as scope:
        x = _as_input(input)
        if not isinstance(x, Tensor):
            return size(x.dense_shape, name=scope)
        if x.shape.ndims is not None:
            return constant_op.constant(x.shape.ndims, dtypes.int32, name=scope)
        return apply1("Rank", [x], name=scope)


# ------------------------------------------------------------------ expand_dims, squeeze
def _expand_dims_infer(inputs, attrs):
    x, dim = inputs
    check_dtype(dim, INDEX, "dim")
    value = constant_value(dim)
    if x.shape.ndims is None or value is None:
        return [(x.dtype.base_dtype, unknown_shape(None if x.shape.ndims is None else x.shape.ndims + 1))]
    if np.size(value) != 1:
        raise ValueError(f"'dim' input must be a tensor with a single value for '{dim.op.name}'")
    rank = x.shape.ndims
    axis = int(np.asarray(value).reshape(-1)[0])
    if not -rank - 1 <= axis <= rank:
        raise ValueError(f"Cannot insert at dimension {axis} of a tensor of rank {rank}: it must be in "
                         f"[{-rank - 1}, {rank}]")
    axis = axis + rank + 1 if axis < 0 else axis
    dims = list(x.shape.as_tuple_or_none())
    return [(x.dtype.base_dtype, TensorShape(dims[:axis] + [1] + dims[axis:]))]


@register_op("ExpandDims", infer=_expand_dims_infer)
def _expand_dims(xp, x, dim):
    axis = int(host(dim).reshape(-1)[0])
    if not -x.ndim - 1 <= axis <= x.ndim:
        raise errors.InvalidArgumentError(None, None, f"Tried to expand dim index {axis} for tensor with "
                                          f"{x.ndim} dimensions.")
    return xp.expand_dims(x, axis)


@_expand_dims.gradient
def _expand_dims_grad(op, grad):
    return [reshape(grad, shape(op.inputs[0])), None]


@add_dispatch_support
def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002
    """Inserts a dimension of 1 at `axis` (tf.expand_dims).

    Raises:
        ValueError: no axis given, or it is out of range for a known rank.
    """
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'.")
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return apply_gen("ExpandDims", [("input", input, None), ("dim", axis, ("Tdim", dtypes.int32))], name=name)


def _squeeze_infer(inputs, attrs):
    x = inputs[0]
    axes = attrs.get("squeeze_dims") or []
    rank = x.shape.ndims
    if rank is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    wrapped = set()
    for a in axes:
        if not -rank <= a < rank:
            raise ValueError(f"Tried to squeeze dim index {a} for tensor with {rank} dimensions.")
        wrapped.add(a % rank if rank else 0)
    out = []
    for i, d in enumerate(x.shape.as_tuple_or_none()):
        explicit = i in wrapped
        if d is None:
            if explicit:
                continue
            if not axes:
                return [(x.dtype.base_dtype, unknown_shape())]
        elif d == 1:
            if explicit or not axes:
                continue
        elif explicit:
            raise ValueError(f"Can not squeeze dim[{i}], expected a dimension of 1, got {d} for 'Squeeze' "
                             f"with input shapes: {fmt_shape(x.shape)}.")
        out.append(d)
    return [(x.dtype.base_dtype, TensorShape(out))]


@register_op("Squeeze", infer=_squeeze_infer)
def _squeeze(xp, x, *, squeeze_dims=()):
    if not squeeze_dims:
        return xp.reshape(x, [d for d in x.shape if d != 1])
    axes = tuple(a % x.ndim for a in squeeze_dims)
    for a in axes:
        if x.shape[a] != 1:
            raise errors.InvalidArgumentError(None, None, f"Can not squeeze dim[{a}], expected a dimension of "
                                              f"1, got {x.shape[a]}")
    return xp.squeeze(x, axis=axes)


@_squeeze.gradient
def _squeeze_grad(op, grad):
    return [reshape(grad, shape(op.inputs[0]))]


@add_dispatch_support
def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002
    """Removes dimensions of size 1 (those in `axis`, or all) (tf.squeeze).

    Raises:
        ValueError: a listed dimension is known and not 1.
    """
    if axis is not None and squeeze_dims is not None:
        raise ValueError("Cannot specify both 'axis' and 'squeeze_dims'.")
    axis = squeeze_dims if axis is None else axis
    if np.isscalar(axis):
        axis = [axis]
    return apply_gen("Squeeze", [("input", input, None)],
                     {"squeeze_dims": [int(a) for a in (axis or [])]}, name=name)


# ------------------------------------------------------------------ transpose
def _transpose_infer(inputs, attrs):
    x, perm = inputs
    check_dtype(perm, INDEX, "perm")
    value = constant_value(perm)
    rank = x.shape.ndims
    if value is None:
        n = perm.shape[0].value if perm.shape.ndims == 1 else None
        return [(x.dtype.base_dtype, unknown_shape(rank if rank is not None else n))]
    perm_list = [int(p) for p in np.asarray(value).reshape(-1)]
    if rank is not None and len(perm_list) != rank:
        raise ValueError(f"Dimension must be {rank} but is {len(perm_list)} for 'Transpose' with input shapes: "
                         f"{fmt_shape(x.shape)}, [{len(perm_list)}].")
    n = len(perm_list)
    for p in perm_list:  # TF's shape function checks the range only; duplicates fail when run
        if not -n <= p < n:
            raise ValueError(f"perm dim {p} is out of range of input rank {n} for 'Transpose' with input shapes: "
                             f"{fmt_shape(x.shape)}, [{n}].")
    if rank is None:
        return [(x.dtype.base_dtype, unknown_shape(n))]
    dims = x.shape.as_tuple_or_none()
    return [(x.dtype.base_dtype, TensorShape([dims[p] for p in perm_list]))]


@register_op("Transpose", infer=_transpose_infer, foldable=True)
def _transpose(xp, x, perm):
    perm = [int(p) for p in host(perm).reshape(-1)]
    if len(perm) != x.ndim:
        raise errors.InvalidArgumentError(None, None, f"transpose expects a vector of size {x.ndim}. But input(1) "
                                          f"is a vector of size {len(perm)}")
    dims = x.ndim
    given = perm
    perm = [p + dims if p < 0 else p for p in perm]
    for p in perm:
        if not 0 <= p < dims:
            raise errors.InvalidArgumentError(None, None, f"{p} is out of range [0 .. {dims})")
    for i in range(dims):
        if i not in perm:
            raise errors.InvalidArgumentError(None, None, f"{i} is missing from {{{','.join(map(str, given))}}}.")
    return xp.transpose(x, perm)


@_transpose.gradient
def _transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op.inputs[1])), None]


@register_op("ConjugateTranspose", infer=_transpose_infer)
def _conjugate_transpose(xp, x, perm):
    return xp.conj(_transpose(xp, x, perm))


@_conjugate_transpose.gradient
def _conjugate_transpose_grad(op, grad):
    return [transpose(grad, invert_permutation(op.inputs[1]), conjugate=True), None]


def transpose(a, perm=None, name="transpose", conjugate=False):
    """Permutes the dimensions of `a`; reverses them when `perm` is None (tf.transpose)."""
    with op_scope(name, "transpose", [a]) as scope:
        a = convert_to_tensor(a, name="a")
        op_type = "ConjugateTranspose" if conjugate and a.dtype.base_dtype.is_complex else "Transpose"
        if perm is None:
            r = a.shape.ndims
            if r is None:
                start = gen2("Sub", rank(a), 1, None)  # tf.range(rank - 1, -1, -1)
                perm = apply_gen("Range", [("start", start, None), ("limit", -1, None), ("delta", -1, None)],
                                 {"Tidx": dtypes.int32}, name="range")
            else:
                perm = np.arange(r - 1, -1, -1, dtype=np.int32)
        return apply_gen(op_type, [("x", a, None), ("perm", perm, ("Tperm", dtypes.int32))], name=scope)


def _invert_permutation_infer(inputs, attrs):
    check_rank(inputs[0], 1, "InvertPermutation", "x")
    return same_as_input(0)(inputs, attrs)


@register_op("InvertPermutation", infer=_invert_permutation_infer, no_gradient=True, foldable=True)
def _invert_permutation(xp, x):
    n = x.shape[0]
    if sorted(host(x).tolist()) != list(range(n)):
        raise errors.InvalidArgumentError(None, None, f"{host(x).tolist()} is not a permutation of 0..{n - 1}")
    out = xp.empty_like(x)
    out[x] = xp.arange(n, dtype=x.dtype)
    return out


def invert_permutation(x, name=None):
    """The inverse permutation of the 1-D int tensor `x` (tf.math.invert_permutation)."""
    return apply_gen("InvertPermutation", [("x", x, None)], name=name)


# ------------------------------------------------------------------ zeros_like / ones_like
@register_op("ZerosLike", infer=same_as_input(0), no_gradient=True)
def _zeros_like(xp, x):
    if hasattr(x, "zeros_like"):  # a variant value that defines its zeros (a TensorList: TF's ZEROS_LIKE op)
        return x.zeros_like()
    return xp.zeros_like(x) if x.dtype != object else np.full(x.shape, b"", dtype=object)


@register_op("OnesLike", infer=same_as_input(0), no_gradient=True)
def _ones_like(xp, x):
    return xp.ones_like(x)


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """Zeros with the shape of `tensor`, and its dtype unless `dtype` is given (tf.zeros_like)."""
    with op_scope(name, "zeros_like", [tensor]) as scope:
        t = convert_to_tensor(tensor, name="tensor")
        dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
        if optimize and t.shape.is_fully_defined() and t.dtype.base_dtype != dtypes.variant:
            return constant_op.zeros(t.shape.as_list(), dtype=dtype or t.dtype.base_dtype, name=scope)
        if dtype is not None and dtype != t.dtype.base_dtype:
            return constant_op.zeros(shape_internal(t, optimize=optimize), dtype=dtype, name=scope)
        return apply1("ZerosLike", [t], name=scope)


def ones_like(tensor, dtype=None, name=None, optimize=True):
    """Ones with the shape of `tensor`, and its dtype unless `dtype` is given (tf.ones_like)."""
    with op_scope(name, "ones_like", [tensor]) as scope:
        t = convert_to_tensor(tensor, name="tensor")
        ones_shape = shape_internal(t, optimize=optimize)
        out = constant_op.ones(ones_shape, dtype=dtype or t.dtype.base_dtype, name=scope)
        out.set_shape(t.shape)
        return out


__all__ = [
    "expand_dims", "identity", "invert_permutation", "ones_like", "rank", "reshape", "shape", "size",
    "squeeze", "stop_gradient", "transpose", "zeros_like",
]
