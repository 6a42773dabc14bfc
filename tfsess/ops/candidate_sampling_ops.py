"""Candidate samplers (log-uniform, uniform, learned and fixed unigram, all) and ComputeAccidentalHits.

Each sampler op returns (sampled_candidates int64 [num_sampled], true_expected_count float32
[batch, num_true], sampled_expected_count float32 [num_sampled]). With `unique` it draws until
num_sampled distinct values came up and reports expected counts for that many tries
(-expm1(tries * log1p(-p))), as TF's range samplers do; otherwise p * num_sampled. The draws are TF's:
each run reserves 2048 words per candidate of the kernel's Philox stream and each sampler reads them
through SimplePhilox as TF's RangeSampler of that kind does (exact uniform integers, the log-uniform
exp(RandDouble() * log1p(range)), the learned counts' weighted pick, the fixed unigrams' alias
table), so seeded samples are TF's samples.
"""
from __future__ import annotations

import collections
import math

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import get_seed
from tfsess.framework.registry import register_op
from tfsess.framework.shape_errors import ShapeFunctionError
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import philox
from tfsess.ops import random_ops
from tfsess.ops._infer import apply_gen, check_dtype


def _sampler_infer(inputs, attrs):
    true_classes = inputs[0]
    check_dtype(true_classes, (dtypes.int64,), "true_classes")
    num_true, num_sampled = attrs["num_true"], attrs["num_sampled"]
    shape = true_classes.shape
    if shape.ndims is not None and shape.ndims != 2:
        raise ShapeFunctionError(f"Shape must be rank 2 but is rank {shape.ndims}")
    batch = shape[0].value if shape.ndims == 2 else None
    return [(dtypes.int64, TensorShape([num_sampled])), (dtypes.float32, TensorShape([batch, num_true])),
            (dtypes.float32, TensorShape([num_sampled]))]


def _draws(ctx, seed, seed2, num_sampled):
    """The run's SimplePhilox: TF reserves 2048 words per sampled candidate (ReserveSamples32)."""
    stream = random_ops.kernel_stream(ctx, seed, seed2)
    return philox.SimplePhilox(stream.key, stream.reserve((2048 * num_sampled + 3) // 4))


class _LogUniform:
    """TF's LogUniformSampler: exp(RandDouble() * log1p(range)) - 1, P(k) = log((k + 2) / (k + 1)) / log1p(range)."""

    def __init__(self, range_max):
        self.range_max, self.log_range = range_max, math.log1p(range_max)

    def sample(self, draws):
        return (int(math.exp(draws.rand_double() * self.log_range)) - 1) % self.range_max

    def prob(self, values):
        values = np.asarray(values, np.float64)
        return (np.log((values + 2.0) / (values + 1.0)) / self.log_range).astype(np.float32)


class _Uniform:
    """TF's UniformSampler: Uniform64(range), P(k) = 1 / range."""

    def __init__(self, range_max):
        self.range_max = range_max

    def sample(self, draws):
        return draws.uniform64(self.range_max)

    def prob(self, values):
        return np.full(np.shape(values), 1.0 / self.range_max, np.float32)


class _Counts:
    """TF's UnigramSampler (a WeightedPicker of integer counts): an exact uniform index into the total weight,
    mapped to the class whose cumulative count passes it; P(k) = count(k) / total."""

    def __init__(self, counts):
        self.cumulative = np.cumsum(counts)
        self.counts, self.total = counts, int(self.cumulative[-1])

    def sample(self, draws):
        return int(np.searchsorted(self.cumulative, draws.uniform(self.total), side="right"))

    def prob(self, values):
        return (self.counts[np.asarray(values)].astype(np.float32) / np.float32(self.total)).astype(np.float32)


class _Alias:
    """TF's FixedUnigramSampler: Walker's alias table over float32 weights (DistributionSampler), built as
    TF builds it; a draw is RandFloat() then Uniform(n); P(k) = weight(k) / total weight in float32."""

    def __init__(self, weights):
        weights = np.asarray(weights, np.float32)
        n = len(weights)
        total = float(np.sum(weights.astype(np.float64)))
        scaled = [float(np.float32(w * np.float32(n))) / total for w in weights]
        alias = list(range(n))
        low = [i for i, p in enumerate(scaled) if p < 1.0]
        high = [i for i, p in enumerate(scaled) if p >= 1.0]
        while high and low:
            small, large = low.pop(), high.pop()
            alias[small] = large
            scaled[large] -= 1.0 - scaled[small]
            (low if scaled[large] < 1.0 else high).append(large)
        for leftover in high + low:  # rounding leaves some near 1: they keep themselves
            scaled[leftover] = 1.0
        self.threshold, self.alias, self.n = np.asarray(scaled, np.float32), alias, n
        self.weights, self.total = weights, np.float32(0)
        for w in weights:  # TF sums the weights in float32, in order
            self.total = np.float32(self.total + w)

    def sample(self, draws):
        r = draws.rand_float()
        index = draws.uniform(self.n)
        return index if r < self.threshold[index] else self.alias[index]

    def prob(self, values):
        values = np.asarray(values)
        inside = (values >= 0) & (values < self.n)
        picked = self.weights[np.clip(values, 0, self.n - 1)] / self.total
        return np.where(inside, picked, np.float32(0)).astype(np.float32)


def _sample(draws, sampler, num_sampled, unique):
    """(candidates, number of draws made), TF's RangeSampler loop."""
    if not unique:
        return np.asarray([sampler.sample(draws) for _ in range(num_sampled)], np.int64), num_sampled
    seen, picked, tries = set(), [], 0
    while len(picked) < num_sampled:
        tries += 1
        value = sampler.sample(draws)
        if value not in seen:
            seen.add(value)
            picked.append(value)
    return np.asarray(picked, np.int64), tries


def _expected_count(p, num_sampled, tries):
    """TF's ExpectedCountHelper in float32: p * num_sampled, or -expm1(tries * log1p(-p)) with each step
    rounded to float32 (log1p and expm1 evaluated in float64 first: within an ulp of TF's float math)."""
    p = np.asarray(p, np.float32)
    if tries == num_sampled:
        return p * np.float32(num_sampled)
    log_miss = np.log1p(-p.astype(np.float64)).astype(np.float32)
    return -np.expm1((np.float32(tries) * log_miss).astype(np.float64)).astype(np.float32)


def _check_true_classes(true_classes, num_true, num_sampled, unique, range_max):
    # TF's BaseCandidateSamplerOp checks, in its order (its message names the two numbers the other way round)
    if true_classes.ndim != 2:
        raise errors.InvalidArgumentError(None, None, "true_classes must be a matrix")
    if true_classes.shape[1] != num_true:
        raise errors.InvalidArgumentError(None, None, "true_classes must have num_true columns, expected: "
                                                      f"{true_classes.shape[1]} was: {num_true}")
    if unique and num_sampled > range_max:  # else the unique draws below would never end
        raise errors.InvalidArgumentError(None, None, "Sampler's range is too small.")


def _sampled(ctx, true_classes, num_sampled, unique, seed, seed2, sampler):
    """The three outputs of a range sampler."""
    sampled, tries = _sample(_draws(ctx, seed, seed2, num_sampled), sampler, num_sampled, unique)
    true_expected = _expected_count(sampler.prob(np.asarray(true_classes)), num_sampled, tries)
    sampled_expected = _expected_count(sampler.prob(sampled), num_sampled, tries)
    return sampled, true_expected.astype(np.float32), sampled_expected.astype(np.float32)


def _sampler_kernel(sampler_class):
    def kernel(xp, true_classes, *, ctx, num_true, num_sampled, unique, range_max, seed=0, seed2=0):
        _check_true_classes(true_classes, num_true, num_sampled, unique, range_max)
        _check_in_range(true_classes, range_max)
        return _sampled(ctx, true_classes, num_sampled, unique, seed, seed2, sampler_class(range_max))
    return kernel


def _check_in_range(true_classes, range_max):
    outside = np.asarray(true_classes)[(true_classes < 0) | (true_classes >= range_max)]
    if outside.size:
        raise errors.InvalidArgumentError(
            None, None, f"`true_candidate` out of range [0, {range_max}), received {outside[0]}")


register_op("LogUniformCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
            no_gradient=True)(_sampler_kernel(_LogUniform))
register_op("UniformCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
            no_gradient=True)(_sampler_kernel(_Uniform))


@register_op("LearnedUnigramCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
             no_gradient=True)
def _learned_unigram_candidate_sampler(xp, true_classes, *, ctx, num_true, num_sampled, unique, range_max, seed=0,
                                       seed2=0):
    _check_true_classes(true_classes, num_true, num_sampled, unique, range_max)
    _check_in_range(true_classes, range_max)
    # TF's UnigramSampler: every class starts with weight 1 and each true class seen adds 1
    counts = ctx.resources.get_or_create(("unigram_counts", ctx.op.name), lambda: np.ones(range_max, np.int64))
    out = _sampled(ctx, true_classes, num_sampled, unique, seed, seed2, _Counts(counts))
    np.add.at(counts, true_classes.ravel(), 1)  # learned after sampling, as TF updates its sampler
    return out


def _fixed_unigram_weights(range_max, vocab_file, distortion, num_reserved_ids, num_shards, shard, unigrams):
    """TF's FixedUnigramSampler weights: reserved ids weigh 0, counts (a vocab file's last CSV column or
    `unigrams`) are raised to `distortion`, and only ids with id % num_shards == shard are kept."""
    if vocab_file:
        with open(vocab_file, encoding="utf-8") as f:
            counts = [float(line.rstrip("\n").split(",")[-1]) for line in f if line.strip()]
    else:
        counts = [float(u) for u in unigrams]
    weights = [0.0 for word_id in range(num_reserved_ids) if word_id % num_shards == shard]
    for word_id, count in enumerate(counts, start=len(weights)):  # TF numbers them after the kept reserved ids
        if word_id % num_shards == shard:
            weights.append(np.float32(count) ** np.float32(distortion))  # std::pow on floats
    if len(weights) != range_max:
        raise errors.InvalidArgumentError(  # TF's words, with what the weights were made of
            None, None, f"range is {range_max} must be equal to weights size  {len(weights)} ({num_reserved_ids} "
                        f"reserved ids and {len(counts)} unigrams, shard {shard} of {num_shards})")
    return np.asarray(weights, np.float32)


@register_op("FixedUnigramCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
             no_gradient=True)
def _fixed_unigram_candidate_sampler(xp, true_classes, *, ctx, num_true, num_sampled, unique, range_max,
                                     vocab_file="", distortion=1.0, num_reserved_ids=0, num_shards=1, shard=0,
                                     unigrams=(), seed=0, seed2=0):
    _check_true_classes(true_classes, num_true, num_sampled, unique, range_max)
    _check_in_range(true_classes, range_max)
    weights = ctx.resources.get_or_create(
        ("unigram_weights", ctx.op.name),
        lambda: _fixed_unigram_weights(range_max, vocab_file, distortion, num_reserved_ids, num_shards, shard,
                                       unigrams))
    if unique and np.count_nonzero(weights) < num_sampled:  # TF would draw forever
        raise errors.InvalidArgumentError(None, None, f"Cannot draw {num_sampled} unique candidates: only "
                                                      f"{np.count_nonzero(weights)} classes have a nonzero weight")
    sampler = ctx.resources.get_or_create(("unigram_alias", ctx.op.name), lambda: _Alias(weights))
    return _sampled(ctx, true_classes, num_sampled, unique, seed, seed2, sampler)


def _all_infer(inputs, attrs):
    return _sampler_infer(inputs, {**attrs, "range_max": attrs["num_sampled"]})


@register_op("AllCandidateSampler", infer=_all_infer, stateful=True, gpu=False, no_gradient=True)
def _all_candidate_sampler(xp, true_classes, *, num_true, num_sampled, unique, seed=0, seed2=0):
    _check_true_classes(true_classes, num_true, num_sampled, unique, num_sampled)
    # TF's AllSampler: every class once, each expected once
    return (np.arange(num_sampled, dtype=np.int64), np.ones(true_classes.shape, np.float32),
            np.ones(num_sampled, np.float32))


# as TF's generated wrappers, a sampler returns a namedtuple named after its op type
_SAMPLER_OUTPUTS = {op_type: collections.namedtuple(op_type, ["sampled_candidates", "true_expected_count",
                                                              "sampled_expected_count"])
                    for op_type in ("LogUniformCandidateSampler", "UniformCandidateSampler", "AllCandidateSampler",
                                    "LearnedUnigramCandidateSampler", "FixedUnigramCandidateSampler")}


def _sampler(op_type, true_classes, num_true, num_sampled, unique, range_max, seed, name,
             **extra_attrs):
    seed1, seed2 = get_seed(seed)
    attrs = {"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
             "seed": seed1 or 0, "seed2": seed2 or 0, **extra_attrs}
    if range_max is not None:
        attrs["range_max"] = int(range_max)
    op = apply_gen(op_type, [("true_classes", true_classes, dtypes.int64)], attrs, name=name, outputs=True)
    return _SAMPLER_OUTPUTS[op_type](*op.outputs)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """Samples classes with P(k) = log((k + 2) / (k + 1)) / log(range_max + 1) (Zipfian) (tf.random.log_uniform_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    return _sampler("LogUniformCandidateSampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """Samples classes uniformly from [0, range_max) (tf.random.uniform_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    return _sampler("UniformCandidateSampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name)


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None,
                                      name=None):
    """Samples classes by how often they came up as true classes so far in the session, each class
    starting at a count of 1 (tf.random.learned_unigram_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    if range_max > 2147483647:  # TF's wrapper limits it to int32's range
        raise ValueError(f"Value of range_max:{range_max} is too large to handle")
    return _sampler("LearnedUnigramCandidateSampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name)


def fixed_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, vocab_file="",
                                    distortion=1.0, num_reserved_ids=0, num_shards=1, shard=0, unigrams=(),
                                    seed=None, name=None):
    """Samples classes from fixed unigram counts, raised to `distortion` (tf.random.fixed_unigram_candidate_sampler).

    Args:
        vocab_file: a CSV file whose lines end in a class's count (read when the op first runs), or
        unigrams: the counts as a list; one of the two.
        num_reserved_ids: ids before the counted ones, never sampled (weight 0).
        num_shards, shard: keep only ids with id % num_shards == shard.

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).

    Raises:
        InvalidArgumentError (when run): range_max differs from the number of weights.
    """
    extra = {"vocab_file": str(vocab_file), "distortion": float(distortion), "num_reserved_ids": int(num_reserved_ids),
             "num_shards": int(num_shards), "shard": int(shard), "unigrams": [float(u) for u in unigrams]}
    return _sampler("FixedUnigramCandidateSampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name, **extra)


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """Returns every class in [0, num_sampled) once, with expected counts of 1 (tf.random.all_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    return _sampler("AllCandidateSampler", true_classes, num_true, num_sampled, unique,
                    None, seed, name)


# ================================================================== ComputeAccidentalHits
def _accidental_hits_infer(inputs, attrs):
    true_classes, sampled = inputs
    check_dtype(true_classes, (dtypes.int64,), "true_classes")
    check_dtype(sampled, (dtypes.int64,), "sampled_candidates")
    for t, rank in ((true_classes, 2), (sampled, 1)):
        if t.shape.ndims is not None and t.shape.ndims != rank:
            raise ShapeFunctionError(f"Shape must be rank {rank} but is rank {t.shape.ndims}")
        if t is true_classes and rank == t.shape.ndims and t.shape[1].value not in (None, attrs["num_true"]):
            raise ShapeFunctionError(f"Dimension must be {attrs['num_true']} but is {t.shape[1].value}")
    unknown = TensorShape([None])
    return [(dtypes.int32, unknown), (dtypes.int64, unknown), (dtypes.float32, unknown)]


@register_op("ComputeAccidentalHits", infer=_accidental_hits_infer, gpu=False, no_gradient=True)
def _compute_accidental_hits(xp, true_classes, sampled, *, num_true, seed=0, seed2=0):
    true_classes, sampled = np.asarray(true_classes), np.asarray(sampled)
    if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
        raise errors.InvalidArgumentError(None, None, "true_candidates must be a batch_size * num_true matrix")
    if sampled.ndim != 1:
        raise errors.InvalidArgumentError(None, None, "sampled_candidates must be a vector, which is typically an "
                                                      "output from CandidateSampler")
    # A value sampled twice matches at its last position only, as TF's value -> position map keeps.
    later = np.triu(sampled[:, None] == sampled[None, :], k=1).any(axis=1)
    hits = (true_classes[:, :, None] == sampled[None, None, :]) & ~later
    rows, _, positions = np.nonzero(hits)
    weights = np.full(rows.shape, -np.finfo(np.float32).max, np.float32)
    return rows.astype(np.int32), positions.astype(np.int64), weights


def compute_accidental_hits(true_classes, sampled_candidates, num_true, seed=None, name=None):
    """Where sampled candidates equal a true class: (row indices, sampled positions, -FLT_MAX weights)
    (tf.nn.compute_accidental_hits)."""
    seed1, seed2 = get_seed(seed)
    attrs = {"num_true": int(num_true), "seed": seed1 or 0, "seed2": seed2 or 0}
    op = apply_gen("ComputeAccidentalHits", [("true_classes", true_classes, dtypes.int64),
                                             ("sampled_candidates", sampled_candidates, dtypes.int64)],
                   attrs, name=name, outputs=True)
    return _ACCIDENTAL_HITS(*op.outputs)


# as TF's generated wrapper, the hits come back as a namedtuple named after the op type
_ACCIDENTAL_HITS = collections.namedtuple("ComputeAccidentalHits", ["indices", "ids", "weights"])


__all__ = []
