"""Dense shape ops given ragged shapes: tf.shape(ragged) gives a DynamicRaggedShape, and tf.reshape, tf.ones,
tf.zeros, tf.fill, tf.broadcast_to and tf.broadcast_dynamic_shape take one, as TF's dispatch does.

Broadcasting covers a dense input into any shape (each element of the target reads the input at its
multi-index, with size-1 input dimensions read at 0) and a ragged input into a shape with the same row
partitions; other ragged broadcasts (new outer dimensions over a ragged input, ragged against ragged with
different partitions) raise NotImplementedError naming them.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.dispatch import dispatch_for_api
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, control_flow_ops, extra_math_ops,
                        gather_ops, logic_ops, math_ops, reduction_ops, stack_ops)
from tfsess.ops.ragged.dynamic_ragged_shape import DynamicRaggedShape
from tfsess.ops.ragged.ragged_tensor import RaggedTensor, RaggedTensorValue, convert_to_tensor_or_ragged_tensor
from tfsess.ops.ragged.row_partition import from_encodings

_RAGGED = (RaggedTensor, RaggedTensorValue)


@dispatch_for_api(array_ops.shape, *_RAGGED)
def ragged_shape(input, name=None, out_type=dtypes.int32):  # noqa: A002 - TF's argument name
    """The DynamicRaggedShape of a RaggedTensor, encoded in `out_type` (tf.shape on a ragged input)."""
    with op_scope(name, "RaggedShape", [input]):
        return DynamicRaggedShape.from_tensor(convert_to_tensor_or_ragged_tensor(input), out_type)


@dispatch_for_api(array_ops.reshape, DynamicRaggedShape, *_RAGGED)
def ragged_reshape(tensor, shape, name=None):
    """The values of `tensor` (its flat values, if ragged) given `shape` (tf.reshape to a DynamicRaggedShape)."""
    tensor = convert_to_tensor_or_ragged_tensor(tensor, name="tensor")
    if isinstance(tensor, RaggedTensor):
        tensor = tensor.values
    if isinstance(shape, DynamicRaggedShape):
        flat_values = array_ops.reshape(tensor, shape.inner_shape)
        return RaggedTensor._from_nested_row_partitions(flat_values, shape.row_partitions, validate=False)
    return array_ops.reshape(tensor, convert_to_tensor(shape, name="shape"))


def _filled_like(fill_flat):
    def handler(shape, dtype=dtypes.float32, name=None):
        return shape._add_row_partitions(fill_flat(shape.inner_shape, dtype=dtype, name=name))
    return handler


ragged_ones = dispatch_for_api(constant_op.ones, DynamicRaggedShape)(_filled_like(constant_op.ones))
ragged_zeros = dispatch_for_api(constant_op.zeros, DynamicRaggedShape)(_filled_like(constant_op.zeros))


@dispatch_for_api(constant_op.fill, DynamicRaggedShape)
def ragged_fill(dims, value, name=None):
    """A tensor of shape `dims` (ragged when it has row partitions) filled with `value` (tf.fill)."""
    return dims._add_row_partitions(constant_op.fill(dims.inner_shape, value, name=name))


@dispatch_for_api(broadcast_ops.broadcast_to, DynamicRaggedShape)
def broadcast_to(input, shape, name=None):  # noqa: A002 - TF's argument name
    """`input` (dense or ragged) tiled to the DynamicRaggedShape `shape` (tf.broadcast_to).

    Raises:
        TypeError: `shape` is not a DynamicRaggedShape.
        ValueError: a ragged input whose row splits dtype differs from a ragged shape's.
        NotImplementedError: a ragged input whose partitions differ from the shape's.
    """
    if not isinstance(shape, DynamicRaggedShape):
        raise TypeError("shape must be a DynamicRaggedShape")
    with op_scope(name, "BroadcastTo", [input]):
        value = convert_to_tensor_or_ragged_tensor(input)
        if isinstance(value, RaggedTensor):
            if shape.num_row_partitions and value.row_splits.dtype != shape.dtype:
                raise ValueError("Cannot coerce row_splits.dtype")
            return _broadcast_ragged(value, shape.with_dtype(value.row_splits.dtype))
        if not shape.num_row_partitions:
            return broadcast_ops.broadcast_to(value, math_ops.cast(shape.inner_shape, dtypes.int64))
        return _broadcast_dense(value, shape)


def _broadcast_ragged(rt, shape):
    """A RaggedTensor tiled to a shape with as many partitions and the same rank: its flat values broadcast."""
    if shape.num_row_partitions != rt.ragged_rank or shape.rank != rt.shape.ndims:
        raise NotImplementedError("tfsess: broadcast_to of a RaggedTensor to a DynamicRaggedShape of another rank "
                                  "or number of row partitions is not implemented")
    checks = [check_ops.assert_equal(mine.row_splits(), theirs.row_splits(),
                                     message="tfsess: broadcast_to of a RaggedTensor needs the shape's row partitions")
              for mine, theirs in zip(rt._nested_row_partitions, shape.row_partitions)]
    flat = broadcast_ops.broadcast_to(rt.flat_values, math_ops.cast(shape.inner_shape, dtypes.int64))
    return shape._add_row_partitions(control_flow_ops.with_dependencies(checks, flat))


def _outer_indices(shape):
    """For each row of the flat values of a ragged `shape`, its index in dimensions 0..num_row_partitions."""
    partitions = shape.row_partitions
    indices, parent = [None] * (len(partitions) + 1), None
    for level in reversed(range(len(partitions))):
        offsets, rowids = partitions[level].offsets_in_rows(), partitions[level].value_rowids()
        if parent is not None:
            offsets, rowids = gather_ops.gather(offsets, parent), gather_ops.gather(rowids, parent)
        indices[level + 1], parent = offsets, rowids
    indices[0] = parent
    return indices


def _broadcast_dense(value, shape):
    """A dense `value` tiled to a ragged `shape`: each flat-values row gathers the input at its outer index."""
    rank, in_rank = shape.rank, value.shape.ndims
    if rank is None or in_rank is None:
        raise ValueError("tfsess: broadcast_to a DynamicRaggedShape needs known ranks")
    if in_rank > rank:
        raise ValueError(f"Incompatible shapes: input of rank {in_rank} cannot broadcast to rank {rank}")
    outer_count = shape.num_row_partitions + 1  # dimensions 0..num_row_partitions of the target
    inner_target = shape.inner_shape[1:]
    in_outer = max(0, in_rank - (rank - outer_count))  # input dimensions that fall on outer target dimensions
    if in_outer == 0:
        flat = broadcast_ops.broadcast_to(value, math_ops.cast(shape.inner_shape, dtypes.int64))
        return shape._add_row_partitions(flat)
    dtype = shape.dtype
    in_shape = array_ops.shape(value, out_type=dtype)
    indices = _outer_indices(shape)[outer_count - in_outer:]
    linear = indices[0] * 0
    for axis, index in enumerate(indices):  # the row-major index into the input's outer dimensions
        size = in_shape[axis]
        linear = linear * size + index * math_ops.cast(logic_ops.greater(size, 1), dtype)
    rows = array_ops.reshape(value, stack_ops.concat([constant_op.constant([-1], dtype), in_shape[in_outer:]], axis=0))
    checks = [check_ops.assert_less(linear, math_ops.maximum(reduction_ops.reduce_prod(in_shape[:in_outer]),
                                                             constant_op.ones([], dtype)),
                                    message="Incompatible shapes for broadcasting to a DynamicRaggedShape")]
    gathered = gather_ops.gather(rows, control_flow_ops.with_dependencies(checks, linear))
    flat = broadcast_ops.broadcast_to(gathered, math_ops.cast(stack_ops.concat(
        [array_ops.reshape(shape.inner_shape[0], [1]), inner_target], axis=0), dtypes.int64))
    return shape._add_row_partitions(flat)


@dispatch_for_api(extra_math_ops.broadcast_dynamic_shape, DynamicRaggedShape)
def broadcast_dynamic_shape(shape_x, shape_y):
    """The shape both shapes broadcast to (tf.broadcast_dynamic_shape with a DynamicRaggedShape).

    Raises:
        NotImplementedError: two ragged shapes with different partitions, or a dense shape of higher rank
            than a ragged one.
    """
    x = shape_x if isinstance(shape_x, DynamicRaggedShape) else DynamicRaggedShape([], shape_x)
    y = shape_y if isinstance(shape_y, DynamicRaggedShape) else DynamicRaggedShape([], shape_y)
    if not x.num_row_partitions and not y.num_row_partitions:
        dtype = x.dtype if x.dtype == y.dtype else dtypes.int64
        return DynamicRaggedShape([], extra_math_ops.broadcast_dynamic_shape(
            math_ops.cast(x.inner_shape, dtype), math_ops.cast(y.inner_shape, dtype)))
    if x.num_row_partitions and y.num_row_partitions:
        if x.dtype != y.dtype:
            raise ValueError("Dtypes don't match")
        return _broadcast_same_partitions(x, y)
    ragged, dense = (x, y) if x.num_row_partitions else (y, x)
    return _broadcast_ragged_dense(ragged, dense.with_dtype(ragged.dtype))


def _broadcast_same_partitions(x, y):
    if (x.rank is None or x.rank != y.rank or x.num_row_partitions != y.num_row_partitions or
            x.static_lengths()[:x.num_row_partitions + 1] != y.static_lengths()[:y.num_row_partitions + 1] or
            None in x.static_lengths()[:x.num_row_partitions + 1]):
        raise NotImplementedError("tfsess: broadcast_dynamic_shape of two ragged shapes needs the same, "
                                  "statically known row partitions")
    inner = extra_math_ops.broadcast_dynamic_shape(x.inner_shape, y.inner_shape)
    return DynamicRaggedShape(_rebuilt(x.row_partitions), inner)


def _rebuilt(partitions):
    """The partitions as TF's broadcast leaves those it walked: rebuilt from their splits (and uniform lengths),
    without the row lengths they were given."""
    return [from_encodings(rp.row_splits(), uniform_row_length=rp.uniform_row_length()) for rp in partitions]


def _broadcast_ragged_dense(ragged, dense):
    """The broadcast of a ragged shape and a dense one of no higher rank: the dense dims on the ragged
    shape's outer dimensions must be 1 (or the number of rows, for dimension 0)."""
    rank, dense_rank = ragged.rank, dense.rank
    if rank is None or dense_rank is None:
        raise ValueError("tfsess: broadcast_dynamic_shape of a ragged shape needs known ranks")
    if dense_rank > rank:
        raise NotImplementedError("tfsess: broadcast_dynamic_shape of a ragged shape with a dense shape of "
                                  "higher rank is not implemented")
    inner_rank = rank - ragged.num_row_partitions - 1  # target dimensions after the flat values' first
    dense_lengths = dense.static_lengths()
    for axis in range(max(0, dense_rank - inner_rank)):
        target_axis = axis + rank - dense_rank
        length = dense_lengths[axis]
        if length == 1:
            continue
        if target_axis == 0 or ragged.is_uniform(target_axis):
            if length is not None and length == ragged.static_lengths()[target_axis]:
                continue
        raise NotImplementedError(f"tfsess: broadcast_dynamic_shape of dimension {target_axis} of a ragged shape "
                                  f"with a dense length {length} is not implemented")
    dense_inner = dense.inner_shape[max(0, dense_rank - inner_rank):]
    inner_tail = extra_math_ops.broadcast_dynamic_shape(ragged.inner_shape[1:], dense_inner)
    inner = stack_ops.concat([ragged.inner_shape[:1], inner_tail], axis=0)
    touches_partitions = rank - dense_rank <= ragged.num_row_partitions
    return DynamicRaggedShape(_rebuilt(ragged.row_partitions) if touches_partitions else ragged.row_partitions, inner)
