"""tf.train.Server in process: one-task clusters give a target whose sessions run here; clusters of several
tasks, join() and busy ports are refused with TF's or a named error."""
import socket

import pytest

import tfsess as tf
from tfsess.framework.server_pb import ServerDef


def test_local_server_target_runs_sessions_with_its_default_config():
    server = tf.train.Server.create_local_server(config=tf.ConfigProto(operation_timeout_in_ms=1234))
    assert server.target.startswith("grpc://localhost:") and not server.target.endswith(":0")
    with tf.Graph().as_default():
        total = tf.reduce_sum(tf.constant([1.0, 2.0]))
        with tf.Session(server.target) as sess:
            assert sess.run(total) == 3.0
            assert sess.sess_str == server.target.encode()


def test_unstarted_server_has_no_sessions_yet():
    server = tf.train.Server({"solo": ["localhost:0"]}, start=False)
    with pytest.raises(tf.errors.NotFoundError, match="No session factory"):
        tf.Session(server.target)
    server.start()
    tf.Session(server.target).close()


def test_several_tasks_and_join_are_refused():
    with pytest.raises(NotImplementedError, match="cluster of 2 tasks"):
        tf.train.Server({"w": ["localhost:0", "localhost:0"]}, task_index=1)
    with pytest.raises(NotImplementedError, match="create_local_cluster"):
        tf.test.create_local_cluster(2, 1)
    workers, ps = tf.test.create_local_cluster(1, 0)
    assert len(workers) == 1 and ps == [] and workers[0].server_def.job_name == "worker"
    with pytest.raises(NotImplementedError, match="join"):
        workers[0].join()


def test_task_outside_the_cluster_and_busy_port():
    with pytest.raises(ValueError, match="not in the cluster"):
        tf.train.Server(ServerDef(cluster=tf.train.ClusterSpec({"w": ["localhost:0"]}).as_cluster_def(),
                                  job_name="w", task_index=3))
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        with pytest.raises(tf.errors.UnknownError, match="Could not start gRPC server"):
            tf.train.Server({"w": [f"localhost:{busy.getsockname()[1]}"]})
    finally:
        busy.close()


def test_message_valued_maps_parse_print_and_merge():
    filters = tf.config.experimental.ClusterDeviceFilters()
    filters.set_device_filters("w", 2, ["/job:ps"])
    message = filters._as_cluster_device_filters()
    assert message.jobs[0].tasks[2].device_filters == ["/job:ps"]
    server_def = ServerDef(job_name="w")
    server_def.cluster_device_filters.MergeFrom(message)
    again = ServerDef.FromString(server_def.SerializeToString())
    assert again == server_def and "value {\n" in str(again)
    assert isinstance(again.cluster_device_filters.jobs[0].tasks[2], type(message.jobs[0].tasks[2]))
