"""Keras's BatchNormalization and LayerNormalization in graph mode.

BatchNormalization: weights gamma, beta (trainable), moving_mean, moving_variance (not); in the
training phase it normalizes with the batch's moments and its updates (`layer.updates`, run by
fit) move the statistics: moving -= (moving - batch) * (1 - momentum). Over 4-D inputs normalized on
the channels axis (where Keras uses the fused kernel) the moving variance takes the batch variance
with Bessel's correction, as the fused kernel gives it.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import TensorShape
from tfsess.keras import initializers, regularizers
from tfsess.keras.base_layer import InputSpec, Layer
from tfsess.keras.core_layers import _smart_cond
from tfsess.ops import array_ops, math_ops, nn_impl, state_ops


def _axes(axis, ndims):
    axes = [axis] if isinstance(axis, int) else list(axis)
    return sorted(a % ndims for a in axes)


def _set_scale_and_offset(layer, gamma_initializer, beta_initializer, gamma_regularizer, beta_regularizer,
                          gamma_constraint, beta_constraint):
    """The settings of a normalization layer's gamma (scale) and beta (offset) weights, made in build."""
    layer.gamma_initializer = initializers.get(gamma_initializer)
    layer.beta_initializer = initializers.get(beta_initializer)
    layer.gamma_regularizer = regularizers.get(gamma_regularizer)
    layer.beta_regularizer = regularizers.get(beta_regularizer)
    layer.gamma_constraint, layer.beta_constraint = gamma_constraint, beta_constraint
    layer.gamma = layer.beta = None


class BatchNormalization(Layer):
    """Normalizes with the batch's moments while training, the moving ones otherwise."""

    _MASKING = True

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, fused=None, trainable=True, virtual_batch_size=None, adjustment=None, name=None,
                 **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        self.axis, self.momentum, self.epsilon = axis, float(momentum), float(epsilon)
        self.center, self.scale, self.fused = center, scale, fused
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        _set_scale_and_offset(self, gamma_initializer, beta_initializer, gamma_regularizer, beta_regularizer,
                              gamma_constraint, beta_constraint)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        ndims = input_shape.ndims
        if ndims is None:
            raise ValueError(f"Input has undefined rank. Received: input_shape={input_shape}.")
        self._norm_axes = _axes(self.axis, ndims)
        dims = input_shape.as_tuple_or_none()
        for a in self._norm_axes:
            if dims[a] is None:
                raise ValueError(f"Axis {a} of input tensor should have a defined dimension but the layer received "
                                 f"an input with shape {input_shape}.")
        self.input_spec = InputSpec(ndim=ndims, axes={a: dims[a] for a in self._norm_axes})
        param_shape = [dims[a] for a in self._norm_axes]
        self._fused_like = ndims == 4 and self._norm_axes in ([3], [1]) and self.fused is not False
        dtype = dtypes.float32 if self.dtype in ("float16", "bfloat16") else self.dtype
        if self.scale:
            self.gamma = self.add_weight("gamma", param_shape, dtype=dtype, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", param_shape, dtype=dtype, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.moving_mean = self.add_weight("moving_mean", param_shape, dtype=dtype,
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", param_shape, dtype=dtype,
                                               initializer=self.moving_variance_initializer, trainable=False)
        self.built = True

    def _broadcast(self, value, ndims):
        if value is None or self._norm_axes == [ndims - 1]:
            return value
        shape = [1] * ndims
        for a in self._norm_axes:
            shape[a] = -1
        return array_ops.reshape(value, shape)

    def call(self, inputs, training=None, mask=None):
        if mask is not None and training is not False:
            raise NotImplementedError(f"{self.name}: BatchNormalization's masked moments (an input with a Keras "
                                      "mask while training) are not built.")
        ndims = inputs.shape.ndims
        reduce_axes = [a for a in range(ndims) if a not in self._norm_axes]
        gamma, beta = self._broadcast(self.gamma, ndims), self._broadcast(self.beta, ndims)

        def normalize(mean, variance):
            return nn_impl.batch_normalization(inputs, self._broadcast(mean, ndims), self._broadcast(variance, ndims),
                                               beta, gamma, self.epsilon)

        if training is False:
            return normalize(self.moving_mean, self.moving_variance)
        mean, variance = nn_impl.moments(inputs, reduce_axes)
        moving_variance_target = variance
        if self._fused_like:
            count = math_ops.cast(_count(inputs, reduce_axes), variance.dtype)
            moving_variance_target = variance * count / math_ops.maximum(count - 1.0, 1.0)
        decay = 1.0 - self.momentum
        new_mean = _smart_cond(training, lambda: mean, lambda: array_ops.identity(self.moving_mean))
        new_variance = _smart_cond(training, lambda: moving_variance_target,
                                   lambda: array_ops.identity(self.moving_variance))
        self.add_update(state_ops.assign_sub(self.moving_mean, (self.moving_mean - new_mean) * decay))
        self.add_update(state_ops.assign_sub(self.moving_variance, (self.moving_variance - new_variance) * decay))
        if training is True:
            return normalize(mean, variance)
        return _smart_cond(training, lambda: normalize(mean, variance),
                           lambda: normalize(self.moving_mean, self.moving_variance))


def _count(inputs, reduce_axes):
    shape = array_ops.shape(inputs)
    count = None
    for a in reduce_axes:
        count = shape[a] if count is None else count * shape[a]
    return count


class LayerNormalization(Layer):
    """Normalizes each example over `axis` (default the last), then scales by gamma and shifts by beta."""

    _MASKING = True

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.axis, self.epsilon, self.center, self.scale = axis, float(epsilon), center, scale
        _set_scale_and_offset(self, gamma_initializer, beta_initializer, gamma_regularizer, beta_regularizer,
                              gamma_constraint, beta_constraint)

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)
        self._norm_axes = _axes(self.axis, input_shape.ndims)
        dims = input_shape.as_tuple_or_none()
        param_shape = [dims[a] for a in self._norm_axes]
        if self.scale:
            self.gamma = self.add_weight("gamma", param_shape, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", param_shape, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.built = True

    def call(self, inputs):
        ndims = inputs.shape.ndims
        shape = [1] * ndims
        for a in self._norm_axes:
            shape[a] = inputs.shape.as_tuple_or_none()[a]
        mean, variance = nn_impl.moments(inputs, self._norm_axes, keepdims=True)
        gamma = None if self.gamma is None else array_ops.reshape(self.gamma, shape)
        beta = None if self.beta is None else array_ops.reshape(self.beta, shape)
        return nn_impl.batch_normalization(inputs, mean, variance, beta, gamma, self.epsilon)


__all__ = ["BatchNormalization", "LayerNormalization"]
