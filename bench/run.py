#!/usr/bin/env python3
"""tfsess benchmark: each workload against tfsess, plain NumPy (the floor) and TensorFlow if installed.

    python bench/run.py                       # every workload, every available implementation
    python bench/run.py -w tiny_run feed_run --rounds 3
    python bench/run.py --impl tfsess numpy --json results.json
    python bench/run.py --show results.json  # the table of a saved sitting again
    python bench/run.py --tf-python /path/to/tf-venv/bin/python   # TensorFlow from another environment

Each implementation runs in its own process (bench/rounds.py): a round starts one fresh process per implementation,
which measures the workload (a median of repeated runs after a warm-up) and reports it; rounds
interleave the implementations so that load on the machine hits them alike. The table shows the
median of the round medians, the ratio of tfsess's median to the others' and the spread of that
ratio (min-max of the per-round ratios). TensorFlow is looked for in this interpreter or in the
one given by --tf-python, whose processes import tfsess from this checkout. `import` and
`peak_memory` start further processes of their own, from the measuring process's interpreter.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import threading
import time

import numpy as np

import rounds  # bench/rounds.py: the per-process method (this script's folder is on sys.path)

HERE = os.path.dirname(os.path.abspath(__file__))
CHAIN_N = 2_000_000


def load_tf(impl):
    if impl == "tfsess":
        import tfsess  # imported on demand: a NumPy or TF measuring process never loads it
        return tfsess
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF 2.21's tf.nn.rnn_cell comes from tf-keras
    import tensorflow.compat.v1 as tf  # optional dependency, only in the TF measuring process
    tf.disable_v2_behavior()
    return tf


def timeit(fn, min_time=0.3, max_runs=2000, min_runs=5):
    fn()  # warm-up (plan compilation, caches)
    times = []
    start = time.perf_counter()
    while len(times) < max_runs and (time.perf_counter() - start < min_time or len(times) < min_runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ------------------------------------------------------------------ workloads: impl -> seconds
def w_import(impl):
    code = {"tfsess": "import tfsess", "numpy": "import numpy",
            "tf": "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()"}[impl]
    # As a user's machine imports: with bytecode caches (written by a warm-up run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def once(source):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", source], check=True, capture_output=True, env=env)
        return time.perf_counter() - t0

    once(code)
    runs = [once(code) for _ in range(5)]
    base = [once("pass") for _ in range(5)]
    return max(0.0, statistics.median(runs) - statistics.median(base))


def w_tiny_run(impl):
    if impl == "numpy":
        a, b = np.float32(5.0), np.float32(6.0)
        return timeit(lambda: a * b)
    tf = load_tf(impl)
    with tf.Graph().as_default():
        c = tf.constant(5.0) * tf.constant(6.0)
        sess = tf.Session()
        return timeit(lambda: sess.run(c))


def _feed_graph(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    return x, tf.reduce_sum(x * 2.0)


BATCH4 = np.arange(12, dtype=np.float32).reshape(4, 3)


def w_feed_run(impl):
    if impl == "numpy":
        return timeit(lambda: np.sum(np.asarray(BATCH4, np.float32) * np.float32(2.0)))
    tf = load_tf(impl)
    with tf.Graph().as_default():
        x, y = _feed_graph(tf)
        sess = tf.Session()
        return timeit(lambda: sess.run(y, {x: BATCH4}))


def w_callable_run(impl):
    if impl == "numpy":
        return w_feed_run("numpy")
    tf = load_tf(impl)
    with tf.Graph().as_default():
        x, y = _feed_graph(tf)
        sess = tf.Session()
        f = sess.make_callable(y, [x])
        return timeit(lambda: f(BATCH4))


def w_wide_fetch(impl):
    if impl == "numpy":
        base = np.arange(10, dtype=np.float32)
        return timeit(lambda: {f"t{i}": base * np.float32(i) for i in range(100)})
    tf = load_tf(impl)
    with tf.Graph().as_default():
        base = tf.placeholder(tf.float32, [10])
        fetches = {f"t{i}": base * float(i) for i in range(100)}
        sess = tf.Session()
        value = np.arange(10, dtype=np.float32)
        return timeit(lambda: sess.run(fetches, {base: value}))


def chain_numpy(x):
    for i in range(50):
        k = i % 5
        if k == 0:
            x = x * np.float32(0.9)
        elif k == 1:
            x = x + np.float32(0.1)
        elif k == 2:
            x = np.tanh(x)
        elif k == 3:
            x = x - np.float32(0.05)
        else:
            x = np.maximum(x, np.float32(-0.5))
    return x


def chain_graph(tf, x):
    for i in range(50):
        k = i % 5
        if k == 0:
            x = x * 0.9
        elif k == 1:
            x = x + 0.1
        elif k == 2:
            x = tf.tanh(x)
        elif k == 3:
            x = x - 0.05
        else:
            x = tf.maximum(x, -0.5)
    return x


CHAIN_INPUT = np.random.default_rng(0).standard_normal(CHAIN_N).astype(np.float32)


def w_chain_large(impl):
    if impl == "numpy":
        return timeit(lambda: chain_numpy(CHAIN_INPUT), min_time=1.0, min_runs=3)
    tf = load_tf(impl)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [CHAIN_N])
        y = chain_graph(tf, x)
        sess = tf.Session()
        return timeit(lambda: sess.run(y, {x: CHAIN_INPUT}), min_time=1.0, min_runs=3)


def _mlp():
    spec = importlib.util.spec_from_file_location("bench_mlp", os.path.join(HERE, "mlp.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def w_mlp_train(impl):
    mlp = _mlp()
    if impl == "numpy":
        step = mlp.numpy_mlp_train_step()
        return timeit(step, min_time=1.0)
    step = mlp.build_mlp_train_step(load_tf(impl))
    return timeit(step, min_time=1.0)


def _bench_module(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", os.path.join(HERE, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def w_lstm_train(impl):
    """One GradientDescent step of a 128-unit LSTM over 50 steps (bench/lstm.py)."""
    lstm = _bench_module("lstm")
    step = lstm.numpy_lstm_train_step() if impl == "numpy" else lstm.build_lstm_train_step(load_tf(impl))
    return timeit(step, min_time=2.0)


def _mlp_infer(impl, batch):
    rng = np.random.default_rng(1)
    ws = [rng.standard_normal(s).astype(np.float32) * 0.05 for s in ((784, 512), (512, 512), (512, 10))]
    x = rng.standard_normal((batch, 784)).astype(np.float32)
    if impl == "numpy":
        def run():
            h = np.maximum(x @ ws[0], 0)
            h = np.maximum(h @ ws[1], 0)
            return h @ ws[2]
        return timeit(run)
    tf = load_tf(impl)
    with tf.Graph().as_default():
        xp = tf.placeholder(tf.float32, [None, 784])
        h = tf.nn.relu(tf.matmul(xp, tf.constant(ws[0])))
        h = tf.nn.relu(tf.matmul(h, tf.constant(ws[1])))
        y = tf.matmul(h, tf.constant(ws[2]))
        sess = tf.Session()
        return timeit(lambda: sess.run(y, {xp: x}))


def w_mlp_infer_1(impl):
    return _mlp_infer(impl, 1)


def w_mlp_infer_1024(impl):
    return _mlp_infer(impl, 1024)


CONV_X = np.random.default_rng(2).standard_normal((32, 28, 28, 1)).astype(np.float32)
CONV_W = np.random.default_rng(3).standard_normal((5, 5, 1, 32)).astype(np.float32)


def conv_numpy(x, w):
    """SAME conv2d as one einsum over sliding windows (the floor the op library is held to)."""
    pad = np.pad(x, ((0, 0), (2, 2), (2, 2), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(pad, (5, 5), axis=(1, 2))  # [N,H,W,C,5,5]
    return np.einsum("nhwcij,ijco->nhwo", windows, w, optimize=True)


def w_conv2d(impl):
    if impl == "numpy":
        return timeit(lambda: conv_numpy(CONV_X, CONV_W))
    tf = load_tf(impl)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, CONV_X.shape)
        y = tf.nn.conv2d(x, tf.constant(CONV_W), strides=[1, 1, 1, 1], padding="SAME")
        sess = tf.Session()
        return timeit(lambda: sess.run(y, {x: CONV_X}))


def w_convnet_train(impl):
    """One GradientDescent step of two conv+pool layers and a dense layer, batch 64 (bench/convnet.py)."""
    convnet = _bench_module("convnet")
    step = convnet.numpy_convnet_train_step() if impl == "numpy" else convnet.build_convnet_train_step(load_tf(impl))
    return timeit(step, min_time=2.0)


PEAK_CODE = """
import resource, sys, numpy as np
sys.path.insert(0, {here!r})
import run as bench
impl = {impl!r}
x = bench.CHAIN_INPUT
if impl == "numpy":
    run = lambda: bench.chain_numpy(x)
else:
    tf = bench.load_tf(impl)
    p = tf.placeholder(tf.float32, [bench.CHAIN_N])
    y = bench.chain_graph(tf, p)
    sess = tf.Session()
    run = lambda: sess.run(y, {{p: x}})
run()  # warm: the plan is built and numba's compiled loops loaded (once per process), as in any later run
import tracemalloc
tracemalloc.start()
run()
print(tracemalloc.get_traced_memory()[1])
"""


def w_peak_memory(impl):
    """Peak traced memory of one warm chain_large run, in tensors of the chain's size (lower is better)."""
    if impl == "tf":
        return None  # TF allocates outside Python: tracemalloc cannot see it
    out = subprocess.run([sys.executable, "-c", PEAK_CODE.format(here=HERE, impl=impl)],
                         check=True, capture_output=True, text=True).stdout.split()[-1]
    return int(out) / (CHAIN_N * 4)


def _build(tf, n):
    x = tf.placeholder(tf.float32, [])
    y = x
    for i in range(n // 2):
        y = y * 1.0001 if i % 2 else y + 0.5
    return x, y


def w_graph_build(impl):
    if impl == "numpy":
        def eager():
            y = np.float32(1.0)
            for i in range(5000):
                y = y * np.float32(1.0001) if i % 2 else y + np.float32(0.5)
            return y
        return timeit(eager, min_time=0.5, min_runs=3)
    tf = load_tf(impl)
    with tf.Graph().as_default():
        t0 = time.perf_counter()
        _build(tf, 10_000)
        return time.perf_counter() - t0


def _graph_runs(impl):
    tf = load_tf(impl)
    with tf.Graph().as_default():
        x, y = _build(tf, 10_000)
        sess = tf.Session()
        t0 = time.perf_counter()
        sess.run(y, {x: 1.0})
        first = time.perf_counter() - t0
        later = timeit(lambda: sess.run(y, {x: 1.0}), min_time=0.5, min_runs=3)
    return first, later


def w_graph_first_run(impl):
    if impl == "numpy":
        return w_graph_build("numpy")
    return _graph_runs(impl)[0]


def w_graph_later_runs(impl):
    if impl == "numpy":
        return w_graph_build("numpy")
    return _graph_runs(impl)[1]


WORKLOADS = {
    "import": (w_import, "s"), "tiny_run": (w_tiny_run, "s"), "feed_run": (w_feed_run, "s"),
    "callable_run": (w_callable_run, "s"), "wide_fetch": (w_wide_fetch, "s"),
    "chain_large": (w_chain_large, "s"), "mlp_train": (w_mlp_train, "s"),
    "mlp_infer_1": (w_mlp_infer_1, "s"), "mlp_infer_1024": (w_mlp_infer_1024, "s"),
    "conv2d": (w_conv2d, "s"), "convnet_train": (w_convnet_train, "s"), "peak_memory": (w_peak_memory, "tensors"), "graph_build": (w_graph_build, "s"),
    "graph_first_run": (w_graph_first_run, "s"), "graph_later_runs": (w_graph_later_runs, "s"),
    "lstm_train": (w_lstm_train, "s"),
}


# ------------------------------------------------------------------ tf.data: one epoch of an input pipeline
DATA_ROWS, DATA_BATCH, DATA_SHUFFLE = 60_000, 128, 10_000


def _data_epoch_seconds(impl, map_first):
    """One epoch of from_tensor_slices -> shuffle -> map(x/255-0.5) -> batch -> prefetch(1) through get_next."""
    rows = np.random.default_rng(0).random((DATA_ROWS, 784), dtype=np.float32) * 255
    if impl == "numpy":  # the floor: a permutation, then one gather and one scaling pass per batch
        def epoch():
            order = np.random.default_rng().permutation(DATA_ROWS)
            for start in range(0, DATA_ROWS, DATA_BATCH):
                rows[order[start:start + DATA_BATCH]] / 255 - 0.5
        return timeit(epoch, min_time=0, min_runs=3)
    tf = load_tf(impl)
    with tf.Graph().as_default():
        source = tf.placeholder(tf.float32, [DATA_ROWS, 784])  # fed at initialization: no 188 MB constant
        dataset = tf.data.Dataset.from_tensor_slices(source).shuffle(DATA_SHUFFLE)

        def scale(x):
            return x / 255 - 0.5
        if map_first:
            dataset = dataset.map(scale).batch(DATA_BATCH)
        else:
            dataset = dataset.batch(DATA_BATCH).map(scale)
        iterator = tf.data.make_initializable_iterator(dataset.prefetch(1))
        batch = iterator.get_next()
        sess = tf.Session()

        def epoch():
            sess.run(iterator.initializer, {source: rows})
            while True:
                try:
                    sess.run(batch)
                except tf.errors.OutOfRangeError:
                    break
        seconds = timeit(epoch, min_time=0, min_runs=3)
        sess.close()
    return seconds


def w_data_pipeline_mb(impl):
    return _data_epoch_seconds(impl, map_first=True)


def w_data_pipeline_bm(impl):
    return _data_epoch_seconds(impl, map_first=False)


WORKLOADS.update({"data_pipeline_mb": (w_data_pipeline_mb, "s"), "data_pipeline_bm": (w_data_pipeline_bm, "s")})


# ------------------------------------------------------------------ threads: runs of one session from several threads
BRANCH_INPUTS = [np.random.default_rng(4 + i).standard_normal((1024, 1024)).astype(np.float32) for i in range(4)]


def _seconds_per_call(call, threads, min_time=1.0):
    """Wall time over calls completed when `threads` threads call `call` back to back for `min_time`."""
    call()  # warm-up (plan compilation, BLAS buffers)
    counts, stop = [0] * threads, threading.Event()

    def worker(k):
        while not stop.is_set():
            call()
            counts[k] += 1
    workers = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    time.sleep(min_time)
    stop.set()
    for w in workers:
        w.join()
    return (time.perf_counter() - t0) / max(1, sum(counts))


def _two_matmuls(impl, threads):
    """A graph of two independent 1024x1024 matmul branches (each summed), run by `threads` threads."""
    a, b, c, d = BRANCH_INPUTS
    if impl == "numpy":
        return _seconds_per_call(lambda: ((a @ b).sum(), (c @ d).sum()), threads)
    tf = load_tf(impl)
    with tf.Graph().as_default():  # variables, not constants: no constant folding of the branches
        left = tf.reduce_sum(tf.matmul(tf.Variable(a), tf.Variable(b)))
        right = tf.reduce_sum(tf.matmul(tf.Variable(c), tf.Variable(d)))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        return _seconds_per_call(lambda: sess.run([left, right]), threads)


def w_two_matmuls_1_thread(impl):
    return _two_matmuls(impl, 1)


def w_two_matmuls_4_threads(impl):
    return _two_matmuls(impl, 4)


WORKLOADS.update({"two_matmuls_1_thread": (w_two_matmuls_1_thread, "s"),
                  "two_matmuls_4_threads": (w_two_matmuls_4_threads, "s")})


# ------------------------------------------------------------------ the measuring process, and the command line
IMPLS = ("tfsess", "numpy", "tf")


def child_main(workload, impl):
    """Measures one workload for one implementation in this process and prints the result line."""
    fn, _ = WORKLOADS[workload]
    print(rounds.RESULT_TAG + json.dumps({"value": fn(impl)}), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-w", "--workload", action="extend", nargs="+", choices=sorted(WORKLOADS))
    ap.add_argument("--impl", action="extend", nargs="+", choices=IMPLS)
    ap.add_argument("--rounds", type=int, default=5, help="rounds of one process per implementation (5)")
    ap.add_argument("--tf-python", metavar="PATH",
                    help="the Python of an environment with TensorFlow (tfsess is imported from this checkout)")
    ap.add_argument("--json", metavar="FILE", help="write the raw round values, medians and ratios to FILE")
    ap.add_argument("--timeout", type=float, default=600, help="seconds one measuring process may take (600)")
    ap.add_argument("--show", metavar="FILE", help="print the table of a --json FILE again, measuring nothing")
    ap.add_argument("--child", nargs=2, metavar=("WORKLOAD", "IMPL"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child_main(*args.child)
    if args.show:
        with open(args.show, encoding="utf-8") as f:
            saved = json.load(f)
        print(rounds.table(saved["workloads"], list(saved["meta"]["pythons"])))
        return 0
    if args.rounds < 1:
        ap.error("--rounds must be at least 1")
    tf_python = args.tf_python or sys.executable
    if args.tf_python and not os.access(args.tf_python, os.X_OK):
        ap.error(f"--tf-python {args.tf_python}: not an executable file")
    tf_found = rounds.has_tensorflow(tf_python)
    impls = list(dict.fromkeys(args.impl or ["tfsess", "numpy"] + (["tf"] if tf_found else [])))
    if "tf" in impls and not tf_found:
        ap.error(f"TensorFlow is not importable by {tf_python}; name a Python that has it with --tf-python")
    pythons = {impl: tf_python if impl == "tf" else sys.executable for impl in impls}
    units = {name: WORKLOADS[name][1] for name in args.workload or WORKLOADS}
    results, errors = rounds.run_rounds(os.path.abspath(__file__), units, pythons, args.rounds, args.timeout)
    summary = rounds.summarize(results, units)
    print(f"# {args.rounds} rounds, each implementation in its own process; "
          f"medians of round values, ratios of medians (spread: min-max of per-round ratios)")
    print(rounds.table(summary, impls))
    if args.json:
        for name, failures in errors.items():
            summary[name]["errors"] = failures
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"meta": rounds.machine_info(pythons, args.rounds), "workloads": summary}, f, indent=1)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
