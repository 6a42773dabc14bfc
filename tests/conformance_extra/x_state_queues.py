"""Extra queue cases: names, static shapes, priority/padding/shuffle queues, errors, timeouts."""
import numpy as np

from _harness import catch, message_has


def case_queue_properties_and_names(tf):
    q = tf.FIFOQueue(3, [tf.int32, tf.float32], shapes=[[2], []], name="myq")
    p = tf.PaddingFIFOQueue(3, tf.string, shapes=[[None]])
    r = tf.RandomShuffleQueue(5, 1, tf.int64)
    return {
        "names": [q.name, p.name, r.name],
        "q_op": [q.queue_ref.op.type, q.queue_ref.op.name, q.queue_ref.dtype.name],
        "p_op": p.queue_ref.op.type, "r_op": r.queue_ref.op.type,
        "dtypes": [d.name for d in q.dtypes], "shapes": [s.as_list() for s in q.shapes],
        "names_attr": q.names, "r_shapes": [str(s) for s in r.shapes],
        "enq": [q.enqueue(([1, 2], 1.0)).name, q.enqueue_many(([[1, 2]], [1.0])).name],
        "deq": [t.op.name for t in q.dequeue()], "many": [t.op.name for t in q.dequeue_many(2)],
        "up_to_type": q.dequeue_up_to(2)[0].op.type, "size": [q.size().op.name, q.size().dtype.name],
        "close": [q.close().name, q.close(cancel_pending_enqueues=True).type],
        "is_closed": q.is_closed().op.type,
    }


def case_queue_single_component_forms(tf):
    q = tf.FIFOQueue(5, tf.int32, shapes=[2])
    sess = tf.Session()
    sess.run(q.enqueue([1, 2]))
    sess.run(q.enqueue(([3, 4],)))
    sess.run(q.enqueue_many(([[5, 6], [7, 8]],)))
    d = q.dequeue()
    dm = q.dequeue_many(2)
    return {"d_type": isinstance(d, tf.Tensor), "dm_shape": dm.shape.as_list(),
            "vals": [sess.run(d), sess.run(dm), sess.run(d)],
            "many_list": catch(q.enqueue_many, [[5, 6], [7, 8]]),
            "shapes": [s.as_list() for s in q.shapes]}


def case_queue_named_components(tf):
    q = tf.FIFOQueue(5, [tf.int32, tf.string], shapes=[[], []], names=["n", "s"])
    sess = tf.Session()
    sess.run(q.enqueue({"n": 1, "s": "a"}))
    sess.run(q.enqueue_many({"n": [2, 3], "s": ["b", "c"]}))
    one = q.dequeue()
    many = q.dequeue_many(2)
    return {
        "keys": sorted(one.keys()), "one": sess.run(one), "many": sess.run(many),
        "bad_keys": catch(q.enqueue, {"n": 1}),
        "not_dict": catch(q.enqueue, (1, "a")),
        "shapes": {k: v.shape.as_list() for k, v in many.items()},
    }


def case_fifo_unknown_shapes_static(tf):
    q = tf.FIFOQueue(5, [tf.float32, tf.int32])
    a, b = q.dequeue()
    c, d = q.dequeue_many(3)
    e = tf.FIFOQueue(5, tf.float32, shapes=[[None, 2]]) if False else None
    return {"deq": [str(a.shape), str(b.shape)], "many": [str(c.shape), str(d.shape)],
            "shapes_attr": q.shapes}


def case_fifo_shape_must_be_fully_defined(tf):
    return {
        "partial": catch(tf.FIFOQueue, 3, tf.float32, shapes=[[None]]),
        "count": catch(tf.FIFOQueue, 3, [tf.float32, tf.int32], shapes=[[]]),
        "names_count": catch(tf.FIFOQueue, 3, [tf.float32], shapes=[[]], names=["a", "b"]),
        "padding_no_shapes": catch(tf.PaddingFIFOQueue, 3, [tf.float32]),
        "padding_msg": message_has(lambda: tf.PaddingFIFOQueue(3, [tf.float32]), "shapes must be specified"),
    }


def case_enqueue_many_shape_checks(tf):
    q = tf.FIFOQueue(10, [tf.int32, tf.int32], shapes=[[], [2]])
    sess = tf.Session()
    p = tf.placeholder(tf.int32, [None])
    r = tf.placeholder(tf.int32, [None, 2])
    enq = q.enqueue_many((p, r))
    return {
        "static_mismatch": catch(q.enqueue_many, ([1, 2, 3], [[1, 2], [3, 4]])),
        "static_elem": catch(q.enqueue_many, ([1, 2], [[1, 2, 3], [3, 4, 5]])),
        "scalar": catch(q.enqueue_many, (1, [1, 2])),
        "runtime_mismatch": catch(sess.run, enq, {p: [1, 2, 3], r: [[1, 2], [3, 4]]}),
        "empty": sess.run(enq, {p: np.zeros([0], np.int32), r: np.zeros([0, 2], np.int32)}),
        "size": sess.run(q.size()),
    }


def case_dequeue_many_zero_and_negative(tf):
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2, 3]]))
    zero = sess.run(q.dequeue_many(0))
    n = tf.placeholder(tf.int32)
    deq = q.dequeue_many(n)
    return {"zero": zero, "neg": catch(sess.run, deq, {n: -1}), "two": sess.run(deq, {n: 2}),
            "up_to_zero": sess.run(q.dequeue_up_to(0)), "size": sess.run(q.size())}


def case_dequeue_many_over_capacity_times_out(tf):
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2]]))
    opts = tf.RunOptions(timeout_in_ms=30)
    enq = catch(sess.run, q.enqueue(3), options=opts)
    enq_many = catch(sess.run, q.enqueue_many([[3, 4, 5]]), options=opts)
    return {"enq": enq, "enq_many": enq_many, "size": sess.run(q.size()),
            "msg": message_has(lambda: sess.run(q.enqueue(3), options=opts), "Timed out"),
            "vals": sess.run(q.dequeue_many(2))}


def case_enqueue_many_partial_on_close(tf):
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.close())
    return {"enqueue_many_closed": catch(sess.run, q.enqueue_many([[1, 2]])),
            "msg": message_has(lambda: sess.run(q.enqueue(1)), "is closed", "fifo_queue"),
            "deq_msg": message_has(lambda: sess.run(q.dequeue()), "is closed and has insufficient elements",
                                   "requested 1, current size 0"),
            "many_msg": message_has(lambda: sess.run(q.dequeue_many(2)), "requested 2, current size 0")}


def case_priority_queue(tf):
    q = tf.PriorityQueue(10, [tf.string], shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue((tf.constant(5, tf.int64), "five")))
    sess.run(q.enqueue_many(([3, 9, 1], ["three", "nine", "one"])))
    one = q.dequeue()
    many = q.dequeue_many(2)
    return {
        "one": sess.run(one), "many": sess.run(many),
        "dtypes": [d.name for d in q.dtypes], "shapes": [s.as_list() for s in q.shapes],
        "static": [t.shape.as_list() for t in many], "size": sess.run(q.size()),
        "op": q.queue_ref.op.type,
    }


def case_priority_queue_errors(tf):
    q = tf.PriorityQueue(5, [tf.int32], shapes=[[]])
    return {
        "float_priority": catch(q.enqueue, (1.5, 2)),
        "no_shapes": catch(tf.PriorityQueue, 5, [tf.int32]),
        "int32_priority": catch(lambda: q.enqueue((tf.constant(1, tf.int32), 2))),
    }


def case_padding_queue_dequeue_up_to_and_scalars(tf):
    q = tf.PaddingFIFOQueue(10, [tf.int32, tf.int32], shapes=[[], [None]])
    sess = tf.Session()
    sess.run(q.enqueue((1, [1])))
    sess.run(q.enqueue((2, [1, 2, 3])))
    sess.run(q.enqueue((3, [])))
    sess.run(q.close())
    up = q.dequeue_up_to(2)
    return {"first": sess.run(up), "second": sess.run(up), "static": [t.shape.as_list() for t in up],
            "third": catch(sess.run, up)}


def case_padding_queue_partially_known(tf):
    q = tf.PaddingFIFOQueue(5, [tf.float32], shapes=[[None, 2]])
    p = tf.placeholder(tf.float32)
    enq = q.enqueue([p])
    sess = tf.Session()
    sess.run(enq, {p: [[1.0, 2.0]]})
    bad = catch(sess.run, enq, {p: [[1.0, 2.0, 3.0]]})
    sess.run(enq, {p: np.zeros([0, 2], np.float32)})
    out = q.dequeue_many(2)
    return {"bad": bad, "out": sess.run(out), "static": out.shape.as_list(),
            "static_bad": catch(q.enqueue, [[[1.0, 2.0, 3.0]]])}


def case_random_shuffle_queue_seeded_order(tf):
    tf.set_random_seed(3)
    q = tf.RandomShuffleQueue(20, 0, tf.int32, shapes=[[]], seed=11)
    sess = tf.Session()
    sess.run(q.enqueue_many([list(range(10))]))
    got = sess.run(q.dequeue_many(10))
    return {"sorted": sorted(got.tolist()), "permuted": got.tolist() != list(range(10)),
            "static": q.dequeue_many(3).shape.as_list()}


def case_random_shuffle_queue_errors(tf):
    return {
        "min_gt_cap": catch(tf.RandomShuffleQueue, 5, 10, tf.int32),
        "neg_min": catch(tf.RandomShuffleQueue, 5, -1, tf.int32),
    }


def case_random_shuffle_dequeue_up_to_closed(tf):
    q = tf.RandomShuffleQueue(10, 5, tf.int32, shapes=[[]], seed=2)
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2, 3]]))
    sess.run(q.close())
    a = sess.run(q.dequeue_up_to(2))
    b = sess.run(q.dequeue_up_to(5))
    return {"sizes": [len(a), len(b)], "all": sorted(a.tolist() + b.tolist()),
            "after": catch(sess.run, q.dequeue_up_to(1))}


def case_queue_from_list_and_shared_name(tf):
    q1 = tf.FIFOQueue(5, tf.int32, shapes=[[]], shared_name="shared_q")
    q2 = tf.FIFOQueue(5, tf.int32, shapes=[[]], shared_name="shared_q")
    sess = tf.Session()
    sess.run(q1.enqueue(7))
    size2 = sess.run(q2.size())
    other = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    sel = tf.placeholder(tf.int32, [])
    qs = tf.QueueBase.from_list(sel, [q1, other])
    enq = qs.enqueue(9)
    sess.run(enq, {sel: 1})
    return {"size2": size2, "other": sess.run(other.size()), "q1": sess.run(q1.size()),
            "from_list_name": qs.name, "q2_deq": sess.run(q2.dequeue())}


def case_queue_dtype_conversions(tf):
    q = tf.FIFOQueue(5, [tf.float32, tf.int64, tf.string], shapes=[[], [], []])
    sess = tf.Session()
    sess.run(q.enqueue((1, 2, b"x")))
    sess.run(q.enqueue((np.float32(2.5), np.int64(3), u"\u00e9")))
    out = sess.run(q.dequeue_many(2))
    return {"out": out, "bad": catch(q.enqueue, (1.0, 2.5, "x")),
            "bad_str": catch(q.enqueue, (1.0, 2, 3))}


def case_size_after_dequeue_many_blocked_close(tf):
    import threading
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many([[1, 2]]))
    res = {}

    def consumer():
        res["many"] = catch(sess.run, q.dequeue_many(4))

    t = threading.Thread(target=consumer)
    t.start()
    t.join(0.2)
    sess.run(q.close())
    t.join()
    res["size"] = sess.run(q.size())
    res["rest"] = sess.run(q.dequeue_up_to(4))
    return res


def case_close_cancel_pending_then_enqueue_error(tf):
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue(1))
    opts = tf.RunOptions(timeout_in_ms=50)
    return {"timeout": message_has(lambda: sess.run(q.enqueue(2), options=opts), "Timed out"),
            "cancel": sess.run(q.close(cancel_pending_enqueues=True)),
            "after": catch(sess.run, q.enqueue(3)),
            "left": sess.run(q.dequeue())}
