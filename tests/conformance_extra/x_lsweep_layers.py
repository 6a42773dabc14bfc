"""A sweep of tf.layers corners taken from tf_keras's legacy_tf_layers tests (core, convolutional,
normalization, pooling): scopes and reuse, regularizers and constraints, dtypes, data formats,
dilations, output shapes with unknown dims, 3-D layers, dropout arguments, batch normalization
options and its update ops.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has
from _casekit import variable_names as _names, wave


def _fixed(shape, scale=0.5, phase=0.0):
    return wave(shape, scale, phase, step=0.7)


def _session(tf):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i, v in enumerate(tf.global_variables()):
        if v.dtype.base_dtype.is_floating and "moving" not in v.name:
            sess.run(v.assign(_fixed(v.shape.as_list(), phase=float(i)).astype(v.dtype.base_dtype.as_numpy_dtype)))
    return sess


def case_x_lsweep_dense_scopes_and_reuse(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    with tf.variable_scope("outer"):
        a = tf.layers.dense(x, 2)
        b = tf.layers.dense(x, 2)
        c = tf.layers.dense(x, 2, name="my")
    with tf.variable_scope("outer", reuse=True):
        d = tf.layers.dense(x, 2, name="my")
    e = tf.layers.dense(x, 2, name="outer/my", reuse=tf.AUTO_REUSE)
    layer = tf.layers.Dense(2, name="cls")
    f = layer(x)
    g = layer(x)
    sess = _session(tf)
    return {"vars": _names(tf.global_variables()), "ops": [t.op.name for t in (a, b, c, d, e, f, g)],
            "same": bool(np.allclose(*sess.run([c, d]))), "layer_name": layer.name,
            "scope": layer.scope_name if hasattr(layer, "scope_name") else None}


def case_x_lsweep_dense_reuse_missing_error(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    with tf.variable_scope("s", reuse=True):
        return message_has(lambda: tf.layers.dense(x, 2, name="nope"), "does not exist", "s/nope/kernel")


def case_x_lsweep_dense_rank3_names_and_grad(tf):
    x = tf.constant(_fixed([2, 3, 4], 1.0))
    y = tf.layers.dense(x, 5, activation=tf.nn.relu, name="d3")
    g = tf.gradients(tf.reduce_sum(y * y), tf.trainable_variables())
    sess = _session(tf)
    return {"shape": y.shape.as_list(), "y": sess.run(y), "g": sess.run(g), "op": y.op.type,
            "vars": _names(tf.global_variables())}


def case_x_lsweep_dense_unknown_batch_rank3(tf):
    x = tf.placeholder(tf.float32, [None, None, 4])
    y = tf.layers.dense(x, 3)
    sess = _session(tf)
    return {"shape": y.shape.as_list(), "y": sess.run(y, {x: _fixed([2, 2, 4])})}


def case_x_lsweep_dense_regularizers_activity(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    layer = tf.layers.Dense(2, kernel_regularizer=lambda w: tf.reduce_sum(w) * 2.0,
                            bias_regularizer=lambda b: tf.reduce_sum(tf.abs(b)),
                            activity_regularizer=lambda a: tf.reduce_mean(a * a), name="reg")
    y = layer(x)
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = _session(tf)
    return {"n": len(losses), "layer_losses": len(layer.losses), "vals": sess.run(losses),
            "total": sess.run(tf.losses.get_regularization_loss()), "y": sess.run(y)}


def case_x_lsweep_dense_regularizer_none_result(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    tf.layers.dense(x, 2, kernel_regularizer=lambda w: None)
    return len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))


def case_x_lsweep_dense_constraints_applied_by_optimizer(tf):
    x = tf.constant(_fixed([4, 3], 1.0))
    y = tf.layers.dense(x, 2, kernel_constraint=lambda w: tf.clip_by_value(w, -0.1, 0.1),
                        bias_constraint=lambda b: b * 0.0, name="con")
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(y))
    sess = _session(tf)
    sess.run(train)
    return sess.run(tf.trainable_variables())


def case_x_lsweep_dense_trainable_false(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    layer = tf.layers.Dense(2, trainable=False, name="frozen")
    layer(x)
    return {"global": _names(tf.global_variables()), "trainable": _names(tf.trainable_variables()),
            "layer_trainable": _names(layer.trainable_weights), "non": _names(layer.non_trainable_weights),
            "opt": catch(lambda: tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(layer(x))))}


def case_x_lsweep_dense_dtypes(tf):
    x64 = tf.constant(_fixed([2, 3], 1.0).astype(np.float64))
    y64 = tf.layers.dense(x64, 2)
    x16 = tf.constant(_fixed([2, 3], 1.0).astype(np.float16))
    y16 = tf.layers.dense(x16, 2)
    xi = tf.constant(np.ones([2, 3], np.int32))
    yi = catch(lambda: tf.layers.dense(xi, 2).dtype.name)
    cast = tf.layers.Dense(2, dtype="float64", name="cast")
    yc = cast(tf.constant(_fixed([2, 3], 1.0)))
    sess = _session(tf)
    return {"dtypes": [y64.dtype.name, y16.dtype.name, yc.dtype.name], "int": yi,
            "vars": [(v.name, v.dtype.name) for v in tf.global_variables()], "y64": sess.run(y64),
            "y16": sess.run(y16)}


def case_x_lsweep_flatten_unknown(tf):
    a = tf.layers.flatten(tf.placeholder(tf.float32, [None, 2, 3]))
    b = tf.layers.flatten(tf.placeholder(tf.float32, [None, None, 3]))
    c = tf.layers.flatten(tf.placeholder(tf.float32, [4, None, 3]))
    d = tf.layers.flatten(tf.placeholder(tf.float32, [None]))
    e = tf.layers.flatten(tf.placeholder(tf.float32, [3, 2, 2]), data_format="channels_first")
    x = tf.placeholder(tf.float32, [None, None, 3])
    f = tf.layers.flatten(x)
    sess = tf.Session()
    return {"shapes": [t.shape.as_list() for t in (a, b, c, d, e)],
            "val": sess.run(f, {x: _fixed([2, 2, 3])}), "op": f.op.type}


def case_x_lsweep_dropout_noise_shape_seed_training(tf):
    x = tf.constant(np.ones([3, 4, 5], np.float32))
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, 0.5, noise_shape=[3, 1, 5], seed=7, training=training)
    z = tf.layers.dropout(x, 0.5, training=False)
    sess = tf.Session()
    on = sess.run(y, {training: True})
    off = sess.run(y, {training: False})
    return {"same_cols": bool(np.all(on == on[:, :1, :])), "values": sorted(set(on.ravel().tolist())),
            "off": off, "z_op": z.op.type, "shape": y.shape.as_list()}


def case_x_lsweep_dropout_layer_rate_one(tf):
    x = tf.constant(np.ones([2, 3], np.float32))
    y = tf.layers.dropout(x, 1.0, training=True)
    return {"y": catch(lambda: tf.Session().run(y))}


def case_x_lsweep_conv2d_dilation_strides_shapes(tf):
    x = tf.placeholder(tf.float32, [None, None, 9, 2])
    a = tf.layers.conv2d(x, 3, 3, dilation_rate=2, padding="same")
    b = tf.layers.conv2d(x, 3, [3, 2], strides=[2, 3], padding="valid")
    c = tf.layers.conv2d(x, 3, [3, 2], strides=[2, 3], padding="same")
    d = tf.layers.conv2d(x, 1, 3, dilation_rate=(2, 1), padding="valid")
    sess = _session(tf)
    feed = {x: _fixed([1, 7, 9, 2], 1.0)}
    return {"shapes": [t.shape.as_list() for t in (a, b, c, d)], "vals": sess.run([a, b, c, d], feed)}


def case_x_lsweep_conv2d_dilation_with_strides_error(tf):
    x = tf.constant(_fixed([1, 7, 7, 2]))
    return catch(lambda: tf.layers.conv2d(x, 3, 3, strides=2, dilation_rate=2))


def case_x_lsweep_conv_channels_first_cpu(tf):
    x = tf.constant(_fixed([1, 2, 5, 5], 1.0))
    y = tf.layers.conv2d(x, 3, 3, data_format="channels_first")
    p = tf.layers.max_pooling2d(x, 2, 2, data_format="channels_first")
    q = tf.layers.average_pooling2d(x, 2, 2, data_format="channels_first")
    sess = _session(tf)
    return {"shapes": [t.shape.as_list() for t in (y, p, q)], "vars": _names(tf.global_variables()),
            "y": catch(sess.run, y), "p": catch(sess.run, p), "q": catch(sess.run, q)}


def case_x_lsweep_conv1d_channels_first_and_dilation(tf):
    x = tf.constant(_fixed([2, 9, 3], 1.0))
    a = tf.layers.conv1d(x, 2, 3, dilation_rate=2, padding="same")
    b = tf.layers.conv1d(x, 2, 2, strides=2, padding="valid", use_bias=False)
    xf = tf.constant(_fixed([2, 3, 9], 1.0))
    c = tf.layers.conv1d(xf, 2, 3, data_format="channels_first")
    sess = _session(tf)
    return {"shapes": [t.shape.as_list() for t in (a, b, c)], "a": sess.run(a), "b": sess.run(b),
            "c": catch(sess.run, c), "vars": _names(tf.global_variables())}


def case_x_lsweep_conv3d_transpose_same_stride(tf):
    x = tf.constant(_fixed([1, 2, 3, 2, 2], 1.0))
    y = tf.layers.conv3d_transpose(x, 3, 3, strides=(2, 1, 2), padding="same", name="c3t")
    z = tf.layers.conv3d_transpose(x, 1, 2, strides=2, padding="valid", use_bias=False)
    u = tf.layers.conv3d_transpose(tf.placeholder(tf.float32, [None, None, 3, 2, 2]), 2, 3, strides=2)
    g = tf.gradients(tf.reduce_sum(y * y), tf.trainable_variables()[:2])
    sess = _session(tf)
    return {"shapes": [t.shape.as_list() for t in (y, z, u)], "y": sess.run(y), "z": sess.run(z),
            "g": sess.run(g), "vars": _names(tf.global_variables())}


def case_x_lsweep_separable_conv1d_multiplier(tf):
    x = tf.constant(_fixed([2, 8, 3], 1.0))
    y = tf.layers.separable_conv1d(x, 4, 3, depth_multiplier=2, strides=2, padding="same", name="sep")
    z = tf.layers.separable_conv1d(x, 2, 2, dilation_rate=2, activation=tf.nn.relu)
    g = tf.gradients(tf.reduce_sum(y), tf.trainable_variables()[:3])
    sess = _session(tf)
    return {"shapes": [t.shape.as_list() for t in (y, z)], "y": sess.run(y), "z": sess.run(z), "g": sess.run(g),
            "vars": _names(tf.global_variables())}


def case_x_lsweep_separable_conv2d_regularizers(tf):
    x = tf.constant(_fixed([1, 5, 5, 2], 1.0))
    tf.layers.separable_conv2d(x, 3, 3, depthwise_regularizer=lambda w: tf.reduce_sum(w),
                               pointwise_regularizer=lambda w: tf.reduce_sum(w * w),
                               bias_regularizer=lambda b: tf.reduce_sum(b) + 1.0)
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = _session(tf)
    return {"names": [l.op.name for l in losses], "vals": sess.run(losses)}


def case_x_lsweep_pooling3d_values(tf):
    x = tf.constant(_fixed([1, 4, 5, 3, 2], 1.0))
    a = tf.layers.max_pooling3d(x, 2, 2)
    b = tf.layers.average_pooling3d(x, [2, 3, 2], [1, 2, 1], padding="same")
    c = tf.layers.max_pooling3d(x, [3, 2, 2], 1, padding="same")
    g = tf.gradients(tf.reduce_sum(a) + tf.reduce_sum(b * b), x)[0]
    sess = tf.Session()
    return {"shapes": [t.shape.as_list() for t in (a, b, c)], "vals": sess.run([a, b, c]), "g": sess.run(g),
            "ops": [t.op.type for t in (a, b, c)]}


def case_x_lsweep_pooling_unknown_dims_shapes(tf):
    x = tf.placeholder(tf.float32, [None, None, 7, 3])
    a = tf.layers.max_pooling2d(x, 3, 2)
    b = tf.layers.average_pooling2d(x, 3, 2, padding="same")
    y = tf.placeholder(tf.float32, [None, 9, None])
    c = tf.layers.max_pooling1d(y, 2, 2)
    d = tf.layers.average_pooling1d(y, 4, 3, padding="same")
    return [t.shape.as_list() for t in (a, b, c, d)] + [[t.op.name for t in (a, b, c, d)]]


def case_x_lsweep_pooling_bad_args(tf):
    x = tf.constant(_fixed([1, 4, 4, 1]))
    return {"pool_size": catch(lambda: tf.layers.max_pooling2d(x, [2, 2, 2], 1)),
            "padding": catch(lambda: tf.layers.max_pooling2d(x, 2, 1, padding="full")),
            "format": catch(lambda: tf.layers.max_pooling2d(x, 2, 1, data_format="nhwc")),
            "rank": catch(lambda: tf.layers.max_pooling2d(tf.constant(_fixed([4, 4, 1])), 2, 1))}


def case_x_lsweep_batch_norm_axis1_not_fused(tf):
    x = tf.constant(_fixed([4, 3, 2, 2], 2.0))
    layer = tf.layers.BatchNormalization(axis=1, momentum=0.8, name="bn1")
    y = layer(x, training=True)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = sess.run([y] + updates)[0]
    return {"y": out, "moving": sess.run(layer.moving_mean), "var": sess.run(layer.moving_variance),
            "n_updates": len(updates), "layer_updates": len(layer.updates), "fused": layer.fused,
            "vars": _names(tf.global_variables())}


def case_x_lsweep_batch_norm_fused_true_and_false(tf):
    x = tf.constant(_fixed([3, 2, 2, 4], 2.0))
    outs = []
    for fused in (True, False):
        layer = tf.layers.BatchNormalization(fused=fused, momentum=0.5, epsilon=0.01)
        outs.append((layer, layer(x, training=True)))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    return {"y": sess.run([o for _, o in outs]), "mm": sess.run([l.moving_mean for l, _ in outs]),
            "mv": sess.run([l.moving_variance for l, _ in outs]), "types": [o.op.type for _, o in outs],
            "n_updates": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}


def case_x_lsweep_batch_norm_fused_bad_axis_error(tf):
    x = tf.constant(_fixed([3, 2, 2, 4], 2.0))
    return catch(lambda: tf.layers.batch_normalization(x, axis=2, fused=True))


def case_x_lsweep_batch_norm_renorm_clipping(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    layer = tf.layers.BatchNormalization(renorm=True, renorm_clipping={"rmax": 1.5, "rmin": 0.5, "dmax": 0.3},
                                         renorm_momentum=0.9, momentum=0.7)
    y = layer(x, training=True)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    first = sess.run(y)
    sess.run(updates)
    second = sess.run(y)
    return {"first": first, "second": second, "vars": _names(tf.global_variables()),
            "trainable": _names(tf.trainable_variables()), "n": len(updates),
            "values": sess.run(tf.global_variables())}


def case_x_lsweep_batch_norm_adjustment(tf):
    x = tf.constant(_fixed([4, 2, 3], 2.0))

    def adjustment(shape):
        return tf.ones([shape[-1]]) * 2.0, tf.ones([shape[-1]]) * 0.5

    y = tf.layers.batch_normalization(x, adjustment=adjustment, training=True)
    z = tf.layers.batch_normalization(x, adjustment=adjustment, training=False)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"y": sess.run(y), "z": sess.run(z)}


def case_x_lsweep_batch_norm_virtual_batch_errors(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    return {"not_divisor": catch(lambda: tf.layers.batch_normalization(x, virtual_batch_size=3, training=True)),
            "axis0": catch(lambda: tf.layers.batch_normalization(x, axis=0, virtual_batch_size=2)),
            "renorm": catch(lambda: tf.layers.batch_normalization(x, virtual_batch_size=2, renorm=True))}


def case_x_lsweep_batch_norm_virtual_batch_4d(tf):
    x = tf.constant(_fixed([4, 2, 2, 3], 2.0))
    layer = tf.layers.BatchNormalization(virtual_batch_size=2, momentum=0.5)
    y = layer(x, training=True)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    return {"y": sess.run(y), "mm": sess.run(layer.moving_mean), "mv": sess.run(layer.moving_variance),
            "shape": y.shape.as_list()}


def case_x_lsweep_batch_norm_gradients_center_scale(tf):
    x = tf.constant(_fixed([5, 3], 2.0))
    y = tf.layers.batch_normalization(x, training=True, center=False)
    z = tf.layers.batch_normalization(x, training=True, scale=False)
    gx = tf.gradients(tf.reduce_sum(y * z * y), [x] + tf.trainable_variables())
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"g": sess.run(gx), "trainable": _names(tf.trainable_variables())}


def case_x_lsweep_batch_norm_in_reused_scope(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    with tf.variable_scope("net"):
        a = tf.layers.batch_normalization(x, training=True, name="bn")
    with tf.variable_scope("net", reuse=True):
        b = tf.layers.batch_normalization(x, training=False, name="bn")
    return {"vars": _names(tf.global_variables()), "updates": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)),
            "ops": [a.op.name, b.op.name]}


def case_x_lsweep_layer_call_in_name_scope_and_variable_scope(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    with tf.name_scope("ns"):
        a = tf.layers.dense(x, 2)
    with tf.variable_scope("vs"):
        with tf.name_scope("inner"):
            b = tf.layers.conv1d(tf.reshape(x, [2, 3, 1]), 1, 2)
    layer = tf.layers.Dense(1, _scope="explicit")
    c = layer(x)
    return {"vars": _names(tf.global_variables()), "ops": [a.op.name, b.op.name, c.op.name]}
