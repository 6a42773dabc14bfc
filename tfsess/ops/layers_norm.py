"""TF1's batch normalization layer (tf.layers.BatchNormalization / batch_normalization).

Variables `gamma`, `beta` (trainable) and `moving_mean`, `moving_variance` (not trainable), as TF's
legacy layer names them. While training the layer normalizes with the batch statistics and adds
two update ops to UPDATE_OPS: `moving -= (moving - batch) * (1 - momentum)`. A 4-D or 5-D float32
input normalized over axis 1 or its last axis uses FusedBatchNormV3 (`fused=None` or True; other
inputs fall back, as in TF's legacy layer), whose batch variance
for the moving average carries Bessel's correction; other inputs use moments, whose variance does
not, as in TF. A `training` tensor picks either branch at run time; its updates then use momentum 1
(no change) when it is False.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import array_ops, constant_op, init_ops, math_ops, nn_impl, normalization_ops, state_ops
from tfsess.ops.cond_ops import cond
from tfsess.ops.layers_base import Layer, is_tensor_like, layer_dtype


def _static_bool(training):
    """True/False when `training` is known when the graph is built, else None."""
    if not is_tensor_like(training):
        return bool(training)
    value = constant_value(training)
    return None if value is None else bool(value)


class BatchNormalization(Layer):
    """Batch normalization layer (tf.layers.BatchNormalization); call it with `training=`."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=init_ops.zeros_initializer(), gamma_initializer=init_ops.ones_initializer(),
                 moving_mean_initializer=init_ops.zeros_initializer(),
                 moving_variance_initializer=init_ops.ones_initializer(), beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False,
                 renorm_clipping=None, renorm_momentum=0.99, fused=None, trainable=True, virtual_batch_size=None,
                 adjustment=None, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        if renorm or virtual_batch_size is not None or adjustment is not None:
            raise NotImplementedError("BatchNormalization: renorm, virtual_batch_size and adjustment are not "
                                      "supported by tfsess.")
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else [int(axis)]
        self.momentum, self.epsilon = momentum, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer, self.gamma_initializer = beta_initializer, gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint
        self.fused = fused
        self.gamma = self.beta = None

    def _fused_format(self, ndims):
        """The FusedBatchNormV3 data format for this input, or None where TF's legacy layer does not fuse."""
        dtype = self.dtype or dtypes.float32
        if ndims not in (4, 5) or len(self.axis) != 1 or dtype not in (dtypes.float16, dtypes.float32):
            return None
        formats = {(1, 4): "NCHW", (1, 5): "NCDHW", (3, 4): "NHWC", (4, 5): "NDHWC"}
        return formats.get((self.axis[0], ndims))

    def build(self, input_shape):
        ndims = input_shape.ndims
        if ndims is None:
            raise ValueError(f"Input has undefined rank. Received: input_shape={input_shape}.")
        self.axis = sorted(a + ndims if a < 0 else a for a in self.axis)
        for a in self.axis:
            if not 0 <= a < ndims:
                raise ValueError(f"Invalid axis: {a}. Expected 0 <= axis < {ndims}")
        if len(set(self.axis)) != len(self.axis):
            raise ValueError(f"Duplicate axis: {self.axis}")
        dims = input_shape.as_tuple_or_none()
        for a in self.axis:
            if dims[a] is None:
                raise ValueError(f"Input has undefined `axis` dimension. Received input with shape {input_shape} "
                                 f"and axis={self.axis}")
        self._data_format = self._fused_format(ndims) if self.fused in (None, True) else None
        self.fused = self._data_format is not None
        if len(self.axis) == 1:
            param_shape = [dims[self.axis[0]]]
        else:
            param_shape = [dims[i] if i in self.axis else 1 for i in range(ndims)]
        param_dtype = dtypes.float32 if (self.dtype or dtypes.float32) in (dtypes.float16,) else self.dtype
        if self.scale:
            self.gamma = self.add_weight("gamma", param_shape, dtype=param_dtype, initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", param_shape, dtype=param_dtype, initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.moving_mean = self.add_weight("moving_mean", param_shape, dtype=param_dtype,
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", param_shape, dtype=param_dtype,
                                               initializer=self.moving_variance_initializer, trainable=False)
        self.built = True

    # ---------------------------------------------------------------- moving averages
    def _assign_moving_average(self, variable, value, momentum):
        graph = get_default_graph()
        with graph.name_scope("AssignMovingAvg") as scope:
            decay = convert_to_tensor(1.0, dtype=variable.dtype.base_dtype) - momentum if is_tensor_like(momentum) \
                else convert_to_tensor(1.0 - momentum, dtype=variable.dtype.base_dtype, name="decay")
            delta = (variable - math_ops.cast(value, variable.dtype.base_dtype)) * decay
            return state_ops.assign_sub(variable, delta, name=scope)

    def _add_updates(self, training, mean, variance):
        if _static_bool(training) is None:
            dtype = self.moving_mean.dtype.base_dtype
            momentum = cond(training, lambda: constant_op.constant(self.momentum, dtype),
                            lambda: constant_op.constant(1.0, dtype))
        else:
            momentum = self.momentum
        self.add_update(self._assign_moving_average(self.moving_mean, mean, momentum))
        self.add_update(self._assign_moving_average(self.moving_variance, variance, momentum))

    @staticmethod
    def _smart_cond(training, true_fn, false_fn):
        value = _static_bool(training)
        if value is None:
            return cond(training, true_fn, false_fn)
        return true_fn() if value else false_fn()

    # ---------------------------------------------------------------- call
    def call(self, inputs, training=False):
        if self.fused:
            return self._fused_call(inputs, training)
        return self._moments_call(inputs, training)

    def _fused_call(self, inputs, training):
        param_dtype = self.moving_mean.dtype.base_dtype
        channels = self.moving_mean.shape.as_tuple_or_none()
        gamma = self.gamma if self.gamma is not None else constant_op.constant(1.0, param_dtype, shape=channels)
        beta = self.beta if self.beta is not None else constant_op.constant(0.0, param_dtype, shape=channels)
        data_format = self._data_format

        def train():
            return normalization_ops.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                                      variance=self.moving_variance, epsilon=self.epsilon,
                                                      is_training=True, data_format=data_format)

        def infer():
            return normalization_ops.fused_batch_norm(inputs, gamma, beta, mean=self.moving_mean,
                                                      variance=self.moving_variance, epsilon=self.epsilon,
                                                      is_training=False, data_format=data_format)

        output, mean, variance = self._smart_cond(training, train, infer)
        if _static_bool(training) is not False:
            self._add_updates(training, mean, variance)
        return output

    def _moments_call(self, inputs, training):
        input_dtype = inputs.dtype.base_dtype
        if input_dtype == dtypes.float16:
            inputs = math_ops.cast(inputs, dtypes.float32)  # statistics in float32, as TF
        ndims = inputs.shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = inputs.shape.as_tuple_or_none()[self.axis[0]]

        def broadcast(v):
            if v is not None and v.shape.ndims != ndims and reduction_axes != list(range(ndims - 1)):
                return array_ops.reshape(v, broadcast_shape)
            return v

        if _static_bool(training) is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            batch_mean, batch_variance = nn_impl.moments(inputs, reduction_axes, keep_dims=len(self.axis) > 1)
            mean = self._smart_cond(training, lambda: batch_mean, lambda: convert_to_tensor(self.moving_mean))
            variance = self._smart_cond(training, lambda: batch_variance,
                                        lambda: convert_to_tensor(self.moving_variance))
            self._add_updates(training, mean, variance)
        mean = math_ops.cast(convert_to_tensor(mean), inputs.dtype.base_dtype)
        variance = math_ops.cast(convert_to_tensor(variance), inputs.dtype.base_dtype)
        outputs = nn_impl.batch_normalization(inputs, broadcast(mean), broadcast(variance), broadcast(self.beta),
                                              broadcast(self.gamma), self.epsilon)
        if input_dtype == dtypes.float16:
            outputs = math_ops.cast(outputs, input_dtype)
        outputs.set_shape(inputs.shape)
        return outputs


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                        beta_initializer=init_ops.zeros_initializer(), gamma_initializer=init_ops.ones_initializer(),
                        moving_mean_initializer=init_ops.zeros_initializer(),
                        moving_variance_initializer=init_ops.ones_initializer(), beta_regularizer=None,
                        gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, training=False,
                        trainable=True, name=None, reuse=None, renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None, virtual_batch_size=None, adjustment=None):
    """Batch normalization (tf.layers.batch_normalization).

    With `training` True (or a bool tensor) it normalizes with the batch statistics and adds the
    moving-average updates to UPDATE_OPS (run them, e.g. as control dependencies of the train op);
    with False it uses `moving_mean` / `moving_variance`.

    Raises:
        ValueError: an axis out of range, repeated or of unknown size.
    """
    inputs = convert_to_tensor(inputs)
    layer = BatchNormalization(axis=axis, momentum=momentum, epsilon=epsilon, center=center, scale=scale,
                               beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                               moving_mean_initializer=moving_mean_initializer,
                               moving_variance_initializer=moving_variance_initializer,
                               beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
                               beta_constraint=beta_constraint, gamma_constraint=gamma_constraint, renorm=renorm,
                               renorm_clipping=renorm_clipping, renorm_momentum=renorm_momentum, fused=fused,
                               trainable=trainable, virtual_batch_size=virtual_batch_size, adjustment=adjustment,
                               name=name, dtype=layer_dtype(inputs), _reuse=reuse)
    return layer(inputs, training=training)


BatchNorm = BatchNormalization

__all__ = ["BatchNorm", "BatchNormalization", "batch_normalization"]
