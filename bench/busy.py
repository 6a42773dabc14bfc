#!/usr/bin/env python3
"""The MLP training step (bench/mlp.py) on a quiet machine and while other processes keep every core busy.

NumPy's OpenBLAS threads spin waiting for each other: when other work holds the cores, a step
that splits each matmul over all of them waits for the slowest thread. TF sizes its pools by
`intra_op_parallelism_threads`; so does tfsess, and a session without the setting learns per plan
whether one BLAS thread or all of them run it faster now (runtime/blas_governor.py). For each config (the default and
`intra_op_parallelism_threads=1`) this prints the median step time quiet and under load, and
their ratio, for each implementation asked for: tfsess, TensorFlow (the same graph; from
another environment with --tf-python) and the NumPy floor (its config through threadpoolctl).
The load is one process per CPU running a busy loop (pure Python, so the GIL spares no core).

Each implementation runs in its own process, in interleaved rounds (as bench/run.py does); inside
a round the quiet measurement comes right before the busy one. With N spinners on N CPUs a
one-thread step gets at best a fair share of N/(N+1) of a core (1.5x its quiet time on two
CPUs), and Linux tends to keep three runnable tasks on two CPUs as two on one and one on the
other (2x): read tfsess's ratio beside TF's, measured under the same load.

    python bench/busy.py [--runs 20] [--rounds 3] [--impl tfsess tf numpy] [--tf-python PATH]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mlp  # noqa: E402 - the MLP step lives beside this script
import rounds  # noqa: E402 - the per-process method of bench/run.py
from run import load_tf  # noqa: E402

CONFIGS = {"default": {}, "intra_op=1": {"intra_op_parallelism_threads": 1}}


def _spin(stop):
    while not stop.is_set():
        for _ in range(100_000):
            pass


class Load:
    """`cpus` processes each spinning on one core until the block ends."""

    def __init__(self, cpus: int):
        self.cpus = cpus

    def __enter__(self):
        context = multiprocessing.get_context("spawn")
        self.stop = context.Event()
        self.workers = [context.Process(target=_spin, args=(self.stop,), daemon=True) for _ in range(self.cpus)]
        for worker in self.workers:
            worker.start()
        time.sleep(0.5)  # let the spinners start before timing
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for worker in self.workers:
            worker.join()
        return False


def cpu_count():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _numpy_step(config):
    """The NumPy floor's step under `config`'s thread cap (threadpoolctl), as a plain function."""
    step = mlp.numpy_mlp_train_step()
    limit = config.get("intra_op_parallelism_threads")
    if not limit:
        return step
    from threadpoolctl import threadpool_limits  # optional dependency: the `perf` extra

    def capped():
        with threadpool_limits(limit):
            step()
    return capped


def _steps(impl):
    if impl == "numpy":
        return [_numpy_step(config) for config in CONFIGS.values()]
    tf = load_tf(impl)
    return [mlp.build_mlp_train_step(tf, config=tf.ConfigProto(**config)) for config in CONFIGS.values()]


def measure(impl, runs):
    """{config: [quiet seconds, busy seconds]}: one quiet and one busy median step time per config."""
    steps = _steps(impl)
    quiet = mlp.median_step_times(steps, warmup=2, runs=runs)
    with Load(cpu_count()):
        busy = mlp.median_step_times(steps, warmup=1, runs=runs)
    return {name: [q, b] for name, q, b in zip(CONFIGS, quiet, busy)}


def _child(impl, runs):
    print(rounds.RESULT_TAG + json.dumps({"value": measure(impl, runs)}), flush=True)


def _in_process(python, impl, runs, timeout=600):
    cmd = [python, os.path.abspath(__file__), "--child", impl, "--runs", str(runs)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=rounds.child_env(), timeout=timeout)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(rounds.RESULT_TAG):
            return json.loads(line[len(rounds.RESULT_TAG):])["value"]
    tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
    raise SystemExit(f"busy.py: {impl} failed: {tail}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--impl", nargs="+", default=["tfsess"], choices=["tfsess", "tf", "numpy"])
    ap.add_argument("--tf-python", metavar="PATH", help="the interpreter that has TensorFlow (default: this one)")
    ap.add_argument("--child", metavar="IMPL", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(args.child, args.runs)
    pythons = {impl: (args.tf_python or sys.executable) if impl == "tf" else sys.executable for impl in args.impl}
    per_impl = {impl: {name: ([], []) for name in CONFIGS} for impl in args.impl}
    for r in range(args.rounds):
        order = args.impl[r % len(args.impl):] + args.impl[:r % len(args.impl)]
        for impl in order:
            for name, (q, b) in _in_process(pythons[impl], impl, args.runs).items():
                per_impl[impl][name][0].append(q)
                per_impl[impl][name][1].append(b)
            print(f"# round {r + 1}/{args.rounds}: {impl} done", file=sys.stderr, flush=True)
    print(f"mlp_train step, median ms (medians of {args.rounds} rounds of {args.runs} steps, one process per "
          f"implementation and round; load: {cpu_count()} spinning processes)")
    print(f"{'impl':<8}{'config':<14}{'quiet':>10}{'busy':>10}{'busy/quiet':>12}")
    for impl, table in per_impl.items():
        for name, (quiet, busy) in table.items():
            q, b = statistics.median(quiet), statistics.median(busy)
            print(f"{impl:<8}{name:<14}{q * 1e3:>10.2f}{b * 1e3:>10.2f}{b / q:>11.2f}x")


if __name__ == "__main__":
    main()
