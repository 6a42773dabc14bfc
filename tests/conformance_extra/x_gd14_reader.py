"""Round-14 variations of the public reader_input cases: TFRecord compression through options
objects and read_up_to, WholeFileReader over a missing file (the session stays usable),
read_up_to at file boundaries with counters, string_input_producer epochs with their local
variables, decode_csv defaults/errors, decode_raw endianness and parse_single_example with every
Feature kind, its defaults and errors."""
import os

import numpy as np

from _casekit import closed_queue_of, drain_next, in_tmp, write_file
from _harness import catch, message_has


def _base(rows):
    return [(os.path.basename(k), v) for k, v in rows]


def case_x_gd14_tfrecord_gzip_options_read_up_to(tf):
    def body(d):
        opts = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
        path = os.path.join(d, "g.tfr")
        with tf.python_io.TFRecordWriter(path, options=opts) as w:
            for i in range(5):
                w.write(("rec%d" % i).encode() * (i + 1))
        zl = os.path.join(d, "z.tfr")
        with tf.python_io.TFRecordWriter(zl, options="ZLIB") as w:
            w.write(b"zz")
        sess = tf.Session()
        reader = tf.TFRecordReader(options=opts)
        keys, values = reader.read_up_to(closed_queue_of(tf, sess, [path, path]), 3)
        batches = drain_next(tf, sess, [keys, values])
        return {"batches": [(list(map(os.path.basename, [k.decode() for k in ks])), vs.tolist())
                            for ks, vs in batches],
                "produced": sess.run(reader.num_records_produced()),
                "completed": sess.run(reader.num_work_units_completed()),
                "iter": list(tf.python_io.tf_record_iterator(path, options=opts)),
                "iter_zlib_string": list(tf.python_io.tf_record_iterator(zl, options="ZLIB")),
                "type_string": [tf.python_io.TFRecordOptions.get_compression_type_string(o)
                                for o in (opts, "ZLIB", None, "")],
                "static": [keys.shape.as_list(), values.shape.as_list(), keys.op.type]}
    return in_tmp(body)


def case_x_gd14_tfrecord_compression_mismatch_errors(tf):
    def body(d):
        gz = os.path.join(d, "g.tfr")
        with tf.python_io.TFRecordWriter(gz, options=tf.python_io.TFRecordOptions("GZIP")) as w:
            w.write(b"payload")
        plain = os.path.join(d, "p.tfr")
        with tf.python_io.TFRecordWriter(plain) as w:
            w.write(b"plain")
        sess = tf.Session()
        _, v_plain_reader = tf.TFRecordReader().read(closed_queue_of(tf, sess, [gz]))
        _, v_gz_reader = tf.TFRecordReader(options=tf.python_io.TFRecordOptions("GZIP")).read(
            closed_queue_of(tf, sess, [plain, gz]))
        return {"plain_over_gzip": catch(sess.run, v_plain_reader),
                "gzip_over_plain": catch(sess.run, v_gz_reader),
                "gzip_next_file": catch(sess.run, v_gz_reader),
                "bad_option": catch(tf.python_io.TFRecordOptions, "BZIP2"),
                "iter_plain_as_gzip": catch(lambda: list(tf.python_io.tf_record_iterator(plain, options="GZIP")))}
    return in_tmp(body)


def case_x_gd14_whole_file_reader_missing_then_next(tf):
    def body(d):
        a = write_file(d, "a.bin", b"AAA")
        b = write_file(d, "b.bin", b"")
        sess = tf.Session()
        reader = tf.WholeFileReader(name="wfr")
        key, value = reader.read(closed_queue_of(tf, sess, [a, os.path.join(d, "nope.bin"), b]))
        out = []
        for _ in range(4):
            r = catch(sess.run, [key, value])
            out.append(r if isinstance(r, dict) else (os.path.basename(r[0].decode()), r[1]))
        return {"reads": out, "missing_msg": message_has(lambda: sess.run(value), "nope.bin"),
                "produced": sess.run(reader.num_records_produced()),
                "names": [reader.reader_ref.op.name, reader.reader_ref.op.type, key.op.type],
                "supports_serialize": reader.supports_serialize}
    return in_tmp(body)


def case_x_gd14_read_up_to_file_boundaries_fixed_and_tfrecord(tf):
    def body(d):
        a = write_file(d, "a.bin", b"H" + b"0123456789" + b"")
        b = write_file(d, "b.bin", b"H" + b"abcd")
        c = write_file(d, "c.bin", b"H")
        tfr = os.path.join(d, "t.tfr")
        with tf.python_io.TFRecordWriter(tfr) as w:
            for r in (b"x", b"yy", b"zzz", b"wwww"):
                w.write(r)
        sess = tf.Session()
        fixed = tf.FixedLengthRecordReader(record_bytes=2, header_bytes=1)
        fk, fv = fixed.read_up_to(closed_queue_of(tf, sess, [a, b, c]), 4)
        rec = tf.TFRecordReader()
        rk, rv = rec.read_up_to(closed_queue_of(tf, sess, [tfr, tfr]), 3)
        return {"fixed": [(sorted(set(os.path.basename(k.decode()).split(":")[0] for k in ks)), vs.tolist())
                          for ks, vs in drain_next(tf, sess, [fk, fv])],
                "fixed_counts": sess.run([fixed.num_records_produced(), fixed.num_work_units_completed()]),
                "tfrecord": [vs.tolist() for vs in drain_next(tf, sess, rv)]}
    return in_tmp(body)


def case_x_gd14_string_input_producer_two_epochs_local_vars(tf):
    def body(d):
        files = [write_file(d, "f%d.txt" % i, ("a%d\nb%d\n" % (i, i)).encode()) for i in range(2)]
        fq = tf.train.string_input_producer(files, num_epochs=2, shuffle=False, capacity=4, name="files")
        reader = tf.TextLineReader(name="lines")
        key, value = reader.read(fq)
        locals_ = [(v.op.name, v.dtype.base_dtype.name, v.shape.as_list()) for v in tf.local_variables()]
        sess = tf.Session()
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        rows = drain_next(tf, sess, [key, value])
        coord.request_stop()
        coord.join(threads)
        epochs_var = [v for v in tf.local_variables() if "epochs" in v.op.name][0]
        return {"locals": locals_, "rows": [(os.path.basename(k.decode()), v) for k, v in rows],
                "epochs_after": sess.run(epochs_var),
                "queue_runners": [qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)],
                "fq_name": fq.name, "size_op": sess.run(fq.size()),
                "completed": sess.run(reader.num_work_units_completed())}
    return in_tmp(body)


def case_x_gd14_decode_csv_defaults_dtypes_and_errors(tf):
    rec = tf.placeholder(tf.string, [None], name="rec")
    cols = tf.decode_csv(rec, record_defaults=[[np.float64(1.5)], [tf.constant(7, tf.int64)], ["d"], [0.25]],
                         field_delim="|", use_quote_delim=False, na_value="NA", name="parse")
    sess = tf.Session()
    return {"dtypes": [c.dtype.name for c in cols], "names": [c.name for c in cols],
            "ok": sess.run(cols, {rec: ['2.5|3|"q"|NA', 'NA||x|1e3', '|NA|NA|']}),
            "bad_float": message_has(lambda: sess.run(cols, {rec: ["x|1|a|1"]}), "Field 0 in record 0 is not a valid float: x"),
            "bad_int64": message_has(lambda: sess.run(cols, {rec: ["1|9e9|a|1"]}), "Field 1 in record 0 is not a valid int64: 9e9"),
            "too_few": message_has(lambda: sess.run(cols, {rec: ["1|2"]}), "Expect 4 fields but have 2 in record 0"),
            "still_ok": sess.run(cols, {rec: ["0|0|0|0"]}),
            "bad_delim": catch(tf.decode_csv, rec, [[0]], field_delim="||"),
            "bad_default_type": catch(tf.decode_csv, rec, [[True]]),
            "2d_default": catch(tf.decode_csv, rec, [[[1, 2]]])}


def case_x_gd14_decode_raw_endianness_and_lengths(tf):
    raw = tf.placeholder(tf.string, [None], name="raw")
    data = np.array([1, -2, 258], ">i2").tobytes()
    f32 = np.array([1.5, -0.25], ">f4").tobytes()
    f64 = np.array([3.0], "<f8").tobytes()
    sess = tf.Session()
    i16_be = tf.decode_raw(raw, tf.int16, little_endian=False)
    i16_le = tf.decode_raw(raw, tf.int16)
    u16_be = tf.decode_raw(raw, tf.uint16, little_endian=False)
    return {"i16_be": sess.run(i16_be, {raw: [data]}), "i16_le": sess.run(i16_le, {raw: [data]}),
            "u16_be": sess.run(u16_be, {raw: [data]}),
            "f32_be": sess.run(tf.decode_raw(tf.constant(f32), tf.float32, little_endian=False)),
            "f64_le_2d": sess.run(tf.decode_raw(tf.constant([[f64], [f64]]), tf.float64)),
            "u8_be_ignored": sess.run(tf.decode_raw(tf.constant([b"ab"]), tf.uint8, little_endian=False)),
            "static": [i16_be.shape.as_list(), tf.decode_raw(tf.constant("abcd"), tf.int32).shape.as_list()],
            "not_multiple": message_has(lambda: sess.run(i16_be, {raw: [b"abc"]}),
                                        "Input to DecodeRaw has length 3 that is not a multiple of 2"),
            "ragged": message_has(lambda: sess.run(i16_be, {raw: [b"ab", b"abcd"]}),
                                  "DecodeRaw requires input strings to all be the same size, but element 1 has size 4 != 2"),
            "empty": sess.run(i16_be, {raw: [b"", b""]}).shape,
            "bad_type": catch(tf.decode_raw, tf.constant("ab"), tf.string)}


def _example(tf, **features):
    def feat(v):
        if isinstance(v[0], float):
            return tf.train.Feature(float_list=tf.train.FloatList(value=v))
        if isinstance(v[0], int):
            return tf.train.Feature(int64_list=tf.train.Int64List(value=v))
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=v))
    return tf.train.Example(features=tf.train.Features(
        feature={k: feat(v) for k, v in features.items()})).SerializeToString()


def case_x_gd14_parse_single_example_every_kind(tf):
    spec = {"age": tf.FixedLenFeature([], tf.int64, default_value=-1),
            "pair": tf.FixedLenFeature([2], tf.float32, default_value=[0.5, 0.5]),
            "name": tf.FixedLenFeature([], tf.string, default_value="anon"),
            "tags": tf.VarLenFeature(tf.string),
            "seq": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True),
            "sp": tf.SparseFeature(index_key="ix", value_key="val", dtype=tf.float32, size=5)}
    ser = tf.placeholder(tf.string, [], name="ser")
    parsed = tf.parse_single_example(ser, spec)
    sess = tf.Session()
    full = _example(tf, age=[33], pair=[1.0, 2.0], name=[b"bo"], tags=[b"x", b"y"], seq=[4, 5, 6],
                    ix=[3, 0], val=[0.5, 1.5])
    empty = _example(tf)

    def run(s):
        out = sess.run(parsed, {ser: s})
        return {k: (v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist())
                if hasattr(v, "indices") else v for k, v in sorted(out.items())}
    return {"full": run(full), "empty": run(empty),
            "static": {k: (str(v.shape) if hasattr(v, "shape") and not hasattr(v, "indices")
                           else str(v.dense_shape.shape)) for k, v in sorted(parsed.items())},
            "types": {k: type(v).__name__ for k, v in sorted(parsed.items())}}


def _single_error_probes(tf):
    f32, i64, s = tf.float32, tf.int64, tf.string
    return [({"v": tf.FixedLenFeature([], s)}, _example(tf, v=[b"a", b"b"]),
             ("Key: v.  Can't parse serialized Example: Parsing bytes_list failed.",)),
            ({"v": tf.FixedLenFeature([2], i64)}, _example(tf, v=[1]),
             ("Key: v.  Can't parse serialized Example: Some int64_list slice was not parsed.",)),
            ({"v": tf.FixedLenFeature([], f32)}, _example(tf),
             ("Feature: v (data type: float) is required but could not be found.",)),
            ({"v": tf.VarLenFeature(s)}, _example(tf, v=[1.5]),
             ("Key: v.  Data types don't match. Expected type: string, Actual type: float",)),
            ({"v": tf.FixedLenFeature([], s)}, _example(tf, v=[3]),
             ("Key: v.  Data types don't match. Data type: int64 but expected type: string",)),
            ({"v": tf.FixedLenSequenceFeature([2], f32, allow_missing=True)}, _example(tf, v=[1.0, 2.0, 3.0]),
             ("Error while parsing feature with key v: number of elements should be divisible by 2, found 3",))]


def case_x_gd14_parse_single_example_errors(tf):
    ser = tf.placeholder(tf.string, [], name="ser")
    req = tf.parse_single_example(ser, {"need": tf.FixedLenFeature([], tf.int64)})
    shape2 = tf.parse_single_example(ser, {"v": tf.FixedLenFeature([2], tf.float32)})
    sess = tf.Session()
    return {
        "missing": message_has(lambda: sess.run(req, {ser: _example(tf)}),
                               "Feature: need (data type: int64) is required but could not be found."),
        "wrong_type": message_has(lambda: sess.run(req, {ser: _example(tf, need=[1.0])}),
                                  "Data types don't match", "Expected type: int64"),
        "wrong_len": message_has(lambda: sess.run(shape2, {ser: _example(tf, v=[1.0, 2.0, 3.0])}),
                                 "Key: v.", "Can't parse serialized Example"),
        "garbage": message_has(lambda: sess.run(req, {ser: b"\x0a\x05ab"}), "Could not parse example input"),
        "after": sess.run(req, {ser: _example(tf, need=[9])}),
        "more_single": [message_has(lambda: sess.run(tf.parse_single_example(ser, spec), {ser: data}), *fragments)
                        for spec, data, fragments in _single_error_probes(tf)],
        "batch_var_len_type": message_has(
            lambda: sess.run(tf.parse_example(tf.stack([ser, ser]), {"v": tf.VarLenFeature(tf.float32)}),
                             {ser: _example(tf, v=[1])}),
            "Name: <unknown>, Key: v, Index: 0.  Data types don't match. Expected type: float, Actual type: int64"),
        "bad_default": catch(tf.parse_single_example, ser, {"d": tf.FixedLenFeature([2], tf.int64, default_value=[1, 2, 3])}),
        "empty_spec": catch(tf.parse_single_example, ser, {}),
        "seq_no_missing": catch(tf.parse_single_example, ser, {"s": tf.FixedLenSequenceFeature([], tf.int64)}),
    }


def case_x_gd14_tfrecord_cut_at_each_part(tf):
    def body(d):
        path = os.path.join(d, "t.tfr")
        with tf.python_io.TFRecordWriter(path) as w:
            for r in (b"r1", b"r2"):
                w.write(r)
        full = open(path, "rb").read()  # 18 bytes a record
        sess = tf.Session()
        out = {}
        for cut in (0, 5, 11, 12, 17, 18, 23, 30, 35):
            p = write_file(d, "c%d.tfr" % cut, full[:cut])
            got = []
            try:
                for r in tf.python_io.tf_record_iterator(p):
                    got.append(r)
            except Exception as exc:  # the error is part of the result
                got.append(type(exc).__name__)
            value = tf.TFRecordReader().read(closed_queue_of(tf, sess, [p]))[1]
            read = []
            for _ in range(4):
                try:
                    read.append(sess.run(value))
                except tf.errors.OutOfRangeError:
                    break
                except tf.errors.OpError as exc:
                    read.append(type(exc).__name__)
                    break
            out[cut] = [got, read]
        return out
    return in_tmp(body)


def case_x_gd14_parse_example_build_errors_and_names(tf):
    ex = _example(tf, a=[1.0, 2.0], s=[b"x"])
    fixed = {"a": tf.FixedLenFeature([2], tf.float32)}
    return {
        "f64": message_has(lambda: tf.parse_single_example(ex, {"a": tf.FixedLenFeature([2], tf.float64)}),
                           "Value passed to parameter 'dense_defaults' has DataType float64 not in list of allowed values: float32, int64, string"),
        "varlen_int32": message_has(lambda: tf.parse_single_example(ex, {"a": tf.VarLenFeature(tf.int32)}),
                                    "Value passed to parameter 'sparse_types' has DataType int32"),
        "seq_int32": catch(tf.parse_example, [ex], {"a": tf.FixedLenSequenceFeature([], tf.int32, allow_missing=True)}),
        "default_scalar": message_has(lambda: tf.parse_single_example(ex, {"z": tf.FixedLenFeature([2], tf.float32, default_value=1.5)}),
                                      "Cannot reshape a tensor with 1 elements to shape [2] (2 elements)"),
        "default_long": message_has(lambda: tf.parse_example([ex], {"z": tf.FixedLenFeature([2], tf.int64, default_value=[1, 2, 3])}),
                                    "Cannot reshape a tensor with 3 elements to shape [2] (2 elements)"),
        "unknown_first_dim": message_has(lambda: tf.parse_single_example(ex, {"a": tf.FixedLenFeature([None], tf.float32)}),
                                         "First dimension of shape for feature a unknown. Consider using FixedLenSequenceFeature."),
        "not_a_feature": message_has(lambda: tf.parse_single_example(ex, {"a": "float"}), "Unsupported str float for key 'a'"),
        "vector_input": message_has(lambda: tf.parse_single_example([ex, ex], fixed), "Input serialized must be a scalar"),
        "int_input": message_has(lambda: tf.parse_single_example(tf.constant(1), fixed),
                                 "Input 'serialized' of 'ParseExampleV2' Op has type int32 that does not match expected type of string."),
        "names": [tf.parse_example([ex], fixed, name="pe")["a"].name, tf.parse_example([ex], fixed)["a"].name,
                  tf.parse_single_example(ex, fixed, name="one")["a"].name,
                  [t.name for t in (lambda sp: (sp.indices, sp.values, sp.dense_shape))(
                      tf.parse_single_example(ex, {"s": tf.VarLenFeature(tf.string)})["s"])]],
        "shape_2d": tf.Session().run(tf.parse_single_example(ex, {"a": tf.FixedLenFeature([1, 2], tf.float32)}))}


def case_x_gd14_parse_example_names_in_batch_errors(tf):
    good, bad = _example(tf, v=[1.0, 2.0]), _example(tf, v=[1])
    batch = tf.placeholder(tf.string, [None], name="batch")
    sess = tf.Session()
    out = {}
    for key, spec in (("fixed", {"v": tf.FixedLenFeature([2], tf.float32)}), ("varlen", {"v": tf.VarLenFeature(tf.float32)}),
                      ("missing", {"w": tf.FixedLenFeature([], tf.float32)})):
        named = tf.parse_example(batch, spec, example_names=["first", b"second"])
        plain = tf.parse_example(batch, spec)
        out[key] = [message_has(lambda t=t: sess.run(t, {batch: [good, bad]}), "Name: first,", "Name: second,", "Name: <unknown>,")
                    for t in (named, plain)]
    out["ok_after"] = sess.run(tf.parse_example(batch, {"v": tf.FixedLenFeature([2], tf.float32)},
                                                example_names=["a", "b"]), {batch: [good, good]})
    return out
