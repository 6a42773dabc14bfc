"""TF's TensorList op types (TF's gen_list_ops): variant tensors holding a list of tensors, as TF2's control
flow and TensorArray under control flow v2 build them, and as while_v2 gradients accumulate a loop's values.

Each kernel takes and returns `list_value.TensorListValue`s (immutable: an op's output is a new list);
the static shapes come from the `element_shape` inputs and the list's own element shape (TF's handle
data). list_ops.py holds TF's list_ops functions that build them; list_ops_grad.py their gradients.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.framework.tensor_util import constant_value, shape_from_tensor
from tfsess.ops.list_value import (CONCAT_EMPTY, CONCAT_UNSET, GATHER_UNSET, STACK_EMPTY, STACK_UNSET,
                                   TensorListValue, as_list, compatible, invalid, merged_or_error, shape_arg,
                                   shape_str, stacked)

_VARIANT = (dtypes.variant, TensorShape([]))
_INDEX = (dtypes.int32, dtypes.int64)


# ------------------------------------------------------------------ static shapes
def _element_shape(tensor) -> TensorShape:
    """The partial shape an element_shape input denotes (a scalar -1: unknown rank)."""
    value = constant_value(tensor)
    if value is not None and np.ndim(value) == 0:
        return unknown_shape()
    return shape_from_tensor(tensor)


# ops whose output list is their input list changed (TF copies the input's handle data to the output)
_SAME_LIST = {"TensorListPushBack": 0, "TensorListPopBack": 0, "TensorListSetItem": 0, "TensorListResize": 0,
              "TensorListScatterIntoExistingList": 0, "Identity": 0}
# ops making a new list from an element_shape input: op type -> that input's index
_NEW_LIST = {"EmptyTensorList": 0, "TensorListReserve": 0, "TensorListFromTensor": 1, "TensorListSplit": 1,
             "TensorListScatter": 2, "TensorListScatterV2": 2}


def list_element_shape(tensor, depth=0) -> TensorShape:
    """The element shape TF's handle data gives a list-valued tensor: what its producer says, followed
    back through the ops that change a list in place; unknown past anything else (a loop, a call)."""
    op = tensor.op
    if depth > 64 or tensor.dtype.base_dtype != dtypes.variant:
        return unknown_shape()
    if op.type in _NEW_LIST:
        return _element_shape(op.inputs[_NEW_LIST[op.type]])  # as given: TF merges no element's shape in
    if op.type in _SAME_LIST and op.inputs and tensor.value_index == 0:
        return list_element_shape(op.inputs[_SAME_LIST[op.type]], depth + 1)
    return unknown_shape()


def _merged(a: TensorShape, b: TensorShape) -> TensorShape:
    return a.merge_with(b) if a.is_compatible_with(b) else a


def _item_shape(inputs, shape_input) -> TensorShape:
    """An element's static shape: the element_shape input's merged with the list's handle data."""
    return _merged(_element_shape(inputs[shape_input]), list_element_shape(inputs[0]))


def _check_shape_type(tensor, op_type):
    if tensor.dtype.base_dtype not in _INDEX:
        raise TypeError(f"Input 'element_shape' of '{op_type}' Op has type {tensor.dtype.base_dtype.name} that is "
                        "not in the list of allowed values: int32, int64")


def _variant_out(op_type, shape_input=None):
    def infer(inputs, attrs):
        if shape_input is not None:
            _check_shape_type(inputs[shape_input], op_type)
        return [_VARIANT]
    return infer


def _element_dtype(attrs):
    return dtypes.as_dtype(attrs["element_dtype"]).base_dtype


def _with_leading(dim, element: TensorShape) -> TensorShape:
    return TensorShape([dim]).concatenate(element) if element.ndims is not None else unknown_shape()


# ------------------------------------------------------------------ making lists
@register_op("EmptyTensorList", infer=_variant_out("EmptyTensorList", 0), gpu=False, no_gradient=True)
def _empty_tensor_list(xp, element_shape, max_num_elements, *, element_dtype):
    limit = int(np.asarray(max_num_elements))
    return TensorListValue(element_dtype, shape_arg(element_shape), (), limit)


@register_op("TensorListReserve", infer=_variant_out("TensorListReserve", 0), gpu=False, no_gradient=True)
def _tensor_list_reserve(xp, element_shape, num_elements, *, element_dtype):
    count = int(np.asarray(num_elements))
    if count < 0:
        raise invalid(f"The num_elements to reserve must be a non negative number, but got {count}")
    return TensorListValue(element_dtype, shape_arg(element_shape), (None,) * count)


def _from_tensor_infer(inputs, attrs):
    tensor, shape = inputs
    _check_shape_type(shape, "TensorListFromTensor")
    if tensor.shape.ndims == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0 for 'TensorListFromTensor'")
    return [_VARIANT]


@register_op("TensorListFromTensor", infer=_from_tensor_infer, gpu=False)
def _tensor_list_from_tensor(xp, tensor, element_shape):
    tensor = np.asarray(tensor)
    shape = shape_arg(element_shape)
    if tensor.ndim == 0:
        raise invalid(f"Tensor must be at least a vector, but saw shape: {shape_str(())}")
    if not compatible(shape, tensor.shape[1:]):
        raise invalid(f"Specified a list with shape {shape_str(shape)} from a tensor with shape "
                      f"{shape_str(tensor.shape[1:])}")
    return TensorListValue(tensor.dtype, shape, list(tensor))


def _scatter_items(tensor, indices, count):
    tensor, indices = np.asarray(tensor), np.asarray(indices).reshape(-1)
    if tensor.ndim == 0 or tensor.shape[0] != indices.size:
        rows = tensor.shape[0] if tensor.ndim else 0
        raise invalid(f"Invalid number of rows in input tensor. Expected: {indices.size} Actual: {rows}")
    if indices.size and indices.min() < 0:
        raise invalid(f"Indices in TensorListScatter must all be non-negative. Found: {int(indices.min())}")
    return tensor, indices, max(count, int(indices.max()) + 1 if indices.size else 0)


def _scattered(base: TensorListValue, tensor, indices):
    tensor, indices, length = _scatter_items(tensor, indices, len(base))
    items = list(base.items) + [None] * (length - len(base))
    for row, index in zip(tensor, indices):
        base.check_item(row, "Tried to scatter a tensor with incompatible shape into a list.")
        items[int(index)] = row
    return base.replaced(items)


@register_op("TensorListScatter", infer=_variant_out("TensorListScatter", 2), gpu=False)
def _tensor_list_scatter(xp, tensor, indices, element_shape):
    tensor = np.asarray(tensor)
    return _scattered(TensorListValue(tensor.dtype, shape_arg(element_shape)), tensor, indices)


@register_op("TensorListScatterV2", infer=_variant_out("TensorListScatterV2", 2), gpu=False)
def _tensor_list_scatter_v2(xp, tensor, indices, element_shape, num_elements):
    tensor = np.asarray(tensor)
    base = TensorListValue(tensor.dtype, shape_arg(element_shape), (None,) * max(int(np.asarray(num_elements)), 0))
    return _scattered(base, tensor, indices)


@register_op("TensorListScatterIntoExistingList", infer=_variant_out("TensorListScatterIntoExistingList"),
             gpu=False)
def _tensor_list_scatter_into_existing_list(xp, input_handle, tensor, indices):
    base = as_list(input_handle)
    base.check_dtype(np.asarray(tensor).dtype)
    return _scattered(base, tensor, indices)


@register_op("TensorListSplit", infer=_variant_out("TensorListSplit", 1), gpu=False)
def _tensor_list_split(xp, tensor, element_shape, lengths):
    tensor, lengths = np.asarray(tensor), [int(v) for v in np.asarray(lengths).reshape(-1)]
    shape = shape_arg(element_shape)
    if tensor.ndim == 0:
        raise invalid(f"Tensor must be at least a vector, but saw shape: {shape_str(())}")
    if not compatible(shape, (None,) + tensor.shape[1:]):
        raise invalid(f"Specified a list with shape {shape_str(shape)} from a tensor with shape "
                      f"{shape_str(tensor.shape)}")
    if any(n < 0 for n in lengths):
        raise invalid(f"Invalid value in lengths: {min(lengths)}")
    if sum(lengths) != tensor.shape[0]:
        raise invalid(f"Unable to split tensor of size {tensor.shape[0]} into lengths that sum to {sum(lengths)}")
    starts = np.cumsum([0] + lengths)
    return TensorListValue(tensor.dtype, shape, [tensor[a:b] for a, b in zip(starts[:-1], starts[1:])])


# ------------------------------------------------------------------ growing and shrinking
@register_op("TensorListPushBack", infer=_variant_out("TensorListPushBack"), gpu=False)
def _tensor_list_push_back(xp, input_handle, tensor, *, element_dtype):
    lst = as_list(input_handle)
    tensor = np.asarray(tensor)
    if lst.element_dtype != dtypes.as_dtype(element_dtype).base_dtype:
        lst.check_dtype(element_dtype, "tried to append")
    if not compatible(lst.element_shape, tensor.shape):
        raise invalid(f"Tried to append a tensor with incompatible shape to a list. Op element shape: "
                      f"{shape_str(tensor.shape)} list shape: {shape_str(lst.element_shape)}")
    if 0 <= lst.max_num_elements <= len(lst):
        raise invalid(f"Tried to push item into a full list list size: {len(lst)} max_num_elements: "
                      f"{lst.max_num_elements}")
    return lst.replaced(lst.items + (tensor,))


@register_op("TensorListPushBackBatch", infer=lambda inputs, attrs: [(dtypes.variant, inputs[0].shape)],
             gpu=False, no_gradient=True)
def _tensor_list_push_back_batch(xp, input_handles, tensor, *, element_dtype):
    handles, tensor = np.asarray(input_handles, dtype=object), np.asarray(tensor)
    if handles.ndim != 1:
        raise invalid(f"Expected input_handles to be a vector, but saw shape: {shape_str(handles.shape)}")
    if tensor.ndim == 0 or tensor.shape[0] != handles.shape[0]:
        raise invalid(f"Expected tensor.shape[0] == input_handles.size, but saw {tensor.shape[:1]} vs. "
                      f"{handles.shape[0]}")
    out = np.empty(handles.shape, object)
    for i, (handle, row) in enumerate(zip(handles, tensor)):
        out[i] = _tensor_list_push_back(xp, handle, row, element_dtype=element_dtype)
    return out


def _pop_back_infer(inputs, attrs):
    return [_VARIANT, (_element_dtype(attrs), _item_shape(inputs, 1))]


@register_op("TensorListPopBack", infer=_pop_back_infer, gpu=False)
def _tensor_list_pop_back(xp, input_handle, element_shape, *, element_dtype):
    lst = as_list(input_handle)
    lst.check_dtype(element_dtype)
    if not len(lst):
        raise invalid("Trying to pop from an empty list.")
    value = lst.element(len(lst) - 1, shape_arg(element_shape))
    return lst.replaced(lst.items[:-1]), value


@register_op("TensorListResize", infer=_variant_out("TensorListResize"), gpu=False)
def _tensor_list_resize(xp, input_handle, size):
    lst, size = as_list(input_handle), int(np.asarray(size))
    if size < 0:
        raise invalid(f"TensorListSlice expects size to be non-negative. Got: {size}")
    return lst.replaced(lst.items[:size] + (None,) * max(size - len(lst), 0))


@register_op("TensorListConcatLists", infer=lambda inputs, attrs: [(dtypes.variant, inputs[0].shape)],
             gpu=False, no_gradient=True)
def _tensor_list_concat_lists(xp, input_a, input_b, *, element_dtype):
    a, b = np.asarray(input_a, dtype=object), np.asarray(input_b, dtype=object)
    if a.shape != b.shape:
        raise invalid(f"Expected inputs to have the same shape but got {shape_str(a.shape)} and "
                      f"{shape_str(b.shape)}")
    out = np.empty(a.shape, object)
    for index in np.ndindex(a.shape):
        first, second = as_list(a[index], "input_a"), as_list(b[index], "input_b")
        for lst in (first, second):
            lst.check_dtype(element_dtype)
        shape = merged_or_error(first.element_shape, second.element_shape,
                                f"Assumed list element shapes to be compatible but got "
                                f"{shape_str(first.element_shape)} and {shape_str(second.element_shape)}")
        out[index] = TensorListValue(first.element_dtype, shape, first.items + second.items)
    return out if out.ndim else out.item()


# ------------------------------------------------------------------ reading
@register_op("TensorListLength", infer=lambda inputs, attrs: [(dtypes.int32, TensorShape([]))], gpu=False,
             no_gradient=True)
def _tensor_list_length(xp, input_handle):
    return np.int32(len(as_list(input_handle)))


def _element_shape_infer(inputs, attrs):
    rank = list_element_shape(inputs[0]).ndims  # a vector of the rank's length once the handle data knows it
    return [(dtypes.as_dtype(attrs.get("shape_type", dtypes.int32)).base_dtype,
             unknown_shape() if rank is None else TensorShape([rank]))]


@register_op("TensorListElementShape", infer=_element_shape_infer, gpu=False, no_gradient=True)
def _tensor_list_element_shape(xp, input_handle, *, shape_type):
    shape = as_list(input_handle).element_shape
    numpy_type = dtypes.as_dtype(shape_type).as_numpy_dtype
    if shape is None:
        return numpy_type(-1)
    return np.array([-1 if d is None else d for d in shape], numpy_type)


def _get_item_infer(inputs, attrs):
    return [(_element_dtype(attrs), _item_shape(inputs, 2))]


@register_op("TensorListGetItem", infer=_get_item_infer, gpu=False)
def _tensor_list_get_item(xp, input_handle, index, element_shape, *, element_dtype):
    lst, index = as_list(input_handle), int(np.asarray(index))
    lst.check_dtype(element_dtype)
    lst.check_index(index, "access")
    return lst.element(index, shape_arg(element_shape))


@register_op("TensorListSetItem", infer=_variant_out("TensorListSetItem"), gpu=False)
def _tensor_list_set_item(xp, input_handle, index, item, *, element_dtype, resize_if_index_out_of_bounds=False):
    lst, index, item = as_list(input_handle), int(np.asarray(index)), np.asarray(item)
    lst.check_dtype(element_dtype)
    if resize_if_index_out_of_bounds and index >= len(lst):
        lst = lst.replaced(lst.items + (None,) * (index + 1 - len(lst)))
    lst.check_index(index, "modify")
    lst.check_item(item, "Tried to set a tensor with incompatible shape at a list index.")
    return lst.replaced(lst.items[:index] + (item,) + lst.items[index + 1:])


def _stack_infer(inputs, attrs):
    count = attrs.get("num_elements", -1)
    return [(_element_dtype(attrs), _with_leading(None if count in (None, -1) else count,
                                                  _item_shape(inputs, 1)))]


def _gathered(lst: TensorListValue, indices, element_shape, element_dtype, unset_message):
    lst.check_dtype(element_dtype)
    requested = shape_arg(element_shape)
    values = []
    for index in indices:
        if not 0 <= index < len(lst):
            raise invalid(f"Trying to gather element {index} in a list with {len(lst)} elements.")
        values.append(lst.element(index, requested, unset_message))
    if values:
        first = values[0].shape
        for v in values[1:]:
            if v.shape != first:
                raise invalid(f"Incompatible shapes during merge: {shape_str(first)} vs. {shape_str(v.shape)}")
        return np.stack(values)
    return stacked([], element_dtype, (0,) + lst.known_shape(requested, STACK_EMPTY))


@register_op("TensorListStack", infer=_stack_infer, gpu=False)
def _tensor_list_stack(xp, input_handle, element_shape, *, element_dtype, num_elements=-1):
    lst = as_list(input_handle)
    if num_elements not in (None, -1) and num_elements != len(lst):
        raise invalid(f"Operation expected a list with {num_elements} elements but got a list with "
                      f"{len(lst)} elements.")
    return _gathered(lst, range(len(lst)), element_shape, element_dtype, STACK_UNSET)


def _gather_infer(inputs, attrs):
    indices = inputs[1].shape
    dim = indices[0].value if indices.ndims == 1 else None
    return [(_element_dtype(attrs), _with_leading(dim, _item_shape(inputs, 2)))]


@register_op("TensorListGather", infer=_gather_infer, gpu=False)
def _tensor_list_gather(xp, input_handle, indices, element_shape, *, element_dtype):
    indices = [int(i) for i in np.asarray(indices).reshape(-1)]
    return _gathered(as_list(input_handle), indices, element_shape, element_dtype, GATHER_UNSET)


def _concat_infer(inputs, attrs, element):
    tail = element[1:] if element.ndims else unknown_shape()
    return [(_element_dtype(attrs), TensorShape([None]).concatenate(tail)),
            (dtypes.int64, TensorShape([None]))]


def _concat_tail(lst: TensorListValue, shape, message):
    """The elements' shape after their first dim, from `shape` and the set elements; TF's error if unknown."""
    tail = None if shape is None else tuple(shape[1:])
    for item in lst.items:
        if tail is not None and all(d is not None for d in tail):
            break
        if item is not None and item.ndim:
            tail = merged_or_error(tail, item.shape[1:], f"Incompatible shapes during merge: {shape_str(tail)} vs. "
                                                         f"{shape_str(item.shape[1:])}")
    if tail is None or any(d is None for d in tail):
        raise invalid(message.format(shape=shape_str(tail)))
    return tail


def _concatenated(lst: TensorListValue, requested, element_dtype, leading_dims):
    lst.check_dtype(element_dtype)
    shape = merged_or_error(lst.element_shape, requested,
                            f"Incompatible shapes during merge: {shape_str(lst.element_shape)} vs. "
                            f"{shape_str(requested)}")
    if shape is not None and len(shape) == 0:
        raise invalid("Concat requires elements to be at least vectors, found scalars instead.")
    if leading_dims.size and leading_dims.size != len(lst):
        raise invalid(f"Expected leading_dims to have {len(lst)} elements, got {leading_dims.size}")
    parts = []
    for i, item in enumerate(lst.items):
        if item is None:
            rest = _concat_tail(lst, shape, CONCAT_UNSET)
            lead = int(leading_dims[i]) if leading_dims.size else shape[0] if shape and shape[0] is not None \
                else None
            if lead is None:
                raise invalid(CONCAT_UNSET.format(shape=shape_str(shape)))
            item = np.zeros((lead,) + rest, lst.element_dtype.as_numpy_dtype)
        if item.ndim == 0:
            raise invalid("Concat requires elements to be at least vectors, found scalars instead.")
        parts.append(item)
    lengths = np.array([p.shape[0] for p in parts], np.int64)
    if not parts:
        rest = _concat_tail(lst, shape, CONCAT_EMPTY)
        return np.zeros((0,) + rest, lst.element_dtype.as_numpy_dtype), lengths
    return np.concatenate(parts), lengths


def _concat_v1_infer(inputs, attrs):
    shape = attrs.get("element_shape")
    return _concat_infer(inputs, attrs, TensorShape(shape) if shape is not None else unknown_shape())


@register_op("TensorListConcat", infer=_concat_v1_infer, gpu=False)
def _tensor_list_concat(xp, input_handle, *, element_dtype, element_shape=None):
    requested = None if element_shape is None else TensorShape(element_shape).as_tuple_or_none()
    return _concatenated(as_list(input_handle), requested, element_dtype, np.zeros(0, np.int64))


@register_op("TensorListConcatV2", infer=lambda inputs, attrs: _concat_infer(inputs, attrs, _item_shape(inputs, 1)),
             gpu=False)
def _tensor_list_concat_v2(xp, input_handle, element_shape, leading_dims, *, element_dtype):
    return _concatenated(as_list(input_handle), shape_arg(element_shape), element_dtype,
                         np.asarray(leading_dims).reshape(-1))


__all__ = []
