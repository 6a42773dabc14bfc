"""tf.experimental.ExtensionType: fields, Spec, nest, control flow, tf.function and tf.data in graph mode."""
import typing

import numpy as np
import pytest

import tfsess as tf


class Masked(tf.experimental.BatchableExtensionType):
    values: tf.Tensor
    mask: tf.Tensor

    def __validate__(self):
        self.values.shape.assert_is_compatible_with(self.mask.shape)


class Labelled(tf.experimental.ExtensionType):
    inner: Masked
    tags: typing.Mapping[str, tf.Tensor]
    label: str = "x"


def _masked():
    return Masked([1.0, 2.0, 3.0], [True, False, True])


def test_fields_are_converted_and_immutable():
    m = _masked()
    assert isinstance(m.values, tf.Tensor) and m.values.dtype == tf.float32 and m.mask.dtype == tf.bool
    with pytest.raises(AttributeError, match="Cannot mutate attribute `values`"):
        m.values = 1
    with pytest.raises(TypeError, match="label: expected 'str', got 'int'"):
        Labelled(m, {}, 3)
    with pytest.raises(ValueError, match="incompatible"):
        Masked([1.0, 2.0], [True])


def test_spec_round_trip_and_nest_order():
    lab = Labelled(_masked(), {"b": 1, "a": 2.0})
    spec = lab._type_spec
    assert type(spec) is Labelled.Spec and spec == Labelled.Spec.from_value(lab)
    flat = tf.nest.flatten(lab, expand_composites=True)
    assert [t.dtype for t in flat] == [tf.float32, tf.bool, tf.float32, tf.int32]  # mapping by sorted key
    rebuilt = tf.nest.pack_sequence_as(lab, flat, expand_composites=True)
    assert type(rebuilt) is Labelled and rebuilt.tags["b"] is lab.tags["b"] and rebuilt.label == "x"
    with pytest.raises(ValueError, match="more components"):
        spec._from_components(list(spec._to_components(lab)) + [flat[0]])


def test_equality_builds_a_tensor():
    with tf.Session() as sess:
        assert sess.run(_masked() == _masked())
        assert not sess.run(_masked() == Masked([1.0, 2.0, 4.0], [True, False, True]))
        assert sess.run(_masked() != Masked([1.0, 2.0, 4.0], [True, False, True]))
    assert (_masked() == 3) is False


def test_control_flow_and_function():
    m = _masked()
    pred = tf.placeholder(tf.bool, [])
    picked = tf.cond(pred, lambda: Masked(m.values * 2.0, m.mask), lambda: m)
    _, looped = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, Masked(v.values + 1.0, v.mask)), [0, m])
    flipped = tf.function(lambda v: Masked(-v.values, tf.logical_not(v.mask)))(m)
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(picked.values, {pred: True}), [2.0, 4.0, 6.0])
        np.testing.assert_allclose(sess.run(looped.values), [3.0, 4.0, 5.0])
        assert sess.run(flipped.mask).tolist() == [False, True, False]


def test_dataset_batches_and_unbatches():
    ds = tf.data.Dataset.from_tensor_slices(Masked([[1.0], [2.0], [3.0]], [[True], [False], [True]]))
    batched = ds.batch(2)
    assert batched.element_spec.values.shape.as_list() == [None, 1]
    assert batched.unbatch().element_spec == ds.element_spec
    total = batched.unbatch().reduce(tf.constant(0.0), lambda s, v: s + tf.reduce_sum(v.values))
    with tf.Session() as sess:
        assert sess.run(total) == 6.0
    with pytest.raises(NotImplementedError, match="_to_legacy_output_types"):
        tf.data.make_one_shot_iterator(ds)
    plain = tf.data.Dataset.from_tensors(Labelled(_masked(), {}))
    with pytest.raises(AttributeError, match="_batch"):
        plain.batch(2)
