"""The bad-feed matrix: each bad feed raises TF 2.21's class (recorded from TensorFlow), the
session stays usable, and no variable changes."""
import numpy as np
import pytest

import tfsess as tf

# name -> (feed update, the class TF raises, or None where TF accepts the feed)
CASES = {
    "string to float": (lambda t: {t["x"]: ["a", "b"]}, ValueError),
    "wrong shape": (lambda t: {t["x"]: [1.0, 2.0, 3.0]}, ValueError),
    "wrong rank": (lambda t: {t["x"]: [[1.0, 2.0]]}, ValueError),
    "float to int": (lambda t: {t["i"]: 1.5}, None),
    "huge int to int32": (lambda t: {t["i"]: 2**40}, TypeError),
    "tensor as value": (lambda t: {t["x"]: t["c"]}, TypeError),
    "foreign tensor key": (lambda t: {t["foreign"]: [1.0, 2.0]}, TypeError),
    "unknown name key": (lambda t: {"nope:0": [1.0, 2.0]}, TypeError),
    "op name key": (lambda t: {"x": [1.0, 2.0]}, TypeError),
    "not feedable": (lambda t: {t["blocked"]: 1.0}, ValueError),
    "none value": (lambda t: {t["x"]: None}, ValueError),
    "ragged": (lambda t: {t["x"]: [1.0, [2.0]]}, ValueError),
    "object array": (lambda t: {t["x"]: np.array([object(), object()])}, TypeError),
    "int key": (lambda t: {3: 1.0}, TypeError),
    "bytes to int": (lambda t: {t["i"]: b"1"}, None),
    "list to scalar": (lambda t: {t["i"]: [1]}, ValueError),
    "dict value": (lambda t: {t["x"]: {"a": 1}}, TypeError),
}


@pytest.fixture(scope="module")
def model():
    g = tf.Graph()
    with g.as_default():
        t = {"x": tf.placeholder(tf.float32, [2], name="x"), "i": tf.placeholder(tf.int32, [], name="i"),
             "v": tf.Variable([1.0, 2.0], name="v"), "c": tf.constant(3.0, name="c")}
        t["out"] = tf.reduce_sum(t["x"] * t["v"]) + tf.cast(t["i"], tf.float32)
        t["update"] = tf.assign_add(t["v"], t["x"])
        t["blocked"] = tf.identity(t["c"], name="blocked")
        g.prevent_feeding(t["blocked"])
    with tf.Graph().as_default():
        t["foreign"] = tf.placeholder(tf.float32, [2], name="foreign")
    sess = tf.Session(graph=g)
    sess.run(t["v"].initializer)
    yield sess, t
    sess.close()


@pytest.mark.parametrize("case", list(CASES))
def test_bad_feed_raises_tfs_class_and_changes_nothing(model, case):
    sess, t = model
    make_feed, error = CASES[case]
    before = sess.run(t["v"]).copy()
    feed = {t["x"]: [1.0, 1.0], t["i"]: 1}
    feed.update(make_feed(t))
    if error is None:
        sess.run([t["out"], t["update"]], feed)
        assert sess.run(t["v"]).tolist() == (before + 1.0).tolist()
        sess.run(t["update"], {t["x"]: [-1.0, -1.0]})  # back to where it was
    else:
        with pytest.raises(error) as caught:
            sess.run([t["out"], t["update"]], feed)
        assert type(caught.value) is error, caught.value
    assert sess.run(t["v"]).tolist() == before.tolist()                       # no variable changed
    assert sess.run(t["out"], {t["x"]: [1.0, 0.0], t["i"]: 2}) == before[0] + 2  # the session is usable
