"""Conv2DBackpropInputV2 and Conv2DBackpropFilterV2 (tf.conv2d_backprop_input_v2 / _filter_v2): the
backprops of conv2d that take the input (or filter) itself rather than its shape.

TF registers kernels for these two op types only on GPUs: on a CPU they build (their shape function
gives the input's or the filter's shape) but fail when run, with TF's "No OpKernel was registered"
error; on a CUDA GPU they compute what Conv2DBackpropInput / Conv2DBackpropFilter compute for that
shape. Neither has a gradient in TF.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import unknown_shape
from tfsess.ops import conv_ops
from tfsess.ops._infer import apply_gen, check_same_dtype
from tfsess.ops.window_geometry import attr_list, check_padding

_DT = {"float16": "DT_HALF", "float32": "DT_FLOAT", "float64": "DT_DOUBLE", "bfloat16": "DT_BFLOAT16",
       "int32": "DT_INT32"}
_T = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64, dtypes.int32)


def _infer_for(op_type, shaped_by):
    def infer(inputs, attrs):
        dtype = check_same_dtype(inputs, op_type, names=("input", "filter", "out_backprop"))
        if dtype not in _T:
            raise TypeError(f"Value passed to parameter 'input' has DataType {dtype.name} not in list of allowed "
                            f"values: {', '.join(t.name for t in _T)}")
        attr_list(attrs, "strides", op_type)
        check_padding(attrs, op_type)
        shape = inputs[shaped_by].shape
        if shape.ndims is None:
            shape = unknown_shape(4)
        elif shape.ndims != 4:
            raise ValueError(f"Shape must be rank 4 but is rank {shape.ndims} for '{op_type}'.")
        return [(inputs[0].dtype.base_dtype, shape)]
    return infer


def _no_cpu_kernel(op_type, x, attrs):
    shown = [f"use_cudnn_on_gpu={str(bool(attrs.get('use_cudnn_on_gpu', True))).lower()}",
             f"T={_DT.get(np.dtype(x.dtype).name, np.dtype(x.dtype).name)}",
             f"explicit_paddings={list(attrs.get('explicit_paddings') or [])}",
             f"data_format=\"{attrs.get('data_format', 'NHWC')}\"", f"strides={list(attrs['strides'])}",
             f"dilations={list(attrs.get('dilations') or [1, 1, 1, 1])}", f"padding=\"{attrs['padding']}\""]
    return errors.InvalidArgumentError(
        None, None, f"No OpKernel was registered to support Op '{op_type}' with "
                    f"these attrs: [{', '.join(shown)}]\nRegistered devices: [CPU]\nRegistered kernels:\n"
                    f"  <no registered kernels>\n")


@register_op("Conv2DBackpropInputV2", infer=_infer_for("Conv2DBackpropInputV2", 0))
def _conv2d_backprop_input_v2(xp, x, f, dy, **attrs):
    raise _no_cpu_kernel("Conv2DBackpropInputV2", x, attrs)


@_conv2d_backprop_input_v2.kernel_for("GPU")
def _conv2d_backprop_input_v2_gpu(xp, x, f, dy, **attrs):
    return conv_ops._conv2d_backprop_input(xp, np.asarray(x.shape, dtype=np.int32), f, dy, **attrs)


@register_op("Conv2DBackpropFilterV2", infer=_infer_for("Conv2DBackpropFilterV2", 1))
def _conv2d_backprop_filter_v2(xp, x, f, dy, **attrs):
    raise _no_cpu_kernel("Conv2DBackpropFilterV2", x, attrs)


@_conv2d_backprop_filter_v2.kernel_for("GPU")
def _conv2d_backprop_filter_v2_gpu(xp, x, f, dy, **attrs):
    return conv_ops._conv2d_backprop_filter(xp, x, np.asarray(f.shape, dtype=np.int32), dy, **attrs)


def _apply(op_type, input, filter, out_backprop, strides, padding, use_cudnn_on_gpu,  # noqa: A002 - TF's names
           explicit_paddings, data_format, dilations, name):
    attrs = {"strides": [int(s) for s in strides], "padding": padding, "use_cudnn_on_gpu": bool(use_cudnn_on_gpu),
             "explicit_paddings": [int(p) for p in explicit_paddings or []], "data_format": data_format,
             "dilations": [int(d) for d in dilations]}
    return apply_gen(op_type, [("input", input, "T"), ("filter", filter, "T"), ("out_backprop", out_backprop, "T")],
                     attrs, name=name)


def conv2d_backprop_input_v2(input, filter, out_backprop, strides, padding, use_cudnn_on_gpu=True,  # noqa: A002
                             explicit_paddings=(), data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of conv2d with respect to its input, shaped like `input` (tf.conv2d_backprop_input_v2).

    Raises:
        InvalidArgumentError: when run on a CPU, as TF (its kernels are GPU-only).
    """
    return _apply("Conv2DBackpropInputV2", input, filter, out_backprop, strides, padding, use_cudnn_on_gpu,
                  explicit_paddings, data_format, dilations, name)


def conv2d_backprop_filter_v2(input, filter, out_backprop, strides, padding, use_cudnn_on_gpu=True,  # noqa: A002
                              explicit_paddings=(), data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of conv2d with respect to its filter, shaped like `filter` (tf.conv2d_backprop_filter_v2).

    Raises:
        InvalidArgumentError: when run on a CPU, as TF (its kernels are GPU-only).
    """
    return _apply("Conv2DBackpropFilterV2", input, filter, out_backprop, strides, padding, use_cudnn_on_gpu,
                  explicit_paddings, data_format, dilations, name)


__all__ = ["conv2d_backprop_filter_v2", "conv2d_backprop_input_v2"]
