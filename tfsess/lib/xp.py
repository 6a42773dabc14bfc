"""Arrays on either array module: the one copy from a device (CuPy) array back to the host."""
from __future__ import annotations

import numpy as np


def to_host(value, dtype=None):
    """`value` as a NumPy array (or NumPy scalar) in host memory: a CuPy array is copied back.

    Device arrays are told by `__cuda_array_interface__` (or, failing that, by a `get()` method on
    a non-NumPy value); NumPy arrays and scalars pass through unchanged when no `dtype` is asked
    for; anything else goes through `np.asarray`.
    """
    if hasattr(value, "__cuda_array_interface__"):
        value = value.get()
    elif not isinstance(value, (np.ndarray, np.generic, dict)):
        get = getattr(value, "get", None)
        if callable(get):
            value = get()
    if dtype is None and isinstance(value, (np.ndarray, np.generic)):
        return value
    return np.asarray(value, dtype=dtype)
