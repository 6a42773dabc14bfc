"""Shared shape/dtype inference rules for op declarations, and build-time constant folding.

Inference rules take `(inputs: list[Tensor], attrs: dict)` and return `[(DType, shape), ...]`.
They raise ValueError for static shape mismatches and TypeError for dtype mismatches, as TF's
C++ shape functions and Python op-def library do when a graph is built.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import CONSTANT_VALUE_RULES, apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import Dimension, TensorShape, unknown_shape

# ------------------------------------------------------------------ dtype groups (TF's type lists)
FLOAT = (dtypes.float16, dtypes.float32, dtypes.float64)
COMPLEX = (dtypes.complex64, dtypes.complex128)
SIGNED = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64)
UNSIGNED = (dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64)
INTEGER = SIGNED + UNSIGNED
REAL = FLOAT + INTEGER
NUMBER = REAL + COMPLEX
FLOAT_COMPLEX = FLOAT + COMPLEX
INDEX = (dtypes.int32, dtypes.int64)
ANY = None
IDX = ("Tidx", dtypes.int32)        # index-typed inputs (int32 unless given int64)


def index_attr(name, default=dtypes.int32):
    """An apply_gen rule for an index-typed input whose type attr is `name` (int32 by default)."""
    return (name, default)


def check_dtype(tensor, allowed, param="x"):
    """The base dtype of `tensor`; TypeError (TF's text) when it is not in `allowed`."""
    dtype = tensor.dtype.base_dtype
    if allowed is not None and dtype not in allowed:
        names = ", ".join(a.name for a in allowed)
        raise TypeError(f"Value passed to parameter '{param}' has DataType {dtype.name} not in list of "
                        f"allowed values: {names}")
    return dtype


def check_same_dtype(inputs, op_type, names=("x", "y")):
    """The shared base dtype of `inputs`; TypeError naming both arguments otherwise."""
    first = inputs[0].dtype.base_dtype
    for i, t in enumerate(inputs[1:], 1):
        if t.dtype.base_dtype != first:
            this = names[i] if i < len(names) else f"input_{i}"
            raise TypeError(f"Input '{this}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does "
                            f"not match type {first.name} of argument '{names[0]}'.")
    return first


# ------------------------------------------------------------------ kernel helpers
def host(value, dtype=None) -> np.ndarray:
    """A kernel input as a NumPy array on the host: CuPy arrays are copied back. For the small
    shape, axis and index inputs that kernels read as Python numbers."""
    get = getattr(value, "get", None)
    if get is not None and not isinstance(value, (np.ndarray, np.generic)):
        value = get()
    return np.asarray(value, dtype=dtype)


# ------------------------------------------------------------------ simple rules
def same_as_input(index=0):
    """Output 0 has input `index`'s dtype (base) and shape."""
    def infer(inputs, attrs):
        t = inputs[index]
        return [(t.dtype.base_dtype, t.shape)]
    return infer


def unary(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


def unary_op(allowed=ANY, out_dtype=None, param="x"):
    """Elementwise unary op over `allowed` dtypes; output dtype is the input's or `out_dtype`."""
    def infer(inputs, attrs):
        dtype = check_dtype(inputs[0], allowed, param)
        out = out_dtype(dtype) if callable(out_dtype) else out_dtype
        return [(out or dtype, inputs[0].shape)]
    return infer


def no_outputs(inputs, attrs):
    return []


def from_attrs(dtype_attr="dtype", shape_attr="shape"):
    def infer(inputs, attrs):
        shape = attrs.get(shape_attr)
        return [(attrs[dtype_attr], TensorShape(shape) if shape is not None else unknown_shape())]
    return infer


def scalar_of(dtype):
    return lambda inputs, attrs: [(dtype, TensorShape([]))]


# ------------------------------------------------------------------ broadcasting
def broadcast_shapes(a: TensorShape, b: TensorShape, op_name="") -> TensorShape:
    """NumPy broadcasting over partially known shapes; raises ValueError on a static mismatch."""
    if a.ndims is None or b.ndims is None:
        return unknown_shape()
    da, db = a.as_tuple_or_none(), b.as_tuple_or_none()
    n = max(len(da), len(db))
    da = (1,) * (n - len(da)) + da
    db = (1,) * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None or y is None:
            out.append(x if y is None else y)
        elif x == y:
            out.append(x)
        else:
            raise ValueError(f"Dimensions must be equal, but are {x} and {y} for '{op_name}' "
                             f"with input shapes: {fmt_shape(a)}, {fmt_shape(b)}.")
    return TensorShape(out)


def fmt_shape(shape: TensorShape) -> str:
    """A shape as TF's shape-function messages print it: [2,?,3] or ?."""
    if shape.ndims is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_tuple_or_none()) + "]"


def binary(op_type, allowed=ANY, out_dtype=None):
    """Broadcasting binary op: inputs share a dtype in `allowed`; output dtype theirs or `out_dtype`."""
    def infer(inputs, attrs):
        check_dtype(inputs[0], allowed, "x")
        dtype = check_same_dtype(inputs, op_type)
        shape = broadcast_shapes(inputs[0].shape, inputs[1].shape, op_type)
        return [(out_dtype or dtype, shape)]
    return infer


def nary_same(op_type, allowed=ANY):
    """N inputs of one dtype and mergeable shapes (AddN)."""
    def infer(inputs, attrs):
        check_dtype(inputs[0], allowed, "inputs")
        dtype = check_same_dtype(inputs, op_type, names=[f"inputs_{i}" for i in range(len(inputs))])
        shape = inputs[0].shape
        for t in inputs[1:]:
            if not shape.is_compatible_with(t.shape):
                raise ValueError(f"Shapes must be equal rank, but are {t.shape.ndims} and {shape.ndims} for "
                                 f"'{op_type}' with input shapes: {', '.join(fmt_shape(x.shape) for x in inputs)}."
                                 if shape.ndims != t.shape.ndims else
                                 f"Dimensions must be equal for '{op_type}' with input shapes: "
                                 f"{', '.join(fmt_shape(x.shape) for x in inputs)}.")
            shape = shape.merge_with(t.shape)
        return [(dtype, shape)]
    return infer


def dim(value):
    return Dimension(value)


def canonical_axis(axis: int, rank: int, op_type: str, what="axis") -> int:
    """`axis` in [-rank, rank) as a non-negative index; ValueError otherwise."""
    if not -rank <= axis < rank:
        raise ValueError(f"{what} {axis} is out of bounds for '{op_type}': must be in range "
                         f"[{-rank}, {rank}).")
    return axis % rank if rank else 0


# ------------------------------------------------------------------ partial shapes from tensors
def partial_shape(tensor):
    """The shape a 1-D shape-valued `tensor` denotes: list of int/None, or None if its length is unknown.

    Sees through what TF's shape refiner sees through: constants (-1 is unknown), Shape, Pack of
    scalars, ConcatV2 of shape vectors, Cast, and slices of these.
    """
    value = constant_value(tensor)
    if value is not None:
        flat = np.asarray(value).reshape(-1)
        return [int(v) if v >= 0 else None for v in flat]
    rule = PARTIAL_SHAPE_RULES.get(tensor.op.type)
    if rule is not None:
        dims = rule(tensor)
        if dims is not None:
            return dims
    shape = tensor.shape
    if shape.ndims == 1 and shape[0].value is not None:
        return [None] * shape[0].value
    if shape.ndims == 0:
        return []  # a scalar shape tensor: treated as rank 0 only where TF allows it
    return None


def shape_from_tensor(tensor) -> TensorShape:
    dims = partial_shape(tensor)
    return unknown_shape() if dims is None else TensorShape(dims)


def _shape_partial(t):
    shape = t.op.inputs[0].shape
    return None if shape.ndims is None else list(shape.as_tuple_or_none())


def _pack_partial(t):
    if t.op.get_attr("axis") != 0:
        return None
    out = []
    for x in t.op.inputs:
        v = constant_value(x)
        out.append(int(v) if v is not None and np.ndim(v) == 0 and int(v) >= 0 else None)
    return out


def _concat_partial(t):
    out = []
    for x in t.op.inputs[:-1]:
        dims = partial_shape(x)
        if dims is None:
            return None
        out.extend(dims)
    return out


def _cast_partial(t):
    return partial_shape(t.op.inputs[0])


PARTIAL_SHAPE_RULES = {"Shape": _shape_partial, "Pack": _pack_partial, "ConcatV2": _concat_partial,
                       "Cast": _cast_partial, "Identity": _cast_partial}


# ------------------------------------------------------------------ TF's generated op wrappers
def apply_gen(op_type, args, attrs=None, name=None, outputs=False):
    """Builds `op_type` as TF's generated wrappers do (gen_*_ops.py).

    Opens a name scope named `name` or `op_type`; converts each `(param, value, rule)` in `args`
    to a tensor there (a Python value becomes a Const named `param`), and names the op after the
    scope. `rule` is None (any dtype), a DType (exactly that), or a type-attr name such as "T":
    every input sharing it takes the dtype of the first, and a mismatch is a TypeError naming both.
    A `(attr, default)` pair is a type attr with a default dtype, preferred when converting Python
    values (TF's Tidx/Tshape, int32: so `[]` becomes an empty int32 vector).
    Returns the op's only output (or the Operation when `outputs` is True).
    """
    values = [v for _, v, _ in args]
    with op_scope(name, op_type, values) as scope:
        tensors, inferred = [], {}
        for param, value, rule in args:
            tensors.append(_convert_arg(op_type, param, value, rule, inferred))
        op = apply_op(op_type, tensors, attrs, name=scope)
    return op if outputs else op.outputs[0]


def _convert_arg(op_type, param, value, rule, inferred):
    if rule is None:
        return convert_to_tensor(value, name=param)
    if isinstance(rule, dtypes.DType):
        return _convert_typed(op_type, param, value, rule, None)
    attr, default = rule if isinstance(rule, tuple) else (rule, None)
    if attr in inferred:
        first_param, dtype = inferred[attr]
        return _convert_typed(op_type, param, value, dtype, first_param)
    t = convert_to_tensor(value, name=param, preferred_dtype=default)
    inferred[attr] = (param, t.dtype.base_dtype)
    return t


def _convert_typed(op_type, param, value, dtype, first_param):
    if isinstance(value, Tensor):
        if value.dtype.base_dtype != dtype:
            against = f"type {dtype.name} of argument '{first_param}'" if first_param else \
                f"expected type of {dtype.name}"
            raise TypeError(f"Input '{param}' of '{op_type}' Op has type {value.dtype.base_dtype.name} that "
                            f"does not match {against}.")
        return value
    try:
        return convert_to_tensor(value, dtype=dtype, name=param)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"Expected {dtype.name} passed to parameter '{param}' of op '{op_type}', got "
                        f"{value!r} of type '{type(value).__name__}' instead. Error: {exc}") from None


# ------------------------------------------------------------------ build-time constant folding
_FOLD_LIMIT = 1000  # elements; TF's shape refiner also folds only small constant subgraphs


def foldable(*op_types):
    """Registers constant_value rules that run the op's own kernel on its constant inputs."""
    for op_type in op_types:
        CONSTANT_VALUE_RULES[op_type] = _fold


def _fold(tensor):
    op = tensor.op
    cache = op.__dict__.setdefault("_folded_values", {})
    if "v" in cache:
        return cache["v"][tensor.value_index]
    if cache.get("failed_at") == op.graph.version:  # nothing changed since the last try
        return None
    cache["failed_at"] = op.graph.version
    if any((t.shape.num_elements() or 0) > _FOLD_LIMIT for t in op.outputs):
        return None  # statically too big to fold (a long Range, a large Tile)
    args = []
    for t in op.inputs:
        v = constant_value(t)
        if v is None or np.size(v) > _FOLD_LIMIT:
            return None
        args.append(np.asarray(v) if not isinstance(v, np.ndarray) else v)
    from tfsess.runtime.executor import kernel_attrs
    kernel = op._opdef.kernel
    try:
        with np.errstate(all="ignore"):
            out = kernel(np, *args, **kernel_attrs(kernel, op._attrs))
    except Exception:  # a value that fails at run time is simply not known statically
        return None
    values = list(out) if len(op.outputs) != 1 else [out]
    values = [np.asarray(v) for v in values]
    if any(v.size > _FOLD_LIMIT for v in values):
        return None
    for v in values:
        v.flags.writeable = False
    cache["v"] = values
    return values[tensor.value_index]


__all__ = ["same_as_input", "unary", "unary_op", "no_outputs", "from_attrs", "broadcast_shapes", "binary",
           "nary_same", "check_same_dtype", "check_dtype", "dtypes", "partial_shape", "shape_from_tensor",
           "foldable", "canonical_axis", "fmt_shape", "scalar_of", "apply_gen", "IDX", "host", "index_attr"]
