"""tf.experimental.Optional from values: OptionalFromValue, OptionalNone, OptionalHasValue, OptionalGetValue."""
import numpy as np
import pytest

import tfsess as tf


def test_from_value_holds_a_nested_element():
    opt = tf.experimental.Optional.from_value((tf.constant([1.0, 2.0]), {"n": tf.constant(3)}))
    assert opt._variant_tensor.op.type == "OptionalFromValue"
    with tf.Session() as sess:
        has, (values, rest) = sess.run([opt.has_value(), opt.get_value()])
    assert has
    np.testing.assert_array_equal(values, [1.0, 2.0])
    assert rest == {"n": 3}


def test_empty_has_no_value_and_get_value_fails_leaving_the_session_usable():
    empty = tf.experimental.Optional.empty(tf.TensorSpec([None], tf.int32))
    value = empty.get_value()
    assert value.dtype == tf.int32 and value.shape.as_list() == [None]
    with tf.Session() as sess:
        assert not sess.run(empty.has_value())
        with pytest.raises(tf.errors.InvalidArgumentError, match="The given optional does not have a value"):
            sess.run(value)
        assert not sess.run(empty.has_value())


def test_empty_refuses_a_spec_that_is_not_a_tensor_spec():
    with pytest.raises(TypeError, match="element_spec"):
        tf.experimental.Optional.empty(3)
