"""Op examples: conditional accumulators (dense and sparse)."""
import numpy as np

from op_examples import Built, builder, listed

EXAMPLES = {}


def _dense(use):
    def build(tf, tmp):
        q = tf.ConditionalAccumulator(tf.float32, shape=[2])
        return Built(setup=[q.apply_grad(np.float32([1.0, 2.0]))], fetch=listed(use(tf, q)))
    return build


def _sparse(use):
    def build(tf, tmp):
        q = tf.SparseConditionalAccumulator(tf.float32, shape=[3, 2])
        return Built(setup=[q.apply_grad([0, 2], np.float32([[1.0, 2.0], [3.0, 4.0]]), [3, 2])],
                     fetch=listed(use(tf, q)))
    return build


EXAMPLES["ResourceConditionalAccumulator"] = builder(_dense(lambda tf, q: None))
EXAMPLES["ResourceAccumulatorApplyGradient"] = builder(_dense(lambda tf, q: q.apply_grad(np.float32([3.0, 4.0]))))
EXAMPLES["ResourceAccumulatorTakeGradient"] = builder(_dense(lambda tf, q: [q.take_grad(1)]))
EXAMPLES["ResourceAccumulatorNumAccumulated"] = builder(_dense(lambda tf, q: [q.num_accumulated()]))
EXAMPLES["ResourceAccumulatorSetGlobalStep"] = builder(_dense(lambda tf, q: q.set_global_step(3)))
EXAMPLES["SparseConditionalAccumulator"] = builder(_sparse(lambda tf, q: None))
EXAMPLES["SparseAccumulatorApplyGradient"] = builder(_sparse(lambda tf, q: q.apply_grad([1], np.float32([[5.0, 6.0]]))))
EXAMPLES["SparseAccumulatorTakeGradient"] = builder(_sparse(lambda tf, q: list(q.take_grad(1))))
EXAMPLES["AccumulatorNumAccumulated"] = builder(_sparse(lambda tf, q: [q.num_accumulated()]))
EXAMPLES["AccumulatorSetGlobalStep"] = builder(_sparse(lambda tf, q: q.set_global_step(3)))
