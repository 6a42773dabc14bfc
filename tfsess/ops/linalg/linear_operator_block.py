"""Block operators: BlockDiag (the direct sum of operators) and BlockLowerTriangular (square blocks on the
diagonal, solved by forward or back substitution block by block). Both take and return blockwise lists too."""
from __future__ import annotations

from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import Dimension, TensorShape
from tfsess.ops import array_ops, constant_op, control_flow_ops, stack_ops, unary_ops
from tfsess.ops.linalg import slicing
from tfsess.ops.linalg.linear_operator import LinearOperator, adjoint_tensor, assert_dims_compatible, dim_at
from tfsess.ops.linalg.linear_operator_basic import LinearOperatorFullMatrix
from tfsess.ops.linalg.linear_operator_composite import (batch_shape_tensor_of, broadcast_batch_dims_all,
                                                         broadcast_batch_shapes, check_operators)


def _is_blockwise(x, count):
    return isinstance(x, (list, tuple)) and len(x) == count and not isinstance(x, LinearOperator)


def _split_blocks(x, dims, dim_tensors_fn, axis):
    """x split along `axis` into blocks of the operators' dimensions."""
    sizes = [d.value for d in dims]
    if None in sizes:
        sizes = stack_ops.stack(dim_tensors_fn())
    return stack_ops.split(x, sizes, axis=axis)


class _BlockOperator(LinearOperator):
    """What BlockDiag and BlockLowerTriangular share: blocks given by the diagonal operators."""

    def _block_range_dimensions(self):
        return [op.range_dimension for op in self._diagonal_operators]

    def _block_domain_dimensions(self):
        return [op.domain_dimension for op in self._diagonal_operators]

    def _block_range_dimension_tensors(self):
        return [op.range_dimension_tensor() for op in self._diagonal_operators]

    def _block_domain_dimension_tensors(self):
        return [op.domain_dimension_tensor() for op in self._diagonal_operators]

    def _all_operators(self):
        return list(self._diagonal_operators)

    def _shape(self):
        rows = sum((d for d in self._block_range_dimensions()), Dimension(0))
        cols = sum((d for d in self._block_domain_dimensions()), Dimension(0))
        batch = broadcast_batch_shapes([op.batch_shape for op in self._all_operators()])
        return batch.concatenate(TensorShape([rows, cols]))

    def _shape_tensor(self):
        rows = sum(self._block_range_dimension_tensors()[1:], self._block_range_dimension_tensors()[0])
        cols = sum(self._block_domain_dimension_tensors()[1:], self._block_domain_dimension_tensors()[0])
        return stack_ops.concat((batch_shape_tensor_of(self._all_operators()), stack_ops.stack([rows, cols])), 0)

    def _split(self, x, adjoint, adjoint_arg):
        dims = self._block_range_dimensions() if adjoint else self._block_domain_dimensions()
        fn = self._block_range_dimension_tensors if adjoint else self._block_domain_dimension_tensors
        return _split_blocks(x, dims, fn, -1 if adjoint_arg else -2)

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        if _is_blockwise(x, len(self._diagonal_operators)):
            with self._name_scope(name):
                blocks = [b if isinstance(b, LinearOperator) else convert_to_tensor(b) for b in x]
                return self._matmul_blocks(blocks, adjoint, adjoint_arg)
        return super().matmul(x, adjoint=adjoint, adjoint_arg=adjoint_arg, name=name)

    def _matmul(self, x, adjoint=False, adjoint_arg=False):
        result = self._matmul_blocks(self._split(x, adjoint, adjoint_arg), adjoint, adjoint_arg)
        return stack_ops.concat(broadcast_batch_dims_all(result), axis=-2)

    def matvec(self, x, adjoint=False, name="matvec"):
        if _is_blockwise(x, len(self._diagonal_operators)):
            with self._name_scope(name):
                dims = self._block_range_dimensions() if adjoint else self._block_domain_dimensions()
                blocks = []
                for dim, block in zip(dims, x):
                    block = convert_to_tensor(block)
                    self._check_input_dtype(block)
                    assert_dims_compatible(dim, dim_at(block.shape, -1))
                    blocks.append(array_ops.expand_dims(block, -1))
                return [array_ops.squeeze(y, axis=-1) for y in self._matmul_blocks(blocks, adjoint, False)]
        return super().matvec(x, adjoint=adjoint, name=name)

    def _matvec(self, x, adjoint=False):
        return array_ops.squeeze(self._matmul(array_ops.expand_dims(x, -1), adjoint=adjoint), axis=-1)

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        if _is_blockwise(rhs, len(self._diagonal_operators)):
            self._check_solvable()
            with self._name_scope(name):
                blocks = [convert_to_tensor(b) for b in rhs]
                if adjoint_arg:
                    blocks = [adjoint_tensor(b) for b in blocks]
                return self._solve_blocks(blocks, adjoint)
        return super().solve(rhs, adjoint=adjoint, adjoint_arg=adjoint_arg, name=name)

    def _solve(self, rhs, adjoint=False, adjoint_arg=False):
        rhs = adjoint_tensor(rhs) if adjoint_arg else rhs
        dims = self._block_domain_dimensions() if adjoint else self._block_range_dimensions()
        fn = self._block_domain_dimension_tensors if adjoint else self._block_range_dimension_tensors
        blocks = _split_blocks(rhs, dims, fn, -2)
        return stack_ops.concat(broadcast_batch_dims_all(self._solve_blocks(blocks, adjoint)), axis=-2)

    def _determinant(self):
        result = self._diagonal_operators[0].determinant()
        for op in self._diagonal_operators[1:]:
            result *= op.determinant()
        return result

    def _log_abs_determinant(self):
        result = self._diagonal_operators[0].log_abs_determinant()
        for op in self._diagonal_operators[1:]:
            result += op.log_abs_determinant()
        return result

    def _diag_part(self):
        if not all(op.is_square for op in self._diagonal_operators):
            raise NotImplementedError("`diag_part` not implemented for an operator whose blocks are not square.")
        parts = broadcast_batch_dims_all([array_ops.expand_dims(op.diag_part(), -1)
                                          for op in self._diagonal_operators])
        return array_ops.squeeze(stack_ops.concat(parts, axis=-2), axis=-1)

    def _trace(self):
        if not all(op.is_square for op in self._diagonal_operators):
            raise NotImplementedError("`trace` not implemented for an operator whose blocks are not square.")
        result = self._diagonal_operators[0].trace()
        for op in self._diagonal_operators[1:]:
            result += op.trace()
        return result

    def _assert_non_singular(self):
        return control_flow_ops.group([op.assert_non_singular() for op in self._diagonal_operators])

    def _dense_rows(self, blocks_of_row):
        """The dense matrix from rows of (column index, dense block) pairs, zeros elsewhere."""
        widths = self._block_domain_dimension_tensors()
        rows = []
        for row_index, entries in enumerate(blocks_of_row):
            pieces = []
            present = dict(entries)
            for col, width in enumerate(widths):
                if col in present:
                    pieces.append(present[col])
                else:
                    ref = entries[0][1]
                    shape = stack_ops.concat((array_ops.shape(ref)[:-1], [width]), 0)
                    pieces.append(constant_op.zeros(shape, dtype=self.dtype))
            rows.append(stack_ops.concat(broadcast_batch_dims_all(pieces), axis=-1))
        mat = stack_ops.concat(broadcast_batch_dims_all(rows), axis=-2)
        mat.set_shape(self.shape)
        return mat


class LinearOperatorBlockDiag(_BlockOperator):
    """The block-diagonal direct sum of operators (tf.linalg.LinearOperatorBlockDiag)."""
    _parameter_ndims = {"operators": slicing.nested_operator_ndims}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=True, name=None):
        operators = check_operators(operators, "Expected a non-empty list of operators. Found: %s")
        self._operators = self._diagonal_operators = operators
        for attr, given, what in (("is_non_singular", is_non_singular, "non-singular"),
                                  ("is_self_adjoint", is_self_adjoint, "self-adjoint"),
                                  ("is_positive_definite", is_positive_definite, "positive definite")):
            if all(getattr(op, attr) for op in operators) and given is False:
                raise ValueError(f"The direct sum of {what} operators is always {what}.")
        is_non_singular = True if all(op.is_non_singular for op in operators) else is_non_singular
        is_self_adjoint = True if all(op.is_self_adjoint for op in operators) else is_self_adjoint
        is_positive_definite = True if all(op.is_positive_definite for op in operators) else is_positive_definite
        name = name or "_ds_".join(op.name for op in operators)
        with name_scope(name):
            super().__init__(operators[0].dtype, None, is_non_singular, is_self_adjoint, is_positive_definite,
                             is_square, name, {"operators": operators})

    @property
    def operators(self):
        return self._operators

    def _matmul_blocks(self, blocks, adjoint, adjoint_arg):
        return [op.matmul(b, adjoint=adjoint, adjoint_arg=adjoint_arg) for op, b in zip(self.operators, blocks)]

    def _solve_blocks(self, blocks, adjoint):
        return [op.solve(b, adjoint=adjoint) for op, b in zip(self.operators, blocks)]

    def _to_dense(self):
        return self._dense_rows([[(i, op.to_dense())] for i, op in enumerate(self.operators)])

    def _assert_self_adjoint(self):
        return control_flow_ops.group([op.assert_self_adjoint() for op in self.operators])

    def _assert_positive_definite(self):
        return control_flow_ops.group([op.assert_positive_definite() for op in self.operators])

    def _eigvals(self):
        if not all(op.is_square for op in self.operators):
            raise NotImplementedError("`eigvals` not implemented for an operator whose blocks are not square.")
        parts = broadcast_batch_dims_all([array_ops.expand_dims(op.eigvals(), -1) for op in self.operators])
        return array_ops.squeeze(stack_ops.concat(parts, axis=-2), axis=-1)

    def _blockwise(self, method, **hints):
        return LinearOperatorBlockDiag([getattr(op, method)() for op in self.operators], **hints)

    def _linop_adjoint(self):
        return self._blockwise("adjoint", is_non_singular=self.is_non_singular,
                               is_self_adjoint=self.is_self_adjoint,
                               is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_inverse(self):
        return self._blockwise("inverse", is_non_singular=self.is_non_singular,
                               is_self_adjoint=self.is_self_adjoint,
                               is_positive_definite=self.is_positive_definite, is_square=True)

    def _linop_cholesky(self):
        return self._blockwise("cholesky", is_non_singular=True, is_self_adjoint=None, is_square=True)

    def _linop_matmul(self, left, right):
        if isinstance(left, LinearOperatorBlockDiag) and isinstance(right, LinearOperatorBlockDiag) and \
                len(left.operators) == len(right.operators):
            return LinearOperatorBlockDiag([lo.matmul(ro) for lo, ro in zip(left.operators, right.operators)])
        return super()._linop_matmul(left, right)

    def _linop_solve(self, left, right):
        if isinstance(left, LinearOperatorBlockDiag) and isinstance(right, LinearOperatorBlockDiag) and \
                len(left.operators) == len(right.operators):
            return LinearOperatorBlockDiag([lo.solve(ro) for lo, ro in zip(left.operators, right.operators)])
        return super()._linop_solve(left, right)


class LinearOperatorBlockLowerTriangular(_BlockOperator):
    """A square block lower-triangular operator from rows of operators, row i holding i + 1 blocks
    (tf.linalg.LinearOperatorBlockLowerTriangular)."""
    _parameter_ndims = {"operators": slicing.nested_operator_ndims}  # the right-most dimensions of each parameter forming the matrix

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorBlockLowerTriangular"):
        operators = [list(row) for row in operators]
        if not operators:
            raise ValueError(f"Argument `operators` must be a list of >=1 operators. Received: {operators}.")
        self._operators = operators
        self._diagonal_operators = [row[-1] for row in operators]
        dtype = operators[0][0].dtype
        for i, row in enumerate(operators):
            if any(op.dtype != dtype for op in row):
                raise TypeError(f"Expected all operators to have the same dtype.  Found "
                                f"{[str((o.name, o.dtype)) for o in row]} in row {i} and {dtype} in row 0.")
        diag = self._diagonal_operators
        if all(op.is_non_singular for op in diag):
            if is_non_singular is False:
                raise ValueError(f"A blockwise lower-triangular operator with non-singular operators on the main "
                                 f"diagonal is always non-singular. Expected argument `is_non_singular` to be True. "
                                 f"Received: {is_non_singular}.")
            is_non_singular = True
        elif any(op.is_non_singular is False for op in diag):
            if is_non_singular is True:
                raise ValueError(f"A blockwise lower-triangular operator with a singular operator on the main "
                                 f"diagonal is always singular. Expected argument `is_non_singular` to be True. "
                                 f"Received: {is_non_singular}.")
            is_non_singular = False
        for i, row in enumerate(operators):
            if len(row) != i + 1:
                raise ValueError(f"Argument `operators[{i}]` must contain `{i + 1}` blocks. "
                                 f"Received: {len(row)} blocks.")
        self._validate_dimensions()
        if is_square is False:
            raise ValueError(f"`LinearOperatorBlockLowerTriangular` must be square. Expected argument `is_square` "
                             f"to be True. Received: {is_square}.")
        for i, op in enumerate(diag):
            if op.is_square is False:
                raise ValueError(f"Matrices on the diagonal (the final elements of each row-partition in the "
                                 f"`operators` list) must be square. Expected argument `operators[{i}][-1]."
                                 f"is_square` to be True. Received: {op.is_square}.")
        with name_scope(name):
            super().__init__(dtype, None, is_non_singular, is_self_adjoint, is_positive_definite, True, name,
                             {"operators": operators})

    def _validate_dimensions(self):
        ops = self._operators
        for i in range(1, len(ops)):
            for j in range(i):
                op, above, right = ops[i][j], ops[i - 1][j], ops[i][j + 1]
                if op.domain_dimension.value is not None and above.domain_dimension.value is not None and \
                        op.domain_dimension != above.domain_dimension:
                    raise ValueError(f"Argument `operators[{i}][{j}].domain_dimension` ({op.domain_dimension}) must "
                                     f"be the same as `operators[{i - 1}][{j}].domain_dimension` "
                                     f"({above.domain_dimension}).")
                if op.range_dimension.value is not None and right.range_dimension.value is not None and \
                        op.range_dimension != right.range_dimension:
                    raise ValueError(f"Argument `operators[{i}][{j}].range_dimension` ({op.range_dimension}) must "
                                     f"be the same as `operators[{i}][{j + 1}].range_dimension` "
                                     f"({right.range_dimension}).")

    @property
    def operators(self):
        return self._operators

    def _all_operators(self):
        return [op for row in self._operators for op in row]

    def _matmul_blocks(self, blocks, adjoint, adjoint_arg):
        ops, n = self._operators, len(self._operators)
        results = []
        for i in range(n):
            if adjoint:  # column i of A, conjugate-transposed: sum over rows j >= i of A_ji^H x_j
                terms = [ops[j][i].matmul(blocks[j], adjoint=True, adjoint_arg=adjoint_arg) for j in range(i, n)]
            else:
                terms = [op.matmul(blocks[j], adjoint_arg=adjoint_arg) for j, op in enumerate(ops[i])]
            result = terms[0]
            for t in terms[1:]:
                result += t
            results.append(result)
        return results

    def _solve_blocks(self, blocks, adjoint):
        ops, n = self._operators, len(self._operators)
        solution = [None] * n
        order = range(n - 1, -1, -1) if adjoint else range(n)
        for i in order:
            rhs = blocks[i]
            others = range(i + 1, n) if adjoint else range(i)
            for j in others:
                rhs = rhs - (ops[j][i].matmul(solution[j], adjoint=True) if adjoint
                             else ops[i][j].matmul(solution[j]))
            solution[i] = ops[i][i].solve(rhs, adjoint=adjoint)
        return solution

    def _determinant(self):
        if all(op.is_positive_definite for op in self._diagonal_operators):
            return unary_ops.exp(self._log_abs_determinant())
        return super()._determinant()

    def _to_dense(self):
        return self._dense_rows([[(j, op.to_dense()) for j, op in enumerate(row)] for row in self._operators])

    def _eigvals(self):
        parts = broadcast_batch_dims_all([array_ops.expand_dims(op.eigvals(), -1)
                                          for op in self._diagonal_operators])
        return array_ops.squeeze(stack_ops.concat(parts, axis=-2), axis=-1)

    def _linop_inverse(self):
        """[[A, 0], [B, C]]^-1 = [[A^-1, 0], [-C^-1 B A^-1, C^-1]], built block row by block row."""
        ops, n = self._operators, len(self._operators)
        inverses = [op.inverse() for op in self._diagonal_operators]
        rows = []
        for i in range(n):
            row = []
            for j in range(i):
                acc = None
                for k in range(j, i):
                    inner = rows[k][j] if k > j else inverses[j]
                    term = ops[i][k].matmul(inner)
                    acc = term if acc is None else _add_operators(acc, term)
                row.append(_negate(inverses[i].matmul(acc)))
            row.append(inverses[i])
            rows.append(row)
        return LinearOperatorBlockLowerTriangular(rows, is_non_singular=self.is_non_singular,
                                                  is_self_adjoint=self.is_self_adjoint,
                                                  is_positive_definite=self.is_positive_definite, is_square=True)


def _add_operators(a, b):
    # The sum of two blocks, as a dense operator (TF adds them through its operator-addition rules).
    return LinearOperatorFullMatrix(a.to_dense() + b.to_dense())


def _negate(op):
    return LinearOperatorFullMatrix(-op.to_dense())


__all__ = ["LinearOperatorBlockDiag", "LinearOperatorBlockLowerTriangular"]
