"""The plugin loaders: TF's checks first, never running the file, then an honest refusal; strict mode."""
import logging
import os

import pytest

import tfsess as tf
from tfsess.framework import strict_mode


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return str(path)


def test_missing_file_is_not_found_with_the_loaders_text(tmp_path):
    missing = str(tmp_path / "absent.so")
    with pytest.raises(tf.errors.NotFoundError, match="absent.so: cannot open shared object file: No such file"):
        tf.load_op_library(missing)
    with pytest.raises(FileNotFoundError, match="kernel libraries from does not exist"):
        tf.load_library(missing)
    with pytest.raises(FileNotFoundError, match="file system plugin from does not exist"):
        tf.experimental.register_filesystem_plugin(missing)


def test_files_that_are_no_shared_object(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="file too short"):
        tf.load_op_library(_write(tmp_path / "short.so", b"\x7fELF"))
    with pytest.raises(tf.errors.NotFoundError, match="invalid ELF header"):
        tf.load_library(_write(tmp_path / "text.so", b"x" * 128))
    with pytest.raises(tf.errors.NotFoundError, match="Is a directory"):
        tf.load_op_library(str(tmp_path))


def test_an_elf_file_is_refused_without_being_loaded(tmp_path):
    # a valid-looking header with garbage after it: dlopen would fail, but tfsess never opens it as a library
    path = _write(tmp_path / "libplugin.so", b"\x7fELF" + b"\0" * 124)
    with pytest.raises(NotImplementedError, match="load_op_library.*libplugin.so"):
        tf.load_op_library(path)
    with pytest.raises(NotImplementedError, match="load_library"):
        tf.load_library(str(tmp_path))  # the folder's shared objects, by name


def test_folder_without_shared_objects_loads_nothing(tmp_path):
    _write(tmp_path / "notes.txt", b"hello")
    _write(tmp_path / "lib.so.x", b"hello")  # `.so.` followed by no digit is no shared object to TF
    assert tf.load_library(str(tmp_path)) is None


def test_load_file_system_library_warns_then_raises_in_strict_mode(tmp_path, caplog, monkeypatch):
    missing = str(tmp_path / "fs.so")
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        with pytest.raises(tf.errors.NotFoundError):
            tf.load_file_system_library(missing)
    assert "load_file_system_library" in caplog.text and "deprecated" in caplog.text
    monkeypatch.setattr(strict_mode, "STRICT_MODE", False)
    tf.experimental.enable_strict_mode()
    assert strict_mode.STRICT_MODE
    with pytest.raises(RuntimeError, match="raises an error in strict mode"):
        tf.load_file_system_library(missing)


def test_bare_library_name_is_searched_on_the_library_path(tmp_path, monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    _write(tmp_path / "libmine.so", b"short")
    with pytest.raises(tf.errors.NotFoundError, match="^libmine.so: file too short"):
        tf.load_op_library("libmine.so")
    with pytest.raises(tf.errors.NotFoundError, match="libnothere_xyz.so: cannot open shared object file"):
        tf.load_op_library("libnothere_xyz.so")
    assert os.environ["LD_LIBRARY_PATH"] == str(tmp_path)
