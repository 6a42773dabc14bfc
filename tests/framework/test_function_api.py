"""tf.function in graph mode, concrete functions, wrap_function, tf.autograph's names, control flow v2."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops.def_function import trace
from tfsess.ops.functional_control_flow import for_loop_op

X3 = np.array([1.5, -2.0, 3.25], np.float32)


@pytest.fixture
def graph():
    with tf.Graph().as_default() as g:
        yield g


@pytest.fixture
def v2():
    tf.enable_control_flow_v2()
    yield
    tf.disable_control_flow_v2()


def test_stateless_body_builds_partitioned_call_and_stateful_body_a_stateful_one(graph):
    plain = tf.function(lambda a: a * 2.0)(tf.constant(X3))
    checked = tf.function(lambda a: a + tf.random_uniform([3], seed=1) * 0.0)(tf.constant(X3))
    assert plain.op.type == "PartitionedCall" and checked.op.type == "StatefulPartitionedCall"
    np.testing.assert_allclose(tf.Session().run([plain, checked]), [X3 * 2, X3])


def test_stateful_ops_of_the_body_run_even_when_no_output_needs_them(graph):
    queue = tf.FIFOQueue(10, tf.float32)

    @tf.function
    def push(a):
        queue.enqueue(a)
        return a
    y = push(tf.constant(1.0))
    sess = tf.Session()
    sess.run(y)
    sess.run(y)
    assert sess.run(queue.size()) == 2


def test_variables_are_captured_by_value_and_cannot_be_assigned(graph):
    v = tf.Variable([1.0, 2.0])
    y = tf.function(lambda a: a * v)(tf.constant([1.0, 1.0]))
    sess = tf.Session()
    sess.run(v.initializer)
    np.testing.assert_allclose(sess.run(y), [1.0, 2.0])
    sess.run(tf.assign(v, [5.0, 6.0]))
    np.testing.assert_allclose(sess.run(y), [5.0, 6.0])  # read when the call runs
    with tf.Graph().as_default():
        tf.import_graph_def(graph.as_graph_def(), name="")  # the capture is an argument of the FunctionDef

    @tf.function
    def bump(a):
        tf.assign_add(v, [1.0, 1.0])
        return a
    with pytest.raises(TypeError, match="In op 'AssignAdd', input types"):
        bump(tf.constant(1.0))


def test_retracing_per_graph_shape_and_python_value(graph):
    f = tf.function(lambda a, k: a * k)
    f(tf.constant([1.0]), 2)
    f(tf.constant([2.0]), 2)
    f(tf.constant([1.0, 2.0]), 2)
    f(tf.constant([1.0]), 3)
    assert f.experimental_get_tracing_count() == 3
    with tf.Graph().as_default():
        f(tf.constant([1.0]), 2)  # another graph: its own library
    assert f.experimental_get_tracing_count() == 4


def test_input_signature_traces_once_and_checks_calls(graph):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(a):
        return a * 2.0
    f(tf.constant([1.0]))
    f(tf.constant([1.0, 2.0]))
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError, match="input_signature"):
        f(tf.constant([1, 2]))
    with pytest.raises(TypeError, match="TensorSpec"):
        tf.function(lambda a: a, input_signature=[3])


def test_captured_outer_tensors_become_call_inputs(graph):
    scale = tf.placeholder(tf.float32, [])
    y = tf.function(lambda a: a * scale)(tf.constant(X3))
    assert scale in list(y.op.inputs)
    np.testing.assert_allclose(tf.Session().run(y, {scale: 3.0}), X3 * 3)


def test_variable_created_inside_tf_function_is_refused(graph):
    @tf.function
    def f(a):
        return a * tf.Variable(2.0)
    with pytest.raises(ValueError, match="singleton tf.Variables"):
        f(tf.constant(1.0))


def test_python_if_on_a_tensor_raises_without_autograph(graph):
    @tf.function(autograph=False)
    def f(a):
        return a if tf.reduce_sum(a) > 0 else -a
    with pytest.raises(TypeError):
        f(tf.constant([1.0]))


def test_python_if_on_a_tensor_is_a_cond_with_autograph(graph):
    @tf.function
    def f(a):
        return a if tf.reduce_sum(a) > 0 else -a
    with tf.Session() as sess:
        assert sess.run(f(tf.constant([-2.0])))[0] == 2.0


def test_concrete_function_and_its_structure(graph):
    f = tf.function(lambda a, b: {"s": a + b, "d": (a - b, None)})
    concrete = f.get_concrete_function(tf.TensorSpec([2], tf.float32), tf.TensorSpec([2], tf.float32))
    assert len(concrete.inputs) == 2 and len(concrete.outputs) == 2
    assert concrete.function_def.signature.name == concrete.name
    out = concrete(tf.constant([1.0, 2.0]), tf.constant([3.0, 5.0]))
    assert out["d"][1] is None
    np.testing.assert_allclose(tf.Session().run(out["s"]), [4.0, 7.0])
    with pytest.raises(ValueError, match="shape"):
        concrete(tf.constant([1.0, 2.0, 3.0]), tf.constant([1.0, 2.0, 3.0]))


def test_wrap_function_and_prune(graph):
    def fn(a):
        doubled = tf.multiply(a, 2.0, name="doubled")
        return tf.add(doubled, 1.0, name="result")
    wrapped = tf.wrap_function(fn, [tf.TensorSpec([3], tf.float32)])
    ops = {op.name.rsplit("/", 1)[-1]: op for op in wrapped.graph.get_operations()}
    pruned = wrapped.prune(feeds=[ops["doubled"].outputs[0]], fetches=ops["result"].outputs[0])
    sess = tf.Session()
    np.testing.assert_allclose(sess.run(wrapped(tf.constant(X3))), X3 * 2 + 1)
    np.testing.assert_allclose(sess.run(pruned(tf.constant(X3))), X3 + 1)
    with pytest.raises(ValueError, match="prune"):
        wrapped.prune(feeds=[tf.constant(1.0)], fetches=ops["result"].outputs[0])


def test_autograph_names():
    def plain(a):
        return a
    wrapped = tf.autograph.experimental.do_not_convert(plain)
    assert wrapped(3) == 3 and wrapped.__name__ == "plain"
    assert tf.autograph.experimental.do_not_convert()(plain)(4) == 4
    assert tf.autograph.experimental.set_loop_options(parallel_iterations=2) is None
    tf.autograph.set_verbosity(0)
    assert tf.autograph.experimental.Feature.ALL.value == "ALL"


def test_control_flow_v2_switch():
    assert not tf.control_flow_v2_enabled()
    tf.enable_control_flow_v2()
    assert tf.control_flow_v2_enabled()
    tf.disable_control_flow_v2()
    assert not tf.control_flow_v2_enabled()


def test_cond_v2_builds_if_equal_to_v1(graph, v2):
    x = tf.placeholder(tf.float32, [3])
    y = tf.cond(x[0] > 0, lambda: tf.sin(x) * x, lambda: tf.exp(x))
    g = tf.gradients(tf.reduce_sum(y), x)[0]
    assert {op.type for op in graph.get_operations()} & {"If", "StatelessIf"} == {"StatelessIf"}
    tf.disable_control_flow_v2()
    y1 = tf.cond(x[0] > 0, lambda: tf.sin(x) * x, lambda: tf.exp(x))
    g1 = tf.gradients(tf.reduce_sum(y1), x)[0]
    sess = tf.Session()
    for sign in (1.0, -1.0):
        np.testing.assert_allclose(*sess.run([[y, g], [y1, g1]], {x: sign * X3}), rtol=1e-6)


def test_while_v2_builds_while_equal_to_v1(graph, v2):
    x = tf.placeholder(tf.float32, [3])
    body = lambda i, a: (i + 1, tf.sin(a) * x + a)  # noqa: E731
    _, acc = tf.while_loop(lambda i, a: i < 4, body, [0, tf.ones([3])])
    g = tf.gradients(tf.reduce_sum(acc), x)[0]
    assert any(op.type == "StatelessWhile" for op in graph.get_operations())
    tf.disable_control_flow_v2()
    _, acc1 = tf.while_loop(lambda i, a: i < 4, body, [0, tf.ones([3])])
    g1 = tf.gradients(tf.reduce_sum(acc1), x)[0]
    np.testing.assert_allclose(*tf.Session().run([[acc, g], [acc1, g1]], {x: X3}), rtol=1e-5)


def test_for_op_runs_its_body(graph):
    body = trace(lambda i, acc: acc + tf.cast(i, tf.float32), [tf.TensorSpec([], tf.int32),
                                                               tf.TensorSpec([3], tf.float32)], {}, "body")[0]
    out, = for_loop_op(1, 7, 2, [tf.constant(X3)], body)
    bad, = for_loop_op(0, 5, 0, [tf.constant(X3)], body)
    sess = tf.Session()
    np.testing.assert_allclose(sess.run(out), X3 + 9.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="start/limit/delta"):
        sess.run(bad)


def test_numpy_arguments_are_tensor_arguments(graph):
    f = tf.function(lambda a: a * 2.0)
    first, second = f(X3), f(X3 + 1.0)
    assert f.experimental_get_tracing_count() == 1
    np.testing.assert_allclose(tf.Session().run([first, second]), [X3 * 2, (X3 + 1) * 2])
