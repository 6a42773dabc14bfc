"""Discrete Fourier transforms over the innermost 1, 2 or 3 axes: fft/ifft, fft2d/ifft2d, fft3d/ifft3d
(complex in, complex out) and rfft/irfft (real signals, with TF's `fft_length`), through numpy.fft.

numpy.fft computes in double precision; results are returned in the input's precision (complex64 stays
complex64, as in TF), so float32 results may differ from TF's in the last bits.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, math_ops, reduction_ops, stack_ops
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
        with op_scope(name, op_type, [input_tensor]) as scope:
            input_tensor = convert_to_tensor(input_tensor, name="input")
            if fft_length is None:
                dims = input_tensor.shape.as_tuple_or_none()
                if dims is None or None in dims[-rank:]:
                    shape = array_ops.shape(input_tensor)[-rank:]
                    fft_length = shape if not inverse else _inverse_length(shape, rank)
                else:
                    fft_length = list(dims[-rank:])
                    if inverse:
                        fft_length[-1] = 2 * (fft_length[-1] - 1)
            return apply_gen(op_type, [("input", input_tensor, None), ("fft_length", fft_length, dtypes.int32)],
                             name=scope)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"The {'inverse ' if inverse else ''}real-signal discrete Fourier transform over the "
                        f"innermost {rank} axis{'es' if rank > 1 else ''}; `fft_length` defaults as TF's "
                        f"(tf.signal.{name}).")
    return kernel, function


def _inverse_length(shape, rank):
    last = 2 * (shape[-1] - 1)
    return stack_ops.concat([shape[:-1], array_ops.reshape(last, [1])], 0) if rank > 1 else \
        array_ops.reshape(last, [1])


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

__all__ = ["fft", "fft2d", "fft3d", "ifft", "ifft2d", "ifft3d", "irfft", "irfft2d", "irfft3d", "rfft", "rfft2d",
           "rfft3d"]
