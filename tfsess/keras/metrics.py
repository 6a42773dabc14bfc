"""tf.keras.metrics: the per-sample metric functions (accuracy family, and the losses under their
names) and stateful Mean metrics (`total`/`count` variables, `update_state`, `result`,
`reset_states`) as legacy Keras has them in graph mode."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.keras import backend, losses
from tfsess.ops import array_ops, logic_ops, math_ops, reduction_ops, state_ops, variables
from tfsess.ops.variables import GraphKeys
from tfsess.keras.utils import function_by_name


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
        backend.batch_set_value([(v, 0.0) for v in self._variables])

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
        values = math_ops.cast(convert_to_tensor(values), self.dtype)
        if sample_weight is None:
            total, count = reduction_ops.reduce_sum(values), math_ops.cast(array_ops.size(values), self.dtype)
        else:
            weight = math_ops.cast(convert_to_tensor(sample_weight), self.dtype)
            total, count = reduction_ops.reduce_sum(values * weight), reduction_ops.reduce_sum(weight + values * 0)
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

_BY_NAME = {"binary_accuracy": binary_accuracy, "categorical_accuracy": categorical_accuracy,
            "sparse_categorical_accuracy": sparse_categorical_accuracy,
            "mean_squared_error": losses.mean_squared_error, "mse": losses.mean_squared_error,
            "mean_absolute_error": losses.mean_absolute_error, "mae": losses.mean_absolute_error,
            "categorical_crossentropy": losses.categorical_crossentropy,
            "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy,
            "binary_crossentropy": losses.binary_crossentropy}


def get(identifier):
    """A metric function from a name or a callable."""
    return function_by_name(identifier, _BY_NAME, "metric")


__all__ = ["Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "Mean", "MeanAbsoluteError", "MeanMetricWrapper",
           "MeanSquaredError", "Metric", "SparseCategoricalAccuracy", "accuracy", "binary_accuracy",
           "binary_crossentropy", "categorical_accuracy", "categorical_crossentropy", "get", "mae",
           "mean_absolute_error", "mean_squared_error", "mse", "sparse_categorical_accuracy",
           "sparse_categorical_crossentropy"]
