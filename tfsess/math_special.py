"""The tf.math.special namespace: Bessel functions and special integrals."""
from tfsess.ops.bessel_ops import *  # noqa: F401,F403
from tfsess.ops.special_integral_ops import *  # noqa: F401,F403

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
