"""The limited weights broadcasting of tf.metrics and tf.losses (TF's weights_broadcast_ops).

Weights must be a scalar, or have the rank of the values with every dimension either 1 or the
values' own. Shapes known while the graph is built are checked at once (ValueError); otherwise
an Assert fails the run with InvalidArgumentError, as TF's does.
"""
from __future__ import annotations

from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.ops import array_ops, control_flow_ops, logic_ops, math_ops, set_ops, stack_ops
from tfsess.ops.check_ops import Assert
from tfsess.ops.cond_ops import cond

_ERROR_PREFIX = "weights can not be broadcast to values."


def _has_valid_dims(weights_shape, values_shape):
    """True when every weights dimension is 1 or the values' dimension at the same axis."""
    with op_scope(None, "has_invalid_dims", (weights_shape, values_shape)) as scope:
        values_shape_2d = array_ops.expand_dims(values_shape, -1)
        valid_dims = stack_ops.concat((values_shape_2d, array_ops.ones_like(values_shape_2d)), axis=1)
        weights_shape_2d = array_ops.expand_dims(weights_shape, -1)
        invalid_dims = set_ops.set_difference(weights_shape_2d, valid_dims)
        num_invalid_dims = array_ops.size(invalid_dims.values, name="num_invalid_dims")
        return logic_ops.equal(0, num_invalid_dims, name=scope)


def _has_valid_nonscalar_shape(weights_rank, weights_shape, values_rank, values_shape):
    with op_scope(None, "has_valid_nonscalar_shape",
                  (weights_rank, weights_shape, values_rank, values_shape)) as scope:
        is_same_rank = logic_ops.equal(values_rank, weights_rank, name="is_same_rank")
        return cond(is_same_rank, lambda: _has_valid_dims(weights_shape, values_shape),
                    lambda: is_same_rank, name=scope)


def _static_check(weights, values, weights_rank, values_rank, weights_shape, values_shape):
    """The no-op that static shapes prove enough, None when they cannot; ValueError when they refute."""
    w_rank, v_rank = constant_value(weights_rank), constant_value(values_rank)
    if w_rank is None or v_rank is None:
        return None
    if int(w_rank) == 0:
        return control_flow_ops.no_op(name="static_scalar_check_success")
    if int(w_rank) != int(v_rank):
        raise ValueError(f"{_ERROR_PREFIX} values.rank={int(v_rank)}. weights.rank={int(w_rank)}. "
                         f"values.shape={values.shape}. weights.shape={weights.shape}. "
                         f"Received weights={weights}, values={values}")
    w_dims, v_dims = constant_value(weights_shape), constant_value(values_shape)
    if w_dims is None or v_dims is None:
        return None
    for i, (w, v) in enumerate(zip(w_dims.tolist(), v_dims.tolist())):
        if w not in (1, v):
            raise ValueError(f"{_ERROR_PREFIX} Mismatch at dim {i}. values.shape={v_dims}, "
                             f"weights.shape={w_dims}. Received weights={weights}, values={values}")
    return control_flow_ops.no_op(name="static_dims_check_success")


def assert_broadcastable(weights, values):
    """The op that checks `weights` broadcast to `values`: a no-op when static shapes prove it.

    Raises:
      ValueError: static shapes that cannot broadcast.
    """
    with op_scope(None, "assert_broadcastable", (weights, values)) as scope:
        with op_scope(None, "weights", (weights,)) as weights_scope:
            weights = convert_to_tensor(weights, name=weights_scope)
            weights_shape = array_ops.shape(weights, name="shape")
            weights_rank = array_ops.rank(weights, name="rank")
        with op_scope(None, "values", (values,)) as values_scope:
            values = convert_to_tensor(values, name=values_scope)
            values_shape = array_ops.shape(values, name="shape")
            values_rank = array_ops.rank(values, name="rank")
        static = _static_check(weights, values, weights_rank, values_rank, weights_shape, values_shape)
        if static is not None:
            return static
        is_scalar = logic_ops.equal(0, weights_rank, name="is_scalar")
        data = (_ERROR_PREFIX, "weights.shape=", weights.name, weights_shape,
                "values.shape=", values.name, values_shape, "is_scalar=", is_scalar)
        is_valid_shape = cond(is_scalar, lambda: is_scalar,
                              lambda: _has_valid_nonscalar_shape(weights_rank, weights_shape, values_rank,
                                                                 values_shape),
                              name="is_valid_shape")
        return Assert(is_valid_shape, data, name=scope)


def broadcast_weights(weights, values):
    """`weights` broadcast to the shape of `values`, under `assert_broadcastable`'s rules."""
    with op_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        w_shape, v_shape = weights.shape, values.shape
        if w_shape.is_fully_defined() and v_shape.is_fully_defined() and w_shape.is_compatible_with(v_shape):
            return weights
        with control_dependencies((assert_broadcastable(weights, values),)):
            return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)
