"""Fixes from the round-10 RNN sweep: activations by name, dtype and rank checks, LSTMCell shards,
wrappers' (empty) weights, get_initial_state's checks, MultiRNNCell's zero-state scope and static_rnn's
conditional steps."""
import numpy as np
import pytest

import tfsess as tf

rnn_cell = tf.nn.rnn_cell
pytestmark = pytest.mark.usefixtures("fresh_graph")


def _ones_session():
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for v in tf.trainable_variables():
        sess.run(v.assign(np.full(v.shape.as_list(), 0.1, np.float32)))
    return sess


def test_activation_by_keras_name():
    x = tf.constant([[1.0, -2.0]])
    cell = rnn_cell.BasicRNNCell(2, activation="relu")
    out, _ = cell(x, cell.zero_state(1, tf.float32))
    sess = _ones_session()
    # relu(0.1 * (1 - 2 + 0 + 0) + 0.1) = relu(0.0)
    np.testing.assert_allclose(sess.run(out), [[0.0, 0.0]], atol=1e-6)
    assert out.op.type == "Relu"


def test_unknown_activation_name_raises_value_error():
    with pytest.raises(ValueError, match="Unknown activation function: 'nope'"):
        rnn_cell.GRUCell(2, activation="nope")


def test_integer_dtype_rejected_in_constructor_and_call():
    with pytest.raises(ValueError, match="RNN cell only supports floating point inputs, but received dtype: "
                                         "<dtype: 'int32'>"):
        rnn_cell.LSTMCell(2, dtype=tf.int32)
    cell = rnn_cell.BasicLSTMCell(2)
    with pytest.raises(ValueError, match="only supports floating point inputs"):
        cell(tf.constant([[1, 2]]), cell.zero_state(1, tf.int32))


def test_rank_3_input_names_the_cell():
    cell = rnn_cell.BasicRNNCell(2, name="my_cell")
    with pytest.raises(ValueError, match='Input 0 of layer "my_cell" is incompatible with the layer: expected '
                                         "ndim=2, found ndim=3"):
        cell(tf.zeros([1, 2, 3]), cell.zero_state(1, tf.float32))


def test_lstm_shards_partition_kernels_and_match_unsharded_values():
    x = tf.constant(np.linspace(-1, 1, 12, dtype=np.float32).reshape(2, 3, 2))
    with tf.variable_scope("sharded"):
        sharded_out, _ = tf.nn.dynamic_rnn(rnn_cell.LSTMCell(4, num_proj=3, num_unit_shards=2, num_proj_shards=3),
                                           x, dtype=tf.float32)
    with tf.variable_scope("plain"):
        plain_out, _ = tf.nn.dynamic_rnn(rnn_cell.LSTMCell(4, num_proj=3), x, dtype=tf.float32)
    names = [(v.op.name, v.shape.as_list()) for v in tf.global_variables() if v.op.name.startswith("sharded")]
    assert names == [("sharded/rnn/lstm_cell/kernel/part_0", [3, 16]), ("sharded/rnn/lstm_cell/kernel/part_1", [2, 16]),
                     ("sharded/rnn/lstm_cell/bias", [16]),
                     ("sharded/rnn/lstm_cell/projection/kernel/part_0", [2, 3]),
                     ("sharded/rnn/lstm_cell/projection/kernel/part_1", [1, 3]),
                     ("sharded/rnn/lstm_cell/projection/kernel/part_2", [1, 3])]
    sess = _ones_session()
    np.testing.assert_allclose(*sess.run([sharded_out, plain_out]), rtol=1e-6)


def test_wrappers_track_no_weights():
    inner = rnn_cell.GRUCell(2)
    wrapped = rnn_cell.DropoutWrapper(inner)
    wrapped(tf.zeros([1, 2]), wrapped.zero_state(1, tf.float32))
    assert wrapped.weights == [] and rnn_cell.MultiRNNCell([wrapped]).weights == []
    assert len(inner.weights) == 4


def test_get_initial_state_checks():
    cell = rnn_cell.GRUCell(2)
    with pytest.raises(ValueError, match="batch_size and dtype cannot be None"):
        cell.get_initial_state(batch_size=2)
    with pytest.raises(ValueError, match="batch size from input tensor is different"):
        cell.get_initial_state(inputs=tf.zeros([3, 1]), batch_size=2)
    with pytest.raises(ValueError, match="dtype from input tensor is different"):
        cell.get_initial_state(inputs=tf.zeros([3, 1]), dtype=tf.float64)
    assert cell.get_initial_state(inputs=tf.zeros([3, 1])).shape.as_list() == [3, 2]


def test_multi_cell_not_tuple_zero_state_scope():
    multi = rnn_cell.MultiRNNCell([rnn_cell.GRUCell(2), rnn_cell.GRUCell(3)], state_is_tuple=False)
    assert multi.zero_state(2, tf.float32).op.name == "MultiRNNCellZeroState/MultiRNNCellZeroState/zeros"


def test_static_rnn_lengths_run_cells_in_conds():
    xs = [tf.constant(np.full([2, 1], t + 1.0, np.float32)) for t in range(3)]
    outs, state = tf.nn.static_rnn(rnn_cell.BasicRNNCell(1, activation=tf.identity), xs, dtype=tf.float32,
                                   sequence_length=[3, 1])
    assert [o.name for o in outs] == ["rnn/cond/Merge:0", "rnn/cond_1/Merge:0", "rnn/cond_2/Merge:0"]
    sess = _ones_session()
    got = sess.run(outs + [state])
    # h_t = 0.1 * x_t + 0.1 * h_{t-1} + 0.1; row 1 stops after one step (zeros out, state kept)
    np.testing.assert_allclose([g[:, 0] for g in got], [[0.2, 0.2], [0.32, 0.0], [0.432, 0.0], [0.432, 0.2]],
                               rtol=1e-6)
