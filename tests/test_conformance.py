"""Runs the shared differential conformance suite (goldens recorded from TensorFlow) per area.

Every area in BUILT_AREAS must pass completely. An area in UNBUILT_AREAS belongs to an open issue:
it runs too, and is marked expected to fail *strictly*, so the day it passes whole the test turns
red until the area moves to BUILT_AREAS. A case file that belongs to no listed area fails the suite.
"""
import os
import re
import subprocess
import sys

import pytest

RUNNER = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "conformance", "run.py")
BUILT_AREAS = ["seed_", "session_", "graph_", "fetch_", "feed_", "default_", "config_", "ops_", "sparse_",
               "state_", "queue_", "reader_", "train_", "program_", "summary_", "rnn_", "data_", "layers_", "misc_",
               "interop_"]
UNBUILT_AREAS: dict = {}  # area -> the issue that builds it (every area is built today)
CASES = os.path.join(os.path.dirname(RUNNER), "cases")
needs_shared = pytest.mark.skipif(not os.path.exists(RUNNER), reason="../shared/conformance is not beside this checkout")


def _run_area(args, runner=(RUNNER, "-q")):
    proc = subprocess.run([sys.executable, *runner, *args], capture_output=True, text=True, timeout=1800,
                          env=dict(os.environ, PYTHONHASHSEED="0"))
    summary = re.search(r"^(\d+) passed, (\d+) failed$", proc.stdout, re.M)
    assert summary, proc.stdout + proc.stderr
    passed, failed = map(int, summary.groups())
    return passed, failed, proc.stdout


@needs_shared
def test_every_case_file_belongs_to_a_listed_area():
    files = [f for f in os.listdir(CASES) if f.endswith(".py") and not f.startswith("_")]
    areas = tuple(BUILT_AREAS) + tuple(UNBUILT_AREAS)
    assert [f for f in files if not f.startswith(areas)] == []
    assert not set(BUILT_AREAS) & set(UNBUILT_AREAS)


def _area_params():
    for area in BUILT_AREAS:
        yield pytest.param(area, id=area)
    for area, issue in UNBUILT_AREAS.items():
        yield pytest.param(area, id=area, marks=pytest.mark.xfail(strict=True, reason=f"not built yet: {issue}"))


@needs_shared
@pytest.mark.parametrize("area", list(_area_params()))
def test_conformance_area(area):
    passed, failed, out = _run_area(["--area", area])
    assert passed > 0, f"no conformance case ran for area {area}"
    assert failed == 0, out


EXTRA = os.path.join(os.path.dirname(__file__), "conformance_extra")
# Our own cases run forked from one process that imported tfsess (tests/forked_cases.py, run.py's rules, a
# tenth of the time: the import was most of each case's cost); without os.fork, through run.py itself.
FORKED = os.path.join(os.path.dirname(__file__), "forked_cases.py")


def _extra_groups():
    """The extra case files grouped by their first letters (x_a..., x_c..., ...), a runner call each, so that
    no single call runs thousands of cases under one timeout and a failure names its group."""
    files = sorted(f for f in os.listdir(EXTRA) if f.endswith(".py") and not f.startswith("_"))
    return sorted({f[:3] for f in files})


@pytest.mark.skipif(not os.path.exists(RUNNER) or not os.path.exists(os.path.join(EXTRA, "goldens.json")),
                    reason="needs ../shared/conformance and recorded goldens")
@pytest.mark.parametrize("group", _extra_groups())
def test_extra_conformance_cases(group):
    """Our own cases (tests/conformance_extra), with goldens recorded from TensorFlow 2.21."""
    if hasattr(os, "fork"):
        passed, failed, out = _run_area([EXTRA, "--area", group], runner=(FORKED,))
    else:
        passed, failed, out = _run_area(["--cases", EXTRA, "--area", group])
    assert failed == 0, out
    assert passed > 0
