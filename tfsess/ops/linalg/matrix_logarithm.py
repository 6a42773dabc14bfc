"""tf.linalg.logm (the MatrixLogarithm op) and tf.linalg.experimental.conjugate_gradient.

logm works by inverse scaling and squaring (Cheng, Higham, Kenney and Laub, 2001): square roots by the
Denman-Beavers iteration until ||A - I||_1 <= 1/4, then the degree-8 Pade approximant of log(I + X) in
partial fractions (Gauss-Legendre nodes), scaled back by 2^k. TF's kernel (Eigen) takes a Schur form first;
both compute the principal logarithm, so they agree to rounding. Computed in complex128 and cast back.
"""
from __future__ import annotations

import collections
import functools

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import (array_ops, broadcast_ops, constant_op, extra_math_ops, logic_ops, norm_ops,
                        reduction_ops, stack_ops, unary_ops, while_ops)
from tfsess.ops._infer import apply_gen, check_dtype, host

_PADE_DEGREE = 8


@functools.lru_cache(maxsize=1)
def _gauss_legendre_on_unit_interval():
    """The quadrature's nodes and weights on [0, 1] (made on first use: numpy.polynomial costs 5 ms to import)."""
    nodes, weights = np.polynomial.legendre.leggauss(_PADE_DEGREE)
    return (nodes + 1) / 2, weights / 2


_MAX_ROOTS = 64


def _sqrtm_denman_beavers(a):
    """The principal square root of `a` (no eigenvalues on the closed negative real axis)."""
    y, z = a, np.eye(a.shape[0], dtype=a.dtype)
    for _ in range(100):
        y_inv, z_inv = np.linalg.inv(y), np.linalg.inv(z)
        y_next, z = 0.5 * (y + z_inv), 0.5 * (z + y_inv)
        done = np.linalg.norm(y_next - y, 1) <= 1e-15 * np.linalg.norm(y_next, 1)
        y = y_next
        if done:
            break
    return y


def _logm_one(a):
    ident = np.eye(a.shape[0], dtype=a.dtype)
    try:
        roots = 0
        while np.linalg.norm(a - ident, 1) > 0.25 and roots < _MAX_ROOTS:
            a = _sqrtm_denman_beavers(a)
            roots += 1
        x = a - ident
        log = sum(w * np.linalg.solve(ident + t * x, x) for t, w in zip(*_gauss_legendre_on_unit_interval()))
        result = (2.0 ** roots) * log
        if np.all(np.isfinite(result)):
            return result
    except np.linalg.LinAlgError:
        pass
    # Singular or defective beyond the iteration's reach: through the eigendecomposition (-inf for a zero
    # eigenvalue, as the Schur method gives).
    w, v = np.linalg.eig(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        return v @ np.diag(np.log(w.astype(np.complex128))) @ np.linalg.pinv(v)


def _logm_infer(inputs, attrs):
    x = inputs[0]
    dtype = check_dtype(x, (dtypes.complex64, dtypes.complex128), "input")
    if x.shape.ndims is None:
        return [(dtype, unknown_shape())]
    if x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for 'MatrixLogarithm'")
    m, n = x.shape.dims[-2].value, x.shape.dims[-1].value
    if m is not None and n is not None and m != n:
        raise ValueError(f"Dimensions must be equal, but are {m} and {n} for 'MatrixLogarithm'")
    return [(dtype, TensorShape(x.shape))]


@register_op("MatrixLogarithm", infer=_logm_infer, gpu=False)
def _matrix_logarithm(xp, x):
    a = host(x).astype(np.complex128)
    out = np.empty_like(a)
    flat_in, flat_out = a.reshape((-1,) + a.shape[-2:]), out.reshape((-1,) + a.shape[-2:])
    for i in range(flat_in.shape[0]):
        if flat_in.shape[-1]:
            flat_out[i] = _logm_one(flat_in[i])
    return xp.asarray(out.astype(x.dtype, copy=False))


def matrix_logarithm(input, name=None):  # noqa: A002
    """The principal logarithm of each square complex matrix (tf.linalg.logm)."""
    return apply_gen("MatrixLogarithm", [("input", input, None)], name=name)


logm = matrix_logarithm

# ------------------------------------------------------------------ conjugate gradient
CGState = collections.namedtuple("CGState", ["i", "x", "r", "p", "gamma"])


def _dot(x, y):
    """<x, y> over the last axis, conjugating x."""
    return reduction_ops.reduce_sum(unary_ops.conj(x) * y, axis=-1)


def conjugate_gradient(operator, rhs, preconditioner=None, x=None, tol=1e-5, max_iter=20,
                       name="conjugate_gradient"):
    """Solves A x = rhs for a self-adjoint positive-definite LinearOperator A by (preconditioned) conjugate
    gradients, stopping when every |r| <= tol * |rhs| or after max_iter steps
    (tf.linalg.experimental.conjugate_gradient). Returns CGState(i, x, r, p, gamma)."""
    if not (operator.is_self_adjoint and operator.is_positive_definite):
        raise ValueError("Expected a self-adjoint, positive definite operator.")

    def stopping_criterion(i, state):
        norms = norm_ops.norm(state.r, axis=-1)
        return logic_ops.logical_and(i < max_iter, reduction_ops.reduce_any(norms > tol))

    def cg_step(i, state):
        z = operator.matvec(state.p)
        alpha = state.gamma / _dot(state.p, z)
        x_next = state.x + array_ops.expand_dims(alpha, -1) * state.p
        r = state.r - array_ops.expand_dims(alpha, -1) * z
        q = r if preconditioner is None else preconditioner.matvec(r)
        gamma = _dot(r, q)
        beta = gamma / state.gamma
        p = q + array_ops.expand_dims(beta, -1) * state.p
        return i + 1, CGState(i + 1, x_next, r, p, gamma)

    with op_scope(None, name, [rhs]):
        rhs = convert_to_tensor(rhs, name="rhs")
        shape = extra_math_ops.broadcast_dynamic_shape(array_ops.shape(rhs)[:-1], operator.batch_shape_tensor())
        if preconditioner is not None:
            shape = extra_math_ops.broadcast_dynamic_shape(shape, preconditioner.batch_shape_tensor())
        rhs_shape = stack_ops.concat([shape, [array_ops.shape(rhs)[-1]]], axis=-1)
        r0 = broadcast_ops.broadcast_to(rhs, rhs_shape)
        tol = tol * norm_ops.norm(r0, axis=-1)
        if x is None:
            x = constant_op.zeros(rhs_shape, dtype=rhs.dtype.base_dtype)
        else:
            r0 = rhs - operator.matvec(x)
        p0 = r0 if preconditioner is None else preconditioner.matvec(r0)
        gamma0 = _dot(r0, p0)
        i = constant_op.constant(0, dtype=dtypes.int32)
        _, state = while_ops.while_loop(stopping_criterion, cg_step, [i, CGState(i, x, r0, p0, gamma0)])
        return CGState(state.i, x=state.x, r=state.r, p=state.p, gamma=state.gamma)


__all__ = ["logm"]
