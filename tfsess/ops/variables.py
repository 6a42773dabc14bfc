"""tf.Variable (TF1's ref variable) and the initializer helpers."""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor, op_scope, register_tensor_conversion_function
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, control_flow_ops, state_ops


class GraphKeys:
    """Standard collection names (tf.GraphKeys)."""

    GLOBAL_VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    MODEL_VARIABLES = "model_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    GLOBAL_STEP = "global_step"
    QUEUE_RUNNERS = "queue_runners"
    SAVERS = "savers"
    SUMMARIES = "summaries"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    REGULARIZATION_LOSSES = "regularization_losses"
    TRAIN_OP = "train_op"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    ASSET_FILEPATHS = "asset_filepaths"
    CONCATENATED_VARIABLES = "concatenated_variables"
    VARIABLES = GLOBAL_VARIABLES


class Variable:
    """A variable whose value lives in each session (TF1's RefVariable)."""

    def __init__(self, initial_value=None, trainable=True, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if collections is None:
            collections = [GraphKeys.GLOBAL_VARIABLES]
        if not isinstance(collections, (list, tuple, set)):
            raise ValueError(f"collections argument to Variable constructor must be a list, tuple, or set. "
                             f"Got {collections} of type {type(collections)}")
        collections = list(collections)
        if trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections.append(GraphKeys.TRAINABLE_VARIABLES)
        values = [] if callable(initial_value) else [initial_value]
        with op_scope(name, "Variable", values) as scope:
            graph = get_default_graph()
            if callable(initial_value):
                with graph.name_scope("Initializer"):
                    initial_value = initial_value()
            self._initial_value = convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
            var_shape = self._initial_value.shape
            if shape is not None:
                var_shape = var_shape.merge_with(shape) if validate_shape else TensorShape(shape)
            elif not validate_shape:
                var_shape = TensorShape(None)
            with graph.colocate_with(None):
                self._variable = state_ops.variable_op_v2(var_shape, self._initial_value.dtype.base_dtype,
                                                          name=scope)
            if validate_shape and not var_shape.is_fully_defined():
                raise ValueError(f"initial_value must have a shape specified: {self._initial_value}")
            with graph.colocate_with(self._variable.op):
                self._initializer_op = state_ops.assign(self._variable, self._initial_value,
                                                        validate_shape=validate_shape, name="Assign").op
                with graph.name_scope(self._variable.op.name + "/"):
                    self._snapshot = array_ops.identity(self._variable, name="read")
        self._trainable = trainable
        self._constraint = constraint
        self._save_slice_info = None
        self._caching_device = caching_device
        graph.add_to_collections(collections, self)

    # ------------------------------------------------------------- TF1 properties
    name = property(lambda self: self._variable.name)
    op = property(lambda self: self._variable.op)
    graph = property(lambda self: self._variable.graph)
    device = property(lambda self: self._variable.device)
    dtype = property(lambda self: self._variable.dtype)
    initializer = property(lambda self: self._initializer_op)
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)
    shape = property(lambda self: self._variable.shape)

    def get_shape(self):
        return self._variable.shape

    def _ref(self):
        return self._variable

    def _as_graph_element(self):
        return self._variable

    def value(self):
        """The snapshot `name/read` of this variable's value."""
        return self._snapshot

    def read_value(self):
        """A new read of the variable's value in the current scope."""
        return array_ops.identity(self._variable, name="read")

    def eval(self, session=None):
        return self._variable.eval(session=session)

    def assign(self, value, use_locking=False, name=None, read_value=True):
        return state_ops.assign(self._variable, value, use_locking=use_locking, name=name)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)

    def load(self, value, session=None):
        """Writes `value` into the variable in `session` (or the default session) without new ops."""
        from tfsess.client.session import get_default_session
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session should be "
                             "established")
        session.run(self._initializer_op, {self._initial_value: value})

    def set_shape(self, shape):
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    def __repr__(self):
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"

    __hash__ = object.__hash__

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    def __bool__(self):
        raise TypeError("Using a `tf.Variable` as a Python `bool` is not allowed.")


def _delegate(name):
    def method(self, *args):
        return getattr(self.value(), name)(*args)
    method.__name__ = name
    return method


for _op in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
            "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__",
            "__matmul__", "__rmatmul__", "__neg__", "__abs__", "__invert__", "__and__", "__rand__",
            "__or__", "__ror__", "__xor__", "__rxor__", "__lt__", "__le__", "__gt__", "__ge__", "__getitem__"):
    setattr(Variable, _op, _delegate(_op))


def _variable_to_tensor(v, dtype=None, name=None, as_ref=False):
    return v._ref() if as_ref else v.value()


register_tensor_conversion_function(Variable, _variable_to_tensor)
RefVariable = Variable
VariableV1 = Variable


# ----------------------------------------------------------------- collections and initializers
def global_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def trainable_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def model_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    """An op that runs the initializers of `var_list` (a no_op when it is empty)."""
    if var_list:
        return control_flow_ops.group(*[v.initializer for v in var_list], name=name)
    return control_flow_ops.no_op(name=name)


def global_variables_initializer():
    return variables_initializer(global_variables())


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init")


def initialize_all_variables():
    return global_variables_initializer()


def initialize_local_variables():
    return local_variables_initializer()

__all__ = [
    "GraphKeys",
    "Variable",
    "global_variables",
    "global_variables_initializer",
    "initialize_all_variables",
    "initialize_local_variables",
    "local_variables",
    "local_variables_initializer",
    "model_variables",
    "trainable_variables",
    "variables_initializer",
]
