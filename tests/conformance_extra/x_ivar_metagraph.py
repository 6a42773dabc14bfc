"""Variations of the public interop_metagraph cases: meta graphs exported as text and imported with
input maps, scopes and cleared devices; the TF-written .meta imported under a scope; freezing over
other dtypes and its error paths; extract_sub_graph's checks; simple_save with several inputs and
dtypes, and the loader's error paths."""
import os
import shutil
import tempfile

import numpy as np

import _harness
from _harness import catch, message_has
from _tbread import graph_nodes

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures")
PREFIX = os.path.join(FIXTURES, "ckpt", "model.ckpt-100")


def _model(tf, dtype=None):
    dtype = dtype or tf.float32
    x = tf.placeholder(dtype, [None, 2], name="x")
    w = tf.Variable(np.array([[1.0, -1.0], [2.0, 0.5]], dtype.as_numpy_dtype), name="w")
    b = tf.Variable(np.array([0.25, 0.75], dtype.as_numpy_dtype), name="b")
    y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
    return x, w, b, y


def case_x_ivar_meta_graph_as_text_roundtrip(tf):
    d = tempfile.mkdtemp()
    try:
        x, w, b, y = _model(tf, tf.float64)
        tf.add_to_collection("outputs", y)
        path = os.path.join(d, "g.pbtxt")
        tf.train.export_meta_graph(filename=path, as_text=True)
        starts_text = open(path).read(14)
        tf.reset_default_graph()
        saver = tf.train.import_meta_graph(path)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        return {"text": starts_text, "saver": saver is None, "outputs": [t.name for t in tf.get_collection("outputs")],
                "dtype": tf.get_default_graph().get_tensor_by_name("x:0").dtype.name,
                "out": sess.run("y:0", {"x:0": [[1.0, 2.0]]})}
    finally:
        shutil.rmtree(d)


def case_x_ivar_import_meta_graph_input_map_and_return(tf):
    d = tempfile.mkdtemp()
    try:
        x, w, b, y = _model(tf)
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, os.path.join(d, "m"))
        g = tf.Graph()
        with g.as_default():
            fed = tf.constant([[1.0, 1.0]], name="fed")
            restorer, (yy,) = tf.train.import_meta_graph(prefix + ".meta", input_map={"x:0": fed},
                                                         return_elements=["y:0"])
            s = tf.Session(graph=g)
            restorer.restore(s, prefix)
            return {"y": s.run(yy), "name": yy.name, "inputs": [t.name for t in yy.op.inputs],
                    "placeholders": sorted(op.name for op in g.get_operations() if op.type == "Placeholder")}
    finally:
        shutil.rmtree(d)


def case_x_ivar_tf_written_meta_import_scope_and_restore(tf):
    saver = tf.train.import_meta_graph(PREFIX + ".meta", import_scope="m", clear_devices=True)
    g = tf.get_default_graph()
    sess = tf.Session()
    saver.restore(sess, PREFIX)
    return {"out": sess.run("m/y:0", {"m/x:0": [[1.0, 2.0, 3.0]]}),
            "globals": sorted(v.name for v in tf.global_variables()),
            "outputs": [t.name for t in tf.get_collection("outputs")],
            "devices": sorted({op.device for op in g.get_operations()}),
            "kernel": sess.run(g.get_tensor_by_name("m/dense/kernel:0"))}


def case_x_ivar_tf_written_meta_collections(tf):
    from tensorboard.compat.proto import meta_graph_pb2
    with open(PREFIX + ".meta", "rb") as f:
        parsed = meta_graph_pb2.MetaGraphDef.FromString(f.read())
    tf.train.import_meta_graph(PREFIX + ".meta")
    return {"keys": sorted(tf.get_default_graph().get_all_collection_keys()),
            "trainable": [v.name for v in tf.trainable_variables()],
            "step": [v.name for v in tf.get_collection(tf.GraphKeys.GLOBAL_STEP)],
            "file_collections": sorted(parsed.collection_def),
            "saver_def": [parsed.saver_def.filename_tensor_name, parsed.saver_def.save_tensor_name,
                          parsed.saver_def.restore_op_name, parsed.saver_def.version]}


def case_x_ivar_freeze_other_dtypes(tf):
    x = tf.placeholder(tf.int32, [None], name="x")
    scale = tf.Variable(np.int32(3), name="scale")
    offset = tf.Variable(np.array([0.5, 1.5], np.float64), name="offset")
    tf.add(tf.cast(x * scale, tf.float64), offset, name="y")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["y"])
    consts = {n.name: tensor_kinds(n) for n in frozen.node if n.op == "Const"}
    g = tf.Graph()
    with g.as_default():
        tf.import_graph_def(frozen, name="")
        out = tf.Session(graph=g).run("y:0", {"x:0": [1, 2]})
    return {"consts": consts, "out": out, "nodes": graph_nodes(frozen.SerializeToString(), attrs=False)}


def tensor_kinds(node):
    from tensorboard.compat.proto import types_pb2
    return types_pb2.DataType.Name(node.attr["dtype"].type)


def case_x_ivar_freeze_and_extract_errors(tf):
    x, w, b, y = _model(tf)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    gd = sess.graph_def
    return {"unknown_output": catch(tf.graph_util.convert_variables_to_constants, sess, gd, ["nothing"]),
            "string_dest": catch(tf.graph_util.extract_sub_graph, gd, "y"),
            "unknown_dest": catch(tf.graph_util.extract_sub_graph, gd, ["zzz"]),
            "still": sess.run(y, {x: [[1.0, 1.0]]}),
            "two_outputs": sorted(n.name for n in tf.graph_util.extract_sub_graph(gd, ["y", "w"]).node)}


def case_x_ivar_simple_save_several_inputs_and_dtypes(tf):
    d = tempfile.mkdtemp()
    try:
        export_dir = os.path.join(d, "export")
        a = tf.placeholder(tf.int64, [None], name="a")
        s = tf.placeholder(tf.string, [], name="s")
        v = tf.Variable(np.int64(10), name="v")
        total = tf.add(tf.reduce_sum(a), v, name="total")
        text = tf.strings.join([s, tf.as_string(total)], separator=":", name="text")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        tf.saved_model.simple_save(sess, export_dir, inputs={"a": a, "s": s}, outputs={"total": total, "text": text})
        again = catch(tf.saved_model.simple_save, sess, export_dir, inputs={"a": a}, outputs={"total": total})
        g = tf.Graph()
        with g.as_default():
            s2 = tf.Session(graph=g)
            mg = tf.saved_model.loader.load(s2, ["serve"], export_dir)
            sig = mg.signature_def["serving_default"]
            out = s2.run([sig.outputs["total"].name, sig.outputs["text"].name],
                         {sig.inputs["a"].name: [1, 2, 3], sig.inputs["s"].name: b"sum"})
            info = {k: [t.name, t.dtype, [dim.size for dim in t.tensor_shape.dim], t.tensor_shape.unknown_rank]
                    for k, t in list(sig.inputs.items()) + list(sig.outputs.items())}
        return {"out": out, "info": info, "again": again, "vars": sorted(os.listdir(os.path.join(export_dir, "variables")))}
    finally:
        shutil.rmtree(d)


def case_x_ivar_loader_errors_and_directory_checks(tf):
    export_dir = os.path.join(FIXTURES, "saved_model")
    sess = tf.Session()
    wrong_tags = message_has(lambda: tf.saved_model.loader.load(sess, ["train"], export_dir),
                             "MetaGraphDef associated with tags", "train", "could not be found in SavedModel")
    d = tempfile.mkdtemp()
    try:
        missing = catch(tf.saved_model.loader.load, sess, ["serve"], os.path.join(d, "none"))
        return {"wrong_tags": wrong_tags, "missing": missing,
                "maybe_empty": tf.saved_model.loader.maybe_saved_model_directory(d),
                "maybe_file": tf.saved_model.loader.maybe_saved_model_directory(os.path.join(export_dir, "saved_model.pb")),
                "contains": tf.saved_model.contains_saved_model(export_dir),
                "ops_left": len(tf.get_default_graph().get_operations())}
    finally:
        shutil.rmtree(d)


def case_x_ivar_load_tf_written_saved_model_twice_and_scope(tf):
    export_dir = os.path.join(FIXTURES, "saved_model")
    sess = tf.Session()
    mg = tf.saved_model.loader.load(sess, ["serve"], export_dir, import_scope="first")
    sig = mg.signature_def["serving_default"]
    out = sess.run("first/" + sig.outputs["y"].name, {"first/" + sig.inputs["x"].name: [[1.0, 2.0]]})
    return {"out": out, "vars": sorted(v.name for v in tf.global_variables()),
            "sig_names": [sig.inputs["x"].name, sig.outputs["y"].name], "tags": list(mg.meta_info_def.tags),
            "method": sig.method_name}


def case_x_ivar_import_meta_graph_bad_files(tf):
    d = tempfile.mkdtemp()
    try:
        junk = os.path.join(d, "junk.meta")
        with open(junk, "w") as f:  # UTF-8 text, no meta graph (undecodable bytes: see the report)
            f.write("this is { not a meta graph")
        return {"missing": catch(tf.train.import_meta_graph, os.path.join(d, "none.meta")),
                "junk": catch(tf.train.import_meta_graph, junk),
                "ops_left": len(tf.get_default_graph().get_operations())}
    finally:
        shutil.rmtree(d)


def case_x_ivar_export_meta_graph_clear_devices_and_collections(tf):
    with tf.device("/cpu:0"):
        x, w, b, y = _model(tf)
    tf.add_to_collection("numbers", 3)
    tf.add_to_collection("floats", 1.5)
    tf.add_to_collection("texts", "hello")
    mg = tf.train.export_meta_graph(clear_devices=True)
    kept = tf.train.export_meta_graph()
    tf.reset_default_graph()
    tf.train.import_meta_graph(mg)
    return {"devices": sorted({n.device for n in mg.graph_def.node}),
            "kept_devices": sorted({n.device for n in kept.graph_def.node}),
            "kinds": {k: mg.collection_def[k].WhichOneof("kind") for k in mg.collection_def},
            "numbers": tf.get_collection("numbers"), "floats": tf.get_collection("floats"),
            "texts": tf.get_collection("texts")}
