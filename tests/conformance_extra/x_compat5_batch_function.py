"""tf.nondifferentiable_batch_function: one BatchFunction op (name, attrs, unknown shapes), a run's batch
padded with its first row up to an allowed size, captured tensors, TF's checks and its missing gradient."""
from _harness import catch, message_has


def _build(tf, **options):
    offset = tf.constant(100.0, name="offset")

    @tf.nondifferentiable_batch_function(1, 4, 1000, **options)
    def f(x, y):
        return x * 2.0 + tf.reduce_sum(x) + offset, tf.fill(tf.shape(y), tf.shape(x)[0]) + y

    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    return x, y, f(x, y)


def case_x_compat5_batch_function_graph(tf):
    x, y, (values, sizes) = _build(tf, allowed_batch_sizes=[2, 4])
    op = values.op
    return {"names": [values.name, sizes.name], "type": op.type, "shapes": [str(values.shape), str(sizes.shape)],
            "dtypes": [values.dtype.name, sizes.dtype.name],
            "attrs": [op.get_attr("max_batch_size"), op.get_attr("allowed_batch_sizes"),
                      op.get_attr("shared_name"), op.get_attr("num_batch_threads"),
                      op.get_attr("batch_timeout_micros"), op.get_attr("max_enqueued_batches")],
            "tin": [d.name for d in op.get_attr("Tin")], "tcaptured": [d.name for d in op.get_attr("Tcaptured")],
            "inputs": [t.op.name for t in op.inputs],
            "gradient": catch(tf.gradients, values, x)}


def case_x_compat5_batch_function_padding(tf):
    x, y, outputs = _build(tf, allowed_batch_sizes=[2, 4])
    with tf.Session() as sess:
        one = sess.run(outputs, {x: [[1.0, 2.0]], y: [10]})
        three = sess.run(outputs, {x: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], y: [10, 20, 30]})
        four = sess.run(outputs, {x: [[1.0, 1.0]] * 4, y: [0] * 4})
    return {"one": one, "three": three, "four": four}


def case_x_compat5_batch_function_unpadded(tf):
    x, y, outputs = _build(tf)
    with tf.Session() as sess:
        return sess.run(outputs, {x: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], y: [1, 2, 3]})


def case_x_compat5_batch_function_errors(tf):
    x, y, outputs = _build(tf, allowed_batch_sizes=[2, 4])
    with tf.Session() as sess:
        too_big = message_has(lambda: sess.run(outputs, {x: [[1.0, 2.0]] * 5, y: [1] * 5}),
                              "Task size 5 is larger than maximum input batch size 4")
        unequal = message_has(lambda: sess.run(outputs, {x: [[1.0, 2.0]] * 2, y: [1] * 3}),
                              "must have equal 0th-dimension size")
        after = sess.run(outputs[1], {x: [[1.0, 2.0]], y: [5]})
    with tf.Graph().as_default():
        z = tf.placeholder(tf.float32, [None])
        decreasing = tf.nondifferentiable_batch_function(1, 4, 1000, allowed_batch_sizes=[4, 2])(lambda a: a + 1)(z)
        scalar_out = tf.nondifferentiable_batch_function(1, 4, 1000)(lambda a: tf.reduce_sum(a))(z)
        with tf.Session() as sess:
            bad_sizes = message_has(lambda: sess.run(decreasing, {z: [1.0]}), "monotonically increasing")
            rank0 = message_has(lambda: sess.run(scalar_out, {z: [1.0]}), "Batched output tensor has 0 dimensions")
    return {"too_big": too_big, "unequal": unequal, "after": after, "bad_sizes": bad_sizes, "rank0": rank0}
