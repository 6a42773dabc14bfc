"""Keras's core layers in graph mode: Dense, Activation, Dropout, Flatten, Reshape, Permute,
RepeatVector, Lambda, Embedding, the activation layers (ReLU, LeakyReLU, ELU, Softmax) and the
merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate)."""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.keras import activations, backend, initializers, regularizers
from tfsess.keras.base_layer import InputSpec, Layer
from tfsess.keras.conv_layers import WrappedLayer
from tfsess.keras.masking import concatenated_mask, large_negative, merged_mask
from tfsess.ops import (array_ops, broadcast_ops, cond_ops, gather_ops, layers_core, logic_ops, math_ops, nn_impl,
                        nn_ops, stack_ops)


class Dense(WrappedLayer):
    """A fully connected layer: activation(inputs @ kernel + bias) (tf.keras.layers.Dense)."""

    legacy_class = layers_core.Dense
    _MASKING = True
    defaults = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}

    def __init__(self, units, *args, **kwargs):
        super().__init__(units, *args, **kwargs)
        self.input_spec = InputSpec(min_ndim=2)


class Flatten(WrappedLayer):
    """Flattens all but the batch dimension."""

    legacy_class = layers_core.Flatten
    defaults = {}

    def __init__(self, data_format=None, **kwargs):
        super().__init__(data_format=data_format or backend.image_data_format(), **kwargs)
        self.input_spec = InputSpec(min_ndim=1)


def _smart_cond(training, true_fn, false_fn):
    if isinstance(training, bool) or training is None:
        return true_fn() if training else false_fn()
    return cond_ops.cond(training, true_fn, false_fn)


class Dropout(Layer):
    """Zeroes a fraction `rate` of the inputs in the training phase, scaling the rest by 1 / (1 - rate)."""

    _MASKING = True

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError(f"Invalid value {rate} received for `rate`, expected a value between 0 and 1.")
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=None):
        if self.rate == 0:
            return array_ops.identity(inputs)
        return _smart_cond(training,
                           lambda: nn_impl.dropout(inputs, noise_shape=self.noise_shape, seed=self.seed,
                                                   rate=self.rate),
                           lambda: array_ops.identity(inputs))

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


class Activation(Layer):
    """Applies an activation by name or function."""

    _MASKING = True

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)


class ReLU(Layer):
    """relu with an optional cap, negative slope and threshold."""

    _MASKING = True

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold

    def call(self, inputs):
        return activations.relu(inputs, alpha=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)


class LeakyReLU(Layer):
    """x where x > 0, alpha * x elsewhere (alpha 0.3 by default)."""

    _MASKING = True

    def __init__(self, alpha=0.3, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return nn_ops.leaky_relu(inputs, alpha=self.alpha)


class ELU(Layer):
    _MASKING = True

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return activations.elu(inputs, self.alpha)


class Softmax(Layer):
    """softmax over `axis`; masked positions (mask False) get -1e9 added first."""

    _MASKING = True

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs, mask=None):
        if mask is not None:
            dtype = inputs.dtype.base_dtype
            inputs = inputs + (1.0 - math_ops.cast(mask, dtype)) * large_negative(dtype)
        return activations.softmax(inputs, axis=self.axis)


class Reshape(Layer):
    """Reshapes to (batch,) + target_shape (one entry may be -1)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(target_shape)

    def call(self, inputs):
        batch = array_ops.shape(inputs)[:1]
        outputs = array_ops.reshape(inputs, stack_ops.concat([batch, list(self.target_shape)], 0))
        first = inputs.shape.as_tuple_or_none()[0] if inputs.shape.ndims else None
        outputs.set_shape([first] + self._static_target(inputs.shape))
        return outputs

    def _static_target(self, shape):
        """The target shape with its -1 resolved where the input's non-batch size is known."""
        target = list(self.target_shape)
        if -1 in target:
            rest = TensorShape(shape.as_tuple_or_none()[1:]).num_elements() if shape.ndims else None
            known = int(np.prod([d for d in target if d != -1]))
            target[target.index(-1)] = rest // known if rest is not None and known else None
        return target


class Permute(Layer):
    """Permutes the non-batch axes: dims are 1-based."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)

    def call(self, inputs):
        return array_ops.transpose(inputs, [0, *self.dims])


class RepeatVector(Layer):
    """[batch, features] -> [batch, n, features]."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        self.n = int(n)
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return broadcast_ops.tile(array_ops.expand_dims(inputs, 1), [1, self.n, 1])


class Lambda(Layer):
    """Wraps a function of the inputs as a layer (`arguments` are passed as keywords)."""

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function, self.arguments = function, dict(arguments or {})
        self._output_shape = output_shape
        self.mask = mask
        self.supports_masking = mask is not None

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def compute_mask(self, inputs, mask=None):
        return self.mask(inputs, mask) if callable(self.mask) else self.mask


class Embedding(Layer):
    """Rows of `embeddings` [input_dim, output_dim] looked up by integer ids."""

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None,
                 **kwargs):
        if "input_shape" not in kwargs and input_length is not None:
            kwargs["input_shape"] = (input_length,)
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = embeddings_constraint
        self.mask_zero, self.input_length = mask_zero, input_length

    def build(self, input_shape):
        self.embeddings = self.add_weight("embeddings", [self.input_dim, self.output_dim],
                                          initializer=self.embeddings_initializer,
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)
        self.built = True

    def call(self, inputs):
        if inputs.dtype.base_dtype.name not in ("int32", "int64"):
            inputs = math_ops.cast(inputs, "int32")
        return gather_ops.gather(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        return logic_ops.not_equal(inputs, 0) if self.mask_zero else None


class _Merge(Layer):
    """Combines a list of same-shaped tensors (their masks ANDed)."""

    _MASKING = True

    def compute_mask(self, inputs, mask=None):
        return merged_mask(inputs, mask)

    def _merge(self, inputs):
        raise NotImplementedError

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 1:
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: inputs={inputs} "
                             "(not a list of tensors)")
        return self._merge([convert_to_tensor(t) for t in inputs])


def _fold(fn):
    def merge(self, inputs):
        output = inputs[0]
        for other in inputs[1:]:
            output = fn(output, other)
        return output
    return merge


class Add(_Merge):
    _merge = _fold(math_ops.add)


class Multiply(_Merge):
    _merge = _fold(math_ops.multiply)


class Maximum(_Merge):
    _merge = _fold(math_ops.maximum)


class Minimum(_Merge):
    _merge = _fold(math_ops.minimum)


class Subtract(_Merge):
    def _merge(self, inputs):
        if len(inputs) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: inputs={inputs}")
        return inputs[0] - inputs[1]


class Average(_Merge):
    def _merge(self, inputs):
        return _fold(math_ops.add)(self, inputs) / len(inputs)


class Concatenate(_Merge):
    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _merge(self, inputs):
        return stack_ops.concat(inputs, axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        return concatenated_mask(inputs, mask, self.axis)


def _functional(layer_class, doc):
    def merge(inputs, **kwargs):
        return layer_class(**kwargs)(inputs)
    merge.__doc__ = doc
    return merge


add = _functional(Add, "Adds a list of tensors (tf.keras.layers.add).")
multiply = _functional(Multiply, "Multiplies a list of tensors elementwise.")
maximum = _functional(Maximum, "Elementwise maximum of a list of tensors.")
minimum = _functional(Minimum, "Elementwise minimum of a list of tensors.")
subtract = _functional(Subtract, "The difference of two tensors.")
average = _functional(Average, "The mean of a list of tensors.")


def concatenate(inputs, axis=-1, **kwargs):
    """Concatenates a list of tensors along `axis` (tf.keras.layers.concatenate)."""
    return Concatenate(axis=axis, **kwargs)(inputs)


__all__ = ["Activation", "Add", "Average", "Concatenate", "Dense", "Dropout", "ELU", "Embedding", "Flatten",
           "Lambda", "LeakyReLU", "Maximum", "Minimum", "Multiply", "Permute", "ReLU", "RepeatVector", "Reshape",
           "Softmax", "Subtract", "add", "average", "concatenate", "maximum", "minimum", "multiply", "subtract"]
