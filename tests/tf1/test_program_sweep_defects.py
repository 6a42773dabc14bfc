"""Defects found running whole TF1 programs: constants from lists of arrays, sharded lookups over
NumPy shards, feature crosses of int32 columns, and handle fetches of partial runs."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.client.session_handles import TensorHandle


@pytest.mark.parametrize("make", [lambda v: tf.constant(v), lambda v: tf.convert_to_tensor(v),
                                  lambda v: tf.Variable(v), lambda v: tf.add(v, 1.0),
                                  lambda v: tf.constant(v, dtype=tf.float64)])
def test_a_list_of_arrays_is_not_a_dense_tensor(g, make):
    with pytest.raises(ValueError, match=r"to be a dense tensor with shape \[3\], but got shape \[3, 2\]"):
        make([np.ones(2)] * 3)


def test_lists_of_scalars_and_nested_lists_still_convert(g):
    with tf.Session() as sess:
        assert sess.run(tf.constant([np.float32(1), np.array(2.0, np.float32)])).tolist() == [1.0, 2.0]
        assert sess.run(tf.constant([[1.0, 2.0], np.array([3.0, 4.0])])).tolist() == [[1.0, 2.0], [3.0, 4.0]]
        assert sess.run(tf.stack([np.ones(2)] * 3)).shape == (3, 2)  # each element is converted alone
    with pytest.raises(ValueError, match=r"shape \[1, 1\], but got shape \[1, 1, 2\]"):
        tf.constant([[np.ones(2)]])


def test_a_zero_element_shape_ignores_a_python_value(g):
    c = tf.constant([1, 2], shape=[2, 0])
    assert c.dtype == tf.float32 and c.shape.as_list() == [2, 0]
    assert tf.constant(5, shape=[0], dtype=tf.int32).dtype == tf.int32
    with pytest.raises(ValueError, match="Too many elements"):
        tf.constant(np.ones(3), shape=[0])


def test_embedding_lookup_converts_numpy_shards(g):
    shards = [np.arange(6, dtype=np.float32).reshape(3, 2), np.arange(4, dtype=np.float32).reshape(2, 2) + 10]
    with tf.Session() as sess:
        mod = sess.run(tf.nn.embedding_lookup(shards, [0, 1, 2, 3, 4]))
        div = sess.run(tf.nn.embedding_lookup(shards, [0, 1, 2, 3, 4], partition_strategy="div"))
        nested = sess.run(tf.nn.embedding_lookup([[[1.0, 2.0]], [[3.0, 4.0]]], [0, 1]))
    assert mod.tolist() == [[0, 1], [10, 11], [2, 3], [12, 13], [4, 5]]
    assert div.tolist() == [[0, 1], [2, 3], [4, 5], [10, 11], [12, 13]]
    assert nested.tolist() == [[1, 2], [3, 4]]
    with pytest.raises(ValueError):  # a tuple is one table, and these shards do not stack
        tf.nn.embedding_lookup(tuple(shards), [0])


def test_feature_crosses_cast_int32_and_float_columns_to_int64(g):
    a = tf.SparseTensor([[0, 0], [1, 0]], ["a", "b"], [2, 1])
    ints = tf.SparseTensor([[0, 0], [1, 0]], tf.constant([3, 4], tf.int32), [2, 1])
    with tf.Session() as sess:
        hashed = sess.run(tf.sparse.cross_hashed([ints, tf.constant([[1], [2]], tf.int64)], num_buckets=100))
        crossed = sess.run(tf.sparse.cross([a, tf.constant([[1.0], [2.0]])]))
        default_key = sess.run(tf.sparse.cross_hashed([a], hash_key=0)).values
    assert hashed.values.tolist() == [68, 98]  # TensorFlow's values
    assert crossed.values.tolist() == [b"a_X_1", b"b_X_2"]
    assert default_key.tolist() == [3550520439517529108, 5701958020731327761]
    with pytest.raises(TypeError, match="All inputs must be SparseTensors"):
        tf.sparse.cross_hashed([a, [[1], [2]]])
    with pytest.raises(TypeError, match="All inputs must be Tensor or SparseTensor"):
        tf.sparse.cross([a, [[1], [2]]])


def test_partial_run_returns_tensor_handles(g):
    a = tf.placeholder(tf.float32, [])
    b = a * 2
    h, c = tf.get_session_handle(b), b + 1
    with tf.Session() as sess:
        run = sess.partial_run_setup([h, c], [a])
        (handle,) = sess.partial_run(run, [h], {a: 3.0})
        assert isinstance(handle, TensorHandle) and handle.eval() == 6.0
        assert sess.partial_run(run, c) == 7.0
        p, t = tf.get_session_tensor(handle.handle, tf.float32)
        assert sess.run(t * 10, {p: handle.handle}) == 60.0


def test_custom_gradient_takes_a_variable_argument_as_an_input(g):
    @tf.custom_gradient
    def clip_gradient(x):
        return tf.identity(x), lambda dy: tf.clip_by_value(dy, -0.1, 0.1)

    w = tf.Variable([0.5, -1.0])
    grad = tf.gradients(tf.reduce_sum(3.0 * clip_gradient(w)), w)[0]
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert sess.run(grad).tolist() == pytest.approx([0.1, 0.1])


def test_a_string_valued_table_looks_up_bytes(g):
    vocab = tf.constant(["pad", "the", "cat"])
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(tf.range(3, dtype=tf.int64), vocab), "unk")
    words = table.lookup(tf.constant([[2, 0], [7, 1]], tf.int64))
    keys, values = table.export()
    with tf.Session() as sess:
        sess.run(tf.tables_initializer())
        found, exported = sess.run(words), sess.run(values)
    assert found.tolist() == [[b"cat", b"pad"], [b"unk", b"the"]]
    assert all(type(v) is bytes for v in found.ravel()) and all(type(v) is bytes for v in exported)


def test_batching_queues_add_their_fraction_full_summaries(g):
    value = tf.train.input_producer(tf.reshape(tf.range(10.0), [10, 1]), shuffle=False).dequeue()
    tf.train.batch([value], 4)
    tf.train.shuffle_batch([value], 2, capacity=20, min_after_dequeue=5, seed=1)
    tf.train.string_input_producer(["a.txt"])
    names = [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
    assert names == ["batch/fraction_of_32_full", "shuffle_batch/fraction_over_5_of_15_full",
                     "input_producer_1/fraction_of_32_full"]
    with tf.Session() as sess:
        assert sess.run(tf.summary.merge_all()) is not None


def test_add_check_numerics_ops_leaves_variable_references_alone(g):
    w = tf.Variable(np.ones(3, np.float32), name="w")
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(tf.square(w)))
    checks = tf.add_check_numerics_ops()
    checked = {op.inputs[0].name for op in g.get_operations() if op.type == "CheckNumerics"}
    assert "w/Assign:0" not in checked and "w:0" not in checked
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([train, checks])  # must not run w's initializer again
        assert sess.run(w).tolist() == pytest.approx([0.8] * 3)


def test_tuple_converts_plain_values_and_gates_operations(g):
    v = tf.Variable(1.0)
    increment = tf.assign_add(v, 1.0).op
    array, _, none, gated_op = tf.tuple([np.ones(2, np.float32), tf.constant(3.0), None, increment])
    assert none is None and gated_op.type == "NoOp" and array.name == "tuple/control_dependency:0"
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(array).tolist() == [1.0, 1.0] and sess.run(v) == 2.0  # the gate ran the increment
