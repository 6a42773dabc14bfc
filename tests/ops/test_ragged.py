"""RaggedTensor: factories, partitions, conversions, indexing, fetch and feed, nest, errors."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.ops.ragged.ragged_array import fill_empty_rows


@pytest.fixture
def sess():
    tf.reset_default_graph()
    with tf.Session() as session:
        yield session


def test_from_row_splits_fetches_a_ragged_tensor_value(sess):
    rt = tf.RaggedTensor.from_row_splits([1, 2, 3, 4, 5], [0, 2, 2, 5])
    value = sess.run(rt)
    assert isinstance(value, tf.ragged.RaggedTensorValue)
    assert value.to_list() == [[1, 2], [], [3, 4, 5]]
    np.testing.assert_array_equal(value.row_splits, [0, 2, 2, 5])
    assert value.shape == (3, None)
    assert rt.shape.as_list() == [3, None] and rt.ragged_rank == 1 and rt.dtype == tf.int32
    assert str(value) == "<tf.RaggedTensorValue [[1, 2], [], [3, 4, 5]]>"


def test_factories_agree(sess):
    values = [1.0, 2.0, 3.0, 4.0]
    expected = [[1.0], [], [2.0, 3.0, 4.0]]
    built = [tf.RaggedTensor.from_row_lengths(values, [1, 0, 3]),
             tf.RaggedTensor.from_value_rowids(values, [0, 2, 2, 2], nrows=3),
             tf.RaggedTensor.from_row_starts(values, [0, 1, 1]),
             tf.RaggedTensor.from_row_limits(values, [1, 1, 4])]
    for value in sess.run(built):
        assert value.to_list() == expected


def test_invalid_splits_fail_at_run_time_and_leave_the_session_usable(sess):
    splits = tf.placeholder(tf.int64, [None])
    rt = tf.RaggedTensor.from_row_splits([1, 2, 3], splits)
    with pytest.raises(errors.InvalidArgumentError, match="from_row_splits"):
        sess.run(rt, {splits: [1, 2, 3]})
    with pytest.raises(errors.InvalidArgumentError):
        sess.run(rt, {splits: [0, 2, 1, 3]})
    assert sess.run(rt, {splits: [0, 1, 3]}).to_list() == [[1], [2, 3]]


def test_constructor_is_private():
    with pytest.raises(ValueError, match="factory methods"):
        tf.RaggedTensor([1], [0, 1])


def test_constant_and_constant_value():
    rt = tf.ragged.constant([[1, 2], [], [3]])
    assert rt.dtype == tf.int32 and rt.values.op.name.endswith("values")
    value = tf.ragged.constant_value([[[1.0], [2.0, 3.0]], [[4.0]]])
    assert value.ragged_rank == 2 and value.to_list() == [[[1.0], [2.0, 3.0]], [[4.0]]]
    with pytest.raises(ValueError, match="nesting depth"):
        tf.ragged.constant([[1, [2]]])


def test_to_tensor_with_default_and_shape(sess):
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    dense, cut = sess.run([rt.to_tensor(default_value=-1), rt.to_tensor(shape=[2, 4])])
    np.testing.assert_array_equal(dense, [[1, 2, -1], [-1, -1, -1], [3, 4, 5]])
    np.testing.assert_array_equal(cut, [[1, 2, 0, 0], [0, 0, 0, 0]])
    assert rt.to_tensor().op.type == "RaggedTensorToTensor"


def test_to_sparse_and_from_sparse_round_trip(sess):
    rt = tf.ragged.constant([[1, 2], [], [3]])
    sp = rt.to_sparse()
    assert isinstance(sp, tf.SparseTensor) and sp.indices.op.type == "RaggedTensorToSparse"
    value = sess.run(sp)
    np.testing.assert_array_equal(value.indices, [[0, 0], [0, 1], [2, 0]])
    np.testing.assert_array_equal(value.dense_shape, [3, 2])
    assert sess.run(tf.RaggedTensor.from_sparse(sp)).to_list() == [[1, 2], [], [3]]


def test_from_tensor_padding_and_lengths(sess):
    dense = tf.constant([[1, 2, 0], [3, 0, 0]])
    padded, cut = sess.run([tf.RaggedTensor.from_tensor(dense, padding=0),
                            tf.RaggedTensor.from_tensor(dense, lengths=[3, 1])])
    assert padded.to_list() == [[1, 2], [3]]
    assert cut.to_list() == [[1, 2, 0], [3]]
    with pytest.raises(ValueError, match="not both"):
        tf.RaggedTensor.from_tensor(dense, lengths=[1, 1], padding=0)


def test_getitem_forms(sess):
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    row, rows, tails = sess.run([rt[-1], rt[::2], rt[:, 1:]])
    np.testing.assert_array_equal(row, [3, 4, 5])
    assert rows.to_list() == [[1, 2], [3, 4, 5]]
    assert tails.to_list() == [[2], [], [4, 5]]
    with pytest.raises(ValueError, match="inner ragged dimension"):
        rt[:, 0]


def test_placeholder_feeds_a_ragged_tensor_value(sess):
    p = tf.ragged.placeholder(tf.float32, 1, [])
    out = sess.run(p * 2.0, {p: tf.ragged.constant_value([[1.0], [2.0, 3.0]])})
    assert out.to_list() == [[2.0], [4.0, 6.0]]
    with pytest.raises(AttributeError, match="RaggedTensorValue"):
        sess.run(p, {p: [[1.0]]})


def test_nest_flattens_as_a_composite():
    rt = tf.ragged.constant([[1.0], [2.0, 3.0]])
    flat = tf.nest.flatten(rt, expand_composites=True)
    assert [t.dtype for t in flat] == [tf.float32, tf.int64]
    rebuilt = tf.nest.pack_sequence_as(rt, flat, expand_composites=True)
    assert isinstance(rebuilt, tf.RaggedTensor)
    assert tf.nest.flatten(rt) == [rt]


def test_elementwise_and_reductions(sess):
    rt = tf.ragged.constant([[1.0, 4.0], [], [9.0]])
    roots, sums, means, col = sess.run([tf.sqrt(rt), tf.reduce_sum(rt, axis=1), tf.reduce_mean(rt, axis=1),
                                        tf.reduce_max(rt, axis=0)])
    assert roots.to_list() == [[1.0, 2.0], [], [3.0]]
    np.testing.assert_array_equal(sums, [5.0, 0.0, 9.0])
    assert np.isnan(means[1]) and means[0] == 2.5
    np.testing.assert_array_equal(col, [9.0, 4.0])


def test_mismatched_partitions_are_an_error(sess):
    a = tf.ragged.constant([[1, 2], [3]])
    b = tf.ragged.constant([[1], [2, 3]])
    with pytest.raises(errors.InvalidArgumentError, match="identical ragged splits"):
        sess.run(a + b)


def test_concat_stack_gather_mask(sess):
    a = tf.ragged.constant([[1, 2], [], [3]])
    b = tf.ragged.constant([[4], [5, 6], []])
    joined, stacked, taken, masked = sess.run([tf.concat([a, b], 1), tf.ragged.stack([a, b], 1),
                                               tf.gather(a, [2, 0]), tf.ragged.boolean_mask(a, [True, False, True])])
    assert joined.to_list() == [[1, 2, 4], [5, 6], [3]]
    assert stacked.to_list() == [[[1, 2], [4]], [[], [5, 6]], [[3], []]]
    assert taken.to_list() == [[3], [1, 2]]
    assert masked.to_list() == [[1, 2], [3]]


def test_ragged_range(sess):
    rt = tf.ragged.range([3, 1])
    assert rt.values.op.type == "RaggedRange"
    assert sess.run(rt).to_list() == [[0, 1, 2], [0]]
    with pytest.raises(errors.InvalidArgumentError, match="delta != 0"):
        sess.run(tf.ragged.range(0, 5, 0))


def test_to_list_is_eager_only():
    with pytest.raises(ValueError, match="eager"):
        tf.ragged.constant([[1]]).to_list()


def test_spec():
    spec = tf.RaggedTensorSpec([None, None], tf.float32)
    assert spec.ragged_rank == 1 and spec.row_splits_dtype == tf.int64
    assert spec.is_compatible_with(tf.ragged.constant([[1.0]]))
    with pytest.raises(ValueError):
        tf.RaggedTensorSpec([None, None], tf.float32, ragged_rank=2)


def test_fill_empty_rows_and_its_gradient(sess):
    x = tf.constant([1.0, 2.0, 3.0])
    rt = tf.RaggedTensor.from_row_splits(x, [0, 0, 2, 2, 3, 3])
    filled, empty = fill_empty_rows(rt, 9.0)
    value, flags = sess.run([filled, empty])
    assert value.to_list() == [[9.0], [1.0, 2.0], [9.0], [3.0], [9.0]]
    assert flags.tolist() == [True, False, True, False, True]
    grad = tf.gradients(tf.reduce_sum(filled.flat_values * tf.range(1.0, 7.0)), x)[0]
    np.testing.assert_array_equal(sess.run(grad), [2.0, 3.0, 5.0])
    with pytest.raises(TypeError, match="RaggedTensor"):
        fill_empty_rows(x, 0.0)
