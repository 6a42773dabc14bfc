"""tf.layers as objects: a user's Layer subclass (build/call/add_weight/add_loss), Conv2D and pooling
attributes, layer.apply, a layer called in two name scopes, Flatten channels_first, Dropout class with a
tensor `training`, losses and updates of a layer, BatchNormalization attributes.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch
from _casekit import wave as _fixed, initialized_session as _init


def case_x_lobj_user_layer_subclass(tf):
    class Scale(tf.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight("w", [int(input_shape[-1])], initializer=tf.constant_initializer(2.0))
            self.c = self.add_weight("c", [], initializer=tf.zeros_initializer(), trainable=False)
            super().build(input_shape)

        def call(self, inputs):
            self.add_loss(tf.reduce_sum(self.w))
            return inputs * self.w + self.c

    layer = Scale(name="scale")
    y = layer(tf.constant([[1.0, 2.0]]))
    y2 = layer.apply(tf.constant([[3.0, 4.0]]))
    sess = _init(tf)
    return {"y": sess.run(y), "y2": sess.run(y2), "vars": [v.name for v in tf.global_variables()],
            "trainable": [v.name for v in layer.trainable_weights],
            "non_trainable": [v.name for v in layer.non_trainable_weights],
            "losses": len(layer.losses), "ops": [y.op.name, y2.op.name], "scope": layer.scope_name if hasattr(
                layer, "scope_name") else None}


def case_x_lobj_conv_attributes(tf):
    conv = tf.layers.Conv2D(4, (3, 2), strides=(2, 1), padding="same", name="c")
    pool = tf.layers.MaxPooling2D(2, 2, name="p")
    y = pool(conv(tf.ones([1, 6, 6, 3])))
    return {"kernel": conv.kernel.shape.as_list(), "bias": conv.bias.name, "filters": conv.filters,
            "kernel_size": list(conv.kernel_size), "strides": list(conv.strides), "padding": conv.padding,
            "data_format": conv.data_format, "pool_size": list(pool.pool_size), "y": y.shape.as_list(),
            "out_shape": conv.compute_output_shape(tf.TensorShape([2, 8, 8, 3])).as_list(),
            "pool_out": pool.compute_output_shape(tf.TensorShape([2, 8, 8, 3])).as_list()}


def case_x_lobj_layer_in_two_name_scopes(tf):
    layer = tf.layers.Dense(2, name="shared", kernel_initializer=tf.constant_initializer(0.5))
    with tf.name_scope("tower_0"):
        a = layer(tf.constant([[1.0, 1.0]]))
    with tf.name_scope("tower_1"):
        b = layer(tf.constant([[2.0, 2.0]]))
    sess = _init(tf)
    return {"ops": [a.op.name, b.op.name], "vars": [v.name for v in tf.global_variables()],
            "a": sess.run(a), "b": sess.run(b)}


def case_x_lobj_flatten_and_dropout_classes(tf):
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(1, 2, 3, 2))
    f_last = tf.layers.Flatten()(x)
    f_first = tf.layers.Flatten(data_format="channels_first")(x)
    training = tf.placeholder(tf.bool, [])
    d = tf.layers.Dropout(0.5, seed=1)(tf.ones([2, 4]), training=training)
    sess = tf.Session()
    return {"last": sess.run(f_last), "first": sess.run(f_first), "infer": sess.run(d, {training: False}),
            "train_values": sorted(set(sess.run(d, {training: True}).ravel().tolist())),
            "flatten_rank1": catch(lambda: tf.layers.flatten(tf.ones([3])).shape.as_list())}


def case_x_lobj_batch_norm_attributes_and_losses(tf):
    bn = tf.layers.BatchNormalization(axis=1, momentum=0.9, epsilon=0.01, center=False,
                                      gamma_regularizer=lambda g: tf.reduce_sum(g) * 0.1, name="bn")
    y = bn(tf.constant(_fixed([2, 3, 2], 1.0)), training=True)
    sess = _init(tf)
    return {"axis": bn.axis, "momentum": bn.momentum, "epsilon": bn.epsilon, "beta": bn.beta,
            "gamma": bn.gamma.name, "losses": sess.run(bn.losses), "updates": [u.name for u in bn.updates],
            "reg": [l.name for l in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)],
            "y": sess.run(y)}


def case_x_lobj_dense_kernel_constraint_and_get_config(tf):
    layer = tf.layers.Dense(2, kernel_constraint=lambda w: tf.clip_by_value(w, -0.1, 0.1),
                            kernel_initializer=tf.constant_initializer([[1.0, -1.0], [0.05, 0.0]]))
    y = layer(tf.constant([[1.0, 1.0]]))
    sess = _init(tf)
    cfg = layer.get_config() if hasattr(layer, "get_config") else {}
    return {"y": sess.run(y), "constraint_set": layer.kernel_constraint is not None,
            "cfg": {k: cfg.get(k) for k in ("units", "use_bias", "trainable")}}
