"""TF1's 3-D convolution and pooling layers (tf.layers): Conv3D, Conv3DTranspose, MaxPooling3D,
AveragePooling3D and their functional forms.

Variables are named as TF's legacy layers name them: `conv3d/kernel` [kd, kh, kw, in, filters],
`conv3d/bias`; `conv3d_transpose/kernel` [kd, kh, kw, filters, in]. channels_first pooling runs
over a channels_last transpose, as TF's layers do (its CPU kernels pool NDHWC).
"""
from __future__ import annotations

from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, conv3d_ops, init_ops, pool3d_ops, stack_ops
from tfsess.ops.layers_conv import _apply, _Conv, _deconv_length, _Pooling


class Conv3D(_Conv):
    """3-D convolution layer (tf.layers.Conv3D): activation(conv3d(inputs, kernel) + bias)."""

    rank = 3

    def _nn_format(self):
        return "NCDHW" if self.data_format == "channels_first" else "NDHWC"

    def _full(self, values):
        return [1, *values, 1] if self.data_format == "channels_last" else [1, 1, *values]

    def call(self, inputs):
        outputs = self._convolve(inputs, "Conv3D")
        return self._finish(outputs)


class Conv3DTranspose(Conv3D):
    """Transposed 3-D convolution layer (tf.layers.Conv3DTranspose); kernel [kd, kh, kw, filters, in]."""

    def _kernel_shape(self, channels):
        return list(self.kernel_size) + [self.filters, channels]

    def _spatial_axes(self):
        return (1, 2, 3) if self.data_format == "channels_last" else (2, 3, 4)

    def _out_dims(self, dims):
        return [_deconv_length(dims[a], k, self.padding, s, d)
                for a, k, s, d in zip(self._spatial_axes(), self.kernel_size, self.strides, self.dilation_rate)]

    def _with_channels(self, batch, spatial):
        return [batch, *spatial, self.filters] if self.data_format == "channels_last" else [batch, self.filters,
                                                                                               *spatial]

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_tuple_or_none()
        return TensorShape(self._with_channels(dims[0], self._out_dims(dims)))

    def call(self, inputs):
        dims = inputs.shape.as_tuple_or_none()
        static = self._out_dims(dims)
        dynamic = array_ops.shape(inputs)
        spatial = self._out_dims({a: dims[a] if dims[a] is not None else dynamic[a] for a in self._spatial_axes()})
        output_shape = stack_ops.stack(self._with_channels(dynamic[0], spatial))
        outputs = conv3d_ops.conv3d_transpose(inputs, self.kernel, output_shape, self._full(self.strides),
                                              padding=self.padding.upper(), data_format=self._nn_format())
        outputs.set_shape(TensorShape(self._with_channels(dims[0], static)))
        return self._finish(outputs)


class _Pooling3D(_Pooling):
    rank = 3

    def call(self, inputs):
        channels_first = self.data_format == "channels_first"
        if channels_first:
            inputs = array_ops.transpose(inputs, (0, 2, 3, 4, 1))
        outputs = type(self).pool_function(inputs, (1, *self.pool_size, 1), (1, *self.strides, 1),
                                           self.padding.upper())
        return array_ops.transpose(outputs, (0, 4, 1, 2, 3)) if channels_first else outputs


class MaxPooling3D(_Pooling3D):
    """3-D max pooling layer (tf.layers.MaxPooling3D)."""

    pool_function = staticmethod(pool3d_ops.max_pool3d)


class AveragePooling3D(_Pooling3D):
    """3-D average pooling layer (tf.layers.AveragePooling3D)."""

    pool_function = staticmethod(pool3d_ops.avg_pool3d)


def conv3d(inputs, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """3-D convolution layer (tf.layers.conv3d): variables `<name>/kernel` [kd, kh, kw, in, filters], `<name>/bias`.

    Raises:
        ValueError: inputs not of rank 5, an unknown channel dimension, or a bad padding.
    """
    return _apply(Conv3D, inputs, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                  padding=padding, data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                  use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name)


def conv3d_transpose(inputs, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    """Transposed 3-D convolution layer (tf.layers.conv3d_transpose): kernel [kd, kh, kw, filters, in].

    Output size per spatial dim: size * stride, plus max(kernel - stride, 0) with "valid" padding.
    """
    return _apply(Conv3DTranspose, inputs, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                  padding=padding, data_format=data_format, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name)


def max_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """3-D max pooling (tf.layers.max_pooling3d)."""
    return MaxPooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def average_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """3-D average pooling (tf.layers.average_pooling3d)."""
    return AveragePooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


__all__ = ["AveragePooling3D", "Conv3D", "Conv3DTranspose", "MaxPooling3D", "average_pooling3d", "conv3d",
           "conv3d_transpose", "max_pooling3d"]
