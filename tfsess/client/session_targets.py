"""The table of session targets (TF's SessionFactory registry): which Runtime a Session target runs on.

    ''                                              -> LocalRuntime (this process; 'local' is TF's NotFoundError)
    'dask://HOST:PORT', a distributed.Client, a Dask cluster -> DaskRuntime (tfsess.distributed)
    the target of an in-process tf.train.Server ('grpc://localhost:PORT') -> LocalRuntime

Adding a kind of target is adding a row.
"""
from __future__ import annotations

from tfsess.framework import errors
from tfsess.runtime.local import LocalRuntime


def is_dask_target(target) -> bool:
    """Whether a Session target names a Dask cluster ('dask://...', a distributed.Client, a Dask cluster)."""
    if isinstance(target, bytes):
        return target.startswith(b"dask://")
    if isinstance(target, str):
        return target.startswith("dask://")
    module = type(target).__module__ or ""
    return module.split(".")[0] in ("distributed", "dask_jobqueue", "dask_kubernetes") and (
        hasattr(target, "scheduler_address") or hasattr(target, "submit"))


def _is_local(target) -> bool:
    return target in ("", b"")


_SERVER_TARGETS = {}  # the targets of this process's tf.train.Server objects -> their default session config


def register_server_target(target: str, default_config) -> None:
    """Makes sessions on `target` (an in-process server's) run in this process, as a session on a TF server
    of a one-task cluster runs on that server's devices; `default_config` (or None) is its sessions' default."""
    _SERVER_TARGETS[target] = default_config


def _is_server(target) -> bool:
    text = target.decode(errors="replace") if isinstance(target, bytes) else target
    return isinstance(text, str) and text in _SERVER_TARGETS


def _server_runtime(target, graph, config, **options):
    text = target.decode(errors="replace") if isinstance(target, bytes) else target
    default = _SERVER_TARGETS[text]
    if default is not None:
        merged = type(default)()
        merged.MergeFrom(default)
        merged.MergeFrom(config)  # the session's own options win over the server's defaults
        config = merged
    return LocalRuntime(text.encode(), graph, config)


def _local_runtime(target, graph, config, **options):
    return LocalRuntime(target.encode() if isinstance(target, str) else target, graph, config)


def _dask_runtime(target, graph, config, **options):
    from tfsess.distributed.runtime import DaskRuntime  # optional dependency: Dask
    return DaskRuntime(target, graph, config, **options)


SESSION_TARGETS = [  # (matches(target), factory(target, graph, config, **options))
    (_is_local, _local_runtime),
    (is_dask_target, _dask_runtime),
    (_is_server, _server_runtime),
]


def open_runtime(target, graph, config, **options):
    """The Runtime for `target`; TypeError for a target of the wrong kind, NotFoundError for an unknown one."""
    if target is None:
        target = ""
    for matches, factory in SESSION_TARGETS:
        if matches(target):
            return factory(target, graph, config, **options)
    if not isinstance(target, (str, bytes)):
        raise TypeError(f"target must be a string, but got {type(target)}")
    text = target.decode(errors="replace") if isinstance(target, bytes) else target
    raise errors.NotFoundError(
        None, None, f"No session factory registered for the given session options: {{target: \"{text}\"}}. "
                    "tfsess supports the in-process target '' only.")
