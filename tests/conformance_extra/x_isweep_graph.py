"""GraphDef interop after TF's graph_util_test.py, importer_test.py and meta_graph_test.py:
convert_variables_to_constants with control flow and resource variables, extract_sub_graph,
remove_training_nodes, must_run_on_cpu, tensor_shape_from_node_def_name; import_graph_def with
input_map, return_elements, prefixes, attr defaults, versions, unknown ops and colocation; and
export_meta_graph with collection_list, strip_default_attrs, as_text, saver_def and
clear_extraneous_savers."""
import os
import shutil
import tempfile

from _harness import catch, message_has


def _nodes(gd):
    return [(n.name, n.op, list(n.input)) for n in gd.node]


def case_x_isweep_freeze_cond_and_resource(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        v = tf.get_variable("v", initializer=[1.0, 2.0], use_resource=True)
        w = tf.Variable([10.0, 20.0], name="w")
        flag = tf.placeholder_with_default(True, [], name="flag")
        y = tf.cond(flag, lambda: x * v, lambda: x + w)
        tf.identity(y, name="out")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"])
    ops = sorted({n.op for n in frozen.node})
    consts = sorted(n.name for n in frozen.node if n.op == "Const" and n.name in ("v", "w"))
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        sess = tf.Session()
        a = sess.run("out:0", {"x:0": [3.0, 4.0]})
        b = sess.run("out:0", {"x:0": [3.0, 4.0], "flag:0": False})
    return {"ops": ops, "consts": consts, "a": a, "b": b,
            "no_var_ops": [n.name for n in frozen.node if n.op in ("VariableV2", "VarHandleOp")]}


def case_x_isweep_freeze_whitelist_and_blacklist(tf):
    with tf.Graph().as_default() as g:
        a = tf.Variable(2.0, name="a")
        b = tf.Variable(3.0, name="b")
        tf.multiply(a, b, name="out")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        gd = g.as_graph_def()
        white = tf.graph_util.convert_variables_to_constants(sess, gd, ["out"], variable_names_whitelist=["a"])
        black = tf.graph_util.convert_variables_to_constants(sess, gd, ["out"], variable_names_blacklist=["a"])
        missing = catch(tf.graph_util.convert_variables_to_constants, sess, gd, ["nope"])
    return {"white": sorted((n.name, n.op) for n in white.node),
            "black": sorted((n.name, n.op) for n in black.node), "missing": missing}


def case_x_isweep_extract_sub_graph(tf):
    with tf.Graph().as_default() as g:
        a = tf.constant(1.0, name="a")
        b = tf.constant(2.0, name="b")
        c = tf.add(a, b, name="c")
        with tf.control_dependencies([c]):
            d = tf.identity(a, name="d")
        tf.multiply(d, 3.0, name="e")
        tf.constant(9.0, name="unused")
    gd = g.as_graph_def()
    sub = tf.graph_util.extract_sub_graph(gd, ["e"])
    only_a = tf.graph_util.extract_sub_graph(gd, ["a"])
    bad_type = catch(tf.graph_util.extract_sub_graph, "not a graph", ["a"])
    bad_dest = catch(tf.graph_util.extract_sub_graph, gd, "e")
    missing = message_has(lambda: tf.graph_util.extract_sub_graph(gd, ["zz"]), "zz", "is not in graph")
    return {"sub": _nodes(sub), "only_a": _nodes(only_a), "bad_type": bad_type,
            "bad_dest": bad_dest, "missing": missing}


def case_x_isweep_remove_training_nodes(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        i1 = tf.identity(x, name="i1")
        chk = tf.debugging.check_numerics(i1, "bad", name="chk")
        m = tf.multiply(chk, x, name="m")
        i2 = tf.identity(m, name="i2")
        sg = tf.stop_gradient(i2, name="sg")
        with tf.control_dependencies([sg]):
            i3 = tf.identity(sg, name="i3")
        with tf.colocate_with(i1):
            i4 = tf.identity(i3, name="i4")
        tf.multiply(i4, 2.0, name="out")
    gd = g.as_graph_def()
    stripped = tf.graph_util.remove_training_nodes(gd)
    kept = tf.graph_util.remove_training_nodes(gd, protected_nodes=["i2", "chk"])
    with tf.Graph().as_default() as g2:
        tf.identity(tf.debugging.check_numerics(tf.constant(1.0, name="c"), "bad", name="chk2"), name="after")
    crash = catch(tf.graph_util.remove_training_nodes, g2.as_graph_def())
    return {"stripped": _nodes(stripped), "kept": _nodes(kept), "crash": crash,
            "versions": stripped.HasField("versions"), "colocated": [n.name for n in stripped.node if n.name == "i1"]}


def case_x_isweep_must_run_on_cpu_and_shape(tf):
    with tf.Graph().as_default() as g:
        tf.Variable(1.0, name="v")
        tf.constant("s", name="s")
        c = tf.constant([1, 2], name="c")
        f = tf.constant([1.0], name="f")
        tf.add(f, f, name="add")
        tf.shape(c, name="sh")
        nodes = {n.name: n for n in g.as_graph_def().node}
        cpu = {name: tf.graph_util.must_run_on_cpu(nodes[name]) for name in ("v", "s", "c", "f", "add", "sh")}
        cpu_pin = tf.graph_util.must_run_on_cpu(nodes["v"], pin_variables_on_cpu=True)
        cpu_op = tf.graph_util.must_run_on_cpu(g.get_operation_by_name("add"))
    return {"cpu": cpu, "pin": cpu_pin, "op": cpu_op}


def case_x_isweep_import_versions_and_unknown_op(tf):
    with tf.Graph().as_default() as g:
        tf.constant(1.0, name="a")
    gd = g.as_graph_def()
    gd.versions.producer = 10
    gd.versions.min_consumer = 0
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="")
        low = g2.graph_def_versions.producer >= 10
    gd2 = tf.GraphDef()
    gd2.CopyFrom(gd)
    gd2.versions.min_consumer = 100000
    too_new = message_has(lambda: tf.import_graph_def(gd2), "GraphDef min consumer version 100000",
                          "above current version")
    old = tf.GraphDef()
    old.CopyFrom(gd)
    old.versions.producer = -1
    too_old = message_has(lambda: tf.import_graph_def(old), "GraphDef producer version -1 below min producer 0",
                          "Please regenerate your graph")
    bad = tf.GraphDef()
    bad.CopyFrom(gd)
    bad.versions.bad_consumers.append(tf.GRAPH_DEF_VERSION)
    buggy = message_has(lambda: tf.import_graph_def(bad), "GraphDef disallows consumer version", "likely buggy")
    gd3 = tf.GraphDef()
    gd3.CopyFrom(gd)
    node = gd3.node.add()
    node.name = "mystery"
    node.op = "NoSuchOpHere"
    with tf.Graph().as_default():
        unknown = message_has(lambda: tf.import_graph_def(gd3, name=""), "NoSuchOpHere",
                              "Op type not registered")
    return {"low": low, "too_new": too_new, "unknown": unknown, "too_old": too_old, "buggy": buggy}


def case_x_isweep_import_input_map_tensor_and_errors(tf):
    with tf.Graph().as_default() as g:
        a = tf.placeholder(tf.float32, [None], name="a")
        b = tf.placeholder(tf.int32, [], name="b")
        tf.add(a, 1.0, name="c")
        tf.identity(b, name="d")
    gd = g.as_graph_def()
    with tf.Graph().as_default():
        z = tf.constant([1.0, 2.0])
        c, d = tf.import_graph_def(gd, input_map={"a": z, "b:0": tf.constant(4)}, return_elements=["c:0", "d:0"])
        sess = tf.Session()
        vals = sess.run([c, d])
        names = [c.name, d.name]
        bad_dtype = catch(tf.import_graph_def, gd, input_map={"a:0": tf.constant([1, 2])})
        bad_key = message_has(lambda: tf.import_graph_def(gd, input_map={"nope:0": z}),
                              "Attempted to map inputs that were not found in graph_def", "nope:0")
        bad_ret = message_has(lambda: tf.import_graph_def(gd, return_elements=["zz:0"]),
                              "Requested return tensor 'zz:0' not found in graph def")
        bad_ret_op = message_has(lambda: tf.import_graph_def(gd, return_elements=["zz"]),
                                 "Requested return node 'zz' not found in graph def")
        not_tensor = catch(tf.import_graph_def, gd, input_map={"a:0": 5})
        not_dict = catch(tf.import_graph_def, gd, input_map=[z])
        not_gd = catch(tf.import_graph_def, "graph")
    return {"vals": vals, "names": names, "bad_dtype": bad_dtype, "bad_key": bad_key, "bad_ret": bad_ret,
            "bad_ret_op": bad_ret_op, "not_tensor": not_tensor, "not_dict": not_dict, "not_gd": not_gd}


def case_x_isweep_import_colocation_and_defaults(tf):
    with tf.Graph().as_default() as g:
        a = tf.constant([1.0, 2.0], name="a")
        with tf.colocate_with(a):
            tf.identity(a, name="b")
        tf.nn.max_pool(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
    gd = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="imp")
        b2 = g2.get_operation_by_name("imp/b")
        out = {"coloc": b2.colocation_groups(), "attr": list(b2.get_attr("_class")),
               "node_class": [x.decode() for x in b2.node_def.attr["_class"].list.s]}
    pool_node = [n for n in gd.node if n.name == "pool"][0]
    stripped = tf.GraphDef()
    stripped.CopyFrom(gd)
    sp = [n for n in stripped.node if n.name == "pool"][0]
    del sp.attr["data_format"]
    with tf.Graph().as_default() as g3:
        tf.import_graph_def(stripped, name="")
        out["filled"] = g3.get_operation_by_name("pool").get_attr("data_format")
        out["filled_in_def"] = "data_format" in g3.as_graph_def().node[-1].attr or \
            "data_format" in [n for n in g3.as_graph_def().node if n.name == "pool"][0].attr
    out["orig_attrs"] = sorted(pool_node.attr.keys())
    return out


def case_x_isweep_export_meta_graph_options(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default() as g:
        v = tf.Variable(1.0, name="v")
        tf.nn.max_pool(tf.zeros([1, 4, 4, 1]), [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
        tf.add_to_collection("mine", v)
        tf.add_to_collection("other", tf.constant(2.0, name="c"))
        s1 = tf.train.Saver(name="s1")
        tf.train.Saver(name="s2")
        full = tf.train.export_meta_graph(os.path.join(d, "a.meta"), collection_list=["mine"])
        stripped = tf.train.export_meta_graph(strip_default_attrs=True)
        text_path = os.path.join(d, "t.meta")
        tf.train.export_meta_graph(text_path, as_text=True, saver_def=s1.as_saver_def(),
                                   clear_extraneous_savers=True)
        text_head = open(text_path).read().lstrip()[:10]
        cleared = tf.train.export_meta_graph(saver_def=s1.as_saver_def(), clear_extraneous_savers=True)
    pool_attrs = lambda mg: sorted([n for n in mg.graph_def.node if n.name == "pool"][0].attr.keys())
    out = {"collections": sorted(full.collection_def.keys()),
           "all_collections": sorted(stripped.collection_def.keys()),
           "stripped_pool": pool_attrs(stripped), "full_pool": pool_attrs(full),
           "stripped_flag": stripped.meta_info_def.stripped_default_attrs,
           "full_flag": full.meta_info_def.stripped_default_attrs,
           "text_head": text_head, "saver": cleared.saver_def.save_tensor_name,
           "cleared_nodes": sorted(n.name for n in cleared.graph_def.node if n.name.startswith("s2")),
           "cleared_collections": sorted(cleared.collection_def.keys()),
           "full_saver": full.HasField("saver_def"),
           "files": sorted(os.listdir(d))}
    with tf.Graph().as_default() as g:
        tf.train.import_meta_graph(text_path)
        out["reimport"] = sorted(o.name for o in g.get_operations() if not o.name.startswith("s1"))
    shutil.rmtree(d)
    return out


def case_x_isweep_meta_graph_with_cond_and_loop(tf):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [], name="x")
        r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, 1.0])
        y = tf.cond(x > 0, lambda: r[1], lambda: -r[1])
        tf.add_to_collection("y", y)
        mg = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(mg, import_scope="m")
        y2 = tf.get_collection("y")[0]
        sess = tf.Session()
        return {"name": y2.name, "pos": sess.run(y2, {"m/x:0": 2.0}), "neg": sess.run(y2, {"m/x:0": -2.0}),
                "has_y": "y" in mg.collection_def}


def case_x_isweep_tensor_shape_from_node_def_name(tf):
    with tf.Graph().as_default() as g:
        tf.placeholder(tf.float32, [None, 3], name="x")
        tf.constant([[1, 2]], name="c")
        f = tf.graph_util.tensor_shape_from_node_def_name
        return {"x": f(g, "x").as_list(), "x0": f(g, "x:0").as_list(), "c": f(g, "c").as_list(),
                "type": type(f(g, "c")).__name__, "missing": catch(f, g, "nope")}


def case_x_isweep_import_names_and_return_forms(tf):
    with tf.Graph().as_default() as g1:
        a = tf.constant(1.0, name="a")
        tf.identity(a, name="b")
    gd = g1.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd)
        tf.import_graph_def(gd)
        with tf.name_scope("outer"):
            tf.import_graph_def(gd, name="inner")
            tf.import_graph_def(gd)
        tf.import_graph_def(gd, name="a")
        ret = tf.import_graph_def(gd, return_elements=["b", "b:0", "a"], name="r")
        empty = tf.import_graph_def(gd, return_elements=[], name="e")
        names = sorted(o.name for o in g2.get_operations())
    return {"names": names, "ret": [(type(r).__name__, r.name) for r in ret], "empty": empty}
