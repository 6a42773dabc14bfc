"""The interop fixes of the isweep sweep: SaverDef equality, set_last_checkpoints' AssertionError, the
reader's debug string, clear_extraneous_savers, strip_default_attrs, freezing resource variables read
inside a cond, remove_training_nodes as TF's and GraphDef version checks on import."""
import os

import numpy as np
import pytest

import tfsess as tf


def test_saver_def_equality_field_by_field():
    with tf.Graph().as_default():
        tf.Variable(1.0, name="v")
        saver = tf.train.Saver(max_to_keep=3)
        sd = saver.as_saver_def()
        assert tf.train.Saver(saver_def=sd).as_saver_def() == sd
        assert sd == saver.to_proto()
        other = tf.train.Saver(max_to_keep=4).as_saver_def()
        assert sd != other


def test_set_last_checkpoints_asserts_a_list():
    with tf.Graph().as_default():
        tf.Variable(1.0, name="v")
        saver = tf.train.Saver()
        with pytest.raises(AssertionError):
            saver.set_last_checkpoints("x")
        with pytest.raises(AssertionError):
            saver.set_last_checkpoints_with_time(("x", 1.0))


def test_reader_debug_string_names_tf_dtypes(tmp_path):
    with tf.Graph().as_default():
        tf.Variable(np.ones((2, 3), np.float32), name="a")
        tf.Variable(np.float16(1), name="h")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    text = tf.train.load_checkpoint(path).debug_string()
    assert text == b"a (DT_FLOAT) [2,3]\nh (DT_HALF) []\n"


def test_clear_extraneous_savers_drops_other_saver_scopes():
    with tf.Graph().as_default():
        tf.Variable(1.0, name="v")
        keep = tf.train.Saver(name="keep")
        tf.train.Saver(name="drop")
        tf.add_to_collection("ops", tf.get_default_graph().get_operation_by_name("drop/restore_all"))
        meta = tf.train.export_meta_graph(saver_def=keep.as_saver_def(), clear_extraneous_savers=True)
    names = [n.name for n in meta.graph_def.node]
    assert not any(n.startswith("drop/") for n in names)
    assert "keep/restore_all" in names
    assert list(meta.collection_def["ops"].node_list.value) == []


def test_strip_default_attrs_sets_the_flag_and_drops_defaults():
    with tf.Graph().as_default():
        tf.nn.max_pool(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
        full = tf.train.export_meta_graph()
        stripped = tf.train.export_meta_graph(strip_default_attrs=True)
    pool = lambda mg: [n for n in mg.graph_def.node if n.name == "pool"][0]  # noqa: E731
    assert "data_format" in pool(full).attr and not full.meta_info_def.stripped_default_attrs
    assert set(pool(stripped).attr) == {"_output_shapes", "ksize", "padding", "strides"}
    assert stripped.meta_info_def.stripped_default_attrs
    with tf.Graph().as_default() as g:  # the defaults come back on import
        tf.train.import_meta_graph(stripped)
        assert g.get_operation_by_name("pool").get_attr("data_format") in (b"NHWC", "NHWC")


def test_freeze_resource_variable_read_in_cond():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
        flag = tf.placeholder_with_default(True, [], name="flag")
        tf.identity(tf.cond(flag, lambda: x * v, lambda: x), name="out")
        sess = tf.Session()
        sess.run(v.initializer)
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"])
    ops = {n.name: n for n in frozen.node}
    assert ops["v"].op == "Const" and not ops["v"].device
    assert ops["cond/mul/ReadVariableOp"].op == "Identity"
    assert ops["cond/mul/Switch"].attr["T"].type == tf.float32.as_datatype_enum
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        out = tf.Session().run("out:0", {"x:0": [3.0, 4.0]})
    np.testing.assert_allclose(out, [3.0, 8.0])


def test_freeze_resource_gather_becomes_gather_v2():
    with tf.Graph().as_default() as g:
        v = tf.get_variable("emb", initializer=np.arange(6.0, dtype=np.float32).reshape(3, 2), use_resource=True)
        tf.identity(tf.nn.embedding_lookup(v, [2, 0]), name="out")
        sess = tf.Session()
        sess.run(v.initializer)
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"])
    assert "ResourceGather" not in {n.op for n in frozen.node}
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        out = tf.Session().run("out:0")
    np.testing.assert_allclose(out, [[4.0, 5.0], [0.0, 1.0]])


def test_remove_training_nodes_follows_tf():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        i1 = tf.identity(x, name="i1")
        m = tf.multiply(tf.debugging.check_numerics(i1, "bad", name="chk"), x, name="m")
        sg = tf.stop_gradient(m, name="sg")
        with tf.colocate_with(i1):
            tf.multiply(sg, 2.0, name="out")
    out = tf.graph_util.remove_training_nodes(g.as_graph_def())
    nodes = {n.name: list(n.input) for n in out.node}
    assert "chk" not in nodes and "sg" not in nodes
    assert nodes["m"] == ["x"]  # the CheckNumerics input is dropped, not spliced, as TF does
    assert "i1" in nodes  # another node is colocated with it
    assert nodes["out"][0] == "m"
    assert not out.HasField("versions")
    with tf.Graph().as_default() as g2:
        tf.identity(tf.debugging.check_numerics(tf.constant(1.0), "bad"), name="after")
    with pytest.raises(IndexError):
        tf.graph_util.remove_training_nodes(g2.as_graph_def())


@pytest.mark.parametrize("field, value, text", [
    ("min_consumer", 10 ** 6, "GraphDef min consumer version 1000000 above current version"),
    ("producer", -1, "GraphDef producer version -1 below min producer 0"),
    ("bad_consumers", None, "GraphDef disallows consumer version"),
])
def test_import_checks_graph_def_versions(field, value, text):
    with tf.Graph().as_default() as g:
        tf.constant(1.0, name="a")
    gd = g.as_graph_def()
    if field == "bad_consumers":
        gd.versions.bad_consumers.append(tf.GRAPH_DEF_VERSION)
    else:
        setattr(gd.versions, field, value)
    with tf.Graph().as_default() as g2:
        with pytest.raises(ValueError, match=text):
            tf.import_graph_def(gd)
        assert g2.get_operations() == []


def test_debug_string_file_exists(tmp_path):
    # the sweep's cases read debug strings of TF-written checkpoints too: the fixture's has TF's form
    here = os.path.dirname(os.path.abspath(__file__))
    prefix = os.path.join(here, "..", "..", "..", "shared", "conformance", "cases", "interop_fixtures", "ckpt",
                          "model.ckpt-100")
    if not os.path.exists(prefix + ".index"):
        pytest.skip("shared fixtures not present")
    text = tf.train.load_checkpoint(prefix).debug_string().decode()
    assert "dense/kernel (DT_FLOAT) [3,2]" in text


def test_variable_in_a_custom_collection_is_written_by_name():
    with tf.Graph().as_default():
        v = tf.Variable([1.0], name="v")
        tf.add_to_collection("mine", v)
        meta = tf.train.export_meta_graph()
    assert list(meta.collection_def["mine"].node_list.value) == ["v:0"]
    assert len(meta.collection_def["variables"].bytes_list.value) == 1
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta)
        assert [t.name for t in tf.get_collection("mine")] == ["v:0"]


def test_import_fills_default_attrs_into_the_callers_graph_def():
    with tf.Graph().as_default() as g:
        tf.nn.max_pool(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
    gd = g.as_graph_def()
    pool = [n for n in gd.node if n.name == "pool"][0]
    del pool.attr["data_format"]
    with tf.Graph().as_default():
        tf.import_graph_def(gd, name="")
    assert pool.attr["data_format"].s == b"NHWC"
