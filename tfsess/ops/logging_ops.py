"""Assertions and printing: Assert, the assert_* family, Print and tf.print.

Printing writes to Python's `sys.stderr` (looked up when the op runs), so notebooks show it.
Values are summarised as TF's `Tensor::SummarizeValue` does: Assert and Print use the TF1
flat form (`[1 2 3...]`), tf.print the nested form (`[[1 2] [3 4]]`).
"""
from __future__ import annotations

import sys

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops._infer import no_outputs

_DEFAULT_SUMMARIZE = 3


# ================================================================== value summaries
def _float_str(value, dtype) -> str:
    """TF's FloatToBuffer/DoubleToBuffer: the shortest %g form that reads back exactly."""
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    digits, more = (6, 9) if dtype in (np.float32, np.float16) else (15, 17)
    text = "%.*g" % (digits, value)
    if dtype(float(text)) != value:
        text = "%.*g" % (more, value)
    return text


def _escape(raw: bytes) -> str:
    """absl's Utf8SafeCEscape: printable UTF-8 stays, quotes, backslashes and controls escape."""
    out = []
    for ch in raw.decode("utf-8", errors="surrogateescape"):
        code = ord(ch)
        special = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\"": "\\\"", "'": "\\'", "\\": "\\\\"}
        if ch in special:
            out.append(special[ch])
        elif code < 0x20 or code == 0x7F or 0xDC80 <= code <= 0xDCFF:
            out.append("\\%03o" % (code - 0xDC00 if code >= 0xDC80 else code))
        else:
            out.append(ch)
    return "".join(out)


def _element(value, print_v2=False) -> str:
    if isinstance(value, (bytes, np.bytes_)):
        text = _escape(bytes(value))
        return f'"{text}"' if print_v2 else text
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (np.floating, float)):
        return _float_str(value, type(value) if isinstance(value, np.floating) else np.float64)
    if isinstance(value, (np.complexfloating, complex)):
        kind = np.float32 if isinstance(value, np.complex64) else np.float64
        return f"({_float_str(kind(value.real), kind)},{_float_str(kind(value.imag), kind)})"
    return str(int(value)) if isinstance(value, (np.integer, int)) else str(value)


def summarize_value(value, limit=_DEFAULT_SUMMARIZE) -> str:
    """TF's SummarizeValue(limit, print_v2=false): the first `limit` elements, '...' after."""
    arr = np.asarray(value)
    flat = arr.reshape(-1)
    limit = flat.size if limit is None or limit < 0 else min(int(limit), flat.size)
    if arr.ndim == 0:
        text = " ".join(_element(flat[i]) for i in range(limit))
        return text + ("..." if flat.size > limit else "")
    out, index = [], [0]

    def dim(d):
        if index[0] >= limit:
            return
        if d == arr.ndim - 1:
            for i in range(arr.shape[d]):
                if index[0] >= limit:
                    if d != 0:
                        out.append("...")
                    return
                if i > 0:
                    out.append(" ")
                out.append(_element(flat[index[0]]))
                index[0] += 1
            return
        for _ in range(arr.shape[d]):
            opened = index[0] < limit
            if opened:
                out.append("[")
            dim(d + 1)
            if index[0] < limit or opened:
                out.append("]")

    dim(0)
    return "".join(out) + ("..." if flat.size > limit else "")


def summarize_v2(value, limit=_DEFAULT_SUMMARIZE) -> str:
    """TF's SummarizeValue(limit, print_v2=true): nested brackets, `limit` items at each end."""
    arr = np.asarray(value)
    if arr.ndim == 0:
        return _element(arr[()], print_v2=arr.dtype.kind not in "SO")
    edge = arr.size if limit is None or limit < 0 else int(limit)
    out = []

    def spacing(d):
        if d == arr.ndim - 1:
            out.append(" ")
        else:
            out.append("\n" * (arr.ndim - d - 1) + " " * (d + 1))

    def dim(d, sub):
        if d == arr.ndim:
            out.append(_element(sub[()], print_v2=True))
            return
        out.append("[")
        count = arr.shape[d]
        for i in range(min(edge, count)):
            if i > 0:
                spacing(d)
            dim(d + 1, sub[i])
        if count > 2 * edge:
            spacing(d)
            out.append("...")
        for i in range(max(edge, count - edge), count):
            spacing(d)
            dim(d + 1, sub[i])
        out.append("]")

    dim(0, arr)
    return "".join(out)


def _host(value):
    get = getattr(value, "get", None)  # a CuPy array
    return get() if get is not None and not isinstance(value, np.ndarray) else value


# ================================================================== Assert
@register_op("Assert", infer=no_outputs, stateful=True, gpu=False)
def _assert(xp, condition, *data, summarize=_DEFAULT_SUMMARIZE):
    cond = np.asarray(_host(condition))
    if cond.size != 1 or cond.ndim > 1:
        raise errors.InvalidArgumentError(None, None, f"In[0] should be a scalar: {list(cond.shape)}")
    if not bool(cond.reshape(-1)[0]):
        parts = [f"[{summarize_value(_host(d), summarize)}]" for d in data]
        raise errors.InvalidArgumentError(None, None, "assertion failed: " + " ".join(parts))
    return ()


NotDifferentiable("Assert")


def _bool_condition(condition):
    if condition.dtype.base_dtype != dtypes.bool:
        raise TypeError(f"Input 'condition' of 'Assert' Op has type {condition.dtype.base_dtype.name} that does not "
                        f"match expected type of bool.")
    return condition


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """Fails the run with InvalidArgumentError showing `data` when `condition` is false (tf.Assert).

    Returns:
        The assert Operation (for float data, the Merge op of the cond guarding it, as in TF).
    """
    data = list(data)
    with op_scope(name, "Assert", [condition] + [d for d in data if isinstance(d, Tensor)]):
        xs = [convert_to_tensor(d) for d in data]
        attrs = {"summarize": _DEFAULT_SUMMARIZE if summarize is None else int(summarize),
                 "T": [x.dtype.base_dtype for x in xs]}
        if all(x.dtype.base_dtype in (dtypes.string, dtypes.int32) for x in xs):
            # TF's heuristic: string and int32 data live on the host, so no cond is needed
            condition = _bool_condition(convert_to_tensor(condition))
            return apply_op("Assert", [condition] + xs, attrs, name="Assert")
        from tfsess.ops import control_flow_ops
        condition = _bool_condition(convert_to_tensor(condition, name="Condition"))

        def true_assert():
            return apply_op("Assert", [condition] + xs, attrs, name="Assert")

        guarded = control_flow_ops.cond(condition, control_flow_ops.no_op, true_assert, name="AssertGuard")
        return guarded.op


# ================================================================== the assert_* family
def _static_string(t):
    if not isinstance(t, Tensor):
        return str(t)
    value = constant_value(t)
    return str(value) if value is not None else str(t)


def _assert_static(condition, data):
    if not condition:
        raise errors.InvalidArgumentError(None, None, "\n".join(_static_string(x) for x in data))


def _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name):
    with op_scope(name, opname, [x, y] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y")
        if data is None:
            data = [f"Condition x {sym} y did not hold element-wise:", f"x ({x.name}) = ", x,
                    f"y ({y.name}) = ", y]
        if message is not None:
            data = [message] + list(data)
        from tfsess.ops import math_ops
        condition = math_ops.reduce_all(op_func(x, y))
        x_static, y_static = constant_value(x), constant_value(y)
        if x_static is not None and y_static is not None:
            _assert_static(bool(np.all(static_func(x_static, y_static))), data)
        return Assert(condition, data, summarize=summarize)


def _math(name):
    def call(x, y):
        from tfsess.ops import math_ops
        return getattr(math_ops, name)(x, y)
    return call


def assert_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x == y elementwise (tf.assert_equal); a static failure raises now.

    Raises:
        errors.InvalidArgumentError: when x and y are constants that differ.
    """
    if x is y and isinstance(x, Tensor):
        with op_scope(name, "assert_equal", [x]):
            from tfsess.ops import control_flow_ops
            return control_flow_ops.no_op()
    return _binary_assert("==", "assert_equal", _math("equal"), np.equal, x, y, data, summarize, message, name)


def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run if any x == y elementwise (tf.assert_none_equal)."""
    return _binary_assert("!=", "assert_none_equal", _math("not_equal"), np.not_equal, x, y, data, summarize,
                          message, name)


def assert_less(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x < y elementwise (tf.assert_less)."""
    return _binary_assert("<", "assert_less", _math("less"), np.less, x, y, data, summarize, message, name)


def assert_less_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x <= y elementwise (tf.assert_less_equal)."""
    return _binary_assert("<=", "assert_less_equal", _math("less_equal"), np.less_equal, x, y, data,
                          summarize, message, name)


def assert_greater(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x > y elementwise (tf.assert_greater)."""
    return _binary_assert(">", "assert_greater", _math("greater"), np.greater, x, y, data, summarize,
                          message, name)


def assert_greater_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x >= y elementwise (tf.assert_greater_equal)."""
    return _binary_assert(">=", "assert_greater_equal", _math("greater_equal"), np.greater_equal, x, y, data,
                          summarize, message, name)


def _unary_assert(sym, opname, compare, zero_first, x, data, summarize, message, name):
    message = message or ""
    with op_scope(name, opname, [x] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        if data is None:
            data = [message, f"Condition x {sym} did not hold element-wise:", f"x ({x.name}) = ", x]
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype)
        a, b = (zero, x) if zero_first else (x, zero)
        return compare(a, b, data=data, summarize=summarize)


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x < 0 elementwise (tf.assert_negative)."""
    return _unary_assert("< 0", "assert_negative", assert_less, False, x, data, summarize, message, name)


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x > 0 elementwise (tf.assert_positive)."""
    return _unary_assert("> 0", "assert_positive", assert_less, True, x, data, summarize, message, name)


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x >= 0 elementwise (tf.assert_non_negative)."""
    return _unary_assert(">= 0", "assert_non_negative", assert_less_equal, True, x, data, summarize, message,
                         name)


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x <= 0 elementwise (tf.assert_non_positive)."""
    return _unary_assert("<= 0", "assert_non_positive", assert_less_equal, False, x, data, summarize, message,
                         name)


def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless |x - y| <= atol + rtol * |y| elementwise (tf.assert_near)."""
    from tfsess.ops import math_ops
    message = message or ""
    with op_scope(name, "assert_near", [x, y]):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        dtype = x.dtype.base_dtype.real_dtype
        eps = np.finfo(dtype.as_numpy_dtype).eps
        rtol = convert_to_tensor(10 * eps if rtol is None else rtol, name="rtol", dtype=dtype)
        atol = convert_to_tensor(10 * eps if atol is None else atol, name="atol", dtype=dtype)
        if data is None:
            data = [message, f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
                    f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
        tol = atol + rtol * math_ops.abs(y)
        diff = math_ops.abs(x - y)
        condition = math_ops.reduce_all(math_ops.less_equal(diff, tol))
        return Assert(condition, data, summarize=summarize)


def _rank_assert(x, rank, data, summarize, message, name, opname, static_ok, dynamic, phrase):
    from tfsess.ops import array_ops, control_flow_ops
    with op_scope(name, opname, [x, rank] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        rank = convert_to_tensor(rank, name="rank")
        message = message or ""
        if data is None:
            data = [message, f"Tensor {x.name} must have {phrase}", rank, "Received shape: ", array_ops.shape(x)]
        assert_type(rank, dtypes.int32)
        rank_static = constant_value(rank)
        if rank_static is not None:
            if np.ndim(rank_static) != 0:
                raise ValueError("Rank must be a scalar.")
            if x.shape.ndims is not None:
                if not static_ok(x.shape.ndims, int(rank_static)):
                    raise ValueError(f"{message}.  Tensor {x.name} must have {phrase} {int(rank_static)}.  "
                                     f"Received rank {x.shape.ndims}, shape {x.shape}")
                return control_flow_ops.no_op(name="static_checks_determined_all_ok")
        condition = dynamic(array_ops.rank(x), rank)
        return Assert(condition, data, summarize=summarize)


def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """Asserts `x` has rank `rank`; a static mismatch raises ValueError now (tf.assert_rank)."""
    return _rank_assert(x, rank, data, summarize, message, name, "assert_rank", lambda a, r: a == r,
                        _math("equal"), "rank")


def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    """Asserts `x` has rank `rank` or more (tf.assert_rank_at_least)."""
    return _rank_assert(x, rank, data, summarize, message, name, "assert_rank_at_least", lambda a, r: a >= r,
                        _math("greater_equal"), "rank at least")


def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    """Asserts the rank of `x` is one of `ranks` (tf.assert_rank_in)."""
    from tfsess.ops import array_ops, control_flow_ops, math_ops
    with op_scope(name, "assert_rank_in", [x]):
        x = convert_to_tensor(x, name="x")
        ranks = [convert_to_tensor(r, name="ranks") for r in ranks]
        message = message or ""
        statics = [constant_value(r) for r in ranks]
        if x.shape.ndims is not None and all(s is not None for s in statics):
            if x.shape.ndims not in [int(s) for s in statics]:
                raise ValueError(f"{message}.  Tensor {x.name} must have rank in {[int(s) for s in statics]}.  "
                                 f"Received rank {x.shape.ndims}, shape {x.shape}")
            return control_flow_ops.no_op(name="static_checks_determined_all_ok")
        if data is None:
            data = [message, f"Tensor {x.name} must have rank in"] + ranks + ["Received shape: ",
                                                                             array_ops.shape(x)]
        actual = array_ops.rank(x)
        condition = math_ops.equal(ranks[0], actual)
        for r in ranks[1:]:
            condition = math_ops.logical_or(condition, math_ops.equal(r, actual))
        return Assert(condition, data, summarize=summarize)


def assert_scalar(tensor, name=None, message=None):
    """Returns `tensor` after checking statically that it is a scalar (tf.assert_scalar)."""
    with op_scope(name, "assert_scalar", [tensor]):
        tensor = convert_to_tensor(tensor, name="tensor")
        shape = tensor.shape
        prefix = f"{message}  " if message else ""
        if shape.ndims != 0:
            if shape.ndims is None:
                raise ValueError(f"{prefix}Expected scalar shape, saw unknown shape.")
            raise ValueError(f"{prefix}Expected scalar shape for {tensor.name}, saw shape: {shape}.")
        return tensor


def assert_type(tensor, tf_type, message=None, name=None):
    """Checks statically that `tensor` has dtype `tf_type`; returns a no-op (tf.assert_type)."""
    tf_type = dtypes.as_dtype(tf_type)
    with op_scope(name, "assert_type", [tensor]):
        if not isinstance(tensor, SparseTensor):
            tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype.base_dtype != tf_type:
            prefix = f"{message} " if message else ""
            raise TypeError(f"{prefix}{getattr(tensor, 'name', tensor)} must be of type {tf_type!r}; "
                            f"got {tensor.dtype.base_dtype!r}")
        from tfsess.ops import control_flow_ops
        return control_flow_ops.no_op("statically_determined_correct_type")


def assert_integer(x, message=None, name=None):
    """Checks statically that `x` has an integer dtype (tf.assert_integer)."""
    with op_scope(name, "assert_integer", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.base_dtype.is_integer:
            prefix = f"{message} " if message else ""
            raise TypeError(f"{prefix}Expected \"x\" to be integer type.  Found: {x.name} of dtype "
                            f"{x.dtype.base_dtype!r}")
        from tfsess.ops import control_flow_ops
        return control_flow_ops.no_op("statically_determined_was_integer")


def assert_same_float_dtype(tensors=None, dtype=None):
    """The float dtype shared by `tensors` (and `dtype`); ValueError on a mismatch."""
    found = dtypes.as_dtype(dtype) if dtype is not None else None
    if found is not None and not found.is_floating:
        raise ValueError(f"Expected floating point type, got {found}.")
    for t in tensors or ():
        t_dtype = t.dtype.base_dtype
        if found is None:
            found = t_dtype
        elif t_dtype != found:
            raise ValueError(f"{getattr(t, 'name', t)}, type={t_dtype} is not compatible with {found}.")
    if found is None:
        return dtypes.float32
    if not found.is_floating:
        raise ValueError(f"Expected floating point type, got {found}.")
    return found


def assert_proper_iterable(values):
    """Raises TypeError when `values` is a Tensor, array, string or not iterable."""
    if isinstance(values, (Tensor, SparseTensor, np.ndarray, bytes, str)):
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  Found: {type(values)}')
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')


def is_numeric_tensor(tensor):
    """Whether `tensor` is a Tensor of a numeric dtype (tf.is_numeric_tensor)."""
    numeric = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16, dtypes.int32,
               dtypes.int64, dtypes.uint8, dtypes.complex64, dtypes.complex128)
    return isinstance(tensor, Tensor) and tensor.dtype.base_dtype in numeric


def _monotonic(x, name, default, strict):
    from tfsess.ops import array_ops, math_ops
    with op_scope(name, default, [x]):
        x = convert_to_tensor(x, name="x")
        flat = array_ops.reshape(x, [-1])
        diff = flat[1:] - flat[:-1]
        zero = convert_to_tensor(0, dtype=diff.dtype.base_dtype)
        test = math_ops.greater(diff, zero) if strict else math_ops.greater_equal(diff, zero)
        return math_ops.reduce_all(test)


def is_non_decreasing(x, name=None):
    """Whether the flattened `x` never decreases (tf.is_non_decreasing)."""
    return _monotonic(x, name, "is_non_decreasing", strict=False)


def is_strictly_increasing(x, name=None):
    """Whether the flattened `x` strictly increases (tf.is_strictly_increasing)."""
    return _monotonic(x, name, "is_strictly_increasing", strict=True)


# ================================================================== Print and tf.print
def _print_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


@register_op("Print", infer=_print_infer, stateful=True, needs_ctx=True, gpu=False)
def _print(xp, value, *data, ctx, message="", first_n=-1, summarize=_DEFAULT_SUMMARIZE):
    if first_n >= 0:
        counter = ctx.resources.get_or_create(f"_print_count:{ctx.op.name}", lambda: [0])
        if counter[0] >= first_n:
            return value
        counter[0] += 1
    text = message + "".join(f"[{summarize_value(_host(d), summarize)}]" for d in data)
    stream = sys.stderr
    stream.write(text + "\n")
    stream.flush()
    return value



@_print.gradient
def _print_grad(op, grad):
    return [grad] + [None] * (len(op.inputs) - 1)


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802 - TF's name
    """Passes `input_` through, printing `message` and `data` to stderr when run (tf.Print).

    Args:
        input_: the tensor passed through.
        data: tensors to print.
        message: a prefix string.
        first_n: print only the first `first_n` times the op runs (per session).
        summarize: how many entries of each tensor to print (3).
    """
    x = convert_to_tensor(input_)
    xs = [convert_to_tensor(d) for d in data]
    attrs = {"message": "" if message is None else str(message), "first_n": -1 if first_n is None else int(first_n),
             "summarize": _DEFAULT_SUMMARIZE if summarize is None else int(summarize),
             "U": [t.dtype.base_dtype for t in xs]}
    return apply1("Print", [x] + xs, attrs, name=name or "Print")


@register_op("PrintV2", infer=no_outputs, stateful=True, gpu=False)
def _print_v2(xp, *tensors, template, summarize=_DEFAULT_SUMMARIZE, output_stream="stderr", end="\n"):
    pieces = iter(summarize_v2(_host(t), summarize) for t in tensors)
    text = "".join(part if part is not None else next(pieces) for part in template)
    stream = {"stderr": sys.stderr, "stdout": sys.stdout}.get(output_stream)
    if stream is None:
        stream = sys.stderr
    stream.write(text + end)
    stream.flush()
    return ()


NotDifferentiable("PrintV2")


def print_v2(*inputs, output_stream=sys.stderr, summarize=_DEFAULT_SUMMARIZE, sep=" ", end="\n", name=None):
    """Prints `inputs` (tensors and Python values) when the returned op runs (tf.print)."""
    template, tensors = [], []
    for i, item in enumerate(inputs):
        if i:
            template.append(sep)
        if isinstance(item, (Tensor, SparseTensor)) or (hasattr(item, "dtype") and hasattr(item, "op")):
            if isinstance(item, SparseTensor):
                template += ["'SparseTensor(indices=", None, ", values=", None, ", shape=", None, ")'"]
                tensors += [item.indices, item.values, item.dense_shape]
            else:
                template.append(None)
                tensors.append(convert_to_tensor(item))
        else:
            template.append(str(item))
    stream = output_stream
    if stream is sys.stdout:
        stream = "stdout"
    elif not isinstance(stream, str):
        stream = "stderr"
    attrs = {"template": template, "summarize": -1 if summarize is None else int(summarize),
             "output_stream": stream, "end": end}
    return apply_op("PrintV2", tensors, attrs, name=name or "PrintV2")


__all__ = [
    "Assert",
    "Print",
    "assert_equal",
    "assert_greater",
    "assert_greater_equal",
    "assert_integer",
    "assert_less",
    "assert_less_equal",
    "assert_near",
    "assert_negative",
    "assert_non_negative",
    "assert_non_positive",
    "assert_none_equal",
    "assert_positive",
    "assert_proper_iterable",
    "assert_rank",
    "assert_rank_at_least",
    "assert_rank_in",
    "assert_same_float_dtype",
    "assert_scalar",
    "assert_type",
    "is_non_decreasing",
    "is_numeric_tensor",
    "is_strictly_increasing",
    "print_v2",
]
