"""TF1's batch normalization layer (tf.layers.BatchNormalization / batch_normalization).

Variables `gamma`, `beta` (trainable) and `moving_mean`, `moving_variance` (not trainable), as TF's
legacy layer names them. While training the layer normalizes with the batch statistics and adds
two update ops to UPDATE_OPS: `moving -= (moving - batch) * (1 - momentum)`. A 4-D or 5-D float32
input normalized over axis 1 or its last axis uses FusedBatchNormV3 (`fused=None` or True; other
inputs fall back, as in TF's legacy layer), whose batch variance
for the moving average carries Bessel's correction; other inputs use moments, whose variance does
not, as in TF. A `training` tensor picks either branch at run time; its updates then use momentum 1
(no change) when it is False.

With `renorm=True` (Batch Renormalization, never fused, as in TF) the layer also keeps
`moving_stddev`, `renorm_mean` and `renorm_stddev`: while training the normalized batch is
corrected by r = batch_stddev / renorm_stddev and d = (batch_mean - renorm_mean) / renorm_stddev
(clipped by `renorm_clipping`, no gradient), the renorm averages move with `renorm_momentum`, and
the inference variance is kept as a moving standard deviation, as TF's legacy layer does.

`virtual_batch_size` (ghost batches, never fused) reshapes the batch to [virtual_batch_size, -1, ...]
as TF1's layer does, in inference too, normalizes each of the -1 groups by its own statistics and
moves the averages by their mean; the variables gain a dim of 1 at index 1. `adjustment(shape)`
returns a scale and a bias composed into gamma and beta while training.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, constant_op, init_ops, math_ops, nn_impl, nn_ops, normalization_ops, reduction_ops,
                        stack_ops, state_ops, unary_ops)
from tfsess.ops.cond_ops import cond
from tfsess.ops.layers_base import Layer, is_tensor_like, layer_dtype
from tfsess.ops.input_spec import InputSpec


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
        # renorm with fused=True: TF's legacy (v1) layer quietly builds unfused (see build), no error
        renorm_clipping = dict(renorm_clipping or {})
        if renorm and set(renorm_clipping) - {"rmax", "rmin", "dmax"}:
            raise ValueError(f"Received invalid keys for `renorm_clipping` argument: {renorm_clipping}. "
                             "Supported values: ['rmax', 'rmin', 'dmax'].")
        self.renorm, self.renorm_clipping, self.renorm_momentum = renorm, renorm_clipping, renorm_momentum
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int) or hasattr(axis, "__index__"):
            self.axis = int(axis)  # a list from build on; get_config shows what was given until then, as Keras's
        else:
            raise TypeError("Expected an int or a list/tuple of ints for the argument 'axis', but received: "
                            f"{axis}")
        self.momentum, self.epsilon = momentum, epsilon
        self.center, self.scale = center, scale
        self.beta_initializer, self.gamma_initializer = beta_initializer, gamma_initializer
        self.moving_mean_initializer = moving_mean_initializer
        self.moving_variance_initializer = moving_variance_initializer
        self.beta_regularizer, self.gamma_regularizer = beta_regularizer, gamma_regularizer
        self.beta_constraint, self.gamma_constraint = beta_constraint, gamma_constraint
        self.fused = fused
        self.virtual_batch_size, self.adjustment = virtual_batch_size, adjustment
        self.gamma = self.beta = None

    def _fused_format(self, ndims):
        """The FusedBatchNormV3 data format for this input, or None where TF's legacy layer does not fuse."""
        dtype = self.dtype or dtypes.float32
        if ndims not in (4, 5) or len(self.axis) != 1 or dtype not in (dtypes.float16, dtypes.float32):
            return None
        formats = {(1, 4): "NCHW", (1, 5): "NCDHW", (3, 4): "NHWC", (4, 5): "NDHWC"}
        return formats.get((self.axis[0], ndims))

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)  # build may be called directly, with a list
        ndims = input_shape.ndims
        if ndims is None:
            raise ValueError(f"Input has undefined rank. Received: input_shape={input_shape}.")
        axes = [self.axis] if isinstance(self.axis, int) else self.axis
        self.axis = sorted(a + ndims if a < 0 else a for a in axes)
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
        self.input_spec = InputSpec(ndim=ndims, axes={a: dims[a] for a in self.axis})  # for later calls, as Keras
        self._check_virtual_batch()
        use_fused = self.fused in (None, True) and not self.renorm and self.virtual_batch_size is None \
            and self.adjustment is None
        self._data_format = self._fused_format(ndims) if use_fused else None
        self.fused = self._data_format is not None
        if len(self.axis) == 1 and self.virtual_batch_size is None:
            param_shape = [dims[self.axis[0]]]
        else:
            param_shape = [dims[i] if i in self.axis else 1 for i in range(ndims)]
            if self.virtual_batch_size is not None:  # the inputs gain a dim of virtual batches at index 1
                param_shape.insert(1, 1)
                self.axis = [a + 1 for a in self.axis]
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
        if self.renorm:
            stddev_initializer = _sqrt_of(self.moving_variance_initializer)
            self.moving_stddev = self.add_weight("moving_stddev", param_shape, dtype=param_dtype,
                                                 initializer=stddev_initializer, trainable=False)
            self.renorm_mean = self.add_weight("renorm_mean", param_shape, dtype=param_dtype,
                                               initializer=self.moving_mean_initializer, trainable=False)
            self.renorm_stddev = self.add_weight("renorm_stddev", param_shape, dtype=param_dtype,
                                                 initializer=stddev_initializer, trainable=False)
        self.built = True

    def get_config(self):
        config = dict(super().get_config(), axis=self.axis, momentum=self.momentum, epsilon=self.epsilon,
                      center=self.center, scale=self.scale, fused=self.fused,
                      virtual_batch_size=self.virtual_batch_size)
        if self.renorm:
            config.update(renorm=True, renorm_clipping=self.renorm_clipping, renorm_momentum=self.renorm_momentum)
        return config

    def _check_virtual_batch(self):
        if self.virtual_batch_size is None:
            return
        if self.virtual_batch_size <= 0:
            raise ValueError("`virtual_batch_size` must be a positive integer that divides the true batch size of "
                             f"the input tensor. Received: virtual_batch_size={self.virtual_batch_size}")
        if 0 in self.axis:
            raise ValueError("When using `virtual_batch_size`, the batch dimension must be 0 and thus axis cannot "
                             f"include 0. Received axis={self.axis}")
        if self.adjustment is not None:
            raise ValueError("When using `virtual_batch_size`, adjustment cannot be specified")

    # ---------------------------------------------------------------- moving averages
    def _assign_moving_average(self, variable, value, momentum):
        graph = get_default_graph()
        with graph.name_scope("AssignMovingAvg") as scope:
            decay = convert_to_tensor(1.0, dtype=variable.dtype.base_dtype) - momentum if is_tensor_like(momentum) \
                else convert_to_tensor(1.0 - momentum, dtype=variable.dtype.base_dtype, name="decay")
            delta = (variable - math_ops.cast(value, variable.dtype.base_dtype)) * decay
            return state_ops.assign_sub(variable, delta, name=scope)

    def _momentum(self, training, momentum):
        """`momentum`, or a tensor that is 1 (no change) when the `training` tensor is False."""
        if _static_bool(training) is not None:
            return momentum
        dtype = self.moving_mean.dtype.base_dtype
        return cond(training, lambda: constant_op.constant(momentum, dtype), lambda: constant_op.constant(1.0, dtype))

    def _add_updates(self, training, mean, variance):
        momentum = self._momentum(training, self.momentum)
        self.add_update(self._assign_moving_average(self.moving_mean, mean, momentum))
        if not self.renorm:
            self.add_update(self._assign_moving_average(self.moving_variance, variance, momentum))
            return
        # the inference variance is kept as a moving stddev (epsilon inside, as in training)
        stddev = unary_ops.sqrt(variance + self.epsilon)
        moving_stddev = self._assign_moving_average(self.moving_stddev, stddev, momentum)
        new_variance = self._smart_cond(training, lambda: nn_ops.relu(moving_stddev * moving_stddev - self.epsilon),
                                        lambda: convert_to_tensor(self.moving_variance))
        self.add_update(state_ops.assign(self.moving_variance, new_variance))

    def _add_moments_updates(self, training, mean, variance):
        """The unfused layer's updates: with a `training` tensor, TF's legacy layer makes each one a cond
        that assigns the average only when training (the variable's value otherwise)."""
        if self.renorm or _static_bool(training) is not None:
            self._add_updates(training, mean, variance)
            return
        for variable, value in ((self.moving_mean, mean), (self.moving_variance, variance)):
            self.add_update(cond(training,
                                 lambda v=variable, x=value: self._assign_moving_average(v, x, self.momentum),
                                 lambda v=variable: convert_to_tensor(v)))

    def _renorm_correction_and_moments(self, mean, variance, training):
        """(r, d, mean, variance): the renorm correction from the averages before this step; the moments
        returned wait for the renorm averages' updates, as TF's legacy layer orders them."""
        graph = get_default_graph()
        stddev = unary_ops.sqrt(variance + self.epsilon)
        renorm_stddev = math_ops.maximum(self.renorm_stddev, np.sqrt(self.epsilon))  # no division by 0 early on
        r = stddev / renorm_stddev
        d = (mean - self.renorm_mean) / renorm_stddev
        with graph.control_dependencies([r, d]):
            mean, stddev = array_ops.identity(mean), array_ops.identity(stddev)
        clip = self.renorm_clipping
        if clip.get("rmin") is not None:
            r = math_ops.maximum(r, clip["rmin"])
        if clip.get("rmax") is not None:
            r = math_ops.minimum(r, clip["rmax"])
        if clip.get("dmax") is not None:
            d = math_ops.minimum(math_ops.maximum(d, -clip["dmax"]), clip["dmax"])
        r = self._smart_cond(training, lambda: r, lambda: array_ops.ones_like(r))
        d = self._smart_cond(training, lambda: d, lambda: array_ops.zeros_like(d))
        momentum = self._momentum(training, self.renorm_momentum)
        updates = [self._assign_moving_average(self.renorm_mean, mean, momentum),
                   self._assign_moving_average(self.renorm_stddev, stddev, momentum)]
        with graph.control_dependencies(updates):
            return r, d, array_ops.identity(mean), array_ops.identity(variance)

    def _adjusted(self, inputs, training, scale, offset):
        """(scale, offset) after `adjustment(shape)`'s own scale and bias, applied only while training."""
        adj_scale, adj_bias = self.adjustment(array_ops.shape(inputs))
        adj_scale = self._smart_cond(training, lambda: adj_scale, lambda: array_ops.ones_like(adj_scale))
        adj_bias = self._smart_cond(training, lambda: adj_bias, lambda: array_ops.zeros_like(adj_bias))
        return _compose_transforms(adj_scale, adj_bias, scale, offset)

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
        if self.virtual_batch_size is None:
            return self._moments_call_batched(inputs, training)
        # ghost batches: [virtual_batch_size, -1] + the rest, as TF1's layer reshapes (inference too), and back
        original_shape = stack_ops.concat([constant_op.constant([-1]), array_ops.shape(inputs)[1:]], 0)
        expanded_shape = stack_ops.concat([constant_op.constant([self.virtual_batch_size, -1]),
                                           original_shape[1:]], 0)
        outputs = self._moments_call_batched(array_ops.reshape(inputs, expanded_shape), training)
        return array_ops.reshape(outputs, original_shape)

    def _moments_call_batched(self, inputs, training):
        input_dtype = inputs.dtype.base_dtype
        if input_dtype == dtypes.float16:
            inputs = math_ops.cast(inputs, dtypes.float32)  # statistics in float32, as TF
        ndims = inputs.shape.ndims
        reduction_axes = [i for i in range(ndims) if i not in self.axis]
        if self.virtual_batch_size is not None:
            del reduction_axes[1]  # statistics per virtual batch
        broadcast_shape = [1] * ndims
        broadcast_shape[self.axis[0]] = inputs.shape.as_tuple_or_none()[self.axis[0]]

        def broadcast(v):
            if v is not None and v.shape.ndims != ndims and reduction_axes != list(range(ndims - 1)):
                return array_ops.reshape(v, broadcast_shape)
            return v

        scale, offset = self.gamma, self.beta
        if _static_bool(training) is False:
            mean, variance = self.moving_mean, self.moving_variance
        else:
            if self.adjustment:
                scale, offset = self._adjusted(inputs, training, scale, offset)
            keep_dims = self.virtual_batch_size is not None or len(self.axis) > 1
            batch_mean, batch_variance = nn_impl.moments(inputs, reduction_axes, keep_dims=keep_dims)
            mean = self._smart_cond(training, lambda: batch_mean, lambda: convert_to_tensor(self.moving_mean))
            variance = self._smart_cond(training, lambda: batch_variance,
                                        lambda: convert_to_tensor(self.moving_variance))
            new_mean, new_variance = mean, variance
            if self.virtual_batch_size is not None:  # the averages move by the mean over virtual batches
                new_mean = reduction_ops.reduce_mean(mean, axis=1, keepdims=True)
                new_variance = reduction_ops.reduce_mean(variance, axis=1, keepdims=True)
            if self.renorm:
                r, d, new_mean, new_variance = self._renorm_correction_and_moments(mean, variance, training)
                scale, offset = _compose_transforms(broadcast(array_ops.stop_gradient(r, name="renorm_r")),
                                                    broadcast(array_ops.stop_gradient(d, name="renorm_d")),
                                                    scale, offset)
            self._add_moments_updates(training, new_mean, new_variance)
        mean = math_ops.cast(convert_to_tensor(mean), inputs.dtype.base_dtype)
        variance = math_ops.cast(convert_to_tensor(variance), inputs.dtype.base_dtype)
        outputs = nn_impl.batch_normalization(inputs, broadcast(mean), broadcast(variance), broadcast(offset),
                                              broadcast(scale), self.epsilon)
        if input_dtype == dtypes.float16:
            outputs = math_ops.cast(outputs, input_dtype)
        outputs.set_shape(inputs.shape)
        return outputs


def _sqrt_of(initializer):
    """An initializer giving the square root of what `initializer` gives (moving_stddev's start)."""
    def initialize(*args, **kwargs):
        return unary_ops.sqrt(initializer(*args, **kwargs))
    return initialize


def _compose_transforms(scale, offset, then_scale, then_offset):
    """(x * scale + offset) * then_scale + then_offset as one scale and offset (None: 1 or 0)."""
    if then_scale is not None:
        scale, offset = scale * then_scale, offset * then_scale
    if then_offset is not None:
        offset = offset + then_offset
    return scale, offset


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
                               name=name, dtype=layer_dtype(inputs), _reuse=reuse, _scope=name)
    return layer(inputs, training=training)


BatchNorm = BatchNormalization

__all__ = ["BatchNorm", "BatchNormalization", "batch_normalization"]
