"""Second-pass variations of the public interop_checkpoint cases: the TF-written fixture read and
restored through other routes (partitioned variables, slots of an optimizer, save/restore round
trips that continue training), the errors of each Saver/restore argument, and init_from_checkpoint
into partitioned and scoped variables."""
import os

import numpy as np

import _harness
from _casekit import in_tmp
from _harness import catch, message_has

CKPT_DIR = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures", "ckpt")


def _fixture_dir():
    return CKPT_DIR


def case_x_s12_reader_of_optimizer_slots(tf):
    def run(d):
        w = tf.Variable([1.0, 2.0], name="w")
        loss = tf.reduce_sum(tf.square(w))
        train = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=tf.train.get_or_create_global_step())
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        prefix = tf.train.Saver().save(sess, os.path.join(d, "m"), global_step=1)
        reader = tf.train.NewCheckpointReader(prefix)
        shapes = reader.get_variable_to_shape_map()
        return {"prefix": os.path.basename(prefix),
                "names": sorted(shapes), "dtypes": {k: v.name for k, v in reader.get_variable_to_dtype_map().items()},
                "m": reader.get_tensor("w/Adam"), "beta1": reader.get_tensor("beta1_power"),
                "listed": tf.train.list_variables(d)}
    return in_tmp(run)


def case_x_s12_slots_restored_continue_training(tf):
    def build():
        w = tf.Variable([1.0, -2.0], name="w")
        loss = tf.reduce_sum(tf.square(w - 1.0))
        train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
        return w, train

    def run(d):
        w, train = build()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        for _ in range(2):
            sess.run(train)
        prefix = tf.train.Saver().save(sess, os.path.join(d, "m"))
        for _ in range(2):
            sess.run(train)
        straight = sess.run(w)
        g = tf.Graph()
        with g.as_default():
            w2, train2 = build()
            s2 = tf.Session(graph=g)
            tf.train.Saver().restore(s2, prefix)
            restored = s2.run(w2)
            for _ in range(2):
                s2.run(train2)
            resumed = s2.run(w2)
            names = sorted(v.op.name for v in tf.global_variables())
        return {"straight": straight, "restored": restored, "resumed": resumed, "same": bool(np.allclose(straight, resumed)),
                "globals": names}
    return in_tmp(run)


def case_x_s12_partitioned_saved_and_read_whole(tf):
    def run(d):
        init = np.arange(12, dtype=np.float32).reshape(6, 2)
        p = tf.get_variable("part", initializer=tf.constant(init), partitioner=tf.fixed_size_partitioner(3))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        prefix = tf.train.Saver().save(sess, os.path.join(d, "m"))
        reader = tf.train.NewCheckpointReader(prefix)
        g = tf.Graph()
        with g.as_default():
            whole = tf.get_variable("part", [6, 2])
            s = tf.Session(graph=g)
            restored = catch(lambda: (tf.train.Saver([whole]).restore(s, prefix), s.run(whole))[1])
            two = tf.get_variable("part2", [6, 2], partitioner=tf.fixed_size_partitioner(2))
            by_dict = catch(lambda: (tf.train.Saver({"part": two}).restore(s, prefix), s.run(two.as_tensor()))[1])
        return {"shapes": {k: list(v) for k, v in reader.get_variable_to_shape_map().items()},
                "value": reader.get_tensor("part"), "load": tf.train.load_variable(d, "part"),
                "listed": tf.train.list_variables(prefix), "n_parts": len(list(p)),
                "restored_whole": restored, "restored_repartitioned": by_dict}
    return in_tmp(run)


def case_x_s12_saver_var_list_errors(tf):
    a = tf.Variable(1.0, name="a")
    with tf.variable_scope("s"):
        tf.Variable(2.0, name="a")
    c = tf.constant(3.0, name="c")
    return {"dup_names": message_has(lambda: tf.train.Saver({"x": a, "y": a}), "same", "a"),
            "dup_list": catch(tf.train.Saver, [a, a]),
            "tensor_in_list": catch(tf.train.Saver, [c]),
            "tensor_in_dict": catch(lambda: tf.train.Saver({"c": c}).saver_def.filename_tensor_name),
            "int_in_list": catch(tf.train.Saver, [3]),
            "empty_list": catch(tf.train.Saver, []),
            "string_var_list": catch(tf.train.Saver, "a"),
            "ok_set": catch(lambda: tf.train.Saver({a}).saver_def.save_tensor_name),
            "ok_tuple": catch(lambda: tf.train.Saver((a,)).saver_def.restore_op_name)}


def case_x_s12_restore_path_errors_keep_session(tf):
    d = _fixture_dir()
    k = tf.Variable(tf.zeros([3, 2]), name="dense/kernel")
    saver = tf.train.Saver([k])
    sess = tf.Session()
    return {"none": message_has(lambda: saver.restore(sess, None), "Can't load save_path when it is None."),
            "dir": message_has(lambda: saver.restore(sess, d), "valid checkpoint"),
            "dir_class": catch(saver.restore, sess, d),
            "missing": catch(saver.restore, sess, os.path.join(d, "model.ckpt-7")),
            "index_path": catch(lambda: (saver.restore(sess, os.path.join(d, "model.ckpt-100.index")), sess.run(k))[1]),
            "ok": (saver.restore(sess, os.path.join(d, "model.ckpt-100")), sess.run(k))[1]}


def case_x_s12_restore_mixed_kinds_from_fixture(tf):
    prefix = os.path.join(_fixture_dir(), "model.ckpt-100")
    with tf.variable_scope("dense"):
        kernel = tf.get_variable("kernel", [3, 2], use_resource=True)
        bias = tf.get_variable("bias", [2])
    emb = tf.get_variable("emb", [2, 3], tf.float64, partitioner=tf.fixed_size_partitioner(2))
    label = tf.Variable("", name="label")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.restore(sess, prefix)
    return {"kernel": sess.run(kernel), "bias": sess.run(bias), "emb": sess.run(emb.as_tensor()),
            "label": sess.run(label), "uninit": sess.run(tf.report_uninitialized_variables()),
            "grad": sess.run(tf.gradients(tf.reduce_sum(tf.matmul(tf.ones([1, 3]), kernel) + bias), [kernel])[0])}


def case_x_s12_init_from_checkpoint_partitioned_and_scopes(tf):
    d = _fixture_dir()
    with tf.variable_scope("net"):
        with tf.variable_scope("dense"):
            k = tf.get_variable("kernel", [3, 2], partitioner=tf.fixed_size_partitioner(3))
            b = tf.get_variable("bias", [2], use_resource=True)
    e = tf.get_variable("my_emb", [2, 3], tf.float64, initializer=tf.zeros_initializer())
    tf.train.init_from_checkpoint(d, {"dense/": "net/dense/", "emb": "my_emb"})
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = {"k": sess.run(k.as_tensor()), "b": sess.run(b), "e": sess.run(e),
           "initializer_op": getattr(e.initializer, "op", e.initializer).type,
           "initializer_is_tensor": isinstance(e.initializer, tf.Tensor)}
    out["dtype_mismatch"] = catch(tf.train.init_from_checkpoint, d, {"counts": "my_emb"})
    out["missing_scope"] = message_has(lambda: tf.train.init_from_checkpoint(d, {"dense/": "nothing_here/"}),
                                       "nothing_here")
    out["missing_scope_class"] = catch(tf.train.init_from_checkpoint, d, {"dense/": "nothing_here/"})
    return out


def case_x_s12_save_restore_every_dtype_round_trip(tf):
    def run(d):
        vals = {"f16": np.array([1.5, -2.0], np.float16), "i8": np.array([-3, 4], np.int8),
                "u16": np.array([65535], np.uint16), "i64": np.array([2 ** 40], np.int64),
                "c64": np.array([1 + 2j], np.complex64), "b": np.array([True, False]),
                "s": np.array([b"x", b"", b"\x00yz"], object), "scalar_f64": np.float64(0.1)}
        vs = {k: tf.Variable(v, name=k) for k, v in vals.items()}
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        prefix = tf.train.Saver().save(sess, os.path.join(d, "all"))
        sess.run([v.assign(tf.zeros_like(v)) for k, v in vs.items() if k != "s"])
        tf.train.Saver().restore(sess, prefix)
        reader = tf.train.NewCheckpointReader(prefix)
        return {"restored": sess.run(vs), "dtypes": {k: v.name for k, v in reader.get_variable_to_dtype_map().items()},
                "read": {k: reader.get_tensor(k) for k in sorted(vals)}}
    return in_tmp(run)


def case_x_s12_checkpoint_state_after_several_saves(tf):
    def run(d):
        v = tf.Variable(0, name="v")
        inc = v.assign_add(1)
        saver = tf.train.Saver(max_to_keep=2)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        paths = []
        for step in (10, 20, 30):
            sess.run(inc)
            paths.append(saver.save(sess, os.path.join(d, "model"), global_step=step, latest_filename="ckpt_state"))
        state = tf.train.get_checkpoint_state(d, latest_filename="ckpt_state")
        return {"paths": [os.path.basename(p) for p in paths],
                "latest_default_name": tf.train.latest_checkpoint(d),
                "latest": os.path.basename(tf.train.latest_checkpoint(d, latest_filename="ckpt_state")),
                "all": [os.path.basename(p) for p in state.all_model_checkpoint_paths],
                "files": sorted(f for f in os.listdir(d) if not f.startswith("model.ckpt")),
                "exists": [tf.train.checkpoint_exists(os.path.join(d, "model-%d" % s)) for s in (10, 20, 30)],
                "last": [os.path.basename(p) for p in saver.last_checkpoints],
                "value": tf.train.load_variable(os.path.join(d, "model-20"), "v")}
    return in_tmp(run)
