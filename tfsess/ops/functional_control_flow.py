"""Functional control flow as TF2 graphs hold it: If/StatelessIf, Case/StatelessCase, While/StatelessWhile
(the functional form of the While type, whose cond and body are library functions), For.

Each kernel runs its branch or body functions as nested run plans (functional_call_ops.run_function).
Gradients: an If or a Case differentiates into an If or Case of its branches' gradient functions on
the same condition; a While's gradient re-runs the loop recording each iteration's inputs, then
applies the body's gradient function to them in reverse order (the values TF's while_v2 gradient
reads back from its accumulators).
"""
from __future__ import annotations

import time

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.function_library import GraphFunction, add_function
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops
from tfsess.ops.functional_call_ops import (check_arguments, differentiable, function_of, gradient_function, packed,
                                            result_specs, run_function, zeros_of)
from tfsess.ops.list_value import TensorListValue


def _branch_specs(branches, inputs, op_type, attrs):
    """The outputs of a call of one of `branches`: each branch checked, shapes the branches agree on."""
    known = [b for b in branches if isinstance(b, GraphFunction)]
    if not known:
        shapes = attrs.get("output_shapes") or [None] * len(attrs.get("Tout", ()))
        return [(dtypes.as_dtype(d), s) for d, s in zip(attrs.get("Tout", ()), shapes)]
    for branch in known:
        check_arguments(branch, inputs, op_type)
    specs = result_specs(known[0])
    for branch in known[1:]:
        other = result_specs(branch)
        if len(other) != len(specs) or any(a[0] != b[0] for a, b in zip(specs, other)):
            raise TypeError(f"{op_type}: branches '{known[0].name}' and '{branch.name}' return different types: "
                            f"[{', '.join(d.name for d, _ in specs)}] vs [{', '.join(d.name for d, _ in other)}]")
        specs = [(d, _most_specific_common(TensorShape(s), TensorShape(t))) for (d, s), (_, t) in zip(specs, other)]
    return specs


def _most_specific_common(a: TensorShape, b: TensorShape) -> TensorShape:
    if a.ndims is None or b.ndims is None or a.ndims != b.ndims:
        return TensorShape(None)
    return TensorShape([x if x == y else None for x, y in zip(a.as_tuple_or_none(), b.as_tuple_or_none())])


def truth(value) -> bool:
    """TF's If/While condition: a scalar is converted to bool (0 and "" are false); any other tensor
    is true when it has elements."""
    array = np.asarray(value)
    if array.ndim:
        return array.size > 0
    item = array.item()
    return bool(len(item)) if isinstance(item, (bytes, str)) else bool(item)


# ------------------------------------------------------------------ If
def _if_infer(inputs, attrs):
    return _branch_specs([attrs.get("then_branch"), attrs.get("else_branch")], inputs[1:], "If", attrs)


def _run_if(ctx, inputs):
    branch = "then_branch" if truth(inputs[0]) else "else_branch"
    return packed(run_function(ctx, function_of(ctx.op, branch), inputs[1:]))


@register_op("If", infer=_if_infer, needs_ctx=True, stateful=True)
def _if(xp, *inputs, ctx):
    return _run_if(ctx, inputs)


@register_op("StatelessIf", infer=_if_infer, needs_ctx=True)
def _stateless_if(xp, *inputs, ctx):
    return _run_if(ctx, inputs)


def _branch_gradient(op, grads, branches, control):
    """Input gradients of an If/Case: the same op type over the branches' gradient functions."""
    made = [gradient_function(b) for b in branches]
    in_idx, out_idx = made[0][1], made[0][2]
    inputs = list(op.inputs[1:])
    result = [None] * len(op.inputs)
    if not in_idx:
        return result
    ys = [array_ops.zeros_like(op.outputs[i]) if grads[i] is None else convert_to_tensor(grads[i])
          for i in out_idx]
    args = inputs + ys
    outs = [t for t in made[0][0].outputs]
    attrs = {"Tin": [t.dtype.base_dtype for t in args], "Tout": [t.dtype.base_dtype for t in outs],
             "output_shapes": [t.shape for t in outs], **control([m[0] for m in made])}
    grad_op = apply_op(op.type, [op.inputs[0]] + args, attrs, name=None)
    for function in (m[0] for m in made):
        add_function(grad_op.graph, function)
    for k, i in enumerate(in_idx):
        result[i + 1] = grad_op.outputs[k]
    return result


def _if_grad(op, *grads):
    then, other = function_of(op, "then_branch"), function_of(op, "else_branch")
    return _branch_gradient(op, grads, [then, other],
                            lambda fs: {"Tcond": op.inputs[0].dtype.base_dtype, "then_branch": fs[0],
                                        "else_branch": fs[1]})


_if.gradient(_if_grad)
_stateless_if.gradient(_if_grad)


# ------------------------------------------------------------------ Case
def _case_infer(inputs, attrs):
    if inputs and inputs[0].dtype.base_dtype != dtypes.int32:
        raise TypeError(f"Input 'branch_index' of 'Case' Op has type {inputs[0].dtype.base_dtype.name} that does "
                        "not match expected type of int32.")
    return _branch_specs(list(attrs.get("branches") or []), inputs[1:], "Case", attrs)


def _run_case(ctx, inputs):
    branches = ctx.op._attrs["branches"]
    index = int(np.asarray(inputs[0]))
    if not 0 <= index < len(branches):
        index = len(branches) - 1  # TF runs the last branch for an index out of range
    function = branches[index]
    if not isinstance(function, GraphFunction):
        raise errors.InvalidArgumentError(None, None, f'Failed to find function "{function}" in function library')
    return packed(run_function(ctx, function, inputs[1:]))


@register_op("Case", infer=_case_infer, needs_ctx=True, stateful=True)
def _case(xp, *inputs, ctx):
    return _run_case(ctx, inputs)


@register_op("StatelessCase", infer=_case_infer, needs_ctx=True)
def _stateless_case(xp, *inputs, ctx):
    return _run_case(ctx, inputs)


def _case_grad(op, *grads):
    branches = op._attrs["branches"]
    if not all(isinstance(b, GraphFunction) for b in branches):
        raise errors.InvalidArgumentError(None, None, f"Case '{op.name}' names a function the library lacks")
    return _branch_gradient(op, grads, branches, lambda fs: {"branches": fs})


_case.gradient(_case_grad)
_stateless_case.gradient(_case_grad)


# ------------------------------------------------------------------ While (functional form)
def while_infer(inputs, attrs):
    """Outputs of a functional While: one per loop variable, cond and body checked."""
    cond, body = attrs.get("cond"), attrs.get("body")
    for function in (cond, body):
        if isinstance(function, GraphFunction):
            check_arguments(function, inputs, "While")
    if isinstance(cond, GraphFunction) and (len(cond.outputs) != 1):
        raise ValueError(f"While: cond function '{cond.name}' must return one value, got {len(cond.outputs)}")
    if isinstance(body, GraphFunction):
        outs = result_specs(body)
        if [d for d, _ in outs] != [t.dtype.base_dtype for t in inputs]:
            raise TypeError(f"While: body function '{body.name}' returns [{', '.join(d.name for d, _ in outs)}] "
                            f"for loop variables of types [{', '.join(t.dtype.base_dtype.name for t in inputs)}]")
        shapes = attrs.get("output_shapes") or []
        if len(shapes) == len(inputs):
            return [(t.dtype.base_dtype, TensorShape(s)) for t, s in zip(inputs, shapes)]
        return [(t.dtype.base_dtype, _most_specific_common(t.shape, TensorShape(s)))
                for t, (_, s) in zip(inputs, outs)]
    return [(t.dtype.base_dtype, None) for t in inputs]


def loop_values(ctx, op, values, tape=None):
    """The loop variables after a functional While op's loop (`tape`: receives each iteration's inputs)."""
    cond, body = function_of(op, "cond"), function_of(op, "body")
    values = list(values)
    while True:
        check_not_stopped(ctx)
        if not truth(run_function(ctx, cond, values)[0]):
            return values
        if tape is not None:
            tape.append(values)
        values = run_function(ctx, body, values)


def check_not_stopped(ctx):
    """A loop honours the run's deadline and its session closing, as TF's executor does."""
    if ctx.deadline is not None and time.monotonic() > ctx.deadline:
        raise errors.DeadlineExceededError(None, None, "Timed out waiting for the while loop to finish")
    closed = getattr(getattr(ctx, "resources", None), "closed", None)
    if closed is not None and closed.is_set():
        raise errors.CancelledError(None, None, "Session has been closed.")


def run_while(xp, inputs, ctx):
    """The kernel of a functional While op (the While type's own kernel delegates here)."""
    return packed(loop_values(ctx, ctx.op, inputs))


@register_op("StatelessWhile", infer=while_infer, needs_ctx=True)
def _stateless_while(xp, *inputs, ctx):
    return run_while(xp, inputs, ctx)


def _while_grad_infer(inputs, attrs):
    forward = attrs["_forward"]
    return [(t.dtype.base_dtype, t.shape) for t in forward.inputs]


@register_op("FunctionalWhileGrad", infer=_while_grad_infer, needs_ctx=True, stateful=True, no_gradient=True)
def _functional_while_grad(xp, *inputs, ctx):
    """The loop variables' gradients: the body's gradient function applied backwards over the iterations."""
    forward = ctx.op._attrs["_forward"]
    body = function_of(forward, "body")
    gradient, in_idx, out_idx = gradient_function(body)
    n = len(forward.inputs)
    tape = []
    loop_values(ctx, forward, inputs[:n], tape)
    grads = list(inputs[n:])  # one per loop variable
    for values in reversed(tape):
        ys = [grads[i] for i in out_idx]
        outs = run_function(ctx, gradient, list(values) + ys)
        new = [zeros_of(xp, v) for v in values]
        for k, i in enumerate(in_idx):
            new[i] = outs[k]
        grads = new
    return packed([g if isinstance(v, TensorListValue) else xp.asarray(g, dtype=np.asarray(v).dtype)
                   for g, v in zip(grads, inputs[:n])])


def while_gradient(op, *grads):
    """The input gradients of a functional While op."""
    backprop = [differentiable(t) for t in op.inputs]
    if not any(backprop):
        return [None] * len(op.inputs)
    ys = [array_ops.zeros_like(t) if g is None else convert_to_tensor(g) for t, g in zip(op.outputs, grads)]
    grad_op = apply_op("FunctionalWhileGrad", list(op.inputs) + ys, {"_forward": op}, name=None)
    return [g if d else None for g, d in zip(grad_op.outputs, backprop)]


_stateless_while.gradient(while_gradient)


# ------------------------------------------------------------------ For
def _for_infer(inputs, attrs):
    body = attrs.get("body")
    args = inputs[3:]
    if isinstance(body, GraphFunction):
        if len(body.inputs) != len(args) + 1 or body.inputs[0].dtype.base_dtype != dtypes.int32:
            raise ValueError(f"For: body function '{body.name}' must take the int32 index and the {len(args)} "
                             f"loop values; it takes '{', '.join(t.dtype.base_dtype.name for t in body.inputs)}'")
        check_arguments(body, [body.inputs[0]] + list(args), "For")
    return [(t.dtype.base_dtype, t.shape) for t in args]


@register_op("For", infer=_for_infer, needs_ctx=True, stateful=True)
def _for(xp, start, limit, delta, *values, ctx):
    body = function_of(ctx.op, "body")
    start, limit, delta = (int(np.asarray(v)) for v in (start, limit, delta))
    if delta == 0 or (delta > 0 and start > limit) or (delta < 0 and start < limit):
        raise errors.InvalidArgumentError(None, None, f"Invalid start/limit/delta: {start} {limit} {delta}")
    values = list(values)
    for i in range(start, limit, delta):
        values = run_function(ctx, body, [np.int32(i)] + values)
    return packed(values)


def for_loop_op(start, limit, delta, inputs, body, name=None):
    """Builds a For op running library function `body` (index, *values) -> values. Returns its outputs."""
    tensors = [convert_to_tensor(v, dtype=dtypes.int32) for v in (start, limit, delta)] + \
        [convert_to_tensor(v) for v in inputs]
    op = apply_op("For", tensors, {"T": [t.dtype.base_dtype for t in tensors[3:]], "body": body}, name=name)
    add_function(op.graph, body)
    return list(op.outputs)


__all__ = []
