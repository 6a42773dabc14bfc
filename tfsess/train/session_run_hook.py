"""SessionRunHook and the records passed to hooks around each MonitoredSession.run call."""
from __future__ import annotations

import collections


class SessionRunHook:
    """Hook into a MonitoredSession's life: begin, after_create_session, before_run, after_run, end.

    Every method does nothing by default; subclasses override the ones they need.
    """

    def begin(self):
        """Called once before the session is created; the graph may still change."""

    def after_create_session(self, session, coord):
        """Called when the session is created (and again when it is recovered); the graph is final."""

    def before_run(self, run_context):
        """Called before each run: return a SessionRunArgs to add fetches, feeds or options, or None."""
        return None

    def after_run(self, run_context, run_values):
        """Called after each run with this hook's results in run_values.results."""

    def end(self, session):
        """Called at the end of the session (not when a run raised)."""


class SessionRunArgs(collections.namedtuple("SessionRunArgs", ["fetches", "feed_dict", "options"])):
    """What a hook adds to the coming run: fetches (any fetch structure), feed_dict and RunOptions."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunContext:
    """The run in progress, as hooks see it: the caller's arguments, the session, and a stop request."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self):
        """SessionRunArgs of the caller's run (fetches and feed_dict)."""
        return self._original_args

    @property
    def session(self):
        """The session the hooks may run extra fetches in (without hooks)."""
        return self._session

    @property
    def stop_requested(self):
        return self._stop_requested

    def request_stop(self):
        """Asks the MonitoredSession to stop: should_stop() becomes True after this run."""
        self._stop_requested = True


class SessionRunValues(collections.namedtuple("SessionRunValues", ["results", "options", "run_metadata"])):
    """A hook's results for the fetches its before_run asked for, plus the run's options and metadata."""


__all__ = ["SessionRunArgs", "SessionRunContext", "SessionRunHook", "SessionRunValues"]
