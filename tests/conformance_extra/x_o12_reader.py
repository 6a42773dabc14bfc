"""Second-pass variations of the public reader_input cases: every reader's state (serialize/restore,
num_records_produced, num_work_units_completed), readers fed by producers, batching options and
decode_csv arguments composed with the pipeline."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.
import os

from _casekit import closed_queue_of, drain_next, in_tmp, write_file
from _harness import catch


def case_every_reader_counters(tf):
    def run(d):
        text = write_file(d, "a.txt", b"l1\nl2\nl3\n")
        fixed = write_file(d, "b.bin", b"abcdef")
        rec = os.path.join(d, "c.tfrecord")
        with tf.python_io.TFRecordWriter(rec) as w:
            for r in (b"r1", b"r2"):
                w.write(r)
        sess = tf.Session()
        out = {}
        for k, reader, path in (("text", tf.TextLineReader(name="tl"), text),
                                ("fixed", tf.FixedLengthRecordReader(2, name="fl"), fixed),
                                ("whole", tf.WholeFileReader(name="wf"), text),
                                ("tfrecord", tf.TFRecordReader(name="tr"), rec),
                                ("identity", tf.IdentityReader(name="ir"), text)):
            q = closed_queue_of(tf, sess, [path, path])
            _, value = reader.read(q)
            got = [sess.run(value)]
            counts = sess.run([reader.num_records_produced(), reader.num_work_units_completed()])
            got += drain_next(tf, sess, value, 50)
            # basename: the identity reader's value is its work item, a path under the random tmp dir
            out[k] = {"first": os.path.basename(got[0]), "n": len(got), "counts_after_one": counts,
                      "counts_end": sess.run([reader.num_records_produced(), reader.num_work_units_completed()]),
                      "ref_type": reader.reader_ref.op.type, "name": reader.reader_ref.op.name,
                      "supports": reader.supports_serialize}
            sess.run(reader.reset())
            out[k]["after_reset"] = sess.run([reader.num_records_produced(), reader.num_work_units_completed()])
        return out
    return in_tmp(run)


def case_reader_serialize_restore_midfile(tf):
    def run(d):
        a = write_file(d, "a.txt", b"one\ntwo\n")
        sess = tf.Session()
        q = tf.FIFOQueue(10, tf.string, shapes=[[]])
        sess.run(q.enqueue_many([["w1", "w2", "w3", "w4"]]))
        reader = tf.IdentityReader()
        key, value = reader.read(q)
        first = sess.run([key, value])
        state = sess.run(reader.serialize_state())
        second = sess.run(value)
        sess.run(reader.restore_state(state))
        counts_restored = sess.run([reader.num_records_produced(), reader.num_work_units_completed()])
        again = sess.run([key, value])
        text = tf.TextLineReader()
        _, line = text.read(closed_queue_of(tf, sess, [a]))
        sess.run(line)
        return {"first": first, "second": second, "again_after_restore": again, "counts": counts_restored,
                "state_type": type(state).__name__, "state_nonempty": len(state) > 0,
                "bad_restore": catch(sess.run, reader.restore_state(b"garbage")),
                "text_serialize": catch(sess.run, text.serialize_state()),
                "text_restore": catch(sess.run, text.restore_state(b"\x00\x01")),
                # a failed restore resets the reader: its file is dropped and the closed queue is empty
                "text_after_failed_restore": catch(sess.run, line),
                "fixed_serialize": catch(sess.run, tf.FixedLengthRecordReader(3).serialize_state()),
                "end": sess.run([reader.num_records_produced(), reader.num_work_units_completed()])}
    return in_tmp(run)


def case_readers_from_string_input_producer_epochs(tf):
    def run(d):
        files = [write_file(d, "f%d.bin" % i, bytes(range(i * 4, i * 4 + 4))) for i in range(2)]
        fq = tf.train.string_input_producer(files, num_epochs=2, shuffle=False, name="files")
        reader = tf.FixedLengthRecordReader(record_bytes=2, hop_bytes=1)
        key, value = reader.read_up_to(fq, 2)
        sess = tf.Session()
        sess.run([tf.local_variables_initializer(), tf.global_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        got = drain_next(tf, sess, value, 50)
        coord.request_stop()
        coord.join(threads)
        return {"batches": [g.tolist() for g in got],
                "counts": sess.run([reader.num_records_produced(), reader.num_work_units_completed()]),
                "queue_name": fq.name, "runners": len(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)),
                "local_vars": [v.op.name for v in tf.local_variables()]}
    return in_tmp(run)


def case_text_reader_edge_inputs(tf):
    def run(d):
        only_newlines = write_file(d, "n.txt", b"\n\n")
        empty = write_file(d, "e.txt", b"")
        header_only = write_file(d, "h.txt", b"header\n")
        cr = write_file(d, "cr.txt", b"a\rb\r\nc")
        sess = tf.Session()
        key, value = tf.TextLineReader(skip_header_lines=1).read(closed_queue_of(tf, sess, [only_newlines, empty,
                                                                                       header_only, cr]))
        rows = drain_next(tf, sess, [key, value], 50)
        return [(os.path.basename(k.decode()), v) for k, v in rows]
    return in_tmp(run)


def case_decode_csv_arguments_more(tf):
    rec = tf.placeholder(tf.string, [None])
    sess = tf.Session()
    semi = tf.decode_csv(rec, [[0], [""], [0.0]], field_delim=";", use_quote_delim=False)
    nan = tf.decode_csv(rec, [[0.0], [tf.constant(0, tf.int64)]], na_value="NA")
    select = tf.decode_csv(rec, [[0], ["x"]], select_cols=[0, 2])
    return {
        "semi": sess.run(semi, {rec: ['1;"a";2.5', "3;b;"]}),
        "na": sess.run(nan, {rec: ["NA,NA", "1.5,7"]}),
        "select": sess.run(select, {rec: ["1,skip,z", "2,,y"]}),
        "select_unsorted": catch(tf.decode_csv, rec, [[0], [0]], select_cols=[2, 0]),
        "select_len": catch(tf.decode_csv, rec, [[0]], select_cols=[0, 1]),
        "bad_delim": catch(tf.decode_csv, rec, [[0]], field_delim=";;"),
        "bad_default_dtype": catch(tf.decode_csv, rec, [[True]]),
        "scalar_record": sess.run(tf.decode_csv(tf.constant("4,5"), [[0], [0]])),
        "matrix_records": sess.run(tf.decode_csv(tf.constant([["1,2"], ["3,4"]]), [[0], [0]])),
        "quoted_bad": catch(sess.run, tf.decode_csv(rec, [[""], [""]]), {rec: ['"a"b,c']}),
        "f64_default": sess.run(tf.decode_csv(rec, [[tf.constant(0.5, tf.float64)]]), {rec: ["1e300", "-0"]}),
        "empty_record": catch(sess.run, tf.decode_csv(rec, [[0.5]]), {rec: [""]}),
        "usable": sess.run(select, {rec: ["5,6,7"]}),
    }


def case_batch_join_and_maybe_batch(tf):
    a = tf.train.slice_input_producer([tf.constant([1, 2, 3])], num_epochs=1, shuffle=False)[0]
    b = tf.train.slice_input_producer([tf.constant([10, 20])], num_epochs=1, shuffle=False)[0]
    joined = tf.train.batch_join([[a], [b]], batch_size=2, allow_smaller_final_batch=True)
    keep = tf.train.slice_input_producer([tf.constant([1, 2, 3, 4]), tf.constant([True, False, True, True])],
                                         num_epochs=1, shuffle=False)
    maybe = tf.train.maybe_batch([keep[0]], keep[1], batch_size=2, allow_smaller_final_batch=True)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    j = drain_next(tf, sess, joined, 50)
    m = drain_next(tf, sess, maybe, 50)
    coord.request_stop()
    coord.join(threads)
    flat = lambda got: got[0] if isinstance(got, list) else got
    return {"joined_sorted": sorted(v for batch in j for v in flat(batch).tolist()),
            "maybe": [flat(x).tolist() for x in m], "static": str(flat(maybe).shape)}


def case_batch_arguments_and_names(tf):
    x = tf.constant([1.0, 2.0])
    d = {"x": x, "y": tf.constant(3)}
    batched = tf.train.batch(d, batch_size=3, capacity=5, num_threads=2, name="mybatch")
    dyn = tf.train.batch([tf.placeholder_with_default(tf.constant([1, 2]), [None])], batch_size=2,
                         dynamic_pad=True)
    return {
        "keys": sorted(batched.keys()), "shapes": {k: v.shape.as_list() for k, v in batched.items()},
        "dyn_shape": str(dyn[0].shape if isinstance(dyn, list) else dyn.shape),
        "unknown_shape": catch(tf.train.batch, [tf.placeholder(tf.float32)], batch_size=2),
        "enqueue_many_rank0": catch(tf.train.batch, [tf.constant(1.0)], batch_size=2, enqueue_many=True),
        "shuffle_min_after": catch(tf.train.shuffle_batch, [x], batch_size=2, capacity=4, min_after_dequeue=5),
        "queue_runner_names": sorted(qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS))[:2],
        "summary_names": sorted(s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES))[:2],
    }
