"""Round 11 tf.data fixes: from_generator with SparseTensorSpec / RaggedTensorSpec signatures, the
structure checks of Iterator.from_structure, and the one-shot iterator's placeholder message."""
import numpy as np
import pytest

import tfsess as tf
from drain_helper import drain


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


def _seqs(lengths):
    return tf.data.Dataset.from_generator(lambda: (np.full([n], i + 1, np.int32) for i, n in enumerate(lengths)),
                                          tf.int32, tf.TensorShape([None]))


def test_bucket_unsorted_boundaries_take_the_first_matching_bucket(g):
    ds = _seqs([1, 4, 6, 2, 3]).apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [5, 3], [1, 2, 2]))
    assert [v.tolist() for v in drain(ds)] == [[[1]], [[2, 2, 2, 2]], [[4, 4]], [[5, 5, 5]], [[3] * 6]]


def test_bucket_static_shapes_keep_known_dims_and_sparse_no_padding(g):
    fixed = tf.data.Dataset.range(5).map(lambda x: (tf.fill([3], x), tf.fill([x], x)))
    ds = fixed.bucket_by_sequence_length(lambda u, v: tf.shape(v)[0], [9], [2, 2], padded_shapes=([3], [6]))
    assert [s.as_list() for s in tf.data.get_output_shapes(ds)] == [[None, 3], [None, 6]]  # a v2 dataset, as TF's
    sparse = tf.data.Dataset.range(1, 4).map(lambda n: tf.sparse.from_dense(tf.fill([n], n)))
    batched = sparse.bucket_by_sequence_length(lambda s: tf.cast(s.dense_shape[0], tf.int32), [2], [2, 2],
                                               no_padding=True)
    assert tf.data.get_output_classes(batched) is tf.SparseTensor
    assert [list(v.dense_shape) for v in drain(batched)] == [[2, 3], [1, 1]]  # bucket 1 fills first


def test_bucket_pad_to_boundary_overflow_stays_in_its_group(g):
    ds = _seqs([1, 6, 2]).apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [3, 5], [1, 1, 1], pad_to_bucket_boundary=True))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    assert sess.run(nxt).tolist() == [[1, 0]]
    with pytest.raises(tf.errors.InternalError, match="length < max\\(bucket_boundaries\\)"):
        sess.run(nxt)
    assert sess.run(nxt).tolist() == [[3, 3]]  # the input goes on; the failed window is retried at the end
    for _ in range(2):
        with pytest.raises(tf.errors.InternalError):
            sess.run(nxt)


def test_dataset_methods_of_tf2(g):
    ds = tf.data.Dataset.from_tensor_slices(np.array([0, 1, 1, 0], np.int32))
    pairs = drain(ds.rejection_resample(lambda c: c, [0.5, 0.5], initial_dist=[0.5, 0.5], seed=1))
    assert all(int(c) == int(v) for c, v in pairs)
    assert drain(tf.data.Dataset.range(3).map_with_legacy_function(lambda x: x * 2)) == [0, 2, 4]
    assert drain(tf.data.Dataset.range(4).filter_with_legacy_function(lambda x: x > 1)) == [2, 3]
    rows = drain(tf.data.Dataset.range(1, 3).map(lambda n: tf.fill([n], n)).sparse_batch(2, [3]))
    assert list(rows[0].dense_shape) == [2, 3]


def test_make_csv_dataset_file_pattern_checks(g, tmp_path):
    with pytest.raises(ValueError, match="Argument `file_pattern` should not be empty"):
        tf.data.experimental.make_csv_dataset([], 1)
    with pytest.raises(ValueError, match="No files match `file_pattern`"):
        tf.data.experimental.make_csv_dataset([str(tmp_path / "a.csv"), str(tmp_path / "b.csv")], 1)


def test_sources_take_tf2_name_argument(g):
    assert drain(tf.data.Dataset.from_tensor_slices(np.arange(2), name="src")) == [0, 1]
    assert drain(tf.data.Dataset.from_tensors(np.int32(4), name="one")) == [4]
