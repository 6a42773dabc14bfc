"""DaskSession on an in-process Dask cluster: partitioned runs, worker-held state, replicas, errors."""
import threading
import time

import numpy as np
import pytest

pytest.importorskip("distributed")

import tfsess as tf  # noqa: E402
from tfsess.distributed import ClusterSpec, replica_device_setter  # noqa: E402
from tfsess.distributed import DaskSession  # noqa: E402
from tfsess.framework import errors  # noqa: E402

CLUSTER = ClusterSpec({"ps": 1, "worker": 2})
SOFT = tf.ConfigProto(allow_soft_placement=True)


def _split_graph(jobs=True):
    """The test graph over ps and two workers; jobs=False builds it without devices, for the in-process
    reference (soft placement never drops a job, as in TF)."""
    def on(device):
        return tf.device(device if jobs else None)

    g = tf.Graph()
    with g.as_default():
        with on("/job:ps/task:0"):
            w = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3) / 4.0, name="w")
            b = tf.Variable(np.array([0.5, -1.0, 2.0], np.float32), name="b")
        with on("/job:worker/task:0"):
            x = tf.placeholder(tf.float32, [None, 2], name="x")
            h = tf.nn.relu(tf.matmul(x, w) + b, name="h")
            pred = tf.reduce_sum(h) > 3.0
        with on("/job:worker/task:1"):
            def big():
                with on("/job:worker/task:0"):  # the taken-or-not branch runs on another task
                    return tf.identity(h * 2.0)
            branch = tf.cond(pred, big, lambda: h - 1.0, name="branch")
            out = {"mean": tf.reduce_mean(branch, axis=0), "max": tf.reduce_max(h)}
        init = tf.global_variables_initializer()
    return g, x, out, init, w


def test_split_graph_matches_in_process(dask_client):
    g, x, out, init, w = _split_graph()
    feeds = [np.array([[1.0, 2.0], [3.0, -4.0]], np.float32), np.array([[0.1, 0.1]], np.float32)]
    local_g, local_x, local_out, local_init, _ = _split_graph(jobs=False)
    with tf.Session(graph=local_g) as local:
        local.run(local_init)
        expected = [local.run(local_out, {local_x: v}) for v in feeds]
    with DaskSession(dask_client, graph=g, cluster=CLUSTER) as sess:
        sess.run(init)
        for value, want in zip(feeds, expected):  # one feed takes the cond branch on worker 0, one does not
            got = sess.run(out, {x: value})
            np.testing.assert_allclose(got["mean"], want["mean"], rtol=1e-6)
            assert got["max"] == want["max"] and type(got["max"]) is np.float32
        np.testing.assert_array_equal(sess.run(w), np.arange(6, dtype=np.float32).reshape(2, 3) / 4.0)
        tasks = {str(p.task) for plan in sess.runtime._plans.values() for p in plan.groups}
        assert tasks == {"/job:ps/task:0", "/job:worker/task:0", "/job:worker/task:1"}
        moved = sess.transfer_info()
        assert moved["bytes_between_tasks"] > 0 and moved["bytes_fed"] == 16 + 8


def test_feeds_callables_partial_runs_and_metadata(dask_client):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:worker/task:0"):
            a = tf.placeholder(tf.float32, [], name="a")
            b = a * 3.0
        with tf.device("/job:worker/task:1"):
            c = b + 1.0
    with DaskSession(dask_client, graph=g, cluster=CLUSTER) as sess:
        assert sess.sess_str.startswith(b"dask://")
        call = sess.make_callable([c, b], feed_list=[a])
        assert call(2.0) == [7.0, 6.0]
        handle = sess.partial_run_setup([b, c], [a])
        assert sess.partial_run(handle, b, {a: 1.0}) == 3.0
        assert sess.partial_run(handle, c) == 4.0
        assert sess.run(a, {a: 5.0}) == 5.0  # a fed fetch never leaves the client
        options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, output_partition_graphs=True)
        meta = tf.RunMetadata()
        assert sess.run(c, {a: 1.0}, options=options, run_metadata=meta) == 4.0
        devices = {d.device for d in meta.step_stats.dev_stats}
        assert "/job:worker/replica:0/task:1/device:CPU:0" in devices
        assert len(meta.partition_graphs) == 2
        names = [d.name for d in sess.list_devices()]
        assert "/job:ps/replica:0/task:0/device:CPU:0" in names and len(names) == 3


def test_variables_live_on_their_task_shared_by_name_across_sessions(dask_client):
    def graph(name_of_x):
        g = tf.Graph()
        with g.as_default():
            with tf.device("/job:ps/task:0"):
                v = tf.Variable([1.0, 2.0], name="v")
            with tf.device("/job:worker/task:1"):
                y = tf.identity(v * 10.0, name=name_of_x)
            inc = tf.assign_add(v, [1.0, 1.0])
        return g, v, y, inc

    g1, v1, y1, inc1 = graph("y")
    g2, v2, y2, inc2 = graph("other")  # another graph: same variable name on the same ps task
    with DaskSession(dask_client, graph=g1, cluster=CLUSTER) as s1, \
            DaskSession(dask_client, graph=g2, cluster=CLUSTER) as s2:
        s1.run(v1.initializer)
        s1.run(inc1)
        np.testing.assert_array_equal(s2.run(y2), [20.0, 30.0])
        s2.run(inc2)
        np.testing.assert_array_equal(s1.run(v1), [3.0, 4.0])
        isolated = DaskSession(dask_client, graph=g2, cluster=CLUSTER,
                               config=tf.ConfigProto(isolate_session_state=True))
        with isolated, pytest.raises(errors.FailedPreconditionError, match="uninitialized value v") as info:
            isolated.run(y2)
        assert info.value.op is not None and info.value.op.graph is g2
    with DaskSession(dask_client, graph=g1, cluster=CLUSTER) as fresh:  # the last close released the state
        with pytest.raises(errors.FailedPreconditionError, match="uninitialized value v"):
            fresh.run(y1)


def test_op_errors_name_the_op_and_leave_the_session_usable(dask_client):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:worker/task:1"):
            x = tf.placeholder(tf.int32, [None], name="x")
            bad = tf.gather(tf.constant([1, 2, 3]), x, name="lookup")
        with tf.device("/job:ps/task:0"):
            out = bad * 2
    with DaskSession(dask_client, graph=g, cluster=CLUSTER) as sess:
        with pytest.raises(errors.InvalidArgumentError) as info:
            sess.run(out, {x: [0, 7]})
        assert info.value.op is g.get_operation_by_name("lookup")
        np.testing.assert_array_equal(sess.run(out, {x: [2, 0]}), [6, 2])


def test_placement_errors_and_soft_placement(dask_client):
    g = tf.Graph()
    with g.as_default(), tf.device("/job:trainer/task:0"):
        y = tf.constant(2.0) * 3.0
    with DaskSession(dask_client, graph=g, cluster=CLUSTER) as sess:
        with pytest.raises(errors.InvalidArgumentError, match="trainer"):
            sess.run(y)
    with DaskSession(dask_client, graph=g, cluster=CLUSTER, config=SOFT) as sess:
        assert sess.run(y) == 6.0


def test_a_queue_on_ps_joins_two_sessions_and_blocking_honours_deadlines(dask_client):
    def graph():
        g = tf.Graph()
        with g.as_default(), tf.device("/job:ps/task:0"):
            q = tf.FIFOQueue(5, [tf.float32], shapes=[[]], shared_name="jobs", name="jobs")
            return g, q.enqueue([tf.constant(7.0)]), q.dequeue()

    ga, enqueue, _ = graph()
    gb, _, dequeue = graph()
    with DaskSession(dask_client, graph=ga, cluster=CLUSTER) as producer, \
            DaskSession(dask_client, graph=gb, cluster=CLUSTER) as consumer:
        got = []
        waiter = threading.Thread(target=lambda: got.append(consumer.run(dequeue)))
        waiter.start()
        time.sleep(0.3)  # the dequeue blocks on the ps worker's only thread ...
        producer.run(enqueue)  # ... and still the enqueue runs there
        waiter.join(10)
        assert got == [7.0]
        with pytest.raises(errors.DeadlineExceededError):
            consumer.run(dequeue, options=tf.RunOptions(timeout_in_ms=200))


def test_between_graph_replicas_train_shared_ps_variables(dask_client):
    rng = np.random.default_rng(0)
    xs = rng.uniform(-1, 1, (64, 1)).astype(np.float32)
    ys = 3.0 * xs + 2.0
    initialized = threading.Event()
    results, failures = {}, []

    def replica(task):
        g = tf.Graph()
        with g.as_default(), tf.device(replica_device_setter(
                cluster=CLUSTER, worker_device=f"/job:worker/task:{task}")):
            x = tf.placeholder(tf.float32, [None, 1])
            y = tf.placeholder(tf.float32, [None, 1])
            w = tf.Variable(tf.zeros([1, 1]), name="w")
            b = tf.Variable(tf.zeros([1]), name="b")
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
            step = tf.Variable(0, name="global_step", trainable=False)
            if hasattr(tf.train, "GradientDescentOptimizer"):
                train = tf.train.GradientDescentOptimizer(0.3).minimize(loss, global_step=step)
            else:  # pragma: no cover - before the optimizers exist
                gw, gb = tf.gradients(loss, [w, b])
                train = tf.group(tf.assign_sub(w, 0.3 * gw), tf.assign_sub(b, 0.3 * gb), tf.assign_add(step, 1))
            init = tf.global_variables_initializer()
        try:
            with DaskSession(dask_client, graph=g, cluster=CLUSTER, default_task=f"/job:worker/task:{task}") as sess:
                if task == 0:  # the chief initialises; the other replica waits for it
                    sess.run(init)
                    initialized.set()
                else:
                    assert initialized.wait(20)
                for i in range(40):
                    batch = slice((i * 16) % 64, (i * 16) % 64 + 16)
                    sess.run(train, {x: xs[batch], y: ys[batch]})
                results[task] = sess.run([loss, w, b, step], {x: xs, y: ys})
                done.wait(20)
        except Exception as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)
            initialized.set()

    done = threading.Event()
    threads = [threading.Thread(target=replica, args=(t,)) for t in (0, 1)]
    for t in threads:
        t.start()
    while len(results) + len(failures) < 2 and any(t.is_alive() for t in threads):
        time.sleep(0.05)
    done.set()
    for t in threads:
        t.join(30)
    assert not failures, failures
    loss0, w0, b0, _ = results[0]
    assert loss0 < 0.05 and abs(w0[0, 0] - 3.0) < 0.3 and abs(b0[0] - 2.0) < 0.2
    assert max(results[0][3], results[1][3]) == 80  # both replicas stepped one shared global step


def test_unreachable_target_fails_fast():
    start = time.monotonic()
    with pytest.raises(errors.UnavailableError, match="127.0.0.1:9"):
        DaskSession("dask://127.0.0.1:9", graph=tf.Graph(), connect_timeout=2)
    assert time.monotonic() - start < 10


def test_tf_session_runs_dask_targets_on_the_dask_runtime(dask_client):
    g = tf.Graph()
    with g.as_default():
        y = tf.constant([1.0, 2.0]) * 2.0
    with tf.Session(dask_client, graph=g) as sess:
        assert type(sess) is tf.Session and type(sess.runtime).__name__ == "DaskRuntime"
        assert sess.sess_str.startswith(b"dask://")
        np.testing.assert_array_equal(sess.run(y), [2.0, 4.0])
    sess = tf.InteractiveSession(dask_client, graph=g)
    try:
        assert type(sess.runtime).__name__ == "DaskRuntime"
        np.testing.assert_array_equal(sess.run(y), [2.0, 4.0])
    finally:
        sess.close()
    with pytest.raises(errors.UnavailableError, match="127.0.0.1:9"):
        tf.Session("dask://127.0.0.1:9", graph=g)


def test_default_cluster_is_a_worker_job_over_all_workers(dask_client):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:worker/task:2"):
            a = tf.constant([1.0, 2.0]) + 1.0
        with tf.device("/job:worker/task:0"):
            b = a * a
        nothing = tf.no_op()
    with DaskSession(dask_client, graph=g) as sess:
        np.testing.assert_array_equal(sess.run(b), [4.0, 9.0])
        assert sess.run(nothing) is None
        assert {r["assigned_device"] for r in sess.placement_info()} >= {"/job:worker/replica:0/task:2"}


def test_cluster_def_in_config_names_the_jobs(dask_client):
    if "cluster_def" not in tf.ConfigProto._fields:
        pytest.skip("ConfigProto has no cluster_def field yet")
    g = tf.Graph()
    with g.as_default(), tf.device("/job:ps/task:0"):
        y = tf.constant(2.0) * 4.0
    config = tf.ConfigProto(cluster_def=CLUSTER.as_cluster_def())
    with DaskSession(dask_client, graph=g, config=config) as sess:
        assert sess.run(y) == 8.0


def test_close_cancels_a_blocked_run(dask_client):
    g = tf.Graph()
    with g.as_default(), tf.device("/job:worker/task:0"):
        dequeue = tf.FIFOQueue(2, [tf.float32], shapes=[[]]).dequeue()
    sess = DaskSession(dask_client, graph=g, cluster=CLUSTER)
    raised = []

    def run():
        try:
            sess.run(dequeue)
        except errors.CancelledError as exc:
            raised.append(exc)
    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    sess.close()
    thread.join(10)
    assert len(raised) == 1
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(dequeue)


def test_ops_that_cannot_be_serialised_are_named(dask_client):
    g = tf.Graph()
    with g.as_default():
        loop = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)], name="counter")
    with DaskSession(dask_client, graph=g, cluster=CLUSTER) as sess:
        with pytest.raises(errors.UnimplementedError, match="counter") as info:
            sess.run(loop)
        assert info.value.op is not None
