"""TF's list_ops functions: build the TensorList ops (registered in list_kernels.py) as TF's list_ops.py
does. Internal in TF too: users reach them through TensorArray under control flow v2 (tensor_array_v2.py).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import list_kernels
from tfsess.ops._infer import apply_gen

KERNELS = list_kernels  # the module registering the op types these functions build


# ------------------------------------------------------------------ TF's list_ops functions
def build_element_shape(shape):
    """TF's _build_element_shape: None or an unknown rank is -1, None dims -1; a tensor as it is."""
    if hasattr(shape, "op"):
        return shape
    if isinstance(shape, TensorShape):
        shape = shape.as_list() if shape.ndims is not None else None
    if shape is None:
        return -1
    if isinstance(shape, (np.ndarray, np.generic)) or not len(shape):
        return np.asarray(shape, np.int32)
    return [-1 if d is None else getattr(d, "value", d) if not hasattr(d, "op") else d for d in shape]


def _shape_param(shape):
    return ("element_shape", build_element_shape(shape), ("shape_type", dtypes.int32))


def _shape_type(op):
    return {"shape_type": op.inputs[0].dtype}


def empty_tensor_list(element_shape, element_dtype, max_num_elements=None, name=None):
    """An empty TensorList (list_ops.empty_tensor_list)."""
    limit = -1 if max_num_elements is None else max_num_elements
    return _with_shape_type(apply_gen("EmptyTensorList", [_shape_param(element_shape),
                                                          ("max_num_elements", limit, dtypes.int32)],
                                      {"element_dtype": dtypes.as_dtype(element_dtype)}, name=name, outputs=True), 0)


def _with_shape_type(op, index):
    """`op`'s shape_type attr, the dtype its element_shape input took. Returns its first output."""
    op._attrs["shape_type"] = op.inputs[index].dtype.base_dtype
    return op.outputs[0]


def tensor_list_reserve(element_shape, num_elements, element_dtype, name=None):
    """A TensorList of `num_elements` unset elements (list_ops.tensor_list_reserve)."""
    op = apply_gen("TensorListReserve", [_shape_param(element_shape), ("num_elements", num_elements, dtypes.int32)],
                   {"element_dtype": dtypes.as_dtype(element_dtype)}, name=name, outputs=True)
    return _with_shape_type(op, 0)


def tensor_list_from_tensor(tensor, element_shape, name=None):
    """A TensorList of the rows of `tensor` (list_ops.tensor_list_from_tensor)."""
    op = apply_gen("TensorListFromTensor", [("tensor", tensor, "element_dtype"), _shape_param(element_shape)],
                   name=name, outputs=True)
    op._attrs["element_dtype"] = op.inputs[0].dtype.base_dtype
    return _with_shape_type(op, 1)


def _typed(op_type, args, element_dtype, name=None, outputs=False, **attrs):
    op = apply_gen(op_type, args, {"element_dtype": dtypes.as_dtype(element_dtype), **attrs}, name=name,
                   outputs=True)
    return op if outputs else op.outputs[0]


def tensor_list_get_item(input_handle, index, element_dtype, element_shape=None, name=None):
    """Element `index` of a TensorList (list_ops.tensor_list_get_item)."""
    return _typed("TensorListGetItem", [("input_handle", input_handle, dtypes.variant),
                                        ("index", index, dtypes.int32),
                                        ("element_shape", build_element_shape(element_shape), dtypes.int32)],
                  element_dtype, name)


def tensor_list_set_item(input_handle, index, item, resize_if_index_out_of_bounds=False, name=None):
    """A TensorList with element `index` replaced by `item` (list_ops.tensor_list_set_item)."""
    op = apply_gen("TensorListSetItem", [("input_handle", input_handle, dtypes.variant),
                                         ("index", index, dtypes.int32), ("item", item, "element_dtype")],
                   {"resize_if_index_out_of_bounds": bool(resize_if_index_out_of_bounds)}, name=name, outputs=True)
    op._attrs["element_dtype"] = op.inputs[2].dtype.base_dtype
    return op.outputs[0]


def tensor_list_push_back(input_handle, tensor, name=None):
    """A TensorList with `tensor` appended (gen_list_ops.tensor_list_push_back)."""
    op = apply_gen("TensorListPushBack", [("input_handle", input_handle, dtypes.variant),
                                          ("tensor", tensor, "element_dtype")], name=name, outputs=True)
    op._attrs["element_dtype"] = op.inputs[1].dtype.base_dtype
    return op.outputs[0]


def tensor_list_pop_back(input_handle, element_dtype, element_shape=-1, name=None):
    """(the list without its last element, that element) (list_ops.tensor_list_pop_back)."""
    op = _typed("TensorListPopBack", [("input_handle", input_handle, dtypes.variant),
                                      ("element_shape", element_shape, dtypes.int32)], element_dtype, name,
                outputs=True)
    return op.outputs[0], op.outputs[1]


def tensor_list_length(input_handle, name=None):
    """The number of elements of a TensorList, int32 (gen_list_ops.tensor_list_length)."""
    return apply_gen("TensorListLength", [("input_handle", input_handle, dtypes.variant)], name=name)


def tensor_list_element_shape(input_handle, shape_type, name=None):
    """The element shape of a TensorList as a shape tensor, -1 unknown (gen_list_ops.tensor_list_element_shape)."""
    return apply_gen("TensorListElementShape", [("input_handle", input_handle, dtypes.variant)],
                     {"shape_type": dtypes.as_dtype(shape_type)}, name=name)


def tensor_list_stack(input_handle, element_dtype, num_elements=-1, element_shape=None, name=None):
    """The elements of a TensorList stacked into one tensor (list_ops.tensor_list_stack)."""
    return _typed("TensorListStack", [("input_handle", input_handle, dtypes.variant),
                                      ("element_shape", build_element_shape(element_shape), dtypes.int32)],
                  element_dtype, name, num_elements=-1 if num_elements is None else int(num_elements))


def tensor_list_gather(input_handle, indices, element_dtype, element_shape=None, name=None):
    """The elements at `indices` stacked (list_ops.tensor_list_gather)."""
    return _typed("TensorListGather", [("input_handle", input_handle, dtypes.variant),
                                       ("indices", indices, dtypes.int32),
                                       ("element_shape", build_element_shape(element_shape), dtypes.int32)],
                  element_dtype, name)


def tensor_list_scatter(tensor, indices, element_shape=None, input_handle=None, name=None):
    """A TensorList with the rows of `tensor` at `indices`, new or into `input_handle` (list_ops)."""
    if input_handle is not None:
        op = apply_gen("TensorListScatterIntoExistingList",
                       [("input_handle", input_handle, dtypes.variant), ("tensor", tensor, "element_dtype"),
                        ("indices", indices, dtypes.int32)], name=name, outputs=True)
        op._attrs["element_dtype"] = op.inputs[1].dtype.base_dtype
        return op.outputs[0]
    op = apply_gen("TensorListScatterV2", [("tensor", tensor, "element_dtype"), ("indices", indices, dtypes.int32),
                                           _shape_param(element_shape), ("num_elements", -1, dtypes.int32)],
                   name=name, outputs=True)
    op._attrs["element_dtype"] = op.inputs[0].dtype.base_dtype
    return _with_shape_type(op, 2)


def tensor_list_concat(input_handle, element_dtype, element_shape=None, name=None):
    """The elements of a TensorList concatenated on their first dim (list_ops.tensor_list_concat)."""
    op = _typed("TensorListConcatV2", [("input_handle", input_handle, dtypes.variant), _shape_param(element_shape),
                                       ("leading_dims", np.zeros(0, np.int64), dtypes.int64)],
                element_dtype, name, outputs=True)
    _with_shape_type(op, 1)
    return op.outputs[0]


def tensor_list_split(tensor, element_shape, lengths, name=None):
    """A TensorList of the pieces of `tensor` of `lengths` rows (list_ops.tensor_list_split)."""
    op = apply_gen("TensorListSplit", [("tensor", tensor, "element_dtype"), _shape_param(element_shape),
                                       ("lengths", lengths, dtypes.int64)], name=name, outputs=True)
    op._attrs["element_dtype"] = op.inputs[0].dtype.base_dtype
    return _with_shape_type(op, 1)


def tensor_list_resize(input_handle, size, name=None):
    """A TensorList cut or padded with unset elements to `size` (gen_list_ops.tensor_list_resize)."""
    return apply_gen("TensorListResize", [("input_handle", input_handle, dtypes.variant),
                                          ("size", size, dtypes.int32)], name=name)


__all__ = []  # internal, as TF's list_ops: TensorArray under control flow v2 is the public face
