"""A real kernel (jupyter_client + ipykernel from this venv): load the extension, display a tensor."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    pytest.importorskip("ipykernel")
    pytest.importorskip("jupyter_client")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    kernels = tmp_path_factory.mktemp("kernels")
    spec = kernels / "tfsess-test"
    spec.mkdir()
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "tfsess test", "language": "python"}))
    km = KernelManager(kernel_name="tfsess-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))}
    try:
        km.start_kernel(cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
    except Exception as e:  # noqa: BLE001 - no kernel here: skip, do not fail
        km.shutdown_kernel(now=True)
        pytest.skip(f"no kernel could start: {e}")
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def _run(client, code):
    messages = []
    reply = client.execute_interactive(code, output_hook=messages.append, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    return messages


def _bundles(messages, kind):
    return [m["content"]["data"] for m in messages if m["msg_type"] == kind]


def test_tensor_in_a_real_kernel(kernel):
    _run(kernel, "%load_ext ipython_ext")
    msgs = _run(kernel, "import tfsess as tf\nt = tf.constant([1.0, 2.0], name='kernel_tensor') * 3.0\nt")
    (result,) = _bundles(msgs, "execute_result")
    assert "mul:0" in result["text/html"] and "<pre" in result["text/html"]
    assert "[3. 6.]" in result["text/plain"]
    msgs = _run(kernel, "from IPython.display import display\ndisplay(t.op.inputs[0])")
    (shown,) = _bundles(msgs, "display_data")
    assert "kernel_tensor:0" in shown["text/html"] and "kernel_tensor:0" in shown["text/plain"]
    assert "<script" not in shown["text/html"].lower()


def test_default_session_and_widgets_in_a_real_kernel(kernel):
    _run(kernel, "%load_ext ipython_ext")
    msgs = _run(kernel, "import tfsess as tf\nimport threading\nseen = []\n"
                        "th = threading.Thread(target=lambda: seen.append(tf.get_default_session()))\n"
                        "th.start(); th.join()\nprint(seen[0] is tf.get_default_session() is not None)")
    assert "True" in "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
    msgs = _run(kernel, "%tfmemory")
    (bundle,) = _bundles(msgs, "display_data")
    assert "text/html" in bundle and "application/vnd.jupyter.widget-view+json" not in bundle
    msgs = _run(kernel, "x = tf.constant(1.0)\nfor i in range(2): tf.get_default_session().run(x + 1.0)")
    stderr = "".join(m["content"]["text"] for m in msgs
                     if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    assert "GraphGrowthWarning" in stderr


def test_placement_log_reaches_the_notebook(kernel):
    import importlib.util
    if importlib.util.find_spec("tfsess.runtime.placement") is None:
        pytest.skip("no placement log in this tfsess yet")
    _run(kernel, "%load_ext ipython_ext\nimport tfsess as tf\n%tfconfig log_device_placement=True")
    msgs = _run(kernel, "logged = tf.constant(2.0, name='logged_const') * 2.0\ntf.get_default_session().run(logged)")
    stderr = "".join(m["content"]["text"] for m in msgs
                     if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    assert "logged_const" in stderr and "CPU:0" in stderr


def _execute(client, code):
    messages = []
    reply = client.execute_interactive(code, output_hook=messages.append, timeout=60)
    return reply["content"], messages


def test_live_view_updates_by_display_id_and_only_on_change(kernel):
    _run(kernel, "%load_ext ipython_ext")
    _run(kernel, "import tfsess as tf\n%tfreset")
    msgs = _run(kernel, "%tfplacement --live")
    (shown,) = [m for m in msgs if m["msg_type"] == "display_data"]
    display_id = shown["content"]["transient"]["display_id"]
    msgs = _run(kernel, "tf.get_default_session().run(tf.constant(2.0, name='live_op'))")
    updates = [m for m in msgs if m["msg_type"] == "update_display_data"]
    assert len(updates) == 1 and updates[0]["content"]["transient"]["display_id"] == display_id
    assert "live_op" in updates[0]["content"]["data"]["text/html"]
    msgs = _run(kernel, "1 + 1")  # nothing changed: nothing is sent
    assert not [m for m in msgs if m["msg_type"] == "update_display_data"]


def test_missing_feed_error_is_short_and_shows_no_library_frames(kernel):
    _run(kernel, "%load_ext ipython_ext")
    content, msgs = _execute(kernel, "import tfsess as tf\nfeed_me = tf.placeholder(tf.float32, name='feed_me')\n"
                                     "doubled = feed_me * 2.0\nwith tf.Session() as s:\n    s.run(doubled)")
    assert content["status"] == "error" and content["ename"] == "InvalidArgumentError"
    (error,) = [m["content"] for m in msgs if m["msg_type"] == "error"]
    tb = error["traceback"]
    assert tb[0].startswith("InvalidArgumentError") and "feed_me" in tb[0]
    assert any("s.run(doubled)" in line for line in tb)
    assert any("feed_dict={feed_me:" in line for line in tb)  # the hint names the user's variable
    assert len(tb) == len(set(tb)) and len("\n".join(tb)) < 1000
    assert not any(part in line for line in tb for part in ("tfsess/", "ipython_ext/", "site-packages"))
    (folded,) = [m["content"]["data"] for m in msgs if m["msg_type"] == "display_data"]
    assert "<details" in folded["text/html"] and "s.run(doubled)" in folded["text/plain"]
    assert "tfsess/" not in folded["text/plain"] and "ipython_ext/" not in folded["text/plain"]
    content, _ = _execute(kernel, "s2 = tf.Session()\ns2.run(doubled, feed_dict={feed_me: 1.0})")
    assert content["status"] == "ok"


def test_live_view_updates_during_a_long_cell(kernel):
    _run(kernel, "%load_ext ipython_ext")
    _run(kernel, "import time\nimport tfsess as tf\n%tfreset")
    (shown,) = [m for m in _run(kernel, "%tfplacement --live") if m["msg_type"] == "display_data"]
    display_id = shown["content"]["transient"]["display_id"]
    msgs = _run(kernel, "tf.get_default_session().run(tf.constant(3.0, name='during_sleep'))\ntime.sleep(2.5)")
    updates = [m for m in msgs if m["msg_type"] == "update_display_data"
               and m["content"]["transient"]["display_id"] == display_id]
    assert len(updates) == 1 and "during_sleep" in updates[0]["content"]["data"]["text/html"]
    idle = [m for m in msgs if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"]
    ended = idle[-1]["header"]["date"] if idle else msgs[-1]["header"]["date"]
    assert (ended - updates[0]["header"]["date"]).total_seconds() > 1.0  # sent by the timer, mid-cell
