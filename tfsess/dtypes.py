"""The tf.dtypes namespace (compat.v1): the DTypes and the casts between them."""
from tfsess.framework.dtypes import (DType, as_dtype, bool, complex64, complex128, double, float16,  # noqa: F401,A004
                                     float32, float64, half, int8, int16, int32, int64, resource, string, uint8,
                                     uint16, uint32, uint64, variant)
from tfsess.ops.math_ops import cast, saturate_cast  # noqa: F401
from tfsess.ops.string_ops import as_string  # noqa: F401
from tfsess.ops.unary_ops import complex  # noqa: F401,A004

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
