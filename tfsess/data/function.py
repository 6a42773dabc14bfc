"""A dataset's user function (map, filter, flat_map, ...) traced once into graph ops.

The function is called once on placeholders standing for one element; the ops it creates are
recorded (as a loop body is) and run per element by a compiled plan (runtime.executor.Plan) fed
with the element's components and the outside tensors the function captured.
"""
from __future__ import annotations

import weakref

from tfsess.ops import constant_op
from tfsess.ops.control_flow_ops import ControlFlowContext
from tfsess.ops.ragged.ragged_tensor import RaggedTensor
from tfsess.ops.while_ops import captured_tensors
from tfsess.runtime.executor import Plan
from tfsess.data import structure


class _FunctionContext(ControlFlowContext):
    """Records the function's ops; outer control dependencies do not reach into it."""

    def __init__(self, graph):
        super().__init__(graph)
        self.outer = None


class TracedFunction:
    """`fn` traced on an element of `input_specs`; `call(ctx, flat, captured)` runs it on values.

    Attributes:
        output: the function's result, normalized (nested tensors), or whatever `wrap` made of it.
        outputs: the flat tensors the plan computes.
        captures: outside tensors the function reads, fed to the plan after the element.
    """

    def __init__(self, fn, input_specs, graph, name="args", wrap=None):
        self.graph = graph
        with graph.control_dependencies(None):
            self.args = [constant_op.placeholder(dtype, shape, name=f"{name}_{i}")
                         for i, (dtype, shape) in enumerate(structure.component_specs(input_specs))]
        for a in self.args:
            graph.prevent_feeding(a)
        element = structure.from_components(input_specs, self.args)
        context = _FunctionContext(graph)
        with context.enter(hide_outer=True):
            result = fn(*element) if isinstance(element, tuple) and not hasattr(element, "_fields") \
                else fn(element)
            self.output, self.outputs = (wrap or _wrap_element)(result)
        self.ops = list(context.ops)
        self.captures = _captures(self.ops, self.args, self.outputs, context.values)
        self._plans = weakref.WeakKeyDictionary()
        ragged = any(isinstance(leaf, RaggedTensor) for leaf in structure.leaves(self.output))
        self.batch_safe = not ragged and _batch_safe(self.ops, self.args, self.outputs)  # ragged rows do not stack

    def plan(self, ctx):
        key = ctx.session if ctx.session is not None else self
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = Plan(self.outputs, [], self.args + self.captures, ctx.placer_for(self.graph))
        return plan

    def call(self, ctx, flat, captured):
        return list(self.plan(ctx).run(list(flat) + list(captured), ctx))


_PASS_THROUGH = frozenset({"Identity", "Const", "Cast", "StopGradient"})


def _batch_safe(ops, args, outputs):
    """Whether the ops give, run once on k stacked elements, the k results stacked (map vectorisation).

    True when every op is stateless and elementwise (or passes values through), and no operand
    computed from the element meets an operand of higher rank that NumPy broadcasting would
    align with the stacked dimension; every output must come from the element.
    """
    ranks = {}  # tensors computed from the element: their per-element rank
    for a in args:
        if a.shape.ndims is None:
            return False
        ranks[a] = a.shape.ndims
    for op in ops:
        stacked = [t for t in op._inputs if t in ranks]
        if not stacked:
            if op._opdef.stateful:  # a random op drawn once per chunk would repeat across elements
                return False
            continue
        if op._opdef.stateful or op._control_inputs or not (op._opdef.elementwise or op.type in _PASS_THROUGH):
            return False
        rank = ranks[stacked[0]]
        for t in op._inputs:
            if (t in ranks and ranks[t] != rank) or (t not in ranks and (t.shape.ndims is None or t.shape.ndims > rank)):
                return False
        for t in op._outputs:
            ranks[t] = rank
    return all(t in ranks for t in outputs)


def _wrap_element(result):
    """A map result: lists become tuples (as tf.data does), leaves become tensors."""
    if result is None:  # TF's text: a function returning nothing gives an op with no outputs
        raise ValueError("Attr 'output_types' of 'MapDataset' Op passed list of length 0 less than minimum 1.")
    if isinstance(result, list):
        result = tuple(result)
    element = structure.normalize(result)
    return element, structure.components(element)


def _captures(ops, args, outputs, inside):
    """What the traced ops read from outside (as a while loop's body does), plus outputs made outside."""
    found = captured_tensors(ops, args)
    produced = set(args).union(*(op._outputs for op in ops))
    extra = [t for t in dict.fromkeys(outputs) if t not in produced and t not in inside
             and not t.dtype.is_ref_dtype and t not in found]
    return found + extra

