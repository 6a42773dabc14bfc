"""tf.sets (size, intersection, union, difference over dense and sparse sets: sorted results, dense
shapes, dtypes, validate_indices, errors) and the top-k metrics built on them (recall/precision at k
and at top k, class_id, weights, sparse labels, average precision, percentage_below)."""
import numpy as np

from _harness import catch


def _locals(tf):
    return [(v.name, v.shape.as_list()) for v in tf.local_variables()]


def _sparse(tf, indices, values, shape, dtype=None):
    return tf.SparseTensor(indices, tf.constant(values, dtype), shape)


# ------------------------------------------------------------------ tf.sets
def case_x_misc_sets_dense_operations(tf):
    a = tf.constant([[1, 2, 2, 3], [4, 5, 6, 6]])
    b = tf.constant([[2, 3, 9], [7, 8, 4]])
    sess = tf.Session()
    out = {name: sess.run(fn(a, b)) for name, fn in (("inter", tf.sets.intersection), ("union", tf.sets.union),
                                                      ("diff", tf.sets.difference), ("v1", tf.sets.set_union))}
    out["b_minus_a"] = sess.run(tf.sets.set_difference(a, b, aminusb=False))
    r = tf.sets.intersection(a, b)
    out["static"] = [r.indices.shape.as_list(), r.values.shape.as_list(), r.dense_shape.shape.as_list()]
    out["op"] = r.indices.op.type
    return out


def case_x_misc_sets_sparse_and_mixed(tf):
    a = tf.constant([[1, 2, 2, 3], [4, 5, 6, 6]])
    sp = _sparse(tf, [[0, 0], [0, 1], [1, 0]], [3, 1, 5], [2, 4])
    sp2 = _sparse(tf, [[0, 0], [1, 2]], [9, 5], [2, 3])
    sess = tf.Session()
    return {"dense_sparse": sess.run(tf.sets.intersection(a, sp)),
            "sparse_dense_diff": sess.run(tf.sets.difference(sp, a)),
            "dense_sparse_diff": sess.run(tf.sets.difference(a, sp)),
            "sparse_sparse_union": sess.run(tf.sets.union(sp, sp2)),
            "sparse_sparse_inter": sess.run(tf.sets.intersection(sp, sp2)),
            "size": sess.run(tf.sets.size(sp)), "size_v1": sess.run(tf.sets.set_size(sp2)),
            "types": [tf.sets.intersection(a, sp).indices.op.type, tf.sets.union(sp, sp2).indices.op.type]}


def case_x_misc_sets_rank3_strings_and_empty(tf):
    sess = tf.Session()
    x = tf.constant([[[1, 2], [3, 4]], [[5, 5], [7, 8]]], tf.int64)
    y = tf.constant([[[2, 2], [5, 4]], [[6, 5], [8, 7]]], tf.int64)
    strings = tf.sets.union(tf.constant([["b", "a"], ["c", "c"]]), tf.constant([["c", "a"], ["a", "d"]]))
    return {"rank3": sess.run(tf.sets.intersection(x, y)), "rank3_diff": sess.run(tf.sets.difference(x, y)),
            "strings": sess.run(strings),
            "empty": sess.run(tf.sets.intersection(tf.constant([[1, 2]], tf.uint8), tf.constant([[3]], tf.uint8))),
            "size3": sess.run(tf.sets.size(_sparse(tf, [[0, 0, 0], [0, 0, 1], [1, 1, 0]], [4, 4, 2], [2, 2, 3]))),
            "int16": sess.run(tf.sets.union(tf.constant([[3, 1]], tf.int16), tf.constant([[2]], tf.int16)))}


def case_x_misc_sets_validate_indices(tf):
    unordered = _sparse(tf, [[0, 1], [0, 0], [1, 0]], [3, 1, 5], [2, 4])
    outside = _sparse(tf, [[0, 0], [0, 5], [1, 0]], [3, 1, 5], [2, 4])
    sess = tf.Session()
    return {"unordered": catch(sess.run, tf.sets.size(unordered)),
            "unordered_ok": sess.run(tf.sets.size(unordered, validate_indices=False)),
            "outside": catch(sess.run, tf.sets.size(outside)),
            "op_unordered": catch(sess.run, tf.sets.union(unordered, unordered)),
            "usable": sess.run(tf.sets.size(_sparse(tf, [[0, 0]], [1], [1, 2])))}


def case_x_misc_sets_errors(tf):
    a = tf.constant([[1, 2], [3, 4]])
    sess = tf.Session()
    ph = tf.placeholder(tf.int32, [None, 3])
    mismatch = tf.sets.intersection(ph, tf.constant([[1, 2]]))
    return {"size_dense": catch(tf.sets.size, a),
            "size_float": catch(tf.sets.size, tf.SparseTensor([[0, 0]], [1.0], [1, 1])),
            "float": catch(tf.sets.union, tf.constant([[1.0]]), tf.constant([[1.0]])),
            "dtypes": catch(tf.sets.union, a, tf.constant([[1]], tf.int64)),
            "group_static": catch(tf.sets.union, a, tf.constant([[1], [2], [3]])),
            "rank1": catch(tf.sets.union, tf.constant([1, 2]), tf.constant([1])),
            "group_runtime": catch(sess.run, mismatch, {ph: np.zeros((3, 3), np.int32)}),
            "sparse_groups": catch(sess.run, tf.sets.union(_sparse(tf, [[0, 0]], [1], [2, 2]),
                                                           _sparse(tf, [[0, 0]], [1], [3, 2]))),
            "usable": sess.run(tf.sets.size(tf.sets.union(a, a)))}


# ------------------------------------------------------------------ top-k metrics
def case_x_misc_metrics_recall_precision_at_k(tf):
    labels = tf.constant([[2], [0], [1]], tf.int64)
    logits = tf.constant([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.6, 0.1, 0.3]])
    r, ru = tf.metrics.recall_at_k(labels, logits, k=2)
    p, pu = tf.metrics.precision_at_k(labels, logits, k=2)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    sess.run([ru, pu])
    return {"r": sess.run(r), "p": sess.run(p), "locals": _locals(tf)}


def case_x_misc_metrics_at_k_class_id_weights_sparse(tf):
    labels = tf.constant([[2], [0], [1]], tf.int64)
    logits = tf.constant([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.6, 0.1, 0.3]])
    rc, rcu = tf.metrics.recall_at_k(labels, logits, k=1, class_id=0)
    pc, pcu = tf.metrics.precision_at_k(tf.constant([2, 0, 1], tf.int64), logits, k=2, class_id=1,
                                        weights=[1.0, 2.0, 0.5])
    sl = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], tf.constant([2, 1, 0, 4], tf.int64), [3, 2])
    rt, rtu = tf.metrics.recall_at_top_k(sl, tf.constant([[2, 0], [1, 2], [0, 1]]), k=2)
    pt, ptu = tf.metrics.precision_at_top_k(sl, tf.constant([[2, 0], [1, 2], [0, 1]]))
    sp, spu = tf.metrics.sparse_precision_at_k(labels, logits, 1, metrics_collections=["m"],
                                               updates_collections=["u"])
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    before = sess.run([rc, pt])
    first = sess.run([rcu, pcu, rtu, ptu, spu])
    second = sess.run([rcu, pcu, rtu, ptu, spu])
    return {"before": before, "first": first, "second": second, "values": sess.run([rc, pc, rt, pt, sp]),
            "locals": _locals(tf), "names": [t.op.name for t in (rc, rcu, rt, rtu, sp, spu)],
            "collections": [len(tf.get_collection("m")), len(tf.get_collection("u"))]}


def case_x_misc_metrics_average_precision_and_percentage_below(tf):
    logits = tf.constant([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.6, 0.1, 0.3]])
    sl = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], tf.constant([2, 1, 0, 4], tf.int64), [3, 2])
    ap, apu = tf.metrics.average_precision_at_k(sl, logits, 2)
    ap2, apu2 = tf.metrics.sparse_average_precision_at_k(tf.constant([[2, 0], [0, -1], [1, 5]], tf.int64), logits,
                                                         3, weights=[1.0, 0.5, 2.0])
    ap3, apu3 = tf.metrics.average_precision_at_k(tf.constant([1, 2, 0], tf.int64), logits, 1, name="ap_one")
    pb, pbu = tf.metrics.percentage_below(tf.constant([1.0, 2.0, 3.0, 4.0]), 2.5, weights=[1.0, 0.0, 1.0, 2.0])
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    before = sess.run([ap, pb])
    sess.run([apu, apu2, apu3, pbu])
    return {"before": before, "updates": sess.run([apu, apu2, apu3, pbu]), "values": sess.run([ap, ap2, ap3, pb]),
            "locals": _locals(tf), "names": [t.op.name for t in (ap, apu, ap3, apu3, pb, pbu)],
            "k0": catch(tf.metrics.average_precision_at_k, sl, logits, 0)}
