"""The TF1 optimizers: GradientDescent, Momentum, Adam, Adagrad, RMSProp (tf.train.*Optimizer).

Each one names its hyperparameter tensors and slot variables as TF does (`w/Momentum`,
`w/Adam`, `w/Adam_1`, `beta1_power`, ...) and updates through the ops of training_ops.
"""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import control_flow_ops, math_ops, state_ops, training_ops, unary_ops
from tfsess.ops.resource_variable import is_resource_variable
from tfsess.train.optimizer import Optimizer, filled_initializer


def _cast(t, var):
    return math_ops.cast(t, var.dtype.base_dtype)


class GradientDescentOptimizer(Optimizer):
    """Plain gradient descent: var -= learning_rate * grad (tf.train.GradientDescentOptimizer)."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(var, _cast(self._learning_rate_tensor, var), grad,
                                                   use_locking=self._use_locking).op

    def _apply_sparse_duplicate_indices(self, grad, var):
        # a scatter adds repeated rows as they come: no need to merge them first
        if is_resource_variable(var):  # TF: ResourceScatterAdd of -grad * learning_rate
            return var.scatter_add(IndexedSlices(-grad.values * _cast(self._learning_rate_tensor, var), grad.indices,
                                                 grad.dense_shape)).op
        delta = IndexedSlices(grad.values * _cast(self._learning_rate_tensor, var), grad.indices, grad.dense_shape)
        return state_ops.scatter_sub(var, delta.indices, delta.values, use_locking=self._use_locking)


class MomentumOptimizer(Optimizer):
    """accum = momentum * accum + grad; var -= lr * accum, or the Nesterov form (tf.train.MomentumOptimizer)."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._momentum_tensor = convert_to_tensor(self._call_if_callable(self._momentum), name="momentum")

    def _apply_dense(self, grad, var):
        mom = self.get_slot(var, "momentum")
        return training_ops.apply_momentum(var, mom, _cast(self._learning_rate_tensor, var), grad,
                                           _cast(self._momentum_tensor, var), use_locking=self._use_locking,
                                           use_nesterov=self._use_nesterov).op

    def _apply_sparse(self, grad, var):
        mom = self.get_slot(var, "momentum")
        return training_ops.sparse_apply_momentum(var, mom, _cast(self._learning_rate_tensor, var), grad.values,
                                                  grad.indices, _cast(self._momentum_tensor, var),
                                                  use_locking=self._use_locking,
                                                  use_nesterov=self._use_nesterov).op


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba), with bias-corrected step size (tf.train.AdamOptimizer)."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, use_locking=False, name="Adam"):
        super().__init__(use_locking, name)
        self._lr, self._beta1, self._beta2, self._epsilon = learning_rate, beta1, beta2, epsilon
        self._lr_t = self._beta1_t = self._beta2_t = self._epsilon_t = None

    def _get_beta_accumulators(self):
        graph = get_default_graph()
        return self._get_non_slot_variable("beta1_power", graph), self._get_non_slot_variable("beta2_power", graph)

    def _create_slots(self, var_list):
        first_var = min(var_list, key=lambda x: x.name)  # TF's rule: the same device on every worker
        self._create_non_slot_variable(self._beta1, "beta1_power", first_var)
        self._create_non_slot_variable(self._beta2, "beta2_power", first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="learning_rate")
        self._beta1_t = convert_to_tensor(self._call_if_callable(self._beta1), name="beta1")
        self._beta2_t = convert_to_tensor(self._call_if_callable(self._beta2), name="beta2")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _apply_dense(self, grad, var):
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        beta1_power, beta2_power = self._get_beta_accumulators()
        return training_ops.apply_adam(
            var, m, v, _cast(beta1_power, var), _cast(beta2_power, var), _cast(self._lr_t, var),
            _cast(self._beta1_t, var), _cast(self._beta2_t, var), _cast(self._epsilon_t, var), grad,
            use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        beta1_power, beta2_power = (_cast(b, var) for b in self._get_beta_accumulators())
        lr_t, beta1_t = _cast(self._lr_t, var), _cast(self._beta1_t, var)
        beta2_t, epsilon_t = _cast(self._beta2_t, var), _cast(self._epsilon_t, var)
        lr = lr_t * unary_ops.sqrt(1 - beta2_power) / (1 - beta1_power)
        graph = get_default_graph()
        m = self.get_slot(var, "m")
        m_t = state_ops.assign(m, m * beta1_t, use_locking=self._use_locking)
        with graph.control_dependencies([m_t]):
            m_t = state_ops.scatter_add(m, grad.indices, grad.values * (1 - beta1_t), use_locking=self._use_locking)
        v = self.get_slot(var, "v")
        v_t = state_ops.assign(v, v * beta2_t, use_locking=self._use_locking)
        with graph.control_dependencies([v_t]):
            v_t = state_ops.scatter_add(v, grad.indices, (grad.values * grad.values) * (1 - beta2_t),
                                        use_locking=self._use_locking)
        var_update = state_ops.assign_sub(var, lr * m_t / (unary_ops.sqrt(v_t) + epsilon_t),
                                          use_locking=self._use_locking)
        return control_flow_ops.group(var_update, m_t, v_t)

    def _finish(self, update_ops, name_scope):
        graph = get_default_graph()
        with graph.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            with graph.colocate_with(beta1_power.op):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, use_locking=self._use_locking)
                update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, use_locking=self._use_locking)
        return control_flow_ops.group(*(list(update_ops) + [update_beta1, update_beta2]), name=name_scope)


class AdagradOptimizer(Optimizer):
    """accum += grad**2; var -= lr * grad / sqrt(accum) (tf.train.AdagradOptimizer)."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._initial_accumulator_value = initial_accumulator_value
        self._learning_rate_tensor = None

    def _create_slots(self, var_list):
        for v in var_list:
            init = filled_initializer("constant", self._initial_accumulator_value)
            self._get_or_make_slot_with_initializer(v, init, v.get_shape(), v.dtype.base_dtype, "accumulator",
                                                    self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")

    def _apply_dense(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training_ops.apply_adagrad(var, acc, _cast(self._learning_rate_tensor, var), grad,
                                          use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        acc = self.get_slot(var, "accumulator")
        return training_ops.sparse_apply_adagrad(var, acc, _cast(self._learning_rate_tensor, var), grad.values,
                                                 grad.indices, use_locking=self._use_locking).op


class AdadeltaOptimizer(Optimizer):
    """Adadelta (Zeiler 2012): step sizes from running averages of grad**2 and update**2 (tf.train.AdadeltaOptimizer)."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-8, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._lr, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "accum", self._name)
            self._zeros_slot(v, "accum_update", self._name)

    def _prepare(self):
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="lr")
        self._rho_t = convert_to_tensor(self._call_if_callable(self._rho), name="rho")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _hyper(self, var):
        return [_cast(t, var) for t in (self._lr_t, self._rho_t, self._epsilon_t)]

    def _apply_dense(self, grad, var):
        accum, accum_update = self.get_slot(var, "accum"), self.get_slot(var, "accum_update")
        return training_ops.apply_adadelta(var, accum, accum_update, *self._hyper(var), grad,
                                           use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        accum, accum_update = self.get_slot(var, "accum"), self.get_slot(var, "accum_update")
        return training_ops.sparse_apply_adadelta(var, accum, accum_update, *self._hyper(var), grad.values,
                                                  grad.indices, use_locking=self._use_locking).op


class RMSPropOptimizer(Optimizer):
    """RMSProp with optional momentum and centering (tf.train.RMSPropOptimizer)."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False,
                 name="RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate, self._decay, self._momentum, self._epsilon = learning_rate, decay, momentum, epsilon
        self._centered = centered

    def _create_slots(self, var_list):
        for v in var_list:
            self._get_or_make_slot_with_initializer(v, filled_initializer("ones"), v.get_shape(),
                                                    v.dtype.base_dtype, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self):
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._decay_tensor = convert_to_tensor(self._call_if_callable(self._decay), name="decay")
        self._momentum_tensor = convert_to_tensor(self._call_if_callable(self._momentum), name="momentum")
        self._epsilon_tensor = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _hyper(self, var):
        return [_cast(t, var) for t in (self._learning_rate_tensor, self._decay_tensor, self._momentum_tensor,
                                        self._epsilon_tensor)]

    def _apply_dense(self, grad, var):
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        if self._centered:
            mg = self.get_slot(var, "mg")
            return training_ops.apply_centered_rms_prop(var, mg, rms, mom, *self._hyper(var), grad,
                                                        use_locking=self._use_locking).op
        return training_ops.apply_rms_prop(var, rms, mom, *self._hyper(var), grad, use_locking=self._use_locking).op

    def _apply_sparse(self, grad, var):
        rms, mom = self.get_slot(var, "rms"), self.get_slot(var, "momentum")
        if self._centered:
            mg = self.get_slot(var, "mg")
            return training_ops.sparse_apply_centered_rms_prop(var, mg, rms, mom, *self._hyper(var), grad.values,
                                                               grad.indices, use_locking=self._use_locking).op
        return training_ops.sparse_apply_rms_prop(var, rms, mom, *self._hyper(var), grad.values, grad.indices,
                                                  use_locking=self._use_locking).op


__all__ = [
    "AdadeltaOptimizer",
    "AdagradOptimizer",
    "AdamOptimizer",
    "GradientDescentOptimizer",
    "MomentumOptimizer",
    "Optimizer",
    "RMSPropOptimizer",
]
