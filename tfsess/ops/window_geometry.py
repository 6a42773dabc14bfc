"""Window geometry shared by convolution and pooling: output sizes, padding, layouts, attr checks.

Sizes follow TF's GetWindowedOutputSize; NCHW is handled by transposing to NHWC.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import errors
from tfsess.framework.shape_errors import ShapeFunctionError
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import partial_shape

PADDINGS = ("SAME", "VALID", "EXPLICIT")
COLUMN_CHUNK_BYTES = 4 << 20  # im2col buffer per GEMM: cache-sized


# ================================================================== geometry
def out_size(size, k, stride, dilation, padding, pads=(0, 0)):
    """(output size, pad before, pad after) of one spatial dim, as TF's GetWindowedOutputSize."""
    eff = (k - 1) * dilation + 1
    if padding == "SAME":
        out = -(-size // stride)
        total = max((out - 1) * stride + eff - size, 0)
        return out, total // 2, total - total // 2
    before, after = pads if padding == "EXPLICIT" else (0, 0)
    num = size + before + after - eff + stride
    out = num // stride if num >= 0 else -((-num) // stride)  # C++ division truncates toward zero
    if out < 0:
        raise ValueError(f"Computed output size would be negative: {out} [input_size: {size}, "
                         f"effective_filter_size: {eff}, stride: {stride}]")
    return out, before, after


def spatial_pair(values, data_format):
    """The (H, W) entries of a 4-element attr in `data_format` order."""
    return (values[2], values[3]) if data_format == "NCHW" else (values[1], values[2])


def explicit_pads(explicit_paddings, data_format):
    if not explicit_paddings:
        return (0, 0), (0, 0)
    pairs = [tuple(explicit_paddings[i:i + 2]) for i in range(0, 8, 2)]
    return (pairs[2], pairs[3]) if data_format == "NCHW" else (pairs[1], pairs[2])


class Geometry:
    """Spatial sizes and paddings of one conv/pool call, in NHWC terms."""

    def __init__(self, h, w, kh, kw, attrs):
        data_format = attrs.get("data_format", "NHWC")
        self.sh, self.sw = spatial_pair(attrs["strides"], data_format)
        self.dh, self.dw = spatial_pair(attrs.get("dilations") or [1, 1, 1, 1], data_format)
        padding = attrs["padding"]
        ph, pw = explicit_pads(attrs.get("explicit_paddings"), data_format)
        self.kh, self.kw = kh, kw
        self.oh, self.pt, self.pb = out_size(h, kh, self.sh, self.dh, padding, ph)
        self.ow, self.pl, self.pr = out_size(w, kw, self.sw, self.dw, padding, pw)

    def windows(self, xp, padded):
        """A (n, oh, ow, kh, kw, c) strided view of every receptive field of the padded input."""
        padded = xp.ascontiguousarray(padded)
        s0, s1, s2, s3 = padded.strides
        shape = (padded.shape[0], self.oh, self.ow, self.kh, self.kw, padded.shape[3])
        strides = (s0, s1 * self.sh, s2 * self.sw, s1 * self.dh, s2 * self.dw, s3)
        return xp.lib.stride_tricks.as_strided(padded, shape=shape, strides=strides)

    def tap_slices(self):
        """((i, j), row slice, column slice) of each filter tap over the padded input: the
        input positions that tap meets, one per output position."""
        for i in range(self.kh):
            r0 = i * self.dh
            rows = slice(r0, r0 + self.sh * (self.oh - 1) + 1, self.sh)
            for j in range(self.kw):
                c0 = j * self.dw
                yield (i, j), rows, slice(c0, c0 + self.sw * (self.ow - 1) + 1, self.sw)

    def planes(self, xp, x, value=0):
        """The padded input, channel first: (c, n, hp, wp), contiguous (the source of `columns`)."""
        return xp.ascontiguousarray(xp.transpose(self.pad(xp, x, value), (3, 0, 1, 2)))

    def batch_chunks(self, n, depth, itemsize):
        """(start, stop) runs of the batch whose column matrices (`depth` rows) fit COLUMN_CHUNK_BYTES:
        TF's GEMM convolution works through its patches in bounded chunks too, so the columns
        stay in cache and one buffer serves every chunk."""
        per_image = max(1, depth * self.oh * self.ow * itemsize)
        step = max(1, min(n, COLUMN_CHUNK_BYTES // per_image))
        return [(s, min(n, s + step)) for s in range(0, n, step)] or [(0, 0)]

    def columns(self, xp, planes, start, stop, buffer=None):
        """im2col, filter-tap major, of images start:stop of `planes`: a (kh * kw * c, images * oh * ow)
        matrix whose row (i, j, ch) holds what tap (i, j) of channel ch meets at each output position.

        One contiguous copy per tap, its inner copies along image rows; written into `buffer`
        (a flat array at least that large) when given.
        """
        c, images = planes.shape[0], stop - start
        shape = (self.kh, self.kw, c, images, self.oh, self.ow)
        size = self.kh * self.kw * c * images * self.oh * self.ow
        cols = (xp.empty(shape, dtype=planes.dtype) if buffer is None else buffer[:size].reshape(shape))
        for (i, j), rows, cols_ in self.tap_slices():
            cols[i, j] = planes[:, start:stop, rows, cols_]
        return cols.reshape(self.kh * self.kw * c, images * self.oh * self.ow)

    def fold_columns(self, cols, planes, start, stop):
        """The adjoint of `columns`: adds a column matrix of images start:stop onto `planes`."""
        taps = cols.reshape(self.kh, self.kw, planes.shape[0], stop - start, self.oh, self.ow)
        for (i, j), rows, cols_ in self.tap_slices():
            planes[:, start:stop, rows, cols_] += taps[i, j]

    def unpad_planes(self, xp, planes, h, w):
        """(n, h, w, c) from padded channel-first planes."""
        planes = planes[:, :, self.pt:self.pt + h, self.pl:self.pl + w]
        return xp.ascontiguousarray(xp.transpose(planes, (1, 2, 3, 0)))

    def pad(self, xp, x, value=0):
        if not (self.pt or self.pb or self.pl or self.pr):
            return x
        widths = ((0, 0), (self.pt, self.pb), (self.pl, self.pr), (0, 0))
        return xp.pad(x, widths, mode="constant", constant_values=value)

    def scatter(self, xp, cols, n, h, w, c, dtype):
        """Sums per-tap contributions `cols` (n, oh, ow, kh, kw, c) back onto an (n, h, w, c) input."""
        hp, wp = h + self.pt + self.pb, w + self.pl + self.pr
        out = xp.zeros((n, hp, wp, c), dtype=dtype)
        for (i, j), rows, cols_ in self.tap_slices():
            out[:, rows, cols_, :] += cols[:, :, :, i, j, :]
        return out[:, self.pt:self.pt + h, self.pl:self.pl + w, :]


def to_nhwc(xp, x, data_format):
    return xp.transpose(x, (0, 2, 3, 1)) if data_format == "NCHW" else x


def from_nhwc(xp, x, data_format):
    return xp.ascontiguousarray(xp.transpose(x, (0, 3, 1, 2))) if data_format == "NCHW" else x


def check_backprop_shape(dy, expected, op_type):
    """InvalidArgumentError (TF's text) when a convolution's out_backprop has another shape than computed."""
    if tuple(dy.shape) != tuple(expected):
        raise errors.InvalidArgumentError(
            None, None, f"{op_type}: Size of out_backprop doesn't match computed: actual = {list(dy.shape)}, "
                        f"computed = {list(expected)}")


def check_strides(attrs, what="strides", error=errors.InvalidArgumentError):
    """`error` (the op kernel's class) where the batch or depth entry of attrs[what] is not 1."""
    data_format = attrs.get("data_format", "NHWC")
    strides = attrs.get(what) or [1, 1, 1, 1]
    batch, depth = (strides[0], strides[1]) if data_format == "NCHW" else (strides[0], strides[3])
    if batch != 1 or depth != 1:
        raise error(None, None, f"Current implementation does not yet support {what} in the batch and depth "
                                "dimensions.")


# ================================================================== static checks
def attr_list(attrs, name, op_type, n=4):
    values = attrs.get(name)
    if values is None or len(values) != n:
        raise ValueError(f"{op_type} requires the {name[:-1] if name.endswith('s') else name} attribute to "
                         f"contain {n} values, but got: {0 if values is None else len(values)}")
    return list(values)


def check_padding(attrs, op_type, allowed=PADDINGS):
    padding = attrs["padding"]
    if padding not in allowed:
        listed = ", ".join(f'"{p}"' for p in allowed)
        raise ValueError(f"Value for attr 'padding' of \"{padding}\" is not in the list of allowed values: {listed}")
    if padding == "EXPLICIT" and len(attrs.get("explicit_paddings") or ()) != 8:
        raise ValueError(f"explicit_paddings attribute must contain 8 values, but got: "
                         f"{len(attrs.get('explicit_paddings') or ())}")
    if padding == "EXPLICIT":
        pads = [int(p) for p in attrs["explicit_paddings"]]
        if any(p < 0 for p in pads):
            raise ValueError(f"All explicit padding values must be nonnegative, got [{', '.join(map(str, pads))}]")
        depth = 1 if attrs.get("data_format", "NHWC").startswith("NC") else 3
        if pads[0] or pads[1] or pads[2 * depth] or pads[2 * depth + 1]:
            raise ValueError("Nonzero explicit padding in the batch or depth dimensions is not supported")


def rank4(t, op_type, shapes):
    if t.shape.ndims is not None and t.shape.ndims != 4:
        raise ValueError(f"Shape must be rank 4 but is rank {t.shape.ndims} for '{op_type}' with input shapes: "
                         f"{shapes}.")
    return list(t.shape.as_tuple_or_none()) if t.shape.ndims == 4 else [None] * 4


def nhwc_dims(dims, data_format):
    return [dims[0], dims[2], dims[3], dims[1]] if data_format == "NCHW" else dims


def from_nhwc_dims(dims, data_format):
    return [dims[0], dims[3], dims[1], dims[2]] if data_format == "NCHW" else dims


def spatial_out(h, w, kh, kw, attrs):
    """Static output (oh, ow), None where unknown."""
    data_format = attrs.get("data_format", "NHWC")
    sh, sw = spatial_pair(attrs["strides"], data_format)
    dh, dw = spatial_pair(attrs.get("dilations") or [1, 1, 1, 1], data_format)
    ph, pw = explicit_pads(attrs.get("explicit_paddings"), data_format)
    padding = attrs["padding"]
    for stride in (sh, sw):
        if stride <= 0:
            raise ShapeFunctionError(f"Stride must be > 0, but got {stride}")
    for dilation in (dh, dw):
        if dilation < 1:
            raise ShapeFunctionError(f"Dilation rate must be >= 1, but got {dilation}")
    for size, k, dilation, pads in ((h, kh, dh, ph), (w, kw, dw, pw)):
        if size is not None and k is not None and padding != "SAME":
            padded = size + (sum(pads) if padding == "EXPLICIT" else 0)
            eff = (k - 1) * dilation + 1
            if padded < eff:  # TF's shape function subtracts the window from the input size
                raise ShapeFunctionError(f"Negative dimension size caused by subtracting {eff} from {padded}")
    oh = None if h is None or kh is None else out_size(h, kh, sh, dh, padding, ph)[0]
    ow = None if w is None or kw is None else out_size(w, kw, sw, dw, padding, pw)[0]
    return oh, ow




def sizes_infer(sizes_tensor, data_format):
    dims = partial_shape(sizes_tensor)
    return TensorShape(dims) if dims is not None else unknown_shape(4)


# ================================================================== wrapper arguments
def get_sequence(value, n, channel_index, name):
    """TF's get_sequence: an int or n or n+2 values, as the 4-element attr."""
    if value is None:
        return [1] * (n + 2)
    if isinstance(value, (int, np.integer)):
        value = [int(value)]
    elif not hasattr(value, "__len__"):
        value = [value]
    value = [int(v) for v in value]
    if len(value) == n + 2:
        return value
    if len(value) == 1:
        value = value * n
    elif len(value) != n:
        raise ValueError(f"{name} should be of length 1, {n} or {n + 2}. Received: {name}={value} of length "
                         f"{len(value)}")
    return [1, 1] + value if channel_index == 1 else [1] + value + [1]


def convert_padding(padding, expected_length=4):
    explicit = []
    if padding == "EXPLICIT":
        raise ValueError('"EXPLICIT" is not a valid value for `padding`. To use explicit padding, `padding` must be '
                         "a list.")
    if isinstance(padding, (list, tuple)):
        for i, pair in enumerate(padding):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise ValueError("When `padding` is a list, each element of `padding` must be a list/tuple of size "
                                 f"2. Received: padding={padding} with element at index {i}")
            explicit.extend(int(p) for p in pair)
        if len(padding) != expected_length:
            raise ValueError(f"When padding is a list, it must be of size {expected_length}. Received: "
                             f"padding={padding} of size {len(padding)}")
        return "EXPLICIT", explicit
    if isinstance(padding, bytes):
        padding = padding.decode()
    return padding, explicit


def format_and_padding(data_format, padding):
    """A 2-D op's (data_format, channel index, padding, explicit paddings); ValueError for an unknown format."""
    data_format = data_format or "NHWC"
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed "
                         "values: \"NHWC\", \"NCHW\"")
    channel_index = 1 if data_format.startswith("NC") else 3
    padding, explicit = convert_padding(padding)
    return data_format, channel_index, padding, explicit


