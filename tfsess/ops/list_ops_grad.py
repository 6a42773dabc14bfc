"""The gradients of the TensorList ops, as TF's list_ops.py registers them: a list's gradient is a list
of its elements' gradients, so each op's gradient is the list op that moves them back (a push's is
a pop, a stack's a from-tensor, a gather's a scatter). TensorListLength, TensorListElementShape,
TensorListConcatLists and TensorListPushBackBatch are not differentiable (list_ops registers them so).
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.registry import set_gradient
from tfsess.ops import array_ops, indexing_ops, raw_ops, stack_ops
from tfsess.ops.list_ops import (empty_tensor_list, tensor_list_element_shape, tensor_list_from_tensor,
                                 tensor_list_gather, tensor_list_get_item, tensor_list_length, tensor_list_pop_back,
                                 tensor_list_push_back, tensor_list_reserve, tensor_list_resize, tensor_list_scatter,
                                 tensor_list_set_item, tensor_list_split, tensor_list_stack)


def _element_dtype(op):
    return op.get_attr("element_dtype")


def _row_shape(tensor):
    """The shape of `tensor`'s rows, as a tensor (TF: slice(shape(t), [1], [-1]))."""
    return indexing_ops.slice_(array_ops.shape(tensor), [1], [-1])


def _push_back_grad(op, dresult):
    dlist, delement = tensor_list_pop_back(dresult, _element_dtype(op), element_shape=array_ops.shape(op.inputs[1]))
    return [dlist, delement]


def _pop_back_grad(op, dlist, delement):
    if dlist is None:
        dlist = empty_tensor_list(tensor_list_element_shape(op.outputs[0], dtypes.int32), delement.dtype)
    if delement is None:
        delement = array_ops.zeros_like(op.outputs[1])
    return [tensor_list_push_back(dlist, delement), None]


def _stack_grad(op, dtensor):
    return [tensor_list_from_tensor(dtensor, element_shape=dtensor.shape[1:]), None]


def _concat_grad(op, dtensor, dlengths=None):
    dlist = tensor_list_split(dtensor, tensor_list_element_shape(op.inputs[0], dtypes.int32), op.outputs[1])
    return [dlist, None, None] if op.type == "TensorListConcatV2" else [dlist]


def _split_grad(op, dlist):
    tensor, _, lengths = op.inputs
    element_shape = stack_ops.concat([[-1], _row_shape(tensor)], axis=0)
    value = raw_ops.TensorListConcatV2(dlist, element_shape, lengths, element_dtype=tensor.dtype.base_dtype,
                                       shape_type=dtypes.int32)[0]
    return [value, None, None]


def _from_tensor_grad(op, dlist):
    t = op.inputs[0]
    dims = t.shape.as_list() if t.shape.ndims else None
    count = dims[0] if dims and dims[0] is not None else None
    if dlist is None:
        dlist = empty_tensor_list(tensor_list_element_shape(op.outputs[0], dtypes.int32), t.dtype)
    value = tensor_list_stack(dlist, t.dtype, num_elements=count, element_shape=_row_shape(t))
    return [value, None]


def _get_item_grad(op, ditem):
    reserved = tensor_list_reserve(tensor_list_element_shape(op.inputs[0], dtypes.int32),
                                   tensor_list_length(op.inputs[0]), ditem.dtype)
    return [tensor_list_set_item(reserved, op.inputs[1], ditem), None, None]


def _set_item_grad(op, dlist):
    input_list, index, item = op.inputs
    list_grad = tensor_list_set_item(dlist, index, array_ops.zeros_like(item))
    element_grad = tensor_list_get_item(dlist, index, item.dtype, element_shape=array_ops.shape(item))
    if op.get_attr("resize_if_index_out_of_bounds"):
        list_grad = tensor_list_resize(list_grad, tensor_list_length(input_list))
    return [list_grad, None, element_grad]


def _resize_grad(op, dlist):
    return [tensor_list_resize(dlist, tensor_list_length(op.inputs[0])), None]


def _gather_grad(op, dtensor):
    input_list, indices, _ = op.inputs
    dlist = tensor_list_reserve(tensor_list_element_shape(input_list, dtypes.int32), tensor_list_length(input_list),
                                dtensor.dtype)
    return [tensor_list_scatter(dtensor, indices, input_handle=dlist), None, None]


def _scatter_grad(op, dlist):
    tensor, indices = op.inputs[0], op.inputs[1]
    dtensor = tensor_list_gather(dlist, indices, tensor.dtype, element_shape=_row_shape(tensor))
    return [dtensor] + [None] * (len(op.inputs) - 1)


def _scatter_into_existing_grad(op, dlist):
    _, tensor, indices = op.inputs
    dtensor = tensor_list_gather(dlist, indices, tensor.dtype, element_shape=_row_shape(tensor))
    dlist = tensor_list_scatter(array_ops.zeros_like(tensor), indices, input_handle=dlist)
    return [dlist, dtensor, None]


_GRADIENTS = {
    "TensorListPushBack": _push_back_grad, "TensorListPopBack": _pop_back_grad, "TensorListStack": _stack_grad,
    "TensorListConcat": _concat_grad, "TensorListConcatV2": _concat_grad, "TensorListSplit": _split_grad,
    "TensorListFromTensor": _from_tensor_grad, "TensorListGetItem": _get_item_grad,
    "TensorListSetItem": _set_item_grad, "TensorListResize": _resize_grad, "TensorListGather": _gather_grad,
    "TensorListScatter": _scatter_grad, "TensorListScatterV2": _scatter_grad,
    "TensorListScatterIntoExistingList": _scatter_into_existing_grad,
}
for _op_type, _grad in _GRADIENTS.items():
    set_gradient(_op_type, _grad)

__all__ = []
