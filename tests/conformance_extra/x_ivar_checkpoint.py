"""Variations of the public interop_checkpoint cases: the TF-written fixture checkpoint read and
restored with other names, dtypes, shapes and arguments, and the error paths (missing keys and files,
shape and dtype mismatches) with the session still usable after them."""
import os
import shutil
import tempfile

import numpy as np

import _harness
from _harness import catch, message_has

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(_harness.__file__)), "cases", "interop_fixtures")
CKPT_DIR = os.path.join(FIXTURES, "ckpt")
PREFIX = os.path.join(CKPT_DIR, "model.ckpt-100")


def case_x_ivar_reader_missing_key_and_file(tf):
    reader = tf.train.NewCheckpointReader(PREFIX)
    missing = message_has(lambda: reader.get_tensor("nope"), "nope", "not found in checkpoint")
    no_file = message_has(lambda: tf.train.NewCheckpointReader(PREFIX + "-nothere"),
                          "Unsuccessful TensorSliceReader constructor", "model.ckpt-100-nothere")
    return {"missing": missing, "no_file": no_file, "still": reader.get_tensor("global_step"),
            "has_slash": reader.has_tensor("dense/"), "has_suffix": reader.has_tensor("emb:0")}


def case_x_ivar_reader_dtypes_of_every_kind(tf):
    reader = tf.train.load_checkpoint(PREFIX)
    dtypes = reader.get_variable_to_dtype_map()
    values = {n: reader.get_tensor(n) for n in ("counts", "flags", "label", "global_step")}
    return {"kinds": {n: [d.name, d.is_integer, d.is_floating, d == tf.string] for n, d in dtypes.items()},
            "value_types": {n: [type(v).__name__, str(getattr(v, "dtype", ""))] for n, v in values.items()},
            "values": values}


def case_x_ivar_load_variable_name_forms(tf):
    return {"with_suffix": tf.train.load_variable(CKPT_DIR, "dense/bias:0"),
            "emb": tf.train.load_variable(PREFIX, "emb"),
            "missing": catch(tf.train.load_variable, CKPT_DIR, "dense/nothing"),
            "listed_dtypes": [(n, s) for n, s in tf.train.list_variables(CKPT_DIR) if n.startswith("dense")]}


def case_x_ivar_checkpoint_state_missing_and_other_names(tf):
    d = tempfile.mkdtemp()
    try:
        shutil.copy(os.path.join(CKPT_DIR, "checkpoint"), os.path.join(d, "other_state"))
        for suffix in (".index", ".data-00000-of-00001"):
            shutil.copy(PREFIX + suffix, os.path.join(d, "model.ckpt-100" + suffix))
        latest = tf.train.latest_checkpoint(d, latest_filename="other_state")
        return {"empty_latest": tf.train.latest_checkpoint(d), "empty_state": tf.train.get_checkpoint_state(d),
                "other": os.path.relpath(latest, d) if latest else latest,
                "exists_missing": tf.train.checkpoint_exists(os.path.join(d, "nothing")),
                "exists_copy": tf.train.checkpoint_exists(os.path.join(d, "model.ckpt-100")),
                "reader": tf.train.load_variable(os.path.join(d, "model.ckpt-100"), "counts")}
    finally:
        shutil.rmtree(d)


def case_x_ivar_restore_shape_mismatch_then_usable(tf):
    kernel = tf.Variable(tf.zeros([2, 3]), name="dense/kernel")
    bias = tf.Variable(tf.zeros([2]), name="dense/bias")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    err = message_has(lambda: tf.train.Saver([kernel, bias]).restore(sess, PREFIX), "dense/kernel", "[2,3]", "[3,2]")
    ok = tf.train.Saver([bias])
    ok.restore(sess, PREFIX)
    return {"err": err, "bias": sess.run(bias), "kernel_left": sess.run(kernel)}


def case_x_ivar_restore_dtype_mismatch(tf):
    bias = tf.Variable(tf.zeros([2], tf.float64), name="dense/bias")
    counts = tf.Variable(tf.zeros([4], tf.int64), name="counts")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"bias": catch(tf.train.Saver([bias]).restore, sess, PREFIX),
            "counts": catch(tf.train.Saver([counts]).restore, sess, PREFIX),
            "after": sess.run([bias, counts])}


def case_x_ivar_dict_var_list_other_kinds(tf):
    step = tf.Variable(np.int64(0), name="my_step")
    text = tf.Variable(b"none", name="my_text")
    flags = tf.get_variable("my_flags", [3], tf.bool, initializer=tf.zeros_initializer())
    saver = tf.train.Saver({"global_step": step, "label": text, "flags": flags})
    sess = tf.Session()
    saver.restore(sess, PREFIX)
    both = tf.reduce_any(flags) & tf.greater(step, 50)
    return {"values": sess.run([step, text, flags]), "both": sess.run(both),
            "names": sorted(saver.saver_def.restore_op_name.split("/")[:1])}


def case_x_ivar_restore_then_save_round_trip(tf):
    d = tempfile.mkdtemp()
    try:
        emb = tf.Variable(tf.zeros([2, 3], tf.float64), name="emb")
        label = tf.Variable("", name="label")
        saver = tf.train.Saver([emb, label])
        sess = tf.Session()
        saver.restore(sess, PREFIX)
        sess.run(emb.assign(emb * 2.0))
        path = saver.save(sess, os.path.join(d, "again"), global_step=7)
        reader = tf.train.NewCheckpointReader(path)
        return {"path": os.path.relpath(path, d), "shapes": reader.get_variable_to_shape_map(),
                "emb": reader.get_tensor("emb"), "label": reader.get_tensor("label"),
                "latest": os.path.relpath(tf.train.latest_checkpoint(d), d)}
    finally:
        shutil.rmtree(d)


def case_x_ivar_init_from_checkpoint_name_map_and_errors(tf):
    emb = tf.get_variable("my_emb", [2, 3], tf.float64, initializer=tf.zeros_initializer())
    wrong = tf.get_variable("wrong_shape", [3, 3], initializer=tf.zeros_initializer())
    bad_shape = message_has(lambda: tf.train.init_from_checkpoint(PREFIX, {"dense/kernel": "wrong_shape"}),
                            "wrong_shape", "dense/kernel", "(3, 3)", "(3, 2)")
    missing = catch(tf.train.init_from_checkpoint, PREFIX, {"not_there": "my_emb"})
    tf.train.init_from_checkpoint(PREFIX, {"emb": "my_emb"})
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"bad_shape": bad_shape, "missing": missing, "emb": sess.run(emb), "wrong": sess.run(wrong),
            "initializer": [isinstance(emb.initializer, tf.Tensor), emb.initializer.op.type,
                            isinstance(wrong.initializer, tf.Operation)]}


def case_x_ivar_init_from_checkpoint_root_scope(tf):
    with tf.variable_scope("net"):
        with tf.variable_scope("dense"):
            k = tf.get_variable("kernel", [3, 2], initializer=tf.ones_initializer())
        c = tf.get_variable("counts", [4], tf.int32, initializer=tf.zeros_initializer())
        other = tf.get_variable("not_in_ckpt", [1], initializer=tf.ones_initializer())
    tf.train.init_from_checkpoint(CKPT_DIR, {"/": "net/"})
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess.run([k, c, other])


def case_x_ivar_full_restore_missing_key_then_partial(tf):
    kernel = tf.Variable(tf.zeros([3, 2]), name="dense/kernel")
    extra = tf.Variable(np.int64(5), name="extra")
    counts = tf.Variable(tf.zeros([4], tf.int32), name="counts")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    full = message_has(lambda: tf.train.Saver().restore(sess, PREFIX), "Key extra not found in checkpoint",
                       "Restoring from checkpoint failed")
    tf.train.Saver([kernel, counts]).restore(sess, PREFIX)
    return {"full": full, "values": sess.run([kernel, extra, counts]),
            "sum": sess.run(tf.reduce_sum(counts) + tf.cast(extra, tf.int32))}


def case_x_ivar_restore_with_reshape(tf):
    flat = tf.Variable(tf.zeros([6]), name="dense/kernel")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    refused = catch(tf.train.Saver([flat]).restore, sess, PREFIX)
    tf.train.Saver([flat], reshape=True).restore(sess, PREFIX)
    return {"refused": refused, "flat": sess.run(flat)}
