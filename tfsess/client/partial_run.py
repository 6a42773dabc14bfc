"""Book-keeping of Session.partial_run: what a partial run may feed and fetch, and what already ran.

TF runs a partial run as one executor that advances as feeds arrive: each op runs once, however
many steps read it, and a target named in partial_run_setup runs as soon as its inputs are there.
tfsess runs each step as an ordinary plan, so a step also fetches the outputs of the ops it ran
that later steps still need ("boundary" tensors), and later steps are fed those values with the
control edges of the ops that ran held as satisfied: a stateful op (an assign_add, a random draw) runs once.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.operation import Operation
from tfsess.lib.xp import to_host
from tfsess.runtime.op_order import needed_ops

# state holders: re-running one only hands out the same reference, and its consumers may need the ref
_STATE_OPS = frozenset(("VariableV2", "Variable", "TemporaryVariable", "VarHandleOp", "Placeholder",
                        "PlaceholderV2"))


class PartialRunState:
    """One partial run: the declared fetches and feeds, and what earlier steps fed, fetched and ran."""

    def __init__(self, fetches, feeds):
        self.allowed_fetches, self.allowed_feeds = set(fetches), set(feeds)
        self.pending_targets = [e for e in fetches if isinstance(e, Operation)]
        self.fed, self.fetched, self.values = set(), set(), {}
        self.cached = {}   # boundary tensor -> its value, computed by an earlier step
        self.ran = set()   # ops the steps so far ran
        self.ran_before = frozenset()  # ops the steps before the current one ran

    def check(self, feeds, elements):
        """TF's errors for feeds and fetches not declared in the setup, or given twice."""
        for t in feeds:
            if t not in self.allowed_feeds:
                raise errors.InvalidArgumentError(None, None, f"The feed {t.name} was not specified in "
                                                              "partial_run_setup.")
            if t in self.fed:
                raise errors.InvalidArgumentError(None, None, f"The feed {t.name} has already been fed.")
        for e in elements:
            if e not in self.allowed_fetches:
                raise errors.InvalidArgumentError(None, None, f"The fetch {e.name} was not specified in "
                                                              "partial_run_setup.")
            if e in self.fetched:
                raise errors.InvalidArgumentError(None, None, f"The fetch {e.name} has already been fetched.")

    def step(self, tensors, feeds):
        """(fed values, targets, boundary tensors) of the step fetching `tensors` after `feeds` arrive.

        Fed values hold every earlier feed, fetch and boundary value; targets are the setup's target ops
        whose inputs are now all available; boundary tensors are fetched besides `tensors` for later steps.
        """
        fed = {**self.cached, **self.values, **feeds}
        self.ran_before = frozenset(self.ran)
        for t in tensors:
            if t not in fed and any(o._outputs and o._outputs[0] in self.allowed_feeds and o._outputs[0] not in fed
                                    for o in needed_ops([t.op], set(fed), self.ran_before or True)):
                raise errors.InvalidArgumentError(None, None, f"Fetch {t.name} can't be computed from the feeds "
                                                              "that have been fed so far.")
        targets = [op for op in self.pending_targets if _runnable(op, fed, self.ran_before)]
        roots = [t.op for t in tensors if t not in fed] + targets
        running = needed_ops(roots, set(fed), self.ran_before or True) if roots else []
        self.pending_targets = [op for op in self.pending_targets if op not in targets]
        return fed, targets, self._boundary(running, tensors, fed)

    def _boundary(self, running, tensors, fed) -> list:
        """Outputs of the ops this step runs that the fetches and targets still to come would compute again."""
        ran = self.ran | set(running)
        later = [e for e in self.allowed_fetches - self.fetched if e not in tensors and not isinstance(e, Operation)]
        roots = [t.op for t in later if t not in fed] + self.pending_targets
        if not roots or not running:
            self.ran = ran
            return []
        still_needed = needed_ops(roots, set(fed) | self.allowed_feeds, frozenset(ran) or True)
        needed = set(still_needed)
        ref_readers = {op._inputs[i] for op in still_needed if op not in ran
                       for i in op._opdef.ref_inputs if i < len(op._inputs)}
        maybe_dead = _maybe_dead(running)
        self.ran = ran
        return [t for op in running if op in needed and op.type not in _STATE_OPS and op not in maybe_dead
                for t in op._outputs
                if t not in fed and t not in ref_readers and t.dtype.base_dtype not in (dtypes.resource, dtypes.variant)]

    def done(self) -> bool:
        """Whether every declared feed was fed and every declared tensor fetched: TF then drops the handle."""
        return self.fed >= self.allowed_feeds and all(
            e in self.fetched for e in self.allowed_fetches if not isinstance(e, Operation))

    def record(self, feeds, elements, values, boundary, boundary_values):
        self.fed.update(feeds)
        self.values.update(feeds)
        for e, v in zip(elements, values):
            self.fetched.add(e)
            if not isinstance(e, Operation):
                self.values[e] = np.asarray(v)
        for t, v in zip(boundary, boundary_values):
            self.cached[t] = to_host(v)


def _runnable(op, fed, ran) -> bool:
    """Whether `op` can run now: no placeholder it needs is still unfed."""
    return not any(o.type in ("Placeholder", "PlaceholderV2") and o._outputs[0] not in fed
                   for o in needed_ops([op], set(fed), ran or True))


def _maybe_dead(order) -> set:
    """Ops of `order` (a dependency order) below an untaken-branch Switch: their values may be dead."""
    dead = set()
    for op in order:
        opdef = op._opdef
        if opdef.emits_dead or (not opdef.accepts_dead and (
                any(t._op in dead for t in op._inputs) or any(c in dead for c in op._control_inputs))):
            dead.add(op)
    return dead
