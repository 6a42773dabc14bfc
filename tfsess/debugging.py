"""The tf.debugging namespace: assertions and numerics checks."""
from tfsess.ops.check_ops import *  # noqa: F401,F403
from tfsess.ops.numerics import check_numerics  # noqa: F401
from tfsess.ops.numerics import verify_tensor_all_finite as assert_all_finite  # noqa: F401
from tfsess.ops.unary_ops import is_finite, is_inf, is_nan  # noqa: F401

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
