"""Third-pass variations of the public queue_ops cases: constructor arguments, names, dtypes,
queue kinds and error paths the x_state_queues and x_o12_queue passes left out."""
import threading

from _harness import catch, message_has


def case_fifo_names_shapes_and_dict_components(tf):
    q = tf.FIFOQueue(3, [tf.int32, tf.string], shapes=[[], [2]], names=["n", "s"], name="named_q")
    enq = q.enqueue({"n": 4, "s": ["a", "b"]})
    d = q.dequeue()
    sess = tf.Session()
    sess.run(enq)
    return {
        "value": sess.run(d), "keys": sorted(d.keys()),
        "names": q.names, "queue_name": q.name, "op_type": q.queue_ref.op.type,
        "enq_name": enq.name, "deq_type": d["n"].op.type,
        "missing_key": catch(q.enqueue, {"n": 1}),
        "tuple_with_names": catch(q.enqueue, (1, ["a", "b"])),
        "shared_name": tf.FIFOQueue(1, tf.int32, shared_name="shq").queue_ref.op.get_attr("shared_name"),
    }


def case_enqueue_many_dequeue_many_zero_and_scalars(tf):
    q = tf.FIFOQueue(10, tf.float32, shapes=[[2]])
    sess = tf.Session()
    sess.run(q.enqueue_many([[[1.0, 2.0], [3.0, 4.0]]]))
    zero = q.dequeue_many(0)
    n = tf.placeholder(tf.int32, [])
    dyn = q.dequeue_many(n)
    return {
        "zero": sess.run(zero).shape, "size_after_zero": sess.run(q.size()),
        "dyn_shape": dyn.shape.as_list(), "dyn": sess.run(dyn, {n: 1}),
        "scalar_enqueue_many": catch(tf.FIFOQueue(2, tf.int32, shapes=[[]]).enqueue_many, 5),
        "enqueue_many_bad_rank": catch(q.enqueue_many, [[1.0, 2.0]]),
        "enqueue_many_empty": (sess.run(q.enqueue_many([tf.zeros([0, 2])])), sess.run(q.size()))[1],
        "negative": catch(sess.run, dyn, {n: -1}),
        "rest": sess.run(q.dequeue()),
    }


def case_dequeue_up_to_partial_and_tuples_after_close(tf):
    q = tf.FIFOQueue(10, [tf.int32, tf.string], shapes=[[], []])
    sess = tf.Session()
    sess.run(q.enqueue_many(([1, 2, 3], ["a", "b", "c"])))
    sess.run(q.close())
    up = q.dequeue_up_to(2)
    return {"shapes": [t.shape.as_list() for t in up], "first": sess.run(up), "second": sess.run(up),
            "third": catch(sess.run, up), "size": sess.run(q.size())}


def case_size_is_closed_names_and_types(tf):
    q = tf.PaddingFIFOQueue(4, [tf.int64], shapes=[[None]], name="pq")
    size = q.size(name="sz")
    closed = q.is_closed(name="ic")
    sess = tf.Session()
    sess.run(q.enqueue([[1, 2, 3]]))
    return {"size": sess.run(size), "closed": sess.run(closed), "names": [size.name, closed.name],
            "dtypes": [size.dtype.name, closed.dtype.name], "types": [size.op.type, closed.op.type],
            "close_name": q.close(name="shut").name, "close_type": q.close().type,
            "dtype_prop": [d.name for d in q.dtypes], "shapes_prop": [s.as_list() for s in q.shapes]}


def case_closed_queue_errors_messages(tf):
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]], name="closed_q")
    sess = tf.Session()
    sess.run(q.enqueue(1))
    sess.run(q.close())
    return {
        "enqueue_many": catch(sess.run, q.enqueue_many([[2, 3]])),
        "enqueue_msg": message_has(lambda: sess.run(q.enqueue(9)), "is closed", "closed_q"),
        "dequeue_ok": sess.run(q.dequeue()),
        "dequeue_msg": message_has(lambda: sess.run(q.dequeue()), "is closed and has insufficient elements",
                                   "closed_q"),
        "many_msg": message_has(lambda: sess.run(q.dequeue_many(2)), "requested 2, current size 0"),
        "still_closed": sess.run(q.is_closed()),
    }


def case_timeouts_on_enqueue_full_and_many(tf):
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2]]))
    opts = tf.RunOptions(timeout_in_ms=50)
    full = catch(sess.run, q.enqueue(3), options=opts)
    many = catch(sess.run, q.enqueue_many([[4, 5]]), options=opts)
    got = sess.run(q.dequeue_many(2))
    return {"full": full, "many": many, "got": got, "size": sess.run(q.size()),
            "config_timeout": catch(tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=50)).run,
                                    tf.FIFOQueue(1, tf.int32, shapes=[[]]).dequeue())}


def case_close_without_cancel_lets_pending_enqueue_finish(tf):
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue(1))
    result = {}

    def producer():
        result["pending"] = catch(sess.run, q.enqueue(2))

    t = threading.Thread(target=producer)
    t.start()
    t.join(0.2)
    sess.run(q.close())
    result["first"] = sess.run(q.dequeue())
    t.join()
    result["second"] = catch(sess.run, q.dequeue())
    result["third"] = catch(sess.run, q.dequeue())
    return result


def case_consumer_threads_split_work(tf):
    q = tf.FIFOQueue(20, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many([list(range(20))]))
    sess.run(q.close())
    deq = q.dequeue()
    seen = [[], []]

    def consumer(k):
        while True:
            try:
                seen[k].append(int(sess.run(deq)))
            except tf.errors.OutOfRangeError:
                return

    threads = [threading.Thread(target=consumer, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"all": sorted(seen[0] + seen[1]), "each_ascending": [s == sorted(s) for s in seen]}


def case_queue_runner_fills_queue(tf):
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    counter = tf.Variable(0)
    enq = q.enqueue(tf.assign_add(counter, 1) * 1)  # a copy: TF queues alias a ref variable's buffer
    qr = tf.train.QueueRunner(q, [enq])
    sess = tf.Session()
    sess.run(counter.initializer)
    coord = tf.train.Coordinator()
    threads = qr.create_threads(sess, coord=coord, start=True)
    got = sess.run(q.dequeue_many(5))
    coord.request_stop()
    sess.run(q.close(cancel_pending_enqueues=True))
    coord.join(threads)
    return {"ascending": got.tolist() == sorted(got.tolist()), "count": len(got),
            "first": int(got[0]), "threads": len(threads)}


def case_padding_queue_dequeue_up_to_and_errors(tf):
    q = tf.PaddingFIFOQueue(10, [tf.float32, tf.int32], shapes=[[None, None], []])
    sess = tf.Session()
    sess.run(q.enqueue(([[1.0]], 1)))
    sess.run(q.enqueue(([[1.0, 2.0], [3.0, 4.0]], 2)))
    sess.run(q.close())
    up = q.dequeue_up_to(5)
    return {
        "value": sess.run(up), "shapes": [t.shape.as_list() for t in up],
        "needs_shapes": catch(tf.PaddingFIFOQueue, 3, [tf.int32]),
        "rank_mismatch": catch(tf.PaddingFIFOQueue(3, [tf.int32], shapes=[[None]]).enqueue, [[1]]),
    }


def case_padding_queue_empty_rows_and_bool(tf):
    q = tf.PaddingFIFOQueue(5, [tf.bool, tf.string], shapes=[[None], [None]])
    sess = tf.Session()
    sess.run(q.enqueue(([True], ["x", "yy"])))
    sess.run(q.enqueue((tf.zeros([0], tf.bool), tf.zeros([0], tf.string))))
    b, s = q.dequeue_many(2)
    return sess.run([b, s])


def case_random_shuffle_queue_properties_and_dict(tf):
    q = tf.RandomShuffleQueue(8, 2, [tf.int32, tf.float32], shapes=[[], [2]], names=["i", "f"], seed=3,
                              name="rsq")
    sess = tf.Session()
    sess.run(q.enqueue_many({"i": [1, 2, 3, 4], "f": [[0.0, 1.0]] * 4}))
    sess.run(q.close())
    got = sess.run(q.dequeue_up_to(10))
    return {"type": q.queue_ref.op.type, "name": q.name, "names": q.names,
            "ids": sorted(got["i"].tolist()), "f_shape": list(got["f"].shape),
            "min_after": q.queue_ref.op.get_attr("min_after_dequeue")}


def case_random_shuffle_queue_capacity_and_errors(tf):
    q = tf.RandomShuffleQueue(3, 0, tf.int32, shapes=[[]], seed=5)
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2, 3]]))
    opts = tf.RunOptions(timeout_in_ms=50)
    return {
        "full": catch(sess.run, q.enqueue(4), options=opts),
        "take_all": sorted(sess.run(q.dequeue_many(3)).tolist()),
        "empty_timeout": catch(sess.run, q.dequeue(), options=opts),
        "many_needs_shapes": catch(sess.run, tf.RandomShuffleQueue(3, 0, tf.int32).dequeue_many(1), options=opts),
        "dtype_error": catch(q.enqueue, 1.5),
    }


def case_enqueue_dtype_errors_more(tf):
    q = tf.FIFOQueue(3, [tf.float32, tf.int64], shapes=[[], []])
    return {
        "int_to_float": q.enqueue((1, 2)).type,
        "int32_tensor_to_int64": catch(q.enqueue, (1.0, tf.constant(2))),
        "many_wrong": catch(q.enqueue_many, ([1.0], ["x"])),
        "f64_tensor": catch(q.enqueue, (tf.constant(1.0, tf.float64), 2)),
        "message": message_has(lambda: q.enqueue((tf.constant(1.0, tf.float64), 2)), "float64", "float32"),
    }


def case_enqueue_shape_errors_more(tf):
    q = tf.FIFOQueue(3, [tf.float32], shapes=[[2, 2]])
    p = tf.placeholder(tf.float32)
    enq = q.enqueue_many([p])
    sess = tf.Session()
    return {
        "many_static": catch(q.enqueue_many, [[[1.0, 2.0, 3.0]]]),
        "many_runtime": catch(sess.run, enq, {p: [[1.0, 2.0]]}),
        "many_partial_static": catch(q.enqueue_many, [tf.placeholder(tf.float32, [None, 2])]),
        "scalar_into_matrix": catch(q.enqueue, 1.0),
        "size": sess.run(q.size()),
        "unknown_shape_queue": sess.run(tf.FIFOQueue(2, tf.float32).enqueue([[1.0], [2.0]])),
    }


def case_dequeue_up_to_and_many_without_shapes(tf):
    q = tf.FIFOQueue(5, [tf.int32, tf.int32], shapes=None)
    sess = tf.Session()
    sess.run(q.enqueue((1, 2)))
    sess.run(q.close())
    return {"up_to": catch(sess.run, q.dequeue_up_to(1)),
            "message": message_has(lambda: sess.run(q.dequeue_up_to(1)), "specified shapes"),
            "single": sess.run(q.dequeue()),
            "shapes_prop": [str(s) for s in q.shapes]}


def case_dequeue_static_shapes_more(tf):
    partial = catch(tf.FIFOQueue, 5, [tf.float32], shapes=[[None, 3]])
    q = tf.FIFOQueue(5, [tf.float32], shapes=[[1, 3]])
    pq = tf.PaddingFIFOQueue(5, [tf.int32], shapes=[[None, 2]])
    rq = tf.RandomShuffleQueue(5, 1, [tf.string], shapes=[[4]])
    n = tf.placeholder(tf.int32, [])
    return [q.dequeue().shape.as_list(), q.dequeue_many(2).shape.as_list(), pq.dequeue_many(n).shape.as_list(),
            pq.dequeue_up_to(2).shape.as_list(), rq.dequeue_many(3).shape.as_list(),
            str(tf.FIFOQueue(2, tf.int32).dequeue_many(2).shape), rq.dequeue().dtype.name, partial]


def case_dequeue_many_timeout_keeps_elements(tf):
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2]]))
    opts = tf.RunOptions(timeout_in_ms=50)
    first = catch(sess.run, q.dequeue_many(3), options=opts)
    size = sess.run(q.size())
    sess.run(q.enqueue(3))
    return {"first": first, "size_after_timeout": size, "then": catch(sess.run, q.dequeue_many(3), options=opts),
            "size_end": sess.run(q.size())}


def case_close_twice_cancel_and_other_kinds(tf):
    sess = tf.Session()
    out = {}
    for name, q in (("fifo", tf.FIFOQueue(2, tf.int32, shapes=[[]])),
                    ("shuffle", tf.RandomShuffleQueue(2, 0, tf.int32, shapes=[[]])),
                    ("priority", tf.PriorityQueue(2, [tf.int32], shapes=[[]]))):
        sess.run(q.close())
        out[name] = [catch(sess.run, q.close(cancel_pending_enqueues=True)), sess.run(q.is_closed())]
    return out


def case_enqueue_component_count_more(tf):
    q = tf.FIFOQueue(4, [tf.int32, tf.string, tf.float32], shapes=[[], [], []])
    return {
        "too_many": catch(q.enqueue, (1, "a", 1.0, 2)),
        "single_value": catch(q.enqueue, 1),
        "many_short": catch(q.enqueue_many, ([1], ["a"])),
        "list_ok": q.enqueue([1, "a", 2.0]).type,
        "single_component_list": tf.FIFOQueue(2, tf.int32, shapes=[[]]).enqueue([5]).type,
    }
