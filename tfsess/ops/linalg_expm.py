"""tf.linalg.expm: the matrix exponential by scaling and squaring with Pade approximants (TF's graph, Higham 2005).

float16/32 and complex64 pick a degree 3, 5 or 7 approximant by the 1-norm; float64 and complex128
3, 5, 7, 9 or 13. The top degree works on the matrix scaled by 2**-s, squared back s times after.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import (array_ops, cond_ops, constant_op, indexing_ops, linalg_ops, logic_ops, math_ops,
                        matrix_decomposition_ops, matrix_ops, reduction_ops, stack_ops, unary_ops, while_ops)

_PADE = {3: [120.0, 60.0, 12.0], 5: [30240.0, 15120.0, 3360.0, 420.0, 30.0],
         7: [17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0],
         9: [17643225600.0, 8821612800.0, 2075673600.0, 302702400.0, 30270240.0, 2162160.0, 110880.0, 3960.0, 90.0]}
_PADE13 = [64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0, 129060195264000.0,
           10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0, 960960.0, 16380.0, 182.0]
# (largest 1-norm per degree below the top one, top degree, the top degree's largest norm before scaling)
_SCHEDULE = {"single": ((4.258730016922831e-001, 1.880152677804762e+000), (3, 5, 7), 3.925724783138660),
             "double": ((1.495585217958292e-002, 2.539398330063230e-001, 9.504178996162932e-001,
                         2.097847961257068e+000), (3, 5, 7, 9, 13), 5.371920351148152)}


def _identity_like(matrix):
    shape = array_ops.shape(matrix)
    return matrix_ops.eye(shape[-2], batch_shape=shape[:-2], dtype=matrix.dtype.base_dtype)


def _pade(matrix, degree):
    """(U, V) of the degree 3/5/7/9 approximant, summed in TF's order (highest power first)."""
    b = [constant_op.constant(x, matrix.dtype.base_dtype) for x in _PADE[degree]]
    powers = [_identity_like(matrix), linalg_ops.matmul(matrix, matrix)]
    while len(powers) <= degree // 2:
        powers.append(linalg_ops.matmul(powers[-1], powers[1]))  # A^4 = A^2 A^2, A^6 = A^4 A^2, ...
    top = degree // 2
    tmp = powers[top]
    for j in range(top - 1, -1, -1):
        tmp = tmp + b[2 * j + 1] * powers[j]
    v = b[2 * top] * powers[top]
    for j in range(top - 1, -1, -1):
        v = v + b[2 * j] * powers[j]
    return linalg_ops.matmul(matrix, tmp), v


def _pade13(matrix):
    b = [constant_op.constant(x, matrix.dtype.base_dtype) for x in _PADE13]
    ident = _identity_like(matrix)
    m2 = linalg_ops.matmul(matrix, matrix)
    m4 = linalg_ops.matmul(m2, m2)
    m6 = linalg_ops.matmul(m4, m2)
    tmp_u = (linalg_ops.matmul(m6, m6 + b[11] * m4 + b[9] * m2) + b[7] * m6 + b[5] * m4 + b[3] * m2 + b[1] * ident)
    tmp_v = b[12] * m6 + b[10] * m4 + b[8] * m2
    v = linalg_ops.matmul(m6, tmp_v) + b[6] * m6 + b[4] * m4 + b[2] * m2 + b[0] * ident
    return linalg_ops.matmul(matrix, tmp_u), v


def matrix_exponential(input, name=None):  # noqa: A002
    """exp(A) of each square matrix of `input` [..., M, M] (tf.linalg.expm).

    Raises:
      ValueError: an integer matrix. A matrix with a non-finite entry gives NaNs.
    """
    with op_scope(name, "matrix_exponential", [input]):
        matrix = convert_to_tensor(input, name="input")
        input_shape = matrix.shape
        if matrix.shape.ndims is not None and matrix.shape[-2:].as_list() == [0, 0]:
            return matrix
        dtype = matrix.dtype.base_dtype
        if dtype in (dtypes.float16, dtypes.float32, dtypes.complex64):
            conds, degrees, maxnorm = _SCHEDULE["single"]
        elif dtype in (dtypes.float64, dtypes.complex128):
            conds, degrees, maxnorm = _SCHEDULE["double"]
        else:
            raise ValueError(f"tf.linalg.expm does not support matrices of type {dtype}")
        batch_shape = matrix.shape[:-2]
        if not batch_shape.is_fully_defined():
            batch_shape = array_ops.shape(matrix)[:-2]
        matrix = array_ops.reshape(matrix, stack_ops.concat(([-1], array_ops.shape(matrix)[-2:]), axis=0))
        l1_norm = reduction_ops.reduce_max(reduction_ops.reduce_sum(unary_ops.abs(matrix), axis=1), axis=-1)
        l1_norm = array_ops.expand_dims(array_ops.expand_dims(l1_norm, -1), -1)
        real = l1_norm.dtype.base_dtype

        def const(x):
            return constant_op.constant(x, real)
        squarings = math_ops.maximum(unary_ops.floor(unary_ops.log(l1_norm / const(maxnorm)) /
                                                    unary_ops.log(const(2.0))), 0)
        scaled = matrix / math_ops.cast(math_ops.pow(const(2.0), squarings), dtype)
        approximants = [_pade(matrix, d) for d in degrees[:-1]]
        approximants.append(_pade13(scaled) if degrees[-1] == 13 else _pade(scaled, degrees[-1]))
        u, v = approximants[-1]
        for bound, (u_k, v_k) in reversed(list(zip(conds, approximants[:-1]))):
            below = logic_ops.less(l1_norm, const(bound))
            u, v = indexing_ops.where_v2(below, u_k, u), indexing_ops.where_v2(below, v_k, v)
        is_finite = unary_ops.is_finite(reduction_ops.reduce_max(l1_norm))
        nan = constant_op.constant(np.nan, dtype)
        result = cond_ops.cond(is_finite, lambda: matrix_decomposition_ops.matrix_solve(-u + v, u + v),
                               lambda: constant_op.fill(array_ops.shape(matrix), nan))
        max_squarings = reduction_ops.reduce_max(squarings)

        def keep_going(i, _):
            return cond_ops.cond(is_finite, lambda: logic_ops.less(i, max_squarings),
                                 lambda: constant_op.constant(False))

        def square(i, r):
            return i + 1, indexing_ops.where_v2(logic_ops.less(i, squarings), linalg_ops.matmul(r, r), r)
        _, result = while_ops.while_loop(keep_going, square, [const(0.0), result])
        if isinstance(batch_shape, TensorShape):
            static = batch_shape.concatenate(result.shape[-2:])
            if static.is_fully_defined():
                return array_ops.reshape(result, static.as_list())
            batch_shape = batch_shape.as_list()
        result = array_ops.reshape(result, stack_ops.concat((batch_shape, array_ops.shape(result)[-2:]), axis=0))
        result.set_shape(input_shape)
        return result


__all__ = []
