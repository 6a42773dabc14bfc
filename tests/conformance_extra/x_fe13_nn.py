"""Third-pass variations of the public ops_nn cases: neighbouring tf.nn functions, legacy keyword
arguments, data formats and error paths the x_ovar_nn and x_o12_nn passes left out."""
import numpy as np

from _harness import catch


def case_activation_neighbours(tf):
    x = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    sess = tf.Session()
    return {
        "values": sess.run({
            "leaky": tf.nn.leaky_relu(x, alpha=0.1), "leaky_default": tf.nn.leaky_relu(x),
            "crelu": tf.nn.crelu(x), "crelu_axis0": tf.nn.crelu(x, axis=0),
            "softsign": tf.nn.softsign(x), "swish": tf.nn.swish(x),
            "relu_int": tf.nn.relu(tf.constant([-3, 0, 4])),
            "relu6_f64": tf.nn.relu6(tf.constant([-1.0, 7.0, 3.0], tf.float64)),
            "log_sigmoid": tf.log_sigmoid(x),
        }),
        "names": [tf.nn.relu(x, name="r").name, tf.nn.leaky_relu(x, name="lr").op.type,
                  tf.nn.crelu(x).op.type],
        "relu_bool": catch(tf.nn.relu, tf.constant([True])),
        "elu_int": catch(tf.nn.elu, tf.constant([1])),
    }


def case_softmax_legacy_dim_and_edge_rows(tf):
    x = tf.constant([[[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [-1.0, 5.0]]])
    sess = tf.Session()
    return {
        "dim_kw": sess.run(tf.nn.softmax(x, dim=1)),
        "log_axis1": sess.run(tf.nn.log_softmax(x, axis=1)),
        "neg_inf_row": sess.run(tf.nn.softmax(tf.constant([[-np.inf, 0.0, -np.inf]]))),
        "all_neg_inf": sess.run(tf.nn.softmax(tf.constant([-np.inf, -np.inf]))),
        "empty": sess.run(tf.nn.softmax(tf.zeros([0, 3]))).shape,
        "f64": sess.run(tf.nn.softmax(tf.constant([1.0, 2.0], tf.float64))),
        "axis_error": catch(tf.nn.softmax, x, axis=3),
        "int_error": catch(tf.nn.softmax, tf.constant([1, 2])),
        "op_type": [tf.nn.softmax(x, axis=1).op.type, tf.nn.softmax(x).op.type],
        "scalar": catch(tf.nn.softmax, tf.constant(1.0)),
    }


def case_cross_entropy_weighted_and_losses_options(tf):
    logits = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    targets = tf.constant([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    onehot = tf.constant([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    sess = tf.Session()
    return sess.run({
        "weighted": tf.nn.weighted_cross_entropy_with_logits(labels=targets, logits=logits, pos_weight=2.0),
        "sigmoid_smoothing": tf.losses.sigmoid_cross_entropy(targets, logits, label_smoothing=0.2),
        "softmax_smoothing": tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.1),
        "sparse_weights": tf.losses.sparse_softmax_cross_entropy([2, 0], logits, weights=[1.0, 0.0]),
        "none_reduction": tf.losses.softmax_cross_entropy(onehot, logits, reduction=tf.losses.Reduction.NONE),
        "sum_reduction": tf.losses.mean_squared_error([1.0, 2.0], [2.0, 4.0], reduction=tf.losses.Reduction.SUM),
        "ce_dim0": tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.transpose(onehot),
                                                              logits=tf.transpose(logits), axis=0),
        "absdiff": tf.losses.absolute_difference([1.0, 2.0], [0.0, 4.0]),
        "huber": tf.losses.huber_loss([0.0, 0.0], [0.5, 3.0], delta=1.0),
    })


def case_sparse_softmax_negative_int64_and_rank_errors(tf):
    labels = tf.placeholder(tf.int64, [None])
    logits = tf.placeholder(tf.float32, [None, 3])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    sess = tf.Session()
    return {
        "shape": loss.shape.as_list(),
        "ok": sess.run(loss, {labels: [1], logits: [[0.0, 1.0, 2.0]]}),
        "negative": catch(sess.run, loss, {labels: [-1], logits: [[0.0, 1.0, 2.0]]}),
        "batch_mismatch": catch(sess.run, loss, {labels: [0, 1], logits: [[0.0, 1.0, 2.0]]}),
        "static_rank": catch(tf.nn.sparse_softmax_cross_entropy_with_logits, labels=tf.constant([[0]]),
                             logits=tf.ones([2, 3])),
        "float_labels": catch(tf.nn.sparse_softmax_cross_entropy_with_logits, labels=tf.constant([0.0]),
                              logits=tf.ones([1, 3])),
        "usable": sess.run(loss, {labels: [2], logits: [[0.0, 0.0, 0.0]]}),
    }


def case_conv2d_dilations_explicit_padding_and_transpose(tf):
    img = tf.reshape(tf.range(25, dtype=tf.float32), [1, 5, 5, 1])
    k = tf.constant([[1.0, 2.0], [3.0, 4.0]], shape=[2, 2, 1, 1])
    sess = tf.Session()
    dil = tf.nn.conv2d(img, k, [1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 1])
    explicit = tf.nn.conv2d(img, k, [1, 2, 2, 1], [[0, 0], [1, 0], [0, 1], [0, 0]])
    tr = tf.nn.conv2d_transpose(tf.ones([1, 2, 2, 1]), k, [1, 4, 4, 1], [1, 2, 2, 1], "SAME")
    return {
        "dilated": sess.run(dil), "dilated_shape": dil.shape.as_list(),
        "explicit": sess.run(explicit), "explicit_shape": explicit.shape.as_list(),
        "transpose": sess.run(tr),
        "atrous": sess.run(tf.nn.atrous_conv2d(img, k, 2, "VALID")).shape,
        "channel_error": catch(tf.nn.conv2d, img, tf.ones([2, 2, 3, 1]), [1, 1, 1, 1], "VALID"),
        "bad_padding": catch(tf.nn.conv2d, img, k, [1, 1, 1, 1], "FULL"),
        "f64": sess.run(tf.nn.conv2d(tf.cast(img, tf.float64), tf.cast(k, tf.float64), [1, 3, 3, 1], "VALID")),
        "type": dil.op.type,
    }


def case_pool_argmax_f64_and_errors(tf):
    img = tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1]) * tf.constant([1.0, -1.0, 1.0, -1.0])
    sess = tf.Session()
    vals, idx = tf.nn.max_pool_with_argmax(img, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    return {
        "argmax": sess.run([vals, idx]), "argmax_dtype": idx.dtype.name,
        "avg_f64": sess.run(tf.nn.avg_pool(tf.cast(img, tf.float64), [1, 3, 3, 1], [1, 1, 1, 1], "VALID")),
        "max_int_ksize": sess.run(tf.nn.max_pool2d(img, 2, 2, "SAME")),
        "ksize_error": catch(tf.nn.max_pool, img, [1, 5, 5, 1], [1, 1, 1, 1], "VALID"),
        "batch_ksize": catch(tf.nn.max_pool, img, [2, 2, 2, 1], [1, 1, 1, 1], "VALID"),
        "max_pool1d": sess.run(tf.nn.max_pool1d(tf.reshape(tf.range(6.0), [1, 6, 1]), 2, 2, "VALID")),
        "shape_unknown": tf.nn.avg_pool(tf.placeholder(tf.float32, [None, None, None, 2]), [1, 2, 2, 1],
                                        [1, 2, 2, 1], "VALID").shape.as_list(),
    }


def case_moments_weighted_batch_norm_and_l2_normalize(tf):
    x = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    sess = tf.Session()
    mean, var = tf.nn.moments(x, axes=[1])
    wm = tf.nn.weighted_moments(x, [0], tf.constant([[1.0], [3.0]]))
    counts = tf.nn.sufficient_statistics(x, [0])[:3]
    return {
        "moments_shape": [mean.shape.as_list(), var.shape.as_list()],
        "weighted": sess.run(wm),
        "sufficient": sess.run(counts),
        "normalize": sess.run(tf.nn.normalize_moments(tf.constant(2.0), tf.constant([4.0]), tf.constant([10.0]),
                                                      None)),
        "batch_norm": sess.run(tf.nn.batch_normalization(x, tf.constant(0.5), tf.constant(2.0), tf.constant(1.0),
                                                         tf.constant(2.0), 1e-3)),
        "l2_normalize": sess.run(tf.nn.l2_normalize(x, axis=1)),
        "l2_normalize_dim": sess.run(tf.nn.l2_normalize(x, dim=0)),
        "bias_add_nchw": sess.run(tf.nn.bias_add(tf.zeros([1, 2, 1, 2]), tf.constant([1.0, 2.0]),
                                                 data_format="NCHW")),
        "bias_add_rank1": catch(tf.nn.bias_add, tf.constant([1.0]), tf.constant([1.0])),
        "l2_loss_f64": sess.run(tf.nn.l2_loss(tf.constant([3.0, 4.0], tf.float64))),
    }


def case_dropout_rate_noise_shape_and_errors(tf):
    x = tf.ones([4, 50])
    sess = tf.Session()
    d = sess.run(tf.nn.dropout(x, rate=0.5, noise_shape=[4, 1], seed=3))
    zero = sess.run(tf.nn.dropout(x, rate=0.0))
    rows = [sorted(set(np.round(r, 4).tolist())) for r in d]
    return {
        "rows_constant": all(len(r) == 1 for r in rows),
        "row_values_ok": all(r[0] in (0.0, 2.0) for r in rows),
        "rate_zero": float(zero.sum()),
        "rate_one": catch(tf.nn.dropout, x, rate=1.0),
        "keep_zero": catch(tf.nn.dropout, x, keep_prob=0.0),
        "both": catch(tf.nn.dropout, x, keep_prob=0.5, rate=0.5),
        "int_input": catch(tf.nn.dropout, tf.constant([1, 2]), rate=0.5),
        "noise_shape_error": catch(tf.nn.dropout, x, rate=0.5, noise_shape=[3, 1]),
        "shape": tf.nn.dropout(tf.placeholder(tf.float32, [None, 3]), rate=0.5).shape.as_list(),
    }
