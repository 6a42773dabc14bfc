"""Candidates for float32 tanh and sigmoid: speed on this CPU and accuracy against float64.

    python bench/ew_candidates.py                     # speed and accuracy of what is importable
    python bench/ew_candidates.py --tf /work/tfvenv/bin/python   # adds TF's kernels (run in their own process)

Run it twice to see both CPU profiles: as is, and with NumPy's AVX-512 loops switched off
(`NPY_DISABLE_CPU_FEATURES=X86_V4` for NumPy >= 2.4; older NumPy names the features
`AVX512F AVX512CD AVX512_SKX ...`). Speed: ns of CPU time per element on 2M float32 standard
normals, one thread, best of 5. Accuracy: the largest error in ulps of the float32 result against the
float64 function, over a dense sweep of float32 bit patterns of either sign (every STRIDE-th
pattern, with every normal and denormal binade covered) plus special values, counted where the
true value is a normal float (TF flushes denormal results to zero).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tfsess.lib import fast_math  # noqa: E402

STRIDE = 251
SPECIALS = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-45, 1e-38, 1e-30, 4e-4, 7.9, 8.1, 9.0,
                     -9.0, 20.0, -20.0, 88.0, -88.0, 89.0, -89.0, 104.0, -104.0], np.float32)
TF_CODE = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf
x = np.load(sys.argv[1])
np.save(sys.argv[2], tf.math.tanh(x).numpy())
np.save(sys.argv[3], tf.math.sigmoid(x).numpy())
"""


def sweep():
    """Every STRIDE-th float32 bit pattern, both signs, without NaN payloads, plus SPECIALS."""
    bits = np.arange(0, 0x7F800000, STRIDE, dtype=np.uint32)
    positive = bits.view(np.float32)
    return np.concatenate([positive, -positive, SPECIALS])


def max_ulp(y, reference):
    """(largest |y - reference| in float32 ulps of the reference where that is a normal float;
    whether 0, -0.0, +-inf and NaN give exactly the float64 function's value and sign)."""
    ref32 = reference.astype(np.float32)
    normal = np.isfinite(reference) & (np.abs(reference) >= np.finfo(np.float32).tiny)
    ulp = np.spacing(np.abs(ref32[normal])).astype(np.float64)
    err = np.abs(y[normal].astype(np.float64) - reference[normal]) / ulp
    got, want = y[-len(SPECIALS):][:5], ref32[-len(SPECIALS):][:5]
    exact = bool(np.all((got == want) & (np.signbit(got) == np.signbit(want)) | (np.isnan(got) & np.isnan(want))))
    return float(np.max(err)), exact


def tanh_exp(x):
    """tanh as 1 - 2 / (exp(2|x|) + 1) with the sign copied back: fast, inaccurate near 0."""
    e = np.exp(2 * np.abs(x))
    return np.copysign(1 - 2 / (e + 1), x).astype(np.float32)


def candidates():
    """name -> (tanh function or None, sigmoid function or None)."""
    old_sigmoid = lambda x: (0.5 * (np.tanh(0.5 * x) + 1)).astype(x.dtype)  # noqa: E731
    table = {
        "numpy tanh / old sigmoid 0.5*(tanh(x/2)+1)": (np.tanh, old_sigmoid),
        "rational (Eigen's), NumPy passes / 1/(1+exp(-x))": (
            fast_math.tanh_rational_passes, fast_math.sigmoid),
        "exp formulation 1-2/(exp(2|x|)+1)": (tanh_exp, None),
    }
    loop = fast_math.tanh_compiled()
    if loop is not None:
        table["rational, numba loop"] = (lambda x: _call(loop, x), None)
    try:
        import numexpr  # optional: measured when installed
        numexpr.set_num_threads(1)
        table["numexpr"] = (lambda x: numexpr.evaluate("tanh(x)"), lambda x: numexpr.evaluate("1 / (1 + exp(-x))"))
    except ImportError:
        pass
    return table


def _call(loop, x):
    out = np.empty_like(x)
    loop(np.ascontiguousarray(x).reshape(-1), out.reshape(-1))
    return out


def speed(fn, x):
    """ns of CPU time per element (CPU time: the figures hold on a busy machine), best of 5."""
    fn(x)
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        fn(x)
        best = min(best, time.process_time() - t0)
    return best / x.size * 1e9


def tf_results(python, x):
    with tempfile.TemporaryDirectory() as tmp:
        paths = [os.path.join(tmp, f"{n}.npy") for n in ("x", "tanh", "sigmoid")]
        np.save(paths[0], x)
        subprocess.run([python, "-c", TF_CODE, *paths], check=True)
        return np.load(paths[1]), np.load(paths[2])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf", help="a Python with TensorFlow, to measure TF's accuracy too")
    args = parser.parse_args()
    simd = [k for k in ("X86_V4", "AVX512_SKX", "X86_V3", "AVX2") if fast_math._CPU.get(k)]
    print(f"NumPy {np.__version__}; CPU features on: {' '.join(simd)}; NumPy tanh SIMD: {fast_math.NUMPY_TANH_IS_SIMD}")
    bench_x = np.random.default_rng(0).standard_normal(2_000_000).astype(np.float32)
    x = sweep()
    with np.errstate(all="ignore"):
        tanh64, sigmoid64 = np.tanh(x.astype(np.float64)), 1 / (1 + np.exp(-x.astype(np.float64)))
        rows = []
        for name, (tanh, sigmoid) in candidates().items():
            row = {"candidate": name}
            if tanh is not None:
                row["tanh ns/el"] = round(speed(tanh, bench_x), 2)
                row["tanh max ulp"], row["tanh specials"] = max_ulp(tanh(x), tanh64)
            if sigmoid is not None:
                row["sigmoid ns/el"] = round(speed(sigmoid, bench_x), 2)
                row["sigmoid max ulp"], row["sigmoid specials"] = max_ulp(sigmoid(x), sigmoid64)
            rows.append(row)
        if args.tf:
            tf_tanh, tf_sigmoid = tf_results(args.tf, x)
            row = {"candidate": "TF 2.x (its own process)"}
            row["tanh max ulp"], row["tanh specials"] = max_ulp(tf_tanh, tanh64)
            row["sigmoid max ulp"], row["sigmoid specials"] = max_ulp(tf_sigmoid, sigmoid64)
            rows.append(row)
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
