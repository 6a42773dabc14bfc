"""TF1 API behaviours found with TF's own tests: thread-local graph stacks, nesting, failing steps,
queue-runner threads, feeds, attrs, partition graphs, containers, versions."""
import threading

import numpy as np
import pytest

import tfsess as tf


def _in_thread(fn):
    out = {}
    thread = threading.Thread(target=lambda: out.update(fn()))
    thread.start()
    thread.join(10)
    return out


def test_device_and_control_stacks_are_graph_wide_until_switch_to_thread_local(g):
    a = tf.constant(0.0, name="a")

    def build():
        with g.as_default():
            c = tf.constant(1.0)
            return {"device": c.device, "controls": [op.name for op in c.op.control_inputs]}
    with g.device("/cpu:0"), tf.control_dependencies([a]):
        shared = _in_thread(build)
    assert shared == {"device": "/device:CPU:0", "controls": ["a"]}
    g.switch_to_thread_local()
    with g.device("/cpu:0"), tf.control_dependencies([a]):
        local = _in_thread(build)
        mine = tf.constant(2.0)
    assert local == {"device": "", "controls": []}
    assert mine.device == "/device:CPU:0" and mine.op.control_inputs == [a.op]


def test_name_scopes_stay_per_thread(g):
    def build():
        with g.as_default():
            return {"name": tf.constant(1.0, name="c").name}
    with tf.name_scope("outer"):
        assert _in_thread(build) == {"name": "c:0"}


def test_leaving_an_outer_default_graph_first_raises():
    def nest_badly():  # in its own thread: the stack it leaves unbalanced is that thread's
        g1, g2 = tf.Graph(), tf.Graph()
        outer, inner = g1.as_default(), g2.as_default()
        outer.__enter__()
        inner.__enter__()
        try:
            outer.__exit__(None, None, None)
        except AssertionError as exc:
            inner.__exit__(None, None, None)
            return {"error": str(exc), "outer_left_in_place": tf.get_default_graph() is g1}
        return {}
    out = _in_thread(nest_badly)
    assert out["error"].startswith("Nesting violated for default stack of") and out["outer_left_in_place"]


@pytest.mark.parametrize("order", ["dequeue_first", "assert_first", "group"])
def test_failing_assert_ends_a_step_with_a_blocked_dequeue(g, order):
    queue = tf.FIFOQueue(10, tf.float32)
    dequeue = queue.dequeue()
    check = tf.Assert(tf.constant(False), ["boom"], name="check")
    fetches = {"dequeue_first": [dequeue, check], "assert_first": [check, dequeue],
               "group": tf.group(dequeue, check)}[order]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="boom") as info:
            sess.run(fetches, options=tf.RunOptions(timeout_in_ms=5000))
        assert info.value.op.name == "check/Assert"
        sess.run(queue.enqueue(1.0))
        assert sess.run(dequeue) == 1.0  # the session is still usable and the queue untouched


def test_ops_on_the_same_queue_keep_their_order_in_one_run(g):
    queue = tf.FIFOQueue(2, tf.float32)
    enqueue, close = queue.enqueue(3.0), queue.close()
    check = tf.Assert(tf.constant(True), ["fine"])
    with tf.Session() as sess:
        sess.run([enqueue, close, check])  # the close stays after the enqueue it follows
        assert sess.run(queue.dequeue()) == 3.0
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(queue.dequeue())


def test_queue_runner_threads_are_named_as_in_tf(g):
    queue = tf.FIFOQueue(10, tf.float32, name="fifo")
    enqueue = queue.enqueue(tf.constant(1.0), name="put")
    runner = tf.train.QueueRunner(queue, [enqueue])
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = runner.create_threads(sess, coord=coord)
    assert [t.name for t in threads] == ["QueueRunnerThread-fifo-put", "QueueRunnerThread-fifo-close_on_stop"]


def test_start_queue_runners_needs_a_session(g):
    with pytest.raises(TypeError, match="sess must be a `tf.Session` object"):
        tf.train.start_queue_runners(sess=object())


def test_indexed_slices_as_feed_key(g):
    values = tf.placeholder(tf.float32, [None, 2])
    indices = tf.placeholder(tf.int64, [None])
    shape = tf.placeholder(tf.int64, [2])
    slices = tf.IndexedSlices(values, indices, shape)
    with tf.Session() as sess:
        dense = sess.run(tf.convert_to_tensor(slices), {slices: (np.ones((1, 2)), [1], [3, 2])})
        np.testing.assert_array_equal(dense, [[0, 0], [1, 1], [0, 0]])
        out = sess.run([values, indices], {tf.IndexedSlices(values, indices): (np.zeros((2, 2)), [0, 1])})
        np.testing.assert_array_equal(out[1], [0, 1])
        with pytest.raises(TypeError, match="cannot be a tf.IndexedSlices"):
            sess.run(values, {slices: slices})


def test_get_attr_of_string_attrs_returns_bytes(g):
    joined = tf.strings.join(["a", "b"], separator="x")
    v = tf.Variable(1.0, name="v")
    assert joined.op.get_attr("separator") == b"x"
    assert v.op.get_attr("shared_name") == b""
    assert v.initializer.get_attr("_class") == [b"loc:@v"]
    assert v.op.get_attr("dtype") == tf.float32  # other attrs keep their types


def test_partition_graphs_one_graph_def_per_device(g):
    pytest.importorskip("google.protobuf")
    fed = tf.placeholder(tf.float32, [2])
    with tf.device("/cpu:0"):
        doubled = fed * 2.0
    with tf.device("/cpu:1"):
        out = doubled + 1.0
    with tf.Session(config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
        metadata = tf.RunMetadata()
        value = sess.run(out, {fed: [1, 2]}, options=tf.RunOptions(output_partition_graphs=True),
                         run_metadata=metadata)
        plain = tf.RunMetadata()
        sess.run(out, {fed: [1, 2]}, run_metadata=plain)
    np.testing.assert_array_equal(value, [3, 5])
    assert len(plain.partition_graphs) == 0
    graphs = {graph.node[0].device: graph for graph in metadata.partition_graphs}
    cpu0, cpu1 = "/job:localhost/replica:0/task:0/device:CPU:0", "/job:localhost/replica:0/task:0/device:CPU:1"
    assert sorted(graphs) == [cpu0, cpu1]
    ops0 = {n.name: n.op for n in graphs[cpu0].node}
    ops1 = {n.name: n.op for n in graphs[cpu1].node}
    assert ops0["_arg_Placeholder_0_0"] == "_Arg" and ops0["mul"] == "Mul" and ops0["_retval_add_0_0"] == "_Retval"
    assert ops1["add"] == "AddV2" and sorted(ops1.values()).count("_Recv") == 1 and "_Send" in ops1.values()
    assert all(n.device == cpu1 for n in graphs[cpu1].node)


def test_variable_made_from_a_tensor_inside_while_loop_raises(g):
    def body(i):
        tf.Variable(tf.zeros([]))
        return i + 1
    with pytest.raises(ValueError, match="Initializer for variable while/Variable/ is from inside a control-flow"):
        tf.while_loop(lambda i: i < 3, body, [0])


def test_variable_from_a_lambda_or_constant_inside_while_loop_is_fine(g):
    def body(i):
        tf.Variable(lambda: tf.zeros([]))
        tf.Variable(1.0)
        return i + 1
    assert tf.while_loop(lambda i: i < 3, body, [0]) is not None


def test_assign_under_another_device_is_colocated_with_its_variable(g):
    with tf.device("/cpu:0"):
        v = tf.Variable(1.0, name="v")
    with tf.device("/device:GPU:0"):
        updates = [v.assign(2.0), tf.assign(v, 3.0), tf.assign_add(v, 1.0), v.assign_sub(1.0)]
        other = tf.constant(1.0)
    for u in updates:
        assert u.device == "/device:CPU:0" and u.op.colocation_groups() == [b"loc:@v"]
    assert other.device == "/device:GPU:0"


def test_container_sets_the_container_attr_of_stateful_ops(g):
    with tf.container("ctr") as name:
        queue = tf.FIFOQueue(3, tf.float32)
        v = tf.Variable(1.0)
        reader = tf.TextLineReader()
        c = tf.constant(1.0)
    after = tf.Variable(2.0)
    assert name == "ctr"
    assert [queue.queue_ref.op.get_attr("container"), v.op.get_attr("container"),
            reader.reader_ref.op.get_attr("container")] == [b"ctr"] * 3
    assert after.op.get_attr("container") == b"" and "container" not in c.op.node_def.attr


def test_version_constants():
    assert tf.GRAPH_DEF_VERSION == tf.version.GRAPH_DEF_VERSION == 2474
    assert tf.GRAPH_DEF_VERSION_MIN_CONSUMER == 0 and tf.GRAPH_DEF_VERSION_MIN_PRODUCER == 0
    assert tf.VERSION == tf.version.VERSION == "2.21.0"
    assert isinstance(tf.GIT_VERSION, str) and isinstance(tf.COMPILER_VERSION, str)
