"""The global step and learning-rate schedules (tf.train.get_or_create_global_step, exponential_decay, ...)."""
from __future__ import annotations

import logging
import math

from tfsess.framework import dtypes, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.ops import init_ops, logic_ops, math_ops, unary_ops, variable_scope as vs
from tfsess.ops.case_ops import case
from tfsess.ops.cond_ops import cond
from tfsess.ops.variables import GraphKeys, Variable

_log = logging.getLogger("tfsess")


# ------------------------------------------------------------------ global step
def get_global_step(graph=None):
    """The graph's global step variable (GLOBAL_STEP collection, else `global_step:0`), or None."""
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) > 1:
        _log.error("Multiple tensors in global_step collection.")
        return None
    if found:
        step = found[0]
    else:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except KeyError:
            return None
    assert_global_step(step)
    return step


def assert_global_step(global_step_tensor):
    """Raises TypeError unless `global_step_tensor` is a scalar integer Variable or Tensor."""
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError(f'Existing "global_step" must be a Variable or Tensor: {global_step_tensor}.')
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError(f'Existing "global_step" does not have integer type: {global_step_tensor.dtype}')
    shape = global_step_tensor.get_shape()
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError(f'Existing "global_step" is not scalar: {shape}')


def create_global_step(graph=None):
    """Creates the int64 scalar `global_step` variable (zeros, not trainable). Raises ValueError if one exists."""
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    collections = [GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP]
    with graph.as_default(), graph.name_scope(None):
        return vs.get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=dtypes.int64,
                               initializer=init_ops.zeros_initializer(), trainable=False, collections=collections)


def get_or_create_global_step(graph=None):
    """The global step variable, created first if the graph has none."""
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def global_step(sess, global_step_tensor):
    """The current global step as a Python int."""
    return int(sess.run(global_step_tensor))


# ------------------------------------------------------------------ learning-rate schedules
def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * decay_rate ** (global_step / decay_steps), floored exponent if `staircase`."""
    if global_step is None:
        raise ValueError("global_step is required for exponential_decay.")
    with op_scope(name, "ExponentialDecay", [learning_rate, global_step, decay_steps, decay_rate]) as scope:
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        p = math_ops.cast(global_step, dtype) / math_ops.cast(decay_steps, dtype)
        if staircase:
            p = unary_ops.floor(p)
        return math_ops.multiply(lr, math_ops.pow(math_ops.cast(decay_rate, dtype), p), name=scope)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    if global_step is None:
        raise ValueError("global_step is required for inverse_time_decay.")
    with op_scope(name, "InverseTimeDecay", [learning_rate, global_step, decay_rate]) as scope:
        lr = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = lr.dtype.base_dtype
        p = math_ops.cast(global_step, dtype) / math_ops.cast(decay_steps, dtype)
        if staircase:
            p = unary_ops.floor(p)
        denom = 1.0 + math_ops.cast(decay_rate, dtype) * p
        return math_ops.truediv(lr, denom, name=scope)


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False,
                     name=None):
    """(lr - end) * (1 - step / decay_steps) ** power + end, with the step clipped (or cycled)."""
    if global_step is None:
        raise ValueError("global_step is required for polynomial_decay.")
    with op_scope(name, "PolynomialDecay", [learning_rate, global_step, decay_steps, end_learning_rate,
                                            power]) as scope:
        lr = convert_to_tensor(learning_rate, name="learning_rate")
        dtype = lr.dtype.base_dtype
        end = math_ops.cast(end_learning_rate, dtype)
        step = math_ops.cast(global_step, dtype)
        steps = math_ops.cast(decay_steps, dtype)
        if cycle:
            multiplier = unary_ops.ceil(step / steps)
            multiplier = math_ops.maximum(multiplier, convert_to_tensor(1.0, dtype=dtype))
            steps = steps * multiplier
        else:
            step = math_ops.minimum(step, steps)
        fraction = step / steps
        return math_ops.add((lr - end) * math_ops.pow(1 - fraction, math_ops.cast(power, dtype)), end, name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None):
    """learning_rate * exp(-decay_rate * global_step / decay_steps) (TF: exponential_decay at rate e**-rate)."""
    if global_step is None:
        raise ValueError("global_step is required for natural_exp_decay.")
    natural_exp_rate = unary_ops.exp(unary_ops.negative(decay_rate))
    return exponential_decay(learning_rate, global_step, decay_steps, natural_exp_rate, staircase=staircase,
                             name=name)


def _cosine(x):
    # pi is a float32 constant, as in TF: a schedule over another float dtype fails with TF's TypeError
    return 0.5 * (1.0 + unary_ops.cos(convert_to_tensor(math.pi) * x))


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name=None):
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)."""
    if global_step is None:
        raise ValueError("cosine decay requires global_step")
    with op_scope(name, "CosineDecay", [learning_rate, global_step]):
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        steps = math_ops.cast(decay_steps, dtype)
        step = math_ops.minimum(math_ops.cast(global_step, dtype), steps)
        decayed = (1 - alpha) * _cosine(step / steps) + alpha
        return math_ops.multiply(lr, decayed)


def cosine_decay_restarts(learning_rate, global_step, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0,
                          name=None):
    """Cosine decay with warm restarts (SGDR): periods grow by `t_mul`, restart peaks scale by `m_mul`."""
    if global_step is None:
        raise ValueError("cosine decay restarts requires global_step")
    with op_scope(name, "SGDRDecay", [learning_rate, global_step]) as scope:
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        first = math_ops.cast(first_decay_steps, dtype)
        alpha = math_ops.cast(alpha, dtype)
        t_mul = math_ops.cast(t_mul, dtype)
        m_mul = math_ops.cast(m_mul, dtype)
        fraction = math_ops.cast(global_step, dtype) / first

        def geometric():
            i_restart = unary_ops.floor(unary_ops.log(1.0 - fraction * (1.0 - t_mul)) / unary_ops.log(t_mul))
            sum_r = (1.0 - t_mul ** i_restart) / (1.0 - t_mul)
            return i_restart, (fraction - sum_r) / t_mul ** i_restart

        def arithmetic():
            i_restart = unary_ops.floor(fraction)
            return i_restart, fraction - i_restart

        i_restart, fraction = cond(logic_ops.equal(t_mul, 1.0), arithmetic, geometric)
        cosine_decayed = m_mul ** i_restart * _cosine(fraction)
        return math_ops.multiply(lr, (1 - alpha) * cosine_decayed + alpha, name=scope)


def linear_cosine_decay(learning_rate, global_step, decay_steps, num_periods=0.5, alpha=0.0, beta=0.001,
                        name=None):
    """learning_rate * ((alpha + linear) * cosine + beta), step clipped to `decay_steps`."""
    if global_step is None:
        raise ValueError("linear cosine decay requires global_step")
    with op_scope(name, "LinearCosineDecay", [learning_rate, global_step]) as scope:
        lr = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = lr.dtype.base_dtype
        steps = math_ops.cast(decay_steps, dtype)
        num_periods = math_ops.cast(num_periods, dtype)
        alpha = math_ops.cast(alpha, dtype)
        beta = math_ops.cast(beta, dtype)
        step = math_ops.minimum(math_ops.cast(global_step, dtype), steps)
        linear = (steps - step) / steps
        cosine = _cosine(2.0 * num_periods * (step / steps))
        return math_ops.multiply(lr, (alpha + linear) * cosine + beta, name=scope)


def piecewise_constant(x, boundaries, values, name=None):
    """values[i] where boundaries[i-1] < x <= boundaries[i] (values[0] below, values[-1] above).

    Built as TF builds it: an exclusive tf.case over one predicate per interval.
    """
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    boundaries = [convert_to_tensor(b) for b in nest.flatten(boundaries)]
    values = [convert_to_tensor(v) for v in nest.flatten(values)]
    x = convert_to_tensor(x)
    x_dtype = x.dtype.base_dtype
    for i, b in enumerate(boundaries):
        if b.dtype.base_dtype != x_dtype:
            # only int32 boundaries are promoted (to an int64 x): other casts could change comparisons
            if b.dtype.base_dtype != dtypes.int32 or x_dtype != dtypes.int64:
                raise ValueError(f"Boundaries ({b.dtype.base_dtype}) must have the same dtype as x ({x_dtype}).")
            boundaries[i] = math_ops.cast(b, x_dtype)
    for v in values[1:]:
        if v.dtype.base_dtype != values[0].dtype.base_dtype:
            raise ValueError(f"Values must have elements all with the same dtype ({values[0].dtype.base_dtype} vs "
                             f"{v.dtype.base_dtype}).")
    with op_scope(name, "PiecewiseConstant", [x]):
        pred_fn_pairs = [(logic_ops.less_equal(x, boundaries[0]), lambda: values[0]),
                         (logic_ops.greater(x, boundaries[-1]), lambda: values[-1])]
        for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
            pred = logic_ops.logical_and(logic_ops.greater(x, low), logic_ops.less_equal(x, high))
            pred_fn_pairs.append((pred, lambda value=value: value))
        # the intervals are exclusive and exhaustive; case still wants a default
        return case(pred_fn_pairs, lambda: values[0], exclusive=True)


__all__ = [
    "assert_global_step",
    "cosine_decay",
    "cosine_decay_restarts",
    "create_global_step",
    "exponential_decay",
    "get_global_step",
    "get_or_create_global_step",
    "global_step",
    "inverse_time_decay",
    "linear_cosine_decay",
    "natural_exp_decay",
    "piecewise_constant",
    "polynomial_decay",
]
