"""Variations of the public layers_core cases: tf.layers dense / flatten / dropout with other
dtypes and ranks, names and scopes, reuse flags, regularizers and constraints, trainable flags,
training flags as tensors, error classes and messages.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has


def _fixed(shape, scale=0.5, phase=0.0):
    n = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(1, n + 1) * 0.9 + phase) * scale).reshape(shape).astype(np.float32)


def _names(vs):
    return [(v.name, v.shape.as_list()) for v in vs]


def _init_run(tf):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess


def case_x_lvar_dense_float64_float16(tf):
    k = tf.constant_initializer(_fixed([3, 2]))
    a = tf.layers.dense(tf.constant(_fixed([2, 3], 2.0).astype(np.float64)), 2, kernel_initializer=k,
                        bias_initializer=tf.constant_initializer([0.1, -0.2]))
    b = tf.layers.dense(tf.constant(_fixed([2, 3], 2.0).astype(np.float16)), 2, kernel_initializer=k,
                        activation=tf.nn.tanh)
    sess = _init_run(tf)
    return {"a": sess.run(a), "b": sess.run(b), "dtypes": [a.dtype.name, b.dtype.name],
            "vars": _names(tf.global_variables()),
            "var_dtypes": [v.dtype.base_dtype.name for v in tf.global_variables()],
            "ops": [a.op.name, b.op.name]}


def case_x_lvar_dense_op_names_and_types(tf):
    x = tf.constant([[1.0, 2.0, 3.0]])
    a = tf.layers.dense(x, 2)
    b = tf.layers.dense(x, 2, activation=tf.nn.relu)
    c = tf.layers.dense(x, 2, use_bias=False, name="nb")
    with tf.variable_scope("outer"):
        d = tf.layers.dense(x, 2, activation=tf.nn.softplus, name="fc")
    with tf.name_scope("ns"):
        e = tf.layers.dense(x, 2)
    return {"names": [t.op.name for t in (a, b, c, d, e)], "types": [t.op.type for t in (a, b, c, d, e)],
            "tensors": [t.name for t in (a, b, c, d, e)], "vars": _names(tf.global_variables())}


def case_x_lvar_dense_int_input_and_bad_units(tf):
    return {
        "int32": catch(tf.layers.dense, tf.constant([[1, 2]]), 2),
        "int_msg": message_has(lambda: tf.layers.dense(tf.constant([[1, 2]]), 2), "Dense", "int32"),
        "zero_units": catch(tf.layers.dense, tf.constant([[1.0, 2.0]]), 0),
        "unknown_rank": catch(tf.layers.dense, tf.placeholder(tf.float32), 2),
        "unknown_last_msg": message_has(lambda: tf.layers.dense(tf.placeholder(tf.float32, [2, None]), 2),
                                        "last dimension", "should be defined"),
        "vars": _names(tf.global_variables()),
    }


def case_x_lvar_dense_rank3_and_rank4(tf):
    p = tf.placeholder(tf.float32, [None, None, 3])
    y = tf.layers.dense(p, 2, kernel_initializer=tf.constant_initializer(_fixed([3, 2])), activation=tf.nn.relu)
    q = tf.placeholder(tf.float64, [2, 1, 2, 3])
    z = tf.layers.dense(q, 1, kernel_initializer=tf.constant_initializer(_fixed([3, 1], phase=1.0)))
    g = tf.gradients(tf.reduce_sum(y), p)[0]
    sess = _init_run(tf)
    pv = _fixed([2, 2, 3], 2.0, 1.0)
    return {"static": [y.shape.as_list(), z.shape.as_list()], "y": sess.run(y, {p: pv}),
            "z": sess.run(z, {q: _fixed([2, 1, 2, 3], 1.0).astype(np.float64)}), "g": sess.run(g, {p: pv}),
            "g_static": g.shape.as_list()}


def case_x_lvar_dense_reuse_flag_on_layer(tf):
    x = tf.constant([[1.0, 2.0]])
    a = tf.layers.dense(x, 2, name="fc", kernel_initializer=tf.constant_initializer(0.5))
    b = tf.layers.dense(x * 3.0, 2, name="fc", reuse=True)
    c = tf.layers.dense(x, 2, name="fc", reuse=tf.AUTO_REUSE)
    d = tf.layers.dense(x, 2, name="fresh", reuse=tf.AUTO_REUSE)
    sess = _init_run(tf)
    return {"vars": _names(tf.global_variables()), "a": sess.run(a), "b": sess.run(b), "c": sess.run(c),
            "ops": [t.op.name for t in (a, b, c, d)]}


def case_x_lvar_dense_reuse_conflict_messages(tf):
    x = tf.constant([[1.0, 2.0]])
    with tf.variable_scope("s"):
        tf.layers.dense(x, 2, name="fc")
    with tf.variable_scope("s"):
        dup = message_has(lambda: tf.layers.dense(x, 2, name="fc"), "s/fc/kernel", "already exists")
    with tf.variable_scope("s", reuse=True):
        missing = message_has(lambda: tf.layers.dense(x, 2, name="other"), "s/other/kernel", "does not exist")
        wrong_in = catch(tf.layers.dense, tf.constant([[1.0, 2.0, 3.0]]), 2, name="fc")
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        auto_wrong = catch(tf.layers.dense, x, 5, name="fc")
    return {"dup": dup, "missing": missing, "wrong_in": wrong_in, "auto_wrong": auto_wrong,
            "n_vars": len(tf.global_variables())}


def case_x_lvar_flatten_more(tf):
    x = tf.reshape(tf.range(24, dtype=tf.float64), [2, 3, 4])
    first = tf.layers.flatten(x, data_format="channels_first")
    p = tf.placeholder(tf.int32, [None, None, 2])
    q = tf.placeholder(tf.float32, [3, None])
    sess = tf.Session()
    return {"last": sess.run(tf.layers.flatten(x)), "first": sess.run(first),
            "static": [tf.layers.flatten(p).shape.as_list(), tf.layers.flatten(q).shape.as_list(),
                       tf.layers.flatten(tf.zeros([0, 3, 2])).shape.as_list()],
            "dtype": tf.layers.flatten(p).dtype.name, "name": tf.layers.flatten(x, name="flat").op.name,
            "fed": sess.run(tf.layers.flatten(p), {p: np.ones([2, 3, 2], np.int32)}).shape,
            "scalar": catch(tf.layers.flatten, tf.constant(1.0))}


def case_x_lvar_dropout_rate_zero_and_dtypes(tf):
    x64 = tf.constant(_fixed([3, 4], 1.0).astype(np.float64))
    x16 = tf.constant(_fixed([3, 4], 1.0).astype(np.float16))
    a = tf.layers.dropout(x64, rate=0.0, training=True)
    b = tf.layers.dropout(x16, rate=0.5, training=True, seed=1)
    c = tf.layers.dropout(x64, rate=0.5, training=tf.constant(False))
    sess = tf.Session()
    bv = sess.run(b)
    x16v = sess.run(x16)
    return {"a": sess.run(a), "b_ok": bool(np.all((bv == 0) | np.isclose(bv, x16v * 2, atol=1e-3))),
            "c": sess.run(c), "dtypes": [t.dtype.name for t in (a, b, c)],
            "shapes": [t.shape.as_list() for t in (a, b, c)]}


def case_x_lvar_dropout_tensor_training_and_noise_shape(tf):
    tf.set_random_seed(3)
    x = tf.ones([50, 40])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, rate=0.5, noise_shape=[50, 1], training=training, seed=2)
    sess = tf.Session()
    tv = sess.run(y, {training: True})
    rows_uniform = bool(np.all(tv.min(axis=1) == tv.max(axis=1)))
    return {"infer": bool(np.array_equal(sess.run(y, {training: False}), np.ones([50, 40]))),
            "rows_uniform": rows_uniform, "values": sorted(set(np.round(tv, 4).ravel().tolist())),
            "static": y.shape.as_list(),
            "bad_rate": catch(tf.layers.dropout, x, rate=1.5, training=True)}


def case_x_lvar_dropout_unknown_shape(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.dropout(p, rate=0.3, training=True, seed=5)
    z = tf.layers.dropout(tf.placeholder(tf.float32), rate=0.3)
    sess = tf.Session()
    v = sess.run(y, {p: np.ones([4, 3], np.float32)})
    return {"static": y.shape.as_list(), "unknown_rank": z.shape.ndims, "fed_shape": list(v.shape),
            "values_ok": bool(np.all((v == 0) | np.isclose(v, 1 / 0.7)))}


def case_x_lvar_trainable_collections_conv_bn(tf):
    x = tf.constant(np.ones([1, 4, 4, 2], np.float32))
    h = tf.layers.conv2d(x, 2, 2, trainable=False)
    h = tf.layers.batch_normalization(h, training=True)
    h = tf.layers.dense(tf.layers.flatten(h), 1, trainable=False, use_bias=False)
    tf.layers.dense(h, 1, name="out")
    return {"trainable": _names(tf.trainable_variables()), "global": _names(tf.global_variables()),
            "model": len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)),
            "local": len(tf.local_variables())}


def case_x_lvar_trainable_layer_class_flag(tf):
    x = tf.constant([[1.0, 2.0]])
    layer = tf.layers.Dense(2, trainable=False, name="frozen")
    y = layer(x)
    return {"trainable_weights": _names(layer.trainable_weights), "non_trainable": _names(layer.non_trainable_weights),
            "weights": _names(layer.weights), "trainable_vars": _names(tf.trainable_variables()),
            "op": y.op.name, "layer_trainable": layer.trainable}


def case_x_lvar_dense_regularizers_bias_and_activity(tf):
    x = tf.constant([[1.0, 2.0]])
    tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer([[1.0, 2.0], [3.0, 4.0]]),
                    bias_initializer=tf.constant_initializer([1.0, -3.0]),
                    bias_regularizer=lambda b: tf.reduce_sum(tf.abs(b)),
                    activity_regularizer=lambda a: 0.1 * tf.reduce_sum(a), name="reg")
    tf.layers.dense(x, 1, kernel_initializer=tf.constant_initializer(2.0),
                    kernel_regularizer=lambda w: tf.nn.l2_loss(w))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    total = tf.losses.get_regularization_loss()
    sess = _init_run(tf)
    return {"count": len(losses), "values": sess.run(losses), "total": sess.run(total),
            "total_name": total.op.name, "scoped": len(tf.losses.get_regularization_losses(scope="reg"))}


def case_x_lvar_dense_regularizer_in_scope_and_reuse(tf):
    x = tf.constant([[1.0, -1.0]])
    reg = lambda w: tf.reduce_sum(w)  # noqa: E731
    with tf.variable_scope("a"):
        tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(1.5), kernel_regularizer=reg, name="d")
    with tf.variable_scope("a", reuse=True):
        tf.layers.dense(x, 2, kernel_regularizer=reg, name="d")
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = _init_run(tf)
    return {"count": len(losses), "values": sess.run(losses), "vars": _names(tf.global_variables())}


def case_x_lvar_dense_constraints(tf):
    x = tf.constant([[1.0, 2.0]])
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer([[3.0, -2.0], [0.5, 4.0]]),
                        kernel_constraint=lambda w: tf.clip_by_value(w, -1.0, 1.0),
                        bias_constraint=lambda b: tf.maximum(b, 0.0),
                        bias_initializer=tf.constant_initializer([-1.0, 1.0]))
    loss = tf.reduce_sum(y)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = _init_run(tf)
    before = sess.run(tf.global_variables())
    sess.run(train)
    return {"before": before, "after": sess.run(tf.global_variables())}
