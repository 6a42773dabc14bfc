"""Ops as TF1 programs build them, fourth sweep: the class of each build-time error (dtype
promotion, shape mismatches, bad arguments), shapes written as Python floats (`[n / 2]` from
Python 2 era code), normal draws of a non-float dtype, scatter_nd's build-time shape check, and the
names of the constants that variable updates convert."""
import numpy as np

from _harness import catch


def _kind(fn):
    """'ok' with the static shape when fn builds, else the error class."""
    result = catch(fn)
    if isinstance(result, dict):
        return result["raised"]
    shape = result.get_shape()
    return ["ok", None if shape.ndims is None else shape.as_list()]


def case_x_ops_sweep4_build_errors_dtypes(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    i = tf.placeholder(tf.int32, [None, 3])
    return [_kind(f) for f in (
        lambda: tf.add(x, i), lambda: x + i, lambda: i * 2.5, lambda: tf.maximum(x, i), lambda: tf.where(x > 0, x, i),
        lambda: tf.concat([x, i], 1), lambda: tf.logical_and(x, x), lambda: tf.nn.relu(i), lambda: tf.sqrt(i),
        lambda: tf.floordiv(x, i), lambda: tf.truediv(i, x), lambda: i / 2, lambda: tf.div(x, i), lambda: tf.pow(i, 0.5),
        lambda: tf.add_n([x, i]), lambda: tf.gather(x, 1.0), lambda: tf.one_hot(x, 3),
        lambda: tf.nn.softmax_cross_entropy_with_logits(labels=i, logits=x),
        lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=x, logits=x),
        lambda: tf.assign(tf.Variable(1.0), 1), lambda: tf.constant(1.5, dtype=tf.int32),
        lambda: tf.cast("a", tf.float32), lambda: tf.reduce_mean("a"), lambda: tf.nn.embedding_lookup(x, [0.0]))]


def case_x_ops_sweep4_build_errors_shapes(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    return [_kind(f) for f in (
        lambda: tf.matmul(x, tf.ones([4, 2])), lambda: tf.concat([x, tf.ones([2, 4])], 0),
        lambda: tf.reshape(tf.ones([2, 3]), [4, 2]), lambda: tf.stack([x, tf.ones([2, 4])]),
        lambda: tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 2, 1]), [1, 1, 1, 1], "SAME"),
        lambda: tf.reduce_sum(x, axis=2), lambda: tf.reduce_sum(x, axis=[0, 0]), lambda: tf.transpose(x, [0, 2]),
        lambda: tf.squeeze(x, [1]), lambda: tf.expand_dims(x, 4), lambda: tf.tile(x, [2]), lambda: tf.pad(x, [[1, 1]]),
        lambda: tf.split(x, 2, axis=1), lambda: tf.split(x, [1, 3], 1), lambda: tf.slice(x, [0, 0], [1, 5]),
        lambda: x[:, 5], lambda: x[1, 2, 3], lambda: tf.argmax(x, 3), lambda: tf.nn.bias_add(x, tf.ones([4])),
        lambda: tf.unstack(tf.placeholder(tf.float32, [None])), lambda: tf.gather_nd(x, [[0, 0, 0]]),
        lambda: tf.add_n([x, tf.ones([4])]), lambda: tf.assign(tf.Variable([1.0]), [1.0, 2.0]),
        lambda: tf.boolean_mask(x, tf.ones([2, 3, 4], tf.bool)), lambda: tf.nn.top_k(x, 4),
        lambda: tf.broadcast_to(x, [2, 4]), lambda: tf.ensure_shape(x, [None, 4]), lambda: tf.zeros([-1]),
        lambda: tf.diag_part(tf.ones([2, 3])), lambda: tf.matrix_inverse(tf.ones([2, 3])),
        lambda: tf.layers.dense(tf.placeholder(tf.float32), 3), lambda: tf.get_variable("q", [None, 2]))]


def case_x_ops_sweep4_float_dims_in_shapes(tf):
    n = 5
    results = [_kind(f) for f in (
        lambda: tf.zeros([n / 2, 3]), lambda: tf.zeros([2.0]), lambda: tf.ones((4 / 2,)), lambda: tf.ones([np.float32(3.0)]),
        lambda: tf.zeros([2.5], tf.int32), lambda: tf.zeros([2000.5]), lambda: tf.fill([2.0], 1.0),
        lambda: tf.random_normal([2.0]), lambda: tf.random_uniform([n / 2]), lambda: tf.reshape(tf.ones([4]), [2.0, 2]),
        lambda: tf.placeholder(tf.float32, [None, 2.0]), lambda: tf.get_variable("v", [2.0]),
        lambda: tf.Variable(tf.zeros([n / 2])), lambda: tf.one_hot([1], 3.0), lambda: tf.range(3.0))]
    with tf.Session() as sess:
        values = sess.run([tf.zeros([n / 2, 2]), tf.ones([3.0], tf.int64)])
    return results, values


def case_x_ops_sweep4_normal_draws_of_non_float_dtypes(tf):
    return [_kind(f) for f in (
        lambda: tf.random_normal([2], dtype=tf.int32), lambda: tf.truncated_normal([2], dtype=tf.int64),
        lambda: tf.random_normal([2], dtype=tf.bool), lambda: tf.random_normal([2], mean=0, stddev=1, dtype=tf.int32),
        lambda: tf.truncated_normal([2], mean=0, stddev=1, dtype=tf.int32),
        lambda: tf.random_normal([2], dtype=tf.complex64), lambda: tf.random_uniform([2], dtype=tf.bool),
        lambda: tf.random_uniform([2], maxval=2.5, dtype=tf.int32), lambda: tf.random_normal([2], dtype=tf.float16),
        lambda: tf.truncated_normal([2], dtype=tf.float64), lambda: tf.random_gamma([2], 1.0, dtype=tf.int32),
        lambda: tf.random_poisson(1.0, [2], dtype=tf.int32), lambda: tf.multinomial([[1.0, 2.0]], 3, output_dtype=tf.float32))]


def case_x_ops_sweep4_scatter_nd_build_checks(tf):
    results = [_kind(f) for f in (
        lambda: tf.scatter_nd([[0]], [1.0, 2.0], [3]), lambda: tf.scatter_nd([[0], [2]], [1.0, 2.0], [3]),
        lambda: tf.scatter_nd([[0, 1]], [[1.0, 2.0]], [3, 4, 2]), lambda: tf.scatter_nd([[0, 1]], [[1.0, 2.0, 3.0]], [3, 4, 2]),
        lambda: tf.scatter_nd([[0]], [[1.0, 2.0]], [3, 2]), lambda: tf.scatter_nd([[0]], [[1.0, 2.0]], [3, 3]),
        lambda: tf.scatter_nd(tf.placeholder(tf.int32, [None, 1]), tf.placeholder(tf.float32, [None, 4]), [5, 4]),
        lambda: tf.scatter_nd(tf.placeholder(tf.int32), [1.0], [3]), lambda: tf.scatter_nd([[[0]]], [1.0], [3]),
        lambda: tf.scatter_nd([[0]], 1.0, [3]), lambda: tf.scatter_nd([[0]], [1.0], tf.placeholder(tf.int32, [None])))]
    with tf.Session() as sess:
        value = sess.run(tf.scatter_nd([[1], [3], [1]], [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [4, 2]))
    return results, value


def case_x_ops_sweep4_variable_update_names(tf):
    w = tf.Variable([1.0, 2.0, 3.0, 4.0], name="w")
    tf.assign_add(w, [1.0, 1.0, 1.0, 1.0], name="bump")
    tf.assign_add(w, [1.0, 1.0, 1.0, 1.0], name="bump")
    tf.assign(w, [0.0, 0.0, 0.0, 0.0])
    tf.assign_sub(w, np.ones(4, np.float32))
    w.assign([3.0, 3.0, 3.0, 3.0])
    w.assign_add([3.0, 3.0, 3.0, 3.0], name="m")
    tf.scatter_update(w, [0], [5.0], name="sc")
    tf.scatter_add(w, [1, 2], [1.0, 1.0])
    tf.scatter_sub(w, tf.constant([3]), [1.0])
    sliced = w[1:3].assign([7.0, 8.0])
    c = tf.Variable(0, name="counter")
    up = tf.count_up_to(c, 3)
    with tf.name_scope("train"):
        step = tf.assign_add(c, 1)
    listing = [(op.name, op.type, [t.name for t in op.inputs]) for op in tf.get_default_graph().get_operations()]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(sliced), sess.run(up), sess.run(step)
    return listing, values


def case_x_ops_sweep4_gradient_graph_listing(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable(tf.ones([2, 1]), name="w")
    b = tf.Variable(0.5, name="b")
    y = tf.nn.sigmoid(tf.matmul(x, w) + b)
    loss = tf.reduce_mean(tf.square(y - 1.0)) + tf.reduce_sum(tf.squared_difference(w, 0.5))
    grads = tf.gradients(loss, [w, b])
    listing = [(op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs])
               for op in tf.get_default_graph().get_operations() if op.name.startswith("gradients")]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(grads, {x: [[1.0, 2.0], [0.5, -1.0]]})
    return listing, [g.name for g in grads], values


def case_x_ops_sweep4_binary_gradients_broadcast_listing(tf):
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    b = tf.Variable(tf.ones([3]), name="b")
    c = tf.Variable(tf.ones([2, 3]), name="c")
    d = tf.placeholder(tf.float64, [2, 3], name="d")
    e = tf.placeholder(tf.float64, [2, 1], name="e")
    outs = [a + b, a - b, a * b, a / b, c * c, c + c, c - 1.0, tf.maximum(a, b), d * d, d / e, d - e,
            tf.squared_difference(a, b), 2.0 * c, tf.scalar_mul(3.0, c), a * tf.placeholder(tf.float32, [None, 1])]
    total = tf.add_n([tf.cast(tf.reduce_sum(o), tf.float32) for o in outs])
    grads = tf.gradients(total, [a, b, c, d, e])
    listing = [(op.name, op.type, [t.name for t in op.inputs]) for op in tf.get_default_graph().get_operations()
               if op.name.startswith("gradients")]
    return listing, [g.name for g in grads], [(o.name, o.op.type) for o in outs]
