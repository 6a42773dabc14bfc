"""Placement: device specs, missing devices, soft placement, colocation, the placement log."""
import re

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.runtime.devices import set_simulated_gpus

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"
CPU1 = "/job:localhost/replica:0/task:0/device:CPU:1"
GPU0 = "/job:localhost/replica:0/task:0/device:GPU:0"
NO_GPU = {"GPU": 0}


pytestmark = pytest.mark.usefixtures("no_simulated_gpus")


def _assigned(sess):
    return {r["op"]: r["assigned_device"] for r in sess.placement_info()}


def test_every_spec_form_places_on_the_named_cpu():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:1"):
            a = tf.constant(1.0, name="a")
        with tf.device("/device:CPU:1"):
            b = tf.add(a, 1.0, name="b")
        with tf.device("/job:localhost/replica:0/task:0/device:CPU:1"):
            c = tf.add(b, 1.0, name="c")
        with tf.device("/job:localhost"):
            d = tf.add(c, 1.0, name="d")
    with tf.Session(graph=g, config=tf.ConfigProto(device_count={"CPU": 2, "GPU": 0})) as sess:
        assert sess.run(d) == 4.0
        placed = _assigned(sess)
    assert placed["a"] == placed["b"] == placed["c"] == CPU1
    assert placed["d"] == CPU0


def test_missing_device_raises_tf_message_naming_the_op_from_run():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/device:GPU:3"):
            tf.multiply(tf.constant(2.0), 3.0, name="scaled")
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count=NO_GPU))  # construction succeeds
    with pytest.raises(errors.InvalidArgumentError) as info:
        sess.run("scaled:0")
    message = info.value.message
    assert message.startswith("Cannot assign a device for operation scaled: {{node scaled}} was explicitly "
                              "assigned to /device:GPU:3 but available devices are [ " + CPU0 + " ]. Make sure "
                              "the device specification refers to a valid device.")
    assert info.value.op is not None and info.value.op.name == "scaled"


def test_missing_device_lists_every_device_sorted():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:7"):
            tf.constant(1.0, name="far")
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={"CPU": 2}))
    with pytest.raises(errors.InvalidArgumentError, match=re.escape(f"[ {CPU0}, {CPU1} ]")):
        sess.run("far:0")


def test_soft_placement_falls_back_and_is_reported():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/gpu:0"):
            a = tf.constant([1.0, 2.0], name="a")
            b = tf.multiply(a, 3.0, name="b")
    config = tf.ConfigProto(allow_soft_placement=True, device_count=NO_GPU)
    with tf.Session(graph=g, config=config) as sess:
        np.testing.assert_allclose(sess.run(b), [3.0, 6.0])
        info = {r["op"]: r for r in sess.placement_info()}
    assert info["b"]["requested_device"] == "/device:GPU:0"
    assert info["b"]["assigned_device"] == CPU0
    assert info["b"]["soft_placed"] is True


def test_soft_placement_keeps_the_type_when_it_exists():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:5"):
            a = tf.constant(1.0, name="a")
    config = tf.ConfigProto(allow_soft_placement=True, device_count={"CPU": 2, "GPU": 0})
    with tf.Session(graph=g, config=config) as sess:
        sess.run(a)
        assert _assigned(sess)["a"] == CPU0


def test_remote_job_is_an_error_even_when_soft():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:ps/task:0/cpu:0"):
            a = tf.constant(1.0, name="a")
    with pytest.raises(errors.InvalidArgumentError, match="was explicitly assigned to /job:ps/task:0/device:CPU:0"):
        tf.Session(graph=g).run(a)
    # as TF: soft placement relaxes the device type and index, never the job, replica or task
    with tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        with pytest.raises(errors.InvalidArgumentError, match="/job:ps/task:0"):
            sess.run(a)


def test_session_places_the_whole_graph_but_pruned_placement_checks_only_the_run():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/device:GPU:0"):
            bad = tf.constant(1.0, name="bad")
        good = tf.constant(2.0, name="good")
    config = tf.ConfigProto(device_count=NO_GPU)
    with pytest.raises(errors.InvalidArgumentError, match="operation bad"):
        tf.Session(graph=g, config=config).run(good)
    config.graph_options.place_pruned_graph = True
    with tf.Session(graph=g, config=config) as sess:
        assert sess.run(good) == 2.0
        with pytest.raises(errors.InvalidArgumentError, match="operation bad"):
            sess.run(bad)
        assert [r["op"] for r in sess.placement_info()] == ["good"]


def test_variable_ops_colocate_with_their_variable():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:1"):
            v = tf.Variable([1.0, 2.0], name="v")
        with tf.device("/cpu:0"):
            update = tf.assign(v, [5.0, 6.0], name="update")  # a ref edge: it must run where v lives
        total = tf.add(v.read_value(), 1.0, name="total")
        with tf.colocate_with(total):
            follower = tf.multiply(total, 2.0, name="follower")
    config = tf.ConfigProto(device_count={"CPU": 2}, allow_soft_placement=True)
    with tf.Session(graph=g, config=config) as sess:
        sess.run(v.initializer)
        sess.run(update)
        np.testing.assert_allclose(sess.run(follower), [12.0, 14.0])
        placed = _assigned(sess)
    assert placed["v"] == placed["v/read"] == placed["v/Assign"] == placed["update"] == CPU1
    assert placed["follower"] == placed["total"]


def test_generators_follow_their_consumers_and_metadata_ops_their_input():
    g = tf.Graph()
    with g.as_default():
        k = tf.constant(2.0, name="k")
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.device("/cpu:1"):
            y = tf.multiply(k, x, name="y")
        n = tf.shape(y, name="n")  # a Shape op: y's length is unknown
        lone = tf.constant(1.0, name="lone")
    with tf.Session(graph=g, config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
        np.testing.assert_array_equal(sess.run(n, {x: [1.0, 2.0]}), [2])
        sess.run(lone)
        placed = _assigned(sess)
    assert n.op.type == "Shape"
    assert placed["k"] == placed["x"] == CPU1
    assert placed["n"] == CPU1
    assert placed["lone"] == CPU0


def test_placements_are_stable_as_the_graph_grows():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
    with tf.Session(graph=g, config=tf.ConfigProto(device_count={"CPU": 2})) as sess:
        sess.run(a)
        first = _assigned(sess)["a"]
        with g.as_default():
            with tf.device("/cpu:1"):
                b = tf.add(a, 1.0, name="b")
        assert sess.run(b) == 2.0
        placed = _assigned(sess)
    assert placed["a"] == first == CPU0
    assert placed["b"] == CPU1


def test_log_device_placement_prints_tf_lines_once_per_op(capsys):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name="x")
        y = tf.reduce_sum(x * x, name="y")
    with tf.Session(graph=g, config=tf.ConfigProto(log_device_placement=True, device_count=NO_GPU)) as sess:
        assert sess.run(y, {x: [3.0, 4.0]}) == 25.0
        sess.run(y, {x: [1.0, 1.0]})
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0] == "Device mapping: no known devices."
    assert f"mul: (Mul): {CPU0}" in lines
    assert f"y: (Sum): {CPU0}" in lines
    assert lines.count(f"mul: (Mul): {CPU0}") == 1


def test_quiet_sessions_print_nothing(capsys):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    with tf.Session(graph=g) as sess:
        sess.run(a)
    assert capsys.readouterr().err == ""


def test_list_devices_follows_device_count():
    with tf.Session(graph=tf.Graph(), config=tf.ConfigProto(device_count={"CPU": 3})) as sess:
        devices = sess.list_devices()
    assert [d.name for d in devices] == [CPU0, CPU1, "/job:localhost/replica:0/task:0/device:CPU:2"]
    assert all(d.device_type == "CPU" and d.memory_limit_bytes == 268435456 for d in devices)
    assert len({d.incarnation for d in devices}) == 3
    assert repr(devices[0]).startswith(f"_DeviceAttributes({CPU0}, CPU, 268435456, ")


def test_string_ops_stay_on_the_cpu_even_under_a_gpu_scope():
    set_simulated_gpus(1)
    g = tf.Graph()
    with g.as_default():
        with tf.device("/gpu:0"):
            s = tf.constant(["a", "bc"], name="s")
            f = tf.constant([1.0], name="f")
    with tf.Session(graph=g) as sess:
        assert list(sess.run(s)) == [b"a", b"bc"]
        sess.run(f)
        info = {r["op"]: r for r in sess.placement_info()}
    assert info["s"]["assigned_device"] == CPU0 and info["s"]["soft_placed"] is True
    assert info["f"]["assigned_device"] == GPU0 and info["f"]["soft_placed"] is False
