"""Defects the round-12 second-pass variations of the public ops/sparse/train/queue/reader cases exposed
(each compared with TF 2.21)."""
import pytest

import tfsess as tf


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def test_gather_nd_batch_dims_pairs_leading_axes():
    params = tf.reshape(tf.range(24, dtype=tf.int64), [2, 3, 4])
    sess = tf.Session()
    one = tf.gather_nd(params, [[1], [2]], batch_dims=1)
    assert one.shape.as_list() == [2, 4]
    assert sess.run(one).tolist() == [[4, 5, 6, 7], [20, 21, 22, 23]]
    deep = tf.gather_nd(params, [[[0, 3], [2, 1]], [[1, 0], [0, 0]]], batch_dims=1)
    assert deep.shape.as_list() == [2, 2]
    assert sess.run(deep).tolist() == [[3, 9], [16, 12]]
    both = tf.gather_nd(params, tf.constant([[[3], [0], [1]], [[1], [1], [2]]]), batch_dims=2)
    assert both.shape.as_list() == [2, 3]
    assert sess.run(both).tolist() == [[3, 4, 9], [13, 17, 22]]
    with pytest.raises(ValueError, match="must be less than rank"):
        tf.gather_nd(params, [[1], [2]], batch_dims=2)


def test_gather_nd_batch_dims_with_unknown_batch():
    p = tf.placeholder(tf.float32, [None, 3])
    i = tf.placeholder(tf.int32, [None, 2, 1])
    out = tf.gather_nd(p, i, batch_dims=1)
    assert out.shape.as_list() == [None, 2]
    got = tf.Session().run(out, {p: [[1, 2, 3], [4, 5, 6]], i: [[[2], [0]], [[1], [1]]]})
    assert got.tolist() == [[3, 1], [5, 5]]


def _loop_and_gradient():
    x = tf.placeholder(tf.float32, [])
    _, acc = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x + 1.0), [0, tf.constant(1.0)])
    return x, acc, tf.gradients(acc, x, name="loopgrad")[0]


def test_loop_gradient_keeps_its_name_in_an_exported_graph():
    x, acc, g = _loop_and_gradient()
    gd = tf.get_default_graph().as_graph_def()
    assert any(n.name == g.op.name and n.op == "IdentityN" for n in gd.node)
    with tf.Graph().as_default():
        xi, gi, ai = tf.import_graph_def(gd, return_elements=[x.name, g.name, acc.name], name="r")
        assert tf.Session().run([gi, ai], {xi: 2.0}) == [17.0, 15.0]  # d/dx (x^3 + x^2 + x + 1) at 2


def test_second_order_loop_gradient_is_tf_type_error():
    x, _, g = _loop_and_gradient()
    with pytest.raises(TypeError, match="Second-order gradient for while loops not supported"):
        tf.gradients(g, x)


def test_priority_queue_up_to_on_closed_queue_follows_tf():
    """TF's PriorityQueue fills a batch only whole: a closed queue short of it yields OutOfRange, and
    dequeue_up_to takes the rest first (lost), so size reads 0 afterwards."""
    q = tf.PriorityQueue(10, [tf.int32], shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many(([4, 0, 3, 1, 2], [40, 0, 30, 10, 20])))
    sess.run(q.close())
    up_to = q.dequeue_up_to(3)
    prio, vals = sess.run(up_to)
    assert prio.tolist() == [0, 1, 2] and vals.tolist() == [0, 10, 20]
    assert sess.run(q.size()) == 2
    with pytest.raises(tf.errors.OutOfRangeError, match=r"requested 1, current size 0"):
        sess.run(up_to)
    assert sess.run(q.size()) == 0


def test_priority_queue_dequeue_many_on_closed_short_queue_keeps_elements():
    q = tf.PriorityQueue(10, [tf.int32], shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many(([1, 2, 3], [1, 2, 3])))
    sess.run(q.close())
    with pytest.raises(tf.errors.OutOfRangeError, match=r"requested 4, current size 3"):
        sess.run(q.dequeue_many(4))
    assert sess.run(q.size()) == 3
    assert sess.run(q.dequeue_many(3))[0].tolist() == [1, 2, 3]
