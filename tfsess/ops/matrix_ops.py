"""Matrix helpers: eye, diagonals (MatrixDiagV3, MatrixSetDiagV3, MatrixDiagPartV3, Diag, DiagPart),
band parts, trace, matrix_transpose, inverse, determinant, norm.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import (array_ops, constant_op, linalg_ops, math_ops, reduction_ops, sequence_ops, stack_ops, unary_ops)
from tfsess.ops._infer import (FLOAT_COMPLEX, apply_gen, check_dtype, check_rank, check_same_dtype, dense_grad,
                               fmt_shape, host)


# ------------------------------------------------------------------ diagonals, eye, trace
def _diag_infer(inputs, attrs):
    diag = inputs[0]
    rows, cols = (constant_value(t) for t in inputs[2:4])
    dtype = diag.dtype.base_dtype
    check_rank(diag, 1, "MatrixDiagV3", "diagonal", at_least=True)
    if diag.shape.ndims is None:
        return [(dtype, unknown_shape())]
    dims = list(diag.shape.as_tuple_or_none())
    n = dims[-1] if dims else None
    rows = n if rows is None or int(rows) < 0 else int(rows)
    cols = n if cols is None or int(cols) < 0 else int(cols)
    return [(dtype, TensorShape(dims[:-1] + [rows, cols]))]


def _only_main_diagonal(k):
    k = host(k)
    if k.size != 1 or int(k.reshape(-1)[0]) != 0:
        raise errors.UnimplementedError(None, None, "tfsess supports the main diagonal (k=0) only")


@register_op("MatrixDiagV3", infer=_diag_infer)
def _matrix_diag_v3(xp, diagonal, k, num_rows, num_cols, padding_value, *, align="RIGHT_LEFT"):
    _only_main_diagonal(k)
    n = diagonal.shape[-1]
    rows = n if int(num_rows) < 0 else int(num_rows)
    cols = n if int(num_cols) < 0 else int(num_cols)
    out = xp.full(diagonal.shape[:-1] + (rows, cols), padding_value, dtype=diagonal.dtype)
    idx = xp.arange(min(rows, cols, n))
    out[..., idx, idx] = diagonal[..., idx]
    return out


@_matrix_diag_v3.gradient
def _matrix_diag_v3_grad(op, grad):
    return [matrix_diag_part(grad), None, None, None, None]


def _set_diag_infer(inputs, attrs):
    x, diag = inputs[0], inputs[1]
    check_same_dtype([x, diag], "MatrixSetDiagV3", ("input", "diagonal"))
    if x.shape.ndims is not None and x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for 'MatrixSetDiagV3'")
    return [(x.dtype.base_dtype, x.shape)]


@register_op("MatrixSetDiagV3", infer=_set_diag_infer)
def _matrix_set_diag_v3(xp, x, diagonal, k, *, align="RIGHT_LEFT"):
    _only_main_diagonal(k)
    n = min(x.shape[-2:])
    if diagonal.shape[-1] != n:
        raise errors.InvalidArgumentError(None, None, f"diagonal must have {n} elements in its last dimension, "
                                          f"got shape {list(diagonal.shape)}")
    out = xp.array(x, copy=True)
    idx = xp.arange(n)
    out[..., idx, idx] = diagonal
    return out


@_matrix_set_diag_v3.gradient
def _matrix_set_diag_v3_grad(op, grad):
    diag = op.inputs[1]
    return [matrix_set_diag(grad, array_ops.zeros_like(diag)), matrix_diag_part(grad), None]


def _diag_part_infer(inputs, attrs):
    x = inputs[0]
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    if x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for 'MatrixDiagPartV3'")
    dims = x.shape.as_tuple_or_none()
    rows, cols = dims[-2:]
    n = None if rows is None or cols is None else min(rows, cols)
    return [(x.dtype.base_dtype, TensorShape(list(dims[:-2]) + [n]))]


@register_op("MatrixDiagPartV3", infer=_diag_part_infer)
def _matrix_diag_part_v3(xp, x, k, padding_value, *, align="RIGHT_LEFT"):
    _only_main_diagonal(k)
    return xp.array(xp.diagonal(x, axis1=-2, axis2=-1), copy=True)


@_matrix_diag_part_v3.gradient
def _matrix_diag_part_v3_grad(op, grad):
    return [matrix_set_diag(array_ops.zeros_like(op.inputs[0]), grad), None, None]


def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """A batch of matrices with `diagonal` on the main diagonal (tf.linalg.diag)."""
    with op_scope(name, "diag", [diagonal]) as scope:
        diagonal = convert_to_tensor(diagonal, name="diagonal")
        args = [("diagonal", diagonal, "T"), ("k", k, dtypes.int32), ("num_rows", num_rows, dtypes.int32),
                ("num_cols", num_cols, dtypes.int32), ("padding_value", padding_value, "T")]
        return apply_gen("MatrixDiagV3", args, {"align": align}, name=scope)


def matrix_set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):  # noqa: A002
    """`input` with its main diagonal replaced by `diagonal` (tf.linalg.set_diag)."""
    args = [("input", input, "T"), ("diagonal", diagonal, "T"), ("k", k, dtypes.int32)]
    return apply_gen("MatrixSetDiagV3", args, {"align": align}, name=name)


def matrix_diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):  # noqa: A002
    """The main diagonal of each matrix in `input` (tf.linalg.diag_part)."""
    return apply_gen("MatrixDiagPartV3", [("input", input, "T"), ("k", k, dtypes.int32),
                                          ("padding_value", padding_value, "T")], {"align": align}, name=name)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (or a batch of them) of `num_rows` x `num_columns` (tf.eye).

    Raises:
        TypeError: `num_rows` or `num_columns` is not an integer or an integer tensor.
    """
    dtype = dtypes.as_dtype(dtype).base_dtype
    with op_scope(name, "eye", [num_rows, num_columns, batch_shape]):
        is_square = num_columns is None
        batch_shape = [] if batch_shape is None else batch_shape
        num_columns = num_rows if num_columns is None else num_columns
        if isinstance(num_rows, Tensor) or isinstance(num_columns, Tensor):
            diag_size = math_ops.minimum(num_rows, num_columns)
        else:
            if not isinstance(num_rows, (int, np.integer)) or not isinstance(num_columns, (int, np.integer)):
                raise TypeError(f"Arguments `num_rows` and `num_columns` must be positive integer values. "
                                f"Received: num_rows={num_rows}, num_columns={num_columns}")
            is_square = num_rows == num_columns
            diag_size = int(min(num_rows, num_columns))
        if isinstance(batch_shape, Tensor) or isinstance(diag_size, Tensor):
            batch = convert_to_tensor(batch_shape, name="shape", dtype=dtypes.int32)
            diag_shape = stack_ops.concat([batch, array_ops.reshape(diag_size, [1])], 0)
            shape = None if is_square else stack_ops.concat(
                [batch, stack_ops.stack([num_rows, num_columns])], 0)
        else:
            batch = TensorShape(batch_shape).as_list()
            diag_shape = batch + [diag_size]
            shape = None if is_square else batch + [int(num_rows), int(num_columns)]
        diag_ones = constant_op.ones(diag_shape, dtype=dtype)
        if is_square:
            return matrix_diag(diag_ones)
        return matrix_set_diag(constant_op.zeros(shape, dtype=dtype), diag_ones)


def trace(x, name=None):
    """The sum of each matrix's main diagonal (tf.linalg.trace)."""
    with op_scope(name, "Trace", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return reduction_ops.reduce_sum(matrix_diag_part(x), [-1], name=scope)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two axes of `a` (tf.linalg.matrix_transpose).

    Raises:
        ValueError: `a` has known rank below 2.
    """
    with op_scope(name, "transpose", [a]) as scope:
        a = convert_to_tensor(a, name="a")
        rank = a.shape.ndims
        if rank is not None:
            if rank < 2:
                raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = {a} "
                                 f"with shape: {a.shape}")
            perm = list(range(rank - 2)) + [rank - 1, rank - 2]
        else:
            r = array_ops.rank(a)
            perm = stack_ops.concat([sequence_ops.range_(r - 2), stack_ops.stack([r - 1, r - 2])], 0)
        return array_ops.transpose(a, perm, name=scope, conjugate=conjugate)


# ------------------------------------------------------------------ band part, Diag, DiagPart
def _band_part_infer(inputs, attrs):
    x = inputs[0]
    if x.shape.ndims is not None and x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for 'MatrixBandPart'")
    return [(x.dtype.base_dtype, x.shape)]


@register_op("MatrixBandPart", infer=_band_part_infer)
def _matrix_band_part(xp, x, num_lower, num_upper):
    rows, cols = x.shape[-2:]
    lower, upper = int(num_lower), int(num_upper)
    if lower > rows or upper > cols:
        raise errors.InvalidArgumentError(None, None, f"num_lower ({lower}) and num_upper ({upper}) must be at "
                                          f"most the matrix size ({rows}, {cols})")
    offset = np.arange(cols)[None, :] - np.arange(rows)[:, None]  # j - i
    keep = ((lower < 0) | (-offset <= lower)) & ((upper < 0) | (offset <= upper))
    return xp.where(xp.asarray(keep), x, xp.zeros_like(x))


@_matrix_band_part.gradient
def _matrix_band_part_grad(op, grad):
    return [matrix_band_part(grad, op.inputs[1], op.inputs[2]), None, None]


def matrix_band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    """Keeps a band of each matrix: `num_lower` sub- and `num_upper` super-diagonals, -1 for all
    (tf.linalg.band_part)."""
    return apply_gen("MatrixBandPart", [("input", input, None), ("num_lower", num_lower, ("Tindex", dtypes.int64)),
                                        ("num_upper", num_upper, "Tindex")], name=name)


def _diag_tensor_infer(inputs, attrs):
    x = inputs[0]
    dims = x.shape.as_tuple_or_none()
    return [(x.dtype.base_dtype, unknown_shape() if dims is None else TensorShape(list(dims) * 2))]


@register_op("Diag", infer=_diag_tensor_infer)
def _diag(xp, x):
    n = x.size
    out = xp.zeros((n, n), dtype=x.dtype)
    out[xp.arange(n), xp.arange(n)] = x.reshape(-1)
    return out.reshape(x.shape * 2)


def _diag_part_tensor_infer(inputs, attrs):
    x = inputs[0]
    dims = x.shape.as_tuple_or_none()
    if dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    if len(dims) % 2:
        raise ValueError(f"Input must have even rank, got {len(dims)} for 'DiagPart'")
    half = len(dims) // 2
    out = []
    for a, b in zip(dims[:half], dims[half:]):
        if a is not None and b is not None and a != b:
            raise ValueError(f"Invalid shape {fmt_shape(x.shape)} for 'DiagPart': dimensions {a} and {b} differ")
        out.append(a if a is not None else b)
    return [(x.dtype.base_dtype, TensorShape(out))]


@register_op("DiagPart", infer=_diag_part_tensor_infer)
def _diag_part(xp, x):
    half = x.shape[:x.ndim // 2]
    n = int(np.prod(half, dtype=np.int64))
    if x.ndim % 2 or x.shape[x.ndim // 2:] != half:
        raise errors.InvalidArgumentError(None, None, f"Invalid shape {list(x.shape)} for DiagPart")
    return xp.array(x.reshape(n, n)[xp.arange(n), xp.arange(n)].reshape(half), copy=True)


@_diag.gradient
def _diag_grad(op, grad):
    return [diag_part(grad)]


@_diag_part.gradient
def _diag_part_grad(op, grad):
    return [diag(grad)]


def diag(diagonal, name=None):
    """A tensor with `diagonal` on its diagonal: shape s -> s + s (tf.linalg.tensor_diag)."""
    return apply_gen("Diag", [("diagonal", diagonal, None)], name=name)


def diag_part(input, name=None):  # noqa: A002
    """The diagonal of a tensor of shape s + s (tf.linalg.tensor_diag_part)."""
    return apply_gen("DiagPart", [("input", input, None)], name=name)


# ------------------------------------------------------------------ inverse and determinant
def _square_infer(out_rank_drop):
    def infer(inputs, attrs):
        x = inputs[0]
        dtype = check_dtype(x, FLOAT_COMPLEX, "input")
        if x.shape.ndims is None:
            return [(dtype, unknown_shape())]
        if x.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims}")
        dims = x.shape.as_tuple_or_none()
        if dims[-1] is not None and dims[-2] is not None and dims[-1] != dims[-2]:
            raise ValueError(f"Dimensions must be equal, but are {dims[-2]} and {dims[-1]}")
        return [(dtype, TensorShape(dims[:len(dims) - out_rank_drop]))]
    return infer


@register_op("MatrixInverse", infer=_square_infer(0))
def _matrix_inverse(xp, x, *, adjoint=False):
    if adjoint:
        x = linalg_ops._adjoint(xp, x)
    try:
        return xp.linalg.inv(x).astype(x.dtype, copy=False)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(None, None, "Input is not invertible.") from None


@_matrix_inverse.gradient
def _matrix_inverse_grad(op, grad):
    ainv = op.outputs[0]
    adjoint = op.get_attr("adjoint")
    if adjoint:
        return [-linalg_ops.matmul(ainv, linalg_ops.matmul(grad, ainv, adjoint_a=True), adjoint_b=True)]
    return [-linalg_ops.matmul(ainv, linalg_ops.matmul(grad, ainv, adjoint_b=True), adjoint_a=True)]


@register_op("MatrixDeterminant", infer=_square_infer(2))
def _matrix_determinant(xp, x):
    return xp.asarray(xp.linalg.det(x)).astype(x.dtype, copy=False)


@_matrix_determinant.gradient
@dense_grad
def _matrix_determinant_grad(op, grad):
    a, c = op.inputs[0], op.outputs[0]
    a_adj_inv = matrix_inverse(a, adjoint=True)
    multipliers = array_ops.reshape(grad * c, stack_ops.concat([array_ops.shape(c), [1, 1]], 0))
    return [multipliers * a_adj_inv]


def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002
    """The inverse of each square matrix (tf.linalg.inv); InvalidArgumentError when singular."""
    return apply_gen("MatrixInverse", [("input", input, None)], {"adjoint": bool(adjoint)}, name=name)


def matrix_determinant(input, name=None):  # noqa: A002
    """The determinant of each square matrix (tf.linalg.det)."""
    return apply_gen("MatrixDeterminant", [("input", input, None)], name=name)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    """Vector norms ('euclidean', 1, 2, inf) over `axis`, or of the whole tensor (tf.norm).

    Raises:
        ValueError: `ord` is not a supported vector norm, or `axis` names more than one axis.
    """
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    if isinstance(axis, (list, tuple)) and len(axis) == 1:
        axis = axis[0]
    if axis is not None and not isinstance(axis, (int, np.integer)):
        raise ValueError(f"'axis' must be None or an integer for the norms tfsess supports, got {axis}")
    if ord not in ("euclidean", "fro", 1, 2, np.inf):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    with op_scope(name, "norm", [tensor]) as scope:
        x = convert_to_tensor(tensor)
        if ord in ("euclidean", "fro", 2):
            sq = unary_ops.real(x * unary_ops.conj(x)) if x.dtype.is_complex else x * x
            result = unary_ops.sqrt(reduction_ops.reduce_sum(sq, axis, keepdims=True))
        elif ord == 1:
            result = reduction_ops.reduce_sum(unary_ops.abs(x), axis, keepdims=True)
        else:
            result = reduction_ops.reduce_max(unary_ops.abs(x), axis, keepdims=True)
        if not keepdims:
            result = array_ops.squeeze(result, [axis] if axis is not None else None)
        return array_ops.identity(result, name=scope)


__all__ = ["diag", "diag_part", "eye", "matrix_band_part", "matrix_determinant", "matrix_diag",
           "matrix_diag_part", "matrix_inverse", "matrix_set_diag", "matrix_transpose", "norm", "trace"]
