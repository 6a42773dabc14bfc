"""Round-13 variations around the defects fixed in tf.layers and tf.nn: shape-function errors naming their
node, data_format checks, a scope's regularizer beside a layer's own, gradient zeros of unused outputs and
of cond branches, fused_batch_norm / lrn dtypes and ranks, sampler input types and checks.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has
from _casekit import initialized_session, wave


# --- shape-function errors name their node ----------------------------------------------------

def case_x_fb13_pool_and_conv_too_big_messages(tf):
    x = tf.zeros([1, 3, 3, 2])
    out = {
        "max_pool": message_has(lambda: tf.layers.max_pooling2d(x, 4, 1), "Negative dimension", "{{node",
                                "max_pooling2d/MaxPool", "with input shapes: [1,3,3,2]"),
        "avg_pool_nn": message_has(lambda: tf.nn.avg_pool(x, 5, 1, "VALID", name="ap"), "subtracting 5 from 3",
                                   "{{node ap}}", "AvgPool["),
        "dilated": message_has(lambda: tf.nn.conv2d(x, tf.zeros([2, 2, 2, 1]), 1, "VALID", dilations=3),
                               "subtracting 4 from 3", "Conv2D["),
        "conv3d": message_has(lambda: tf.layers.conv3d(tf.zeros([1, 2, 4, 4, 1]), 1, 3), "Negative dimension",
                              "conv3d/Conv3D"),
    }
    sess = tf.Session()
    out["after"] = sess.run(tf.nn.max_pool(x + 1.0, 2, 1, "VALID"))
    return out


def case_x_fb13_placeholder_with_default_names_and_shapes(tf):
    a = tf.placeholder_with_default([1.0, 2.0], [None], name="a")
    b = tf.placeholder_with_default(np.zeros([2, 3], np.int32), [None, 3])
    c = tf.placeholder_with_default(tf.constant(5), [])
    sess = tf.Session()
    return {
        "names": [op.name for op in tf.get_default_graph().get_operations()],
        "shapes": [a.shape.as_list(), b.shape.as_list(), c.shape.as_list()],
        "values": [sess.run(a), sess.run(b, {b: np.ones([1, 3], np.int32)}), sess.run(c)],
        "dim_mismatch": message_has(lambda: tf.placeholder_with_default([1, 2], [3]),
                                    "Dimension 0 in both shapes must be equal", "Shapes are [2] and [3]"),
        "rank_mismatch": message_has(lambda: tf.placeholder_with_default([[1, 2]], [2]),
                                     "Shapes must be equal rank, but are 2 and 1"),
    }


# --- data_format ------------------------------------------------------------------------------

def case_x_fb13_data_format_checks(tf):
    x = tf.reshape(tf.range(8, dtype=tf.float32), [1, 2, 2, 2])
    sess = tf.Session()
    return {
        "flatten_upper": sess.run(tf.layers.flatten(x, data_format="CHANNELS_FIRST")),
        "flatten_class_bad": catch(tf.layers.Flatten, data_format="NHWC"),
        "pool_bad": catch(tf.layers.max_pooling2d, x, 2, 1, data_format="NCHW"),
        "conv_upper": tf.layers.conv2d(x, 1, 1, data_format="Channels_Last").shape.as_list(),
    }


# --- regularizers -----------------------------------------------------------------------------

def case_x_fb13_conv_and_batch_norm_under_scope_regularizer(tf):
    x = tf.constant(wave([1, 3, 3, 2], 1.0))
    with tf.variable_scope("s", regularizer=lambda w: tf.reduce_sum(tf.abs(w))):
        conv = tf.layers.Conv2D(1, 2, kernel_initializer=tf.constant_initializer(0.5),
                                kernel_regularizer=lambda w: 2.0 * tf.reduce_sum(w), name="c")
        y = conv(x)
        tf.layers.batch_normalization(y, gamma_regularizer=lambda g: 3.0 * tf.reduce_sum(g), name="bn")
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = initialized_session(tf)
    return {"names": [t.name for t in losses], "values": sess.run(losses), "layer_losses": len(conv.losses),
            "total": sess.run(tf.losses.get_regularization_loss())}


# --- gradient zeros ---------------------------------------------------------------------------

def case_x_fb13_cond_and_unused_output_gradient_ops(tf):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    flag = tf.placeholder(tf.bool, [])
    y = tf.cond(flag, lambda: x * 2.0, lambda: tf.identity(x))
    first, _ = tf.split(x, 2)
    g = tf.gradients(tf.reduce_sum(y) + tf.reduce_sum(first * first), x)[0]
    sess = tf.Session()
    grad_types = sorted(set(op.type for op in tf.get_default_graph().get_operations()
                            if op.name.startswith("gradients")))
    return {"true": sess.run(g, {flag: True}), "false": sess.run(g, {flag: False}), "types": grad_types}


def case_x_fb13_where_v2_and_cond_gradient_values(tf):
    x = tf.constant(wave([2, 3], 1.0))
    y = tf.constant(wave([3], 1.0, phase=0.5))
    c = tf.constant([True, False, True])
    flag = tf.placeholder_with_default(True, [])
    z = tf.cond(flag, lambda: tf.where_v2(c, x, y), lambda: x * y)
    gx, gy = tf.gradients(tf.reduce_sum(z * z), [x, y])
    sess = tf.Session()
    return {"gx": sess.run(gx), "gy": sess.run(gy), "gx_false": sess.run(gx, {flag: False}),
            "gy_static": gy.shape.as_list()}


# --- fused_batch_norm / lrn -------------------------------------------------------------------

def case_x_fb13_fused_batch_norm_mixed_dtypes_and_formats(tf):
    x = tf.constant(wave([2, 2, 1, 3], 2.0))
    y16, m16, v16 = tf.nn.fused_batch_norm(tf.cast(x, tf.float16), tf.ones([3]), tf.zeros([3]))
    p = tf.placeholder(tf.float32)
    nchw = tf.nn.fused_batch_norm(p, tf.ones([2]), tf.zeros([2]), data_format="NCHW")[0]
    ndhwc = tf.nn.fused_batch_norm(tf.placeholder(tf.float32), tf.ones([4]), tf.zeros([4]),
                                   data_format="NDHWC")[0]
    sess = tf.Session()
    return {
        "dtypes": [y16.dtype.name, m16.dtype.name, v16.dtype.name],
        "y16": sess.run(y16).astype(np.float32), "m16": sess.run(m16),
        "static": [nchw.shape.as_list(), ndhwc.shape.as_list()],
        "offset_mismatch": catch(tf.nn.fused_batch_norm, x, tf.ones([3]), tf.zeros([3], tf.float64)),
        "channels": message_has(lambda: tf.nn.fused_batch_norm(x, tf.ones([4]), tf.zeros([4])),
                                "Dimensions must be equal", "FusedBatchNormV3"),
        "bad_format": catch(tf.nn.fused_batch_norm, x, tf.ones([3]), tf.zeros([3]), data_format="NCW"),
    }


def case_x_fb13_lrn_dtypes_and_ranks(tf):
    p = tf.placeholder(tf.float16)
    y = tf.nn.lrn(p, 1, alpha=0.5)
    sess = tf.Session()
    return {"static": y.shape.ndims, "dtype": y.dtype.name,
            "fed": sess.run(y, {p: wave([1, 1, 1, 3], 1.0).astype(np.float16)}).astype(np.float32),
            "float64": catch(tf.nn.lrn, tf.ones([1, 1, 1, 2], tf.float64)),
            "rank3": message_has(lambda: tf.nn.local_response_normalization(tf.ones([1, 2, 2])),
                                 "Shape must be rank 4 but is rank 3", "LRN")}


# --- candidate samplers -----------------------------------------------------------------------

def case_x_fb13_sampler_input_types_and_run_checks(tf):
    labels = tf.constant([[1, 3], [0, 2]], tf.int64)
    sess = tf.Session()
    learned = tf.nn.learned_unigram_candidate_sampler(labels, 3, 2, True, 5)
    return {
        "fixed_int32": catch(tf.nn.fixed_unigram_candidate_sampler, tf.constant([[1]], tf.int32), 1, 2, True, 5,
                             unigrams=[1.0] * 5),
        "all_int32": catch(tf.nn.all_candidate_sampler, tf.constant([[1]], tf.int32), 1, 2, True),
        "hits_sampled_int32": catch(tf.nn.compute_accidental_hits, labels, tf.constant([1], tf.int32), 2),
        "hits_sampled_matrix": catch(tf.nn.compute_accidental_hits, labels, tf.constant([[1]], tf.int64), 2),
        "learned_num_true": catch(lambda: sess.run(learned[0])),
        "log_unique_too_many": catch(lambda: sess.run(tf.nn.log_uniform_candidate_sampler(
            labels, 2, 3, unique=True, range_max=2)[0])),
        "static": [t.shape.as_list() for t in tf.nn.log_uniform_candidate_sampler(labels, 2, 3, False, 7)],
        "after": sess.run(tf.nn.compute_accidental_hits(labels, tf.constant([3, 9], tf.int64), 2)),
    }
