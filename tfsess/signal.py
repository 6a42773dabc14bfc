"""The tf.signal namespace: Fourier and cosine transforms, framing, windows, STFT, MDCT and mel features."""
from tfsess.ops.signal_frames import *  # noqa: F401,F403
from tfsess.ops.signal_transforms import *  # noqa: F401,F403
from tfsess.ops.signal_windows import *  # noqa: F401,F403
from tfsess.ops.spectral_ops import *  # noqa: F401,F403

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
