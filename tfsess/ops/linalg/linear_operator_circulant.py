"""Circulant operators (1-D, and block-circulant 2-D and 3-D) acting through the FFT of their spectrum, and
Toeplitz operators, multiplied by embedding them in a circulant matrix of twice the size (as TF does)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, extra_math_ops, gather_ops, math_ops,
                        reduction_ops, sequence_ops, spectral_ops, stack_ops, unary_ops)
from tfsess.ops.linalg.linear_operator import (LinearOperator, adjoint_tensor, assert_no_entries_with_modulus_zero,
                                               assert_zero_imag_part, real_part, shape_tensor)
from tfsess.ops.linalg.linear_operator_composite import broadcast_batch_dims_all

_FFT = {1: spectral_ops.fft, 2: spectral_ops.fft2d, 3: spectral_ops.fft3d}
_IFFT = {1: spectral_ops.ifft, 2: spectral_ops.ifft2d, 3: spectral_ops.ifft3d}


def to_complex(x):
    if x.dtype.is_complex:
        return x
    return math_ops.cast(x, dtypes.complex128 if x.dtype == dtypes.float64 else dtypes.complex64)


def _rotate_last_to_front(x):
    rank = array_ops.rank(x)
    return array_ops.transpose(x, stack_ops.concat([[rank - 1], sequence_ops.range_(0, rank - 1)], 0))


def _rotate_front_to_last(x):
    rank = array_ops.rank(x)
    return array_ops.transpose(x, stack_ops.concat([sequence_ops.range_(1, rank), [0]], 0))


def _combined_hint(left, right, attr):
    if getattr(left, attr) and getattr(right, attr):
        return True
    return None


class _BaseLinearOperatorCirculant(LinearOperator):
    """A [nested block] circulant operator of `block_depth` levels, given by its spectrum (the D-dimensional DFT
    of its convolution kernel)."""
    _parameter_ndims = {"spectrum": lambda op: op.block_depth}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, spectrum, block_depth, input_output_dtype=dtypes.complex64, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True, parameters=None,
                 name="LinearOperatorCirculant"):
        if block_depth not in (1, 2, 3):
            raise ValueError(f"Argument `block_depth` must be one of [1, 2, 3]. Received: {block_depth}.")
        self._block_depth = block_depth
        with name_scope(name, values=[spectrum]):
            self._spectrum = convert_to_tensor(spectrum, name="spectrum")
            if self._spectrum.shape.ndims is not None and self._spectrum.shape.ndims < block_depth:
                raise ValueError(f"Argument `spectrum` must have at least {block_depth} dimensions. "
                                 f"Received: {self._spectrum}.")
            if not self._spectrum.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError(f"A real spectrum always corresponds to a self-adjoint operator. Expected "
                                     f"argument `is_self_adjoint` to be True when `spectrum.dtype.is_complex` = "
                                     f"True. Received: {is_self_adjoint}.")
                is_self_adjoint = True
            if is_square is False:
                raise ValueError(f"A [[nested] block] circulant operator is always square. Expected argument "
                                 f"`is_square` to be True. Received: {is_square}.")
            super().__init__(dtypes.as_dtype(input_output_dtype), None, is_non_singular, is_self_adjoint,
                             is_positive_definite, True, name, parameters or {"spectrum": spectrum})

    @property
    def block_depth(self):
        return self._block_depth

    @property
    def spectrum(self):
        return self._spectrum

    @property
    def block_shape(self):
        return self._spectrum.shape[-self._block_depth:]

    def block_shape_tensor(self):
        return self._block_shape_tensor()

    def _block_shape_tensor(self):
        if self.block_shape.is_fully_defined():
            return shape_tensor(self.block_shape.as_list(), name="block_shape")
        return array_ops.shape(self._spectrum)[-self._block_depth:]

    def _shape(self):
        s = self._spectrum.shape
        if s.ndims is None:
            return TensorShape(None)
        trailing = s[-self._block_depth:]
        n = int(np.prod(trailing.as_list())) if trailing.is_fully_defined() else None
        return s[:-self._block_depth].concatenate([n, n])

    def _shape_tensor(self):
        s = array_ops.shape(self._spectrum)
        n = reduction_ops.reduce_prod(s[-self._block_depth:])
        return stack_ops.concat((s[:-self._block_depth], stack_ops.stack([n, n])), 0)

    def _vectorize_then_blockify(self, matrix):
        """[..., N, R] -> [R, ..., b1, ..., bD]."""
        vec = _rotate_last_to_front(matrix)
        if vec.shape.is_fully_defined() and self.block_shape.is_fully_defined():
            final = vec.shape[:-1].concatenate(self.block_shape).as_list()
        else:
            final = stack_ops.concat((array_ops.shape(vec)[:-1], self._block_shape_tensor()), 0)
        return array_ops.reshape(vec, final)

    def _unblockify(self, x):
        depth = self._block_depth
        if x.shape.is_fully_defined():
            shape = x.shape.as_list()
            flat = shape[:-depth] + [int(np.prod(shape[-depth:]))]
        else:
            s = array_ops.shape(x)
            flat = stack_ops.concat((s[:-depth], [reduction_ops.reduce_prod(s[-depth:])]), 0)
        return array_ops.reshape(x, flat)

    def _unblockify_then_matricize(self, vec):
        return _rotate_front_to_last(self._unblockify(vec))

    def _fft(self, x):
        return _FFT[self._block_depth](to_complex(x))

    def _ifft(self, x):
        return _IFFT[self._block_depth](to_complex(x))

    def convolution_kernel(self, name="convolution_kernel"):
        """The convolution kernel: the inverse DFT of the spectrum, in this operator's dtype."""
        with self._name_scope(name):
            return math_ops.cast(self._ifft(to_complex(self._spectrum)), self.dtype)

    def assert_hermitian_spectrum(self, name="assert_hermitian_spectrum"):
        """An op failing unless the spectrum is Hermitian (the operator is real)."""
        eps = float(np.finfo(self.dtype.real_dtype.as_numpy_dtype).eps)
        with self._name_scope(name):
            max_err = eps * self.domain_dimension_tensor()  # TF's expression: a float times an int32 tensor
            imag_kernel = unary_ops.imag(self.convolution_kernel())
            return check_ops.assert_less(unary_ops.abs(imag_kernel), max_err, message="Spectrum was not Hermitian")

    def _assert_non_singular(self):
        return assert_no_entries_with_modulus_zero(self._spectrum,
                                                   message="Singular operator:  Spectrum contained zero values.")

    def _assert_positive_definite(self):
        return check_ops.assert_positive(real_part(self._spectrum), message="Not positive definite:  Real part "
                                                                                 "of spectrum was not all positive.")

    def _assert_self_adjoint(self):
        return assert_zero_imag_part(self._spectrum, message="Not self-adjoint:  The spectrum contained non-zero "
                                                             "imaginary part.")

    def _broadcast_batch_dims(self, x, spectrum):
        """x [..., N, R] and the spectrum with their batch dims broadcast together."""
        if self.batch_shape.is_fully_defined():
            spec_shape = self.batch_shape.as_list() + [-1, 1]
        else:
            spec_shape = stack_ops.concat((self._shape_tensor()[:-2], [-1, 1]), axis=0)
        spec_mat = array_ops.reshape(spectrum, spec_shape)
        x, spec_mat = broadcast_batch_dims_all([x, spec_mat])
        x_batch = array_ops.shape(x)[:-2]
        spectrum = array_ops.reshape(spec_mat, stack_ops.concat((x_batch, self._block_shape_tensor()), axis=0))
        return x, spectrum

    def _apply_spectrum(self, x, adjoint, divide):
        spectrum = to_complex(self._spectrum)
        if adjoint:
            spectrum = unary_ops.conj(spectrum)
        x = math_ops.cast(x, spectrum.dtype)
        x, spectrum = self._broadcast_batch_dims(x, spectrum)
        fft_x = self._fft(self._vectorize_then_blockify(x))
        result = self._ifft(fft_x / spectrum if divide else spectrum * fft_x)
        return math_ops.cast(self._unblockify_then_matricize(result), self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_tensor(x) if adjoint_arg else x
        return self._apply_spectrum(x, adjoint, divide=False)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_tensor(rhs) if adjoint_arg else rhs
        return self._apply_spectrum(rhs, adjoint, divide=True)

    def _block_axes(self):
        return [-(i + 1) for i in range(self._block_depth)]

    def _determinant(self):
        return math_ops.cast(reduction_ops.reduce_prod(self._spectrum, axis=self._block_axes()), self.dtype)

    def _log_abs_determinant(self):
        lad = reduction_ops.reduce_sum(unary_ops.log(unary_ops.abs(self._spectrum)), axis=self._block_axes())
        return math_ops.cast(lad, self.dtype)

    def _trace(self):
        re = reduction_ops.reduce_sum(unary_ops.real(self._spectrum), axis=self._block_axes())
        if not self.dtype.is_complex:
            return math_ops.cast(re, self.dtype)
        im = array_ops.zeros_like(re) if self.is_self_adjoint else reduction_ops.reduce_sum(
            unary_ops.imag(self._spectrum), axis=self._block_axes())
        return math_ops.cast(unary_ops.complex(re, im), self.dtype)

    def _diag_part(self):
        if self.shape.is_fully_defined():
            diag_shape, size = self.shape[:-1].as_list(), self.domain_dimension.value
        else:
            diag_shape, size = self.shape_tensor()[:-1], self.domain_dimension_tensor()
        value = self.trace() / math_ops.cast(size, self.dtype)
        return array_ops.expand_dims(value, -1) * constant_op.ones(diag_shape, dtype=self.dtype)

    def _eigvals(self):
        return self._unblockify(self._spectrum)

    def _cond(self):
        abs_values = unary_ops.abs(self._unblockify(self._spectrum))
        return reduction_ops.reduce_max(abs_values, axis=-1) / reduction_ops.reduce_min(abs_values, axis=-1)

    def _same_kind(self, spectrum, **hints):
        return type(self)._from_spectrum(spectrum, self._block_depth, **hints)

    @classmethod
    def _from_spectrum(cls, spectrum, block_depth, **kwargs):
        if cls is _BaseLinearOperatorCirculant:
            return cls(spectrum, block_depth, **kwargs)
        return cls(spectrum, **kwargs)

    def _linop_adjoint(self):
        spectrum = unary_ops.conj(self._spectrum) if self._spectrum.dtype.is_complex else self._spectrum
        return self._same_kind(spectrum, is_non_singular=self.is_non_singular, is_self_adjoint=self.is_self_adjoint,
                               is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_inverse(self):
        return self._same_kind(1.0 / self._spectrum, is_non_singular=self.is_non_singular,
                               is_self_adjoint=self.is_self_adjoint, is_positive_definite=self.is_positive_definite,
                               is_square=True, input_output_dtype=self.dtype)

    def _combine(self, left, right, spectrum):
        non_singular = True if left.is_non_singular and right.is_non_singular else (
            False if left.is_non_singular is False or right.is_non_singular is False else None)
        return left._same_kind(spectrum, is_non_singular=non_singular,
                               is_self_adjoint=_combined_hint(left, right, "is_self_adjoint"),
                               is_positive_definite=_combined_hint(left, right, "is_positive_definite"),
                               is_square=True)

    def _linop_matmul(self, left, right):
        if not isinstance(right, _BaseLinearOperatorCirculant) or not isinstance(left, type(right)):
            return super()._linop_matmul(left, right)
        return self._combine(left, right, left.spectrum * right.spectrum)

    def _linop_solve(self, left, right):
        if not isinstance(right, _BaseLinearOperatorCirculant) or not isinstance(left, type(right)):
            return super()._linop_solve(left, right)
        return self._combine(left, right, right.spectrum / left.spectrum)


def _circulant_class(depth, doc, default_name):
    class Circulant(_BaseLinearOperatorCirculant):
        __doc__ = doc

        def __init__(self, spectrum, input_output_dtype=dtypes.complex64, is_non_singular=None,
                     is_self_adjoint=None, is_positive_definite=None, is_square=True, name=default_name):
            super().__init__(spectrum, depth, input_output_dtype, is_non_singular, is_self_adjoint,
                             is_positive_definite, is_square, {"spectrum": spectrum,
                                                               "input_output_dtype": input_output_dtype}, name)
    Circulant.__name__ = Circulant.__qualname__ = default_name
    return Circulant


LinearOperatorCirculant = _circulant_class(
    1, "A circulant [batch] matrix given by its spectrum [..., N] (tf.linalg.LinearOperatorCirculant).",
    "LinearOperatorCirculant")
LinearOperatorCirculant2D = _circulant_class(
    2, "A block-circulant matrix with circulant blocks, given by its spectrum [..., N0, N1] "
       "(tf.linalg.LinearOperatorCirculant2D).", "LinearOperatorCirculant2D")
LinearOperatorCirculant3D = _circulant_class(
    3, "A doubly nested block-circulant matrix given by its spectrum [..., N0, N1, N2] "
       "(tf.linalg.LinearOperatorCirculant3D).", "LinearOperatorCirculant3D")


class LinearOperatorToeplitz(LinearOperator):
    """A square Toeplitz [batch] matrix from its first column and first row; row[0] is ignored
    (tf.linalg.LinearOperatorToeplitz)."""
    _parameter_ndims = {"col": 1, "row": 1}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, col, row, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorToeplitz"):
        with name_scope(name, values=[row, col]):
            self._row = convert_to_tensor(row, name="row")
            self._col = convert_to_tensor(col, name="col")
            for what, t in (("row", self._row), ("col", self._col)):
                if t.shape.ndims is not None and t.shape.ndims < 1:
                    raise ValueError(f"Argument {what} must have at least 1 dimension.  Found: {t}")
            r = self._row.shape.dims[-1].value if self._row.shape.ndims else None
            c = self._col.shape.dims[-1].value if self._col.shape.ndims else None
            if r is not None and c is not None and r != c:
                raise ValueError("Expected square matrix, got row and col with mismatched dimensions.")
            if is_square is False:
                raise ValueError("Only square Toeplitz operators currently supported.")
            super().__init__(self._row.dtype, None, is_non_singular, is_self_adjoint, is_positive_definite, True,
                             name, {"col": col, "row": row})

    @property
    def col(self):
        return self._col

    @property
    def row(self):
        return self._row

    def _shape(self):
        v = broadcast_ops.broadcast_static_shape(self._row.shape, self._col.shape)
        return v.concatenate(v[-1:])

    def _shape_tensor(self):
        v = extra_math_ops.broadcast_dynamic_shape(array_ops.shape(self._row), array_ops.shape(self._col))
        return stack_ops.concat((v, v[-1:]), 0)

    def _assert_self_adjoint(self):
        return check_ops.assert_equal(self._row, self._col, message="row and col are not the same, and so this "
                                                                    "operator is not self-adjoint.")

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        # The Toeplitz matrix is the top-left block of a circulant of size 2N with first column
        # [col, 0, reversed(row[1:])]; x padded with N zeros gives its product in the first N rows.
        x = adjoint_tensor(x) if adjoint_arg else x
        expanded_x = stack_ops.concat([x, array_ops.zeros_like(x)], axis=-2)
        circulant_col = stack_ops.concat([self._col, array_ops.zeros_like(self._col[..., 0:1]),
                                          broadcast_ops.reverse(self._row[..., 1:], axis=[-1])], axis=-1)
        circulant = LinearOperatorCirculant(spectral_ops.fft(to_complex(circulant_col)),
                                            input_output_dtype=self._row.dtype)
        result = circulant.matmul(expanded_x, adjoint=adjoint, adjoint_arg=False)
        return math_ops.cast(result[..., :self.domain_dimension_tensor(), :], self.dtype)

    def _trace(self):
        return math_ops.cast(self.domain_dimension_tensor(), dtype=self.dtype) * self._col[..., 0]

    def _diag_part(self):
        return self._col[..., 0:1] * constant_op.ones(stack_ops.stack([self.domain_dimension_tensor()]), self.dtype)

    def _to_dense(self):
        total = extra_math_ops.broadcast_dynamic_shape(array_ops.shape(self._row), array_ops.shape(self._col))
        n = array_ops.shape(self._row)[-1]
        row = broadcast_ops.broadcast_to(self._row, total)
        col = broadcast_ops.broadcast_to(self._col, total)
        elements = stack_ops.concat([broadcast_ops.reverse(col, axis=[-1]), row[..., 1:]], axis=-1)
        indices = math_ops.mod(sequence_ops.range_(0, n) + array_ops.expand_dims(
            sequence_ops.range_(n - 1, -1, -1), -1), 2 * n - 1)
        return gather_ops.gather(elements, indices, axis=-1)


__all__ = ["LinearOperatorCirculant", "LinearOperatorCirculant2D", "LinearOperatorCirculant3D",
           "LinearOperatorToeplitz"]
