"""tf.nn's composite ops, built from other ops (TF's nn_impl): swish, the sigmoid
cross-entropies, l2_normalize, xw_plus_b, relu_layer, dropout, moments and the other batch
statistics, batch_normalization, zero_fraction and embedding_lookup.
"""
from __future__ import annotations

import contextlib
import functools
import numbers

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import get_seed
from tfsess.framework.graph_mode import is_tensor
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.tensor_shape import as_shape
from tfsess.ops import (array_ops, clip_ops, custom_gradient, gather_ops, indexing_ops, linalg_ops, logic_ops,
                        math_ops, nn_ops, partition_ops, random_ops, reduction_ops, sequence_ops, softmax_ops,
                        stack_ops, unary_ops)
from tfsess.ops._infer import renamed_arg
from tfsess.ops.partitioned_variables import PartitionedVariable


# ================================================================== swish and the sigmoid cross-entropies
def swish(features, beta=1.0, name=None):
    """features * sigmoid(beta * features) (tf.nn.swish / silu), with TF's own gradient for both arguments
    (a custom gradient through IdentityN, as TF builds it: the input's gradient ends in a Mul)."""
    with op_scope(name, "swish", [features]) if name else _no_scope():
        features = convert_to_tensor(features, name="features")
        beta = math_ops.cast(convert_to_tensor(beta, name="beta"), features.dtype.base_dtype)
        return custom_gradient.custom_gradient(_swish_impl)(features, beta)


def _no_scope():
    return contextlib.nullcontext()


def _swish_impl(features, beta):
    def grad(dy):
        with get_default_graph().control_dependencies([dy]):
            sigmoid_features = unary_ops.sigmoid(beta * features)
        activation_grad = sigmoid_features * (1.0 + (beta * features) * (1.0 - sigmoid_features))
        beta_grad = reduction_ops.reduce_sum(dy * unary_ops.square(features) * sigmoid_features
                                             * (1.0 - sigmoid_features))
        return dy * activation_grad, beta_grad
    return features * unary_ops.sigmoid(beta * features), grad


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """max(x, 0) - x * z + log(1 + exp(-|x|)) for logits x and labels z (stable logistic loss)."""
    softmax_ops._ensure_xent_args("sigmoid_cross_entropy_with_logits", labels, logits)
    with op_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError(f"`logits` and `labels` must have the same shape, received ({logits.shape} vs "
                             f"{labels.shape}).")
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = indexing_ops.where(cond, logits, zeros)
        neg_abs_logits = indexing_ops.where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels, unary_ops.log1p(unary_ops.exp(neg_abs_logits)),
                            name=scope)


def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name=None, targets=None):
    """Sigmoid cross-entropy with positive examples weighted by `pos_weight`."""
    labels = renamed_arg("labels", labels, "targets", targets)
    with op_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError(f"`logits` and `labels` must have the same shape, received ({logits.shape} vs "
                             f"{labels.shape}).")
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add((1 - labels) * logits,
                            log_weight * (unary_ops.log1p(unary_ops.exp(-unary_ops.abs(logits)))
                                          + nn_ops.relu(-logits)), name=scope)


# ================================================================== l2_normalize and the dense layer
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon)) (tf.nn.l2_normalize)."""
    axis = renamed_arg("axis", axis, "dim", dim)
    with op_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = reduction_ops.reduce_sum(unary_ops.square(x), axis, keepdims=True)
        x_inv_norm = unary_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=scope)


def xw_plus_b(x, weights, biases, name=None):
    """matmul(x, weights) + biases (tf.nn.xw_plus_b)."""
    with op_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        mm = linalg_ops.matmul(x, weights)
        return nn_ops.bias_add(mm, biases, name=scope)


def relu_layer(x, weights, biases, name=None):
    """relu(matmul(x, weights) + biases) (tf.nn.relu_layer)."""
    with op_scope(name, "relu_layer", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        xw_plus_b_v1 = nn_ops.bias_add(linalg_ops.matmul(x, weights), biases)
        return nn_ops.relu(xw_plus_b_v1, name=scope)


# ================================================================== dropout
def _noise_shape(x, noise_shape):
    if noise_shape is None:
        return array_ops.shape(x)
    try:
        given = as_shape(noise_shape)
    except (TypeError, ValueError):
        return noise_shape
    if x.shape.ndims is not None and given.ndims == x.shape.ndims:
        dims = [xd if nd is None and xd is not None else nd
                for xd, nd in zip(x.shape.as_tuple_or_none(), given.as_tuple_or_none())]
        if all(d is not None for d in dims):
            return np.asarray(dims, dtype=np.int32)
    return noise_shape


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name=None, rate=None):
    """Zeroes elements with probability `rate` (= 1 - keep_prob) and scales the rest by 1/(1 - rate).

    Seeded like the random ops (graph seed plus `seed`).

    Raises:
        ValueError: both or neither of keep_prob and rate, a rate outside [0, 1), or a non-float `x`.
    """
    if keep_prob is not None:
        if rate is not None:
            raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
        try:
            rate = 1. - keep_prob
        except TypeError:
            raise ValueError("`keep_prob` must be a floating point number or Tensor. Received: "
                             f"keep_prob={keep_prob}") from None
    if rate is None:
        raise ValueError(f"`rate` must be provided. Received: rate={rate}")
    return dropout_v2(x, rate, noise_shape=noise_shape, seed=seed, name=name)


def dropout_v2(x, rate, noise_shape=None, seed=None, name=None):
    """tf.nn.dropout in TF2 form (rate only): the noise is random_uniform seeded like the random ops."""
    return dropout_with_sampler(x, rate, noise_shape, functools.partial(random_ops.random_uniform, seed=seed),
                                lambda: get_seed(seed), name, "dropout")


def dropout_with_sampler(x, rate, noise_shape, uniform_sampler, dummy_rng_step, name, default_name):
    """TF's one dropout (nn_ops._dropout): keep where `uniform_sampler(shape=, dtype=)` noise >= rate, scaled by
    1 / (1 - rate). `dummy_rng_step()` runs on the rate-0 fast path so later ops' seeds do not depend on it.

    Raises:
        ValueError: a number rate outside [0, 1), a rate neither a number nor a scalar tensor, a rate tensor of
            another dtype than `x`'s, or a non-float `x`.
    """
    with op_scope(name, default_name, [x]):
        is_number = isinstance(rate, numbers.Real)  # bool included, as TF's check
        if is_number and not 0 <= rate < 1:
            raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
        x = convert_to_tensor(x, name="x")
        x_dtype = x.dtype.base_dtype
        if not x_dtype.is_floating:
            raise ValueError(f"`x.dtype` must be a floating point tensor as `x` will be scaled. Received: "
                             f"x_dtype={x_dtype}")
        if is_number and rate == 0:
            dummy_rng_step()
            return x
        if not is_tensor(rate):
            if not is_number:
                raise ValueError(f"`rate` must be a scalar or scalar tensor. Received: rate={rate}")
            ret = math_ops.multiply(x, convert_to_tensor(1 / (1 - rate), dtype=x_dtype))
        else:
            if rate.shape.ndims not in (None, 0):
                raise ValueError(f"Shape {rate.shape} must have rank 0")
            if rate.dtype != x_dtype:
                if not rate.dtype.is_compatible_with(x_dtype):
                    raise ValueError(f"`x.dtype` must be compatible with `rate.dtype`. Received: x.dtype={x_dtype} "
                                     f"and rate.dtype={rate.dtype}")
                rate = math_ops.cast(rate, x_dtype, name="rate")
            ret = math_ops.realdiv(x, math_ops.subtract(convert_to_tensor(1, dtype=x_dtype), rate))
        random_tensor = uniform_sampler(shape=_noise_shape(x, noise_shape), dtype=x_dtype)
        keep_mask = random_tensor >= rate
        ret = indexing_ops.where_v2(keep_mask, ret, convert_to_tensor(0, dtype=x_dtype))
        ret.set_shape(x.shape)
        return ret


# ================================================================== moments and friends
def moments(x, axes, shift=None, name=None, keep_dims=None, keepdims=None):
    """Mean and (population) variance of `x` over `axes` (tf.nn.moments). Returns (mean, variance)."""
    keep = renamed_arg("keepdims", keepdims, "keep_dims", keep_dims)
    keep = bool(keep) if keep is not None else False
    with op_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x)
        y = math_ops.cast(x, dtypes.float32) if x.dtype.base_dtype == dtypes.float16 else x
        mean = reduction_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduction_ops.reduce_mean(math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes,
                                        keepdims=True, name="variance")
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if x.dtype.base_dtype == dtypes.float16:
            return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
        return mean, variance


def weighted_moments(x, axes, frequency_weights, name=None, keep_dims=None, keepdims=None):
    """Frequency-weighted mean and variance of `x` over `axes` (tf.nn.weighted_moments)."""
    keep = renamed_arg("keepdims", keepdims, "keep_dims", keep_dims)
    keep = bool(keep) if keep is not None else False
    with op_scope(name, "weighted_moments", [x, frequency_weights, axes]):
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(frequency_weights, name="frequency_weights", dtype=x.dtype.base_dtype)
        weighted_sum = reduction_ops.reduce_sum(weights * x, axes, keepdims=True)
        sum_of_weights = reduction_ops.reduce_sum(weights + array_ops.zeros_like(x), axes, keepdims=True)
        divisor = unary_ops.reciprocal(sum_of_weights)
        mean = weighted_sum * divisor
        variance = reduction_ops.reduce_sum(weights * math_ops.squared_difference(x, array_ops.stop_gradient(mean)),
                                       axes, keepdims=True) * divisor
        if not keep:
            mean = array_ops.squeeze(mean, axis=axes)
            variance = array_ops.squeeze(variance, axis=axes)
        return mean, variance


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """(count, sum, sum of squares, shift) of `x` over `axes` (tf.nn.sufficient_statistics)."""
    keep = renamed_arg("keepdims", keepdims, "keep_dims", keep_dims)
    keep = bool(keep) if keep is not None else False
    axes = list(set(axes))
    with op_scope(name, "sufficient_statistics", [x, shift]):
        x = convert_to_tensor(x, name="x")
        dims = x.shape.as_tuple_or_none() if x.shape.ndims is not None else None
        if dims is not None and all(dims[d] is not None for d in axes):  # a Const, as TF, when the axes are known
            counts = 1
            for d in axes:
                counts *= dims[d]
            counts = convert_to_tensor(counts, dtype=x.dtype.base_dtype)
        else:
            rank = array_ops.rank(x)
            positive = [math_ops.add(a, rank) if a < 0 else a for a in axes]
            sizes = gather_ops.gather(math_ops.cast(array_ops.shape(x), x.dtype.base_dtype), positive)
            counts = reduction_ops.reduce_prod(sizes, name="count")
        if shift is not None:
            shift = convert_to_tensor(shift, name="shift")
            m_ss = math_ops.subtract(x, shift)
            v_ss = math_ops.squared_difference(x, shift)
        else:
            m_ss, v_ss = x, unary_ops.square(x)
        m_ss = reduction_ops.reduce_sum(m_ss, axes, keepdims=keep, name="mean_ss")
        v_ss = reduction_ops.reduce_sum(v_ss, axes, keepdims=keep, name="var_ss")
        return counts, m_ss, v_ss, shift


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """Mean and variance from sufficient statistics (tf.nn.normalize_moments)."""
    with op_scope(name, "normalize", [counts, mean_ss, variance_ss, shift]):
        divisor = unary_ops.reciprocal(counts, name="divisor")
        if shift is not None:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="shifted_mean")
            mean = math_ops.add(shifted_mean, shift, name="mean")
        else:
            shifted_mean = math_ops.multiply(mean_ss, divisor, name="mean")
            mean = shifted_mean
        variance = math_ops.subtract(math_ops.multiply(variance_ss, divisor), unary_ops.square(shifted_mean),
                                     name="variance")
        return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + epsilon) + offset (tf.nn.batch_normalization)."""
    with op_scope(name, "batchnorm", [x, mean, variance, scale, offset]):
        x = convert_to_tensor(x)
        inv = unary_ops.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        shift = offset - mean * inv if offset is not None else -mean * inv
        return x * math_ops.cast(inv, x.dtype.base_dtype) + math_ops.cast(shift, x.dtype.base_dtype)


def zero_fraction(value, name=None):
    """The fraction of zeros in `value` as a float32 scalar (tf.nn.zero_fraction)."""
    with op_scope(name, "zero_fraction", [value]):
        value = convert_to_tensor(value, name="value")
        zero = convert_to_tensor(0, dtype=value.dtype.base_dtype)
        return reduction_ops.reduce_mean(math_ops.cast(logic_ops.equal(value, zero), dtypes.float32))


@add_dispatch_support
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """Rows `ids` of `params` (one tensor, or a list or PartitionedVariable sharded by `partition_strategy`)."""
    if params is None:
        raise ValueError("params must be specified")
    if isinstance(params, PartitionedVariable):
        params = list(params)
    if isinstance(params, list):  # as TF, a tuple is one table, not shards
        if not params:
            raise ValueError("Need at least one param")
        # shards given as NumPy arrays or nested lists become tensors (variables stay, for sparse updates)
        params = [convert_to_tensor(p, name="params") if isinstance(p, _PLAIN_VALUES) else p for p in params]
        if len(params) > 1:
            return _sharded_lookup(params, ids, partition_strategy, name, max_norm)
        params = params[0]
    with op_scope(name, "embedding_lookup", [params, ids]) as scope:
        if isinstance(params, _PLAIN_VALUES):
            params = convert_to_tensor(params, name="params")
        ids = convert_to_tensor(ids, name="ids")
        with get_default_graph().colocate_with(params):  # as TF: the gather sits with its table
            result = _clip_rows(gather_ops.gather(params, ids, name=scope), ids, max_norm)
        # as TF: an Identity ends the lookup, so the result carries no colocation with the table
        return array_ops.identity(result)


_PLAIN_VALUES = (np.ndarray, np.generic, list, tuple, numbers.Number)


def _clip_rows(rows, ids, max_norm):
    """Each embedding (the dims after the ids' own) scaled down to an l2 norm of at most `max_norm`, as TF."""
    if max_norm is None:
        return rows
    if ids.shape.ndims is not None and rows.shape.ndims is not None:
        axes = list(range(ids.shape.ndims, rows.shape.ndims))
    else:
        axes = sequence_ops.range_(array_ops.rank(ids), array_ops.rank(rows))
    return clip_ops.clip_by_norm(rows, max_norm, axes=axes)


def _sharded_lookup(params, ids, strategy, name, max_norm):
    """The rows of a table split over `params` ('mod': id % n; 'div': contiguous blocks)."""
    if strategy not in ("mod", "div"):
        raise ValueError(f"Unrecognized partition strategy: {strategy}. Must be one of either `mod` or `div`.")
    with op_scope(name, "embedding_lookup", params + [ids]) as scope:
        ids = convert_to_tensor(ids, name="ids")
        n = len(params)
        flat_ids = array_ops.reshape(ids, [-1])
        if strategy == "mod":
            p_assign = flat_ids % n
            new_ids = flat_ids // n
        else:
            sizes = [p.shape[0].value for p in params]
            if any(s is None for s in sizes):
                raise ValueError("partition_strategy='div' needs the first dimension of every param known.")
            bounds = np.cumsum([0] + sizes)
            p_assign = math_ops.cast(
                reduction_ops.reduce_sum(math_ops.cast(array_ops.expand_dims(flat_ids, 1) >= bounds[1:], dtypes.int32),
                                    1), flat_ids.dtype.base_dtype)
            new_ids = flat_ids - gather_ops.gather(convert_to_tensor(bounds[:-1], dtype=flat_ids.dtype.base_dtype),
                                                  p_assign)
        p_assign = math_ops.cast(p_assign, dtypes.int32)
        gather_ids = partition_ops.dynamic_partition(new_ids, p_assign, n)
        indices = partition_ops.dynamic_partition(sequence_ops.range_(array_ops.size(flat_ids)), p_assign, n)
        parts = [gather_ops.gather(p, g) for p, g in zip(params, gather_ids)]
        merged = partition_ops.dynamic_stitch(indices, parts)
        shape = stack_ops.concat([array_ops.shape(ids), array_ops.shape(merged)[1:]], 0)
        result = array_ops.reshape(merged, shape, name=scope)
        result.set_shape(ids.shape.concatenate(params[0].shape[1:]))
        return _clip_rows(result, ids, max_norm)


__all__ = []
