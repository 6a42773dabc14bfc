"""The tf.sparse namespace (tensorflow.compat.v1.sparse)."""
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue  # noqa: F401
from tfsess.ops.segment_ops import sparse_segment_mean as segment_mean  # noqa: F401
from tfsess.ops.segment_ops import sparse_segment_sqrt_n as segment_sqrt_n  # noqa: F401
from tfsess.ops.segment_ops import sparse_segment_sum as segment_sum  # noqa: F401
from tfsess.ops.sparse_math_ops import sparse_add as add  # noqa: F401
from tfsess.ops.sparse_math_ops import sparse_reduce_max as reduce_max  # noqa: F401
from tfsess.ops.sparse_math_ops import sparse_reduce_sum as reduce_sum  # noqa: F401
from tfsess.ops.sparse_math_ops import sparse_tensor_dense_matmul as matmul  # noqa: F401
from tfsess.ops.sparse_math_ops import sparse_tensor_dense_matmul as sparse_dense_matmul  # noqa: F401
from tfsess.ops.sparse_ops import from_dense  # noqa: F401
from tfsess.ops.sparse_ops import sparse_concat as concat  # noqa: F401
from tfsess.ops.sparse_ops import sparse_placeholder as placeholder  # noqa: F401
from tfsess.ops.sparse_ops import sparse_reorder as reorder  # noqa: F401
from tfsess.ops.sparse_ops import sparse_reshape as reshape  # noqa: F401
from tfsess.ops.sparse_ops import sparse_retain as retain  # noqa: F401
from tfsess.ops.sparse_ops import sparse_tensor_to_dense as to_dense  # noqa: F401
from tfsess.ops.sparse_ops import sparse_transpose as transpose  # noqa: F401
from tfsess.ops.accumulator_ops import SparseConditionalAccumulator  # noqa: F401,E402
