"""How a failed run reads in a notebook: TF's message, the user's line and a hint first, the rest folded.

`ErrorDisplay.install(shell)` sets IPython's custom exception handler for OpError (and for the
ValueError/TypeError/RuntimeError of an object from a replaced %%tfgraph graph). The handler sends
the cell's error output as a few lines: the error class and TF's message, the user's line that
ran it, a hint where the error is a known classroom one; below, an HTML <details> (text
fallback) holds the traceback of the user's frames. tfsess, ipython_ext and IPython frames are
left out. Any other exception gets IPython's usual traceback.
"""
from __future__ import annotations

import linecache
import os
from typing import Optional

import IPython

from ipython_ext import html as h
from ipython_ext.html import clip
from tfsess.client.session import BaseSession
from tfsess.framework import errors as tf_errors
from tfsess.framework.errors import OpError
from tfsess.framework.graph import Graph
from tfsess.framework.operation import Operation, Tensor
from tfsess.ops.variables import Variable

TFSESS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(tf_errors.__file__))) + os.sep  # tfsess/framework/..
HIDDEN_DIRS = (TFSESS_DIR,) + tuple(os.path.dirname(os.path.abspath(f)) + os.sep for f in (__file__, IPython.__file__))
MAX_FRAMES = 30
MESSAGE_CHARS = 2000
_GRAPH_OBJECTS = (Tensor, Operation, Variable, BaseSession, Graph)


# ------------------------------------------------------------------ frames
def user_frames(tb) -> list:
    """(filename, lineno, function) of each frame of `tb` outside tfsess, ipython_ext and IPython."""
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if not code.co_filename.startswith(HIDDEN_DIRS):
            frames.append((code.co_filename, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return frames


def _location(shell, filename: str, lineno: int, function: str) -> str:
    named = shell.compile.format_code_name(filename) if shell is not None else None
    where = f"{named[0]} {named[1]}" if named else filename
    return f"{where}, line {lineno}" + ("" if function == "<module>" else f", in {function}")


def _source_line(filename: str, lineno: int) -> str:
    return linecache.getline(filename, lineno).strip()


def traceback_text(shell, tb) -> str:
    """The user's frames, innermost last, each with its source line (the tfsess frames are left out)."""
    frames = user_frames(tb)
    lines = []
    if len(frames) > MAX_FRAMES:
        lines.append(f"... {len(frames) - MAX_FRAMES} outer frames left out")
        frames = frames[-MAX_FRAMES:]
    for filename, lineno, function in frames:
        lines.append(clip(_location(shell, filename, lineno, function), 300))
        source = _source_line(filename, lineno)
        if source:
            lines.append("    " + clip(source, 300))
    return "\n".join(lines)


# ------------------------------------------------------------------ hints
def _placeholder_hint(error, user_ns) -> str:
    op = error.op
    name = op.name if op is not None else "the placeholder"
    var = next((k for k, v in (user_ns or {}).items() if isinstance(v, Tensor) and v.op is op and
                not k.startswith("_")), None) if op is not None else None
    key = var or f"graph.get_tensor_by_name('{name}:0')"
    return f"feed this placeholder: sess.run(..., feed_dict={{{key}: value}})"


def hint_for(error, user_ns=None) -> Optional[str]:
    """A one-line hint for a known kind of OpError, or None."""
    kind, message = type(error).__name__, str(getattr(error, "message", error))
    if kind == "InvalidArgumentError" and "must feed a value for placeholder" in message:
        return _placeholder_hint(error, user_ns)
    if kind == "FailedPreconditionError" and "uninitialized value" in message:
        return ("the variable has no value in this session yet: run "
                "sess.run(tf.global_variables_initializer()) first (once per session)")
    if kind == "OutOfRangeError" and "is closed and has insufficient elements" in message:
        return ("the queue is closed and empty: nothing more will arrive. Start the queue runners "
                "(tf.train.start_queue_runners(sess)) before dequeuing, or catch tf.errors.OutOfRangeError "
                "to end an epoch loop")
    if kind == "OutOfRangeError" and "End of sequence" in message:
        return ("the iterator has no more elements: catch tf.errors.OutOfRangeError to end the loop, "
                "or run the iterator's initializer again")
    if kind == "ResourceExhaustedError" and "OOM" in message:
        return ("the device is out of memory: use a smaller batch, free sessions you no longer need "
                "(sess.close()), and see %tfmemory")
    if "Cannot assign a device" in message:
        return ("no such device or no kernel for it: set allow_soft_placement=True "
                "(%tfconfig allow_soft_placement=True) or change tf.device(...)")
    if kind == "CancelledError":
        return "the session was closed while this step ran"
    if kind == "DeadlineExceededError":
        return "the step took longer than RunOptions.timeout_in_ms"
    return None


# ------------------------------------------------------------------ objects of a replaced graph
def stale_object(tb, retired) -> Optional[tuple]:
    """(description, graph name) of an object of a replaced %%tfgraph graph that a tfsess call was given."""
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename.startswith(TFSESS_DIR):  # the arguments tfsess was called with
            for value in list(frame.f_locals.values()):
                if isinstance(value, _GRAPH_OBJECTS):
                    graph = value if isinstance(value, Graph) else getattr(value, "graph", None)
                    name = retired.get(graph) if graph is not None else None
                    if name is not None:
                        return _describe(value), name
        tb = tb.tb_next
    return None


def _describe(obj) -> str:
    if isinstance(obj, BaseSession):
        return "a session"
    if isinstance(obj, Graph):
        return "a graph"
    kind = "tensor" if isinstance(obj, Tensor) else "operation" if isinstance(obj, Operation) else "variable"
    return f"{kind} '{clip(obj.name, 120)}'"


def stale_message(what: str, name: str) -> str:
    return (f"{what[0].upper()}{what[1:]} belongs to an older version of tfgraphs[{name!r}], replaced when its %%tfgraph cell "
            f"re-ran: re-run the cell that made it, or use tfgraphs[{name!r}] (and its session) instead.")


class StaleGraphError(Exception):
    """An object of a replaced %%tfgraph graph was used (shown as one line)."""


# ------------------------------------------------------------------ the display
def lead_lines(shell, error, tb) -> list:
    """The error output: class and message, the user's line, the hint."""
    message = clip(str(getattr(error, "message", error)), MESSAGE_CHARS)
    lines = [f"{type(error).__name__}: {message}"]
    frames = user_frames(tb)
    if frames:
        filename, lineno, function = frames[-1]
        source = _source_line(filename, lineno)
        lines.append(f"  in {_location(shell, filename, lineno, function)}" + (f":  {clip(source, 300)}"
                                                                                if source else ""))
    hint = hint_for(error, getattr(shell, "user_ns", None))
    if hint:
        lines.append(f"  hint: {hint}")
    return lines


def folded_traceback(shell, tb) -> dict:
    """The traceback as a mime bundle: HTML <details> (closed) and its plain-text fallback."""
    text = traceback_text(shell, tb) or "(no frames outside tfsess)"
    frames = len(user_frames(tb))
    summary = f"Traceback ({frames} frame{'' if frames == 1 else 's'} of your code; tfsess frames hidden)"
    body = h.Markup(f"<details class='tfs-error'><summary>{h.esc(summary)}</summary>"
                    f"{h.tag('pre', text, 'tfs-value')}</details>")
    return {"text/plain": f"{summary}\n{text}", "text/html": h.wrap(body, f"{summary}\n{text}")}


class ErrorDisplay:
    """IPython's custom exception handler for tfsess errors; `retired` maps replaced graphs to names."""

    EXCEPTIONS = (OpError, ValueError, TypeError, RuntimeError, StaleGraphError)

    def __init__(self, retired):
        self.retired = retired
        self._saved = None

    def install(self, shell):
        self._saved = (shell.custom_exceptions, getattr(shell, "CustomTB", None))
        display = self

        def handler(shell, etype, value, tb, tb_offset=None):
            return display.show(shell, etype, value, tb, tb_offset)
        shell.set_custom_exc(self.EXCEPTIONS, handler)

    def uninstall(self, shell):
        if self._saved is None:
            return
        exceptions, custom_tb = self._saved
        shell.set_custom_exc((), None)
        shell.custom_exceptions = exceptions
        if custom_tb is not None:
            shell.CustomTB = custom_tb
        self._saved = None

    def show(self, shell, etype, value, tb, tb_offset=None):
        """Sends the error output (and the folded traceback) for `value`; returns the lead lines."""
        if not isinstance(value, OpError):
            stale = stale_object(tb, self.retired)
            if stale is None:
                shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)
                return None
            line = [f"{StaleGraphError.__name__}: {stale_message(*stale)}"]
            shell._showtraceback(StaleGraphError, StaleGraphError(line[0]), line)
            return line
        lines = lead_lines(shell, value, tb)
        shell._showtraceback(etype, value, lines)
        folded = folded_traceback(shell, tb)
        shell.display_pub.publish(data=folded, metadata={})
        return lines
