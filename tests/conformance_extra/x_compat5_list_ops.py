"""tf.shape_n / tf.identity_n as one ShapeN / IdentityN op (types, attrs, values, gradients, GraphDef round
trip, TF's errors) and fetching a variant (a TensorList, a dataset): TF's InternalError, session still usable."""
from _harness import catch, message_has


def case_x_compat5_shape_n_op(tf):
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    b = tf.constant([[1.0, 2.0]], name="b")
    shapes = tf.shape_n([a, b, a])
    wide = tf.shape_n([b], out_type=tf.int64, name="wide")
    op = shapes[0].op
    with tf.Session() as sess:
        values = sess.run(shapes + wide, {a: [[1, 2, 3], [4, 5, 6]]})
    return {"names": [t.name for t in shapes + wide], "type": op.type, "n": op.get_attr("N"),
            "t": op.get_attr("T").name, "out_type": [op.get_attr("out_type").name, wide[0].dtype.name],
            "static": [str(t.shape) for t in shapes], "values": values,
            "grad": tf.gradients(tf.cast(shapes[0], tf.float32), [a]) == [None],
            "ops": [o.type for o in tf.get_default_graph().get_operations()]}


def case_x_compat5_shape_n_errors(tf):
    a = tf.placeholder(tf.float32, [None, 3])
    return {"mixed": message_has(lambda: tf.shape_n([a, tf.constant(1)]), "have types [float32, int32]",
                                 "don't all match"),
            "empty": message_has(lambda: tf.shape_n([]), "shorter than minimum length 1"),
            "out_type": message_has(lambda: tf.shape_n([a], out_type=tf.float32), "not in list of allowed values"),
            "not_list": catch(tf.shape_n, a),
            "ident_empty": message_has(lambda: tf.identity_n([]), "less than minimum 1"),
            "ident_not_list": message_has(lambda: tf.identity_n(a), "Expected list for 'input' argument to "
                                                                    "'IdentityN' Op")}


def case_x_compat5_identity_n_op(tf):
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    b = tf.constant([[1.0, 2.0]])
    outs = tf.identity_n([a, b, tf.constant(7)], name="ids")
    loss = tf.reduce_sum(outs[0] * 2.0) + tf.reduce_sum(outs[1] * outs[1])
    grads = tf.gradients(loss, [a, b])
    feed = {a: [[1.0, 2.0, 3.0]]}
    with tf.Session() as sess:
        values = sess.run(outs + grads, feed)
    return {"names": [t.name for t in outs], "type": outs[0].op.type,
            "t": [d.name for d in outs[0].op.get_attr("T")], "shapes": [str(t.shape) for t in outs],
            "values": values}


def case_x_compat5_list_ops_graph_def_round_trip(tf):
    a = tf.placeholder(tf.float32, [None, 2], name="a")
    tf.shape_n([a, tf.ones([3, 1, 2])], name="shapes")
    tf.identity_n([a, tf.constant(3)], name="ids")
    graph_def = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            return sess.run(["shapes:0", "shapes:1", "ids:0", "ids:1"], {"a:0": [[1.0, 2.0]] * 4})


def case_x_compat5_fetch_tensor_list_raises(tf):
    tf.enable_control_flow_v2()
    try:
        ta = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, 2.0)
        counter = tf.Variable(0, name="counter")
        bump = tf.assign_add(counter, 1)
        with tf.Session() as sess:
            sess.run(counter.initializer)
            alone = message_has(lambda: sess.run(ta.flow), "Tensorflow type 21 not convertible to numpy dtype.")
            with_others = catch(sess.run, [ta.flow, ta.stack(), bump])
            stacked = sess.run(ta.stack())
            count = sess.run(counter)
    finally:
        tf.disable_control_flow_v2()
    return {"dtype": ta.flow.dtype.name, "alone": alone, "with_others": with_others, "stacked": stacked,
            "step_ran": count}


def case_x_compat5_fetch_dataset_variant_raises(tf):
    variant = tf.data.experimental.to_variant(tf.data.Dataset.range(3))
    with tf.Session() as sess:
        return {"run": catch(sess.run, variant), "eval": catch(variant.eval, session=sess),
                "callable": catch(sess.make_callable([variant])), "after": sess.run(tf.constant(1))}
