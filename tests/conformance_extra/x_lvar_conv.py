"""Variations of the public layers_conv cases: tf.layers conv2d / pooling / conv2d_transpose /
batch_normalization with other dtypes, paddings, strides, dilations, unknown dims, names and
scopes, initializers, trainable flags, training flags as bools and tensors, UPDATE_OPS and
gradients.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has


def _fixed(shape, scale=0.5, phase=0.0):
    n = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(1, n + 1) * 0.9 + phase) * scale).reshape(shape).astype(np.float32)


def _names(vs):
    return [(v.name, v.shape.as_list()) for v in vs]


def _img(shape=(2, 5, 5, 2)):
    return np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape) / 10.0


def _init_run(tf):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess


def case_x_lvar_conv2d_float64_and_float16(tf):
    k = _fixed([3, 3, 2, 3])
    x64 = tf.constant(_img().astype(np.float64))
    y64 = tf.layers.conv2d(x64, 3, 3, padding="same", kernel_initializer=tf.constant_initializer(k))
    x16 = tf.constant(_img().astype(np.float16))
    y16 = tf.layers.conv2d(x16, 3, 3, kernel_initializer=tf.constant_initializer(k), name="half")
    sess = _init_run(tf)
    return {"y64": sess.run(y64), "y16": sess.run(y16), "dtypes": [y64.dtype.name, y16.dtype.name],
            "var_dtypes": [v.dtype.base_dtype.name for v in tf.global_variables()],
            "vars": _names(tf.global_variables()), "shapes": [y64.shape.as_list(), y16.shape.as_list()]}


def case_x_lvar_conv2d_names_scopes_and_ops(tf):
    x = tf.constant(_img())
    with tf.variable_scope("net"):
        a = tf.layers.conv2d(x, 2, 3)
        b = tf.layers.conv2d(x, 2, 3, activation=tf.nn.relu, name="c")
        c = tf.layers.conv2d(x, 2, 3, use_bias=False)
    with tf.name_scope("ns"):
        d = tf.layers.conv2d(x, 2, 1)
    return {"ops": [t.op.name for t in (a, b, c, d)], "types": [t.op.type for t in (a, b, c, d)],
            "vars": _names(tf.global_variables()),
            "trainable": len(tf.trainable_variables())}


def case_x_lvar_conv2d_same_strides_shapes(tf):
    x = tf.constant(_img((1, 7, 6, 2)))
    k = tf.constant_initializer(_fixed([3, 3, 2, 2], phase=0.3))
    s3 = tf.layers.conv2d(x, 2, 3, strides=3, padding="same", kernel_initializer=k)
    s12 = tf.layers.conv2d(x, 2, 3, strides=(1, 2), padding="same", kernel_initializer=k)
    v31 = tf.layers.conv2d(x, 2, (3, 1), strides=(2, 3), padding="valid", kernel_initializer=k,
                           activation=tf.nn.elu)
    sess = _init_run(tf)
    return {"s3": sess.run(s3), "s12": sess.run(s12), "v31": sess.run(v31),
            "shapes": [t.shape.as_list() for t in (s3, s12, v31)], "vars": _names(tf.global_variables())}


def case_x_lvar_conv2d_unknown_spatial_dims(tf):
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    q = tf.placeholder(tf.float32, [3, None, 6, 2])
    k = tf.constant_initializer(_fixed([2, 2, 2, 1]))
    a = tf.layers.conv2d(p, 1, 2, strides=2, kernel_initializer=k)
    b = tf.layers.conv2d(q, 1, 2, dilation_rate=(1, 2), padding="same", kernel_initializer=k)
    c = tf.layers.conv2d(q, 1, 2, dilation_rate=2, kernel_initializer=k)
    sess = _init_run(tf)
    return {"static": [t.shape.as_list() for t in (a, b, c)],
            "a": sess.run(a, {p: _img((1, 5, 5, 2))}),
            "c": sess.run(c, {q: _img((3, 4, 6, 2))})}


def case_x_lvar_conv2d_dilation_same_values(tf):
    x = tf.constant(_img((1, 6, 6, 2)))
    k = tf.constant_initializer(_fixed([3, 2, 2, 2], phase=1.1))
    y = tf.layers.conv2d(x, 2, (3, 2), dilation_rate=(2, 1), padding="same", kernel_initializer=k,
                         bias_initializer=tf.constant_initializer(0.25))
    sess = _init_run(tf)
    return {"y": sess.run(y), "static": y.shape.as_list()}


def case_x_lvar_conv2d_bad_arguments_more(tf):
    x = tf.zeros([1, 4, 4, 1])
    return {
        "bad_format": catch(tf.layers.conv2d, x, 1, 2, data_format="NHWC"),
        "unknown_channels": message_has(lambda: tf.layers.conv2d(tf.placeholder(tf.float32, [1, 4, 4, None]), 1, 2),
                                        "channel dimension", "should be defined"),
        "three_kernel_dims": catch(tf.layers.conv2d, x, 1, (2, 2, 2)),
        "zero_stride": catch(tf.layers.conv2d, x, 1, 2, strides=0),
        "kernel_too_big_strided": catch(tf.layers.conv2d, x, 1, (5, 1), strides=2),
        "vars_after": len(tf.global_variables()),
    }


def case_x_lvar_conv2d_rank5_input(tf):
    x = tf.constant(_img((2, 3, 4, 4, 2)))
    y = tf.layers.conv2d(x, 2, 2, kernel_initializer=tf.constant_initializer(_fixed([2, 2, 2, 2])),
                         bias_initializer=tf.constant_initializer([0.5, -0.5]))
    p = tf.placeholder(tf.float32, [None, 3, 4, 4, 2])
    z = tf.layers.conv2d(p, 1, 3, padding="same", use_bias=False, activation=tf.nn.relu,
                         kernel_initializer=tf.constant_initializer(_fixed([3, 3, 2, 1], phase=0.5)))
    sess = _init_run(tf)
    return {"y": sess.run(y), "static": [y.shape.as_list(), z.shape.as_list()], "ops": [y.op.name, z.op.name],
            "z": sess.run(z, {p: _img((1, 3, 4, 4, 2))}), "vars": _names(tf.global_variables()),
            "pool_rank5": catch(tf.layers.max_pooling2d, x, 2, 2),
            "transpose_rank5": catch(tf.layers.conv2d_transpose, x, 1, 2)}


def case_x_lvar_conv2d_int_input(tf):
    x = tf.reshape(tf.range(16), [1, 4, 4, 1])
    y = tf.layers.conv2d(x, 1, 2, kernel_initializer=tf.constant_initializer(2),
                         bias_initializer=tf.constant_initializer(1))
    z = tf.layers.conv2d(x, 2, 2)
    sess = _init_run(tf)
    return {"y": sess.run(y), "z": sess.run(z), "dtypes": [y.dtype.name, z.dtype.name],
            "var_dtypes": [v.dtype.base_dtype.name for v in tf.global_variables()],
            "pool": sess.run(tf.layers.max_pooling2d(x, 2, 2))}


def case_x_lvar_pooling_dtypes_and_names(tf):
    x64 = tf.constant(_img().astype(np.float64))
    x16 = tf.constant(_img().astype(np.float16))
    a = tf.layers.max_pooling2d(x64, 2, 1)
    b = tf.layers.average_pooling2d(x16, 3, 2, padding="same", name="avgp")
    c = tf.layers.max_pooling2d(x16, (2, 3), (2, 1), padding="valid")
    sess = tf.Session()
    return {"a": sess.run(a), "b": sess.run(b), "c": sess.run(c),
            "dtypes": [t.dtype.name for t in (a, b, c)], "ops": [t.op.name for t in (a, b, c)],
            "types": [t.op.type for t in (a, b, c)], "shapes": [t.shape.as_list() for t in (a, b, c)]}


def case_x_lvar_pooling_unknown_and_errors(tf):
    p = tf.placeholder(tf.float32, [None, None, 9, 3])
    shapes = [tf.layers.max_pooling2d(p, 3, 2).shape.as_list(),
              tf.layers.average_pooling2d(p, 2, 3, padding="same").shape.as_list(),
              tf.layers.max_pooling2d(p, (1, 4), 4).shape.as_list()]
    x = tf.constant(_img())
    sess = tf.Session()
    fed = sess.run(tf.layers.max_pooling2d(p, 2, 2), {p: _img((1, 4, 9, 3))})
    return {"shapes": shapes, "fed": fed,
            "bad_padding": catch(tf.layers.max_pooling2d, x, 2, 2, padding="full"),
            "rank3": catch(tf.layers.average_pooling2d, tf.zeros([5, 5, 2]), 2, 2),
            "three_sizes": catch(tf.layers.max_pooling2d, x, (2, 2, 2), 2),
            "too_big": catch(tf.layers.max_pooling2d, x, 6, 1)}


def case_x_lvar_pooling_gradients(tf):
    x = tf.constant(_fixed([1, 5, 5, 2], 1.0))
    m = tf.layers.max_pooling2d(x, 3, 2, padding="same")
    a = tf.layers.average_pooling2d(x, 2, 2)
    gm, ga = tf.gradients([tf.reduce_sum(m * m), tf.reduce_sum(a)], x)[0], tf.gradients(tf.reduce_sum(a), x)[0]
    sess = tf.Session()
    return {"gm": sess.run(gm), "ga": sess.run(ga)}


def case_x_lvar_conv2d_transpose_more(tf):
    x = tf.constant(_fixed([1, 3, 3, 2], 1.0))
    k = tf.constant_initializer(_fixed([3, 3, 2, 2], phase=0.5))
    s3 = tf.layers.conv2d_transpose(x, 2, 3, strides=3, padding="same", kernel_initializer=k)
    s21 = tf.layers.conv2d_transpose(x, 2, 3, strides=(2, 1), kernel_initializer=k, activation=tf.nn.relu,
                                     bias_initializer=tf.constant_initializer(-0.1))
    nb = tf.layers.conv2d_transpose(x, 2, (1, 2), strides=2, padding="same", use_bias=False,
                                    kernel_initializer=tf.constant_initializer(1.0), name="up")
    sess = _init_run(tf)
    return {"s3": sess.run(s3), "s21": sess.run(s21), "nb": sess.run(nb),
            "shapes": [t.shape.as_list() for t in (s3, s21, nb)], "vars": _names(tf.global_variables()),
            "ops": [t.op.name for t in (s3, s21, nb)]}


def case_x_lvar_conv2d_transpose_unknown_and_dtype(tf):
    p = tf.placeholder(tf.float64, [None, None, 4, 2])
    y = tf.layers.conv2d_transpose(p, 1, 3, strides=2, padding="same",
                                   kernel_initializer=tf.constant_initializer(_fixed([3, 3, 1, 2])))
    z = tf.layers.conv2d_transpose(p, 1, 2, strides=2, padding="valid",
                                   kernel_initializer=tf.constant_initializer(0.5))
    sess = _init_run(tf)
    feed = {p: _img((2, 3, 4, 2)).astype(np.float64)}
    return {"static": [y.shape.as_list(), z.shape.as_list()], "dtype": y.dtype.name,
            "y": sess.run(y, feed), "z_shape": list(sess.run(z, feed).shape)}


def case_x_lvar_conv2d_transpose_gradients(tf):
    x = tf.constant(_fixed([1, 2, 3, 2], 1.0))
    y = tf.layers.conv2d_transpose(x, 3, 2, strides=2, kernel_initializer=tf.constant_initializer(_fixed([2, 2, 3, 2])))
    loss = tf.reduce_sum(tf.square(y))
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    sess = _init_run(tf)
    return {"grads": sess.run(grads), "vars": _names(tf.trainable_variables())}


def case_x_lvar_conv_net_gradients_same_avg(tf):
    x = tf.constant(_img())
    h = tf.layers.conv2d(x, 3, 2, strides=2, padding="same", activation=tf.nn.sigmoid,
                         kernel_initializer=tf.constant_initializer(_fixed([2, 2, 2, 3])))
    h = tf.layers.average_pooling2d(h, 2, 1)
    logits = tf.layers.dense(tf.layers.flatten(h), 2,
                             kernel_initializer=tf.constant_initializer(_fixed([12, 2], phase=2.0)))
    loss = tf.losses.softmax_cross_entropy(onehot_labels=[[1.0, 0.0], [0.0, 1.0]], logits=logits)
    grads = tf.gradients(loss, tf.trainable_variables() + [x])
    sess = _init_run(tf)
    return {"loss": sess.run(loss), "grads": sess.run(grads), "vars": _names(tf.trainable_variables())}


def case_x_lvar_batch_norm_inference_options(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    a = tf.layers.batch_normalization(x, training=False, epsilon=0.1, name="bn_a",
                                      moving_mean_initializer=tf.constant_initializer([0.5, -0.5, 0.0]),
                                      moving_variance_initializer=tf.constant_initializer(4.0),
                                      gamma_initializer=tf.constant_initializer(3.0),
                                      beta_initializer=tf.constant_initializer(-1.0))
    b = tf.layers.batch_normalization(x, center=False, scale=False)
    sess = _init_run(tf)
    return {"a": sess.run(a), "b": sess.run(b), "vars": _names(tf.global_variables()),
            "trainable": _names(tf.trainable_variables()),
            "update_ops": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)), "op": a.op.type}


def case_x_lvar_batch_norm_inference_float64_4d_axis1(tf):
    x = tf.constant(_fixed([2, 3, 2, 2], 2.0).astype(np.float64))
    y = tf.layers.batch_normalization(x, axis=1, training=False,
                                      moving_variance_initializer=tf.constant_initializer(2.0))
    sess = _init_run(tf)
    return {"y": sess.run(y), "dtype": y.dtype.name, "vars": _names(tf.global_variables()),
            "var_dtypes": [v.dtype.base_dtype.name for v in tf.global_variables()]}


def case_x_lvar_batch_norm_training_momentum_3d(tf):
    x = tf.constant(_fixed([2, 3, 2], 2.0) + np.array([1.0, -1.0], np.float32))
    y = tf.layers.batch_normalization(x, training=True, momentum=0.5, epsilon=0.01, name="bn3")
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    mm, mv = [v for v in tf.global_variables() if "moving" in v.name]
    sess = _init_run(tf)
    first = sess.run(y)
    sess.run(update_ops)
    after_one = sess.run([mm, mv])
    sess.run(update_ops)
    return {"y": first, "n": len(update_ops), "after_one": after_one, "after_two": sess.run([mm, mv]),
            "update_types": sorted(op.type for op in update_ops), "names": [mm.name, mv.name]}


def case_x_lvar_batch_norm_training_4d_fused_and_unfused(tf):
    x = tf.constant(_img() * 0.5 - 1.0)
    a = tf.layers.batch_normalization(x, training=True, fused=True, momentum=0.8)
    b = tf.layers.batch_normalization(x, training=True, fused=False, momentum=0.8)
    sess = _init_run(tf)
    ya, yb = sess.run([a, b])
    sess.run(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    moving = {v.name: sess.run(v) for v in tf.global_variables() if "moving" in v.name}
    return {"a": ya[0, :2], "b": yb[0, :2], "close": bool(np.allclose(ya, yb, atol=1e-4)), "moving": moving,
            "n_update": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}


def case_x_lvar_batch_norm_training_tensor_2d(tf):
    x = tf.constant(_fixed([5, 2], 3.0, phase=0.4))
    is_training = tf.placeholder_with_default(False, [])
    y = tf.layers.batch_normalization(x, training=is_training, momentum=0.5)
    ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    mm = [v for v in tf.global_variables() if "moving_mean" in v.name][0]
    sess = _init_run(tf)
    infer = sess.run(y)
    sess.run(ups)
    after_infer_updates = sess.run(mm)
    train = sess.run(y, {is_training: True})
    sess.run(ups, {is_training: True})
    return {"infer": infer, "train": train, "after_infer_updates": after_infer_updates,
            "after_train_updates": sess.run(mm), "n_update": len(ups)}


def case_x_lvar_batch_norm_trainable_false_and_scope(tf):
    x = tf.constant(_fixed([4, 2], 2.0))
    with tf.variable_scope("blk"):
        y = tf.layers.batch_normalization(x, training=True, trainable=False)
        z = tf.layers.batch_normalization(x, training=True, scale=False)
    return {"global": _names(tf.global_variables()), "trainable": _names(tf.trainable_variables()),
            "n_update": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)), "ops": [y.op.name, z.op.name]}


def case_x_lvar_batch_norm_reuse_and_errors(tf):
    x = tf.constant(_fixed([4, 2], 2.0))
    with tf.variable_scope("m"):
        tf.layers.batch_normalization(x, training=True, name="bn")
    with tf.variable_scope("m", reuse=True):
        r = tf.layers.batch_normalization(x * 2.0, training=True, name="bn")
    n_vars = len(tf.global_variables())
    return {"n_vars": n_vars, "r_shape": r.shape.as_list(),
            "bad_axis": catch(tf.layers.batch_normalization, x, axis=3),
            "unknown_axis_dim": catch(tf.layers.batch_normalization, tf.placeholder(tf.float32, [None, None])),
            "update_ops": len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))}


def case_x_lvar_batch_norm_train_op_adam(tf):
    x = tf.constant(_fixed([6, 3], 3.0, phase=0.5))
    y = tf.layers.batch_normalization(x, training=True, center=False)
    h = tf.layers.dense(y, 1, kernel_initializer=tf.constant_initializer([[1.0], [-1.0], [0.5]]), use_bias=False)
    loss = tf.reduce_mean(tf.square(h - 0.5))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.AdamOptimizer(0.05).minimize(loss)
    sess = _init_run(tf)
    for _ in range(3):
        sess.run(train)
    return {"vars": {v.name: sess.run(v) for v in tf.global_variables() if "Adam" not in v.name},
            "loss": sess.run(loss)}
