"""The generic Conv op (tf.conv): a 2-D or 3-D convolution with `batch_dims` leading batch dimensions.

The input is [batch..., spatial..., channels] (2 or 3 spatial dims), the filter [spatial..., in, out];
strides and dilations have one value per dim of the input less its extra batch dims (dilations []
means all ones). The batch dims fold into one and the Conv2D or Conv3D kernel runs. As TF's CPU kernel:
CHANNELS_FIRST, grouped convolutions and dilated 3-D ones are unimplemented or invalid at run time,
explicit padding is 2-D only, and TF registers no gradient for Conv.
"""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import lookup, register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import FLOAT, check_dtype, check_same_dtype, fmt_shape
from tfsess.ops.window_geometry import out_size

_TYPES = FLOAT + (dtypes.int32,)


def _where(inputs):
    return f" for 'Conv' with input shapes: {fmt_shape(inputs[0].shape)}, {fmt_shape(inputs[1].shape)}."


def _conv_infer(inputs, attrs):
    x, f = inputs
    check_dtype(x, _TYPES, "input")
    check_same_dtype(inputs, "Conv", names=("input", "filter"))
    where = _where(inputs)
    batch_dims, padding = int(attrs.get("batch_dims", 1)), attrs["padding"]
    if x.shape.ndims is None or f.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    rank = x.shape.ndims - (batch_dims - 1)
    if rank not in (4, 5):
        raise ValueError(f"Input tensor must be rank 4 or 5, excluding extra batch dimensions, but got: {rank}{where}")
    if f.shape.ndims != rank:
        raise ValueError(f"Filter tensor must be rank 4 or 5, but got: {rank}{where}")
    strides, dilations = list(attrs["strides"]), list(attrs.get("dilations") or [1] * rank)
    if len(strides) != rank:
        raise ValueError(f"Stride attribute should contain {rank} values, but got: {len(strides)}{where}")
    if len(dilations) != rank:
        raise ValueError(f"Dilation attribute should contain {rank} values, but got: {len(dilations)}{where}")
    if padding == "EXPLICIT" and rank == 5:
        raise ValueError(f"Explicit padding not supported for 3D Convolution{where}")
    dims, fdims = x.shape.as_list(), f.shape.as_list()
    spatial = rank - 2
    first = attrs.get("data_format", "CHANNELS_LAST") == "CHANNELS_FIRST"
    c, ci, co = dims[batch_dims] if first else dims[-1], fdims[-2], fdims[-1]
    begin = batch_dims + 1 if first else batch_dims
    if c is not None and ci is not None and c % ci:
        raise ValueError(f"Depth of input ({c}) is not a multiple of input depth of filter ({ci}){where}")
    pads = list(attrs.get("explicit_paddings") or [])
    out = []
    for i in range(spatial):
        size, k = dims[begin + i], fdims[i]
        pair = tuple(pads[2 * (i + 1):2 * (i + 2)]) if padding == "EXPLICIT" else (0, 0)
        out.append(None if size is None or k is None else
                   out_size(size, k, strides[i + 1], dilations[i + 1], padding, pair)[0])
    out = [co] + out if first else out + [co]
    return [(x.dtype.base_dtype, TensorShape(dims[:batch_dims] + out))]


@register_op("Conv", infer=_conv_infer)
def _conv(xp, x, f, *, strides, padding, explicit_paddings=(), data_format="CHANNELS_LAST", dilations=(),
          batch_dims=1, groups=1):
    rank = x.ndim - (batch_dims - 1)
    dilations = list(dilations) or [1] * rank
    if data_format != "CHANNELS_LAST":
        raise errors.UnimplementedError(None, None, "The Conv2D op currently only supports the NHWC tensor format on "
                                                    f"the CPU. The op was given the format: "
                                                    f"{'NCHW' if rank == 4 else 'NCDHW'}")
    if groups != 1 or x.shape[-1] != f.shape[-2]:
        raise errors.UnimplementedError(None, None, "Grouped/Depthwise Convolutions are not supported yet.")
    batch_shape = x.shape[:batch_dims]
    folded = x.reshape((-1,) + x.shape[batch_dims:])
    if rank == 4:
        attrs = {"strides": list(strides), "padding": padding, "explicit_paddings": list(explicit_paddings),
                 "data_format": "NHWC", "dilations": dilations}
        out = lookup("Conv2D").kernel(xp, folded, f, **attrs)
    else:
        if any(d != 1 for d in dilations):
            raise errors.InvalidArgumentError(None, None, "CPU implementation of Conv3D currently only supports "
                                                          "dilated rates of 1.")
        attrs = {"strides": list(strides), "padding": padding, "data_format": "NDHWC", "dilations": dilations}
        out = lookup("Conv3D").kernel(xp, folded, f, **attrs)
    return out.reshape(tuple(batch_shape) + out.shape[1:])


def conv(input, filter, strides, padding, explicit_paddings=(), data_format="CHANNELS_LAST",  # noqa: A002
         dilations=(), batch_dims=1, groups=1, name=None):
    """A 2-D or 3-D convolution with `batch_dims` leading batch dims (the Conv op, tf.conv).

    Args:
        strides, dilations: one value per input dim less the extra batch dims; padding: "SAME", "VALID" or
            "EXPLICIT" (with explicit_paddings, 2-D only).
    """
    attrs = {"strides": [int(s) for s in strides], "padding": padding,
             "explicit_paddings": [int(p) for p in explicit_paddings], "data_format": data_format,
             "dilations": [int(d) for d in dilations], "batch_dims": int(batch_dims), "groups": int(groups)}
    with op_scope(name, "Conv") as scope:
        x = convert_to_tensor(input, name="input")
        f = convert_to_tensor(filter, dtype=x.dtype.base_dtype, name="filter")
        return apply_op("Conv", [x, f], attrs, name=scope).outputs[0]


__all__ = ["conv"]
