"""tf.while_loop's results are named as TF1's Exit tensors (while/Exit:0, while/Exit_1:0; with
maximum_iterations the counter takes Exit, so the variables start at Exit_1), fetchable by those names,
inside name scopes, nested loops and dynamic_rnn; values and gradients as before."""
import numpy as np


def case_x_wexit_names_basic(tf):
    i = tf.constant(0)
    one = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [i])
    a, b = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s * 2.0), (i, tf.constant(1.0)))
    with tf.name_scope("outer"):
        c = tf.while_loop(lambda i: i < 5, lambda i: i + 2, [i], name="mine")
    d, e = tf.while_loop(lambda i, s: i < 10, lambda i, s: (i + 1, s + 1.0), (i, tf.constant(0.0)),
                         maximum_iterations=4)
    g = tf.get_default_graph()
    with tf.Session() as sess:
        values = sess.run([one, a, b, c, d, e])
        by_name = sess.run([g.get_tensor_by_name(t.name) for t in (a, b, e)])
    return {"names": [t.name for t in (one, a, b, c, d, e)], "values": values, "by_name": by_name}


def case_x_wexit_names_nested_and_gradient(tf):
    x = tf.constant(2.0)

    def outer_body(i, acc):
        inner = tf.while_loop(lambda j, v: j < 2, lambda j, v: (j + 1, v * x), (0, acc))
        return i + 1, inner[1]
    i, acc = tf.while_loop(lambda i, acc: i < 3, outer_body, (0, tf.constant(1.0)))
    (grad,) = tf.gradients(acc, [x])
    with tf.Session() as sess:
        values = sess.run([i, acc, grad])
    return {"names": [i.name, acc.name], "values": values}


def case_x_wexit_names_dynamic_rnn(tf):
    tf.set_random_seed(1)
    cell = tf.nn.rnn_cell.BasicRNNCell(3)
    inputs = tf.constant(np.linspace(-1, 1, 2 * 4 * 2).reshape(2, 4, 2).astype(np.float32))
    outputs, state = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    return {"outputs": outputs.name, "state": state.name, "shape": state.shape.as_list()}
