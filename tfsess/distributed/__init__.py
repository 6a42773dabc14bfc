"""tfsess beyond one machine: sessions whose graphs run on a Dask cluster.

    import tfsess as tf
    cluster = tf.train.ClusterSpec({"ps": 1, "worker": 2})     # task counts map onto the Dask workers
    with tf.device(tf.train.replica_device_setter(cluster=cluster)):
        ...build the graph...
    with tf.Session("dask://127.0.0.1:8786", config=tf.ConfigProto(cluster_def=cluster.as_cluster_def())) as sess:
        sess.run(train_op)

`tfsess.distributed.DaskSession(target, graph, config, cluster=...)` is the same session class,
usable directly (with `cluster=`). Importing this package does not import Dask; the session
module does (install the `dask` extra: `pip install tfsess[dask]`).
"""
from __future__ import annotations

from tfsess.distributed.cluster import ClusterDef, ClusterSpec, JobDef, replica_device_setter


def is_dask_target(target) -> bool:
    """Whether a Session target names a Dask cluster ('dask://...', a distributed.Client, a Dask cluster)."""
    if isinstance(target, bytes):
        return target.startswith(b"dask://")
    if isinstance(target, str):
        return target.startswith("dask://")
    module = type(target).__module__ or ""
    return module.split(".")[0] in ("distributed", "dask_jobqueue", "dask_kubernetes") and (
        hasattr(target, "scheduler_address") or hasattr(target, "submit"))


def session_class(cls, target):
    """The class `Session.__new__` should instantiate: a Dask session class for Dask targets, else `cls`."""
    if not is_dask_target(target) and not getattr(cls, "_is_dask_session", False):
        return cls
    from tfsess.distributed import session
    return session.session_class(cls, target)


def make_session(target, graph=None, config=None, **kwargs):
    """A DaskSession for a Dask target; None for any other target."""
    if not is_dask_target(target):
        return None
    from tfsess.distributed.session import DaskSession
    return DaskSession(target, graph, config, **kwargs)


def reset(target, containers=None, config=None):
    """tf.Session.reset for Dask targets: drops the variables and queues held by every task."""
    from tfsess.distributed import session
    return session.reset(target, containers, config)


def __getattr__(name):
    if name in ("DaskSession", "DaskInteractiveSession"):
        from tfsess.distributed import session
        return getattr(session, name)
    raise AttributeError(f"module 'tfsess.distributed' has no attribute {name!r}")


__all__ = ["ClusterSpec", "ClusterDef", "JobDef", "replica_device_setter", "DaskSession", "DaskInteractiveSession",
           "make_session", "session_class", "is_dask_target", "reset"]
