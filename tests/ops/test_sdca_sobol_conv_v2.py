"""SdcaFprint / SdcaShrinkL1, SobolSample and the GPU-only Conv2DBackprop*V2 ops against TF 2.21's values."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import conv2d_v2_ops


@pytest.fixture(autouse=True)
def _fresh_graph():
    tf.reset_default_graph()


def test_sdca_fprint_is_tfs_fingerprint128():
    with tf.Session() as sess:
        got = sess.run(tf.train.sdca_fprint([b"", b"a", b"hello world, this is long", b"x" * 200])).tolist()
    assert got[:3] == [[4463240938071824939, 4374473821787594281], [7969074168056553668, 5955762262185338209],
                       [1263442367702668618, -1342088223914291352]]  # TF 2.21's values
    assert len({tuple(row) for row in got}) == 4


def test_sdca_fprint_needs_a_vector():
    with pytest.raises(ValueError, match="rank 1 but is rank 0"):
        tf.train.sdca_fprint("a")
    p = tf.placeholder(tf.string)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match=r"vector, got shape \[1,1\]"):
        sess.run(tf.train.sdca_fprint(p), {p: [[b"x"]]})


def test_sdca_shrink_l1_updates_the_variables_in_place():
    a, b = tf.Variable([1.0, -0.2, 0.5, -3.0]), tf.Variable([[0.05, 2.0]])
    op = tf.train.sdca_shrink_l1([a, b], l1=0.4, l2=2.0)
    assert op.type == "SdcaShrinkL1" and not op.outputs and op.get_attr("num_features") == 2
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(op)
        got_a, got_b = sess.run([a, b])
    np.testing.assert_array_equal(got_a, np.float32([0.8, -0.0, 0.3, -2.8]))
    np.testing.assert_array_equal(got_b, np.float32([[0.0, 1.8]]))


def test_sdca_shrink_l1_needs_variables():
    with pytest.raises(TypeError, match="'SdcaShrinkL1' Op requires that input 'weights' be a mutable tensor"):
        tf.train.sdca_shrink_l1([tf.constant([1.0])], l1=0.4, l2=2.0)


def test_sobol_sample_is_tfs_sequence_including_its_negated_high_points():
    pytest.importorskip("scipy")
    with tf.Session() as sess:
        low = sess.run(tf.math.sobol_sample(2, 4))
        high = sess.run(tf.math.sobol_sample(3, 1, skip=2 ** 30 + 5, dtype=tf.float64))
    np.testing.assert_array_equal(low, np.float32([[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375]]))
    np.testing.assert_array_equal(high, [[-0.6250000013969839, -0.27499999990686774, -0.19531932147219777]])


def test_sobol_sample_shapes_and_errors():
    t = tf.math.sobol_sample(3, 4)
    assert t.op.name == "sobol/SobolSample" and t.shape.as_list() == [4, 3] and t.dtype == tf.float32
    assert tf.math.sobol_sample(tf.placeholder(tf.int32, []), 4).shape.as_list() == [4, None]
    with pytest.raises(TypeError, match="not in list of allowed values: float32, float64"):
        tf.math.sobol_sample(2, 2, dtype=tf.int32)
    with pytest.raises(ValueError, match="rank 0 but is rank 1"):
        tf.math.sobol_sample([2], 2)
    p = tf.placeholder(tf.int32, [])
    with tf.Session() as sess:
        for value, message in ((0, "dim must be at least one"), (21201, "dim must be at most 21200")):
            with pytest.raises(tf.errors.InvalidArgumentError, match=message):
                sess.run(tf.math.sobol_sample(p, 2), {p: value})
        with pytest.raises(tf.errors.InvalidArgumentError, match="skip must be non-negative"):
            sess.run(tf.math.sobol_sample(2, 2, skip=-1))


X = np.random.RandomState(0).randn(2, 5, 5, 3).astype(np.float32)
F = np.random.RandomState(1).randn(3, 3, 3, 4).astype(np.float32)
DY = np.random.RandomState(2).randn(2, 3, 3, 4).astype(np.float32)
ATTRS = {"strides": [1, 2, 2, 1], "padding": "SAME", "data_format": "NHWC", "dilations": [1, 1, 1, 1],
         "explicit_paddings": [], "use_cudnn_on_gpu": True}


def test_conv2d_backprop_v2_build_with_tfs_shapes_and_fail_on_a_cpu_as_tf():
    dx = tf.conv2d_backprop_input_v2(X, F, DY, strides=[1, 2, 2, 1], padding="SAME")
    df = tf.conv2d_backprop_filter_v2(X, F, DY, [1, 2, 2, 1], "SAME")
    assert (dx.op.type, dx.shape.as_list(), df.op.type, df.shape.as_list()) == (
        "Conv2DBackpropInputV2", [2, 5, 5, 3], "Conv2DBackpropFilterV2", [3, 3, 3, 4])
    assert [t.name for t in df.op.inputs] == ["Conv2DBackpropFilterV2/input:0", "Conv2DBackpropFilterV2/filter:0",
                                              "Conv2DBackpropFilterV2/out_backprop:0"]
    assert tf.conv2d_backprop_input_v2(tf.placeholder(tf.float32), F, DY, [1, 2, 2, 1], "SAME").shape.ndims == 4
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="No OpKernel was registered to support Op "
                                                                 "'Conv2DBackpropInputV2'"):
            sess.run(dx)
        assert sess.run(tf.constant(1.0)) == 1.0  # the session stays usable
    with pytest.raises(LookupError, match="No gradient defined"):
        tf.gradients(dx, [dx.op.inputs[1]])


def test_conv2d_backprop_v2_gpu_kernels_compute_the_v1_backprops():
    want_dx = tf.nn.conv2d_backprop_input([2, 5, 5, 3], F, DY, [1, 2, 2, 1], "SAME")
    want_df = tf.nn.conv2d_backprop_filter(X, [3, 3, 3, 4], DY, [1, 2, 2, 1], "SAME")
    with tf.Session() as sess:
        want_dx, want_df = sess.run([want_dx, want_df])
    np.testing.assert_allclose(conv2d_v2_ops._conv2d_backprop_input_v2_gpu(np, X, F, DY, **ATTRS), want_dx,
                               rtol=1e-6)
    np.testing.assert_allclose(conv2d_v2_ops._conv2d_backprop_filter_v2_gpu(np, X, F, DY, **ATTRS), want_df,
                               rtol=1e-6)
