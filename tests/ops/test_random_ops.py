"""Random ops: TF's seeding rule, per-session streams, shapes, dtypes and argument errors."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.framework.graph_api import get_seed


def build(seed_graph=None, **kwargs):
    g = tf.Graph()
    with g.as_default():
        if seed_graph is not None:
            tf.set_random_seed(seed_graph)
        tf.constant(0.0)  # some other op first, as in real graphs
        out = tf.random_normal([3], **kwargs)
    return g, out


def draws(g, out, runs=2):
    with tf.Session(graph=g) as sess:
        return [sess.run(out) for _ in range(runs)]


def test_get_seed_rule():
    with tf.Graph().as_default():
        assert get_seed(None) == (None, None)
        assert get_seed(7) == (87654321, 7)
        tf.set_random_seed(5)
        tf.constant(1)
        tf.constant(2)
        assert get_seed(None) == (5, 0)  # op seed: earlier graph-seeded calls, as TF 2's counter
        assert get_seed(None) == (5, 1)
        assert get_seed(2**31 + 3) == (5, 4)
        assert get_seed(None) == (5, 2)  # an explicit op seed does not count
        tf.set_random_seed(0)
        assert get_seed(0) == (0, 2**31 - 1)


def test_seeded_ops_repeat_in_every_new_session_and_advance_within_one():
    for kwargs, graph_seed in (({"seed": 3}, None), ({}, 11), ({"seed": 4}, 11)):
        g, out = build(graph_seed, **kwargs)
        first = draws(g, out)
        again = draws(g, out)
        np.testing.assert_array_equal(first[0], again[0])
        np.testing.assert_array_equal(first[1], again[1])
        assert not np.array_equal(first[0], first[1])


def test_graphs_built_alike_draw_alike_and_seeds_matter():
    a = draws(*build(11))[0]
    b = draws(*build(11))[0]
    c = draws(*build(12))[0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_unseeded_ops_differ_between_sessions():
    g, out = build()
    assert not np.array_equal(draws(g, out, 1)[0], draws(g, out, 1)[0])


def test_one_fetch_of_a_random_tensor_is_drawn_once_per_run():
    with tf.Graph().as_default():
        r = tf.random_uniform([4], seed=1)
        with tf.Session() as sess:
            a, b = sess.run([r, r])
            c = sess.run(r + 0)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_distributions_shapes_and_dtypes():
    with tf.Graph().as_default():
        n = tf.placeholder(tf.int32, [])
        normal = tf.random_normal([2, 2000], mean=5.0, stddev=0.5, seed=1)
        trunc = tf.truncated_normal([4000], stddev=2.0, dtype=tf.float64, seed=2)
        uni = tf.random_uniform([4000], -2.0, 3.0, seed=3)
        ints = tf.random_uniform([4000], 2, 6, dtype=tf.int64, seed=4)
        dyn = tf.random_uniform(tf.stack([n, 3]))
        assert normal.shape.as_list() == [2, 2000] and dyn.shape.as_list() == [None, 3]
        assert trunc.dtype == tf.float64 and ints.dtype == tf.int64
        with tf.Session() as sess:
            v_normal, v_trunc, v_uni, v_ints, v_dyn = sess.run([normal, trunc, uni, ints, dyn], {n: 2})
    assert abs(v_normal.mean() - 5.0) < 0.05 and abs(v_normal.std() - 0.5) < 0.05
    assert np.abs(v_trunc).max() <= 4.0 and v_trunc.dtype == np.float64
    assert v_uni.min() >= -2.0 and v_uni.max() < 3.0
    assert set(np.unique(v_ints)) == {2, 3, 4, 5}
    assert v_dyn.shape == (2, 3)


def test_shuffle_and_multinomial():
    with tf.Graph().as_default():
        s = tf.random_shuffle(tf.reshape(tf.range(10), [5, 2]), seed=1)
        logits = tf.log([[0.0, 1.0], [1.0, 0.0]])
        m = tf.multinomial(logits, 6, seed=2)
        c = tf.random.categorical(logits, 3, dtype=tf.int32, seed=2)
        assert m.dtype == tf.int64 and m.shape.as_list() == [2, 6] and c.dtype == tf.int32
        with tf.Session() as sess:
            vs, vm, vc = sess.run([s, m, c])
    assert sorted(vs[:, 0].tolist()) == [0, 2, 4, 6, 8] and (vs[:, 1] == vs[:, 0] + 1).all()
    assert vm[0].tolist() == [1] * 6 and vm[1].tolist() == [0] * 6 and vc.tolist() == [[1] * 3, [0] * 3]


def test_argument_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="maxval"):
            tf.random_uniform([2], dtype=tf.int32)
        with pytest.raises(ValueError):
            tf.random_uniform([2], dtype=tf.string)
        with pytest.raises(TypeError, match="Expected int32"):  # as TF: the mean 0.0 does not convert
            tf.random_normal([2], dtype=tf.int32)
        with pytest.raises(TypeError, match="not in list of allowed values"):
            tf.truncated_normal([2], mean=0, stddev=1, dtype=tf.int32)
        lo = tf.placeholder(tf.int32, [])
        r = tf.random_uniform([2], lo, 3, dtype=tf.int32)
        with pytest.raises(errors.InvalidArgumentError, match="minval < maxval"):
            tf.Session().run(r, {lo: 3})


def test_random_namespace_aliases():
    assert tf.random.normal is tf.random_normal and tf.random.uniform is tf.random_uniform
    assert tf.random.shuffle is tf.random_shuffle and tf.random.truncated_normal is tf.truncated_normal
