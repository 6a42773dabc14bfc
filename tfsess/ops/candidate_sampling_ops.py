"""Candidate samplers (log-uniform and uniform over [0, range_max)) and ComputeAccidentalHits.

Each sampler op returns (sampled_candidates int64 [num_sampled], true_expected_count float32
[batch, num_true], sampled_expected_count float32 [num_sampled]). With `unique` it draws until
num_sampled distinct values came up and reports expected counts for that many tries
(-expm1(tries * log1p(-p))), as TF's range samplers do; otherwise p * num_sampled. Seeded as the
random ops: the same seeds give the same draws in every new session, and runs advance the stream.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import get_seed
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
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
    def make():
        if seed == 0 and seed2 == 0:
            return np.random.default_rng()  # neither seed set: nondeterministic, as TF
        return np.random.default_rng([int(seed), int(seed2)])
    return ctx.resources.get_or_create(("random_stream", ctx.op.name), make)


def _log_uniform_draw(rng, n, range_max):
    values = np.floor(np.exp(rng.random(n) * np.log(range_max + 1.0))).astype(np.int64) - 1
    return np.clip(values, 0, range_max - 1)


def _log_uniform_prob(values, range_max):
    values = values.astype(np.float64)
    return np.log((values + 2.0) / (values + 1.0)) / np.log(range_max + 1.0)


def _uniform_draw(rng, n, range_max):
    return rng.integers(0, range_max, n, dtype=np.int64)


def _uniform_prob(values, range_max):
    return np.full(values.shape, 1.0 / range_max)


def _sample(rng, draw, num_sampled, unique, range_max):
    """(candidates, number of draws made)."""
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
    if tries == num_sampled:
        return p * num_sampled
    return -np.expm1(tries * np.log1p(-p))


def _sampler_kernel(draw, prob):
    def kernel(xp, true_classes, *, ctx, num_true, num_sampled, unique, range_max, seed=0, seed2=0):
        if true_classes.ndim != 2 or true_classes.shape[1] != num_true:
            raise errors.InvalidArgumentError(
                None, None, f"true_classes must be a matrix of [batch, num_true={num_true}]; got "
                            f"{list(true_classes.shape)}")
        sampled, tries = _sample(_rng(ctx, seed, seed2), draw, num_sampled, unique, range_max)
        true_expected = _expected_count(prob(np.asarray(true_classes), range_max), num_sampled, tries)
        sampled_expected = _expected_count(prob(sampled, range_max), num_sampled, tries)
        return sampled, true_expected.astype(np.float32), sampled_expected.astype(np.float32)
    return kernel


register_op("LogUniformCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
            no_gradient=True)(_sampler_kernel(_log_uniform_draw, _log_uniform_prob))
register_op("UniformCandidateSampler", infer=_sampler_infer, stateful=True, needs_ctx=True, gpu=False,
            no_gradient=True)(_sampler_kernel(_uniform_draw, _uniform_prob))


def _sampler(op_type, default_name, true_classes, num_true, num_sampled, unique, range_max, seed, name):
    seed1, seed2 = get_seed(seed)
    attrs = {"num_true": int(num_true), "num_sampled": int(num_sampled), "unique": bool(unique),
             "range_max": int(range_max), "seed": seed1 or 0, "seed2": seed2 or 0}
    with op_scope(name, default_name, [true_classes]) as scope:
        true_classes = convert_to_tensor(true_classes, dtype=dtypes.int64, name="true_classes")
        return tuple(apply_op(op_type, [true_classes], attrs, name=scope).outputs)


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
