"""checkpoint_management and checkpoint_utils after TF's checkpoint_management_test.py and
checkpoint_utils_test.py: the state file (update/get/generate, relative and absolute paths, bad
files), checkpoint_exists, get_checkpoint_mtimes, remove_checkpoint, CheckpointManager in graph mode,
the reader API (shape/dtype maps, has_tensor, debug string, errors) and init_from_checkpoint with
scope maps and partitioned variables."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


def _files(d):
    return sorted(os.listdir(d))


def _state(state, d):
    if state is None:
        return None
    return {"model": os.path.relpath(state.model_checkpoint_path, d) if state.model_checkpoint_path else "",
            "all": [os.path.relpath(p, d) for p in state.all_model_checkpoint_paths],
            "stamps": list(state.all_model_checkpoint_timestamps),
            "preserved": state.last_preserved_timestamp}


def _save_simple(tf, d, names=("v",), step=None):
    with tf.Graph().as_default():
        for i, n in enumerate(names):
            tf.Variable(np.arange(3.0) + i, name=n)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        return tf.train.Saver().save(sess, os.path.join(d, "model"), global_step=step)


def case_x_isweep_update_and_get_state(tf):
    d = tempfile.mkdtemp()
    tf.train.update_checkpoint_state(d, "m-2", ["m-1", "m-2"])
    text_rel = open(os.path.join(d, "checkpoint")).read()
    rel = _state(tf.train.get_checkpoint_state(d), d)
    tf.train.update_checkpoint_state(d, os.path.join(d, "m-3"), [os.path.join(d, "m-3")],
                                     latest_filename="other")
    text_abs = open(os.path.join(d, "other")).read().replace(d, "<D>")
    absd = _state(tf.train.get_checkpoint_state(d, "other"), d)
    tf.train.update_checkpoint_state(d, "m-4", ["m-2"])
    added = _state(tf.train.get_checkpoint_state(d), d)
    out = {"text_rel": text_rel, "rel": rel, "text_abs": text_abs, "abs": absd, "added": added,
           "files": _files(d), "missing": tf.train.get_checkpoint_state(os.path.join(d, "nope"))}
    shutil.rmtree(d)
    return out


def case_x_isweep_generate_state_proto(tf):
    base = tempfile.mkdtemp()
    d = os.path.join(base, "ckpt")
    proto = tf.train.generate_checkpoint_state_proto(d, os.path.join(d, "m-5"),
                                                     [os.path.join(d, "m-4")])
    cwd = os.getcwd()
    os.chdir(base)  # a relative path is taken from the working directory: fix it, so goldens do not hold ours
    try:
        proto2 = tf.train.generate_checkpoint_state_proto(d, "m-5", all_model_checkpoint_paths=None)
        p2 = _state(proto2, d)
    finally:
        os.chdir(cwd)
    out = {"type": type(proto).__name__, "p": _state(proto, d), "p2": p2,
           "raw": [proto2.model_checkpoint_path, list(proto2.all_model_checkpoint_paths)]}
    shutil.rmtree(base)
    return out


def case_x_isweep_bad_state_files(tf):
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "checkpoint"), "w") as f:
        f.write("this is not a text proto {{{")
    garbage = catch(tf.train.get_checkpoint_state, d)
    latest_garbage = catch(tf.train.latest_checkpoint, d)
    with open(os.path.join(d, "checkpoint"), "w") as f:
        f.write('all_model_checkpoint_paths: "x"\n')
    empty_model = message_has(lambda: tf.train.get_checkpoint_state(d), "Invalid checkpoint state loaded from")
    with open(os.path.join(d, "checkpoint"), "w") as f:
        f.write('model_checkpoint_path: "gone-1"\n')
    dangling_state = _state(tf.train.get_checkpoint_state(d), d)
    dangling_latest = tf.train.latest_checkpoint(d)
    shutil.rmtree(d)
    return {"garbage": garbage, "latest_garbage": latest_garbage, "empty_model": empty_model,
            "dangling_state": dangling_state, "dangling_latest": dangling_latest}


def case_x_isweep_exists_mtimes_remove(tf):
    d = tempfile.mkdtemp()
    path = _save_simple(tf, d, step=3)
    before = _files(d)
    exists = [tf.train.checkpoint_exists(path), tf.train.checkpoint_exists(path + ".index"),
              tf.train.checkpoint_exists(os.path.join(d, "model-9")),
              tf.train.checkpoint_exists(os.path.join(d, "model-*"))]
    mtimes = tf.train.get_checkpoint_mtimes([path, os.path.join(d, "absent")])
    tf.train.remove_checkpoint(path)
    after = _files(d)
    out = {"before": before, "exists": exists, "n_mtimes": len(mtimes),
           "mtime_type": type(mtimes[0]).__name__, "after": after,
           "exists_after": tf.train.checkpoint_exists(path)}
    shutil.rmtree(d)
    return out


def case_x_isweep_checkpoint_manager_graph_mode(tf):
    d = tempfile.mkdtemp()
    v = tf.Variable(1.0, name="v")
    ckpt = tf.train.Checkpoint(v=v)
    manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
    sess = tf.Session()
    sess.run(v.initializer)
    with sess.as_default():
        paths = [manager.save() for _ in range(3)]
        numbered = manager.save(checkpoint_number=10)
    out = {"paths": [os.path.relpath(p, d) for p in paths + [numbered]],
           "kept": [os.path.relpath(p, d) for p in manager.checkpoints],
           "latest": os.path.relpath(manager.latest_checkpoint, d),
           "files": _files(d), "dir": manager.directory == d,
           "state": {k: v for k, v in _state(tf.train.get_checkpoint_state(d), d).items()
                     if k not in ("stamps", "preserved")},
           "n_stamps": len(tf.train.get_checkpoint_state(d).all_model_checkpoint_timestamps)}
    shutil.rmtree(d)
    return out


def case_x_isweep_reader_api(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        tf.Variable(np.ones((2, 3), np.float32), name="scope/a")
        tf.Variable(np.int64(5), name="b")
        tf.Variable([b"x", b"yy"], name="s")
        tf.Variable(np.zeros([2], np.float16), name="h")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, os.path.join(d, "m"))
    reader = tf.train.load_checkpoint(d)
    missing = message_has(lambda: reader.get_tensor("nope"), "nope", "not found in checkpoint")
    out = {"shapes": {k: list(v) for k, v in reader.get_variable_to_shape_map().items()},
           "dtypes": {k: v.name for k, v in reader.get_variable_to_dtype_map().items()},
           "has": [reader.has_tensor("b"), reader.has_tensor("scope/a"), reader.has_tensor("scope")],
           "debug": reader.debug_string().decode() if isinstance(reader.debug_string(), bytes) else reader.debug_string(),
           "s": reader.get_tensor("s"), "b": reader.get_tensor("b"), "missing": missing,
           "list": tf.train.list_variables(d),
           "load": tf.train.load_variable(path, "scope/a"),
           "bad_dir": catch(tf.train.load_checkpoint, os.path.join(d, "nothing")),
           "bad_list": catch(tf.train.list_variables, os.path.join(d, "nothing"))}
    shutil.rmtree(d)
    return out


def case_x_isweep_init_from_checkpoint_partitioned(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        with tf.variable_scope("old"):
            tf.get_variable("w", initializer=np.arange(12.0, dtype=np.float32).reshape(6, 2))
            tf.get_variable("b", initializer=np.array([1.0, 2.0], np.float32))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, os.path.join(d, "m"))
    with tf.Graph().as_default():
        with tf.variable_scope("new"):
            w = tf.get_variable("w", [6, 2], partitioner=tf.fixed_size_partitioner(3),
                                initializer=tf.zeros_initializer())
            b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
        tf.train.init_from_checkpoint(path, {"old/": "new/"})
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        whole = sess.run(w.as_tensor())
        parts = [p.name for p in w]
        bval = sess.run(b)
    with tf.Graph().as_default():
        with tf.variable_scope("new"):
            w = tf.get_variable("w", [6, 2], partitioner=tf.fixed_size_partitioner(2),
                                initializer=tf.zeros_initializer())
        tf.train.init_from_checkpoint(path, {"old/w": "new/w"})
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        direct = sess.run(w.as_tensor())
    with tf.Graph().as_default():
        with tf.variable_scope("new"):
            w = tf.get_variable("w", [6, 2], partitioner=tf.fixed_size_partitioner(2),
                                initializer=tf.zeros_initializer())
        tf.train.init_from_checkpoint(path, {"old/w": list(w)})
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        as_list = sess.run(w.as_tensor())
    shutil.rmtree(d)
    return {"whole": whole, "parts": parts, "b": bval, "direct": direct, "as_list": as_list}


def case_x_isweep_init_from_checkpoint_errors(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        tf.Variable(np.ones([2], np.float32), name="a/x")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, os.path.join(d, "m"))
    with tf.Graph().as_default():
        with tf.variable_scope("a"):
            tf.get_variable("x", [3], initializer=tf.zeros_initializer())
            tf.get_variable("y", [2], initializer=tf.zeros_initializer())
        shape = message_has(lambda: tf.train.init_from_checkpoint(path, {"a/x": "a/x"}),
                            "Shape of variable", "doesn't match with shape of tensor")
        missing = message_has(lambda: tf.train.init_from_checkpoint(path, {"a/zz": "a/y"}),
                              "Tensor a/zz is not found in", "checkpoint")
        novar = message_has(lambda: tf.train.init_from_checkpoint(path, {"a/x": "b/q"}),
                            "Tensor b/q is not found in b/ scope", "not found")
    shutil.rmtree(d)
    return {"shape": shape, "missing": missing, "novar": novar}
