"""Examples for the 3-D convolution and pooling op types."""
import numpy as np

from op_examples import builder, grads, plain

EXAMPLES = {}

VOL = np.arange(2 * 3 * 4 * 4 * 2, dtype=np.float32).reshape(2, 3, 4, 4, 2) / 50.0
VOL_FILTER = np.arange(2 * 2 * 3 * 2 * 3, dtype=np.float32).reshape(2, 2, 3, 2, 3) / 20.0

EXAMPLES["Conv3D"] = plain(lambda tf, x, f: [tf.nn.conv3d(x, f, [1, 1, 2, 1, 1], "SAME"),
                                             tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "VALID", dilations=[1, 2, 1, 1, 1])],
                           VOL, VOL_FILTER)


def _conv3d_grads(tf, tmp):
    x, f = tf.constant(VOL), tf.constant(VOL_FILTER)
    return grads(tf, tf.nn.conv3d(x, f, [1, 1, 2, 1, 1], "SAME") ** 2, [x, f])


EXAMPLES["Conv3DBackpropInputV2"] = builder(_conv3d_grads)
EXAMPLES["Conv3DBackpropFilterV2"] = builder(_conv3d_grads)
EXAMPLES["MaxPool3D"] = plain(lambda tf, x: tf.nn.max_pool3d(x, [1, 2, 2, 3, 1], [1, 1, 2, 2, 1], "SAME"), VOL)
EXAMPLES["AvgPool3D"] = plain(lambda tf, x: tf.nn.avg_pool3d(x, 2, [1, 1, 2, 2, 1], "VALID"), VOL)


def _max_pool3d_grads(tf, tmp):
    x = tf.constant(VOL)
    g = grads(tf, tf.nn.max_pool3d(x, 2, 1, "SAME") ** 2, [x])[0]
    return [g] + tf.gradients(tf.reduce_sum(g * g), [x])


def _avg_pool3d_grads(tf, tmp):
    x = tf.constant(VOL)
    g = grads(tf, tf.nn.avg_pool3d(x, 2, 1, "SAME") ** 2, [x])[0]
    return [g] + tf.gradients(tf.reduce_sum(g * g), [x])


EXAMPLES["MaxPool3DGrad"] = builder(_max_pool3d_grads)
EXAMPLES["MaxPool3DGradGrad"] = builder(_max_pool3d_grads)
EXAMPLES["AvgPool3DGrad"] = builder(_avg_pool3d_grads)
