"""tf.data.experimental.make_saveable_from_iterator: an iterator's position, saved and restored by
tf.train.Saver, so that a restored iterator goes on from the element where the saved one stood.

TF serializes the iterator's whole state into a variant; tfsess pipelines are Python generators, so the
state saved is the number of elements the iterator has handed out since it was (re)started, and a
restore restarts the iterator's pipeline and draws that many elements again. For deterministic
pipelines (seeded shuffles included) this reaches the same position as TF's; a pipeline over changing
inputs (a generator of varying output, files rewritten since) replays what it yields now. The
checkpoint entry is an int64 scalar under the iterator's op name.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape


def _not_started():
    return errors.FailedPreconditionError(None, None, "The iterator has not been initialized: run its initializer "
                                                      "before saving or restoring its position.")


@register_op("_IteratorPosition", infer=lambda inputs, attrs: [(dtypes.int64, TensorShape([]))], stateful=True,
             gpu=False, no_gradient=True)
def _iterator_position(xp, state):
    if state.elements is None:
        raise _not_started()
    return np.int64(state.produced)


@register_op("_RestoreIteratorPosition", infer=lambda inputs, attrs: [], needs_ctx=True, stateful=True, gpu=False,
             no_gradient=True)
def _restore_iterator_position(xp, state, position, *, ctx):
    if state.pipe is None:
        raise errors.FailedPreconditionError(
            None, None, "Failed to restore dataset iterator from checkpoint: Restore() failed because the iterator "
                        "has not been initialized. Ensure that you have run the initializer operation for this "
                        "iterator before restoring it.. Make sure the dataset definition has not changed between the "
                        "process that saved the checkpoint and the process that is restoring it.")
    state.start(state.pipe)
    for _ in range(int(position)):
        try:
            state.get_next(ctx)
        except errors.OutOfRangeError:
            break
        except errors.OpError:
            pass  # an element that failed still counts as handed out
    return ()


class IteratorSaveable:
    """What tf.train.Saver saves for an iterator: its position under the iterator's op name.

    Saver reads `op`, `name`, `graph`, `device`, `dtype` and `shape` as for a variable, writes
    `saved_tensor()` and restores through `restore_from(value)`.
    """

    def __init__(self, iterator):
        self._resource = iterator._iterator_resource
        self.op, self.graph, self.device = self._resource.op, self._resource.graph, self._resource.device
        self.name, self.dtype, self.shape = self._resource.op.name, dtypes.int64, TensorShape([])

    def saved_tensor(self):
        return apply_op("_IteratorPosition", [self._resource], name="IteratorPosition").outputs[0]

    def restore_from(self, value):
        return apply_op("_RestoreIteratorPosition", [self._resource, value], name="RestoreIteratorPosition")


def make_saveable_from_iterator(iterator, external_state_policy=None):
    """A saveable for `iterator` to pass to tf.train.Saver or add to the SAVEABLE_OBJECTS collection
    (tf.data.experimental.make_saveable_from_iterator): its position survives a save and restore.

    An initializable iterator must have been initialized in the restoring session, as TF requires; a
    one-shot iterator starts itself.
    """
    del external_state_policy  # the position is all that is saved: no external state to warn about
    return IteratorSaveable(iterator)


__all__ = ["make_saveable_from_iterator"]
