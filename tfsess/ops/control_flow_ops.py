"""Grouping and ordering ops: no_op, group, tuple, with_dependencies."""
from __future__ import annotations

from tfsess.framework.op_builder import apply_op, convert_to_tensor, graph_of, op_scope
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import register_op
from tfsess.ops import array_ops
from tfsess.ops._infer import no_outputs


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


def group(*inputs, name=None):
    """An op that runs once all `inputs` have run (tf.group). Returns an Operation."""
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
        gating = [t.op for t in tensors if t is not None]
        if control_inputs:
            gating += [_as_op(c) for c in control_inputs]
        gate = group(*gating)
        return [None if t is None else with_dependencies([gate], t) for t in tensors]

__all__ = [
    "group",
    "no_op",
    "with_dependencies",
]
