"""Third-pass variations of the public train_saver and interop_checkpoint cases: resource and
partitioned variables through Saver and the checkpoint reader, save's write_meta_graph/write_state
switches, empty savers, duplicate names, restore(None), get_variable graphs rebuilt after
reset_default_graph, and restores then training with slots.

Recorded from TF 2.21 compat.v1 with nothing beyond tensorflow itself."""
import os

import numpy as np

import _harness
from _casekit import in_tmp
from _harness import catch, message_has


def case_saver_resource_variable_and_reader(tf):
    def run(d):
        r = tf.get_variable("r", initializer=tf.constant([[1.0, 2.0]]), use_resource=True)
        plain = tf.Variable([3, 4], name="plain")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(r.assign([[5.0, 6.0]]))
        path = tf.train.Saver().save(sess, os.path.join(d, "m"))
        reader = tf.train.NewCheckpointReader(path)
        fresh = tf.Session()
        tf.train.Saver([r]).restore(fresh, path)
        return {"shapes": {k: list(v) for k, v in reader.get_variable_to_shape_map().items()},
                "r": reader.get_tensor("r"), "restored": fresh.run(r.read_value()),
                "plain_uninit": catch(fresh.run, plain)}
    return in_tmp(run)


def case_saver_write_meta_and_state_switches(tf):
    def run(d):
        v = tf.Variable(2.0, name="v")
        sess = tf.Session()
        sess.run(v.initializer)
        saver = tf.train.Saver()
        a = saver.save(sess, os.path.join(d, "a"), write_meta_graph=False, write_state=False)
        after_a = [sorted(os.listdir(d)), tf.train.latest_checkpoint(d)]
        b = saver.save(sess, os.path.join(d, "b"), global_step=3, write_meta_graph=False)
        return {"a": os.path.basename(a), "after_a": after_a, "b": os.path.basename(b),
                "files": sorted(os.listdir(d)), "latest": os.path.basename(tf.train.latest_checkpoint(d))}
    return in_tmp(run)


def case_saver_empty_and_duplicate_names(tf):
    no_vars = message_has(lambda: tf.train.Saver(), "No variables to save")
    empty = tf.train.Saver(allow_empty=True)
    a = tf.Variable(1.0, name="a")
    sess = tf.Session()
    return {
        "no_vars": no_vars,
        "empty_save": in_tmp(lambda d: empty.save(sess, os.path.join(d, "x"))),
        "duplicate": message_has(lambda: tf.train.Saver({"k": a, "k2": a}), "same"),
        "dup_list": catch(tf.train.Saver, [a, a]),
        "tensor_in_list": catch(tf.train.Saver, [a * 2.0]),
        "restore_none": message_has(lambda: tf.train.Saver([a]).restore(sess, None), "save_path"),
    }


def case_saver_get_variable_rebuilt_after_reset(tf):
    def run(d):
        with tf.variable_scope("m"):
            w = tf.get_variable("w", [2], initializer=tf.constant_initializer([1.5, -1.5]))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, os.path.join(d, "m"))
        tf.reset_default_graph()
        with tf.variable_scope("m"):
            w2 = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
        y = w2 * 2.0
        fresh = tf.Session()
        tf.train.Saver().restore(fresh, path)
        return {"y": fresh.run(y), "same_graph": w2.graph is tf.get_default_graph(), "names": [w.name, w2.name]}
    return in_tmp(run)


def case_saver_partitioned_save_restore_and_reader(tf):
    def run(d):
        p = tf.get_variable("p", [4, 2], initializer=tf.ones_initializer(), partitioner=tf.fixed_size_partitioner(2))
        too_many = catch(tf.get_variable, "q", [4, 2], initializer=tf.constant_initializer(np.arange(8.0)),
                         partitioner=tf.fixed_size_partitioner(2))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run([part.assign(part * (i + 10.0)) for i, part in enumerate(p)])
        path = tf.train.Saver().save(sess, os.path.join(d, "p"))
        reader = tf.train.NewCheckpointReader(path)
        fresh = tf.Session()
        tf.train.Saver({"p": p}).restore(fresh, path)
        return {"keys": sorted(reader.get_variable_to_shape_map()), "whole": reader.get_tensor("p"),
                "restored": fresh.run(tf.convert_to_tensor(p)), "load": tf.train.load_variable(d, "p"),
                "too_many": too_many}
    return in_tmp(run)


def case_saver_restore_then_adam_continues(tf):
    def run(d):
        w = tf.Variable([1.0, -1.0], name="w")
        loss = tf.reduce_sum(tf.square(w - 3.0))
        step = tf.train.AdamOptimizer(0.1).minimize(loss)
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        saver = tf.train.Saver()
        path = saver.save(sess, os.path.join(d, "m"))
        sess.run(step)
        continued = sess.run(w)
        fresh = tf.Session()
        saver.restore(fresh, path)
        fresh.run(step)
        reader = tf.train.NewCheckpointReader(path)
        return {"same_as_continued": bool(np.array_equal(fresh.run(w), continued)), "w": fresh.run(w),
                "keys": sorted(reader.get_variable_to_shape_map()),
                "beta1_power": reader.get_tensor("beta1_power")}
    return in_tmp(run)


PREFIX = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures", "ckpt",
                      "model.ckpt-100")


def case_restore_fixture_into_resource_and_partitioned(tf):
    k = tf.get_variable("dense/kernel", [3, 2], initializer=tf.zeros_initializer(), use_resource=True)
    emb = tf.get_variable("emb", [2, 3], tf.float64, initializer=tf.zeros_initializer(),
                          partitioner=tf.fixed_size_partitioner(2))
    sess = tf.Session()
    tf.train.Saver([k, emb]).restore(sess, PREFIX)
    return {"k": sess.run(k.read_value()), "emb": sess.run(tf.convert_to_tensor(emb)),
            "emb_parts": [v.name for v in emb]}


def case_reader_debug_string_and_errors(tf):
    reader = tf.train.NewCheckpointReader(PREFIX)
    return {
        "missing": message_has(lambda: reader.get_tensor("dense/nope"), "dense/nope", "not found in checkpoint"),
        "has": [reader.has_tensor("dense/bias"), reader.has_tensor("dense")],
        "bad_prefix": catch(tf.train.NewCheckpointReader, PREFIX + "-nothing"),
        "load_missing": catch(tf.train.load_variable, PREFIX, "zzz"),
        "list_sorted": [n for n, _ in tf.train.list_variables(PREFIX)],
    }


def case_init_from_checkpoint_resource_and_fresh_init(tf):
    with tf.variable_scope("net"):
        k = tf.get_variable("kernel", [3, 2], initializer=tf.ones_initializer(), use_resource=True)
        b = tf.get_variable("bias", [2], initializer=tf.ones_initializer())
        other = tf.get_variable("other", [1], initializer=tf.ones_initializer())
    scope_with_extra = catch(tf.train.init_from_checkpoint, PREFIX, {"dense/": "net/"})
    tf.train.init_from_checkpoint(PREFIX, {"dense/kernel": "net/kernel", "dense/bias": b})
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"k": sess.run(k.read_value()), "b": sess.run(b), "other": sess.run(other), "scope_with_extra": scope_with_extra,
            "bad_shape": catch(tf.train.init_from_checkpoint, PREFIX, {"emb": tf.get_variable("e2", [3, 3])})}


def case_saver_graph_of_resource_variables_and_ftrl_ops(tf):
    r = tf.get_variable("r", initializer=tf.constant([1.0, 2.0]), use_resource=True)
    w = tf.Variable([3.0], name="w")
    loss = tf.reduce_sum(r * r) + tf.reduce_sum(w * w)
    step = tf.train.FtrlOptimizer(0.1, beta=0.5).minimize(loss)
    saver = tf.train.Saver()
    g = tf.get_default_graph()
    save = g.get_operation_by_name("save/SaveV2")
    assigns = [op for op in g.get_operations() if op.name.startswith("save/") and op.type in ("Assign",
                                                                                              "AssignVariableOp")]
    ftrl = [op for op in g.get_operations() if op.type in ("ApplyFtrl", "ResourceApplyFtrl")]

    def run(d):
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        path = saver.save(sess, os.path.join(d, "m"))
        fresh = tf.Session()
        saver.restore(fresh, path)
        return fresh.run([r.read_value(), w])
    return {"save_inputs": [t.name for t in save.inputs], "restore": [(op.name, [t.name for t in op.inputs])
                                                                      for op in assigns],
            "ftrl_inputs": [[t.name for t in op.inputs] for op in ftrl], "values": in_tmp(run)}
