"""ResourceVariable: what `use_resource=True` (or `tf.compat.v1.enable_resource_variables()`) builds.

A resource variable is a VarHandleOp `NAME` whose output is a handle; `NAME/Assign` (AssignVariableOp)
initialises it, `NAME/Read/ReadVariableOp` is the snapshot a session fetches, and every `value()`
or conversion to a tensor is a fresh ReadVariableOp, so a read under `control_dependencies([update])`
sees the update. Assignments return an `_UnreadVariable`: the variable as read after the write (TF's
graph-mode result), or the Operation with `read_value=False`.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.default_session import get_default_session
from tfsess.framework.graph import get_default_graph
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.operation import Tensor
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor, op_scope, \
    register_tensor_conversion_function
from tfsess.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tfsess.ops import array_ops, control_flow_ops, resource_variable_ops as rv_ops, stack_ops, variable_creator, \
    variable_scope
from tfsess.ops.state_ops import _SLICE_MASKS
from tfsess.ops.variables import RefVariable, _try_guard_against_uninitialized_dependencies


def is_resource_variable(var) -> bool:
    """Whether `var` is a resource variable (TF's resource_variable_ops.is_resource_variable)."""
    return getattr(var, "_is_resource_variable", False)


class ResourceVariable(RefVariable):
    """A variable held through a resource handle (TF's ResourceVariable); a tf.Variable like the others."""

    _is_resource_variable = True

    def __bool__(self):
        Tensor._disallow(self, "Using a symbolic `tf.Tensor` as a Python `bool`")

    def _init_from_variable_def(self, variable_def, import_scope):
        super()._init_from_variable_def(variable_def, import_scope)
        self._handle = self._variable
        self._dtype = dtypes.as_dtype(self._handle.op.get_attr("dtype")).base_dtype
        declared = self._handle.op.get_attr("shape")
        self._shape = unknown_shape() if declared is None else TensorShape(declared)
        self._cached_value = None
        self._validate_shape = True

    def _build(self, initial_value, validate_shape, caching_device, name, dtype, shape):
        init_from_fn = callable(initial_value)
        graph = get_default_graph()
        with graph.control_dependencies(None), \
                op_scope(name, "Variable", [] if init_from_fn else [initial_value]) as scope:
            graph = get_default_graph()
            handle_name = scope.rstrip("/")
            first_new = len(graph._all_operations())
            with graph.name_scope("Initializer"), graph.device(None):
                if init_from_fn:
                    initial_value = initial_value()
                initial = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
            for op in graph._all_operations()[first_new:]:  # TF's attr scope: made here, colocated with the handle
                op._set_attr("_class", [f"loc:@{handle_name}"])
            if not init_from_fn and control_flow_ops.made_in_control_flow(graph, initial.op):
                raise ValueError(f"The `initial_value` passed to `tf.Variable` {scope} is from inside a control-flow "
                                 f"construct, such as a loop or conditional. When creating a `tf.Variable` inside "
                                 f"a loop or conditional, use a lambda as the `initial_value`.")
            if shape is not None:
                shape = as_shape(shape)
                if not initial.shape.is_compatible_with(shape):
                    raise ValueError(f"In this `tf.Variable` creation, the initial value's shape ({initial.shape}) "
                                     f"is not compatible with the explicitly supplied `shape` argument ({shape}).")
            else:
                shape = initial.shape
            self._initial_value, self._dtype, self._shape = initial, initial.dtype.base_dtype, shape
            self._validate_shape = validate_shape
            self._handle = rv_ops.var_handle_op(self._dtype, shape, shared_name=handle_name, name=scope)
            self._variable = self._handle
            with graph.name_scope("IsInitialized"):
                self._is_initialized_op = rv_ops.var_is_initialized_op(self._handle)
            with graph.name_scope("Assign") as assign_scope, graph.colocate_with(None, ignore_existing=True), \
                    graph.device(self._handle.device):
                guarded = _try_guard_against_uninitialized_dependencies(scope, initial)
                self._initializer_op = rv_ops.assign_variable_op(self._handle, guarded, self._dtype,
                                                                 name=assign_scope)
            with graph.name_scope("Read"):
                with graph.device(self._handle.device):
                    self._snapshot = rv_ops.read_variable_op(self._handle, self._dtype)
                self._cached_value = None
                if caching_device is not None:
                    with graph.colocate_with(None, ignore_existing=True), graph.device(caching_device):
                        self._cached_value = array_ops.identity(self._snapshot)
        return graph

    # ------------------------------------------------------------- what differs from a ref variable
    handle = property(lambda self: self._handle, doc="The VarHandleOp's output (dtype resource).")
    dtype = property(lambda self: self._dtype, doc="The value's dtype (not a ref dtype).")
    shape = property(lambda self: self._shape)
    create = property(lambda self: self._initializer_op, doc="The initializer (TF's name for it).")

    def _value_side(self):
        return self._snapshot

    def _ref(self):
        return self._handle

    def _as_graph_element(self):
        return self._snapshot

    def _read_variable_op(self):
        return rv_ops.read_variable_op(self._handle, self._dtype)

    def value(self):
        """A read of the variable (its caching device's copy when it has one)."""
        if self._cached_value is not None:
            return self._cached_value
        with self.graph.colocate_with(None, ignore_existing=True):
            return self._read_variable_op()

    def read_value(self):
        """A new read `Read/ReadVariableOp` followed by an Identity, in the current scope and dependencies."""
        graph = self.graph
        with graph.name_scope("Read"):
            value = self._read_variable_op()
        return array_ops.identity(value)

    def sparse_read(self, indices, name=None):
        """Rows `indices` of the value (ResourceGather, named `Gather`)."""
        with op_scope(name, "Gather", [indices]) as scope:
            return rv_ops.resource_gather(self._handle, indices, self._dtype, name=scope)

    def is_initialized(self, name=None):
        """A bool scalar: whether the variable has a value (VarIsInitializedOp)."""
        return rv_ops.var_is_initialized_op(self._handle, name=name)

    def initialized_value(self):
        raise NotImplementedError  # TF: "Use Variable.read_value" (resource variables have no initialized_value)

    def eval(self, session=None):
        """The variable's value in `session` (or the default session)."""
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        return self._snapshot.eval(session=session)

    def load(self, value, session=None):
        """Writes `value` into the variable in `session` (or the default session) without new ops."""
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session should be "
                             "established")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    # ------------------------------------------------------------- writes
    def _lazy_read(self, op):
        """The variable as read after `op` (TF's _UnreadVariable; made without the variable creators)."""
        unread = object.__new__(_UnreadVariable)
        unread._follow(self, op)
        return unread

    def _write(self, op, read_value):
        return self._lazy_read(op) if read_value else op

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Writes `value` (AssignVariableOp); returns the variable as read after it, or the op."""
        with op_scope(name, "AssignVariableOp", [self._handle, value]) as scope:
            value = convert_to_tensor(value, dtype=self._dtype, name="value")
            if not self._shape.is_compatible_with(value.shape):
                raise ValueError(f"Cannot assign value to variable ' {self.name} ': Shape mismatch.The variable "
                                 f"shape {self._shape}, and the assigned value shape {value.shape} are incompatible.")
            validate = self._validate_shape and self._shape.is_fully_defined()
            op = rv_ops.assign_variable_op(self._handle, value, self._dtype, validate_shape=validate, name=scope)
        return self._write(op, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """variable += delta (AssignAddVariableOp)."""
        op = rv_ops.update_variable_op("AssignAddVariableOp", self._handle, delta, self._dtype, name=name)
        return self._write(op, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """variable -= delta (AssignSubVariableOp)."""
        op = rv_ops.update_variable_op("AssignSubVariableOp", self._handle, delta, self._dtype, name=name)
        return self._write(op, read_value)

    def _scatter_op(self, op_type, indices, updates, name=None):
        return self._lazy_read(rv_ops.resource_scatter(op_type, self._handle, indices, updates, self._dtype,
                                                       name=name))

    def _scatter(self, op_type, sparse_delta, use_locking=False, name=None):
        if not isinstance(sparse_delta, IndexedSlices):
            raise TypeError(f"sparse_delta is not IndexedSlices: {sparse_delta}")
        return self._scatter_op(op_type, sparse_delta.indices, sparse_delta.values, name)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterUpdate", sparse_delta, use_locking, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterAdd", sparse_delta, use_locking, name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterSub", sparse_delta, use_locking, name)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterMul", sparse_delta, use_locking, name)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterDiv", sparse_delta, use_locking, name)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterMin", sparse_delta, use_locking, name)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter("ResourceScatterMax", sparse_delta, use_locking, name)

    def batch_scatter_update(self, sparse_delta, use_locking=False, name=None):
        """Per-batch scatter_update: `indices[b..., i]` names a row within batch `b...` (ResourceScatterNdUpdate
        over the batch coordinates joined to the indices, as TF's batch_scatter_update).

        Raises:
            ValueError: indices of rank 2 or more whose shape is not static.
        """
        if not isinstance(sparse_delta, IndexedSlices):
            raise TypeError(f"sparse_delta is not IndexedSlices: {sparse_delta}")
        indices = convert_to_tensor(sparse_delta.indices)
        if indices.shape.ndims == 1:
            nd_indices = array_ops.expand_dims(indices, -1)
        elif indices.shape.is_fully_defined():
            dims = indices.shape.as_list()
            batch = np.indices(dims)[:-1].transpose(list(range(1, len(dims) + 1)) + [0])  # b... coordinates
            coords = convert_to_tensor(batch.astype(indices.dtype.as_numpy_dtype))
            nd_indices = stack_ops.concat([coords, array_ops.expand_dims(indices, -1)], -1)
        else:
            raise ValueError(f"batch_scatter_update of {self.name} needs indices of static shape when their rank "
                             f"is not 1, got {indices.shape}")
        return self._scatter_op("ResourceScatterNdUpdate", nd_indices, sparse_delta.values, name)

    def scatter_nd_update(self, indices, updates, name=None):
        return self._scatter_op("ResourceScatterNdUpdate", indices, updates, name)

    def scatter_nd_add(self, indices, updates, name=None):
        return self._scatter_op("ResourceScatterNdAdd", indices, updates, name)

    def scatter_nd_sub(self, indices, updates, name=None):
        return self._scatter_op("ResourceScatterNdSub", indices, updates, name)

    def scatter_nd_max(self, indices, updates, name=None):
        return self._scatter_op("ResourceScatterNdMax", indices, updates, name)

    def scatter_nd_min(self, indices, updates, name=None):
        return self._scatter_op("ResourceScatterNdMin", indices, updates, name)

    def __getitem__(self, slice_spec):
        """A slice of the value; a strided slice also gets `.assign(value)` (ResourceStridedSliceAssign)."""
        sliced = self.value()[slice_spec]
        op = sliced.op
        if op.type == "StridedSlice":
            begin, end, strides = op.inputs[1:4]
            masks = {k: op.get_attr(k) for k in _SLICE_MASKS}

            def assign(value, name=None):
                value = convert_to_tensor(value, dtype=self._dtype, name="value")
                update = apply_op("ResourceStridedSliceAssign", [self._handle, begin, end, strides, value],
                                  dict(masks, T=self._dtype, Index=begin.dtype), name=name or op.name + "/_assign")
                return self._lazy_read(update)
            sliced.assign = assign
        return sliced

    def count_up_to(self, limit):
        """Increments this int variable until `limit`; returns the value before (ResourceCountUpTo)."""
        return apply1("ResourceCountUpTo", [self._handle], {"limit": int(limit), "T": self._dtype},
                      name="ResourceCountUpTo")

    def set_shape(self, shape):
        self._shape = self._shape.merge_with(shape)
        self._snapshot.set_shape(shape)

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.get_shape()} dtype={self.dtype.name}>"

    # TF raises for `v += 1` on a resource variable (assign_add is the way to write)
    def __iadd__(self, other):
        raise RuntimeError("`variable += value` with `tf.Variable`s is not supported. Use "
                           "`variable.assign_add(value)` to modify the variable, or `out = variable + value` if you "
                           "need to get a new output Tensor.")

    def __isub__(self, other):
        raise RuntimeError("`variable -= value` with `tf.Variable`s is not supported. Use "
                           "`variable.assign_sub(value)` to modify the variable, or `out = variable * value` if you "
                           "need to get a new output Tensor.")


class _UnreadVariable(ResourceVariable):
    """The variable as read after an update op (TF's _UnreadVariable): reads wait on the op."""

    def _follow(self, parent, parent_op):
        self.__dict__.update(parent.__dict__)
        self._parent_op = parent_op
        with self.graph.control_dependencies([parent_op]):
            self._snapshot = self._read_variable_op()
        self._cached_value = None

    name = property(lambda self: self._parent_op.name)
    op = property(lambda self: self._parent_op)

    def value(self):
        return self._read_variable_op()

    def _read_variable_op(self):
        with self.graph.control_dependencies([self._parent_op]):
            return rv_ops.read_variable_op(self._handle, self._dtype)

    def read_value(self):
        return self._read_variable_op()

    def _after(self, method, *args, **kwargs):
        with self.graph.control_dependencies([self._parent_op]):
            return getattr(ResourceVariable, method)(self, *args, **kwargs)

    def assign(self, *args, **kwargs):
        return self._after("assign", *args, **kwargs)

    def assign_add(self, *args, **kwargs):
        return self._after("assign_add", *args, **kwargs)

    def assign_sub(self, *args, **kwargs):
        return self._after("assign_sub", *args, **kwargs)

    def _scatter_op(self, *args, **kwargs):
        return self._after("_scatter_op", *args, **kwargs)


# ------------------------------------------------------------------ which class tf.Variable(...) builds
def _variable_class(kwargs):
    """The class a V1 tf.Variable(...) builds: a VariableDef's kind; else an explicit use_resource, the
    variable scope's, or the default (TF's default_variable_creator)."""
    if kwargs.get("variable_def") is not None:
        return ResourceVariable if getattr(kwargs["variable_def"], "is_resource", False) else RefVariable
    use_resource = kwargs.get("use_resource")
    if use_resource is None:
        use_resource = variable_scope.get_variable_scope().use_resource
    if use_resource is None:
        use_resource = variable_creator.resource_variables_enabled()
    return ResourceVariable if use_resource else RefVariable


def _dense_var_to_tensor(v, dtype=None, name=None, as_ref=False):
    if dtype is not None and not dtype.is_compatible_with(v.dtype):
        raise ValueError(f"Incompatible type conversion requested to type {dtype.name} for `tf.Variable of type "
                         f"{v.dtype.name}. (Variable: {v})")
    return v._handle if as_ref else v.value()


variable_creator.register_v1_dispatch(RefVariable, _variable_class)
register_tensor_conversion_function(ResourceVariable, _dense_var_to_tensor, priority=90)

__all__ = []
