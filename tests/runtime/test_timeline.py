"""Step stats of traced runs and their Chrome trace (tf timeline.Timeline)."""
import json

import numpy as np
import pytest

import tfsess as tf
from tfsess.client import timeline
from tfsess.runtime.devices import set_simulated_gpus

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"
GPU0 = "/job:localhost/replica:0/task:0/device:GPU:0"
GPU1 = "/job:localhost/replica:0/task:0/device:GPU:1"
FULL = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)


pytestmark = pytest.mark.usefixtures("no_simulated_gpus")


def _traced(graph, fetch, feeds=None):
    md = tf.RunMetadata()
    with tf.Session(graph=graph) as sess:
        value = sess.run(fetch, feeds, options=FULL, run_metadata=md)
    return value, md


def _nodes(md):
    return {ds.device: {n.node_name: n for n in ds.node_stats} for ds in md.step_stats.dev_stats}


def test_full_trace_records_each_op_with_tf_labels_and_outputs():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2, 3], name="x")
        y = tf.multiply(x, x, name="y")
    value, md = _traced(g, y, {x: np.ones((2, 3), np.float32)})
    node = _nodes(md)[CPU0]["y"]
    assert node.timeline_label == "y = Mul(x, x)"
    assert node.all_end_rel_micros >= 1 and node.all_start_micros > 0
    out = node.output[0].tensor_description
    assert [d.size for d in out.shape.dim] == [2, 3]
    assert out.allocation_description.requested_bytes == 24
    assert out.dtype == tf.float32.as_datatype_enum


def test_copies_between_devices_appear_on_the_receiving_device():
    set_simulated_gpus(2)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [4], name="x")
        with tf.device("/gpu:0"):
            a = tf.multiply(x, 2.0, name="a")
        with tf.device("/gpu:1"):
            b = tf.add(a, 1.0, name="b")
        with tf.device("/cpu:0"):
            c = tf.multiply(b, -1.0, name="c")
    value, md = _traced(g, c, {x: np.arange(4, dtype=np.float32)})
    np.testing.assert_allclose(value, -(np.arange(4) * 2 + 1))
    nodes = _nodes(md)
    assert nodes[GPU0]["a/_Copy"].timeline_label == "a/_Copy = _Copy(x)"
    assert nodes[GPU1]["b/_Copy"].timeline_label == "b/_Copy = _Copy(a)"
    assert nodes[CPU0]["c/_Copy"].timeline_label == "c/_Copy = _Copy(b)"
    assert nodes[GPU1]["b/_Copy"].output[0].tensor_description.allocation_description.requested_bytes == 16


def test_chrome_trace_has_devices_ops_and_dataflow():
    set_simulated_gpus(1)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [4], name="x")
        with tf.device("/cpu:0"):
            a = tf.multiply(x, 2.0, name="a")
        with tf.device("/gpu:0"):
            b = tf.add(a, 1.0, name="b")
    _, md = _traced(g, b, {x: np.ones(4, np.float32)})
    trace = json.loads(timeline.Timeline(md.step_stats).generate_chrome_trace_format())
    events = trace["traceEvents"]
    processes = {e["args"]["name"] for e in events if e["ph"] == "M"}
    assert {"Allocators", CPU0 + " Compute", GPU0 + " Compute", GPU0 + " Tensors"} <= processes
    ops = {e["args"]["name"]: e for e in events if e["ph"] == "X"}
    assert ops["b"]["name"] == "AddV2" and ops["b"]["cat"] == "Op"
    assert ops["b"]["args"]["input0"] == "a" and ops["b"]["dur"] >= 1
    flows = [e for e in events if e["ph"] in "st"]
    assert any(e["name"] == "a" for e in flows)  # a is made on the CPU and read on the GPU


def test_show_memory_adds_allocator_counters():
    set_simulated_gpus(1)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [256], name="x")
        with tf.device("/gpu:0"):
            y = tf.multiply(x, 3.0, name="y")
    _, md = _traced(g, y, {x: np.ones(256, np.float32)})
    analysis = timeline.Timeline(md.step_stats).analyze_step_stats(show_memory=True)
    assert analysis.allocator_maximums["GPU_0_bfc"].num_bytes >= 1024
    events = json.loads(analysis.chrome_trace.to_string())["traceEvents"]
    counters = [e for e in events if e["ph"] == "C" and e["name"] == "GPU_0_bfc"]
    assert counters and max(e["args"]["GPU_0_bfc"] for e in counters) >= 1024
    assert any(e["ph"] == "N" and e["name"] == "y" for e in events)


def test_untraced_runs_leave_run_metadata_empty():
    g = tf.Graph()
    with g.as_default():
        y = tf.constant(1.0, name="y") * 2.0
    md = tf.RunMetadata()
    with tf.Session(graph=g) as sess:
        sess.run(y, run_metadata=md)
    assert len(md.step_stats.dev_stats) == 0
    assert json.loads(timeline.Timeline(md.step_stats).generate_chrome_trace_format()) == {
        "traceEvents": [{"name": "process_name", "ph": "M", "pid": 0, "args": {"name": "Allocators"}}]}
