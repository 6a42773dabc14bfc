"""Session: run, fetch and feed rules, errors naming tensors, lifecycle, default sessions."""
import collections
import threading

import numpy as np
import pytest

import tfsess as tf

Pair = collections.namedtuple("Pair", ["first", "second"])


def test_fetch_structures_mirror_the_request(g):
    a = tf.constant(1)
    n = tf.no_op()
    c = tf.constant([2.0, 3.0])
    sess = tf.Session()
    out = sess.run({"x": [a, (n, c)], "p": Pair(a, a.name)})
    assert out["x"][0] == 1 and out["x"][1][0] is None
    np.testing.assert_array_equal(out["x"][1][1], [2.0, 3.0])
    assert isinstance(out["p"], Pair) and out["p"].second == 1
    od = sess.run(collections.OrderedDict([(2, a), (1, c)]))
    assert list(od) == [2, 1] and type(od) is collections.OrderedDict


def test_scalars_come_back_as_numpy_scalars_and_strings_as_bytes(g):
    x = tf.constant(3.0) * 2.0
    s = tf.constant("héllo")
    sess = tf.Session()
    value = sess.run(x)
    assert type(value) is np.float32 and value == 6.0
    assert sess.run(s) == "héllo".encode()


def test_repeated_fetch_runs_once(g):
    v = tf.Variable(0, name="counter")
    inc = tf.assign_add(v, 1)
    sess = tf.Session()
    sess.run(v.initializer)
    assert sess.run([inc, inc, {"again": inc}]) == [1, 1, {"again": 1}]
    assert sess.run(v) == 1


def test_bad_fetches(g):
    a = tf.constant(1.0)
    sess = tf.Session()
    for bad in (None, [None], 1, 2.5, {a}):
        with pytest.raises(TypeError):
            sess.run(bad)
    for missing in ("nope:0", "nope", "Const:1"):
        with pytest.raises(ValueError):
            sess.run(missing)
    with tf.Graph().as_default():
        foreign = tf.constant(1.0)
    with pytest.raises(ValueError, match="not an element of this graph"):
        sess.run(foreign)


def test_feed_shape_check_names_the_tensor(g):
    p = tf.placeholder(tf.float32, [None, 3], name="inp")
    sess = tf.Session()
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 2\) for Tensor inp:0, "
                                         r"which has shape \(\?, 3\)"):
        sess.run(p, {p: np.ones((2, 2))})


def test_feed_conversion_and_range_check(g):
    i = tf.placeholder(tf.int32, [], name="i")
    f = tf.placeholder(tf.float32, [None], name="f")
    sess = tf.Session()
    assert sess.run(i + 1, {i: 41}) == 42
    with pytest.raises(TypeError, match="i:0"):
        sess.run(i, {i: 2 ** 31})
    out = sess.run(f * 2.0, {f: np.array([1.5], dtype=np.float64)})
    assert out.dtype == np.float32
    fed = sess.run(i, {i: 5})
    assert isinstance(fed, np.ndarray) and fed.shape == ()  # a fed value comes back as fed


def test_feed_keys(g):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = x + 1.0
    sess = tf.Session()
    np.testing.assert_array_equal(sess.run(y, {"x:0": [1.0, 2.0]}), [2.0, 3.0])
    for bad_key in ("x", "nope:0", 1, None, x.op):
        with pytest.raises(TypeError):
            sess.run(y, {bad_key: [1.0, 2.0]})
    with pytest.raises(TypeError, match="cannot be a tf.Tensor"):
        sess.run(y, {x: tf.constant([1.0, 2.0])})


def test_unfed_placeholder_error_names_it_and_session_survives(g):
    x = tf.placeholder(tf.float32, [], name="my_input")
    v = tf.Variable(7.0, name="v")
    sess = tf.Session()
    sess.run(v.initializer)
    with pytest.raises(tf.errors.InvalidArgumentError, match="my_input") as info:
        sess.run(x * 2.0)
    assert info.value.op.name == "my_input" and info.value.error_code == 3
    assert sess.run(v) == 7.0 and sess.run(x * 2.0, {x: 1.0}) == 2.0


def test_runtime_error_names_the_op(g):
    shape = tf.placeholder(tf.int32, [None])
    r = tf.reshape(tf.constant([1.0, 2.0, 3.0, 4.0]), shape, name="reshaped")
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        sess.run(r, {shape: [3, 7]})
    assert info.value.op.name == "reshaped" and "reshaped" in str(info.value)
    np.testing.assert_array_equal(sess.run(r, {shape: [2, 2]}), [[1, 2], [3, 4]])


def test_lifecycle(g):
    c = tf.constant(1.0)
    sess = tf.Session()
    sess.close()
    sess.close()
    with pytest.raises(RuntimeError, match="closed Session"):
        sess.run(c)
    with tf.Session() as s2:
        assert tf.get_default_session() is s2
    with pytest.raises(RuntimeError):
        s2.run(c)
    with pytest.raises(RuntimeError, match="empty"):
        tf.Session(graph=tf.Graph()).run([])
    with pytest.raises(tf.errors.NotFoundError):
        tf.Session("grpc://nowhere:1")
    with pytest.raises(TypeError):
        tf.Session(config={"allow_soft_placement": True})


def test_context_manager_closes_on_exception(g):
    c = tf.constant(1.0)
    with pytest.raises(KeyError):
        with tf.Session() as sess:
            raise KeyError("boom")
    with pytest.raises(RuntimeError):
        sess.run(c)
    assert tf.get_default_session() is None


def test_default_session_is_per_thread(g):
    c = tf.constant(11.0)
    sess = tf.Session()
    seen = {}

    def worker():
        seen["none"] = tf.get_default_session() is None
        with pytest.raises(ValueError, match="No default session"):
            c.eval()

    with sess.as_default():
        assert c.eval() == 11.0
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert seen["none"]


def test_interactive_session_installs_itself(g):
    c = tf.constant([1.0, 2.0]) * 4.0
    sess = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is sess and tf.get_default_graph() is g
        np.testing.assert_array_equal(c.eval(), [4.0, 8.0])
        assert not hasattr(sess, "__enter__")
    finally:
        sess.close()
    assert tf.get_default_session() is None


def test_make_callable(g):
    x = tf.placeholder(tf.float32, [], name="x")
    y = x * 2.0
    sess = tf.Session()
    f = sess.make_callable(Pair(y, x), [x])
    assert f(3.0) == Pair(6.0, 3.0)
    with pytest.raises(TypeError):
        sess.make_callable(y, x)
    with pytest.raises(tf.errors.InvalidArgumentError):
        f()


def test_partial_run(g):
    a = tf.placeholder(tf.float32, [])
    b = tf.placeholder(tf.float32, [])
    r1 = a + b
    r2 = r1 * 3.0
    sess = tf.Session()
    h = sess.partial_run_setup([r1, r2], [a, b])
    assert sess.partial_run(h, r1, {a: 1.0, b: 2.0}) == 3.0
    assert sess.partial_run(h, r2) == 9.0
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.partial_run(h, r2)
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.partial_run(h, [], {a: 1.0})


def test_sparse_fetch_gives_sparse_tensor_value(g):
    sp = tf.SparseTensor(indices=[[0, 1]], values=[1.5], dense_shape=[2, 2])
    value = tf.Session().run(sp)
    assert isinstance(value, tf.SparseTensorValue)
    assert value.indices.dtype == np.int64 and value.values.tolist() == [1.5]


def test_fetched_arrays_are_private_copies(g):
    v = tf.Variable([1.0, 2.0])
    c = tf.constant([5.0, 6.0])
    sess = tf.Session()
    sess.run(v.initializer)
    fetched_v, fetched_c = sess.run([v, c])
    fetched_v[0] = 100.0
    fetched_c[0] = 100.0
    np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
    np.testing.assert_array_equal(sess.run(c), [5.0, 6.0])
