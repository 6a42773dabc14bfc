"""tf.strings.regex_replace and regex_full_match, with RE2's rules on top of Python's `re`.

TF matches with RE2 in UTF-8 mode: `.` is one character, not one byte, so strings and patterns are
decoded as UTF-8 here (bytes that are not UTF-8 stand for themselves, through surrogateescape). A
rewrite is RE2's: `\\0` is the whole match, `\\1`..`\\9` groups, `\\\\` a backslash; as TF's kernels
(which ignore RE2's refusal) a rewrite cut short by another escape writes what came before it, and one
naming a group the pattern lacks leaves the strings unchanged. A pattern given as a Python string
builds TF's Static* op, a pattern tensor RegexReplace/RegexFullMatch (compiled patterns are cached).
A bad pattern is TF's InvalidArgumentError at run time; the session stays usable.
"""
from __future__ import annotations

import functools
import re

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.ops._infer import apply_gen, check_dtype
from tfsess.ops.string_ops import _as_bytes, _bytes_map

_STRING = (dtypes.string,)
_REWRITE_ESCAPE = re.compile(r"\\(.?)", re.S)


def _text(value):
    if isinstance(value, str):
        return value
    return bytes(value).decode("utf-8", "surrogateescape")


def _encoded(text):
    return text.encode("utf-8", "surrogateescape")


@functools.lru_cache(maxsize=256)
def _compiled(pattern):
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise errors.InvalidArgumentError(None, None, f"Invalid pattern: {pattern}, error: {exc}") from None


@functools.lru_cache(maxsize=256)
def _rewrite_parts(rewrite):
    """RE2's rewrite string as [(literal text, group number or None)], up to a bad escape."""
    parts, start = [], 0
    for escape in _REWRITE_ESCAPE.finditer(rewrite):
        char = escape.group(1)
        if char == "\\":
            parts.append((rewrite[start:escape.start()] + "\\", None))
        elif char.isdigit():
            parts.append((rewrite[start:escape.start()], int(char)))
        else:  # RE2 stops writing here and reports failure, which TF's kernels do not check
            parts.append((rewrite[start:escape.start()], None))
            return parts
        start = escape.end()
    parts.append((rewrite[start:], None))
    return parts


def _replace(x, pattern, rewrite, replace_global):
    compiled = _compiled(_text(pattern))
    parts = _rewrite_parts(_text(rewrite))
    if max((g for _, g in parts if g is not None), default=0) > compiled.groups:
        return np.array(x, dtype=object)  # RE2 refuses the rewrite and replaces nothing

    def expand(match):
        return "".join(text + (match.group(g) or "" if g is not None else "") for text, g in parts)
    return _bytes_map(lambda v: _encoded(compiled.sub(expand, _text(_as_bytes(v)), count=0 if replace_global else 1)),
                      x)


def _full_match(x, pattern):
    compiled = _compiled(_text(pattern))
    return _bytes_map(lambda v: compiled.fullmatch(_text(_as_bytes(v))) is not None, x, np.bool_)


def _same_shape(inputs, attrs):
    check_dtype(inputs[0], _STRING, "input")
    return [(dtypes.string, inputs[0].shape)]


def _bool_shape(inputs, attrs):
    check_dtype(inputs[0], _STRING, "input")
    return [(dtypes.bool, inputs[0].shape)]


@register_op("StaticRegexReplace", infer=_same_shape, no_gradient=True)
def _static_regex_replace(xp, x, *, pattern, rewrite, replace_global=True):
    return _replace(x, pattern, rewrite, replace_global)


@register_op("RegexReplace", infer=_same_shape, no_gradient=True)
def _regex_replace(xp, x, pattern, rewrite, *, replace_global=True):
    for name, value in (("pattern", pattern), ("rewrite", rewrite)):
        if np.ndim(value) != 0:
            raise errors.InvalidArgumentError(None, None, f"{name} must be scalar, but received {np.shape(value)}")
    return _replace(x, np.asarray(pattern, dtype=object).item(), np.asarray(rewrite, dtype=object).item(),
                    replace_global)


@register_op("StaticRegexFullMatch", infer=_bool_shape, no_gradient=True)
def _static_regex_full_match(xp, x, *, pattern):
    return _full_match(x, pattern)


@register_op("RegexFullMatch", infer=_bool_shape, no_gradient=True)
def _regex_full_match(xp, x, pattern):
    if np.ndim(pattern) != 0:
        raise errors.InvalidArgumentError(None, None, f"Pattern must be scalar, but received {np.shape(pattern)}")
    return _full_match(x, np.asarray(pattern, dtype=object).item())


def regex_full_match(input, pattern, name=None):  # noqa: A002 - TF's argument name
    """Whether each whole string matches the RE2 `pattern` (tf.strings.regex_full_match)."""
    if isinstance(pattern, (str, bytes)):
        return apply_gen("StaticRegexFullMatch", [("input", input, dtypes.string)], {"pattern": pattern}, name=name)
    return apply_gen("RegexFullMatch", [("input", input, dtypes.string), ("pattern", pattern, dtypes.string)],
                     name=name)


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002 - TF's argument name
    """Replaces the matches of the RE2 `pattern` in each string with `rewrite` (tf.strings.regex_replace)."""
    if isinstance(pattern, (str, bytes)) and isinstance(rewrite, (str, bytes)):
        attrs = {"pattern": pattern, "rewrite": rewrite, "replace_global": bool(replace_global)}
        return apply_gen("StaticRegexReplace", [("input", input, dtypes.string)], attrs, name=name)
    return apply_gen("RegexReplace", [("input", input, dtypes.string), ("pattern", pattern, dtypes.string),
                                      ("rewrite", rewrite, dtypes.string)],
                     {"replace_global": bool(replace_global)}, name=name)


__all__ = ["regex_replace"]  # tf.regex_replace; both are tf.strings'
