"""tf.data.experimental.service and the tf.data debugging names that graph mode meets.

The tf.data service runs dataset pipelines on a dispatcher and workers reached over gRPC; tfsess has no such
servers. Its configuration records (DispatcherConfig, WorkerConfig with TF's defaults, ShardingPolicy,
CrossTrainerCache) are built as TF builds them; the functions that would talk to a dispatcher refuse with
NotImplementedError naming themselves. enable_debug_mode and get_model_proto raise TF's graph-mode errors.
"""
from __future__ import annotations

import collections
import enum

_NO_SERVICE = ("tfsess has no tf.data service (dispatcher and workers over gRPC); run the pipeline in the "
               "session, or distribute the graph through Dask")


class ShardingPolicy(enum.IntEnum):
    """How the tf.data service shards a dataset across its workers (tf.data.experimental.service.ShardingPolicy)."""
    OFF = 0
    DYNAMIC = 1
    FILE = 2
    DATA = 3
    FILE_OR_DATA = 4
    HINT = 5


class CrossTrainerCache:
    """Lets trainers share the elements a tf.data service job produces (identified by `trainer_id`)."""

    def __init__(self, trainer_id):
        if not trainer_id:
            raise ValueError("tf.data service cross-trainer cache requires a non-empty trainer ID.")
        self.trainer_id = trainer_id


_DispatcherFields = ["port", "protocol", "work_dir", "fault_tolerant_mode", "worker_addresses",
                     "job_gc_check_interval_ms", "job_gc_timeout_ms", "worker_timeout_ms",
                     "worker_max_concurrent_snapshots"]


class DispatcherConfig(collections.namedtuple("DispatcherConfig", _DispatcherFields)):
    """The configuration of a tf.data service dispatcher, with TF's defaults filled in."""

    def __new__(cls, port=0, protocol=None, work_dir=None, fault_tolerant_mode=False, worker_addresses=None,
                job_gc_check_interval_ms=None, job_gc_timeout_ms=None, worker_timeout_ms=None,
                worker_max_concurrent_snapshots=0):
        return super().__new__(cls, port, "grpc" if protocol is None else protocol, work_dir, fault_tolerant_mode,
                               worker_addresses, job_gc_check_interval_ms or 0, job_gc_timeout_ms or 0,
                               worker_timeout_ms, worker_max_concurrent_snapshots)


_WorkerFields = ["dispatcher_address", "worker_address", "port", "protocol", "heartbeat_interval_ms",
                 "dispatcher_timeout_ms", "data_transfer_protocol", "data_transfer_address"]


class WorkerConfig(collections.namedtuple("WorkerConfig", _WorkerFields)):
    """The configuration of a tf.data service worker, with TF's defaults filled in."""

    def __new__(cls, dispatcher_address, worker_address=None, port=0, protocol=None, heartbeat_interval_ms=None,
                dispatcher_timeout_ms=None, data_transfer_protocol=None, data_transfer_address=None):
        return super().__new__(cls, dispatcher_address, "localhost:%port%" if worker_address is None else
                               worker_address, port, "grpc" if protocol is None else protocol,
                               heartbeat_interval_ms or 0, dispatcher_timeout_ms or 0, data_transfer_protocol,
                               "localhost:%dts_port%" if data_transfer_address is None else data_transfer_address)


def distribute(processing_mode, service, job_name=None, consumer_index=None, num_consumers=None,
               max_outstanding_requests=None, data_transfer_protocol=None, compression="AUTO",
               cross_trainer_cache=None, target_workers="AUTO"):
    """Would move a dataset's processing to the tf.data service at `service`: refused (no service)."""
    raise NotImplementedError(f"tf.data.experimental.service.distribute({service!r}): {_NO_SERVICE}")


def register_dataset(service, dataset, compression="AUTO", dataset_id=None):
    """Would register `dataset` with the tf.data service at `service`: refused (no service)."""
    raise NotImplementedError(f"tf.data.experimental.service.register_dataset({service!r}): {_NO_SERVICE}")


def from_dataset_id(processing_mode, service, dataset_id, element_spec=None, job_name=None, consumer_index=None,
                    num_consumers=None, max_outstanding_requests=None, data_transfer_protocol=None,
                    cross_trainer_cache=None, target_workers="AUTO"):
    """Would read the registered dataset `dataset_id` from the tf.data service: refused (no service)."""
    raise NotImplementedError(f"tf.data.experimental.service.from_dataset_id({service!r}): {_NO_SERVICE}")


def distributed_save(dataset, directory, dispatcher_address, compression="AUTO"):
    """Would snapshot `dataset` to `directory` through the tf.data service: refused (no service)."""
    raise NotImplementedError(f"tf.data.experimental.distributed_save({dispatcher_address!r}): {_NO_SERVICE}")


def enable_debug_mode():
    """tf.data's debug mode runs dataset functions eagerly; in graph mode TF refuses it, as tfsess does.

    Raises:
        ValueError: always (graph mode).
    """
    raise ValueError("`enable_debug_mode() is only supported in eager mode.")


def get_model_proto(iterator):
    """The autotuning model of an eager tf.data.Iterator; graph-mode iterators have none.

    Raises:
        ValueError: always (graph mode has no tf.data.Iterator).
    """
    raise ValueError("Only supports `tf.data.Iterator`-typed `iterator`.")


__all__ = ["CrossTrainerCache", "DispatcherConfig", "ShardingPolicy", "WorkerConfig", "distribute",
           "from_dataset_id", "register_dataset"]
