"""TF's resource-variable ops, so graphs TF wrote with resource variables import and run.

TF2's `tf.compat.v1` graphs (and TF1's `use_resource=True`) hold a variable as a VarHandleOp whose
output is a handle (dtype resource); ReadVariableOp reads its value, AssignVariableOp and the
Resource* updates write it. Here the handle is the session's ResourceVariable, a VariableRef that
also knows its dtype, stored under the same ("variable", name) key as a VariableV2's storage. tfsess
builds reference variables itself; these ops run the graphs TF built (import_graph_def,
import_meta_graph, saved_model.loader).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib.xp import to_host
from tfsess.ops._infer import no_outputs
from tfsess.runtime.variable_store import VariableRef


class ResourceVariable(VariableRef):
    """A resource variable's storage: a VariableRef with the dtype its VarHandleOp declared.

    A write stores a new array (TF copies on write while a read holds the buffer), so a value read
    earlier in a step keeps what it read, as ReadVariableOp's snapshots do.
    """

    __slots__ = ("dtype",)
    ALIASED_WRITES = False

    def __init__(self, name, shape, dtype):
        super().__init__(name, shape)
        self.dtype = dtype


def _handle(value, op_type):
    if not isinstance(value, ResourceVariable):
        raise errors.InvalidArgumentError(None, None, f"{op_type} expects a resource variable handle, got "
                                                      f"{type(value).__name__}")
    return value


def _check_dtype(var, dtype, what):
    if var.dtype != dtype:
        raise errors.InvalidArgumentError(None, None, f"Trying to {what} variable {var.name} with wrong dtype. "
                                                      f"Expected {var.dtype.name} got {dtype.name}")


def _read(var, dtype):
    _check_dtype(var, dtype, "read")
    value = var.value
    if value is None:
        raise errors.FailedPreconditionError(
            None, None, f"Could not find variable {var.name}. This could mean that the variable has been deleted. "
                        f"In TF1, it can also mean the variable is uninitialized.")
    return value


# ------------------------------------------------------------------ the handle
def _var_handle_infer(inputs, attrs):
    return [(dtypes.resource, TensorShape([]))]


@register_op("VarHandleOp", infer=_var_handle_infer, needs_ctx=True, stateful=True, gpu=False, no_gradient=True)
def _var_handle_op(xp, *, ctx, dtype, shape, container="", shared_name=""):
    name = shared_name or ctx.op.name
    dims = None if shape is None else tuple(shape)
    var = ctx.resources.get_or_create(("variable", name),
                                      lambda: ResourceVariable(name, dims, dtypes.as_dtype(dtype).base_dtype))
    if not isinstance(var, ResourceVariable):
        raise errors.InvalidArgumentError(None, None, f"Variable {name} already exists as a reference variable")
    _check_dtype(var, dtypes.as_dtype(dtype).base_dtype, "use")
    return var


def _handle_shape(handle):
    """The static shape a VarHandleOp declared for the variable `handle` refers to (unknown otherwise)."""
    op = handle.op
    if op.type == "VarHandleOp":
        dims = op._attrs.get("shape")
        return unknown_shape() if dims is None else TensorShape(dims)
    return unknown_shape()


# ------------------------------------------------------------------ reads and writes
def _read_infer(inputs, attrs):
    return [(dtypes.as_dtype(attrs["dtype"]).base_dtype, _handle_shape(inputs[0]))]


@register_op("ReadVariableOp", infer=_read_infer, stateful=True, gpu=False, no_gradient=True)
def _read_variable_op(xp, resource, *, dtype):
    return _read(_handle(resource, "ReadVariableOp"), dtypes.as_dtype(dtype).base_dtype)


@register_op("VarIsInitializedOp", infer=lambda inputs, attrs: [(dtypes.bool, TensorShape([]))], stateful=True,
             gpu=False, no_gradient=True)
def _var_is_initialized_op(xp, resource):
    return np.bool_(_handle(resource, "VarIsInitializedOp").initialized)


@register_op("AssignVariableOp", infer=no_outputs, stateful=True, gpu=False, no_gradient=True)
def _assign_variable_op(xp, resource, value, *, dtype, validate_shape=False):
    var = _handle(resource, "AssignVariableOp")
    _check_dtype(var, dtypes.as_dtype(dtype).base_dtype, "assign to")
    with var.lock:
        if validate_shape:
            var.check_assign_shape(value.shape, "AssignVariableOp")
        var.assign(value)
    return ()


def _update_kernel(op_type, update):
    def kernel(xp, resource, value, *, dtype):
        var = _handle(resource, op_type)
        with var.lock:
            current = _read(var, dtypes.as_dtype(dtype).base_dtype)
            if tuple(current.shape) != tuple(value.shape):
                raise errors.InvalidArgumentError(
                    None, None, f"Cannot update variable with shape {list(current.shape)} using a Tensor with shape "
                                f"{list(value.shape)}, shapes must be equal.")
            var.assign(update(current, value).astype(current.dtype, copy=False), owned=True)
        return ()
    kernel.__name__ = "_" + op_type.lower()
    return kernel


for _op_type, _update in (("AssignAddVariableOp", lambda a, b: a + b), ("AssignSubVariableOp", lambda a, b: a - b)):
    register_op(_op_type, infer=no_outputs, stateful=True, gpu=False, no_gradient=True)(
        _update_kernel(_op_type, _update))


@register_op("ResourceApplyGradientDescent", infer=no_outputs, stateful=True, gpu=False, no_gradient=True)
def _resource_apply_gradient_descent(xp, var, alpha, delta, *, use_locking=False):
    var = _handle(var, "ResourceApplyGradientDescent")
    with var.lock:
        current = _read(var, var.dtype)
        if tuple(current.shape) != tuple(delta.shape):
            raise errors.InvalidArgumentError(None, None, f"var and delta do not have the same shape"
                                                          f"{list(current.shape)} {list(delta.shape)}")
        var.assign((current - alpha * delta).astype(current.dtype, copy=False), owned=True)
    return ()


def _resource_gather_infer(inputs, attrs):
    handle, indices = inputs
    params = _handle_shape(handle)
    tail = params[1:] if params.ndims else unknown_shape()
    return [(dtypes.as_dtype(attrs["dtype"]).base_dtype, indices.shape.concatenate(tail))]


@register_op("ResourceGather", infer=_resource_gather_infer, stateful=True, gpu=False, no_gradient=True)
def _resource_gather(xp, resource, indices, *, dtype, batch_dims=0, validate_indices=True):
    params = _read(_handle(resource, "ResourceGather"), dtypes.as_dtype(dtype).base_dtype)
    if batch_dims:
        raise errors.UnimplementedError(None, None, "ResourceGather with batch_dims is not supported")
    flat = to_host(indices).reshape(-1)
    rows = params.shape[0] if params.ndim else 0
    bad = np.flatnonzero((flat < 0) | (flat >= rows))
    if bad.size:
        raise errors.InvalidArgumentError(None, None, f"indices[{int(bad[0])}] = {int(flat[bad[0]])} is not in "
                                                      f"[0, {rows})")
    return xp.take(params, indices, axis=0)


__all__ = []
