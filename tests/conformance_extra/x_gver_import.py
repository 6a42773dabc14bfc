"""An import merges the GraphDef's versions into the graph's, as TF's does: the lowest producer, the
highest min_consumer, every bad consumer; later GraphDefs and meta graphs carry the merged versions."""


def _versions(v):
    return [v.producer, v.min_consumer, list(v.bad_consumers)]


def case_x_gver_import_merge(tf):
    source = tf.Graph()
    with source.as_default():
        tf.constant(1.0, name="c")
    gd = source.as_graph_def()
    own = _versions(source.graph_def_versions)
    gd.versions.producer, gd.versions.min_consumer = 20, 3
    gd.versions.bad_consumers.extend([5, 7])
    target = tf.Graph()
    with target.as_default():
        tf.constant(2.0, name="mine")
        before = _versions(target.graph_def_versions)
        tf.import_graph_def(gd, name="a")
        first = _versions(target.graph_def_versions)
        gd.versions.producer, gd.versions.min_consumer = 30, 1
        del gd.versions.bad_consumers[:]
        gd.versions.bad_consumers.extend([7, 9])
        tf.import_graph_def(gd, name="b")
        second = _versions(target.graph_def_versions)
        written = _versions(target.as_graph_def().versions)
        meta = _versions(tf.train.export_meta_graph().graph_def.versions)
    return {"own": own, "before": before, "first": first, "second": second, "written": written, "meta": meta}


def case_x_gver_import_unversioned_and_failed(tf):
    gd = tf.GraphDef()
    node = gd.node.add()
    node.name, node.op = "n", "NoOp"
    g = tf.Graph()
    with g.as_default():
        tf.import_graph_def(gd, name="a")
        unversioned = _versions(g.graph_def_versions)
    bad = tf.GraphDef()
    bad.versions.producer = 5
    node = bad.node.add()
    node.name, node.op = "x", "NoSuchOpType"
    h = tf.Graph()
    with h.as_default():
        try:
            tf.import_graph_def(bad, name="z")
            failed = None
        except Exception as exc:  # the error class is compared; the versions must not have moved
            failed = type(exc).__name__
        after_failure = _versions(h.graph_def_versions)
    with tf.Graph().as_default() as k:
        tf.train.import_meta_graph(tf.train.export_meta_graph(graph=g))
        through_meta = _versions(k.graph_def_versions)
    return {"unversioned": unversioned, "failed": failed, "after_failure": after_failure, "meta": through_meta}
