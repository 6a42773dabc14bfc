"""Fixes from the round-10 sweep: TensorArray gather's static shape follows TF's handle shape, concat of
scalar elements fails as TF's, and scan/fold's element count and callable checks read as TF's."""
import pytest

import tfsess as tf

pytestmark = pytest.mark.usefixtures("fresh_graph")


def test_gather_shape_uses_indices_only_when_the_array_was_made_with_a_shape():
    made = tf.TensorArray(tf.float32, size=2, element_shape=[3, 4])
    learnt = tf.TensorArray(tf.float32, size=2).write(0, tf.zeros([3, 4]))
    assert made.gather([0, 1]).shape.as_list() == [2, 3, 4]
    assert learnt.gather([0, 1]).shape.as_list() == [None, 3, 4]
    assert learnt.stack().shape.as_list() == [2, 3, 4]
    assert tf.TensorArray(tf.float32, size=3).gather([0, 1]).shape.ndims is None


def test_concat_of_scalar_elements_raises_index_error_at_build():
    ta = tf.TensorArray(tf.float32, size=2).unstack([1.0, 2.0])
    with pytest.raises(IndexError):
        ta.concat()


def test_scan_and_folds_count_elements_as_tf():
    with pytest.raises(IndexError):
        tf.scan(lambda a, x: a + x, tf.constant(1.0))
    with pytest.raises(IndexError):
        tf.foldl(lambda a, x: a + x, tf.constant(1.0))


def test_non_callable_without_name_is_an_attribute_error_as_tf():
    for fn in (tf.scan, tf.foldl, tf.foldr, tf.map_fn):
        with pytest.raises(AttributeError):
            fn(3, tf.constant([1.0]))
