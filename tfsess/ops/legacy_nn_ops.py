"""TF 1.x op types of nn and math ops that imported GraphDefs hold and tfsess's own functions never build.

MaxPoolV2 (ksize and strides as inputs) and its gradients, TopK and InTopK (k as an attr),
NonMaxSuppression and NonMaxSuppressionV2, ClipByValue, MulNoNan, ApproximateEqual, AccumulateNV2,
PopulationCount, NthElement, InplaceAdd/Sub/Update, DataFormatDimMap, DataFormatVecPermute and Empty:
TF's shape rules, kernels and gradients, reusing the newer ops' kernels where the behaviour is theirs.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value
from tfsess.framework.registry import lookup, register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, constant_op, image_nms, logic_ops, math_ops, nn_ops, pool_ops, reduction_ops
from tfsess.ops._infer import (INDEX, INTEGER, REAL, check_dtype, check_same_dtype, fmt_shape, host, nary_same,
                               same_as_input)
from tfsess.ops.gradient_sums import broadcast_gradients
from tfsess.ops.legacy_aliases import OpView

__all__ = []

_REGISTERING = (image_nms, nn_ops, pool_ops)  # the newer types exist before the old ones that run their kernels


def _first(op):
    return op.outputs[0]


# ------------------------------------------------------------------ MaxPoolV2 and its gradients
def _pool_attrs(ksize, strides, attrs):
    return {**attrs, "ksize": [int(v) for v in host(ksize).reshape(-1)],
            "strides": [int(v) for v in host(strides).reshape(-1)]}


def _max_pool_v2_infer(inputs, attrs):
    x, ksize, strides = inputs
    k, s = constant_value(ksize), constant_value(strides)
    if k is None or s is None:
        return [(x.dtype.base_dtype, unknown_shape())]  # TF gives up on the rank too
    return lookup("MaxPool").infer([x], _pool_attrs(k, s, attrs))


@register_op("MaxPoolV2", infer=_max_pool_v2_infer)
def _max_pool_v2(xp, x, ksize, strides, **attrs):
    return lookup("MaxPool").kernel(xp, x, **_pool_attrs(ksize, strides, attrs))


def _pool_op_attrs(op):
    return {"T": op.inputs[0].dtype.base_dtype, "padding": op._attr("padding"),  # str, as the op holds them
            "data_format": op._attr("data_format")}


@_max_pool_v2.gradient
def _max_pool_v2_grad(op, grad):
    x, ksize, strides = op.inputs
    return [_first(apply_op("MaxPoolGradV2", [x, op.outputs[0], grad, ksize, strides], _pool_op_attrs(op))),
            None, None]


@register_op("MaxPoolGradV2", infer=same_as_input(0))
def _max_pool_grad_v2(xp, orig_input, orig_output, grad, ksize, strides, **attrs):
    return lookup("MaxPoolGrad").kernel(xp, orig_input, orig_output, grad, **_pool_attrs(ksize, strides, attrs))


@_max_pool_grad_v2.gradient
def _max_pool_grad_v2_grad(op, grad):
    orig_input, orig_output, _, ksize, strides = op.inputs
    return [array_ops.zeros_like(orig_input), array_ops.zeros_like(orig_output),
            _first(apply_op("MaxPoolGradGradV2", [orig_input, orig_output, grad, ksize, strides],
                            _pool_op_attrs(op))), None, None]


@register_op("MaxPoolGradGradV2", infer=same_as_input(1))
def _max_pool_grad_grad_v2(xp, orig_input, orig_output, grad, ksize, strides, **attrs):
    return lookup("MaxPoolGradGrad").kernel(xp, orig_input, orig_output, grad,
                                            **_pool_attrs(ksize, strides, attrs))


# ------------------------------------------------------------------ TopK, InTopK: k as an attr
def _k_input(op):
    return constant_op.constant(np.int32(op.get_attr("k")))


def _top_k_infer(inputs, attrs):
    x, k = inputs[0], int(attrs["k"])
    check_dtype(x, REAL, "input")
    if k < 0:
        raise ValueError(f"Need k >= 0, got {k}")
    if x.shape.ndims == 0:
        raise ValueError("Shape must be at least rank 1 but is rank 0 for 'TopK' with input shapes: [].")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape()), (dtypes.int32, unknown_shape())]
    dims = list(x.shape.as_tuple_or_none())
    if dims[-1] is not None and dims[-1] < k:
        raise ValueError(f"input must have last dimension >= k = {k} but is {dims[-1]} for 'TopK' with input "
                         f"shapes: {fmt_shape(x.shape)}.")
    return [(x.dtype.base_dtype, TensorShape(dims[:-1] + [k])), (dtypes.int32, TensorShape(dims[:-1] + [k]))]


@register_op("TopK", infer=_top_k_infer)
def _top_k_v1(xp, x, *, k, sorted=True):  # noqa: A002 - TF's attr name
    return lookup("TopKV2").kernel(xp, x, np.int32(k), sorted=sorted)


@_top_k_v1.gradient
def _top_k_v1_grad(op, grad, indices_grad):
    return lookup("TopKV2").grad(OpView(op, [op.inputs[0], _k_input(op)], {}), grad, indices_grad)[:1]


def _in_top_k_infer(inputs, attrs):
    predictions, targets = inputs
    check_dtype(predictions, (dtypes.float32,), "predictions")
    check_dtype(targets, INDEX, "targets")
    for t, rank in ((predictions, 2), (targets, 1)):
        if t.shape.ndims not in (None, rank):
            raise ValueError(f"Shape must be rank {rank} but is rank {t.shape.ndims} for 'InTopK' with input shapes: "
                             f"{fmt_shape(predictions.shape)}, {fmt_shape(targets.shape)}.")
    batch = predictions.shape[0].value if predictions.shape.ndims == 2 else None
    count = targets.shape[0].value if targets.shape.ndims == 1 else None
    if batch is not None and count is not None and batch != count:
        raise ValueError(f"Dimensions must be equal, but are {batch} and {count} for 'InTopK' with input shapes: "
                         f"{fmt_shape(predictions.shape)}, {fmt_shape(targets.shape)}.")
    return [(dtypes.bool, TensorShape([batch if batch is not None else count]))]


@register_op("InTopK", infer=_in_top_k_infer)
def _in_top_k_v1(xp, predictions, targets, *, k):
    return lookup("InTopKV2").kernel(xp, predictions, targets, k)


# ------------------------------------------------------------------ NonMaxSuppression v1, V2
def _nms_infer(inputs, attrs):
    boxes, scores = inputs[:2]
    check_dtype(boxes, (dtypes.float32, dtypes.float16), "boxes")
    if boxes.shape.ndims not in (None, 2):
        raise ValueError(f"Shape must be rank 2 but is rank {boxes.shape.ndims} for 'NonMaxSuppression' with input "
                         f"shapes: {', '.join(fmt_shape(t.shape) for t in inputs)}.")
    if scores.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {scores.shape.ndims} for 'NonMaxSuppression' with "
                         f"input shapes: {', '.join(fmt_shape(t.shape) for t in inputs)}.")
    return [(dtypes.int32, TensorShape([None]))]


_NO_SCORE_FLOOR = np.float32(-np.inf)


@register_op("NonMaxSuppression", infer=_nms_infer, no_gradient=True)
def _nms_v1(xp, boxes, scores, max_output_size, *, iou_threshold=0.5):
    return lookup("NonMaxSuppressionV3").kernel(xp, boxes, scores, max_output_size, np.float32(iou_threshold),
                                                _NO_SCORE_FLOOR)


@register_op("NonMaxSuppressionV2", infer=_nms_infer, no_gradient=True)
def _nms_v2(xp, boxes, scores, max_output_size, iou_threshold):
    return lookup("NonMaxSuppressionV3").kernel(xp, boxes, scores, max_output_size, iou_threshold,
                                                _NO_SCORE_FLOOR.astype(np.asarray(iou_threshold).dtype))


# ------------------------------------------------------------------ elementwise odds
def _clip_infer(inputs, attrs):
    t, low, high = inputs
    check_same_dtype(inputs, "ClipByValue", names=("t", "clip_value_min", "clip_value_max"))
    for bound in (low, high):
        if bound.shape.ndims not in (None, 0) and not bound.shape.is_compatible_with(t.shape):
            raise ValueError(f"Shapes must be equal rank, but are {bound.shape.ndims} and {t.shape.ndims} for "
                             f"'ClipByValue' with input shapes: {', '.join(fmt_shape(x.shape) for x in inputs)}.")
    return [(t.dtype.base_dtype, t.shape)]


def _dims(value):
    return "[" + ",".join(str(d) for d in np.shape(value)) + "]"


@register_op("ClipByValue", infer=_clip_infer)
def _clip_by_value(xp, t, low, high):
    for bound in (low, high):
        if np.ndim(bound) != 0 and np.shape(bound) != np.shape(t):
            raise errors.InvalidArgumentError(
                None, None, "clip_value_min and clip_value_max must be either of the same shape as input, or a "
                f"scalar. input shape: {_dims(t)}clip_value_min shape: {_dims(low)}clip_value_max shape: "
                f"{_dims(high)}")
    return xp.minimum(xp.maximum(t, low), high).astype(t.dtype, copy=False)


@_clip_by_value.gradient
def _clip_by_value_grad(op, grad):
    x, low, high = op.inputs
    zeros = array_ops.zeros_like(grad)
    below, above = logic_ops.less(x, low), logic_ops.greater(x, high)
    x_grad = logic_ops.select_v2(logic_ops.logical_or(below, above), zeros, grad)
    low_grad = broadcast_gradients(x, low, x_grad, logic_ops.select_v2(below, grad, zeros))[1]
    high_grad = broadcast_gradients(x, high, x_grad, logic_ops.select_v2(above, grad, zeros))[1]
    return [x_grad, low_grad, high_grad]


def _binary_same_infer(op_type, allowed):
    def infer(inputs, attrs):
        check_dtype(inputs[0], allowed, "x")
        dtype = check_same_dtype(inputs, op_type)
        return [(dtype, lookup("Mul").infer(inputs, attrs)[0][1])]
    return infer


@register_op("MulNoNan", infer=_binary_same_infer("MulNoNan", (dtypes.float16, dtypes.bfloat16, dtypes.float32,
                                                                dtypes.float64, dtypes.complex64, dtypes.complex128)))
def _mul_no_nan(xp, x, y):
    with np.errstate(all="ignore"):
        product = xp.multiply(x, y)
    return xp.where(y == 0, xp.zeros((), product.dtype), product)


@_mul_no_nan.gradient
def _mul_no_nan_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, _first(apply_op("MulNoNan", [grad, y], {"T": x.dtype.base_dtype})),
                                    _first(apply_op("MulNoNan", [x, grad], {"T": x.dtype.base_dtype}))))


def _approximate_equal_infer(inputs, attrs):
    x, y = inputs
    check_same_dtype(inputs, "ApproximateEqual")
    if not x.shape.is_compatible_with(y.shape):
        raise ValueError(f"Dimensions must be equal for 'ApproximateEqual' with input shapes: {fmt_shape(x.shape)}, "
                         f"{fmt_shape(y.shape)}.")
    return [(dtypes.bool, x.shape.merge_with(y.shape))]


@register_op("ApproximateEqual", infer=_approximate_equal_infer, no_gradient=True)
def _approximate_equal(xp, x, y, *, tolerance=1e-5):
    if np.shape(x) != np.shape(y):
        raise errors.InvalidArgumentError(None, None, f"x and y must be of the same shape. x shape: "
                                          f"{list(np.shape(x))}. y shape: {list(np.shape(y))}")
    return xp.abs(x - y) < np.asarray(tolerance).astype(np.asarray(x).real.dtype)


def _accumulate_infer(inputs, attrs):
    [(dtype, shape)] = nary_same("AccumulateNV2")(inputs, attrs)
    declared = attrs.get("shape")
    if declared is not None:
        shape = shape.merge_with(TensorShape(declared)) if shape.is_compatible_with(TensorShape(declared)) else shape
    return [(dtype, shape)]


@register_op("AccumulateNV2", infer=_accumulate_infer)
def _accumulate_n_v2(xp, *inputs):
    return lookup("AddN").kernel(xp, *inputs)


@_accumulate_n_v2.gradient
def _accumulate_n_v2_grad(op, grad):
    return [grad] * len(op.inputs)


@register_op("PopulationCount", infer=lambda inputs, attrs: [(check_dtype(inputs[0], INTEGER, "x") and dtypes.uint8,
                                                               inputs[0].shape)], no_gradient=True)
def _population_count(xp, x):
    values = np.ascontiguousarray(host(x))
    bits = np.unpackbits(values.view(np.uint8).reshape(values.shape + (values.dtype.itemsize,)), axis=-1)
    return xp.asarray(bits.sum(axis=-1, dtype=np.uint8))


# ------------------------------------------------------------------ NthElement
def _nth_infer(inputs, attrs):
    x, n = inputs
    check_dtype(n, (dtypes.int32,), "n")
    if x.shape.ndims == 0:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'NthElement' with input shapes: [], "
                         f"{fmt_shape(n.shape)}.")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    dims = list(x.shape.as_tuple_or_none())
    nv = constant_value(n)
    if nv is not None and dims[-1] is not None and int(nv) >= dims[-1]:
        raise ValueError(f"Input must have last dimension > n = {int(nv)} for 'NthElement' with input shapes: "
                         f"{fmt_shape(x.shape)}, [].")
    return [(x.dtype.base_dtype, TensorShape(dims[:-1]))]


@register_op("NthElement", infer=_nth_infer)
def _nth_element(xp, x, n, *, reverse=False):
    n = int(n)
    if n < 0:
        raise errors.InvalidArgumentError(None, None, f"Need n >= 0, got {n}")
    if x.shape[-1] <= n:
        raise errors.InvalidArgumentError(None, None, "Input must have at least n+1 columns")
    position = x.shape[-1] - 1 - n if reverse else n
    return xp.partition(x, position, axis=-1)[..., position]


@_nth_element.gradient
def _nth_element_grad(op, grad):
    x, out = op.inputs[0], op.outputs[0]
    hits = math_ops.cast(logic_ops.equal(array_ops.expand_dims(out, -1), x), grad.dtype)
    count = reduction_ops.reduce_sum(hits, -1, keepdims=True)
    return [math_ops.divide(hits, count) * array_ops.expand_dims(grad, -1), None]
