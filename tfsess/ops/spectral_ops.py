"""Discrete Fourier transforms over the innermost 1, 2 or 3 axes: fft/ifft, fft2d/ifft2d, fft3d/ifft3d
(complex in, complex out) and rfft/irfft (real signals, with TF's `fft_length`), through numpy.fft.

numpy.fft computes in double precision; results are returned in the input's precision (complex64 stays
complex64, as in TF), so float32 results may differ from TF's in the last bits.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, broadcast_ops, constant_op, gather_ops, math_ops, reduction_ops, stack_ops, unary_ops
from tfsess.ops._infer import COMPLEX, apply_gen, check_dtype, host

_AXES = {1: (-1,), 2: (-2, -1), 3: (-3, -2, -1)}
_REAL_OF = {np.dtype(np.complex64): np.float32, np.dtype(np.complex128): np.float64}
_COMPLEX_OF = {dtypes.float32: dtypes.complex64, dtypes.float64: dtypes.complex128}


def _complex_infer_for(op_type, rank):
    def infer(inputs, attrs):
        x = inputs[0]
        dtype = check_dtype(x, COMPLEX, "input")
        if x.shape.ndims is not None and x.shape.ndims < rank:
            raise ValueError(f"Shape must be at least rank {rank} but is rank {x.shape.ndims} for '{op_type}'")
        return [(dtype, x.shape)]
    return infer


def _inner_size(t, rank):
    """The number of elements of `t`'s innermost `rank` axes, as t's complex dtype."""
    dims = array_ops.shape(t)[-rank:]
    return math_ops.cast(reduction_ops.reduce_prod(dims), t.dtype.base_dtype)


def _complex_transform(name, op_type, rank, inverse):
    axes = _AXES[rank]

    @register_op(op_type, infer=_complex_infer_for(op_type, rank))
    def kernel(xp, x):
        transform = np.fft.ifftn if inverse else np.fft.fftn
        return xp.asarray(transform(host(x), axes=axes).astype(x.dtype, copy=False))

    def function(input, name=None):  # noqa: A002
        return apply_gen(op_type, [("input", input, None)], name=name)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"The {'inverse ' if inverse else ''}discrete Fourier transform over the innermost {rank} "
                        f"axis{'es' if rank > 1 else ''} (tf.signal.{name}).")
    return kernel, function


_fft, fft = _complex_transform("fft", "FFT", 1, False)
_ifft, ifft = _complex_transform("ifft", "IFFT", 1, True)
_fft2d, fft2d = _complex_transform("fft2d", "FFT2D", 2, False)
_ifft2d, ifft2d = _complex_transform("ifft2d", "IFFT2D", 2, True)
_fft3d, fft3d = _complex_transform("fft3d", "FFT3D", 3, False)
_ifft3d, ifft3d = _complex_transform("ifft3d", "IFFT3D", 3, True)

# TF's _FFTGrad and _IFFTGrad: the adjoint of a forward transform is n times the inverse, and back.
_fft.gradient(lambda op, grad: [ifft(grad) * _inner_size(grad, 1)])
_ifft.gradient(lambda op, grad: [fft(grad) / _inner_size(grad, 1)])
_fft2d.gradient(lambda op, grad: [ifft2d(grad) * _inner_size(grad, 2)])
_ifft2d.gradient(lambda op, grad: [fft2d(grad) / _inner_size(grad, 2)])
_fft3d.gradient(lambda op, grad: [ifft3d(grad) * _inner_size(grad, 3)])
_ifft3d.gradient(lambda op, grad: [fft3d(grad) / _inner_size(grad, 3)])


# ------------------------------------------------------------------ real signals
def _real_infer_for(op_type, rank, inverse):
    def infer(inputs, attrs):
        x, length = inputs
        if inverse:
            in_dtype = check_dtype(x, COMPLEX, "input")
            out_dtype = dtypes.float32 if in_dtype == dtypes.complex64 else dtypes.float64
        else:
            in_dtype = check_dtype(x, (dtypes.float32, dtypes.float64), "input")
            out_dtype = _COMPLEX_OF[in_dtype]
        if x.shape.ndims is None:
            return [(out_dtype, unknown_shape())]
        if x.shape.ndims < rank:
            raise ValueError(f"Shape must be at least rank {rank} but is rank {x.shape.ndims} for '{op_type}'")
        n = constant_value(length)
        dims = list(x.shape.as_tuple_or_none())
        if n is None:
            dims[-rank:] = [None] * rank
        else:
            n = [int(v) for v in np.asarray(n).reshape(-1)]
            dims[-rank:] = n[:-1] + [n[-1] if inverse else n[-1] // 2 + 1]
        return [(out_dtype, TensorShape(dims))]
    return infer


def _real_transform(name, op_type, rank, inverse):
    axes = _AXES[rank]

    @register_op(op_type, infer=_real_infer_for(op_type, rank, inverse))
    def kernel(xp, x, fft_length):
        n = [int(v) for v in host(fft_length).reshape(-1)]
        a = host(x)
        if inverse:
            # TF crops or zero-pads the input to the half-spectrum fft_length implies before transforming
            a = _fit(a, n[:-1] + [n[-1] // 2 + 1], axes)
            out = np.fft.irfftn(a, s=n, axes=axes)
            return xp.asarray(out.astype(_REAL_OF[x.dtype], copy=False))
        out = np.fft.rfftn(_fit(a, n, axes), s=n, axes=axes)
        return xp.asarray(out.astype(np.complex64 if x.dtype == np.float32 else np.complex128, copy=False))

    def function(input_tensor, fft_length=None, name=None):
        with op_scope(name, name_default, [input_tensor, fft_length]) as scope:
            input_tensor = _checked_input(input_tensor, inverse)
            if fft_length is None:
                fft_length = _default_length(input_tensor, rank, inverse)
            else:
                fft_length = convert_to_tensor(fft_length, dtype=dtypes.int32, name="fft_length")
            input_tensor = _maybe_pad(input_tensor, rank, fft_length, inverse)
            return apply_gen(op_type, [("input", input_tensor, None), ("fft_length", fft_length, dtypes.int32)],
                             name=scope)
    name_default = name
    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"The {'inverse ' if inverse else ''}real-signal discrete Fourier transform over the "
                        f"innermost {rank} axis{'es' if rank > 1 else ''}; `fft_length` defaults as TF's "
                        f"(tf.signal.{name}).")
    return kernel, function


def _checked_input(x, inverse):
    """`x` as a tensor of the dtype the transform takes (TF's ValueError otherwise)."""
    x = convert_to_tensor(x, preferred_dtype=dtypes.complex64 if inverse else dtypes.float32)
    allowed = COMPLEX if inverse else (dtypes.float32, dtypes.float64)
    if x.dtype.base_dtype not in allowed:
        kind, names = ("IRFFT", "tf.complex64 or tf.complex128") if inverse else ("RFFT", "tf.float32 or tf.float64")
        raise ValueError(f"{kind} requires {names} inputs, got: {x}")
    return x


def _default_length(x, rank, inverse):
    """TF's fft_length for `x`: its inner `rank` dims (the last one 2 (n - 1) for an inverse transform), a
    constant when they are static."""
    dims = x.shape.as_tuple_or_none()
    if dims is not None and None not in dims[-rank:]:
        lengths = list(dims[-rank:])
        if inverse:
            lengths[-1] = max(0, 2 * (lengths[-1] - 1))
        return convert_to_tensor(np.array(lengths, np.int32), name="Const")
    lengths = stack_ops.unstack(array_ops.shape(x)[-rank:], num=rank)
    if inverse:
        lengths[-1] = math_ops.maximum(0, 2 * (lengths[-1] - 1))
    return stack_ops.stack(lengths)


def _maybe_pad(x, rank, fft_length, inverse):
    """TF's _maybe_pad_for_rfft: zero-pads x's inner `rank` dims up to fft_length (the last one to n // 2 + 1
    for an inverse transform); the kernels crop longer inputs themselves."""
    dims = x.shape.as_tuple_or_none()
    if dims is not None and 0 in dims:
        return x
    lengths = constant_value(fft_length)
    if lengths is not None and dims is not None and None not in dims[-rank:]:
        lengths = [int(v) for v in np.asarray(lengths).reshape(-1)]
        if inverse:
            lengths[-1] = lengths[-1] // 2 + 1
        pads = [[0, max(n - d, 0)] for n, d in zip(lengths, dims[-rank:])]
        if any(after > 0 for _, after in pads):
            return broadcast_ops.pad(x, [[0, 0]] * max(len(dims) - rank, 0) + pads)
        return x
    inner = array_ops.shape(x)[-rank:]
    outer = constant_op.zeros([math_ops.maximum(0, array_ops.rank(x) - rank)], dtypes.int32)
    if inverse:
        fft_length = stack_ops.concat([fft_length[:-1], fft_length[-1:] // 2 + 1], 0)
    after = stack_ops.concat([outer, math_ops.maximum(0, fft_length - inner)], 0)
    return broadcast_ops.pad(x, stack_ops.stack([array_ops.zeros_like(after), after], axis=1))


def _fit(a, sizes, axes):
    """`a` cropped or zero-padded along `axes` to `sizes`."""
    for axis, size in zip(axes, sizes):
        have = a.shape[axis]
        if have > size:
            a = np.take(a, np.arange(size), axis=axis)
        elif have < size:
            widths = [(0, 0)] * a.ndim
            widths[axis] = (0, size - have)
            a = np.pad(a, widths)
    return a


_rfft, rfft = _real_transform("rfft", "RFFT", 1, False)
_irfft, irfft = _real_transform("irfft", "IRFFT", 1, True)
_rfft2d, rfft2d = _real_transform("rfft2d", "RFFT2D", 2, False)
_irfft2d, irfft2d = _real_transform("irfft2d", "IRFFT2D", 2, True)
_rfft3d, rfft3d = _real_transform("rfft3d", "RFFT3D", 3, False)
_irfft3d, irfft3d = _real_transform("irfft3d", "IRFFT3D", 3, True)


# ------------------------------------------------------------------ gradients of the real transforms (TF has them
# for ranks 1 and 2 only)
def _pad_inner_to(x, target, rank):
    """`x` zero-padded at the end of its inner `rank` dims up to `target` (a vector), where it is shorter."""
    after = math_ops.maximum(0, target - array_ops.shape(x)[-rank:])
    outer = constant_op.zeros([math_ops.maximum(0, array_ops.rank(x) - rank)], dtypes.int32)
    after = stack_ops.concat([outer, after], 0)
    return broadcast_ops.pad(x, stack_ops.stack([array_ops.zeros_like(after), after], axis=1))


def _rfft_gradient(rank, complex_inverse):
    """The adjoint of the half spectrum: the missing bins zero-filled, the complex inverse transform times the
    transform size, its real part (equal to TF's _rfft_grad_helper, which writes the same sum through irfft)."""
    def gradient(op, grad):
        x, fft_length = op.inputs
        grad_shape = array_ops.shape(grad)
        missing = array_ops.reshape(fft_length[-1] - grad_shape[-1], [1])
        filler = constant_op.zeros(stack_ops.concat([grad_shape[:-1], missing], 0), grad.dtype.base_dtype)
        full = complex_inverse(stack_ops.concat([grad, filler], -1))
        size = math_ops.cast(reduction_ops.reduce_prod(fft_length), x.dtype.base_dtype)
        # an input longer than fft_length was cropped by the kernel: its tail gets no gradient
        return [_pad_inner_to(unary_ops.real(full) * size, array_ops.shape(x)[-rank:], rank), None]
    return gradient


def _irfft_gradient(rank, real_forward):
    """TF's _irfft_grad_helper: the RFFT of the incoming gradient over the transform size, the bins that stand
    for two (their Hermitian mirror) counted twice."""
    def gradient(op, grad):
        x, fft_length = op.inputs
        real_dtype = grad.dtype.base_dtype
        is_odd = fft_length[-1] % 2
        last = array_ops.shape(x)[-1]
        mask = stack_ops.concat([constant_op.ones([1], real_dtype),
                                 2.0 * constant_op.ones([last - 2 + is_odd], real_dtype),
                                 constant_op.ones([1 - is_odd], real_dtype)], 0)
        size = math_ops.cast(reduction_ops.reduce_prod(array_ops.shape(grad)[-rank:]), real_dtype)
        return [real_forward(grad, fft_length) * math_ops.cast(mask / size, x.dtype.base_dtype), None]
    return gradient


_rfft.gradient(_rfft_gradient(1, ifft))
_rfft2d.gradient(_rfft_gradient(2, ifft2d))
_irfft.gradient(_irfft_gradient(1, rfft))
_irfft2d.gradient(_irfft_gradient(2, rfft2d))


# ------------------------------------------------------------------ n-D transforms over chosen axes
def _nd_infer_for(op_type, kind):
    """kind: "c2c" (FFTND/IFFTND), "r2c" (RFFTND) or "c2r" (IRFFTND). The transformed axes take fft_length (the
    last one n // 2 + 1 for r2c), as the kernel's output does."""
    def infer(inputs, attrs):
        x, length, axes = inputs
        if kind == "r2c":
            check_dtype(x, (dtypes.float32, dtypes.float64), "input")
            out_dtype = dtypes.as_dtype(attrs.get("Tcomplex", dtypes.complex64))
        else:
            in_dtype = check_dtype(x, COMPLEX, "input")
            out_dtype = in_dtype if kind == "c2c" else dtypes.as_dtype(attrs.get("Treal", dtypes.float32))
        if x.shape.ndims is None:
            return [(out_dtype, unknown_shape())]
        dims = list(x.shape.as_tuple_or_none())
        n, axes = constant_value(length), constant_value(axes)
        if axes is None:
            return [(out_dtype, TensorShape([None] * len(dims)))]
        axes = [int(a) for a in np.asarray(axes).reshape(-1)]
        if n is not None and np.asarray(n).size != len(axes):
            raise ValueError(f"fft_length and axes must have the same length, got {np.asarray(n).size} and "
                             f"{len(axes)} for '{op_type}'")
        for i, axis in enumerate(axes):
            if not -len(dims) <= axis < len(dims):
                raise ValueError(f"axes {axes} out of range for an input of rank {len(dims)} for '{op_type}'")
            dims[axis] = None if n is None else int(np.asarray(n).reshape(-1)[i])
        if kind == "r2c" and axes and dims[axes[-1]] is not None:
            dims[axes[-1]] = dims[axes[-1]] // 2 + 1
        return [(out_dtype, TensorShape(dims))]
    return infer


def _nd_kernel(op_type, kind):
    transform = {"c2c": np.fft.fftn, "c2c_inverse": np.fft.ifftn, "r2c": np.fft.rfftn, "c2r": np.fft.irfftn}[kind]

    @register_op(op_type, infer=_nd_infer_for(op_type, "c2c" if kind.startswith("c2c") else kind))
    def kernel(xp, x, fft_length, axes, Tcomplex=dtypes.complex64,  # noqa: N803 - TF's attr names
               Treal=dtypes.float32):
        n = [int(v) for v in host(fft_length).reshape(-1)]
        axes = [int(v) for v in host(axes).reshape(-1)]
        if len(n) != len(axes):
            raise errors.InvalidArgumentError(
                None, None, f"{op_type}: fft_length and axes must have the same length, got {len(n)} and "
                f"{len(axes)}")
        target = {"r2c": Tcomplex, "c2r": Treal}.get(kind)
        target = x.dtype if target is None else dtypes.as_dtype(target).as_numpy_dtype
        return xp.asarray(transform(host(x), s=n, axes=axes).astype(target, copy=False))
    return kernel


def _nd_transform(name, op_type, kind):
    """TF's signal.fftnd-style wrapper: axes default to all of them, fft_length to their sizes (the last one
    2 (n - 1) for irfftnd); the inner len(axes) dims are zero-padded up to fft_length first, as TF's wrapper does;
    `norm` is "backward" (default), "ortho" or "forward"."""
    inverse = kind in ("c2c_inverse", "c2r")

    def function(input_tensor, fft_length=None, axes=None, norm=None, name=None):
        with op_scope(name, name_default, [input_tensor, fft_length, axes]) as scope:
            if kind == "r2c" or kind == "c2r":
                input_tensor = _checked_input(input_tensor, kind == "c2r")
            else:
                input_tensor = convert_to_tensor(input_tensor, preferred_dtype=dtypes.complex64)
            rank = input_tensor.shape.ndims
            if axes is None:
                if rank is None:
                    raise ValueError(f"{name_default} needs the input's rank to default its axes")
                axes = np.arange(rank, dtype=np.int32)
            axes = convert_to_tensor(axes, dtype=dtypes.int32)
            fft_rank = axes.shape.as_tuple_or_none()[0]
            if fft_length is None:
                fft_length = _default_nd_length(input_tensor, axes, kind == "c2r")
            else:
                fft_length = convert_to_tensor(fft_length, dtype=dtypes.int32)
            input_tensor = _maybe_pad(input_tensor, fft_rank, fft_length, kind == "c2r")
            static = constant_value(fft_length)
            if static is not None:
                fft_length = static
            if norm not in (None, "backward"):
                if static is None:
                    raise TypeError(f"{name_default}: norm={norm!r} needs a static fft_length")
                size = float(np.prod(static))
                factor = size if norm == "forward" else np.sqrt(size)
                input_tensor = input_tensor * factor if inverse else input_tensor / factor
            return _apply_nd(op_type, kind, input_tensor, fft_length, axes, scope)
    name_default = name
    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"The {'inverse ' if inverse else ''}{'real-signal ' if kind in ('r2c', 'c2r') else ''}"
                        f"discrete Fourier transform over `axes` (tf.signal.{name}); `axes` default to all, "
                        f"`fft_length` to their sizes, `norm` is 'backward', 'ortho' or 'forward'.")
    return function


def _apply_nd(op_type, kind, x, fft_length, axes, name, out_dtype=None):
    """The op itself; the output dtype attr of the real transforms defaults to the input's precision."""
    attrs = {}
    if kind == "r2c":
        attrs["Tcomplex"] = dtypes.as_dtype(out_dtype or _COMPLEX_OF[x.dtype.base_dtype])
    elif kind == "c2r":
        attrs["Treal"] = dtypes.as_dtype(out_dtype or x.dtype.base_dtype.real_dtype)
    return apply_gen(op_type, [("input", x, None), ("fft_length", fft_length, dtypes.int32),
                               ("axes", axes, dtypes.int32)], attrs=attrs, name=name)


def _raw_nd(op_type, kind, out_attr=None):
    """TF1's top-level tf.fftnd & co.: the bare ops, fft_length and axes required."""
    if out_attr is None:
        def raw(input, fft_length, axes, name=None):  # noqa: A002 - TF's names
            return apply_gen(op_type, [("input", input, None), ("fft_length", fft_length, dtypes.int32),
                                       ("axes", axes, dtypes.int32)], name=name)
    else:
        def raw(input, fft_length, axes, name=None, **out):  # noqa: A002 - TF's names
            dtype = out.pop(out_attr, dtypes.complex64 if kind == "r2c" else dtypes.float32)
            if out:
                raise TypeError(f"{op_type} got unexpected keyword arguments {sorted(out)}")
            with op_scope(name, op_type, [input]) as scope:
                return _apply_nd(op_type, kind, convert_to_tensor(input, name="input"), fft_length, axes, scope,
                                 out_dtype=dtype)
    raw.__name__ = raw.__qualname__ = op_type.lower()
    raw.__doc__ = f"The {op_type} op over `axes` with `fft_length` (tf.{op_type.lower()}, TF1's top-level name)."
    return raw


def _default_nd_length(x, axes, inverse):
    """fft_length from x's sizes along `axes` (the last one 2 (n - 1) for irfftnd). TF's wrapper takes the whole
    shape instead, which only fits when `axes` are all of them (the default)."""
    static_axes = constant_value(axes)
    dims = x.shape.as_tuple_or_none()
    if static_axes is not None and dims is not None and all(dims[int(a)] is not None for a in static_axes):
        lengths = [dims[int(a)] for a in static_axes]
        if inverse and lengths:
            lengths[-1] = max(0, 2 * (lengths[-1] - 1))
        return convert_to_tensor(np.array(lengths, np.int32))
    lengths = gather_ops.gather(array_ops.shape(x), axes)
    if inverse:
        last = array_ops.reshape(math_ops.maximum(0, 2 * (lengths[-1] - 1)), [1])
        lengths = stack_ops.concat([lengths[:-1], last], 0)
    return lengths


_fftnd = _nd_kernel("FFTND", "c2c")
_ifftnd = _nd_kernel("IFFTND", "c2c_inverse")
_rfftnd = _nd_kernel("RFFTND", "r2c")
_irfftnd = _nd_kernel("IRFFTND", "c2r")
fftnd = _nd_transform("fftnd", "FFTND", "c2c")
ifftnd = _nd_transform("ifftnd", "IFFTND", "c2c_inverse")
rfftnd = _nd_transform("rfftnd", "RFFTND", "r2c")
irfftnd = _nd_transform("irfftnd", "IRFFTND", "c2r")
gen_fftnd = _raw_nd("FFTND", "c2c")
gen_ifftnd = _raw_nd("IFFTND", "c2c_inverse")
gen_rfftnd = _raw_nd("RFFTND", "r2c", "Tcomplex")
gen_irfftnd = _raw_nd("IRFFTND", "c2r", "Treal")

__all__ = ["fft", "fft2d", "fft3d", "fftnd", "ifft", "ifft2d", "ifft3d", "ifftnd", "irfft", "irfft2d", "irfft3d",
           "irfftnd", "rfft", "rfft2d", "rfft3d", "rfftnd"]
