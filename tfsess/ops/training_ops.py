"""Optimizer update ops (TF's training_ops): ApplyGradientDescent, ApplyMomentum, ApplyAdam, ...

Each op updates a variable (and its slot variables) in place in the session: the kernel gets
the VariableRef objects, reads them under their locks and stores freshly computed arrays.
The output is the variable's ref, as in TF.
"""
from __future__ import annotations

import contextlib

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import lookup, register_op, set_op_fields
from tfsess.lib.xp import to_host
from tfsess.ops.resource_training_ops import apply_resource_update, is_resource, register_resource_variant

_INDEX_TYPES = (dtypes.int32, dtypes.int64)


# ------------------------------------------------------------------ shape and dtype inference
def _update_infer(op_type, names, sparse=False):
    """Inference for an update op whose inputs are named `names`: refs first, scalars, grad (, indices)."""
    def infer(inputs, attrs):
        var = inputs[0]
        base = var.dtype.base_dtype
        for name, t in zip(names, inputs):
            if name == "indices":
                if t.dtype.base_dtype not in _INDEX_TYPES:
                    raise TypeError(f"Value passed to parameter 'indices' has DataType {t.dtype.base_dtype.name} "
                                    f"not in list of allowed values: int32, int64")
                continue
            if t.dtype.base_dtype != base:
                raise TypeError(f"Input '{name}' of '{op_type}' Op has type {t.dtype.base_dtype.name} that does "
                                f"not match type {base.name} of argument 'var'.")
        shapes = dict(zip(names, (t.shape for t in inputs)))
        for name in names:
            if name in _SCALARS and shapes[name].ndims not in (None, 0):
                raise ValueError(f"Shape must be rank 0 but is rank {shapes[name].ndims} for '{op_type}' "
                                 f"(input '{name}' has shape {shapes[name]})")
        slots = [n for n in names if n not in _SCALARS and n not in ("indices", "grad")]
        for name in slots[1:]:
            _merge(var.shape, shapes[name], op_type, name)
        if sparse:
            _check_sparse_shapes(var.shape, shapes["grad"], shapes["indices"], op_type)
        else:
            _merge(var.shape, shapes["grad"], op_type, "grad")
        return [(var.dtype, var.shape)]
    return infer


_SCALARS = frozenset(["alpha", "lr", "momentum", "beta1_power", "beta2_power", "beta1", "beta2", "epsilon", "rho"])


def _merge(var_shape, other, op_type, name):
    if not var_shape.is_compatible_with(other):
        raise ValueError(f"Shapes must be equal: var has shape {var_shape} but {name} has shape {other} "
                         f"for '{op_type}'")


def _check_sparse_shapes(var_shape, grad_shape, indices_shape, op_type):
    if indices_shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {indices_shape.ndims} for '{op_type}' (indices)")
    if var_shape.ndims is not None and grad_shape.ndims is not None:
        if grad_shape.ndims != var_shape.ndims or not var_shape[1:].is_compatible_with(grad_shape[1:]):
            raise ValueError(f"var and grad must match in all dimensions but the first: {var_shape} vs "
                             f"{grad_shape} for '{op_type}'")


# ------------------------------------------------------------------ kernel helpers
@contextlib.contextmanager
def _locked(refs):
    with contextlib.ExitStack() as stack:
        for ref in refs:
            stack.enter_context(ref.lock)
        yield [ref.read() for ref in refs]


def _check_same_shape(var, other, what, ref):
    if var.shape != other.shape:
        raise errors.InvalidArgumentError(
            None, None, f"var and {what} do not have the same shape{list(var.shape)} {list(other.shape)} "
                        f"(variable {ref.name})")


def _store(refs, values):
    for ref, value in zip(refs, values):
        ref.assign(value, owned=True)
    return values[0]


def _dense_update(refs, grad, rule, *scalars):
    """Runs `rule(var, *slots, *scalars, grad) -> (new_var, *new_slots)` on the refs' values."""
    with _locked(refs) as current:
        for ref, value in zip(refs, current):
            _check_same_shape(current[0], value, "accum", ref)
        _check_same_shape(current[0], grad, "delta" if len(refs) == 1 else "grad", refs[0])
        return _store(refs, rule(*current, *scalars, grad))


def _sparse_update(xp, refs, grad, indices, rule, *scalars):
    """Applies `rule` to the rows `indices` of the refs' values; other rows keep their values."""
    with _locked(refs) as current:
        var = current[0]
        indices = np.asarray(to_host(indices)).reshape(-1)  # checked and iterated on the host
        if grad.ndim == 0 or grad.shape[0] != indices.shape[0] or grad.shape[1:] != var.shape[1:]:
            raise errors.InvalidArgumentError(
                None, None, f"var and grad do not match in the inner dimensions, or grad has "
                            f"{grad.shape[0] if grad.ndim else 0} rows for {indices.shape[0]} indices "
                            f"(variable {refs[0].name})")
        bad = np.nonzero((indices < 0) | (indices >= var.shape[0]))[0]
        if bad.size:
            raise errors.InvalidArgumentError(
                None, None, f"Index {int(indices[bad[0]])} at offset {int(bad[0])} in indices is out of range")
        new = [value.copy() for value in current]
        if np.unique(indices).size == indices.size:
            rows = rule(*[v[indices] for v in new], *scalars, grad)
            for array, row in zip(new, rows):
                array[indices] = row
        else:  # repeated rows are updated one after another, as TF's kernels loop over them
            for i, index in enumerate(indices):
                rows = rule(*[v[index] for v in new], *scalars, grad[i])
                for array, row in zip(new, rows):
                    array[index] = row
        return _store(refs, new)


# ------------------------------------------------------------------ update rules (NumPy/CuPy)
def _gradient_descent_rule(var, alpha, delta):
    return (var - alpha * delta,)


def _momentum_rule(use_nesterov):
    def rule(var, accum, lr, momentum, grad):
        accum = accum * momentum + grad
        if use_nesterov:
            return var - (grad * lr + accum * momentum * lr), accum
        return var - lr * accum, accum
    return rule


def _adam_rule(xp, use_nesterov):
    def rule(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad):
        one = var.dtype.type(1)
        alpha = lr * xp.sqrt(one - beta2_power) / (one - beta1_power)
        m = m + (grad - m) * (one - beta1)
        v = v + (grad * grad - v) * (one - beta2)
        if use_nesterov:
            return var - (m * beta1 + (one - beta1) * grad) * alpha / (xp.sqrt(v) + epsilon), m, v
        return var - m * alpha / (xp.sqrt(v) + epsilon), m, v
    return rule


def _adagrad_rule(xp, update_slots):
    def rule(var, accum, lr, grad):
        if update_slots:
            accum = accum + grad * grad
        return var - grad * lr * (var.dtype.type(1) / xp.sqrt(accum)), accum
    return rule


def _adadelta_rule(xp):
    def rule(var, accum, accum_update, lr, rho, epsilon, grad):
        one = var.dtype.type(1)
        accum = accum * rho + grad * grad * (one - rho)
        update = xp.sqrt(accum_update + epsilon) * (one / xp.sqrt(accum + epsilon)) * grad
        accum_update = accum_update * rho + update * update * (one - rho)
        return var - update * lr, accum, accum_update
    return rule


def _rms_prop_rule(xp):
    def rule(var, ms, mom, lr, rho, momentum, epsilon, grad):
        one = var.dtype.type(1)
        ms = ms + (grad * grad - ms) * (one - rho)
        mom = mom * momentum + lr * grad / xp.sqrt(ms + epsilon)
        return var - mom, ms, mom
    return rule


def _centered_rms_prop_rule(xp):
    def rule(var, mg, ms, mom, lr, rho, momentum, epsilon, grad):
        one = var.dtype.type(1)
        ms = ms + (grad * grad - ms) * (one - rho)
        mg = mg + (grad - mg) * (one - rho)
        mom = mom * momentum + lr * grad / xp.sqrt(ms - mg * mg + epsilon)
        return var - mom, mg, ms, mom
    return rule


# ------------------------------------------------------------------ op declarations
_GD = ("var", "alpha", "delta")
_MOMENTUM = ("var", "accum", "lr", "grad", "momentum")
_SPARSE_MOMENTUM = ("var", "accum", "lr", "grad", "indices", "momentum")
_ADAM = ("var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad")
_ADAGRAD = ("var", "accum", "lr", "grad")
_SPARSE_ADAGRAD = ("var", "accum", "lr", "grad", "indices")
_ADADELTA = ("var", "accum", "accum_update", "lr", "rho", "epsilon", "grad")
_RMS = ("var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad")
_CENTERED_RMS = ("var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad")


def _gd_infer(inputs, attrs):
    return _update_infer("ApplyGradientDescent", ("var", "alpha", "grad"))(inputs, attrs)


@register_op("ApplyGradientDescent", infer=_gd_infer, ref_inputs=(0,), stateful=True)
def _apply_gradient_descent(xp, var, alpha, delta, *, use_locking=False):
    with var.lock:
        current = var.read()
        if xp is np and current.shape == np.shape(delta) and current.dtype == np.result_type(delta):
            # var -= alpha * delta in place, as TF's kernel does, when the array is the variable's own
            updated = var.update_in_place(lambda v: np.subtract(v, np.multiply(alpha, delta, dtype=v.dtype),
                                                                out=v))
            if updated is not None:
                return updated
    return _dense_update([var], delta, _gradient_descent_rule, alpha)


@register_op("ApplyMomentum", infer=_update_infer("ApplyMomentum", _MOMENTUM), ref_inputs=(0, 1), stateful=True)
def _apply_momentum(xp, var, accum, lr, grad, momentum, *, use_locking=False, use_nesterov=False):
    return _dense_update([var, accum], grad, _momentum_rule(use_nesterov), lr, momentum)


@register_op("SparseApplyMomentum", infer=_update_infer("SparseApplyMomentum", _SPARSE_MOMENTUM, sparse=True),
             ref_inputs=(0, 1), stateful=True, gpu=False)
def _sparse_apply_momentum(xp, var, accum, lr, grad, indices, momentum, *, use_locking=False, use_nesterov=False):
    return _sparse_update(xp, [var, accum], grad, indices, _momentum_rule(use_nesterov), lr, momentum)


@register_op("ApplyAdam", infer=_update_infer("ApplyAdam", _ADAM), ref_inputs=(0, 1, 2), stateful=True)
def _apply_adam(xp, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, *,
                use_locking=False, use_nesterov=False):
    return _dense_update([var, m, v], grad, _adam_rule(xp, use_nesterov),
                         beta1_power, beta2_power, lr, beta1, beta2, epsilon)


@register_op("ApplyAdagrad", infer=_update_infer("ApplyAdagrad", _ADAGRAD), ref_inputs=(0, 1), stateful=True)
def _apply_adagrad(xp, var, accum, lr, grad, *, use_locking=False, update_slots=True):
    return _dense_update([var, accum], grad, _adagrad_rule(xp, update_slots), lr)


@register_op("SparseApplyAdagrad", infer=_update_infer("SparseApplyAdagrad", _SPARSE_ADAGRAD, sparse=True),
             ref_inputs=(0, 1), stateful=True, gpu=False)
def _sparse_apply_adagrad(xp, var, accum, lr, grad, indices, *, use_locking=False, update_slots=True):
    return _sparse_update(xp, [var, accum], grad, indices, _adagrad_rule(xp, update_slots), lr)


@register_op("ApplyAdadelta", infer=_update_infer("ApplyAdadelta", _ADADELTA), ref_inputs=(0, 1, 2), stateful=True)
def _apply_adadelta(xp, var, accum, accum_update, lr, rho, epsilon, grad, *, use_locking=False):
    return _dense_update([var, accum, accum_update], grad, _adadelta_rule(xp), lr, rho, epsilon)


@register_op("SparseApplyAdadelta", infer=_update_infer("SparseApplyAdadelta", _ADADELTA + ("indices",), sparse=True),
             ref_inputs=(0, 1, 2), stateful=True, gpu=False)
def _sparse_apply_adadelta(xp, var, accum, accum_update, lr, rho, epsilon, grad, indices, *, use_locking=False):
    return _sparse_update(xp, [var, accum, accum_update], grad, indices, _adadelta_rule(xp), lr, rho, epsilon)


@register_op("ApplyRMSProp", infer=_update_infer("ApplyRMSProp", _RMS), ref_inputs=(0, 1, 2), stateful=True)
def _apply_rms_prop(xp, var, ms, mom, lr, rho, momentum, epsilon, grad, *, use_locking=False):
    return _dense_update([var, ms, mom], grad, _rms_prop_rule(xp), lr, rho, momentum, epsilon)


@register_op("SparseApplyRMSProp", infer=_update_infer("SparseApplyRMSProp", _RMS + ("indices",), sparse=True),
             ref_inputs=(0, 1, 2), stateful=True, gpu=False)
def _sparse_apply_rms_prop(xp, var, ms, mom, lr, rho, momentum, epsilon, grad, indices, *, use_locking=False):
    return _sparse_update(xp, [var, ms, mom], grad, indices, _rms_prop_rule(xp), lr, rho, momentum, epsilon)


@register_op("ApplyCenteredRMSProp", infer=_update_infer("ApplyCenteredRMSProp", _CENTERED_RMS),
             ref_inputs=(0, 1, 2, 3), stateful=True)
def _apply_centered_rms_prop(xp, var, mg, ms, mom, lr, rho, momentum, epsilon, grad, *, use_locking=False):
    return _dense_update([var, mg, ms, mom], grad, _centered_rms_prop_rule(xp), lr, rho, momentum, epsilon)


@register_op("SparseApplyCenteredRMSProp",
             infer=_update_infer("SparseApplyCenteredRMSProp", _CENTERED_RMS + ("indices",), sparse=True),
             ref_inputs=(0, 1, 2, 3), stateful=True, gpu=False)
def _sparse_apply_centered_rms_prop(xp, var, mg, ms, mom, lr, rho, momentum, epsilon, grad, indices, *,
                                    use_locking=False):
    return _sparse_update(xp, [var, mg, ms, mom], grad, indices, _centered_rms_prop_rule(xp),
                          lr, rho, momentum, epsilon)


for _op_type in ("ApplyGradientDescent", "ApplyMomentum", "SparseApplyMomentum", "ApplyAdam", "ApplyAdagrad",
                 "SparseApplyAdagrad", "ApplyAdadelta", "SparseApplyAdadelta", "ApplyRMSProp", "SparseApplyRMSProp",
                 "ApplyCenteredRMSProp", "SparseApplyCenteredRMSProp"):
    set_op_fields(_op_type, no_gradient=True)
    register_resource_variant(_op_type)


# ------------------------------------------------------------------ Python wrappers (gen_training_ops)
def _ref_input(var, op_type, arg="var"):
    ref = var._ref() if hasattr(var, "_ref") else var
    if not getattr(ref, "dtype", None) or not ref.dtype.is_ref_dtype:
        raise TypeError(f"'{op_type}' Op requires that input '{arg}' be a mutable tensor (e.g.: a tf.Variable)")
    return ref


def _apply(op_type, names, values, attrs, name):
    resource = is_resource(values[0])
    # as TF's generated wrappers: the inputs are converted (a variable read) inside the op's own scope
    with op_scope(name, "Resource" + op_type if resource else op_type, values) as scope:
        dtype = None
        inputs = []
        for arg, value in zip(names, values):
            if not inputs or (arg not in _SCALARS and arg not in ("grad", "delta", "indices")):
                inputs.append(value if resource else _ref_input(value, op_type, arg))
                dtype = dtype or inputs[0].dtype.base_dtype
            elif arg == "indices":
                inputs.append(convert_to_tensor(value))
            else:
                inputs.append(convert_to_tensor(value, dtype=dtype))
        if resource:  # Resource<op_type> on the handles (TF's _resource_apply_dense / _resource_apply_sparse)
            n_vars = len(lookup(op_type).ref_inputs)
            indices = inputs[names.index("indices")] if "indices" in names else None
            return apply_resource_update(op_type, inputs[:n_vars], inputs[n_vars:], attrs, scope, indices)
        return apply1(op_type, inputs, attrs, name=scope)


def apply_gradient_descent(var, alpha, delta, use_locking=False, name=None):
    """var -= alpha * delta; returns var's ref."""
    return _apply("ApplyGradientDescent", _GD, [var, alpha, delta], {"use_locking": use_locking}, name)


def apply_momentum(var, accum, lr, grad, momentum, use_locking=False, use_nesterov=False, name=None):
    """accum = accum * momentum + grad; var -= lr * accum (or the Nesterov form)."""
    return _apply("ApplyMomentum", _MOMENTUM, [var, accum, lr, grad, momentum],
                  {"use_locking": use_locking, "use_nesterov": use_nesterov}, name)


def sparse_apply_momentum(var, accum, lr, grad, indices, momentum, use_locking=False, use_nesterov=False,
                          name=None):
    """apply_momentum on the rows `indices` only."""
    return _apply("SparseApplyMomentum", _SPARSE_MOMENTUM, [var, accum, lr, grad, indices, momentum],
                  {"use_locking": use_locking, "use_nesterov": use_nesterov}, name)


def apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_locking=False,
               use_nesterov=False, name=None):
    """One Adam step on var with moments m and v."""
    return _apply("ApplyAdam", _ADAM, [var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad],
                  {"use_locking": use_locking, "use_nesterov": use_nesterov}, name)


def apply_adagrad(var, accum, lr, grad, use_locking=False, update_slots=True, name=None):
    """accum += grad**2; var -= lr * grad / sqrt(accum)."""
    return _apply("ApplyAdagrad", _ADAGRAD, [var, accum, lr, grad],
                  {"use_locking": use_locking, "update_slots": update_slots}, name)


def sparse_apply_adagrad(var, accum, lr, grad, indices, use_locking=False, update_slots=True, name=None):
    return _apply("SparseApplyAdagrad", _SPARSE_ADAGRAD, [var, accum, lr, grad, indices],
                  {"use_locking": use_locking, "update_slots": update_slots}, name)


def apply_adadelta(var, accum, accum_update, lr, rho, epsilon, grad, use_locking=False, name=None):
    """Adadelta: accum, accum_update are running averages of grad**2 and update**2; var -= lr * update."""
    return _apply("ApplyAdadelta", _ADADELTA, [var, accum, accum_update, lr, rho, epsilon, grad],
                  {"use_locking": use_locking}, name)


def sparse_apply_adadelta(var, accum, accum_update, lr, rho, epsilon, grad, indices, use_locking=False, name=None):
    return _apply("SparseApplyAdadelta", _ADADELTA + ("indices",),
                  [var, accum, accum_update, lr, rho, epsilon, grad, indices], {"use_locking": use_locking}, name)


def apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None):
    """ms += (grad**2 - ms) * (1 - rho); mom = mom * momentum + lr * grad / sqrt(ms + epsilon); var -= mom."""
    return _apply("ApplyRMSProp", _RMS, [var, ms, mom, lr, rho, momentum, epsilon, grad],
                  {"use_locking": use_locking}, name)


def sparse_apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, indices, use_locking=False, name=None):
    return _apply("SparseApplyRMSProp", _RMS + ("indices",), [var, ms, mom, lr, rho, momentum, epsilon, grad,
                                                              indices], {"use_locking": use_locking}, name)


def apply_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, use_locking=False, name=None):
    return _apply("ApplyCenteredRMSProp", _CENTERED_RMS, [var, mg, ms, mom, lr, rho, momentum, epsilon, grad],
                  {"use_locking": use_locking}, name)


def sparse_apply_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, indices,
                                   use_locking=False, name=None):
    return _apply("SparseApplyCenteredRMSProp", _CENTERED_RMS + ("indices",),
                  [var, mg, ms, mom, lr, rho, momentum, epsilon, grad, indices], {"use_locking": use_locking}, name)


__all__ = []  # reached through tf.train's optimizers, as in TF
