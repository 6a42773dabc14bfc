"""The Runtime interface: what a Session runs its steps on (TF's DirectSession vs. a distributed master).

A Session owns one Runtime, chosen by its target (client/session_targets.py). The Session turns
fetches and feeds into a RunSignature and a dict of fed arrays; the Runtime compiles the signature
once (its plan cache), runs it, and hands back the raw values of the fetched tensors, in order.
"""
from __future__ import annotations

from typing import NamedTuple


class RunSignature(NamedTuple):
    """What one kind of run computes: fetched tensors, target ops and fed tensors (a plan cache key).

    `ran_ops`: the ops an earlier step of a partial run ran. Control edges from them hold, as do those
    from an op whose outputs are all fed; without them only a fed placeholder's control edges do, as in TF.
    """

    fetch_tensors: tuple
    targets: tuple
    feed_tensors: tuple
    ran_ops: frozenset = frozenset()


def run_signature(fetch_tensors, targets, feed_tensors, ran_ops=frozenset()) -> RunSignature:
    return RunSignature(tuple(fetch_tensors), tuple(targets), tuple(feed_tensors), frozenset(ran_ops))


class Runtime:
    """Runs a session's graph: compiles each RunSignature once and executes it per step.

    Subclasses implement `run`; the reports default to "nothing to report".
    """

    target = b""           # the session's sess_str
    compilations = 0       # plans compiled so far (beyond TF: tests and the notebook read it)

    def run(self, signature: RunSignature, feeds: dict, options=None, run_metadata=None, session=None) -> list:
        """The values of `signature.fetch_tensors` after one step fed with `feeds` ({tensor: array})."""
        raise NotImplementedError

    def list_devices(self) -> list:
        raise NotImplementedError

    def memory_info(self) -> list:
        return []

    def placement_info(self) -> list:
        return []

    def resource(self, key):
        """The resource (variable, queue, reader state) held under `key`, or None."""
        return None

    def resource_items(self) -> list:
        return []

    def close(self) -> None:
        """Releases devices, resources and compiled plans; runs after close raise CancelledError."""

    def finalize(self) -> None:
        """close() from a finalizer: a runtime whose close may block (a remote cluster) overrides it."""
        self.close()
