"""Examples for the grayscale morphology op types (Dilation2D and its gradients)."""
import numpy as np

from op_examples import IMG, builder, grads, plain

EXAMPLES = {}

STRUCTURE = np.arange(2 * 3 * 3, dtype=np.float32).reshape(2, 3, 3) / 20.0

EXAMPLES["Dilation2D"] = plain(lambda tf, x, f: [tf.nn.dilation2d(x, f, [1, 2, 1, 1], [1, 1, 1, 1], "SAME"),
                                                 tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 2, 1, 1], "VALID")],
                               IMG, STRUCTURE)


def _dilation_grads(tf, tmp):
    x, f = tf.constant(IMG), tf.constant(STRUCTURE)
    return grads(tf, tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 1, 1, 1], "SAME") ** 2, [x, f])


EXAMPLES["Dilation2DBackpropInput"] = builder(_dilation_grads)
EXAMPLES["Dilation2DBackpropFilter"] = builder(_dilation_grads)
