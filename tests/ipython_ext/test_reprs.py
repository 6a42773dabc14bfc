"""HTML and text reprs of each tfsess type, registered with IPython's display formatter."""
import numpy as np
import pytest

import tfsess as tf
from ipython_ext import preview as preview_lib

SCRIPT = "<script>alert(1)</script>"


def _both(ip, obj):
    data = ip.format(obj)
    assert "text/html" in data and "text/plain" in data
    html = data["text/html"]
    assert "<script" not in html.lower()
    assert "tfs-text-repr-fallback" in html and "tfs-wrap" in html  # text fallback first
    assert "--jp-" not in html  # the stylesheet is displayed once, at load, not in every output
    return html, data["text/plain"]


def test_tensor_with_value(ip):
    ip.run_cell("t = tf.constant([[1.0, 2.0], [3.0, 4.0]], name='mat') * 2.0")
    html, text = _both(ip, ip.user_ns["t"])
    assert "mul:0" in html and "float32" in html and "(2, 2)" in html and "Mul" in html
    assert "value: [[2. 4.]\n          [6. 8.]]" in text
    assert "[[2. 4.]" in html


def test_tensor_value_is_summarised(ip):
    ip.run_cell("big = tf.fill([1000, 1000], 7.0)")
    html, text = _both(ip, ip.user_ns["big"])
    assert "..." in text and len(text) < 2000 and len(html) < 20000


@pytest.mark.parametrize("code, reason", [
    ("p = tf.placeholder(tf.float32, [2], name='x'); t = p + 1.0", "depends on placeholder 'x'"),
    ("v = tf.Variable([1.0], name='w'); t = v * 2.0", "depends on variable 'w'"),
    ("t = tf.placeholder(tf.float32, [None], name='batch')", "depends on placeholder 'batch'"),
    ("t = tf.identity(tf.constant([1.0])); t._shape = tf.TensorShape([None])", "not fully known"),
    ("t = tf.zeros([2000, 1000])", "more than 1,000,000"),
])
def test_tensor_without_value_says_why(ip, code, reason):
    ip.run_cell(code)
    html, text = _both(ip, ip.user_ns["t"])
    assert reason in text and reason.replace("'", "&#x27;") in html


def test_preview_never_touches_the_users_session(ip):
    ip.run_cell("v = tf.Variable([1.0], name='w')")
    sess = tf.get_default_session()
    ip.format(ip.user_ns["v"].initial_value)
    assert sess.variable_value(ip.user_ns["v"]) is None
    assert all(not getattr(r, "initialized", False) for _, r in sess.resource_items())


def test_preview_time_bound(ip, monkeypatch):
    import time
    from tfsess.client import session as session_lib
    slow_run = session_lib.BaseSession.run

    def run(self, *args, **kwargs):
        time.sleep(0.5)
        return slow_run(self, *args, **kwargs)

    monkeypatch.setattr(session_lib.BaseSession, "run", run)
    monkeypatch.setattr(preview_lib, "TIMEOUT_S", 0.05)
    ip.run_cell("slow = tf.constant([1.0, 2.0], name='slow')")
    p = preview_lib.preview(ip.user_ns["slow"])
    assert not p.ok and "longer than" in p.reason


def test_operation(ip):
    ip.run_cell("a = tf.constant(1.0, name='a'); b = tf.add(a, a, name='sum')")
    html, text = _both(ip, ip.user_ns["b"].op)
    assert "sum" in html and "AddV2" in html and "a:0" in html
    assert text.startswith("<tf.Operation 'sum' type=AddV2>") and "input:  a:0" in text


def test_graph_has_an_svg_drawing(ip):
    ip.run_cell("with tf.name_scope('layer'):\n    a = tf.constant(1.0, name='a')\n    b = a * 2.0\n"
                "c = b + 1.0")
    html, text = _both(ip, tf.get_default_graph())
    assert "<svg" in html and "layer" in html and "</svg>" in html
    assert text.startswith("<tf.Graph with 5 ops>")


def test_variable_state(ip):
    ip.run_cell("v = tf.Variable([3.0, 4.0], name='weights')")
    html, text = _both(ip, ip.user_ns["v"])
    assert "not initialised in the default session" in text and "weights" in html
    ip.run_cell("tf.get_default_session().run(v.initializer)")
    html, text = _both(ip, ip.user_ns["v"])
    assert "initialised in the default session" in text and "[3. 4.]" in text and "[3. 4.]" in html


def test_sparse_tensor_and_value(ip):
    ip.run_cell("st = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[3, 4])")
    html, text = _both(ip, ip.user_ns["st"])
    assert "SparseTensor" in html and "dense_shape" in text and "[3 4]" in text
    value = tf.SparseTensorValue(np.array([[0, 1]]), np.array([5.0]), np.array([2, 2]))
    html, text = _both(ip, value)
    assert "nnz=1" in text and "[5.]" in html


def test_session(ip):
    html, text = _both(ip, tf.get_default_session())
    assert "InteractiveSession" in html and "default" in text and "allow_growth" in html


def test_run_metadata(ip):
    md = tf.RunMetadata()
    dev = md.step_stats.dev_stats.add(device="/job:localhost/replica:0/task:0/device:CPU:0")
    dev.node_stats.add(node_name="matmul", all_start_micros=10, all_end_rel_micros=42)
    dev.node_stats.add(node_name=SCRIPT, all_start_micros=12, all_end_rel_micros=3)
    html, text = _both(ip, md)
    assert "matmul" in html and "42" in html and "2 node stats" in text


def test_everything_user_supplied_is_escaped(ip):
    ip.run_cell(f"s = tf.constant({SCRIPT!r}, name='s')\nn = tf.identity(s, name='n')")
    evil = ip.user_ns["n"].op
    evil._name = SCRIPT               # as if imported from a GraphDef that skipped name checks
    evil._set_device(SCRIPT)
    evil._attrs["label"] = SCRIPT
    for obj in (ip.user_ns["s"], ip.user_ns["n"], evil, tf.get_default_graph()):
        html, _ = _both(ip, obj)
        assert "&lt;script&gt;" in html
    _both(ip, tf.get_default_session())
    assert "alert(1)" in ip.format(ip.user_ns["s"])["text/plain"]


def test_unload_restores_plain_reprs(ip):
    ip.run_cell("t = tf.constant(1.0)")
    ip.run_line_magic("unload_ext", "ipython_ext")
    data = ip.format(ip.user_ns["t"])
    assert "text/html" not in data and data["text/plain"] == repr(ip.user_ns["t"])


def test_the_stylesheet_is_displayed_once_when_the_extension_loads(bare_shell):
    bare_shell.run_line_magic("load_ext", "ipython_ext")
    styles = [html for html in bare_shell.displayed() if "--jp-" in html]
    assert len(styles) == 1 and styles[0].startswith("<style>")
    bare_shell.run_line_magic("load_ext", "ipython_ext")  # loaded already: nothing more
    bare_shell.run_cell("import tfsess as tf\nt = tf.constant(1.0)")
    assert len(bare_shell.format(bare_shell.user_ns["t"])["text/html"]) < 3000
    assert len([html for html in bare_shell.displayed() if "--jp-" in html]) == 1
