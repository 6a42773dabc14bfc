"""tf.app.flags / tf.flags: absl.flags, as TensorFlow's are, with TF's two compatibility shims.

absl-py is an optional dependency (the `flags` extra): `import tfsess` does not need it; the first
name read from tf.flags imports absl.flags, or raises an ImportError naming absl-py. As in TF,
DEFINE_string/boolean/bool/float/integer also take the old keyword names (flag_name,
default_value, docstring), and reading a flag of tf.flags.FLAGS before it is parsed parses sys.argv.
"""
from __future__ import annotations

import functools
import logging
import sys

_MISSING = ("tf.flags and tf.app.flags are absl.flags: install absl-py "
            "(pip install absl-py, or the tfsess[flags] extra)")
_RENAMED_ARGUMENTS = {"flag_name": "name", "default_value": "default", "docstring": "help"}
_WRAPPED_DEFINES = {"DEFINE_string": "DEFINE_string", "DEFINE_boolean": "DEFINE_boolean",
                    "DEFINE_bool": "DEFINE_boolean", "DEFINE_float": "DEFINE_float",
                    "DEFINE_integer": "DEFINE_integer"}


def absl_module(name):
    """absl.<name> (flags or app), or an ImportError naming absl-py when it is not installed."""
    try:
        if name == "app":
            from absl import app as module  # optional dependency: absl-py
        else:
            from absl import flags as module  # optional dependency: absl-py
    except ImportError as error:
        raise ImportError(_MISSING) from error
    return module


class _FlagValuesWrapper:
    """absl's FLAGS, except that reading a flag before parsing parses sys.argv (TF's backwards compatibility)."""

    def __init__(self, flags_object):
        self.__dict__["__wrapped"] = flags_object

    def __getattribute__(self, name):
        if name == "__dict__":
            return super().__getattribute__(name)
        return self.__dict__["__wrapped"].__getattribute__(name)

    def __getattr__(self, name):
        wrapped = self.__dict__["__wrapped"]
        if not wrapped.is_parsed():
            wrapped(sys.argv)
        return wrapped.__getattr__(name)

    def __setattr__(self, name, value):
        return self.__dict__["__wrapped"].__setattr__(name, value)

    def __delattr__(self, name):
        return self.__dict__["__wrapped"].__delattr__(name)

    def __dir__(self):
        return self.__dict__["__wrapped"].__dir__()

    def __getitem__(self, name):
        return self.__dict__["__wrapped"].__getitem__(name)

    def __setitem__(self, name, flag):
        return self.__dict__["__wrapped"].__setitem__(name, flag)

    def __len__(self):
        return self.__dict__["__wrapped"].__len__()

    def __iter__(self):
        return self.__dict__["__wrapped"].__iter__()

    def __str__(self):
        return self.__dict__["__wrapped"].__str__()

    def __call__(self, *args, **kwargs):
        return self.__dict__["__wrapped"].__call__(*args, **kwargs)


def _accept_old_names(define):
    """absl's DEFINE_* that also takes TF's old keyword names, with TF's deprecation warning."""
    @functools.wraps(define)
    def wrapper(*args, **kwargs):
        renamed = [old for old in _RENAMED_ARGUMENTS if old in kwargs]
        for old in renamed:
            kwargs[_RENAMED_ARGUMENTS[old]] = kwargs.pop(old)
        if renamed:
            logging.warning("Use of the keyword argument names (flag_name, default_value, docstring) is "
                            "deprecated, please use (name, default, help) instead.")
        return define(*args, **kwargs)
    return wrapper


@functools.cache
def _shimmed(name):
    module = absl_module("flags")
    if name == "FLAGS":
        return _FlagValuesWrapper(module.FLAGS)
    return _accept_old_names(getattr(module, _WRAPPED_DEFINES[name]))


def __getattr__(name):
    """Every public name of absl.flags (DEFINE_*, FLAGS, FlagValues, the error classes, ...)."""
    if name.startswith("__"):
        raise AttributeError(name)
    if name == "FLAGS" or name in _WRAPPED_DEFINES:
        return _shimmed(name)
    module = absl_module("flags")
    try:
        return getattr(module, name)
    except AttributeError:
        raise AttributeError(f"module 'tfsess.flags' has no attribute '{name}'") from None


def __dir__():
    try:
        return sorted(n for n in dir(absl_module("flags")) if not n.startswith("_"))
    except ImportError:
        return []
