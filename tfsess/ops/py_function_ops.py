"""tf.py_function: a Python function over eager-style tensors as a graph op (EagerPyFunc).

The function receives EagerTensor values (`.numpy()`, `.dtype`, `.shape`, NumPy arithmetic) and
may return EagerTensors, NumPy values or Python values; each result is converted to its declared
dtype with TF's conversion rules (a NumPy array of another dtype is refused). Any Python error
raised by the function, or a result that does not convert, fails the run with TF's error class.

Gradients: the EagerTensor operators (+ - * / ** @, unary -, abs, indexing) record what they
computed, as TF's GradientTape does inside a py_function, and the op's gradient is another
EagerPyFunc that backpropagates through that record. Values taken out with `.numpy()` are not
recorded, so their gradient is TF's scalar 0.
"""
from __future__ import annotations

import itertools
import traceback

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.op_builder import apply_op, convert_to_tensor, to_numpy
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib.xp import to_host
from tfsess.ops import array_ops

_tokens = itertools.count()

_ERROR_CLASSES = (((ValueError, TypeError), errors.InvalidArgumentError), (StopIteration, errors.OutOfRangeError),
                  (NotImplementedError, errors.UnimplementedError), (MemoryError, errors.ResourceExhaustedError))


def _unwrap(value):
    return value._value if isinstance(value, EagerTensor) else value


def _unbroadcast(grad, shape):
    """Sums `grad` down to `shape`, undoing NumPy broadcasting."""
    grad = np.asarray(grad)
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _pow_grads(g, a, b):
    out = np.power(a, b)
    safe_log = np.log(np.where(a > 0, a, 1))
    return g * b * np.power(a, b - 1), g * out * np.where(a > 0, safe_log, 0)


def _matmul_grads(g, a, b):
    # a 1-D operand is a row (left) or a column (right) vector for the product, as np.matmul treats it
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    g2 = g.reshape(g.shape[:-1] + (1,) + g.shape[-1:]) if a.ndim == 1 and b.ndim > 1 else g
    g2 = g2[..., None] if b.ndim == 1 else g2
    ga, gb = g2 @ np.swapaxes(b2, -1, -2), np.swapaxes(a2, -1, -2) @ g2
    if a.ndim == 1:
        ga = ga.reshape(-1, a.shape[0]).sum(0)
    if b.ndim == 1:
        gb = gb.reshape(-1, b.shape[0]).sum(0)
    return ga, gb


# vector-Jacobian products of the recorded operators: (upstream g, a, b) -> (da, db)
_VJPS = {np.add: lambda g, a, b: (g, g), np.subtract: lambda g, a, b: (g, -g),
         np.multiply: lambda g, a, b: (g * b, g * a), np.true_divide: lambda g, a, b: (g / b, -g * a / (b * b)),
         np.power: _pow_grads, np.matmul: _matmul_grads}


def _record(fn, x, y):
    """fn(x, y) as an EagerTensor that remembers its operands for py_function gradients."""
    value = fn(_unwrap(x), _unwrap(y))  # Python scalars stay weak: float32 * 2.0 is float32
    a, b = np.asarray(_unwrap(x)), np.asarray(_unwrap(y))
    vjp = _VJPS.get(fn)
    parents = tuple(t if isinstance(t, EagerTensor) else None for t in (x, y))

    def backward(g):
        return [None if p is None else _unbroadcast(d, p._value.shape) for p, d in zip(parents, vjp(g, a, b))]
    return EagerTensor(value, (parents, backward) if vjp is not None else None)


def _binary(fn):
    return lambda self, other: _record(fn, self, other)


def _reflected(fn):
    return lambda self, other: _record(fn, other, self)


class EagerTensor:
    """A computed value handed to a py_function: `.numpy()` gives the ndarray; operators compute eagerly."""

    __array_priority__ = 100

    def __init__(self, value, tape=None):
        self._value = np.asarray(value)
        self._tape = tape  # (parents, backward) when computed by a recorded operator

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
        index = _unwrap(index)

        def backward(g):
            grad = np.zeros_like(self._value, dtype=np.result_type(g))
            np.add.at(grad, index, g)
            return [grad]
        return EagerTensor(self._value[index], ((self,), backward))

    def __bool__(self):
        return bool(self._value)

    def __int__(self):
        return int(self._value)

    def __float__(self):
        return float(self._value)

    def __index__(self):
        return int(self._value)

    def __neg__(self):
        return EagerTensor(-self._value, ((self,), lambda g: [-g]))

    def __abs__(self):
        return EagerTensor(abs(self._value), ((self,), lambda g: [g * np.sign(self._value)]))

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
        # a string tensor holds bytes objects (NumPy's fixed-width bytes come back as an object array)
        return np.asarray(value, dtype=object) if value.dtype.char == "S" else np.asarray(value)
    return to_numpy(value, dtype)


def _backprop(inputs, outputs, output_grads):
    """Gradients of the recorded outputs with respect to `inputs` (None where unconnected)."""
    order, seen = [], set()

    def visit(t):
        if isinstance(t, EagerTensor) and id(t) not in seen:
            seen.add(id(t))
            for parent in (t._tape[0] if t._tape else ()):
                visit(parent)
            order.append(t)
    for out in outputs:
        visit(out)
    grads = {}
    for out, g in zip(outputs, output_grads):
        if isinstance(out, EagerTensor):
            grads[id(out)] = grads.get(id(out), 0) + np.asarray(g)
    for t in reversed(order):
        if t._tape is None or id(t) not in grads:
            continue
        parents, backward = t._tape
        for parent, d in zip(parents, backward(grads[id(t)])):
            if parent is not None and d is not None:
                grads[id(parent)] = grads.get(id(parent), 0) + d
    return [grads.get(id(t)) for t in inputs]


_TAPES = {}  # forward token -> (input EagerTensors, results) of its latest run, for its gradient op
_DIFFERENTIATED = set()  # forward tokens that have a gradient op: only their runs keep a tape


def _call(token, func, args, tout, grad_of=None):
    try:
        inputs = [EagerTensor(to_host(a)) for a in args]
        if grad_of is not None:  # a gradient op: args are the output gradients of op `grad_of`
            fw_inputs, fw_outputs = _TAPES[grad_of]  # kept: several gradient ops may read one forward run
            grads = _backprop(fw_inputs, fw_outputs, [a._value for a in inputs])
            # TF's gradient function turns an unconnected (None) gradient into a scalar 0
            values = [np.asarray(0 if g is None else g).astype(t.as_numpy_dtype) for g, t in zip(grads, tout)]
            return values[0] if len(values) == 1 else tuple(values)
        ret = func(*inputs)
        if not tout:
            return ()
        # TF converts zip(results, Tout): extra results are dropped, missing ones fail the run
        results = list(ret)[:len(tout)] if isinstance(ret, (list, tuple)) else [ret]
        if token in _DIFFERENTIATED:
            _TAPES[token] = (inputs, results)
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


@register_op("EagerPyFunc", infer=_eager_py_func_infer, stateful=True, needs_ctx=True, gpu=False)
def _eager_py_func(xp, *args, ctx, token, Tout):  # noqa: N803 - TF's attr name
    return _call(token, ctx.op._attrs["_func"], args, Tout, ctx.op._attrs.get("_grad_of"))


def _token_of(op):
    token = op.get_attr("token")
    return token.decode() if isinstance(token, bytes) else token


@_eager_py_func.gradient
def _eager_py_func_grad(op, *grads):
    """Another EagerPyFunc, run after the forward one, that backpropagates through the operators the
    function applied to its EagerTensor arguments (TF records a GradientTape for the same purpose)."""
    grads = [array_ops.zeros_like(out) if g is None else g for g, out in zip(grads, op.outputs)]
    tout = [t.dtype.base_dtype for t in op.inputs]
    _DIFFERENTIATED.add(_token_of(op))
    with control_dependencies(op.outputs):
        grad_op = apply_op("EagerPyFunc", grads, {"token": f"pyfunc_{next(_tokens)}", "Tout": tout,
                                                  "Tin": [g.dtype.base_dtype for g in grads], "_func": None,
                                                  "_grad_of": _token_of(op)}, name="EagerPyFunc")
    return list(grad_op.outputs)


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
