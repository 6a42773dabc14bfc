"""The stack ops TF1's while-loop gradients are written with (StackV2, StackPushV2, StackPopV2,
StackCloseV2) and ControlTrigger.

A GraphDef holding a TF1 loop's gradient keeps each forward value the backward loop reads on a
stack: the forward frame pushes it every iteration, the backward frame pops it. The stack is made
fresh by each run of its StackV2 op; its handle output is the stack itself (a host object, as a
TensorArray handle is), so pushes and pops reach it through any loop that reads the handle.
"""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import no_outputs

__all__ = []


class _Stack:
    """One run's stack of values (a StackV2 handle)."""

    __slots__ = ("name", "dtype", "max_size", "items", "closed")

    def __init__(self, name, dtype, max_size):
        self.name, self.dtype, self.max_size = name, dtype, max_size
        self.items, self.closed = [], False

    def check_open(self, op_name):
        if self.closed:
            raise errors.InvalidArgumentError(None, None, f"Stack {self.name} has already been closed. "
                                              f"(node {op_name})")


def _handle(stack, ctx):
    if not isinstance(stack, _Stack):
        raise errors.InvalidArgumentError(None, None, f"Node {ctx.op.name}: its handle input is not a stack")
    stack.check_open(ctx.op.name)
    return stack


@register_op("StackV2", infer=lambda inputs, attrs: [(dtypes.resource, TensorShape([2]))], stateful=True,
             needs_ctx=True, no_gradient=True)
def _stack(xp, max_size, *, elem_type, stack_name="", ctx):
    return _Stack(stack_name or ctx.op.name, dtypes.as_dtype(elem_type), int(max_size))


@register_op("StackPushV2", infer=lambda inputs, attrs: [(inputs[1].dtype.base_dtype, inputs[1].shape)],
             stateful=True, needs_ctx=True, no_gradient=True)
def _stack_push(xp, handle, elem, *, swap_memory=False, ctx):
    stack = _handle(handle, ctx)
    if 0 <= stack.max_size <= len(stack.items):
        raise errors.InvalidArgumentError(None, None, f"Stack[{stack.name}] overflowed its max_size "
                                          f"({stack.max_size}) (node {ctx.op.name})")
    stack.items.append(elem)
    return elem


@register_op("StackPopV2", infer=lambda inputs, attrs: [(dtypes.as_dtype(attrs["elem_type"]), TensorShape(None))],
             stateful=True, needs_ctx=True, no_gradient=True)
def _stack_pop(xp, handle, *, elem_type, ctx):
    stack = _handle(handle, ctx)
    if not stack.items:
        raise errors.OutOfRangeError(None, None, f"Stack[{stack.name}] is empty when calling Pop(). "
                                     f"(node {ctx.op.name})")
    return stack.items.pop()


@register_op("StackCloseV2", infer=no_outputs, stateful=True, needs_ctx=True, no_gradient=True)
def _stack_close(xp, handle, *, ctx):
    _handle(handle, ctx).closed = True
    return ()


@register_op("ControlTrigger", infer=no_outputs, no_gradient=True)
def _control_trigger(xp):
    return ()
