"""The message schemas of a server: ServerDef (tf.train.ServerDef) and the device filters of a cluster
(ClusterDeviceFilters, JobDeviceFilters, TaskDeviceFilters), with TF's field numbers."""
from __future__ import annotations

from tfsess.framework.config_pb import ClusterDef, ConfigProto
from tfsess.framework.message import Message, map_of, repeated


class TaskDeviceFilters(Message):
    """The device filters of one task."""
    FIELDS = {"device_filters": repeated("string")}


class JobDeviceFilters(Message):
    """The device filters of one job's tasks, by task index."""
    FIELDS = {"name": "string", "tasks": map_of("int32", TaskDeviceFilters)}


class ClusterDeviceFilters(Message):
    """The device filters of a cluster's jobs."""
    FIELDS = {"jobs": repeated(JobDeviceFilters)}


class ServerDef(Message):
    """What a server is: its cluster, its job and task in it, protocol, port and default session config
    (tf.train.ServerDef)."""
    FIELDS = {"cluster": ClusterDef, "job_name": "string", "replica": "int32", "task_index": "int32",
              "default_session_config": ConfigProto, "protocol": "string", "port": "int32",
              "cluster_device_filters": ClusterDeviceFilters}


__all__ = ["ClusterDeviceFilters", "JobDeviceFilters", "ServerDef", "TaskDeviceFilters"]
