"""Stride-1 2-D convolution and both its backprops through small discrete Fourier transforms.

For a stride-1 window the convolution is a circular correlation on a grid large enough that no
wrap-around reaches a kept output (see _grid), so one complex product per frequency and channel
pair replaces kh * kw products per output: the channel contraction becomes, per frequency, a
complex (n, ci) @ (ci, co) product (or its backprop forms), its four real products one batched
real GEMM. The transforms are GEMMs too: DFT matrices over the short spatial axes (real-half along
the width) whose rows carry the complex arithmetic, applied in an (h, w, n, c) layout so that each
contraction is over a leading axis, BLAS sees large operands, and the layout changes from and to
NHWC move whole channel vectors.

This changes the arithmetic formulation, not the math: results differ from the im2col GEMM by
rounding only (float32: measured error against a float64 reference below the GEMM's own, about
1e-6 of the largest output), within TF's tolerance for its convolutions. `worth_it` keeps small,
strided and 1x1/2x2 cases on the GEMM path.
"""
from __future__ import annotations

import functools
import threading

import numpy as np

from tfsess.ops import spectrum_memo

MIN_MACS = 1 << 22  # below this many multiply-adds the im2col GEMM is quicker than the transforms
SCRATCH_BYTES = 64 << 20  # per thread, the most scratch kept between calls

_scratch_space = threading.local()


def _scratch(slot, shape, dtype):
    """An uninitialised array for an intermediate that dies within the call, kept per thread and
    reused by the next call of the same size: fresh pages for every intermediate cost more (page
    faults) than the arithmetic on them. Intermediates larger than SCRATCH_BYTES are allocated."""
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape)) * dtype.itemsize
    buffers = _scratch_space.__dict__.setdefault("buffers", {})
    buffer = buffers.get(slot)
    if buffer is None or buffer.nbytes < nbytes:
        buffers.pop(slot, None)
        if nbytes + sum(b.nbytes for b in buffers.values()) > SCRATCH_BYTES:
            return np.empty(shape, dtype)
        buffer = buffers[slot] = np.empty(nbytes, np.uint8)
    return buffer[:nbytes].view(dtype).reshape(shape)


def _angles(rows, cols, size):
    return 2 * np.pi * np.outer(np.asarray(rows), np.asarray(cols)) / size


def _frozen(matrix, dtype):
    matrix = matrix.astype(dtype)
    matrix.setflags(write=False)
    return matrix


@functools.lru_cache(maxsize=256)
def _height_matrix(positions, size, dtype):
    """(size * 2, len(positions)): rows (u, cos) and (u, sin) of the DFT along the height of a signal
    whose samples sit at `positions` of a `size`-point grid."""
    theta = _angles(range(size), positions, size)
    return _frozen(np.stack([np.cos(theta), np.sin(theta)], axis=1).reshape(2 * size, -1), dtype)


@functools.lru_cache(maxsize=256)
def _width_matrix(positions, size, dtype):
    """(freqs * 2, 2 * len(positions)), freqs = size // 2 + 1: the real-half DFT along the width of
    (cos, sin) height products: rows (v, real) and (v, imaginary), columns (cos|sin part, position)."""
    phi = _angles(range(size // 2 + 1), positions, size)
    c, s = np.cos(phi), np.sin(phi)
    # (P_c - i P_s)(cos - i sin) = (P_c cos - P_s sin) - i (P_c sin + P_s cos)
    real, imag = np.concatenate([c, -s], axis=1), np.concatenate([-s, -c], axis=1)
    return _frozen(np.stack([real, imag], axis=1).reshape(2 * (size // 2 + 1), -1), dtype)


# How the four real products (ar br, ar bi, ai br, ai bi) of a complex product a b, or a conj(b),
# make its real and imaginary parts: the rows of a (2, 4) matrix.
PRODUCT_MIX = {False: ((1, 0, 0, -1), (0, 1, 1, 0)), True: ((1, 0, 0, 1), (0, -1, 1, 0))}


@functools.lru_cache(maxsize=256)
def _inverse_width_matrix(positions, size, dtype, mix=None):
    """(2 * len(positions), freqs * 2): the real-half inverse DFT along the width, with the Hermitian
    weights (1 for the zero and Nyquist bins, 2 for the rest) and 1 / size; rows (real|imaginary,
    position), columns (v, real|imaginary). With a PRODUCT_MIX `mix` the columns are (v, real
    product) instead, freqs * 4 of them: the matrix combines the four products as it transforms."""
    freqs = size // 2 + 1
    weights = np.full(freqs, 2.0 / size)
    weights[0] = 1.0 / size
    if size % 2 == 0:
        weights[-1] = 1.0 / size
    phi = _angles(positions, range(freqs), size)
    c, s = np.cos(phi) * weights, np.sin(phi) * weights
    real, imag = np.stack([c, -s], axis=2), np.stack([s, c], axis=2)
    matrix = np.concatenate([real, imag])
    if mix is not None:
        matrix = matrix @ np.asarray(mix, dtype=np.float64)
    return _frozen(matrix.reshape(2 * len(positions), -1), dtype)


@functools.lru_cache(maxsize=256)
def _inverse_height_matrix(positions, size, dtype):
    """(len(positions), size * 2): the real part of the inverse DFT along the height (1 / size), columns
    (u, real|imaginary)."""
    theta = _angles(positions, range(size), size)
    return _frozen(np.stack([np.cos(theta), -np.sin(theta)], axis=2).reshape(len(positions), -1) / size, dtype)


def spectrum(grid, rows, cols, size_h, size_w, slot):
    """The 2-D DFT of a real (len(rows), len(cols), b, c) array whose samples sit at grid positions
    `rows` x `cols` (zeros elsewhere): (size_h, size_w // 2 + 1, 2, b, c) real, axis 2 holding the real
    and imaginary parts, in scratch `slot`. Two GEMMs; the complex arithmetic lives in the matrices."""
    lh, lw, b, c = grid.shape
    v = size_w // 2 + 1
    height = _height_matrix(tuple(rows), size_h, grid.dtype)
    width = _width_matrix(tuple(cols), size_w, grid.dtype)
    by_rows = np.matmul(height, grid.reshape(lh, -1), out=_scratch("rows", (2 * size_h, lw * b * c), grid.dtype))
    out = _scratch(slot, (size_h, 2 * v, b * c), grid.dtype)
    np.matmul(width, by_rows.reshape(size_h, 2 * lw, b * c), out=out)
    return out.reshape(size_h, v, 2, b, c)


def real_signal(freq, rows, cols, size_h, size_w, slot=None, mix=None):
    """The real (len(rows), len(cols), b, c) samples at grid positions `rows` x `cols` of the signal
    whose real-half spectrum is `freq`, laid out as `spectrum` returns it (u, v, 2, b, c), or given
    as the four real products of complex ones (u, v, 4, b, c) that PRODUCT_MIX `mix` combines; in
    scratch `slot` if given, else a new array. Two GEMMs."""
    u, v, parts, b, c = freq.shape
    lh, lw = len(rows), len(cols)
    width = _inverse_width_matrix(tuple(cols), size_w, freq.dtype, mix)
    by_cols = np.matmul(width, freq.reshape(u, parts * v, b * c),
                        out=_scratch("cols", (u, 2 * lw, b * c), freq.dtype))
    height = _inverse_height_matrix(tuple(rows), size_h, freq.dtype)
    out = np.empty((lh, lw * b * c), freq.dtype) if slot is None else _scratch(slot, (lh, lw * b * c), freq.dtype)
    np.matmul(height, by_cols.reshape(2 * u, -1), out=out)
    return out.reshape(lh, lw, b, c)


def _product_blocks(a, b):
    """Per frequency, the four real matrix products (ar br, ar bi, ai br, ai bi) of spectra laid out
    (freqs, 2, m, k) and (freqs, 2, k, p), axis 1 holding the real and imaginary parts: one batched
    matmul, (freqs, 2, 2, m, p) in scratch. PRODUCT_MIX says how they make a b or a conj(b)."""
    freqs, _, m, _ = a.shape
    return np.matmul(a[:, :, None], b[:, None], out=_scratch("blocks", (freqs, 2, 2, m, b.shape[3]), a.dtype))


def _complex_products(a, b, conjugate, slot):
    """Per frequency, the complex matrix product a @ b (or a @ conj(b)) of spectra laid out as for
    `_product_blocks` (either may be a transposed view): (freqs, 2, m, p) in scratch `slot`."""
    blocks = _product_blocks(a, b)
    out = _scratch(slot, blocks.shape[:1] + blocks.shape[2:], a.dtype)
    if conjugate:  # (ar + i ai)(br - i bi) = (ar br + ai bi) + i (ai br - ar bi)
        np.add(blocks[:, 0, 0], blocks[:, 1, 1], out=out[:, 0])
        np.subtract(blocks[:, 1, 0], blocks[:, 0, 1], out=out[:, 1])
    else:  # (ar + i ai)(br + i bi) = (ar br - ai bi) + i (ar bi + ai br)
        np.subtract(blocks[:, 0, 0], blocks[:, 1, 1], out=out[:, 0])
        np.add(blocks[:, 0, 1], blocks[:, 1, 0], out=out[:, 1])
    return out


def _transform_macs(size_h, size_w, lh, lw, m):
    """Multiply-adds of `spectrum` (or `real_signal`) over an (lh, lw, m) signal."""
    return 2 * size_h * lh * lw * m + 4 * size_h * (size_w // 2 + 1) * lw * m


def worth_it(xp, geo, dtype, n, ci, co):
    """Whether the Fourier path beats im2col for this call: NumPy, float32/64, stride 1, a window of at
    least 3x3, and enough work that the transforms and products (counted at twice their multiply-adds,
    for their extra passes over memory) cost less than the direct products."""
    if (xp is not np or np.dtype(dtype) not in (np.float32, np.float64) or geo.sh != 1 or geo.sw != 1
            or geo.kh * geo.kw < 9):
        return False
    size_h, size_w = _grid(geo)
    h, w = geo.oh + (geo.kh - 1) * geo.dh - geo.pt - geo.pb, geo.ow + (geo.kw - 1) * geo.dw - geo.pl - geo.pr
    direct = geo.kh * geo.kw * geo.oh * geo.ow * n * ci * co
    fourier = (_transform_macs(size_h, size_w, h, w, n * ci) + _transform_macs(size_h, size_w, geo.oh, geo.ow, n * co)
               + _transform_macs(size_h, size_w, geo.kh, geo.kw, ci * co) + 4 * size_h * (size_w // 2 + 1) * n * ci * co)
    return direct >= MIN_MACS and 2 * fourier < direct


def _grid(geo):
    """The transform sizes (height, width): the smallest circular grids on which every product a
    kept output needs meets the right samples. Along an axis with input size L, paddings a and b,
    output size O and dilated window E: the input's L samples plus the larger padding (the zeros
    on both sides then fold onto the same free positions), at least O and E so that outputs and
    filter taps stay apart."""
    return (_grid_size(geo.oh, geo.kh, geo.dh, geo.pt, geo.pb), _grid_size(geo.ow, geo.kw, geo.dw, geo.pl, geo.pr))


def _grid_size(out, k, dilation, before, after):
    window = (k - 1) * dilation + 1
    size = out + window - 1 - before - after
    return max(size + max(before, after), out, window)


def _spatial_major(a, slot):
    """(h, w, n, c) from NHWC (a scratch copy that moves whole channel vectors): the transforms
    contract the leading spatial axes, and each frequency's (n, c) planes are then the matrices the
    products need."""
    n, h, w, c = a.shape
    out = _scratch(slot, (h, w, n, c), a.dtype)
    np.copyto(out, a.transpose(1, 2, 0, 3))
    return out


def _batch_major(a):
    """NHWC (a new array) from (h, w, n, c)."""
    h, w, n, c = a.shape
    out = np.empty((n, h, w, c), dtype=a.dtype)
    np.copyto(out, a.transpose(2, 0, 1, 3))
    return out


def _taps(geo):
    return range(0, geo.kh * geo.dh, geo.dh), range(0, geo.kw * geo.dw, geo.dw)


def _planes(spec):
    """(freqs, 2, b, c) from a spectrum (u, v, 2, b, c): each frequency's real and imaginary planes."""
    u, v, _, b, c = spec.shape
    return spec.reshape(u * v, 2, b, c)


def _input_spectrum(geo, x, size_h, size_w):
    """(freqs, 2, n, c): the spectrum of NHWC `x` placed at its padded position on the grid."""
    return _remembered(x, (geo.pt, geo.pl), size_h, size_w, "input")


def _output_spectrum(geo, dy, size_h, size_w):
    """(freqs, 2, n, c): the spectrum of NHWC `dy`, the outputs at the grid's first rows and columns."""
    return _remembered(dy, (0, 0), size_h, size_w, "output")


def _remembered(a, offset, size_h, size_w, slot):
    """(freqs, 2, n, c): the spectrum of NHWC `a` placed at grid `offset` (top, left), from
    spectrum_memo when these values were transformed on this grid lately (else computed in
    scratch `slot` and remembered)."""
    positions = (offset, size_h, size_w)
    a = np.ascontiguousarray(a)
    found = spectrum_memo.lookup(a, positions)
    if found is not None:
        return found
    (top, left), h, w = offset, a.shape[1], a.shape[2]
    planes = _planes(spectrum(_spatial_major(a, "spatial"), range(top, top + h), range(left, left + w),
                              size_h, size_w, slot))
    spectrum_memo.remember(a, positions, planes)
    return planes


def _filter_spectrum(geo, f, size_h, size_w):
    """(freqs, 2, ci, co): the spectrum on the grid of a (kh, kw, ci, co) filter at its taps."""
    return _planes(spectrum(f, *_taps(geo), size_h, size_w, "filter"))


def _signal(blocks, conjugate, rows, cols, size_h, size_w):
    """NHWC from per-frequency (freqs, 2, 2, n, c) product blocks of a b (or a conj(b)): the real signal
    at grid `rows` x `cols`, the blocks combined by the inverse transform's first matrix."""
    _, _, _, n, c = blocks.shape
    signal = real_signal(blocks.reshape(size_h, -1, 4, n, c), rows, cols, size_h, size_w, "signal",
                         PRODUCT_MIX[conjugate])
    return _batch_major(signal)


def conv2d(geo, x, f):
    """Conv2D of NHWC `x` (n, h, w, ci) with `f` (kh, kw, ci, co): (n, oh, ow, co)."""
    size_h, size_w = _grid(geo)
    xs = _input_spectrum(geo, x, size_h, size_w)
    # a correlation: per frequency, x's (n, ci) spectrum times the conjugate of the filter's (ci, co)
    blocks = _product_blocks(xs, _filter_spectrum(geo, f, size_h, size_w))
    return _signal(blocks, True, range(geo.oh), range(geo.ow), size_h, size_w)


def backprop_input(geo, f, dy, h, w):
    """Conv2DBackpropInput: the (n, h, w, ci) gradient of the input from NHWC `dy` (n, oh, ow, co)."""
    size_h, size_w = _grid(geo)
    ds = _output_spectrum(geo, dy, size_h, size_w)
    # per frequency, dy's (n, co) spectrum times the (co, ci) spectrum of the filter's transpose
    f_t = np.ascontiguousarray(f.transpose(0, 1, 3, 2))
    blocks = _product_blocks(ds, _filter_spectrum(geo, f_t, size_h, size_w))
    return _signal(blocks, False, range(geo.pt, geo.pt + h), range(geo.pl, geo.pl + w), size_h, size_w)


def backprop_filter(geo, x, dy):
    """Conv2DBackpropFilter: the (kh, kw, ci, co) gradient of the filter."""
    ci, co = x.shape[3], dy.shape[3]
    size_h, size_w = _grid(geo)
    xs = _input_spectrum(geo, x, size_h, size_w)
    ds = _output_spectrum(geo, dy, size_h, size_w)
    # summed over the batch, x's spectrum times dy's conjugate: per frequency (ci, n) @ (n, co)
    fs = _complex_products(xs.transpose(0, 1, 3, 2), ds, True, "products")
    return real_signal(fs.reshape(size_h, -1, 2, ci, co), *_taps(geo), size_h, size_w)
