"""Runs the shared differential conformance suite (goldens recorded from TensorFlow) per area.

Every area listed in BUILT_AREAS must pass completely; areas not built yet are reported by
`python ../shared/conformance/run.py` but are not part of the test suite.
"""
import os
import re
import subprocess
import sys

import pytest

RUNNER = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "conformance", "run.py")
BUILT_AREAS = ["seed_", "session_", "graph_", "fetch_", "feed_", "default_", "config_", "ops_", "sparse_",
               "state_", "queue_", "reader_", "train_", "program_"]
CASES = os.path.join(os.path.dirname(RUNNER), "cases")


@pytest.mark.skipif(not os.path.exists(RUNNER), reason="../shared/conformance is not beside this checkout")
def test_every_case_file_belongs_to_a_built_area():
    files = [f for f in os.listdir(CASES) if f.endswith(".py") and not f.startswith("_")]
    assert [f for f in files if not f.startswith(tuple(BUILT_AREAS))] == []


@pytest.mark.skipif(not os.path.exists(RUNNER), reason="../shared/conformance is not beside this checkout")
@pytest.mark.parametrize("area", BUILT_AREAS)
def test_conformance_area(area):
    proc = subprocess.run([sys.executable, RUNNER, "--area", area, "-q"], capture_output=True, text=True,
                          timeout=900)
    summary = re.search(r"^(\d+) passed, (\d+) failed$", proc.stdout, re.M)
    assert summary, proc.stdout + proc.stderr
    passed, failed = map(int, summary.groups())
    assert failed == 0, proc.stdout
    assert passed > 0, f"no conformance case ran for area {area}"


EXTRA = os.path.join(os.path.dirname(__file__), "conformance_extra")


@pytest.mark.skipif(not os.path.exists(RUNNER) or not os.path.exists(os.path.join(EXTRA, "goldens.json")),
                    reason="needs ../shared/conformance and recorded goldens")
def test_extra_conformance_cases():
    """Our own cases (tests/conformance_extra), with goldens recorded from TensorFlow 2.21."""
    proc = subprocess.run([sys.executable, RUNNER, "--cases", EXTRA, "-q"], capture_output=True, text=True,
                          timeout=900)
    summary = re.search(r"^(\d+) passed, (\d+) failed$", proc.stdout, re.M)
    assert summary, proc.stdout + proc.stderr
    assert summary.group(2) == "0", proc.stdout
    assert int(summary.group(1)) > 0
