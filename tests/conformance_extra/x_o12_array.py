"""Second-pass variations of the public ops_array cases: the ops composed with loops, conds,
gradients, feeds and re-imported graphs, plus argument error paths the first pass left out."""
import numpy as np

from _harness import catch


def case_getitem_inside_while_and_gradient(tf):
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    _, acc = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + x[:, i] * tf.cast(i + 1, tf.float32)),
                           [tf.constant(0), tf.zeros([2])])
    g = tf.gradients(tf.reduce_sum(x[::-1, 1:] * tf.constant([[1.0, 2.0]])), x)[0]
    sess = tf.Session()
    return {"acc": sess.run(acc), "grad": sess.run(g), "grad_type": g.op.type,
            "acc_shape": acc.shape.as_list()}


def case_getitem_feeds_and_variables(tf):
    v = tf.Variable([[1, 2, 3], [4, 5, 6]], name="v")
    i = tf.placeholder(tf.int32, [])
    row = v[i]
    upd = v[0, 1:].assign([20, 30])
    sess = tf.Session()
    sess.run(v.initializer)
    before = sess.run(row, {i: 1})
    sess.run(upd)
    return {"before": before, "after": sess.run(v), "dyn": sess.run(v[:, i], {i: 2}),
            "upd_type": upd.op.type if hasattr(upd, "op") else None,
            "oob": catch(sess.run, row, {i: 2}), "usable": sess.run(row, {i: -1})}


def case_gather_in_cond_and_indexed_slices_grad(tf):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: tf.gather(params, [2, 0]), lambda: tf.gather(params, [1, 1]))
    g = tf.gradients(tf.reduce_sum(tf.gather(params, [0, 0, 2], axis=0)), params)[0]
    g1 = tf.gradients(tf.reduce_sum(tf.gather(params, [1], axis=1) * 3.0), params)[0]
    sess = tf.Session()
    return {"true": sess.run(out, {p: True}), "false": sess.run(out, {p: False}),
            "grad_class": type(g).__name__, "grad_dense": sess.run(tf.convert_to_tensor(g)),
            "axis1_grad_class": type(g1).__name__, "axis1_grad": sess.run(tf.convert_to_tensor(g1)),
            "shape": out.shape.as_list()}


def case_gather_nd_variants(tf):
    params = tf.reshape(tf.range(24, dtype=tf.int64), [2, 3, 4])
    sess = tf.Session()
    full = tf.gather_nd(params, [[1, 2, 3], [0, 0, 0]])
    empty_idx = tf.gather_nd(params, tf.zeros([0, 2], tf.int32))
    fp = tf.cast(params, tf.float32)
    return {
        "full": sess.run(full), "full_shape": full.shape.as_list(),
        "empty": sess.run(empty_idx).shape, "empty_shape": empty_idx.shape.as_list(),
        "strings": sess.run(tf.gather_nd(tf.constant([["a", "b"], ["c", "d"]]), [[1, 0]])),
        "batch_dims": sess.run(tf.gather_nd(params, [[1], [2]], batch_dims=1)),
        "too_deep": catch(tf.gather_nd, params, [[0, 0, 0, 0]]),
        "grad": sess.run(tf.convert_to_tensor(tf.gradients(tf.reduce_sum(tf.gather_nd(fp, [[0, 1], [0, 1]])),
                                                           fp)[0])),
    }


def case_concat_split_roundtrip_in_loop(tf):
    def body(i, x):
        a, b = tf.split(x, 2, axis=0)
        return i + 1, tf.concat([b, a], 0)
    _, out = tf.while_loop(lambda i, x: i < 3, body, [tf.constant(0), tf.range(6)])
    p = tf.placeholder(tf.int32, [None])
    parts = tf.split(p, [1, -1])
    sess = tf.Session()
    return {"loop": sess.run(out), "split_feed": sess.run(parts, {p: [1, 2, 3]}),
            "parts_shape": [t.shape.as_list() for t in parts],
            "split_runtime_error": catch(sess.run, tf.split(p, 2), {p: [1, 2, 3]}),
            "usable": sess.run(parts[0], {p: [9]})}


def case_reshape_gradient_and_import(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    r = tf.reshape(x, [2, 3], name="reshaped")
    g = tf.gradients(tf.reduce_sum(r * tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), x)[0]
    gd = tf.get_default_graph().as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        tf.import_graph_def(gd, name="imp")
        t = g2.get_tensor_by_name("imp/reshaped:0")
        val = tf.Session().run(t)
        shape = t.shape.as_list()
    return {"grad": tf.Session().run(g), "imported": val, "imported_shape": shape}


def case_matmul_dtypes_and_adjoint(tf):
    sess = tf.Session()
    a64 = tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64)
    i64 = tf.constant([[1, 2], [3, 4]], tf.int64)
    c = tf.constant([[1 + 1j, 2], [0, 1j]], tf.complex64)
    h = tf.constant([[1.0, 2.0]], tf.float16)
    return {
        "f64": sess.run(tf.matmul(a64, a64, transpose_b=True)),
        "i64": sess.run(tf.matmul(i64, i64)),
        "adjoint": sess.run(tf.matmul(c, c, adjoint_a=True)),
        "f16": sess.run(tf.matmul(h, tf.transpose(h))),
        "both_error": catch(tf.matmul, c, c, transpose_a=True, adjoint_a=True),
        "empty": sess.run(tf.matmul(tf.zeros([0, 3]), tf.ones([3, 2]))).shape,
        "inner_zero": sess.run(tf.matmul(tf.zeros([2, 0]), tf.ones([0, 2]))),
        "bool_error": catch(tf.matmul, tf.constant([[True]]), tf.constant([[True]])),
        "name": tf.matmul(a64, a64, name="mm").name,
        "dtypes": [tf.matmul(i64, i64).dtype.name, tf.matmul(c, c).dtype.name],
    }


def case_batch_matmul_broadcast_and_feeds(tf):
    x = tf.placeholder(tf.float32, [None, 2, 3])
    w = tf.reshape(tf.range(6, dtype=tf.float32), [3, 2])
    out = tf.matmul(x, w)
    b = tf.matmul(tf.ones([2, 1, 2, 3]), tf.ones([3, 3, 1]))
    sess = tf.Session()
    return {"static": out.shape.as_list(), "b_shape": b.shape.as_list(),
            "value": sess.run(out, {x: np.arange(12, dtype=np.float32).reshape(2, 2, 3)}),
            "b": sess.run(b).shape,
            "runtime_mismatch": catch(sess.run, tf.matmul(x, tf.ones([2, 3, 2])),
                                      {x: np.ones((3, 2, 3), np.float32)}),
            "static_batch_error": catch(tf.matmul, tf.ones([2, 2, 3]), tf.ones([3, 3, 1]))}


def case_one_hot_dtypes_and_errors(tf):
    sess = tf.Session()
    idx = tf.placeholder(tf.int64, [None])
    oh = tf.one_hot(idx, 4, on_value=True, off_value=False)
    return {
        "bool": sess.run(oh, {idx: [3, 0, 7]}),
        "bool_dtype": oh.dtype.name,
        "uint8": sess.run(tf.one_hot(tf.constant([1, 0], tf.uint8), 2)),
        "string": sess.run(tf.one_hot([1, 0], 2, on_value="y", off_value="n")),
        "axis_neg": sess.run(tf.one_hot([[0, 1]], 2, axis=-1)),
        "scalar": sess.run(tf.one_hot(2, 3)),
        "depth_tensor": sess.run(tf.one_hot([1], tf.constant(2))),
        "mixed_on_off": catch(tf.one_hot, [0], 2, on_value=1.0, off_value=0),
        "dtype_conflict": catch(tf.one_hot, [0], 2, on_value=1, dtype=tf.float32),
        "bad_axis": catch(tf.one_hot, [0, 1], 2, axis=3),
        "shape": oh.shape.as_list(),
        "negative_depth": catch(sess.run, tf.one_hot([0], tf.constant(-1))),
    }


def case_where_with_placeholders_and_grad(tf):
    c = tf.placeholder(tf.bool, [None])
    x = tf.constant([1.0, 2.0, 3.0])
    y = tf.constant([-1.0, -2.0, -3.0])
    sel = tf.where(c, x * x, y * 2.0)
    gx, gy = tf.gradients(tf.reduce_sum(sel), [x, y])
    idx = tf.where(tf.placeholder_with_default([[0, 1], [2, 0]], [None, None]) > 0)
    sess = tf.Session()
    return {"sel": sess.run(sel, {c: [True, False, True]}), "gx": sess.run(gx, {c: [True, False, True]}),
            "gy": sess.run(gy, {c: [True, False, True]}), "idx": sess.run(idx),
            "idx_shape": idx.shape.as_list(), "empty": sess.run(tf.where(tf.zeros([0, 2], tf.bool))).shape,
            "mismatch_runtime": catch(sess.run, sel, {c: [True]}),
            "v2_broadcast": sess.run(tf.where_v2(tf.constant([True, False]), 1, tf.constant([[5, 6], [7, 8]])))}


def case_top_k_unique_more(tf):
    sess = tf.Session()
    x = tf.constant([[3, 1, 2], [1, 1, 1]], tf.int64)
    tk = tf.nn.top_k(x, 2, sorted=True)
    u = tf.unique(tf.constant(["b", "a", "b"]), out_idx=tf.int64)
    uc = tf.unique_with_counts(tf.constant([5, 5, 3, 5]))
    kp = tf.placeholder(tf.int32, [])
    dyn = tf.nn.top_k(tf.constant([4.0, 9.0, 1.0]), kp)
    return {
        "int64": sess.run(tk), "unique_str": sess.run(u), "unique_idx_dtype": u.idx.dtype.name,
        "with_counts": sess.run(uc), "dyn": sess.run(dyn, {kp: 2}), "dyn_shape": dyn.values.shape.as_list(),
        "k_zero": sess.run(tf.nn.top_k(tf.constant([1.0, 2.0]), 0)),
        "k_runtime_too_big": catch(sess.run, dyn, {kp: 5}),
        "k_negative": catch(tf.nn.top_k, tf.constant([1.0]), -1),
        "scalar_input": catch(tf.nn.top_k, tf.constant(1.0), 1),
        "unique_2d": catch(tf.unique, tf.constant([[1, 2]])),
        "names": [tk.values.name, tk.indices.name],
    }


def case_boolean_mask_axis_and_errors(tf):
    x = tf.reshape(tf.range(12), [2, 3, 2])
    m = tf.placeholder(tf.bool, [None])
    sess = tf.Session()
    out = tf.boolean_mask(x, [True, False, True], axis=1)
    v = tf.constant([1.0, 2.0, 3.0])
    fed = tf.boolean_mask(tf.constant([1.0, 2.0, 3.0]), m)
    return {
        "axis1": sess.run(out), "axis1_shape": out.shape.as_list(),
        "fed": sess.run(fed, {m: [False, True, True]}), "fed_shape": fed.shape.as_list(),
        "all_false": sess.run(tf.boolean_mask(x, [False, False])).shape,
        "mask_shape_error": catch(tf.boolean_mask, x, [True, False, True]),
        "scalar_mask": catch(tf.boolean_mask, x, True),
        "grad": sess.run(tf.gradients(tf.reduce_sum(tf.boolean_mask(v, [True, False, True]) * v[:2]), v)[0]),
    }


def case_einsum_tensordot_more(tf):
    a = tf.reshape(tf.range(6, dtype=tf.float64), [2, 3])
    p = tf.placeholder(tf.float32, [None, 3])
    sess = tf.Session()
    e = tf.einsum("ij,kj->ik", p, tf.ones([4, 3]))
    return {
        "f64_transpose": sess.run(tf.einsum("ij->ji", a)),
        "ellipsis": sess.run(tf.einsum("...j,j->...", a, tf.constant([1.0, 0.0, -1.0], tf.float64))),
        "partial_shape": e.shape.as_list(),
        "fed": sess.run(e, {p: np.ones((2, 3), np.float32)}),
        "int": sess.run(tf.einsum("i,i->", tf.constant([1, 2]), tf.constant([3, 4]))),
        "bad_subscripts": catch(tf.einsum, "ij,jk", a),
        "dim_mismatch": catch(tf.einsum, "ij,jk->ik", a, tf.ones([2, 2], tf.float64)),
        "tensordot_unknown": tf.tensordot(p, tf.ones([3, 5]), 1).shape.as_list(),
        "tensordot_bad_axes": catch(tf.tensordot, a, a, [[0], [1]]),
        "tensordot_grad": sess.run(tf.gradients(tf.reduce_sum(tf.tensordot(a, tf.transpose(a), 1)), a)[0]),
    }


def case_pad_modes_and_errors(tf):
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    sess = tf.Session()
    pl = tf.placeholder(tf.int32, [2, 2])
    padded = tf.pad(x, pl, mode="REFLECT")
    f = tf.constant([1.0, 2.0])
    return {
        "reflect": sess.run(tf.pad(x, [[1, 1], [2, 2]], mode="REFLECT")),
        "symmetric": sess.run(tf.pad(x, [[1, 1], [2, 2]], mode="SYMMETRIC")),
        "lower_mode": sess.run(tf.pad(x, [[0, 0], [1, 0]], mode="constant", constant_values=-1)),
        "float_const": sess.run(tf.pad(tf.constant([1.5]), [[1, 1]], constant_values=0.5)),
        "string": sess.run(tf.pad(tf.constant(["a"]), [[1, 0]], constant_values="z")),
        "bad_mode": catch(tf.pad, x, [[0, 0], [0, 0]], mode="WRAP"),
        "reflect_too_big": catch(sess.run, padded, {pl: [[0, 0], [3, 0]]}),
        "usable": sess.run(padded, {pl: [[0, 0], [1, 1]]}),
        "static_shape": padded.shape.as_list(),
        "negative": catch(sess.run, tf.pad(x, pl), {pl: [[-1, 0], [0, 0]]}),
        "grad": sess.run(tf.gradients(tf.reduce_sum(tf.pad(f, [[2, 1]], mode="SYMMETRIC") *
                                                    tf.range(5, dtype=tf.float32)), f)[0]),
    }


def case_tile_reverse_squeeze_more(tf):
    p = tf.placeholder(tf.float32, [None, 1, 3])
    m = tf.placeholder(tf.int32, [2])
    sess = tf.Session()
    t = tf.tile(tf.constant([[1, 2]]), m)
    f = tf.constant([[1.0, 2.0]])
    return {
        "tile_fed": sess.run(t, {m: [2, 2]}), "tile_shape": t.shape.as_list(),
        "tile_zero": sess.run(tf.tile(tf.constant([[1, 2]]), [0, 2])).shape,
        "tile_bad_len": catch(tf.tile, tf.constant([[1, 2]]), [2]),
        "reverse_neg_axis": sess.run(tf.reverse(tf.constant([[1, 2], [3, 4]]), [-1])),
        "reverse_dup_axis": catch(sess.run, tf.reverse(tf.constant([[1, 2], [3, 4]]), [0, 0])),
        "squeeze_partial": tf.squeeze(p).shape.as_list(),
        "squeeze_axis_partial": tf.squeeze(p, axis=1).shape.as_list(),
        "squeeze_runtime": sess.run(tf.squeeze(p), {p: np.ones((1, 1, 3), np.float32)}).shape,
        "expand_oob": catch(tf.expand_dims, tf.constant([1, 2]), 3),
        "tile_grad": sess.run(tf.gradients(tf.reduce_sum(tf.tile(f, [3, 2]) * tf.range(8, dtype=tf.float32)
                                                         [None, :4]), f)[0]),
        "reverse_sequence": sess.run(tf.reverse_sequence(tf.constant([[1, 2, 3], [4, 5, 6]]), [2, 3],
                                                         seq_axis=1, batch_axis=0)),
    }
