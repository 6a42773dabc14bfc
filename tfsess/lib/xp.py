"""Arrays on either array module: the one copy from a device (CuPy) array back to the host."""
from __future__ import annotations

import numpy as np


def to_host(value, dtype=None):
    """`value` as a NumPy array (or NumPy scalar) in host memory: a CuPy array is copied back.

    NumPy arrays and scalars pass through unchanged when no `dtype` is asked for; anything else
    goes through `np.asarray`.
    """
    if not isinstance(value, (np.ndarray, np.generic)):
        get = getattr(value, "get", None)  # a CuPy array (or the tests' NumPy-backed stand-in)
        if callable(get) and not isinstance(value, dict):
            value = get()
    if dtype is None and isinstance(value, (np.ndarray, np.generic)):
        return value
    return np.asarray(value, dtype=dtype)
