"""Fake quantization (tf.quantization.fake_quant_with_min_max_args/_vars/_vars_per_channel and their
gradient ops), computed as TF's kernels do, in float32.

[min, max] is first nudged so that zero is exactly representable: with quant range [qmin, qmax]
(qmin = 1 if narrow_range else 0, qmax = 2**num_bits - 1), scale = (max - min) / (qmax - qmin), the
zero point round(qmin - min / scale) is clamped into [qmin, qmax], and nudged_min/max are
(qmin/qmax - zero_point) * scale. Inputs are clamped to the nudged range and snapped to the grid
floor((x - nudged_min) / scale + 0.5) * scale + nudged_min. Gradients pass straight through inside
the nudged range; for the _vars ops, what falls below (above) it flows to min (max).
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import check_dtype, host

VarsGradient = collections.namedtuple("FakeQuantWithMinMaxVarsGradient",
                                      ["backprops_wrt_input", "backprop_wrt_min", "backprop_wrt_max"])
PerChannelGradient = collections.namedtuple("FakeQuantWithMinMaxVarsPerChannelGradient",
                                            ["backprops_wrt_input", "backprop_wrt_min", "backprop_wrt_max"])
_F32 = (dtypes.float32,)


def _nudge(min_value, max_value, num_bits, narrow_range):
    """(nudged_min, nudged_max, scale, inverse scale, steps below zero) as float32 arrays (TF's Nudge, elementwise)."""
    quant_min, quant_max = np.float32(1 if narrow_range else 0), np.float32((1 << num_bits) - 1)
    lo, hi = np.asarray(min_value, np.float32), np.asarray(max_value, np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = (hi - lo) / (quant_max - quant_min)
        inv_scale = (quant_max - quant_min) / (hi - lo)
        zero_point_from_min = quant_min - lo / scale
    rounded = np.sign(zero_point_from_min) * np.floor(np.abs(zero_point_from_min) + np.float32(0.5))  # std::round
    zero_point = np.where(zero_point_from_min < quant_min, quant_min,
                          np.where(zero_point_from_min > quant_max, quant_max, rounded)).astype(np.float32)
    return (quant_min - zero_point) * scale, (quant_max - zero_point) * scale, scale, inv_scale, zero_point - quant_min


def _quantize(x, nudged_min, nudged_max, scale, inv_scale, offset):
    """x clamped and snapped to the grid; a value is (its step - the zero point's step) * scale, which is
    what TF's kernel computes bit for bit (zero maps to exactly 0.0, the grid is symmetric about it)."""
    clamped = np.maximum(np.minimum(x, nudged_max), nudged_min)
    steps = np.floor((clamped - nudged_min) * inv_scale + np.float32(0.5))
    return ((steps - offset) * scale).astype(np.float32)


def _inside(x, nudged_min, nudged_max):
    return ((x >= nudged_min) & (x <= nudged_max)).astype(np.float32)


def _check_bits(op_type, num_bits):
    if not 2 <= num_bits <= 16:
        raise errors.InvalidArgumentError(None, None, f"{op_type}: num_bits must be between 2 and 16, inclusive")


def _check_args(op_type, min_value, max_value, num_bits):
    if not min_value < max_value:
        raise errors.InvalidArgumentError(None, None, f"{op_type}: min has to be smaller than max, was: "
                                                      f"{min_value} >= {max_value}")
    _check_bits(op_type, num_bits)


# ------------------------------------------------------------------ inference
def _same_float32(index):
    def infer(inputs, attrs):
        for i, t in enumerate(inputs):
            check_dtype(t, _F32, "inputs" if i == index else f"input_{i}")
        return [(dtypes.float32, inputs[index].shape)]
    return infer


def _check_rank(t, rank, op_type):
    if t.shape.ndims is not None and t.shape.ndims != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {t.shape.ndims} for '{op_type}'")


def _vars_infer(op_type, data_inputs):
    def infer(inputs, attrs):
        for t in inputs:
            check_dtype(t, _F32, "inputs")
        data, lo, hi = inputs[data_inputs - 1], inputs[data_inputs], inputs[data_inputs + 1]
        per_channel = op_type.startswith("FakeQuantWithMinMaxVarsPerChannel")
        _check_rank(lo, 1 if per_channel else 0, op_type)
        _check_rank(hi, 1 if per_channel else 0, op_type)
        if per_channel:
            depth = data.shape[-1].value if data.shape.ndims else None
            for t in (lo, hi):
                d = t.shape[0].value if t.shape.ndims == 1 else None
                if depth is not None and d is not None and d != depth:
                    raise ValueError(f"Dimensions must be equal, but are {depth} and {d} for '{op_type}' with input "
                                     f"shapes: {data.shape.as_list()}, {lo.shape.as_list()}, {hi.shape.as_list()}.")
            channel = TensorShape([depth])
        else:
            channel = TensorShape([])
        if data_inputs == 1:
            return [(dtypes.float32, data.shape)]
        return [(dtypes.float32, data.shape), (dtypes.float32, channel), (dtypes.float32, channel)]
    return infer


# ------------------------------------------------------------------ FakeQuantWithMinMaxArgs
@register_op("FakeQuantWithMinMaxArgs", infer=_same_float32(0))
def _fake_quant_args(xp, inputs, *, min=-6.0, max=6.0, num_bits=8, narrow_range=False):  # noqa: A002
    _check_args("FakeQuantWithMinMaxArgs", min, max, num_bits)
    nudged = _nudge(min, max, num_bits, narrow_range)
    return xp.asarray(_quantize(host(inputs), *nudged))


@_fake_quant_args.gradient
def _fake_quant_args_grad(op, grad):
    return [fake_quant_with_min_max_args_gradient(grad, op.inputs[0], **_quant_attrs(op, ("min", "max")))]


@register_op("FakeQuantWithMinMaxArgsGradient", infer=_same_float32(1))
def _fake_quant_args_gradient(xp, gradients, inputs, *, min=-6.0, max=6.0, num_bits=8,  # noqa: A002
                              narrow_range=False):
    _check_args("FakeQuantWithMinMaxArgsGradient", min, max, num_bits)
    nudged_min, nudged_max = _nudge(min, max, num_bits, narrow_range)[:2]
    return xp.asarray(host(gradients) * _inside(host(inputs), nudged_min, nudged_max))


# ------------------------------------------------------------------ FakeQuantWithMinMaxVars(PerChannel)
def _vars_kernel(op_type):
    def kernel(xp, inputs, min, max, *, num_bits=8, narrow_range=False):  # noqa: A002
        _check_bits(op_type, num_bits)
        lo, hi = host(min), host(max)
        out = _quantize(host(inputs), *_nudge(lo, hi, num_bits, narrow_range))
        return xp.asarray(np.where((lo == 0) & (hi == 0), np.float32(0), out))  # TF: a [0, 0] range gives zeros
    return kernel


def _vars_gradient_kernel(op_type, per_channel):
    def kernel(xp, gradients, inputs, min, max, *, num_bits=8, narrow_range=False):  # noqa: A002
        _check_bits(op_type, num_bits)
        x, g = host(inputs), host(gradients).astype(np.float32)
        nudged_min, nudged_max = _nudge(host(min), host(max), num_bits, narrow_range)[:2]
        axes = tuple(range(x.ndim - 1)) if per_channel else None
        below = (g * (x < nudged_min)).sum(axis=axes, dtype=np.float32)
        above = (g * (x > nudged_max)).sum(axis=axes, dtype=np.float32)
        return (xp.asarray(g * _inside(x, nudged_min, nudged_max)), xp.asarray(np.float32(below)),
                xp.asarray(np.float32(above)))
    return kernel


def _register_vars(op_type, per_channel):
    forward = register_op(op_type, infer=_vars_infer(op_type, 1))(_vars_kernel(op_type))
    register_op(op_type + "Gradient", infer=_vars_infer(op_type + "Gradient", 2))(
        _vars_gradient_kernel(op_type + "Gradient", per_channel))
    wrapper = fake_quant_with_min_max_vars_per_channel_gradient if per_channel else \
        fake_quant_with_min_max_vars_gradient

    @forward.gradient
    def _grad(op, grad):
        return list(wrapper(grad, op.inputs[0], op.inputs[1], op.inputs[2], **_quant_attrs(op, ())))


def _quant_attrs(op, extra):
    return {k: op.get_attr(k) for k in ("num_bits", "narrow_range") + extra}


# ------------------------------------------------------------------ public wrappers
def _float32(x, name):
    return convert_to_tensor(x, name=name, preferred_dtype=dtypes.float32)


def fake_quant_with_min_max_args(inputs, min=-6, max=6, num_bits=8, narrow_range=False, name=None):  # noqa: A002
    """`inputs` (float32) snapped to the 2**num_bits-level grid over the nudged [min, max] (attributes)."""
    attrs = {"min": float(min), "max": float(max), "num_bits": int(num_bits), "narrow_range": bool(narrow_range)}
    return apply_op("FakeQuantWithMinMaxArgs", [_float32(inputs, "inputs")], attrs,
                    name=name or "FakeQuantWithMinMaxArgs").outputs[0]


def fake_quant_with_min_max_args_gradient(gradients, inputs, min=-6, max=6, num_bits=8,  # noqa: A002
                                          narrow_range=False, name=None):
    """`gradients` where `inputs` lies inside the nudged [min, max], else 0."""
    attrs = {"min": float(min), "max": float(max), "num_bits": int(num_bits), "narrow_range": bool(narrow_range)}
    return apply_op("FakeQuantWithMinMaxArgsGradient", [_float32(gradients, "gradients"), _float32(inputs, "inputs")],
                    attrs, name=name or "FakeQuantWithMinMaxArgsGradient").outputs[0]


def _vars_op(op_type, tensors, num_bits, narrow_range, name):
    with op_scope(name, op_type, [t for _, t in tensors]) as scope:
        inputs = [_float32(t, param) for param, t in tensors]
        return apply_op(op_type, inputs, {"num_bits": int(num_bits), "narrow_range": bool(narrow_range)},
                        name=scope)


def fake_quant_with_min_max_vars(inputs, min, max, num_bits=8, narrow_range=False, name=None):  # noqa: A002
    """Fake quantization over a [min, max] given as float32 scalar tensors (trainable, through the gradient)."""
    return _vars_op("FakeQuantWithMinMaxVars", [("inputs", inputs), ("min", min), ("max", max)], num_bits,
                    narrow_range, name).outputs[0]


def fake_quant_with_min_max_vars_gradient(gradients, inputs, min, max, num_bits=8, narrow_range=False,  # noqa: A002
                                          name=None):
    """(backprops_wrt_input, backprop_wrt_min, backprop_wrt_max) of FakeQuantWithMinMaxVars."""
    op = _vars_op("FakeQuantWithMinMaxVarsGradient", [("gradients", gradients), ("inputs", inputs), ("min", min),
                                                      ("max", max)], num_bits, narrow_range, name)
    return VarsGradient(*op.outputs)


def fake_quant_with_min_max_vars_per_channel(inputs, min, max, num_bits=8, narrow_range=False,  # noqa: A002
                                             name=None):
    """Fake quantization with one [min, max] per channel (the last dim of inputs)."""
    return _vars_op("FakeQuantWithMinMaxVarsPerChannel", [("inputs", inputs), ("min", min), ("max", max)],
                    num_bits, narrow_range, name).outputs[0]


def fake_quant_with_min_max_vars_per_channel_gradient(gradients, inputs, min, max, num_bits=8,  # noqa: A002
                                                      narrow_range=False, name=None):
    """(backprops_wrt_input, backprop_wrt_min, backprop_wrt_max [d]) of FakeQuantWithMinMaxVarsPerChannel."""
    op = _vars_op("FakeQuantWithMinMaxVarsPerChannelGradient", [("gradients", gradients), ("inputs", inputs),
                                                                ("min", min), ("max", max)], num_bits, narrow_range,
                  name)
    return PerChannelGradient(*op.outputs)


_register_vars("FakeQuantWithMinMaxVars", per_channel=False)
_register_vars("FakeQuantWithMinMaxVarsPerChannel", per_channel=True)

__all__ = ["fake_quant_with_min_max_args", "fake_quant_with_min_max_args_gradient", "fake_quant_with_min_max_vars",
           "fake_quant_with_min_max_vars_gradient", "fake_quant_with_min_max_vars_per_channel",
           "fake_quant_with_min_max_vars_per_channel_gradient"]
