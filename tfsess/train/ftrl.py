"""The FTRL-proximal optimizer (tf.train.FtrlOptimizer, McMahan et al. 2013).

Slots `accum` (squared gradients, starting at initial_accumulator_value) and `linear`, named
`<var>/Ftrl` and `<var>/Ftrl_1` (or after accum_name / linear_name), as TF's checkpoints hold them.
"""
from __future__ import annotations

from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import math_ops, regularized_training_ops as ops
from tfsess.train.optimizer import Optimizer, filled_initializer


class FtrlOptimizer(Optimizer):
    """FTRL with online L2 (l2_regularization_strength) and shrinkage-type L2 (l2_shrinkage_regularization_strength)."""

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False, name="Ftrl",
                 accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0, beta=None):
        super().__init__(use_locking, name)
        for what, value, word in (("initial_accumulator_value", initial_accumulator_value, "positive or zero"),
                                  ("learning_rate_power", -learning_rate_power, "negative or zero"),
                                  ("l1_regularization_strength", l1_regularization_strength, "positive or zero"),
                                  ("l2_regularization_strength", l2_regularization_strength, "positive or zero")):
            if value < 0.0:
                shown = learning_rate_power if what == "learning_rate_power" else value
                raise ValueError(f"{what} {shown:f} needs to be {word}")
        if l2_shrinkage_regularization_strength < 0.0:
            raise ValueError(f"l2_shrinkage_regularization_strength {l2_shrinkage_regularization_strength:f} "
                             f"needs to be positive or zero")
        self._learning_rate = learning_rate
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1 = l1_regularization_strength
        self._l2 = l2_regularization_strength
        self._beta = 0.0 if beta is None else beta
        self._l2_shrinkage = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_initializer(
                v, filled_initializer("constant", self._initial_accumulator_value), v.get_shape(),
                v.dtype.base_dtype, "accum", self._accum_name or self._name)
            self._zeros_slot(v, "linear", self._linear_name or self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._learning_rate, name="learning_rate")
        self._l1_t = convert_to_tensor(self._l1, name="l1_regularization_strength")
        # beta enters as extra online L2: l2 + beta / (2 * lr), always built as TF builds it (its op is
        # "<scope>/add", the name below only names a Python value)
        adjusted = self._l2 + self._beta / (2.0 * math_ops.maximum(self._learning_rate, 1e-36))
        self._adjusted_l2_t = convert_to_tensor(adjusted, name="adjusted_l2_regularization_strength")
        self._beta_t = convert_to_tensor(self._beta, name="beta")
        self._l2_shrinkage_t = convert_to_tensor(self._l2_shrinkage, name="l2_shrinkage_regularization_strength")
        self._lr_power_t = convert_to_tensor(self._learning_rate_power, name="learning_rate_power")

    def _scalars(self, var):
        dtype = var.dtype.base_dtype
        scalars = [self._lr_t, self._l1_t, self._adjusted_l2_t]
        if self._l2_shrinkage > 0.0:
            scalars.append(self._l2_shrinkage_t)
        return [math_ops.cast(t, dtype) for t in scalars + [self._lr_power_t]]

    def _apply_dense(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        apply = ops.apply_ftrl_v2 if self._l2_shrinkage > 0.0 else ops.apply_ftrl
        return apply(var, accum, linear, grad, *self._scalars(var), use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        accum, linear = self.get_slot(var, "accum"), self.get_slot(var, "linear")
        apply = ops.sparse_apply_ftrl_v2 if self._l2_shrinkage > 0.0 else ops.sparse_apply_ftrl
        return apply(var, accum, linear, grad.values, grad.indices, *self._scalars(var),
                     use_locking=self._use_locking)


__all__ = ["FtrlOptimizer"]
