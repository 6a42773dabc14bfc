"""tf.autograph.to_graph and to_code, and the conversion tf.function applies (autograph=True)."""
from __future__ import annotations

import inspect
import types

from tfsess.ops.autograph.conversion import (ConversionError, _features, _log, _marked_unconverted, convert,
                                             converted_source, is_library_function)


def _function_of(entity):
    """The plain function behind `entity` (a function, or a bound method), or ConversionError."""
    target = entity.__func__ if inspect.ismethod(entity) else entity
    if isinstance(target, types.FunctionType):
        return target
    inner = getattr(entity, "python_function", None)
    hint = " If this is a @tf.function, try passing f.python_function instead." if inner is not None else ""
    raise ConversionError(f"converting {entity}: ValueError: Cannot apply autograph to a function that doesn't "
                          f"expose a __code__ object.{hint or ' If this is a @tf.function, try passing f.python_function instead.'}")


def _options(recursive, experimental_optional_features):
    return {"recursive": bool(recursive), **_features(experimental_optional_features)}


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """Converts a Python function (or bound method) into one whose Python control flow over tensors
    builds TF ops (tf.autograph.to_graph).

    Args:
      entity: the function or method to convert.
      recursive: whether the user functions it calls are converted too.
      experimental_optional_features: tf.autograph.experimental.Feature values to turn on
        (ASSERT_STATEMENTS, or ALL: `assert` on a tensor becomes tf.Assert).

    Returns:
      The converted function. For a bound method it is the converted plain function, called with the
      object as its first argument: TF 2.21 returns it so (tf.function binds methods itself).

    Raises:
      ConversionError: `entity` is not a Python function, or its source cannot be read or converted.
    """
    target = _function_of(entity)
    if _marked_unconverted(target):  # do_not_convert, or converted already
        return target
    return convert(target, _options(recursive, experimental_optional_features))


def to_code(entity, recursive=True, experimental_optional_features=None):
    """The source text of `entity`'s converted form (tf.autograph.to_code).

    The text is tfsess's own rewrite: its statements call `ag__.if_stmt`, `ag__.while_stmt`,
    `ag__.for_stmt`, `ag__.converted_call` as TF's do, but it is not TF's text line for line.
    """
    return converted_source(_function_of(entity), _options(recursive, experimental_optional_features))


def tf_function_body(python_function, experimental_autograph_options=None):
    """What tf.function traces with autograph=True: the converted function, or the function itself when
    it is marked do_not_convert, library code, or cannot be converted (logged, as TF warns)."""
    target = python_function.__func__ if inspect.ismethod(python_function) else python_function
    if not isinstance(target, types.FunctionType) or _marked_unconverted(target) or is_library_function(target):
        return python_function
    try:
        converted = convert(target, _options(True, experimental_autograph_options))
    except ConversionError as e:
        _log(0, f"AutoGraph could not transform {python_function} and will run it as-is. Cause: {e}")
        return python_function
    return types.MethodType(converted, python_function.__self__) if inspect.ismethod(python_function) else converted


__all__ = ["ConversionError", "to_code", "to_graph"]
