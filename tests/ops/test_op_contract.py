"""The contract every registered op type keeps: what its inference says is what its kernel returns.

For each op type in the registry, an example (tests/ops/op_examples*.py) builds it in a fresh
graph; every output of every op of that type is run, and the value must have the inferred dtype
and a shape compatible with the inferred static shape (equal in every known dim). It runs on the
NumPy CPU session; on a simulated GPU (placed with tf.device, soft placement taking ops without a
GPU kernel to the CPU), where values must equal the CPU's; on a real CUDA GPU too when CuPy sees
one. Plain examples run again over placeholders whose first dim is unknown, so inference from
partly known shapes must stay compatible, and with other input dtypes (float16, float64, int64)
wherever inference accepts them.

A registered op type with no example fails: a new op comes with its example.
"""
import importlib
import os

import numpy as np
import pytest

import tfsess as tf
import tfsess.distributed.worker_state  # noqa: F401 - registers _DaskRecv: the same op set in any test order
from tfsess.framework.dtypes import storage_numpy_type
from tfsess.framework.registry import REGISTRY

from op_examples import DTYPE_VARIANTS, Built


def _all_examples():
    """Every op_examples_<family>.py table beside this file, merged (a family adds a file, not an import)."""
    here = os.path.dirname(os.path.abspath(__file__))
    merged = {}
    for fname in sorted(os.listdir(here)):
        if fname.startswith("op_examples_") and fname.endswith(".py"):
            table = importlib.import_module(fname[:-3]).EXAMPLES
            assert not set(table) & set(merged), f"{fname} repeats examples: {sorted(set(table) & set(merged))}"
            merged.update(table)
    return merged


EXAMPLES = _all_examples()
GPU_ENV = "TFSESS_SIMULATED_GPUS"

# Known mismatches between inference and kernel: op type -> reason (the test must fail for them).
XFAIL = {}


PACKAGE_DIR = os.path.dirname(tf.__file__) + os.sep


def _tfsess_op_types():
    """The op types tfsess registers (not those test modules register for their own checks)."""
    return sorted(t for t, opdef in REGISTRY.items()
                  if opdef.defined_at.startswith(PACKAGE_DIR) or opdef.defined_at == "?")


def _params():
    return [pytest.param(op_type, id=op_type,
                         marks=[pytest.mark.xfail(strict=True, reason=XFAIL[op_type])] if op_type in XFAIL else [])
            for op_type in _tfsess_op_types()]


def test_example_table_names_only_registered_ops():
    unknown = sorted(set(EXAMPLES) - set(REGISTRY))
    assert not unknown, f"examples for op types that are not registered: {unknown}"


def _arrays(example, mode):
    """The example's input arrays, with one dtype swapped for another in a dtype-variant mode."""
    if mode not in DTYPE_VARIANTS:
        return example.arrays
    old, new = DTYPE_VARIANTS[mode]
    return tuple(a.astype(new) if a.dtype == old else a for a in example.arrays)


def _build(example, op_type, tmp, mode):
    """Builds `example` in the default graph; returns (fetch tensors, setup ops, feed dict)."""
    if example.kind == "plain":
        arrays = _arrays(example, mode)
        if mode == "partial":
            inputs = [tf.placeholder(tf.as_dtype(a.dtype), [None] + list(a.shape[1:]) if a.ndim else [])
                      for a in arrays]
            feed = dict(zip(inputs, arrays))
        else:
            inputs = [tf.constant(a) for a in arrays]
            feed = {}
        try:
            example.build(tf, *inputs)
        except TypeError:
            if mode in DTYPE_VARIANTS:
                return None  # inference refuses this dtype: there is no kernel result to compare
            raise
        built = Built(feed=feed)
    else:
        built = example.build(tf, tmp)
        built = built if isinstance(built, Built) else Built()
    graph = tf.get_default_graph()
    if built.fetch is None:
        ops = [o for o in graph.get_operations() if o.type == op_type]
        assert ops, f"the example for {op_type} built no {op_type} op"
        fetch = [t for o in ops for t in o.outputs] + [o for o in ops if not o.outputs]  # ops without outputs run
    else:
        fetch = list(built.fetch)
        assert fetch and all(t.op.type == op_type for t in fetch), \
            f"the example for {op_type} must fetch outputs of {op_type} ops, got {[t.op.type for t in fetch]}"
    return fetch, built.setup, built.feed


def _check_value(t, value, where):
    dtype = t.dtype.base_dtype
    if dtype in (tf.resource, tf.variant):  # opaque handles (a queue, an iterator, a dataset pipeline)
        assert value is not None, f"{where}: {t.name} gave no handle"
        return
    if t.op.type == "GetSessionHandle":  # fetched as a TensorHandle, whose handle is the string value
        value = value.handle.encode("utf-8")
    assert isinstance(value, (np.ndarray, np.generic, bytes)), f"{where}: {t.name} fetched a {type(value)}"
    array = np.asarray(value)
    if dtype == tf.string:
        assert array.dtype.kind in "OS", f"{where}: {t.name} is a string tensor, got {array.dtype}"
    else:
        assert array.dtype in (np.dtype(dtype.as_numpy_dtype), np.dtype(storage_numpy_type(dtype))), \
            f"{where}: {t.name} inferred {dtype.name}, kernel gave {array.dtype}"
    assert t.shape.is_compatible_with(array.shape), \
        f"{where}: {t.name} inferred shape {t.shape}, kernel gave {array.shape}"


def _gpu_devices():
    """(the simulated GPU's name, a real CUDA GPU's name or None) of a session with one simulated GPU.

    Real GPUs come first in a session's device list, so the simulated one is not always GPU:0.
    Call with the simulated-GPU environment variable set.
    """
    if not _GPUS:
        with tf.Session(graph=tf.Graph()) as sess:
            gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
        _GPUS.append(next(d.name for d in gpus if d.simulated))
        _GPUS.append(next((d.name for d in gpus if not d.simulated), None))
    return _GPUS


_GPUS: list = []


def _run(example, op_type, tmp, mode, monkeypatch):
    """Builds and runs the example once in `mode`; returns the values (None if not run).

    Modes: "cpu"; "gpu" (the simulated GPU); "cuda" (a real GPU, when there is one); "partial"
    (placeholders with the first dim unknown); a DTYPE_VARIANTS name (inputs of another dtype).
    """
    tmp.mkdir(parents=True, exist_ok=True)
    if mode in ("gpu", "cuda"):
        monkeypatch.setenv(GPU_ENV, "1")
        device = _gpu_devices()[0 if mode == "gpu" else 1]
    else:  # the plain CPU session: no GPU at all
        monkeypatch.delenv(GPU_ENV, raising=False)
        device = None
    with tf.Graph().as_default():
        with tf.device(device):
            built = _build(example, op_type, tmp, mode)
        if example.kind == "infer_only" or built is None:
            return None
        fetch, setup, feed = built
        # TF cannot fetch a variant (a TensorList, a dataset): its op runs instead, its value stays opaque
        fetch = [t.op if isinstance(t, tf.Tensor) and t.dtype.base_dtype == tf.variant else t for t in fetch]
        config = tf.ConfigProto(allow_soft_placement=True, operation_timeout_in_ms=20000)  # a blocked op fails
        with tf.Session(config=config) as sess:
            for step in setup:
                sess.run(step, feed)
            values = sess.run(fetch, feed)
            if mode in ("gpu", "cuda") and example.kind == "plain":
                _check_placement(sess, op_type)
    for t, value in zip(fetch, values):
        if isinstance(t, tf.Operation):
            continue
        _check_value(t, value, f"{op_type} ({mode})")
    return values


def _check_placement(sess, op_type):
    """On a GPU session, a plain op with a GPU kernel runs on the GPU (string tensors live on the host)."""
    if not REGISTRY[op_type].gpu:
        return
    graph = sess.graph
    for record in sess.placement_info():
        if record["op_type"] != op_type:
            continue
        placed = graph.get_operation_by_name(record["op"])
        tensors = list(placed.inputs) + list(placed.outputs)
        if any(t.dtype.base_dtype == tf.string for t in tensors):
            continue
        assert "GPU" in record["assigned_device"], \
            f"{op_type} has a GPU kernel but {record['op']} ran on {record['assigned_device']}"


@pytest.mark.parametrize("op_type", _params())
def test_op_outputs_match_inference(op_type, tmp_path, monkeypatch):
    example = EXAMPLES.get(op_type)
    if example is None:
        pytest.fail(f"op type {op_type!r} is registered but has no example: add an example to "
                    f"tests/ops/op_examples.py (or one of tests/ops/op_examples_*.py)")
    on_cpu = _run(example, op_type, tmp_path / "cpu", "cpu", monkeypatch)
    on_gpu = _run(example, op_type, tmp_path / "gpu", "gpu", monkeypatch)
    if _gpu_devices()[1] is not None:  # CuPy and a CUDA GPU: the GPU kernels keep the contract too
        _run(example, op_type, tmp_path / "cuda", "cuda", monkeypatch)
    if example.kind == "plain" and example.partial and example.arrays:
        _run(example, op_type, tmp_path / "partial", "partial", monkeypatch)
    if example.kind == "plain" and example.variants:
        for variant, (old, _) in DTYPE_VARIANTS.items():
            if any(a.dtype == old for a in example.arrays):
                _run(example, op_type, tmp_path / variant, variant, monkeypatch)
    if example.kind == "plain" and not REGISTRY[op_type].stateful:
        for a, b in zip(on_cpu, on_gpu):  # the same NumPy kernel: the simulated GPU agrees exactly
            np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


# Inputs TF's shape functions refuse when the graph is built (ValueError "Shape must be rank 1 but is
# rank 0", "... at least rank 1 ..."): inference refuses them too, before any kernel runs.
RANK_0_REFUSED = {
    "InvertPermutation": lambda: tf.invert_permutation(tf.constant(2)),
    "ListDiff": lambda: tf.setdiff1d(tf.constant(1), tf.constant(2)),
    "MatrixDiagV3": lambda: tf.matrix_diag(tf.constant(1.0)),
    "SegmentSum": lambda: tf.segment_sum(tf.constant(1.0), tf.constant([0])),
    "ScatterNd": lambda: tf.scatter_nd(tf.constant(1), tf.constant(1.0), [3]),
}


@pytest.mark.parametrize("op_type", sorted(RANK_0_REFUSED))
def test_inference_refuses_rank_0_inputs_like_tf(op_type):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="rank"):
            RANK_0_REFUSED[op_type]()
