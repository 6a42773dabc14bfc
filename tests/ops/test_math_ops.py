"""Math ops: values, TF's op names, dtype and shape rules, run-time errors, and gradients."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


# ------------------------------------------------------------------ names and dtypes
def test_operators_and_functions_use_tf_op_types_and_names():
    x = tf.constant([1.0, 2.0])
    cases = [(x + 1, "AddV2", "add"), (tf.add(x, 1), "AddV2", "Add"), (x - 1, "Sub", "sub"),
             (x * 2, "Mul", "mul"), (x / 2, "RealDiv", "truediv"), (x // 2, "FloorDiv", "floordiv"),
             (x % 2, "FloorMod", "mod"), (x ** 2, "Pow", "pow"), (-x, "Neg", "Neg"), (abs(x), "Abs", "Abs"),
             (x < 1, "Less", "Less"), (tf.maximum(x, 1.0), "Maximum", "Maximum"),
             (tf.reduce_sum(x), "Sum", "Sum"), (tf.argmax(x), "ArgMax", "ArgMax"),
             (tf.cast(x, tf.int32), "Cast", "Cast"), (tf.sigmoid(x), "Sigmoid", "Sigmoid")]
    for t, op_type, name in cases:
        assert t.op.type == op_type
        assert t.op.name.split("_")[0] == name, t.op.name
    assert (x + 1).op.inputs[1].op.name.startswith("add_") and (x + 1).op.inputs[1].op.name.endswith("/y")


def test_no_implicit_promotion_raises_type_error_naming_both_arguments():
    f32, f64 = tf.constant(1.0), tf.constant(1.0, tf.float64)
    with pytest.raises(TypeError, match="float64.*float32|float32.*float64"):
        f32 + f64
    with pytest.raises(TypeError):
        tf.multiply(tf.constant(1), f32)
    with pytest.raises(TypeError):
        tf.constant([1, 2]) * 1.5
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.sqrt(tf.constant([1, 4]))
    with pytest.raises(TypeError, match="allowed values"):
        tf.reduce_sum(tf.constant([True, False]))


def test_python_scalars_take_the_tensor_dtype():
    f = tf.constant([2.0], tf.float64)
    i = tf.constant([3], tf.int64)
    assert (f + 1).dtype == tf.float64 and (1 + f).dtype == tf.float64
    assert (i * 2).dtype == tf.int64 and (2 ** i).dtype == tf.int64
    assert run(10 - i).tolist() == [7]
    assert run(f + np.float32(0.5)).tolist() == [2.5]


def test_truediv_of_integers_gives_floats():
    a = tf.constant([7, -7], tf.int32)
    b = tf.constant([7, -7], tf.int16)
    assert (a / 2).dtype == tf.float64 and (b / 2).dtype == tf.float32
    assert run(a / 2).tolist() == [3.5, -3.5]
    assert run(tf.div(a, 2)).tolist() == [3, -4]
    assert run(tf.truncatediv(a, 2)).tolist() == [3, -3]
    assert run(tf.truncatemod(a, 2)).tolist() == [1, -1]
    with pytest.raises(TypeError, match="Invalid dtype"):
        tf.constant([True]) / tf.constant([True])


def test_integer_division_by_zero_is_an_invalid_argument_naming_the_op():
    a = tf.placeholder(tf.int32, [None])
    b = tf.placeholder(tf.int32, [None])
    with tf.Session() as sess:
        for t in (a // b, a % b):
            with pytest.raises(errors.InvalidArgumentError, match="Integer division by zero") as info:
                sess.run(t, {a: [1], b: [0]})
            assert info.value.op is t.op and t.op.name in str(info.value)
        t = tf.truncatediv(a, b)  # TF's truncating kernels report an internal error instead
        with pytest.raises(errors.InternalError, match="only integer div and mod should have errors") as info:
            sess.run(t, {a: [1], b: [0]})
        assert info.value.op is t.op and t.op.name in str(info.value)


def test_integer_pow_with_negative_exponent_fails_when_run():
    e = tf.placeholder(tf.int32, [])
    with pytest.raises(errors.InvalidArgumentError, match="negative integer powers"):
        run(tf.pow(tf.constant(2), e), {e: -1})


def test_float_special_values_are_silent():
    assert np.isnan(run(tf.sqrt(-1.0)))
    assert run(tf.log(0.0)) == -np.inf
    assert run(tf.constant(1.0) / 0.0) == np.inf
    assert run(tf.div_no_nan(1.0, 0.0)) == 0.0


def test_broadcast_mismatch_is_a_value_error_when_built():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.ones([2, 3]) + tf.ones([2, 2])
    p = tf.placeholder(tf.float32, [None, 3])
    assert (p * tf.ones([4, 1, 1])).shape.as_list() == [4, None, 3]
    assert str((p + tf.placeholder(tf.float32)).shape) == "<unknown>"


def test_unary_functions_match_numpy():
    x = np.array([0.25, 1.0, 4.0], np.float32)
    got = run([tf.expm1(x), tf.reciprocal(x), tf.tan(x), tf.atan(x), tf.floor(x * 1.5), tf.ceil(x * 1.5),
               tf.round(tf.constant([0.5, 1.5, 2.5])), tf.rint(x * 1.5)])
    want = [np.expm1(x), 1 / x, np.tan(x), np.arctan(x), np.floor(x * 1.5), np.ceil(x * 1.5), [0, 2, 2],
            np.rint(x * 1.5)]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-6)
    assert run([tf.is_nan(np.nan), tf.is_inf(np.inf), tf.is_finite(1.0)]) == [True, True, True]


def test_complex_abs_real_imag_conj():
    z = tf.constant([3 + 4j, -1j], tf.complex64)
    assert tf.abs(z).op.type == "ComplexAbs" and tf.abs(z).dtype == tf.float32
    got = run([tf.abs(z), tf.real(z), tf.imag(z), tf.conj(z), tf.complex(tf.constant([1.0]), tf.constant([2.0]))])
    np.testing.assert_allclose(got[0], [5, 1])
    assert got[1].tolist() == [3, 0] and got[2].tolist() == [4, -1]
    assert got[3].tolist() == [3 - 4j, 1j] and got[4].tolist() == [1 + 2j]
    with pytest.raises(TypeError):
        tf.complex(tf.constant([1.0]), tf.constant([1.0], tf.float64))


def test_comparisons_logic_and_bitwise_operators():
    a, b = tf.constant([1, 5, 3]), tf.constant([2, 5, 1])
    t, f = tf.constant([True, False]), tf.constant([True, True])
    got = run([a <= b, a > b, tf.equal(a, b), t ^ f, ~t, a & 1, a | 2, ~a, tf.logical_xor(t, f)])
    assert got[0].tolist() == [True, True, False] and got[1].tolist() == [False, False, True]
    assert got[2].tolist() == [False, True, False] and got[3].tolist() == [False, True]
    assert got[4].tolist() == [False, True] and got[5].tolist() == [1, 1, 1]
    assert got[6].tolist() == [3, 7, 3] and got[7].tolist() == [-2, -6, -4]
    assert run(tf.equal(tf.constant(["a", "b"]), "a")).tolist() == [True, False]
    assert (a == a) is True and (a == b) is False


# ------------------------------------------------------------------ reductions
def test_reduction_arguments_and_aliases():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    got = run([tf.reduce_sum(x, reduction_indices=[1]), tf.reduce_mean(x, 0, keep_dims=True),
               tf.reduce_max(x, axis=-1), tf.reduce_prod(x), tf.reduce_logsumexp(x, 1),
               tf.count_nonzero(x - 1), tf.reduce_std(x), tf.reduce_variance(x, 0)])
    assert got[0].tolist() == [3, 7] and got[1].tolist() == [[2, 3]] and got[2].tolist() == [2, 4]
    assert got[3] == 24 and got[5] == 3
    np.testing.assert_allclose(got[4], np.log(np.exp([[1, 2], [3, 4]]).sum(1)), rtol=1e-6)
    np.testing.assert_allclose(got[6], np.std([1, 2, 3, 4]), rtol=1e-6)
    assert got[7].tolist() == [1, 1]
    with pytest.raises(ValueError, match="both"):
        tf.reduce_sum(x, axis=0, reduction_indices=0)
    with pytest.raises(ValueError, match="Invalid reduction dimension 2"):
        tf.reduce_sum(x, 2)


def test_reduction_all_axes_uses_a_const_and_unknown_rank_gives_a_scalar():
    x = tf.constant([[1, 2]])
    s = tf.reduce_sum(x)
    assert s.op.inputs[1].op.type == "Const"
    p = tf.placeholder(tf.float32)
    assert tf.reduce_sum(p).shape.as_list() == []
    assert tf.reduce_sum(p, keepdims=True).shape.ndims is None
    assert run(tf.reduce_sum(p), {p: np.ones((2, 3))}) == 6.0


def test_reduction_with_runtime_axis_checks_range():
    axis = tf.placeholder(tf.int32, [])
    x = tf.constant([[1, 2], [3, 4]])
    s = tf.reduce_sum(x, axis)
    assert s.shape.ndims is None
    assert run(s, {axis: 1}).tolist() == [3, 7]
    with pytest.raises(errors.InvalidArgumentError, match="Invalid reduction dimension"):
        run(s, {axis: 5})


def test_empty_reductions_and_integer_mean():
    got = run([tf.reduce_max(tf.zeros([0], tf.int32)), tf.reduce_min(tf.zeros([0])), tf.reduce_prod(tf.zeros([0])),
               tf.reduce_mean(tf.constant([-3, -4]))])
    assert got[0] == np.iinfo(np.int32).min and got[1] == np.inf and got[2] == 1.0 and got[3] == -3


def test_argmax_argmin_and_errors():
    x = tf.constant([[3, 9, 9], [7, 0, 7]])
    assert tf.argmax(x, 1, output_type=tf.int32).dtype == tf.int32
    assert run([tf.argmax(x, 1), tf.argmin(x, 0), tf.argmax(x, dimension=0)])[0].tolist() == [1, 0]
    with pytest.raises(ValueError, match="must be in the range"):
        tf.argmax(x, 2)
    p = tf.placeholder(tf.float32, [None])
    with pytest.raises(errors.InvalidArgumentError, match="empty"):
        run(tf.argmax(p), {p: np.zeros(0)})


def test_cumsum_cumprod_and_segment_sum():
    x = tf.constant([1.0, 2.0, 3.0])
    got = run([tf.cumprod(x), tf.cumprod(x, exclusive=True, reverse=True),
               tf.unsorted_segment_sum(tf.constant([[1, 2], [3, 4], [5, 6]]), [2, 0, 2], 3)])
    assert got[0].tolist() == [1, 2, 6] and got[1].tolist() == [6, 3, 1]
    assert got[2].tolist() == [[3, 4], [0, 0], [6, 8]]
    with pytest.raises(errors.InvalidArgumentError, match=r"segment_ids\[0\] = 5 is out of range"):
        run(tf.unsorted_segment_sum(tf.constant([1.0]), [5], 2))


# ------------------------------------------------------------------ add_n, clip, cast
def test_add_n_rules():
    a = tf.constant([1, 2])
    assert tf.add_n([a]) is a  # TF returns a lone input itself, or an Identity when named
    assert tf.add_n([a], name="total").op.type == "Identity"
    assert tf.add_n([a, a, a]).op.type == "AddN"
    with pytest.raises(ValueError):
        tf.add_n([])
    with pytest.raises(ValueError):
        tf.add_n([a, tf.constant([1, 2, 3])])
    with pytest.raises(TypeError):
        tf.add_n([a, tf.constant([1.0, 2.0])])


def test_clip_by_value_rejects_broadcasting_bounds():
    with pytest.raises(ValueError):
        tf.clip_by_value(tf.constant([1.0]), tf.zeros([2]), 1.0)
    assert run(tf.clip_by_value(tf.constant([[-2, 7]]), [0, 0], 5)).tolist() == [[0, 5]]


def test_cast_rules():
    x = tf.constant([1.9, -1.9, 0.0])
    assert tf.cast(x, tf.float32) is x
    assert run(tf.cast(x, tf.int64)).tolist() == [1, -1, 0]
    assert run(tf.cast(x, tf.bool)).tolist() == [True, True, False]
    assert run(tf.saturate_cast(tf.constant([300.0, -5.0]), tf.uint8)).tolist() == [255, 0]
    assert tf.to_double(x).dtype == tf.float64 and tf.to_int64(x).dtype == tf.int64


# ------------------------------------------------------------------ matrix products
def test_matmul_batches_adjoints_and_errors():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(2, 3, 2)
    assert tf.matmul(a, b).op.type == "BatchMatMulV2"
    assert tf.matmul(a, b).shape.as_list() == [2, 2, 2]
    np.testing.assert_allclose(run(tf.matmul(a, b)), a @ b)
    np.testing.assert_allclose(run(tf.matmul(b, b, adjoint_a=True)), np.swapaxes(b, 1, 2) @ b)
    with pytest.raises(ValueError, match="Only one of"):
        tf.matmul(a, a, transpose_a=True, adjoint_a=True)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.matmul(tf.ones([2, 3, 4]), tf.ones([2, 3, 4]))
    p = tf.placeholder(tf.float32, [None, None])
    with pytest.raises(errors.InvalidArgumentError, match="Matrix size-incompatible"):
        run(tf.matmul(p, p), {p: np.ones((2, 3))})


def test_einsum_tensordot_and_linalg():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    got = run([tf.einsum("ij,kj", a, a), tf.einsum("...j,j->...", a, np.ones(3, np.float32)),
               tf.tensordot(a, a.T, [[0, 1], [1, 0]]), tf.eye(2, 3, batch_shape=[2]), tf.trace(tf.eye(3)),
               tf.linalg.inv([[2.0, 0.0], [0.0, 4.0]]), tf.linalg.det([[2.0, 1.0], [1.0, 2.0]]),
               tf.linalg.set_diag(tf.zeros([2, 2]), [1.0, 2.0]), tf.matrix_transpose(tf.ones([1, 2, 3])),
               tf.norm([3.0, 4.0])])
    np.testing.assert_allclose(got[0], a @ a.T)
    np.testing.assert_allclose(got[1], a.sum(1))
    assert got[2] == (a * a).sum()
    assert got[3].shape == (2, 2, 3) and got[3][1].tolist() == [[1, 0, 0], [0, 1, 0]]
    assert got[4] == 3 and got[5].tolist() == [[0.5, 0], [0, 0.25]]
    np.testing.assert_allclose(got[6], 3.0, rtol=1e-6)
    assert got[7].tolist() == [[1, 0], [0, 2]] and got[8].shape == (1, 3, 2) and got[9] == 5.0
    with pytest.raises(errors.InvalidArgumentError, match="not invertible"):
        run(tf.linalg.inv(tf.zeros([2, 2])))
    with pytest.raises(ValueError, match="axes"):
        tf.tensordot(a, a, 3)


# ------------------------------------------------------------------ gradients
def test_broadcasting_gradients_sum_back_to_each_input_shape():
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    b = tf.constant([10.0, 20.0, 30.0])
    c = tf.placeholder(tf.float32, [None, 1])
    y = tf.reduce_sum((x + b) * c / 2.0)
    gx, gb, gc = tf.gradients(y, [x, b, c])
    got = run([gx, gb, gc], {c: [[2.0], [3.0]]})
    assert got[0].tolist() == [[1, 1, 1], [1.5, 1.5, 1.5]]
    assert got[1].tolist() == [2.5, 2.5, 2.5]
    assert got[2].tolist() == [[33.0], [37.5]]


def test_gradients_of_reductions_and_nonsmooth_points():
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 0.5, 4.0]])
    got = run([tf.gradients(tf.reduce_max(x), x)[0], tf.gradients(tf.reduce_mean(x, 0), x)[0],
               tf.gradients(tf.reduce_prod(x, 1), x)[0], tf.gradients(tf.maximum(x, 3.0), x)[0],
               tf.gradients(tf.abs(x - 3.0), x)[0]])
    assert got[0].tolist() == [[0, 0, 0], [0, 0, 1]]
    assert got[1].tolist() == [[0.5] * 3, [0.5] * 3]
    assert got[2].tolist() == [[9, 3, 3], [2, 8, 1]]
    assert got[3].tolist() == [[0, 1, 1], [0, 0, 1]]
    assert got[4].tolist() == [[-1, 0, 0], [-1, -1, 1]]


def test_integer_and_comparison_ops_have_no_gradient():
    x = tf.constant([1.0, 2.0])
    assert tf.gradients(tf.cast(tf.argmax(x), tf.float32), x)[0] is None
    assert tf.gradients(tf.cast(x > 1, tf.float32), x)[0] is None
    assert tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32), x)[0] is None


def test_matmul_and_unary_gradients():
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    b = tf.constant([[0.5], [2.0]])
    ga, gb = tf.gradients(tf.reduce_sum(tf.matmul(a, b, transpose_a=True)), [a, b])
    got = run([ga, gb, tf.gradients(tf.sigmoid(b), b)[0], tf.gradients(tf.sqrt(b), b)[0]])
    assert got[0].tolist() == [[0.5, 0.5], [2, 2]] and got[1].tolist() == [[3], [7]]
    s = 1 / (1 + np.exp(-np.array([[0.5], [2.0]])))
    np.testing.assert_allclose(got[2], s * (1 - s), rtol=1e-6)
    np.testing.assert_allclose(got[3], 0.5 / np.sqrt([[0.5], [2.0]]), rtol=1e-6)


def _numeric_grad(sess, y, x, feed, value, eps=1e-6):
    out = np.zeros_like(value)
    for idx in np.ndindex(*value.shape):
        hi, lo = value.copy(), value.copy()
        hi[idx] += eps
        lo[idx] -= eps
        out[idx] = (sess.run(y, {**feed, x: hi}).sum() - sess.run(y, {**feed, x: lo}).sum()) / (2 * eps)
    return out


@pytest.mark.parametrize("name", ["atan2", "erf", "asin_acos", "sinh_cosh", "band_part", "diag", "diag_part",
                                  "roll", "reverse_sequence", "segment_sum", "clip_by_norm", "einsum_diag"])
def test_gradients_match_finite_differences(name):
    p = tf.placeholder(tf.float64, [2, 3])
    w = tf.constant(np.arange(1.0, 7.0).reshape(2, 3))
    builds = {
        "atan2": lambda: tf.atan2(p, w), "erf": lambda: tf.erf(p) * w,
        "asin_acos": lambda: tf.asin(p / 4) + tf.acos(p / 5) * w, "sinh_cosh": lambda: tf.sinh(p) * tf.cosh(w / 9),
        "band_part": lambda: tf.matrix_band_part(p, 0, 1) * w,
        "diag": lambda: tf.diag(p) * tf.ones([2, 3, 2, 3], tf.float64) * 2,
        "diag_part": lambda: tf.diag_part(p[:, :2]) * tf.constant([1.0, 2.0], tf.float64),
        "roll": lambda: tf.roll(p, [1, 2], [0, 1]) * w,
        "reverse_sequence": lambda: tf.reverse_sequence(p, [1, 3], 1) * w,
        "segment_sum": lambda: tf.segment_sum(p, [0, 0]) * w[0],
        "clip_by_norm": lambda: tf.clip_by_norm(p, 1.0, axes=[1]) * w,
        "einsum_diag": lambda: tf.einsum("ii->i", tf.matmul(p, p, transpose_b=True)),
    }
    y = builds[name]()
    value = np.array([[0.3, -0.7, 1.1], [0.9, 0.2, -0.4]])
    g = tf.gradients(tf.reduce_sum(y), p)[0]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(g, {p: value}), _numeric_grad(sess, y, p, {}, value), rtol=1e-5,
                                   atol=1e-7)
