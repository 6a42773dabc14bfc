#!/usr/bin/env python3
"""Runs differential cases as ../shared/conformance/run.py does, each in a fresh child, but forked
from one process that imported tfsess once.

    PYTHONHASHSEED=0 python tests/forked_cases.py CASES_DIR [--area PREFIX] [-k WORD] [--timeout S]

run.py starts a new interpreter per case, and importing tfsess and NumPy is nearly all of a typical
case's cost (about 0.55 of 0.6 CPU seconds): over our three thousand extra cases that was most of
CI's hour. Here each child is a fork of a process that did nothing but import tfsess, so it starts
in the state a fresh `import tfsess` leaves (the fork copies it) and runs its case alone, as a
run.py child does: same sys.argv, sys.path, hash seed (the caller sets PYTHONHASHSEED=0, as run.py
does for its children), and run.py's own discover/normalize/same decide what ran and what passed.
Prints run.py's lines: 'FAIL key: difference' and 'N passed, M failed' (exit status 1 on failures).
Needs os.fork (POSIX); elsewhere use run.py itself.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time

RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "conformance", "run.py")


def _load_runner(path=RUNNER):
    spec = importlib.util.spec_from_file_location("conformance_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _child(runner, path, name, out_dir, index):
    """In the forked child: run one case, write its normalized result to `index`.json, exit."""
    try:
        log = os.open(os.path.join(out_dir, f"{index}.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        sys.argv = [os.path.abspath(runner.__file__), "--child", "tfsess", path, name]
        tf = runner.load_impl("tfsess")
        sys.path[:0] = [os.path.dirname(path), os.path.dirname(os.path.abspath(runner.__file__))]
        spec = importlib.util.spec_from_file_location("case_module", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        try:
            result = runner.normalize(getattr(module, name)(tf))
        except BaseException as exc:  # the exception is the result
            result = {"t": "raises", "type": type(exc).__name__, "base": runner.builtin_base(type(exc))}
        sys.stdout.flush()
        sys.stderr.flush()
        with open(os.path.join(out_dir, f"{index}.json.tmp"), "w", encoding="utf-8") as f:
            json.dump(result, f)
        os.replace(os.path.join(out_dir, f"{index}.json.tmp"), os.path.join(out_dir, f"{index}.json"))
    finally:
        os._exit(0)


def _outcome(out_dir, index, timed_out, status=0):
    """A child's result as run.py's spawn reports it, and the tail of what it printed."""
    try:
        with open(os.path.join(out_dir, f"{index}.log"), encoding="utf-8", errors="replace") as f:
            err = f.read()[-2000:]
    except OSError:
        err = ""
    if timed_out:
        return {"t": "timeout"}, err
    try:
        with open(os.path.join(out_dir, f"{index}.json"), encoding="utf-8") as f:
            return json.load(f), err
    except (OSError, ValueError):
        return {"t": "crash", "rc": os.waitstatus_to_exitcode(status)}, err


def run_cases(runner, cases, jobs, timeout_s):
    """[(result, printed tail)] of `cases` ((key, path, name) from runner.discover), `jobs` children at a time."""
    results = [None] * len(cases)
    running = {}  # pid -> (index, deadline)
    waiting = list(range(len(cases)))[::-1]
    with tempfile.TemporaryDirectory(prefix="tfsess-cases-") as out_dir:
        while waiting or running:
            while waiting and len(running) < jobs:
                index = waiting.pop()
                sys.stdout.flush()
                pid = os.fork()
                if pid == 0:
                    _child(runner, cases[index][1], cases[index][2], out_dir, index)
                running[pid] = (index, time.monotonic() + timeout_s)
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid in running:
                index, _ = running.pop(pid)
                results[index] = _outcome(out_dir, index, False, status)
                continue
            now = time.monotonic()
            for pid, (index, deadline) in list(running.items()):
                if now > deadline:
                    os.kill(pid, 9)
                    os.waitpid(pid, 0)
                    del running[pid]
                    results[index] = _outcome(out_dir, index, True)
            time.sleep(0.002)
    return results


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases_dir")
    ap.add_argument("--area", default="")
    ap.add_argument("-k", dest="pattern", default="")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=None, help="seconds per case (run.py's CASE_TIMEOUT_S)")
    ap.add_argument("--runner", default=RUNNER, help="the conformance run.py whose rules apply")
    args = ap.parse_args(argv)
    runner = _load_runner(args.runner)
    with open(os.path.join(args.cases_dir, "goldens.json"), encoding="utf-8") as f:
        goldens = json.load(f)
    cases = [case for case in runner.discover(args.cases_dir, args.pattern, args.area) if case[0] in goldens]
    import tfsess  # noqa: F401  (imported once, here: every child is forked from this state)
    results = run_cases(runner, cases, args.jobs, args.timeout or runner.CASE_TIMEOUT_S)
    failed = 0
    for (key, _, _), (result, err) in zip(cases, results):
        diff = runner.same(goldens[key], result)
        if diff is not None:
            failed += 1
            print(f"FAIL {key}: {diff}")
            if isinstance(result, dict) and result.get("t") in ("crash", "raises", "timeout") and err.strip():
                print("   " + err.strip().splitlines()[-1][:300])
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
