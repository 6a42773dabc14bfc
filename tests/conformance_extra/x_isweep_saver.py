"""Saver sweep after TF's saver_test.py: var_list forms (dict, list, PartitionedVariable, resource
variables), max_to_keep with last_checkpoints / recover_last_checkpoints, keep_checkpoint_every_n_hours,
sharded files, save_relative_paths, write_meta_graph / write_state, restore errors (missing key,
shape mismatch), SaverDef fields and restoring into a new graph through import_meta_graph."""
import os
import shutil
import tempfile
import time

import numpy as np

from _harness import catch, message_has


def _files(d):
    return sorted(os.listdir(d))


def _rel(d, paths):
    return [os.path.relpath(p, d) for p in paths]


def case_x_isweep_max_to_keep_last_checkpoints(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    sess = tf.Session()
    sess.run(v.initializer)
    out = []
    for step in range(4):
        saver.save(sess, os.path.join(d, "m"), global_step=step)
        out.append(_rel(d, saver.last_checkpoints))
    files = _files(d)
    state = open(os.path.join(d, "checkpoint")).read().replace(d + os.sep, "")
    shutil.rmtree(d)
    return {"last": out, "files": files, "state": state}


def case_x_isweep_recover_and_set_last_checkpoints(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=2)
    sess = tf.Session()
    sess.run(v.initializer)
    paths = [saver.save(sess, os.path.join(d, "m"), global_step=s) for s in range(3)]
    other = tf.train.Saver(max_to_keep=2)
    before = list(other.last_checkpoints)
    other.recover_last_checkpoints(paths)
    recovered = _rel(d, other.last_checkpoints)
    third = tf.train.Saver(max_to_keep=3)
    third.set_last_checkpoints(paths[:2])
    bad = catch(third.set_last_checkpoints, "not-a-list")
    third.set_last_checkpoints_with_time([(paths[0], 1.0), (paths[2], 2.0)])
    with_time = _rel(d, third.last_checkpoints)
    shutil.rmtree(d)
    return {"before": before, "recovered": recovered, "with_time": with_time, "bad": bad}


def case_x_isweep_keep_every_n_hours(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1e-7)
    sess = tf.Session()
    sess.run(v.initializer)
    for step in range(3):
        time.sleep(0.01)
        saver.save(sess, os.path.join(d, "m"), global_step=step)
    files = _files(d)
    sd = saver.as_saver_def()
    shutil.rmtree(d)
    return {"files": files, "last": len(saver.last_checkpoints),
            "hours": round(sd.keep_checkpoint_every_n_hours, 12), "max": sd.max_to_keep}


def case_x_isweep_sharded_files_and_restore(tf):
    d = tempfile.mkdtemp()
    with tf.device("/cpu:0"):
        a = tf.Variable([1.0, 2.0], name="a")
    with tf.device("/cpu:0"):
        b = tf.Variable(3, name="b")
    saver = tf.train.Saver(sharded=True)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    path = saver.save(sess, os.path.join(d, "m"), global_step=7)
    files = _files(d)
    sess.run([a.assign([0.0, 0.0]), b.assign(0)])
    saver.restore(sess, path)
    sd = saver.as_saver_def()
    out = {"path": os.path.relpath(path, d), "files": files, "values": sess.run([a, b]),
           "sharded": sd.sharded, "version": sd.version,
           "latest": os.path.relpath(tf.train.latest_checkpoint(d), d),
           "reader": sorted(tf.train.list_variables(path))}
    shutil.rmtree(d)
    return out


def case_x_isweep_relative_paths_and_flags(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    sess = tf.Session()
    sess.run(v.initializer)
    rel = tf.train.Saver(save_relative_paths=True)
    rel.save(sess, os.path.join(d, "r"), global_step=1)
    state = open(os.path.join(d, "checkpoint")).read()
    d2 = tempfile.mkdtemp()
    plain = tf.train.Saver()
    p = plain.save(sess, os.path.join(d2, "n"), write_meta_graph=False, write_state=False)
    files2 = _files(d2)
    p2 = plain.save(sess, os.path.join(d2, "s"), global_step=3, latest_filename="mystate")
    files3 = _files(d2)
    latest = tf.train.latest_checkpoint(d2, latest_filename="mystate")
    out = {"state": state, "files_rel": _files(d), "files_noflags": files2, "p": os.path.basename(p),
           "files_latest": files3, "latest": os.path.relpath(latest, d2), "p2": os.path.basename(p2),
           "none": tf.train.latest_checkpoint(d2)}
    shutil.rmtree(d)
    shutil.rmtree(d2)
    return out


def case_x_isweep_restore_missing_variable_message(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    sess = tf.Session()
    sess.run(v.initializer)
    path = tf.train.Saver().save(sess, os.path.join(d, "m"))
    w = tf.Variable(2.0, name="w")
    saver = tf.train.Saver([v, w])
    msg = message_has(lambda: saver.restore(sess, path), "Key w not found in checkpoint",
                      "not found in checkpoint", "Restoring from checkpoint failed")
    usable = sess.run(v)
    shutil.rmtree(d)
    return {"msg": msg, "usable": usable}


def case_x_isweep_restore_shape_and_dtype_mismatch(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0], name="v")
        sess = tf.Session()
        sess.run(v.initializer)
        path = tf.train.Saver().save(sess, os.path.join(d, "m"))
    with tf.Graph().as_default():
        v = tf.Variable([1.0, 2.0, 3.0], name="v")
        sess = tf.Session()
        shape = message_has(lambda: tf.train.Saver().restore(sess, path), "v", "[3]", "[2]",
                            "Restoring from checkpoint failed")
    with tf.Graph().as_default():
        v = tf.Variable([1, 2], name="v")
        sess = tf.Session()
        dtype = message_has(lambda: tf.train.Saver().restore(sess, path), "v", "float", "int32")
    shutil.rmtree(d)
    return {"shape": shape, "dtype": dtype}


def case_x_isweep_var_list_forms(tf):
    d = tempfile.mkdtemp()
    a = tf.Variable([1.0, 2.0], name="a")
    r = tf.get_variable("r", initializer=[5, 6], use_resource=True)
    p = tf.get_variable("p", shape=[4, 2], initializer=tf.ones_initializer(),
                        partitioner=tf.fixed_size_partitioner(2))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    s1 = tf.train.Saver({"x/a": a, "x/r": r, "x/p": p})
    path1 = s1.save(sess, os.path.join(d, "dict"))
    s2 = tf.train.Saver([a, r, p])
    path2 = s2.save(sess, os.path.join(d, "list"))
    l1 = tf.train.list_variables(path1)
    l2 = tf.train.list_variables(path2)
    sess.run([a.assign([0.0, 0.0]), r.assign([0, 0])])
    sess.run(tf.variables_initializer(list(p)))
    s1.restore(sess, path1)
    dup = catch(tf.train.Saver, [a, a])
    dup2 = catch(tf.train.Saver, {"k": a, "j": a})
    bad = catch(tf.train.Saver, {"k": 3})
    shutil.rmtree(d)
    return {"dict": l1, "list": l2, "values": sess.run([a, r, p.as_tensor()]),
            "dup": dup, "dup2": dup2, "bad": bad}


def case_x_isweep_saver_def_fields(tf):
    tf.Variable(1.0, name="v")
    saver = tf.train.Saver(max_to_keep=3, keep_checkpoint_every_n_hours=2.5, name="my_saver")
    sd = saver.as_saver_def()
    g = tf.get_default_graph()
    back = tf.train.Saver(saver_def=sd)
    proto = saver.to_proto()
    from_proto = tf.train.Saver.from_proto(proto)
    return {"filename": sd.filename_tensor_name, "save": sd.save_tensor_name,
            "restore": sd.restore_op_name, "max": sd.max_to_keep, "sharded": sd.sharded,
            "hours": sd.keep_checkpoint_every_n_hours, "version": sd.version,
            "ops": sorted(o.type for o in g.get_operations() if o.name.startswith("my_saver")),
            "back": back.as_saver_def() == sd, "proto_type": type(proto).__name__,
            "from_proto": from_proto.as_saver_def().save_tensor_name}


def case_x_isweep_import_meta_graph_scope_and_restore(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.0], [2.0]], name="w")
        y = tf.matmul(x, w, name="y")
        tf.add_to_collection("outputs", y)
        sess = tf.Session()
        sess.run(w.initializer)
        path = tf.train.Saver().save(sess, os.path.join(d, "m"))
    with tf.Graph().as_default() as g:
        with tf.device("/cpu:0"):
            saver = tf.train.import_meta_graph(path + ".meta", import_scope="imp", clear_devices=True)
        sess = tf.Session()
        saver.restore(sess, path)
        y = tf.get_collection("outputs", scope="imp")[0]
        out = {"y_name": y.name, "val": sess.run(y, {"imp/x:0": [[1.0, 1.0]]}),
               "vars": [v.name for v in tf.global_variables()],
               "saver_type": type(saver).__name__}
    with tf.Graph().as_default() as g:
        z = tf.constant([[3.0, 4.0]], name="z")
        saver = tf.train.import_meta_graph(path + ".meta", input_map={"x:0": z})
        sess = tf.Session()
        saver.restore(sess, path)
        out["mapped"] = sess.run("y:0")
        out["has_x"] = [o.name for o in g.get_operations() if o.name == "x"]
    shutil.rmtree(d)
    return out


def case_x_isweep_save_errors_and_dirs(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(v.initializer)
    missing_dir = message_has(lambda: saver.save(sess, os.path.join(d, "no", "such", "m")),
                              "Parent directory of", "doesn't exist, can't save")
    not_session = catch(saver.save, "sess", os.path.join(d, "m"))
    restore_none = catch(saver.restore, sess, None)
    restore_missing = message_has(lambda: saver.restore(sess, os.path.join(d, "absent")),
                                  "The passed save_path is not a valid checkpoint")
    shutil.rmtree(d)
    return {"missing_dir": missing_dir, "not_session": not_session, "restore_none": restore_none,
            "restore_missing": restore_missing}


def case_x_isweep_save_global_step_forms(tf):
    d = tempfile.mkdtemp()
    tf.Variable(1.0, name="v")
    step = tf.train.get_or_create_global_step()
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(step.assign(42))
    p1 = saver.save(sess, os.path.join(d, "m"), global_step=step)
    p2 = saver.save(sess, os.path.join(d, "m"), global_step=np.int64(5))
    p3 = saver.save(sess, os.path.join(d, "m"), global_step=tf.constant(9))
    files = _files(d)
    shutil.rmtree(d)
    return {"paths": [os.path.basename(p) for p in (p1, p2, p3)], "files": files}
