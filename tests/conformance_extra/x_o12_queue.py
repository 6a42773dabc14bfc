"""Second-pass variations of the public queue_ops cases: every queue type with names/shapes/
shared_name, dequeue_up_to and size after close, queue ops inside conds and with control deps,
QueueRunner exceptions, and queues across sessions."""

import numpy as np

from _harness import catch


def case_queue_types_properties(tf):
    qs = {
        "fifo": tf.FIFOQueue(3, [tf.int32, tf.string], shapes=[[2], []], names=["a", "b"], name="f"),
        "padding": tf.PaddingFIFOQueue(3, [tf.float32], shapes=[[None]], name="p"),
        "shuffle": tf.RandomShuffleQueue(5, 1, [tf.int64], shapes=[[]], name="s", seed=2),
        "priority": tf.PriorityQueue(4, [tf.string], shapes=[[]], name="pq"),
    }
    return {k: {"name": q.name, "dtypes": [d.name for d in q.dtypes],
                "shapes": None if q.shapes is None else [s.as_list() if s.ndims is not None else None for s in q.shapes],
                "names": q.names, "op_type": q.queue_ref.op.type, "ref_dtype": q.queue_ref.dtype.name}
            for k, q in qs.items()}


def case_queues_dequeue_up_to_and_size_after_close(tf):
    sess = tf.Session()
    out = {}
    for k, q in {"fifo": tf.FIFOQueue(10, tf.int32, shapes=[[]]),
                 "padding": tf.PaddingFIFOQueue(10, tf.int32, shapes=[[]]),
                 "shuffle": tf.RandomShuffleQueue(10, 2, tf.int32, shapes=[[]], seed=1),
                 "priority": tf.PriorityQueue(10, [tf.int32], shapes=[[]])}.items():
        if k == "priority":
            sess.run(q.enqueue_many(([3, 1, 2, 5, 4], [30, 10, 20, 50, 40])))
        else:
            sess.run(q.enqueue_many([[1, 2, 3, 4, 5]]))
        sess.run(q.close())
        up_to = q.dequeue_up_to(3)
        count = lambda got: got if isinstance(got, dict) else len(got[-1]) if isinstance(got, list) else len(got)
        size_closed = sess.run(q.size())
        first = sess.run(up_to)
        size_after = sess.run(q.size())
        second = catch(sess.run, up_to)
        out[k] = {"size_closed": size_closed, "first_len": count(first), "size_after": size_after,
                  "second_len": count(second), "size_end": sess.run(q.size()), "empty": catch(sess.run, up_to),
                  "is_closed": sess.run(q.is_closed())}
        if k in ("priority", "fifo"):
            out[k]["first"] = first
    return out


def case_priority_queue_order_and_ties(tf):
    q = tf.PriorityQueue(10, [tf.string, tf.float32], shapes=[[], [2]])
    sess = tf.Session()
    sess.run(q.enqueue_many(([5, -1, 3], ["five", "neg", "three"], [[5.0, 5.0], [-1.0, -1.0], [3.0, 3.0]])))
    sess.run(q.enqueue((tf.constant(0, tf.int64), "zero", [0.0, 0.0])))
    one = sess.run(q.dequeue())
    many = sess.run(q.dequeue_many(2))
    return {"one": one, "many": many, "size": sess.run(q.size()),
            "bad_priority_dtype": catch(q.enqueue, (tf.constant(1.0), "x", [1.0, 1.0])),
            "missing_priority": catch(q.enqueue, ("x", [1.0, 1.0])),
            "dequeue_shapes": [t.shape.as_list() for t in q.dequeue_many(2)]}


def case_shared_name_across_sessions(tf):
    q1 = tf.FIFOQueue(5, tf.int32, shapes=[[]], shared_name="shared_q", name="q1")
    q2 = tf.FIFOQueue(5, tf.int32, shapes=[[]], shared_name="shared_q", name="q2")
    plain = tf.FIFOQueue(5, tf.int32, shapes=[[]], name="plain")
    sess = tf.Session()
    sess.run(q1.enqueue_many([[1, 2, 3]]))
    sess.run(plain.enqueue(9))
    other = tf.Session()
    return {"q2_size_same_session": sess.run(q2.size()), "q2_dequeue": sess.run(q2.dequeue()),
            "q1_size": sess.run(q1.size()), "other_session_size": other.run(q1.size()),
            "plain_other": other.run(plain.size()),
            "mismatch": catch(sess.run, tf.FIFOQueue(5, tf.float32, shapes=[[]], shared_name="shared_q").size())}


def case_queue_ops_in_cond_and_control_deps(tf):
    q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [])
    with tf.control_dependencies([q.enqueue(x)]):
        size_after = q.size()
    out = tf.cond(p, lambda: q.dequeue() * 10.0, lambda: tf.constant(-1.0))
    sess = tf.Session()
    s1 = sess.run(size_after, {x: 1.5})
    s2 = sess.run(size_after, {x: 2.5})
    return {"sizes": [s1, s2], "false": sess.run(out, {p: False}), "true": sess.run(out, {p: True}),
            "size": sess.run(q.size()), "enqueue_op_type": q.enqueue(x).type,
            "names": [q.enqueue(x, name="put").name, q.dequeue(name="take").name]}


def case_queue_runner_exceptions(tf):
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    bad_feed = tf.placeholder(tf.int32, [])
    qr = tf.train.QueueRunner(q, [q.enqueue(bad_feed)])
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = qr.create_threads(sess, coord=coord, start=True)
    joined = catch(coord.join, threads)
    closed_by_stop = sess.run(q.is_closed())
    out = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    src = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    sess.run(src.enqueue_many([[1, 2]]))
    sess.run(src.close())
    qr2 = tf.train.QueueRunner(out, [out.enqueue(src.dequeue())], close_op=out.close(),
                               queue_closed_exception_types=(tf.errors.OutOfRangeError,))
    t2 = qr2.create_threads(sess, start=True)
    for t in t2:
        t.join()
    no_coord = tf.train.QueueRunner(tf.FIFOQueue(2, tf.int32, shapes=[[]]), [q.enqueue(bad_feed)])
    t3 = no_coord.create_threads(sess, start=True)
    for t in t3:
        t.join()
    return {"joined": joined, "should_stop": coord.should_stop(), "closed_by_stop": closed_by_stop,
            "exceptions_with_coord": [type(e).__name__ for e in qr.exceptions_raised],
            "exceptions_without_coord": [type(e).__name__ for e in no_coord.exceptions_raised],
            "drained": sess.run(out.dequeue_up_to(5)), "closed": sess.run(out.is_closed()),
            "qr2_exceptions": [type(e).__name__ for e in qr2.exceptions_raised],
            "bad_types": catch(tf.train.QueueRunner, q, [q.enqueue(1)], queue_closed_exception_types=()),
            "needs_ops": catch(tf.train.QueueRunner, q, []),
            "names": [qr.name, qr2.name, len(t2)]}


def case_enqueue_many_errors_and_dtypes(tf):
    q = tf.FIFOQueue(5, [tf.int64, tf.bool], shapes=[[], [2]])
    sess = tf.Session()
    p = tf.placeholder(tf.int64, [None])
    b = tf.placeholder(tf.bool, [None, 2])
    enq = q.enqueue_many((p, b))
    return {
        "ok": sess.run(enq, {p: [1, 2], b: [[True, False], [False, False]]}),
        "mismatch_batch": catch(sess.run, enq, {p: [1, 2], b: [[True, False]]}),
        "size": sess.run(q.size()),
        "static_mismatch": catch(q.enqueue_many, ([1, 2], [[True, True]])),
        "scalar_many": catch(q.enqueue_many, (1, [True, True])),
        "empty_batch": sess.run(enq, {p: [], b: np.zeros((0, 2), bool)}),
        "values": sess.run(q.dequeue_many(2)),
        "over_capacity_many": catch(sess.run, enq, {p: [1] * 6, b: np.zeros((6, 2), bool)},
                                    options=tf.RunOptions(timeout_in_ms=50)),
        "size_after_partial": sess.run(q.size()),
    }


def case_random_shuffle_queue_more(tf):
    q = tf.RandomShuffleQueue(10, 2, [tf.int32, tf.string], shapes=[[], []], seed=5, name="rsq")
    sess = tf.Session()
    sess.run(q.enqueue_many(([1, 2, 3, 4], ["a", "b", "c", "d"])))
    nums, strs = sess.run(q.dequeue_many(2))
    pairs_consistent = all(s.decode() == "abcd"[n - 1] for n, s in zip(nums, strs))
    sess.run(q.close())
    rest_n, rest_s = sess.run(q.dequeue_up_to(10))
    return {"pairs_consistent": pairs_consistent, "all": sorted(nums.tolist() + rest_n.tolist()),
            "rest_len": len(rest_s),
            "min_gt_capacity": catch(sess.run, tf.RandomShuffleQueue(2, 5, tf.int32).size()),
            "dequeue_many_shapes": [t.shape.as_list() for t in q.dequeue_many(3)],
            "usable": sess.run(q.size())}
