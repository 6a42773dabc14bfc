"""The tf.nn namespace (tensorflow.compat.v1.nn)."""
from tfsess.ops.conv_ops import (atrous_conv2d, avg_pool, conv1d, conv2d, conv2d_backprop_filter,  # noqa: F401
                                 conv2d_backprop_input, conv2d_transpose, max_pool)
from tfsess.ops.conv_ops import avg_pool_v2 as avg_pool2d  # noqa: F401
from tfsess.ops.conv_ops import max_pool_v2 as max_pool2d  # noqa: F401
from tfsess.ops.math_ops import sigmoid, tanh  # noqa: F401
from tfsess.ops.nn_ops import (batch_normalization, bias_add, crelu, dropout, elu,  # noqa: F401
                               embedding_lookup, in_top_k, l2_loss, l2_normalize, leaky_relu, log_softmax, moments,
                               normalize_moments, relu, relu6, relu_layer, selu, sigmoid_cross_entropy_with_logits,
                               softmax, softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2,
                               softplus, softsign, sparse_softmax_cross_entropy_with_logits, sufficient_statistics,
                               swish, top_k, weighted_cross_entropy_with_logits, weighted_moments, xw_plus_b,
                               zero_fraction)
from tfsess.ops.nn_ops import swish as silu  # noqa: F401
