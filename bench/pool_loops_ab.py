#!/usr/bin/env python3
"""In-process A/B of the convnet training step (bench/convnet.py) with the compiled pooling and
ReluGrad loops (tfsess/lib/pool_loops.py) on and off, and on one thread or split over the batch.

One session, one process: the variants alternate step by step for `--rounds` rounds of `--steps`
steps each, so that load from other processes hits them alike. Printed per variant: the median
step time of each round's steps, the median over rounds, and its ratio to the NumPy route. The
variants train the same session: the loops give the NumPy route's bits, so steps stay comparable.

    python bench/pool_loops_ab.py [--rounds 5] [--steps 30] [--workers 1 2]
"""
from __future__ import annotations

import argparse
import statistics
import time

import convnet
import tfsess as tf
from tfsess.lib import pool_loops
from tfsess.ops import pool_ops


class _NoNumba:
    """Stands in for the compiled loops as numba's absence does: every loop call takes the NumPy route."""

    @staticmethod
    def get():
        return None


def _variant(compiled, workers):
    """Turns the loops on (`compiled`) or off (None) and sets the threads they may use (0: the default)."""
    pool_loops._LOOPS = compiled if compiled is not None else _NoNumba()
    pool_ops.loop_workers = (lambda: workers) if workers else _default_workers


_default_workers = pool_ops.loop_workers


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    compiled = pool_loops._LOOPS
    if compiled.get() is None:
        raise SystemExit("numba is not installed: there are no compiled loops to compare")
    variants = {"numpy": (None, 1)} | {f"loops x{w}": (compiled, w) for w in args.workers}
    step = convnet.build_convnet_train_step(tf)
    for setting in variants.values():  # warm-up: plan compilation, numba's first calls
        _variant(*setting)
        step()
        step()
    rounds = {name: [] for name in variants}
    for _ in range(args.rounds):
        times = {name: [] for name in variants}
        for _ in range(args.steps):
            for name, setting in variants.items():
                _variant(*setting)
                t0 = time.perf_counter()
                step()
                times[name].append(time.perf_counter() - t0)
        for name in variants:
            rounds[name].append(statistics.median(times[name]))
    _variant(compiled, 0)
    base = statistics.median(rounds["numpy"])
    for name, medians in rounds.items():
        mid = statistics.median(medians)
        print(f"{name:10s} {mid * 1e3:7.2f} ms  (rounds {', '.join(f'{m * 1e3:.1f}' for m in medians)})"
              f"  x{base / mid:.2f} vs numpy")


if __name__ == "__main__":
    main()
