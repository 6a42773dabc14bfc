#!/usr/bin/env python3
"""The MLP training step (bench/mlp.py) on a quiet machine and while another process keeps every core busy.

NumPy's OpenBLAS threads spin waiting for each other: when other work holds the cores, a step
that splits each matmul over all of them waits for the slowest thread. TF sizes its pools by
`intra_op_parallelism_threads`; so does tfsess. For each config (the default and
`intra_op_parallelism_threads=1`) this prints the median step time quiet and under load, and
their ratio. The load is one process running a busy loop in as many threads as there are CPUs
(pure Python loops in separate processes, so the GIL does not spare a core).

    python bench/busy.py [--runs 30] [--rounds 3]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mlp  # noqa: E402 - the MLP step lives beside this script

import tfsess as tf  # noqa: E402

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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    steps = [mlp.build_mlp_train_step(tf, config=tf.ConfigProto(**config)) for config in CONFIGS.values()]
    quiet, busy = [[] for _ in steps], [[] for _ in steps]
    for _ in range(args.rounds):   # quiet and busy alternate, so drifting load hits both alike
        for k, t in enumerate(mlp.median_step_times(steps, warmup=1, runs=args.runs)):
            quiet[k].append(t)
        with Load(cpus):
            for k, t in enumerate(mlp.median_step_times(steps, warmup=1, runs=args.runs)):
                busy[k].append(t)
    print(f"mlp_train step, median ms (medians of {args.rounds} rounds of {args.runs} steps; "
          f"load: {cpus} spinning processes)")
    print(f"{'config':<14}{'quiet':>10}{'busy':>10}{'busy/quiet':>12}")
    for name, q, b in zip(CONFIGS, quiet, busy):
        q, b = statistics.median(q), statistics.median(b)
        print(f"{name:<14}{q * 1e3:>10.2f}{b * 1e3:>10.2f}{b / q:>11.2f}x")


if __name__ == "__main__":
    main()
