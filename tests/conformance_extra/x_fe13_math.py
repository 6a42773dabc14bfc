"""Third-pass variations of the public ops_math cases: other ops of the same families, legacy
keyword arguments, dtypes and error messages the x_ovar_math and x_o12_math passes left out."""
import numpy as np

from _harness import catch, message_has


def case_no_promotion_other_ops(tf):
    f32 = tf.constant([1.0])
    f64 = tf.constant([2.0], tf.float64)
    i32 = tf.constant([1])
    return {
        "maximum": catch(tf.maximum, f32, f64),
        "less": catch(tf.less, f32, f64),
        "equal": catch(tf.equal, i32, f32),
        "pow": catch(tf.pow, f32, f64),
        "where": catch(tf.where, tf.constant([True]), f32, f64),
        "variable_plus": catch(lambda: tf.Variable([1.0]) + f64),
        "message": message_has(lambda: tf.add(f32, f64), "float64", "float32", "y"),
        "squared_difference": catch(tf.squared_difference, i32, f32),
    }


def case_python_operands_lists_and_bools(tf):
    i = tf.constant([3, 5])
    f = tf.constant([1.5, 2.5], tf.float64)
    u = tf.constant([250], tf.uint8)
    sess = tf.Session()
    return {
        "list_left": sess.run([1, 2] + i),
        "list_right": sess.run(f * [2, 4]),
        "np_int_array": sess.run(i + np.array([1, 1], np.int32)),
        "np_int64_array": catch(lambda: i + np.array([1, 1], np.int64)),
        "uint8_wrap": sess.run(u + 10),
        "uint8_overflow_const": catch(lambda: u + 300),
        "int_big": catch(lambda: i + 2 ** 40),
        "bool_plus": catch(lambda: tf.constant([True]) + True),
        "rpow_float": sess.run(2.0 ** f),
        "rmod": sess.run(17 % i),
    }


def case_broadcast_helpers_and_runtime_error(tf):
    a = tf.placeholder(tf.float32, [None, 3])
    b = tf.placeholder(tf.float32, [2, None])
    s = a + b
    sess = tf.Session()
    return {
        "static": s.shape.as_list(),
        "runtime_error": catch(sess.run, s, {a: np.ones((3, 3)), b: np.ones((2, 3))}),
        "usable": sess.run(s, {a: np.ones((1, 3)), b: np.ones((2, 1))}),
        "broadcast_to": sess.run(tf.broadcast_to(tf.constant([1, 2]), [3, 2])),
        "broadcast_to_error": catch(tf.broadcast_to, tf.constant([1, 2, 3]), [2, 2]),
        "dynamic_shape": sess.run(tf.broadcast_dynamic_shape(tf.constant([2, 1]), tf.constant([1, 5]))),
        "static_shape": tf.broadcast_static_shape(tf.TensorShape([None, 1]), tf.TensorShape([4])).as_list(),
        "static_shape_error": catch(tf.broadcast_static_shape, tf.TensorShape([2]), tf.TensorShape([3])),
        "rank5": (tf.ones([1, 1, 1, 1, 2]) * tf.ones([3, 1])).shape.as_list(),
    }


def case_truncate_and_int64_division(tf):
    a = tf.constant([7, -7, 7, -7], tf.int64)
    b = tf.constant([2, 2, -2, -2], tf.int64)
    sess = tf.Session()
    return {
        "truncatediv": sess.run(tf.truncatediv(a, b)),
        "truncatemod": sess.run(tf.truncatemod(a, b)),
        "floordiv64": sess.run(tf.floordiv(a, b)),
        "floormod64": sess.run(tf.floormod(a, b)),
        "truediv64_dtype": tf.truediv(a, b).dtype.name,
        "uint8_div": sess.run(tf.constant([200], tf.uint8) // tf.constant([7], tf.uint8)),
        "int16_truediv": tf.truediv(tf.constant([1], tf.int16), tf.constant([2], tf.int16)).dtype.name,
        "truncatediv_zero": catch(sess.run, tf.truncatediv(a, tf.zeros_like(b))),
        "div_int": sess.run(tf.div(a, b)),
    }


def case_divide_no_nan_xdivy_and_inf(tf):
    x = tf.constant([1.0, -2.0, 0.0, 3.0])
    y = tf.constant([0.0, 4.0, 0.0, np.inf])
    sess = tf.Session()
    return sess.run({
        "div_no_nan": tf.div_no_nan(x, y),
        "xdivy": tf.math.xdivy(x, y),
        "xlogy": tf.math.xlogy(tf.constant([0.0, 2.0]), tf.constant([0.0, 3.0])),
        "div_inf": x / y,
        "floordiv_neg": tf.floordiv(tf.constant([-0.5, 0.5], tf.float64), tf.constant([1.0, -1.0], tf.float64)),
        "realdiv": tf.realdiv(x, tf.constant(2.0)),
        "reciprocal": tf.reciprocal(tf.constant([4.0, -0.5])),
    })


def case_reductions_legacy_args_and_other_reducers(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 9.0]])
    ax = tf.placeholder(tf.int32, [])
    dyn = tf.reduce_sum(x, ax)
    sess = tf.Session()
    return {
        "reduction_indices": sess.run(tf.reduce_sum(x, reduction_indices=[1])),
        "keep_dims": sess.run(tf.reduce_max(x, 0, keep_dims=True)),
        "logsumexp": sess.run(tf.reduce_logsumexp(x, axis=1)),
        "variance": sess.run(tf.math.reduce_variance(x, axis=0)),
        "std": sess.run(tf.math.reduce_std(x)),
        "dyn_shape": str(dyn.shape),
        "dyn": sess.run(dyn, {ax: -1}),
        "dyn_bad": catch(sess.run, dyn, {ax: 2}),
        "static_bad": catch(tf.reduce_sum, x, 5),
        "both_args": catch(tf.reduce_sum, x, axis=0, reduction_indices=0),
        "name": tf.reduce_mean(x, name="avg").op.name,
    }


def case_reductions_prod_int_count_nonzero(tf):
    i = tf.constant([[1, 2, 0], [3, 4, 5]])
    sess = tf.Session()
    return {
        "prod_int": sess.run([tf.reduce_prod(i), tf.reduce_prod(i, 1)]),
        "max_int64": sess.run(tf.reduce_max(tf.cast(i, tf.int64), 0)),
        "count_nonzero": sess.run([tf.count_nonzero(i), tf.count_nonzero(i, 1)]),
        "count_dtype": tf.count_nonzero(i).dtype.name,
        "count_bool": sess.run(tf.count_nonzero(tf.constant([True, False, True]))),
        "any_int": catch(tf.reduce_any, i),
        "max_bool": catch(tf.reduce_max, tf.constant([True, False])),
        "mean_uint8": sess.run(tf.reduce_mean(tf.constant([255, 255, 1], tf.uint8))),
    }


def case_unary_rounding_and_more(tf):
    x = tf.constant([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], tf.float64)
    y = tf.constant([0.1, 0.5, 2.0])
    sess = tf.Session()
    return sess.run({
        "round": tf.round(x), "rint": tf.rint(x), "floor": tf.floor(x), "ceil": tf.ceil(x),
        "expm1": tf.expm1(y), "erf": tf.erf(y), "erfc": tf.erfc(y), "lgamma": tf.lgamma(y),
        "digamma": tf.digamma(y), "atan2": tf.atan2(y, -y), "asinh": tf.asinh(y),
        "softplus_big": tf.nn.softplus(tf.constant([100.0, -100.0])),
        "int_abs": tf.abs(tf.constant([-3, 4], tf.int64)),
        "int_square": tf.square(tf.constant([-3, 4])),
    })


def case_nan_inf_predicates_and_reductions(tf):
    x = tf.constant([1.0, np.nan, -np.inf, np.inf, 0.0])
    sess = tf.Session()
    return sess.run({
        "is_nan": tf.is_nan(x), "is_inf": tf.is_inf(x), "is_finite": tf.is_finite(x),
        "maximum_nan": tf.maximum(x, 0.5), "minimum_nan": tf.minimum(x, 0.5),
        "reduce_max_nan": tf.reduce_max(x), "reduce_sum_inf": tf.reduce_sum(tf.constant([np.inf, -np.inf])),
        "log_neg_inf": tf.log(tf.constant([-np.inf, np.inf])),
        "sign_nan": tf.sign(x),
        "tanh_inf": tf.tanh(x[2:4]),
    })


def case_constant_nested_and_numpy_mixes(tf):
    values = [[1, 2.5], [[1], [2]], [np.float32(1.0), 2], [np.int64(1), 2], [], [[], []],
              -2 ** 40, [b"a", b"bc"], ["x", b"y"], np.array(3.5, np.float16), [True, False],
              np.array([1, 2], np.uint16)]
    out = [tf.constant(v).dtype.name for v in values]
    out.append(tf.constant([[], []]).shape.as_list())
    return out + [
        catch(tf.constant, [[1, 2], [3]]),
        catch(tf.constant, None),
        catch(tf.constant, [1, "a"]),
        catch(tf.constant, 2 ** 31, tf.int32),
        catch(tf.constant, -1, tf.uint8),
        tf.constant(3, tf.int8).dtype.name,
    ]


def case_cast_more_and_saturate(tf):
    sess = tf.Session()
    return {
        "complex_to_float": sess.run(tf.cast(tf.constant([1 + 2j, -3 - 1j]), tf.float32)),
        "float_to_complex": sess.run(tf.cast(tf.constant([1.5]), tf.complex64)),
        "saturate": sess.run(tf.saturate_cast(tf.constant([-5.0, 300.0, 12.7]), tf.uint8)),
        "saturate_int8": sess.run(tf.saturate_cast(tf.constant([-1000, 1000]), tf.int8)),
        "int_to_bool": sess.run(tf.cast(tf.constant([0, 2, -1]), tf.bool)),
        "int64_to_int32": sess.run(tf.cast(tf.constant([2 ** 33 + 5], tf.int64), tf.int32)),
        "bitcast": sess.run(tf.bitcast(tf.constant([1.0]), tf.int32)),
        "string_cast": catch(tf.cast, tf.constant(["1"]), tf.int32),
        "same_dtype_name": tf.cast(tf.constant([1.0]), tf.float32).op.type,
        "to_int64": sess.run(tf.to_int64(tf.constant([2.9]))),
        "to_double": sess.run(tf.to_double(tf.constant([1]))),
        "f16": sess.run(tf.cast(tf.constant([65504.0, 70000.0]), tf.float16)),
    }


def case_cumprod_logsumexp_and_tensor_axis(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    ax = tf.placeholder(tf.int32, [])
    sess = tf.Session()
    return {
        "cumprod_ex_rev": sess.run(tf.cumprod(x, axis=1, exclusive=True, reverse=True)),
        "cumsum_tensor_axis": sess.run(tf.cumsum(x, axis=ax), {ax: 0}),
        "cumsum_neg_axis": sess.run(tf.cumsum(x, axis=-1)),
        "cumsum_int64": sess.run(tf.cumsum(tf.constant([1, 2, 3], tf.int64), reverse=True)),
        "logsumexp": sess.run(tf.math.cumulative_logsumexp(tf.constant([0.0, 0.0, 0.0]))),
        "bad_axis": catch(sess.run, tf.cumsum(x, axis=ax), {ax: 2}),
        "bool": catch(tf.cumsum, tf.constant([True])),
        "empty": sess.run(tf.cumsum(tf.zeros([0, 2]), axis=0)).shape,
    }


def case_argmax_output_type_nan_and_errors(tf):
    x = tf.constant([[1.0, np.nan, 3.0], [2.0, 2.0, -1.0]])
    sess = tf.Session()
    return {
        "i32": sess.run(tf.argmax(x, 1, output_type=tf.int32)),
        "i32_dtype": tf.argmin(x, 0, output_type=tf.int32).dtype.name,
        "nan": sess.run([tf.argmax(x, 1), tf.argmin(x, 1)]),
        "dimension_kw": sess.run(tf.argmax(x, dimension=0)),
        "empty": catch(sess.run, tf.argmax(tf.zeros([0]), 0)),
        "bad_axis": catch(tf.argmax, x, 2),
        "uint8": sess.run(tf.argmin(tf.constant([3, 1, 2], tf.uint8), 0)),
        "name": tf.argmax(x, 1, name="am").op.name,
    }


def case_comparisons_strings_none_and_shapes(tf):
    s = tf.constant(["a", "b", "a"])
    x = tf.constant([1, 2])
    sess = tf.Session()
    return {
        "str_eq": sess.run(tf.equal(s, "a")),
        "str_ne": sess.run(tf.not_equal(s, tf.constant(["a", "a", "a"]))),
        "eq_none": x == None,  # noqa: E711  (identity comparison, a Python bool)
        "neq_incompatible": catch(tf.equal, x, tf.constant([1, 2, 3])),
        "no_error_mode": sess.run(tf.math.equal(x, x)),
        "less_str": catch(tf.less, s, s),
        "bool_xor_int": catch(tf.logical_xor, tf.constant([1]), tf.constant([0])),
    }


def case_clip_by_norm_global_and_bounds(tf):
    t = tf.constant([[3.0, 4.0], [6.0, 8.0]])
    sess = tf.Session()
    clipped, norm = tf.clip_by_global_norm([t, tf.constant([0.0, 5.0])], 5.0)
    return {
        "by_norm": sess.run(tf.clip_by_norm(t, 5.0)),
        "by_norm_axes": sess.run(tf.clip_by_norm(t, 5.0, axes=[1])),
        "global": sess.run(clipped), "global_norm": sess.run(norm),
        "avg_norm": sess.run(tf.clip_by_average_norm(t, 1.0)),
        "min_gt_max": sess.run(tf.clip_by_value(tf.constant([1.0, 5.0]), 4.0, 2.0)),
        "int64": sess.run(tf.clip_by_value(tf.constant([1, 9], tf.int64), 2, 5)),
        "shape_error": catch(tf.clip_by_value, tf.constant([1.0, 2.0]), tf.constant([0.0, 0.0, 0.0]), 1.0),
        "name": tf.clip_by_value(t, 0.0, 1.0, name="clip").op.name,
    }


def case_add_n_accumulate_range_and_eye_batches(tf):
    sess = tf.Session()
    return {
        "add_n_one": sess.run(tf.add_n([tf.constant([1, 2])])),
        "add_n_one_type": tf.add_n([tf.constant([1, 2])]).op.type,
        "add_n_shape_error": catch(tf.add_n, [tf.ones([2]), tf.ones([3])]),
        "add_n_dtype_error": catch(tf.add_n, [tf.ones([2]), tf.ones([2], tf.int32)]),
        "add_n_empty": catch(tf.add_n, []),
        "accumulate_n": sess.run(tf.accumulate_n([tf.constant([1.0]), tf.constant([2.5])])),
        "range_neg_float": sess.run(tf.range(1.0, -1.0, -0.5)),
        "range_dtype": sess.run(tf.range(3, dtype=tf.float64)),
        "range_zero_delta": catch(tf.range, 0, 5, 0),
        "linspace_one": sess.run(tf.linspace(2.0, 5.0, 1)),
        "eye_batch": sess.run(tf.eye(2, batch_shape=[2])),
        "fill_name": tf.fill([1], 2, name="f").op.name,
        "ones_like_dtype": sess.run(tf.ones_like(tf.constant([1, 2]), dtype=tf.float32)),
    }


def case_constant_shape_errors_and_names(tf):
    sess = tf.Session()
    c = tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3], name="cst")
    return {
        "value": sess.run(c), "name": c.name,
        "too_many": catch(tf.constant, [1, 2, 3], shape=[2]),
        "scalar_fill_2d": sess.run(tf.constant(True, shape=[2, 2])),
        "string_fill": sess.run(tf.constant("s", shape=[2])),
        "verify_shape": catch(tf.constant, [1, 2], shape=[3], verify_shape=True),
        "empty_shape": sess.run(tf.constant(5.0, shape=[0])).shape,
    }


def case_pow_dtypes_and_empty_reducers(tf):
    sess = tf.Session()
    return {
        "int64_neg_exp": catch(sess.run, tf.pow(tf.constant([2], tf.int64), tf.constant([-1], tf.int64))),
        "float_neg_base": sess.run(tf.pow(tf.constant([-8.0, -2.0]), tf.constant([1.0 / 3, 2.0]))),
        "zero_zero": sess.run(tf.pow(tf.constant([0, 0.0][0:1]), 0)),
        "complex": sess.run(tf.pow(tf.constant([1j], tf.complex64), tf.constant([2 + 0j], tf.complex64))),
        "min_empty": sess.run(tf.reduce_min(tf.zeros([0]))),
        "prod_empty": sess.run(tf.reduce_prod(tf.zeros([2, 0]), axis=1)),
        "all_empty": sess.run([tf.reduce_all(tf.zeros([0], tf.bool)), tf.reduce_any(tf.zeros([0], tf.bool))]),
        "max_empty_int": sess.run(tf.reduce_max(tf.zeros([0], tf.int32))),
        "logsumexp_empty": sess.run(tf.reduce_logsumexp(tf.zeros([0]))),
    }
