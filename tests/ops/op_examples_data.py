"""Examples for TensorArray, dynamic partition/stitch and summary ops (see op_examples.py)."""
import numpy as np

from op_examples import F3, F23, I3, Built, builder, grads, plain

EXAMPLES = {}

# ------------------------------------------------------------------ dynamic partition / stitch
EXAMPLES["DynamicPartition"] = plain(lambda tf, x: tf.dynamic_partition(x, [1, 0], 2), F23)
EXAMPLES["DynamicStitch"] = plain(lambda tf, x, y: tf.dynamic_stitch([[0, 2], [1]], [x, y[:1]]), F23, F23)
EXAMPLES["ParallelDynamicStitch"] = plain(
    lambda tf, x, y: tf.parallel_dynamic_stitch([[2, 0], [1]], [x, y[:1]]), F23, F23)


# ------------------------------------------------------------------ TensorArray (each builder checks every op of the type)
def _array(tf, **kwargs):
    return tf.TensorArray(tf.float32, size=2, **kwargs)


def _written(tf):
    return _array(tf).unstack(tf.constant(F23))


EXAMPLES["TensorArrayV3"] = builder(lambda tf, tmp: Built(fetch=[_array(tf).handle]))
EXAMPLES["TensorArrayWriteV3"] = builder(lambda tf, tmp: Built(fetch=[_array(tf).write(0, tf.constant(F3)).flow]))
EXAMPLES["TensorArrayScatterV3"] = builder(lambda tf, tmp: Built(fetch=[_written(tf).flow]))
EXAMPLES["TensorArrayReadV3"] = builder(lambda tf, tmp: Built(fetch=[_written(tf).read(1)]))
EXAMPLES["TensorArrayGatherV3"] = builder(lambda tf, tmp: Built(fetch=[_written(tf).stack()]))
EXAMPLES["TensorArraySizeV3"] = builder(  # a static size is a Const: a dynamic array asks its op
    lambda tf, tmp: Built(fetch=[tf.TensorArray(tf.float32, size=0, dynamic_size=True).write(2, F3).size()]))
EXAMPLES["TensorArrayCloseV3"] = builder(lambda tf, tmp: _written(tf).close())
EXAMPLES["TensorArrayConcatV3"] = builder(lambda tf, tmp: Built(fetch=[_written(tf).concat()]))
EXAMPLES["TensorArraySplitV3"] = builder(
    lambda tf, tmp: Built(fetch=[_array(tf, infer_shape=False).split(tf.constant(F3), [1, 2]).flow]))


def _array_grad(tf, tmp):
    x = tf.constant(F23)
    return grads(tf, _array(tf).unstack(x).stack() * 2.0, [x])


EXAMPLES["TensorArrayGradV3"] = builder(_array_grad)

# ------------------------------------------------------------------ summaries: serialized Summary protos (strings)
EXAMPLES["ScalarSummary"] = builder(lambda tf, tmp: Built(fetch=[tf.summary.scalar("loss", tf.constant(0.5))]))
EXAMPLES["HistogramSummary"] = builder(lambda tf, tmp: Built(fetch=[tf.summary.histogram("h", tf.constant(F23))]))
EXAMPLES["ImageSummary"] = builder(
    lambda tf, tmp: Built(fetch=[tf.summary.image("img", tf.constant(np.ones((1, 2, 2, 3), np.float32)))]))
EXAMPLES["AudioSummaryV2"] = builder(
    lambda tf, tmp: Built(fetch=[tf.summary.audio("snd", tf.constant(np.zeros((1, 8), np.float32)), 8000)]))
EXAMPLES["TensorSummaryV2"] = builder(lambda tf, tmp: Built(fetch=[tf.summary.tensor_summary("t", tf.constant(I3))]))
EXAMPLES["MergeSummary"] = builder(lambda tf, tmp: Built(fetch=[tf.summary.merge(
    [tf.summary.scalar("a", tf.constant(1.0)), tf.summary.text("b", tf.constant("hi"))])]))
