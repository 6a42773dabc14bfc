"""tf.nn run-time errors and unknown shapes from TF's conv kernel tests: channel mismatches seen only when run,
batch normalization with an unknown batch, l2_loss, zero_fraction, top_k."""

from _harness import catch
from _casekit import wave


def _fixed(shape, scale=0.5, phase=0.0):
    return wave(shape, scale, phase, step=0.7)


def case_x_lsweep_conv_channel_mismatch_at_run(tf):
    x = tf.placeholder(tf.float32, [None, None, None, None])
    f = tf.constant(_fixed([2, 2, 3, 1]))
    y = tf.nn.conv2d(x, f, [1, 1, 1, 1], "VALID")
    sess = tf.Session()
    return {"shape": y.shape.as_list(), "ok": sess.run(y, {x: _fixed([1, 3, 3, 3])}),
            "bad": catch(sess.run, y, {x: _fixed([1, 3, 3, 2])}),
            "after": sess.run(y, {x: _fixed([1, 2, 2, 3])})}


def case_x_lsweep_batch_norm_layer_unknown_batch(tf):
    x = tf.placeholder(tf.float32, [None, 2, 2, 3])
    layer = tf.layers.BatchNormalization(momentum=0.5)
    y = layer(x, training=True)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = sess.run([y] + tf.get_collection(tf.GraphKeys.UPDATE_OPS), {x: _fixed([3, 2, 2, 3], 2.0)})[0]
    return {"y": out, "mv": sess.run(layer.moving_variance), "shape": y.shape.as_list(), "fused": layer.fused}


def case_x_lsweep_l2_loss_zero_fraction_top_k(tf):
    x = tf.constant([[0.0, 1.5, -2.0, 0.0], [3.0, 0.0, 0.5, 0.5]])
    vals, idx = tf.nn.top_k(x, 3, sorted=True)
    g = tf.gradients(tf.reduce_sum(vals * vals) + tf.nn.l2_loss(x), x)[0]
    sess = tf.Session()
    return {"l2": sess.run(tf.nn.l2_loss(x)), "zf": sess.run(tf.nn.zero_fraction(x)), "top": sess.run([vals, idx]),
            "g": sess.run(g), "k_big": catch(lambda: tf.nn.top_k(x, 5))}
