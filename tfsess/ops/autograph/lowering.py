"""Lowers `break`, `continue` and `return` into flags, so that every block runs to its end (AutoGraph's
break/continue/return canonicalisation).

A jump becomes `flag = True`; the statements after one that may jump run under `if not flag:`; a loop
that may break or return tests `not flag` with its condition (a `for` loop as `_ag_extra_test`). The
function then ends with one `return ag__.retval(retval_)`.
"""
from __future__ import annotations

import ast

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_LOOPS = (ast.While, ast.For)


def parse_expr(text):
    return ast.parse(text, mode="eval").body


def _contains(node, kind) -> bool:
    """Whether `node` holds a `kind` statement that leaves it (not one of a nested loop or function)."""
    if isinstance(node, kind):
        return True
    for child in ast.iter_child_nodes(node):
        if isinstance(child, _FUNCTIONS):
            continue
        if isinstance(child, _LOOPS) and kind is not ast.Return:
            continue
        if _contains(child, kind):
            return True
    return False


class _Names:
    """Unique flag names per function: break_, break__1, ..."""

    def __init__(self):
        self.used = {}

    def new(self, base):
        count = self.used.get(base, 0)
        self.used[base] = count + 1
        return base if count == 0 else f"{base}_{count}"


def _guarded(stmts, kind, flag, replace):
    out = []
    for i, stmt in enumerate(stmts):
        jumps = _contains(stmt, kind)
        out.extend(replace(stmt) if jumps else [stmt])
        if jumps and i + 1 < len(stmts):
            rest = _guarded(stmts[i + 1:], kind, flag, replace)
            out.append(ast.If(test=parse_expr(f"not {flag}"), body=rest, orelse=[]))
            break
    return out


def _replacer(kind, flag, jump_statements, loop_hook=None):
    def replace(stmt):
        if isinstance(stmt, kind):
            return jump_statements(stmt)
        if isinstance(stmt, _LOOPS):
            if loop_hook is None:
                return [stmt]
            return loop_hook(stmt, replace)
        if isinstance(stmt, ast.If):
            stmt.body = _guarded(stmt.body, kind, flag, replace) or [ast.Pass()]
            stmt.orelse = _guarded(stmt.orelse, kind, flag, replace)
        elif isinstance(stmt, (ast.With, ast.Try)):
            stmt.body = _guarded(stmt.body, kind, flag, replace)
            for handler in getattr(stmt, "handlers", []):
                handler.body = _guarded(handler.body, kind, flag, replace)
        return [stmt]
    return replace


def _add_stop_test(loop, flag):
    """The loop also stops once `flag` is set."""
    stop = parse_expr(f"not {flag}")
    if isinstance(loop, ast.While):
        loop.test = ast.BoolOp(op=ast.And(), values=[stop, loop.test])
    else:
        old = getattr(loop, "_ag_extra_test", None)
        loop._ag_extra_test = stop if old is None else ast.BoolOp(op=ast.And(), values=[stop, old])


def lower_loops(stmts, names):
    """Lowers break and continue in every loop of `stmts`, innermost loops first; returns the new block."""
    out = []
    for stmt in stmts:
        for field in ("body", "orelse", "finalbody"):
            if hasattr(stmt, field) and not isinstance(stmt, _FUNCTIONS):
                setattr(stmt, field, lower_loops(getattr(stmt, field), names))
        for handler in getattr(stmt, "handlers", []):
            handler.body = lower_loops(handler.body, names)
        out.extend(_lower_loop(stmt, names) if isinstance(stmt, _LOOPS) else [stmt])
    return out


def _lower_loop(loop, names):
    before, after = [], []
    if _contains_in_body(loop, ast.Continue):
        flag = names.new("continue_")
        set_flag = _replacer(ast.Continue, flag, lambda s: [ast.parse(f"{flag} = True").body[0]])
        loop.body = [ast.parse(f"{flag} = False").body[0]] + _guarded(loop.body, ast.Continue, flag, set_flag)
    orelse, loop.orelse = loop.orelse, []
    if _contains_in_body(loop, ast.Break):
        flag = names.new("break_")
        set_flag = _replacer(ast.Break, flag, lambda s: [ast.parse(f"{flag} = True").body[0]])
        loop.body = _guarded(loop.body, ast.Break, flag, set_flag)
        _add_stop_test(loop, flag)
        before.append(ast.parse(f"{flag} = False").body[0])
        if orelse:
            after.append(ast.If(test=parse_expr(f"not {flag}"), body=orelse, orelse=[]))
    else:
        after.extend(orelse)
    return before + [loop] + after


def _contains_in_body(loop, kind):
    return any(_contains(stmt, kind) for stmt in loop.body)


def collapse_returns(stmts):
    """Moves the statements after an `if` whose one branch surely returns into its other branch, so
    both branches return where the code means it (TF's ConditionalReturnRewriter). Returns the block
    and whether it surely returns."""
    out, returns, target = [], False, None
    for stmt in stmts:
        (target if target is not None else out).append(stmt)
        if isinstance(stmt, ast.Return):
            returns = True
        elif isinstance(stmt, ast.If):
            stmt.body, body_returns = collapse_returns(stmt.body)
            stmt.orelse, orelse_returns = collapse_returns(stmt.orelse)
            returns = returns or (body_returns and orelse_returns)
            if body_returns:
                target = stmt.orelse
            elif orelse_returns:
                target = stmt.body
        elif isinstance(stmt, (ast.While, ast.For, ast.With, ast.Try)):
            stmt.body, body_returns = collapse_returns(stmt.body)
            returns = returns or (isinstance(stmt, ast.With) and body_returns)
            for field in ("orelse", "finalbody"):
                if hasattr(stmt, field):
                    setattr(stmt, field, collapse_returns(getattr(stmt, field))[0])
            for handler in getattr(stmt, "handlers", []):
                handler.body = collapse_returns(handler.body)[0]
    return out, returns


def lower_returns(body):
    """The function body with returns lowered to `do_return` / `retval_` and one final return."""
    body = collapse_returns(body)[0]
    def jump(stmt):
        value = stmt.value if stmt.value is not None else ast.Constant(None)
        return [ast.parse("do_return = True").body[0],
                ast.Assign(targets=[ast.Name("retval_", ast.Store())], value=value)]

    def loop_hook(loop, replace):
        loop.body = _guarded(loop.body, ast.Return, "do_return", replace)
        _add_stop_test(loop, "do_return")
        return [loop]

    replace = _replacer(ast.Return, "do_return", jump, loop_hook)
    head = ast.parse("do_return = False\nretval_ = ag__.UndefinedReturnValue()").body
    tail = ast.parse("return ag__.retval(retval_)").body
    return head + _guarded(body, ast.Return, "do_return", replace) + tail
