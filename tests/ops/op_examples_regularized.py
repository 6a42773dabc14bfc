"""Op examples: the regularized optimizer updates (FTRL, proximal, Adagrad dual averaging), dense and sparse."""
from op_examples import F23, Built, builder

EXAMPLES = {}


def _optimizer(make, sparse=False):
    """A builder running one minimize step of `make(tf, global_step)` on a loss of a variable (gathered when sparse)."""
    def build(tf, tmp):
        step = tf.train.get_or_create_global_step()
        v = tf.Variable(F23, name="v")
        used = tf.gather(v, [1, 1]) if sparse else v
        make(tf, step).minimize(tf.reduce_sum(used * used), global_step=step)
        return Built(setup=[tf.global_variables_initializer()])
    return build


_OPTIMIZERS = {
    "Ftrl": lambda tf, step: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01),
    "FtrlV2": lambda tf, step: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.1),
    "ProximalGradientDescent": lambda tf, step: tf.train.ProximalGradientDescentOptimizer(0.1, 0.01, 0.01),
    "ProximalAdagrad": lambda tf, step: tf.train.ProximalAdagradOptimizer(0.1, l1_regularization_strength=0.01),
    "AdagradDA": lambda tf, step: tf.train.AdagradDAOptimizer(0.1, step, l1_regularization_strength=0.01),
}
for _name, _make in _OPTIMIZERS.items():
    EXAMPLES["Apply" + _name] = builder(_optimizer(_make))
    EXAMPLES["SparseApply" + _name] = builder(_optimizer(_make, sparse=True))
