"""Defects that the second pass of variations of the public rnn_ cases exposed (round 12, x_r12 cases)."""
import numpy as np
import pytest

import tfsess as tf


def test_map_fn_output_signature_tensor_spec_keeps_only_its_dtype(g):
    out = tf.map_fn(lambda v: tf.cast(v, tf.float64) * 0.5, tf.constant([1, 2]),
                    fn_output_signature=tf.TensorSpec([], tf.float64))
    pair = tf.map_fn(lambda v: (v, tf.cast(v, tf.float32)), tf.constant([3, 4]),
                     fn_output_signature=(tf.int32, tf.TensorSpec([7], tf.float32)))
    assert out.dtype == tf.float64
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out), [0.5, 1.0])
        a, b = sess.run(pair)
    np.testing.assert_array_equal(b, [3.0, 4.0])


def test_map_fn_output_signature_other_type_spec_is_not_implemented(g):
    spec = tf.SparseTensorSpec([2], tf.float32)
    with pytest.raises(NotImplementedError, match="fn_output_signature"):
        tf.map_fn(lambda v: v, tf.constant([1.0]), fn_output_signature=spec)


def test_tensor_array_index_of_another_int_dtype_is_type_error(g):
    ta = tf.TensorArray(tf.float32, size=2).unstack([3.0, 4.0])
    i64 = tf.constant(1, tf.int64)
    with pytest.raises(TypeError, match="Input 'index' of 'TensorArrayReadV3' Op has type int64"):
        ta.read(i64)
    with pytest.raises(TypeError, match="Input 'index' of 'TensorArrayWriteV3' Op"):
        ta.write(i64, 1.0)
    with pytest.raises(TypeError, match="Input 'indices' of 'TensorArrayScatterV3' Op"):
        ta.scatter(tf.constant([0], tf.int64), [1.0])
    with tf.Session() as sess:
        assert sess.run(ta.read(1)) == 4.0


def test_cell_get_config_names_constructor_arguments_as_keras(g):
    gru = tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.constant_initializer(0.1), activation=tf.nn.relu)
    config = gru.get_config()
    assert config["kernel_initializer"] == {"class_name": "Constant", "config": {"value": 0.1, "dtype": "float32"}}
    assert (config["activation"], config["bias_initializer"], config["num_units"], config["dtype"]) == \
        ("relu", None, 3, None)
    lstm = tf.nn.rnn_cell.LSTMCell(2, num_proj=1, cell_clip=0.5)
    assert [k for k in lstm.get_config()][3:] == ["num_units", "use_peepholes", "cell_clip", "initializer",
                                                   "num_proj", "proj_clip", "num_unit_shards", "num_proj_shards",
                                                   "forget_bias", "state_is_tuple", "activation", "reuse"]
    wrapped = tf.nn.rnn_cell.DeviceWrapper(lstm, "/cpu:0").get_config()
    assert wrapped["cell"]["class_name"] == "LSTMCell" and wrapped["device"] == "/cpu:0"
    assert set(tf.nn.rnn_cell.MultiRNNCell([lstm]).get_config()) == {"name", "trainable", "dtype"}


def test_cell_count_params_needs_a_built_cell(g):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    with pytest.raises(ValueError, match="isn't built"):
        cell.count_params()
    cell(tf.ones([1, 3]), cell.zero_state(1, tf.float32))
    assert cell.count_params() == 5 * 8 + 8
    assert cell.non_trainable_variables == []
