"""IndexedSlicesSpec, NoneTensorSpec, TensorArraySpec and OptionalSpec: TF's generic spec rules."""
import pytest

import tfsess as tf


def test_indexed_slices_spec_fields_and_merge():
    spec = tf.IndexedSlicesSpec([None, 3], tf.float32)
    assert repr(spec) == ("IndexedSlicesSpec(TensorShape([Dimension(None), Dimension(3)]), tf.float32, tf.int64, "
                          "None, TensorShape([Dimension(None)]))")
    assert spec.is_compatible_with(tf.IndexedSlicesSpec([5, 3]))
    assert not spec.is_compatible_with(tf.IndexedSlicesSpec([5, 3], tf.float32, tf.int32))
    assert spec.most_specific_compatible_type(tf.IndexedSlicesSpec([5, 3])) == spec
    with pytest.raises(ValueError, match="No TypeSpec is compatible with both"):
        spec.most_specific_compatible_type(tf.IndexedSlicesSpec([5, 3], tf.int32))
    assert spec.value_type is tf.IndexedSlices


def test_indexed_slices_spec_of_a_gradient():
    params = tf.Variable(tf.ones([4, 2]))
    (grad,) = tf.gradients(tf.reduce_sum(tf.gather(params, [1, 3])), [params])
    spec = tf.IndexedSlicesSpec.from_value(grad)
    assert spec.shape.as_list() == [4, 2]
    assert spec == tf.IndexedSlicesSpec([4, 2], tf.float32, grad.indices.dtype, grad.dense_shape.dtype, [2])


def test_specs_are_hashable_and_equal_by_value():
    assert len({tf.NoneTensorSpec(), tf.NoneTensorSpec()}) == 1
    assert hash(tf.TensorArraySpec([2], tf.int32)) == hash(tf.TensorArraySpec([2], tf.int32))
    assert tf.IndexedSlicesSpec([None]) != tf.IndexedSlicesSpec([None], indices_shape=[3])


def test_tensor_array_spec_ignores_infer_shape_for_compatibility():
    spec = tf.TensorArraySpec([None, 2], tf.int32)
    no_infer = tf.TensorArraySpec([3, 2], tf.int32, infer_shape=False)
    assert spec.is_compatible_with(no_infer)
    assert not spec.is_compatible_with(tf.TensorArraySpec([3, 2], tf.int32, dynamic_size=True))
    assert spec.most_specific_compatible_type(no_infer) == tf.TensorArraySpec([None, 2], tf.int32, False, False)
    with pytest.raises(ValueError, match="is not compatible with"):
        spec.most_specific_compatible_type(tf.TensorArraySpec([3, 2], tf.float32))


def test_tensor_array_spec_from_value():
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[3])
    assert tf.TensorArraySpec.from_value(ta) == tf.TensorArraySpec([3], tf.float32)
    with pytest.raises(TypeError):
        tf.TensorArraySpec.from_value(tf.constant(1))


def test_optional_spec_compares_its_element_spec():
    spec = tf.OptionalSpec(tf.TensorSpec([2], tf.float32))
    assert spec.is_compatible_with(tf.OptionalSpec(tf.TensorSpec([None], tf.float32)))
    assert not spec.is_compatible_with(tf.OptionalSpec(tf.TensorSpec([2], tf.int32)))
    merged = spec.most_specific_compatible_type(tf.OptionalSpec(tf.TensorSpec([3], tf.float32)))
    assert merged == tf.OptionalSpec(tf.TensorSpec([None], tf.float32))
    opt = tf.experimental.Optional.from_value({"a": tf.constant(1.0)})
    assert tf.OptionalSpec.from_value(opt) == tf.OptionalSpec({"a": tf.TensorSpec([], tf.float32)})
