"""tf.autograph's switches that converted code reads (the converter is ops/autograph/).

do_not_convert marks a function that AutoGraph runs as written; set_loop_options is read out of a
converted loop's body by the converter (called anywhere else it does nothing, as in TF);
set_verbosity sets how much the converter logs; trace prints its arguments.
"""
from __future__ import annotations

import enum
import functools
import os

_VERBOSITY = [int(os.environ.get("AUTOGRAPH_VERBOSITY", 0) or 0), False]  # level, also log to stdout


class Feature(enum.Enum):
    """AutoGraph's optional conversions (tf.autograph.experimental.Feature)."""

    ALL = "ALL"
    AUTO_CONTROL_DEPS = "AUTO_CONTROL_DEPS"
    ASSERT_STATEMENTS = "ASSERT_STATEMENTS"
    BUILTIN_FUNCTIONS = "BUILTIN_FUNCTIONS"
    EQUALITY_OPERATORS = "EQUALITY_OPERATORS"
    LISTS = "LISTS"
    NAME_SCOPES = "NAME_SCOPES"


def do_not_convert(func=None):
    """Marks `func` as not to be converted by AutoGraph; returns it (wrapped) or a decorator
    (tf.autograph.experimental.do_not_convert)."""
    if func is None:
        return do_not_convert

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    wrapper.__tfsess_do_not_convert__ = True
    return wrapper


def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None, shape_invariants=None):
    """Loop options for the enclosing AutoGraph-converted loop, which the converter reads from the loop
    body; called outside one, as here, it has no effect (tf.autograph.experimental.set_loop_options)."""
    del parallel_iterations, swap_memory, maximum_iterations, shape_invariants


def set_verbosity(level, alsologtostdout=False):
    """Sets AutoGraph's log verbosity (tf.autograph.set_verbosity): 1 logs each conversion, 2 also the
    converted code; `alsologtostdout` prints the messages too."""
    _VERBOSITY[:] = [int(level), bool(alsologtostdout)]


def verbosity():
    """(level, also to stdout), as set_verbosity left them."""
    return _VERBOSITY[0], _VERBOSITY[1]


def trace(*args):
    """Prints its arguments, as tf.autograph.trace does outside a converted function."""
    print(*args)


__all__ = ["Feature", "do_not_convert", "set_loop_options", "set_verbosity", "trace"]
