"""KL divergence between distributions: a table of functions keyed by the pair of classes (RegisterKL).

kl_divergence looks the pair up along both classes' method resolution orders (closest match first)
and, unless allow_nan_stats, asserts the result holds no NaN, as TF's kullback_leibler does.
"""
from __future__ import annotations

import inspect

from tfsess.framework.op_builder import op_scope
from tfsess.ops import array_ops, check_ops, control_flow_ops, reduction_ops, unary_ops

_DIVERGENCES = {}


def _registered_kl(type_a, type_b):
    """The registered function closest to (type_a, type_b) in their class hierarchies, or None."""
    best, best_distance = None, None
    for distance_a, parent_a in enumerate(inspect.getmro(type_a)):
        for distance_b, parent_b in enumerate(inspect.getmro(type_b)):
            fn = _DIVERGENCES.get((parent_a, parent_b))
            if fn is not None and (best_distance is None or distance_a + distance_b < best_distance):
                best, best_distance = fn, distance_a + distance_b
    return best


def kl_divergence(distribution_a, distribution_b, allow_nan_stats=True, name=None):
    """KL(distribution_a || distribution_b) (tf.distributions.kl_divergence).

    Raises:
        NotImplementedError: no function is registered for the two classes.
    """
    fn = _registered_kl(type(distribution_a), type(distribution_b))
    if fn is None:
        raise NotImplementedError(f"No KL(distribution_a || distribution_b) registered for distribution_a type "
                                  f"{type(distribution_a).__name__} and distribution_b type "
                                  f"{type(distribution_b).__name__}")
    with op_scope(None, "KullbackLeibler", []):
        kl_t = fn(distribution_a, distribution_b, name=name)
        if allow_nan_stats:
            return kl_t
        kl_t = array_ops.identity(kl_t, name="kl")
        check = check_ops.assert_equal(
            reduction_ops.reduce_any(unary_ops.is_nan(kl_t)), False,
            message=f"KL calculation between {distribution_a.name} and {distribution_b.name} returned NaN values "
                    f"(and was called with allow_nan_stats=False). Values:")
        return control_flow_ops.with_dependencies([check], kl_t)


def cross_entropy(ref, other, allow_nan_stats=True, name=None):
    """H[ref, other] = entropy(ref) + KL(ref || other)."""
    with op_scope(name, "cross_entropy", []):
        return ref.entropy() + kl_divergence(ref, other, allow_nan_stats=allow_nan_stats)


class RegisterKL:
    """Decorator registering the KL function of a pair of Distribution classes (tf.distributions.RegisterKL)."""

    def __init__(self, dist_cls_a, dist_cls_b):
        self._key = (dist_cls_a, dist_cls_b)

    def __call__(self, kl_fn):
        if not callable(kl_fn):
            raise TypeError(f"kl_fn must be callable, received: {kl_fn}")
        if self._key in _DIVERGENCES:
            raise ValueError(f"KL({self._key[0].__name__} || {self._key[1].__name__}) has already been registered "
                             f"to: {_DIVERGENCES[self._key]}")
        _DIVERGENCES[self._key] = kl_fn
        return kl_fn


