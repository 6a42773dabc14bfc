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
    assert "text/html" in bundle and "application/vnd.jupyter.widget-view+json" in bundle
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
