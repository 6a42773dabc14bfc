"""The tf.data defects the round-10 sweep through TF's own data tests found, one test each."""
import numpy as np
import pytest

import tfsess as tf
from drain_helper import drain


def lengths(n=4):
    return tf.data.Dataset.range(1, n).map(lambda x: tf.fill([x], x))


def test_padded_batch_op_has_tf_inputs_and_attrs(g):
    ds = lengths().map(lambda x: (x, tf.cast(x, tf.float32)))
    out = ds.padded_batch(2, padded_shapes=([4], [-1]), padding_values=(np.int64(7), 0.5))
    op = out._variant.op
    assert op.type == "PaddedBatchDatasetV2"
    assert [t.op.name for t in op.inputs[1:]] == ["batch_size", "Const", "Const_1", "padding_value",
                                                  "padding_value_1", "drop_remainder"]
    assert op.get_attr("N") == 2 and op.get_attr("Toutput_types") == [tf.int64, tf.float32]
    assert "output_types" not in op._attrs
    assert str(out.output_shapes) == "(TensorShape([Dimension(None), Dimension(4)]), " \
                                     "TensorShape([Dimension(None), Dimension(None)]))"
    first = drain(out)[0]
    assert first[0].tolist() == [[1, 7, 7, 7], [2, 2, 7, 7]]
    assert first[1].tolist() == [[1.0, 0.5], [2.0, 2.0]]


def test_padded_batch_graph_def_round_trip(g):
    ds = lengths().padded_batch(2, padded_shapes=[3], drop_remainder=True)
    tf.identity(tf.data.make_one_shot_iterator(ds).get_next(), name="batch")
    graph_def = g.as_graph_def()
    node = next(n for n in graph_def.node if n.op == "PaddedBatchDatasetV2")
    assert len(node.input) == 5 and sorted(node.attr) == ["N", "Toutput_types", "metadata", "output_shapes",
                                                          "parallel_copy"]
    h = tf.Graph()
    with h.as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            assert sess.run("batch:0").tolist() == [[1, 0, 0], [2, 2, 0]]


def test_padded_batch_padding_value_must_have_the_component_dtype(g):
    with pytest.raises(TypeError, match="does not match type"):
        lengths().padded_batch(2, padding_values=0)  # an int32 value for int64 components, as TF refuses
    with pytest.raises(ValueError, match="should be scalars"):
        lengths().padded_batch(2, padding_values=tf.constant([1, 2], tf.int64))


def test_padded_batch_shape_checks(g):
    with pytest.raises(ValueError, match="not compatible"):
        lengths().padded_batch(2, padded_shapes=[None, None])
    with pytest.raises(TypeError, match="must be a `tf.int64` vector"):
        lengths().padded_batch(2, padded_shapes=tf.constant([5], tf.int32))
    with pytest.raises(ValueError, match="unknown rank"):
        tf.data.Dataset.from_tensors(tf.placeholder(tf.int32)).padded_batch(2)
    with pytest.raises(TypeError, match="only supported for datasets that produce tensor"):
        tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [2])).padded_batch(2)
    # a padded shape larger than an element's static dims, and a fed padded shape
    wide = tf.data.Dataset.from_tensors(np.ones([2, 2], np.float32)).padded_batch(1, padded_shapes=[None, 3])
    assert drain(wide)[0].shape == (1, 2, 3)
    with pytest.raises(tf.errors.DataLossError):
        drain(lengths().padded_batch(3, padded_shapes=[2]))


def test_batch_with_fed_drop_remainder_has_unknown_batch_dim(g):
    ds = tf.data.Dataset.range(5).batch(2, drop_remainder=tf.placeholder(tf.bool, []))
    assert ds.output_shapes.as_list() == [None]
    assert tf.data.Dataset.range(5).batch(2, drop_remainder=True).output_shapes.as_list() == [2]


def test_unbatch_checks_leading_dims(g):
    with pytest.raises(ValueError, match="matching leading dimension"):
        tf.data.Dataset.from_tensors(([1, 2], [1, 2, 3])).unbatch()
    with pytest.raises(ValueError, match="scalar components"):
        tf.data.Dataset.range(2).unbatch()
    uneven = tf.data.Dataset.from_generator(lambda: iter([([1, 2], [3])]), (tf.int64, tf.int64), ([None], [None]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="same batch size"):
        drain(uneven.unbatch())


def test_unbatch_of_sparse_wants_ordered_indices(g):
    ordered = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], [1, 2, 3], [2, 2])
    rows = drain(tf.data.Dataset.from_tensors(ordered).unbatch())
    assert [r.values.tolist() for r in rows] == [[1], [2, 3]]
    unordered = tf.SparseTensor([[0, 0], [1, 1], [1, 0]], [1, 2, 3], [2, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of order"):
        drain(tf.data.Dataset.from_tensors(unordered).unbatch())


@pytest.mark.parametrize("value, dtype, expected", [
    ([], tf.int64, []), (np.array([1.5, 2.5]), tf.int64, [1, 2]), (np.float64(2.0), tf.int32, 2),
    (True, tf.int32, 1), (np.array(["3"]), tf.int32, [3]), (3, tf.float32, 3.0)])
def test_generator_values_convert_as_tf_converts(g, value, dtype, expected):
    out = drain(tf.data.Dataset.from_generator(lambda: iter([value]), dtype))
    assert np.asarray(out[0]).tolist() == expected


@pytest.mark.parametrize("value, dtype", [(1.5, tf.int64), ("3", tf.int32), (1 + 2j, tf.float32), (5, tf.string),
                                          (np.array([1.5]), tf.string), ([1, 2.5], tf.int32)])
def test_generator_values_tf_refuses(g, value, dtype):
    with pytest.raises(tf.errors.InvalidArgumentError):
        drain(tf.data.Dataset.from_generator(lambda: iter([value]), dtype))


def test_from_generator_output_signature(g):
    sig = (tf.TensorSpec([None], tf.float32), {"k": tf.TensorSpec([], tf.string)})
    ds = tf.data.Dataset.from_generator(lambda: iter([(np.ones(2, np.float32), {"k": "a"})]), output_signature=sig)
    assert ds.output_types == (tf.float32, {"k": tf.string})
    assert drain(ds)[0][1]["k"] == b"a"
    with pytest.raises(TypeError, match="can not be used together"):
        tf.data.Dataset.from_generator(iter, tf.int32, output_signature=sig)
    with pytest.raises(TypeError, match="either the `output_signature`"):
        tf.data.Dataset.from_generator(iter)
    with pytest.raises(TypeError, match="subclass of `tf.TypeSpec`"):
        tf.data.Dataset.from_generator(iter, output_signature=tf.int32)


def test_zip_forms_and_list_refused(g):
    a, b = tf.data.Dataset.range(2), tf.data.Dataset.range(3)
    assert drain(tf.data.Dataset.zip(a, b)) == [(0, 0), (1, 1)]
    assert drain(tf.data.Dataset.zip(datasets={"x": a})) == [{"x": 0}, {"x": 1}]
    with pytest.raises(TypeError, match="Python `list` is not supported"):
        tf.data.Dataset.zip([a, b])
    with pytest.raises(TypeError, match="at least one dataset"):
        tf.data.Dataset.zip()
    with pytest.raises(TypeError, match="cannot be set"):
        tf.data.Dataset.zip(a, datasets=(b,))


def test_repeat_forever_of_unknown_size_is_infinite(g):
    card = tf.data.experimental.cardinality(tf.data.Dataset.range(4).filter(lambda x: x > 1).repeat())
    assert tf.Session().run(card) == tf.data.experimental.INFINITE_CARDINALITY


def test_prefetch_refuses_negative_buffer_other_than_autotune(g):
    assert drain(tf.data.Dataset.range(3).prefetch(tf.data.experimental.AUTOTUNE)) == [0, 1, 2]
    with pytest.raises(tf.errors.InvalidArgumentError, match="buffer_size must be >= 0"):
        drain(tf.data.Dataset.range(3).prefetch(-5))


def test_shuffle_seed_that_is_no_integer_is_a_type_error(g):
    with pytest.raises(TypeError):
        tf.data.Dataset.range(3).shuffle(2, seed="x")


def test_distribute_options_default_policy_and_merge(g):
    opts = tf.data.Options()
    assert opts.experimental_distribute.auto_shard_policy == tf.data.experimental.AutoShardPolicy.AUTO
    opts.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    merged = tf.data.Dataset.range(1).with_options(opts).with_options(tf.data.Options()).options()
    assert merged.experimental_distribute.auto_shard_policy == tf.data.experimental.AutoShardPolicy.DATA


def test_dense_to_sparse_batch_error_classes(g):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x))
    with pytest.raises(tf.errors.DataLossError, match="incompatible with the row shape"):
        drain(ds.apply(tf.data.experimental.dense_to_sparse_batch(2, [1])))
    with pytest.raises(tf.errors.InvalidArgumentError, match="incompatible with the row shape"):
        drain(ds.apply(tf.data.experimental.dense_to_sparse_batch(2, [3, 3])))


def test_get_single_element_of_no_dataset_is_a_type_error(g):
    with pytest.raises(TypeError, match="Expected a `tf.data.Dataset`"):
        tf.data.experimental.get_single_element([1])


def test_unique_of_several_components_fails_at_run_time(g):
    ints = tf.data.Dataset.range(3)
    pairs = tf.data.Dataset.zip((ints, ints)).unique()  # built, as TF builds it
    with pytest.raises(tf.errors.InvalidArgumentError, match="single component"):
        drain(pairs)
    with pytest.raises(TypeError, match="does not support type"):
        tf.data.Dataset.from_tensor_slices([1.0]).unique()
