"""tf.custom_gradient and tf.recompute_grad in graph mode, over TF's IdentityN op.

As TF's graph-mode decorator does, `f`'s results and inputs pass through one IdentityN op whose gradient is
overridden (gradient_override_map) by a function that calls the user's `grad_fn`: tf.gradients then uses
`grad_fn`'s gradients for the inputs and never differentiates `f`'s own ops.
"""
from __future__ import annotations

import functools
import inspect
import itertools

from tfsess.framework import nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import RegisterGradient, register_op
from tfsess.ops import gradients

_uids = itertools.count(1)


def _identity_n_infer(inputs, attrs):
    return [(t.dtype.base_dtype, t.shape) for t in inputs]


@register_op("IdentityN", infer=_identity_n_infer)
def _identity_n(xp, *inputs):
    return inputs[0] if len(inputs) == 1 else tuple(inputs)


@_identity_n.gradient
def _identity_n_grad(op, *grads):
    return list(grads)


def _variables_used(graph, new_ops, arg_tensors):
    """The graph's variables that the ops `f` created read (their variable op or its read snapshot);
    as TF, a variable passed in as an argument (`arg_tensors`) is an input, not a captured variable."""
    known = {}
    for v in graph.get_collection("variables") + graph.get_collection("local_variables"):
        known.setdefault(v.op, v)
        snapshot = getattr(v, "_snapshot", None)
        if snapshot is not None:
            known.setdefault(snapshot.op, v)
    used = []
    for op in new_ops:
        for t in op.inputs:
            v = None if any(t is a for a in arg_tensors) else known.get(t.op)
            if v is not None and all(v is not u for u in used):
                used.append(v)
    return used


def _accepts_variables(fn):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "variables" in params or any(p.kind == p.VAR_KEYWORD for p in params.values())


def _graph_mode_call(f, args, kwargs):
    graph = get_default_graph()
    name = f"CustomGradient-{next(_uids)}"
    args = nest.map_structure(lambda a: a if isinstance(a, Tensor) else convert_to_tensor(a), args)
    before = len(graph._all_operations())
    result, grad_fn = f(*args, **kwargs)
    used = _variables_used(graph, graph._all_operations()[before:], nest.flatten(args))
    if used and not _accepts_variables(grad_fn):
        raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument 'variables', since function "
                        f"uses variables: {used}")
    flat_args = nest.flatten(args)
    flat_result = [convert_to_tensor(t) for t in nest.flatten(result)]
    variable_tensors = [v.value() for v in used]

    @RegisterGradient(name)
    def _custom_grad(op, *result_grads):
        result_grads = result_grads[:len(flat_result)]
        if used:
            input_grads, variable_grads = grad_fn(*result_grads, variables=used)
            variable_grads = list(variable_grads)
            if len(variable_grads) != len(used):
                raise ValueError(f"Must return gradient for each variable from @custom_gradient grad_fn; "
                                 f"got {len(variable_grads)} for {len(used)} variables.")
        else:
            input_grads, variable_grads = grad_fn(*result_grads), []
        flat_grads = nest.flatten(input_grads)
        if len(flat_grads) != len(flat_args):
            raise ValueError(f"custom_gradient function expected to return {len(flat_args)} gradients, but "
                             f"returned {len(flat_grads)} instead.")
        return [None] * len(flat_result) + flat_grads + variable_grads

    with graph.gradient_override_map({"IdentityN": name}):
        outputs = apply_op("IdentityN", flat_result + flat_args + variable_tensors, {}, name="IdentityN").outputs
    return nest.pack_sequence_as(result, list(outputs[:len(flat_result)]))


def custom_gradient(f=None):
    """Decorates `f(*args) -> (result, grad_fn)` so that tf.gradients uses `grad_fn(*result_grads)` for the
    gradients of `result` with respect to `args` (tf.custom_gradient, graph mode).

    When `f` reads variables, `grad_fn` must take `variables=` and return (input grads, variable grads).
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        return _graph_mode_call(f, args, kwargs)
    return decorated


def recompute_grad(f):
    """`f` whose gradient recomputes `f`'s forward pass instead of keeping its activations (tf.recompute_grad).

    The backward pass builds a second copy of `f`'s ops under a control dependency on the incoming
    gradients, and differentiates that copy; variables `f` reads get their gradients too.
    """
    @functools.wraps(f)
    def wrapped(*args):
        @custom_gradient
        def inner(*inputs):
            result = f(*inputs)

            def grad_fn(*result_grads, variables=None):
                with get_default_graph().control_dependencies(list(result_grads)):
                    recomputed = nest.flatten(f(*inputs))
                variables = list(variables or [])
                grads = gradients.gradients(recomputed, list(inputs) + variables, grad_ys=list(result_grads))
                if not variables:
                    return grads
                return grads[:len(inputs)], grads[len(inputs):]
            return result, grad_fn
        return inner(*args)
    return wrapped


__all__ = ["custom_gradient", "recompute_grad"]
