"""py_func: a Python function as a graph op (tf.py_func, tf.numpy_function).

The function receives NumPy arrays (strings as bytes) and must return arrays of exactly the
declared dtypes, as in TF: returning a Python float for a float32 output is an
InvalidArgumentError. Exceptions raised by the function become TF's error classes.
"""
from __future__ import annotations

import itertools
import traceback

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import unknown_shape
from tfsess.lib.xp import to_host

_tokens = itertools.count()

# Python exception -> the OpError class TF's py_func kernel reports it as
_ERROR_CLASSES = (
    ((ValueError, TypeError), errors.InvalidArgumentError),
    (StopIteration, errors.OutOfRangeError),
    (MemoryError, errors.ResourceExhaustedError),
    (NotImplementedError, errors.UnimplementedError),
)


def op_error_for(exc):
    """The OpError TF's py_func kernel reports a Python exception `exc` as, with its class name, message and
    traceback in the message."""
    op_error = next((e for klass, e in _ERROR_CLASSES if isinstance(exc, klass)), errors.UnknownError)
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return op_error(None, None, f"{type(exc).__name__}: {exc}\n{detail}")


def _py_func_infer(inputs, attrs):
    return [(dtype, unknown_shape()) for dtype in attrs["Tout"]]


def _convert(value):
    """TF's FuncRegistry._convert: an ndarray; text becomes bytes objects."""
    result = np.asarray(value, order="C")
    if result.dtype.char == "S" and result is not value:
        return np.asarray(value, order="C", dtype=object)
    if result.dtype.char == "U" and result is value:  # an ndarray of str: NumPy's bytes cast, ASCII only
        try:
            return result.astype(np.bytes_)
        except UnicodeEncodeError as exc:
            raise errors.InvalidArgumentError(None, None, f"UnicodeEncodeError: {exc}") from None
    if result.dtype.char == "U":  # str built into an array here: UTF-8
        encoded = np.vectorize(lambda x: x.encode("utf8"), otypes=[object])(result) if result.size else result
        return np.asarray(encoded, order="C", dtype=object)
    return result


_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "half"}  # TF's DataTypeString


def _type_name(dtype):
    return _CPP_NAMES.get(dtype.name, dtype.name)


def _as_outputs(token, ret, tout):
    if isinstance(ret, bytes):
        ret = [ret]
    if isinstance(ret, (list, tuple)):
        values = [_convert(x) for x in ret]
    else:
        value = _convert(ret)
        values = [] if value.dtype == object and value.ndim == 0 and value[()] is None else [value]
    if len(values) != len(tout):
        raise errors.InvalidArgumentError(
            None, None, f"{token} returns {len(values)} values, but expects to see {len(tout)} values.")
    out = []
    for i, (value, dtype) in enumerate(zip(values, tout)):
        got = _dtype_of(value)
        if got != dtype:
            got_name = _type_name(got) if got is not None else str(value.dtype)
            raise errors.InvalidArgumentError(
                None, None, f"{i}-th value returned by {token} is {got_name}, but expects {_type_name(dtype)}")
        out.append(value.astype(object) if value.dtype.char == "S" else value)  # a string tensor holds bytes objects
    return out


def _dtype_of(value):
    if value.dtype == object:
        flat = value.reshape(-1)
        return dtypes.string if all(isinstance(x, bytes) for x in flat) else None
    try:
        return dtypes.as_dtype(value.dtype)
    except TypeError:
        return None


def _as_argument(value):
    """TF hands a scalar input to the function as a NumPy scalar (a string as bytes), not a 0-d array."""
    value = to_host(value)
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def _call(token, func, args, tout):
    try:
        ret = func(*[_as_argument(a) for a in args])
    except Exception as exc:  # noqa: BLE001 - every Python error becomes TF's (an OpError too: UnknownError)
        raise op_error_for(exc) from exc
    values = _as_outputs(token, ret, tout)
    return values[0] if len(values) == 1 else tuple(values)


@register_op("PyFunc", infer=_py_func_infer, stateful=True, needs_ctx=True, gpu=False, no_gradient=True)
def _py_func(xp, *args, ctx, token, Tout):  # noqa: N803 - TF's attr name
    return _call(token, ctx.op._attrs["_func"], args, Tout)


@register_op("PyFuncStateless", infer=_py_func_infer, needs_ctx=True, gpu=False, no_gradient=True)
def _py_func_stateless(xp, *args, ctx, token, Tout):  # noqa: N803
    return _call(token, ctx.op._attrs["_func"], args, Tout)


def py_func(func, inp, Tout, stateful=True, name=None):  # noqa: N803 - TF's argument name
    """Wraps the Python function `func` as an op running on NumPy values (tf.py_func).

    Args:
        func: a callable taking one ndarray per input and returning one (or a list) per output.
        inp: a list of tensors.
        Tout: a dtype (the op returns one tensor) or a list of dtypes (it returns a list).
        stateful: False lets the runtime treat equal calls as one.
        name: op name ("PyFunc").

    Returns:
        A tensor, a list of tensors, or the Operation when `Tout` is empty.
    """
    if not callable(func):
        raise ValueError(f"Expected func to be callable. Received func={func} of type {type(func)}.")
    is_list = isinstance(Tout, (list, tuple))
    tout = [dtypes.as_dtype(t).base_dtype for t in (Tout if is_list else [Tout])]
    inputs = [convert_to_tensor(x) for x in inp]
    token = f"pyfunc_{next(_tokens)}"
    op_type = "PyFunc" if stateful else "PyFuncStateless"
    op = apply_op(op_type, inputs, {"token": token, "Tout": tout, "Tin": [t.dtype.base_dtype for t in inputs],
                                    "_func": func}, name=name or op_type)
    if not op.outputs:
        return op
    return list(op.outputs) if is_list else op.outputs[0]


def numpy_function(func, inp, Tout, stateful=True, name=None):  # noqa: N803
    """tf.numpy_function: py_func under its TF2 name."""
    return py_func(func, inp, Tout, stateful=stateful, name=name)


__all__ = ["numpy_function", "py_func"]
