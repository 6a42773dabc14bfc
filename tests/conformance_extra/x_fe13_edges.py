"""Third-pass edge variations of the ops_array and ops_math cases: scalars, empty inputs, strings
and the dtypes TF registers no kernel for, each an edge no earlier pass had reached."""
import numpy as np

from _harness import catch, message_has


def case_where_and_argmax_of_scalars(tf):
    sess = tf.Session()
    w = tf.where(tf.constant(True))
    return {
        "where_shape": str(w.shape),
        "where_run": catch(sess.run, w),
        "where_msg": message_has(lambda: sess.run(w), "Unhandled input dimensions: 0"),
        "argmax_shape": tf.argmax(tf.constant(1.0)).shape.as_list(),
        "argmax_run": catch(sess.run, tf.argmax(tf.constant(1.0))),
        "argmin_run": catch(sess.run, tf.argmin(tf.constant(2), 0)),
        "select_scalar": sess.run(tf.where(tf.constant(True), tf.constant([1, 2]), tf.constant([3, 4]))),
        "usable": sess.run(tf.where(tf.constant([True, False]))),
    }


def case_concat_einsum_and_pad_edges(tf):
    sess = tf.Session()
    return {
        "concat_none": catch(tf.concat, [], 0),
        "concat_scalars": catch(tf.concat, [tf.constant(1), tf.constant(2)], 0),
        "einsum_repeat_out": catch(tf.einsum, "ij->ii", tf.ones([2, 2])),
        "einsum_diag": sess.run(tf.einsum("ii->i", tf.reshape(tf.range(4.0), [2, 2]))),
        "pad_strings": sess.run(tf.pad(tf.constant([["a", "b"]]), [[1, 0], [0, 1]])),
        "pad_strings_value": sess.run(tf.pad(tf.constant(["a"]), [[2, 1]], constant_values="-")),
        "pad_strings_reflect": sess.run(tf.pad(tf.constant(["a", "b", "c"]), [[1, 1]], mode="REFLECT")),
        "pad_bool": sess.run(tf.pad(tf.constant([True]), [[1, 1]])),
    }


def case_complex_sign_pow_and_integer_reciprocal(tf):
    c = tf.constant([3 + 4j, -5j, 0j, 1 + 1j], tf.complex64)
    sess = tf.Session()
    out = {
        "sign64": sess.run(tf.sign(c)),
        "sign128": sess.run(tf.sign(tf.cast(c, tf.complex128))),
        "pow": sess.run(c ** tf.constant(2 + 0j, tf.complex64)),
        "pow128": sess.run(tf.pow(tf.cast(c, tf.complex128), tf.constant(0.5 + 0j, tf.complex128))),
    }
    r = tf.reciprocal(tf.constant([2, 4]))  # an op without a kernel: every later run of the graph fails
    return dict(out, **{
        "reciprocal_meta": [r.dtype.name, r.shape.as_list(), r.op.type],
        "reciprocal_run": catch(sess.run, r),
        "reciprocal_msg": message_has(lambda: sess.run(r), "No OpKernel was registered to support Op 'Reciprocal'"),
        "float_reciprocal": catch(sess.run, tf.reciprocal(tf.constant([2.0]))),
    })


def case_range_dtypes_and_linspace_counts(tf):
    out = {}
    for dt in (tf.int8, tf.int16, tf.uint8, tf.uint16, tf.bool):
        with tf.Graph().as_default():
            made = catch(tf.range, 3, dtype=dt)
            out["range_" + dt.name] = made if isinstance(made, dict) else (
                made.dtype.name, made.shape.as_list(), catch(lambda: tf.Session().run(made).tolist()))
    sess = tf.Session()
    zero = tf.linspace(0.0, 1.0, 0)
    one = tf.linspace(2.0, 3.0, 1)
    out["linspace0"] = [zero.shape.as_list(), sess.run(zero).shape]
    out["linspace1"] = sess.run(one)
    out["linspace_neg"] = catch(tf.linspace, 0.0, 1.0, -1)
    out["linspace_f64"] = sess.run(tf.linspace(tf.constant(0.0, tf.float64), 1.0, 3))
    return out


def case_accumulate_n_shapes_and_types(tf):
    sess = tf.Session()
    return {
        "shape_mismatch": catch(tf.accumulate_n, [tf.constant([1.0]), tf.constant([2.0])], shape=[2]),
        "shape_ok": sess.run(tf.accumulate_n([tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])], shape=[2])),
        "single": sess.run(tf.accumulate_n([tf.constant([[5]])])),
        "dtype_mismatch": catch(tf.accumulate_n, [tf.constant([1.0]), tf.constant([2])]),
        "empty": catch(tf.accumulate_n, []),
        "mixed_python": sess.run(tf.accumulate_n([tf.constant([1.0]), np.array([2.0], np.float32)])),
    }


def case_activations_half_precision_and_small_inputs(tf):
    x = np.array([-1.0, -0.5, -1e-3, 0.0, 0.75], np.float32)
    sess = tf.Session()
    out = {}
    for dt in (tf.float16, tf.float32, tf.float64):
        t = tf.constant(x, dt)
        out[dt.name] = sess.run([tf.nn.elu(t), tf.nn.softplus(t), tf.nn.softsign(t), tf.sigmoid(t)])
    h = tf.constant(x, tf.float16)
    out["elu_grad16"] = sess.run(tf.gradients(tf.reduce_sum(tf.nn.elu(h)), h)[0])
    return out


def case_sparse_empty_and_string_edges(tf):
    empty = tf.SparseTensor(tf.zeros([0, 1], tf.int64), tf.zeros([0]), [3])
    words = tf.SparseTensor([[1]], ["x"], [3])
    sess = tf.Session()
    return {
        "empty_sum": sess.run(tf.sparse.reduce_sum(empty)),
        "empty_max": sess.run(tf.sparse.reduce_max(empty)),
        "empty_dense": sess.run(tf.sparse.to_dense(empty)),
        "empty_matmul": sess.run(tf.sparse.sparse_dense_matmul(
            tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 2]), tf.ones([2, 1]))),
        "string_dense": sess.run(tf.sparse.to_dense(words)),
        "string_default": sess.run(tf.sparse.to_dense(words, default_value="?")),
        "from_dense_strings": sess.run(tf.sparse.from_dense(tf.constant(["", "a", ""]))),
        "fill_empty_strings": sess.run(tf.sparse.fill_empty_rows(tf.SparseTensor([[1, 0]], ["a"], [2, 1]), "z")),
        "reshape_bad": catch(tf.sparse.reshape, tf.SparseTensor([[1]], [1], [3]), [2, 2]),
        "concat_bad": catch(tf.sparse.concat, 0, [tf.SparseTensor([[0, 0]], [1], [1, 2]),
                                                  tf.SparseTensor([[0, 0]], [1], [1, 3])]),
    }
