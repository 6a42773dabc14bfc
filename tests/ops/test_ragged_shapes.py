"""RowPartition, DynamicRaggedShape and the shape ops that take them (tfsess/ops/ragged/row_partition.py,
dynamic_ragged_shape.py, ragged_shape_dispatch.py, ragged_fill_ops.py)."""
import numpy as np
import pytest

import tfsess as tf

RP = tf.experimental.RowPartition
D = tf.experimental.DynamicRaggedShape


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_row_partition_encodings_agree():
    parts = [RP.from_row_splits([0, 2, 2, 5]), RP.from_row_lengths([2, 0, 3]),
             RP.from_value_rowids([0, 0, 2, 2, 2], nrows=3), RP.from_row_starts([0, 2, 2], 5),
             RP.from_row_limits([2, 2, 5])]
    for rp in parts:
        splits, lengths, rowids, nrows = _run([rp.row_splits(), rp.row_lengths(), rp.value_rowids(), rp.nrows()])
        assert splits.tolist() == [0, 2, 2, 5] and lengths.tolist() == [2, 0, 3]
        assert rowids.tolist() == [0, 0, 2, 2, 2] and nrows == 3


def test_uniform_partition_and_empty_rows():
    rp = RP.from_uniform_row_length(0, nrows=4, nvals=0)
    assert rp.is_uniform() and rp.static_nrows == 4
    assert _run(rp.value_rowids()).tolist() == [] and _run(rp.row_splits()).tolist() == [0] * 5
    with pytest.raises(ValueError, match="must equal nvals"):
        RP.from_uniform_row_length(3, nvals=7, nrows=2)


def test_invalid_splits_fail_at_run_time_and_session_survives():
    rp = RP.from_row_splits(tf.placeholder_with_default(np.array([0, 3, 2]), [None]))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="monotonic"):
            sess.run(rp.row_splits())
        assert sess.run(tf.constant(1)) == 1


def test_partitions_are_not_fetchable():
    with tf.Session() as sess, pytest.raises(TypeError, match="RowPartition"):
        sess.run(RP.from_row_lengths([1]))


def test_with_dtype_and_merge():
    rp = RP.from_row_lengths([2, 0, 3])
    assert rp.with_dtype(tf.int64) is rp and rp.with_dtype(tf.int32).dtype == tf.int32
    merged = rp._merge_precomputed_encodings(RP.from_value_rowids([0, 0, 2, 2, 2], nrows=3))
    assert merged._has_precomputed_value_rowids() and merged._has_precomputed_row_lengths()
    bad = rp._merge_precomputed_encodings(RP.from_row_lengths([1, 1, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="incompatible"):
        _run(bad.row_splits())


def test_ragged_tensor_row_partitions_round_trip():
    rt = tf.ragged.constant([[[1, 2], [3]], [], [[4]]])
    back = tf.RaggedTensor._from_nested_row_partitions(rt.flat_values, rt._nested_row_partitions)
    assert _run(back).to_list() == [[[1, 2], [3]], [], [[4]]]
    uniform = tf.RaggedTensor.from_uniform_row_length(tf.range(6), 3)
    assert uniform._row_partition.is_uniform() and int(uniform._row_partition.static_uniform_row_length) == 3


def test_tf_shape_of_ragged_is_a_dynamic_ragged_shape():
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    shape = tf.shape(rt)
    assert isinstance(shape, D) and shape.dtype == tf.int32 and shape.rank == 2
    assert shape.static_lengths() == [3, None] and repr(shape).startswith("<DynamicRaggedShape")
    assert _run(shape[0]) == 3
    with pytest.raises(ValueError, match="not uniform"):
        shape[1]
    assert tf.shape(tf.constant([1, 2])).dtype == tf.int32  # dense tf.shape is untouched


def test_from_lengths_and_slices():
    shape = D.from_lengths([2, (2, 1), 3])
    assert shape.num_row_partitions == 1 and shape.static_lengths() == [2, (2, 1), 3]
    assert _run(shape.inner_shape).tolist() == [3, 3]
    dense = D.from_lengths([2, 3, 4])
    assert _run(dense[1:].inner_shape).tolist() == [3, 4]
    assert _run(dense._with_num_row_partitions(2).inner_shape).tolist() == [24]
    with pytest.raises(ValueError, match="Shape not consistent"):
        D.from_lengths([3, (1, 2)])


def test_ones_reshape_and_broadcast_to_a_ragged_shape():
    shape = tf.shape(tf.ragged.constant([[1, 2], [], [3]]))
    assert _run(tf.ones(shape)).to_list() == [[1.0, 1.0], [], [1.0]]
    assert _run(tf.reshape(tf.constant([7, 8, 9]), shape)).to_list() == [[7, 8], [], [9]]
    assert _run(tf.broadcast_to(tf.constant([[1], [2], [3]]), shape)).to_list() == [[1, 1], [], [3]]
    deep = D.from_lengths([2, (2, 1), 2])
    got = _run(tf.broadcast_to(tf.constant([[[1, 2]], [[3, 4]]]), deep)).to_list()
    assert got == [[[1, 2], [1, 2]], [[3, 4]]]


def test_broadcast_dynamic_shape_of_ragged_and_dense():
    a = D.from_lengths([2, (2, 1), 1])
    result = tf.broadcast_dynamic_shape(a, D.from_lengths([4]))
    assert result.num_row_partitions == 1 and _run(result.inner_shape).tolist() == [3, 4]
    with pytest.raises(NotImplementedError, match="broadcast_dynamic_shape"):
        tf.broadcast_dynamic_shape(a, D.from_lengths([2, (1, 1), 1]))


def test_ragged_fill_empty_rows_ops():
    res = tf.ragged_fill_empty_rows(tf.constant([1, 1], tf.int64), [1., 2.], tf.constant(3, tf.int64), 0.)
    grad = tf.ragged_fill_empty_rows_grad(res.reverse_index_map, [1., 2., 3., 4.])
    rowids, values, empty, reverse = _run(list(res))
    assert rowids.tolist() == [0, 1, 1, 2] and values.tolist() == [0., 1., 2., 0.]
    assert empty.tolist() == [True, False, True] and reverse.tolist() == [1, 2]
    d_values, d_default = _run(list(grad))
    assert d_values.tolist() == [2., 3.] and d_default == 5.
    with pytest.raises(ValueError, match="rank 1"):
        tf.ragged_fill_empty_rows(tf.constant([0], tf.int64), [[1.]], tf.constant(1, tf.int64), 0.)


def test_empty_search_sorted_rows():
    assert np.asarray(_run(tf.searchsorted(tf.zeros([2, 0]), tf.zeros([2, 0])))).shape == (2, 0)


def test_dynamic_ragged_shape_spec():
    spec = D.Spec.from_value(D.from_lengths([2, (2, 1), 3]))
    assert spec.rank == 3 and spec.num_row_partitions == 1 and spec._to_tensor_shape().as_list() == [2, None, 3]
    partition = spec._row_partitions[0]
    assert (partition.nrows, partition.nvals, partition.uniform_row_length) == (2, 3, None)
    assert spec == D.Spec.from_value(D.from_lengths([2, (1, 2), 3])) and spec != spec.with_dtype(tf.int32)
    uniform = D.Spec._from_tensor_shape([2, 3, 4], 2, tf.int64)
    assert [rp.nvals for rp in uniform._row_partitions] == [6, 24]
    with pytest.raises(ValueError, match="less than rank"):
        D.Spec._from_tensor_shape([3, 4], 2, tf.int64)
