"""Variations of the public ops_nn cases: dtypes, axes, shapes, names and errors of tf.nn and losses."""
import numpy as np

from _harness import catch, message_has


def case_activation_variations(tf):
    d = tf.constant([[1.0, -2.0, 7.0], [0.5, 0.0, -1.0]], tf.float64)
    h = tf.constant([-1.0, 0.0, 8.0], tf.float16)
    sess = tf.Session()
    return {
        "f64": sess.run([tf.nn.relu(d), tf.nn.relu6(d), tf.nn.elu(d), tf.nn.selu(d), tf.nn.softplus(d),
                         tf.nn.softsign(d), tf.nn.leaky_relu(d), tf.nn.leaky_relu(d, alpha=0.5), tf.nn.crelu(d)]),
        "f16": sess.run([tf.nn.relu(h), tf.nn.relu6(h), tf.nn.sigmoid(h)]),
        "int_relu": sess.run(tf.nn.relu(tf.constant([-3, 4]))),
        "int_relu_i64": sess.run(tf.nn.relu6(tf.constant([-3, 9], tf.int64))),
        "int_elu": catch(tf.nn.elu, tf.constant([1])),
        "names": [tf.nn.relu(d, name="r").name, tf.nn.relu(d).op.type, tf.nn.leaky_relu(d).op.type,
                  tf.nn.softplus(d).op.type],
        "shape": tf.nn.relu(tf.placeholder(tf.float32, [None, 4])).shape.as_list(),
        "swish": sess.run(tf.nn.swish(tf.constant([1.0, -1.0]))),
        "gelu": sess.run(tf.nn.gelu(tf.constant([1.0, -1.0]))),
        "softplus_big": sess.run(tf.nn.softplus(tf.constant([100.0, -100.0]))),
    }


def case_softmax_variations(tf):
    d = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], tf.float64)
    x3 = tf.reshape(tf.range(12, dtype=tf.float32), [2, 3, 2])
    p = tf.placeholder(tf.float32)
    sess = tf.Session()
    return {
        "f64": sess.run([tf.nn.softmax(d), tf.nn.log_softmax(d, axis=0)]),
        "f16": sess.run(tf.nn.softmax(tf.constant([1.0, 2.0], tf.float16))),
        "3d_axis1": sess.run(tf.nn.softmax(x3, axis=1)),
        "3d_axis_neg2": sess.run(tf.nn.log_softmax(x3, axis=-2)),
        "unknown_rank": sess.run(tf.nn.softmax(p), {p: [[1.0, 1.0]]}),
        "unknown_rank_axis0": catch(tf.nn.softmax, p, axis=0),
        "scalar": catch(sess.run, tf.nn.softmax(tf.constant(1.0))),
        "int": catch(tf.nn.softmax, tf.constant([1, 2])),
        "axis_oob": catch(tf.nn.softmax, d, axis=2),
        "empty": sess.run(tf.nn.softmax(tf.zeros([0, 3]))).shape,
        "dim_kw": sess.run(tf.nn.softmax(d, dim=0)),
        "names": [tf.nn.softmax(d, name="sm").name, tf.nn.softmax(d).op.type, tf.nn.softmax(d, axis=0).op.type],
        "inf": sess.run(tf.nn.softmax(tf.constant([float("inf"), 0.0]))),
    }


def case_cross_entropy_variations(tf):
    logits = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], tf.float64)
    labels = tf.constant([[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]], tf.float64)
    sess = tf.Session()
    sp64 = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([2, 0], tf.int64), logits=logits)
    return {
        "f64": sess.run([tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits), sp64]),
        "axis0": sess.run(tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.transpose(labels),
                                                                     logits=tf.transpose(logits), axis=0)),
        "3d": sess.run(tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.ones([2, 2, 3]) / 3.0,
                                                                  logits=tf.zeros([2, 2, 3]))),
        "sparse_3d": sess.run(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0, 1]], logits=tf.zeros([1, 2, 3]))),
        "shape_mismatch": catch(tf.nn.softmax_cross_entropy_with_logits_v2, labels=tf.ones([2, 4]), logits=tf.ones([2, 3])),
        "sparse_rank_mismatch": catch(tf.nn.sparse_softmax_cross_entropy_with_logits, labels=tf.constant([[0]]),
                                      logits=tf.ones([2, 3])),
        "sparse_float_labels": catch(tf.nn.sparse_softmax_cross_entropy_with_logits, labels=tf.constant([0.0]),
                                     logits=tf.ones([1, 3])),
        "sigmoid_shape_mismatch": catch(tf.nn.sigmoid_cross_entropy_with_logits, labels=tf.ones([2]), logits=tf.ones([3])),
        "weighted": sess.run(tf.nn.weighted_cross_entropy_with_logits(labels=tf.constant([1.0, 0.0]),
                                                                      logits=tf.constant([0.5, -0.5]), pos_weight=2.0)),
        "positional_error": catch(tf.nn.softmax_cross_entropy_with_logits, tf.ones([1, 2]), tf.ones([1, 2])),
        "shapes": [tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.placeholder(tf.int32, [None]),
                                                                 logits=tf.placeholder(tf.float32, [None, 5])).shape.as_list()],
    }


def case_losses_variations(tf):
    labels = tf.constant([[1.0], [2.0], [3.0]])
    preds = tf.constant([[1.5], [2.0], [1.0]])
    w = tf.constant([[1.0], [0.0], [2.0]])
    sess = tf.Session()
    R = tf.losses.Reduction
    out = {
        "mse_weights": tf.losses.mean_squared_error(labels, preds, weights=w),
        "mse_none": tf.losses.mean_squared_error(labels, preds, reduction=R.NONE),
        "mse_sum": tf.losses.mean_squared_error(labels, preds, reduction=R.SUM),
        "mse_mean": tf.losses.mean_squared_error(labels, preds, weights=w, reduction=R.MEAN),
        "mse_nonzero": tf.losses.mean_squared_error(labels, preds, weights=w, reduction=R.SUM_BY_NONZERO_WEIGHTS),
        "abs": tf.losses.absolute_difference(labels, preds),
        "huber": tf.losses.huber_loss(labels, preds, delta=1.0),
        "log_loss": tf.losses.log_loss(tf.constant([1.0, 0.0]), tf.constant([0.9, 0.2])),
        "sigmoid_smooth": tf.losses.sigmoid_cross_entropy(tf.constant([[1.0, 0.0]]), tf.constant([[2.0, -1.0]]),
                                                          label_smoothing=0.2),
        "softmax_smooth": tf.losses.softmax_cross_entropy(tf.constant([[0.0, 1.0]]), tf.constant([[1.0, 2.0]]),
                                                          label_smoothing=0.1),
        "sparse_softmax": tf.losses.sparse_softmax_cross_entropy(tf.constant([1, 0]), tf.constant([[1.0, 2.0], [0.0, 0.0]])),
        "hinge": tf.losses.hinge_loss(tf.constant([1.0, 0.0]), tf.constant([0.3, 0.4])),
        "cosine": tf.losses.cosine_distance(tf.constant([[1.0, 0.0]]), tf.constant([[0.6, 0.8]]), axis=1),
    }
    res = sess.run(out)
    res["collection"] = len(tf.get_collection(tf.GraphKeys.LOSSES))
    res["total"] = sess.run(tf.losses.get_total_loss(add_regularization_losses=False))
    res["names"] = [out["mse_weights"].name, out["abs"].name]
    res["bad_weights"] = catch(tf.losses.mean_squared_error, labels, preds, weights=tf.ones([2]))
    res["shape_mismatch"] = catch(tf.losses.mean_squared_error, labels, tf.ones([4, 1]))
    return res


def case_sparse_softmax_label_errors(tf):
    labels = tf.placeholder(tf.int64, [None])
    logits = tf.placeholder(tf.float32, [None, 3])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    sess = tf.Session()
    return {
        "negative": catch(sess.run, loss, {labels: [-1], logits: np.ones((1, 3))}),
        "msg": message_has(lambda: sess.run(loss, {labels: [3], logits: np.ones((1, 3))}),
                           "Received a label value of 3 which is outside the valid range of [0, 3)"),
        "batch_mismatch": catch(sess.run, loss, {labels: [0, 1], logits: np.ones((1, 3))}),
        "empty": sess.run(loss, {labels: np.zeros([0], np.int64), logits: np.zeros((0, 3))}).shape,
        "ok": sess.run(loss, {labels: [1], logits: [[0.0, 1.0, 0.0]]}),
    }


def case_conv2d_variations(tf):
    img = tf.reshape(tf.range(32, dtype=tf.float64), [1, 4, 4, 2])
    k = tf.reshape(tf.range(8, dtype=tf.float64), [2, 2, 2, 1])
    sess = tf.Session()
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    return {
        "f64": sess.run(tf.nn.conv2d(img, k, [1, 1, 1, 1], "VALID")),
        "dilated": sess.run(tf.nn.conv2d(img, k, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1])),
        "stride_3": sess.run(tf.nn.conv2d(img, k, [1, 3, 3, 1], "SAME")),
        "explicit_pad": sess.run(tf.nn.conv2d(img, k, [1, 1, 1, 1], [[0, 0], [1, 0], [0, 1], [0, 0]])),
        "unknown_spatial": tf.nn.conv2d(p, tf.ones([3, 3, 3, 4]), [1, 1, 1, 1], "SAME").shape.as_list(),
        "channel_mismatch": catch(tf.nn.conv2d, img, tf.ones([2, 2, 3, 1], tf.float64), [1, 1, 1, 1], "VALID"),
        "dtype_mismatch": catch(tf.nn.conv2d, img, tf.ones([2, 2, 2, 1]), [1, 1, 1, 1], "VALID"),
        "bad_padding": catch(tf.nn.conv2d, img, k, [1, 1, 1, 1], "FULL"),
        "filter_too_big": catch(tf.nn.conv2d, img, tf.ones([5, 5, 2, 1], tf.float64), [1, 1, 1, 1], "VALID"),
        "int": catch(tf.nn.conv2d, tf.ones([1, 2, 2, 1], tf.int32), tf.ones([1, 1, 1, 1], tf.int32), [1, 1, 1, 1], "VALID"),
        "name_type": [tf.nn.conv2d(img, k, [1, 1, 1, 1], "VALID", name="cv").name,
                      tf.nn.conv2d(img, k, [1, 1, 1, 1], "VALID").op.type],
        "conv1d": sess.run(tf.nn.conv1d(tf.reshape(tf.range(6.0), [1, 6, 1]), tf.ones([3, 1, 1]), 2, "SAME")),
        "depthwise": sess.run(tf.nn.depthwise_conv2d(tf.ones([1, 3, 3, 2]), tf.ones([2, 2, 2, 2]), [1, 1, 1, 1], "VALID")),
    }


def case_pooling_variations(tf):
    img = tf.reshape(tf.range(18, dtype=tf.float64), [1, 3, 3, 2])
    sess = tf.Session()
    p = tf.placeholder(tf.float32, [None, 5, 5, 1])
    return {
        "max_f64": sess.run(tf.nn.max_pool(img, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")),
        "avg_f64_same": sess.run(tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")),
        "max_int": sess.run(tf.nn.max_pool(tf.reshape(tf.range(16), [1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID")),
        "avg_int": catch(tf.nn.avg_pool, tf.ones([1, 2, 2, 1], tf.int32), [1, 2, 2, 1], [1, 1, 1, 1], "VALID"),
        "int_ksize": sess.run(tf.nn.max_pool2d(img, 2, 1, "VALID")),
        "shapes": [tf.nn.max_pool(p, [1, 3, 3, 1], [1, 2, 2, 1], "VALID").shape.as_list(),
                   tf.nn.avg_pool(p, [1, 2, 2, 1], [1, 3, 3, 1], "SAME").shape.as_list()],
        "ksize_too_big": catch(tf.nn.max_pool, img, [1, 4, 4, 1], [1, 1, 1, 1], "VALID"),
        "batch_ksize": catch(tf.nn.max_pool, img, [2, 1, 1, 1], [1, 1, 1, 1], "VALID"),
        "name_type": [tf.nn.max_pool(img, [1, 2, 2, 1], [1, 1, 1, 1], "VALID", name="mp").name,
                      tf.nn.avg_pool(img, [1, 2, 2, 1], [1, 1, 1, 1], "VALID").op.type],
        "pool_fn": sess.run(tf.nn.pool(img, [2, 2], "AVG", padding="VALID")),
        "argmax": sess.run(tf.nn.max_pool_with_argmax(tf.reshape(tf.range(8.0), [1, 2, 2, 2]), [1, 2, 2, 1], [1, 1, 1, 1], "VALID")),
    }


def case_moments_bias_l2_variations(tf):
    d = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], tf.float64)
    sess = tf.Session()
    p = tf.placeholder(tf.float32, [None, 3])
    m, v = tf.nn.moments(p, axes=[0])
    return {
        "f64": sess.run(tf.nn.moments(d, axes=[1])),
        "keep": sess.run(tf.nn.moments(d, axes=[-1], keepdims=True)),
        "shapes": [m.shape.as_list(), v.shape.as_list()],
        "names": [m.name, v.name],
        "f16": sess.run(tf.nn.moments(tf.constant([1.0, 2.0, 4.0], tf.float16), axes=[0])),
        "weighted": sess.run(tf.nn.weighted_moments(tf.constant([1.0, 3.0]), [0], tf.constant([3.0, 1.0]))),
        "bias_nchw": sess.run(tf.nn.bias_add(tf.zeros([1, 2, 2, 2]), tf.constant([1.0, -1.0]), data_format="NCHW")),
        "bias_f64": sess.run(tf.nn.bias_add(d, tf.constant([1.0, 2.0, 3.0], tf.float64))),
        "bias_int": sess.run(tf.nn.bias_add(tf.constant([[1, 2]]), tf.constant([10, 20]))),
        "bias_rank_error": catch(tf.nn.bias_add, d, tf.ones([1, 3], tf.float64)),
        "bias_dtype": catch(tf.nn.bias_add, d, tf.ones([3])),
        "bias_name_type": [tf.nn.bias_add(d, tf.ones([3], tf.float64), name="ba").name,
                           tf.nn.bias_add(d, tf.ones([3], tf.float64)).op.type],
        "l2_f64": sess.run(tf.nn.l2_loss(d)),
        "l2_scalar": sess.run(tf.nn.l2_loss(tf.constant(3.0))),
        "l2_int": catch(tf.nn.l2_loss, tf.constant([1])),
        "l2_normalize": sess.run(tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1)),
        "batch_norm": sess.run(tf.nn.batch_normalization(tf.constant([1.0, 2.0]), 1.5, 0.25, 0.1, 2.0, 0.001)),
    }


def case_dropout_variations(tf):
    x = tf.ones([200, 5])
    sess = tf.Session()
    rate = tf.placeholder(tf.float32, [])
    d = tf.nn.dropout(x, rate=rate, seed=3)
    noise = sess.run(tf.nn.dropout(x, keep_prob=0.5, noise_shape=[200, 1], seed=2))
    return {
        "rate0": float(sess.run(d, {rate: 0.0}).min()),
        "values": sorted(set(np.round(sess.run(d, {rate: 0.75}), 3).ravel().tolist())),
        "noise_rows_constant": bool(np.all(noise == noise[:, :1])),
        "shape": d.shape.as_list(),
        "rate_one": catch(tf.nn.dropout, x, rate=1.0),
        "keep_zero": catch(tf.nn.dropout, x, keep_prob=0.0),
        "both": catch(tf.nn.dropout, x, keep_prob=0.5, rate=0.5),
        "int_input": catch(tf.nn.dropout, tf.ones([2], tf.int32), rate=0.5),
        "f64": sess.run(tf.nn.dropout(tf.ones([3], tf.float64), keep_prob=1.0)).dtype.name,
    }
