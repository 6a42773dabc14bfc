"""Session and InteractiveSession: run fetches through a FetchHandler on the session's Runtime.

    Session.run(fetches, feed_dict)
      -> FetchHandler (client/fetch.py; cached per run signature): feeds normalised, RunSignature
      -> Runtime.run (runtime/local.py, or distributed/runtime.py for Dask targets)
      -> FetchHandler.build_results
"""
from __future__ import annotations

import contextlib
import itertools
import threading
import weakref

from tfsess.client import run_observers
from tfsess.client.fetch import FetchHandler, feed_value, flatten_feed_items, for_fetch, resolve_feed_key
from tfsess.client.partial_run import PartialRunState
from tfsess.client.session_targets import is_dask_target, open_runtime
from tfsess.client.session_handles import wrap_handles
from tfsess.framework import errors
from tfsess.framework.config_pb import ConfigProto, RunMetadata, RunOptions
from tfsess.framework.default_session import (  # noqa: F401 - get_default_session, set_process_default_session re-exported
    get_default_session, session_as_default, set_process_default_session)
from tfsess.framework.graph import Graph, get_default_graph
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.runtime import device_context
from tfsess.runtime.runtime import run_signature

MAX_HANDLERS = 1024  # run signatures remembered per session
_LOCAL_SESSIONS = weakref.WeakSet()  # the in-process sessions open now: what Session.reset closes


class BaseSession:
    """What Session and InteractiveSession share: running graphs, closing, callables."""

    _handles = itertools.count()

    def __init__(self, target="", graph=None, config=None):
        if graph is None:
            graph = get_default_graph()
        elif not isinstance(graph, Graph):
            raise TypeError(f"graph must be a tf.Graph, but got {type(graph)}")
        if config is None:
            config = device_context.session_config()
        elif not isinstance(config, ConfigProto):
            raise TypeError(f"config must be a tf.ConfigProto, but got {type(config)}")
        self._graph = graph
        self._config = config
        self._closed = False
        self._lock = threading.Lock()
        self._handlers = {}
        self._partial = {}
        self._runtime = None
        self._target_none = target is None
        self._runtime = self._open_runtime(target, graph, config)
        if _is_local_target(target):
            _LOCAL_SESSIONS.add(self)

    def _open_runtime(self, target, graph, config):
        return open_runtime(target, graph, config)

    # -------------------------------------------------------------- properties
    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def graph_def(self):
        return self._graph.as_graph_def()

    @property
    def sess_str(self):
        return None if self._target_none else self._runtime.target  # TF keeps a None target as None

    @property
    def config(self):
        return self._config

    @property
    def runtime(self):
        """Beyond TF: the Runtime running this session's steps (local, or a Dask cluster's)."""
        return self._runtime

    def as_default(self):
        """Makes this the default session in a `with` block; never closes it."""
        return session_as_default(self)

    def list_devices(self):
        """The devices this session can place ops on (name, device_type, memory_limit_bytes).

        Raises:
            CancelledError: the session is closed (TF asks its closed C session, which cancels).
        """
        if self._closed:
            raise errors.CancelledError(None, None, "Session has been closed.")
        return self._runtime.list_devices()

    def memory_info(self):
        """Beyond TF: per device bytes in use, peak, limit and reserved (for the notebook widgets)."""
        return self._runtime.memory_info()

    def placement_info(self):
        """Beyond TF: where each op placed by this session's runs went, soft placements marked."""
        return self._runtime.placement_info()

    def variable_value(self, variable):
        """Beyond TF: the value `variable` holds in this session, or None when it has none; runs nothing."""
        op = variable.op
        shared = op._attr("shared_name") if "shared_name" in getattr(op, "_attrs", {}) else ""
        ref = self._runtime.resource(("variable", shared or op.name))
        return ref.value if ref is not None and ref.initialized else None

    def resource_items(self) -> list:
        """Beyond TF: the (key, resource) pairs this session holds (variables, queues, reader states)."""
        return [] if self._closed else self._runtime.resource_items()

    def close(self):
        """Releases the session's resources, cancelling blocked calls. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._handlers = {}
        self._partial = {}
        if self._runtime is not None:
            self._runtime.close()

    def __del__(self):
        try:
            if not self._closed:
                self._closed = True
                if self._runtime is not None:
                    self._runtime.finalize()  # never blocks: a remote runtime releases from a thread
        except Exception:  # noqa: BLE001 - never raise from a finalizer
            pass

    def _check_open(self):
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")

    # -------------------------------------------------------------- run
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Runs the ops and evaluates the tensors in `fetches`, substituting `feed_dict` values.

        Returns:
            The fetched values in the structure of `fetches` (None for operations).
        Raises:
            RuntimeError: the session is closed or the graph is empty.
            TypeError, ValueError: a fetch or feed is of the wrong kind, graph or shape.
            errors.OpError: an op failed while running.
        """
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if run_observers.has_observers():
            run_observers.notify_run(self)
        try:
            handler = self._handler(fetches, feed_dict)
        except (TypeError, ValueError):
            _check_feeds_first(self._graph, feed_dict)
            raise
        feeds = handler.feeds(feed_dict) if feed_dict else {}
        if not handler.elements:
            return handler.build_results([], feeds)
        if options is not None and type(options) is not RunOptions:
            options = _as_run_options(options)
        metadata = None if run_metadata is None else RunMetadata()
        values = self._runtime.run(handler.signature or handler.signature_for(feeds), feeds, options, metadata, self)
        if metadata is not None:  # TF replaces what it was given with the step's metadata, after the step
            if type(run_metadata) is RunMetadata:
                run_metadata.CopyFrom(metadata)
            elif not hasattr(run_metadata, "ParseFromString"):
                raise AttributeError(f"'{type(run_metadata).__name__}' object has no attribute 'ParseFromString'")
            else:
                run_metadata.ParseFromString(metadata.SerializeToString())
        return handler.build_results(values, feeds, self)

    def _handler(self, fetches, feed_dict) -> FetchHandler:
        """The FetchHandler of this run signature: cached when fetches and feed keys are hashable."""
        keys = tuple(feed_dict) if feed_dict else ()
        try:
            handler = self._handlers.get((fetches, keys))
        except TypeError:  # an unhashable fetch structure (list, dict): built afresh
            return self._new_handler(fetches, keys)
        if handler is None or handler.version != self._graph.version:
            handler = self._new_handler(fetches, keys)
            if handler.signature is not None:
                if len(self._handlers) >= MAX_HANDLERS:
                    self._handlers.clear()
                self._handlers[(fetches, keys)] = handler
        return handler

    def _new_handler(self, fetches, keys) -> FetchHandler:
        if self._graph.version == 0:
            raise RuntimeError("The Session graph is empty. Add operations to the graph before calling run().")
        return FetchHandler(self._graph, fetches, keys)

    # -------------------------------------------------------------- callables
    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """Returns a function that runs `fetches` with positional values for `feed_list`."""
        if feed_list is not None:
            if not isinstance(feed_list, (list, tuple)):
                raise TypeError(f"Argument `feed_list` must be a list or tuple. Received: feed_list={feed_list}")
            feed_list = list(feed_list)
            # As TF: a feed list delegates to run() with the arguments zipped onto it, so bad fetches or
            # feed keys only raise when called. Resolve them now when possible for the fast path.
            try:
                handler = FetchHandler(self._graph, fetches, tuple(feed_list))
            except (TypeError, ValueError):
                handler = None
            if handler is None or handler.signature is None or len(handler.feed_pairs) != len(
                    handler.signature.feed_tensors):
                return lambda *args, **kwargs: self.run(fetches, dict(zip(feed_list, args)), **kwargs)
        else:
            handler = FetchHandler(self._graph, fetches)
        feed_tensors = [t for _, t in handler.feed_pairs]
        has_feeds = feed_list is not None

        def call(*args, options=None, run_metadata=None):
            if self._closed:
                if has_feeds:
                    raise RuntimeError("Attempted to use a closed Session.")
                raise errors.CancelledError(None, None, "Session has been closed.")
            if len(args) != len(feed_tensors) or options is not None or run_metadata is not None:
                # TF zips: extra values are ignored, missing ones unfed; run checks options and metadata
                return self.run(fetches, dict(zip(feed_list or [], args)), options, run_metadata)
            feeds = {t: feed_value(t, v) for t, v in zip(feed_tensors, args)}
            if not handler.elements:
                return handler.build_results([], feeds)
            values = self._runtime.run(handler.signature, feeds, options, run_metadata, self)
            return handler.build_results(values, feeds, self)

        if has_feeds:
            return call
        if accept_options:
            def call_with_options(options=None, run_metadata=None):  # TF's: no positional feed values
                if options and not hasattr(options, "SerializeToString"):
                    raise AttributeError(f"'{type(options).__name__}' object has no attribute 'SerializeToString'")
                return call(options=options, run_metadata=run_metadata)
            return call_with_options
        return lambda: call()  # TF's callables without a feed list take no arguments

    # -------------------------------------------------------------- partial runs
    def partial_run_setup(self, fetches, feeds=None):
        """Sets up a partial run of `fetches` fed in steps by `feeds`; returns a handle."""
        self._check_open()
        if self._graph.version == 0:
            raise RuntimeError("The Session graph is empty. Add operations to the graph before calling run().")
        fetch_elements = for_fetch(fetches, self._graph).unique_fetches()
        if not fetch_elements:
            raise errors.InvalidArgumentError(None, None, "Must specify at least one target to fetch or execute.")
        if feeds is None:
            feeds = []
        feed_tensors = [_partial_feed_key(self._graph, part)
                        for f in (feeds if isinstance(feeds, (list, tuple)) else [feeds])
                        for part in _expand_feed(f)]
        for t in feed_tensors:
            if t in fetch_elements:
                raise errors.InvalidArgumentError(None, None, f"{t.name} is both fed and fetched.")
        handle = f"partial_run_{next(self._handles)}"
        self._partial[handle] = PartialRunState(list(dict.fromkeys(fetch_elements)), feed_tensors)
        return handle

    def partial_run(self, handle, fetches, feed_dict=None):
        """Continues the partial run `handle`: feeds more inputs and fetches more outputs."""
        self._check_open()
        state = self._partial.get(handle)
        if state is None:
            raise errors.InvalidArgumentError(None, None, "Must run 'setup' before performing partial runs!")
        try:
            handler = FetchHandler(self._graph, fetches, tuple(feed_dict) if feed_dict else ())
        except (TypeError, ValueError):
            _check_feeds_first(self._graph, feed_dict)
            raise
        feeds = handler.feeds(feed_dict)
        if handler.targets:
            raise RuntimeError(f"partial_run() requires empty `target_list`. Received: target_list="
                               f"{handler.targets} (non-empty)")
        state.check(feeds, handler.elements)
        fed, targets, boundary = state.step(handler.fetch_tensors, feeds)
        raw = []
        if handler.elements or targets:
            signature = run_signature(handler.fetch_tensors + boundary, targets, fed, ran_ops=state.ran_before)
            try:
                raw = self._runtime.run(signature, fed, session=self)
            except errors.OpError:
                self._partial.pop(handle, None)  # as TF: a failed step ends its partial run
                raise
        n = len(handler.fetch_tensors)
        values = handler.element_values(raw[:n], {**state.values, **feeds}) if handler.elements else []
        state.record(feeds, handler.elements, values, boundary, raw[n:])
        if state.done():
            self._partial.pop(handle, None)
        if handler.handle_dtypes:
            values = wrap_handles(values, handler.handle_dtypes, self)
        return handler.mapper.build_results(values)


def _check_feeds_first(graph, feed_dict) -> None:
    """Raises the error of a bad feed in `feed_dict`, if any: TF checks every feed before the fetches."""
    if feed_dict:
        for key, value in flatten_feed_items(feed_dict):
            feed_value(resolve_feed_key(graph, key), value)


def _as_run_options(options) -> RunOptions:
    """`options` as RunOptions: TF serializes any message given and reads the bytes as RunOptions."""
    if not hasattr(options, "SerializeToString"):
        raise AttributeError(f"'{type(options).__name__}' object has no attribute 'SerializeToString'")
    try:
        return RunOptions.FromString(options.SerializeToString())
    except Exception:  # noqa: BLE001 - bytes of another message: TF's parser skips the fields it cannot read
        return RunOptions()


def _expand_feed(feed) -> list:
    """A sparse feed key stands for its three component tensors, as in TF's feed expansions."""
    if isinstance(feed, SparseTensor):
        return [feed.indices, feed.values, feed.dense_shape]
    return [feed]


def _partial_feed_key(graph, key):
    """A partial_run_setup feed key as its tensor. TF re-raises a failed lookup after setting `e.message`,
    which only OpErrors have, so every other failure surfaces as an AttributeError."""
    try:
        return graph.as_graph_element(key, allow_tensor=True, allow_operation=False)
    except errors.OpError:
        raise
    except Exception as exc:  # noqa: BLE001 - TF's own behaviour, see the docstring
        raise AttributeError(f"'{type(exc).__name__}' object has no attribute 'message' "
                             f"(Cannot interpret argument `feed` key as Tensor: {exc})") from exc


def _is_local_target(target) -> bool:
    return target is None or target in ("", b"")


class Session(BaseSession):
    """A class for running TensorFlow operations (tf.Session); a context manager that closes."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._context_managers = None

    @classmethod
    def reset(cls, target, containers=None, config=None):
        """Resets resource containers on `target` and closes all its open sessions (tf.Session.reset).

        For the in-process target ('') this is what TF's DirectSession factory does: every
        open in-process session (Session or InteractiveSession, any graph) loses its resources
        (variable values, queues, reader states: each session owns its containers, so `containers`
        selects nothing more) and is closed; a later `run` on one raises CancelledError, and
        `close()` still works. Sessions created afterwards start empty.

        Raises:
            TypeError: `containers` is not a list of strings.
            UnimplementedError: `target` is a Dask cluster (its workers keep their own state).
            NotFoundError: no kind of session serves `target`.
        """
        if containers is not None and (isinstance(containers, (str, bytes))
                                       or not all(isinstance(c, (str, bytes)) for c in containers)):
            raise TypeError(f"containers must be a list of strings, but got {containers!r}")
        if config is not None and not isinstance(config, ConfigProto):
            raise TypeError(f"config must be a tf.ConfigProto, but got {type(config)}")
        if is_dask_target(target):
            raise errors.UnimplementedError(None, None, "Session.reset is not supported for Dask targets")
        if not _is_local_target(target):
            if not isinstance(target, (str, bytes)):
                raise TypeError(f"target must be a string, but got {type(target)}")
            text = target.decode(errors="replace") if isinstance(target, bytes) else target
            raise errors.NotFoundError(None, None, "No session factory registered for the given session options: "
                                                   f"{{target: \"{text}\"}}")
        for session in list(_LOCAL_SESSIONS):
            _LOCAL_SESSIONS.discard(session)
            if not session._closed and session._runtime is not None:
                session._runtime.close()  # TF leaves the Python object open: run raises CancelledError

    def __enter__(self):
        if self._context_managers is not None:
            raise RuntimeError("Session context managers are not re-entrant. Use `Session.as_default()` "
                               "if you want to enter a session multiple times.")
        stack = contextlib.ExitStack()
        stack.enter_context(self._graph.as_default())
        stack.enter_context(self.as_default())
        self._context_managers = stack
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        stack, self._context_managers = self._context_managers, None
        try:
            if stack is not None:
                stack.close()
        finally:
            self.close()
        return False


class InteractiveSession(BaseSession):
    """A session that installs itself as the default (and its graph as default) on construction."""

    _active = 0

    def __init__(self, target="", graph=None, config=None):
        if config is None:
            config = device_context.session_config()
            config.gpu_options.allow_growth = True  # as TF's InteractiveSession does
        config.graph_options.place_pruned_graph = True  # TF: interactive sessions place pruned graphs
        super().__init__(target, graph, config)
        self._owner = threading.current_thread()
        # as TF: the session becomes the default, then a graph given explicitly (not the default graph,
        # which tf.reset_default_graph may still replace)
        self._defaults = [self.as_default()] + ([] if graph is None else [self._graph.as_default()])
        for manager in self._defaults:
            manager.__enter__()

    def close(self):
        """Closes the session and leaves its default graph, then its default session block, as TF:
        closing one while a later InteractiveSession is still open raises TF's AssertionError."""
        super().close()
        defaults, self._defaults = getattr(self, "_defaults", None), None
        for manager in reversed(defaults or ()):
            try:
                manager.__exit__(None, None, None)
            except AssertionError:
                if threading.current_thread() is self._owner:
                    raise  # the stacks stay as they were
                return
            except Exception:  # noqa: BLE001 - closing from another thread
                return
