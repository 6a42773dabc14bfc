"""The tf.dtypes.experimental namespace: the float8, float4, int4/uint4 and int2/uint2 DTypes (NumPy
types from the optional ml_dtypes package)."""
from tfsess.framework.dtypes import (float4_e2m1fn, float8_e4m3b11fnuz, float8_e4m3fn, float8_e4m3fnuz,  # noqa: F401
                                     float8_e5m2, float8_e5m2fnuz, int2, int4, uint2, uint4)

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
