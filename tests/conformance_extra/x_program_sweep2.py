"""Whole TF1 programs as tutorials, books and old repositories write them, second sweep: word2vec
skip-gram with NCE, a tied-weight autoencoder, a GAN step pair, seq2seq with a hand-rolled decoder,
a char-RNN resumed from a checkpoint, TFRecord and CSV queue pipelines, streaming metrics, sparse
logistic regression, tf.py_func in pipelines, and while_loop algorithms (power iteration, Newton,
k-means).

Weights start from fixed values or from graph-level seeds of ops whose bits match TensorFlow's, and
results drawn from threads are compared order-free, so every number is the program's own."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch


def _data(n=24, d=4, phase=0.0):
    xs = np.sin(np.arange(n * d).reshape(n, d) * 0.41 + phase).astype(np.float32)
    w = np.array([1.0, -1.5, 0.7, 0.2], np.float32)[:d]
    ys = (xs @ w > 0.05).astype(np.int64)
    return xs, ys


def case_x_program_word2vec_skipgram_nce(tf):
    tf.set_random_seed(7)
    vocab, dim, num_sampled = 20, 4, 5
    centers = np.array([1, 2, 3, 4, 5, 6, 7, 8], np.int32)
    contexts = np.array([[2], [3], [4], [5], [6], [7], [8], [9]], np.int64)
    train_inputs = tf.placeholder(tf.int32, shape=[None])
    train_labels = tf.placeholder(tf.int64, shape=[None, 1])
    embeddings = tf.Variable(np.cos(np.arange(vocab * dim).reshape(vocab, dim) * 0.3).astype(np.float32))
    embed = tf.nn.embedding_lookup(embeddings, train_inputs)
    nce_weights = tf.Variable(np.sin(np.arange(vocab * dim).reshape(vocab, dim) * 0.2).astype(np.float32) * 0.1)
    nce_biases = tf.Variable(tf.zeros([vocab]))
    sampled = tf.nn.log_uniform_candidate_sampler(train_labels, 1, num_sampled, True, vocab, seed=3)
    loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_weights, biases=nce_biases, labels=train_labels,
                                         inputs=embed, num_sampled=num_sampled, num_classes=vocab,
                                         sampled_values=sampled))
    optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
    normalized = embeddings / norm
    similarity = tf.matmul(tf.gather(normalized, [1, 2]), normalized, transpose_b=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        cands = sess.run(sampled)
        losses = [sess.run([optimizer, loss], {train_inputs: centers, train_labels: contexts})[1] for _ in range(5)]
        sim = sess.run(similarity)
    return {"candidates": cands, "losses": losses, "nearest": np.argsort(-sim, 1)[:, :4]}


def case_x_program_nce_loss_default_sampler(tf):
    tf.set_random_seed(11)
    weights = tf.constant(np.cos(np.arange(30).reshape(10, 3)).astype(np.float32))
    biases = tf.constant(np.linspace(-0.5, 0.5, 10).astype(np.float32))
    inputs = tf.constant(np.sin(np.arange(12).reshape(4, 3)).astype(np.float32))
    labels = tf.constant([[1, 2], [3, 4], [0, 9], [5, 5]], tf.int64)
    nce = tf.nn.nce_loss(weights, biases, labels, inputs, num_sampled=4, num_classes=10, num_true=2,
                         remove_accidental_hits=True)
    ssm = tf.nn.sampled_softmax_loss(weights, biases, labels[:, :1], inputs, num_sampled=4, num_classes=10)
    sess = tf.Session()
    return {"nce": sess.run(nce), "ssm": sess.run(ssm), "shapes": [nce.shape.as_list(), ssm.shape.as_list()]}


def case_x_program_tied_weight_autoencoder(tf):
    xs, _ = _data(16, 4)
    x = tf.placeholder(tf.float32, [None, 4])
    w = tf.Variable(np.linspace(-0.5, 0.5, 8).reshape(4, 2).astype(np.float32), name="w")
    b_enc = tf.Variable(tf.zeros([2]), name="b_enc")
    b_dec = tf.Variable(tf.zeros([4]), name="b_dec")
    code = tf.nn.sigmoid(tf.matmul(x, w) + b_enc)
    recon = tf.matmul(code, tf.transpose(w)) + b_dec
    loss = tf.reduce_mean(tf.reduce_sum(tf.square(recon - x), 1))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    trace = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(30):
            _, l = sess.run([train, loss], {x: xs})
            if step % 10 == 9:
                trace.append(l)
        return {"trace": trace, "w": sess.run(w), "code": sess.run(code, {x: xs[:3]}),
                "trainable": [v.op.name for v in tf.trainable_variables()]}


def case_x_program_gan_step_pair(tf):
    real = np.linspace(-1.0, 1.0, 8).reshape(8, 1).astype(np.float32) + 2.0
    noise = np.cos(np.arange(8)).reshape(8, 1).astype(np.float32)
    z = tf.placeholder(tf.float32, [None, 1], name="z")
    x = tf.placeholder(tf.float32, [None, 1], name="x")

    def generator(z):
        with tf.variable_scope("generator"):
            h = tf.layers.dense(z, 4, tf.nn.tanh, kernel_initializer=tf.constant_initializer(0.3), name="h")
            return tf.layers.dense(h, 1, kernel_initializer=tf.constant_initializer(0.5), name="out")

    def discriminator(x, reuse=False):
        with tf.variable_scope("discriminator", reuse=reuse):
            h = tf.layers.dense(x, 4, tf.nn.relu, kernel_initializer=tf.constant_initializer(-0.2),
                                bias_initializer=tf.constant_initializer(0.1), name="h")
            return tf.layers.dense(h, 1, kernel_initializer=tf.constant_initializer(0.4), name="out")

    fake = generator(z)
    d_real = discriminator(x)
    d_fake = discriminator(fake, reuse=True)
    xent = tf.nn.sigmoid_cross_entropy_with_logits
    d_loss = tf.reduce_mean(xent(labels=tf.ones_like(d_real), logits=d_real)) + \
        tf.reduce_mean(xent(labels=tf.zeros_like(d_fake), logits=d_fake))
    g_loss = tf.reduce_mean(xent(labels=tf.ones_like(d_fake), logits=d_fake))
    t_vars = tf.trainable_variables()
    d_vars = [v for v in t_vars if v.name.startswith("discriminator/")]
    g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="generator")
    d_step = tf.train.AdamOptimizer(0.01, beta1=0.5).minimize(d_loss, var_list=d_vars)
    g_step = tf.train.RMSPropOptimizer(0.01).minimize(g_loss, var_list=g_vars)
    trace = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            _, dl = sess.run([d_step, d_loss], {x: real, z: noise})
            _, gl = sess.run([g_step, g_loss], {z: noise})
            trace.append([dl, gl])
        return {"trace": trace, "d_vars": [v.op.name for v in d_vars], "g_vars": [v.op.name for v in g_vars],
                "all": sorted(v.op.name for v in tf.global_variables()), "fake": sess.run(fake, {z: noise[:3]})}


def case_x_program_seq2seq_encoder_decoder_loop(tf):
    batch, src_len, vocab, units = 2, 4, 6, 3
    src = tf.placeholder(tf.int32, [batch, src_len])
    src_lens = tf.placeholder(tf.int32, [batch])
    emb = tf.get_variable("emb", initializer=np.cos(np.arange(vocab * units).reshape(vocab, units) * 0.5)
                          .astype(np.float32))
    with tf.variable_scope("encoder", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=1)):
        enc_cell = tf.nn.rnn_cell.GRUCell(units)
        enc_out, enc_state = tf.nn.dynamic_rnn(enc_cell, tf.nn.embedding_lookup(emb, src),
                                               sequence_length=src_lens, dtype=tf.float32)
    with tf.variable_scope("decoder", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=2)):
        dec_cell = tf.nn.rnn_cell.BasicLSTMCell(units)
        state = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([batch, units]), enc_state)
        proj_w = tf.get_variable("proj_w", [units, vocab])
        token = tf.zeros([batch], tf.int32)
        outputs = []
        for t in range(3):
            if t > 0:
                tf.get_variable_scope().reuse_variables()
            out, state = dec_cell(tf.nn.embedding_lookup(emb, token), state)
            logits = tf.matmul(out, proj_w)
            token = tf.argmax(logits, 1, output_type=tf.int32)
            outputs.append(logits)
    targets = tf.constant([[1, 2, 3], [4, 5, 0]])
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=targets, logits=tf.stack(outputs, 1)))
    train = tf.train.MomentumOptimizer(0.3, 0.9).minimize(loss)
    feed = {src: [[1, 2, 3, 4], [5, 4, 0, 0]], src_lens: [4, 2]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([train, loss], feed)[1] for _ in range(4)]
        return {"losses": losses, "enc_out": sess.run(enc_out, feed),
                "vars": sorted(v.op.name for v in tf.global_variables() if "Adam" not in v.op.name)}


def case_x_program_char_rnn_save_restore_resume(tf):
    text = "hello world hello tf"
    chars = sorted(set(text))
    ids = np.array([chars.index(c) for c in text], np.int32)
    vocab, units, steps = len(chars), 5, 6
    ckpt = tempfile.mkdtemp()

    def build():
        inputs = tf.placeholder(tf.int32, [1, steps])
        targets = tf.placeholder(tf.int32, [1, steps])
        with tf.variable_scope("rnn", initializer=tf.random_uniform_initializer(-0.4, 0.4, seed=3)):
            cell = tf.nn.rnn_cell.BasicRNNCell(units)
            onehot = tf.one_hot(inputs, vocab)
            out, _ = tf.nn.dynamic_rnn(cell, onehot, dtype=tf.float32)
            w = tf.get_variable("softmax_w", [units, vocab])
            b = tf.get_variable("softmax_b", [vocab], initializer=tf.zeros_initializer())
        logits = tf.tensordot(out, w, 1) + b
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits))
        step = tf.train.get_or_create_global_step()
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
        train = tf.train.AdamOptimizer(0.05).apply_gradients(zip(grads, tvars), global_step=step)
        return inputs, targets, loss, step, train

    def batches(k):
        start = k % (len(ids) - steps - 1)
        return ids[None, start:start + steps], ids[None, start + 1:start + steps + 1]

    try:
        with tf.Graph().as_default():
            inputs, targets, loss, step, train = build()
            saver = tf.train.Saver()
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for k in range(6):
                    x, y = batches(k)
                    sess.run(train, {inputs: x, targets: y})
                saver.save(sess, os.path.join(ckpt, "char"), global_step=step)
                x, y = batches(6)
                first = sess.run(loss, {inputs: x, targets: y})
        with tf.Graph().as_default():
            inputs, targets, loss, step, train = build()
            saver = tf.train.Saver()
            with tf.Session() as sess:
                state = tf.train.get_checkpoint_state(ckpt)
                saver.restore(sess, state.model_checkpoint_path)
                resumed_at = sess.run(step)
                x, y = batches(6)
                again = sess.run(loss, {inputs: x, targets: y})
                for k in range(resumed_at, resumed_at + 4):
                    x, y = batches(k)
                    sess.run(train, {inputs: x, targets: y})
                final = [sess.run(step), sess.run(loss, {inputs: x, targets: y})]
        return {"first": first, "again": again, "resumed_at": resumed_at, "final": final,
                "ckpt": os.path.basename(state.model_checkpoint_path)}
    finally:
        shutil.rmtree(ckpt)


def _write_records(tf, path, n):
    with tf.python_io.TFRecordWriter(path) as writer:
        for i in range(n):
            ex = tf.train.Example(features=tf.train.Features(feature={
                "x": tf.train.Feature(float_list=tf.train.FloatList(value=[i * 0.5, -i * 0.25])),
                "y": tf.train.Feature(int64_list=tf.train.Int64List(value=[i % 3])),
                "name": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"row%d" % i]))}))
            writer.write(ex.SerializeToString())


def case_x_program_tfrecord_shuffle_batch_training(tf):
    folder = tempfile.mkdtemp()
    try:
        files = [os.path.join(folder, f"data{k}.tfrecord") for k in range(2)]
        for k, f in enumerate(files):
            _write_records(tf, f, 6)
        tf.set_random_seed(5)
        queue = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
        reader = tf.TFRecordReader()
        _, serialized = reader.read(queue)
        feats = tf.parse_single_example(serialized, {
            "x": tf.FixedLenFeature([2], tf.float32), "y": tf.FixedLenFeature([], tf.int64),
            "name": tf.FixedLenFeature([], tf.string)})
        xb, yb, nb = tf.train.shuffle_batch([feats["x"], feats["y"], feats["name"]], batch_size=4,
                                            capacity=20, min_after_dequeue=5, seed=1,
                                            allow_smaller_final_batch=True)
        w = tf.Variable(tf.zeros([2, 3]))
        loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yb, logits=tf.matmul(xb, w)))
        count = tf.Variable(0, trainable=False)
        train = tf.group(tf.train.GradientDescentOptimizer(0.0).minimize(loss), tf.assign_add(count, tf.size(yb)))
        names = []
        sizes = []
        with tf.Session() as sess:
            sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            try:
                while not coord.should_stop():
                    _, n = sess.run([train, nb])
                    names.extend(v.decode() for v in n)
                    sizes.append(len(n))
            except tf.errors.OutOfRangeError:
                pass
            finally:
                coord.request_stop()
                coord.join(threads)
            total = sess.run(count)
        return {"names": sorted(names), "count": total, "batches": len(sizes), "sum": sum(sizes),
                "runners": sorted(qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS))}
    finally:
        shutil.rmtree(folder)


def case_x_program_batch_dynamic_pad_smaller_final(tf):
    lengths = tf.train.range_input_producer(5, num_epochs=1, shuffle=False).dequeue()
    seq = tf.range(lengths + 1) * 10
    label = tf.string_join(["len", tf.as_string(lengths)])
    padded, labels = tf.train.batch([seq, label], batch_size=2, dynamic_pad=True,
                                    allow_smaller_final_batch=True, num_threads=1)
    out = []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while True:
                p, lab = sess.run([padded, labels])
                out.append([p.tolist(), [v.decode() for v in lab]])
        except tf.errors.OutOfRangeError:
            out.append("end")
        coord.request_stop()
        coord.join(threads)
    return {"batches": out, "static": padded.shape.as_list()}


def case_x_program_streaming_metrics_eval_loop(tf):
    labels = tf.placeholder(tf.int64, [None])
    scores = tf.placeholder(tf.float32, [None])
    preds = tf.cast(scores > 0.5, tf.int64)
    with tf.variable_scope("eval"):
        acc, acc_up = tf.metrics.accuracy(labels, preds)
        prec, prec_up = tf.metrics.precision(labels, preds)
        rec, rec_up = tf.metrics.recall(labels, preds)
        auc, auc_up = tf.metrics.auc(labels, scores, num_thresholds=20)
        mean, mean_up = tf.metrics.mean(scores)
    running = tf.get_collection(tf.GraphKeys.LOCAL_VARIABLES, scope="eval")
    reset = tf.variables_initializer(running)
    update = tf.group(acc_up, prec_up, rec_up, auc_up, mean_up)
    batches = [([1, 0, 1, 1], [0.9, 0.2, 0.4, 0.7]), ([0, 0, 1], [0.6, 0.1, 0.8]), ([1, 0], [0.3, 0.45])]
    epochs = []
    with tf.Session() as sess:
        for epoch in range(2):
            sess.run(reset)
            for lab, sc in batches[epoch:]:
                sess.run(update, {labels: lab, scores: sc})
            epochs.append(sess.run([acc, prec, rec, auc, mean]))
    return {"epochs": epochs, "local": sorted(v.op.name for v in running),
            "metric_vars": len(tf.get_collection(tf.GraphKeys.METRIC_VARIABLES))}


def case_x_program_sparse_logistic_regression(tf):
    indices = np.array([[0, 1], [0, 4], [1, 0], [1, 2], [2, 3], [3, 1], [3, 4], [4, 0]], np.int64)
    values = np.array([1.0, 0.5, 2.0, -1.0, 1.5, 0.3, -0.7, 1.0], np.float32)
    labels = np.array([1, 0, 1, 0, 1], np.float32)
    sp = tf.sparse_placeholder(tf.float32, shape=[None, 5])
    y = tf.placeholder(tf.float32, [None])
    w = tf.Variable(np.full([5, 1], 0.1, np.float32))
    b = tf.Variable(0.0)
    logits = tf.squeeze(tf.sparse_tensor_dense_matmul(sp, w), 1) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)) + \
        0.01 * tf.nn.l2_loss(w)
    train = tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.01).minimize(loss)
    feed = {sp: tf.SparseTensorValue(indices, values, [5, 5]), y: labels}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [sess.run([train, loss], feed)[1] for _ in range(6)]
        probs = sess.run(tf.sigmoid(logits), {sp: (indices[:3], values[:3], [2, 5])})
        return {"losses": losses, "w": sess.run(w), "b": sess.run(b), "probs": probs}


def case_x_program_py_func_in_pipelines(tf):
    def normalize(row):
        row = row.astype(np.float32)
        return (row - row.mean()) / (row.std() + 1e-3)

    def tokenize(line):
        return np.array([len(tok) for tok in line.decode().split()], np.int64)

    data = np.arange(12, dtype=np.float32).reshape(4, 3) ** 1.5
    ds = tf.data.Dataset.from_tensor_slices(data).map(
        lambda r: tf.reshape(tf.py_func(normalize, [r], tf.float32), [3])).batch(2)
    it = ds.make_one_shot_iterator().get_next()
    line = tf.placeholder(tf.string, [])
    lens = tf.py_func(tokenize, [line], tf.int64, stateful=False)
    total = tf.reduce_sum(lens)
    w = tf.Variable(np.ones(3, np.float32))
    scaled = tf.numpy_function(lambda a, s: (a * s).astype(np.float32), [w, tf.constant(2.0)], tf.float32)
    grad = tf.gradients(tf.reduce_sum(scaled * w), w)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        rows = [sess.run(it), sess.run(it)]
        end = catch(sess.run, it)
        return {"rows": rows, "end": end, "lens": sess.run([lens, total], {line: "the quick brown fox"}),
                "scaled": sess.run(scaled), "static": [lens.shape.ndims, it.shape.as_list()],
                "grad": sess.run(grad[0])}


def case_x_program_power_iteration_newton_kmeans(tf):
    a = tf.constant([[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]])

    def power_body(v, i, lam):
        w = tf.matmul(a, v)
        return w / tf.norm(w), i + 1, tf.reduce_sum(v * w)
    v, iters, lam = tf.while_loop(lambda v, i, lam: i < 40, power_body,
                                  [tf.ones([3, 1]) / np.sqrt(3.0), tf.constant(0), tf.constant(0.0)])

    def newton_body(x, k):
        f = x ** 3 - 2.0 * x - 5.0
        fp = tf.gradients(f, x)[0]
        return x - f / fp, k + 1
    root, newton_steps = tf.while_loop(
        lambda x, k: tf.logical_and(k < 30, tf.abs(x ** 3 - 2.0 * x - 5.0) > 1e-5), newton_body,
        [tf.constant(2.0), tf.constant(0)])

    points = tf.constant(np.concatenate([np.cos(np.arange(6))[:, None] * 0.3 + [0, 0],
                                         np.sin(np.arange(6))[:, None] * 0.3 + [3, 3]]).astype(np.float32))

    def kmeans_body(centroids, k):
        dist = tf.reduce_sum(tf.square(points[:, None, :] - centroids[None, :, :]), 2)
        assign = tf.argmin(dist, 1, output_type=tf.int32)
        sums = tf.unsorted_segment_sum(points, assign, 2)
        counts = tf.unsorted_segment_sum(tf.ones_like(points[:, :1]), assign, 2)
        return sums / counts, k + 1
    centroids, _ = tf.while_loop(lambda c, k: k < 5, kmeans_body, [tf.gather(points, [0, 1]), tf.constant(0)])
    sign = tf.cond(lam > 4.0, lambda: tf.constant("big"), lambda: tf.constant("small"))
    with tf.Session() as sess:
        return sess.run({"v": v, "iters": iters, "lam": lam, "root": root, "newton": newton_steps,
                         "centroids": centroids, "sign": sign})


def case_x_program_old_style_softmax_regression(tf):
    xs, ys = _data(20, 4)
    onehot = np.eye(2, dtype=np.float32)[ys]
    x = tf.placeholder("float", [None, 4])
    y_ = tf.placeholder("float", [None, 2])
    W = tf.Variable(tf.zeros([4, 2]))
    b = tf.Variable(tf.zeros([2]))
    y = tf.nn.softmax(tf.matmul(x, W) + b)
    cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
    correct_prediction = tf.equal(tf.arg_max(y, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.to_float(correct_prediction))
    init = tf.initialize_all_variables()
    sess = tf.Session()
    sess.run(init)
    for i in range(0, 20, 5):
        sess.run(train_step, feed_dict={x: xs[i:i + 5], y_: onehot[i:i + 5]})
    return {"accuracy": sess.run(accuracy, feed_dict={x: xs, y_: onehot}), "W": sess.run(W),
            "keep": sess.run(tf.reduce_sum(y, 1, keep_dims=True), {x: xs[:2]}),
            "to": sess.run([tf.to_int32(tf.constant(2.7)), tf.to_double(tf.constant(1.5)), tf.to_int64(3.9)])}


def case_x_program_cnn_dropout_keep_prob(tf):
    tf.set_random_seed(21)
    images = np.sin(np.arange(4 * 8 * 8).reshape(4, 8, 8, 1) * 0.07).astype(np.float32)
    labels = np.array([0, 1, 2, 1])

    def weight_variable(shape):
        return tf.Variable(tf.truncated_normal(shape, stddev=0.1, seed=len(shape)))

    def bias_variable(shape):
        return tf.Variable(tf.constant(0.1, shape=shape))

    x = tf.placeholder(tf.float32, [None, 8, 8, 1])
    y = tf.placeholder(tf.int64, [None])
    keep_prob = tf.placeholder(tf.float32)
    w1, b1 = weight_variable([3, 3, 1, 4]), bias_variable([4])
    h1 = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, w1, strides=[1, 1, 1, 1], padding="SAME") + b1),
                        ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    flat = tf.reshape(h1, [-1, 4 * 4 * 4])
    w2, b2 = weight_variable([64, 3]), bias_variable([3])
    logits = tf.matmul(tf.nn.dropout(flat, keep_prob, seed=4), w2) + b2
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.AdamOptimizer(1e-2).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        init_w = sess.run(w2)[:2]
        train_losses = [sess.run([train, loss], {x: images, y: labels, keep_prob: 0.5})[1] for _ in range(3)]
        eval_loss = sess.run(loss, {x: images, y: labels, keep_prob: 1.0})
    return {"init": init_w, "train": train_losses, "eval": eval_loss}


def case_x_program_meta_graph_export_import_resume(tf):
    d = tempfile.mkdtemp()
    xs, ys = _data(12, 4)
    try:
        prefix = os.path.join(d, "model")
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 4], name="x")
            y = tf.placeholder(tf.int64, [None], name="y")
            w = tf.Variable(np.full([4, 2], 0.1, np.float32), name="w")
            logits = tf.matmul(x, w, name="logits")
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits),
                                  name="loss")
            step = tf.train.get_or_create_global_step()
            train = tf.train.MomentumOptimizer(0.2, 0.9).minimize(loss, global_step=step, name="train_op")
            tf.add_to_collection("train_op", train)
            tf.add_to_collection("inputs", x)
            saver = tf.train.Saver()
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(3):
                    sess.run(train, {x: xs, y: ys})
                saver.save(sess, prefix, global_step=step)
                reference = [sess.run(loss, {x: xs, y: ys})]
                for _ in range(2):
                    sess.run(train, {x: xs, y: ys})
                reference.append(sess.run(loss, {x: xs, y: ys}))
        with tf.Graph().as_default() as g:
            saver = tf.train.import_meta_graph(prefix + "-3.meta")
            with tf.Session() as sess:
                saver.restore(sess, tf.train.latest_checkpoint(d))
                train = tf.get_collection("train_op")[0]
                x = tf.get_collection("inputs")[0]
                y = g.get_tensor_by_name("y:0")
                loss = g.get_tensor_by_name("loss:0")
                resumed = [sess.run(loss, {x: xs, y: ys})]
                for _ in range(2):
                    sess.run(train, {x: xs, y: ys})
                resumed.append(sess.run(loss, {x: xs, y: ys}))
                step = sess.run(tf.train.get_global_step())
                names = sorted(v.op.name for v in tf.global_variables())
        return {"reference": reference, "resumed": resumed, "step": step, "vars": names,
                "train_type": train.type}
    finally:
        shutil.rmtree(d)


def case_x_program_freeze_graph_and_serve(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="input")
        w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) * 0.1, name="w")
        b = tf.Variable([0.5, -0.5], name="b")
        tf.nn.softmax(tf.matmul(x, w) + b, name="probs")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["probs"])
    kinds = sorted({n.op for n in frozen.node})
    data = frozen.SerializeToString()
    with tf.Graph().as_default() as g2:
        gd = tf.GraphDef()
        gd.ParseFromString(data)
        probs, = tf.import_graph_def(gd, return_elements=["probs:0"], name="served")
        with tf.Session() as sess:
            out = sess.run(probs, {"served/input:0": [[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]]})
        ops = [op.name for op in g2.get_operations()][:3]
    return {"kinds": kinds, "out": out, "ops": ops, "variables_left": [n.name for n in frozen.node if "Variable" in n.op]}


def case_x_program_feedable_iterator_train_val(tf):
    train_ds = tf.data.Dataset.range(10).map(lambda i: tf.cast(i, tf.float32)).batch(3).repeat()
    val_ds = tf.data.Dataset.range(100, 104).map(lambda i: tf.cast(i, tf.float32)).batch(2)
    handle = tf.placeholder(tf.string, shape=[])
    iterator = tf.data.Iterator.from_string_handle(handle, train_ds.output_types, train_ds.output_shapes)
    batch = iterator.get_next()
    train_it = train_ds.make_one_shot_iterator()
    val_it = val_ds.make_initializable_iterator()
    total = tf.Variable(0.0)
    accumulate = tf.assign_add(total, tf.reduce_sum(batch))
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        th, vh = sess.run([train_it.string_handle(), val_it.string_handle()])
        for epoch in range(2):
            out.append(["train", [sess.run(accumulate, {handle: th}) for _ in range(3)]])
            sess.run(val_it.initializer)
            vals = []
            while True:
                try:
                    vals.append(sess.run(batch, {handle: vh}))
                except tf.errors.OutOfRangeError:
                    break
            out.append(["val", vals])
    return {"out": out, "types": str(train_ds.output_types), "shapes": str(train_ds.output_shapes)}


def case_x_program_slice_input_producer_batch_join(tf):
    images = np.arange(10, dtype=np.float32).reshape(5, 2)
    labels = np.array([0, 1, 0, 1, 1], np.int32)
    image, label = tf.train.slice_input_producer([images, labels], num_epochs=2, shuffle=False)
    doubled = [(image * 2.0, label), (image * 3.0, label + 10)]
    xb, yb = tf.train.batch_join(doubled, batch_size=3, allow_smaller_final_batch=True)
    got = []  # which list's thread dequeued which element varies: the rows are compared order-free
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while True:
                a, b = sess.run([xb, yb])
                got.extend(([v / (2.0 if k < 10 else 3.0) for v in row], k % 10)
                           for row, k in zip(a.tolist(), b.tolist()))
        except tf.errors.OutOfRangeError:
            pass
        coord.request_stop()
        coord.join(threads)
    return {"rows": sorted(got), "count": len(got), "static": [xb.shape.as_list(), yb.shape.as_list()]}


def _tensor_array_rnn(tf):
    """A tanh RNN over a TensorArray of 5 steps: (w, u, stacked outputs, last state, loss)."""
    inputs = tf.constant(np.cos(np.arange(5 * 2 * 3).reshape(5, 2, 3) * 0.4).astype(np.float32))
    w = tf.Variable(np.linspace(-0.5, 0.5, 9).reshape(3, 3).astype(np.float32))
    u = tf.Variable(np.linspace(0.3, -0.3, 9).reshape(3, 3).astype(np.float32))
    ta_in = tf.TensorArray(tf.float32, size=5).unstack(inputs)
    ta_out = tf.TensorArray(tf.float32, size=5)

    def step(t, h, out):
        h = tf.tanh(tf.matmul(ta_in.read(t), w) + tf.matmul(h, u))
        return t + 1, h, out.write(t, h)
    _, last, outs = tf.while_loop(lambda t, h, o: t < 5, step, [0, tf.zeros([2, 3]), ta_out])
    stacked = outs.stack()
    return w, u, stacked, last, tf.reduce_sum(tf.square(stacked)) + tf.reduce_sum(last)


def _train_tensor_array_rnn(tf, grads, train, stacked, last, loss):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        g = sess.run(grads)
        losses = [sess.run([train, loss])[1] for _ in range(3)]
        return {"grads": g, "losses": losses, "stacked_shape": stacked.shape.as_list(), "last": sess.run(last)}


def case_x_program_tensor_array_rnn_with_gradients(tf):
    w, u, stacked, last, loss = _tensor_array_rnn(tf)
    grads = tf.gradients(loss, [w, u])
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients(zip(grads, [w, u]))
    return _train_tensor_array_rnn(tf, grads, train, stacked, last, loss)


def case_x_program_sampled_softmax_training(tf):
    tf.set_random_seed(13)
    classes, dim = 12, 4
    x = tf.constant(np.sin(np.arange(6 * dim).reshape(6, dim)).astype(np.float32))
    labels = tf.constant([[1], [4], [7], [2], [11], [0]], tf.int64)
    w = tf.Variable(np.cos(np.arange(classes * dim).reshape(classes, dim) * 0.3).astype(np.float32) * 0.1)
    b = tf.Variable(tf.zeros([classes]))
    loss = tf.reduce_mean(tf.nn.sampled_softmax_loss(w, b, labels, x, num_sampled=4, num_classes=classes))
    full = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels[:, 0], logits=tf.matmul(x, w, transpose_b=True) + b))
    train = tf.train.AdagradOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = [sess.run([train, loss, full])[1:] for _ in range(4)]
        return {"trace": trace, "b": sess.run(b)}


def case_x_program_closed_form_least_squares(tf):
    xs = np.array([[0.3, -1.2, 0.5], [1.1, 0.4, -0.7], [-0.6, 0.9, 1.3], [0.2, 0.1, -1.5], [1.7, -0.3, 0.6],
                   [-1.0, -0.8, 0.2], [0.5, 1.6, -0.4], [-0.2, 0.7, 0.9], [0.9, -1.1, -0.2], [-1.4, 0.3, 0.8]],
                  np.float32)
    ys = (xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25 + 0.01 * np.cos(np.arange(10))[:, None]
          ).astype(np.float32)
    X = tf.concat([tf.constant(xs), tf.ones([10, 1])], 1)
    Y = tf.constant(ys)
    normal = tf.matrix_solve(tf.matmul(X, X, transpose_a=True), tf.matmul(X, Y, transpose_a=True))
    ls = tf.matrix_solve_ls(X, Y, l2_regularizer=0.0)
    chol = tf.cholesky(tf.matmul(X, X, transpose_a=True))
    via_chol = tf.cholesky_solve(chol, tf.matmul(X, Y, transpose_a=True))
    pinv = tf.matmul(tf.matrix_inverse(tf.matmul(X, X, transpose_a=True)), tf.matmul(X, Y, transpose_a=True))
    sess = tf.Session()
    return {k: np.round(v, 4) for k, v in sess.run({"normal": normal, "ls": ls, "chol": via_chol,
                                                    "pinv": pinv}).items()}


def case_x_program_assign_reshape_and_load(tf):
    v = tf.Variable(np.zeros([2, 2], np.float32), name="v", validate_shape=False)
    grow = tf.assign(v, tf.ones([3, 2]), validate_shape=False)
    counter = tf.Variable(0, name="counter")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        before = sess.run(v)
        after = sess.run(grow)
        for k in range(3):
            counter.load(k * 5, sess)
        loaded = sess.run(counter)
        mismatch = catch(sess.run, tf.assign(counter, [1, 2]))
    return {"before": before, "after": after, "loaded": loaded, "static": v.shape.as_list(),
            "mismatch": mismatch, "grow_shape": grow.shape.as_list()}


def case_x_program_raw_rnn_greedy_decoder(tf):
    batch, units = 2, 3
    inputs = tf.constant(np.cos(np.arange(4 * batch * units).reshape(4, batch, units) * 0.3).astype(np.float32))
    lengths = tf.constant([4, 2])
    with tf.variable_scope("raw", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=8)):
        cell = tf.nn.rnn_cell.GRUCell(units)
        ta = tf.TensorArray(tf.float32, size=4).unstack(inputs)

        def loop_fn(time, cell_output, cell_state, loop_state):
            emit = cell_output
            state = cell.zero_state(batch, tf.float32) if cell_output is None else cell_state
            finished = time >= lengths
            nxt = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([batch, units]), lambda: ta.read(time))
            return finished, nxt, state, emit, None
        outputs_ta, final_state, _ = tf.nn.raw_rnn(cell, loop_fn)
        outputs = outputs_ta.stack()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"outputs": sess.run(outputs), "state": sess.run(final_state)}


def case_x_program_sparse_adam_embeddings_and_confusion(tf):
    ids = tf.placeholder(tf.int32, [None])
    labels = tf.placeholder(tf.int64, [None])
    table = tf.Variable(np.sin(np.arange(18).reshape(6, 3) * 0.7).astype(np.float32), name="table")
    proj = tf.Variable(np.cos(np.arange(9).reshape(3, 3) * 0.5).astype(np.float32), name="proj")
    logits = tf.matmul(tf.nn.embedding_lookup(table, ids), proj)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    preds = tf.argmax(logits, 1)
    with tf.variable_scope("eval"):
        per_class, per_class_up = tf.metrics.mean_per_class_accuracy(labels, preds, 3)
        miou, miou_up = tf.metrics.mean_iou(labels, preds, 3)
    confusion = tf.confusion_matrix(labels, preds, num_classes=3)
    feed = {ids: [0, 2, 2, 5, 1], labels: [0, 1, 1, 2, 0]}
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        losses = [sess.run([train, loss], feed)[1] for _ in range(4)]
        sess.run([per_class_up, miou_up], feed)
        return {"losses": losses, "table": sess.run(table), "per_class": sess.run(per_class),
                "miou": sess.run(miou), "confusion": sess.run(confusion, feed)}


# a second tf.gradients call over a loop reading a TensorArray builds its own body gradient (TF builds one
# backward loop per call): minimize() after tf.gradients on the same loss trains as TF
def case_x_program_sweep2_tensor_array_rnn_two_gradient_calls(tf):
    w, u, stacked, last, loss = _tensor_array_rnn(tf)
    grads = tf.gradients(loss, [w, u])
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return _train_tensor_array_rnn(tf, grads, train, stacked, last, loss)
