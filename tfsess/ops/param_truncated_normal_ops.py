"""StatelessParameterizedTruncatedNormal (tf.random.stateless_parameterized_truncated_normal), TF's bits.

TF's CPU kernel, followed step for step: the parameters broadcast to a batch shape that the output
shape ends with; output element (sample s, batch b) lies at s * num_batches + b. Work is split into
ranges of output positions as TF's Shard splits it (Eigen's cost model, the session's intra-op
threads); each range reads its own Philox stream, skipped (start * 2 * 1000 + K - 1) // K blocks
from the seed's counter (K values per block: 4 for half and float, 2 for double). Per batch it picks
TF's sampler: normal rejection when the bounds hold the mean and 1.3 standard deviations on one side,
uniform rejection when the interval is narrow, else exponential rejection; the arithmetic is in the
output's own precision. How large outputs are split depends on Eigen's cost figures for sqrt and exp
(checked against TF for float and half; for double the cost that reproduces TF's splits up to 12000
elements: from about 16000 double elements TF runs one range, which is not modelled) and on the thread
count.
"""
from __future__ import annotations

from os import cpu_count

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib import philox
from tfsess.ops._infer import apply_gen, host, partial_shape
from tfsess.ops.stateless_random_ops import _key_counter

_MAX_ITERATIONS = 1000  # TF's kMaxIterations
_RANDN_BOUND = 1.3  # kStdDevsInsideBoundsToUseRandnSampler
_CHUNK = 64  # Philox blocks drawn at a time
_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)
# Eigen's cost of sqrt and exp per type (its AVX figures without FMA, as TF's CPU build): TF's kernel adds
# them into the cost of one output, which sets how Shard splits the work
_SQRT_EXP_COST = {np.dtype(np.float32): (8, 34), np.dtype(np.float16): (8, 43)}


def _batch_cost(t):
    if np.dtype(t) == np.float64:
        return 239  # TF's splits of double outputs up to 12000 elements on two threads give this cost
    sqrt, exp = _SQRT_EXP_COST[np.dtype(t)]
    return (11 + sqrt + exp) + 2 * (33 + exp)  # batchInitCost + 2 uniform rejection rounds, as TF sums them


class _Stream:
    """One range's Philox blocks, turned into K uniform or normal values of type `t` per call."""

    def __init__(self, key, counter, skip, t):
        self.key, self.next, self.t, self.rows, self.at = key, (counter + skip) % (1 << 128), t, None, _CHUNK

    def _block(self):
        if self.at == _CHUNK:
            self.rows, self.at, self.next = philox.counter_blocks(self.key, self.next, _CHUNK), 0, \
                (self.next + _CHUNK) % (1 << 128)
        self.at += 1
        return self.rows[self.at - 1:self.at].reshape(-1)

    def uniform(self):
        w = self._block()
        if self.t == np.float64:
            return philox.uniform_double_words(w)
        return philox.uint16_to_half(w) if self.t == np.float16 else philox.uint32_to_float(w)

    def normal(self):
        w = self._block()
        if self.t == np.float64:
            d0, d1 = philox.box_muller_double(w[0:1], w[1:2], w[2:3], w[3:4])
            return np.array([d0[0], d1[0]])
        f0, f1 = philox.box_muller_float(w[0::2], w[1::2])
        return np.array([f0[0], f1[0], f0[1], f1[1]]).astype(self.t)


def _internal(kind):
    return errors.InternalError(None, None, f"TruncatedNormal {kind} sampler failed to accept a sample.")


def _fill_batch(out, stream, t, params, batch, num_batches, sample, stop_sample, output_idx, limit):
    """Samples `batch` from `sample` on; returns the output position reached."""
    mean, stddev, minval, maxval = (t(p) for p in params)
    if not (stddev > 0 and minval < maxval and (np.isfinite(minval) or np.isfinite(maxval))):
        raise errors.InvalidArgumentError(None, None, "Invalid parameters")
    if (np.isinf(minval) and minval < 0) or maxval < mean:
        minval, maxval, stddev = maxval, minval, -stddev
    lo, hi = (minval - mean) / stddev, (maxval - mean) / stddev
    with np.errstate(all="ignore"):
        root = np.sqrt(lo * lo + t(4))
        cutoff = t(2) * np.exp(t(0.5) + (lo * (lo - root)) / t(4)) / (lo + root)
    diff, iterations = hi - lo, 0

    def put(value):
        nonlocal sample, output_idx
        out[sample * num_batches + batch] = value
        sample, output_idx = sample + 1, output_idx + 1
        return sample >= stop_sample or output_idx >= limit

    if (lo < -t(_RANDN_BOUND) and hi >= 0) or (hi > t(_RANDN_BOUND) and lo <= 0):
        while sample < stop_sample and output_idx < limit:
            for value in stream.normal():
                if lo <= value <= hi:
                    if put(value * stddev + mean):
                        break
                    iterations = 0
                else:
                    iterations += 1
                    if iterations > _MAX_ITERATIONS:
                        raise _internal("randn rejection")
    elif diff < cutoff:
        plus = t(0) if lo < 0 else lo * lo
        while sample < stop_sample and output_idx < limit:
            z = stream.uniform() * diff + lo
            g = (plus - z * z) / t(2)
            u = stream.uniform()
            for i in range(len(z)):
                accept = u[i] <= np.exp(g[i])
                if accept or iterations + 1 >= _MAX_ITERATIONS:
                    if not accept:
                        raise _internal("uniform rejection")
                    if put(z[i] * stddev + mean):
                        break
                    iterations = 0
                else:
                    iterations += 1
    else:
        alpha = (lo + np.sqrt(lo * lo + t(4))) / t(2)
        while sample < stop_sample and output_idx < limit:
            r = stream.uniform()
            for i in range(0, len(r), 2):
                with np.errstate(divide="ignore"):
                    z = -np.log(r[i]) / alpha + lo
                x = alpha - z if lo < alpha else lo - alpha
                accept = r[i + 1] <= np.exp(-x * x / t(2)) and z < hi
                if accept or iterations + 1 >= _MAX_ITERATIONS:
                    if not accept:
                        raise _internal("exponential distribution rejection")
                    if put(z * stddev + mean):
                        break
                    iterations = 0
                else:
                    iterations += 1
    return output_idx


def _batch_shape(params):
    try:
        return np.broadcast_shapes(*(p.shape for p in params))
    except ValueError:
        shapes = " vs. ".join(f"[{','.join(str(d) for d in p.shape)}]" for p in params)
        raise errors.InvalidArgumentError(None, None, "means, stddevs, minvals, maxvals must have compatible batch "
                                                      f"dimensions: {shapes}") from None


def _infer(inputs, attrs):
    seed = inputs[1].shape
    if seed.ndims is not None and (seed.ndims != 1 or seed.as_list()[0] not in (None, 2)):
        got = seed.as_list()[0] if seed.ndims == 1 else seed.ndims
        raise ValueError(f"Dimension must be 2 but is {got} for 'StatelessParameterizedTruncatedNormal' (seed)"
                         if seed.ndims == 1 else f"Shape must be rank 1 but is rank {got} for "
                                                 "'StatelessParameterizedTruncatedNormal' (seed)")
    _static_batch_shape([t.shape for t in inputs[2:]])
    dims = partial_shape(inputs[0])
    if dims is None and inputs[0].shape.ndims == 1 and inputs[0].shape[0].value is not None:
        dims = [None] * inputs[0].shape[0].value
    return [(attrs["dtype"], TensorShape(dims) if dims is not None else unknown_shape())]


def _static_batch_shape(shapes):
    """TF's shape function: the parameters' known dims must broadcast (ValueError otherwise)."""
    if any(s.ndims is None for s in shapes):
        return
    rank = max(s.ndims for s in shapes)
    for i in range(rank):
        known = {s[s.ndims - rank + i].value for s in shapes if s.ndims - rank + i >= 0} - {None, 1}
        if len(known) > 1:
            a, b = sorted(known)[:2]
            raise ValueError(f"Dimensions must be equal, but are {b} and {a} for "
                             "'StatelessParameterizedTruncatedNormal'")


@register_op("StatelessParameterizedTruncatedNormal", infer=_infer, gpu=False, no_gradient=True, needs_ctx=True)
def _stateless_parameterized_truncated_normal(xp, shape, seed, means, stddevs, minvals, maxvals, *, dtype, ctx):
    key, low, high = _key_counter(seed)
    t = dtype.as_numpy_dtype
    params = [host(p).astype(t) for p in (means, stddevs, minvals, maxvals)]
    batch_shape = _batch_shape(params)
    dims = [int(d) for d in host(shape).reshape(-1)]
    if len(dims) < len(batch_shape) or tuple(dims[len(dims) - len(batch_shape):]) != tuple(batch_shape):
        raise errors.InvalidArgumentError(None, None, "Shape passed in must end with broadcasted shape.")
    num_batches = int(np.prod(batch_shape, dtype=np.int64))
    samples_per_batch = int(np.prod(dims[:len(dims) - len(batch_shape)], dtype=np.int64))
    flat = [np.broadcast_to(p, batch_shape).reshape(-1) for p in params]
    total = num_batches * samples_per_batch
    out = np.empty(total, dtype=t)
    config = getattr(ctx.session, "config", None)
    threads = getattr(config, "intra_op_parallelism_threads", 0) or cpu_count()  # TF's intra-op pool size
    per_block = 2 if t == np.float64 else 4
    for start, limit in philox.parallel_for_blocks(total, _batch_cost(t), threads):
        stream = _Stream(key, (high << 64) | low, (start * 2 * _MAX_ITERATIONS + per_block - 1) // per_block, t)
        output_idx = start
        while output_idx < limit:
            batch = output_idx // samples_per_batch
            output_idx = _fill_batch(out, stream, t, [p[batch] for p in flat], batch, num_batches,
                                     output_idx % samples_per_batch, samples_per_batch, output_idx, limit)
    return xp.asarray(out.reshape(dims))


def stateless_parameterized_truncated_normal(shape, seed, means=0.0, stddevs=1.0, minvals=-2.0, maxvals=2.0,
                                             name=None):
    """Normal values of the given means and standard deviations truncated to [minvals, maxvals], from a [2]
    `seed` alone (tf.random.stateless_parameterized_truncated_normal); the parameters broadcast to a batch
    shape that `shape` ends with. TF's bits.

    Raises:
        InvalidArgumentError: when run, a stddev <= 0, minval >= maxval or both bounds infinite, parameters
            that do not broadcast, or a shape that does not end with their broadcast shape.
    """
    with op_scope(name, "stateless_parameterized_truncated_normal",
                  [shape, means, stddevs, minvals, maxvals]):
        means_t = convert_to_tensor(means, name="means")
        stddevs_t = convert_to_tensor(stddevs, name="stddevs")
        minvals_t = convert_to_tensor(minvals, name="minvals")
        maxvals_t = convert_to_tensor(maxvals, name="maxvals")
        shape_t = convert_to_tensor(shape, dtypes.int64 if _is_int64(shape) else dtypes.int32, name="shape")
        seed_type = _seed_type(seed)
        return apply_gen("StatelessParameterizedTruncatedNormal",
                         [("shape", shape_t, None), ("seed", seed, seed_type),
                          ("means", means_t, "dtype"), ("stddevs", stddevs_t, "dtype"),
                          ("minvals", minvals_t, "dtype"), ("maxvals", maxvals_t, "dtype")],
                         {"S": shape_t.dtype, "Tseed": seed_type, "dtype": means_t.dtype.base_dtype})


def _seed_type(seed):
    """Tseed as TF's wrapper infers it: a tensor's or array's dtype, else int32 for Python ints that fit."""
    if hasattr(seed, "dtype"):
        return dtypes.as_dtype(seed.dtype).base_dtype
    values = np.asarray(seed)
    fits = values.size == 0 or (values.min() >= -2 ** 31 and values.max() < 2 ** 31)
    return dtypes.int32 if fits else dtypes.int64


def _is_int64(shape):
    return getattr(shape, "dtype", None) == dtypes.int64


__all__ = ["stateless_parameterized_truncated_normal"]
