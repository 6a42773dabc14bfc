"""Recurrent networks over cells: dynamic_rnn, bidirectional_dynamic_rnn, static_rnn,
static_bidirectional_rnn, raw_rnn.

dynamic_rnn is TF's: inputs go into a TensorArray, one while_loop step calls the cell (its body is
one compiled sub-plan, run once per time step) and writes the output; past each sequence's length
the output is zero and the state is carried through unchanged.
"""
from __future__ import annotations

from tfsess.framework import dtypes, nest
from tfsess.framework.graph_api import control_dependencies, name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops.array_ops import identity, rank, shape, transpose
from tfsess.ops.broadcast_ops import reverse, reverse_sequence
from tfsess.ops.check_ops import Assert
from tfsess.ops.cond_ops import cond
from tfsess.ops.constant_op import constant, zeros
from tfsess.ops.indexing_ops import where
from tfsess.ops.logic_ops import equal, greater_equal, less
from tfsess.ops.math_ops import cast
from tfsess.ops.reduction_ops import reduce_all, reduce_max, reduce_min
from tfsess.ops.rnn_cell_impl import assert_like_rnncell, concat_size, map_structure
from tfsess.ops.sequence_ops import range_
from tfsess.ops.stack_ops import concat, stack, unstack
from tfsess.ops.tensor_array_ops import TensorArray
from tfsess.ops.variable_scope import variable_scope
from tfsess.ops.while_ops import while_loop


def _transpose_batch_time(x):
    """Swaps the first two dimensions of a tensor of rank >= 2 (batch-major <-> time-major)."""
    x = convert_to_tensor(x)
    static = x.shape
    if static.ndims is None:
        # TF sets the result's static shape from the input's dims, which fails for an unknown rank
        raise TypeError(f"'NoneType' object is not subscriptable: batch-major inputs of unknown rank ({x}) "
                        "cannot be transposed to time-major; give them a known rank")
    if static.ndims < 2:
        return x
    perm = concat(([1, 0], _range_from_2(x)), axis=0)
    out = transpose(x, perm)
    if static.ndims is not None:
        dims = list(static.as_tuple_or_none())
        out.set_shape([dims[1], dims[0]] + dims[2:])
    return out


def _range_from_2(x):
    if x.shape.ndims is not None:
        return constant(list(range(2, x.shape.ndims)), dtype=dtypes.int32)
    return range_(2, rank(x))


def _best_effort_batch_size(flat_input):
    """The batch size (dimension 1 of time-major inputs): static when known, else a tensor."""
    for x in flat_input:
        if x.shape.ndims is None:
            continue
        if x.shape.ndims < 2:
            raise ValueError(f"Input tensor should have rank >= 2. Received input={x} of rank {x.shape.ndims}")
        batch = x.shape.as_tuple_or_none()[1]
        if batch is not None:
            return batch
    return shape(flat_input[0])[1]


def _infer_state_dtype(explicit_dtype, state):
    if explicit_dtype is not None:
        return dtypes.as_dtype(explicit_dtype)
    inferred = {s.dtype.base_dtype for s in nest.flatten(state)}
    if not inferred:
        raise ValueError(f"Unable to infer dtype from argument state={state}.")
    if len(inferred) > 1:
        raise ValueError(f"Argument state={state} has tensors of different inferred dtypes. Unable to infer a "
                         f"single representative dtype. Dtypes received: {sorted(d.name for d in inferred)}")
    return inferred.pop()


def _sequence_lengths(sequence_length):
    if sequence_length is None:
        return None
    lengths = cast(sequence_length, dtypes.int32)
    if lengths.shape.ndims not in (None, 1):
        raise ValueError(f"Argument sequence_length must be a vector of length batch_size. Received "
                         f"sequence_length={lengths} of shape: {lengths.shape}")
    return identity(lengths, name="sequence_length")


def _initial_state(cell, initial_state, batch_size, dtype):
    if initial_state is not None:
        return initial_state
    if not dtype:
        raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
    if getattr(cell, "get_initial_state", None) is not None:
        return cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype)
    return cell.zero_state(batch_size, dtype)


def _check_lengths(sequence_length, batch_size):
    """TF's run-time check that sequence_length holds one length per batch row."""
    expected = stack([batch_size])
    actual = shape(sequence_length)
    check = Assert(reduce_all(equal(actual, expected)),
                   [f"Expected shape for Tensor {sequence_length.name} is ", expected, " but saw shape: ", actual])
    with control_dependencies([check]):
        return identity(sequence_length, name="CheckSeqLen")


def _copy_through(done, previous, new):
    """`previous` where the row's sequence is done, else `new` (TF's _copy_one_through)."""
    if new.shape.ndims == 0:
        return new
    return where(done, previous, new)


def _copy_some_through(done, zero_output, state, new_output, new_state):
    """Zero outputs and the previous state where a row is `done`, the new ones elsewhere (flat lists)."""
    outputs = [_copy_through(done, z, o) for z, o in zip(nest.flatten(zero_output), new_output)]
    return outputs + [_copy_through(done, s, n) for s, n in zip(nest.flatten(state), new_state)]


def _call_and_check(call_cell, zero_output, state):
    new_output, new_state = call_cell()
    nest.assert_same_structure(zero_output, new_output)
    nest.assert_same_structure(state, new_state)
    return nest.flatten(new_output), nest.flatten(new_state)


def _masked_step(time, sequence_length, zero_output, state, call_cell):
    """One cell step whose output is zero and whose state is frozen past each sequence's length."""
    new_output, new_state = _call_and_check(call_cell, zero_output, state)
    done = greater_equal(time, sequence_length)
    flat = _copy_some_through(done, zero_output, state, new_output, new_state)
    return _pack_step(flat, new_output + new_state, zero_output, state)


def _pack_step(flat, like, zero_output, state):
    for new, old in zip(flat, like):
        new.set_shape(old.shape)
    n = len(nest.flatten(zero_output))
    return nest.pack_sequence_as(zero_output, flat[:n]), nest.pack_sequence_as(state, flat[n:])


def _conditional_step(time, lengths, zero_output, state, call_cell):
    """static_rnn's step, as TF's `_rnn_step` with conditionals: past the longest sequence nothing runs (zero
    outputs, the state through); before the shortest no row is masked; between, rows past their length are.
    `lengths` is (sequence_length, its minimum, its maximum)."""
    sequence_length, min_length, max_length = lengths
    flat_zero, flat_state = nest.flatten(zero_output), nest.flatten(state)

    def some_through():
        new_output, new_state = _call_and_check(call_cell, zero_output, state)
        return cond(less(time, min_length), lambda: new_output + new_state,
                    lambda: _copy_some_through(greater_equal(time, sequence_length), zero_output, state,
                                               new_output, new_state))
    flat = cond(greater_equal(time, max_length), lambda: flat_zero + flat_state, some_through)
    return _pack_step(flat, flat_zero + flat_state, zero_output, state)


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None, parallel_iterations=None,
                swap_memory=False, time_major=False, scope=None):
    """Runs `cell` over the time steps of `inputs` in a while_loop (tf.nn.dynamic_rnn).

    Args:
        cell: an RNNCell (anything with output_size, state_size, zero_state, callable).
        inputs: [batch, time, ...] (or [time, batch, ...] when time_major), or a structure of them.
        sequence_length: optional int vector [batch]: past it outputs are zero and the state is frozen.
        initial_state: the first state (default the cell's zero state of `dtype`).
        dtype: the state's dtype when initial_state is not given.
        parallel_iterations, swap_memory: accepted for compatibility (steps run in order).
        time_major: whether inputs and outputs are time-major.
        scope: variable scope (default "rnn").

    Returns:
        (outputs, final_state): outputs shaped like the inputs with the cell's output size.

    Raises:
        TypeError: `cell` is not a cell, or batch-major inputs of unknown rank (as TF's transpose fails).
        ValueError: no dtype nor initial_state, inputs of rank < 3 or unknown depth, or a
            sequence_length of rank other than 1.
    """
    assert_like_rnncell("cell", cell)
    with variable_scope(scope or "rnn"):
        flat_input = [convert_to_tensor(x) for x in nest.flatten(inputs)]
        if not time_major:
            flat_input = [_transpose_batch_time(x) for x in flat_input]
        lengths = _sequence_lengths(sequence_length)
        batch_size = _best_effort_batch_size(flat_input)
        state = _initial_state(cell, initial_state, batch_size, dtype)
        if lengths is not None:
            lengths = _check_lengths(lengths, batch_size)
        inputs = nest.pack_sequence_as(inputs, flat_input)
        outputs, final_state = _dynamic_rnn_loop(cell, inputs, state, lengths, dtype)
        if not time_major:
            outputs = map_structure(_transpose_batch_time, outputs)
        return outputs, final_state


def _static_input_shapes(flat_input):
    shapes = []
    for x in flat_input:
        if x.shape.ndims is not None and x.shape.ndims < 3:
            raise ValueError(f"Shape {x.shape} must have rank at least 3")
        if x.shape.ndims is None or None in x.shape.as_tuple_or_none()[2:]:
            raise ValueError("Input size (depth of inputs) must be accessible via shape inference, but saw "
                             f"value None for input={x}.")
        shapes.append(x.shape)
    return shapes


def _dynamic_rnn_loop(cell, inputs, state, sequence_length, dtype):
    flat_input = nest.flatten(inputs)
    flat_output_size = nest.flatten(cell.output_size)
    time_steps = shape(flat_input[0])[0]
    batch_size = _best_effort_batch_size(flat_input)
    input_shapes = _static_input_shapes(flat_input)
    const_time, const_batch = input_shapes[0].as_tuple_or_none()[:2]
    out_dtype = _infer_state_dtype(dtype, state)
    zero_output = nest.pack_sequence_as(
        cell.output_size, [zeros(concat_size(batch_size, size), out_dtype) for size in flat_output_size])
    time = constant(0, dtype=dtypes.int32, name="time")
    with name_scope("dynamic_rnn") as base_name:
        pass
    output_ta = tuple(TensorArray(out_dtype, size=time_steps, tensor_array_name=f"{base_name}output_{i}",
                                  element_shape=concat_size(const_batch, size, static=True))
                      for i, size in enumerate(flat_output_size))
    input_ta = tuple(TensorArray(x.dtype, size=time_steps, tensor_array_name=f"{base_name}input_{i}",
                                 element_shape=x.shape[1:]).unstack(x)
                     for i, x in enumerate(flat_input))

    def time_step(time, output_ta_t, state):
        input_t = [ta.read(time) for ta in input_ta]
        for x, static in zip(input_t, input_shapes):
            x.set_shape(static[1:])
        input_t = nest.pack_sequence_as(inputs, input_t)

        def call_cell():
            return cell(input_t, state)
        if sequence_length is not None:
            output, new_state = _masked_step(time, sequence_length, zero_output, state, call_cell)
        else:
            output, new_state = call_cell()
        output_ta_t = tuple(ta.write(time, out) for ta, out in zip(output_ta_t, nest.flatten(output)))
        return time + 1, output_ta_t, new_state

    _, final_ta, final_state = while_loop(lambda time, *_: less(time, time_steps), time_step,
                                          (time, output_ta, state), maximum_iterations=time_steps)
    final_outputs = [ta.stack() for ta in final_ta]
    for output, size in zip(final_outputs, flat_output_size):
        output.set_shape(TensorShape([const_time]).concatenate(concat_size(const_batch, size, static=True)))
    return nest.pack_sequence_as(cell.output_size, final_outputs), final_state


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None, initial_state_fw=None,
                              initial_state_bw=None, dtype=None, parallel_iterations=None, swap_memory=False,
                              time_major=False, scope=None):
    """A forward and a backward dynamic_rnn (scopes `fw` and `bw`) over the same inputs.

    The backward cell reads each sequence reversed within its length; its outputs are reversed back.

    Returns:
        ((output_fw, output_bw), (output_state_fw, output_state_bw)).

    Raises:
        TypeError: a cell that is not one.
    """
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)

    def reverse_time(x):
        if sequence_length is None:
            return reverse(x, axis=[time_axis])
        return reverse_sequence(x, seq_lengths=sequence_length, seq_axis=time_axis, batch_axis=batch_axis)
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length, initial_state_fw, dtype,
                                              parallel_iterations, swap_memory, time_major, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = map_structure(reverse_time, inputs)
            reversed_out, state_bw = dynamic_rnn(cell_bw, reversed_inputs, sequence_length, initial_state_bw,
                                                 dtype, parallel_iterations, swap_memory, time_major,
                                                 scope=bw_scope)
    output_bw = map_structure(reverse_time, reversed_out)
    return (output_fw, output_bw), (state_fw, state_bw)


def _static_batch_size(inputs):
    """The fixed batch size of a list of [batch, depth...] inputs (an int, or a tensor when unknown)."""
    first = inputs
    while nest.is_nested(first):
        first = first[0]
    first = convert_to_tensor(first)
    if first.shape.ndims != 1:
        for x in nest.flatten(inputs):
            x = convert_to_tensor(x)
            if x.shape.ndims is not None and x.shape.ndims < 2:
                raise ValueError(f"Shape {x.shape} must have rank at least 2")
            for i, size in enumerate((x.shape.as_tuple_or_none() or (None, None))[1:]):
                if size is None:
                    raise ValueError(f"Input size (dimension {i} of input {x}) must be accessible via shape "
                                     "inference, but saw value None.")
    batch = first.shape.as_tuple_or_none()[0] if first.shape.ndims else None
    return (batch, batch) if batch is not None else (shape(first)[0], None)


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """Runs `cell` over a Python list of time steps, one graph copy per step (tf.nn.static_rnn).

    Returns:
        (outputs, state): a list with one output per input, and the final state.

    Raises:
        TypeError: `cell` is not a cell or `inputs` is not a sequence.
        ValueError: empty inputs, no dtype nor initial_state, unknown input depth, or a
            sequence_length that is not a vector.
    """
    assert_like_rnncell("cell", cell)
    if not nest.is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    outputs = []
    with variable_scope(scope or "rnn") as varscope:
        batch_size, fixed_batch = _static_batch_size(inputs)
        if initial_state is not None:
            state = initial_state
        else:
            if not dtype:
                raise ValueError("If no initial_state is provided, argument `dtype` must be specified")
            state = _initial_state(cell, None, batch_size, dtype)
        if sequence_length is not None:
            sequence_length = convert_to_tensor(sequence_length, name="sequence_length")
            if sequence_length.shape.ndims not in (None, 1):
                raise ValueError(f"Argument `sequence_length` must be a vector of length {batch_size}. Received "
                                 f"sequence_length={sequence_length}.")
            out_dtype = _infer_state_dtype(dtype, state)

            def zero(size):
                value = zeros(concat_size(batch_size, size), out_dtype)
                value.set_shape(concat_size(fixed_batch, size, static=True))
                return value
            zero_output = map_structure(zero, cell.output_size)
            sequence_length = cast(sequence_length, dtypes.int32)
            lengths = (sequence_length, reduce_min(sequence_length), reduce_max(sequence_length))
        for time, input_ in enumerate(inputs):
            if time > 0:
                varscope.reuse_variables()

            def call_cell(input_=input_, state=state):
                return cell(input_, state)
            if sequence_length is not None:
                output, state = _conditional_step(time, lengths, zero_output, state, call_cell)
            else:
                output, state = call_cell()
            outputs.append(output)
        return outputs, state


def _reverse_seq(input_seq, lengths):
    """A list of time steps reversed, within each row's length when `lengths` is given."""
    if lengths is None:
        return list(reversed(input_seq))
    flat_steps = [nest.flatten(x) for x in input_seq]
    flat_results = [[] for _ in input_seq]
    for sequence in zip(*flat_steps):
        step_shape = TensorShape(None)
        for x in sequence:
            step_shape = step_shape.merge_with(x.shape)
        reversed_steps = unstack(reverse_sequence(stack(sequence), lengths, 0, 1))
        for r, flat_result in zip(reversed_steps, flat_results):
            r.set_shape(step_shape)
            flat_result.append(r)
    return [nest.pack_sequence_as(x, flat) for x, flat in zip(input_seq, flat_results)]


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None, initial_state_bw=None, dtype=None,
                             sequence_length=None, scope=None):
    """A forward and a backward static_rnn; each step's outputs are concatenated [fw, bw].

    Returns:
        (outputs, output_state_fw, output_state_bw).

    Raises:
        TypeError: a cell that is not one or `inputs` not a sequence.
        ValueError: empty inputs.
    """
    if not nest.is_nested(inputs):
        raise TypeError(f"Argument `inputs` must be a sequence. Received: {inputs}")
    if not inputs:
        raise ValueError("Argument `inputs` must not be empty.")
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype, sequence_length,
                                             scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_seq(inputs, sequence_length)
            tmp, state_bw = static_rnn(cell_bw, reversed_inputs, initial_state_bw, dtype, sequence_length,
                                       scope=bw_scope)
    output_bw = _reverse_seq(tmp, sequence_length)
    outputs = [map_structure(lambda f, b: concat([f, b], 1), fw, bw) for fw, bw in zip(output_fw, output_bw)]
    return outputs, state_fw, state_bw


__all__ = ["dynamic_rnn", "bidirectional_dynamic_rnn", "static_rnn", "static_bidirectional_rnn"]
