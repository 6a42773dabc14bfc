"""Extra array-op probes: shapes, unknown dims, errors, dtypes."""
import numpy as np

from _harness import catch, message_has


def _desc(fn, *args, **kwargs):
    """Build a tensor; describe its static shape and dtype, or the exception raised."""
    try:
        t = fn(*args, **kwargs)
    except Exception as exc:  # the exception is the result
        return {"raised": type(exc).__name__}
    return [str(t.shape), t.dtype.name]


def case_x_ops_reshape_shapes_and_errors(tf):
    p = tf.placeholder(tf.float32, [None, 4])
    u = tf.placeholder(tf.float32)
    s = tf.placeholder(tf.int32, [2])
    sess = tf.Session()
    return {
        "unknown_rank": str(tf.reshape(u, [2, -1]).shape),
        "dyn_shape": str(tf.reshape(p, s).shape),
        "dyn_shape_list": str(tf.reshape(p, [tf.shape(p)[0], 2, 2]).shape),
        "neg_static": str(tf.reshape(tf.zeros([6, 4]), [-1, 8]).shape),
        "two_neg": _desc(tf.reshape, tf.zeros([6]), [-1, -1]),
        "two_neg_run": catch(lambda: sess.run(tf.reshape(tf.zeros([6]), [-1, -1]))),
        "bad_size_msg": message_has(lambda: tf.reshape(tf.zeros([6]), [4]), "Cannot reshape a tensor with 6 elements to shape [4]"),
        "zero_size": sess.run(tf.reshape(tf.zeros([0, 3]), [-1, 3])).shape,
        "scalar": sess.run(tf.reshape(tf.constant([5]), [])),
        "runtime_two_neg": catch(sess.run, tf.reshape(p, s), {p: np.zeros((2, 4)), s: [-1, -1]}),
        "runtime_value": sess.run(tf.reshape(p, s), {p: np.ones((2, 4)), s: [4, -1]}).shape,
    }


def case_x_ops_transpose_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 3, 5])
    u = tf.placeholder(tf.float32)
    sess = tf.Session()
    return {
        "default": str(tf.transpose(p).shape),
        "perm": str(tf.transpose(p, [0, 2, 1]).shape),
        "unknown": str(tf.transpose(u).shape),
        "unknown_perm": str(tf.transpose(u, [1, 0]).shape),
        "bad_perm": catch(tf.transpose, p, [0, 1]),
        "dup_perm": _desc(tf.transpose, tf.ones([2, 3, 4]), [0, 1, 1]),
        "dup_perm_run": catch(lambda: sess.run(tf.transpose(tf.ones([2, 3, 4]), [0, 1, 1]))),
        "neg_perm_value": catch(lambda: sess.run(tf.transpose(tf.ones([2, 3]), [-1, 0])).shape),
        "name": tf.transpose(p).op.name,
        "conjugate": sess.run(tf.transpose(tf.constant([[1, 2]]), conjugate=True)),
    }


def case_x_ops_concat_stack_edge(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    q = tf.placeholder(tf.float32, [2, None])
    sess = tf.Session()
    return {
        "pq0": str(tf.concat([p, q], 0).shape),
        "pq1": str(tf.concat([p, q], 1).shape),
        "single": sess.run(tf.concat([tf.constant([1, 2])], 0)),
        "single_name": tf.concat([p], 0).op.type,
        "scalar_concat": catch(tf.concat, [tf.constant(1), tf.constant(2)], 0),
        "axis_oob": catch(tf.concat, [p, p], 2),
        "rank_mismatch": catch(tf.concat, [p, tf.ones([2, 3, 1])], 0),
        "stack_shape_mismatch": catch(tf.stack, [tf.ones([2]), tf.ones([3])]),
        "stack_neg_axis": str(tf.stack([p, p], axis=-1).shape),
        "stack_axis_oob": catch(tf.stack, [p, p], axis=3),
        "stack_empty": _desc(tf.stack, []),
        "stack_scalars": sess.run(tf.stack([1, 2, 3])),
        "parallel": str(tf.stack([tf.ones([2]), tf.ones([2])]).op.type),
        "unstack_unknown": catch(tf.unstack, tf.placeholder(tf.float32, [None, 2])),
        "unstack_num": len(tf.unstack(tf.placeholder(tf.float32, [None, 2]), num=3)),
        "unstack_axis1": len(tf.unstack(p, axis=1)),
    }


def case_x_ops_split_variants(tf):
    x = tf.reshape(tf.range(12), [3, 4])
    p = tf.placeholder(tf.float32, [None, 6])
    sess = tf.Session()
    return {
        "neg_size": sess.run(tf.split(x, [1, -1], axis=1)),
        "axis_neg": sess.run(tf.split(x, 2, axis=-1)),
        "tensor_sizes": sess.run(tf.split(x, tf.constant([2, 2]), axis=1)),
        "shapes_unknown": [str(t.shape) for t in tf.split(p, 3, axis=1)],
        "shapes_unknown0": [str(t.shape) for t in tf.split(p, 2, axis=0)],
        "shapes_sizes": [str(t.shape) for t in tf.split(p, [1, 5], axis=1)],
        "bad_sizes": catch(tf.split, x, [1, 2], axis=1),
        "op_types": [tf.split(x, 2, 1)[0].op.type, tf.split(x, [1, 3], 1)[0].op.type],
        "num_mismatch_runtime": catch(sess.run, tf.split(p, 4, axis=0), {p: np.zeros((3, 6))}),
        "num_split_arg": len(tf.split(x, tf.constant([1, 3]), axis=1, num=2)),
    }


def case_x_ops_slice_and_strided_slice_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 10, 3])
    x = tf.reshape(tf.range(10), [10])
    sess = tf.Session()
    b = tf.placeholder(tf.int32, [])
    return {
        "slice_static": str(tf.slice(p, [0, 2, 0], [-1, 5, 2]).shape),
        "slice_dynamic_begin": str(tf.slice(p, [0, b, 0], [1, 3, -1]).shape),
        "getitem_dyn": str(p[:, b:].shape),
        "getitem_dyn_scalar": str(p[b].shape),
        "getitem_step": str(p[:, ::3].shape),
        "getitem_neg_step": str(p[:, ::-3, 1].shape),
        "getitem_oob_clamp": sess.run(x[5:100]),
        "getitem_neg_oob": sess.run(x[-100:2]),
        "getitem_empty": sess.run(x[7:3]),
        "slice_oob_runtime": catch(sess.run, tf.slice(tf.placeholder_with_default(x, [None]), [8], [5])),
        "slice_oob_shape": _desc(tf.slice, x, [8], [5]),
        "slice_begin_oob": _desc(tf.slice, x, [11], [-1]),
        "step_zero": catch(lambda: x[::0]),
        "getitem_list": catch(lambda: x[[1, 2]]),
        "ellipsis_two": catch(lambda: p[..., 0, ...]),
        "new_axis_many": str(p[tf.newaxis, :, tf.newaxis].shape),
        "strided_new_axis_mask": sess.run(tf.shape(tf.strided_slice(tf.ones([2, 3]), [0, 0], [1, 2], new_axis_mask=1))),
        "strided_ellipsis_mask": sess.run(tf.strided_slice(tf.reshape(tf.range(8), [2, 2, 2]), [0, 1], [1, 2], ellipsis_mask=1)),
        "op_name": p[0].op.name,
        "op_type": p[0].op.type,
    }


def case_x_ops_gather_variants(tf):
    params = tf.reshape(tf.range(24), [2, 3, 4])
    p = tf.placeholder(tf.float32, [None, 5])
    sess = tf.Session()
    return {
        "axis_neg": sess.run(tf.gather(params, [3, 0], axis=-1)),
        "axis2_shape": str(tf.gather(params, [[0, 1]], axis=2).shape),
        "unknown_shape": str(tf.gather(p, tf.placeholder(tf.int32, [None, 2])).shape),
        "axis1_unknown": str(tf.gather(p, [1, 2, 3], axis=1).shape),
        "scalar_index": sess.run(tf.gather(params, 1)).shape,
        "batch_dims": sess.run(tf.gather(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[2, 0], [1, 1]]), batch_dims=1)),
        "neg_index": catch(sess.run, tf.gather(tf.constant([1, 2, 3]), [-1])),
        "float_index": catch(tf.gather, tf.constant([1, 2, 3]), tf.constant([0.0])),
        "op_type": tf.gather(params, [0]).op.type,
        "gather_nd_shape": str(tf.gather_nd(p, tf.placeholder(tf.int32, [3, 2])).shape),
        "gather_nd_partial": str(tf.gather_nd(tf.ones([4, 5, 6]), [[1], [2]]).shape),
        "gather_nd_oob": catch(sess.run, tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[2, 0]])),
        "gather_nd_batch": sess.run(tf.gather_nd(tf.constant([[1, 2], [3, 4]]), [[[0, 1]], [[1, 0]]])),
    }


def case_x_ops_pad_modes_and_errors(tf):
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    p = tf.placeholder(tf.float32, [None, 3])
    sess = tf.Session()
    return {
        "reflect": sess.run(tf.pad(x, [[1, 1], [2, 2]], mode="REFLECT")),
        "symmetric": sess.run(tf.pad(x, [[1, 1], [2, 2]], mode="SYMMETRIC")),
        "lower_mode": sess.run(tf.pad(x, [[0, 0], [1, 0]], mode="reflect")),
        "bad_mode": catch(tf.pad, x, [[0, 0], [1, 0]], mode="WRAP"),
        "reflect_too_big": catch(sess.run, tf.pad(x, [[2, 0], [0, 0]], mode="REFLECT")),
        "shape_unknown": str(tf.pad(p, [[1, 2], [0, 1]]).shape),
        "bad_paddings_shape": catch(tf.pad, x, [[1, 1]]),
        "neg_padding": catch(lambda: sess.run(tf.pad(x, [[-1, 0], [0, 0]]))),
        "float_const": sess.run(tf.pad(tf.constant([1.0]), [[1, 1]], constant_values=-2.5)),
        "op_types": [tf.pad(x, [[0, 0], [1, 0]]).op.type, tf.pad(x, [[0, 0], [1, 0]], constant_values=1).op.type,
                     tf.pad(x, [[0, 0], [1, 0]], mode="REFLECT").op.type],
    }


def case_x_ops_tile_and_repeat_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    m = tf.placeholder(tf.int32, [2])
    sess = tf.Session()
    return {
        "tile_unknown": str(tf.tile(p, [2, 3]).shape),
        "tile_dyn": str(tf.tile(p, m).shape),
        "tile_bad_len": catch(tf.tile, p, [2]),
        "tile_zero": sess.run(tf.tile(tf.constant([1, 2]), [0])).shape,
        "tile_neg_runtime": catch(sess.run, tf.tile(p, m), {p: np.zeros((1, 3)), m: [-1, 1]}),
    }


def case_x_ops_where_variants(tf):
    p = tf.placeholder(tf.bool, [None, 2])
    sess = tf.Session()
    return {
        "where_shape": str(tf.where(p).shape),
        "where_shape_1d": str(tf.where(tf.placeholder(tf.bool, [None])).shape),
        "where_numeric": sess.run(tf.where(tf.constant([0, 3, 0, -1]))),
        "where_float": sess.run(tf.where(tf.constant([[0.0, 0.5]]))),
        "select_shape": str(tf.where(p, tf.ones([3, 2]), tf.zeros([3, 2])).shape),
        "select_mismatch": catch(tf.where, tf.constant([True, False]), tf.ones([3]), tf.ones([3])),
        "xy_mismatch": catch(tf.where, tf.constant([True]), tf.ones([1]), tf.ones([1], tf.int32)),
        "one_none": catch(tf.where, tf.constant([True]), tf.ones([1])),
        "v2": sess.run(tf.where_v2(tf.constant([True, False]), tf.constant([[1, 2], [3, 4]]), 0)),
        "op_type": tf.where(tf.constant([True])).op.type,
        "select_type": tf.where(tf.constant([True]), tf.ones([1]), tf.ones([1])).op.type,
    }


def case_x_ops_one_hot_edge(tf):
    sess = tf.Session()
    idx = tf.placeholder(tf.int32, [None])
    return {
        "shape_unknown": str(tf.one_hot(idx, 4).shape),
        "shape_axis0": str(tf.one_hot(idx, 4, axis=0).shape),
        "depth_tensor": str(tf.one_hot(idx, tf.placeholder(tf.int32, [])).shape),
        "float_on_infers": tf.one_hot([1], 2, on_value=2.0).dtype.name,
        "int_on_infers": tf.one_hot([1], 2, on_value=3, off_value=0).dtype.name,
        "dtype_mismatch": catch(tf.one_hot, [1], 2, on_value=1, off_value=0.0),
        "bool": sess.run(tf.one_hot([0, 1], 2, on_value=True, off_value=False, dtype=tf.bool)),
        "int64_idx": sess.run(tf.one_hot(tf.constant([1, 0], tf.int64), 2)),
        "uint8_idx": sess.run(tf.one_hot(tf.constant([1, 0], tf.uint8), 3)),
        "neg_depth": catch(lambda: sess.run(tf.one_hot([0], -1))),
        "axis_bad": catch(tf.one_hot, [0], 2, axis=-2),
        "op_type": tf.one_hot([0], 2).op.type,
    }


def case_x_ops_boolean_mask_edge(tf):
    x = tf.reshape(tf.range(12), [2, 3, 2])
    p = tf.placeholder(tf.float32, [None, 3])
    m = tf.placeholder(tf.bool, [None])
    sess = tf.Session()
    return {
        "mask_2d_on_3d": sess.run(tf.boolean_mask(x, [[True, False, True], [False, False, True]])),
        "axis1": sess.run(tf.boolean_mask(x, [True, False, True], axis=1)),
        "shape_unknown": str(tf.boolean_mask(p, m).shape),
        "shape_2d_mask": str(tf.boolean_mask(x, tf.ones([2, 3], tf.bool)).shape),
        "shape_mismatch": catch(tf.boolean_mask, x, [True, False, True]),
        "scalar_mask": catch(tf.boolean_mask, x, True),
        "all_false": sess.run(tf.boolean_mask(tf.constant([1, 2]), [False, False])),
        "runtime_mismatch": catch(sess.run, tf.boolean_mask(p, m), {p: np.zeros((2, 3)), m: [True]}),
    }


def case_x_ops_unique_and_counts(tf):
    sess = tf.Session()
    x = tf.constant([3, 1, 3, 2, 1, 1])
    u = tf.unique(x)
    return {
        "u": sess.run(u),
        "fields": [type(u).__name__, u.y.dtype.name, u.idx.dtype.name],
        "idx_int64": tf.unique(x, out_idx=tf.int64).idx.dtype.name,
        "float": sess.run(tf.unique(tf.constant([0.5, -0.0, 0.0, 0.5]))),
        "string": sess.run(tf.unique(tf.constant(["b", "a", "b"]))),
        "shape": [str(t.shape) for t in tf.unique(x)],
        "rank2": catch(tf.unique, tf.ones([2, 2])),
    }


def case_x_ops_top_k_edge(tf):
    sess = tf.Session()
    p = tf.placeholder(tf.float32, [None, 6])
    k = tf.placeholder(tf.int32, [])
    t = tf.nn.top_k(p, 2)
    return {
        "shape": [str(t.values.shape), str(t.indices.shape)],
        "dyn_k_shape": str(tf.nn.top_k(p, k).values.shape),
        "unsorted_count": sess.run(tf.nn.top_k(tf.constant([1, 9, 3, 7]), 2, sorted=True)),
        "int": sess.run(tf.nn.top_k(tf.constant([[5, 1, 5, 2]]), 3)),
        "k0": sess.run(tf.nn.top_k(tf.constant([1.0, 2.0]), 0)),
        "k_runtime_big": catch(sess.run, tf.nn.top_k(p, k).values, {p: np.zeros((1, 6)), k: 7}),
        "scalar_input": catch(tf.nn.top_k, tf.constant(1.0), 1),
        "neg_k": catch(tf.nn.top_k, tf.constant([1.0, 2.0]), -1),
        "fields": type(t).__name__,
        "op_type": t.values.op.type,
        "in_top_k": sess.run(tf.nn.in_top_k(tf.constant([[0.1, 0.9], [0.8, 0.2]]), tf.constant([1, 1]), 1)),
    }


def case_x_ops_expand_squeeze_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 1, 3, 1])
    u = tf.placeholder(tf.float32)
    sess = tf.Session()
    return {
        "squeeze_unknown": str(tf.squeeze(p).shape),
        "squeeze_axis": str(tf.squeeze(p, [1]).shape),
        "squeeze_neg": str(tf.squeeze(p, axis=-1).shape),
        "squeeze_unknown_rank": str(tf.squeeze(u).shape),
        "squeeze_unknown_rank_axis": str(tf.squeeze(u, [0]).shape),
        "squeeze_runtime_bad": catch(sess.run, tf.squeeze(p, [0]), {p: np.zeros((2, 1, 3, 1))}),
        "squeeze_dims_alias": str(tf.squeeze(p, squeeze_dims=[3]).shape),
        "expand_neg": str(tf.expand_dims(p, -2).shape),
        "expand_oob": catch(tf.expand_dims, tf.ones([2]), 3),
        "expand_unknown": str(tf.expand_dims(u, 0).shape),
        "expand_tensor_axis": str(tf.expand_dims(tf.ones([2]), tf.constant(0)).shape),
        "squeeze_name": tf.squeeze(p).op.name,
    }


def case_x_ops_shape_ops_and_fill(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    s = tf.placeholder(tf.int32, [3])
    sess = tf.Session()
    return {
        "shape_dtype": tf.shape(p, out_type=tf.int64).dtype.name,
        "size_dtype": tf.size(p).dtype.name,
        "rank_static": sess.run(tf.rank(p)),
        "fill_dyn_shape": str(tf.fill(s, 1.0).shape),
        "zeros_dyn_shape": str(tf.zeros(s).shape),
        "zeros_partial": str(tf.zeros([tf.shape(p)[0], 4]).shape),
        "ones_like_shape": str(tf.ones_like(p).shape),
        "zeros_like_dtype": tf.zeros_like(p, dtype=tf.int32).dtype.name,
        "fill_neg": catch(lambda: sess.run(tf.fill([-1], 1))),
        "range_shapes": [str(tf.range(5).shape), str(tf.range(tf.placeholder(tf.int32, [])).shape),
                         str(tf.range(1, 10, 2).shape), tf.range(1.0, 5).dtype.name],
        "range_dtype": sess.run(tf.range(3, dtype=tf.float32)),
        "range_bad": catch(lambda: sess.run(tf.range(0, 5, 0))),
        "zeros_string": sess.run(tf.zeros([2], tf.string)),
    }


def case_x_ops_reverse_sequence_and_misc(tf):
    sess = tf.Session()
    x = tf.reshape(tf.range(12), [3, 4])
    p = tf.placeholder(tf.float32, [None, 3])
    out = sess.run({
        "reverse_v2_neg": tf.reverse(x, [-1]),
        "reverse_empty_axis": tf.reverse(x, []),
        "reverse_3d": tf.reverse(tf.reshape(tf.range(8), [2, 2, 2]), [0, 2]),
        "reverse_tensor_axis": tf.reverse(x, tf.constant([0])),
    })
    out["shape"] = str(tf.reverse(p, [1]).shape)
    out["dup_axis"] = catch(lambda: sess.run(tf.reverse(x, [0, 0])))
    out["axis_oob"] = catch(lambda: sess.run(tf.reverse(x, [2])))
    out["type"] = tf.reverse(x, [0]).op.type
    return out
