"""Which names a block binds and which are live where: what decides the state of a converted statement.

A name modified inside an `if`/`while`/`for` is part of its state when it is live on entry (read before
being written) or live after it; other modified names are local to the block. The analysis runs on
structured statements (breaks, continues and returns already lowered), backwards, and records on
each If/While/For node `_ag_live_in` and `_ag_live_out`.
"""
from __future__ import annotations

import ast

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def reads(node) -> set:
    """Names loaded anywhere in `node` (nested functions' free names included)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} | \
        {n.target.id for n in ast.walk(node) if isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name)}


def _target_names(target) -> set:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_target_names(t) for t in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return set()  # attributes and subscripts change an object, not a name


def kills(stmt) -> set:
    """Names a simple statement surely binds."""
    if isinstance(stmt, ast.Assign):
        return set().union(*(_target_names(t) for t in stmt.targets))
    if isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) and (not isinstance(stmt, ast.AnnAssign) or stmt.value):
        return _target_names(stmt.target)
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names}
    return set()


def modified(stmts) -> set:
    """Names bound anywhere in `stmts`, not looking into nested function, class or comprehension scopes."""
    names = set()
    stack = list(stmts)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, _SCOPES):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= kills(node)
        stack.extend(ast.iter_child_nodes(node))
    return names


def annotate(stmts, live_out: set) -> set:
    """The names live on entry to `stmts`, given those live after; annotates the compound statements."""
    live = set(live_out)
    for stmt in reversed(stmts):
        live = _statement(stmt, live)
    return live


def _statement(stmt, live_out):
    if isinstance(stmt, ast.If):
        live_in = reads(stmt.test) | annotate(stmt.body, live_out) | annotate(stmt.orelse, live_out)
    elif isinstance(stmt, ast.While):
        live_in = _loop_fixpoint(lambda header: reads(stmt.test) | annotate(stmt.body, header) | live_out)
        live_in |= annotate(stmt.orelse, live_out)
    elif isinstance(stmt, ast.For):
        target = _target_names(stmt.target)
        extra = getattr(stmt, "_ag_extra_test", None)
        extra_reads = reads(extra) if extra is not None else set()
        header = _loop_fixpoint(lambda h: (annotate(stmt.body, h) - target) | extra_reads | live_out)
        live_in = header | reads(stmt.iter) | annotate(stmt.orelse, live_out)
    elif isinstance(stmt, ast.Return):
        return reads(stmt) if stmt.value else set()
    elif isinstance(stmt, (ast.With, ast.Try)):
        inner = [s for block in _blocks(stmt) for s in block]
        annotate(inner, live_out)
        return live_out | reads(stmt)
    else:
        return (live_out - kills(stmt)) | reads(stmt)
    stmt._ag_live_in, stmt._ag_live_out = live_in, set(live_out)
    return live_in


def _loop_fixpoint(step):
    live = set()
    for _ in range(50):
        new = step(live)
        if new == live:
            break
        live = new
    return live


def _blocks(stmt):
    if isinstance(stmt, ast.With):
        return [stmt.body]
    return [stmt.body, stmt.orelse, stmt.finalbody] + [h.body for h in stmt.handlers]
