"""TF1's mode switches and small graph helpers of tf.*: tfsess is always TF1 graph mode.

tfsess runs only what `tf.compat.v1` with v2 behaviour disabled runs: graphs and sessions, ref
variables (resource variables on request: ops/resource_variable.py), TF1 control flow (functional If/While
after `enable_control_flow_v2`: ops/control_flow_v2.py) and shapes. So the queries answer False (until switched) and the switches
that select that mode (`disable_eager_execution`, `disable_v2_behavior`, ...) have nothing to change; those that
would leave it answer as TF does in graph mode (framework/v2_switches.py) or are not provided.
"""
from __future__ import annotations

import contextlib

from tfsess.framework.graph import get_default_graph
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import as_shape, disable_v2_tensorshape, enable_v2_tensorshape
from tfsess.framework.tensor_util import constant_value


def executing_eagerly() -> bool:
    """False: tfsess builds graphs and runs them in sessions (tf.executing_eagerly)."""
    return False


def executing_eagerly_outside_functions() -> bool:
    """False, as executing_eagerly (tf.executing_eagerly_outside_functions)."""
    return False


_CONTROL_FLOW_V2 = [False]  # tf.enable_control_flow_v2: cond/while_loop build functional If/While ops


def control_flow_v2_enabled() -> bool:
    """Whether tf.cond / tf.while_loop build functional If / While ops (tf.control_flow_v2_enabled);
    False until tf.enable_control_flow_v2()."""
    return _CONTROL_FLOW_V2[0]


def enable_control_flow_v2():
    """Makes tf.cond / tf.while_loop build TF2's functional If / While ops (tf.enable_control_flow_v2)."""
    _CONTROL_FLOW_V2[0] = True


# The switches into the mode tfsess is always in: nothing to change.
def disable_eager_execution():
    """Nothing to do: tfsess never executes eagerly (tf.disable_eager_execution)."""


def disable_v2_behavior():
    """TF1 behaviour, tfsess's own (tf.disable_v2_behavior): control flow v2 and v2 shapes off again."""
    _CONTROL_FLOW_V2[0] = False
    disable_v2_tensorshape()


def disable_control_flow_v2():
    """Makes tf.cond / tf.while_loop build TF1 control flow again, the default (tf.disable_control_flow_v2)."""
    _CONTROL_FLOW_V2[0] = False


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
           "disable_v2_behavior", "disable_v2_tensorshape", "enable_control_flow_v2", "enable_v2_tensorshape",
           "executing_eagerly", "executing_eagerly_outside_functions", "get_static_value", "init_scope", "is_tensor"]
