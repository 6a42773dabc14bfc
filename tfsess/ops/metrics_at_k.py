"""tf.metrics over the top k predictions: recall_at_k / recall_at_top_k, precision_at_k /
precision_at_top_k / sparse_precision_at_k, average_precision_at_k / sparse_average_precision_at_k,
and percentage_below.

Labels are class ids, dense (-1 or out-of-range ids pad rows) or a SparseTensor; each row is a
set, compared with the set of the top k predicted ids through tf.sets. Counts accumulate in
float64 local variables named after the metric's name scope (`recall_at_2/true_positive_at_2`),
as TF's metrics_impl names them.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_api import add_to_collections, control_dependencies
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.framework.tensor_spec import convert_to_tensor_or_sparse_tensor
from tfsess.ops import (array_ops, broadcast_ops, cond_ops, constant_op, cumulative_ops, indexing_ops, logic_ops,
                        math_ops, nn_ops, reduction_ops, set_ops, sparse_ops, stack_ops, state_ops)
from tfsess.ops.metrics_impl import mean, metric_variable
from tfsess.ops.weights_broadcast_ops import assert_broadcastable, broadcast_weights


def _at_k_name(name, k=None, class_id=None):
    name = f"{name}_at_{k}" if k is not None else f"{name}_at_k"
    return f"{name}_class{class_id}" if class_id is not None else name


def _collect(collections, value):
    if collections:
        add_to_collections(collections, value)
    return value


def _maybe_expand_labels(labels, predictions):
    """Labels of one rank less than predictions get a last dim of 1 (statically, or by a cond)."""
    with op_scope(None, "expand_labels", (labels, predictions)) as scope:
        labels = convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, SparseTensor):
            return cond_ops.cond(
                logic_ops.equal(array_ops.rank(predictions), array_ops.size(labels.dense_shape) + 1),
                lambda: sparse_ops.sparse_reshape(labels, stack_ops.concat((labels.dense_shape, (1,)), 0),
                                                  name=scope),
                lambda: labels)
        labels_rank, predictions_rank = labels.shape.ndims, predictions.shape.ndims
        if labels_rank is not None and predictions_rank is not None:
            if predictions_rank == labels_rank:
                return labels
            if predictions_rank == labels_rank + 1:
                return array_ops.expand_dims(labels, -1, name=scope)
            raise ValueError(f"Unexpected labels shape {labels.shape} for predictions shape {predictions.shape}. "
                             "Predictions rank should be the same rank as labels rank or labels rank plus one .")
        return cond_ops.cond(logic_ops.equal(array_ops.rank(predictions), array_ops.rank(labels) + 1),
                             lambda: array_ops.expand_dims(labels, -1, name=scope), lambda: labels)


def _select_class_id(ids, selected_id):
    """Only the entries of `ids` equal to `selected_id`, as a SparseTensor of the same dense shape."""
    ids = convert_to_tensor_or_sparse_tensor(ids)
    if isinstance(ids, SparseTensor):
        return sparse_ops.sparse_retain(ids, logic_ops.equal(ids.values, selected_id))
    ids_shape = array_ops.shape(ids, out_type=dtypes.int64)
    last = array_ops.size(ids_shape) - 1
    filled_shape = reduction_ops.reduced_shape(ids_shape, array_ops.reshape(last, [1]))
    filled = constant_op.fill(filled_shape, math_ops.cast(selected_id, dtypes.int64))
    result = set_ops.set_intersection(filled, ids)
    return SparseTensor(result.indices, result.values, ids_shape)


def _maybe_select_class_id(labels, predictions_idx, selected_id=None):
    if selected_id is None:
        return labels, predictions_idx
    return _select_class_id(labels, selected_id), _select_class_id(predictions_idx, selected_id)


def _weighted(counts, weights):
    counts = math_ops.cast(counts, dtypes.float64)
    if weights is None:
        return counts
    with control_dependencies((assert_broadcastable(weights, counts),)):
        return math_ops.multiply(counts, math_ops.cast(weights, dtypes.float64))


def _true_positive_at_k(labels, predictions_idx, class_id=None, weights=None, name=None):
    with op_scope(name, "true_positives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted(set_ops.set_size(set_ops.set_intersection(predictions_idx, labels)), weights)


def _false_negative_at_k(labels, predictions_idx, class_id=None, weights=None):
    with op_scope(None, "false_negatives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted(set_ops.set_size(set_ops.set_difference(predictions_idx, labels, aminusb=False)),
                         weights)


def _false_positive_at_k(labels, predictions_idx, class_id=None, weights=None):
    with op_scope(None, "false_positives", (predictions_idx, labels, weights)):
        labels, predictions_idx = _maybe_select_class_id(labels, predictions_idx, class_id)
        return _weighted(set_ops.set_size(set_ops.set_difference(predictions_idx, labels, aminusb=True)),
                         weights)


def _streaming_count(count_fn, prefix, labels, predictions_idx, k, class_id, weights):
    """(accumulator, update): the running sum of a per-row count, in a float64 local variable."""
    with op_scope(None, _at_k_name(prefix, k, class_id=class_id), (predictions_idx, labels, weights)) as scope:
        batch = math_ops.cast(reduction_ops.reduce_sum(count_fn(labels, predictions_idx, class_id, weights)),
                              dtypes.float64)
        var = metric_variable([], dtypes.float64, name=scope)
        return var, state_ops.assign_add(var, batch, name="update")


def _ratio_at_top_k(default_name, miss_fn, miss_prefix, labels, predictions_idx, k, class_id, weights,
                    metrics_collections, updates_collections, name):
    with op_scope(name, _at_k_name(default_name, k, class_id=class_id), (predictions_idx, labels, weights)) as scope:
        labels = _maybe_expand_labels(labels, predictions_idx)
        top_k_idx = math_ops.cast(predictions_idx, dtypes.int64)
        tp, tp_update = _streaming_count(_true_positive_at_k, "true_positive", labels, top_k_idx, k, class_id,
                                         weights)
        miss, miss_update = _streaming_count(miss_fn, miss_prefix, labels, top_k_idx, k, class_id, weights)
        metric = _collect(metrics_collections, math_ops.divide(tp, math_ops.add(tp, miss), name=scope))
        update = math_ops.divide(tp_update, math_ops.add(tp_update, miss_update), name="update")
        return metric, _collect(updates_collections, update)


def recall_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None, metrics_collections=None,
                    updates_collections=None, name=None):
    """Streaming recall of the ids `predictions_idx` (e.g. top_k's indices) against the label sets.

    Returns:
        (recall, update_op): float64 tp / (tp + fn), NaN before any label is seen.
    """
    return _ratio_at_top_k("recall", _false_negative_at_k, "false_negative", labels, predictions_idx, k, class_id,
                           weights, metrics_collections, updates_collections, name)


def precision_at_top_k(labels, predictions_idx, k=None, class_id=None, weights=None, metrics_collections=None,
                       updates_collections=None, name=None):
    """Streaming precision of the ids `predictions_idx` against the label sets: float64 tp / (tp + fp)."""
    return _ratio_at_top_k("precision", _false_positive_at_k, "false_positive", labels, predictions_idx, k,
                           class_id, weights, metrics_collections, updates_collections, name)


def _at_k(default_name, at_top_k):
    def metric(labels, predictions, k, class_id=None, weights=None, metrics_collections=None,
               updates_collections=None, name=None):
        with op_scope(name, _at_k_name(default_name, k, class_id=class_id), (predictions, labels, weights)) as scope:
            _, top_k_idx = nn_ops.top_k(predictions, k)
            return at_top_k(labels=labels, predictions_idx=top_k_idx, k=k, class_id=class_id, weights=weights,
                            metrics_collections=metrics_collections, updates_collections=updates_collections,
                            name=scope)
    metric.__name__ = f"{default_name}_at_k"
    metric.__doc__ = (f"Streaming {default_name} of the top `k` classes of `predictions` (logits) against the label "
                      f"sets, optionally for one `class_id`: {at_top_k.__name__} over nn.top_k's indices.")
    return metric


recall_at_k = _at_k("recall", recall_at_top_k)
precision_at_k = _at_k("precision", precision_at_top_k)
sparse_precision_at_k = precision_at_k


# ================================================================== average precision
def _expand_and_tile(tensor, multiple, dim=0, name=None):
    """`tensor` with a new axis `dim` repeated `multiple` times (SparseTensors by reshape and concat)."""
    if multiple < 1:
        raise ValueError(f"Invalid argument multiple={multiple} for expand_and_tile  call. `multiple` must be an "
                         "integer > 0")
    with op_scope(name, "expand_and_tile", (tensor,)) as scope:
        tensor = convert_to_tensor_or_sparse_tensor(tensor)
        if isinstance(tensor, SparseTensor):
            at = (array_ops.reshape(array_ops.size(tensor.dense_shape) + dim, [1]) if dim < 0 else [dim])
            shape = stack_ops.concat((indexing_ops.slice_(tensor.dense_shape, [0], at), [1],
                                      indexing_ops.slice_(tensor.dense_shape, at, [-1])), 0, name="expanded_shape")
            expanded = sparse_ops.sparse_reshape(tensor, shape, name="expand")
            if multiple == 1:
                return expanded
            return sparse_ops.sparse_concat(dim - 1 if dim < 0 else dim, [expanded] * multiple, name=scope)
        expanded = array_ops.expand_dims(tensor, dim if dim >= 0 else dim - 1, name="expand")
        if multiple == 1:
            return expanded
        ones = array_ops.ones_like(array_ops.shape(tensor))
        multiples = stack_ops.concat((ones[:dim], (multiple,), ones[dim:]), 0, name="multiples")
        return broadcast_ops.tile(expanded, multiples, name=scope)


def _num_relevant(labels, k):
    if k < 1:
        raise ValueError(f"Invalid k={k}")
    with op_scope(None, "num_relevant", (labels,)) as scope:
        labels = convert_to_tensor_or_sparse_tensor(labels)
        if isinstance(labels, SparseTensor):
            return math_ops.minimum(set_ops.set_size(labels), k, name=scope)
        num_labels = reduction_ops.reduce_sum(indexing_ops.where_v2(
            logic_ops.greater_equal(labels, 0), array_ops.ones_like(labels), array_ops.zeros_like(labels)), axis=-1)
        return math_ops.minimum(num_labels, k, name=scope)


def _average_precision_at_top_k(labels, predictions_idx):
    """Per row: the sum of precision@i over the ranks i holding a relevant id, over min(#labels, k)."""
    with op_scope(None, "average_precision", (predictions_idx, labels)) as scope:
        predictions_idx = math_ops.cast(predictions_idx, dtypes.int64, name="predictions_idx")
        if predictions_idx.shape.ndims == 0:
            raise ValueError("The rank of `predictions_idx` must be at least 1.")
        k = predictions_idx.shape.as_list()[-1]
        if k is None:
            raise ValueError("The last dimension of predictions_idx must be set. Currently, it is None.")
        labels = _maybe_expand_labels(labels, predictions_idx)
        predictions_idx_per_k = array_ops.expand_dims(predictions_idx, -1, name="predictions_idx_per_k")
        labels_per_k = _expand_and_tile(labels, multiple=k, dim=-1, name="labels_per_k")
        relevant_per_k = _true_positive_at_k(labels_per_k, predictions_idx_per_k, name="relevant_per_k")
        tp_per_k = cumulative_ops.cumsum(relevant_per_k, axis=-1, name="tp_per_k")
        retrieved_per_k = cumulative_ops.cumsum(array_ops.ones_like(relevant_per_k), axis=-1, name="retrieved_per_k")
        precision_per_k = math_ops.divide(math_ops.cast(tp_per_k, dtypes.float64),
                                          math_ops.cast(retrieved_per_k, dtypes.float64), name="precision_per_k")
        relevant_precision_per_k = math_ops.multiply(precision_per_k, math_ops.cast(relevant_per_k, dtypes.float64),
                                                     name="relevant_precision_per_k")
        precision_sum = reduction_ops.reduce_sum(relevant_precision_per_k, axis=(-1,), name="precision_sum")
        num_relevant = math_ops.cast(_num_relevant(labels, k), dtypes.float64)
        return math_ops.divide(precision_sum, num_relevant, name=scope)


def _streaming_average_precision_at_top_k(labels, predictions_idx, weights, metrics_collections, updates_collections,
                                          name):
    with op_scope(name, "average_precision_at_top_k", (predictions_idx, labels, weights)) as scope:
        average_precision = _average_precision_at_top_k(labels, predictions_idx)
        if weights is not None:
            weights = broadcast_weights(math_ops.cast(weights, dtypes.float64), average_precision)
            average_precision = math_ops.multiply(average_precision, weights)
        with op_scope(None, "max", (average_precision,)) as max_scope:
            max_var = metric_variable([], dtypes.float64, name=max_scope)
            batch_max = (math_ops.cast(array_ops.size(average_precision, name="batch_max"), dtypes.float64)
                         if weights is None else reduction_ops.reduce_sum(weights, name="batch_max"))
            max_update = state_ops.assign_add(max_var, batch_max, name="update")
        with op_scope(None, "total", (average_precision,)) as total_scope:
            total_var = metric_variable([], dtypes.float64, name=total_scope)
            batch_total = reduction_ops.reduce_sum(average_precision, name="batch_total")
            total_update = state_ops.assign_add(total_var, batch_total, name="update")
        value = _collect(metrics_collections, math_ops.div_no_nan(total_var, max_var, name="mean"))
        update = math_ops.div_no_nan(total_update, max_update, name=scope)
        return value, _collect(updates_collections, update)


def _clean_out_of_range_indices(labels, num_classes):
    """Label ids >= num_classes become -1 (no class), by a cond on the largest id."""
    is_sparse = isinstance(labels, (SparseTensor, SparseTensorValue))

    def clean(values):
        return indexing_ops.where_v2(logic_ops.greater_equal(values, num_classes), -1 * array_ops.ones_like(values),
                                     values)

    def cleaned():
        if is_sparse:
            return SparseTensor(labels.indices, clean(labels.values), labels.dense_shape)
        return clean(labels)
    largest = reduction_ops.reduce_max(labels.values if is_sparse else labels)
    return cond_ops.cond(logic_ops.greater_equal(largest, num_classes), cleaned, lambda: labels)


def average_precision_at_k(labels, predictions, k, weights=None, metrics_collections=None, updates_collections=None,
                           name=None):
    """Streaming mean average precision of the top `k` classes of `predictions` against the label sets.

    Returns:
        (mean_average_precision, update_op): float64; accumulators `max` (rows) and `total` (their AP).

    Raises:
        ValueError: k < 1.
    """
    if k < 1:
        raise ValueError(f"Invalid k={k}. `k` should be >= 1.")
    with op_scope(name, _at_k_name("average_precision", k), (predictions, labels, weights)) as scope:
        predictions = convert_to_tensor(predictions)
        _, predictions_idx = nn_ops.top_k(predictions, k)
        labels = _clean_out_of_range_indices(
            convert_to_tensor_or_sparse_tensor(labels),
            math_ops.cast(array_ops.shape(predictions)[-1], dtypes.int64))
        return _streaming_average_precision_at_top_k(labels, predictions_idx, weights, metrics_collections,
                                                     updates_collections, scope)


sparse_average_precision_at_k = average_precision_at_k


def percentage_below(values, threshold, weights=None, metrics_collections=None, updates_collections=None, name=None):
    """The streaming fraction of `values` below `threshold`: a `mean` named "percentage_below_threshold"."""
    is_below = math_ops.cast(logic_ops.less(values, threshold), dtypes.float32)
    return mean(is_below, weights, metrics_collections, updates_collections, name or "percentage_below_threshold")


__all__ = ["average_precision_at_k", "percentage_below", "precision_at_k", "precision_at_top_k", "recall_at_k",
           "recall_at_top_k", "sparse_average_precision_at_k", "sparse_precision_at_k"]
