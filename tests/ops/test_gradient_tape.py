"""tf.GradientTape in graph mode: recorded ops only, watched sources, persistence, jacobians."""
import numpy as np
import pytest

import tfsess as tf


def _run(fetches):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess.run(fetches)


def test_ops_outside_the_recording_are_constants_to_the_gradient(g):
    x = tf.constant([1.0, 2.0, 3.0])
    before = x * x
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = before * x
        with tape.stop_recording():
            paused = x * 10.0
        total = tf.reduce_sum(y + paused)
    grad_x, grad_before = tape.gradient(total, [x, before])
    assert grad_before is None  # not watched
    np.testing.assert_allclose(_run(grad_x), [1.0, 4.0, 9.0])  # d(before * x)/dx with `before` constant


def test_trainable_variables_read_inside_are_watched_and_others_are_not(g):
    v = tf.Variable([1.0, 2.0], use_resource=True, name="v")
    frozen = tf.Variable(3.0, trainable=False, use_resource=True, name="frozen")
    ref = tf.Variable(2.0, name="ref")
    with tf.GradientTape(persistent=True) as tape:
        y = tf.reduce_sum(v * v) * frozen * ref
    assert [u.name for u in tape.watched_variables()] == ["v:0", "ref:0"]
    grads = tape.gradient(y, {"v": v, "frozen": frozen, "ref": ref})
    assert grads["frozen"] is None
    values = _run({"v": grads["v"], "ref": grads["ref"]})
    np.testing.assert_allclose(values["v"], [12.0, 24.0])
    assert values["ref"] == 15.0
    zero = tape.gradient(y, frozen, unconnected_gradients="zero")
    assert _run(zero) == 0.0


def test_a_non_persistent_tape_gives_one_set_of_gradients(g):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert _run(tape.gradient(y, x)) == 4.0
    with pytest.raises(RuntimeError, match="non-persistent GradientTape can only be used to compute one set"):
        tape.gradient(y, x)


def test_output_gradients_and_several_targets(g):
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * 3.0
        z = x * x
    np.testing.assert_allclose(_run(tape.gradient(y, x, output_gradients=tf.constant([2.0, -1.0]))), [6.0, -3.0])
    np.testing.assert_allclose(_run(tape.gradient([y, z], x)), [5.0, 7.0])


def test_jacobian_and_batch_jacobian_match_finite_rows(g):
    x = tf.constant([1.0, 2.0, 3.0])
    xb = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, xb])
        y = x * x * tf.reduce_sum(x)
        yb = tf.stack([xb[:, 0] * xb[:, 1], xb[:, 1] * 3.0], axis=1)
    jac, bjac = tape.jacobian(y, x), tape.batch_jacobian(yb, xb)
    assert jac.shape.as_list() == [3, 3] and bjac.shape.as_list() == [2, 2, 2]
    jv, bv = _run([jac, bjac])
    xs = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(jv, np.diag(2 * xs * xs.sum()) + np.outer(xs * xs, np.ones(3)))
    np.testing.assert_allclose(bv, [[[2.0, 1.0], [0.0, 3.0]], [[4.0, 3.0], [0.0, 3.0]]])
    assert tape.jacobian(y, tf.constant([1.0])) is None


def test_jacobian_needs_a_static_size_and_stop_recording_needs_recording(g):
    p = tf.placeholder(tf.float32, [None])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(p)
        y = p * 2.0
    with pytest.raises(ValueError, match="jacobian needs the number of elements"):
        tape.jacobian(y, p)
    with pytest.raises(RuntimeError, match="Trying to stop recording a tape which is not recording"):
        with tape.stop_recording():
            pass


def test_reset_forgets_what_was_recorded(g):
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        a = x * 5.0
        tape.reset()
        tape.watch(x)
        total = a + x * 7.0
    assert _run(tape.gradient(total, x)) == 7.0
