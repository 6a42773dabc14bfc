"""Narrowed products: a MatMul whose result only a Split cuts into column blocks, some never read.

In a recurrent cell's gradient, d[x, h] = dz @ W^T is split into dx and dh; when the loop's input
is a constant nobody asks for dx, yet the product computes its columns every time step. A plan
of a loop body may replace such a pair by one step that multiplies by the columns of W^T that
the read blocks need and cuts the narrower product: the blocks' values are the same dot
products of the same rows and columns (BLAS may group the narrower product's work otherwise,
so they agree within rounding, TF's own tolerance). Blocks nobody reads come out as None. Only
products statically known to be small qualify: their memory is charged after the kernel, as before.
"""
from __future__ import annotations

import numpy as np

from tfsess.runtime.plan_compiler import statically_small

_AXIS_INPUT = {"Split": 0, "SplitV": 2}   # which input of the split op holds its axis
_VALUE_INPUT = {"Split": 1, "SplitV": 0}  # and which the value it cuts


class NarrowProduct:
    """The kernel of a MatMul + column Split pair: the product over columns [start, stop), cut into blocks."""

    def __init__(self, matmul, attrs, start, stop, blocks):
        self.matmul, self.attrs, self.start, self.stop = matmul, attrs, start, stop
        self.blocks = blocks  # per split output: (first, last) column in the narrowed product, or None

    def __call__(self, xp, a, b):
        b = b[self.start:self.stop] if self.attrs.get("transpose_b") else b[:, self.start:self.stop]
        product = self.matmul(xp, a, b, **self.attrs)
        return tuple(None if block is None else product[:, block[0]:block[1]] for block in self.blocks)


def narrow_products(steps, fetch_slots, template):
    """`steps` with each MatMul + column Split pair whose blocks are not all read merged into one step.

    The Split's step takes the MatMul's inputs and a NarrowProduct kernel; the MatMul's step goes.
    template: the plan's starting slot values (the Split's axis and sizes are folded constants).
    """
    readers = {}
    for step in steps:
        for i in step.ins:
            readers.setdefault(i, []).append(step)
    fetched = set(fetch_slots)
    dropped = set()
    for step in steps:
        if step.op.type != "MatMul" or step.special or step.xp is not np or step.outs[0] in fetched \
                or not statically_small(step.op._outputs):  # a large product is charged before it allocates
            continue
        users = readers.get(step.outs[0], [])
        split = users[0] if len(users) == 1 else None
        blocks = _column_blocks(split, step, template) if split is not None and not split.special else None
        if blocks is None:
            continue
        needed = [s in fetched or s in readers for s in split.outs]
        if all(needed) or not any(needed):
            continue
        start = min(lo for (lo, hi), keep in zip(blocks, needed) if keep)
        stop = max(hi for (lo, hi), keep in zip(blocks, needed) if keep)
        split.kernel = NarrowProduct(step.kernel, step.attrs, start, stop,
                                     [(lo - start, hi - start) if keep else None for (lo, hi), keep in zip(blocks, needed)])
        split.ins, split.attrs = step.ins, {}
        dropped.add(id(step))
    return [step for step in steps if id(step) not in dropped] if dropped else steps


def _column_blocks(split, matmul, template):
    """The (first, last) columns of each block `split` cuts from `matmul`'s result, or None.

    Only a split along the last axis of a matrix of static shape, at constant sizes, qualifies.
    """
    kind = split.op.type
    if kind not in _AXIS_INPUT or len(split.outs) < 2 or split.ins.count(matmul.outs[0]) != 1 \
            or split.ins[_VALUE_INPUT[kind]] != matmul.outs[0]:
        return None
    shapes = [t.shape.as_tuple_or_none() for t in matmul.op._inputs + matmul.op._outputs]
    if any(dims is None or len(dims) != 2 or None in dims for dims in shapes):
        return None
    args = [template[i] for i in split.ins]
    axis = args[_AXIS_INPUT[kind]]
    if axis is None or any(a is None for k, a in enumerate(args) if k != _VALUE_INPUT[kind]) \
            or np.ndim(axis) != 0 or int(axis) not in (1, -1):
        return None
    args[_VALUE_INPUT[kind]] = np.empty((1, shapes[2][1]), np.float32)  # the kernel's own cut of the columns
    try:
        pieces = split.kernel(np, *args, **split.attrs)
    except Exception:  # noqa: BLE001 - an invalid split stays as it is, to fail in context
        return None
    bounds = np.cumsum([0] + [piece.shape[1] for piece in pieces]).tolist()
    return list(zip(bounds[:-1], bounds[1:]))
