"""tf.gfile / tf.io.gfile over the local file system, raising TF's error classes.

Python's OSError subclasses map to TF's: missing -> NotFoundError, existing -> AlreadyExistsError,
permission -> PermissionDeniedError, anything else -> FailedPreconditionError.
"""
from __future__ import annotations

import contextlib
import dataclasses
import glob as _glob
import os
import shutil

from tfsess.framework import errors

_ERROR_OF = ((FileNotFoundError, errors.NotFoundError), (FileExistsError, errors.AlreadyExistsError),
             (PermissionError, errors.PermissionDeniedError))


@contextlib.contextmanager
def _as_tf_errors(path):
    try:
        yield
    except errors.OpError:
        raise
    except OSError as exc:
        kind = next((tf_error for py_error, tf_error in _ERROR_OF if isinstance(exc, py_error)),
                    errors.FailedPreconditionError)
        raise kind(None, None, f"{path}; {exc.strerror or exc}") from None


class GFile:
    """A file object (tf.io.gfile.GFile); the file opens on first use, as in TF."""

    def __init__(self, name, mode="r"):
        self.name = os.fspath(name)
        self.mode = mode
        self._file = None

    def _handle(self):
        if self._file is None:
            with _as_tf_errors(self.name):
                if "r" in self.mode and not os.path.exists(self.name):
                    raise errors.NotFoundError(None, None, f"{self.name}; No such file or directory")
                binary = "b" in self.mode
                self._file = open(self.name, self.mode, **({} if binary else {"encoding": "utf-8", "newline": ""}))
        return self._file

    def read(self, n=-1):
        """Reads n characters/bytes (all when -1)."""
        with _as_tf_errors(self.name):
            return self._handle().read(n)

    def readline(self):
        """The next line, with its newline."""
        with _as_tf_errors(self.name):
            return self._handle().readline()

    def readlines(self):
        """All remaining lines."""
        with _as_tf_errors(self.name):
            return self._handle().readlines()

    def write(self, data):
        """Writes str (text mode) or bytes (binary mode)."""
        with _as_tf_errors(self.name):
            self._handle().write(data)

    def seek(self, offset=None, whence=0, position=None):
        """Moves to `offset` (TF also calls it `position`)."""
        with _as_tf_errors(self.name):
            return self._handle().seek(position if offset is None else offset, whence)

    def tell(self):
        """The current position."""
        return self._handle().tell()

    def size(self):
        """The file's size in bytes."""
        with _as_tf_errors(self.name):
            return os.path.getsize(self.name)

    def flush(self):
        """Flushes buffered writes."""
        if self._file is not None:
            self._file.flush()

    def close(self):
        """Closes the file (again is fine)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __iter__(self):
        return iter(self.readline, self._handle().read(0))

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


FastGFile = GFile
Open = GFile


@dataclasses.dataclass(frozen=True)
class FileStatistics:
    """tf.io.gfile.stat's result."""

    length: int
    mtime_nsec: int
    is_directory: bool


def exists(path):
    """Whether the path exists."""
    return os.path.exists(path)


def isdir(path):
    """Whether the path is a directory."""
    return os.path.isdir(path)


def listdir(path):
    """Names in the directory (NotFoundError if it is missing)."""
    with _as_tf_errors(path):
        if not os.path.isdir(path):
            raise errors.NotFoundError(None, None, f"Could not find directory {path}")
        return os.listdir(path)


def glob(pattern):
    """Paths matching a pattern (or each pattern of a list)."""
    patterns = [pattern] if isinstance(pattern, (str, bytes, os.PathLike)) else pattern
    return [match for p in patterns for match in _glob.glob(os.fspath(p))]


def makedirs(path):
    """Creates the directory and its parents; an existing directory is fine."""
    with _as_tf_errors(path):
        os.makedirs(path, exist_ok=True)


def mkdir(path):
    """Creates one directory (AlreadyExistsError if it exists)."""
    with _as_tf_errors(path):
        os.mkdir(path)


def remove(path):
    """Deletes a file (NotFoundError if missing)."""
    with _as_tf_errors(path):
        os.remove(path)


def rmtree(path):
    """Deletes a directory tree (NotFoundError if missing)."""
    with _as_tf_errors(path):
        if not os.path.exists(path):
            raise errors.NotFoundError(None, None, f"{path}; No such file or directory")
        shutil.rmtree(path)


def copy(oldpath, newpath, overwrite=False):
    """Copies a file (AlreadyExistsError if newpath exists, unless overwrite)."""
    with _as_tf_errors(oldpath):
        if not overwrite and os.path.exists(newpath):
            raise errors.AlreadyExistsError(None, None, f"file already exists: {newpath}")
        shutil.copyfile(oldpath, newpath)


def rename(oldname, newname, overwrite=False):
    """Renames a file or directory (AlreadyExistsError if newname exists, unless overwrite)."""
    with _as_tf_errors(oldname):
        if not overwrite and os.path.exists(newname):
            raise errors.AlreadyExistsError(None, None, f"file already exists: {newname}")
        os.replace(oldname, newname)


def stat(path):
    """FileStatistics of the path (NotFoundError if missing)."""
    with _as_tf_errors(path):
        info = os.stat(path)
    return FileStatistics(info.st_size, info.st_mtime_ns, os.path.isdir(path))


def walk(top, topdown=True, onerror=None):
    """(dirname, subdirs, files) for each directory under `top`, like os.walk."""
    return os.walk(top, topdown=topdown, onerror=onerror)


# TF1's tf.gfile spellings.
Exists, IsDirectory, ListDirectory, Glob, MakeDirs, MkDir = exists, isdir, listdir, glob, makedirs, mkdir
Remove, DeleteRecursively, Copy, Rename, Stat, Walk = remove, rmtree, copy, rename, stat, walk

__all__ = ["Copy", "DeleteRecursively", "Exists", "FastGFile", "FileStatistics", "GFile", "Glob", "IsDirectory",
           "ListDirectory", "MakeDirs", "MkDir", "Open", "Remove", "Rename", "Stat", "Walk", "copy", "exists",
           "glob", "isdir", "listdir", "makedirs", "mkdir", "remove", "rename", "rmtree", "stat", "walk"]
