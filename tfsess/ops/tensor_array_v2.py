"""tf.TensorArray under control flow v2 (TF's _GraphTensorArrayV2): a TensorList variant as its flow.

After tf.enable_control_flow_v2(), or for a flow that is already a variant, `TensorArray(...)` makes a
TensorArrayV2: each method builds the TensorList op TF builds, under TF's name scopes
(TensorArrayV2, TensorArrayV2Read, TensorArrayV2Write, TensorArrayV2Stack, ...; gather and concat none), so while_v2 loops
carry the list as a loop variable and tf.gradients differentiates through list_ops' gradients.
"""
from __future__ import annotations

import logging

from tfsess.framework import dtypes
from tfsess.framework.graph_mode import control_flow_v2_enabled
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, control_flow_ops, list_ops, math_ops
from tfsess.ops.tensor_array_ops import TensorArray


class TensorArrayV2(TensorArray):
    """A TensorArray whose flow is a TensorList (control flow v2); it has no handle, as in TF."""

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None,
                 colocate_with_first_write_call=True, name=None):
        """Creates the list (TensorListReserve), or wraps an existing `flow`.

        Raises:
            ValueError: neither `size` nor `flow` given.
        """
        del clear_after_read, tensor_array_name, handle, colocate_with_first_write_call  # no meaning for a list
        if size is None and flow is None:
            raise ValueError("Argument `size` must be provided if handle is not provided.")
        self._dtype = dtypes.as_dtype(dtype).base_dtype
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._colocate_with_first_write_call = False
        self._element_shape = [TensorShape(element_shape) if element_shape is not None else TensorShape(None)]
        self._size = size
        self._handle = None
        if flow is None:
            with op_scope(name, "TensorArrayV2", [size]) as scope:
                flow = list_ops.tensor_list_reserve(self.element_shape, size, self._dtype, name=scope)
        self._flow = flow

    def _with_flow(self, flow):
        ta = TensorArrayV2(self._dtype, flow=flow, infer_shape=self._infer_shape)
        ta._dynamic_size, ta._size, ta._element_shape = self._dynamic_size, self._size, self._element_shape
        return ta

    def _checked(self, value):
        """`value` as a tensor. TF only logs a dtype other than the array's (the list op fails when run)."""
        value = convert_to_tensor(value, preferred_dtype=self._dtype, name="value")
        if value.dtype.base_dtype != self._dtype:
            logging.getLogger("tensorflow").error(
                "Error: Input value %s has dtype %s, but expected dtype %s.  This leads to undefined behavior and "
                "will be an error in future versions of TensorFlow.", value, value.dtype, self._dtype)
        return value

    def grad(self, source, flow=None, name=None):
        """Not in TF either: a v2 array's gradient is its list's, through tf.gradients."""
        raise NotImplementedError("TensorArray.grad is not supported for TensorArrays built under control flow v2 "
                                  "(TensorLists); use tf.gradients")

    def read(self, index, name=None):
        """The element at `index` (TensorListGetItem)."""
        with op_scope(name, "TensorArrayV2Read", [self._flow, index]):
            return list_ops.tensor_list_get_item(self._flow, index, self._dtype, element_shape=self.element_shape,
                                                 name=name)

    def write(self, index, value, name=None):
        """This array with `value` at `index` (TensorListSetItem; a dynamic array grows).

        Raises:
            ValueError: `value`'s static shape does not fit the elements' shape.
        """
        with op_scope(name, "TensorArrayV2Write", [self._flow, index, value]):
            value = self._checked(value)
            self._merge_element_shape(value.shape)
            flow = list_ops.tensor_list_set_item(self._flow, index, value,
                                                 resize_if_index_out_of_bounds=self._dynamic_size, name=name)
        return self._with_flow(flow)

    def size(self, name=None):
        """The number of elements (a constant for a fixed-size array, else TensorListLength)."""
        if not self._dynamic_size and self._size is not None:
            return convert_to_tensor(self._size, dtype=dtypes.int32)
        return list_ops.tensor_list_length(self._flow, name=name)

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked (TensorListGather)."""
        return list_ops.tensor_list_gather(self._flow, indices, self._dtype, element_shape=self.element_shape,
                                           name=name)  # TF opens no scope of its own here, nor in concat

    def stack(self, name=None):
        """All elements stacked along a new first axis (TensorListStack)."""
        with op_scope(name, "TensorArrayV2Stack", [self._flow]):
            count = -1
            if not self._dynamic_size and self._size is not None:
                known = constant_value(convert_to_tensor(self._size)) if hasattr(self._size, "op") else self._size
                count = -1 if known is None else int(known)
            return list_ops.tensor_list_stack(self._flow, self._dtype, num_elements=count,
                                              element_shape=self.element_shape)

    def concat(self, name=None):
        """All elements concatenated along their first axis (TensorListConcatV2)."""
        return list_ops.tensor_list_concat(self._flow, self._dtype, element_shape=self.element_shape, name=name)

    def scatter(self, indices, value, name=None):
        """This array with the rows of `value` at `indices` (TensorListScatterIntoExistingList)."""
        with op_scope(name, "TensorArrayScatter", [self._flow, value, indices]):
            value = self._checked(value)
            if value.shape.ndims:
                self._merge_element_shape(value.shape[1:])
            flow = list_ops.tensor_list_scatter(value, indices, element_shape=self.element_shape,
                                                input_handle=self._flow)
        return self._with_flow(flow)

    def unstack(self, value, name=None):
        """This array made of the rows of `value` (TensorListFromTensor)."""
        with op_scope(name, "TensorArrayUnstack", [self._flow, value]):
            value = self._checked(value)
            rows = value.shape[1:] if value.shape.ndims else TensorShape(None)
            self._merge_element_shape(rows)
            return self._with_flow(list_ops.tensor_list_from_tensor(value, element_shape=rows))

    def split(self, value, lengths, name=None):
        """This array made of `value` split along its first axis into pieces of `lengths` (TensorListSplit)."""
        with op_scope(name, "TensorArraySplit", [self._flow, value, lengths]):
            value = self._checked(value)
            lengths = math_ops.cast(convert_to_tensor(lengths), dtypes.int64)
            known = constant_value(lengths)
            if value.shape.ndims is not None and known is not None and known.size and known.max() == known.min():
                self._merge_element_shape(TensorShape([int(known.reshape(-1)[0])]).concatenate(value.shape[1:]))
            flow = list_ops.tensor_list_split(value, self.element_shape, lengths)
        return self._with_flow(flow)

    def identity(self):
        """This array with its flow passed through an Identity op."""
        return self._with_flow(array_ops.identity(self._flow))

    def close(self, name=None):
        """A no-op: a list has nothing to release (TF builds a NoOp too)."""
        return control_flow_ops.no_op(name=name)


def _chooses_v2(flow=None, **_):
    """TF's choice: a variant flow, or control flow v2 switched on, makes a TensorArray a TensorList."""
    return (flow is not None and getattr(flow, "dtype", None) == dtypes.variant) or control_flow_v2_enabled()


TensorArray._v2_class = (TensorArrayV2, _chooses_v2)

__all__ = []
