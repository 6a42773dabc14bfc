"""Optimizers against hand-written NumPy updates; slot naming, global step, errors, sparse rows."""
import numpy as np
import pytest

import tfsess as tf

TARGET = np.array([[3.0, 1.0], [-1.0, 0.5]])
WEIGHT = np.array([[1.0, 2.0], [0.5, 1.5]])
W0 = np.array([[1.0, -2.0], [0.0, 2.0]])
B0 = 0.5


def f32(x):
    """A hyperparameter as TF sees it: a float32 tensor, then cast to the variable's float64."""
    return np.float64(np.float32(x))


def _grads(w, b):
    """d/dw and d/db of sum(WEIGHT * (w - TARGET)**2) + (2b - 1.5)**2."""
    return 2.0 * WEIGHT * (w - TARGET), 4.0 * (2.0 * b - 1.5)


def _run(opt, steps=3, dtype=tf.float64):
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable(W0, dtype=dtype, name="w")
        b = tf.Variable(B0, dtype=dtype, name="b")
        diff = w - tf.constant(TARGET, dtype=dtype)
        loss = tf.reduce_sum(tf.constant(WEIGHT, dtype=dtype) * diff * diff) + (b * 2.0 - 1.5) * (b * 2.0 - 1.5)
        gs = tf.train.get_or_create_global_step()
        train = opt.minimize(loss, global_step=gs)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        history = []
        for _ in range(steps):
            sess.run(train)
            history.append(sess.run([w, b]))
        names = sorted(v.name for v in tf.global_variables())
        return history, sess.run(gs), names, opt, w


def _reference(update, slots, steps=3):
    w, b = W0.copy(), np.float64(B0)
    state_w = {k: np.full_like(W0, v) for k, v in slots.items()}
    state_b = {k: np.float64(v) for k, v in slots.items()}
    history = []
    for t in range(1, steps + 1):
        gw, gb = _grads(w, b)
        w = update(w, gw, state_w, t)
        b = update(b, gb, state_b, t)
        history.append((w.copy(), np.float64(b)))
    return history


def _check(history, reference):
    for (w, b), (rw, rb) in zip(history, reference):
        np.testing.assert_allclose(w, rw, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(b, rb, rtol=1e-9, atol=1e-12)


def test_gradient_descent_matches_numpy():
    def update(x, g, s, t):
        return x - f32(0.1) * g
    history, step, names, _, _ = _run(tf.train.GradientDescentOptimizer(0.1))
    _check(history, _reference(update, {}))
    assert step == 3
    assert names == ["b:0", "global_step:0", "w:0"]


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_matches_numpy(nesterov):
    lr, mu = f32(0.05), f32(0.9)

    def update(x, g, s, t):
        s["a"] = mu * s["a"] + g
        return x - (lr * g + lr * mu * s["a"]) if nesterov else x - lr * s["a"]
    opt = tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=nesterov)
    history, step, names, opt, w = _run(opt)
    _check(history, _reference(update, {"a": 0.0}))
    assert names == ["b/Momentum:0", "b:0", "global_step:0", "w/Momentum:0", "w:0"]
    assert opt.get_slot_names() == ["momentum"]
    assert opt.get_slot(w, "momentum").name == "w/Momentum:0"
    assert opt.get_slot(w, "nope") is None


def test_adam_matches_numpy():
    lr, b1, b2, eps = f32(0.1), f32(0.9), f32(0.999), f32(1e-8)
    powers = {1: (np.float32(0.9), np.float32(0.999))}  # beta powers live in float32 variables
    for t in (2, 3):
        p1, p2 = powers[t - 1]
        powers[t] = (np.float32(p1 * np.float32(0.9)), np.float32(p2 * np.float32(0.999)))

    def update(x, g, s, t):
        p1, p2 = (np.float64(p) for p in powers[t])
        lr_t = lr * np.sqrt(1 - p2) / (1 - p1)
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        return x - lr_t * s["m"] / (np.sqrt(s["v"]) + eps)
    opt = tf.train.AdamOptimizer(0.1)
    history, step, names, opt, w = _run(opt)
    _check(history, _reference(update, {"m": 0.0, "v": 0.0}))
    assert names == ["b/Adam:0", "b/Adam_1:0", "b:0", "beta1_power:0", "beta2_power:0", "global_step:0",
                     "w/Adam:0", "w/Adam_1:0", "w:0"]
    assert opt.get_slot_names() == ["m", "v"]
    with w.graph.as_default():
        listed = [v.name for v in opt.variables()]
    assert opt.variables() == []  # only the default graph's variables
    assert listed == ["b/Adam:0", "b/Adam_1:0", "beta1_power:0", "beta2_power:0",
                                                 "w/Adam:0", "w/Adam_1:0"]


def test_adagrad_matches_numpy():
    def update(x, g, s, t):
        s["acc"] = s["acc"] + g * g
        return x - f32(0.3) * g / np.sqrt(s["acc"])
    history, _, names, _, _ = _run(tf.train.AdagradOptimizer(0.3))
    _check(history, _reference(update, {"acc": f32(0.1)}))
    assert "w/Adagrad:0" in names


def test_adadelta_matches_numpy():
    lr, rho, eps = f32(0.5), f32(0.95), f32(1e-6)

    def update(x, g, s, t):
        s["acc"] = rho * s["acc"] + (1 - rho) * g * g
        step = np.sqrt(s["upd"] + eps) / np.sqrt(s["acc"] + eps) * g
        s["upd"] = rho * s["upd"] + (1 - rho) * step * step
        return x - lr * step
    history, _, names, opt, _ = _run(tf.train.AdadeltaOptimizer(0.5, epsilon=1e-6))
    _check(history, _reference(update, {"acc": 0.0, "upd": 0.0}))
    assert [n for n in names if n.startswith("w/")] == ["w/Adadelta:0", "w/Adadelta_1:0"]
    assert opt.get_slot_names() == ["accum", "accum_update"]


@pytest.mark.parametrize("centered", [False, True])
def test_rmsprop_matches_numpy(centered):
    lr, rho, mu, eps = f32(0.05), f32(0.9), f32(0.5), f32(1e-10)

    def update(x, g, s, t):
        s["ms"] = rho * s["ms"] + (1 - rho) * g * g
        s["mg"] = rho * s["mg"] + (1 - rho) * g
        denom = s["ms"] - s["mg"] ** 2 if centered else s["ms"]
        s["mom"] = mu * s["mom"] + lr * g / np.sqrt(denom + eps)
        return x - s["mom"]
    opt = tf.train.RMSPropOptimizer(0.05, momentum=0.5, centered=centered)
    history, _, names, opt, _ = _run(opt)
    _check(history, _reference(update, {"ms": 1.0, "mg": 0.0, "mom": 0.0}))
    expected = ["w/RMSProp:0", "w/RMSProp_1:0"] + (["w/RMSProp_2:0"] if centered else [])
    assert [n for n in names if n.startswith("w/")] == expected
    assert opt.get_slot_names() == (["mg", "momentum", "rms"] if centered else ["momentum", "rms"])


def test_float32_variables_and_tensor_learning_rate():
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([1.0, 2.0])
        lr = tf.placeholder(tf.float32, [])
        train = tf.train.GradientDescentOptimizer(lr).minimize(tf.reduce_sum(w * w))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train, {lr: 0.25})
        out = sess.run(w)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, [0.5, 1.0])


def test_apply_gradients_ops_are_named_as_tf():
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        gs = tf.train.get_or_create_global_step()
        train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w * w), global_step=gs)
        names = {op.name for op in graph.get_operations()}
    assert train.name == "GradientDescent"
    assert train.type == "AssignAdd"
    assert {"GradientDescent/update_w/ApplyGradientDescent", "GradientDescent/learning_rate",
            "GradientDescent/update"} <= names
    assert train in graph.get_collection(tf.GraphKeys.TRAIN_OP)


def test_global_step_helpers():
    graph = tf.Graph()
    with graph.as_default():
        assert tf.train.get_global_step() is None
        gs = tf.train.get_or_create_global_step()
        assert tf.train.get_or_create_global_step() is gs
        assert tf.train.get_global_step() is gs
        assert gs.name == "global_step:0" and gs.dtype.base_dtype == tf.int64
        assert gs not in tf.trainable_variables()
        with pytest.raises(ValueError, match="already exists"):
            tf.train.create_global_step()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        assert tf.train.global_step(sess, gs) == 0


def test_compute_gradients_pairs_and_apply_gradients_step_counter():
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([1.0, 2.0])
        unused = tf.Variable(3.0)
        opt = tf.train.GradientDescentOptimizer(0.1)
        pairs = opt.compute_gradients(tf.reduce_sum(w * w))
        assert [(g is None, v) for g, v in pairs] == [(False, w), (True, unused)]
        step = tf.Variable(0, trainable=False, dtype=tf.int64)
        apply = opt.apply_gradients([(g * 0.5, v) for g, v in pairs if g is not None], global_step=step)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(apply)
        sess.run(apply)
        np.testing.assert_allclose(sess.run(w), [0.81, 1.62], rtol=1e-6)
        assert sess.run(step) == 2


def test_errors_as_tf():
    graph = tf.Graph()
    with graph.as_default():
        opt = tf.train.GradientDescentOptimizer(0.1)
        with pytest.raises(ValueError, match="No variables to optimize"):
            opt.minimize(tf.constant(1.0) * 2.0)
        c = tf.Variable(1.0)
        with pytest.raises(ValueError, match="No gradients provided for any variable"):
            opt.minimize(tf.constant(2.0) * 3.0, var_list=[c])
        with pytest.raises(ValueError, match="No gradients provided for any variable"):
            opt.apply_gradients([(None, c)])
        with pytest.raises(ValueError, match="Invalid type"):
            opt.minimize(tf.constant(2) * 3, var_list=[c])
        with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
            tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


def _sparse_run(opt, feeds):
    graph = tf.Graph()
    with graph.as_default():
        table = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name="table")
        idx = tf.placeholder(tf.int32, [None])
        loss = tf.reduce_sum(tf.gather(table, idx) * tf.constant([1.0, -1.0]))
        grad = tf.gradients(loss, table)[0]
        assert isinstance(grad, tf.IndexedSlices)
        train = opt.minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        out = []
        for f in feeds:
            sess.run(train, {idx: f})
            out.append(sess.run(table))
        return out


def test_sparse_momentum_touches_only_fed_rows_and_sums_duplicates():
    after = _sparse_run(tf.train.MomentumOptimizer(0.5, 0.5), [[1], [0, 0]])
    np.testing.assert_allclose(after[0], [[1, 2], [2.5, 4.5], [5, 6]])
    # rows 0 twice: one summed gradient [2, -2]; row 1's momentum is not applied again
    np.testing.assert_allclose(after[1], [[0, 3], [2.5, 4.5], [5, 6]])


def test_sparse_gradient_descent_and_adam():
    after = _sparse_run(tf.train.GradientDescentOptimizer(0.5), [[2, 2]])
    np.testing.assert_allclose(after[0], [[1, 2], [3, 4], [4, 7]])
    adam = _sparse_run(tf.train.AdamOptimizer(0.1), [[0]])
    np.testing.assert_allclose(adam[0], [[0.9, 2.1], [3, 4], [5, 6]], rtol=1e-5)


def test_learning_rate_schedules():
    graph = tf.Graph()
    with graph.as_default():
        step = tf.placeholder(tf.int64, [])
        smooth = tf.train.exponential_decay(0.1, step, 10, 0.5)
        stairs = tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True)
        piece = tf.train.piecewise_constant(step, [5, 10], [1.0, 0.5, 0.1])
        poly = tf.train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=2.0)
        inverse = tf.train.inverse_time_decay(0.1, step, 10, 0.5)
        sess = tf.Session()
        for s in (0, 5, 10, 15):
            a, b, c, d, e = sess.run([smooth, stairs, piece, poly, inverse], {step: s})
            np.testing.assert_allclose(d, 0.09 * (1 - min(s, 10) / 10) ** 2 + 0.01, rtol=1e-6)
            np.testing.assert_allclose(e, 0.1 / (1 + 0.5 * s / 10), rtol=1e-6)
            np.testing.assert_allclose(a, 0.1 * 0.5 ** (s / 10), rtol=1e-6)
            np.testing.assert_allclose(b, 0.1 * 0.5 ** (s // 10), rtol=1e-6)
            assert c == pytest.approx(1.0 if s <= 5 else 0.5 if s <= 10 else 0.1)


def test_decay_schedules_keep_tf_dtype_rules():
    with tf.Graph().as_default():
        step = tf.Variable(4, dtype=tf.int32, name="g")
        lr64 = tf.constant(0.5, tf.float64)
        # pi is a float32 constant in TF's cosine schedules; their noise is float32
        with pytest.raises(TypeError, match="float64"):
            tf.train.cosine_decay(lr64, step, 8)
        with pytest.raises(TypeError):
            tf.train.cosine_decay_restarts(lr64, step, 8)
        with pytest.raises(ValueError):
            tf.train.noisy_linear_cosine_decay(lr64, step, 8)
        with pytest.raises(ValueError, match=r"Boundaries \(<dtype: 'float32'>\) must have the same dtype as x"):
            tf.train.piecewise_constant(step, [2.0], [1.0, 2.0])
        with pytest.raises(ValueError, match="Values must have elements all with the same dtype"):
            tf.train.piecewise_constant(step, [2], [1, 2.0])
        promoted = tf.train.piecewise_constant(tf.constant(7, tf.int64), [2, 6], [0.1, 0.2, 0.3])
        with tf.Session() as sess:
            assert np.isclose(sess.run(promoted), 0.3)
