"""Variations of the public program_linear case: small whole programs compared on values after N steps."""
import numpy as np


def case_linear_regression_f64_minibatch_momentum(tf):
    rng = np.random.RandomState(0)
    xs = rng.uniform(-1, 1, size=(32, 3))
    ys = xs @ np.array([[1.5], [-2.0], [0.5]]) + 0.3
    X = tf.placeholder(tf.float64, [None, 3])
    Y = tf.placeholder(tf.float64, [None, 1])
    W = tf.Variable(np.zeros((3, 1)), name="W")
    b = tf.Variable(np.zeros(1), name="b")
    loss = tf.reduce_mean(tf.square(tf.matmul(X, W) + b - Y))
    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(40):
            lo = (step * 8) % 32
            sess.run(train, {X: xs[lo:lo + 8], Y: ys[lo:lo + 8]})
        return sess.run([W, b, loss], {X: xs, Y: ys})


def case_logistic_regression_adam(tf):
    rng = np.random.RandomState(1)
    xs = rng.normal(size=(40, 2)).astype(np.float32)
    ys = (xs[:, :1] - 0.5 * xs[:, 1:] > 0).astype(np.float32)
    X = tf.placeholder(tf.float32, [None, 2])
    Y = tf.placeholder(tf.float32, [None, 1])
    W = tf.Variable(tf.zeros([2, 1]))
    b = tf.Variable(tf.zeros([1]))
    logits = tf.matmul(X, W) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=Y, logits=logits))
    acc = tf.reduce_mean(tf.cast(tf.equal(tf.cast(logits > 0, tf.float32), Y), tf.float32))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(50):
            sess.run(train, {X: xs, Y: ys})
        return sess.run({"W": W, "b": b, "loss": loss, "acc": acc}, {X: xs, Y: ys})


def case_softmax_regression_sparse_labels(tf):
    rng = np.random.RandomState(2)
    xs = rng.normal(size=(30, 4)).astype(np.float32)
    labels = np.argmax(xs[:, :3], axis=1).astype(np.int64)
    X = tf.placeholder(tf.float32, [None, 4])
    L = tf.placeholder(tf.int64, [None])
    W = tf.Variable(tf.zeros([4, 3]))
    b = tf.Variable(tf.zeros([3]))
    logits = tf.matmul(X, W) + b
    loss = tf.losses.sparse_softmax_cross_entropy(L, logits)
    pred = tf.argmax(logits, 1)
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for i in range(30):
            _, l = sess.run([train, loss], {X: xs, L: labels})
            if i % 10 == 0:
                hist.append(l)
        return {"hist": hist, "W": sess.run(W), "pred": sess.run(pred, {X: xs[:6]})}


def case_tiny_mlp_seeded_init_rmsprop(tf):
    tf.set_random_seed(7)
    xs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
    ys = np.array([[0], [1], [1], [0]], np.float32)
    X = tf.placeholder(tf.float32, [None, 2])
    Y = tf.placeholder(tf.float32, [None, 1])
    W1 = tf.Variable(tf.constant([[0.5, -0.4, 0.3], [-0.2, 0.6, 0.1]]))
    b1 = tf.Variable(tf.constant([0.1, 0.0, -0.1]))
    W2 = tf.Variable(tf.constant([[0.7], [-0.5], [0.2]]))
    b2 = tf.Variable(tf.zeros([1]))
    h = tf.nn.tanh(tf.matmul(X, W1) + b1)
    out = tf.matmul(h, W2) + b2
    loss = tf.reduce_mean(tf.square(out - Y)) + 0.001 * tf.add_n([tf.nn.l2_loss(W1), tf.nn.l2_loss(W2)])
    train = tf.train.RMSPropOptimizer(0.05).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(25):
            sess.run(train, {X: xs, Y: ys})
        return sess.run([loss, out], {X: xs, Y: ys})


def case_kmeans_steps(tf):
    pts = np.array([[0.0, 0.0], [0.2, 0.1], [5.0, 5.0], [5.2, 4.9], [0.1, 5.0], [-0.1, 5.2]], np.float32)
    X = tf.constant(pts)
    C = tf.Variable(pts[[0, 2, 4]] + 0.5)
    d = tf.reduce_sum(tf.square(tf.expand_dims(X, 1) - tf.expand_dims(C, 0)), axis=2)
    assign = tf.argmin(d, axis=1)
    sums = tf.unsorted_segment_sum(X, assign, 3)
    counts = tf.unsorted_segment_sum(tf.ones_like(X), assign, 3)
    update = C.assign(sums / tf.maximum(counts, 1.0))
    inertia = tf.reduce_sum(tf.reduce_min(d, axis=1))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        hist = []
        for _ in range(3):
            hist.append(sess.run(inertia))
            sess.run(update)
        return {"centers": sess.run(C), "assign": sess.run(assign), "hist": hist}


def case_linear_regression_adagrad_with_saver_and_global_step(tf):
    import os
    import shutil
    import tempfile
    d = tempfile.mkdtemp()
    try:
        xs = np.linspace(-1.0, 1.0, 16).astype(np.float32)
        ys = (2.0 * xs - 1.0).astype(np.float32)
        X = tf.placeholder(tf.float32, name="X")
        Y = tf.placeholder(tf.float32, name="Y")
        W = tf.Variable(0.0, name="weight")
        b = tf.Variable(0.0, name="bias")
        loss = tf.reduce_mean(tf.square(W * X + b - Y))
        gs = tf.train.get_or_create_global_step()
        train = tf.train.AdagradOptimizer(0.5).minimize(loss, global_step=gs)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(20):
                sess.run(train, {X: xs, Y: ys})
            path = saver.save(sess, os.path.join(d, "lr"), global_step=gs)
        with tf.Session() as sess:
            saver.restore(sess, path)
            for _ in range(10):
                sess.run(train, {X: xs, Y: ys})
            return {"path": os.path.basename(path), "vals": sess.run([W, b, gs, loss], {X: xs, Y: ys})}
    finally:
        shutil.rmtree(d)


def case_linear_regression_scalar_placeholders_feed_errors(tf):
    X = tf.placeholder(tf.float32, name="X")
    W = tf.Variable(1.0, name="weight")
    pred = W * X
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = {"shape": str(pred.shape), "names": [X.name, W.name, pred.name],
           "scalar": sess.run(pred, {X: 3.0}), "matrix": sess.run(pred, {X: [[1.0, 2.0]]})}
    try:
        sess.run(pred, {X: "a"})
    except Exception as exc:  # the class is the result
        out["bad_feed"] = type(exc).__name__
    out["after"] = sess.run(pred, {X: 2.0})
    return out
