"""tf.debugging.assert_shapes: shapes checked against symbolic dimensions shared across tensors.

A symbol ('N', 'Q') names one size wherever it appears; an int is an explicit size; None or '.'
is any size; '*' or Ellipsis, first only, stands for any number of leading dimensions. Sizes known
when the graph is built are checked now (ValueError, TF's text); the others become Assert ops that
run after the rank assertions, grouped into the returned op.
"""
from __future__ import annotations

from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import array_ops, control_flow_ops, logic_ops
from tfsess.ops.check_ops import Assert, assert_rank, assert_rank_at_least, assert_rank_in
from tfsess.ops.cond_ops import cond
from tfsess.ops.constant_op import constant


def _dimension_sizes(x):
    """Per dimension of `x`: its static size as an int, else a tensor (a scalar counts as [1])."""
    dynamic_shape = array_ops.shape(x)
    rank = x.shape.ndims
    if rank == 0:
        return (1,)
    if rank is not None:
        return [int(size) if size is not None else dynamic_shape[i] for i, size in enumerate(x.shape.as_list())]
    has_rank_zero = logic_ops.equal(array_ops.rank(x), 0)
    return cond(has_rank_zero, lambda: constant([1]), lambda: dynamic_shape)


def _has_known_value(size) -> bool:
    if size is None:
        return False
    try:
        int(size)
    except (ValueError, TypeError):
        return False
    return True


def _symbolic_shape(tensor, symbolic_shape, message_prefix):
    """(any leading dims?, the symbols after '*') of one entry, checked as TF does."""
    if not (hasattr(symbolic_shape, "__iter__") or hasattr(symbolic_shape, "__getitem__")):
        raise ValueError(f"{message_prefix}Tensor {tensor.name}.  Specified shape must be an iterable.  An "
                         f"iterable has the attribute `__iter__` or `__getitem__`.  Received specified shape: "
                         f"{symbolic_shape}")
    symbols = tuple(symbolic_shape)
    leading = False
    for i, symbol in enumerate(symbols):
        if isinstance(symbol, str) and symbol == "*" or symbol is Ellipsis:
            if i != 0:
                raise ValueError(f"{message_prefix}Tensor {tensor.name} specified shape index {i}.  Symbol `...` "
                                 f"or `*` for a variable number of unspecified dimensions is only allowed as the "
                                 f"first entry")
            leading = True
    symbols = symbols[1:] if leading else symbols
    return leading, symbols or (1,)


def _rank_assertion(x, leading, rank, data, summarize, message, name):
    if leading:
        if rank in (0, 1):
            return None
        return assert_rank_at_least(x=x, rank=rank, data=data, summarize=summarize, message=message, name=name)
    if rank in (0, 1):
        return assert_rank_in(x=x, ranks=[0, 1], data=data, summarize=summarize, message=message, name=name)
    return assert_rank(x=x, rank=rank, data=data, summarize=summarize, message=message, name=name)


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Asserts the shapes of tensors agree with symbolic shapes sharing dimension symbols (tf.debugging.assert_shapes).

    `shapes`: (tensor, symbolic shape) pairs or a dict. Returns the op grouping the run-time checks.
    """
    if isinstance(shapes, dict):
        shapes = shapes.items()
    message_prefix = f"{message}.  " if message else ""
    with op_scope(name, "assert_shapes", []):
        constraints = [(x if isinstance(x, SparseTensor) else convert_to_tensor(x), s)
                       for x, s in shapes if s is not None]
        entries = []
        for tensor, symbolic_shape in constraints:
            leading, symbols = _symbolic_shape(tensor, symbolic_shape, message_prefix)
            entries.append((tensor, leading, _dimension_sizes(tensor), symbols))
        rank_assertions = [a for a in (_rank_assertion(x, leading, len(symbols), data, summarize, message, name)
                                       for x, leading, _, symbols in entries) if a is not None]
        size_assertions, specified = [], {}
        for x, leading, actual_sizes, symbols in entries:
            for i, symbol in enumerate(symbols):
                if symbol is None or (isinstance(symbol, str) and symbol == "."):
                    continue
                dim = i - len(symbols) if leading else i
                known = _has_known_value(symbol)
                if not known and symbol not in specified:
                    with control_dependencies(rank_assertions):
                        specified[symbol] = (actual_sizes[dim], x, dim)
                    continue
                if known:
                    size, check = int(symbol), "Specified explicitly"
                else:
                    size, by, at = specified[symbol]
                    check = f"Specified by tensor {by.name} dimension {at}"
                with control_dependencies(rank_assertions):
                    actual = actual_sizes[dim]
                if _has_known_value(actual) and _has_known_value(size):
                    if int(actual) != int(size):
                        raise ValueError(f"{message_prefix}{check}.  Tensor {x.name} dimension {dim} must have "
                                         f"size {int(size)}.  Received size {int(actual)}, shape {x.shape}")
                    continue
                condition = logic_ops.equal(convert_to_tensor(actual), convert_to_tensor(size))
                checked = data if data is not None else [
                    message_prefix, check, f"Tensor {x.name} dimension", dim, "must have size", size,
                    "Received shape: ", array_ops.shape(x)]
                size_assertions.append(Assert(condition, checked, summarize=summarize))
    with control_dependencies(rank_assertions):
        return control_flow_ops.group(*size_assertions)


__all__ = ["assert_shapes"]
