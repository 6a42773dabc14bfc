"""Round 13 tf.data fixes (the pending x_d12 cases): component classes checked by make_initializer and
concatenate, what flat_map/interleave functions may return, zip of nothing, and the
DatasetV1Adapter type that v1 sources and transformations return."""
import gzip

import numpy as np
import pytest

import tfsess as tf
from drain_helper import drain


def _sparse_dataset():
    return tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [2]))


def test_make_initializer_refuses_another_component_class(g):
    sparse = tf.data.Dataset.from_tensor_slices(tf.SparseTensor([[0, 0]], [1.0], [3, 4]))
    dense = tf.data.Dataset.from_tensor_slices(np.zeros((3, 4), np.float32))
    it = tf.data.Iterator.from_structure(tf.data.get_output_types(sparse), tf.data.get_output_shapes(sparse),
                                         output_classes=tf.data.get_output_classes(sparse))
    with pytest.raises(TypeError, match="Expected output classes"):
        it.make_initializer(dense)
    dense_it = tf.data.Iterator.from_structure(tf.float32, [4])
    with pytest.raises(TypeError, match="Expected output classes"):
        dense_it.make_initializer(sparse)
    assert it.make_initializer(sparse).type == "MakeIterator"


def test_concatenate_refuses_sparse_with_dense(g):
    dense = tf.data.Dataset.from_tensors(np.array([1, 0], np.int32))
    for a, b in ((_sparse_dataset(), dense), (dense, _sparse_dataset())):
        with pytest.raises(TypeError, match="Incompatible dataset elements"):
            a.concatenate(b)
    assert _sparse_dataset().concatenate(_sparse_dataset()).output_classes is tf.SparseTensor


@pytest.mark.parametrize("method", ["flat_map", "interleave"])
def test_flat_map_and_interleave_need_a_dataset(g, method):
    src = tf.data.Dataset.range(1, 4)
    transform = getattr(src, method)
    for returned in (lambda x: (x, x), lambda x: {"a": x}, lambda x: tf.SparseTensor([[0]], [x], [2])):
        with pytest.raises(TypeError, match="must return a `Dataset` object"):
            transform(returned)
    for returned in (lambda x: x, lambda x: 5):  # TF converts these to a Tensor first
        with pytest.raises(AttributeError):
            transform(returned)


def test_zip_of_nothing_is_a_value_error(g):
    for empty in ((), {}):
        with pytest.raises(ValueError, match="input_datasets"):
            tf.data.Dataset.zip(empty)


def test_v1_datasets_are_dataset_v1_adapters(g):
    a = tf.data.Dataset.range(3)
    made = [a, a.map(lambda x: x + 1), tf.data.Dataset.zip((a, a)), a.concatenate(a),
            tf.data.Dataset.from_tensors(1), tf.data.Dataset.from_tensor_slices([1, 2]),
            a.with_options(tf.data.Options())]
    for ds in made:
        assert type(ds).__name__ == "DatasetV1Adapter" and isinstance(ds, tf.data.Dataset)
    assert repr(a).startswith("<_RangeDataset")


def test_one_shot_iterator_refuses_captured_stateful_ops(g):
    scale = tf.Variable(2.0, name="scale")
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([1, 2], [3, 4], tf.int64, tf.int64), -1)
    captured = [tf.data.Dataset.range(2).map(lambda v: tf.cast(v, tf.float32) * scale),
                tf.data.Dataset.from_tensors(tf.random_uniform([2])),
                tf.data.Dataset.range(3).map(lambda x: table.lookup(x))]
    for ds in captured:
        with pytest.raises(ValueError, match="Cannot capture a stateful node .*make_one_shot_iterator"):
            tf.data.make_one_shot_iterator(ds)
    inside = tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float32) + tf.random_uniform([]))
    assert len(drain(inside)) == 3  # a random op inside the function is the function's own
    assert len(drain(tf.data.Dataset.range(5).batch(2).apply(tf.data.experimental.assert_cardinality(3)))) == 3


def test_fixed_length_file_shorter_than_its_header(g, tmp_path):
    short = tmp_path / "short.bin"
    short.write_bytes(b"H")
    fl = tf.data.FixedLengthRecordDataset
    with pytest.raises(tf.errors.InvalidArgumentError, match="body length 18446744073709551615 bytes"):
        drain(fl(str(short), 4, header_bytes=2))
    with pytest.raises(tf.errors.InternalError, match="Read less bytes"):  # TF's unsigned length divides evenly
        drain(fl(str(short), 1, header_bytes=2))
    packed = tmp_path / "short.gz"
    packed.write_bytes(gzip.compress(b"H"))
    with pytest.raises(tf.errors.InternalError, match="EOF reached"):
        drain(fl(str(packed), 4, header_bytes=2, compression_type="GZIP"))


def test_generator_string_components_by_signature_or_types(g):
    by_signature = tf.data.Dataset.from_generator(lambda: iter([1]), output_signature=tf.TensorSpec([], tf.string))
    with pytest.raises(tf.errors.InternalError, match="Unsupported object type int"):
        drain(by_signature)
    by_types = tf.data.Dataset.from_generator(lambda: iter([1]), tf.string)
    with pytest.raises(tf.errors.InvalidArgumentError):
        drain(by_types)
    named = tf.data.Dataset.from_generator(lambda: iter([b"a"]), output_signature=tf.TensorSpec([], tf.string,
                                                                                             name="word"))
    assert repr(named.element_spec) == "TensorSpec(shape=(), dtype=tf.string, name='word')"
    assert repr(named.map(lambda w: w).element_spec).endswith("name=None)")
    assert drain(named) == [b"a"]


def _outcomes(ds, steps=8):
    """Each get_next in turn: the rounded value, or the error class (iteration goes on after errors)."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    out = []
    for _ in range(steps):
        try:
            out.append(np.round(np.asarray(sess.run(nxt), np.float64), 3).tolist())
        except tf.errors.OutOfRangeError:
            return out
        except tf.errors.OpError as exc:
            out.append(type(exc).__name__)
    return out


def _inverse(x, k):
    return tf.debugging.check_numerics(1.0 / tf.cast(x - k, tf.float32), "inverse")


def test_batch_of_a_failing_map_fails_whole_batches(g):
    err = "InvalidArgumentError"
    sliced = tf.data.Dataset.from_tensor_slices(np.arange(7.0))  # columnar: chunks through the map
    assert _outcomes(sliced.map(lambda x: _inverse(x, 2)).batch(3)) == [err, [1.0, 0.5, 0.333], [0.25]]
    assert _outcomes(sliced.repeat(2).map(lambda x: _inverse(x, 2)).batch(4)) == [
        err, [0.5, 0.333, 0.25, -0.5], err, [0.333, 0.25]]
    ranged = tf.data.Dataset.range(7)
    assert _outcomes(ranged.map(lambda x: _inverse(x, 2), num_parallel_calls=2).batch(2)) == [
        [-0.5, -1.0], err, [0.5, 0.333], [0.25]]
    assert _outcomes(ranged.map(lambda x: _inverse(x, 5)).batch(3, drop_remainder=True)) == [
        [-0.2, -0.25, -0.333], err]  # the failed remainder is raised, not dropped


def test_batch_drops_what_it_gathered_before_an_input_error(g):
    err = "InvalidArgumentError"
    ranged = tf.data.Dataset.range(7)
    assert _outcomes(ranged.filter(lambda x: _inverse(x, 2) > -100).batch(3)) == [err, [3, 4, 5], [6]]
    not_fused = ranged.map(lambda x: _inverse(x, 2)).filter(lambda y: y > -100).batch(3)
    assert _outcomes(not_fused) == [err, [1.0, 0.5, 0.333], [0.25]]
    padded = ranged.take(5).map(lambda x: tf.reshape(_inverse(x, 1), [1])).padded_batch(2)
    assert _outcomes(padded) == [err, [[1.0], [0.5]], [[0.333]]]
