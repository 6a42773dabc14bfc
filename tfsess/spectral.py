"""The tf.spectral namespace (TF1): the discrete Fourier and cosine transforms also found in tf.signal."""
from tfsess.ops.signal_transforms import dct, idct  # noqa: F401
from tfsess.ops.spectral_ops import (fft, fft2d, fft3d, ifft, ifft2d, ifft3d, irfft, irfft2d, irfft3d,  # noqa: F401
                                     rfft, rfft2d, rfft3d)

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
