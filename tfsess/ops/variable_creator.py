"""tf.variable_creator_scope: functions that every tf.Variable construction in the block goes through.

A creator is called as `creator(next_creator, **kwargs)` with all of the Variable constructor's
arguments (and `experimental_enable_variable_lifting`, which graph mode ignores); it may change them,
call `next_creator(**kwargs)`, or return something else. The innermost scope's creator runs first.
As in TF, the creators belong to the default graph and to the thread that entered the scope.
"""
from __future__ import annotations

import contextlib
import functools
import threading
import weakref

from tfsess.framework.graph import get_default_graph

_LOCAL = threading.local()


def _stacks():
    if not hasattr(_LOCAL, "stacks"):
        _LOCAL.stacks = weakref.WeakKeyDictionary()  # graph -> [creator], outermost first
    return _LOCAL.stacks


def creator_stack(graph):
    """The creators in effect for `graph` in this thread, outermost first."""
    return tuple(_stacks().get(graph, ()))


def create_through_creators(graph, default_creator, kwargs):
    """`default_creator(**kwargs)` wrapped by the graph's creators, the innermost called first."""
    creator = default_creator
    for outer_to_inner in creator_stack(graph):
        creator = functools.partial(outer_to_inner, creator)
    return creator(**kwargs)


_CONSTRUCTOR_ARGS = ("initial_value", "trainable", "collections", "validate_shape", "caching_device", "name",
                     "variable_def", "dtype", "expected_shape", "import_scope", "constraint", "use_resource",
                     "synchronization", "aggregation", "shape")


_DEFAULT_USE_RESOURCE = [False]  # TF1's default: tf.Variable and tf.get_variable build reference variables


def enable_resource_variables():
    """Makes tf.Variable and tf.get_variable build resource variables by default."""
    _DEFAULT_USE_RESOURCE[0] = True


def disable_resource_variables():
    """Makes tf.Variable and tf.get_variable build reference variables by default (TF1's default)."""
    _DEFAULT_USE_RESOURCE[0] = False


def resource_variables_enabled():
    """Whether tf.Variable and tf.get_variable build resource variables by default."""
    return _DEFAULT_USE_RESOURCE[0]


_V1_DISPATCH = {}  # class -> fn(constructor kwargs) -> the class to build (ops/resource_variable.py fills it)


def register_v1_dispatch(cls, choose_class):
    """Makes `cls(...)` build `choose_class(kwargs)` instead (tf.Variable: a ref or a resource variable)."""
    _V1_DISPATCH[cls] = choose_class


class VariableMetaclass(type):
    """The metaclass of tf.Variable: construction goes through the creators in effect (TF's VariableMetaclass)."""

    def __call__(cls, *args, **kwargs):
        graph = get_default_graph()
        if not creator_stack(graph) and cls not in _V1_DISPATCH:
            return super().__call__(*args, **kwargs)
        full = dict.fromkeys(_CONSTRUCTOR_ARGS)
        full.update(validate_shape=True, experimental_enable_variable_lifting=True, **getattr(cls, "_creator_defaults", {}))
        full.update(zip(_CONSTRUCTOR_ARGS, args), **kwargs)

        def default_creator(**kw):
            kw.pop("experimental_enable_variable_lifting", None)
            target = _V1_DISPATCH[cls](kw) if cls in _V1_DISPATCH else cls
            return super(VariableMetaclass, target).__call__(**kw)
        return create_through_creators(graph, default_creator, full)


@contextlib.contextmanager
def variable_creator_scope(variable_creator):
    """Makes `variable_creator(next_creator, **kwargs)` take part in creating the block's variables."""
    stack = _stacks().setdefault(get_default_graph(), [])
    stack.append(variable_creator)
    try:
        yield
    finally:
        stack.pop()


__all__ = ["disable_resource_variables", "enable_resource_variables", "resource_variables_enabled",
           "variable_creator_scope"]
