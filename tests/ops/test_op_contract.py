"""The contract every registered op type keeps: what its inference says is what its kernel returns.

For each op type in the registry, an example (tests/ops/op_examples*.py) builds it in a fresh
graph; every output of every op of that type is run, and the value must have the inferred dtype
and a shape compatible with the inferred static shape (equal in every known dim). It is run on
the NumPy CPU session, on a simulated GPU (the op placed with tf.device("/gpu:0") and soft
placement for ops without a GPU kernel), and, for plain examples, again over placeholders whose
first dim is unknown, so inference from partly known shapes must stay compatible too.

A registered op type with no example fails: a new op comes with its example.
"""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.registry import REGISTRY

from op_examples import Built
from op_examples_array import EXAMPLES as ARRAY_EXAMPLES
from op_examples_math import EXAMPLES as MATH_EXAMPLES
from op_examples_state import EXAMPLES as STATE_EXAMPLES

EXAMPLES = {**MATH_EXAMPLES, **ARRAY_EXAMPLES, **STATE_EXAMPLES}
GPU_ENV = "TFSESS_SIMULATED_GPUS"

# Known mismatches between inference and kernel: op type -> reason (the test must fail for them).
XFAIL = {}


def _params():
    return [pytest.param(op_type, id=op_type,
                         marks=[pytest.mark.xfail(strict=True, reason=XFAIL[op_type])] if op_type in XFAIL else [])
            for op_type in sorted(REGISTRY)]


def test_example_table_names_only_registered_ops():
    unknown = sorted(set(EXAMPLES) - set(REGISTRY))
    assert not unknown, f"examples for op types that are not registered: {unknown}"


def _build(example, op_type, tmp, mode):
    """Builds `example` in the default graph; returns (fetch tensors, setup ops, feed dict)."""
    if example.kind == "plain":
        if mode == "partial":
            inputs = [tf.placeholder(tf.as_dtype(a.dtype), [None] + list(a.shape[1:]) if a.ndim else [])
                      for a in example.arrays]
            feed = dict(zip(inputs, example.arrays))
        else:
            inputs = [tf.constant(a) for a in example.arrays]
            feed = {}
        example.build(tf, *inputs)
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
    if dtype == tf.resource:
        assert value is not None, f"{where}: {t.name} gave no handle"
        return
    assert isinstance(value, (np.ndarray, np.generic, bytes)), f"{where}: {t.name} fetched a {type(value)}"
    array = np.asarray(value)
    if dtype == tf.string:
        assert array.dtype.kind in "OS", f"{where}: {t.name} is a string tensor, got {array.dtype}"
    else:
        assert array.dtype == np.dtype(dtype.as_numpy_dtype), \
            f"{where}: {t.name} inferred {dtype.name}, kernel gave {array.dtype}"
    assert t.shape.is_compatible_with(array.shape), \
        f"{where}: {t.name} inferred shape {t.shape}, kernel gave {array.shape}"


def _run(example, op_type, tmp, mode, monkeypatch):
    """Builds and runs the example once in `mode` ("cpu", "gpu" or "partial"); returns the values."""
    tmp.mkdir(parents=True, exist_ok=True)
    if mode == "gpu":
        monkeypatch.setenv(GPU_ENV, "1")
    else:
        monkeypatch.delenv(GPU_ENV, raising=False)
    with tf.Graph().as_default():
        if mode == "gpu":
            with tf.device("/gpu:0"):
                fetch, setup, feed = _build(example, op_type, tmp, mode)
        else:
            fetch, setup, feed = _build(example, op_type, tmp, mode)
        if example.kind == "infer_only":
            return None
        config = tf.ConfigProto(allow_soft_placement=True, operation_timeout_in_ms=20000)  # a blocked op fails
        with tf.Session(config=config) as sess:
            for step in setup:
                sess.run(step, feed)
            values = sess.run(fetch, feed)
            if mode == "gpu" and example.kind == "plain":
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
        tensors = list(graph.get_operation_by_name(record["op"]).inputs) + graph.get_operation_by_name(record["op"]).outputs
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
    if example.kind == "plain" and example.partial and example.arrays:
        _run(example, op_type, tmp_path / "partial", "partial", monkeypatch)
    if example.kind == "plain" and not REGISTRY[op_type].stateful:
        for a, b in zip(on_cpu, on_gpu):  # the same NumPy kernel: the simulated GPU agrees exactly
            np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
