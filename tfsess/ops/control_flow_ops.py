"""Control flow basics: grouping (no_op, group, tuple, with_dependencies), the Exit op a loop's
results are, and the control-flow context that cond and while_loop build their bodies in.

A context records the ops created while it is active: entering it pushes a control-dependency
frame that adds no control inputs but hands every new op to the context. The control-flow ops
build on this module: cond_ops (Switch/Merge, cond), case_ops (case), while_ops (while_loop),
check_ops (Assert, assert_*).
"""
from __future__ import annotations

import contextlib

from tfsess.framework import scopes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, graph_of, op_scope
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import register_op
from tfsess.ops import array_ops
from tfsess.ops._infer import apply_gen, no_outputs, same_as_input


# ================================================================== grouping
@register_op("NoOp", infer=no_outputs)
def _no_op(xp):
    return ()


def no_op(name=None):
    """Does nothing; useful as a placeholder for control edges (tf.no_op)."""
    return apply_op("NoOp", [], name=name or "NoOp")


def _as_op(x):
    if isinstance(x, Operation):
        return x
    if isinstance(x, Tensor):
        return x.op
    if hasattr(x, "op"):
        return x.op
    raise TypeError(f"Expected an Operation or Tensor in group(), got {x!r}")


def group(*inputs, **kwargs):
    """An op that runs once all `inputs` have run (tf.group). Returns an Operation.

    Raises:
        ValueError: a keyword argument other than `name`, as TF's.
    """
    name = kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unknown keyword arguments: " + ", ".join(kwargs.keys()))
    flat = []
    for x in inputs:
        if isinstance(x, (list, tuple, set)):
            flat.extend(x)
        elif isinstance(x, dict):
            flat.extend(x.values())
        else:
            flat.append(x)
    ops = [_as_op(x) for x in flat if x is not None]
    graph = graph_of(ops)
    with graph.as_default(), graph.control_dependencies(ops):
        return apply_op("NoOp", [], name=name or "group_deps", graph=graph)


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`'s value, computed only after `dependencies` have run."""
    output_tensor = convert_to_tensor(output_tensor)
    with op_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        graph = output_tensor.graph
        with graph.control_dependencies(dependencies):
            return array_ops.identity(output_tensor, name=scope)


def tuple_(tensors, name=None, control_inputs=None):
    """Groups tensors: each output is available only once all inputs are (tf.tuple)."""
    tensors = list(tensors)
    with op_scope(name, "tuple", tensors):
        # as TF, plain values (arrays, lists, numbers) become tensors and operations pass through gated
        tensors = [t if t is None or isinstance(t, Operation) or hasattr(t, "op") else convert_to_tensor(t)
                   for t in tensors]
        gating = [t if isinstance(t, Operation) else t.op for t in tensors if t is not None]
        if not gating:
            raise ValueError(f"'tensors' must have at least one Tensor. Received: {tensors}.")
        if control_inputs:
            gating += [_as_op(c) for c in control_inputs]
        gate = group(*gating)
        return [None if t is None else _gated(gate, t) for t in tensors]


def _gated(gate, value):
    if isinstance(value, Operation):
        with graph_of([gate]).control_dependencies([gate]):
            return group(value)
    return with_dependencies([gate], value)


# ================================================================== a loop's results
@register_op("Exit", infer=same_as_input(0))
def _exit(xp, data):
    return data


@_exit.gradient
def _exit_grad(op, grad):
    return [grad]


def loop_exit(data, name=None):
    """A loop variable's value after its loop: TF's Exit op. tfsess's loops run as one While op, whose
    outputs pass through an Exit each so that users see TF's `while/Exit_1` op (its type too)."""
    return apply_gen("Exit", [("data", data, None)], name=name)


# ================================================================== control-flow contexts
class _ContextSeen(set):
    """A ControlFrame's `seen` set that also hands every new op to its context."""

    __slots__ = ("context",)

    def add(self, op):
        set.add(self, op)
        self.context._on_created(op)


class _ContextFrame(scopes.ControlFrame):
    """A control-dependency frame adding no control inputs: it lets a context see new ops."""

    __slots__ = ("context",)

    def __init__(self, context):
        super().__init__([])
        self.context = context
        self.seen = _ContextSeen()
        self.seen.context = context


def _active_contexts(graph):
    """The contexts active in the calling thread, outermost first (control_dependencies(None)
    hides the ones outside it, as in TF)."""
    active = []
    for frame in graph._scope.control_frames:
        if frame.ops is None:
            active = []
        elif isinstance(frame, _ContextFrame):
            active.append(frame.context)
    return active


def _current_context(graph):
    """The innermost control-flow context active in the calling thread, or None."""
    active = _active_contexts(graph)
    return active[-1] if active else None


current_context = _current_context  # for the loop and cond builders of other modules


def made_in_control_flow(graph, op) -> bool:
    """Whether `op` was built inside a cond or while_loop context active in the calling thread."""
    return any(op in context.ops for context in _active_contexts(graph))


class ControlFlowContext:
    """Records the ops created while it is active; `enter()` makes it active."""

    def __init__(self, graph):
        self.graph = graph
        self.outer = _current_context(graph)
        self.ops = {}         # ops created inside, in creation order (a dict as ordered set)
        self.values = set()   # tensors that live inside

    @contextlib.contextmanager
    def enter(self, hide_outer=False):
        """Makes this context see new ops; `hide_outer` hides the enclosing ones (a loop body)."""
        frames = self.graph._scope.control_frames
        pushed = ([scopes.ControlFrame(None)] if hide_outer else []) + [_ContextFrame(self)]
        frames.extend(pushed)
        try:
            yield self
        finally:
            del frames[-len(pushed):]

    def record(self, op):
        self.ops[op] = None
        self.values.update(op._outputs)

    def _on_created(self, op):
        self.record(op)
        if _current_context(self.graph) is self:
            self._process(op)

    def _process(self, op):
        pass

    def add_value(self, tensor):
        return tensor


__all__ = ["group", "no_op", "with_dependencies"]
