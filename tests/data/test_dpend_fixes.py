"""Round 13 tf.data fixes (the pending x_d12 cases): component classes checked by make_initializer and
concatenate, what flat_map/interleave functions may return, zip of nothing, and the
DatasetV1Adapter type that v1 sources and transformations return."""
import numpy as np
import pytest

import tfsess as tf


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
