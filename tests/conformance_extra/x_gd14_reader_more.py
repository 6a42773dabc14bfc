"""Round-14 variations of reader_input, second file: FixedLengthRecordReader over compressed
files, IdentityReader, match_filenames_once feeding a producer, read_file/write_file, tf.gfile
beside the readers, decode_csv select_cols and its errors, and summary_iterator over a damaged
event file."""
import gzip
import os
import zlib

import numpy as np

from _casekit import closed_queue_of, drain_next, in_tmp, write_file
from _harness import catch, message_has


def case_x_gd14_fixed_length_reader_compressed(tf):
    def body(d):
        data = b"HH" + b"abcdefgh" + b"F"
        gz = write_file(d, "a.gz", gzip.compress(data))
        zl = write_file(d, "a.zl", zlib.compress(data))
        sess = tf.Session()
        out = {}
        for name, path, enc in (("gzip", gz, "GZIP"), ("zlib", zl, "ZLIB")):
            r = tf.FixedLengthRecordReader(4, header_bytes=2, footer_bytes=1, encoding=enc)
            k, v = r.read(closed_queue_of(tf, sess, [path]))
            out[name] = [(os.path.basename(kk.decode()), vv) for kk, vv in drain_next(tf, sess, [k, v])]
        hop = tf.FixedLengthRecordReader(4, header_bytes=2, footer_bytes=1, hop_bytes=2, encoding="GZIP")
        out["hop_gzip"] = drain_next(tf, sess, hop.read(closed_queue_of(tf, sess, [gz]))[1])
        plain = tf.FixedLengthRecordReader(4, encoding="GZIP")
        out["plain_as_gzip"] = catch(sess.run, plain.read(closed_queue_of(tf, sess, [write_file(d, "p", data)]))[1])
        return out
    return in_tmp(body)


def case_x_gd14_identity_reader_and_read_up_to(tf):
    sess = tf.Session()
    r = tf.IdentityReader(name="ident")
    q = tf.FIFOQueue(10, tf.string, shapes=[[]])
    sess.run(q.enqueue_many([["w1", "w2", "w3", "w4", "w5"]]))
    sess.run(q.close())
    k, v = r.read(q)
    first = sess.run([k, v])
    ks, vs = r.read_up_to(q, 3)
    rest = drain_next(tf, sess, [ks, vs])
    return {"first": first, "rest": [(a.tolist(), b.tolist()) for a, b in rest],
            "produced": sess.run(r.num_records_produced()),
            "completed": sess.run(r.num_work_units_completed()),
            "ops": [r.reader_ref.op.type, k.op.type, ks.op.type], "state": r.supports_serialize}


def case_x_gd14_match_filenames_once_into_producer(tf):
    def body(d):
        for name, text in (("b.csv", b"3,4\n"), ("a.csv", b"1,2\n"), ("c.txt", b"9,9\n")):
            write_file(d, name, text)
        pattern = os.path.join(d, "*.csv")
        files = tf.train.match_filenames_once(pattern, name="csv_files")
        fq = tf.train.string_input_producer(files, num_epochs=1, shuffle=False)
        _, line = tf.TextLineReader().read(fq)
        a, b = tf.decode_csv(line, [[0], [0]])
        sess = tf.Session()
        before = catch(sess.run, files)
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        rows = drain_next(tf, sess, [a, b])
        coord.request_stop()
        coord.join(threads)
        none = tf.train.match_filenames_once(os.path.join(d, "*.nothing"))
        sess.run(tf.variables_initializer([none]) if hasattr(none, "initializer") else tf.local_variables_initializer())
        return {"before_init": before, "matched": [os.path.basename(f.decode()) for f in sess.run(files)],
                "rows": rows, "local": sorted(v.op.name for v in tf.local_variables()),
                "none_matched": sess.run(none).tolist(), "files_type": type(files).__name__}
    return in_tmp(body)


def case_x_gd14_read_file_write_file_and_gfile(tf):
    def body(d):
        path = tf.placeholder(tf.string, [], name="path")
        data = tf.placeholder(tf.string, [], name="data")
        w = tf.write_file(path, data)
        r = tf.read_file(path)
        sess = tf.Session()
        nested = os.path.join(d, "new", "deep", "f.bin")
        out = {"write_nested": catch(sess.run, w, {path: nested, data: b"\x00abc"}),
               "read_back": catch(sess.run, r, {path: nested}),
               "write_op": [w.type, w.name, r.op.type, r.dtype.name]}
        sess.run(w, {path: nested, data: b"second"})
        out["overwritten"] = sess.run(r, {path: nested})
        out["read_dir"] = catch(sess.run, r, {path: d})
        out["gfile"] = {"exists": [tf.gfile.Exists(nested), tf.gfile.Exists(nested + "x")],
                        "isdir": tf.gfile.IsDirectory(os.path.join(d, "new")),
                        "glob": [os.path.basename(p) for p in tf.gfile.Glob(os.path.join(d, "new", "deep", "*"))],
                        "listdir": sorted(tf.gfile.ListDirectory(os.path.join(d, "new"))),
                        "text": tf.gfile.GFile(nested).read(),
                        "binary": tf.gfile.GFile(nested, "rb").read(),
                        "size": tf.gfile.Stat(nested).length,
                        "missing_open": catch(lambda: tf.gfile.GFile(nested + "x").read()),
                        "remove_missing": catch(tf.gfile.Remove, nested + "x")}
        tf.gfile.Rename(nested, nested + ".moved")
        out["after_rename"] = sorted(os.listdir(os.path.dirname(nested)))
        out["rename_onto_existing"] = catch(tf.gfile.Rename, nested + ".moved", nested + ".moved")
        return out
    return in_tmp(body)


def case_x_gd14_decode_csv_select_cols_and_int32_float64(tf):
    rec = tf.placeholder(tf.string, [None])
    picked = tf.decode_csv(rec, [[np.int32(0)], [np.float64(0.5)]], select_cols=[1, 3])
    sess = tf.Session()
    return {"picked": sess.run(picked, {rec: ["a,1,b,2.25", "c,,d,"]}),
            "dtypes": [t.dtype.name for t in picked],
            "short": message_has(lambda: sess.run(picked, {rec: ["a,1"]}), "Expect 2 fields but have 2 in record"),
            "not_increasing": catch(tf.decode_csv, rec, [[0], [0]], select_cols=[2, 1]),
            "negative": catch(tf.decode_csv, rec, [[0], [0]], select_cols=[-1, 1]),
            "count_mismatch": catch(tf.decode_csv, rec, [[0]], select_cols=[0, 1]),
            "int32_overflow": message_has(lambda: sess.run(picked, {rec: ["a,99999999999,b,1"]}),
                                          "Field 1 in record 0 is not a valid int32: 99999999999"),
            "after": sess.run(picked, {rec: ["x,7,y,8"]})}


def case_x_gd14_summary_iterator_damaged_file(tf):
    def body(d):
        w = tf.summary.FileWriter(d)
        for step in range(3):
            w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="t", simple_value=float(step))]), step)
        w.close()
        name = os.path.join(d, os.listdir(d)[0])
        raw = open(name, "rb").read()
        cut = write_file(d, "cut", raw[:-3])
        flipped = bytearray(raw)
        flipped[-6] ^= 0x10
        bad = write_file(d, "bad", bytes(flipped))

        def collect(path):
            got = []
            try:
                for e in tf.train.summary_iterator(path):
                    got.append(e.step)
            except Exception as exc:  # the error is part of the result
                got.append(type(exc).__name__)
            return got
        return {"cut": collect(cut), "flipped": collect(bad), "whole": collect(name),
                "missing": collect(os.path.join(d, "nothing")), "dir": collect(d)}
    return in_tmp(body)


def case_x_gd14_decode_csv_build_and_quote_errors(tf):
    rec = tf.placeholder(tf.string, [None], name="rec")
    cols = tf.decode_csv(rec, [[""], [0]], name="pair")
    sess = tf.Session()
    return {"no_defaults": message_has(lambda: tf.decode_csv(rec, []),
                                       "Attr 'OUT_TYPE' of 'DecodeCSV' Op passed list of length 0 less than minimum 1."),
            "int_records": message_has(lambda: tf.decode_csv(tf.constant([1]), [[0]]),
                                       "Input 'records' of 'DecodeCSV' Op has type int32 that does not match expected type of string."),
            "quote_inside": message_has(lambda: sess.run(cols, {rec: ['"ab"c,1']}),
                                        "Quote inside a string has to be escaped by another quote"),
            "unclosed": message_has(lambda: sess.run(cols, {rec: ['"abc,1']}),
                                    "Quoted field has to end with quote followed by delim or end"),
            "quote_in_unquoted": message_has(lambda: sess.run(cols, {rec: ['a"b,1']}),
                                             "Unquoted fields cannot have quotes/CRLFs inside"),
            "hex_int": message_has(lambda: sess.run(cols, {rec: ["x,0x10"]}), "Field 1 in record 0 is not a valid int32: 0x10"),
            "escaped_quote_ok": sess.run(cols, {rec: ['"a""b",2', '"",3']}),
            "empty_record": message_has(lambda: sess.run(tf.decode_csv(rec, [["z"]]), {rec: [""]}),
                                        "Expect 1 fields but have 0 in record 0")}


def case_x_gd14_reader_queue_argument_and_raw_bfloat16(tf):
    q = tf.FIFOQueue(2, tf.string, shapes=[[]])
    ok = tf.TextLineReader().read(q.queue_ref)
    sess = tf.Session()
    bf = tf.decode_raw(tf.constant([b"\x80\x3f\x00\x40", b"\x00\xc0\x80\x3f"]), tf.bfloat16)
    bf_be = tf.decode_raw(tf.constant([b"\x3f\x80"]), tf.bfloat16, little_endian=False)
    return {"handle_ok": [t.op.type for t in ok],
            "string_tensor": message_has(lambda: tf.TextLineReader().read(tf.constant("f.txt")),
                                         "Input 'queue_handle' of 'ReaderReadV2' Op has type string that does not match expected type of resource."),
            "up_to_string_tensor": catch(tf.WholeFileReader().read_up_to, tf.constant("f.txt"), 2),
            "bf16": [bf.dtype.name, sess.run(tf.cast(bf, tf.float32)).tolist(), sess.run(tf.cast(bf_be, tf.float32)).tolist()],
            "uint32": message_has(lambda: tf.decode_raw(tf.constant(["abcd"]), tf.uint32),
                                  "not in list of allowed values: float16, float32, float64, int32, uint16, uint8, int16, int8, int64, complex64, complex128, bool, bfloat16"),
            "batch_unknown_rank": message_has(lambda: tf.train.batch([tf.placeholder(tf.float32, name="loose")], 2),
                                              'Cannot infer Tensor\'s rank: Tensor("loose:0", dtype=float32)')}
