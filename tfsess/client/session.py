"""Session, InteractiveSession and the default-session stack."""
from __future__ import annotations

import contextlib
import itertools
import threading
import time

import numpy as np

from tfsess.client import fetch as fetch_lib
from tfsess.client import run_observers
from tfsess.framework import errors
from tfsess.framework.config_pb import ConfigProto
from tfsess.framework.default_session import (  # noqa: F401 - get_default_session, set_process_default_session re-exported
    _process_default, get_default_session, session_as_default, set_process_default_session)
from tfsess.framework.graph import Graph, get_default_graph
from tfsess.framework.operation import Operation, Tensor
from tfsess.runtime.devices import DeviceManager
from tfsess.runtime.executor import Plan, RunContext
from tfsess.runtime.resources import ResourceManager


def _fetch_value(value, fed: bool):
    """A run result as TF returns it: NumPy scalars for rank 0 (a fed value comes back as fed)."""
    if isinstance(value, np.ndarray):
        if fed:
            return value
        if value.ndim == 0:
            return value[()]
        if not value.flags.writeable:
            return value.copy()  # never hand out a constant's or a variable's own buffer
        return value
    if isinstance(value, np.generic) or fed:
        return value
    to_host = getattr(value, "get", None)  # a CuPy array
    return _fetch_value(to_host(), fed) if to_host is not None else value


# ------------------------------------------------------------------ sessions
class BaseSession:
    """What Session and InteractiveSession share: running graphs, closing, callables."""

    _handles = itertools.count()

    def __new__(cls, target="", *args, **kwargs):
        if target not in ("", b"", "local", b"local", None):
            from tfsess.distributed import session_class  # dask:// targets, Clients, Dask clusters
            cls = session_class(cls, target)
        return super().__new__(cls)

    def __init__(self, target="", graph=None, config=None):
        if graph is None:
            graph = get_default_graph()
        elif not isinstance(graph, Graph):
            raise TypeError(f"graph must be a tf.Graph, but got {type(graph)}")
        if config is None:
            config = ConfigProto()
        elif not isinstance(config, ConfigProto):
            raise TypeError(f"config must be a tf.ConfigProto, but got {type(config)}")
        if target is None:
            target = ""
        if not isinstance(target, (str, bytes)):
            raise TypeError(f"target must be a string, but got {type(target)}")
        self._target = target.encode() if isinstance(target, str) else target
        if self._target not in (b"", b"local"):
            raise errors.NotFoundError(
                None, None, f"No session factory registered for the given session options: "
                            f"{{target: \"{self._target.decode(errors='replace')}\"}}. tfsess supports "
                            "the in-process target '' only.")
        self._graph = graph
        self._config = config
        self._closed = False
        self._lock = threading.Lock()
        self._plans = {}
        self._fast = {}
        self._partial = {}
        self._resources = ResourceManager()
        self._devices = DeviceManager(config)
        self._step_ids = itertools.count(1)
        self._compilations = 0
        # OptimizerOptions.L0 turns off tfsess's graph rewrites (folding, fusion), as it does Grappler's
        self._rewrites = config.graph_options.optimizer_options.opt_level != -1

    # -------------------------------------------------------------- properties
    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def graph_def(self):
        return self._graph.as_graph_def()

    @property
    def sess_str(self) -> bytes:
        return self._target

    @property
    def config(self):
        return self._config

    def as_default(self):
        """Makes this the default session in a `with` block; never closes it."""
        return session_as_default(self)

    def list_devices(self):
        """The devices this session can place ops on (name, device_type, memory_limit_bytes)."""
        self._check_open()
        return self._devices.list_devices()

    def memory_info(self):
        """Beyond TF: per device bytes in use, peak, limit and reserved (for the notebook widgets)."""
        return self._devices.memory_info()

    def placement_info(self):
        """Beyond TF: where each op placed by this session's runs went, soft placements marked."""
        return self._devices.placement_info()

    def variable_value(self, variable):
        """Beyond TF: the value `variable` holds in this session, or None when it has none; runs nothing."""
        op = variable.op
        shared = op.get_attr("shared_name") if "shared_name" in getattr(op, "_attrs", {}) else ""
        ref = self._resources.get(("variable", shared or op.name))
        return ref.value if ref is not None and ref.initialized else None

    def resource_items(self) -> list:
        """Beyond TF: the (key, resource) pairs this session holds (variables, queues, reader states)."""
        return [] if self._closed else self._resources.items()

    def close(self):
        """Releases the session's resources, cancelling blocked calls. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._resources.close()
        self._devices.release()
        self._plans = {}
        self._fast = {}
        self._partial = {}

    def __del__(self):
        try:
            self.close()
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
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if run_observers.has_observers():
            run_observers.notify_run(self)
        fast = self._fast_entry(fetches, feed_dict)
        if fast is not None and options is None:
            mapper, elements, feed_tensors = fast
            feeds = {t: fetch_lib.feed_value(t, feed_dict[k]) for k, t in feed_tensors} if feed_tensors else {}
            return mapper.build_results(self._run_elements(elements, feeds))
        if self._graph.version == 0:
            raise RuntimeError("The Session graph is empty. Add operations to the graph before calling run().")
        mapper = fetch_lib.for_fetch(fetches, self._graph)
        feeds = self._feeds(feed_dict)
        values = self._run_elements(mapper.unique_fetches(), feeds, options, run_metadata)
        self._remember_fast(fetches, feed_dict, mapper)
        return mapper.build_results(values)

    def _fast_entry(self, fetches, feed_dict):
        """The cached mapper and feed keys of a run signature seen before (hashable fetches only)."""
        try:
            entry = self._fast.get((fetches, tuple(feed_dict) if feed_dict else ()))
        except TypeError:  # an unhashable fetch structure (list, dict): no fast path
            return None
        if entry is None or entry[0] != self._graph.version:
            return None
        return entry[1:]

    def _remember_fast(self, fetches, feed_dict, mapper):
        keys = tuple(feed_dict) if feed_dict else ()
        if not all(isinstance(k, (Tensor, str)) for k in keys):
            return  # nested or sparse feed keys take the general path
        try:
            hash(fetches)
        except TypeError:
            return
        feed_tensors = tuple((k, fetch_lib.resolve_feed_key(self._graph, k)) for k in keys)
        if len(self._fast) > 1024:
            self._fast.clear()
        self._fast[(fetches, keys)] = (self._graph.version, mapper, mapper.unique_fetches(), feed_tensors)

    def _feeds(self, feed_dict):
        feeds = {}
        if not feed_dict:
            return feeds
        for key, value in fetch_lib.flatten_feed_items(feed_dict):
            tensor = fetch_lib.resolve_feed_key(self._graph, key)
            feeds[tensor] = fetch_lib.feed_value(tensor, value)
        return feeds

    def _run_elements(self, elements, feeds, options=None, run_metadata=None):
        if not elements:
            return []
        plan = self._plan(elements, tuple(feeds))
        ctx = self._context(options) if plan.needs_ctx or options is not None else None
        if options is not None and options.trace_level and run_metadata is not None:
            stats = []
            start = time.perf_counter()
            values = plan.run_traced([feeds[t] for t in plan.feed_tensors], ctx, stats)
            from tfsess.runtime.timeline import fill_step_stats
            fill_step_stats(run_metadata, stats, start)
        else:
            values = plan.run([feeds[t] for t in plan.feed_tensors], ctx)
        return self._results(elements, plan, values, feeds)

    @staticmethod
    def _results(elements, plan, values, feeds):
        if len(elements) == 1 and plan.fetch_tensors:
            return [_fetch_value(values[0], elements[0] in feeds)]
        by_tensor = dict(zip(plan.fetch_tensors, values))
        results, seen = [], set()
        for e in elements:
            value = None if isinstance(e, Operation) else _fetch_value(by_tensor[e], e in feeds)
            if isinstance(value, np.ndarray):
                if id(value) in seen:
                    value = value.copy()  # twins merged by CSE still come back as distinct arrays
                seen.add(id(value))
            results.append(value)
        return results

    def _context(self, options):
        timeout_ms = getattr(options, "timeout_in_ms", 0) or self._config.operation_timeout_in_ms
        deadline = time.monotonic() + timeout_ms / 1000.0 if timeout_ms and timeout_ms > 0 else None
        return RunContext(self, self._resources, options, deadline, next(self._step_ids))

    def _plan(self, elements, feed_tensors):
        key = (tuple(elements), feed_tensors, self._graph.version)
        plan = self._plans.get(key)
        if plan is None:
            tensors = [e for e in elements if not isinstance(e, Operation)]
            targets = [e for e in elements if isinstance(e, Operation)]
            plan = Plan(tensors, targets, feed_tensors, self._devices.placer(self._graph), self._rewrites)
            with self._lock:
                self._compilations += 1
                if len(self._plans) > 512:  # graphs that grow in a loop must not leak plans
                    self._plans.clear()
                self._plans[key] = plan
        return plan

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
                feed_tensors = [fetch_lib.resolve_feed_key(self._graph, f) for f in feed_list]
                mapper = fetch_lib.for_fetch(fetches, self._graph)
            except (TypeError, ValueError):
                mapper = None
            if mapper is None or len(set(feed_tensors)) != len(feed_tensors):
                return lambda *args, **kwargs: self.run(fetches, dict(zip(feed_list, args)), **kwargs)
        else:
            feed_tensors = []
            mapper = fetch_lib.for_fetch(fetches, self._graph)
        elements = mapper.unique_fetches()
        has_feeds = feed_list is not None

        def call(*args, options=None, run_metadata=None):
            if self._closed:
                if has_feeds:
                    raise RuntimeError("Attempted to use a closed Session.")
                raise errors.CancelledError(None, None, "Session has been closed.")
            if len(args) != len(feed_tensors):  # TF zips: extra values are ignored, missing ones unfed
                return self.run(fetches, dict(zip(feed_list or [], args)), options, run_metadata)
            feeds = {t: fetch_lib.feed_value(t, v) for t, v in zip(feed_tensors, args)}
            return mapper.build_results(self._run_elements(elements, feeds, options, run_metadata))

        if accept_options or has_feeds:
            return call
        return lambda *args: call(*args)

    # -------------------------------------------------------------- partial runs
    def partial_run_setup(self, fetches, feeds=None):
        """Sets up a partial run of `fetches` fed in steps by `feeds`; returns a handle."""
        self._check_open()
        fetch_elements = fetch_lib.for_fetch(fetches, self._graph).unique_fetches()
        if not fetch_elements:
            raise errors.InvalidArgumentError(None, None, "Must specify at least one target to fetch or execute.")
        feed_tensors = [fetch_lib.resolve_feed_key(self._graph, f) for f in (feeds or [])]
        handle = f"partial_run_{next(self._handles)}"
        self._partial[handle] = _PartialRun(set(fetch_elements), set(feed_tensors))
        return handle

    def partial_run(self, handle, fetches, feed_dict=None):
        """Continues the partial run `handle`: feeds more inputs and fetches more outputs."""
        self._check_open()
        state = self._partial.get(handle)
        if state is None:
            raise errors.InvalidArgumentError(None, None, f"Unknown partial run handle {handle!r}.")
        mapper = fetch_lib.for_fetch(fetches, self._graph)
        feeds = self._feeds(feed_dict)
        elements = mapper.unique_fetches()
        state.check(feeds, elements)
        values = self._run_elements(elements, {**state.values, **feeds}) if elements else []
        state.record(feeds, elements, values)
        return mapper.build_results(values)


class _PartialRun:
    """Book-keeping of one partial run: what may be fed and fetched, and what already was."""

    def __init__(self, fetches, feeds):
        self.allowed_fetches, self.allowed_feeds = fetches, feeds
        self.fed, self.fetched, self.values = set(), set(), {}

    def check(self, feeds, elements):
        for t in feeds:
            if t not in self.allowed_feeds:
                raise errors.InvalidArgumentError(None, None, f"Feeding {t.name} was not declared in partial_run_setup.")
            if t in self.fed:
                raise errors.InvalidArgumentError(None, None, f"The feed {t.name} has already been fed.")
        for e in elements:
            if e not in self.allowed_fetches:
                raise errors.InvalidArgumentError(None, None, f"Fetch {e.name} was not declared in partial_run_setup.")
            if e in self.fetched:
                raise errors.InvalidArgumentError(None, None, f"The fetch {e.name} has already been fetched.")

    def record(self, feeds, elements, values):
        self.fed.update(feeds)
        self.values.update(feeds)
        for e, v in zip(elements, values):
            self.fetched.add(e)
            if not isinstance(e, Operation):
                self.values[e] = np.asarray(v)


class Session(BaseSession):
    """A class for running TensorFlow operations (tf.Session); a context manager that closes."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        self._context_managers = None

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
            config = ConfigProto()
            config.gpu_options.allow_growth = True  # as TF's InteractiveSession does
        config.graph_options.place_pruned_graph = True  # TF: interactive sessions place pruned graphs
        super().__init__(target, graph, config)
        self._defaults = contextlib.ExitStack()
        self._defaults.enter_context(self._graph.as_default())
        self._defaults.enter_context(self.as_default())

    def close(self):
        super().close()
        defaults, self._defaults = getattr(self, "_defaults", None), None
        if defaults is not None:
            try:
                defaults.close()
            except Exception:  # noqa: BLE001 - closing from another thread or a finalizer
                pass
