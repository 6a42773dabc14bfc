"""Third pass of variations on the public reader_input cases: readers meeting odd files (a directory, a
truncated record, a corrupted length), read_up_to's counters, decode_csv's other options, batching
strings with dynamic_pad, producers fed through placeholders, and the Coordinator's context manager."""
import os
import zlib

import numpy as np

from _casekit import closed_queue_of, drain_next, in_tmp, write_file
from _harness import catch


def case_whole_file_reader_directory_and_missing(tf):
    def body(d):
        os.mkdir(os.path.join(d, "sub"))
        good = write_file(d, "ok.txt", b"fine")
        sess = tf.Session()
        reader = tf.WholeFileReader()
        key, value = reader.read(closed_queue_of(tf, sess, [good, os.path.join(d, "sub"), os.path.join(d, "nope")]))
        first = os.path.basename(sess.run(key).decode()), sess.run(reader.num_records_produced())
        rest = [catch(sess.run, value) for _ in range(3)]
        return {"first": first, "rest": rest, "produced": sess.run(reader.num_records_produced()),
                "completed": sess.run(reader.num_work_units_completed())}
    return in_tmp(body)


def case_tfrecord_truncated_and_bad_length_crc(tf):
    def body(d):
        path = os.path.join(d, "r.tfrecord")
        with tf.python_io.TFRecordWriter(path) as writer:
            for record in (b"alpha", b"beta"):
                writer.write(record)
        data = open(path, "rb").read()
        truncated = write_file(d, "t.tfrecord", data[:-3])
        bad_length = bytearray(data)
        bad_length[8] ^= 0x01  # the first record's length CRC
        bad = write_file(d, "b.tfrecord", bytes(bad_length))
        sess = tf.Session()
        _, value = tf.TFRecordReader().read(closed_queue_of(tf, sess, [truncated]))
        _, bad_value = tf.TFRecordReader().read(closed_queue_of(tf, sess, [bad]))
        return {"truncated": [catch(sess.run, value) for _ in range(3)],
                "bad_length": [catch(sess.run, bad_value) for _ in range(2)],
                "iterator": catch(lambda: list(tf.python_io.tf_record_iterator(truncated)))}
    return in_tmp(body)


def case_tfrecord_reader_zlib_options_and_mismatch(tf):
    def body(d):
        path = os.path.join(d, "z.tfrecord")
        options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.ZLIB)
        with tf.python_io.TFRecordWriter(path, options) as writer:
            for record in (b"one", b"", b"three" * 20):
                writer.write(record)
        sess = tf.Session()
        _, value = tf.TFRecordReader(options=options).read(closed_queue_of(tf, sess, [path]))
        _, plain = tf.TFRecordReader().read(closed_queue_of(tf, sess, [path]))
        raw = open(path, "rb").read()
        return {"values": drain_next(tf, sess, value), "plain": catch(sess.run, plain),
                "is_zlib_stream": zlib.decompress(raw)[:8] == (3).to_bytes(8, "little")}
    return in_tmp(body)


def case_read_up_to_counters_and_fixed_length(tf):
    def body(d):
        a = write_file(d, "a.bin", b"H" + b"0123456789" + b"F")
        b = write_file(d, "b.bin", b"H" + b"abcd" + b"F")
        sess = tf.Session()
        reader = tf.FixedLengthRecordReader(record_bytes=2, header_bytes=1, footer_bytes=1)
        keys, values = reader.read_up_to(closed_queue_of(tf, sess, [a, b]), 4)
        batches = []
        for got in drain_next(tf, sess, [keys, values]):
            batches.append(([os.path.basename(k.decode()) for k in got[0]], got[1].tolist(),
                            sess.run([reader.num_records_produced(), reader.num_work_units_completed()])))
        return {"batches": batches, "shapes": [keys.shape.as_list(), values.shape.as_list()],
                "num_records_name": reader.num_records_produced().op.type}
    return in_tmp(body)


def case_decode_csv_tab_quotes_na_and_select(tf):
    rows = tf.constant(['1\t"a\tb"\tNA\t9', '2\tplain\t3.5\tNA', 'NA\tx\t\t4'])
    cols = tf.decode_csv(rows, record_defaults=[[0], [""], [-1.0], [0]], field_delim="\t", na_value="NA")
    picked = tf.decode_csv(tf.constant(["10,20,30,40", "11,21,31,41"]), record_defaults=[[0], [0.0]],
                           select_cols=[1, 3])
    unquoted = tf.decode_csv(tf.constant(['"x",y']), record_defaults=[[""], [""]], use_quote_delim=False)
    sess = tf.Session()
    return {"cols": sess.run(cols), "picked": sess.run(picked), "unquoted": sess.run(unquoted),
            "select_unsorted": catch(tf.decode_csv, tf.constant(["1,2"]), [[0], [0]], select_cols=[1, 0]),
            "select_len": catch(tf.decode_csv, tf.constant(["1,2"]), [[0], [0]], select_cols=[0]),
            "delim_long": catch(lambda: sess.run(tf.decode_csv(tf.constant(["1,2"]), [[0], [0]], field_delim="ab")))}


def case_batch_dynamic_pad_strings_and_smaller_final(tf):
    words = tf.constant(["a", "bb", "ccc", "dddd", "e"])
    item = tf.train.slice_input_producer([words], num_epochs=1, shuffle=False)[0]
    chars = tf.string_split([item], delimiter="").values
    batch, sizes = tf.train.batch([chars, tf.size(chars)], batch_size=2, dynamic_pad=True,
                                  allow_smaller_final_batch=True)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    got = drain_next(tf, sess, [batch, sizes])
    coord.request_stop()
    coord.join(threads)
    return {"batches": [(b.tolist(), s.tolist()) for b, s in got], "static": batch.shape.as_list(),
            "dtype": batch.dtype.name}


def case_string_input_producer_placeholder_and_errors(tf):
    names = tf.placeholder(tf.string, [None])
    fq = tf.train.string_input_producer(names, num_epochs=2, shuffle=False, capacity=4, name="files")
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    return {"queue_name": fq.name, "size_type": fq.size().op.type,
            "empty_list": catch(tf.train.string_input_producer, []),
            "not_strings": catch(tf.train.string_input_producer, tf.constant([1, 2])),
            "collection": [type(qr).__name__ for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)],
            "epochs_var": sorted(v.op.name for v in tf.local_variables())}


def case_coordinator_stop_on_exception_and_clear(tf):
    coord = tf.train.Coordinator()
    with coord.stop_on_exception():
        raise tf.errors.OutOfRangeError(None, None, "done reading")
    after_out_of_range = coord.should_stop()
    coord.clear_stop()
    cleared = coord.should_stop()
    with coord.stop_on_exception():
        raise ValueError("bad worker")
    caught = catch(coord.raise_requested_exception)
    twice = catch(coord.join, [])
    plain = tf.train.Coordinator(clean_stop_exception_types=[])
    with plain.stop_on_exception():
        raise tf.errors.OutOfRangeError(None, None, "counts now")
    return {"after_out_of_range": after_out_of_range, "cleared": cleared, "raised": caught, "join": twice,
            "plain_join": catch(plain.join, []), "stop_requested": plain.should_stop()}


def case_text_line_reader_counters_over_epochs(tf):
    def body(d):
        a = write_file(d, "a.txt", b"x1\nx2\n")
        b = write_file(d, "b.txt", b"")
        fq = tf.train.string_input_producer([a, b], num_epochs=2, shuffle=False)
        reader = tf.TextLineReader()
        key, value = reader.read(fq)
        sess = tf.Session()
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        rows = [(os.path.basename(k.decode()), v) for k, v in drain_next(tf, sess, [key, value])]
        counters = sess.run([reader.num_records_produced(), reader.num_work_units_completed()])
        coord.request_stop()
        coord.join(threads)
        sess.run(reader.reset())
        return {"rows": rows, "counters": counters,
                "after_reset": sess.run([reader.num_records_produced(), reader.num_work_units_completed()])}
    return in_tmp(body)


def case_input_producer_element_shape_and_limit_epochs(tf):
    rows = tf.placeholder(tf.float32, [None, 2])
    q = tf.train.input_producer(rows, element_shape=[2], num_epochs=1, shuffle=False)
    limited = tf.train.limit_epochs(tf.constant([1, 2]), num_epochs=2)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    limits = drain_next(tf, sess, limited)
    return {"dequeue_shape": q.dequeue().shape.as_list(), "limits": [x.tolist() for x in limits],
            "bad_shape": catch(tf.train.input_producer, tf.constant([[1.0, 2.0]]), element_shape=[3]),
            "zero_epochs": catch(tf.train.limit_epochs, tf.constant([1]), num_epochs=0),
            "values_np": np.float32(1.5)}


def case_queue_runner_proto_roundtrip_and_meta_graph(tf):
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]], name="work")
    enqueue = q.enqueue(tf.constant(7) * 6)
    q.dequeue_many(3, name="take")
    qr = tf.train.QueueRunner(q, [enqueue], close_op=q.close(), cancel_op=q.close(cancel_pending_enqueues=True),
                              queue_closed_exception_types=(tf.errors.OutOfRangeError,))
    proto = qr.to_proto()
    back = tf.train.QueueRunner.from_proto(proto)
    tf.train.add_queue_runner(qr)
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta)
        imported = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        got = sorted(sess.run("take:0").tolist())
        coord.request_stop()
        sess.run(imported[0].cancel_op)
        coord.join(threads, stop_grace_period_secs=5)
    return {"proto": [proto.queue_name, list(proto.enqueue_op_name), proto.close_op_name, proto.cancel_op_name,
                      list(proto.queue_closed_exception_types)],
            "back": [back.queue.name, [op.name for op in back.enqueue_ops], back.close_op.name,
                     [c.__name__ for c in back.queue_closed_exception_types]],
            "imported": [type(r).__name__ for r in imported], "imported_queue": imported[0].queue.name,
            "got": got, "meta_runners": len(meta.collection_def["queue_runners"].bytes_list.value)}


def case_shuffle_batch_join_and_maybe_batch(tf):
    a = tf.train.slice_input_producer([tf.constant([1, 2, 3])], num_epochs=1, shuffle=False)[0]
    b = tf.train.slice_input_producer([tf.constant([10, 20, 30])], num_epochs=1, shuffle=False)[0]
    joined = tf.train.shuffle_batch_join([[a], [b]], batch_size=2, capacity=10, min_after_dequeue=1, seed=7,
                                         allow_smaller_final_batch=True)
    keep = tf.constant([True, False, True, True])
    values = tf.constant([5, 6, 7, 8])
    maybe = tf.train.maybe_batch([values], keep, batch_size=2, enqueue_many=True)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    items = sorted(x for batch in drain_next(tf, sess, joined) for x in batch.tolist())
    kept = sess.run(maybe)
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=5)
    return {"joined": items, "joined_shape": joined.shape.as_list(), "kept": kept.tolist(),
            "maybe_shape": maybe.shape.as_list(),
            "keep_rank": catch(tf.train.maybe_batch, [values], tf.constant([[True]]), 2, enqueue_many=True)}


def _example(tf, ids, label):
    feature = {"ids": tf.train.Feature(int64_list=tf.train.Int64List(value=ids)),
               "label": tf.train.Feature(float_list=tf.train.FloatList(value=[label]))}
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def case_batch_sparse_var_len_features(tf):
    records = tf.constant([_example(tf, ids, float(i)) for i, ids in enumerate([[3, 1], [], [7, 8, 9], [4]])])
    record = tf.train.slice_input_producer([records], num_epochs=1, shuffle=False)[0]
    parsed = tf.parse_single_example(record, {"ids": tf.VarLenFeature(tf.int64),
                                              "label": tf.FixedLenFeature([], tf.float32)})
    ids, label = tf.train.batch([parsed["ids"], parsed["label"]], batch_size=3, allow_smaller_final_batch=True)
    dense = tf.sparse_tensor_to_dense(ids, default_value=-1)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    got = drain_next(tf, sess, [ids, label, dense])
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=5)
    return {"batches": got, "types": [type(ids).__name__, ids.dtype.name],
            "static": [ids.indices.shape.as_list(), ids.dense_shape.shape.as_list(), label.shape.as_list()],
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()
                           if "SparseToTensorsMap" in op.type or "FromTensorsMap" in op.type})}


def case_batch_sparse_enqueue_many_and_dict(tf):
    sp = tf.SparseTensor(indices=[[0, 0], [0, 2], [1, 1], [3, 0]], values=[1.0, 2.0, 3.0, 4.0], dense_shape=[4, 3])
    rows = tf.constant([10, 11, 12, 13])
    out = tf.train.batch({"sp": sp, "row": rows}, batch_size=4, capacity=8, enqueue_many=True)
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    sp_value, row_value = sess.run([out["sp"], out["row"]])
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=5)
    dense = np.zeros(sp_value.dense_shape, np.float32)
    dense[tuple(sp_value.indices.T)] = sp_value.values
    by_row = {int(r): dense[i].tolist() for i, r in enumerate(row_value)}
    return {"by_row": by_row, "shape": sp_value.dense_shape.tolist(), "keys": sorted(out),
            "rank": out["sp"].indices.shape.as_list()}


def case_maybe_batch_and_join_with_sparse(tf):
    sp = tf.SparseTensor(indices=[[0, 1], [2, 0], [2, 2]], values=[5, 6, 7], dense_shape=[3, 4])
    keep = tf.constant([True, False, True])
    kept = tf.train.maybe_batch([sp], keep, batch_size=2, enqueue_many=True)
    a = tf.SparseTensor(indices=[[1]], values=["a"], dense_shape=[2])
    b = tf.SparseTensor(indices=[[0], [2]], values=["b", "c"], dense_shape=[3])
    joined = tf.train.batch_join([[a], [b]], batch_size=2)
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    k = sess.run(kept)
    j = sess.run(joined)
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=5)
    mismatch = catch(tf.train.batch_join, [[a, tf.constant(1)], [tf.constant(2), b]], batch_size=2)
    return {"kept": k, "joined_rows": int(j.dense_shape[0]), "joined_rank": j.indices.shape[1],
            "joined_dtype": joined.dtype.name, "mismatch": mismatch}
