"""Second-pass variations of the public misc_platform cases: flags kinds (enum, list, multi, float
bounds), required flags and access before parsing; logging helpers (vlog, log_if, log_first_n);
gfile positions (seek/tell/readline, size), DeleteRecursively, Stat, Rename/Copy overwrite and
missing paths; py_function inside tf.data map, while_loop and cond; categorical inside cond; ctc
options (merge repeated, preprocess_collapse_repeated) and the beam search decoder."""
import os

import numpy as np

from _harness import catch, message_has
from _casekit import in_tmp, drain


# ---- flags_define_and_read
def case_x_m12_flags_enum_list_multi(tf):
    flags = tf.app.flags
    flags.DEFINE_enum("m12_mode", "train", ["train", "eval"], "a mode")
    flags.DEFINE_list("m12_items", "a,b", "a list")
    flags.DEFINE_multi_string("m12_tag", ["x"], "tags")
    flags.DEFINE_multi_integer("m12_n", [1], "ints")
    flags.DEFINE_float("m12_rate", 0.5, "bounded", lower_bound=0.0, upper_bound=1.0)
    FLAGS = flags.FLAGS
    rest = FLAGS(["prog", "--m12_mode=eval", "--m12_items=p,q,r", "--m12_tag=t1", "--m12_tag=t2",
                  "--m12_n=3", "--m12_n=4", "--", "--m12_rate=2"])
    values = [FLAGS.m12_mode, FLAGS.m12_items, FLAGS.m12_tag, FLAGS.m12_n, FLAGS.m12_rate]
    return {"rest": rest, "values": values,
            "bad_enum": catch(FLAGS, ["prog", "--m12_mode=test"]),
            "out_of_bounds": catch(FLAGS, ["prog", "--m12_rate=1.5"]),
            "bad_default_enum": catch(flags.DEFINE_enum, "m12_bad", "zzz", ["a"], "h"),
            "default_rate": FLAGS["m12_rate"].default, "present": FLAGS["m12_mode"].present}


def case_x_m12_flags_before_parse_and_required(tf):
    flags = tf.flags
    flags.DEFINE_string("m12_req", None, "required")
    flags.DEFINE_integer("m12_val", 5, "int")
    FLAGS = flags.FLAGS
    before = catch(lambda: FLAGS.m12_val)
    flags.mark_flag_as_required("m12_req")
    missing = catch(FLAGS, ["prog"])
    rest = FLAGS(["prog", "--m12_req=here"])
    return {"before": before, "missing": missing, "rest": rest, "req": FLAGS.m12_req, "val": FLAGS.m12_val,
            "in": ["m12_req" in FLAGS, "m12_zzz" in FLAGS],
            "mark_unknown": catch(flags.mark_flag_as_required, "m12_never_defined")}


# ---- flags_errors_and_defaults
def case_x_m12_flags_bool_forms_and_errors(tf):
    flags = tf.app.flags
    flags.DEFINE_bool("m12_on", True, "bool")
    flags.DEFINE_integer("m12_pos", 1, "positive", lower_bound=1)
    FLAGS = flags.FLAGS
    FLAGS(["prog", "--nom12_on"])
    off = FLAGS.m12_on
    FLAGS(["prog", "--m12_on=true"])
    on = FLAGS.m12_on
    return {"off": off, "on": on,
            "bad_bool": catch(FLAGS, ["prog", "--m12_on=maybe"]),
            "low": catch(FLAGS, ["prog", "--m12_pos=0"]),
            "unknown": catch(FLAGS, ["prog", "--m12_undefined=1"]),
            "bad_default": catch(flags.DEFINE_integer, "m12_bad_int", "x", "h"),
            "set_wrong_type": catch(setattr, FLAGS, "m12_pos", "abc"),
            "pos": FLAGS.m12_pos}


# ---- logging_verbosity
def case_x_m12_logging_helpers(tf):
    log = tf.logging
    log.set_verbosity(log.WARN)
    out = [log.get_verbosity()]
    log.vlog(1, "m12 vlog %d", 3)
    log.log_if(log.INFO, "m12 log_if", False)
    for i in range(3):
        log.log_first_n(log.WARN, "m12 first %d", 2, i)
        log.log_every_n(log.INFO, "m12 every %d", 2, i)
    log.set_verbosity(10)
    out.append(log.get_verbosity())
    log.set_verbosity(log.INFO)
    out.append(log.get_verbosity())
    return {"levels": out, "names": [hasattr(log, n) for n in ("vlog", "flush", "TaskLevelStatusMessage",
                                                                 "log_if", "fatal")]}


# ---- gfile_basics
def case_x_m12_gfile_seek_tell_readline(tf):
    def body(d):
        path = os.path.join(d, "f.txt")
        with tf.gfile.GFile(path, "w") as f:
            f.write("alpha\nbeta\ngamma")
            pos_w = f.tell()
        f = tf.gfile.GFile(path, "r")
        first = f.readline()
        t1 = f.tell()
        f.seek(2)
        part = f.read(3)
        rest = f.read()
        f.seek(0)
        lines = [line for line in f]
        size = f.size()
        f.close()
        fb = tf.gfile.GFile(path, "rb")
        b = fb.read(4)
        fb.seek(-5, 2) if False else None
        fb.close()
        return {"pos_w": pos_w, "first": first, "t1": t1, "part": part, "rest": rest, "lines": lines,
                "size": size, "bytes": b, "mode": tf.gfile.GFile(path).mode, "name": os.path.basename(tf.gfile.GFile(path).name)}
    return in_tmp(body)


def case_x_m12_gfile_delete_recursively_and_stat(tf):
    def body(d):
        gf = tf.gfile
        top = os.path.join(d, "t")
        gf.MakeDirs(os.path.join(top, "x", "y"))
        with gf.GFile(os.path.join(top, "x", "f"), "w") as f:
            f.write("12345")
        st = gf.Stat(os.path.join(top, "x", "f"))
        dst = gf.Stat(os.path.join(top, "x"))
        walked = [(os.path.relpath(r, d), sorted(ds), sorted(fs)) for r, ds, fs in gf.Walk(top)]
        gf.DeleteRecursively(top)
        return {"len": st.length, "is_dir": [st.is_directory, dst.is_directory], "walked": walked,
                "gone": gf.Exists(top),
                "delete_missing": catch(gf.DeleteRecursively, top),
                "stat_missing": catch(gf.Stat, top),
                "list_missing": catch(gf.ListDirectory, top),
                "isdir_missing": gf.IsDirectory(top),
                "mkdir_missing_parent": catch(gf.MkDir, os.path.join(d, "no", "deeper")),
                "walk_missing": list(gf.Walk(top))}
    return in_tmp(body)


# ---- gfile_glob_copy_rename_remove
def case_x_m12_gfile_rename_copy_overwrite_messages(tf):
    def body(d):
        gf = tf.gfile
        a, b = os.path.join(d, "a"), os.path.join(d, "b")
        for p, text in ((a, "A"), (b, "B")):
            with gf.GFile(p, "w") as f:
                f.write(text)
        ren = message_has(lambda: gf.Rename(a, b), "exists")
        gf.Rename(a, b, overwrite=True)
        with gf.GFile(b) as f:
            after = f.read()
        copy_missing = catch(gf.Copy, a, os.path.join(d, "c"))
        remove_dir = catch(gf.Remove, d)
        glob_none = gf.Glob(os.path.join(d, "*.none"))
        return {"ren": ren, "after": after, "copy_missing": copy_missing, "remove_dir": remove_dir,
                "glob_none": glob_none, "listing": sorted(gf.ListDirectory(d)),
                "rename_missing": catch(gf.Rename, a, os.path.join(d, "z"))}
    return in_tmp(body)


# ---- py_function_basic
def case_x_m12_py_function_in_dataset_map_and_while(tf):
    ds = tf.data.Dataset.range(4).map(
        lambda x: tf.py_function(lambda t: t.numpy() * 3, [x], tf.int64))
    got = drain(tf, ds)
    i0 = tf.constant(0)
    acc0 = tf.constant(1.0)
    _, acc = tf.while_loop(lambda i, a: i < 3,
                           lambda i, a: (i + 1, tf.py_function(lambda v: v.numpy() * 2.0, [a], tf.float32)),
                           [i0, acc0], shape_invariants=[i0.shape, tf.TensorShape(None)])
    flag = tf.placeholder(tf.bool, [])
    c = tf.cond(flag, lambda: tf.py_function(lambda: np.float32(1.5), [], tf.float32), lambda: tf.constant(-1.0))
    sess = tf.Session()
    return {"ds": got, "loop": sess.run(acc), "cond": [sess.run(c, {flag: True}), sess.run(c, {flag: False})],
            "types": sorted({op.type for op in tf.get_default_graph().get_operations() if "Py" in op.type})}


def case_x_m12_py_function_names_and_none_output(tf):
    x = tf.constant([1, 2], tf.int32)
    named = tf.py_function(lambda t: t + 1, [x], tf.int32, name="my_py")
    none_out = tf.py_function(lambda t: None, [x], [])
    multi = tf.py_function(lambda: (np.int32(1), np.array([2.0], np.float64)), [], [tf.int32, tf.float64])
    sess = tf.Session()
    return {"named": sess.run(named), "name": named.op.name, "type": named.op.type,
            "none_out": [type(none_out).__name__, len(none_out) if isinstance(none_out, list) else none_out],
            "multi": sess.run(multi), "dtypes": [t.dtype.name for t in multi],
            "wrong_count": catch(sess.run, tf.py_function(lambda: np.int32(1), [], [tf.int32, tf.int32]))}


# ---- categorical
def case_x_m12_categorical_in_cond_and_float64_logits(tf):
    logits64 = tf.constant([[-np.inf, 0.0, -np.inf], [0.0, -np.inf, -np.inf]], tf.float64)
    flag = tf.placeholder(tf.bool, [])
    s = tf.cond(flag, lambda: tf.random.categorical(logits64, 5, seed=1),
                lambda: tf.zeros([2, 5], tf.int64))
    half = tf.random.categorical(tf.constant([[0.0, 1.0]], tf.float16), 3, seed=2)
    sess = tf.Session()
    return {"taken": sess.run(s, {flag: True}), "other": sess.run(s, {flag: False}),
            "half_shape": half.shape.as_list(), "half_in": bool(np.all(sess.run(half) < 2)),
            "zero_samples": sess.run(tf.random.categorical(logits64, 0)).shape,
            "int_logits": catch(tf.random.categorical, tf.constant([[1, 2]]), 2),
            "rank1": catch(tf.random.categorical, tf.constant([0.0, 1.0]), 2)}


# ---- ctc
def case_x_m12_ctc_options_and_beam_search(tf):
    probs = np.array([[[0.1, 0.6, 0.3]], [[0.1, 0.6, 0.3]], [[0.7, 0.1, 0.2]], [[0.2, 0.2, 0.6]], [[0.5, 0.3, 0.2]]],
                     np.float32)
    logits = tf.constant(np.log(probs))
    labels = tf.SparseTensor(indices=[[0, 0], [0, 1], [0, 2]], values=tf.constant([1, 1, 0], tf.int32),
                             dense_shape=[1, 3])
    plain = tf.nn.ctc_loss(labels, logits, [5])
    collapse = tf.nn.ctc_loss(labels, logits, [5], preprocess_collapse_repeated=True)
    nomerge = tf.nn.ctc_loss(labels, logits, [5], ctc_merge_repeated=False)
    (greedy,), g_neg = tf.nn.ctc_greedy_decoder(logits, [5], merge_repeated=False)
    beams, log_probs = tf.nn.ctc_beam_search_decoder(logits, [5], beam_width=3, top_paths=2)
    sess = tf.Session()
    return {"losses": sess.run([plain, collapse, nomerge]), "greedy": sess.run(greedy), "g_neg": sess.run(g_neg),
            "beams": sess.run(beams), "log_probs": sess.run(log_probs),
            "too_many_paths": catch(tf.nn.ctc_beam_search_decoder, logits, [5], beam_width=1, top_paths=2)}
