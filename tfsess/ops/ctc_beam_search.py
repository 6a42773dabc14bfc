"""CTC beam search decoding (CTCBeamSearchDecoder), as TF's CTCBeamSearch with its default scorer.

A tree of prefixes: each beam entry keeps (total, blank, label) log probabilities for the current
and previous step. Each step refreshes the entries in the beam, then offers every child (prefix +
one label) that is not already live; the beam keeps the `beam_width` best totals, and an entry
pushed out of it is no longer live (its current probabilities are reset, its previous ones kept).
Paths are read back by walking parents, merging repeats when `merge_repeated`.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.tensor_shape import TensorShape

_LOG_ZERO = -np.inf


def _log_sum_exp(a, b):
    if a == _LOG_ZERO:
        return b
    if b == _LOG_ZERO:
        return a
    return max(a, b) + np.log1p(np.exp(-abs(a - b)))


class _Entry:
    __slots__ = ("parent", "label", "children", "old", "new")

    def __init__(self, parent, label):
        self.parent, self.label, self.children = parent, label, None
        self.old = [_LOG_ZERO, _LOG_ZERO, _LOG_ZERO]  # total, blank, label
        self.new = [_LOG_ZERO, _LOG_ZERO, _LOG_ZERO]

    def active(self):
        return self.new[0] != _LOG_ZERO

    def labels(self, merge_repeated):
        out, entry, previous = [], self, -1
        while entry.parent is not None:
            if not merge_repeated or entry.label != previous:
                out.append(entry.label)
            previous = entry.label
            entry = entry.parent
        return out[::-1]


def _best_first(entries):
    return sorted(entries, key=lambda e: -e.new[0])


def _decode_one(log_probs, beam_width, top_paths, merge_repeated):
    """[(labels, log probability)] of the best `top_paths` prefixes for one sequence [time, classes]."""
    classes = log_probs.shape[1]
    blank = classes - 1
    root = _Entry(None, -1)
    root.new = [0.0, 0.0, _LOG_ZERO]
    leaves = [root]
    for row in log_probs:
        row = row - (row.max() + np.log(np.exp(row - row.max()).sum()))
        branches = _best_first(leaves)
        leaves = []
        for b in branches:
            b.old = list(b.new)
        for b in branches:
            if b.parent is not None:
                if b.parent.active():
                    previous = b.parent.old[1] if b.label == b.parent.label else b.parent.old[0]
                    b.new[2] = _log_sum_exp(b.new[2], previous)
                b.new[2] += row[b.label]
            b.new[1] = b.old[0] + row[blank]
            b.new[0] = _log_sum_exp(b.new[1], b.new[2])
            leaves.append(b)
        leaves = _best_first(leaves)[:beam_width]
        for b in branches:
            if b.children is None:
                b.children = [_Entry(b, label) for label in range(classes - 1)]
            for c in b.children:
                if c.active():
                    continue
                c.new[1] = _LOG_ZERO
                previous = b.old[1] if c.label == b.label else b.old[0]
                c.new[2] = row[c.label] + previous
                c.new[0] = c.new[2]
                if len(leaves) < beam_width or c.new[0] > min(e.new[0] for e in leaves):
                    if len(leaves) == beam_width:  # the worst leaves the beam: no longer live
                        bottom = min(leaves, key=lambda e: e.new[0])
                        leaves.remove(bottom)
                        bottom.new = [_LOG_ZERO] * 3
                    leaves.append(c)
                else:
                    c.old = [_LOG_ZERO] * 3
                    c.new = [_LOG_ZERO] * 3
    best = _best_first(leaves)
    if top_paths > len(best):
        raise errors.InvalidArgumentError(None, None, "Less leaves in the beam search than requested.")
    return [(e.labels(merge_repeated), e.new[0]) for e in best[:top_paths]]


def beam_search_infer(inputs, attrs):
    logits = inputs[0]
    top_paths = attrs["top_paths"]
    batch = logits.shape[1].value if logits.shape.ndims == 3 else None
    return ([(dtypes.int64, TensorShape([None, 2]))] * top_paths + [(dtypes.int64, TensorShape([None]))] * top_paths +
            [(dtypes.int64, TensorShape([2]))] * top_paths +
            [(logits.dtype.base_dtype, TensorShape([batch, top_paths]))])


def beam_search_kernel(xp, inputs, sequence_length, *, beam_width, top_paths, merge_repeated=True):
    logits = np.asarray(inputs, np.float64)
    max_time, batch, _ = logits.shape
    if top_paths > beam_width:
        raise errors.InvalidArgumentError(None, None, "top_paths must be <= beam_width.")
    lengths = np.asarray(sequence_length).reshape(-1)
    if lengths.shape[0] != batch:
        raise errors.InvalidArgumentError(None, None, f"len(sequence_length) != batch_size.  len(sequence_length):  "
                                                      f"{lengths.shape[0]} batch_size: {batch}")
    per_path = [[] for _ in range(top_paths)]
    log_probability = np.zeros((batch, top_paths), np.asarray(inputs).dtype)
    for b in range(batch):
        length = int(lengths[b])
        if not 0 <= length <= max_time:
            raise errors.InvalidArgumentError(None, None, f"sequence_length({b}) <= {max_time}")
        for p, (labels, score) in enumerate(_decode_one(logits[:length, b], beam_width, top_paths, merge_repeated)):
            per_path[p].append(labels)
            log_probability[b, p] = score
    indices, values, shapes = [], [], []
    for sequences in per_path:
        indices.append(np.asarray([[b, i] for b, s in enumerate(sequences) for i in range(len(s))],
                                  np.int64).reshape(-1, 2))
        values.append(np.asarray([c for s in sequences for c in s], np.int64))
        shapes.append(np.asarray([batch, max((len(s) for s in sequences), default=0)], np.int64))
    return tuple(indices + values + shapes + [log_probability])
