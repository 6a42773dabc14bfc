"""Tensor handles: values kept in a session between runs (get_session_handle and friends)."""
import gc

import numpy as np
import pytest

import tfsess as tf
from tfsess.client.session_handles import TensorHandle

CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


def test_fetching_a_handle_gives_a_tensor_handle_that_reads_back(g):
    c = tf.multiply(tf.constant(10.0), tf.constant(5.0))
    h = tf.get_session_handle(c)
    assert h.op.type == "GetSessionHandle" and h.dtype == tf.string and h.shape == ()
    with tf.Session() as sess:
        first, second = sess.run(h), sess.run(h)
        assert isinstance(first, TensorHandle)
        assert first.handle == f"GetSessionHandle;0;{CPU}" and str(second) == f"GetSessionHandle;1;{CPU}"
        assert first.eval() == 50.0
        p, t = tf.get_session_tensor(first.handle, tf.float32)
        assert p.dtype == tf.string and t.op.type == "GetSessionTensor" and t.device == CPU
        assert sess.run(t * 10, feed_dict={p: first.handle}) == 500.0


def test_a_handle_chains_runs_and_feeds_any_tensor(g):
    a = tf.constant([1.0, 2.0])
    with tf.Session() as sess:
        h = sess.run(tf.get_session_handle(a * 3))
        assert sess.run(a + 1, feed_dict={a: h}).tolist() == [4.0, 7.0]  # the handle's value replaces a
        b = tf.constant([1, 2])
        with pytest.raises(tf.errors.InvalidArgumentError, match="Expects arg\\[0\\] to be int32 but float"):
            sess.run(b + 1, feed_dict={b: h})
        assert sess.run(a * 2).tolist() == [2.0, 4.0]  # the session is still usable


def test_stored_value_is_a_snapshot_of_a_variable(g):
    v = tf.Variable([3.0, 4.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        h = sess.run(tf.get_session_handle(v.read_value() + 1.0))
        sess.run(v.assign([9.0, 9.0]))
        assert h.eval().tolist() == [4.0, 5.0]


def test_deleted_handles_raise_tf_errors(g):
    h_t = tf.get_session_handle(tf.constant(1.0))
    with tf.Session() as sess:
        h = sess.run(h_t)
        p, t = tf.get_session_tensor(h.handle, tf.float32)
        holder, deleter = tf.delete_session_tensor(h.handle)
        assert deleter.type == "DeleteSessionTensor"
        assert sess.run(deleter, feed_dict={holder: h.handle}) is None
        with pytest.raises(tf.errors.InvalidArgumentError, match="is not in the session store"):
            sess.run(t, feed_dict={p: h.handle})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Failed to delete a tensor with handle"):
            sess.run(deleter, feed_dict={holder: h.handle})
        h2 = sess.run(h_t)
        h2.delete()
        with pytest.raises(TypeError, match="may have already been deleted"):
            h2.eval()
        with pytest.raises(TypeError, match="may have already been deleted"):
            h2.delete()
        with pytest.raises(tf.errors.InvalidArgumentError, match="is not in the session store"):
            sess.run(t, feed_dict={t: h2})


def test_wrong_dtype_read_is_an_internal_error(g):
    with tf.Session() as sess:
        h = sess.run(tf.get_session_handle(tf.constant(1.0)))
        p, t = tf.get_session_tensor(h.handle, tf.int32)
        with pytest.raises(tf.errors.InternalError, match="Output 0 of type float does not match declared output "
                                                          "type int32"):
            sess.run(t, feed_dict={p: h.handle})


def test_handles_are_per_session_and_die_with_it(g):
    h_t = tf.get_session_handle(tf.constant([1, 2]))
    s1, s2 = tf.Session(), tf.Session()
    h = s1.run(h_t)
    p, t = tf.get_session_tensor(h.handle, tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="is not in the session store"):
        s2.run(t, feed_dict={p: h.handle})
    assert s1.run(t, feed_dict={p: h.handle}).tolist() == [1, 2]
    raw = h.get_raw_handle()
    s1.close()
    s3 = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError, match="is not in the session store"):
        s3.run(t, feed_dict={p: raw})
    s2.close()
    s3.close()


def test_dropped_handles_are_deleted_in_batches_of_ten(g):
    h_t = tf.get_session_handle(tf.constant(1.0))
    with tf.Session() as sess:
        names = []
        for _ in range(10):
            names.append(sess.run(h_t).handle)  # dropped at once
            gc.collect()
        p, t = tf.get_session_tensor(names[0], tf.float32)
        for name in names:
            with pytest.raises(tf.errors.InvalidArgumentError, match="is not in the session store"):
                sess.run(t, feed_dict={p: name})


def test_get_session_handle_refuses_non_tensors(g):
    with pytest.raises(TypeError, match="`data` must be of type Tensor."):
        tf.get_session_handle(1.0)
    with pytest.raises(TypeError, match="`data` must be of type Tensor."):
        tf.get_session_handle(tf.Variable(1.0))


def test_a_fetched_handle_in_a_structure_and_twice(g):
    a = tf.constant(np.arange(3))
    h_t = tf.get_session_handle(a)
    with tf.Session() as sess:
        out = sess.run({"h": h_t, "a": a, "hs": [h_t, h_t]})
        assert isinstance(out["h"], TensorHandle) and out["a"].tolist() == [0, 1, 2]
        assert out["hs"][0].handle == out["hs"][1].handle == out["h"].handle
