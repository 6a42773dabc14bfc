"""Second-pass variations of the public interop_graphdef cases: as_graph_def(add_shapes/from_version)
of multi-output ops and loops, colocation and control inputs in scopes, Const protos of more dtypes,
write_graph of loops read back and re-imported, the TF-written fixture imported under name scopes,
with gradients through it and fed by a tf.data iterator, and the errors of import_graph_def's
arguments with the graph left usable."""
import os

import numpy as np

import _harness
from _casekit import in_tmp
from _harness import catch, message_has
from _tbread import graph_nodes, tensor_value

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures")
BATCH = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]], np.float32)


def _load(tf, name="affine.pb"):
    gd = tf.GraphDef()
    with open(os.path.join(FIXTURES, name), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def _shapes(node):
    return [[d.size for d in s.dim] if not s.unknown_rank else None for s in node.attr["_output_shapes"].list.shape]


def case_x_s12_add_shapes_multi_output_and_unknown(tf):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    a, b = tf.split(x, 2, axis=1, name="halves")
    u, idx = tf.unique(tf.constant([3, 1, 3]), name="uniq")
    any_rank = tf.placeholder(tf.int32, None, name="any_rank")
    tf.shape(any_rank, name="shape_of")
    tf.no_op(name="nothing")
    gd = tf.get_default_graph().as_graph_def(add_shapes=True)
    plain = tf.get_default_graph().as_graph_def()
    by = {n.name: n for n in gd.node}
    return {"shapes": {k: _shapes(by[k]) for k in ("x", "halves", "uniq", "any_rank", "shape_of", "nothing")},
            "has_key": {k: "_output_shapes" in by[k].attr for k in ("nothing", "x")},
            "plain_has": any("_output_shapes" in n.attr for n in plain.node)}


def case_x_s12_from_version_and_graph_version(tf):
    g = tf.get_default_graph()
    tf.constant(1.0, name="first")
    v1 = g.version
    tf.constant(2.0, name="second")
    tf.add(g.get_tensor_by_name("first:0"), 1.0, name="third")
    v2 = g.version
    later = g.as_graph_def(from_version=v1)
    return {"v1": v1, "v2": v2, "later": sorted(n.name for n in later.node),
            "all": len(g.as_graph_def(from_version=0).node),
            "versions": [g.graph_def_versions.producer > 0, g.as_graph_def().versions.producer == g.graph_def_versions.producer]}


def case_x_s12_colocation_and_control_inputs_in_scopes(tf):
    a = tf.constant([1.0, 2.0], name="a")
    with tf.name_scope("outer"):
        with tf.colocate_with(a):
            b = tf.identity(a, name="b")
        with tf.control_dependencies([b]):
            c = tf.add(a, 1.0, name="c")
        with tf.control_dependencies(None):
            d = tf.identity(c, name="d")
    with tf.device("/job:worker/task:1"):
        tf.identity(d, name="e")
    gd = tf.get_default_graph().as_graph_def()
    return sorted((n.name, list(n.input), n.device, [x.decode() for x in n.attr["_class"].list.s]) for n in gd.node)


def case_x_s12_const_protos_more_dtypes(tf):
    tf.constant(np.zeros([0, 2], np.float32), name="empty")
    tf.constant(np.array([-128, 127], np.int8), name="i8")
    tf.constant(np.array([1.5, -0.25], np.float16), name="f16")
    tf.constant(np.array([1 + 2j], np.complex64), name="c64")
    tf.constant(np.full([3, 3], 7, np.int32), name="same7")
    tf.constant(b"\xff\x00bytes", name="raw")
    tf.constant(np.array([65535], np.uint16), name="u16")
    gd = tf.get_default_graph().as_graph_def()
    from tensorboard.compat.proto import graph_pb2
    parsed = graph_pb2.GraphDef.FromString(gd.SerializeToString())
    return {n.name: tensor_value(n.attr["value"].tensor) for n in parsed.node}


def case_x_s12_write_graph_of_loop_text_and_reimport(tf):
    from google.protobuf import text_format

    def run(d):
        n = tf.placeholder(tf.int32, [], name="n")
        _, total = tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), [0, 0], name="sum_loop")
        tf.identity(total, name="total")
        p1 = tf.train.write_graph(tf.get_default_graph(), d, "loop.pbtxt")
        p2 = tf.train.write_graph(tf.get_default_graph(), d, "loop.pbtxt")
        with open(os.path.join(d, "loop.pbtxt")) as f:
            gd = text_format.Parse(f.read(), tf.GraphDef())
        g = tf.Graph()
        with g.as_default():
            tf.import_graph_def(gd, name="re")
            out = [tf.Session(graph=g).run("re/total:0", {"re/n:0": k}) for k in (0, 4)]
        return {"same_path": p1 == p2, "files": sorted(os.listdir(d)), "out": out,
                "ops": sorted({x.op for x in gd.node})}
    return in_tmp(run)


def case_x_s12_import_fixture_under_name_scope_and_gradient(tf):
    gd = _load(tf)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.name_scope("outer"):
        (probs,) = tf.import_graph_def(gd, input_map={"input:0": x * 1.0}, return_elements=["probs:0"], name="net")
    loss = -tf.reduce_sum(tf.log(probs[:, 0]))
    (gx,) = tf.gradients(loss, [x])
    sess = tf.Session()
    p, g = sess.run([probs, gx], {x: BATCH})
    return {"probs_name": probs.name, "p": p, "gx": g,
            "names": sorted(op.name for op in tf.get_default_graph().get_operations() if op.name.startswith("outer/net/"))}


def case_x_s12_import_fed_by_dataset_iterator(tf):
    gd = _load(tf)
    ds = tf.data.Dataset.from_tensor_slices(BATCH).batch(1)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    (logits,) = tf.import_graph_def(gd, input_map={"input": nxt}, return_elements=["logits:0"], name="m")
    sess = tf.Session()
    out = [sess.run(logits), sess.run(logits)]
    return {"out": out, "end": catch(sess.run, logits), "shape": str(logits.shape)}


def case_x_s12_import_argument_errors_keep_graph(tf):
    gd = _load(tf)
    g = tf.get_default_graph()
    n_before = len(g.get_operations())
    wrong_dtype = tf.constant([[1, 2, 3]], tf.int32, name="ints")
    out = {
        "missing_input": message_has(lambda: tf.import_graph_def(gd, input_map={"nope:0": wrong_dtype}),
                                     "Attempted to map inputs that were not found in graph_def", "nope:0"),
        "wrong_dtype": message_has(lambda: tf.import_graph_def(gd, input_map={"input:0": wrong_dtype}),
                                   "int32", "float"),
        "wrong_dtype_class": catch(tf.import_graph_def, gd, input_map={"input:0": wrong_dtype}),
        "missing_return": message_has(lambda: tf.import_graph_def(gd, return_elements=["nope:0"]),
                                      "Requested return tensor 'nope:0' not found in graph def"),
        "missing_return_op": message_has(lambda: tf.import_graph_def(gd, return_elements=["nope"]),
                                         "Requested return node 'nope' not found in graph def"),
        "bad_output_index": catch(tf.import_graph_def, gd, return_elements=["probs:3"]),
        "not_a_tensor": catch(tf.import_graph_def, gd, input_map={"input:0": [[1.0, 2.0, 3.0]]}),
        "input_map_not_dict": catch(tf.import_graph_def, gd, input_map=[("input:0", wrong_dtype)]),
        "graph_def_wrong_type": catch(tf.import_graph_def, "not a graph def"),
    }
    out["ops_added"] = len(g.get_operations()) - n_before
    (probs,) = tf.import_graph_def(gd, return_elements=["probs:0"], name="ok")
    out["ok"] = tf.Session().run(probs, {"ok/input:0": BATCH})
    out["ok_name"] = probs.name
    return out


def case_x_s12_own_roundtrip_with_variables(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    x = tf.placeholder(tf.float32, [2], name="x")
    tf.reduce_sum(v * x, name="dot")
    gd = tf.get_default_graph().as_graph_def()
    g = tf.Graph()
    with g.as_default():
        tf.import_graph_def(gd, name="cp")
        sess = tf.Session(graph=g)
        before = catch(sess.run, "cp/dot:0", {"cp/x:0": [1.0, 1.0]})
        sess.run("cp/v/Assign")
        out = sess.run("cp/dot:0", {"cp/x:0": [3.0, 0.5]})
        variables = tf.global_variables()
    return {"before": before, "out": out, "collections_copied": [x.name for x in variables],
            "ops": sorted(n.op for n in gd.node)}


def case_x_s12_remove_training_nodes_and_extract(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    i1 = tf.identity(x, name="id1")
    c = tf.check_numerics(i1, "bad", name="check")
    y = tf.stop_gradient(c * 2.0, name="stop")
    with tf.control_dependencies([y]):
        z = tf.identity(y, name="out")
    tf.add(x, 1.0, name="unrelated")
    gd = tf.get_default_graph().as_graph_def()
    dropped = tf.graph_util.remove_training_nodes(gd)
    cleaned = tf.graph_util.remove_training_nodes(gd, protected_nodes=["out"])
    kept = tf.graph_util.remove_training_nodes(gd, protected_nodes=["id1"])
    sub = tf.graph_util.extract_sub_graph(cleaned, ["out"])
    g = tf.Graph()
    with g.as_default():
        val = catch(lambda: tf.Session(graph=g).run(
            tf.import_graph_def(sub, return_elements=["out:0"], name="")[0], {"x:0": [[1.0, 2.0]]}))
    return {"dropped": graph_nodes(dropped, attrs=False), "cleaned": graph_nodes(cleaned, attrs=False), "kept": sorted(n.name for n in kept.node),
            "sub": sorted(n.name for n in sub.node), "val": val, "z_name": z.name,
            "extract_missing": message_has(lambda: tf.graph_util.extract_sub_graph(gd, ["nope"]), "nope"),
            "extract_str": catch(tf.graph_util.extract_sub_graph, gd, "out")}
