"""Second-pass variations of the public data_sources cases: source op names, runtime length
mismatches behind placeholders, sources over variables, range argument dtypes, generator
exceptions and string signatures, and the file sources (TextLineDataset, FixedLengthRecordDataset,
TFRecordDataset, list_files) with their compression, header/footer and corruption paths."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.
import gzip
import os
import zlib

import numpy as np

from _casekit import drain, drain_next, drain_or_error, in_tmp
from _harness import catch, message_has


def _write(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def case_source_op_names(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.data.Dataset.from_tensor_slices(np.arange(3), name="slices")
        b = tf.data.Dataset.from_tensors(np.arange(3), name="whole")
        c = tf.data.Dataset.range(4, name="counter")
        nxt = tf.data.make_one_shot_iterator(a.concatenate(c).zip((a, b))).get_next()
    ops = sorted(n.op for n in g.as_graph_def().node)
    return {"dataset_ops": sorted(set(o for o in ops if o.endswith("Dataset"))), "next": [t.name for t in nxt],
            "b_shape": str(b.output_shapes)}


def case_slices_runtime_length_mismatch(tf):
    x = tf.placeholder(tf.float32, [None])
    y = tf.placeholder(tf.int32, [None])
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    bad = catch(sess.run, it.initializer, {x: [1.0, 2.0], y: [1, 2, 3]})
    scalar = catch(sess.run, it.initializer, {x: [1.0], y: [1]})
    sess.run(it.initializer, {x: [1.0, 2.0], y: [5, 6]})
    return {"bad": bad, "scalar_ok": scalar, "vals": drain_next(tf, sess, nxt), "shapes": str(ds.output_shapes)}


def case_slices_static_mismatch_messages(tf):
    return [message_has(lambda: tf.data.Dataset.from_tensor_slices((np.zeros(3), np.zeros(4))),
                        "Dimensions 3 and 4 are not compatible"),
            message_has(lambda: tf.data.Dataset.from_tensor_slices({"a": np.zeros(2), "b": np.zeros((5, 2))}),
                        "Dimensions 2 and 5 are not compatible"),
            catch(tf.data.Dataset.from_tensor_slices, np.float32(3.0)),
            catch(tf.data.Dataset.from_tensor_slices, ()),
            str(tf.data.Dataset.from_tensor_slices(np.zeros((0, 2), np.int64)).output_shapes)]


def pending_sources_over_variables(tf):  # TF's TensorDataset holds the ref variable's buffer: a later assign shows
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="table")
    slices = tf.data.Dataset.from_tensor_slices(v)
    whole = tf.data.Dataset.from_tensors(v)
    one_shot = catch(tf.data.make_one_shot_iterator, slices)
    it = tf.data.make_initializable_iterator(slices)
    it2 = tf.data.make_initializable_iterator(whole)
    sess = tf.Session()
    sess.run(v.initializer)
    sess.run([it.initializer, it2.initializer])
    first = sess.run(it.get_next())
    sess.run(v.assign([[9.0, 9.0], [8.0, 8.0]]))
    later = sess.run(it.get_next())
    sess.run(it.initializer)
    return {"one_shot": one_shot, "first": first, "later": later, "reinit": sess.run(it.get_next()),
            "whole": sess.run(it2.get_next()), "shapes": [str(slices.output_shapes), str(whole.output_shapes)]}


def case_range_argument_dtypes(tf):
    i32 = tf.placeholder(tf.int32, [])
    out = {"int32_placeholder": catch(tf.data.Dataset.range, i32),
           "float": catch(tf.data.Dataset.range, 2.5),
           "int32_const": drain(tf, tf.data.Dataset.range(tf.constant(3, tf.int64))),
           "np_ints": drain(tf, tf.data.Dataset.range(np.int32(2), np.int64(8), np.int16(3))),
           "types": [str(tf.data.Dataset.range(3, output_type=t).output_types) for t in (tf.int32, tf.float32, tf.uint8)]}
    out["float_vals"] = drain(tf, tf.data.Dataset.range(1, 4, output_type=tf.float64))
    out["too_many"] = catch(tf.data.Dataset.range, 1, 2, 3, 4)
    out["none"] = catch(tf.data.Dataset.range)
    return out


def case_from_tensors_shapes_and_repeat(tf):
    ds = tf.data.Dataset.from_tensors((np.zeros((0, 3), np.float32), np.array(b"s"), {"k": np.int8(4)}))
    rep = ds.repeat(3).batch(2)
    return {"shapes": str(ds.output_shapes), "types": str(ds.output_types), "rep_shapes": str(rep.output_shapes),
            "vals": [(a.shape, s, d["k"]) for a, s, d in drain(tf, rep)],
            "card": drain(tf, tf.data.Dataset.from_tensors(0).concatenate(tf.data.Dataset.from_tensors(1)))}


def case_from_generator_exceptions(tf):
    def value_error():
        yield 1
        raise ValueError("bad value in generator")

    def runtime_error():
        yield 1
        yield 2
        raise RuntimeError("boom")

    def not_iterable():
        return 5

    out = {}
    for name, gen in (("value", value_error), ("runtime", runtime_error), ("not_iter", not_iterable)):
        ds = tf.data.Dataset.from_generator(gen, tf.int64, tf.TensorShape([]))
        out[name] = drain_or_error(tf, ds)
    ds = tf.data.Dataset.from_generator(value_error, tf.int64, tf.TensorShape([]))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    sess.run(nxt)
    out["msg"] = message_has(lambda: sess.run(nxt), "bad value in generator", "ValueError")
    out["after"] = catch(sess.run, nxt)
    return out


def case_from_generator_strings_and_signature(tf):
    def gen():
        yield "plain", np.array([b"x", b"yy"])
        yield u"\u00e9t\u00e9", np.array([], dtype=object).astype(bytes)
        yield b"raw", np.array(["z"])

    ds = tf.data.Dataset.from_generator(gen, output_signature=(tf.TensorSpec([], tf.string, name="word"),
                                                               tf.TensorSpec([None], tf.string)))
    vals = drain(tf, ds)
    bad = tf.data.Dataset.from_generator(lambda: iter([1, 2]), output_signature=tf.TensorSpec([], tf.string))
    return {"vals": [(a, list(b)) for a, b in vals], "spec": repr(ds.element_spec),
            "bad": drain_or_error(tf, bad), "padded": drain(tf, ds.padded_batch(3))}


def case_text_line_variants(tf):
    def run(d):
        a = _write(d, "a.txt", b"one\r\ntwo\n\nthree")
        b = _write(d, "b.txt", b"")
        c = _write(d, "c.txt", b"last\n")
        z = _write(d, "z.txt.z", zlib.compress(b"zl1\nzl2\n"))
        gz = _write(d, "g.txt.gz", gzip.compress(b"g1\ng2"))
        out = {"multi": drain(tf, tf.data.TextLineDataset([a, b, c])),
               "zlib": drain(tf, tf.data.TextLineDataset(z, compression_type="ZLIB")),
               "gzip_buffer": drain(tf, tf.data.TextLineDataset(gz, compression_type="GZIP", buffer_size=1)),
               "gzip_as_plain": len(drain(tf, tf.data.TextLineDataset(gz))) > 0,
               "missing": drain_or_error(tf, tf.data.TextLineDataset([c, os.path.join(d, "nope.txt")])),
               "bad_compression": catch(lambda: drain(tf, tf.data.TextLineDataset(c, compression_type="LZ4"))),
               "parallel": sorted(drain(tf, tf.data.TextLineDataset([a, c], num_parallel_reads=2))),
               "types": str(tf.data.TextLineDataset(a).output_types)}
        return out
    return in_tmp(run)


def case_fixed_length_header_footer_and_remainder(tf):
    def run(d):
        body = bytes(range(1, 13))
        exact = _write(d, "exact.bin", b"HH" + body + b"F")
        extra = _write(d, "extra.bin", b"HH" + body + b"xyF")
        gz = _write(d, "fl.gz", gzip.compress(b"HH" + body + b"F"))
        FL = tf.data.FixedLengthRecordDataset
        return {"exact": drain(tf, FL(exact, 4, header_bytes=2, footer_bytes=1)),
                "remainder": drain_or_error(tf, FL(extra, 4, header_bytes=2, footer_bytes=1)),
                "buffer": drain(tf, FL([exact, exact], 6, header_bytes=2, footer_bytes=1, buffer_size=3)),
                "gzip": drain_or_error(tf, FL(gz, 4, header_bytes=2, footer_bytes=1, compression_type="GZIP")),
                "too_short": drain_or_error(tf, FL(_write(d, "short.bin", b"H"), 4, header_bytes=2)),
                "zero_record": catch(lambda: drain(tf, FL(exact, 0))),
                "types": [str(FL(exact, 4).output_types), str(FL(exact, 4).output_shapes)]}
    return in_tmp(run)


def case_tfrecord_compression_and_corruption(tf):
    def run(d):
        records = [b"alpha", b"", b"gamma" * 10]
        paths = {}
        for kind in ("", "GZIP", "ZLIB"):
            paths[kind] = os.path.join(d, "r%s.tfrecord" % kind)
            with tf.python_io.TFRecordWriter(paths[kind], options=tf.io.TFRecordOptions(kind or None)) as w:
                for r in records:
                    w.write(r)
        with open(paths[""], "rb") as f:
            raw = f.read()
        truncated = _write(d, "trunc.tfrecord", raw[:-6])
        flipped = bytearray(raw)
        flipped[14] ^= 0xFF
        corrupt = _write(d, "corrupt.tfrecord", bytes(flipped))
        TR = tf.data.TFRecordDataset
        return {"plain": drain(tf, TR(paths[""])), "gzip": drain(tf, TR(paths["GZIP"], compression_type="GZIP")),
                "zlib": drain(tf, TR([paths["ZLIB"]] * 2, compression_type="ZLIB", buffer_size=7)),
                "gzip_unflagged": drain_or_error(tf, TR(paths["GZIP"])),
                "truncated": drain_or_error(tf, TR(truncated)),
                "corrupt": drain_or_error(tf, TR(corrupt)),
                "parallel": sorted(drain(tf, TR([paths[""], paths[""]], num_parallel_reads=2))),
                "spec": repr(TR(paths[""]).element_spec)}
    return in_tmp(run)


def case_list_files_shuffle_and_errors(tf):
    def run(d):
        for name in ("b.txt", "a.txt", "c.txt", "d.csv"):
            _write(d, name, b"x")
        pattern = os.path.join(d, "*.txt")
        names = lambda ds: [os.path.basename(p.decode()) for p in drain(tf, ds)]  # noqa: E731
        out = {"sorted": names(tf.data.Dataset.list_files(pattern, shuffle=False)),
               "two_patterns": names(tf.data.Dataset.list_files([pattern, os.path.join(d, "*.csv")], shuffle=False)),
               "shuffled_set": sorted(names(tf.data.Dataset.list_files(pattern, seed=4))),
               "none": drain_or_error(tf, tf.data.Dataset.list_files(os.path.join(d, "*.none"))),
               "types": str(tf.data.Dataset.list_files(pattern).output_types)}
        sess = tf.Session()
        nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.list_files(os.path.join(d, "*.zip"))).get_next()
        out["msg"] = message_has(lambda: sess.run(nxt), "No files matched pattern")
        return out
    return in_tmp(run)
