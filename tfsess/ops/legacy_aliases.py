"""Registering an old op type as a newer one it equals: the same kernel, inputs reordered or attrs added.

GraphDefs written by TF 1.x hold op types TF later replaced (Concat by ConcatV2, BatchMatMul by
BatchMatMulV2, MatrixDiagV2 by MatrixDiagV3): `register_alias` declares such a type over the newer
type's inference, kernel and gradient, so `import_graph_def` runs it with no second implementation.
"""
from __future__ import annotations

import dataclasses

from tfsess.framework.registry import REGISTRY, kernel_attrs, lookup

__all__ = ["OpView", "register_alias"]


class OpView:
    """An op seen as its newer type: inputs in the newer order, attrs added; the rest is the op's own."""

    def __init__(self, op, inputs, extra_attrs):
        self._op, self.inputs, self._extra = op, inputs, extra_attrs

    def get_attr(self, name):
        return self._extra[name] if name in self._extra else self._op.get_attr(name)

    def _attr(self, name):
        return self._extra[name] if name in self._extra else self._op._attr(name)

    def __getattr__(self, name):
        return getattr(self._op, name)


def register_alias(op_type, base_type, order=None, attrs=None, where=""):
    """Registers `op_type` as `base_type` whose input i is the old op's input `order[i]`.

    `order` is a list, or a function of the number of inputs giving one (for list inputs).
    `attrs` are attrs the old type does not have and the newer type's kernel takes (e.g. an align the
    old type always meant). Inputs the newer type has and the old one lacks cannot be aliased here.
    """
    base = lookup(base_type)
    extra = dict(attrs or {})
    if order is None and not extra:
        REGISTRY[op_type] = dataclasses.replace(base, type=op_type, defined_at=where or base.defined_at)
        return

    def positions(n):
        return list(range(n)) if order is None else list(order(n)) if callable(order) else list(order)

    def arrange(items):
        return [items[i] for i in positions(len(items))]

    def infer(inputs, op_attrs):
        return base.infer(arrange(inputs), {**op_attrs, **extra})

    def kernel(xp, *values, **kw):
        kw = {**kw, **extra}
        ctx = kw.pop("ctx", None)
        inner = kernel_attrs(base.kernel, kw)
        if base.needs_ctx:
            inner["ctx"] = ctx
        return base.kernel(xp, *arrange(values), **inner)

    grad = None if base.grad is None else _reordered_grad(base.grad, positions, arrange, extra)
    REGISTRY[op_type] = dataclasses.replace(
        base, type=op_type, infer=infer, kernel=kernel, kernels={}, grad=grad, constant_value=None,
        partial_shape=None, output_shapes=None, defined_at=where or base.defined_at)


def _reordered_grad(base_grad, positions, arrange, extra):
    """The newer type's gradient, run on a view of the old op, its input gradients put back in order."""
    def grad(op, *grads):
        base_grads = list(base_grad(OpView(op, arrange(op.inputs), extra), *grads))
        out = [None] * len(op.inputs)
        for position, g in zip(positions(len(op.inputs)), base_grads):
            out[position] = g
        return out
    return grad
