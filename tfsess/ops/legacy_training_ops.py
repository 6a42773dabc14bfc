"""Optimizer update op types that Keras and tf.contrib optimizers wrote into TF 1.x graphs, for imported
GraphDefs: ApplyAdaMax, ApplyAdagradV2, ApplyAddSign, ApplyPowerSign (each with its Resource* form),
ResourceApplyKerasMomentum and ResourceApplyAdamWithAmsgrad. They run the way training_ops' updates do:
the slots are read and written under their locks, shapes checked before anything is written.
"""
from __future__ import annotations

from tfsess.framework.registry import REGISTRY, register_op
from tfsess.ops import training_ops
from tfsess.ops.resource_training_ops import register_resource_variant

__all__ = []

_SCALARS = frozenset(["lr", "alpha", "beta", "beta1", "beta2", "beta1_power", "beta2_power", "epsilon",
                      "logbase", "sign_decay", "momentum"])


def _infer(op_type, names):
    """training_ops' update inference with this module's scalar inputs (logbase, sign_decay, beta)."""
    def infer(inputs, attrs):
        var = inputs[0]
        base = var.dtype.base_dtype
        for name, t in zip(names, inputs):
            if t.dtype.base_dtype != base:
                raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                                f"match type {base.name} of argument 'var'.")
            if name in _SCALARS and t.shape.ndims not in (None, 0):
                raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for '{op_type}' (input '{name}' "
                                 f"has shape {t.shape})")
            if name not in _SCALARS and not var.shape.is_compatible_with(t.shape):
                raise ValueError(f"Shapes must be equal: var has shape {var.shape} but {name} has shape {t.shape} "
                                 f"for '{op_type}'")
        return [(var.dtype, var.shape)]
    return infer


def _update(refs, grad, rule, *scalars):
    return training_ops._dense_update(refs, grad, rule, *scalars)


# ------------------------------------------------------------------ the rules (var, *slots, *scalars, grad)
def _ada_max(xp):
    def rule(var, m, v, beta1_power, lr, beta1, beta2, epsilon, grad):
        one = var.dtype.type(1)
        m = m + (grad - m) * (one - beta1)
        v = xp.maximum(beta2 * v, xp.abs(grad))
        return var - lr / (one - beta1_power) * (m / (v + epsilon)), m, v
    return rule


def _adagrad_v2(xp, update_slots):
    def rule(var, accum, lr, epsilon, grad):
        if update_slots:
            accum = accum + grad * grad
        return var - grad * lr / (xp.sqrt(accum) + epsilon), accum
    return rule


def _add_sign(xp):
    def rule(var, m, lr, alpha, sign_decay, beta, grad):
        m = m * beta + grad * (var.dtype.type(1) - beta)
        return var - lr * (alpha + sign_decay * xp.sign(grad) * xp.sign(m)) * grad, m
    return rule


def _power_sign(xp):
    def rule(var, m, lr, logbase, sign_decay, beta, grad):
        m = m * beta + grad * (var.dtype.type(1) - beta)
        return var - lr * xp.exp(logbase * sign_decay * xp.sign(grad) * xp.sign(m)) * grad, m
    return rule


def _keras_momentum(use_nesterov):
    def rule(var, accum, lr, momentum, grad):
        accum = accum * momentum - grad * lr
        return (var + (accum * momentum - grad * lr) if use_nesterov else var + accum), accum
    return rule


def _adam_amsgrad(xp):
    def rule(var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad):
        one = var.dtype.type(1)
        alpha = lr * xp.sqrt(one - beta2_power) / (one - beta1_power)
        m = m + (grad - m) * (one - beta1)
        v = v + (grad * grad - v) * (one - beta2)
        vhat = xp.maximum(vhat, v)
        return var - m * alpha / (xp.sqrt(vhat) + epsilon), m, v, vhat
    return rule


# ------------------------------------------------------------------ the ops
_ADA_MAX = ("var", "m", "v", "beta1_power", "lr", "beta1", "beta2", "epsilon", "grad")
_ADAGRAD_V2 = ("var", "accum", "lr", "epsilon", "grad")
_ADD_SIGN = ("var", "m", "lr", "alpha", "sign_decay", "beta", "grad")
_POWER_SIGN = ("var", "m", "lr", "logbase", "sign_decay", "beta", "grad")
_MOMENTUM = ("var", "accum", "lr", "grad", "momentum")
_AMSGRAD = ("var", "m", "v", "vhat", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad")


@register_op("ApplyAdaMax", infer=_infer("ApplyAdaMax", _ADA_MAX), ref_inputs=(0, 1, 2), stateful=True)
def _apply_ada_max(xp, var, m, v, beta1_power, lr, beta1, beta2, epsilon, grad, *, use_locking=False):
    return _update([var, m, v], grad, _ada_max(xp), beta1_power, lr, beta1, beta2, epsilon)


@register_op("ApplyAdagradV2", infer=_infer("ApplyAdagradV2", _ADAGRAD_V2), ref_inputs=(0, 1), stateful=True)
def _apply_adagrad_v2(xp, var, accum, lr, epsilon, grad, *, use_locking=False, update_slots=True):
    return _update([var, accum], grad, _adagrad_v2(xp, update_slots), lr, epsilon)


@register_op("ApplyAddSign", infer=_infer("ApplyAddSign", _ADD_SIGN), ref_inputs=(0, 1), stateful=True)
def _apply_add_sign(xp, var, m, lr, alpha, sign_decay, beta, grad, *, use_locking=False):
    return _update([var, m], grad, _add_sign(xp), lr, alpha, sign_decay, beta)


@register_op("ApplyPowerSign", infer=_infer("ApplyPowerSign", _POWER_SIGN), ref_inputs=(0, 1), stateful=True)
def _apply_power_sign(xp, var, m, lr, logbase, sign_decay, beta, grad, *, use_locking=False):
    return _update([var, m], grad, _power_sign(xp), lr, logbase, sign_decay, beta)


# TF has these two only as resource ops: each is registered as a ref op (the kernel register_resource_variant
# runs on the handles' storage) and then taken back out, leaving Resource<type>
@register_op("ApplyKerasMomentum", infer=_infer("ResourceApplyKerasMomentum", _MOMENTUM), ref_inputs=(0, 1),
             stateful=True)
def _apply_keras_momentum(xp, var, accum, lr, grad, momentum, *, use_locking=False, use_nesterov=False):
    return _update([var, accum], grad, _keras_momentum(use_nesterov), lr, momentum)


@register_op("ApplyAdamWithAmsgrad", infer=_infer("ResourceApplyAdamWithAmsgrad", _AMSGRAD),
             ref_inputs=(0, 1, 2, 3), stateful=True)
def _apply_adam_with_amsgrad(xp, var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, *,
                             use_locking=False):
    return _update([var, m, v, vhat], grad, _adam_amsgrad(xp), beta1_power, beta2_power, lr, beta1, beta2,
                   epsilon)


for _op_type in ("ApplyAdaMax", "ApplyAdagradV2", "ApplyAddSign", "ApplyPowerSign", "ApplyKerasMomentum",
                 "ApplyAdamWithAmsgrad"):
    register_resource_variant(_op_type)
for _op_type in ("ApplyKerasMomentum", "ApplyAdamWithAmsgrad"):  # no such ref op types in TF
    del REGISTRY[_op_type]
