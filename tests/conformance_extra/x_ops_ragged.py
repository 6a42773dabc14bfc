"""Ragged tensors: factories, partitions, conversions, indexing, math and reductions, array ops,
feeds and fetches, and the Unicode decoding that returns them."""
import numpy as np

from _harness import catch, message_has


def _rv(value):
    """A fetched RaggedTensorValue as plain data (lists and arrays)."""
    if not hasattr(value, "nested_row_splits"):
        return value
    return {"list": value.to_list(), "flat": value.flat_values, "splits": list(value.nested_row_splits),
            "type": type(value).__name__}


def _run(tf, sess, fetch, feed=None):
    out = sess.run(fetch, feed)
    if isinstance(out, (list, tuple)):
        return [_rv(v) for v in out]
    return _rv(out)


def case_x_ops_ragged_from_row_splits(tf):
    sess = tf.Session()
    rt = tf.RaggedTensor.from_row_splits([1, 2, 3, 4, 5], [0, 2, 2, 5])
    return {"value": _run(tf, sess, rt), "shape": str(rt.shape), "dtype": rt.dtype.name,
            "ragged_rank": rt.ragged_rank, "splits_dtype": rt.row_splits.dtype.name,
            "type": type(rt).__name__}


def case_x_ops_ragged_factories(tf):
    sess = tf.Session()
    values = [1.0, 2.0, 3.0, 4.0]
    return _run(tf, sess, [tf.RaggedTensor.from_row_lengths(values, [1, 0, 3]),
                           tf.RaggedTensor.from_value_rowids(values, [0, 0, 2, 2], nrows=4),
                           tf.RaggedTensor.from_row_starts(values, [0, 1, 1]),
                           tf.RaggedTensor.from_row_limits(values, [1, 1, 4]),
                           tf.RaggedTensor.from_uniform_row_length(values, 2)])


def case_x_ops_ragged_nested_factories(tf):
    sess = tf.Session()
    rt = tf.RaggedTensor.from_nested_row_splits([1, 2, 3, 4, 5, 6], [[0, 2, 3], [0, 1, 3, 6]])
    lengths = tf.RaggedTensor.from_nested_row_lengths([1, 2, 3, 4], [[1, 2], [3, 0, 1]])
    return {"splits": _run(tf, sess, rt), "lengths": _run(tf, sess, lengths), "shape": str(rt.shape),
            "ragged_rank": rt.ragged_rank, "nested": len(rt.nested_row_splits)}


def case_x_ops_ragged_invalid_splits(tf):
    sess = tf.Session()
    return {
        "not_zero": catch(lambda: sess.run(tf.RaggedTensor.from_row_splits([1, 2, 3], [1, 2, 3]))),
        "decreasing": catch(lambda: sess.run(tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 1, 3]))),
        "short": catch(lambda: sess.run(tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2]))),
        "negative_length": catch(lambda: sess.run(tf.RaggedTensor.from_row_lengths([1, 2, 3], [1, -1, 3]))),
        "unsorted_rowids": catch(lambda: sess.run(tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 2, 1]))),
        "fed_not_zero": catch(sess.run, _fed_splits(tf), {"splits:0": [1, 2, 3]}),
        "usable": _run(tf, sess, tf.RaggedTensor.from_row_splits([1], [0, 1])),
        "private": catch(lambda: tf.RaggedTensor([1], [0, 1])),
    }


def _fed_splits(tf):
    splits = tf.placeholder(tf.int64, [None], name="splits")
    return tf.RaggedTensor.from_row_splits([1, 2, 3], splits)


def case_x_ops_ragged_constant(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    floats = tf.ragged.constant([[1.5], [2.5, 3.5]])
    inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    deep = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    return {"ints": _run(tf, sess, rt), "int_dtype": rt.dtype.name, "floats": _run(tf, sess, floats),
            "float_dtype": floats.dtype.name, "inner": _run(tf, sess, inner), "inner_shape": str(inner.shape),
            "deep": _run(tf, sess, deep), "deep_rank": deep.ragged_rank, "names": [rt.values.op.name],
            "typed": _run(tf, sess, tf.ragged.constant([[1], [2, 3]], dtype=tf.float64)),
            "mixed_depth": catch(tf.ragged.constant, [[1, [2]]])}


def case_x_ops_ragged_constant_value(tf):
    value = tf.ragged.constant_value([[1, 2], [3]])
    nested = tf.ragged.constant_value([[[1.0]], [[2.0, 3.0], []]])
    return {"list": value.to_list(), "values": value.values, "splits": value.row_splits, "shape": value.shape,
            "ragged_rank": value.ragged_rank, "nested": nested.to_list(), "nested_shape": nested.shape,
            "str": str(value), "repr": repr(value), "type": type(value).__name__,
            "flat": nested.flat_values, "dtype": str(value.dtype)}


def case_x_ops_ragged_value_class(tf):
    value = tf.ragged.RaggedTensorValue(np.array([1, 2, 3]), np.array([0, 1, 3]))
    return {"list": value.to_list(), "bad_splits": catch(tf.ragged.RaggedTensorValue, np.array([1]), [0, 1]),
            "bad_values": catch(tf.ragged.RaggedTensorValue, [1], np.array([0, 1])),
            "shape": value.shape}


def case_x_ops_ragged_placeholder_feed(tf):
    sess = tf.Session()
    p = tf.ragged.placeholder(tf.float32, 1, [])
    q = tf.ragged.placeholder(tf.int32, 2)
    feed = tf.ragged.constant_value([[1.0, 2.0], [], [3.0]])
    nested = tf.ragged.constant_value([[[1], [2, 3]], [[4]]])
    return {"fed": _run(tf, sess, p * 2.0, {p: feed}), "nested": _run(tf, sess, q, {q: nested}),
            "names": [p.flat_values.op.name, p.row_splits.op.name], "shape": str(p.shape),
            "flat_shape": str(p.flat_values.shape), "q_shape": str(q.shape)}


def case_x_ops_ragged_to_tensor(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    nested = tf.ragged.constant([[[1], [2, 3]], [[4, 5, 6]]])
    return _run(tf, sess, [rt.to_tensor(), rt.to_tensor(default_value=-1), rt.to_tensor(shape=[2, 4]),
                           rt.to_tensor(shape=[4, 2], default_value=7), nested.to_tensor(),
                           tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1).to_tensor(9)])


def case_x_ops_ragged_to_tensor_static(tf):
    rt = tf.ragged.constant([[1.0, 2.0], [], [3.0]])
    return {"shape": str(rt.to_tensor().shape), "shaped": str(rt.to_tensor(shape=[2, 5]).shape),
            "op": rt.to_tensor().op.type, "name": rt.to_tensor(name="dense").op.name}


def case_x_ops_ragged_to_sparse(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    sp = rt.to_sparse()
    return {"sparse": sess.run(sp), "inner": sess.run(inner.to_sparse()), "type": type(sp).__name__,
            "nested": sess.run(tf.ragged.constant([[[1], [2, 3]], [[4]]]).to_sparse()),
            "op": sp.indices.op.type}


def case_x_ops_ragged_from_tensor(tf):
    sess = tf.Session()
    dense = tf.constant([[1, 2, 0], [3, 0, 0], [0, 0, 0]])
    return _run(tf, sess, [tf.RaggedTensor.from_tensor(dense), tf.RaggedTensor.from_tensor(dense, padding=0),
                           tf.RaggedTensor.from_tensor(dense, lengths=[1, 3, 0]),
                           tf.RaggedTensor.from_tensor(tf.constant([[[1, 2], [0, 0]], [[3, 4], [5, 6]]]),
                                                       padding=[0, 0]),
                           tf.RaggedTensor.from_tensor(tf.reshape(tf.range(8), [2, 2, 2]), ragged_rank=2)])


def case_x_ops_ragged_from_tensor_errors(tf):
    dense = tf.constant([[1, 2], [3, 4]])
    return {"both": catch(tf.RaggedTensor.from_tensor, dense, lengths=[1, 2], padding=0),
            "rank0": catch(tf.RaggedTensor.from_tensor, dense, ragged_rank=0)}


def case_x_ops_ragged_from_sparse(tf):
    sess = tf.Session()
    sp = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1, 2, 3], [4, 5])
    return {"value": _run(tf, sess, tf.RaggedTensor.from_sparse(sp)),
            "rank3": catch(tf.RaggedTensor.from_sparse, tf.SparseTensor([[0, 0, 0]], [1], [1, 1, 1])),
            "roundtrip": sess.run(tf.RaggedTensor.from_sparse(sp).to_sparse())}


def case_x_ops_ragged_partitions(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    return {"parts": sess.run([rt.row_lengths(), rt.value_rowids(), rt.nrows(), rt.row_starts(), rt.row_limits(),
                               rt.flat_values, rt.nrows(out_type=tf.int32)]),
            "bounding": sess.run([rt.bounding_shape(), rt.bounding_shape(axis=1)]),
            "nested_bounding": sess.run(tf.ragged.constant([[[1, 2], [3]], [[4]]]).bounding_shape()),
            "nested_lengths": sess.run(list(tf.ragged.constant([[[1, 2], [3]], [[4]]]).nested_row_lengths()))}


def case_x_ops_ragged_with_values(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3]])
    nested = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    return _run(tf, sess, [rt.with_values(rt.values * 10), rt.with_flat_values(tf.cast(rt.flat_values, tf.float32)),
                           nested.with_flat_values(nested.flat_values + 1),
                           rt.with_row_splits_dtype(tf.int32)])


def case_x_ops_ragged_getitem(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    return {"values": _run(tf, sess, [rt[0], rt[1:], rt[-1], rt[::2], rt[:, 1:], rt[:, -1:], rt[:, :2], rt[2, 1:]]),
            "inner_int": catch(lambda: rt[:, 0]), "oob": catch(lambda: sess.run(rt[5]))}


def case_x_ops_ragged_getitem_nested(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[[1], [2, 3]], [[4, 5, 6]]])
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    return _run(tf, sess, [rt[1], rt[0, 1], rt[:, :1], rt[:, :, 1:], inner[:, :, 0], inner[1, 0]])


def case_x_ops_ragged_merge_dims(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    return _run(tf, sess, [rt.merge_dims(0, 1), rt.merge_dims(1, 2), rt.merge_dims(0, 2), inner.merge_dims(1, 2),
                           inner.merge_dims(0, 1)])


def case_x_ops_ragged_elementwise(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1.0, 4.0], [], [9.0]])
    other = tf.ragged.constant([[2.0, 2.0], [], [3.0]])
    return _run(tf, sess, [rt + 1.0, rt * other, rt - other, 2.0 / rt, tf.sqrt(rt), tf.negative(rt), -rt,
                           tf.maximum(rt, 3.0), tf.add(rt, other), tf.multiply(2.0, rt), tf.abs(-rt),
                           tf.cast(rt, tf.int32), tf.math.square(rt), tf.pow(rt, 2.0)])


def case_x_ops_ragged_compare_and_logic(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 4], [], [9, 2]])
    return _run(tf, sess, [tf.equal(rt, 4), tf.greater(rt, 2), tf.less_equal(rt, rt),
                           tf.logical_not(tf.greater(rt, 2))])


def case_x_ops_ragged_broadcast_dense(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    return _run(tf, sess, [rt + tf.constant([[10], [20], [30]]), inner * tf.constant([1, 10]), rt * 3])


def case_x_ops_ragged_mismatched_splits(tf):
    sess = tf.Session()
    a = tf.ragged.constant([[1, 2], [3]])
    b = tf.ragged.constant([[1], [2, 3]])
    return {"mismatch": catch(lambda: sess.run(a + b))}


def case_x_ops_ragged_reduce(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    floats = tf.ragged.constant([[1.0, 2.0], [], [3.0]])
    return sess.run([tf.reduce_sum(rt, axis=1), tf.reduce_sum(rt, axis=0), tf.reduce_sum(rt), tf.reduce_max(rt, 1),
                     tf.reduce_min(rt, axis=1), tf.reduce_prod(rt, axis=1), tf.reduce_mean(floats, axis=1),
                     tf.reduce_mean(rt, axis=1), tf.reduce_max(floats, axis=0), tf.reduce_sum(rt, axis=-1),
                     tf.reduce_sum(rt, axis=1, keepdims=True)])


def case_x_ops_ragged_reduce_inner_and_bool(tf):
    sess = tf.Session()
    deep = tf.ragged.constant([[[1, 2], [3]], [[4]]])
    inner = tf.ragged.constant([[[1, 2]], [[3, 4], [5, 6]]], ragged_rank=1)
    flags = tf.ragged.constant([[True, False], [], [True]])
    return {"deep": _run(tf, sess, tf.reduce_sum(deep, axis=2)), "inner": _run(tf, sess, tf.reduce_sum(inner, axis=2)),
            "inner_rows": sess.run(tf.reduce_sum(inner, axis=1)),
            "any": sess.run(tf.reduce_any(flags, axis=1)), "all": sess.run(tf.reduce_all(flags, axis=1))}


def case_x_ops_ragged_concat(tf):
    sess = tf.Session()
    a = tf.ragged.constant([[1, 2], [], [3]])
    b = tf.ragged.constant([[4], [5, 6], []])
    dense = tf.constant([[7, 8], [9, 10], [11, 12]])
    return _run(tf, sess, [tf.concat([a, b], 0), tf.concat([a, b], 1), tf.concat([a, dense], 1),
                           tf.concat([a, b], axis=-1), tf.concat([a, dense], 0)])


def case_x_ops_ragged_stack(tf):
    sess = tf.Session()
    a = tf.ragged.constant([[1, 2], [], [3]])
    b = tf.ragged.constant([[4], [5, 6], []])
    return _run(tf, sess, [tf.ragged.stack([a, b]), tf.ragged.stack([a, b], axis=1), tf.stack([a, b], 0),
                           tf.ragged.stack([a, tf.constant([[1, 1], [2, 2], [3, 3]])], axis=0)])


def case_x_ops_ragged_gather(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3]])
    return _run(tf, sess, [tf.gather(rt, [2, 0, 0]), tf.gather(rt, [[2, 0], [1, 1]]),
                           tf.gather([10, 20, 30], tf.ragged.constant([[0, 1], [2]])),
                           tf.gather(tf.ragged.constant([[[1], [2, 3]], [[4]]]), [1, 0])])


def case_x_ops_ragged_boolean_mask(tf):
    sess = tf.Session()
    dense = tf.constant([[7, 8], [9, 10], [11, 12]])
    rt = tf.ragged.constant([[1, 2], [], [3]])
    return _run(tf, sess, [tf.ragged.boolean_mask(dense, [[True, False], [False, False], [True, True]]),
                           tf.ragged.boolean_mask(rt, [True, False, True]),
                           tf.ragged.boolean_mask(rt, tf.ragged.constant([[True, False], [], [True]])),
                           tf.ragged.boolean_mask(dense, [False, True, True])])


def case_x_ops_ragged_range(tf):
    sess = tf.Session()
    return _run(tf, sess, [tf.ragged.range([3, 1]), tf.ragged.range(2, 7, 2), tf.ragged.range([0, 5], [4, 1], [2, -2]),
                           tf.ragged.range([0.0, 1.0], 3.0, 0.75), tf.ragged.range(3, row_splits_dtype=tf.int32)])


def case_x_ops_ragged_range_errors(tf):
    sess = tf.Session()
    starts = tf.placeholder(tf.int32, [None])
    return {"zero_delta": catch(lambda: sess.run(tf.ragged.range(0, 5, 0))),
            "sizes": catch(lambda: sess.run(tf.ragged.range(starts, tf.constant([3, 4, 5])), {starts: [1, 2]})),
            "static_sizes": catch(lambda: tf.ragged.range(tf.constant([1, 2]), tf.constant([3, 4, 5]))),
            "op": tf.ragged.range([2, 3]).values.op.type}


def case_x_ops_ragged_segment_ids(tf):
    sess = tf.Session()
    return sess.run([tf.ragged.row_splits_to_segment_ids([0, 2, 2, 5]),
                     tf.ragged.segment_ids_to_row_splits([0, 0, 2]),
                     tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=5)])


def case_x_ops_ragged_map_flat_values(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [], [3]])
    other = tf.ragged.constant([[10, 20], [], [30]])
    return _run(tf, sess, [tf.ragged.map_flat_values(tf.multiply, rt, 3),
                           tf.ragged.map_flat_values(tf.add, rt, other),
                           tf.ragged.map_flat_values(tf.ones_like, rt)])


def case_x_ops_ragged_stack_dynamic_partitions(tf):
    sess = tf.Session()
    return _run(tf, sess, [tf.ragged.stack_dynamic_partitions([10, 20, 30, 40], [1, 0, 1, 2], 4),
                           tf.ragged.stack_dynamic_partitions(tf.ragged.constant([[1], [2, 3], []]), [1, 1, 0], 2)])


def case_x_ops_ragged_cross(tf):
    sess = tf.Session()
    words = tf.ragged.constant([["a", "b"], ["c"]])
    dense = tf.constant([["d"], ["e"]])
    ints = tf.ragged.constant([[1, 2], [3]], dtype=tf.int64)
    return _run(tf, sess, [tf.ragged.cross([words, dense]), tf.ragged.cross_hashed([words, dense], num_buckets=10),
                           tf.ragged.cross([ints, dense]), tf.ragged.cross([dense, words])])


def case_x_ops_ragged_nest_and_spec(tf):
    rt = tf.ragged.constant([[1.0, 2.0], [3.0]])
    flat = tf.nest.flatten(rt, expand_composites=True)
    rebuilt = tf.nest.pack_sequence_as(rt, flat, expand_composites=True)
    spec = tf.RaggedTensorSpec([None, None], tf.float32)
    return {"flat": [t.dtype.name for t in flat], "n": len(tf.nest.flatten({"a": rt, "b": [rt]},
                                                                            expand_composites=True)),
            "rebuilt": type(rebuilt).__name__, "spec": repr(spec),
            "spec3": repr(tf.RaggedTensorSpec([2, None, 3], tf.int32, 1)),
            "attrs": [str(spec.shape), spec.dtype.name, spec.ragged_rank, spec.row_splits_dtype.name],
            "unflattened": len(tf.nest.flatten(rt)), "to_list": message_has(rt.to_list, "eager")}


def case_x_ops_ragged_fetch_structures(tf):
    sess = tf.Session()
    rt = tf.ragged.constant([[1, 2], [3]])
    out = sess.run({"rt": rt, "pair": (rt, rt.flat_values)})
    return {"rt": _rv(out["rt"]), "pair": [_rv(out["pair"][0]), out["pair"][1]],
            "bad_feed": catch(sess.run, rt + 1, {rt: [[1, 2], [3]]})}


def case_x_ops_ragged_unicode_decode(tf):
    sess = tf.Session()
    words = ["héllo", "€a", ""]
    return {"decode": _run(tf, sess, tf.strings.unicode_decode(words, "UTF-8")),
            "scalar": sess.run(tf.strings.unicode_decode("héllo", "UTF-8")),
            "matrix": _run(tf, sess, tf.strings.unicode_decode([["ab", "c"], ["", "d"]], "UTF-8")),
            "utf16": _run(tf, sess, tf.strings.unicode_decode(["a€".encode("utf-16-be")], "UTF-16-BE")),
            "utf32": _run(tf, sess, tf.strings.unicode_decode(["a\U0001F600".encode("utf-32-be")], "UTF-32-BE")),
            "name": tf.strings.unicode_decode(words, "UTF-8").values.op.name}


def case_x_ops_ragged_unicode_errors(tf):
    sess = tf.Session()
    bad = [b"a\xffb\xe2\x82", b"ok"]
    return {"replace": _run(tf, sess, tf.strings.unicode_decode(bad, "UTF-8")),
            "ignore": _run(tf, sess, tf.strings.unicode_decode(bad, "UTF-8", errors="ignore")),
            "char": _run(tf, sess, tf.strings.unicode_decode(bad, "UTF-8", replacement_char=63)),
            "strict": catch(sess.run, tf.strings.unicode_decode(bad, "UTF-8", errors="strict")),
            "control": _run(tf, sess, tf.strings.unicode_decode(["a\tb\x01"], "UTF-8",
                                                                replace_control_characters=True))}


def case_x_ops_ragged_unicode_offsets_and_split(tf):
    sess = tf.Session()
    words = ["h€llo", "ab"]
    return {"offsets": _run(tf, sess, list(tf.strings.unicode_decode_with_offsets(words, "UTF-8"))),
            "split": _run(tf, sess, tf.strings.unicode_split(words, "UTF-8")),
            "split_offsets": _run(tf, sess, list(tf.strings.unicode_split_with_offsets(words, "UTF-8"))),
            "scalar_split": sess.run(tf.strings.unicode_split("h€", "UTF-8")),
            "bad_offsets": _run(tf, sess, list(tf.strings.unicode_decode_with_offsets([b"a\xffb"], "UTF-8")))}


def case_x_ops_ragged_strings_split(tf):
    sess = tf.Session()
    ragged = tf.strings.split(["a b c", "d  e", ""], result_type="RaggedTensor")
    return {"ragged": _run(tf, sess, ragged), "type": type(ragged).__name__,
            "sep": _run(tf, sess, tf.strings.split(["a,b", "c"], sep=",", result_type="RaggedTensor")),
            "sparse": type(tf.strings.split(["a b"])).__name__,
            "bad": catch(tf.strings.split, ["a"], result_type="Dense")}


def case_x_ops_ragged_gradients(tf):
    sess = tf.Session()
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    rt = tf.RaggedTensor.from_row_splits(x, [0, 3, 3, 4])
    dense = rt.to_tensor(default_value=0.5, shape=[3, 2])
    loss = tf.reduce_sum(dense * tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]))
    sparse_loss = tf.reduce_sum(rt.to_sparse().values * 3.0)
    reduced = tf.reduce_sum(tf.reduce_sum(rt, axis=1) * tf.constant([1.0, 2.0, 3.0]))
    return sess.run([tf.gradients(loss, x)[0], tf.gradients(sparse_loss, x)[0], tf.gradients(reduced, x)[0]])


def case_x_ops_ragged_unicode_script(tf):
    sess = tf.Session()
    points = [97, 0x0416, 0x05D0, 0x4E2D, 0x3042, 48, 0x0301, -1, 0x110000, 0xE000, 0x0378, 0x1F600, 0x10A0, 0x0E01]
    return {"dense": sess.run(tf.strings.unicode_script(points)),
            "ragged": _run(tf, sess, tf.strings.unicode_script(tf.strings.unicode_decode(["aЖ中", "ℵ1"], "UTF-8"))),
            "type": tf.strings.unicode_script([1]).op.type}


def case_x_ops_ragged_bytes_split_and_encode(tf):
    sess = tf.Session()
    codes = tf.ragged.constant([[104, 8364], [], [97]])
    nested = tf.ragged.constant([[[104], [8364, 97]], [[97]]])
    return {"bytes": _run(tf, sess, [tf.strings.bytes_split(["ab", "", "c"]), tf.strings.bytes_split([["ab"], ["c"]]),
                                     tf.strings.bytes_split(tf.ragged.constant([["ab"], []]))]),
            "scalar": sess.run(tf.strings.bytes_split("ab")),
            "encode": _run(tf, sess, [tf.strings.unicode_encode(codes, "UTF-8"),
                                      tf.strings.unicode_encode(nested, "UTF-8"),
                                      tf.strings.unicode_encode(codes, "UTF-16-BE")]),
            "encode_type": type(tf.strings.unicode_encode(codes, "UTF-8")).__name__}
