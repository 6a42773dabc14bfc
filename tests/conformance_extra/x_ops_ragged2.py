"""Ragged tensors, second part: reductions over any axes, segment ops, shape and indexing ops
(expand_dims, squeeze, tile, reverse, split, where, gather_nd), lookups and ngrams on ragged inputs,
tf.io.RaggedFeature parsing, and LinearOperator batch slicing."""
import numpy as np

from _harness import catch, message_has


def _rv(value):
    """A fetched value as plain data: a RaggedTensorValue as its list, splits and class name."""
    if hasattr(value, "nested_row_splits"):
        return {"list": value.to_list(), "splits": [np.asarray(s).tolist() for s in value.nested_row_splits],
                "splits_dtype": str(np.asarray(value.nested_row_splits[0]).dtype)}
    return np.asarray(value).tolist()


def _run(sess, fetches, feed=None):
    out = sess.run(fetches, feed)
    if isinstance(out, dict):
        return {k: _rv(v) for k, v in sorted(out.items())}
    if isinstance(out, (list, tuple)):
        return [_rv(v) for v in out]
    return _rv(out)


def _shape(x):
    return str(x.shape)


def case_x_ops_ragged2_reduce_ragged_axes(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[[1., 2.], [3.]], [[4.]], [], [[5., 6., 7.], []]])
    return _run(sess, [tf.reduce_sum(rt, axis=1), tf.reduce_sum(rt, axis=0), tf.reduce_max(rt, axis=1),
                       tf.reduce_min(rt, axis=0), tf.reduce_prod(rt, axis=-2), tf.reduce_sum(rt, axis=2)])


def case_x_ops_ragged2_reduce_several_axes(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[[1., 2.], [3.]], [[4.]], [], [[5., 6., 7.], []]])
    flat = tf.ragged.constant([[1., 2., 3.], [], [4., 5.]])
    return {"sum12": _run(sess, tf.reduce_sum(rt, axis=[1, 2])), "sum01": _run(sess, tf.reduce_sum(rt, axis=[0, 1])),
            "neg": _run(sess, tf.reduce_max(rt, axis=[-1, -2])), "all": _run(sess, tf.reduce_sum(rt, axis=[0, 1, 2])),
            "empty_axes": _run(sess, tf.reduce_sum(flat, axis=[])),
            "keep": _run(sess, tf.reduce_sum(flat, axis=[0, 1], keepdims=True)),
            "none_keep": _run(sess, tf.reduce_sum(rt, keepdims=True)),
            "tensor_axis": _run(sess, tf.reduce_sum(flat, axis=tf.constant(1))),
            "out_of_range": catch(tf.reduce_sum, flat, axis=3)}


def case_x_ops_ragged2_reduce_mean_inner_dims(tf):
    sess = tf.Session()
    inner = tf.ragged.constant([[[1., 2.], [3., 4.]], [], [[5., 6.]]], ragged_rank=1)
    rt = tf.ragged.constant([[[1., 2.], [3.]], [[4.]], [[5., 6., 7.], []]])
    return {"axis0": _run(sess, tf.reduce_mean(inner, axis=0)), "axis1": _run(sess, tf.reduce_mean(inner, axis=1)),
            "axis2": _run(sess, tf.reduce_mean(inner, axis=2)), "deep1": _run(sess, tf.reduce_mean(rt, axis=1)),
            "several": _run(sess, tf.reduce_mean(rt, axis=[0, 1])),
            "keep": _run(sess, tf.reduce_mean(inner, axis=1, keepdims=True)),
            "shape": _shape(tf.reduce_mean(inner, axis=2))}


def case_x_ops_ragged2_variance_std(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1., 2., 4.], [], [3., 5.]])
    deep = tf.ragged.constant([[[1., 3.], [2.]], [[4., 8., 0.]]])
    out = sess.run([tf.math.reduce_variance(rt, axis=1), tf.math.reduce_std(rt, axis=0),
                    tf.math.reduce_variance(rt), tf.math.reduce_std(rt, axis=1, keepdims=True)])
    return {"values": [np.round(np.asarray(v), 5).tolist() for v in out],
            "deep": _run(sess, tf.math.reduce_variance(deep, axis=2)),
            "complex": catch(tf.math.reduce_variance, tf.ragged.constant([[1j]]))}


def case_x_ops_ragged2_logsumexp(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1., 2., 3.], [], [4., 5.]])
    out = sess.run([tf.reduce_logsumexp(rt, axis=1), tf.reduce_logsumexp(rt), tf.reduce_logsumexp(rt, axis=-1),
                    tf.reduce_logsumexp(rt, axis=1, keepdims=True)])
    return [np.round(np.asarray(v), 4).tolist() for v in out]


def case_x_ops_ragged2_any_all(tf):
    sess = tf.Session()
    flags = tf.ragged.constant([[True, False], [], [True, True], [False]])
    deep = tf.ragged.constant([[[True], [False, True]], [[]]])
    return _run(sess, [tf.reduce_any(flags, axis=1), tf.reduce_all(flags, axis=1), tf.reduce_any(flags, axis=0),
                       tf.reduce_all(flags, axis=0), tf.reduce_any(flags), tf.reduce_all(deep, axis=2),
                       tf.reduce_any(deep, axis=[1, 2])])


def case_x_ops_ragged2_reduce_grad(tf):
    sess = tf.Session()
    values = tf.constant([1., 2., 3., 4., 5.])
    rt = tf.RaggedTensor.from_row_splits(values, [0, 3, 3, 5])
    total = tf.reduce_sum(tf.reduce_mean(rt, axis=1) * [1., 2., 3.]) + tf.reduce_sum(tf.reduce_max(rt, axis=0))
    return _run(sess, tf.gradients(total, values))


def case_x_ops_ragged2_segment_ops(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1., 2.], [3.], [4., 5., 6.], []])
    ids = [0, 1, 0, 1]
    return _run(sess, [tf.math.unsorted_segment_sum(rt, ids, 2), tf.math.unsorted_segment_max(rt, ids, 3),
                       tf.math.unsorted_segment_min(rt, ids, 2), tf.math.unsorted_segment_prod(rt, ids, 2),
                       tf.math.unsorted_segment_mean(rt, ids, 2), tf.math.unsorted_segment_sqrt_n(rt, ids, 2)])


def case_x_ops_ragged2_segment_ragged_ids(tf):
    sess = tf.Session()
    data = tf.ragged.constant([[1., 2.], [3.], [4., 5., 6.]])
    ids = tf.ragged.constant([[0, 1], [1], [2, 0, 0]])
    return {"sum": _run(sess, tf.math.unsorted_segment_sum(data, ids, 3)),
            "dense_data": catch(tf.math.unsorted_segment_sum, tf.constant([1., 2.]), ids, 3),
            "float_ids": catch(tf.math.unsorted_segment_sum, data, tf.constant([0., 1., 0.]), 2)}


def case_x_ops_ragged2_expand_dims(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3]])
    deep = tf.ragged.constant([[[1, 2]], [[3], [4, 5]]], ragged_rank=2)
    outs = [tf.expand_dims(rt, 0), tf.expand_dims(rt, 1), tf.expand_dims(rt, 2), tf.expand_dims(rt, -1),
            tf.expand_dims(deep, 2), tf.expand_dims(deep, 3)]
    return {"values": _run(sess, outs), "shapes": [_shape(o) for o in outs],
            "dim": _run(sess, tf.expand_dims(rt, dim=1)), "bad": catch(tf.expand_dims, rt, 4)}


def case_x_ops_ragged2_squeeze(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[[1], [2]], [[3]]])
    ones = tf.RaggedTensor.from_row_splits(tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 1, 2, 3]), [0, 2, 3])
    single = tf.ragged.constant([[1, 2, 3]])
    return {"inner": _run(sess, tf.squeeze(rt, [2])), "ragged_ones": _run(sess, tf.squeeze(ones, [2])),
            "outer": _run(sess, tf.squeeze(single, [0])), "shape": _shape(tf.squeeze(rt, [2])),
            "no_axis": catch(tf.squeeze, rt), "bad_axis_type": catch(tf.squeeze, rt, "x"),
            "not_one": message_has(lambda: sess.run(tf.squeeze(rt, [1])), "not squeezable"),
            "after": _run(sess, tf.squeeze(rt, [-1]))}


def case_x_ops_ragged2_size_rank(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3]])
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    outs = [tf.size(rt), tf.size(inner), tf.size(rt, out_type=tf.int64), tf.rank(rt), tf.rank(inner)]
    return {"values": _run(sess, outs), "dtypes": [o.dtype.name for o in outs]}


def case_x_ops_ragged2_tile(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [3]])
    deep = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    return _run(sess, [tf.tile(rt, [3, 2]), tf.tile(rt, [1, 1]), tf.tile(deep, [2, 1, 2]), tf.tile(deep, [1, 2, 3]),
                       tf.tile(inner, [2, 1, 2]), tf.tile(rt, tf.constant([2, 0]))])


def case_x_ops_ragged2_reverse(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]], [[7, 8], [9, 10], [11, 12]]], ragged_rank=1)
    deep = tf.ragged.constant([[[1], [2, 3]], [[4, 5, 6]]])
    return {"values": _run(sess, [tf.reverse(rt, [0]), tf.reverse(rt, [1]), tf.reverse(rt, [0, 2]),
                                  tf.reverse(deep, [2]), tf.reverse(deep, [1, 2]), tf.reverse(rt, [-1])]),
            "constant_axis": catch(tf.reverse, rt, tf.constant([1])),
            "not_constant": catch(tf.reverse, rt, tf.placeholder(tf.int32, [1])),
            "not_list": catch(tf.reverse, rt, 1)}


def case_x_ops_ragged2_split(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3], [4, 5, 6]])
    inner = tf.ragged.constant([[[1, 2, 3, 4]], [[5, 6, 7, 8], [9, 10, 11, 12]]], ragged_rank=1)
    return {"even": _run(sess, tf.split(rt, 2)), "sizes": _run(sess, tf.split(rt, [1, 3])),
            "inner": _run(sess, tf.split(inner, 2, axis=2)), "one": _run(sess, tf.split(rt, 1)),
            "ragged_axis": catch(tf.split, rt, 2, axis=1), "zero": catch(tf.split, rt, 0),
            "uneven": message_has(lambda: sess.run(tf.split(rt, 3)), "Cannot exactly split"),
            "num_mismatch": catch(tf.split, rt, [1, 3], num=3)}


def case_x_ops_ragged2_where(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1., 2., 3.], [], [4., 5.]])
    deep = tf.ragged.constant([[[True, False]], [[False], [True, True]]])
    cond_rows = tf.constant([True, False, True])
    return {"coords": _run(sess, tf.where(rt > 2.)), "deep": _run(sess, tf.where(deep)),
            "select": _run(sess, tf.where(rt > 2., rt, rt * 10)),
            "rows": _run(sess, tf.where(cond_rows, rt, rt * -1.)),
            "v2": _run(sess, tf.where_v2(rt > 2., rt, -rt)),
            "one_of_xy": catch(tf.where, rt > 2., rt)}


def case_x_ops_ragged2_gather_nd(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1., 2., 3.], [], [4., 5.]])
    deep = tf.ragged.constant([[[1], [2, 3]], [[4, 5, 6]]])
    return {"points": _run(sess, tf.gather_nd(rt, [[0, 1], [2, 0]])), "rows": _run(sess, tf.gather_nd(rt, [[2], [0]])),
            "deep_rows": _run(sess, tf.gather_nd(deep, [[0, 1], [1, 0]])),
            "deep_points": _run(sess, tf.gather_nd(deep, [[0, 1, 1], [1, 0, 2]])),
            "batched": _run(sess, tf.gather_nd(rt, [[[0, 0], [2, 1]], [[0, 2], [0, 0]]])),
            "whole": _run(sess, tf.gather_nd(rt, tf.zeros([2, 0], tf.int32))),
            "scalar_indices": catch(tf.gather_nd, rt, 0)}


def case_x_ops_ragged2_embedding_lookup(tf):
    sess = tf.Session()
    params = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
    ids = tf.ragged.constant([[0, 2], [], [1, 1, 0]])
    deep = tf.ragged.constant([[[0], [2, 1]], [[1]]])
    weights = tf.ragged.constant([[1., 2.], [], [0.5, 0.5, 1.]])
    def rounded(t):
        return np.round(sess.run(t), 5).tolist()
    return {"lookup": _run(sess, tf.nn.embedding_lookup(params, ids)),
            "deep": _run(sess, tf.nn.embedding_lookup(params, deep)),
            "shape": _shape(tf.nn.embedding_lookup(params, ids)),
            "sparse_mean": rounded(tf.nn.embedding_lookup_sparse(params, ids, None)),
            "sparse_sum": rounded(tf.nn.embedding_lookup_sparse(params, ids, weights, combiner="sum")),
            "sparse_sqrtn": rounded(tf.nn.embedding_lookup_sparse(params, ids, weights, combiner="sqrtn")),
            "float_ids": catch(tf.nn.embedding_lookup, params, tf.ragged.constant([[0.5]])),
            "dense_weights": catch(tf.nn.embedding_lookup_sparse, params, ids, tf.constant([1.]))}


def case_x_ops_ragged2_ngrams(tf):
    sess = tf.Session()
    words = tf.ragged.constant([["a", "b", "c"], ["d"], []])
    deep = tf.ragged.constant([[["a", "b"], ["c", "d", "e"]], [["f"]]])
    return _run(sess, [tf.strings.ngrams(words, 2), tf.strings.ngrams(words, [1, 2], separator="-"),
                       tf.strings.ngrams(words, 2, pad_values="#"), tf.strings.ngrams(deep, 2),
                       tf.strings.ngrams(words, 3, preserve_short_sequences=True)])


def case_x_ops_ragged2_dense_ops_refuse_ragged(tf):
    rt = tf.ragged.constant([[1., 2.], [3.]])
    return {"argmax": message_has(lambda: tf.argmax(rt, axis=1), "Failed to convert elements of"),
            "unstack": catch(tf.unstack, rt), "softmax": catch(tf.nn.softmax, rt),
            "boolean_mask": catch(tf.boolean_mask, rt, rt > 1.),
            "matrix_inverse": catch(tf.linalg.inv, rt)}


def case_x_ops_ragged2_static_shapes(tf):
    rt = tf.ragged.constant([[1, 2], [], [3]])
    uniform = tf.RaggedTensor.from_uniform_row_length([1, 2, 3, 4, 5, 6], 2)
    return {"expand0": _shape(tf.expand_dims(rt, 0)), "uniform": _shape(uniform),
            "uniform_values": _shape(uniform.with_values(tf.constant([6, 5, 4, 3, 2, 1]))),
            "tile": _shape(tf.tile(rt, [2, 3])), "reverse": _shape(tf.reverse(rt, [1])),
            "where": _shape(tf.where(rt > 1)), "mean": _shape(tf.reduce_mean(rt, axis=1))}


def _example(tf, **features):
    feature = {}
    for key, values in features.items():
        if isinstance(values[0], float):
            feature[key] = tf.train.Feature(float_list=tf.train.FloatList(value=values))
        elif isinstance(values[0], bytes):
            feature[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
        else:
            feature[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _ragged_features(tf):
    rf = tf.io.RaggedFeature
    return {"lens": rf(tf.int64, "v", [rf.RowLengths("lens")]), "splits": rf(tf.int64, "v", [rf.RowSplits("splits")]),
            "ids": rf(tf.int64, "v", [rf.ValueRowIds("ids")]), "starts": rf(tf.int64, "v", [rf.RowStarts("starts")]),
            "limits": rf(tf.int64, "v", [rf.RowLimits("limits")]), "uniform": rf(tf.int64, "v", [rf.UniformRowLength(3)]),
            "plain": rf(tf.string, "s"), "two": rf(tf.int64, "v", [rf.RowLengths("lens"), rf.UniformRowLength(2)])}


def _examples(tf):
    return [_example(tf, v=[1, 2, 3, 4, 5, 6], lens=[2, 0, 4], splits=[0, 2, 2, 6], ids=[0, 0, 2, 2, 2, 2],
                     starts=[0, 2, 2], limits=[2, 2, 6], s=[b"a", b"b"]),
            _example(tf, v=[7, 8, 9, 10], lens=[1, 3], splits=[0, 1, 4], ids=[1, 1, 1, 1], starts=[0, 1],
                     limits=[1, 4], s=[b"c"])]


def case_x_ops_ragged2_parse_example_ragged(tf):
    sess = tf.Session()
    features = _ragged_features(tf)
    features.pop("uniform")
    parsed = tf.io.parse_example(_examples(tf), features)
    return {"values": _run(sess, parsed), "types": sorted((k, type(v).__name__) for k, v in parsed.items())}


def case_x_ops_ragged2_parse_single_example_ragged(tf):
    sess = tf.Session()
    features = dict(_ragged_features(tf), fixed=tf.io.FixedLenFeature([2], tf.int64, [0, 0]),
                    var=tf.io.VarLenFeature(tf.string))
    parsed = tf.io.parse_single_example(_examples(tf)[0], features)
    out = sess.run(parsed)
    return {"values": {k: _rv(v) for k, v in sorted(out.items()) if k != "var"}, "var": out["var"].values.tolist(),
            "shapes": {k: str(v.shape) for k, v in sorted(parsed.items()) if k not in ("var", "ids")}}


def case_x_ops_ragged2_parse_ragged_float_and_splits_dtype(tf):
    sess = tf.Session()
    rf = tf.io.RaggedFeature
    features = {"a": rf(tf.float32, "w", [rf.RowLengths("n")], row_splits_dtype=tf.int64), "b": rf(tf.float32, "w")}
    serialized = [_example(tf, w=[1.5, 2.5], n=[1, 1]), _example(tf, w=[3.5], n=[0, 1])]
    return _run(sess, tf.io.parse_example(serialized, features))


def case_x_ops_ragged2_ragged_feature_errors(tf):
    rf = tf.io.RaggedFeature
    conflict = {"a": rf(tf.int64, "v", [rf.RowLengths("n")]),
                "b": rf(tf.int64, "v", [rf.RowLengths("n")], row_splits_dtype=tf.int64)}
    sess = tf.Session()
    bad_lengths = tf.io.parse_single_example(_example(tf, v=[1, 2], n=[5]),
                                             {"x": rf(tf.int64, "v", [rf.RowLengths("n")], validate=True)})["x"]
    return {"dtype": message_has(lambda: rf(tf.int32), "must be int64, float32, or bytes"),
            "partition": catch(rf, tf.int64, partitions=[1]), "not_list": catch(rf, tf.int64, partitions="x"),
            "empty_key": catch(rf, tf.int64, value_key=""), "key_type": catch(rf, tf.int64, value_key=3),
            "splits": catch(rf, tf.int64, row_splits_dtype=tf.float32), "validate": catch(rf, tf.int64, validate=1),
            "repr": repr(rf(tf.int64, "v", [rf.RowLengths("lens"), rf.UniformRowLength(2)])),
            "conflict": message_has(lambda: tf.io.parse_example([_example(tf, v=[1], n=[1])], conflict),
                                    "Conflicting partition type", "for feature v"),
            "validated": catch(sess.run, bad_lengths)}


def case_x_ops_ragged2_parse_sequence_example_ragged(tf):
    sess = tf.Session()
    rf = tf.io.RaggedFeature

    def feature_list(rows):
        return tf.train.FeatureList(feature=[tf.train.Feature(int64_list=tf.train.Int64List(value=v)) for v in rows])
    example = tf.train.SequenceExample(
        context=tf.train.Features(feature={"c": tf.train.Feature(int64_list=tf.train.Int64List(value=[5, 6]))}),
        feature_lists=tf.train.FeatureLists(feature_list={"f": feature_list([[1, 2], [], [3]]),
                                                          "l": feature_list([[1, 1], [], [1]])})).SerializeToString()
    single = tf.io.parse_single_sequence_example(example, {"c": rf(tf.int64)},
                                                 {"f": rf(tf.int64), "g": rf(tf.int64, "f", [rf.RowLengths("l")])})
    context, lists, _ = tf.io.parse_sequence_example(example, {"c": rf(tf.int64)}, {"f": rf(tf.int64)})
    batch_context = tf.io.parse_sequence_example([example, example], {"c": rf(tf.int64)}, {})[0]
    return {"single": [_run(sess, d) for d in single], "seq": [_run(sess, context), _run(sess, lists)],
            "batch_context": _run(sess, batch_context)}


def _dense_of(sess, op):
    return np.round(sess.run(op.to_dense()), 4).tolist()


def _hints(op):
    return [op.is_non_singular, op.is_self_adjoint, op.is_positive_definite, op.is_square]


def case_x_ops_ragged2_linop_slice_full_matrix(tf):
    sess = tf.Session()
    m = np.arange(2 * 3 * 2 * 2, dtype=np.float32).reshape(2, 3, 2, 2)
    full = tf.linalg.LinearOperatorFullMatrix(m, is_non_singular=True)
    ops = {"int": full[1], "slice": full[:, 1:], "ellipsis": full[..., 0], "newaxis": full[tf.newaxis, 0],
           "step": full[::-1, ::2], "tensor": full[tf.constant(1)], "both": full[1, 2], "all": full[...]}
    return {k: {"shape": str(op.shape), "dense": _dense_of(sess, op), "hints": _hints(op),
                "type": type(op).__name__} for k, op in sorted(ops.items())}


def case_x_ops_ragged2_linop_slice_structured(tf):
    sess = tf.Session()
    rng = np.random.RandomState(0)
    d = rng.rand(2, 3, 4).astype(np.float32)
    m = rng.rand(2, 3, 4, 4).astype(np.float32)
    la = tf.linalg
    ops = {"diag": la.LinearOperatorDiag(d, is_positive_definite=True)[0, 1:],
           "tril": la.LinearOperatorLowerTriangular(m)[1, 2],
           "toeplitz": la.LinearOperatorToeplitz(d, d)[1, 2],
           "householder": la.LinearOperatorHouseholder(d)[0, 2],
           "tridiag": la.LinearOperatorTridiag(rng.rand(2, 3, 4).astype(np.float32))[1],
           "tridiag_seq": la.LinearOperatorTridiag([d[0], d[0], d[0]], diagonals_format="sequence")[2],
           "circulant": la.LinearOperatorCirculant(tf.cast(d, tf.complex64), input_output_dtype=tf.complex64)[1],
           "scaled": la.LinearOperatorScaledIdentity(3, np.array([[1., 2.], [3., 4.]], np.float32))[1],
           "identity": la.LinearOperatorIdentity(3, batch_shape=[2, 4])[1, 1:3]}
    out = {}
    for k, op in sorted(ops.items()):
        dense = np.asarray(sess.run(op.to_dense()))
        out[k] = {"shape": str(op.shape), "batch": str(op.batch_shape), "type": type(op).__name__,
                  "sum": np.round(np.abs(dense).sum(), 3).item(), "hints": _hints(op)}
    out["out_of_range"] = catch(lambda: la.LinearOperatorDiag(d)[0, 0, 0])
    return out


def case_x_ops_ragged2_linop_slice_composite(tf):
    sess = tf.Session()
    rng = np.random.RandomState(1)
    d = rng.rand(2, 3, 4).astype(np.float32) + 1.
    m = rng.rand(2, 3, 4, 4).astype(np.float32)
    la = tf.linalg
    full = la.LinearOperatorFullMatrix(m, is_non_singular=True)
    ops = {"broadcast": la.LinearOperatorComposition([la.LinearOperatorDiag(d[:1]), full])[1, 0],
           "adjoint": la.LinearOperatorAdjoint(full)[0], "inversion": la.LinearOperatorInversion(full)[0, 0],
           "kronecker": la.LinearOperatorKronecker([la.LinearOperatorDiag(d[:, :, :2]),
                                                    la.LinearOperatorFullMatrix(m[:, :, :2, :2])])[1, 2],
           "block_diag": la.LinearOperatorBlockDiag([la.LinearOperatorDiag(d), full])[0, 1],
           "block_lower": la.LinearOperatorBlockLowerTriangular([[full], [la.LinearOperatorFullMatrix(m),
                                                                          la.LinearOperatorDiag(d)]])[1],
           "low_rank": la.LinearOperatorLowRankUpdate(la.LinearOperatorDiag(d, is_positive_definite=True),
                                                      m[..., :2], diag_update=d[..., :2])[1, 0]}
    out = {}
    for k, op in sorted(ops.items()):
        dense = np.asarray(sess.run(op.to_dense()))
        out[k] = {"shape": str(op.shape), "type": type(op).__name__, "sum": np.round(dense.sum(), 3).item(),
                  "corner": np.round(dense[..., 0, 0], 4).tolist()}
    return out
