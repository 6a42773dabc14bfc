"""Matrix products: MatMul, BatchMatMulV2, tensordot, Einsum.

The matrix helpers (eye, diagonals, inverse, ...) live in matrix_ops.py, which builds on this module.
"""
from __future__ import annotations

import string

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, broadcast_ops, constant_op, gather_ops, reduction_ops, stack_ops, unary_ops
from tfsess.ops._infer import NUMBER, apply_gen, broadcast_shapes, check_dtype, check_same_dtype, fmt_shape

_MATMUL_TYPES = NUMBER


# ------------------------------------------------------------------ MatMul
def _matmul_infer(inputs, attrs):
    a, b = inputs
    check_dtype(a, _MATMUL_TYPES, "a")
    dtype = check_same_dtype(inputs, "MatMul", ("a", "b"))
    sa, sb = a.shape, b.shape
    for s in (sa, sb):
        if s.ndims is not None and s.ndims != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {s.ndims} for 'MatMul' with input shapes: "
                             f"{fmt_shape(sa)}, {fmt_shape(sb)}.")
    da = sa.as_tuple_or_none() or (None, None)
    db = sb.as_tuple_or_none() or (None, None)
    if attrs.get("transpose_a"):
        da = da[::-1]
    if attrs.get("transpose_b"):
        db = db[::-1]
    if da[1] is not None and db[0] is not None and da[1] != db[0]:
        raise ValueError(f"Dimensions must be equal, but are {da[1]} and {db[0]} for 'MatMul' "
                         f"with input shapes: {fmt_shape(sa)}, {fmt_shape(sb)}.")
    return [(dtype, TensorShape([da[0], db[1]]))]


def _matmul_output_shapes(a, b, *, transpose_a=False, transpose_b=False):
    rows = a.shape[1] if transpose_a else a.shape[0]
    cols = b.shape[0] if transpose_b else b.shape[1]
    return [(int(rows), int(cols))]


@register_op("MatMul", infer=_matmul_infer, output_shapes=_matmul_output_shapes)
def _matmul(xp, a, b, *, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = a.T
    if transpose_b:
        b = b.T
    if a.shape[1] != b.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"Matrix size-incompatible: In[0]: {list(a.shape)}, In[1]: {list(b.shape)}")
    return xp.matmul(a, b).astype(a.dtype, copy=False)  # ml_dtypes' bfloat16 product is float32: round it, as TF


@_matmul.gradient
def _matmul_grad(op, grad):
    a, b = (unary_ops.conj(t) for t in op.inputs)
    return matmul_input_grads(a, b, grad, op.get_attr("transpose_a"), op.get_attr("transpose_b"))


def matmul_input_grads(a, b, grad, t_a, t_b):
    """[d a, d b] of a (possibly transposed) 2-D product, as MatMul ops (TF's _MatMulGrad)."""
    if not t_a and not t_b:
        return [_mm(grad, b, tb=True), _mm(a, grad, ta=True)]
    if not t_a and t_b:
        return [_mm(grad, b), _mm(grad, a, ta=True)]
    if t_a and not t_b:
        return [_mm(b, grad, tb=True), _mm(a, grad)]
    return [_mm(b, grad, ta=True, tb=True), _mm(grad, a, ta=True, tb=True)]


def _mm(a, b, ta=False, tb=False):
    return apply1("MatMul", [a, b], {"transpose_a": ta, "transpose_b": tb}, name="MatMul")


# ------------------------------------------------------------------ BatchMatMulV2
def _batch_matmul_infer(inputs, attrs):
    x, y = inputs
    check_dtype(x, _MATMUL_TYPES, "x")
    dtype = check_same_dtype(inputs, "BatchMatMulV2")
    sx, sy = x.shape, y.shape
    for s in (sx, sy):
        if s.ndims is not None and s.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {s.ndims} for 'BatchMatMulV2' with "
                             f"input shapes: {fmt_shape(sx)}, {fmt_shape(sy)}.")
    if sx.ndims is None or sy.ndims is None:
        return [(dtype, unknown_shape())]
    dx, dy = sx.as_tuple_or_none(), sy.as_tuple_or_none()
    rows = dx[-1] if attrs.get("adj_x") else dx[-2]
    inner_x = dx[-2] if attrs.get("adj_x") else dx[-1]
    inner_y = dy[-1] if attrs.get("adj_y") else dy[-2]
    cols = dy[-2] if attrs.get("adj_y") else dy[-1]
    if inner_x is not None and inner_y is not None and inner_x != inner_y:
        raise ValueError(f"Dimensions must be equal, but are {inner_x} and {inner_y} for 'BatchMatMulV2' with "
                         f"input shapes: {fmt_shape(sx)}, {fmt_shape(sy)}.")
    batch = broadcast_shapes(TensorShape(dx[:-2]), TensorShape(dy[:-2]), "BatchMatMulV2")
    return [(dtype, batch.concatenate([rows, cols]))]


def _adjoint(xp, m):
    m = xp.swapaxes(m, -1, -2)
    return xp.conj(m) if m.dtype.kind == "c" else m


def _batch_matmul_output_shapes(x, y, *, adj_x=False, adj_y=False):
    batch = np.broadcast_shapes(tuple(x.shape[:-2]), tuple(y.shape[:-2]))
    rows = x.shape[-1] if adj_x else x.shape[-2]
    cols = y.shape[-2] if adj_y else y.shape[-1]
    return [tuple(int(d) for d in batch) + (int(rows), int(cols))]


@register_op("BatchMatMulV2", infer=_batch_matmul_infer, output_shapes=_batch_matmul_output_shapes)
def _batch_matmul_v2(xp, x, y, *, adj_x=False, adj_y=False):
    if adj_x:
        x = _adjoint(xp, x)
    if adj_y:
        y = _adjoint(xp, y)
    if x.shape[-1] != y.shape[-2]:
        raise errors.InvalidArgumentError(None, None, f"Matrix size-incompatible: In[0]: {list(x.shape)}, "
                                          f"In[1]: {list(y.shape)}")
    try:
        return xp.matmul(x, y).astype(x.dtype, copy=False)  # bfloat16: ml_dtypes gives float32, TF rounds
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, f"In[0] and In[1] must have compatible batch dimensions: "
                                          f"{list(x.shape)} vs. {list(y.shape)} ({exc})") from None


@_batch_matmul_v2.gradient
def _batch_matmul_v2_grad(op, grad):
    x, y = op.inputs
    adj_x, adj_y = op.get_attr("adj_x"), op.get_attr("adj_y")
    if not adj_x:
        if not adj_y:
            gx, gy = matmul(grad, y, adjoint_b=True), matmul(x, grad, adjoint_a=True)
        else:
            gx, gy = matmul(grad, y), matmul(grad, x, adjoint_a=True)
    elif not adj_y:
        gx, gy = matmul(y, grad, adjoint_b=True), matmul(x, grad)
    else:
        gx, gy = matmul(y, grad, adjoint_a=True, adjoint_b=True), matmul(grad, x, adjoint_a=True, adjoint_b=True)
    sx, sy = x.shape, y.shape
    maybe_batch = sx.ndims is None or sx.ndims > 2 or sy.ndims is None or sy.ndims > 2
    if not maybe_batch or (sx[:-2].is_fully_defined() and sy[:-2].is_fully_defined() and sx[:-2] == sy[:-2]):
        return [gx, gy]
    shape_x, shape_y = array_ops.shape(x), array_ops.shape(y)
    rx, ry = broadcast_ops.broadcast_gradient_args(shape_x[:-2], shape_y[:-2])
    return [array_ops.reshape(reduction_ops.reduce_sum(gx, rx), shape_x),
            array_ops.reshape(reduction_ops.reduce_sum(gy, ry), shape_y)]


@add_dispatch_support
def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    """The matrix product a @ b; inputs of rank > 2 are batches (tf.linalg.matmul).

    Raises:
        ValueError: both transpose_x and adjoint_x are set, or the inner dimensions differ.
        TypeError: `a` and `b` differ in dtype.
    """
    with op_scope(name, "MatMul", [a, b]) as scope:
        if transpose_a and adjoint_a:
            raise ValueError(f"Only one of `transpose_a` and `adjoint_a` can be True. Received "
                             f"`transpose_a`={transpose_a}, `adjoint_a`={adjoint_a}.")
        if transpose_b and adjoint_b:
            raise ValueError(f"Only one of `transpose_b` and `adjoint_b` can be True. Received "
                             f"`transpose_b`={transpose_b}, `adjoint_b`={adjoint_b}.")
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype_hint=a.dtype.base_dtype, name="b")
        ra, rb = a.shape.ndims, b.shape.ndims
        if ra is None or ra > 2 or rb is None or rb > 2:
            adj_a, adj_b = bool(adjoint_a or transpose_a), bool(adjoint_b or transpose_b)
            if transpose_a:
                a = unary_ops.conj(a)
            if transpose_b:
                b = unary_ops.conj(b)
            return apply_gen("BatchMatMulV2", [("x", a, "T"), ("y", b, "T")], {"adj_x": adj_a, "adj_y": adj_b},
                             name=scope)
        if adjoint_a:
            a, transpose_a = unary_ops.conj(a), True
        if adjoint_b:
            b, transpose_b = unary_ops.conj(b), True
        return apply_gen("MatMul", [("a", a, "T"), ("b", b, "T")],
                         {"transpose_a": bool(transpose_a), "transpose_b": bool(transpose_b)}, name=scope)


# ------------------------------------------------------------------ tensordot
def _tensordot_axes(a, axes):
    if isinstance(axes, (int, np.integer)):
        if axes < 0:
            raise ValueError(f"`axes` must be at least 0. Received: {axes}.")
        rank = a.shape.ndims
        if rank is None:
            raise ValueError("tensordot with an integer `axes` needs inputs of known rank")
        if axes > rank:
            raise ValueError(f"`axes` must not be larger than the number of dimensions of tensor {a}.  "
                             f"Received {axes}, vs tensor dimensions {rank}.")
        return list(range(rank - axes, rank)), list(range(axes))
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
        a_axes, b_axes = axes
        if isinstance(a_axes, (int, np.integer)) and isinstance(b_axes, (int, np.integer)):
            a_axes, b_axes = [a_axes], [b_axes]
        a_axes, b_axes = [int(i) for i in a_axes], [int(i) for i in b_axes]
        if len(a_axes) != len(b_axes):
            raise ValueError(f"Different number of contraction axes `a` and `b`, {len(a_axes)} != {len(b_axes)}.")
        return a_axes, b_axes
    value = constant_value(convert_to_tensor(axes, dtype=dtypes.int32))
    if value is None:
        raise ValueError("tensordot needs `axes` known while building the graph")
    if np.ndim(value) == 0:  # TF slices a tensor `axes` into its two halves, so a scalar one fails
        raise ValueError(f"Attempting to slice scalar input: tensordot `axes` given as a scalar tensor ({value})")
    return _tensordot_axes(a, value.tolist())


def _tensordot_reshape(a, axes, flipped=False):
    """Transposes and reshapes `a` into a matrix with the contracted axes first (flipped) or last."""
    shape = a.shape.as_tuple_or_none()
    if shape is None:
        raise ValueError(f"tensordot needs inputs of known rank, got {a}")
    rank = len(shape)
    axes = [i + rank if i < 0 else i for i in axes]
    free = [i for i in range(rank) if i not in axes]
    perm = axes + free if flipped else free + axes
    moved = a if perm == list(range(rank)) else array_ops.transpose(a, perm)
    free_static = [shape[i] for i in free]
    if None not in shape:
        prod_free = int(np.prod(free_static, dtype=np.int64))
        prod_axes = int(np.prod([shape[i] for i in axes], dtype=np.int64))
        new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
        if list(moved.shape.as_tuple_or_none()) != new_shape:
            moved = array_ops.reshape(moved, new_shape)
        return moved, free_static, free_static
    shape_a = array_ops.shape(a)
    free_dims = gather_ops.gather(shape_a, free)
    prod_free = reduction_ops.reduce_prod(free_dims)
    prod_axes = reduction_ops.reduce_prod(gather_ops.gather(shape_a, axes)) if axes else \
        convert_to_tensor(1, dtype=dtypes.int32)
    new_shape = stack_ops.stack([prod_axes, prod_free] if flipped else [prod_free, prod_axes])
    return array_ops.reshape(moved, new_shape), free_dims, free_static


def tensordot(a, b, axes, name=None):
    """Sums products of `a` and `b` over `axes` (an int N, or a pair of axis lists) (tf.tensordot).

    Raises:
        ValueError: `axes` is negative, too large, or its two lists differ in length.
    """
    with op_scope(name, "Tensordot", [a, b, axes]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        a_axes, b_axes = _tensordot_axes(a, axes)
        a_mat, a_free, a_free_static = _tensordot_reshape(a, a_axes)
        b_mat, b_free, b_free_static = _tensordot_reshape(b, b_axes, True)
        product = matmul(a_mat, b_mat)
        if isinstance(a_free, list) and isinstance(b_free, list):
            if product.shape.is_fully_defined() and product.shape.as_list() == a_free + b_free:
                return product
            return array_ops.reshape(product, a_free + b_free, name=scope)
        dims = stack_ops.concat([array_ops.reshape(a_free, [-1]) if not isinstance(a_free, list) else
                                 convert_to_tensor(np.asarray(a_free, dtype=np.int32).reshape(-1)),
                                 b_free if not isinstance(b_free, list) else
                                 convert_to_tensor(np.asarray(b_free, dtype=np.int32).reshape(-1))], 0)
        out = array_ops.reshape(product, dims, name=scope)
        out.set_shape(TensorShape(a_free_static + b_free_static))
        return out


# ------------------------------------------------------------------ einsum
def _split_equation(equation, ranks):
    """Parses 'ab,bc->ac' into input label lists and output labels, expanding '...' by rank."""
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    repeated = rhs.replace("...", "")
    if len(set(repeated)) != len(repeated):
        raise ValueError(f"Output subscripts contain a label appearing more than once: {equation}")
    terms = lhs.split(",")
    if len(terms) != len(ranks):
        raise ValueError(f"Expected {len(terms)} inputs for equation '{equation}', got {len(ranks)}")
    spare = iter(c for c in string.ascii_uppercase[::-1] if c not in equation)
    ell_labels = None
    expanded = []
    for term, rank in zip(terms, ranks):
        if "..." in term:
            n = None if rank is None else rank - (len(term) - 3)
            if n is None:
                return None
            if ell_labels is None:
                ell_labels = []
            while len(ell_labels) < n:
                ell_labels.insert(0, next(spare))
            term = term.replace("...", "".join(ell_labels[len(ell_labels) - n:]))
        elif rank is not None and len(term) != rank:
            raise ValueError(f"Input has rank {rank} but equation term '{term}' has {len(term)} labels in "
                             f"'{equation}'")
        expanded.append(term)
    if arrow:
        out = rhs.replace("...", "".join(ell_labels or []))
    else:
        counts = {}
        for term in expanded:
            for c in term:
                counts[c] = counts.get(c, 0) + 1
        out = "".join(ell_labels or []) + "".join(sorted(c for c, n in counts.items()
                                                         if n == 1 and c not in (ell_labels or [])))
    return expanded, out


def _einsum_infer(inputs, attrs):
    check_dtype(inputs[0], NUMBER, "inputs")
    dtype = check_same_dtype(inputs, "Einsum", [f"inputs_{i}" for i in range(len(inputs))])
    parsed = _split_equation(attrs["equation"], [t.shape.ndims for t in inputs])
    if parsed is None:
        return [(dtype, unknown_shape())]
    terms, out = parsed
    sizes = {}
    for term, t in zip(terms, inputs):
        dims = t.shape.as_tuple_or_none()
        if dims is None:
            continue
        for label, d in zip(term, dims):
            known = sizes.get(label)
            if d is not None and known is not None and d != known and 1 not in (d, known):
                raise ValueError(f"Expected dimension {known} at axis of input for label '{label}', got {d} "
                                 f"in equation '{attrs['equation']}'")
            if d is not None and (known is None or known == 1):
                sizes[label] = d
    if any(t.shape.ndims is None for t in inputs):
        return [(dtype, unknown_shape(len(out)))]
    return [(dtype, TensorShape([sizes.get(c) for c in out]))]


@register_op("Einsum", infer=_einsum_infer)
def _einsum(xp, *inputs, equation, N=None, T=None):  # noqa: N803 - TF's attr names
    try:
        return xp.asarray(xp.einsum(equation, *inputs))
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, f"Einsum {equation!r}: {exc}") from None


@_einsum.gradient
def _einsum_grad(op, grad):
    equation = op._attr("equation")
    inputs = op.inputs
    parsed = _split_equation(equation, [t.shape.ndims for t in inputs])
    if parsed is None:
        raise LookupError("Einsum gradient needs inputs of known rank")
    terms, out = parsed
    return [_einsum_input_grad(grad, out, terms, inputs, k) for k in range(len(inputs))]


def _einsum_input_grad(grad, out, terms, inputs, k):
    """d(einsum)/d(input k): einsum of the output gradient with the other inputs, back to term k.

    Labels summed only within term k come back through a ones tensor; a repeated label (a
    diagonal) through an identity matrix.
    """
    term = terms[k]
    x = inputs[k]
    others = [(terms[i], inputs[i]) for i in range(len(inputs)) if i != k]
    available = set(out).union(*[set(t) for t, _ in others])
    spare = iter(c for c in string.ascii_letters if c not in "".join(terms) + out)
    target, operands, subs = [], [grad], [out]
    for t, v in others:
        operands.append(v)
        subs.append(t)
    seen = {}
    for axis, label in enumerate(term):
        dim = _dim_of(x, axis)
        if label in seen:  # repeated label: a diagonal, restored through an identity
            fresh = next(spare)
            target.append(fresh)
            operands.append(_identity(dim, x.dtype.base_dtype))
            subs.append(seen[label] + fresh)
            continue
        seen[label] = label
        target.append(label)
        if label not in available:
            operands.append(constant_op.ones(array_ops.reshape(dim, [1]), dtype=x.dtype.base_dtype))
            subs.append(label)
            available.add(label)
    eq = ",".join(subs) + "->" + "".join(target)
    return apply1("Einsum", operands, {"equation": eq, "N": len(operands), "T": x.dtype.base_dtype},
                  name="Einsum")



def _identity(dim, dtype):
    """A `dim` x `dim` identity matrix (tf.eye's MatrixDiagV3 of ones: matrix_ops builds on this module)."""
    with op_scope(None, "eye", [dim]):
        ones = constant_op.ones(array_ops.reshape(dim, [1]), dtype=dtype)
        args = [("diagonal", ones, "T"), ("k", 0, dtypes.int32), ("num_rows", -1, dtypes.int32),
                ("num_cols", -1, dtypes.int32), ("padding_value", 0, "T")]
        return apply_gen("MatrixDiagV3", args, {"align": "RIGHT_LEFT"}, name="diag")

def _dim_of(x, axis):
    d = x.shape.as_tuple_or_none()[axis]
    if d is not None:
        return convert_to_tensor(d, dtype=dtypes.int32)
    return array_ops.shape(x)[axis]


def einsum(equation, *inputs, **kwargs):
    """Einstein summation over `inputs` as `equation` says, e.g. 'ij,jk->ik' (tf.einsum).

    Raises:
        ValueError: the equation does not match the inputs' ranks or dimensions.
    """
    name = kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for einsum: {', '.join(kwargs)}")
    with op_scope(name, "einsum", [equation, list(inputs)]):
        tensors = [convert_to_tensor(t) for t in inputs]
        parsed = _split_equation(equation, [t.shape.ndims for t in tensors])
        if "->" not in equation and parsed is not None:
            equation = equation.replace(" ", "") + "->" + parsed[1]
        return apply1("Einsum", tensors, {"equation": equation, "N": len(tensors),
                                          "T": tensors[0].dtype.base_dtype}, name="Einsum")


__all__ = ["einsum", "matmul", "tensordot"]
