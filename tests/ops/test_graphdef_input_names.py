"""GraphDef details users read: where library ops convert their Python inputs (TF's const names) and
which ops carry TF's colocation (_class) attr."""
import tfsess as tf


def _nodes():
    return {n.name: n for n in tf.get_default_graph().as_graph_def().node}


def _class(node):
    return list(node.attr["_class"].list.s) if "_class" in node.attr else []


def test_inputs_converted_inside_or_beside_the_op_scope():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [1, 2, 2, 1])
        tf.placeholder_with_default(1.0, [], name="pwd")
        tf.image.resize_bilinear(x, [3, 3], name="rb")
        tf.nn.fused_batch_norm(x, [1.0], [0.0], name="fbn")
        nodes = _nodes()
    assert list(nodes["pwd"].input) == ["pwd/input"]
    assert list(nodes["rb"].input)[1] == "rb/size"
    assert list(nodes["fbn"].input)[1:] == ["scale", "offset", "Const", "Const_1"]


def test_default_names_still_unique():
    with tf.Graph().as_default():
        a = tf.placeholder_with_default([1, 2], [None])
        b = tf.placeholder_with_default([1, 2], [None])
        assert (a.op.name, b.op.name) == ("PlaceholderWithDefault", "PlaceholderWithDefault_1")
        with tf.Session() as sess:
            assert sess.run(b, {a: [5]}).tolist() == [1, 2]


def test_embedding_lookup_gather_and_loop_switch_are_colocated():
    with tf.Graph().as_default():
        table = tf.Variable(tf.zeros([4, 2]), name="table")
        out = tf.nn.embedding_lookup(table, tf.constant([1, 3]), name="emb")
        tf.while_loop(lambda k: k < 3, lambda k: k + 1, [0], name="wl")
        nodes = _nodes()
        with tf.Session() as sess:
            sess.run(table.initializer)
            assert sess.run(out).shape == (2, 2)
    assert _class(nodes["emb"]) == [b"loc:@table"]
    assert _class(nodes[out.op.name]) == []  # the closing Identity drops the colocation
    assert _class(nodes["wl/Switch"]) == [b"loc:@wl/Merge"]


def test_loop_with_colocated_switch_reimports_and_runs():
    with tf.Graph().as_default() as g:
        _, total = tf.while_loop(lambda k, s: k < 4, lambda k, s: (k + 1, s + k), [0, 0], name="wl")
        gd = g.as_graph_def()
    with tf.Graph().as_default():
        out, = tf.import_graph_def(gd, return_elements=[total.name], name="")
        with tf.Session() as sess:
            assert sess.run(out) == 6
