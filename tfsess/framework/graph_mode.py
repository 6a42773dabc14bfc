"""TF1's mode switches and small graph helpers of tf.*: tfsess is always TF1 graph mode.

tfsess runs only what `tf.compat.v1` with v2 behaviour disabled runs: graphs and sessions, ref
variables, TF1 control flow and shapes. So the queries answer False and the switches that select
that mode (`disable_eager_execution`, `disable_v2_behavior`, ...) have nothing to change; those that
would leave it answer as TF does in graph mode (framework/v2_switches.py) or are not provided.
"""
from __future__ import annotations

import contextlib

from tfsess.framework.graph import get_default_graph
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import as_shape
from tfsess.framework.tensor_util import constant_value


def executing_eagerly() -> bool:
    """False: tfsess builds graphs and runs them in sessions (tf.executing_eagerly)."""
    return False


def executing_eagerly_outside_functions() -> bool:
    """False, as executing_eagerly (tf.executing_eagerly_outside_functions)."""
    return False


def control_flow_v2_enabled() -> bool:
    """False: cond and while_loop build TF1 control flow (tf.control_flow_v2_enabled)."""
    return False


def resource_variables_enabled() -> bool:
    """False: tf.Variable makes ref variables, as TF1 (tf.resource_variables_enabled)."""
    return False


# The switches into the mode tfsess is always in: nothing to change.
def disable_eager_execution():
    """Nothing to do: tfsess never executes eagerly (tf.disable_eager_execution)."""


def disable_v2_behavior():
    """Nothing to do: tfsess has TF1 behaviour only (tf.disable_v2_behavior)."""


def disable_control_flow_v2():
    """Nothing to do: tfsess builds TF1 control flow (tf.disable_control_flow_v2)."""


def disable_resource_variables():
    """Nothing to do: tfsess variables are ref variables (tf.disable_resource_variables)."""


def disable_v2_tensorshape():
    """Nothing to do: tfsess shapes hold Dimension objects, as TF1 (tf.disable_v2_tensorshape)."""


def is_tensor(x) -> bool:
    """Whether `x` is a graph tensor or tensor-like (Tensor, SparseTensor, IndexedSlices, Variable) (tf.is_tensor)."""
    return isinstance(x, (Tensor, SparseTensor, IndexedSlices)) or hasattr(type(x), "_as_graph_element")


def get_static_value(tensor, partial=False):
    """The value of `tensor` if it is known while the graph is built, else None (tf.get_static_value).

    `partial` is accepted for TF's signature; tfsess returns only fully known values.
    """
    del partial
    if not is_tensor(tensor):
        return tensor
    return constant_value(tensor)


def dimension_at_index(shape, index):
    """The Dimension at `index` of `shape`, unknown for a shape of unknown rank (tf.dimension_at_index)."""
    shape = as_shape(shape)
    if shape.ndims is None:
        return as_shape([None])[0]
    return shape[index]


@contextlib.contextmanager
def init_scope():
    """Builds ops outside every control-dependency and control-flow block, as TF's init_scope does in
    graph mode (tf.init_scope); name scope and device stay as they are."""
    with get_default_graph().control_dependencies(None):
        yield


__all__ = ["control_flow_v2_enabled", "dimension_at_index", "disable_control_flow_v2", "disable_eager_execution",
           "disable_resource_variables", "disable_v2_behavior", "disable_v2_tensorshape",
           "executing_eagerly", "executing_eagerly_outside_functions", "get_static_value", "init_scope", "is_tensor",
           "resource_variables_enabled"]
