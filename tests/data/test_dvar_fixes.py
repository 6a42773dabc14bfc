"""Round 11 tf.data fixes: from_generator with SparseTensorSpec / RaggedTensorSpec signatures, the
structure checks of Iterator.from_structure, and the one-shot iterator's placeholder message."""
import numpy as np
import pytest

import tfsess as tf


def drain(ds, limit=50):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            return out
    raise AssertionError("the dataset did not end")


def test_from_generator_sparse_signature(g):
    def gen():
        yield tf.SparseTensorValue([[0, 1]], np.array([5], np.int64), [2, 3])
        yield tf.SparseTensorValue(np.zeros((0, 2), np.int64), np.array([], np.int64), [2, 3])
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.SparseTensorSpec([2, 3], tf.int64))
    assert ds.output_classes is tf.SparseTensor and ds.output_shapes.as_list() == [2, 3]
    first, second = drain(ds)
    np.testing.assert_array_equal(first.indices, [[0, 1]])
    np.testing.assert_array_equal(first.values, [5])
    assert second.indices.shape == (0, 2) and list(second.dense_shape) == [2, 3]


def test_from_generator_sparse_mismatches_are_invalid_argument(g):
    def not_sparse():
        yield np.array([1, 2])

    def wrong_shape():
        yield tf.SparseTensorValue([[0, 1]], [5], [2, 4])
    for gen, text in ((not_sparse, "did not match the expected structure"), (wrong_shape, "where an element of")):
        nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(
            gen, output_signature=tf.SparseTensorSpec([2, 3], tf.int64))).get_next()
        sess = tf.Session()
        with pytest.raises(tf.errors.InvalidArgumentError, match=text):
            sess.run(nxt)
        assert sess.run(tf.constant(2)) == 2


def test_from_generator_ragged_signature_and_batch(g):
    def gen():
        yield tf.ragged.RaggedTensorValue(np.array([1, 2, 3], np.int32), np.array([0, 2, 3], np.int64))
        yield tf.ragged.RaggedTensorValue(np.array([4], np.int32), np.array([0, 0, 1], np.int64))
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.RaggedTensorSpec([None, None], tf.int32))
    out = drain(ds)
    assert out[0].to_list() == [[1, 2], [3]] and out[1].to_list() == [[], [4]]
    batched = drain(ds.batch(2))
    assert batched[0].to_list() == [[[1, 2], [3]], [[], [4]]]


def test_from_generator_ragged_rank_mismatch(g):
    def gen():
        yield tf.ragged.RaggedTensorValue(np.array([1, 2], np.int32), np.array([0, 2], np.int64))
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.RaggedTensorSpec([None, None, None], tf.int32,
                                                                                   ragged_rank=2))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with pytest.raises(tf.errors.InvalidArgumentError, match="RaggedTensorSpec"):
        tf.Session().run(nxt)


def test_from_structure_mismatched_structures_raise_value_error(g):
    with pytest.raises(ValueError, match="don't have the same keys"):
        tf.data.Iterator.from_structure({"a": tf.int64}, {"b": tf.TensorShape([])})
    with pytest.raises(ValueError, match="same sequence length. Input structure has length 1"):
        tf.data.Iterator.from_structure((tf.int64, tf.int32), (tf.TensorShape([]),))


def test_one_shot_placeholder_message_names_it(g):
    x = tf.placeholder(tf.int64, [], name="offset")
    ds = tf.data.Dataset.range(3).map(lambda v: v + x)
    with pytest.raises(ValueError, match=r"Cannot capture a placeholder \(name:offset, type:Placeholder\) by value"):
        tf.data.make_one_shot_iterator(ds)
