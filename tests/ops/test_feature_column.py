"""tf.feature_column: the Bucketize kernel, the lookups the columns use, transformation caching,
errors that name the column, and a session that stays usable after a failed run."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.ops.feature_column.column_base import _LazyBuilder
from tfsess.ops.embedding_sparse import embedding_lookup_sparse, safe_embedding_lookup_sparse
from tfsess.ops.feature_column.lookups import bucketize, index_table_from_tensor

fc = tf.feature_column


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
        return sess.run(fetches, feed_dict)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64])
def test_bucketize_counts_boundaries_at_or_below_each_value(dtype):
    values = np.array([[-5, 0, 1], [2, 3, 10]], dtype)
    out = _run(bucketize(tf.constant(values), [0.0, 2.0, 3.0]))
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, np.searchsorted([0.0, 2.0, 3.0], values.astype(np.float64), side="right"))


def test_bucketize_compares_float32_boundaries_in_double_for_double_input():
    # 0.1 as float32 is 0.10000000149...: a double 0.1 is below it
    out = _run(bucketize(tf.constant([0.1, 0.1000000015], tf.float64), [0.1]))
    np.testing.assert_array_equal(out, [0, 1])


def test_bucketize_rejects_unsorted_boundaries_and_other_dtypes():
    with pytest.raises(errors.InvalidArgumentError, match="sorted"):
        _run(bucketize(tf.constant([1.0]), [2.0, 1.0]))
    with pytest.raises(TypeError, match="input"):
        bucketize(tf.constant(["a"]), [1.0])


def test_index_table_maps_vocabulary_oov_buckets_and_sparse_values():
    table = index_table_from_tensor(["a", "b"], num_oov_buckets=3)
    sparse = tf.SparseTensor([[0, 0], [1, 1]], tf.constant(["b", "zz"]), [2, 2])
    dense, looked_up = _run([table.lookup(tf.constant(["a", "b", "q"])), table.lookup(sparse)])
    assert list(dense[:2]) == [0, 1] and 2 <= dense[2] < 5
    assert looked_up.values[0] == 1 and 2 <= looked_up.values[1] < 5
    np.testing.assert_array_equal(looked_up.indices, [[0, 0], [1, 1]])


def test_embedding_lookup_sparse_combiners_match_numpy():
    params = np.arange(12, dtype=np.float32).reshape(4, 3)
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 3, 2], tf.int64), [2, 2])
    weights = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1.0, 3.0, 2.0]), [2, 2])
    mean, sqrtn, total = _run([embedding_lookup_sparse(tf.constant(params), ids, weights, combiner=c)
                               for c in ("mean", "sqrtn", "sum")])
    row0 = params[1] + 3 * params[3]
    np.testing.assert_allclose(total, [row0, 2 * params[2]])
    np.testing.assert_allclose(mean, [row0 / 4, params[2]])
    np.testing.assert_allclose(sqrtn, [row0 / np.sqrt(10), 2 * params[2] / 2], rtol=1e-6)


def test_safe_embedding_lookup_handles_rank3_ids_empty_rows_and_default_id():
    params = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
    ids = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 1, 0]], tf.constant([1, -1, 3], tf.int64), [2, 2, 2])
    zeros, with_default = _run([safe_embedding_lookup_sparse(params, ids),
                                safe_embedding_lookup_sparse(params, ids, default_id=2)])
    np.testing.assert_allclose(zeros, [[[2, 3], [0, 0]], [[0, 0], [6, 7]]])
    np.testing.assert_allclose(with_default, [[[2, 3], [4, 5]], [[4, 5], [6, 7]]])


def test_builder_transforms_a_shared_column_once():
    age = fc.bucketized_column(fc.numeric_column("age"), [10.0])
    cross = fc.crossed_column([age, "city"], 5)
    fc.input_layer({"age": tf.constant([[3.0]]), "city": tf.constant([["x"]])},
                   [fc.indicator_column(age), fc.indicator_column(cross)])
    ops = [op for op in tf.get_default_graph().get_operations() if op.type == "Bucketize"]
    assert len(ops) == 1


def test_builder_reports_missing_features_and_bad_keys():
    builder = _LazyBuilder({"a": tf.constant([[1.0]])})
    with pytest.raises(ValueError, match="Feature b is not in features dictionary"):
        builder.get("b")
    with pytest.raises(TypeError, match='"key" must be either'):
        builder.get(3)


def test_errors_name_the_column():
    with pytest.raises(ValueError, match="column_name: color"):
        fc.categorical_column_with_vocabulary_list("color", [])
    with pytest.raises(ValueError, match="key: price"):
        fc.numeric_column("price", shape=[0])
    with pytest.raises(ValueError, match="_DenseColumn.*key=.ids."):
        fc.input_layer({"ids": tf.constant([[1]])},
                       [fc.numeric_column("a"), fc.categorical_column_with_identity("ids", 3)])


def test_failed_run_leaves_the_session_usable():
    col = fc.indicator_column(fc.categorical_column_with_vocabulary_list("s", ["a", "b"]))
    out = fc.input_layer({"s": tf.constant([["b"], ["a"]])}, [col])
    with tf.Session() as sess:
        with pytest.raises(errors.FailedPreconditionError):
            sess.run(out)  # tables not initialised yet
        sess.run(tf.tables_initializer())
        np.testing.assert_array_equal(sess.run(out), [[0, 1], [1, 0]])


def test_embedding_weights_start_from_the_checkpoint(tmp_path):
    saved = np.arange(6, dtype=np.float32).reshape(3, 2)
    with tf.Graph().as_default():
        emb = tf.Variable(saved, name="emb")
        with tf.Session() as sess:
            sess.run(emb.initializer)
            prefix = tf.train.Saver([emb]).save(sess, str(tmp_path / "model"))
    ids = fc.categorical_column_with_identity("ids", 3)
    col = fc.embedding_column(ids, 2, ckpt_to_load_from=prefix, tensor_name_in_ckpt="emb")
    out = fc.input_layer({"ids": tf.constant([[2], [0]])}, [col])
    np.testing.assert_array_equal(_run(out), saved[[2, 0]])


def test_columns_are_exported_where_tf_has_them():
    names = {"bucketized_column", "categorical_column_with_hash_bucket", "categorical_column_with_identity",
             "categorical_column_with_vocabulary_file", "categorical_column_with_vocabulary_list",
             "crossed_column", "embedding_column", "indicator_column", "input_layer", "linear_model",
             "make_parse_example_spec", "numeric_column", "shared_embedding_columns", "weighted_categorical_column"}
    assert names <= set(dir(tf.feature_column))


def test_sequence_views_of_embedding_and_indicator_columns():
    # expected values recorded with TensorFlow 2.21's _get_sequence_dense_tensor
    ids = fc.sequence_categorical_column_with_identity("ids", 4)
    words = fc.sequence_categorical_column_with_vocabulary_list("w", ["a", "b", "c"])
    builder = _LazyBuilder({
        "ids": tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 2]], tf.constant([1, 3, 2, 0], tf.int64), [4, 3]),
        "w": tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant(["c", "a", "zz"]), [4, 2])})
    emb = fc.embedding_column(ids, 2, initializer=tf.constant_initializer(np.arange(8).reshape(4, 2)))
    embedded, indicated = _run([emb._get_sequence_dense_tensor(builder),
                                fc.indicator_column(words)._get_sequence_dense_tensor(builder)])
    np.testing.assert_array_equal(embedded.dense_tensor, [[[2, 3], [6, 7], [0, 0]], [[4, 5], [0, 0], [0, 0]],
                                                          [[0, 0], [0, 0], [0, 1]], [[0, 0], [0, 0], [0, 0]]])
    np.testing.assert_array_equal(embedded.sequence_length, [2, 1, 3, 0])
    np.testing.assert_array_equal(indicated.dense_tensor[:2], [[[0, 0, 1], [0, 0, 0]], [[1, 0, 0], [0, 0, 0]]])
    np.testing.assert_array_equal(indicated.sequence_length, [1, 2, 0, 0])
    with pytest.raises(ValueError, match="must be of type _SequenceCategoricalColumn"):
        fc.embedding_column(fc.categorical_column_with_identity("ids", 4), 2)._get_sequence_dense_tensor(builder)


def test_features_of_unknown_rank_are_expanded_at_run_time_and_rank0_fails():
    x = tf.placeholder(tf.float32)
    out = fc.input_layer({"x": x}, [fc.numeric_column("x")])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out, {x: [1.0, 2.0]}), [[1.0], [2.0]])
        np.testing.assert_array_equal(sess.run(out, {x: [[3.0]]}), [[3.0]])
        with pytest.raises(errors.InvalidArgumentError, match=r"Feature \(key: x\) cannot have rank 0"):
            sess.run(out, {x: 1.0})
