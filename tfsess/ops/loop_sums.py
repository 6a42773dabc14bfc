"""How a while loop's gradient sums a captured tensor's per-iteration gradients.

A tensor the loop body reads from outside gets, as its gradient, the sum over the iterations of
its gradient in each. `Sum` adds them one iteration at a time. Where each is a
MatMul(a, b, transpose_a=True) (a cell's kernel) or the BiasAddGrad of a matrix (its bias), the
iterations' factors are stacked instead (`RowStack`) and summed after the loop by one GEMM
(`StackedProduct`) or one reduction (`StackedBiasSum`): the sum over t of a_t^T b_t is
[a_1; ...; a_T]^T [b_1; ...; b_T]. TF's accumulator adds the T products one by one; the results
differ by rounding only, within TF's own tolerance.
"""
from __future__ import annotations


class RowStack:
    """Each iteration's matrix stacked on the rows of one buffer, copied in while it is still in cache.

    The buffer is sized from the first matrix and the number of iterations; matrices of other
    shapes or dtypes (a batch that varies) fall back to a list joined at the end.
    """

    def __init__(self, xp, iterations):
        self.xp, self.iterations = xp, iterations
        self.buffer, self.rows, self.values, self.count = None, 0, None, 0

    def append(self, value):
        self.count += 1
        if self.values is None:
            matrix = getattr(value, "ndim", 0) == 2
            if self.buffer is None and matrix:
                self.buffer = self.xp.empty((value.shape[0] * self.iterations, value.shape[1]), value.dtype)
            buffer = self.buffer
            if matrix and buffer is not None and self.rows + value.shape[0] <= buffer.shape[0] \
                    and value.shape[1] == buffer.shape[1] and value.dtype == buffer.dtype:
                buffer[self.rows:self.rows + value.shape[0]] = value
                self.rows += value.shape[0]
                return
            self.values = [buffer[:self.rows]] if buffer is not None and self.rows else []
        self.values.append(value)

    def joined(self):
        if self.values is None:
            return self.buffer[:self.rows]
        return self.values[0] if len(self.values) == 1 else self.xp.concatenate(self.values)


class Sum:
    """A capture's gradient summed over the iterations, one iteration's value at a time."""

    def __init__(self, grad):
        self.grad, self.stacked = grad, []

    def result(self, xp, totals, joined):
        return totals[self.grad]


class StackedProduct:
    """A capture's gradient MatMul(a, b, transpose_a=True) summed over the iterations, as one GEMM.

    The sum over iterations t of a_t^T b_t is [a_1; ...; a_T]^T [b_1; ...; b_T]: one large matrix
    product instead of T small ones and T accumulations (TF's accumulator adds T products; the
    result differs from that sum by rounding only, within TF's own tolerance).
    """

    def __init__(self, a, b):
        self.stacked = [a, b]

    def result(self, xp, totals, joined):
        a, b = (joined.get(t) for t in self.stacked)
        return None if a is None else xp.matmul(a.T, b)


class StackedBiasSum:
    """A capture's gradient BiasAddGrad(g) of a matrix g summed over the iterations, as one reduction."""

    def __init__(self, g):
        self.stacked = [g]

    def result(self, xp, totals, joined):
        g = joined.get(self.stacked[0])
        return None if g is None else xp.sum(g, axis=tuple(range(g.ndim - 1)), dtype=g.dtype)


def stacked_sum(grad, made_inside, grad_ops):
    """How to sum `grad` over the iterations from stacked per-iteration values, or None (value by value).

    A per-iteration MatMul(a, b, transpose_a=True) becomes one GEMM of the stacked factors, and a
    BiasAddGrad of a matrix g one column sum of the stacked g (the rows of each iteration on axis 0).
    """
    op = grad.op
    if op not in grad_ops or any(c in grad_ops for c in grad.consumers()):
        return None
    if any(t.op not in made_inside or t.dtype.is_ref_dtype for t in op._inputs):
        return None  # a loop-invariant input would be stacked once per iteration
    if op.type == "MatMul" and op._attrs.get("transpose_a") and not op._attrs.get("transpose_b"):
        return StackedProduct(*op._inputs)
    if op.type == "BiasAddGrad" and op._inputs[0].shape.ndims == 2:
        return StackedBiasSum(op._inputs[0])
    return None


def read_transposed(capture, grad_ops):
    """Whether the gradient ops read `capture` only as the transposed factor of a MatMul."""
    readers = [(op, k) for op in capture.consumers() if op in grad_ops for k, t in enumerate(op._inputs)
               if t is capture]
    return bool(readers) and capture.shape.ndims == 2 and all(
        op.type == "MatMul" and op._attrs.get("transpose_b" if k == 1 else "transpose_a") for op, k in readers)


def with_transposed_layout(xp, captured, indices):
    """`captured` with the matrices at `indices` laid out column-major (the same values).

    A MatMul that reads a matrix transposed then hands BLAS a row-major operand, which its
    kernels multiply faster than a transposed one; the copy is made once per backward loop.
    """
    if not indices:
        return captured
    captured = list(captured)
    for j in indices:
        value = captured[j]
        if getattr(value, "ndim", 0) == 2 and value.flags.c_contiguous and not value.flags.f_contiguous:
            captured[j] = xp.asfortranarray(value)
    return captured


def accumulate(total, value):
    """total + value, summed in place once `total` is a buffer of our own."""
    if total is None:
        return value.copy() if hasattr(value, "copy") else value
    if hasattr(total, "__iadd__") and getattr(total, "shape", None) == getattr(value, "shape", None) \
            and getattr(total, "dtype", None) == getattr(value, "dtype", None):
        total += value
        return total
    return total + value


__all__ = []  # internal to while_loop's gradient
