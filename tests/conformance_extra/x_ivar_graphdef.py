"""Variations of the public interop_graphdef cases: as_graph_def over other dtypes, scopes, devices and
colocation; Const values of every dtype and shape (empty, scalar, large); write_graph's paths and forms;
import_graph_def with other prefixes, maps and return elements, its error paths (the graph staying
usable) and gradients through an imported graph."""
import os
import shutil
import tempfile

import numpy as np

import _harness
from _harness import catch, message_has
from _tbread import graph_nodes, tensor_value

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures")
BATCH = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]], np.float32)


def _load(tf, name="affine.pb"):
    gd = tf.GraphDef()
    with open(os.path.join(FIXTURES, name), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def _parsed(tf, graph=None):
    from tensorboard.compat.proto import graph_pb2
    graph = graph or tf.get_default_graph()
    return graph_pb2.GraphDef.FromString(graph.as_graph_def().SerializeToString())


def case_x_ivar_as_graph_def_scopes_and_dtypes(tf):
    with tf.name_scope("outer"):
        a = tf.placeholder(tf.int64, [None], name="a")
        s = tf.placeholder(tf.string, [], name="s")
        with tf.name_scope("inner"):
            b = tf.cast(a, tf.float64, name="as_f64")
            c = tf.reduce_mean(b, name="mean")
        tf.strings.length(s, name="len")
    tf.equal(c, tf.constant(1.0, tf.float64), name="eq")
    gd = _parsed(tf)
    return {"nodes": graph_nodes(gd.SerializeToString()),
            "types": {n.name: {k: n.attr[k].type for k in ("T", "dtype", "SrcT", "DstT") if k in n.attr}
                      for n in gd.node}}


def case_x_ivar_as_graph_def_devices_and_colocation(tf):
    with tf.device("/job:worker/task:1"):
        a = tf.constant(1.0, name="a")
    with tf.device("/gpu:0"):
        b = tf.constant(2.0, name="b")
    with tf.device("/device:CPU:0"):
        with tf.colocate_with(a):
            c = tf.add(a, b, name="c")
    with tf.control_dependencies([c]):
        tf.identity(b, name="d")
    gd = _parsed(tf)
    return sorted((n.name, n.device, list(n.input), list(n.attr["_class"].list.s)) for n in gd.node)


def case_x_ivar_const_values_more_dtypes(tf):
    tf.constant(np.array([1.5, -2.25], np.float16), name="f16")
    tf.constant(np.array([[-3, 4]], np.int8), name="i8")
    tf.constant(np.array([250, 3], np.uint8), name="u8")
    tf.constant(np.array([1 + 2j, -0.5j], np.complex64), name="c64")
    tf.constant(np.zeros((0, 3), np.float32), name="empty")
    tf.constant(b"scalar", name="str0")
    tf.constant(np.arange(40, dtype=np.int32).reshape(5, 8), name="big")
    tf.constant(np.full((3, 2), 7.0, np.float64), name="filled")
    gd = _parsed(tf)
    out = {}
    for n in gd.node:
        value = tensor_value(n.attr["value"].tensor)
        out[n.name] = {"dtype_attr": n.attr["dtype"].type, "dtype": value["dtype"], "shape": value["shape"],
                       "value": value["value"]}
    return out


def case_x_ivar_write_graph_paths_and_forms(tf):
    from google.protobuf import text_format
    from tensorboard.compat.proto import graph_pb2
    d = tempfile.mkdtemp()
    try:
        x = tf.placeholder(tf.int32, [2], name="x")
        tf.add(x, 1, name="y")
        gd = tf.get_default_graph().as_graph_def()
        text_path = tf.io.write_graph(gd, os.path.join(d, "a", "b"), "g.pb")  # as_text stays the default
        bin_path = tf.train.write_graph(tf.get_default_graph(), d, "g.pbtxt", as_text=False)
        with open(text_path) as f:
            text = text_format.Parse(f.read(), graph_pb2.GraphDef())
        with open(bin_path, "rb") as f:
            binary = graph_pb2.GraphDef.FromString(f.read())
        return {"paths": [os.path.relpath(text_path, d), os.path.relpath(bin_path, d)],
                "same": text == binary, "text_nodes": graph_nodes(text.SerializeToString(), attrs=False),
                "bin_is_text": open(bin_path, "rb").read(4) == b"node"}
    finally:
        shutil.rmtree(d)


def case_x_ivar_import_errors_keep_graph_usable(tf):
    gd = _load(tf)
    before = len(tf.get_default_graph().get_operations())
    unknown_map = message_has(lambda: tf.import_graph_def(gd, input_map={"nope:0": tf.constant(1.0)}),
                              "Attempted to map inputs that were not found in graph_def", "nope:0")
    unknown_return = message_has(lambda: tf.import_graph_def(gd, return_elements=["nothing:0"]),
                                 "Requested return_element", "nothing:0")
    bad_dtype = catch(tf.import_graph_def, gd, input_map={"input:0": tf.constant([[1, 2, 3]])})
    after = len(tf.get_default_graph().get_operations())
    (probs,) = tf.import_graph_def(gd, return_elements=["probs:0"], name="ok")
    return {"unknown_map": unknown_map, "unknown_return": unknown_return, "bad_dtype": bad_dtype,
            "ops_added_by_failures": after - before, "probs_name": probs.name,
            "probs": tf.Session().run(probs, {"ok/input:0": BATCH})}


def case_x_ivar_import_input_map_tensor_values_and_gradient(tf):
    gd = _load(tf)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    doubled = x * 2.0
    logits, probs = tf.import_graph_def(gd, input_map={"input": doubled}, return_elements=["logits:0", "probs:0"],
                                        name="net")
    loss = tf.reduce_sum(probs[:, 0])
    (grad,) = tf.gradients(loss, [x])
    sess = tf.Session()
    return {"shapes": [str(logits.shape), str(probs.shape)], "dtypes": [logits.dtype.name, probs.dtype.name],
            "inputs": [t.name for t in logits.op.inputs], "grad": sess.run(grad, {x: BATCH}),
            "logits": sess.run(logits, {x: BATCH})}


def case_x_ivar_import_name_empty_collision(tf):
    gd = _load(tf)
    tf.import_graph_def(gd, name="")
    second = catch(tf.import_graph_def, gd, name="")
    ops = sorted(op.name for op in tf.get_default_graph().get_operations())
    return {"second": second if isinstance(second, dict) else "ok", "count": len(ops), "first": ops[:4],
            "run": tf.Session().run("probs:0", {"input:0": BATCH[:1]})}


def case_x_ivar_import_return_ops_only_and_scope(tf):
    gd = _load(tf)
    with tf.name_scope("outer"):
        ops = tf.import_graph_def(gd, return_elements=["input", "probs", "logits"], name="m")
    placeholder = ops[0]
    return {"names": [op.name for op in ops], "types": [op.type for op in ops],
            "placeholder_shape": str(placeholder.outputs[0].shape), "attr": placeholder.get_attr("dtype").name,
            "out": tf.Session().run(ops[1].outputs[0], {placeholder.outputs[0]: BATCH})}


def case_x_ivar_own_roundtrip_with_strings_and_int64(tf):
    g1 = tf.Graph()
    with g1.as_default():
        s = tf.placeholder(tf.string, [None], name="s")
        n = tf.placeholder(tf.int64, [], name="n")
        joined = tf.strings.join([s, tf.constant(b"!")], name="joined")
        tf.add(tf.size(s, out_type=tf.int64), n, name="total")
        tf.identity(joined, name="out")
    own = g1.as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        out, total = tf.import_graph_def(own, return_elements=["out:0", "total:0"], name="")
        values = tf.Session(graph=g2).run([out, total], {"s:0": [b"a", b"bc"], "n:0": 5})
    return {"values": values, "dtypes": [out.dtype.name, total.dtype.name],
            "ops": sorted((op.name, op.type) for op in g2.get_operations())}


def case_x_ivar_import_pbtxt_fixture_default_prefix_and_partial_run(tf):
    from google.protobuf import text_format
    with open(os.path.join(FIXTURES, "affine.pbtxt")) as f:
        gd = text_format.Parse(f.read(), tf.GraphDef())
    tf.import_graph_def(gd)
    g = tf.get_default_graph()
    sess = tf.Session()
    logits = g.get_tensor_by_name("import/logits:0")
    missing_feed = catch(sess.run, logits)
    return {"names": sorted(op.name for op in g.get_operations()), "missing_feed": missing_feed,
            "logits": sess.run(logits, {"import/input:0": BATCH}),
            "node_names_in_text": sorted(n.name for n in gd.node)}


def case_x_ivar_import_input_map_incompatible_shape(tf):
    gd = _load(tf)
    wide = tf.placeholder(tf.float32, [None, 4], name="wide")
    err = catch(tf.import_graph_def, gd, input_map={"input:0": wide}, name="bad")
    unknown = tf.placeholder(tf.float32, None, name="anything")
    (probs,) = tf.import_graph_def(gd, input_map={"input:0": unknown}, return_elements=["probs:0"], name="good")
    return {"err": err, "shape": str(probs.shape), "names": sorted(op.name for op in tf.get_default_graph().get_operations()),
            "probs": tf.Session().run(probs, {unknown: BATCH[:1]})}


def case_x_ivar_import_then_export_names_and_inputs(tf):
    gd = _load(tf)
    with tf.device("/cpu:0"):
        tf.import_graph_def(gd, name="net")
    out = _parsed(tf)
    return {"nodes": graph_nodes(out.SerializeToString()), "devices": sorted({n.device for n in out.node}),
            "control_return": catch(tf.import_graph_def, gd, return_elements=["^probs"], name="again")}
