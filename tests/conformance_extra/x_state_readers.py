"""Extra reader/input-pipeline cases: reader ops, decode_csv, producers, batch, Coordinator."""
import os
import shutil
import tempfile
import threading

import numpy as np

from _casekit import closed_queue_of, drain_next, write_file
from _harness import catch, message_has


def case_reader_op_names_and_shapes(tf):
    r = tf.TextLineReader(name="lines")
    w = tf.WholeFileReader()
    f = tf.FixedLengthRecordReader(4)
    t = tf.TFRecordReader()
    q = tf.FIFOQueue(3, tf.string)
    k, v = r.read(q)
    ks, vs = r.read_up_to(q, 5)
    return {
        "reader_types": [x.reader_ref.op.type for x in (r, w, f, t)],
        "reader_names": [x.reader_ref.op.name for x in (r, w, f, t)],
        "ref_dtype": r.reader_ref.dtype.name,
        "read": [k.op.type, k.op.name, k.dtype.name, v.dtype.name, k.shape.as_list(), v.shape.as_list()],
        "read_up_to": [ks.op.type, ks.shape.as_list(), vs.shape.as_list()],
        "supports_serialize": r.supports_serialize,
        "misc": [r.num_records_produced().dtype.name, r.num_work_units_completed().op.type,
                 r.reset().type],
    }


def case_reader_counters_and_reset(tf):
    d = tempfile.mkdtemp()
    try:
        a = write_file(d, "a.txt", b"1\n2\n3\n")
        b = write_file(d, "b.txt", b"4\n")
        sess = tf.Session()
        r = tf.TextLineReader()
        q = closed_queue_of(tf, sess, [a, b])
        _, v = r.read(q)
        seq = [sess.run(v), sess.run(v)]
        counts = sess.run([r.num_records_produced(), r.num_work_units_completed()])
        rest = drain_next(tf, sess, v)
        counts2 = sess.run([r.num_records_produced(), r.num_work_units_completed()])
        sess.run(r.reset())
        counts3 = sess.run([r.num_records_produced(), r.num_work_units_completed()])
        return {"seq": seq, "counts": counts, "rest": rest, "counts2": counts2, "counts3": counts3}
    finally:
        shutil.rmtree(d)


def case_text_line_reader_skip_more_than_lines(tf):
    d = tempfile.mkdtemp()
    try:
        a = write_file(d, "a.txt", b"h1\nh2\n")
        b = write_file(d, "b.txt", b"h1\nh2\ndata\n")
        c = write_file(d, "c.txt", b"")
        sess = tf.Session()
        _, v = tf.TextLineReader(skip_header_lines=2).read(closed_queue_of(tf, sess, [a, c, b]))
        return drain_next(tf, sess, v)
    finally:
        shutil.rmtree(d)


def case_text_line_reader_missing_file(tf):
    d = tempfile.mkdtemp()
    try:
        a = write_file(d, "a.txt", b"x\n")
        sess = tf.Session()
        _, v = tf.TextLineReader().read(closed_queue_of(tf, sess, [os.path.join(d, "nope.txt"), a]))
        first = message_has(lambda: sess.run(v), "nope.txt", "No such file")
        return {"first": first, "second": catch(sess.run, v), "third": catch(sess.run, v)}
    finally:
        shutil.rmtree(d)


def case_read_up_to_text_and_fixed(tf):
    d = tempfile.mkdtemp()
    try:
        a = write_file(d, "a.bin", b"aabbccdd")
        b = write_file(d, "b.bin", b"eeff")
        sess = tf.Session()
        k, v = tf.FixedLengthRecordReader(record_bytes=2).read_up_to(closed_queue_of(tf, sess, [a, b]), 3)
        rows = drain_next(tf, sess, [k, v])
        return [([os.path.basename(x.decode()) for x in kk], vv) for kk, vv in rows]
    finally:
        shutil.rmtree(d)


def case_fixed_length_partial_record_and_hop(tf):
    d = tempfile.mkdtemp()
    try:
        a = write_file(d, "a.bin", b"abcdefg")
        sess = tf.Session()
        _, v = tf.FixedLengthRecordReader(record_bytes=3).read(closed_queue_of(tf, sess, [a]))
        trunc = drain_next(tf, sess, v)
        sess2 = tf.Session()
        _, v2 = tf.FixedLengthRecordReader(record_bytes=3, hop_bytes=2).read(closed_queue_of(tf, sess2, [a]))
        hop = drain_next(tf, sess2, v2)
        return {"trunc": trunc, "hop": hop}
    finally:
        shutil.rmtree(d)


def case_fixed_length_keys(tf):
    d = tempfile.mkdtemp()
    try:
        a = write_file(d, "a.bin", b"HHxxyyzz")
        sess = tf.Session()
        k, v = tf.FixedLengthRecordReader(record_bytes=2, header_bytes=2).read(closed_queue_of(tf, sess, [a]))
        return [(os.path.basename(kk.decode()), vv) for kk, vv in drain_next(tf, sess, [k, v])]
    finally:
        shutil.rmtree(d)


def case_tfrecord_keys_and_compression(tf):
    d = tempfile.mkdtemp()
    try:
        path = os.path.join(d, "plain.tfr")
        w = tf.python_io.TFRecordWriter(path)
        for r in (b"a", b"bb", b"ccc"):
            w.write(r)
        w.close()
        gz = os.path.join(d, "gz.tfr")
        opts = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
        with tf.python_io.TFRecordWriter(gz, options=opts) as w2:
            w2.write(b"zipped")
            w2.write(b"again")
        sess = tf.Session()
        k, v = tf.TFRecordReader().read(closed_queue_of(tf, sess, [path]))
        rows = drain_next(tf, sess, [k, v])
        sess2 = tf.Session()
        _, v2 = tf.TFRecordReader(options=opts).read(closed_queue_of(tf, sess2, [gz]))
        it = list(tf.python_io.tf_record_iterator(path))
        it_gz = list(tf.python_io.tf_record_iterator(gz, options=opts))
        return {"keys": [os.path.basename(kk.decode()) for kk, _ in rows], "values": [vv for _, vv in rows],
                "gz": drain_next(tf, sess2, v2), "iter": it, "iter_gz": it_gz,
                "size": os.path.getsize(path)}
    finally:
        shutil.rmtree(d)


def case_tf_record_iterator_errors(tf):
    d = tempfile.mkdtemp()
    try:
        bad = write_file(d, "bad.tfr", b"not a record file at all")
        missing = os.path.join(d, "missing.tfr")
        return {
            "bad": catch(lambda: list(tf.python_io.tf_record_iterator(bad))),
            "missing": catch(lambda: list(tf.python_io.tf_record_iterator(missing))),
            "empty": list(tf.python_io.tf_record_iterator(write_file(d, "e.tfr", b""))),
        }
    finally:
        shutil.rmtree(d)


def case_decode_csv_options(tf):
    rec = tf.constant(["a|1|2.5", "b||", '"c|d"|3|'])
    cols = tf.decode_csv(rec, [[""], [0], [0.0]], field_delim="|")
    rec2 = tf.constant(["1 2", "3 4"])
    cols2 = tf.decode_csv(rec2, [[0], [0]], field_delim=" ")
    rec3 = tf.constant(["x,y,z,w"])
    sel = tf.decode_csv(rec3, [["?"], ["?"]], select_cols=[1, 3])
    na = tf.decode_csv(tf.constant(["NA,1", "2,NA"]), [[9], [8]], na_value="NA")
    noq = tf.decode_csv(tf.constant(['"a",b']), [[""], [""]], use_quote_delim=False)
    sess = tf.Session()
    return sess.run({"cols": cols, "cols2": cols2, "sel": sel, "na": na, "noq": noq})


def case_decode_csv_types_and_shapes(tf):
    rec = tf.placeholder(tf.string, [2, None])
    cols = tf.decode_csv(rec, [[0.0], [np.float64(0)], [tf.constant(0, tf.int64)], ["s"], [0]])
    scalar_rec = tf.decode_csv("1,2", [[0], [0]])
    sess = tf.Session()
    out = sess.run(cols, {rec: [["1,2,3,a,5"], ["6,7.5,8,b,9"]]})
    return {"dtypes": [c.dtype.name for c in cols], "shapes": [c.shape.as_list() for c in cols],
            "out": out, "scalar": sess.run(scalar_rec), "scalar_shape": [c.shape.as_list() for c in scalar_rec],
            "names": [c.op.name for c in scalar_rec[:1]], "type": cols[0].op.type}


def case_decode_csv_more_errors(tf):
    rec = tf.placeholder(tf.string, [None])
    cols = tf.decode_csv(rec, [[0.0], [0]])
    sess = tf.Session()
    return {
        "bad_float": message_has(lambda: sess.run(cols, {rec: ["abc,1"]}), "Field 0 in record 0 is not a valid float"),
        "bad_int": message_has(lambda: sess.run(cols, {rec: ["1.0,1.5"]}), "Field 1 in record 0 is not a valid int32"),
        "count": message_has(lambda: sess.run(cols, {rec: ["1.0"]}), "Expect 2 fields but have 1 in record 0"),
        "quote": catch(sess.run, cols, {rec: ['"1.0,2']}),
        "bad_default": catch(tf.decode_csv, rec, [[[1, 2]]]),
        "bad_default_type": catch(tf.decode_csv, rec, [[True]]),
        "int_overflow": catch(sess.run, cols, {rec: ["1.0,99999999999"]}),
        "spaces": sess.run(cols, {rec: [" 1.5, 2"]}),
    }


def case_string_input_producer_epochs_and_errors(tf):
    q = tf.train.string_input_producer(["a", "b", "c"], num_epochs=2, shuffle=False)
    item = q.dequeue()
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    got = drain_next(tf, sess, item)
    coord.request_stop()
    coord.join(threads)
    return {
        "got": got, "qname": q.name, "shapes": [s.as_list() for s in q.shapes],
        "empty": catch(tf.train.string_input_producer, []),
        "empty_msg": message_has(lambda: tf.train.string_input_producer([]), "string_input_producer requires a non-null input tensor"),
        "locals": [v.name for v in tf.local_variables()],
        "runners": len(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)),
    }


def case_string_input_producer_shuffle_seeded(tf):
    q = tf.train.string_input_producer(["f%d" % i for i in range(6)], num_epochs=1, shuffle=True, seed=4)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    got = drain_next(tf, sess, q.dequeue())
    coord.request_stop()
    coord.join(threads)
    return sorted(got)


def case_range_input_producer(tf):
    q = tf.train.range_input_producer(4, num_epochs=1, shuffle=False)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    got = drain_next(tf, sess, q.dequeue())
    coord.request_stop()
    coord.join(threads)
    return {"got": got, "dtype": q.dtypes[0].name}


def case_batch_shapes_and_enqueue_many(tf):
    x = tf.constant([[1, 2], [3, 4], [5, 6]])
    y = tf.constant(["a", "b", "c"])
    b1 = tf.train.batch([x, y], batch_size=2, enqueue_many=True)
    single = tf.train.batch([tf.constant(1.0)], batch_size=3)
    d = tf.train.batch({"x": tf.constant([1, 2]), "y": tf.constant(3)}, batch_size=5)
    p = tf.placeholder(tf.float32, [None])
    dyn = tf.train.batch([p], batch_size=2, dynamic_pad=True)
    return {"b1": [t.shape.as_list() for t in b1], "single_type": isinstance(single, tf.Tensor),
            "single": single.shape.as_list(),
            "dict": {k: v.shape.as_list() for k, v in d.items()}, "dyn": dyn[0].shape.as_list(),
            "unknown": catch(tf.train.batch, [p], batch_size=2),
            "names": sorted(op.name for op in tf.get_default_graph().get_operations()
                            if op.type in ("FIFOQueueV2", "PaddingFIFOQueueV2"))}


def case_batch_run_values(tf):
    x = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])
    bx = tf.train.batch([x], batch_size=2, enqueue_many=True, capacity=10)
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    out = [sess.run(bx), sess.run(bx)]
    coord.request_stop()
    sess.close()
    coord.join(threads, ignore_live_threads=True)
    return {"out": out}


def case_batch_dynamic_pad_values(tf):
    rows = tf.train.slice_input_producer([tf.constant([1, 2, 3])], num_epochs=1, shuffle=False)[0]
    seq = tf.range(rows)
    b = tf.train.batch([seq], batch_size=3, dynamic_pad=True, allow_smaller_final_batch=True)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    out = drain_next(tf, sess, b)
    coord.request_stop()
    coord.join(threads)
    return {"out": out, "static": b.shape.as_list()}


def case_shuffle_batch_errors_and_shapes(tf):
    x = tf.constant([1.0, 2.0])
    b = tf.train.shuffle_batch([x], batch_size=4, capacity=10, min_after_dequeue=2)
    return {
        "shape": b.shape.as_list(),
        "queue_types": sorted(op.type for op in tf.get_default_graph().get_operations() if op.type.endswith("QueueV2")),
        "min_ge_cap": catch(tf.train.shuffle_batch, [x], batch_size=4, capacity=5, min_after_dequeue=5),
        "batch_join_shape": tf.train.batch_join([[x], [x * 2]], batch_size=3)[0].shape.as_list(),
    }


def case_coordinator_behaviour(tf):
    coord = tf.train.Coordinator()
    coord.request_stop()
    coord.request_stop(ValueError("ignored, already stopping"))
    first = coord.join([])
    coord.clear_stop()
    after_clear = coord.should_stop()
    c2 = tf.train.Coordinator()
    try:
        raise RuntimeError("boom")
    except RuntimeError as e:
        c2.request_stop(e)
    joined = catch(c2.join, [])
    c3 = tf.train.Coordinator()
    c3.request_stop(tf.errors.OutOfRangeError(None, None, "done"))
    oor = c3.join([])
    c4 = tf.train.Coordinator(clean_stop_exception_types=())
    try:
        raise tf.errors.OutOfRangeError(None, None, "done")
    except tf.errors.OutOfRangeError as e:
        c4.request_stop(e)
    oor_raises = catch(c4.join, [])
    c7 = tf.train.Coordinator()
    outside = catch(c7.request_stop, ValueError("not raised"))
    outside_join = catch(c7.join, [])
    c5 = tf.train.Coordinator()
    with c5.stop_on_exception():
        raise ValueError("inside")
    ctx = catch(c5.join, [])
    c6 = tf.train.Coordinator()
    waited = c6.wait_for_stop(0.01)
    return {"first": first, "after_clear": after_clear, "joined": joined, "oor": oor,
            "oor_raises": oor_raises, "ctx": ctx, "waited": waited, "c5_stop": c5.should_stop(),
            "joined_flag": c2.joined, "outside": outside, "outside_join": outside_join,
            "c7_stop": c7.should_stop()}


def case_coordinator_register_thread_and_grace(tf):
    coord = tf.train.Coordinator()
    ev = threading.Event()

    def worker():
        while not coord.should_stop():
            coord.wait_for_stop(0.01)
        ev.set()

    t = threading.Thread(target=worker)
    coord.register_thread(t)
    t.start()
    coord.request_stop()
    coord.join()
    return {"done": ev.is_set(), "alive": t.is_alive()}


def case_queue_runner_properties(tf):
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    enq = q.enqueue(tf.constant(1))
    qr = tf.train.QueueRunner(q, [enq, enq])
    return {
        "name": qr.name, "ops": len(qr.enqueue_ops), "close": qr.close_op.type,
        "cancel": qr.cancel_op.type, "queue": qr.queue is q,
        "exceptions": qr.exceptions_raised,
        "empty": catch(tf.train.QueueRunner, q, []),
        "none_q": catch(tf.train.QueueRunner, None, [enq]),
    }


def case_queue_runner_errors_reported(tf):
    source = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    target = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    p = tf.placeholder(tf.int32, [])
    qr = tf.train.QueueRunner(target, [target.enqueue(p)])
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = qr.create_threads(sess, coord=coord, start=True)
    joined = catch(coord.join, threads)
    return {"n": len(threads), "joined": joined, "raised": [type(e).__name__ for e in qr.exceptions_raised],
            "closed": sess.run(target.is_closed())}


def case_limit_epochs(tf):
    t = tf.constant([1, 2])
    lim = tf.train.limit_epochs(t, num_epochs=2)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    return {"vals": [sess.run(lim), sess.run(lim)], "third": catch(sess.run, lim),
            "zero": catch(tf.train.limit_epochs, t, num_epochs=0), "none_is_same": tf.train.limit_epochs(t) is t,
            "locals": [v.name for v in tf.local_variables()]}
