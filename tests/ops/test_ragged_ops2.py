"""RaggedTensor reductions over any axes, segment ops, shape/index ops, lookups, RaggedFeature parsing,
datasets of ragged tensors and LinearOperator batch slicing."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


@pytest.fixture
def sess():
    tf.reset_default_graph()
    with tf.Session() as session:
        yield session


def _nested(rows):
    return tf.ragged.constant(rows)


def test_reductions_over_each_axis_match_python(sess):
    rows = [[[1., 2.], [3.]], [[4.]], [], [[5., 6., 7.], []]]
    rt = _nested(rows)
    by_row = sess.run(tf.reduce_sum(rt, axis=1)).to_list()
    expected = [[sum(r[j] for r in row if j < len(r)) for j in range(max([len(r) for r in row], default=0))]
                for row in rows]
    assert by_row == expected
    assert sess.run(tf.reduce_sum(rt, axis=0)).to_list() == [[10., 8., 7.], [3.]]
    assert sess.run(tf.reduce_sum(rt, axis=2)).to_list() == [[3., 3.], [4.], [], [18., 0.]]
    np.testing.assert_allclose(sess.run(tf.reduce_sum(rt, axis=[1, 2])), [6., 4., 0., 18.])
    assert float(sess.run(tf.reduce_sum(rt, axis=[0, 1, 2]))) == 28.


def test_mean_variance_std_and_logsumexp_per_row(sess):
    rows = [[1., 2., 4.], [3., 5.]]
    rt = _nested(rows)
    means, variances, stds, lse = sess.run([tf.reduce_mean(rt, axis=1), tf.math.reduce_variance(rt, axis=1),
                                            tf.math.reduce_std(rt, axis=1), tf.reduce_logsumexp(rt, axis=1)])
    np.testing.assert_allclose(means, [np.mean(r) for r in rows], rtol=1e-6)
    np.testing.assert_allclose(variances, [np.var(r) for r in rows], rtol=1e-5)
    np.testing.assert_allclose(stds, [np.std(r) for r in rows], rtol=1e-5)
    np.testing.assert_allclose(lse, [np.log(np.sum(np.exp(r))) for r in rows], rtol=1e-6)


def test_any_all_of_an_empty_row_are_false_and_true(sess):
    flags = _nested([[True, False], [], [True]])
    any_, all_ = sess.run([tf.reduce_any(flags, axis=1), tf.reduce_all(flags, axis=1)])
    assert any_.tolist() == [True, False, True] and all_.tolist() == [False, True, True]


def test_reduction_gradient_reaches_the_flat_values(sess):
    values = tf.constant([1., 2., 3., 4., 5.])
    rt = tf.RaggedTensor.from_row_splits(values, [0, 3, 3, 5])
    grad, = tf.gradients(tf.reduce_sum(tf.reduce_mean(rt, axis=1)), values)
    np.testing.assert_allclose(sess.run(grad), [1 / 3] * 3 + [0.5] * 2, rtol=1e-6)


def test_unsorted_segment_ops_on_ragged_data(sess):
    rt = _nested([[1., 2.], [3.], [4., 5., 6.]])
    total, largest = sess.run([tf.math.unsorted_segment_sum(rt, [0, 1, 0], 2),
                               tf.math.unsorted_segment_max(rt, [0, 1, 0], 2)])
    assert total.to_list() == [[5., 7., 6.], [3.]] and largest.to_list() == [[4., 5., 6.], [3.]]


def test_shape_ops(sess):
    rt = _nested([[1, 2], [], [3]])
    expanded = tf.expand_dims(rt, 1)
    assert expanded.shape.as_list() == [3, 1, None]
    assert sess.run(expanded).to_list() == [[[1, 2]], [[]], [[3]]]
    assert sess.run(tf.squeeze(tf.expand_dims(rt, 2), [2])).to_list() == [[1, 2], [], [3]]
    assert sess.run([tf.size(rt), tf.rank(rt)]) == [3, 2]
    assert sess.run(tf.tile(rt, [2, 2])).to_list() == [[1, 2, 1, 2], [], [3, 3], [1, 2, 1, 2], [], [3, 3]]
    assert sess.run(tf.reverse(rt, [0, 1])).to_list() == [[3], [], [2, 1]]
    assert [v.to_list() for v in sess.run(tf.split(rt, [2, 1]))] == [[[1, 2], []], [[3]]]


def test_squeezing_a_longer_row_fails_at_run_time_and_the_session_goes_on(sess):
    rt = _nested([[[1], [2]], [[3]]])
    with pytest.raises(errors.InvalidArgumentError, match="not squeezable"):
        sess.run(tf.squeeze(rt, [1]))
    assert sess.run(tf.size(rt)) == 3


def test_where_and_gather_nd(sess):
    rt = _nested([[1., 2., 3.], [], [4., 5.]])
    assert sess.run(tf.where(rt > 2.)).tolist() == [[0, 2], [2, 0], [2, 1]]
    assert sess.run(tf.where(rt > 2., rt, -rt)).to_list() == [[-1., -2., 3.], [], [4., 5.]]
    assert sess.run(tf.gather_nd(rt, [[0, 1], [2, 0]])).tolist() == [2., 4.]
    assert sess.run(tf.gather_nd(rt, [[2], [0]])).to_list() == [[4., 5.], [1., 2., 3.]]


def test_dense_ops_refuse_ragged_tensors_with_tf_error():
    with pytest.raises(TypeError, match="Failed to convert elements of"):
        tf.argmax(_nested([[1., 2.]]), axis=1)


def test_embedding_lookup_and_ngrams(sess):
    params = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    ids = _nested([[0, 2], [], [1]])
    assert sess.run(tf.nn.embedding_lookup(params, ids)).to_list() == [[[1., 2.], [5., 6.]], [], [[3., 4.]]]
    np.testing.assert_allclose(sess.run(tf.nn.embedding_lookup_sparse(params, ids, None, combiner="sum")),
                               [[6., 8.], [0., 0.], [3., 4.]])
    grams = sess.run(tf.strings.ngrams(_nested([["a", "b", "c"], ["d"]]), 2))
    assert grams.to_list() == [[b"a b", b"b c"], []]


def _example(**int_features):
    feature = {k: tf.train.Feature(int64_list=tf.train.Int64List(value=v)) for k, v in int_features.items()}
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def test_ragged_feature_partitions_agree(sess):
    rf = tf.io.RaggedFeature
    serialized = [_example(v=[1, 2, 3], n=[2, 1], s=[0, 2, 3], r=[0, 0, 1]), _example(v=[4], n=[0, 1], s=[0, 0, 1],
                                                                                      r=[1])]
    features = {"lengths": rf(tf.int64, "v", [rf.RowLengths("n")]), "splits": rf(tf.int64, "v", [rf.RowSplits("s")]),
                "rowids": rf(tf.int64, "v", [rf.ValueRowIds("r")]), "flat": rf(tf.int64, "v")}
    out = sess.run(tf.io.parse_example(serialized, features))
    assert out["lengths"].to_list() == out["splits"].to_list() == out["rowids"].to_list() == [[[1, 2], [3]], [[], [4]]]
    assert out["flat"].to_list() == [[1, 2, 3], [4]]
    single = sess.run(tf.io.parse_single_example(serialized[0], {"u": rf(tf.int64, "v", [rf.UniformRowLength(1)])}))
    assert single["u"].tolist() == [[1], [2], [3]]


def test_ragged_feature_validation():
    with pytest.raises(ValueError, match="int64, float32, or bytes"):
        tf.io.RaggedFeature(tf.int32)
    with pytest.raises(TypeError, match="partition types"):
        tf.io.RaggedFeature(tf.int64, partitions=["x"])


def _elements(sess, dataset):
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    out = []
    while True:
        try:
            value = sess.run(nxt)
        except errors.OutOfRangeError:
            return out
        out.append(value.to_list() if hasattr(value, "to_list") else value.tolist())


def test_datasets_slice_batch_and_unbatch_ragged_tensors(sess):
    ds = tf.data.Dataset.from_tensor_slices(_nested([[1, 2], [], [3]]))
    assert ds.element_spec == tf.RaggedTensorSpec([None], tf.int32, 0)
    assert _elements(sess, ds) == [[1, 2], [], [3]]
    assert _elements(sess, ds.batch(2)) == [[[1, 2], []], [[3]]]
    assert _elements(sess, ds.batch(2).unbatch()) == [[1, 2], [], [3]]
    deep = tf.data.Dataset.from_tensor_slices(_nested([[[1], [2, 3]], [[4]]]))
    assert _elements(sess, deep.batch(2)) == [[[[1], [2, 3]], [[4]]]]


def test_ragged_batch_of_varying_dense_elements(sess):
    ds = tf.data.Dataset.range(4).map(lambda x: tf.range(x))
    assert _elements(sess, ds.ragged_batch(3)) == [[[], [0], [0, 1]], [[0, 1, 2]]]
    with pytest.raises(TypeError, match="padded_batch"):
        tf.data.Dataset.from_tensor_slices(_nested([[1]])).padded_batch(2)


def test_linear_operator_batch_slices_match_the_sliced_dense_matrix(sess):
    rng = np.random.RandomState(3)
    matrix = rng.rand(2, 3, 4, 4).astype(np.float32)
    diag = rng.rand(2, 3, 4).astype(np.float32)
    full = tf.linalg.LinearOperatorFullMatrix(matrix, is_non_singular=True)
    np.testing.assert_allclose(sess.run(full[1, ::2].to_dense()), matrix[1, ::2])
    assert full[1].is_non_singular and full[1].batch_shape.as_list() == [3]
    composed = tf.linalg.LinearOperatorComposition([tf.linalg.LinearOperatorDiag(diag[:1]), full])
    dense = sess.run(composed.to_dense())
    np.testing.assert_allclose(sess.run(composed[1, 0].to_dense()), dense[1, 0], rtol=1e-5)
    identity = tf.linalg.LinearOperatorIdentity(3, batch_shape=[2, 4])[1, 1:3]
    assert sess.run(identity.to_dense()).shape == (2, 3, 3)
