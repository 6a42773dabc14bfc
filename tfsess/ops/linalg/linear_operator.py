"""tf.linalg.LinearOperator: a [batch] matrix known by how it acts, with TF's hints, name scopes and fallbacks.

Subclasses override the `_`-methods they can do better than the dense fallbacks (`_matmul` and `_shape` are
required). Results an operator method returns as another operator (adjoint, inverse, products) are built from
classes that subclass modules record in `OPERATOR_CLASSES`, so this module names none of them.
"""
from __future__ import annotations

import contextlib

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import Dimension, dimension_value
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, control_flow_ops, linalg_ops, math_ops,
                        matrix_decomposition_ops, matrix_ops, reduction_ops, unary_ops)
from tfsess.ops.linalg import slicing
from tfsess.ops.linalg_lu_ops import slogdet

# "Composition", "Inversion", "Adjoint", "LowerTriangular": filled by the modules defining them.
OPERATOR_CLASSES = {}

FLOATS_AND_COMPLEX = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64,
                      dtypes.complex128)


def shape_tensor(shape, name=None):
    """A shape (list, scalar or tensor) as a tensor; an empty list as int32 (TF's linear_operator_util)."""
    dtype = dtypes.int32 if isinstance(shape, (tuple, list)) and not shape else None
    return convert_to_tensor(shape, dtype=dtype, name=name)


def check_dtype_in(tensor, allowed, what):
    if tensor.dtype.base_dtype not in allowed:
        raise TypeError(f"Argument {what} must have dtype in {list(allowed)}.  Found: {tensor.dtype}")


def dim_at(shape, index):
    return Dimension(None) if shape.ndims is None else shape.dims[index]


def assert_dims_compatible(a, b):
    """ValueError unless two Dimensions are compatible (TF's Dimension.assert_is_compatible_with)."""
    if not a.is_compatible_with(b):
        raise ValueError(f"Dimensions {a} and {b} are not compatible")


def assert_no_entries_with_modulus_zero(x, message=None, name="assert_no_entries_with_modulus_zero"):
    """An Assert that every entry of `x` has |x| > 0."""
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        zero = constant_op.constant(0, dtype=x.dtype.real_dtype)
        return check_ops.assert_less(zero, unary_ops.abs(x), message=message)


def assert_zero_imag_part(x, message=None, name="assert_zero_imag_part"):
    """An Assert that the imaginary part of `x` is zero (a no-op for real `x`)."""
    with name_scope(name, values=[x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_complex:
            return control_flow_ops.no_op()
        zero = constant_op.constant(0, dtype=x.dtype.real_dtype)
        return check_ops.assert_equal(zero, unary_ops.imag(x), message=message)


def real_part(x):
    """The real part of a complex tensor; a real tensor itself (as TF's math_ops.real, so static checks see it)."""
    return unary_ops.real(x) if x.dtype.is_complex else x


def broadcast_matrix_batch_dims(a, b):
    """a, b [..., M, N] with their batch dims broadcast against each other (TF broadcasts before a solve)."""
    sa, sb = a.shape, b.shape
    if sa.ndims is not None and sb.ndims is not None and sa.is_fully_defined() and sb.is_fully_defined():
        batch = broadcast_ops.broadcast_static_shape(sa[:-2], sb[:-2])
        if sa[:-2] != batch:
            a = broadcast_ops.broadcast_to(a, batch.concatenate(sa[-2:]).as_list())
        if sb[:-2] != batch:
            b = broadcast_ops.broadcast_to(b, batch.concatenate(sb[-2:]).as_list())
        return a, b
    # Adding zeros of the other's batch shape broadcasts each to the joint batch shape.
    zeros_a = array_ops.zeros_like(a[..., :1, :1])
    zeros_b = array_ops.zeros_like(b[..., :1, :1])
    return a + math_ops.cast(zeros_b, a.dtype), b + math_ops.cast(zeros_a, b.dtype)


def matrix_solve_with_broadcast(matrix, rhs, adjoint=False):
    matrix, rhs = broadcast_matrix_batch_dims(matrix, rhs)
    return matrix_decomposition_ops.matrix_solve(matrix, rhs, adjoint=adjoint)


def adjoint_tensor(x):
    return matrix_ops.matrix_transpose(x, conjugate=True)


def _is_square_of(left, right):
    """The is_square hint of a product left @ right (TF's property_hint_util.is_square)."""
    if left.is_square and right.is_square:
        return True
    if left.is_square is False or right.is_square is False:
        return False
    if left.range_dimension.value is not None and right.domain_dimension.value is not None:
        return left.range_dimension.value == right.domain_dimension.value
    return None


def _combined_non_singular(left, right):
    if left.is_non_singular is False or right.is_non_singular is False:
        return False
    return left.is_non_singular and right.is_non_singular


class LinearOperator:
    """Base class of [batch] linear operators acting like matrices [B1, ..., Bb, M, N] (tf.linalg.LinearOperator)."""
    _parameter_ndims = {}  # parameter name -> its right-most dimensions forming the matrix (slicing keeps them)

    def __init__(self, dtype, graph_parents=None, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name=None, parameters=None):
        if is_positive_definite:
            if is_non_singular is False:
                raise ValueError("A positive definite matrix is always non-singular.")
            is_non_singular = True
        if is_non_singular:
            if is_square is False:
                raise ValueError("A non-singular matrix is always square.")
            is_square = True
        if is_self_adjoint:
            if is_square is False:
                raise ValueError("A self-adjoint matrix is always square.")
            is_square = True
        self._is_square_set_or_implied_by_hints = is_square
        self._dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
        self._is_non_singular = is_non_singular
        self._is_self_adjoint = is_self_adjoint
        self._is_positive_definite = is_positive_definite
        self._graph_parents = list(graph_parents or [])
        self._parameters = dict(parameters or {})
        self._name = name or type(self).__name__

    @contextlib.contextmanager
    def _name_scope(self, name=None):
        full_name = self.name if name is None else f"{self.name}/{name}"
        with name_scope(full_name) as scope:
            yield scope

    # ------------------------------------------------------------------ properties and hints
    @property
    def parameters(self):
        return dict(self._parameters)

    @property
    def _experimental_parameter_ndims_to_matrix_ndims(self):
        """Each batch-sliced parameter's count of right-most dimensions that form the matrix."""
        return {name: ndims(self) if callable(ndims) else ndims for name, ndims in self._parameter_ndims.items()}

    def __getitem__(self, slices):
        """This operator sliced along its batch dimensions (tf.linalg.LinearOperator.__getitem__)."""
        return slicing.batch_slice(self, {}, slices)

    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self):
        return self._name

    @property
    def graph_parents(self):
        return list(self._graph_parents)

    @property
    def is_non_singular(self):
        return self._is_non_singular

    @property
    def is_self_adjoint(self):
        return self._is_self_adjoint

    @property
    def is_positive_definite(self):
        return self._is_positive_definite

    @property
    def is_square(self):
        auto_square_check = self.domain_dimension == self.range_dimension
        if self._is_square_set_or_implied_by_hints is False and auto_square_check:
            raise ValueError("User set is_square hint to False, but the operator was square.")
        if self._is_square_set_or_implied_by_hints is None:
            return auto_square_check
        return self._is_square_set_or_implied_by_hints

    # ------------------------------------------------------------------ shapes
    def _shape(self):
        raise NotImplementedError("_shape is not implemented.")

    def _shape_tensor(self):
        raise NotImplementedError("_shape_tensor is not implemented.")

    @property
    def shape(self):
        return self._shape()

    def shape_tensor(self, name="shape_tensor"):
        with self._name_scope(name):
            if self.shape.is_fully_defined():
                return shape_tensor(self.shape.as_list())
            return self._shape_tensor()

    @property
    def batch_shape(self):
        return self.shape[:-2]

    def batch_shape_tensor(self, name="batch_shape_tensor"):
        with self._name_scope(name):
            return self._batch_shape_tensor()

    def _batch_shape_tensor(self, shape=None):
        if self.batch_shape.is_fully_defined():
            return shape_tensor(self.batch_shape.as_list(), name="batch_shape")
        shape = self.shape_tensor() if shape is None else shape
        return shape[:-2]

    @property
    def tensor_rank(self):
        return self.shape.ndims

    def tensor_rank_tensor(self, name="tensor_rank_tensor"):
        with self._name_scope(name):
            if self.tensor_rank is not None:
                return convert_to_tensor(self.tensor_rank)
            return array_ops.size(self.shape_tensor())

    @property
    def domain_dimension(self):
        return Dimension(None) if self.shape.ndims is None else self.shape.dims[-1]

    def domain_dimension_tensor(self, name="domain_dimension_tensor"):
        with self._name_scope(name):
            return self._domain_dimension_tensor()

    def _domain_dimension_tensor(self, shape=None):
        value = dimension_value(self.domain_dimension)
        if value is not None:
            return convert_to_tensor(value)
        shape = self.shape_tensor() if shape is None else shape
        return shape[-1]

    @property
    def range_dimension(self):
        return self.shape.dims[-2] if self.shape.dims else Dimension(None)

    def range_dimension_tensor(self, name="range_dimension_tensor"):
        with self._name_scope(name):
            return self._range_dimension_tensor()

    def _range_dimension_tensor(self, shape=None):
        value = dimension_value(self.range_dimension)
        if value is not None:
            return convert_to_tensor(value)
        shape = self.shape_tensor() if shape is None else shape
        return shape[-2]

    # ------------------------------------------------------------------ assertions
    def _max_condition_number_to_be_non_singular(self):
        with name_scope("max_nonsingular_condition_number"):
            eps = float(np.finfo(self.dtype.as_numpy_dtype).eps)
            size = reduction_ops.reduce_max([100.0, math_ops.cast(self.range_dimension_tensor(), dtypes.float32),
                                             math_ops.cast(self.domain_dimension_tensor(), dtypes.float32)])
            return math_ops.cast(size, self.dtype.real_dtype) / eps

    def _assert_non_singular(self):
        if self._can_use_cholesky():
            return self.assert_positive_definite()
        singular_values = matrix_decomposition_ops.svd(self.to_dense(), compute_uv=False)
        cond = (reduction_ops.reduce_max(singular_values, axis=-1) /
                reduction_ops.reduce_min(singular_values, axis=-1))
        return check_ops.assert_less(cond, self._max_condition_number_to_be_non_singular(),
                                     message="Singular matrix up to precision epsilon.")

    def assert_non_singular(self, name="assert_non_singular"):
        """An op that fails at run time unless this operator is non-singular."""
        with self._name_scope(name):
            return self._assert_non_singular()

    def _assert_positive_definite(self):
        if self.is_self_adjoint:
            return check_ops.assert_positive(
                matrix_ops.matrix_diag_part(matrix_decomposition_ops.cholesky(self.to_dense())),
                message="Matrix was not positive definite.")
        raise NotImplementedError("assert_positive_definite is not implemented.")

    def assert_positive_definite(self, name="assert_positive_definite"):
        """An op that fails at run time unless x^H A x has a positive real part for every nonzero x."""
        with self._name_scope(name):
            return self._assert_positive_definite()

    def _assert_self_adjoint(self):
        dense = self.to_dense()
        return check_ops.assert_equal(dense, adjoint_tensor(dense), message="Matrix was not equal to its adjoint.")

    def assert_self_adjoint(self, name="assert_self_adjoint"):
        """An op that fails at run time unless this operator equals its conjugate transpose exactly."""
        with self._name_scope(name):
            return self._assert_self_adjoint()

    def _check_input_dtype(self, arg):
        if arg.dtype.base_dtype != self.dtype:
            raise TypeError(f"Expected argument to have dtype {self.dtype}.  Found: {arg.dtype} in tensor {arg}")

    # ------------------------------------------------------------------ products and solves
    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        raise NotImplementedError("_matmul is not implemented.")

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        """op(A) @ op(x) for a tensor x [..., N, R] (or another operator)."""
        if isinstance(x, LinearOperator):
            left = self.adjoint() if adjoint else self
            right = x.adjoint() if adjoint_arg else x
            if (right.range_dimension.value is not None and left.domain_dimension.value is not None
                    and right.range_dimension != left.domain_dimension):
                raise ValueError(f"Operators are incompatible. Expected `x` to have dimension "
                                 f"{left.domain_dimension} but got {right.range_dimension}.")
            with self._name_scope(name):
                return self._linop_matmul(left, right)
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            assert_dims_compatible(dim_at(self.shape, -2 if adjoint else -1),
                                   dim_at(x.shape, -1 if adjoint_arg else -2))
            return self._matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _linop_matmul(self, left, right):
        if getattr(right, "_is_identity", False):
            return left
        if getattr(right, "_is_zeros", False):
            if not right.is_square or not left.is_square:
                raise ValueError("Matmul with non-square `LinearOperator`s or non-square `LinearOperatorZeros` "
                                 "not supported at this time.")
            return right
        return OPERATOR_CLASSES["Composition"]([left, right], **self._product_hints(left, right))

    @staticmethod
    def _product_hints(left, right):
        is_square = _is_square_of(left, right)
        hints = {"is_square": is_square, "is_non_singular": None, "is_self_adjoint": None,
                 "is_positive_definite": None}
        if is_square:
            hints["is_non_singular"] = _combined_non_singular(left, right)
        elif is_square is False:
            hints.update(is_non_singular=False, is_self_adjoint=False, is_positive_definite=False)
        return hints

    def __matmul__(self, other):
        return self.matmul(other)

    def _matvec(self, x, adjoint=False):
        x_mat = array_ops.expand_dims(x, axis=-1)
        return array_ops.squeeze(self.matmul(x_mat, adjoint=adjoint), axis=-1)

    def matvec(self, x, adjoint=False, name="matvec"):
        """op(A) @ x for a [batch] vector x [..., N]."""
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            assert_dims_compatible(dim_at(self.shape, -2 if adjoint else -1), dim_at(x.shape, -1))
            return self._matvec(x, adjoint=adjoint)

    def _dense_solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_tensor(rhs) if adjoint_arg else rhs
        if self._can_use_cholesky():
            return matrix_decomposition_ops.cholesky_solve(matrix_decomposition_ops.cholesky(self.to_dense()), rhs)
        return matrix_solve_with_broadcast(self.to_dense(), rhs, adjoint=adjoint)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._dense_solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _check_solvable(self):
        if self.is_non_singular is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is expected to be singular.")
        if self.is_square is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is expected to not be "
                                      "square.")

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        """X with op(A) X = op(rhs) (or an operator A^-1 rhs for an operator rhs)."""
        self._check_solvable()
        if isinstance(rhs, LinearOperator):
            left = self.adjoint() if adjoint else self
            right = rhs.adjoint() if adjoint_arg else rhs
            if (right.range_dimension.value is not None and left.domain_dimension.value is not None
                    and right.range_dimension != left.domain_dimension):
                raise ValueError(f"Operators are incompatible. Expected `rhs` to have dimension "
                                 f"{left.domain_dimension} but got {right.range_dimension}.")
            with self._name_scope(name):
                return self._linop_solve(left, right)
        with self._name_scope(name):
            rhs = convert_to_tensor(rhs, name="rhs")
            self._check_input_dtype(rhs)
            assert_dims_compatible(dim_at(self.shape, -1 if adjoint else -2),
                                   dim_at(rhs.shape, -1 if adjoint_arg else -2))
            return self._solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _linop_solve(self, left, right):
        if getattr(right, "_is_identity", False):
            return left.inverse()
        return OPERATOR_CLASSES["Composition"]([OPERATOR_CLASSES["Inversion"](left), right],
                                               **self._product_hints(left, right))

    def _solvevec(self, rhs, adjoint=False):
        rhs_mat = array_ops.expand_dims(rhs, axis=-1)
        return array_ops.squeeze(self.solve(rhs_mat, adjoint=adjoint), axis=-1)

    def solvevec(self, rhs, adjoint=False, name="solve"):
        """x with op(A) x = rhs for a [batch] vector rhs [..., M]."""
        self._check_solvable()
        with self._name_scope(name):
            rhs = convert_to_tensor(rhs, name="rhs")
            self._check_input_dtype(rhs)
            assert_dims_compatible(dim_at(self.shape, -1 if adjoint else -2), dim_at(rhs.shape, -1))
            return self._solvevec(rhs, adjoint=adjoint)

    # ------------------------------------------------------------------ determinants and reductions
    def _determinant(self):
        if self._can_use_cholesky():
            return unary_ops.exp(self.log_abs_determinant())
        return matrix_ops.matrix_determinant(self.to_dense())

    def _check_square_for_determinant(self):
        if self.is_square is False:
            raise NotImplementedError("Determinant not implemented for an operator that is expected to not be "
                                      "square.")

    def determinant(self, name="det"):
        """det(A) per batch member."""
        self._check_square_for_determinant()
        with self._name_scope(name):
            return self._determinant()

    def _log_abs_determinant(self):
        if self._can_use_cholesky():
            diag = matrix_ops.matrix_diag_part(matrix_decomposition_ops.cholesky(self.to_dense()))
            return 2 * reduction_ops.reduce_sum(unary_ops.log(diag), axis=[-1])
        return slogdet(self.to_dense())[1]

    def log_abs_determinant(self, name="log_abs_det"):
        """log|det(A)| per batch member."""
        self._check_square_for_determinant()
        with self._name_scope(name):
            return self._log_abs_determinant()

    def _to_dense(self):
        batch_shape = self.batch_shape.as_list() if self.batch_shape.is_fully_defined() \
            else self.batch_shape_tensor()
        n = dimension_value(self.domain_dimension)
        n = self.domain_dimension_tensor() if n is None else n
        return self.matmul(matrix_ops.eye(n, batch_shape=batch_shape, dtype=self.dtype))

    def to_dense(self, name="to_dense"):
        """The dense [batch] matrix this operator stands for."""
        with self._name_scope(name):
            return self._to_dense()

    def _diag_part(self):
        return matrix_ops.matrix_diag_part(self.to_dense())

    def diag_part(self, name="diag_part"):
        """The main diagonal, shape [..., min(M, N)]."""
        with self._name_scope(name):
            return self._diag_part()

    def _trace(self):
        return reduction_ops.reduce_sum(self.diag_part(), axis=-1)

    def trace(self, name="trace"):
        """The sum of the main diagonal."""
        with self._name_scope(name):
            return self._trace()

    def _add_to_tensor(self, x):
        return self.to_dense() + x

    def add_to_tensor(self, x, name="add_to_tensor"):
        """A + x for a tensor x of A's shape."""
        with self._name_scope(name):
            x = convert_to_tensor(x, name="x")
            self._check_input_dtype(x)
            return self._add_to_tensor(x)

    def _eigvals(self):
        return matrix_decomposition_ops.self_adjoint_eigvals(self.to_dense())

    def eigvals(self, name="eigvals"):
        """The eigenvalues of a self-adjoint operator."""
        if not self.is_self_adjoint:
            raise NotImplementedError("Only self-adjoint matrices are supported.")
        with self._name_scope(name):
            return self._eigvals()

    def _cond(self):
        if not self.is_self_adjoint:
            vals = matrix_decomposition_ops.svd(self.to_dense(), compute_uv=False)
        else:
            vals = unary_ops.abs(self._eigvals())
        return reduction_ops.reduce_max(vals, axis=-1) / reduction_ops.reduce_min(vals, axis=-1)

    def cond(self, name="cond"):
        """The condition number: largest over smallest singular value (eigenvalue modulus when self-adjoint)."""
        with self._name_scope(name):
            return self._cond()

    def _can_use_cholesky(self):
        return self.is_self_adjoint and self.is_positive_definite

    # ------------------------------------------------------------------ derived operators
    def adjoint(self, name="adjoint"):
        """The operator A^H (the same operator when self-adjoint)."""
        if self.is_self_adjoint is True:
            return self
        with self._name_scope(name):
            return self._linop_adjoint()

    H = property(adjoint, None)

    def _linop_adjoint(self):
        return OPERATOR_CLASSES["Adjoint"](self, is_non_singular=self.is_non_singular,
                                           is_self_adjoint=self.is_self_adjoint,
                                           is_positive_definite=self.is_positive_definite,
                                           is_square=self.is_square)

    def inverse(self, name="inverse"):
        """The operator A^-1."""
        if self.is_square is False:
            raise ValueError("Cannot take the Inverse: This operator represents a non square matrix.")
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular matrix.")
        with self._name_scope(name):
            return self._linop_inverse()

    def _linop_inverse(self):
        return OPERATOR_CLASSES["Inversion"](self, is_non_singular=self.is_non_singular,
                                             is_self_adjoint=self.is_self_adjoint,
                                             is_positive_definite=self.is_positive_definite,
                                             is_square=self.is_square)

    def cholesky(self, name="cholesky"):
        """The lower-triangular operator L with L L^H = A (A hinted self-adjoint and positive definite)."""
        if not self._can_use_cholesky():
            raise ValueError("Cannot take the Cholesky decomposition: Not a positive definite self adjoint "
                             "matrix.")
        with self._name_scope(name):
            return self._linop_cholesky()

    def _linop_cholesky(self):
        return OPERATOR_CLASSES["LowerTriangular"](
            matrix_decomposition_ops.cholesky(self.to_dense()), is_non_singular=True, is_self_adjoint=False,
            is_square=True)

    def __repr__(self):
        return (f"<tf.linalg.{type(self).__name__} '{self.name}' shape={self.shape} "
                f"dtype={self.dtype.name if self.dtype else None}>")


def matmul_dense(a, x, adjoint=False, adjoint_arg=False):
    """a @ x with the adjoint flags (broadcasting batch dims as BatchMatMulV2 does)."""
    return linalg_ops.matmul(a, x, adjoint_a=adjoint, adjoint_b=adjoint_arg)


__all__ = ["LinearOperator"]
