"""More tf.nn corners from TF's nn kernel tests: explicit conv padding, bias_add formats, batch_normalization,
softmax axes, activations' gradient op types, embedding lookups, default samplers under a graph seed, CTC
options, weighted moments."""

from _harness import catch
from _casekit import wave


def _fixed(shape, scale=0.5, phase=0.0):
    return wave(shape, scale, phase, step=0.7)


def case_x_lsweep_conv2d_explicit_padding(tf):
    x = tf.constant(_fixed([1, 4, 5, 2], 1.0))
    f = tf.constant(_fixed([3, 2, 2, 3]))
    y = tf.nn.conv2d(x, f, [1, 2, 1, 1], [[0, 0], [1, 2], [2, 1], [0, 0]])
    g = tf.gradients(tf.reduce_sum(y * y), [x, f])
    sess = tf.Session()
    return {"shape": y.shape.as_list(), "y": sess.run(y), "g": sess.run(g), "types": [t.op.type for t in g],
            "bad": catch(lambda: tf.nn.conv2d(x, f, [1, 1, 1, 1], [[1, 1], [1, 2], [2, 1], [0, 0]]))}


def case_x_lsweep_bias_add_formats(tf):
    x = tf.constant(_fixed([2, 3, 4], 1.0))
    b = tf.constant([0.5, -1.0, 2.0])
    y = tf.nn.bias_add(x, b, data_format="NCHW")
    z = tf.nn.bias_add(tf.constant(_fixed([2, 4, 3])), b)
    g = tf.gradients(tf.reduce_sum(y * y) + tf.reduce_sum(z * z), b)[0]
    gg = tf.gradients(tf.reduce_sum(tf.gradients(tf.reduce_sum(z * z), b)[0] ** 2), z)
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(g), "gtype": g.op.type, "gg": [t is None for t in gg],
            "bad": catch(lambda: tf.nn.bias_add(x, tf.constant([1.0, 2.0]))),
            "rank1": catch(lambda: tf.nn.bias_add(tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0])))}


def case_x_lsweep_batch_normalization_and_grads(tf):
    x = tf.constant(_fixed([4, 3], 2.0))
    mean, var = tf.nn.moments(x, [0])
    y = tf.nn.batch_normalization(x, mean, var, tf.constant([0.1, 0.2, 0.3]), tf.constant([1.0, 2.0, 0.5]), 1e-3)
    z = tf.nn.batch_normalization(x, mean, var, None, None, 1e-3)
    g = tf.gradients(tf.reduce_sum(y * y) + tf.reduce_sum(z), [x, mean, var])
    sess = tf.Session()
    return {"y": sess.run(y), "z": sess.run(z), "g": sess.run(g), "name": y.op.name}


def case_x_lsweep_softmax_axes_and_grad_types(tf):
    x = tf.constant(_fixed([2, 3, 4], 3.0))
    a = tf.nn.softmax(x, axis=1)
    b = tf.nn.log_softmax(x, axis=0)
    c = tf.nn.softmax(x, dim=-2)
    ga = tf.gradients(tf.reduce_sum(a * x), x)[0]
    gb = tf.gradients(tf.reduce_sum(b * x), x)[0]
    sess = tf.Session()
    return {"vals": sess.run([a, b, c, ga, gb]), "ops": [t.op.type for t in (a, b, c)],
            "names": [a.op.name, b.op.name], "bad": catch(lambda: tf.nn.softmax(x, axis=3))}


def case_x_lsweep_activation_grad_types(tf):
    x = tf.constant(_fixed([2, 5], 4.0))
    acts = {"relu": tf.nn.relu, "relu6": tf.nn.relu6, "elu": tf.nn.elu, "selu": tf.nn.selu,
            "softplus": tf.nn.softplus, "softsign": tf.nn.softsign, "leaky": lambda t: tf.nn.leaky_relu(t, 0.3),
            "crelu": tf.nn.crelu, "swish": tf.nn.swish, "sigmoid": tf.nn.sigmoid, "tanh": tf.nn.tanh}
    out, types, grads = {}, {}, {}
    for key, fn in sorted(acts.items()):
        y = fn(x)
        g = tf.gradients(tf.reduce_sum(y * y), x)[0]
        out[key], grads[key], types[key] = y, g, g.op.type
    sess = tf.Session()
    return {"y": sess.run(out), "g": sess.run(grads), "types": types}


def case_x_lsweep_embedding_lookup_strategies(tf):
    p0 = tf.constant(_fixed([3, 2], 1.0))
    p1 = tf.constant(_fixed([2, 2], 1.0, 1.0))
    ids = tf.constant([[0, 4], [3, 1]])
    mod = tf.nn.embedding_lookup([p0, p1], ids)
    div = tf.nn.embedding_lookup([p0, p1], ids, partition_strategy="div")
    norm = tf.nn.embedding_lookup([p0, p1], ids, partition_strategy="div", max_norm=0.3)
    g = tf.gradients(tf.reduce_sum(div * div), [p0, p1])
    sess = tf.Session()
    gv = sess.run(g)
    return {"mod": sess.run(mod), "div": sess.run(div), "norm": sess.run(norm),
            "g": [[v.indices, v.values, v.dense_shape] for v in gv], "gtypes": [type(t).__name__ for t in g],
            "oob": catch(sess.run, tf.nn.embedding_lookup([p0, p1], [5], partition_strategy="div")),
            "bad": catch(lambda: tf.nn.embedding_lookup([p0, p1], ids, partition_strategy="other"))}


def case_x_lsweep_embedding_lookup_sparse_unsorted_dups(tf):
    params = tf.constant(_fixed([4, 3], 2.0))
    ids = tf.SparseTensor([[0, 1], [0, 0], [1, 0], [1, 1]], tf.constant([2, 2, 1, 3], tf.int64), [3, 2])
    w = tf.SparseTensor(ids.indices, tf.constant([1.0, 3.0, 0.0, 0.0]), ids.dense_shape)
    a = tf.nn.embedding_lookup_sparse(params, ids, w, combiner="mean")
    b = tf.nn.embedding_lookup_sparse(params, ids, None, combiner="sqrtn")
    sess = tf.Session()
    return {"a": sess.run(a), "b": sess.run(b), "shapes": [a.shape.as_list(), b.shape.as_list()]}


def case_x_lsweep_sampled_softmax_default_sampler(tf):
    tf.set_random_seed(11)
    w = tf.constant(_fixed([20, 3], 1.0))
    b = tf.constant(_fixed([20], 0.3))
    x = tf.constant(_fixed([4, 3], 1.0, 2.0))
    labels = tf.constant([[0], [2], [5], [19]], tf.int64)
    s = tf.nn.sampled_softmax_loss(w, b, labels, x, 5, 20, seed=3)
    n = tf.nn.nce_loss(w, b, labels, x, 5, 20)
    sampled = tf.nn.log_uniform_candidate_sampler(labels, 1, 5, True, 20, seed=3)
    sess = tf.Session()
    return {"s": sess.run(s), "n": sess.run(n), "sampled": sess.run(sampled)}


def case_x_lsweep_ctc_options(tf):
    logits = tf.constant(_fixed([2, 5, 4], 3.0))  # batch-major
    labels = tf.constant([[1, 2, 0], [3, 3, 1]], tf.int32)
    label_length = tf.constant([2, 3], tf.int32)
    logit_length = tf.constant([5, 5], tf.int32)
    a = tf.nn.ctc_loss_v2(labels, logits, label_length, logit_length, logits_time_major=False, blank_index=0)
    b = tf.nn.ctc_loss_v2(labels, logits, label_length, logit_length, logits_time_major=False, blank_index=-1)
    g = tf.gradients(tf.reduce_sum(a), logits)[0]
    tm = tf.transpose(logits, [1, 0, 2])
    (d0,), n0 = tf.nn.ctc_greedy_decoder(tm, logit_length, blank_index=0)
    sess = tf.Session()
    dv = sess.run(d0)
    return {"a": sess.run(a), "b": sess.run(b), "g": sess.run(g), "d0": [dv.indices, dv.values, dv.dense_shape],
            "n0": sess.run(n0)}


def case_x_lsweep_weighted_moments_broadcast(tf):
    x = tf.constant(_fixed([3, 4], 2.0))
    w = tf.constant([[1.0], [2.0], [0.5]])
    m, v = tf.nn.weighted_moments(x, [0], w, keepdims=True)
    m2, v2 = tf.nn.weighted_moments(x, [0, 1], tf.constant(2.0))
    mh, vh = tf.nn.moments(tf.cast(x, tf.float16), [1])
    sess = tf.Session()
    return {"vals": sess.run([m, v, m2, v2, mh, vh]), "shapes": [m.shape.as_list(), m2.shape.as_list()],
            "dtypes": [mh.dtype.name, vh.dtype.name]}


def case_x_lsweep_conv3d_transpose_checks(tf):
    x = tf.constant(_fixed([1, 2, 2, 2, 2], 1.0))
    f = tf.constant(_fixed([2, 2, 2, 3, 2]))
    y = tf.nn.conv3d_transpose(x, f, [1, 4, 4, 4, 3], [1, 2, 2, 2, 1], "SAME")
    g = tf.gradients(tf.reduce_sum(y * y), [x, f])
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(g), "types": [t.op.type for t in g],
            "channels": catch(lambda: tf.nn.conv3d_transpose(x, f, [1, 4, 4, 4, 2], [1, 2, 2, 2, 1], "SAME"))}


def case_x_lsweep_depthwise_rate_and_separable(tf):
    x = tf.constant(_fixed([1, 7, 7, 2], 1.0))
    dw = tf.constant(_fixed([3, 3, 2, 2]))
    pw = tf.constant(_fixed([1, 1, 4, 3]))
    a = tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "SAME", rate=[2, 2])
    b = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID", rate=[2, 1])
    g = tf.gradients(tf.reduce_sum(a * a) + tf.reduce_sum(b), [x, dw, pw])
    sess = tf.Session()
    return {"vals": sess.run([a, b]), "g": sess.run(g), "ops": [a.op.type, b.op.type],
            "types": [t.op.type for t in g],
            "both": catch(lambda: tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME", rate=[2, 2])),
            "pw": catch(lambda: tf.nn.separable_conv2d(x, dw, tf.constant(_fixed([1, 1, 3, 3])), [1, 1, 1, 1],
                                                       "SAME"))}
