"""cache(): the first complete pass of a dataset kept and replayed, in memory or in a file.

The file holds plain arrays (NumPy's .npz, never pickled): per component, every element's values
flattened end to end with their shapes (strings as bytes with their lengths). It is written
under a temporary name and renamed once the pass is complete, so a pass that stopped early,
or a writer that died, never leaves a cache that a later pass would read.
"""
from __future__ import annotations

import os
import threading

import numpy as np

from tfsess.data.pipeline import ElementError, Pipeline


class Cache(Pipeline):
    """cache(): the first complete pass is kept and replayed (in memory, per iterator)."""

    keeps_count = True

    def __init__(self, source):
        self.source = source

    def iterate(self, env):
        store = env.caches.get(id(self))
        if store is not None:
            yield from store
            return
        seen = []
        for elem in self.source.iterate(env):
            seen.append(elem)
            yield elem
        env.caches[id(self)] = seen


class FileCache(Pipeline):
    """cache(filename): the first complete pass is written to `filename`.npz, later passes read it."""

    keeps_count = True

    def __init__(self, source, filename):
        self.source, self.path = source, filename + ".npz"

    def iterate(self, env):
        if os.path.exists(self.path):
            yield from read_cache(self.path)
            return
        seen = []
        for elem in self.source.iterate(env):
            if not isinstance(elem, ElementError):
                seen.append(elem)
            yield elem
        write_cache(self.path, seen)  # reached only when the pass went to the end


def write_cache(path, elements):
    """Writes `elements` (flat lists of arrays) to `path` atomically."""
    width = len(elements[0]) if elements else 0
    arrays = {"count": np.array([len(elements), width], np.int64)}
    for j in range(width):
        for key, value in _pack_component([elem[j] for elem in elements]).items():
            arrays[f"c{j}_{key}"] = value
    temporary = f"{path}.{os.getpid()}.{threading.get_ident()}.partial"
    try:
        with open(temporary, "wb") as f:
            np.savez(f, **arrays)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _pack_component(values):
    arrays = [np.asarray(v) for v in values]
    packed = {"ranks": np.array([a.ndim for a in arrays], np.int64),
              "dims": np.array([d for a in arrays for d in a.shape], np.int64)}
    if arrays and arrays[0].dtype == object:
        strings = [s.encode() if isinstance(s, str) else bytes(s) for a in arrays for s in a.ravel()]
        packed["lengths"] = np.array([len(s) for s in strings], np.int64)
        packed["data"] = np.frombuffer(b"".join(strings), np.uint8)
    else:
        packed["data"] = np.concatenate([a.ravel() for a in arrays]) if arrays else np.zeros(0)
    return packed


def read_cache(path):
    """The elements `write_cache` wrote, in order."""
    with np.load(path, allow_pickle=False) as data:
        n, width = (int(v) for v in data["count"])
        columns = [_unpack_component({key: data[f"c{j}_{key}"] for key in ("ranks", "dims", "data")},
                                     data[f"c{j}_lengths"] if f"c{j}_lengths" in data.files else None)
                   for j in range(width)]
    for i in range(n):
        yield [column[i] for column in columns]


def _unpack_component(packed, lengths):
    ranks, dims, data = packed["ranks"], packed["dims"], packed["data"]
    shapes, at = [], 0
    for rank in ranks.tolist():
        shapes.append(tuple(dims[at:at + rank].tolist()))
        at += rank
    if lengths is not None:
        ends = np.cumsum(lengths).tolist()
        raw = data.tobytes()
        strings = [raw[end - length:end] for end, length in zip(ends, lengths.tolist())]
    out, offset = [], 0
    for shape in shapes:
        size = int(np.prod(shape, dtype=np.int64))
        if lengths is not None:
            value = np.empty(size, dtype=object)
            value[:] = strings[offset:offset + size]
        else:
            value = data[offset:offset + size]
        out.append(value.reshape(shape))
        offset += size
    return out
