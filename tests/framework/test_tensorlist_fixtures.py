"""GraphDefs TF 2.21 wrote under control flow v2 (fixtures/tensorlists, made by write_fixtures.py there):
while_v2 loops with gradients (TensorList accumulators), nested loops, TensorArrays, dynamic_rnn and
calls, imported and run; values and static shapes are TF's."""
import os

import numpy as np
import pytest

import tfsess as tf

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "tensorlists")
EXPECTED = np.load(os.path.join(HERE, "expected.npz"))
CASES = sorted({k.split("/")[0] for k in EXPECTED.files})


def _imported(case):
    gd = tf.GraphDef()
    with open(os.path.join(HERE, case + ".pb"), "rb") as f:
        gd.ParseFromString(f.read())
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(gd, name="")
    return graph


def _entries(case, kind):
    prefix = f"{case}/{kind}/"
    return {k[len(prefix):]: EXPECTED[k] for k in EXPECTED.files if k.startswith(prefix)}


def test_every_case_is_here():
    assert {"while_grad", "while_grad_matmul", "nested_while_grad", "tensor_array_loop", "dynamic_rnn",
            "call_shapes"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_values_are_tfs(case):
    graph = _imported(case)
    feeds = {name + ":0": value for name, value in _entries(case, "feed").items()}
    fetches = _entries(case, "fetch")
    with tf.Session(graph=graph) as sess:
        if any(op.name == "init" for op in graph.get_operations()):
            sess.run("init")
        values = sess.run(list(fetches), feeds)
    for (name, want), got in zip(fetches.items(), values):
        np.testing.assert_allclose(got, want, rtol=2e-5, atol=1e-6, err_msg=f"{case}: {name}")


@pytest.mark.parametrize("case", CASES)
def test_static_shapes_are_tfs(case):
    graph = _imported(case)
    for name, dims in _entries(case, "shape").items():
        shape = graph.get_tensor_by_name(name).shape
        want = None if list(dims) == [-2] else [None if d == -1 else int(d) for d in dims]
        got = shape.as_list() if shape.ndims is not None else None
        assert got == want, f"{case}: {name} {shape} vs {want}"


def test_gradient_loops_use_tensor_lists():
    types = {op.type for op in _imported("while_grad").get_operations()}
    assert {"EmptyTensorList", "StatelessWhile"} <= types
