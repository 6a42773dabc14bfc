"""tf.flags, tf.logging, tf.app.run and tf.gfile."""
import os

import pytest

import tfsess as tf


def test_flags_parse_like_absl():
    fv = tf.flags.FlagValues()
    tf.flags.DEFINE_boolean("fast", True, "b", flag_values=fv)
    tf.flags.DEFINE_integer("n", 1, "i", lower_bound=0, flag_values=fv)
    tf.flags.DEFINE_multi_string("tag", [], "m", flag_values=fv)
    tf.flags.DEFINE_enum("mode", "a", ["a", "b"], "e", flag_values=fv)
    with pytest.raises(tf.flags.UnparsedFlagAccessError):
        _ = fv.n
    rest = fv(["prog", "--nofast", "x", "--n", "4", "--tag=a", "--tag=b", "--", "--n=9"])
    assert rest == ["prog", "x", "--n=9"]
    assert (fv.fast, fv.n, fv.tag, fv.mode) == (False, 4, ["a", "b"], "a")
    with pytest.raises(tf.flags.IllegalFlagValueError):
        fv(["prog", "--n=-1"])
    with pytest.raises(tf.flags.IllegalFlagValueError):
        fv(["prog", "--mode=c"])
    with pytest.raises(tf.flags.UnrecognizedFlagError):
        fv(["prog", "--nope=1"])
    assert fv(["prog", "--nope=1"], known_only=True) == ["prog", "--nope=1"]


def test_app_run_passes_remaining_argv():
    tf.flags.DEFINE_string("app_run_test_flag", "d", "s")
    got = []
    with pytest.raises(SystemExit) as exit_info:
        tf.app.run(main=lambda argv: got.append(argv) or 3, argv=["prog", "--app_run_test_flag=v", "pos"])
    assert exit_info.value.code == 3 and got == [["prog", "pos"]]
    assert tf.flags.FLAGS.app_run_test_flag == "v"


def test_logging_levels(caplog):
    tf.logging.set_verbosity(tf.logging.WARN)
    tf.logging.info("hidden")
    tf.logging.warn("shown %d", 1)
    for _ in range(3):
        tf.logging.log_every_n(tf.logging.ERROR, "every %d", 2, 2)
    messages = [r.getMessage() for r in caplog.records]
    assert "hidden" not in messages and "shown 1" in messages and messages.count("every 2") == 2
    assert tf.logging.get_verbosity() == tf.logging.WARN


def test_gfile_errors_and_walk(tmp_path):
    d = str(tmp_path)
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.ListDirectory(os.path.join(d, "missing"))
    with pytest.raises(tf.errors.NotFoundError):
        tf.gfile.DeleteRecursively(os.path.join(d, "missing"))
    tf.gfile.MakeDirs(os.path.join(d, "a", "b"))
    with tf.gfile.GFile(os.path.join(d, "a", "b", "f.txt"), "w") as f:
        f.write("x\ny\n")
    with tf.gfile.GFile(os.path.join(d, "a", "b", "f.txt")) as f:
        assert list(f) == ["x\n", "y\n"]
    tf.gfile.MkDir(os.path.join(d, "a"))  # an existing directory is left as it is, as TF's local file system does
    assert tf.gfile.IsDirectory(os.path.join(d, "a", "b"))
    with pytest.raises(tf.errors.NotFoundError):  # the parent must exist
        tf.gfile.MkDir(os.path.join(d, "missing", "c"))
    walked = [(os.path.relpath(top, d), sorted(files)) for top, _, files in tf.gfile.Walk(d)]
    assert ("a/b", ["f.txt"]) in walked
    assert tf.io.gfile.stat(os.path.join(d, "a")).is_directory
    tf.io.gfile.rmtree(os.path.join(d, "a"))
    assert not tf.io.gfile.exists(os.path.join(d, "a"))


def test_logging_flush_raises_as_tf_does():
    with pytest.raises(NotImplementedError):
        tf.logging.flush()
