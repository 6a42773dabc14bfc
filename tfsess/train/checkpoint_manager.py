"""tf.train.CheckpointManager: numbered saves of a tf.train.Checkpoint, keeping the most recent few.

As TF's: each save writes `<directory>/<checkpoint_name>-<number>` (the number is the checkpoint's
save_counter, or `checkpoint_number`), records it in the directory's `checkpoint` state file with
its timestamp, and deletes the oldest checkpoints beyond `max_to_keep`, except one every
`keep_checkpoint_every_n_hours`. A new manager picks up the state file a previous one left.
"""
from __future__ import annotations

import collections
import copy
import glob
import numbers
import os
import time

from tfsess.framework.default_session import get_default_session
from tfsess.train.checkpoint import CheckpointOptions, session_or_default
from tfsess.train.checkpoint_management import _update_checkpoint_state, get_checkpoint_state
from tfsess.train.training_util import global_step


def _delete_file_if_exists(pattern):
    for path in glob.glob(pattern):
        if os.path.isfile(path):
            os.remove(path)


class CheckpointManager:
    """Saves and garbage-collects the checkpoints of `checkpoint` in `directory` (tf.train.CheckpointManager).

    Raises:
        ValueError: `max_to_keep` is not positive or None; `checkpoint_interval` without `step_counter`.
    """

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None, init_fn=None,
                 last_checkpoint_step=None):
        self._checkpoint = checkpoint
        self._save_counter_assign = None
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError(f"Expected a positive integer or `None` for `max_to_keep`, got {max_to_keep}.")
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._directory = os.fspath(directory)
        self._checkpoint_prefix = os.path.join(self._directory, checkpoint_name)
        self._init_fn = init_fn
        if checkpoint_interval is not None:
            if step_counter is None:
                raise ValueError("`step_counter` should be passed if `checkpoint_interval` is not None.")
            self._last_checkpoint_step = last_checkpoint_step
            self._step_counter = step_counter
        self._checkpoint_interval = checkpoint_interval
        self._maybe_delete = collections.OrderedDict()
        self._recover(get_checkpoint_state(self._directory), time.time())

    def _recover(self, state, now):
        """Takes over the checkpoints a previous manager recorded in the directory's state file."""
        if state is None:
            self._latest_checkpoint = None
            self._last_preserved_timestamp = now - 1.0
            return
        self._latest_checkpoint = state.model_checkpoint_path
        self._last_preserved_timestamp = min(state.last_preserved_timestamp, now)
        timestamps = state.all_model_checkpoint_timestamps or \
            [self._last_preserved_timestamp] * len(state.all_model_checkpoint_paths)
        for filename, timestamp in zip(state.all_model_checkpoint_paths, timestamps):
            timestamp = min(timestamp, now)
            if timestamp > self._last_preserved_timestamp:
                self._maybe_delete[filename] = timestamp

    @property
    def directory(self):
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def checkpoint_interval(self):
        return self._checkpoint_interval

    @property
    def latest_checkpoint(self):
        """The prefix of the newest checkpoint, or None."""
        return self._latest_checkpoint

    @property
    def checkpoints(self):
        """The prefixes of the checkpoints kept for deletion bookkeeping, oldest first."""
        return list(self._maybe_delete)

    def _sweep(self):
        if not self._max_to_keep:
            return
        while len(self._maybe_delete) > self._max_to_keep:
            filename, timestamp = self._maybe_delete.popitem(last=False)
            if (self._keep_checkpoint_every_n_hours
                    and timestamp - self._keep_checkpoint_every_n_hours * 3600.0 >= self._last_preserved_timestamp):
                self._last_preserved_timestamp = timestamp
                continue
            _delete_file_if_exists(filename + ".index")
            _delete_file_if_exists(filename + ".data-?????-of-?????")

    def _record_state(self):
        filenames, timestamps = zip(*self._maybe_delete.items())
        _update_checkpoint_state(self._directory, self._latest_checkpoint, list(filenames),
                                 all_model_checkpoint_timestamps=list(timestamps),
                                 last_preserved_timestamp=self._last_preserved_timestamp, save_relative_paths=True)

    def _record_and_sweep(self, save_path):
        if save_path in self._maybe_delete:
            del self._maybe_delete[save_path]
        self._maybe_delete[save_path] = time.time()
        self._latest_checkpoint = save_path
        self._record_state()
        self._sweep()
        self._record_state()

    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Increments the save counter, writes a numbered checkpoint and deletes the surplus; its path.

        `checkpoint_number` (an int, or a variable or tensor such as the global step) numbers the
        checkpoint instead of the save counter. With `checkpoint_interval`, returns None without
        saving when fewer steps than the interval have passed since the last save.
        """
        session = session_or_default(get_default_session(), "CheckpointManager.save")
        if self._checkpoint_interval is not None:
            current_step = int(global_step(session, self._step_counter))
            if self._last_checkpoint_step is not None:
                if current_step == self._last_checkpoint_step:
                    return None
                if check_interval and current_step < self._last_checkpoint_step + self._checkpoint_interval:
                    return None
            self._last_checkpoint_step = current_step
        if self._checkpoint._self_save_counter is None:
            session.run(self._checkpoint.save_counter.initializer)
        save_counter = self._checkpoint.save_counter
        if self._save_counter_assign is None:
            self._save_counter_assign = save_counter.assign_add(1, read_value=False)
        session.run(self._save_counter_assign)
        if checkpoint_number is None:
            checkpoint_number = save_counter
        if not isinstance(checkpoint_number, numbers.Integral):
            checkpoint_number = global_step(session, checkpoint_number)
        prefix = f"{self._checkpoint_prefix}-{int(checkpoint_number)}"
        options = copy.copy(options) if options is not None else CheckpointOptions()
        options.experimental_write_callbacks = list(options.experimental_write_callbacks or ()) + \
            [self._record_and_sweep]
        return self._checkpoint.write(prefix, session=session, options=options)

    def restore_or_initialize(self):
        """Restores the latest checkpoint (returning its path) or calls `init_fn` (returning None).

        The restore status is not kept: in graph mode, use `checkpoint.restore(manager.latest_checkpoint)`
        to run its restore ops.
        """
        if self._latest_checkpoint is not None:
            self._checkpoint.restore(self._latest_checkpoint)
            if self._checkpoint_interval is not None:
                self._last_checkpoint_step = int(global_step(get_default_session(), self._step_counter))
            return self._latest_checkpoint
        if self._init_fn is not None:
            self._init_fn()
        return None

    def sync(self):
        """Waits for pending writes: every write here finishes before `save` returns."""


__all__ = ["CheckpointManager"]
