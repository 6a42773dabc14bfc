"""Candidate samplers (log-uniform, uniform, learned and fixed unigram, all) and ComputeAccidentalHits.

Each sampler op returns (sampled_candidates int64 [num_sampled], true_expected_count float32
[batch, num_true], sampled_expected_count float32 [num_sampled]). With `unique` it draws until
num_sampled distinct values came up and reports expected counts for that many tries
(-expm1(tries * log1p(-p))), as TF's range samplers do; otherwise p * num_sampled. Seeded as the
random ops: the same seeds give the same draws in every new session, and runs advance the stream.
The log-uniform and uniform samplers read TF's Philox words, so their seeded draws are TF's; the
unigram samplers draw from a NumPy generator.
"""
from __future__ import annotations

import collections
import threading

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import get_seed
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import philox
from tfsess.ops._infer import check_dtype, fmt_shape


def _sampler_infer(inputs, attrs):
    true_classes = inputs[0]
    check_dtype(true_classes, (dtypes.int64,), "true_classes")
    num_true, num_sampled = attrs["num_true"], attrs["num_sampled"]
    shape = true_classes.shape
    if shape.ndims is not None and shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {shape.ndims} for sampler with input shapes: "
                         f"{fmt_shape(shape)}.")
    if attrs.get("unique") and attrs["range_max"] < num_sampled:
        raise ValueError(f"Sampler's range is too small: range_max={attrs['range_max']} < "
                         f"num_sampled={num_sampled} with unique=True")
    batch = shape[0].value if shape.ndims == 2 else None
    return [(dtypes.int64, TensorShape([num_sampled])), (dtypes.float32, TensorShape([batch, num_true])),
            (dtypes.float32, TensorShape([num_sampled]))]


def _rng(ctx, seed, seed2):
    """A NumPy generator for the unigram samplers (their draws are not TF's bits)."""
    def make():
        if seed == 0 and seed2 == 0:
            return np.random.default_rng()  # neither seed set: nondeterministic, as TF
        return np.random.default_rng([int(seed), int(seed2)])
    return ctx.resources.get_or_create(("random_stream", ctx.op.name), make)


class _PhiloxStream:
    """One sampler op's GuardedPhiloxRandom in one session: each run reserves 2048 * num_sampled words
    (TF's samples32) and reads them from its own counter, so runs continue the stream as TF's do."""

    def __init__(self, seed, seed2):
        seed, seed2 = int(seed) & philox.MASK64, int(seed2) & philox.MASK64
        if seed == 0 and seed2 == 0:  # neither seed set: fresh random seeds, nondeterministic as TF
            seed, seed2 = (int(x) for x in np.random.default_rng().integers(0, 2**64, size=2, dtype=np.uint64))
        self.key = seed
        self.counter = seed2 << 64
        self.lock = threading.Lock()

    def reserve(self, num_sampled):
        with self.lock:
            start = self.counter
            self.counter = (start + 512 * num_sampled) & (2**128 - 1)  # 2048 words, 4 to a block
        return start


def _word_pairs(key, counter, pairs_per_chunk):
    """TF's SimplePhilox reading PhiloxRandom from `counter`: its uint32 words as (first, second) pairs."""
    while True:
        words = philox.counter_blocks(key, counter, -(-pairs_per_chunk // 2)).ravel()
        yield words[0::2], words[1::2]
        counter += -(-pairs_per_chunk // 2)


def _log_uniform_draw(x0, x1, range_max):
    """TF's LogUniformSampler::Sample: int64(exp(RandDouble() * log1p(range))) - 1, modulo range."""
    values = np.exp(philox.uint64_to_double(x0, x1) * np.log1p(float(range_max))).astype(np.int64) - 1
    return values % range_max


def _log_uniform_prob(values, range_max):
    values = values.astype(np.float64)
    return (np.log((values + 2.0) / (values + 1.0)) / np.log1p(float(range_max))).astype(np.float32)


def _uniform_draw(x0, x1, range_max):
    """TF's UniformSampler::Sample: Rand64() (the first word low) modulo range."""
    return ((x1.astype(np.uint64) << np.uint64(32) | x0.astype(np.uint64)) % np.uint64(range_max)).astype(np.int64)


def _uniform_prob(values, range_max):
    return np.full(values.shape, 1.0 / range_max, np.float32)


def _philox_sample(stream, draw, num_sampled, unique, range_max):
    """(candidates, number of draws made), each draw reading two words as TF's range samplers do."""
    pairs = _word_pairs(stream.key, stream.reserve(num_sampled), max(2 * num_sampled, 64))
    seen, picked, tries = set(), [], 0
    while len(picked) < num_sampled:
        x0, x1 = next(pairs)
        for v in draw(x0, x1, range_max).tolist():
            tries += 1
            if not unique or v not in seen:
                seen.add(v)
                picked.append(v)
                if len(picked) == num_sampled:
                    break
    return np.asarray(picked, np.int64), tries


def _numpy_sample(rng, draw, num_sampled, unique, range_max):
    """(candidates, number of draws made) from a NumPy generator."""
    if not unique:
        return draw(rng, num_sampled, range_max), num_sampled
    seen, picked, tries = set(), [], 0
    while len(picked) < num_sampled:
        for v in draw(rng, num_sampled - len(picked), range_max).tolist():
            tries += 1
            if v not in seen:
                seen.add(v)
                picked.append(v)
                if len(picked) == num_sampled:
                    break
    return np.asarray(picked, np.int64), tries


def _expected_count(p, num_sampled, tries):
    """TF's ExpectedCountHelper, in float32 as TF computes it."""
    p = np.asarray(p, np.float32)
    if tries == num_sampled:
        return p * np.float32(num_sampled)
    return -np.expm1(np.float32(tries) * np.log1p(-p))


def _check_true_classes(true_classes, num_true):
    if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
        raise errors.InvalidArgumentError(
            None, None, f"true_classes must be a matrix of [batch, num_true={num_true}]; got "
                        f"{list(true_classes.shape)}")


def _outputs(true_classes, sampled, tries, num_sampled, range_max, prob):
    """The three outputs of a range sampler that drew `sampled` in `tries` draws from the distribution `prob`."""
    true_expected = _expected_count(prob(np.asarray(true_classes), range_max), num_sampled, tries)
    sampled_expected = _expected_count(prob(sampled, range_max), num_sampled, tries)
    return sampled, true_expected.astype(np.float32), sampled_expected.astype(np.float32)


def _sampled(ctx, true_classes, num_sampled, unique, range_max, seed, seed2, draw, prob):
    """The three outputs of a unigram sampler drawing with `draw` from the distribution `prob`."""
    sampled, tries = _numpy_sample(_rng(ctx, seed, seed2), draw, num_sampled, unique, range_max)
    return _outputs(true_classes, sampled, tries, num_sampled, range_max, prob)


def _sampler_kernel(draw, prob):
    """A log-uniform or uniform sampler kernel: TF's Philox bits, so seeded draws equal TF's."""
    def kernel(xp, true_classes, *, ctx, num_true, num_sampled, unique, range_max, seed=0, seed2=0):
        _check_true_classes(true_classes, num_true)
        _check_in_range(true_classes, range_max)
        stream = ctx.resources.get_or_create(("random_stream", ctx.op.name), lambda: _PhiloxStream(seed, seed2))
        sampled, tries = _philox_sample(stream, draw, num_sampled, unique, range_max)
        return _outputs(true_classes, sampled, tries, num_sampled, range_max, prob)
    return kernel


def _check_in_range(true_classes, range_max):
    outside = np.asarray(true_classes)[(true_classes < 0) | (true_classes >= range_max)]
    if outside.size:
        raise errors.InvalidArgumentError(
            None, None, f"`true_candidate` out of range [0, {range_max}), received {outside[0]}")


def _weighted(weights):
    """(draw, prob) of the distribution proportional to `weights` (classes past its end have p = 0)."""
    p = np.asarray(weights, np.float64) / np.sum(weights)

    def draw(rng, n, range_max):
        return rng.choice(len(p), size=n, p=p).astype(np.int64)

    def prob(values, range_max):
        values = np.asarray(values)
        inside = (values >= 0) & (values < len(p))
        return np.where(inside, p[np.clip(values, 0, len(p) - 1)], 0.0)
    return draw, prob


register_op("LogUniformCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
            no_gradient=True)(_sampler_kernel(_log_uniform_draw, _log_uniform_prob))
register_op("UniformCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
            no_gradient=True)(_sampler_kernel(_uniform_draw, _uniform_prob))


@register_op("LearnedUnigramCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
             no_gradient=True)
def _learned_unigram_candidate_sampler(xp, true_classes, *, ctx, num_true, num_sampled, unique, range_max, seed=0,
                                       seed2=0):
    _check_true_classes(true_classes, num_true)
    _check_in_range(true_classes, range_max)
    # TF's UnigramSampler: every class starts with weight 1 and each true class seen adds 1
    counts = ctx.resources.get_or_create(("unigram_counts", ctx.op.name), lambda: np.ones(range_max))
    draw, prob = _weighted(counts)
    out = _sampled(ctx, true_classes, num_sampled, unique, range_max, seed, seed2, draw, prob)
    np.add.at(counts, true_classes.ravel(), 1.0)  # learned after sampling, as TF updates its sampler
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
            weights.append(count ** distortion)
    if len(weights) != range_max:
        raise errors.InvalidArgumentError(  # TF's words, with what the weights were made of
            None, None, f"range is {range_max} must be equal to weights size  {len(weights)} ({num_reserved_ids} "
                        f"reserved ids and {len(counts)} unigrams, shard {shard} of {num_shards})")
    return np.asarray(weights)


@register_op("FixedUnigramCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
             no_gradient=True)
def _fixed_unigram_candidate_sampler(xp, true_classes, *, ctx, num_true, num_sampled, unique, range_max,
                                     vocab_file="", distortion=1.0, num_reserved_ids=0, num_shards=1, shard=0,
                                     unigrams=(), seed=0, seed2=0):
    _check_true_classes(true_classes, num_true)
    _check_in_range(true_classes, range_max)
    weights = ctx.resources.get_or_create(
        ("unigram_weights", ctx.op.name),
        lambda: _fixed_unigram_weights(range_max, vocab_file, distortion, num_reserved_ids, num_shards, shard,
                                       unigrams))
    if unique and np.count_nonzero(weights) < num_sampled:  # TF would draw forever
        raise errors.InvalidArgumentError(None, None, f"Cannot draw {num_sampled} unique candidates: only "
                                                      f"{np.count_nonzero(weights)} classes have a nonzero weight")
    draw, prob = _weighted(weights)
    return _sampled(ctx, true_classes, num_sampled, unique, range_max, seed, seed2, draw, prob)


def _all_infer(inputs, attrs):
    return _sampler_infer(inputs, {**attrs, "range_max": attrs["num_sampled"]})


@register_op("AllCandidateSampler", infer=_all_infer, stateful=True, gpu=False, no_gradient=True)
def _all_candidate_sampler(xp, true_classes, *, num_true, num_sampled, unique, seed=0, seed2=0):
    _check_true_classes(true_classes, num_true)
    # TF's AllSampler: every class once, each expected once
    return (np.arange(num_sampled, dtype=np.int64), np.ones(true_classes.shape, np.float32),
            np.ones(num_sampled, np.float32))


# as TF's generated wrappers, a sampler returns a namedtuple named after its op type
_SAMPLER_OUTPUTS = {op_type: collections.namedtuple(op_type, ["sampled_candidates", "true_expected_count",
                                                              "sampled_expected_count"])
                    for op_type in ("LogUniformCandidateSampler", "UniformCandidateSampler", "AllCandidateSampler",
                                    "LearnedUnigramCandidateSampler", "FixedUnigramCandidateSampler")}


def _sampler(op_type, default_name, true_classes, num_true, num_sampled, unique, range_max, seed, name,
             **extra_attrs):
    seed1, seed2 = get_seed(seed)
    attrs = {"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
             "seed": seed1 or 0, "seed2": seed2 or 0, **extra_attrs}
    if range_max is not None:
        attrs["range_max"] = int(range_max)
    with op_scope(name, default_name, [true_classes]) as scope:
        true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64, name="true_classes")
        return _SAMPLER_OUTPUTS[op_type](*apply_op(op_type, [true_classes], attrs, name=scope).outputs)


def log_uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """Samples classes with P(k) = log((k + 2) / (k + 1)) / log(range_max + 1) (Zipfian) (tf.random.log_uniform_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    return _sampler("LogUniformCandidateSampler", "LogUniformCandidateSampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name)


def uniform_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None, name=None):
    """Samples classes uniformly from [0, range_max) (tf.random.uniform_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    return _sampler("UniformCandidateSampler", "UniformCandidateSampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name)


def learned_unigram_candidate_sampler(true_classes, num_true, num_sampled, unique, range_max, seed=None,
                                      name=None):
    """Samples classes by how often they came up as true classes so far in the session, each class
    starting at a count of 1 (tf.random.learned_unigram_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    return _sampler("LearnedUnigramCandidateSampler", "LearnedUnigramCandidateSampler", true_classes, num_true,
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
    return _sampler("FixedUnigramCandidateSampler", "FixedUnigramCandidateSampler", true_classes, num_true,
                    num_sampled, unique, range_max, seed, name, **extra)


def all_candidate_sampler(true_classes, num_true, num_sampled, unique, seed=None, name=None):
    """Returns every class in [0, num_sampled) once, with expected counts of 1 (tf.random.all_candidate_sampler).

    Returns:
        (sampled_candidates, true_expected_count, sampled_expected_count).
    """
    return _sampler("AllCandidateSampler", "AllCandidateSampler", true_classes, num_true, num_sampled, unique,
                    None, seed, name)


# ================================================================== ComputeAccidentalHits
def _accidental_hits_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.int64,), "true_classes")
    check_dtype(inputs[1], (dtypes.int64,), "sampled_candidates")
    unknown = TensorShape([None])
    return [(dtypes.int32, unknown), (dtypes.int64, unknown), (dtypes.float32, unknown)]


@register_op("ComputeAccidentalHits", infer=_accidental_hits_infer, gpu=False, no_gradient=True)
def _compute_accidental_hits(xp, true_classes, sampled, *, num_true, seed=0, seed2=0):
    true_classes, sampled = np.asarray(true_classes), np.asarray(sampled)
    if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
        raise errors.InvalidArgumentError(
            None, None, f"true_classes must be a matrix of [batch, num_true={num_true}]; got "
                        f"{list(true_classes.shape)}")
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
    with op_scope(name, "ComputeAccidentalHits", [true_classes, sampled_candidates]) as scope:
        true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64, name="true_classes")
        sampled = convert_to_tensor(sampled_candidates, dtype=dtypes.int64, name="sampled_candidates")
        attrs = {"num_true": int(num_true), "seed": seed1 or 0, "seed2": seed2 or 0}
        return tuple(apply_op("ComputeAccidentalHits", [true_classes, sampled], attrs, name=scope).outputs)


__all__ = []
