"""tf.nn.ctc_loss_v2 (TF2's tf.nn.ctc_loss): CTC loss over dense or sparse labels, any blank index.

Sparse labels go to CTCLoss as TF does (the blank's logits column moved last, labels above it shifted
down). Dense labels [batch, max_label_length] with their `label_length` are the same loss: the labels
within each length become a SparseTensor and the blank column moves last, so CTCLoss computes it (in
float64, rounded to the logits' dtype) and its gradient is d loss / d logits, as TF's ctc_loss_dense
gives. `unique` (TF's speed-up for dense labels) changes nothing in the result and is accepted.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import (array_ops, ctc_ops, gather_ops, indexing_ops, math_ops, reduction_ops, sequence_ops,
                        stack_ops)


def _num_classes(logits):
    dim = logits.shape[2].value if logits.shape.ndims == 3 else None
    return dim if dim is not None else array_ops.shape(logits)[2]


def _blank_last(logits, blank_index):
    """logits with the blank's column moved to the end (CTCLoss's blank)."""
    return stack_ops.concat([logits[:, :, :blank_index], logits[:, :, blank_index + 1:],
                             logits[:, :, blank_index:blank_index + 1]], axis=2)


def _shift_labels(values, blank_index):
    return indexing_ops.where(values < blank_index, values, values - 1)


def _dense_to_sparse(labels, label_length):
    """The labels within each row's length as an int32 SparseTensor [batch, max(label_length)]."""
    mask = sequence_ops.sequence_mask(label_length, maxlen=array_ops.shape(labels)[1])
    indices = indexing_ops.where(mask)
    values = math_ops.cast(gather_ops.gather_nd(labels, indices), dtypes.int32)
    shape = stack_ops.stack([array_ops.shape(labels, out_type=dtypes.int64)[0],
                             math_ops.cast(reduction_ops.reduce_max(label_length), dtypes.int64)])
    return SparseTensor(indices, values, shape)


def ctc_loss_v2(labels, logits, label_length, logit_length, logits_time_major=True, unique=None, blank_index=None,
                name=None):
    """The CTC loss per sequence, [batch] (tf.nn.ctc_loss_v2).

    Args:
        labels: int [batch, max_label_length] dense labels (with `label_length`), or a SparseTensor.
        logits: [max_time, batch, num_classes] (or [batch, max_time, ...] unless logits_time_major).
        logit_length: [batch] input lengths. blank_index: the blank class (default 0 for dense labels;
            required for sparse ones; negative counts from the end).

    Raises:
        ValueError: sparse labels without a blank_index.
    """
    if isinstance(labels, SparseTensor):
        if blank_index is None:
            raise ValueError("Argument `blank_index` must be provided when labels is a SparseTensor.")
        logits = convert_to_tensor(logits, name="logits")
        classes = _num_classes(logits)
        if blank_index < 0:
            blank_index += classes
        if blank_index != classes - 1:
            logits = _blank_last(logits, blank_index)
            labels = SparseTensor(labels.indices, _shift_labels(labels.values, blank_index), labels.dense_shape)
        return ctc_ops.ctc_loss(labels=labels, inputs=logits, sequence_length=logit_length,
                                time_major=logits_time_major)
    blank_index = 0 if blank_index is None else blank_index
    with op_scope(name, "ctc_loss_dense", [logits, labels, label_length, logit_length]):
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        label_length = convert_to_tensor(label_length, name="label_length")
        logit_length = convert_to_tensor(logit_length, name="logit_length")
        orig_dtype = logits.dtype.base_dtype
        if orig_dtype == dtypes.float16:
            logits = math_ops.cast(logits, dtypes.float32)
        if not logits_time_major:
            logits = array_ops.transpose(logits, [1, 0, 2])
        if blank_index < 0:
            blank_index += _num_classes(logits)
        logits = _blank_last(logits, blank_index)
        sparse = _dense_to_sparse(labels, label_length)
        sparse = SparseTensor(sparse.indices, _shift_labels(sparse.values, blank_index), sparse.dense_shape)
        loss = ctc_ops.ctc_loss(labels=sparse, inputs=logits, sequence_length=logit_length, time_major=True)
        return math_ops.cast(loss, orig_dtype) if orig_dtype == dtypes.float16 else loss


__all__ = []
