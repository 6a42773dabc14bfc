"""The process's default session settings (TF's context config), set by tf.config.threading.

A Session made without a ConfigProto starts from these values, as TF 2's BaseSession takes
`context.context().config`; a session given a config uses that config alone.
"""
from __future__ import annotations

import threading

from tfsess.framework.config_pb import ConfigProto

_LOCK = threading.Lock()
_THREADS = {"intra_op_parallelism_threads": 0, "inter_op_parallelism_threads": 0}


def default_session_config() -> ConfigProto:
    """A new ConfigProto holding the process's defaults (0 threads: the system picks)."""
    with _LOCK:
        return ConfigProto(**_THREADS)


def _set(field, num_threads):
    if isinstance(num_threads, bool) or not isinstance(num_threads, int):
        try:
            num_threads = int(num_threads)
        except (TypeError, ValueError):
            raise TypeError(f"{field} must be an integer, got {num_threads!r}") from None
    with _LOCK:
        _THREADS[field] = num_threads


def get_intra_op_parallelism_threads() -> int:
    """Threads one op may use (BLAS, fused elementwise chains) in sessions made without a config; 0: the system picks."""
    return _THREADS["intra_op_parallelism_threads"]


def set_intra_op_parallelism_threads(num_threads):
    """Sets the intra-op threads of sessions made from now on without a config (0: the system picks)."""
    _set("intra_op_parallelism_threads", num_threads)


def get_inter_op_parallelism_threads() -> int:
    """Threads independent ops of a step may use in sessions made without a config; 0: the system picks."""
    return _THREADS["inter_op_parallelism_threads"]


def set_inter_op_parallelism_threads(num_threads):
    """Sets the inter-op threads of sessions made from now on without a config (0: the system picks)."""
    _set("inter_op_parallelism_threads", num_threads)


__all__ = ["get_inter_op_parallelism_threads", "get_intra_op_parallelism_threads",
           "set_inter_op_parallelism_threads", "set_intra_op_parallelism_threads"]
