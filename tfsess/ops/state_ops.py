"""Variable ops (VariableV2, Assign, AssignAdd, AssignSub, IsVariableInitialized)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.runtime.variable_store import VariableRef


def _variable_infer(inputs, attrs):
    return [(attrs["dtype"]._as_ref(), TensorShape(attrs["shape"]))]


@register_op("VariableV2", infer=_variable_infer, needs_ctx=True, stateful=True)
def _variable_v2(xp, *, ctx, shape, dtype, container="", shared_name=""):
    key = ("variable", shared_name or ctx.op.name)
    return ctx.resources.get_or_create(key, lambda: VariableRef(ctx.op.name))


def variable_op_v2(shape, dtype, name="Variable", container="", shared_name=""):
    shape = TensorShape(shape)
    dims = None if shape.ndims is None else list(shape.as_tuple_or_none())
    return apply1("VariableV2", [], {"shape": dims, "dtype": dtypes.as_dtype(dtype).base_dtype,
                                     "container": container, "shared_name": shared_name}, name=name)


def _ref_of(ref):
    return ref._ref() if hasattr(ref, "_ref") else ref


def _check_ref(ref, op_name):
    if not ref.dtype.is_ref_dtype:
        raise TypeError(f"'{op_name}' Op requires that input 'ref' be a mutable tensor (e.g.: a tf.Variable), "
                        f"got {ref.name} of dtype {ref.dtype.name}")


def _assign_infer(inputs, attrs):
    ref, value = inputs
    if value.dtype.base_dtype != ref.dtype.base_dtype:
        raise TypeError(f"Input 'value' of 'Assign' Op has type {value.dtype.base_dtype.name} that does not "
                        f"match type {ref.dtype.base_dtype.name} of argument 'ref'.")
    if attrs.get("validate_shape", True):
        if not ref.shape.is_compatible_with(value.shape):
            raise ValueError(f"Shapes {ref.shape} and {value.shape} are incompatible "
                             f"(assigning to {ref.op.name})")
        return [(ref.dtype, ref.shape.merge_with(value.shape))]
    return [(ref.dtype, value.shape)]


def _checked_shape(ref, value, validate_shape, shape):
    if validate_shape and ref.value is not None and ref.value.shape != value.shape:
        raise errors.InvalidArgumentError(
            None, None, f"Assign requires shapes of both tensors to match. lhs shape= {list(ref.value.shape)} "
                        f"rhs shape= {list(value.shape)} (variable {ref.name})")
    if validate_shape and shape is not None and not TensorShape(shape).is_compatible_with(value.shape):
        raise errors.InvalidArgumentError(
            None, None, f"Assign requires shapes of both tensors to match. lhs shape= {shape} "
                        f"rhs shape= {list(value.shape)} (variable {ref.name})")


@register_op("Assign", infer=_assign_infer, ref_inputs=(0,), stateful=True, needs_ctx=True)
def _assign(xp, ref, value, *, ctx, validate_shape=True, use_locking=True):
    shape = ctx.op.inputs[0].shape.as_tuple_or_none()
    _checked_shape(ref, value, validate_shape, None if shape is None else list(shape))
    with ref.lock:
        return ref.assign(value)


def _update_infer(inputs, attrs):
    ref, value = inputs
    if value.dtype.base_dtype != ref.dtype.base_dtype:
        raise TypeError(f"Input 'value' has type {value.dtype.base_dtype.name} that does not match type "
                        f"{ref.dtype.base_dtype.name} of argument 'ref'.")
    if not ref.shape.is_compatible_with(value.shape):
        raise ValueError(f"Shapes {ref.shape} and {value.shape} are incompatible (updating {ref.op.name})")
    return [(ref.dtype, ref.shape)]


def _updater(fn):
    def kernel(xp, ref, value, *, use_locking=False):
        with ref.lock:
            current = ref.read()
            if current.shape != value.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"Must have the same shape: {list(current.shape)} vs {list(value.shape)} "
                                f"(variable {ref.name})")
            return ref.assign(np.asarray(fn(current, value)), owned=True)
    return kernel


register_op("AssignAdd", infer=_update_infer, ref_inputs=(0,), stateful=True)(_updater(np.add))
register_op("AssignSub", infer=_update_infer, ref_inputs=(0,), stateful=True)(_updater(np.subtract))


@register_op("IsVariableInitialized", infer=lambda i, a: [(dtypes.bool, TensorShape([]))],
             ref_inputs=(0,), stateful=True)
def _is_variable_initialized(xp, ref, *, dtype=None):
    return np.asarray(ref.initialized)


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Assigns `value` to the variable `ref`; returns the new value (tf.assign)."""
    ref = _ref_of(ref)
    _check_ref(ref, "Assign")
    value = convert_to_tensor(value, dtype=ref.dtype.base_dtype)
    return apply1("Assign", [ref, value], {"validate_shape": True if validate_shape is None else validate_shape,
                                           "use_locking": True if use_locking is None else use_locking},
                  name=name or "Assign")


def assign_add(ref, value, use_locking=None, name=None):
    """ref += value; returns the new value (tf.assign_add)."""
    ref = _ref_of(ref)
    _check_ref(ref, "AssignAdd")
    value = convert_to_tensor(value, dtype=ref.dtype.base_dtype)
    return apply1("AssignAdd", [ref, value], {"use_locking": bool(use_locking)}, name=name or "AssignAdd")


def assign_sub(ref, value, use_locking=None, name=None):
    """ref -= value; returns the new value (tf.assign_sub)."""
    ref = _ref_of(ref)
    _check_ref(ref, "AssignSub")
    value = convert_to_tensor(value, dtype=ref.dtype.base_dtype)
    return apply1("AssignSub", [ref, value], {"use_locking": bool(use_locking)}, name=name or "AssignSub")


def is_variable_initialized(variable):
    """A bool tensor: whether `variable` has a value in the running session."""
    ref = _ref_of(variable)
    return apply1("IsVariableInitialized", [ref], {"dtype": ref.dtype.base_dtype}, name="IsVariableInitialized")

__all__ = [
    "assign",
    "assign_add",
    "assign_sub",
    "is_variable_initialized",
]
