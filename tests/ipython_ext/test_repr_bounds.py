"""Every HTML and text repr stays small and quick however long the user's strings are (1 MB here)."""
import time

import numpy as np
import pytest

import tfsess as tf
from ipython_ext import errors, reprs, session_reprs, widgets

BIG = 1_000_000
MAX_CHARS = 100_000  # a whole repr, HTML or text
MAX_SECONDS = 5.0


def _long(prefix="n"):
    return prefix + "a" * BIG


def _bounded(fn, arg=None, max_chars=MAX_CHARS):
    start = time.perf_counter()
    out = fn() if arg is None else fn(arg)
    elapsed = time.perf_counter() - start
    assert elapsed < MAX_SECONDS, f"{fn.__name__} took {elapsed:.1f} s"
    assert len(out) < max_chars, f"{fn.__name__} gave {len(out):,} characters"
    return out


@pytest.fixture
def graph():
    g = tf.Graph()
    with g.as_default():
        yield g


def _ellipsis_and_length(out):
    assert "\u2026" in out and f"{BIG + 1:,} chars" in out


def test_long_op_names(ip, graph):
    t = tf.identity(tf.constant([1.0]), name=_long())
    for fn in (reprs.tensor_html, reprs.tensor_text, reprs.operation_html, reprs.operation_text):
        _ellipsis_and_length(_bounded(fn, t if "tensor" in fn.__name__ else t.op))
    for fn in (reprs.graph_text,):
        _bounded(fn, graph)


def test_long_op_names_in_the_graph_drawing(ip, graph):
    tf.identity(tf.constant([1.0]), name=_long())
    html = _bounded(reprs.graph_html, graph, MAX_CHARS + reprs.MAX_DRAWING_CHARS)
    assert "Identity" in html


def test_long_string_values(ip, graph):
    t = tf.constant(_long("v"))
    for fn in (reprs.tensor_html, reprs.tensor_text):
        _bounded(fn, t)
    value = tf.SparseTensorValue(np.array([[0]]), np.array([_long("s")], dtype=object), np.array([1]))
    for fn in (reprs.sparse_value_html, reprs.sparse_value_text):
        _bounded(fn, value)


def test_long_collection_names(ip, graph):
    tf.constant(1.0, name="c")
    tf.add_to_collection(_long("k"), 1)
    _ellipsis_and_length(_bounded(reprs.graph_text, graph))


def test_long_variable_names(ip, graph):
    v = tf.Variable(1.0, name=_long("w"))
    for fn in (reprs.variable_html, reprs.variable_text):
        _bounded(fn, v)


def test_long_device_strings_in_the_graph_drawing(ip, graph):
    with tf.device("/job:" + "a" * 40_000):  # letters with no ":N" after them: backtracking at each one
        tf.constant(1.0, name="placed")
    _bounded(reprs.graph_html, graph, MAX_CHARS + reprs.MAX_DRAWING_CHARS)


def test_long_device_strings(ip, graph):
    with tf.device("/job:" + "a" * BIG):
        c = tf.constant(1.0, name="placed")
    for fn in (reprs.tensor_text, reprs.operation_html, reprs.operation_text, reprs.graph_text):
        _bounded(fn, c if "tensor" in fn.__name__ else (c.op if "operation" in fn.__name__ else graph))


class _Rows:
    _closed = False

    def placement_info(self):
        return [{"op": _long(), "op_type": _long("T"), "requested_device": _long("/r"),
                 "assigned_device": _long("/d") + str(i), "soft_placed": True} for i in range(3)]

    def memory_info(self):
        return [{"name": _long("/gpu"), "device_type": "GPU", "simulated": True, "bytes_in_use": 1,
                 "peak_bytes_in_use": 2, "limit_bytes": 10, "reserved_bytes": 3, "fraction": 0.5}]


def test_views(ip):
    for view in (widgets.PlacementView(_Rows), widgets.MemoryView(_Rows, live=True)):
        bundle = view.bundle()
        for mime in ("text/html", "text/plain"):
            _bounded(lambda b=bundle, m=mime: b[m])


def test_session_with_long_queue_and_variable_names(ip, graph):
    tf.Variable(1.0, name=_long("w"))
    q = tf.FIFOQueue(2, tf.float32, shared_name=_long("q"), name="q")
    sess = tf.Session(graph=graph)
    try:
        sess.run(q.enqueue(1.0))
        for fn in (session_reprs.session_html, session_reprs.session_text):
            _bounded(fn, sess)
    finally:
        sess.close()


def test_run_metadata_with_long_node_and_device_names(ip, graph):
    md = tf.RunMetadata()
    dev = md.step_stats.dev_stats.add()
    dev.device = _long("/dev")
    for i in range(100):
        node = dev.node_stats.add()
        node.node_name = _long(f"n{i}")
        node.all_end_rel_micros = i
    for fn in (session_reprs.run_metadata_html, session_reprs.run_metadata_text):
        _bounded(fn, md)


def test_long_error_messages(ip):
    error = tf.errors.InvalidArgumentError(None, None, _long("m"))
    lines = _bounded(lambda: "\n".join(errors.lead_lines(ip, error, None)))
    _ellipsis_and_length(lines)
    assert errors.hint_for(error) is None
