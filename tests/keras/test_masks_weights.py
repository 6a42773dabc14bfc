"""Keras masks and weights in graph mode: masks carried and consumed (RNN steps, pooling, merges),
the masked/weighted loss and metric arithmetic, and the weight checks of fit."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.keras import weighting

keras = tf.keras


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as graph:
        yield graph


def _run(fetches, feed=None):
    return keras.backend.get_session().run(fetches, feed_dict=feed)


def test_a_masked_step_keeps_the_previous_output_and_state():
    x = keras.Input(shape=(3,), dtype="int32")
    e = keras.layers.Embedding(4, 2, mask_zero=True, embeddings_initializer="ones")(x)
    seq = keras.layers.SimpleRNN(2, return_sequences=True, kernel_initializer="ones",
                                 recurrent_initializer="zeros", activation="linear")(e)
    out = _run(seq, {x: np.array([[1, 0, 2]], np.int32)})
    np.testing.assert_allclose(out[0, 1], out[0, 0])  # step 1 masked: the step-0 output repeated
    np.testing.assert_allclose(out[0, 2], [2.0, 2.0])
    assert seq._keras_mask is e._keras_mask


def test_first_steps_masked_give_zeros_and_pooling_averages_the_valid_steps():
    x = keras.Input(shape=(3, 1))
    masked = keras.layers.Masking()(x)
    seq = keras.layers.SimpleRNN(1, return_sequences=True, kernel_initializer="ones", activation="linear")(masked)
    pooled = keras.layers.GlobalAveragePooling1D()(x, mask=masked._keras_mask)
    data = np.array([[[0.0], [3.0], [5.0]]], np.float32)
    seq_value, pooled_value = _run([seq, pooled], {x: data})
    assert seq_value[0, 0, 0] == 0.0
    np.testing.assert_allclose(pooled_value, [[4.0]])
    assert getattr(pooled, "_keras_mask", None) is None


def test_layers_without_masking_drop_the_mask_and_merges_and_them():
    x = keras.Input(shape=(3,), dtype="int32")
    e = keras.layers.Embedding(4, 2, mask_zero=True)(x)
    assert getattr(keras.layers.Flatten()(e), "_keras_mask", None) is None
    both = keras.layers.Multiply()([e, keras.layers.Embedding(4, 2, mask_zero=True)(x + 1)])
    assert _run(both._keras_mask, {x: np.array([[0, 1, 2]], np.int32)}).tolist() == [[False, True, True]]


def test_a_layer_that_refuses_masks_says_so():
    with pytest.raises(TypeError, match="does not support masking"):
        keras.layers.Reshape((2,)).compute_mask(tf.ones([1, 2]), tf.ones([1, 2], dtype=tf.bool))


def test_masked_mean_is_over_the_valid_values():
    values = tf.constant([[1.0, 2.0, 7.0]])
    weights = weighting.weights_with_mask(None, tf.constant([[True, True, False]]), tf.float32, "auto")
    assert _run(weighting.reduce_weighted(values, weights, "auto")) == pytest.approx(1.5)
    total, count = _run(weighting.metric_sums(values, tf.constant([2.0])))
    assert (total, count) == (20.0, 6.0)


def test_sample_weights_scale_the_mean_without_renormalising():
    loss = keras.losses.MeanSquaredError()(tf.constant([[0.0], [0.0]]), tf.constant([[1.0], [3.0]]),
                                           sample_weight=tf.constant([1.0, 0.0]))
    assert _run(loss) == pytest.approx(0.5)


def test_class_and_sample_weights_multiply_and_bad_weights_raise():
    y = np.array([0, 1, 1])
    np.testing.assert_allclose(weighting.standardize_weights(y, np.array([1.0, 2.0, 3.0]), {0: 2.0, 1: 0.5}),
                               [2.0, 1.0, 1.5])
    np.testing.assert_allclose(weighting.standardize_weights(np.eye(2)[y], None, {0: 2.0, 1: 0.5}), [2.0, 0.5, 0.5])
    with pytest.raises(ValueError, match="timestep-wise"):
        weighting.standardize_weights(y, np.ones((3, 2)))
    with pytest.raises(ValueError, match="cannot be broadcast"):
        weighting.standardize_weights(y, np.ones(2))
    with pytest.raises(ValueError, match="must contain all classes"):
        weighting.standardize_weights(y, None, {0: 1.0})


def test_weighted_metrics_are_named_and_fit_keeps_working_after_a_bad_call():
    x = keras.Input((2,))
    model = keras.Model(x, keras.layers.Dense(1, kernel_initializer="zeros")(x))
    model.compile("sgd", "mse", metrics=["mae"], weighted_metrics=["mae"])
    assert model.metrics_names == ["loss", "mean_absolute_error", "weighted_mean_absolute_error"]
    data, target = np.ones((4, 2), np.float32), np.ones((4, 1), np.float32)
    with pytest.raises(ValueError):
        model.fit(data, target, sample_weight=np.ones(3), verbose=0)
    loss, mae, weighted = model.evaluate(data, target, sample_weight=np.array([1.0, 0.0, 0.0, 0.0]), verbose=0)
    assert (loss, mae, weighted) == (pytest.approx(0.25), pytest.approx(1.0), pytest.approx(1.0))


def test_batch_normalization_refuses_a_mask_while_training():
    x = keras.Input(shape=(3,), dtype="int32")
    e = keras.layers.Embedding(4, 2, mask_zero=True)(x)
    with pytest.raises(NotImplementedError, match="masked moments"):
        keras.layers.BatchNormalization()(e, training=True)
