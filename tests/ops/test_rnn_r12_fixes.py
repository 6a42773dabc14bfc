"""Defects that the second pass of variations of the public rnn_ cases exposed (round 12, x_r12 cases)."""
import numpy as np
import pytest

import tfsess as tf


def test_map_fn_output_signature_tensor_spec_keeps_only_its_dtype(g):
    out = tf.map_fn(lambda v: tf.cast(v, tf.float64) * 0.5, tf.constant([1, 2]),
                    fn_output_signature=tf.TensorSpec([], tf.float64))
    pair = tf.map_fn(lambda v: (v, tf.cast(v, tf.float32)), tf.constant([3, 4]),
                     fn_output_signature=(tf.int32, tf.TensorSpec([7], tf.float32)))
    assert out.dtype == tf.float64
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out), [0.5, 1.0])
        a, b = sess.run(pair)
    np.testing.assert_array_equal(b, [3.0, 4.0])


def test_map_fn_output_signature_other_type_spec_is_not_implemented(g):
    spec = tf.SparseTensorSpec([2], tf.float32)
    with pytest.raises(NotImplementedError, match="fn_output_signature"):
        tf.map_fn(lambda v: v, tf.constant([1.0]), fn_output_signature=spec)
