"""Variations of the public ops_math cases: dtypes, promotion errors, broadcasting, reductions."""
import numpy as np

from _harness import catch, message_has


def case_no_promotion_variations(tf):
    h = tf.constant(1.0, tf.float16)
    f = tf.constant(1.0)
    u8 = tf.constant(1, tf.uint8)
    i8 = tf.constant(1, tf.int8)
    c = tf.constant(1 + 1j)
    return {
        "f16_f32": catch(lambda: h + f),
        "u8_i8": catch(tf.add, u8, i8),
        "complex_float": catch(lambda: c * f),
        "bool_add": catch(tf.add, tf.constant(True), tf.constant(False)),
        "string_add": tf.Session().run(tf.add(tf.constant("a"), tf.constant("b"))),
        "string_plus_int": catch(lambda: tf.constant("a") + 1),
        "msg": message_has(lambda: f + tf.constant(1, tf.int32), "expected type float32", "int32"),
        "sub_i64_i32": catch(tf.subtract, tf.constant(1, tf.int64), tf.constant(1)),
    }


def case_python_scalar_variations(tf):
    h = tf.constant([1.0, 2.0], tf.float16)
    d = tf.constant([1.0, 2.0], tf.float64)
    u = tf.constant([200, 3], tf.uint8)
    i64 = tf.constant([2, 3], tf.int64)
    sess = tf.Session()
    return {
        "f16_scalar": sess.run(h * 1.5),
        "f64_rpow": sess.run(2.0 ** d),
        "uint8_wrap": sess.run(u + 100),
        "int64_big": sess.run(i64 * 2 ** 40),
        "int32_overflow_const": catch(lambda: tf.constant([1]) + 2 ** 40),
        "dtypes": [(h * 2).dtype.name, (u + 1).dtype.name, (1 - i64).dtype.name, (d / 2).dtype.name],
        "bool_scalar_and": sess.run(tf.constant([True, False]) & True),
        "np_int_array_operand": sess.run(i64 + np.array([1, 1])),
        "np_float32_to_f64": sess.run(d + np.float32(0.5)),
        "uint8_neg": sess.run(-u),
        "complex_abs": sess.run(abs(tf.constant([3 + 4j]))),
    }


def case_broadcasting_variations(tf):
    sess = tf.Session()
    p = tf.placeholder(tf.float32, [None, 1])
    q = tf.placeholder(tf.float32, [None, 3])
    s = p * q
    return {
        "static": s.shape.as_list(),
        "runtime": sess.run(s, {p: [[1.0], [2.0]], q: [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}),
        "runtime_error": catch(sess.run, s + tf.placeholder_with_default(tf.ones([4, 3]), [None, 3]),
                               {p: [[1.0]], q: np.ones((2, 3))}),
        "after_error": sess.run(s, {p: [[2.0]], q: [[1.0, 1.0, 1.0]]}),
        "empty": sess.run(tf.zeros([0, 3]) + tf.ones([3])).shape,
        "scalar_to_empty": sess.run(tf.constant(1) + tf.zeros([0], tf.int32)).shape,
        "rank5": (tf.ones([1, 2, 1, 1, 3]) + tf.ones([4, 1, 1])).shape.as_list(),
        "max_f64": sess.run(tf.maximum(tf.constant([[1.0], [5.0]], tf.float64), tf.constant([2.0, 3.0], tf.float64))),
        "min_int64": sess.run(tf.minimum(tf.constant([3, -7], tf.int64), tf.constant(0, tf.int64))),
        "max_nan": sess.run(tf.maximum(tf.constant([float("nan"), 1.0]), tf.constant([0.0, float("nan")]))),
        "max_bool": catch(tf.maximum, tf.constant(True), tf.constant(False)),
        "incompat_3d": catch(lambda: tf.ones([2, 1, 3]) * tf.ones([4, 2])),
        "op_type_name": [(p + q).op.type, tf.add(p, q, name="plus").name, (p - q).op.type, (p * q).op.type],
    }


def case_int_division_variations(tf):
    sess = tf.Session()
    a = tf.constant([7, -7, 7, -7], tf.int64)
    b = tf.constant([2, 2, -2, -2], tf.int64)
    u = tf.constant([7, 200], tf.uint8)
    v = tf.constant([2, 7], tf.uint8)
    i16 = tf.constant([-9], tf.int16)
    return {
        "i64": sess.run([a / b, a // b, a % b, tf.truncatediv(a, b), tf.truncatemod(a, b)]),
        "i64_dtype": (a / b).dtype.name,
        "u8": sess.run([u // v, u % v, u / v]),
        "u8_truediv_dtype": (u / v).dtype.name,
        "i16": sess.run([i16 // 4, i16 % 4, i16 / 4]),
        "i16_truediv_dtype": (i16 / 4).dtype.name,
        "div_op": sess.run(tf.div(a, b)),
        "div_no_nan": sess.run(tf.div_no_nan(tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0]))),
        "i64_floordiv_zero": catch(sess.run, a // tf.constant(0, tf.int64)),
        "truncatediv_zero": catch(sess.run, tf.truncatediv(a, tf.zeros([4], tf.int64))),
        "after": sess.run(a % 3),
    }


def case_float_division_variations(tf):
    sess = tf.Session()
    x = tf.constant([7.5, -7.5, 1.0, -1.0], tf.float64)
    y = tf.constant([-2.0, -2.0, 0.0, 0.0], tf.float64)
    h = tf.constant([5.0, -5.0], tf.float16)
    return {
        "f64": sess.run([x / y, tf.floordiv(x[:2], y[:2]), tf.floormod(x[:2], y[:2])]),
        "f64_floormod_zero": sess.run(tf.floormod(x[2:], y[2:])),
        "f16": sess.run([h / 2.0, h // 3.0, h % 3.0]),
        "complex_div": sess.run(tf.constant([1 + 1j]) / tf.constant([1 - 1j])),
        "truncatemod_float": sess.run(tf.truncatemod(tf.constant([-7.5, 7.5]), tf.constant(2.0))),
        "floordiv_neg_zero": sess.run(tf.floordiv(tf.constant([0.0, -0.0]), tf.constant([-1.0, 1.0]))),
    }


def case_reduction_variations(tf):
    x = tf.constant([[1, 2, 3], [4, 5, 6]], tf.int64)
    h = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float16)
    c = tf.constant([1 + 2j, 3 - 1j])
    p = tf.placeholder(tf.float32, [None, 3])
    ax = tf.placeholder(tf.int32, [None])
    sess = tf.Session()
    dyn = tf.reduce_sum(p, axis=ax)
    return {
        "int64": sess.run([tf.reduce_sum(x, -1), tf.reduce_prod(x, 0), tf.reduce_max(x), tf.reduce_mean(x, 1)]),
        "f16": sess.run([tf.reduce_sum(h), tf.reduce_mean(h, 0), tf.reduce_max(h, 1, keepdims=True)]),
        "complex_sum": sess.run(tf.reduce_sum(c)),
        "complex_max": catch(tf.reduce_max, c),
        "dyn_axis": sess.run(dyn, {p: np.ones((2, 3)), ax: [1]}),
        "dyn_axis_shape": str(dyn.shape),
        "dyn_axis_empty": sess.run(dyn, {p: np.ones((2, 3)), ax: []}),
        "axis_oob": catch(tf.reduce_sum, x, 2),
        "axis_oob_runtime": catch(sess.run, dyn, {p: np.ones((2, 3)), ax: [5]}),
        "dup_axis": sess.run(tf.reduce_sum(x, [1, -1])),
        "empty_axis_list": sess.run(tf.reduce_sum(x, [])),
        "names": [tf.reduce_sum(x, name="total").name, tf.reduce_mean(x).op.type, tf.reduce_max(x).op.type],
        "logsumexp": sess.run(tf.reduce_logsumexp(tf.constant([[0.0, 1000.0], [1.0, 1.0]]), axis=1)),
        "std_var": sess.run([tf.math.reduce_std(tf.constant([1.0, 3.0])), tf.math.reduce_variance(tf.constant([1.0, 3.0]))]),
        "euclid": sess.run(tf.math.reduce_euclidean_norm(tf.constant([3.0, 4.0]))),
    }


def case_reductions_bool_string_variations(tf):
    b = tf.placeholder(tf.bool, [None, 2])
    sess = tf.Session()
    return {
        "any_empty": sess.run([tf.reduce_any(b), tf.reduce_all(b)], {b: np.zeros((0, 2), bool)}),
        "any_axis_keep": sess.run(tf.reduce_any(b, -1, keepdims=True), {b: [[True, False], [False, False]]}),
        "all_float": catch(tf.reduce_all, tf.constant([1.0])),
        "any_int": catch(tf.reduce_any, tf.constant([1])),
        "mean_bool": catch(tf.reduce_mean, tf.constant([True])),
        "max_string": catch(tf.reduce_max, tf.constant(["a"])),
        "join": sess.run(tf.reduce_join(tf.constant([["a", "b"], ["c", "d"]]), axis=1, separator="-")),
        "mean_u8": sess.run(tf.reduce_mean(tf.constant([250, 10], tf.uint8))),
        "sum_u8_wrap": sess.run(tf.reduce_sum(tf.constant([250, 10], tf.uint8))),
        "count_nonzero": sess.run([tf.count_nonzero(tf.constant([[0, 1], [2, 0]])), tf.count_nonzero(tf.constant([0.0, 1.5]), 0)]),
        "count_dtype": tf.count_nonzero(tf.constant([1])).dtype.name,
    }


def case_unary_math_dtypes(tf):
    d = tf.constant([0.25, 1.0, 4.0], tf.float64)
    h = tf.constant([0.25, 1.0, 4.0], tf.float16)
    i = tf.constant([-3, 0, 4])
    c = tf.constant([1 + 1j, -2j], tf.complex128)
    sess = tf.Session()
    return {
        "f64": sess.run([tf.sqrt(d), tf.exp(d), tf.log(d), tf.sin(d), tf.tanh(d), tf.sigmoid(d), tf.rsqrt(d)]),
        "f16": sess.run([tf.sqrt(h), tf.exp(h), tf.square(h), tf.reciprocal(h)]),
        "int": sess.run([tf.abs(i), tf.square(i), tf.negative(i), tf.sign(i)]),
        "int_sqrt": catch(tf.sqrt, i),
        "int_exp": catch(tf.exp, i),
        "complex": sess.run([tf.exp(c), tf.sqrt(c), tf.abs(c), tf.square(c), tf.conj(c), tf.real(c), tf.imag(c), tf.angle(c)]),
        "complex_abs_dtype": tf.abs(c).dtype.name,
        "rounding": sess.run([tf.round(tf.constant([0.5, 1.5, 2.5, -0.5])), tf.floor(tf.constant([-1.5, 1.5])),
                              tf.ceil(tf.constant([-1.5, 1.5])), tf.rint(tf.constant([0.5, 1.5]))]),
        "bool_neg": catch(tf.negative, tf.constant([True])),
        "shape_unknown": str(tf.exp(tf.placeholder(tf.float32)).shape),
        "name": tf.exp(d, name="e").name,
        "scalar_empty": sess.run([tf.exp(tf.constant(0.0)), tf.sqrt(tf.zeros([0]))]),
    }


def case_special_values_variations(tf):
    sess = tf.Session()
    d = tf.constant([-1.0, 0.0, float("inf"), float("nan")], tf.float64)
    return sess.run({
        "f64_sqrt": tf.sqrt(d),
        "f64_log": tf.log(d),
        "f64_rsqrt": tf.rsqrt(d),
        "f64_reciprocal": tf.reciprocal(d),
        "sign_float": tf.sign(d),
        "f16_exp_overflow": tf.exp(tf.constant([12.0, -20.0], tf.float16)),
        "is": [tf.is_nan(d), tf.is_inf(d), tf.is_finite(d)],
        "pow_zero_zero": tf.pow(tf.constant([0.0, -0.0]), 0.0),
        "log1p_neg1": tf.log1p(tf.constant([-1.0, -2.0])),
        "int_abs_min": tf.abs(tf.constant([-2147483648])),
        "sigmoid_extreme": tf.sigmoid(tf.constant([-1000.0, 1000.0])),
        "tanh_inf": tf.tanh(d),
    })


def case_constant_dtype_variations(tf):
    values = [np.float16(1.5), np.array([1, 2], np.int8), np.array([True]), [], [[]], np.array([], np.float64),
              2 ** 31, -2 ** 31, 2 ** 63 - 1, np.uint16(7), [1, 2 ** 40], ["a", b"b"], np.complex64(1j),
              np.array(["x"], dtype=object)]
    return {
        "dtypes": [tf.constant(v).dtype.name for v in values],
        "shapes": [tf.constant(v).shape.as_list() for v in values],
        "too_big": catch(tf.constant, 2 ** 64),
        "mixed_str_int": catch(tf.constant, ["a", 1]),
        "ragged": catch(tf.constant, [[1], [1, 2]]),
        "to_uint8_neg": catch(tf.constant, -1, tf.uint8),
        "float_to_int_list": catch(tf.constant, [1.0, 2.5], tf.int64),
        "int_to_f16": tf.Session().run(tf.constant([1, 2], tf.float16)),
        "bool_to_int": catch(tf.constant, True, tf.int32),
        "name": tf.constant(1, name="k").name,
        "op_type": tf.constant(1).op.type,
        "none": catch(tf.constant, None),
    }


def case_cast_variations(tf):
    sess = tf.Session()
    f = tf.constant([-1.7, 0.5, 300.0])
    return {
        "to_int8": catch(sess.run, tf.cast(tf.constant([1.9, -1.9]), tf.int8)),
        "to_int64": sess.run(tf.cast(f, tf.int64)),
        "to_f16": sess.run(tf.cast(tf.constant([1.0 / 3, 70000.0]), tf.float16)),
        "complex_to_float": sess.run(tf.cast(tf.constant([1.5 + 2j]), tf.float32)),
        "float_to_complex": sess.run(tf.cast(f, tf.complex64)),
        "int_to_bool": sess.run(tf.cast(tf.constant([0, 2, -1]), tf.bool)),
        "bool_to_int64": sess.run(tf.cast(tf.constant([True, False]), tf.int64)),
        "to_string": catch(tf.cast, f, tf.string),
        "from_string": catch(tf.cast, tf.constant("1"), tf.int32),
        "same_dtype_is_identity": tf.cast(f, tf.float32) is f,
        "name_type": [tf.cast(f, tf.int32, name="c").name, tf.cast(f, tf.int32).op.type],
        "shape": tf.cast(tf.placeholder(tf.float32, [None, 2]), tf.int32).shape.as_list(),
        "to_double": sess.run(tf.to_double(tf.constant([1, 2]))),
        "to_int64_fn": sess.run(tf.to_int64(tf.constant([1.5]))),
        "saturate": sess.run(tf.saturate_cast(tf.constant([-5.0, 300.0]), tf.uint8)),
        "bitcast": sess.run(tf.bitcast(tf.constant([1.0]), tf.int32)),
    }


def case_cumsum_cumprod_variations(tf):
    sess = tf.Session()
    x = tf.constant([[1, 2, 3], [4, 5, 6]], tf.int64)
    p = tf.placeholder(tf.float32, [None, 3])
    return {
        "neg_axis": sess.run(tf.cumsum(x, axis=-1)),
        "axis_tensor": sess.run(tf.cumsum(x, axis=tf.constant(1))),
        "f64": sess.run(tf.cumsum(tf.constant([0.1, 0.2], tf.float64), reverse=True)),
        "cumprod": sess.run([tf.cumprod(x, 1), tf.cumprod(x, 1, exclusive=True), tf.cumprod(x, 0, reverse=True)]),
        "empty": sess.run(tf.cumsum(tf.zeros([0, 2]), 0)).shape,
        "shape": tf.cumsum(p, 1).shape.as_list(),
        "axis_oob": catch(sess.run, tf.cumsum(x, 2)),
        "bool": catch(tf.cumsum, tf.constant([True])),
        "scalar": catch(sess.run, tf.cumsum(tf.constant(3.0))),
        "cumulative_logsumexp": sess.run(tf.math.cumulative_logsumexp(tf.constant([0.0, 0.0, 0.0]))),
    }


def case_argmax_variations(tf):
    sess = tf.Session()
    f = tf.constant([[1.0, float("nan"), 3.0], [2.0, 2.0, -1.0]])
    u = tf.constant([3, 9, 1], tf.uint8)
    p = tf.placeholder(tf.float32, [None, 4])
    return {
        "f32_nan": sess.run([tf.argmax(f, 1), tf.argmin(f, 1)]),
        "uint8": sess.run([tf.argmax(u), tf.argmin(u, output_type=tf.int32)]),
        "output_type": tf.argmax(f, 1, output_type=tf.int32).dtype.name,
        "neg_axis": sess.run(tf.argmax(f, -1)),
        "axis_tensor": sess.run(tf.argmax(f, tf.constant(0))),
        "shape": [tf.argmax(p, 0).shape.as_list(), tf.argmax(p, 1).shape.as_list()],
        "axis_oob": catch(tf.argmax, f, 2),
        "empty": catch(sess.run, tf.argmax(tf.zeros([0]))),
        "bool": catch(tf.argmax, tf.constant([True, False])),
        "dimension_kw": sess.run(tf.argmax(f, dimension=0)),
        "name": tf.argmax(f, 1, name="am").name,
        "bad_output_type": catch(tf.argmax, f, 1, output_type=tf.float32),
    }


def case_comparison_variations(tf):
    sess = tf.Session()
    s = tf.constant(["a", "b"])
    f16 = tf.constant([1.0, float("nan")], tf.float16)
    return {
        "strings_eq": sess.run([tf.equal(s, "a"), tf.not_equal(s, tf.constant(["a", "c"]))]),
        "string_less": catch(tf.less, s, s),
        "nan": sess.run([tf.equal(f16, f16), tf.not_equal(f16, f16), f16 < 2.0]),
        "broadcast": sess.run(tf.greater(tf.constant([[1], [3]]), tf.constant([0, 2, 4]))),
        "bool_eq": sess.run(tf.equal(tf.constant([True, False]), True)),
        "mismatch_dtype": catch(tf.equal, tf.constant([1]), tf.constant([1.0])),
        "incompat_eq": catch(tf.equal, tf.ones([2]), tf.ones([3])),
        "logical_on_int": catch(tf.logical_and, tf.constant([1]), tf.constant([0])),
        "int_bitwise_ops": catch(lambda: tf.constant([1]) & tf.constant([3])),
        "complex_eq": sess.run(tf.equal(tf.constant([1j]), tf.constant([1j]))),
        "complex_less": catch(tf.less, tf.constant([1j]), tf.constant([1j])),
        "logic_broadcast": sess.run(tf.logical_or(tf.constant([[True], [False]]), tf.constant([False, False]))),
        "dtype_shape": [tf.less(tf.placeholder(tf.float32, [None, 1]), tf.ones([3])).shape.as_list(),
                        tf.equal(tf.constant(1), 1).dtype.name],
        "approximate_equal": sess.run(tf.math.approximate_equal(tf.constant([1.0, 1.1]), tf.constant([1.000001, 1.0]))),
    }


def case_clip_variations(tf):
    sess = tf.Session()
    d = tf.constant([-2.0, 0.5, 3.0], tf.float64)
    p = tf.placeholder(tf.float32, [None])
    return {
        "f64": sess.run(tf.clip_by_value(d, -1.0, 1.0)),
        "i64": sess.run(tf.clip_by_value(tf.constant([5, -5], tf.int64), -1, 1)),
        "u8": sess.run(tf.clip_by_value(tf.constant([5, 200], tf.uint8), 10, 100)),
        "min_gt_max": sess.run(tf.clip_by_value(tf.constant([0.0, 5.0]), 3.0, 1.0)),
        "nan": sess.run(tf.clip_by_value(tf.constant([float("nan")]), 0.0, 1.0)),
        "bad_bounds_shape": catch(tf.clip_by_value, tf.ones([3]), tf.zeros([2]), 1.0),
        "dtype_mismatch": catch(tf.clip_by_value, tf.constant([1]), 0.5, 1.5),
        "shape": tf.clip_by_value(p, 0.0, 1.0).shape.as_list(),
        "norm": sess.run([tf.clip_by_norm(tf.constant([3.0, 4.0]), 1.0), tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.3, 0.4]]), 1.0, axes=[1])]),
        "global_norm": sess.run(tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([4.0])], 2.5)),
        "global_norm_none": sess.run(tf.clip_by_global_norm([tf.constant([3.0]), None], 1.0)[0][0]),
        "average_norm": sess.run(tf.clip_by_average_norm(tf.constant([[3.0, 4.0]]), 1.0)),
        "global_norm_value": sess.run(tf.global_norm([tf.constant([3.0]), tf.constant([[4.0]])])),
        "clip_grad": sess.run(tf.gradients(tf.reduce_sum(tf.clip_by_value(d * 1.0, -1.0, 1.0)), d)[0]),
    }


def case_creation_variations(tf):
    sess = tf.Session()
    n = tf.placeholder(tf.int32, [])
    dyn = tf.zeros([n, 2])
    return {
        "add_n_f64": sess.run(tf.add_n([tf.constant([1.5], tf.float64)] * 3)),
        "add_n_single": sess.run(tf.add_n([tf.constant([1, 2])])),
        "add_n_empty": catch(tf.add_n, []),
        "add_n_shape_mismatch": catch(tf.add_n, [tf.ones([2]), tf.ones([3])]),
        "add_n_dtype_mismatch": catch(tf.add_n, [tf.ones([2]), tf.ones([2], tf.int32)]),
        "zeros_bool_string": sess.run([tf.zeros([2], tf.bool), tf.zeros([1], tf.string)]),
        "ones_f16": sess.run(tf.ones([2], tf.float16)),
        "dyn_shape": str(dyn.shape),
        "dyn_run": sess.run(dyn, {n: 3}).shape,
        "fill_string": sess.run(tf.fill([2], "s")),
        "fill_negative": catch(sess.run, tf.fill(tf.placeholder_with_default([-1], [1]), 1.0)),
        "zeros_like_dtype": sess.run(tf.zeros_like(tf.constant([1.5]), dtype=tf.int32)),
        "ones_like_bool": sess.run(tf.ones_like(tf.constant([True, False]))),
        "range_dtypes": [tf.range(3).dtype.name, tf.range(3.0).dtype.name, tf.range(3, dtype=tf.int64).dtype.name,
                         tf.range(tf.constant(1, tf.int64), 5).dtype.name],
        "range_empty": sess.run(tf.range(5, 2)),
        "range_zero_delta": catch(sess.run, tf.range(0, 5, tf.placeholder_with_default(0, []))),
        "range_float_shape": tf.range(0.0, 1.0, 0.3).shape.as_list(),
        "linspace_one": sess.run(tf.linspace(2.0, 5.0, 1)),
        "linspace_f64": sess.run(tf.linspace(tf.constant(0.0, tf.float64), 1.0, 3)),
        "eye_batch": sess.run(tf.eye(2, batch_shape=[2])),
        "eye_f64_rect": sess.run(tf.eye(3, 2, dtype=tf.float64)),
        "names": [tf.zeros([2], name="z").name, tf.fill([2], 1, name="f").name, tf.range(3, name="r").name],
        "op_types": [tf.zeros([2]).op.type, tf.zeros([n]).op.type, tf.ones_like(dyn).op.type, tf.fill([2], 1).op.type],
    }


def case_constant_with_shape_variations(tf):
    sess = tf.Session()
    return {
        "scalar_to_matrix": sess.run(tf.constant(2, shape=[2, 2], dtype=tf.int64)),
        "string_fill": sess.run(tf.constant("s", shape=[2])),
        "too_many": catch(tf.constant, [1, 2, 3], shape=[2]),
        "short_multi": catch(tf.constant, [1, 2], shape=[3]),
        "empty_shape": sess.run(tf.constant([], shape=[0, 2])).shape,
        "verify_shape_kw": catch(tf.constant, [1, 2], shape=[1, 2], verify_shape=True),
        "shape_none_dim": catch(tf.constant, 1, shape=[None]),
    }


def case_pow_variations(tf):
    sess = tf.Session()
    i64 = tf.constant([2, -3], tf.int64)
    return {
        "i64": sess.run(i64 ** 3),
        "f64_frac": sess.run(tf.pow(tf.constant([-8.0, 4.0], tf.float64), 0.5)),
        "f16": sess.run(tf.pow(tf.constant([2.0], tf.float16), tf.constant([10.0], tf.float16))),
        "complex": sess.run(tf.pow(tf.constant([1j]), tf.constant([2 + 0j]))),
        "int_zero_zero": sess.run(tf.pow(tf.constant([0]), tf.constant([0]))),
        "neg_base_neg_exp_one": catch(sess.run, tf.pow(tf.constant([1, -1]), tf.constant([-2, -3]))),
        "int_overflow": sess.run(tf.pow(tf.constant([2]), tf.constant([40]))),
        "prod_empty": sess.run([tf.reduce_prod(tf.zeros([0])), tf.reduce_min(tf.zeros([0], tf.int32)),
                                tf.reduce_mean(tf.zeros([0, 2]), 0), tf.reduce_any(tf.zeros([0], tf.bool))]),
        "max_empty_int": sess.run(tf.reduce_max(tf.zeros([0], tf.int64))),
    }


def case_realdiv_int_has_no_kernel_and_fails_every_run(tf):
    a = tf.constant([7, -7], tf.int64)
    sess = tf.Session()
    before = sess.run(a)
    q = tf.realdiv(a, tf.constant([2, 2], tf.int64))
    return {"before": before, "dtype": q.dtype.name, "shape": q.shape.as_list(), "op_type": q.op.type,
            "run": catch(sess.run, q), "other_fetch": catch(sess.run, a),
            "msg": message_has(lambda: sess.run(q), "No OpKernel was registered to support Op 'RealDiv'",
                               "[T=DT_INT64]")}
