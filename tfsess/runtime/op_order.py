"""The ops a run needs and the order they run in: pruning from fetches back to feeds, and blocking ops last.

Plans (runtime/executor.py), partitioned graphs, dataset pipelines and partial runs share these walks.
"""
from __future__ import annotations

from tfsess.framework import dtypes


def needed_ops(fetch_ops, feed_set, fed_ops_ran=False):
    """The ops that must run for `fetch_ops`, given fed tensors, in dependency order (`fed_ops_ran`: fed ops ran;
    a frozenset of ops: so did those, a partial run's earlier steps', and control edges from them hold)."""
    order, state = [], {}
    for root in fetch_ops:
        if root in state:
            continue
        stack = [(root, False)]
        while stack:
            op, expanded = stack.pop()
            if expanded:
                state[op] = 2
                order.append(op)
                continue
            if state.get(op):
                continue
            state[op] = 1
            stack.append((op, True))
            for dep in reversed(op._control_inputs):
                # TF's feed rewrite moves only a fed Placeholder's control edges; other fed ops still run
                fed = (dep.type in ("Placeholder", "PlaceholderV2") and dep._outputs[0] in feed_set) or (
                    fed_ops_ran and dep._outputs and all(t in feed_set for t in dep._outputs)) or (
                    isinstance(fed_ops_ran, frozenset) and dep in fed_ops_ran)
                if not state.get(dep) and not fed:
                    stack.append((dep, False))
            for t in reversed(op._inputs):
                if t not in feed_set and not state.get(t._op):
                    stack.append((t._op, False))
    return order


def blocking_last(order):
    """`order` (a dependency order) with the steps that may block moved after every step not leading to them.

    TF runs a step's ops in parallel and cancels the blocked ones when another fails; one thread
    reaches the same outcome by running what cannot block first: a failing op ends the run before
    a dequeue would wait forever. Ops on the same queue or reader as a moved op (a close after an
    enqueue) move with it, so their order among themselves stays as written.
    """
    if not any(op._opdef.may_block for op in order):
        return order
    delayed, handles, waiting = set(), set(), []   # ops that must wait for a blocking op, in order
    ready = []
    for op in order:
        after_block = op._opdef.may_block or any(t._op in delayed or t in handles for t in op._inputs) \
            or any(c in delayed for c in op._control_inputs)
        if after_block:
            delayed.add(op)
            waiting.append(op)
            if op._opdef.may_block:
                handles.update(t for t in op._inputs if t.dtype.is_ref_dtype or t.dtype == dtypes.resource)
        else:
            ready.append(op)
    return ready + waiting
