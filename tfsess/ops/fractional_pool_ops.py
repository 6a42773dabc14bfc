"""Fractional max and average pooling (tf.nn.fractional_max_pool / fractional_avg_pool, TF1 forms) and
their gradient ops.

Each run draws the row then the column pooling sequence from a fresh PhiloxRandom(seed, seed2), as
TF's kernel does (both seeds 0: fresh random seeds, so deterministic=False differs run to run):
- random (pseudo_random=False): input // output cells of each size plus one for input % output of
  them, shuffled by TF's RandomShuffle with words drawn from ceil(output / 4) reserved blocks;
- pseudo-random: cum[i] = ceil(alpha * (i + u)) with alpha = input / output and u one RandDouble
  (one reserved block) times TF's bound.
The sequences come back as int64 vectors [0, ..., input]; cell i spans cum[i] .. cum[i + 1] - 1
(.. cum[i + 1] with `overlapping`, clipped to the input). Output sizes are floor(input / ratio),
computed in float32 as TF's. TF's static shape of the sequences is [output] though they hold
output + 1 values; ours is [output + 1], the shape they have.
"""
from __future__ import annotations

import collections
import math

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import philox
from tfsess.ops._infer import check_dtype, fmt_shape, host

FractionalMaxPool = collections.namedtuple("FractionalMaxPool",
                                          ["output", "row_pooling_sequence", "col_pooling_sequence"])
FractionalAvgPool = collections.namedtuple("FractionalAvgPool",
                                          ["output", "row_pooling_sequence", "col_pooling_sequence"])
_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)


def _counter_words(key, counter, blocks):
    return philox.counter_blocks(key, counter, blocks).ravel().tolist()


def _random_diffs(n_in, n_out, key, counter):
    k, extra = divmod(n_in, n_out)
    diff = [k + 1 if i < extra else k for i in range(n_out)]
    draws = iter(_counter_words(key, counter, (n_out + 3) // 4 + 1))  # SingleSampleAdapter over the reserve
    for i in range(n_out - 1):  # TF's RandomShuffle: swap i with i + word % (n - i)
        j = i + next(draws) % (n_out - i)
        diff[i], diff[j] = diff[j], diff[i]
    return diff, (n_out + 3) // 4


def _pseudo_random_diffs(n_in, n_out, key, counter):
    x0, x1 = _counter_words(key, counter, 1)[:2]
    alpha = n_in / n_out
    k = n_in // n_out
    max_u = min((k + 2) / alpha - 1, (n_in + 1 - k) / alpha - (n_out - 1))
    u = float(philox.uint64_to_double(np.uint32(x0), np.uint32(x1))) * max_u
    cum = [1] + [int(math.ceil(alpha * (i + u))) for i in range(1, n_out)] + [n_in + 1]
    return [cum[i + 1] - cum[i] for i in range(n_out)], 1


def pooling_sequences(n_rows, n_cols, out_rows, out_cols, pseudo_random, seed, seed2):
    """TF's (row, col) cumulative pooling sequences for one kernel run, as int64 arrays."""
    seed, seed2 = int(seed) & philox.MASK64, int(seed2) & philox.MASK64
    if seed == 0 and seed2 == 0:  # GuardedPhiloxRandom's rule: fresh random seeds
        seed, seed2 = (int(v) for v in np.random.default_rng().integers(0, 2**64, size=2, dtype=np.uint64))
    counter = seed2 << 64
    sequences = []
    for n_in, n_out in ((n_rows, out_rows), (n_cols, out_cols)):
        make = _pseudo_random_diffs if pseudo_random else _random_diffs
        diff, used = make(n_in, n_out, seed, counter)
        counter += used
        sequences.append(np.concatenate([[0], np.cumsum(diff)]).astype(np.int64))
    return sequences


def _output_dims(dims, ratio):
    return [None if d is None else int(math.floor(np.float32(d) / np.float32(r))) for d, r in zip(dims, ratio)]


def _check_ratio(ratio, op_type):
    if len(ratio) < 4:
        raise ValueError(f"Attr 'pooling_ratio' of '{op_type}' Op passed list of length {len(ratio)} less than "
                         f"minimum 4.")
    if len(ratio) != 4:
        raise ValueError(f"pooling_ratio field must specify 4 dimensions for '{op_type}'")
    for r in ratio:
        if r < 1:
            raise ValueError(f"pooling_ratio cannot be smaller than 1, got: {r} for '{op_type}'")


def _pool_infer(op_type):
    def infer(inputs, attrs):
        x = inputs[0]
        check_dtype(x, _TYPES, "value")
        _check_ratio(attrs["pooling_ratio"], op_type)
        if x.shape.ndims is not None and x.shape.ndims != 4:
            raise ValueError(f"Shape must be rank 4 but is rank {x.shape.ndims} for '{op_type}' with input shapes: "
                             f"{fmt_shape(x.shape)}.")
        dims = _output_dims(x.shape.as_list() if x.shape.ndims == 4 else [None] * 4, attrs["pooling_ratio"])
        seqs = [TensorShape([None if d is None else d + 1]) for d in dims[1:3]]
        return [(x.dtype.base_dtype, TensorShape(dims)), (dtypes.int64, seqs[0]), (dtypes.int64, seqs[1])]
    return infer


def _run_sequences(x, attrs, op_type):
    ratio = attrs["pooling_ratio"]
    if len(ratio) != 4 or any(r < 1 for r in ratio):
        raise errors.InvalidArgumentError(None, None, "pooling_ratio field must specify 4 dimensions, each >= 1")
    if ratio[0] != 1 and ratio[3] != 1:
        raise errors.UnimplementedError(
            None, None, f"Fractional {op_type} pooling is not yet supported on the batch nor channel dimension.")
    if not attrs["deterministic"] and (attrs["seed"] != 0 or attrs["seed2"] != 0):
        raise errors.InvalidArgumentError(None, None, "Both seed and seed2 should be 0 if deterministic is false.")
    if x.ndim != 4:
        raise errors.InvalidArgumentError(None, None, "tensor_in must be 4-dimensional")
    for i in range(4):
        if x.shape[i] < ratio[i]:
            raise errors.InvalidArgumentError(
                None, None, f"Pooling ratio is higher than input dimension size for dimension {i}. Input dim size: "
                            f"{x.shape[i]} pooling ratio: {ratio[i]}")
    out = _output_dims(x.shape, ratio)
    rows, cols = pooling_sequences(x.shape[1], x.shape[2], out[1], out[2], attrs["pseudo_random"], attrs["seed"],
                                   attrs["seed2"])
    return out, rows, cols


def _cells(seq, size, overlapping):
    """(start, end) inclusive of each pooling cell along one axis."""
    return [(int(seq[i]), min(int(seq[i + 1]) - (0 if overlapping else 1), size - 1)) for i in range(len(seq) - 1)]


def _window(x, r, c):
    (r0, r1), (c0, c1) = r, c
    return x[:, r0:r1 + 1, c0:c1 + 1, :]


_ATTRS = dict(stateful=True, gpu=False)


@register_op("FractionalMaxPool", infer=_pool_infer("FractionalMaxPool"), **_ATTRS)
def _fractional_max_pool(xp, x, **attrs):
    x = host(x)
    out, rows, cols = _run_sequences(x, attrs, "max")
    result = np.empty(out, dtype=x.dtype)
    for i, r in enumerate(_cells(rows, x.shape[1], attrs["overlapping"])):
        for j, c in enumerate(_cells(cols, x.shape[2], attrs["overlapping"])):
            result[:, i, j, :] = _window(x, r, c).max(axis=(1, 2))
    return xp.asarray(result), xp.asarray(rows), xp.asarray(cols)


@register_op("FractionalAvgPool", infer=_pool_infer("FractionalAvgPool"), **_ATTRS)
def _fractional_avg_pool(xp, x, **attrs):
    x = host(x)
    out, rows, cols = _run_sequences(x, attrs, "average")
    result = np.empty(out, dtype=x.dtype)
    for i, r in enumerate(_cells(rows, x.shape[1], attrs["overlapping"])):
        for j, c in enumerate(_cells(cols, x.shape[2], attrs["overlapping"])):
            window = _window(x, r, c).reshape(x.shape[0], -1, x.shape[3])
            total = np.add.reduce(window, axis=1)  # cell by cell in row-major order, as TF's sum
            result[:, i, j, :] = total / np.asarray(window.shape[1], dtype=x.dtype) if x.dtype.kind == "f" \
                else total // window.shape[1]
    return xp.asarray(result), xp.asarray(rows), xp.asarray(cols)


def _check_sequences(rows, cols, n_rows, n_cols):
    for name, seq, size in (("row", rows, n_rows), ("col", cols, n_cols)):
        if seq.ndim != 1 or seq.size < 2 or seq[0] != 0 or np.any(np.diff(seq) < 0) or seq[-1] > size:
            raise errors.InvalidArgumentError(None, None, f"Invalid {name} pooling sequence {seq.tolist()} for "
                                                          f"input size {size}")


def _max_grad_infer(inputs, attrs):
    for t in inputs[:3]:
        check_dtype(t, _TYPES, "orig_input")
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


@register_op("FractionalMaxPoolGrad", infer=_max_grad_infer, gpu=False)
def _fractional_max_pool_grad(xp, x, y, dy, rows, cols, *, overlapping=False):
    x, dy, rows, cols = host(x), host(dy), host(rows).astype(np.int64), host(cols).astype(np.int64)
    _check_sequences(rows, cols, x.shape[1], x.shape[2])
    dx = np.zeros(x.shape, dtype=dy.dtype)
    for i, (r0, r1) in enumerate(_cells(rows, x.shape[1], overlapping)):
        for j, (c0, c1) in enumerate(_cells(cols, x.shape[2], overlapping)):
            window = x[:, r0:r1 + 1, c0:c1 + 1, :].reshape(x.shape[0], -1, x.shape[3])
            first = window.argmax(axis=1)  # the first maximum in row-major order, as TF's strict compare
            width = c1 - c0 + 1
            b, d = np.meshgrid(np.arange(x.shape[0]), np.arange(x.shape[3]), indexing="ij")
            np.add.at(dx, (b, r0 + first // width, c0 + first % width, d), dy[:, i, j, :])
    return xp.asarray(dx)


def _avg_grad_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.int64,), "orig_input_tensor_shape")
    check_dtype(inputs[1], _TYPES, "out_backprop")
    return [(inputs[1].dtype.base_dtype, TensorShape(None) if inputs[0].shape.ndims is None
             else TensorShape([None] * 4))]


@register_op("FractionalAvgPoolGrad", infer=_avg_grad_infer, gpu=False)
def _fractional_avg_pool_grad(xp, shape, dy, rows, cols, *, overlapping=False):
    dims = [int(v) for v in host(shape).reshape(-1)]
    dy, rows, cols = host(dy), host(rows).astype(np.int64), host(cols).astype(np.int64)
    if len(dims) != 4:
        raise errors.InvalidArgumentError(None, None, "Original input tensor shape must be 1-dimensional and 4 "
                                                      "elements")
    _check_sequences(rows, cols, dims[1], dims[2])
    dx = np.zeros(dims, dtype=np.float64)  # TF sums in double, then casts
    for i, (r0, r1) in enumerate(_cells(rows, dims[1], overlapping)):
        for j, (c0, c1) in enumerate(_cells(cols, dims[2], overlapping)):
            count = (r1 - r0 + 1) * (c1 - c0 + 1)
            dx[:, r0:r1 + 1, c0:c1 + 1, :] += (dy[:, i, j, :].astype(np.float64) / count)[:, None, None, :]
    return xp.asarray(dx.astype(dy.dtype))


@_fractional_max_pool.gradient
def _fractional_max_pool_gradient(op, grad, _rows, _cols):
    return [apply_op("FractionalMaxPoolGrad", [op.inputs[0], op.outputs[0], grad, op.outputs[1], op.outputs[2]],
                     {"overlapping": op._attr("overlapping")}, name="FractionalMaxPoolGrad").outputs[0]]


@_fractional_avg_pool.gradient
def _fractional_avg_pool_gradient(op, grad, _rows, _cols):
    shape = convert_to_tensor(np.asarray(op.inputs[0].shape.as_list(), np.int64))
    return [apply_op("FractionalAvgPoolGrad", [shape, grad, op.outputs[1], op.outputs[2]],
                     {"overlapping": op._attr("overlapping")}, name="FractionalAvgPoolGrad").outputs[0]]


def _pool(op_type, value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2, name):
    attrs = {"pooling_ratio": [float(r) for r in pooling_ratio], "pseudo_random": bool(pseudo_random),
             "overlapping": bool(overlapping), "deterministic": bool(deterministic), "seed": int(seed),
             "seed2": int(seed2)}
    with op_scope(name, op_type) as scope:
        x = convert_to_tensor(value, name="value")
        result = FractionalMaxPool if op_type == "FractionalMaxPool" else FractionalAvgPool
        return result(*apply_op(op_type, [x], attrs, name=scope).outputs)


def fractional_max_pool(value, pooling_ratio, pseudo_random=False, overlapping=False, deterministic=False, seed=0,
                        seed2=0, name=None):
    """Max pooling over cells of fractional average size (tf.nn.fractional_max_pool, TF1 form).

    Returns (output, row_pooling_sequence, col_pooling_sequence). `deterministic` with seeds: the same
    sequences every run; without it both seeds must be 0.
    """
    return _pool("FractionalMaxPool", value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2,
                 name)


def fractional_avg_pool(value, pooling_ratio, pseudo_random=False, overlapping=False, deterministic=False, seed=0,
                        seed2=0, name=None):
    """Average pooling over cells of fractional average size (tf.nn.fractional_avg_pool, TF1 form)."""
    return _pool("FractionalAvgPool", value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2,
                 name)


__all__ = []
