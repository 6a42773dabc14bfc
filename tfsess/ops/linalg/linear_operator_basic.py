"""The elementary operators: FullMatrix, Diag, LowerTriangular, Identity, ScaledIdentity and Zeros, each with
TF's fast paths (diagonal products and solves, triangular solves, closed-form determinants)."""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, control_flow_ops, math_ops,
                        matrix_decomposition_ops, matrix_ops, reduction_ops, stack_ops, unary_ops)
from tfsess.ops.linalg.linear_operator import (FLOATS_AND_COMPLEX, OPERATOR_CLASSES, LinearOperator,
                                               adjoint_tensor, assert_no_entries_with_modulus_zero,
                                               broadcast_matrix_batch_dims,
                                               assert_zero_imag_part, check_dtype_in, matmul_dense, real_part,
                                               shape_tensor)


class LinearOperatorFullMatrix(LinearOperator):
    """An operator backed by a dense [batch] matrix (tf.linalg.LinearOperatorFullMatrix)."""
    _parameter_ndims = {"matrix": 2}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, matrix, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorFullMatrix"):
        with name_scope(name, values=[matrix]):
            self._matrix = convert_to_tensor(matrix, name="matrix")
            if self._matrix.dtype.base_dtype not in FLOATS_AND_COMPLEX:
                raise TypeError(f"Argument `matrix` must have dtype in {list(FLOATS_AND_COMPLEX)}. "
                                f"Received: {self._matrix.dtype}.")
            if self._matrix.shape.ndims is not None and self._matrix.shape.ndims < 2:
                raise ValueError(f"Argument `matrix` must have at least 2 dimensions. Received: {self._matrix}.")
            super().__init__(self._matrix.dtype, [self._matrix], is_non_singular, is_self_adjoint,
                             is_positive_definite, is_square, name, {"matrix": matrix})

    def _shape(self):
        return self._matrix.shape

    def _shape_tensor(self):
        return array_ops.shape(self._matrix)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul_dense(self._matrix, x, adjoint, adjoint_arg)

    def _to_dense(self):
        return self._matrix


class LinearOperatorLowerTriangular(LinearOperator):
    """A lower-triangular [batch] matrix; the strict upper part of `tril` is ignored
    (tf.linalg.LinearOperatorLowerTriangular)."""
    _parameter_ndims = {"tril": 2}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, tril, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorLowerTriangular"):
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        with name_scope(name, values=[tril]):
            self._tril = convert_to_tensor(tril, name="tril")
            check_dtype_in(self._tril, FLOATS_AND_COMPLEX, "tril")
            if self._tril.shape.ndims is not None and self._tril.shape.ndims < 2:
                raise ValueError(f"Argument tril must have at least 2 dimensions.  Found: {self._tril}")
            super().__init__(self._tril.dtype, [self._tril], is_non_singular, is_self_adjoint,
                             is_positive_definite, True, name, {"tril": tril})

    @property
    def tril(self):
        return self._tril

    def _get_tril(self):
        return matrix_ops.matrix_band_part(self._tril, -1, 0)

    def _get_diag(self):
        return matrix_ops.matrix_diag_part(self._tril)

    def _shape(self):
        return self._tril.shape

    def _shape_tensor(self):
        return array_ops.shape(self._tril)

    def _assert_non_singular(self):
        return assert_no_entries_with_modulus_zero(self._get_diag(),
                                                   message="Singular operator:  Diagonal contained zero values.")

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return matmul_dense(self._get_tril(), x, adjoint, adjoint_arg)

    def _determinant(self):
        return reduction_ops.reduce_prod(self._get_diag(), axis=[-1])

    def _log_abs_determinant(self):
        return reduction_ops.reduce_sum(unary_ops.log(unary_ops.abs(self._get_diag())), axis=[-1])

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_tensor(rhs) if adjoint_arg else rhs
        tril, rhs = broadcast_matrix_batch_dims(self._get_tril(), rhs)
        return matrix_decomposition_ops.matrix_triangular_solve(tril, rhs, lower=True, adjoint=adjoint)

    def _to_dense(self):
        return self._get_tril()

    def _eigvals(self):
        return self._get_diag()


class LinearOperatorDiag(LinearOperator):
    """A diagonal [batch] matrix from its diagonal [..., N] (tf.linalg.LinearOperatorDiag)."""
    _parameter_ndims = {"diag": 1}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, diag, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorDiag"):
        with name_scope(name, values=[diag]):
            self._diag = convert_to_tensor(diag, name="diag")
            check_dtype_in(self._diag, FLOATS_AND_COMPLEX, "diag")
            if self._diag.shape.ndims is not None and self._diag.shape.ndims < 1:
                raise ValueError(f"Argument diag must have at least 1 dimension.  Found: {self._diag}")
            if not self._diag.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError("A real diagonal operator is always self adjoint.")
                is_self_adjoint = True
            if is_square is False:
                raise ValueError("Only square diagonal operators currently supported.")
            super().__init__(self._diag.dtype, [self._diag], is_non_singular, is_self_adjoint,
                             is_positive_definite, True, name, {"diag": diag})

    @property
    def diag(self):
        return self._diag

    def _shape(self):
        d = self._diag.shape
        if d.ndims is None:
            return TensorShape(None)
        return d.concatenate(d[-1:])

    def _shape_tensor(self):
        d = array_ops.shape(self._diag)
        return stack_ops.concat((d, d[-1:]), 0)

    def _assert_non_singular(self):
        return assert_no_entries_with_modulus_zero(self._diag,
                                                   message="Singular operator:  Diagonal contained zero values.")

    def _assert_positive_definite(self):
        if self.dtype.is_complex:
            message = ("Diagonal operator had diagonal entries with non-positive real part, thus was not positive "
                       "definite.")
        else:
            message = "Real diagonal operator had non-positive diagonal entries, thus was not positive definite."
        return check_ops.assert_positive(real_part(self._diag), message=message)

    def _assert_self_adjoint(self):
        return assert_zero_imag_part(self._diag, message="This diagonal operator contained non-zero imaginary "
                                                         "values.  Thus it was not self-adjoint.")

    def _diag_term(self, adjoint):
        return unary_ops.conj(self._diag) if adjoint else self._diag

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_tensor(x) if adjoint_arg else x
        return array_ops.expand_dims(self._diag_term(adjoint), -1) * x

    def _matvec(self, x, adjoint=False):
        return self._diag_term(adjoint) * x

    def _determinant(self):
        return reduction_ops.reduce_prod(self._diag, axis=[-1])

    def _log_abs_determinant(self):
        log_det = reduction_ops.reduce_sum(unary_ops.log(unary_ops.abs(self._diag)), axis=[-1])
        return math_ops.cast(log_det, self.dtype) if self.dtype.is_complex else log_det

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_tensor(rhs) if adjoint_arg else rhs
        return rhs * array_ops.expand_dims(1.0 / self._diag_term(adjoint), -1)

    def _solvevec(self, rhs, adjoint=False):
        return rhs / self._diag_term(adjoint)

    def _to_dense(self):
        return matrix_ops.matrix_diag(self._diag)

    def _diag_part(self):
        return self._diag

    def _add_to_tensor(self, x):
        return matrix_ops.matrix_set_diag(x, self._diag + matrix_ops.matrix_diag_part(x))

    def _eigvals(self):
        return self._diag

    def _cond(self):
        abs_diag = unary_ops.abs(self._diag)
        return reduction_ops.reduce_max(abs_diag, axis=-1) / reduction_ops.reduce_min(abs_diag, axis=-1)

    def _linop_inverse(self):
        return LinearOperatorDiag(1.0 / self._diag, is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint,
                                  is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_cholesky(self):
        return LinearOperatorDiag(unary_ops.sqrt(self._diag), is_non_singular=True, is_self_adjoint=True,
                                  is_positive_definite=True, is_square=True)

    def _linop_adjoint(self):
        return LinearOperatorDiag(unary_ops.conj(self._diag), is_non_singular=self.is_non_singular,
                                  is_self_adjoint=self.is_self_adjoint,
                                  is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_matmul(self, left, right):
        if isinstance(left, LinearOperatorDiag) and isinstance(right, LinearOperatorDiag):
            return LinearOperatorDiag(left.diag * right.diag, **_diag_product_hints(left, right))
        return super()._linop_matmul(left, right)

    def _linop_solve(self, left, right):
        if isinstance(left, LinearOperatorDiag) and isinstance(right, LinearOperatorDiag):
            return LinearOperatorDiag(right.diag / left.diag, **_diag_product_hints(left, right))
        return super()._linop_solve(left, right)


def _diag_product_hints(left, right):
    both = {hint: (True if getattr(left, hint) and getattr(right, hint) else None)
            for hint in ("is_non_singular", "is_self_adjoint", "is_positive_definite")}
    if left.is_non_singular is False or right.is_non_singular is False:
        both["is_non_singular"] = False
    both["is_square"] = True
    return both


# ------------------------------------------------------------------ identity-like operators
def _checked_count(value, what, rank):
    """A non-negative integer shape argument (num_rows: rank 0, batch_shape: rank 1) as an int32 tensor, its
    static value, and run-time asserts where it is not constant."""
    t = shape_tensor(value, name=what)
    static = constant_value(t)
    if not t.dtype.is_integer:
        raise TypeError(f"Argument {what} must be integer type.  Found: {t}")
    kind = "a 0-D Tensor" if rank == 0 else "a 1-D Tensor"
    if t.shape.ndims is not None and t.shape.ndims != rank:
        raise ValueError(f"Argument {what} must be {kind}.  Found: {t}")
    if static is not None and (static < 0).any():
        raise ValueError(f"Argument {what} must be non-negative.  Found: {static}")
    return t, (None if static is None else (int(static) if rank == 0 else [int(v) for v in static]))


class _BaseIdentity(LinearOperator):
    """Shared shape handling of the identity-like operators ([batch] num_rows x num_rows)."""

    def _init_shape(self, num_rows, batch_shape, num_columns=None):
        self._num_rows, self._num_rows_static = _checked_count(num_rows, "num_rows", 0)
        if num_columns is None:
            self._num_columns, self._num_columns_static = self._num_rows, self._num_rows_static
        else:
            self._num_columns, self._num_columns_static = _checked_count(num_columns, "num_columns", 0)
        if batch_shape is None:
            self._batch_shape_arg, self._batch_shape_static = None, None
        else:
            if isinstance(batch_shape, TensorShape):
                batch_shape = batch_shape.as_list()
            self._batch_shape_arg, self._batch_shape_static = _checked_count(batch_shape, "batch_shape", 1)

    def _shape(self):
        matrix = TensorShape([self._num_rows_static, self._num_columns_static])
        if self._batch_shape_arg is None:
            return matrix
        return TensorShape(self._batch_shape_static).concatenate(matrix)

    def _shape_tensor(self):
        matrix = stack_ops.stack((self._num_rows, self._num_columns), axis=0)
        if self._batch_shape_arg is None:
            return matrix
        return stack_ops.concat((self._batch_shape_arg, matrix), 0)

    def _diag_shape(self):
        """The shape of the diagonal: batch + [num_rows]."""
        if self._batch_shape_arg is None:
            return array_ops.expand_dims(self._num_rows, 0)
        return stack_ops.concat((self._batch_shape_arg, [self._num_rows]), 0)

    def _ones_diag(self):
        static = self.shape[:-1]
        shape = static.as_list() if static.is_fully_defined() else self._diag_shape()
        return constant_op.ones(shape, dtype=self.dtype)

    def _possibly_broadcast_batch_shape(self, x):
        """x + zeros of this operator's batch shape, when that batch shape widens x."""
        if self._batch_shape_arg is None:
            return x
        special = stack_ops.concat((self._batch_shape_arg, [1, 1]), 0)
        if self._batch_shape_static is not None and x.shape.ndims is not None:
            special_static = TensorShape(self._batch_shape_static + [1, 1])
            if broadcast_ops.broadcast_static_shape(x.shape, special_static) == x.shape:
                return x
        return x + constant_op.zeros(special, dtype=x.dtype)

    def _num_rows_as(self, dtype):
        return math_ops.cast(self._num_rows, dtype)

    def _batch_ones(self, dtype):
        static = self.batch_shape
        shape = static.as_list() if static.is_fully_defined() else self.batch_shape_tensor()
        return constant_op.ones(shape, dtype=dtype)


class LinearOperatorIdentity(_BaseIdentity):
    """The [batch] identity matrix (tf.linalg.LinearOperatorIdentity)."""
    _is_identity = True

    def __init__(self, num_rows, batch_shape=None, dtype=None, is_non_singular=True, is_self_adjoint=True,
                 is_positive_definite=True, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorIdentity"):
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        with name_scope(name):
            if not is_self_adjoint:
                raise ValueError("An identity operator is always self adjoint.")
            if not is_non_singular:
                raise ValueError("An identity operator is always non-singular.")
            if not is_positive_definite:
                raise ValueError("An identity operator is always positive-definite.")
            if not is_square:
                raise ValueError("An identity operator is always square.")
            super().__init__(dtype, None, is_non_singular, is_self_adjoint, is_positive_definite, is_square, name,
                             {"num_rows": num_rows, "batch_shape": batch_shape, "dtype": dtype})
            self._assert_proper_shapes = assert_proper_shapes
            self._init_shape(num_rows, batch_shape)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_tensor(x) if adjoint_arg else x
        return self._possibly_broadcast_batch_shape(x)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return self._batch_ones(self.dtype)

    def _log_abs_determinant(self):
        return constant_op.zeros(self.batch_shape.as_list() if self.batch_shape.is_fully_defined()
                                 else self.batch_shape_tensor(), dtype=self.dtype)

    def _trace(self):
        return self._batch_ones(self.dtype) * self._num_rows_as(self.dtype)

    def _diag_part(self):
        return self._ones_diag()

    def _to_dense(self):
        batch = None
        if self._batch_shape_arg is not None:
            batch = self._batch_shape_static if self._batch_shape_static is not None else self._batch_shape_arg
        rows = self._num_rows_static if self._num_rows_static is not None else self._num_rows
        return matrix_ops.eye(rows, batch_shape=batch, dtype=self.dtype)

    def _add_to_tensor(self, x):
        return matrix_ops.matrix_set_diag(x, 1 + matrix_ops.matrix_diag_part(x))

    def _eigvals(self):
        return self._ones_diag()

    def _cond(self):
        return self._batch_ones(self.dtype)

    def _assert_non_singular(self):
        return control_flow_ops.no_op("assert_non_singular")

    def _assert_positive_definite(self):
        return control_flow_ops.no_op("assert_positive_definite")

    def _assert_self_adjoint(self):
        return control_flow_ops.no_op("assert_self_adjoint")

    def _linop_adjoint(self):
        return self

    def _linop_inverse(self):
        return self

    def _linop_cholesky(self):
        return LinearOperatorIdentity(self._num_rows, batch_shape=self._batch_shape_arg, dtype=self.dtype)

    def _linop_matmul(self, left, right):
        if isinstance(left, LinearOperatorIdentity):
            return right
        return super()._linop_matmul(left, right)

    def _linop_solve(self, left, right):
        if isinstance(left, LinearOperatorIdentity):
            return right
        return super()._linop_solve(left, right)


class LinearOperatorScaledIdentity(_BaseIdentity):
    """multiplier * I for a [batch] scalar multiplier (tf.linalg.LinearOperatorScaledIdentity)."""
    _parameter_ndims = {"multiplier": 0}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, num_rows, multiplier, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorScaledIdentity"):
        if not is_square:
            raise ValueError("A ScaledIdentity operator is always square.")
        with name_scope(name, values=[multiplier, num_rows]):
            self._multiplier = convert_to_tensor(multiplier, name="multiplier")
            if not self._multiplier.dtype.is_complex:
                if is_self_adjoint is False:
                    raise ValueError("A real diagonal operator is always self adjoint.")
                is_self_adjoint = True
            super().__init__(self._multiplier.dtype, [self._multiplier], is_non_singular, is_self_adjoint,
                             is_positive_definite, is_square, name,
                             {"num_rows": num_rows, "multiplier": multiplier})
            self._assert_proper_shapes = assert_proper_shapes
            self._init_shape(num_rows, None)
            self._multiplier_matrix = array_ops.expand_dims(array_ops.expand_dims(self._multiplier, -1), -1)
            self._multiplier_matrix_conj = unary_ops.conj(self._multiplier_matrix)

    @property
    def multiplier(self):
        return self._multiplier

    def _shape(self):
        return self._multiplier.shape.concatenate([self._num_rows_static, self._num_rows_static])

    def _shape_tensor(self):
        return stack_ops.concat((array_ops.shape(self._multiplier), [self._num_rows, self._num_rows]), 0)

    def _diag_shape(self):
        return stack_ops.concat((array_ops.shape(self._multiplier), [self._num_rows]), 0)

    def _assert_non_singular(self):
        return check_ops.assert_positive(unary_ops.abs(self._multiplier), message="LinearOperator was singular")

    def _assert_positive_definite(self):
        return check_ops.assert_positive(real_part(self._multiplier),
                                         message="LinearOperator was not positive definite.")

    def _assert_self_adjoint(self):
        return assert_zero_imag_part(self._multiplier, message="LinearOperator was not self-adjoint")

    def _make_multiplier_matrix(self, conjugate=False):
        return self._multiplier_matrix_conj if conjugate else self._multiplier_matrix

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_tensor(x) if adjoint_arg else x
        return x * self._make_multiplier_matrix(conjugate=adjoint)

    def _matvec(self, x, adjoint=False):
        m = unary_ops.conj(self._multiplier) if adjoint else self._multiplier
        return x * array_ops.expand_dims(m, -1)

    def _determinant(self):
        return self._multiplier ** self._num_rows_as(self.dtype)

    def _log_abs_determinant(self):
        return self._num_rows_as(self.dtype.real_dtype) * unary_ops.log(unary_ops.abs(self._multiplier))

    def _trace(self):
        return self._num_rows_as(self.dtype) * self._multiplier

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_tensor(rhs) if adjoint_arg else rhs
        return rhs / self._make_multiplier_matrix(conjugate=adjoint)

    def _to_dense(self):
        rows = self._num_rows_static if self._num_rows_static is not None else self._num_rows
        return self._multiplier_matrix * matrix_ops.eye(rows, dtype=self.dtype)

    def _diag_part(self):
        return self._ones_diag() * array_ops.expand_dims(self._multiplier, -1)

    def _add_to_tensor(self, x):
        new_diag = matrix_ops.matrix_diag_part(x) + array_ops.expand_dims(self._multiplier, -1)
        return matrix_ops.matrix_set_diag(x, new_diag)

    def _eigvals(self):
        return self._ones_diag() * array_ops.expand_dims(self._multiplier, -1)

    def _cond(self):
        return array_ops.ones_like(self._multiplier)

    def _linop_adjoint(self):
        return LinearOperatorScaledIdentity(self._num_rows, unary_ops.conj(self._multiplier),
                                            is_non_singular=self.is_non_singular,
                                            is_self_adjoint=self.is_self_adjoint,
                                            is_positive_definite=self.is_positive_definite)

    def _linop_inverse(self):
        return LinearOperatorScaledIdentity(self._num_rows, 1.0 / self._multiplier,
                                            is_non_singular=self.is_non_singular,
                                            is_self_adjoint=self.is_self_adjoint,
                                            is_positive_definite=self.is_positive_definite)

    def _linop_cholesky(self):
        return LinearOperatorScaledIdentity(self._num_rows, unary_ops.sqrt(self._multiplier),
                                            is_non_singular=True, is_self_adjoint=True, is_positive_definite=True)

    def _linop_matmul(self, left, right):
        if isinstance(left, LinearOperatorScaledIdentity) and isinstance(right, LinearOperatorScaledIdentity):
            return LinearOperatorScaledIdentity(left._num_rows, left.multiplier * right.multiplier,
                                                **_scaled_hints(left, right))
        return super()._linop_matmul(left, right)

    def _linop_solve(self, left, right):
        if isinstance(left, LinearOperatorScaledIdentity) and isinstance(right, LinearOperatorScaledIdentity):
            return LinearOperatorScaledIdentity(left._num_rows, right.multiplier / left.multiplier,
                                                **_scaled_hints(left, right))
        return super()._linop_solve(left, right)


def _scaled_hints(left, right):
    hints = _diag_product_hints(left, right)
    hints.pop("is_square")
    return hints


class LinearOperatorZeros(_BaseIdentity):
    """The [batch] zero matrix, num_rows x num_columns (tf.linalg.LinearOperatorZeros)."""
    _is_zeros = True

    def __init__(self, num_rows, num_columns=None, batch_shape=None, dtype=None, is_non_singular=False,
                 is_self_adjoint=True, is_positive_definite=False, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorZeros"):
        dtype = dtypes.as_dtype(dtype or dtypes.float32)
        with name_scope(name):
            if not is_self_adjoint and is_square:
                raise ValueError("A zero operator is always self adjoint.")
            if is_non_singular:
                raise ValueError("A zero operator is always singular.")
            if is_positive_definite:
                raise ValueError("A zero operator is always not positive-definite.")
            super().__init__(dtype, None, is_non_singular, is_self_adjoint, is_positive_definite, is_square, name,
                             {"num_rows": num_rows, "num_columns": num_columns, "batch_shape": batch_shape})
            self._assert_proper_shapes = assert_proper_shapes
            self._init_shape(num_rows, batch_shape, num_columns)
            rows, cols = self._num_rows_static, self._num_columns_static
            if rows is not None and cols is not None and is_square and rows != cols:
                raise ValueError(f"LinearOperatorZeros initialized as is_square=True, but got "
                                 f"num_rows({rows}) != num_columns({cols})")

    def _assert_non_singular(self):
        raise errors.InvalidArgumentError(None, None, "Zero operators are always non-invertible.")

    def _assert_positive_definite(self):
        raise errors.InvalidArgumentError(None, None, "Zero operators are always non-positive definite.")

    def _assert_self_adjoint(self):
        return control_flow_ops.no_op("assert_self_adjoint")

    def _zeros_of(self, shape_fn, static):
        return constant_op.zeros(static.as_list() if static.is_fully_defined() else shape_fn(), dtype=self.dtype)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_tensor(x) if adjoint_arg else x
        rows = self._num_columns if adjoint else self._num_rows
        x_shape = array_ops.shape(x)
        out = stack_ops.concat((x_shape[:-2], [rows], x_shape[-1:]), 0)
        zeros = constant_op.zeros(out, dtype=self.dtype)
        return self._possibly_broadcast_batch_shape(zeros)

    def _determinant(self):
        return self._zeros_of(self.batch_shape_tensor, self.batch_shape)

    def _log_abs_determinant(self):
        return unary_ops.log(self._determinant())

    def _trace(self):
        return self._zeros_of(self.batch_shape_tensor, self.batch_shape)

    def _diag_part(self):
        static = self.shape[:-2].concatenate([None if None in (self._num_rows_static, self._num_columns_static)
                                              else min(self._num_rows_static, self._num_columns_static)])
        return self._zeros_of(lambda: stack_ops.concat((self.batch_shape_tensor(),
                                                        [math_ops.minimum(self._num_rows, self._num_columns)]), 0),
                              static)

    def _to_dense(self):
        return self._zeros_of(self.shape_tensor, self.shape)

    def _add_to_tensor(self, x):
        return self._possibly_broadcast_batch_shape(x)

    def _eigvals(self):
        return self._diag_part()

    def _linop_adjoint(self):
        return self if self.is_square else LinearOperatorZeros(self._num_columns, self._num_rows,
                                                               batch_shape=self._batch_shape_arg,
                                                               dtype=self.dtype, is_square=False)

    def _linop_matmul(self, left, right):
        if isinstance(left, LinearOperatorZeros):
            if not left.is_square or not right.is_square:
                raise ValueError("Matmul with non-square `LinearOperator`s or non-square `LinearOperatorZeros` "
                                 "not supported at this time.")
            return left
        return super()._linop_matmul(left, right)


OPERATOR_CLASSES["LowerTriangular"] = LinearOperatorLowerTriangular

__all__ = ["LinearOperatorDiag", "LinearOperatorFullMatrix", "LinearOperatorIdentity",
           "LinearOperatorLowerTriangular", "LinearOperatorScaledIdentity", "LinearOperatorZeros"]
