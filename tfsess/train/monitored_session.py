"""MonitoredSession, SingularMonitoredSession and MonitoredTrainingSession.

A monitored session is a stack of wrappers around one Session, as in TF:
  _RecoverableSession   re-creates the session after AbortedError / UnavailableError
  _CoordinatedSession   a Coordinator (queue-runner threads, stop requests and their errors)
  _HookedSession        calls every hook's before_run / after_run around each run
Hooks get `begin` before the session exists (the graph is finalized afterwards),
`after_create_session` for every new session, and `end` when the session closes cleanly.
"""
from __future__ import annotations

import inspect
import sys

from tfsess.framework import errors
from tfsess.framework.config_pb import RunMetadata, RunOptions
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import get_collection
from tfsess.ops.variables import GraphKeys
from tfsess.platform import tf_logging as logging
from tfsess.train import basic_session_run_hooks as hooks_lib
from tfsess.train.coordinator import Coordinator
from tfsess.train.queue_runner import start_queue_runners
from tfsess.train.session_manager import ChiefSessionCreator, Scaffold, WorkerSessionCreator
from tfsess.train.session_run_hook import SessionRunArgs, SessionRunContext, SessionRunValues

_PREEMPTION_ERRORS = (errors.AbortedError, errors.UnavailableError)
USE_DEFAULT = object()


class _WrappedSession:
    """Forwards to an inner session; stops when its own check or the inner session says so."""

    def __init__(self, sess):
        self._sess = sess
        self._wrapped_is_stoppable = isinstance(sess, _WrappedSession)

    @property
    def graph(self):
        return self._sess.graph

    def _check_stop(self):
        return False

    def should_stop(self):
        if self._check_stop():
            return True
        if self._sess is not None:
            return self._wrapped_is_stoppable and self._sess.should_stop()
        return True

    def close(self):
        if self._sess is not None:
            try:
                self._sess.close()
            except _PREEMPTION_ERRORS as exc:
                logging.error("An error occurred when attempting to close the session. This may be due to a "
                              "preemption in a connected worker or parameter server. Error: %s", exc)
            finally:
                self._sess = None

    def run(self, *args, **kwargs):
        return self._sess.run(*args, **kwargs)

    def run_step_fn(self, step_fn, raw_session, run_with_hooks):
        return step_fn(StepContext(raw_session, run_with_hooks or self.run))


class _HookedSession(_WrappedSession):
    """Runs the hooks' before_run / after_run around each run, merging their fetches and feeds."""

    def __init__(self, sess, hooks):
        super().__init__(sess)
        self._hooks = hooks
        self._should_stop = False

    def _check_stop(self):
        return self._should_stop

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if self.should_stop():
            raise RuntimeError("Run called even after should_stop requested.")
        actual_fetches = {"caller": fetches}
        run_context = SessionRunContext(original_args=SessionRunArgs(fetches, feed_dict), session=self._sess)
        self._hook_options = []
        feed_dict = self._call_hook_before_run(run_context, actual_fetches, feed_dict)
        if self._hook_options:  # TF merges the hooks' RunOptions into the caller's, keeping the larger values
            merged = RunOptions()
            if options is not None:
                merged.CopyFrom(options)
            for requested in self._hook_options:
                merged.trace_level = max(merged.trace_level, requested.trace_level)
                merged.timeout_in_ms = max(merged.timeout_in_ms, requested.timeout_in_ms)
                merged.output_partition_graphs = merged.output_partition_graphs or requested.output_partition_graphs
            options = merged
            run_metadata = run_metadata if run_metadata is not None else RunMetadata()
        outputs = self._sess.run(actual_fetches, feed_dict=feed_dict, options=options, run_metadata=run_metadata)
        for i, hook in enumerate(self._hooks):
            hook.after_run(run_context, SessionRunValues(results=outputs.get(i), options=options,
                                                         run_metadata=run_metadata))
        self._should_stop = self._should_stop or run_context.stop_requested
        return outputs["caller"]

    def _call_hook_before_run(self, run_context, fetch_dict, user_feed_dict):
        hook_feeds = {}
        for i, hook in enumerate(self._hooks):
            request = hook.before_run(run_context)
            if request is None:
                continue
            if request.fetches is not None:
                fetch_dict[i] = request.fetches  # keyed by position: hooks need not be hashable
            if request.options is not None:
                self._hook_options.append(request.options)
            if request.feed_dict:
                _raise_if_feeds_intersect(hook_feeds, request.feed_dict, "Same tensor is fed by two hooks.")
                hook_feeds.update(request.feed_dict)
        if not hook_feeds:
            return user_feed_dict
        if not user_feed_dict:
            return hook_feeds
        _raise_if_feeds_intersect(user_feed_dict, hook_feeds, "Same tensor is fed by a SessionRunHook and user.")
        return {**hook_feeds, **user_feed_dict}


def _raise_if_feeds_intersect(feeds_1, feeds_2, message):
    intersection = set(feeds_1) & set(feeds_2)
    if intersection:
        raise RuntimeError(f"{message} Conflict(s): {sorted(str(t) for t in intersection)}")


class _CoordinatedSession(_WrappedSession):
    """Stops when the coordinator does and raises the error a coordinated thread reported."""

    def __init__(self, sess, coord, stop_grace_period_secs=120):
        super().__init__(sess)
        self._coord = coord
        self._stop_grace_period_secs = stop_grace_period_secs

    def _check_stop(self):
        self._coord.raise_requested_exception()
        return self._coord.should_stop()

    def close(self):
        self._coord.request_stop()
        try:
            self._coord.join(stop_grace_period_secs=self._stop_grace_period_secs, ignore_live_threads=True)
        finally:
            try:
                super().close()
            except Exception:  # noqa: BLE001 - TF ignores errors while closing after the join
                pass

    def run(self, *args, **kwargs):
        try:
            return self._sess.run(*args, **kwargs)
        except _PREEMPTION_ERRORS:
            raise
        except Exception:
            # A thread's earlier error may be the root cause of this one: raise that instead.
            original = sys.exc_info()[1]
            try:
                self._coord.raise_requested_exception()
            except _PREEMPTION_ERRORS:
                raise
            except Exception:  # noqa: BLE001 - the original error is the one to report
                raise original from None
            raise


class _RecoverableSession(_WrappedSession):
    """Creates the session through `creator` again when a run fails with a preemption error."""

    def __init__(self, creator):
        self._creator = creator
        super().__init__(self._create_session())

    def _create_session(self):
        while True:
            try:
                return self._creator.create_session()
            except _PREEMPTION_ERRORS as exc:
                logging.info("An error was raised while a session was being created. This may be due to a "
                             "preemption of a connected worker or parameter server. A new session will be created. "
                             "Error: %s", exc)

    def _check_stop(self):
        try:
            return self._sess._check_stop() if self._sess is not None else True
        except _PREEMPTION_ERRORS:
            self.close()
            self._sess = None
            return False

    def should_stop(self):
        try:
            return self._sess.should_stop() if self._sess is not None else True
        except _PREEMPTION_ERRORS:
            self.close()
            self._sess = None
            return True

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        while True:
            try:
                if self._sess is None:
                    self._sess = self._create_session()
                return self._sess.run(fetches, feed_dict=feed_dict, options=options, run_metadata=run_metadata)
            except _PREEMPTION_ERRORS as exc:
                logging.info("An error was raised. This may be due to a preemption in a connected worker or "
                             "parameter server. Closing the current session and creating a new one. Error: %s", exc)
                self.close()
                self._sess = None


class _CoordinatedSessionCreator:
    """Creates the session, starts queue runners under a Coordinator and calls after_create_session."""

    def __init__(self, session_creator, hooks, stop_grace_period_secs):
        self._session_creator, self._hooks = session_creator, hooks
        self._stop_grace_period_secs = stop_grace_period_secs
        self.tf_sess = None
        self.coord = None

    def create_session(self):
        self.tf_sess = self._session_creator.create_session()
        self.coord = Coordinator(clean_stop_exception_types=[])
        if get_collection(GraphKeys.QUEUE_RUNNERS):
            start_queue_runners(sess=self.tf_sess, coord=self.coord)
        for hook in self._hooks:
            hook.after_create_session(self.tf_sess, self.coord)
        return _CoordinatedSession(_HookedSession(self.tf_sess, self._hooks), self.coord,
                                   self._stop_grace_period_secs)


class StepContext:
    """What `run_step_fn`'s step_fn gets: the raw session, a run through the hooks, and request_stop."""

    def __init__(self, session, run_with_hooks_fn):
        self._session, self._run_with_hooks_fn = session, run_with_hooks_fn

    @property
    def session(self):
        return self._session

    def run_with_hooks(self, *args, **kwargs):
        return self._run_with_hooks_fn(*args, **kwargs)

    def request_stop(self):
        """Ends the iterations: the monitored session's `with` block exits cleanly."""
        raise StopIteration("step_fn has requested the iterations to stop.")


class _MonitoredSession:
    """The shared body of MonitoredSession and SingularMonitoredSession."""

    def __init__(self, session_creator, hooks, should_recover, stop_grace_period_secs=120):
        self._graph_was_finalized = get_default_graph().finalized
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._coordinated_creator = _CoordinatedSessionCreator(session_creator or ChiefSessionCreator(),
                                                               self._hooks, stop_grace_period_secs)
        if should_recover:
            self._sess = _RecoverableSession(self._coordinated_creator)
        else:
            self._sess = self._coordinated_creator.create_session()

    @property
    def graph(self):
        """The graph the session runs."""
        return self._tf_sess().graph

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs the fetches through the hooks (RuntimeError once should_stop() is True).

        Raises:
          AttributeError: the session was closed; TF's MonitoredSession calls run on its dropped
            inner session and fails so, and code written against it may catch that.
        """
        if self._sess is None:
            raise AttributeError("'NoneType' object has no attribute 'run'")
        return self._sess.run(fetches, feed_dict=feed_dict, options=options, run_metadata=run_metadata)

    def run_step_fn(self, step_fn):
        """Calls step_fn(step_context) and returns its result; step_context.request_stop() ends the loop."""
        params = list(inspect.signature(step_fn).parameters)
        if params not in (["step_context"], ["self", "step_context"]):
            raise ValueError(f"`step_fn` may either have one `step_context` argument, or `self` and "
                             f"`step_context` arguments if it's an instance method. Got {params} instead.")
        return self._sess.run_step_fn(step_fn, self._tf_sess(), run_with_hooks=None)

    def should_stop(self):
        """True once a hook or the coordinator asked to stop, or the session is closed."""
        return self._sess is None or self._sess.should_stop()

    def close(self):
        """Calls the hooks' end, closes the session and lets the graph change again."""
        self._close_internal()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        if exception_type in (errors.OutOfRangeError, StopIteration):
            exception_type = None  # the end of the input or a stop request ends training cleanly
        self._close_internal(exception_type)
        return exception_type is None

    def _close_internal(self, exception_type=None):
        try:
            if not exception_type:
                for hook in self._hooks:
                    hook.end(self._coordinated_creator.tf_sess)
        finally:
            try:
                if self._sess is None:
                    raise RuntimeError("Session is already closed.")
                self._sess.close()
            finally:
                self._sess = None
                self._coordinated_creator.tf_sess = None
                self._coordinated_creator.coord = None
                if not self._graph_was_finalized:
                    get_default_graph()._unsafe_unfinalize()

    def _tf_sess(self):
        return self._coordinated_creator.tf_sess


class MonitoredSession(_MonitoredSession):
    """A session that runs hooks, initializes or restores the model and recovers from preemption.

    Use it as a context manager: `while not sess.should_stop(): sess.run(train_op)`.
    """

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        super().__init__(session_creator, hooks, should_recover=True, stop_grace_period_secs=stop_grace_period_secs)


class SingularMonitoredSession(_MonitoredSession):
    """A MonitoredSession for one process (a chief, no recovery) that also exposes the raw Session."""

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        creator = ChiefSessionCreator(scaffold=scaffold, master=master, config=config, checkpoint_dir=checkpoint_dir,
                                      checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(creator, hooks, should_recover=False, stop_grace_period_secs=stop_grace_period_secs)

    def raw_session(self):
        """The underlying tf.Session (runs without hooks)."""
        return self._tf_sess()


def _resolve(steps, secs, default_steps, default_secs):
    if steps is USE_DEFAULT and secs is USE_DEFAULT:
        return default_steps, default_secs
    return (None if steps is USE_DEFAULT else steps), (None if secs is USE_DEFAULT else secs)


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None, scaffold=None,  # noqa: N802 - TF's name
                             hooks=None, chief_only_hooks=None, save_checkpoint_secs=USE_DEFAULT,
                             save_summaries_steps=USE_DEFAULT, save_summaries_secs=USE_DEFAULT, config=None,
                             stop_grace_period_secs=120, log_step_count_steps=100, max_wait_secs=7200,
                             save_checkpoint_steps=USE_DEFAULT, summary_dir=None, save_graph_def=True):
    """A MonitoredSession set up for training: the chief restores/initializes and adds the stock hooks.

    With a checkpoint_dir the chief restores its latest checkpoint and saves every
    `save_checkpoint_secs` (600 by default) or `save_checkpoint_steps`; summaries go to summary_dir
    (default checkpoint_dir) every `save_summaries_steps` (100 by default); the speed is logged every
    `log_step_count_steps`. A non-chief waits for the chief's model and runs only `hooks`.
    """
    save_summaries_steps, save_summaries_secs = _resolve(save_summaries_steps, save_summaries_secs, 100, None)
    save_checkpoint_steps, save_checkpoint_secs = _resolve(save_checkpoint_steps, save_checkpoint_secs, None, 600)
    scaffold = scaffold or Scaffold()
    if not is_chief:
        creator = WorkerSessionCreator(scaffold=scaffold, master=master, config=config, max_wait_secs=max_wait_secs)
        return MonitoredSession(session_creator=creator, hooks=hooks or [],
                                stop_grace_period_secs=stop_grace_period_secs)
    all_hooks = list(chief_only_hooks or [])
    creator = ChiefSessionCreator(scaffold=scaffold, checkpoint_dir=checkpoint_dir, master=master, config=config)
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(hooks_lib.StepCounterHook(output_dir=summary_dir, every_n_steps=log_step_count_steps))
        if (save_summaries_steps and save_summaries_steps > 0) or (save_summaries_secs and save_summaries_secs > 0):
            all_hooks.append(hooks_lib.SummarySaverHook(scaffold=scaffold, save_steps=save_summaries_steps,
                                                        save_secs=save_summaries_secs, output_dir=summary_dir))
    if checkpoint_dir and ((save_checkpoint_secs and save_checkpoint_secs > 0)
                           or (save_checkpoint_steps and save_checkpoint_steps > 0)):
        all_hooks.append(hooks_lib.CheckpointSaverHook(checkpoint_dir, save_steps=save_checkpoint_steps,
                                                       save_secs=save_checkpoint_secs, scaffold=scaffold,
                                                       save_graph_def=save_graph_def))
    all_hooks.extend(hooks or [])
    return MonitoredSession(session_creator=creator, hooks=all_hooks, stop_grace_period_secs=stop_grace_period_secs)


__all__ = ["MonitoredSession", "MonitoredTrainingSession", "SingularMonitoredSession", "StepContext"]
