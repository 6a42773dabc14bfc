"""Round-14 variations of layers_conv: conv/pool layer argument checks (class and message), channels_first
static shapes of the 1-D/3-D layers, layer objects applied to several inputs, batch normalization's
regularizers, initializers, updates and trainable=False, get_config round trips.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""

from _harness import catch, message_has
from _casekit import wave, variable_names, initialized_session


def case_x_gb14_conv2d_undefined_channels_and_rank(tf):
    return {
        "none_channels": message_has(lambda: tf.layers.conv2d(tf.placeholder(tf.float32, [None, 5, 5, None]), 2, 3),
                                     "channel dimension", "should be defined"),
        "unknown_rank": catch(tf.layers.conv2d, tf.placeholder(tf.float32), 2, 3),
        "first_none": catch(tf.layers.conv2d, tf.placeholder(tf.float32, [1, None, 4, 4]), 2, 3,
                            data_format="channels_first"),
        "vars": variable_names(tf.global_variables()),
    }


def case_x_gb14_conv_argument_tuples(tf):
    x = tf.zeros([1, 6, 6, 2])
    return {
        "kernel_3": message_has(lambda: tf.layers.conv2d(x, 1, (2, 2, 2)), "kernel_size", "2 integers"),
        "strides_0": catch(tf.layers.conv2d, x, 1, 2, strides=0),
        "kernel_str": catch(tf.layers.conv2d, x, 1, "3"),
        "causal_2d": catch(tf.layers.conv2d, x, 1, 2, padding="causal"),
        "filters_0": catch(tf.layers.conv2d, x, 0, 2),
        "pool_3": catch(tf.layers.max_pooling2d, x, (2, 2, 2), 1),
        "pool_strides_0": catch(tf.layers.average_pooling2d, x, 2, 0),
        "names": sorted(v.name for v in tf.global_variables()),
    }


def case_x_gb14_conv1d_causal_values_and_grad(tf):
    x = tf.constant(wave([2, 6, 2], 1.0))
    y = tf.layers.conv1d(x, 2, 3, padding="causal", dilation_rate=2,
                         kernel_initializer=tf.constant_initializer(wave([3, 2, 2], phase=0.5)))
    sess = initialized_session(tf)
    return {"y": sess.run(y), "static": y.shape.as_list(),
            "grad": sess.run(tf.gradients(tf.reduce_sum(y * y), x)[0]),
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()
                           if op.name.startswith("conv1d/") and "Initializer" not in op.name
                           and "Assign" not in op.type and "read" not in op.name})}


def case_x_gb14_channels_first_static_shapes(tf):
    p5 = tf.placeholder(tf.float32, [None, 2, 4, 6, 6])
    p3 = tf.placeholder(tf.float32, [None, 3, 9])
    p4 = tf.placeholder(tf.float32, [None, 3, None, 5])
    cf = "channels_first"
    return {
        "avg3d": tf.layers.average_pooling3d(p5, 2, 2, data_format=cf).shape.as_list(),
        "max3d_same": tf.layers.max_pooling3d(p5, 3, 2, padding="same", data_format=cf).shape.as_list(),
        "conv3d": tf.layers.conv3d(p5, 4, [1, 3, 3], strides=[1, 2, 1], data_format=cf).shape.as_list(),
        "conv3d_t": tf.layers.conv3d_transpose(p5, 3, 2, strides=2, padding="same", data_format=cf).shape.as_list(),
        "max1d": tf.layers.max_pooling1d(p3, 2, 2, data_format=cf).shape.as_list(),
        "avg1d_same": tf.layers.average_pooling1d(p3, 4, 3, padding="same", data_format=cf).shape.as_list(),
        "sep1d": tf.layers.separable_conv1d(p3, 2, 3, data_format=cf).shape.as_list(),
        "conv2d_t_unknown": tf.layers.conv2d_transpose(p4, 2, 3, strides=2, data_format=cf).shape.as_list(),
        "vars": variable_names(tf.global_variables()),
    }


def case_x_gb14_separable_conv1d_strides_multiplier_values(tf):
    x = tf.constant(wave([1, 7, 2], 1.0))
    layer = tf.layers.SeparableConv1D(3, 2, strides=2, depth_multiplier=2, padding="same",
                                      depthwise_initializer=tf.constant_initializer(wave([2, 2, 2], phase=0.2)),
                                      pointwise_initializer=tf.constant_initializer(wave([1, 4, 3], phase=0.9)),
                                      bias_initializer=tf.constant_initializer(0.25), activation=tf.nn.relu)
    y = layer(x)
    sess = initialized_session(tf)
    return {"y": sess.run(y), "vars": variable_names(layer.weights), "static": y.shape.as_list(),
            "grads": sess.run(tf.gradients(tf.reduce_sum(y), layer.trainable_weights))}


def case_x_gb14_conv_layer_object_two_inputs(tf):
    layer = tf.layers.Conv2D(2, 3, padding="same", kernel_initializer=tf.constant_initializer(wave([3, 3, 1, 2])),
                             name="shared")
    a = layer(tf.constant(wave([1, 4, 4, 1], 1.0)))
    b = layer(tf.constant(wave([2, 6, 3, 1], 1.0, phase=0.3)))
    bad = catch(layer, tf.zeros([1, 4, 4, 2]))
    sess = initialized_session(tf)
    return {"a": sess.run(a), "b_shape": sess.run(b).shape, "names": [a.op.name, b.op.name],
            "vars": variable_names(tf.global_variables()), "bad": bad,
            "static": [a.shape.as_list(), b.shape.as_list()]}


def case_x_gb14_batch_norm_regularizers_and_initializers(tf):
    x = tf.constant(wave([4, 3], 2.0))
    layer = tf.layers.BatchNormalization(beta_regularizer=lambda v: tf.reduce_sum(tf.abs(v)),
                                         gamma_regularizer=lambda v: 0.5 * tf.reduce_sum(tf.square(v)),
                                         moving_mean_initializer=tf.constant_initializer(0.5),
                                         moving_variance_initializer=tf.constant_initializer(2.0),
                                         beta_initializer=tf.constant_initializer(-0.25))
    y = layer(x, training=False)
    sess = initialized_session(tf)
    return {"y": sess.run(y), "losses": sess.run(layer.losses),
            "collection": sess.run(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
            "weights": variable_names(layer.weights), "non_trainable": variable_names(layer.non_trainable_weights),
            "updates": len(layer.updates)}


def case_x_gb14_batch_norm_trainable_false_training_true(tf):
    x = tf.constant(wave([6, 2], 3.0, phase=0.5) + 1.0)
    y = tf.layers.batch_normalization(x, training=True, trainable=False, momentum=0.5)
    ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess = initialized_session(tf)
    with tf.control_dependencies(ups):
        yu = tf.identity(y)
    out = {"y": sess.run(yu), "n_updates": len(ups), "trainable": variable_names(tf.trainable_variables()),
           "global": variable_names(tf.global_variables())}
    out["moving"] = sess.run([v for v in tf.global_variables() if "moving" in v.name])
    return out


def case_x_gb14_batch_norm_renorm_virtual_batch_errors(tf):
    x4 = tf.zeros([4, 2, 2, 3])
    return {
        "vb_not_divisor": catch(lambda: tf.layers.batch_normalization(tf.zeros([6, 3]), training=True,
                                                                      virtual_batch_size=4)),
        "renorm_fused": catch(tf.layers.batch_normalization, x4, renorm=True, fused=True),
        "vb_fused": catch(tf.layers.batch_normalization, x4, virtual_batch_size=2, fused=True),
        "bad_axis": catch(tf.layers.batch_normalization, tf.zeros([2, 3]), axis=3),
        "dup_axis": catch(tf.layers.batch_normalization, x4, axis=[1, -3]),
        "renorm_keys": catch(tf.layers.batch_normalization, x4, renorm=True, renorm_clipping={"rmin": 0.5, "x": 1.0}),
    }


def case_x_gb14_batch_norm_get_config_round_trip(tf):
    layer = tf.layers.BatchNormalization(axis=1, momentum=0.9, epsilon=0.01, center=False, name="bn_cfg")
    cfg = layer.get_config()
    clone = tf.layers.BatchNormalization.from_config(cfg)
    dense = tf.layers.Dense(3, use_bias=False, name="d_cfg")
    dcfg = dense.get_config()
    keep = ("axis", "momentum", "epsilon", "center", "scale", "name", "trainable")
    return {"bn": {k: cfg[k] for k in keep if k in cfg}, "clone": [clone.name, clone.axis, clone.momentum],
            "dense": {k: dcfg[k] for k in ("units", "use_bias", "name", "activation") if k in dcfg},
            "dense_clone": tf.layers.Dense.from_config(dcfg).units}


def case_x_gb14_pooling_grad_channels_last_same_strided(tf):
    x = tf.constant(wave([1, 5, 5, 1], 1.0))
    mp = tf.layers.max_pooling2d(x, 3, 2, padding="same")
    ap = tf.layers.average_pooling2d(x, 3, 2, padding="same")
    m1 = tf.layers.max_pooling1d(tf.reshape(x, [1, 25, 1]), 4, 3)
    sess = tf.Session()
    g = tf.gradients(tf.reduce_sum(mp) + 2.0 * tf.reduce_sum(ap) + tf.reduce_sum(m1), x)[0]
    return {"mp": sess.run(mp), "ap": sess.run(ap), "g": sess.run(g)[0, :, :, 0],
            "names": [mp.op.name, ap.op.name, m1.op.name], "types": [mp.op.type, ap.op.type, m1.op.type]}


def _ops_under(tf, prefix):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()
            if op.name.startswith(prefix) and op.type not in ("Const", "VariableV2", "Assign", "Identity")
            and "Initializer" not in op.name]


def case_x_gb14_separable_conv1d_causal_ops_and_values(tf):
    x = tf.constant(wave([2, 6, 2], 1.0))
    y = tf.layers.separable_conv1d(x, 3, 2, padding="causal", dilation_rate=2, activation=tf.nn.tanh,
                                   depthwise_initializer=tf.constant_initializer(wave([2, 2, 1], phase=0.3)),
                                   pointwise_initializer=tf.constant_initializer(wave([1, 2, 3], phase=1.1)),
                                   bias_initializer=tf.constant_initializer(0.1))
    z = tf.layers.separable_conv1d(x, 2, 3, strides=2, use_bias=False, name="plain")
    sess = initialized_session(tf)
    return {"y": sess.run(y), "ops": _ops_under(tf, "separable_conv1d/"), "plain_ops": _ops_under(tf, "plain/"),
            "out": [y.op.name, z.op.name], "static": [y.shape.as_list(), z.shape.as_list()],
            "grad": sess.run(tf.gradients(tf.reduce_sum(y), x)[0])}


def case_x_gb14_conv3d_and_conv1d_dilated_partly_known(tf):
    p5 = tf.placeholder(tf.float32, [None, None, 5, 5, 1])
    p3 = tf.placeholder(tf.float32, [2, None, 2])
    c3 = tf.layers.conv3d(p5, 2, 2, dilation_rate=2, padding="same",
                          kernel_initializer=tf.constant_initializer(wave([2, 2, 2, 1, 2])))
    c1 = tf.layers.conv1d(p3, 1, 3, dilation_rate=2, kernel_initializer=tf.constant_initializer(wave([3, 2, 1])))
    sess = initialized_session(tf)
    return {"static": [c3.shape.as_list(), c1.shape.as_list()],
            "c3": sess.run(c3, {p5: wave([1, 3, 5, 5, 1], 1.0)}), "c1": sess.run(c1, {p3: wave([2, 7, 2], 1.0)}),
            "types": sorted({op.type for op in tf.get_default_graph().get_operations()
                             if op.name.startswith(("conv3d/", "conv1d/"))})}


def case_x_gb14_conv2d_rank5_dilated_and_pool_chain(tf):
    x = tf.constant(wave([2, 1, 6, 6, 1], 1.0))
    y = tf.layers.conv2d(x, 2, 2, dilation_rate=2, kernel_initializer=tf.constant_initializer(wave([2, 2, 1, 2])),
                         bias_initializer=tf.constant_initializer(0.5))
    p = tf.layers.max_pooling2d(tf.reshape(y, [2, 4, 4, 2]), 2, 2)
    sess = initialized_session(tf)
    return {"y": sess.run(y), "static": [y.shape.as_list(), p.shape.as_list()], "p": sess.run(p),
            "grad": sess.run(tf.gradients(tf.reduce_sum(p), x)[0])[0, 0, :, :, 0]}


def case_x_gb14_batch_norm_object_checks_later_inputs(tf):
    bn = tf.layers.BatchNormalization(name="bn")
    y = bn(tf.constant(wave([4, 3], 2.0)), training=False)
    bn4 = tf.layers.BatchNormalization(axis=1, name="bn4")
    z = bn4(tf.constant(wave([2, 3, 2, 2], 1.0)), training=True)
    out = {
        "other_channels": message_has(lambda: bn(tf.zeros([2, 4])), 'Input 0 of layer "bn" is incompatible',
                                      "expected axis 1 of input shape to have value 3", "(2, 4)"),
        "other_rank": message_has(lambda: bn(tf.zeros([2, 5, 3])), "expected ndim=2, found ndim=3"),
        "rank4_channels": catch(bn4, tf.zeros([2, 4, 2, 2])),
        "unknown_ok": bn(tf.placeholder(tf.float32, [None, 3])).shape.as_list(),
        "rank4_spatial_ok": bn4(tf.zeros([1, 3, 5, 1]), training=False).shape.as_list(),
    }
    sess = initialized_session(tf)
    out["y"] = sess.run(y)
    out["z"] = sess.run(z)
    out["vars"] = variable_names(tf.global_variables())
    out["updates"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    return out


def case_x_gb14_transpose_and_separable_objects_check_channels(tf):
    t = tf.layers.Conv2DTranspose(2, 2, strides=2, name="up")
    s = tf.layers.SeparableConv2D(3, 2, name="sep")
    a = t(tf.zeros([1, 3, 3, 4]))
    b = s(tf.zeros([1, 5, 5, 2]))
    return {
        "t_channels": message_has(lambda: t(tf.zeros([1, 3, 3, 5])), 'layer "up"', "axis -1", "value 4"),
        "t_rank": catch(t, tf.zeros([1, 1, 3, 3, 4])),
        "s_channels": message_has(lambda: s(tf.zeros([1, 5, 5, 3])), 'layer "sep"', "value 2"),
        "t_unknown_ok": t(tf.placeholder(tf.float32, [None, None, None, 4])).shape.as_list(),
        "static": [a.shape.as_list(), b.shape.as_list()],
        "vars": variable_names(tf.global_variables()),
    }
