"""The tf.dtypes namespace (compat.v1): the DTypes and the casts between them."""
from tfsess.framework.dtypes import (QUANTIZED_DTYPES, DType, as_dtype, bfloat16, bool, complex64,  # noqa: F401,A004
                                     complex128, double, float16, float32, float64, half, int8, int16, int32, int64,
                                     qint8, qint16, qint32, quint8, quint16, resource, string, uint8, uint16, uint32,
                                     uint64, variant)
from tfsess.ops.math_ops import cast, saturate_cast  # noqa: F401
from tfsess.ops.string_ops import as_string  # noqa: F401
from tfsess.ops.unary_ops import complex  # noqa: F401,A004
from tfsess import dtypes_experimental as experimental  # noqa: F401

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
