import os
import tempfile

import numpy as np
from _harness import catch, message_has


def case_x_sweep5_word2vec_samplers(tf):
    true = tf.constant([[0], [3], [5]], tf.int64)
    fixed = tf.nn.fixed_unigram_candidate_sampler(true, 1, 4, True, 8, unigrams=[5, 1, 1, 2, 3, 4, 1, 1],
                                                  distortion=0.75, seed=3)
    lu = tf.nn.log_uniform_candidate_sampler(true, 1, 4, False, 8, seed=4)
    uni = tf.nn.uniform_candidate_sampler(true, 1, 3, True, 8, seed=5)
    allc = tf.nn.all_candidate_sampler(true, 1, 8, True, seed=6)
    hits = tf.nn.compute_accidental_hits(true, tf.constant([0, 1, 3, 3], tf.int64), num_true=1)
    lrn = tf.nn.learned_unigram_candidate_sampler(true, 1, 4, False, 8, seed=7)
    with tf.Session() as sess:
        r = sess.run([fixed, lu, uni, allc, hits, lrn])
    return (r, [t.name for t in fixed], [t.dtype.name for t in fixed], [t.shape.as_list() for t in fixed],
            [t.name for t in hits], fixed[0].op.type, lu[0].op.type)


def case_x_sweep5_word2vec_nce_training_names(tf):
    tf.set_random_seed(9)
    vocab, dim, batch = 10, 4, 4
    train_inputs = tf.placeholder(tf.int32, shape=[batch], name="train_inputs")
    train_labels = tf.placeholder(tf.int32, shape=[batch, 1], name="train_labels")
    with tf.name_scope("embeddings"):
        embeddings = tf.Variable(tf.random_uniform([vocab, dim], -1.0, 1.0), name="emb")
        embed = tf.nn.embedding_lookup(embeddings, train_inputs)
    with tf.name_scope("weights"):
        nce_weights = tf.Variable(tf.truncated_normal([vocab, dim], stddev=1.0 / np.sqrt(dim)))
    with tf.name_scope("biases"):
        nce_biases = tf.Variable(tf.zeros([vocab]))
    sampled = tf.nn.fixed_unigram_candidate_sampler(
        tf.cast(train_labels, tf.int64), 1, 3, True, vocab, unigrams=list(range(1, vocab + 1)), seed=1)
    with tf.name_scope("loss"):
        loss = tf.reduce_mean(tf.nn.nce_loss(weights=nce_weights, biases=nce_biases, labels=train_labels,
                                             inputs=embed, num_sampled=3, num_classes=vocab,
                                             sampled_values=sampled, remove_accidental_hits=True))
    optimizer = tf.train.GradientDescentOptimizer(1.0).minimize(loss)
    norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
    normalized = embeddings / norm
    valid = tf.constant([1, 2], dtype=tf.int32)
    sim = tf.matmul(tf.nn.embedding_lookup(normalized, valid), normalized, transpose_b=True)
    losses = []
    with tf.Session() as sess:
        tf.global_variables_initializer().run()
        for step in range(4):
            feed = {train_inputs: np.array([1, 2, 3, 4]) + step % 2, train_labels: np.array([[2], [3], [4], [5]])}
            _, l = sess.run([optimizer, loss], feed)
            losses.append(l)
        s = sim.eval()
        nearest = (-s[0, :]).argsort()[1:4]
    grads = [g for g in tf.gradients(loss, [embeddings, nce_weights])]
    return (losses, s, nearest, [type(g).__name__ for g in grads], embed.name, loss.name,
            sorted(o.type for o in tf.get_default_graph().get_operations() if o.name.startswith("loss/"))[:40])


def case_x_sweep5_saver_restore_new_graph(tf):
    d = tempfile.mkdtemp()
    path = os.path.join(d, "model.ckpt")
    with tf.Graph().as_default():
        w = tf.get_variable("layer/w", [2, 2], initializer=tf.constant_initializer(1.5))
        b = tf.get_variable("layer/b", [2], initializer=tf.constant_initializer(-1.0))
        gs = tf.train.get_or_create_global_step()
        inc = tf.assign_add(gs, 3)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(inc)
            sess.run(tf.assign(w, [[1., 2.], [3., 4.]]))
            saved = saver.save(sess, path, global_step=gs)
    with tf.Graph().as_default():
        w2 = tf.get_variable("layer/w", [2, 2])
        b2 = tf.get_variable("layer/b", [2])
        extra = tf.get_variable("extra", [1], initializer=tf.ones_initializer())
        r1 = message_has(lambda: tf.train.Saver().restore(tf.Session(), saved), "extra", "not found")
        saver2 = tf.train.Saver({"layer/w": w2, "layer/b": b2})
        with tf.Session() as sess:
            sess.run(extra.initializer)
            saver2.restore(sess, saved)
            vals = sess.run([w2, b2, extra])
        reader = tf.train.NewCheckpointReader(saved)
        shapes = reader.get_variable_to_shape_map()
        dtypes = {k: v.name for k, v in reader.get_variable_to_dtype_map().items()}
        latest = os.path.basename(tf.train.latest_checkpoint(d))
        lv = sorted(tf.train.list_variables(d))
        gsv = tf.train.load_variable(d, "global_step")
    with tf.Graph().as_default():
        tf.get_variable("layer/w", [3, 2])
        mism = message_has(lambda: tf.train.Saver().restore(tf.Session(), saved), "Assign requires shapes of both tensors to match", "lhs shape")
    return os.path.basename(saved), r1, vals, shapes, dtypes, latest, lv, gsv, mism


def case_x_sweep5_lr_schedules_and_ema_shadow(tf):
    gs = tf.Variable(0, trainable=False, name="global_step", dtype=tf.int64)
    sched = {
        "pc": tf.train.piecewise_constant(gs, [2, 4], [1.0, 0.5, 0.1]),
        "poly": tf.train.polynomial_decay(0.1, gs, 5, 0.01, power=0.5, cycle=True),
        "inv": tf.train.inverse_time_decay(0.1, gs, 2, 0.5, staircase=True),
        "nat": tf.train.natural_exp_decay(0.1, gs, 2, 0.5),
        "cos": tf.train.cosine_decay(0.1, gs, 4, alpha=0.1),
        "cosr": tf.train.cosine_decay_restarts(0.1, gs, 2, t_mul=2.0, m_mul=0.5),
        "lin": tf.train.linear_cosine_decay(0.1, gs, 4),
        "ncos": tf.train.noisy_linear_cosine_decay(0.1, gs, 4, initial_variance=0.0),
    }
    v = tf.Variable(10.0, name="v")
    ema = tf.train.ExponentialMovingAverage(0.9, num_updates=gs, zero_debias=False)
    maintain = ema.apply([v])
    with tf.control_dependencies([maintain]):
        step = tf.assign_add(gs, 1)
    upd = tf.assign_sub(v, 1.0)
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(7):
            sess.run(upd)
            out.append(sess.run(sched))
            sess.run(step)
        shadow = sess.run(ema.average(v))
    names = {k: t.name for k, t in sched.items()}
    return out, shadow, names, ema.average_name(v), sorted(ema.variables_to_restore().keys()), \
        [x.name for x in tf.global_variables()]
