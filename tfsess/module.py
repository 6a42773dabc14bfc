"""tf.Module: a named container of variables and other modules, found by walking its attributes.

As in TF1 graph mode, a module opens its name scope once when it is made (so a second module
named "dense" gets the scope "dense_1/") and `name_scope` re-enters that exact scope; variables
made inside it (or inside a method wrapped by `with_name_scope`) are named "<scope>/<name>". A
module is trackable: a tf.train.Checkpoint saves its variables under their attribute paths.
"""
from __future__ import annotations

import functools
import re

from tfsess.framework import nest
from tfsess.framework.graph_api import name_scope as _name_scope
from tfsess.ops.variables import Variable
from tfsess.train.trackable import AutoTrackable

_CAMEL_TO_SNAKE = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")
_VALID_IDENTIFIER = re.compile(r"^[a-zA-Z_]([a-zA-Z0-9_])*$")


def camel_to_snake(value):
    """"MyModule" -> "my_module", the default name of a module class."""
    return _CAMEL_TO_SNAKE.sub(r"_\1", value).lower()


def valid_identifier(name):
    return bool(_VALID_IDENTIFIER.match(name))


class Module(AutoTrackable):
    """Base class of neural-network modules (tf.Module).

    Raises:
        ValueError: `name` is not a valid Python identifier.
    """

    # bookkeeping attributes that the variable and submodule walks skip
    _TF_MODULE_IGNORED_PROPERTIES = frozenset(("_self_tracked_names", "_self_unconditional_checkpoint_dependencies",
                                               "_self_unconditional_dependency_names"))

    def __init__(self, name=None):
        if name is None:
            name = camel_to_snake(type(self).__name__)
        elif not valid_identifier(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid Python "
                             "identifiers (e.g. a valid class name).")
        self._name = name
        with _name_scope(name) as scope_name:
            self._scope_name = scope_name

    @property
    def name(self):
        """The name given to the constructor, or the snake-case class name."""
        return self._name

    @property
    def name_scope(self):
        """A context manager re-entering the module's own name scope ("<name>/" or "<name>_<n>/")."""
        return _name_scope(self._scope_name)

    @property
    def variables(self):
        """The variables of this module and its submodules, each once, attributes in sorted order."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: _is_variable(x) and x.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(predicate=lambda x: _is_variable(x) and not x.trainable))

    @property
    def submodules(self):
        """The modules reachable from this one (not itself), breadth first."""
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(self, recursive=True, predicate=None):
        """The values among this module's attributes (and, if `recursive`, its submodules') that pass `predicate`."""
        return _flatten_module(self, recursive, predicate or (lambda _: True), seen={id(self)}, stack=[])

    @classmethod
    def with_name_scope(cls, method):
        """Decorates a method so that it runs inside the module's name scope."""
        @functools.wraps(method)
        def method_with_name_scope(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return method_with_name_scope


def _is_variable(obj):
    return isinstance(obj, Variable)


def _is_module(obj):
    return isinstance(obj, Module)


def _flatten_module(module, recursive, predicate, seen, stack):
    """TF's walk: the module's attributes by sorted name, leaves of each nested structure in order, each
    object once; then the submodules found, depth first (a module already on the stack is not re-entered)."""
    if id(module) in stack:
        recursive = False
    submodules = []
    module_dict = vars(module)
    for key in sorted(module_dict):
        if key in module._TF_MODULE_IGNORED_PROPERTIES:
            continue
        try:
            leaves = nest.flatten(module_dict[key])
        except Exception as cause:  # noqa: BLE001 - TF wraps any failure to flatten an attribute
            raise ValueError(f"Error processing property {key!r} of {module_dict[key]!r}") from cause
        for leaf in leaves:
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            if predicate(leaf):
                yield leaf
            if recursive and _is_module(leaf):
                submodules.append(leaf)
    stack.append(id(module))
    for submodule in submodules:
        yield from _flatten_module(submodule, recursive, predicate, seen, stack)
    stack.pop()


__all__ = ["Module"]
