"""TensorArray ops (TensorArrayV3 and friends), their gradients, and the tf.TensorArray class.

The handle output carries the array's configuration; the flow output carries its elements (a
tensor_array_store.Snapshot), so a TensorArray is made fresh by each run and travels through
while_loop as its flow tensor. Gradients follow TF's TensorArrayGrad: each forward array has one
gradient array per tf.gradients call (its `source`), into which the gradient rules write.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.lib.xp import to_host
from tfsess.ops import array_ops, math_ops
from tfsess.ops._infer import check_rank
from tfsess.ops.sequence_ops import range_
from tfsess.ops.tensor_array_store import ArrayHandle, Snapshot, elements, fmt_dims, grad_array, unique_name

_FLOW = (dtypes.float32, TensorShape([]))
_HANDLE = (dtypes.resource, TensorShape([2]))


def _dims(shape):
    """An attr shape as a tuple of int/None, or None for an unknown rank."""
    return TensorShape(shape).as_tuple_or_none()


def _index(x):
    if isinstance(x, (np.ndarray, np.generic)) and x.ndim == 0:
        return int(x)  # a host scalar, as a loop's counter is: no copy nor reshape
    return int(to_host(x).reshape(()))


def _indices(x):
    return to_host(x).reshape(-1)


def _flow(xp, out):
    """A write's flow output: the new snapshot, or a gradient array's 0.0 token on the kernel's device."""
    return out if isinstance(out, Snapshot) else xp.zeros((), np.float32)


def _on(xp, value):
    """`value` in the memory of the kernel's array module (elements keep the device they were written on)."""
    return to_host(value) if xp is np else xp.asarray(value)


# ================================================================== ops
def _tensor_array_infer(inputs, attrs):
    if inputs[0].shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {inputs[0].shape.ndims} for 'TensorArrayV3'")
    return [_HANDLE, _FLOW]


@register_op("TensorArrayV3", infer=_tensor_array_infer, stateful=True, needs_ctx=True, no_gradient=True)
def _tensor_array(xp, size, *, dtype, element_shape=None, dynamic_size=False, clear_after_read=True,
                  identical_element_shapes=True, tensor_array_name="", ctx):
    size = _index(size)
    if size < 0:
        raise errors.InvalidArgumentError(None, None, f"Size should be >= 0, got: {size}")
    name = tensor_array_name or unique_name(ctx.op.name)
    handle = ArrayHandle(name, dtypes.as_dtype(dtype).as_numpy_dtype, size, bool(dynamic_size),
                         bool(clear_after_read), _dims(element_shape), bool(identical_element_shapes))
    return handle, Snapshot(handle, (), size)


def _flow_out(inputs, attrs):
    return [_FLOW]


@register_op("TensorArrayWriteV3", infer=_flow_out, stateful=True)
def _tensor_array_write(xp, handle, index, value, flow_in):
    return _flow(xp, elements(handle, flow_in).written([(_index(index), _element(value))]))


def _int32_input(value, param, op_type):
    """`value` as the int32 tensor `param` of `op_type`; another dtype is TF's TypeError, as its generated op's."""
    tensor = convert_to_tensor(value, name=param, preferred_dtype=dtypes.int32)
    if tensor.dtype.base_dtype != dtypes.int32:
        raise TypeError(f"Input '{param}' of '{op_type}' Op has type {tensor.dtype.base_dtype.name} that does "
                        "not match expected type of int32.")
    return tensor


def _element(value):
    # a string op's scalar result can be bare bytes: NumPy unwraps 0-d object results
    return np.array(value, dtype=object) if isinstance(value, (bytes, str)) else value


def _read_infer(inputs, attrs):
    return [(dtypes.as_dtype(attrs["dtype"]), TensorShape(None))]


@register_op("TensorArrayReadV3", infer=_read_infer, stateful=True, needs_ctx=True)
def _tensor_array_read(xp, handle, index, flow_in, *, ctx):
    return _on(xp, elements(handle, flow_in).read(_index(index), ctx.op))


def _handle_element_shape(handle):
    """The element shape the array op behind `handle` was made with (TF's handle shape), else unknown."""
    op = handle.op
    while op.type in ("Identity", "Enter", "TensorArrayGradV3", "TensorArrayGradWithShape") and op.inputs:
        op = op.inputs[0].op
    return TensorShape(op.get_attr("element_shape")) if op.type == "TensorArrayV3" else TensorShape(None)


def _gather_infer(inputs, attrs):
    # as TF's shape function: the indices' shape and the handle's element shape, when the array was made with
    # one; the `element_shape` attr (learnt from writes) is the wrapper's to apply
    check_rank(inputs[1], 1, "TensorArrayGatherV3", "indices")
    element_shape = _handle_element_shape(inputs[0])
    if element_shape.ndims is None:
        return [(dtypes.as_dtype(attrs["dtype"]), TensorShape(None))]
    return [(dtypes.as_dtype(attrs["dtype"]), inputs[1].shape.with_rank(1).concatenate(element_shape))]


@register_op("TensorArrayGatherV3", infer=_gather_infer, stateful=True, needs_ctx=True)
def _tensor_array_gather(xp, handle, indices, flow_in, *, element_shape=None, ctx):
    array = elements(handle, flow_in)
    hint = _dims(element_shape)
    values = [_on(xp, array.read(int(i), ctx.op, hint)) for i in _indices(indices)]
    if not values:
        dims = hint if hint is not None else array.element_shape if hasattr(array, "element_shape") else None
        if dims is None or any(d is None for d in dims):
            raise errors.UnimplementedError(
                None, None, f"TensorArray has size zero, but element shape {fmt_dims(dims)} is not fully defined. "
                            "Currently only static shapes are supported when packing zero-size TensorArrays.")
        return xp.zeros((0,) + tuple(dims), dtype=handle.value_dtype)
    for k, v in enumerate(values[1:], 1):
        if v.shape != values[0].shape:
            raise errors.InvalidArgumentError(
                None, None, f"TensorArray has inconsistent shapes.  Index 0 has shape: {fmt_dims(values[0].shape)} "
                            f"but index {k} has shape: {fmt_dims(v.shape)}")
    return xp.stack(values)


def _scatter_infer(inputs, attrs):
    check_rank(inputs[1], 1, "TensorArrayScatterV3", "indices")
    n, v = inputs[1].shape.as_tuple_or_none(), inputs[2].shape.as_tuple_or_none()
    if n and v and n[0] is not None and v[0] is not None and n[0] != v[0]:
        raise ValueError(f"Dimensions must be equal, but are {v[0]} and {n[0]} for 'TensorArrayScatterV3' with "
                         f"input shapes: {inputs[1].shape}, {inputs[2].shape}.")
    return [_FLOW]


@register_op("TensorArrayScatterV3", infer=_scatter_infer, stateful=True)
def _tensor_array_scatter(xp, handle, indices, value, flow_in):
    array = elements(handle, flow_in)
    indices = _indices(indices)
    if value.ndim == 0 or value.shape[0] != len(indices):
        raise errors.InvalidArgumentError(
            None, None, f"Expected len(indices) == values.shape[0], but saw: {len(indices)} vs. "
                        f"{value.shape[0] if value.ndim else 0}")
    if len(indices) and not handle.dynamic_size and indices.max() >= array.size:
        raise errors.InvalidArgumentError(
            None, None, f"Max scatter index must be < array size ({indices.max()} vs. {array.size})")
    # a slice keeps an array (value[k] of a string array would be bare bytes)
    rows = [value[k:k + 1].reshape(value.shape[1:]) for k in range(len(indices))]
    return _flow(xp, array.written([(int(i), row) for i, row in zip(indices, rows)]))


def _concat_infer(inputs, attrs):
    rest = TensorShape(attrs.get("element_shape_except0"))
    return [(dtypes.as_dtype(attrs["dtype"]), TensorShape([None]).concatenate(rest)),
            (dtypes.int64, TensorShape([None]))]


@register_op("TensorArrayConcatV3", infer=_concat_infer, stateful=True, needs_ctx=True)
def _tensor_array_concat(xp, handle, flow_in, *, element_shape_except0=None, ctx):
    array = elements(handle, flow_in)
    values = [_on(xp, array.read(i, ctx.op)) for i in range(array.size)]
    for k, v in enumerate(values):
        if v.ndim == 0:
            raise errors.InvalidArgumentError(
                None, None, f"Concat saw a scalar shape at index {k} but requires at least vectors.  Did you mean "
                            "to call .stack() instead?")
        if v.shape[1:] != values[0].shape[1:]:
            raise errors.InvalidArgumentError(
                None, None, f"TensorArray has inconsistent shapes.  Index 0 has (excepting dimension 0) shape: "
                            f"{fmt_dims(values[0].shape[1:])} but index {k} has (excepting dimension 0) shape: "
                            f"{fmt_dims(v.shape[1:])}")
    lengths = np.array([v.shape[0] for v in values], dtype=np.int64)
    if not values:
        rest = _dims(element_shape_except0)
        if rest is None or any(d is None for d in rest):
            raise errors.UnimplementedError(
                None, None, f"TensorArray has size zero, but element_shape_except0 {fmt_dims(rest)} is not "
                            "fully defined. Currently only static shapes are supported when concatenating "
                            "zero-size TensorArrays.")
        return xp.zeros((0,) + rest, dtype=handle.value_dtype), xp.asarray(lengths)
    return xp.concatenate(values), xp.asarray(lengths)


@register_op("TensorArraySplitV3", infer=_flow_out, stateful=True)
def _tensor_array_split(xp, handle, value, lengths, flow_in):
    array = elements(handle, flow_in)
    lengths = _indices(lengths)
    if value.ndim == 0:
        raise errors.InvalidArgumentError(
            None, None, f"Expected value to be at least a vector, but received shape: {fmt_dims(value.shape)}")
    if int(lengths.sum()) != value.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"Expected sum of lengths to be equal to values.shape[0], but sum of lengths is "
                        f"{int(lengths.sum())} and value's shape is: {fmt_dims(value.shape)}")
    if not handle.dynamic_size and len(lengths) != array.size:
        raise errors.InvalidArgumentError(
            None, None, f"TensorArray's size is not equal to the size of lengths ({len(lengths)} vs. {array.size}), "
                        "and the TensorArray is not marked as dynamically resizeable")
    starts = np.concatenate([[0], np.cumsum(lengths)])
    return _flow(xp, array.written([(k, value[int(starts[k]):int(starts[k + 1])]) for k in range(len(lengths))]))


@register_op("TensorArraySizeV3", infer=lambda inputs, attrs: [(dtypes.int32, TensorShape([]))],
             stateful=True, no_gradient=True)
def _tensor_array_size(xp, handle, flow_in):
    return xp.asarray(np.int32(elements(handle, flow_in).size))


@register_op("TensorArrayCloseV3", infer=lambda inputs, attrs: [], stateful=True, no_gradient=True)
def _tensor_array_close(xp, handle):
    return ()  # the elements live in the flows of this run, and go with them


@register_op("TensorArrayGradV3", infer=lambda inputs, attrs: [_HANDLE, _FLOW], stateful=True,
             no_gradient=True)
def _tensor_array_grad(xp, handle, flow_in, *, source):
    if not isinstance(handle, ArrayHandle):
        raise errors.UnimplementedError(None, None, "Gradients of a gradient TensorArray are not supported")
    return grad_array(handle, flow_in, source), xp.zeros((), np.float32)


# ================================================================== gradients (TF's tensor_array_grad)
def gradient_source(grad):
    """The tf.gradients call a gradient belongs to: its name up to the first `gradients*` scope.

    The first, not the last: a while loop's body gradient is built by a nested tf.gradients call
    that must share its gradient arrays with the enclosing one.
    """
    tokens = grad.name.split("/")
    for i, token in enumerate(tokens):
        if token.startswith("gradients"):
            return "/".join(tokens[:i + 1])
    return "gradients"


def _grad_array_of(op, grad, flow):
    ta = TensorArray(_dtype_of(op), handle=op.inputs[0], flow=flow,
                     colocate_with_first_write_call=False)
    return ta.grad(gradient_source(grad), flow=flow)


def _dtype_of(op):
    return op.get_attr("dtype") if op.type in ("TensorArrayReadV3", "TensorArrayGatherV3",
                                               "TensorArrayConcatV3") else op.get_attr("T")


@_tensor_array_read.gradient
def _tensor_array_read_grad(op, grad):
    g = _grad_array_of(op, grad, op.inputs[2])
    return [None, None, g.write(op.inputs[1], grad).flow]


@_tensor_array_write.gradient
def _tensor_array_write_grad(op, flow):
    with control_dependencies([op.outputs[0]]):
        flow = array_ops.identity(flow, name="write_barrier")
    g = _grad_array_of(op, flow, flow)
    return [None, None, g.read(op.inputs[1]), flow]


@_tensor_array_gather.gradient
def _tensor_array_gather_grad(op, grad):
    g = _grad_array_of(op, grad, op.inputs[2])
    return [None, None, g.scatter(op.inputs[1], grad).flow]


@_tensor_array_scatter.gradient
def _tensor_array_scatter_grad(op, flow):
    g = _grad_array_of(op, flow, flow)
    return [None, None, g.gather(op.inputs[1]), flow]


@_tensor_array_concat.gradient
def _tensor_array_concat_grad(op, grad, unused_lengths_grad):
    g = _grad_array_of(op, grad, op.inputs[1])
    return [None, g.split(grad, op.outputs[1]).flow]


@_tensor_array_split.gradient
def _tensor_array_split_grad(op, flow):
    g = _grad_array_of(op, flow, flow)
    return [None, g.concat(), None, flow]


# ================================================================== tf.TensorArray
class TensorArray:
    """A list of tensors of one dtype, written and read by index in the graph (tf.TensorArray).

    Each write returns a new TensorArray whose `flow` carries the written elements; use the
    returned object. Static element-shape knowledge is shared by all TensorArrays of one array.
    """

    _v2_class = None  # (class, chooser): ops/tensor_array_v2.py, TF's TensorList-backed array (control flow v2)

    def __new__(cls, *args, **kwargs):
        flow = kwargs.get("flow", args[6] if len(args) > 6 else None)
        if cls is TensorArray and cls._v2_class is not None and cls._v2_class[1](flow=flow) and \
                (flow is None or flow.dtype == dtypes.variant):  # a v1 array's own flow keeps it v1
            return object.__new__(cls._v2_class[0])
        return object.__new__(cls)

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None,
                 colocate_with_first_write_call=True, name=None):
        """Creates a TensorArray (TensorArrayV3), or wraps an existing `handle` and `flow`.

        Raises:
            ValueError: neither `size` nor `handle` given, or both `handle` and `size`/`tensor_array_name`.
        """
        if clear_after_read is None:
            clear_after_read = True
        if handle is None and size is None:
            raise ValueError("Argument `size` must be provided if handle is not provided.")
        if handle is not None and tensor_array_name:
            raise ValueError("Cannot provide both `handle` and `tensor_array_name` arguments at the same time.")
        if handle is not None and size is not None:
            raise ValueError("Cannot provide both a `handle` and `size` at the same time.")
        if handle is not None and element_shape is not None:
            raise ValueError("Cannot provide both `handle` and `element_shape` arguments at the same time.")
        if handle is not None and dynamic_size is not None:
            raise ValueError("Cannot provide both `handle` and `dynamic_size` arguments at the same time.")
        if handle is not None and flow is None:
            raise ValueError("flow must not be None if handle is not None.")
        self._dtype = dtypes.as_dtype(dtype).base_dtype
        self._dynamic_size = bool(dynamic_size)
        self._infer_shape = infer_shape
        self._colocate_with_first_write_call = colocate_with_first_write_call
        self._element_shape = [as_shape(element_shape) if element_shape is not None else TensorShape(None)]
        self._size = size  # as given: size() converts it where it is asked for, as TF does
        if handle is not None:
            self._handle, self._flow = handle, flow
            return
        with op_scope(name, "TensorArray", [size]) as scope:
            size_t = convert_to_tensor(size, dtype=dtypes.int32, name="size")
            op = apply_op("TensorArrayV3", [size_t], {
                "dtype": self._dtype, "element_shape": self._element_shape[0],
                "dynamic_size": self._dynamic_size, "clear_after_read": bool(clear_after_read),
                "identical_element_shapes": bool(infer_shape), "tensor_array_name": tensor_array_name or ""},
                name=scope)
        self._handle, self._flow = op.outputs

    @property
    def flow(self):
        """The flow tensor: the array's elements as they stand at this point of the graph."""
        return self._flow

    @property
    def dtype(self):
        return self._dtype

    @property
    def handle(self):
        return self._handle

    @property
    def element_shape(self):
        """The static TensorShape shared by the elements (unknown until learnt)."""
        return self._element_shape[0]

    @property
    def dynamic_size(self):
        return self._dynamic_size

    def _nest_components(self):
        """What while_loop and cond carry for this array (framework/nest.py's composite protocol)."""
        return [self._flow]

    def _nest_rebuild(self, components):
        return self._with_flow(components[0])

    def _with_flow(self, flow):
        """This array with another flow: what a write returns, and what while_loop rebuilds."""
        ta = TensorArray(self._dtype, handle=self._handle, flow=flow,
                         infer_shape=self._infer_shape,
                         colocate_with_first_write_call=self._colocate_with_first_write_call)
        ta._dynamic_size, ta._size, ta._element_shape = self._dynamic_size, self._size, self._element_shape
        return ta

    def _merge_element_shape(self, shape):
        """TF's _check_element_shape: ValueError for a shape the elements cannot have."""
        if not shape.is_compatible_with(self.element_shape):
            raise ValueError(f"Inconsistent shapes: saw {shape} but expected {self.element_shape} ")
        if self._infer_shape:
            self._element_shape[0] = self.element_shape.merge_with(shape)

    def _value(self, value, exact=False):
        if isinstance(value, Tensor):
            return value
        if exact:
            return convert_to_tensor(value, dtype=self._dtype, name="value")
        return convert_to_tensor(value, preferred_dtype=self._dtype, name="value")

    def identity(self):
        """This array with its flow passed through an Identity op (for control dependencies)."""
        return self._with_flow(array_ops.identity(self._flow))

    def grad(self, source, flow=None, name=None):
        """The gradient TensorArray of this array for gradient `source` (TensorArrayGradV3)."""
        flow = self._flow if flow is None else flow
        with op_scope(name, "TensorArrayGrad", [self._handle]):
            op = apply_op("TensorArrayGradV3", [self._handle, flow], {"source": source})
            with control_dependencies([op.outputs[0]]):
                flow = array_ops.identity(flow, name="gradient_flow")
            g = TensorArray(self._dtype, handle=op.outputs[0], flow=flow, infer_shape=self._infer_shape,
                            colocate_with_first_write_call=False)
            g._element_shape = self._element_shape
            return g

    def read(self, index, name=None):
        """The element at `index` (TensorArrayReadV3)."""
        index = _int32_input(index, "index", "TensorArrayReadV3")
        value = apply_op("TensorArrayReadV3", [self._handle, index, self._flow], {"dtype": self._dtype},
                         name=name).outputs[0]
        value.set_shape(self.element_shape)
        return value

    def write(self, index, value, name=None):
        """This array with `value` written at `index` (TensorArrayWriteV3).

        Raises:
            ValueError: `value`'s static shape does not fit the elements' shape.
        """
        with op_scope(name, "TensorArrayWrite", [self._handle, index, value]):
            value = self._value(value)
            self._merge_element_shape(value.shape)
            index = _int32_input(index, "index", "TensorArrayWriteV3")
            flow = apply_op("TensorArrayWriteV3", [self._handle, index, value, self._flow],
                            {"T": value.dtype.base_dtype}).outputs[0]
        return self._with_flow(flow)

    def size(self, name=None):
        """The number of elements (a constant for a fixed-size array, else TensorArraySizeV3)."""
        if not self._dynamic_size and self._size is not None:
            return convert_to_tensor(self._size, dtype=dtypes.int32)
        return apply_op("TensorArraySizeV3", [self._handle, self._flow], name=name).outputs[0]

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked (TensorArrayGatherV3)."""
        indices = _int32_input(indices, "indices", "TensorArrayGatherV3")
        value = apply_op("TensorArrayGatherV3", [self._handle, indices, self._flow],
                         {"dtype": self._dtype, "element_shape": self.element_shape}, name=name).outputs[0]
        if self.element_shape.ndims is not None:
            value.set_shape(TensorShape([None]).concatenate(self.element_shape))
        return value

    def stack(self, name=None):
        """All elements stacked along a new first axis."""
        with op_scope(name, "TensorArrayStack", [self._handle]):
            value = self.gather(range_(0, self.size()), name=name)  # TF names the gather as the stack
            if self.element_shape.ndims is not None and not self._dynamic_size and self._size is not None:
                n = constant_value(self._size) if isinstance(self._size, Tensor) else self._size
                value.set_shape(TensorShape([None if n is None else int(n)]).concatenate(self.element_shape))
            return value

    def concat(self, name=None):
        """All elements concatenated along their first axis (TensorArrayConcatV3)."""
        rest = self.element_shape[1:] if self.element_shape.ndims else TensorShape(None)
        op = apply_op("TensorArrayConcatV3", [self._handle, self._flow],
                      {"dtype": self._dtype, "element_shape_except0": rest}, name=name)
        value = op.outputs[0]
        if self.element_shape.ndims is not None:
            dim0 = None
            n = constant_value(self.size()) if self._infer_shape else None
            # as TF: a known size with scalar elements fails here (IndexError), before the run would
            if n is not None and self.element_shape.as_list()[0] is not None:
                dim0 = int(n) * self.element_shape.as_list()[0]
            value.set_shape(TensorShape([dim0]).concatenate(self.element_shape[1:]))
        return value

    def scatter(self, indices, value, name=None):
        """This array with the rows of `value` written at `indices` (TensorArrayScatterV3)."""
        with op_scope(name, "TensorArrayScatter", [self._handle, value, indices]):
            value = self._value(value)
            if value.shape.ndims:
                self._merge_element_shape(value.shape[1:])
            indices = _int32_input(indices, "indices", "TensorArrayScatterV3")
            flow = apply_op("TensorArrayScatterV3", [self._handle, indices, value, self._flow],
                            {"T": value.dtype.base_dtype}).outputs[0]
        return self._with_flow(flow)

    def unstack(self, value, name=None):
        """This array with the rows of `value` written in order."""
        with op_scope(name, "TensorArrayUnstack", [self._handle, value]):
            num_elements = array_ops.shape(value)[0]
            return self.scatter(range_(0, num_elements), value)

    def split(self, value, lengths, name=None):
        """This array with `value` split along its first axis into pieces of `lengths` (TensorArraySplitV3)."""
        with op_scope(name, "TensorArraySplit", [self._handle, value, lengths]):
            value = self._value(value, exact=True)
            lengths = math_ops.cast(convert_to_tensor(lengths), dtypes.int64)
            known = constant_value(lengths)
            if value.shape.ndims is not None and known is not None and known.size and known.max() == known.min():
                self._merge_element_shape(TensorShape([int(known.reshape(-1)[0])]).concatenate(value.shape[1:]))
            flow = apply_op("TensorArraySplitV3", [self._handle, value, lengths, self._flow],
                            {"T": value.dtype.base_dtype}).outputs[0]
        return self._with_flow(flow)

    def close(self, name=None):
        """An op closing the array (TensorArrayCloseV3); its elements go with the run anyway."""
        return apply_op("TensorArrayCloseV3", [self._handle], name=name)


__all__ = ["TensorArray"]
