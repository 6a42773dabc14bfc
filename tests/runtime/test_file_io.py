"""tf.io.gfile / tf.gfile over local files, with TF's error classes."""
import os

import pytest

import tfsess as tf


def test_gfile_files_and_directories(tmp_path):
    root = str(tmp_path)
    tf.gfile.MakeDirs(os.path.join(root, "a", "b"))
    tf.io.gfile.makedirs(os.path.join(root, "a", "b"))  # an existing directory is fine
    with tf.gfile.GFile(os.path.join(root, "a", "f.txt"), "w") as f:
        f.write("one\ntwo\n")
    with tf.gfile.Open(os.path.join(root, "a", "f.txt")) as f:
        assert f.readlines() == ["one\n", "two\n"]
    with tf.io.gfile.GFile(os.path.join(root, "a", "f.bin"), "wb") as f:
        f.write(b"\x00\x01")
    assert tf.gfile.Exists(os.path.join(root, "a", "f.bin")) and tf.gfile.IsDirectory(os.path.join(root, "a"))
    assert tf.gfile.ListDirectory(os.path.join(root, "a")) == ["b", "f.bin", "f.txt"]
    assert tf.gfile.Glob(os.path.join(root, "a", "f.*")) == [os.path.join(root, "a", n) for n in ("f.bin", "f.txt")]
    assert tf.gfile.Stat(os.path.join(root, "a", "f.bin")).length == 2
    assert [(os.path.relpath(d, root), s, f) for d, s, f in tf.gfile.Walk(root)] == [
        (".", ["a"], []), ("a", ["b"], ["f.bin", "f.txt"]), (os.path.join("a", "b"), [], [])]
    tf.gfile.Copy(os.path.join(root, "a", "f.bin"), os.path.join(root, "copy.bin"))
    with pytest.raises(tf.errors.AlreadyExistsError):
        tf.gfile.Copy(os.path.join(root, "a", "f.bin"), os.path.join(root, "copy.bin"))
    tf.gfile.Rename(os.path.join(root, "copy.bin"), os.path.join(root, "moved.bin"))
    tf.gfile.Remove(os.path.join(root, "moved.bin"))
    tf.gfile.DeleteRecursively(os.path.join(root, "a"))
    assert tf.gfile.ListDirectory(root) == []


def test_missing_paths_raise_not_found(tmp_path):
    missing = str(tmp_path / "missing")
    with pytest.raises(tf.errors.NotFoundError, match="missing"):
        tf.gfile.GFile(missing, "rb").read()
    for fn in (tf.gfile.Remove, tf.gfile.Stat, tf.gfile.ListDirectory, tf.gfile.DeleteRecursively):
        with pytest.raises(tf.errors.NotFoundError):
            fn(missing)
    assert not tf.gfile.Exists(missing)


def test_walk_orders_prunes_and_skips_missing(tmp_path):
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "f.txt").write_text("x")
    top = str(tmp_path)
    down = [os.path.relpath(d, top) for d, _, _ in tf.gfile.Walk(top)]
    up = [os.path.relpath(d, top) for d, _, _ in tf.gfile.Walk(top, in_order=False)]
    assert down == [".", "a", os.path.join("a", "deep"), "b"]
    assert up == [os.path.join("a", "deep"), "a", "b", "."]
    pruned = []
    for d, subdirs, files in tf.io.gfile.walk(top):
        pruned.append(os.path.relpath(d, top))
        subdirs[:] = [s for s in subdirs if s != "a"]
    assert pruned == [".", "b"]
    assert list(tf.gfile.Walk(os.path.join(top, "missing"))) == []
    seen = []
    assert list(tf.io.gfile.walk(os.path.join(top, "missing"), onerror=seen.append)) == []
    assert [type(e).__name__ for e in seen] == ["NotFoundError"]


def test_makedirs_over_a_file_and_copying_a_directory(tmp_path):
    blocker = tmp_path / "f.bin"
    blocker.write_text("x")
    for target in (blocker, blocker / "below"):
        with pytest.raises(tf.errors.FailedPreconditionError, match="f.bin is not a directory"):
            tf.gfile.MakeDirs(str(target))
    (tmp_path / "sub").mkdir()
    with pytest.raises(tf.errors.InvalidArgumentError, match="copied; Invalid argument"):
        tf.gfile.Copy(str(tmp_path / "sub"), str(tmp_path / "copied"))
    assert (tmp_path / "copied").read_bytes() == b""  # TF leaves the empty destination behind
    with pytest.raises(tf.errors.FailedPreconditionError, match="sub; Is a directory"):
        tf.gfile.Copy(str(blocker), str(tmp_path / "sub"), overwrite=True)


def test_gfile_refuses_the_direction_its_mode_lacks(tmp_path):
    path = str(tmp_path / "f.txt")
    with tf.gfile.GFile(path, "w") as f:
        f.write("abc")
        with pytest.raises(tf.errors.PermissionDeniedError, match="isn't open for reading"):
            f.read()
    with tf.gfile.GFile(path, "r") as f:
        with pytest.raises(tf.errors.PermissionDeniedError, match="isn't open for writing"):
            f.write("x")
        assert f.read() == "abc"
    with tf.gfile.GFile(path, "a+") as f:
        f.write("d")


def test_gfile_seek_whence_in_text_mode_and_its_errors(tmp_path):
    from tfsess.framework import errors
    from tfsess.runtime.file_io import GFile
    path = str(tmp_path / "s.txt")
    with GFile(path, "w") as f:
        f.write("line1\nline2\nend")
        with pytest.raises(errors.PermissionDeniedError):
            f.seek(0)
    with GFile(path) as f:
        f.seek(-3, 2)  # Python's text files refuse end-relative seeks; TF's GFile takes byte offsets
        assert (f.read(), f.tell()) == ("end", 15)
        f.seek(2)
        f.seek(4, 1)
        assert f.readline() == "line2\n"
        with pytest.raises(errors.InvalidArgumentError, match="Invalid whence argument: 3"):
            f.seek(0, 3)
        with pytest.raises(TypeError):
            f.seek()
