"""The session's store of tensors kept by handle (TF's SessionState): keys, new handles, lookups.

A stored value lives in the session's ResourceManager under `store_key(handle)`, so it belongs to
one session and is released when that session closes.
"""
from __future__ import annotations

import itertools

from tfsess.framework import errors

_IDS_KEY = ("session_tensor_ids",)


def store_key(handle: str):
    """The ResourceManager key of the value stored under `handle`."""
    return ("session_tensor", handle)


def new_handle(resources, op_name: str, device_name: str) -> str:
    """TF's handle string for a value an op stores now: `<op name>;<id>;<device>`, ids counting up per session."""
    ids = resources.get_or_create(_IDS_KEY, itertools.count)
    return f"{op_name};{next(ids)};{device_name}"


def lookup(get, handle: str):
    """The value stored under `handle`, read with `get(key)` (a ResourceManager's or a Runtime's lookup);
    InvalidArgumentError when the session holds none (deleted, or another session's)."""
    found = get(store_key(handle))
    if found is None:
        raise errors.InvalidArgumentError(None, None, f"The tensor with handle '{handle}' is not in the session "
                                                      f"store.")
    return found
