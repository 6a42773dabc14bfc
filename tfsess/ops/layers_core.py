"""TF1's core layers (tf.layers): Dense, Dropout, Flatten and their functional forms.

Beyond TF 2.21, whose compat.v1 lost tf.layers with Keras 3: these follow TF 1.x's legacy layers
(see layers_base): variables `dense/kernel`, `dense/bias`, ops `dense/MatMul`, `dense/BiasAdd`.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import (array_ops, embedding_sparse, init_ops, keras_activations, linalg_ops, math_ops, nn_impl,
                        nn_ops, sparse_structure_ops)
from tfsess.ops.cond_ops import cond
from tfsess.ops.input_spec import InputSpec
from tfsess.ops.layers_base import Layer, is_tensor_like, normalize_data_format


class Dense(Layer):
    """A fully connected layer: activation(inputs @ kernel + bias) (tf.layers.Dense).

    Args:
        units: the output size.
        activation: a function applied to the output, or None.
        use_bias: add a `bias` vector.
        kernel_initializer: defaults to glorot_uniform (get_variable's default).
        bias_initializer: defaults to zeros.
        trainable: add the variables to TRAINABLE_VARIABLES.
        name: the layer's variable scope; "dense", "dense_1", ... by default.
    """

    min_ndim = 2

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None, bias_initializer=None,
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, activity_regularizer=activity_regularizer, **kwargs)
        self.units = int(units)
        self.activation = keras_activations.get(activation)  # a name ('relu') too, as TF's
        self.use_bias = use_bias
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.kernel_regularizer, self.bias_regularizer = kernel_regularizer, bias_regularizer
        self.kernel_constraint, self.bias_constraint = kernel_constraint, bias_constraint
        self.kernel = self.bias = None

    def build(self, input_shape):
        input_shape = TensorShape(input_shape)  # build may be called directly, with a list
        dtype = self.dtype or dtypes.float32  # unset until a first call: floatx, as TF
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError(f"A Dense layer can only be built with a floating-point dtype. Received: dtype={dtype}")
        last = None if input_shape.ndims is None else input_shape.as_tuple_or_none()[-1]
        if last is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last})  # later inputs must keep this size, as Keras's
        self.kernel = self.add_weight("kernel", [last, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        if self.use_bias:
            self.bias = self.add_weight("bias", [self.units],
                                        initializer=self.bias_initializer or init_ops.zeros_initializer(),
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)
        self.built = True

    def call(self, inputs):
        if inputs.dtype.base_dtype != self.kernel.dtype.base_dtype:
            inputs = math_ops.cast(inputs, self.kernel.dtype.base_dtype)
        shape = inputs.shape
        if isinstance(inputs, SparseTensor) and shape.ndims in (2, None):
            outputs = self._sparse_matmul(inputs)
        elif shape.ndims == 2 or shape.ndims is None:
            outputs = linalg_ops.matmul(inputs, self.kernel)
        else:
            outputs = linalg_ops.tensordot(inputs, self.kernel, [[shape.ndims - 1], [0]])
            outputs.set_shape(TensorShape(list(shape.as_tuple_or_none()[:-1]) + [self.units]))
        if self.bias is not None:
            outputs = nn_ops.bias_add(outputs, self.bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def _sparse_matmul(self, inputs):
        """A sparse [batch, n] input times the kernel as Keras does it: an embedding lookup of each entry's
        column, weighted by its value and summed per row (empty rows filled with a zero first)."""
        inputs, _ = sparse_structure_ops.sparse_fill_empty_rows(inputs, 0)
        ids = SparseTensor(inputs.indices, inputs.indices[:, 1], inputs.dense_shape)
        return embedding_sparse.embedding_lookup_sparse(self.kernel, ids, inputs, combiner="sum")

    def compute_output_shape(self, input_shape):
        return TensorShape(list(TensorShape(input_shape).as_tuple_or_none()[:-1]) + [self.units])

    def get_config(self):
        return dict(super().get_config(), units=self.units, activation=keras_activations.serialize(self.activation),
                    use_bias=self.use_bias)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=None, kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
          name=None, reuse=None):
    """A fully connected layer: activation(inputs @ kernel + bias) (tf.layers.dense).

    Args:
        inputs: a tensor of rank >= 2 whose last dimension is known.
        units, activation, use_bias, initializers, regularizers, constraints, trainable: as Dense.
        name: the layer's variable scope; "dense", "dense_1", ... by default.
        reuse: reuse the variables of an earlier layer of the same name.

    Returns:
        The output tensor, of shape `inputs.shape[:-1] + [units]`.

    Raises:
        ValueError: inputs of rank < 2 or whose last dimension is unknown.
        TypeError: inputs of a dtype that is not floating-point or complex.
    """
    if not isinstance(inputs, SparseTensor):
        inputs = convert_to_tensor(inputs)
    layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                  bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                  bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                  kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, trainable=trainable,
                  name=name, dtype=inputs.dtype.base_dtype, _reuse=reuse, _scope=name)
    return layer(inputs)


class Dropout(Layer):
    """Zeroes a fraction `rate` of the inputs while training, scaling the rest by 1 / (1 - rate) (tf.layers.Dropout).

    `training` (a call argument) may be a Python bool (False: the inputs pass through an Identity)
    or a bool tensor.
    """

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed

    def call(self, inputs, training=False):
        def dropped():
            return nn_impl.dropout(inputs, noise_shape=self.noise_shape, seed=self.seed, rate=self.rate)

        def kept():
            return array_ops.identity(inputs)

        if is_tensor_like(training):
            return cond(training, dropped, kept)
        return dropped() if training else kept()

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape)

    def get_config(self):
        return dict(super().get_config(), rate=self.rate, noise_shape=self.noise_shape, seed=self.seed)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Randomly zeroes a fraction `rate` of the inputs while `training`, scaling the rest (tf.layers.dropout).

    `training` may be a Python bool (False: the inputs pass through an Identity) or a bool tensor.
    """
    return Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)(inputs, training=training)


class Flatten(Layer):
    """Flattens all but the first dimension: [batch, ...] -> [batch, n] (tf.layers.Flatten)."""

    min_ndim = 1

    def __init__(self, data_format="channels_last", name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.data_format = normalize_data_format(data_format)

    def get_config(self):
        return dict(super().get_config(), data_format=self.data_format)

    def call(self, inputs):
        """Keras's reshape target, which keeps as much of the static shape as it can: [-1, n] when the
        non-batch dims are known, [batch, -1] when the batch is, else [shape(inputs)[0], -1]."""
        shape = inputs.shape
        if self.data_format == "channels_first" and shape.ndims is not None and shape.ndims > 1:
            inputs = array_ops.transpose(inputs, [0] + list(range(2, shape.ndims)) + [1])
            shape = inputs.shape
        if shape.ndims == 1:
            return array_ops.expand_dims(inputs, 1)
        dims = shape.as_tuple_or_none() if shape.ndims is not None else None
        if dims is not None and None not in dims[1:]:
            target = [-1, TensorShape(dims[1:]).num_elements()]
        elif dims is not None and dims[0] is not None:
            target = [dims[0], -1]
        else:
            target = [array_ops.shape(inputs)[0], -1]  # packed by reshape: "Reshape/shape", as TF
        return array_ops.reshape(inputs, target)


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens all but the first dimension: [batch, ...] -> [batch, n] (tf.layers.flatten)."""
    return Flatten(data_format=data_format, name=name)(inputs)


__all__ = ["Dense", "Dropout", "Flatten", "dense", "dropout", "flatten"]
