"""Calls of library functions: PartitionedCall, StatefulPartitionedCall, and a node whose op is a
function's name (TF's direct call), with their gradients.

A call's kernel runs the function's body as a nested run plan (runtime.executor.Plan, one per
session) fed with the call's inputs, as a loop body runs: errors name the body's op, dead inputs
make the call dead, step stats show the call. Its gradient calls the function's gradient function,
built once inside the body's graph with tf.gradients: the body's arguments and one gradient per
differentiable result in, one gradient per differentiable argument out (TF's SymbolicGradient
recomputes the forward body the same way).
"""
from __future__ import annotations

from tfsess.framework import dtypes, errors, function_call_options, function_library
from tfsess.framework.function_library import GraphFunction
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.operation import Operation
from tfsess.framework.registry import REGISTRY, register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, constant_op
from tfsess.ops.gradients import gradients
from tfsess.runtime.executor import Plan

# TF's DataTypeString names, used in its arity and type messages
_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def type_names(tensors) -> str:
    return ", ".join(_TF_TYPE_NAMES.get(t.dtype.base_dtype.name, t.dtype.base_dtype.name) for t in tensors)


def function_of(op, attr="f"):
    """The GraphFunction a call op runs. Raises InvalidArgumentError for a name the library lacks."""
    value = getattr(op, "_function", None) or op._attrs.get(attr)
    if not isinstance(value, GraphFunction):
        raise errors.InvalidArgumentError(None, None, f'Failed to find function "{value}" in function library')
    return value


def check_arguments(function, inputs, op_type):
    """Raises ValueError (TF's NodeDef message) when `inputs` do not fit `function`'s arguments."""
    if len(inputs) != len(function.inputs) or any(
            t.dtype.base_dtype != a.dtype.base_dtype for t, a in zip(inputs, function.inputs)):
        raise ValueError(f"NodeDef expected inputs '{type_names(function.inputs)}' do not match {len(inputs)} "
                         f"inputs specified; Op<name={op_type}> calling function '{function.name}' with inputs "
                         f"'{type_names(inputs)}'")


def result_specs(function):
    return [(t.dtype.base_dtype, t.shape) for t in function.outputs]


def refined_specs(function, inputs):
    """The outputs of a call of `function` on `inputs`, their shapes refined from the inputs' shapes as TF's
    shape refiner refines a function call: the body's shapes inferred again with each argument taking its
    input's shape (merged with the argument's own where they agree). The body keeps its own shapes."""
    specs = result_specs(function)
    saved = {}
    try:
        for arg, t in zip(function.inputs, inputs):
            shape = _merged(arg.shape, t.shape)
            if shape != arg.shape or shape.ndims != arg.shape.ndims:
                saved[arg] = arg._shape
                arg._shape = shape
        if not saved:
            return specs
        args = set(function.inputs)
        for op in function.ops:
            if op.outputs and not args.issuperset(op.outputs) and op.type != "SymbolicGradient":  # builds ops
                _reinfer(op, saved)
        return [(t.dtype.base_dtype, t.shape) for t in function.outputs]
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return specs  # shapes the body cannot take: the call keeps the function's own (TF would fail later)
    finally:
        for t, shape in saved.items():
            t._shape = shape


def _merged(a, b):
    try:
        return a.merge_with(b)
    except ValueError:
        return b


def _reinfer(op, saved):
    """Infers `op`'s output shapes again from its inputs' (refined) shapes; old shapes go to `saved`."""
    opdef = REGISTRY.get(op.type)
    if opdef is None:
        return
    for t, (_, shape) in zip(op.outputs, opdef.infer(list(op.inputs), op._attrs)):
        shape = shape if isinstance(shape, TensorShape) else TensorShape(shape)
        new = _merged(shape, t._shape)
        if new != t._shape or new.ndims != t._shape.ndims:
            saved.setdefault(t, t._shape)
            t._shape = new


def run_function(ctx, function, values):
    """The values of `function`'s outputs for argument values `values`, by its plan for this session."""
    key = ctx.session if ctx.session is not None else function
    plan = function.plans.get(key)
    if plan is None:
        plan = function.plans[key] = Plan(function.outputs, function.control_outputs, function.inputs,
                                          ctx.placer_for(function.graph))
    return list(plan.run(list(values), ctx))


def packed(values):
    """A kernel's return value for a list of output values."""
    return values[0] if len(values) == 1 else tuple(values)


def _call_infer(inputs, attrs):
    function = attrs.get("f")
    if isinstance(function, GraphFunction):
        check_arguments(function, inputs, "PartitionedCall")
        return refined_specs(function, inputs)
    return [(dtypes.as_dtype(d), None) for d in attrs.get("Tout", ())]  # unknown function: fails when run


@register_op("PartitionedCall", infer=_call_infer, needs_ctx=True)
def _partitioned_call(xp, *args, ctx):
    return packed(run_function(ctx, function_of(ctx.op), args))


@register_op("StatefulPartitionedCall", infer=_call_infer, needs_ctx=True, stateful=True)
def _stateful_partitioned_call(xp, *args, ctx):
    return packed(run_function(ctx, function_of(ctx.op), args))


def differentiable(t) -> bool:
    """Floats, complexes and variants (a TensorList's gradient is a list), as TF's backprop types."""
    dtype = t.dtype.base_dtype
    return dtype.is_floating or dtype.is_complex or dtype == dtypes.variant


def zeros_of(xp, value):
    """Zeros like a run-time value (a variant's own zeros: a TensorList's)."""
    return value.zeros_like() if hasattr(value, "zeros_like") else xp.zeros_like(value)


def gradient_function(function):
    """(gradient function, indices of the differentiable arguments, of the differentiable results).

    The gradient function takes the body's arguments, then one gradient per differentiable result,
    and returns one gradient per differentiable argument (zeros where the body does not reach it).
    """
    if function.gradient is not None:
        return function.gradient
    graph = function.graph
    out_idx = [i for i, t in enumerate(function.outputs) if differentiable(t)]
    in_idx = [i for i, t in enumerate(function.inputs) if differentiable(t)]
    scope = function.scope or (graph.unique_name(function_library.scope_name(function.name)) + "/")
    with graph.as_default(), graph.control_dependencies(None), graph.name_scope(scope):
        first = len(graph._ops)
        grad_ys = [constant_op.placeholder(function.outputs[i].dtype.base_dtype, function.outputs[i].shape,
                                           name=f"grad_{i}") for i in out_idx]
        for t in grad_ys:
            graph.prevent_feeding(t)
        xs = [function.inputs[i] for i in in_idx]
        grads = gradients([function.outputs[i] for i in out_idx], xs, grad_ys=grad_ys) if out_idx and xs else \
            [None] * len(xs)
        grads = [array_ops.zeros_like(x) if g is None else convert_to_tensor(g) for g, x in zip(grads, xs)]
        new_ops = graph._ops[first:]
    for op in new_ops:
        op._function_scope = scope
    names = [f"grad_{function.input_names[i]}" for i in in_idx]
    gradient = GraphFunction(f"__gradient_{function.name}", graph, list(function.inputs) + grad_ys, grads,
                             function.ops + new_ops, scope=scope,
                             input_names=function.input_names + [f"grad_{i}" for i in out_idx], output_names=names)
    function.gradient = (gradient, in_idx, out_idx)
    return function.gradient


def call_gradient(op, grads, function, inputs):
    """The input gradients of a call of `function` on `inputs` (op.inputs, or a suffix of them)."""
    gradient, in_idx, out_idx = gradient_function(function)
    ys = [array_ops.zeros_like(op.outputs[i]) if grads[i] is None else convert_to_tensor(grads[i])
          for i in out_idx]
    result = [None] * len(inputs)
    if not in_idx:
        return result
    outs = call_function(gradient, list(inputs) + ys, name=None)
    for k, i in enumerate(in_idx):
        result[i] = outs[k]
    return result


@_partitioned_call.gradient
def _call_grad(op, *grads):
    return call_gradient(op, grads, function_of(op), op.inputs)


_stateful_partitioned_call.gradient(_call_grad)


def call_attrs(function, inputs):
    return {"f": function, "Tin": [t.dtype.base_dtype for t in inputs],
            "Tout": [t.dtype.base_dtype for t in function.outputs], "config": "", "config_proto": "",
            "executor_type": function_call_options.executor_type()}


def call_function(function, inputs, name=None):
    """Builds a call of `function` on `inputs` (StatefulPartitionedCall when its body is stateful)
    and adds the function to the graph's library. Returns the call's output tensors."""
    inputs = [convert_to_tensor(t) for t in inputs]
    op_type = "StatefulPartitionedCall" if function.stateful else "PartitionedCall"
    op = apply_op(op_type, inputs, call_attrs(function, inputs), name=name)
    function_library.add_function(op.graph, function)
    return list(op.outputs)


def _call_by_name(graph, node, prefix, inputs, controls, function):
    """The op of a NodeDef whose op type is `function`'s name (TF's direct function call)."""
    check_arguments(function, inputs, node.op)
    opdef = REGISTRY["StatefulPartitionedCall" if function.stateful else "PartitionedCall"]
    attrs = {key: value for key, value in ((k, function_library.importer.attr_to_value(v))
                                           for k, v in node.attr.items()) if value is not None}
    op = Operation(graph, node.op, graph._reserve_name(prefix + node.name), inputs, attrs, opdef,
                   refined_specs(function, inputs))
    op._function = function
    op._add_control_inputs(controls)
    if node.device:
        op._set_device(node.device)
    return op


function_library.call_builders["call"] = _call_by_name

__all__ = []


# ------------------------------------------------------------------ SymbolicGradient
def _symbolic_gradient_infer(inputs, attrs):
    function = attrs.get("f")
    if not isinstance(function, GraphFunction):
        return [(dtypes.as_dtype(d), None) for d in attrs.get("Tout", ())]
    n = len(function.inputs)
    check_arguments(function, inputs[:n], "SymbolicGradient")
    if len(inputs) != n + len(function.outputs):
        raise ValueError(f"SymbolicGradient of '{function.name}' takes its {n} inputs and one gradient per output "
                         f"({n + len(function.outputs)} tensors); got {len(inputs)}")
    gradient_function(function)  # built with the op, inside the body's graph
    return [(t.dtype.base_dtype, t.shape) for t in function.inputs]


@register_op("SymbolicGradient", infer=_symbolic_gradient_infer, needs_ctx=True, no_gradient=True)
def _symbolic_gradient(xp, *args, ctx):
    """The gradients of function `f`'s inputs given its inputs and its outputs' gradients (TF's SymbolicGradient)."""
    function = function_of(ctx.op)
    gradient, in_idx, out_idx = gradient_function(function)
    n = len(function.inputs)
    grads = run_function(ctx, gradient, list(args[:n]) + [args[n + i] for i in out_idx]) if in_idx else []
    result = [zeros_of(xp, v) for v in args[:n]]
    for k, i in enumerate(in_idx):
        result[i] = grads[k]
    return packed(result)


def symbolic_gradient(function, inputs, output_gradients, name=None):
    """Builds TF's SymbolicGradient of `function` at `inputs` for `output_gradients`. Returns the input gradients."""
    tensors = [convert_to_tensor(t) for t in list(inputs) + list(output_gradients)]
    attrs = {"f": function, "Tin": [t.dtype.base_dtype for t in tensors],
             "Tout": [t.dtype.base_dtype for t in function.inputs]}
    op = apply_op("SymbolicGradient", tensors, attrs, name=name)
    function_library.add_function(op.graph, function)
    return list(op.outputs)
