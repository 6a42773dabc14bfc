"""tf.layers' 3-D convolution and pooling layers, and the tf.nn 3-D ops under them: values, variable
names and shapes, channels_first, strides/dilations/padding, gradients and argument errors.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch
from _casekit import wave as _fixed, variable_names as _names, initialized_session as _init


def case_x_layers_conv3d_and_pooling3d(tf):
    x = tf.constant(_fixed([1, 3, 4, 4, 1], 1.0))
    y = tf.layers.conv3d(x, 2, 2, kernel_initializer=tf.constant_initializer(_fixed([2, 2, 2, 1, 2])))
    p = tf.layers.max_pooling3d(x, 2, 2)
    sess = _init(tf)
    return {"y": sess.run(y), "p": sess.run(p), "vars": _names(tf.global_variables())}


def case_x_layers_conv3d_same_strided_bias_activation(tf):
    x = tf.constant(_fixed([2, 4, 5, 3, 2], 1.0))
    y = tf.layers.conv3d(x, 3, (2, 3, 2), strides=(2, 1, 2), padding="same", activation=tf.nn.relu,
                         kernel_initializer=tf.constant_initializer(_fixed([2, 3, 2, 2, 3])),
                         bias_initializer=tf.constant_initializer([0.1, -0.2, 0.3]), name="c3")
    z = tf.layers.conv3d(x, 2, 2, dilation_rate=(2, 1, 1), kernel_initializer=tf.constant_initializer(0.25))
    sess = _init(tf)
    return {"y": sess.run(y), "z": sess.run(z), "shapes": [y.shape.as_list(), z.shape.as_list()],
            "vars": _names(tf.global_variables()), "ops": sorted({o.type for o in tf.get_default_graph().get_operations()
                                                                   if o.name.startswith("c3/")})}


def case_x_layers_conv3d_channels_first(tf):
    x = tf.constant(_fixed([1, 2, 3, 4, 4], 1.0))
    y = tf.layers.conv3d(x, 2, 2, data_format="channels_first", kernel_initializer=tf.constant_initializer(
        _fixed([2, 2, 2, 2, 2])), bias_initializer=tf.constant_initializer([0.5, -0.5]))
    p = tf.layers.average_pooling3d(x, 2, (1, 2, 2), data_format="channels_first", padding="same")
    m = tf.layers.max_pooling3d(x, (2, 2, 1), 2, data_format="channels_first")
    sess = _init(tf)
    return {"y": sess.run(y), "p": sess.run(p), "m": sess.run(m),
            "shapes": [t.shape.as_list() for t in (y, p, m)]}


def case_x_layers_conv3d_transpose_layer(tf):
    x = tf.constant(_fixed([1, 2, 3, 2, 3], 1.0))
    y = tf.layers.conv3d_transpose(x, 2, (2, 3, 2), strides=2, kernel_initializer=tf.constant_initializer(
        _fixed([2, 3, 2, 2, 3])), name="up")
    z = tf.layers.conv3d_transpose(x, 1, 3, strides=(1, 2, 1), padding="same",
                                   kernel_initializer=tf.constant_initializer(0.1))
    sess = _init(tf)
    return {"y": sess.run(y), "z": sess.run(z), "shapes": [y.shape.as_list(), z.shape.as_list()],
            "vars": _names(tf.global_variables())}


def case_x_layers_conv3d_objects_and_gradients(tf):
    x = tf.constant(_fixed([2, 3, 3, 3, 2], 1.0))
    layer = tf.layers.Conv3D(2, 2, kernel_initializer=tf.constant_initializer(_fixed([2, 2, 2, 2, 2])))
    pool = tf.layers.AveragePooling3D(2, 1)
    y = pool(layer(x))
    loss = tf.reduce_sum(y * y)
    grads = tf.gradients(loss, [x] + layer.trainable_variables)
    sess = _init(tf)
    return {"y": sess.run(y), "grads": sess.run(grads), "weights": _names(layer.weights),
            "out_shape": layer.compute_output_shape(tf.TensorShape([None, 5, 6, 7, 2])).as_list(),
            "pool_shape": tf.layers.MaxPooling3D(2, 2, padding="same").compute_output_shape(
                tf.TensorShape([None, 5, 6, 7, 2])).as_list()}


def case_x_layers_conv3d_errors(tf):
    return {"rank": catch(tf.layers.conv3d, tf.zeros([2, 3, 4, 1]), 2, 2),
            "pool_rank": catch(tf.layers.max_pooling3d, tf.zeros([2, 3, 4, 1]), 2, 2),
            "kernel": catch(tf.layers.conv3d, tf.zeros([1, 3, 3, 3, 1]), 2, (2, 2)),
            "padding": catch(tf.layers.conv3d, tf.zeros([1, 3, 3, 3, 1]), 2, 2, padding="full")}


# ------------------------------------------------------------------ tf.nn 3-D ops
def case_x_layers_nn_conv3d_ops(tf):
    x = tf.constant(_fixed([2, 4, 5, 3, 2], 1.0))
    f = tf.constant(_fixed([2, 2, 3, 2, 3], 0.7, 0.3))
    y = tf.nn.conv3d(x, f, [1, 1, 2, 1, 1], "SAME")
    yc = tf.nn.conv3d(tf.transpose(x, [0, 4, 1, 2, 3]), f, [1, 1, 1, 1, 1], "VALID", data_format="NCDHW",
                      dilations=[1, 1, 2, 1, 1])
    gx, gf = tf.gradients(tf.reduce_sum(y * y), [x, f])
    sess = tf.Session()
    return {"y": sess.run(y), "yc": sess.run(yc), "gx": sess.run(gx), "gf": sess.run(gf),
            "grad_types": [gx.op.type, gf.op.type], "shapes": [y.shape.as_list(), yc.shape.as_list()]}


def case_x_layers_nn_conv3d_transpose_and_backprop_filter(tf):
    v = tf.constant(_fixed([1, 2, 3, 2, 3], 1.0))
    f = tf.constant(_fixed([3, 2, 2, 2, 3], 0.6, 0.1))
    t = tf.nn.conv3d_transpose(v, f, [1, 4, 5, 4, 2], [1, 2, 2, 2, 1], "SAME")
    t2 = tf.nn.conv3d_transpose(v, f, [1, 5, 6, 4, 2], [1, 2, 2, 2, 1], "VALID", name="tv")
    bf = tf.nn.conv3d_backprop_filter(tf.constant(_fixed([1, 4, 5, 4, 2])), [3, 2, 2, 2, 3], v,
                                      [1, 2, 2, 2, 1], "SAME")
    sess = tf.Session()
    return {"t": sess.run(t), "t2": sess.run(t2), "bf": sess.run(bf), "names": [t.op.name, t2.op.name, bf.op.name],
            "types": [t.op.type, bf.op.type]}


def case_x_layers_nn_pool3d_ops(tf):
    x = tf.constant(_fixed([2, 4, 5, 3, 2], 1.0))
    out = {}
    for pad in ("SAME", "VALID"):
        for fn in (tf.nn.max_pool3d, tf.nn.avg_pool3d):
            y = fn(x, [1, 2, 3, 2, 1], [1, 2, 1, 2, 1], pad)
            g = tf.gradients(tf.reduce_sum(y * y), x)[0]
            out[f"{fn.__name__}_{pad}"] = sess_run(tf, [y, g])
            out[f"{fn.__name__}_{pad}_type"] = g.op.type
    yc = tf.nn.max_pool3d(tf.transpose(x, [0, 4, 1, 2, 3]), 2, 2, "VALID", data_format="NCDHW")
    out["nc"] = sess_run(tf, yc)
    return out


def sess_run(tf, fetches):
    return tf.Session().run(fetches)


def case_x_layers_nn_max_pool3d_ties_and_second_order(tf):
    x = np.ones([1, 2, 2, 3, 1], np.float32)
    x[0, 0, 0, 2, 0] = 0.0
    xt = tf.constant(x)
    y = tf.nn.max_pool3d(xt, 2, 2, "SAME")
    g = tf.gradients(y, xt, grad_ys=tf.constant([[[[[1.0], [2.0]]]]]))[0]
    w = tf.constant(_fixed([1, 3, 3, 3, 2], 1.0))
    yw = tf.nn.max_pool3d(w, 2, 1, "VALID")
    gw = tf.gradients(tf.reduce_sum(yw * yw), w)[0]
    ggw = tf.gradients(tf.reduce_sum(gw * gw), w)
    a = tf.nn.avg_pool3d(w, 2, 1, "SAME")
    ga = tf.gradients(tf.reduce_sum(a * a), w)[0]
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(g), "gw": sess.run(gw), "ggw": sess.run(ggw), "ga": sess.run(ga)}


def case_x_layers_nn_3d_errors(tf):
    x = tf.zeros([1, 3, 4, 4, 2])
    f = tf.zeros([2, 2, 2, 2, 3])
    sess = tf.Session()
    return {"rank": catch(tf.nn.conv3d, tf.zeros([3, 4, 4, 2]), f, [1, 1, 1, 1, 1], "VALID"),
            "depth": catch(tf.nn.conv3d, tf.zeros([1, 3, 4, 4, 3]), f, [1, 1, 1, 1, 1], "VALID"),
            "negative": catch(tf.nn.conv3d, x, tf.zeros([5, 2, 2, 2, 3]), [1, 1, 1, 1, 1], "VALID"),
            "strides_len": catch(tf.nn.conv3d, x, f, [1, 1, 1], "VALID"),
            "dtype": catch(tf.nn.conv3d, tf.zeros([1, 3, 4, 4, 2], tf.int32), tf.zeros([2, 2, 2, 2, 3], tf.int32),
                           [1, 1, 1, 1, 1], "VALID"),
            "padding": catch(tf.nn.conv3d, x, f, [1, 1, 1, 1, 1], "FULL"),
            "batch_stride": catch(sess.run, tf.nn.conv3d(x, f, [2, 1, 1, 1, 1], "VALID")),
            "pool_depth": catch(sess.run, tf.nn.max_pool3d(x, [1, 2, 2, 2, 2], [1, 2, 2, 2, 1], "VALID")),
            "pool_batch": catch(sess.run, tf.nn.avg_pool3d(x, [2, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID")),
            "pool_dtype": catch(tf.nn.max_pool3d, tf.zeros([1, 2, 2, 2, 1], tf.float64), 2, 2, "VALID"),
            "usable": sess.run(tf.reduce_sum(tf.nn.max_pool3d(x + 1.0, 2, 2, "VALID")))}


# ------------------------------------------------------------------ tf.nn front ends and morphology
def case_x_layers_nn_convolution_and_transpose_any_rank(tf):
    x1, f1 = tf.constant(_fixed([2, 7, 3], 1.0)), tf.constant(_fixed([3, 3, 4], 0.8, 0.2))
    x2, f2 = tf.constant(_fixed([2, 6, 7, 3], 1.0)), tf.constant(_fixed([2, 3, 3, 4], 0.8, 0.4))
    x3, f3 = tf.constant(_fixed([1, 4, 5, 6, 2], 1.0)), tf.constant(_fixed([2, 2, 2, 2, 3], 0.8, 0.6))
    outs = [tf.nn.convolution(x1, f1, "SAME", strides=[2]), tf.nn.convolution(x1, f1, "VALID", dilation_rate=[2]),
            tf.nn.convolution(x2, f2, "SAME", strides=[1, 2]), tf.nn.convolution(x2, f2, "SAME", dilation_rate=[2, 2]),
            tf.nn.convolution(x3, f3, "VALID"),
            tf.nn.convolution(tf.transpose(x2, [0, 3, 1, 2]), f2, "VALID", data_format="NCHW"),
            tf.nn.conv1d_transpose(tf.constant(_fixed([2, 4, 4])), f1, [2, 8, 3], 2),
            tf.nn.conv_transpose(tf.constant(_fixed([2, 4, 4])), f1, [2, 9, 3], [2], "VALID"),
            tf.nn.conv_transpose(tf.constant(_fixed([2, 3, 4, 4])), f2, [2, 6, 7, 3], 2),
            tf.nn.conv_transpose(tf.constant(_fixed([1, 2, 3, 3, 3])), f3, [1, 4, 5, 6, 2], [1, 2, 2, 2, 1])]
    sess = tf.Session()
    return {"values": sess.run(outs), "shapes": [o.shape.as_list() for o in outs],
            "bad_rank": catch(tf.nn.conv_transpose, x2, f2, [2, 6], 1),
            "strided_dilated": catch(tf.nn.convolution, x2, f2, "SAME", strides=[2, 2], dilation_rate=[2, 2])}


def case_x_layers_nn_pool_any_rank(tf):
    x1, x2, x3 = (tf.constant(_fixed(s, 1.0)) for s in ([2, 7, 3], [2, 6, 7, 3], [1, 4, 5, 6, 2]))
    out = {}
    sess = tf.Session()
    for kind in ("MAX", "AVG"):
        out[kind] = sess.run([tf.nn.pool(x1, [2], kind, "SAME", strides=[2]),
                              tf.nn.pool(x2, [2, 3], kind, "VALID", dilation_rate=[2, 2]),
                              tf.nn.pool(x2, [2, 3], kind, "SAME", strides=[1, 2]),
                              tf.nn.pool(x3, [2, 2, 2], kind, "VALID", dilation_rate=[1, 2, 1]),
                              tf.nn.pool(tf.transpose(x2, [0, 3, 1, 2]), [2, 2], kind, "VALID", dilation_rate=[2, 1],
                                         data_format="NCHW"),
                              tf.nn.pool(x1, [2], kind, "VALID", dilation_rate=[3])])
    out["1d"] = sess.run([tf.nn.avg_pool1d(x1, 2, 2, "SAME"), tf.nn.max_pool1d(x1, 3, 1, "VALID"),
                          tf.nn.max_pool_v2(x2, 2, 2, "SAME"), tf.nn.avg_pool_v2(x3, 2, 2, "VALID"),
                          tf.nn.max_pool_v2(x1, 2, 1, "VALID")])
    out["errors"] = [catch(tf.nn.pool, x2, [2, 2], "MAX", "SAME", dilation_rate=[2, 2]),
                     catch(tf.nn.pool, x2, [2, 2], "MAX", "VALID", strides=[3, 1]),
                     catch(tf.nn.pool, x2, [2, 2], "MIN", "VALID"),
                     catch(tf.nn.pool, x2, [2, 2], "AVG", "VALID", strides=[2, 2], dilation_rate=[2, 1])]
    return out


def case_x_layers_nn_dilation_erosion_depthwise_backprops(tf):
    x, f = tf.constant(_fixed([2, 5, 6, 3], 1.0)), tf.constant(_fixed([2, 3, 3], 0.5, 0.3))
    out = {}
    sess = tf.Session()
    for pad in ("SAME", "VALID"):
        y = tf.nn.dilation2d(x, f, [1, 2, 1, 1], [1, 1, 2, 1], pad)
        gx, gf = tf.gradients(tf.reduce_sum(y * y), [x, f])
        e = tf.nn.erosion2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], pad)
        out[pad] = sess.run([y, gx, gf, e])
        out[pad + "_types"] = [y.op.type, gx.op.type, gf.op.type]
    dy, fd = tf.constant(_fixed([2, 5, 6, 6], 1.0)), tf.constant(_fixed([2, 2, 3, 2], 0.7))
    out["dw"] = sess.run([tf.nn.depthwise_conv2d_native_backprop_input([2, 5, 6, 3], fd, dy, [1, 1, 1, 1], "SAME"),
                          tf.nn.depthwise_conv2d_backprop_filter(x, [2, 2, 3, 2], dy, [1, 1, 1, 1], "SAME")])
    out["errors"] = [catch(tf.nn.dilation2d, x, tf.zeros([2, 2, 4]), [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
                     catch(tf.nn.dilation2d, x, tf.zeros([2, 2]), [1, 1, 1, 1], [1, 1, 1, 1], "SAME"),
                     catch(tf.nn.dilation2d, x, f, [1, 1, 1], [1, 1, 1, 1], "SAME")]
    return out
