"""tf.keras in graph mode: layer names and weights, the Keras session, models trained with
compile/fit, callbacks, saving weights, and the errors TF's legacy Keras raises."""
import numpy as np
import pytest

import tfsess as tf

keras = tf.keras


def _fixed(shape, scale=0.5, phase=0.0):
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 0.9 + phase) * scale).reshape(shape).astype(np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as graph:
        yield graph


def _data():
    rng = np.random.RandomState(0)
    x = rng.rand(40, 3).astype(np.float32)
    return x, (x.sum(1) > 1.5).astype(np.int32)


def test_layer_names_count_per_graph_and_variables_sit_in_their_scope():
    a, b = keras.layers.Dense(2), keras.layers.Dense(2)
    y = b(a(tf.constant(_fixed([1, 3]))))
    assert [a.name, b.name] == ["dense", "dense_1"]
    assert [v.name for v in tf.global_variables()] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
                                                      "dense_1/bias:0"]
    with tf.Graph().as_default():
        assert keras.layers.Dense(1).name == "dense"  # a new graph counts from the start
    assert y.op.name == "dense_1/BiasAdd"


def test_get_session_initializes_keras_variables_once_and_keeps_user_values():
    d = keras.layers.Dense(2, kernel_initializer="ones")
    y = d(tf.constant([[1.0, 2.0]]))
    sess = keras.backend.get_session()
    np.testing.assert_allclose(sess.run(y), [[3.0, 3.0]])
    keras.backend.set_value(d.kernel, np.zeros([2, 2], np.float32))
    np.testing.assert_allclose(keras.backend.get_session().run(y), [[0.0, 0.0]])  # not re-initialized


def test_dropout_follows_the_learning_phase_placeholder():
    y = keras.layers.Dropout(0.5, seed=1)(tf.ones([50, 10]))
    sess = keras.backend.get_session()
    np.testing.assert_array_equal(sess.run(y), np.ones([50, 10]))
    train = sess.run(y, {keras.backend.learning_phase(): True})
    assert set(np.unique(train)) <= {0.0, 2.0} and 0 < (train == 0).mean() < 1


def test_batchnorm_updates_move_statistics_only_in_the_training_phase():
    x = tf.constant(_fixed([8, 2], 3.0))
    bn = keras.layers.BatchNormalization(momentum=0.5)
    bn(x)
    sess = keras.backend.get_session()
    sess.run(bn.updates)  # learning phase False: moving statistics stay
    np.testing.assert_allclose(sess.run(bn.moving_mean), [0.0, 0.0])
    sess.run(bn.updates, {keras.backend.learning_phase(): True})
    np.testing.assert_allclose(sess.run(bn.moving_mean), 0.5 * _fixed([8, 2], 3.0).mean(0), rtol=1e-5)
    assert [w.name for w in bn.non_trainable_weights] == ["batch_normalization/moving_mean:0",
                                                          "batch_normalization/moving_variance:0"]


def test_sequential_fit_lowers_the_loss_and_history_records_every_epoch():
    np.random.seed(0)
    x, y = _data()
    model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(3,)),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(keras.optimizers.Adam(0.05), "sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=8, batch_size=8, verbose=0, validation_split=0.25)
    assert history.epoch == list(range(8))
    assert sorted(history.history) == ["acc", "loss", "val_acc", "val_loss"]
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, acc = model.evaluate(x, y, verbose=0)
    assert isinstance(loss, np.float32) and 0.0 <= acc <= 1.0
    assert model.predict(x[:5]).shape == (5, 2)


def test_subclassed_model_trains_from_placeholders_made_from_the_data():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(4, activation="tanh")
            self.out = keras.layers.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    x, _ = _data()
    target = x @ np.array([[1.0], [-1.0], [0.5]], np.float32)
    net = Net()
    net.compile(keras.optimizers.SGD(0.1), "mse")
    first = net.train_on_batch(x, target)
    for _ in range(20):
        last = net.train_on_batch(x, target)
    assert last < first
    assert len(net.trainable_weights) == 4 and net.name == "net"


def test_early_stopping_ends_fit_and_lambda_callback_sees_each_epoch():
    x, y = _data()
    model = keras.Sequential([keras.layers.Dense(2, activation="softmax", input_shape=(3,))])
    model.compile(keras.optimizers.SGD(0.0), "sparse_categorical_crossentropy")
    seen = []
    history = model.fit(x, y, epochs=10, verbose=0, shuffle=False, callbacks=[
        keras.callbacks.EarlyStopping(monitor="loss", patience=1),
        keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))])
    assert history.epoch == [0, 1] and seen == [0, 1]


def test_save_and_load_weights_round_trip_through_a_checkpoint(tmp_path):
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    before = model.get_weights()
    model.save_weights(str(tmp_path / "weights"))
    model.set_weights([np.zeros_like(w) for w in before])
    model.load_weights(str(tmp_path / "weights"))
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_summary_lists_layers_shapes_and_parameter_counts():
    model = keras.Sequential([keras.layers.Dense(3, input_shape=(4,)), keras.layers.Dense(1)])
    lines = []
    model.summary(print_fn=lines.append)
    assert lines[0] == 'Model: "sequential"'
    assert lines[4].split() == ["dense", "(Dense)", "(None,", "3)", "15"]
    assert "Total params: 19 (76.00 Byte)" in lines


def test_errors_match_legacy_keras_and_leave_the_session_usable():
    with pytest.raises(TypeError, match="Keyword argument not understood"):
        keras.layers.Dense(2, bogus=1)
    with pytest.raises(ValueError, match='Input 0 of layer "conv2d" is incompatible'):
        keras.layers.Conv2D(2, 3)(tf.ones([2, 3]))
    with pytest.raises(ValueError, match="Unknown loss function"):
        keras.losses.get("nonsense")
    layer = keras.layers.Dense(1)
    layer(tf.ones([1, 2]))
    with pytest.raises(ValueError, match="expecting 2 weights"):
        layer.set_weights([np.ones([2, 1], np.float32)])
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(np.ones([2, 2], np.float32), np.ones([2, 1], np.float32), verbose=0)
    np.testing.assert_allclose(model.predict(np.zeros([1, 2], np.float32)), [[0.0]])


def test_optimizer_slots_and_hyperparameters_are_named_as_keras_names_them():
    v = keras.backend.variable([1.0, 2.0], name="w")
    opt = keras.optimizers.Adam(0.1)
    step = opt.get_updates(tf.reduce_sum(tf.square(v)), [v])
    assert sorted(x.name for x in opt.variables()) == sorted(
        ["Adam/iter:0", "Adam/beta_1:0", "Adam/beta_2:0", "Adam/decay:0", "Adam/learning_rate:0", "Adam/w/m:0",
         "Adam/w/v:0"])
    sess = keras.backend.get_session()
    sess.run(step)
    np.testing.assert_allclose(sess.run(v), [0.9, 1.9], rtol=1e-5)


def test_to_categorical_and_regularizer_losses():
    np.testing.assert_array_equal(keras.utils.to_categorical([0, 2, 1]), np.eye(3, dtype=np.float32)[[0, 2, 1]])
    d = keras.layers.Dense(1, kernel_initializer="ones", kernel_regularizer=keras.regularizers.l2(0.5))
    d(tf.ones([1, 2]))
    assert d.losses[0].op.name == "dense/kernel/Regularizer/mul"
    np.testing.assert_allclose(keras.backend.get_session().run(d.losses[0]), 1.0)
