"""map_fn, scan, foldl, foldr: values, structures, static shapes, errors and gradients."""
import collections

import numpy as np
import pytest

import tfsess as tf
from tfsess.runtime.devices import set_simulated_gpus


def _fd_grad(f, x, eps=1e-4):
    grad = np.zeros_like(x)
    for pos in np.ndindex(*x.shape):
        hi, lo = x.copy(), x.copy()
        hi[pos] += eps
        lo[pos] -= eps
        grad[pos] = (f(hi) - f(lo)) / (2 * eps)
    return grad


# ------------------------------------------------------------------ map_fn
def test_map_fn_values_and_dtype(g):
    x = tf.constant([1, 2, 3, 4])
    squares = tf.map_fn(lambda v: v * v, x)
    halves = tf.map_fn(lambda v: tf.cast(v, tf.float32) / 2.0, x, dtype=tf.float32)
    with tf.Session() as sess:
        s, h = sess.run([squares, halves])
    np.testing.assert_array_equal(s, [1, 4, 9, 16])
    assert h.dtype == np.float32
    np.testing.assert_array_equal(h, [0.5, 1.0, 1.5, 2.0])
    assert any(op.type == "While" for op in g.get_operations())
    assert any(op.type == "TensorArrayWriteV3" for op in g.get_operations())


def test_map_fn_nested_inputs_and_outputs(g):
    a, b = tf.constant([1, 2, 3]), tf.constant([10, 20, 30])
    Pair = collections.namedtuple("Pair", "p q")
    summed = tf.map_fn(lambda ab: ab[0] + ab[1], (a, b), dtype=tf.int32)
    from_dict = tf.map_fn(lambda d: d["p"] * d["q"], {"p": a, "q": b}, dtype=tf.int32)
    pair = tf.map_fn(lambda v: (v, -v * 2), a, dtype=(tf.int32, tf.int32))
    named = tf.map_fn(lambda pq: Pair(pq.q, pq.p), Pair(a, b))
    assert isinstance(pair, tuple) and isinstance(named, Pair)
    with tf.Session() as sess:
        s, d, (p0, p1), n = sess.run([summed, from_dict, pair, named])
    np.testing.assert_array_equal(s, [11, 22, 33])
    np.testing.assert_array_equal(d, [10, 40, 90])
    np.testing.assert_array_equal(p1, [-2, -4, -6])
    np.testing.assert_array_equal(n.p, [10, 20, 30])


def test_map_fn_unknown_length_and_empty_input(g):
    p = tf.placeholder(tf.float32, [None, 3])
    out = tf.map_fn(lambda r: r * tf.range(3, dtype=tf.float32), p)
    assert out.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        three = sess.run(out, {p: np.arange(9, dtype=np.float32).reshape(3, 3)})
        empty = sess.run(out, {p: np.zeros([0, 3], np.float32)})
    np.testing.assert_array_equal(three, [[0, 1, 4], [0, 4, 10], [0, 7, 16]])
    assert empty.shape == (0, 3)


def test_map_fn_errors(g):
    with pytest.raises(ValueError, match="1\\+ dimensional"):
        tf.map_fn(lambda v: v, tf.constant(1.0))
    with pytest.raises(ValueError, match="not compatible"):
        tf.map_fn(lambda ab: ab[0] + ab[1], (tf.constant([1, 2]), tf.constant([1, 2, 3])), dtype=tf.int32)
    with pytest.raises(ValueError, match="same nested structure"):
        tf.map_fn(lambda v: (v, v), tf.constant([1.0, 2.0]))
    with pytest.raises(TypeError, match="not callable"):
        tf.map_fn(type("Named", (), {"__name__": "named"})(), tf.constant([1.0]))
    with pytest.raises(AttributeError):  # TF's message reads fn.__name__
        tf.map_fn(3, tf.constant([1.0]))


def test_map_fn_gradient_matches_closed_form(g):
    x = tf.constant([1.0, -2.0, 3.0])
    y = tf.reduce_sum(tf.map_fn(lambda v: v * v * v, x))
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(tf.gradients(y, x)[0]), [3.0, 12.0, 27.0])


def test_map_fn_gradient_of_rows_matches_finite_differences(g):
    x = tf.placeholder(tf.float64, [3, 2])
    loss = tf.reduce_sum(tf.map_fn(lambda r: tf.sin(r) * tf.reduce_sum(r), x) ** 2)
    grad = tf.gradients(loss, x)[0]
    value = np.array([[0.1, 0.5], [-0.3, 0.8], [1.2, -0.4]])
    with tf.Session() as sess:
        got = sess.run(grad, {x: value})
        want = _fd_grad(lambda v: sess.run(loss, {x: v}), value)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)


# ------------------------------------------------------------------ scan
def test_scan_forward_reverse_and_initializer(g):
    x = tf.constant([1, 2, 3, 4, 5])
    with tf.Session() as sess:
        out = sess.run({
            "cumsum": tf.scan(lambda acc, v: acc + v, x),
            "product": tf.scan(lambda acc, v: acc * v, x, initializer=1),
            "reverse": tf.scan(lambda acc, v: acc + v, x, reverse=True),
            "vector": tf.scan(lambda acc, v: acc + tf.cast(v, tf.float32), x, initializer=tf.constant([0.0, 0.5])),
        })
    np.testing.assert_array_equal(out["cumsum"], [1, 3, 6, 10, 15])
    np.testing.assert_array_equal(out["product"], [1, 2, 6, 24, 120])
    np.testing.assert_array_equal(out["reverse"], [15, 14, 12, 9, 5])
    np.testing.assert_array_equal(out["vector"][:, 1], [1.5, 3.5, 6.5, 10.5, 15.5])


def test_scan_structured_state(g):
    fib = tf.scan(lambda ab, _: (ab[1], ab[0] + ab[1]), tf.zeros([6], tf.int32),
                  initializer=(tf.constant(0), tf.constant(1)))
    assert isinstance(fib, tuple)
    with tf.Session() as sess:
        a, b = sess.run(fib)
    np.testing.assert_array_equal(a, [1, 1, 2, 3, 5, 8])
    np.testing.assert_array_equal(b, [1, 2, 3, 5, 8, 13])


def test_scan_structure_mismatch_raises(g):
    with pytest.raises(ValueError):
        tf.scan(lambda acc, v: acc + v, tf.constant([1.0, 2.0]), initializer=(tf.constant(0.0), tf.constant(0.0)))


def test_scan_gradient_matches_closed_form(g):
    x = tf.constant([1.0, 2.0, 3.0])
    w = tf.constant(0.5)
    ys = tf.scan(lambda acc, v: acc * w + v, x, initializer=tf.constant(0.0))
    gx, gw = tf.gradients(tf.reduce_sum(ys), [x, w])
    with tf.Session() as sess:
        y, a, b = sess.run([ys, gx, gw])
    # ys = [x0, x0 w + x1, x0 w^2 + x1 w + x2]
    np.testing.assert_allclose(y, [1.0, 2.5, 4.25])
    np.testing.assert_allclose(a, [1 + 0.5 + 0.25, 1 + 0.5, 1.0])
    np.testing.assert_allclose(b, [0.0 + 1.0 + (2 * 0.5 * 1.0 + 2.0)])


# ------------------------------------------------------------------ folds
def test_foldl_and_foldr_order(g):
    x = tf.constant([1, 2, 3])
    with tf.Session() as sess:
        out = sess.run({
            "foldl": tf.foldl(lambda acc, v: acc * 10 + v, x, initializer=0),
            "foldr": tf.foldr(lambda acc, v: acc * 10 + v, x, initializer=0),
            "foldl_no_init": tf.foldl(lambda acc, v: acc - v, x),
            "foldr_no_init": tf.foldr(lambda acc, v: acc - v, x),
        })
    assert out == {"foldl": 123, "foldr": 321, "foldl_no_init": -4, "foldr_no_init": 0}


def test_fold_structured_accumulator_and_gradient(g):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    total, product = tf.foldl(lambda acc, v: (acc[0] + v, acc[1] * v), x,
                              initializer=(tf.constant(0.0), tf.constant(1.0)))
    folded_right = tf.foldr(lambda acc, v: acc * v + 1.0, x[:3], initializer=2.0)
    with tf.Session() as sess:
        t, p, gp, gr = sess.run([total, product, tf.gradients(product, x)[0], tf.gradients(folded_right, x)[0]])
    assert (t, p) == (10.0, 24.0)
    np.testing.assert_allclose(gp, [24.0, 12.0, 8.0, 6.0])
    # foldr over [1, 2, 3] from 2: ((2*3 + 1)*2 + 1)*1 + 1 = x0*(x1*(2*x2 + 1) + 1) + 1
    np.testing.assert_allclose(gr, [15.0, 7.0, 4.0, 0.0])


# ------------------------------------------------------------------ devices
def test_map_fn_with_gradient_on_a_simulated_gpu():
    set_simulated_gpus(1)
    try:
        with tf.Graph().as_default():
            with tf.device("/gpu:0"):
                x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
                y = tf.reduce_sum(tf.map_fn(lambda r: r * r, x))
                grad = tf.gradients(y, x)[0]
            with tf.Session() as sess:
                value, g = sess.run([y, grad])
    finally:
        set_simulated_gpus(None)
    assert value == 30.0
    np.testing.assert_array_equal(g, [[2, 4], [6, 8]])
