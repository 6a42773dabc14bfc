"""Type-based dispatch of public ops (TF's tf.experimental.dispatch_for_api idea).

A public op function wrapped by `add_dispatch_support` first looks at its arguments (and, for ops
taking a list of tensors, the list's items): when one is an instance of a type a handler was registered for, the
handler builds the result instead. So a composite such as RaggedTensor gives tf.add, tf.reduce_sum
or tf.concat their meaning on it without the dense op modules naming it.

Two ways to register, on the same wrappers:
- tfsess's own (`dispatch_for_api(api, *types)`, `dispatch_for_unary_elementwise_apis(*types)`,
  `dispatch_for_binary_elementwise_apis(*types)`): a handler takes any call with an argument of one of the
  types; elementwise handlers receive the undecorated API function first.
- TF's public form (`typed_dispatch_for_api(api, *signatures)`, `typed_dispatch_for_*_elementwise_apis`,
  `unregister_dispatch_for`: tf.experimental's dispatch_for_api ...): signatures map parameter names
  (or positions) to type annotations (types, `Union[...]`, `List[...]`, None), read from the handler's
  annotations when none are given; as in TF, only calls with a dispatchable argument (a composite value:
  SparseTensor, IndexedSlices, or a type with a `_type_spec`, such as an Optional) are considered.
"""
from __future__ import annotations

import functools
import inspect
import typing

from tfsess.framework.graph_api import name_scope
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.sparse_tensor import SparseTensor

_API_HANDLERS: dict = {}  # dispatching wrapper -> [(matches(args, kwargs), handler(*args, **kwargs))]
_ELEMENTWISE_APIS = {"unary": [], "binary": [], "binary_assert": []}  # dispatching wrappers of each kind
_ELEMENTWISE_HANDLERS = {"unary": [], "binary": [], "binary_assert": []}  # [(types, handler(api, *args))]
_TYPED_ELEMENTWISE = {"unary": {}, "binary": {}, "binary_assert": {}}  # annotations -> handler(api, x[, y])
_TYPED_TARGETS: dict = {}  # TF-form handler -> [api] it was registered for
_DISPATCHABLE = (SparseTensor, IndexedSlices)  # TF's CompositeTensor types of this layer


def _dispatch_types(args, kwargs, list_args):
    for value in list(args) + list(kwargs.values()):
        yield type(value)
        if list_args and isinstance(value, (list, tuple)):
            for item in value:
                yield type(item)


def _any_dispatchable(args, kwargs) -> bool:
    for value in list(args) + list(kwargs.values()):
        for item in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(item, _DISPATCHABLE) or hasattr(type(item), "_type_spec"):
                return True
    return False


def add_dispatch_support(fn=None, *, elementwise=None, list_args=False):
    """Wraps the public op `fn` so that registered handlers take arguments of their types.

    `elementwise` ("unary", "binary" or "binary_assert") adds `fn` to the APIs the elementwise handlers
    serve; `list_args` makes the items of list arguments count too (tf.concat's and tf.stack's `values`).
    """
    if fn is None:
        return functools.partial(add_dispatch_support, elementwise=elementwise, list_args=list_args)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for matches, handler in _candidates(wrapper):
            if matches(args, kwargs):
                return handler(*args, **kwargs)
        return fn(*args, **kwargs)

    def _candidates(api):
        """(matches(args, kwargs), handler) pairs in the order they are tried: per-API handlers, then
        tfsess's elementwise handlers, then TF's signature-based elementwise handlers."""
        yield from _API_HANDLERS.get(api, ())
        if elementwise is None:
            return
        for types, handler in _ELEMENTWISE_HANDLERS[elementwise]:
            yield functools.partial(_any_type, types, list_args), functools.partial(handler, fn)
        for annotations, handler in _TYPED_ELEMENTWISE[elementwise].items():
            yield (functools.partial(_signature_matches, api, dict(enumerate(annotations))),
                   functools.partial(_call_elementwise, handler, api, len(annotations)))

    wrapper._dispatch_target = fn
    wrapper._list_args = list_args
    if elementwise is not None:
        _ELEMENTWISE_APIS[elementwise].append(wrapper)
    return wrapper


def _any_type(types, list_args, args, kwargs) -> bool:
    return any(issubclass(t, types) for t in _dispatch_types(args, kwargs, list_args))


def dispatch_for_api(api, *types):
    """Registers the decorated handler for calls of `api` with an argument of one of `types`."""
    if not hasattr(api, "_dispatch_target"):
        raise ValueError(f"{getattr(api, '__name__', api)} does not support dispatch.")

    def decorator(handler):
        matches = functools.partial(_any_type, tuple(types), api._list_args)
        _API_HANDLERS.setdefault(api, []).append((matches, handler))
        return handler
    return decorator


def dispatch_for_unary_elementwise_apis(*types):
    """Registers `handler(api, x, ...)` for every unary elementwise API called with one of `types`."""
    def decorator(handler):
        _ELEMENTWISE_HANDLERS["unary"].append((tuple(types), handler))
        return handler
    return decorator


def dispatch_for_binary_elementwise_apis(*types):
    """Registers `handler(api, x, y, ...)` for every binary elementwise API called with one of `types`."""
    def decorator(handler):
        _ELEMENTWISE_HANDLERS["binary"].append((tuple(types), handler))
        return handler
    return decorator


def elementwise_apis(kind: str) -> list:
    """The public functions of one elementwise kind ("unary", "binary", "binary_assert") that dispatch."""
    return list(_ELEMENTWISE_APIS[kind])


# ----------------------------------------------------------------------------- TF's public form
def _type_matches(annotation, value) -> bool:
    """Whether `value` fits `annotation` (a type, None, Union[...] or List[...]), as TF's type checkers."""
    if annotation is None:
        return value is None
    origin = typing.get_origin(annotation)
    if origin is typing.Union:
        return any(_type_matches(arg, value) for arg in typing.get_args(annotation))
    if origin is list:
        (item_type,) = typing.get_args(annotation)
        return isinstance(value, (list, tuple)) and all(_type_matches(item_type, v) for v in value)
    return isinstance(value, annotation)


def _check_annotation(annotation):
    origin = typing.get_origin(annotation)
    if annotation is None or isinstance(annotation, type) and origin is None:
        return
    if origin is typing.Union:
        for arg in typing.get_args(annotation):
            _check_annotation(arg)
        return
    if origin is list:
        if len(typing.get_args(annotation)) != 1:
            raise AssertionError("Expected List[...] to have a single type parameter")
        _check_annotation(typing.get_args(annotation)[0])
        return
    raise ValueError(f"Type annotation {annotation} is not currently supported by dispatch.  Supported "
                     "annotations: type objects,  List[...], and Union[...]")


def _signature_checker(api_signature, signature) -> dict:
    """{parameter index: annotation} for a TF dispatch signature, refused as TF refuses it."""
    if not (isinstance(signature, dict) and all(isinstance(k, (str, int)) for k in signature)):
        raise TypeError("signatures must be dictionaries mapping parameter names to type annotations.")
    params = list(api_signature.parameters.values())
    checks = {}
    for name, annotation in signature.items():
        if isinstance(name, int) and name < len(params):
            name = params[name].name
        param = api_signature.parameters.get(name)
        if param is None:
            raise ValueError(f"signature includes annotation for unknown parameter {name!r}.")
        if param.kind not in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            raise ValueError("Dispatch currently only supports type annotations for positional parameters; "
                             f"can't handle annotation for {param.kind!r} parameter {name}.")
        _check_annotation(annotation)
        checks[params.index(param)] = annotation
    return checks


def _signature_matches(api, checks, args, kwargs) -> bool:
    if not _any_dispatchable(args, kwargs):
        return False
    params = list(inspect.signature(api).parameters.values())
    for index, annotation in checks.items():
        param = params[index]
        value = args[index] if index < len(args) else kwargs.get(param.name, param.default)
        if not _type_matches(annotation, value):
            return False
    return True


def _with_name_scope(handler, api_signature):
    """As TF: a handler without `name` for an API with one runs under `name_scope(name)` when given."""
    if "name" not in api_signature.parameters:
        return handler
    handler_signature = inspect.signature(handler)
    if "name" in handler_signature.parameters or any(
            p.kind is inspect.Parameter.VAR_KEYWORD for p in handler_signature.parameters.values()):
        return handler
    name_index = list(api_signature.parameters).index("name")

    @functools.wraps(handler)
    def named(*args, **kwargs):
        if name_index < len(args):
            name, args = args[name_index], args[:name_index] + args[name_index + 1:]
        else:
            name = kwargs.pop("name", None)
        if name is None:
            return handler(*args, **kwargs)
        with name_scope(name):
            return handler(*args, **kwargs)
    named.__signature__ = handler_signature.replace(
        parameters=list(handler_signature.parameters.values()) + [api_signature.parameters["name"]])
    return named


def _check_signature(api_signature, handler):
    params = list(inspect.signature(handler).parameters.values())
    kinds = {p.kind for p in params}
    if inspect.Parameter.VAR_POSITIONAL in kinds and inspect.Parameter.VAR_KEYWORD in kinds and len(params) == 2:
        return  # (*args, **kwargs) takes anything
    api_params = list(api_signature.parameters.values())
    if len(params) != len(api_params) or any(a.name != b.name or a.kind != b.kind
                                             for a, b in zip(api_params, params)):
        raise ValueError(f"Dispatch function's signature {inspect.signature(handler)} does not match API's "
                         f"signature {api_signature}.")


def _signature_from_annotations(handler) -> dict:
    signature = {name: p.annotation for name, p in inspect.signature(handler).parameters.items()
                 if p.annotation is not inspect.Parameter.empty}
    if not signature:
        raise ValueError("The dispatch_for_api decorator must be called with at least one signature, or applied "
                         "to a function that has type annotations on its parameters.")
    return signature


def typed_dispatch_for_api(api, *signatures):
    """Overrides `api` for calls whose arguments match one of `signatures` (dicts of parameter name or
    position -> type annotation), or the decorated handler's own annotations when none are given
    (tf.experimental.dispatch_for_api). The handler must have the API's signature."""
    if not hasattr(api, "_dispatch_target"):
        raise ValueError(f"{api} does not support dispatch.")
    api_signature = inspect.signature(api)
    checks = [_signature_checker(api_signature, signature) for signature in signatures]

    def decorator(handler):
        if not callable(handler):
            raise TypeError(f"Expected dispatch_target to be callable; got {handler!r}")
        target = _with_name_scope(handler, api_signature)
        _check_signature(api_signature, target)
        handler_checks = checks or [_signature_checker(api_signature, _signature_from_annotations(handler))]
        for check in handler_checks:
            _API_HANDLERS.setdefault(api, []).append((functools.partial(_signature_matches, api, check), target))
        _TYPED_TARGETS.setdefault(handler, []).append(api)
        return handler
    return decorator


def _call_elementwise(handler, api, arity, *args, **kwargs):
    """Calls TF's elementwise `handler(api_func, x[, y])`, the API's other arguments bound into api_func."""
    params = list(inspect.signature(api).parameters)
    name = None
    if "name" in params:
        index = params.index("name")
        if index < len(args):
            name, args = args[index], args[:index] + args[index + 1:]
        else:
            name = kwargs.pop("name", None)
    operands = list(args[:arity])
    args = args[arity:]
    for param in params[len(operands):arity]:
        operands.append(kwargs.pop(param))

    def api_func(*values):
        return api(*values, *args, **kwargs)
    if name is None:
        return handler(api_func, *operands)
    with name_scope(name):
        return handler(api_func, *operands)


def _register_elementwise(kind, annotations, description):
    def decorator(handler):
        for annotation in annotations:
            _check_annotation(annotation)
        if annotations in _TYPED_ELEMENTWISE[kind]:
            types = annotations[0] if len(annotations) == 1 else "(" + ", ".join(map(str, annotations)) + ")"
            raise ValueError(f"A {description} dispatch handler ({_TYPED_ELEMENTWISE[kind][annotations]}) has "
                             f"already been registered for {types}.")
        _TYPED_ELEMENTWISE[kind][annotations] = handler
        return handler
    return decorator


def typed_dispatch_for_unary_elementwise_apis(x_type):
    """Overrides every unary elementwise API whose first argument matches `x_type`: calls
    `handler(api_func, x)`, the API's other arguments bound into api_func
    (tf.experimental.dispatch_for_unary_elementwise_apis)."""
    return _register_elementwise("unary", (x_type,), "unary elementwise")


def typed_dispatch_for_binary_elementwise_apis(x_type, y_type):
    """Overrides every binary elementwise API whose first two arguments match `x_type` and `y_type`:
    calls `handler(api_func, x, y)` (tf.experimental.dispatch_for_binary_elementwise_apis)."""
    return _register_elementwise("binary", (x_type, y_type), "binary elementwise")


def typed_dispatch_for_binary_elementwise_assert_apis(x_type, y_type):
    """Overrides the binary assertions (assert_equal, assert_less, ...) whose first two arguments match:
    calls `handler(assert_func, x, y)` (tf.experimental.dispatch_for_binary_elementwise_assert_apis)."""
    return _register_elementwise("binary_assert", (x_type, y_type), "binary elementwise assert")


def unregister_dispatch_for(dispatch_target):
    """Removes a handler registered by one of the tf.experimental dispatch decorators
    (tf.experimental.unregister_dispatch_for)."""
    found = False
    for api in _TYPED_TARGETS.pop(dispatch_target, ()):
        _API_HANDLERS[api] = [(m, h) for m, h in _API_HANDLERS[api]
                              if h is not dispatch_target and getattr(h, "__wrapped__", None) is not dispatch_target]
        found = True
    for handlers in _TYPED_ELEMENTWISE.values():
        for key in [key for key, handler in handlers.items() if handler is dispatch_target]:
            del handlers[key]
            found = True
    if not found:
        raise ValueError(f"Function {dispatch_target} was not registered using a `@dispatch_for_*` decorator.")


__all__ = []  # the tf.experimental names are exported by tfsess/experimental.py
