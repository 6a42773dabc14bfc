"""3-D convolution and pooling: values against a direct loop, layouts, errors, GraphDef round trip."""
import numpy as np
import pytest

import tfsess as tf


def _direct_conv3d(x, f, strides, pads):
    """The definition: a loop over output positions of the padded NDHWC input."""
    x = np.pad(x, ((0, 0), *pads, (0, 0)))
    kd, kh, kw, _, co = f.shape
    sd, sh, sw = strides
    od, oh, ow = ((x.shape[1] - kd) // sd + 1, (x.shape[2] - kh) // sh + 1, (x.shape[3] - kw) // sw + 1)
    out = np.zeros((x.shape[0], od, oh, ow, co))
    for d in range(od):
        for h in range(oh):
            for w in range(ow):
                patch = x[:, d * sd:d * sd + kd, h * sh:h * sh + kh, w * sw:w * sw + kw, :]
                out[:, d, h, w, :] = np.tensordot(patch, f, axes=([1, 2, 3, 4], [0, 1, 2, 3]))
    return out


def test_conv3d_matches_the_definition_valid_and_same():
    rng = np.random.default_rng(0)
    x, f = rng.standard_normal((2, 4, 5, 6, 3)), rng.standard_normal((2, 3, 2, 3, 4))
    with tf.Graph().as_default():
        valid = tf.nn.conv3d(x, f, [1, 2, 1, 2, 1], "VALID")
        same = tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "SAME")
        got_valid, got_same = tf.Session().run([valid, same])
    np.testing.assert_allclose(got_valid, _direct_conv3d(x, f, (2, 1, 2), [(0, 0)] * 3), rtol=1e-10)
    np.testing.assert_allclose(got_same, _direct_conv3d(x, f, (1, 1, 1), [(0, 1), (1, 1), (0, 1)]), rtol=1e-10)


def test_ncdhw_equals_ndhwc_for_conv_and_pools():
    x = np.random.default_rng(1).standard_normal((2, 4, 5, 6, 3)).astype(np.float32)
    f = np.random.default_rng(2).standard_normal((2, 2, 2, 3, 2)).astype(np.float32)
    with tf.Graph().as_default():
        xc = tf.transpose(x, [0, 4, 1, 2, 3])
        pairs = [(tf.nn.conv3d(x, f, [1, 1, 2, 1, 1], "SAME"),
                  tf.nn.conv3d(xc, f, [1, 1, 1, 2, 1], "SAME", data_format="NCDHW")),
                 (tf.nn.max_pool3d(x, 2, [1, 2, 1, 2, 1], "SAME"),
                  tf.nn.max_pool3d(xc, 2, [1, 1, 2, 1, 2], "SAME", data_format="NCDHW")),
                 (tf.nn.avg_pool3d(x, [1, 3, 2, 2, 1], 1, "VALID"),
                  tf.nn.avg_pool3d(xc, [1, 1, 3, 2, 2], 1, "VALID", data_format="NCDHW"))]
        sess = tf.Session()
        for last, first in pairs:
            a, b = sess.run([last, tf.transpose(first, [0, 2, 3, 4, 1])])
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_max_pool3d_grad_shares_ties_and_grad_grad_reads_the_first_maximum():
    x = np.ones((1, 2, 2, 3, 1), np.float32)
    x[0, 0, 0, 2, 0] = 0.0
    with tf.Graph().as_default():
        xt = tf.constant(x)
        y = tf.nn.max_pool3d(xt, 2, 2, "SAME")
        g = tf.gradients(y, xt, grad_ys=tf.constant([1.0, 2.0], shape=[1, 1, 1, 2, 1]))[0]
        seed = tf.constant(np.arange(12, dtype=np.float32).reshape(x.shape))
        gg = tf.gradients(g, g.op.inputs[2], grad_ys=seed)[0]
        got_g, got_gg = tf.Session().run([g, gg])
    np.testing.assert_array_equal(got_g.ravel(), [1, 1, 0, 1, 1, 2, 1, 1, 2, 1, 1, 2])
    np.testing.assert_array_equal(got_gg.ravel(), [0, 5])


@pytest.mark.parametrize("build, error, fragment", [
    (lambda: tf.nn.conv3d(tf.zeros([3, 4, 4, 2]), tf.zeros([2, 2, 2, 2, 3]), [1] * 5, "VALID"),
     ValueError, "Shape must be rank 5 but is rank 4 for 'Conv3D'"),
    (lambda: tf.nn.conv3d(tf.zeros([1, 3, 4, 4, 3]), tf.zeros([2, 2, 2, 2, 3]), [1] * 5, "VALID"),
     ValueError, "Depth of input (3) is not a multiple of input depth of filter (2)"),
    (lambda: tf.nn.conv3d(tf.zeros([1, 3, 4, 4, 2]), tf.zeros([2, 2, 2, 2, 3]), [1, 1, 1], "VALID"),
     ValueError, "requires the stride attribute to contain 5 values"),
    (lambda: tf.nn.max_pool3d(tf.zeros([1, 2, 2, 2, 1], tf.float64), 2, 2, "VALID"),
     TypeError, "DataType float64 not in list of allowed values"),
    (lambda: tf.nn.avg_pool3d(tf.zeros([1, 2, 2, 2, 1]), 3, 1, "VALID"),
     ValueError, "Negative dimension size"),
])
def test_static_errors_name_the_op(build, error, fragment):
    with tf.Graph().as_default():
        with pytest.raises(error, match=None) as info:
            build()
    assert fragment in str(info.value)


def test_runtime_errors_leave_the_session_usable():
    with tf.Graph().as_default():
        x = tf.ones([1, 3, 4, 4, 2])
        batch_stride = tf.nn.conv3d(x, tf.ones([2, 2, 2, 2, 3]), [2, 1, 1, 1, 1], "VALID", name="strided")
        depth_window = tf.nn.max_pool3d(x, [1, 2, 2, 2, 2], [1, 2, 2, 2, 1], "VALID", name="deep")
        fine = tf.reduce_sum(tf.nn.avg_pool3d(x, 2, 2, "VALID"))
        sess = tf.Session()
        with pytest.raises(tf.errors.UnimplementedError, match="strides in the batch and depth") as info:
            sess.run(batch_stride)
        assert info.value.op.name == "strided"
        with pytest.raises(tf.errors.UnimplementedError, match="depth dimension"):
            sess.run(depth_window)
        assert sess.run(fine) == 8.0


def test_conv3d_transpose_is_the_input_gradient_and_round_trips_through_graph_def():
    rng = np.random.default_rng(3)
    x, f = rng.standard_normal((1, 4, 5, 4, 2)), rng.standard_normal((2, 3, 2, 2, 3))
    dy = rng.standard_normal((1, 2, 3, 2, 3))
    with tf.Graph().as_default() as graph:
        xt = tf.constant(x)
        y = tf.nn.conv3d(xt, f, [1, 2, 2, 2, 1], "SAME")
        grad = tf.gradients(y, xt, grad_ys=dy)[0]
        transposed = tf.nn.conv3d_transpose(dy, f, [1, 4, 5, 4, 2], [1, 2, 2, 2, 1], "SAME", name="up")
        want = tf.Session().run([grad, transposed])
        graph_def = graph.as_graph_def()
    np.testing.assert_allclose(want[0], want[1], rtol=1e-12)
    with tf.Graph().as_default() as imported:
        tf.import_graph_def(graph_def, name="")
        got = tf.Session().run(imported.get_tensor_by_name("up:0"))
    np.testing.assert_allclose(got, want[1], rtol=1e-12)
