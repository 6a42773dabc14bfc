"""tf.keras.backend in graph mode: the Keras session, the learning phase, per-graph layer names,
and the small tensor helpers Keras programs call (placeholder, variable, eval, get_value, ...).

As legacy Keras does in TF1 graph mode: `get_session()` is the default session when one is
active, else one global session on the default graph; before returning it, it initializes the
variables Keras made that are not yet initialized, so `Dense(3)(x)` then `get_session().run(y)`
works without an explicit initializer.
"""
from __future__ import annotations

import weakref

import numpy as np

from tfsess.client.session import Session
from tfsess.framework import dtypes
from tfsess.framework.default_session import get_default_session
from tfsess.framework.graph import get_default_graph, reset_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import constant_op, state_ops, variables

_FLOATX = "float32"
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"

_SESSION = None
_MANUAL_SESSION = None
# Per graph: the name uids of layers/models, the learning-phase placeholder, the variables Keras made
# (for get_session's initialization) and a value the user set with set_learning_phase.
_NAME_UIDS = weakref.WeakKeyDictionary()
_LEARNING_PHASE = weakref.WeakKeyDictionary()
_FIXED_PHASE = weakref.WeakKeyDictionary()
_GRAPH_VARIABLES = weakref.WeakKeyDictionary()


def floatx():
    """The default float type name ('float32')."""
    return _FLOATX


def set_floatx(value):
    global _FLOATX
    if value not in {"float16", "float32", "float64"}:
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of {{'float16', 'float32', 'float64'}}")
    _FLOATX = str(value)


def epsilon():
    """The fuzz factor Keras adds to denominators (1e-7)."""
    return _EPSILON


def set_epsilon(value):
    global _EPSILON
    _EPSILON = float(value)


def image_data_format():
    return _IMAGE_DATA_FORMAT


def set_image_data_format(data_format):
    global _IMAGE_DATA_FORMAT
    if data_format not in {"channels_last", "channels_first"}:
        raise ValueError(f"The `data_format` argument must be one of {{'channels_first', 'channels_last'}}. "
                         f"Received: data_format={data_format}")
    _IMAGE_DATA_FORMAT = str(data_format)


def get_uid(prefix=""):
    """The next uid of `prefix` in the default graph: 1, 2, ... (TF's backend.get_uid)."""
    uids = _NAME_UIDS.setdefault(get_default_graph(), {})
    uids[prefix] = uids.get(prefix, 0) + 1
    return uids[prefix]


def unique_object_name(name, zero_based=True):
    """`name`, then `name_1`, `name_2`, ... per graph (the names of Keras layers and models)."""
    uid = get_uid(name)
    if zero_based:
        uid -= 1
    return name if uid == 0 else f"{name}_{uid}"


def reset_uids():
    _NAME_UIDS.pop(get_default_graph(), None)


# ---------------------------------------------------------------------------- learning phase
def learning_phase():
    """The learning phase: a fixed 0/1 set by set_learning_phase, else the graph's bool placeholder
    `keras_learning_phase` (default False; fit feeds True)."""
    graph = get_default_graph()
    if graph in _FIXED_PHASE:
        return _FIXED_PHASE[graph]
    if graph not in _LEARNING_PHASE:
        with graph.name_scope(""):
            _LEARNING_PHASE[graph] = constant_op.placeholder_with_default(False, shape=(), name="keras_learning_phase")
    return _LEARNING_PHASE[graph]


def symbolic_learning_phase():
    """The learning-phase placeholder, even when a fixed phase is set."""
    graph = get_default_graph()
    if graph not in _LEARNING_PHASE:
        with graph.name_scope(""):
            _LEARNING_PHASE[graph] = constant_op.placeholder_with_default(False, shape=(), name="keras_learning_phase")
    return _LEARNING_PHASE[graph]


def set_learning_phase(value):
    """Fixes the learning phase to 0 (test) or 1 (train) for the layers built from now on."""
    if value not in {0, 1}:
        raise ValueError("Expected learning phase to be 0 or 1.")
    _FIXED_PHASE[get_default_graph()] = int(value)


def clear_session():
    """Forgets the Keras session and starts a new default graph (names count from `dense` again)."""
    global _SESSION
    if _SESSION is not None:
        _SESSION.close()
    _SESSION = None
    reset_default_graph()
    reset_uids()
    learning_phase()  # the new graph starts with its learning-phase placeholder, as Keras's does


# ---------------------------------------------------------------------------- the session
def track_variable(variable):
    """Remembers a variable Keras made, for get_session to initialize."""
    _GRAPH_VARIABLES.setdefault(variable.graph, []).append(variable)


def _initialize_variables(session):
    pending = [v for v in _GRAPH_VARIABLES.get(session.graph, []) if not getattr(v, "_keras_initialized", False)]
    if not pending:
        return
    flags = session.run([state_ops.is_variable_initialized(v) for v in pending])
    missing = [v for v, done in zip(pending, flags) if not done]
    for v in pending:
        v._keras_initialized = True
    if missing:
        session.run(variables.variables_initializer(missing))


def get_session(op_input_list=()):
    """The session Keras runs in (the default one, else a global one), its Keras variables initialized."""
    global _SESSION
    session = get_default_session()
    if session is None:
        session = _MANUAL_SESSION
    if session is None or session._closed:
        graph = get_default_graph()
        if _SESSION is None or _SESSION._closed or _SESSION.graph is not graph:
            _SESSION = Session(graph=graph)
        session = _SESSION
    _initialize_variables(session)
    return session


def set_session(session):
    """Makes `session` the one Keras uses."""
    global _SESSION, _MANUAL_SESSION
    _SESSION = _MANUAL_SESSION = session


# ---------------------------------------------------------------------------- tensors
def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A placeholder of `shape` (or `ndim` unknown dims) and `dtype` (default floatx)."""
    if shape is None and ndim is not None:
        shape = (None,) * ndim
    return constant_op.placeholder(dtypes.as_dtype(dtype or floatx()), shape=shape, name=name)


def variable(value, dtype=None, name=None, constraint=None):
    """A variable holding `value` (a Keras variable: get_session initializes it)."""
    dtype = dtypes.as_dtype(dtype or floatx())
    var = variables.Variable(np.asarray(value, dtype=dtype.as_numpy_dtype), dtype=dtype, name=name,
                             constraint=constraint, use_resource=True)
    track_variable(var)
    return var


def constant(value, dtype=None, shape=None, name=None):
    return constant_op.constant(value, dtype=dtypes.as_dtype(dtype or floatx()), shape=shape, name=name)


def is_placeholder(x):
    return getattr(getattr(x, "op", None), "type", None) in {"Placeholder", "PlaceholderWithDefault"}


def int_shape(x):
    """The static shape as a tuple of ints and None, or None when the rank is unknown."""
    shape = x.shape if hasattr(x, "shape") else TensorShape(np.shape(x))
    shape = TensorShape(shape)
    return None if shape.ndims is None else tuple(shape.as_tuple_or_none())


def ndim(x):
    return TensorShape(x.shape).ndims


def dtype(x):
    return x.dtype.base_dtype.name


def eval(x):  # noqa: A001 - Keras's name
    """The value of `x` in the Keras session."""
    return get_value(x)


def get_value(x):
    if isinstance(x, np.ndarray) or np.isscalar(x):
        return x
    return get_session().run(x)


def batch_get_value(tensors):
    return get_session().run(list(tensors)) if tensors else []


def set_value(x, value):
    """Assigns `value` to the variable `x` (through one cached placeholder per variable)."""
    batch_set_value([(x, value)])


def batch_set_value(pairs):
    if not pairs:
        return
    feeds, ops = {}, []
    for var, value in pairs:
        value = np.asarray(value, dtype=var.dtype.base_dtype.as_numpy_dtype)
        if getattr(var, "_keras_assign", None) is None:
            with var.graph.as_default():
                holder = constant_op.placeholder(var.dtype.base_dtype, shape=value.shape)
                var._keras_assign = (holder, state_ops.assign(var, holder))
        holder, assign = var._keras_assign
        feeds[holder] = value
        ops.append(assign)
    get_session().run(ops, feed_dict=feeds)


def convert(value, dtype=None):
    return convert_to_tensor(value, dtype=dtype)


def is_keras_tensor(x):
    return hasattr(x, "_keras_history")


def graph_of(tensor):
    return getattr(tensor, "graph", None) or get_default_graph()


__all__ = ["batch_get_value", "batch_set_value", "clear_session", "constant", "dtype", "epsilon", "eval",
           "floatx", "get_session", "get_uid", "get_value", "image_data_format", "int_shape", "is_keras_tensor",
           "is_placeholder", "learning_phase", "ndim", "placeholder", "reset_uids", "set_epsilon", "set_floatx",
           "set_image_data_format", "set_learning_phase", "set_session", "set_value", "symbolic_learning_phase",
           "variable"]
