"""Loop results as TF's Exit ops, and the while_context / cond_context collections of meta graphs."""
import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")

from tfsess.protos import control_flow_pb2  # noqa: E402


@pytest.fixture
def g():
    graph = tf.Graph()
    with graph.as_default():
        yield graph


def test_loop_results_are_exit_ops(g):
    i, x = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2.0), [tf.constant(0), tf.constant(1.5)])
    assert [t.op.type for t in (i, x)] == ["Exit", "Exit"]
    assert [t.name for t in (i, x)] == ["while/Exit:0", "while/Exit_1:0"]
    (grad,) = tf.gradients(x, [g.get_tensor_by_name("Const_1:0")])
    assert tf.Session().run([i, x, grad]) == [3, 12.0, 8.0]


def test_maximum_iterations_counter_has_its_exit_and_first_names(g):
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.while_loop(lambda v: v < 100.0, lambda v: v + 1.0, [x], maximum_iterations=4)
    counter = g.get_operation_by_name("while/Exit")
    assert counter.type == "Exit" and y.name == "while/Exit_1:0"
    # TF's counter takes while/Identity, while/Less and while/add: the loop's own ops come after
    names = {op.name for op in g.get_operations()}
    assert {"while/Identity_1", "while/Less_1", "while/add_1"} <= names
    assert not {"while/Identity", "while/Less", "while/add"} & names
    assert tf.Session().run([y, counter.outputs[0]], {x: 1.0}) == [5.0, 4]
    frame_names = {n.name for n in g.as_graph_def().node}
    assert {"while/Identity", "while/Less", "while/add", "while/Less/Enter", "while/Exit"} <= frame_names


def _contexts(meta, key, message):
    return [message.FromString(raw) for raw in meta.collection_def[key].bytes_list.value]


def test_meta_graph_writes_while_context(g):
    c = tf.constant(2.0, name="c")
    tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * c), [tf.constant(0), tf.constant(1.0)])
    (ctx,) = _contexts(tf.train.export_meta_graph(), "while_context", control_flow_pb2.WhileContextDef)
    assert ctx.context_name == "while/while_context" and ctx.back_prop and ctx.parallel_iterations == 10
    assert (ctx.pivot_name, ctx.pivot_for_pred_name, ctx.pivot_for_body_name) == (
        "while/LoopCond:0", "while/Merge:0", "while/Identity:0")
    assert list(ctx.loop_exit_names) == ["while/Exit:0", "while/Exit_1:0"]
    assert list(ctx.loop_enter_names) == ["while/Enter:0", "while/Enter_1:0"]
    assert dict(ctx.values_def.external_values) == {"c:0": "while/mul/Enter:0"}
    assert list(ctx.values_def.values) == sorted(ctx.values_def.values)
    assert {"c:0", "while/mul:0", "while/Switch:1", "while/NextIteration_1:0"} <= set(ctx.values_def.values)
    graph_tensors = {f"{n.name}:0" for n in g.as_graph_def().node}
    assert {v.rsplit(":", 1)[0] + ":0" for v in ctx.values_def.values} <= graph_tensors


def test_meta_graph_writes_cond_contexts(g):
    x = tf.placeholder(tf.float32, [], name="x")
    tf.cond(x > 0, lambda: x + 1.0, lambda: x)
    ctx_t, ctx_f = _contexts(tf.train.export_meta_graph(), "cond_context", control_flow_pb2.CondContextDef)
    assert (ctx_t.context_name, ctx_t.pivot_name, ctx_t.branch) == ("cond/cond_text", "cond/switch_t:0", 1)
    assert (ctx_f.context_name, ctx_f.pivot_name, ctx_f.branch) == ("cond/cond_text_1", "cond/switch_f:0", 0)
    assert ctx_t.pred_name == "cond/pred_id:0"
    assert dict(ctx_t.values_def.external_values) == {"x:0": "cond/add/Switch:1", "cond/pred_id:0": "cond/pred_id:0"}
    # a branch returning an outside tensor as it is lists both outputs of its Switch, as TF does
    assert {"cond/Switch_1:0", "cond/Switch_1:1", "x:0"} <= set(ctx_f.values_def.values)
    assert [c.name for c in tf.get_collection("cond_context")] == ["cond/cond_text", "cond/cond_text_1"]


def test_contexts_round_trip_through_import_and_export_scope(g):
    x = tf.placeholder(tf.float32, [], name="x")
    tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x])
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta, import_scope="imp")
        (imported,) = tf.get_collection("while_context")
        assert imported.name == "imp/while/while_context"
        again = _contexts(tf.train.export_meta_graph(), "while_context", control_flow_pb2.WhileContextDef)
        assert again[0].pivot_name == "imp/while/LoopCond:0"
        scoped = _contexts(tf.train.export_meta_graph(export_scope="imp"), "while_context",
                           control_flow_pb2.WhileContextDef)
        assert scoped == _contexts(meta, "while_context", control_flow_pb2.WhileContextDef)


def test_unknown_input_map_key_raises_after_the_import(g):
    source = tf.Graph()
    with source.as_default():
        tf.constant(1.0, name="c")
    with pytest.raises(ValueError, match=r"not found in graph_def: \[q:0\]"):
        tf.import_graph_def(source.as_graph_def(), input_map={"q:0": tf.constant(0.0)}, name="a")
    assert g.get_operation_by_name("a/c").type == "Const"  # as TF, the import's ops stay


def test_restore_shape_mismatch_names_shapes_as_tf(g, tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(np.zeros((3, 2), np.float32), name="v")
        sess = tf.Session()
        sess.run(v.initializer)
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    w = tf.Variable(np.zeros((2, 3), np.float32), name="v")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"lhs shape= \[2,3\] rhs shape= \[3,2\]"):
        tf.train.Saver().restore(tf.Session(), path)
    assert w.shape == (2, 3)


def test_init_from_checkpoint_initializer_is_the_assign_tensor(g, tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(np.arange(3.0), name="v")
        sess = tf.Session()
        sess.run(v.initializer)
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    mine = tf.get_variable("mine", [3], tf.float64, initializer=tf.zeros_initializer())
    tf.train.init_from_checkpoint(path, {"v": "mine"})
    assert isinstance(mine.initializer, tf.Tensor) and mine.initializer.op.type == "Assign"
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    np.testing.assert_array_equal(sess.run(mine), [0.0, 1.0, 2.0])
