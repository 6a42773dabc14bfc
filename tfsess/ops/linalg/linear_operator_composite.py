"""Operators built from other operators: Composition (products), Adjoint, Inversion, Kronecker products and
BlockDiag (direct sums), with TF's hint rules and structured determinants, solves and diagonals."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_api import name_scope
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, broadcast_ops, constant_op, control_flow_ops, math_ops, matrix_ops,
                        stack_ops, unary_ops)
from tfsess.ops.linalg import slicing
from tfsess.ops.linalg.linear_operator import (OPERATOR_CLASSES, LinearOperator, adjoint_tensor,
                                               assert_dims_compatible, dim_at)
from tfsess.ops.linalg.linear_operator_basic import LinearOperatorLowerTriangular


def check_operators(operators, empty_message, dtype_message=None):
    """The operators as a list: ValueError if empty, TypeError unless they share one dtype."""
    if isinstance(operators, (str, bytes)) or not hasattr(operators, "__iter__"):
        raise TypeError(f"Expected argument 'values' to be iterable, got {operators!r}")
    operators = list(operators)
    if not operators:
        raise ValueError(empty_message % (operators,) if "%s" in empty_message else empty_message)
    dtype = operators[0].dtype
    if any(op.dtype != dtype for op in operators):
        name_type = [str((o.name, o.dtype)) for o in operators]
        if dtype_message:
            raise TypeError(dtype_message.format(name_type))
        raise TypeError("Expected all operators to have the same dtype.  Found %s" % "   ".join(name_type))
    return operators


def combine_hint(operator, attr, provided, message):
    """The operator's hint unless the provided one contradicts it (ValueError)."""
    op_hint = getattr(operator, attr)
    if op_hint is False and provided:
        raise ValueError(message)
    if op_hint and provided is False:
        raise ValueError(message)
    return op_hint if op_hint or op_hint is False else provided


def is_adjoint_pair(x, y):
    if x is y:
        if x.is_self_adjoint is False:
            return False
        if x.is_self_adjoint:
            return True
    return x.H is y or y.H is x


def is_aat_form(operators):
    operators = list(operators)
    if not operators:
        raise ValueError("AAT form is undefined for empty operators")
    if len(operators) % 2:
        return False
    return all(is_adjoint_pair(operators[i], operators[-1 - i]) for i in range(len(operators) // 2))


def broadcast_batch_dims_all(tensors):
    """Matrices [..., M_i, N_i] with their batch dims broadcast together."""
    tensors = list(tensors)
    if all(t.shape.is_fully_defined() for t in tensors):
        batch = tensors[0].shape[:-2]
        for t in tensors[1:]:
            batch = broadcast_ops.broadcast_static_shape(batch, t.shape[:-2])
        return [t if t.shape[:-2] == batch else broadcast_ops.broadcast_to(t, batch.concatenate(t.shape[-2:]).as_list())
                for t in tensors]
    zeros = None
    for t in tensors:
        z = math_ops.cast(array_ops.zeros_like(t[..., :1, :1]), tensors[0].dtype)
        zeros = z if zeros is None else zeros + z
    return [t + math_ops.cast(zeros, t.dtype) for t in tensors]


def broadcast_batch_shapes(shapes):
    batch = shapes[0]
    for s in shapes[1:]:
        batch = broadcast_ops.broadcast_static_shape(batch, s) if batch.ndims is not None and s.ndims is not None \
            else TensorShape(None)
    return batch


def batch_shape_tensor_of(operators):
    zeros = None
    for op in operators:
        z = constant_op.zeros(op.batch_shape_tensor())
        zeros = z if zeros is None else zeros + z
    return array_ops.shape(zeros)


# ------------------------------------------------------------------ Composition
class LinearOperatorComposition(LinearOperator):
    """The product op_1 @ op_2 @ ... @ op_J (tf.linalg.LinearOperatorComposition)."""
    _parameter_ndims = {"operators": slicing.nested_operator_ndims}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        operators = check_operators(operators, "Expected a non-empty list of operators. Found: %s")
        self._operators = operators
        if all(op.is_non_singular for op in operators):
            if is_non_singular is False:
                raise ValueError("The composition of non-singular operators is always non-singular.")
            is_non_singular = True
        aat = is_aat_form(operators)
        if (len(operators) == 1 and operators[0].is_self_adjoint) or aat:
            if is_self_adjoint is False:
                raise ValueError("The composition was determined to be self-adjoint but user provided incorrect "
                                 "`False` hint.")
            is_self_adjoint = True
        if aat:
            if is_square is False:
                raise ValueError("The composition was determined have the form A @ A.H, hence it must be square. "
                                 "The user provided an incorrect `False` hint.")
            is_square = True
            if is_non_singular:
                if is_positive_definite is False:
                    raise ValueError("The composition was determined to be non-singular and have the form A @ A.H, "
                                     "hence it must be positive-definite. The user provided an incorrect `False` "
                                     "hint.")
                is_positive_definite = True
        name = name or "_o_".join(op.name for op in operators)
        with name_scope(name):
            super().__init__(operators[0].dtype, None, is_non_singular, is_self_adjoint, is_positive_definite,
                             is_square, name, {"operators": operators})

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        domain = self.operators[0].domain_dimension
        for op in self.operators[1:]:
            assert_dims_compatible(domain, op.range_dimension)
            domain = op.domain_dimension
        matrix = TensorShape([self.operators[0].range_dimension, self.operators[-1].domain_dimension])
        return broadcast_batch_shapes([op.batch_shape for op in self.operators]).concatenate(matrix)

    def _shape_tensor(self):
        matrix = stack_ops.stack([self.operators[0].range_dimension_tensor(),
                                  self.operators[-1].domain_dimension_tensor()])
        return stack_ops.concat((batch_shape_tensor_of(self.operators), matrix), 0)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        order = self.operators if adjoint else list(reversed(self.operators))
        result = order[0].matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in order[1:]:
            result = op.matmul(result, adjoint=adjoint)
        return result

    def _determinant(self):
        result = self.operators[0].determinant()
        for op in self.operators[1:]:
            result *= op.determinant()
        return result

    def _log_abs_determinant(self):
        result = self.operators[0].log_abs_determinant()
        for op in self.operators[1:]:
            result += op.log_abs_determinant()
        return result

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        order = list(reversed(self.operators)) if adjoint else self.operators
        solution = order[0].solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)
        for op in order[1:]:
            solution = op.solve(solution, adjoint=adjoint)
        return solution

    def _assert_non_singular(self):
        if all(op.is_square for op in self.operators):
            return control_flow_ops.group([op.assert_non_singular() for op in self.operators])
        return super()._assert_non_singular()

    def _linop_cholesky(self):
        ops = self.operators
        if not (len(ops) == 2 and is_aat_form(ops) and isinstance(ops[0], LinearOperatorLowerTriangular)):
            return super()._linop_cholesky()
        left = ops[0]
        if left.is_positive_definite:
            return left
        diag_sign = array_ops.expand_dims(unary_ops.sign(left.diag_part()), axis=-2)
        return LinearOperatorLowerTriangular(left.tril / diag_sign, is_non_singular=left.is_non_singular,
                                             is_self_adjoint=left.is_self_adjoint,
                                             is_positive_definite=True if left.is_positive_definite else None,
                                             is_square=True)


# ------------------------------------------------------------------ Adjoint and Inversion
def _hints_shared_with(operator, relation, is_square, is_non_singular, is_self_adjoint, is_positive_definite):
    """[square, non-singular, self-adjoint, positive-definite] hints of an operator's adjoint or inverse, which
    hold exactly when they hold for `operator` (TF's error when a given hint contradicts the operator's)."""
    return [combine_hint(operator, attr, given, f"An operator is {what} if and only if its {relation} is {what}.")
            for attr, given, what in (("is_square", is_square, "square"),
                                      ("is_non_singular", is_non_singular, "non-singular"),
                                      ("is_self_adjoint", is_self_adjoint, "self-adjoint"),
                                      ("is_positive_definite", is_positive_definite, "positive-definite"))]


class LinearOperatorAdjoint(LinearOperator):
    """The conjugate transpose A^H of an operator (tf.linalg.LinearOperatorAdjoint)."""
    _parameter_ndims = {"operator": 0}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        self._operator = operator
        hints = _hints_shared_with(operator, "adjoint", is_square, is_non_singular, is_self_adjoint,
                                   is_positive_definite)
        name = name or operator.name + "_adjoint"
        with name_scope(name):
            super().__init__(operator.dtype, None, hints[1], hints[2], hints[3], hints[0], name,
                             {"operator": operator})

    @property
    def operator(self):
        return self._operator

    def _linop_adjoint(self):
        return self.operator

    def _assert_non_singular(self):
        return self.operator.assert_non_singular()

    def _assert_positive_definite(self):
        return self.operator.assert_positive_definite()

    def _assert_self_adjoint(self):
        return self.operator.assert_self_adjoint()

    def _shape(self):
        shape = self.operator.shape
        if shape.ndims is None:
            return shape
        return shape[:-2].concatenate([shape[-1], shape[-2]])

    def _shape_tensor(self):
        shape = self.operator.shape_tensor()
        return stack_ops.concat([shape[:-2], [shape[-1], shape[-2]]], axis=-1)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self.operator.matmul(x, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _matvec(self, x, adjoint=False):
        return self.operator.matvec(x, adjoint=not adjoint)

    def _determinant(self):
        det = self.operator.determinant()
        return det if self.is_self_adjoint else unary_ops.conj(det)

    def _log_abs_determinant(self):
        return self.operator.log_abs_determinant()

    def _trace(self):
        trace = self.operator.trace()
        return trace if self.is_self_adjoint else unary_ops.conj(trace)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self.operator.solve(rhs, adjoint=not adjoint, adjoint_arg=adjoint_arg)

    def _solvevec(self, rhs, adjoint=False):
        return self.operator.solvevec(rhs, adjoint=not adjoint)

    def _to_dense(self):
        dense = self.operator.to_dense()
        return dense if self.is_self_adjoint else adjoint_tensor(dense)

    def _eigvals(self):
        eigvals = self.operator.eigvals()
        return eigvals if self.operator.is_self_adjoint else unary_ops.conj(eigvals)

    def _cond(self):
        return self.operator.cond()


class LinearOperatorInversion(LinearOperator):
    """The inverse A^-1 of a square, non-singular operator (tf.linalg.LinearOperatorInversion)."""
    _parameter_ndims = {"operator": 0}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, operator, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        self._operator = operator
        if operator.is_non_singular is False or is_non_singular is False:
            raise ValueError(f"Argument `is_non_singular` or argument `operator` must have supplied hint "
                             f"`is_non_singular` equal to `True` or `None`. Found `operator.is_non_singular`: "
                             f"{operator.is_non_singular}, `is_non_singular`: {is_non_singular}.")
        if operator.is_square is False or is_square is False:
            raise ValueError(f"Argument `is_square` or argument `operator` must have supplied hint `is_square` "
                             f"equal to `True` or `None`. Found `operator.is_square`: {operator.is_square}, "
                             f"`is_square`: {is_square}.")
        hints = _hints_shared_with(operator, "inverse", is_square, is_non_singular, is_self_adjoint,
                                   is_positive_definite)
        name = name or operator.name + "_inv"
        with name_scope(name):
            super().__init__(operator.dtype, None, hints[1], hints[2], hints[3], hints[0], name,
                             {"operator": operator})

    @property
    def operator(self):
        return self._operator

    def _linop_inverse(self):
        return self.operator

    def _linop_solve(self, left, right):
        if isinstance(left, LinearOperatorInversion):
            return left.operator.matmul(right)
        return super()._linop_solve(left, right)

    def _assert_non_singular(self):
        return self.operator.assert_non_singular()

    def _assert_positive_definite(self):
        return self.operator.assert_positive_definite()

    def _assert_self_adjoint(self):
        return self.operator.assert_self_adjoint()

    def _shape(self):
        return self.operator.shape

    def _shape_tensor(self):
        return self.operator.shape_tensor()

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self.operator.solve(x, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _determinant(self):
        return 1.0 / self.operator.determinant()

    def _log_abs_determinant(self):
        return -1.0 * self.operator.log_abs_determinant()

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self.operator.matmul(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg)

    def _eigvals(self):
        return 1.0 / self.operator.eigvals()

    def _cond(self):
        return self.operator.cond()


# ------------------------------------------------------------------ Kronecker
class LinearOperatorKronecker(LinearOperator):
    """The Kronecker product op_1 x op_2 x ... (tf.linalg.LinearOperatorKronecker)."""
    _parameter_ndims = {"operators": slicing.nested_operator_ndims}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None):
        operators = check_operators(operators, "Argument `operators` must be a list of >=1 operators. "
                                               "Received: %s.",
                                    "Expected every operation in argument `operators` to have the same dtype. "
                                    "Received {}.")
        self._operators = operators
        for attr, given, what in (("is_non_singular", is_non_singular, "non-singular"),
                                  ("is_self_adjoint", is_self_adjoint, "self-adjoint"),
                                  ("is_positive_definite", is_positive_definite, "positive-definite")):
            if all(getattr(op, attr) for op in operators):
                if given is False:
                    raise ValueError(f"The Kronecker product of {what} operators is always {what}. Expected "
                                     f"argument `{attr}` to be True. Received: {given}.")
        is_non_singular = True if all(op.is_non_singular for op in operators) else is_non_singular
        is_self_adjoint = True if all(op.is_self_adjoint for op in operators) else is_self_adjoint
        is_positive_definite = True if all(op.is_positive_definite for op in operators) else is_positive_definite
        name = name or "_x_".join(op.name for op in operators)
        with name_scope(name):
            super().__init__(operators[0].dtype, None, is_non_singular, is_self_adjoint, is_positive_definite,
                             is_square, name, {"operators": operators})

    @property
    def operators(self):
        return self._operators

    def _shape(self):
        domain, range_ = self.operators[0].domain_dimension, self.operators[0].range_dimension
        for op in self.operators[1:]:
            domain, range_ = domain * op.domain_dimension, range_ * op.range_dimension
        batch = broadcast_batch_shapes([op.batch_shape for op in self.operators])
        return batch.concatenate([range_, domain])

    def _shape_tensor(self):
        domain = self.operators[0].domain_dimension_tensor()
        range_ = self.operators[0].range_dimension_tensor()
        for op in self.operators[1:]:
            domain, range_ = domain * op.domain_dimension_tensor(), range_ * op.range_dimension_tensor()
        return stack_ops.concat((batch_shape_tensor_of(self.operators), [range_, domain]), 0)

    def _solve_matmul_internal(self, x, solve_matmul_fn, adjoint=False, adjoint_arg=False):
        """Applies the factors one at a time to x reshaped so each factor acts on one axis (TF's order)."""
        output = x
        if adjoint_arg:
            if self.dtype.is_complex:
                output = unary_ops.conj(output)
        else:
            output = matrix_ops.matrix_transpose(output)
        for op in reversed(self.operators):
            op_dim = op.range_dimension if adjoint else op.domain_dimension
            op_dim_value = op_dim.value
            if op_dim_value is None:
                op_dim_value = constant_value(op.range_dimension_tensor() if adjoint
                                              else op.domain_dimension_tensor())
            shape = array_ops.shape(output)
            if op_dim_value is not None and output.shape.ndims is not None and \
                    output.shape[-2:].is_fully_defined():
                op_dim_value = int(op_dim_value)
                dim = int(output.shape[-2]) * int(output.shape[-1]) // op_dim_value
                if output.shape[:-2].is_fully_defined():
                    new_shape = output.shape[:-2].as_list() + [dim, op_dim_value]
                else:
                    new_shape = stack_ops.concat((shape[:-2], [dim, op_dim_value]), 0)
            else:
                op_dim_t = op.range_dimension_tensor() if adjoint else op.domain_dimension_tensor()
                dim = math_ops.cast(shape[-2] * shape[-1] // op_dim_t, dtypes.int32)
                new_shape = stack_ops.concat((shape[:-2], stack_ops.stack([dim, op_dim_t])), 0)
            output = array_ops.reshape(output, new_shape)
            if self.dtype.is_complex:
                output = unary_ops.conj(output)
            output = solve_matmul_fn(op, output, adjoint=adjoint, adjoint_arg=True)
        col_dim = dim_at(x.shape, -2 if adjoint_arg else -1)
        row_dim = self.domain_dimension if adjoint else self.range_dimension
        if col_dim.value is not None and row_dim.value is not None and output.shape[:-2].is_fully_defined():
            final = output.shape[:-2].as_list() + [row_dim.value, col_dim.value]
        else:
            x_shape = array_ops.shape(x)
            rows = self.domain_dimension_tensor() if adjoint else self.range_dimension_tensor()
            cols = x_shape[-2] if adjoint_arg else x_shape[-1]
            final = stack_ops.concat((array_ops.shape(output)[:-2], stack_ops.stack([rows, cols])), 0)
        output = array_ops.reshape(output, final)
        if x.shape.is_fully_defined():
            batch = broadcast_ops.broadcast_static_shape(x.shape[:-2], self.batch_shape)
            output.set_shape(batch.concatenate([row_dim, col_dim]))
        return output

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        return self._solve_matmul_internal(x, lambda o, v, adjoint, adjoint_arg: o.matmul(
            v, adjoint=adjoint, adjoint_arg=adjoint_arg), adjoint, adjoint_arg)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        return self._solve_matmul_internal(rhs, lambda o, v, adjoint, adjoint_arg: o.solve(
            v, adjoint=adjoint, adjoint_arg=adjoint_arg), adjoint, adjoint_arg)

    def _determinant(self):
        # |X1 x X2 x ...| = prod |Xi| ** (T / dim(Xi)), T the product of the dimensions.
        total = self.domain_dimension_tensor()
        determinant = 1.0
        for op in self.operators:
            exponent = math_ops.cast(total / op.domain_dimension_tensor(), dtype=op.dtype)
            determinant = determinant * op.determinant() ** exponent
        return determinant

    def _log_abs_determinant(self):
        total = self.domain_dimension_tensor()
        log_abs_det = 0.0
        for op in self.operators:
            log_abs_det += op.log_abs_determinant() * math_ops.cast(total / op.domain_dimension_tensor(),
                                                                    dtype=op.dtype)
        return log_abs_det

    def _trace(self):
        trace = 1.0
        for op in self.operators:
            trace = trace * op.trace()
        return trace

    def _diag_part(self):
        diag = self.operators[0].diag_part()
        for op in self.operators[1:]:
            diag = array_ops.expand_dims(diag, -1) * array_ops.expand_dims(op.diag_part(), -2)
            diag = array_ops.reshape(diag, stack_ops.concat([array_ops.shape(diag)[:-2], [-1]], axis=0))
        rows, cols = self.range_dimension.value, self.domain_dimension.value
        diag.set_shape(self.batch_shape.concatenate([None if None in (rows, cols) else min(rows, cols)]))
        return diag

    def _to_dense(self):
        product = self.operators[0].to_dense()
        for op in self.operators[1:]:
            product = array_ops.expand_dims(array_ops.expand_dims(product, -1), -3)  # [..., m, 1, n, 1]
            factor = op.to_dense()
            factor = array_ops.expand_dims(array_ops.expand_dims(factor, -2), -4)  # [..., 1, p, 1, q]
            product = product * factor
            shape = array_ops.shape(product)
            product = array_ops.reshape(product, stack_ops.concat(
                (shape[:-4], [shape[-4] * shape[-3], shape[-2] * shape[-1]]), 0))
        product.set_shape(self.shape)
        return product

    def _eigvals(self):
        product = self.operators[0].eigvals()
        for op in self.operators[1:]:
            product = array_ops.expand_dims(product, -1) * array_ops.expand_dims(op.eigvals(), -2)
            product = array_ops.reshape(product, stack_ops.concat([array_ops.shape(product)[:-2], [-1]], 0))
        product.set_shape(self.shape[:-1])
        return product

    def _assert_non_singular(self):
        if all(op.is_square for op in self.operators):
            return control_flow_ops.group([op.assert_non_singular() for op in self.operators])
        raise NotImplementedError("The Kronecker product of non-square operators is always singular.")

    def _assert_self_adjoint(self):
        if all(op.is_square for op in self.operators):
            return control_flow_ops.group([op.assert_self_adjoint() for op in self.operators])
        return super()._assert_self_adjoint()

    def _linop_adjoint(self):
        return LinearOperatorKronecker([op.adjoint() for op in self.operators],
                                       is_non_singular=self.is_non_singular, is_self_adjoint=self.is_self_adjoint,
                                       is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_inverse(self):
        return LinearOperatorKronecker([op.inverse() for op in self.operators],
                                       is_non_singular=self.is_non_singular, is_self_adjoint=self.is_self_adjoint,
                                       is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_cholesky(self):
        if not all(op.is_positive_definite and op.is_self_adjoint for op in self.operators):
            return super()._linop_cholesky()
        return LinearOperatorKronecker([op.cholesky() for op in self.operators], is_non_singular=True,
                                       is_self_adjoint=None, is_square=True)


OPERATOR_CLASSES.update(Composition=LinearOperatorComposition, Adjoint=LinearOperatorAdjoint,
                        Inversion=LinearOperatorInversion)

__all__ = ["LinearOperatorAdjoint", "LinearOperatorComposition", "LinearOperatorInversion",
           "LinearOperatorKronecker"]

