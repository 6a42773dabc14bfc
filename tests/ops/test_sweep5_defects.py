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


def test_in_place_kernel_never_writes_a_buffer_a_view_still_reads():
    # Tanh's output is read by TanhGrad (its last slot reader) and, through tensordot's Reshape
    # view, by the MatMul of W's gradient: TanhGrad must not write into it
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2, None, 4])
        k = tf.Variable(tf.fill([4, 4], 0.1))
        w = tf.Variable(tf.fill([4, 5], 0.1))
        logits = tf.tensordot(tf.tanh(tf.tensordot(x, k, [[2], [0]])), w, [[2], [0]])
        loss = tf.reduce_sum(tf.square(logits - np.arange(30, dtype=np.float32).reshape(2, 3, 5)))
        gk, gw = tf.gradients(loss, [k, w])
        feed = {x: np.linspace(-0.01, 0.02, 24, dtype=np.float32).reshape(2, 3, 4)}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            alone = sess.run(gw, feed)
            for _ in range(4):  # interpreted runs, then the compiled plan
                np.testing.assert_allclose(sess.run([gk, gw], feed)[1], alone, rtol=1e-5)


def test_outermost_conds_and_loops_join_their_collections():
    with tf.Graph().as_default() as g:
        p = tf.placeholder(tf.bool, [])
        x = tf.constant(1.0)
        tf.cond(p, lambda: tf.cond(p, lambda: x, lambda: x * 2), lambda: x)
        tf.while_loop(lambda i: i < 3, lambda i: tf.cond(i > 1, lambda: i + 1, lambda: i + 2), [0])
        tf.cond(p, lambda: tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0]), lambda: tf.constant(0))
        assert len(g.get_collection("cond_context")) == 4
        assert len(g.get_collection("while_context")) == 1
        tf.train.export_meta_graph()  # contexts have no serialized form here: left out, not an error


def test_sample_distorted_bounding_box_is_a_namedtuple():
    with tf.Graph().as_default():
        box = tf.image.sample_distorted_bounding_box([8, 8, 3], tf.constant([[[0.1, 0.1, 0.9, 0.9]]]), seed=5)
        assert type(box).__name__ == "SampleDistortedBoundingBoxV2"
        assert box._fields == ("begin", "size", "bboxes")
