"""Local files as tf.io.gfile serves them: GFile, exists, makedirs, listdir, glob, walk, stat, ...

Failures raise TF's errors (NotFoundError, AlreadyExistsError, FailedPreconditionError, ...)
rather than OSError, with the path in the message.
"""
from __future__ import annotations

import glob as _glob
import os
import shutil

from tfsess.framework import errors

__all__ = ["GFile", "FileStatistics", "copy", "exists", "get_registered_schemes", "glob", "isdir", "join", "listdir",
           "makedirs", "mkdir", "remove", "rename", "rmtree", "stat", "walk"]


def _path(path) -> str:
    return os.fsdecode(os.fspath(path))


def _as_op_error(exc: OSError, path) -> errors.OpError:
    message = f"{path}; {exc.strerror or exc}"
    if isinstance(exc, FileNotFoundError):
        return errors.NotFoundError(None, None, message)
    if isinstance(exc, FileExistsError):
        return errors.AlreadyExistsError(None, None, message)
    if isinstance(exc, PermissionError):
        return errors.PermissionDeniedError(None, None, message)
    if isinstance(exc, (IsADirectoryError, NotADirectoryError)):
        return errors.FailedPreconditionError(None, None, message)
    return errors.UnknownError(None, None, message)


_READ_MODES = ("r", "r+", "a+", "w+")
_WRITE_MODES = ("a", "w", "r+", "a+", "w+")


class GFile:
    """A file object over a local path (tf.io.gfile.GFile): text or binary by its mode.

    The file is opened on first use, so a GFile for a missing file raises NotFoundError when
    read, as in TF.
    """

    def __init__(self, name, mode="r"):
        if mode.replace("b", "") not in ("r", "w", "a", "r+", "w+", "a+"):
            raise errors.InvalidArgumentError(None, None, f"mode is not 'r' or 'w' or 'a' or 'r+' or 'w+' or 'a+': {mode}")
        self.name = _path(name)
        self.mode = mode
        self._file = None

    def _handle(self):
        if self._file is None:
            try:
                self._file = open(self.name, self.mode, **({} if "b" in self.mode else {"encoding": "utf-8"}))
            except OSError as exc:
                raise _as_op_error(exc, self.name) from None
        return self._file

    def _check(self, modes, direction):
        if self.mode.replace("b", "") not in modes:
            raise errors.PermissionDeniedError(None, None, f"File isn't open for {direction}")

    def read(self, n=-1):
        self._check(_READ_MODES, "reading")
        return self._handle().read(n)

    def readline(self):
        self._check(_READ_MODES, "reading")
        return self._handle().readline()

    def readlines(self):
        self._check(_READ_MODES, "reading")
        return self._handle().readlines()

    def write(self, data):
        self._check(_WRITE_MODES, "writing")
        handle = self._handle()
        if "b" in self.mode and isinstance(data, str):
            data = data.encode("utf-8")
        elif "b" not in self.mode and isinstance(data, bytes):
            data = data.decode("utf-8")
        handle.write(data)

    def seek(self, offset=None, whence=0, position=None):
        """Moves the read position to a byte offset from the start (0), here (1) or the end (2), as TF's
        GFile does in text mode too (so an end-relative seek works where Python's text files refuse it)."""
        self._check(_READ_MODES, "reading")
        if offset is None and position is None:
            raise TypeError("seek(): offset argument required")
        if offset is not None and position is not None:
            raise TypeError("seek(): offset and position may not be set simultaneously.")
        offset = offset if position is None else position
        if whence not in (0, 1, 2):
            raise errors.InvalidArgumentError(None, None,
                                              f"Invalid whence argument: {whence}. Valid values are 0, 1, or 2.")
        base = 0 if whence == 0 else (self.tell() if whence == 1 else self.size())
        self._handle().seek(base + offset)

    def tell(self):
        return self._handle().tell()

    def size(self):
        return os.path.getsize(self.name)

    def flush(self):
        if self._file is not None:
            self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()
            self._file = None

    def seekable(self):
        return True

    def __iter__(self):
        return iter(self._handle())

    def __next__(self):
        return next(self._handle())

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class FileStatistics:
    """What stat returns (TF's FileStatistics): length, mtime_nsec, is_directory."""

    def __init__(self, length, mtime_nsec, is_directory):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory

    def __repr__(self):
        return f"FileStatistics(length={self.length}, mtime_nsec={self.mtime_nsec}, is_directory={self.is_directory})"


def get_registered_schemes() -> list:
    """The URI schemes these functions serve (tf.io.gfile.get_registered_schemes): only '' (local paths
    without a scheme); TF's 'file', 'ram' and 'gs' file systems are not provided."""
    return [""]


def join(path, *paths) -> str:
    return os.path.join(path, *paths)


def exists(path) -> bool:
    return os.path.exists(_path(path))


def isdir(path) -> bool:
    return os.path.isdir(_path(path))


def listdir(path):
    """The names (not paths) in directory `path`. Raises NotFoundError if it is not a directory."""
    path = _path(path)
    if not os.path.isdir(path):
        raise errors.NotFoundError(None, None, "Could not find directory " + path)
    return sorted(os.listdir(path))


def glob(pattern):
    """The paths matching a shell pattern (or a list of patterns)."""
    patterns = [pattern] if isinstance(pattern, (str, bytes, os.PathLike)) else pattern
    return sorted({match for p in patterns for match in _glob.glob(_path(p))})


def makedirs(path):
    """Creates `path` and any missing parents; an existing directory is fine. A file in the way raises
    FailedPreconditionError naming it, as TF's RecursivelyCreateDir does."""
    path = _path(path)
    prefix = path
    while prefix and not os.path.exists(prefix) and os.path.dirname(prefix) != prefix:
        prefix = os.path.dirname(prefix)
    if prefix and os.path.exists(prefix) and not os.path.isdir(prefix):
        raise errors.FailedPreconditionError(None, None, f"{prefix} is not a directory")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise _as_op_error(exc, path) from None


def mkdir(path):
    """Creates directory `path`; its parent must exist (NotFoundError). An existing `path` is left as it is,
    as TF's local file system does."""
    try:
        os.mkdir(_path(path))
    except FileExistsError:
        return
    except OSError as exc:
        raise _as_op_error(exc, path) from None


def remove(path):
    """Deletes file `path`. Raises NotFoundError if it does not exist."""
    try:
        os.remove(_path(path))
    except OSError as exc:
        raise _as_op_error(exc, path) from None


def rmtree(path):
    """Deletes directory `path` and everything in it. Raises NotFoundError if it does not exist."""
    path = _path(path)
    if not os.path.exists(path):
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory")
    shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)


def rename(src, dst, overwrite=False):
    """Renames `src` to `dst`. Raises AlreadyExistsError if `dst` exists and not `overwrite`."""
    src, dst = _path(src), _path(dst)
    if not overwrite and os.path.exists(dst):
        raise errors.AlreadyExistsError(None, None, f"file already exists: {dst}")
    try:
        os.replace(src, dst)
    except OSError as exc:
        raise _as_op_error(exc, src) from None


def copy(src, dst, overwrite=False):
    """Copies file `src` to `dst`. Raises AlreadyExistsError if `dst` exists and not `overwrite`."""
    src, dst = _path(src), _path(dst)
    if not overwrite and os.path.exists(dst):
        raise errors.AlreadyExistsError(None, None, f"file already exists: {dst}")
    if os.path.isdir(src):  # TF's local CopyFile opens (creates) the destination, then fails to fill it
        with open(dst, "wb"):
            pass
        raise errors.InvalidArgumentError(None, None, f"{dst}; Invalid argument")
    try:
        shutil.copyfile(src, dst)
    except OSError as exc:
        raise _as_op_error(exc, exc.filename if exc.filename is not None else src) from None


def stat(path) -> FileStatistics:
    """Length, modification time (ns) and kind of `path`. Raises NotFoundError if it does not exist."""
    try:
        info = os.stat(_path(path))
    except OSError as exc:
        raise _as_op_error(exc, path) from None
    return FileStatistics(info.st_size, info.st_mtime_ns, os.path.isdir(_path(path)))


def walk(top, topdown=True, onerror=None):
    """Yields (dirname, subdirectory names, file names) for each directory under `top`, names sorted.

    As TF's walk: a directory that cannot be listed goes to `onerror` (a NotFoundError) or is
    skipped, and the yielded subdirectory list is the one walked, so a top-down caller may prune it.
    """
    top = _path(top)
    try:
        listing = listdir(top)
    except errors.NotFoundError as err:
        if onerror:
            onerror(err)
        return
    subdirs = [name for name in listing if os.path.isdir(os.path.join(top, name))]
    files = [name for name in listing if name not in subdirs]
    if topdown:
        yield top, subdirs, files
    for subdir in subdirs:
        yield from walk(os.path.join(top, subdir), topdown, onerror)
    if not topdown:
        yield top, subdirs, files


def walk_v1(top, in_order=True):
    """tf.gfile.Walk: TF1's name for the top-down (in_order) or bottom-up walk."""
    return walk(top, in_order)
