"""The module-level scope functions of tf.*, acting on the default graph."""
from __future__ import annotations

import contextlib
import weakref

from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import graph_of


@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """Opens a name scope (tf.name_scope in TF1 form); `values` pick the graph."""
    graph = graph_of(list(_flat(values))) if values else get_default_graph()
    scope_name = default_name if name is None else name
    with graph.as_default(), graph.name_scope(scope_name) as scope:
        yield scope


def _flat(values):
    for v in values:
        if isinstance(v, (list, tuple)):
            yield from _flat(v)
        else:
            yield v


def device(device_name_or_function):
    """Places ops created in the block on a device (tf.device)."""
    return get_default_graph().device(device_name_or_function)


def container(container_name):
    """Stateful ops created in the block live in the resource container `container_name` (tf.container)."""
    return get_default_graph().container(container_name)


def control_dependencies(control_inputs):
    """Ops created in the block run after `control_inputs` (tf.control_dependencies)."""
    return get_default_graph().control_dependencies(control_inputs)


def colocate_with(op, ignore_existing=False):
    return get_default_graph().colocate_with(op, ignore_existing)


def get_collection(key, scope=None):
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key):
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name, value):
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value):
    get_default_graph().add_to_collections(names, value)


def set_random_seed(seed):
    """Sets the graph-level random seed of the default graph (tf.set_random_seed)."""
    get_default_graph().seed = seed


_MAXINT32 = 2**31 - 1
DEFAULT_GRAPH_SEED = 87654321


_unseeded_draws = weakref.WeakKeyDictionary()  # graph -> ops seeded from the graph seed alone so far


@contextlib.contextmanager
def fresh_seed_counter(graph):
    """Inside: ops seeded from the graph seed alone count from 0 again, as in a function body (TF's FuncGraph
    has a counter of its own); after: the graph's count goes on where it was."""
    saved = _unseeded_draws.get(graph, 0)
    _unseeded_draws[graph] = 0
    try:
        yield
    finally:
        _unseeded_draws[graph] = saved


def _truncate_seed(seed):
    return int(seed % _MAXINT32)  # TF's `%` first: a seed that is no number raises TypeError


def get_seed(op_seed):
    """TF's (graph seed, op seed) rule for random ops; (None, None) when neither is set.

    With only the graph seed set, the op seed counts the earlier such calls in the graph (TF's
    per-graph counter in random_seed.get_seed: 0 for the first, 1 for the next), so graphs built
    alike draw alike. Seeds are taken modulo 2**31 - 1, and (0, 0), which the kernels read as
    "unseeded", becomes (0, 2**31 - 1).
    """
    graph = get_default_graph()
    graph_seed = graph.seed
    if graph_seed is not None:
        if op_seed is None:
            op_seed = _unseeded_draws.setdefault(graph, 0)
            _unseeded_draws[graph] += 1
        seeds = _truncate_seed(graph_seed), _truncate_seed(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _truncate_seed(op_seed)
    else:
        seeds = None, None
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds
