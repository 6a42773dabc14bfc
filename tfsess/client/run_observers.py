"""Run observers: code outside the session (the notebook extension) watching `Session.run` calls.

    def note(session):                 # called in the running thread, before the run starts
        ...
    add_run_observer(note)
    remove_run_observer(note)

An observer must be cheap and must not raise; it sees every `Session.run` call (callables and partial runs are not runs).
"""
from __future__ import annotations

from typing import Callable

_observers: tuple = ()  # replaced whole, never mutated: runs read it without a lock


def add_run_observer(observer: Callable) -> None:
    """Calls `observer(session)` before every run of any session, until removed."""
    global _observers
    if observer not in _observers:
        _observers = _observers + (observer,)


def remove_run_observer(observer: Callable) -> None:
    """Stops calling `observer`; removing one that is not there does nothing."""
    global _observers
    _observers = tuple(o for o in _observers if o is not observer and o != observer)


def notify_run(session) -> None:
    for observer in _observers:
        observer(session)


def has_observers() -> bool:
    return bool(_observers)
