"""The tf.experimental namespace: Optional, type-based dispatch, the float8/float4/int4/int2 DTypes and the
eager async switches (refused, as in graph mode)."""
from tfsess.data.optional_ops import Optional  # noqa: F401
from tfsess.dtypes_experimental import *  # noqa: F401,F403
from tfsess import experimental_extension_type as extension_type  # noqa: F401
from tfsess.framework.dispatch import typed_dispatch_for_api as dispatch_for_api  # noqa: F401
from tfsess.framework.dispatch import (  # noqa: F401
    typed_dispatch_for_binary_elementwise_apis as dispatch_for_binary_elementwise_apis)
from tfsess.framework.dispatch import (  # noqa: F401
    typed_dispatch_for_binary_elementwise_assert_apis as dispatch_for_binary_elementwise_assert_apis)
from tfsess.framework.dispatch import (  # noqa: F401
    typed_dispatch_for_unary_elementwise_apis as dispatch_for_unary_elementwise_apis)
from tfsess.framework.dispatch import unregister_dispatch_for  # noqa: F401
from tfsess.framework.v2_switches import async_clear_error, async_scope  # noqa: F401
from tfsess.ops.extension_type import (  # noqa: F401
    BatchableExtensionType, ExtensionType, ExtensionTypeBatchEncoder, ExtensionTypeSpec)
from tfsess.ops.ragged import ragged_shape_dispatch as _ragged_shape_dispatch  # noqa: F401 - tf.shape(ragged)
from tfsess.ops.ragged.dynamic_ragged_shape import DynamicRaggedShape  # noqa: F401
from tfsess.ops.ragged.row_partition import RowPartition  # noqa: F401
from tfsess.ops.ragged.structured_tensor import StructuredTensor  # noqa: F401
from tfsess.framework.function_call_options import function_executor_type, output_all_intermediates  # noqa: F401
from tfsess.framework.load_library import register_filesystem_plugin  # noqa: F401
from tfsess.framework.strict_mode import enable_strict_mode  # noqa: F401

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
