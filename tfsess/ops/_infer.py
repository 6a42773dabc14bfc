"""The kit every op family shares: shape/dtype inference rules, kernel helpers (host copies, quiet
NumPy, ufuncs writing into a dying input's buffer), TF's generated-wrapper conventions (apply_gen),
gradient helpers and build-time constant folding.

Inference rules take `(inputs: list[Tensor], attrs: dict)` and return `[(DType, shape), ...]`.
They raise ValueError for static shape mismatches and TypeError for dtype mismatches, as TF's
C++ shape functions and Python op-def library do when a graph is built.
"""
from __future__ import annotations

import functools

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op, set_op_fields
from tfsess.framework.tensor_util import constant_value, partial_shape, shape_from_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import Dimension, TensorShape, unknown_shape
from tfsess.lib import extremum, pool_loops
from tfsess.lib.xp import to_host
from tfsess.runtime.thread_pools import loop_workers

# ------------------------------------------------------------------ dtype groups (TF's type lists)
FLOAT = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.bfloat16)
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


# TF's realnumbertype lists its types in this order in error messages
_REAL_AS_TF_LISTS_IT = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.uint8, dtypes.int16, dtypes.int8,
                        dtypes.int64, dtypes.bfloat16, dtypes.uint16, dtypes.float16, dtypes.uint32, dtypes.uint64)


def check_dtype(tensor, allowed, param="x"):
    """The base dtype of `tensor`; TypeError (TF's text) when it is not in `allowed`."""
    dtype = tensor.dtype.base_dtype
    if allowed is not None and dtype not in allowed:
        listed = _REAL_AS_TF_LISTS_IT if set(allowed) == set(_REAL_AS_TF_LISTS_IT) else allowed
        names = ", ".join(a.name for a in listed)
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
    return np.asarray(to_host(value), dtype=dtype)


def dims_of(value):
    """A shape-valued kernel input as a tuple of Python ints (int64-safe), or None if a dim is negative."""
    dims = tuple(int(d) for d in host(value).reshape(-1))
    return None if any(d < 0 for d in dims) else dims


def output_of_shape_input(index=0):
    """OpDef.output_shapes of an op whose one output has the shape its input `index` holds (Fill, random ops)."""
    def output_shapes(*inputs, **_attrs):
        return [dims_of(inputs[index])]
    return output_shapes


def quiet(fn):
    """Runs a NumPy kernel with floating-point warnings off: TF returns inf/nan silently."""
    @functools.wraps(fn)
    def kernel(xp, *args, **attrs):
        with np.errstate(all="ignore"):
            return fn(xp, *args, **attrs)
    return kernel


def binary_ufunc(xp, name, x, y, out):
    """A binary ufunc, written into `out` (a dying input's buffer) when the executor offers one."""
    if name == "add" and type(y) is np.ndarray and y.ndim == 1 and type(x) is np.ndarray and x.ndim >= 2:
        # a bias added to a batch: one compiled pass over the batch split, the same bits
        total = pool_loops.bias_add(x, y, out, loop_workers())
        if total is not None:
            return total
    if name in ("maximum", "minimum") and xp is np:
        ufunc = getattr(np, name)
        fast = (extremum.with_scalar(ufunc, x, y, out) if np.ndim(y) == 0 else
                extremum.with_scalar(ufunc, y, x, out, scalar_first=True) if np.ndim(x) == 0 else None)
        if fast is not None:
            return fast
    return getattr(xp, name)(x, y) if out is None else getattr(xp, name)(x, y, out=out)


def register_unary(op_type, allowed, fn, out_dtype=None, ufunc=None, **options):
    """Declares a one-input elementwise op whose kernel is `fn(xp, x)`.

    With `ufunc` (a NumPy/CuPy ufunc name) the kernel may also write into a dying input's
    buffer (`out=`), which keeps long elementwise chains at about two live buffers.
    """
    if ufunc is not None:
        def fn(xp, x, out=None):
            return getattr(xp, ufunc)(x) if out is None else getattr(xp, ufunc)(x, out=out)
    out_arg = ufunc is not None or options.pop("out_arg", False)  # a hand-written kernel may take `out=` too
    return register_op(op_type, infer=unary_op(allowed, out_dtype), elementwise=True,
                       out_arg=out_arg, ufunc=ufunc or "", **options)(quiet(fn))


# ------------------------------------------------------------------ gradient helpers
def dense_grad(fn):
    """Hands `fn` dense gradients: an IndexedSlices (a gather's gradient) becomes a Tensor first."""
    @functools.wraps(fn)
    def wrapped(op, *grads):
        return fn(op, *[g if g is None or isinstance(g, Tensor) else convert_to_tensor(g) for g in grads])
    return wrapped


# ------------------------------------------------------------------ wrapper arguments
def renamed_arg(new_name, new_value, old_name, old_value):
    """The value of an argument TF renamed: the old keyword's if given (not both)."""
    if old_value is not None:
        if new_value is not None:
            raise ValueError(f"Cannot specify both '{old_name}' and '{new_name}'.")
        return old_value
    return new_value


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


def check_rank(t, rank, op_type, what, at_least=False):
    """TF's shape-function rank check: ValueError when `t`'s known rank is not (at least) `rank`."""
    n = t.shape.ndims
    if n is not None and (n < rank if at_least else n != rank):
        bound = "at least rank" if at_least else "rank"
        raise ValueError(f"Shape must be {bound} {rank} but is rank {n} for '{op_type}' ({what})")


def canonical_axis(axis: int, rank: int, op_type: str, what="axis") -> int:
    """`axis` in [-rank, rank) as a non-negative index; ValueError otherwise."""
    if not -rank <= axis < rank:
        raise ValueError(f"{what} {axis} is out of bounds for '{op_type}': must be in range "
                         f"[{-rank}, {rank}).")
    return axis % rank if rank else 0


# ------------------------------------------------------------------ partial-shape rules (OpDef.partial_shape)
def shape_partial(t):
    shape = t.op.inputs[0].shape
    return None if shape.ndims is None else list(shape.as_tuple_or_none())


def pack_partial(t):
    if t.op.get_attr("axis") != 0:
        return None
    out = []
    for x in t.op.inputs:
        v = constant_value(x)
        out.append(int(v) if v is not None and np.ndim(v) == 0 and int(v) >= 0 else None)
    return out


def concat_partial(t):
    out = []
    for x in t.op.inputs[:-1]:
        dims = partial_shape(x)
        if dims is None:
            return None
        out.extend(dims)
    return out


def same_partial(t):
    return partial_shape(t.op.inputs[0])


# ------------------------------------------------------------------ constant-value rules (OpDef.constant_value)
def shape_dim_value(t, index):
    """The known dimension `index` of x when `t` picks it out of `tf.shape(x)`, else None.

    TF's shape refiner sees through `tf.shape(x)[i]` and `tf.unstack(tf.shape(x))[i]` even when
    other dimensions of x are unknown, so e.g. TopKV2's k or Fill's dims become known.
    """
    source = t.op.inputs[0]
    if index is None or source.op.type != "Shape" or source.op.inputs[0].shape.ndims is None:
        return None
    dims = source.op.inputs[0].shape.as_tuple_or_none()
    if not -len(dims) <= index < len(dims) or dims[index] is None:
        return None
    return np.asarray(dims[index], dtype=t.dtype.as_numpy_dtype)




# ------------------------------------------------------------------ TF's generated op wrappers
def gen1(op_type, x, name):
    """A one-input generated op (input `x`, any dtype)."""
    return apply_gen(op_type, [("x", x, None)], name=name)


def gen2(op_type, x, y, name):
    """A two-input generated op with one type attr T (x's dtype)."""
    return apply_gen(op_type, [("x", x, "T"), ("y", y, "T")], name=name)


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
    t = convert_to_tensor(value, name=param, preferred_dtype=_wide_enough(value, default))
    inferred[attr] = (param, t.dtype.base_dtype)
    return t


def _wide_enough(value, default):
    """TF's int64-if-needed for shape values: Python ints past int32's range take int64, never wrap."""
    if default != dtypes.int32 or not isinstance(value, (int, np.integer, list, tuple, np.ndarray)):
        return default
    try:
        array = np.asarray(value)
    except (TypeError, ValueError, OverflowError, NotImplementedError):  # a list holding tensors
        return default
    if array.dtype == object:  # ints past int64 (or tensors): conversion reports them
        return default
    if array.dtype.kind in "iu" and array.size and (array.max() > 2**31 - 1 or array.min() < -2**31):
        return dtypes.int64
    return default


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
def foldable(*op_types):
    """Marks ops whose build-time value is their own kernel run on constant inputs (OpDef.foldable)."""
    for op_type in op_types:
        set_op_fields(op_type, foldable=True)


__all__ = [
    "same_as_input", "unary", "unary_op", "no_outputs", "from_attrs", "broadcast_shapes", "binary",
    "nary_same", "check_same_dtype", "check_dtype", "shape_partial", "pack_partial", "concat_partial",
    "same_partial", "foldable", "dims_of", "output_of_shape_input", "check_rank", "canonical_axis", "fmt_shape", "scalar_of", "apply_gen", "IDX", "host",
    "index_attr", "quiet", "binary_ufunc", "register_unary", "dense_grad", "renamed_arg", "gen1", "gen2",
]
