"""Second-pass variations of the public train_saver cases: Saver arguments and corners (keep,
sharded, relative paths, latest_filename, var_list forms, resource variables, slots, meta graphs)."""
import os

from _casekit import in_tmp
from _harness import catch, message_has


def case_saver_var_list_forms(tf):
    def run(d):
        a = tf.Variable([1.0, 2.0], name="a")
        with tf.variable_scope("scope"):
            b = tf.get_variable("b", initializer=tf.constant(3), use_resource=True)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        s_list = tf.train.Saver([a, b])
        s_dict = tf.train.Saver({"renamed_a": a, "bee": b})
        p1 = s_list.save(sess, os.path.join(d, "list"))
        p2 = s_dict.save(sess, os.path.join(d, "dict"))
        names1 = sorted(n for n, _ in tf.train.list_variables(p1))
        names2 = sorted(n for n, _ in tf.train.list_variables(p2))
        fresh = tf.Session()
        s_dict.restore(fresh, p2)
        return {"names_list": names1, "names_dict": names2, "restored": fresh.run([a, b]),
                "dup": catch(tf.train.Saver, [a, a]),
                "bad_type": catch(tf.train.Saver, [tf.constant(1.0)]),
                "empty": catch(tf.train.Saver, []),
                "wrong_names": catch(tf.train.Saver({"nope": a}).restore, fresh, p1)}
    return in_tmp(run)


def case_saver_checkpoint_state_and_keep(tf):
    def run(d):
        v = tf.Variable(0, name="v")
        inc = v.assign_add(1)
        saver = tf.train.Saver(max_to_keep=2)
        sess = tf.Session()
        sess.run(v.initializer)
        paths = []
        for step in range(4):
            sess.run(inc)
            paths.append(saver.save(sess, os.path.join(d, "m"), global_step=step, latest_filename="mystate"))
        st = tf.train.get_checkpoint_state(d, latest_filename="mystate")
        default_state = tf.train.get_checkpoint_state(d)
        return {
            "last": [os.path.basename(p) for p in saver.last_checkpoints],
            "state_all": [os.path.basename(p) for p in st.all_model_checkpoint_paths],
            "state_model": os.path.basename(st.model_checkpoint_path),
            "default_state_none": default_state is None,
            "exists": [tf.train.checkpoint_exists(p) for p in paths],
            "latest_default": tf.train.latest_checkpoint(d),
            "latest_named": os.path.basename(tf.train.latest_checkpoint(d, "mystate")),
            "files": sorted(f for f in os.listdir(d) if not f.startswith("m-3") and not f.startswith("m-2")),
        }
    return in_tmp(run)


def case_saver_no_max_to_keep_and_tensor_step(tf):
    def run(d):
        tf.Variable(1.5, name="v")
        gs = tf.Variable(7, name="gs", dtype=tf.int64)
        saver = tf.train.Saver(max_to_keep=None)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        p1 = saver.save(sess, os.path.join(d, "x"), global_step=gs)
        p2 = saver.save(sess, os.path.join(d, "x"), global_step=tf.constant(9))
        p3 = saver.save(sess, os.path.join(d, "x"), write_meta_graph=False)
        zero = tf.train.Saver(max_to_keep=0)
        zero.save(sess, os.path.join(d, "z"), global_step=1)
        zero.save(sess, os.path.join(d, "z"), global_step=2)
        return {"paths": [os.path.basename(p) for p in (p1, p2, p3)],
                "meta": sorted(f for f in os.listdir(d) if f.endswith(".meta")),
                "zero_last": [os.path.basename(p) for p in zero.last_checkpoints],
                "z1_exists": tf.train.checkpoint_exists(os.path.join(d, "z-1"))}
    return in_tmp(run)


def case_saver_optimizer_slots_roundtrip(tf):
    def run(d):
        w = tf.Variable([1.0, 2.0], name="w")
        opt = tf.train.AdamOptimizer(0.1)
        train = opt.minimize(tf.reduce_sum(w * w))
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        path = saver.save(sess, os.path.join(d, "adam"))
        names = sorted(n for n, _ in tf.train.list_variables(path))
        fresh = tf.Session()
        saver.restore(fresh, path)
        fresh.run(train)
        sess.run(train)
        reader = tf.train.load_checkpoint(path)
        return {"names": names, "same_after_step": bool((fresh.run(w) == sess.run(w)).all()),
                "w": fresh.run(w), "m": reader.get_tensor("w/Adam"),
                "has": [reader.has_tensor("beta1_power"), reader.has_tensor("nope")],
                "dtype_map": sorted((k, v.name) for k, v in reader.get_variable_to_dtype_map().items())}
    return in_tmp(run)


def case_saver_meta_graph_import_and_restore(tf):
    def run(d):
        with tf.Graph().as_default():
            x = tf.placeholder(tf.float32, [None], name="x")
            w = tf.Variable(3.0, name="w")
            y = tf.multiply(x, w, name="y")
            tf.add_to_collection("outputs", y)
            saver = tf.train.Saver()
            sess = tf.Session()
            sess.run(w.initializer)
            sess.run(w.assign(5.0))
            path = saver.save(sess, os.path.join(d, "g"), global_step=1)
        with tf.Graph().as_default():
            restorer = tf.train.import_meta_graph(path + ".meta")
            sess = tf.Session()
            restorer.restore(sess, path)
            out = sess.run("y:0", {"x:0": [1.0, 2.0]})
            coll = [t.name for t in tf.get_collection("outputs")]
            return {"out": out, "collection": coll,
                    "saver_def_keep": restorer.saver_def.max_to_keep,
                    "trainable": [v.name for v in tf.trainable_variables()],
                    "missing_meta": catch(tf.train.import_meta_graph, os.path.join(d, "none.meta"))}
    return in_tmp(run)


def case_saver_restore_errors_keep_session_usable(tf):
    def run(d):
        a = tf.Variable([1.0, 2.0], name="a")
        sess = tf.Session()
        sess.run(a.initializer)
        path = tf.train.Saver().save(sess, os.path.join(d, "ck"))
        with tf.Graph().as_default():
            tf.Variable([0.0, 0.0, 0.0], name="a")
            bad_shape = catch(tf.train.Saver().restore, tf.Session(), path)
        with tf.Graph().as_default():
            a3 = tf.Variable(0, name="a")
            s3 = tf.Session()
            bad_dtype = catch(tf.train.Saver().restore, s3, path)
            s3.run(a3.initializer)
            usable = s3.run(a3)
        with tf.Graph().as_default():
            tf.Variable(0.0, name="other")
            missing_key = message_has(lambda: tf.train.Saver().restore(tf.Session(), path),
                                      "not found in checkpoint")
        with open(os.path.join(d, "garbage.index"), "wb") as f:
            f.write(b"not a table")
        garbage = catch(tf.train.Saver().restore, sess, os.path.join(d, "garbage"))
        none_path = catch(tf.train.Saver().restore, sess, None)
        return {"bad_shape": bad_shape, "bad_dtype": bad_dtype, "usable": usable, "missing_key": missing_key,
                "garbage": garbage, "none_path": none_path, "still": sess.run(a)}
    return in_tmp(run)
