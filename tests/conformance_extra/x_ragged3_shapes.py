"""RowPartition, DynamicRaggedShape (tf.shape of a ragged tensor and the ops that take one) and the
RaggedFillEmptyRows op wrappers."""
import numpy as np

from _harness import catch, message_has


def _rv(value):
    if hasattr(value, "nested_row_splits"):
        return {"list": value.to_list(), "splits": [np.asarray(s).tolist() for s in value.nested_row_splits],
                "splits_dtype": str(np.asarray(value.nested_row_splits[0]).dtype),
                "values_dtype": str(np.asarray(value.flat_values).dtype)}
    if isinstance(value, (tuple, list)):
        return [_rv(v) for v in value]
    return {"value": np.asarray(value).tolist(), "dtype": str(np.asarray(value).dtype)}


def _run(tf, fetches):
    with tf.Session() as sess:
        return _rv(sess.run(fetches))


def _rp_view(rp):
    """The static facts of a RowPartition."""
    return {"dtype": rp.dtype.name, "static_nrows": rp.static_nrows, "static_nvals": rp.static_nvals,
            "static_uniform_row_length": rp.static_uniform_row_length, "is_uniform": rp.is_uniform(),
            "splits_shape": rp.row_splits().shape.as_list()}


def _rp_values(tf, rp):
    return _run(tf, [rp.row_splits(), rp.row_lengths(), rp.value_rowids(), rp.nrows(), rp.nvals(),
                     rp.row_starts(), rp.row_limits(), rp.offsets_in_rows()])


def case_x_ragged3_row_partition_factories(tf):
    RP = tf.experimental.RowPartition
    parts = {
        "splits": RP.from_row_splits([0, 2, 2, 5]),
        "lengths": RP.from_row_lengths([2, 0, 3]),
        "rowids": RP.from_value_rowids([0, 0, 2, 2, 2], nrows=4),
        "rowids_no_nrows": RP.from_value_rowids([0, 1, 1, 3]),
        "starts": RP.from_row_starts([0, 2, 2], nvals=5),
        "limits": RP.from_row_limits([2, 2, 5]),
        "uniform_nvals": RP.from_uniform_row_length(3, nvals=12),
        "uniform_nrows": RP.from_uniform_row_length(2, nrows=3),
        "uniform_zero": RP.from_uniform_row_length(0, nrows=4, nvals=0),
        "int32": RP.from_row_lengths(np.array([1, 2], np.int32)),
        "hint32": RP.from_row_splits([0, 1, 3], dtype_hint=tf.int32),
        "dtype32": RP.from_row_lengths([4, 1], dtype=tf.int32),
    }
    return {k: {"static": _rp_view(rp), "values": _rp_values(tf, rp),
                "uniform": None if rp.uniform_row_length() is None else _run(tf, rp.uniform_row_length())}
            for k, rp in sorted(parts.items())}


def case_x_ragged3_row_partition_names(tf):
    RP = tf.experimental.RowPartition
    return {"lengths": RP.from_row_lengths([2, 0, 3]).row_splits().name,
            "lengths_nv": RP.from_row_lengths([2, 0, 3], validate=False).row_splits().name,
            "limits": RP.from_row_limits([1, 3], validate=False).row_splits().name,
            "repr": repr(RP.from_row_splits([0, 1], validate=False))[:16]}


def case_x_ragged3_row_partition_dtypes_and_merge(tf):
    RP = tf.experimental.RowPartition
    rp = RP.from_row_lengths([2, 0, 3])
    cast = rp.with_dtype(tf.int32)
    same = rp.with_dtype(tf.int64)
    merged = rp._merge_precomputed_encodings(RP.from_value_rowids([0, 0, 2, 2, 2], nrows=3))
    pre = RP.from_row_splits([0, 1, 4])
    out = {"cast": cast.dtype.name, "same_is_self": same is rp, "merged_values": _rp_values(tf, merged),
           "merged_has": [merged._has_precomputed_row_splits(), merged._has_precomputed_row_lengths(),
                          merged._has_precomputed_value_rowids(), merged._has_precomputed_nrows()],
           "pre_has": [pre._has_precomputed_row_lengths(), pre._with_precomputed_row_lengths()
                       ._has_precomputed_row_lengths(), pre._with_precomputed_value_rowids()
                       ._has_precomputed_value_rowids(), pre._with_precomputed_nrows()._has_precomputed_nrows()],
           "cast_values": _rp_values(tf, cast)}
    out["bad_dtype"] = catch(rp.with_dtype, tf.float32)
    bad = rp._merge_precomputed_encodings(RP.from_row_lengths([1, 1, 3]))
    out["merge_mismatch"] = message_has(lambda: _run(tf, bad.row_splits()), "incompatible row_lengths")
    out["merge_static_mismatch"] = catch(rp._merge_precomputed_encodings, RP.from_row_lengths([1, 4]))
    return out


def case_x_ragged3_row_partition_errors(tf):
    RP = tf.experimental.RowPartition
    out = {"empty_splits": catch(RP.from_row_splits, []),
           "float_splits": catch(RP.from_row_splits, [0., 1.]),
           "validate_type": catch(RP.from_row_lengths, [1, 2], validate=1),
           "uniform_none": catch(RP.from_uniform_row_length, 2),
           "uniform_bad": catch(RP.from_uniform_row_length, 3, nvals=7, nrows=2),
           "uniform_negative": catch(RP.from_uniform_row_length, -1, nvals=0, nrows=0),
           "rowids_nrows_small": catch(RP.from_value_rowids, [0, 3], nrows=2),
           "rowids_nrows_negative": catch(RP.from_value_rowids, [0], nrows=-1),
           "private": catch(RP, tf.constant([0, 1], tf.int64)),
           "rank2": catch(RP.from_row_splits, [[0, 1]])}
    out["run_not_monotonic"] = message_has(lambda: _run(tf, RP.from_row_splits([0, 3, 2]).row_splits()),
                                           "do not form a valid RaggedTensor")
    out["run_not_zero"] = message_has(lambda: _run(tf, RP.from_row_splits([1, 3]).row_splits()),
                                      "do not form a valid RaggedTensor")
    out["run_negative_length"] = message_has(lambda: _run(tf, RP.from_row_lengths([2, -1]).row_splits()),
                                             "do not form a valid RowPartition")
    out["fetch"] = catch(lambda: tf.Session().run(RP.from_row_lengths([1])))
    return out


def case_x_ragged3_ragged_tensor_partitions(tf):
    rt = tf.ragged.constant([[[1, 2], [3]], [], [[4, 5, 6]]])
    parts = rt._nested_row_partitions
    uni = tf.RaggedTensor.from_uniform_row_length(tf.constant([1, 2, 3, 4, 5, 6]), 2)
    RP = tf.experimental.RowPartition
    built = tf.RaggedTensor._from_row_partition(tf.constant([1., 2., 3.]), RP.from_row_lengths([1, 0, 2]))
    nested = tf.RaggedTensor._from_nested_row_partitions(tf.constant([1, 2, 3, 4]),
                                                         [RP.from_row_lengths([2, 1]), RP.from_row_lengths([1, 2, 1])])
    return {"count": len(parts), "splits": [_rp_values(tf, p) for p in parts],
            "outer_is_first": rt._row_partition.row_splits() is parts[0].row_splits(),
            "uniform": _rp_view(uni._row_partition), "uniform_len": _run(tf, uni._row_partition.uniform_row_length()),
            "built": _run(tf, built), "built_shape": built.shape.as_list(), "nested": _run(tf, nested)}


def _drs_view(shape):
    return {"repr": repr(shape), "rank": shape.rank, "num_row_partitions": shape.num_row_partitions,
            "dtype": shape.dtype.name, "static_lengths": [list(x) if isinstance(x, tuple) else x
                                                          for x in shape.static_lengths()],
            "tensor_shape": str(shape._to_tensor_shape()), "inner_rank": shape.inner_rank}


def case_x_ragged3_dynamic_shape_from_lengths(tf):
    D = tf.experimental.DynamicRaggedShape
    cases = [[], [2, (3, 2)], [2, 2], [2, (3, 2), 7], [2, (2, 2), 3], [2, 2, 3], [2, (2, 1), (2, 0, 3)]]
    out = {str(c): _drs_view(D.from_lengths(c)) for c in cases}
    for lengths, n in [([2, (3, 2), 2], 2), ([2, 2], 1), ([2, 2, 3], 1), ([2, 2, 3], 2)]:
        shape = D.from_lengths(lengths, num_row_partitions=n)
        out[f"{lengths}/{n}"] = {"view": _drs_view(shape), "inner": _run(tf, shape.inner_shape),
                                 "splits": [_run(tf, rp.row_splits()) for rp in shape.row_partitions]}
    out["int32"] = _drs_view(D.from_lengths([2, (1, 1)], dtype=tf.int32))
    out["errors"] = {"tuple": catch(D.from_lengths, (2, 3)), "float": catch(D.from_lengths, [2.0]),
                     "scalar_rp": catch(D.from_lengths, [], num_row_partitions=1),
                     "too_many": catch(D.from_lengths, [2, 3], num_row_partitions=2),
                     "inconsistent": catch(D.from_lengths, [3, (1, 2)]),
                     "rp_type": catch(D.from_lengths, [2, 3], num_row_partitions=1.0)}
    return out


def case_x_ragged3_tf_shape_of_ragged(tf):
    rt = tf.ragged.constant([[[1., 2.], [3.]], [], [[4., 5., 6.]]])
    s32 = tf.shape(rt)
    s64 = tf.shape(rt, out_type=tf.int64)
    dense_inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    s3 = tf.shape(dense_inner)
    return {"s32": _drs_view(s32), "s64": _drs_view(s64), "s3": _drs_view(s3),
            "s32_inner": _run(tf, s32.inner_shape), "s3_inner": _run(tf, s3.inner_shape),
            "dim0": _run(tf, s32[0]), "s3_dim2": _run(tf, s3[2]), "s3_last": _run(tf, s3[-1]),
            "splits": [_run(tf, rp.row_splits()) for rp in s32.row_partitions],
            "ragged_dim": catch(lambda: s32[1]), "too_big": catch(lambda: s3[3]),
            "bad_index": catch(lambda: s3["a"]), "stride": catch(lambda: s3[::2]),
            "is_uniform": [s3.is_uniform(i) for i in range(3)], "fetch": catch(lambda: tf.Session().run(s32)),
            "type": type(s32).__name__}


def case_x_ragged3_dynamic_shape_slices(tf):
    D = tf.experimental.DynamicRaggedShape
    shape = D.from_lengths([2, (2, 1), 3, 4])
    dense = D.from_lengths([2, 3, 4])
    out = {}
    for name, s in {"ragged": shape, "dense": dense}.items():
        for sl in [(0, 1), (0, 2), (0, 3), (None, None), (0, -1), (1, 3), (2, 4), (1, 1)]:
            key = f"{name}[{sl[0]}:{sl[1]}]"
            result = catch(lambda: s[sl[0]:sl[1]])
            if isinstance(result, dict):
                out[key] = result
            else:
                out[key] = {"view": _drs_view(result), "inner": _run(tf, result.inner_shape)}
    out["uniform_rps"] = [_run(tf, rp.row_splits()) for rp in dense._as_row_partitions()]
    out["with_rp"] = _run(tf, dense._with_num_row_partitions(1).inner_shape)
    out["back"] = _run(tf, D.from_lengths([2, 3, 4], num_row_partitions=2)._with_num_row_partitions(0).inner_shape)
    out["ragged_to_dense"] = catch(shape._with_num_row_partitions, 0)
    return out


def case_x_ragged3_dynamic_shape_construct(tf):
    D = tf.experimental.DynamicRaggedShape
    RP = tf.experimental.RowPartition
    rps = [RP.from_row_lengths([2, 1]), RP.from_row_lengths([1, 0, 2])]
    shape = D.from_row_partitions(rps)
    mixed = D(rps, [3, 2], dtype=tf.int32)
    out = {"shape": _drs_view(shape), "inner": _run(tf, shape.inner_shape), "mixed": _drs_view(mixed),
           "mixed_splits": [_run(tf, rp.row_splits()) for rp in mixed.row_partitions],
           "with32": _drs_view(shape.with_dtype(tf.int32)), "same": shape.with_dtype(tf.int64) is shape,
           "from_dense": _drs_view(D.from_tensor(tf.zeros([2, 3]))),
           "empty": catch(D.from_row_partitions, []),
           "not_rp": catch(D, [1, 2], [3]),
           "misaligned": catch(D, [RP.from_row_lengths([2, 1]), RP.from_row_lengths([1, 1])], [2]),
           "inner_mismatch": catch(D, [RP.from_row_lengths([2, 1])], [4]),
           "float_inner": catch(D, [], tf.constant([1.0]))}
    validated = D([RP.from_row_lengths(tf.placeholder_with_default(np.array([2, 1]), [None]))], [4], validate=True)
    out["validate_run"] = message_has(lambda: _run(tf, validated.inner_shape),
                                      "Last row partition does not match inner_shape")
    return out


def case_x_ragged3_ones_zeros_fill_reshape(tf):
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    shape = tf.shape(rt)
    D = tf.experimental.DynamicRaggedShape
    deep = D.from_lengths([2, (2, 1), 2])
    return {"ones": _run(tf, tf.ones(shape)), "zeros": _run(tf, tf.zeros(shape, tf.int64)),
            "fill": _run(tf, tf.fill(shape, 2.5)), "ones_deep": _run(tf, tf.ones(deep, tf.int32)),
            "ones_dense": _run(tf, tf.ones(D.from_lengths([2, 3]))),
            "reshape": _run(tf, tf.reshape(tf.constant([10, 20, 30, 40, 50]), shape)),
            "reshape_rt": _run(tf, tf.reshape(tf.ragged.constant([[1., 2., 3.], [4., 5., 6.]]), deep)),
            "reshape_dense": _run(tf, tf.reshape(tf.constant([1, 2, 3, 4]), D.from_lengths([2, 2])))}


def case_x_ragged3_broadcast_to(tf):
    D = tf.experimental.DynamicRaggedShape
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    shape = tf.shape(rt)
    deep = D.from_lengths([2, (2, 1), 3])
    out = {"scalar": _run(tf, tf.broadcast_to(7, shape)),
           "column": _run(tf, tf.broadcast_to(tf.constant([[1], [2], [3]]), shape)),
           "row_inner": _run(tf, tf.broadcast_to(tf.constant([1., 2., 3.]), deep)),
           "per_outer": _run(tf, tf.broadcast_to(tf.constant([[[1, 2, 3]], [[4, 5, 6]]]), deep)),
           "per_outer_col": _run(tf, tf.broadcast_to(tf.constant([[[1]], [[2]]]), deep)),
           "dense_target": _run(tf, tf.broadcast_to(tf.constant([1, 2]), D.from_lengths([3, 2]))),
           "ragged_same": _run(tf, tf.broadcast_to(rt, shape)),
           "ragged_inner": _run(tf, tf.broadcast_to(tf.ragged.constant([[[1], [2]], [[3]]], ragged_rank=1),
                                                    deep.with_dtype(tf.int64))),
           "not_shape": catch(lambda: tf.broadcast_to(tf.constant(1), "x"))}
    return out


def case_x_ragged3_broadcast_dynamic_shape(tf):
    D = tf.experimental.DynamicRaggedShape
    a = D.from_lengths([2, (2, 1), 1])
    out = {}
    for name, other in {"col": [3], "one": [1], "scalar": [], "two_dims": [1, 3]}.items():
        result = tf.broadcast_dynamic_shape(a, D.from_lengths(other))
        out[name] = {"view": _drs_view(result), "inner": _run(tf, result.inner_shape)}
    flipped = tf.broadcast_dynamic_shape(D.from_lengths([4]), a)
    out["flipped"] = {"view": _drs_view(flipped), "inner": _run(tf, flipped.inner_shape)}
    dense = tf.broadcast_dynamic_shape(D.from_lengths([2, 1]), D.from_lengths([1, 3]))
    out["dense"] = {"view": _drs_view(dense), "inner": _run(tf, dense.inner_shape)}
    same = tf.broadcast_dynamic_shape(a, D.from_lengths([2, (2, 1), 4]))
    out["same_partitions"] = {"view": _drs_view(same), "inner": _run(tf, same.inner_shape)}
    mixed = tf.broadcast_dynamic_shape(a, tf.constant([1, 5], tf.int64))
    out["tensor_arg"] = {"view": _drs_view(mixed), "inner": _run(tf, mixed.inner_shape)}
    return out


def case_x_ragged3_fill_empty_rows_ops(tf):
    res = tf.ragged_fill_empty_rows(tf.constant([1, 1, 3], tf.int64), [1., 2., 3.], tf.constant(5, tf.int64), 0.)
    grad = tf.ragged_fill_empty_rows_grad(res.reverse_index_map, [1., 2., 3., 4., 5., 6.])
    named = tf.ragged_fill_empty_rows(tf.constant([0], tf.int64), tf.constant([1]), tf.constant(2, tf.int64),
                                      tf.constant(9), name="fer")
    rank2 = catch(tf.ragged_fill_empty_rows, tf.constant([0], tf.int64), tf.constant([[1, 2]]),
                  tf.constant(2, tf.int64), tf.constant(9))
    return {"fields": list(res._fields), "grad_fields": list(grad._fields), "values": _run(tf, list(res)),
            "grad": _run(tf, list(grad)), "type": res.output_values.op.type, "name": named.output_values.name,
            "grad_type": grad.d_values.op.type, "named": _run(tf, list(named)), "rank2": rank2,
            "shapes": [str(t.shape) for t in res] + [str(t.shape) for t in grad],
            "bad_dtype": catch(tf.ragged_fill_empty_rows, tf.constant([0], tf.int64), [1.], tf.constant(1, tf.int64),
                               tf.constant(1)),
            "run_bad": catch(lambda: _run(tf, tf.ragged_fill_empty_rows(tf.constant([3], tf.int64), [1.],
                                                                      tf.constant(2, tf.int64), 0.)))}
