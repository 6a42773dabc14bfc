"""More summary and interop probes: summary ops' dtypes, shapes, max_outputs, families and bad inputs,
histogram edge values, tensor_summary, FileWriter add_meta_graph/add_run_metadata, import_graph_def
with input_map of several kinds, return_elements errors and name collisions, the checkpoint reader's
errors, Saver variants (max_to_keep, sharded, var_list lists, relative paths), export/import of meta
graphs with collections and clear_devices, graph_util helpers."""
import os
import shutil
import tempfile

import _harness
import numpy as np

from _harness import catch
from _tbread import graph_nodes, meta_graph, read_events, summary_values

# the fixture files TF wrote, beside the shared suite's interop cases
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures")
PREFIX = os.path.join(FIXTURES, "ckpt", "model.ckpt-100")


# ------------------------------------------------------------------ summary ops
def case_x_summary_scalar_dtypes_and_errors(tf):
    sess = tf.Session()
    vals = [tf.summary.scalar("f64", tf.constant(1.5, tf.float64)), tf.summary.scalar("i64", tf.constant(3, tf.int64)),
            tf.summary.scalar("u8", tf.constant(200, tf.uint8)), tf.summary.scalar("b", tf.constant(True))
            if False else tf.summary.scalar("f16", tf.constant(0.5, tf.float16))]
    return {"values": [summary_values(v) for v in sess.run(vals)],
            "vector": catch(lambda: sess.run(tf.summary.scalar("vec", tf.constant([1.0, 2.0])))),
            "string": catch(tf.summary.scalar, "s", tf.constant("x")),
            "bad_tag": [t.op.name for t in [tf.summary.scalar("a b/c:d", tf.constant(1.0))]],
            "bad_tag_value": summary_values(sess.run(tf.summary.scalar("a b/c:d", tf.constant(1.0))))}


def case_x_summary_histogram_edges(tf):
    sess = tf.Session()
    out = {}
    for name, v in (("empty", np.zeros([0], np.float32)), ("const", np.full([4], 2.0, np.float32)),
                    ("ints", np.array([1, 5, 5, 9], np.int32)), ("neg", np.array([-3.0, -1.0, 0.0, 2.0]))):
        out[name] = summary_values(sess.run(tf.summary.histogram(name, tf.constant(v))))
    out["nan"] = catch(lambda: sess.run(tf.summary.histogram("nan", tf.constant([1.0, np.nan]))))
    return out


def case_x_summary_image_max_outputs_and_dtypes(tf):
    sess = tf.Session()
    batch = np.linspace(0, 1, 3 * 2 * 2 * 1, dtype=np.float32).reshape(3, 2, 2, 1)
    a = tf.summary.image("img", tf.constant(batch), max_outputs=2)
    b = tf.summary.image("rgba", tf.constant(np.full([1, 1, 2, 4], 128, np.uint8)))
    c = tf.summary.image("neg", tf.constant(np.array([[[[-1.0], [0.5]]]], np.float32)))
    return {"a": summary_values(sess.run(a)), "b": summary_values(sess.run(b)), "c": summary_values(sess.run(c)),
            "bad_channels": catch(tf.summary.image, "x", tf.zeros([1, 2, 2, 2])),
            "bad_rank": catch(tf.summary.image, "x", tf.zeros([2, 2, 1]))}


def case_x_summary_text_and_tensor_summary(tf):
    sess = tf.Session()
    t = tf.summary.text("notes", tf.constant(["a", "b"]))
    ts = tf.summary.tensor_summary("tens", tf.constant([[1, 2], [3, 4]]))
    return {"text": summary_values(sess.run(t)), "tensor": summary_values(sess.run(ts)),
            "text_not_string": catch(tf.summary.text, "n", tf.constant(1)),
            "names": [t.op.name, ts.op.name, t.op.type, ts.op.type]}


def case_x_summary_merge_errors_and_nesting(tf):
    sess = tf.Session()
    a = tf.summary.scalar("a", tf.constant(1.0))
    b = tf.summary.scalar("b", tf.constant(2.0))
    m1 = tf.summary.merge([a])
    m2 = tf.summary.merge([m1, b], name="outer")
    dup = tf.summary.merge([a, a])
    return {"m2": summary_values(sess.run(m2)), "name": m2.op.name,
            "dup": catch(lambda: summary_values(sess.run(dup))),
            "empty": catch(tf.summary.merge, []),
            "not_string": catch(tf.summary.merge, [tf.constant(1.0)])}


def case_x_summary_writer_meta_graph_and_run_metadata(tf):
    d = tempfile.mkdtemp()
    try:
        x = tf.constant(1.0, name="x")
        y = tf.identity(x, name="y")
        sess = tf.Session()
        meta = tf.RunMetadata()
        sess.run(y, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta)
        w = tf.summary.FileWriter(d)
        w.add_meta_graph(tf.train.export_meta_graph(), global_step=2)
        w.add_run_metadata(meta, "step1", global_step=1)
        w.add_graph(None, graph_def=tf.get_default_graph().as_graph_def())
        dup = catch(w.add_run_metadata, meta, "step1")
        w.close()
        return {"events": read_events(d, only_nodes=("x", "y")), "dup": dup}
    finally:
        shutil.rmtree(d)


def case_x_summary_writer_graph_in_constructor_and_max_queue(tf):
    d = tempfile.mkdtemp()
    try:
        tf.constant(2.0, name="c")
        w = tf.summary.FileWriter(d, graph=tf.get_default_graph(), max_queue=1, flush_secs=1000,
                                  filename_suffix=".sfx")
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="t", simple_value=1.0)]), 0)
        files = os.listdir(d)
        w.close()
        return {"suffix": all(f.endswith(".sfx") for f in files), "n": len(files),
                "events": read_events(d, only_nodes=("c",)), "logdir": w.get_logdir() == d}
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ import_graph_def
def _affine(tf):
    gd = tf.GraphDef()
    with open(os.path.join(FIXTURES, "affine.pb"), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def case_x_interop_input_map_kinds(tf):
    gd = _affine(tf)
    batch = np.array([[1.0, 2.0, 3.0]], np.float32)
    inputs = [n.name for n in gd.node if n.op == "Placeholder"]
    outs = {}
    with tf.Graph().as_default():
        c = tf.constant(batch)
        probs, = tf.import_graph_def(gd, input_map={inputs[0] + ":0": c}, return_elements=["probs:0"], name="a")
        outs["tensor_key"] = tf.Session().run(probs)
    with tf.Graph().as_default():
        v = tf.Variable(batch)
        probs, op = tf.import_graph_def(gd, input_map={inputs[0]: tf.identity(v)},
                                        return_elements=["probs:0", "probs"], name="")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        outs["name_key"] = sess.run(probs)
        outs["op"] = [op.name, op.type, type(op).__name__]
    with tf.Graph().as_default():
        outs["unused_key"] = catch(tf.import_graph_def, gd, input_map={"nope:0": tf.constant(1.0)})
        outs["wrong_dtype"] = catch(tf.import_graph_def, gd, input_map={inputs[0] + ":0": tf.constant([[1, 2, 3]])})
        outs["bad_return"] = catch(tf.import_graph_def, gd, return_elements=["missing:0"])
        outs["bad_return_index"] = catch(tf.import_graph_def, gd, return_elements=["probs:5"])
        outs["not_graph_def"] = catch(tf.import_graph_def, "x")
    return outs


def case_x_interop_import_name_collisions_and_scopes(tf):
    gd = _affine(tf)
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="m")
        tf.import_graph_def(gd, name="m")
        with tf.name_scope("outer"):
            tf.import_graph_def(gd, name="inner")
        tf.import_graph_def(gd)
        names = sorted({op.name.split("/")[0] + "/" + (op.name.split("/")[1] if "/" in op.name else "")
                        for op in g.get_operations() if op.name.endswith("probs")})
        return {"names": names, "count": len(g.get_operations())}


def case_x_interop_import_own_graph_with_control_deps_and_devices(tf):
    with tf.Graph().as_default() as g1:
        a = tf.placeholder(tf.float32, [None], name="a")
        with tf.device("/cpu:0"):
            b = tf.multiply(a, 2.0, name="b")
        with tf.control_dependencies([b]):
            c = tf.identity(a, name="c")
        tf.add(b, c, name="d")
    gd = g1.as_graph_def()
    with tf.Graph().as_default() as g2:
        d, = tf.import_graph_def(gd, return_elements=["d:0"], name="imp")
        sess = tf.Session()
        return {"d": sess.run(d, {"imp/a:0": [1.0, 2.0]}),
                "control": [op.name for op in g2.get_operation_by_name("imp/c").control_inputs],
                "device": g2.get_operation_by_name("imp/b").device,
                "nodes": graph_nodes(g2.as_graph_def(), attrs=False)}


# ------------------------------------------------------------------ checkpoints
def case_x_interop_checkpoint_reader_errors(tf):
    reader = tf.train.NewCheckpointReader(PREFIX)
    d = tempfile.mkdtemp()
    try:
        return {"missing_tensor": catch(reader.get_tensor, "nope"),
                "missing_file": catch(tf.train.NewCheckpointReader, os.path.join(d, "nothing")),
                "load_missing_var": catch(tf.train.load_variable, PREFIX, "nope"),
                "latest_empty": tf.train.latest_checkpoint(d),
                "state_empty": tf.train.get_checkpoint_state(d),
                "debug_string_type": type(reader.debug_string()).__name__}
    finally:
        shutil.rmtree(d)


def case_x_interop_saver_max_to_keep_and_relative_paths(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(1.0, name="v")
        saver = tf.train.Saver(max_to_keep=2)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        paths = [saver.save(sess, os.path.join(d, "m"), global_step=i) for i in range(4)]
        state = tf.train.get_checkpoint_state(d)
        return {"paths": [os.path.basename(p) for p in paths],
                "last": [os.path.basename(p) for p in saver.last_checkpoints],
                "all_in_state": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "exists": [tf.train.checkpoint_exists(p) for p in paths],
                "files": sorted(f for f in os.listdir(d) if f.endswith(".index"))}
    finally:
        shutil.rmtree(d)


def case_x_interop_saver_var_list_forms_and_errors(tf):
    d = tempfile.mkdtemp()
    try:
        a = tf.Variable([1.0, 2.0], name="a")
        b = tf.Variable(3, name="b")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver([a]).save(sess, os.path.join(d, "only_a"))
        reader = tf.train.NewCheckpointReader(path)
        out = {"saved": sorted(reader.get_variable_to_shape_map())}
        out["dup_names"] = catch(tf.train.Saver, {"x": a, "x2": a})
        out["empty"] = catch(tf.train.Saver, [])
        out["restore_missing"] = catch(lambda: tf.train.Saver([a, b]).restore(sess, path))
        out["usable"] = sess.run(a)
        c = tf.Variable([0.0, 0.0, 0.0], name="a_big")
        out["shape_mismatch"] = catch(lambda: tf.train.Saver({"a": c}).restore(sess, path))
        return out
    finally:
        shutil.rmtree(d)


def case_x_interop_meta_graph_collections_and_clear_devices(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            with tf.device("/cpu:0"):
                v = tf.Variable(2.0, name="v")
            x = tf.placeholder(tf.float32, [], name="x")
            y = tf.multiply(v, x, name="y")
            tf.add_to_collection("outputs", y)
            tf.add_to_collection("names", "hello")
            tf.add_to_collection("ints", 7) if False else None
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            saver = tf.train.Saver()
            path = saver.save(sess, os.path.join(d, "m"))
            meta = tf.train.export_meta_graph(os.path.join(d, "x.meta"), clear_devices=True)
        with tf.Graph().as_default() as g:
            restorer = tf.train.import_meta_graph(os.path.join(d, "x.meta"))
            sess = tf.Session()
            restorer.restore(sess, path)
            y2 = tf.get_collection("outputs")[0]
            return {"y": sess.run(y2, {"x:0": 3.0}), "names": tf.get_collection("names"),
                    "device": g.get_operation_by_name("v").device,
                    "meta": meta_graph(meta, only=("v", "x", "y")),
                    "trainable": [t.name for t in tf.trainable_variables()]}
    finally:
        shutil.rmtree(d)


def case_x_interop_import_meta_graph_input_map_and_scope(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None], name="x")
            tf.identity(x * 3.0, name="out")
            tf.train.export_meta_graph(os.path.join(d, "g.meta"))
        with tf.Graph().as_default() as g:
            c = tf.constant([1.0, 2.0])
            tf.train.import_meta_graph(os.path.join(d, "g.meta"), input_map={"x:0": c}, import_scope="s")
            out = g.get_tensor_by_name("s/out:0")
            return {"out": tf.Session().run(out), "saver_none": tf.train.import_meta_graph(
                os.path.join(d, "g.meta"), import_scope="t") is None}
    finally:
        shutil.rmtree(d)


def case_x_interop_graph_util_helpers(tf):
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [2], name="a")
        v = tf.Variable([1.0, 2.0], name="v")
        b = tf.add(a, v, name="b")
        tf.identity(tf.constant(5.0, name="unused"), name="dead")
        out = tf.multiply(b, 2.0, name="out")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"])
        sub = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["b"])
        pruned = tf.graph_util.remove_training_nodes(frozen)
    return {"frozen": graph_nodes(frozen, attrs=False), "sub": sorted(n.name for n in sub.node),
            "pruned": sorted(n.name for n in pruned.node),
            "missing": catch(tf.graph_util.extract_sub_graph, frozen, ["nope"]),
            "names_not_list": catch(tf.graph_util.extract_sub_graph, frozen, "out")}
