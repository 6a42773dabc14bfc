"""tf.data in the graph as TF 2.21's compat.v1 builds it: dataset op types, inputs and attrs, the
transformation functions as library functions (names without TF's process-wide counter, argument and
output names, captures as Targuments), GraphDef round trips, errors inside functions."""
import re

import numpy as np

from _harness import catch, message_has

_UID = re.compile(r"_\d+$")


def _drain(tf, nxt, sess, limit=100, feed=None):
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(nxt, feed))
        except tf.errors.OutOfRangeError:
            break
    return out


def _attr(value):
    kind = value.WhichOneof("value")
    if kind == "func":
        return "func:" + _func_name(value.func.name)
    if kind == "list":
        if value.list.shape:
            return [str([d.size for d in s.dim]) if not s.unknown_rank else "?" for s in value.list.shape]
        return [int(t) for t in value.list.type] or [_func_name(f.name) for f in value.list.func] or \
            list(value.list.i) or list(value.list.s)
    if kind in ("tensor",):
        return "tensor"
    if kind == "shape":
        return "?" if value.shape.unknown_rank else str([d.size for d in value.shape.dim])
    return getattr(value, kind) if kind else None


def _func_name(name):
    return "_make_dataset" if name.startswith("_make_dataset_") else _UID.sub("", name)


def _nodes(graph_def):
    """Each node: name, op, inputs and its public attrs (TF's `_class` and tfsess's private ones left out)."""
    return [[n.name, n.op, list(n.input), {k: _attr(v) for k, v in sorted(n.attr.items()) if not k.startswith("_")}]
            for n in graph_def.node]


def _functions(graph_def, bodies=True):
    """The library's functions by name (counter removed; those of one name sorted): signature, and the
    body's node names and ops."""
    out = {}
    for f in graph_def.library.function:
        sig = f.signature
        entry = {"in": [[a.name, int(a.type)] for a in sig.input_arg],
                 "out": [[a.name, int(a.type)] for a in sig.output_arg],
                 "stateful": sig.is_stateful}
        if bodies and not sig.name.startswith("_make_dataset"):
            entry["nodes"] = sorted([n.name, n.op] for n in f.node_def)
            entry["ret"] = sorted(f.ret.items())
        out.setdefault(_func_name(sig.name), []).append(entry)
    return {name: sorted(entries, key=repr) for name, entries in out.items()}  # the library's order is TF's hash order


def _summary(tf, graph):
    gd = graph.as_graph_def()
    return {"nodes": _nodes(gd), "functions": _functions(gd)}


def case_x_datafunc_map_filter_shuffle_batch_graph(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(3.0, name="c")
        ds = tf.data.Dataset.range(10).map(lambda x: tf.cast(x, tf.float32) * c).filter(lambda x: x > 2.)
        ds = ds.shuffle(4, seed=1).batch(2)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            values = _drain(tf, nxt, sess)
    return dict(_summary(tf, g), values=values)


def case_x_datafunc_parallel_and_nested_functions(tf):
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.range(6).batch(2).map(lambda x: x + 1, num_parallel_calls=2)
        ds = ds.flat_map(lambda x: tf.data.Dataset.from_tensor_slices(x))
        ds = ds.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2, block_length=1)
        ds = ds.interleave(lambda x: tf.data.Dataset.from_tensors(x * 10), cycle_length=2, num_parallel_calls=2)
        it = tf.data.make_initializable_iterator(ds)
        nxt = it.get_next()
        with tf.Session() as sess:
            sess.run(it.initializer)
            values = _drain(tf, nxt, sess)
    return dict(_summary(tf, g), values=values)


def case_x_datafunc_shuffle_seed_graphs(tf):
    out = {}
    for label, graph_seed, seed, reshuffle in (("none", None, None, None), ("op", None, 5, False),
                                               ("graph", 3, None, None), ("zero", None, 0, True)):
        g = tf.Graph()
        with g.as_default():
            if graph_seed is not None:
                tf.set_random_seed(graph_seed)
            ds = tf.data.Dataset.range(8).shuffle(3, seed=seed, reshuffle_each_iteration=reshuffle)
            it = tf.data.make_initializable_iterator(ds)
            nxt = it.get_next()
            entry = {"nodes": _nodes(g.as_graph_def())}
            if seed is not None or graph_seed is not None:
                with tf.Session() as sess:
                    sess.run(it.initializer)
                    first = _drain(tf, nxt, sess)
                    sess.run(it.initializer)
                    entry["values"] = [first, _drain(tf, nxt, sess)]
        out[label] = entry
    return out


def case_x_datafunc_reduce_scan_take_while(tf):
    g = tf.Graph()
    with g.as_default():
        k = tf.constant(2, tf.int64, name="k")
        total = tf.data.Dataset.range(5).reduce(tf.constant(0, tf.int64), lambda s, x: s + x * k)
        ds = tf.data.Dataset.range(8).scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s * 2))
        ds = ds.take_while(lambda x: x < 20)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            values = {"total": sess.run(total), "scan": _drain(tf, nxt, sess)}
    return dict(_summary(tf, g), values=values)


def case_x_datafunc_group_by_window(tf):
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.range(10).group_by_window(lambda x: x % 2, lambda key, w: w.batch(2), window_size=3)
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            values = _drain(tf, nxt, sess)
    return dict(_summary(tf, g), values=values)


def case_x_datafunc_captures_are_targuments(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.constant([1, 2], tf.int64)
        scale = tf.placeholder(tf.float32, [], name="scale")

        def named_fn(a, b):
            return {"a": a + v[0], "b": b * scale}
        ds = tf.data.Dataset.from_tensor_slices((np.arange(3), np.ones(3, np.float32))).map(named_fn)
        ds = ds.map(lambda d: d["a"] * tf.cast(d["b"], tf.int64))
        it = tf.data.make_initializable_iterator(ds)
        nxt = it.get_next()
        with tf.Session() as sess:
            sess.run(it.initializer, {scale: 2.0})
            values = _drain(tf, nxt, sess)
    return dict(_summary(tf, g), values=values)


def case_x_datafunc_cache_prefetch_repeat_graph(tf):
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.from_tensor_slices(([1, 2], [3., 4.])).repeat(2).take(3).skip(1).prefetch(1).cache()
        ds = ds.map(lambda a, b: (a * 2, b))
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        with tf.Session() as sess:
            values = _drain(tf, nxt, sess)
    return dict(_summary(tf, g), values=values)


def case_x_datafunc_graph_def_round_trip(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2, tf.int64, name="c")
        ds = tf.data.Dataset.range(12).map(lambda x: x * c).filter(lambda x: x % 3 > 0)
        ds = ds.shuffle(5, seed=7).batch(3)
        tf.identity(tf.data.make_one_shot_iterator(ds).get_next(), name="one_shot")
        limit = tf.placeholder(tf.int64, [], name="limit")
        it = tf.data.make_initializable_iterator(tf.data.Dataset.range(limit).map(lambda x: x * x).batch(2))
        tf.identity(it.get_next(), name="init_next")
        total = tf.data.Dataset.range(limit).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
        tf.identity(total, name="total")
        graph_def = g.as_graph_def()
    out = {}
    h = tf.Graph()
    with h.as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            out["one_shot"] = _drain(tf, "one_shot:0", sess)
            sess.run("MakeIterator", {"limit:0": 5})
            out["init"] = _drain(tf, "init_next:0", sess)
            out["total"] = sess.run("total:0", {"limit:0": 6})
        out["functions"] = sorted(_functions(h.as_graph_def(), bodies=False))
    return out


def case_x_datafunc_meta_graph_round_trip(tf):
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.range(6).map(lambda x: tf.cast(x, tf.float32) / 2).shuffle(3, seed=2).batch(2)
        tf.identity(tf.data.make_one_shot_iterator(ds).get_next(), name="nxt")
        meta = tf.train.export_meta_graph()
    h = tf.Graph()
    with h.as_default():
        tf.train.import_meta_graph(meta)
        with tf.Session() as sess:
            return _drain(tf, "nxt:0", sess)


def case_x_datafunc_errors_inside_functions(tf):
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.from_tensor_slices(np.array([1, 0, 2], np.int32)).map(lambda x: tf.floordiv(4, x))
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        sess = tf.Session()
        first = sess.run(nxt)
        err = message_has(lambda: sess.run(nxt), "{{node floordiv}}", "division by zero", "__inference")
        after = sess.run(nxt)
    g2 = tf.Graph()
    with g2.as_default():
        none_fn = catch(lambda: tf.data.Dataset.range(3).map(lambda x: None))
        not_bool = catch(lambda: tf.data.Dataset.range(3).filter(lambda x: x))
    return {"first": first, "err": err, "after": after, "none_fn": none_fn, "not_bool": not_bool}


def case_x_datafunc_random_in_map_function(tf):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(4)
        ds = tf.data.Dataset.range(4).map(lambda x: tf.cast(x, tf.float32) + tf.random.uniform([], seed=9))
        it = tf.data.make_initializable_iterator(ds)
        nxt = it.get_next()
        summary = _functions(g.as_graph_def())
        with tf.Session() as sess:
            sess.run(it.initializer)
            values = _drain(tf, nxt, sess)
            sess.run(it.initializer)  # each start instantiates the function anew: its random ops restart
            again = _drain(tf, nxt, sess)
    return {"functions": summary, "values": np.round(np.array([values, again]), 5).tolist()}
