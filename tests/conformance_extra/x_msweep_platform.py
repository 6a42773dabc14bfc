"""flags, gfile and logging details: flag types and validation errors, FLAGS before parsing,
gfile modes, errors on missing files, listdir/glob/walk ordering, tf.logging levels."""
import os
import shutil
import tempfile

from _harness import catch


def case_x_msweep_flags_types_and_errors(tf):
    flags = tf.flags
    fv = flags.FlagValues()
    flags.DEFINE_integer("n", 3, "an int", lower_bound=0, flag_values=fv)
    flags.DEFINE_float("f", 0.5, "a float", flag_values=fv)
    flags.DEFINE_boolean("b", False, "a bool", flag_values=fv)
    flags.DEFINE_enum("e", "x", ["x", "y"], "an enum", flag_values=fv)
    flags.DEFINE_list("l", "a,b", "a list", flag_values=fv)
    flags.DEFINE_string("s", None, "a string", flag_values=fv)
    out = {"before_parse": catch(lambda: fv.n), "parsed": fv(["prog", "--n=7", "--nob", "--e=y", "--l=1,2,3", "rest"]),
           "vals": [fv.n, fv.f, fv.b, fv.e, fv.l, fv.s], "is_parsed": fv.is_parsed(),
           "dup": catch(flags.DEFINE_integer, "n", 1, "again", flag_values=fv),
           "bad_int": catch(fv, ["prog", "--n=abc"]), "neg": catch(fv, ["prog", "--n=-1"]),
           "bad_enum": catch(fv, ["prog", "--e=z"]), "unknown": catch(fv, ["prog", "--zzz=1"]),
           "missing_attr": catch(lambda: fv.nope)}
    fv.n = 11
    out["set"] = fv.n
    out["set_bad"] = catch(setattr, fv, "n", -5)
    out["flag_obj"] = [fv["n"].default, fv["n"].value, type(fv["n"]).__name__, fv["n"].help]
    out["bad_default"] = catch(flags.DEFINE_integer, "m", "x", "bad", flag_values=fv)
    return out


def case_x_msweep_gfile_errors_and_modes(tf):
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "a.txt")
        with tf.gfile.GFile(p, "w") as f:
            f.write("line1\nline2\n")
            wrote_size = f.size() if hasattr(f, "size") else None
        with tf.gfile.GFile(p, "a") as f:
            f.write(b"line3")
        with tf.gfile.GFile(p, "r") as f:
            lines = f.readlines()
        with tf.gfile.GFile(p, "rb") as f:
            f.seek(2)
            part = f.read(4)
            pos = f.tell()
        with tf.gfile.GFile(p) as f:
            it = [line for line in f]
        os.makedirs(os.path.join(d, "sub", "deep"))
        for name in ("z.txt", "b.log", "sub/c.txt"):
            with tf.gfile.GFile(os.path.join(d, name), "w") as f:
                f.write("x")
        walked = [(os.path.relpath(root, d), sorted(dirs), sorted(files)) for root, dirs, files in tf.gfile.Walk(d)]
        return {"lines": lines, "part": part, "pos": pos, "iter": it, "wrote_size": wrote_size,
                "missing_open": catch(lambda: tf.gfile.GFile(os.path.join(d, "nope")).read()),
                "missing_stat": catch(tf.gfile.Stat, os.path.join(d, "nope")),
                "missing_remove": catch(tf.gfile.Remove, os.path.join(d, "nope")),
                "missing_listdir": catch(tf.gfile.ListDirectory, os.path.join(d, "nope")),
                "mkdir_exists": catch(tf.gfile.MkDir, os.path.join(d, "sub")),
                "makedirs_exists": catch(tf.gfile.MakeDirs, os.path.join(d, "sub")),
                "copy_exists": catch(tf.gfile.Copy, p, os.path.join(d, "z.txt")),
                "rename_exists": catch(tf.gfile.Rename, p, os.path.join(d, "z.txt")),
                "delete_nonempty": catch(tf.gfile.Remove, os.path.join(d, "sub")),
                "isdir": [tf.gfile.IsDirectory(os.path.join(d, "sub")), tf.gfile.IsDirectory(p)],
                "listdir": sorted(tf.gfile.ListDirectory(d)),
                "glob": sorted(os.path.basename(x) for x in tf.gfile.Glob(os.path.join(d, "*.txt"))),
                "walk": walked,
                "bad_mode": catch(tf.gfile.GFile, p, "x")}
    finally:
        shutil.rmtree(d)


def case_x_msweep_logging_levels(tf):
    old = tf.logging.get_verbosity()
    tf.logging.set_verbosity(tf.logging.WARN)
    got = tf.logging.get_verbosity()
    tf.logging.set_verbosity(old)
    return {"levels": [tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR, tf.logging.FATAL],
            "got": got, "log_every_n": catch(tf.logging.log_every_n, tf.logging.INFO, "x %d", 2, 1),
            "log_first_n": catch(tf.logging.log_first_n, tf.logging.INFO, "y", 1),
            "log_if": catch(tf.logging.log_if, tf.logging.INFO, "z", False),
            "vlog": catch(tf.logging.vlog, 1, "v"), "flush": catch(tf.logging.flush),
            "task": catch(tf.logging.TaskLevelStatusMessage, "hi"),
            "bad_level": catch(tf.logging.set_verbosity, "LOUD")}
