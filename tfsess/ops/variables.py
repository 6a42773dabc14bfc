"""tf.Variable (TF1's ref variable), the variable collections and the initializer helpers."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.default_session import get_default_session
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor, op_scope, \
    register_tensor_conversion_function
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, control_flow_ops, stack_ops, state_ops, variable_creator
from tfsess.ops.cond_ops import cond
from tfsess.ops.constant_op import constant
from tfsess.ops.save_slice_info import SaveSliceInfo
from tfsess.ops.variable_sync import VariableAggregation, VariableSynchronization, _validate_trainable


class GraphKeys:
    """Standard collection names (tf.GraphKeys)."""

    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    GLOBAL_STEP = "global_step"
    QUEUE_RUNNERS = "queue_runners"
    SAVERS = "savers"
    SUMMARIES = "summaries"
    SUMMARY_OP = "summary_op"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    REGULARIZATION_LOSSES = "regularization_losses"
    TABLE_INITIALIZERS = "table_initializer"
    TRAIN_OP = "train_op"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    ASSET_FILEPATHS = "asset_filepaths"
    CONCATENATED_VARIABLES = "concatenated_variables"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    EVAL_STEP = "eval_step"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"
    VARIABLES = GLOBAL_VARIABLES


class RefVariable(metaclass=variable_creator.VariableMetaclass):
    """A variable whose value lives in each session (TF1's RefVariable, the class of `tf.Variable(...)`).

    Its `dtype` is the ref dtype (`float32_ref`, with `base_dtype` float32); its ops are
    `NAME` (VariableV2), `NAME/Assign` (the initializer), `NAME/read` (the snapshot).
    """
    # what variable creators see for arguments the caller left out (TF's VariableMetaclass defaults)
    _creator_defaults = {"synchronization": VariableSynchronization.AUTO, "aggregation": VariableAggregation.NONE}


    __array_priority__ = 100
    SaveSliceInfo = SaveSliceInfo

    def __init__(self, initial_value=None, trainable=None, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        if variable_def is not None:
            if initial_value is not None:
                raise ValueError("variable_def and initial_value are mutually exclusive.")
            self._init_from_variable_def(variable_def, import_scope)
            return
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError(f"collections argument to Variable constructor must be a list, tuple, or set. "
                             f"Got {collections} of type {type(collections)}")
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        self._synchronization, self._aggregation, self._trainable = _validate_trainable(
            synchronization, aggregation, trainable, name)
        collections = list(collections)
        if self._trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        graph = self._build(initial_value, validate_shape, caching_device, name, dtype, shape)
        self._caching_device = caching_device
        self._constraint = constraint
        self._save_slice_info = None
        graph.add_to_collections(collections, self)

    def _init_from_variable_def(self, variable_def, import_scope):
        """Wraps the existing ops a VariableDef message names, under `import_scope` (TF's from_proto)."""
        graph = get_default_graph()

        def element(name):
            return graph.as_graph_element(f"{import_scope}/{name}" if import_scope else name) if name else None
        self._variable = element(variable_def.variable_name)
        self._initializer_op = element(variable_def.initializer_name)
        self._snapshot = element(variable_def.snapshot_name)
        self._initial_value = element(variable_def.initial_value_name)
        self._synchronization = VariableSynchronization(variable_def.synchronization)
        self._aggregation = VariableAggregation(variable_def.aggregation)
        self._trainable = bool(variable_def.trainable)
        self._caching_device = None
        self._constraint = None
        self._save_slice_info = SaveSliceInfo(save_slice_info_def=variable_def.save_slice_info_def,
                                              import_scope=import_scope) \
            if variable_def.HasField("save_slice_info_def") else None

    def _build(self, initial_value, validate_shape, caching_device, name, dtype, shape):
        init_from_fn = callable(initial_value)
        with op_scope(name, "Variable", [] if init_from_fn else [initial_value]) as scope:
            graph = get_default_graph()
            if not init_from_fn and isinstance(initial_value, Tensor) \
                    and control_flow_ops.made_in_control_flow(graph, initial_value.op):
                raise ValueError(f"Initializer for variable {scope} is from inside a control-flow construct, such "
                                 "as a loop or conditional. When creating a variable inside a loop or "
                                 "conditional, use a lambda as the initializer.")
            # TF's init_scope: the variable's ops never wait on the caller's control dependencies
            with graph.control_dependencies(None):
                if init_from_fn:
                    with graph.name_scope("Initializer"), graph.device(None):
                        initial_value = initial_value()
                        self._initial_value = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
                else:
                    self._initial_value = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
                if shape is None:
                    shape = self._initial_value.shape if validate_shape else unknown_shape()
                self._variable = state_ops.variable_op_v2(shape, self._initial_value.dtype.base_dtype, name=scope)
                if validate_shape and not self._initial_value.shape.is_fully_defined():
                    raise ValueError(f"initial_value must have a shape specified: {self._initial_value}")
                guarded = _try_guard_against_uninitialized_dependencies(scope, self._initial_value)
                with graph.colocate_with(self._variable.op):
                    self._initializer_op = state_ops.assign(self._variable, guarded,
                                                            validate_shape=validate_shape, name="Assign").op
                device = graph.device(caching_device) if caching_device is not None \
                    else graph.colocate_with(self._variable.op)
                with device:
                    self._snapshot = array_ops.identity(self._variable, name="read")
        return graph

    # ------------------------------------------------------------- TF1 properties
    name = property(lambda self: self._variable.name, doc="The variable's name, `op_name:0`.")
    op = property(lambda self: self._variable.op)
    graph = property(lambda self: self._variable.graph)
    device = property(lambda self: self._variable.device)
    dtype = property(lambda self: self._value_side().dtype, doc="The ref dtype, e.g. float32_ref.")
    initializer = property(lambda self: self._initializer_op, doc="The op that assigns the initial value.")
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)
    synchronization = property(lambda self: self._synchronization)
    aggregation = property(lambda self: self._aggregation)
    shape = property(lambda self: self._value_side().shape)
    _in_graph_mode = True

    def get_shape(self):
        return self.shape

    def _set_save_slice_info(self, save_slice_info):
        self._save_slice_info = save_slice_info  # this variable is a part of a partitioned one

    def _get_save_slice_info(self):
        return self._save_slice_info

    def _value_side(self):
        """The tensor whose dtype and shape are the variable's: its handle's are not (a resource variable
        imported from TF's VariableDef), so those come from its snapshot."""
        if self._variable.dtype == dtypes.resource and self._snapshot is not None:
            return self._snapshot
        return self._variable

    def _ref(self):
        return self._variable

    def _as_graph_element(self):
        return self._value_side()

    def ref(self):
        """A hashable reference to this variable (the variable itself: it hashes by identity)."""
        return self

    def deref(self):
        return self

    def value(self):
        """The snapshot `NAME/read` of this variable's value."""
        return self._snapshot

    def read_value(self):
        """A new read of the variable's value, made in the current scope and control dependencies."""
        return array_ops.identity(self._variable, name="read")

    def initialized_value(self):
        """The variable's value if it is initialised, else its initial value (computed, not stored).

        TF's cond(is_variable_initialized, read_value, initial_value), built outside the caller's
        control dependencies and control-flow contexts.
        """
        graph = self.graph
        with graph.as_default(), graph.control_dependencies(None):
            return cond(state_ops.is_variable_initialized(self), self.read_value, lambda: self._initial_value)

    def eval(self, session=None):
        """The variable's value in `session` (or the default session)."""
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        return self._variable.eval(session=session)

    def assign(self, value, use_locking=False, name=None, read_value=True):
        out = state_ops.assign(self._variable, value, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        out = state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        out = state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return out if read_value else out.op

    def _scatter(self, fn, sparse_delta, use_locking, name):
        if not (hasattr(sparse_delta, "indices") and hasattr(sparse_delta, "values")):
            raise TypeError(f"sparse_delta is not IndexedSlices: {sparse_delta}")
        return fn(self._variable, sparse_delta.indices, sparse_delta.values, use_locking=use_locking, name=name)

    def scatter_update(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_update, sparse_delta, use_locking, name)

    def scatter_add(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_add, sparse_delta, use_locking, name)

    def scatter_sub(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_sub, sparse_delta, use_locking, name)

    def scatter_mul(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_mul, sparse_delta, use_locking, name)

    def scatter_div(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_div, sparse_delta, use_locking, name)

    def scatter_min(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_min, sparse_delta, use_locking, name)

    def scatter_max(self, sparse_delta, use_locking=False, name=None):
        return self._scatter(state_ops.scatter_max, sparse_delta, use_locking, name)

    def scatter_nd_update(self, indices, updates, name=None):
        return state_ops.scatter_nd_update(self._variable, indices, updates, use_locking=True, name=name)

    def scatter_nd_add(self, indices, updates, name=None):
        return state_ops.scatter_nd_add(self._variable, indices, updates, use_locking=True, name=name)

    def scatter_nd_sub(self, indices, updates, name=None):
        return state_ops.scatter_nd_sub(self._variable, indices, updates, use_locking=True, name=name)

    def __getitem__(self, slice_spec):
        """A slice of the value; a strided slice also gets `.assign(value)` writing into the variable."""
        sliced = self.value()[slice_spec]
        op = sliced.op
        if op.type == "StridedSlice":
            begin, end, strides = op.inputs[1:4]
            masks = {k: op.get_attr(k) for k in state_ops._SLICE_MASKS}

            def assign(value, name=None):
                return state_ops.strided_slice_assign(self._variable, begin, end, strides, value,
                                                      name=name or op.name + "/_assign", **masks)
            sliced.assign = assign
        return sliced

    def count_up_to(self, limit):
        """Increments this int variable until `limit`; returns the value before (OutOfRangeError after)."""
        return state_ops.count_up_to(self._variable, limit=limit)

    def load(self, value, session=None):
        """Writes `value` into the variable in `session` (or the default session) without new ops.

        Raises:
            ValueError: no session, or `value` does not fit the variable's shape.
        """
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session should be "
                             "established")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    def set_shape(self, shape):
        """Overrides the static shape of the variable and of its snapshot."""
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.get_shape()} dtype={self.dtype.name}>"

    __hash__ = object.__hash__

    def __iter__(self):
        Tensor._disallow(self, "Iterating over a symbolic `tf.Tensor`")

    def __bool__(self):
        return True  # TF's RefVariable defines no __bool__: any ref variable is true (a resource one refuses)

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(f"Cannot convert a symbolic tf.Variable ({self.name}) to a numpy array.")

    def __reduce__(self):
        raise TypeError("Variables cannot be pickled; save them with tf.train.Saver.")

    # TF1 logs a deprecation warning and returns a new tensor: `v += 1` rebinds `v`, never assigns.
    def __iadd__(self, other):
        return self + other

    def __isub__(self, other):
        return self - other

    def __imul__(self, other):
        return self * other

    def __itruediv__(self, other):
        return self / other

    def __ipow__(self, other):
        return self ** other


def _delegate(name):
    def method(self, *args):
        return getattr(self.value(), name)(*args)
    method.__name__ = name
    return method


for _op in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
            "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__",
            "__matmul__", "__rmatmul__", "__neg__", "__abs__", "__invert__", "__and__", "__rand__",
            "__or__", "__ror__", "__xor__", "__rxor__", "__lt__", "__le__", "__gt__", "__ge__", "__div__",
            "__rdiv__"):
    setattr(RefVariable, _op, _delegate(_op))


def _variable_to_tensor(v, dtype=None, name=None, as_ref=False):
    if dtype is not None and not dtype.is_compatible_with(v.dtype):
        raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' for variable of type "
                         f"'{v.dtype.name}'")
    return v._ref() if as_ref else v.value()


Variable = RefVariable  # TF's instances are RefVariable objects (type(v).__name__)
register_tensor_conversion_function(Variable, _variable_to_tensor)
VariableV1 = Variable


# ----------------------------------------------------------------- initial values that read variables
def _try_guard_against_uninitialized_dependencies(name, initial_value):
    """`initial_value` with every read of a variable replaced by its `initialized_value()`.

    So `Variable(w + 1)` initialises whatever order initializers run in (TF's rule). The ops on
    the way from `initial_value` to a variable are copied as `OPNAME_VARNAME`.
    """
    if not isinstance(initial_value, Tensor):
        raise TypeError(f"initial_value needs to be a Tensor: {initial_value}")
    order = _upstream_order(initial_value.op)
    if order is None:  # a cycle (a loop): left as it is, as TF does
        return initial_value
    replaced = {}
    for op in order:
        replaced[op] = _safe_op(name, op, replaced)
    return replaced[initial_value.op].outputs[initial_value.value_index]


def _upstream_order(root):
    """The ops `root` reads through data inputs, inputs first; None if they form a cycle."""
    state, order, stack = {root: 1}, [], [(root, iter(root.inputs))]
    while stack:
        op, inputs = stack[-1]
        for t in inputs:
            seen = state.get(t.op)
            if seen == 1:
                return None
            if seen is None:
                state[t.op] = 1
                stack.append((t.op, iter(t.op.inputs)))
                break
        else:
            stack.pop()
            state[op] = 2
            order.append(op)
    return order


_NEVER_COPIED = ("IsVariableInitialized", "VarIsInitializedOp", "ReadVariableOp", "While", "If")


def _safe_op(name, op, replaced):
    opdef = op._opdef
    if op.type in _NEVER_COPIED or opdef.emits_dead or opdef.accepts_dead:
        return op
    if state_ops.is_variable_op(op):
        value = _initialized_value_of(op)
        return op if value is None else value.op
    new_inputs = [replaced[t.op].outputs[t.value_index] for t in op.inputs]
    if all(a is b for a, b in zip(new_inputs, op.inputs)):
        return op
    new_name = (op.name + "_" + name).replace(":", "_")
    if not new_name.endswith("/"):
        new_name += "/"  # used exactly, as TF's create_op does with a scope-like name
    return apply_op(op.type, new_inputs, dict(op._attrs), name=new_name, graph=op.graph)


def _initialized_value_of(variable_op):
    names = (variable_op.name, variable_op.name + ":0")
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES):
        for var in variable_op.graph.get_collection(key):
            if getattr(var, "name", None) in names and hasattr(var, "initialized_value"):
                return var.initialized_value()
    return None


# ----------------------------------------------------------------- collections
def global_variables(scope=None):
    """The variables in the GLOBAL_VARIABLES collection, optionally filtered by name regex `scope`."""
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def all_variables():
    return global_variables()


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def trainable_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def model_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


# ----------------------------------------------------------------- initializers
def tables_initializer(name="init_all_tables"):
    """An op that runs every table initializer of the graph (a no_op when there is none)."""
    initializers = get_default_graph().get_collection(GraphKeys.TABLE_INITIALIZERS)
    if initializers:
        return control_flow_ops.group(*initializers, name=name)
    return control_flow_ops.no_op(name=name)


def variables_initializer(var_list, name="init"):
    """An op that runs the initializers of `var_list` (a no_op when it is empty)."""
    if var_list:
        return control_flow_ops.group(*[v.initializer for v in var_list], name=name)
    return control_flow_ops.no_op(name=name)


def initialize_variables(var_list, name="init"):
    return variables_initializer(var_list, name=name)


def global_variables_initializer():
    """An op that initialises every global variable (tf.global_variables_initializer)."""
    return variables_initializer(global_variables())


def local_variables_initializer():
    """An op that initialises every local variable (tf.local_variables_initializer)."""
    return variables_initializer(local_variables())


def initialize_all_variables():
    return global_variables_initializer()


def initialize_local_variables():
    return local_variables_initializer()


def _default_var_list():
    var_list = global_variables() + local_variables()
    if not var_list:
        var_list = [op.outputs[0] for op in get_default_graph().get_operations() if state_ops.is_variable_op(op)]
    return var_list


@register_op("UninitializedVariableNames", infer=lambda i, a: [(dtypes.string, TensorShape([None]))],
             no_gradient=True)
def _uninitialized_variable_names(xp, *initialized, names):
    return np.array([n.encode() for n, ok in zip(names, initialized) if not ok], dtype=object).reshape(-1)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor: the names of the variables of `var_list` not initialised yet.

    `var_list` defaults to the global and local variables (or every variable op of the graph).
    """
    if var_list is None:
        var_list = _default_var_list()
    graph = get_default_graph()
    with graph.name_scope(name):
        if not var_list:
            return constant(np.zeros([0], dtype=object), dtype=dtypes.string)
        flags = [state_ops.is_variable_initialized(v) for v in var_list]
        names = [v.op.name for v in var_list]
        # TF's result is boolean_mask(names, not initialized): its last op is boolean_mask/GatherV2
        with graph.name_scope("boolean_mask"):
            return apply1("UninitializedVariableNames", flags, {"names": names}, name="GatherV2")


def assert_variables_initialized(var_list=None):
    """A tensor that fails with FailedPreconditionError when run while a variable is uninitialised.

    Returns None when there are no variables (as TF does).
    """
    if var_list is None:
        var_list = _default_var_list()
    if not var_list:
        return None
    graph = get_default_graph()
    ranks = []
    for var in var_list:
        with graph.colocate_with(var.op):  # a Rank op that reads the value (TF's optimize=False)
            ranks.append(apply1("Rank", [convert_to_tensor(var)], name="Rank"))
    if len(ranks) == 1:
        return ranks[0]
    return stack_ops.stack(ranks)


def is_variable_initialized(variable):
    """A bool scalar tensor: whether `variable` has a value in the running session."""
    return state_ops.is_variable_initialized(variable)


__all__ = [
    "GraphKeys",
    "Variable",
    "VariableAggregation",
    "VariableSynchronization",
    "all_variables",
    "assert_variables_initialized",
    "global_variables",
    "global_variables_initializer",
    "initialize_all_variables",
    "initialize_local_variables",
    "initialize_variables",
    "is_variable_initialized",
    "local_variables",
    "local_variables_initializer",
    "model_variables",
    "moving_average_variables",
    "report_uninitialized_variables",
    "trainable_variables",
    "variables_initializer",
]
