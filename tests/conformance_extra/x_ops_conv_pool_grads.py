"""Extra pooling, activation and convolution gradient probes: where max pooling sends the gradient
when a window holds its maximum more than once (ReLU zeros, repeated values), for windows that tile
the input and windows that overlap or overhang; ReLU / bias gradients of a small conv layer; a conv
layer large enough to be computed through transforms."""
import numpy as np


def _ties(shape, seed):
    rng = np.random.default_rng(seed)
    return np.maximum(rng.integers(-2, 3, shape), 0).astype(np.float32)


def case_x_ops_max_pool_grad_ties(tf):
    x = tf.constant(_ties((2, 6, 8, 3), 1))
    sess = tf.Session()
    out = {}
    for name, (k, s, padding) in {"tiles_same": (2, 2, "SAME"), "tiles_valid": (2, 2, "VALID"),
                                  "overlap": (3, 2, "SAME"), "stride1": (2, 1, "VALID"),
                                  "overhang": (3, 3, "SAME")}.items():
        y = tf.nn.max_pool(x, [1, k, k, 1], [1, s, s, 1], padding)
        weights = tf.constant(np.arange(1, 1 + int(np.prod(y.shape.as_list())), dtype=np.float32).reshape(
            y.shape.as_list()))
        out[name] = tf.gradients(tf.reduce_sum(y * weights), x)[0]
    odd = tf.constant(_ties((1, 7, 5, 2), 2))
    y = tf.nn.max_pool(odd, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    out["odd_same"] = tf.gradients(tf.reduce_sum(y * y), odd)[0]
    return sess.run(out)


def case_x_ops_relu_layer_gradients(tf):
    rng = np.random.default_rng(3)
    x = tf.constant(rng.integers(-2, 3, (2, 6, 6, 2)).astype(np.float32))
    w = tf.constant(rng.integers(-1, 2, (3, 3, 2, 4)).astype(np.float32))
    b = tf.constant(np.array([0.0, -1.0, 1.0, 0.5], np.float32))
    h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), b))
    pooled = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    loss = tf.reduce_sum(pooled * pooled)
    dx, dw, db = tf.gradients(loss, [x, w, b])
    sess = tf.Session()
    return sess.run({"h": h, "dx": dx, "dw": dw, "db": db})


def case_x_ops_conv_layer_large_enough_for_transforms(tf):
    """A 5x5 SAME layer big enough that an implementation may compute it through transforms: float64
    with small integers, so every exact result is an integer whatever the formulation."""
    rng = np.random.default_rng(4)
    x = tf.constant(rng.integers(-2, 3, (8, 14, 14, 16)).astype(np.float64))
    w = tf.constant(rng.integers(-1, 2, (5, 5, 16, 32)).astype(np.float64))
    y = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
    weights = tf.constant(rng.integers(-2, 3, (8, 14, 14, 32)).astype(np.float64))
    dx, dw = tf.gradients(tf.reduce_sum(y * weights), [x, w])
    sess = tf.Session()
    return sess.run({"y": y[:2, :, :, :2], "dx": dx[:1, :, :, :3], "dw": dw[:, :, :2, :3],
                     "y_channel_sums": tf.reduce_sum(y, [0, 1, 2]), "dw_sums": tf.reduce_sum(dw, [0, 1])})
