"""Extra tf.nn probes: activations, softmax, cross entropies, conv/pool shapes, moments, dropout."""
import numpy as np

from _harness import catch, message_has


def case_x_ops_more_activations(tf):
    x = tf.constant([[-3.0, -0.5, 0.0, 0.5, 3.0]])
    sess = tf.Session()
    return sess.run({
        "leaky": tf.nn.leaky_relu(x),
        "leaky_alpha": tf.nn.leaky_relu(x, alpha=0.5),
        "crelu": tf.nn.crelu(x),
        "softsign": tf.nn.softsign(x),
        "swish": tf.nn.swish(x),
        "relu_int": tf.nn.relu(tf.constant([-2, 3])),
        "relu6_f64": tf.nn.relu6(tf.constant([-1.0, 7.0], tf.float64)),
        "softplus_big": tf.nn.softplus(tf.constant([100.0, -100.0])),
        "elu_f64": tf.nn.elu(tf.constant([-1.0], tf.float64)),
    })


def case_x_ops_activation_names_and_errors(tf):
    x = tf.placeholder(tf.float32, [None, 4])
    return {
        "relu_name": tf.nn.relu(x).op.name,
        "relu_named": tf.nn.relu(x, name="act").op.name,
        "leaky_type": tf.nn.leaky_relu(x).op.type,
        "softmax_name": tf.nn.softmax(x).op.name,
        "softmax_type": tf.nn.softmax(x).op.type,
        "log_softmax_type": tf.nn.log_softmax(x).op.type,
        "sigmoid_type": tf.sigmoid(x).op.type,
        "relu_int_string": catch(tf.nn.relu, tf.constant(["a"])),
        "softmax_int": catch(tf.nn.softmax, tf.constant([1, 2])),
        "crelu_shape": str(tf.nn.crelu(x).shape),
        "softmax_axis_shape": str(tf.nn.softmax(x, axis=0).shape),
        "softmax_dim_alias": str(tf.nn.softmax(x, dim=-1).shape),
    }


def case_x_ops_softmax_axis_variants(tf):
    x = tf.reshape(tf.range(24, dtype=tf.float32) / 10.0, [2, 3, 4])
    sess = tf.Session()
    return {
        "axis1": sess.run(tf.nn.softmax(x, axis=1)),
        "axis_neg2": sess.run(tf.nn.log_softmax(x, axis=-2)),
        "1d": sess.run(tf.nn.softmax(tf.constant([1.0, 2.0]))),
        "scalar": catch(tf.nn.softmax, tf.constant(1.0)),
        "axis_oob": catch(tf.nn.softmax, x, axis=3),
        "empty_last": sess.run(tf.nn.softmax(tf.zeros([2, 0]))).shape,
        "f64": sess.run(tf.nn.softmax(tf.constant([1.0, 2.0], tf.float64))).dtype.name,
        "neg_inf": sess.run(tf.nn.softmax(tf.constant([-np.inf, 0.0, 0.0]))),
    }


def case_x_ops_cross_entropy_shapes_errors(tf):
    logits = tf.placeholder(tf.float32, [None, 5])
    labels_i = tf.placeholder(tf.int32, [None])
    sess = tf.Session()
    sce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels_i, logits=logits)
    return {
        "sparse_shape": str(sce.shape),
        "sparse_dtype": sce.dtype.name,
        "sparse_rank_err": catch(tf.nn.sparse_softmax_cross_entropy_with_logits, labels=tf.ones([3, 5], tf.int32), logits=tf.ones([3, 5])),
        "sparse_float_labels": catch(tf.nn.sparse_softmax_cross_entropy_with_logits, labels=tf.ones([3]), logits=tf.ones([3, 5])),
        "sparse_3d": sess.run(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([[0, 1]]), logits=tf.constant([[[1.0, 2.0], [3.0, 1.0]]]))),
        "sparse_int64": sess.run(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([1], tf.int64), logits=tf.constant([[1.0, 2.0]]))),
        "dense_shape_mismatch": catch(tf.nn.softmax_cross_entropy_with_logits_v2, labels=tf.ones([2, 3]), logits=tf.ones([2, 4])),
        "dense_3d": sess.run(tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.constant([[[0.0, 1.0]]]), logits=tf.constant([[[1.0, 2.0]]]))),
        "dense_dim": sess.run(tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=tf.constant([[0.0, 1.0], [1.0, 0.0]]), logits=tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=0)),
        "sigmoid_shape_mismatch": catch(tf.nn.sigmoid_cross_entropy_with_logits, labels=tf.ones([2]), logits=tf.ones([3])),
        "sigmoid_positional": sess.run(tf.nn.sigmoid_cross_entropy_with_logits(tf.ones([2]), tf.zeros([2]))),
        "softmax_positional": sess.run(tf.nn.softmax_cross_entropy_with_logits(tf.ones([1, 2]), tf.zeros([1, 2]))),
        "sparse_positional": sess.run(tf.nn.sparse_softmax_cross_entropy_with_logits([1], tf.zeros([1, 2]))),
        "missing_labels": message_has(lambda: tf.nn.sigmoid_cross_entropy_with_logits(logits=tf.ones([2])),
                                      "Both `labels` and `logits` must be provided"),
        "weighted": sess.run(tf.nn.weighted_cross_entropy_with_logits(
            labels=tf.constant([1.0, 0.0]), logits=tf.constant([0.5, -0.5]), pos_weight=2.0)),
        "sparse_nan_label": sess.run(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels_i, logits=logits), {labels_i: [4], logits: np.zeros((1, 5))}),
    }


def case_x_ops_conv2d_shapes_errors(tf):
    p = tf.placeholder(tf.float32, [None, 10, 11, 3])
    k = tf.ones([3, 3, 3, 4])
    return {
        "same_s1": str(tf.nn.conv2d(p, k, [1, 1, 1, 1], "SAME").shape),
        "valid_s3": str(tf.nn.conv2d(p, k, [1, 3, 3, 1], "VALID").shape),
        "same_s3": str(tf.nn.conv2d(p, k, [1, 3, 2, 1], "SAME").shape),
        "dilation": str(tf.nn.conv2d(p, k, [1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 1]).shape),
        "unknown_hw": str(tf.nn.conv2d(tf.placeholder(tf.float32, [2, None, None, 3]), k, [1, 1, 1, 1], "SAME").shape),
        "channel_mismatch": catch(tf.nn.conv2d, p, tf.ones([3, 3, 2, 4]), [1, 1, 1, 1], "SAME"),
        "bad_padding": catch(tf.nn.conv2d, p, k, [1, 1, 1, 1], "FULL"),
        "strides_len2": str(tf.nn.conv2d(p, k, [1, 2], "SAME").shape),
        "strides_int": str(tf.nn.conv2d(p, k, 2, "SAME").shape),
        "strides_len3": catch(lambda: str(tf.nn.conv2d(p, k, [1, 2, 2], "SAME").shape)),
        "kernel_too_big": catch(tf.nn.conv2d, tf.ones([1, 2, 2, 3]), k, [1, 1, 1, 1], "VALID"),
        "rank3_input": catch(tf.nn.conv2d, tf.ones([2, 2, 3]), k, [1, 1, 1, 1], "VALID"),
        "explicit": str(tf.nn.conv2d(p, k, [1, 1, 1, 1], [[0, 0], [1, 1], [2, 2], [0, 0]]).shape),
        "name_type": [tf.nn.conv2d(p, k, [1, 1, 1, 1], "SAME").op.name, tf.nn.conv2d(p, k, [1, 1, 1, 1], "SAME").op.type],
        "nchw_shape": str(tf.nn.conv2d(tf.placeholder(tf.float32, [None, 3, 10, 11]), k, [1, 1, 2, 2], "SAME",
                                       data_format="NCHW").shape),
        "int_input": catch(lambda: str(tf.nn.conv2d(tf.ones([1, 4, 4, 3], tf.int32), tf.ones([3, 3, 3, 4], tf.int32),
                                                    [1, 1, 1, 1], "SAME").shape)),
        "f64_input": str(tf.nn.conv2d(tf.ones([1, 4, 4, 3], tf.float64), tf.ones([3, 3, 3, 4], tf.float64),
                                      [1, 1, 1, 1], "SAME").dtype.name),
        "dtype_mismatch": catch(tf.nn.conv2d, p, tf.ones([3, 3, 3, 4], tf.float64), [1, 1, 1, 1], "SAME"),
    }


def case_x_ops_conv_values_stride_dilation(tf):
    img = tf.reshape(tf.range(25, dtype=tf.float32), [1, 5, 5, 1])
    k = tf.reshape(tf.constant([1.0, 2.0, 3.0, 4.0]), [2, 2, 1, 1])
    sess = tf.Session()
    return sess.run({
        "same_s2": tf.nn.conv2d(img, k, [1, 2, 2, 1], "SAME"),
        "dil2": tf.nn.conv2d(img, k, [1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 1]),
        "dil2_same": tf.nn.conv2d(img, k, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1]),
        "conv1d": tf.nn.conv1d(tf.reshape(tf.range(5.0), [1, 5, 1]), tf.ones([3, 1, 1]), 1, "SAME"),
        "conv_transpose": tf.nn.conv2d_transpose(tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), [1, 4, 4, 1],
                                                 [1, 2, 2, 1], "SAME"),
    })


def case_x_ops_pool_shapes_errors(tf):
    p = tf.placeholder(tf.float32, [None, 9, 10, 3])
    sess = tf.Session()
    return {
        "max_valid": str(tf.nn.max_pool(p, [1, 3, 3, 1], [1, 2, 2, 1], "VALID").shape),
        "avg_same": str(tf.nn.avg_pool(p, [1, 3, 3, 1], [1, 3, 3, 1], "SAME").shape),
        "too_big": catch(tf.nn.max_pool, tf.ones([1, 2, 2, 1]), [1, 3, 3, 1], [1, 1, 1, 1], "VALID"),
        "bad_padding": catch(tf.nn.max_pool, p, [1, 2, 2, 1], [1, 2, 2, 1], "same"),
        "pool_type": tf.nn.max_pool(p, [1, 2, 2, 1], [1, 2, 2, 1], "SAME").op.type,
        "pool_name": tf.nn.avg_pool(p, [1, 2, 2, 1], [1, 2, 2, 1], "SAME").op.name,
        "pool_int_ksize": str(tf.nn.max_pool2d(p, 2, 2, "VALID").shape) if hasattr(tf.nn, "max_pool2d") else None,
        "max_pool_neg": sess.run(tf.nn.max_pool(-tf.ones([1, 2, 2, 1]), [1, 3, 3, 1], [1, 1, 1, 1], "SAME")),
        "avg_pool_f64": catch(lambda: sess.run(tf.nn.avg_pool(tf.ones([1, 2, 2, 1], tf.float64), [1, 2, 2, 1], [1, 1, 1, 1], "VALID"))),
    }


def case_x_ops_bias_add_and_moments_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 4])
    sess = tf.Session()
    m, v = tf.nn.moments(p, axes=[0])
    mk, vk = tf.nn.moments(tf.placeholder(tf.float32, [None, 5, 5, 3]), axes=[0, 1, 2], keep_dims=True)
    return {
        "bias_shape": str(tf.nn.bias_add(p, tf.ones([4])).shape),
        "bias_type_name": [tf.nn.bias_add(p, tf.ones([4])).op.type, tf.nn.bias_add(p, tf.ones([4])).op.name],
        "bias_rank1": catch(tf.nn.bias_add, tf.ones([4]), tf.ones([4])),
        "bias_2d_bias": catch(tf.nn.bias_add, p, tf.ones([1, 4])),
        "bias_nchw": sess.run(tf.nn.bias_add(tf.zeros([1, 2, 1, 1]), tf.constant([1.0, 2.0]), data_format="NCHW")),
        "bias_dtype": catch(tf.nn.bias_add, p, tf.ones([4], tf.float64)),
        "moments_shape": [str(m.shape), str(v.shape), str(mk.shape), str(vk.shape)],
        "moments_int": sess.run(tf.nn.moments(tf.constant([1.0, 2.0, 4.0]), axes=[0])),
        "moments_names": [m.op.name, v.op.name],
        "l2_normalize": sess.run(tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1)),
        "l2_normalize_dim": sess.run(tf.nn.l2_normalize(tf.constant([[3.0, 4.0]]), dim=0)),
        "batch_norm": sess.run(tf.nn.batch_normalization(tf.constant([1.0, 3.0]), 2.0, 4.0, 0.5, 2.0, 0.0)),
    }


def case_x_ops_dropout_shapes_and_args(tf):
    x = tf.ones([4, 100])
    p = tf.placeholder(tf.float32, [None, 10])
    sess = tf.Session()
    ns = sess.run(tf.nn.dropout(x, keep_prob=0.5, noise_shape=[4, 1], seed=3))
    rate = sess.run(tf.nn.dropout(tf.ones([2000]), rate=0.25, seed=4))
    return {
        "noise_shape_rows_constant": [bool(np.all(r == r[0])) for r in ns],
        "noise_values": sorted(set(np.round(ns, 4).ravel().tolist())) <= [0.0, 2.0],
        "rate_values": sorted(set(np.round(rate, 4).tolist())),
        "rate_fraction": bool(0.65 < float(np.mean(rate > 0)) < 0.85),
        "shape_unknown": str(tf.nn.dropout(p, keep_prob=0.5).shape),
        "both": catch(tf.nn.dropout, x, keep_prob=0.5, rate=0.5),
        "bad_keep": catch(tf.nn.dropout, x, keep_prob=1.5),
        "bad_rate": catch(tf.nn.dropout, x, rate=1.0),
        "int_input": catch(tf.nn.dropout, tf.ones([3], tf.int32), keep_prob=0.5),
        "tensor_keep": str(tf.nn.dropout(p, keep_prob=tf.placeholder(tf.float32, [])).shape),
        "dtype": tf.nn.dropout(tf.ones([2], tf.float64), keep_prob=0.5).dtype.name,
    }


def case_x_ops_losses_reductions(tf):
    labels = tf.constant([[1.0, 0.0], [0.0, 1.0]])
    preds = tf.constant([[0.8, 0.3], [0.1, 0.4]])
    w = tf.constant([[1.0], [0.0]])
    sess = tf.Session()
    return sess.run({
        "mse_weighted": tf.losses.mean_squared_error(labels, preds, weights=w),
        "mse_none": tf.losses.mean_squared_error(labels, preds, reduction=tf.losses.Reduction.NONE),
        "mse_sum": tf.losses.mean_squared_error(labels, preds, reduction=tf.losses.Reduction.SUM),
        "abs_diff": tf.losses.absolute_difference(labels, preds),
        "log_loss": tf.losses.log_loss(labels, preds),
        "hinge": tf.losses.hinge_loss(labels, preds),
        "huber": tf.losses.huber_loss(labels, preds * 3.0),
        "sigmoid_ce": tf.losses.sigmoid_cross_entropy(labels, preds, label_smoothing=0.1),
        "sparse_softmax": tf.losses.sparse_softmax_cross_entropy(tf.constant([0, 1]), preds),
        "softmax_smooth": tf.losses.softmax_cross_entropy(labels, preds, label_smoothing=0.2),
    })
