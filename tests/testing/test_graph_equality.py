"""tf.test.assert_equal_graph_def: order-insensitive GraphDef comparison with TF's messages."""
import pytest

import tfsess as tf


def _graph(b_value, control=False, extra=False):
    graph = tf.Graph()
    with graph.as_default():
        a = tf.constant(1.0, name="a")
        b = tf.constant(b_value, name="b")
        deps = [tf.no_op(name="first")] if control else []
        with tf.control_dependencies(deps):
            tf.add(a, b, name="c")
        if extra:
            tf.identity(a, name="d")
    return graph.as_graph_def()


def test_equal_graphs_pass_and_the_first_difference_is_named():
    tf.test.assert_equal_graph_def(_graph(2.0), _graph(2.0))
    with pytest.raises(AssertionError, match="Node named 'b' has attr 'value' with value: Tensor<type: float "
                                             "shape: \\[\\] values: 2> that does not match expected"):
        tf.test.assert_equal_graph_def(_graph(2.0), _graph(3.0))
    with pytest.raises(AssertionError, match="Found unexpected node 'd"):
        tf.test.assert_equal_graph_def(_graph(2.0, extra=True), _graph(2.0))
    with pytest.raises(AssertionError, match="Did not find expected node 'd"):
        tf.test.assert_equal_graph_def(_graph(2.0), _graph(2.0, extra=True))
    with pytest.raises(AssertionError, match="Did not find expected node 'first"):
        tf.test.assert_equal_graph_def(_graph(2.0), _graph(2.0, control=True))
    with pytest.raises(TypeError, match="Expected tf.GraphDef for expected, got str"):
        tf.test.assert_equal_graph_def(_graph(2.0), "graph")


def test_benchmark_config_turns_dependency_optimization_off():
    config = tf.test.benchmark_config()
    assert config.graph_options.rewrite_options.dependency_optimization == tf.test.benchmark_config().graph_options \
        .rewrite_options.Toggle.OFF
