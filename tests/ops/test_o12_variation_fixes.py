"""Defects the round-12 second-pass variations of the public ops/sparse/train/queue/reader cases exposed
(each compared with TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def test_gather_nd_batch_dims_pairs_leading_axes():
    params = tf.reshape(tf.range(24, dtype=tf.int64), [2, 3, 4])
    sess = tf.Session()
    one = tf.gather_nd(params, [[1], [2]], batch_dims=1)
    assert one.shape.as_list() == [2, 4]
    assert sess.run(one).tolist() == [[4, 5, 6, 7], [20, 21, 22, 23]]
    deep = tf.gather_nd(params, [[[0, 3], [2, 1]], [[1, 0], [0, 0]]], batch_dims=1)
    assert deep.shape.as_list() == [2, 2]
    assert sess.run(deep).tolist() == [[3, 9], [16, 12]]
    both = tf.gather_nd(params, tf.constant([[[3], [0], [1]], [[1], [1], [2]]]), batch_dims=2)
    assert both.shape.as_list() == [2, 3]
    assert sess.run(both).tolist() == [[3, 4, 9], [13, 17, 22]]
    with pytest.raises(ValueError, match="must be less than rank"):
        tf.gather_nd(params, [[1], [2]], batch_dims=2)


def test_gather_nd_batch_dims_with_unknown_batch():
    p = tf.placeholder(tf.float32, [None, 3])
    i = tf.placeholder(tf.int32, [None, 2, 1])
    out = tf.gather_nd(p, i, batch_dims=1)
    assert out.shape.as_list() == [None, 2]
    got = tf.Session().run(out, {p: [[1, 2, 3], [4, 5, 6]], i: [[[2], [0]], [[1], [1]]]})
    assert got.tolist() == [[3, 1], [5, 5]]
