"""Structured operators: LowRankUpdate (Woodbury solves, the determinant lemma), Householder reflections,
Permutations and Tridiagonal matrices (in TF's compact, sequence and matrix formats)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import errors
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, control_flow_ops, extra_math_ops,
                        gather_ops, linalg_ops, logic_ops, math_ops, matrix_decomposition_ops, matrix_ops,
                        reduction_ops, sequence_ops, sort_ops, stack_ops, unary_ops)
from tfsess.ops.linalg.linear_operator import (LinearOperator, adjoint_tensor, assert_dims_compatible,
                                               assert_zero_imag_part, matrix_solve_with_broadcast)
from tfsess.ops.linalg.linear_operator_basic import LinearOperatorDiag, LinearOperatorIdentity
from tfsess.ops.linalg.linear_operator_composite import broadcast_batch_shapes
from tfsess.ops.nn_impl import l2_normalize
from tfsess.ops.tridiagonal_ops import matrix_from_compact, tridiagonal_matmul, tridiagonal_solve


def _batch_ones(op, dtype):
    static = op.batch_shape
    return constant_op.ones(static.as_list() if static.is_fully_defined() else op.batch_shape_tensor(), dtype=dtype)


# ------------------------------------------------------------------ LowRankUpdate
class LinearOperatorLowRankUpdate(LinearOperator):
    """A = L + U D V^H: a base operator L plus a rank-K update (tf.linalg.LinearOperatorLowRankUpdate).

    Solves use the Woodbury identity and determinants the matrix determinant lemma, both through the K x K
    capacitance matrix C = D^-1 + V^H L^-1 U (by Cholesky when L and D are positive definite and U = V)."""
    _parameter_ndims = {"base_operator": 0, "u": 2, "diag_update": 1, "v": 2}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, base_operator, u, diag_update=None, v=None, is_diag_update_positive=None,
                 is_non_singular=None, is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name="LinearOperatorLowRankUpdate"):
        dtype = base_operator.dtype
        if diag_update is None:
            if is_diag_update_positive is False:
                raise ValueError("Default diagonal is the identity, which is positive.  However, user set "
                                 "'is_diag_update_positive' to False.")
            is_diag_update_positive = True
        self._use_cholesky = bool(base_operator.is_positive_definite and base_operator.is_self_adjoint
                                  and is_diag_update_positive and v is None)
        if base_operator.is_self_adjoint and v is None and not dtype.is_complex:
            if is_self_adjoint is False:
                raise ValueError("A = L + UDU^H, with L self-adjoint and D real diagonal.  Since UDU^H is "
                                 "self-adjoint, this must be a self-adjoint operator.")
            is_self_adjoint = True
        if self._use_cholesky:
            if is_positive_definite is False or is_self_adjoint is False or is_non_singular is False:
                raise ValueError("Arguments imply this is self-adjoint positive-definite operator.")
            is_positive_definite = is_self_adjoint = True
        with name_scope(name):
            self._u = convert_to_tensor(u, name="u")
            self._v = self._u if v is None else convert_to_tensor(v, name="v")
            self._diag_update = None if diag_update is None else convert_to_tensor(diag_update, name="diag_update")
            self._base_operator = base_operator
            super().__init__(dtype, None, is_non_singular, is_self_adjoint, is_positive_definite, is_square, name,
                             {"base_operator": base_operator, "u": u, "diag_update": diag_update, "v": v})
            if diag_update is not None:
                self._diag_operator = LinearOperatorDiag(self._diag_update,
                                                         is_positive_definite=is_diag_update_positive)
            else:
                r = self._u.shape.dims[-1].value if self._u.shape.ndims else None
                self._diag_operator = LinearOperatorIdentity(r if r is not None else array_ops.shape(self._u)[-1],
                                                             dtype=dtype)
            self._is_diag_update_positive = is_diag_update_positive
            self._check_shapes()

    def _check_shapes(self):
        uv = broadcast_ops.broadcast_static_shape(self._u.shape, self._v.shape)
        batch = broadcast_ops.broadcast_static_shape(self._base_operator.batch_shape, uv[:-2])
        assert_dims_compatible(self._base_operator.domain_dimension, uv.dims[-2])
        if self._diag_update is not None:
            assert_dims_compatible(uv.dims[-1], self._diag_update.shape.dims[-1])
            broadcast_ops.broadcast_static_shape(batch, self._diag_update.shape[:-1])

    @property
    def u(self):
        return self._u

    @property
    def v(self):
        return self._v

    @property
    def is_diag_update_positive(self):
        return self._is_diag_update_positive

    @property
    def diag_update(self):
        return self._diag_update

    @property
    def diag_operator(self):
        return self._diag_operator

    @property
    def base_operator(self):
        return self._base_operator

    def _shape(self):
        batch = broadcast_batch_shapes([self._base_operator.batch_shape, self._diag_operator.batch_shape,
                                        self._u.shape[:-2], self._v.shape[:-2]])
        return batch.concatenate(self._base_operator.shape[-2:])

    def _shape_tensor(self):
        batch = self._base_operator.batch_shape_tensor()
        for shape in (self._diag_operator.batch_shape_tensor(), array_ops.shape(self._u)[:-2],
                      array_ops.shape(self._v)[:-2]):
            batch = extra_math_ops.broadcast_dynamic_shape(batch, shape)
        return stack_ops.concat([batch, self._base_operator.shape_tensor()[-2:]], axis=0)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        u, v, base, d = self._u, self._v, self._base_operator, self._diag_operator
        leading = base.matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        if adjoint:
            uh_x = linalg_ops.matmul(u, x, adjoint_a=True, adjoint_b=adjoint_arg)
            return leading + linalg_ops.matmul(v, d.matmul(uh_x, adjoint=adjoint))
        vh_x = linalg_ops.matmul(v, x, adjoint_a=True, adjoint_b=adjoint_arg)
        return leading + linalg_ops.matmul(u, d.matmul(vh_x, adjoint=adjoint))

    def _make_capacitance(self, u, v):
        """C = D^-1 + V^H L^-1 U."""
        linv_u = self._base_operator.solve(u)
        vh_linv_u = linalg_ops.matmul(v, linv_u, adjoint_a=True)
        return self._diag_operator.inverse().add_to_tensor(vh_linv_u)

    def _determinant(self):
        if self.is_positive_definite:
            return unary_ops.exp(self.log_abs_determinant())
        det_c = matrix_ops.matrix_determinant(self._make_capacitance(self._u, self._v))
        return det_c * self._diag_operator.determinant() * self._base_operator.determinant()

    def _diag_part(self):
        product = self._u * unary_ops.conj(self._v)
        if self._diag_update is not None:
            product *= array_ops.expand_dims(self._diag_update, axis=-2)
        return reduction_ops.reduce_sum(product, axis=-1) + self._base_operator.diag_part()

    def _log_abs_determinant(self):
        log_abs_det_d = self._diag_operator.log_abs_determinant()
        log_abs_det_l = self._base_operator.log_abs_determinant()
        capacitance = self._make_capacitance(self._u, self._v)
        if self._use_cholesky:
            chol_diag = matrix_ops.matrix_diag_part(matrix_decomposition_ops.cholesky(capacitance))
            log_abs_det_c = 2 * reduction_ops.reduce_sum(unary_ops.log(chol_diag), axis=[-1])
        else:
            log_abs_det_c = unary_ops.log(unary_ops.abs(matrix_ops.matrix_determinant(capacitance)))
            if self.dtype.is_complex:
                log_abs_det_c = math_ops.cast(log_abs_det_c, dtype=self.dtype)
        return log_abs_det_c + log_abs_det_d + log_abs_det_l

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        if self._base_operator.is_non_singular is False:
            raise ValueError("Solve not implemented unless this is a perturbation of a non-singular "
                             "LinearOperator.")
        base = self._base_operator
        # The capacitance is that of A; its adjoint enters through the solve's `adjoint` flag.
        capacitance = self._make_capacitance(self._u, self._v)
        u, v = (self._v, self._u) if adjoint else (self._u, self._v)
        linv_rhs = base.solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        vh_linv_rhs = linalg_ops.matmul(v, linv_rhs, adjoint_a=True)
        if self._use_cholesky:
            capinv = matrix_decomposition_ops.cholesky_solve(matrix_decomposition_ops.cholesky(capacitance),
                                                             vh_linv_rhs)
        else:
            capinv = matrix_solve_with_broadcast(capacitance, vh_linv_rhs, adjoint=adjoint)
        return linv_rhs - base.solve(linalg_ops.matmul(u, capinv), adjoint=adjoint)


# ------------------------------------------------------------------ Householder
class LinearOperatorHouseholder(LinearOperator):
    """I - 2 v v^H / |v|^2, the reflection through the hyperplane orthogonal to v
    (tf.linalg.LinearOperatorHouseholder)."""
    _parameter_ndims = {"reflection_axis": 1}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, reflection_axis, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorHouseholder"):
        with name_scope(name, values=[reflection_axis]):
            self._reflection_axis = convert_to_tensor(reflection_axis, name="reflection_axis")
            if self._reflection_axis.shape.ndims is not None and self._reflection_axis.shape.ndims < 1:
                raise ValueError(f"Argument reflection_axis must have at least 1 dimension.  "
                                 f"Found: {self._reflection_axis}")
            if is_self_adjoint is False:
                raise ValueError("A Householder operator is always self adjoint.")
            if is_positive_definite is True:
                raise ValueError("A Householder operator is always non-positive definite.")
            if is_square is False:
                raise ValueError("A Householder operator is always square.")
            super().__init__(self._reflection_axis.dtype, None, is_non_singular, True, False, True, name,
                             {"reflection_axis": reflection_axis})

    @property
    def reflection_axis(self):
        return self._reflection_axis

    def _shape(self):
        d = self._reflection_axis.shape
        return d if d.ndims is None else d.concatenate(d[-1:])

    def _shape_tensor(self):
        d = array_ops.shape(self._reflection_axis)
        return stack_ops.concat((d, d[-1:]), 0)

    def _assert_non_singular(self):
        return control_flow_ops.no_op("assert_non_singular")

    def _assert_positive_definite(self):
        raise errors.InvalidArgumentError(None, None, "Householder operators are always non-positive definite.")

    def _assert_self_adjoint(self):
        return control_flow_ops.no_op("assert_self_adjoint")

    def _linop_adjoint(self):
        return self

    def _linop_inverse(self):
        return self

    def _normalized_axis(self):
        return l2_normalize(self._reflection_axis, axis=-1)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        x = adjoint_tensor(x) if adjoint_arg else x
        mat = array_ops.expand_dims(self._normalized_axis(), -1)
        return x - 2 * mat * linalg_ops.matmul(mat, x, adjoint_a=True)

    def _trace(self):
        n = math_ops.cast(self.domain_dimension_tensor() - 2, self.dtype)
        return n * _batch_ones(self, self.dtype)

    def _determinant(self):
        return -_batch_ones(self, self.dtype)

    def _log_abs_determinant(self):
        return 0 * _batch_ones(self, self.dtype)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint, adjoint_arg)

    def _to_dense(self):
        mat = array_ops.expand_dims(self._normalized_axis(), -1)
        matrix = -2 * linalg_ops.matmul(mat, mat, adjoint_b=True)
        return matrix_ops.matrix_set_diag(matrix, 1.0 + matrix_ops.matrix_diag_part(matrix))

    def _diag_part(self):
        axis = self._normalized_axis()
        return 1.0 - 2 * axis * unary_ops.conj(axis)

    def _eigvals(self):
        shape = array_ops.shape(self._reflection_axis)
        ones = constant_op.ones(stack_ops.concat([shape[:-1], [shape[-1] - 1]], axis=-1), dtype=self.dtype)
        neg = -constant_op.ones(stack_ops.concat([shape[:-1], [1]], axis=-1), dtype=self.dtype)
        return stack_ops.concat([neg, ones], axis=-1)

    def _cond(self):
        return _batch_ones(self, self.dtype)


# ------------------------------------------------------------------ Permutation
class LinearOperatorPermutation(LinearOperator):
    """The permutation matrix P with P x = x[perm] along the rows (tf.linalg.LinearOperatorPermutation)."""
    _parameter_ndims = {"perm": 1}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, perm, dtype=None, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorPermutation"):
        from_dtype = dtype if dtype is not None else "float32"
        with name_scope(name, values=[perm]):
            self._perm = convert_to_tensor(perm, name="perm")
            if self._perm.shape.ndims is not None and self._perm.shape.ndims < 1:
                raise ValueError(f"Argument `perm` must have at least 1 dimension. Received: {self._perm}.")
            if not self._perm.dtype.is_integer:
                raise TypeError(f"Argument `perm` must be integer dtype. Received: {self._perm}.")
            static = constant_value(self._perm)
            if static is not None and np.any(np.sort(static, axis=-1) != np.arange(static.shape[-1])):
                raise ValueError(f"Argument `perm` must be a vector of unique integers from 0 to "
                                 f"{static.shape[-1] - 1}.")
            if is_non_singular is False:
                raise ValueError(f"A Permutation operator is always non-singular. Expected argument "
                                 f"`is_non_singular` to be True. Received: {is_non_singular}.")
            if is_square is False:
                raise ValueError(f"A Permutation operator is always square. Expected argument `is_square` to be "
                                 f"True. Received: {is_square}.")
            super().__init__(from_dtype, None, is_non_singular, is_self_adjoint, is_positive_definite, True, name,
                             {"perm": perm, "dtype": dtype})

    @property
    def perm(self):
        return self._perm

    def _shape(self):
        p = self._perm.shape
        return p if p.ndims is None else p.concatenate(p[-1:])

    def _shape_tensor(self):
        p = array_ops.shape(self._perm)
        return stack_ops.concat((p, p[-1:]), 0)

    def _assert_non_singular(self):
        return control_flow_ops.no_op("assert_non_singular")

    def _domain_dimension_tensor(self, shape=None):
        return array_ops.shape(self._perm)[-1]

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        perm = self._perm
        if adjoint and not self.is_self_adjoint:
            perm = sort_ops.argsort(perm, axis=-1)
        x = adjoint_tensor(x) if adjoint_arg else x
        shape = extra_math_ops.broadcast_dynamic_shape(array_ops.shape(x)[:-1], array_ops.shape(perm))
        k = array_ops.shape(x)[-1]
        x_shape = stack_ops.concat([shape, [k]], axis=-1)
        x = broadcast_ops.broadcast_to(x, x_shape)
        perm = broadcast_ops.broadcast_to(perm, shape)
        m = array_ops.shape(x)[-2]
        y = gather_ops.gather(array_ops.reshape(x, stack_ops.stack([-1, m, k])),
                              array_ops.reshape(perm, stack_ops.stack([-1, m])), axis=-2, batch_dims=1)
        return array_ops.reshape(y, x_shape)

    def _log_abs_determinant(self):
        return constant_op.zeros(self.batch_shape_tensor(), dtype=self.dtype)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._matmul(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _to_dense(self):
        n = self._domain_dimension_tensor()
        columns = sequence_ops.range_(0, n)
        return math_ops.cast(logic_ops.equal(columns, array_ops.expand_dims(self._perm, -1)), self.dtype)

    def _diag_part(self):
        n = self._domain_dimension_tensor()
        columns = sequence_ops.range_(0, n)
        return math_ops.cast(logic_ops.equal(columns, self._perm), self.dtype)

    def _cond(self):
        return _batch_ones(self, self.dtype)


# ------------------------------------------------------------------ Tridiag
_TRIDIAG_FORMATS = ("compact", "matrix", "sequence")


class LinearOperatorTridiag(LinearOperator):
    """A [batch] tridiagonal matrix from its diagonals in compact [..., 3, N], sequence ([..., N] x 3) or
    matrix [..., N, N] format (tf.linalg.LinearOperatorTridiag)."""
    _parameter_ndims = {"diagonals": lambda op: [1, 1, 1] if op.diagonals_format == "sequence" else 2}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, diagonals, diagonals_format="compact", is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorTridiag"):
        with name_scope(name, values=[diagonals]):
            if diagonals_format not in _TRIDIAG_FORMATS:
                raise ValueError(f"Argument `diagonals_format` must be one of compact, matrix, or sequence. "
                                 f"Received : {diagonals_format}.")
            if diagonals_format == "sequence":
                self._diagonals = [convert_to_tensor(d, name=f"diag_{i}") for i, d in enumerate(diagonals)]
                dtype = self._diagonals[0].dtype
            else:
                self._diagonals = convert_to_tensor(diagonals, name="diagonals")
                dtype = self._diagonals.dtype
            self._diagonals_format = diagonals_format
            super().__init__(dtype, None, is_non_singular, is_self_adjoint, is_positive_definite, is_square, name,
                             {"diagonals": diagonals, "diagonals_format": diagonals_format})

    @property
    def diagonals(self):
        return self._diagonals

    @property
    def diagonals_format(self):
        return self._diagonals_format

    def _shape(self):
        if self._diagonals_format == "matrix":
            return self._diagonals.shape
        if self._diagonals_format == "compact":
            d = self._diagonals.shape
            if d.ndims is None:
                return TensorShape(None)
            d_shape = d[:-2].concatenate(d[-1:])
        else:
            batch = broadcast_batch_shapes([d.shape[:-1] for d in self._diagonals])
            d_shape = batch.concatenate(self._diagonals[1].shape[-1:])
        return d_shape.concatenate(d_shape[-1:])

    def _shape_tensor(self, diagonals=None):
        diagonals = self._diagonals if diagonals is None else diagonals
        if self._diagonals_format == "matrix":
            return array_ops.shape(diagonals)
        if self._diagonals_format == "compact":
            d_shape = array_ops.shape(diagonals[..., 0, :])
        else:
            batch = array_ops.shape(diagonals[0])[:-1]
            for d in diagonals[1:]:
                batch = extra_math_ops.broadcast_dynamic_shape(batch, array_ops.shape(d)[:-1])
            d_shape = stack_ops.concat([batch, [array_ops.shape(diagonals[1])[-1]]], axis=0)
        return stack_ops.concat([d_shape, [d_shape[-1]]], axis=-1)

    def _assert_self_adjoint(self):
        diag_message = "This tridiagonal operator contained non-zero imaginary values on the diagonal."
        off_diag_message = "This tridiagonal operator has non-conjugate subdiagonal and superdiagonal."
        if self._diagonals_format == "matrix":
            return control_flow_ops.group([check_ops.assert_equal(
                self._diagonals, adjoint_tensor(self._diagonals), message="Matrix was not equal to its adjoint.")])
        if self._diagonals_format == "compact":
            superdiag, diag, subdiag = (self._diagonals[..., i, :] for i in range(3))
        else:
            superdiag, diag, subdiag = self._diagonals
        asserts = [assert_zero_imag_part(diag, message=diag_message)]
        subdiag = broadcast_ops.roll(subdiag, shift=-1, axis=-1)
        asserts.append(check_ops.assert_equal(unary_ops.conj(subdiag[..., :-1]), superdiag[..., :-1],
                                              message=off_diag_message))
        return control_flow_ops.group(asserts)

    def _construct_adjoint_diagonals(self, diagonals):
        if self._diagonals_format == "sequence":
            diagonals = [unary_ops.conj(d) for d in reversed(diagonals)]
            diagonals[0] = broadcast_ops.roll(diagonals[0], shift=-1, axis=-1)
            diagonals[2] = broadcast_ops.roll(diagonals[2], shift=1, axis=-1)
            return diagonals
        if self._diagonals_format == "matrix":
            return adjoint_tensor(diagonals)
        diagonals = unary_ops.conj(diagonals)
        superdiag, diag, subdiag = stack_ops.unstack(diagonals, num=3, axis=-2)
        return stack_ops.stack([broadcast_ops.roll(subdiag, shift=-1, axis=-1), diag,
                                broadcast_ops.roll(superdiag, shift=1, axis=-1)], axis=-2)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        diagonals = self._construct_adjoint_diagonals(self._diagonals) if adjoint else self._diagonals
        x = adjoint_tensor(x) if adjoint_arg else x
        return tridiagonal_matmul(diagonals, x, diagonals_format=self._diagonals_format)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        diagonals = self._construct_adjoint_diagonals(self._diagonals) if adjoint else self._diagonals
        rhs_shape = array_ops.shape(rhs)
        shape = self._shape_tensor(diagonals)
        k = shape[-1]
        batch = extra_math_ops.broadcast_dynamic_shape(shape[:-2], rhs_shape[:-2])
        rhs = broadcast_ops.broadcast_to(rhs, stack_ops.concat([batch, rhs_shape[-2:]], axis=-1))
        if self._diagonals_format == "matrix":
            diagonals = broadcast_ops.broadcast_to(diagonals, stack_ops.concat([batch, stack_ops.stack([k, k])], -1))
        elif self._diagonals_format == "compact":
            diagonals = broadcast_ops.broadcast_to(diagonals, stack_ops.concat([batch, [3], [k]], axis=-1))
        else:
            diagonals = [broadcast_ops.broadcast_to(d, stack_ops.concat([batch, [k]], axis=-1)) for d in diagonals]
        return tridiagonal_solve(diagonals, rhs, diagonals_format=self._diagonals_format,
                                 transpose_rhs=adjoint_arg, conjugate_rhs=adjoint_arg)

    def _diag_part(self):
        if self._diagonals_format == "matrix":
            return matrix_ops.matrix_diag_part(self._diagonals)
        if self._diagonals_format == "sequence":
            return broadcast_ops.broadcast_to(self._diagonals[1], self.shape_tensor()[:-1])
        return self._diagonals[..., 1, :]

    def _to_dense(self):
        if self._diagonals_format == "matrix":
            return self._diagonals
        if self._diagonals_format == "compact":
            return matrix_from_compact(*(self._diagonals[..., i, :] for i in range(3)))
        d = [convert_to_tensor(x) for x in self._diagonals]
        # Sequence diagonals may differ in batch shape: stacking broadcasts them as TF's stack would require.
        return matrix_from_compact(*stack_ops.unstack(stack_ops.stack(d, axis=-2), num=3, axis=-2))


__all__ = ["LinearOperatorHouseholder", "LinearOperatorLowRankUpdate", "LinearOperatorPermutation",
           "LinearOperatorTridiag"]
