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

import numpy as np

import convnet
import tfsess as tf
from tfsess.lib import pool_loops
from tfsess.ops import nn_ops, pool_ops, reduction_ops

CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


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
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall")
    parser.add_argument("--kernels", action="store_true")
    parser.add_argument("--blas-threads", type=int, default=0)
    args = parser.parse_args()
    if args.blas_threads:
        import threadpoolctl  # optional dependency, only for this option
        threadpoolctl.threadpool_limits(args.blas_threads)
    compiled = pool_loops._LOOPS
    if compiled.get() is None:
        raise SystemExit("numba is not installed: there are no compiled loops to compare")
    if args.kernels:
        return compare_kernels(compiled, args.rounds, args.steps)
    clock = CLOCKS[args.clock]
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
                t0 = clock()
                step()
                times[name].append(clock() - t0)
        for name in variants:
            rounds[name].append(statistics.median(times[name]))
    _variant(compiled, 0)
    _print(rounds, "numpy")


def _print(rounds, base_name):
    base = statistics.median(rounds[base_name])
    for name, medians in rounds.items():
        mid = statistics.median(medians)
        print(f"{name:24s} {mid * 1e3:7.3f} ms  (rounds {', '.join(f'{m * 1e3:.2f}' for m in medians)})"
              f"  x{base / mid:.2f} vs {base_name}")


def _convnet_kernels():
    """name -> kernel call, on the shapes of the convnet step's first and second layers."""
    rng = np.random.default_rng(0)
    pool = {"ksize": [1, 2, 2, 1], "strides": [1, 2, 2, 1], "padding": "SAME", "data_format": "NHWC"}
    calls = {}
    for shape in ((64, 28, 28, 32), (64, 14, 14, 64)):
        x = np.maximum(rng.standard_normal(shape, np.float32), 0)  # ReLU outputs: ties at 0
        y = pool_ops._max_pool(np, x, **pool)
        g = rng.standard_normal(y.shape, np.float32)
        dx = rng.standard_normal(shape, np.float32)
        bias = rng.standard_normal(shape[-1:], np.float32)
        out = np.empty_like(x)
        tag = "x".join(map(str, shape[1:]))
        calls[f"MaxPool {tag}"] = lambda x=x: pool_ops._max_pool(np, x, **pool)
        calls[f"MaxPoolGrad {tag}"] = lambda x=x, y=y, g=g: pool_ops._max_pool_grad_kernel(np, x, y, g, **pool)
        calls[f"ReluGrad {tag}"] = lambda x=x, dx=dx, out=out: nn_ops._relu_grad_kernel(np, dx, x, out=out)
        calls[f"BiasAdd {tag}"] = lambda x=x, bias=bias, out=out: nn_ops._bias_add(np, x, bias, out=out)
        calls[f"Sum (bias grad) {tag}"] = lambda dx=dx: reduction_ops._sum(np, dx, np.arange(3))
    return calls


def compare_kernels(compiled, rounds, repeats):
    """Each kernel's median CPU time (the calling thread's) on the NumPy route and the loops, interleaved."""
    results = {}
    for _ in range(rounds):
        for name, call in _convnet_kernels().items():
            for variant, setting in (("numpy", None), ("loops", compiled)):
                _variant(setting, 1)
                call()
                times = []
                for _ in range(repeats):
                    t0 = time.thread_time()
                    call()
                    times.append(time.thread_time() - t0)
                results.setdefault(name, {}).setdefault(variant, []).append(statistics.median(times))
    _variant(compiled, 0)
    for name, variants in results.items():
        numpy_ms, loops_ms = (statistics.median(variants[v]) * 1e3 for v in ("numpy", "loops"))
        print(f"{name:28s} numpy {numpy_ms:6.3f} ms   loops {loops_ms:6.3f} ms   x{numpy_ms / loops_ms:.2f}")


if __name__ == "__main__":
    main()
