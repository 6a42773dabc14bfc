"""tf.data.experimental.service: TF's configuration records; functions that need a dispatcher refuse by name."""
import pytest

import tfsess as tf


def test_configs_fill_tf_defaults():
    s = tf.data.experimental.service
    assert s.DispatcherConfig().protocol == "grpc" and s.DispatcherConfig(job_gc_timeout_ms=None).job_gc_timeout_ms == 0
    worker = s.WorkerConfig("dispatcher:5050")
    assert worker.worker_address == "localhost:%port%" and worker.data_transfer_address == "localhost:%dts_port%"
    assert s.ShardingPolicy.DATA == 3


def test_service_functions_refuse_by_name():
    e = tf.data.experimental
    dataset = tf.data.Dataset.range(3)
    with pytest.raises(NotImplementedError, match="service.distribute"):
        dataset.apply(e.service.distribute("parallel_epochs", "grpc://localhost:5000"))
    with pytest.raises(NotImplementedError, match="register_dataset"):
        e.service.register_dataset("grpc://localhost:5000", dataset)
    with pytest.raises(NotImplementedError, match="from_dataset_id"):
        e.service.from_dataset_id("parallel_epochs", "grpc://localhost:5000", "1")
    with pytest.raises(NotImplementedError, match="distributed_save"):
        e.distributed_save(dataset, "/tmp/unused", "localhost:5000")
