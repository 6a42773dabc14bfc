"""Whole TF1 programs as tutorials, courses and old repositories write them, third sweep: MNIST-style
softmax regression and an MLP fed by initializable iterators, a tf.layers CNN with batch norm and
dropout in train and eval modes, RNN classifiers and taggers, hand-written attention, an LSTM
language model with truncated BPTT, a VAE, a DQN step, policy gradient, and the defects such
programs met (constants from lists of arrays, lookups over NumPy shards, int32 crosses, handles from
partial runs).

Weights start from fixed values or from seeded initializers whose bits match TensorFlow's, so every
number is the program's own."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch


def _images(n=24, side=6, phase=0.0):
    """n single-channel images and 3-way labels, a smooth function of the pixel grid."""
    grid = np.arange(n * side * side).reshape(n, side, side, 1)
    xs = (0.5 + 0.5 * np.sin(grid * 0.173 + phase)).astype(np.float32)
    ys = (np.floor(xs.mean(axis=(1, 2, 3)) * 30) % 3).astype(np.int64)
    return xs, ys


def _sequences(n=8, steps=5, dim=3):
    xs = np.sin(np.arange(n * steps * dim).reshape(n, steps, dim) * 0.29).astype(np.float32)
    lengths = np.array([5, 3, 4, 2, 5, 1, 4, 3][:n], np.int32)
    ys = (xs[:, 0, 0] + xs[:, 1, 1] > 0).astype(np.int64)
    return xs, lengths, ys


def case_x_program_mnist_softmax_initializable_iterator(tf):
    xs, ys = _images(30)
    flat = xs.reshape(30, -1)
    features_ph = tf.placeholder(flat.dtype, flat.shape)
    labels_ph = tf.placeholder(ys.dtype, ys.shape)
    dataset = tf.data.Dataset.from_tensor_slices((features_ph, labels_ph)).batch(8)
    iterator = dataset.make_initializable_iterator()
    images, labels = iterator.get_next()
    W = tf.Variable(tf.zeros([36, 3]))
    b = tf.Variable(tf.zeros([3]))
    logits = tf.matmul(images, W) + b
    cross_entropy = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)
    correct = tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1), labels), tf.int32))
    epoch_losses, batches = [], []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for epoch in range(3):
            sess.run(iterator.initializer, feed_dict={features_ph: flat, labels_ph: ys})
            total, count = 0.0, 0
            while True:
                try:
                    _, l = sess.run([train_step, cross_entropy])
                    total, count = total + l, count + 1
                except tf.errors.OutOfRangeError:
                    break
            epoch_losses.append(total / count)
            batches.append(count)
        sess.run(iterator.initializer, feed_dict={features_ph: flat, labels_ph: ys})
        right = 0
        while True:
            try:
                right += sess.run(correct)
            except tf.errors.OutOfRangeError:
                break
        return {"losses": epoch_losses, "batches": batches, "accuracy": right / 30.0, "b": sess.run(b),
                "shapes": [images.shape.as_list(), labels.shape.as_list()]}


def case_x_program_mlp_two_layers_one_shot_epochs(tf):
    xs, ys = _images(32, phase=0.4)
    flat = xs.reshape(32, -1)
    tf.set_random_seed(1234)
    dataset = tf.data.Dataset.from_tensor_slices((flat, ys)).shuffle(32, seed=5).repeat(4).batch(16)
    x, y = dataset.make_one_shot_iterator().get_next()

    def weight(shape, name):
        return tf.Variable(tf.truncated_normal(shape, stddev=0.1, seed=len(name)), name=name)

    W1, b1 = weight([36, 16], "W1"), tf.Variable(tf.constant(0.1, shape=[16]), name="b1")
    W2, b2 = weight([16, 3], "W2_out"), tf.Variable(tf.constant(0.1, shape=[3]), name="b2")
    hidden = tf.nn.relu(tf.matmul(x, W1) + b1)
    logits = tf.matmul(hidden, W2) + b2
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
    train = tf.train.AdamOptimizer(1e-2).minimize(loss)
    history = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w1_start = sess.run(W1)[:2, :4]
        try:
            while True:
                history.append(sess.run([train, loss])[1])
        except tf.errors.OutOfRangeError:
            pass
        eval_logits = tf.matmul(tf.nn.relu(tf.matmul(flat, W1) + b1), W2) + b2
        acc = sess.run(tf.reduce_mean(tf.cast(tf.equal(tf.argmax(eval_logits, 1), ys), tf.float32)))
    return {"w1_start": w1_start, "steps": len(history), "first_last": [history[0], history[-1]], "acc": acc}


def case_x_program_layers_cnn_batch_norm_dropout_modes(tf):
    xs, ys = _images(16, side=8, phase=0.2)
    tf.set_random_seed(42)
    images = tf.placeholder(tf.float32, [None, 8, 8, 1], name="images")
    labels = tf.placeholder(tf.int64, [None], name="labels")
    training = tf.placeholder_with_default(False, [], name="is_training")
    init = tf.glorot_uniform_initializer(seed=3)
    net = tf.layers.conv2d(images, 4, 3, padding="same", kernel_initializer=init, use_bias=False, name="conv1")
    net = tf.layers.batch_normalization(net, training=training, momentum=0.9, name="bn1")
    net = tf.nn.relu(net)
    net = tf.layers.max_pooling2d(net, 2, 2, name="pool1")
    net = tf.layers.flatten(net)
    net = tf.layers.dense(net, 8, activation=tf.nn.relu, kernel_initializer=init, name="fc1")
    net = tf.layers.dropout(net, rate=0.5, training=training, seed=9)
    logits = tf.layers.dense(net, 3, kernel_initializer=init, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        train_losses = [sess.run([train_op, loss], {images: xs, labels: ys, training: True})[1] for _ in range(6)]
        eval_a = sess.run(logits, {images: xs[:3]})
        eval_b = sess.run(logits, {images: xs[:3]})
        moving = sess.run(tf.get_default_graph().get_tensor_by_name("bn1/moving_mean:0"))
        eval_loss = sess.run(loss, {images: xs, labels: ys})
    return {"train": train_losses, "eval_same": bool(np.array_equal(eval_a, eval_b)), "eval": eval_a,
            "moving_mean": moving, "eval_loss": eval_loss, "n_update_ops": len(update_ops),
            "trainable": sorted(v.op.name for v in tf.trainable_variables())}


def case_x_program_rnn_classifier_multi_cell_dropout(tf):
    xs, lengths, ys = _sequences()
    tf.set_random_seed(17)
    inputs = tf.placeholder(tf.float32, [None, 5, 3])
    seq_len = tf.placeholder(tf.int32, [None])
    labels = tf.placeholder(tf.int64, [None])
    keep_prob = tf.placeholder_with_default(1.0, [])
    init = tf.random_uniform_initializer(-0.3, 0.3, seed=4)
    with tf.variable_scope("rnn_classifier", initializer=init):
        cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(6), output_keep_prob=keep_prob, seed=2)
                 for _ in range(2)]
        stacked = tf.nn.rnn_cell.MultiRNNCell(cells)
        outputs, state = tf.nn.dynamic_rnn(stacked, inputs, sequence_length=seq_len, dtype=tf.float32)
        batch = tf.shape(outputs)[0]
        last = tf.gather_nd(outputs, tf.stack([tf.range(batch), seq_len - 1], axis=1))
        logits = tf.layers.dense(last, 2, kernel_initializer=init)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    train = tf.train.AdamOptimizer(0.02).minimize(loss)
    feed = {inputs: xs, seq_len: lengths, labels: ys}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        history = [sess.run([train, loss], {**feed, keep_prob: 0.8})[1] for _ in range(5)]
        out, h_top, eval_loss = sess.run([outputs, state[1].h, loss], feed)
    return {"history": history, "eval_loss": eval_loss, "padding_zero": bool(np.all(out[5, 1:] == 0)),
            "last_is_state": bool(np.allclose(h_top, out[np.arange(len(lengths)), lengths - 1])),
            "vars": sorted(v.op.name for v in tf.trainable_variables())}


def case_x_program_bidirectional_tagger_masked_loss(tf):
    xs, lengths, _ = _sequences()
    tags = (np.abs(xs[:, :, 0] * 3).astype(np.int64) % 3)
    inputs = tf.placeholder(tf.float32, [None, None, 3])
    seq_len = tf.placeholder(tf.int32, [None])
    targets = tf.placeholder(tf.int64, [None, None])
    with tf.variable_scope("tagger"):
        fw = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.random_normal_initializer(stddev=0.3, seed=8))
        bw = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.random_normal_initializer(stddev=0.3, seed=9))
        (out_fw, out_bw), (st_fw, st_bw) = tf.nn.bidirectional_dynamic_rnn(fw, bw, inputs, sequence_length=seq_len,
                                                                           dtype=tf.float32)
        states = tf.concat([out_fw, out_bw], axis=-1)
        proj_w = tf.get_variable("proj_w", [4, 3], initializer=tf.constant_initializer(
            np.linspace(-0.5, 0.5, 12).reshape(4, 3)))
        flat = tf.reshape(states, [-1, 4])
        scores = tf.reshape(tf.matmul(flat, proj_w), [tf.shape(inputs)[0], -1, 3])
    mask = tf.sequence_mask(seq_len, tf.shape(inputs)[1], dtype=tf.float32)
    loss = tf.losses.sparse_softmax_cross_entropy(targets, scores, weights=mask)
    predictions = tf.argmax(scores, -1)
    correct = tf.reduce_sum(tf.cast(tf.equal(predictions, targets), tf.float32) * mask) / tf.reduce_sum(mask)
    train = tf.train.AdagradOptimizer(0.3).minimize(loss)
    feed = {inputs: xs, seq_len: lengths, targets: tags}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        history = [sess.run([train, loss], feed)[1] for _ in range(8)]
        acc, bw_first = sess.run([correct, out_bw[:, 0]], feed)
        final_fw = sess.run(st_fw, feed)
    return {"history": history, "acc": acc, "bw_first": bw_first, "final_fw": final_fw,
            "static": [states.shape.as_list(), scores.shape.as_list()]}


def case_x_program_hand_written_attention(tf):
    xs, lengths, ys = _sequences()
    enc_in = tf.placeholder(tf.float32, [None, 5, 3])
    enc_len = tf.placeholder(tf.int32, [None])
    labels = tf.placeholder(tf.int64, [None])
    with tf.variable_scope("encoder", initializer=tf.random_uniform_initializer(-0.5, 0.5, seed=3)):
        cell = tf.nn.rnn_cell.BasicRNNCell(4)
        enc_out, enc_state = tf.nn.dynamic_rnn(cell, enc_in, sequence_length=enc_len, dtype=tf.float32)
    with tf.variable_scope("attention", initializer=tf.truncated_normal_initializer(stddev=0.2, seed=21)):
        W_a = tf.get_variable("W_a", [4, 4])
        v_a = tf.get_variable("v_a", [4])
        keys = tf.tensordot(enc_out, W_a, axes=[[2], [0]])
        query = tf.expand_dims(enc_state, 1)
        scores = tf.reduce_sum(v_a * tf.tanh(keys + query), axis=2)
        mask = tf.sequence_mask(enc_len, 5)
        scores = tf.where(mask, scores, tf.ones_like(scores) * -1e9)
        alignments = tf.nn.softmax(scores)
        context = tf.reduce_sum(tf.expand_dims(alignments, 2) * enc_out, axis=1)
        logits = tf.layers.dense(tf.concat([context, enc_state], 1), 2,
                                 kernel_initializer=tf.constant_initializer(0.1))
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    grads_and_vars = tf.train.RMSPropOptimizer(0.01).compute_gradients(loss)
    train = tf.train.RMSPropOptimizer(0.01).apply_gradients(grads_and_vars)
    feed = {enc_in: xs, enc_len: lengths, labels: ys}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        align0 = sess.run(alignments, feed)
        history = [sess.run([train, loss], feed)[1] for _ in range(6)]
        align = sess.run(alignments, feed)
    return {"align0": align0, "align": align, "rows_sum": align.sum(1), "history": history,
            "masked_zero": bool(np.all(align[5, 1:] == 0)),
            "grad_vars": [v.op.name for g, v in grads_and_vars if g is not None]}


def case_x_program_lstm_language_model_truncated_bptt(tf):
    text = np.array([(i * 7 + i // 3) % 11 for i in range(4 * 13)], np.int32).reshape(4, 13)
    vocab, hidden, steps = 11, 6, 4
    inputs = tf.placeholder(tf.int32, [4, steps])
    targets = tf.placeholder(tf.int32, [4, steps])
    c_in = tf.placeholder(tf.float32, [4, hidden])
    h_in = tf.placeholder(tf.float32, [4, hidden])
    init = tf.random_uniform_initializer(-0.1, 0.1, seed=12)
    with tf.variable_scope("lm", initializer=init):
        embedding = tf.get_variable("embedding", [vocab, hidden])
        embedded = tf.nn.embedding_lookup(embedding, inputs)
        cell = tf.nn.rnn_cell.BasicLSTMCell(hidden, forget_bias=0.0)
        initial = tf.nn.rnn_cell.LSTMStateTuple(c_in, h_in)
        outputs, final_state = tf.nn.dynamic_rnn(cell, embedded, initial_state=initial)
        softmax_w = tf.get_variable("softmax_w", [hidden, vocab])
        softmax_b = tf.get_variable("softmax_b", [vocab])
        logits = tf.reshape(tf.matmul(tf.reshape(outputs, [-1, hidden]), softmax_w) + softmax_b, [4, steps, vocab])
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits))
    tvars = tf.trainable_variables()
    grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
    train = tf.train.GradientDescentOptimizer(1.0).apply_gradients(zip(grads, tvars))
    epochs = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            state = sess.run(cell.zero_state(4, tf.float32))
            costs = 0.0
            for start in range(0, 12, steps):
                feed = {inputs: text[:, start:start + steps], targets: text[:, start + 1:start + steps + 1],
                        c_in: state.c, h_in: state.h}
                cost, state, _ = sess.run([loss, final_state, train], feed)
                costs += cost
            epochs.append(np.exp(costs / 3))
        return {"perplexity": epochs, "final_h": state.h, "state_type": type(state).__name__}


def case_x_program_vae_reparameterization(tf):
    xs, _ = _images(16, side=4, phase=1.1)
    flat = xs.reshape(16, 16)
    tf.set_random_seed(2024)
    x = tf.placeholder(tf.float32, [None, 16])
    xavier = tf.glorot_normal_initializer(seed=31)
    with tf.variable_scope("encoder"):
        h = tf.layers.dense(x, 8, tf.nn.softplus, kernel_initializer=xavier)
        z_mean = tf.layers.dense(h, 2, kernel_initializer=xavier, name="mean")
        z_log_sigma_sq = tf.layers.dense(h, 2, kernel_initializer=xavier, name="log_sigma_sq")
    eps = tf.random_normal(tf.shape(z_mean), 0, 1, dtype=tf.float32, seed=77)
    z = z_mean + tf.sqrt(tf.exp(z_log_sigma_sq)) * eps
    with tf.variable_scope("decoder"):
        h_dec = tf.layers.dense(z, 8, tf.nn.softplus, kernel_initializer=xavier)
        x_logits = tf.layers.dense(h_dec, 16, kernel_initializer=xavier)
    recon = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=x_logits), 1)
    latent = -0.5 * tf.reduce_sum(1 + z_log_sigma_sq - tf.square(z_mean) - tf.exp(z_log_sigma_sq), 1)
    cost = tf.reduce_mean(recon + latent)
    train = tf.train.AdamOptimizer(0.01).minimize(cost)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        noise_a, noise_b = sess.run(eps, {x: flat[:3]}), sess.run(eps, {x: flat[:3]})
        history = [sess.run([train, cost], {x: flat})[1] for _ in range(10)]
        mean_codes = sess.run(z_mean, {x: flat[:4]})
        generated = sess.run(tf.sigmoid(x_logits), {z: np.array([[0.0, 0.0], [1.0, -1.0]], np.float32)})
    return {"noise": [noise_a, noise_b], "history": history, "codes": mean_codes, "generated": generated}


def case_x_program_dqn_step_with_target_network(tf):
    states = np.cos(np.arange(10 * 4).reshape(10, 4) * 0.7).astype(np.float32)
    next_states = np.roll(states, 1, axis=0)
    actions = np.array([0, 1, 1, 0, 1, 0, 0, 1, 1, 0], np.int32)
    rewards = np.linspace(-1, 1, 10).astype(np.float32)
    dones = np.array([0, 0, 0, 1, 0, 0, 0, 0, 1, 0], np.float32)

    def q_network(obs, scope):
        with tf.variable_scope(scope):
            hidden = tf.layers.dense(obs, 8, tf.nn.relu, kernel_initializer=tf.constant_initializer(
                np.sin(np.arange(32)).reshape(4, 8) * 0.5), name="hidden")
            return tf.layers.dense(hidden, 2, kernel_initializer=tf.constant_initializer(
                np.cos(np.arange(16)).reshape(8, 2) * 0.5), name="q")

    obs = tf.placeholder(tf.float32, [None, 4], name="obs")
    next_obs = tf.placeholder(tf.float32, [None, 4], name="next_obs")
    act = tf.placeholder(tf.int32, [None])
    rew = tf.placeholder(tf.float32, [None])
    done = tf.placeholder(tf.float32, [None])
    q = q_network(obs, "online")
    q_target = q_network(next_obs, "target")
    online_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="online")
    target_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="target")
    update_target = tf.group(*[t.assign(o) for o, t in zip(online_vars, target_vars)])
    q_taken = tf.reduce_sum(q * tf.one_hot(act, 2), axis=1)
    y = rew + 0.99 * (1.0 - done) * tf.stop_gradient(tf.reduce_max(q_target, axis=1))
    loss = tf.losses.huber_loss(y, q_taken)
    train = tf.train.RMSPropOptimizer(0.01, decay=0.95, epsilon=0.01).minimize(loss, var_list=online_vars)
    greedy = tf.argmax(q, axis=1)
    feed = {obs: states, next_obs: next_states, act: actions, rew: rewards, done: dones}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.variables_initializer(target_vars))
        history = []
        for step in range(6):
            if step % 3 == 0:
                sess.run(update_target)
            history.append(sess.run([train, loss], feed)[1])
        same = [bool(np.array_equal(a, b)) for a, b in zip(*sess.run([online_vars, target_vars]))]
        return {"history": history, "greedy": sess.run(greedy, feed), "synced": same,
                "names": [v.op.name for v in target_vars]}


def case_x_program_policy_gradient_categorical(tf):
    tf.set_random_seed(99)
    obs = tf.placeholder(tf.float32, [None, 3])
    acts = tf.placeholder(tf.int32, [None])
    advantages = tf.placeholder(tf.float32, [None])
    logits = tf.layers.dense(obs, 4, kernel_initializer=tf.constant_initializer(
        np.linspace(-1, 1, 12).reshape(3, 4)))
    dist = tf.distributions.Categorical(logits=logits)
    sample = dist.sample(seed=13)
    log_prob = dist.log_prob(acts)
    entropy = tf.reduce_mean(dist.entropy())
    loss = -tf.reduce_mean(log_prob * advantages) - 0.01 * entropy
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    states = np.sin(np.arange(18).reshape(6, 3)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = []
        for _ in range(4):
            chosen = sess.run(sample, {obs: states})
            returns = np.cumsum(np.where(chosen == 2, 1.0, -0.5)[::-1])[::-1].astype(np.float32)
            adv = (returns - returns.mean()) / (returns.std() + 1e-8)
            _, l, h = sess.run([train, loss, entropy], {obs: states, acts: chosen, advantages: adv})
            trace.append([chosen, l, h])
        probs = sess.run(dist.probs, {obs: states[:2]})
    return {"trace": trace, "probs": probs, "event_shape": str(dist.event_shape), "dtype": dist.dtype.name}


def case_x_program_summaries_merge_all_training_loop(tf):
    logdir = tempfile.mkdtemp()
    try:
        xs = np.linspace(-1, 1, 12).astype(np.float32)
        ys = 2.0 * xs - 0.3
        x = tf.placeholder(tf.float32, [None], name="x")
        y = tf.placeholder(tf.float32, [None], name="y")
        with tf.name_scope("model"):
            w = tf.Variable(0.5, name="w")
            b = tf.Variable(0.0, name="b")
            pred = w * x + b
        with tf.name_scope("loss"):
            loss = tf.reduce_mean(tf.square(pred - y))
        tf.summary.scalar("loss", loss)
        tf.summary.scalar("weight", w)
        tf.summary.histogram("predictions", pred)
        global_step = tf.train.get_or_create_global_step()
        train = tf.train.GradientDescentOptimizer(0.2).minimize(loss, global_step=global_step)
        merged = tf.summary.merge_all()
        with tf.Session() as sess:
            writer = tf.summary.FileWriter(os.path.join(logdir, "train"), sess.graph)
            sess.run(tf.global_variables_initializer())
            for _ in range(6):
                summary = sess.run(merged, {x: xs, y: ys})
                sess.run(train, {x: xs, y: ys})
                step = tf.train.global_step(sess, global_step)
                if step % 2 == 0:
                    writer.add_summary(summary, step)
            writer.close()
        events = []
        for path in sorted(tf.gfile.Glob(os.path.join(logdir, "train", "events.out.tfevents.*"))):
            for event in tf.train.summary_iterator(path):
                if event.HasField("summary"):
                    for value in event.summary.value:
                        kind = value.WhichOneof("value")
                        events.append([event.step, value.tag, kind, round(value.simple_value, 5) if
                                       kind == "simple_value" else [value.histo.num, round(value.histo.min, 5),
                                                                    round(value.histo.max, 5)]])
                elif event.HasField("graph_def"):
                    events.append(["graph", len(tf.GraphDef.FromString(event.graph_def).node) > 5])
                elif event.file_version:
                    events.append(["version", event.file_version])
        return {"events": events, "merged_inputs": [t.op.name for t in merged.op.inputs],
                "collection": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}
    finally:
        shutil.rmtree(logdir)


def case_x_program_saved_model_builder_serving_signature(tf):
    root = tempfile.mkdtemp()
    export_dir = os.path.join(root, "export", "1")
    try:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 3], name="input_x")
            w = tf.Variable(np.array([[1.0, -1.0], [0.5, 2.0], [-0.25, 0.0]], np.float32), name="w")
            b = tf.Variable(np.array([0.1, -0.2], np.float32), name="b")
            scores = tf.nn.softmax(tf.matmul(x, w) + b, name="scores")
            classes = tf.argmax(scores, 1, name="classes")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
                inputs = {"x": tf.saved_model.utils.build_tensor_info(x)}
                outputs = {"scores": tf.saved_model.utils.build_tensor_info(scores),
                           "classes": tf.saved_model.utils.build_tensor_info(classes)}
                signature = tf.saved_model.signature_def_utils.build_signature_def(
                    inputs=inputs, outputs=outputs, method_name=tf.saved_model.signature_constants.PREDICT_METHOD_NAME)
                builder.add_meta_graph_and_variables(
                    sess, [tf.saved_model.tag_constants.SERVING],
                    signature_def_map={tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY: signature,
                                       "predict_scores": tf.saved_model.signature_def_utils.predict_signature_def(
                                           {"images": x}, {"scores": scores})})
                builder.save()
        with tf.Graph().as_default() as graph:
            with tf.Session(graph=graph) as sess:
                meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export_dir)
                sig = meta.signature_def[tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
                x_name = sig.inputs["x"].name
                out_names = {k: v.name for k, v in sig.outputs.items()}
                feed = {x_name: np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 1.0]], np.float32)}
                result = sess.run({k: graph.get_tensor_by_name(n) for k, n in out_names.items()}, feed)
                other = meta.signature_def["predict_scores"]
                return {"keys": sorted(meta.signature_def.keys()), "method": sig.method_name, "x": x_name,
                        "outputs": sorted(out_names.items()), "result": result,
                        "other": [other.method_name, sorted(other.inputs), other.inputs["images"].dtype,
                                  [d.size for d in other.inputs["images"].tensor_shape.dim]],
                        "tags": list(meta.meta_info_def.tags),
                        "files": sorted(os.listdir(export_dir)), "vars": sorted(v.op.name for v in tf.global_variables())}
    finally:
        shutil.rmtree(root)


def case_x_program_freeze_then_serve_with_input_map(tf):
    with tf.Graph().as_default() as train_graph:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[2.0], [-1.0]], name="w")
        b = tf.Variable([0.5], name="b")
        hidden = tf.nn.relu(tf.matmul(x, w) + b, name="hidden")
        tf.identity(hidden * 3.0, name="output")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(w.assign_add([[0.5], [0.5]]))
            frozen = tf.graph_util.convert_variables_to_constants(sess, train_graph.as_graph_def(), ["output"])
    frozen = tf.graph_util.extract_sub_graph(frozen, ["output"])
    kinds = sorted({n.op for n in frozen.node})
    with tf.Graph().as_default():
        dataset = tf.data.Dataset.from_tensor_slices(np.array([[1.0, 1.0], [3.0, -2.0], [0.0, 4.0]], np.float32))
        batch = dataset.batch(2).make_one_shot_iterator().get_next()
        scaled = batch * 2.0
        out, hid = tf.import_graph_def(frozen, input_map={"x:0": scaled}, return_elements=["output:0", "hidden"],
                                       name="frozen")
        with tf.Session() as sess:
            first = sess.run(out)
            second = sess.run(out)
            names = sorted(op.name for op in tf.get_default_graph().get_operations() if op.name.startswith("frozen/"))
        return {"kinds": kinds, "first": first, "second": second, "hid": [hid.name, hid.type],
                "names": names, "out": [out.name, out.shape.as_list()]}


def case_x_program_input_fn_pipeline(tf):
    features_np = {"age": np.arange(20, dtype=np.float32),
                   "score": np.cos(np.arange(20)).astype(np.float32)}
    labels_np = (np.arange(20) % 3 == 0).astype(np.int32)

    def parse(features, label):
        features = dict(features)
        features["age"] = features["age"] / 20.0
        return features, tf.cast(label, tf.float32)

    def input_fn(batch_size, epochs, shuffle):
        dataset = tf.data.Dataset.from_tensor_slices((features_np, labels_np))
        dataset = dataset.map(parse, num_parallel_calls=2)
        if shuffle:
            dataset = dataset.shuffle(buffer_size=8, seed=3)
        dataset = dataset.repeat(epochs).batch(batch_size).prefetch(1)
        return dataset.make_one_shot_iterator().get_next()

    def model_fn(features, labels):
        net = tf.stack([features["age"], features["score"]], axis=1)
        logits = tf.squeeze(tf.layers.dense(net, 1, kernel_initializer=tf.zeros_initializer(), name="linear",
                                            reuse=tf.AUTO_REUSE), 1)
        loss = tf.losses.sigmoid_cross_entropy(labels, logits)
        return logits, loss

    tf.set_random_seed(8)
    features, labels = input_fn(6, 2, True)
    _, loss = model_fn(features, labels)
    train = tf.train.FtrlOptimizer(0.5).minimize(loss)
    eval_features, eval_labels = input_fn(20, 1, False)
    eval_logits, eval_loss = model_fn(eval_features, eval_labels)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses, label_sums = [], []
        while True:
            try:
                _, l, lab = sess.run([train, loss, labels])
                losses.append(l)
                label_sums.append(float(lab.sum()))
            except tf.errors.OutOfRangeError:
                break
        return {"losses": losses, "label_sums": label_sums, "eval": sess.run(eval_loss),
                "structure": sorted(features), "types": [str(v.dtype) for _, v in sorted(features.items())],
                "shapes": [v.shape.as_list() for _, v in sorted(features.items())],
                "vars": sorted(v.op.name for v in tf.global_variables())}


def case_x_program_while_loop_beam_search_decoding(tf):
    vocab, beam, steps = 6, 3, 4
    transition = tf.constant(np.log(np.abs(np.sin(np.arange(vocab * vocab).reshape(vocab, vocab))) + 0.05)
                             .astype(np.float32))
    start_scores = tf.constant([0.0, -1e9, -1e9])
    start_tokens = tf.constant([0, 0, 0], tf.int32)

    def body(t, tokens, scores, token_ta, parent_ta):
        step_logp = tf.nn.log_softmax(tf.gather(transition, tokens))
        total = tf.reshape(tf.expand_dims(scores, 1) + step_logp, [-1])
        top_scores, top_idx = tf.nn.top_k(total, k=beam)
        parents = top_idx // vocab
        new_tokens = top_idx % vocab
        return (t + 1, new_tokens, top_scores, token_ta.write(t, new_tokens), parent_ta.write(t, parents))

    _, _, final_scores, token_ta, parent_ta = tf.while_loop(
        lambda t, *_: t < steps, body,
        [tf.constant(0), start_tokens, start_scores, tf.TensorArray(tf.int32, size=steps),
         tf.TensorArray(tf.int32, size=steps)])
    all_tokens, all_parents = token_ta.stack(), parent_ta.stack()

    def backtrack(t, beam_idx, out_ta):
        return t - 1, tf.gather(all_parents[t], beam_idx), out_ta.write(t, tf.gather(all_tokens[t], beam_idx))

    _, _, path_ta = tf.while_loop(lambda t, *_: t >= 0, backtrack,
                                  [tf.constant(steps - 1), tf.range(beam), tf.TensorArray(tf.int32, size=steps)])
    sequences = tf.transpose(path_ta.stack())
    with tf.Session() as sess:
        seqs, scores, parents = sess.run([sequences, final_scores, all_parents])
    return {"sequences": seqs, "scores": scores, "parents": parents, "static": sequences.shape.as_list()}


def case_x_program_map_fn_image_preprocessing(tf):
    images = np.stack([np.sin(np.arange(6 * 8 * 3).reshape(6, 8, 3) * (0.1 + 0.05 * k)) * 0.5 + 0.5
                       for k in range(4)]).astype(np.float32)
    batch = tf.placeholder(tf.float32, [None, 6, 8, 3])

    def preprocess(image):
        image = tf.image.resize_images(image, [8, 8])
        image = tf.image.central_crop(image, 0.75)
        image = tf.image.flip_left_right(image)
        image = tf.image.adjust_brightness(image, 0.1)
        image = tf.image.adjust_contrast(image, 1.5)
        image = tf.clip_by_value(image, 0.0, 1.0)
        return tf.image.per_image_standardization(image)

    processed = tf.map_fn(preprocess, batch, dtype=tf.float32)
    gray = tf.map_fn(lambda im: tf.image.rgb_to_grayscale(im)[:, :, 0], batch)
    stats = tf.map_fn(lambda im: (tf.reduce_mean(im), tf.reduce_max(im)), batch, dtype=(tf.float32, tf.float32))
    flipped = tf.map_fn(tf.image.flip_up_down, tf.cast(batch * 255, tf.uint8))
    with tf.Session() as sess:
        out, g, (means, maxes), f = sess.run([processed, gray, stats, flipped], {batch: images})
    return {"out": out[:, :2], "shape": out.shape, "static": processed.shape.as_list(), "gray": g[:, 0],
            "means": means, "maxes": maxes, "flipped": f[:, 0, :2], "flip_dtype": flipped.dtype.name}


def case_x_program_defects_arrays_in_lists_and_handles(tf):
    shards = [np.arange(6, dtype=np.float32).reshape(3, 2), np.arange(4, dtype=np.float32).reshape(2, 2) + 10]
    ids = tf.constant([0, 1, 2, 3, 4])
    mod = tf.nn.embedding_lookup(shards, ids)
    div = tf.nn.embedding_lookup(shards, ids, partition_strategy="div")
    column = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([3, 4, 5], tf.int32), [2, 2])
    crossed = tf.sparse.cross_hashed([column, tf.constant([[7], [8]], tf.int64)], num_buckets=50)
    a = tf.placeholder(tf.float32, [])
    doubled = a * 2.0
    handle_t, plus = tf.get_session_handle(doubled), doubled + 1.0
    sess = tf.Session()
    run = sess.partial_run_setup([handle_t, plus], [a])
    handle = sess.partial_run(run, handle_t, {a: 4.0})
    later = sess.partial_run(run, plus)
    p, stored = tf.get_session_tensor(handle.handle, tf.float32)
    return {"constant": catch(tf.constant, [np.ones(3)] * 3),
            "convert": catch(tf.convert_to_tensor, (np.zeros(2), np.zeros(2))),
            "nested_ok": sess.run(tf.constant([[1.0, 2.0], np.array([3.0, 4.0])])),
            "scalars_ok": sess.run(tf.constant([np.float32(1.5), np.array(2.5, np.float32)])),
            "empty_shape": tf.constant([1, 2], shape=[2, 0]).dtype.name,
            "mod": sess.run(mod), "div": sess.run(div), "crossed": sess.run(crossed),
            "handle": [type(handle).__name__, handle.eval(), later, sess.run(stored * 10.0, {p: handle.handle})]}
