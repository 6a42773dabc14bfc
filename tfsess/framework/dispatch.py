"""Type-based dispatch of public ops (TF's tf.experimental.dispatch_for_api idea).

A public op function wrapped by `add_dispatch_support` first looks at its arguments (and, for ops
taking a list of tensors, the list's items): when one is an instance of a type a handler was registered for, the
handler builds the result instead. So a composite such as RaggedTensor gives tf.add, tf.reduce_sum
or tf.concat their meaning on it without the dense op modules naming it.

Handlers register per API (`dispatch_for_api`) or for every unary or binary elementwise API at
once (`dispatch_for_unary_elementwise_apis`, `dispatch_for_binary_elementwise_apis`); elementwise
handlers receive the undecorated API function first.
"""
from __future__ import annotations

import functools

_API_HANDLERS: dict = {}  # dispatching wrapper -> [(types, handler(*args, **kwargs))]
_ELEMENTWISE_APIS = {"unary": [], "binary": []}  # dispatching wrappers of each elementwise kind
_ELEMENTWISE_HANDLERS = {"unary": [], "binary": []}  # [(types, handler(api, *args, **kwargs))]


def _dispatch_types(args, kwargs, list_args):
    for value in list(args) + list(kwargs.values()):
        yield type(value)
        if list_args and isinstance(value, (list, tuple)):
            for item in value:
                yield type(item)


def add_dispatch_support(fn=None, *, elementwise=None, list_args=False):
    """Wraps the public op `fn` so that registered handlers take arguments of their types.

    `elementwise` ("unary" or "binary") adds `fn` to the APIs the elementwise handlers serve;
    `list_args` makes the items of list arguments count too (tf.concat's and tf.stack's `values`).
    """
    if fn is None:
        return functools.partial(add_dispatch_support, elementwise=elementwise, list_args=list_args)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        candidates = _API_HANDLERS.get(wrapper)
        if elementwise is not None and _ELEMENTWISE_HANDLERS[elementwise]:
            candidates = (candidates or []) + [(types, functools.partial(handler, fn))
                                               for types, handler in _ELEMENTWISE_HANDLERS[elementwise]]
        if candidates:
            arg_types = tuple(_dispatch_types(args, kwargs, list_args))
            for types, handler in candidates:
                if any(issubclass(t, types) for t in arg_types):
                    return handler(*args, **kwargs)
        return fn(*args, **kwargs)

    wrapper._dispatch_target = fn
    if elementwise is not None:
        _ELEMENTWISE_APIS[elementwise].append(wrapper)
    return wrapper


def dispatch_for_api(api, *types):
    """Registers the decorated handler for calls of `api` with an argument of one of `types`."""
    if not hasattr(api, "_dispatch_target"):
        raise ValueError(f"{getattr(api, '__name__', api)} does not support dispatch.")

    def decorator(handler):
        _API_HANDLERS.setdefault(api, []).append((tuple(types), handler))
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
    """The public functions of one elementwise kind ("unary" or "binary") that dispatch."""
    return list(_ELEMENTWISE_APIS[kind])
