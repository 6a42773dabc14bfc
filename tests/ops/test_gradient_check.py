"""Every registered gradient against central finite differences (float64, random small shapes).

For each op type that has a gradient function, CASES holds a builder `(tf, *inputs) -> output(s)`
that exercises that op on float64 inputs drawn by `inputs` (generators of random arrays, shapes
drawn at random too). The check differentiates `sum(w * output)` for fixed random weights `w`
with tf.gradients and with central differences; they must agree to a relative error < 1e-6.

A differentiable op type with no CASES entry and no SKIP entry fails the test, so every new
gradient comes with its check. SKIP entries say why finite differences cannot check that op.
"""
import zlib

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.op_builder import apply_op
from tfsess.framework.registry import REGISTRY, _OVERRIDE_GRADIENTS
from tfsess.ops import list_ops as lo
from tfsess.ops.def_function import trace
from tfsess.ops.ragged.ragged_array import fill_empty_rows as _ragged_fill_empty_rows

RTOL = 1e-6
STEP = 1e-6


# --------------------------------------------------------------- input generators (rng, shape) -> array
def _shape(choices):
    """A generator drawing its shape from `choices` (a list of shapes) or using the one shape given."""
    choices = choices if isinstance(choices, list) else [choices]
    return lambda rng: choices[rng.integers(len(choices))]


def real(shape, low=-2.0, high=2.0):
    pick = _shape(shape)
    return lambda rng, s=None: rng.uniform(low, high, s if s is not None else pick(rng))


def positive(shape, low=0.5, high=2.0):
    return real(shape, low, high)


def away_from_zero(shape, low=0.3, high=2.0):
    """Magnitudes in [low, high], random signs: keeps kinks (relu, abs, max) away from the probes."""
    pick = _shape(shape)

    def gen(rng, s=None):
        s = s if s is not None else pick(rng)
        return rng.uniform(low, high, s) * rng.choice([-1.0, 1.0], s)
    return gen


def distinct(shape, gap=0.2):
    """Values at least `gap` apart (for max/min/sort/top-k: no ties within the probe step)."""
    pick = _shape(shape)

    def gen(rng, s=None):
        s = s if s is not None else pick(rng)
        n = int(np.prod(s))
        return (rng.permutation(n) * gap + rng.uniform(0, gap / 4, n) - n * gap / 2).reshape(s)
    return gen


def same_shape_as(index, make=real):
    """An input shaped like input `index` (resolved by the runner)."""
    return ("same", index, make)


MATRIX = [(2, 3), (3, 3), (1, 4)]
ANY = [(3,), (2, 3), (2, 2, 2), ()]
NONEMPTY = [(3,), (2, 3), (2, 2, 2)]
BROADCAST_PAIRS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (2, 3)), ((3,), ())]


class Case:
    """How to exercise one op type: a builder over float64 placeholders and their input generators."""

    def __init__(self, build, *inputs, pairs=None, tol=RTOL, step=STEP):
        self.build, self.inputs, self.pairs, self.tol, self.step = build, inputs, pairs, tol, step

    def draw(self, rng):
        if self.pairs is not None:  # broadcasting binary ops: shapes drawn as a compatible pair
            shapes = self.pairs[rng.integers(len(self.pairs))]
            return [np.array(gen(rng, s), np.float64) for gen, s in zip(self.inputs, shapes)]
        arrays = []
        for gen in self.inputs:
            if isinstance(gen, tuple):
                _, index, make = gen
                arrays.append(np.array(make(arrays[index].shape)(rng), np.float64))
            else:
                arrays.append(np.array(gen(rng), np.float64))
        return arrays


def float32_exact(shape):
    """Multiples of 2**-10: exact in float32, so a float32 round trip is exact under 2**-10 probes."""
    pick = _shape(shape)
    return lambda rng, s=None: rng.integers(-2048, 2048, s if s is not None else pick(rng)) / 1024.0


def raw(op_type, *inputs, **attrs):
    """Builds an op by type (for op types with no public wrapper of their own)."""
    from tfsess.framework.op_builder import apply1
    return apply1(op_type, list(inputs), attrs)


def binary(fn, make_x=real, make_y=real):
    return Case(fn, make_x(None), make_y(None), pairs=BROADCAST_PAIRS)


def unary(fn, make=real, shapes=ANY):
    return Case(fn, make(shapes))


# --------------------------------------------------------------- the table: op type -> Case
def _SPREAD(tf):
    """A diagonal that keeps eigenvalues apart (eigenvectors are smooth only away from repeated eigenvalues)."""
    return tf.constant(np.diag([0.0, 4.0, 8.0]))


def _cond(tf, x):
    return tf.cond(tf.reduce_sum(x) > -100.0, lambda: x * x, lambda: x * 3.0)


def _cond_false(tf, x):
    return tf.cond(tf.reduce_sum(x) > 100.0, lambda: x * x, lambda: x * 3.0)


def _while(tf, x):
    _, out = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), [tf.constant(0), tf.ones_like(x)])
    return out


def _v2(build):
    """`build` run with control flow v2 on: tf.cond / tf.while_loop build functional If / While ops."""
    def run(tf, *xs):
        tf.enable_control_flow_v2()
        try:
            return build(tf, *xs)
        finally:
            tf.disable_control_flow_v2()
    return run


def _checked(tf, x):
    """`x` after a stateful Assert on it (makes a function body stateful)."""
    with tf.control_dependencies([tf.Assert(tf.reduce_all(tf.is_finite(x)), [x])]):
        return tf.identity(x)


def _case_op(op_type):
    def build(tf, x):
        spec = tf.TensorSpec(x.shape, x.dtype)
        branches = [trace(fn, [spec], {}, "branch")[0] for fn in (lambda a: a * a, lambda a: tf.sin(a) * a)]
        return apply_op(op_type, [tf.constant(1), x], {"Tin": [x.dtype], "Tout": [x.dtype], "branches": branches,
                                                 "output_shapes": [x.shape]}).outputs[0]
    return build


def _real_view(tf, z):
    """Both parts of a complex result, as float64."""
    return [tf.real(z), tf.imag(z)]


def _complex(tf, a, b):
    """A complex128 tensor built from float64 `a` and `b` through Cast (differentiable both ways)."""
    as_complex = [tf.cast(t, tf.complex128) for t in (a, b)]
    return as_complex[0] * tf.constant(1 + 0.5j, tf.complex128) + as_complex[1] * tf.constant(0.5 - 1j,
                                                                                                tf.complex128)


SPARSE_ROWS = [[0, 0], [0, 1], [1, 2]]


def _sparse(tf, indices, values, shape=(2, 3)):
    return tf.SparseTensor(np.array(indices, np.int64), values, np.array(shape, np.int64))


def _vjp(tf, fn, x, seed):
    """tf.gradients(fn(x), x, grad_ys=seed): builds fn's gradient op over the placeholders x and seed."""
    return tf.gradients(fn(x), x, grad_ys=seed)[0]


def _grad_of(tf, fn, like, seed):
    """The gradient op(s) of `fn` at a constant point shaped like `like`, fed `seed` as grad_ys: linear in seed."""
    point = tf.constant(np.linspace(-1.0, 1.3, int(np.prod(like))).reshape(like))
    return tf.gradients(fn(point), point, grad_ys=seed)[0]


def _in_float32(tf, fn, *xs):
    """fn over float32 casts of float64 inputs, cast back: for ops that take no float64."""
    return tf.cast(fn(*[tf.cast(x, tf.float32) for x in xs]), tf.float64)


def _split_reads(ta):
    return [ta.read(0), ta.read(1)]


CASES = {
    # arithmetic
    "AddV2": binary(lambda tf, a, b: a + b),
    "Add": binary(lambda tf, a, b: raw("Add", a, b)),
    "Sub": binary(lambda tf, a, b: a - b),
    "Mul": binary(lambda tf, a, b: a * b),
    "RealDiv": binary(lambda tf, a, b: a / b, real, away_from_zero),
    "DivNoNan": binary(lambda tf, a, b: tf.div_no_nan(a, b), real, away_from_zero),
    "Maximum": binary(lambda tf, a, b: tf.maximum(a, b), distinct, distinct),
    "Minimum": binary(lambda tf, a, b: tf.minimum(a, b), distinct, distinct),
    "Pow": binary(lambda tf, a, b: tf.pow(a, b), positive, real),
    "SquaredDifference": binary(lambda tf, a, b: tf.squared_difference(a, b)),
    "FloorMod": Case(lambda tf, a, b: tf.floormod(a, b), real((2, 3), 2.2, 2.8), real((2, 3), 1.0, 1.05)),
    "AddN": Case(lambda tf, a, b, c: tf.add_n([a, b, c]), real(MATRIX), same_shape_as(0), same_shape_as(0)),
    "Neg": unary(lambda tf, x: -x),
    "Abs": unary(lambda tf, x: tf.abs(x), away_from_zero),
    "Sign": unary(lambda tf, x: tf.sign(x) * x, away_from_zero),
    "Square": unary(lambda tf, x: tf.square(x)),
    "Sqrt": unary(lambda tf, x: tf.sqrt(x), positive),
    "Rsqrt": unary(lambda tf, x: tf.rsqrt(x), positive),
    "Reciprocal": unary(lambda tf, x: tf.reciprocal(x), away_from_zero),
    "Exp": unary(lambda tf, x: tf.exp(x)),
    "Expm1": unary(lambda tf, x: tf.expm1(x)),
    "Log": unary(lambda tf, x: tf.log(x), positive),
    "Log1p": unary(lambda tf, x: tf.log1p(x), positive),
    "Sin": unary(lambda tf, x: tf.sin(x)),
    "Cos": unary(lambda tf, x: tf.cos(x)),
    "Tan": unary(lambda tf, x: tf.tan(x), lambda s: real(s, -1.0, 1.0)),
    "Atan": unary(lambda tf, x: tf.atan(x)),
    "Asin": unary(lambda tf, x: tf.asin(x), lambda s: real(s, -0.8, 0.8)),
    "Acos": unary(lambda tf, x: tf.acos(x), lambda s: real(s, -0.8, 0.8)),
    "Sinh": unary(lambda tf, x: tf.sinh(x)),
    "Cosh": unary(lambda tf, x: tf.cosh(x)),
    "Asinh": unary(lambda tf, x: tf.asinh(x)),
    "Acosh": unary(lambda tf, x: tf.acosh(x), lambda s: real(s, 1.5, 3.0)),
    "Atanh": unary(lambda tf, x: tf.atanh(x), lambda s: real(s, -0.8, 0.8)),
    "Erf": unary(lambda tf, x: tf.erf(x)),
    "Erfc": unary(lambda tf, x: tf.erfc(x)),
    "Tanh": unary(lambda tf, x: tf.tanh(x)),
    "Sigmoid": unary(lambda tf, x: tf.sigmoid(x)),
    "Cast": Case(lambda tf, x: tf.cast(tf.cast(x, tf.float32), tf.float64) * x, float32_exact((2, 3)),
                 step=2.0 ** -10),
    "Select": Case(lambda tf, a, b: tf.where(a > b, a, b), real((2, 3)), real((2, 3))),
    "SelectV2": Case(lambda tf, a, b: raw("SelectV2", a > 0.0, a, b), real((2, 3)), real((3,))),
    # reductions and scans
    "Sum": unary(lambda tf, x: [tf.reduce_sum(x), tf.reduce_sum(x, 0), tf.reduce_sum(x, -1, keepdims=True)],
                 shapes=NONEMPTY),
    "Mean": unary(lambda tf, x: [tf.reduce_mean(x), tf.reduce_mean(x, 0, keepdims=True)], shapes=NONEMPTY),
    "Prod": unary(lambda tf, x: [tf.reduce_prod(x), tf.reduce_prod(x, -1)], away_from_zero, shapes=NONEMPTY),
    "Max": unary(lambda tf, x: [tf.reduce_max(x), tf.reduce_max(x, 0)], distinct, shapes=NONEMPTY),
    "Min": unary(lambda tf, x: [tf.reduce_min(x), tf.reduce_min(x, -1)], distinct, shapes=NONEMPTY),
    "Cumsum": unary(lambda tf, x: [tf.cumsum(x, 0), tf.cumsum(x, -1, exclusive=True, reverse=True)],
                    shapes=NONEMPTY),
    "Cumprod": unary(lambda tf, x: [tf.cumprod(x, 0), tf.cumprod(x, -1, exclusive=True)], away_from_zero,
                     shapes=NONEMPTY),
    "UnsortedSegmentSum": Case(lambda tf, x: tf.unsorted_segment_sum(x, [0, 2, 0], 4), real([(3,), (3, 2)])),
    "RaggedTensorToTensor": Case(lambda tf, x: tf.RaggedTensor.from_row_splits(x, [0, 2, 2, 3], validate=False)
                                 .to_tensor(default_value=0.5, shape=[3, 2] + [None] * (len(x.shape) - 1)),
                                 real([(3,), (3, 2)])),
    "RaggedFillEmptyRows": Case(lambda tf, x, d: _ragged_fill_empty_rows(
        tf.RaggedTensor.from_row_splits(x, [0, 0, 2, 2, 3, 3], validate=False), d)[0].flat_values,
        real([(3,)]), real([()])),
    "RaggedGather": Case(lambda tf, x: tf.gather(tf.RaggedTensor.from_row_splits(x, [0, 2, 2, 3], validate=False),
                                                 [2, 0, 0]).flat_values, real([(3,), (3, 2)])),
    "RaggedTensorToSparse": Case(lambda tf, x: tf.RaggedTensor.from_row_splits(x, [0, 1, 3], validate=False)
                                 .to_sparse().values, real([(3,), (3, 2)])),
    "SegmentSum": Case(lambda tf, x: tf.segment_sum(x, [0, 0, 1]), real([(3,), (3, 2)])),
    "SegmentMean": Case(lambda tf, x: tf.segment_mean(x, [0, 0, 2]), real([(3,), (3, 2)])),
    "SegmentMax": Case(lambda tf, x: tf.segment_max(x, [0, 0, 2, 2]), distinct([(4,), (4, 2)])),
    "SegmentMin": Case(lambda tf, x: tf.segment_min(x, [0, 0, 2, 2]), distinct([(4,), (4, 2)])),
    "SegmentProd": Case(lambda tf, x: tf.segment_prod(x, [0, 0, 1]), away_from_zero([(3,), (3, 2)])),
    "UnsortedSegmentMax": Case(lambda tf, x: tf.unsorted_segment_max(x, [1, -1, 1, 0], 2), distinct([(4,), (4, 2)])),
    "UnsortedSegmentMin": Case(lambda tf, x: tf.unsorted_segment_min(x, [1, -1, 1, 0], 2), distinct([(4,), (4, 2)])),
    "UnsortedSegmentProd": Case(lambda tf, x: tf.unsorted_segment_prod(x, [1, -1, 1, 0], 2),
                                away_from_zero([(4,), (4, 2)])),
    "SparseSegmentSum": Case(lambda tf, x: tf.sparse_segment_sum(x, [0, 2, 0], [0, 0, 1]), real([(3,), (3, 2)])),
    "SparseSegmentMean": Case(lambda tf, x: tf.sparse_segment_mean(x, [0, 2, 0], [0, 0, 1]), real([(3,), (3, 2)])),
    "SparseSegmentSqrtN": Case(lambda tf, x: tf.sparse_segment_sqrt_n(x, [0, 2, 0], [0, 0, 1]), real((3, 2))),
    "SparseSegmentSumWithNumSegments": Case(
        lambda tf, x: tf.sparse_segment_sum(x, [0, 2, 0], [0, 0, 2], num_segments=4), real((3, 2))),
    "SparseSegmentMeanWithNumSegments": Case(
        lambda tf, x: tf.sparse_segment_mean(x, [0, 2, 0], [0, 0, 2], num_segments=4), real((3, 2))),
    "SparseSegmentSqrtNWithNumSegments": Case(
        lambda tf, x: tf.sparse_segment_sqrt_n(x, [0, 2, 0], [0, 0, 2], num_segments=4), real((3, 2))),
    "TensorScatterUpdate": Case(lambda tf, t, u: tf.tensor_scatter_nd_update(t, [[2], [0]], u), real((4, 2)),
                                real((2, 2))),
    "TensorScatterAdd": Case(lambda tf, t, u: tf.tensor_scatter_nd_add(t, [[2], [0], [2]], u), real((4, 2)),
                             real((3, 2))),
    "TensorScatterSub": Case(lambda tf, t, u: tf.tensor_scatter_nd_sub(t, [[1, 1], [3, 0]], u), real((4, 2)),
                             real((2,))),
    "TensorScatterMax": Case(lambda tf, t, u: tf.tensor_scatter_nd_max(t, [[2], [0]], u), distinct((4, 2)),
                             distinct((2, 2))),
    "TensorScatterMin": Case(lambda tf, t, u: tf.tensor_scatter_nd_min(t, [[2], [0]], u), distinct((4, 2)),
                             distinct((2, 2))),
    "Cross": Case(lambda tf, a, b: tf.cross(a, b), real((2, 3)), real((2, 3))),
    "IdentityN": Case(lambda tf, x: raw("IdentityN", x, x * x), real((2, 3))),
    "SpaceToDepth": Case(lambda tf, x: tf.space_to_depth(x, 2), real((1, 4, 2, 2))),
    "DepthToSpace": Case(lambda tf, x: tf.depth_to_space(x, 2), real((1, 2, 1, 8))),
    "SpaceToBatchND": Case(lambda tf, x: tf.space_to_batch_nd(x, [2, 3], [[1, 1], [0, 1]]), real((1, 2, 2, 2))),
    "BatchToSpaceND": Case(lambda tf, x: tf.batch_to_space_nd(x, [2, 1], [[1, 0], [0, 1]]), real((2, 2, 3, 1))),
    # linear algebra
    "MatMul": Case(lambda tf, a, b: [tf.matmul(a, b), tf.matmul(b, a, transpose_a=True, transpose_b=True)],
                   real((2, 3)), real((3, 4))),
    "BatchMatMulV2": Case(lambda tf, a, b: [tf.matmul(a, b), tf.matmul(a, b, adjoint_a=True)],
                          real((2, 3, 3)), real((1, 3, 3))),
    "Einsum": Case(lambda tf, a, b: tf.einsum("ij,jk->ik", a, b), real((2, 3)), real((3, 2))),
    "MatrixInverse": Case(lambda tf, a: tf.matrix_inverse(a + 3.0 * tf.eye(3, dtype=tf.float64)), real((3, 3))),
    "MaxPoolWithArgmax": Case(lambda tf, x: [tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")[0],
                                             tf.nn.max_pool_with_argmax(x, [1, 2, 3, 1], [1, 1, 1, 1], "VALID")[0]],
                              distinct([(2, 3, 4, 2), (1, 4, 4, 1)])),
    "SparseMatMul": Case(lambda tf, a, b: [tf.cast(tf.sparse_matmul(tf.cast(a, tf.float32), tf.cast(b, tf.float32)),
                                                   tf.float64)], float32_exact((2, 3)), float32_exact((3, 2)),
                         step=2.0 ** -10, tol=1e-3),
    "MatrixDeterminant": Case(lambda tf, a: tf.matrix_determinant(a + 3.0 * tf.eye(3, dtype=tf.float64)),
                              real((3, 3))),
    "LogMatrixDeterminant": Case(lambda tf, a: tf.linalg.slogdet(a + 3.0 * tf.eye(3, dtype=tf.float64))[1],
                                 real([(3, 3), (2, 3, 3)])),
    "Cholesky": Case(lambda tf, a: tf.cholesky(tf.matmul(a, a, transpose_b=True) + 3.0 * tf.eye(3, dtype=tf.float64)),
                     real((3, 3))),
    "MatrixSolve": Case(lambda tf, a, b: [tf.matrix_solve(a + 4.0 * tf.eye(3, dtype=tf.float64), b),
                                          tf.matrix_solve(a + 4.0 * tf.eye(3, dtype=tf.float64), b, adjoint=True)],
                        real((3, 3)), real((3, 2))),
    "MatrixTriangularSolve": Case(lambda tf, a, b: [
        tf.matrix_triangular_solve(a + 4.0 * tf.eye(3, dtype=tf.float64), b),
        tf.matrix_triangular_solve(a + 4.0 * tf.eye(3, dtype=tf.float64), b, lower=False, adjoint=True)],
        real((3, 3)), real((3, 2))),
    "Qr": Case(lambda tf, a: list(tf.qr(a)), real([(4, 3), (3, 3), (2, 3)])),
    "Svd": Case(lambda tf, a: tf.svd(a, compute_uv=False), real([(4, 3), (2, 3)])),
    "SelfAdjointEigV2": Case(lambda tf, a: [tf.self_adjoint_eigvals(a + _SPREAD(tf)),
                                            tf.square(tf.self_adjoint_eig(a + tf.transpose(a) + _SPREAD(tf))[1])],
                             real((3, 3), -0.5, 0.5)),
    "TridiagonalMatMul": Case(lambda tf, d, r: [tf.linalg.tridiagonal_matmul(d, r),
                                                tf.linalg.tridiagonal_matmul(tf.unstack(d, axis=-2), r,
                                                                             diagonals_format="sequence")],
                              real((3, 4)), real((4, 2))),
    "TridiagonalSolve": Case(lambda tf, d, r: [
        tf.linalg.tridiagonal_solve(d + tf.constant([[0.0], [5.0], [0.0]], tf.float64), r),
        tf.linalg.tridiagonal_solve(d + tf.constant([[0.0], [5.0], [0.0]], tf.float64), r, partial_pivoting=False)],
        real((3, 4)), real((4, 2))),
    "MatrixDiagV3": Case(lambda tf, d: tf.matrix_diag(d), real([(3,), (2, 3)])),
    "MatrixDiagPartV3": Case(lambda tf, a: tf.matrix_diag_part(a), real([(3, 3), (2, 3, 3)])),
    "MatrixSetDiagV3": Case(lambda tf, a, d: tf.matrix_set_diag(a, d), real((3, 3)), real((3,))),
    # special functions (gradients in x only, as TF's for zeta, polygamma and betainc)
    "Lgamma": unary(lambda tf, x: tf.lgamma(x), away_from_zero),
    "Digamma": unary(lambda tf, x: tf.digamma(x), positive),
    "Zeta": Case(lambda tf, q: tf.zeta(tf.constant(2.5, tf.float64), q), positive((3,))),
    "Polygamma": Case(lambda tf, x: tf.polygamma(tf.constant([0.0, 1.0, 2.0], tf.float64), x), positive((3,))),
    "Igamma": Case(lambda tf, x: tf.igamma(tf.constant([0.5, 2.0, 5.0], tf.float64), x), positive((3,), 0.5, 6.0)),
    "Igammac": Case(lambda tf, x: tf.igammac(tf.constant([0.5, 2.0, 5.0], tf.float64), x), positive((3,), 0.5, 6.0)),
    "Betainc": Case(lambda tf, x: tf.betainc(tf.constant([0.5, 2.0, 5.0], tf.float64),
                                             tf.constant([1.5, 3.0, 0.7], tf.float64), x), positive((3,), 0.1, 0.9)),
    # Bessel functions and special integrals
    "BesselI0": unary(lambda tf, x: tf.math.special.bessel_i0(x)),
    "BesselI0e": unary(lambda tf, x: tf.math.special.bessel_i0e(x), away_from_zero),
    "BesselI1": unary(lambda tf, x: tf.math.special.bessel_i1(x)),
    "BesselI1e": unary(lambda tf, x: tf.math.special.bessel_i1e(x), away_from_zero),
    "BesselK0": unary(lambda tf, x: tf.math.special.bessel_k0(x), lambda s: positive(s, 0.5, 4.0)),
    "BesselK0e": unary(lambda tf, x: tf.math.special.bessel_k0e(x), lambda s: positive(s, 0.5, 4.0)),
    "BesselK1": unary(lambda tf, x: tf.math.special.bessel_k1(x), lambda s: positive(s, 0.5, 4.0)),
    "BesselK1e": unary(lambda tf, x: tf.math.special.bessel_k1e(x), lambda s: positive(s, 0.5, 4.0)),
    "BesselJ0": unary(lambda tf, x: tf.math.special.bessel_j0(x), lambda s: real(s, -8.0, 8.0)),
    "BesselJ1": unary(lambda tf, x: tf.math.special.bessel_j1(x), lambda s: real(s, -8.0, 8.0)),
    "BesselY0": unary(lambda tf, x: tf.math.special.bessel_y0(x), lambda s: positive(s, 0.5, 8.0)),
    "BesselY1": unary(lambda tf, x: tf.math.special.bessel_y1(x), lambda s: positive(s, 0.5, 8.0)),
    "Dawsn": unary(lambda tf, x: tf.math.special.dawsn(x), lambda s: real(s, -7.0, 7.0)),
    "Expint": unary(lambda tf, x: tf.math.special.expint(x), lambda s: positive(s, 0.5, 40.0)),
    "FresnelCos": unary(lambda tf, x: tf.math.special.fresnel_cos(x), lambda s: real(s, -3.0, 3.0)),
    "FresnelSin": unary(lambda tf, x: tf.math.special.fresnel_sin(x), lambda s: real(s, -3.0, 3.0)),
    "Spence": unary(lambda tf, x: tf.math.special.spence(x), lambda s: positive(s, 0.1, 4.0)),
    # discrete Fourier transforms (complex inputs built from float64 parts)
    "FFT": Case(lambda tf, a, b: _real_view(tf, tf.signal.fft(_complex(tf, a, b))), real((2, 4)), real((2, 4))),
    "IFFT": Case(lambda tf, a, b: _real_view(tf, tf.signal.ifft(_complex(tf, a, b))), real((2, 4)), real((2, 4))),
    "FFT2D": Case(lambda tf, a, b: _real_view(tf, tf.signal.fft2d(_complex(tf, a, b))), real((2, 3)), real((2, 3))),
    "IFFT2D": Case(lambda tf, a, b: _real_view(tf, tf.signal.ifft2d(_complex(tf, a, b))), real((2, 3)),
                   real((2, 3))),
    "FFT3D": Case(lambda tf, a, b: _real_view(tf, tf.signal.fft3d(_complex(tf, a, b))), real((2, 2, 3)),
                  real((2, 2, 3))),
    "IFFT3D": Case(lambda tf, a, b: _real_view(tf, tf.signal.ifft3d(_complex(tf, a, b))), real((2, 2, 3)),
                   real((2, 2, 3))),
    "RFFT": Case(lambda tf, x: _real_view(tf, tf.signal.rfft(x)), real([(2, 6), (3, 5)])),
    "RFFT2D": Case(lambda tf, x: _real_view(tf, tf.signal.rfft2d(x)), real([(2, 3, 4), (3, 5)])),
    "IRFFT": Case(lambda tf, a, b: tf.signal.irfft(_complex(tf, a, b), [6]), real((2, 4)), real((2, 4))),
    "IRFFT2D": Case(lambda tf, a, b: tf.signal.irfft2d(_complex(tf, a, b), [3, 5]), real((3, 3)), real((3, 3))),
    # complex numbers (built from float64 parts, read back as float64)
    "Complex": Case(lambda tf, a, b: tf.real(tf.complex(a, b) * _complex(tf, b, a)), real((3,)), real((3,))),
    "ConjugateTranspose": Case(lambda tf, a, b: tf.real(tf.transpose(_complex(tf, a, b), conjugate=True)
                                                        * tf.constant(0.3 + 2j, tf.complex128)),
                               real((2, 3)), real((2, 3))),
    "Real": Case(lambda tf, a, b: tf.real(_complex(tf, a, b)) * a, real((3,)), real((3,))),
    "Imag": Case(lambda tf, a, b: tf.imag(_complex(tf, a, b)) * a, real((3,)), real((3,))),
    "ComplexAbs": Case(lambda tf, a, b: tf.abs(_complex(tf, a, b)), away_from_zero((3,)), away_from_zero((3,))),
    "Conj": Case(lambda tf, a, b: tf.imag(tf.conj(_complex(tf, a, b)) * _complex(tf, a, a)), real((3,)),
                 real((3,))),
    # shapes and indexing
    "Identity": unary(lambda tf, x: tf.identity(x)),
    "Reshape": Case(lambda tf, x: tf.reshape(x, [3, 2]), real((2, 3))),
    "Squeeze": Case(lambda tf, x: tf.squeeze(x), real((1, 3, 1))),
    "ExpandDims": Case(lambda tf, x: tf.expand_dims(x, 1), real((2, 3))),
    "Transpose": Case(lambda tf, x: tf.transpose(x, [2, 0, 1]), real((2, 3, 2))),
    "ConcatV2": Case(lambda tf, a, b: tf.concat([a, b], axis=1), real((2, 3)), real((2, 1))),
    "Pack": Case(lambda tf, a, b: tf.stack([a, b], axis=1), real((2, 3)), real((2, 3))),
    "Unpack": Case(lambda tf, x: tf.unstack(x, axis=1)[1:], real((2, 3))),
    "Split": Case(lambda tf, x: tf.split(x, 3, axis=1)[::2], real((2, 3))),
    "SplitV": Case(lambda tf, x: tf.split(x, [1, 2], axis=1), real((2, 3))),
    "Slice": Case(lambda tf, x: tf.slice(x, [0, 1], [2, 2]), real((3, 3))),
    "StridedSlice": Case(lambda tf, x: [x[1:, ::2], x[:, -1], x[::-1, 1:2]], real((3, 4))),
    "GatherV2": Case(lambda tf, x: [tf.gather(x, [2, 0, 2]), tf.gather(x, [1, 0], axis=1)], real((3, 2))),
    "DynamicPartition": Case(lambda tf, x: tf.dynamic_partition(x, [1, 0, 2], 3), real((3, 2))),
    "DynamicStitch": Case(lambda tf, x, y: tf.dynamic_stitch([[0, 2], [1]], [x, y]), real((2, 3)), real((1, 3))),
    "ParallelDynamicStitch": Case(lambda tf, x, y: tf.parallel_dynamic_stitch([[2, 0], [1]], [x, y]),
                                  real((2, 3)), real((1, 3))),
    "GatherNd": Case(lambda tf, x: tf.gather_nd(x, [[0, 1], [2, 0], [0, 1]]), real((3, 2))),
    "Tile": Case(lambda tf, x: tf.tile(x, [2, 3]), real((2, 2))),
    "Atan2": Case(lambda tf, y, x: tf.atan2(y, x), real((2, 3)), away_from_zero((2, 3))),
    "Diag": Case(lambda tf, v: tf.diag(v), real((3,))),
    "DiagPart": Case(lambda tf, m: tf.diag_part(m), real((3, 3))),
    "MatrixBandPart": Case(lambda tf, m: tf.matrix_band_part(m, 0, 1), real((3, 4))),
    "Roll": Case(lambda tf, x: tf.roll(x, [1, 2], [0, 1]), real((3, 4))),
    "Pad": Case(lambda tf, x: tf.pad(x, [[1, 0], [2, 1]]), real((2, 3))),
    "PadV2": Case(lambda tf, x: tf.pad(x, [[1, 0], [0, 1]], constant_values=2.0), real((2, 3))),
    "MirrorPad": Case(lambda tf, x: tf.pad(x, [[1, 1], [2, 0]], mode="REFLECT"), real((3, 3))),
    "MirrorPadGrad": Case(lambda tf, g: _grad_of(tf, lambda y: tf.pad(y, [[1, 1], [2, 0]], mode="SYMMETRIC"),
                                                 (3, 3), g), real((5, 5))),
    "StridedSliceGrad": Case(lambda tf, g: _grad_of(tf, lambda y: y[1:, ::2], (3, 4), g), real((2, 2))),
    "ScatterNd": Case(lambda tf, u: tf.scatter_nd([[0], [2], [0]], u, [4, 2]), real((3, 2))),
    "ReverseV2": Case(lambda tf, x: tf.reverse(x, [1]), real((2, 3))),
    "BroadcastTo": Case(lambda tf, x: tf.broadcast_to(x, [2, 3, 3]), real([(3, 1), (3,), (1, 3)])),
    "ZerosLike": Case(lambda tf, x: tf.zeros_like(x) + x, real((2, 3))),
    "OnesLike": Case(lambda tf, x: tf.ones_like(x) * x, real((2, 3))),
    "Fill": Case(lambda tf, v: tf.fill([2, 3], v), real(())),
    "ClipByValue": Case(lambda tf, x: tf.clip_by_value(x, -1.0, 1.0), away_from_zero((2, 3), 0.1, 0.9)),
    "PlaceholderWithDefault": Case(lambda tf, x: tf.placeholder_with_default(x, [2, 3]), real((2, 3))),
    "ReverseSequence": Case(lambda tf, x: tf.reverse_sequence(x, [1, 3], seq_axis=1, batch_axis=0),
                            real((2, 3))),
    "Sort": unary(lambda tf, x: tf.sort(x), distinct, shapes=[(4,), (2, 3)]),
    "TopKV2": Case(lambda tf, x: tf.nn.top_k(x, 2).values, distinct((2, 4))),
    # neural-network ops
    "Relu": unary(lambda tf, x: tf.nn.relu(x), away_from_zero),
    "Relu6": unary(lambda tf, x: tf.nn.relu6(x), lambda s: real(s, 0.2, 5.8)),
    "Elu": unary(lambda tf, x: tf.nn.elu(x), away_from_zero),
    "Selu": unary(lambda tf, x: tf.nn.selu(x), away_from_zero),
    "Softplus": unary(lambda tf, x: tf.nn.softplus(x)),
    "Softsign": unary(lambda tf, x: tf.nn.softsign(x)),
    "LeakyRelu": unary(lambda tf, x: tf.nn.leaky_relu(x, 0.3), away_from_zero),
    "Softmax": Case(lambda tf, x: tf.nn.softmax(x), real([(2, 3), (4,)])),
    "LogSoftmax": Case(lambda tf, x: tf.nn.log_softmax(x), real([(2, 3), (4,)])),
    "SoftmaxCrossEntropyWithLogits": Case(
        lambda tf, logits, labels: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(labels),
                                                                              logits=logits),
        real((2, 3)), real((2, 3))),
    "SparseSoftmaxCrossEntropyWithLogits": Case(
        lambda tf, logits: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2, 0], logits=logits),
        real((2, 3))),
    "BiasAdd": Case(lambda tf, x, b: tf.nn.bias_add(x, b), real([(2, 3), (2, 2, 3)]), real((3,))),
    "L2Loss": unary(lambda tf, x: tf.nn.l2_loss(x), shapes=NONEMPTY),
    "Conv2D": Case(lambda tf, x, k: [tf.nn.conv2d(x, k, [1, 1, 1, 1], "VALID"),
                                     tf.nn.conv2d(x, k, [1, 2, 1, 1], "SAME")],
                   real((1, 4, 3, 2)), real((2, 2, 2, 3))),
    "Conv2DBackpropInput": Case(lambda tf, k, g: tf.nn.conv2d_transpose(g, k, [1, 4, 3, 2], [1, 1, 1, 1], "VALID"),
                                real((2, 2, 2, 3)), real((1, 3, 2, 3))),
    "Conv2DBackpropFilter": Case(lambda tf, x, k: tf.gradients(tf.reduce_sum(tf.nn.conv2d(
        x, k, [1, 1, 1, 1], "VALID") ** 2), k)[0], real((1, 3, 3, 1)), real((2, 2, 1, 1))),
    "DepthwiseConv2dNative": Case(lambda tf, x, k: tf.nn.depthwise_conv2d(x, k, [1, 1, 1, 1], "VALID"),
                                  real((1, 3, 3, 2)), real((2, 2, 2, 1))),
    "TanhGrad": Case(lambda tf, y, dy: raw("TanhGrad", y, dy), real((2, 3), -0.9, 0.9), same_shape_as(0)),
    "SigmoidGrad": Case(lambda tf, y, dy: raw("SigmoidGrad", y, dy), real((2, 3), 0.1, 0.9), same_shape_as(0)),
    "SqrtGrad": Case(lambda tf, y, dy: raw("SqrtGrad", y, dy), positive((2, 3)), same_shape_as(0)),
    "RsqrtGrad": Case(lambda tf, y, dy: raw("RsqrtGrad", y, dy), positive((2, 3)), same_shape_as(0)),
    "ReciprocalGrad": Case(lambda tf, y, dy: raw("ReciprocalGrad", y, dy), positive((2, 3)), same_shape_as(0)),
    "InvGrad": Case(lambda tf, y, dy: raw("InvGrad", y, dy), positive((2, 3)), same_shape_as(0)),
    "Xlogy": Case(lambda tf, x, y: tf.math.xlogy(x, y), real((2, 3)), positive((3,))),
    "Xlog1py": Case(lambda tf, x, y: tf.math.xlog1py(x, y), real((2, 3)), positive((2, 1))),
    "Xdivy": Case(lambda tf, x, y: tf.math.xdivy(x, y), real((3,)), positive((2, 3))),
    "EuclideanNorm": Case(lambda tf, x: [tf.math.reduce_euclidean_norm(x, 1),
                                         tf.math.reduce_euclidean_norm(x, 0, keepdims=True)], away_from_zero((2, 3))),
    "ReluGrad": Case(lambda tf, x, g: _vjp(tf, tf.nn.relu, x, g), away_from_zero((2, 3)), same_shape_as(0)),
    "Relu6Grad": Case(lambda tf, x, g: _vjp(tf, tf.nn.relu6, x, g), real((2, 3), 0.2, 5.8), same_shape_as(0)),
    "EluGrad": Case(lambda tf, x, g: _vjp(tf, tf.nn.elu, x, g), away_from_zero((2, 3)), same_shape_as(0)),
    "SeluGrad": Case(lambda tf, x, g: _vjp(tf, tf.nn.selu, x, g), away_from_zero((2, 3)), same_shape_as(0)),
    # Softplus's own gradient is grad * sigmoid(x) (TF 2.21); SoftplusGrad is built by type
    "SoftplusGrad": Case(lambda tf, x, g: raw("SoftplusGrad", g, x), real((2, 3)), same_shape_as(0)),
    "LeakyReluGrad": Case(lambda tf, x, g: _vjp(tf, lambda t: tf.nn.leaky_relu(t, 0.3), x, g),
                          away_from_zero((2, 3)), same_shape_as(0)),
    "BiasAddGrad": Case(lambda tf, x, g: _vjp(tf, lambda t: tf.nn.bias_add(t, tf.constant([1.0, 2.0, 3.0],
                                                                                         tf.float64)), x, g),
                        real([(2, 3), (2, 2, 3)]), same_shape_as(0)),
    "MaxPoolGrad": Case(lambda tf, x, g: _vjp(tf, lambda t: tf.nn.max_pool(t, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"),
                                              x, g), distinct((1, 4, 4, 1)), real((1, 2, 2, 1))),
    "MaxPoolGradGrad": Case(lambda tf, x, g, u: tf.gradients(_vjp(
        tf, lambda t: tf.nn.max_pool(t, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"), x, g), g, grad_ys=u)[0],
        distinct((1, 3, 3, 1)), real((1, 2, 2, 1)), real((1, 3, 3, 1))),
    "AvgPoolGrad": Case(lambda tf, x, g: _vjp(tf, lambda t: tf.nn.avg_pool(t, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"),
                                              x, g), real((1, 3, 3, 2)), real((1, 3, 3, 2))),
    "MaxPool": Case(lambda tf, x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), distinct((1, 4, 4, 1))),
    "AvgPool": Case(lambda tf, x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "SAME"), real((1, 3, 3, 2))),
    "DepthwiseConv2dNativeBackpropInput": Case(
        lambda tf, x, k, g: _vjp(tf, lambda t: tf.nn.depthwise_conv2d(t, k, [1, 2, 2, 1], "SAME"), x, g),
        real((1, 4, 3, 2)), real((2, 2, 2, 2)), real((1, 2, 2, 4))),
    "DepthwiseConv2dNativeBackpropFilter": Case(
        lambda tf, x, k, g: _vjp(tf, lambda t: tf.nn.depthwise_conv2d(x, t, [1, 1, 1, 1], "VALID"), k, g),
        real((1, 3, 3, 2)), real((2, 2, 2, 2)), real((1, 2, 2, 4))),
    # FusedBatchNormV3 takes no float64 (as TF's): float32 with a coarse probe
    "FusedBatchNormV3": Case(lambda tf, x, s, o: _in_float32(
        tf, lambda *a: tf.nn.fused_batch_norm(*a, is_training=True)[0], x, s, o),
        float32_exact((2, 2, 2, 3)), float32_exact((3,)), float32_exact((3,)), step=2.0 ** -6, tol=1e-3),
    # LRN takes no float64 (as TF's): float32 with a coarse probe
    "LRN": Case(lambda tf, x: _in_float32(tf, lambda t: tf.nn.lrn(t, 2), x), float32_exact((1, 2, 2, 4)),
                step=2.0 ** -6, tol=1e-3),
    # sparse tensors: the float64 values (and dense operands) are differentiated, the indices are fixed
    "SparseToDense": Case(lambda tf, v, d: tf.sparse_to_dense([[0, 0], [0, 1], [1, 2]], [2, 3], v, d),
                          real((3,)), real(())),
    "SparseAdd": Case(lambda tf, a, b: tf.sparse_add(_sparse(tf, [[0, 0], [1, 2]], a),
                                                     _sparse(tf, [[0, 0], [0, 1]], b)).values,
                      real((2,)), real((2,))),
    "SparseReduceSum": Case(lambda tf, v: [tf.sparse_reduce_sum(_sparse(tf, SPARSE_ROWS, v), axis=1),
                                           tf.sparse_reduce_sum(_sparse(tf, SPARSE_ROWS, v))], real((3,))),
    "SparseReorder": Case(lambda tf, v: tf.sparse_reorder(_sparse(tf, [[1, 2], [0, 1], [0, 0]], v)).values,
                          real((3,))),
    "SparseTensorDenseAdd": Case(lambda tf, v, d: tf.sparse_add(_sparse(tf, SPARSE_ROWS, v), d),
                                 real((3,)), real((2, 3))),
    "SparseTensorDenseMatMul": Case(lambda tf, v, b, c: [
        tf.sparse_tensor_dense_matmul(_sparse(tf, SPARSE_ROWS, v), b),
        tf.sparse_tensor_dense_matmul(_sparse(tf, SPARSE_ROWS, v), c, adjoint_a=True)],
        real((3,)), real((3, 2)), real((2, 2))),
    # control flow and side effects
    "Switch": Case(_cond, real((3,))),
    "Merge": Case(_cond_false, real((3,))),
    "RefSwitch": None,  # replaced below: needs a ref input
    "While": Case(_while, real((2,))),
    "Exit": Case(_while, real((2,))),  # a loop's results are its Exits
    # library function calls and functional control flow (TF2's forms)
    "PartitionedCall": Case(lambda tf, x, y: tf.function(lambda a, b: tf.sin(a) * b)(x, y), real((3,)), real((3,))),
    "StatefulPartitionedCall": Case(lambda tf, x: tf.function(lambda a: tf.exp(_checked(tf, a)) * a)(x), real((3,))),
    "StatelessIf": Case(_v2(_cond), real((3,))),
    "If": Case(_v2(lambda tf, x: tf.cond(tf.reduce_sum(x) > 100.0, lambda: _checked(tf, x) * x, lambda: tf.sin(x))),
               real((3,))),
    "StatelessWhile": Case(_v2(_while), real((2,))),
    "StatelessCase": Case(_case_op("StatelessCase"), real((3,))),
    "Case": Case(_case_op("Case"), real((3,))),
    # TensorArrays: the gradient arrays' writes and reads, on float64 elements
    "TensorArrayReadV3": Case(lambda tf, x: tf.TensorArray(tf.float64, size=3).unstack(x).read(1), real((3, 2))),
    "TensorArrayWriteV3": Case(lambda tf, a, b: tf.TensorArray(tf.float64, size=2).write(0, a).write(1, b * b).stack(),
                               real((2,)), real((2,))),
    "TensorArrayGatherV3": Case(lambda tf, x: tf.TensorArray(tf.float64, size=3).unstack(x).gather([2, 0]),
                                real((3, 2))),
    "TensorArrayScatterV3": Case(lambda tf, x: tf.TensorArray(tf.float64, size=3).scatter([2, 0, 1], x).stack(),
                                 real((3, 2))),
    "TensorArrayConcatV3": Case(lambda tf, a, b: tf.TensorArray(tf.float64, size=2, infer_shape=False)
                                .write(0, a).write(1, b).concat(), real((2,)), real((3,))),
    "TensorArraySplitV3": Case(lambda tf, x: _split_reads(tf.TensorArray(tf.float64, size=2, infer_shape=False)
                                                          .split(x, [1, 3])), real((4,))),
    # image resizing: float32 outputs, so float32-exact inputs and a coarse probe (the maps are linear)
    "ResizeBilinear": Case(lambda tf, x: tf.cast(tf.image.resize_bilinear(x, [3, 5]), tf.float64),
                           float32_exact((1, 2, 3, 2)), step=2.0 ** -6, tol=1e-4),
    "ResizeBicubic": Case(lambda tf, x: tf.cast(tf.image.resize_bicubic(x, [4, 5], align_corners=True), tf.float64),
                          float32_exact((1, 3, 3, 1)), step=2.0 ** -6, tol=1e-4),
    "ResizeNearestNeighbor": Case(lambda tf, x: tf.image.resize_nearest_neighbor(x, [5, 3]), real((2, 3, 2, 1))),
    "ScaleAndTranslate": Case(lambda tf, x: tf.cast(tf.compat.v2.image.resize(x, [2, 5], method="lanczos3",
                                                                              antialias=True), tf.float64),
                              float32_exact((1, 4, 3, 1)), step=2.0 ** -6, tol=1e-4),
    "CTCLoss": Case(lambda tf, x: tf.nn.ctc_loss(tf.SparseTensor([[0, 0], [0, 1]], tf.constant([0, 1], tf.int32),
                                                                 [1, 2]), x, [4]), real((4, 1, 3))),
    "Print": Case(lambda tf, x: tf.Print(x, [], message="") * 2.0, real((2,))),
    "PyFunc": None,
    "EagerPyFunc": Case(lambda tf, x: tf.py_function(lambda t: t * t / 2.0 - abs(t) @ t[0], [x], x.dtype), real((2, 2))),
    "EnsureShape": Case(lambda tf, x: tf.ensure_shape(x, [2, 3]), real((2, 3))),
    "CheckNumerics": Case(lambda tf, x: tf.check_numerics(x, "bad"), real((2, 3))),
    "CheckNumericsV2": Case(lambda tf, x: apply_op("CheckNumericsV2", [x], {"message": "bad"}).outputs[0],
                            real((2, 3))),
    "Angle": Case(lambda tf, a, b: tf.math.angle(_complex(tf, a, b)), away_from_zero((3,)), away_from_zero((3,))),
    "CumulativeLogsumexp": unary(lambda tf, x: [tf.math.cumulative_logsumexp(x, 0),
                                                tf.math.cumulative_logsumexp(x, -1, reverse=True)],
                                 shapes=NONEMPTY),
    "SparseFillEmptyRows": Case(lambda tf, v, d: tf.sparse.fill_empty_rows(
        _sparse(tf, [[0, 0], [2, 1], [2, 2]], v, (4, 3)), d[0])[0].values, real((3,)), real((1,))),
    "SparseSlice": Case(lambda tf, v: tf.sparse.slice(_sparse(tf, SPARSE_ROWS, v), [0, 1], [2, 2]).values, real((3,))),
    "SparseSoftmax": Case(lambda tf, v: tf.sparse.softmax(_sparse(tf, [[0, 0], [0, 2], [1, 1], [1, 2]], v)).values,
                          real((4,))),
    "Erfinv": unary(lambda tf, x: tf.math.erfinv(x * 0.4)),
    "Ndtri": unary(lambda tf, x: tf.math.ndtri(x * 0.2 + 0.5)),
    # 3-D convolution and pooling
    "Conv3D": Case(lambda tf, x, k: [tf.nn.conv3d(x, k, [1, 1, 1, 1, 1], "VALID"),
                                     tf.nn.conv3d(x, k, [1, 2, 1, 1, 1], "SAME", dilations=[1, 1, 1, 2, 1])],
                   real((1, 3, 3, 3, 2)), real((2, 2, 2, 2, 2))),
    "Conv3DBackpropInputV2": Case(lambda tf, k, g: tf.nn.conv3d_transpose(g, k, [1, 3, 4, 3, 2], [1, 1, 2, 1, 1],
                                                                          "SAME"),
                                  real((2, 2, 2, 2, 2)), real((1, 3, 2, 3, 2))),
    "Conv3DBackpropFilterV2": Case(lambda tf, x, g: tf.nn.conv3d_backprop_filter(x, [2, 2, 1, 1, 2], g,
                                                                                 [1, 1, 1, 1, 1], "VALID"),
                                   real((1, 3, 3, 2, 1)), real((1, 2, 2, 2, 2))),
    # MaxPool3D and MaxPool3DGrad take no float64 (as TF's): run in float32 with a coarse probe (piecewise linear)
    "MaxPool3D": Case(lambda tf, x: _in_float32(tf, lambda t: tf.nn.max_pool3d(t, 2, [1, 1, 2, 1, 1], "SAME"), x),
                      distinct((1, 2, 3, 3, 1)), step=2.0 ** -6, tol=1e-4),
    "MaxPool3DGrad": Case(lambda tf, x, g: _in_float32(tf, lambda t, u: _vjp(
        tf, lambda v: tf.nn.max_pool3d(v, 2, 1, "VALID"), t, u), x, g),
        distinct((1, 3, 3, 2, 1)), real((1, 2, 2, 1, 1)), step=2.0 ** -6, tol=1e-4),
    "MaxPool3DGradGrad": Case(lambda tf, x, g, u: _in_float32(tf, lambda a, b, c: tf.gradients(_vjp(
        tf, lambda t: tf.nn.max_pool3d(t, 2, 1, "VALID"), a, b), b, grad_ys=c)[0], x, g, u),
        distinct((1, 3, 3, 2, 1)), real((1, 2, 2, 1, 1)), real((1, 3, 3, 2, 1)), step=2.0 ** -6, tol=1e-4),
    "AvgPool3D": Case(lambda tf, x: tf.nn.avg_pool3d(x, 2, 1, "SAME"), real((1, 2, 3, 2, 2))),
    "AvgPool3DGrad": Case(lambda tf, x, g: _vjp(tf, lambda t: tf.nn.avg_pool3d(t, 2, 1, "SAME"), x, g),
                          real((1, 2, 3, 2, 2)), real((1, 2, 3, 2, 2))),
    "Dilation2D": Case(lambda tf, x, f: [tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
                                         tf.nn.dilation2d(x, f, [1, 2, 1, 1], [1, 1, 2, 1], "VALID")],
                       distinct((1, 3, 4, 2)), distinct((2, 2, 2), gap=0.07)),
    # tf.image: HSV (channels kept distinct: no ties at the max/min), crops (float32 out), patches
    "RGBToHSV": Case(lambda tf, x: tf.image.rgb_to_hsv(x), distinct((2, 3), gap=0.1)),
    "CropAndResize": Case(lambda tf, x, b: tf.cast(tf.image.crop_and_resize(x, tf.cast(b, tf.float32), [0, 1, 0],
                                                                            [3, 2]), tf.float64),
                          float32_exact((2, 4, 5, 2)), real((3, 4), 0.05, 0.95), step=2.0 ** -12, tol=1e-3),
    "ExtractImagePatches": Case(lambda tf, x: tf.image.extract_image_patches(x, [1, 2, 3, 1], [1, 2, 1, 1],
                                                                             [1, 1, 2, 1], "SAME"),
                                real((2, 4, 5, 2))),
    # approximate top-k (exact on CPU, float16/32 only), volume patches
    "ApproxTopK": Case(lambda tf, x: _in_float32(tf, lambda t: tf.math.approx_max_k(t, 2)[0], x),
                       distinct((2, 5)), step=2.0 ** -6, tol=1e-4),
    "ExtractVolumePatches": Case(lambda tf, x: [tf.extract_volume_patches(x, [1, 2, 2, 2, 1], [1, 1, 2, 1, 1],
                                                                          "SAME"),
                                                tf.extract_volume_patches(x, [1, 1, 3, 2, 1], [1, 2, 1, 1, 1],
                                                                          "VALID")],
                                 real((1, 2, 3, 3, 2))),
    # fractional pooling with fixed seeds (the same cells every run)
    "FractionalMaxPool": Case(lambda tf, x: [tf.nn.fractional_max_pool(x, [1, 1.5, 1.4, 1], overlapping=o,
                                                                       pseudo_random=o, deterministic=True,
                                                                       seed=3, seed2=4)[0] for o in (False, True)],
                              distinct((1, 5, 4, 2))),
    "FractionalAvgPool": Case(lambda tf, x: [tf.nn.fractional_avg_pool(x, [1, 1.5, 1.4, 1], overlapping=o,
                                                                       pseudo_random=o, deterministic=True,
                                                                       seed=3, seed2=4)[0] for o in (False, True)],
                              real((2, 5, 4, 2))),
}


# TensorList ops (ops/list_ops.py): each case builds lists of the inputs' rows and reads them back
def _rows(tf, x):
    return lo.tensor_list_from_tensor(x, element_shape=x.shape[1:])


CASES.update({
    "TensorListFromTensor": Case(lambda tf, x: lo.tensor_list_get_item(_rows(tf, x), 1, tf.float64), real((3, 2))),
    "TensorListStack": Case(lambda tf, x: lo.tensor_list_stack(_rows(tf, x), tf.float64, element_shape=[2]) * x,
                            real((3, 2))),
    "TensorListPushBack": Case(lambda tf, x: lo.tensor_list_stack(lo.tensor_list_push_back(lo.tensor_list_push_back(
        lo.empty_tensor_list([3], tf.float64), x), x * x), tf.float64), real((3,))),
    "TensorListPopBack": Case(lambda tf, x: list(lo.tensor_list_pop_back(_rows(tf, x), tf.float64))[1:]
                              + [lo.tensor_list_stack(lo.tensor_list_pop_back(_rows(tf, x), tf.float64)[0],
                                                      tf.float64, element_shape=[2])], real((3, 2))),
    "TensorListGetItem": Case(lambda tf, x: lo.tensor_list_get_item(_rows(tf, x), 2, tf.float64) ** 2, real((3, 2))),
    "TensorListSetItem": Case(lambda tf, x, y: lo.tensor_list_stack(lo.tensor_list_set_item(_rows(tf, x), 1, y * y),
                                                                    tf.float64, element_shape=[2]),
                              real((3, 2)), real((2,))),
    "TensorListResize": Case(lambda tf, x: lo.tensor_list_stack(lo.tensor_list_resize(_rows(tf, x), 2), tf.float64,
                                                                element_shape=[2]), real((3, 2))),
    "TensorListGather": Case(lambda tf, x: lo.tensor_list_gather(_rows(tf, x), [2, 0], tf.float64,
                                                                 element_shape=[2]), real((3, 2))),
    "TensorListConcatV2": Case(lambda tf, x: lo.tensor_list_concat(_rows(tf, x), tf.float64) * 3.0, real((3, 2, 2))),
    "TensorListConcat": Case(lambda tf, x: raw("TensorListConcat", _rows(tf, x), element_dtype=tf.float64,
                                               element_shape=[2, 2])[0], real((3, 2, 2))),
    "TensorListSplit": Case(lambda tf, x: lo.tensor_list_concat(lo.tensor_list_split(
        x, [-1, 2], tf.constant([1, 3], tf.int64)), tf.float64) * x, real((4, 2))),
    "TensorListScatter": Case(lambda tf, x: lo.tensor_list_stack(raw(
        "TensorListScatter", x, tf.constant([2, 0]), tf.constant([2]), element_dtype=tf.float64,
        shape_type=tf.int32), tf.float64, element_shape=[2]), real((2, 2))),
    "TensorListScatterV2": Case(lambda tf, x: lo.tensor_list_gather(lo.tensor_list_scatter(
        x, [3, 1], element_shape=[2]), [1, 3, 0], tf.float64), real((2, 2))),
    "TensorListScatterIntoExistingList": Case(lambda tf, x, y: lo.tensor_list_stack(lo.tensor_list_scatter(
        y, [1], input_handle=_rows(tf, x)), tf.float64, element_shape=[2]), real((3, 2)), real((1, 2))),
})

# TF 1.x op types of imported GraphDefs (ops/legacy_math_ops.py, ops/legacy_nn_ops.py)
CASES.update({
    "Div": binary(lambda tf, a, b: raw("Div", a, b), make_y=away_from_zero),
    "Inv": unary(lambda tf, x: raw("Inv", x), away_from_zero),
    "Concat": Case(lambda tf, a, b: raw("Concat", tf.constant(1), a, b, N=2), real((2, 3)), real((2, 1))),
    "Gather": Case(lambda tf, x: raw("Gather", x, tf.constant([2, 0, 2])), real((3, 2))),
    "Reverse": Case(lambda tf, x: raw("Reverse", x, tf.constant([True, False, True])), real((2, 3, 2))),
    "BatchMatMul": Case(lambda tf, a, b: raw("BatchMatMul", a, b, adj_y=True), real((2, 2, 3)), real((2, 4, 3))),
    "BiasAddV1": Case(lambda tf, x, b: raw("BiasAddV1", x, b), real((2, 2, 3)), real((3,))),
    "MatrixDiag": Case(lambda tf, d: raw("MatrixDiag", d), real((2, 3))),
    "MatrixDiagPart": Case(lambda tf, x: [raw("MatrixDiagPart", x), raw("MatrixDiagPart", x[:, :2])], real((3, 3))),
    "MatrixSetDiag": Case(lambda tf, x, d: raw("MatrixSetDiag", x, d), real((2, 3)), real((2,))),
    "MatrixDiagV2": Case(lambda tf, d: raw("MatrixDiagV2", d, tf.constant([-1, 0]), tf.constant(-1), tf.constant(-1),
                                           tf.constant(0.0, tf.float64)), real((2, 3))),
    "MatrixDiagPartV2": Case(lambda tf, x: raw("MatrixDiagPartV2", x, tf.constant([0, 1]),
                                               tf.constant(0.0, tf.float64)), real((3, 3))),
    "MatrixSetDiagV2": Case(lambda tf, x, d: raw("MatrixSetDiagV2", x, d, tf.constant(1)), real((3, 3)), real((2,))),
    "MaxPoolV2": Case(lambda tf, x: raw("MaxPoolV2", x, tf.constant([1, 2, 2, 1]), tf.constant([1, 2, 2, 1]),
                                        padding="VALID"), distinct((1, 4, 4, 1))),
    "MaxPoolGradV2": Case(lambda tf, x, g: raw("MaxPoolGradV2", x, raw(
        "MaxPoolV2", x, tf.constant([1, 2, 2, 1]), tf.constant([1, 2, 2, 1]), padding="VALID"), g,
        tf.constant([1, 2, 2, 1]), tf.constant([1, 2, 2, 1]), padding="VALID"), distinct((1, 4, 4, 1)),
        real((1, 2, 2, 1))),
    "TopK": Case(lambda tf, x: raw("TopK", x, k=2), distinct((2, 4))),
    "ClipByValue": Case(lambda tf, x, lo, hi: raw("ClipByValue", x, lo, hi), real((2, 3)), real((), -1.0, -0.5),
                        real((), 0.5, 1.0)),
    "MulNoNan": binary(lambda tf, a, b: raw("MulNoNan", a, b), make_y=away_from_zero),
    "AccumulateNV2": Case(lambda tf, a, b: raw("AccumulateNV2", a, b, a, N=3, shape=[2, 3]), real((2, 3)),
                          real((2, 3))),
    "NthElement": Case(lambda tf, x: raw("NthElement", x, tf.constant(1), reverse=True), distinct((2, 4))),
})

# Op types whose gradients finite differences cannot check here, and why.
SKIP = {
    "ReadVariableOp": "reads a resource handle: the value cannot be perturbed by feeding; "
                      "tests/ops/test_resource_var_grads.py checks its gradient against the ref variable's",
    "ResourceGather": "reads a resource handle: the value cannot be perturbed by feeding; "
                      "tests/ops/test_resource_var_grads.py checks its gradient against the ref variable's",
    "RefSwitch": "takes a ref (variable) input: the value cannot be perturbed by feeding; its rule is Switch's",
    "RefIdentity": "takes a ref (variable) input: the value cannot be perturbed by feeding; its rule is Identity's",
    "RefMerge": "takes ref (variable) inputs: the values cannot be perturbed by feeding; its rule is Merge's",
    "WhileGrad": "internal: built only by the While gradient itself",
    "PyFunc": "the gradient is whatever the user registers",
    "FakeQuantWithMinMaxArgs": "a step function: TF's gradient is the straight-through estimator, not its derivative",
    "FakeQuantWithMinMaxVars": "a step function: TF's gradient is the straight-through estimator, not its derivative",
    "FakeQuantWithMinMaxVarsPerChannel": "a step function: TF's gradient is the straight-through estimator",
    "QuantizeAndDequantizeV2": "a step function: TF's gradient is the straight-through estimator (recorded against "
                               "TF in tests/conformance_extra/x_ops_quantize2.py)",
    "QuantizeAndDequantizeV4": "a step function: TF's gradient passes inside [min, max] only (recorded against TF "
                               "in tests/conformance_extra/x_ops_quantize2.py)",
    "PreventGradient": "its gradient raises LookupError by design (tests/ops/test_fused_math_ops.py checks it)",
    "RandomGamma": "each run draws anew, so probes see different noise; tests/ops/test_random_gamma_poisson.py "
                   "checks it against finite differences over fresh sessions with one seed",
}
CASES = {k: v for k, v in CASES.items() if v is not None}


# --------------------------------------------------------------- the check
def _differentiable_types():
    types = set()
    for op_type, opdef in REGISTRY.items():
        if "/tests/" in (opdef.defined_at or "").replace("\\", "/"):
            continue  # declared by a test module, not by tfsess
        grad = opdef.grad
        if grad is None and _OVERRIDE_GRADIENTS.get(op_type) is not None:
            grad = _OVERRIDE_GRADIENTS[op_type]
        if grad is not None:
            types.add(op_type)
    return sorted(types)


DIFFERENTIABLE = _differentiable_types()


def test_every_differentiable_op_has_a_case_or_a_reasoned_skip():
    missing = [t for t in DIFFERENTIABLE if t not in CASES and t not in SKIP]
    assert not missing, f"add a CASES entry (or a SKIP with a reason) for: {missing}"


def _flat_outputs(out):
    outs = out if isinstance(out, (list, tuple)) else [out]
    return [tf.convert_to_tensor(o) for o in outs if o is not None]


def _numeric_gradient(sess, loss, placeholders, arrays, index, step):
    feed = dict(zip(placeholders, arrays))
    base = arrays[index]
    grad = np.zeros_like(base)
    for pos in np.ndindex(*base.shape):
        values = []
        for sign in (1.0, -1.0):
            probe = base.copy()
            probe[pos] += sign * step
            feed[placeholders[index]] = probe
            values.append(sess.run(loss, feed))
        grad[pos] = (values[0] - values[1]) / (2 * step)
    feed[placeholders[index]] = base
    return grad


def _uses_op_type(graph, op_type):
    return any(op.type == op_type for op in graph.get_operations())


@pytest.mark.parametrize("op_type", [t for t in DIFFERENTIABLE if t in CASES])
def test_gradient_matches_finite_differences(op_type):
    case = CASES[op_type]
    rng = np.random.default_rng(zlib.crc32(op_type.encode()))
    arrays = case.draw(rng)
    with tf.Graph().as_default() as graph:
        placeholders = [tf.placeholder(tf.float64, a.shape, name=f"x{i}") for i, a in enumerate(arrays)]
        outputs = [o for o in _flat_outputs(case.build(tf, *placeholders)) if o.dtype.base_dtype == tf.float64]
        assert outputs, f"the {op_type} case builds no float64 output"
        assert _uses_op_type(graph, op_type), f"the {op_type} case does not build a {op_type} op"
        sess = tf.Session()
        feed = dict(zip(placeholders, arrays))
        values = sess.run(outputs, feed)
        weights = [tf.constant(rng.uniform(0.5, 1.5, np.shape(v))) for v in values]
        loss = tf.add_n([tf.reduce_sum(o * w) for o, w in zip(outputs, weights)])
        symbolic = tf.gradients(loss, placeholders)
        for i, (ph, g) in enumerate(zip(placeholders, symbolic)):
            numeric = _numeric_gradient(sess, loss, placeholders, arrays, i, case.step)
            got = np.zeros_like(arrays[i]) if g is None else sess.run(tf.convert_to_tensor(g), feed)
            scale = max(1.0, float(np.max(np.abs(numeric), initial=0.0)))
            error = float(np.max(np.abs(got - numeric), initial=0.0)) / scale
            assert error < case.tol, (f"{op_type}: input {i} (shape {arrays[i].shape}) gradient off by {error:.2e}\n"
                                      f"symbolic {got}\nnumeric  {numeric}")
