"""Ops that consume a whole dataset inside one run: Dataset.reduce and get_single_element."""
from __future__ import annotations

from tfsess.framework import errors
from tfsess.framework.op_builder import apply_op, graph_of
from tfsess.framework.registry import register_op
from tfsess.data import structure
from tfsess.data.background import ThreadEnv, Workers
from tfsess.data.function import TracedFunction, runner
from tfsess.data.pipeline import ElementError


def _outputs_infer(inputs, attrs):
    return list(zip(attrs["output_types"], attrs["output_shapes"]))


def _structure_attrs(specs):
    comps = structure.component_specs(specs)
    return {"output_types": [t for t, _ in comps], "output_shapes": [s for _, s in comps]}


def elements(pipe, ctx):
    """The elements of a bound pipeline, walked within the current run (its threads stopped after)."""
    env = ThreadEnv({}, Workers(), ctx)
    try:
        for elem in pipe.iterate(env):
            if isinstance(elem, ElementError):
                raise elem.error
            yield elem
    finally:
        env.workers.stop()


def reduce_dataset(dataset, initial_state, reduce_func):
    """Dataset.reduce: traced once (again with shapes relaxed when the function changes the state's)."""
    state = structure.normalize(initial_state)
    state_specs = structure.map_structure(structure.spec_of, state)
    graph = graph_of([dataset._variant])

    def trace(specs):
        fn = TracedFunction(reduce_func, (specs, dataset._specs), graph, "reduce")
        return fn, fn.output
    fn, state_specs = structure.trace_with_state(trace, state_specs)
    components = structure.components(state)
    attrs = dict(_structure_attrs(state_specs), f=fn.function, Tstate=[t.dtype.base_dtype for t in components],
                 Targuments=[t.dtype.base_dtype for t in fn.captures])
    op = apply_op("ReduceDataset", [dataset._variant] + components + fn.captures, attrs,
                  name="ReduceDataset")
    return structure.from_components(state_specs, op.outputs)


@register_op("ReduceDataset", infer=_outputs_infer, needs_ctx=True, stateful=True, gpu=False, no_gradient=True)
def _reduce_dataset(xp, pipe, *state_and_captured, ctx):
    fn, width = runner(ctx.op._attrs.get("f"), ctx.op.name), len(ctx.op._attrs["Tstate"])
    state, captured = list(state_and_captured[:width]), list(state_and_captured[width:])
    op = ctx.op
    for elem in elements(pipe, ctx):
        state = fn.call(ctx, state + list(elem), captured)
        if len(state) != width:  # a new state of another structure (TF checks its count only here)
            ctx.op = op
            raise errors.InvalidArgumentError(
                None, op, f"The number of components of the initial state and the reduce function output does not "
                          f"match. (initial_state={width}, output={len(state)}).")
    ctx.op = op
    return state[0] if len(state) == 1 else tuple(state)


def get_single_element(dataset):
    """The only element of `dataset` as tensors (InvalidArgumentError at run time unless exactly one)."""
    if not hasattr(dataset, "_variant"):
        raise TypeError(f"Invalid `dataset`. Expected a `tf.data.Dataset` object but got {type(dataset)}.")
    op = apply_op("DatasetToSingleElement", [dataset._variant], _structure_attrs(dataset._specs),
                  name="DatasetToSingleElement")
    return structure.from_components(dataset._specs, op.outputs)


@register_op("DatasetToSingleElement", infer=_outputs_infer, needs_ctx=True, stateful=True, gpu=False,
             no_gradient=True)
def _dataset_to_single_element(xp, pipe, *, ctx):
    op = ctx.op
    walk = elements(pipe, ctx)
    try:
        first = next(walk, None)
        if first is None:
            raise errors.InvalidArgumentError(None, None, "Dataset was empty.")
        if next(walk, None) is not None:
            raise errors.InvalidArgumentError(None, None, "Dataset had more than one element.")
    finally:
        walk.close()
        ctx.op = op
    return first[0] if len(first) == 1 else tuple(first)
