"""Op examples: the stateless random ops (TF's Philox stream from a [2] seed)."""
from op_examples import Built, builder


def _ops(tf, tmp):
    seed = tf.constant([1, 2])
    return Built(fetch=[tf.random.stateless_uniform([2, 3], seed), tf.random.stateless_normal([3], seed),
                        tf.random.stateless_truncated_normal([5], seed, dtype=tf.float64),
                        tf.random.stateless_uniform([4], seed, minval=0, maxval=7, dtype=tf.int64)])


def _of_type(op_type):
    def build(tf, tmp):
        _ops(tf, tmp)
        return None  # every op of the type in the graph
    return build


EXAMPLES = {op_type: builder(_of_type(op_type)) for op_type in (
    "StatelessRandomGetKeyCounter", "StatelessRandomUniformV2", "StatelessRandomNormalV2",
    "StatelessTruncatedNormalV2", "StatelessRandomUniformIntV2")}
