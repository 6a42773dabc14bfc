"""tf.keras.losses: the loss functions (per-sample values, reduced over the last axis) and the loss
classes that reduce them (SUM_OVER_BATCH_SIZE by default), as legacy Keras computes them."""
from __future__ import annotations

from tfsess.framework.op_builder import convert_to_tensor
from tfsess.keras import backend, weighting
import numpy as np

from tfsess.ops import (array_ops, clip_ops, cond_ops, indexing_ops, logic_ops, math_ops, nn_impl, nn_ops,
                        reduction_ops, softmax_ops, unary_ops)
from tfsess.ops.keras_activations import function_by_name


def _pair(y_true, y_pred):
    y_pred = convert_to_tensor(y_pred)
    y_true = math_ops.cast(convert_to_tensor(y_true), y_pred.dtype.base_dtype)
    return y_true, y_pred


def _logits_of(output, op_type):
    """The logits under a Softmax/Sigmoid output (Keras then computes the loss from them, unclipped)."""
    op = getattr(output, "op", None)
    return op.inputs[0] if op is not None and op.type == op_type else None


def mean_squared_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    return reduction_ops.reduce_mean(math_ops.squared_difference(y_pred, y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    return reduction_ops.reduce_mean(unary_ops.abs(y_pred - y_true), axis=-1)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:
        classes = math_ops.cast(array_ops.shape(y_true)[-1], y_pred.dtype)
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / classes
    logits = y_pred if from_logits else _logits_of(y_pred, "Softmax")
    if logits is not None:
        return softmax_ops.softmax_cross_entropy_with_logits_v2(labels=y_true, logits=logits, axis=axis)
    y_pred = y_pred / reduction_ops.reduce_sum(y_pred, axis, keepdims=True)
    eps = backend.epsilon()
    y_pred = clip_ops.clip_by_value(y_pred, eps, 1.0 - eps)
    return -reduction_ops.reduce_sum(y_true * unary_ops.log(y_pred), axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, axis=-1):
    y_pred = convert_to_tensor(y_pred)
    y_true = math_ops.cast(convert_to_tensor(y_true), "int64")
    rank = y_pred.shape.ndims
    if y_true.shape.ndims == rank:  # labels [batch, 1] against [batch, classes]
        y_true = array_ops.squeeze(y_true, [-1])
    logits = y_pred if from_logits else _logits_of(y_pred, "Softmax")
    if logits is None:
        eps = backend.epsilon()
        logits = unary_ops.log(clip_ops.clip_by_value(y_pred, eps, 1.0 - eps))
    return softmax_ops.sparse_softmax_cross_entropy_with_logits(labels=y_true, logits=logits)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    logits = y_pred if from_logits else _logits_of(y_pred, "Sigmoid")
    if logits is not None:
        return reduction_ops.reduce_mean(nn_impl.sigmoid_cross_entropy_with_logits(labels=y_true, logits=logits),
                                         axis=axis)
    eps = backend.epsilon()
    y_pred = clip_ops.clip_by_value(y_pred, eps, 1.0 - eps)
    bce = y_true * unary_ops.log(y_pred + eps) + (1.0 - y_true) * unary_ops.log(1.0 - y_pred + eps)
    return reduction_ops.reduce_mean(-bce, axis=axis)


def huber(y_true, y_pred, delta=1.0):
    y_true, y_pred = _pair(y_true, y_pred)
    error = y_pred - y_true
    abs_error = unary_ops.abs(error)
    half = 0.5
    quadratic = half * error * error
    linear = delta * abs_error - half * delta * delta
    return reduction_ops.reduce_mean(indexing_ops.where_v2(abs_error <= delta, quadratic, linear), axis=-1)


def _signed_labels(y_true):
    """0/1 labels as -1/1 (kept as they are unless every label is 0 or 1), as Keras's hinge losses take them."""
    binary = reduction_ops.reduce_all(logic_ops.logical_or(logic_ops.equal(y_true, 0.0), logic_ops.equal(y_true, 1.0)))
    return cond_ops.cond(binary, lambda: 2.0 * y_true - 1.0, lambda: y_true)


def hinge(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _signed_labels(y_true)
    return reduction_ops.reduce_mean(math_ops.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def squared_hinge(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _signed_labels(y_true)
    return reduction_ops.reduce_mean(unary_ops.square(math_ops.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def log_cosh(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    x = y_pred - y_true
    return reduction_ops.reduce_mean(x + nn_ops.softplus(-2.0 * x) - math_ops.cast(np.log(2.0), x.dtype), axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    y_true, y_pred = _pair(y_true, y_pred)
    return reduction_ops.reduce_sum(nn_impl.l2_normalize(y_true, axis=axis) * nn_impl.l2_normalize(y_pred, axis=axis),
                                    axis=axis)


def kl_divergence(y_true, y_pred):
    y_true, y_pred = _pair(y_true, y_pred)
    eps = backend.epsilon()
    y_true = clip_ops.clip_by_value(y_true, eps, 1.0)
    y_pred = clip_ops.clip_by_value(y_pred, eps, 1.0)
    return reduction_ops.reduce_sum(y_true * unary_ops.log(y_true / y_pred), axis=-1)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
kld = KLD = kullback_leibler_divergence = kl_divergence


class Reduction:
    """How a loss class reduces its per-sample values."""
    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"


class Loss:
    """A loss object: `loss(y_true, y_pred, sample_weight=None)` -> the reduced loss."""

    def __init__(self, reduction=Reduction.AUTO, name=None):
        self.reduction, self.name = reduction, name

    def call(self, y_true, y_pred):
        raise NotImplementedError

    def __call__(self, y_true, y_pred, sample_weight=None):
        with backend.graph_of(y_pred).name_scope(self.name or type(self).__name__.lower()):
            values = self.call(y_true, y_pred)
            return reduce_loss(values, sample_weight, self.reduction)

    def get_config(self):
        return {"reduction": self.reduction, "name": self.name}


def reduce_loss(values, sample_weight, reduction):
    """Weights per-sample values (weights aligned to their rank) and reduces them: none, sum, or the sum over
    the number of values."""
    return weighting.reduce_weighted(values, sample_weight, reduction)


class LossFunctionWrapper(Loss):
    """A Loss over a per-sample function and its keyword arguments."""

    def __init__(self, fn, reduction=Reduction.AUTO, name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn, self._fn_kwargs = fn, kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)


def _loss_class(class_name, fn, default_name, arg_names=()):
    def __init__(self, *args, reduction=Reduction.AUTO, name=default_name, **kwargs):
        kwargs.update(zip(arg_names, args))
        LossFunctionWrapper.__init__(self, fn, reduction=reduction, name=name, **kwargs)
    return type(class_name, (LossFunctionWrapper,), {"__init__": __init__, "__module__": __name__,
                                                     "__doc__": f"{fn.__name__} as a Loss object."})


MeanSquaredError = _loss_class("MeanSquaredError", mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _loss_class("MeanAbsoluteError", mean_absolute_error, "mean_absolute_error")
CategoricalCrossentropy = _loss_class("CategoricalCrossentropy", categorical_crossentropy,
                                      "categorical_crossentropy", ("from_logits", "label_smoothing"))
SparseCategoricalCrossentropy = _loss_class("SparseCategoricalCrossentropy", sparse_categorical_crossentropy,
                                            "sparse_categorical_crossentropy", ("from_logits",))
BinaryCrossentropy = _loss_class("BinaryCrossentropy", binary_crossentropy, "binary_crossentropy",
                                 ("from_logits", "label_smoothing"))
Huber = _loss_class("Huber", huber, "huber_loss", ("delta",))
Hinge = _loss_class("Hinge", hinge, "hinge")
KLDivergence = _loss_class("KLDivergence", kl_divergence, "kl_divergence")

_BY_NAME = {"mean_squared_error": mean_squared_error, "mse": mean_squared_error, "MSE": mean_squared_error,
            "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error, "MAE": mean_absolute_error,
            "categorical_crossentropy": categorical_crossentropy,
            "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
            "binary_crossentropy": binary_crossentropy, "huber_loss": huber, "huber": huber, "hinge": hinge,
            "kl_divergence": kl_divergence, "kld": kl_divergence, "kullback_leibler_divergence": kl_divergence}


def get(identifier):
    """A loss function or object from a name, a Loss, a callable or None."""
    if identifier is None:
        return None
    return function_by_name(identifier, _BY_NAME, "loss")


__all__ = ["BinaryCrossentropy", "CategoricalCrossentropy", "Hinge", "Huber", "KLD", "KLDivergence", "Loss",
           "MAE", "MSE", "MeanAbsoluteError", "MeanSquaredError", "Reduction", "SparseCategoricalCrossentropy",
           "binary_crossentropy", "categorical_crossentropy", "get", "hinge", "kl_divergence", "kld",
           "kullback_leibler_divergence", "mae", "mean_absolute_error", "mean_squared_error", "mse",
           "sparse_categorical_crossentropy"]
