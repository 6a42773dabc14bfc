"""Second-pass variations of the public interop_metagraph cases: meta graphs exported with
export_scope and re-imported with import_scope and input_map, restored through the imported saver,
collections of every kind under scopes, the TF-written .meta trained further after import, frozen
graphs holding loops and integer variables, and SavedModels with several signatures, scopes and
wrong tags."""
import os

import _harness
from _casekit import in_tmp
from _harness import catch, message_has
from _tbread import meta_graph

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures")
PREFIX = os.path.join(FIXTURES, "ckpt", "model.ckpt-100")


def _model(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, -1.0], [2.0, 0.5]], name="w")
    b = tf.Variable([0.25, 0.75], name="b")
    y = tf.nn.relu(tf.matmul(x, w) + b, name="y")
    return x, w, b, y


def case_x_s12_export_scope_then_import_scope_and_restore(tf):
    def run(d):
        with tf.name_scope("net"):
            x, w, b, y = _model(tf)
        tf.constant(0.0, name="outside")
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign(w * 2.0))
        prefix = saver.save(sess, os.path.join(d, "m"))
        mg = tf.train.export_meta_graph(os.path.join(d, "scoped.meta"), export_scope="net")
        names = sorted(n.name for n in mg.graph_def.node)
        g = tf.Graph()
        with g.as_default():
            restorer = tf.train.import_meta_graph(os.path.join(d, "scoped.meta"), import_scope="again")
            s = tf.Session(graph=g)
            restored = catch(lambda: (restorer.restore(s, prefix), s.run("again/w:0"))[1])
            s.run(tf.global_variables_initializer())
            out = s.run("again/y:0", {"again/x:0": [[1.0, 1.0]]})
            gvars = [v.name for v in tf.global_variables()]
        return {"names": names, "restorer": type(restorer).__name__ if restorer else None,
                "restored": restored, "out": out, "globals": gvars,
                "saver_def": {"filename": mg.saver_def.filename_tensor_name, "restore": mg.saver_def.restore_op_name}
                if mg.HasField("saver_def") else None}
    return in_tmp(run)


def case_x_s12_collections_of_every_kind_under_import_scope(tf):
    x, w, b, y = _model(tf)
    tf.add_to_collection("ints", 3)
    tf.add_to_collection("ints", -7)
    tf.add_to_collection("floats", 0.5)
    tf.add_to_collection("strs", "hello")
    tf.add_to_collection("strs", b"bytes")
    tf.add_to_collection("ops", y.op)
    tf.add_to_collection("tensors", y)
    tf.add_to_collection(tf.GraphKeys.TRAIN_OP, tf.no_op(name="train_step"))
    tf.add_to_collection(tf.GraphKeys.LOCAL_VARIABLES, tf.Variable(0, name="counter", trainable=False,
                                                                   collections=[]))
    mg = tf.train.export_meta_graph()
    kinds = {k: mg.collection_def[k].WhichOneof("kind") for k in sorted(mg.collection_def)}
    g = tf.Graph()
    with g.as_default():
        tf.train.import_meta_graph(mg, import_scope="imp")
        coll = {k: [getattr(v, "name", v) for v in tf.get_collection(k)] for k in
                ("ints", "floats", "strs", "ops", "tensors", tf.GraphKeys.TRAIN_OP, tf.GraphKeys.LOCAL_VARIABLES,
                 tf.GraphKeys.TRAINABLE_VARIABLES)}
    g2 = tf.Graph()
    with g2.as_default():
        tf.train.import_meta_graph(mg)
        plain = [tf.get_collection("strs"), tf.get_collection("floats")]
    return {"kinds": kinds, "imported": coll, "plain": plain}


def case_x_s12_import_meta_input_map_and_restore_fixture_then_train(tf):
    x = tf.placeholder(tf.float32, [None, 3], name="my_x")
    saver = tf.train.import_meta_graph(PREFIX + ".meta", input_map={"x:0": x * 2.0}, clear_devices=True)
    g = tf.get_default_graph()
    y = g.get_tensor_by_name("y:0")
    kernel = [v for v in tf.global_variables() if v.op.name == "dense/kernel"][0]
    loss = tf.reduce_sum(tf.square(y))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss, var_list=[kernel])
    sess = tf.Session()
    saver.restore(sess, PREFIX)
    feed = {x: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]}
    before = sess.run(loss, feed)
    sess.run(train, feed)
    return {"before": before, "after": sess.run(loss, feed), "kernel": sess.run(kernel),
            "devices": sorted({op.device for op in g.get_operations()}),
            "trainables": sorted(v.name for v in tf.trainable_variables())}


def case_x_s12_meta_graph_text_and_strip_defaults(tf):
    def run(d):
        x, w, b, y = _model(tf)
        tf.train.Saver()
        path = os.path.join(d, "g.pbtxt")
        mg = tf.train.export_meta_graph(path, as_text=True, strip_default_attrs=True)
        with open(path) as f:
            head = f.read(200)
        g = tf.Graph()
        with g.as_default():
            saver = tf.train.import_meta_graph(path)
            s = tf.Session(graph=g)
            s.run(tf.global_variables_initializer())
            out = s.run("y:0", {"x:0": [[1.0, 2.0]]})
        return {"text_starts": head.split("\n")[0], "saver": type(saver).__name__, "out": out,
                "meta_info": [mg.meta_info_def.stripped_default_attrs, bool(mg.meta_info_def.tensorflow_version)],
                "file": meta_graph(mg, only=("x", "y"))}
    return in_tmp(run)


def case_x_s12_freeze_loop_over_variable_and_int_vars(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    k = tf.Variable(3, name="k")
    x = tf.placeholder(tf.float32, [2], name="x")
    _, acc = tf.while_loop(lambda i, a: i < k, lambda i, a: (i + 1, a * v), [0, x], name="loop")
    tf.identity(acc, name="out")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(k.assign(2))
    frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["out"])
    consts = {n.name: n.attr["dtype"].type for n in frozen.node if n.name in ("v", "k")}
    g = tf.Graph()
    with g.as_default():
        tf.import_graph_def(frozen, name="")
        out = tf.Session(graph=g).run("out:0", {"x:0": [1.0, 1.0]})
    return {"consts": consts, "ops_v_k": sorted(n.op for n in frozen.node if n.name in ("v", "k", "v/read", "k/read")),
            "out": out, "var_ops": [n.name for n in frozen.node if n.op.startswith("Variable")]}


def case_x_s12_freeze_errors_and_uninitialized(tf):
    x, w, b, y = _model(tf)
    sess = tf.Session()
    gd = sess.graph_def
    return {"uninit": catch(tf.graph_util.convert_variables_to_constants, sess, gd, ["y"]),
            "missing_out": message_has(lambda: tf.graph_util.convert_variables_to_constants(sess, gd, ["nope"]),
                                       "nope is not in graph"),
            "after_init": (sess.run(tf.global_variables_initializer()),
                           len(tf.graph_util.convert_variables_to_constants(sess, gd, ["y"]).node))[1],
            "output_with_port": catch(tf.graph_util.convert_variables_to_constants, sess, gd, ["y:0"])}


def case_x_s12_simple_save_two_signatures_via_builder_and_scope(tf):
    def run(d):
        export_dir = os.path.join(d, "exp")
        x, w, b, y = _model(tf)
        z = tf.reduce_sum(y, axis=1, name="z")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
        sig_y = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": y})
        sig_z = tf.saved_model.signature_def_utils.predict_signature_def({"inp": x}, {"z": z, "y": y})
        builder.add_meta_graph_and_variables(sess, ["serve", "extra"], signature_def_map={"y_sig": sig_y, "z_sig": sig_z})
        builder.save()
        g = tf.Graph()
        with g.as_default():
            s = tf.Session(graph=g)
            mg = tf.saved_model.loader.load(s, ["extra", "serve"], export_dir, import_scope="sc")
            sig = mg.signature_def["z_sig"]
            out = s.run("sc/" + sig.outputs["z"].name, {"sc/" + sig.inputs["inp"].name: [[1.0, 1.0]]})
            only_one_tag = catch(tf.saved_model.loader.load, tf.Session(graph=tf.Graph()), ["serve"], export_dir)
        return {"sigs": sorted(mg.signature_def), "tags": sorted(mg.meta_info_def.tags),
                "z_outputs": sorted(sig.outputs), "method": sig.method_name, "out": out,
                "only_one_tag": only_one_tag}
    return in_tmp(run)


def case_x_s12_load_tf_saved_model_errors_and_reuse(tf):
    export_dir = os.path.join(FIXTURES, "saved_model")
    sess = tf.Session()
    wrong = message_has(lambda: tf.saved_model.loader.load(sess, ["foo"], export_dir),
                        "MetaGraphDef associated with tags", "foo", "could not be found in SavedModel")
    missing = catch(tf.saved_model.loader.load, sess, ["serve"], os.path.join(export_dir, "nope"))
    mg = tf.saved_model.loader.load(sess, ["serve"], export_dir)
    sig = mg.signature_def["serving_default"]
    y = tf.get_default_graph().get_tensor_by_name(sig.outputs["y"].name)
    x = tf.get_default_graph().get_tensor_by_name(sig.inputs["x"].name)
    grad = tf.gradients(tf.reduce_sum(y), x)[0]
    return {"wrong": wrong, "missing": missing, "grad": sess.run(grad, {x: [[1.0, 2.0]]}),
            "y_dtype": y.dtype.name, "x_shape": str(x.shape),
            "maybe": [tf.saved_model.loader.maybe_saved_model_directory(p) for p in (export_dir, FIXTURES)]}
