"""The tf.debugging namespace: assertions, numerics checks, device-placement logging, traceback filtering."""
from tfsess.framework.context_config import (  # noqa: F401
    disable_traceback_filtering, enable_traceback_filtering, get_log_device_placement,
    is_traceback_filtering_enabled, set_log_device_placement)
from tfsess.ops.check_numerics_callback import disable_check_numerics, enable_check_numerics  # noqa: F401
from tfsess.ops.check_ops import *  # noqa: F401,F403
from tfsess.ops.check_shapes import assert_shapes  # noqa: F401
from tfsess.ops.numerics import check_numerics  # noqa: F401
from tfsess.ops.numerics import verify_tensor_all_finite as assert_all_finite  # noqa: F401
from tfsess.ops.unary_ops import is_finite, is_inf, is_nan  # noqa: F401
from tfsess import debugging_experimental as experimental  # noqa: F401,E402

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
