"""Whole TF1 training programs as the tutorials and books wrote them, round 12: softmax regression on
fed batches, a tf.layers convnet with batch norm under UPDATE_OPS, word2vec with an explicit sampler,
a char-RNN fed back its own state, a denoising autoencoder, a GAN trained by scope, gradient
accumulation, multi-tower averaging on simulated GPUs, and sparse feature crosses.

Weights start from fixed values or seeded initializers whose bits match TensorFlow's."""
import collections

import numpy as np

from _casekit import wave


def _blobs(n=12, d=4, classes=3, phase=0.0):
    xs = np.sin(np.arange(n * d).reshape(n, d) * 0.37 + phase).astype(np.float32)
    ys = np.arange(n) % classes
    return xs, ys


def case_x_p12_softmax_regression_manual_cross_entropy(tf):
    xs, ys = _blobs()
    onehot = np.eye(3, dtype=np.float32)[ys]
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y_ = tf.placeholder(tf.float32, [None, 3], name="y_")
    W = tf.Variable(tf.zeros([4, 3]), name="W")
    b = tf.Variable(tf.zeros([3]), name="b")
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
    correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    losses = []
    for i in range(6):
        lo, hi = (i * 4) % 12, (i * 4) % 12 + 4
        _, l = sess.run([train_step, cross_entropy], feed_dict={x: xs[lo:hi], y_: onehot[lo:hi]})
        losses.append(l)
    acc = accuracy.eval(feed_dict={x: xs, y_: onehot})
    probs = y.eval({x: xs[:2]})
    sess.close()
    return {"losses": losses, "acc": acc, "probs": probs, "train_type": train_step.type,
            "train_name": train_step.name, "y_name": y.name, "ce_shape": cross_entropy.shape.as_list()}


def case_x_p12_layers_convnet_update_ops_momentum(tf):
    tf.set_random_seed(5)
    imgs = (0.5 + 0.5 * np.sin(np.arange(4 * 6 * 6).reshape(4, 6, 6, 1) * 0.29)).astype(np.float32)
    labels = np.array([0, 1, 2, 1], np.int64)
    x = tf.placeholder(tf.float32, [None, 6, 6, 1], name="images")
    y = tf.placeholder(tf.int64, [None], name="labels")
    training = tf.placeholder_with_default(False, [], name="is_training")
    init = tf.glorot_uniform_initializer(seed=3)
    net = tf.layers.conv2d(x, 4, 3, padding="same", kernel_initializer=init, name="conv1")
    net = tf.layers.batch_normalization(net, training=training, momentum=0.9, name="bn1")
    net = tf.nn.relu(net)
    net = tf.layers.max_pooling2d(net, 2, 2, name="pool1")
    net = tf.layers.flatten(net)
    net = tf.layers.dropout(net, rate=0.0, training=training)
    logits = tf.layers.dense(net, 3, kernel_initializer=init, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    global_step = tf.train.get_or_create_global_step()
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True).minimize(loss, global_step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([train_op, loss], {x: imgs, y: labels, training: True})[1] for _ in range(4)]
        mean, var = sess.run(["bn1/moving_mean:0", "bn1/moving_variance:0"])
        eval_loss = sess.run(loss, {x: imgs, y: labels})
        step = sess.run(global_step)
    return {"losses": losses, "mean": mean, "var": var, "eval": eval_loss, "step": step,
            "updates": sorted(op.name for op in update_ops),
            "train_inputs": sorted(i.name for i in train_op.control_inputs),
            "vars": sorted(v.op.name for v in tf.global_variables()),
            "trainable": len(tf.trainable_variables()), "loss_coll": [t.name for t in tf.losses.get_losses()]}


def _skipgram_batches(data, batch_size, num_skips, skip_window):
    index = 0
    span = 2 * skip_window + 1
    buffer = collections.deque(maxlen=span)
    for _ in range(span):
        buffer.append(data[index])
        index = (index + 1) % len(data)
    while True:
        batch = np.ndarray(shape=(batch_size,), dtype=np.int32)
        labels = np.ndarray(shape=(batch_size, 1), dtype=np.int32)
        for i in range(batch_size // num_skips):
            targets = [w for w in range(span) if w != skip_window][:num_skips]
            for j, target in enumerate(targets):
                batch[i * num_skips + j] = buffer[skip_window]
                labels[i * num_skips + j, 0] = buffer[target]
            buffer.append(data[index])
            index = (index + 1) % len(data)
        yield batch, labels


def case_x_p12_word2vec_explicit_sampler_and_valid_similarity(tf):
    tf.set_random_seed(2)
    data = [int(v) for v in (np.arange(40) * 7) % 16]
    vocabulary_size, embedding_size, num_sampled = 16, 6, 4
    graph = tf.Graph()
    with graph.as_default():
        train_inputs = tf.placeholder(tf.int32, shape=[8])
        train_labels = tf.placeholder(tf.int32, shape=[8, 1])
        valid_dataset = tf.constant([1, 3, 5], dtype=tf.int32)
        with tf.device("/cpu:0"):
            embeddings = tf.Variable(tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0, seed=4))
            embed = tf.nn.embedding_lookup(embeddings, train_inputs)
            nce_weights = tf.Variable(tf.truncated_normal([vocabulary_size, embedding_size],
                                                          stddev=1.0 / np.sqrt(embedding_size), seed=5))
            nce_biases = tf.Variable(tf.zeros([vocabulary_size]))
        labels64 = tf.cast(train_labels, tf.int64)
        sampler = tf.nn.log_uniform_candidate_sampler(labels64, 1, num_sampled, True, vocabulary_size, seed=9)
        loss = tf.reduce_mean(tf.nn.nce_loss(nce_weights, nce_biases, labels64, embed, num_sampled,
                                             vocabulary_size, sampled_values=sampler))
        optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
        norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
        normalized_embeddings = embeddings / norm
        valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_dataset)
        similarity = tf.matmul(valid_embeddings, normalized_embeddings, transpose_b=True)
        init = tf.global_variables_initializer()
    batches = _skipgram_batches(data, 8, 2, 1)
    with tf.Session(graph=graph) as session:
        init.run()
        average_loss, first = 0.0, None
        for step in range(6):
            batch_inputs, batch_labels = next(batches)
            if first is None:
                first = (batch_inputs.copy(), batch_labels.copy())
            _, loss_val = session.run([optimizer, loss], {train_inputs: batch_inputs, train_labels: batch_labels})
            average_loss += loss_val
        sim = similarity.eval()
        expected = session.run(sampler.sampled_expected_count)
    return {"first": first, "avg": average_loss / 6, "sim": sim, "nearest": (-sim).argsort(1)[:, 1:4],
            "expected": expected, "sampler_types": [t.dtype.name for t in sampler]}


def case_x_p12_char_rnn_state_fed_back_sampling(tf):
    vocab, hidden, seq_len = 6, 5, 4
    text = np.array([(i * 5 + 1) % vocab for i in range(40)], np.int32)
    xs = np.stack([text[0:seq_len], text[10:10 + seq_len]])
    ys = np.stack([text[1:seq_len + 1], text[11:11 + seq_len]])
    inputs = tf.placeholder(tf.int32, [None, None], name="inputs")
    targets = tf.placeholder(tf.int32, [None, None], name="targets")
    with tf.variable_scope("rnnlm", initializer=tf.random_uniform_initializer(-0.3, 0.3, seed=8)):
        cells = [tf.nn.rnn_cell.LSTMCell(hidden, state_is_tuple=True) for _ in range(2)]
        cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)
        initial_state = cell.zero_state(tf.shape(inputs)[0], tf.float32)
        embedding = tf.get_variable("embedding", [vocab, hidden])
        emb = tf.nn.embedding_lookup(embedding, inputs)
        outputs, final_state = tf.nn.dynamic_rnn(cell, emb, initial_state=initial_state)
        softmax_w = tf.get_variable("softmax_w", [hidden, vocab])
        softmax_b = tf.get_variable("softmax_b", [vocab], initializer=tf.zeros_initializer())
    flat = tf.reshape(outputs, [-1, hidden])
    logits = tf.reshape(tf.matmul(flat, softmax_w) + softmax_b, [tf.shape(inputs)[0], -1, vocab])
    probs = tf.nn.softmax(logits)
    weights = tf.ones_like(targets, dtype=tf.float32)
    crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
    loss = tf.reduce_sum(crossent * weights) / tf.reduce_sum(weights)
    tvars = tf.trainable_variables()
    grads, global_norm = tf.clip_by_global_norm(tf.gradients(loss, tvars), 1.0)
    global_step = tf.Variable(0, trainable=False, name="global_step")
    train_op = tf.train.AdamOptimizer(0.05).apply_gradients(zip(grads, tvars), global_step=global_step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        state = sess.run(initial_state, {inputs: xs})
        trace = []
        for _ in range(4):
            feed = {inputs: xs, targets: ys}
            for i, (c, h) in enumerate(initial_state):
                feed[c] = state[i].c
                feed[h] = state[i].h
            l, n, state, _ = sess.run([loss, global_norm, final_state, train_op], feed)
            trace.append((l, n))
        sampled, prev = [], 1
        st = sess.run(cell.zero_state(1, tf.float32))
        for _ in range(6):
            feed = {inputs: [[prev]]}
            for i, (c, h) in enumerate(initial_state):
                feed[c], feed[h] = st[i].c, st[i].h
            p, st = sess.run([probs, final_state], feed)
            prev = int(np.argmax(p[0, -1]))
            sampled.append(prev)
        step = sess.run(global_step)
    return {"trace": trace, "sampled": sampled, "step": step, "state_c": state[1].c,
            "names": [v.op.name for v in tvars], "state_types": [type(s).__name__ for s in final_state]}


def case_x_p12_denoising_autoencoder_rmsprop(tf):
    tf.set_random_seed(21)
    data = (0.5 + 0.4 * np.sin(np.arange(8 * 10).reshape(8, 10) * 0.23)).astype(np.float32)
    X = tf.placeholder(tf.float32, [None, 10], name="X")
    noisy = X + 0.1 * tf.random_normal(tf.shape(X), seed=4)
    weights = {
        "encoder_h1": tf.Variable(wave([10, 4], 0.4), name="enc_w"),
        "decoder_h1": tf.Variable(wave([4, 10], 0.4, phase=1.0), name="dec_w"),
    }
    biases = {"encoder_b1": tf.Variable(tf.zeros([4])), "decoder_b1": tf.Variable(tf.zeros([10]))}

    def encoder(x):
        return tf.nn.sigmoid(tf.add(tf.matmul(x, weights["encoder_h1"]), biases["encoder_b1"]))

    def decoder(x):
        return tf.nn.sigmoid(tf.add(tf.matmul(x, weights["decoder_h1"]), biases["decoder_b1"]))

    encoder_op = encoder(noisy)
    decoder_op = decoder(encoder_op)
    clean_code = encoder(X)
    loss = tf.reduce_mean(tf.pow(X - decoder_op, 2))
    optimizer = tf.train.RMSPropOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([optimizer, loss], feed_dict={X: data})[1] for _ in range(5)]
        code = sess.run(clean_code, {X: data[:2]})
        recon = sess.run(decoder(clean_code), {X: data[:1]})
    slots = sorted(v.op.name for v in tf.global_variables() if "RMSProp" in v.op.name)
    return {"losses": losses, "code": code, "recon": recon, "slots": slots, "shape": encoder_op.shape.as_list()}


def case_x_p12_gan_var_list_by_scope_auto_reuse(tf):
    z_dim, x_dim = 3, 4
    real = wave([6, x_dim], 0.8)
    noise = wave([6, z_dim], 1.0, phase=2.0)

    def generator(z):
        with tf.variable_scope("generator", reuse=tf.AUTO_REUSE):
            h = tf.layers.dense(z, 5, tf.nn.leaky_relu, kernel_initializer=tf.constant_initializer(0.1))
            return tf.layers.dense(h, x_dim, tf.nn.tanh, kernel_initializer=tf.constant_initializer(-0.05))

    def discriminator(x):
        with tf.variable_scope("discriminator", reuse=tf.AUTO_REUSE):
            h = tf.layers.dense(x, 5, tf.nn.leaky_relu, kernel_initializer=tf.constant_initializer(0.07))
            return tf.layers.dense(h, 1, kernel_initializer=tf.constant_initializer(0.03))

    Z = tf.placeholder(tf.float32, [None, z_dim], name="Z")
    X = tf.placeholder(tf.float32, [None, x_dim], name="X")
    G = generator(Z)
    d_real, d_fake = discriminator(X), discriminator(G)
    d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_real, labels=tf.ones_like(d_real)) +
                            tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.zeros_like(d_fake)))
    g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.ones_like(d_fake)))
    d_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="discriminator")
    g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="generator")
    d_step = tf.train.AdamOptimizer(0.01, beta1=0.5).minimize(d_loss, var_list=d_vars)
    g_step = tf.train.AdamOptimizer(0.01, beta1=0.5).minimize(g_loss, var_list=g_vars)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = []
        for _ in range(3):
            _, dl = sess.run([d_step, d_loss], {X: real, Z: noise})
            _, gl = sess.run([g_step, g_loss], {Z: noise})
            trace.append((dl, gl))
        sample = sess.run(G, {Z: noise[:2]})
    return {"trace": trace, "sample": sample, "d_vars": [v.name for v in d_vars], "g_vars": [v.name for v in g_vars],
            "globals": sorted(v.op.name for v in tf.global_variables()), "d_step": d_step.name, "g_step": g_step.name}


def case_x_p12_gradient_accumulation_equals_full_batch(tf):
    xs, ys = _blobs(12, 4, 2)
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.placeholder(tf.int64, [None])
    w = tf.Variable(wave([4, 2], 0.3), name="w")
    b = tf.Variable(tf.zeros([2]), name="b")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=tf.matmul(x, w) + b))
    opt = tf.train.GradientDescentOptimizer(0.5)
    tvs = tf.trainable_variables()
    accum = [tf.Variable(tf.zeros_like(tv.initialized_value()), trainable=False) for tv in tvs]
    zero_ops = [a.assign(tf.zeros_like(a)) for a in accum]
    gvs = opt.compute_gradients(loss, tvs)
    accum_ops = [accum[i].assign_add(gv[0]) for i, gv in enumerate(gvs)]
    n_batches = tf.placeholder(tf.float32, [])
    train_step = opt.apply_gradients([(accum[i] / n_batches, gv[1]) for i, gv in enumerate(gvs)])
    full_step = opt.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        accumulated = []
        for _ in range(2):
            sess.run(zero_ops)
            for k in range(3):
                sess.run(accum_ops, {x: xs[k * 4:(k + 1) * 4], y: ys[k * 4:(k + 1) * 4]})
            accumulated.append(sess.run(accum))
            sess.run(train_step, {n_batches: 3.0})
        after_accum = sess.run(tvs)
        sess.run(tf.global_variables_initializer())
        for _ in range(2):
            sess.run(full_step, {x: xs, y: ys})
        after_full = sess.run(tvs)
    return {"accum": accumulated, "after_accum": after_accum, "after_full": after_full,
            "accum_names": [a.op.name for a in accum], "types": sorted({op.type for op in accum_ops})}


def case_x_p12_multi_tower_average_gradients(tf):
    xs, ys = _blobs(8, 4, 2, phase=0.5)
    config = tf.ConfigProto(allow_soft_placement=True, log_device_placement=False)
    with tf.Graph().as_default(), tf.device("/cpu:0"):
        global_step = tf.get_variable("global_step", [], initializer=tf.constant_initializer(0), trainable=False,
                                      dtype=tf.int64)
        opt = tf.train.GradientDescentOptimizer(0.3)
        images = tf.placeholder(tf.float32, [8, 4])
        labels = tf.placeholder(tf.int64, [8])
        splits_x, splits_y = tf.split(images, 2), tf.split(labels, 2)
        tower_grads, tower_losses, devices = [], [], []
        with tf.variable_scope(tf.get_variable_scope()):
            for i in range(2):
                with tf.device("/gpu:%d" % i), tf.name_scope("tower_%d" % i) as scope:
                    w = tf.get_variable("w", [4, 2], initializer=tf.constant_initializer(0.1))
                    bias = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
                    logits = tf.matmul(splits_x[i], w) + bias
                    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=splits_y[i],
                                                                                         logits=logits), name="loss")
                    tf.add_to_collection("losses", loss)
                    tf.get_variable_scope().reuse_variables()
                    tower_grads.append(opt.compute_gradients(loss))
                    tower_losses.append(loss)
                    devices.append((scope, loss.device, logits.op.device))
        average_grads = []
        for grad_and_vars in zip(*tower_grads):
            grads = [tf.expand_dims(g, 0) for g, _ in grad_and_vars]
            grad = tf.reduce_mean(tf.concat(axis=0, values=grads), 0)
            average_grads.append((grad, grad_and_vars[0][1]))
        apply_op = opt.apply_gradients(average_grads, global_step=global_step)
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            trace = [sess.run([apply_op] + tower_losses, {images: xs, labels: ys})[1:] for _ in range(3)]
            final = sess.run([v for _, v in average_grads])
            step = sess.run(global_step)
        names = [v.op.name for _, v in average_grads]
        coll = [t.name for t in tf.get_collection("losses")]
    return {"trace": trace, "final": final, "step": step, "devices": devices, "names": names, "losses": coll,
            "var_device": global_step.device}


def case_x_p12_sparse_feature_cross_logistic(tf):
    ids_a = tf.sparse_placeholder(tf.int64, name="ids_a")
    ids_b = tf.sparse_placeholder(tf.int64, name="ids_b")
    label = tf.placeholder(tf.float32, [None, 1], name="label")
    crossed = tf.sparse.cross_hashed([ids_a, ids_b], num_buckets=11)
    emb = tf.Variable(wave([11, 1], 0.2), name="cross_w")
    emb_a = tf.Variable(wave([5, 1], 0.2, phase=1.0), name="a_w")
    logit = (tf.nn.embedding_lookup_sparse(emb, crossed, None, combiner="sum") +
             tf.nn.embedding_lookup_sparse(emb_a, ids_a, None, combiner="mean"))
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=label, logits=logit))
    train = tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01).minimize(loss)
    a_val = tf.SparseTensorValue([[0, 0], [0, 1], [1, 0], [2, 0]], np.array([1, 3, 2, 4], np.int64), [3, 2])
    b_val = tf.SparseTensorValue([[0, 0], [1, 0], [1, 1], [2, 0]], np.array([0, 2, 1, 3], np.int64), [3, 2])
    y = np.array([[1.0], [0.0], [1.0]], np.float32)
    feed = {ids_a: a_val, ids_b: b_val, label: y}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        cross = sess.run(crossed, feed)
        losses = [sess.run([train, loss], feed)[1] for _ in range(4)]
        tuple_feed = sess.run(logit, {ids_a: (a_val.indices, a_val.values, a_val.dense_shape),
                                      ids_b: (b_val.indices, b_val.values, b_val.dense_shape)})
    return {"cross_idx": cross.indices, "cross_vals": cross.values, "cross_shape": cross.dense_shape,
            "losses": losses, "logit": tuple_feed, "shape": ids_a.shape.as_list(),
            "names": [ids_a.indices.name, ids_a.values.name, ids_a.dense_shape.name]}
