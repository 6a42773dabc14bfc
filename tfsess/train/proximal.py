"""Optimizers with L1/L2 regularization applied as a proximal (Fobos) step, and Adagrad dual averaging:
tf.train.ProximalGradientDescentOptimizer, ProximalAdagradOptimizer, AdagradDAOptimizer.
"""
from __future__ import annotations

from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import array_ops, math_ops, regularized_training_ops as ops
from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.train.optimizer import Optimizer, filled_initializer


class ProximalGradientDescentOptimizer(Optimizer):
    """var = prox(var - lr * grad) with L1 soft-thresholding and L2 scaling (no slots)."""

    def __init__(self, learning_rate, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
                 use_locking=False, name="ProximalGradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._learning_rate, name="learning_rate")
        self._l1_t = convert_to_tensor(self._l1, name="l1_regularization_strength")
        self._l2_t = convert_to_tensor(self._l2, name="l2_regularization_strength")

    def _apply_dense(self, grad, var):
        return ops.apply_proximal_gradient_descent(var, self._lr_t, self._l1_t, self._l2_t, grad,
                                                   use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        return ops.sparse_apply_proximal_gradient_descent(var, self._lr_t, self._l1_t, self._l2_t, grad.values,
                                                          grad.indices, use_locking=self._use_locking).op


class ProximalAdagradOptimizer(Optimizer):
    """The proximal step with Adagrad's per-coordinate rate; slot `accumulator` (`<var>/ProximalAdagrad`)."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, use_locking=False, name="ProximalAdagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_initializer(
                v, filled_initializer("constant", self._initial_accumulator_value), v.get_shape(),
                v.dtype.base_dtype, "accumulator", self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._learning_rate, name="learning_rate")
        self._l1_t = convert_to_tensor(self._l1, name="l1_regularization_strength")
        self._l2_t = convert_to_tensor(self._l2, name="l2_regularization_strength")

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return ops.apply_proximal_adagrad(var, acc, self._lr_t, self._l1_t, self._l2_t, grad,
                                          use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return ops.sparse_apply_proximal_adagrad(var, acc, self._lr_t, self._l1_t, self._l2_t, grad.values,
                                                 grad.indices, use_locking=self._use_locking)


class AdagradDAOptimizer(Optimizer):
    """Adagrad dual averaging (Duchi et al. 2011): var from the gradient sums at step global_step + 1.

    Slots `gradient_accumulator` and `gradient_squared_accumulator` (`<var>/AdagradDA`, `<var>/AdagradDA_1`).
    Pass the same global_step to `minimize` so that it advances.
    """

    def __init__(self, learning_rate, global_step, initial_gradient_squared_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking=False,
                 name="AdagradDA"):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise ValueError("initial_gradient_squared_accumulator_value must be positive: "
                             f"{initial_gradient_squared_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_value = initial_gradient_squared_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._global_step = global_step
        self._global_step_on_worker = None

    def _create_slots(self, var_list):
        for v in var_list:
            for slot, value in (("gradient_accumulator", 0.0), ("gradient_squared_accumulator", self._initial_value)):
                self._get_or_make_slot_with_initializer(v, filled_initializer("constant", value), v.get_shape(),
                                                        v.dtype.base_dtype, slot, self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._learning_rate, name="learning_rate")
        with get_default_graph().colocate_with(self._lr_t.op):
            self._global_step_on_worker = array_ops.identity(self._global_step) + 1

    def _da_inputs(self, var):
        dtype = var.dtype.base_dtype
        with get_default_graph().device(var.device):
            step = math_ops.cast(array_ops.identity(self._global_step_on_worker), dtypes.int64)
        return [math_ops.cast(t, dtype) for t in (self._lr_t, self._l1, self._l2)] + [step]

    def _apply_dense(self, grad, var):
        g_acc, gg_acc = self.get_slot(var, "gradient_accumulator"), self.get_slot(var, "gradient_squared_accumulator")
        return ops.apply_adagrad_da(var, g_acc, gg_acc, grad, *self._da_inputs(var), use_locking=self._use_locking)

    def _apply_sparse(self, grad, var):
        g_acc, gg_acc = self.get_slot(var, "gradient_accumulator"), self.get_slot(var, "gradient_squared_accumulator")
        return ops.sparse_apply_adagrad_da(var, g_acc, gg_acc, grad.values, grad.indices, *self._da_inputs(var),
                                           use_locking=self._use_locking)


__all__ = ["AdagradDAOptimizer", "ProximalAdagradOptimizer", "ProximalGradientDescentOptimizer"]
