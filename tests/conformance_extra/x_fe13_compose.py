"""Third-pass composed variations: the public cases' ops inside tf.data maps, while loops and
re-imported graphs, where a value, a name or an error crosses a feature boundary."""
import numpy as np

from _casekit import drain, drain_or_error
from _harness import catch


def case_array_ops_inside_dataset_map(tf):
    ds = tf.data.Dataset.range(4).map(
        lambda i: (tf.one_hot(tf.cast(i, tf.int32), 3), tf.reshape(tf.range(i + 1), [-1, 1])[::-1, 0],
                   tf.where(tf.range(4) < tf.cast(i, tf.int32))))
    return {"values": drain(tf, ds), "shapes": [str(s) for s in tf.data.get_output_shapes(ds)]}


def case_math_errors_inside_dataset_map(tf):
    ds = tf.data.Dataset.from_tensor_slices(["1.5", "x", "3"]).map(tf.strings.to_number)
    ints = tf.data.Dataset.from_tensor_slices([4, 0, 2]).map(lambda v: 12 // v)
    return {"numbers": drain_or_error(tf, ds), "floordiv": drain_or_error(tf, ints)}


def case_sparse_through_dataset(tf):
    st = tf.SparseTensor([[0, 1], [2, 0]], [1.5, 2.5], [3, 2])
    ds = tf.data.Dataset.from_tensor_slices(st).map(lambda s: tf.sparse.to_dense(s))
    batched = tf.data.Dataset.from_tensors(st).map(lambda s: tf.sparse.reduce_sum(s, axis=1))
    return {"rows": drain(tf, ds), "sums": drain(tf, batched)}


def case_imported_graph_slices_and_gathers(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.int32, [None, 4], name="p")
        tf.identity(p[1:, ::-2], name="sliced")
        tf.identity(tf.gather(p, [0], axis=1), name="gathered")
        tf.identity(tf.reshape(p, [-1]), name="flat")
    gd = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="imp")
        sliced = g2.get_tensor_by_name("imp/sliced:0")
        sess = tf.Session()
        feed = {"imp/p:0": np.arange(12).reshape(3, 4)}
        return {"shapes": [str(sliced.shape), str(g2.get_tensor_by_name("imp/gathered:0").shape),
                           str(g2.get_tensor_by_name("imp/flat:0").shape)],
                "values": sess.run(["imp/sliced:0", "imp/gathered:0", "imp/flat:0"], feed),
                "types": [g2.get_operation_by_name("imp/strided_slice").type,
                          g2.get_operation_by_name("imp/GatherV2").type]}


def case_while_loop_reductions_and_gradient(tf):
    x = tf.constant([1.0, 2.0, 3.0])

    def body(i, acc):
        return i + 1, acc + tf.reduce_sum(tf.nn.softmax(x * tf.cast(i, tf.float32))) + tf.reduce_max(x) * 0.5

    _, out = tf.while_loop(lambda i, a: i < 3, body, [0, tf.constant(0.0)])
    sq = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, y * x), [0, tf.ones([3])])[1]
    g = tf.gradients(tf.reduce_sum(sq), x)[0]
    sess = tf.Session()
    return {"out": sess.run(out), "sq": sess.run(sq), "grad": sess.run(g)}


def case_variables_in_loops_and_imported_meta_graph(tf):
    v = tf.Variable(0, name="counter")
    n = tf.placeholder(tf.int32, [], name="n")

    def body(i):
        with tf.control_dependencies([tf.assign_add(v, i)]):
            return i + 1

    loop = tf.while_loop(lambda i: i < n, body, [0])
    sess = tf.Session()
    sess.run(v.initializer)
    first = sess.run(loop, {n: 4})
    total = sess.run(v)
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta)
        names = [x.name for x in tf.global_variables()]
        s2 = tf.Session()
        s2.run(tf.global_variables_initializer())
        init_value = s2.run("counter:0")
    return {"first": first, "total": total, "names": names, "imported_init": init_value}


def case_queue_in_cond_and_loop(tf):
    q = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    p = tf.placeholder(tf.bool, [])
    sess = tf.Session()
    sess.run(q.enqueue_many([[5, 6, 7, 8]]))
    pick = tf.cond(p, lambda: q.dequeue(), lambda: tf.constant(-1))
    first = [sess.run(pick, {p: v}) for v in (True, False, True)]
    size = sess.run(q.size())
    summed = tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s + q.dequeue()), [0, 0])[1]
    return {"first": first, "size": size, "summed": catch(sess.run, summed), "after": sess.run(q.size())}


def case_sparse_ops_gradients(tf):
    vals = tf.constant([1.0, 2.0, 3.0])
    st = tf.SparseTensor([[0, 0], [1, 1], [2, 0]], vals, [3, 2])
    dense = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    mm = tf.sparse.sparse_dense_matmul(st, dense)
    g_vals, g_dense = tf.gradients(tf.reduce_sum(mm * mm), [vals, dense])
    g_td = tf.gradients(tf.reduce_sum(tf.sparse.to_dense(st) * tf.constant([[1.0, 2.0]] * 3)), vals)[0]
    g_rs = tf.gradients(tf.reduce_sum(tf.sparse.reduce_sum(st, axis=1) ** 2), vals)
    sess = tf.Session()
    return {"mm": sess.run(mm), "g_vals": sess.run(g_vals), "g_dense": sess.run(g_dense),
            "to_dense_grad": sess.run(g_td), "reduce_sum_grad_none": g_rs[0] is None}
