"""tf.TensorArray: values, static shapes, TF's run-time errors, while_loop use and gradients."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


def _fd_grad(f, x, eps=1e-3):
    """Central finite differences of the scalar function `f` at the float64 array `x`."""
    grad = np.zeros_like(x)
    for pos in np.ndindex(*x.shape):
        hi, lo = x.copy(), x.copy()
        hi[pos] += eps
        lo[pos] -= eps
        grad[pos] = (f(hi) - f(lo)) / (2 * eps)
    return grad


# ------------------------------------------------------------------ values and graph
def test_write_read_stack_size_and_static_shapes(g):
    ta = tf.TensorArray(tf.float32, size=3)
    ta = ta.write(0, [1.0, 2.0]).write(1, [3.0, 4.0]).write(2, [5.0, 6.0])
    stacked = ta.stack()
    assert stacked.shape.as_list() == [3, 2]
    assert ta.element_shape.as_list() == [2]
    assert ta.dtype == tf.float32
    with tf.Session() as sess:  # one run each: stack and read both clear what they read
        s, r, n = sess.run(stacked), sess.run(ta.read(1)), sess.run(ta.size())
    np.testing.assert_array_equal(s, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(r, [3, 4])
    assert n == 3


def test_graph_uses_tf_op_types(g):
    ta = tf.TensorArray(tf.int32, size=2).unstack([1, 2])
    ta.stack()
    ta.grad("gradients")
    types = {op.type for op in g.get_operations()}
    assert {"TensorArrayV3", "TensorArrayScatterV3", "TensorArrayGatherV3", "TensorArrayGradV3"} <= types
    assert ta.handle.dtype == tf.resource and ta.flow.dtype == tf.float32


def test_unstack_gather_scatter_concat_split(g):
    x = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8]])
    ta = tf.TensorArray(tf.int32, size=4).unstack(x)
    sc = tf.TensorArray(tf.float32, size=3).scatter([2, 0, 1], [[10.0, 11.0], [12.0, 13.0], [14.0, 15.0]])
    cat = tf.TensorArray(tf.float32, size=3, infer_shape=False).write(0, [1.0]).write(1, [2.0, 3.0]).write(2, [4.0])
    sp = tf.TensorArray(tf.float32, size=3, infer_shape=False).split([1.0, 2.0, 3.0, 4.0, 5.0], [2, 0, 3])
    joined = cat.concat()
    with tf.Session() as sess:
        gathered, scattered, (joined, lengths), pieces = sess.run(
            [ta.gather([3, 0]), sc.stack(), (joined, joined.op.outputs[1]), [sp.read(0), sp.read(1), sp.read(2)]])
    np.testing.assert_array_equal(gathered, [[7, 8], [1, 2]])
    np.testing.assert_array_equal(scattered, [[12, 13], [14, 15], [10, 11]])
    np.testing.assert_array_equal(joined, [1, 2, 3, 4])
    np.testing.assert_array_equal(lengths, [1, 2, 1])
    assert [p.tolist() for p in pieces] == [[1.0, 2.0], [], [3.0, 4.0, 5.0]]


def test_dynamic_size_grows_and_fills_gaps_with_zeros(g):
    ta = tf.TensorArray(tf.float32, size=1, dynamic_size=True, element_shape=[2])
    ta = ta.write(0, [1.0, 1.0]).write(3, [2.0, 2.0])
    with tf.Session() as sess:
        n, s = sess.run([ta.size(), ta.stack()])
    assert n == 4
    np.testing.assert_array_equal(s, [[1, 1], [0, 0], [0, 0], [2, 2]])


def test_clear_after_read_false_allows_rereads(g):
    ta = tf.TensorArray(tf.float32, size=1, clear_after_read=False).write(0, 5.0)
    first = ta.read(0)
    with tf.control_dependencies([first]):
        second = ta.read(0) + 1.0
    with tf.Session() as sess:
        assert sess.run([first, second]) == [5.0, 6.0]


def test_each_run_and_each_session_gets_its_own_array(g):
    ta = tf.TensorArray(tf.float32, size=1).write(0, 3.0)
    value = ta.read(0)
    sess_a, sess_b = tf.Session(), tf.Session()
    # a cleared-after-read element would fail a second run if the array leaked between runs
    assert sess_a.run(value) == 3.0
    assert sess_a.run(value) == 3.0
    assert sess_b.run(value) == 3.0
    sess_a.close()
    sess_b.close()


def test_identity_and_close(g):
    ta = tf.TensorArray(tf.float32, size=1).write(0, 2.0)
    same = ta.identity()
    assert same.flow.op.type == "Identity"
    closed = ta.close()
    assert closed.type == "TensorArrayCloseV3"
    with tf.Session() as sess:
        assert sess.run(same.read(0)) == 2.0
        sess.run(closed)
        assert sess.run(ta.flow) == 0.0  # a flow fetches as TF's 0.0


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize("build, cls, text", [
    (lambda: tf.TensorArray(tf.float32, size=2).read(0),
     errors.InvalidArgumentError, "Could not read from TensorArray index 0.  Furthermore, the element shape"),
    (lambda: tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(0, 2.0).flow,
     errors.InvalidArgumentError, "Could not write to TensorArray index 0 because it has already been written to."),
    (lambda: tf.TensorArray(tf.float32, size=2).write(2, 1.0).flow,
     errors.InvalidArgumentError, "Tried to write to index 2 but array is not resizeable and size is: 2"),
    (lambda: tf.TensorArray(tf.float32, size=2).write(0, 1.0).read(5),
     errors.InvalidArgumentError, "Tried to read from index 5 but array size is: 2"),
    (lambda: tf.TensorArray(tf.float32, size=2).write(0, tf.constant(1)).flow,
     errors.InvalidArgumentError, "TensorArray dtype is float but Op is trying to write dtype int32."),
    (lambda: tf.TensorArray(tf.float32, size=2).scatter([0, 5], [1.0, 2.0]).flow,
     errors.InvalidArgumentError, "Max scatter index must be < array size (5 vs. 2)"),
    (lambda: tf.TensorArray(tf.float32, size=3).split([1.0, 2.0, 3.0], [1, 1, 2]).flow,
     errors.InvalidArgumentError, "Expected sum of lengths to be equal to values.shape[0]"),
    (lambda: tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0]).write(1, [2.0, 3.0]).stack(),
     errors.InvalidArgumentError, "TensorArray has inconsistent shapes.  Index 0 has shape: [1] but index 1"),
    (lambda: tf.TensorArray(tf.float32, size=0).stack(),
     errors.UnimplementedError, "TensorArray has size zero, but element shape <unknown> is not fully defined"),
])
def test_run_time_errors_name_the_op(g, build, cls, text):
    fetch = build()
    with tf.Session() as sess:
        with pytest.raises(cls) as info:
            sess.run(fetch)
        assert text in info.value.message
        assert info.value.op is not None and info.value.op.type.startswith("TensorArray")
        # the session stays usable after a failed run
        assert sess.run(tf.constant(1.0)) == 1.0


def test_second_read_of_cleared_element_fails(g):
    ta = tf.TensorArray(tf.float32, size=1).write(0, 1.0)
    first = ta.read(0)
    with tf.control_dependencies([first]):
        second = ta.read(0)
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="Could not read index 0 twice because it was cleared"):
            sess.run(second)


def test_value_shape_mismatch_at_run_time_names_the_array(g):
    p = tf.placeholder(tf.float32)
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[2], tensor_array_name="acc").write(0, p)
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match=r"TensorArray acc: Could not write to TensorArray "
                                                              r"index 0 because the value shape is \[3\]"):
            sess.run(ta.flow, {p: [1.0, 2.0, 3.0]})


def test_static_errors(g):
    with pytest.raises(ValueError, match="Argument `size` must be provided"):
        tf.TensorArray(tf.float32)
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[2])
    with pytest.raises(ValueError, match=r"Inconsistent shapes: saw \(3,\) but expected \(2,\)"):
        ta.write(0, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.TensorArray(tf.float32, size=2).scatter([0, 1], [1.0, 2.0, 3.0])


# ------------------------------------------------------------------ while_loop
def test_while_loop_carries_tensor_arrays(g):
    x = tf.placeholder(tf.float32, [None, 2])
    steps = tf.shape(x)[0]
    inp = tf.TensorArray(tf.float32, size=steps).unstack(x)
    out = tf.TensorArray(tf.float32, size=steps)

    def body(t, running, acc):
        running = running + inp.read(t)
        return t + 1, running, acc.write(t, running)

    _, total, out = tf.while_loop(lambda t, *_: t < steps, body, [0, tf.zeros([2]), out])
    assert isinstance(out, tf.TensorArray)
    with tf.Session() as sess:
        t, s = sess.run([total, out.stack()], {x: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]})
    np.testing.assert_array_equal(t, [9, 12])
    np.testing.assert_array_equal(s, [[1, 2], [4, 6], [9, 12]])


def test_dynamic_array_in_while_loop(g):
    def body(i, ta):
        return i + 1, ta.write(i, i * 10)

    _, ta = tf.while_loop(lambda i, ta: i < 4, body, [0, tf.TensorArray(tf.int32, size=0, dynamic_size=True)])
    with tf.Session() as sess:
        n, s = sess.run([ta.size(), ta.stack()])
    assert n == 4
    np.testing.assert_array_equal(s, [0, 10, 20, 30])


# ------------------------------------------------------------------ gradients
def test_gradients_of_gather_and_stack(g):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    ta = tf.TensorArray(tf.float32, size=4).unstack(x)
    y = tf.reduce_sum(ta.gather([0, 3]) * tf.constant([2.0, 5.0]))
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(tf.gradients(y, x)[0]), [2, 0, 0, 5])


def test_gradients_of_split_and_concat(g):
    x = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    sp = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(x, [2, 4])
    y = tf.reduce_sum(sp.read(1) * tf.constant([1.0, 2.0, 3.0, 4.0]))
    rows = tf.reshape(x, [3, 2])
    cat = tf.TensorArray(tf.float32, size=3).unstack(rows).concat()
    z = tf.reduce_sum(cat * tf.range(6, dtype=tf.float32))
    with tf.Session() as sess:
        gy, gz = sess.run([tf.gradients(y, x)[0], tf.gradients(z, rows)[0]])
    np.testing.assert_array_equal(gy, [0, 0, 1, 2, 3, 4])
    np.testing.assert_array_equal(gz, [[0, 1], [2, 3], [4, 5]])


def test_gradients_through_while_loop_match_finite_differences(g):
    x_value = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]])
    w_value = np.array([[0.5, -0.2], [0.1, 0.3]])
    x = tf.placeholder(tf.float64, [3, 2])
    w = tf.placeholder(tf.float64, [2, 2])
    inp = tf.TensorArray(tf.float64, size=3).unstack(x)

    def body(t, h, out):
        h = tf.tanh(tf.matmul(tf.expand_dims(inp.read(t), 0), w) + h)
        return t + 1, h, out.write(t, h[0])

    _, last, out = tf.while_loop(lambda t, *_: t < 3, body,
                                 [0, tf.zeros([1, 2], tf.float64), tf.TensorArray(tf.float64, size=3)])
    loss = tf.reduce_sum(out.stack() ** 2) + tf.reduce_sum(last)
    gx, gw = tf.gradients(loss, [x, w])
    with tf.Session() as sess:
        got_x, got_w = sess.run([gx, gw], {x: x_value, w: w_value})
        want_x = _fd_grad(lambda v: sess.run(loss, {x: v, w: w_value}), x_value)
        want_w = _fd_grad(lambda v: sess.run(loss, {x: x_value, w: v}), w_value)
    np.testing.assert_allclose(got_x, want_x, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(got_w, want_w, rtol=1e-5, atol=1e-8)


def test_two_gradient_calls_keep_separate_gradient_arrays(g):
    x = tf.constant([1.0, 2.0])
    stacked = tf.TensorArray(tf.float32, size=2).unstack(x).stack()
    g1 = tf.gradients(tf.reduce_sum(stacked * 3.0), x)[0]
    g2 = tf.gradients(tf.reduce_sum(stacked * 5.0), x)[0]
    with tf.Session() as sess:
        a, b = sess.run([g1, g2])
    np.testing.assert_array_equal(a, [3, 3])
    np.testing.assert_array_equal(b, [5, 5])
