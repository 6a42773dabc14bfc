"""tf.Module: name scopes made once, variables and submodules found through attributes, and checkpointing."""
import numpy as np
import pytest

import tfsess as tf


class Dense(tf.Module):
    def __init__(self, units, name=None):
        super().__init__(name=name)
        self.units = units
        self.w = None

    @tf.Module.with_name_scope
    def __call__(self, x):
        if self.w is None:
            self.w = tf.Variable(tf.ones([int(x.shape[-1]), self.units]), name="w")
            self.b = tf.Variable(tf.zeros([self.units]), name="b", trainable=False)
        return tf.matmul(x, self.w) + self.b


def test_names_and_scopes(g):
    first, second = Dense(2), Dense(2)
    assert (first.name, second.name) == ("dense", "dense")
    y = second(tf.constant([[1.0, 2.0]]))
    assert second.w.name == "dense_1/w:0" and y.name.startswith("dense_1/")
    with first.name_scope:
        assert tf.constant(1.0, name="c").name == "dense/c:0"
    with pytest.raises(ValueError, match="not a valid module name"):
        tf.Module(name="a-b")
    assert tf.Module().name == "module"


def test_variables_and_submodules_in_sorted_attribute_order(g):
    outer = tf.Module(name="outer")
    outer.z_layer = Dense(1, name="z_layer")
    outer.a_layer = Dense(1, name="a_layer")
    outer.z_layer(tf.ones([1, 2]))
    outer.a_layer(tf.ones([1, 2]))
    outer.extra = {"k": tf.Variable(1.0, name="k")}
    outer.loop = outer  # a cycle is walked once
    assert [v.name for v in outer.variables] == ["k:0", "a_layer/b:0", "a_layer/w:0", "z_layer/b:0", "z_layer/w:0"]
    assert [v.name for v in outer.trainable_variables] == ["k:0", "a_layer/w:0", "z_layer/w:0"]
    assert [m.name for m in outer.submodules] == ["a_layer", "z_layer"]


def test_a_module_is_checkpointed_by_attribute_path(g, tmp_path):
    pytest.importorskip("google.protobuf")
    pytest.importorskip("google_crc32c")
    layer = Dense(2)
    layer(tf.ones([1, 3]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Checkpoint(layer=layer).write(str(tmp_path / "c"), session=sess)
    keys = dict(tf.train.list_variables(path))
    assert keys["layer/w/.ATTRIBUTES/VARIABLE_VALUE"] == [3, 2]
    np.testing.assert_array_equal(tf.train.load_variable(path, "layer/b/.ATTRIBUTES/VARIABLE_VALUE"), [0.0, 0.0])


def test_variables_a_module_makes_after_restore_are_restored_when_the_ops_run(g, tmp_path):
    pytest.importorskip("google.protobuf")
    pytest.importorskip("google_crc32c")
    with tf.Graph().as_default():
        layer = Dense(2)
        layer(tf.ones([1, 3]))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(layer.w.assign(tf.fill([3, 2], 4.0)))
            path = tf.train.Checkpoint(layer=layer).save(str(tmp_path / "c"), session=sess)
    with tf.Graph().as_default():
        layer = Dense(2)
        status = tf.train.Checkpoint(layer=layer).restore(path)
        status.assert_existing_objects_matched()  # nothing built yet
        y = layer(tf.ones([1, 3]))
        with tf.Session() as sess:
            status.assert_consumed().run_restore_ops(sess)
            np.testing.assert_array_equal(sess.run(y), [[12.0, 12.0]])
