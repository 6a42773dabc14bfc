"""Shape values past int32's range stay int64 from graph building to kernels and feeds: never a
wrap, and what cannot be allocated is TF's ResourceExhaustedError with its OOM text at run time."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors

BIG = 2**32 + 5
HUGE = 10**12
MIB = 1 << 20
OOM = "OOM when allocating tensor with shape[{}] and type {} on /job:localhost/replica:0/task:0/device:{} by allocator {}"


@pytest.mark.parametrize("build, shape", [
    (lambda: tf.zeros([BIG]), [BIG]),
    (lambda: tf.ones([3, BIG]), [3, BIG]),
    (lambda: tf.fill([BIG], 1.0), [BIG]),
    (lambda: tf.broadcast_to(1.0, [BIG]), [BIG]),
    (lambda: tf.tile([1.0], [BIG]), [BIG]),
    (lambda: tf.reshape(tf.zeros([0]), [BIG, 0]), [BIG, 0]),
    (lambda: tf.range(tf.constant(BIG, tf.int64)), [BIG]),
    (lambda: tf.zeros([HUGE]), [HUGE]),
], ids=["zeros", "ones", "fill", "broadcast_to", "tile", "reshape", "range", "zeros_1e12"])
def test_static_shapes_keep_int64_dims(fresh_graph, build, shape):
    t = build()
    assert t.shape.as_list() == shape
    shape_input = t.op.inputs[-1] if t.op.type in ("Reshape", "Tile", "BroadcastTo") else t.op.inputs[0]
    if t.op.type != "Range":
        assert shape_input.dtype == tf.int64  # as TF: int64 when a dim does not fit int32


@pytest.mark.parametrize("build", [
    lambda: tf.zeros([HUGE]),
    lambda: tf.ones([HUGE]),
    lambda: tf.fill([HUGE], 1.0),
    lambda: tf.broadcast_to(1.0, [HUGE]),
    lambda: tf.tile([1.0], [HUGE]),
    lambda: tf.random_uniform([HUGE]),
], ids=["zeros", "ones", "fill", "broadcast_to", "tile", "random_uniform"])
def test_a_1e12_element_tensor_is_resource_exhausted_at_run_time(fresh_graph, build):
    t = build()
    with tf.Session() as sess:
        with pytest.raises(errors.ResourceExhaustedError) as caught:
            sess.run(t)
        assert str(caught.value).startswith(OOM.format(HUGE, "float", "CPU:0", "cpu"))
        assert caught.value.op is not None and caught.value.op.name in str(caught.value)
        assert sess.run(tf.constant(2.0) * 3.0) == 6.0  # the session stays usable


def test_int64_range_and_matmul_past_memory_are_resource_exhausted(fresh_graph):
    r = tf.range(tf.constant(HUGE, tf.int64))
    m = tf.matmul(tf.ones([10**6, 1]), tf.ones([1, 10**6]))
    with tf.Session() as sess:
        with pytest.raises(errors.ResourceExhaustedError, match=r"shape\[1000000000000\] and type int64"):
            sess.run(r)
        with pytest.raises(errors.ResourceExhaustedError, match=r"shape\[1000000,1000000\] and type float"):
            sess.run(m)


def test_fed_int64_shapes_never_wrap(fresh_graph):
    dims = tf.placeholder(tf.int64, [1])
    z = tf.zeros(dims)
    with tf.Session() as sess:
        assert sess.run(tf.shape(z), {dims: [7]}).tolist() == [7]
        with pytest.raises(errors.ResourceExhaustedError) as caught:
            sess.run(z, {dims: [HUGE]})
        assert f"shape[{HUGE}]" in str(caught.value)


def test_2_32_plus_5_zeros_fill_the_gpu_not_five_elements(simulated_gpu):
    simulated_gpu(1 << 30)
    g = tf.Graph()
    with g.as_default(), tf.device("/gpu:0"):
        z = tf.zeros([BIG])
    with tf.Session(graph=g) as sess:
        with pytest.raises(errors.ResourceExhaustedError) as caught:
            sess.run(z)
        assert str(caught.value).startswith(OOM.format(BIG, "float", "GPU:0", "GPU_0_bfc"))


def test_numpy_memory_error_in_any_kernel_is_resource_exhausted_naming_the_op(fresh_graph, monkeypatch):
    x = tf.placeholder(tf.float32, [None])
    y = tf.cumsum(x, name="running_total")
    real_cumsum = np.cumsum

    def no_memory(*args, **kwargs):
        raise MemoryError("Unable to allocate 3.64 TiB for an array with shape (1000000000000,) and data type float32")
    monkeypatch.setattr(np, "cumsum", no_memory)
    with tf.Session() as sess:
        with pytest.raises(errors.ResourceExhaustedError) as caught:
            sess.run(y, {x: np.ones(3, np.float32)})
        monkeypatch.setattr(np, "cumsum", real_cumsum)
        assert str(caught.value).startswith(OOM.format(HUGE, "float", "CPU:0", "cpu"))
        assert "running_total" in str(caught.value)
        assert sess.run(y, {x: np.ones(3, np.float32)}).tolist() == [1, 2, 3]


def test_a_shape_whose_size_passes_int64_never_wraps_to_a_small_constant(fresh_graph):
    z = tf.zeros([2**62, 4])                  # 2**64 elements: NumPy's int64 product would wrap to 0
    assert z.shape.as_list() == [2**62, 4] and z.op.type == "Fill"
    with tf.Session() as sess:
        with pytest.raises(errors.ResourceExhaustedError, match=rf"shape\[{2**62},4\] and type float"):
            sess.run(z)
