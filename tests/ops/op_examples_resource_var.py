"""Op examples: the ops a `use_resource=True` variable builds (ResourceScatter*, VariableShape) and the
Resource* optimizer updates, each through the public API that builds it."""
import numpy as np

from op_examples import F23, Built, builder, op

EXAMPLES = {}


def _variable(use):
    """A builder over a resource variable `v` holding F23: `use(tf, v)` gives the tensors to fetch (or None)."""
    def build(tf, tmp):
        v = tf.Variable(F23, name="v", use_resource=True)
        fetch = use(tf, v)
        return Built(setup=[v.initializer], fetch=fetch)
    return build


def _after_update(update):
    """Builds `update(tf, v)` (no outputs: the contract test runs every op of its type)."""
    def use(tf, v):
        update(tf, v)
        return None
    return _variable(use)


_ROWS = np.float32([[2.0, 3.0, 4.0], [5.0, 6.0, 7.0]])
for _type, _method in (("ResourceScatterUpdate", "scatter_update"), ("ResourceScatterAdd", "scatter_add"),
                       ("ResourceScatterSub", "scatter_sub"), ("ResourceScatterMul", "scatter_mul"),
                       ("ResourceScatterDiv", "scatter_div"), ("ResourceScatterMin", "scatter_min"),
                       ("ResourceScatterMax", "scatter_max")):
    EXAMPLES[_type] = builder(_after_update(
        lambda tf, v, m=_method: getattr(v, m)(tf.IndexedSlices(tf.constant(_ROWS), tf.constant([1, 0])))))
for _type, _method in (("ResourceScatterNdUpdate", "scatter_nd_update"), ("ResourceScatterNdAdd", "scatter_nd_add"),
                       ("ResourceScatterNdSub", "scatter_nd_sub"), ("ResourceScatterNdMax", "scatter_nd_max"),
                       ("ResourceScatterNdMin", "scatter_nd_min")):
    EXAMPLES[_type] = builder(_after_update(
        lambda tf, v, m=_method: getattr(v, m)(tf.constant([[1, 2], [0, 0]]), tf.constant([5.0, -6.0], tf.float32))))
EXAMPLES["VariableShape"] = builder(_variable(
    lambda tf, v: [op("VariableShape", [v.handle], {"out_type": tf.int32}).outputs[0]]))


def _optimizer(make, sparse=False):
    """A builder running one minimize step of `make(tf, global_step)` on a resource variable (gathered when sparse)."""
    def build(tf, tmp):
        step = tf.train.get_or_create_global_step()
        v = tf.Variable(F23, name="v", use_resource=True)
        used = tf.gather(v, [1, 1]) if sparse else v
        make(tf, step).minimize(tf.reduce_sum(used * used), global_step=step)
        return Built(setup=[tf.global_variables_initializer()])
    return build


_OPTIMIZERS = {
    "Momentum": lambda tf, step: tf.train.MomentumOptimizer(0.1, 0.9),
    "Adagrad": lambda tf, step: tf.train.AdagradOptimizer(0.1),
    "Adadelta": lambda tf, step: tf.train.AdadeltaOptimizer(0.1),
    "RMSProp": lambda tf, step: tf.train.RMSPropOptimizer(0.1),
    "CenteredRMSProp": lambda tf, step: tf.train.RMSPropOptimizer(0.1, centered=True),
    "Adam": lambda tf, step: tf.train.AdamOptimizer(0.1),
    "Ftrl": lambda tf, step: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01),
    "FtrlV2": lambda tf, step: tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=0.1),
    "ProximalGradientDescent": lambda tf, step: tf.train.ProximalGradientDescentOptimizer(0.1, 0.01, 0.01),
    "ProximalAdagrad": lambda tf, step: tf.train.ProximalAdagradOptimizer(0.1, l1_regularization_strength=0.01),
    "AdagradDA": lambda tf, step: tf.train.AdagradDAOptimizer(0.1, step, l1_regularization_strength=0.01),
}
for _name, _make in _OPTIMIZERS.items():
    EXAMPLES["ResourceApply" + _name] = builder(_optimizer(_make))
    if _name != "Adam":  # Adam updates sparse gradients with scatter ops
        EXAMPLES["ResourceSparseApply" + _name] = builder(_optimizer(_make, sparse=True))


def _count_up_to(tf, tmp):
    v = tf.Variable(np.int64(1), name="counter", use_resource=True)
    return Built(setup=[v.initializer], fetch=[v.count_up_to(5)])


EXAMPLES["ResourceCountUpTo"] = builder(_count_up_to)
EXAMPLES["ResourceStridedSliceAssign"] = builder(_after_update(lambda tf, v: v[0:1, 1:].assign(tf.constant([[8.0, 9.0]]))))
