"""Connectionist temporal classification: CTCLoss (forward-backward in log space) and CTCGreedyDecoder.

Logits are time-major [max_time, batch, num_classes]; the blank is the last class. The loss is
-log p(labels | logits) after a log-softmax over classes; the kernel also returns its gradient
with respect to the logits, which the op's gradient scales by the incoming loss gradient.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import (array_ops, broadcast_ops, ctc_beam_search, functional_ops, gather_ops, indexing_ops,
                        logic_ops, math_ops, reduction_ops, sequence_ops, stack_ops)
from tfsess.ops._infer import FLOAT, check_dtype, fmt_shape


def _check_logits(inputs):
    if inputs.shape.ndims not in (None, 3):
        raise ValueError(f"Shape must be rank 3 but is rank {inputs.shape.ndims} for inputs with input shapes: "
                         f"{fmt_shape(inputs.shape)}.")
    check_dtype(inputs, FLOAT, "inputs")
    return inputs.shape.as_list() if inputs.shape.ndims == 3 else [None] * 3


def _ctc_loss_infer(inputs, attrs):
    logits = inputs[0]
    time, batch, classes = _check_logits(logits)
    dtype = logits.dtype.base_dtype
    return [(dtype, TensorShape([batch])), (dtype, TensorShape([time, batch, classes]))]


def _log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _labels_per_batch(indices, values, batch):
    labels = [[] for _ in range(batch)]
    for (b, _), v in sorted(zip(map(tuple, indices.tolist()), values.tolist())):
        if not 0 <= b < batch:
            raise errors.InvalidArgumentError(None, None, f"labels batch index {b} out of range [0, {batch})")
        labels[b].append(int(v))
    return labels


def _collapse(label):
    return [c for i, c in enumerate(label) if i == 0 or c != label[i - 1]]


def _one_sequence(log_probs, label, blank, merge_repeated):
    """(loss, d loss / d logits) of one sequence; log_probs is [time, classes] (log-softmaxed)."""
    time, classes = log_probs.shape
    ext = [blank]
    for c in label:
        ext += [c, blank]
    n = len(ext)
    alpha = np.full((time, n), -np.inf)
    beta = np.full((time, n), -np.inf)
    alpha[0, 0] = log_probs[0, blank]
    if n > 1:
        alpha[0, 1] = log_probs[0, ext[1]]

    def can_skip(u):  # without merging, a repeated label is two emissions: its blank may be skipped
        return u > 1 and ext[u] != blank and (ext[u] != ext[u - 2] or not merge_repeated)

    def can_stay(u):
        return merge_repeated or ext[u] == blank

    for t in range(1, time):
        for u in range(n):
            terms = [alpha[t - 1, u]] if can_stay(u) else []
            if u > 0:
                terms.append(alpha[t - 1, u - 1])
            if can_skip(u):
                terms.append(alpha[t - 1, u - 2])
            alpha[t, u] = np.logaddexp.reduce(terms) + log_probs[t, ext[u]] if terms else -np.inf
    beta[time - 1, n - 1] = log_probs[time - 1, ext[n - 1]]
    if n > 1:
        beta[time - 1, n - 2] = log_probs[time - 1, ext[n - 2]]
    for t in range(time - 2, -1, -1):
        for u in range(n):
            terms = [beta[t + 1, u]] if can_stay(u) else []
            if u + 1 < n:
                terms.append(beta[t + 1, u + 1])
            if u + 2 < n and can_skip(u + 2):
                terms.append(beta[t + 1, u + 2])
            beta[t, u] = np.logaddexp.reduce(terms) + log_probs[t, ext[u]] if terms else -np.inf
    log_p = np.logaddexp(alpha[time - 1, n - 1], alpha[time - 1, n - 2] if n > 1 else -np.inf)
    # d(-log p)/d logits[t, k] = y[t, k] - sum over u with ext[u] == k of alpha*beta / (p * y[t, k]) (Graves)
    occupancy = np.full((time, classes), -np.inf)
    for u in range(n):
        occupancy[:, ext[u]] = np.logaddexp(occupancy[:, ext[u]], alpha[:, u] + beta[:, u] - log_probs[:, ext[u]])
    grad = np.exp(log_probs) - np.exp(occupancy - log_p)
    return -log_p, grad


def _required_time(label):
    return len(label) + sum(1 for i in range(1, len(label)) if label[i] == label[i - 1])


@register_op("CTCLoss", infer=_ctc_loss_infer, gpu=False)
def _ctc_loss(xp, inputs, labels_indices, labels_values, sequence_length, *, preprocess_collapse_repeated=False,
              ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False):
    logits = np.asarray(inputs, np.float64)
    max_time, batch, classes = logits.shape
    blank = classes - 1
    seq_len = np.asarray(sequence_length).astype(np.int64)
    if seq_len.shape != (batch,):
        raise errors.InvalidArgumentError(None, None, f"len(sequence_length) != batch_size: {seq_len.shape} vs "
                                                      f"{batch}")
    labels = _labels_per_batch(np.asarray(labels_indices), np.asarray(labels_values), batch)
    loss = np.zeros(batch)
    grad = np.zeros_like(logits)
    for b in range(batch):
        label = _collapse(labels[b]) if preprocess_collapse_repeated else labels[b]
        length = int(seq_len[b])
        if not 0 <= length <= max_time:
            raise errors.InvalidArgumentError(None, None, f"sequence_length({b}) = {length} is outside "
                                                          f"[0, {max_time}]")
        if any(not 0 <= c < blank for c in label):
            raise errors.InvalidArgumentError(None, None, f"Labels of batch {b} must be in [0, {blank}): {label}")
        needed = _required_time(label) if ctc_merge_repeated else len(label)
        if needed > length:
            if ignore_longer_outputs_than_inputs:
                continue
            raise errors.InvalidArgumentError(None, None, f"Not enough time for target transition sequence "
                                                          f"(required: {needed}, available: {length}){b}You can "
                                                          "turn this error into a warning by using the flag "
                                                          "ignore_longer_outputs_than_inputs")
        if length == 0:
            continue
        loss[b], grad[:length, b] = _one_sequence(_log_softmax(logits[:length, b]), label, blank, ctc_merge_repeated)
    dtype = np.asarray(inputs).dtype
    return xp.asarray(loss.astype(dtype)), xp.asarray(grad.astype(dtype))


@_ctc_loss.gradient
def _ctc_loss_grad(op, grad_loss, _):
    # The kernel's gradient output already is d loss / d logits: scale it per sequence.
    gradient = array_ops.stop_gradient(op.outputs[1])
    return [array_ops.expand_dims(grad_loss, -1) * gradient, None, None, None]


def _greedy_infer(inputs, attrs):
    logits, seq_len = inputs
    _, batch, _ = _check_logits(logits)
    return [(dtypes.int64, TensorShape([None, 2])), (dtypes.int64, TensorShape([None])),
            (dtypes.int64, TensorShape([2])), (logits.dtype.base_dtype, TensorShape([batch, 1]))]


@register_op("CTCGreedyDecoder", infer=_greedy_infer, gpu=False, no_gradient=True)
def _ctc_greedy_decoder(xp, inputs, sequence_length, *, merge_repeated=True, blank_index=-1):
    logits = np.asarray(inputs)
    max_time, batch, classes = logits.shape
    blank = classes - 1 if blank_index < 0 else blank_index
    log_prob = np.zeros((batch, 1), logits.dtype)
    sequences = []
    for b in range(batch):
        length = int(sequence_length[b])
        if not 0 <= length <= max_time:
            raise errors.InvalidArgumentError(None, None, f"sequence_length({b}) <= {max_time}")
        best = logits[:length, b].argmax(axis=-1) if length else np.zeros(0, np.int64)
        log_prob[b, 0] = -logits[np.arange(length), b, best].sum(dtype=logits.dtype)
        sequence, prev = [], -1
        for c in best.tolist():
            if c != blank and not (merge_repeated and c == prev):
                sequence.append(c)
            prev = c
        sequences.append(sequence)
    indices = [[b, i] for b, seq in enumerate(sequences) for i in range(len(seq))]
    values = [c for seq in sequences for c in seq]
    shape = [batch, max((len(s) for s in sequences), default=0)]
    return (np.asarray(indices, np.int64).reshape(-1, 2), np.asarray(values, np.int64),
            np.asarray(shape, np.int64), log_prob)


def ctc_loss(labels, inputs=None, sequence_length=None, preprocess_collapse_repeated=False, ctc_merge_repeated=True,
             ignore_longer_outputs_than_inputs=False, time_major=True, logits=None):
    """The CTC loss per sequence, [batch] (tf.nn.ctc_loss of TF1).

    Args:
      labels: an int32 SparseTensor of label ids in [0, num_classes - 1) (the last class is the blank).
      inputs: logits [max_time, batch, num_classes] ([batch, max_time, ...] unless time_major).
      sequence_length: int32 [batch] lengths of the inputs.

    Raises:
      TypeError: labels that are not a SparseTensor.
    """
    if not isinstance(labels, SparseTensor):
        raise TypeError("Expected labels (first argument) to be a SparseTensor")
    if inputs is not None and logits is not None:
        raise ValueError("Cannot specify both 'logits' and 'inputs'")
    inputs = convert_to_tensor(inputs if inputs is not None else logits, name="logits")
    if not time_major:
        inputs = array_ops.transpose(inputs, [1, 0, 2])
    attrs = {"preprocess_collapse_repeated": bool(preprocess_collapse_repeated),
             "ctc_merge_repeated": bool(ctc_merge_repeated),
             "ignore_longer_outputs_than_inputs": bool(ignore_longer_outputs_than_inputs)}
    op = apply_op("CTCLoss", [inputs, convert_to_tensor(labels.indices, dtypes.int64),
                              convert_to_tensor(labels.values, dtypes.int32),
                              convert_to_tensor(sequence_length, dtypes.int32)], attrs, name="CTCLoss")
    return op.outputs[0]


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """Best-path decoding: ([SparseTensor of int64 labels], log_probability [batch, 1]).

    log_probability is minus the sum over time of each step's largest logit.
    """
    inputs = convert_to_tensor(inputs, name="inputs")
    attrs = {"merge_repeated": bool(merge_repeated), "blank_index": -1 if blank_index is None else int(blank_index)}
    op = apply_op("CTCGreedyDecoder", [inputs, convert_to_tensor(sequence_length, dtypes.int32)], attrs,
                  name="CTCGreedyDecoder")
    indices, values, shape, log_probability = op.outputs
    return [SparseTensor(indices, values, shape)], log_probability


register_op("CTCBeamSearchDecoder", infer=ctc_beam_search.beam_search_infer, gpu=False, no_gradient=True)(
    ctc_beam_search.beam_search_kernel)


def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1, merge_repeated=True):
    """Beam search decoding of time-major logits [max_time, batch, num_classes] (TF1's tf.nn.ctc_beam_search_decoder).

    Returns:
      (decoded, log_probability): `top_paths` SparseTensors of int64 labels, best first, and
      [batch, top_paths] log probabilities of those paths.
    """
    inputs = convert_to_tensor(inputs, name="inputs")
    attrs = {"beam_width": int(beam_width), "top_paths": int(top_paths), "merge_repeated": bool(merge_repeated)}
    op = apply_op("CTCBeamSearchDecoder", [inputs, convert_to_tensor(sequence_length, dtypes.int32)], attrs,
                  name="CTCBeamSearchDecoder")
    n = int(top_paths)
    outputs = op.outputs
    decoded = [SparseTensor(i, v, s) for i, v, s in zip(outputs[:n], outputs[n:2 * n], outputs[2 * n:3 * n])]
    return decoded, outputs[3 * n]


def ctc_beam_search_decoder_v2(inputs, sequence_length, beam_width=100, top_paths=1):
    """ctc_beam_search_decoder without merging repeated labels (tf.nn.ctc_beam_search_decoder of TF2)."""
    return ctc_beam_search_decoder(inputs, sequence_length, beam_width=beam_width, top_paths=top_paths,
                                   merge_repeated=False)


def _dim(tensor, i):
    """A static dim where known, else the dynamic one (TF's _get_dim)."""
    value = tensor.shape[i].value if tensor.shape.ndims is not None else None
    return value if value is not None else array_ops.shape(tensor)[i]


def ctc_unique_labels(labels, name=None):
    """Per row of int labels [batch, max_len]: (its unique labels, int64, zero-padded; each label's index in them).

    The ids and padding TF's ctc_loss_v2 takes as `unique` (tf.nn.ctc_unique_labels).
    """
    with op_scope(name, "ctc_unique_labels", [labels]):
        labels = convert_to_tensor(labels, name="labels")

        def unique_row(row):
            unique, index = indexing_ops.unique(row)
            padded = broadcast_ops.pad(unique, [[0, _dim(index, 0) - _dim(unique, 0)]])
            return [math_ops.cast(padded, dtypes.int64), index]
        return functional_ops.map_fn(unique_row, labels, dtype=[dtypes.int64, dtypes.int32])


def collapse_repeated(labels, seq_length, name=None):
    """Merges repeated labels within each row's first seq_length entries (tf.nn.collapse_repeated).

    Returns:
      (collapsed labels [batch, new max length], zero-padded; new lengths in seq_length's dtype).
    """
    with op_scope(name, "collapse_repeated_labels", [labels, seq_length]):
        labels = convert_to_tensor(labels, name="labels")
        seq_length = convert_to_tensor(seq_length, name="seq_length")
        label_mask = stack_ops.concat([array_ops.ones_like(labels[:, :1], dtypes.bool),
                                       logic_ops.not_equal(labels[:, 1:], labels[:, :-1])], axis=1)
        seq_mask = sequence_ops.sequence_mask(seq_length, maxlen=_dim(labels, 1))
        label_mask = logic_ops.logical_and(label_mask, seq_mask)
        new_seq_len = reduction_ops.reduce_sum(math_ops.cast(label_mask, dtypes.int32), axis=1)
        new_maxlen = reduction_ops.reduce_max(new_seq_len)
        idx_mask = sequence_ops.sequence_mask(new_seq_len, maxlen=new_maxlen)
        flat_labels = array_ops.reshape(labels, [-1])
        flat_label_mask = array_ops.reshape(label_mask, [-1])
        flat_idx_mask = array_ops.reshape(idx_mask, [-1])
        idx = sequence_ops.range_(_dim(flat_idx_mask, 0))
        flat = gather_ops.scatter_nd(
            indices=array_ops.expand_dims(indexing_ops.boolean_mask(idx, flat_idx_mask), axis=1),
            updates=indexing_ops.boolean_mask(flat_labels, flat_label_mask), shape=array_ops.shape(flat_idx_mask))
        new_shape = stack_ops.stack([_dim(labels, 0), new_maxlen])
        return array_ops.reshape(flat, new_shape), math_ops.cast(new_seq_len, seq_length.dtype.base_dtype)


__all__ = ["ctc_greedy_decoder", "ctc_loss"]
