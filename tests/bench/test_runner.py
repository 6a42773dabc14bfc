"""bench/run.py's machinery: one process per implementation per round, the table, the JSON file.
No timing is asserted: only that every round of every implementation reports and the summary
is computed from those reports."""
import importlib.util
import json
import os
import statistics
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN = os.path.join(ROOT, "bench", "run.py")


def _load_rounds():
    """bench/rounds.py, the runner's method (a script's module, not a package's)."""
    spec = importlib.util.spec_from_file_location("bench_rounds", os.path.join(ROOT, "bench", "rounds.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
    return env


def test_two_rounds_of_tiny_run_give_a_table_and_the_raw_numbers(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, RUN, "-w", "tiny_run", "--rounds", "2", "--impl", "tfsess", "numpy",
                           "--json", str(out)], capture_output=True, text=True, env=_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("workload"))
    assert header.split() == ["workload", "tfsess", "numpy", "tfsess/numpy", "spread"]
    row = next(line for line in lines if line.startswith("tiny_run")).split()
    assert row[-2].endswith("x") and "-" in row[-1]
    assert done.stderr.count("# tiny_run round") == 2

    data = json.loads(out.read_text())
    assert data["meta"]["rounds"] == 2 and data["meta"]["pythons"] == {"tfsess": sys.executable,
                                                                       "numpy": sys.executable}
    tiny = data["workloads"]["tiny_run"]
    assert tiny["unit"] == "s"
    for impl in ("tfsess", "numpy"):
        values = tiny["rounds"][impl]
        assert len(values) == 2 and all(v > 0 for v in values)
        assert tiny["median"][impl] == statistics.median(values)
    ratio = tiny["ratios"]["tfsess/numpy"]
    assert ratio["median"] == pytest.approx(tiny["median"]["tfsess"] / tiny["median"]["numpy"])
    per_round = [a / b for a, b in zip(tiny["rounds"]["tfsess"], tiny["rounds"]["numpy"])]
    assert (ratio["min"], ratio["max"]) == (pytest.approx(min(per_round)), pytest.approx(max(per_round)))
    assert "errors" not in tiny

    shown = subprocess.run([sys.executable, RUN, "--show", str(out)], capture_output=True, text=True,
                           env=_env(), timeout=60)
    assert shown.returncode == 0 and shown.stdout.splitlines() == lines[1:]


def test_ratios_are_of_medians_and_skip_failed_rounds():
    runner = _load_rounds()
    stats = runner.ratio_stats([2.0, 4.0, None], [1.0, 1.0, 2.0])
    assert stats == {"median": 3.0, "min": 2.0, "max": 4.0}
    assert runner.ratio_stats([None, None], [1.0, 1.0]) is None
    summary = runner.summarize({"tiny_run": {"tfsess": [2.0, 4.0], "numpy": [1.0, 2.0]}}, {"tiny_run": "s"})
    assert summary["tiny_run"]["median"] == {"tfsess": 3.0, "numpy": 1.5}
    assert summary["tiny_run"]["ratios"] == {"tfsess/numpy": {"median": 2.0, "min": 2.0, "max": 2.0}}
    failed_tf = runner.summarize({"tiny_run": {"tfsess": [1e-6], "tf": [None]}}, {"tiny_run": "s"})
    assert failed_tf["tiny_run"]["ratios"] == {"tfsess/tf": None}
    row = runner.table(failed_tf, ["tfsess", "tf"]).splitlines()[-1].split()
    assert row == ["tiny_run", "1", "us", "-", "-", "-"]


def test_a_failing_measurement_is_reported_not_fatal():
    runner = _load_rounds()
    value, error = runner.measure_in_process(sys.executable, RUN, "no_such_workload", "numpy", timeout=60)
    assert value is None and "KeyError" in error


def test_asking_for_tf_where_it_is_not_importable_says_how_to_point_at_it():
    if importlib.util.find_spec("tensorflow") is not None:
        pytest.skip("TensorFlow is importable here")
    done = subprocess.run([sys.executable, RUN, "-w", "tiny_run", "--impl", "tf", "--rounds", "1"],
                          capture_output=True, text=True, env=_env(), timeout=60)
    assert done.returncode == 2 and "--tf-python" in done.stderr
