"""The last few Fourier spectra conv_fourier computed, reused when the same values come again.

A training step transforms each tensor twice: the forward convolution and the filter backprop
both take the spectrum of the layer's input, and both backprops take the spectrum of the output's
gradient. A spectrum is a pure function of the values and the grid, so a lookup compares the
values, bit for bit, with a private copy of those it was computed from: a hit gives exactly the
bits a new transform would, whatever happened to the array in between (in-place updates, reused
buffers), and a miss costs one early-exiting comparison. Entries are read-only, so threads may
share them; the memo keeps at most MAX_ENTRIES of at most MAX_BYTES together.
"""
from __future__ import annotations

import collections
import threading

import numpy as np

MAX_ENTRIES = 8          # two per Fourier layer of a training step (its input, its output's gradient)
MAX_BYTES = 64 << 20     # the copies and spectra held together (one entry: at most a quarter)
COMPARE_CHUNK = 1 << 15  # items compared at a time: a differing array is usually told in the first chunk

_lock = threading.Lock()
_entries = collections.OrderedDict()  # key -> [(values copy, spectrum)], most recent last


def _key(values, positions):
    return values.shape, values.dtype.str, positions


def _words(a):
    """`a`'s bytes as a flat array of the widest unsigned integers that divide its item size."""
    size = a.dtype.itemsize
    width = 8 if size % 8 == 0 else 4 if size % 4 == 0 else 2 if size % 2 == 0 else 1
    return a.reshape(-1).view(f"u{width}")


def _same_bits(a, b):
    a, b = _words(a), _words(b)
    for start in range(0, a.size, COMPARE_CHUNK):
        if not np.array_equal(a[start:start + COMPARE_CHUNK], b[start:start + COMPARE_CHUNK]):
            return False
    return True


def lookup(values, positions):
    """The spectrum remembered for C-contiguous `values` transformed as `positions` (a hashable
    description of grid and placement) says, or None."""
    with _lock:
        found = _entries.get(_key(values, positions))
    if found is None:
        return None
    source, spectrum = found
    return spectrum if _same_bits(source, values) else None


def remember(values, positions, spectrum):
    """Keeps copies of C-contiguous `values` and of the `spectrum` computed from them (which may
    live in scratch that the next call overwrites)."""
    if values.nbytes + spectrum.nbytes > MAX_BYTES // 4:
        return
    source, kept = values.copy(), spectrum.copy()
    source.setflags(write=False)
    kept.setflags(write=False)
    key = _key(values, positions)
    with _lock:
        _entries.pop(key, None)
        _entries[key] = (source, kept)
        while len(_entries) > MAX_ENTRIES or _held_bytes() > MAX_BYTES:
            _entries.popitem(last=False)


def _held_bytes():
    return sum(source.nbytes + kept.nbytes for source, kept in _entries.values())


def clear():
    """Forgets every entry (tests; releasing memory)."""
    with _lock:
        _entries.clear()
