"""TF 1.x op types over ref tensors, for imported GraphDefs: v1 queues, readers and stacks, whose handles
are `string_ref` tensors of shape [2], RefIdentity, RefSelect, RefMerge, TemporaryVariable and
DestroyTemporaryVariable.

A v1 queue, reader or stack op is its V2 op (the same kernel, the same session resource) whose handle
output is a string ref instead of a resource; the ops that take that handle take it as a ref input, so
the executor hands them the queue, reader or stack itself.
"""
from __future__ import annotations

import dataclasses
import functools

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import REGISTRY, lookup, register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import cond_ops, data_flow_ops, io_ops, loop_stack_ops, state_ops
from tfsess.ops._infer import check_same_dtype
from tfsess.runtime.variable_store import VariableRef

__all__ = []

_HERE = __file__
_REGISTERING = (cond_ops, data_flow_ops, io_ops, loop_stack_ops, state_ops)  # the V2 types exist before their v1 forms


def _ref_handle_infer(inputs, attrs):
    return [(dtypes.string_ref, TensorShape([2]))]


class V1Handle:
    """The value of a v1 handle: the queue, reader or stack itself (`resource`), read as TF's
    [container, name] strings where a value is wanted (a fetch, a consumer that is not a handle op)."""

    __slots__ = ("resource", "container", "name")

    def __init__(self, resource, container, name):
        self.resource, self.container, self.name = resource, container, name

    def read(self):
        return np.array([self.container.encode(), self.name.encode()], dtype=object)


def _unwrapped(handle):
    return handle.resource if isinstance(handle, V1Handle) else handle


def _v1_of(old, new, handles=0, **fields):
    """Registers `old` as `new` taking its first `handles` inputs as v1 handles (string refs); with
    `handles=0` it is a handle-making op whose output becomes a v1 handle."""
    base = lookup(new)
    kernel = base.kernel
    if handles:
        fields["ref_inputs"] = tuple(range(handles))

        def v1_kernel(xp, *inputs, **attrs):
            return kernel(xp, *[_unwrapped(h) for h in inputs[:handles]], *inputs[handles:], **attrs)
    else:
        fields["infer"] = _ref_handle_infer

        def v1_kernel(xp, *inputs, **attrs):
            op = attrs["ctx"].op
            name = op._attrs.get("shared_name") or op._attrs.get("stack_name") or f"_0_{op.name}"
            return V1Handle(kernel(xp, *inputs, **attrs), op._attrs.get("container") or "localhost", name)
    v1_kernel = functools.wraps(kernel)(v1_kernel)  # its signature is the V2 kernel's: the same attrs reach it
    REGISTRY[old] = dataclasses.replace(base, type=old, kernel=v1_kernel, kernels={}, defined_at=_HERE, **fields)


for _old in ("FIFOQueue", "PaddingFIFOQueue", "RandomShuffleQueue", "PriorityQueue", "TextLineReader",
             "TFRecordReader", "FixedLengthRecordReader", "IdentityReader", "WholeFileReader"):
    _v1_of(_old, _old + "V2")
for _old in ("QueueEnqueue", "QueueEnqueueMany", "QueueDequeue", "QueueDequeueMany", "QueueDequeueUpTo", "QueueClose",
             "QueueSize", "QueueIsClosed", "ReaderNumRecordsProduced", "ReaderNumWorkUnitsCompleted", "ReaderReset",
             "ReaderSerializeState", "ReaderRestoreState", "StackPush", "StackPop", "StackClose"):
    _v1_of(_old, _old + "V2", handles=1)
for _old in ("ReaderRead", "ReaderReadUpTo"):  # a reader's handle and its queue's
    _v1_of(_old, _old + "V2", handles=2)


@register_op("Stack", infer=_ref_handle_infer, stateful=True, needs_ctx=True, no_gradient=True)
def _stack_v1(xp, *, elem_type, stack_name="", ctx):
    """A v1 stack: StackV2 with no size limit."""
    stack = lookup("StackV2").kernel(xp, np.int32(-1), elem_type=elem_type, stack_name=stack_name, ctx=ctx)
    return V1Handle(stack, "localhost", stack_name or f"_0_{ctx.op.name}")


# ------------------------------------------------------------------ ref forwarding
@register_op("RefIdentity", infer=lambda inputs, attrs: [(inputs[0].dtype, inputs[0].shape)], ref_inputs=(0,),
             gpu=False)
def _ref_identity(xp, ref):
    return ref


@_ref_identity.gradient
def _ref_identity_grad(op, grad):
    return [grad]


def _ref_select_infer(inputs, attrs):
    index, refs = inputs[0], inputs[1:]
    if index.dtype.base_dtype != dtypes.int32:
        raise TypeError(f"Input 'index' of 'RefSelect' Op has type {index.dtype.base_dtype.name} that does not match "
                        "expected type of int32.")
    check_same_dtype(refs, "RefSelect", names=[f"inputs_{i}" for i in range(len(refs))])
    shape = refs[0].shape
    for t in refs[1:]:
        shape = shape.merge_with(t.shape) if shape.is_compatible_with(t.shape) else unknown_shape()
    return [(refs[0].dtype, shape)]


class _InputsFrom(tuple):
    """Input indices `start` and on, for a list of refs of any length (`in` answers for every index;
    iterating gives the first, the one the placer colocates with)."""

    def __new__(cls, start):
        instance = super().__new__(cls, (start,))
        instance.start = start
        return instance

    def __contains__(self, index):
        return index >= self.start


@register_op("RefSelect", infer=_ref_select_infer, ref_inputs=_InputsFrom(1), gpu=False)
def _ref_select(xp, index, *refs):
    i = int(np.asarray(index))
    if not 0 <= i < len(refs):
        raise errors.InvalidArgumentError(None, None, f"Index must be in the range [0, {len(refs)}) but got {i}")
    return refs[i]


def _ref_merge_infer(inputs, attrs):
    return [(inputs[0].dtype, lookup("Merge").infer(inputs, attrs)[0][1]), (dtypes.int32, TensorShape([]))]


REGISTRY["RefMerge"] = dataclasses.replace(lookup("Merge"), type="RefMerge", infer=_ref_merge_infer,
                                           ref_inputs=_InputsFrom(0), gpu=False, defined_at=_HERE)


# ------------------------------------------------------------------ temporary variables
def _temporary_variable_infer(inputs, attrs):
    return [(dtypes.as_dtype(attrs["dtype"])._as_ref(), TensorShape(attrs["shape"]))]


def _temporary_key(op, var_name):
    return ("temporary_variable", var_name or op.name)


@register_op("TemporaryVariable", infer=_temporary_variable_infer, needs_ctx=True, stateful=True, gpu=False)
def _temporary_variable(xp, *, shape, dtype, var_name="", ctx):
    """A variable of one step (the run's scratch space), until a DestroyTemporaryVariable of its name."""
    key = _temporary_key(ctx.op, var_name)
    if key in ctx.scratch:
        raise errors.AlreadyExistsError(None, None, f"Resource {key[1]} already exists")
    variable = VariableRef(var_name or ctx.op.name, tuple(shape or ()))
    # TF hands out the buffer as it finds it (readable before any assign): here it is zeros
    variable.assign(np.zeros(tuple(shape or ()), dtypes.as_dtype(dtype).as_numpy_dtype))
    ctx.scratch[key] = variable
    return variable


@register_op("DestroyTemporaryVariable",
             infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, inputs[0].shape)],
             needs_ctx=True, stateful=True, ref_inputs=(0,), gpu=False)
def _destroy_temporary_variable(xp, ref, *, var_name, ctx):
    if not isinstance(ref, VariableRef):
        raise errors.InvalidArgumentError(None, None, "DestroyTemporaryVariable takes the ref of a TemporaryVariable")
    value = ref.read()
    ctx.scratch.pop(("temporary_variable", var_name), None)
    return value
