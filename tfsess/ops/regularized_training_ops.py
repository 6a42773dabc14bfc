"""The regularized optimizer updates of TF's training_ops: FTRL, proximal gradient descent,
proximal Adagrad and Adagrad dual averaging, dense (Apply*) and sparse (SparseApply*).

Each kernel follows the formula of TF's CPU functor (training_ops.cc) in the same order of
operations, on the variable's dtype; results agree with TF's within float rounding.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op, set_op_fields
from tfsess.ops.resource_training_ops import apply_resource_update, is_resource, register_resource_variant
from tfsess.ops.training_ops import _dense_update, _ref_input, _sparse_update, _update_infer

_REGULARIZERS = ("l1", "l2", "l2_shrinkage", "lr_power", "alpha", "lr")


def _infer(op_type, names, sparse=False):
    """`_update_infer` over the inputs of `names`, with the regularization scalars and global_step checked here."""
    checked = [n for n in names if n not in _REGULARIZERS and n != "global_step"]
    inner = _update_infer(op_type, tuple(checked), sparse=sparse)

    def infer(inputs, attrs):
        by_name = dict(zip(names, inputs))
        base = inputs[0].dtype.base_dtype
        for name in names:
            t = by_name[name]
            want = dtypes.int64 if name == "global_step" else (base if name in _REGULARIZERS else None)
            if want is None:
                continue
            if t.dtype.base_dtype != want:
                raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does "
                                f"not match type {want.name}" + (" of argument 'var'." if want == base else "."))
            if t.shape.ndims not in (None, 0):
                raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for '{op_type}' "
                                 f"(input '{name}' has shape {t.shape})")
        return inner([by_name[n] for n in checked], attrs)
    return infer


# ------------------------------------------------------------------ update rules (NumPy/CuPy)
def _proximal_step(xp, prox, rate, l1, l2):
    """Fobos: sign(prox) * max(|prox| - rate * l1, 0) / (1 + l2 * rate), or prox / (1 + l2 * rate) when l1 <= 0."""
    one = prox.dtype.type(1)
    if l1 > 0:
        return xp.sign(prox) * xp.maximum(xp.abs(prox) - rate * l1, prox.dtype.type(0)) / (one + l2 * rate)
    return prox / (one + l2 * rate)


def _proximal_gd_rule(xp):
    def rule(var, alpha, l1, l2, grad):
        return (_proximal_step(xp, var - grad * alpha, alpha, l1, l2),)
    return rule


def _proximal_adagrad_rule(xp):
    def rule(var, accum, lr, l1, l2, grad):
        accum = accum + grad * grad
        rate = lr * (accum.dtype.type(1) / xp.sqrt(accum))
        return _proximal_step(xp, var - grad * rate, rate, l1, l2), accum
    return rule


def _adagrad_da_rule(xp):
    def rule(var, grad_accum, grad_sq_accum, lr, l1, l2, global_step, grad):
        grad_accum = grad_accum + grad
        grad_sq_accum = grad_sq_accum + grad * grad
        step = var.dtype.type(global_step)
        denominator = l2 * (step * lr) + xp.sqrt(grad_sq_accum)
        if l1 > 0:
            shrunk = xp.maximum(xp.abs(grad_accum) - step * l1, var.dtype.type(0))
            new_var = lr * -xp.sign(grad_accum) * shrunk / denominator
        else:
            new_var = lr * grad_accum * var.dtype.type(-1) / denominator
        return new_var.astype(var.dtype, copy=False), grad_accum, grad_sq_accum
    return rule


def _ftrl_rule(xp, shrinkage, multiply_linear_by_lr):
    """FTRL-proximal (McMahan et al. 2013); `shrinkage` adds 2 * l2_shrinkage * var to the linear term's gradient."""
    def rule(var, accum, linear, lr, l1, l2, *rest):
        l2_shrinkage, lr_power, grad = rest if shrinkage else (0, *rest)
        dt = var.dtype.type
        shrunk_grad = grad + dt(2) * l2_shrinkage * var if shrinkage else grad
        new_accum = accum + grad * grad
        if lr_power == dt(-0.5):
            grown = xp.sqrt(new_accum) - xp.sqrt(accum)
            new_power = xp.sqrt(new_accum)
        else:
            grown = new_accum ** -lr_power - accum ** -lr_power
            new_power = new_accum ** -lr_power
        if multiply_linear_by_lr:
            linear = linear + (shrunk_grad * lr - grown * var)
            threshold = l1 * lr
            y = new_power + dt(2) * l2 * lr
        else:
            linear = linear + (shrunk_grad - grown / lr * var)
            threshold = l1
            y = new_power / lr + dt(2) * l2
        x = threshold * xp.sign(linear) - linear
        new_var = xp.where(xp.abs(linear) > threshold, x / y, dt(0))
        return new_var.astype(var.dtype, copy=False), new_accum, linear
    return rule


# ------------------------------------------------------------------ op declarations
_PROXIMAL_GD = ("var", "alpha", "l1", "l2", "delta")
_SPARSE_PROXIMAL_GD = ("var", "alpha", "l1", "l2", "grad", "indices")
_PROXIMAL_ADAGRAD = ("var", "accum", "lr", "l1", "l2", "grad")
_ADAGRAD_DA = ("var", "gradient_accumulator", "gradient_squared_accumulator", "grad", "lr", "l1", "l2", "global_step")
_SPARSE_ADAGRAD_DA = ("var", "gradient_accumulator", "gradient_squared_accumulator", "grad", "indices", "lr", "l1",
                      "l2", "global_step")
_FTRL = ("var", "accum", "linear", "grad", "lr", "l1", "l2", "lr_power")
_FTRL_V2 = ("var", "accum", "linear", "grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power")
_SPARSE_FTRL = ("var", "accum", "linear", "grad", "indices", "lr", "l1", "l2", "lr_power")
_SPARSE_FTRL_V2 = ("var", "accum", "linear", "grad", "indices", "lr", "l1", "l2", "l2_shrinkage", "lr_power")


def _gd_names(names):
    return tuple("grad" if n == "delta" else n for n in names)


@register_op("ApplyProximalGradientDescent", infer=_infer("ApplyProximalGradientDescent", _gd_names(_PROXIMAL_GD)),
             ref_inputs=(0,), stateful=True)
def _apply_proximal_gradient_descent(xp, var, alpha, l1, l2, delta, *, use_locking=False):
    return _dense_update([var], delta, _proximal_gd_rule(xp), alpha, l1, l2)


@register_op("SparseApplyProximalGradientDescent",
             infer=_infer("SparseApplyProximalGradientDescent", _SPARSE_PROXIMAL_GD, sparse=True),
             ref_inputs=(0,), stateful=True, gpu=False)
def _sparse_apply_proximal_gradient_descent(xp, var, alpha, l1, l2, grad, indices, *, use_locking=False):
    return _sparse_update(xp, [var], grad, indices, _proximal_gd_rule(xp), alpha, l1, l2)


@register_op("ApplyProximalAdagrad", infer=_infer("ApplyProximalAdagrad", _PROXIMAL_ADAGRAD),
             ref_inputs=(0, 1), stateful=True)
def _apply_proximal_adagrad(xp, var, accum, lr, l1, l2, grad, *, use_locking=False):
    return _dense_update([var, accum], grad, _proximal_adagrad_rule(xp), lr, l1, l2)


@register_op("SparseApplyProximalAdagrad",
             infer=_infer("SparseApplyProximalAdagrad", _PROXIMAL_ADAGRAD + ("indices",), sparse=True),
             ref_inputs=(0, 1), stateful=True, gpu=False)
def _sparse_apply_proximal_adagrad(xp, var, accum, lr, l1, l2, grad, indices, *, use_locking=False):
    return _sparse_update(xp, [var, accum], grad, indices, _proximal_adagrad_rule(xp), lr, l1, l2)


@register_op("ApplyAdagradDA", infer=_infer("ApplyAdagradDA", _ADAGRAD_DA), ref_inputs=(0, 1, 2), stateful=True)
def _apply_adagrad_da(xp, var, gradient_accumulator, gradient_squared_accumulator, grad, lr, l1, l2, global_step, *,
                      use_locking=False):
    return _dense_update([var, gradient_accumulator, gradient_squared_accumulator], grad, _adagrad_da_rule(xp),
                         lr, l1, l2, int(global_step))


@register_op("SparseApplyAdagradDA", infer=_infer("SparseApplyAdagradDA", _SPARSE_ADAGRAD_DA, sparse=True),
             ref_inputs=(0, 1, 2), stateful=True, gpu=False)
def _sparse_apply_adagrad_da(xp, var, gradient_accumulator, gradient_squared_accumulator, grad, indices, lr, l1, l2,
                             global_step, *, use_locking=False):
    return _sparse_update(xp, [var, gradient_accumulator, gradient_squared_accumulator], grad, indices,
                          _adagrad_da_rule(xp), lr, l1, l2, int(global_step))


@register_op("ApplyFtrl", infer=_infer("ApplyFtrl", _FTRL), ref_inputs=(0, 1, 2), stateful=True)
def _apply_ftrl(xp, var, accum, linear, grad, lr, l1, l2, lr_power, *, use_locking=False,
                multiply_linear_by_lr=False):
    return _dense_update([var, accum, linear], grad, _ftrl_rule(xp, False, multiply_linear_by_lr),
                         lr, l1, l2, lr_power)


@register_op("ApplyFtrlV2", infer=_infer("ApplyFtrlV2", _FTRL_V2), ref_inputs=(0, 1, 2), stateful=True)
def _apply_ftrl_v2(xp, var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, *, use_locking=False,
                   multiply_linear_by_lr=False):
    return _dense_update([var, accum, linear], grad, _ftrl_rule(xp, True, multiply_linear_by_lr),
                         lr, l1, l2, l2_shrinkage, lr_power)


@register_op("SparseApplyFtrl", infer=_infer("SparseApplyFtrl", _SPARSE_FTRL, sparse=True),
             ref_inputs=(0, 1, 2), stateful=True, gpu=False)
def _sparse_apply_ftrl(xp, var, accum, linear, grad, indices, lr, l1, l2, lr_power, *, use_locking=False,
                       multiply_linear_by_lr=False):
    return _sparse_update(xp, [var, accum, linear], grad, indices, _ftrl_rule(xp, False, multiply_linear_by_lr),
                          lr, l1, l2, lr_power)


@register_op("SparseApplyFtrlV2", infer=_infer("SparseApplyFtrlV2", _SPARSE_FTRL_V2, sparse=True),
             ref_inputs=(0, 1, 2), stateful=True, gpu=False)
def _sparse_apply_ftrl_v2(xp, var, accum, linear, grad, indices, lr, l1, l2, l2_shrinkage, lr_power, *,
                          use_locking=False, multiply_linear_by_lr=False):
    return _sparse_update(xp, [var, accum, linear], grad, indices, _ftrl_rule(xp, True, multiply_linear_by_lr),
                          lr, l1, l2, l2_shrinkage, lr_power)


for _op_type in ("ApplyProximalGradientDescent", "SparseApplyProximalGradientDescent", "ApplyProximalAdagrad",
                 "SparseApplyProximalAdagrad", "ApplyAdagradDA", "SparseApplyAdagradDA", "ApplyFtrl", "ApplyFtrlV2",
                 "SparseApplyFtrl", "SparseApplyFtrlV2"):
    set_op_fields(_op_type, no_gradient=True)
    register_resource_variant(_op_type)


# ------------------------------------------------------------------ Python wrappers (gen_training_ops)
_SLOTS = frozenset(["var", "accum", "linear", "gradient_accumulator", "gradient_squared_accumulator"])


def _apply(op_type, names, values, attrs, name):
    """Builds `op_type`: slot inputs as refs, indices as given, global_step as int64, the rest in var's dtype."""
    inputs = []
    dtype = None
    resource = is_resource(values[0])
    for arg, value in zip(names, values):
        if arg in _SLOTS:
            inputs.append(value if resource else _ref_input(value, op_type, arg))
            dtype = dtype or inputs[0].dtype.base_dtype
        elif arg == "indices":
            inputs.append(convert_to_tensor(value))
        elif arg == "global_step":
            inputs.append(convert_to_tensor(value, dtype=dtypes.int64))
        else:
            tensor = convert_to_tensor(value, dtype=None if isinstance(value, Tensor) else dtype)
            if tensor.dtype.base_dtype != dtype:
                raise TypeError(f"Input '{arg}' of '{op_type}' Op has type {tensor.dtype.base_dtype.name} that does "
                                f"not match type {dtype.name} of argument 'var'.")
            inputs.append(tensor)
    if resource:  # Resource<op_type> on the handles
        n_vars = sum(1 for arg in names if arg in _SLOTS)
        indices = inputs[list(names).index("indices")] if "indices" in names else None
        return apply_resource_update(op_type, inputs[:n_vars], inputs[n_vars:], attrs, name, indices)
    return apply1(op_type, inputs, attrs, name=name or op_type)


def apply_proximal_gradient_descent(var, alpha, l1, l2, delta, use_locking=False, name=None):
    """prox = var - alpha * delta; var = sign(prox) * max(|prox| - alpha * l1, 0) / (1 + alpha * l2)."""
    return _apply("ApplyProximalGradientDescent", _PROXIMAL_GD, [var, alpha, l1, l2, delta],
                  {"use_locking": use_locking}, name)


def sparse_apply_proximal_gradient_descent(var, alpha, l1, l2, grad, indices, use_locking=False, name=None):
    """apply_proximal_gradient_descent on the rows `indices` only."""
    return _apply("SparseApplyProximalGradientDescent", _SPARSE_PROXIMAL_GD, [var, alpha, l1, l2, grad, indices],
                  {"use_locking": use_locking}, name)


def apply_proximal_adagrad(var, accum, lr, l1, l2, grad, use_locking=False, name=None):
    """accum += grad**2; the proximal step with the Adagrad rate lr / sqrt(accum)."""
    return _apply("ApplyProximalAdagrad", _PROXIMAL_ADAGRAD, [var, accum, lr, l1, l2, grad],
                  {"use_locking": use_locking}, name)


def sparse_apply_proximal_adagrad(var, accum, lr, l1, l2, grad, indices, use_locking=False, name=None):
    """apply_proximal_adagrad on the rows `indices` only."""
    return _apply("SparseApplyProximalAdagrad", _PROXIMAL_ADAGRAD + ("indices",),
                  [var, accum, lr, l1, l2, grad, indices], {"use_locking": use_locking}, name)


def apply_adagrad_da(var, gradient_accumulator, gradient_squared_accumulator, grad, lr, l1, l2, global_step,
                     use_locking=False, name=None):
    """Adagrad dual averaging: var from the accumulated gradient and squared gradient at step `global_step`."""
    return _apply("ApplyAdagradDA", _ADAGRAD_DA,
                  [var, gradient_accumulator, gradient_squared_accumulator, grad, lr, l1, l2, global_step],
                  {"use_locking": use_locking}, name)


def sparse_apply_adagrad_da(var, gradient_accumulator, gradient_squared_accumulator, grad, indices, lr, l1, l2,
                            global_step, use_locking=False, name=None):
    """apply_adagrad_da on the rows `indices` only."""
    return _apply("SparseApplyAdagradDA", _SPARSE_ADAGRAD_DA,
                  [var, gradient_accumulator, gradient_squared_accumulator, grad, indices, lr, l1, l2, global_step],
                  {"use_locking": use_locking}, name)


def apply_ftrl(var, accum, linear, grad, lr, l1, l2, lr_power, use_locking=False, multiply_linear_by_lr=False,
               name=None):
    """One FTRL-proximal step on var with accumulators accum (squared gradients) and linear."""
    return _apply("ApplyFtrl", _FTRL, [var, accum, linear, grad, lr, l1, l2, lr_power],
                  {"use_locking": use_locking, "multiply_linear_by_lr": multiply_linear_by_lr}, name)


def apply_ftrl_v2(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, use_locking=False,
                  multiply_linear_by_lr=False, name=None):
    """apply_ftrl with an L2 shrinkage penalty on var's magnitude."""
    return _apply("ApplyFtrlV2", _FTRL_V2, [var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power],
                  {"use_locking": use_locking, "multiply_linear_by_lr": multiply_linear_by_lr}, name)


def sparse_apply_ftrl(var, accum, linear, grad, indices, lr, l1, l2, lr_power, use_locking=False,
                      multiply_linear_by_lr=False, name=None):
    """apply_ftrl on the rows `indices` only."""
    return _apply("SparseApplyFtrl", _SPARSE_FTRL, [var, accum, linear, grad, indices, lr, l1, l2, lr_power],
                  {"use_locking": use_locking, "multiply_linear_by_lr": multiply_linear_by_lr}, name)


def sparse_apply_ftrl_v2(var, accum, linear, grad, indices, lr, l1, l2, l2_shrinkage, lr_power, use_locking=False,
                         multiply_linear_by_lr=False, name=None):
    """apply_ftrl_v2 on the rows `indices` only."""
    return _apply("SparseApplyFtrlV2", _SPARSE_FTRL_V2,
                  [var, accum, linear, grad, indices, lr, l1, l2, l2_shrinkage, lr_power],
                  {"use_locking": use_locking, "multiply_linear_by_lr": multiply_linear_by_lr}, name)


__all__ = []  # reached through tf.train's optimizers, as in TF
