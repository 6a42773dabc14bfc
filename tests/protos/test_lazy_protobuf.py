"""protobuf stays optional: `import tfsess` never imports it; tf.Summary and friends load it on first use."""
import subprocess
import sys


def _run(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_import_tfsess_does_not_import_protobuf():
    assert _run("import sys, tfsess; print(any(m.startswith('google.protobuf') for m in sys.modules))") == "False"


def test_without_protobuf_graphs_still_run_and_summaries_say_what_is_missing():
    code = ("import sys; sys.modules['google.protobuf'] = None; sys.modules['google'] = None\n"
            "import tfsess as tf\n"
            "print(tf.Session().run(tf.constant(2.0) * 3.0))\n"
            "try:\n    tf.Summary\nexcept ImportError as e:\n    print('ImportError')\n")
    assert _run(code).split() == ["6.0", "ImportError"]


def test_proto_classes_load_on_first_access():
    code = ("import tfsess as tf\n"
            "s = tf.Summary(value=[tf.Summary.Value(tag='a', simple_value=1.0)])\n"
            "print(type(s).DESCRIPTOR.full_name, tf.summary.Event.DESCRIPTOR.full_name, "
            "tf.SessionLog.START, tf.summary.SummaryDescription.DESCRIPTOR.full_name)")
    assert _run(code) == "tensorflow.Summary tensorflow.Event 1 tensorflow.SummaryDescription"


def test_without_protobuf_a_graph_def_names_the_package_to_install():
    code = ("import sys; sys.modules['google.protobuf'] = None; sys.modules['google'] = None\n"
            "import tfsess as tf\n"
            "tf.constant(1.0)\n"
            "try:\n    tf.get_default_graph().as_graph_def()\nexcept ImportError as e:\n    print(e)\n")
    assert "pip install 'tfsess[io]'" in _run(code)
