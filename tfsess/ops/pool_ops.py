"""2-D max and average pooling (NHWC; NCHW by transposing), with their gradient ops.

On NumPy, MaxPool and MaxPoolGrad run lib/pool_loops.py's compiled one-pass loops when numba is
installed (the same bits as the NumPy passes here, which remain the route without it), split
over the batch on up to `loop_workers()` threads.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import pool_loops
from tfsess.ops import array_ops
from tfsess.ops._infer import FLOAT, check_dtype, fmt_shape, renamed_arg
from tfsess.ops.window_geometry import (attr_list, check_padding, check_strides, format_and_padding, from_nhwc,
                                        from_nhwc_dims, Geometry, get_sequence, nhwc_dims, rank4, sizes_infer,
                                        spatial_out, spatial_pair, to_nhwc)
from tfsess.runtime.thread_pools import loop_workers


# ================================================================== pooling
def _pool_infer(op_type):
    def infer(inputs, attrs):
        x = inputs[0]
        check_dtype(x, FLOAT + (dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.int8, dtypes.int16)
                    if op_type == "MaxPool" else FLOAT, "input")
        xd = rank4(x, op_type, fmt_shape(x.shape))
        attr_list(attrs, "ksize", op_type)
        attr_list(attrs, "strides", op_type)
        check_padding(attrs, op_type, ("SAME", "VALID", "EXPLICIT") if op_type == "MaxPool" else ("SAME", "VALID"))
        data_format = attrs.get("data_format", "NHWC")
        n, h, w, c = nhwc_dims(xd, data_format)
        kh, kw = spatial_pair(attrs["ksize"], data_format)
        oh, ow = spatial_out(h, w, kh, kw, attrs)
        return [(x.dtype.base_dtype, TensorShape(from_nhwc_dims([n, oh, ow, c], data_format)))]
    return infer


def _pool_geometry(x_shape, attrs):
    data_format = attrs.get("data_format", "NHWC")
    ksize = attrs["ksize"]
    batch, depth = (ksize[0], ksize[1]) if data_format == "NCHW" else (ksize[0], ksize[3])
    if batch != 1 or depth != 1:
        raise errors.UnimplementedError(
            None, None, "Pooling is not yet supported on the batch dimension." if batch != 1 else
            "Depthwise pooling is not supported by tfsess: ksize must be 1 in the depth dimension.")
    check_strides(attrs)
    kh, kw = spatial_pair(ksize, data_format)
    return Geometry(x_shape[1], x_shape[2], kh, kw, {**attrs, "dilations": None})


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


@register_op("MaxPool", infer=_pool_infer("MaxPool"))
def _max_pool(xp, x, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = to_nhwc(xp, x, data_format)
    geo = _pool_geometry(x.shape, attrs)
    out = pool_loops.max_pool(np.ascontiguousarray(x), geo, _lowest(x.dtype), loop_workers()) if xp is np else None
    if out is None:
        out = _window_max(xp, geo, geo.pad(xp, x, _lowest(x.dtype)))
    return from_nhwc(xp, out, data_format)


def _window_max(xp, geo, padded):
    """Each window's maximum, as a running maximum over the filter taps' strided slices in row-major
    tap order (the order fixes which NaN or signed zero is kept)."""
    taps = [padded[:, rows, cols, :] for _, rows, cols in geo.tap_slices()]
    if len(taps) == 1:
        return taps[0].copy()
    out = xp.maximum(taps[0], taps[1])
    for tap in taps[2:]:
        xp.maximum(out, tap, out=out)
    return out


def _tiles(geo, shape):
    """Whether the windows tile the (unpadded) input exactly: stride == window, no padding, sizes
    divisible (2x2/stride-2 pooling of even sizes, VALID or SAME)."""
    _, h, w, _ = shape
    return (geo.sh == geo.kh and geo.sw == geo.kw and not (geo.pt or geo.pb or geo.pl or geo.pr)
            and h == geo.oh * geo.kh and w == geo.ow * geo.kw)


def _tiled_max_pool_grad(xp, geo, x, g):
    """MaxPoolGrad where the windows tile the input: the input seen as (n * oh, kh, ow, kw, c), every
    tap compared with its window's maximum in one broadcast pass, ties left to the first maximum in
    row-major tap order (TF's rule) by clearing later hits on the (n * oh, ow, c) tap planes, and the
    gradient selected bit for bit (+0 elsewhere) by one multiply of its bits with the 0/1 mask."""
    n, h, w, c = x.shape
    blocks = x.reshape(n * geo.oh, geo.kh, geo.ow, geo.kw, c)
    best = _window_max(xp, geo, x).reshape(n * geo.oh, 1, geo.ow, 1, c)
    hits = xp.equal(blocks, best)
    taps = [hits[:, i, :, j] for i in range(geo.kh) for j in range(geo.kw)]
    claimed = taps[0].copy()
    for k, tap in enumerate(taps[1:], 2):
        xp.greater(tap, claimed, out=tap)  # a hit not claimed by an earlier tap
        if k < len(taps):
            claimed |= tap
    bits = np.dtype(f"u{g.dtype.itemsize}")
    dx = xp.multiply(hits, g.reshape(n * geo.oh, 1, geo.ow, 1, c).view(bits), dtype=bits)
    return dx.view(g.dtype).reshape(n, h, w, c)


def _argmax_positions(xp, x, geo):
    """Flat indices into `x` (n, h, w, c) of each window's first maximum, TF's tie rule."""
    n, h, w, c = x.shape
    windows = geo.windows(xp, geo.pad(xp, x, _lowest(x.dtype)))
    flat = windows.reshape(n, geo.oh, geo.ow, geo.kh * geo.kw, c)
    k = xp.argmax(flat, axis=3)
    i, j = k // geo.kw, k % geo.kw
    rows = xp.arange(geo.oh).reshape(1, -1, 1, 1) * geo.sh + i - geo.pt
    cols = xp.arange(geo.ow).reshape(1, 1, -1, 1) * geo.sw + j - geo.pl
    rows = xp.clip(rows, 0, h - 1)
    cols = xp.clip(cols, 0, w - 1)
    batch = xp.arange(n).reshape(-1, 1, 1, 1)
    chan = xp.arange(c).reshape(1, 1, 1, -1)
    return ((batch * h + rows) * w + cols) * c + chan


def _select(xp, mask, values, out, ones):
    """out[...] = where(mask, values, 0), bit for bit (+0 elsewhere; infinities and NaNs kept), as an
    AND with an all-ones/all-zeros bit mask (made in `ones`, an unsigned array of values' item size):
    one pass, written straight into a strided `out`."""
    bits = ones.dtype
    xp.negative(mask, dtype=bits, out=ones)
    xp.bitwise_and(values.view(bits), ones, out=out.view(bits))
    return out


def _max_pool_grad_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


@register_op("MaxPoolGrad", infer=_max_pool_grad_infer)
def _max_pool_grad_kernel(xp, orig_input, orig_output, grad, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = to_nhwc(xp, orig_input, data_format)
    g = to_nhwc(xp, grad, data_format)
    geo = _pool_geometry(x.shape, attrs)
    # windows that tile the padded input (2x2 stride 2 and the like) each own their inputs: assign, not add
    tiles = (geo.sh == geo.kh and geo.sw == geo.kw and x.shape[1] + geo.pt + geo.pb == geo.oh * geo.kh
             and x.shape[2] + geo.pl + geo.pr == geo.ow * geo.kw)
    if xp is np:
        dx = pool_loops.max_pool_grad(np.ascontiguousarray(x), np.ascontiguousarray(g), geo, _lowest(x.dtype),
                                      tiles, loop_workers())
        if dx is not None:
            return from_nhwc(xp, dx, data_format)
    if _tiles(geo, x.shape):
        return from_nhwc(xp, _tiled_max_pool_grad(xp, geo, x, g), data_format)
    n, h, w, c = x.shape
    padded = geo.pad(xp, x, _lowest(x.dtype))
    best = _window_max(xp, geo, padded)
    # each window's gradient goes to its first maximum in row-major tap order (TF's tie rule)
    unclaimed, hit = xp.ones(best.shape, dtype=bool), xp.empty(best.shape, dtype=bool)
    dx = (xp.empty if tiles else xp.zeros)(padded.shape, dtype=g.dtype)
    picked = None if tiles else xp.empty(best.shape, dtype=g.dtype)
    ones = xp.empty(best.shape, dtype=np.dtype(f"u{g.dtype.itemsize}"))
    for _, rows, cols in geo.tap_slices():
        xp.equal(padded[:, rows, cols, :], best, out=hit)
        hit &= unclaimed
        unclaimed ^= hit
        if tiles:
            _select(xp, hit, g, dx[:, rows, cols, :], ones)
        else:
            dx[:, rows, cols, :] += _select(xp, hit, g, picked, ones)
    dx = dx[:, geo.pt:geo.pt + h, geo.pl:geo.pl + w, :]
    return from_nhwc(xp, xp.ascontiguousarray(dx).astype(grad.dtype, copy=False), data_format)


@register_op("MaxPoolGradGrad", infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, inputs[1].shape)])
def _max_pool_grad_grad_kernel(xp, orig_input, orig_output, grad, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = to_nhwc(xp, orig_input, data_format)
    g = to_nhwc(xp, grad, data_format)
    geo = _pool_geometry(x.shape, attrs)
    idx = _argmax_positions(xp, x, geo)
    return from_nhwc(xp, g.reshape(-1)[idx], data_format)


def _pool_attrs(op):
    return {k: op._attr(k) for k in ("ksize", "strides", "padding", "data_format")
            if k in op._attrs} | ({"explicit_paddings": op._attr("explicit_paddings")}
                                  if "explicit_paddings" in op._attrs else {})


@_max_pool.gradient
def _max_pool_grad(op, grad):
    return [apply_op("MaxPoolGrad", [op.inputs[0], op.outputs[0], grad], _pool_attrs(op),
                     name="MaxPoolGrad").outputs[0]]


@_max_pool_grad_kernel.gradient
def _max_pool_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPoolGradGrad", [op.inputs[0], op.inputs[1], grad], _pool_attrs(op),
                     name="MaxPoolGradGrad").outputs[0]]


@_max_pool_grad_grad_kernel.gradient
def _max_pool_grad_grad_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0]), array_ops.zeros_like(op.inputs[1]),
            apply_op("MaxPoolGrad", [op.inputs[0], op.inputs[1], grad], _pool_attrs(op),
                     name="MaxPoolGrad").outputs[0]]


def _window_counts(xp, geo, h, w, dtype):
    """How many real (unpadded) inputs each window covers: the AvgPool divisor, (1, oh, ow, 1)."""
    rows = xp.zeros(h + geo.pt + geo.pb, dtype=dtype)
    cols = xp.zeros(w + geo.pl + geo.pr, dtype=dtype)
    rows[geo.pt:geo.pt + h] = 1
    cols[geo.pl:geo.pl + w] = 1
    per_row = sum(rows[i * geo.dh:i * geo.dh + geo.sh * (geo.oh - 1) + 1:geo.sh] for i in range(geo.kh))
    per_col = sum(cols[j * geo.dw:j * geo.dw + geo.sw * (geo.ow - 1) + 1:geo.sw] for j in range(geo.kw))
    return (per_row[:, None] * per_col[None, :]).reshape(1, geo.oh, geo.ow, 1)


def _window_sum(xp, geo, padded):
    taps = geo.tap_slices()
    _, rows, cols = next(taps)
    out = padded[:, rows, cols, :].copy()
    for _, rows, cols in taps:
        out += padded[:, rows, cols, :]
    return out


@register_op("AvgPool", infer=_pool_infer("AvgPool"))
def _avg_pool(xp, x, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    x = to_nhwc(xp, x, data_format)
    geo = _pool_geometry(x.shape, attrs)
    sums = _window_sum(xp, geo, geo.pad(xp, x))
    counts = _window_counts(xp, geo, x.shape[1], x.shape[2], x.dtype)
    return from_nhwc(xp, (sums / counts).astype(x.dtype, copy=False), data_format)


def _avg_pool_grad_infer(inputs, attrs):
    return [(inputs[1].dtype.base_dtype, sizes_infer(inputs[0], attrs.get("data_format", "NHWC")))]


@register_op("AvgPoolGrad", infer=_avg_pool_grad_infer)
def _avg_pool_grad_kernel(xp, orig_input_shape, grad, **attrs):
    data_format = attrs.get("data_format", "NHWC")
    n, h, w, c = nhwc_dims([int(s) for s in np.asarray(orig_input_shape).reshape(-1)], data_format)
    g = to_nhwc(xp, grad, data_format)
    geo = _pool_geometry((n, h, w, c), attrs)
    scaled = g / _window_counts(xp, geo, h, w, g.dtype)
    cols = xp.broadcast_to(scaled[:, :, :, None, None, :], (n, geo.oh, geo.ow, geo.kh, geo.kw, c))
    return from_nhwc(xp, geo.scatter(xp, cols, n, h, w, c, g.dtype), data_format)


@_avg_pool.gradient
def _avg_pool_grad(op, grad):
    return [apply_op("AvgPoolGrad", [array_ops.shape(op.inputs[0]), grad], _pool_attrs(op),
                     name="AvgPoolGrad").outputs[0]]


@_avg_pool_grad_kernel.gradient
def _avg_pool_grad_grad(op, grad):
    return [None, apply_op("AvgPool", [grad], _pool_attrs(op), name="AvgPool").outputs[0]]


def _pool(op_type, default_name, value, ksize, strides, padding, data_format, name):
    data_format, channel_index, padding, explicit = format_and_padding(data_format, padding)
    attrs = {"ksize": get_sequence(ksize, 2, channel_index, "ksize"),
             "strides": get_sequence(strides, 2, channel_index, "strides"),
             "padding": padding, "data_format": data_format}
    if op_type == "MaxPool":
        attrs["explicit_paddings"] = explicit
    elif explicit:
        raise ValueError(f"Value for attr 'padding' of \"EXPLICIT\" is not in the list of allowed values: "
                         "\"SAME\", \"VALID\"")
    with op_scope(name, default_name, [value]) as scope:
        value = convert_to_tensor(value, name="input")
        return apply_op(op_type, [value], attrs, name=scope).outputs[0]


def max_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Max pooling over NHWC windows (tf.nn.max_pool).

    Args:
        ksize, strides: 1, 2 or 4 ints; padding: "SAME" or "VALID".
    """
    value = renamed_arg("input", input, "value", value)
    return _pool("MaxPool", "MaxPool", value, ksize, strides, padding, data_format, name)


def avg_pool(value, ksize, strides, padding, data_format="NHWC", name=None, input=None):  # noqa: A002
    """Average pooling over NHWC windows; SAME windows average only real inputs (tf.nn.avg_pool)."""
    value = renamed_arg("input", input, "value", value)
    return _pool("AvgPool", "AvgPool", value, ksize, strides, padding, data_format, name)


def max_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """tf.nn.max_pool2d: max_pool under its TF2 name."""
    return _pool("MaxPool", "MaxPool2d", input, ksize, strides, padding, data_format, name)


def avg_pool_v2(input, ksize, strides, padding, data_format=None, name=None):  # noqa: A002
    """tf.nn.avg_pool2d: avg_pool under its TF2 name."""
    return _pool("AvgPool", "AvgPool2D", input, ksize, strides, padding, data_format, name)


