"""TF's SdcaOptimizer op (tf.train.sdca_optimizer): one pass of stochastic dual coordinate ascent over a
mini-batch of examples for a linear model with L1 + L2 regularization.

Each example's dual is moved to its optimum for the loss (lib/sdca_losses.py) given the current weights
(nominal + delta * num_loss_partitions, shrunk by l1/l2), and the weight deltas follow. The op returns the
examples' new state [dual, primal loss, dual loss, weight] and the weight deltas; the caller adds the deltas
and, for L1, shrinks (SdcaShrinkL1). As TF, examples are visited in a random order: a uniform shuffle, or
with `adaptative` TF's adaptive sampling (probabilities from each example's dual residual, decay 10).
"""
from __future__ import annotations

import collections
import math

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.sdca_losses import LOSSES
from tfsess.ops._infer import host

SdcaResult = collections.namedtuple("SdcaOptimizer", ["out_example_state_data", "out_delta_sparse_weights",
                                                      "out_delta_dense_weights"])
_F32 = np.float32


def _groups(inputs, attrs):
    """The op's input lists by name, from its flat inputs."""
    names = [("sparse_example_indices", attrs["num_sparse_features"]),
             ("sparse_feature_indices", attrs["num_sparse_features"]),
             ("sparse_feature_values", attrs["num_sparse_features_with_values"]),
             ("dense_features", attrs["num_dense_features"]), ("example_weights", 1), ("example_labels", 1),
             ("sparse_indices", attrs["num_sparse_features"]), ("sparse_weights", attrs["num_sparse_features"]),
             ("dense_weights", attrs["num_dense_features"]), ("example_state_data", 1)]
    out, start = {}, 0
    for name, count in names:
        out[name] = list(inputs[start:start + count])
        start += count
    return out


def _sdca_infer(inputs, attrs):
    g = _groups(inputs, attrs)
    return ([(dtypes.float32, TensorShape([None, 4]))] + [(dtypes.float32, t.shape) for t in g["sparse_weights"]]
            + [(dtypes.float32, t.shape) for t in g["dense_weights"]])


class _Weights:
    """One feature group's weights: nominal values, the deltas this pass adds, and (sparse) id -> position."""

    def __init__(self, nominal, ids=None):
        self.nominal = np.asarray(nominal, _F32).ravel()
        self.delta = np.zeros_like(self.nominal)
        self.position = None if ids is None else {int(i): j for j, i in enumerate(np.asarray(ids).ravel())}


def _shrink(w, shrinkage):
    shrunk = max(abs(w) - shrinkage, 0.0)
    return math.copysign(shrunk, w) if shrunk > 0.0 else 0.0


def _sparse_examples(g, n, sparse_weights):
    """Per example and group: (weight positions, feature values or None)."""
    per_example = [[] for _ in range(n)]
    for i, (ex_t, feat_t) in enumerate(zip(g["sparse_example_indices"], g["sparse_feature_indices"])):
        ex, feat = np.asarray(ex_t, np.int64).ravel(), np.asarray(feat_t, np.int64).ravel()
        if ex.size != feat.size:
            raise errors.InvalidArgumentError(None, None, f"Found mismatched example_indices and feature_indices "
                                                          f"[{ex}] vs [{feat}]")
        values = np.asarray(g["sparse_feature_values"][i], _F32).ravel() if i < len(g["sparse_feature_values"]) \
            else None
        end = 0
        for e in range(n):  # each example's features are a run of equal example indices, in example order
            start = end
            while end < ex.size and ex[end] == e:
                end += 1
            for f in feat[start:end]:
                if int(f) not in sparse_weights[i].position:
                    raise errors.InvalidArgumentError(None, None, f"Found sparse feature indices out of valid "
                                                                  f"range: {int(f)}")
            positions = [sparse_weights[i].position[int(f)] for f in feat[start:end]]
            per_example[e].append((positions, None if values is None else values[start:end], feat[start:end]))
    return per_example


def _squared_norms(sparse, dense, n):
    norms = []
    for e in range(n):
        total = 0.0
        for positions, values, features in sparse[e]:
            if len(set(int(f) for f in features)) != len(features):
                raise errors.InvalidArgumentError(None, None, "Duplicate index in sparse vector.")
            total += len(positions) if values is None else sum(float(v) * float(v) for v in values)
        for matrix in dense:
            total += float(np.sum(np.square(matrix[e]), dtype=_F32))
        norms.append(total)
    return norms


class _Pass:
    """One SdcaOptimizer run: the examples, the weights and the loss."""

    def __init__(self, g, attrs):
        self.loss = LOSSES[attrs["loss_type"]]
        self.partitions = int(attrs["num_loss_partitions"])
        self.l2 = float(_F32(attrs["l2"]))
        self.shrinkage = float(_F32(attrs["l1"]) / _F32(attrs["l2"]))
        self.sparse_w = [_Weights(w, ids) for w, ids in zip(g["sparse_weights"], g["sparse_indices"])]
        self.dense_w = [_Weights(w) for w in g["dense_weights"]]
        self.weights = np.asarray(g["example_weights"][0], _F32).ravel()
        self.labels = np.asarray(g["example_labels"][0], _F32).ravel()
        n = self.weights.size
        if self.labels.size != n:
            raise errors.InvalidArgumentError(None, None, f"Expected {n} example labels but got {self.labels.size}")
        self.dense = []
        for i, matrix in enumerate(g["dense_features"]):
            matrix = np.asarray(matrix, _F32)
            if matrix.ndim != 2:
                raise errors.InvalidArgumentError(None, None, f"Dense features at index {i} must be rank 2 but is "
                                                              f"rank {matrix.ndim}")
            if matrix.shape[1] > self.dense_w[i].nominal.size or matrix.shape[1] == 0:
                raise errors.InvalidArgumentError(None, None, f"More dense features than we have parameters for: "
                                                              f"{matrix.shape[1]}")
            if matrix.shape[0] < n:
                raise errors.InvalidArgumentError(None, None, f"Dense features at index {i} have {matrix.shape[0]} "
                                                              f"rows for {n} examples")
            self.dense.append(matrix)
        self.sparse = _sparse_examples(g, n, self.sparse_w)
        self.norms = _squared_norms(self.sparse, self.dense, n)

    def wx(self, e):
        """(wx, prev_wx) of example `e` under the current and the nominal weights."""
        wx = prev = 0.0
        for (positions, values, _), w in zip(self.sparse[e], self.sparse_w):
            for k, p in enumerate(positions):
                value = 1.0 if values is None else float(values[k])
                nominal = w.nominal[p]
                current = _F32(nominal + _F32(w.delta[p] * _F32(self.partitions)))
                prev += value * _shrink(float(nominal), self.shrinkage)
                wx += value * _shrink(float(current), self.shrinkage)
        shrinkage = _F32(self.shrinkage)
        for matrix, w in zip(self.dense, self.dense_w):
            row = matrix[e]
            current = (w.nominal + w.delta * _F32(self.partitions))[:row.size]
            prev += float(np.sum(row * _shrunk32(w.nominal[:row.size], shrinkage), dtype=_F32))
            wx += float(np.sum(row * _shrunk32(current, shrinkage), dtype=_F32))
        return wx, prev

    def update(self, e, state):
        dual, weight = float(state[e, 0]), float(self.weights[e])
        label = self.loss.convert_label(float(self.labels[e]))
        wx, prev = self.wx(e)
        new_dual = self.loss.updated_dual(self.partitions, label, weight, dual, wx, self.norms[e] / self.l2)
        step = (new_dual - dual) * weight / self.l2
        for (positions, values, _), w in zip(self.sparse[e], self.sparse_w):
            for k, p in enumerate(positions):
                w.delta[p] = _F32(float(w.delta[p]) + (1.0 if values is None else float(values[k])) * step)
        for matrix, w in zip(self.dense, self.dense_w):
            row = matrix[e]
            w.delta[:row.size] = w.delta[:row.size] + row * _F32(step)
        state[e] = (new_dual, self.loss.primal_loss(prev, label, weight), self.loss.dual_loss(dual, label, weight),
                    weight)

    def order(self, state, adaptive, rng):
        n = self.weights.size
        if not adaptive:
            return rng.permutation(n)
        probabilities = np.empty(n)
        for e in range(n):
            try:
                label = self.loss.convert_label(float(self.labels[e]))
            except ValueError:
                label = float(self.labels[e])  # TF ignores the conversion's status here
            kappa = float(state[e, 0]) + self.loss.derivative(self.wx(e)[0], label, 1.0)
            probabilities[e] = float(self.weights[e]) * math.sqrt(self.norms[e] + self.l2 * self.loss.smoothness) \
                * abs(kappa)
        return _adaptive_order(probabilities, rng)


def _shrunk32(w, shrinkage):
    return np.sign(w) * np.maximum(np.abs(w) - shrinkage, _F32(0))


def _adaptive_order(probabilities, rng):
    """TF's adaptive sampling: draw by probability, keeping a pick with probability 0.1 ** (times picked), for at
    most n draws plus n retries. The slots left unfilled keep example 0, as TF's kernel leaves them."""
    n = probabilities.size
    total = probabilities.sum()
    p = probabilities / total if total > 0 and np.isfinite(total) else np.full(n, 1.0 / n)
    order, counts, retries = np.zeros(n, np.int64), np.zeros(n, np.int64), 0
    filled = 0
    while filled < n and retries < n:
        pick = int(rng.choice(n, p=p))
        if rng.random() > 0.1 ** counts[pick]:
            retries += 1
            continue
        counts[pick] += 1
        order[filled] = pick
        filled += 1
    return order


def _check_attrs(loss_type, num_sparse, num_dense):
    if loss_type not in LOSSES:
        raise errors.InvalidArgumentError(None, None, f"Unsupported loss type: {loss_type}")
    if num_sparse + num_dense <= 0:
        raise errors.InvalidArgumentError(None, None, "Requires at least one feature to train.")


@register_op("SdcaOptimizer", infer=_sdca_infer, stateful=True, gpu=False)
def _sdca_optimizer(xp, *inputs, loss_type, adaptative, num_sparse_features, num_sparse_features_with_values,
                    num_dense_features, l1, l2, num_loss_partitions, num_inner_iterations):
    attrs = dict(loss_type=loss_type, num_sparse_features=num_sparse_features, l1=l1, l2=l2,
                 num_sparse_features_with_values=num_sparse_features_with_values,
                 num_dense_features=num_dense_features, num_loss_partitions=num_loss_partitions)
    _check_attrs(loss_type, num_sparse_features, num_dense_features)
    g = _groups([host(v) for v in inputs], attrs)
    run = _Pass(g, attrs)
    state = np.asarray(g["example_state_data"][0], _F32)
    n = run.weights.size
    if state.ndim != 2:
        raise errors.InvalidArgumentError(None, None, f"example_state_data must be rank 2 but is rank {state.ndim}")
    if state.shape != (n, 4):
        raise errors.InvalidArgumentError(None, None, f"Expected shape [{n},4] for example_state_data, got "
                                                      f"[{','.join(str(d) for d in state.shape)}]")
    state = state.copy()
    try:
        for e in run.order(state, adaptative, np.random.default_rng()):
            run.update(int(e), state)
    except ValueError as exc:  # a label the loss does not take
        raise errors.InvalidArgumentError(None, None, str(exc)) from None
    deltas = [w.delta.reshape(np.shape(t)) for w, t in zip(run.sparse_w, g["sparse_weights"])] + \
        [w.delta.reshape(np.shape(t)) for w, t in zip(run.dense_w, g["dense_weights"])]
    return tuple([state] + deltas)


def _tensor_list(values, param, dtype):
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"Expected list for '{param}' argument to 'sdca_optimizer' Op, not {values!r}.")
    return [convert_to_tensor(v, dtype=dtype) for v in values]


def _same_length(items, param, first, other):
    if len(items) != len(first):
        raise ValueError(f"List argument '{param}' to 'sdca_optimizer' Op with length {len(items)} must match "
                         f"length {len(first)} of argument '{other}'.")


def sdca_optimizer(sparse_example_indices, sparse_feature_indices, sparse_feature_values, dense_features,
                   example_weights, example_labels, sparse_indices, sparse_weights, dense_weights, example_state_data,
                   loss_type, l1, l2, num_loss_partitions, num_inner_iterations, adaptative=True, name=None):
    """One pass of stochastic dual coordinate ascent over a mini-batch (tf.train.sdca_optimizer).

    Returns:
        SdcaOptimizer(out_example_state_data, out_delta_sparse_weights, out_delta_dense_weights).

    Raises:
        TypeError: a list argument that is no list, or of the wrong dtype.
        ValueError: list arguments whose lengths do not match.
    """
    if loss_type not in LOSSES:
        allowed = ", ".join(f'"{k}"' for k in LOSSES)
        raise ValueError(f"Attr 'loss_type' of 'SdcaOptimizer' Op passed string '{loss_type}' not in: {allowed}.")
    with op_scope(name, "SdcaOptimizer", []) as scope:
        lists = {"sparse_example_indices": (sparse_example_indices, dtypes.int64),
                 "sparse_feature_indices": (sparse_feature_indices, dtypes.int64),
                 "sparse_feature_values": (sparse_feature_values, dtypes.float32),
                 "dense_features": (dense_features, dtypes.float32),
                 "sparse_indices": (sparse_indices, dtypes.int64), "sparse_weights": (sparse_weights, dtypes.float32),
                 "dense_weights": (dense_weights, dtypes.float32)}
        t = {k: _tensor_list(v, k, d) for k, (v, d) in lists.items()}
        for k in ("sparse_feature_indices", "sparse_indices", "sparse_weights"):
            _same_length(t[k], k, t["sparse_example_indices"], "sparse_example_indices")
        _same_length(t["dense_weights"], "dense_weights", t["dense_features"], "dense_features")
        scalars = [convert_to_tensor(v, dtype=dtypes.float32) for v in (example_weights, example_labels)]
        inputs = (t["sparse_example_indices"] + t["sparse_feature_indices"] + t["sparse_feature_values"]
                  + t["dense_features"] + scalars + t["sparse_indices"] + t["sparse_weights"] + t["dense_weights"]
                  + [convert_to_tensor(example_state_data, dtype=dtypes.float32)])
        attrs = {"loss_type": str(loss_type), "adaptative": bool(adaptative),
                 "num_sparse_features": len(t["sparse_example_indices"]),
                 "num_sparse_features_with_values": len(t["sparse_feature_values"]),
                 "num_dense_features": len(t["dense_features"]), "l1": float(l1), "l2": float(l2),
                 "num_loss_partitions": int(num_loss_partitions), "num_inner_iterations": int(num_inner_iterations)}
        op = apply_op("SdcaOptimizer", inputs, attrs, name=scope)
    outs, ns = list(op.outputs), attrs["num_sparse_features"]
    return SdcaResult(outs[0], outs[1:1 + ns], outs[1 + ns:])


__all__ = ["sdca_optimizer"]
