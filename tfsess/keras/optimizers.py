"""tf.keras.optimizers in TF1 graph mode: legacy Keras's OptimizerV2 (SGD with momentum/nesterov,
Adam, RMSprop, Adagrad), with its update rules, hyperparameter variables (`iter`, `learning_rate`,
`decay`, ... made in the scope the first update is built in: `training/Adam/iter:0` under compile)
and slot variables named `<scope>/<variable>/<slot>` (`training/Adam/dense/kernel/m:0`)."""
from __future__ import annotations

import contextlib

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import control_dependencies
from tfsess.keras import backend
from tfsess.ops import (array_ops, clip_ops, control_flow_ops, gradients as gradients_impl, math_ops, state_ops,
                        training_ops, unary_ops, variables)


class Optimizer:
    """The base: `get_updates(loss, params)`, `apply_gradients`, `minimize`, hyperparameters and slots."""

    def __init__(self, name, clipnorm=None, clipvalue=None, **kwargs):
        allowed = {"lr", "decay", "global_clipnorm"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError(f"Unexpected keyword argument passed to optimizer: {sorted(unknown)[0]}. "
                            f"Allowed kwargs are {sorted(allowed | {'clipnorm', 'clipvalue'})}.")
        self._name = name
        self._hyper, self._hyper_vars, self._slots = {}, {}, {}
        self._iterations = None
        self.clipnorm, self.clipvalue = clipnorm, clipvalue
        self._initial_decay = float(kwargs.get("decay", 0.0))
        self._set_hyper("decay", self._initial_decay)

    def _set_hyper(self, name, value):
        self._hyper[name] = value

    def _get_hyper(self, name, dtype=dtypes.float32):
        var = self._hyper_vars.get(name)
        if var is None:
            return math_ops.cast(self._hyper[name], dtype)
        return math_ops.cast(array_ops.identity(var), dtype) if var.dtype.base_dtype != dtype else var

    def __getattr__(self, name):
        hyper = self.__dict__.get("_hyper", {})
        if name in hyper:
            return self.__dict__["_hyper_vars"].get(name, hyper[name])
        if name == "lr" and "learning_rate" in hyper:
            return self.__dict__["_hyper_vars"].get("learning_rate", hyper["learning_rate"])
        raise AttributeError(name)

    @property
    def iterations(self):
        if self._iterations is None:
            self._iterations = self._weight("iter", 0, dtypes.int64)
        return self._iterations

    def _weight(self, name, value, dtype):
        var = variables.Variable(np.asarray(value, dtype.as_numpy_dtype), name=name, trainable=False, dtype=dtype,
                                 use_resource=True)
        backend.track_variable(var)
        return var

    def _create_hypers(self):
        self.iterations  # noqa: B018 - made first, as Keras does
        for name, value in sorted(self._hyper.items()):
            if name not in self._hyper_vars and not callable(value):
                self._hyper_vars[name] = self._weight(name, float(value), dtypes.float32)

    def add_slot(self, var, slot_name, initializer=0.0):
        key = (id(var), slot_name)
        if key not in self._slots:
            name = f"{var.op.name}/{slot_name}"
            dtype = var.dtype.base_dtype
            slot = variables.Variable(np.full(var.shape.as_list(), initializer, dtype.as_numpy_dtype), name=name,
                                      trainable=False, dtype=dtype, use_resource=True)
            backend.track_variable(slot)
            self._slots[key] = (var, slot_name, slot)
        return self._slots[key][2]

    def get_slot(self, var, slot_name):
        return self._slots[(id(var), slot_name)][2]

    def get_slot_names(self):
        return sorted({name for _, name, _ in self._slots.values()})

    def variables(self):
        made = [self._iterations] if self._iterations is not None else []
        return made + [self._hyper_vars[k] for k in sorted(self._hyper_vars)] + [s for _, _, s in
                                                                                 self._slots.values()]

    weights = property(variables)

    def _create_slots(self, var_list):
        """Makes the slots every variable needs (subclasses)."""

    def _decayed_lr(self, dtype):
        lr = self._get_hyper("learning_rate", dtype)
        if self._initial_decay > 0:
            step = math_ops.cast(self.iterations, dtype)
            lr = lr / (1.0 + self._get_hyper("decay", dtype) * step)
        return lr

    def get_gradients(self, loss, params):
        grads = gradients_impl.gradients(loss, params)
        for g, p in zip(grads, params):
            if g is None:
                raise ValueError(f"Variable {p} has `None` for gradient. Please make sure that all of your ops have "
                                 "a gradient defined (i.e. are differentiable). Common ops without gradient: "
                                 "K.argmax, K.round, K.eval.")
        if self.clipvalue is not None:
            grads = [clip_ops.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.clipnorm is not None:
            grads = [clip_ops.clip_by_norm(g, self.clipnorm) for g in grads]
        return grads

    def get_updates(self, loss, params):
        """The update op of one step on `loss` over `params` (what compile runs)."""
        grads = self.get_gradients(loss, params)
        return [self.apply_gradients(zip(grads, params))]

    def minimize(self, loss, var_list=None, grad_loss=None, name=None, tape=None):
        var_list = list(var_list) if var_list is not None else variables.trainable_variables()
        loss = loss() if callable(loss) else loss
        return self.apply_gradients(zip(self.get_gradients(loss, var_list), var_list), name=name)

    def apply_gradients(self, grads_and_vars, name=None, experimental_aggregate_gradients=True):
        pairs = [(g, v) for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        graph = get_default_graph()
        scope = graph.get_name_scope()
        own_scope = scope.split("/")[-1] == self._name if scope else False
        with contextlib.nullcontext() if own_scope else graph.name_scope(self._name):
            self._create_hypers()
            self._create_slots([v for _, v in pairs])
            dtype = pairs[0][1].dtype.base_dtype
            lr = self._decayed_lr(dtype)
            updates = []
            for grad, var in pairs:
                with graph.name_scope("update_" + var.op.name):
                    updates.append(self._apply_dense(grad, var, lr))
            with control_dependencies(updates):
                step = state_ops.assign_add(self.iterations, 1)
            return control_flow_ops.group(*updates, step, name=name or self._name)

    def get_config(self):
        config = {"name": self._name}
        config.update({k: v for k, v in self._hyper.items()})
        return config


class SGD(Optimizer):
    """var -= lr * grad; with momentum: m = momentum * m - lr * grad, var += m (or the Nesterov form)."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        learning_rate = kwargs.pop("lr", learning_rate)
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", learning_rate)
        self._momentum = momentum > 0 or callable(momentum)
        if not callable(momentum) and not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be between [0, 1]. Received: momentum={momentum} "
                             f"(of type {type(momentum)}).")
        self._set_hyper("momentum", momentum)
        self.nesterov = nesterov

    def _create_slots(self, var_list):
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")

    def _apply_dense(self, grad, var, lr):
        if not self._momentum:
            return training_ops.apply_gradient_descent(var, lr, grad).op
        m = self.get_slot(var, "momentum")
        momentum = self._get_hyper("momentum", var.dtype.base_dtype)
        m_new = state_ops.assign(m, m * momentum - lr * grad)
        step = m_new * momentum - lr * grad if self.nesterov else m_new
        return state_ops.assign_add(var, step).op


class Adam(Optimizer):
    """Adam with Keras's epsilon 1e-7 (slots m, v; step size lr * sqrt(1 - beta_2^t) / (1 - beta_1^t))."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, name="Adam",
                 **kwargs):
        learning_rate = kwargs.pop("lr", learning_rate)
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", learning_rate)
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = epsilon or backend.epsilon()
        self.amsgrad = amsgrad

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "m")
        for var in var_list:
            self.add_slot(var, "v")
        if self.amsgrad:
            for var in var_list:
                self.add_slot(var, "vhat")

    def _apply_dense(self, grad, var, lr):
        dtype = var.dtype.base_dtype
        step = math_ops.cast(self.iterations + 1, dtype)
        beta_1, beta_2 = self._get_hyper("beta_1", dtype), self._get_hyper("beta_2", dtype)
        beta_1_power, beta_2_power = math_ops.pow(beta_1, step), math_ops.pow(beta_2, step)
        m, v = self.get_slot(var, "m"), self.get_slot(var, "v")
        if not self.amsgrad:
            return training_ops.apply_adam(var, m, v, beta_1_power, beta_2_power, lr, beta_1, beta_2,
                                           math_ops.cast(self.epsilon, dtype), grad).op
        lr_t = lr * unary_ops.sqrt(1.0 - beta_2_power) / (1.0 - beta_1_power)
        m_t = state_ops.assign(m, m * beta_1 + grad * (1.0 - beta_1))
        v_t = state_ops.assign(v, v * beta_2 + grad * grad * (1.0 - beta_2))
        vhat = state_ops.assign(self.get_slot(var, "vhat"), math_ops.maximum(self.get_slot(var, "vhat"), v_t))
        return state_ops.assign_sub(var, lr_t * m_t / (unary_ops.sqrt(vhat) + self.epsilon)).op


class RMSprop(Optimizer):
    """rms = rho * rms + (1 - rho) * grad^2; var -= lr * grad / (sqrt(rms) + epsilon) (momentum/centered too)."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, name="RMSprop",
                 **kwargs):
        learning_rate = kwargs.pop("lr", learning_rate)
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", learning_rate)
        self._set_hyper("rho", rho)
        self._set_hyper("momentum", momentum)
        self._momentum = momentum > 0
        self.epsilon, self.centered = epsilon or backend.epsilon(), centered

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "rms")
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")
        if self.centered:
            for var in var_list:
                self.add_slot(var, "mg")

    def _apply_dense(self, grad, var, lr):
        dtype = var.dtype.base_dtype
        rho, eps = self._get_hyper("rho", dtype), math_ops.cast(self.epsilon, dtype)
        rms = self.get_slot(var, "rms")
        if self._momentum:
            momentum = self._get_hyper("momentum", dtype)
            mom = self.get_slot(var, "momentum")
            if self.centered:
                return training_ops.apply_centered_rms_prop(var, self.get_slot(var, "mg"), rms, mom, lr, rho,
                                                            momentum, eps, grad).op
            return training_ops.apply_rms_prop(var, rms, mom, lr, rho, momentum, eps, grad).op
        rms_t = state_ops.assign(rms, rho * rms + (1.0 - rho) * grad * grad)
        denominator = rms_t
        if self.centered:
            mg_t = state_ops.assign(self.get_slot(var, "mg"), rho * self.get_slot(var, "mg") + (1.0 - rho) * grad)
            denominator = rms_t - mg_t * mg_t
        return state_ops.assign_sub(var, lr * grad / (unary_ops.sqrt(denominator) + eps)).op


class Adagrad(Optimizer):
    """accumulator += grad^2; var -= lr * grad / (sqrt(accumulator) + epsilon)."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, name="Adagrad", **kwargs):
        learning_rate = kwargs.pop("lr", learning_rate)
        super().__init__(name, **kwargs)
        self._set_hyper("learning_rate", learning_rate)
        self._initial_accumulator_value = float(initial_accumulator_value)
        self.epsilon = epsilon or backend.epsilon()

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "accumulator", self._initial_accumulator_value)

    def _apply_dense(self, grad, var, lr):
        accum = self.get_slot(var, "accumulator")
        accum_t = state_ops.assign_add(accum, grad * grad)
        return state_ops.assign_sub(var, lr * grad / (unary_ops.sqrt(accum_t) + self.epsilon)).op


_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad}


def get(identifier):
    """An optimizer from a name ('adam'), a config dict ({'class_name': 'Adam', 'config': {...}}) or an Optimizer."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict) and str(identifier.get("class_name", "")).lower() in _BY_NAME:
        return _BY_NAME[identifier["class_name"].lower()](**identifier.get("config", {}))
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    if hasattr(identifier, "minimize") and hasattr(identifier, "compute_gradients"):
        return identifier  # a tf.train optimizer, as TF1 Keras accepts
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")


__all__ = ["Adagrad", "Adam", "Optimizer", "RMSprop", "SGD", "get"]
