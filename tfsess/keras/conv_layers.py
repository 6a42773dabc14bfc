"""Keras's convolution and pooling layers, over the tf.layers ones (as TF's tf.layers classes and the
Keras ones share their code): Conv1D/2D/3D, Conv2DTranspose, SeparableConv1D/2D, DepthwiseConv2D,
MaxPooling1D/2D/3D, AveragePooling1D/2D/3D, the global poolings, ZeroPadding1D/2D and UpSampling1D/2D.

A wrapped layer builds and calls the tf.layers object, but its weights are made by the Keras layer's
`add_weight` (so `conv2d/kernel:0` is a Keras variable, named in the Keras name scope), and Keras's
string identifiers (activation='relu', kernel_initializer='he_normal') are resolved first.
"""
from __future__ import annotations

import inspect

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import TensorShape
from tfsess.keras import activations, backend, initializers, regularizers
from tfsess.keras.base_layer import InputSpec, Layer, config_value
from tfsess.keras.masking import masked_average
from tfsess.ops import (array_ops, broadcast_ops, depthwise_conv_ops, image_resize, layers_base, layers_conv,
                        layers_conv3d, nn_ops, reduction_ops, search_count_ops)

_KERAS_ONLY = ("name", "trainable", "dtype", "input_shape", "batch_input_shape", "batch_size", "input_dim",
               "weights", "activity_regularizer")


def _resolve(key, value):
    if key == "activation":
        return None if value in (None, "linear") else activations.get(value)
    if key.endswith("_initializer"):
        return initializers.get(value)
    if key.endswith("_regularizer"):
        return regularizers.get(value)
    return value


class WrappedLayer(Layer):
    """A Keras layer whose build and call are a tf.layers object's, its weights made the Keras way."""

    legacy_class = None
    defaults = {}

    def __init__(self, *args, **kwargs):
        keras_kwargs = {k: kwargs.pop(k) for k in _KERAS_ONLY if k in kwargs}
        if kwargs.get("groups", 1) != 1:
            raise NotImplementedError(f"tfsess: {type(self).__name__} with groups={kwargs['groups']} (grouped "
                                      "convolution) is not built")
        kwargs.pop("groups", None)  # tf-keras's configs carry groups=1
        accepted = inspect.signature(type(self).legacy_class.__init__).parameters
        for key in kwargs:
            if key not in accepted:
                raise TypeError("Keyword argument not understood:", key)
        for key, value in type(self).defaults.items():
            if not (key == "pool_size" and args):  # a positional pool size
                kwargs.setdefault(key, value)
        try:  # every argument of the layer, defaults included, for get_config
            bound = inspect.signature(type(self).legacy_class.__init__).bind(None, *args, **kwargs)
            bound.apply_defaults()
            self.__dict__["_init_arguments"] = {k: v for k, v in list(bound.arguments.items())[1:]
                                                if k not in ("name", "trainable", "dtype", "_reuse", "_scope")
                                                and not k.startswith("_") and k != "kwargs"}
        except TypeError:
            pass  # the legacy class raises below
        kwargs = {k: _resolve(k, v) for k, v in kwargs.items()}
        super().__init__(**keras_kwargs)
        impl = type(self).legacy_class(*args, name=self.name, **kwargs)
        impl.add_weight = self._legacy_weight
        self._impl = impl
        ndim, min_ndim = getattr(impl, "expected_ndim", None), getattr(impl, "min_ndim", None)
        self.input_spec = InputSpec(ndim=ndim, min_ndim=min_ndim) if ndim or min_ndim else None

    def _legacy_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=True,
                       constraint=None, **kwargs):
        return self.add_weight(name, shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                               trainable=trainable, constraint=constraint)

    def __getattr__(self, name):
        if name == "_impl" or "_impl" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["_impl"], name)

    def build(self, input_shape):
        self._impl.dtype = dtypes.as_dtype(self.dtype)
        self._impl.build(TensorShape(input_shape))
        self._impl.built = True
        self.built = True

    def call(self, inputs):
        return self._impl.call(inputs)

    def compute_output_shape(self, input_shape):
        return self._impl.compute_output_shape(input_shape)

    def get_config(self):
        legacy = self._impl.get_config()
        legacy.pop("name", None)
        legacy.pop("trainable", None)
        legacy.pop("dtype", None)
        config = dict(super().get_config(), **legacy)
        for key, value in self.__dict__.get("_init_arguments", {}).items():
            if key not in config:  # the layer's own normalized value where it keeps one (pool_size as a tuple)
                config[key] = config_value(getattr(self._impl, key, value))
        if "activation" in config and config["activation"] is None:
            config["activation"] = "linear"
        return config



_CONV_DEFAULTS = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}


def _wrap(name, legacy, defaults, doc):
    return type(name, (WrappedLayer,), {"legacy_class": legacy, "defaults": defaults, "__doc__": doc,
                                        "__module__": __name__})


Conv1D = _wrap("Conv1D", layers_conv.Conv1D, _CONV_DEFAULTS, "1-D convolution (tf.keras.layers.Conv1D).")
Conv2D = _wrap("Conv2D", layers_conv.Conv2D, _CONV_DEFAULTS, "2-D convolution (tf.keras.layers.Conv2D).")
Conv3D = _wrap("Conv3D", layers_conv3d.Conv3D, _CONV_DEFAULTS, "3-D convolution (tf.keras.layers.Conv3D).")
Conv2DTranspose = _wrap("Conv2DTranspose", layers_conv.Conv2DTranspose, _CONV_DEFAULTS,
                        "Transposed 2-D convolution (tf.keras.layers.Conv2DTranspose).")
Conv3DTranspose = _wrap("Conv3DTranspose", layers_conv3d.Conv3DTranspose, _CONV_DEFAULTS,
                        "Transposed 3-D convolution (tf.keras.layers.Conv3DTranspose).")
_SEPARABLE = {"depthwise_initializer": "glorot_uniform", "pointwise_initializer": "glorot_uniform",
              "bias_initializer": "zeros"}
SeparableConv1D = _wrap("SeparableConv1D", layers_conv.SeparableConv1D, _SEPARABLE,
                        "Depthwise then pointwise 1-D convolution (tf.keras.layers.SeparableConv1D).")
SeparableConv2D = _wrap("SeparableConv2D", layers_conv.SeparableConv2D, _SEPARABLE,
                        "Depthwise then pointwise 2-D convolution (tf.keras.layers.SeparableConv2D).")
_POOL = {"pool_size": 2}
MaxPooling1D = _wrap("MaxPooling1D", layers_conv.MaxPooling1D, _POOL, "1-D max pooling.")
MaxPooling2D = _wrap("MaxPooling2D", layers_conv.MaxPooling2D, {"pool_size": (2, 2)}, "2-D max pooling.")
MaxPooling3D = _wrap("MaxPooling3D", layers_conv3d.MaxPooling3D, {"pool_size": (2, 2, 2)}, "3-D max pooling.")
AveragePooling1D = _wrap("AveragePooling1D", layers_conv.AveragePooling1D, _POOL, "1-D average pooling.")
AveragePooling2D = _wrap("AveragePooling2D", layers_conv.AveragePooling2D, {"pool_size": (2, 2)},
                         "2-D average pooling.")
AveragePooling3D = _wrap("AveragePooling3D", layers_conv3d.AveragePooling3D, {"pool_size": (2, 2, 2)},
                         "3-D average pooling.")


class DepthwiseConv2D(Layer):
    """Per-channel 2-D convolution: `depthwise_kernel` [kh, kw, in, depth_multiplier] (tf.keras.layers)."""

    def __init__(self, kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1, data_format=None,
                 dilation_rate=(1, 1), activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.kernel_size = layers_conv._tuple(kernel_size, 2, "kernel_size")
        self.strides = layers_conv._tuple(strides, 2, "strides")
        self.dilation_rate = layers_conv._tuple(dilation_rate, 2, "dilation_rate")
        self.padding = layers_conv._padding(padding)
        self.data_format = layers_base.normalize_data_format(data_format or backend.image_data_format())
        self.depth_multiplier, self.use_bias = int(depth_multiplier), use_bias
        self.activation = activations.get(activation)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint, self.bias_constraint = depthwise_constraint, bias_constraint
        self.input_spec = InputSpec(ndim=4)
        self.bias = None

    def build(self, input_shape):
        channels = layers_conv._channels(TensorShape(input_shape), self.data_format)
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", [*self.kernel_size, channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [channels * self.depth_multiplier], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        last = self.data_format == "channels_last"
        fmt = "NHWC" if last else "NCHW"
        strides = [1, *self.strides, 1] if last else [1, 1, *self.strides]
        outputs = depthwise_conv_ops.depthwise_conv2d(inputs, self.depthwise_kernel, strides, self.padding.upper(),
                                                      rate=self.dilation_rate, data_format=fmt)
        if self.bias is not None:
            outputs = nn_ops.bias_add(outputs, self.bias, data_format=fmt)
        return self.activation(outputs)


class _GlobalPooling(Layer):
    rank, reduce = 2, None

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = layers_base.normalize_data_format(data_format or backend.image_data_format())
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        axes = list(range(1, self.rank + 1)) if self.data_format == "channels_last" else \
            list(range(2, self.rank + 2))
        return type(self).reduce(inputs, axis=axes, keepdims=self.keepdims)


def _global(name, rank, reduce, doc):
    return type(name, (_GlobalPooling,), {"rank": rank, "reduce": staticmethod(reduce), "__doc__": doc,
                                          "__module__": __name__})


class GlobalAveragePooling1D(_GlobalPooling):
    """Mean over the steps (over the unmasked ones where the input has a mask)."""

    rank, reduce, _MASKING = 1, staticmethod(reduction_ops.reduce_mean), True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        steps_axis = 1 if self.data_format == "channels_last" else 2
        return masked_average(inputs, mask, steps_axis, self.keepdims)

    def compute_mask(self, inputs, mask=None):
        return None


GlobalAveragePooling2D = _global("GlobalAveragePooling2D", 2, reduction_ops.reduce_mean, "Mean over the rows/cols.")
GlobalMaxPooling1D = _global("GlobalMaxPooling1D", 1, reduction_ops.reduce_max, "Max over the steps.")
GlobalMaxPooling2D = _global("GlobalMaxPooling2D", 2, reduction_ops.reduce_max, "Max over the rows/cols.")


def _pairs(value, rank):
    if isinstance(value, int):
        return ((value, value),) * rank
    if rank == 1 and len(value) == 2 and all(isinstance(v, int) for v in value):
        return (tuple(value),)
    return tuple((v, v) if isinstance(v, int) else tuple(v) for v in value)


class ZeroPadding1D(Layer):
    """Pads the steps axis with zeros: padding=int or (left, right)."""

    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pairs(padding, 1)[0]
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return broadcast_ops.pad(inputs, [[0, 0], list(self.padding), [0, 0]])


class ZeroPadding2D(Layer):
    """Pads rows and columns with zeros: padding=int, (h, w) or ((top, bottom), (left, right))."""

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pairs(padding, 2)
        self.data_format = layers_base.normalize_data_format(data_format or backend.image_data_format())
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        rows, cols = (list(p) for p in self.padding)
        pads = [[0, 0], rows, cols, [0, 0]] if self.data_format == "channels_last" else [[0, 0], [0, 0], rows, cols]
        return broadcast_ops.pad(inputs, pads)


class UpSampling1D(Layer):
    """Repeats each step `size` times."""

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return search_count_ops.repeat(inputs, self.size, axis=1)


class UpSampling2D(Layer):
    """Repeats rows and columns (interpolation 'nearest') or resizes bilinearly ('bilinear')."""

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = layers_conv._tuple(size, 2, "size")
        self.data_format = layers_base.normalize_data_format(data_format or backend.image_data_format())
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError('`interpolation` argument should be one of `"nearest"` or `"bilinear"`. '
                             f"Received: {interpolation}")
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        first = self.data_format == "channels_first"
        x = array_ops.transpose(inputs, [0, 2, 3, 1]) if first else inputs
        h, w = x.shape.as_tuple_or_none()[1:3]
        if self.interpolation == "nearest":
            x = search_count_ops.repeat(search_count_ops.repeat(x, self.size[0], axis=1), self.size[1], axis=2)
        else:
            x = image_resize.resize_bilinear(x, [h * self.size[0], w * self.size[1]], half_pixel_centers=True)
        return array_ops.transpose(x, [0, 3, 1, 2]) if first else x


GlobalAvgPool1D, GlobalAvgPool2D, GlobalMaxPool1D, GlobalMaxPool2D = (
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D)
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution2DTranspose, Convolution3DTranspose = Conv2DTranspose, Conv3DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D

__all__ = ["AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "AvgPool1D", "AvgPool2D", "AvgPool3D",
           "Conv1D", "Conv2D", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "Convolution1D", "Convolution2D",
           "Convolution2DTranspose", "Convolution3D", "Convolution3DTranspose", "DepthwiseConv2D",
           "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAvgPool1D", "GlobalAvgPool2D",
           "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "MaxPool1D",
           "MaxPool2D", "MaxPool3D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "SeparableConv1D",
           "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D", "UpSampling1D", "UpSampling2D",
           "ZeroPadding1D", "ZeroPadding2D"]
