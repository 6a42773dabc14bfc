"""A graph's scope state: name scope, device, control dependencies, colocation, gradient overrides.

As in TF, the name scope is per thread, while the device, control-dependency and colocation
stacks (and the gradient override map) are graph-wide until `Graph.switch_to_thread_local()`;
after it each thread works on its own copy of the stacks as they stood. One small object holds
them all, so a Graph does not grow a field per feature.
"""
from __future__ import annotations

import contextlib
import threading


class ScopeState:
    """The scopes in force for one thread while it builds one graph."""

    __slots__ = ("name_stack", "devices", "control_frames", "colocation", "gradient_overrides")

    def __init__(self):
        self.name_stack = ""          # "outer/inner" (no trailing slash), "" at the root
        self.devices = []             # device strings or functions, innermost last
        self.control_frames = []      # ControlFrame objects, innermost last
        self.colocation = []          # ops, innermost last
        self.gradient_overrides = {}  # op type -> registered gradient name


class ControlFrame:
    """One `control_dependencies` block; `ops` None clears outer blocks."""

    __slots__ = ("ops", "seen")

    def __init__(self, ops):
        self.ops = ops
        self.seen = set()  # ops created inside this block


class ScopeStates:
    """The ScopeState each thread sees: its own name scope over the shared or per-thread stacks."""

    def __init__(self):
        self._shared = ScopeState()
        self._local = threading.local()
        self.thread_local = False

    @property
    def state(self) -> ScopeState:
        local = self._local
        state = getattr(local, "state", None)
        if state is None:
            state = local.state = ScopeState()
            local.own_stacks = None
        if local.own_stacks is not self.thread_local:
            self._attach_stacks(state)
            local.own_stacks = self.thread_local
        return state

    def switch_to_thread_local(self):
        """From now on each thread works on its own copy of the stacks as they stand when it first looks."""
        self.thread_local = True

    def _attach_stacks(self, state):
        shared = self._shared
        state.gradient_overrides = shared.gradient_overrides
        if self.thread_local:
            state.devices, state.control_frames = list(shared.devices), list(shared.control_frames)
            state.colocation = list(shared.colocation)
        else:
            state.devices, state.control_frames = shared.devices, shared.control_frames
            state.colocation = shared.colocation


def control_inputs_for(frames, input_ops):
    """The control inputs a new op gets, skipping blocks its own inputs already sit inside."""
    result = []
    for frame in _active_frames(frames):
        if any(op in frame.seen for op in input_ops):
            continue  # an input was made inside this block, so it already waits for its deps
        for op in frame.ops:
            if op not in input_ops and op not in result:
                result.append(op)
    return result


def note_created(frames, op):
    for frame in _active_frames(frames):
        frame.seen.add(op)


def _active_frames(frames):
    active = []
    for frame in frames:
        if frame.ops is None:
            active = []
        else:
            active.append(frame)
    return active


@contextlib.contextmanager
def pushed(stack: list, item):
    stack.append(item)
    try:
        yield item
    finally:
        stack.pop()
