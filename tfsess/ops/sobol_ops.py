"""SobolSample (tf.math.sobol_sample): points of the Sobol sequence, as TF's CPU kernel computes them.

TF's direction numbers are Joe & Kuo's published table (new-joe-kuo-6.21201); SciPy's `scipy.stats.qmc`
ships the same table (its polynomials and initial numbers), so SciPy is an optional dependency, read once
on first use. The sequence itself is TF's: Gray-code order starting after the zero point, in 32-bit
integers scaled by 1 / 2**digits where digits = bit_length(skip + num_results + 1). At 31 digits TF's
`1 << 31` overflows to -2**31, so points from index 2**30 on come out negated, as TF's do (TF computes
each thread's block with its own digit count; the whole request here is one block).
"""
from __future__ import annotations

import functools
import math
import os

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops._infer import apply_gen, check_rank, host

MAX_DIM = 21200  # TF's kMaxSobolDim (the table has one more row)
_DIGITS = 31  # direction numbers per dimension that TF's int32 arithmetic can use
_INT32_MAX = 2 ** 31 - 1


@functools.lru_cache(maxsize=1)
def _direction_numbers() -> np.ndarray:
    """[21201, 31] int64: Joe & Kuo's m_k of each dimension (the first dimension all ones)."""
    try:
        import scipy.stats  # optional dependency: scipy (it ships Joe & Kuo's table)
    except ImportError as e:
        raise ImportError("tf.math.sobol_sample needs SciPy for Joe & Kuo's direction numbers: "
                          "pip install scipy (or tfsess[sobol])") from e
    table = np.load(os.path.join(os.path.dirname(scipy.stats.__file__), "_sobol_direction_numbers.npz"))
    poly, vinit = table["poly"], table["vinit"]
    m = np.zeros((poly.size, _DIGITS), dtype=np.int64)
    m[0] = 1
    degrees = np.array([int(p).bit_length() - 1 for p in poly])
    for degree in range(1, int(degrees.max()) + 1):
        rows = np.nonzero(degrees == degree)[0]
        rows = rows[rows > 0]
        block = np.zeros((rows.size, _DIGITS), dtype=np.int64)
        block[:, :degree] = vinit[rows, :degree]
        for j in range(degree, _DIGITS):  # Bratley & Fox's recurrence over the primitive polynomial
            value = block[:, j - degree].copy()
            for k in range(degree):
                bit = (poly[rows] >> (degree - 1 - k)) & 1
                value ^= np.where(bit == 1, block[:, j - k - 1] << (k + 1), 0)
            block[:, j] = value
        m[rows] = block
    return m


def _sobol_infer(inputs, attrs):
    for t, what in zip(inputs, ("dim", "num_results", "skip")):
        check_rank(t, 0, "SobolSample", what)
    dims = [constant_value(inputs[i]) for i in (1, 0)]
    return [(attrs["dtype"], TensorShape([None if d is None else int(d) for d in dims]))]


@register_op("SobolSample", infer=_sobol_infer, gpu=False)
def _sobol_sample(xp, dim, num_results, skip, *, dtype):
    dim, num_results, skip = int(host(dim)), int(host(num_results)), int(host(skip))
    if dim < 1:
        raise errors.InvalidArgumentError(None, None, "dim must be at least one")
    if dim > MAX_DIM:
        raise errors.InvalidArgumentError(None, None, f"dim must be at most {MAX_DIM}")
    if num_results < 1:
        raise errors.InvalidArgumentError(None, None, "num_results must be at least one")
    if skip < 0:
        raise errors.InvalidArgumentError(None, None, "skip must be non-negative")
    if num_results >= _INT32_MAX - skip:
        raise errors.InvalidArgumentError(None, None, f"num_results+skip must be less than {_INT32_MAX}")
    digits = int(math.log2(skip + num_results + 1) + 1)  # TF's NumBinaryDigits
    directions = _direction_numbers()[:dim, :digits] << (digits - 1 - np.arange(digits))
    first = skip + 1
    gray = first ^ (first >> 1)
    point = np.bitwise_xor.reduce(np.where((gray >> np.arange(digits)) & 1 == 1, directions, 0), axis=1)
    indices = np.arange(first, first + num_results - 1)
    flips = _rightmost_zero_bit(indices)  # Gray order: point i+1 differs from point i in one direction
    steps = directions[:, flips].T
    ints = np.bitwise_xor.accumulate(np.concatenate([point[None], steps]), axis=0)
    scale = 1.0 / float(np.int32(np.int64(1) << digits if digits < 31 else -2 ** 31))  # TF's 1 << 31 wraps
    target = dtype.as_numpy_dtype
    return ints.astype(target) * target(scale)


def _rightmost_zero_bit(values: np.ndarray) -> np.ndarray:
    inverted = ~values
    return np.log2(inverted & -inverted).astype(np.int64)


def sobol_sample(dim, num_results, skip=0, dtype=dtypes.float32, name=None):
    """`num_results` points of the `dim`-dimensional Sobol sequence after the first `skip`, in [0, 1)
    (tf.math.sobol_sample). Needs SciPy (for Joe & Kuo's direction numbers) when run.

    Raises:
        TypeError: a dtype other than float32/float64.
        InvalidArgumentError: when run, dim outside [1, 21201], num_results < 1, skip < 0, or their sum
            too large for int32.
    """
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                        f"values: float32, float64")
    with op_scope(name, "sobol", [dim, num_results, skip]):
        return apply_gen("SobolSample", [("dim", dim, dtypes.int32), ("num_results", num_results, dtypes.int32),
                                         ("skip", skip, dtypes.int32)], {"dtype": dtype})


__all__ = ["sobol_sample"]
