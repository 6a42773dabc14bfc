"""The leaves of a dataset element as pipelines carry them, as host arrays.

A dense tensor travels as one array, a SparseTensor as three (indices, values, dense_shape), a
RaggedTensor as its flat values then one row-splits array per ragged dimension, outermost first.
A layout lists one entry per leaf: 1 (dense), SPARSE (3), or `ragged_entry(ragged_rank)`, a
negative number whose magnitude is the leaf's width. Rows of a leaf are its items along the first
dimension; stacking rows gives a leaf of one more dimension (a ragged leaf one more ragged one).
"""
from __future__ import annotations

import numpy as np

SPARSE = 3


def ragged_entry(ragged_rank: int) -> int:
    """The layout entry of a RaggedTensor leaf of `ragged_rank`."""
    return -(ragged_rank + 1)


def is_ragged(entry) -> bool:
    return entry < 0


def leaf_groups(flat, layout):
    """`flat` cut into one list of arrays per leaf."""
    out, k = [], 0
    for entry in layout:
        width = abs(entry)
        out.append([np.asarray(c) for c in flat[k:k + width]])
        k += width
    return out


def leaf_count(group, entry) -> int:
    """How many rows the leaf `group` has."""
    if is_ragged(entry) and len(group) > 1:
        return len(group[1]) - 1
    if entry == SPARSE:
        return int(group[2][0])
    return len(group[0])


def leaf_row(group, entry, i):
    """The arrays of row `i` of the leaf `group`."""
    if is_ragged(entry) and len(group) > 1:
        return ragged_row(group, i)
    if entry == SPARSE:
        indices, values, shape = group
        keep = indices[:, 0] == i
        return [indices[keep][:, 1:], values[keep], shape[1:]]
    return [group[0][i]]


def rows(flat, layout):
    """The elements an element splits into along its first dimension."""
    groups = leaf_groups(flat, layout)
    n = leaf_count(groups[0], layout[0]) if groups else 0
    for i in range(n):
        row = []
        for group, entry in zip(groups, layout):
            row += leaf_row(group, entry, i)
        yield row


def ragged_row(group, i):
    """Row `i` of a ragged leaf [flat_values, splits...]: its flat values and inner splits rebased to 0."""
    flat, splits = group[0], group[1:]
    lo, hi = int(splits[0][i]), int(splits[0][i + 1])
    inner = []
    for level in splits[1:]:
        part = level[lo:hi + 1]
        inner.append(part - part[0])
        lo, hi = int(part[0]), int(part[-1])
    return [flat[lo:hi]] + inner


def stack_ragged(parts, splits_dtype=np.int64):
    """Ragged leaves of one ragged_rank (or dense rows, ragged_rank 0) stacked into a ragged leaf with
    one more ragged dimension: [flat_values, outer splits, inner splits...]."""
    counts = [len(p[1]) - 1 if len(p) > 1 else len(p[0]) for p in parts]
    dtype = parts[0][1].dtype if len(parts[0]) > 1 else np.dtype(splits_dtype)
    outer = np.concatenate([[0], np.cumsum(counts)]).astype(dtype)
    levels = []
    for level in range(1, len(parts[0])):
        pieces, offset = [], 0
        for p in parts:
            pieces.append(p[level][:-1] + offset)
            offset += int(p[level][-1])
        pieces.append(np.asarray([offset]))
        levels.append(np.concatenate(pieces).astype(dtype))
    flat = np.concatenate([np.asarray(p[0]) for p in parts]) if parts[0][0].dtype != object else \
        _concat_objects([p[0] for p in parts])
    return [flat, outer] + levels


def _concat_objects(arrays):
    out = np.empty((sum(len(a) for a in arrays),) + arrays[0].shape[1:], dtype=object)
    at = 0
    for a in arrays:
        out[at:at + len(a)] = a
        at += len(a)
    return out


def stack_sparse(parts):
    """SparseTensor leaves stacked along a new first dimension (the dense shape: the largest of each)."""
    shapes = np.array([p[2] for p in parts], dtype=np.int64)
    dense = np.concatenate([[len(parts)], shapes.max(axis=0) if len(shapes[0]) else []]).astype(np.int64)
    indices = [np.concatenate([np.full((len(p[0]), 1), k, np.int64), np.asarray(p[0], np.int64).reshape(
        len(p[0]), len(p[2]))], axis=1) for k, p in enumerate(parts)]
    return [np.concatenate(indices).astype(np.int64), np.concatenate([np.asarray(p[1]) for p in parts]), dense]


def _sparse_order_problem(indices):
    """TF's complaint about the first index of a SparseTensor that is out of order or repeated, or None."""
    n = len(indices)
    repeated = np.all(indices[1:] == indices[:-1], axis=1)
    if not repeated.any() and (np.lexsort(indices.T[::-1]) == np.arange(n)).all():
        return None
    for i in range(1, n):
        here, before = tuple(indices[i].tolist()), tuple(indices[i - 1].tolist())
        if here <= before:
            return (f"indices[{i}] = [{','.join(map(str, here))}] is {'repeated' if here == before else 'out of order'}."
                    " Many sparse ops require sorted indices.\n    Use `tf.sparse.reorder` to create a correctly "
                    "ordered copy.\n\n")
    return None


def unbatch_problem(elem, layout):
    """What TF's unbatch rejects in an element: components of different batch sizes, a SparseTensor whose
    indices are out of order (TF serializes it first, which demands the canonical order)."""
    groups = leaf_groups(elem, layout)
    sizes = [leaf_count(g, e) for g, e in zip(groups, layout)]
    for k, size in enumerate(sizes):
        if size != sizes[0]:
            return (f"Input element must have the same batch size in each component. Component 0 had size "
                    f"{sizes[0]} but component {k} had size {size}.")
    for group, entry in zip(groups, layout):
        if entry == SPARSE and len(group[0]) > 1:
            problem = _sparse_order_problem(group[0])
            if problem:
                return problem
    return None
