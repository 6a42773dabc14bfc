"""Window geometry of the 3-D convolution and pooling ops: sizes, padding, layouts, im2col.

Sizes and SAME/VALID padding follow TF's GetWindowedOutputSize (window_geometry.out_size);
NCDHW is handled by transposing to NDHWC. Attrs are 5-element lists in the data format's order.
"""
from __future__ import annotations

import itertools

import numpy as np

from tfsess.framework import errors
from tfsess.framework.shape_errors import ShapeFunctionError
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import partial_shape
from tfsess.ops.window_geometry import out_size

FORMATS = ("NDHWC", "NCDHW")
COLUMN_CHUNK_BYTES = 4 << 20  # the im2col rows made per GEMM: cache-sized, as for 2-D convolutions


def spatial3(values, data_format):
    """The (D, H, W) entries of a 5-element attr in `data_format` order."""
    return tuple(values[2:5]) if data_format == "NCDHW" else tuple(values[1:4])


def batch_depth(values, data_format):
    """The (batch, channel) entries of a 5-element attr."""
    return (values[0], values[1]) if data_format == "NCDHW" else (values[0], values[4])


def to_ndhwc(xp, x, data_format):
    return xp.transpose(x, (0, 2, 3, 4, 1)) if data_format == "NCDHW" else x


def from_ndhwc(xp, x, data_format):
    return xp.ascontiguousarray(xp.transpose(x, (0, 4, 1, 2, 3))) if data_format == "NCDHW" else x


def ndhwc_dims(dims, data_format):
    return [dims[0], dims[2], dims[3], dims[4], dims[1]] if data_format == "NCDHW" else list(dims)


def from_ndhwc_dims(dims, data_format):
    return [dims[0], dims[4], dims[1], dims[2], dims[3]] if data_format == "NCDHW" else list(dims)


class Geometry3D:
    """Output sizes and paddings of one 3-D window op, in NDHWC terms."""

    def __init__(self, spatial, window, attrs):
        data_format = attrs.get("data_format", "NDHWC")
        self.strides = spatial3(attrs["strides"], data_format)
        self.dilations = spatial3(attrs.get("dilations") or [1] * 5, data_format)
        self.window = tuple(int(k) for k in window)
        sizes = [out_size(n, k, s, d, attrs["padding"])
                 for n, k, s, d in zip(spatial, self.window, self.strides, self.dilations)]
        self.out = tuple(o for o, _, _ in sizes)
        self.pads = tuple((before, after) for _, before, after in sizes)
        self.taps = int(np.prod(self.window))

    def pad(self, xp, x, value=0):
        if not any(b or a for b, a in self.pads):
            return x
        return xp.pad(x, ((0, 0), *self.pads, (0, 0)), mode="constant", constant_values=value)

    def unpad(self, padded, spatial):
        return padded[(slice(None),) + tuple(slice(b, b + n) for (b, _), n in zip(self.pads, spatial))]

    def tap_slices(self):
        """(tap number, index) of each window tap: the (n, od, oh, ow, c) strided slice of the padded
        input that the tap meets, one position per output."""
        for t, tap in enumerate(itertools.product(*(range(k) for k in self.window))):
            index = tuple(slice(i * d, i * d + s * (o - 1) + 1, s)
                          for i, d, s, o in zip(tap, self.dilations, self.strides, self.out))
            yield t, (slice(None),) + index

    def batch_chunks(self, n, depth, itemsize):
        """(start, stop) runs of the batch whose im2col rows (`depth` wide) fit COLUMN_CHUNK_BYTES."""
        per_image = max(1, depth * int(np.prod(self.out)) * itemsize)
        step = max(1, min(n, COLUMN_CHUNK_BYTES // per_image))
        return [(s, min(n, s + step)) for s in range(0, n, step)] or [(0, 0)]

    def columns(self, xp, padded):
        """im2col of `padded` (n, dp, hp, wp, c): (n * od * oh * ow, taps * c), row-major over the
        output positions, each row the window's taps in (kd, kh, kw) order, channels innermost:
        the layout of a [kd, kh, kw, c, out] filter read as a (taps * c, out) matrix."""
        n, c = padded.shape[0], padded.shape[-1]
        cols = xp.empty((n, *self.out, self.taps, c), dtype=padded.dtype)
        for t, index in self.tap_slices():
            cols[:, :, :, :, t, :] = padded[index]
        return cols.reshape(n * int(np.prod(self.out)), self.taps * c)

    def fold(self, xp, cols, padded):
        """The adjoint of `columns`: adds (n * od * oh * ow, taps * c) rows onto `padded` in place."""
        n, c = padded.shape[0], padded.shape[-1]
        taps = cols.reshape(n, *self.out, self.taps, c)
        for t, index in self.tap_slices():
            padded[index] += taps[:, :, :, :, t, :]
        return padded


# ================================================================== static checks
def check_attr_list(attrs, name, op_type):
    values = attrs.get(name)
    if values is None or len(values) != 5:
        raise ValueError(f"{op_type} requires the {name[:-1] if name.endswith('s') else name} attribute to "
                         f"contain 5 values, but got: {0 if values is None else len(values)}")
    return list(values)


def check_padding_format(attrs):
    if attrs["padding"] not in ("SAME", "VALID"):
        raise ValueError(f"Value for attr 'padding' of \"{attrs['padding']}\" is not in the list of allowed "
                         "values: \"SAME\", \"VALID\"")
    data_format = attrs.get("data_format", "NDHWC")
    if data_format not in FORMATS:
        raise ValueError(f"Value for attr 'data_format' of \"{data_format}\" is not in the list of allowed "
                         "values: \"NDHWC\", \"NCDHW\"")
    return data_format


def rank5(t, op_type, shapes):
    if t.shape.ndims is not None and t.shape.ndims != 5:
        raise ValueError(f"Shape must be rank 5 but is rank {t.shape.ndims} for '{op_type}' with input shapes: "
                         f"{shapes}.")
    return list(t.shape.as_tuple_or_none()) if t.shape.ndims == 5 else [None] * 5


def static_out(spatial, window, attrs, swap_hw_dilations=False):
    """The static output (od, oh, ow), None where unknown; ValueError (TF's text) for a bad size.

    `swap_hw_dilations`: TF's Conv3D shape function reads the height's dilation as the width's and the
    width's as the height's (its kernels do not), so its static shapes differ from the run's there.
    """
    data_format = attrs.get("data_format", "NDHWC")
    strides = spatial3(attrs["strides"], data_format)
    dilations = spatial3(attrs.get("dilations") or [1] * 5, data_format)
    if swap_hw_dilations:
        dilations = [dilations[0], dilations[2], dilations[1]]
    for stride in strides:
        if stride <= 0:
            raise ShapeFunctionError(f"Stride must be > 0, but got {stride}")
    for dilation in dilations:
        if dilation < 1:
            raise ShapeFunctionError(f"Dilation rate must be >= 1, but got {dilation}")
    out = []
    for size, k, s, d in zip(spatial, window, strides, dilations):
        if size is None or k is None:
            out.append(None)
            continue
        eff = (k - 1) * d + 1
        if attrs["padding"] == "VALID" and size < eff:  # TF's shape function subtracts the window
            raise ShapeFunctionError(f"Negative dimension size caused by subtracting {eff} from {size}")
        out.append(out_size(size, k, s, d, attrs["padding"])[0])
    return out


def check_runtime_strides(attrs, what="strides", message=None):
    batch, depth = batch_depth(attrs[what], attrs.get("data_format", "NDHWC"))
    if batch != 1 or depth != 1:
        raise errors.UnimplementedError(
            None, None, message or "Current implementation does not yet support strides in the batch and depth "
                                   "dimensions.")


def sizes_infer(sizes_tensor):
    dims = partial_shape(sizes_tensor)
    return TensorShape(dims) if dims is not None else unknown_shape(5)


def check_backprop_shape(dy, expected, op_type):
    if tuple(dy.shape) != tuple(expected):
        raise errors.InvalidArgumentError(
            None, None, f"{op_type}: Size of out_backprop doesn't match computed: actual = {list(dy.shape)}, "
                        f"computed = {list(expected)}")


def sequence5(value, channel_index, name):
    """An int or 1, 3 or 5 values as the 5-element attr (TF's _get_sequence for 3 spatial dims)."""
    if value is None:
        return [1] * 5
    value = [int(value)] if isinstance(value, (int, np.integer)) else [int(v) for v in value]
    if len(value) == 5:
        return value
    if len(value) == 1:
        value = value * 3
    elif len(value) != 3:
        raise ValueError(f"{name} should be of length 1, 3 or 5. Received: {name}={value} of length {len(value)}")
    return [1, 1] + value if channel_index == 1 else [1] + value + [1]
