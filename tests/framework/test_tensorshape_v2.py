"""tf.enable_v2_tensorshape: user code gets ints and None from shapes; tfsess's own modules keep Dimensions."""
import pytest

import tfsess as tf

@pytest.fixture
def v2_shapes():
    tf.enable_v2_tensorshape()
    yield
    tf.disable_v2_tensorshape()


def test_v2_items_and_printing(v2_shapes):
    shape = tf.TensorShape([None, 3])
    assert shape[0] is None and shape[1] == 3 and type(shape[1]) is int
    assert list(shape) == [None, 3] and shape[1:].as_list() == [3]
    assert repr(shape) == "TensorShape([None, 3])" and str(shape) == "(None, 3)"
    assert tf.TensorShape(None)[0] is None
    assert all(isinstance(d, tf.Dimension) for d in shape.dims)


def test_v1_default_and_switching_back():
    shape = tf.TensorShape([None, 3])
    assert isinstance(shape[0], tf.Dimension) and str(shape) == "(?, 3)"
    tf.enable_v2_tensorshape()
    tf.disable_v2_behavior()
    assert isinstance(shape[0], tf.Dimension)


def test_library_code_keeps_dimensions(v2_shapes):
    shape = tf.TensorShape([None, 3])
    # tfsess modules indexing a shape still get Dimensions (dimension_at_index indexes it in graph_mode.py)
    assert isinstance(tf.dimension_at_index(shape, 1), tf.Dimension)
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.dense(x, 4)
    assert y.shape.as_list() == [None, 4] and shape[-1] == 3
