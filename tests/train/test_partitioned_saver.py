"""Saver and init_from_checkpoint over partitioned variables: one entry per variable, slices as TF writes them."""
import os

import numpy as np
import pytest

import tfsess as tf
from tfsess.train import checkpoint_format

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
SLICED = os.path.join(FIXTURES, "sliced", "model.ckpt-7")  # written by TF 2.21 (see make_tf_fixtures.py)


def _fixture_graph(parts=2):
    part = tf.get_variable("part", [4, 2], initializer=tf.zeros_initializer(),
                           partitioner=tf.fixed_size_partitioner(parts))
    wide = tf.get_variable("wide", [200], initializer=tf.zeros_initializer(),
                           partitioner=tf.fixed_size_partitioner(parts))
    return part, wide


def test_restores_a_tf_written_partitioned_checkpoint(g):
    part, wide = _fixture_graph()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, SLICED)
        assert sess.run(part.as_tensor()).tolist() == [[2, 2], [2, 2], [3, 3], [3, 3]]
        assert sess.run(wide.as_tensor()).tolist() == list(range(200))


@pytest.mark.skipif(not checkpoint_format.tf_format_available(), reason="TF's format needs protobuf, google-crc32c")
def test_writes_the_same_bytes_as_tf(g, tmp_path):
    part, wide = _fixture_graph()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, SLICED)
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=7, write_meta_graph=False)
    for suffix in (".index", ".data-00000-of-00001"):
        with open(prefix + suffix, "rb") as ours, open(SLICED + suffix, "rb") as theirs:
            assert ours.read() == theirs.read(), suffix
    reader = tf.train.NewCheckpointReader(prefix)
    assert reader.get_variable_to_shape_map() == {"part": [4, 2], "wide": [200]}


def test_restores_into_another_partitioning_and_into_a_whole_variable(g, tmp_path):
    part, wide = _fixture_graph(parts=3)
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, SLICED)
        assert [p.shape for p in sess.run(list(part))] == [(2, 2), (1, 2), (1, 2)]
        assert sess.run(wide.as_tensor()).tolist() == list(range(200))
    with tf.Graph().as_default():
        whole = tf.get_variable("part", [4, 2])
        with tf.Session() as sess:
            tf.train.Saver([whole]).restore(sess, SLICED)
            assert sess.run(whole)[:, 0].tolist() == [2, 2, 3, 3]


def test_round_trip_by_dict_and_list_forms(g, tmp_path):
    w = tf.get_variable("w", [5, 3], partitioner=tf.fixed_size_partitioner(2, axis=1))
    value = np.arange(15, dtype=np.float32).reshape(5, 3)
    with tf.Session() as sess:
        sess.run(w.assign(value))
        path = tf.train.Saver({"renamed": w}).save(sess, str(tmp_path / "a"))
        sess.run(w.assign(np.zeros_like(value)))
        tf.train.Saver({"renamed": list(w)}).restore(sess, path)
        assert sess.run(w.as_tensor()).tolist() == value.tolist()
        assert tf.train.NewCheckpointReader(path).get_tensor("renamed").tolist() == value.tolist()
    with pytest.raises(ValueError, match="Slices must all be slices"):
        tf.train.Saver({"x": [list(w)[0], tf.Variable(1.0)]})


def test_own_format_stores_the_assembled_whole(g, tmp_path):
    w = tf.get_variable("w", [4], partitioner=tf.fixed_size_partitioner(2))
    checkpoint_format.write_checkpoint(str(tmp_path / "own"), ["w", "w"], [np.float32([1, 2]), np.float32([3, 4])],
                                       tf_format=False, slice_specs=["4 0,2", "4 2,2"])
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, str(tmp_path / "own"))
        assert sess.run(w.as_tensor()).tolist() == [1, 2, 3, 4]


def test_init_from_checkpoint_fills_each_part_from_its_slice(g):
    part = tf.get_variable("new_part", [4, 2], partitioner=tf.fixed_size_partitioner(4))
    with tf.variable_scope("scope"):
        wide = tf.get_variable("wide", [200], partitioner=tf.fixed_size_partitioner(3))
    tf.train.init_from_checkpoint(SLICED, {"part": part, "/": "scope/"})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(part.as_tensor())[:, 0].tolist() == [2, 2, 3, 3]
        assert sess.run(wide.as_tensor()).tolist() == list(range(200))


def test_meta_graph_keeps_each_part_s_slice_info(g, tmp_path):
    w = tf.get_variable("w", [5, 2], partitioner=tf.fixed_size_partitioner(2))
    with tf.Session() as sess:
        sess.run(w.assign(np.arange(10, dtype=np.float32).reshape(5, 2)))
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(path + ".meta")
        parts = tf.global_variables()
        assert [(v.name, v._get_save_slice_info().spec) for v in parts] == [("w/part_0:0", "5 2 0,3:0,2"),
                                                                            ("w/part_1:0", "5 2 3,2:0,2")]
        with tf.Session() as sess:
            saver.restore(sess, path)
            assert np.concatenate(sess.run(parts)).ravel().tolist() == list(range(10))
        assert tf.train.NewCheckpointReader(path).get_variable_to_shape_map() == {"w": [5, 2]}
