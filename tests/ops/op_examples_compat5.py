"""Op examples: ShapeN (tf.shape_n as one op)."""
from op_examples import F3, F23, Built, builder, infer_only, plain

EXAMPLES = {}

EXAMPLES["ShapeN"] = plain(lambda tf, x, y: tf.shape_n([x, y, x], out_type=tf.int64), F23, F3)


def _batch_function(tf, tmp):
    scale = tf.constant(3.0)  # captured by the function

    @tf.nondifferentiable_batch_function(1, 4, 1000, allowed_batch_sizes=[2, 4])
    def double(x, n):
        return x * scale + tf.reduce_sum(x), n + tf.shape(x)[0]

    values, counts = double(tf.constant(F23), tf.constant([1, 2]))
    return Built(fetch=[values, counts])


EXAMPLES["BatchFunction"] = builder(_batch_function)


def _sdca_optimizer(tf, tmp):
    result = tf.train.sdca_optimizer(
        [tf.constant([0, 1], tf.int64)], [tf.constant([0, 1], tf.int64)], [tf.constant([1.0, 2.0])],
        [tf.constant([[1.0, 0.5], [0.0, 2.0]])], tf.constant([1.0, 2.0]), tf.constant([1.0, 0.0]),
        [tf.constant([0, 1], tf.int64)], [tf.constant([0.1, -0.2])], [tf.constant([0.3, 0.4])],
        tf.zeros([2, 4]) + 0.0, "logistic_loss", 0.1, 1.0, 1, 1, adaptative=False)
    return Built(fetch=[result.out_example_state_data] + result.out_delta_sparse_weights
                 + result.out_delta_dense_weights)


EXAMPLES["SdcaOptimizer"] = builder(_sdca_optimizer)


EXAMPLES["LMDBReader"] = infer_only(lambda tf, tmp: tf.LMDBReader(),
                                    "TF 2.21 removed LMDB support: its kernel always raises UnimplementedError")
