"""Op examples: ShapeN (tf.shape_n as one op)."""
from op_examples import F3, F23, Built, builder, plain

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
