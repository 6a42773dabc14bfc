"""The default-session stack: what `Tensor.eval()`, `Operation.run()` and `tf.get_default_session()` see.

Sessions push themselves here (`with sess.as_default():`); graph objects run through whichever
session is on top, so the framework never names the session class.
"""
from __future__ import annotations

import contextlib
import threading


class _DefaultSessionStack(threading.local):
    def __init__(self):
        self.stack = []


_default_sessions = _DefaultSessionStack()
# Beyond TF: a process-wide fallback default (the notebook extension sets it) seen by every
# thread that has no default session of its own.
_process_default = {"session": None}


def get_default_session():
    """The innermost default session of the calling thread, or None."""
    if _default_sessions.stack:
        return _default_sessions.stack[-1]
    return _process_default["session"]


def process_default_session():
    """Beyond TF: the process-wide default session (what a thread with no default of its own sees), or None."""
    return _process_default["session"]


def set_process_default_session(session):
    """Beyond TF: makes `session` the default for every thread that has none (None clears)."""
    _process_default["session"] = session


@contextlib.contextmanager
def session_as_default(session):
    """Makes `session` the calling thread's default session inside a `with` block."""
    _default_sessions.stack.append(session)
    try:
        yield session
    finally:
        # as TF: leaving an outer block while an inner one is open raises and leaves the stack as is
        stack = _default_sessions.stack
        if stack:
            if stack[-1] is not session:
                raise AssertionError(f"Nesting violated for default stack of {type(session)} objects")
            stack.pop()


def run_using_default_session(fetch, feed_dict, graph, session):
    """Runs `fetch` of `graph` in `session` (or the default one) and returns what the run returns."""
    __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError("Cannot evaluate tensor using `eval()`: No default session is registered. "
                             "Use `with sess.as_default()` or pass an explicit session to "
                             "`eval(session=sess)`")
        if session.graph is not graph:
            raise ValueError("Cannot use the default session to evaluate tensor: the tensor's graph is "
                             "different from the session's graph. Pass an explicit session to "
                             "`eval(session=sess)`.")
    elif session.graph is not graph:
        raise ValueError("Cannot use the given session to evaluate tensor: the tensor's graph is "
                         "different from the session's graph.")
    return session.run(fetch, feed_dict)
