"""Variations of the public misc_platform cases: flags (more types, spacing, negation, unparsed
access, validators), logging levels, gfile on missing paths (TF's NotFoundError texts), glob, walk,
copy/rename overwrite, stat, py_function dtypes and errors, categorical/multinomial arguments and
errors, ctc_loss and the greedy decoder over a batch."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


# ---- flags_define_and_read
def case_x_mvar_flags_spacing_negation_and_lists(tf):
    flags = tf.app.flags
    fv = flags.FlagValues()
    flags.DEFINE_string("name", "n0", "a string", flag_values=fv)
    flags.DEFINE_integer("steps", 1, "an int", flag_values=fv)
    flags.DEFINE_bool("fast", True, "a bool", flag_values=fv)
    flags.DEFINE_list("items", [], "a list", flag_values=fv)
    flags.DEFINE_multi_string("tag", [], "repeated", flag_values=fv)
    flags.DEFINE_float("rate", 1.5, "a float", flag_values=fv)
    rest = fv(["prog", "--name", "spaced", "--steps=-4", "--nofast", "--items=a,b,,c", "--tag=x", "--tag=y",
               "--", "--rate=9"])
    return {"rest": rest, "values": [fv.name, fv.steps, fv.fast, fv.items, fv.tag, fv.rate],
            "dict": sorted(fv.flag_values_dict().items()), "present": [fv["steps"].present, fv["rate"].present]}


def case_x_mvar_flags_global_unparsed_and_reparse(tf):
    flags = tf.flags
    flags.DEFINE_integer("mvar_count", 3, "an int")
    flags.DEFINE_enum("mvar_mode", "a", ["a", "b"], "an enum")
    FLAGS = flags.FLAGS
    before = catch(lambda: FLAGS.mvar_count)
    FLAGS(["prog", "--mvar_mode=b"])
    first = [FLAGS.mvar_count, FLAGS.mvar_mode]
    FLAGS(["prog", "--mvar_count=8"])
    return {"before": before, "first": first, "second": [FLAGS.mvar_count, FLAGS.mvar_mode],
            "same": tf.app.flags.FLAGS is tf.flags.FLAGS, "has": ["mvar_count" in FLAGS, "zzz_none" in FLAGS]}


# ---- flags_errors_and_defaults
def case_x_mvar_flags_errors_messages(tf):
    flags = tf.flags
    fv = flags.FlagValues()
    flags.DEFINE_integer("k", 2, "an int", lower_bound=1, upper_bound=5, flag_values=fv)
    flags.DEFINE_float("x", 0.0, "a float", flag_values=fv)
    flags.DEFINE_boolean("on", False, "a bool", flag_values=fv)
    fv(["prog"])
    return {"too_big": catch(fv, ["prog", "--k=6"]), "bad_float": catch(fv, ["prog", "--x=one"]),
            "bool_value": catch(fv, ["prog", "--on=maybe"]), "after": [fv.k, fv.x, fv.on],
            "bool_eq": (fv(["prog", "--on=true"]), fv.on)[1],
            "set_bad": catch(setattr, fv, "k", 0), "unknown_msg": message_has(lambda: fv.nothing, "nothing"),
            "redefine_msg": message_has(lambda: flags.DEFINE_integer("k", 1, "x", flag_values=fv), "k", "defined")}


def case_x_mvar_flags_validators_and_required(tf):
    flags = tf.flags
    fv = flags.FlagValues()
    flags.DEFINE_integer("even", 2, "must be even", flag_values=fv)
    flags.register_validator("even", lambda v: v % 2 == 0, message="not even", flag_values=fv)
    flags.DEFINE_string("need", None, "required", flag_values=fv)
    flags.mark_flag_as_required("need", flag_values=fv)
    return {"missing_required": catch(fv, ["prog"]), "odd": catch(fv, ["prog", "--need=a", "--even=3"]),
            "ok": (fv(["prog", "--need=b", "--even=4"]), fv.even, fv.need)}


# ---- logging_verbosity
def case_x_mvar_logging_values_and_int_levels(tf):
    log = tf.logging
    old = log.get_verbosity()
    log.set_verbosity(30)
    as_int = log.get_verbosity()
    log.set_verbosity(log.DEBUG)
    dbg = log.get_verbosity()
    log.set_verbosity(old)
    return {"constants": [log.DEBUG, log.INFO, log.WARN, log.ERROR, log.FATAL], "as_int": as_int, "debug": dbg,
            "calls": [log.debug("d %d", 1), log.info("i"), log.warn("w"), log.error("e %s", "x")],
            "names": [callable(getattr(log, n, None)) for n in ("fatal", "vlog", "log", "get_verbosity")]}


def case_x_mvar_logging_verbosity_string_and_restore(tf):
    log = tf.logging
    old = log.get_verbosity()
    by_name = catch(log.set_verbosity, "INFO")
    after_name = log.get_verbosity()
    log.set_verbosity(old)
    return {"by_name": by_name, "after_name": after_name, "restored": log.get_verbosity() == old,
            "log_call": catch(log.log, log.INFO, "message %s", "x")}


# ---- gfile_basics
def case_x_mvar_gfile_read_modes_and_positions(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        p = os.path.join(d, "f.txt")
        with gf.GFile(p, "w") as f:
            f.write("alpha\nbeta\ngamma")
        with gf.GFile(p, "r") as f:
            first = f.readline()
            chunk = f.read(3)
            pos = f.tell()
            rest = f.read()
            eof = f.read()
            size = f.size()
        with gf.GFile(p, "rb") as f:
            raw = f.read(5)
        with gf.GFile(p, "r") as f:
            f.seek(6)
            after_seek = f.readline()
        stat = gf.Stat(p)
        return {"first": first, "chunk": chunk, "pos": pos, "rest": rest, "eof": eof, "size": size, "raw": raw,
                "after_seek": after_seek, "stat": [stat.length, stat.is_directory, stat.mtime_nsec > 0],
                "dir_stat": gf.Stat(d).is_directory}
    finally:
        shutil.rmtree(d)


def case_x_mvar_gfile_missing_paths_messages(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        missing = os.path.join(d, "gone.txt")
        return {"read": message_has(lambda: gf.GFile(missing).read(), "gone.txt", "No such file or directory"),
                "read_class": catch(lambda: gf.GFile(missing, "rb").read()),
                "stat": message_has(lambda: gf.Stat(missing), "gone.txt", "No such file or directory"),
                "remove": message_has(lambda: gf.Remove(missing), "gone.txt", "No such file or directory"),
                "listdir": catch(gf.ListDirectory, missing),
                "copy_src": catch(gf.Copy, missing, os.path.join(d, "c.txt")),
                "rename_src": catch(gf.Rename, missing, os.path.join(d, "r.txt")),
                "delete_rec": catch(gf.DeleteRecursively, os.path.join(d, "nodir")),
                "exists": gf.Exists(missing), "isdir": gf.IsDirectory(missing),
                "write_in_missing_dir": catch(lambda: gf.GFile(os.path.join(d, "no", "x.txt"), "w").write("x")),
                "glob_missing": gf.Glob(os.path.join(d, "nodir", "*"))}
    finally:
        shutil.rmtree(d)


def case_x_mvar_gfile_makedirs_mkdir_and_listing(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        gf.MkDir(os.path.join(d, "one"))
        gf.MakeDirs(os.path.join(d, "two", "three"))
        with gf.GFile(os.path.join(d, "two", "f.bin"), "wb") as f:
            f.write(b"abc")
        mkdir_nested = catch(gf.MkDir, os.path.join(d, "x", "y"))
        over_file = catch(gf.MakeDirs, os.path.join(d, "two", "f.bin"))
        listing = sorted(gf.ListDirectory(os.path.join(d, "two")))
        gf.DeleteRecursively(os.path.join(d, "two"))
        return {"mkdir_nested": mkdir_nested, "over_file": over_file, "listing": listing,
                "after": sorted(gf.ListDirectory(d)), "file_listdir": catch(gf.ListDirectory, os.path.join(d, "one"))}
    finally:
        shutil.rmtree(d)


# ---- gfile_glob_copy_rename_remove
def case_x_mvar_gfile_rename_overwrite_and_dirs(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        for name, text in (("a.txt", "A"), ("b.txt", "B")):
            with gf.GFile(os.path.join(d, name), "w") as f:
                f.write(text)
        clash = catch(gf.Rename, os.path.join(d, "a.txt"), os.path.join(d, "b.txt"))
        gf.Rename(os.path.join(d, "a.txt"), os.path.join(d, "b.txt"), overwrite=True)
        with gf.GFile(os.path.join(d, "b.txt")) as f:
            content = f.read()
        gf.MakeDirs(os.path.join(d, "sub"))
        gf.Rename(os.path.join(d, "sub"), os.path.join(d, "moved"))
        copy_dir = catch(gf.Copy, os.path.join(d, "moved"), os.path.join(d, "copied"))
        return {"clash": clash, "content": content, "listing": sorted(gf.ListDirectory(d)), "copy_dir": copy_dir,
                "clash_msg": message_has(lambda: gf.Copy(os.path.join(d, "b.txt"), os.path.join(d, "b.txt")),
                                         "already exists")}
    finally:
        shutil.rmtree(d)


def case_x_mvar_gfile_glob_patterns_and_walk(tf):
    d = tempfile.mkdtemp()
    try:
        gf = tf.gfile
        for name in ("a1.txt", "a2.txt", "b.csv", "s/x.txt", "s/t/y.txt"):
            path = os.path.join(d, name)
            gf.MakeDirs(os.path.dirname(path))
            with gf.GFile(path, "w") as f:
                f.write(name)
        rel = lambda paths: sorted(os.path.relpath(p, d) for p in paths)  # noqa: E731
        walk_down = [(os.path.relpath(r, d), sorted(ds), sorted(fs)) for r, ds, fs in gf.Walk(d)]
        walk_up = [os.path.relpath(r, d) for r, _, _ in gf.Walk(d, in_order=False)]
        return {"brackets": rel(gf.Glob(os.path.join(d, "a[12].txt"))), "nested": rel(gf.Glob(os.path.join(d, "*", "*.txt"))),
                "none": gf.Glob(os.path.join(d, "*.zip")), "dirs": rel(gf.Glob(os.path.join(d, "s*"))),
                "list_of_patterns": rel(tf.io.gfile.glob([os.path.join(d, "*.csv"), os.path.join(d, "a1*")])),
                "walk_down": walk_down, "walk_up_last": walk_up[-1], "walk_missing": list(gf.Walk(os.path.join(d, "no")))}
    finally:
        shutil.rmtree(d)


def case_x_mvar_io_gfile_snake_names(tf):
    d = tempfile.mkdtemp()
    try:
        g = tf.io.gfile
        p = os.path.join(d, "f.txt")
        with g.GFile(p, "w") as f:
            f.write("hello")
        g.copy(p, os.path.join(d, "g.txt"))
        g.rename(os.path.join(d, "g.txt"), os.path.join(d, "h.txt"))
        g.makedirs(os.path.join(d, "m", "n"))
        g.mkdir(os.path.join(d, "k"))
        out = {"listdir": sorted(g.listdir(d)), "isdir": g.isdir(os.path.join(d, "m")),
               "stat": g.stat(p).length, "exists": g.exists(os.path.join(d, "h.txt"))}
        g.remove(os.path.join(d, "h.txt"))
        g.rmtree(os.path.join(d, "m"))
        out["after"] = sorted(g.listdir(d))
        out["remove_missing"] = catch(g.remove, os.path.join(d, "h.txt"))
        return out
    finally:
        shutil.rmtree(d)


# ---- py_function_basic
def case_x_mvar_py_function_dtypes_and_names(tf):
    x = tf.constant([1, 2, 3], tf.int64)
    f64 = tf.py_function(lambda t: t.numpy().astype(np.float64) / 2, [x], tf.float64, name="halve")
    s = tf.py_function(lambda t: str(t.numpy().sum()).encode(), [x], tf.string)
    single = tf.py_function(lambda t: t + 1, [x], [tf.int64])
    none_in = tf.py_function(lambda: np.float32(4.5), [], tf.float32)
    b = tf.py_function(lambda t: t.numpy() > 1, [x], tf.bool)
    sess = tf.Session()
    return {"vals": sess.run([f64, s, single, none_in, b]), "name": f64.name, "type": f64.op.type,
            "single_is_list": isinstance(single, list), "dtypes": [t.dtype.name for t in (f64, s, none_in, b)]}


def case_x_mvar_py_function_feeds_and_gradients(tf):
    p = tf.placeholder(tf.float32, [None])
    y = tf.py_function(lambda t: t * t, [p], tf.float32)
    g = tf.gradients(y, p)[0]
    sess = tf.Session()
    return {"y": sess.run(y, {p: [1.0, 3.0]}), "grad": sess.run(g, {p: [1.0, 3.0]}),
            "static": y.shape.ndims}


# ---- py_function_error_and_placeholder
def case_x_mvar_py_function_exception_classes(tf):
    p = tf.placeholder(tf.int32, [])

    def raiser(kind):
        def fn(t):
            raise kind("py failure")
        return fn

    sess = tf.Session()
    out = {}
    for name, kind in (("value", ValueError), ("type", TypeError), ("runtime", RuntimeError),
                       ("stop", StopIteration), ("notimpl", NotImplementedError), ("index", IndexError)):
        out[name] = catch(sess.run, tf.py_function(raiser(kind), [p], tf.int32), {p: 1})
    out["usable"] = sess.run(p + 1, {p: 1})
    out["wrong_count"] = catch(sess.run, tf.py_function(lambda t: (t, t), [p], [tf.int32]), {p: 1})
    return out


def case_x_mvar_py_function_unfed_and_shape_mismatch(tf):
    p = tf.placeholder(tf.float32, [2])
    y = tf.py_function(lambda t: t.numpy()[:1], [p], tf.float32)
    y.set_shape([2])
    sess = tf.Session()
    return {"unfed": catch(sess.run, y), "ran": sess.run(y, {p: [1.0, 2.0]}).tolist(),
            "float_for_int": catch(sess.run, tf.py_function(lambda t: 1.5, [p], tf.int32), {p: [1.0, 2.0]})}


# ---- categorical_and_multinomial
def case_x_mvar_categorical_dtypes_and_errors(tf):
    logits = tf.constant([[1.0, 2.0], [0.0, 0.0]])
    l64 = tf.constant([[0.0, -np.inf, 0.0]], tf.float64)
    c64 = tf.random.categorical(l64, 6, seed=1)
    zero = tf.random.categorical(logits, 0, seed=2)
    sess = tf.Session()
    v = sess.run(c64)
    return {"shapes": [c64.shape.as_list(), zero.shape.as_list()], "zero": sess.run(zero).shape,
            "f64_ok": bool(set(v.ravel().tolist()) <= {0, 2}), "names": [c64.op.type, zero.op.type],
            "bad_dtype": catch(tf.random.categorical, logits, 2, dtype=tf.float32),
            "rank1": catch(tf.random.categorical, tf.constant([1.0, 2.0]), 2),
            "int_logits": catch(tf.random.categorical, tf.constant([[1, 2]]), 2)}


def case_x_mvar_multinomial_placeholder_samples(tf):
    n = tf.placeholder(tf.int32, [])
    logits = tf.placeholder(tf.float32, [None, None])
    m = tf.multinomial(logits, n, seed=4)
    sess = tf.Session()
    got = sess.run(m, {n: 5, logits: [[-np.inf, 0.0, -np.inf], [0.0, -np.inf, -np.inf]]})
    return {"static": m.shape.as_list(), "got": got, "neg": catch(sess.run, m, {n: -1, logits: [[0.0, 0.0]]})}


# ---- categorical_seeded_repeats
def case_x_mvar_categorical_op_seed_repeats_across_graphs(tf):
    def draw(seed_graph):
        g = tf.Graph()
        with g.as_default():
            if seed_graph is not None:
                tf.set_random_seed(seed_graph)
            s = tf.random.categorical(tf.zeros([2, 5]), 30, seed=7)
            with tf.Session() as sess:
                return sess.run(s), sess.run(s)
    a1, a2 = draw(11)
    b1, _ = draw(11)
    return {"reproducible": bool(np.array_equal(a1, b1)), "second_draw_differs": not np.array_equal(a1, a2),
            "range": bool(np.all((a1 >= 0) & (a1 < 5)))}


def case_x_mvar_categorical_static_shapes(tf):
    p = tf.placeholder(tf.float32, [3, None])
    n = tf.placeholder(tf.int32, [])
    return {"known_rows": tf.random.categorical(p, 4).shape.as_list(),
            "unknown_n": tf.random.categorical(p, n).shape.as_list(),
            "unknown_rank": tf.random.categorical(tf.placeholder(tf.float32), 2).shape.as_list()}


# ---- ctc_loss_and_greedy_decoder
def case_x_mvar_ctc_batch_and_lengths(tf):
    rng = np.random.RandomState(0)
    logits_np = rng.randn(5, 2, 4).astype(np.float32)
    logits = tf.constant(logits_np)
    labels = tf.SparseTensor(indices=[[0, 0], [0, 1], [1, 0]], values=tf.constant([1, 2, 0], tf.int32),
                             dense_shape=[2, 2])
    loss = tf.nn.ctc_loss(labels, logits, sequence_length=[5, 3])
    (dec,), neg = tf.nn.ctc_greedy_decoder(logits, sequence_length=[5, 3])
    (dec_nm,), _ = tf.nn.ctc_greedy_decoder(logits, sequence_length=[5, 3], merge_repeated=False)
    sess = tf.Session()
    return {"loss": sess.run(loss), "decoded": sess.run(dec), "not_merged": sess.run(dec_nm),
            "neg": sess.run(neg), "shapes": [loss.shape.as_list(), neg.shape.as_list()],
            "grad_shape": sess.run(tf.gradients(tf.reduce_sum(loss), logits)[0]).shape}


def case_x_mvar_ctc_batch_major_and_errors(tf):
    logits = tf.constant(np.log(np.full([1, 3, 3], 1.0 / 3, np.float32)))  # [batch, time, classes]
    labels = tf.SparseTensor(indices=[[0, 0]], values=tf.constant([1], tf.int32), dense_shape=[1, 1])
    loss = tf.nn.ctc_loss(labels, logits, sequence_length=[3], time_major=False)
    long_label = tf.SparseTensor(indices=[[0, 0], [0, 1], [0, 2], [0, 3]], values=tf.constant([0, 1, 0, 1], tf.int32),
                                 dense_shape=[1, 4])
    too_long = tf.nn.ctc_loss(long_label, tf.transpose(logits, [1, 0, 2]), sequence_length=[3])
    sess = tf.Session()
    return {"loss": sess.run(loss), "too_long": catch(sess.run, too_long),
            "ignore": sess.run(tf.nn.ctc_loss(long_label, tf.transpose(logits, [1, 0, 2]), sequence_length=[3],
                                              ignore_longer_outputs_than_inputs=True))}
