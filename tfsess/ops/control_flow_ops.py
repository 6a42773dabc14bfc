"""Control flow: grouping (no_op, group, tuple, with_dependencies), the nested-structure helpers
and the control-flow context that cond and while_loop build their bodies in.

A context records the ops created while it is active: entering it pushes a control-dependency
frame that adds no control inputs but hands every new op to the context. The control-flow ops
themselves live beside this module and are re-exported from it: cond_ops (Switch/Merge, cond,
case) and while_ops (while_loop and its gradient).
"""
from __future__ import annotations

import contextlib

from tfsess.framework import scopes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, graph_of, op_scope
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.ops import array_ops
from tfsess.ops._infer import no_outputs
from tfsess.ops.tensor_array_ops import TensorArray


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


# ================================================================== nested structures (TF's nest)
def _is_sequence(x):
    return isinstance(x, (list, tuple, dict))


def _flatten(structure):
    """The leaves of a nested list/tuple/namedtuple/dict (dicts by sorted key); a SparseTensor
    counts as its three component tensors (TF's expand_composites), a TensorArray as its flow."""
    if isinstance(structure, (SparseTensor, SparseTensorValue)):
        return [structure.indices, structure.values, structure.dense_shape]
    if isinstance(structure, TensorArray):
        return [structure.flow]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _pack(structure, flat):
    """Rebuilds `structure` with the leaves in `flat`."""
    leaves = iter(flat)

    def build(s):
        if isinstance(s, (SparseTensor, SparseTensorValue)):
            return SparseTensor(next(leaves), next(leaves), next(leaves))
        if isinstance(s, TensorArray):
            return s._with_flow(next(leaves))
        if isinstance(s, dict):
            built = {key: build(s[key]) for key in sorted(s)}
            return type(s)((key, built[key]) for key in s)
        if isinstance(s, (list, tuple)):
            items = [build(item) for item in s]
            if isinstance(s, tuple) and hasattr(s, "_fields"):
                return type(s)(*items)
            return type(s)(items) if isinstance(s, tuple) else items
        return next(leaves)

    return build(structure)


def _assert_same_structure(a, b, check_types=True):
    """TF's nest.assert_same_structure: ValueError for different nesting, TypeError for kinds."""
    def kind(x):
        if isinstance(x, (SparseTensor, SparseTensorValue)):
            return "sparse"
        return type(x) if _is_sequence(x) else None

    def walk(x, y):
        kx, ky = kind(x), kind(y)
        if (kx is None) != (ky is None) or (kx == "sparse") != (ky == "sparse"):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {a!r}\n\nSecond structure: {b!r}")
        if kx is None or kx == "sparse":
            return
        if check_types and kx is not ky and not (issubclass(kx, list) and issubclass(ky, list)):
            raise TypeError("The two structures don't have the same sequence type. Input structure has "
                            f"type {kx}, while shallow structure has type {ky}.")
        if isinstance(x, dict):
            if sorted(x) != sorted(y):
                raise ValueError(f"The two dictionaries don't have the same set of keys. First structure "
                                 f"has keys {sorted(x)}, while second structure has keys {sorted(y)}.")
            for key in x:
                walk(x[key], y[key])
            return
        if len(x) != len(y):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {a!r}\n\nSecond structure: {b!r}")
        for xi, yi in zip(x, y):
            walk(xi, yi)

    walk(a, b)


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
    active = _active_contexts(graph)
    return active[-1] if active else None


class _Context:
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


# ------------------------------------------------------------------ exports from sibling modules
# cond_ops and while_ops import the names defined above.
from tfsess.ops.cond_ops import CondContext, case, cond, merge, switch  # noqa: E402,F401
from tfsess.ops.while_ops import while_loop  # noqa: E402,F401
from tfsess.ops.logging_ops import (Assert, Print, assert_equal, assert_greater, assert_greater_equal,  # noqa: E402
                                    assert_integer, assert_less, assert_less_equal, assert_near,
                                    assert_negative, assert_non_negative, assert_non_positive,
                                    assert_none_equal, assert_positive, assert_proper_iterable, assert_rank,
                                    assert_rank_at_least, assert_rank_in, assert_same_float_dtype,
                                    assert_scalar, assert_type, is_non_decreasing, is_numeric_tensor,
                                    is_strictly_increasing, print_v2)
from tfsess.ops import logging_ops  # noqa: E402
from tfsess.ops.script_ops import numpy_function, py_func  # noqa: E402

print = print_v2  # noqa: A001 - tf.print

# Every logging_ops export but print_v2 (exported here as `print`), plus the names above.
__all__ = sorted([n for n in logging_ops.__all__ if n != "print_v2"] + [
    "case",
    "cond",
    "group",
    "no_op",
    "numpy_function",
    "print",
    "py_func",
    "while_loop",
    "with_dependencies",
])

