"""Loading, unloading and reloading are mirror images; the default session is process-wide."""
import threading

import pytest

import ipython_ext
import tfsess as tf
from ipython_ext.settings import TfSession
from tfsess.client import run_observers
from tfsess.client import session as session_lib
from tfsess.framework.operation import Tensor

MAGICS = {"line": {"tfsession", "tfconfig", "tfreset", "tfplacement", "tfmemory"}, "cell": {"tfgraph"}}


def _snapshot(shell):
    """Everything the extension could leave behind in a shell."""
    events = {name: list(cbs) for name, cbs in shell.events.callbacks.items()}
    html = shell.display_formatter.formatters["text/html"]
    text = shell.display_formatter.formatters["text/plain"]
    return {
        "line": set(shell.magics_manager.magics["line"]),
        "cell": set(shell.magics_manager.magics["cell"]),
        "registry": set(shell.magics_manager.registry),
        "events": events,
        "html": dict(html.type_printers),
        "text": dict(text.type_printers),
        "configurables": list(shell.configurables),
        "user_ns": set(shell.user_ns),
        "run": session_lib.BaseSession.run,
        "run_observers": run_observers._observers,
    }


def test_load_adds_and_unload_removes_everything(bare_shell):
    # IPython registers its own extension magics lazily on first use: do one cycle first
    bare_shell.run_line_magic("load_ext", "tfsess.ipython")
    bare_shell.run_line_magic("unload_ext", "tfsess.ipython")
    before = _snapshot(bare_shell)
    bare_shell.run_line_magic("load_ext", "ipython_ext")
    loaded = _snapshot(bare_shell)
    assert MAGICS["line"] <= loaded["line"] and MAGICS["cell"] <= loaded["cell"]
    assert Tensor in loaded["html"] and Tensor in loaded["text"]
    assert any(isinstance(c, TfSession) for c in loaded["configurables"])
    assert len(loaded["events"]["post_run_cell"]) == len(before["events"]["post_run_cell"]) + 1
    assert "tfgraphs" in loaded["user_ns"]
    assert loaded["run"] is before["run"]  # runs are observed, Session.run is not patched
    assert len(loaded["run_observers"]) == len(before["run_observers"]) + 1
    sess = ipython_ext.loaded_extension().tfsession.session

    bare_shell.run_line_magic("unload_ext", "ipython_ext")
    assert _snapshot(bare_shell) == before
    assert sess._closed
    assert tf.get_default_session() is None
    assert ipython_ext.loaded_extension() is None


def test_default_session_is_process_wide(ip):
    sess = tf.get_default_session()
    assert isinstance(sess, tf.InteractiveSession)
    assert sess.config.gpu_options.allow_growth  # like TF's InteractiveSession
    seen = []
    worker = threading.Thread(target=lambda: seen.append(tf.get_default_session()))
    worker.start()
    worker.join()
    assert seen == [sess]
    ip.run_cell("x = tf.constant(3.0) * 2\nvalue = x.eval()")
    assert ip.user_ns["value"] == 6.0


def test_loading_twice_is_harmless(ip):
    sess = tf.get_default_session()
    n_callbacks = len(ip.events.callbacks["post_run_cell"])
    ipython_ext.load_ipython_extension(ip)
    ip.run_line_magic("load_ext", "tfsess.ipython")
    assert tf.get_default_session() is sess
    assert len(ip.events.callbacks["post_run_cell"]) == n_callbacks
    assert sum(isinstance(c, TfSession) for c in ip.configurables) == 1


def test_reload_gives_a_fresh_session(ip):
    first = tf.get_default_session()
    ip.run_line_magic("reload_ext", "ipython_ext")
    second = tf.get_default_session()
    assert second is not first and first._closed and not second._closed
    assert sum(isinstance(c, TfSession) for c in ip.configurables) == 1
    assert len([f for f in ip.events.callbacks["post_run_cell"]
                if getattr(f, "__self__", None) is ipython_ext.loaded_extension()]) == 1


def test_load_ext_tfsess_ipython_module(bare_shell):
    bare_shell.run_line_magic("load_ext", "tfsess.ipython")
    assert isinstance(tf.get_default_session(), tf.InteractiveSession)
    bare_shell.run_line_magic("unload_ext", "tfsess.ipython")
    assert tf.get_default_session() is None


def test_load_ext_tfsess(bare_shell):
    if not hasattr(tf, "load_ipython_extension"):
        pytest.skip("tfsess/__init__ does not delegate load_ipython_extension to tfsess.ipython yet")
    bare_shell.run_line_magic("load_ext", "tfsess")
    assert isinstance(tf.get_default_session(), tf.InteractiveSession)


def test_tfsess_does_not_import_ipython():
    import subprocess
    import sys
    code = "import sys, tfsess; print(sorted(m for m in ('IPython', 'ipywidgets', 'ipython_ext') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_session_config_from_shell_config(bare_shell):
    bare_shell.config.TfSession.allow_growth = False
    bare_shell.config.TfSession.per_process_gpu_memory_fraction = 0.25
    bare_shell.run_line_magic("load_ext", "ipython_ext")
    gpu = tf.get_default_session().config.gpu_options
    assert gpu.allow_growth is False and gpu.per_process_gpu_memory_fraction == 0.25
