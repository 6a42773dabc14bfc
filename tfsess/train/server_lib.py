"""tf.train.Server, tf.train.ServerDef, tf.config.experimental.ClusterDeviceFilters and
tf.test.create_local_cluster, in process.

TF's Server is a gRPC server that remote sessions and other tasks reach. tfsess has no gRPC runtime: a Server
of a one-task cluster (tf.train.Server.create_local_server, create_local_cluster(1, 0)) reserves its port and
gives a target whose sessions run in this process, as they run on that server in TF. A cluster of several
tasks needs the tasks to reach each other, so it is refused; tfsess distributes graphs through Dask
(`tf.Session('dask://...')`).
"""
from __future__ import annotations

import socket

from tfsess.client.session_targets import register_server_target
from tfsess.distributed.cluster import ClusterSpec
from tfsess.framework import errors
from tfsess.framework.config_pb import ConfigProto
from tfsess.framework.server_pb import ClusterDeviceFilters as _ClusterDeviceFiltersProto
from tfsess.framework.server_pb import ServerDef

_DASK_HINT = "tfsess distributes graphs through Dask instead: tf.Session('dask://HOST:PORT')"


def _make_server_def(server_or_cluster_def, job_name, task_index, protocol, config) -> ServerDef:
    """TF's ServerDef for the arguments of tf.train.Server (its defaults and checks)."""
    if isinstance(server_or_cluster_def, ServerDef):
        server_def = ServerDef()
        server_def.MergeFrom(server_or_cluster_def)
        if job_name is not None:
            server_def.job_name = job_name
        if task_index is not None:
            server_def.task_index = task_index
        if protocol is not None:
            server_def.protocol = protocol
    else:
        try:
            cluster_spec = ClusterSpec(server_or_cluster_def)
        except TypeError:
            raise TypeError("Could not convert `server_or_cluster_def` to a `tf.train.ServerDef` or "
                            "`tf.train.ClusterSpec`.") from None
        if job_name is None:
            if len(cluster_spec.jobs) != 1:
                raise ValueError("Must specify an explicit `job_name`.")
            job_name = cluster_spec.jobs[0]
        if task_index is None:
            indices = cluster_spec.task_indices(job_name)
            if len(indices) != 1:
                raise ValueError("Must specify an explicit `task_index`.")
            task_index = indices[0]
        server_def = ServerDef(cluster=cluster_spec.as_cluster_def(), job_name=job_name, task_index=task_index,
                               protocol="grpc" if protocol is None else protocol)
    if config is not None:
        server_def.default_session_config.MergeFrom(config)
    return server_def


def _reserve(address: str) -> socket.socket:
    """A socket bound (not listening) to `address`, so the server's port is its own; port 0 picks one."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"Could not start a server at {address!r}: expected HOST:PORT")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1" if host == "localhost" else host, int(port)))
    except OSError as e:
        sock.close()
        raise errors.UnknownError(None, None, f"Could not start gRPC server: {address}: {e.strerror}") from None
    return sock


class Server:
    """An in-process server of a one-task cluster (tf.train.Server): its ServerDef and a session target.

    Raises:
        TypeError: `server_or_cluster_def` is no ServerDef, ClusterDef, ClusterSpec or dict.
        ValueError: `job_name` or `task_index` is needed and not given, or the task is not in the cluster.
        NotImplementedError: the cluster has more than one task (its tasks would talk over gRPC).
        UnknownError: the task's address cannot be bound.
    """

    def __init__(self, server_or_cluster_def, job_name=None, task_index=None, protocol=None, config=None,
                 start=True):
        self._server_def = _make_server_def(server_or_cluster_def, job_name, task_index, protocol, config)
        cluster = ClusterSpec(self._server_def.cluster)
        job, task = self._server_def.job_name, self._server_def.task_index
        if job not in cluster.jobs or task not in cluster.task_indices(job):
            raise ValueError(f"Task /job:{job}/task:{task} is not in the cluster {cluster.as_dict()}")
        count = sum(cluster.num_tasks(j) for j in cluster.jobs)
        if count > 1:
            raise NotImplementedError(f"tf.train.Server for a cluster of {count} tasks: its tasks reach each other "
                                      f"through TF's gRPC runtime, which tfsess does not have; {_DASK_HINT}")
        address = cluster.task_address(job, task) or "localhost:0"  # a counted task: any free port
        self._socket = _reserve(address)
        host = address.rpartition(":")[0]
        self._target = f"{self._server_def.protocol}://{host}:{self._socket.getsockname()[1]}"
        self._config = ConfigProto()
        self._config.MergeFrom(self._server_def.default_session_config)
        self._started = False
        if start:
            self.start()

    def start(self):
        """Starts the server: from now on sessions on `target` run in this process."""
        if not self._started:
            register_server_target(self._target, self._config if self._config.ListFields() else None)
            self._started = True

    def join(self):
        """Would block until the server shuts down, serving remote sessions; tfsess serves none.

        Raises:
            NotImplementedError: always; no other process can reach an in-process tfsess server.
        """
        raise NotImplementedError(f"Server.join(): no other process can reach the in-process server "
                                  f"{self._target}, so it would wait forever; {_DASK_HINT}")

    @property
    def server_def(self) -> ServerDef:
        """The ServerDef this server was made from (tf.train.ServerDef)."""
        return self._server_def

    @property
    def target(self) -> str:
        """The session target of this server ('grpc://localhost:PORT')."""
        return self._target

    @staticmethod
    def create_local_server(config=None, start=True):
        """A server of the one-task cluster {"localhost": ["localhost:0"]} on a free port."""
        return Server({"localhost": ["localhost:0"]}, protocol="grpc", config=config, start=start)


class ClusterDeviceFilters:
    """Which devices each task of a cluster sees (tf.config.experimental.ClusterDeviceFilters)."""

    def __init__(self):
        self._device_filters = {}
        self._cluster_device_filters = None

    def set_device_filters(self, job_name, task_index, device_filters):
        """Sets the device filters of task `task_index` of `job_name` (a list of device-name prefixes)."""
        if not all(isinstance(f, str) for f in device_filters):
            raise AssertionError("device_filters must be strings")
        self._device_filters.setdefault(job_name, {})[task_index] = list(device_filters)
        self._cluster_device_filters = None

    def _as_cluster_device_filters(self):
        """The ClusterDeviceFilters message: jobs and tasks sorted."""
        if self._cluster_device_filters is None:
            message = _ClusterDeviceFiltersProto()
            for job_name in sorted(self._device_filters):
                job = message.jobs.add()
                job.name = job_name
                for task_index, filters in sorted(self._device_filters[job_name].items()):
                    job.tasks[task_index].device_filters.extend(filters)
            self._cluster_device_filters = message
        return self._cluster_device_filters


def create_local_cluster(num_workers, num_ps, protocol="grpc", worker_config=None, ps_config=None):
    """In-process servers of a cluster of `num_workers` workers and `num_ps` parameter servers
    (tf.test.create_local_cluster): only the one-task cluster (1 worker, no ps) is possible in tfsess.

    Returns:
        (workers, ps_servers), lists of Servers.

    Raises:
        NotImplementedError: a cluster of several tasks.
    """
    if num_workers + num_ps > 1:
        raise NotImplementedError(f"create_local_cluster({num_workers}, {num_ps}): a cluster of several tasks needs "
                                  f"TF's gRPC runtime; {_DASK_HINT}")
    cluster = {"worker": ["localhost:0"] * num_workers}
    if num_ps > 0:
        cluster["ps"] = ["localhost:0"] * num_ps
    workers = [Server(cluster, job_name="worker", protocol=protocol, task_index=i, config=worker_config)
               for i in range(num_workers)]
    ps_servers = [Server(cluster, job_name="ps", protocol=protocol, task_index=i, config=ps_config)
                  for i in range(num_ps)]
    return workers, ps_servers


__all__ = ["Server", "ServerDef"]
