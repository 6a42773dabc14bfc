"""Loss scaling for mixed-precision training: LossScale, FixedLossScale, DynamicLossScale and
MixedPrecisionLossScaleOptimizer (tf.train.experimental / tf.mixed_precision in TF1).

The optimizer multiplies the loss by the loss scale before differentiating and divides the
gradients by it afterwards, so that small float16 gradients do not flush to zero. A dynamic loss
scale skips the step when a gradient is not finite and halves the scale (never below 1); after
`increment_period` finite steps in a row it doubles the scale (unless that overflows).
"""
from __future__ import annotations

import abc

from tfsess.framework import dtypes, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import control_flow_ops, math_ops, reduction_ops, unary_ops
from tfsess.ops.cond_ops import cond
from tfsess.ops.variables import Variable
from tfsess.train.optimizer import Optimizer
from tfsess.train.trackable import Trackable


class LossScale(Trackable, metaclass=abc.ABCMeta):
    """The loss scale of mixed-precision training (tf.mixed_precision.experimental.LossScale).

    `loss_scale()` is the current scale as a tensor; `update(grads)` returns (an op updating the
    scale, a boolean telling whether the gradients may be applied). Its variables are tracked
    by name for object-based checkpoints.
    """

    def __init__(self):
        self._weights = {}  # (name, graph) -> variable

    @abc.abstractmethod
    def __call__(self):
        """The current loss scale as a float32 scalar tensor."""

    @abc.abstractmethod
    def update(self, grads):
        """(update op, should-apply-gradients boolean) for the list of gradients `grads`."""

    def _add_weight(self, name, initial_value, dtype=None):
        graph = get_default_graph()
        key = (name, graph)
        if self._weights.get(key) is not None:
            raise RuntimeError(f"Duplicate variables detected. {(name, graph)}")
        variable = Variable(initial_value, name=name, dtype=dtype, trainable=False)
        self._weights[key] = variable
        return variable

    def _trackable_children(self):
        graph = get_default_graph()
        return sorted((name, v) for (name, g), v in self._weights.items() if g is graph)

    @abc.abstractmethod
    def get_config(self):
        """The constructor arguments, as a dict."""

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class FixedLossScale(LossScale):
    """A loss scale that never changes (tf.mixed_precision.experimental.FixedLossScale).

    Raises:
        ValueError: the value is not a Python int or float, or is below 1.
    """

    def __init__(self, loss_scale_value):
        super().__init__()
        if not isinstance(loss_scale_value, (int, float)):
            raise ValueError("loss_scale_value must be a Python int or float.")
        if loss_scale_value < 1:
            raise ValueError("loss_scale_value must be at least 1.")
        self._loss_scale_value = float(loss_scale_value)

    def __call__(self):
        return convert_to_tensor(self._loss_scale_value)

    def update(self, grads):
        del grads
        return control_flow_ops.no_op(), True

    def __repr__(self):
        return f"FixedLossScale({self._loss_scale_value})"

    def get_config(self):
        return {"loss_scale_value": self._loss_scale_value}


def _is_all_finite(grads):
    """A boolean: every gradient (an IndexedSlices' values) is finite everywhere."""
    per_grad = [reduction_ops.reduce_all(unary_ops.is_finite(g.values if isinstance(g, IndexedSlices) else g))
                for g in grads if g is not None]
    return reduction_ops.reduce_all(per_grad)


def _assign_if_finite(var, value):
    return cond(unary_ops.is_finite(value), lambda: var.assign(value).op, control_flow_ops.no_op)


class DynamicLossScale(LossScale):
    """A loss scale that halves on a non-finite gradient and doubles after `increment_period` good steps
    (tf.mixed_precision.experimental.DynamicLossScale); its variables are `current_loss_scale` and
    `good_steps`."""

    def __init__(self, initial_loss_scale=2 ** 15, increment_period=2000, multiplier=2.0):
        super().__init__()
        self._initial_loss_scale = float(initial_loss_scale)
        self._increment_period = int(increment_period)
        self._multiplier = float(multiplier)
        self._current_loss_scale = self._add_weight("current_loss_scale", self._initial_loss_scale,
                                                    dtypes.float32)
        self._num_good_steps = self._add_weight("good_steps", 0, dtypes.int64)

    @property
    def initial_loss_scale(self):
        return self._initial_loss_scale

    @property
    def increment_period(self):
        return self._increment_period

    @property
    def multiplier(self):
        return self._multiplier

    def __call__(self):
        return convert_to_tensor(self._current_loss_scale)

    def update(self, grads):
        """The op that grows or shrinks the scale after these gradients, and whether they are all finite."""
        is_finite = _is_all_finite(nest.flatten(grads))

        def update_if_finite_grads():
            def incr_loss_scale():
                new_loss_scale = self._current_loss_scale * self._multiplier
                return control_flow_ops.group(_assign_if_finite(self._current_loss_scale, new_loss_scale),
                                              self._num_good_steps.assign(0))
            return cond(self._num_good_steps + 1 >= self._increment_period, incr_loss_scale,
                        lambda: self._num_good_steps.assign_add(1).op)

        def update_if_not_finite_grads():
            new_loss_scale = math_ops.maximum(self._current_loss_scale / self._multiplier, 1)
            return control_flow_ops.group(self._num_good_steps.assign(0),
                                          self._current_loss_scale.assign(new_loss_scale))

        update_op = cond(is_finite, update_if_finite_grads, update_if_not_finite_grads)
        return update_op, is_finite

    def __repr__(self):
        return (f"DynamicLossScale(initial_loss_scale={self.initial_loss_scale}, "
                f"increment_period={self.increment_period}, multiplier={self.multiplier})")

    def get_config(self):
        return {"initial_loss_scale": self.initial_loss_scale, "increment_period": self.increment_period,
                "multiplier": self.multiplier}


def get(identifier):
    """A LossScale from a number (fixed), "dynamic", a LossScale or None.

    Raises:
        ValueError: anything else.
    """
    if isinstance(identifier, (int, float)):
        return FixedLossScale(identifier)
    if isinstance(identifier, str) and identifier == "dynamic":
        return DynamicLossScale()
    if isinstance(identifier, LossScale) or identifier is None:
        return identifier
    raise ValueError(f"Could not interpret loss scale identifier: {identifier}")


class MixedPrecisionLossScaleOptimizer(Optimizer):
    """Wraps an optimizer to scale the loss and unscale the gradients
    (tf.train.experimental.MixedPrecisionLossScaleOptimizer).

    Raises:
        ValueError: `opt` is not an Optimizer, or `loss_scale` is None.
    """

    def __init__(self, opt, loss_scale):
        if not isinstance(opt, Optimizer):
            raise ValueError(f'"opt" must be an instance of Optimizer, but got: {type(opt)}')
        self._optimizer = opt
        super().__init__(opt._use_locking, opt.get_name())
        self._loss_scale = get(loss_scale)
        if self._loss_scale is None:
            raise ValueError("loss_scale cannot be None")

    def _trackable_children(self):
        return [("base_optimizer", self._optimizer), ("loss_scale", self._loss_scale)]

    def _doing_dynamic_loss_scaling(self):
        return isinstance(self._loss_scale, DynamicLossScale)

    def compute_gradients(self, loss, var_list=None, gate_gradients=Optimizer.GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """The wrapped optimizer's gradients of `loss * loss_scale`, each divided by the loss scale."""
        loss = self._scale_loss(loss)
        grads_and_vars = self._optimizer.compute_gradients(
            loss=loss, var_list=var_list, gate_gradients=gate_gradients, aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        grads = [g for g, _ in grads_and_vars]
        variables = [v for _, v in grads_and_vars]
        return list(zip(self._unscale_grads(grads), variables))

    def _scale_loss(self, loss):
        loss_scale = self._loss_scale()
        if callable(loss) and not hasattr(loss, "dtype"):
            def new_loss():
                loss_val = loss()
                return loss_val * math_ops.cast(loss_scale, loss_val.dtype)
            return new_loss
        return loss * math_ops.cast(loss_scale, loss.dtype)

    def _unscale_grads(self, grads):
        reciprocal = 1 / self._loss_scale()
        return [None if g is None else self._scale_grad(g, reciprocal) for g in grads]

    @staticmethod
    def _scale_grad(grad, reciprocal):
        if isinstance(grad, IndexedSlices):
            return IndexedSlices(grad.values * reciprocal, grad.indices, grad.dense_shape)
        return grad * reciprocal

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """The wrapped optimizer's update; with a dynamic loss scale, only when every gradient is finite,
        grouped with the loss scale's update."""
        if not self._doing_dynamic_loss_scaling():
            return self._optimizer.apply_gradients(grads_and_vars, global_step, name)
        grads_and_vars = tuple(grads_and_vars)
        name = name if name is not None else self.get_name()
        grads = [g for g, _ in grads_and_vars]
        loss_scale_update_op, should_apply_grads = self._loss_scale.update(grads)

        def apply_fn():
            return self._optimizer.apply_gradients(grads_and_vars, global_step, name + "-wrapped")

        maybe_apply_op = cond(should_apply_grads, apply_fn, control_flow_ops.no_op)
        return control_flow_ops.group(maybe_apply_op, loss_scale_update_op, name=name)

    def _apply_sparse(self, grad, var):
        raise RuntimeError("This function should never be called")

    def _apply_dense(self, grad, var):
        raise RuntimeError("This function should never be called")

    def variables(self):
        return self._optimizer.variables() + list(self._loss_scale._weights.values())


_GRAPH_REWRITE = {"enabled": False}


def enable_mixed_precision_graph_rewrite(opt, loss_scale="dynamic"):
    """`opt` wrapped in a MixedPrecisionLossScaleOptimizer, with the mixed-precision flag set
    (tf.train.experimental.enable_mixed_precision_graph_rewrite).

    TF's rewrite itself (casting graph regions to float16) is a graph optimization it makes only on
    GPUs; tfsess does not make it, so the graph computes in its own dtypes, as TF's does on a CPU.

    Raises:
        ValueError: `opt` is already such a wrapper, or is not an Optimizer.
    """
    if isinstance(opt, MixedPrecisionLossScaleOptimizer):
        raise ValueError('"opt" must not already be an instance of a MixedPrecisionLossScaleOptimizer. '
                         '`enable_mixed_precision_graph_rewrite` will automatically wrap the optimizer with a '
                         'MixedPrecisionLossScaleOptimizer.')
    if not isinstance(opt, Optimizer):
        raise ValueError('"opt" must be an instance of a tf.train.Optimizer or a tf.keras.optimizers.Optimizer, '
                         f'but got: {opt}')
    wrapped = MixedPrecisionLossScaleOptimizer(opt, loss_scale)
    _GRAPH_REWRITE["enabled"] = True
    return wrapped


def disable_mixed_precision_graph_rewrite():
    """Clears the flag `enable_mixed_precision_graph_rewrite` set (optimizers it wrapped stay wrapped)."""
    _GRAPH_REWRITE["enabled"] = False


def is_mixed_precision_graph_rewrite_enabled():
    return _GRAPH_REWRITE["enabled"]


__all__ = ["DynamicLossScale", "FixedLossScale", "LossScale", "MixedPrecisionLossScaleOptimizer",
           "disable_mixed_precision_graph_rewrite", "enable_mixed_precision_graph_rewrite"]
