"""The tf.signal namespace: discrete Fourier transforms."""
from tfsess.ops.spectral_ops import *  # noqa: F401,F403

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
