"""tests/forked_cases.py reports what ../shared/conformance/run.py reports, on cases made to pass, fail,
raise, crash and look at the state a fresh process starts in."""
import json
import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
FORKED = os.path.join(HERE, "forked_cases.py")
RUNNER = os.path.join(HERE, "..", "..", "shared", "conformance", "run.py")
pytestmark = [pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork"),
              pytest.mark.skipif(not os.path.exists(RUNNER), reason="../shared/conformance is not beside this checkout")]

CASES = '''
import os, sys
import _helper

def case_passes(tf):
    return tf.Session().run(tf.constant(2) * 3)

def case_differs(tf):
    return 4

def case_raises(tf):
    shape = tf.placeholder(tf.int32, [1])
    return tf.Session().run(tf.reshape([1, 2, 3], shape), {shape: [2]})

def case_raises_unexpectedly(tf):
    raise KeyError("k")

def case_crashes(tf):
    os._exit(3)

def case_fresh_graph(tf):
    before = len(tf.get_default_graph().get_operations())
    tf.constant(1.0, name="c")
    return before, tf.get_default_graph().get_operations()[-1].name, _helper.VALUE

def case_fresh_graph_again(tf):
    return case_fresh_graph(tf)

def case_same_process_setup(tf):
    return hash("tfsess"), sys.argv[1:3], os.path.basename(sys.argv[0]), os.path.basename(sys.path[0])

def case_unrecorded(tf):
    return 1
'''


def _goldens():
    raises = {"t": "raises", "type": "InvalidArgumentError", "base": "Exception"}
    fresh = {"t": "tuple", "v": [{"t": "int", "v": 0}, "c", {"t": "int", "v": 7}]}
    return {f"x_demo.py::{name}": value for name, value in {
        "case_passes": {"t": "np-scalar", "dtype": "int32", "shape": [], "v": [6]},
        "case_differs": {"t": "int", "v": 3}, "case_raises": raises, "case_raises_unexpectedly": raises,
        "case_crashes": {"t": "int", "v": 0}, "case_fresh_graph": fresh, "case_fresh_graph_again": fresh,
        "case_same_process_setup": "",  # fails: the difference shows the whole value, for the runners to agree on
    }.items()}


@pytest.fixture
def cases_dir(tmp_path):
    (tmp_path / "x_demo.py").write_text(CASES)
    (tmp_path / "_helper.py").write_text("VALUE = 7\n")
    (tmp_path / "goldens.json").write_text(json.dumps(_goldens()))
    return tmp_path


def _lines(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=dict(os.environ, PYTHONHASHSEED="0"))
    return proc.returncode, [line for line in proc.stdout.splitlines() if re.match(r"FAIL |\d+ passed", line)]


def test_reports_what_run_py_reports(cases_dir):
    forked = _lines([sys.executable, FORKED, str(cases_dir)])
    reference = _lines([sys.executable, RUNNER, "--cases", str(cases_dir), "-q"])
    assert forked == reference
    rc, lines = forked
    assert rc == 1 and lines[-1] == "4 passed, 4 failed"
    failed = {line.split("::")[1].split(":")[0] for line in lines[:-1]}
    assert failed == {"case_differs", "case_raises_unexpectedly", "case_crashes", "case_same_process_setup"}


def test_a_case_past_its_time_is_killed_and_reported(cases_dir):
    (cases_dir / "x_demo.py").write_text(CASES + "\ndef case_sleeps(tf):\n    import time\n    time.sleep(30)\n")
    (cases_dir / "goldens.json").write_text(json.dumps(dict(_goldens(), **{"x_demo.py::case_sleeps": None})))
    rc, lines = _lines([sys.executable, FORKED, str(cases_dir), "-k", "sleeps", "--timeout", "1"])
    assert (rc, lines) == (1, ['FAIL x_demo.py::case_sleeps: $: want null got {"t": "timeout"}', "0 passed, 1 failed"])
