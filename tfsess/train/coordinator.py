"""tf.train.Coordinator: stop a set of threads together and report their exceptions; LooperThread."""
from __future__ import annotations

import contextlib
import logging
import sys
import threading
import time

from tfsess.framework import errors

_log = logging.getLogger("tfsess")


class Coordinator:
    """Coordinates the termination of a set of threads (tf.train.Coordinator).

    Threads poll `should_stop()`; any of them may `request_stop(ex)`, and `join()` waits for them
    all and re-raises the first exception reported. OutOfRangeError (by default) is a clean stop.
    """

    def __init__(self, clean_stop_exception_types=None):
        if clean_stop_exception_types is None:
            clean_stop_exception_types = (errors.OutOfRangeError,)
        self._clean_stop_exception_types = tuple(clean_stop_exception_types)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._exc_info_to_raise = None
        self._joined = False
        self._registered_threads = set()

    def _filter_exception(self, ex):
        ex2 = ex[1] if isinstance(ex, tuple) else ex
        return None if isinstance(ex2, self._clean_stop_exception_types) else ex

    def request_stop(self, ex=None):
        """Asks every thread to stop; `ex` (an exception or exc_info tuple) is re-raised by join().

        Raises:
            The exception itself when the coordinator was already joined.
        """
        with self._lock:
            ex = self._filter_exception(ex)
            if self._joined:
                # join() already ran, so nobody would report it: raise it here instead.
                if isinstance(ex, tuple):
                    raise ex[1]
                if ex is not None:
                    raise sys.exc_info()[1]  # as TF: None (a TypeError) outside an exception handler
            if self._stop_event.is_set():
                return
            if ex and self._exc_info_to_raise is None:
                if isinstance(ex, tuple):
                    _log.info("Error reported to Coordinator: %s", ex[1])
                    self._exc_info_to_raise = ex
                else:
                    # As TF: what is recorded is the exception being handled (request_stop(ex)
                    # is meant to be called from the handler that caught ex).
                    _log.info("Error reported to Coordinator: %s, %s", type(ex), ex)
                    self._exc_info_to_raise = sys.exc_info()
                if len(self._exc_info_to_raise) != 3 or not self._exc_info_to_raise[0] \
                        or not self._exc_info_to_raise[1]:
                    # TF formats the tuple with `%`: a 3-tuple (sys.exc_info() outside a handler)
                    # makes that formatting raise TypeError here, before the stop is set.
                    message = ("ex must be a tuple or sys.exc_info must return the current exception: %s"
                               % self._exc_info_to_raise)
                    self._exc_info_to_raise = (ValueError, ValueError(message), None)
            self._stop_event.set()

    def clear_stop(self):
        """Clears the stop flag and any recorded exception, so the coordinator can be reused."""
        with self._lock:
            self._joined = False
            self._exc_info_to_raise = None
            self._stop_event.clear()

    def should_stop(self) -> bool:
        """True once a stop has been requested."""
        return self._stop_event.is_set()

    @contextlib.contextmanager
    def stop_on_exception(self):
        """A context manager that requests a stop (reporting it) if its body raises."""
        try:
            yield
        except:  # noqa: E722 - TF catches everything, KeyboardInterrupt included
            self.request_stop(ex=sys.exc_info())

    def wait_for_stop(self, timeout=None) -> bool:
        """Waits until a stop is requested or `timeout` seconds pass; returns whether one was."""
        return self._stop_event.wait(timeout)

    def register_thread(self, thread):
        """Adds `thread` to those join() waits for."""
        with self._lock:
            self._registered_threads.add(thread)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        """Waits for `threads` (and registered ones) to finish, or for a stop plus a grace period.

        Raises:
            The exception passed to request_stop(), if any; RuntimeError when threads are still
            alive after the grace period (unless `ignore_live_threads`).
        """
        with self._lock:
            threads = list(self._registered_threads if threads is None
                           else self._registered_threads.union(threads))
        # Until a stop is requested, wait for the threads to end by themselves.
        for t in threads:
            while t.is_alive() and not self._stop_event.is_set():
                t.join(0.05)
        deadline = time.monotonic() + stop_grace_period_secs
        for t in threads:
            if t.is_alive():  # a thread never started is no straggler (TF only asks is_alive)
                t.join(max(0.0, deadline - time.monotonic()))
        stragglers = [t.name for t in threads if t.is_alive()]
        with self._lock:
            self._joined = True
            self._registered_threads = set()
            if self._exc_info_to_raise:
                raise self._exc_info_to_raise[1]
            if stragglers:
                if not ignore_live_threads:
                    raise RuntimeError("Coordinator stopped with threads still running: " + " ".join(stragglers))
                _log.info("Coordinator stopped with threads still running: %s", " ".join(stragglers))

    @property
    def joined(self) -> bool:
        return self._joined

    def raise_requested_exception(self):
        """Re-raises the exception passed to request_stop(), if any."""
        with self._lock:
            if self._exc_info_to_raise:
                raise self._exc_info_to_raise[1]


class LooperThread(threading.Thread):
    """A thread that calls `target(*args)` (or `run_loop()`) every `timer_interval_secs` until stopped."""

    def __init__(self, coord, timer_interval_secs, target=None, args=None, kwargs=None):
        if not isinstance(coord, Coordinator):
            raise ValueError(f"'coord' argument must be a Coordinator: {coord}")
        super().__init__()
        self.daemon = True
        self._coord = coord
        self._timer_interval_secs = timer_interval_secs
        self._target = target
        if self._target:
            self._args = args or ()
            self._kwargs = kwargs or {}
        elif args or kwargs:
            raise ValueError("'args' and 'kwargs' argument require that you also pass 'target'")
        self._coord.register_thread(self)

    @staticmethod
    def loop(coord, timer_interval_secs, target, args=None, kwargs=None):
        """Starts a LooperThread calling `target` periodically; returns it."""
        looper = LooperThread(coord, timer_interval_secs, target=target, args=args, kwargs=kwargs)
        looper.start()
        return looper

    def run(self):
        with self._coord.stop_on_exception():
            self.start_loop()
            if self._timer_interval_secs is None:
                while not self._coord.should_stop():
                    self.run_loop()
            else:
                next_timer_time = time.time()
                while not self._coord.wait_for_stop(next_timer_time - time.time()):
                    next_timer_time += self._timer_interval_secs
                    self.run_loop()
            self.stop_loop()

    def start_loop(self):
        """Called once when the thread starts."""

    def stop_loop(self):
        """Called once before the thread terminates."""

    def run_loop(self):
        """Called at each iteration: calls `target` when one was given."""
        if self._target:
            self._target(*self._args, **self._kwargs)


__all__ = ["Coordinator", "LooperThread"]
