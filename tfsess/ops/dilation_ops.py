"""Grayscale morphology: Dilation2D and its gradient ops, tf.nn.dilation2d and erosion2d.

out[b, y, x, c] = max over taps (i, j) of input[b, y * sh + i * rh - pad_top, x * sw + j * rw - pad_left, c]
+ filter[i, j, c], padded positions left out. The gradients go to each window's first maximum in
(i, j) order (TF's strict-greater scan): to that input position, and to that filter tap.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import broadcast_ops, unary_ops
from tfsess.ops._infer import REAL, check_dtype, check_same_dtype, fmt_shape, renamed_arg
from tfsess.ops.window_geometry import Geometry, attr_list, check_padding, rank4, spatial_out


def _geometry(x_shape, f_shape, attrs):
    return Geometry(x_shape[1], x_shape[2], f_shape[0], f_shape[1],
                    {"strides": attrs["strides"], "dilations": attrs["rates"], "padding": attrs["padding"]})


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


def _window_argmax(xp, x, f, attrs):
    """(geometry, each window's best value, its first best tap number or -1)."""
    geo = _geometry(x.shape, f.shape, attrs)
    padded = geo.pad(xp, x)
    valid = geo.pad(xp, xp.ones(x.shape[:3] + (1,), dtype=bool), False)
    shape = (x.shape[0], geo.oh, geo.ow, x.shape[3])
    best = xp.full(shape, _lowest(x.dtype), dtype=x.dtype)
    first = xp.full(shape, -1, dtype=np.int64)
    for t, ((i, j), rows, cols) in enumerate(geo.tap_slices()):
        better = valid[:, rows, cols, :] & (padded[:, rows, cols, :] + f[i, j] > best)
        best = xp.where(better, padded[:, rows, cols, :] + f[i, j], best)
        first = xp.where(better, t, first)
    return geo, best, first


def _dilation_infer(inputs, attrs):
    x, f = inputs[0], inputs[1]
    check_dtype(x, REAL, "input")
    check_same_dtype(inputs, "Dilation2D", names=("input", "filter", "out_backprop"))
    shapes = ", ".join(fmt_shape(t.shape) for t in inputs)
    xd = rank4(x, "Dilation2D", shapes)
    if f.shape.ndims is not None and f.shape.ndims != 3:
        raise ValueError(f"Shape must be rank 3 but is rank {f.shape.ndims} for 'Dilation2D' with input shapes: "
                         f"{shapes}.")
    fd = list(f.shape.as_tuple_or_none()) if f.shape.ndims == 3 else [None] * 3
    attr_list(attrs, "strides", "Dilation2D")
    attr_list(attrs, "rates", "Dilation2D")
    check_padding(attrs, "Dilation2D", ("SAME", "VALID"))
    if xd[3] is not None and fd[2] is not None and xd[3] != fd[2]:
        raise ValueError(f"Dimensions must be equal, but are {xd[3]} and {fd[2]} for 'Dilation2D' with input shapes: "
                         f"{shapes}.")
    oh, ow = spatial_out(xd[1], xd[2], fd[0], fd[1], {**attrs, "dilations": attrs["rates"]})
    return [(x.dtype.base_dtype, TensorShape([xd[0], oh, ow, xd[3] if xd[3] is not None else fd[2]]))]


@register_op("Dilation2D", infer=_dilation_infer)
def _dilation2d(xp, x, f, **attrs):
    return _window_argmax(xp, x, f, attrs)[1]


def _backprop_infer(which):
    def infer(inputs, attrs):
        _dilation_infer(inputs[:2], attrs)
        return [(inputs[0].dtype.base_dtype, inputs[which].shape)]
    return infer


@register_op("Dilation2DBackpropInput", infer=_backprop_infer(0))
def _dilation2d_backprop_input(xp, x, f, dy, **attrs):
    geo, _, first = _window_argmax(xp, x, f, attrs)
    dx = xp.zeros((x.shape[0], x.shape[1] + geo.pt + geo.pb, x.shape[2] + geo.pl + geo.pr, x.shape[3]), dy.dtype)
    zero = xp.zeros((), dtype=dy.dtype)
    for t, (_, rows, cols) in enumerate(geo.tap_slices()):
        dx[:, rows, cols, :] += xp.where(first == t, dy, zero)
    return dx[:, geo.pt:geo.pt + x.shape[1], geo.pl:geo.pl + x.shape[2], :]


@register_op("Dilation2DBackpropFilter", infer=_backprop_infer(1))
def _dilation2d_backprop_filter(xp, x, f, dy, **attrs):
    geo, _, first = _window_argmax(xp, x, f, attrs)
    df = xp.zeros(f.shape, dtype=dy.dtype)
    zero = xp.zeros((), dtype=dy.dtype)
    for t, ((i, j), _, _) in enumerate(geo.tap_slices()):
        df[i, j] = xp.where(first == t, dy, zero).sum(axis=(0, 1, 2))
    return df


def _attrs(op):
    return {k: op._attr(k) for k in ("strides", "rates", "padding")}


@_dilation2d.gradient
def _dilation2d_grad(op, grad):
    x, f = op.inputs
    return [apply_op("Dilation2DBackpropInput", [x, f, grad], _attrs(op), name="Dilation2DBackpropInput").outputs[0],
            apply_op("Dilation2DBackpropFilter", [x, f, grad], _attrs(op),
                     name="Dilation2DBackpropFilter").outputs[0]]


def _dilation_call(x, f, strides, rates, padding, name):
    attrs = {"strides": [int(s) for s in strides], "rates": [int(r) for r in rates],
             "padding": padding.decode() if isinstance(padding, bytes) else padding}
    with op_scope(name, "Dilation2D", [x, f]) as scope:
        x = convert_to_tensor(x, name="input")
        f = convert_to_tensor(f, name="filter")
        return apply_op("Dilation2D", [x, f], attrs, name=scope).outputs[0]


def dilation2d(input, filter=None, strides=None, rates=None, padding=None, name=None,  # noqa: A002 - TF's names
               filters=None, dilations=None):
    """Grayscale dilation of an NHWC `input` by a [h, w, depth] structuring `filter` (tf.nn.dilation2d).

    Args:
        strides, rates: 4 ints ([1, h, w, 1]); padding: "SAME" or "VALID".

    Raises:
        ValueError: wrong ranks, depths that differ, or attrs not of 4 values.
    """
    filter = renamed_arg("filters", filters, "filter", filter)  # noqa: A001
    rates = renamed_arg("dilations", dilations, "rates", rates)
    return _dilation_call(input, filter, strides, rates, padding, name)


def erosion2d(value, kernel, strides, rates, padding, name=None):
    """Grayscale erosion: -dilation2d(-value, kernel reversed in h and w) (tf.nn.erosion2d)."""
    with op_scope(name, "erosion2d", [value, kernel]) as scope:
        dilated = _dilation_call(unary_ops.negative(value),
                                 broadcast_ops.reverse(kernel, [0, 1]), strides, rates, padding, scope)
        return unary_ops.negative(dilated)


__all__ = []
