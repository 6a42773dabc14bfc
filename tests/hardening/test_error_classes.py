"""Error classes as TF 2.21 raises them: integer division by zero per op, odd string feeds, and the
numerics checks (check_numerics, verify_tensor_all_finite, add_check_numerics_ops)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors

TRUNCATING = "Unexpected error in binary operator (only integer div and mod should have errors)"


@pytest.mark.parametrize("op, error, text", [
    (tf.truncatediv, errors.InternalError, TRUNCATING),
    (tf.truncatemod, errors.InternalError, TRUNCATING),
    (tf.floordiv, errors.InvalidArgumentError, "Integer division by zero"),
    (tf.floormod, errors.InvalidArgumentError, "Integer division by zero"),
    (tf.div, errors.InvalidArgumentError, "Integer division by zero"),
], ids=["truncatediv", "truncatemod", "floordiv", "floormod", "div"])
@pytest.mark.parametrize("dtype", [tf.int32, tf.int64])
def test_integer_division_by_zero(fresh_graph, op, error, text, dtype):
    y = tf.placeholder(dtype, [2])
    q = op(tf.constant([7, 9], dtype), y)
    with tf.Session() as sess:
        with pytest.raises(error) as caught:
            sess.run(q, {y: [2, 0]})
        assert type(caught.value) is error and text in str(caught.value)
        assert caught.value.op is q.op
        quotient = op in (tf.truncatediv, tf.floordiv, tf.div)
        assert sess.run(q, {y: [2, 4]}).tolist() == ([3, 2] if quotient else [1, 1])  # still usable


@pytest.mark.parametrize("value, expected", [
    (1.5, 1.5), ([1.5, 2.0], [1.5, 2.0]), (np.array([1.5, 2.25]), [1.5, 2.25]), (None, None),
])
def test_a_float_fed_to_a_string_placeholder_passes_as_tf_does(fresh_graph, value, expected):
    s = tf.placeholder(tf.string)
    joined = tf.strings.join([s, "x"], name="joined")
    with tf.Session() as sess:
        fetched = sess.run(s, {s: value})                   # fetched back as the object TF keeps
        assert fetched.dtype == object
        assert np.asarray(fetched).tolist() == expected
        with pytest.raises(errors.InternalError, match="Unsupported object type (float|NoneType)"):
            sess.run(joined, {s: value})                    # an op reading it refuses it
        assert sess.run(joined, {s: "a"}) == b"ax"          # the session stays usable


def test_ints_and_bools_fed_to_a_string_placeholder_are_type_errors(fresh_graph):
    s = tf.placeholder(tf.string)
    with tf.Session() as sess:
        for value in (3, True):
            with pytest.raises(TypeError, match="is not compatible with Tensor type <class 'object'>"):
                sess.run(s, {s: value})
        assert sess.run(s, {s: ["a", b"b"]}).tolist() == ["a", b"b"]  # a fetched feed comes back as fed, as TF


@pytest.mark.parametrize("check", [tf.check_numerics, tf.debugging.check_numerics])
def test_check_numerics_names_the_message_and_tensor(fresh_graph, check):
    x = tf.placeholder(tf.float32, [2])
    checked = check(x * 2.0, "doubled input")
    grad = tf.gradients(tf.reduce_sum(checked), x)[0]
    with tf.Session() as sess:
        for bad, kind in ((np.nan, "NaN"), (np.inf, "Inf")):
            with pytest.raises(errors.InvalidArgumentError) as caught:
                sess.run(checked, {x: [1.0, bad]})
            assert str(caught.value).startswith(f"doubled input : Tensor had {kind} values")
            assert caught.value.op is checked.op and "{{node CheckNumerics}}" in str(caught.value)
        assert sess.run(checked, {x: [1.0, 2.0]}).tolist() == [2.0, 4.0]
        assert sess.run(grad, {x: [1.0, 2.0]}).tolist() == [2.0, 2.0]  # the gradient passes through


def test_verify_tensor_all_finite_is_built_as_tf_builds_it(fresh_graph):
    x = tf.placeholder(tf.float32, [1])
    out = tf.verify_tensor_all_finite(x, "must be finite")
    assert out.name == "VerifyFinite/control_dependency:0"
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="must be finite : Tensor had NaN values") as caught:
            sess.run(out, {x: [np.nan]})
        assert caught.value.op.name == "VerifyFinite/CheckNumerics"
        assert sess.run(out, {x: [3.0]}).tolist() == [3.0]


def test_add_check_numerics_ops_checks_every_float_tensor(fresh_graph):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.log(x, name="logx")
    total = tf.reduce_sum(y * 2.0, name="total")
    tf.cond(total > 0, lambda: tf.constant(1), lambda: tf.constant(2))  # int tensors in a branch are fine
    check = tf.add_check_numerics_ops()
    assert (check.type, check.name) == ("NoOp", "group_deps")
    with tf.Session() as sess:
        value, _ = sess.run([total, check], {x: [1.0, 2.0]})
        assert value == pytest.approx(2 * np.log(2.0))
        with pytest.raises(errors.InvalidArgumentError, match="logx:0 : Tensor had NaN values"):
            sess.run([total, check], {x: [-1.0, 2.0]})
        assert sess.run(total, {x: [1.0, 1.0]}) == 0.0


@pytest.mark.parametrize("build", [lambda t: tf.cond(t > 0, lambda: t * 2.0, lambda: t),
                                   lambda t: tf.while_loop(lambda i: i < 3.0, lambda i: i + 1.0, [t]),
                                   lambda t: tf.Assert(t > 0, [t])])
def test_add_check_numerics_ops_refuses_float_tensors_in_control_flow(fresh_graph, build):
    build(tf.placeholder(tf.float32, [], name="t"))
    with pytest.raises(ValueError, match="not compatible with TensorFlow control flow"):
        tf.add_check_numerics_ops()
