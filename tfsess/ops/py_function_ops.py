"""tf.py_function: a Python function over eager-style tensors as a graph op (EagerPyFunc).

The function receives EagerTensor values (`.numpy()`, `.dtype`, `.shape`, NumPy arithmetic) and
may return EagerTensors, NumPy values or Python values; each result is converted to its declared
dtype with TF's conversion rules (a NumPy array of another dtype is refused). Any Python error
raised by the function, or a result that does not convert, fails the run with TF's error class.
"""
from __future__ import annotations

import itertools
import traceback

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, to_numpy
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib.xp import to_host

_tokens = itertools.count()

_ERROR_CLASSES = (((ValueError, TypeError), errors.InvalidArgumentError), (StopIteration, errors.OutOfRangeError),
                  (NotImplementedError, errors.UnimplementedError), (MemoryError, errors.ResourceExhaustedError))


def _unwrap(value):
    return value._value if isinstance(value, EagerTensor) else value


def _binary(fn):
    return lambda self, other: EagerTensor(fn(self._value, _unwrap(other)))


def _reflected(fn):
    return lambda self, other: EagerTensor(fn(_unwrap(other), self._value))


class EagerTensor:
    """A computed value handed to a py_function: `.numpy()` gives the ndarray; operators compute eagerly."""

    __array_priority__ = 100

    def __init__(self, value):
        self._value = np.asarray(value)

    def numpy(self):
        """The value as a NumPy array (a NumPy scalar for rank 0)."""
        return self._value[()] if self._value.ndim == 0 else self._value

    @property
    def dtype(self):
        return dtypes.as_dtype(self._value.dtype) if self._value.dtype != object else dtypes.string

    @property
    def shape(self):
        return TensorShape(self._value.shape)

    @property
    def ndim(self):
        return self._value.ndim

    def __array__(self, dtype=None, copy=None):
        return self._value if dtype is None else self._value.astype(dtype)

    def __len__(self):
        return len(self._value)

    def __iter__(self):
        return (EagerTensor(v) for v in self._value)

    def __getitem__(self, index):
        return EagerTensor(self._value[_unwrap(index)])

    def __bool__(self):
        return bool(self._value)

    def __int__(self):
        return int(self._value)

    def __float__(self):
        return float(self._value)

    def __index__(self):
        return int(self._value)

    def __neg__(self):
        return EagerTensor(-self._value)

    def __abs__(self):
        return EagerTensor(abs(self._value))

    def __repr__(self):
        return f"<tf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy={self._value!r}>"

    __add__, __radd__ = _binary(np.add), _reflected(np.add)
    __sub__, __rsub__ = _binary(np.subtract), _reflected(np.subtract)
    __mul__, __rmul__ = _binary(np.multiply), _reflected(np.multiply)
    __truediv__, __rtruediv__ = _binary(np.true_divide), _reflected(np.true_divide)
    __floordiv__, __rfloordiv__ = _binary(np.floor_divide), _reflected(np.floor_divide)
    __mod__, __rmod__ = _binary(np.mod), _reflected(np.mod)
    __pow__, __rpow__ = _binary(np.power), _reflected(np.power)
    __matmul__, __rmatmul__ = _binary(np.matmul), _reflected(np.matmul)
    __lt__, __le__ = _binary(np.less), _binary(np.less_equal)
    __gt__, __ge__ = _binary(np.greater), _binary(np.greater_equal)
    __and__, __or__, __xor__ = _binary(np.logical_and), _binary(np.logical_or), _binary(np.logical_xor)


def _to_output(value, dtype):
    value = _unwrap(value)
    if isinstance(value, (np.ndarray, np.generic)) and value.dtype != object:
        if dtypes.as_dtype(value.dtype) != dtype:
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
        return np.asarray(value)
    return to_numpy(value, dtype)


def _call(token, func, args, tout):
    try:
        ret = func(*[EagerTensor(to_host(a)) for a in args])
        if not tout:
            return ()
        results = list(ret) if isinstance(ret, (list, tuple)) else [ret]
        if len(results) != len(tout):
            raise ValueError(f"{token} returned {len(results)} values, but expects to see {len(tout)} values.")
        values = [_to_output(r, t) for r, t in zip(results, tout)]
    except Exception as exc:  # noqa: BLE001 - every Python error becomes TF's (an OpError too: UnknownError)
        op_error = next((e for klass, e in _ERROR_CLASSES if isinstance(exc, klass)), errors.UnknownError)
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        raise op_error(None, None, f"{type(exc).__name__}: {exc}\n{detail}") from exc
    return values[0] if len(values) == 1 else tuple(values)


def _eager_py_func_infer(inputs, attrs):
    return [(dtype, unknown_shape()) for dtype in attrs["Tout"]]


@register_op("EagerPyFunc", infer=_eager_py_func_infer, stateful=True, needs_ctx=True, gpu=False, no_gradient=True)
def _eager_py_func(xp, *args, ctx, token, Tout):  # noqa: N803 - TF's attr name
    return _call(token, ctx.op._attrs["_func"], args, Tout)


def py_function(func, inp, Tout, name=None):  # noqa: N803 - TF's argument name
    """Wraps `func` as an op whose arguments are EagerTensors (tf.py_function).

    Args:
      func: a callable taking one EagerTensor per input; it returns one value per output dtype.
      inp: a list of tensors.
      Tout: a dtype (one output tensor), a list of dtypes (a list of tensors) or [] / None (the Operation).
      name: op name ("EagerPyFunc").

    Returns:
      A tensor of unknown shape, a list of them, or the Operation when there is no output.
    """
    if not callable(func):
        raise ValueError(f"Expected func to be callable. Received func={func} of type {type(func)}.")
    is_list = isinstance(Tout, (list, tuple))
    tout = [dtypes.as_dtype(t).base_dtype for t in (Tout if is_list else ([] if Tout is None else [Tout]))]
    inputs = [convert_to_tensor(x) for x in inp]
    token = f"pyfunc_{next(_tokens)}"
    op = apply_op("EagerPyFunc", inputs, {"token": token, "Tout": tout, "Tin": [t.dtype.base_dtype for t in inputs],
                                          "_func": func}, name=name or "EagerPyFunc")
    if not op.outputs:
        return op
    return list(op.outputs) if is_list else op.outputs[0]


eager_py_func = py_function

__all__ = ["py_function"]
