"""Round-14 variations of layers_core: auto and explicit layer names mixed, a layer object fed an incompatible
input, layer dtypes, the collections layers fill, the weights/losses/updates of layer objects, flatten and
dropout corner cases, regularizers that return odd values.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has
from _casekit import wave, variable_names, initialized_session


def case_x_gb14_dense_explicit_and_auto_names_mixed(tf):
    x = tf.constant([[1.0, 2.0]])
    a = tf.layers.dense(x, 2)
    b = tf.layers.dense(x, 2, name="dense_1")
    c = tf.layers.dense(x, 2)
    with tf.variable_scope("dense"):
        d = tf.layers.dense(x, 1)
    e = tf.layers.Dense(1)
    f = e(x)
    return {"ops": [t.op.name for t in (a, b, c, d, f)], "vars": variable_names(tf.global_variables()),
            "layer_name": e.name}


def case_x_gb14_dense_object_incompatible_input(tf):
    layer = tf.layers.Dense(2, kernel_initializer=tf.constant_initializer(wave([3, 2])), name="fc")
    y = layer(tf.constant(wave([1, 3], 1.0)))
    out = {
        "last_dim": message_has(lambda: layer(tf.zeros([1, 4])), "Input 0 of layer", "fc", "incompatible",
                                "axis -1", "value 3"),
        "rank1": catch(layer, tf.zeros([3])),
        "unknown_last": catch(layer, tf.placeholder(tf.float32, [None, None])),
        "rank3_ok": layer(tf.zeros([2, 5, 3])).shape.as_list(),
    }
    sess = initialized_session(tf)
    out["y"] = sess.run(y)
    out["vars"] = variable_names(tf.global_variables())
    return out


def case_x_gb14_dense_layer_dtypes(tf):
    x64 = tf.constant(wave([2, 3], 1.0).astype(np.float64))
    a = tf.layers.dense(x64, 2, kernel_initializer=tf.constant_initializer(wave([3, 2])))
    b = tf.layers.Dense(2, dtype="float64", kernel_initializer=tf.constant_initializer(wave([3, 2])))(x64)
    out = {"dtypes": [a.dtype.name, b.dtype.name], "vars": variable_names(tf.global_variables(), with_dtypes=True),
           "mixed": catch(tf.layers.Dense(2, dtype="float64"), tf.zeros([1, 3])),
           "half": tf.layers.dense(tf.zeros([1, 3], tf.float16), 2).dtype.name}
    sess = initialized_session(tf)
    out["a"] = sess.run(a)
    out["b"] = sess.run(b)
    return out


def case_x_gb14_layer_collections(tf):
    x = tf.constant(wave([4, 3], 1.0))
    h = tf.layers.dense(x, 2, kernel_regularizer=lambda w: tf.reduce_sum(w))
    h = tf.layers.batch_normalization(h, training=True)
    tf.layers.conv1d(tf.reshape(h, [4, 2, 1]), 1, 1, trainable=False)
    keys = [tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES, tf.GraphKeys.MODEL_VARIABLES,
            tf.GraphKeys.MOVING_AVERAGE_VARIABLES, tf.GraphKeys.LOCAL_VARIABLES]
    return {k: [v.name for v in tf.get_collection(k)] for k in keys} | {
        "updates": [op.type for op in tf.get_collection(tf.GraphKeys.UPDATE_OPS)],
        "reg": [t.op.type for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)],
        "reg_scoped": len(tf.losses.get_regularization_losses(scope="dense")),
        "reg_other_scope": len(tf.losses.get_regularization_losses(scope="nothing"))}


def case_x_gb14_layer_object_weights_losses_order(tf):
    layer = tf.layers.Dense(2, kernel_regularizer=lambda w: 2.0 * tf.reduce_sum(w),
                            bias_regularizer=lambda b: tf.reduce_sum(b) + 1.0,
                            activity_regularizer=lambda a: 0.5 * tf.reduce_sum(a),
                            kernel_initializer=tf.constant_initializer(wave([2, 2])),
                            bias_initializer=tf.constant_initializer(0.5))
    before = [len(layer.weights), len(layer.losses), layer.built]
    y = layer(tf.constant([[1.0, -1.0]]))
    sess = initialized_session(tf)
    return {"before": before, "after": [len(layer.weights), len(layer.losses), layer.built],
            "losses": sess.run(layer.losses), "weights": variable_names(layer.weights),
            "trainable": variable_names(layer.trainable_weights), "y": sess.run(y),
            "kernel_is_first": layer.kernel is layer.weights[0],
            "reg_collection": sess.run(tf.losses.get_regularization_loss())}


def case_x_gb14_regularizer_odd_returns(tf):
    x = tf.constant([[1.0, 2.0]])
    tf.layers.dense(x, 2, kernel_regularizer=lambda w: None, name="none_reg")
    tf.layers.dense(x, 2, kernel_regularizer=lambda w: tf.constant(3.0), name="const_reg")
    tf.layers.dense(x, 2, kernel_regularizer=lambda w: tf.reduce_sum(w, 0), name="vec_reg",
                    kernel_initializer=tf.ones_initializer())
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = initialized_session(tf)
    return {"count": len(losses), "values": sess.run(losses), "shapes": [t.shape.as_list() for t in losses],
            "total": catch(lambda: sess.run(tf.losses.get_regularization_loss()))}


def case_x_gb14_flatten_scalar_string_and_names(tf):
    s = tf.constant([["a", "b"], ["c", "d"]])
    sess = tf.Session()
    with tf.name_scope("outer"):
        f = tf.layers.flatten(tf.zeros([2, 3, 1]), name="flat")
    return {
        "scalar": catch(tf.layers.flatten, tf.constant(1.0)),
        "string": sess.run(tf.layers.flatten(tf.reshape(s, [1, 2, 2]))).tolist(),
        "int": sess.run(tf.layers.flatten(tf.reshape(tf.range(6), [2, 3, 1]))),
        "name": f.op.name, "static": f.shape.as_list(),
        "zero_dim": tf.layers.flatten(tf.zeros([2, 0, 3])).shape.as_list(),
    }


def case_x_gb14_layers_dropout_rate_placeholder_and_grad(tf):
    x = tf.constant(wave([3, 8], 1.0) + 2.0)
    rate = tf.placeholder(tf.float32, [])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, rate=rate, training=training, seed=5)
    g = tf.gradients(tf.reduce_sum(y), x)[0]
    sess = tf.Session()
    zero = sess.run([y, g], {rate: 0.0, training: True})
    infer = sess.run([y, g], {rate: 0.9, training: False})
    half = sess.run(g, {rate: 0.5, training: True})
    return {"zero_equal": [bool(np.allclose(zero[0], sess.run(x))), sorted(set(zero[1].ravel().tolist()))],
            "infer_equal": [bool(np.allclose(infer[0], sess.run(x))), sorted(set(infer[1].ravel().tolist()))],
            "half_values": sorted(set(half.ravel().tolist())), "static": y.shape.as_list(),
            "bad_rate": catch(sess.run, y, {rate: 1.5, training: True})}


def case_x_gb14_core_layers_get_config(tf):
    keep = ("name", "trainable", "units", "use_bias", "activation", "rate", "noise_shape", "seed", "data_format",
            "filters", "kernel_size", "strides", "padding", "dilation_rate")
    layers = [tf.layers.Dense(4, activation=tf.nn.relu, name="d"), tf.layers.Dropout(0.25, seed=3, name="drop"),
              tf.layers.Flatten(name="fl"), tf.layers.Conv2D(2, 3, strides=2, padding="same", name="cv"),
              tf.layers.Conv1D(1, 2, dilation_rate=2, activation="tanh", name="c1")]
    out = {}
    for layer in layers:
        config = catch(layer.get_config)
        out[layer.name] = {k: config[k] for k in keep if k in config} if isinstance(config, dict) and \
            "raised" not in config else config
    clone = tf.layers.Conv2D.from_config(layers[3].get_config())
    y = clone(tf.zeros([1, 4, 4, 1]))
    out["clone"] = [clone.name, y.shape.as_list(), y.op.name]
    return out


def case_x_gb14_dense_partitioned_kernel_and_regularizer(tf):
    x = tf.constant(np.arange(8, dtype=np.float32).reshape(2, 4) / 4)
    with tf.variable_scope("part", partitioner=tf.fixed_size_partitioner(2)):
        y = tf.layers.dense(x, 3, kernel_initializer=tf.constant_initializer(0.5),
                            bias_initializer=tf.constant_initializer(0.25),
                            kernel_regularizer=lambda w: tf.reduce_sum(w))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = initialized_session(tf)
    return {"vars": variable_names(tf.global_variables()), "y": sess.run(y), "op": y.op.name,
            "n_losses": len(losses), "losses": sess.run(losses),
            "grads": sess.run(tf.gradients(tf.reduce_sum(y * y), tf.trainable_variables())),
            "gx": sess.run(tf.gradients(tf.reduce_sum(y), x)[0])}


def case_x_gb14_dense_sparse_input(tf):
    sp = tf.SparseTensor([[0, 1], [2, 0], [2, 2]], [1.0, 2.0, 3.0], [3, 3])  # row 1 is empty
    layer = tf.layers.Dense(2, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(wave([3, 2])),
                            bias_initializer=tf.constant_initializer(0.25))
    y = layer(sp)
    grads = tf.gradients(tf.reduce_sum(y * y), layer.trainable_weights)
    fed = tf.sparse_placeholder(tf.float32, [None, 3])
    z = layer(fed)
    sess = initialized_session(tf)
    return {"y": sess.run(y), "static": [y.shape.as_list(), z.shape.as_list()], "op": y.op.name,
            "grads": [sess.run(tf.convert_to_tensor(g)) for g in grads],
            "fed": sess.run(z, {fed: tf.SparseTensorValue([[0, 2]], [4.0], [2, 3])}),
            "types": sorted({op.type for op in tf.get_default_graph().get_operations()
                             if op.name.startswith("dense/") and "Initializer" not in op.name}),
            "flatten": catch(tf.layers.flatten, sp)}
