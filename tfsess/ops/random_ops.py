"""Random ops: normal, uniform, truncated normal, integer uniform, shuffle, multinomial.

Seeding follows TF's rule (tfsess.framework.graph_api.get_seed): with a graph-level or op-level
seed an op draws the same values in every new session, and successive runs of it advance its
stream. The values are TF's own on CPU: each (session, op) pair owns one PhiloxRandom(seed, seed2)
(TF's GuardedPhiloxRandom, kept in the session's resources under the op's name), every run
reserves the blocks TF's kernel reserves (256 per output value for the filled ops, (rows - 1) / 4
rounded up for shuffle) and tfsess.lib.philox turns them into values as TF's distributions do.
Normal values are bit-exact when numba is installed (see tfsess.lib.philox). Multinomial's rows
are split as TF splits them over its intra-op pool (the session's intra_op_parallelism_threads,
else the CPUs this process may use), so large batches match TF run with as many threads. With
neither seed set an op takes fresh random seeds.
"""
from __future__ import annotations

import threading

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import control_dependencies, get_seed
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import philox
from tfsess.ops import (array_ops, broadcast_ops, constant_op, distributions_samplers,
                        extra_math_ops, math_ops, reduction_ops, sequence_ops, stack_ops)
from tfsess.runtime.thread_pools import cpu_count
from tfsess.ops._infer import (FLOAT, INDEX, apply_gen, broadcast_shapes, check_dtype, check_same_dtype, host,
                               output_of_shape_input, shape_from_tensor)

_UNIFORM_TYPES = FLOAT + (dtypes.int32, dtypes.int64)


# ------------------------------------------------------------------ per-session generators
class _Stream:
    """One kernel instance's PhiloxRandom (TF's GuardedPhiloxRandom) in one session.

    Each run reserves its blocks by moving the 128-bit counter on under the lock, so concurrent
    runs never share draws and successive runs continue the stream as TF's do.
    """

    def __init__(self, seed, seed2):
        seed, seed2 = int(seed) & philox.MASK64, int(seed2) & philox.MASK64
        if seed == 0 and seed2 == 0:  # neither seed set: fresh random seeds, nondeterministic as TF
            seed, seed2 = (int(x) for x in np.random.default_rng().integers(0, 2**64, size=2, dtype=np.uint64))
        self.key = seed
        self.counter = seed2 << 64
        self.lock = threading.Lock()

    def reserve(self, blocks):
        """The counter a run starts from, after which `blocks` 128-bit samples are the run's."""
        with self.lock:
            start = self.counter
            self.counter = (start + blocks) & (2**128 - 1)
        return start

    def reserve_outputs(self, count):
        """TF's ReserveRandomOutputs(count, 256): room for the variable-sample distributions too."""
        return self.reserve(count * _SAMPLES_PER_OUTPUT)


_SAMPLES_PER_OUTPUT = 256  # TF's multiplier for RandomOp, RandomUniformInt and Multinomial


def _stream(ctx, seed, seed2) -> _Stream:
    return ctx.resources.get_or_create(("random_stream", ctx.op.name), lambda: _Stream(seed, seed2))


def kernel_stream(ctx, seed, seed2) -> _Stream:
    """The running kernel's Philox stream in this session, for seeded random ops defined in other modules."""
    return _stream(ctx, seed, seed2)


def _dims(shape):
    dims = tuple(int(d) for d in host(shape).reshape(-1))
    if any(d < 0 for d in dims):
        raise errors.InvalidArgumentError(None, None, f"Shape must be non-negative, got {list(dims)}")
    return dims


def _random_infer(inputs, attrs):
    check_dtype(inputs[0], INDEX, "shape")
    return [(attrs["dtype"], shape_from_tensor(inputs[0]))]


# ------------------------------------------------------------------ kernels
def _fill(xp, fill, shape, ctx, dtype, seed, seed2):
    dims = _dims(shape)
    n = int(np.prod(dims, dtype=np.int64))
    s = _stream(ctx, seed, seed2)
    return xp.asarray(fill(s.key, s.reserve_outputs(n), n, dtype.as_numpy_dtype).reshape(dims))


@register_op("RandomStandardNormal", infer=_random_infer, stateful=True, needs_ctx=True, no_gradient=True,
             output_shapes=output_of_shape_input(0))
def _random_standard_normal(xp, shape, *, ctx, dtype, seed=0, seed2=0):
    return _fill(xp, philox.normal, shape, ctx, dtype, seed, seed2)


@register_op("RandomUniform", infer=_random_infer, stateful=True, needs_ctx=True, no_gradient=True,
             output_shapes=output_of_shape_input(0))
def _random_uniform(xp, shape, *, ctx, dtype, seed=0, seed2=0):
    return _fill(xp, philox.uniform, shape, ctx, dtype, seed, seed2)


@register_op("TruncatedNormal", infer=_random_infer, stateful=True, needs_ctx=True, no_gradient=True,
             output_shapes=output_of_shape_input(0))
def _truncated_normal(xp, shape, *, ctx, dtype, seed=0, seed2=0):
    return _fill(xp, philox.truncated_normal, shape, ctx, dtype, seed, seed2)


def _uniform_int_infer(inputs, attrs):
    shape, minval, maxval = inputs
    check_dtype(shape, INDEX, "shape")
    dtype = check_same_dtype([minval, maxval], "RandomUniformInt", ("minval", "maxval"))
    check_dtype(minval, INDEX, "minval")
    for t, what in ((minval, "minval"), (maxval, "maxval")):
        if t.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for 'RandomUniformInt' ({what})")
    return [(dtype, shape_from_tensor(shape))]


@register_op("RandomUniformInt", infer=_uniform_int_infer, stateful=True, needs_ctx=True, no_gradient=True)
def _random_uniform_int(xp, shape, minval, maxval, *, ctx, seed=0, seed2=0):
    lo, hi = int(minval), int(maxval)
    dims = _dims(shape)
    n = int(np.prod(dims, dtype=np.int64))
    if n == 0:  # TF returns before checking the bounds or drawing
        return xp.zeros(dims, dtype=minval.dtype)
    if lo >= hi:
        raise errors.InvalidArgumentError(None, None, f"Need minval < maxval: {lo} >= {hi}")
    s = _stream(ctx, seed, seed2)
    values = philox.uniform_int(s.key, s.reserve_outputs(n), n, lo, hi, minval.dtype)
    return xp.asarray(values.reshape(dims))


@register_op("RandomShuffle", infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, inputs[0].shape)],
             stateful=True, needs_ctx=True, no_gradient=True)
def _random_shuffle(xp, value, *, ctx, seed=0, seed2=0):
    if np.ndim(value) == 0 or np.size(value) <= 1 or np.shape(value)[0] <= 1:  # TF draws nothing then
        return value
    rows = np.shape(value)[0]
    s = _stream(ctx, seed, seed2)
    order = philox.shuffle_permutation(s.key, s.reserve(-(-(rows - 1) // 4)), rows)  # TF's ReserveSamples32
    return xp.asarray(value)[xp.asarray(order)]


def _multinomial_infer(inputs, attrs):
    logits, num = inputs
    check_dtype(logits, FLOAT + (dtypes.int32, dtypes.int64), "logits")
    check_dtype(num, (dtypes.int32,), "num_samples")
    if logits.shape.ndims not in (None, 2):
        raise ValueError(f"Shape must be rank 2 but is rank {logits.shape.ndims} for 'Multinomial'")
    if num.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {num.shape.ndims} for 'Multinomial' (num_samples)")
    n = constant_value(num)
    batch = logits.shape[0].value if logits.shape.ndims == 2 else None
    return [(attrs["output_dtype"], TensorShape([batch, None if n is None else int(n)]))]


@register_op("Multinomial", infer=_multinomial_infer, stateful=True, needs_ctx=True, no_gradient=True)
def _multinomial(xp, logits, num_samples, *, ctx, output_dtype, seed=0, seed2=0):
    logits = host(logits)
    n = int(num_samples)
    if n < 0:
        raise errors.InvalidArgumentError(None, None, f"num_samples should be nonnegative, got {n}")
    if logits.shape[1] == 0 and logits.shape[0] and n:
        raise errors.InvalidArgumentError(None, None, "num_classes should be positive, got 0")
    batch = logits.shape[0]
    if batch * n == 0:  # TF draws nothing for an empty output
        return xp.zeros((batch, n), dtype=output_dtype.as_numpy_dtype)
    s = _stream(ctx, seed, seed2)
    # TF reserves room for ceil4(num_samples) doubles (two samples each) per row
    counter = s.reserve_outputs(batch * (-(-n // 4) * 4) * 2)
    config = getattr(ctx.session, "config", None)
    threads = getattr(config, "intra_op_parallelism_threads", 0) or cpu_count()  # TF's intra-op pool size
    draws = philox.multinomial(s.key, counter, logits, n, threads)
    return xp.asarray(draws.astype(output_dtype.as_numpy_dtype))




def _sampler_infer(param):
    def infer(inputs, attrs):
        shape, values = inputs
        check_dtype(shape, INDEX, "shape")
        dtype = attrs.get("dtype") or values.dtype.base_dtype
        return [(dtype, shape_from_tensor(shape).concatenate(values.shape))]
    return infer


@register_op("RandomGamma", infer=_sampler_infer("alpha"), stateful=True, needs_ctx=True)
def _random_gamma(xp, shape, alpha, *, ctx, seed=0, seed2=0):
    dims = _dims(shape)
    alpha = host(alpha)
    samples = int(np.prod(dims, dtype=np.int64))
    if samples == 0:
        raise errors.InvalidArgumentError(None, None, f"Input shape should have non-zero element count, got: 0")
    if alpha.size == 0:
        raise errors.InvalidArgumentError(None, None, "Input alpha should have non-zero element count, got: 0")
    s = _stream(ctx, seed, seed2)
    values = distributions_samplers.gamma(s.key, s.reserve_outputs(samples * alpha.size), alpha, samples)
    return xp.asarray(values.astype(alpha.dtype).reshape(dims + alpha.shape))


@_random_gamma.gradient
def _random_gamma_grad(op, grad):
    """TF's implicit reparameterization: d sample / d alpha at fixed CDF, summed over the sample dims."""
    shape, alpha = op.inputs
    sample = op.outputs[0]
    with control_dependencies([grad]):
        sample_dims = array_ops.shape(shape)[0]
        alpha_broadcastable = array_ops.reshape(alpha, stack_ops.concat(
            [constant_op.ones([sample_dims], dtypes.int32), array_ops.shape(alpha)], 0))
        partial_alpha = random_gamma_grad(alpha_broadcastable, sample)
        return None, reduction_ops.reduce_sum(grad * partial_alpha, axis=sequence_ops.range_(sample_dims))


def _gamma_grad_infer(inputs, attrs):
    alpha, sample = inputs
    dtype = check_same_dtype([alpha, sample], "RandomGammaGrad", ("alpha", "sample"))
    check_dtype(alpha, (dtypes.float32, dtypes.float64), "alpha")
    return [(dtype, broadcast_shapes(alpha.shape, sample.shape, "RandomGammaGrad"))]


@register_op("RandomGammaGrad", infer=_gamma_grad_infer, no_gradient=True)
def _random_gamma_grad_kernel(xp, alpha, sample):
    values = distributions_samplers.gamma_sample_alpha_derivative(host(alpha), host(sample))
    return xp.asarray(values.astype(alpha.dtype))


def random_gamma_grad(alpha, sample, name=None):
    """d sample / d alpha of Gamma(alpha, 1) samples (TF's raw RandomGammaGrad)."""
    return apply_gen("RandomGammaGrad", [("alpha", alpha, "T"), ("sample", sample, "T")], name=name)


@register_op("RandomPoissonV2", infer=_sampler_infer("rate"), stateful=True, needs_ctx=True, no_gradient=True)
def _random_poisson_v2(xp, shape, rate, *, ctx, dtype, seed=0, seed2=0):
    dims = _dims(shape)
    rate = host(rate)
    samples = int(np.prod(dims, dtype=np.int64))
    out_dtype = dtype.as_numpy_dtype
    if samples == 0 or rate.size == 0:
        return xp.zeros(dims + rate.shape, out_dtype)
    s = _stream(ctx, seed, seed2)
    values = distributions_samplers.poisson(s.key, s.reserve_outputs(samples * rate.size), rate, samples)
    return xp.asarray(values.astype(out_dtype).reshape(dims + rate.shape))


# ------------------------------------------------------------------ public functions
def _shape_tensor(shape):
    """TF's shape_tensor: a shape list as an int32 (int64 if needed) tensor named "shape"."""
    dtype = None
    if isinstance(shape, (tuple, list)):
        if not shape:
            dtype = dtypes.int32
        else:
            shape = tuple(getattr(d, "value", d) for d in shape)
    elif isinstance(shape, TensorShape):
        shape = shape.as_list()
    return convert_to_tensor(shape, dtype=dtype, name="shape")


def _set_static_shape(tensor, shape):
    if isinstance(shape, (list, tuple, TensorShape)) and not any(hasattr(d, "op") for d in shape):
        try:
            tensor.set_shape(TensorShape([getattr(d, "value", d) for d in shape]))
        except (TypeError, ValueError):
            pass


def _seed_attrs(seed):
    seed1, seed2 = get_seed(seed)
    return {"seed": seed1 or 0, "seed2": seed2 or 0}


def _draw(op_type, shape_tensor, dtype, seed):
    attrs = {"dtype": dtype, **_seed_attrs(seed)}
    return apply_gen(op_type, [("shape", shape_tensor, ("T", dtypes.int32))], attrs)


def _check_float_dtype(dtype):
    """As TF's op-def check, reached once the arguments converted to `dtype` (a float 0.0 mean fails first)."""
    if dtype not in FLOAT:
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                        f"values: float16, bfloat16, float32, float64")


def _scaled_normal(op_type, default_name, shape, mean, stddev, dtype, seed, name):
    """mean + stddev * (a draw of `op_type`), in scope `name` or `default_name`.

    Raises:
        TypeError: `dtype` is not a float type (or `mean`/`stddev` do not convert to it), as in TF.
    """
    dtype = dtypes.as_dtype(dtype).base_dtype
    with op_scope(name, default_name, [shape, mean, stddev]) as scope:
        shape_tensor = _shape_tensor(shape)
        mean_t = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev_t = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        _check_float_dtype(dtype)
        rnd = _draw(op_type, shape_tensor, dtype, seed)
        value = math_ops.add(rnd * stddev_t, mean_t, name=scope)
        _set_static_shape(value, shape)
        return value


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Values from a normal distribution (tf.random.normal)."""
    return _scaled_normal("RandomStandardNormal", "random_normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal values redrawn when beyond two standard deviations (tf.random.truncated_normal)."""
    return _scaled_normal("TruncatedNormal", "truncated_normal", shape, mean, stddev, dtype, seed, name)


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform values in [minval, maxval); integer dtypes need maxval (tf.random.uniform).

    Raises:
        ValueError: an unsupported dtype, or an integer dtype without maxval.
    """
    dtype = dtypes.as_dtype(dtype).base_dtype
    if dtype not in _UNIFORM_TYPES:
        raise ValueError(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are "
                         f"{', '.join(repr(d) for d in _UNIFORM_TYPES)}.")
    if maxval is None:
        if dtype.is_integer:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        maxval = 1
    with op_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape_tensor = _shape_tensor(shape)
        minval_is_zero = isinstance(minval, int) and minval == 0
        maxval_is_one = isinstance(maxval, int) and maxval == 1
        if not minval_is_zero or not maxval_is_one or dtype.is_integer:
            minval = convert_to_tensor(minval, dtype=dtype, name="min")
            maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        if dtype.is_integer:
            result = apply_gen("RandomUniformInt", [("shape", shape_tensor, ("T", dtypes.int32)),
                                                    ("minval", minval, "Tout"), ("maxval", maxval, "Tout")],
                               _seed_attrs(seed), name=scope)
        else:
            result = _draw("RandomUniform", shape_tensor, dtype, seed)
            if minval_is_zero:
                if not maxval_is_one:
                    result = math_ops.multiply(result, maxval)
            else:
                result = math_ops.add(result * (maxval - minval), minval, name=scope)
        _set_static_shape(result, shape)
        return result


def random_shuffle(value, seed=None, name=None):
    """`value` with its first dimension randomly permuted (tf.random.shuffle)."""
    seeds = _seed_attrs(seed)
    return apply_gen("RandomShuffle", [("value", value, None)], seeds, name=name)


def _categorical(default_name, logits, num_samples, seed, name, output_dtype):
    with op_scope(name, default_name, [logits]):
        logits = convert_to_tensor(logits, name="logits")
        seeds = _seed_attrs(seed)
        out = dtypes.as_dtype(output_dtype or dtypes.int64)
        if out not in INDEX:
            raise ValueError(f"Argument `dtype` got invalid value {out!r}. Accepted dtypes are int32, int64.")
        return apply_gen("Multinomial", [("logits", logits, None), ("num_samples", num_samples, dtypes.int32)],
                         {"output_dtype": out, **seeds})


def multinomial(logits, num_samples, seed=None, name=None, output_dtype=None):
    """Samples class indices from each row of unnormalised log-probabilities (tf.random.multinomial)."""
    return _categorical("multinomial", logits, num_samples, seed, name, output_dtype)


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Samples class indices from each row of `logits` (tf.random.categorical)."""
    return _categorical("categorical", logits, num_samples, seed, name, dtype)


def _maybe_set_static_shape(result, shape, params):
    """TF's _maybe_set_static_shape_helper: the sample shape, when constant, then the parameters' shape."""
    value = constant_value(shape) if hasattr(shape, "op") else None
    if value is None and isinstance(shape, (list, tuple)) and not any(hasattr(d, "op") for d in shape):
        value = shape
    if value is not None:
        try:
            result.set_shape(TensorShape([int(d) for d in np.reshape(value, -1)]).concatenate(params.shape))
        except (TypeError, ValueError):
            pass


def random_gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma(alpha, beta) samples of shape `shape + broadcast(alpha, beta).shape` (tf.random.gamma).

    Differentiable in alpha and beta: the gradient in alpha is TF's implicit reparameterization.
    """
    dtype = dtypes.as_dtype(dtype).base_dtype
    with op_scope(name, "random_gamma", [shape, alpha, beta]):
        shape_t = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        alpha = convert_to_tensor(alpha, name="alpha", dtype=dtype)
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        _check_float_dtype(dtype)
        params_shape = extra_math_ops.broadcast_dynamic_shape(array_ops.shape(alpha), array_ops.shape(beta))
        alpha_broadcast = broadcast_ops.broadcast_to(alpha, params_shape)
        attrs = _seed_attrs(seed)
        sample = apply_gen("RandomGamma", [("shape", shape_t, None), ("alpha", alpha_broadcast, None)], attrs)
        result = math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta)
        _maybe_set_static_shape(result, shape, alpha_broadcast)
        return result


def random_poisson(lam, shape, dtype=dtypes.float32, seed=None, name=None):
    """Poisson(lam) samples of shape `shape + lam.shape` (tf.random.poisson, TF1's argument order)."""
    with op_scope(name, "random_poisson", [lam, shape]):
        shape_t = convert_to_tensor(shape, name="shape", dtype=dtypes.int32)
        lam = convert_to_tensor(lam, name="lam")
        attrs = {"dtype": dtypes.as_dtype(dtype).base_dtype, **_seed_attrs(seed)}
        result = apply_gen("RandomPoissonV2", [("shape", shape_t, None), ("rate", lam, None)], attrs)
        _maybe_set_static_shape(result, shape, lam)
        return result


__all__ = [
    "get_seed", "multinomial", "random_gamma", "random_normal", "random_poisson", "random_shuffle", "random_uniform",
    "truncated_normal",
]
