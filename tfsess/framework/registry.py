"""The op registry: every op type declared once with its inference, kernel and gradient.

An op module declares an op next to its kernel::

    @register_op("Sqrt", infer=unary)
    def _sqrt(xp, x):
        return xp.sqrt(x)

    @_sqrt.gradient
    def _sqrt_grad(op, grad):
        return grad * 0.5 / op.outputs[0]

The executor only calls ``REGISTRY[op.type].kernel(xp, *values, **attrs)``.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Optional

REGISTRY: dict = {}


@dataclasses.dataclass(frozen=True)
class OpDef:
    """One op type: how to infer its outputs, how to compute them, how to differentiate them.

    Attributes:
        type: TF's op-type string (`MatMul`), the registry key.
        infer: `(inputs: list[Tensor], attrs: dict) -> list[(DType, TensorShape)]`, one per output.
        kernel: `(xp, *input_values, **attrs) -> value or tuple of values`.
        kernels: per-device-type overrides, e.g. `{"GPU": fn}`.
        grad: `(op, *output_grads) -> input grads`; None raises LookupError when differentiated.
        stateful: never folded, deduplicated or cached (random, variables, queues).
        gpu: False puts the op on the CPU whatever its scope says.
        ref_inputs: input indices that take a variable reference rather than its value.
        needs_ctx: the kernel takes a `ctx` keyword (session resources, run options, the op).
        emits_dead: the op can produce dead outputs (Switch); consumers propagate deadness.
        accepts_dead: the op runs even when some inputs are dead (Merge).
        elementwise: the kernel maps same-shaped inputs elementwise (eligible for fusion).
        out_arg: the kernel accepts `out=` to write into a dead input's buffer.
        ufunc: the NumPy/CuPy ufunc name the kernel applies, so fused chains can call it directly.
        foldable: while the graph is built, `constant_value` runs the kernel on constant inputs.
        constant_value: `(tensor) -> ndarray or None`, a custom build-time value rule (overrides foldable).
        partial_shape: `(tensor) -> list of int/None or None`, what a shape-valued output denotes
            when its value is not fully known (TF's constant_value_as_shape).
        no_gradient: the op has no gradient: gradients through it are None, not an error.
        host_memory: input indices whose values stay in host memory whatever the op's device.
        is_variable: the op is a variable (it holds state the Saver and the placers treat as one).
        may_block: the kernel may wait for another step or thread (a queue's enqueue or dequeue, a
            reader's read); a run plan orders such steps after every step that does not lead to them,
            so a failing op beside a blocked one ends the run, as TF's cancellation of the step does.
        output_shapes: `(*input_values, **kernel_attrs) -> list of shapes or None`, the shapes of the
            fresh buffers the kernel will allocate, known from its inputs: a device charges them
            before the kernel runs, so an allocation past its limit fails without being made.
        graph_error: `(op) -> str or None`, the message of the error TF's session gives when it
            first takes in a graph holding this op (an attr with no CPU kernel, a loop whose body
            changes a dtype): every run of that graph fails with it, as in TF.
    """

    type: str
    infer: Callable
    kernel: Callable
    kernels: dict = dataclasses.field(default_factory=dict)
    grad: Optional[Callable] = None
    stateful: bool = False
    gpu: bool = True
    ref_inputs: tuple = ()
    needs_ctx: bool = False
    emits_dead: bool = False
    accepts_dead: bool = False
    elementwise: bool = False
    out_arg: bool = False
    ufunc: str = ""
    foldable: bool = False
    constant_value: Optional[Callable] = None
    partial_shape: Optional[Callable] = None
    no_gradient: bool = False
    host_memory: tuple = ()
    is_variable: bool = False
    may_block: bool = False
    output_shapes: Optional[Callable] = None
    graph_error: Optional[Callable] = None
    defined_at: str = ""


class _Registered:
    """What `register_op` returns: the kernel function, plus a `.gradient` decorator."""

    def __init__(self, op_type: str, fn: Callable):
        self.op_type = op_type
        self.fn = fn

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def gradient(self, grad_fn: Callable) -> Callable:
        set_gradient(self.op_type, grad_fn)
        return grad_fn

    def kernel_for(self, device_type: str) -> Callable:
        """Decorator registering a device-specific kernel override (e.g. "GPU")."""
        def wrap(fn):
            opdef = REGISTRY[self.op_type]
            REGISTRY[self.op_type] = dataclasses.replace(opdef, kernels={**opdef.kernels, device_type: fn})
            return fn
        return wrap


def register_op(op_type: str, infer: Callable, **options: Any):
    """Decorator registering `op_type` with its kernel; see OpDef for the options."""
    def wrap(kernel: Callable) -> _Registered:
        where = _location(kernel)
        if op_type in REGISTRY and REGISTRY[op_type].defined_at != where:  # a re-import may re-register
            raise KeyError(f"Op type {op_type!r} registered twice: at {REGISTRY[op_type].defined_at} and {where}")
        REGISTRY[op_type] = OpDef(type=op_type, infer=infer, kernel=kernel, defined_at=where, **options)
        return _Registered(op_type, kernel)
    return wrap


def _location(fn) -> str:
    code = getattr(fn, "__code__", None)  # not inspect: it costs tens of ms at import
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else "?"


def set_gradient(op_type: str, grad_fn: Optional[Callable]):
    opdef = lookup(op_type)
    REGISTRY[op_type] = dataclasses.replace(opdef, grad=grad_fn)


def set_op_fields(op_type: str, **fields: Any):
    """Sets OpDef fields of an op registered earlier (for ops registered in a loop or by a factory)."""
    REGISTRY[op_type] = dataclasses.replace(lookup(op_type), **fields)


def kernel_attrs(kernel, attrs: dict) -> dict:
    """The attrs `kernel` accepts (it may take **kwargs for all), without internal `_` attrs."""
    params = _signature_cache.get(kernel)
    if params is None:
        import inspect  # first use only: keeps `import tfsess` light
        sig = inspect.signature(kernel)
        takes_all = any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values())
        params = True if takes_all else {n for n, p in sig.parameters.items() if p.kind is p.KEYWORD_ONLY
                                         or (p.kind is p.POSITIONAL_OR_KEYWORD and p.default is not p.empty)}
        _signature_cache[kernel] = params
    return {k: v for k, v in attrs.items() if not k.startswith("_") and (params is True or k in params)}


_signature_cache: dict = {}


def lookup(op_type: str) -> OpDef:
    try:
        return REGISTRY[op_type]
    except KeyError:
        raise LookupError(f"Op type not registered '{op_type}' in tfsess.") from None


class RegisterGradient:
    """Decorator registering a gradient function for an op type (tf.RegisterGradient)."""

    def __init__(self, op_type: str):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, fn: Callable) -> Callable:
        _OVERRIDE_GRADIENTS[self._op_type] = fn
        return fn


def NotDifferentiable(op_type: str):  # noqa: N802 - TF's name
    """Declares an op type as having no gradient: its gradient is None, not an error."""
    if op_type in REGISTRY:
        set_op_fields(op_type, no_gradient=True)
    else:  # a user's op type, or one registered later
        _OVERRIDE_GRADIENTS[op_type] = None


NoGradient = NotDifferentiable

# Gradients registered by name through tf.RegisterGradient; looked up by gradient_override_map
# or by op type when the op's own OpDef has none.
_OVERRIDE_GRADIENTS: dict = {}


def gradient_function(op):
    """The gradient function for `op`, honouring gradient_override_map. Raises LookupError."""
    mapped = op._attrs.get("_gradient_op_type")
    if mapped is not None:
        if mapped in _OVERRIDE_GRADIENTS:
            return _OVERRIDE_GRADIENTS[mapped]
        # TF registers every op type's gradient under its type: a map may name a built-in op's
        # gradient ({"Sign": "Identity"}, the straight-through estimator).
        builtin = REGISTRY.get(mapped)
        if builtin is not None and (builtin.grad is not None or builtin.no_gradient):
            return builtin.grad
        raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {mapped}).")
    opdef = getattr(op, "_opdef", None) or lookup(op.type)  # a call op's type may be a function's name
    if opdef.grad is not None:
        return opdef.grad
    if opdef.no_gradient and op.type not in _OVERRIDE_GRADIENTS:
        return None
    if op.type in _OVERRIDE_GRADIENTS:
        return _OVERRIDE_GRADIENTS[op.type]
    raise LookupError(f"No gradient defined for operation '{op.name}' (op type: {op.type}). "
                      "In general every operation must have an associated @tf.RegisterGradient "
                      "for correct autodiff.")


def kernel_dtypes_check(op_type: str, kernel_dtypes, attr: str = "T") -> Callable:
    """A `graph_error` for an op whose CPU kernels take fewer dtypes than its OpDef allows.

    `kernel_dtypes` names the dtypes of `attr` TF registers a CPU kernel for (e.g. RealDiv's floats).
    """
    allowed = frozenset(kernel_dtypes)

    from tfsess.framework.dtypes import datatype_enum_name  # dtypes never imports the registry

    def check(op) -> Optional[str]:
        dtype = op._attrs.get(attr)
        if dtype is None and attr == "T" and op.inputs:  # elementwise ops keep T as their inputs' dtype
            dtype = op.inputs[0].dtype.base_dtype
        name = getattr(dtype, "name", None)
        if name is None or name in allowed:
            return None
        return (f"No OpKernel was registered to support Op '{op_type}' used by {{{{node {op.name}}}}} with these "
                f"attrs: [{attr}={datatype_enum_name(name)}]\nRegistered devices: [CPU]\nRegistered kernels:\n"
                + "".join(f"  device='CPU'; {attr} in [{datatype_enum_name(n)}]\n" for n in sorted(allowed)))
    return check
