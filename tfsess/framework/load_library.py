"""tf.load_op_library, tf.load_library, tf.load_file_system_library and
tf.experimental.register_filesystem_plugin: TF's plugin loaders, refused honestly.

A TF plugin is a shared object of C++ kernels compiled against libtensorflow_framework; tfsess has no C++
runtime to register them with. Each loader first makes TF's own checks (a missing path is OSError or
NotFoundError with the dynamic loader's text, a file that is no shared object NotFoundError), reading only
the file's ELF header and never running its code, then raises NotImplementedError naming the loader.
"""
from __future__ import annotations

import errno
import os
import platform

from tfsess.framework import errors
from tfsess.framework.strict_mode import log_deprecation

_ELF_MAGIC = b"\x7fELF"
_ELF_HEADER_BYTES = 64  # sizeof(Elf64_Ehdr): the dynamic loader says "file too short" below it
_SEARCH_DIRS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64")


def _located(filename: str):
    """The path the dynamic loader would open for `filename` (a bare name is searched for as dlopen does), or None."""
    if "/" in filename:
        return filename if os.path.lexists(filename) else None
    dirs = [d for d in os.environ.get("LD_LIBRARY_PATH", "").split(":") if d] + list(_SEARCH_DIRS)
    for directory in dirs:
        candidate = os.path.join(directory, filename)
        if os.path.isfile(candidate):
            return candidate
    return None


def _check_shared_object(filename: str) -> None:
    """Raises NotFoundError with the dynamic loader's message where dlopen(filename) would fail before
    running any code of the file."""
    path = _located(filename)
    if path is None:
        raise errors.NotFoundError(None, None, f"{filename}: cannot open shared object file: No such file or directory")
    if os.path.isdir(path):
        raise errors.NotFoundError(None, None, f"{filename}: cannot read file data: Is a directory")
    try:
        with open(path, "rb") as f:
            header = f.read(_ELF_HEADER_BYTES)
    except PermissionError:
        raise errors.NotFoundError(None, None,
                                   f"{filename}: cannot open shared object file: Permission denied") from None
    except OSError as e:
        raise errors.NotFoundError(None, None, f"{filename}: cannot open shared object file: {e.strerror}") from None
    if len(header) < _ELF_HEADER_BYTES:
        raise errors.NotFoundError(None, None, f"{filename}: file too short")
    if not header.startswith(_ELF_MAGIC):
        raise errors.NotFoundError(None, None, f"{filename}: invalid ELF header")


def _refuse(loader: str, filename: str):
    raise NotImplementedError(
        f"{loader}({filename!r}): tfsess runs TensorFlow graphs over NumPy and cannot load TensorFlow's C++ "
        f"plugins (custom ops, kernels, file systems); register the op in Python instead (tfsess.framework."
        f"registry.register_op, or tf.py_func)")


def load_op_library(library_filename):
    """Loads a TensorFlow plugin of custom ops and kernels (tf.load_op_library): checked, then refused.

    Raises:
        NotFoundError: the file cannot be opened or is not a shared object.
        NotImplementedError: for a real shared object; tfsess cannot run C++ kernels.
    """
    _check_shared_object(library_filename)
    _refuse("load_op_library", library_filename)


def load_file_system_library(library_filename):
    """Loads a TensorFlow file-system plugin (tf.load_file_system_library, deprecated): checked, then refused.

    Raises:
        NotFoundError: the file cannot be opened or is not a shared object.
        NotImplementedError: for a real shared object.
    """
    log_deprecation("load_file_system_library (from tensorflow.python.framework.load_library) is deprecated and "
                    "will be removed in a future version.\nInstructions for updating:\nUse `tf.load_library` instead.")
    _check_shared_object(library_filename)
    _refuse("load_file_system_library", library_filename)


def _is_shared_object(filename: str) -> bool:
    """TF's test by name only: `.so` or `.so.<digit>...` on Linux, `.dylib` on macOS, `.dll` on Windows."""
    system = platform.system()
    if system == "Linux":
        if filename.endswith(".so"):
            return True
        index = filename.rfind(".so.")
        return index != -1 and filename[index + 4:index + 5].isdecimal()
    return filename.endswith({"Darwin": ".dylib", "Windows": ".dll"}.get(system, "\0"))


def load_library(library_location):
    """Loads a TensorFlow kernel plugin, or every shared object in a folder (tf.load_library): checked,
    then refused. An existing folder without shared objects loads nothing, as in TF.

    Raises:
        OSError: (FileNotFoundError) the path does not exist.
        NotFoundError: a file that is not a shared object.
        NotImplementedError: for a real shared object.
    """
    if not os.path.exists(library_location):
        raise OSError(errno.ENOENT, "The file or folder to load kernel libraries from does not exist.",
                      library_location)
    if os.path.isdir(library_location):
        libraries = [os.path.join(library_location, f) for f in sorted(os.listdir(library_location))
                     if _is_shared_object(f)]
    else:
        libraries = [library_location]
    for library in libraries:
        _check_shared_object(library)
        _refuse("load_library", library)


def register_filesystem_plugin(plugin_location):
    """Loads a TensorFlow FileSystem plugin (tf.experimental.register_filesystem_plugin): checked, then refused.

    Raises:
        OSError: (FileNotFoundError) the file does not exist.
        NotFoundError: a file that is not a shared object.
        NotImplementedError: for a real shared object.
    """
    if not os.path.exists(plugin_location):
        raise OSError(errno.ENOENT, "The file to load file system plugin from does not exist.", plugin_location)
    _check_shared_object(plugin_location)
    _refuse("register_filesystem_plugin", plugin_location)


__all__ = ["load_file_system_library", "load_library", "load_op_library"]
