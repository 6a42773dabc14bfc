"""A sweep of interop: import_graph_def with input_map/return_elements/name scopes and control
inputs, GraphDef protos built by hand, export/import of meta graphs with collections and savers,
write_graph text/binary read back, Saver + checkpoint reading (CheckpointReader, list_variables,
load_variable), TF-written fixtures, graph_util helpers and GraphDef versions."""
import os
import shutil
import tempfile

import _harness
import numpy as np

from _harness import catch
from _tbread import graph_nodes, meta_graph

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures")
CKPT_DIR = os.path.join(FIXTURES, "ckpt")
PREFIX = os.path.join(CKPT_DIR, "model.ckpt-100")
BATCH = np.array([[1.0, 2.0, 3.0]], np.float32)


def _affine(tf):
    gd = tf.GraphDef()
    with open(os.path.join(FIXTURES, "affine.pb"), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


# ------------------------------------------------------------------ GraphDef
def case_x_interop_sweep_import_return_ops_and_tensors_mixed(tf):
    gd = _affine(tf)
    with tf.Graph().as_default() as g:
        elems = tf.import_graph_def(gd, return_elements=["input", "probs:0", "logits"], name="n")
        sess = tf.Session()
        return {"kinds": [type(e).__name__ for e in elems], "names": [e.name for e in elems],
                "probs": sess.run(elems[1], {elems[0].outputs[0]: BATCH}),
                "none_ret": tf.import_graph_def(gd, name="m") is None}


def case_x_interop_sweep_import_input_map_op_output_and_control(tf):
    with tf.Graph().as_default() as g1:
        a = tf.placeholder(tf.float32, [], name="a")
        b = tf.add(a, 1.0, name="b")
        with tf.control_dependencies([b.op]):
            tf.identity(a, name="c")
        tf.multiply(b, 2.0, name="d")
    gd = g1.as_graph_def()
    with tf.Graph().as_default() as g2:
        z = tf.constant(5.0, name="z")
        d, c = tf.import_graph_def(gd, input_map={"a:0": z}, return_elements=["d:0", "c"], name="i")
        return {"d": tf.Session().run(d), "c_ctrl": [o.name for o in c.control_inputs],
                "ops": sorted(o.name for o in g2.get_operations())}


def case_x_interop_sweep_import_in_name_scope_and_prefix_collision(tf):
    gd = _affine(tf)
    with tf.Graph().as_default() as g:
        tf.constant(1.0, name="net")
        tf.import_graph_def(gd, name="net")
        with tf.name_scope("a"):
            with tf.name_scope("b"):
                tf.import_graph_def(gd, name="c")
        names = sorted({op.name.rsplit("/", 1)[0] for op in g.get_operations() if op.name.endswith("probs")})
        return names


def case_x_interop_sweep_graph_def_built_by_hand(tf):
    gd = tf.GraphDef()
    n = gd.node.add()
    n.name = "x"
    n.op = "Const"
    n.attr["dtype"].type = tf.float32.as_datatype_enum
    n.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(np.array([1.0, 2.0], np.float32)))
    m = gd.node.add()
    m.name = "y"
    m.op = "Square"
    m.input.append("x")
    m.attr["T"].type = tf.float32.as_datatype_enum
    with tf.Graph().as_default():
        y, = tf.import_graph_def(gd, return_elements=["y:0"], name="")
        out = tf.Session().run(y)
    bad = tf.GraphDef()
    bad.CopyFrom(gd)
    bad.node[1].input[0] = "nope"
    with tf.Graph().as_default():
        missing = catch(tf.import_graph_def, bad)
    unknown = tf.GraphDef()
    unknown.node.add(name="u", op="NoSuchOpType")
    with tf.Graph().as_default():
        unknown_op = catch(tf.import_graph_def, unknown)
    return {"y": out, "missing": missing, "unknown_op": unknown_op}


def case_x_interop_sweep_graph_def_versions_and_sizes(tf):
    with tf.Graph().as_default() as g:
        tf.constant(1.0, name="a")
        v0 = g.version
        tf.constant(2.0, name="b")
        gd = g.as_graph_def()
        gd_from = g.as_graph_def(from_version=v0)
    return {"producer_positive": gd.versions.producer > 0, "n": len(gd.node), "from": [n.name for n in gd_from.node],
            "byte_size": gd.ByteSize() > 0, "add_shapes": [
                list(tf.Graph().as_graph_def(add_shapes=True).node)]}


def case_x_interop_sweep_as_graph_def_add_shapes(tf):
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [None, 3], name="a")
        tf.reduce_sum(a, axis=1, name="s")
        gd = g.as_graph_def(add_shapes=True)
    return {n.name: [[d.size for d in s.dim] for s in n.attr["_output_shapes"].list.shape] for n in gd.node}


def case_x_interop_sweep_write_graph_and_read_back(tf):
    from google.protobuf import text_format
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [2], name="x")
            tf.identity(x * 2.0, name="y")
        p1 = tf.io.write_graph(g, d, "g.pbtxt", as_text=True)
        p2 = tf.io.write_graph(g.as_graph_def(), d, "g.pb", as_text=False)
        with tf.gfile.GFile(p1) as f:
            gd_text = text_format.Parse(f.read(), tf.GraphDef())
        with tf.gfile.GFile(p2, "rb") as f:
            gd_bin = tf.GraphDef.FromString(f.read())
        with tf.Graph().as_default():
            y1, = tf.import_graph_def(gd_text, return_elements=["y:0"])
            y2, = tf.import_graph_def(gd_bin, return_elements=["y:0"], name="b")
            out = tf.Session().run([y1, y2], {"import/x:0": [1.0, 2.0], "b/x:0": [3.0, 4.0]})
        return {"out": out, "same": gd_text == gd_bin, "files": sorted(os.listdir(d))}
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ meta graphs
def case_x_interop_sweep_meta_graph_collections_kinds(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            v = tf.Variable([1.0, 2.0], name="v")
            loss = tf.reduce_sum(v, name="loss")
            train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
            tf.add_to_collection("losses_list", loss)
            tf.add_to_collection("train_ops", train)
            tf.add_to_collection("ints", 5)
            tf.add_to_collection("floats", 2.5)
            tf.add_to_collection("strs", "s")
            path = os.path.join(d, "m.meta")
            meta = tf.train.export_meta_graph(path)
        with tf.Graph().as_default():
            tf.train.import_meta_graph(path)
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run(tf.get_collection("train_ops")[0])
            return {"loss": sess.run(tf.get_collection("losses_list")[0]),
                    "ints": tf.get_collection("ints"), "floats": tf.get_collection("floats"),
                    "strs": tf.get_collection("strs"),
                    "keys": sorted(meta.collection_def.keys()),
                    "vars": [x.name for x in tf.global_variables()],
                    "trainable": [x.name for x in tf.trainable_variables()]}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_saver_save_restore_meta_roundtrip(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 2], name="x")
            w = tf.get_variable("w", initializer=tf.constant([[1.0], [2.0]]))
            y = tf.matmul(x, w, name="y")
            tf.add_to_collection("pred", y)
            step = tf.train.get_or_create_global_step()
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run(w.assign([[3.0], [4.0]]))
            saver = tf.train.Saver()
            path = saver.save(sess, os.path.join(d, "model"), global_step=7)
        with tf.Graph().as_default():
            restorer = tf.train.import_meta_graph(path + ".meta")
            sess = tf.Session()
            restorer.restore(sess, tf.train.latest_checkpoint(d))
            y = tf.get_collection("pred")[0]
            return {"y": sess.run(y, {"x:0": [[1.0, 1.0]]}), "path": os.path.basename(path),
                    "step": sess.run(tf.train.get_global_step()),
                    "files": sorted(os.listdir(d)),
                    "saver_def_version": restorer.saver_def.version}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_import_meta_graph_from_proto_and_clear_devices(tf):
    with tf.Graph().as_default():
        with tf.device("/device:CPU:0"):
            a = tf.Variable(3.0, name="a")
        tf.identity(a * 2.0, name="out")
        meta = tf.train.export_meta_graph()
    with tf.Graph().as_default() as g:
        saver = tf.train.import_meta_graph(meta, clear_devices=True)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        return {"out": sess.run("out:0"), "device": g.get_operation_by_name("a").device,
                "saver_type": type(saver).__name__, "meta": meta_graph(meta, only=("a", "out"))}


def case_x_interop_sweep_export_scoped_meta_graph(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            with tf.variable_scope("keep"):
                k = tf.get_variable("k", initializer=1.0)
                tf.identity(k + 1.0, name="out")
            with tf.variable_scope("drop"):
                tf.get_variable("z", initializer=2.0)
            meta = tf.train.export_meta_graph(os.path.join(d, "s.meta"), export_scope="keep")
        with tf.Graph().as_default() as g:
            tf.train.import_meta_graph(os.path.join(d, "s.meta"), import_scope="new")
            return {"ops": sorted(o.name for o in g.get_operations() if "/" in o.name and "Initializer" not in o.name
                                  and "read" not in o.name and "Assign" not in o.name),
                    "vars": [v.name for v in tf.global_variables()],
                    "nodes": sorted(n.name for n in meta.graph_def.node if "Initializer" not in n.name)}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_tf_written_meta_import_and_restore(tf):
    with tf.Graph().as_default() as g:
        saver = tf.train.import_meta_graph(PREFIX + ".meta")
        sess = tf.Session()
        saver.restore(sess, PREFIX)
        names = sorted(v.op.name for v in tf.global_variables())
        return {"names": names, "kernel": sess.run(g.get_tensor_by_name("dense/kernel:0")),
                "step": sess.run(tf.train.get_global_step()) if tf.train.get_global_step() is not None else None}


# ------------------------------------------------------------------ checkpoints
def case_x_interop_sweep_checkpoint_reader_partitioned_and_slices(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            p = tf.get_variable("part", shape=[6, 2], initializer=tf.constant_initializer(3.0),
                                partitioner=tf.fixed_size_partitioner(3))
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, os.path.join(d, "p"))
        reader = tf.train.NewCheckpointReader(path)
        return {"shapes": {k: v for k, v in reader.get_variable_to_shape_map().items()},
                "value": reader.get_tensor("part"), "list": tf.train.list_variables(d)}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_saver_dtypes_and_strings(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            vs = [tf.Variable(np.array([1, -2], np.int8), name="i8"), tf.Variable(np.array([3], np.uint8), name="u8"),
                  tf.Variable(np.array([1.5], np.float16), name="f16"), tf.Variable([b"a", b"bc"], name="s"),
                  tf.Variable(np.array([1 + 2j], np.complex64), name="c64"), tf.Variable([True], name="b"),
                  tf.Variable(np.array([[7]], np.int16), name="i16"), tf.Variable(np.uint16(9), name="u16")]
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, os.path.join(d, "t"))
        reader = tf.train.load_checkpoint(path)
        return {"dtypes": {k: v.name for k, v in reader.get_variable_to_dtype_map().items()},
                "values": {n: reader.get_tensor(n) for n in sorted(reader.get_variable_to_shape_map())},
                "load": tf.train.load_variable(d, "s")}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_saver_v1_format_and_sharded(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            with tf.device("/cpu:0"):
                a = tf.Variable([1.0, 2.0], name="a")
            b = tf.Variable(5, name="b")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sharded = tf.train.Saver(sharded=True).save(sess, os.path.join(d, "sh"))
            r = tf.train.NewCheckpointReader(sharded)
            out = {"sharded_name": os.path.basename(sharded), "sharded_vals": [r.get_tensor("a"), r.get_tensor("b")]}
            sess.run([a.assign([0.0, 0.0]), b.assign(0)])
            tf.train.Saver(sharded=True).restore(sess, sharded)
            out["restored"] = sess.run([a, b])
            out["files"] = sorted(f for f in os.listdir(d) if not f.startswith("checkpoint"))
        return out
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_checkpoint_state_helpers(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            tf.Variable(1.0, name="v")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            saver = tf.train.Saver(max_to_keep=3)
            for i in (10, 20, 30, 40):
                saver.save(sess, os.path.join(d, "ck"), global_step=i, latest_filename="mine")
        state = tf.train.get_checkpoint_state(d, latest_filename="mine")
        default = tf.train.get_checkpoint_state(d)
        return {"latest": os.path.basename(tf.train.latest_checkpoint(d, latest_filename="mine")),
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "default_none": default is None,
                "mtimes": len(tf.train.get_checkpoint_mtimes([os.path.join(d, "ck-40")])),
                "exists": [tf.train.checkpoint_exists(os.path.join(d, f"ck-{i}")) for i in (10, 40)]}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_restore_errors_keep_session_usable(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            a = tf.Variable([1.0, 2.0], name="a")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            a = tf.Variable(0, name="a")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            wrong_dtype = catch(tf.train.Saver().restore, sess, path)
            missing = catch(tf.train.Saver().restore, sess, os.path.join(d, "nothing"))
            none_path = catch(tf.train.Saver().restore, sess, None)
            return {"wrong_dtype": wrong_dtype, "missing": missing, "none": none_path, "still": sess.run(a)}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_fixture_variables_and_init_from_checkpoint(tf):
    with tf.Graph().as_default():
        k = tf.get_variable("kern", shape=[3, 2])
        e = tf.get_variable("e", shape=[2, 3], dtype=tf.float64)
        tf.train.init_from_checkpoint(PREFIX, {"dense/kernel": "kern", "emb": e})
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        bad_shape = catch(tf.train.init_from_checkpoint, PREFIX, {"counts": "kern"})
        return {"k": sess.run(k), "e": sess.run(e), "bad_shape": bad_shape,
                "missing": catch(tf.train.init_from_checkpoint, PREFIX, {"nope": "kern"})}


def case_x_interop_sweep_reader_debug_and_has(tf):
    reader = tf.train.NewCheckpointReader(CKPT_DIR + "/model.ckpt-100")
    return {"has": [reader.has_tensor(n) for n in ("emb", "dense/kernel", "dense")],
            "names": sorted(reader.get_variable_to_shape_map()),
            "label": reader.get_tensor("label"),
            "list_dir": [n for n, _ in tf.train.list_variables(CKPT_DIR)]}


def case_x_interop_sweep_graph_util_convert_with_blacklist(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        v1 = tf.Variable([1.0, 2.0], name="v1")
        v2 = tf.Variable([3.0, 4.0], name="v2")
        tf.identity(x * v1 + v2, name="out")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"],
                                                              variable_names_blacklist=["v2"])
        frozen_w = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"],
                                                                variable_names_whitelist=["v1"])
    return {"b": graph_nodes(frozen, attrs=False), "w": graph_nodes(frozen_w, attrs=False)}


def case_x_interop_sweep_frozen_graph_runs_after_import(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0, -1.0], [0.5, 2.0]], name="w")
        b = tf.Variable([0.1, 0.2], name="b")
        tf.nn.relu(tf.matmul(x, w) + b, name="out")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"])
    data = frozen.SerializeToString()
    with tf.Graph().as_default():
        gd = tf.GraphDef()
        gd.ParseFromString(data)
        out, = tf.import_graph_def(gd, return_elements=["out:0"], name="f")
        return {"out": tf.Session().run(out, {"f/x:0": [[1.0, 2.0], [-1.0, 0.0]]}),
                "ops": sorted(n.op for n in gd.node)}


def case_x_interop_sweep_import_cond_graph(tf):
    with tf.Graph().as_default() as g1:
        p = tf.placeholder(tf.bool, [], name="p")
        x = tf.placeholder(tf.float32, [], name="x")
        tf.identity(tf.cond(p, lambda: x * 10.0, lambda: x - 1.0), name="cond_out")
    gd = g1.as_graph_def()
    with tf.Graph().as_default():
        cond_out, = tf.import_graph_def(gd, return_elements=["cond_out:0"], name="cf")
        sess = tf.Session()
        return {"cond": [sess.run(cond_out, {"cf/p:0": b, "cf/x:0": 2.0}) for b in (True, False)],
                "op_types": sorted({n.op for n in gd.node} & {"Merge", "Switch"})}


def case_x_interop_sweep_import_variables_graph_and_initialize(tf):
    with tf.Graph().as_default() as g1:
        v = tf.Variable([1.0, 2.0], name="v")
        tf.identity(v * 3.0, name="out")
        tf.add_to_collection("init_ops", tf.global_variables_initializer())
    gd = g1.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="")
        sess = tf.Session()
        before = catch(sess.run, "out:0")
        sess.run(g2.get_operation_by_name("init"))
        return {"before": before, "after": sess.run("out:0"), "vars": tf.global_variables(),
                "types": sorted({op.type for op in g2.get_operations()})}


def case_x_interop_sweep_graph_def_attr_defaults_and_colocation(tf):
    with tf.Graph().as_default() as g:
        a = tf.constant([1.0, 2.0], name="a")
        with tf.colocate_with(a):
            b = tf.identity(a, name="b")
        tf.reduce_sum(b, name="s", keepdims=True)
        tf.matmul([[1.0]], [[2.0]], transpose_a=True, name="mm")
        gd = g.as_graph_def()
    nodes = {n.name: n for n in gd.node}
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="")
        out = tf.Session().run(["s:0", "mm:0"])
        coloc = g2.get_operation_by_name("b").colocation_groups()
    return {"b_class": [x.decode() for x in nodes["b"].attr["_class"].list.s],
            "s_keep": nodes["s"].attr["keep_dims"].b, "mm_ta": nodes["mm"].attr["transpose_a"].b,
            "out": out, "coloc": [c.decode() if isinstance(c, bytes) else c for c in coloc]}


def case_x_interop_sweep_import_graph_def_errors(tf):
    gd = _affine(tf)
    with tf.Graph().as_default():
        out = {"bad_input_map_type": catch(tf.import_graph_def, gd, input_map={"input:0": 3.0}),
               "bad_return_type": catch(tf.import_graph_def, gd, return_elements="probs:0"),
               "return_ctrl": catch(tf.import_graph_def, gd, return_elements=["^probs"]),
               "input_map_not_dict": catch(tf.import_graph_def, gd, input_map=[1])}
        out["ops_after"] = len(tf.get_default_graph().get_operations())
        return out


def case_x_interop_sweep_saver_restore_into_resource_variables(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            v = tf.get_variable("rv", initializer=[1.0, 2.0], use_resource=True)
            w = tf.Variable(7, name="plain")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            path = tf.train.Saver().save(sess, os.path.join(d, "r"))
        with tf.Graph().as_default():
            v2 = tf.get_variable("rv", shape=[2], use_resource=False)
            w2 = tf.get_variable("plain", shape=[], dtype=tf.int32, use_resource=True)
            sess = tf.Session()
            tf.train.Saver().restore(sess, path)
            return {"vals": sess.run([v2, w2]), "names": sorted(tf.train.NewCheckpointReader(path).get_variable_to_shape_map())}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_saver_def_roundtrip_and_checkpoint_state_helpers(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            v = tf.Variable(3.0, name="v")
            saver = tf.train.Saver(max_to_keep=5, save_relative_paths=True)
            sd = saver.as_saver_def()
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            p1 = saver.save(sess, os.path.join(d, "a"), global_step=1)
            p2 = saver.save(sess, os.path.join(d, "a"), global_step=2)
            with open(os.path.join(d, "checkpoint")) as f:
                text = f.read()
            restored = tf.train.Saver(saver_def=sd)
            sess.run(v.assign(0.0))
            restored.restore(sess, p1)
            value = sess.run(v)
            tf.train.update_checkpoint_state(d, p1, all_model_checkpoint_paths=[p1])
            latest = os.path.basename(tf.train.latest_checkpoint(d))
            tf.train.remove_checkpoint(p2)
            gone = tf.train.checkpoint_exists(p2)
            s2 = tf.train.Saver()
            s2.recover_last_checkpoints([p1, p2])
            return {"text": text, "value": value, "latest": latest, "gone": gone,
                    "recovered": [os.path.basename(p) for p in s2.last_checkpoints],
                    "sd": [sd.max_to_keep, sd.sharded, sd.version, sd.filename_tensor_name.split(":")[1]]}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_saved_model_builder_signatures(tf):
    d = tempfile.mkdtemp()
    try:
        export = os.path.join(d, "sm")
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None, 2], name="x")
            w = tf.Variable([[1.0], [2.0]], name="w")
            y = tf.matmul(x, w, name="y")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sig = tf.saved_model.signature_def_utils.predict_signature_def({"in": x}, {"out": y})
            b = tf.saved_model.builder.SavedModelBuilder(export)
            b.add_meta_graph_and_variables(sess, [tf.saved_model.tag_constants.SERVING],
                                           signature_def_map={"predict": sig})
            b.save()
        with tf.Graph().as_default():
            sess = tf.Session()
            meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export)
            s = meta.signature_def["predict"]
            out = sess.run(s.outputs["out"].name, {s.inputs["in"].name: [[1.0, 1.0]]})
            wrong_tag = catch(tf.saved_model.loader.load, tf.Session(graph=tf.Graph()), ["nope"], export)
            return {"out": out, "method": s.method_name, "keys": sorted(meta.signature_def),
                    "in_dtype": s.inputs["in"].dtype, "in_shape": [dd.size for dd in s.inputs["in"].tensor_shape.dim],
                    "maybe": tf.saved_model.loader.maybe_saved_model_directory(export),
                    "wrong_tag": wrong_tag, "files": sorted(os.listdir(export))}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_simple_save_and_tensor_info(tf):
    d = tempfile.mkdtemp()
    try:
        export = os.path.join(d, "m")
        with tf.Graph().as_default():
            a = tf.placeholder(tf.int32, [3], name="a")
            b = tf.identity(a * 2, name="b")
            sess = tf.Session()
            tf.saved_model.simple_save(sess, export, {"a": a}, {"b": b})
            info = tf.saved_model.utils.build_tensor_info(b)
        with tf.Graph().as_default() as g:
            sess = tf.Session()
            meta = tf.saved_model.loader.load(sess, ["serve"], export)
            sig = meta.signature_def["serving_default"]
            t = tf.saved_model.utils.get_tensor_from_tensor_info(sig.outputs["b"], g)
            return {"b": sess.run(t, {sig.inputs["a"].name: [1, 2, 3]}), "info_name": info.name,
                    "info_dtype": info.dtype, "method": sig.method_name,
                    "exists_again": catch(tf.saved_model.simple_save, sess, export, {"a": a}, {"b": b})}
    finally:
        shutil.rmtree(d)


def case_x_interop_sweep_tf_written_saved_model_fixture(tf):
    with tf.Graph().as_default() as g:
        sess = tf.Session()
        meta = tf.saved_model.loader.load(sess, ["serve"], os.path.join(FIXTURES, "saved_model"))
        sigs = {k: (v.method_name, sorted(v.inputs), sorted(v.outputs)) for k, v in meta.signature_def.items()}
        return {"sigs": sigs, "tags": list(meta.meta_info_def.tags),
                "vars": sorted(v.op.name for v in tf.global_variables())}
