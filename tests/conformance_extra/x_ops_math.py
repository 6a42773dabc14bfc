"""Extra math-op probes: dtype rules, integer division signs, reductions, shapes."""
import numpy as np

from _harness import catch, message_has


def case_x_ops_int_floordiv_mod_signs(tf):
    a = tf.constant([7, -7, 7, -7, 0, 5])
    b = tf.constant([3, 3, -3, -3, 4, 5])
    sess = tf.Session()
    return sess.run({
        "floordiv": tf.floordiv(a, b),
        "floormod": tf.floormod(a, b),
        "truncatediv": tf.truncatediv(a, b),
        "truncatemod": tf.truncatemod(a, b),
        "div": tf.div(a, b),
        "mod_op": a % b,
        "f_floordiv": tf.constant([7.5, -7.5]) // tf.constant([2.0, 2.0]),
        "f_mod": tf.constant([7.5, -7.5, 7.5]) % tf.constant([2.0, 2.0, -2.0]),
        "truncatemod_f": tf.truncatemod(tf.constant([7.5, -7.5]), tf.constant([2.0, 2.0])),
    })


def case_x_ops_div_dtypes_and_names(tf):
    i = tf.constant([1, 2])
    i64 = tf.constant([1, 2], tf.int64)
    f = tf.constant([1.0, 2.0])
    out = {
        "truediv_i32": (i / i).dtype.name,
        "truediv_i64": (i64 / i64).dtype.name,
        "truediv_f": (f / f).dtype.name,
        "div_i": tf.div(i, i).dtype.name,
        "divide_f": tf.divide(f, f).dtype.name,
        "realdiv_type": tf.realdiv(f, f).op.type,
        "truediv_op_type": (i / i).op.type,
        "truediv_name": (f / f).op.name,
        "floordiv_name": (f // f).op.name,
        "floordiv_type": (i // i).op.type,
        "mod_type": (i % i).op.type,
        "add_type": tf.add(f, f).op.type,
        "add_name": tf.add(f, f).op.name,
        "sub_name": (f - f).op.name,
        "mul_name": (f * f).op.name,
        "neg_name": (-f).op.name,
        "pow_name": (f ** 2).op.name,
        "div_no_nan": tf.div_no_nan(f, f).op.type,
        "bool_div": catch(lambda: tf.constant([True]) / tf.constant([True])),
    }
    return out


def case_x_ops_div_no_nan_and_helpers(tf):
    sess = tf.Session()
    return sess.run({
        "div_no_nan": tf.div_no_nan(tf.constant([1.0, 2.0, 0.0]), tf.constant([0.0, 4.0, 0.0])),
        "squared_difference": tf.squared_difference(tf.constant([1, 5]), tf.constant([3, 2])),
        "reciprocal": tf.reciprocal(tf.constant([2.0, 4.0])),
        "floor_ceil_round": [tf.floor(tf.constant([-1.5, 1.5])), tf.ceil(tf.constant([-1.5, 1.5])),
                             tf.round(tf.constant([0.5, 1.5, 2.5, -0.5, -1.5]))],
        "rint": tf.rint(tf.constant([0.5, 1.5, 2.5])),
        "maximum_int": tf.maximum(tf.constant([1, 5]), 3),
        "abs_int": tf.abs(tf.constant([-3, 4])),
        "sign_f": tf.sign(tf.constant([-2.0, 0.0, 3.0])),
        "logical_ops": tf.logical_and(tf.constant(True), tf.constant([True, False])),
        "is_nan": tf.is_nan(tf.constant([np.nan, 1.0, np.inf])),
        "is_inf": tf.is_inf(tf.constant([np.nan, 1.0, -np.inf])),
        "is_finite": tf.is_finite(tf.constant([np.nan, 1.0, np.inf])),
    })


def case_x_ops_reduce_axes_variants(tf):
    x = tf.reshape(tf.range(24, dtype=tf.float32), [2, 3, 4])
    sess = tf.Session()
    out = sess.run({
        "sum_neg_multi": tf.reduce_sum(x, axis=[-1, 0]),
        "mean_keep": tf.reduce_mean(x, axis=[0, 2], keepdims=True),
        "max_empty_axis": tf.reduce_max(x, axis=[]),
        "sum_tensor_axis": tf.reduce_sum(x, axis=tf.constant([1])),
        "keep_dims_alias": tf.reduce_sum(x, 1, keep_dims=True),
        "logsumexp": tf.reduce_logsumexp(tf.constant([[0.0, 0.0], [1000.0, 1000.0]]), axis=1),
        "logsumexp_all": tf.reduce_logsumexp(tf.constant([1.0, 2.0, 3.0])),
        "prod_int": tf.reduce_prod(tf.constant([[2, 3], [4, 5]]), axis=0),
        "std": tf.math.reduce_std(tf.constant([1.0, 2.0, 3.0, 4.0])),
        "variance": tf.math.reduce_variance(tf.constant([[1.0, 2.0], [3.0, 5.0]]), axis=0),
        "count_nonzero": tf.count_nonzero(tf.constant([[0, 1, 2], [0, 0, 3]]), axis=1),
    })
    out["shapes"] = [tf.reduce_sum(x, axis=[0, 2]).shape.as_list(),
                     tf.reduce_mean(x, axis=-1, keepdims=True).shape.as_list(),
                     tf.reduce_sum(x, axis=[]).shape.as_list(),
                     tf.count_nonzero(x).dtype.name]
    out["bad_axis"] = catch(tf.reduce_sum, x, axis=3)
    out["bad_axis_neg"] = catch(tf.reduce_sum, x, axis=-4)
    out["dup_axis"] = catch(sess.run, tf.reduce_sum(x, axis=[1, 1]))
    return out


def case_x_ops_reduce_unknown_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 3, None])
    q = tf.placeholder(tf.float32)
    ax = tf.placeholder(tf.int32, [])
    return {
        "p_axis1": str(tf.reduce_sum(p, 1).shape),
        "p_keep": str(tf.reduce_max(p, [0, 2], keepdims=True).shape),
        "p_all": str(tf.reduce_mean(p).shape),
        "q_axis": str(tf.reduce_sum(q, 0).shape),
        "q_all": str(tf.reduce_sum(q).shape),
        "q_keep": str(tf.reduce_sum(q, 0, keepdims=True).shape),
        "dyn_axis": str(tf.reduce_sum(p, ax).shape),
        "dyn_axis_keep": str(tf.reduce_sum(p, ax, keepdims=True).shape),
        "argmax_unknown": str(tf.argmax(p, 2).shape),
    }


def case_x_ops_reduce_runtime_axis(tf):
    p = tf.placeholder(tf.float32, [2, 3])
    ax = tf.placeholder(tf.int32, [None])
    s = tf.reduce_sum(p, ax)
    sess = tf.Session()
    v = np.arange(6, dtype=np.float32).reshape(2, 3)
    return {
        "ax0": sess.run(s, {p: v, ax: [0]}),
        "ax_both": sess.run(s, {p: v, ax: [1, 0]}),
        "ax_none": sess.run(s, {p: v, ax: []}),
        "ax_bad": catch(sess.run, s, {p: v, ax: [2]}),
        "shape": str(s.shape),
    }


def case_x_ops_dtype_errors_messages(tf):
    f32 = tf.constant(1.0)
    f64 = tf.constant(2.0, tf.float64)
    return {
        "add": message_has(lambda: f32 + f64, "float64", "float32"),
        "matmul_int_float": catch(tf.matmul, tf.ones([2, 2], tf.int32), tf.ones([2, 2])),
        "int_plus_float_scalar": catch(lambda: tf.constant(1) + 1.5),
        "sqrt_int": catch(tf.sqrt, tf.constant(4)),
        "exp_int": catch(tf.exp, tf.constant([1, 2])),
        "string_add": catch(lambda: tf.Session().run(tf.constant(["a", "x"]) + tf.constant("b"))),
        "string_mul": catch(lambda: tf.constant("a") * tf.constant("b")),
        "logical_and_int": catch(tf.logical_and, tf.constant(1), tf.constant(0)),
        "cast_string": catch(lambda: tf.Session().run(tf.cast(tf.constant("1"), tf.int32))),
        "constant_overflow": catch(lambda: tf.Session().run(tf.constant([2 ** 40 + 5, 2 ** 31, -1], tf.int32))),
        "constant_uint8_wrap": catch(lambda: tf.Session().run(tf.constant([-1, 300], tf.uint8))),
        "int_operand_wrap": catch(lambda: tf.Session().run(tf.constant(1) + 2 ** 32)),
        "constant_list_mixed": tf.constant([1, 2.0]).dtype.name,
        "uint8_plus_int": (tf.constant([1], tf.uint8) + 3).dtype.name,
        "bool_eq": (tf.equal(tf.constant([True]), tf.constant([False]))).dtype.name,
    }


def case_x_ops_broadcast_shape_inference(tf):
    p = tf.placeholder(tf.float32, [None, 1, 3])
    q = tf.placeholder(tf.float32, [4, None, 1])
    r = tf.placeholder(tf.float32, [None])
    return {
        "pq": str((p + q).shape),
        "p_r": str((p * r).shape),
        "p_scalar": str((p - 1.0).shape),
        "one_none": str((tf.placeholder(tf.float32, [1]) + r).shape),
        "bad": catch(lambda: tf.ones([3, 2]) * tf.ones([4, 2])),
        "bad_msg": message_has(lambda: tf.ones([3, 2]) * tf.ones([4, 2]), "Dimensions must be equal"),
        "broadcast_to": str(tf.broadcast_to(tf.constant([1, 2, 3]), [2, 3]).shape),
        "broadcast_static_shape": tf.broadcast_static_shape(tf.TensorShape([None, 1]), tf.TensorShape([1, 5])).as_list(),
    }


def case_x_ops_int_arithmetic_overflow_and_pow(tf):
    sess = tf.Session()
    return sess.run({
        "int32_wrap": tf.constant([2147483647], tf.int32) + tf.constant([1], tf.int32),
        "uint8_wrap": tf.constant([250], tf.uint8) + tf.constant([10], tf.uint8),
        "int_pow_zero": tf.pow(tf.constant([0, 2, -3]), tf.constant([0, 10, 3])),
        "float_pow_neg": tf.pow(tf.constant([-8.0, 4.0]), tf.constant([1.0 / 3.0, 0.5])),
        "int64_mul": tf.constant([3], tf.int64) * 4,
        "half": tf.constant([1.5], tf.float16) * tf.constant([2.0], tf.float16),
    })


def case_x_ops_cumprod_and_scan_variants(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    sess = tf.Session()
    return sess.run({
        "cumprod": tf.cumprod(x, axis=1),
        "cumprod_excl": tf.cumprod(x, axis=1, exclusive=True),
        "cumprod_rev": tf.cumprod(x, axis=0, reverse=True),
        "cumsum_neg_axis": tf.cumsum(x, axis=-1),
        "cumsum_int64": tf.cumsum(tf.constant([1, 2, 3], tf.int64)),
        "cumsum_shape": tf.shape(tf.cumsum(x)),
    })


def case_x_ops_argmax_variants(tf):
    x = tf.constant([[1.0, np.nan, 3.0], [2.0, 2.0, -1.0]])
    sess = tf.Session()
    p = tf.placeholder(tf.float32, [None, 5])
    out = sess.run({
        "out_type": tf.argmax(tf.constant([1, 3, 2]), output_type=tf.int32),
        "ties": tf.argmin(tf.constant([2, 1, 1, 0, 0]), 0),
        "dim_alias": tf.argmax(tf.constant([[1, 3], [4, 0]]), dimension=1),
        "neg_axis": tf.argmax(x[1:], axis=-1),
    })
    out["dtype_i32"] = tf.argmax(p, 1, output_type=tf.int32).dtype.name
    out["shape"] = str(tf.argmin(p, 0).shape)
    out["bad_axis"] = catch(tf.argmax, p, 2)
    return out


def case_x_ops_matmul_variants(tf):
    sess = tf.Session()
    a = tf.placeholder(tf.float32, [None, 2, 3])
    b = tf.placeholder(tf.float32, [3, 4])
    out = {
        "batched_shape": str(tf.matmul(a, tf.ones([5, 3, 4])).shape),
        "adjoint": sess.run(tf.matmul(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([[1.0, 0.0], [1.0, 1.0]]),
                                      adjoint_b=True)),
        "mismatch_inner": catch(tf.matmul, b, b),
        "mismatch_msg": message_has(lambda: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3])), "Dimensions must be equal"),
        "op_type_2d": tf.matmul(b, tf.ones([4, 2])).op.type,
        "op_type_3d": tf.matmul(a, tf.ones([1, 3, 4])).op.type,
        "name": tf.matmul(b, tf.ones([4, 2])).op.name,
        "broadcast_batch": sess.run(tf.shape(tf.matmul(tf.ones([2, 1, 2, 3]), tf.ones([4, 3, 5])))),
        "int64": sess.run(tf.matmul(tf.constant([[2]], tf.int64), tf.constant([[3]], tf.int64))),
    }
    return out


def case_x_ops_add_n_and_accumulate(tf):
    sess = tf.Session()
    p = tf.placeholder(tf.float32, [None, 2])
    return {
        "single": sess.run(tf.add_n([tf.constant([1, 2])])),
        "shape": str(tf.add_n([p, tf.ones([3, 2])]).shape),
        "empty": catch(tf.add_n, []),
        "mismatch_dtype": catch(tf.add_n, [tf.constant([1]), tf.constant([1.0])]),
        "mismatch_shape": catch(tf.add_n, [tf.ones([2]), tf.ones([3])]),
        "op_type": tf.add_n([tf.ones([2]), tf.ones([2])]).op.type,
        "single_op_type": tf.add_n([tf.ones([2])]).op.type,
        "non_list": catch(tf.add_n, tf.ones([2])),
    }
