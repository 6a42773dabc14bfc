"""bfloat16 and the tf.dtypes.experimental types with ml_dtypes installed: NumPy types,
TensorProto layouts and Cast rounding (bit patterns TF's kernels give, recorded with TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import dtypes
from tfsess.framework.tensor_proto import make_ndarray, make_tensor_proto


ml_dtypes = pytest.importorskip("ml_dtypes")
BF16 = ml_dtypes.bfloat16


def _bits(x):
    return np.asarray(x).view(np.uint16).tolist()


def test_numpy_types_and_limits():
    assert tf.bfloat16.as_numpy_dtype is BF16 and tf.as_dtype(BF16) is tf.bfloat16
    assert float(tf.bfloat16.max) == pytest.approx(3.3895313892515355e38)
    assert (int(tf.dtypes.experimental.int4.min), int(tf.dtypes.experimental.int4.max)) == (-8, 7)
    assert float(tf.dtypes.experimental.float8_e4m3fn.max) == 448.0
    assert tf.as_dtype(ml_dtypes.float8_e5m2) is tf.dtypes.experimental.float8_e5m2


def test_cast_rounds_to_nearest_even_through_float32():
    f32 = np.array([1.00390625, 1.01171875, 1.0078125, -0.0, 1e-40], np.float32)
    f64 = np.array([1.0 + 2 ** -8 + 2 ** -30, 2 ** -133 + 2 ** -140], np.float64)  # TF: via float32, FTZ
    with tf.Session() as sess:
        assert _bits(sess.run(tf.cast(f32, tf.bfloat16))) == [16256, 16258, 16257, 32768, 1]
        assert _bits(sess.run(tf.cast(f64, tf.bfloat16))) == [16256, 0]
        assert _bits(sess.run(tf.cast(np.array([2 ** 53 + 1, 2 ** 40 + 2 ** 32 + 1], np.int64), tf.bfloat16))) == \
            [23040, 21376]


def test_cast_bfloat16_to_small_ints_follows_tfs_vector_and_scalar_loops():
    values = np.array([200, -129, 70000, 65536, 3e38, 1.5, -2.5, 300, 70000, 200, -129, 3e38, 65536, -70000,
                       40000, 1e10, -1e10], np.float32).astype(BF16)  # 16 in the vector loop, 1 in the scalar one
    with tf.Session() as sess:
        out = {d.name: sess.run(tf.cast(values, d)).tolist() for d in (tf.int8, tf.uint8, tf.uint32)}
    assert out["int8"] == [127, -128, 127, 127, -128, 1, -2, 127, 127, 127, -128, -128, 127, -128, 127, -128, 0]
    assert out["uint8"] == [200, 0, 255, 255, 0, 1, 0, 255, 255, 200, 0, 0, 255, 0, 255, 0, 0]
    assert out["uint32"][-1] == 2885681152 and out["uint32"][4] == 2147483648


def test_unsupported_casts_fail_like_tf():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="Cast int32 to float8_e5m2 is not supported"):
            sess.run(tf.cast(tf.constant([1, 2]), tf.dtypes.experimental.float8_e5m2))
        with pytest.raises(tf.errors.UnimplementedError, match="Cast float to int4 is not supported"):
            sess.run(tf.cast(tf.constant([1.0]), tf.dtypes.experimental.int4))
        assert sess.run(tf.cast(tf.constant([9, -9, 17]), tf.dtypes.experimental.int4)).astype(int).tolist() == \
            [-7, 7, 1]  # wraps, as TF's kernel
        assert sess.run(tf.constant(1)) == 1  # the session is still usable


def test_bfloat16_arithmetic_rounds_float32_results():
    rs = np.random.RandomState(0)
    a, b = rs.randn(5, 64).astype(BF16), rs.randn(64, 7).astype(BF16)
    pa, pb = tf.placeholder(tf.bfloat16), tf.placeholder(tf.bfloat16)
    with tf.Session() as sess:
        mm, total, mean, soft = sess.run([tf.matmul(pa, pb), tf.reduce_sum(pa, 1), tf.reduce_mean(pa, 1),
                                          tf.nn.softmax(pa)], {pa: a, pb: b})
    af = a.astype(np.float32)
    assert mm.dtype == BF16 and _bits(mm) == _bits((af @ b.astype(np.float32)).astype(BF16))
    assert _bits(total) == _bits(af.sum(1).astype(BF16)) and _bits(mean) == _bits(af.mean(1).astype(BF16))
    e = np.exp(af - af.max(1, keepdims=True))
    assert _bits(soft) == _bits((e / e.sum(1, keepdims=True)).astype(BF16))


def test_bfloat16_trains_and_feeds():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.bfloat16, [2])
        w = tf.Variable(tf.constant([0.5, -0.25], dtype=tf.bfloat16))
        loss = tf.reduce_sum(tf.square(x * w))
        step = tf.train.GradientDescentOptimizer(0.0625).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            before = float(sess.run(loss, {x: [1.0, 2.0]}))
            sess.run(step, {x: [1.0, 2.0]})
            assert float(sess.run(loss, {x: [1.0, 2.0]})) < before
            assert sess.run(w).dtype == BF16


@pytest.mark.parametrize("array, field, dtype", [
    (np.array([1.5, 2.0, -0.0], BF16), "tensor_content", tf.bfloat16),
    (np.array(1.5, BF16), "half_val", tf.bfloat16),
    (np.array(1.5, np.float32).astype(ml_dtypes.float8_e5m2), "float8_val", tf.dtypes.experimental.float8_e5m2),
    (np.array([1, -3, 7], np.int8).astype(ml_dtypes.int4), "int_val", tf.dtypes.experimental.int4),
    (np.array([3, 4], np.int16).view([("qint16", np.int16)]), "tensor_content", tf.qint16),
])
def test_tensor_proto_layouts_round_trip(array, field, dtype):
    proto = make_tensor_proto(array)
    assert proto.dtype == dtype.as_datatype_enum and len(getattr(proto, field)) > 0
    back = make_ndarray(proto)
    assert back.dtype == np.dtype(dtype.as_numpy_dtype) and back.tobytes() == np.asarray(array).tobytes()


def test_tensor_proto_matches_tf_bytes():
    # bytes of tf.make_tensor_proto in TF 2.21
    assert make_tensor_proto(np.array(1.5, BF16)).SerializeToString().hex() == "080e12006a02c07f"
    assert make_tensor_proto(np.array(3, np.int8), dtype=tf.qint8).SerializeToString().hex() == "080b12003a0103"
    assert make_tensor_proto(np.array([1, -3, 7], np.int8).astype(ml_dtypes.int4)).SerializeToString().hex() == \
        "081d1204120208033a0c01fdffffffffffffffff0107"
