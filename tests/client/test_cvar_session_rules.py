"""Session, feed and graph rules that the round-11 variations (x_cvar_*) found differing from TF."""
import numpy as np
import pytest

import tfsess as tf


def test_feeding_one_output_of_a_multi_output_op_keeps_the_fed_value():
    g = tf.Graph()
    with g.as_default():
        a, b = tf.split(tf.constant([1, 2]), 2)
        total = a + b
        x = tf.placeholder(tf.int32, [2])
        u, w = tf.split(x, 2)
        prod = u * w
    sess = tf.Session(graph=g)
    assert sess.run(total, {b: [10]}).tolist() == [11]
    assert sess.run(total, {a: [10]}).tolist() == [12]
    assert [v.tolist() for v in sess.run([a, b], {a: [5]})] == [[5], [2]]
    assert sess.run(prod, {x: [3, 4], w: [10]}).tolist() == [30]


def test_a_variable_fed_as_a_value_fails_as_numpy_does_in_tf():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [], name="x")
        v = tf.Variable(1.0)
        r = tf.Variable(1.0, use_resource=True)
    sess = tf.Session(graph=g)
    with pytest.raises(ValueError):
        sess.run(x, {x: v})
    with pytest.raises(NotImplementedError):
        sess.run(x, {x: r})
    with pytest.raises(TypeError):
        sess.run(x, {x: x})
    assert sess.run(x, {x: 2.0}) == 2.0


def test_feed_keys_are_checked_before_fetches():
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        a1 = tf.placeholder(tf.int64, name="p")
    with g2.as_default():
        tf.placeholder(tf.string, name="p")
    sess = tf.Session(graph=g2)
    with pytest.raises(TypeError):  # the key is from another graph: TypeError, before the fetch's ValueError
        sess.run(a1, {a1: 1})
    with pytest.raises(ValueError):
        sess.run(a1)


def test_control_dependencies_checks_its_inputs_on_the_call():
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(TypeError):
            tf.control_dependencies([1])
        with pytest.raises(KeyError):
            tf.control_dependencies("x")
        c = tf.no_op(name="c")
        with tf.control_dependencies([c]):
            d = tf.constant(1)
    assert d.op.control_inputs == [c]


def test_group_refuses_unknown_keywords_with_value_error():
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(ValueError, match="Unknown keyword arguments: x"):
            tf.group(x=1)
        assert tf.group(name="grp").name == "grp"


def test_local_is_not_a_session_target():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1)
    with pytest.raises(tf.errors.NotFoundError):
        tf.Session("local", graph=g)
    assert tf.Session(b"", graph=g).sess_str == b""


def test_partial_run_setup_bad_feed_keys_raise_attribute_error_as_tf():
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, [], name="a")
        r = a * 2.0
        sp = tf.sparse_placeholder(tf.float32, name="sp")
        d = tf.sparse_reduce_sum(sp)
    sess = tf.Session(graph=g)
    for key in (None, r.op, "nope:0"):
        with pytest.raises(AttributeError):
            sess.partial_run_setup([r], [key])
    h = sess.partial_run_setup([r], a)  # a single feed, not in a list
    assert sess.partial_run(h, r, {a: 2.0}) == 4.0
    h = sess.partial_run_setup([d], [sp])  # a sparse feed stands for its three tensors
    assert sess.partial_run(h, d, {sp: ([[0]], [3.0], [2])}) == 3.0


def test_accept_options_callable_without_feeds_takes_options_positionally():
    g = tf.Graph()
    with g.as_default():
        y = tf.constant(2.0) * 3.0
    sess = tf.Session(graph=g)
    f = sess.make_callable(y, accept_options=True)
    md = tf.RunMetadata()
    assert f() == 6.0
    assert f(tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), md) == 6.0
    assert len(md.step_stats.dev_stats) > 0
    with pytest.raises(AttributeError):
        f(1.0)
    with pytest.raises(TypeError):
        sess.make_callable(y)(options=tf.RunOptions())
    assert np.isclose(sess.make_callable(y)(), 6.0)


def test_list_devices_on_a_closed_session_is_cancelled():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1)
    sess = tf.Session(graph=g)
    assert any(d.device_type == "CPU" for d in sess.list_devices())
    sess.close()
    with pytest.raises(tf.errors.CancelledError):
        sess.list_devices()


def test_a_device_that_is_not_a_string_fails_as_tf_parses_it():
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(AttributeError):
            tf.device(7).__enter__()
        with pytest.raises(TypeError):
            tf.DeviceSpec.from_string(["/cpu:0"])


def test_soft_placement_never_moves_an_op_off_a_missing_job_or_task():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/device:GPU:3"):
            ok = tf.constant(1.0)
        with tf.device("/job:worker/task:0"):
            remote = tf.constant(2.0)
    config = tf.ConfigProto(allow_soft_placement=True, device_count={"GPU": 0})
    interactive = tf.InteractiveSession(graph=g, config=config)  # places only what a run needs
    try:
        assert ok.eval() == 1.0
        with pytest.raises(tf.errors.InvalidArgumentError):
            remote.eval()
    finally:
        interactive.close()


def test_run_metadata_that_is_no_proto_fails_after_the_step_as_tf():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0)
        inc = tf.assign_add(v, 1)
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    with pytest.raises(AttributeError):
        sess.run(inc, run_metadata="md")
    assert sess.run(v) == 1  # the step ran before TF reached the metadata


def test_tuple_of_no_tensors_is_a_value_error():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="at least one Tensor"):
            tf.tuple([])
        with pytest.raises(ValueError):
            tf.tuple([None])
