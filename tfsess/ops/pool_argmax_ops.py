"""tf.nn.max_pool_with_argmax (MaxPoolWithArgmax) and its gradient op MaxPoolGradWithArgmax.

The argmax of each window is the flat index of the first maximum in row-major window order:
(y * width + x) * channels + c, plus b * height * width * channels with include_batch_in_index.
SAME windows ignore the padding. The gradient adds each output's gradient at its argmax.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import REAL, check_dtype, host
from tfsess.ops.window_geometry import attr_list, check_padding, out_size, rank4, spatial_out


def _argmax_infer(inputs, attrs):
    x = inputs[0]
    dtype = check_dtype(x, REAL, "input")
    ksize = attr_list(attrs, "ksize", "MaxPoolWithArgmax")
    attr_list(attrs, "strides", "MaxPoolWithArgmax")
    check_padding(attrs, "MaxPoolWithArgmax", ("SAME", "VALID"))
    n, h, w, c = rank4(x, "MaxPoolWithArgmax", [x.shape.as_list() if x.shape.ndims else None])
    oh, ow = spatial_out(h, w, ksize[1], ksize[2], attrs)
    shape = TensorShape([n, oh, ow, c])
    return [(dtype, shape), (dtypes.as_dtype(attrs.get("Targmax", dtypes.int64)), shape)]


def _windows(shape, ksize, strides, padding):
    """Per spatial dim: (output size, pad before) as TF's GetWindowedOutputSize."""
    return [out_size(shape[d], ksize[d], strides[d], 1, padding)[:2] for d in (1, 2)]


@register_op("MaxPoolWithArgmax", infer=_argmax_infer, gpu=False)
def _max_pool_with_argmax(xp, x, *, ksize, strides, padding, Targmax=dtypes.int64,  # noqa: N803
                          include_batch_in_index=False):
    if ksize[0] != 1 or ksize[3] != 1 or strides[0] != 1 or strides[3] != 1:
        raise errors.UnimplementedError(None, None, "MaxPooling supports exactly one of pooling across depth or "
                                                    "pooling across width/height.")
    a = host(x)
    n, h, w, c = a.shape
    (oh, top), (ow, left) = _windows(a.shape, ksize, strides, padding)
    best = np.full((n, oh, ow, c), -np.inf if a.dtype.kind == "f" else np.iinfo(a.dtype).min, np.float64)
    where = np.zeros((n, oh, ow, c), np.int64)
    found = np.zeros((n, oh, ow, c), bool)
    rows, cols = np.arange(oh) * strides[1] - top, np.arange(ow) * strides[2] - left
    channel = np.arange(c)
    for i in range(ksize[1]):
        for j in range(ksize[2]):
            y, xcol = rows + i, cols + j
            valid = ((y >= 0) & (y < h))[:, None] & ((xcol >= 0) & (xcol < w))[None, :]
            values = a[:, np.clip(y, 0, h - 1)][:, :, np.clip(xcol, 0, w - 1)].astype(np.float64)
            better = valid[None, :, :, None] & (~found | (values > best))
            best = np.where(better, values, best)
            flat = (y[:, None] * w + xcol[None, :])[None, :, :, None] * c + channel
            where = np.where(better, flat, where)
            found |= better
    if include_batch_in_index:
        where = where + (np.arange(n) * h * w * c)[:, None, None, None]
    return (xp.asarray(best.astype(a.dtype)),
            xp.asarray(where.astype(dtypes.as_dtype(Targmax).as_numpy_dtype)))


@_max_pool_with_argmax.gradient
def _max_pool_with_argmax_grad(op, grad, _):
    return [max_pool_grad_with_argmax(op.inputs[0], grad, op.outputs[1], op.get_attr("ksize"), op.get_attr("strides"),
                                      op.get_attr("padding"), op.get_attr("include_batch_in_index"))]


def _grad_infer(inputs, attrs):
    x, grad, argmax = inputs
    dtype = check_dtype(x, REAL, "input")
    check_dtype(argmax, (dtypes.int32, dtypes.int64), "argmax")
    if grad.dtype.base_dtype != dtype:
        raise TypeError(f"Input 'grad' of 'MaxPoolGradWithArgmax' Op has type {grad.dtype.base_dtype.name} that does "
                        f"not match type {dtype.name} of argument 'input'.")
    return [(dtype, x.shape)]


@register_op("MaxPoolGradWithArgmax", infer=_grad_infer, gpu=False)
def _max_pool_grad_with_argmax(xp, x, grad, argmax, *, ksize, strides, padding, include_batch_in_index=False):
    shape = tuple(np.shape(x))
    g, index = host(grad), host(argmax).astype(np.int64)
    if g.shape != index.shape:
        raise errors.InvalidArgumentError(None, None, f"Expected grad shape to be {list(index.shape)}, but got "
                                                      f"{list(g.shape)}")
    per_batch = int(np.prod(shape[1:]))
    if not include_batch_in_index:
        index = index + (np.arange(shape[0]) * per_batch)[:, None, None, None]
    if index.size and (index.min() < 0 or index.max() >= per_batch * shape[0]):
        raise errors.InvalidArgumentError(None, None, "Received argmax index out of range of the input.")
    out = np.zeros(int(np.prod(shape)), g.dtype)
    np.add.at(out, index.reshape(-1), g.reshape(-1))
    return xp.asarray(out.reshape(shape))


# TF returns its generated op wrapper's namedtuple (fields `output`, `argmax`)
MaxPoolWithArgmax = collections.namedtuple("MaxPoolWithArgmax", ["output", "argmax"])


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC", Targmax=None,  # noqa: A002,N803
                         name=None, output_dtype=None, include_batch_in_index=False):
    """(max pooled NHWC output, flat argmax of each window) (tf.nn.max_pool_with_argmax of TF1).

    Raises:
      ValueError: a data_format other than NHWC, or both Targmax and output_dtype.
    """
    if data_format != "NHWC":
        raise ValueError(f"`data_format` values other  than 'NHWC' are not supported. Received: "
                         f"data_format={data_format}")
    if Targmax is not None and output_dtype is not None:
        raise ValueError("Cannot specify both 'Targmax' and 'output_dtype'.")
    for what, value in (("ksize", ksize), ("strides", strides)):
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"Expected list for '{what}' argument to 'max_pool_with_argmax' Op, not {value}.")
    argmax_type = dtypes.as_dtype(Targmax or output_dtype or dtypes.int64)
    attrs = {"ksize": [int(k) for k in ksize], "strides": [int(s) for s in strides], "padding": padding,
             "Targmax": argmax_type, "include_batch_in_index": bool(include_batch_in_index)}
    op = apply_op("MaxPoolWithArgmax", [convert_to_tensor(input, name="input")], attrs, name=name or
                  "MaxPoolWithArgmax")
    return MaxPoolWithArgmax(*op.outputs)


def max_pool_grad_with_argmax(input, grad, argmax, ksize, strides, padding,  # noqa: A002
                              include_batch_in_index=False, name=None):
    """The gradient of max_pool_with_argmax: `grad` added at each argmax position of an input-shaped zero tensor."""
    attrs = {"ksize": list(ksize), "strides": list(strides), "padding": padding,
             "include_batch_in_index": bool(include_batch_in_index)}
    return apply_op("MaxPoolGradWithArgmax", [convert_to_tensor(input), convert_to_tensor(grad),
                                              convert_to_tensor(argmax)], attrs,
                    name=name or "MaxPoolGradWithArgmax").outputs[0]


__all__ = []
