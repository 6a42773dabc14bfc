"""tf.experimental's type-based dispatch: signatures, annotations, elementwise handlers, unregistering."""
import typing

import pytest

import tfsess as tf


def _sparse(values):
    return tf.SparseTensor([[i] for i in range(len(values))], tf.constant(values), [len(values)])


def test_annotated_handler_takes_dispatchable_values_only():
    @tf.experimental.dispatch_for_api(tf.math.abs)
    def sparse_abs(x: tf.SparseTensor, name=None):
        return "handled"
    try:
        assert tf.math.abs(_sparse([-1.0])) == "handled"
        assert tf.math.abs(tf.constant(-1.0)).op.type == "Abs"
    finally:
        tf.experimental.unregister_dispatch_for(sparse_abs)
    assert isinstance(tf.math.abs(tf.constant(-1.0)), tf.Tensor)


def test_plain_python_types_do_not_dispatch():
    class Box:
        pass

    def box_abs(x, name=None):
        return "box"
    tf.experimental.dispatch_for_api(tf.math.abs, {"x": Box})(box_abs)
    try:
        with pytest.raises((TypeError, ValueError)):
            tf.math.abs(Box())
    finally:
        tf.experimental.unregister_dispatch_for(box_abs)


def test_union_and_list_signatures():
    def handler(values, axis, name="concat"):
        return len(values)
    tf.experimental.dispatch_for_api(tf.concat, {"values": typing.List[typing.Union[tf.SparseTensor, int]]})(handler)
    try:
        assert tf.concat([_sparse([1]), 2], 0) == 2
    finally:
        tf.experimental.unregister_dispatch_for(handler)


def test_signature_errors():
    with pytest.raises(ValueError, match="does not match API's signature"):
        tf.experimental.dispatch_for_api(tf.math.abs)(lambda y: y)
    with pytest.raises(TypeError, match="signatures must be dictionaries"):
        tf.experimental.dispatch_for_api(tf.math.abs, tf.SparseTensor)
    with pytest.raises(ValueError, match="unknown parameter 'z'"):
        tf.experimental.dispatch_for_api(tf.math.abs, {"z": tf.SparseTensor})
    with pytest.raises(ValueError, match="not currently supported by dispatch"):
        tf.experimental.dispatch_for_api(tf.math.abs, {"x": "SparseTensor"})
    with pytest.raises(ValueError, match="was not registered"):
        tf.experimental.unregister_dispatch_for(len)


def test_elementwise_handlers_get_a_bound_api_and_a_name_scope():
    @tf.experimental.dispatch_for_unary_elementwise_apis(tf.SparseTensor)
    def unary(api_func, x):
        return tf.SparseTensor(x.indices, api_func(x.values), x.dense_shape)

    @tf.experimental.dispatch_for_binary_elementwise_apis(tf.SparseTensor, tf.SparseTensor)
    def binary(api_func, x, y):
        return tf.SparseTensor(x.indices, api_func(x.values, y.values), x.dense_shape)
    try:
        result = tf.math.exp(_sparse([0.0]), name="e")
        total = tf.add(_sparse([1]), _sparse([2]))
        assert result.values.name.startswith("e/")
        with tf.Session() as sess:
            assert sess.run(result.values)[0] == 1.0
            assert sess.run(total.values)[0] == 3
        with pytest.raises(ValueError, match="has already been registered"):
            tf.experimental.dispatch_for_unary_elementwise_apis(tf.SparseTensor)(unary)
    finally:
        tf.experimental.unregister_dispatch_for(unary)
        tf.experimental.unregister_dispatch_for(binary)


def test_assert_handlers_serve_the_binary_assertions():
    seen = []

    @tf.experimental.dispatch_for_binary_elementwise_assert_apis(tf.SparseTensor, tf.SparseTensor)
    def sparse_assert(assert_func, x, y):
        seen.append(assert_func.__name__ if hasattr(assert_func, "__name__") else "bound")
        return assert_func(x.values, y.values)
    try:
        for assertion in (tf.debugging.assert_equal, tf.debugging.assert_less_equal, tf.debugging.assert_near):
            assertion(_sparse([1.0]), _sparse([1.0]))
        assert len(seen) == 3
    finally:
        tf.experimental.unregister_dispatch_for(sparse_assert)
