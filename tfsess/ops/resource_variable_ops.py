"""TF's resource-variable ops: VarHandleOp, ReadVariableOp, AssignVariableOp, ResourceGather, ResourceScatter*.

TF2's `tf.compat.v1` graphs (and TF1's `use_resource=True`) hold a variable as a VarHandleOp whose
output is a handle (dtype resource); ReadVariableOp reads its value, AssignVariableOp and the
Resource* updates write it. Here the handle is the session's ResourceVariable, a VariableRef that
also knows its dtype, stored under the same ("variable", name) key as a VariableV2's storage. These
ops run the graphs TF built (import_graph_def, import_meta_graph) and the ones ops/resource_variable.py
builds for `use_resource=True`.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor
from tfsess.framework.registry import lookup, register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib.xp import to_host
from tfsess.ops import array_ops, stack_ops, state_ops
from tfsess.ops._infer import no_outputs
from tfsess.ops.constant_op import constant
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

    def update_in_place(self, fn):
        return None  # never in place: a value read earlier in the step may hold the array


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


@register_op("ReadVariableOp", infer=_read_infer, stateful=True, gpu=False)
def _read_variable_op(xp, resource, *, dtype):
    return _read(_handle(resource, "ReadVariableOp"), dtypes.as_dtype(dtype).base_dtype)


@_read_variable_op.gradient
def _read_variable_op_grad(op, grad):
    return [grad]  # the gradient w.r.t. the handle is the gradient w.r.t. the value read (TF's _ReadGrad)


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


def _resource_gather_infer(inputs, attrs):
    handle, indices = inputs
    params = _handle_shape(handle)
    tail = params[1:] if params.ndims else unknown_shape()
    return [(dtypes.as_dtype(attrs["dtype"]).base_dtype, indices.shape.concatenate(tail))]


@register_op("ResourceGather", infer=_resource_gather_infer, stateful=True, gpu=False)
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


@_resource_gather.gradient
def _resource_gather_grad(op, grad):
    """IndexedSlices of the variable's shape: the rows gathered get the gradient (TF's _GatherGrad)."""
    handle, indices = op.inputs
    params_shape = variable_shape(handle)
    size = array_ops.expand_dims(array_ops.size(indices), 0)
    values = array_ops.reshape(grad, stack_ops.concat([size, params_shape[1:]], 0))
    return [IndexedSlices(values, array_ops.reshape(indices, size), params_shape), None]


def _variable_shape_infer(inputs, attrs):
    return [(dtypes.as_dtype(attrs.get("out_type", dtypes.int32)), TensorShape([_handle_shape(inputs[0]).ndims]))]


@register_op("VariableShape", infer=_variable_shape_infer, stateful=True, gpu=False, no_gradient=True)
def _variable_shape(xp, resource, *, out_type=dtypes.int32):
    var = _handle(resource, "VariableShape")
    return np.asarray(_read(var, var.dtype).shape, dtype=dtypes.as_dtype(out_type).as_numpy_dtype)


# ------------------------------------------------------------------ ResourceScatter*: the ref kernels, on handles
def _scatter_infer(op_type):
    def infer(inputs, attrs):
        handle, indices, updates = inputs
        if indices.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"Value passed to parameter 'indices' has DataType {indices.dtype.base_dtype.name} not "
                            f"in list of allowed values: int32, int64 ('{op_type}')")
        dtype = attrs.get("dtype", attrs.get("T"))
        if dtype is not None and updates.dtype.base_dtype != dtypes.as_dtype(dtype).base_dtype:
            raise TypeError(f"Input 'updates' of '{op_type}' Op has type {updates.dtype.base_dtype.name} that does "
                            f"not match the variable's type {dtypes.as_dtype(dtype).base_dtype.name}.")
        return []
    return infer


def _scatter_on_handle(op_type, ref_kernel):
    """A Resource* scatter kernel: the ref op's kernel run on the handle's storage; no outputs."""
    def kernel(xp, resource, indices, updates, *, dtype=None, T=None, use_locking=True):  # noqa: N803 - TF's attr
        var = _handle(resource, op_type)
        _check_dtype(var, dtypes.as_dtype(dtype or T or var.dtype).base_dtype, "update")
        _read(var, var.dtype)  # TF's message for an uninitialised resource variable
        ref_kernel(xp, var, indices, updates)
        return ()
    kernel.__name__ = "_" + op_type.lower()
    return kernel


RESOURCE_SCATTER_OPS = {"Resource" + t: t for t in state_ops.SCATTER_KERNELS}
for _op_type, _ref_type in RESOURCE_SCATTER_OPS.items():
    register_op(_op_type, infer=_scatter_infer(_op_type), stateful=True, gpu=False, no_gradient=True)(
        _scatter_on_handle(_op_type, state_ops.SCATTER_KERNELS[_ref_type]))


@register_op("ResourceStridedSliceAssign", infer=no_outputs, stateful=True, gpu=False, no_gradient=True)
def _resource_strided_slice_assign(xp, resource, begin, end, strides, value, *, T=None, begin_mask=0,  # noqa: N803
                                   end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0):
    var = _handle(resource, "ResourceStridedSliceAssign")
    _read(var, var.dtype)
    lookup("StridedSliceAssign").kernel(xp, var, begin, end, strides, value, begin_mask=begin_mask,
                                        end_mask=end_mask, ellipsis_mask=ellipsis_mask, new_axis_mask=new_axis_mask,
                                        shrink_axis_mask=shrink_axis_mask)
    return ()


def _count_up_to_infer(inputs, attrs):
    dtype = dtypes.as_dtype(attrs["T"]).base_dtype
    if dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'T' has DataType {dtype.name} not in list of allowed values: "
                        f"int32, int64")
    return [(dtype, TensorShape([]))]


@register_op("ResourceCountUpTo", infer=_count_up_to_infer, stateful=True, gpu=False, no_gradient=True)
def _resource_count_up_to(xp, resource, *, limit, T=None):  # noqa: N803 - TF's attr name
    var = _handle(resource, "ResourceCountUpTo")
    _read(var, var.dtype)
    return lookup("CountUpTo").kernel(xp, var, limit=limit)


# ------------------------------------------------------------------ Python wrappers (gen_resource_variable_ops)
def var_handle_op(dtype, shape, container="", shared_name="", name=None):
    """A VarHandleOp: the handle of the resource variable `shared_name` (or the op's own name)."""
    attrs = {"dtype": dtypes.as_dtype(dtype).base_dtype, "shape": None if shape.ndims is None else shape.as_list(),
             "container": container, "shared_name": shared_name}
    return apply_op("VarHandleOp", [], attrs, name=name or "VarHandleOp").outputs[0]


def read_variable_op(resource, dtype, name=None):
    """The variable's value now (ReadVariableOp)."""
    return apply1("ReadVariableOp", [resource], {"dtype": dtypes.as_dtype(dtype).base_dtype},
                  name=name or "ReadVariableOp")


def _value_of(resource, value, dtype, op_type):
    value = convert_to_tensor(value, dtype=dtype, name="value")
    if value.dtype.base_dtype != dtype:
        raise TypeError(f"Input 'value' of '{op_type}' Op has type {value.dtype.base_dtype.name} that does not "
                        f"match the variable's type {dtype.name}.")
    return value


def assign_variable_op(resource, value, dtype, validate_shape=None, name=None):
    """Writes `value` into the variable (AssignVariableOp); returns the Operation."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    attrs = {"dtype": dtype}
    if validate_shape is not None:
        attrs["validate_shape"] = bool(validate_shape)
    return apply_op("AssignVariableOp", [resource, _value_of(resource, value, dtype, "AssignVariableOp")], attrs,
                    name=name or "AssignVariableOp")


def update_variable_op(op_type, resource, value, dtype, name=None):
    """AssignAddVariableOp / AssignSubVariableOp: variable += / -= value; returns the Operation."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    return apply_op(op_type, [resource, _value_of(resource, value, dtype, op_type)], {"dtype": dtype},
                    name=name or op_type)


def var_is_initialized_op(resource, name=None):
    """A bool scalar: whether the variable has a value (VarIsInitializedOp)."""
    return apply1("VarIsInitializedOp", [resource], name=name or "VarIsInitializedOp")


def resource_gather(resource, indices, dtype, name=None):
    """Rows `indices` of the variable's value (ResourceGather)."""
    indices = convert_to_tensor(indices, name="indices")
    return apply1("ResourceGather", [resource, indices], {"dtype": dtypes.as_dtype(dtype).base_dtype,
                                                          "batch_dims": 0, "validate_indices": True,
                                                          "Tindices": indices.dtype.base_dtype},
                  name=name or "ResourceGather")


def resource_scatter(op_type, resource, indices, updates, dtype, name=None):
    """ResourceScatterAdd, ResourceScatterNdUpdate, ...: a scatter into the variable; returns the Operation."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    indices = convert_to_tensor(indices, name="indices")
    updates = _value_of(resource, updates, dtype, op_type)
    attrs = {"T": dtype, "use_locking": True} if "Nd" in op_type else {"dtype": dtype}
    attrs["Tindices"] = indices.dtype.base_dtype  # written out: TF's NodeDef needs it
    return apply_op(op_type, [resource, indices, updates], attrs, name=name or op_type)


def variable_shape(handle, out_type=dtypes.int32):
    """The variable's shape: a constant when its VarHandleOp declares it fully, else a VariableShape op."""
    static = _handle_shape(handle)
    if static.is_fully_defined():
        return constant(static.as_list(), dtype=out_type)
    return apply1("VariableShape", [handle], {"out_type": dtypes.as_dtype(out_type)}, name="VariableShape")


__all__ = []
