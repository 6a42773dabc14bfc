"""Op examples: special functions and discrete Fourier transforms."""
import numpy as np

from op_examples import C23, F23, POS23, UNIT23, plain

EXAMPLES = {}

EXAMPLES["Lgamma"] = plain(lambda tf, x: tf.lgamma(x), F23)
EXAMPLES["Digamma"] = plain(lambda tf, x: tf.digamma(x), F23)
EXAMPLES["Zeta"] = plain(lambda tf, x, q: tf.zeta(x + 1.5, q), POS23, POS23)
EXAMPLES["Polygamma"] = plain(lambda tf, x: tf.polygamma(tf.ones_like(x), x), POS23)
EXAMPLES["Igamma"] = plain(lambda tf, a, x: tf.igamma(a, x), POS23, POS23[::-1])
EXAMPLES["Igammac"] = plain(lambda tf, a, x: tf.igammac(a, x), POS23, POS23[::-1])
EXAMPLES["Betainc"] = plain(lambda tf, a, b, x: tf.betainc(a, b, x), POS23, POS23[::-1], np.abs(UNIT23))

C243 = (np.arange(24).reshape(2, 4, 3) / 7.0 + 1j * np.cos(np.arange(24)).reshape(2, 4, 3)).astype(np.complex64)
R243 = np.sin(np.arange(24, dtype=np.float32)).reshape(2, 4, 3)
for _type, _fn in (("FFT", "fft"), ("IFFT", "ifft"), ("FFT2D", "fft2d"), ("IFFT2D", "ifft2d"), ("FFT3D", "fft3d"),
                   ("IFFT3D", "ifft3d")):
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf.signal, fn)(x), C243)
for _type, _fn in (("RFFT", "rfft"), ("RFFT2D", "rfft2d"), ("RFFT3D", "rfft3d")):
    # float32 and float64 only: TF's wrapper refuses other dtypes with a ValueError, before any op
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf.signal, fn)(x), R243, variants=False)
for _type, _fn in (("IRFFT", "irfft"), ("IRFFT2D", "irfft2d"), ("IRFFT3D", "irfft3d")):
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf.signal, fn)(x), C243)
EXAMPLES["IRFFT"] = plain(lambda tf, x: tf.signal.irfft(x, [5]), C23)

# Bessel functions and special integrals (tf.math.special)
_SPECIAL = {"BesselI0": F23, "BesselI0e": F23, "BesselI1": F23, "BesselI1e": F23, "BesselK0": POS23,
            "BesselK0e": POS23, "BesselK1": POS23, "BesselK1e": POS23, "BesselJ0": F23, "BesselJ1": F23,
            "BesselY0": POS23, "BesselY1": POS23, "Dawsn": F23, "Expint": POS23, "FresnelCos": F23, "FresnelSin": F23,
            "Spence": POS23}
_SPECIAL_NAMES = {"Dawsn": "dawsn", "Expint": "expint", "FresnelCos": "fresnel_cos", "FresnelSin": "fresnel_sin",
                  "Spence": "spence"}
for _type, _x in _SPECIAL.items():
    _fn = _SPECIAL_NAMES.get(_type) or "bessel_" + _type[6:].lower()
    # TF has float and double kernels only for the integrals: no float16 variant for them
    EXAMPLES[_type] = plain(lambda tf, x, fn=_fn: getattr(tf.math.special, fn)(x), _x,
                            variants=_type.startswith("Bessel"))
EXAMPLES["FFTND"] = plain(lambda tf, x: tf.signal.fftnd(x), C243)
EXAMPLES["IFFTND"] = plain(lambda tf, x: tf.signal.ifftnd(x, axes=[0, 2]), C243)
EXAMPLES["RFFTND"] = plain(lambda tf, x: tf.signal.rfftnd(x, axes=[1, 2]), R243, variants=False)
EXAMPLES["IRFFTND"] = plain(lambda tf, x: tf.signal.irfftnd(x, fft_length=[4, 4], axes=[-2, -1]), C243)
