#!/usr/bin/env python3
"""tfsess on a GPU against raw CuPy doing the same work.

    python bench/gpu.py                 # prints the table (needs cupy and a CUDA GPU)
    python bench/gpu.py --write         # ... and writes it into bench/GPU.md
    python bench/gpu.py --simulated     # the same code path on a simulated GPU against NumPy (small shapes)

Workloads: a 4096x4096 float32 matmul; the MLP training step of bench/mlp.py at batch 1024
(784-512-512-10, softmax cross-entropy, SGD, batches fed from host memory on both sides); a
SAME conv2d (64x56x56x64 input, 3x3x64x128 kernel); the LSTM training step of bench/lstm.py
(128 units, 50 steps, batch 32, one GradientDescent step). tfsess builds each as a TF1 graph under
`tf.device('/gpu:0')` (soft placement on); the raw side is the same computation written directly
against CuPy (its elementwise kernels and cuBLAS GEMMs), its inputs and weights resident on the GPU
as tfsess's variables and constants are. Before timing, one step of each side is compared (outputs
or losses within float32 tolerance). Each step is timed with CUDA events on the current stream
(start recorded, step run, end recorded and waited for), so the time covers launching on the host
and finishing on the GPU. Rounds interleave the two sides; the table shows medians of the round
medians and tfsess's throughput as a share of CuPy's (CuPy's time / tfsess's time).

Exit status 3 (EXIT_NO_GPU) when cupy does not import or sees no CUDA GPU.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import sys
import time

import numpy as np

import tfsess as tf
from tfsess.runtime import device_gpu
from tfsess.runtime.devices import set_simulated_gpus

HERE = os.path.dirname(os.path.abspath(__file__))
GPU_MD = os.path.join(HERE, "GPU.md")
EXIT_NO_GPU = 3
TABLE_BEGIN, TABLE_END = "<!-- gpu-table -->", "<!-- /gpu-table -->"

# Shapes per scale: "full" for a real GPU, "small" for a simulated one (NumPy on the CPU).
SHAPES = {
    "full": {"matmul": 4096, "mlp": (1024, (784, 512, 512, 10)), "conv2d": ((64, 56, 56, 64), (3, 3, 64, 128)),
             "lstm": (32, 50, 64, 128, 10)},
    "small": {"matmul": 256, "mlp": (64, (784, 512, 512, 10)), "conv2d": ((4, 14, 14, 8), (3, 3, 8, 16)),
              "lstm": (4, 6, 8, 16, 10)},
}
MLP_LEARNING_RATE, LSTM_LEARNING_RATE = 0.01, 0.1


# ------------------------------------------------------------------ backends: the raw side, the step timer
class CudaBackend:
    """Raw CuPy on CUDA device 0; steps timed with CUDA events on the current stream."""

    simulated = False

    def __init__(self, cupy):
        self.xp = cupy
        self.gpu = "/gpu:0"
        props = cupy.cuda.runtime.getDeviceProperties(0)
        name = props.get("name", b"GPU")
        name = name.decode(errors="replace") if isinstance(name, bytes) else str(name)
        self.description = (f"{name}, {props.get('totalGlobalMem', 0) / 2**30:.0f} GiB, CUDA runtime "
                            f"{cupy.cuda.runtime.runtimeGetVersion()}, driver {cupy.cuda.runtime.driverGetVersion()}, "
                            f"CuPy {cupy.__version__}")

    def to_host(self, value):
        return self.xp.asnumpy(value)

    def seconds(self, step):
        cp = self.xp
        start, end = cp.cuda.Event(), cp.cuda.Event()
        start.record()
        step()
        end.record()
        end.synchronize()
        return cp.cuda.get_elapsed_time(start, end) / 1e3


class SimulatedBackend:
    """tfsess on a simulated GPU (NumPy kernels) against plain NumPy, timed by the host clock: this
    exercises the script's code path where no GPU is, and its numbers say nothing about GPUs."""

    simulated = True
    xp = np

    def __init__(self):
        set_simulated_gpus(1)
        self.gpu = f"/gpu:{device_gpu.physical_gpu_count()}"  # simulated GPUs follow the real ones
        self.description = f"simulated GPU (NumPy {np.__version__} on {platform.machine()})"

    def to_host(self, value):
        return np.asarray(value)

    def seconds(self, step):
        t0 = time.perf_counter()
        step()
        return time.perf_counter() - t0


def cuda_backend():
    """(CudaBackend, None), or (None, the reason) when cupy or a CUDA GPU is missing."""
    try:
        import cupy  # optional dependency: only this GPU benchmark and tfsess's GPU device use it
    except ImportError as exc:
        return None, f"cupy does not import ({exc})"
    if not device_gpu.cuda_available():
        return None, "cupy imports but sees no CUDA GPU"
    return CudaBackend(cupy), None


# ------------------------------------------------------------------ the tfsess side: TF1 graphs on the GPU
def _session(graph):
    return tf.Session(graph=graph, config=tf.ConfigProto(allow_soft_placement=True))


def _placement_note(sess, gpu):
    """'k of n ops on the GPU' and the op types placed elsewhere (soft placement), for the table."""
    records = sess.placement_info()
    suffix = "GPU:" + gpu.rsplit(":", 1)[1]
    elsewhere = [r["op_type"] for r in records if not r["assigned_device"].endswith(suffix)]
    note = f"{len(records) - len(elsewhere)} of {len(records)} ops on the GPU"
    return note + (f" (elsewhere: {', '.join(sorted(set(elsewhere)))})" if elsewhere else "")


def tfsess_matmul(gpu, a, b):
    graph = tf.Graph()
    with graph.as_default(), tf.device(gpu):
        y = tf.matmul(tf.Variable(a), tf.Variable(b))
        init = tf.global_variables_initializer()
    sess = _session(graph)
    sess.run(init)
    return sess, lambda fetch=False: sess.run(y) if fetch else sess.run(y.op)


def tfsess_conv2d(gpu, x, w):
    graph = tf.Graph()
    with graph.as_default(), tf.device(gpu):
        y = tf.nn.conv2d(tf.Variable(x), tf.Variable(w), strides=[1, 1, 1, 1], padding="SAME")
        init = tf.global_variables_initializer()
    sess = _session(graph)
    sess.run(init)
    return sess, lambda fetch=False: sess.run(y) if fetch else sess.run(y.op)


def tfsess_mlp(gpu, params, xs, ys):
    graph = tf.Graph()
    with graph.as_default(), tf.device(gpu):
        x = tf.placeholder(tf.float32, [None, xs.shape[1]])
        y = tf.placeholder(tf.float32, [None, ys.shape[1]])
        variables = [tf.Variable(p) for p in params]
        h = x
        for i in range(0, len(variables), 2):
            h = tf.matmul(h, variables[i]) + variables[i + 1]
            if i + 2 < len(variables):
                h = tf.nn.relu(h)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=h))
        train = tf.train.GradientDescentOptimizer(MLP_LEARNING_RATE).minimize(loss)
        init = tf.global_variables_initializer()
    sess = _session(graph)
    sess.run(init)
    feed = {x: xs, y: ys}
    return sess, lambda fetch=False: sess.run([train, loss], feed)[1] if fetch else sess.run(train, feed)


def tfsess_lstm(gpu, params, xs, labels):
    kernel, bias, w, b = params
    graph = tf.Graph()
    with graph.as_default(), tf.device(gpu):
        cell = tf.nn.rnn_cell.BasicLSTMCell(kernel.shape[1] // 4)
        _, state = tf.nn.dynamic_rnn(cell, tf.constant(xs), dtype=tf.float32)
        logits = tf.matmul(state.h, tf.Variable(w)) + tf.Variable(b)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant(labels.astype(np.int32)), logits=logits))
        train = tf.train.GradientDescentOptimizer(LSTM_LEARNING_RATE).minimize(loss)
        init = tf.global_variables_initializer()
        set_lstm = [cell.trainable_weights[0].assign(kernel), cell.trainable_weights[1].assign(bias)]
    sess = _session(graph)
    sess.run(init)
    sess.run(set_lstm)
    return sess, lambda fetch=False: sess.run([train, loss])[1] if fetch else sess.run(train)


# ------------------------------------------------------------------ the raw side: the same computations against xp
def raw_matmul(backend, a, b):
    xp = backend.xp
    a, b = xp.asarray(a), xp.asarray(b)
    return lambda fetch=False: backend.to_host(a @ b) if fetch else a @ b


def conv2d_same(xp, x, w):
    """SAME, stride-1 conv2d of NHWC `x` by HWIO `w`: im2col (one slice per tap) and one GEMM."""
    kh, kw, c, o = w.shape
    n, h, wd, _ = x.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    padded = xp.pad(x, ((0, 0), (top, kh - 1 - top), (left, kw - 1 - left), (0, 0)))
    cols = xp.concatenate([padded[:, i:i + h, j:j + wd, :] for i in range(kh) for j in range(kw)], axis=3)
    return (cols.reshape(n * h * wd, kh * kw * c) @ w.reshape(kh * kw * c, o)).reshape(n, h, wd, o)


def raw_conv2d(backend, x, w):
    xp = backend.xp
    x, w = xp.asarray(x), xp.asarray(w)
    return lambda fetch=False: backend.to_host(conv2d_same(xp, x, w)) if fetch else conv2d_same(xp, x, w)


def raw_mlp(backend, params, xs, ys):
    """bench/mlp.py's hand-written step against xp; the batch is copied from host memory each step."""
    xp = backend.xp
    w1, b1, w2, b2, w3, b3 = (xp.asarray(p.copy()) for p in params)
    lr, inv_batch = np.float32(MLP_LEARNING_RATE), np.float32(1.0 / xs.shape[0])

    def step(fetch=False):
        x, y = xp.asarray(xs), xp.asarray(ys)
        z1 = x @ w1 + b1
        h1 = xp.maximum(z1, 0)
        z2 = h1 @ w2 + b2
        h2 = xp.maximum(z2, 0)
        logits = h2 @ w3 + b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = xp.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        d_logits = (exp / total - y) * inv_batch
        d_z2 = (d_logits @ w3.T) * (z2 > 0)
        d_z1 = (d_z2 @ w2.T) * (z1 > 0)
        for param, grad in ((w3, h2.T @ d_logits), (b3, d_logits.sum(0)), (w2, h1.T @ d_z2),
                            (b2, d_z2.sum(0)), (w1, x.T @ d_z1), (b1, d_z1.sum(0))):
            param -= lr * grad
        if fetch:
            return backend.to_host(xp.mean(-(y * (shifted - xp.log(total))).sum(axis=1)))
        return None
    return step


def _sigmoid(xp, x):
    return 1 / (1 + xp.exp(-x))


def raw_lstm(backend, params, xs, labels):
    """bench/lstm.py's hand-written forward and backpropagation through time against xp."""
    xp = backend.xp
    kernel, bias, w, b = (xp.asarray(p.copy()) for p in params)
    x, labels = xp.asarray(xs), xp.asarray(labels)
    batch, steps, depth = xs.shape
    units, classes = kernel.shape[1] // 4, w.shape[1]
    onehot = xp.eye(classes, dtype=np.float32)[labels]
    rows = xp.arange(batch)

    def step(fetch=False):
        c = h = xp.zeros((batch, units), np.float32)
        tape = []
        for t in range(steps):
            xh = xp.concatenate([x[:, t], h], 1)
            i, j, f, o = xp.split(xh @ kernel + bias, 4, axis=1)
            si, tj, sf, so = _sigmoid(xp, i), xp.tanh(j), _sigmoid(xp, f + 1.0), _sigmoid(xp, o)
            c_prev, c = c, c * sf + si * tj
            tc = xp.tanh(c)
            h = tc * so
            tape.append((xh, si, tj, sf, so, c_prev, tc))
        logits = h @ w + b
        p = xp.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        dlogits = (p - onehot) / batch
        dw, db = h.T @ dlogits, dlogits.sum(0)
        dh, dc = dlogits @ w.T, xp.zeros_like(c)
        dkernel, dbias = xp.zeros_like(kernel), xp.zeros_like(bias)
        for xh, si, tj, sf, so, c_prev, tc in reversed(tape):
            dc = dc + dh * so * (1 - tc * tc)
            dz = xp.concatenate([dc * tj * si * (1 - si), dc * si * (1 - tj * tj),
                                 dc * c_prev * sf * (1 - sf), dh * tc * so * (1 - so)], 1)
            dkernel += xh.T @ dz
            dbias += dz.sum(0)
            dh, dc = (dz @ kernel.T)[:, depth:], dc * sf
        for param, grad in zip((kernel, bias, w, b), (dkernel, dbias, dw, db)):
            param -= np.float32(LSTM_LEARNING_RATE) * grad
        if fetch:
            return backend.to_host(-xp.mean(xp.log(p[rows, labels])))
        return None
    return step


# ------------------------------------------------------------------ workloads: inputs, both sides, a description
def _glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


def workloads(shapes):
    """name -> (description, make(backend) -> (tfsess session, tfsess step, raw step), tolerance):
    the first steps of both sides must agree within tolerance x the largest magnitude of the raw result."""
    rng = np.random.default_rng(0)
    n = shapes["matmul"]
    a, b = (rng.standard_normal((n, n), dtype=np.float32) for _ in range(2))
    (cx, cw) = shapes["conv2d"]
    conv_x = rng.standard_normal(cx, dtype=np.float32)
    conv_w = rng.standard_normal(cw, dtype=np.float32) * np.float32(1 / np.sqrt(np.prod(cw[:3])))
    batch, sizes = shapes["mlp"]
    mlp_params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        mlp_params += [_glorot(rng, fan_in, fan_out), np.zeros(fan_out, np.float32)]
    mlp_x = rng.standard_normal((batch, sizes[0]), dtype=np.float32)
    mlp_y = np.eye(sizes[-1], dtype=np.float32)[rng.integers(0, sizes[-1], batch)]
    l_batch, l_steps, l_depth, l_units, l_classes = shapes["lstm"]
    lstm_params = [_glorot(rng, l_depth + l_units, 4 * l_units), np.zeros(4 * l_units, np.float32),
                   _glorot(rng, l_units, l_classes), np.zeros(l_classes, np.float32)]
    lstm_x = rng.standard_normal((l_batch, l_steps, l_depth), dtype=np.float32)
    lstm_labels = rng.integers(0, l_classes, l_batch)

    def pair(tfsess_builder, raw_builder, *inputs):
        def make(backend):
            sess, step = tfsess_builder(backend.gpu, *inputs)
            return sess, step, raw_builder(backend, *inputs)
        return make
    return {
        "matmul": (f"{n}x{n} @ {n}x{n} float32", pair(tfsess_matmul, raw_matmul, a, b), 1e-3),
        "mlp_train": (f"{'-'.join(map(str, sizes))} MLP, SGD step, batch {batch} fed from host",
                      pair(tfsess_mlp, raw_mlp, mlp_params, mlp_x, mlp_y), 1e-3),
        "conv2d": (f"SAME conv2d {'x'.join(map(str, cx))} by {'x'.join(map(str, cw))}",
                   pair(tfsess_conv2d, raw_conv2d, conv_x, conv_w), 1e-3),
        "lstm_train": (f"LSTM {l_units} units, {l_steps} steps, batch {l_batch}, SGD step",
                       pair(tfsess_lstm, raw_lstm, lstm_params, lstm_x, lstm_labels), 1e-3),
    }


# ------------------------------------------------------------------ measuring
def median_seconds(backend, step, runs):
    return statistics.median(backend.seconds(step) for _ in range(runs))


def measure(backend, make, rtol, rounds, runs, warmup=3):
    """Both sides' round medians after checking that their first steps agree; the placement note."""
    sess, ours, raw = make(backend)
    try:
        mine, theirs = np.asarray(ours(fetch=True)), np.asarray(raw(fetch=True))
        scale = max(float(np.max(np.abs(theirs))), 1e-6)
        if mine.shape != theirs.shape or float(np.max(np.abs(mine - theirs))) > rtol * scale:
            raise AssertionError(f"tfsess and the raw step disagree: max |diff| "
                                 f"{float(np.max(np.abs(mine - theirs))):.3g} at scale {scale:.3g}")
        for _ in range(warmup):
            ours()
            raw()
        times = {"tfsess": [], "raw": []}
        for r in range(rounds):
            sides = (("tfsess", ours), ("raw", raw)) if r % 2 == 0 else (("raw", raw), ("tfsess", ours))
            for side, step in sides:
                times[side].append(median_seconds(backend, step, runs))
        return times, _placement_note(sess, backend.gpu)
    finally:
        sess.close()


def fmt_seconds(value):
    for scale, suffix in ((1, "s"), (1e-3, "ms"), (1e-6, "us")):
        if value >= scale:
            return f"{value / scale:.3g} {suffix}"
    return f"{value * 1e9:.3g} ns"


def markdown_table(rows, raw_name):
    """A Markdown table: workload, shapes, both medians, tfsess's throughput as a share of the raw side's."""
    lines = [f"| workload | what | tfsess | {raw_name} | tfsess throughput / {raw_name}'s (spread) | placement |",
             "|---|---|---|---|---|---|"]
    for name, what, times, note in rows:
        ours, theirs = statistics.median(times["tfsess"]), statistics.median(times["raw"])
        shares = [b / a for a, b in zip(times["tfsess"], times["raw"])]
        lines.append(f"| {name} | {what} | {fmt_seconds(ours)} | {fmt_seconds(theirs)} | "
                     f"{theirs / ours:.0%} ({min(shares):.0%}-{max(shares):.0%}) | {note} |")
    return "\n".join(lines)


def write_gpu_md(text):
    """Replaces the table between GPU.md's markers with `text`."""
    with open(GPU_MD, encoding="utf-8") as f:
        doc = f.read()
    pattern = re.compile(re.escape(TABLE_BEGIN) + ".*?" + re.escape(TABLE_END), re.S)
    if not pattern.search(doc):
        raise SystemExit(f"{GPU_MD} has no {TABLE_BEGIN} ... {TABLE_END} section to replace")
    doc = pattern.sub(lambda _: f"{TABLE_BEGIN}\n{text}\n{TABLE_END}", doc)
    with open(GPU_MD, "w", encoding="utf-8") as f:
        f.write(doc)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-w", "--workload", action="extend", nargs="+",
                    choices=["matmul", "mlp_train", "conv2d", "lstm_train"])
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the two sides (5)")
    ap.add_argument("--runs", type=int, default=20, help="timed steps per side per round (20)")
    ap.add_argument("--simulated", action="store_true",
                    help="a simulated GPU against NumPy, small shapes: checks the script, measures nothing about GPUs")
    ap.add_argument("--write", action="store_true", help="write the table into bench/GPU.md (real GPU only)")
    args = ap.parse_args(argv)
    if args.rounds < 1 or args.runs < 1:
        ap.error("--rounds and --runs must be at least 1")
    if args.simulated and args.write:
        ap.error("--write records a real GPU's numbers: not with --simulated")
    if args.simulated:
        backend, raw_name = SimulatedBackend(), "NumPy"
    else:
        backend, reason = cuda_backend()
        if backend is None:
            print(f"bench/gpu.py: no GPU to measure: {reason}. Run it on a machine with a CUDA GPU and "
                  f"cupy installed (pip install cupy-cuda12x), or try --simulated.", file=sys.stderr)
            return EXIT_NO_GPU
        raw_name = "CuPy"
    table = workloads(SHAPES["small" if args.simulated else "full"])
    rows = []
    for name in dict.fromkeys(args.workload or table):
        what, make, rtol = table[name]
        times, note = measure(backend, make, rtol, args.rounds, args.runs)
        rows.append((name, what, times, note))
        print(f"# {name}: tfsess {fmt_seconds(statistics.median(times['tfsess']))}, "
              f"{raw_name} {fmt_seconds(statistics.median(times['raw']))}", file=sys.stderr, flush=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"Measured {stamp} on {backend.description}; tfsess {tf.__version__}, NumPy {np.__version__}, "
            f"Python {platform.python_version()}; {args.rounds} rounds of {args.runs} steps per side.\n\n"
            + markdown_table(rows, raw_name))
    print(text)
    if args.write:
        write_gpu_md(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
