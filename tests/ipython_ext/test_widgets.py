"""Placement and memory views: the devices contract, the CPU-only fallback, no-ipywidgets HTML."""
import sys

import tfsess as tf
from ipython_ext import introspect, widgets

GPU_ROWS = [
    {"name": "/job:localhost/replica:0/task:0/device:GPU:0", "device_type": "GPU", "simulated": True,
     "bytes_in_use": 256 << 20, "peak_bytes_in_use": 512 << 20, "limit_bytes": 1 << 30,
     "reserved_bytes": 512 << 20, "fraction": 0.5},
    {"name": "/job:localhost/replica:0/task:0/device:CPU:0", "device_type": "CPU", "simulated": False,
     "bytes_in_use": None, "peak_bytes_in_use": None, "limit_bytes": 8 << 30, "reserved_bytes": None,
     "fraction": None},
]
PLACEMENT_ROWS = [
    {"op": "a", "op_type": "Const", "requested_device": "/device:GPU:0",
     "assigned_device": "/job:localhost/replica:0/task:0/device:GPU:0", "soft_placed": False},
    {"op": "s", "op_type": "StringJoin", "requested_device": "/device:GPU:0",
     "assigned_device": "/job:localhost/replica:0/task:0/device:CPU:0", "soft_placed": True},
]


class FakeSession:
    """A session that already has the devices issue's memory_info() and placement_info()."""

    _closed = False

    def memory_info(self):
        return GPU_ROWS

    def placement_info(self):
        return PLACEMENT_ROWS


def test_memory_view_from_the_contract():
    view = widgets.MemoryView(lambda: FakeSession())
    html, text = view.bundle()["text/html"], view.bundle()["text/plain"]
    assert "GPU:0" in html and "simulated" in html
    assert "class='tfs-cap'" in html and "class='tfs-peak'" in html
    assert "left:25.00%" in html  # the 0.5 cap on a 2 GiB device (limit_bytes is the capped pool)
    assert "width:12.50%" in html  # 256 MiB in use
    assert "in use 256.0 MiB, peak 512.0 MiB, limit 1.0 GiB, pool 512.0 MiB (fraction cap 0.5)" in text
    assert html.count("class='tfs-bar'") == 1  # the host CPU's memory is not tracked: no bar
    live = widgets.MemoryView(lambda: FakeSession(), live=True).bundle()["text/html"]
    assert "class='tfs-cap'" in live and "class='tfs-peak'" in live  # a live view draws the same markers


def test_placement_view_groups_by_device_and_marks_soft_placement():
    html = widgets.PlacementView(lambda: FakeSession()).bundle()["text/html"]
    assert "soft-placed" in html and "StringJoin" in html
    assert "2 ops on 2 devices; 1 soft-placed" in html
    assert "/job:localhost/replica:0/task:0/device:GPU:0 (1)" in html  # the full device string


def test_one_device_is_singular():
    rows = PLACEMENT_ROWS[:1]
    assert "1 op on 1 device<" in widgets.placement_html(rows)
    assert "device:GPU:0: 1 op\n" in widgets.placement_text(rows) + "\n"


def test_cpu_only_fallback_has_no_gpu_bars():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/gpu:0"):
            tf.constant(1.0, name="wants_gpu")
        sess = tf.Session(graph=g)
    try:
        for method in ("memory_info", "placement_info"):
            if getattr(sess, method, None) is not None:
                sess.__dict__[method] = None  # the fallback path, whatever the core already has
        rows = introspect.placement_rows(sess)
        assert rows[0]["op"] == "wants_gpu" and rows[0]["soft_placed"] and "CPU" in rows[0]["assigned_device"]
        html = widgets.memory_html(introspect.memory_rows(sess))
        assert "tfs-bar" not in html and "CPU-only view" in html and "limit" in html
    finally:
        sess.close()


def test_views_need_no_widget_library(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets -> ImportError
    bundle = widgets.MemoryView(lambda: FakeSession(), live=True)._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"} and "GPU:0" in bundle["text/html"]


def test_views_without_session():
    view = widgets.MemoryView(lambda: None)
    assert "no open default session" in view.bundle()["text/html"]
