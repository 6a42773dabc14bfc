"""Defects the fifth program sweep found: names, structures and checks where tfsess differed from TF."""
import numpy as np
import pytest

import tfsess as tf


def _new_ops(graph, build):
    before = len(graph.get_operations())
    result = build()
    return result, [(op.name, op.type) for op in graph.get_operations()[before:]]


def test_clip_by_global_norm_names_outputs_inside_its_scope():
    with tf.Graph().as_default():
        clipped, _ = tf.clip_by_global_norm([tf.ones([2]), None, tf.ones([3])], 1.0)
        assert clipped[0].name == "clip_by_global_norm/clip_by_global_norm/_0:0"
        assert clipped[1] is None
        assert clipped[2].name == "clip_by_global_norm/clip_by_global_norm/_2:0"


def test_embedding_lookup_ends_with_identity_and_keeps_sparse_gradient():
    with tf.Graph().as_default() as g:
        table = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="table")
        ids = tf.constant([2, 0])
        rows, ops = _new_ops(g, lambda: tf.nn.embedding_lookup(table, ids))
        assert rows.name == "embedding_lookup/Identity:0"
        assert [t for _, t in ops] == ["Const", "GatherV2", "Identity"]
        grad = tf.gradients(tf.reduce_sum(rows), table)[0]
        assert isinstance(grad, tf.IndexedSlices)
        with tf.Session() as sess:
            sess.run(table.initializer)
            np.testing.assert_array_equal(sess.run(rows), [[4, 5], [0, 1]])


def test_compute_accidental_hits_is_a_namedtuple():
    with tf.Graph().as_default():
        hits = tf.nn.compute_accidental_hits(tf.constant([[0], [3]], tf.int64), tf.constant([0, 3, 1], tf.int64), 1)
        assert type(hits).__name__ == "ComputeAccidentalHits"
        assert hits._fields == ("indices", "ids", "weights")
        with tf.Session() as sess:
            value = sess.run(hits)
        assert type(value).__name__ == "ComputeAccidentalHits"
        np.testing.assert_array_equal(value.indices, [0, 1])
        np.testing.assert_array_equal(value.ids, [0, 1])


def test_ones_like_of_known_shape_converts_the_shape_as_tf():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3, 2])
        _, ops = _new_ops(g, lambda: tf.ones_like(x))
        assert ops[0] == ("ones_like/Shape/shape_as_tensor", "Const")
        assert tf.shape(x).name == "Shape:0"  # an explicit out_type keeps the scope's name


def test_psnr_waits_for_shape_checks_and_rejects_low_rank():
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [2, 4, 4, 3])
        value, ops = _new_ops(g, lambda: tf.image.psnr(a, a * 0.5, 1.0))
        assert value.name == "PSNR/Identity_3:0"
        assert sum(t == "Assert" for _, t in ops) == 2
        with tf.Session() as sess:
            got = sess.run(value, {a: np.full([2, 4, 4, 3], 0.5, np.float32)})
        np.testing.assert_allclose(got, [12.0412, 12.0412], rtol=1e-4)
        with pytest.raises(ValueError):
            tf.image.psnr(np.ones([4, 4], np.float32), np.ones([4, 4], np.float32), 1.0)
