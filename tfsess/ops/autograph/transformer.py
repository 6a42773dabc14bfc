"""The AutoGraph rewrite of one function's AST: control flow to `ag__.if_stmt` / `while_stmt` / `for_stmt`
over nested functions, expressions to `ag__` calls (and_, or_, not_, if_exp, converted_call, ld).

`convert_function(node, features)` lowers jumps (lowering.py), finds each statement's state
(liveness.py) and rewrites the body; nested function definitions are converted the same way.
"""
from __future__ import annotations

import ast

from tfsess.ops.autograph import liveness, lowering
from tfsess.ops.autograph_api import set_loop_options


def _name(id_, store=False):
    return ast.Name(id=id_, ctx=ast.Store() if store else ast.Load())


def _ag(attr):
    return ast.Attribute(value=_name("ag__"), attr=attr, ctx=ast.Load())


def _call(func, *args):
    return ast.Call(func=func, args=list(args), keywords=[])


def _lambda(body):
    return ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                                         kwarg=None, defaults=[]), body=body)


def _def(name, body, params=()):
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params], vararg=None, kwonlyargs=[],
                         kw_defaults=[], kwarg=None, defaults=[])
    return ast.FunctionDef(name=name, args=args, body=body or [ast.Pass()], decorator_list=[], returns=None,
                           type_comment=None, type_params=[])


class _Function:
    """What the rewrite of one function knows: its locals, globals, assert conversion, unique names."""

    def __init__(self, node, features):
        self.features = features
        self.declared_global = {n for s in ast.walk(node) if isinstance(s, ast.Global) for n in s.names}
        args = node.args
        params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
        params += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
        self.locals = (liveness.modified(node.body) | set(params)) - self.declared_global
        self.params = set(params)
        self.counts = {}

    def unique(self, base):
        count = self.counts.get(base, 0)
        self.counts[base] = count + 1
        return base if count == 0 else f"{base}_{count}"


class _Expressions(ast.NodeTransformer):
    """Rewrites the expressions of one statement (not its nested statements)."""

    def __init__(self, function):
        self.function = function

    def visit_BoolOp(self, node):  # noqa: N802 - ast's visitor names
        values = [self.visit(v) for v in node.values]
        op = "and_" if isinstance(node.op, ast.And) else "or_"
        result = values[-1]
        for value in reversed(values[:-1]):
            result = _call(_ag(op), _lambda(value), _lambda(result))
        return result

    def visit_UnaryOp(self, node):  # noqa: N802
        node = self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return _call(_ag("not_"), node.operand)
        return node

    def visit_IfExp(self, node):  # noqa: N802
        text = ast.unparse(node)
        node = self.generic_visit(node)
        return _call(_ag("if_exp"), node.test, _lambda(node.body), _lambda(node.orelse), ast.Constant(text))

    def visit_Call(self, node):  # noqa: N802
        node = self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "ag__":
            return node
        if isinstance(func, ast.Name) and func.id == "super":
            return node  # super() reads its frame: it stays a direct call
        args = ast.Tuple(elts=node.args, ctx=ast.Load())
        kwargs = ast.Dict(keys=[k.arg and ast.Constant(k.arg) for k in node.keywords],
                          values=[k.value for k in node.keywords]) if node.keywords else ast.Constant(None)
        return _call(_ag("converted_call"), func, args, kwargs)

    def visit_Name(self, node):  # noqa: N802
        if isinstance(node.ctx, ast.Load) and node.id in self.function.locals:
            return _call(_ag("ld"), node)
        return node


class _Block:
    """Rewrites a block of statements inside one (converted or generated) function."""

    def __init__(self, function, defined):
        self.function = function
        self.defined = set(defined)   # names surely bound here: no Undefined check needed

    def block(self, stmts):
        out = []
        for stmt in stmts:
            handler = getattr(self, "_" + type(stmt).__name__, None)
            out.extend(handler(stmt) if handler else self._simple(stmt))
        return out

    def _expr(self, node):
        return _Expressions(self.function).visit(node)

    def _simple(self, stmt):
        if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            stmt.value = self._expr(stmt.value)
            self.defined.add(stmt.target.id)
            return [stmt]
        for field in ("body", "orelse", "finalbody"):
            if isinstance(getattr(stmt, field, None), list):
                setattr(stmt, field, _Block(self.function, self.defined).block(getattr(stmt, field)))
        for handler in getattr(stmt, "handlers", []):
            handler.body = _Block(self.function, self.defined).block(handler.body)
        for field, value in ast.iter_fields(stmt):
            if field in ("body", "orelse", "finalbody", "handlers"):
                continue
            if isinstance(value, ast.AST):
                setattr(stmt, field, self._expr(value))
            elif isinstance(value, list):
                setattr(stmt, field, [self._expr(v) if isinstance(v, ast.expr) else v for v in value])
        self.defined |= liveness.kills(stmt)
        return [stmt]

    def _FunctionDef(self, stmt):  # noqa: N802
        self.defined.add(stmt.name)
        if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(stmt)):
            return [stmt]  # a generator runs as written, as TF leaves it
        return [convert_function(stmt, self.function.features)]

    def _ClassDef(self, stmt):  # noqa: N802 - class bodies and coroutines are left as written
        self.defined.add(stmt.name)
        return [stmt]

    _AsyncFunctionDef = _ClassDef

    def _Assert(self, stmt):  # noqa: N802
        if not self.function.features.get("asserts"):
            return self._simple(stmt)
        msg = self._expr(stmt.msg) if stmt.msg is not None else ast.Constant(None)
        return [ast.Expr(_call(_ag("assert_stmt"), self._expr(stmt.test), _lambda(msg)))]

    # ------------------------------------------------------------ state of a statement
    def _state(self, node, names, live_in):
        """The state names of `node` (outputs first) and how many are outputs."""
        live_out = node._ag_live_out
        state = [n for n in names if n in live_in or n in live_out]
        inputs_only = {n for n in state if n not in live_out}
        state.sort(key=lambda n: (n in inputs_only, n))
        return state, len(state) - len(inputs_only)

    def _binding(self, state):
        """`nonlocal` (or `global`) statements for a generated function that writes the state."""
        out = []
        local = [n for n in state if n not in self.function.declared_global]
        glob = [n for n in state if n in self.function.declared_global]
        if local:
            out.append(ast.Nonlocal(names=local))
        if glob:
            out.append(ast.Global(names=glob))
        return out

    def _state_functions(self, state, suffix):
        get_name, set_name = self.function.unique("get_state" + suffix), self.function.unique("set_state" + suffix)
        values = ast.Tuple(elts=[_name(n) for n in state], ctx=ast.Load())
        getter = _def(get_name, [ast.Return(values)])
        targets = ast.Tuple(elts=[_name(n, store=True) for n in state], ctx=ast.Store())
        setter = _def(set_name, self._binding(state) + ([ast.Assign(targets=[targets], value=_name("vars_"))]
                                                        if state else [ast.Pass()]), params=["vars_"])
        return [getter, setter], _name(get_name), _name(set_name)

    def _undefined_checks(self, state):
        """`try: n / except NameError: n = ag__.Undefined('n')` for each state name maybe not bound yet."""
        out = []
        for n in state:
            if n in self.defined or n in self.function.declared_global:
                continue
            fallback = ast.Assign(targets=[_name(n, store=True)], value=_call(_ag("Undefined"), ast.Constant(n)))
            out.append(ast.Try(body=[ast.Expr(_name(n))], handlers=[ast.ExceptHandler(
                type=_name("NameError"), name=None, body=[fallback])], orelse=[], finalbody=[]))
        self.defined |= set(state)
        return out

    def _inner(self, state, stmts, params=()):
        return self._binding(state) + (_Block(self.function, set(state) | set(params)).block(stmts) or [ast.Pass()])

    # ------------------------------------------------------------ if / while / for
    def _If(self, node):  # noqa: N802
        names = sorted(liveness.modified(node.body + node.orelse) & self.function.locals)
        state, nouts = self._state(node, names, node._ag_live_in)
        functions, get_state, set_state = self._state_functions(state, "")
        body_name, else_name = self.function.unique("if_body"), self.function.unique("else_body")
        functions += [_def(body_name, self._inner(state, node.body)), _def(else_name, self._inner(state, node.orelse))]
        call = _call(_ag("if_stmt"), self._expr(node.test), _name(body_name), _name(else_name), get_state, set_state,
                     ast.Tuple(elts=[ast.Constant(n) for n in state], ctx=ast.Load()), ast.Constant(nouts))
        return functions + self._undefined_checks(state) + [ast.Expr(call)]

    def _loop_options(self, node):
        """`set_loop_options(...)` calls at the top of a loop body, taken out as the loop's options."""
        options, body = {}, []
        for stmt in node.body:
            call = stmt.value if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) else None
            if call is not None and self.function.features["resolve"](call.func) is set_loop_options:
                options.update({k.arg: self._expr(k.value) for k in call.keywords})
            else:
                body.append(stmt)
        node.body = body
        return options

    def _While(self, node):  # noqa: N802
        options = self._loop_options(node)
        names = sorted(liveness.modified(node.body) & self.function.locals)
        state, _ = self._state(node, names, node._ag_live_in)
        functions, get_state, set_state = self._state_functions(state, "")
        body_name, test_name = self.function.unique("loop_body"), self.function.unique("loop_test")
        functions += [_def(test_name, [ast.Return(self._expr(node.test))]),
                      _def(body_name, self._inner(state, node.body))]
        opts = ast.Dict(keys=[ast.Constant(k) for k in options], values=list(options.values()))
        call = _call(_ag("while_stmt"), _name(test_name), _name(body_name), get_state, set_state,
                     ast.Tuple(elts=[ast.Constant(n) for n in state], ctx=ast.Load()), opts)
        return functions + self._undefined_checks(state) + [ast.Expr(call)]

    def _For(self, node):  # noqa: N802
        options = self._loop_options(node)
        target_names = liveness.modified([ast.Assign(targets=[node.target], value=ast.Constant(None))])
        names = sorted((liveness.modified(node.body) | target_names) & self.function.locals)
        state, _ = self._state(node, names, node._ag_live_in)
        functions, get_state, set_state = self._state_functions(state, "")
        body_name = self.function.unique("loop_body")
        unpack = ast.Assign(targets=[node.target], value=_name("itr"))
        functions.append(_def(body_name, self._inner(state, [unpack] + node.body, params=["itr"]), params=["itr"]))
        extra = getattr(node, "_ag_extra_test", None)
        if extra is not None:
            test_name = self.function.unique("extra_test")
            functions.append(_def(test_name, [ast.Return(self._expr(extra))]))
            extra = _name(test_name)
        if isinstance(node.target, ast.Name):
            options.setdefault("iterate_names", ast.Constant(node.target.id))
        opts = ast.Dict(keys=[ast.Constant(k) for k in options], values=list(options.values()))
        call = _call(_ag("for_stmt"), self._expr(node.iter), extra or ast.Constant(None), _name(body_name),
                     get_state, set_state, ast.Tuple(elts=[ast.Constant(n) for n in state], ctx=ast.Load()), opts)
        return functions + self._undefined_checks(state) + [ast.Expr(call)]


def convert_function(node, features):
    """The converted form of the FunctionDef `node` (rewritten in place and returned)."""
    node.body = lowering.lower_loops(node.body, lowering._Names())
    node.body = lowering.lower_returns(node.body)
    liveness.annotate(node.body, set())
    function = _Function(node, features)
    node.body = _Block(function, function.params).block(node.body)
    node.decorator_list = [_ag("autograph_artifact")] + node.decorator_list
    return node
