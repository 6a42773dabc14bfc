"""More tf.layers corners: batch normalization over several axes, in float16, called twice; name clashes;
dropout noise shapes with unknown entries; transposed convolutions of unknown sizes; channels-first pooling.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has
from _casekit import variable_names as _names, wave


def _fixed(shape, scale=0.5, phase=0.0):
    return wave(shape, scale, phase, step=0.7)


def case_x_lsweep_batch_norm_axis_list(tf):
    x = tf.constant(_fixed([4, 2, 3, 2], 2.0))
    layer = tf.layers.BatchNormalization(axis=[1, 3], momentum=0.5)
    y = layer(x, training=True)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    return {"y": sess.run(y), "vars": _names(tf.global_variables()), "mm": sess.run(layer.moving_mean),
            "fused": layer.fused}


def case_x_lsweep_batch_norm_float16(tf):
    x = tf.constant(_fixed([4, 2, 2, 3], 2.0).astype(np.float16))
    layer = tf.layers.BatchNormalization()
    y = layer(x, training=True)
    z = tf.layers.batch_normalization(tf.constant(_fixed([4, 3], 2.0).astype(np.float16)), training=True)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"dtypes": [y.dtype.name, z.dtype.name], "vars": [(v.name, v.dtype.name) for v in tf.global_variables()],
            "y": sess.run(y).astype(np.float32), "z": sess.run(z).astype(np.float32), "fused": layer.fused}


def case_x_lsweep_batch_norm_called_twice(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    layer = tf.layers.BatchNormalization(momentum=0.5)
    a = layer(x, training=True)
    b = layer(x * 2.0, training=True)
    c = layer(x)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for update in updates:  # one at a time: TF runs independent assignments of one step in no set order
        sess.run(update)
    return {"n": len(updates), "layer_updates": len(layer.updates), "names": [u.name for u in updates],
            "mm": sess.run(layer.moving_mean), "vals": sess.run([a, b, c])}


def case_x_lsweep_dense_name_clash(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    tf.layers.dense(x, 2, name="d")
    return message_has(lambda: tf.layers.dense(x, 2, name="d"), "Variable d/kernel already exists")


def case_x_lsweep_dropout_noise_shape_none_entries(tf):
    x = tf.constant(np.ones([3, 4, 5], np.float32))
    y = tf.layers.dropout(x, 0.5, noise_shape=[None, 1, None], seed=3, training=True)
    layer = tf.layers.Dropout(0.25, noise_shape=[3, 4, 1])
    z = layer(x, training=True)
    sess = tf.Session()
    vy, vz = sess.run([y, z])
    return {"y_cols": bool(np.all(vy == vy[:, :1, :])), "z_rows": bool(np.all(vz == vz[:, :, :1])),
            "vals": sorted(set(vy.ravel().tolist()) | set(vz.ravel().tolist())), "rate": layer.rate}


def case_x_lsweep_conv2d_transpose_unknown_sizes(tf):
    x = tf.placeholder(tf.float32, [None, None, None, 2])
    a = tf.layers.conv2d_transpose(x, 3, 3, strides=2, padding="same")
    b = tf.layers.conv2d_transpose(x, 1, [2, 3], strides=[1, 2], padding="valid")
    y = tf.placeholder(tf.float32, [2, 3, None, 2])
    c = tf.layers.conv2d_transpose(y, 2, 3, strides=2)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    feed = {x: _fixed([1, 3, 2, 2]), y: _fixed([2, 3, 4, 2])}
    return {"shapes": [t.shape.as_list() for t in (a, b, c)],
            "run_shapes": [list(v.shape) for v in sess.run([a, b, c], feed)]}


def case_x_lsweep_pooling_channels_first(tf):
    x = tf.constant(_fixed([1, 2, 6], 1.0))
    a = tf.layers.max_pooling1d(x, 2, 2, data_format="channels_first")
    b = tf.layers.average_pooling1d(x, 3, 1, padding="same", data_format="channels_first")
    sess = tf.Session()
    return {"shapes": [a.shape.as_list(), b.shape.as_list()], "a": catch(sess.run, a), "b": catch(sess.run, b)}


def case_x_lsweep_layer_subclass_weights_losses(tf):
    class Scale(tf.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight("w", [input_shape[-1]], initializer=tf.ones_initializer(),
                                     regularizer=lambda v: tf.reduce_sum(v) * 0.1)
            self.c = self.add_weight("count", [], initializer=tf.zeros_initializer(), trainable=False)
            super().build(input_shape)

        def call(self, inputs):
            self.add_update(tf.assign_add(self.c, 1.0))
            self.add_loss(tf.reduce_mean(inputs))
            return inputs * self.w

    layer = Scale(name="scale")
    y = layer(tf.constant(_fixed([2, 3], 1.0)))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    reg = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    return {"vars": _names(tf.global_variables()), "trainable": _names(tf.trainable_variables()),
            "losses": sess.run(layer.losses), "reg": sess.run(reg), "n_updates": len(layer.updates),
            "collection_updates": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)), "y": sess.run(y),
            "built": layer.built}


def case_x_lsweep_separable_conv2d_channels_first_shapes(tf):
    x = tf.placeholder(tf.float32, [None, 2, 7, 6])
    y = tf.layers.separable_conv2d(x, 4, [3, 2], depth_multiplier=3, data_format="channels_first",
                                   strides=(2, 1), padding="same")
    return {"shape": y.shape.as_list(), "vars": _names(tf.global_variables())}
