"""TF1 names added for the compat.v1 sweep: tf.bitwise, tf.dtypes and small tf.math functions, string
hash buckets and fingerprints, tf.lookup tables, tf.audio WAV, serialized tensors, decode_compressed,
more tf.sparse, and stateless random numbers."""
import os
import struct
import tempfile
import zlib

import numpy as np

from _harness import catch, message_has


def case_x_misc_compat_a_bitwise(tf):
    x = tf.constant([1, -8, 127, -128], tf.int8)
    y = tf.constant([-1, 3, 8, 9], tf.int8)
    u, v = tf.constant([1, 200, 255], tf.uint8), tf.constant([7, 9, 1], tf.uint8)
    sess = tf.Session()
    out = sess.run({"left": tf.bitwise.left_shift(x, y), "right": tf.bitwise.right_shift(x, y),
                    "and": tf.bitwise.bitwise_and(x, y), "or": tf.bitwise.bitwise_or(x, y),
                    "xor": tf.bitwise.bitwise_xor(x, y), "invert": tf.bitwise.invert(x),
                    "uleft": tf.bitwise.left_shift(u, v), "uright": tf.bitwise.right_shift(u, v),
                    "wide": tf.bitwise.left_shift(tf.constant([1, -1], tf.int64), tf.constant([63, 70], tf.int64))})
    out["float"] = message_has(lambda: tf.bitwise.left_shift(tf.constant([1.0]), tf.constant([1.0])),
                               "not in list of allowed values")
    out["types"] = [tf.bitwise.left_shift(x, y).op.type, tf.bitwise.invert(x).op.type]
    return out


def case_x_misc_compat_a_math(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    sess = tf.Session()
    out = sess.run({
        "angle": tf.math.angle(tf.constant([1 + 1j, -2 + 0j], tf.complex64)),
        "angle_real": tf.math.angle(tf.constant([-1.0, 2.0])),
        "bitcast": tf.bitcast(tf.constant([1.0, 2.0]), tf.int32),
        "bitcast_up": tf.bitcast(tf.constant([[1, 2]], tf.uint8), tf.uint16),
        "bitcast_down": tf.bitcast(tf.constant([1.0]), tf.uint8),
        "broadcast": tf.broadcast_dynamic_shape(tf.constant([2, 1]), tf.constant([3])),
        "batch_gather": tf.batch_gather(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[2, 0], [1, 1]])),
        "nextafter": tf.math.nextafter(tf.constant([1.0, 0.0]), tf.constant([2.0, -1.0])),
        "polyval": tf.math.polyval([1.0, 2.0, 3.0], tf.constant([2.0, 0.5])),
        "cumlse": tf.math.cumulative_logsumexp(x, exclusive=True),
        "cumlse_rev": tf.math.cumulative_logsumexp(tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=1, reverse=True),
        "cumlse_grad": tf.gradients(tf.math.cumulative_logsumexp(x) * tf.constant([1.0, -2.0, 3.0]), x)[0],
        "saturate": tf.dtypes.saturate_cast(tf.constant([-5.0, 300.0]), tf.uint8),
        "complex128": tf.to_complex128(x),
    })
    out["bitcast_bad"] = message_has(lambda: tf.bitcast(tf.constant([1, 2, 3], tf.uint8), tf.uint16),
                                     "Cannot bitcast from 4 to 17 due to shape. 3 does not match 2")
    out["broadcast_bad"] = catch(sess.run, tf.broadcast_dynamic_shape(tf.constant([2, 2]), tf.constant([3])))
    out["types"] = [tf.math.angle(tf.constant([1j])).op.type, tf.bitcast(x, tf.int32).op.type,
                    tf.math.cumulative_logsumexp(x).op.type, tf.to_complex64(x).op.name]
    return out


def case_x_misc_compat_a_hash_buckets(tf):
    words = tf.constant([["a", "bb"], ["ccc", ""], ["hello world!!", "x" * 70]])
    sess = tf.Session()
    out = sess.run({"fast": tf.strings.to_hash_bucket_fast(words, 1000),
                    "strong": tf.strings.to_hash_bucket_strong(words, 1000, [1, 2]),
                    "strong_key": tf.string_to_hash_bucket_strong(words, 77, [0x5EADBEEF12345678, -1]),
                    "legacy": tf.string_to_hash_bucket(words, 1000),
                    "v1_name": tf.strings.to_hash_bucket(words, 13),
                    "fingerprint": tf.fingerprint(words),
                    "fingerprint_ints": tf.fingerprint(tf.constant([[1, 2], [3, 4]], tf.int32))})
    out["zero_buckets"] = message_has(lambda: tf.strings.to_hash_bucket_fast(words, 0), "less than minimum 1")
    out["bad_key"] = catch(sess.run, tf.strings.to_hash_bucket_strong(words, 10, [1]))
    return out


def case_x_misc_compat_a_lookup(tf):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3]), -1)
    found = table.lookup(tf.constant([["a", "z"], ["c", "b"]]))
    vocab = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64)), 3)
    mutable = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
    insert = mutable.insert(tf.constant(["x", "y"]), tf.constant([10, 20], tf.int64))
    sess = tf.Session()
    out = {"before_init": catch(sess.run, found),
           "collection": [op.name for op in tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS)],
           "names": [table.name, found.op.name, table.size().op.name, insert.name, mutable.name]}
    sess.run(tf.tables_initializer())
    sess.run(insert)
    out.update(sess.run({"found": found, "size": table.size(), "vocab": vocab.lookup(tf.constant(["a", "b", "zz", "q"])),
                         "vocab_size": vocab.size(), "mutable": mutable.lookup(tf.constant(["y", "q"]))}))
    keys, values = sess.run(table.export())
    out["export"] = sorted(zip(keys.tolist(), values.tolist()))
    sess.run(mutable.remove(tf.constant(["x"])))
    out["after_remove"] = sess.run(mutable.size())
    out["bad_key_dtype"] = message_has(lambda: table.lookup(tf.constant([1, 2])), "Dtype of argument `keys`")
    conflict = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 2]), -1)
    out["conflict"] = message_has(lambda: sess.run(conflict.initializer), "has different value for same key")
    return out


def case_x_misc_compat_a_text_file_table(tf):
    path = os.path.join(tempfile.mkdtemp(), "vocab.txt")
    with open(path, "w") as f:
        f.write("apple\t5\nbanana\t7\ncherry\t9\n")
    table = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(path, tf.string, 0, tf.int64, 1), -1)
    lines = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
        path, tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER), -1)
    too_long = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(path, tf.string, 0, tf.int64, 1,
                                                                       vocab_size=5), -1)
    sess = tf.Session()
    sess.run([table.initializer, lines.initializer])
    return {"found": sess.run(table.lookup(tf.constant(["banana", "x"]))),
            "lines": sess.run(lines.lookup(tf.constant(["banana\t7", "apple\t5"]))),
            "op": table.initializer.type, "too_long": message_has(lambda: sess.run(too_long.initializer),
                                                                  "expected 5 but got 3")}


def case_x_misc_compat_a_wav(tf):
    audio = np.array([[0.0, 0.5], [-0.5, 1.0], [0.25, -1.0]], np.float32)
    sess = tf.Session()
    wav = sess.run(tf.audio.encode_wav(audio, 16000))
    decoded = tf.audio.decode_wav(wav, desired_channels=1, desired_samples=5)
    bad = bytearray(wav)
    struct.pack_into("<H", bad, 34, 8)
    return {"wav": wav, "decoded": sess.run(tf.audio.decode_wav(wav)), "resized": sess.run(decoded),
            "shapes": [str(decoded.audio.shape), str(decoded.sample_rate.shape)],
            "three": sess.run(tf.audio.decode_wav(wav, desired_channels=3).audio),
            "short": message_has(lambda: sess.run(tf.audio.decode_wav(wav[:40])), "Data too short"),
            "bits": message_has(lambda: sess.run(tf.audio.decode_wav(bytes(bad))), "Can only read 16-bit WAV"),
            "rank": message_has(lambda: tf.audio.encode_wav(tf.constant([1.0]), 100), "Shape must be rank 2")}


def case_x_misc_compat_a_serialize(tf):
    sess = tf.Session()
    values = [np.float32(1.5), np.arange(6, dtype=np.int32).reshape(2, 3), np.array([b"ab", b""], object),
              np.array([True, False]), np.zeros([0, 2]), np.array([1 + 2j], np.complex64)]
    out = {"bytes": [sess.run(tf.io.serialize_tensor(tf.constant(v))) for v in values]}
    out["parsed"] = [sess.run(tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant(v)),
                                                 tf.string if v.dtype == object else tf.as_dtype(v.dtype)))
                     for v in values]
    out["mismatch"] = message_has(lambda: sess.run(tf.parse_tensor(tf.serialize_tensor(1.0), tf.int32)),
                                  "Type mismatch between parsed tensor (float) and dtype (int32)")
    out["garbage"] = catch(sess.run, tf.io.parse_tensor(tf.constant(b"\xff\x01garbage"), tf.int32))
    z = zlib.compress(b"hello hello")
    out["zlib"] = sess.run(tf.io.decode_compressed(tf.constant([z, z]), compression_type="ZLIB"))
    out["none"] = sess.run(tf.decode_compressed(b"raw"))
    out["cut"] = sess.run(tf.io.decode_compressed(z[:-3], compression_type="ZLIB"))
    out["bad_zlib"] = catch(sess.run, tf.io.decode_compressed(b"notzlib", compression_type="ZLIB"))
    out["bad_type"] = catch(sess.run, tf.io.decode_compressed(b"x", compression_type="BZ2"))
    return out


def _show(sess, sp):
    v = sess.run(sp)
    return [v.indices, v.values, v.dense_shape]


def case_x_misc_compat_a_sparse(tf):
    a = tf.SparseTensor([[0, 0], [1, 2], [3, 1]], [1.0, -2.0, 3.0], [4, 3])
    b = tf.SparseTensor([[0, 0], [1, 1], [3, 1]], [0.5, 4.0, 5.0], [4, 3])
    sess = tf.Session()
    filled, empty = tf.sparse.fill_empty_rows(a, 9.0)
    x = tf.constant([1.0, -2.0, 3.0])
    xs = tf.SparseTensor([[0, 0], [1, 2], [3, 1]], x, [4, 3])
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([3, 1, 2], tf.int64), [2, 2])
    return {
        "filled": _show(sess, filled), "empty": sess.run(empty),
        "fill_grad": sess.run(tf.gradients(tf.sparse.fill_empty_rows(xs, 9.0)[0].values * tf.range(1.0, 5.0), x)),
        "max": _show(sess, tf.sparse.maximum(a, b)), "min": _show(sess, tf.sparse_minimum(a, b)),
        "slice": _show(sess, tf.sparse.slice(a, [1, 0], [3, 2])),
        "slice_grad": sess.run(tf.gradients(tf.sparse.slice(xs, [1, 0], [3, 2]).values * 2.0, x)),
        "split": [_show(sess, p) for p in tf.sparse.split(sp_input=a, num_split=3, axis=0)],
        "softmax": _show(sess, tf.sparse.softmax(tf.SparseTensor([[0, 0], [0, 2], [1, 1]], [1.0, 2.0, 3.0], [3, 3]))),
        "softmax_grad": sess.run(tf.gradients(tf.sparse.softmax(tf.SparseTensor([[0, 0], [0, 2], [1, 1]], x, [3, 3]))
                                              .values * tf.constant([1.0, 2.0, 3.0]), x)),
        "max_sparse": _show(sess, tf.sparse.reduce_max_sparse(a, axis=1)),
        "sum_sparse": _show(sess, tf.sparse_reduce_sum_sparse(b, axis=0, keepdims=True)),
        "expand": _show(sess, tf.sparse.expand_dims(a, 1)),
        "eye": _show(sess, tf.sparse.eye(3, 4, dtype=tf.int32)),
        "reset": _show(sess, tf.sparse.reset_shape(a, [5, 6])),
        "reset_bad": message_has(lambda: tf.sparse_reset_shape(a, [2, 2]), "should have dimension sizes >="),
        "indicator": sess.run(tf.sparse.to_indicator(ids, 4)),
        "shape_mismatch": message_has(lambda: sess.run(tf.sparse.maximum(a, tf.SparseTensor([[0, 0]], [1.0],
                                                                                             [4, 4])).values),
                                      "Operands' shapes do not match"),
        "types": [filled.indices.op.type, tf.sparse.slice(a, [0, 0], [1, 1]).indices.op.type,
                  tf.sparse.reduce_sum_sparse(a, 0).indices.op.type],
    }


def case_x_misc_compat_a_stateless_random(tf):
    sess = tf.Session()
    return sess.run({
        "uniform": tf.random.stateless_uniform([5], seed=[1, 2]),
        "scaled": tf.random.stateless_uniform([2, 3], seed=[7, -3], minval=-2.0, maxval=5.0),
        "ints": tf.random.stateless_uniform([3], seed=[1, 2], minval=0, maxval=10, dtype=tf.int32),
        "int64": tf.random.stateless_uniform([3], seed=[1, 2], minval=-5, maxval=2 ** 40, dtype=tf.int64),
        "double": tf.random.stateless_uniform([3], seed=tf.constant([1, 2], tf.int64), dtype=tf.float64),
        "normal": tf.random.stateless_normal([6], seed=[1, 2]),
        "normal64": tf.random.stateless_normal([3], seed=[1, 2], dtype=tf.float64, mean=1.0, stddev=2.0),
        "truncated": tf.random.stateless_truncated_normal([11], seed=[1, 2]),
        "truncated64": tf.random.stateless_truncated_normal([5], seed=[3, 4], dtype=tf.float64),
    })


def case_x_misc_compat_a_strings(tf):
    sess = tf.Session()
    bad = tf.constant([b"a\xffb"])
    return {
        "format": sess.run(tf.strings.format("x={} y={}", [tf.constant([1, 2, 3]), tf.constant(2.5)])),
        "format_long": sess.run(tf.strings.format("{}", tf.range(10))),
        "format_nested": sess.run(tf.strings.format("a {} b", tf.constant([["x", "y"], ["z", "w"]]), summarize=1)),
        "format_count": message_has(lambda: tf.strings.format("{} {}", [tf.constant(1)]), "The template expects 2"),
        "join": sess.run(tf.strings.unsorted_segment_join(tf.constant(["a", "b", "c", "d"]), tf.constant([1, 0, 1, 1]),
                                                          3, separator="-")),
        "join_rows": sess.run(tf.strings.unsorted_segment_join(tf.constant([["a", "b"], ["c", "d"]]),
                                                               tf.constant([1, 1]), 2)),
        "join_bad": catch(sess.run, tf.strings.unsorted_segment_join(tf.constant(["a"]), tf.constant([5]), 2)),
        "transcode": sess.run(tf.strings.unicode_transcode(tf.constant(["héllo".encode(), b"a\xffb"]), "UTF-8",
                                                           "UTF-16-BE")),
        "transcode_q": sess.run(tf.strings.unicode_transcode(bad, "UTF-8", "UTF-8", replacement_char=63)),
        "transcode_ignore": sess.run(tf.strings.unicode_transcode(bad, "UTF-8", "UTF-8", errors="ignore")),
        "transcode_strict": catch(sess.run, tf.strings.unicode_transcode(bad, "UTF-8", "UTF-8", errors="strict")),
        "encode": sess.run(tf.strings.unicode_encode(tf.constant([[104, 105], [0x1F600, 65]]), "UTF-8")),
        "encode_bad": sess.run(tf.strings.unicode_encode(tf.constant([0x110000, 65]), "UTF-8")),
        "ngrams": sess.run(tf.strings.ngrams(tf.constant([["a", "b", "c"], ["d", "e", "f"]]), 2)),
        "ngrams_multi": sess.run(tf.strings.ngrams(tf.constant(["a", "b", "c"]), [1, 2], separator="_")),
        "ngrams_pad": sess.run(tf.strings.ngrams(tf.constant(["a", "b", "c"]), 2, pad_values=("<s>", "</s>"))),
        "ngrams_pad_width": sess.run(tf.strings.ngrams(tf.constant(["a", "b", "c", "d"]), 3, pad_values="#",
                                                       padding_width=1)),
        "ngrams_short": sess.run(tf.strings.ngrams(tf.constant(["a", "b"]), 3, preserve_short_sequences=True)),
        "bytes": sess.run(tf.strings.bytes_split(tf.constant("abc"))),
    }


def case_x_misc_compat_a_sparse_serialization(tf):
    sp = tf.SparseTensor([[0, 0], [1, 2]], [1.5, -2.0], [2, 3])
    batch = tf.SparseTensor([[0, 0], [1, 2], [1, 3]], [1, 2, 3], [3, 4])
    rows = tf.io.serialize_many_sparse(batch)
    sess = tf.Session()
    return {"one": sess.run(tf.io.serialize_sparse(sp)), "many": sess.run(rows),
            "back": _show(sess, tf.io.deserialize_many_sparse(rows, tf.int32)),
            "stacked": _show(sess, tf.deserialize_many_sparse(tf.stack([tf.serialize_sparse(sp)] * 2), tf.float32)),
            "wrong_type": catch(sess.run, tf.io.deserialize_many_sparse(rows, tf.float32).values),
            "garbage": catch(sess.run, tf.io.deserialize_many_sparse(tf.constant([["a", "b", "c"]]), tf.float32)
                             .values),
            "static": [str(rows.shape), tf.serialize_sparse(sp).op.type]}


def case_x_misc_compat_a_sparse_cross(tf):
    a = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ["a", "b", "c"], [2, 2])
    b = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([1, 2, 3], tf.int64), [2, 2])
    d = tf.constant([["x", "y"], ["z", "w"]])
    sess = tf.Session()
    return {"cross": _show(sess, tf.sparse.cross([a, b, d])),
            "sep": _show(sess, tf.sparse.cross([a, d], separator="+")),
            "hashed": _show(sess, tf.sparse.cross_hashed([a, b, d], num_buckets=100)),
            "key": _show(sess, tf.sparse.cross_hashed([a, b], hash_key=7)),
            "ints": _show(sess, tf.sparse.cross_hashed([b])),
            "types": [tf.sparse.cross([a]).indices.op.type, tf.sparse.cross_hashed([a]).indices.op.type]}


def case_x_misc_compat_a_inverse_erf(tf):
    x = tf.constant([0.1, -0.5, 0.7])
    sess = tf.Session()
    return sess.run({
        "erfinv": tf.math.erfinv(tf.constant([-0.9, -0.5, 0.3, 0.999, 1.0, 1.5])),
        "erfinv32": tf.math.erfinv(tf.constant([-0.9, -0.5, 0.3, 0.999], tf.float32)),
        "ndtri": tf.math.ndtri(tf.constant([1e-20, 0.025, 0.5, 0.975, 0.0, 1.0])),
        "ndtri32": tf.math.ndtri(tf.constant([0.001, 0.1, 0.5, 0.9], tf.float32)),
        "erfcinv": tf.math.erfcinv(tf.constant([0.5, 1.5, 1e-10])),
        "grad": tf.gradients(tf.math.erfinv(x) + tf.math.ndtri(x * 0.5 + 0.5), x)[0],
    })
