"""tf.make_template: a function whose variables are created on its first call and shared by every later one."""
from __future__ import annotations

import functools

from tfsess.framework.graph import get_default_graph
from tfsess.ops import variable_scope as vs

_GLOBAL, _TRAINABLE, _LOCAL = "variables", "trainable_variables", "local_variables"


class Template:
    """Wraps `func` so that its tf.get_variable calls create variables once, in one variable scope, and reuse
    them on later calls (TF's Template). A later call that creates a trainable variable raises ValueError."""

    def __init__(self, name, func, create_scope_now=False, unique_name=None, custom_getter=None):
        if name is None:
            raise ValueError("name cannot be None.")
        self._name, self._func = name, func
        self._unique_name, self._custom_getter = unique_name, custom_getter
        self._variable_scope = None
        self._variables_created = False
        if create_scope_now:
            scope_name = unique_name or vs._get_unique_variable_scope(name)
            with vs._pure_variable_scope(scope_name, custom_getter=custom_getter) as scope:
                self._variable_scope = scope

    def _call_func(self, args, kwargs):
        graph = get_default_graph()
        trainable_at_start = len(graph.get_collection(_TRAINABLE))
        result = self._func(*args, **kwargs)
        if self._variables_created:
            trainable = graph.get_collection(_TRAINABLE)
            if len(trainable) != trainable_at_start:
                raise ValueError("Trainable variable created when calling a template after the first time, perhaps "
                                 "you used tf.Variable when you meant tf.get_variable: "
                                 f"{trainable[trainable_at_start:]}")
        else:
            self._variables_created = True
        return result

    def __call__(self, *args, **kwargs):
        if self._variable_scope is not None:
            with vs.variable_scope(self._variable_scope, reuse=self._variables_created):
                return self._call_func(args, kwargs)
        with vs.variable_scope(self._unique_name, self._name, custom_getter=self._custom_getter) as scope:
            self._variable_scope = scope
            return self._call_func(args, kwargs)

    @property
    def name(self):
        return self._name

    @property
    def func(self):
        return self._func

    @property
    def variable_scope(self):
        return self._variable_scope

    @property
    def variable_scope_name(self):
        if self._variable_scope is None:
            return None
        name = self._variable_scope.name
        return name + "/" if name and not name.endswith("/") else name

    def _scoped(self, key):
        if not self._variables_created:
            return []
        return get_default_graph().get_collection(key, self.variable_scope_name)

    @property
    def variables(self):
        return self._scoped(_GLOBAL) + self._scoped(_LOCAL)

    global_variables = property(lambda self: self._scoped(_GLOBAL))
    local_variables = property(lambda self: self._scoped(_LOCAL))
    trainable_variables = property(lambda self: self._scoped(_TRAINABLE))
    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self):
        trainable = set(id(v) for v in self.trainable_variables)
        return [v for v in self.global_variables if id(v) not in trainable]

    non_trainable_weights = non_trainable_variables


def make_template(name_, func_, create_scope_now_=False, unique_name_=None, custom_getter_=None, **kwargs):
    """`func_` (with `kwargs` bound) as a Template sharing its variables across calls (tf.make_template)."""
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_)


__all__ = ["make_template"]
