"""TensorList ops (ops/list_ops.py): values, unset elements, TF's errors, list sums and zeros, and
TensorArray under control flow v2 (ops/tensor_array_v2.py)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.graph_mode import _CONTROL_FLOW_V2
from tfsess.ops import list_ops as lo

F32 = np.arange(6, dtype=np.float32).reshape(3, 2)


@pytest.fixture
def v2():
    before = _CONTROL_FLOW_V2[0]
    tf.enable_control_flow_v2()
    yield
    _CONTROL_FLOW_V2[0] = before


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_push_pop_stack_and_length():
    with tf.Graph().as_default():
        lst = lo.empty_tensor_list([2], tf.float32)
        for row in F32:
            lst = lo.tensor_list_push_back(lst, row)
        rest, last = lo.tensor_list_pop_back(lst, tf.float32)
        stacked = lo.tensor_list_stack(rest, tf.float32, element_shape=[2])
        assert stacked.shape.as_list() == [None, 2] and last.dtype == tf.float32
        values = _run([stacked, last, lo.tensor_list_length(lst), lo.tensor_list_element_shape(lst, tf.int64)])
    np.testing.assert_array_equal(values[0], F32[:2])
    np.testing.assert_array_equal(values[1], F32[2])
    assert values[2] == 3 and values[3].dtype == np.int64 and list(values[3]) == [2]


def test_unset_elements_read_as_zeros_once_the_shape_is_known():
    with tf.Graph().as_default():
        lst = lo.tensor_list_set_item(lo.tensor_list_reserve([None], 3, tf.float32), 1, [5.0, 6.0])
        stacked, item = _run([lo.tensor_list_stack(lst, tf.float32), lo.tensor_list_get_item(lst, 0, tf.float32)])
    np.testing.assert_array_equal(stacked, [[0, 0], [5, 6], [0, 0]])
    np.testing.assert_array_equal(item, [0, 0])


def test_reading_an_unset_element_of_unknown_shape_fails_and_names_the_op():
    with tf.Graph().as_default():
        item = lo.tensor_list_get_item(lo.tensor_list_reserve(None, 2, tf.float32), 0, tf.float32, name="read")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="element_shape is not fully defined") as info:
                sess.run(item)
            assert "read" in info.value.op.name
            assert sess.run(tf.constant(1.0)) == 1.0  # the session is still usable


@pytest.mark.parametrize("build, message", [
    (lambda: lo.tensor_list_get_item(lo.tensor_list_from_tensor(F32, [2]), 5, tf.float32),
     "Trying to access element 5 in a list with 3 elements."),
    (lambda: lo.tensor_list_pop_back(lo.empty_tensor_list([2], tf.float32), tf.float32)[1],
     "Trying to pop from an empty list."),
    (lambda: lo.tensor_list_push_back(lo.empty_tensor_list([3], tf.float32), [1.0, 2.0]),
     "Tried to append a tensor with incompatible shape"),
    (lambda: lo.tensor_list_push_back(lo.empty_tensor_list([2], tf.float32, max_num_elements=0), [1.0, 2.0]),
     "Tried to push item into a full list"),
    (lambda: lo.tensor_list_get_item(lo.tensor_list_from_tensor(F32, [2]), 0, tf.int32),
     "Invalid data types; op elements int32 but list elements float"),
    (lambda: lo.tensor_list_stack(lo.tensor_list_from_tensor(F32, [2]), tf.float32, num_elements=2),
     "Operation expected a list with 2 elements but got a list with 3 elements."),
    (lambda: lo.tensor_list_reserve([2], tf.constant(-1), tf.float32),
     "The num_elements to reserve must be a non negative number, but got -1"),
    (lambda: lo.tensor_list_split(F32, [-1, 2], tf.constant([1, 1], tf.int64)), "Unable to split tensor of size 3"),
])
def test_run_time_errors_are_tfs(build, message):
    with tf.Graph().as_default():
        with pytest.raises(tf.errors.InvalidArgumentError, match=message.replace("(", r"\(")):
            _run(build())


def test_split_concat_gather_scatter_resize():
    with tf.Graph().as_default():
        pieces = lo.tensor_list_split(F32, [-1, 2], tf.constant([1, 2], tf.int64))
        joined = lo.tensor_list_concat(pieces, tf.float32)
        gathered = lo.tensor_list_gather(lo.tensor_list_from_tensor(F32, [2]), [2, 0], tf.float32)
        scattered = lo.tensor_list_scatter(F32[:2], [3, 1], element_shape=[2])
        resized = lo.tensor_list_resize(lo.tensor_list_from_tensor(F32, [2]), 5)
        values = _run([joined, gathered, lo.tensor_list_stack(scattered, tf.float32),
                       lo.tensor_list_stack(resized, tf.float32), lo.tensor_list_length(pieces)])
    np.testing.assert_array_equal(values[0], F32)
    np.testing.assert_array_equal(values[1], F32[[2, 0]])
    np.testing.assert_array_equal(values[2], [[0, 0], [2, 3], [0, 0], [0, 1]])
    np.testing.assert_array_equal(values[3], np.concatenate([F32, np.zeros((2, 2), np.float32)]))
    assert values[4] == 2


def test_add_n_and_zeros_like_of_lists():
    with tf.Graph().as_default():
        a = lo.tensor_list_set_item(lo.tensor_list_reserve([2], 2, tf.float32), 0, [1.0, 2.0])
        b = lo.tensor_list_from_tensor(F32[:2], [2])
        total = lo.tensor_list_stack(tf.add_n([a, b]), tf.float32)
        zeros = lo.tensor_list_stack(tf.zeros_like(b), tf.float32)
        values = _run([total, zeros])
    np.testing.assert_array_equal(values[0], [[1, 3], [2, 3]])
    np.testing.assert_array_equal(values[1], np.zeros((2, 2)))


def test_list_shapes_from_element_shape_inputs():
    with tf.Graph().as_default():
        lst = lo.tensor_list_reserve([None, 3], 4, tf.float32)
        assert lst.dtype == tf.variant and lst.shape.as_list() == []
        assert lo.tensor_list_get_item(lst, 0, tf.float32, element_shape=[None, 3]).shape.as_list() == [None, 3]
        assert lo.tensor_list_stack(lst, tf.float32, num_elements=4, element_shape=[2, 3]).shape.as_list() == [4, 2, 3]
        assert lo.tensor_list_gather(lst, [0, 1], tf.float32, element_shape=[2, 3]).shape.as_list() == [2, 2, 3]
        # with no element_shape given, the list's own (TF's handle data), followed through in-place changes
        assert lo.tensor_list_get_item(lst, 0, tf.float32).shape.as_list() == [None, 3]
        grown = lo.tensor_list_push_back(tf.identity(lst), tf.ones([2, 3]))
        assert lo.tensor_list_pop_back(grown, tf.float32)[1].shape.as_list() == [None, 3]
        assert lo.tensor_list_element_shape(grown, tf.int32).shape.as_list() == [2]
        unknown = lo.tensor_list_push_back(lo.empty_tensor_list(None, tf.float32), tf.ones([2]))
        assert lo.tensor_list_get_item(unknown, 0, tf.float32).shape.ndims is None  # TF merges no element in


def test_tensor_array_is_a_tensor_list_under_control_flow_v2(v2):
    with tf.Graph().as_default() as graph:
        ta = tf.TensorArray(tf.float32, size=3).unstack(F32)
        read = ta.read(1)
        written = ta.write(0, [9.0, 9.0])
        stacked = written.stack()
        assert ta.handle is None and ta.flow.dtype == tf.variant
        assert stacked.shape.as_list() == [3, 2] and read.shape.as_list() == [2]
        types = {op.name: op.type for op in graph.get_operations()}
        assert types["TensorArrayV2"] == "TensorListReserve"
        assert types["TensorArrayV2Read/TensorListGetItem"] == "TensorListGetItem"
        assert types["TensorArrayV2Write/TensorListSetItem"] == "TensorListSetItem"
        values = _run([read, stacked, written.size()])
    np.testing.assert_array_equal(values[0], F32[1])
    np.testing.assert_array_equal(values[1], np.concatenate([[[9, 9]], F32[1:]]))
    assert values[2] == 3


def test_tensor_array_v1_outside_control_flow_v2():
    with tf.Graph().as_default():
        ta = tf.TensorArray(tf.float32, size=2)
        assert ta.handle is not None and ta.handle.op.type == "TensorArrayV3"


def test_dynamic_tensor_array_grows_and_fails_other_dtypes_when_run(v2, caplog):
    with tf.Graph().as_default():
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(2, [1.0])
        values = _run([ta.stack(), ta.size()])
        wrong = ta.write(0, tf.constant([1], tf.int32))  # TF logs an error and builds the op
        assert "but expected dtype" in caplog.text
        with pytest.raises(tf.errors.InvalidArgumentError, match="op elements int32 but list elements float"):
            _run(wrong.flow)
    np.testing.assert_array_equal(values[0], [[0], [0], [1]])
    assert values[1] == 3


def test_gradients_through_a_v2_loop_of_tensor_arrays(v2):
    x0 = np.array([[0.5, -1.0], [2.0, 0.25], [1.0, 1.5]], np.float32)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [3, 2])
        inputs = tf.TensorArray(tf.float32, size=3).unstack(x)

        def body(i, acc, out):
            acc = acc * inputs.read(i) + 1.0
            return i + 1, acc, out.write(i, acc * acc)
        _, _, out = tf.while_loop(lambda i, *_: i < 3, body, [0, tf.ones([2]), tf.TensorArray(tf.float32, size=3)])
        loss = tf.reduce_sum(out.stack())
        grad = tf.gradients(loss, x)[0]
        got = _run(grad, {x: x0})
    # the same loss unrolled in NumPy, differentiated by central differences
    def loss_of(v):
        acc, total = np.ones(2), 0.0
        for row in v:
            acc = acc * row + 1.0
            total += np.sum(acc * acc)
        return total
    eps, want = 1e-3, np.zeros_like(x0, np.float64)
    for pos in np.ndindex(x0.shape):
        up, down = x0.astype(np.float64), x0.astype(np.float64)
        up[pos] += eps
        down[pos] -= eps
        want[pos] = (loss_of(up) - loss_of(down)) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-3)
