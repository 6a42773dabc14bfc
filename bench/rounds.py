"""bench/run.py's method: each implementation measured in its own process, in interleaved rounds.

A round starts one fresh process per implementation (`python bench/run.py --child WORKLOAD IMPL`),
which measures the workload and prints one result line; round r starts with implementation r
(mod their number), so that no implementation always runs right after the same other one. The
summary is the median of the round values per implementation, the ratio of tfsess's median to
each other's, and the spread of that ratio (min and max of the per-round ratios).
"""
from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import subprocess
import sys

RESULT_TAG = "BENCH_RESULT "  # the measuring process's answer line on stdout (TF may print lines of its own)
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_env():
    """The environment of a measuring process: this one's, with the checkout first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO_ROOT, env.get("PYTHONPATH")) if p)
    return env


def measure_in_process(python, script, workload, impl, timeout):
    """(value, error) of one workload measured by `python script --child workload impl`."""
    cmd = [python, script, "--child", workload, impl]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=child_env(), timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG):])["value"], None
    lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}, no result"]
    return None, lines[-1]


def has_tensorflow(python):
    """Whether `python` can import tensorflow (found without importing it: a quick check)."""
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('tensorflow') is None)"
    try:
        return subprocess.run([python, "-c", probe], capture_output=True, env=child_env(), timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def run_rounds(script, units, pythons, rounds, timeout, log=sys.stderr):
    """({workload: {impl: [value per round]}}, {workload: {impl: [error, ...]}}) for the workloads
    in `units` ({workload: unit}), each implementation run by its interpreter in `pythons`."""
    impls = list(pythons)
    results, errors = {}, {}
    for name, unit in units.items():
        per_impl = {impl: [] for impl in impls}
        for r in range(rounds):
            for impl in impls[r % len(impls):] + impls[:r % len(impls)]:
                value, error = measure_in_process(pythons[impl], script, name, impl, timeout)
                per_impl[impl].append(value)
                if error is not None:
                    errors.setdefault(name, {}).setdefault(impl, []).append(error)
                    print(f"# {name} [{impl}] round {r + 1} failed: {error}", file=log, flush=True)
            summary = ", ".join(f"{impl} {fmt(per_impl[impl][-1], unit)}" for impl in impls)
            print(f"# {name} round {r + 1}/{rounds}: {summary}", file=log, flush=True)
        results[name] = per_impl
    return results, errors


def _median(values):
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def ratio_stats(ours, theirs):
    """The ratio of the medians of two lists of round values, and the min and max of the per-round
    ratios (rounds where either failed are left out); None when either never succeeded."""
    top, bottom = _median(ours), _median(theirs)
    per_round = [a / b for a, b in zip(ours, theirs) if a is not None and b]
    if top is None or not bottom:
        return None
    return {"median": top / bottom, "min": min(per_round, default=None), "max": max(per_round, default=None)}


def summarize(results, units):
    """Per workload: its unit, the raw round values, the median per implementation and the ratios."""
    out = {}
    for name, per_impl in results.items():
        ratios = {}
        for other in ("numpy", "tf"):
            if "tfsess" in per_impl and other in per_impl:
                ratios[f"tfsess/{other}"] = ratio_stats(per_impl["tfsess"], per_impl[other])
        out[name] = {"unit": units[name], "rounds": per_impl,
                     "median": {impl: _median(v) for impl, v in per_impl.items()}, "ratios": ratios}
    return out


def fmt(value, unit):
    if value is None:
        return "-"
    if unit == "tensors":
        return f"{value:.2f} t"
    for scale, suffix in ((1, "s"), (1e-3, "ms"), (1e-6, "us")):
        if value >= scale:
            return f"{value / scale:.3g} {suffix}"
    return f"{value * 1e9:.3g} ns"


def fmt_ratio(stats):
    """'0.44x' and its spread '0.41-0.47' (min-max of the per-round ratios), or dashes."""
    if stats is None:
        return f"{'-':>14}", f"{'-':>16}"
    spread = "-" if stats["min"] is None else f"{stats['min']:.2f}-{stats['max']:.2f}"
    return f"{stats['median']:>13.2f}x", f"{spread:>16}"


def table(summary, impls):
    """The printed table: medians of the round values, ratios of medians and their spread across rounds."""
    others = [o for o in ("numpy", "tf") if "tfsess" in impls and o in impls]
    header = f"{'workload':<20}" + "".join(f"{i:>11}" for i in impls)
    header += "".join(f"{'tfsess/' + o:>14}{'spread':>16}" for o in others)
    lines = [header, "-" * len(header)]
    for name, row in summary.items():
        line = f"{name:<20}" + "".join(f"{fmt(row['median'].get(i), row['unit']):>11}" for i in impls)
        for other in others:
            ratio, spread = fmt_ratio(row["ratios"].get(f"tfsess/{other}"))
            line += ratio + spread
        lines.append(line)
    return "\n".join(lines)


def machine_info(pythons, rounds):
    """What the JSON file records about the sitting: date, machine, interpreters, thread settings."""
    threads = {k: v for k, v in os.environ.items()
               if k.endswith("_NUM_THREADS") or k.startswith("TF_NUM_") or k == "NPY_DISABLE_CPU_FEATURES"}
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "platform": platform.platform(), "machine": platform.machine(), "cpu_count": os.cpu_count(),
            "rounds": rounds, "pythons": pythons, "thread_env": threads,
            "method": "each implementation in its own process per round; medians of round values"}
