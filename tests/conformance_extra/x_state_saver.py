"""Extra train.Saver cases: files, checkpoint state, var_list forms, errors, readers."""
import os
import shutil
import tempfile

from _harness import catch, message_has


def case_saver_files_written(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable([1.0, 2.0], name="v")
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(v.initializer)
        path = saver.save(sess, os.path.join(d, "model.ckpt"))
        files = sorted(os.listdir(d))
        nometa = saver.save(sess, os.path.join(d, "nometa"), write_meta_graph=False)
        files2 = sorted(os.listdir(d))
        state = open(os.path.join(d, "checkpoint")).read()
        return {"path": os.path.basename(path), "files": files, "files2": files2,
                "nometa": os.path.basename(nometa),
                "state_lines": [l.split(":")[0] for l in state.strip().splitlines()],
                "state_has_nometa": state.count("nometa")}
    finally:
        shutil.rmtree(d)


def case_saver_global_step_tensor_and_format(tf):
    d = tempfile.mkdtemp()
    try:
        step = tf.train.get_or_create_global_step()
        inc = tf.assign_add(step, 7)
        v = tf.Variable(3.0, name="v")
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(inc)
        p1 = saver.save(sess, os.path.join(d, "m"), global_step=step)
        p2 = saver.save(sess, os.path.join(d, "m"), global_step=tf.constant(5))
        p3 = saver.save(sess, os.path.join(d, "m"), global_step=12, write_meta_graph=False)
        return {"paths": [os.path.basename(p) for p in (p1, p2, p3)], "step_name": step.name,
                "step_dtype": step.dtype.name,
                "gs": tf.train.global_step(sess, step)}
    finally:
        shutil.rmtree(d)


def case_get_checkpoint_state(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(1, name="v")
        saver = tf.train.Saver(max_to_keep=2)
        sess = tf.Session()
        sess.run(v.initializer)
        for s in (1, 2, 3):
            saver.save(sess, os.path.join(d, "c"), global_step=s)
        st = tf.train.get_checkpoint_state(d)
        return {
            "model": os.path.basename(st.model_checkpoint_path),
            "all": [os.path.basename(p) for p in st.all_model_checkpoint_paths],
            "last": [os.path.basename(p) for p in saver.last_checkpoints],
            "exists": [tf.train.checkpoint_exists(os.path.join(d, "c-%d" % s)) for s in (1, 2, 3)],
            "none": tf.train.get_checkpoint_state(os.path.join(d, "nowhere")),
            "files": sorted(f for f in os.listdir(d) if f.endswith(".index")),
        }
    finally:
        shutil.rmtree(d)


def case_latest_checkpoint_filename(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(2.0, name="v")
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(v.initializer)
        saver.save(sess, os.path.join(d, "a"), latest_filename="other_state")
        return {"default": tf.train.latest_checkpoint(d),
                "other": os.path.basename(tf.train.latest_checkpoint(d, latest_filename="other_state")),
                "files": sorted(os.listdir(d))}
    finally:
        shutil.rmtree(d)


def case_saver_max_to_keep_none_and_zero(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(1.0, name="v")
        sess = tf.Session()
        sess.run(v.initializer)
        keep_all = tf.train.Saver(max_to_keep=None)
        for s in range(3):
            keep_all.save(sess, os.path.join(d, "all"), global_step=s)
        zero = tf.train.Saver(max_to_keep=0)
        for s in range(3):
            zero.save(sess, os.path.join(d, "zero"), global_step=s)
        index = sorted(f for f in os.listdir(d) if f.endswith(".index"))
        return {"index": index, "keep_all_last": [os.path.basename(p) for p in keep_all.last_checkpoints],
                "zero_last": [os.path.basename(p) for p in zero.last_checkpoints],
                "latest": os.path.basename(tf.train.latest_checkpoint(d))}
    finally:
        shutil.rmtree(d)


def case_saver_var_list_errors(tf):
    v = tf.Variable(1.0, name="v")
    w = tf.Variable(2.0, name="w")
    return {
        "empty_graph_ok": catch(lambda: tf.train.Saver(var_list=[]) and None),
        "duplicate": catch(tf.train.Saver, [v, v]),
        "dup_msg": message_has(lambda: tf.train.Saver({"a": v, "b": v}), "appears in both"),
        "dup_name": catch(tf.train.Saver, {"x": v, "y": w}) is not None,
        "not_var": catch(tf.train.Saver, [tf.constant(1.0)]),
        "tensor_in_dict": catch(tf.train.Saver, {"c": tf.constant(1.0)}),
        "bad_type": catch(tf.train.Saver, [1]),
    }


def case_saver_no_variables(tf):
    return {"none": message_has(tf.train.Saver, "No variables to save"),
            "allow_empty": tf.train.Saver(allow_empty=True).last_checkpoints}


def case_saver_restore_shape_mismatch(tf):
    d = tempfile.mkdtemp()
    try:
        g1 = tf.Graph()
        with g1.as_default():
            v = tf.Variable([1.0, 2.0], name="v")
            saver = tf.train.Saver()
            with tf.Session() as sess:
                sess.run(v.initializer)
                path = saver.save(sess, os.path.join(d, "m"))
        g2 = tf.Graph()
        with g2.as_default():
            v2 = tf.Variable([1.0, 2.0, 3.0], name="v")
            saver2 = tf.train.Saver()
            with tf.Session() as sess:
                shape = catch(saver2.restore, sess, path)
        g3 = tf.Graph()
        with g3.as_default():
            v3 = tf.Variable([1, 2], name="v")
            saver3 = tf.train.Saver()
            with tf.Session() as sess:
                dtype = catch(saver3.restore, sess, path)
        g4 = tf.Graph()
        with g4.as_default():
            tf.Variable([1.0, 2.0], name="v")
            tf.Variable(0.0, name="missing_var")
            saver4 = tf.train.Saver()
            with tf.Session() as sess:
                missing = catch(saver4.restore, sess, path)
                missing_msg = message_has(lambda: saver4.restore(sess, path), "missing_var", "not found in checkpoint")
        return {"shape": shape, "dtype": dtype, "missing": missing, "missing_msg": missing_msg}
    finally:
        shutil.rmtree(d)


def case_saver_restore_none_and_bad_path(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(1.0, name="v")
        saver = tf.train.Saver()
        sess = tf.Session()
        junk = os.path.join(d, "junk")
        with open(junk, "wb") as f:
            f.write(b"garbage")
        return {"none": catch(saver.restore, sess, None),
                "none_msg": message_has(lambda: saver.restore(sess, None), "Can't load save_path when it is None"),
                "junk": catch(saver.restore, sess, junk),
                "missing_msg": message_has(lambda: saver.restore(sess, os.path.join(d, "x")),
                                           "The passed save_path is not a valid checkpoint")}
    finally:
        shutil.rmtree(d)


def case_saver_save_errors(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(1.0, name="v")
        saver = tf.train.Saver()
        sess = tf.Session()
        uninit = catch(saver.save, sess, os.path.join(d, "m"))
        sess.run(v.initializer)
        nodir = catch(saver.save, sess, os.path.join(d, "no", "dir", "m"))
        return {"uninit": uninit, "nodir": nodir, "files": sorted(os.listdir(d))}
    finally:
        shutil.rmtree(d)


def case_checkpoint_reader_and_list_variables(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.variable_scope("layer"):
            w = tf.get_variable("w", initializer=tf.constant([[1.0, 2.0]]))
            b = tf.get_variable("b", initializer=tf.constant([3], tf.int64))
        s = tf.Variable(b"txt", name="s")
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, os.path.join(d, "m"), global_step=1)
        listed = tf.train.list_variables(d)
        reader = tf.train.NewCheckpointReader(path)
        return {
            "listed": listed, "w": tf.train.load_variable(d, "layer/w"),
            "has": [reader.has_tensor("layer/b"), reader.has_tensor("nope")],
            "shapes": reader.get_variable_to_shape_map(),
            "dtypes": {k: v.name for k, v in reader.get_variable_to_dtype_map().items()},
            "s": reader.get_tensor("s"),
            "missing": catch(reader.get_tensor, "nope"),
        }
    finally:
        shutil.rmtree(d)


def case_saver_dict_and_partial_restore(tf):
    d = tempfile.mkdtemp()
    try:
        a = tf.Variable([1, 2], name="a")
        b = tf.Variable([3, 4], name="b")
        saver = tf.train.Saver({"first": a, "second": b})
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, os.path.join(d, "m"))
        names = sorted(n for n, _ in tf.train.list_variables(path))
        x = tf.Variable([0, 0], name="x")
        only = tf.train.Saver({"second": x})
        fresh = tf.Session()
        only.restore(fresh, path)
        default = tf.train.Saver([a])
        return {"names": names, "x": fresh.run(x),
                "default_missing": catch(default.restore, fresh, path)}
    finally:
        shutil.rmtree(d)


def case_saver_restores_after_training_changes(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable([1.0, 1.0], name="v")
        step = v.assign_add([1.0, 2.0])
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(v.initializer)
        sess.run(step)
        p = saver.save(sess, os.path.join(d, "m"))
        sess.run(step)
        changed = sess.run(v)
        saver.restore(sess, p)
        return {"changed": changed, "restored": sess.run(v), "restore_op": saver.saver_def.restore_op_name,
                "filename": saver.saver_def.filename_tensor_name, "save": saver.saver_def.save_tensor_name,
                "max_to_keep": saver.saver_def.max_to_keep}
    finally:
        shutil.rmtree(d)


def case_saver_local_and_partitioned_names(tf):
    d = tempfile.mkdtemp()
    try:
        g = tf.Variable(1.0, name="g")
        l = tf.Variable(2.0, name="l", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = saver.save(sess, os.path.join(d, "m"))
        saver2 = tf.train.Saver(tf.global_variables() + tf.local_variables())
        sess.run(tf.local_variables_initializer())
        path2 = saver2.save(sess, os.path.join(d, "m2"))
        return {"default": [n for n, _ in tf.train.list_variables(path)],
                "with_local": [n for n, _ in tf.train.list_variables(path2)]}
    finally:
        shutil.rmtree(d)
