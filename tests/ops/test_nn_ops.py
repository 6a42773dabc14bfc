"""tf.nn: activations, softmax and cross-entropies, conv2d and pooling (against naive loops),
bias_add, dropout, moments, top_k, in_top_k, and their gradients (against finite differences)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.ops import window_geometry

RNG = np.random.default_rng(0)


pytestmark = pytest.mark.usefixtures("reset_graph")


def run(*fetches, feed=None):
    with tf.Session() as sess:
        out = sess.run(list(fetches), feed)
    return out[0] if len(out) == 1 else out


def numeric_grad(fn, x, eps=1e-3):
    """d sum(fn(x)) / dx by central differences, in float64."""
    x = np.asarray(x, np.float64)
    g = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        g[idx] = (np.sum(fn(up)) - np.sum(fn(down))) / (2 * eps)
    return g


def check_grad(build, x0, atol=1e-4, seed_weights=True):
    """Compares tf.gradients of sum(w * build(x)) with finite differences (float64)."""
    x0 = np.asarray(x0, np.float64)
    x = tf.placeholder(tf.float64, x0.shape)
    y = build(x)
    w = RNG.normal(size=[d if d is not None else 1 for d in y.shape.as_list()]) if seed_weights else 1.0
    loss = tf.reduce_sum(y * w)
    grad = tf.gradients(loss, x)[0]
    with tf.Session() as sess:
        got = sess.run(grad, {x: x0})
        numeric = numeric_grad(lambda v: sess.run(loss, {x: v}), x0)
    np.testing.assert_allclose(got, numeric, atol=atol, rtol=1e-4)


# ------------------------------------------------------------------ activations
def test_activation_values_and_dtypes():
    v = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], np.float32)
    x = tf.constant(v)
    out = run(tf.nn.relu(x), tf.nn.relu6(x * 3.0), tf.nn.elu(x), tf.nn.selu(x), tf.nn.softplus(x),
              tf.nn.softsign(x), tf.nn.leaky_relu(x, 0.1))
    expected = [np.maximum(v, 0), np.clip(v * 3, 0, 6), np.where(v > 0, v, np.expm1(v)),
                1.0507009873554805 * np.where(v > 0, v, 1.6732632423543772 * np.expm1(v)),
                np.log1p(np.exp(v)), v / (1 + np.abs(v)), np.where(v > 0, v, 0.1 * v)]
    for got, want in zip(out, expected):
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    assert run(tf.nn.softplus(tf.constant([100.0, -100.0]))).tolist() == pytest.approx([100.0, 0.0], abs=1e-30)
    assert tf.nn.relu(x).op.type == "Relu" and tf.nn.relu(x).op.name.startswith("Relu")
    with pytest.raises(TypeError):
        tf.nn.elu(tf.constant([1, 2]))


@pytest.mark.parametrize("fn", [tf.nn.relu, tf.nn.relu6, tf.nn.elu, tf.nn.selu, tf.nn.softplus, tf.nn.softsign,
                                lambda t: tf.nn.leaky_relu(t, 0.3)])
def test_activation_gradients(fn):
    check_grad(fn, np.array([[1.3, -2.1, 3.7], [0.5, 0.2, -1.0], [6.5, -0.4, 7.0]]))


# ------------------------------------------------------------------ softmax and cross entropies
def test_softmax_family():
    v = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], np.float32)
    e = np.exp(v - v.max(1, keepdims=True))
    sm, lsm, sm0, stable = run(tf.nn.softmax(v), tf.nn.log_softmax(v), tf.nn.softmax(v, axis=0),
                               tf.nn.softmax([1000.0, 0.0, -1000.0]))
    np.testing.assert_allclose(sm, e / e.sum(1, keepdims=True), rtol=1e-6)
    np.testing.assert_allclose(lsm, np.log(e / e.sum(1, keepdims=True)), rtol=1e-6)
    e0 = np.exp(v - v.max(0))
    np.testing.assert_allclose(sm0, e0 / e0.sum(0), rtol=1e-6)
    np.testing.assert_allclose(stable, [1.0, 0.0, 0.0])
    check_grad(tf.nn.softmax, RNG.normal(size=(2, 4)))
    check_grad(tf.nn.log_softmax, RNG.normal(size=(2, 4)))
    check_grad(lambda t: tf.nn.softmax(t, axis=0), RNG.normal(size=(3, 2)))


def test_cross_entropies_values():
    logits = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], np.float32)
    labels = np.array([[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]], np.float32)
    log_p = logits - np.log(np.exp(logits).sum(1, keepdims=True))
    soft, soft_v2, sparse, sig = run(
        tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits),
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits),
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2, 0], logits=logits),
        tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
    np.testing.assert_allclose(soft, -(labels * log_p).sum(1), rtol=1e-6)
    np.testing.assert_allclose(soft_v2, soft, rtol=1e-6)
    np.testing.assert_allclose(sparse, -log_p[[0, 1], [2, 0]], rtol=1e-6)
    np.testing.assert_allclose(sig, np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits))),
                               rtol=1e-6)
    extreme = run(tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[-100.0, 100.0]))
    np.testing.assert_allclose(extreme, [100.0, 100.0])


def test_cross_entropy_rank3_and_axis():
    logits = RNG.normal(size=(2, 3, 4)).astype(np.float32)
    labels = RNG.dirichlet(np.ones(4), size=(2, 3)).astype(np.float32)
    log_p = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    got = tf.nn.softmax_cross_entropy_with_logits_v2(labels, logits)
    assert got.shape.as_list() == [2, 3]
    np.testing.assert_allclose(run(got), -(labels * log_p).sum(-1), rtol=1e-5)
    sparse_labels = np.array([[0, 1, 3], [2, 2, 0]])
    sparse = run(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=sparse_labels, logits=logits))
    np.testing.assert_allclose(sparse, -np.take_along_axis(log_p, sparse_labels[..., None], -1)[..., 0], rtol=1e-5)


def test_cross_entropy_gradients():
    labels = np.array([[0.2, 0.3, 0.5], [0.5, 0.5, 0.0]])
    check_grad(lambda t: tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=t),
               RNG.normal(size=(2, 3)))
    check_grad(lambda t: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2, 0], logits=t),
               RNG.normal(size=(2, 3)))
    check_grad(lambda t: tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=t),
               RNG.normal(size=(2, 3)))
    logits = tf.constant([[1.0, 2.0, 0.5]])
    lab = tf.constant([[0.2, 0.3, 0.5]])
    g_v2 = tf.gradients(tf.nn.softmax_cross_entropy_with_logits_v2(labels=lab, logits=logits), lab)[0]
    g_v1 = tf.gradients(tf.nn.softmax_cross_entropy_with_logits(labels=lab, logits=logits), lab)[0]
    log_p = np.array([1.0, 2.0, 0.5]) - np.log(np.exp([1.0, 2.0, 0.5]).sum())
    np.testing.assert_allclose(run(g_v2)[0], -log_p, rtol=1e-5)
    assert g_v1 is None


def test_cross_entropy_errors():
    labels = tf.placeholder(tf.int32, [2])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.ones([2, 3]))
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(loss, {labels: [0, 2]}), [np.log(3)] * 2, rtol=1e-6)
        with pytest.raises(errors.InvalidArgumentError, match="label value of 3"):
            sess.run(loss, {labels: [3, 0]})
        with pytest.raises(errors.InvalidArgumentError, match="label value of -1"):
            sess.run(loss, {labels: [-1, 0]})
    with pytest.raises(ValueError):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[1, 2]], logits=tf.ones([2, 3]))
    with pytest.raises(ValueError, match="Both `labels` and `logits` must be provided"):
        tf.nn.softmax_cross_entropy_with_logits(logits=tf.ones([2]))
    with pytest.raises(ValueError):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones([3]), logits=tf.ones([2]))


# ------------------------------------------------------------------ conv2d and pooling vs naive loops
def naive_conv2d(x, w, stride, padding, dilation=(1, 1)):
    n, h, wd, c = x.shape
    kh, kw, _, co = w.shape
    (sh, sw), (dh, dw) = stride, dilation
    ekh, ekw = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if padding == "SAME":
        oh, ow = -(-h // sh), -(-wd // sw)
        ph = max((oh - 1) * sh + ekh - h, 0)
        pw = max((ow - 1) * sw + ekw - wd, 0)
        pt, pl = ph // 2, pw // 2
    else:
        oh, ow = (h - ekh) // sh + 1, (wd - ekw) // sw + 1
        pt = pl = 0
    out = np.zeros((n, oh, ow, co))
    for b in range(n):
        for i in range(oh):
            for j in range(ow):
                for a in range(kh):
                    for d in range(kw):
                        r, q = i * sh + a * dh - pt, j * sw + d * dw - pl
                        if 0 <= r < h and 0 <= q < wd:
                            out[b, i, j] += x[b, r, q] @ w[a, d]
    return out


def naive_pool(x, k, stride, padding, reduce):
    n, h, wd, c = x.shape
    if padding == "SAME":
        oh, ow = -(-h // stride), -(-wd // stride)
        pt = max((oh - 1) * stride + k - h, 0) // 2
        pl = max((ow - 1) * stride + k - wd, 0) // 2
    else:
        oh, ow, pt, pl = (h - k) // stride + 1, (wd - k) // stride + 1, 0, 0
    out = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * stride - pt, j * stride - pl
            window = x[:, max(r0, 0):r0 + k, max(c0, 0):c0 + k, :]
            out[:, i, j] = reduce(window, axis=(1, 2))
    return out


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("stride,dilation", [((1, 1), (1, 1)), ((2, 2), (1, 1)), ((2, 1), (1, 1)),
                                             ((1, 1), (2, 2))])
def test_conv2d_matches_naive(padding, stride, dilation):
    x = RNG.normal(size=(2, 7, 6, 3))
    w = RNG.normal(size=(3, 2, 3, 4))
    y = tf.nn.conv2d(x, w, strides=[1, *stride, 1], padding=padding, dilations=[1, *dilation, 1])
    want = naive_conv2d(x, w, stride, padding, dilation)
    assert y.shape.as_list() == list(want.shape)
    np.testing.assert_allclose(run(y), want, rtol=1e-10, atol=1e-10)


def test_conv2d_golden_and_shapes():
    img = tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1])
    k = tf.constant([[1.0, 0.0], [0.0, -1.0]], shape=[2, 2, 1, 1])
    same = run(tf.nn.conv2d(img, k, strides=[1, 1, 1, 1], padding="SAME"))[0, :, :, 0]
    assert same.tolist() == [[-5, -5, -5, 3], [-5, -5, -5, 7], [-5, -5, -5, 11], [12, 13, 14, 15]]
    p = tf.placeholder(tf.float32, [None, 28, 28, 1])
    assert tf.nn.conv2d(p, tf.ones([5, 5, 1, 8]), [1, 2, 2, 1], "SAME").shape.as_list() == [None, 14, 14, 8]
    assert tf.nn.conv2d(p, tf.ones([5, 5, 1, 8]), [1, 2, 2, 1], "VALID").shape.as_list() == [None, 12, 12, 8]
    assert tf.nn.conv2d(p, tf.ones([5, 5, 1, 8]), 2, "VALID").shape.as_list() == [None, 12, 12, 8]


def test_conv2d_nchw_and_explicit_padding():
    x = RNG.normal(size=(1, 5, 5, 2))
    w = RNG.normal(size=(3, 3, 2, 3))
    nchw = tf.nn.conv2d(np.transpose(x, (0, 3, 1, 2)), w, [1, 1, 2, 2], "SAME", data_format="NCHW")
    explicit = tf.nn.conv2d(x, w, [1, 1, 1, 1], [[0, 0], [1, 1], [1, 1], [0, 0]])
    got_nchw, got_explicit = run(nchw, explicit)
    np.testing.assert_allclose(np.transpose(got_nchw, (0, 2, 3, 1)), naive_conv2d(x, w, (2, 2), "SAME"), atol=1e-10)
    np.testing.assert_allclose(got_explicit, naive_conv2d(x, w, (1, 1), "SAME"), atol=1e-10)


def test_conv2d_errors():
    with pytest.raises(ValueError, match="Depth of input"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 2, 1]), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="rank 4"):
        tf.nn.conv2d(tf.ones([4, 4, 3]), tf.ones([2, 2, 3, 1]), [1, 1, 1, 1], "SAME")
    with pytest.raises(ValueError, match="padding"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 1]), [1, 1, 1, 1], "same")
    with pytest.raises(ValueError, match="Negative dimension size caused by subtracting 3 from 1"):
        tf.nn.conv2d(tf.ones([1, 1, 1, 1]), tf.ones([3, 3, 1, 1]), [1, 1, 1, 1], "VALID")
    with pytest.raises(ValueError):
        tf.nn.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1]), [1, 1, 1], "VALID")
    with pytest.raises(TypeError):
        tf.nn.conv2d(tf.ones([1, 4, 4, 1]), tf.ones([2, 2, 1, 1], dtype=tf.float64), [1, 1, 1, 1], "VALID")
    x = tf.placeholder(tf.float32, [1, 4, 4, None])
    y = tf.nn.conv2d(x, tf.ones([2, 2, 1, 1]), [1, 1, 1, 1], "VALID")
    with tf.Session() as sess, pytest.raises(errors.InvalidArgumentError, match="number of groups: 1 vs 2"):
        sess.run(y, {x: np.ones((1, 4, 4, 2))})  # TF 2.21's CPU kernel runs groups, given enough filters


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("stride", [1, 2])
def test_conv2d_gradients(padding, stride):
    w0 = RNG.normal(size=(2, 3, 2, 2))
    x0 = RNG.normal(size=(1, 5, 4, 2))
    check_grad(lambda x: tf.nn.conv2d(x, w0, [1, stride, stride, 1], padding), x0)
    check_grad(lambda w: tf.nn.conv2d(x0, w, [1, stride, stride, 1], padding), w0)


def test_conv2d_batch_chunks_agree_with_one_chunk(monkeypatch):
    x = tf.constant(RNG.normal(size=(5, 7, 6, 3)))
    w = tf.constant(RNG.normal(size=(3, 3, 3, 4)))
    y = tf.nn.conv2d(x, w, [1, 2, 1, 1], "SAME")
    fetches = [y] + tf.gradients(tf.reduce_sum(y * y), [x, w])
    whole = run(*fetches)
    monkeypatch.setattr(window_geometry, "COLUMN_CHUNK_BYTES", 1)  # one image per GEMM
    assert window_geometry.Geometry(7, 6, 3, 3, {"strides": [1, 2, 1, 1], "padding": "SAME"}).batch_chunks(
        5, 27, 8) == [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    for a, b in zip(whole, run(*fetches)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_conv2d_transpose_is_the_input_gradient():
    x = tf.constant(RNG.normal(size=(1, 5, 5, 2)))
    w = tf.constant(RNG.normal(size=(3, 3, 2, 4)))
    y = tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME")
    dy = tf.constant(RNG.normal(size=(1, 3, 3, 4)))
    grad = tf.gradients(y, x, grad_ys=dy)[0]
    transposed = tf.nn.conv2d_transpose(dy, w, [1, 5, 5, 2], [1, 2, 2, 1], "SAME")
    assert transposed.shape.as_list() == [1, 5, 5, 2]
    a, b = run(grad, transposed)
    np.testing.assert_allclose(a, b, atol=1e-10)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("k,stride", [(2, 2), (3, 2), (2, 1), (3, 1)])
def test_pooling_matches_naive(padding, k, stride):
    x = RNG.normal(size=(2, 5, 6, 3))
    mx = tf.nn.max_pool(x, [1, k, k, 1], [1, stride, stride, 1], padding)
    av = tf.nn.avg_pool(x, [1, k, k, 1], [1, stride, stride, 1], padding)
    got_max, got_avg = run(mx, av)
    np.testing.assert_allclose(got_max, naive_pool(x, k, stride, padding, np.max))
    np.testing.assert_allclose(got_avg, naive_pool(x, k, stride, padding, np.mean))
    assert mx.shape.as_list() == list(got_max.shape)


def test_pooling_golden_and_gradients():
    img = tf.reshape(tf.range(16, dtype=tf.float32), [1, 4, 4, 1])
    same3 = run(tf.nn.avg_pool(img, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME"))
    assert same3.reshape(-1).tolist() == [5.0, 6.5, 11.0, 12.5]
    x0 = RNG.normal(size=(1, 5, 5, 2))
    check_grad(lambda x: tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME"), x0)
    check_grad(lambda x: tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"), x0)
    check_grad(lambda x: tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "VALID"), x0)


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = tf.constant(np.ones((1, 2, 2, 1)))
    g = run(tf.gradients(tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID"), x)[0])
    assert g.reshape(-1).tolist() == [1.0, 0.0, 0.0, 0.0]


# ------------------------------------------------------------------ bias_add, l2_loss, moments, dropout
def test_bias_add_l2_loss_moments():
    x = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], np.float32)
    b, b4, l2, (m0, v0), (m, v) = run(
        tf.nn.bias_add(x, [1.0, 2.0, 3.0]), tf.nn.bias_add(tf.zeros([1, 2, 2, 2]), [1.0, -1.0]), tf.nn.l2_loss(x),
        tf.nn.moments(tf.constant(x), axes=[0]), tf.nn.moments(tf.constant(x), axes=[0, 1], keep_dims=True))
    np.testing.assert_allclose(b, x + [1, 2, 3])
    assert b4.reshape(-1).tolist() == [1.0, -1.0] * 4
    assert l2 == pytest.approx((x ** 2).sum() / 2)
    np.testing.assert_allclose(m0, x.mean(0), rtol=1e-6)
    np.testing.assert_allclose(v0, x.var(0), rtol=1e-6)
    assert m.shape == (1, 1) and v[0, 0] == pytest.approx(x.var(), rel=1e-6)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.nn.bias_add(x, [1.0, 2.0])
    with pytest.raises(ValueError):
        tf.nn.bias_add([1.0, 2.0], [1.0, 2.0])
    nchw = run(tf.nn.bias_add(tf.zeros([1, 2, 1, 1]), [1.0, 5.0], data_format="NCHW"))
    assert nchw.reshape(-1).tolist() == [1.0, 5.0]
    check_grad(lambda t: tf.nn.bias_add(t, [1.0, 2.0]), RNG.normal(size=(3, 2)))
    bias = RNG.normal(size=(2,))
    check_grad(lambda t: tf.nn.bias_add(np.ones((3, 2)), t), bias)
    check_grad(tf.nn.l2_loss, RNG.normal(size=(2, 2)))


def test_dropout():
    x = tf.ones([1000])
    assert tf.nn.dropout(x, keep_prob=1.0) is x
    tf.set_random_seed(3)
    half = tf.nn.dropout(x, keep_prob=0.5, seed=1)
    by_rate = tf.nn.dropout(x, rate=0.5, seed=1)
    keep = tf.placeholder(tf.float32, [])
    fed = tf.nn.dropout(x, keep_prob=keep)
    with tf.Session() as sess:
        a, b = sess.run([half, by_rate])
        assert set(np.unique(a).tolist()) <= {0.0, 2.0} and 0.35 < (a > 0).mean() < 0.65
        c = sess.run(fed, {keep: 0.25})
        assert set(np.unique(c).tolist()) <= {0.0, 4.0}
    with pytest.raises(ValueError):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError):
        tf.nn.dropout(x, rate=1.5)
    with pytest.raises(ValueError):
        tf.nn.dropout(tf.ones([3], dtype=tf.int32), rate=0.5)
    with pytest.raises(ValueError):
        tf.nn.dropout(x)


def test_top_k_and_in_top_k():
    x = np.array([[1.0, 3.0, 3.0, 2.0], [5.0, -1.0, 0.0, 5.0]], np.float32)
    result = tf.nn.top_k(x, k=2)
    assert result._fields == ("values", "indices")
    values, indices = run(result.values, result.indices)
    assert values.tolist() == [[3.0, 3.0], [5.0, 5.0]]
    assert indices.tolist() == [[1, 2], [0, 3]]
    assert indices.dtype == np.int32
    assert result.values.shape.as_list() == [2, 2]
    with pytest.raises(ValueError):
        tf.nn.top_k(x, k=5)
    k = tf.placeholder(tf.int32, [])
    dynamic = tf.nn.top_k(x, k)
    with tf.Session() as sess, pytest.raises(errors.InvalidArgumentError):
        sess.run(dynamic.values, {k: 7})
    check_grad(lambda t: tf.nn.top_k(t, 2).values, RNG.normal(size=(2, 4)))
    hits = run(tf.nn.in_top_k(x, [2, 1], 2))
    assert hits.tolist() == [True, False]
    assert run(tf.nn.in_top_k(x, [3, 5], 1)).tolist() == [False, False]


def test_nn_namespace_aliases():
    for name in ("sigmoid", "tanh", "relu", "softmax", "conv2d", "max_pool", "avg_pool", "moments", "top_k",
                 "dropout", "bias_add", "l2_loss", "in_top_k", "l2_normalize", "batch_normalization"):
        assert callable(getattr(tf.nn, name)), name
    x = tf.constant([3.0, 4.0])
    np.testing.assert_allclose(run(tf.nn.l2_normalize(x, 0)), [0.6, 0.8], rtol=1e-6)
    y = tf.nn.batch_normalization(x, 1.0, 4.0, 0.5, 2.0, 0.0)
    np.testing.assert_allclose(run(y), (np.array([3.0, 4.0]) - 1.0) * 2.0 / 2.0 + 0.5, rtol=1e-6)


@pytest.mark.parametrize("build,shape", [
    (lambda x: tf.nn.conv2d(x, np.ones((3, 3, 2, 4)), [1, 2, 2, 1], "SAME"), (2, 7, 5, 2)),
    (lambda x: tf.nn.conv2d(x, np.ones((2, 2, 2, 1)), [1, 1, 1, 1], "VALID", dilations=[1, 2, 2, 1]), (1, 5, 6, 2)),
    (lambda x: tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "VALID"), (2, 7, 5, 2)),
    (lambda x: tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 1, 1], "SAME"), (2, 7, 5, 2)),
    (lambda x: tf.nn.softmax(x, axis=1), (2, 7, 5, 2)),
    (lambda x: tf.nn.top_k(x, 2).values, (2, 7, 5, 2)),
    (lambda x: tf.nn.bias_add(x, np.ones(2)), (2, 7, 5, 2)),
    (lambda x: tf.nn.moments(x, [0, 1])[1], (2, 7, 5, 2)),
])
@pytest.mark.parametrize("hide", [0, 0b0110, 0b1111])
def test_static_shapes_agree_with_values(build, shape, hide):
    dims = [None if hide >> k & 1 else d for k, d in enumerate(shape)]
    x = tf.placeholder(tf.float64, dims)
    y = build(x)
    value = run(y, feed={x: RNG.normal(size=shape)})
    assert y.shape.is_compatible_with(value.shape), (y.shape, value.shape)
    if hide == 0:
        assert y.shape.as_list() == list(value.shape)
