"""tf.train.ProfilerHook: traces a step every N steps or seconds and writes it as a Chrome trace
(`timeline-<global step>.json` in output_dir), and its run metadata to the summary writer."""
from __future__ import annotations

import os

from tfsess.framework.config_pb import RunOptions
from tfsess.platform import tf_logging as logging
from tfsess.runtime.file_io import GFile
from tfsess.runtime.timeline import Timeline
from tfsess.summary.writer import FileWriterCache
from tfsess.train.basic_session_run_hooks import SecondOrStepTimer, global_step_read
from tfsess.train.session_run_hook import SessionRunArgs, SessionRunHook


class ProfilerHook(SessionRunHook):
    """Captures a full trace of a step every save_steps steps or save_secs seconds (not the first step)."""

    def __init__(self, save_steps=None, save_secs=None, output_dir="", show_dataflow=True, show_memory=False):
        self._output_file = os.path.join(output_dir, "timeline-{}.json")
        self._file_writer = FileWriterCache.get(output_dir)
        self._show_dataflow, self._show_memory = show_dataflow, show_memory
        self._timer = SecondOrStepTimer(every_secs=save_secs, every_steps=save_steps)

    def begin(self):
        self._next_step = None
        self._global_step_tensor = global_step_read()
        if self._global_step_tensor is None:
            raise RuntimeError("Global step should be created to use ProfilerHook.")

    def before_run(self, run_context):
        self._request_summary = self._next_step is not None and self._timer.should_trigger_for_step(self._next_step)
        options = RunOptions(trace_level=RunOptions.FULL_TRACE) if self._request_summary else None
        return SessionRunArgs({"global_step": self._global_step_tensor}, options=options)

    def after_run(self, run_context, run_values):
        stale_global_step = run_values.results["global_step"]
        if self._next_step is None:  # the timer starts now: no trace before N steps or seconds have passed
            self._timer.update_last_triggered_step(stale_global_step)
        global_step = stale_global_step + 1
        if self._request_summary:
            global_step = run_context.session.run(self._global_step_tensor)
            self._timer.update_last_triggered_step(global_step)
            self._save(global_step, self._output_file.format(global_step), run_values.run_metadata.step_stats)
            self._file_writer.add_run_metadata(run_values.run_metadata, f"step_{global_step}")
        self._next_step = global_step + 1

    def _save(self, step, save_path, step_stats):
        logging.info("Saving timeline for %d into '%s'.", step, save_path)
        with GFile(save_path, "w") as f:
            f.write(Timeline(step_stats).generate_chrome_trace_format(show_dataflow=self._show_dataflow,
                                                                      show_memory=self._show_memory))


__all__ = ["ProfilerHook"]
