import numpy as np
from _harness import catch, message_has


def case_x_sweep5_hand_batch_norm_cond_ema(tf):
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    phase_train = tf.placeholder(tf.bool, name="phase_train")
    with tf.variable_scope("bn"):
        beta = tf.Variable(tf.zeros([4]), name="beta")
        gamma = tf.Variable(tf.ones([4]), name="gamma")
        batch_mean, batch_var = tf.nn.moments(x, [0], name="moments")
        ema = tf.train.ExponentialMovingAverage(decay=0.5)

        def mean_var_with_update():
            ema_apply_op = ema.apply([batch_mean, batch_var])
            with tf.control_dependencies([ema_apply_op]):
                return tf.identity(batch_mean), tf.identity(batch_var)

        mean, var = tf.cond(phase_train, mean_var_with_update,
                            lambda: (ema.average(batch_mean), ema.average(batch_var)))
        normed = tf.nn.batch_normalization(x, mean, var, beta, gamma, 1e-3)
    names = sorted(v.name for v in tf.global_variables())
    mv = sorted(v.name for v in tf.moving_average_variables())
    data = np.arange(12, dtype=np.float32).reshape(3, 4)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        t1 = sess.run(normed, {x: data, phase_train: True})
        t2 = sess.run(normed, {x: data * 2, phase_train: True})
        e = sess.run(normed, {x: data, phase_train: False})
        avg = sess.run([ema.average(batch_mean), ema.average(batch_var)])
    return names, mv, t1, t2, e, avg, mean.op.type, mean.name, ema.average_name(batch_mean)


def case_x_sweep5_clip_by_global_norm_training(tf):
    tf.set_random_seed(3)
    x = tf.constant(np.linspace(-1, 1, 24).reshape(6, 4).astype(np.float32))
    y = tf.constant(np.array([[1.], [0.], [1.], [0.], [1.], [1.]], np.float32))
    w = tf.get_variable("w", [4, 1], initializer=tf.constant_initializer(0.5))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    tvars = tf.trainable_variables()
    grads = tf.gradients(loss * 100.0, tvars)
    clipped, gnorm = tf.clip_by_global_norm(grads, 1.0)
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.5, gs, 2, 0.5, staircase=True)
    opt = tf.train.MomentumOptimizer(lr, 0.9, use_nesterov=True)
    train = opt.apply_gradients(zip(clipped, tvars), global_step=gs)
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            out.append(sess.run([loss, gnorm, lr, train])[:3])
        slots = sorted(v.name for v in tf.global_variables())
    return out, slots, gnorm.op.type, gnorm.name, [c.name for c in clipped], opt.get_slot_names()


def case_x_sweep5_char_rnn_multi_cell_state_feed(tf):
    tf.set_random_seed(5)
    vocab, hidden, batch, steps = 7, 5, 2, 3
    inputs = tf.placeholder(tf.int32, [batch, steps], name="inputs")
    targets = tf.placeholder(tf.int32, [batch, steps], name="targets")
    cells = [tf.nn.rnn_cell.LSTMCell(hidden, initializer=tf.constant_initializer(0.1)) for _ in range(2)]
    cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=True)
    initial_state = cell.zero_state(batch, tf.float32)
    emb = tf.get_variable("embedding", [vocab, hidden], initializer=tf.constant_initializer(0.05))
    xin = tf.nn.embedding_lookup(emb, inputs)
    outputs, final_state = tf.nn.dynamic_rnn(cell, xin, initial_state=initial_state)
    flat = tf.reshape(outputs, [-1, hidden])
    sw = tf.get_variable("softmax_w", [hidden, vocab], initializer=tf.constant_initializer(0.02))
    sb = tf.get_variable("softmax_b", [vocab], initializer=tf.zeros_initializer())
    logits = tf.matmul(flat, sw) + sb
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.reshape(targets, [-1]), logits=logits))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    data = np.array([[1, 2, 3, 4], [5, 6, 0, 1]], np.int32)
    losses = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        state = sess.run(initial_state)
        for _ in range(3):
            feed = {inputs: data[:, :3], targets: data[:, 1:]}
            for i, (c, h) in enumerate(initial_state):
                feed[c] = state[i].c
                feed[h] = state[i].h
            l, state, _ = sess.run([loss, final_state, train], feed)
            losses.append(l)
        nested = sess.run(loss, {inputs: data[:, :3], targets: data[:, 1:], initial_state: state})
    return (losses, nested, type(state).__name__, type(state[0]).__name__,
            sorted(v.name for v in tf.trainable_variables()),
            [t.shape.as_list() for t in tf.nest.flatten(final_state)], [t.name for t in tf.nest.flatten(initial_state)])


def case_x_sweep5_gan_two_optimizers_var_list_scopes(tf):
    tf.set_random_seed(7)
    z = tf.placeholder(tf.float32, [None, 2], name="z")
    real = tf.placeholder(tf.float32, [None, 3], name="real")

    def generator(z):
        with tf.variable_scope("generator"):
            h = tf.layers.dense(z, 4, tf.nn.leaky_relu, kernel_initializer=tf.constant_initializer(0.3))
            return tf.layers.dense(h, 3, tf.nn.tanh, kernel_initializer=tf.constant_initializer(-0.2))

    def discriminator(x, reuse=False):
        with tf.variable_scope("discriminator", reuse=reuse):
            h = tf.layers.dense(x, 4, tf.nn.relu, kernel_initializer=tf.constant_initializer(0.25))
            return tf.layers.dense(h, 1, kernel_initializer=tf.constant_initializer(0.5))

    fake = generator(z)
    d_real = discriminator(real)
    d_fake = discriminator(fake, reuse=True)
    d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_real, labels=tf.ones_like(d_real))) + \
        tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.zeros_like(d_fake)))
    g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.ones_like(d_fake)))
    g_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="generator")
    d_vars = [v for v in tf.trainable_variables() if v.name.startswith("discriminator/")]
    d_opt = tf.train.AdamOptimizer(0.01, beta1=0.5, name="d_adam").minimize(d_loss, var_list=d_vars)
    g_opt = tf.train.RMSPropOptimizer(0.01, name="g_rms").minimize(g_loss, var_list=g_vars)
    zs = np.array([[0.1, -0.2], [0.5, 0.3]], np.float32)
    rs = np.array([[0.2, 0.1, -0.1], [0.0, 0.4, 0.3]], np.float32)
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            dl, _ = sess.run([d_loss, d_opt], {z: zs, real: rs})
            gl, _ = sess.run([g_loss, g_opt], {z: zs})
            out.append((dl, gl))
    return (out, [v.name for v in g_vars], [v.name for v in d_vars],
            sorted(v.name for v in tf.global_variables()), d_opt.name, g_opt.name, d_opt.type)


def case_x_sweep5_vae_kl_sampling(tf):
    tf.set_random_seed(11)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.variable_scope("encoder"):
        h = tf.layers.dense(x, 3, tf.nn.softplus, kernel_initializer=tf.constant_initializer(0.1))
        mu = tf.layers.dense(h, 2, kernel_initializer=tf.constant_initializer(0.2), name="mu")
        log_sigma_sq = tf.layers.dense(h, 2, kernel_initializer=tf.constant_initializer(-0.1), name="log_sigma_sq")
    eps = tf.random_normal(tf.shape(log_sigma_sq), 0, 1, dtype=tf.float32, seed=2)
    zz = tf.add(mu, tf.multiply(tf.sqrt(tf.exp(log_sigma_sq)), eps), name="z")
    with tf.variable_scope("decoder"):
        logits = tf.layers.dense(zz, 4, kernel_initializer=tf.constant_initializer(0.3))
        recon = tf.nn.sigmoid(logits)
    rec_loss = -tf.reduce_sum(x * tf.log(1e-10 + recon) + (1 - x) * tf.log(1e-10 + 1 - recon), 1)
    kl = -0.5 * tf.reduce_sum(1 + log_sigma_sq - tf.square(mu) - tf.exp(log_sigma_sq), 1)
    cost = tf.reduce_mean(rec_loss + kl)
    opt = tf.train.AdamOptimizer(0.01).minimize(cost)
    data = np.array([[0, 1, 1, 0], [1, 0, 0, 1], [1, 1, 0, 0]], np.float32)
    out = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            out.append(sess.run([cost, opt], {x: data})[0])
        gen = sess.run(recon, {zz: np.zeros([2, 2], np.float32)})
    return out, gen, zz.shape.as_list(), eps.op.type, sorted(v.name for v in tf.trainable_variables())
