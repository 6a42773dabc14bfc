"""Variations of the public train_saver cases: dtypes, partial restores, errors, names, max_to_keep."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


def case_saver_dtypes_roundtrip(tf):
    d = tempfile.mkdtemp()
    try:
        vs = [tf.Variable(np.array([1.5, -2.5], np.float64), name="f64"),
              tf.Variable(np.array([[1, 2]], np.int64), name="i64"),
              tf.Variable(np.array([True, False]), name="flags"),
              tf.Variable(np.array([3, 250], np.uint8), name="u8"),
              tf.Variable(np.array([0.5], np.float16), name="f16"),
              tf.Variable(["a", "bc"], name="strs"),
              tf.Variable(np.zeros([0, 3], np.float32), name="empty")]
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, os.path.join(d, "all"))
        fresh = tf.Session()
        saver.restore(fresh, path)
        reader = tf.train.NewCheckpointReader(path)
        return {"values": fresh.run(vs), "shapes": reader.get_variable_to_shape_map(),
                "dtypes": {k: v.name for k, v in reader.get_variable_to_dtype_map().items()}}
    finally:
        shutil.rmtree(d)


def case_saver_restore_shape_and_dtype_mismatch(tf):
    d = tempfile.mkdtemp()
    try:
        g1 = tf.Graph()
        with g1.as_default():
            tf.Variable([1.0, 2.0], name="v")
            saver = tf.train.Saver()
            with tf.Session() as s:
                s.run(tf.global_variables_initializer())
                path = saver.save(s, os.path.join(d, "m"))
        out = {}
        g2 = tf.Graph()
        with g2.as_default():
            tf.Variable([1.0, 2.0, 3.0], name="v")
            with tf.Session() as s:
                out["shape"] = catch(tf.train.Saver().restore, s, path)
        g3 = tf.Graph()
        with g3.as_default():
            tf.Variable([1, 2], name="v")
            with tf.Session() as s:
                out["dtype"] = catch(tf.train.Saver().restore, s, path)
        g4 = tf.Graph()
        with g4.as_default():
            tf.Variable([1.0, 2.0], name="other")
            with tf.Session() as s:
                out["missing_key"] = catch(tf.train.Saver().restore, s, path)
                out["msg"] = message_has(lambda: tf.train.Saver().restore(s, path), "not found in checkpoint")
        return out
    finally:
        shutil.rmtree(d)


def case_saver_names_scopes_and_partial_restore(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.variable_scope("net"):
            w = tf.get_variable("w", initializer=tf.constant([1.0, 2.0]))
            with tf.variable_scope("inner"):
                b = tf.get_variable("b", initializer=tf.constant(3, tf.int64))
        saver = tf.train.Saver(name="my_saver")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign([5.0, 6.0]))
        path = saver.save(sess, os.path.join(d, "p"), global_step=tf.constant(7), write_meta_graph=False)
        listed = tf.train.list_variables(path)
        only_b = tf.train.Saver({"net/inner/b": b})
        fresh = tf.Session()
        only_b.restore(fresh, path)
        return {"path": os.path.basename(path), "listed": listed, "b": fresh.run(b),
                "w_uninit": fresh.run(tf.report_uninitialized_variables()),
                "saver_def_names": [saver.saver_def.filename_tensor_name.split(":")[0].split("/")[0]],
                "meta_written": os.path.exists(path + ".meta"),
                "load_var": tf.train.load_variable(path, "net/w")}
    finally:
        shutil.rmtree(d)


def case_saver_global_step_variable_and_keep(tf):
    d = tempfile.mkdtemp()
    try:
        gs = tf.train.get_or_create_global_step()
        v = tf.Variable(1.0, name="v")
        step = tf.group(v.assign_add(1.0), gs.assign_add(1))
        saver = tf.train.Saver(max_to_keep=2)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        names = []
        for _ in range(4):
            sess.run(step)
            names.append(os.path.basename(saver.save(sess, os.path.join(d, "run"), global_step=gs)))
        state = tf.train.get_checkpoint_state(d)
        files = sorted(f for f in os.listdir(d) if f.endswith(".index"))
        return {"names": names, "last": [os.path.basename(p) for p in saver.last_checkpoints],
                "state_all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "state_latest": os.path.basename(state.model_checkpoint_path), "index_files": files,
                "exists": [tf.train.checkpoint_exists(os.path.join(d, "run-4")),
                           tf.train.checkpoint_exists(os.path.join(d, "run-1"))]}
    finally:
        shutil.rmtree(d)


def case_saver_errors(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(1.0, name="v")
        w = tf.Variable(2.0, name="w")
        sess = tf.Session()
        return {
            "no_variables": catch(lambda: tf.train.Saver(var_list=[])),
            "duplicate_names": catch(tf.train.Saver, {"a": v, "b": v}),
            "bad_var_list": catch(tf.train.Saver, [v, "x"]),
            "save_uninitialized": catch(tf.train.Saver([v]).save, sess, os.path.join(d, "x")),
            "restore_none": catch(tf.train.Saver([w]).restore, sess, None),
            "latest_missing_dir": tf.train.latest_checkpoint(os.path.join(d, "nope")),
            "after": sess.run(tf.constant(1)),
        }
    finally:
        shutil.rmtree(d)


def case_saver_restore_then_train(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.Variable([1.0, -1.0], name="w")
        loss = tf.reduce_sum(tf.square(w - 2.0))
        opt = tf.train.AdamOptimizer(0.1)
        train = opt.minimize(loss)
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        path = saver.save(sess, os.path.join(d, "t"))
        sess.run(train)
        expected = sess.run(w)
        fresh = tf.Session()
        saver.restore(fresh, path)
        fresh.run(train)
        names = sorted(n for n, _ in tf.train.list_variables(path))
        return {"same_continuation": bool(np.allclose(fresh.run(w), expected)), "w": fresh.run(w), "names": names}
    finally:
        shutil.rmtree(d)
