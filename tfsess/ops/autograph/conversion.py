"""Turning a Python function into its AutoGraph form: source, rewrite, compile, cache; converted_call.

The converted function is compiled from the rewritten source into the original's module globals and
closure cells (so later changes to either are seen), with `ag__` (this package's operators) as one
more closure cell. Functions of library modules (tfsess, NumPy, the standard library...) and those
marked with do_not_convert run as written.
"""
from __future__ import annotations

import ast
import builtins
import inspect
import itertools
import linecache
import logging
import sys
import sysconfig
import textwrap
import types
import weakref

from tfsess.ops import autograph_api, check_ops
from tfsess.ops.autograph import control_flow, operators, transformer, variables

_LIBRARY_PREFIXES = ("tfsess", "numpy", "scipy", "pandas", "matplotlib", "PIL", "collections", "copy", "inspect",
                     "re", "threading", "functools", "itertools", "pathlib", "posixpath", "abc", "typing")
_STDLIB = sysconfig.get_paths().get("stdlib", "<none>")
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_UIDS = itertools.count()
_LOG = logging.getLogger("tensorflow")


class AutoGraphError(Exception):
    """Base class of AutoGraph's errors."""


class ConversionError(AutoGraphError):
    """A function could not be converted (TF's tf.autograph ConversionError)."""


def _features(optional_features):
    if optional_features is None:
        optional_features = ()
    features = tuple(optional_features) if isinstance(optional_features, (list, tuple, set)) \
        else (optional_features,)
    names = {getattr(f, "name", str(f)) for f in features}
    return {"asserts": bool(names & {"ALL", "ASSERT_STATEMENTS"})}


def _namespace(recursive, asserts):
    ns = types.SimpleNamespace(
        if_stmt=control_flow.if_stmt, while_stmt=control_flow.while_stmt, for_stmt=control_flow.for_stmt,
        if_exp=control_flow.if_exp, and_=operators.and_, or_=operators.or_, not_=operators.not_,
        ld=variables.ld, retval=variables.retval, Undefined=variables.Undefined,
        UndefinedReturnValue=variables.UndefinedReturnValue, assert_stmt=assert_stmt,
        autograph_artifact=autograph_artifact)
    options = {"recursive": recursive, "asserts": asserts}
    ns.converted_call = lambda f, args, kwargs: converted_call(f, args, kwargs, options)
    return ns


def autograph_artifact(fn):
    """Marks a function as already converted: calls run it as it is."""
    fn.__ag_converted__ = True
    return fn


def assert_stmt(expression, message):
    """`assert expression, message()`; a tensor expression becomes tf.Assert (ASSERT_STATEMENTS feature)."""
    if control_flow.is_dense_tensor(expression):
        text = message()
        return check_ops.Assert(expression, [text] if text is not None else ["Assertion failed"])
    if not expression:
        text = message()
        raise AssertionError(text) if text is not None else AssertionError()
    return None


# ---------------------------------------------------------------- what gets converted
def is_library_function(fn) -> bool:
    module = getattr(fn, "__module__", None) or ""
    if any(module == p or module.startswith(p + ".") for p in _LIBRARY_PREFIXES):
        return True
    filename = getattr(getattr(fn, "__code__", None), "co_filename", "")
    return filename.startswith(_STDLIB) and "site-packages" not in filename


def _marked_unconverted(fn) -> bool:
    return bool(getattr(fn, "__tfsess_do_not_convert__", False) or getattr(fn, "__ag_converted__", False))


def converted_call(f, args, kwargs, options):
    """`f(*args, **kwargs)` with `f` converted when it is user code (and conversion is recursive)."""
    kwargs = kwargs or {}
    try:
        builtin = operators.BUILTINS.get(f)
    except TypeError:  # unhashable callables
        builtin = None
    if builtin is not None:
        return builtin(*args, **kwargs)
    target = f.__func__ if inspect.ismethod(f) else f
    if (not options["recursive"] or not isinstance(target, types.FunctionType) or _marked_unconverted(target)
            or is_library_function(target) or inspect.isgeneratorfunction(target)):
        return f(*args, **kwargs)
    try:
        converted = convert(target, options)
    except (ConversionError, NotImplementedError) as e:
        _log(1, f"AutoGraph could not transform {target} and will run it as-is: {e}")
        return f(*args, **kwargs)
    if inspect.ismethod(f):
        converted = types.MethodType(converted, f.__self__)
    return converted(*args, **kwargs)


# ---------------------------------------------------------------- conversion
def convert(fn, options):
    """The converted form of the plain Python function `fn` (cached per function and options)."""
    key = (options["recursive"], options["asserts"])
    per_fn = _CACHE.setdefault(fn, {})
    if key not in per_fn:
        per_fn[key] = _convert(fn, options)
    return per_fn[key][0]


def converted_source(fn, options) -> str:
    convert(fn, options)
    return _CACHE[fn][(options["recursive"], options["asserts"])][1]


def _parse(fn):
    """The FunctionDef of `fn` (a lambda becomes `def lam(args): return body`), or ConversionError."""
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError) as e:
        raise ConversionError(f"converting {fn}: {type(e).__name__}: could not get source code") from e
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        raise ConversionError(f"converting {fn}: SyntaxError: {e}") from e
    if fn.__name__ == "<lambda>":
        node = _lambda_definition(fn, tree)
    else:
        node = tree.body[0] if tree.body else None
        if not isinstance(node, ast.FunctionDef) or node.name != fn.__name__:
            raise ConversionError(f"converting {fn}: could not find its definition in its source")
    if any(isinstance(n, (ast.Yield, ast.YieldFrom, ast.Await)) for n in ast.walk(node)):
        raise ConversionError(f"converting {fn}: NotImplementedError: generators are not supported")
    return node


def _lambda_definition(fn, tree):
    code = fn.__code__
    count = code.co_argcount + code.co_kwonlyargcount + bool(code.co_flags & inspect.CO_VARARGS) \
        + bool(code.co_flags & inspect.CO_VARKEYWORDS)
    wanted = list(code.co_varnames[:count])
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda) and _lambda_params(n) == wanted]
    if len({ast.dump(n) for n in found}) != 1:
        raise ConversionError(f"converting {fn}: could not tell which lambda of its source line it is "
                              f"({len(found)} candidates)")
    node = ast.FunctionDef(name="lam", args=found[0].args, body=[ast.Return(found[0].body)], decorator_list=[],
                           returns=None, type_comment=None, type_params=[])
    return ast.fix_missing_locations(node)


def _lambda_params(node):
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return names


def _convert(fn, options):
    node = _parse(fn)
    node.decorator_list = []
    freevars = fn.__code__.co_freevars
    if "__class__" in freevars:
        _explicit_super(node)
    converted = transformer.convert_function(node, {"asserts": options["asserts"], "resolve": _resolver(fn)})
    converted.name = "tf__" + converted.name
    factory = ast.FunctionDef(
        name="ag__factory", args=ast.arguments(posonlyargs=[], args=[ast.arg("ag__")], vararg=None, kwonlyargs=[],
                                               kw_defaults=[], kwarg=None, defaults=[]),
        body=[ast.Assign(targets=[ast.Name(v, ast.Store())], value=ast.Constant(None)) for v in freevars]
        + [converted, ast.Return(ast.Name(converted.name, ast.Load()))],
        decorator_list=[], returns=None, type_comment=None, type_params=[])
    module = ast.fix_missing_locations(ast.Module(body=[factory], type_ignores=[]))
    source = ast.unparse(converted) + "\n"
    filename = f"<autograph {fn.__qualname__} {next(_UIDS)}>"
    full = ast.unparse(module) + "\n"
    linecache.cache[filename] = (len(full), None, full.splitlines(True), filename)
    try:
        code = compile(ast.parse(full), filename, "exec")
    except SyntaxError as e:
        raise ConversionError(f"converting {fn}: SyntaxError: {e}") from e
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    inner = next(c for c in factory_code.co_consts if isinstance(c, types.CodeType) and c.co_name == converted.name)
    cells = dict(zip(freevars, fn.__closure__ or ()))
    cells["ag__"] = types.CellType(_namespace(options["recursive"], options["asserts"]))
    closure = tuple(cells.get(name) or types.CellType() for name in inner.co_freevars)
    result = types.FunctionType(inner, fn.__globals__, converted.name, fn.__defaults__, closure)
    result.__kwdefaults__ = fn.__kwdefaults__
    result.__ag_converted__ = True
    result.__wrapped_original__ = fn
    _log(1, f"Converted {fn}")
    _log(2, f"Compiled output of {fn}:\n\n{source}\n")
    return result, source


def _resolver(fn):
    """What a name or attribute chain of `fn`'s code denotes now (None when unknown): how the converter
    recognises calls such as set_loop_options under any alias."""
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))

    def resolve(node):
        if isinstance(node, ast.Attribute):
            base = resolve(node.value)
            return getattr(base, node.attr, None) if base is not None else None
        if not isinstance(node, ast.Name):
            return None
        if node.id in cells:
            try:
                return cells[node.id].cell_contents
            except ValueError:  # an empty cell
                return None
        if node.id in fn.__globals__:
            return fn.__globals__[node.id]
        return getattr(builtins, node.id, None)
    return resolve


def _explicit_super(node):
    """`super()` needs its class cell, which the compiled copy lacks: pass it and the first argument."""
    first = (node.args.posonlyargs + node.args.args)[:1]
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "super" \
                and not call.args and first:
            call.args = [ast.Name("__class__", ast.Load()), ast.Name(first[0].arg, ast.Load())]


def _log(level, message):
    verbosity, to_stdout = autograph_api.verbosity()
    if verbosity >= level:
        _LOG.info(message)
        if to_stdout:
            print(message, file=sys.stdout)
