"""tf.nn.raw_rnn: an RNN whose inputs, stopping and emitted values come from a user's `loop_fn`."""
from __future__ import annotations

from tfsess.framework import dtypes, nest
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops.array_ops import shape
from tfsess.ops.constant_op import constant, zeros
from tfsess.ops.indexing_ops import where
from tfsess.ops.logic_ops import logical_not, logical_or
from tfsess.ops.reduction_ops import reduce_all
from tfsess.ops.rnn_cell_impl import assert_like_rnncell, concat_size, map_structure
from tfsess.ops.tensor_array_ops import TensorArray
from tfsess.ops.variable_scope import variable_scope
from tfsess.ops.while_ops import while_loop


def _emit_sizes(emit_structure, cell, flat_state):
    if emit_structure is not None:
        flat = nest.flatten(emit_structure)
        sizes = [e.shape if e.shape.is_fully_defined() else shape(e) for e in flat]
        return emit_structure, sizes, [e.dtype for e in flat]
    sizes = nest.flatten(cell.output_size)
    return cell.output_size, sizes, [flat_state[0].dtype] * len(sizes)


def raw_rnn(cell, loop_fn, parallel_iterations=None, swap_memory=False, scope=None):
    """Runs `cell` in a while_loop driven by `loop_fn` (tf.nn.raw_rnn).

    `loop_fn(time, cell_output, cell_state, loop_state)` returns (elements_finished, next_input,
    next_cell_state, emit_output, next_loop_state); at time 0 it gets None for the last three and
    gives the initial state (and an emit structure or None). The loop stops once every row is finished;
    finished rows emit zeros and keep their state.

    Returns:
        (emit_ta, final_state, final_loop_state): emit_ta a (structure of) TensorArray.

    Raises:
        TypeError: `cell` is not a cell or `loop_fn` is not callable.
    """
    assert_like_rnncell("cell", cell)
    if not callable(loop_fn):
        raise TypeError(f"Argument `loop_fn` must be a callable. Received: {loop_fn}.")
    with variable_scope(scope or "rnn"):
        time = constant(0, dtype=dtypes.int32)
        finished, next_input, initial_state, emit_structure, init_loop_state = loop_fn(time, None, None, None)
        flat_input = [convert_to_tensor(x) for x in nest.flatten(next_input)]
        loop_state = init_loop_state if init_loop_state is not None else constant(0, dtype=dtypes.int32)
        const_batch = flat_input[0].shape.as_tuple_or_none()[0] if flat_input[0].shape.ndims else None
        batch_size = const_batch if const_batch is not None else shape(flat_input[0])[0]
        nest.assert_same_structure(initial_state, cell.state_size)
        state = map_structure(convert_to_tensor, initial_state)
        emit_structure, sizes, emit_dtypes = _emit_sizes(emit_structure, cell, nest.flatten(state))
        emit_ta = nest.pack_sequence_as(emit_structure, [
            TensorArray(dtype, size=0, dynamic_size=True, name=f"rnn_output_{i}",
                        element_shape=concat_size(const_batch, size, static=True)
                        if not hasattr(size, "op") else TensorShape([const_batch]).concatenate(TensorShape(None)))
            for i, (dtype, size) in enumerate(zip(emit_dtypes, sizes))])
        zero_emit = nest.pack_sequence_as(emit_structure, [zeros(concat_size(batch_size, size), dtype)
                                                           for size, dtype in zip(sizes, emit_dtypes)])

        def condition(unused_time, elements_finished, *_):
            return logical_not(reduce_all(elements_finished))

        def body(time, elements_finished, current_input, emit_ta, state, loop_state):
            next_output, cell_state = cell(current_input, state)
            nest.assert_same_structure(state, cell_state)
            nest.assert_same_structure(cell.output_size, next_output)
            next_time = time + 1
            next_finished, next_input, next_state, emit_output, next_loop_state = loop_fn(
                next_time, next_output, cell_state, loop_state)
            nest.assert_same_structure(state, next_state)
            nest.assert_same_structure(current_input, next_input)
            nest.assert_same_structure(emit_ta, emit_output)
            loop_state = loop_state if next_loop_state is None else next_loop_state

            def copy_through(current, candidate):
                return candidate if current.shape.ndims == 0 else where(elements_finished, current, candidate)
            emit_output = map_structure(copy_through, zero_emit, emit_output)
            next_state = map_structure(copy_through, state, next_state)
            emit_ta = map_structure(lambda ta, emit: ta.write(time, emit), emit_ta, emit_output)
            return (next_time, logical_or(elements_finished, next_finished), next_input, emit_ta, next_state,
                    loop_state)

        returned = while_loop(condition, body, [time, finished, next_input, emit_ta, state, loop_state],
                              parallel_iterations=parallel_iterations or 32, swap_memory=swap_memory)
        emit_ta, final_state, final_loop_state = returned[-3:]
        return emit_ta, final_state, (None if init_loop_state is None else final_loop_state)


__all__ = ["raw_rnn"]
