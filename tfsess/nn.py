"""The tf.nn namespace (tensorflow.compat.v1.nn)."""
from tfsess.ops.batch_space_ops import depth_to_space, space_to_batch, space_to_depth  # noqa: F401
from tfsess.ops.conv_ops import (atrous_conv2d, conv1d, conv2d, conv2d_backprop_filter,  # noqa: F401
                                 conv2d_backprop_input, conv2d_transpose)
from tfsess.ops.nn_impl import (batch_normalization, dropout, embedding_lookup, l2_normalize, moments,  # noqa: F401
                                normalize_moments, relu_layer, sigmoid_cross_entropy_with_logits,
                                sufficient_statistics, swish, weighted_cross_entropy_with_logits, weighted_moments,
                                xw_plus_b, zero_fraction)
from tfsess.ops.nn_impl import swish as silu  # noqa: F401
from tfsess.ops.nn_ops import (bias_add, crelu, elu, in_top_k, l2_loss, leaky_relu, relu, relu6, selu,  # noqa: F401
                               softplus, softsign, top_k)
from tfsess.ops.pool_ops import avg_pool, max_pool  # noqa: F401
from tfsess.ops.pool_ops import avg_pool_v2 as avg_pool2d  # noqa: F401
from tfsess.ops.pool_ops import max_pool_v2 as max_pool2d  # noqa: F401
from tfsess.ops.quantized_nn_ops import (quantized_avg_pool, quantized_conv2d, quantized_max_pool,  # noqa: F401
                                        quantized_relu_x)
from tfsess.ops.softmax_ops import (log_softmax, softmax, softmax_cross_entropy_with_logits,  # noqa: F401
                                    softmax_cross_entropy_with_logits_v2, sparse_softmax_cross_entropy_with_logits)
from tfsess.ops.unary_ops import sigmoid, tanh  # noqa: F401
from tfsess import nn_rnn_cell as rnn_cell  # noqa: F401
from tfsess.ops.rnn import (bidirectional_dynamic_rnn, dynamic_rnn, static_bidirectional_rnn,  # noqa: F401
                            static_rnn)
from tfsess.ops.rnn_raw import raw_rnn  # noqa: F401
from tfsess.ops.composite_math_ops import log_poisson_loss  # noqa: F401
from tfsess.ops.candidate_sampling_ops import (all_candidate_sampler, compute_accidental_hits,  # noqa: F401
                                               fixed_unigram_candidate_sampler, learned_unigram_candidate_sampler,
                                               log_uniform_candidate_sampler, uniform_candidate_sampler)
from tfsess.ops.depthwise_conv_ops import depthwise_conv2d, depthwise_conv2d_native, separable_conv2d  # noqa: F401
from tfsess.ops.normalization_ops import fused_batch_norm, local_response_normalization, lrn  # noqa: F401
from tfsess.ops.sampled_losses import nce_loss, sampled_softmax_loss  # noqa: F401
from tfsess.ops.ctc_ops import (collapse_repeated, ctc_beam_search_decoder, ctc_beam_search_decoder_v2,  # noqa: F401
                                ctc_greedy_decoder, ctc_loss, ctc_unique_labels)
from tfsess.ops.nn_compat_ops import (batch_norm_with_global_normalization, compute_average_loss,  # noqa: F401
                                      scale_regularization_loss)
from tfsess.ops.embedding_sparse import embedding_lookup_sparse, safe_embedding_lookup_sparse  # noqa: F401
from tfsess.ops.pool_argmax_ops import max_pool_with_argmax  # noqa: F401
from tfsess.ops.conv3d_ops import conv3d, conv3d_transpose  # noqa: F401
from tfsess.ops.conv3d_ops import conv3d_backprop_filter_v2 as conv3d_backprop_filter  # noqa: F401
from tfsess.ops.conv3d_ops import conv3d_backprop_filter_v2  # noqa: F401
from tfsess.ops.pool3d_ops import avg_pool3d, max_pool3d  # noqa: F401
from tfsess.ops.dilation_ops import dilation2d, erosion2d  # noqa: F401
from tfsess.ops.nn_conv_generic import (avg_pool1d, conv1d_transpose, conv_transpose, convolution,  # noqa: F401
                                        depthwise_conv2d_native_backprop_filter,
                                        depthwise_conv2d_native_backprop_input, max_pool1d, pool, with_space_to_batch)
from tfsess.ops.nn_conv_generic import depthwise_conv2d_native_backprop_filter as depthwise_conv2d_backprop_filter  # noqa: F401,E501
from tfsess.ops.nn_conv_generic import depthwise_conv2d_native_backprop_input as depthwise_conv2d_backprop_input  # noqa: F401,E501
from tfsess.ops.nn_conv_generic import avg_pool_nd as avg_pool_v2  # noqa: F401
from tfsess.ops.nn_conv_generic import max_pool_nd as max_pool_v2  # noqa: F401
from tfsess.ops.approx_topk_ops import approx_max_k, approx_min_k  # noqa: F401
from tfsess.ops.nn_more_ops import atrous_conv2d_transpose  # noqa: F401
from tfsess.ops import nn_more_ops as _nn_more_ops
import types as _types
experimental = _types.SimpleNamespace(stateless_dropout=_nn_more_ops.stateless_dropout,
                                      general_dropout=_nn_more_ops.general_dropout)
from tfsess.ops.fractional_pool_ops import fractional_avg_pool, fractional_max_pool  # noqa: F401
from tfsess.ops.ctc_loss_dense import ctc_loss_v2  # noqa: F401
from tfsess.ops.state_saving_rnn import static_state_saving_rnn  # noqa: F401,E402
