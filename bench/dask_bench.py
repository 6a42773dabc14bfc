#!/usr/bin/env python3
"""tfsess on a local Dask cluster vs in-process: a 4-partition chain_large and an MLP training step.

    python bench/dask_bench.py                 # 4 worker processes on loopback
    python bench/dask_bench.py --threads       # the 4 workers as threads of this process (TCP still)
    python bench/dask_bench.py -w chain_large --runs 5

chain_large: bench/run.py's 50 elementwise ops on 2,000,000 float32, cut into 4 blocks placed on
/job:worker/task:0..3 (the input fed to task 0, the result fetched from task 3).
mlp_train: bench/mlp.py's 784-512-512-10 MLP step (batch 256) with its variables on /job:ps/task:0
(replica_device_setter) and the forward/backward pass on /job:worker/task:0.

Prints the median time per run of each, in-process and on the cluster, and the bytes each
distributed run moves between workers (tensors crossing a cut, from the workers' own counters),
feeds to and fetches from the client. No dashboard is started; every server listens on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def _load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", os.path.join(HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_time(fn, runs, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ------------------------------------------------------------------ workloads
def chain_large(tf, target, runs, cluster_spec):
    """(seconds per run, session, run function) of the 50-op chain split over 4 worker tasks."""
    bench = _load("run")
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [bench.CHAIN_N], name="x")
        y = x
        for block in range(4):
            with tf.device(f"/job:worker/task:{block}"):
                for i in range(block * 50 // 4, (block + 1) * 50 // 4):
                    y = _chain_op(tf, y, i)
    expected = bench.chain_numpy(bench.CHAIN_INPUT)
    sess = _session(tf, target, g, cluster_spec)
    out = sess.run(y, {x: bench.CHAIN_INPUT})
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    step = lambda: sess.run(y, {x: bench.CHAIN_INPUT})  # noqa: E731
    return median_time(step, runs), sess, step


def _chain_op(tf, x, i):
    k = i % 5
    if k == 0:
        return x * 0.9
    if k == 1:
        return x + 0.1
    if k == 2:
        return tf.tanh(x)
    if k == 3:
        return x - 0.05
    return tf.maximum(x, -0.5)


def mlp_train(tf, target, runs, cluster_spec):
    """(seconds per step, session, step function) of the MLP step with ps-held variables."""
    from tfsess.distributed import replica_device_setter  # also tf.train.replica_device_setter
    mlp = _load("mlp")
    g = tf.Graph()
    with g.as_default(), tf.device(replica_device_setter(ps_tasks=1, worker_device="/job:worker/task:0")
                                   if target else None):
        x = tf.placeholder(tf.float32, [None, mlp.SIZES[0]], name="x")
        y = tf.placeholder(tf.float32, [None, mlp.SIZES[-1]], name="y")
        params = [tf.Variable(p) for p in mlp._weights(0)]
        h = x
        for i in range(0, len(params), 2):
            h = tf.matmul(h, params[i]) + params[i + 1]
            if i + 2 < len(params):
                h = tf.nn.relu(h)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=h))
        train = tf.train.GradientDescentOptimizer(mlp.LEARNING_RATE).minimize(loss)
        init = tf.global_variables_initializer()
    sess = _session(tf, target, g, cluster_spec)
    sess.run(init)
    xs, ys = mlp._data()
    feed = {x: xs, y: ys}
    step = lambda: sess.run(train, feed)  # noqa: E731
    return median_time(step, runs), sess, step


def _session(tf, target, graph, cluster_spec):
    if not target:
        return tf.Session(graph=graph, config=tf.ConfigProto(allow_soft_placement=True))
    from tfsess.distributed import DaskSession
    return DaskSession(target, graph=graph, cluster=cluster_spec)


WORKLOADS = {"chain_large": (chain_large, {"worker": 4}), "mlp_train": (mlp_train, {"ps": 1, "worker": 1})}


# ------------------------------------------------------------------ main
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-w", "--workload", action="append", choices=sorted(WORKLOADS))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--threads", action="store_true", help="workers as threads of this process")
    args = parser.parse_args(argv)
    import distributed

    import tfsess as tf
    from tfsess.distributed import ClusterSpec

    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = distributed.LocalCluster(
        n_workers=4, threads_per_worker=1, processes=not args.threads, protocol="tcp://", host="127.0.0.1",
        dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    client = distributed.Client(cluster, set_as_default=False)
    kind = "threads" if args.threads else "processes"
    print(f"Dask LocalCluster: 4 single-thread worker {kind} on loopback ({os.cpu_count()} CPUs)")
    print(f"{'workload':<12} {'in-process':>12} {'dask':>12} {'ratio':>7} {'between workers/run':>20} "
          f"{'fed/run':>10} {'fetched/run':>12}")
    try:
        for name in args.workload or sorted(WORKLOADS):
            fn, spec = WORKLOADS[name]
            local_s, local, _ = fn(tf, None, args.runs, None)
            local.close()
            dask_s, sess, step = fn(tf, client, args.runs, ClusterSpec(spec))
            before = sess.transfer_info()
            step()  # one more run, counted on its own
            after = sess.transfer_info()
            moved = {k: after[k] - before[k] for k in after}
            sess.close()
            print(f"{name:<12} {local_s * 1e3:10.1f}ms {dask_s * 1e3:10.1f}ms {dask_s / local_s:6.1f}x "
                  f"{_mb(moved['bytes_between_tasks']):>20} {_mb(moved['bytes_fed']):>10} "
                  f"{_mb(moved['bytes_fetched']):>12}")
    finally:
        client.close()
        cluster.close()


def _mb(n):
    return f"{n / 1e6:.2f} MB"


if __name__ == "__main__":
    main()
