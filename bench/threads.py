#!/usr/bin/env python3
"""Runs per second of one session called from 1, 2, 4 and 8 Python threads.

The graph: two independent 1024x1024 float32 matmul branches over variables, each reduced to a
scalar, fetched together. Each thread count runs for `--seconds` under each config (the default,
`intra_op_parallelism_threads=1`, and both pools at one thread), the configs interleaved round by
round so that load from other processes hits them alike; the table shows the median of the
rounds and the speed-up over one thread of the same config.

    python bench/threads.py [--seconds 2] [--rounds 3] [--threads 1 2 4 8]
"""
from __future__ import annotations

import argparse
import statistics
import threading
import time

import numpy as np

import tfsess as tf

N = 1024
CONFIGS = {
    "default": {},
    "intra_op=1": {"intra_op_parallelism_threads": 1},
    # a pool of its own: without use_per_session_threads, sessions share the first one's (as in TF)
    "intra_op=1 inter_op=1": {"intra_op_parallelism_threads": 1, "inter_op_parallelism_threads": 1,
                              "use_per_session_threads": True},
}


def build_two_branches(config):
    """A session and the fetch of two independent N x N matmul branches."""
    rng = np.random.default_rng(0)
    graph = tf.Graph()
    with graph.as_default():
        a, b, c, d = (tf.Variable(rng.standard_normal((N, N)).astype(np.float32) / N) for _ in range(4))
        fetch = [tf.reduce_sum(tf.matmul(a, b)), tf.reduce_sum(tf.matmul(c, d))]
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=graph, config=tf.ConfigProto(**config))
    sess.run(init)
    sess.run(fetch)
    return sess, fetch


def runs_per_second(sess, fetch, threads: int, seconds: float) -> float:
    """Runs completed per second by `threads` threads calling `sess.run(fetch)` for `seconds`."""
    counts = [0] * threads
    stop = threading.Event()
    start = threading.Barrier(threads + 1)

    def work(k):
        start.wait()
        while not stop.is_set():
            sess.run(fetch)
            counts[k] += 1
    workers = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.perf_counter() - t0)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8])
    args = ap.parse_args(argv)
    sessions = {name: build_two_branches(config) for name, config in CONFIGS.items()}
    rates = {(name, n): [] for name in CONFIGS for n in args.threads}
    for _ in range(args.rounds):
        for n in args.threads:
            for name, (sess, fetch) in sessions.items():
                rates[name, n].append(runs_per_second(sess, fetch, n, args.seconds))
    print(f"runs/s of two independent {N}x{N} matmul branches (median of {args.rounds} rounds of "
          f"{args.seconds:g} s; x: over 1 thread of the same config)")
    print(f"{'threads':>8}" + "".join(f"{name:>26}" for name in CONFIGS))
    for n in args.threads:
        cells = []
        for name in CONFIGS:
            rate = statistics.median(rates[name, n])
            base = statistics.median(rates[name, args.threads[0]])
            cells.append(f"{rate:14.1f} ({rate / base:4.2f}x)")
        print(f"{n:>8}" + "".join(f"{c:>26}" for c in cells))


if __name__ == "__main__":
    main()
