"""Summaries across export and import: a graph with summary ops written as GraphDef and as MetaGraphDef,
imported into a new graph (with and without a scope), run there by name, and merged with merge_all
(whose SUMMARIES collection only the meta graph carries)."""
import numpy as np

from _harness import catch
from _tbread import summary_values


def _build(tf):
    x = tf.placeholder(tf.float32, [None], name="x")
    with tf.name_scope("stats"):
        tf.summary.scalar("mean", tf.reduce_mean(x))
        tf.summary.histogram("hist", x)
    tf.summary.text("label", tf.constant("run-1"), collections=["texts"])
    return tf.summary.merge_all(name="merged")


def _tags(sess, t, feed):
    return [(v["tag"], v.get("value", v.get("num"))) for v in summary_values(sess.run(t, feed))]


def case_x_svar_interop_graph_def_round_trip(tf):
    g1 = tf.Graph()
    with g1.as_default():
        merged = _build(tf)
        gd = g1.as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        tf.import_graph_def(gd, name="")
        none = tf.summary.merge_all()
        ops = sorted((o.name, o.type) for o in g2.get_operations() if "Summary" in o.type)
        x = g2.get_tensor_by_name("x:0")
        sess = tf.Session(graph=g2)
        feed = {x: np.array([1.0, 3.0], np.float32)}
        merged2 = g2.get_tensor_by_name(merged.name)
        remerged = tf.summary.merge([g2.get_tensor_by_name("stats/mean:0"), g2.get_tensor_by_name("label:0")])
        return {"merge_all_none": none, "ops": ops, "merged": _tags(sess, merged2, feed),
                "remerged": _tags(sess, remerged, feed), "remerged_name": remerged.op.name,
                "collections": g2.get_all_collection_keys()}


def case_x_svar_interop_graph_def_import_with_prefix(tf):
    g1 = tf.Graph()
    with g1.as_default():
        _build(tf)
        gd = g1.as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        feed_in = tf.constant([2.0, 4.0, 6.0], name="feed_in")
        merged, mean = tf.import_graph_def(gd, input_map={"x:0": feed_in}, return_elements=["merged:0", "stats/mean:0"],
                                           name="imp")
        tf.summary.scalar("local", tf.constant(1.0))
        local = tf.summary.merge_all()
        both = tf.summary.merge([merged, local])
        sess = tf.Session(graph=g2)
        return {"names": [merged.name, mean.name, local.name, both.name], "merged": _tags(sess, merged, None),
                "both": _tags(sess, both, None),
                "dup": catch(sess.run, tf.summary.merge([merged, mean]))}


def case_x_svar_interop_meta_graph_merge_all(tf):
    g1 = tf.Graph()
    with g1.as_default():
        _build(tf)
        meta = tf.train.export_meta_graph()
    keys = sorted(meta.collection_def)
    g2 = tf.Graph()
    with g2.as_default():
        tf.train.import_meta_graph(meta)
        collected = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
        texts = [t.name for t in tf.get_collection("texts")]
        merged_new = tf.summary.merge_all()
        scoped = tf.summary.merge_all(scope="stats")
        sess = tf.Session(graph=g2)
        feed = {g2.get_tensor_by_name("x:0"): [0.5, 1.5]}
        return {"keys": keys, "collected": collected, "texts": texts, "merged_new": merged_new.name,
                "tags": _tags(sess, merged_new, feed), "scoped": _tags(sess, scoped, feed),
                "old_merged": _tags(sess, g2.get_tensor_by_name("merged:0"), feed)}


def case_x_svar_interop_meta_graph_import_scope(tf):
    g1 = tf.Graph()
    with g1.as_default():
        _build(tf)
        meta = tf.train.export_meta_graph(collection_list=[tf.GraphKeys.SUMMARIES])
    g2 = tf.Graph()
    with g2.as_default():
        tf.train.import_meta_graph(meta, import_scope="run2")
        collected = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
        merged_new = tf.summary.merge_all(scope="run2/stats")
        texts = tf.get_collection("texts")
        sess = tf.Session(graph=g2)
        feed = {g2.get_tensor_by_name("run2/x:0"): [4.0]}
        return {"keys": sorted(meta.collection_def), "collected": collected, "texts": texts,
                "scoped": [merged_new.name, _tags(sess, merged_new, feed)],
                "all": _tags(sess, tf.summary.merge_all(), feed)}


def case_x_svar_interop_written_graph_reimported(tf):
    import os
    import shutil
    import tempfile
    from _tbread import event_files
    d = tempfile.mkdtemp()
    try:
        g1 = tf.Graph()
        with g1.as_default():
            _build(tf)
            w = tf.summary.FileWriter(d, g1)
            w.close()
        path = os.path.join(d, event_files(d)[0])
        graph_def = meta = None
        for ev in tf.train.summary_iterator(path):
            if ev.HasField("graph_def"):
                graph_def = tf.GraphDef.FromString(ev.graph_def)
            if ev.HasField("meta_graph_def"):
                meta = tf.MetaGraphDef.FromString(ev.meta_graph_def)
        g2 = tf.Graph()
        with g2.as_default():
            tf.train.import_meta_graph(meta)
            merged = tf.summary.merge_all()
            sess = tf.Session(graph=g2)
            tags = _tags(sess, merged, {g2.get_tensor_by_name("x:0"): [1.0]})
        shapes = {n.name: [d_.size for d_ in n.attr["_output_shapes"].list.shape[0].dim]
                  for n in graph_def.node if "Summary" in n.op}
        return {"tags": tags, "shapes": shapes, "meta_keys": sorted(meta.collection_def)}
    finally:
        shutil.rmtree(d)
