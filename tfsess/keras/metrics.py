"""tf.keras.metrics: the per-sample metric functions (accuracy family, and the losses under their
names) and stateful Mean metrics (`total`/`count` variables, `update_state`, `result`,
`reset_states`) as legacy Keras has them in graph mode."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.keras import backend, losses, weighting
from tfsess.ops import array_ops, control_flow_ops, logic_ops, math_ops, nn_ops, reduction_ops, state_ops, unary_ops, variables
from tfsess.ops.variables import GraphKeys
from tfsess.ops.keras_activations import function_by_name


def _float(x):
    return math_ops.cast(x, backend.floatx())


def binary_accuracy(y_true, y_pred, threshold=0.5):
    y_pred = convert_to_tensor(y_pred)
    y_true = math_ops.cast(convert_to_tensor(y_true), y_pred.dtype.base_dtype)
    predicted = math_ops.cast(logic_ops.greater(y_pred, threshold), y_pred.dtype.base_dtype)
    return reduction_ops.reduce_mean(_float(logic_ops.equal(y_true, predicted)), axis=-1)


def categorical_accuracy(y_true, y_pred):
    return _float(logic_ops.equal(reduction_ops.argmax(y_true, -1), reduction_ops.argmax(y_pred, -1)))


def sparse_categorical_accuracy(y_true, y_pred):
    y_pred, y_true = convert_to_tensor(y_pred), convert_to_tensor(y_true)
    if y_true.shape.ndims is not None and y_pred.shape.ndims is not None and \
            y_true.shape.ndims == y_pred.shape.ndims:
        y_true = array_ops.squeeze(y_true, [-1])
    predicted = reduction_ops.argmax(y_pred, -1)
    return _float(logic_ops.equal(math_ops.cast(y_true, predicted.dtype), predicted))


def accuracy(y_true, y_pred):
    y_pred = convert_to_tensor(y_pred)
    y_true = math_ops.cast(convert_to_tensor(y_true), y_pred.dtype.base_dtype)
    return _float(logic_ops.equal(y_true, y_pred))


mean_squared_error = mse = losses.mean_squared_error
mean_absolute_error = mae = losses.mean_absolute_error
categorical_crossentropy = losses.categorical_crossentropy
sparse_categorical_crossentropy = losses.sparse_categorical_crossentropy
binary_crossentropy = losses.binary_crossentropy


class Metric:
    """A stateful metric: variables under the metric's name scope, updated by `update_state`."""

    def __init__(self, name=None, dtype=None):
        self.name = name or type(self).__name__.lower()
        self.dtype = dtype or backend.floatx()
        self._variables = []

    def add_weight(self, name, shape=(), initializer="zeros", dtype=None):
        dtype = dtypes.as_dtype(dtype or self.dtype)
        var = variables.Variable(np.zeros(shape, dtype.as_numpy_dtype), name=name, trainable=False,
                                 collections=[GraphKeys.LOCAL_VARIABLES, GraphKeys.METRIC_VARIABLES], use_resource=True)
        backend.track_variable(var)
        self._variables.append(var)
        return var

    @property
    def variables(self):
        return list(self._variables)

    weights = variables

    def reset_states(self):
        backend.batch_set_value([(v, np.zeros(v.shape.as_list(), v.dtype.base_dtype.as_numpy_dtype))
                                 for v in self._variables])

    reset_state = reset_states

    def __call__(self, *args, **kwargs):
        update = self.update_state(*args, **kwargs)
        with backend.graph_of(update).control_dependencies([update]):
            return self.result()


class Mean(Metric):
    """The (weighted) mean of the values passed to update_state: total / count."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_weight("total")
        self.count = self.add_weight("count")

    def update_state(self, values, sample_weight=None):
        weights = None if sample_weight is None else convert_to_tensor(sample_weight)
        total, count = weighting.metric_sums(convert_to_tensor(values), weights)
        add_total = state_ops.assign_add(self.total, total)
        with backend.graph_of(add_total).control_dependencies([add_total]):
            return state_ops.assign_add(self.count, count)

    def result(self):
        return math_ops.div_no_nan(array_ops.identity(self.total), array_ops.identity(self.count))


class MeanMetricWrapper(Mean):
    """The mean of a per-sample function's values."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn, self._fn_kwargs = fn, kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        return super().update_state(self._fn(y_true, y_pred, **self._fn_kwargs), sample_weight)


def _wrapper(class_name, fn, default_name):
    def __init__(self, name=default_name, dtype=None, **kwargs):
        MeanMetricWrapper.__init__(self, fn, name=name, dtype=dtype, **kwargs)
    return type(class_name, (MeanMetricWrapper,), {"__init__": __init__, "__module__": __name__,
                                                   "__doc__": f"The mean of {fn.__name__}."})


Accuracy = _wrapper("Accuracy", accuracy, "accuracy")
BinaryAccuracy = _wrapper("BinaryAccuracy", binary_accuracy, "binary_accuracy")
CategoricalAccuracy = _wrapper("CategoricalAccuracy", categorical_accuracy, "categorical_accuracy")
SparseCategoricalAccuracy = _wrapper("SparseCategoricalAccuracy", sparse_categorical_accuracy,
                                     "sparse_categorical_accuracy")
MeanSquaredError = _wrapper("MeanSquaredError", losses.mean_squared_error, "mean_squared_error")
MeanAbsoluteError = _wrapper("MeanAbsoluteError", losses.mean_absolute_error, "mean_absolute_error")

Hinge = _wrapper("Hinge", losses.hinge, "hinge")
SquaredHinge = _wrapper("SquaredHinge", losses.squared_hinge, "squared_hinge")
LogCoshError = _wrapper("LogCoshError", losses.log_cosh, "logcosh")
CosineSimilarity = _wrapper("CosineSimilarity", losses.cosine_similarity, "cosine_similarity")
BinaryCrossentropy = _wrapper("BinaryCrossentropy", losses.binary_crossentropy, "binary_crossentropy")
CategoricalCrossentropy = _wrapper("CategoricalCrossentropy", losses.categorical_crossentropy,
                                   "categorical_crossentropy")
SparseCategoricalCrossentropy = _wrapper("SparseCategoricalCrossentropy", losses.sparse_categorical_crossentropy,
                                         "sparse_categorical_crossentropy")


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    y_pred = convert_to_tensor(y_pred)
    targets = reduction_ops.argmax(convert_to_tensor(y_true), -1)
    return _float(nn_ops.in_top_k(y_pred, math_ops.cast(targets, "int32"), k))


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    y_pred, y_true = convert_to_tensor(y_pred), convert_to_tensor(y_true)
    if y_true.shape.ndims is not None and y_true.shape.ndims == y_pred.shape.ndims:
        y_true = array_ops.squeeze(y_true, [-1])
    return _float(nn_ops.in_top_k(y_pred, math_ops.cast(y_true, "int32"), k))


TopKCategoricalAccuracy = _wrapper("TopKCategoricalAccuracy", top_k_categorical_accuracy,
                                   "top_k_categorical_accuracy")
SparseTopKCategoricalAccuracy = _wrapper("SparseTopKCategoricalAccuracy", sparse_top_k_categorical_accuracy,
                                         "sparse_top_k_categorical_accuracy")


class Sum(Metric):
    """The (weighted) sum of the values passed to update_state."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_weight("total")

    def update_state(self, values, sample_weight=None):
        values = math_ops.cast(convert_to_tensor(values), self.dtype)
        if sample_weight is not None:
            values = values * weighting.align(values, math_ops.cast(convert_to_tensor(sample_weight), self.dtype))
        return state_ops.assign_add(self.total, reduction_ops.reduce_sum(values))

    def result(self):
        return array_ops.identity(self.total)


class RootMeanSquaredError(Mean):
    """sqrt of the (weighted) mean squared error."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = losses._pair(y_true, y_pred)
        return super().update_state(math_ops.squared_difference(y_pred, y_true), sample_weight)

    def result(self):
        return unary_ops.sqrt(super().result())


class _Confusion(Metric):
    """Counts of one or more confusion-matrix cells at each threshold (a float threshold: a scalar result)."""

    cells = ()

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._scalar = thresholds is None or isinstance(thresholds, (int, float))
        values = [0.5] if thresholds is None else ([thresholds] if self._scalar else list(thresholds))
        self.thresholds = values
        # a counter's one variable is Keras's `accumulator`; Precision/Recall name theirs by cell
        self._counts = {cell: self.add_weight("accumulator" if len(self.cells) == 1 else f"{cell}s",
                                              shape=(len(values),)) for cell in self.cells}

    def update_state(self, y_true, y_pred, sample_weight=None):
        original = math_ops.cast(convert_to_tensor(y_pred), "float32")
        y_pred = array_ops.reshape(original, [1, -1])
        labels = math_ops.cast(array_ops.reshape(convert_to_tensor(y_true), [1, -1]), "bool")
        thresholds = convert_to_tensor(np.asarray(self.thresholds, np.float32).reshape(-1, 1))
        predicted = logic_ops.greater(y_pred, thresholds)
        weights = array_ops.ones_like(y_pred)
        if sample_weight is not None:
            weights = weights * array_ops.reshape(
                math_ops.cast(convert_to_tensor(sample_weight), "float32") * array_ops.ones_like(original), [1, -1])
        cells = {"true_positive": (labels, predicted),
                 "false_positive": (logic_ops.logical_not(labels), predicted),
                 "false_negative": (labels, logic_ops.logical_not(predicted)),
                 "true_negative": (logic_ops.logical_not(labels), logic_ops.logical_not(predicted))}
        updates = []
        for cell, var in self._counts.items():
            label_part, pred_part = cells[cell]
            hits = math_ops.cast(logic_ops.logical_and(label_part, pred_part), "float32") * weights
            updates.append(state_ops.assign_add(var, reduction_ops.reduce_sum(hits, axis=1)))
        return updates[0] if len(updates) == 1 else control_flow_ops.group(*updates)

    def _count(self, cell):
        return array_ops.identity(self._counts[cell])

    def result(self):
        value = self._count(self.cells[0])
        return value[0] if self._scalar else value


def _confusion_counter(class_name, cell, default_name):
    def __init__(self, thresholds=None, name=default_name, dtype=None):
        _Confusion.__init__(self, thresholds, name=name, dtype=dtype)
    return type(class_name, (_Confusion,), {"__init__": __init__, "cells": (cell,), "__module__": __name__,
                                            "__doc__": f"The (weighted) number of {cell}s at each threshold."})


TruePositives = _confusion_counter("TruePositives", "true_positive", "true_positives")
FalsePositives = _confusion_counter("FalsePositives", "false_positive", "false_positives")
TrueNegatives = _confusion_counter("TrueNegatives", "true_negative", "true_negatives")
FalseNegatives = _confusion_counter("FalseNegatives", "false_negative", "false_negatives")


class Precision(_Confusion):
    """true_positives / (true_positives + false_positives) at each threshold."""

    cells = ("true_positive", "false_positive")

    def __init__(self, thresholds=None, top_k=None, class_id=None, name="precision", dtype=None):
        if top_k is not None or class_id is not None:
            raise NotImplementedError(f"{type(self).__name__}(top_k=..., class_id=...) is not built.")
        super().__init__(thresholds, name=name, dtype=dtype)

    def result(self):
        tp = self._count("true_positive")
        value = math_ops.div_no_nan(tp, tp + self._count(self.cells[1]))
        return value[0] if self._scalar else value


class Recall(Precision):
    """true_positives / (true_positives + false_negatives) at each threshold."""

    cells = ("true_positive", "false_negative")

    def __init__(self, thresholds=None, top_k=None, class_id=None, name="recall", dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name, dtype=dtype)


_BY_NAME = {"binary_accuracy": binary_accuracy, "categorical_accuracy": categorical_accuracy,
            "sparse_categorical_accuracy": sparse_categorical_accuracy,
            "mean_squared_error": losses.mean_squared_error, "mse": losses.mean_squared_error,
            "mean_absolute_error": losses.mean_absolute_error, "mae": losses.mean_absolute_error,
            "categorical_crossentropy": losses.categorical_crossentropy,
            "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy,
            "binary_crossentropy": losses.binary_crossentropy, "hinge": losses.hinge,
            "squared_hinge": losses.squared_hinge, "logcosh": losses.log_cosh,
            "cosine_similarity": losses.cosine_similarity, "top_k_categorical_accuracy": top_k_categorical_accuracy,
            "sparse_top_k_categorical_accuracy": sparse_top_k_categorical_accuracy}


def get(identifier):
    """A metric function from a name or a callable."""
    return function_by_name(identifier, _BY_NAME, "metric")


__all__ = ["FalseNegatives", "FalsePositives", "Precision", "Recall", "TrueNegatives", "TruePositives",
           "BinaryCrossentropy", "CategoricalCrossentropy", "CosineSimilarity", "Hinge", "LogCoshError",
           "RootMeanSquaredError", "SparseCategoricalCrossentropy", "SparseTopKCategoricalAccuracy", "SquaredHinge",
           "Sum", "TopKCategoricalAccuracy", "sparse_top_k_categorical_accuracy", "top_k_categorical_accuracy",
           "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "Mean", "MeanAbsoluteError", "MeanMetricWrapper",
           "MeanSquaredError", "Metric", "SparseCategoricalAccuracy", "accuracy", "binary_accuracy",
           "binary_crossentropy", "categorical_accuracy", "categorical_crossentropy", "get", "mae",
           "mean_absolute_error", "mean_squared_error", "mse", "sparse_categorical_accuracy",
           "sparse_categorical_crossentropy"]
