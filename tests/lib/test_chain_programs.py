"""The chain program loop gives the bytes of the ufuncs and kernels it stands for."""
import numpy as np
import pytest

from tfsess.lib import chain_programs as cp, fast_math

pytest.importorskip("numba")

SPECIAL = [0.0, -0.0, np.nan, -np.nan, np.inf, -np.inf, 1e-42, -1e-42, 7.9, -7.95, 3e38]


def _values(dtype):
    rng = np.random.RandomState(0)
    x = np.concatenate([rng.randn(5000) * 4, np.array(SPECIAL * 3)]).astype(dtype)
    return x  # not a multiple of the piece size: the last piece is short


REFERENCE = {cp.ADD: lambda x, s: np.add(x, s), cp.SUB: lambda x, s: np.subtract(x, s),
             cp.RSUB: lambda x, s: np.subtract(s, x), cp.MUL: lambda x, s: np.multiply(x, s),
             cp.MAX: lambda x, s: np.maximum(x, np.full_like(x, s)),
             cp.RMAX: lambda x, s: np.maximum(np.full_like(x, s), x),
             cp.MIN: lambda x, s: np.minimum(x, np.full_like(x, s)),
             cp.RMIN: lambda x, s: np.minimum(np.full_like(x, s), x),
             cp.NEG: lambda x, s: np.negative(x), cp.ABS: lambda x, s: np.absolute(x),
             cp.SQRT: lambda x, s: np.sqrt(x), cp.FLOOR: lambda x, s: np.floor(x), cp.CEIL: lambda x, s: np.ceil(x)}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("code", sorted(REFERENCE))
@pytest.mark.parametrize("scalar", [0.5, -0.0, 0.0, np.nan, -3.0])
def test_each_code_matches_its_ufunc(dtype, code, scalar):
    x = _values(dtype)
    out = np.empty_like(x)
    with np.errstate(all="ignore"):
        cp.compiled()(x, out, np.array([code], np.int64), np.array([scalar], dtype))
        want = REFERENCE[code](x, dtype(scalar))
    assert out.tobytes() == want.tobytes()


def test_tanh_code_matches_the_compiled_tanh_and_programs_compose():
    x = _values(np.float32)
    codes = np.array([cp.MUL, cp.ADD, cp.TANH, cp.SUB, cp.MAX, cp.TANH], np.int64)
    scalars = np.array([0.9, 0.1, 0, 0.05, -0.5, 0], np.float32)
    out = np.empty_like(x)
    cp.compiled()(x, out, codes, scalars)
    want = np.empty_like(x)
    loop = fast_math.tanh_compiled()
    with np.errstate(all="ignore"):
        y = np.add(np.multiply(x, np.float32(0.9)), np.float32(0.1))
        loop(y, want)
        y = np.maximum(np.subtract(want, np.float32(0.05)), np.float32(-0.5))
        loop(y, want)
    assert out.tobytes() == want.tobytes()


def test_read_only_source():
    x = _values(np.float32)
    x.setflags(write=False)
    out = np.empty_like(x)
    cp.compiled()(x, out, np.array([cp.MUL], np.int64), np.array([3], np.float32))
    with np.errstate(over="ignore"):
        assert out.tobytes() == np.multiply(x, np.float32(3)).tobytes()


def test_in_place_and_empty():
    x = _values(np.float32)
    want = np.add(x, np.float32(2))
    cp.compiled()(x, x, np.array([cp.ADD], np.int64), np.array([2], np.float32))
    assert x.tobytes() == want.tobytes()
    empty = np.empty(0, np.float32)
    cp.compiled()(empty, empty, np.array([cp.ADD], np.int64), np.array([2], np.float32))


def test_codes_chosen_by_ufunc_and_position():
    assert cp.code_of("Sub", "subtract", 1, np.float32) == cp.RSUB
    assert cp.code_of("Maximum", "maximum", 0, np.float64) == cp.MAX
    assert cp.code_of("Relu", "", 0, np.float32) == cp.MAX
    assert cp.code_of("Exp", "exp", 0, np.float32) is None  # NumPy's exp bits are its own
    assert cp.code_of("Tanh", "", 0, np.float64) is None
