"""The tf.ragged namespace (tensorflow.compat.v1.ragged)."""
from tfsess.ops.ragged import ragged_math as _ragged_math  # noqa: F401 - registers ragged dispatch handlers
from tfsess.ops.ragged import ragged_reductions as _ragged_reductions  # noqa: F401 - registers ragged dispatch handlers
from tfsess.ops.ragged import ragged_shape_ops as _ragged_shape_ops  # noqa: F401 - registers ragged dispatch handlers
from tfsess.ops.ragged import ragged_lookup_ops as _ragged_lookup_ops  # noqa: F401 - registers ragged dispatch handlers
from tfsess.ops.ragged import ragged_shape_dispatch as _ragged_shape_dispatch  # noqa: F401 - registers handlers
from tfsess.ops.ragged.ragged_factory import constant, constant_value, placeholder  # noqa: F401
from tfsess.ops.ragged.ragged_factory import range_ as range  # noqa: F401,A004
from tfsess.ops.ragged.ragged_math import map_flat_values  # noqa: F401
from tfsess.ops.ragged.ragged_tensor import row_splits_to_segment_ids, segment_ids_to_row_splits  # noqa: F401
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorValue  # noqa: F401
from tfsess.ops.ragged.ragged_array import boolean_mask, cross, cross_hashed  # noqa: F401
from tfsess.ops.ragged.ragged_array import stack, stack_dynamic_partitions  # noqa: F401
