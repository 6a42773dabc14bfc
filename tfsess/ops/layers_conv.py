"""TF1's convolution and pooling layers (tf.layers): Conv1D, Conv2D, Conv2DTranspose,
SeparableConv1D/2D, MaxPooling1D/2D, AveragePooling1D/2D and their functional forms.

Variables are named as TF's legacy layers name them (`conv2d/kernel` [kh, kw, in, filters],
`conv2d/bias`; `conv2d_transpose/kernel` [kh, kw, filters, in]; `separable_conv2d/depthwise_kernel`,
`pointwise_kernel`), so TF checkpoints restore. 1-D layers run the 2-D ops over a unit height.
"""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import (array_ops, broadcast_ops, conv_ops, depthwise_conv_ops, init_ops, keras_activations,
                        nn_conv_generic, nn_ops, pool_ops, stack_ops)
from tfsess.ops.input_spec import InputSpec
from tfsess.ops.layers_base import Layer, normalize_data_format
from tfsess.ops.window_geometry import out_size


def _tuple(value, n, what, allow_zero=False):
    """Keras's normalize_tuple: an int for every dimension, or n of them; each > 0 (>= 0 with allow_zero)."""
    message = f"The `{what}` argument must be a tuple of {n} integers. Received: {value}"
    if isinstance(value, int) or (hasattr(value, "__index__") and not hasattr(value, "__len__")):
        values = (int(value),) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(message) from None
        if len(values) != n:
            raise ValueError(message)
        for v in values:
            try:
                int(v)
            except (ValueError, TypeError):
                raise ValueError(f"{message}including element {v} of type {type(v)}") from None
        values = tuple(int(v) for v in values)
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        raise ValueError(f"{message} including {bad} that does not satisfy the requirement "
                         f"`{'>= 0' if allow_zero else '> 0'}`.")
    return values


def _padding(padding, allow_causal=False):
    value = padding.lower() if isinstance(padding, str) else padding
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if value not in allowed:
        raise ValueError('The `padding` argument must be a list/tuple or one of "valid", "same" (or "causal", only '
                         f"for `Conv1D). Received: {padding}")
    return value


def _channels(input_shape, data_format):
    input_shape = TensorShape(input_shape)  # build may be called directly, with a list
    dims = input_shape.as_tuple_or_none()
    c = dims[1] if data_format == "channels_first" else dims[-1]
    if c is None:
        raise ValueError("The channel dimension of the inputs should be defined. The input_shape received is "
                         f"{input_shape}, where axis {1 if data_format == 'channels_first' else -1} (0-based) is "
                         "the channel dimension, which found to be `None`.")
    return c


# ================================================================== convolution
class _Conv(Layer):
    """Shared arguments of the convolution layers (rank 1 or 2)."""

    rank = 2
    extra_batch_dims = False  # whether inputs may have several leading batch dimensions (Conv2D: TF's min_ndim)

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        if self.extra_batch_dims:
            self.min_ndim = self.rank + 2
        else:
            self.expected_ndim = self.rank + 2
        self.filters = int(filters)
        if self.filters <= 0:
            raise ValueError("Invalid value for argument `filters`. Expected a strictly positive value. "
                             f"Received filters={filters}.")
        self.kernel_size = _tuple(kernel_size, self.rank, "kernel_size")
        self.strides = _tuple(strides, self.rank, "strides", allow_zero=True)
        self.padding = _padding(padding, allow_causal=self.rank == 1)
        self.data_format = normalize_data_format(data_format)
        self.dilation_rate = _tuple(dilation_rate, self.rank, "dilation_rate")
        self.activation, self.use_bias = keras_activations.get(activation), use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel = self.bias = None
        self._validate_init()

    def _validate_init(self):
        """Keras's checks of the window arguments, made when the layer is constructed."""
        if not all(self.kernel_size):
            raise ValueError(f"The argument `kernel_size` cannot contain 0(s). Received: {self.kernel_size}")
        if not all(self.strides):
            raise ValueError(f"The argument `strides` cannot contains 0(s). Received: {self.strides}")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
                             f"strides={self.strides} and dilation_rate={self.dilation_rate}")

    def _kernel_shape(self, channels):
        return list(self.kernel_size) + [channels, self.filters]

    def _channel_spec(self, channels):
        """Keras's input_spec after build: the channel axis keeps the size the kernel was made for."""
        axis = -1 if self.data_format == "channels_last" else -1 - self.rank
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={axis: channels})

    def _convolve(self, inputs, name, input_shape=None):
        """tf.nn.convolution over the kernel, named after the layer's class, as Keras's layers call it (so a
        dilated channels-last convolution runs through SpaceToBatchND / BatchToSpaceND, as TF's)."""
        nn_format = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}[self.rank]
        padding = "VALID" if self.padding == "causal" else self.padding.upper()
        outputs = nn_conv_generic.convolution(inputs, self.kernel, padding, strides=list(self.strides),
                                              dilations=list(self.dilation_rate), name=name,
                                              data_format=nn_format[self.data_format == "channels_first"])
        input_shape = inputs.shape if input_shape is None else input_shape  # (a causal layer's: before its pad)
        if input_shape.ndims is not None:  # Keras's static shape: more than SpaceToBatchND's with unknown sizes
            outputs.set_shape(self.compute_output_shape(input_shape))
        return outputs

    def build(self, input_shape):
        channels = _channels(input_shape, self.data_format)
        self._channel_spec(channels)
        self.kernel = self.add_weight("kernel", self._kernel_shape(channels), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def _nn_format(self):
        return "NCHW" if self.data_format == "channels_first" else "NHWC"

    def compute_output_shape(self, input_shape):
        dims = list(TensorShape(input_shape).as_tuple_or_none())
        first = len(dims) - self.rank - (1 if self.data_format == "channels_last" else 0)
        padding = "SAME" if self.padding in ("same", "causal") else "VALID"
        for i, (k, s, d) in enumerate(zip(self.kernel_size, self.strides, self.dilation_rate)):
            size = dims[first + i]
            dims[first + i] = None if size is None else out_size(size, k, s, d, padding)[0]
        dims[-1 if self.data_format == "channels_last" else 1] = self.filters
        return TensorShape(dims)

    def get_config(self):
        return dict(super().get_config(), filters=self.filters, kernel_size=self.kernel_size, strides=self.strides,
                    padding=self.padding, data_format=self.data_format, dilation_rate=self.dilation_rate,
                    activation=keras_activations.serialize(self.activation), use_bias=self.use_bias)

    def _finish(self, outputs):
        if self.bias is not None:
            def add_bias(values):
                return nn_ops.bias_add(values, self.bias, data_format=self._nn_format())
            ndims = outputs.shape.ndims
            outputs = (_squeeze_batch_dims(outputs, add_bias, self.rank + 1) if ndims is not None
                       and ndims > self.rank + 2 else add_bias(outputs))
        return self.activation(outputs) if self.activation is not None else outputs


def _squeeze_batch_dims(inputs, op, inner_rank, name=None):
    """op over `inputs` with its leading batch dimensions folded into one, then unfolded (TF's helper)."""
    with get_default_graph().name_scope(name or "squeeze_batch_dims"):
        shape = inputs.shape
        inner = shape[-inner_rank:]
        inner = inner.as_list() if inner.is_fully_defined() else array_ops.shape(inputs)[-inner_rank:]
        batch = shape[:-inner_rank]
        batch = batch.as_list() if batch.is_fully_defined() else array_ops.shape(inputs)[:-inner_rank]
        folded = array_ops.reshape(inputs, [-1] + inner if isinstance(inner, list)
                                   else stack_ops.concat([[-1], inner], -1))
        out = op(folded)
        out_inner = out.shape[-inner_rank:]
        out_inner = out_inner.as_list() if out_inner.is_fully_defined() else array_ops.shape(out)[-inner_rank:]
        if isinstance(batch, list) and isinstance(out_inner, list):
            target = batch + out_inner
        else:
            target = stack_ops.concat([batch, out_inner], -1)
        result = array_ops.reshape(out, target)
        result.set_shape(shape[:-inner_rank].concatenate(out.shape[-inner_rank:]))
        return result


class Conv2D(_Conv):
    """2-D convolution layer (tf.layers.Conv2D): activation(conv2d(inputs, kernel) + bias).

    Inputs of rank over 4 are convolved with their leading dimensions folded into one batch, as TF's.
    """

    extra_batch_dims = True

    def call(self, inputs):
        def conv(values, name="Conv2D"):
            return conv_ops.conv2d(values, self.kernel, [1, *self.strides, 1] if self.data_format == "channels_last"
                                   else [1, 1, *self.strides], self.padding.upper(), data_format=self._nn_format(),
                                   dilations=list(self.dilation_rate), name=name)
        ndims = inputs.shape.ndims
        if ndims is not None and ndims > 4:
            outputs = _squeeze_batch_dims(inputs, conv, 3, name="Conv2D")
        else:
            outputs = self._convolve(inputs, "Conv2D")
        return self._finish(outputs)


def _causal_pad(layer, inputs):
    """A causal 1-D layer's inputs padded on the left by its dilated window less one (unchanged otherwise)."""
    if layer.padding != "causal":
        return inputs
    left = layer.dilation_rate[0] * (layer.kernel_size[0] - 1)
    pads = [[0, 0], [left, 0], [0, 0]] if layer.data_format == "channels_last" else [[0, 0], [0, 0], [left, 0]]
    return broadcast_ops.pad(inputs, pads)


class Conv1D(_Conv):
    """1-D convolution layer over [batch, width, channels] (tf.layers.Conv1D); padding may be "causal"."""

    rank = 1

    def call(self, inputs):
        outputs = self._convolve(_causal_pad(self, inputs), "Conv1D", inputs.shape)  # causal: then VALID
        return self._finish(outputs)


def _deconv_length(size, k, padding, stride, dilation):
    """A transposed convolution's output length from its input's: an int, a size tensor, or None."""
    if size is None:
        return None
    k = k + (k - 1) * (dilation - 1)
    if padding == "valid":
        return size * stride + max(k - stride, 0)
    return size * stride


class Conv2DTranspose(Conv2D):
    """Transposed 2-D convolution layer (tf.layers.Conv2DTranspose); kernel [kh, kw, filters, in]."""

    extra_batch_dims = False

    def _kernel_shape(self, channels):
        return list(self.kernel_size) + [self.filters, channels]

    def _out_dims(self, dims):
        h_axis, w_axis = (1, 2) if self.data_format == "channels_last" else (2, 3)
        return [_deconv_length(dims[a], k, self.padding, s, d)
                for a, k, s, d in zip((h_axis, w_axis), self.kernel_size, self.strides, self.dilation_rate)]

    def _dynamic_out_dims(self, dims, dynamic):
        """The output lengths, from the run's input shape where the static one is unknown."""
        h_axis = 1 if self.data_format == "channels_last" else 2
        sizes = [dims[a] if dims[a] is not None else dynamic[a] for a in (h_axis, h_axis + 1)]
        return self._out_dims({h_axis: sizes[0], h_axis + 1: sizes[1]})

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_tuple_or_none()
        oh, ow = self._out_dims(dims)
        if self.data_format == "channels_last":
            return TensorShape([dims[0], oh, ow, self.filters])
        return TensorShape([dims[0], self.filters, oh, ow])

    def call(self, inputs):
        dims = inputs.shape.as_tuple_or_none()
        oh, ow = self._out_dims(dims)
        dynamic = array_ops.shape(inputs)
        spatial = self._dynamic_out_dims(dims, dynamic)
        parts = [dynamic[0]] + (spatial + [self.filters] if self.data_format == "channels_last"
                                else [self.filters] + spatial)
        output_shape = stack_ops.stack(parts)
        strides = [1, *self.strides, 1] if self.data_format == "channels_last" else [1, 1, *self.strides]
        outputs = conv_ops.conv2d_transpose(inputs, self.kernel, output_shape, strides, self.padding.upper(),
                                            data_format=self._nn_format(), dilations=list(self.dilation_rate))
        static = [dims[0]] + ([oh, ow, self.filters] if self.data_format == "channels_last"
                              else [self.filters, oh, ow])
        outputs.set_shape(TensorShape(static))
        return self._finish(outputs)


class SeparableConv2D(Conv2D):
    """Depthwise then pointwise 2-D convolution layer (tf.layers.SeparableConv2D)."""

    extra_batch_dims = False

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                 dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer=None,
                 pointwise_initializer=None, bias_initializer=init_ops.zeros_initializer(),
                 depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, pointwise_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                         bias_initializer=bias_initializer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, bias_constraint=bias_constraint,
                         trainable=trainable, name=name, **kwargs)
        self.depth_multiplier = int(depth_multiplier)
        self.depthwise_initializer, self.pointwise_initializer = depthwise_initializer, pointwise_initializer
        self.depthwise_regularizer, self.pointwise_regularizer = depthwise_regularizer, pointwise_regularizer
        self.depthwise_constraint, self.pointwise_constraint = depthwise_constraint, pointwise_constraint

    def build(self, input_shape):
        channels = _channels(input_shape, self.data_format)
        self._channel_spec(channels)
        self.depthwise_kernel = self.add_weight(
            "depthwise_kernel", list(self.kernel_size) + [channels, self.depth_multiplier],
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", [1] * self.rank + [channels * self.depth_multiplier, self.filters],
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.filters], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def _separable(self, inputs, depthwise, pointwise, strides, rate, padding=None):
        full = [1, *strides, 1] if self.data_format == "channels_last" else [1, 1, *strides]
        return depthwise_conv_ops.separable_conv2d(inputs, depthwise, pointwise, full,
                                                   (padding or self.padding).upper(), rate=list(rate),
                                                   data_format=self._nn_format())

    def call(self, inputs):
        return self._finish(self._separable(inputs, self.depthwise_kernel, self.pointwise_kernel, self.strides,
                                            self.dilation_rate))


class SeparableConv1D(SeparableConv2D):
    """Depthwise then pointwise 1-D convolution layer (tf.layers.SeparableConv1D)."""

    rank = 1

    def call(self, inputs):
        """As Keras's: (causal padding,) a unit height, the 2-D separable op, the bias, then the squeeze."""
        axis = 1 if self.data_format == "channels_last" else 2
        x = array_ops.expand_dims(_causal_pad(self, inputs), axis)
        outputs = self._separable(x, array_ops.expand_dims(self.depthwise_kernel, 0),
                                  array_ops.expand_dims(self.pointwise_kernel, 0), (1, self.strides[0]),
                                  (1, self.dilation_rate[0]), padding="valid" if self.padding == "causal" else None)
        if self.bias is not None:
            outputs = nn_ops.bias_add(outputs, self.bias, data_format=self._nn_format())
        outputs = array_ops.squeeze(outputs, [axis])
        return self.activation(outputs) if self.activation is not None else outputs


# ================================================================== pooling
class _Pooling(Layer):
    rank = 2
    pool_function = None

    def __init__(self, pool_size, strides=None, padding="valid", data_format="channels_last", name=None,
                 **kwargs):
        super().__init__(name=name, **kwargs)
        self.expected_ndim = self.rank + 2
        self.pool_size = _tuple(pool_size, self.rank, "pool_size")
        self.strides = self.pool_size if strides is None else _tuple(strides, self.rank, "strides", allow_zero=True)
        self.padding = _padding(padding)
        self.data_format = normalize_data_format(data_format)

    def _pool2d(self, inputs, pool_size, strides):
        channels_last = self.data_format == "channels_last"
        ksize = [1, *pool_size, 1] if channels_last else [1, 1, *pool_size]
        full = [1, *strides, 1] if channels_last else [1, 1, *strides]
        return type(self).pool_function(inputs, ksize, full, self.padding.upper(),
                                        data_format="NHWC" if channels_last else "NCHW")

    def call(self, inputs):
        if self.rank == 2:
            return self._pool2d(inputs, self.pool_size, self.strides)
        axis = 2 if self.data_format == "channels_last" else 3
        outputs = self._pool2d(array_ops.expand_dims(inputs, axis), self.pool_size + (1,), self.strides + (1,))
        return array_ops.squeeze(outputs, [axis])

    def compute_output_shape(self, input_shape):
        dims = list(TensorShape(input_shape).as_tuple_or_none())
        first = 1 if self.data_format == "channels_last" else 2
        for i, (k, s) in enumerate(zip(self.pool_size, self.strides)):
            size = dims[first + i]
            dims[first + i] = None if size is None else out_size(size, k, s, 1, self.padding.upper())[0]
        return TensorShape(dims)


class MaxPooling2D(_Pooling):
    """2-D max pooling layer (tf.layers.MaxPooling2D)."""

    pool_function = staticmethod(pool_ops.max_pool)


class AveragePooling2D(_Pooling):
    """2-D average pooling layer (tf.layers.AveragePooling2D)."""

    pool_function = staticmethod(pool_ops.avg_pool)


class MaxPooling1D(MaxPooling2D):
    """1-D max pooling layer over [batch, steps, channels] (tf.layers.MaxPooling1D)."""

    rank = 1


class AveragePooling1D(AveragePooling2D):
    """1-D average pooling layer over [batch, steps, channels] (tf.layers.AveragePooling1D)."""

    rank = 1


# ================================================================== functional forms
def _apply(layer_class, inputs, reuse=None, **kwargs):
    inputs = convert_to_tensor(inputs)  # TF's functional layers take the inputs' dtype, integers included
    return layer_class(dtype=inputs.dtype.base_dtype, _reuse=reuse, _scope=kwargs.get("name"), **kwargs)(inputs)


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
           dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
           bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
           activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
           reuse=None):
    """2-D convolution layer (tf.layers.conv2d): variables `<name>/kernel` [kh, kw, in, filters], `<name>/bias`.

    Raises:
        ValueError: inputs not of rank 4, an unknown channel dimension, a bad padding, or a kernel
            larger than a "valid"-padded input.
    """
    return _apply(Conv2D, inputs, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                  padding=padding, data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                  use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name)


def conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last", dilation_rate=1,
           activation=None, use_bias=True, kernel_initializer=None, bias_initializer=init_ops.zeros_initializer(),
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
           bias_constraint=None, trainable=True, name=None, reuse=None):
    """1-D convolution layer (tf.layers.conv1d): variables `<name>/kernel` [k, in, filters], `<name>/bias`."""
    return _apply(Conv1D, inputs, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                  padding=padding, data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                  use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name)


def conv2d_transpose(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     activation=None, use_bias=True, kernel_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    """Transposed 2-D convolution layer (tf.layers.conv2d_transpose): kernel [kh, kw, filters, in].

    Output size per spatial dim: size * stride, plus max(kernel - stride, 0) with "valid" padding.
    """
    return _apply(Conv2DTranspose, inputs, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                  padding=padding, data_format=data_format, activation=activation, use_bias=use_bias,
                  kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                  kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                  bias_constraint=bias_constraint, trainable=trainable, name=name)


def separable_conv2d(inputs, filters, kernel_size, strides=(1, 1), padding="valid", data_format="channels_last",
                     dilation_rate=(1, 1), depth_multiplier=1, activation=None, use_bias=True,
                     depthwise_initializer=None, pointwise_initializer=None,
                     bias_initializer=init_ops.zeros_initializer(), depthwise_regularizer=None,
                     pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                     depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, trainable=True,
                     name=None, reuse=None):
    """Depthwise-separable 2-D convolution layer (tf.layers.separable_conv2d)."""
    return _apply(SeparableConv2D, inputs, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                  padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                  depth_multiplier=depth_multiplier, activation=activation, use_bias=use_bias,
                  depthwise_initializer=depthwise_initializer, pointwise_initializer=pointwise_initializer,
                  bias_initializer=bias_initializer, depthwise_regularizer=depthwise_regularizer,
                  pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, depthwise_constraint=depthwise_constraint,
                  pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint, trainable=trainable,
                  name=name)


def separable_conv1d(inputs, filters, kernel_size, strides=1, padding="valid", data_format="channels_last",
                     dilation_rate=1, depth_multiplier=1, activation=None, use_bias=True, depthwise_initializer=None,
                     pointwise_initializer=None, bias_initializer=init_ops.zeros_initializer(),
                     depthwise_regularizer=None, pointwise_regularizer=None, bias_regularizer=None,
                     activity_regularizer=None, depthwise_constraint=None, pointwise_constraint=None,
                     bias_constraint=None, trainable=True, name=None, reuse=None):
    """Depthwise-separable 1-D convolution layer (tf.layers.separable_conv1d): variables
    `<name>/depthwise_kernel` [k, in, depth_multiplier], `<name>/pointwise_kernel` [1, in * dm, filters]."""
    return _apply(SeparableConv1D, inputs, reuse, filters=filters, kernel_size=kernel_size, strides=strides,
                  padding=padding, data_format=data_format, dilation_rate=dilation_rate,
                  depth_multiplier=depth_multiplier, activation=activation, use_bias=use_bias,
                  depthwise_initializer=depthwise_initializer, pointwise_initializer=pointwise_initializer,
                  bias_initializer=bias_initializer, depthwise_regularizer=depthwise_regularizer,
                  pointwise_regularizer=pointwise_regularizer, bias_regularizer=bias_regularizer,
                  activity_regularizer=activity_regularizer, depthwise_constraint=depthwise_constraint,
                  pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint, trainable=trainable,
                  name=name)


def _pool_fn(layer_class, doc):
    def pool(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
        return layer_class(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)
    pool.__doc__ = doc
    return pool


max_pooling2d = _pool_fn(MaxPooling2D, "2-D max pooling (tf.layers.max_pooling2d).")
average_pooling2d = _pool_fn(AveragePooling2D, "2-D average pooling (tf.layers.average_pooling2d).")
max_pooling1d = _pool_fn(MaxPooling1D, "1-D max pooling over [batch, steps, channels] (tf.layers.max_pooling1d).")
average_pooling1d = _pool_fn(AveragePooling1D, "1-D average pooling (tf.layers.average_pooling1d).")

# TF1's aliases
Convolution1D, Convolution2D, Convolution2DTranspose = Conv1D, Conv2D, Conv2DTranspose
MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D = MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D

__all__ = ["AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D", "Conv1D", "Conv2D", "Conv2DTranspose",
           "Convolution1D", "Convolution2D", "Convolution2DTranspose", "MaxPool1D", "MaxPool2D", "MaxPooling1D",
           "MaxPooling2D", "SeparableConv1D", "SeparableConv2D", "average_pooling1d", "average_pooling2d",
           "conv1d", "conv2d", "conv2d_transpose", "max_pooling1d", "max_pooling2d", "separable_conv1d",
           "separable_conv2d"]
