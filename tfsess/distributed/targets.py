"""Dask session targets: which targets name a Dask cluster, and their scheduler addresses (no Dask import)."""
from __future__ import annotations

from tfsess.framework import errors


def is_dask_target(target) -> bool:
    """Whether a Session target names a Dask cluster ('dask://...', a distributed.Client, a Dask cluster)."""
    if isinstance(target, bytes):
        return target.startswith(b"dask://")
    if isinstance(target, str):
        return target.startswith("dask://")
    module = type(target).__module__ or ""
    return module.split(".")[0] in ("distributed", "dask_jobqueue", "dask_kubernetes") and (
        hasattr(target, "scheduler_address") or hasattr(target, "submit"))


def scheduler_address(target: str) -> str:
    """'dask://HOST:PORT' -> 'tcp://HOST:PORT' ('dask://tls://...' and 'dask://inproc://...' keep theirs)."""
    rest = target[len("dask://"):]
    if not rest or rest.startswith("/"):
        raise errors.UnavailableError(None, None, f"Invalid Dask target {target!r}: expected dask://HOST:PORT")
    return rest if "://" in rest else "tcp://" + rest
