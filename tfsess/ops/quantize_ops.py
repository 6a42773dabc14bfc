"""Quantization to and from the quantized dtypes: tf.quantization.quantize (QuantizeV2), dequantize,
quantize_and_dequantize (QuantizeAndDequantizeV2 / V4 and its gradient) and quantized_concat,
computed in float32 as TF's CPU kernels do.

Modes (T's integer range is [lo, hi]):
  MIN_COMBINED  q = round((clamp(x) - min) * (hi - lo) / (max - min) - half_range), half_range being
                (hi - lo + 1) / 2 for signed T (0, truncating x + 0.5, for unsigned T);
  MIN_FIRST     q = round(x * s) - (round(min * s) - lo), s = (2**bits - 1) / (max - min), saturated;
  SCALED        q = round(clamp(x) * s), s the smaller of lo' / min and hi / max (lo' = lo + 1 with
                narrow_range), so zero maps to zero and the range is symmetric about it.
The range is first widened as TF's kernel does: min' = min(0, min), max' = max(0, max, min' + eps)
with eps = max(1, |min|, |max|) * ensure_minimum_range.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops._infer import check_dtype, host

QuantizeV2Output = collections.namedtuple("QuantizeV2", ["output", "output_min", "output_max"])
QuantizedConcatOutput = collections.namedtuple("QuantizedConcat", ["output", "output_min", "output_max"])
_QUANTIZED = (dtypes.qint8, dtypes.quint8, dtypes.qint32, dtypes.qint16, dtypes.quint16)
_F32 = np.float32
_MODES = ("MIN_COMBINED", "MIN_FIRST", "SCALED")
_DT_NAMES = {"float16": "DT_HALF", "bfloat16": "DT_BFLOAT16"}


def _ints(x):
    """A quantized kernel input as its integers (a fed value may come as TF's structured array)."""
    x = np.asarray(x)
    return x.view(x.dtype[0]) if x.dtype.names else x


def _round_away(x):
    """std::round / Eigen's round: halves away from zero."""
    return np.copysign(np.floor(np.abs(x) + x.dtype.type(0.5)), x)


def _widened_range(lo, hi, ensure_minimum_range):
    if hi < lo:
        raise errors.InvalidArgumentError(None, None, "input_max_range must be larger than input_min_range.")
    min_range = _F32(min(_F32(0), lo))
    epsilon = _F32(max(_F32(1), max(abs(lo), abs(hi)))) * _F32(ensure_minimum_range)
    return min_range, _F32(max(_F32(0), max(hi, _F32(min_range + epsilon))))


def _quantize_slice(x, lo, hi, info, mode, round_mode, narrow_range, ensure_minimum_range):
    """(integers, output_min, output_max) of one slice, TF's QuantizeSlice/QuantizeTensor."""
    min_range, max_range = _widened_range(lo, hi, ensure_minimum_range)
    qmin, qmax = int(info.min), int(info.max)
    if mode == "MIN_FIRST":
        return _eigen_quantize(x, min_range, max_range, info), min_range, max_range
    clamped = np.maximum(np.minimum(x, max_range), min_range)
    if mode == "MIN_COMBINED":
        scale = _F32((float(qmax) - float(qmin)) / float(max_range - min_range))
        if qmin < 0:
            half = _F32((qmax - qmin + 1) / 2.0)
            return _to_int(_round_away((clamped - min_range) * scale - half), info), min_range, max_range
        return _to_int((clamped - min_range) * scale + _F32(0.5), info), min_range, max_range
    low = qmin + (1 if narrow_range else 0)
    biggest = _F32(np.finfo(np.float32).max)
    from_min = _F32(_F32(low) / min_range) if low * min_range > 0 else biggest
    from_max = _F32(_F32(qmax) / max_range) if qmax * max_range > 0 else biggest
    scale = min(from_min, from_max)
    min_range, max_range = _F32(_F32(low) / scale), _F32(_F32(qmax) / scale)
    scaled = np.maximum(np.minimum(x, max_range), min_range) * scale
    rounded = np.rint(scaled) if round_mode == "HALF_TO_EVEN" else _round_away(scaled)
    return _to_int(rounded, info), min_range, max_range


def _onednn_quantize(x, lo, hi, info, mode, ensure_minimum_range):
    """The oneDNN kernel TF's CPU build runs instead for quint8 MIN_FIRST and for 8-bit SCALED with
    HALF_TO_EVEN and no narrow range: one scale, rounded half to even, saturated."""
    min_range, max_range = _widened_range(lo, hi, ensure_minimum_range)
    if mode == "MIN_FIRST":
        scale = _F32(255.0 / float(_F32(max_range - min_range)))
        return _saturate(np.rint((x - min_range) * scale), info), min_range, max_range
    max_abs = max(abs(min_range), abs(max_range))
    signed = info.min < 0
    scale = _F32(_F32(255.0 / 2 if signed else 255.0) / max_abs)
    return _saturate(np.rint(x * scale), info), (-max_abs if signed else _F32(0)), max_abs


def _uses_onednn(mode, round_mode, narrow_range, axis, T, rank):
    """Whether TF's CPU build rewrites this QuantizeV2 to its oneDNN kernel."""
    if axis != -1 or not 1 <= rank <= 5:
        return False
    if mode == "MIN_FIRST":
        return T == dtypes.quint8
    return (mode == "SCALED" and round_mode == "HALF_TO_EVEN" and not narrow_range
            and T in (dtypes.qint8, dtypes.quint8, dtypes.qint32))


def _saturate(values, info):
    return np.clip(values, info.min, info.max).astype(info.dtype)


def _to_int(values, info):
    """Eigen's float -> T cast: through int32, NaN and values out of its range giving INT32_MIN."""
    wide = values.astype(np.float64)
    as_int32 = np.where(np.isfinite(wide) & (wide >= -2.0 ** 31) & (wide < 2.0 ** 31),
                        np.nan_to_num(wide), -2.0 ** 31).astype(np.int64).astype(np.int32)
    return as_int32.astype(info.dtype)


def _slices(x, axis):
    """(count, function giving slice i's index) over `axis` (-1: the whole tensor, one slice)."""
    if axis == -1:
        return 1, lambda i: Ellipsis
    return x.shape[axis], lambda i: (slice(None),) * axis + (i,)


def _check_axis(op_type, x, axis, count_min, count_max, what):
    if axis >= x.ndim and axis != -1:
        raise errors.InvalidArgumentError(None, None, f"Axis must be less than input dimension({x.ndim}), got {axis}")
    slices = 1 if axis == -1 else x.shape[axis]
    for name, n in (("min", count_min), ("max", count_max)):
        if n != slices:
            raise errors.InvalidArgumentError(None, None, f"input_{name}_tensor must have as many elements as input "
                                                          f"on the {what} axis ({axis}), got {n}, expected {slices}")


# ------------------------------------------------------------------ QuantizeV2
def _quantize_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.float32,), "input")
    axis = attrs.get("axis", -1)
    if attrs["mode"] not in _MODES:
        raise ValueError(f"Value for attr 'mode' of \"{attrs['mode']}\" is not in the list of allowed values: "
                         "\"MIN_COMBINED\", \"MIN_FIRST\", \"SCALED\"")
    _check_minmax_shapes("QuantizeV2", inputs, axis)
    minmax = TensorShape([]) if axis == -1 else inputs[1].shape
    return [(attrs["T"], inputs[0].shape), (dtypes.float32, minmax), (dtypes.float32, minmax)]


@register_op("QuantizeV2", infer=_quantize_infer)
def _quantize_v2(xp, input, min_range, max_range, *, T, mode="MIN_COMBINED",  # noqa: A002,N803
                 round_mode="HALF_AWAY_FROM_ZERO", narrow_range=False, axis=-1, ensure_minimum_range=0.01):
    if round_mode == "HALF_TO_EVEN" and mode != "SCALED":
        raise errors.InvalidArgumentError(None, None, f"Round mode 'HALF_TO_EVEN' only supported for mode 'SCALED', "
                                                      f"b  ut mode is '{mode}'.")
    x = host(input).astype(np.float32, copy=False)
    lo, hi = host(min_range, np.float32).reshape(-1), host(max_range, np.float32).reshape(-1)
    info = np.iinfo(dtypes.storage_numpy_type(T))
    if axis != -1 and mode == "MIN_FIRST":
        raise errors.UnimplementedError(None, None, "MIN_FIRST mode is not implemented for Quantize with axis != -1.")
    if _uses_onednn(mode, round_mode, narrow_range, axis, T, x.ndim):
        if T == dtypes.qint32:
            raise errors.NotFoundError(None, None, "No registered '_MklQuantizeV2' OpKernel for 'CPU' devices "
                                                   "compatible with node (T=DT_QINT32)")
        with np.errstate(all="ignore"):
            out, low, high = _onednn_quantize(x, lo[0], hi[0], info, mode, ensure_minimum_range)
        return xp.asarray(out), xp.asarray(np.float32(low)), xp.asarray(np.float32(high))
    count, index = _slices(x, axis)
    out = np.empty(x.shape, info.dtype)
    out_min, out_max = np.empty(count, np.float32), np.empty(count, np.float32)
    for i in range(count):
        out[index(i)], out_min[i], out_max[i] = _quantize_slice(
            x[index(i)], lo[i], hi[i], info, mode, round_mode, narrow_range, ensure_minimum_range)
    shape = () if axis == -1 else host(min_range).shape
    return xp.asarray(out), xp.asarray(out_min.reshape(shape)), xp.asarray(out_max.reshape(shape))


# ------------------------------------------------------------------ Dequantize
def _check_minmax_shapes(op_type, inputs, axis):
    """TF's shape function: per-axis min/max hold one value for each slice along `axis`."""
    data = inputs[0].shape
    if axis == -1 or data.ndims is None:
        return
    depth = data[axis].value if axis < data.ndims else None
    for t in inputs[1:3]:
        n = t.shape[0].value if t.shape.ndims == 1 else None
        if depth is not None and n is not None and n != depth:
            raise ValueError(f"Dimensions must be equal, but are {n} and {depth} for '{op_type}' with input shapes: "
                             f"{data.as_list()}, {inputs[1].shape.as_list()}, {inputs[2].shape.as_list()}.")


def _dequantize_infer(inputs, attrs):
    check_dtype(inputs[0], _QUANTIZED, "input")
    _check_minmax_shapes("Dequantize", inputs, attrs.get("axis", -1))
    return [(attrs.get("dtype", dtypes.float32), inputs[0].shape)]


def _dequantize_slice(q, lo, hi, info, mode, narrow_range):
    qmin, qmax = int(info.min), int(info.max)
    if mode == "MIN_COMBINED":
        half = _F32(0.0 if qmin == 0 else (float(qmax) - qmin + 1) / 2.0)
        scale = _F32((hi - lo) / (_F32(qmax) - _F32(qmin)))
        return (q.astype(np.float32) + half) * scale + lo
    if mode == "MIN_FIRST":
        return _eigen_dequantize(q, lo, hi, info)
    low = qmin + (1 if narrow_range else 0)
    scale = _F32(hi / _F32(qmax)) if qmin == 0 else max(_F32(lo / _F32(low)), _F32(hi / _F32(qmax)))
    return q.astype(np.int32).astype(np.float32) * scale


@register_op("Dequantize", infer=_dequantize_infer)
def _dequantize(xp, input, min_range, max_range, *, T, mode="MIN_COMBINED", narrow_range=False,  # noqa: A002,N803
                axis=-1, dtype=dtypes.float32):
    onednn = mode == "SCALED" and axis == -1  # TF's CPU build runs its oneDNN kernel for these
    if onednn and T == dtypes.qint32:
        raise errors.NotFoundError(None, None, "No registered '_MklDequantize' OpKernel for 'CPU' devices "
                                               "compatible with node (T=DT_QINT32, mode=\"SCALED\")")
    if dtype == dtypes.bfloat16 and mode != "MIN_COMBINED" and not onednn:
        raise errors.InvalidArgumentError(None, None, f"When output type is bfloat16, Mode string must be "
                                                      f"'MIN_COMBINED', is '{mode}'")
    q = _ints(host(input))
    lo, hi = host(min_range, np.float32).reshape(-1), host(max_range, np.float32).reshape(-1)
    _check_axis("Dequantize", q, axis, lo.size, hi.size, "dequantization")
    if axis != -1 and mode == "MIN_FIRST":
        raise errors.UnimplementedError(None, None, "MIN_FIRST mode is not implemented for Dequantize with axis != -1.")
    info = np.iinfo(dtypes.storage_numpy_type(T))
    count, index = _slices(q, axis)
    out = np.empty(q.shape, np.float32)
    with np.errstate(all="ignore"):
        for i in range(count):
            out[index(i)] = _dequantize_slice(q[index(i)], lo[i], hi[i], info, mode, narrow_range)
    return xp.asarray(out if dtype == dtypes.float32 else out.astype(dtype.as_numpy_dtype))


# ------------------------------------------------------------------ QuantizeAndDequantizeV2 / V4
def _qdq_infer(inputs, attrs):
    dtype = check_dtype(inputs[0], (dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64), "input")
    return [(dtype, inputs[0].shape)]


def _qdq_slice(x, lo, hi, signed_input, num_bits, round_mode, narrow_range, dtype):
    """TF's QuantizeAndDequantizeOneScaleImpl for one slice, in x's float type."""
    if signed_input:
        qmin, qmax = -(1 << (num_bits - 1)) + (1 if narrow_range else 0), (1 << (num_bits - 1)) - 1
    else:
        qmin, qmax = 0, (1 << num_bits) - 1
    lo, hi = dtype(lo), dtype(hi)
    biggest = dtype(np.finfo(dtype).max)
    from_min = dtype(dtype(qmin) / lo) if qmin * lo > 0 else biggest
    from_max = dtype(dtype(qmax) / hi) if qmax * hi > 0 else biggest
    if from_min < from_max:
        scale, inverse = from_min, dtype(lo / dtype(qmin))
        hi = dtype(dtype(qmax) * inverse)
    else:
        scale, inverse = from_max, dtype(hi / dtype(qmax))
        lo = dtype(dtype(qmin) * inverse)
    scaled = np.maximum(np.minimum(x, hi), lo) * scale
    return ((np.rint(scaled) if round_mode == "HALF_TO_EVEN" else np.floor(scaled + dtype(0.5))) * inverse
            ).astype(dtype)


def _qdq_kernel(op_type):
    def kernel(xp, input, input_min, input_max, *rest, signed_input=True, num_bits=8,  # noqa: A002
               range_given=False, round_mode="HALF_TO_EVEN", narrow_range=False, axis=-1):
        x = host(input)
        if x.dtype.itemsize < 4:  # TF's CPU kernels are float and double only
            raise errors.InvalidArgumentError(None, None, f"No OpKernel was registered to support Op '{op_type}' "
                                                          f"with these attrs: [T={_DT_NAMES.get(x.dtype.name)}]")
        work = x.dtype.type
        x = x.astype(work)
        lo, hi = host(input_min).astype(work).reshape(-1), host(input_max).astype(work).reshape(-1)
        if not 0 < num_bits <= (63 if signed_input else 62) + 1:
            raise errors.InvalidArgumentError(None, None, f"num_bits is out of range: {num_bits} with signed_input "
                                                          f"{signed_input}")
        count, index = _slices(x, axis)
        if range_given and axis != -1 and host(input_min).ndim != 0:
            raise errors.InvalidArgumentError(None, None, "input_min must be a scalar.")
        if range_given:
            if lo.size != count or hi.size != count:
                raise errors.InvalidArgumentError(None, None, f"input_min and input_max must have {count} elements")
            bad = np.nonzero(lo > hi)[0]
            if bad.size:
                i = bad[0]
                raise errors.InvalidArgumentError(None, None, f"Invalid range: input_min {lo[i]:g} > input_max "
                                                              f"{hi[i]:g}")
        out = np.empty(x.shape, work)
        with np.errstate(all="ignore"):
            for i in range(count):
                part = x[index(i)]
                low, high = (lo[i], hi[i]) if range_given else (
                    (part.min(), part.max()) if part.size else (work(0), work(0)))
                out[index(i)] = _qdq_slice(part, low, high, signed_input, num_bits, round_mode, narrow_range, work)
        return xp.asarray(out.astype(host(input).dtype, copy=False))
    kernel.__name__ = f"_{op_type.lower()}"
    return kernel


_qdq_v2 = register_op("QuantizeAndDequantizeV2", infer=_qdq_infer)(_qdq_kernel("QuantizeAndDequantizeV2"))
_qdq_v4 = register_op("QuantizeAndDequantizeV4", infer=_qdq_infer)(_qdq_kernel("QuantizeAndDequantizeV4"))


@_qdq_v2.gradient
def _qdq_v2_grad(op, grad):
    return [grad, None, None]  # TF's straight-through estimator


def _qdq_v4_grad_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[1].shape), (inputs[2].dtype.base_dtype, inputs[2].shape),
            (inputs[3].dtype.base_dtype, inputs[3].shape)]


@register_op("QuantizeAndDequantizeV4Grad", infer=_qdq_v4_grad_infer)
def _qdq_v4_grad_kernel(xp, gradients, input, input_min, input_max, *, axis=-1):  # noqa: A002
    g, x = host(gradients), host(input)
    lo, hi = host(input_min), host(input_max)
    if axis != -1:  # per-slice bounds broadcast along `axis`
        shape = [1] * x.ndim
        shape[axis] = -1
        lo, hi = lo.reshape(shape), hi.reshape(shape)
    inside = (x >= lo) & (x <= hi)
    return (xp.asarray(np.where(inside, g, np.zeros((), g.dtype)).astype(g.dtype)),
            xp.asarray(np.zeros_like(host(input_min))), xp.asarray(np.zeros_like(host(input_max))))


@_qdq_v4.gradient
def _qdq_v4_grad(op, grad):
    outputs = apply_op("QuantizeAndDequantizeV4Grad", [grad] + list(op.inputs[:3]), {"axis": op.get_attr("axis")},
                       name=None).outputs
    return [outputs[0], outputs[1], outputs[2]]


# ------------------------------------------------------------------ QuantizedConcat
def _concat_infer(inputs, attrs):
    n = attrs["N"]
    values = inputs[1:1 + n]
    rank = next((v.shape.ndims for v in values if v.shape.ndims is not None), None)
    shape = TensorShape(None) if rank is None else TensorShape([None] * rank)
    axis = constant_value(inputs[0])
    if rank is not None and axis is not None and all(v.shape.ndims in (None, rank) for v in values):
        axis = int(axis) % rank if -rank <= int(axis) < rank else None
        if axis is not None:
            dims = [None] * rank
            for i in range(rank):
                sizes = [v.shape[i].value if v.shape.ndims is not None else None for v in values]
                if i == axis:
                    dims[i] = None if None in sizes else sum(sizes)
                else:
                    dims[i] = next((d for d in sizes if d is not None), None)
            shape = TensorShape(dims)
    return [(values[0].dtype.base_dtype, shape), (dtypes.float32, TensorShape([])), (dtypes.float32, TensorShape([]))]


def _eigen_dequantize(q, lo, hi, info):
    """TF's DEQUANTIZE_WITH_EIGEN (MIN_FIRST dequantization), in float32."""
    steps = (1 << (8 * info.dtype.itemsize)) - 1.0
    scale = _F32(float(_F32(hi - lo)) / steps)
    rounded_min = lo if hi == lo else _F32(_round_away(_F32(lo / scale)) * scale)
    return _F32(rounded_min - _F32(info.min) * scale) + q.astype(np.float32) * scale


def _eigen_quantize(x, lo, hi, info):
    """TF's QUANTIZE_WITH_EIGEN (MIN_FIRST quantization), in float32: saturated to bounds an int32 holds."""
    steps = (1 << (8 * info.dtype.itemsize)) - 1.0
    scale = _F32(0.0 if hi == lo else steps / float(_F32(hi - lo)))
    min_scaled = _round_away(_F32(lo * scale))
    q = _round_away(x * scale) - _F32(min_scaled - _F32(info.min))
    q = np.minimum(np.maximum(q, max(_F32(info.min), _F32(-2.147483648e9))), min(_F32(info.max), _F32(2.147483520e9)))
    return q.astype(np.int32).astype(info.dtype)


@register_op("QuantizedConcat", infer=_concat_infer)
def _quantized_concat(xp, concat_dim, *rest, N, T):  # noqa: N803
    values = [_ints(host(v)) for v in rest[:N]]
    mins = [np.float32(host(m)) for m in rest[N:2 * N]]
    maxes = [np.float32(host(m)) for m in rest[2 * N:]]
    axis = int(host(concat_dim))
    rank = values[0].ndim
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(None, None, f"ConcatOp : Expected concatenating dimensions in the range "
                                                      f"[{-rank}, {rank}), but got {axis}")
    if T not in (dtypes.quint8, dtypes.qint32):
        raise errors.InvalidArgumentError(None, None, f"No OpKernel was registered to support Op 'QuantizedConcat' "
                                                      f"with these attrs: [N={N}, T=DT_{T.name.upper()}]")
    info = np.iinfo(dtypes.storage_numpy_type(T))
    overall_min, overall_max = min(np.float32(0), min(mins)), max(maxes)
    if info.min < 0:  # a signed output keeps a range symmetric about zero
        largest = max(abs(overall_min), abs(overall_max))
        overall_min, overall_max = -largest, largest
    parts = [v if (lo == overall_min and hi == overall_max) else
             _eigen_quantize(_eigen_dequantize(v, lo, hi, info), overall_min, overall_max, info)
             for v, lo, hi in zip(values, mins, maxes)]
    try:
        out = np.concatenate(parts, axis=axis)
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, f"ConcatOp : Dimensions of inputs should match: {exc}") from None
    return xp.asarray(out), xp.asarray(np.float32(overall_min)), xp.asarray(np.float32(overall_max))


# ------------------------------------------------------------------ public wrappers
def quantize_v2(input, min_range, max_range, T, mode="MIN_COMBINED", name=None,  # noqa: A002,N803
                round_mode="HALF_AWAY_FROM_ZERO", narrow_range=False, axis=None, ensure_minimum_range=0.01):
    """Quantizes float32 `input` over [min_range, max_range] into T: (output, output_min, output_max)."""
    with op_scope(name, "QuantizeV2", [input, min_range, max_range]) as scope:
        tensors = [convert_to_tensor(v, dtype=dtypes.float32, name=n) for v, n in
                   ((input, "input"), (min_range, "min_range"), (max_range, "max_range"))]
        T = dtypes.as_dtype(T).base_dtype  # noqa: N806
        if T not in _QUANTIZED:
            raise TypeError(f"Value passed to parameter 'T' has DataType {T.name} not in list of allowed values: "
                            f"qint8, quint8, qint32, qint16, quint16")
        attrs = {"T": T, "mode": mode, "round_mode": round_mode,
                 "narrow_range": bool(narrow_range), "axis": -1 if axis is None else int(axis),
                 "ensure_minimum_range": float(ensure_minimum_range)}
        return QuantizeV2Output(*apply_op("QuantizeV2", tensors, attrs, name=scope).outputs)


def quantize(input, min_range, max_range, T, mode="MIN_COMBINED", round_mode="HALF_AWAY_FROM_ZERO",  # noqa: A002,N803
             name=None, narrow_range=False, axis=None, ensure_minimum_range=0.01):
    """tf.quantization.quantize: QuantizeV2 with TF's argument order."""
    return quantize_v2(input, min_range, max_range, T, mode=mode, name=name, round_mode=round_mode,
                       narrow_range=narrow_range, axis=axis, ensure_minimum_range=ensure_minimum_range)


def dequantize(input, min_range, max_range, mode="MIN_COMBINED", name=None, axis=None,  # noqa: A002
               narrow_range=False, dtype=dtypes.float32):
    """The float values (float32 or bfloat16) of quantized `input` over [min_range, max_range]."""
    with op_scope(name, "Dequantize", [input, min_range, max_range]) as scope:
        q = convert_to_tensor(input, name="input")
        check_dtype(q, _QUANTIZED, "input")
        lo, hi = (convert_to_tensor(v, dtype=dtypes.float32, name=n) for v, n in
                  ((min_range, "min_range"), (max_range, "max_range")))
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype not in (dtypes.float32, dtypes.bfloat16):
            raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                            f"values: bfloat16, float32")
        attrs = {"T": q.dtype.base_dtype, "mode": mode, "narrow_range": bool(narrow_range),
                 "axis": -1 if axis is None else int(axis), "dtype": dtype}
        return apply_op("Dequantize", [q, lo, hi], attrs, name=scope).outputs[0]


def _qdq(op_type, input, input_min, input_max, signed_input, num_bits, range_given, round_mode, name,  # noqa: A002
         narrow_range, axis):
    with op_scope(name, op_type, [input, input_min, input_max]) as scope:
        x = convert_to_tensor(input, name="input")
        lo = convert_to_tensor(input_min, dtype=x.dtype.base_dtype, name="input_min")
        hi = convert_to_tensor(input_max, dtype=x.dtype.base_dtype, name="input_max")
        attrs = {"signed_input": bool(signed_input), "num_bits": int(num_bits), "range_given": bool(range_given),
                 "round_mode": round_mode, "narrow_range": bool(narrow_range),
                 "axis": -1 if axis is None else int(axis)}
        return apply_op(op_type, [x, lo, hi], attrs, name=scope).outputs[0]


def quantize_and_dequantize(input, input_min, input_max, signed_input=True, num_bits=8,  # noqa: A002
                            range_given=False, round_mode="HALF_TO_EVEN", name=None, narrow_range=False, axis=None):
    """`input` snapped to the num_bits grid of [input_min, input_max] (or of its own range) and back; its
    gradient passes straight through (QuantizeAndDequantizeV2)."""
    return _qdq("QuantizeAndDequantizeV2", input, input_min, input_max, signed_input, num_bits, range_given,
                round_mode, name, narrow_range, axis)


def quantize_and_dequantize_v2(input, input_min, input_max, signed_input=True, num_bits=8,  # noqa: A002
                               range_given=False, round_mode="HALF_TO_EVEN", name=None, narrow_range=False,
                               axis=None):
    """As quantize_and_dequantize (QuantizeAndDequantizeV4), with a gradient that is zero outside the range."""
    return _qdq("QuantizeAndDequantizeV4", input, input_min, input_max, signed_input, num_bits, range_given,
                round_mode, name, narrow_range, axis)


def quantized_concat(concat_dim, values, input_mins, input_maxes, name=None):
    """Concatenates quantized tensors, requantized into one range: (output, output_min, output_max)."""
    with op_scope(name, "QuantizedConcat", [concat_dim] + list(values)) as scope:
        values = [convert_to_tensor(v, name="values") for v in values]
        dim = convert_to_tensor(concat_dim, dtype=dtypes.int32, name="concat_dim")
        mins = [convert_to_tensor(v, dtype=dtypes.float32, name="input_mins") for v in input_mins]
        maxes = [convert_to_tensor(v, dtype=dtypes.float32, name="input_maxes") for v in input_maxes]
        if not len(values) == len(mins) == len(maxes):
            raise ValueError(f"List argument 'input_mins' to 'quantized_concat' Op with length {len(mins)} must "
                             f"match length {len(values)} of argument 'values'.")
        dtype = check_dtype(values[0], None, "values")
        attrs = {"N": len(values), "T": dtype}
        return QuantizedConcatOutput(*apply_op("QuantizedConcat", [dim] + values + mins + maxes, attrs,
                                               name=scope).outputs)


__all__ = ["dequantize", "quantize", "quantize_and_dequantize", "quantize_and_dequantize_v2", "quantize_v2",
           "quantized_concat"]
