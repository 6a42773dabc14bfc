"""tf.layers' 3-D convolution and pooling layers: variables, shapes, channels_first, training."""
import numpy as np

import tfsess as tf


def test_conv3d_layer_variables_shapes_and_training_step():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4, 5, 6, 2])
        y = tf.layers.conv3d(x, 3, (2, 3, 2), strides=(1, 2, 2), padding="same", activation=tf.nn.relu)
        z = tf.layers.max_pooling3d(y, 2, 2)
        up = tf.layers.conv3d_transpose(z, 2, 2, strides=2)
        assert [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()] == [
            ("conv3d/kernel", [2, 3, 2, 2, 3]), ("conv3d/bias", [3]),
            ("conv3d_transpose/kernel", [2, 2, 2, 2, 3]), ("conv3d_transpose/bias", [2])]
        assert y.shape.as_list() == [None, 4, 3, 3, 3]
        assert z.shape.as_list() == [None, 2, 1, 1, 3]
        assert up.shape.as_list() == [None, 4, 2, 2, 2]
        loss = tf.reduce_mean(tf.square(up))
        step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        feed = {x: np.random.default_rng(0).standard_normal((2, 4, 5, 6, 2))}
        before = sess.run(loss, feed)
        for _ in range(3):
            sess.run(step, feed)
        assert sess.run(loss, feed) < before


def test_channels_first_pooling_equals_channels_last():
    data = np.random.default_rng(1).standard_normal((2, 3, 4, 5, 6)).astype(np.float32)
    with tf.Graph().as_default():
        first = tf.layers.AveragePooling3D(2, (1, 2, 2), padding="same", data_format="channels_first")(data)
        last = tf.layers.average_pooling3d(np.transpose(data, (0, 2, 3, 4, 1)), 2, (1, 2, 2), padding="same")
        a, b = tf.Session().run([first, tf.transpose(last, [0, 4, 1, 2, 3])])
    np.testing.assert_allclose(a, b, rtol=1e-6)
