"""Graph function libraries: FunctionDef <-> function bodies, call ops, hostile libraries, TF-written fixtures."""
import copy
import os

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors, function_library
from tfsess.ops.def_function import trace
from tfsess.ops.functional_call_ops import symbolic_gradient

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "functions")
EXPECTED = np.load(os.path.join(FIXTURES, "expected.npz"))
X3 = np.array([1.5, -2.0, 3.25], np.float32)
CASES = sorted({k.split("/")[0] for k in EXPECTED.files} - {"saved_model"})


def _fixture(name):
    gd = tf.GraphDef()
    with open(os.path.join(FIXTURES, name + ".pb"), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def _call_graph():
    g = tf.Graph()
    with g.as_default():
        @tf.function
        def f(x, y):
            return x * y + 1.0, tf.nn.top_k(x, 2)
        x = tf.placeholder(tf.float32, [3], name="x")
        out, (values, indices) = f(x, tf.constant(2.0))
        tf.identity(out, name="result")
    return g, (out, values, indices)


@pytest.mark.parametrize("case", CASES)
def test_graph_defs_written_by_tf_import_and_run_to_tf_values(case):
    with tf.Graph().as_default():
        tf.import_graph_def(_fixture(case), name="")
        feeds = {k.split("/")[-1] + ":0": EXPECTED[k] for k in EXPECTED.files if k.startswith(case + "/feed/")}
        fetches = [k.split("/fetch/")[1] for k in EXPECTED.files if k.startswith(case + "/fetch/")]
        values = tf.Session().run(fetches, feeds)
    for name, value in zip(fetches, values):
        np.testing.assert_allclose(value, EXPECTED[f"{case}/fetch/{name}"], rtol=1e-6)


def test_saved_model_written_by_tf_loads_and_runs():
    with tf.Graph().as_default():
        sess = tf.Session()
        tf.saved_model.loader.load(sess, ["serve"], os.path.join(FIXTURES, "saved_model"))
        y = sess.run("y:0", {"x:0": EXPECTED["saved_model/feed/x"]})
    np.testing.assert_allclose(y, EXPECTED["saved_model/fetch/y:0"], rtol=1e-6)


@pytest.mark.parametrize("case", CASES)
def test_imported_library_exports_unchanged(case):
    gd = _fixture(case)
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
    out = g.as_graph_def()
    assert {f.signature.name: f for f in out.library.function} == {f.signature.name: f for f in gd.library.function}
    assert sorted(n.name for n in out.node) == sorted(n.name for n in gd.node)  # bodies are not nodes


def test_function_def_names_outputs_as_tf_does():
    g, _ = _call_graph()
    fdef = g.as_graph_def().library.function[0]
    inputs = {n.name: list(n.input) for n in fdef.node_def}
    assert inputs["mul"] == ["x", "y"]
    assert inputs["add"] == ["mul:z:0", "add/y:output:0"]
    assert sorted(fdef.ret.values()) == ["Identity:output:0", "Identity_1:output:0", "Identity_2:output:0"]
    assert inputs["Identity_1"] == ["TopKV2:values:0"] and inputs["Identity_2"] == ["TopKV2:indices:0"]
    assert [a.name for a in fdef.signature.input_arg] == ["x", "y"]


def test_written_library_reimports_and_runs():
    g, _ = _call_graph()
    with tf.Graph().as_default() as g2:
        result, = tf.import_graph_def(g.as_graph_def(), return_elements=["result:0"], name="")
        np.testing.assert_allclose(tf.Session().run(result, {"x:0": X3}), X3 * 2 + 1)
    assert len(g2.as_graph_def().library.function) == 1


def test_body_ops_are_hidden_from_graph_def_nodes():
    g, _ = _call_graph()
    names = [n.name for n in g.as_graph_def().node]
    assert names == ["x", "Const", "PartitionedCall", "result"]


def test_unknown_function_imports_and_fails_when_run():
    g, _ = _call_graph()
    gd = g.as_graph_def()
    next(n for n in gd.node if n.op == "PartitionedCall").attr["f"].func.name = "nope"
    with tf.Graph().as_default():
        tf.import_graph_def(gd, name="")
        sess = tf.Session()
        with pytest.raises(errors.InvalidArgumentError, match='Failed to find function "nope"'):
            sess.run("result:0", {"x:0": X3})
        assert sess.run(tf.constant(3.0) * 2.0) == 6.0  # the session stays usable


def test_wrong_arity_is_refused_at_import():
    g, _ = _call_graph()
    gd = g.as_graph_def()
    del next(n for n in gd.node if n.op == "PartitionedCall").input[1]
    with tf.Graph().as_default(), pytest.raises(ValueError, match="NodeDef expected inputs 'float, float' do not "
                                                                  "match 1 inputs"):
        tf.import_graph_def(gd, name="")


def test_unknown_body_reference_and_return_are_refused():
    g, _ = _call_graph()
    bad_input, bad_return = g.as_graph_def(), g.as_graph_def()
    bad_input.library.function[0].node_def[0].input[0] = "zzz:output:0"
    bad_return.library.function[0].ret["identity"] = "nope:output:0"
    with tf.Graph().as_default(), pytest.raises(ValueError, match="input zzz:output:0 is not found"):
        tf.import_graph_def(bad_input, name="")
    with tf.Graph().as_default(), pytest.raises(ValueError, match="Return identity -> nope:output:0 is not found"):
        tf.import_graph_def(bad_return, name="")


def test_recursive_function_is_refused():
    g, _ = _call_graph()
    gd = g.as_graph_def()
    fdef = gd.library.function[0]
    node = fdef.node_def.add(name="again", op=fdef.signature.name)
    node.input.extend(["x", "y"])
    with tf.Graph().as_default() as g2, pytest.raises(ValueError, match="recursive function call"):
        tf.import_graph_def(gd, name="")
    assert g2.get_operations() == [] and g2._functions == {}  # nothing of a failed import stays


def test_two_different_functions_of_one_name_are_refused():
    g, _ = _call_graph()
    gd = g.as_graph_def()
    other = copy.deepcopy(gd.library.function[0])
    other.node_def[0].name = "renamed"
    gd.library.function.add().CopyFrom(other)
    with tf.Graph().as_default(), pytest.raises(ValueError, match="a different function with the same name"):
        tf.import_graph_def(gd, name="")


def test_polymorphic_function_is_refused_with_a_reason():
    g, _ = _call_graph()
    gd = g.as_graph_def()
    arg = gd.library.function[0].signature.input_arg[0]
    arg.ClearField("type")
    arg.type_attr = "T"
    with tf.Graph().as_default(), pytest.raises(ValueError, match="no fixed type"):
        tf.import_graph_def(gd, name="")


def test_direct_call_op_is_the_function_name_and_differentiates():
    gd = _fixture("defun")
    name = gd.library.function[0].signature.name
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
        call = next(op for op in g.get_operations() if op.type == name)
        x = g.get_tensor_by_name("x:0")
        grad = tf.gradients(call.outputs[0], x)[0]
        value = tf.Session().run(grad, {x: X3})
    np.testing.assert_allclose(value, 3.0 + np.cos(X3), rtol=1e-6)


def test_error_inside_a_body_names_the_inner_op_and_session_survives():
    with tf.Graph().as_default():
        @tf.function
        def f(a):
            return tf.reshape(a, [2])
        x = tf.placeholder(tf.float32, [None])
        y = f(x)
        sess = tf.Session()
        with pytest.raises(errors.InvalidArgumentError, match="Reshape"):
            sess.run(y, {x: X3})
        np.testing.assert_array_equal(sess.run(y, {x: X3[:2]}), X3[:2])


def test_call_inside_a_tf1_cond_branch_follows_deadness():
    with tf.Graph().as_default():
        f = tf.function(lambda a: a * 10.0)
        p = tf.placeholder(tf.bool, [])
        x = tf.constant(X3)
        y = tf.cond(p, lambda: f(x), lambda: x - 1.0)
        sess = tf.Session()
        np.testing.assert_allclose(sess.run(y, {p: True}), X3 * 10)
        np.testing.assert_allclose(sess.run(y, {p: False}), X3 - 1)


def test_call_appears_in_step_stats():
    with tf.Graph().as_default():
        y = tf.function(lambda a: a + 1.0)(tf.constant(X3))
        meta = tf.RunMetadata()
        tf.Session().run(y, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta)
    names = [n.node_name for d in meta.step_stats.dev_stats for n in d.node_stats]
    assert y.op.name in names


def test_output_names_table_covers_multi_output_ops():
    assert function_library.OUTPUT_NAMES["TopKV2"] == ["values", "indices"]
    assert "Const" not in function_library.OUTPUT_NAMES  # "output", the default


def test_symbolic_gradient_equals_tf_gradients_and_reimports():
    with tf.Graph().as_default() as g:
        spec = tf.TensorSpec([3], tf.float32)
        f = trace(lambda a, b: (tf.sin(a) * b, tf.cast(a, tf.int32)), [spec, spec], {}, "f")[0]
        x = tf.constant(X3)
        dx, db = symbolic_gradient(f, [x, x * 2.0], [tf.ones([3]), tf.zeros([3], tf.int32)])
        want = tf.gradients(tf.reduce_sum(tf.sin(x) * (x * 2.0)), x)[0] - tf.sin(x) * 2.0  # d/da only
        got, expected, second = tf.Session().run([dx, want, db])
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    np.testing.assert_allclose(second, np.sin(X3), rtol=1e-6)
    with tf.Graph().as_default():
        tf.import_graph_def(g.as_graph_def(), name="")
        np.testing.assert_allclose(tf.Session().run(dx.name), got)


def test_get_operations_leaves_function_bodies_to_the_library(fresh_graph):
    # TF lists a dataset function's ops in the library only: get_operations matches the GraphDef's nodes
    ds = tf.data.Dataset.range(5).map(lambda x: x * 2, name=None)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    names = [op.name for op in fresh_graph.get_operations()]
    assert names == [n.name for n in fresh_graph.as_graph_def().node]
    assert not any("map" in n.lower() and n != "MapDataset" for n in names)
    assert len(fresh_graph._all_operations()) > len(names)  # the body is still in the graph, for tfsess
    with tf.Session(graph=fresh_graph) as sess:
        assert sess.run(nxt) == 0


def test_concrete_function_graph_lists_its_body():
    wrapped = tf.wrap_function(lambda a: tf.add(a * 2.0, 1.0, name="result"), [tf.TensorSpec([3], tf.float32)])
    assert any(op.name.endswith("result") for op in wrapped.graph.get_operations())
