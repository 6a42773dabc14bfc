"""Which ops a drawing folds together or sets aside, as TensorBoard does.

1. A variable is one node: its VariableV2 op, everything in its name scope (Assign, read,
   initial_value, Initializer, an optimizer's slot variables) and the ops that only feed its
   initial value (`tf.zeros(...)` passed to tf.Variable).
2. A while loop is one node: the While op (or the Enter/Exit/LoopCond/NextIteration frame of an
   imported graph) and everything in its name scope. A scope `P` holding the loop `P/while` and
   TensorArrays (dynamic_rnn, scan, map_fn) is one node with it: "while (rnn)". Variables stay
   visible (a dynamic_rnn cell's kernel is drawn next to its loop).
3. Auxiliary ops move to a side strip: initialisation (`init`, an empty `init_1`, `group_deps` of them),
   save/restore, report_uninitialized_*, queue close and the summaries' merge.
4. A queue's enqueue ops are joined to its dequeue ops.
Nothing here knows about positions or text; graph_model turns the folding into nodes and edges.
"""
from __future__ import annotations

import dataclasses
import re

VARIABLE_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp", "TemporaryVariable"})
LOOP_TYPES = frozenset({"While", "StatelessWhile"})                       # the loop is the op's own scope
FRAME_TYPES = frozenset({"Enter", "RefEnter", "Exit", "RefExit", "LoopCond",  # the loop is the op's parent scope
                         "NextIteration", "RefNextIteration"})
AUX_TYPES = frozenset({"QueueCloseV2", "QueueClose", "MergeSummary", "SaveV2", "RestoreV2", "MergeV2Checkpoints",
                       "Save", "SaveSlices", "Restore", "RestoreSlice"})
INIT_TYPES = frozenset({"Assign", "AssignVariableOp", "InitializeTableV2", "InitializeTable",
                        "InitializeTableFromTextFileV2"})
ENQUEUE_TYPES = frozenset({"QueueEnqueue", "QueueEnqueueV2", "QueueEnqueueMany", "QueueEnqueueManyV2"})
DEQUEUE_TYPES = frozenset({"QueueDequeue", "QueueDequeueV2", "QueueDequeueMany", "QueueDequeueManyV2",
                           "QueueDequeueUpTo", "QueueDequeueUpToV2"})
NOT_FOLDED_TYPES = frozenset({"Placeholder", "PlaceholderV2", "PlaceholderWithDefault"})
_INIT_NAME_RE = re.compile(r"init(?:_\d+)?")  # tf.*_variables_initializer() of no variables: an empty NoOp
_AUX_SCOPE_RE = re.compile(r"(?:save|report_uninitialized_variables|report_uninitialized_resources)(?:_\d+)?")


@dataclasses.dataclass
class Folding:
    key: dict      # op name -> the node it folds into (variables and loops only)
    kind: dict     # folded node key -> "variable" | "while"
    label: dict    # folded loop key -> its label, e.g. "while (rnn)"
    aux: set       # names of auxiliary ops (drawn in the side strip)
    queue_links: list  # (enqueue op name, dequeue op name) per queue


def fold(ops) -> Folding:
    """The folding of `ops` (a graph's operations, in creation order)."""
    ops = list(ops)
    variables = {op.name for op in ops if op.type in VARIABLE_TYPES}
    loops = {op.name for op in ops if op.type in LOOP_TYPES}
    loops |= {op.name.rsplit("/", 1)[0] for op in ops if op.type in FRAME_TYPES and "/" in op.name}
    loops |= _tensor_array_scopes(ops, loops)
    key, kind = {}, {}
    for op in ops:
        owner = _outermost(op.name, variables, set()) or _outermost(op.name, set(), loops)
        if owner is not None:
            key[op.name] = owner
            kind[owner] = "while" if owner in loops else "variable"
    _fold_initial_values(ops, key, kind)
    label = {k: _loop_label(k) for k, v in kind.items() if v == "while"}
    return Folding(key, kind, label, _auxiliary(ops, key, kind), _queue_links(ops))


def _outermost(name: str, variables: set, loops: set):
    """The outermost variable or loop whose scope holds `name` (or that is `name`), else None."""
    start = 0
    while True:
        cut = name.find("/", start)
        prefix = name if cut < 0 else name[:cut]
        if prefix in loops or prefix in variables:
            return prefix
        if cut < 0:
            return None
        start = cut + 1


def _tensor_array_scopes(ops, loops: set) -> set:
    """Scopes `P` with a loop `P/while` and TensorArray ops directly in `P` (dynamic_rnn's pattern)."""
    parents = {s.rsplit("/", 1)[0] for s in loops if s.endswith("/while") and "/" in s}
    return {op.name.rsplit("/", 1)[0] for op in ops
            if op.type.startswith("TensorArray") and "/" in op.name and op.name.rsplit("/", 1)[0] in parents}


def _loop_label(scope: str) -> str:
    """'rnn/while' -> 'while (rnn)'; a dynamic_rnn's scope 'rnn' -> 'while (rnn)'; 'while' -> 'while'."""
    parts = scope.rsplit("/", 2)
    if parts[-1] == "while" or parts[-1].startswith("while_"):
        return f"{parts[-1]} ({parts[-2]})" if len(parts) > 1 else parts[-1]
    return f"while ({parts[-1]})"


def _fold_initial_values(ops, key: dict, kind: dict):
    """Ops whose every consumer is in one variable's node join it (latest first, so chains fold)."""
    consumers = {}
    for op in ops:
        for src in [t.op for t in op.inputs] + list(op.control_inputs):
            consumers.setdefault(src.name, set()).add(op.name)
    for op in reversed(ops):
        if op.name in key or op.type in NOT_FOLDED_TYPES or op.type in VARIABLE_TYPES:
            continue
        owners = {key.get(c) for c in consumers.get(op.name, ())}
        if len(owners) == 1:
            owner = owners.pop()
            if owner is not None and kind[owner] == "variable":
                key[op.name] = owner


def _auxiliary(ops, key: dict, kind: dict) -> set:
    """Bookkeeping ops: by type, by top-level scope, and NoOps that only group initialisation."""
    aux = set()
    for op in ops:
        if op.name in key:
            continue
        top = op.name.split("/", 1)[0]
        if op.type in AUX_TYPES or _AUX_SCOPE_RE.fullmatch(top):
            aux.add(op.name)
        elif op.type == "NoOp" and not op.control_inputs and not op.inputs and _INIT_NAME_RE.fullmatch(op.name):
            aux.add(op.name)
        elif op.type == "NoOp" and op.control_inputs and not op.inputs and all(
                c.name in aux or (c.type in INIT_TYPES and kind.get(key.get(c.name)) == "variable")
                for c in op.control_inputs):
            aux.add(op.name)
    return aux


def _queue_links(ops) -> list:
    """(enqueue, dequeue) op name pairs that share a queue."""
    enqueues, dequeues = {}, {}
    for op in ops:
        if (op.type in ENQUEUE_TYPES or op.type in DEQUEUE_TYPES) and op.inputs:
            table = enqueues if op.type in ENQUEUE_TYPES else dequeues
            table.setdefault(op.inputs[0].op.name, []).append(op.name)
    return [(e, d) for queue, names in enqueues.items() for e in names for d in dequeues.get(queue, ())]
