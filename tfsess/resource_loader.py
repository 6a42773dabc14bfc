"""tf.resource_loader: paths of data files next to a script, as TF's (Bazel-free) fallbacks find them.

Paths are relative to the directory of the calling file; `load_resource` and
`get_root_dir_with_all_resources`, called from here, are relative to the tfsess package (as TF's
are to its platform package), unless a `*.runfiles` directory encloses it.
"""
from __future__ import annotations

import inspect
import os
import sys


def get_data_files_path():
    """The directory of the file that calls this function."""
    return os.path.dirname(inspect.getfile(sys._getframe(1)))


def get_root_dir_with_all_resources():
    """The directory right under an enclosing `*.runfiles` directory, else the data files path."""
    script_dir = get_data_files_path()
    directories = [script_dir]
    while True:
        candidate = directories[-1]
        if ".runfiles" in os.path.basename(candidate):
            return directories[-2] if len(directories) > 1 else script_dir
        parent = os.path.dirname(candidate)
        if parent == candidate:
            return script_dir
        directories.append(parent)


def get_path_to_datafile(path):
    """`path` joined to the directory of the file that calls this function."""
    return os.path.join(os.path.dirname(inspect.getfile(sys._getframe(1))), path)


def load_resource(path):
    """The bytes of the file at `path`, relative to this package's directory; OSError if it cannot be read."""
    with open(get_path_to_datafile(path), "rb") as f:
        return f.read()


def readahead_file_path(path, readahead="128M"):
    """`path` itself: no readahead cache is kept (as TF)."""
    return path


__all__ = ["get_data_files_path", "get_path_to_datafile", "get_root_dir_with_all_resources", "load_resource",
           "readahead_file_path"]
