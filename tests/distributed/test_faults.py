"""Faults on a cluster of worker processes: a worker killed mid-run, a ps task that loses its variables."""
import os
import signal
import threading
import time

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

import tfsess as tf  # noqa: E402
from tfsess.distributed import ClusterSpec  # noqa: E402
from tfsess.distributed.cluster import Task  # noqa: E402
from tfsess.distributed import DaskSession  # noqa: E402
from tfsess.framework import errors  # noqa: E402


@pytest.fixture(scope="module")
def process_cluster():
    """3 single-thread worker processes under nannies (a killed worker comes back under its name)."""
    import logging
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    cluster = distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    client = distributed.Client(cluster, set_as_default=False)
    yield cluster, client
    client.close()
    cluster.close()


def _kill_task_worker(sess, client, task, delay=0.0):
    address = sess.runtime.addresses([task])[task]
    pid = client.run(os.getpid, workers=[address])[address]

    def kill():
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    if delay:
        threading.Thread(target=kill, daemon=True).start()
    else:
        kill()
    return address


def _wait_replaced(client, address, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        workers = client.scheduler_info(n_workers=-1)["workers"]
        if address not in workers and len(workers) == 3:
            return
        time.sleep(0.1)
    raise AssertionError("the nanny did not bring the worker back")


def test_lost_workers_raise_unavailable_and_lost_variables_are_reported(process_cluster):
    cluster, client = process_cluster
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0"):
            w = tf.Variable([1.0, 2.0], name="w")
        with tf.device("/job:worker/task:1"):
            q = tf.FIFOQueue(4, [tf.float32], shapes=[[2]], name="never_fed")
            blocked = q.dequeue()
            y = tf.reduce_sum(w * 3.0)
    target = "dask://" + cluster.scheduler_address[len("tcp://"):]
    with DaskSession(target, graph=g, cluster=ClusterSpec({"ps": 1, "worker": 2})) as sess:
        sess.run(w.initializer)
        assert sess.run(y) == 9.0

        # a worker dies while a step runs there: UnavailableError naming its task, within 10 s
        victim = _kill_task_worker(sess, client, Task("worker", 1), delay=1.0)
        start = time.monotonic()
        with pytest.raises(errors.UnavailableError, match="/job:worker/task:1"):
            sess.run(blocked)
        assert time.monotonic() - start < 10
        _wait_replaced(client, victim)
        assert sess.run(y) == 9.0  # the restarted worker serves task 1 again

        # the ps task dies between steps: its variable is lost, reported, and never re-initialised
        victim = _kill_task_worker(sess, client, Task("ps", 0))
        _wait_replaced(client, victim)
        with pytest.raises((errors.FailedPreconditionError, errors.UnavailableError)) as info:
            sess.run(y)
        if isinstance(info.value, errors.UnavailableError):  # the step raced the scheduler's notice
            with pytest.raises(errors.FailedPreconditionError) as info:
                sess.run(y)
        assert "uninitialized value w" in info.value.message and "lost with task /job:ps/task:0" in \
            info.value.message
        sess.run(w.initializer)
        np.testing.assert_allclose(sess.run(y), 9.0)
