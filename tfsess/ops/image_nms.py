"""Non-max suppression: NonMaxSuppressionV3/V4/V5 (hard and soft-NMS over boxes),
NonMaxSuppressionWithOverlaps (over a given overlap matrix) and CombinedNonMaxSuppression (per class,
then across classes, batched), with tf.image's wrappers.

The kernels follow TF's greedy loop: candidates above the score threshold leave a priority queue by
score (ties: lower box index first); a candidate is compared with the boxes selected since it was
last examined, scaled by exp(-0.5 * iou^2 / sigma) in soft-NMS (re-queued when its score dropped) or
dropped when an overlap passes the threshold. IoU is computed in float32 as TF's IOU() does.
"""
from __future__ import annotations

import heapq

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, functional_ops, indexing_ops, stack_ops
from tfsess.ops._infer import check_dtype, fmt_shape

_BOX_TYPES = (dtypes.float16, dtypes.float32)


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _scalar_input(tensor, what):
    if tensor.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {tensor.shape.ndims} for {what} with input shapes: "
                         f"{fmt_shape(tensor.shape)}.")


def _check_boxes_scores(boxes, scores, op_type):
    if boxes.shape.ndims not in (None, 2):
        raise ValueError(f"Shape must be rank 2 but is rank {boxes.shape.ndims} for '{op_type}' (op: boxes) with "
                         f"input shapes: {fmt_shape(boxes.shape)}.")
    if scores.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {scores.shape.ndims} for '{op_type}' (op: scores) with "
                         f"input shapes: {fmt_shape(scores.shape)}.")
    if boxes.shape.ndims == 2 and boxes.shape.dims[1].value not in (None, 4):
        raise ValueError(f"Dimension must be 4 but is {boxes.shape.dims[1].value} for '{op_type}' with input "
                         f"shapes: {fmt_shape(boxes.shape)}, {fmt_shape(scores.shape)}.")
    n_boxes = boxes.shape.dims[0].value if boxes.shape.ndims == 2 else None
    n_scores = scores.shape.dims[0].value if scores.shape.ndims == 1 else None
    if None not in (n_boxes, n_scores) and n_boxes != n_scores:
        raise ValueError(f"Dimensions must be equal, but are {n_boxes} and {n_scores} for '{op_type}' with input "
                         f"shapes: {fmt_shape(boxes.shape)}, {fmt_shape(scores.shape)}.")


def _selected_shape(max_output_size, pad):
    size = constant_value(max_output_size) if pad else None
    return TensorShape([int(size) if size is not None else None])


def _nms_infer(op_type, outputs):
    def infer(inputs, attrs):
        boxes, scores = inputs[:2]
        check_dtype(boxes, _BOX_TYPES, "boxes")
        if scores.dtype.base_dtype != boxes.dtype.base_dtype:
            raise TypeError(f"Input 'scores' of '{op_type}' Op has type {scores.dtype.base_dtype.name} that does not "
                            f"match type {boxes.dtype.base_dtype.name} of argument 'boxes'.")
        _check_boxes_scores(boxes, scores, op_type)
        for t, what in zip(inputs[2:], ("max_output_size", "iou_threshold", "score_threshold", "soft_nms_sigma")):
            _scalar_input(t, what)
        selected = _selected_shape(inputs[2], attrs.get("pad_to_max_output_size", False))
        specs = [(dtypes.int32, selected)]
        if outputs == 3:
            specs.append((boxes.dtype.base_dtype, selected))
        if outputs > 1:
            specs.append((dtypes.int32, TensorShape([])))
        return specs
    return infer


def _iou_from_corners(ymin, xmin, ymax, xmax, i, others):
    area_i = (ymax[i] - ymin[i]) * (xmax[i] - xmin[i])
    area_j = (ymax[others] - ymin[others]) * (xmax[others] - xmin[others])
    inter_h = np.maximum(np.minimum(ymax[i], ymax[others]) - np.maximum(ymin[i], ymin[others]), np.float32(0))
    inter_w = np.maximum(np.minimum(xmax[i], xmax[others]) - np.maximum(xmin[i], xmin[others]), np.float32(0))
    inter = inter_h * inter_w
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = inter / (area_i + area_j - inter)
    return np.where((area_i <= 0) | (area_j <= 0), np.float32(0), iou).astype(np.float32)


def _box_similarity(boxes):
    b = np.asarray(boxes).astype(np.float32)
    corners = (np.minimum(b[:, 0], b[:, 2]), np.minimum(b[:, 1], b[:, 3]),
               np.maximum(b[:, 0], b[:, 2]), np.maximum(b[:, 1], b[:, 3]))
    return lambda i, others: _iou_from_corners(*corners, i, others)


def greedy_nms(similarity, scores, max_output_size, threshold, score_threshold, soft_nms_sigma=0.0):
    """(selected indices, their scores) of TF's greedy NMS loop; similarity(i, js) -> overlaps of i with js."""
    scores = np.asarray(scores, np.float32)
    threshold, score_threshold = np.float32(threshold), np.float32(score_threshold)
    soft = soft_nms_sigma > 0
    scale = np.float32(-0.5 / soft_nms_sigma) if soft else np.float32(0)
    queue = [(-float(s), i, 0) for i, s in enumerate(scores) if s > score_threshold]
    heapq.heapify(queue)
    selected, selected_scores = [], []
    while len(selected) < max_output_size and queue:
        neg_score, index, begin = heapq.heappop(queue)
        original = score = np.float32(-neg_score)
        suppressed = False
        if begin < len(selected):
            sims = similarity(index, np.array(selected[begin:][::-1]))  # newest first, as TF walks them
            for sim in sims:
                weight = np.exp(scale * sim * sim, dtype=np.float32) if sim <= threshold else np.float32(0)
                score = np.float32(score * weight)
                if not soft and sim > threshold:
                    suppressed = True
                    break
                if score <= score_threshold:
                    break
        if suppressed:
            continue
        if score == original:
            selected.append(index)
            selected_scores.append(score)
        elif score > score_threshold:
            heapq.heappush(queue, (-float(score), index, len(selected)))
    return np.array(selected, np.int32), np.array(selected_scores, np.float32)


def _check_run(max_output_size, iou_threshold, boxes=None, scores=None, threshold_name="iou_threshold"):
    if np.ndim(max_output_size) != 0:
        raise _invalid(f"max_output_size must be 0-D, got shape {list(np.shape(max_output_size))}")
    if int(max_output_size) < 0:
        raise _invalid("output size must be non-negative")
    if threshold_name == "iou_threshold" and not 0.0 <= float(iou_threshold) <= 1.0:
        raise _invalid("iou_threshold must be in [0, 1]")
    if boxes is not None:
        if boxes.ndim != 2 or boxes.shape[1] != 4:
            raise _invalid(f"boxes must be 2-D with 4 columns, got shape {list(boxes.shape)}")
        if scores.ndim != 1 or scores.shape[0] != boxes.shape[0]:
            raise _invalid(f"scores has incompatible shape {list(scores.shape)} for {boxes.shape[0]} boxes")


def _padded(values, size, pad):
    if not pad or len(values) >= size:
        return values
    return np.concatenate([values, np.zeros(size - len(values), values.dtype)])


@register_op("NonMaxSuppressionV3", infer=_nms_infer("NonMaxSuppressionV3", 1), gpu=False, no_gradient=True)
def _nms_v3(xp, boxes, scores, max_output_size, iou_threshold, score_threshold):
    _check_run(max_output_size, iou_threshold, boxes, scores)
    selected, _ = greedy_nms(_box_similarity(boxes), scores, int(max_output_size), iou_threshold, score_threshold)
    return selected


@register_op("NonMaxSuppressionV4", infer=_nms_infer("NonMaxSuppressionV4", 2), gpu=False, no_gradient=True)
def _nms_v4(xp, boxes, scores, max_output_size, iou_threshold, score_threshold, *, pad_to_max_output_size=False):
    _check_run(max_output_size, iou_threshold, boxes, scores)
    selected, _ = greedy_nms(_box_similarity(boxes), scores, int(max_output_size), iou_threshold, score_threshold)
    return _padded(selected, int(max_output_size), pad_to_max_output_size), np.int32(len(selected))


@register_op("NonMaxSuppressionV5", infer=_nms_infer("NonMaxSuppressionV5", 3), gpu=False, no_gradient=True)
def _nms_v5(xp, boxes, scores, max_output_size, iou_threshold, score_threshold, soft_nms_sigma, *,
            pad_to_max_output_size=False):
    _check_run(max_output_size, iou_threshold, boxes, scores)
    if float(soft_nms_sigma) < 0:
        raise _invalid("soft_nms_sigma must be non-negative")
    selected, kept = greedy_nms(_box_similarity(boxes), scores, int(max_output_size), iou_threshold,
                                score_threshold, float(soft_nms_sigma))
    size = int(max_output_size)
    return (_padded(selected, size, pad_to_max_output_size),
            _padded(kept.astype(scores.dtype), size, pad_to_max_output_size), np.int32(len(selected)))


def _overlaps_infer(inputs, attrs):
    overlaps, scores = inputs[:2]
    check_dtype(overlaps, (dtypes.float32,), "overlaps")
    check_dtype(scores, (dtypes.float32,), "scores")
    if overlaps.shape.ndims not in (None, 2):
        raise ValueError(f"Shape must be rank 2 but is rank {overlaps.shape.ndims} for overlaps with input shapes: "
                         f"{fmt_shape(overlaps.shape)}.")
    if scores.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {scores.shape.ndims} for scores with input shapes: "
                         f"{fmt_shape(scores.shape)}.")
    for t, what in zip(inputs[2:], ("max_output_size", "overlap_threshold", "score_threshold")):
        _scalar_input(t, what)
    return [(dtypes.int32, TensorShape([None]))]


@register_op("NonMaxSuppressionWithOverlaps", infer=_overlaps_infer, gpu=False, no_gradient=True)
def _nms_with_overlaps(xp, overlaps, scores, max_output_size, overlap_threshold, score_threshold):
    _check_run(max_output_size, overlap_threshold, threshold_name="overlap_threshold")
    if overlaps.ndim != 2 or overlaps.shape[0] != overlaps.shape[1]:
        raise _invalid(f"overlaps must be square, got shape {list(overlaps.shape)}")
    if scores.ndim != 1 or scores.shape[0] != overlaps.shape[0]:
        raise _invalid(f"scores has incompatible shape {list(scores.shape)} for {overlaps.shape[0]} boxes")
    table = np.asarray(overlaps, np.float32)
    selected, _ = greedy_nms(lambda i, js: table[i, js], scores, int(max_output_size), overlap_threshold,
                             score_threshold)
    return selected


# ------------------------------------------------------------------ combined (batched, per class)
def _combined_sizes(per_class, total, num_classes, pad_per_class):
    return min(per_class * num_classes, total) if pad_per_class else total


def _combined_infer(inputs, attrs):
    boxes, scores, per_class, total = inputs[:4]
    check_dtype(boxes, (dtypes.float32,), "boxes")
    check_dtype(scores, (dtypes.float32,), "scores")
    if boxes.shape.ndims not in (None, 4):
        raise ValueError(f"Shape must be rank 4 but is rank {boxes.shape.ndims} for boxes with input shapes: "
                         f"{fmt_shape(boxes.shape)}.")
    if scores.shape.ndims not in (None, 3):
        raise ValueError(f"Shape must be rank 3 but is rank {scores.shape.ndims} for scores with input shapes: "
                         f"{fmt_shape(scores.shape)}.")
    for t, what in zip(inputs[2:], ("max_output_size_per_class", "max_total_size", "iou_threshold",
                                    "score_threshold")):
        _scalar_input(t, what)
    batch = boxes.shape.dims[0].value if boxes.shape.ndims == 4 else None
    if batch is None and scores.shape.ndims == 3:
        batch = scores.shape.dims[0].value
    per_class_v, total_v = constant_value(per_class), constant_value(total)
    classes = scores.shape.dims[2].value if scores.shape.ndims == 3 else None
    detections = None
    if total_v is not None and (not attrs.get("pad_per_class", False)):
        detections = int(total_v)
    elif None not in (total_v, per_class_v, classes):
        detections = _combined_sizes(int(per_class_v), int(total_v), classes, True)
    return [(dtypes.float32, TensorShape([batch, detections, 4])), (dtypes.float32, TensorShape([batch, detections])),
            (dtypes.float32, TensorShape([batch, detections])), (dtypes.int32, TensorShape([batch]))]


@register_op("CombinedNonMaxSuppression", infer=_combined_infer, gpu=False, no_gradient=True)
def _combined_nms(xp, boxes, scores, max_output_size_per_class, max_total_size, iou_threshold, score_threshold, *,
                  pad_per_class=False, clip_boxes=True):
    if boxes.ndim != 4 or scores.ndim != 3 or boxes.shape[3] != 4:
        raise _invalid(f"boxes must be [batch, num_boxes, q, 4] and scores [batch, num_boxes, num_classes], got "
                       f"{list(boxes.shape)} and {list(scores.shape)}")
    batch, num_boxes, q, _ = boxes.shape
    num_classes = scores.shape[2]
    if scores.shape[:2] != (batch, num_boxes):
        raise _invalid(f"scores {list(scores.shape)} do not match boxes {list(boxes.shape)}")
    if q not in (1, num_classes):
        raise _invalid("third dimension of boxes must be either 1 or num classes")
    per_class, total = int(max_output_size_per_class), int(max_total_size)
    if per_class <= 0:
        raise _invalid("max_size_per_class must be positive")
    if total <= 0:
        raise _invalid("max_total_size must be > 0")
    if not 0.0 <= float(iou_threshold) <= 1.0:
        raise _invalid("iou_threshold must be in [0, 1]")
    size = _combined_sizes(per_class, total, num_classes, pad_per_class)
    out_boxes = np.zeros((batch, size, 4), np.float32)
    out_scores, out_classes = np.zeros((batch, size), np.float32), np.zeros((batch, size), np.float32)
    valid = np.zeros(batch, np.int32)
    for b in range(batch):
        found = []  # (score, class, box coordinates), class by class in selection order
        for c in range(num_classes):
            class_boxes = boxes[b, :, c if q > 1 else 0, :]
            chosen, kept = greedy_nms(_box_similarity(class_boxes), scores[b, :, c], per_class, iou_threshold,
                                      score_threshold)
            found += [(s, c, class_boxes[i]) for i, s in zip(chosen, kept)]
        found.sort(key=lambda item: -item[0])  # stable: ties keep class order
        found = found[:size]
        valid[b] = len(found)
        for k, (s, c, coords) in enumerate(found):
            out_boxes[b, k] = np.clip(coords, 0.0, 1.0) if clip_boxes else coords
            out_scores[b, k], out_classes[b, k] = s, c
    return out_boxes, out_scores, out_classes, valid


# ------------------------------------------------------------------ public API
def _thresholds(iou_threshold, score_threshold, dtype):
    return (convert_to_tensor(iou_threshold, dtype, name="iou_threshold"),
            convert_to_tensor(score_threshold, dtype, name="score_threshold"))


def _boxes_scores(boxes, scores):
    boxes = convert_to_tensor(boxes, name="boxes")
    return boxes, convert_to_tensor(scores, boxes.dtype.base_dtype, name="scores")


def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                        name=None):
    """Indices (int32 [M], M <= max_output_size) of the boxes greedy NMS keeps, by descending score.

    Boxes are [num_boxes, 4] as [y1, x1, y2, x2] (any diagonal corners); a box overlapping a kept box
    with IoU > iou_threshold is dropped, as are scores <= score_threshold.
    """
    with op_scope(name, "non_max_suppression"):
        boxes, scores = _boxes_scores(boxes, scores)
        iou, score = _thresholds(iou_threshold, score_threshold, dtypes.float32)
        max_output_size = convert_to_tensor(max_output_size, dtypes.int32, name="max_output_size")
        return apply_op("NonMaxSuppressionV3", [boxes, scores, max_output_size, iou, score]).outputs[0]


def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0, name=None):
    """(selected indices, their scores): greedy NMS, soft-NMS when soft_nms_sigma > 0 (scores decay by
    exp(-0.5 * iou^2 / sigma) and a box is kept while its decayed score passes score_threshold)."""
    with op_scope(name, "non_max_suppression_with_scores"):
        boxes, scores = _boxes_scores(boxes, scores)
        dtype = boxes.dtype.base_dtype
        iou, score = _thresholds(iou_threshold, score_threshold, dtype)
        sigma = convert_to_tensor(soft_nms_sigma, dtype, name="soft_nms_sigma")
        max_output_size = convert_to_tensor(max_output_size, dtypes.int32, name="max_output_size")
        op = apply_op("NonMaxSuppressionV5", [boxes, scores, max_output_size, iou, score, sigma],
                      {"pad_to_max_output_size": False})
        return op.outputs[0], op.outputs[1]


def non_max_suppression_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
                                 score_threshold=float("-inf"), name=None):
    """Greedy NMS over a [num_boxes, num_boxes] overlap matrix: a box overlapping a kept one by more
    than overlap_threshold is dropped."""
    with op_scope(name, "non_max_suppression_overlaps"):
        overlaps = convert_to_tensor(overlaps, name="overlaps")
        scores = convert_to_tensor(scores, name="scores")
        threshold = convert_to_tensor(overlap_threshold, dtypes.float32, name="overlap_threshold")
        score = convert_to_tensor(score_threshold, dtypes.float32, name="score_threshold")
        max_output_size = convert_to_tensor(max_output_size, dtypes.int32, name="max_output_size")
        return apply_op("NonMaxSuppressionWithOverlaps",
                        [overlaps, scores, max_output_size, threshold, score]).outputs[0]


def _padded_one(boxes, scores, max_output_size, iou, score):
    op = apply_op("NonMaxSuppressionV4", [boxes, scores, max_output_size, iou, score],
                  {"pad_to_max_output_size": True})
    return op.outputs[0], op.outputs[1]


def non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5, score_threshold=float("-inf"),
                               pad_to_max_output_size=False, name=None, sorted_input=False,
                               canonicalized_coordinates=False, tile_size=512):
    """(indices, number valid) of greedy NMS, for one image ([num_boxes, 4]) or a batch ([..., num_boxes, 4]).

    With pad_to_max_output_size the indices are zero-padded to max_output_size (required for a
    batch); sorted_input, canonicalized_coordinates and tile_size only tune TF's tiled algorithm,
    whose selections are the greedy ones.

    Raises:
      ValueError: pad_to_max_output_size False with batched boxes.
    """
    del sorted_input, canonicalized_coordinates, tile_size  # the greedy loop selects the same boxes
    with op_scope(name, "non_max_suppression_padded"):
        boxes, scores = _boxes_scores(boxes, scores)
        rank = boxes.shape.ndims
        if not pad_to_max_output_size and rank is not None and rank > 2:
            raise ValueError(f"'pad_to_max_output_size' (value {pad_to_max_output_size}) must be True for "
                             f"batched input")
        iou, score = _thresholds(iou_threshold, score_threshold, dtypes.float32)
        max_output_size = convert_to_tensor(max_output_size, dtypes.int32, name="max_output_size")
        if rank == 2:
            idx, num_valid = _padded_one(boxes, scores, max_output_size, iou, score)
            if not pad_to_max_output_size:
                return indexing_ops.slice_(idx, [0], array_ops.reshape(num_valid, [1])), num_valid
            return idx, num_valid
        batch_shape = array_ops.shape(boxes)[:-2]
        flat_boxes = array_ops.reshape(boxes, stack_ops.concat([[-1], array_ops.shape(boxes)[-2:]], 0))
        flat_scores = array_ops.reshape(scores, stack_ops.concat([[-1], array_ops.shape(scores)[-1:]], 0))
        idx, num_valid = functional_ops.map_fn(
            lambda pair: _padded_one(pair[0], pair[1], max_output_size, iou, score), (flat_boxes, flat_scores),
            dtype=(dtypes.int32, dtypes.int32))
        idx = array_ops.reshape(idx, stack_ops.concat([batch_shape, array_ops.reshape(max_output_size, [1])], 0))
        return idx, array_ops.reshape(num_valid, batch_shape)


def combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size, iou_threshold=0.5,
                                 score_threshold=float("-inf"), pad_per_class=False, clip_boxes=True, name=None):
    """Per-class greedy NMS over a batch, then the max_total_size best across classes.

    boxes: [batch, num_boxes, q, 4] (q = 1: shared by every class); scores: [batch, num_boxes,
    num_classes]. Returns (nmsed_boxes, nmsed_scores, nmsed_classes, valid_detections), zero-padded.
    """
    with op_scope(name, "combined_non_max_suppression"):
        boxes = convert_to_tensor(boxes, dtypes.float32, name="boxes")
        scores = convert_to_tensor(scores, dtypes.float32, name="scores")
        iou, score = _thresholds(iou_threshold, score_threshold, dtypes.float32)
        per_class = convert_to_tensor(max_output_size_per_class, dtypes.int32, name="max_output_size_per_class")
        total = convert_to_tensor(max_total_size, dtypes.int32, name="max_total_size")
        op = apply_op("CombinedNonMaxSuppression", [boxes, scores, per_class, total, iou, score],
                      {"pad_per_class": bool(pad_per_class), "clip_boxes": bool(clip_boxes)})
        return tuple(op.outputs)


__all__ = ["combined_non_max_suppression", "non_max_suppression", "non_max_suppression_overlaps",
           "non_max_suppression_padded", "non_max_suppression_with_scores"]
