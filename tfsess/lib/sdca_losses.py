"""The dual losses of TF's SDCA optimizer (the DualLossUpdater family of its kernels): each gives the
optimal new dual of one example, its primal and dual losses, the primal loss's derivative and smoothness,
and checks its label. Plain float (double) arithmetic, as TF's kernels compute."""
from __future__ import annotations

import math
import sys

_DOUBLE_MAX = sys.float_info.max
_NEWTON_STEPS = 10


def _binary_label(label):
    if label == 0.0:
        return -1.0
    if label == 1.0:
        return 1.0
    raise ValueError(f"Only labels of 0.0 or 1.0 are supported right now. Found example with label: {label:g}")


class LogisticLoss:
    smoothness = 4.0
    convert_label = staticmethod(_binary_label)

    @staticmethod
    def updated_dual(partitions, label, weight, dual, wx, norm):
        x = 0.0
        for _ in range(_NEWTON_STEPS):
            t = math.tanh(x)
            numerator = -2 * label * x - wx - partitions * norm * weight * (0.5 * (1 + t) / label - dual)
            denominator = -2 * label - partitions * norm * weight * (1 - t * t) * 0.5 / label
            x -= numerator / denominator
        return 0.5 * (1 + math.tanh(x)) / label

    @staticmethod
    def dual_loss(dual, label, weight):
        ay = dual * label
        one_minus = 1 - ay
        return ((ay * (math.log(ay) if ay > 0 else 0)) + one_minus * (math.log(one_minus) if one_minus > 0 else 0)) \
            * weight

    @staticmethod
    def primal_loss(wx, label, weight):
        y_wx = label * wx
        if y_wx > 0:
            return math.log1p(math.exp(-y_wx)) * weight
        return (math.log1p(math.exp(y_wx)) - y_wx) * weight

    @staticmethod
    def derivative(wx, label, weight):
        if label * wx > 0:
            inverse = math.exp(-label * wx) / (1 + math.exp(-label * wx))
        else:
            inverse = 1 / (1 + math.exp(label * wx))
        return -inverse * label * weight


class SquaredLoss:
    smoothness = 1.0

    @staticmethod
    def convert_label(label):
        return label

    @staticmethod
    def updated_dual(partitions, label, weight, dual, wx, norm):
        return dual + (label - dual - wx) / (1 + partitions * norm * weight)

    @staticmethod
    def dual_loss(dual, label, weight):
        return dual * (0.5 * dual - label) * weight

    @staticmethod
    def primal_loss(wx, label, weight):
        return (wx - label) * (wx - label) * weight * 0.5

    @staticmethod
    def derivative(wx, label, weight):
        return (wx - label) * weight


class HingeLoss:
    smoothness = 0.0
    gamma = 0.0  # the hinge is the smooth hinge with no smoothing
    convert_label = staticmethod(_binary_label)

    @classmethod
    def updated_dual(cls, partitions, label, weight, dual, wx, norm):
        candidate = dual + (label - wx - cls.gamma * dual) / (partitions * weight * norm + cls.gamma)
        if label * candidate < 0:
            return 0.0
        return label if label * candidate > 1.0 else candidate

    @classmethod
    def dual_loss(cls, dual, label, weight):
        y_alpha = dual * label
        if y_alpha < 0 or y_alpha > 1.0:
            return _DOUBLE_MAX
        return (-y_alpha + 0.5 * cls.gamma * dual * dual) * weight if cls.gamma else -y_alpha * weight

    @staticmethod
    def primal_loss(wx, label, weight):
        return max(0.0, 1 - label * wx) * weight

    @staticmethod
    def derivative(wx, label, weight):
        return -label * weight if label * wx < 1 else 0.0


class SmoothHingeLoss(HingeLoss):
    smoothness = 1.0
    gamma = 1.0

    @classmethod
    def primal_loss(cls, wx, label, weight):
        y_wx = label * wx
        if y_wx >= 1:
            return 0.0
        if y_wx <= 1 - cls.gamma:
            return (1 - y_wx - cls.gamma / 2) * weight
        return (1 - y_wx) * (1 - y_wx) * weight * 0.5 / cls.gamma

    @classmethod
    def derivative(cls, wx, label, weight):
        if label * wx >= 1:
            return 0.0
        return -label if label * wx <= 1 - cls.gamma else (wx - label) / cls.gamma


class PoissonLoss:
    smoothness = 1.0

    @staticmethod
    def convert_label(label):
        if label < 0.0:
            raise ValueError("Only non-negative labels can be used with the Poisson log loss. Found example with "
                             f"label: {label:g}")
        return label

    @staticmethod
    def updated_dual(partitions, label, weight, dual, wx, norm):
        y_minus_a = label - dual
        x = math.log(y_minus_a) if y_minus_a > 0 else 0.0
        for _ in range(_NEWTON_STEPS):
            e = math.exp(x)
            x -= (x - wx - partitions * norm * weight * (label - dual - e)) / (1 + partitions * norm * weight * e)
        return label - math.exp(x)

    @staticmethod
    def dual_loss(dual, label, weight):
        y_minus_a = label - dual
        if y_minus_a == 0.0:
            return 0.0
        if y_minus_a < 0.0:
            return _DOUBLE_MAX
        return y_minus_a * (math.log(y_minus_a) - 1) * weight

    @staticmethod
    def primal_loss(wx, label, weight):
        return (math.exp(wx) - wx * label) * weight

    @staticmethod
    def derivative(wx, label, weight):
        return (math.exp(wx) - label) * weight


LOSSES = {"logistic_loss": LogisticLoss, "squared_loss": SquaredLoss, "hinge_loss": HingeLoss,
          "smooth_hinge_loss": SmoothHingeLoss, "poisson_loss": PoissonLoss}
