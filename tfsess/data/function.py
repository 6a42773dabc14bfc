"""A dataset's user function (map, filter, flat_map, ...) as a function of the graph's library.

The function is called once on placeholders standing for one element, under a name scope of its
own, as TF traces it into a FuncGraph: the ops it creates are recorded as a library function
(framework/function_library.GraphFunction), named as TF names it
(`__inference_Dataset_map_<python name>_<n>`), its results passed through `Identity` ops, the
outside tensors it reads becoming extra arguments (the dataset op passes them: `Targuments`).
The dataset op names the function in an attr (`f`, `predicate`, `key_func`, ...), so the GraphDef
holds it as a FunctionDef, and a FunctionDef imported from TF runs the same way.

A FunctionRunner runs a library function per element with a compiled plan
(runtime.executor.Plan) fed with the element's components, then the captured values.
"""
from __future__ import annotations

import contextlib
import itertools
import re
import weakref

from tfsess.framework import errors
from tfsess.framework.function_library import GraphFunction, add_function, scope_name
from tfsess.ops import array_ops, constant_op, control_flow_ops
from tfsess.ops.control_flow_ops import ControlFlowContext
from tfsess.ops.ragged.ragged_tensor import RaggedTensor
from tfsess.ops.while_ops import captured_tensors
from tfsess.runtime.executor import Plan
from tfsess.data import structure

_UIDS = itertools.count(1)
_RUNNERS = weakref.WeakKeyDictionary()  # GraphFunction -> FunctionRunner


class _FunctionContext(ControlFlowContext):
    """Records the function's ops; outer control dependencies do not reach into it."""

    def __init__(self, graph):
        super().__init__(graph)
        self.outer = None


class FunctionRunner:
    """Runs a library function on values: `call(ctx, flat, captured)` gives its flat outputs.

    Attributes:
        function: the GraphFunction (its inputs: the element's components, then the captures).
        batch_safe: whether one call on k stacked elements gives the k results stacked.
    """

    def __init__(self, function, batch_safe=False):
        self.function, self.batch_safe = function, batch_safe
        self._plans = weakref.WeakKeyDictionary()

    def plan(self, ctx):
        key = ctx.session if ctx.session is not None else self
        plan = self._plans.get(key)
        if plan is None:
            f = self.function
            plan = self._plans[key] = Plan(f.outputs, f.control_outputs, f.inputs, ctx.placer_for(f.graph))
        return plan

    def call(self, ctx, flat, captured):
        try:
            return list(self.plan(ctx).run(list(flat) + list(captured), ctx))
        except errors.OpError as exc:
            raise _named_locally(exc, self.function.scope) from None


def _named_locally(exc, scope):
    """`exc` naming the failed node as TF does inside a function: by its name within the function."""
    tag = "{{node " + scope
    if not scope or tag not in exc.message:
        return exc
    return type(exc)(None, exc.op, exc.message.replace(tag, "{{node "))


def runner(function, op_name="") -> FunctionRunner:
    """The runner of a library function (a dataset op's function attr).

    Raises:
        NotFoundError: the attr names a function the graph's library lacks (as TF's message).
    """
    if not isinstance(function, GraphFunction):
        raise errors.NotFoundError(None, None, f"Function {function} is not defined (needed by {op_name}).")
    found = _RUNNERS.get(function)
    if found is None:
        found = _RUNNERS[function] = FunctionRunner(function)
    return found


def function_name(transformation: str, fn, func_name=None) -> str:
    """TF's library name of a traced dataset function: `__inference_<transformation>_<python name>_<n>`."""
    base = func_name or getattr(fn, "__name__", None) or type(fn).__name__
    base = re.sub(r"\W", "_", base.replace("<", "").replace(">", ""))
    return f"__inference_{transformation}_{base}_{next(_UIDS)}"


class TracedFunction(FunctionRunner):
    """`fn` traced on an element of `input_specs` into library function `transformation`.

    Attributes:
        output: the function's result, normalized (nested tensors), or whatever `wrap` made of it.
        outputs: the flat tensors the function returns (the Identity ops of its results).
        captures: outside tensors the function reads (the dataset op passes them after the element).
        function: the GraphFunction, in the graph's library.
    """

    def __init__(self, fn, input_specs, graph, transformation="Dataset_map", wrap=None, func_name=None):
        name = function_name(transformation, fn, func_name)
        with graph.as_default(), graph.control_dependencies(None), graph.name_scope(None), \
                graph.name_scope(scope_name(name)) as scope:
            context = _FunctionContext(graph)
            with context.enter(hide_outer=True):
                self.args = [constant_op.placeholder(dtype, shape, name=f"args_{i}")
                             for i, (dtype, shape) in enumerate(structure.component_specs(input_specs))]
                for a in self.args:
                    graph.prevent_feeding(a)
                element = structure.from_components(input_specs, self.args)
                result = fn(*element) if isinstance(element, tuple) and not hasattr(element, "_fields") \
                    else fn(element)
                self.output, results = (wrap or _wrap_element)(result)
                branch_ops = _in_cond_branches(context.ops)
                stateful = [op for op in context.ops if _must_run(op) and op not in branch_ops]
                with _after(graph, stateful):  # TF's automatic control dependencies
                    self.outputs = [array_ops.identity(t, name="Identity") for t in results]
        ops = list(context.ops)
        self.captures = captured_tensors(ops, self.args)
        function = DatasetFunction(
            name, graph, self.args + self.captures, self.outputs, ops, scope=scope,
            input_names=_input_names(self.args, self.captures, ops, scope),
            output_names=["identity" if i == 0 else f"identity_{i}" for i in range(len(self.outputs))],
            captures=self.captures, control_outputs=[op for op in ops if _must_run(op)], attrs={"_tf_data_function": True})
        for op in ops:
            op._function_scope = scope
        add_function(graph, function)
        ragged = any(isinstance(leaf, RaggedTensor) for leaf in structure.leaves(self.output))
        super().__init__(function, not ragged and _batch_safe(ops, self.args, self.outputs))  # ragged rows do not stack
        _RUNNERS[function] = self


class DatasetFunction(GraphFunction):
    """A traced dataset function: stateful as TF's OpDefs say (most dataset ops are not)."""

    @property
    def stateful(self) -> bool:
        return any(_stateful(op) for op in self.ops)


# dataset op types tfsess registers stateful (never folded) that TF's OpDefs call stateless
_TF_STATELESS = frozenset((
    "AssertCardinalityDataset", "BatchDatasetV2", "CacheDataset", "ConcatenateDataset", "DatasetCardinality",
    "DenseToSparseBatchDataset", "DirectedInterleaveDataset", "FilterDataset", "FlatMapDataset",
    "GroupByWindowDataset", "IgnoreErrorsDataset", "InterleaveDataset", "MapDataset", "PaddedBatchDatasetV2",
    "ParallelInterleaveDatasetV4", "ParallelMapDatasetV2", "PrefetchDataset", "RepeatDataset", "ScanDataset",
    "ShardDataset", "ShuffleDataset", "SkipDataset", "SnapshotDatasetV2", "TakeDataset", "TakeWhileDataset",
    "UnbatchDataset", "UniqueDataset", "WindowDataset", "ZipDataset"))


def _stateful(op) -> bool:
    return op._opdef.stateful and op.type != "Placeholder" and op.type not in _TF_STATELESS


# TF's automatic control dependencies leave these stateful ops out (auto_control_deps.LEGACY_RANDOM_OPS)
_LEGACY_RANDOM = frozenset(("RandomUniform", "RandomUniformInt", "RandomStandardNormal", "ParameterizedTruncatedNormal",
                            "TruncatedNormal", "RandomShuffle", "Multinomial", "RandomGamma", "RandomGammaGrad",
                            "RandomPoisson", "RandomPoissonV2"))


def _in_cond_branches(ops) -> set:
    """The ops (in creation order) that run only when a cond branch is taken: fed through a Switch with no
    Merge since. TF's automatic control dependencies see only a function's top level, where a cond is one If
    op; waiting on an op of a branch not taken would make every result dead."""
    inside = set()
    for op in ops:
        producers = [t.op for t in op._inputs] + list(op._control_inputs)
        if op.type not in ("Merge", "RefMerge") and any(
                p.type in ("Switch", "RefSwitch") or p in inside for p in producers):
            inside.add(op)
    return inside


def _must_run(op) -> bool:
    return _stateful(op) and op.type not in _LEGACY_RANDOM


@contextlib.contextmanager
def _after(graph, stateful):
    """The results wait for the stateful ops through one `NoOp`, as TF's FuncGraph makes them."""
    if not stateful:
        yield
        return
    with graph.control_dependencies(stateful):
        done = control_flow_ops.no_op(name="NoOp")
    with graph.control_dependencies([done]):
        yield


def _input_names(args, captures, ops, scope):
    """TF's argument names: `args_<i>`, then per capture `<scope of its first reader>_<captured op>`."""
    names = [f"args_{i}" for i in range(len(args))]
    taken = set(names)
    for t in captures:
        reader = next((op for op in ops if t in op._inputs), None)
        local = reader.name[len(scope):] if reader is not None and reader.name.startswith(scope) else ""
        base = re.sub(r"[^a-z0-9_]", "_", f"{local}_{t.op.name}".lower()).strip("_") or "capture"
        name, k = base, 0
        while name in taken:
            k += 1
            name = f"{base}_{k}"
        taken.add(name)
        names.append(name)
    return names


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
        if op.outputs and op.outputs[0] in ranks:
            continue  # an argument
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
