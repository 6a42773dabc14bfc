"""The real TensorBoard server reads a logdir tfsess wrote: scalars, a histogram and the graph over its HTTP API."""
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

import tfsess as tf

pytestmark = pytest.mark.skipif(importlib.util.find_spec("tensorboard") is None,
                                reason="the tensorboard package is not installed")
pytest.importorskip("google.protobuf")

_DEADLINE_S = 90  # TensorBoard's start plus its first load of the logdir


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_run(logdir):
    """Three steps of gradient descent on w**2 with summaries of the loss and of w, and the graph."""
    w = tf.Variable(1.0, name="w")
    loss = tf.square(w, name="objective")
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("w_values", w)
    merged = tf.summary.merge_all()
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with tf.summary.FileWriter(logdir, sess.graph) as writer:
            for step in range(3):
                writer.add_summary(sess.run(merged), step)
                sess.run(train)
    return [1.0, 0.81, 0.6561]  # w shrinks by 0.9 a step: the losses are 0.9 ** (2 * step)


def _get(port, path, **query):
    url = f"http://127.0.0.1:{port}{path}" + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def _poll(port, path, ready, **query):
    """The body of `path` once `ready(body)` holds, retried until the deadline (the server loads in the background)."""
    deadline = time.monotonic() + _DEADLINE_S
    last = None
    while time.monotonic() < deadline:
        try:
            body = _get(port, path, **query)
            if ready(body):
                return body
            last = body
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            last = exc
        time.sleep(0.5)
    pytest.fail(f"TensorBoard did not serve {path} {query} within {_DEADLINE_S}s; last answer: {last!r}")


def _scalars_ready(body):
    try:
        return len(json.loads(body)) == 3
    except ValueError:
        return False


def test_tensorboard_serves_what_tfsess_wrote(g, tmp_path):
    logdir = tmp_path / "logs"
    expected = _write_run(str(logdir / "train"))
    port = _free_port()
    log = open(tmp_path / "tensorboard.log", "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir), "--host", "127.0.0.1",
         "--port", str(port), "--load_fast", "false", "--reload_interval", "1"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        runs = json.loads(_poll(port, "/data/runs", lambda body: b"train" in body))
        assert runs == ["train"]
        scalars = json.loads(_poll(port, "/data/plugin/scalars/scalars", _scalars_ready, run="train", tag="loss"))
        assert [step for _, step, _ in scalars] == [0, 1, 2]
        assert [value for _, _, value in scalars] == pytest.approx(expected, rel=1e-5)

        histograms = json.loads(_get(port, "/data/plugin/histograms/histograms", run="train", tag="w_values"))
        assert [step for _, step, _ in histograms] == [0, 1, 2]
        assert [buckets[0][0] for _, _, buckets in histograms] == pytest.approx([1.0, 0.9, 0.81], rel=1e-5)

        graph = _get(port, "/data/plugin/graphs/graph", run="train").decode("utf-8")
        from tensorboard.compat.proto import graph_pb2
        from google.protobuf import text_format
        nodes = {n.name: n for n in text_format.Parse(graph, graph_pb2.GraphDef()).node}
        assert nodes["w"].op == "VariableV2" and nodes["objective"].op == "Square"
        assert list(nodes["objective"].input) == ["w/read"]
        assert nodes["GradientDescent"].op == "NoOp"
    finally:
        server.kill()
        server.wait(timeout=30)
        log.close()
