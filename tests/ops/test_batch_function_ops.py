"""tf.nondifferentiable_batch_function: a run's batch padded with its first row, split when larger than the
largest allowed size, checked as TF checks it."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops.batch_function_ops import _pieces


def test_pieces_pad_and_split():
    assert _pieces(3, [], True) == [(3, 3)]
    assert _pieces(1, [2, 4], True) == [(1, 2)]
    assert _pieces(7, [2, 3], True) == [(3, 3), (3, 3), (1, 2)]
    assert _pieces(7, [2, 3], False) == [(7, 7)]


def test_padding_rows_are_the_first_row_and_splitting_runs_pieces():
    with tf.Graph().as_default():
        @tf.nondifferentiable_batch_function(1, 8, 1000, allowed_batch_sizes=[2, 3])
        def total(x):
            return tf.fill(tf.shape(x), tf.reduce_sum(x))  # every row sees its piece's padded batch

        x = tf.placeholder(tf.float32, [None])
        out = total(x)
        with tf.Session() as sess:
            assert sess.run(out, {x: [5.0]}).tolist() == [10.0]  # [5] padded to [5, 5]
            got = sess.run(out, {x: [1.0, 2.0, 3.0, 4.0]})  # pieces [1, 2, 3] and [4] padded to [4, 4]
            np.testing.assert_array_equal(got, [6.0, 6.0, 6.0, 8.0])


def test_non_tensor_argument_and_bad_allowed_sizes():
    with tf.Graph().as_default():
        decorated = tf.nondifferentiable_batch_function(1, 4, 1000, allowed_batch_sizes=[2, 3],
                                                        enable_large_batch_splitting=False)(lambda a: a * 2.0)
        with pytest.raises(AttributeError):
            decorated(3.0)  # TF reads the argument's dtype first
        z = tf.placeholder(tf.float32, [None])
        out = decorated(z)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="final entry in allowed_batch_sizes"):
                sess.run(out, {z: [1.0]})
