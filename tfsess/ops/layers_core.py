"""TF1's functional layers (the tf.layers namespace): dense, dropout, flatten.

Beyond TF 2.21, whose compat.v1 lost tf.layers with Keras 3: these follow TF 1.x's legacy layers.
A layer call opens `variable_scope(name, default_name=<layer>)` ("dense", "dense_1", ...), makes
its variables there with `get_variable` (`dense/kernel`, `dense/bias`) and builds its ops in the
matching name scope (`dense/MatMul`, `dense/BiasAdd`, `dense/Relu`).
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, init_ops, linalg_ops, math_ops, nn_impl, nn_ops, stack_ops, variable_scope as vs
from tfsess.ops.cond_ops import cond
from tfsess.ops.variables import GraphKeys


def _layer_scope(name, default_name, reuse):
    """TF's legacy-layer scope: the exact `name` when reusing, else a fresh `name` or `default_name`."""
    if reuse:
        return vs.variable_scope(name or default_name, reuse=reuse)
    return vs.variable_scope(name, default_name=default_name, reuse=reuse)


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=None, kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
          name=None, reuse=None):
    """A fully connected layer: activation(inputs @ kernel + bias) (tf.layers.dense).

    Args:
        inputs: a tensor of rank >= 2 whose last dimension is known.
        units: the output size.
        activation: a function applied to the output, or None.
        use_bias: add a `bias` vector.
        kernel_initializer: defaults to glorot_uniform (get_variable's default).
        bias_initializer: defaults to zeros.
        trainable: add the variables to TRAINABLE_VARIABLES.
        name: the layer's variable scope; "dense", "dense_1", ... by default.
        reuse: reuse the variables of an earlier layer of the same name.

    Returns:
        The output tensor, of shape `inputs.shape[:-1] + [units]`.

    Raises:
        ValueError: the last dimension of `inputs` is unknown.
    """
    inputs = convert_to_tensor(inputs)
    units = int(units)
    shape = inputs.shape
    if shape.ndims is not None and shape.ndims < 2:
        raise ValueError(f"Input 0 of layer dense is incompatible with the layer: expected min_ndim=2, found "
                         f"ndim={shape.ndims}. Full shape received: {shape}")
    last = None if shape.ndims is None else shape.as_tuple_or_none()[-1]
    if last is None:
        raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
    dtype = inputs.dtype.base_dtype if inputs.dtype.base_dtype.is_floating else dtypes.float32
    with _layer_scope(name, "dense", reuse):
        kernel = vs.get_variable("kernel", shape=[last, units], dtype=dtype, initializer=kernel_initializer,
                                 regularizer=kernel_regularizer, trainable=trainable,
                                 constraint=kernel_constraint)
        bias = None
        if use_bias:
            bias = vs.get_variable("bias", shape=[units], dtype=dtype,
                                   initializer=bias_initializer or init_ops.zeros_initializer(),
                                   regularizer=bias_regularizer, trainable=trainable, constraint=bias_constraint)
        if inputs.dtype.base_dtype != dtype:
            inputs = math_ops.cast(inputs, dtype)
        if shape.ndims == 2 or shape.ndims is None:
            outputs = linalg_ops.matmul(inputs, kernel)
        else:
            outputs = linalg_ops.tensordot(inputs, kernel, [[shape.ndims - 1], [0]])
            outputs.set_shape(TensorShape(list(shape.as_tuple_or_none()[:-1]) + [units]))
        if bias is not None:
            outputs = nn_ops.bias_add(outputs, bias)
        if activation is not None:
            outputs = activation(outputs)
        if activity_regularizer is not None:
            _add_regularization_loss(activity_regularizer(outputs))
        return outputs


def _add_regularization_loss(loss):
    get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Randomly zeroes a fraction `rate` of the inputs while `training`, scaling the rest (tf.layers.dropout).

    `training` may be a Python bool (False: the inputs pass through an Identity) or a bool tensor.
    """
    inputs = convert_to_tensor(inputs)
    with _layer_scope(name, "dropout", None):
        def dropped():
            return nn_impl.dropout(inputs, noise_shape=noise_shape, seed=seed, rate=rate)

        def kept():
            return array_ops.identity(inputs)

        if isinstance(training, (Tensor,)) or hasattr(training, "_as_graph_element"):
            return cond(training, dropped, kept)
        return dropped() if training else kept()


def flatten(inputs, name=None, data_format="channels_last"):
    """Flattens all but the first dimension: [batch, ...] -> [batch, n] (tf.layers.flatten)."""
    inputs = convert_to_tensor(inputs)
    with _layer_scope(name, "flatten", None):
        shape = inputs.shape
        if data_format == "channels_first" and shape.ndims is not None and shape.ndims > 2:
            inputs = array_ops.transpose(inputs, [0] + list(range(2, shape.ndims)) + [1])
            shape = inputs.shape
        first = None if shape.ndims is None else shape.as_tuple_or_none()[0]
        if shape.ndims == 1:
            return array_ops.expand_dims(inputs, 1)
        batch = first if first is not None else array_ops.shape(inputs)[0]
        outputs = array_ops.reshape(inputs, stack_ops.stack([batch, -1]) if isinstance(batch, Tensor)
                                    else [batch, -1])
        rest = None if shape.ndims is None else TensorShape(shape.as_tuple_or_none()[1:]).num_elements()
        outputs.set_shape([first, rest])
        return outputs


__all__ = ["dense", "dropout", "flatten"]
