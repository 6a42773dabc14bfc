"""tf.train.Checkpoint: TF's object-based format, read from checkpoints TF wrote (fixtures/objckpt, made by
fixtures/make_tf_objckpt_fixtures.py) and written so that the object graph matches TF's byte for byte."""
import os

import numpy as np
import pytest

import tfsess as tf
from tfsess.train import trackable

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "objckpt")
ADAM = os.path.join(FIXTURES, "adam", "ckpt-1")


def _adam_program(fill):
    """The program of the adam fixture: a module, an Adam optimizer and a variable."""
    model = tf.Module(name="model")
    model.w = tf.Variable(np.float32([[1, 2], [3, 4]]) if fill is None else np.zeros([2, 2], np.float32), name="w")
    model.layers = [tf.Variable(3.0 if fill is None else 0.0, name="b")]
    model.d = {"x": tf.Variable(5 if fill is None else 0, name="x")}
    v = tf.Variable(7.0 if fill is None else 0.0, name="v")
    opt = tf.train.AdamOptimizer(0.1)
    train = opt.minimize(tf.reduce_sum(model.w) * v + model.layers[0])
    return model, opt, v, train, tf.train.Checkpoint(model=model, opt=opt, v=v)


def test_restores_tf_checkpoint_with_slots_and_non_slot_variables(g):
    model, opt, v, _, ck = _adam_program(fill=0)
    status = ck.restore(ADAM).assert_consumed()
    with tf.Session() as sess:
        status.run_restore_ops(sess)
        np.testing.assert_allclose(sess.run(model.w), [[0.9, 1.9], [2.9, 3.9]], rtol=1e-6)
        assert sess.run(v) == pytest.approx(6.9)
        assert sess.run(model.layers[0]) == pytest.approx(2.9)
        assert sess.run(model.d["x"]) == 5
        assert sess.run(ck.save_counter) == 1
        np.testing.assert_allclose(sess.run(opt.get_slot(model.w, "m")), np.full([2, 2], 0.7), rtol=1e-5)
        assert sess.run(opt._get_non_slot_variable("beta1_power")) == pytest.approx(0.81)
        status.assert_existing_objects_matched()


def test_saving_the_same_program_writes_tfs_object_graph_byte_for_byte(g, tmp_path):
    *_, train, ck = _adam_program(fill=None)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        path = ck.save(str(tmp_path / "ckpt"), session=sess)
    assert os.path.basename(path) == "ckpt-1"
    ours, theirs = tf.train.load_checkpoint(path), tf.train.load_checkpoint(ADAM)
    assert ours.get_variable_to_shape_map() == theirs.get_variable_to_shape_map()
    key = trackable.OBJECT_GRAPH_PROTO_KEY
    assert ours.get_tensor(key) == theirs.get_tensor(key)
    for name in theirs.get_variable_to_shape_map():
        if name != key:
            np.testing.assert_allclose(ours.get_tensor(name), theirs.get_tensor(name), rtol=1e-6, err_msg=name)
    assert tf.train.latest_checkpoint(str(tmp_path)) == path


def test_restore_is_deferred_until_the_slots_exist(g):
    model = tf.Module(name="model")
    model.w = tf.Variable(np.zeros([2, 2], np.float32), name="w")
    model.layers = [tf.Variable(0.0, name="b")]
    model.d = {"x": tf.Variable(0, name="x")}
    v = tf.Variable(0.0, name="v")
    opt = tf.train.AdamOptimizer(0.1)
    status = tf.train.Checkpoint(model=model, opt=opt, v=v).restore(ADAM)
    with pytest.raises(AssertionError, match="Unresolved object in checkpoint"):
        status.assert_consumed()
    status.assert_existing_objects_matched()
    opt.minimize(tf.reduce_sum(model.w) * v + model.layers[0])
    status.assert_consumed()
    with tf.Session() as sess:
        status.run_restore_ops(sess)
        np.testing.assert_allclose(sess.run(opt.get_slot(v, "v")), 0.001 * 10 ** 2, rtol=1e-4)  # (1 - beta2) * grad ** 2


def test_partial_restore_and_initialize_or_restore(g):
    w = tf.Variable(np.zeros([2, 2], np.float32), name="w")
    other = tf.Variable([1.0, 2.0], name="other")
    model = tf.Module(name="model")
    model.w = w
    status = tf.train.Checkpoint(model=model, other=other).restore(ADAM)
    with pytest.raises(AssertionError):
        status.assert_consumed()
    with pytest.raises(AssertionError, match="Object not assigned a value from checkpoint"):
        status.assert_existing_objects_matched()
    assert status.expect_partial() is status
    with tf.Session() as sess:
        status.initialize_or_restore(sess)
        np.testing.assert_allclose(sess.run(w), [[0.9, 1.9], [2.9, 3.9]], rtol=1e-6)
        np.testing.assert_array_equal(sess.run(other), [1.0, 2.0])


def test_python_state_is_restored_at_restore_time(g, tmp_path):
    class Text(tf.train.experimental.PythonState):
        def __init__(self, text):
            self.text = text

        def serialize(self):
            return self.text

        def deserialize(self, string_value):
            self.text = string_value

    state = Text("other")
    v = tf.Variable(0.0, name="v")
    status = tf.train.Checkpoint(state=state, v=v).restore(os.path.join(FIXTURES, "python_state", "ckpt-1"))
    assert state.text == b"hello"
    with tf.Session() as sess:
        status.assert_consumed().run_restore_ops(sess)
        assert sess.run(v) == 2.5
        state.text = "written by us"
        path = tf.train.Checkpoint(state=state, v=v).save(str(tmp_path / "c"), session=sess)
    assert tf.train.load_variable(path, "state/.ATTRIBUTES/py_state") == b"written by us"


def test_name_based_checkpoint_restores_by_variable_name(tmp_path):
    with tf.Graph().as_default():
        tf.Variable([1.0, 2.0], name="a")
        tf.Variable(4, dtype=tf.int64, name="save_counter")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, str(tmp_path / "model"))
    with tf.Graph().as_default():
        a = tf.Variable([0.0, 0.0], name="a")
        ck = tf.train.Checkpoint(anything=a)
        status = ck.restore(path)
        with pytest.raises(AssertionError, match="Object not restored"):
            status.assert_consumed()
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            status.assert_consumed().assert_existing_objects_matched()
            np.testing.assert_array_equal(sess.run(a), [1.0, 2.0])
            assert sess.run(ck.save_counter) == 4
    with tf.Graph().as_default():  # a name saved with another shape fails the restore
        status = tf.train.Checkpoint(a=tf.Variable(0.0, name="a")).restore(str(tmp_path / "model"))
        with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError):
            status.run_restore_ops(sess)  # "a" was saved as a float32[2]


def test_write_needs_a_session_and_restore_a_checkpoint(g, tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    with pytest.raises(RuntimeError, match="needs a session"):
        ck.write(str(tmp_path / "c"))
    with pytest.raises(tf.errors.NotFoundError):
        ck.restore(str(tmp_path / "missing-1"))
    with pytest.raises(ValueError, match="trackable"):
        tf.train.Checkpoint(x=1)


def test_save_ops_are_built_once_per_set_of_values(g, tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        ck.save(str(tmp_path / "c"), session=sess)
        count = len(g.get_operations())
        ck.save(str(tmp_path / "c"), session=sess)
        assert len(g.get_operations()) == count
        ck.w = tf.Variable(2.0)
        sess.run(ck.w.initializer)
        path = ck.save(str(tmp_path / "c"), session=sess)
    assert os.path.basename(path) == "c-3"
    assert "w/.ATTRIBUTES/VARIABLE_VALUE" in dict(tf.train.list_variables(path))


def test_loss_scale_optimizer_checkpoint_from_tf(g):
    w = tf.Variable([0.0, 0.0], name="w")
    scale = tf.train.experimental.DynamicLossScale(4.0, increment_period=1)
    opt = tf.train.experimental.MixedPrecisionLossScaleOptimizer(tf.train.AdamOptimizer(0.1), scale)
    opt.minimize(tf.reduce_sum(w * w))
    status = tf.train.Checkpoint(w=w, opt=opt).restore(os.path.join(FIXTURES, "loss_scale", "ckpt-1"))
    with tf.Session() as sess:
        status.assert_consumed().run_restore_ops(sess)
        assert sess.run(scale()) == 16.0
        np.testing.assert_allclose(sess.run(w), [0.8004126, -0.8004126], rtol=1e-6)  # two Adam steps of 0.1


def test_object_graph_numbering_and_escaping(g):
    shared = tf.Variable(1.0, name="shared")
    holder = tf.Module(name="holder")
    holder.first = shared
    holder.second = shared
    holder.table = {"a/b": tf.Variable(2.0, name="ab"), "c.d": tf.Variable(3.0, name="cd")}
    objects = trackable.ObjectGraph(tf.train.Checkpoint(holder=holder), g)
    assert objects.paths == ["", "holder", "holder/first", "holder/table", "holder/table/a.Sb", "holder/table/c..d"]
    assert objects.edges[1] == [("first", 2), ("second", 2), ("table", 3)]
    proto = objects.to_proto()
    assert [n.has_checkpoint_values.value for n in proto.nodes] == [True] * 6
