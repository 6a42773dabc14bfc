"""tfsess beyond one machine: sessions whose graphs run on a Dask cluster.

    import tfsess as tf
    cluster = tf.train.ClusterSpec({"ps": 1, "worker": 2})     # task counts map onto the Dask workers
    with tf.device(tf.train.replica_device_setter(cluster=cluster)):
        ...build the graph...
    with tf.Session("dask://127.0.0.1:8786", config=tf.ConfigProto(cluster_def=cluster.as_cluster_def())) as sess:
        sess.run(train_op)

`tfsess.distributed.DaskSession(target, graph, config, cluster=...)` is a tf.Session that picks the
Dask runtime with its options (`cluster=`). This module is the namespace: it gathers the public
names (the session classes live in client/dask_session.py, the runtime in distributed/runtime.py).
Importing it does not import Dask; the runtime does (install the `dask` extra: `pip install tfsess[dask]`).
"""
from __future__ import annotations

from tfsess.distributed.cluster import ClusterDef, ClusterSpec, JobDef, replica_device_setter
from tfsess.client.dask_session import DaskInteractiveSession, DaskSession, make_session
from tfsess.client.session_targets import is_dask_target


def reset(target, containers=None, config=None):
    """tf.Session.reset for Dask targets: drops the variables and queues held by every task."""
    from tfsess.distributed.runtime import reset as reset_cluster  # optional dependency: Dask
    return reset_cluster(target, containers, config)


__all__ = ["ClusterSpec", "ClusterDef", "JobDef", "replica_device_setter", "DaskSession", "DaskInteractiveSession",
           "make_session", "is_dask_target", "reset"]
