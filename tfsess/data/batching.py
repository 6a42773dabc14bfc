"""batch and padded_batch at run time: elements stacked, or columnar chunks sliced and joined.

As in TF, an error from the input ends the batch being gathered (its elements are dropped) and is
raised for that get_next; a batch over a map is TF's fused map-and-batch, where a failing function
fails the whole batch it falls in.
"""
from __future__ import annotations

import numpy as np

from tfsess.data.element_leaves import SPARSE, is_ragged, leaf_groups, stack_ragged, stack_sparse
from tfsess.data.pipeline import ElementError, Map, MapFunctionError, Pipeline, stack_dense
from tfsess.framework import errors


class Batch(Pipeline):
    """batch and padded_batch (`pad`: per component, the padded shape (None dims: longest) and value)."""

    def __init__(self, source, size, drop_remainder, pad=None, layout=None):
        self.source, self.size, self.drop_remainder, self.pad = source, int(size), bool(drop_remainder), pad
        self.layout = layout

    def cardinality(self):
        n = self.source.cardinality()
        if n < 0:
            return n
        return n // self.size if self.drop_remainder else -(-n // self.size)

    def _fused(self):
        """TF's map-and-batch fusion (on by default) takes over a batch of a map: when the function fails
        on an element, the whole batch fails (its elements consumed)."""
        return self.pad is None and isinstance(self.source, Map)

    def iterate(self, env):
        if self.pad is None and self.source.columnar:
            yield from self._from_chunks(env)
            return
        fused = self._fused()
        chunk, failed, held = [], None, 0
        for elem in self.source.iterate(env):
            if isinstance(elem, MapFunctionError) and fused:
                failed = failed or elem
            elif isinstance(elem, ElementError):  # an input's error: the batch so far is dropped, as in TF
                yield failed or elem
                chunk, failed, held = [], None, 0
                continue
            else:
                chunk.append(elem)
            held += 1
            if held == self.size:
                yield failed or self._stack(chunk)
                chunk, failed, held = [], None, 0
        if failed or (held and not self.drop_remainder):
            yield failed or self._stack(chunk)

    def _from_chunks(self, env):
        """Batches cut from the source's chunks: slices and joins, no per-element work. `segments` holds
        the rows not batched yet: stacked arrays, or a failed map chunk standing for its rows."""
        fused = self._fused()
        chunks = self.source.chunks(env, self.size, whole=True) if fused else self.source.chunks(env, self.size)
        segments, held = [], 0
        for chunk in chunks:
            if isinstance(chunk, MapFunctionError) and fused:
                segments.append(chunk)
                held += chunk.rows
            elif isinstance(chunk, ElementError):  # an input's error: the batch so far is dropped, as in TF
                yield _first_failure(segments) or chunk
                segments, held = [], 0
                continue
            else:
                segments.append(chunk)
                held += len(chunk[0])
            while held >= self.size:
                batch, segments = _cut(segments, self.size)
                held -= self.size
                yield _assembled(batch)
        if held and (not self.drop_remainder or _first_failure(segments)):
            yield _assembled(segments)

    def _stack(self, chunk):
        layout = self.layout or [1] * len(chunk[0])
        out = []
        for i, parts in enumerate(zip(*[leaf_groups(elem, layout) for elem in chunk])):
            if layout[i] == SPARSE or is_ragged(layout[i]):
                out += stack_sparse(parts) if layout[i] == SPARSE else stack_ragged(parts)
                continue
            arrays = [p[0] for p in parts]
            if self.pad is None:
                if any(a.shape != arrays[0].shape for a in arrays):
                    return ElementError(errors.InvalidArgumentError(
                        None, None, "Cannot batch tensors with different shapes in component "
                        f"{i}. First element had shape {list(arrays[0].shape)} and element "
                        f"{next(k for k, a in enumerate(arrays) if a.shape != arrays[0].shape)} had shape "
                        f"{list(next(a for a in arrays if a.shape != arrays[0].shape).shape)}."))
                out.append(stack_dense(arrays))
            else:
                padded = _pad_stack(arrays, *self.pad[i])
                if isinstance(padded, ElementError):
                    return padded
                out.append(padded)
        return out


def _join(chunks):
    if len(chunks) == 1:
        return chunks[0]
    return [np.concatenate(parts) for parts in zip(*chunks)]


def _owned(array):
    """A batch the caller may modify: a view into the source's arrays is copied."""
    return array if array.base is None else array.copy()


def _pad_stack(arrays, shape, value):
    for a in arrays:
        if a.ndim != len(shape):
            return ElementError(errors.InvalidArgumentError(
                None, None, "All elements in a batch must have the same rank as the padded shape for component: "
                f"expected rank {len(shape)} but got element with rank {a.ndim}"))
    longest = [max(a.shape[d] for a in arrays) for d in range(arrays[0].ndim)]
    target = [longest[d] if dim is None else dim for d, dim in enumerate(shape)]
    for a in arrays:
        if any(n > t for n, t in zip(a.shape, target)):
            return ElementError(errors.DataLossError(
                None, None, f"Attempted to pad to a smaller size than the input element: {list(a.shape)} "
                f"vs padded shape {target}."))
    dtype = arrays[0].dtype
    out = np.empty([len(arrays)] + target, dtype=dtype)
    out[...] = value
    for k, a in enumerate(arrays):
        out[(k,) + tuple(slice(0, n) for n in a.shape)] = a if a.ndim else a[()]
    return out


def _rows_of(segment):
    return segment.rows if isinstance(segment, MapFunctionError) else len(segment[0])


def _cut(segments, size):
    """(the segments of the first `size` rows, the rest), a segment split where the cut falls in it."""
    taken, count = [], 0
    for k, segment in enumerate(segments):
        n = _rows_of(segment)
        if count + n <= size:
            taken.append(segment)
            count += n
            if count == size:
                return taken, segments[k + 1:]
            continue
        keep = size - count
        if isinstance(segment, MapFunctionError):
            head, tail = MapFunctionError(segment.error, keep), MapFunctionError(segment.error, n - keep)
        else:
            head, tail = [c[:keep] for c in segment], [c[keep:] for c in segment]
        return taken + [head], [tail] + segments[k + 1:]
    return taken, []


def _first_failure(segments):
    return next((s for s in segments if isinstance(s, MapFunctionError)), None)


def _assembled(segments):
    """One batch from its segments: the first failure among them, else the rows joined (owned arrays)."""
    return _first_failure(segments) or [_owned(c) for c in _join(segments)]
