"""Losses over a sampled subset of classes: sampled_softmax_loss and nce_loss (TF's nn_impl).

Both score the true classes and `num_sampled` sampled ones with rows of `weights`/`biases`
(looked up like embedding_lookup, so sharded weights work), subtract log(expected count) so
frequent samples are not favoured, and optionally push accidental hits (a sampled class equal
to a true one) to -FLT_MAX.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import (array_ops, constant_op, candidate_sampling_ops, linalg_ops, math_ops, nn_impl, softmax_ops,
                        sparse_ops, stack_ops, unary_ops)


def _sum_rows(x):
    """Row sums as a matmul with a ones column, as TF's _sum_rows."""
    cols = array_ops.shape(x)[1]
    ones_shape = stack_ops.stack([cols, 1])
    ones = constant_op.ones(ones_shape, x.dtype)
    return array_ops.reshape(linalg_ops.matmul(x, ones), [-1])


def _compute_sampled_logits(weights, biases, labels, inputs, num_sampled, num_classes, num_true,
                            sampled_values, subtract_log_q, remove_accidental_hits, partition_strategy, name,
                            seed=None):
    if not isinstance(weights, (list, tuple)):
        weights = [weights]
    with op_scope(name, "compute_sampled_logits", list(weights) + [biases, inputs, labels]):
        labels = convert_to_tensor(labels)
        if labels.dtype.base_dtype != dtypes.int64:
            labels = math_ops.cast(labels, dtypes.int64)
        labels_flat = array_ops.reshape(labels, [-1])
        if sampled_values is None:
            sampled_values = candidate_sampling_ops.log_uniform_candidate_sampler(
                true_classes=labels, num_true=num_true, num_sampled=num_sampled, unique=True,
                range_max=num_classes, seed=seed)
        sampled, true_expected_count, sampled_expected_count = (array_ops.stop_gradient(s) for s in sampled_values)
        sampled = math_ops.cast(sampled, dtypes.int64)
        all_ids = stack_ops.concat([labels_flat, sampled], 0)
        inputs = convert_to_tensor(inputs, name="inputs")
        all_w = nn_impl.embedding_lookup(weights, all_ids, partition_strategy=partition_strategy)
        if all_w.dtype.base_dtype != inputs.dtype.base_dtype:
            all_w = math_ops.cast(all_w, inputs.dtype.base_dtype)
        n_true = array_ops.size(labels_flat)
        true_w = all_w[:n_true]
        sampled_w = all_w[n_true:]
        sampled_logits = linalg_ops.matmul(inputs, sampled_w, transpose_b=True)
        all_b = nn_impl.embedding_lookup(biases, all_ids, partition_strategy=partition_strategy)
        if all_b.dtype.base_dtype != inputs.dtype.base_dtype:
            all_b = math_ops.cast(all_b, inputs.dtype.base_dtype)
        true_b = all_b[:n_true]
        sampled_b = all_b[n_true:]
        dim = array_ops.shape(true_w)[1:2]
        new_true_w_shape = stack_ops.concat([[-1, num_true], dim], 0)
        row_wise_dots = math_ops.multiply(array_ops.expand_dims(inputs, 1),
                                          array_ops.reshape(true_w, new_true_w_shape))
        dots_as_matrix = array_ops.reshape(row_wise_dots, stack_ops.concat([[-1], dim], 0))
        true_logits = array_ops.reshape(_sum_rows(dots_as_matrix), [-1, num_true])
        true_logits += array_ops.reshape(true_b, [-1, num_true])
        sampled_logits += sampled_b
        if remove_accidental_hits:
            sampled_logits += _accidental_hit_mask(labels, sampled, num_true, num_sampled, sampled_logits.dtype)
        if subtract_log_q:
            true_logits -= unary_ops.log(math_ops.cast(true_expected_count, true_logits.dtype))
            sampled_logits -= unary_ops.log(math_ops.cast(sampled_expected_count, sampled_logits.dtype))
        out_logits = stack_ops.concat([true_logits, sampled_logits], 1)
        out_labels = stack_ops.concat([array_ops.ones_like(true_logits) / num_true,
                                       array_ops.zeros_like(sampled_logits)], 1)
        return out_logits, out_labels


def _accidental_hit_mask(labels, sampled, num_true, num_sampled, dtype):
    """A [batch, num_sampled] tensor: -FLT_MAX where a sampled class is one of the row's true classes."""
    indices, ids, weights = candidate_sampling_ops.compute_accidental_hits(labels, sampled, num_true=num_true)
    sparse_indices = stack_ops.concat([array_ops.reshape(indices, [-1, 1]),
                                       array_ops.reshape(math_ops.cast(ids, dtypes.int32), [-1, 1])], 1)
    shape = stack_ops.concat([array_ops.shape(labels, out_type=dtypes.int32)[:1], [num_sampled]], 0)
    if weights.dtype.base_dtype != dtype.base_dtype:
        weights = math_ops.cast(weights, dtype.base_dtype)
    return sparse_ops.sparse_to_dense(sparse_indices, shape, weights, default_value=0.0, validate_indices=False)


def sampled_softmax_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1,
                         sampled_values=None, remove_accidental_hits=True, partition_strategy="mod",
                         name="sampled_softmax_loss", seed=None):
    """Softmax cross-entropy over the true classes and `num_sampled` sampled ones (tf.nn.sampled_softmax_loss).

    Args:
        weights: [num_classes, dim] (or a list of shards); biases: [num_classes].
        labels: int [batch, num_true]; inputs: [batch, dim].
        sampled_values: a sampler's (candidates, true_expected, sampled_expected); None draws
            log-uniform samples with `seed`.

    Returns:
        The per-example loss, [batch].
    """
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values, True,
        remove_accidental_hits, partition_strategy, name, seed)
    labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_ops.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)


def nce_loss(weights, biases, labels, inputs, num_sampled, num_classes, num_true=1, sampled_values=None,
             remove_accidental_hits=False, partition_strategy="mod", name="nce_loss"):
    """Noise-contrastive estimation loss: logistic losses of the true and sampled classes, summed per
    example (tf.nn.nce_loss). Arguments as sampled_softmax_loss.

    Returns:
        The per-example loss, [batch].
    """
    logits, labels = _compute_sampled_logits(
        weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values, True,
        remove_accidental_hits, partition_strategy, name)
    sampled_losses = nn_impl.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits,
                                                               name="sampled_losses")
    return _sum_rows(sampled_losses)


__all__ = []
