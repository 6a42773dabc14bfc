"""tf.nn.rnn_cell: the RNNCell base and TF's cells (BasicRNNCell, BasicLSTMCell, LSTMCell, GRUCell,
MultiRNNCell).

A cell works like TF's Layer-based cells: its first call opens a unique variable scope named after
the cell (`basic_lstm_cell`, `basic_lstm_cell_1`, ...) inside the caller's scope, builds its
variables there from the input depth, and every later call re-enters that scope with reuse on, so
one cell object always uses one set of variables. Variable names, shapes and initializers are TF's,
so TF checkpoints restore into them. Each step does one matmul on the concatenated [input, h] with
the concatenated gate kernel, as TF does.
"""
from __future__ import annotations

import collections
import re
import weakref

from tfsess.framework import dtypes, nest
from tfsess.framework.errors import OperatorNotAllowedInGraphError
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import init_ops, rnn_cell_config
from tfsess.ops.array_ops import shape
from tfsess.ops.clip_ops import clip_by_value
from tfsess.ops.constant_op import zeros
from tfsess.ops.input_spec import assert_input_compatibility
from tfsess.ops.indexing_ops import slice_
from tfsess.ops.linalg_ops import matmul
from tfsess.ops.math_ops import add, multiply
from tfsess.ops.nn_ops import bias_add
from tfsess.ops.partitioned_variables import PartitionedVariable
from tfsess.ops.partitioners import fixed_size_partitioner
from tfsess.ops.rnn_cell_checks import RANK_2, activation_function, check_input_dtypes, check_supported_dtype
from tfsess.ops.stack_ops import concat, split, stack
from tfsess.ops.unary_ops import sigmoid, tanh
from tfsess.ops.variable_scope import get_variable, variable_scope

_WEIGHTS_VARIABLE_NAME = "kernel"
_BIAS_VARIABLE_NAME = "bias"


def map_structure(fn, *structures):
    """Applies `fn` leaf-wise over structures of the same shape (TF's nest.map_structure)."""
    flats = [nest.flatten(s) for s in structures]
    return nest.pack_sequence_as(structures[0], [fn(*leaves) for leaves in zip(*flats)])


def _to_snake_case(name):
    """TF's layer base name: `BasicLSTMCell` -> `basic_lstm_cell`."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    snake = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return snake if snake[0] != "_" else "private" + snake


_LAYER_NAME_UIDS = weakref.WeakKeyDictionary()  # graph -> {base name: count}, TF's per-graph layer names


def _unique_layer_name(base_name):
    """`base_name_N`, N counting the unnamed cells of this class made in the default graph (from 1)."""
    counts = _LAYER_NAME_UIDS.setdefault(get_default_graph(), collections.Counter())
    counts[base_name] += 1
    return f"{base_name}_{counts[base_name]}"


def _dims(size):
    """A state or output size (int, TensorShape or list) as a list of ints/None."""
    if isinstance(size, Tensor):
        raise TypeError(f"A cell size must be static, got the tensor {size.name}.")
    shape = as_shape(size) if not isinstance(size, int) else TensorShape([size])
    return list(shape.as_tuple_or_none())


def concat_size(prefix, suffix, static=False):
    """[prefix] + suffix: a TensorShape (static) or a shape value/tensor for zeros() (TF's _concat)."""
    batch = prefix if isinstance(prefix, (int, type(None))) else None
    if static:
        return TensorShape([batch] + _dims(suffix))
    # as TF's _concat: a shape tensor even for an int batch, so zeros() builds a Fill, not a Const
    prefix = convert_to_tensor([prefix] if isinstance(prefix, int) else prefix, dtype=dtypes.int32)
    return concat([prefix if prefix.shape.ndims == 1 else stack([prefix]),
                   convert_to_tensor(_dims(suffix), dtype=dtypes.int32)], 0)


def zero_state_tensors(state_size, batch_size, dtype):
    """Zeros of [batch_size] + each size in the (nested) `state_size`."""
    def one(size):
        value = zeros(concat_size(batch_size, size), dtype=dtype)
        value.set_shape(concat_size(batch_size, size, static=True))
        return value
    return map_structure(one, state_size)


def assert_like_rnncell(cell_name, cell):
    """Raises TypeError unless `cell` has what an RNN needs of a cell (TF's check, TF's message)."""
    conditions = [hasattr(cell, "output_size"), hasattr(cell, "state_size"),
                  hasattr(cell, "get_initial_state") or hasattr(cell, "zero_state"), callable(cell)]
    messages = ["'output_size' property is missing", "'state_size' property is missing",
                "either 'zero_state' or 'get_initial_state' method is required", "is not callable"]
    if not all(conditions):
        missing = [m for m, ok in zip(messages, conditions) if not ok]
        raise TypeError(f"The argument {cell_name!r} ({cell}) is not an RNNCell: {', '.join(missing)}.")


class LSTMStateTuple(collections.namedtuple("LSTMStateTuple", ("c", "h"))):
    """An LSTM state (c, h): the cell state and the output."""
    __slots__ = ()

    @property
    def dtype(self):
        c, h = self
        if c.dtype != h.dtype:
            raise TypeError(f"Inconsistent dtypes for internal state: {c.dtype} vs {h.dtype}")
        return c.dtype


class RNNCell:
    """The base of recurrent cells: `call(inputs, state) -> (output, new_state)` under the cell's scope.

    Subclasses define `state_size`, `output_size`, `call` and, to create variables, `build(input_shape)`
    using `add_variable`. A subclass may also override `__call__` (TF1's older style).
    """

    input_spec = None  # the built-in cells take inputs of rank 2 (Keras's InputSpec(ndim=2))

    def __init__(self, trainable=True, name=None, dtype=None, _reuse=None, **kwargs):
        if kwargs:
            raise TypeError(f"Keyword argument not understood: {sorted(kwargs)[0]}")
        self.trainable = trainable
        self._base_name = name or _to_snake_case(type(self).__name__)
        self._name = name or _unique_layer_name(self._base_name)
        self._dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
        self._reuse = _reuse
        self._scope = None
        self._trainable_weights, self._non_trainable_weights = [], []
        self.built = False

    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def _float_dtype(self):
        return self._dtype or dtypes.float32

    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError("No name available for layer scope because the layer "
                             f"\"{self._base_name}\" has not been used yet.")
        return self._scope.name

    @property
    def state_size(self):
        """An int, TensorShape, or (nested) tuple of them: the sizes of the state."""
        raise NotImplementedError("Abstract method")

    @property
    def output_size(self):
        """An int or TensorShape: the size of the output."""
        raise NotImplementedError("Abstract method")

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        return list(self._non_trainable_weights) + ([] if self.trainable else list(self._trainable_weights))

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def build(self, input_shape):
        self.built = True

    def get_config(self):
        """The cell's constructor arguments, as TF's Keras-based legacy cells report them."""
        return rnn_cell_config.cell_config(self)

    def count_params(self):
        return rnn_cell_config.count_params(self)

    def call(self, inputs, state):
        raise NotImplementedError("Abstract method")

    def add_variable(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=True,
                     constraint=None, partitioner=None):
        """Creates (or, when the cell is reused, gets) a variable in the cell's scope."""
        variable = get_variable(name, shape=shape, dtype=dtype or self.dtype or dtypes.float32,
                                initializer=initializer, regularizer=regularizer,
                                trainable=trainable and self.trainable, constraint=constraint,
                                partitioner=partitioner)
        tracked = self._trainable_weights if trainable else self._non_trainable_weights
        parts = list(variable) if isinstance(variable, PartitionedVariable) else [variable]
        tracked.extend(part for part in parts if all(part is not v for v in self.weights))
        return variable

    add_weight = add_variable

    def _set_scope(self, scope):
        if self._scope is not None:
            return
        if self._reuse:
            with variable_scope(scope if scope is not None else self._base_name) as captured:
                self._scope = captured
        else:
            with variable_scope(scope, default_name=self._base_name) as captured:
                self._scope = captured

    def __call__(self, inputs, state, scope=None, **kwargs):
        """Runs the cell on `inputs` and `state` in its variable scope; builds it on the first call.

        Returns:
            (output, new_state).
        """
        self._set_scope(scope)
        inputs = map_structure(lambda x: x if isinstance(x, Tensor) else convert_to_tensor(x), inputs)
        first = nest.flatten(inputs)[0]
        assert_input_compatibility(self.input_spec, inputs, self._name)
        if self._dtype is None and first.dtype.is_floating:
            self._dtype = first.dtype.base_dtype
        reuse = True if self.built else self._reuse
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as current:
            with name_scope(current.original_name_scope or None):
                if not self.built:
                    self.build(map_structure(lambda x: x.shape, inputs) if nest.is_nested(inputs) else first.shape)
                    self.built = True
                try:
                    return self.call(inputs, state, **kwargs)
                except OperatorNotAllowedInGraphError as e:  # TF's layer call turns it into a plain TypeError
                    raise TypeError("You are attempting to use Python control flow in a layer that was not declared "
                                    "to be dynamic. Pass `dynamic=True` to the class constructor.\n"
                                    f"Encountered error:\n\"\"\"\n{e}\n\"\"\"") from e

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """The zero state for a batch like `inputs` (or of `batch_size`), of `dtype` (or the inputs')."""
        if inputs is not None:
            inputs = convert_to_tensor(inputs, name="inputs")
            static_batch = inputs.shape.as_tuple_or_none()[0]
            if batch_size is not None:
                given = constant_value(batch_size) if isinstance(batch_size, Tensor) else batch_size
                if static_batch != given:
                    raise ValueError("batch size from input tensor is different from the input param. Input "
                                     f"tensor batch: {static_batch}, batch_size: {batch_size}")
            if dtype is not None and inputs.dtype != dtype:
                raise ValueError("dtype from input tensor is different from the input param. Input tensor "
                                 f"dtype: {inputs.dtype}, dtype: {dtype}")
            batch_size = static_batch or shape(inputs)[0]
            dtype = inputs.dtype
        if batch_size is None or dtype is None:
            raise ValueError("batch_size and dtype cannot be None while constructing initial state: "
                             f"batch_size={batch_size}, dtype={dtype}")
        return self.zero_state(batch_size, dtype)

    def zero_state(self, batch_size, dtype):
        """Zero-filled state tensor(s) for a batch of `batch_size`.

        Returns:
            A tensor of shape [batch_size, state_size], or a structure of them like `state_size`.
        """
        with name_scope(type(self).__name__ + "ZeroState"):
            return zero_state_tensors(self.state_size, batch_size, dtype)


LayerRNNCell = RNNCell


def _input_depth(inputs_shape):
    depth = as_shape(inputs_shape)[-1] if as_shape(inputs_shape).ndims else None
    depth = getattr(depth, "value", depth)
    if depth is None:
        raise ValueError(f"Expected inputs.shape[-1] to be known, received shape: {as_shape(inputs_shape)}")
    return int(depth)


class BasicRNNCell(RNNCell):
    """The basic RNN cell: output = new_state = activation(W [input, state] + b)."""

    def __init__(self, num_units, activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        check_supported_dtype(self.dtype)
        self.input_spec = RANK_2
        self._num_units = num_units
        self._activation = activation_function(activation, tanh)

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME, shape=[depth + self._num_units, self._num_units])
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[self._num_units],
                                       initializer=init_ops.Zeros(dtype=self._float_dtype))
        self.built = True

    def call(self, inputs, state):
        check_input_dtypes([inputs, state])
        gate_inputs = bias_add(matmul(concat([inputs, state], 1), self._kernel), self._bias)
        output = self._activation(gate_inputs)
        return output, output


class GRUCell(RNNCell):
    """Gated Recurrent Unit cell (Cho et al. 2014), TF's layout: `gates/` (r, u) and `candidate/`."""

    def __init__(self, num_units, activation=None, reuse=None, kernel_initializer=None, bias_initializer=None,
                 name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        check_supported_dtype(self.dtype)
        self.input_spec = RANK_2
        self._num_units = num_units
        self._activation = activation_function(activation, tanh)
        self._kernel_initializer = kernel_initializer
        self._bias_initializer = bias_initializer

    state_size = property(lambda self: self._num_units)
    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape) + self._num_units
        n = self._num_units
        self._gate_kernel = self.add_variable("gates/" + _WEIGHTS_VARIABLE_NAME, shape=[depth, 2 * n],
                                              initializer=self._kernel_initializer)
        self._gate_bias = self.add_variable(
            "gates/" + _BIAS_VARIABLE_NAME, shape=[2 * n],
            initializer=self._bias_initializer or init_ops.Constant(1.0, dtype=self._float_dtype))
        self._candidate_kernel = self.add_variable("candidate/" + _WEIGHTS_VARIABLE_NAME, shape=[depth, n],
                                                   initializer=self._kernel_initializer)
        self._candidate_bias = self.add_variable(
            "candidate/" + _BIAS_VARIABLE_NAME, shape=[n],
            initializer=self._bias_initializer or init_ops.Zeros(dtype=self._float_dtype))
        self.built = True

    def call(self, inputs, state):
        check_input_dtypes([inputs, state])
        gate_inputs = bias_add(matmul(concat([inputs, state], 1), self._gate_kernel), self._gate_bias)
        r, u = split(sigmoid(gate_inputs), 2, axis=1)
        candidate = bias_add(matmul(concat([inputs, r * state], 1), self._candidate_kernel), self._candidate_bias)
        c = self._activation(candidate)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class BasicLSTMCell(RNNCell):
    """The basic LSTM cell (no peepholes, no projection); gates i, j, f, o in one kernel."""

    def __init__(self, num_units, forget_bias=1.0, state_is_tuple=True, activation=None, reuse=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation_function(activation, tanh)
        check_supported_dtype(self.dtype)
        self.input_spec = RANK_2

    @property
    def state_size(self):
        n = self._num_units
        return LSTMStateTuple(n, n) if self._state_is_tuple else 2 * n

    output_size = property(lambda self: self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        n = self._num_units
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME, shape=[depth + n, 4 * n])
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[4 * n],
                                       initializer=init_ops.Zeros(dtype=self._float_dtype))
        self.built = True

    def call(self, inputs, state):
        check_input_dtypes([inputs, state])
        if self._state_is_tuple:
            c, h = state
        else:
            c, h = split(state, 2, axis=1)
        gate_inputs = bias_add(matmul(concat([inputs, h], 1), self._kernel), self._bias)
        i, j, f, o = split(gate_inputs, 4, axis=1)
        forget_bias = convert_to_tensor(self._forget_bias, dtype=f.dtype)
        new_c = add(multiply(c, sigmoid(add(f, forget_bias))), multiply(sigmoid(i), self._activation(j)))
        new_h = multiply(self._activation(new_c), sigmoid(o))
        new_state = LSTMStateTuple(new_c, new_h) if self._state_is_tuple else concat([new_c, new_h], 1)
        return new_h, new_state


def _shards_partitioner(num_shards):
    """LSTMCell's deprecated shard counts: a fixed-size partitioner over the first axis."""
    return fixed_size_partitioner(num_shards) if num_shards is not None else None


class LSTMCell(RNNCell):
    """The LSTM cell with optional peepholes (w_f/w_i/w_o_diag), projection and clipping."""

    def __init__(self, num_units, use_peepholes=False, cell_clip=None, initializer=None, num_proj=None,
                 proj_clip=None, num_unit_shards=None, num_proj_shards=None, forget_bias=1.0, state_is_tuple=True,
                 activation=None, reuse=None, name=None, dtype=None, **kwargs):
        super().__init__(_reuse=reuse, name=name, dtype=dtype, **kwargs)
        self._num_units = num_units
        self._use_peepholes = use_peepholes
        self._cell_clip = cell_clip
        self._initializer = initializer
        self._num_proj = num_proj
        self._proj_clip = proj_clip
        self._num_unit_shards, self._num_proj_shards = num_unit_shards, num_proj_shards
        self._forget_bias = forget_bias
        self._state_is_tuple = state_is_tuple
        self._activation = activation_function(activation, tanh)
        check_supported_dtype(self.dtype)
        self.input_spec = RANK_2

    @property
    def state_size(self):
        n, p = self._num_units, self._num_proj or self._num_units
        return LSTMStateTuple(n, p) if self._state_is_tuple else n + p

    output_size = property(lambda self: self._num_proj or self._num_units)

    def build(self, inputs_shape):
        depth = _input_depth(inputs_shape)
        n, h_depth = self._num_units, self._num_proj or self._num_units
        self._kernel = self.add_variable(_WEIGHTS_VARIABLE_NAME, shape=[depth + h_depth, 4 * n],
                                         initializer=self._initializer,
                                         partitioner=_shards_partitioner(self._num_unit_shards))
        self._bias = self.add_variable(_BIAS_VARIABLE_NAME, shape=[4 * n],
                                       initializer=init_ops.Zeros(dtype=self._float_dtype))
        if self._use_peepholes:
            self._w_f_diag = self.add_variable("w_f_diag", shape=[n], initializer=self._initializer)
            self._w_i_diag = self.add_variable("w_i_diag", shape=[n], initializer=self._initializer)
            self._w_o_diag = self.add_variable("w_o_diag", shape=[n], initializer=self._initializer)
        if self._num_proj is not None:
            self._proj_kernel = self.add_variable("projection/" + _WEIGHTS_VARIABLE_NAME, shape=[n, self._num_proj],
                                                  initializer=self._initializer,
                                                  partitioner=_shards_partitioner(self._num_proj_shards))
        self.built = True

    def call(self, inputs, state):
        check_input_dtypes([inputs, state])
        n, num_proj = self._num_units, self._num_proj or self._num_units
        if self._state_is_tuple:
            c_prev, m_prev = state
        else:
            c_prev = slice_(state, [0, 0], [-1, n])
            m_prev = slice_(state, [0, n], [-1, num_proj])
        if inputs.shape.with_rank(2).as_tuple_or_none()[1] is None:
            raise ValueError("Could not infer input size from inputs.get_shape()[-1].Received input shape: "
                             f"{inputs.shape}")
        lstm_matrix = bias_add(matmul(concat([inputs, m_prev], 1), self._kernel), self._bias)
        i, j, f, o = split(lstm_matrix, 4, axis=1)
        if self._use_peepholes:
            c = (sigmoid(f + self._forget_bias + self._w_f_diag * c_prev) * c_prev
                 + sigmoid(i + self._w_i_diag * c_prev) * self._activation(j))
        else:
            c = sigmoid(f + self._forget_bias) * c_prev + sigmoid(i) * self._activation(j)
        if self._cell_clip is not None:
            c = clip_by_value(c, -self._cell_clip, self._cell_clip)
        if self._use_peepholes:
            m = sigmoid(o + self._w_o_diag * c) * self._activation(c)
        else:
            m = sigmoid(o) * self._activation(c)
        if self._num_proj is not None:
            m = matmul(m, self._proj_kernel)
            if self._proj_clip is not None:
                m = clip_by_value(m, -self._proj_clip, self._proj_clip)
        new_state = LSTMStateTuple(c, m) if self._state_is_tuple else concat([c, m], 1)
        return m, new_state


class MultiRNNCell(RNNCell):
    """Cells stacked in layers: layer i runs in scope `cell_i` on layer i-1's output."""

    def __init__(self, cells, state_is_tuple=True):
        super().__init__()
        if not cells:
            raise ValueError("Must specify at least one cell for MultiRNNCell.")
        if not nest.is_nested(cells):
            raise TypeError(f"cells must be a list or tuple, but received: {cells}.")
        self._cells = list(cells)
        self._state_is_tuple = state_is_tuple
        if not state_is_tuple and any(nest.is_nested(c.state_size) for c in self._cells):
            raise ValueError("Some cells return tuples of states, but the flag state_is_tuple is not set. "
                             f"State sizes are: {[c.state_size for c in self._cells]}")

    @property
    def state_size(self):
        if self._state_is_tuple:
            return tuple(cell.state_size for cell in self._cells)
        return sum(cell.state_size for cell in self._cells)

    output_size = property(lambda self: self._cells[-1].output_size)

    @property
    def weights(self):
        return [w for cell in self._cells for w in getattr(cell, "weights", [])]

    trainable_weights = trainable_variables = variables = weights

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            if self._state_is_tuple:
                return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
            return super().zero_state(batch_size, dtype)  # TF's second MultiRNNCellZeroState scope inside

    def call(self, inputs, state):
        position, layer_input, new_states = 0, inputs, []
        for i, cell in enumerate(self._cells):
            with variable_scope(f"cell_{i}"):
                if self._state_is_tuple:
                    if not nest.is_nested(state):
                        raise ValueError(f"Expected state to be a tuple of length {len(self.state_size)}, but "
                                         f"received: {state}")
                    cell_state = state[i]
                else:
                    cell_state = slice_(state, [0, position], [-1, cell.state_size])
                    position += cell.state_size
                layer_input, new_state = cell(layer_input, cell_state)
                new_states.append(new_state)
        return layer_input, (tuple(new_states) if self._state_is_tuple else concat(new_states, 1))


__all__ = ["RNNCell", "LayerRNNCell", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell",
           "LSTMStateTuple"]
