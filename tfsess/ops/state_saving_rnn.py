"""tf.nn.static_state_saving_rnn: static_rnn whose initial state is read from a state saver and whose
final state is saved back to it, as TF builds it.

A state saver is any object with `state(name)` (a tensor: the state to start from) and
`save_state(name, value)` (an op or tensor that stores `value`), as TF's contract (its
SequenceQueueingStateSaver is one); the last output and the final state are identities that run
only after every save.
"""
from __future__ import annotations

from tfsess.framework import nest
from tfsess.framework.graph_api import control_dependencies
from tfsess.ops.array_ops import identity
from tfsess.ops.rnn import static_rnn


def static_state_saving_rnn(cell, inputs, state_saver, state_name, sequence_length=None, scope=None):
    """static_rnn over `inputs` from the state `state_saver.state(state_name)`, saving the final state with
    `state_saver.save_state` (tf.nn.static_state_saving_rnn). `state_name` is a string, or a structure of
    strings matching `cell.state_size`.

    Returns:
        (outputs, state): the list of outputs and the final state, both available only after the saves.

    Raises:
        ValueError: `state_name` is nested and `cell.state_size` is not (or the reverse), or their numbers of
            elements differ.
    """
    state_size = cell.state_size
    state_is_tuple = nest.is_nested(state_size)
    if state_is_tuple != nest.is_nested(state_name):
        raise ValueError(f"Argument `state_name` should be the same type as `cell.state_size`. Received: "
                         f"state_name={state_name!s}, cell.state_size={state_size!s}.")
    if state_is_tuple:
        names, sizes = nest.flatten(state_name), nest.flatten(state_size)
        if len(names) != len(sizes):
            raise ValueError(f"Number of elements in argument `state_name` and `cell.state_size` are mismatched. "
                             f"Received state_name={state_name} with {len(names)} elements and "
                             f"cell.state_size={cell.state_size} with {len(sizes)} elements.")
        initial_state = nest.pack_sequence_as(state_size, [state_saver.state(n) for n in names])
    else:
        names, initial_state = [state_name], state_saver.state(state_name)
    outputs, state = static_rnn(cell, inputs, initial_state=initial_state, sequence_length=sequence_length,
                                scope=scope)
    flat_state = nest.flatten(state) if state_is_tuple else [state]
    saves = [state_saver.save_state(name, value) for name, value in zip(names, flat_state)]
    with control_dependencies(saves):
        last = outputs[-1]
        outputs[-1] = nest.pack_sequence_as(last, [identity(t) for t in nest.flatten(last)])
        kept = [identity(t) for t in flat_state]
        state = nest.pack_sequence_as(state, kept) if state_is_tuple else kept[0]
    return outputs, state


__all__ = ["static_state_saving_rnn"]
