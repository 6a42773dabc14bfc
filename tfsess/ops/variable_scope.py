"""variable_scope and get_variable: named, shareable variables (TF1's variable_scope.py).

Each graph keeps two stores in collections, as TF does: the variables made by get_variable,
by full name (`_VariableStore`), and, per thread, the current VariableScope plus how often each
scope name was opened (`_VariableScopeStore`, which makes default names unique).
"""
from __future__ import annotations

import contextlib
import copy
import enum
import functools
import inspect
import threading

from tfsess.framework import dtypes, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor, graph_of
from tfsess.framework.tensor_shape import as_shape
from tfsess.ops import init_ops, variable_creator
from tfsess.ops.partitioned_variables import get_partitioned_variable
from tfsess.ops.variable_sync import _validate_trainable, sync_defaults
from tfsess.ops.variables import GraphKeys, Variable


class _ReuseMode(enum.Enum):
    """Modes of variable reuse besides True and False."""

    AUTO_REUSE = 1


AUTO_REUSE = _ReuseMode.AUTO_REUSE
_VARSTORE_KEY = ("__variable_store",)
_VARSCOPESTORE_KEY = ("__varscope",)


# ------------------------------------------------------------------ the stores
class _VariableStore:
    """The variables get_variable created in one graph, by full name."""

    def __init__(self):
        self._vars = {}
        self._partitioned_vars = {}

    def get_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     synchronization=None, aggregation=None):
        """Creates or returns the variable `name`; see tf.get_variable. With a `partitioner` (and a shape of rank
        1 or more), a PartitionedVariable of parts `name/part_<i>`."""
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter}")
        dtype = getattr(dtype, "base_dtype", dtype)
        synchronization, aggregation, trainable = sync_defaults(synchronization, aggregation, trainable)

        def true_getter(name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None,
                        reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                        validate_shape=True, use_resource=None, constraint=None, synchronization=None,
                        aggregation=None):
            def make_part(part_name, part_shape, part_dtype, part_initializer, partition_info=None):
                return self._get_single_variable(part_name, part_shape, part_dtype, part_initializer, regularizer,
                                                 reuse, trainable, collections, caching_device, validate_shape,
                                                 constraint, synchronization, aggregation, partition_info,
                                                 use_resource=variable_creator.resource_variables_enabled()
                                                 if use_resource is None else use_resource)
            is_scalar = shape is not None and isinstance(shape, (list, tuple)) and not shape
            # reuse=True finds a partitioned variable without its partitioner
            reused = reuse is True and partitioner is None and name in self._partitioned_vars
            if (partitioner is not None and not is_scalar) or reused:
                if partitioner is not None and not callable(partitioner):
                    raise ValueError(f"Partitioner must be callable, but received: {partitioner}")
                dtype = dtypes.as_dtype(dtype)
                if initializer is None:
                    initializer = _default_initializer(name, dtype)
                with get_default_graph().name_scope(None):
                    return get_partitioned_variable(self, name, shape, dtype, initializer, reuse, partitioner,
                                                    make_part)
            if f"{name}/part_0" in self._vars:
                raise ValueError(f"No partitioner was provided, but a partitioned version of the variable was found: "
                                 f"{name}/part_0. Perhaps a variable of the same name was already created with "
                                 f"partitioning?")
            return make_part(name, shape, dtype, initializer)

        kwargs = dict(name=name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                      reuse=reuse, trainable=trainable, collections=collections, caching_device=caching_device,
                      partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
                      synchronization=synchronization, aggregation=aggregation)
        if custom_getter is None:
            return true_getter(constraint=constraint, **kwargs)
        if _accepts(custom_getter, "constraint"):
            kwargs["constraint"] = constraint
        return custom_getter(getter=true_getter, **kwargs)

    def _get_single_variable(self, name, shape, dtype, initializer, regularizer, reuse, trainable,
                             collections, caching_device, validate_shape, constraint, synchronization,
                             aggregation, partition_info=None, use_resource=False):
        from_value = initializer is not None and not callable(initializer)
        if shape is not None and from_value:
            raise ValueError("If initializer is a constant, do not specify shape.")
        dtype = dtypes.as_dtype(dtype)
        shape = None if shape is None else as_shape(shape)
        if name in self._vars:
            return self._existing(name, shape, dtype, reuse)

        if reuse is True:
            raise ValueError(f"Variable {name} does not exist, or was not created with tf.get_variable(). "
                             f"Did you mean to set reuse=tf.AUTO_REUSE in VarScope?")
        if initializer is None:
            initializer, from_value = _default_initializer(name, dtype), False
        init_val, variable_dtype = _initial_value(name, initializer, from_value, shape, dtype, partition_info)
        synchronization, aggregation, trainable = _validate_trainable(synchronization, aggregation, trainable, name)
        v = Variable(initial_value=init_val, name=name, trainable=trainable, collections=collections,
                     use_resource=use_resource, caching_device=caching_device, dtype=variable_dtype,
                     validate_shape=validate_shape,
                     constraint=constraint, synchronization=synchronization, aggregation=aggregation)
        self._vars[name] = v
        if regularizer:
            _add_regularization_loss(v, name, regularizer)
        return v

    def _existing(self, name, shape, dtype, reuse):
        found = self._vars[name]
        if reuse is False:
            raise ValueError(f"Variable {name} already exists, disallowed. Did you mean to set reuse=True or "
                             f"reuse=tf.AUTO_REUSE in VarScope?")
        if shape is not None and not shape.is_compatible_with(found.get_shape()):
            raise ValueError(f"Trying to share variable {name}, but specified shape {shape} and found shape "
                             f"{found.get_shape()}.")
        if not dtype.is_compatible_with(found.dtype):
            raise ValueError(f"Trying to share variable {name}, but specified dtype {dtype.name} and found dtype "
                             f"{found.dtype.base_dtype.name}.")
        return found


def _default_initializer(name, dtype):
    """glorot_uniform for floats, zeros for ints, bools and strings (TF's defaults)."""
    if dtype.is_floating:
        return init_ops.glorot_uniform_initializer()
    if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype == dtypes.string:
        return init_ops.zeros_initializer()
    raise ValueError(f"An initializer for variable {name} of {dtype.base_dtype.name} is required")


def _initial_value(name, initializer, from_value, shape, dtype, partition_info=None):
    """The Variable's initial_value (a value or a callable) and the dtype to ask of it."""
    if from_value:
        return initializer, None
    if inspect.isclass(initializer):
        initializer = initializer()
    if shape is not None and shape.is_fully_defined():
        if _accepts(initializer, "partition_info"):
            return functools.partial(initializer, shape.as_list(), dtype=dtype, partition_info=partition_info), \
                dtype.base_dtype
        return functools.partial(initializer, shape.as_list(), dtype=dtype), dtype.base_dtype
    if _needs_no_arguments(initializer):
        return initializer, None
    raise ValueError(f"The initializer passed is not valid. It should be a callable with no arguments and the "
                     f"shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` "
                     f"should be fully defined. (variable {name})")


def _add_regularization_loss(v, name, regularizer):
    graph = v.graph
    with graph.as_default(), graph.colocate_with(v.op), graph.name_scope(name + "/Regularizer/"):
        loss = regularizer(v)
    if loss is not None:
        graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)


def _signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _accepts(fn, arg) -> bool:
    sig = _signature(fn)
    if sig is None:
        return False
    return arg in sig.parameters or any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values())


def _needs_no_arguments(fn) -> bool:
    sig = _signature(fn)
    if sig is None:
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in sig.parameters.values())


class _VariableScopeStore(threading.local):
    """Per thread: the current VariableScope and how often each scope name was opened."""

    def __init__(self):
        self.current_scope = VariableScope(False)
        self.variable_scopes_count = {}

    def open_variable_scope(self, scope_name):
        self.variable_scopes_count[scope_name] = self.variable_scopes_count.get(scope_name, 0) + 1

    def close_variable_subscopes(self, scope_name):
        prefix = "" if scope_name is None else scope_name + "/"
        for k in self.variable_scopes_count:
            if k.startswith(prefix):
                self.variable_scopes_count[k] = 0

    def variable_scope_count(self, scope_name):
        return self.variable_scopes_count.get(scope_name, 0)


def _graph_singleton(key, factory, graph=None):
    graph = graph or get_default_graph()
    items = graph.get_collection_ref(key)
    if not items:
        with graph._lock:
            if not items:
                items.append(factory())
    return items[0]


def _get_default_variable_store():
    return _graph_singleton(_VARSTORE_KEY, _VariableStore)


def get_variable_scope_store():
    """The default graph's VariableScope store (per thread)."""
    return _graph_singleton(_VARSCOPESTORE_KEY, _VariableScopeStore)


def get_variable_scope():
    """The current VariableScope of the default graph (tf.get_variable_scope)."""
    return get_variable_scope_store().current_scope


def _get_unique_variable_scope(prefix):
    store = get_variable_scope_store()
    current = get_variable_scope()
    name = current.name + "/" + prefix if current.name else prefix
    if store.variable_scope_count(name) == 0:
        return prefix
    idx = 1
    while store.variable_scope_count(f"{name}_{idx}") > 0:
        idx += 1
    return f"{prefix}_{idx}"


# ------------------------------------------------------------------ VariableScope
class VariableScope:
    """The defaults get_variable uses inside a variable_scope: name prefix, reuse, initializer, dtype..."""

    def __init__(self, reuse, name="", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope="", dtype=dtypes.float32, use_resource=None,
                 constraint=None):
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._reuse = reuse
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint

    name = property(lambda self: self._name)
    original_name_scope = property(lambda self: self._name_scope)
    reuse = property(lambda self: self._reuse)
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self):
        """Makes get_variable in this scope return existing variables."""
        self._reuse = True

    def set_initializer(self, initializer):
        self._initializer = initializer

    def set_dtype(self, dtype):
        self._dtype = dtype

    def set_use_resource(self, use_resource):
        self._use_resource = use_resource

    def set_regularizer(self, regularizer):
        self._regularizer = regularizer

    def set_caching_device(self, caching_device):
        self._caching_device = caching_device

    def set_partitioner(self, partitioner):
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter):
        self._custom_getter = custom_getter

    def get_collection(self, name):
        scope = self._name + "/" if self._name else ""
        return get_default_graph().get_collection(name, scope)

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def get_variable(self, var_store, name, shape=None, dtype=None, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     synchronization=None, aggregation=None):
        """Gets an existing variable or creates one, with this scope's name prefix and defaults."""
        regularizer = self._regularizer if regularizer is None else regularizer
        caching_device = self._caching_device if caching_device is None else caching_device
        partitioner = self._partitioner if partitioner is None else partitioner
        custom_getter = self._custom_getter if custom_getter is None else custom_getter
        reuse = self._reuse if reuse is None else reuse
        use_resource = self._use_resource if use_resource is None else use_resource
        full_name = self.name + "/" + name if self.name else name
        graph = get_default_graph()
        with graph.name_scope(None):  # a variable's name depends on the variable scope only
            if dtype is not None and initializer is not None and not callable(initializer):
                init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                if init_dtype != dtypes.as_dtype(dtype).base_dtype:
                    raise ValueError(f"Initializer type '{init_dtype.name}' and explicit dtype "
                                     f"'{dtypes.as_dtype(dtype).name}' don't match.")
            initializer = self._initializer if initializer is None else initializer
            constraint = self._constraint if constraint is None else constraint
            dtype = self._dtype if dtype is None else dtype
            return var_store.get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                reuse=reuse, trainable=trainable, collections=collections, caching_device=caching_device,
                partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
                custom_getter=custom_getter, constraint=constraint, synchronization=synchronization,
                aggregation=aggregation)

    def _get_partitioned_variable(self, var_store, name, shape=None, dtype=None, initializer=None,
                                  regularizer=None, trainable=None, collections=None, caching_device=None,
                                  partitioner=None, validate_shape=True, use_resource=None, constraint=None,
                                  synchronization=None, aggregation=None):
        """The PartitionedVariable `name` of this scope (the scope's own name when `name` is empty), as
        create_partitioned_variables asks for it."""
        partitioner = self._partitioner if partitioner is None else partitioner
        if self._custom_getter is not None:
            raise ValueError(f"Private access to _get_partitioned_variable is not allowed when a custom getter is "
                             f"set.  Current custom getter: {self._custom_getter}.  It is likely that you're using "
                             f"create_partitioned_variables.  If so, consider instead using get_variable with a "
                             f"non-empty partitioner parameter instead.")
        if partitioner is None:
            raise ValueError("No partitioner was specified")
        full_name = "/".join(n for n in (self.name, name) if n)
        dtype = dtypes.as_dtype(self._dtype if dtype is None else dtype)
        initializer = self._initializer if initializer is None else initializer
        with get_default_graph().name_scope(None):
            return var_store.get_variable(
                full_name, shape=shape, dtype=dtype, initializer=initializer,
                regularizer=self._regularizer if regularizer is None else regularizer, reuse=self.reuse,
                trainable=trainable, collections=collections,
                caching_device=self._caching_device if caching_device is None else caching_device,
                partitioner=partitioner, validate_shape=validate_shape,
                constraint=self._constraint if constraint is None else constraint, synchronization=synchronization,
                aggregation=aggregation)

    def __repr__(self):
        return f"<VariableScope '{self._name}' reuse={self._reuse}>"


def _maybe_wrap_custom_getter(custom_getter, old_getter):
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)
    return wrapped_custom_getter


_SETTINGS = ("initializer", "regularizer", "caching_device", "partitioner", "dtype", "use_resource", "constraint")


class _pure_variable_scope:  # noqa: N801 - TF's name
    """Enters a VariableScope without touching the name scope."""

    def __init__(self, name_or_scope, reuse=None, old_name_scope=None, custom_getter=None, **settings):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        self._old_name_scope = old_name_scope
        self._custom_getter = custom_getter
        self._settings = {k: v for k, v in settings.items() if v is not None}
        self._store = get_variable_scope_store()
        self._last = None

    def _apply(self, scope, inherited_getter):
        for key, value in self._settings.items():
            getattr(scope, "set_" + key)(value)
        if self._custom_getter is not None:
            scope.set_custom_getter(_maybe_wrap_custom_getter(self._custom_getter, inherited_getter))
        return scope

    def __enter__(self):
        self._old = self._store.current_scope
        if isinstance(self._name_or_scope, VariableScope):
            src = self._name_or_scope
            self._new_name = src.name
            self._store.open_variable_scope(self._new_name)
            self._old_subscopes = copy.copy(self._store.variable_scopes_count)
            scope = VariableScope(src.reuse if not self._reuse else self._reuse, name=src.name,
                                  custom_getter=src.custom_getter, name_scope=src.original_name_scope,
                                  **{k: getattr(src, k) for k in _SETTINGS})
            scope = self._apply(scope, src.custom_getter)
        else:
            old = self._old
            self._new_name = old.name + "/" + self._name_or_scope if old.name else self._name_or_scope
            reuse = self._reuse or old.reuse  # reuse is inherited by sub-scopes
            name_scope = self._name_or_scope if self._old_name_scope is None else self._old_name_scope
            scope = VariableScope(reuse, name=self._new_name, custom_getter=old.custom_getter,
                                  name_scope=name_scope, **{k: getattr(old, k) for k in _SETTINGS})
            scope = self._apply(scope, old.custom_getter)
            self._store.open_variable_scope(self._new_name)
        self._store.current_scope = self._last = scope
        return scope

    def __exit__(self, exc_type, exc_value, tb):
        if self._store.current_scope is not self._last:
            raise RuntimeError("Improper nesting of variable_scope.")
        if isinstance(self._name_or_scope, VariableScope):
            self._store.variable_scopes_count = self._old_subscopes
        else:
            self._store.close_variable_subscopes(self._new_name)
        self._store.current_scope = self._old
        return False


class variable_scope:  # noqa: N801 - TF's name
    """A context manager for defining ops that create variables (tf.variable_scope).

    Opens a name scope (unless `auxiliary_name_scope=False`) and a variable scope named
    `name_or_scope` (a string or a VariableScope), or `default_name` made unique when
    `name_or_scope` is None. `reuse` is True, None/False (inherit) or tf.AUTO_REUSE.

    Raises:
        ValueError: reuse=True without a name_or_scope, or a reuse value of another kind.
        TypeError: neither name_or_scope nor default_name given, or a name of the wrong type.
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None, auxiliary_name_scope=True):
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required")
        if reuse is False:
            reuse = None  # non-inheriting scopes do not exist: False means inherit, as None does
        if not (reuse is True or reuse is None or reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None.")
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError(f"The auxiliary_name_scope must be `True` or `False`, while get "
                            f"{auxiliary_name_scope}")
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values or []
        self._reuse = reuse
        self._auxiliary_name_scope = auxiliary_name_scope
        self._custom_getter = custom_getter
        self._settings = dict(initializer=initializer, regularizer=regularizer, caching_device=caching_device,
                              partitioner=partitioner, dtype=dtype, use_resource=use_resource,
                              constraint=constraint)
        self._stack = None

    def __enter__(self):
        stack = contextlib.ExitStack()
        try:
            scope = self._enter(stack)
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        return scope

    def __exit__(self, exc_type, exc_value, tb):
        stack, self._stack = self._stack, None
        return stack.__exit__(exc_type, exc_value, tb)

    def _pure(self, name_or_scope, old_name_scope=None, reuse=None):
        return _pure_variable_scope(name_or_scope, reuse=reuse, old_name_scope=old_name_scope,
                                    custom_getter=self._custom_getter, **self._settings)

    def _enter(self, stack):
        # a Variable stands for its graph through its ref
        graph = graph_of([getattr(v, "_variable", v) for v in nest.flatten(self._values)])
        stack.enter_context(graph.as_default())
        name_scope_cm = None
        if not self._auxiliary_name_scope:
            current = graph.get_name_scope()
            name_scope_cm = graph.name_scope(current + "/" if current else "")  # re-enter as is
        if self._name_or_scope is not None:
            if not isinstance(self._name_or_scope, (VariableScope, str)):
                raise TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
            is_name = isinstance(self._name_or_scope, str)
            name_scope = self._name_or_scope if is_name else self._name_or_scope.name.split("/")[-1]
            if name_scope or name_scope_cm is not None:
                entered = stack.enter_context(name_scope_cm or graph.name_scope(name_scope))
                old_name_scope = entered if is_name else self._name_or_scope.original_name_scope
                return stack.enter_context(self._pure(self._name_or_scope, old_name_scope, self._reuse))
            return stack.enter_context(self._pure(self._name_or_scope, reuse=self._reuse))  # the root scope
        if self._reuse:
            raise ValueError("reuse=True cannot be used without a name_or_scope")
        entered = stack.enter_context(name_scope_cm or graph.name_scope(self._default_name))
        unique = _get_unique_variable_scope(self._default_name)
        return stack.enter_context(self._pure(unique, entered))


def variable_op_scope(values, name_or_scope, default_name=None, initializer=None, regularizer=None,
                      caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                      use_resource=None, constraint=None):
    """Deprecated TF1 form of variable_scope with `values` first."""
    return variable_scope(name_or_scope, default_name=default_name, values=values, initializer=initializer,
                          regularizer=regularizer, caching_device=caching_device, partitioner=partitioner,
                          custom_getter=custom_getter, reuse=reuse, dtype=dtype, use_resource=use_resource,
                          constraint=constraint)


# ------------------------------------------------------------------ get_variable
def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True, use_resource=None,
                 custom_getter=None, constraint=None, synchronization=None, aggregation=None):
    """Gets an existing variable with these parameters or creates a new one (tf.get_variable).

    The full name is the current variable scope's name + "/" + `name`. With reuse False (the
    default) an existing name is an error; with reuse=True a missing one is; tf.AUTO_REUSE
    creates or reuses. The initializer defaults to the scope's, then glorot_uniform for floats
    and zeros for ints, bools and strings.

    Raises:
        ValueError: reuse violated, shape/dtype mismatch on reuse, a constant initializer with a
            shape, or no fully defined shape for an initializer that needs one.
    """
    return get_variable_scope().get_variable(
        _get_default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections, caching_device=caching_device,
        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
        custom_getter=custom_getter, constraint=constraint, synchronization=synchronization,
        aggregation=aggregation)


def _get_partitioned_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True,
                              collections=None, caching_device=None, partitioner=None, validate_shape=True,
                              use_resource=None, constraint=None, synchronization=None, aggregation=None):
    """The PartitionedVariable `name` in the current variable scope (TF's private helper of the same name)."""
    return get_variable_scope()._get_partitioned_variable(
        _get_default_variable_store(), name, shape=shape, dtype=dtype, initializer=initializer,
        regularizer=regularizer, trainable=trainable, collections=collections, caching_device=caching_device,
        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource, constraint=constraint,
        synchronization=synchronization, aggregation=aggregation)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True,
                       use_resource=None, custom_getter=None, constraint=None, synchronization=None,
                       aggregation=None):
    """get_variable in the LOCAL_VARIABLES collection, not trainable."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                        trainable=trainable, collections=collections, caching_device=caching_device,
                        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint, synchronization=synchronization,
                        aggregation=aggregation)


def no_regularizer(_):
    """A regularizer that adds no loss (tf.no_regularizer)."""
    return None


__all__ = [
    "AUTO_REUSE",
    "VariableScope",
    "get_local_variable",
    "get_variable",
    "get_variable_scope",
    "no_regularizer",
    "variable_op_scope",
    "variable_scope",
]
