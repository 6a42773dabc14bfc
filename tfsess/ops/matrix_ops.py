"""Matrix helpers: eye, diagonals (MatrixDiagV3, MatrixSetDiagV3, MatrixDiagPartV3, Diag, DiagPart),
band parts, trace, matrix_transpose, inverse, determinant, norm.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib.diag_band import ALIGNMENTS, band_index
from tfsess.ops import (array_ops, constant_op, linalg_ops, math_ops, reduction_ops, sequence_ops, stack_ops)
from tfsess.ops._infer import (FLOAT_COMPLEX, apply_gen, check_dtype, check_rank, check_same_dtype, dense_grad,
                               fmt_shape, host)


# ------------------------------------------------------------------ diagonals, eye, trace
def _band(k, rows=None, cols=None, period=". "):
    """(k0, k1) from a MatrixDiag `k` input, checked as TF's kernels do (bounds when the matrix is known)."""
    k = host(k).reshape(-1)
    if k.size not in (1, 2):
        raise errors.InvalidArgumentError(None, None, f"diag_index must have only one or two elements, "
                                          f"received {k.size} elements.")
    k0, k1 = int(k[0]), int(k[-1])
    if k0 > k1:
        raise errors.InvalidArgumentError(None, None, f"lower_diag_index must not be larger than "
                                          f"upper_diag_index: {k0} > {k1}")
    if rows is not None:
        for which, d, sep in (("lower", k0, period), ("upper", k1, " ")):
            if not -rows < d < cols and not (rows == 0 or cols == 0):
                raise errors.InvalidArgumentError(None, None, f"{which}_diag_index is out of bound: {d}{sep}"
                                                  f"It must be between {-rows} and {cols}")
    return k0, k1


def _static_band(k_tensor):
    k = constant_value(k_tensor)
    if k is None:
        return None
    k = np.asarray(k).reshape(-1)
    return (int(k[0]), int(k[-1])) if k.size in (1, 2) else None


def _diag_matrix_dims(diag_dims, k0, k1, rows, cols):
    """The output's (rows, cols) from the diagonal's length and the band, as MatrixDiagV3 infers them."""
    max_len = diag_dims[-1]
    min_rows, min_cols = max_len - min(k1, 0), max_len + max(k0, 0)
    if rows < 0 and cols < 0:
        rows = cols = max(min_rows, min_cols)
    elif rows < 0:
        rows = min_rows
    elif cols < 0:
        cols = min_cols
    if rows != min_rows and cols != min_cols:
        raise ValueError("num_rows and num_cols are not consistent with lower_diag_index, upper_diag_index, "
                         f"and the length of the given diagonals.\nnum_rows = {rows} != min_num_rows = "
                         f"{min_rows}, num_cols = {cols} != min_num_cols = {min_cols}")
    return rows, cols


def _diag_infer(inputs, attrs):
    diag = inputs[0]
    band = _static_band(inputs[1])
    rows, cols = (constant_value(t) for t in inputs[2:4])
    dtype = diag.dtype.base_dtype
    check_rank(diag, 1, "MatrixDiagV3", "diagonal", at_least=True)
    if diag.shape.ndims is None or band is None:
        return [(dtype, unknown_shape())]
    dims = list(diag.shape.as_tuple_or_none())
    k0, k1 = band
    batch = dims[:-1] if k0 == k1 else dims[:-2]
    if k0 != k1 and (len(dims) < 2 or dims[-2] not in (None, k1 - k0 + 1)):
        raise ValueError("The number of rows of `diagonal` doesn't match the number of diagonals implied from "
                         f"`d_lower` and `d_upper`.\nnum_diags = {k1 - k0 + 1}, d_lower = {k0}, d_upper = {k1} "
                         f"{' '.join(str(d) for d in dims)}")
    if dims[-1] is None or rows is None or cols is None:
        return [(dtype, TensorShape(batch + [None, None]))]
    rows, cols = _diag_matrix_dims(dims, k0, k1, int(rows), int(cols))
    return [(dtype, TensorShape(batch + [rows, cols]))]


def _stacked(diagonal, k0, k1):
    """The diagonal input with its band axis, which a single diagonal leaves out."""
    return diagonal[..., None, :] if k0 == k1 else diagonal


@register_op("MatrixDiagV3", infer=_diag_infer)
def _matrix_diag_v3(xp, diagonal, k, num_rows, num_cols, padding_value, *, align="RIGHT_LEFT"):
    k0, k1 = _band(k)
    if k0 != k1 and (diagonal.ndim < 2 or diagonal.shape[-2] != k1 - k0 + 1):
        raise errors.InvalidArgumentError(None, None, "The number of diagonals provided in the input does not "
                                          "match the lower_diag_index and upper_diag_index range.")
    band = _stacked(diagonal, k0, k1)
    try:
        rows, cols = _diag_matrix_dims(band.shape, k0, k1, int(num_rows), int(num_cols))
    except ValueError as e:
        raise errors.InvalidArgumentError(None, None, str(e)) from None
    out = xp.full(band.shape[:-2] + (rows, cols), padding_value, dtype=diagonal.dtype)
    j, i, r, c = band_index(rows, cols, k0, k1, band.shape[-1], align)
    out[..., r, c] = band[..., j, i]
    return out


@_matrix_diag_v3.gradient
def _matrix_diag_v3_grad(op, grad):
    return [matrix_diag_part(grad, k=op.inputs[1], align=op.get_attr("align")), None, None, None, None]


def _set_diag_infer(inputs, attrs):
    x, diag = inputs[0], inputs[1]
    check_same_dtype([x, diag], "MatrixSetDiagV3", ("input", "diagonal"))
    if x.shape.ndims is not None and x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for 'MatrixSetDiagV3'")
    return [(x.dtype.base_dtype, x.shape)]


def _dims(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


def _band_shape(x_shape, k0, k1):
    """The shape of the band MatrixDiagPartV3 reads from (and MatrixSetDiagV3 writes to) a matrix batch."""
    rows, cols = x_shape[-2:]
    max_len = min(rows + min(k1, 0), cols - max(k0, 0))
    band = (max_len,) if k0 == k1 else (k1 - k0 + 1, max_len)
    return tuple(x_shape[:-2]) + band, max_len


@register_op("MatrixSetDiagV3", infer=_set_diag_infer)
def _matrix_set_diag_v3(xp, x, diagonal, k, *, align="RIGHT_LEFT"):
    rows, cols = x.shape[-2:]
    k0, k1 = _band(k, rows, cols, period=" ")
    expected, max_len = _band_shape(x.shape, k0, k1)
    if tuple(diagonal.shape) != expected:
        raise errors.InvalidArgumentError(
            None, None, "Either first dimensions of diagonal don't match input.shape[:-2], or diagonal.shape[:-1] "
            "is not equal to the longests diagonal in range [lower_diag_index:upper_diag_index].\n"
            f"Input shape: {_dims(x.shape)}\nDiagonal shape: {_dims(diagonal.shape)}\n"
            f"Expected diagonal shape: {_dims(expected)}")
    out = xp.array(x, copy=True)
    j, i, r, c = band_index(rows, cols, k0, k1, max_len, align)
    out[..., r, c] = _stacked(diagonal, k0, k1)[..., j, i]
    return out


@_matrix_set_diag_v3.gradient
def _matrix_set_diag_v3_grad(op, grad):
    diag, k, align = op.inputs[1], op.inputs[2], op.get_attr("align")
    return [matrix_set_diag(grad, array_ops.zeros_like(diag), k=k, align=align),
            matrix_diag_part(grad, k=k, align=align), None]


def _diag_part_infer(inputs, attrs):
    x = inputs[0]
    if x.shape.ndims is not None and x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for 'MatrixDiagPartV3'")
    band = _static_band(inputs[1])
    if x.shape.ndims is None or band is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    dims = x.shape.as_tuple_or_none()
    rows, cols = dims[-2:]
    k0, k1 = band
    n = None if rows is None or cols is None else min(rows + min(k1, 0), cols - max(k0, 0))
    band_dims = [n] if k0 == k1 else [k1 - k0 + 1, n]
    return [(x.dtype.base_dtype, TensorShape(list(dims[:-2]) + band_dims))]


@register_op("MatrixDiagPartV3", infer=_diag_part_infer)
def _matrix_diag_part_v3(xp, x, k, padding_value, *, align="RIGHT_LEFT"):
    rows, cols = x.shape[-2:]
    k0, k1 = _band(k, rows, cols)
    shape, max_len = _band_shape(x.shape, k0, k1)
    out = xp.full(shape, padding_value, dtype=x.dtype)
    j, i, r, c = band_index(rows, cols, k0, k1, max_len, align)
    _stacked(out, k0, k1)[..., j, i] = x[..., r, c]
    return out


@_matrix_diag_part_v3.gradient
def _matrix_diag_part_v3_grad(op, grad):
    k, align = op.inputs[1], op.get_attr("align")
    return [matrix_set_diag(array_ops.zeros_like(op.inputs[0]), grad, k=k, align=align), None, None]


def _checked_align(align, op_type):
    align = align.decode() if isinstance(align, bytes) else align  # as get_attr returns it
    if align not in ALIGNMENTS:
        raise ValueError(f"Attr 'align' of '{op_type}' Op passed string '{align}' not in: "
                         + ", ".join(f'"{a}"' for a in ALIGNMENTS) + ".")
    return align


def matrix_diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """Matrices with `diagonal` on their diagonals k[0]..k[1] (or diagonal k), `padding_value` elsewhere
    (tf.linalg.diag); `num_rows`/`num_cols` -1 infer the smallest matrix that holds the band."""
    with op_scope(name, "diag", [diagonal]) as scope:
        diagonal = convert_to_tensor(diagonal, name="diagonal")
        args = [("diagonal", diagonal, "T"), ("k", k, dtypes.int32), ("num_rows", num_rows, dtypes.int32),
                ("num_cols", num_cols, dtypes.int32), ("padding_value", padding_value, "T")]
        return apply_gen("MatrixDiagV3", args, {"align": _checked_align(align, "MatrixDiagV3")}, name=scope)


def matrix_set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):  # noqa: A002
    """`input` with its diagonals k[0]..k[1] (or diagonal k) replaced by `diagonal` (tf.linalg.set_diag)."""
    args = [("input", input, "T"), ("diagonal", diagonal, "T"), ("k", k, dtypes.int32)]
    return apply_gen("MatrixSetDiagV3", args, {"align": _checked_align(align, "MatrixSetDiagV3")}, name=name)


@add_dispatch_support
def matrix_diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):  # noqa: A002
    """Diagonals k[0]..k[1] (or diagonal k) of each matrix in `input`, the shorter ones padded with
    `padding_value` on the side `align` gives (tf.linalg.diag_part)."""
    return apply_gen("MatrixDiagPartV3", [("input", input, "T"), ("k", k, dtypes.int32),
                                          ("padding_value", padding_value, "T")],
                     {"align": _checked_align(align, "MatrixDiagPartV3")}, name=name)


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


@add_dispatch_support
def trace(x, name=None):
    """The sum of each matrix's main diagonal (tf.linalg.trace)."""
    with op_scope(name, "Trace", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return reduction_ops.reduce_sum(matrix_diag_part(x), [-1], name=scope)


@add_dispatch_support
def adjoint(matrix, name=None):
    """The conjugate transpose of the last two axes (tf.linalg.adjoint)."""
    with op_scope(name, "adjoint", [matrix]):
        return matrix_transpose(convert_to_tensor(matrix, name="matrix"), conjugate=True)


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two axes of `a` (tf.linalg.matrix_transpose).

    Raises:
        ValueError: `a` has known rank below 2.
    """
    with op_scope(name, "transpose", [a]):
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
        return array_ops.transpose(a, perm, conjugate=conjugate)


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


@add_dispatch_support
def matrix_inverse(input, adjoint=False, name=None):  # noqa: A002
    """The inverse of each square matrix (tf.linalg.inv); InvalidArgumentError when singular."""
    return apply_gen("MatrixInverse", [("input", input, None)], {"adjoint": bool(adjoint)}, name=name)


@add_dispatch_support
def matrix_determinant(input, name=None):  # noqa: A002
    """The determinant of each square matrix (tf.linalg.det)."""
    return apply_gen("MatrixDeterminant", [("input", input, None)], name=name)


__all__ = ["diag", "diag_part", "eye", "matrix_band_part", "matrix_determinant", "matrix_diag",
           "matrix_diag_part", "matrix_inverse", "matrix_set_diag", "matrix_transpose", "trace"]
