"""TF1's losses_impl (the tf.losses namespace): per-example losses reduced by weights.

Each loss builds its per-example losses, then `compute_weighted_loss` multiplies by `weights`,
reduces (by default SUM_BY_NONZERO_WEIGHTS: the weighted sum over the number of non-zero
weights) and adds the result to the LOSSES collection.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import array_ops, constant_op, indexing_ops, logic_ops, math_ops, nn_impl, nn_ops, reduction_ops, softmax_ops, unary_ops
from tfsess.ops.variables import GraphKeys
from tfsess.ops.weights_broadcast_ops import assert_broadcastable, broadcast_weights


class Reduction:
    """How a loss is reduced over its elements (tf.losses.Reduction)."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls):
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


# ------------------------------------------------------------------ collections
def add_loss(loss, loss_collection=GraphKeys.LOSSES):
    """Adds `loss` to the collection `loss_collection` (tf.losses.add_loss)."""
    if loss_collection:
        get_default_graph().add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=GraphKeys.LOSSES):
    """The losses in `loss_collection`, filtered by `scope`."""
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None):
    return get_default_graph().get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses, or a 0.0 constant when there are none."""
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return constant_op.constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """add_n of the LOSSES collection (and the regularization losses). Raises ValueError if there are none."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    if not losses:
        raise ValueError("No losses to add (the LOSSES collection is empty).")
    return math_ops.add_n(losses, name=name)


# ------------------------------------------------------------------ weighting and reduction
def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """`losses * weights`, reduced by `reduction`, cast back to the losses' dtype and collected.

    Raises:
        ValueError: an unknown reduction, or weights that cannot broadcast to the losses.
    """
    Reduction.validate(reduction)
    with op_scope(scope, "weighted_loss", [losses, weights]):
        graph = get_default_graph()
        graph._last_loss_reduction = reduction
        losses = convert_to_tensor(losses)
        with graph.control_dependencies([assert_broadcastable(weights, losses)]):
            input_dtype = losses.dtype.base_dtype
            losses = math_ops.cast(losses, dtypes.float32)
            weights = math_ops.cast(weights, dtypes.float32)
            weighted = math_ops.multiply(losses, weights)
            if reduction == Reduction.NONE:
                loss = weighted
            else:
                loss = reduction_ops.reduce_sum(weighted)
                if reduction == Reduction.MEAN:
                    loss = _safe_mean(loss, reduction_ops.reduce_sum(array_ops.ones_like(losses) * weights))
                elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                    loss = _safe_mean(loss, _num_present(losses, weights))
                elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                    loss = _safe_mean(loss, _num_elements(losses))
            loss = math_ops.cast(loss, input_dtype)
            add_loss(loss, loss_collection)
            return loss


def _safe_mean(total, count):
    """total / count, 0 where count is 0 (TF's div_no_nan named "value")."""
    div_no_nan = getattr(math_ops, "div_no_nan", None)
    if div_no_nan is not None:
        return div_no_nan(reduction_ops.reduce_sum(total), count, name="value")
    total = reduction_ops.reduce_sum(total)
    safe = indexing_ops.where(logic_ops.equal(count, 0.0), array_ops.ones_like(count), count)
    return indexing_ops.where(logic_ops.equal(count, 0.0), array_ops.zeros_like(total), total / safe, name="value")


def _num_present(losses, weights):
    """The number of loss elements whose (broadcast) weight is non-zero, as float32."""
    with op_scope(None, "num_present", [losses, weights]) as scope:
        weights = math_ops.cast(weights, dtypes.float32)
        present = indexing_ops.where(logic_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                  array_ops.ones_like(weights))
        present = broadcast_weights(present, losses)
        return reduction_ops.reduce_sum(present, name=scope)


def _num_elements(losses):
    with op_scope(None, "num_elements", [losses]) as scope:
        return math_ops.cast(array_ops.size(losses, name=scope), losses.dtype.base_dtype)


def _check_args(labels, predictions, names=("labels", "predictions")):
    """Raises ValueError naming the first of the two arguments that is None."""
    for value, name in zip((labels, predictions), names):
        if value is None:
            raise ValueError(f"Argument `{name}` must not be None.")


def _cast_float32_pair(predictions, labels):
    """Both cast to float32 (predictions first); ValueError if their static shapes do not match."""
    predictions = math_ops.cast(predictions, dtypes.float32)
    labels = math_ops.cast(labels, dtypes.float32)
    predictions.shape.assert_is_compatible_with(labels.shape)
    return predictions, labels


# ------------------------------------------------------------------ the losses
def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted (predictions - labels)**2, reduced (tf.losses.mean_squared_error).

    Raises:
        ValueError: None arguments, or shapes of labels and predictions that do not match.
    """
    _check_args(labels, predictions)
    with op_scope(scope, "mean_squared_error", [predictions, labels, weights]) as scope:
        predictions, labels = _cast_float32_pair(predictions, labels)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def cosine_distance(labels, predictions, axis=None, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS, dim=None):
    """1 - sum(labels * predictions, axis) for unit-normalized inputs (tf.losses.cosine_distance).

    Raises:
        ValueError: no `axis` (or `dim`), both given, None arguments, or mismatched shapes.
    """
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _check_args(labels, predictions)
    with op_scope(scope, "cosine_distance_loss", [predictions, labels, weights]) as scope:
        predictions, labels = _cast_float32_pair(predictions, labels)
        radial_diffs = math_ops.multiply(predictions, labels)
        losses = 1 - reduction_ops.reduce_sum(radial_diffs, axis=(axis,), keepdims=True)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted |predictions - labels|, reduced (tf.losses.absolute_difference)."""
    _check_args(labels, predictions)
    with op_scope(scope, "absolute_difference", [predictions, labels, weights]) as scope:
        predictions, labels = _cast_float32_pair(predictions, labels)
        losses = unary_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Quadratic for |error| <= delta, linear beyond (tf.losses.huber_loss)."""
    _check_args(labels, predictions)
    with op_scope(scope, "huber_loss", [predictions, labels, weights]) as scope:
        predictions, labels = _cast_float32_pair(predictions, labels)
        abs_error = unary_ops.abs(math_ops.subtract(predictions, labels))
        quadratic = math_ops.minimum(abs_error, delta)
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(math_ops.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype),
                                                math_ops.multiply(quadratic, quadratic)),
                              math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """-labels * log(p + eps) - (1 - labels) * log(1 - p + eps) (tf.losses.log_loss)."""
    _check_args(labels, predictions)
    with op_scope(scope, "log_loss", [predictions, labels, weights]) as scope:
        predictions, labels = _cast_float32_pair(predictions, labels)
        losses = -math_ops.multiply(labels, unary_ops.log(predictions + epsilon)) - math_ops.multiply(
            (1 - labels), unary_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """max(0, 1 - (2 * labels - 1) * logits) for labels in {0, 1} (tf.losses.hinge_loss)."""
    _check_args(labels, logits, ("labels", "logits"))
    with op_scope(scope, "hinge_loss", [logits, labels, weights]) as scope:
        logits, labels = _cast_float32_pair(logits, labels)
        all_ones = array_ops.ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Softmax cross-entropy of `logits` against one-hot labels, optionally smoothed (tf.losses.softmax_cross_entropy).

    With `label_smoothing` s > 0 the labels become `labels * (1 - s) + s / num_classes`.
    """
    _check_args(onehot_labels, logits, ("onehot_labels", "logits"))
    with op_scope(scope, "softmax_cross_entropy_loss", [logits, onehot_labels, weights]) as scope:
        logits = convert_to_tensor(logits)
        onehot_labels = math_ops.cast(onehot_labels, logits.dtype.base_dtype)
        logits.shape.assert_is_compatible_with(onehot_labels.shape)
        if label_smoothing > 0:
            num_classes = math_ops.cast(array_ops.shape(onehot_labels)[-1], logits.dtype.base_dtype)
            smooth_positives = 1.0 - label_smoothing
            smooth_negatives = label_smoothing / num_classes
            onehot_labels = onehot_labels * smooth_positives + smooth_negatives
        onehot_labels = array_ops.stop_gradient(onehot_labels, name="labels_stop_gradient")
        losses = softmax_ops.softmax_cross_entropy_with_logits_v2(labels=onehot_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Softmax cross-entropy of `logits` against integer class ids (tf.losses.sparse_softmax_cross_entropy)."""
    _check_args(labels, logits, ("labels", "logits"))
    with op_scope(scope, "sparse_softmax_cross_entropy_loss", [logits, labels, weights]) as scope:
        labels, logits, weights = _remove_squeezable_dimensions(labels, logits, weights, expected_rank_diff=1)
        losses = softmax_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Sigmoid cross-entropy per element, optionally with smoothed labels (tf.losses.sigmoid_cross_entropy)."""
    _check_args(multi_class_labels, logits, ("multi_class_labels", "logits"))
    with op_scope(scope, "sigmoid_cross_entropy_loss", [logits, multi_class_labels, weights]) as scope:
        logits = convert_to_tensor(logits)
        multi_class_labels = math_ops.cast(multi_class_labels, logits.dtype.base_dtype)
        logits.shape.assert_is_compatible_with(multi_class_labels.shape)
        if label_smoothing > 0:
            multi_class_labels = multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_impl.sigmoid_cross_entropy_with_logits(labels=multi_class_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def _remove_squeezable_dimensions(labels, predictions, weights, expected_rank_diff=0):
    """Squeezes a trailing size-1 dim off labels or predictions (and weights) to line up their ranks."""
    labels, predictions = convert_to_tensor(labels), convert_to_tensor(predictions)
    with op_scope(None, "remove_squeezable_dimensions", [labels, predictions]):
        p_rank, l_rank = predictions.shape.ndims, labels.shape.ndims
        if p_rank is not None and l_rank is not None:
            diff = p_rank - l_rank
            if diff == expected_rank_diff + 1 and _last_dim_is_one(predictions):
                predictions = array_ops.squeeze(predictions, [-1])
            elif diff == expected_rank_diff - 1 and _last_dim_is_one(labels):
                labels = array_ops.squeeze(labels, [-1])
    if weights is not None:
        weights = convert_to_tensor(weights)
        w_rank, l_rank = weights.shape.ndims, labels.shape.ndims
        if w_rank is not None and l_rank is not None and w_rank - l_rank == 1:
            weights = array_ops.squeeze(weights, [-1])
    return labels, predictions, weights


def _last_dim_is_one(t):
    dims = t.shape.as_tuple_or_none()
    return dims is not None and len(dims) > 0 and dims[-1] in (1, None)


__all__ = [
    "Reduction",
    "absolute_difference",
    "add_loss",
    "compute_weighted_loss",
    "cosine_distance",
    "get_losses",
    "get_regularization_loss",
    "get_regularization_losses",
    "get_total_loss",
    "hinge_loss",
    "huber_loss",
    "log_loss",
    "mean_squared_error",
    "sigmoid_cross_entropy",
    "softmax_cross_entropy",
    "sparse_softmax_cross_entropy",
]
