"""Round-14 variations of the public misc_platform cases: flags of list/enum/multi kinds with
bounds, --noflag and flag objects; logging helpers at several verbosities; gfile Walk in both orders,
Stat of a directory, Rename/Copy onto existing and missing targets, GFile iteration and seek in text
mode; py_function with a one-element Tout list, gradients through it and a wrong output count;
categorical with zero samples and float64/int logits; ctc_loss options and beam search paths."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


# ---- flags_define_and_read
def case_x_gc14_flags_list_enum_multi_and_negation(tf):
    flags = tf.app.flags
    flags.DEFINE_list("gc_names", "a,b", "a list")
    flags.DEFINE_enum("gc_mode", "train", ["train", "eval"], "an enum")
    flags.DEFINE_multi_integer("gc_ids", [1], "ints")
    flags.DEFINE_bool("gc_verbose", True, "a bool")
    flags.DEFINE_float("gc_rate", 1, "a float from an int default")
    FLAGS = flags.FLAGS
    rest = FLAGS(["prog", "--gc_names=x,y,z", "--gc_ids=4", "--gc_ids=5", "--nogc_verbose", "--", "--gc_mode=eval"])
    return {"rest": rest, "values": [FLAGS.gc_names, FLAGS.gc_mode, FLAGS.gc_ids, FLAGS.gc_verbose, FLAGS.gc_rate],
            "rate_type": type(FLAGS.gc_rate).__name__, "present": [FLAGS["gc_names"].present, FLAGS["gc_mode"].present],
            "defaults": [FLAGS["gc_names"].default, FLAGS["gc_ids"].default],
            "bad_enum": catch(FLAGS, ["prog", "--gc_mode=test"]),
            "dict_has": sorted(k for k in FLAGS.flag_values_dict() if k.startswith("gc_"))}


# ---- flags_errors_and_defaults
def case_x_gc14_flags_bounds_and_error_classes(tf):
    flags = tf.app.flags
    flags.DEFINE_integer("gc_small", 2, "bounded", lower_bound=0, upper_bound=5)
    FLAGS = flags.FLAGS
    FLAGS(["prog"])
    out = {"too_big": message_has(lambda: FLAGS(["prog", "--gc_small=9"]), "gc_small", "<= 5"),
           "unknown": catch(FLAGS, ["prog", "--gc_nope=1"]),
           "bad_default": catch(flags.DEFINE_integer, "gc_bad", 10, "x", upper_bound=3),
           "set_out_of_range": catch(setattr, FLAGS, "gc_small", 7)}
    out["after"] = FLAGS.gc_small
    return out


# ---- logging_verbosity
def case_x_gc14_logging_helpers_and_int_levels(tf):
    log = tf.logging
    log.set_verbosity(10)
    first = log.get_verbosity()
    log.set_verbosity(log.WARN)
    out = {"levels": [first, log.get_verbosity()],
           "calls": [log.log_first_n(log.INFO, "x %d", 2, 1), log.log_if(log.INFO, "y", False),
                     log.vlog(1, "z"), log.log_every_n(log.INFO, "w", 3)],
           "names": [n for n in ("TaskLevelStatusMessage", "flush", "log", "fatal") if hasattr(log, n)]}
    log.set_verbosity(log.INFO)
    return out


# ---- gfile_basics
def case_x_gc14_gfile_walk_orders_and_stat_dir(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        gf.MakeDirs(os.path.join(d, "a", "b"))
        gf.MakeDirs(os.path.join(d, "c"))
        for rel in ("top.txt", "a/one.txt", "a/b/two.txt"):
            with gf.GFile(os.path.join(d, rel), "w") as f:
                f.write(rel)
        norm = lambda walk: [(os.path.relpath(p, d), sorted(s), sorted(f)) for p, s, f in walk]  # noqa: E731
        top = norm(gf.Walk(d))
        bottom = norm(gf.Walk(d, in_order=False))
        st = gf.Stat(os.path.join(d, "a"))
        with gf.GFile(os.path.join(d, "a", "one.txt")) as f:
            f.seek(2)
            tail = f.read()
            pos = f.tell()
        return {"top_first": top[0], "top_dirs": sorted(t[0] for t in top), "bottom_last": bottom[-1],
                "bottom_first_is_leaf": bottom[0][1] == [], "stat_dir": st.is_directory,
                "stat_missing": catch(gf.Stat, os.path.join(d, "zzz")), "tail": tail, "pos": pos,
                "walk_missing": list(gf.Walk(os.path.join(d, "zzz"))),
                "list_file": catch(gf.ListDirectory, os.path.join(d, "top.txt"))}
    finally:
        shutil.rmtree(d)


# ---- gfile_glob_copy_rename_remove
def case_x_gc14_gfile_rename_copy_targets(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        p = lambda *n: os.path.join(d, *n)  # noqa: E731
        for name in ("x.txt", "y.txt"):
            with gf.GFile(p(name), "w") as f:
                f.write(name * 2)
        gf.MakeDirs(p("sub"))
        out = {"rename_existing": catch(gf.Rename, p("x.txt"), p("y.txt")),
               "rename_missing": catch(gf.Rename, p("nope.txt"), p("z.txt")),
               "copy_missing_dir": catch(gf.Copy, p("x.txt"), p("nodir", "x.txt")),
               "copy_missing_src": catch(gf.Copy, p("nope.txt"), p("z.txt"))}
        gf.Rename(p("x.txt"), p("y.txt"), overwrite=True)
        out["after"] = sorted(gf.ListDirectory(d))
        out["content"] = gf.GFile(p("y.txt")).read()
        out["glob_dirs"] = sorted(os.path.relpath(g, d) for g in gf.Glob(p("*")))
        out["glob_nested"] = gf.Glob(p("*", "*.txt"))
        out["remove_dir"] = catch(gf.Remove, p("sub"))
        gf.DeleteRecursively(p("sub"))
        out["delete_missing"] = catch(gf.DeleteRecursively, p("sub"))
        return out
    finally:
        shutil.rmtree(d)


# ---- py_function_basic
def case_x_gc14_py_function_single_list_tout_and_gradient(tf):
    x = tf.constant([1.0, 2.0])
    one = tf.py_function(lambda t: t * 3.0, [x], [tf.float32])
    sq = tf.py_function(lambda t: t * t, [x], tf.float32)
    g = tf.gradients(tf.reduce_sum(sq), x)[0]
    strs = tf.py_function(lambda t: np.array([b"a", b"bb"]), [x], tf.string)
    sess = tf.Session()
    return {"one_type": type(one).__name__, "one_len": len(one), "one": sess.run(one), "g": sess.run(g),
            "strs": sess.run(strs), "op_type": sq.op.type, "name": tf.py_function(lambda: 1, [], tf.int32,
                                                                                    name="pyf").op.name}


# ---- py_function_error_and_placeholder
def case_x_gc14_py_function_wrong_output_count_and_usable(tf):
    p = tf.placeholder(tf.float32, [])
    two = tf.py_function(lambda t: (t, t), [p], [tf.float32, tf.float32, tf.float32])
    bad_shape_ok = tf.py_function(lambda t: [t, t], [p], tf.float32)
    sess = tf.Session()
    return {"count": catch(sess.run, two, {p: 1.0}), "list_as_tensor": sess.run(bad_shape_ok, {p: 2.0}),
            "after": sess.run(tf.py_function(lambda t: t + 1, [p], tf.float32), {p: 3.0}),
            "unfed": catch(sess.run, bad_shape_ok)}


# ---- categorical_and_multinomial
def case_x_gc14_categorical_zero_samples_and_dtypes(tf):
    logits64 = tf.constant([[0.0, -np.inf], [-np.inf, 0.0]], tf.float64)
    n = tf.placeholder(tf.int32, [])
    fed = tf.random.categorical(logits64, n, seed=1)
    sess = tf.Session()
    return {"zero": sess.run(tf.random.categorical(logits64, 0, seed=1)), "fed": sess.run(fed, {n: 3}),
            "fed_shape": fed.shape.as_list(), "int_logits": catch(tf.random.categorical, tf.constant([[1, 2]]), 2),
            "rank1": catch(tf.random.categorical, tf.constant([0.0, 1.0]), 2),
            "negative": catch(sess.run, fed, {n: -1}),
            "half": catch(lambda: tf.random.categorical(tf.zeros([1, 2], tf.float16), 2).dtype.name)}


# ---- ctc_loss_and_greedy_decoder
def case_x_gc14_ctc_options_batch_major_and_beam(tf):
    probs = np.array([[[0.5, 0.4, 0.1], [0.5, 0.4, 0.1], [0.1, 0.1, 0.8], [0.2, 0.7, 0.1]]], np.float32)
    logits_bm = tf.constant(np.log(probs))  # [batch=1, time=4, classes=3]
    labels = tf.SparseTensor([[0, 0], [0, 1]], tf.constant([0, 0], tf.int32), [1, 2])
    sess = tf.Session()
    out = sess.run({
        "plain": tf.nn.ctc_loss(labels, logits_bm, [4], time_major=False),
        "collapse": tf.nn.ctc_loss(labels, logits_bm, [4], preprocess_collapse_repeated=True, time_major=False),
        "no_merge": tf.nn.ctc_loss(labels, logits_bm, [4], ctc_merge_repeated=False, time_major=False),
    })
    no_merge = tf.nn.ctc_loss(labels, logits_bm, [4], ctc_merge_repeated=False, time_major=False)
    out["no_merge_grad"] = sess.run(tf.gradients(no_merge, logits_bm)[0])
    decoded, log_probs = tf.nn.ctc_beam_search_decoder(tf.transpose(logits_bm, [1, 0, 2]), [4], beam_width=4,
                                                       top_paths=2)
    out["paths"] = [sess.run(sp).values for sp in decoded]
    out["log_probs"] = sess.run(log_probs)
    out["too_short"] = catch(sess.run, tf.nn.ctc_loss(labels, logits_bm, [1], time_major=False))
    out["ignored"] = sess.run(tf.nn.ctc_loss(labels, logits_bm, [1], time_major=False,
                                             ignore_longer_outputs_than_inputs=True))
    return out


# ---- gfile_basics: seeking
def case_x_gc14_gfile_seek_whence_text_and_errors(tf):
    d = tempfile.mkdtemp()
    try:
        path = os.path.join(d, "s.txt")
        with tf.gfile.GFile(path, "w") as f:
            f.write("line1\nline2\nend")
            in_write = catch(f.seek, 0)
        out = {"in_write": in_write}
        with tf.gfile.GFile(path) as f:
            f.seek(-3, 2)
            out["end"] = (f.read(), f.tell())
            f.seek(2)
            f.seek(4, 1)
            out["relative"] = f.readline()
            f.seek(position=1)
            out["position"] = f.read(4)
            out["none"] = catch(f.seek)
            out["both"] = catch(f.seek, 1, position=2)
            out["bad_whence"] = catch(f.seek, 0, 3)
        with tf.gfile.GFile(path, "rb") as f:
            f.seek(-4, 2)
            out["binary_end"] = f.read()
        return out
    finally:
        shutil.rmtree(d)


# ---- py_function_basic: string results
def case_x_gc14_py_and_numpy_function_fixed_width_bytes(tf):
    n = tf.constant(3)
    sess = tf.Session()
    out = sess.run({"numpy": tf.numpy_function(lambda x: np.array([b"a" * int(x), b"z"]), [n], tf.string),
                    "py_function": tf.py_function(lambda x: np.array([b"ab", b"c"]), [n], tf.string),
                    "py_func_scalar": tf.py_func(lambda x: np.array(b"xyz"), [n], tf.string),
                    "ascii_str_array": tf.numpy_function(lambda x: np.array(["ab", "c"]), [n], tf.string),
                    "str_scalar": tf.numpy_function(lambda x: "é", [n], tf.string)})
    out["list_is_outputs"] = catch(sess.run, tf.numpy_function(lambda x: ["é", "b"], [n], tf.string))
    out["non_ascii_str_array"] = catch(sess.run, tf.numpy_function(lambda x: np.array(["é", "b"]), [n], tf.string))
    out["types"] = [type(v).__name__ + ":" + getattr(v, "dtype", np.dtype("O")).kind for v in out.values()]
    out["joined"] = sess.run(tf.strings.reduce_join(tf.numpy_function(lambda x: np.array([b"p", b"q"]), [n],
                                                                      tf.string)))
    return out
