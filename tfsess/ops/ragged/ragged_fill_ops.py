"""tf.ragged_fill_empty_rows and tf.ragged_fill_empty_rows_grad: TF's generated wrappers of the
RaggedFillEmptyRows and RaggedFillEmptyRowsGrad ops (their kernels are in ragged_kernels.py)."""
from __future__ import annotations

import collections

from tfsess.framework import dtypes
from tfsess.ops._infer import apply_gen
from tfsess.ops.ragged import ragged_kernels  # noqa: F401 - registers the two op types

RaggedFillEmptyRows = collections.namedtuple(
    "RaggedFillEmptyRows", ["output_value_rowids", "output_values", "empty_row_indicator", "reverse_index_map"])
RaggedFillEmptyRowsGrad = collections.namedtuple("RaggedFillEmptyRowsGrad", ["d_values", "d_default_value"])


def ragged_fill_empty_rows(value_rowids, values, nrows, default_value, name=None):
    """Each empty row of the ragged tensor (value_rowids, values, nrows) given one `default_value`
    (tf.ragged_fill_empty_rows; RaggedFillEmptyRows).

    Returns:
        (output_value_rowids, output_values, empty_row_indicator, reverse_index_map), TF's namedtuple.
    """
    op = apply_gen("RaggedFillEmptyRows", [("value_rowids", value_rowids, dtypes.int64), ("values", values, "T"),
                                           ("nrows", nrows, dtypes.int64), ("default_value", default_value, "T")],
                   name=name, outputs=True)
    return RaggedFillEmptyRows(*op.outputs)


def ragged_fill_empty_rows_grad(reverse_index_map, grad_values, name=None):
    """The gradients of RaggedFillEmptyRows' values and default value, given its reverse_index_map and the
    gradient of its output values (tf.ragged_fill_empty_rows_grad; RaggedFillEmptyRowsGrad)."""
    op = apply_gen("RaggedFillEmptyRowsGrad", [("reverse_index_map", reverse_index_map, dtypes.int64),
                                               ("grad_values", grad_values, "T")], name=name, outputs=True)
    return RaggedFillEmptyRowsGrad(*op.outputs)


__all__ = ["ragged_fill_empty_rows", "ragged_fill_empty_rows_grad"]
