"""Variations of the public ops_array cases: other dtypes, shapes, axes, names and errors."""
import numpy as np

from _harness import catch, message_has


def case_getitem_dtypes_and_names(tf):
    x = tf.reshape(tf.range(12, dtype=tf.int64), [3, 4])
    s = tf.constant([["a", "b"], ["c", "d"]])
    b = tf.constant([[True, False], [False, True]])
    h = tf.constant([[1.5, 2.5], [3.5, 4.5]], tf.float16)
    sess = tf.Session()
    sl = x[1:, ::2]
    return {
        "values": sess.run([sl, s[:, 1], b[1], h[::-1, 0], x[-1, -1]]),
        "dtypes": [t.dtype.name for t in (sl, s[0], b[0], h[0])],
        "op_type": sl.op.type,
        "name": sl.name,
        "scalar_shape": x[0, 0].shape.as_list(),
        "empty": sess.run(x[2:1]).shape,
        "empty_static": x[5:].shape.as_list(),
    }


def case_getitem_unknown_shapes(tf):
    p = tf.placeholder(tf.float32)
    q = tf.placeholder(tf.float32, [None, None, 3])
    sess = tf.Session()
    return {
        "unknown_rank": str(p[1:].shape),
        "unknown_rank_int": str(p[0].shape),
        "partial": [q[:, 0].shape.as_list(), q[..., 1].shape.as_list(), q[0, :2].shape.as_list()],
        "run": sess.run(p[1:, 0], {p: np.arange(6, dtype=np.float32).reshape(3, 2)}),
        "rank_too_small": catch(lambda: tf.constant([1, 2])[0, 0]),
        "bad_index_type": catch(lambda: tf.constant([1, 2])[1.5]),
        "runtime_neg_out_of_range": catch(sess.run, q[:, -4], {q: np.zeros((1, 1, 3))}),
        "still_usable": sess.run(q[0, 0, 2], {q: np.ones((1, 1, 3))}),
    }


def case_strided_slice_variations(tf):
    x = tf.reshape(tf.range(24, dtype=tf.float64), [2, 3, 4])
    sess = tf.Session()
    ell = tf.strided_slice(x, [1], [2], ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=1)
    return {
        "values": sess.run([
            tf.strided_slice(x, [-1, -2, 0], [0, -4, 4], [-1, -1, 3]),
            tf.strided_slice(x, [0, 1], [1, 2], new_axis_mask=1),
            tf.strided_slice(x, [0, 0], [1, 1], ellipsis_mask=1),
            tf.slice(x, [0, 0, 0], [-1, 1, 2]),
            ell,
        ]),
        "slice_shape": tf.slice(tf.placeholder(tf.int32, [None, 5]), [0, 1], [2, 3]).shape.as_list(),
        "zero_stride": catch(tf.strided_slice, x, [0], [1], [0]),
        "slice_oob": catch(sess.run, tf.slice(tf.placeholder_with_default(tf.ones([3]), [None]), [2], [4])),
        "ss_name": tf.strided_slice(x, [0], [1], name="mine").name,
    }


def case_gather_variations(tf):
    params = tf.constant([[1.5, 2.5], [3.5, 4.5], [5.5, 6.5]], tf.float64)
    strs = tf.constant(["x", "y", "z"])
    idx64 = tf.constant([2, 0], tf.int64)
    sess = tf.Session()
    bd = tf.gather(tf.constant([[1, 2, 3], [4, 5, 6]]), [[2, 0], [1, 1]], axis=1, batch_dims=1)
    return {
        "f64_i64": sess.run(tf.gather(params, idx64)),
        "string": sess.run(tf.gather(strs, [[1], [2]])),
        "neg_axis": sess.run(tf.gather(params, [1], axis=-1)),
        "scalar_index": sess.run(tf.gather(params, 1)),
        "scalar_shape": tf.gather(params, 1).shape.as_list(),
        "empty_index": sess.run(tf.gather(params, tf.zeros([0], tf.int32))).shape,
        "batch_dims": sess.run(bd),
        "axis_tensor": sess.run(tf.gather(params, [0], axis=tf.constant(1))),
        "gather_nd_batch": sess.run(tf.gather_nd(tf.reshape(tf.range(8), [2, 2, 2]), [[[0, 1]], [[1, 0]]])),
        "gather_nd_oob": catch(sess.run, tf.gather_nd(params, [[5, 0]])),
        "float_indices": catch(tf.gather, params, [0.5]),
        "op_types": [tf.gather(params, [0]).op.type, tf.gather_nd(params, [[0]]).op.type],
        "dtype": tf.gather(strs, [0]).dtype.name,
    }


def case_concat_stack_variations(tf):
    p = tf.placeholder(tf.float32, [None, 2])
    b = tf.constant([[True], [False]])
    sess = tf.Session()
    c_single = tf.concat([tf.constant([1, 2])], 0)
    return {
        "strings": sess.run(tf.concat([tf.constant(["a"]), tf.constant(["b", "c"])], 0)),
        "bool_stack": sess.run(tf.stack([b, b], axis=-1)),
        "single": sess.run(c_single),
        "single_op_type": c_single.op.type,
        "concat_axis_tensor": sess.run(tf.concat([tf.ones([1, 2]), tf.zeros([1, 2])], tf.constant(1))),
        "concat_empty": sess.run(tf.concat([tf.zeros([0, 2]), tf.ones([1, 2])], 0)),
        "partial_shape": tf.concat([p, tf.ones([3, 2])], 0).shape.as_list(),
        "stack_scalars": sess.run(tf.stack([1.5, 2.5, 3.5])),
        "stack_shapes_mismatch": catch(tf.stack, [tf.ones([2]), tf.ones([3])]),
        "stack_axis_oob": catch(tf.stack, [tf.ones([2]), tf.ones([2])], axis=3),
        "unstack_num": sess.run(tf.unstack(tf.reshape(tf.range(6), [3, 2]), axis=-1)),
        "unstack_unknown": catch(tf.unstack, tf.placeholder(tf.float32, [None, 2])),
        "split_neg_axis": sess.run(tf.split(tf.reshape(tf.range(8), [2, 4]), 2, axis=-1)),
        "split_minus_one": sess.run(tf.split(tf.range(7), [2, -1, 1])),
        "split_names": [t.name for t in tf.split(tf.range(4), 2, name="cut")],
        "concat_rank_error": catch(tf.concat, [tf.ones([2]), tf.ones([2, 1])], 0),
        "concat_axis_oob": catch(tf.concat, [tf.ones([2]), tf.ones([2])], 1),
    }


def case_reshape_variations(tf):
    p = tf.placeholder(tf.int32)
    q = tf.placeholder(tf.float32, [None, None])
    s = tf.placeholder(tf.int32, [2])
    sess = tf.Session()
    r = tf.reshape(p, [2, -1])
    return {
        "scalar": sess.run(tf.reshape(tf.constant([5]), [])),
        "to_scalar_shape": tf.reshape(tf.constant([5]), []).shape.as_list(),
        "unknown_rank": r.shape.as_list(),
        "partial": str(tf.reshape(q, [-1]).shape),
        "from_tensor_shape": str(tf.reshape(q, s).shape),
        "fed_shape": sess.run(tf.reshape(tf.range(6), s), {s: [3, 2]}),
        "empty": sess.run(tf.reshape(tf.zeros([0, 3]), [3, 0])).shape,
        "two_minus_one": catch(tf.reshape, tf.range(6), [-1, -1]),
        "strings": sess.run(tf.reshape(tf.constant(["a", "b", "c", "d"]), [2, 2])),
        "name": tf.reshape(tf.range(4), [2, 2], name="rs").name,
        "msg": message_has(lambda: sess.run(tf.reshape(p, [4, -1]), {p: [1, 2, 3]}),
                           "Input to reshape is a tensor with 3 values"),
    }


def case_transpose_matmul_variations(tf):
    sess = tf.Session()
    a64 = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
    c = tf.constant([[1 + 1j, 2], [0, 1j]], tf.complex64)
    i64 = tf.constant([[1, 2], [3, 4]], tf.int64)
    h = tf.constant([[1, 2], [3, 4]], tf.float16)
    p = tf.placeholder(tf.float32, [None, 3])
    return {
        "f64": sess.run(tf.matmul(a64, a64, transpose_a=True)),
        "complex_adjoint": sess.run(tf.matmul(c, c, adjoint_b=True)),
        "complex_conj_transpose": sess.run(tf.transpose(c, conjugate=True)),
        "int64": sess.run(tf.matmul(i64, i64)),
        "f16": sess.run(tf.matmul(h, h)),
        "bool": catch(tf.matmul, tf.constant([[True]]), tf.constant([[True]])),
        "partial_shape": tf.matmul(p, tf.ones([3, 7]), name="mm").shape.as_list(),
        "name": tf.matmul(p, tf.ones([3, 7]), name="mm2").name,
        "transpose_name_type": [tf.transpose(p, name="tt").name, tf.transpose(p).op.type],
        "transpose_unknown": str(tf.transpose(tf.placeholder(tf.float32)).shape),
        "transpose_partial": tf.transpose(p).shape.as_list(),
        "bad_perm": catch(tf.transpose, tf.ones([2, 3]), [0, 0]),
        "bad_perm_len": catch(tf.transpose, tf.ones([2, 3]), [0, 1, 2]),
        "transpose_strings": sess.run(tf.transpose(tf.constant([["a", "b"]]))),
        "runtime_mismatch": catch(sess.run, tf.matmul(p, tf.ones([3, 1])) + 0.0, {p: np.ones((2, 2))}),
    }


def case_batch_matmul_variations(tf):
    x = tf.reshape(tf.range(12, dtype=tf.float64), [2, 2, 3])
    sess = tf.Session()
    bcast = tf.matmul(tf.ones([3, 1, 2, 4]), tf.ones([5, 4, 2]))
    p = tf.placeholder(tf.float32, [None, 2, 3])
    return {
        "f64_ta": sess.run(tf.matmul(x, x, transpose_a=True)),
        "broadcast_shape": bcast.shape.as_list(),
        "broadcast_value": sess.run(bcast)[0, 0],
        "partial": tf.matmul(p, tf.ones([3, 4])).shape.as_list(),
        "rank1_error": catch(tf.matmul, tf.ones([2, 2, 3]), tf.ones([3])),
        "inner_mismatch": catch(tf.matmul, tf.ones([2, 2, 3]), tf.ones([2, 2, 3])),
        "op_type": tf.matmul(x, x, transpose_b=True).op.type,
    }


def case_one_hot_variations(tf):
    p = tf.placeholder(tf.int64, [None])
    sess = tf.Session()
    oh = tf.one_hot(p, 4, on_value=True, off_value=False)
    return {
        "bool": sess.run(oh, {p: [3, 0, 9]}),
        "bool_dtype": oh.dtype.name,
        "shape": oh.shape.as_list(),
        "float64_axis_neg": sess.run(tf.one_hot([[0, 1]], 2, axis=-1, dtype=tf.float64)),
        "axis1_3d": sess.run(tf.one_hot([[0, 2], [1, 1]], 3, axis=1)),
        "scalar": sess.run(tf.one_hot(1, 3)),
        "uint8_indices": sess.run(tf.one_hot(tf.constant([1, 0], tf.uint8), 2)),
        "on_value_dtype": tf.one_hot([0], 2, on_value=2.0).dtype.name,
        "dtype_mismatch": catch(tf.one_hot, [0], 2, on_value=1, off_value=0.0),
        "string_values": sess.run(tf.one_hot([0, 1], 2, on_value="y", off_value="n")),
        "depth_negative": catch(sess.run, tf.one_hot([0], tf.placeholder_with_default(-1, []))),
        "name": tf.one_hot([0], 2, name="hot").name,
    }


def case_where_variations(tf):
    sess = tf.Session()
    c3 = tf.constant([[[True], [False]]])
    p = tf.placeholder(tf.bool, [None])
    w = tf.where(p)
    x = tf.constant([1.5, -2.0, 3.0])
    return {
        "3d_indices": sess.run(tf.where(c3)),
        "numeric_cond": sess.run(tf.where(tf.constant([0, 3, 0, -1]))),
        "float_cond": sess.run(tf.where(tf.constant([0.0, 0.5]))),
        "empty": sess.run(w, {p: []}).shape,
        "shape": w.shape.as_list(),
        "scalar_cond_select": sess.run(tf.where(tf.constant(True), x, -x)),
        "strings": sess.run(tf.where(tf.constant([True, False]), tf.constant(["a", "b"]), tf.constant(["c", "d"]))),
        "v2_broadcast": sess.run(tf.where_v2(tf.constant([[True], [False]]), tf.constant([1, 2]), tf.constant(0))),
        "dtype_mismatch": catch(tf.where, tf.constant([True]), tf.constant([1]), tf.constant([1.0])),
        "op_types": [tf.where(p).op.type, tf.where(p, p, p).op.type],
        "only_x": catch(tf.where, tf.constant([True]), tf.constant([1])),
    }


def case_top_k_unique_variations(tf):
    sess = tf.Session()
    i = tf.constant([[5, 1, 5, 3], [2, 9, 0, 9]])
    tk = tf.nn.top_k(i, 2, sorted=True)
    f64 = tf.nn.top_k(tf.constant([1.0, float("nan"), 3.0], tf.float64), 1)
    p = tf.placeholder(tf.float32, [None, 5])
    u64 = tf.unique(tf.constant([3, 3, 1], tf.int64), out_idx=tf.int64)
    us = tf.unique(tf.constant(["b", "a", "b"]))
    k0 = tf.nn.top_k(tf.constant([1.0, 2.0]), 0)
    uwc = tf.unique_with_counts(tf.constant([1.5, 1.5, -2.0]))
    return {
        "int": sess.run(tk),
        "f64_nan": sess.run(f64),
        "partial_shape": [t.shape.as_list() for t in tf.nn.top_k(p, 3)],
        "unique64": sess.run(u64),
        "unique64_dtypes": [u64.y.dtype.name, u64.idx.dtype.name],
        "unique_strings": sess.run(us),
        "unique_empty": [a.shape for a in sess.run(tf.unique(tf.zeros([0], tf.int32)))],
        "k0": sess.run(k0),
        "unique_with_counts": sess.run(uwc),
        "neg_k": catch(tf.nn.top_k, tf.constant([1.0]), -1),
        "unique_2d": catch(sess.run, tf.unique(tf.placeholder_with_default([[1, 2]], [None, None])).y),
        "k_runtime_big": catch(sess.run, tf.nn.top_k(p, tf.placeholder_with_default(9, [])).values,
                               {p: np.zeros((1, 5))}),
    }


def case_boolean_mask_variations(tf):
    x = tf.reshape(tf.range(12, dtype=tf.float64), [2, 3, 2])
    m = tf.placeholder(tf.bool, [None])
    sess = tf.Session()
    bm = tf.boolean_mask(tf.placeholder(tf.float32, [None, 4]), m)
    return {
        "axis1": sess.run(tf.boolean_mask(x, [True, False, True], axis=1)),
        "all_false": sess.run(tf.boolean_mask(x, [False, False])).shape,
        "2d_mask": sess.run(tf.boolean_mask(x, [[True, False, False], [False, False, True]])),
        "strings": sess.run(tf.boolean_mask(tf.constant(["a", "b", "c"]), [False, True, True])),
        "static_shape": bm.shape.as_list(),
        "mask_rank_error": catch(tf.boolean_mask, tf.ones([2]), [[True, False]]),
        "shape_mismatch": catch(tf.boolean_mask, tf.ones([3]), [True, False]),
        "scalar_mask": catch(tf.boolean_mask, tf.ones([3]), True),
    }


def case_shape_inference_variations(tf):
    p = tf.placeholder(tf.float32, [None, 3, None])
    q = tf.placeholder(tf.float32)
    return {
        "reduce_neg": tf.reduce_max(p, axis=-2).shape.as_list(),
        "reduce_all_keep": tf.reduce_sum(p, keepdims=True).shape.as_list(),
        "reduce_unknown_rank": str(tf.reduce_sum(q, axis=0).shape),
        "reduce_unknown_rank_all": str(tf.reduce_sum(q).shape),
        "reduce_tensor_axis": str(tf.reduce_sum(p, axis=tf.placeholder(tf.int32, [])).shape),
        "broadcast_none": (p + tf.ones([4, 1, 1, 5])).shape.as_list(),
        "broadcast_unknown": str((q * tf.ones([2])).shape),
        "squeeze_partial": tf.squeeze(tf.placeholder(tf.float32, [1, None, 1])).shape.as_list(),
        "squeeze_unknown": str(tf.squeeze(q).shape),
        "tile": tf.tile(p, [2, 2, 1]).shape.as_list(),
        "pad": tf.pad(p, [[1, 1], [0, 2], [3, 0]]).shape.as_list(),
        "argmin_neg": tf.argmin(p, -1).shape.as_list(),
        "shape_unknown": tf.shape(q).shape.as_list(),
        "size_rank": [tf.size(p).shape.as_list(), tf.rank(q).shape.as_list()],
        "gather_axis1": tf.gather(p, [0, 1], axis=1).shape.as_list(),
        "one_hot": tf.one_hot(tf.placeholder(tf.int32, [None, 2]), 5).shape.as_list(),
        "expand_neg": tf.expand_dims(p, -1).shape.as_list(),
        "concat_unknown": str(tf.concat([q, p], 1).shape),
    }


def case_einsum_tensordot_variations(tf):
    sess = tf.Session()
    a = tf.reshape(tf.range(6, dtype=tf.float64), [2, 3])
    p = tf.placeholder(tf.float32, [None, 3])
    return {
        "f64_transpose": sess.run(tf.einsum("ij->ji", a)),
        "ellipsis": sess.run(tf.einsum("...ij,...jk->...ik", tf.ones([2, 2, 3]), tf.ones([3, 1]))),
        "int_einsum": sess.run(tf.einsum("ij,j->i", tf.constant([[1, 2], [3, 4]]), tf.constant([1, 1]))),
        "three_operands": sess.run(tf.einsum("i,i,i->", tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]),
                                             tf.constant([0.5, 2.0]))),
        "partial_shape": tf.einsum("bi,ij->bj", p, tf.ones([3, 4])).shape.as_list(),
        "tensordot_partial": tf.tensordot(p, tf.ones([3, 4]), 1).shape.as_list(),
        "tensordot_list_axes": sess.run(tf.tensordot(a, a, axes=[[0, 1], [0, 1]])),
        "tensordot_scalar_axes_tensor": catch(tf.tensordot, a, tf.transpose(a), tf.constant(1)),
        "tensordot_axes_tensor": sess.run(tf.tensordot(a, tf.transpose(a), tf.constant([[1], [0]]))),
        "bad_equation": catch(tf.einsum, "ij,jk", a),
        "bad_dims": catch(tf.einsum, "ij,jk->ik", a, a),
        "tensordot_mismatch": catch(tf.tensordot, a, a, 1),
    }


def case_tile_pad_reverse_variations(tf):
    sess = tf.Session()
    x = tf.constant([[1.5, 2.5], [3.5, 4.5]], tf.float64)
    s = tf.constant([["a", "b"]])
    p = tf.placeholder(tf.int32, [None, 2])
    return {
        "tile_strings": sess.run(tf.tile(s, [2, 1])),
        "tile_zero": sess.run(tf.tile(x, [0, 2])).shape,
        "tile_bad_len": catch(tf.tile, x, [2]),
        "pad_reflect": sess.run(tf.pad(tf.constant([[1, 2, 3], [4, 5, 6]]), [[1, 1], [2, 2]], "REFLECT")),
        "pad_symmetric": sess.run(tf.pad(tf.constant([[1, 2, 3], [4, 5, 6]]), [[1, 1], [2, 2]], "SYMMETRIC")),
        "pad_strings": sess.run(tf.pad(s, [[0, 1], [0, 0]], constant_values="z")),
        "pad_reflect_too_big": catch(sess.run, tf.pad(tf.constant([[1, 2]]), [[0, 0], [2, 0]], "REFLECT")),
        "pad_bad_mode": catch(tf.pad, x, [[0, 0], [0, 0]], "WRAP"),
        "pad_negative": catch(sess.run, tf.pad(x, [[-1, 0], [0, 0]])),
        "reverse_neg_axis": sess.run(tf.reverse(x, [-1])),
        "reverse_strings": sess.run(tf.reverse(s, [1])),
        "reverse_dup": catch(sess.run, tf.reverse(x, [0, 0])),
        "squeeze_neg": sess.run(tf.squeeze(tf.ones([1, 2, 1]), [-1])).shape,
        "squeeze_partial_runtime": catch(sess.run, tf.squeeze(tf.placeholder_with_default(tf.ones([2, 2]), [None, 2]),
                                                              [0])),
        "expand_dims_oob": catch(tf.expand_dims, x, 3),
        "size_dtype": [tf.size(p, out_type=tf.int64).dtype.name, tf.shape(p, out_type=tf.int64).dtype.name],
        "shape_run": sess.run([tf.shape(p), tf.size(p), tf.rank(p)], {p: np.zeros((3, 2))}),
        "shape_scalar": sess.run(tf.shape(tf.constant(3.0))),
        "names": [tf.shape(p, name="sh").name, tf.size(p).op.type, tf.rank(p).op.type],
    }
