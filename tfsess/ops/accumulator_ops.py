"""Conditional accumulators (tf.ConditionalAccumulator, tf.SparseConditionalAccumulator) and their ops.

An accumulator sums the gradients applied at a local step not older than its global step
(stale ones are dropped silently) and hands out their mean (or sum) once `num_required` have
come, blocking until then; taking advances its global step. As with queues, the accumulator
object lives in the session's resources under the op's name (or shared_name). The sparse one
merges index lists as TF's kernel does: one sweep over both lists, which assumes ascending
indices, and a MEAN divides each row by the number of gradients that touched it.
"""
from __future__ import annotations

import collections
import threading

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tfsess.lib.xp import to_host
from tfsess.ops import math_ops
from tfsess.ops._infer import no_outputs
from tfsess.platform import tf_logging

_REDUCTIONS = ("MEAN", "SUM")


def _shape_text(shape):
    return "[" + ",".join(str(d) for d in shape) + "]"


class _Accumulator:
    """The state of one accumulator: gradients summed since the last take, and its global step."""

    def __init__(self, name, dtype, shape, reduction_type):
        self.name, self.dtype, self.reduction_type = name, dtype, reduction_type
        self.shape = shape  # a TensorShape, maybe partly unknown
        self.global_step = 0
        self.counter = 0
        self._cond = threading.Condition()
        self._cancelled = False
        self._reset()

    def _reset(self):
        self.accum = None

    def apply(self, local_step, *grad):
        with self._cond:
            self._check_not_cancelled()
            self._validate(*grad)
            if local_step < self.global_step:
                return  # stale: dropped, as TF drops it
            self._add(*grad)
            self.counter += 1
            self._cond.notify_all()

    def take(self, num_required, remaining):
        """The aggregate of `num_required` gradients or more, waiting for them; advances the global step."""
        if num_required < 1:
            raise errors.InvalidArgumentError(
                None, None, f"Argument num_required must be positive, but was {num_required}")
        with self._cond:
            while self.counter < num_required:
                self._check_not_cancelled()
                timeout = remaining() if remaining is not None else None
                if timeout is not None and timeout <= 0:
                    raise errors.DeadlineExceededError(None, None, "Timed out waiting for notification")
                self._cond.wait(timeout)
            out = self._result()
            self._reset()
            self.counter = 0
            self.global_step += 1
            return out

    def set_global_step(self, step):
        with self._cond:
            if step < self.global_step:
                tf_logging.warning("Attempt to set current_global_step_ to smaller value: current_global_step_ = "
                                   "%d >= %d = new_global_step.", self.global_step, step)
            self.global_step = step

    def read(self):
        """The value of a string-ref handle to this accumulator, as TF fetches it: [container, name]."""
        return np.array([b"localhost", self.name.encode()], dtype=object)

    def cancel(self):
        """The session is closing: a waiting take raises CancelledError."""
        with self._cond:
            self._cancelled = True
            self._cond.notify_all()

    def _check_not_cancelled(self):
        if self._cancelled:
            raise errors.CancelledError(None, None, f"Accumulator '{self.name}' was cancelled: the session closed")


class _DenseAccumulator(_Accumulator):
    def _validate(self, grad):
        if self.accum is not None:
            expected, ok = list(self.accum.shape), grad.shape == self.accum.shape
        else:
            expected = ["?" if d is None else d for d in self.shape.as_list()] if self.shape.ndims is not None else []
            ok = self.shape.is_compatible_with(TensorShape(grad.shape))
        if not ok:
            raise errors.InvalidArgumentError(
                None, None, f"Shape mismatch: expected {_shape_text(expected)}, got {_shape_text(grad.shape)}")

    def _add(self, grad):
        self.accum = grad.copy() if self.accum is None else self.accum + grad

    def _result(self):
        if self.reduction_type == "MEAN":
            return (self.accum / self.dtype.type(self.counter)).astype(self.dtype, copy=False)
        return self.accum


class _SparseAccumulator(_Accumulator):
    def _reset(self):
        self.accum = None  # (indices, values, counts per row)
        self.accum_shape = None  # the dense shape a gradient gave, when the accumulator has none

    def _validate(self, indices, values, shape, has_known_shape):
        known = self.shape
        # as TF's: a known shape of rank n > 0 constrains the first n dims (a rank-0 one, nothing)
        if known.ndims and has_known_shape:
            if len(shape) < known.ndims:
                raise errors.InvalidArgumentError(
                    None, None, f"Shape mismatch: expected shape rank at least {known.ndims}, got {len(shape)}")
            for i, (want, got) in enumerate(zip(known.as_list(), shape)):
                if want is not None and want != got:
                    raise errors.InvalidArgumentError(
                        None, None, f"Shape mismatch: expected shape dim {i} to be {want}, got {got}")
        if known.ndims:
            if values.ndim < known.ndims:
                raise errors.InvalidArgumentError(
                    None, None, f"Shape mismatch: expected values rank at least {known.ndims}, got {values.ndim}")
            for i, (want, got) in enumerate(zip(known.as_list()[1:], values.shape[1:]), start=1):
                if want is not None and want != got:
                    raise errors.InvalidArgumentError(
                        None, None, f"Shape mismatch: expected values dim {i} to be {want}, got {got}")
        if self.accum is not None:
            for i, (want, got) in enumerate(zip(self.accum[1].shape[1:], values.shape[1:]), start=1):
                if want != got:
                    raise errors.InvalidArgumentError(
                        None, None, f"Shape mismatch: expected values dim {i} to be {want}, got {got}")
        limit = shape[0] if has_known_shape and len(shape) else (known.as_list()[0] if known.ndims else None)
        if limit is not None:
            for i, index in enumerate(indices):
                if index >= limit:
                    raise errors.InvalidArgumentError(
                        None, None, f"Shape mismatch: index of slice {i} exceeded limits of shape; index is "
                                    f"{int(index)} exceeded {limit}")
        if values.shape[0] != indices.shape[0]:
            raise errors.InvalidArgumentError(
                None, None, f"Expected {indices.shape[0]} non-empty input values, got {values.shape[0]}")

    def _add(self, indices, values, shape, has_known_shape):
        if self.accum is None:
            self.accum = (indices.copy(), values.copy(), np.ones(indices.shape[0], np.int64))
            return
        old_idx, old_val, old_count = self.accum
        rows, counts, order = [], [], []
        i = j = 0
        while i < old_idx.size or j < indices.size:  # TF's merge: one sweep, both lists taken as ascending
            if j >= indices.size or (i < old_idx.size and old_idx[i] < indices[j]):
                order.append(old_idx[i])
                rows.append(old_val[i])
                counts.append(old_count[i])
                i += 1
            elif i >= old_idx.size or old_idx[i] > indices[j]:
                order.append(indices[j])
                rows.append(values[j])
                counts.append(1)
                j += 1
            else:
                order.append(old_idx[i])
                rows.append(old_val[i] + values[j])
                counts.append(old_count[i] + 1)
                i += 1
                j += 1
        self.accum = (np.array(order, np.int64), np.stack(rows).astype(self.dtype, copy=False),
                      np.array(counts, np.int64))

    def _result(self):
        indices, values, counts = self.accum
        if self.reduction_type == "MEAN":
            values = (values / counts.reshape((-1,) + (1,) * (values.ndim - 1)).astype(self.dtype)).astype(
                self.dtype, copy=False)
        if self.shape.ndims is not None:
            shape = [-1 if d is None else d for d in self.shape.as_list()]
        else:
            shape = [-1] + list(values.shape[1:])
        return indices, values, np.array(shape, np.int64)


# ------------------------------------------------------------------ ops
def _accumulator_kernel(cls):
    def kernel(xp, *, ctx, dtype, shape=None, container="", shared_name="", reduction_type="MEAN"):
        op = ctx.op

        def create():
            return cls(shared_name or f"_0_{op.name}", np.dtype(dtype.as_numpy_dtype), as_shape(shape) if shape is not None
                       else unknown_shape(), reduction_type)

        accumulator = ctx.resources.get_or_create(("accumulator", shared_name or op.name), create)
        if ctx.resources.closed.is_set():
            accumulator.cancel()
        return accumulator
    return kernel


def _handle_infer(dtype):
    return lambda inputs, attrs: [(dtype, TensorShape([2]))]  # TF's shape for these handles


register_op("ResourceConditionalAccumulator", infer=_handle_infer(dtypes.resource), needs_ctx=True, stateful=True,
            gpu=False)(_accumulator_kernel(_DenseAccumulator))
register_op("SparseConditionalAccumulator", infer=_handle_infer(dtypes.string_ref), needs_ctx=True,
            stateful=True, gpu=False)(_accumulator_kernel(_SparseAccumulator))


def _int(value):
    return int(np.asarray(to_host(value)))


@register_op("ResourceAccumulatorApplyGradient", infer=no_outputs, stateful=True, gpu=False)
def _apply_gradient(xp, handle, local_step, gradient, *, dtype=None):
    handle.apply(_int(local_step), np.asarray(to_host(gradient)))


@register_op("SparseAccumulatorApplyGradient", infer=no_outputs, stateful=True, gpu=False, ref_inputs=(0,))
def _sparse_apply_gradient(xp, handle, local_step, gradient_indices, gradient_values, gradient_shape, *, dtype=None,
                           has_known_shape=False):
    handle.apply(_int(local_step), np.asarray(to_host(gradient_indices), np.int64).reshape(-1),
                 np.asarray(to_host(gradient_values)), [int(d) for d in np.asarray(to_host(gradient_shape))],
                 has_known_shape)


def _num_accumulated(xp, handle):
    return np.int32(handle.counter)


def _set_global_step(xp, handle, new_global_step):
    handle.set_global_step(_int(new_global_step))


for _prefix, _refs in (("Resource", ()), ("", (0,))):  # the sparse accumulator's handle is a string ref
    register_op(f"{_prefix}AccumulatorNumAccumulated", infer=lambda inputs, attrs: [(dtypes.int32, TensorShape([]))],
                stateful=True, gpu=False, ref_inputs=_refs)(_num_accumulated)
    register_op(f"{_prefix}AccumulatorSetGlobalStep", infer=no_outputs, stateful=True, gpu=False,
                ref_inputs=_refs)(_set_global_step)


@register_op("ResourceAccumulatorTakeGradient", infer=lambda inputs, attrs: [(attrs["dtype"], unknown_shape())],
             needs_ctx=True, stateful=True, gpu=False, may_block=True)
def _take_gradient(xp, handle, num_required, *, ctx, dtype):
    return handle.take(_int(num_required), ctx.remaining_timeout)


def _sparse_take_infer(inputs, attrs):
    return [(dtypes.int64, unknown_shape()), (attrs["dtype"], unknown_shape()), (dtypes.int64, unknown_shape())]


@register_op("SparseAccumulatorTakeGradient", infer=_sparse_take_infer, needs_ctx=True, stateful=True, gpu=False,
             may_block=True, ref_inputs=(0,))
def _sparse_take_gradient(xp, handle, num_required, *, ctx, dtype):
    return handle.take(_int(num_required), ctx.remaining_timeout)


# ------------------------------------------------------------------ the Python classes
def _check_reduction(op_type, reduction_type):
    if reduction_type not in _REDUCTIONS:
        raise ValueError(f"Attr 'reduction_type' of '{op_type}' Op passed string '{reduction_type}' not in: "
                         f"\"MEAN\", \"SUM\".")


class ConditionalAccumulatorBase:
    """What both accumulators share: the handle, name, dtype, and the step and count ops."""

    _num_op, _step_op = "ResourceAccumulatorNumAccumulated", "ResourceAccumulatorSetGlobalStep"

    def __init__(self, dtype, shape, accumulator_ref):
        self._dtype = dtypes.as_dtype(dtype)
        self._shape = TensorShape(shape) if shape is not None else unknown_shape()
        self._accumulator_ref = accumulator_ref
        self._name = accumulator_ref.op.name.split("/")[-1]

    @property
    def accumulator_ref(self):
        return self._accumulator_ref

    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    def num_accumulated(self, name=None):
        """The number of gradients accumulated since the last take (int32)."""
        return apply_op(self._num_op, [self._accumulator_ref], {},
                        name=name or f"{self._name}_NumAccumulated").outputs[0]

    def set_global_step(self, new_global_step, name=None):
        """An op setting the accumulator's global step (a warning when it goes back)."""
        step = math_ops.cast(convert_to_tensor(new_global_step), dtypes.int64)
        return apply_op(self._step_op, [self._accumulator_ref, step], {}, name=name or self._step_op)


def _local_step(local_step):
    return math_ops.cast(convert_to_tensor(local_step), dtypes.int64)


class ConditionalAccumulator(ConditionalAccumulatorBase):
    """Averages (or sums) dense gradients applied at a local step no older than its global step."""

    def __init__(self, dtype, shape=None, shared_name=None, name="conditional_accumulator", reduction_type="MEAN"):
        _check_reduction("ResourceConditionalAccumulator", reduction_type)
        attrs = {"dtype": dtypes.as_dtype(dtype), "shape": as_shape(shape) if shape is not None else unknown_shape(),
                 "container": "", "shared_name": shared_name or "", "reduction_type": reduction_type}
        ref = apply_op("ResourceConditionalAccumulator", [], attrs, name=name).outputs[0]
        super().__init__(dtype, shape, ref)

    def apply_grad(self, grad, local_step=0, name=None):
        """An op adding `grad` unless it is stale (local_step below the global step).

        Raises:
            ValueError: grad's static shape does not match the accumulator's.
        """
        grad = convert_to_tensor(grad, self._dtype)
        grad.get_shape().assert_is_compatible_with(self._shape)
        return apply_op("ResourceAccumulatorApplyGradient", [self._accumulator_ref, _local_step(local_step), grad],
                        {"dtype": self._dtype}, name=name or "ResourceAccumulatorApplyGradient")

    def take_grad(self, num_required, name=None):
        """The mean (or sum) of the gradients once num_required have come; blocks until then."""
        num = convert_to_tensor(num_required, dtypes.int32)
        out = apply_op("ResourceAccumulatorTakeGradient", [self._accumulator_ref, num], {"dtype": self._dtype},
                       name=name or "ResourceAccumulatorTakeGradient").outputs[0]
        out.set_shape(self._shape)
        return out


class SparseConditionalAccumulator(ConditionalAccumulatorBase):
    """ConditionalAccumulator for sparse gradients (IndexedSlices or indices/values/shape)."""

    _num_op, _step_op = "AccumulatorNumAccumulated", "AccumulatorSetGlobalStep"

    def __init__(self, dtype, shape=None, shared_name=None, name="sparse_conditional_accumulator",
                 reduction_type="MEAN"):
        _check_reduction("SparseConditionalAccumulator", reduction_type)
        attrs = {"dtype": dtypes.as_dtype(dtype), "shape": as_shape(shape) if shape is not None else unknown_shape(),
                 "container": "", "shared_name": shared_name or "", "reduction_type": reduction_type}
        ref = apply_op("SparseConditionalAccumulator", [], attrs, name=name).outputs[0]
        super().__init__(dtype, shape, ref)

    def apply_indexed_slices_grad(self, grad, local_step=0, name=None):
        """apply_grad for an IndexedSlices gradient."""
        return self.apply_grad(grad.indices, grad.values, grad.dense_shape, local_step, name)

    def apply_grad(self, grad_indices, grad_values, grad_shape=None, local_step=0, name=None):
        """An op adding the sparse gradient (indices, values, optional dense shape) unless it is stale."""
        inputs = [self._accumulator_ref, _local_step(local_step),
                  math_ops.cast(convert_to_tensor(grad_indices), dtypes.int64),
                  convert_to_tensor(grad_values, self._dtype),
                  math_ops.cast(convert_to_tensor([] if grad_shape is None else grad_shape,
                                                  dtypes.int64 if grad_shape is None else None), dtypes.int64)]
        return apply_op("SparseAccumulatorApplyGradient", inputs,
                        {"dtype": self._dtype, "has_known_shape": grad_shape is not None},
                        name=name or "SparseAccumulatorApplyGradient")

    def take_grad(self, num_required, name=None):
        """(indices, values, shape) of the aggregate once num_required gradients have come; blocks until then."""
        num = convert_to_tensor(num_required, dtypes.int32)
        op = apply_op("SparseAccumulatorTakeGradient", [self._accumulator_ref, num], {"dtype": self._dtype},
                      name=name or "SparseAccumulatorTakeGradient")
        return _SparseTake(*op.outputs)

    def take_indexed_slices_grad(self, num_required, name=None):
        """take_grad as an IndexedSlices."""
        indices, values, shape = self.take_grad(num_required, name)
        return IndexedSlices(indices=indices, values=values, dense_shape=shape)


# SparseAccumulatorTakeGradient's outputs, named as TF's generated wrapper names them
_SparseTake = collections.namedtuple("SparseAccumulatorTakeGradient", ["indices", "values", "shape"])


__all__ = ["ConditionalAccumulator", "ConditionalAccumulatorBase", "SparseConditionalAccumulator"]
