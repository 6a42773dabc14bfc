"""More tf.layers probes: regularizers (kernel/bias/activity) and their collection, name reuse and
uniquification, channels_first convolutions and pooling, conv1d/separable_conv2d/conv2d_transpose
arguments, batch_normalization variants (renorm, fused, axis, center/scale off, virtual names),
layer objects (weights, built, trainable=False) and argument errors.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch
from _casekit import wave as _fixed, variable_names as _names, initialized_session as _init


def case_x_layers_dense_regularizers_collection(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(_fixed([3, 2])),
                        kernel_regularizer=lambda w: 0.5 * tf.reduce_sum(tf.square(w)),
                        bias_regularizer=lambda b: tf.reduce_sum(tf.abs(b)) + 1.0,
                        activity_regularizer=lambda a: 0.1 * tf.reduce_sum(a))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = _init(tf)
    return {"n": len(losses), "values": sess.run(losses), "names": sorted(l.op.name for l in losses),
            "total": sess.run(tf.losses.get_regularization_loss()), "y": sess.run(y)}


def case_x_layers_l2_regularizer_contrib_style(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(_fixed([3, 2])),
                    kernel_regularizer=tf.keras.regularizers.l2(0.01) if False else
                    (lambda w: tf.nn.l2_loss(w) * 0.01), name="d")
    sess = _init(tf)
    return {"reg": sess.run(tf.losses.get_regularization_losses()),
            "total": sess.run(tf.losses.get_regularization_loss(name="tot")),
            "empty_scope": sess.run(tf.losses.get_regularization_loss(scope="nothing"))}


def case_x_layers_name_uniquification(tf):
    x = tf.constant([[1.0, 2.0]])
    a = tf.layers.dense(x, 1)
    b = tf.layers.dense(x, 1)
    c = tf.layers.dense(x, 1, name="fc")
    d = tf.layers.dense(x, 1, name="fc", reuse=tf.AUTO_REUSE)
    with tf.variable_scope("s"):
        e = tf.layers.dense(x, 1)
        f = tf.layers.conv1d(tf.ones([1, 4, 2]), 1, 2)
    return {"vars": _names(tf.global_variables()), "ops": [t.op.name for t in (a, b, c, d, e, f)]}


def case_x_layers_dense_class_attributes(tf):
    layer = tf.layers.Dense(3, activation=tf.nn.tanh, name="proj",
                            kernel_initializer=tf.constant_initializer(_fixed([2, 3])))
    before = layer.built
    y = layer(tf.constant([[1.0, -1.0]]))
    y2 = layer(tf.constant([[0.5, 0.5]]))
    sess = _init(tf)
    return {"before": before, "after": layer.built, "weights": [w.name for w in layer.weights],
            "trainable": [w.name for w in layer.trainable_weights],
            "non_trainable": [w.name for w in layer.non_trainable_weights],
            "units": layer.units, "y": sess.run(y), "y2": sess.run(y2), "n_vars": len(tf.global_variables()),
            "kernel_shape": layer.kernel.shape.as_list(), "name": layer.name}


def case_x_layers_trainable_false(tf):
    x = tf.constant([[1.0, 2.0]])
    tf.layers.dense(x, 2, trainable=False, name="frozen")
    tf.layers.batch_normalization(tf.ones([2, 2]), trainable=False, name="bnf")
    return {"trainable": _names(tf.trainable_variables()), "global": _names(tf.global_variables())}


def case_x_layers_conv2d_channels_first_shapes(tf):
    x = tf.placeholder(tf.float32, [None, 2, 6, 5])
    y = tf.layers.conv2d(x, 4, 3, data_format="channels_first", padding="same")
    p = tf.layers.max_pooling2d(x, 2, 2, data_format="channels_first")
    a = tf.layers.average_pooling2d(x, 3, 1, data_format="channels_first", padding="same")
    f = tf.layers.flatten(tf.placeholder(tf.float32, [None, 2, 3, 4]))
    return {"shapes": [y.shape.as_list(), p.shape.as_list(), a.shape.as_list(), f.shape.as_list()],
            "vars": _names(tf.global_variables())}


def case_x_layers_conv1d_variants(tf):
    x = tf.constant(_fixed([2, 7, 3], 1.0))
    k = tf.constant_initializer(_fixed([3, 3, 2], phase=2.0))
    a = tf.layers.conv1d(x, 2, 3, strides=2, padding="same", kernel_initializer=k)
    b = tf.layers.conv1d(x, 2, 3, dilation_rate=2, kernel_initializer=k, use_bias=False, activation=tf.nn.relu)
    sess = _init(tf)
    return {"a": sess.run(a), "b": sess.run(b), "vars": _names(tf.global_variables()),
            "shapes": [a.shape.as_list(), b.shape.as_list()]}


def case_x_layers_pooling1d_and_same(tf):
    x = tf.constant(_fixed([1, 7, 2], 1.0))
    mp = tf.layers.max_pooling1d(x, 3, 2, padding="same")
    ap = tf.layers.average_pooling1d(x, 3, 2, padding="same")
    ap2 = tf.layers.average_pooling2d(tf.constant(_fixed([1, 5, 5, 1], 1.0)), 3, 2, padding="same")
    sess = tf.Session()
    return {"mp": sess.run(mp), "ap": sess.run(ap), "ap2": sess.run(ap2)}


def case_x_layers_separable_conv2d(tf):
    x = tf.constant(_fixed([1, 5, 5, 2], 1.0))
    y = tf.layers.separable_conv2d(x, 3, 3, depth_multiplier=2, padding="same",
                                   depthwise_initializer=tf.constant_initializer(_fixed([3, 3, 2, 2])),
                                   pointwise_initializer=tf.constant_initializer(_fixed([1, 1, 4, 3], phase=1.0)))
    sess = _init(tf)
    return {"y": sess.run(y), "vars": _names(tf.global_variables()), "shape": y.shape.as_list()}


def case_x_layers_separable_conv1d(tf):
    x = tf.constant(_fixed([1, 6, 2], 1.0))
    y = tf.layers.separable_conv1d(x, 2, 3, depthwise_initializer=tf.constant_initializer(0.5),
                                   pointwise_initializer=tf.constant_initializer(_fixed([1, 2, 2])))
    sess = _init(tf)
    return {"y": sess.run(y), "vars": _names(tf.global_variables())}


def case_x_layers_conv2d_transpose_strides_valid(tf):
    x = tf.constant(_fixed([1, 3, 3, 2], 1.0))
    k = tf.constant_initializer(_fixed([3, 3, 1, 2], phase=0.5))
    a = tf.layers.conv2d_transpose(x, 1, 3, strides=2, padding="valid", kernel_initializer=k)
    b = tf.layers.conv2d_transpose(x, 1, 3, strides=2, padding="same", kernel_initializer=k)
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    c = tf.layers.conv2d_transpose(p, 3, 2, strides=(2, 1))
    sess = _init(tf)
    return {"a": sess.run(a), "b": sess.run(b), "shapes": [a.shape.as_list(), b.shape.as_list(), c.shape.as_list()],
            "vars": _names(tf.global_variables())}


def case_x_layers_batch_norm_axis_and_flags(tf):
    x = tf.constant(_fixed([3, 2, 4], 2.0) + 1.0)
    a = tf.layers.batch_normalization(x, axis=1, training=True, center=False, name="a")
    b = tf.layers.batch_normalization(x, axis=-1, training=True, scale=False, epsilon=0.1, name="b")
    sess = _init(tf)
    return {"a": sess.run(a), "b": sess.run(b), "vars": _names(tf.global_variables()),
            "trainable": _names(tf.trainable_variables()),
            "updates": sorted(o.name for o in tf.get_collection(tf.GraphKeys.UPDATE_OPS))[:2]}


def case_x_layers_batch_norm_fused_4d(tf):
    x = tf.constant(_fixed([2, 3, 3, 2], 2.0, 0.3) + 0.5)
    y = tf.layers.batch_normalization(x, training=True, fused=True, momentum=0.5)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        y = tf.identity(y)
    sess = _init(tf)
    out = sess.run(y)
    mm, mv = [v for v in tf.global_variables() if "moving" in v.name]
    return {"y": out, "mm": sess.run(mm), "mv": sess.run(mv)}


def case_x_layers_batch_norm_renorm(tf):
    x = tf.constant(_fixed([4, 3], 2.0) + 1.0)
    y = tf.layers.batch_normalization(x, training=True, renorm=True, renorm_momentum=0.9,
                                      renorm_clipping={"rmax": 2.0, "rmin": 0.5, "dmax": 1.0})
    upd = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(upd):
        y = tf.identity(y)
    sess = _init(tf)
    first = sess.run(y)
    second = sess.run(y)
    return {"vars": _names(tf.global_variables()), "first": first, "second": second,
            "moving": {v.name: sess.run(v) for v in tf.global_variables() if "moving" in v.name or "renorm" in v.name}}


def case_x_layers_batch_norm_inference_after_training(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    train = tf.placeholder_with_default(False, [])
    y = tf.layers.batch_normalization(x, training=train, momentum=0.5)
    upd = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess = _init(tf)
    data = _fixed([5, 2], 3.0) + 2.0
    for _ in range(3):
        sess.run([y] + upd, {x: data, train: True})
    return {"infer": sess.run(y, {x: data}), "train": sess.run(y, {x: data, train: True})}


def case_x_layers_batch_norm_class_and_reuse(tf):
    bn = tf.layers.BatchNormalization(name="bn", momentum=0.8)
    x = tf.constant(_fixed([3, 2], 1.0))
    y1 = bn(x, training=True)
    y2 = bn(x * 2.0, training=False)
    sess = _init(tf)
    return {"y1": sess.run(y1), "y2": sess.run(y2), "updates": len(bn.updates),
            "vars": _names(tf.global_variables()), "gamma": bn.gamma.name}


def case_x_layers_dropout_noise_shape_and_rate_errors(tf):
    x = tf.ones([4, 3])
    d = tf.layers.dropout(x, rate=0.5, noise_shape=[4, 1], training=True, seed=3)
    sess = tf.Session()
    v = sess.run(d)
    return {"rows_uniform": bool(all(len(set(r.tolist())) == 1 for r in v)), "values": sorted(set(v.ravel().tolist())),
            "rate_zero": sess.run(tf.layers.dropout(x, rate=0.0, training=True)),
            "rate_one": catch(lambda: sess.run(tf.layers.dropout(x, rate=1.0, training=True)))}


def case_x_layers_argument_errors(tf):
    x = tf.ones([1, 4, 4, 2])
    return {
        "bad_padding": catch(tf.layers.conv2d, x, 2, 3, padding="full"),
        "bad_data_format": catch(tf.layers.conv2d, x, 2, 3, data_format="NHWC"),
        "kernel_size_3": catch(tf.layers.conv2d, x, 2, [3, 3, 3]),
        "conv2d_rank3": catch(tf.layers.conv2d, tf.ones([4, 4, 2]), 2, 3),
        "dense_int_input": catch(lambda: tf.layers.dense(tf.ones([2, 2], tf.int32), 2)),
        "pool_bad_size": catch(tf.layers.max_pooling2d, x, [2, 2, 2], 1),
    }


def case_x_layers_conv_gradients_channels_last_strided(tf):
    x = tf.constant(_fixed([1, 5, 5, 2], 1.0))
    y = tf.layers.conv2d(x, 2, 3, strides=2, padding="same",
                         kernel_initializer=tf.constant_initializer(_fixed([3, 3, 2, 2], phase=1.0)))
    p = tf.layers.max_pooling2d(y, 2, 1)
    loss = tf.reduce_sum(p * p)
    gs = tf.gradients(loss, [x] + tf.trainable_variables())
    sess = _init(tf)
    return {"grads": sess.run(gs)}


def case_x_layers_dense_float64_and_rank4(tf):
    x = tf.constant(_fixed([2, 2, 1, 3], 1.0).astype(np.float64))
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(_fixed([3, 2])))
    sess = _init(tf)
    return {"y": sess.run(y), "dtype": y.dtype.name, "kdtype": tf.global_variables()[0].dtype.name,
            "shape": y.shape.as_list()}
