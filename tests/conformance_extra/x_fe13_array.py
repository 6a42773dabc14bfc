"""Third-pass variations of the public ops_array cases: arguments, dtypes and error paths that the
x_ovar_array and x_o12_array passes left out."""
import numpy as np

from _harness import catch, message_has


def case_getitem_none_bool_string_and_oob_slices(tf):
    x = tf.reshape(tf.range(12), [3, 4])
    s = tf.constant(["a", "b", "c", "d"])
    b = tf.constant([[True, False], [False, True]])
    sess = tf.Session()
    return {
        "none_axis": sess.run(x[None, 1]).shape,
        "past_end": sess.run(x[5:, :]).shape,
        "neg_step_oob": sess.run(x[10:-10:-1, 0]),
        "strings": sess.run(s[::-2]),
        "bools": sess.run(b[:, 1]),
        "list_index": catch(lambda: x[[0, 1]]),
        "float_index": catch(lambda: x[1.0]),
        "op_name": x[1:2].op.name,
    }


def case_getitem_tensor_bounds_and_step_zero(tf):
    x = tf.reshape(tf.range(24), [4, 6])
    lo = tf.placeholder(tf.int32, [])
    hi = tf.placeholder(tf.int32, [])
    y = x[lo:hi, ::2]
    sess = tf.Session()
    return {
        "shape": y.shape.as_list(),
        "value": sess.run(y, {lo: 1, hi: 3}),
        "neg": sess.run(y, {lo: -2, hi: 10}),
        "step_zero": catch(lambda: x[::0]),
        "static_neg_oob": catch(lambda: x[-5]),
        "unknown_rank": tf.placeholder(tf.float32)[1:, 0].shape.dims is None,
    }


def case_strided_slice_masks_and_grad(tf):
    x = tf.reshape(tf.range(24, dtype=tf.float32), [2, 3, 4])
    ell = tf.strided_slice(x, [0, 1], [1, 3], ellipsis_mask=1)
    newax = tf.strided_slice(x, [0, 0], [1, 2], new_axis_mask=1)
    g = tf.gradients(tf.reduce_sum(tf.strided_slice(x, [0, 0, 1], [2, 3, 4], [1, 2, 2])), x)[0]
    sess = tf.Session()
    return {
        "ellipsis": sess.run(ell), "ellipsis_shape": ell.shape.as_list(),
        "newaxis_shape": newax.shape.as_list(), "newaxis": sess.run(newax),
        "int64_bounds": sess.run(tf.strided_slice(x, tf.constant([1, 0, 0], tf.int64),
                                                  tf.constant([2, 1, 2], tf.int64))),
        "grad": sess.run(g), "grad_type": g.op.type,
        "slice_size_error": catch(tf.slice, x, [0, 0, 0], [3, 1, 1]),
        "slice_type": tf.slice(x, [0, 0, 0], [1, 1, 1]).op.type,
    }


def case_gather_batch_dims_negative_axis_and_strings(tf):
    params = tf.reshape(tf.range(24), [2, 3, 4])
    sess = tf.Session()
    bd = tf.gather(params, [[0, 2], [1, 1]], axis=2, batch_dims=1)
    neg = tf.gather(params, [1], axis=-2)
    i64 = tf.gather(tf.constant([1.5, 2.5, 3.5]), tf.constant([2, 0], tf.int64))
    return {
        "batch_dims": sess.run(bd), "batch_dims_shape": bd.shape.as_list(),
        "neg_axis": sess.run(neg), "neg_axis_shape": neg.shape.as_list(),
        "int64_idx": sess.run(i64),
        "strings": sess.run(tf.gather(tf.constant(["x", "y", "z"]), [2, 2, 0])),
        "negative_index": catch(sess.run, tf.gather(tf.constant([1, 2, 3]), [-1])),
        "float_index": catch(tf.gather, params, [0.5]),
        "type": neg.op.type,
        "nd_oob": catch(sess.run, tf.gather_nd(params, [[2, 0]])),
    }


def case_split_minus_one_and_single_concat(tf):
    x = tf.reshape(tf.range(10), [2, 5])
    one = tf.concat([x], 0)
    sess = tf.Session()
    return {
        "minus_one": sess.run(tf.split(x, [2, -1], axis=1)),
        "tensor_sizes": sess.run(tf.split(x, tf.constant([1, 4]), axis=1, num=2)),
        "single_concat_type": one.op.type,
        "single_concat_name": one.op.name,
        "stack_scalars": sess.run(tf.stack([1.0, 2.0, 3.0])),
        "stack_shape_error": catch(tf.stack, [tf.ones([2]), tf.ones([3])]),
        "unstack_unknown": catch(tf.unstack, tf.placeholder(tf.float32, [None, 2])),
        "unstack_num": sess.run(tf.unstack(tf.placeholder_with_default(x, [None, 5]), num=2)),
        "split_bad_sizes": catch(tf.split, x, [2, 2], axis=1),
        "parallel": sess.run(tf.parallel_stack([tf.constant([1, 2]), tf.constant([3, 4])])),
    }


def case_reshape_tensor_shape_scalar_and_empty(tf):
    x = tf.reshape(tf.range(6.0), [2, 3])
    p = tf.placeholder(tf.float32, [None, 3])
    sess = tf.Session()
    like = tf.reshape(p, tf.shape(tf.transpose(p)))
    return {
        "to_scalar": sess.run(tf.reshape(tf.constant([7]), [])),
        "from_scalar": sess.run(tf.reshape(tf.constant(7), [1, 1])),
        "like_shape": like.shape.as_list(),
        "like": sess.run(like, {p: np.ones((2, 3))}).shape,
        "two_minus_one": catch(tf.reshape, x, [-1, -1]),
        "empty_minus_one": catch(sess.run, tf.reshape(tf.zeros([0, 4]), [0, -1])),
        "empty_ok": sess.run(tf.reshape(tf.zeros([0, 4]), [2, 0, -1])).shape,
        "int64_shape": sess.run(tf.reshape(x, tf.constant([3, 2], tf.int64))),
        "msg": message_has(lambda: tf.reshape(x, [4, 2]), "Cannot reshape a tensor with 6 elements"),
    }


def case_transpose_conjugate_and_matmul_f16_f64(tf):
    c = tf.constant([[1 + 2j, 3 - 1j], [0 + 1j, 2 + 0j]], tf.complex64)
    sess = tf.Session()
    h = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float16)
    d = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
    return {
        "conj": sess.run(tf.transpose(c, conjugate=True)),
        "matrix_transpose": sess.run(tf.linalg.matrix_transpose(tf.reshape(tf.range(12), [2, 2, 3]))),
        "f16": sess.run(tf.matmul(h, h)), "f16_dtype": tf.matmul(h, h).dtype.name,
        "f64_adj": sess.run(tf.matmul(d, d, adjoint_a=True)),
        "complex_adj_b": sess.run(tf.matmul(c, c, adjoint_b=True)),
        "unknown_rank": str(tf.matmul(tf.placeholder(tf.float32), tf.ones([2, 3])).shape),
        "bad_perm": catch(tf.transpose, tf.ones([2, 3]), [0, 0]),
        "perm_len": catch(tf.transpose, tf.ones([2, 3]), [1, 0, 2]),
        "bool_matmul": catch(tf.matmul, tf.constant([[True]]), tf.constant([[True]])),
    }


def case_batch_matmul_broadcast_and_runtime_errors(tf):
    a = tf.reshape(tf.range(12.0), [2, 1, 2, 3])
    b = tf.ones([3, 3, 2])
    out = tf.matmul(a, b)
    p = tf.placeholder(tf.float32, [None, 2, 3])
    q = tf.placeholder(tf.float32, [None, 3, 2])
    pq = tf.matmul(p, q)
    sess = tf.Session()
    return {
        "shape": out.shape.as_list(), "value": sess.run(out),
        "type": out.op.type,
        "dyn_shape": pq.shape.as_list(),
        "batch_mismatch": catch(sess.run, pq, {p: np.ones((2, 2, 3)), q: np.ones((3, 3, 2))}),
        "usable": sess.run(pq, {p: np.ones((1, 2, 3)), q: np.ones((1, 3, 2))}),
        "static_batch_error": catch(tf.matmul, tf.ones([2, 2, 3]), tf.ones([3, 3, 2])),
    }


def case_one_hot_tensor_depth_and_errors(tf):
    d = tf.placeholder(tf.int32, [])
    oh = tf.one_hot([0, 2], d)
    sess = tf.Session()
    return {
        "shape": oh.shape.as_list(),
        "fed": sess.run(oh, {d: 4}),
        "uint8": sess.run(tf.one_hot(tf.constant([1, 0], tf.uint8), 2)),
        "neg_axis": sess.run(tf.one_hot([[1, 0]], 2, axis=-1)),
        "axis_1_of_matrix": sess.run(tf.one_hot([[0, 1], [1, 1]], 2, axis=1)),
        "bool_on_off": sess.run(tf.one_hot([1, 0], 2, on_value=True, off_value=False)),
        "on_off_mismatch": catch(tf.one_hot, [0], 2, on_value=1.0, off_value=0),
        "big_axis_shape": tf.one_hot([0, 1], 2, axis=3).shape.as_list(),
        "big_axis_run": catch(sess.run, tf.one_hot([0, 1], 2, axis=3)),
        "axis_below_minus_one": catch(tf.one_hot, [0, 1], 2, axis=-2),
        "neg_depth": catch(sess.run, oh, {d: -1}),
        "name": tf.one_hot([0], 2, name="hot").op.name,
    }


def case_where_v2_numeric_cond_and_empty(tf):
    sess = tf.Session()
    return {
        "v2_broadcast": sess.run(tf.where_v2(tf.constant([[True], [False]]), tf.constant([1, 2, 3]), 0)),
        "numeric_cond": sess.run(tf.where(tf.constant([[0, 3], [-1, 0]]))),
        "float_cond": sess.run(tf.where(tf.constant([0.0, 0.5, 0.0, -2.0]))),
        "empty": sess.run(tf.where(tf.constant([False, False]))).shape,
        "rank3": sess.run(tf.where(tf.constant([[[True], [False]], [[False], [True]]]))),
        "shape": tf.where(tf.placeholder(tf.bool, [None, 3])).shape.as_list(),
        "select_dtype_error": catch(tf.where, tf.constant([True]), tf.constant([1]), tf.constant([1.0])),
        "v2_type": tf.where_v2(tf.constant([True]), 1, 2).op.type,
    }


def case_unique_with_counts_and_top_k_options(tf):
    sess = tf.Session()
    u = tf.unique_with_counts(tf.constant(["b", "a", "b", "c", "a", "b"]))
    u64 = tf.unique(tf.constant([3, 3, 1]), out_idx=tf.int64)
    t = tf.nn.top_k(tf.constant([1, 5, 3, 5], tf.int32), k=2, sorted=True)
    k = tf.placeholder(tf.int32, [])
    tk = tf.nn.top_k(tf.constant([[3.0, 1.0, 2.0]]), k=k)
    return {
        "with_counts": sess.run(u), "u64": sess.run(u64), "u64_dtype": u64.idx.dtype.name,
        "int_topk": sess.run(t),
        "k0": sess.run(tf.nn.top_k(tf.constant([1.0, 2.0]), k=0)),
        "dyn_shape": tk.values.shape.as_list(), "dyn": sess.run(tk, {k: 2}),
        "dyn_too_big": catch(sess.run, tk, {k: 5}),
        "neg_k": catch(tf.nn.top_k, tf.constant([1.0, 2.0]), -1),
        "unique_2d": catch(tf.unique, tf.constant([[1, 2]])),
    }


def case_boolean_mask_placeholders_and_empty(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    m = tf.placeholder(tf.bool, [None])
    out = tf.boolean_mask(x, m)
    sess = tf.Session()
    feed = {x: [[1, 2], [3, 4], [5, 6]], m: [False, True, True]}
    return {
        "shape": out.shape.as_list(), "value": sess.run(out, feed),
        "none": sess.run(out, {x: [[1, 2]], m: [False]}).shape,
        "strings": sess.run(tf.boolean_mask(tf.constant(["a", "b", "c"]), [True, False, True])),
        "rank_error": catch(tf.boolean_mask, tf.constant([1, 2]), [[True, False]]),
        "mismatch": catch(tf.boolean_mask, tf.constant([1, 2, 3]), [True, False]),
        "name": tf.boolean_mask(tf.constant([1, 2]), [True, False], name="bm").name,
    }


def case_shape_inference_set_shape_and_ops(tf):
    p = tf.placeholder(tf.float32, [None, None])
    q = tf.placeholder(tf.float32, [None, 3])
    p.set_shape([2, None])
    return {
        "merged": p.shape.as_list(),
        "incompatible": catch(q.set_shape, [None, 4]),
        "tile": tf.tile(q, [2, 2]).shape.as_list(),
        "pad": tf.pad(q, [[1, 1], [0, 2]]).shape.as_list(),
        "gather": tf.gather(q, tf.placeholder(tf.int32, [5]), axis=0).shape.as_list(),
        "slice_tensor_begin": tf.slice(q, tf.placeholder(tf.int32, [2]), [2, -1]).shape.as_list(),
        "squeeze_unknown": str(tf.squeeze(tf.placeholder(tf.float32, [None, 1, 3])).shape),
        "one_hot": tf.one_hot(tf.placeholder(tf.int32, [None]), 4).shape.as_list(),
        "reshape_partial": tf.reshape(q, [-1, 1, 3]).shape.as_list(),
        "shape_n": [t.shape.as_list() for t in tf.shape_n([q, p])],
        "merge_with": q.shape.merge_with(tf.TensorShape([4, None])).as_list(),
    }


def case_einsum_ellipsis_and_errors(tf):
    a = tf.reshape(tf.range(12.0), [2, 2, 3])
    b = tf.reshape(tf.range(6.0), [3, 2])
    p = tf.placeholder(tf.float32, [None, 3])
    sess = tf.Session()
    return {
        "ellipsis": sess.run(tf.einsum("...ij,jk->...ik", a, b)),
        "transpose": sess.run(tf.einsum("ij->ji", b)),
        "implicit_out": sess.run(tf.einsum("ij,jk", b, tf.ones([2, 1]))),
        "unknown_dims": tf.einsum("ij,jk->ik", p, b).shape.as_list(),
        "dim_mismatch": catch(tf.einsum, "ij,jk->ik", b, b),
        "tensordot_tensor_axes": catch(tf.tensordot, b, tf.ones([2, 2]), axes=tf.constant(1)),
        "tensordot_list_axes": sess.run(tf.tensordot(b, tf.ones([2, 2]), axes=[[1], [0]])),
        "tensordot_unknown": tf.tensordot(p, b, 1).shape.as_list(),
        "tensordot_bad_axes": catch(tf.tensordot, b, b, [[0], [0, 1]]),
    }


def case_tile_pad_squeeze_expand_errors(tf):
    x = tf.constant([[1, 2], [3, 4]])
    m = tf.placeholder(tf.int32, [2])
    t = tf.tile(x, m)
    sess = tf.Session()
    return {
        "tile_shape": t.shape.as_list(), "tile_fed": sess.run(t, {m: [1, 2]}),
        "tile_len_error": catch(tf.tile, x, [2]),
        "tile_neg": catch(sess.run, t, {m: [-1, 1]}),
        "pad_reflect": sess.run(tf.pad(x, [[1, 1], [1, 0]], mode="REFLECT")),
        "pad_symmetric": sess.run(tf.pad(x, [[2, 0], [0, 2]], mode="symmetric")),
        "pad_bad_mode": catch(tf.pad, x, [[0, 0], [0, 0]], mode="WRAP"),
        "expand_bad_axis": catch(tf.expand_dims, x, 3),
        "reverse_neg_axis": sess.run(tf.reverse(x, [-1])),
        "reverse_dup": catch(tf.reverse, x, [0, 0]),
        "squeeze_neg": sess.run(tf.squeeze(tf.ones([2, 1]), [-1])).shape,
        "size_int64": tf.size(x, out_type=tf.int64).dtype.name,
    }
