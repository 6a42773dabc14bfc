"""TF1 SavedModels after TF's saved_model_test.py, loader/builder tests and signature_def_utils_test.py:
several meta graphs and tags, assets and the asset collection, main_op / legacy_init_op, signature
builders and is_valid_signature, loader.load with import_scope, maybe_saved_model_directory,
contains_saved_model and simple_save."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


def _sig(sig):
    return {"method": sig.method_name,
            "inputs": {k: (v.name, v.dtype, [d.size for d in v.tensor_shape.dim], v.tensor_shape.unknown_rank)
                       for k, v in sig.inputs.items()},
            "outputs": {k: (v.name, v.dtype, [d.size for d in v.tensor_shape.dim])
                        for k, v in sig.outputs.items()}}


def case_x_isweep_signature_builders(tf):
    with tf.Graph().as_default():
        ex = tf.placeholder(tf.string, [None], name="examples")
        cls = tf.constant([["a", "b"]], name="classes")
        scores = tf.constant([[0.1, 0.9]], name="scores")
        pred = tf.constant([[1.5]], name="pred")
        x = tf.placeholder(tf.float32, name="x")
        utils = tf.saved_model.signature_def_utils
        out = {"predict": _sig(utils.predict_signature_def({"x": x}, {"y": pred})),
               "regress": _sig(utils.regression_signature_def(ex, pred)),
               "classify": _sig(utils.classification_signature_def(ex, cls, scores)),
               "classify_scores_only": _sig(utils.classification_signature_def(ex, None, scores)),
               "built": _sig(utils.build_signature_def({"x": tf.saved_model.utils.build_tensor_info(x)},
                                                       None, "my/method"))}
        out["valid"] = [utils.is_valid_signature(utils.predict_signature_def({"x": x}, {"y": pred})),
                        utils.is_valid_signature(utils.regression_signature_def(ex, pred)),
                        utils.is_valid_signature(utils.classification_signature_def(ex, cls, scores)),
                        utils.is_valid_signature(utils.build_signature_def(
                            {"x": tf.saved_model.utils.build_tensor_info(x)}, None, "my/method")),
                        utils.is_valid_signature(utils.regression_signature_def(x, pred))]
        out["errors"] = {
            "regress_none": catch(utils.regression_signature_def, None, pred),
            "regress_bad_pred": catch(utils.regression_signature_def, ex, cls),
            "classify_none": catch(utils.classification_signature_def, ex, None, None),
            "classify_bad_classes": catch(utils.classification_signature_def, ex, scores, scores),
            "predict_none": catch(utils.predict_signature_def, None, {"y": pred}),
            "predict_empty": catch(utils.predict_signature_def, {}, {"y": pred}),
            "predict_out_none": catch(utils.predict_signature_def, {"x": x}, None),
        }
    return out


def case_x_isweep_tensor_info_sparse_and_lookup(tf):
    with tf.Graph().as_default() as g:
        sp = tf.sparse_placeholder(tf.float32, [None, 3], name="sp")
        x = tf.placeholder(tf.int64, [2, None], name="x")
        info = tf.saved_model.utils.build_tensor_info(sp)
        dense = tf.saved_model.utils.build_tensor_info(x)
        back = tf.saved_model.utils.get_tensor_from_tensor_info(info)
        back_dense = tf.saved_model.utils.get_tensor_from_tensor_info(dense, g)
        missing = tf.saved_model.utils.build_tensor_info(x)
        missing.name = "nope:0"
        return {"coo": [info.coo_sparse.values_tensor_name, info.coo_sparse.indices_tensor_name,
                        info.coo_sparse.dense_shape_tensor_name], "dtype": info.dtype,
                "shape": [d.size for d in info.tensor_shape.dim],
                "back": type(back).__name__, "back_values": back.values.name, "back_dense": back_dense.name,
                "missing": catch(tf.saved_model.utils.get_tensor_from_tensor_info, missing),
                "not_tensor": catch(tf.saved_model.utils.build_tensor_info, 3)}


def case_x_isweep_builder_several_meta_graphs(tf):
    d = os.path.join(tempfile.mkdtemp(), "sm")
    builder = tf.saved_model.builder.SavedModelBuilder(d)
    with tf.Graph().as_default():
        v = tf.Variable(42, name="v")
        sess = tf.Session()
        sess.run(v.initializer)
        builder.add_meta_graph_and_variables(sess, ["foo"])
    with tf.Graph().as_default():
        v = tf.Variable(0, name="v")
        tf.add(v, 1, name="w")
        builder.add_meta_graph(["bar", "baz"])
    twice = catch(builder.add_meta_graph_and_variables, sess, ["qux"])
    path = builder.save()
    out = {"path": os.path.basename(path), "twice": twice, "files": sorted(os.listdir(d)),
           "vars": sorted(os.listdir(os.path.join(d, "variables"))),
           "maybe": tf.saved_model.maybe_saved_model_directory(d),
           "contains": tf.saved_model.contains_saved_model(d),
           "not_dir": tf.saved_model.maybe_saved_model_directory(os.path.join(d, "variables"))}
    for tags in (["foo"], ["bar", "baz"], ["baz", "bar"]):
        with tf.Graph().as_default() as g:
            sess = tf.Session()
            meta = tf.saved_model.loader.load(sess, tags, d)
            out["+".join(tags)] = {"v": sess.run("v:0"), "tags": list(meta.meta_info_def.tags),
                                   "ops": sorted(o.name for o in g.get_operations() if "/" not in o.name)}
    with tf.Graph().as_default():
        sess = tf.Session()
        out["missing_tags"] = message_has(lambda: tf.saved_model.loader.load(sess, ["bar"], d),
                                          "MetaGraphDef associated with tags", "could not be found in SavedModel")
    with tf.Graph().as_default():
        sess = tf.Session()
        out["missing_dir"] = catch(tf.saved_model.loader.load, sess, ["foo"], d + "_nope")
    shutil.rmtree(os.path.dirname(d))
    return out


def case_x_isweep_builder_errors(tf):
    root = tempfile.mkdtemp()
    d = os.path.join(root, "sm")
    builder = tf.saved_model.builder.SavedModelBuilder(d)
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        no_vars_first = catch(builder.add_meta_graph, ["x"])
        sess = tf.Session()
        sess.run(v.initializer)
        bad_sig = catch(builder.add_meta_graph_and_variables, sess, ["x"], signature_def_map={"k": "not a sig"})
        bad_main = catch(builder.add_meta_graph_and_variables, sess, ["x"], main_op=v)
    with open(os.path.join(root, "file"), "w") as f:
        f.write("x")
    os.makedirs(os.path.join(root, "full"))
    with open(os.path.join(root, "full", "x"), "w") as f:
        f.write("x")
    existing = catch(tf.saved_model.builder.SavedModelBuilder, os.path.join(root, "full"))
    empty_dir = os.path.join(root, "empty")
    os.makedirs(empty_dir)
    empty_ok = type(tf.saved_model.builder.SavedModelBuilder(empty_dir)).__name__
    shutil.rmtree(root)
    return {"no_vars_first": no_vars_first, "bad_sig": bad_sig, "bad_main": bad_main,
            "existing": existing, "empty_ok": empty_ok}


def case_x_isweep_assets_and_main_op(tf):
    root = tempfile.mkdtemp()
    src = os.path.join(root, "vocab.txt")
    with open(src, "w") as f:
        f.write("a\nb\n")
    d = os.path.join(root, "sm")
    builder = tf.saved_model.builder.SavedModelBuilder(d)
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        counter = tf.Variable(0, name="counter", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        asset = tf.constant(src, name="asset_path")
        tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
        with tf.control_dependencies([tf.local_variables_initializer()]):
            init = tf.group(tf.assign_add(counter, 5), name="my_main_op")
        sess = tf.Session()
        sess.run(v.initializer)
        builder.add_meta_graph_and_variables(
            sess, ["serve"], assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
            main_op=init)
    builder.save()
    out = {"assets": sorted(os.listdir(os.path.join(d, "assets")))}
    with tf.Graph().as_default() as g:
        sess = tf.Session()
        meta = tf.saved_model.loader.load(sess, ["serve"], d)
        asset_value = sess.run("asset_path:0")
        out["asset_value"] = os.path.relpath(asset_value.decode(), d)
        out["asset_collection"] = [t.name for t in g.get_collection(tf.GraphKeys.ASSET_FILEPATHS)]
        out["asset_file_def"] = [(a.tensor_info.name, a.filename) for a in meta.asset_file_def]
        out["collections"] = sorted(meta.collection_def.keys())
        out["main_op_ran"] = sess.run("counter:0")
        out["main_op_collection"] = [o.name for o in g.get_collection("saved_model_main_op")]
    shutil.rmtree(root)
    return out


def case_x_isweep_legacy_init_op_and_import_scope(tf):
    root = tempfile.mkdtemp()
    d = os.path.join(root, "sm")
    builder = tf.saved_model.builder.SavedModelBuilder(d)
    with tf.Graph().as_default():
        v = tf.Variable(3.0, name="v")
        x = tf.placeholder(tf.float32, [None], name="x")
        y = tf.multiply(x, v, name="y")
        other = tf.Variable(0.0, name="other", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        legacy = tf.group(tf.assign(other, 7.0), name="legacy")
        sig = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": y})
        sess = tf.Session()
        sess.run(v.initializer)
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"serving_default": sig},
                                             legacy_init_op=legacy)
    builder.save(as_text=True)
    out = {"files": sorted(os.listdir(d))}
    with tf.Graph().as_default() as g:
        sess = tf.Session()
        meta = tf.saved_model.loader.load(sess, ["serve"], d, import_scope="imp")
        sig = meta.signature_def["serving_default"]
        out["sig"] = _sig(sig)
        out["y"] = sess.run("imp/y:0", {"imp/x:0": [1.0, 2.0]})
        out["other"] = sess.run("imp/other:0")
        out["vars"] = sorted(v.name for v in tf.global_variables())
        out["collections"] = sorted(meta.collection_def.keys())
        y_t = tf.saved_model.utils.get_tensor_from_tensor_info(sig.outputs["y"], g, import_scope="imp")
        out["y_t"] = y_t.name
    shutil.rmtree(root)
    return out


def case_x_isweep_simple_save_and_loader_helpers(tf):
    root = tempfile.mkdtemp()
    d = os.path.join(root, "sm")
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        y = tf.matmul(x, w, name="y")
        sess = tf.Session()
        sess.run(w.initializer)
        tf.saved_model.simple_save(sess, d, {"x": x}, {"y": y})
    out = {"files": sorted(os.listdir(d)), "contains": tf.saved_model.contains_saved_model(d),
           "again": catch(tf.saved_model.simple_save, sess, d, {"x": x}, {"y": y})}
    with tf.Graph().as_default() as g:
        sess = tf.Session()
        meta = tf.saved_model.load(sess, [tf.saved_model.SERVING], d)
        sig = meta.signature_def[tf.saved_model.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
        out["sig"] = _sig(sig)
        out["y"] = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [[1.0, 1.0]]})
        out["devices"] = sorted({n.device for n in meta.graph_def.node})
        out["saver"] = meta.saver_def.sharded
        out["tags"] = list(meta.meta_info_def.tags)
        out["n_ops"] = len(g.get_operations()) > 0
    out["consts"] = [tf.saved_model.SERVING, tf.saved_model.TRAINING, tf.saved_model.GPU, tf.saved_model.TPU,
                     tf.saved_model.PREDICT_METHOD_NAME, tf.saved_model.CLASSIFY_METHOD_NAME,
                     tf.saved_model.REGRESS_METHOD_NAME, tf.saved_model.PREDICT_INPUTS,
                     tf.saved_model.PREDICT_OUTPUTS, tf.saved_model.CLASSIFY_INPUTS,
                     tf.saved_model.CLASSIFY_OUTPUT_CLASSES, tf.saved_model.CLASSIFY_OUTPUT_SCORES,
                     tf.saved_model.REGRESS_INPUTS, tf.saved_model.REGRESS_OUTPUTS,
                     tf.saved_model.MAIN_OP_KEY, tf.saved_model.LEGACY_INIT_OP_KEY,
                     tf.saved_model.ASSETS_KEY, tf.saved_model.ASSETS_DIRECTORY,
                     tf.saved_model.VARIABLES_DIRECTORY, tf.saved_model.VARIABLES_FILENAME,
                     tf.saved_model.SAVED_MODEL_FILENAME_PB, tf.saved_model.SAVED_MODEL_FILENAME_PBTXT,
                     tf.saved_model.SAVED_MODEL_SCHEMA_VERSION]
    shutil.rmtree(root)
    return out


def case_x_isweep_strip_default_attrs_in_saved_model(tf):
    root = tempfile.mkdtemp()
    out = {}
    for strip in (False, True):
        d = os.path.join(root, f"sm{int(strip)}")
        builder = tf.saved_model.builder.SavedModelBuilder(d)
        with tf.Graph().as_default():
            v = tf.Variable(np.ones([1, 4, 4, 1], np.float32), name="v")
            tf.nn.max_pool(v, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
            sess = tf.Session()
            sess.run(v.initializer)
            builder.add_meta_graph_and_variables(sess, ["t"], strip_default_attrs=strip)
        builder.save()
        with tf.Graph().as_default() as g:
            sess = tf.Session()
            meta = tf.saved_model.loader.load(sess, ["t"], d)
            node = [n for n in meta.graph_def.node if n.name == "pool"][0]
            out[str(strip)] = {"attrs": sorted(node.attr.keys()),
                               "flag": meta.meta_info_def.stripped_default_attrs,
                               "value": sess.run("pool:0").ravel(),
                               "fmt": g.get_operation_by_name("pool").get_attr("data_format")}
    shutil.rmtree(root)
    return out
