"""A sweep of tf.layers programs as users write them: lower-case padding and int kernel sizes, layers
applied twice (shared weights), weights/variables lists, batch normalization options (center/scale off,
momentum, training as a placeholder, virtual batches), pooling SAME on odd sizes, dropout with a tensor
rate, dense on unknown ranks, regularizer and constraint interplay, a small convnet trained a few steps.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""

from _harness import catch
from _casekit import wave as _fixed, variable_names as _names


def _session(tf):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i, v in enumerate(tf.trainable_variables()):
        sess.run(v.assign(_fixed(v.shape.as_list(), phase=float(i))))
    return sess


def case_x_layers_sweep_lowercase_padding_int_kernel(tf):
    x = tf.constant(_fixed([2, 7, 7, 2], 1.0))
    a = tf.layers.conv2d(x, 3, 3, padding="same", strides=2)
    b = tf.layers.max_pooling2d(x, 3, 2, padding="same")
    c = tf.layers.average_pooling2d(x, [2, 3], [2, 1], padding="valid")
    sess = _session(tf)
    return {"shapes": [t.shape.as_list() for t in (a, b, c)], "a": sess.run(a), "b": sess.run(b), "c": sess.run(c),
            "vars": _names(tf.global_variables())}


def case_x_layers_sweep_layer_applied_twice(tf):
    dense = tf.layers.Dense(3, name="shared")
    x1, x2 = tf.constant(_fixed([2, 4], 1.0)), tf.constant(_fixed([1, 4], 1.0, 2.0))
    y1, y2 = dense(x1), dense(x2)
    sess = _session(tf)
    return {"vars": _names(tf.global_variables()), "y1": sess.run(y1), "y2": sess.run(y2),
            "names": [y1.op.name, y2.op.name], "weights": _names(dense.weights),
            "non_trainable": _names(dense.non_trainable_weights), "built": dense.built}


def case_x_layers_sweep_dense_unknown_rank_error(tf):
    x = tf.placeholder(tf.float32)
    return catch(tf.layers.dense, x, 3)


def case_x_layers_sweep_dense_unknown_last_dim_error(tf):
    x = tf.placeholder(tf.float32, [None, None])
    return catch(tf.layers.dense, x, 3)


def case_x_layers_sweep_batch_norm_center_scale_off(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    y = tf.layers.batch_normalization(x, center=False, scale=False, training=True, momentum=0.5, epsilon=0.01)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess.run(updates)
    return {"vars": _names(tf.global_variables()), "trainable": _names(tf.trainable_variables()),
            "y": sess.run(y), "moving": sess.run([v for v in tf.global_variables() if "moving" in v.name]),
            "n_updates": len(updates)}


def case_x_layers_sweep_batch_norm_training_placeholder(tf):
    x = tf.constant(_fixed([4, 2, 2, 3], 2.0))
    training = tf.placeholder_with_default(False, [])
    y = tf.layers.batch_normalization(x, training=training, axis=-1)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    inference = sess.run(y)
    trained = sess.run([y] + updates, {training: True})[0]
    moving = sess.run([v for v in tf.global_variables() if "moving" in v.name])
    return {"inference": inference, "trained": trained, "moving": moving, "n_updates": len(updates)}


def case_x_layers_sweep_batch_norm_virtual_batch(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    y = tf.layers.batch_normalization(x, training=True, virtual_batch_size=2)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"y": sess.run(y), "vars": _names(tf.global_variables())}


def case_x_layers_sweep_dropout_tensor_rate(tf):
    x = tf.ones([3, 4])
    rate = tf.placeholder(tf.float32, [])
    y = tf.layers.dropout(x, rate=rate, training=False)
    z = tf.layers.dropout(x, rate=0.0, training=True)
    sess = tf.Session()
    return {"y": sess.run(y, {rate: 0.5}), "z": sess.run(z)}


def case_x_layers_sweep_conv1d_and_pool1d_channels(tf):
    x = tf.constant(_fixed([2, 6, 3], 1.0))
    a = tf.layers.conv1d(x, 2, 3, padding="same", dilation_rate=2)
    b = tf.layers.max_pooling1d(x, 2, 2)
    c = tf.layers.average_pooling1d(x, 3, 1, padding="same")
    sess = _session(tf)
    return {"a": sess.run(a), "b": sess.run(b), "c": sess.run(c), "vars": _names(tf.global_variables())}


def case_x_layers_sweep_kernel_constraint_and_regularizer(tf):
    dense = tf.layers.Dense(2, kernel_regularizer=lambda w: 0.5 * tf.reduce_sum(tf.abs(w)),
                            bias_regularizer=lambda b: tf.reduce_sum(b * b),
                            kernel_constraint=lambda w: tf.clip_by_value(w, -0.1, 0.1))
    y = dense(tf.constant(_fixed([3, 2], 1.0)))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    total = tf.losses.get_regularization_loss()
    sess = _session(tf)
    return {"n_losses": len(losses), "losses": sess.run(losses), "total": sess.run(total), "y": sess.run(y),
            "loss_names": [t.op.name for t in losses], "has_constraint": dense.kernel_constraint is not None}


def case_x_layers_sweep_conv2d_transpose_same_stride2(tf):
    x = tf.constant(_fixed([1, 3, 3, 2], 1.0))
    y = tf.layers.conv2d_transpose(x, 1, 3, strides=2, padding="same", use_bias=False)
    g = tf.gradients(tf.reduce_sum(y * y), tf.trainable_variables())
    sess = _session(tf)
    return {"shape": y.shape.as_list(), "y": sess.run(y), "g": sess.run(g)}


def case_x_layers_sweep_small_convnet_training(tf):
    x = tf.constant(_fixed([4, 6, 6, 1], 1.0))
    labels = tf.constant([0, 1, 2, 1])
    h = tf.layers.conv2d(x, 4, 3, activation=tf.nn.relu, name="c1")
    h = tf.layers.max_pooling2d(h, 2, 2)
    h = tf.layers.batch_normalization(h, training=True, name="bn")
    logits = tf.layers.dense(tf.layers.flatten(h), 3, name="out")
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    sess = _session(tf)
    sess.run(tf.variables_initializer([v for v in tf.global_variables() if "Momentum" in v.name]))
    losses = [float(sess.run([train, loss])[1]) for _ in range(4)]
    return {"losses": losses, "vars": sorted(v.name for v in tf.global_variables())}


def case_x_layers_sweep_flatten_ranks(tf):
    a = tf.layers.flatten(tf.zeros([2, 3]))
    b = tf.layers.flatten(tf.zeros([2, 3, 4, 5, 6]))
    c = tf.layers.flatten(tf.placeholder(tf.float32, [None, 2, None]))
    return {"a": a.shape.as_list(), "b": b.shape.as_list(), "c": c.shape.as_list(),
            "rank1": catch(lambda: tf.layers.flatten(tf.zeros([3])).shape.as_list())}


def case_x_layers_sweep_layer_name_scopes(tf):
    with tf.variable_scope("model"):
        a = tf.layers.dense(tf.zeros([1, 2]), 2)
        b = tf.layers.dense(tf.zeros([1, 2]), 2)
        with tf.name_scope("inner"):
            c = tf.layers.dense(tf.zeros([1, 2]), 2, name="named")
    with tf.variable_scope("model", reuse=True):
        d = tf.layers.dense(tf.zeros([1, 2]), 2, name="named")
    return {"vars": _names(tf.global_variables()), "ops": [t.op.name for t in (a, b, c, d)]}
