"""Regularized optimizers (FTRL, proximal, Adagrad-DA), training and test utilities, session handles,
conditional accumulators, partitioned variables, and the TypeError of an LSTM cell given a non-tuple state."""
import numpy as np

from _harness import catch, message_has

_W = np.array([[1.0, -2.0, 0.5], [0.3, 0.0, -0.7], [2.0, 1.5, -1.0]], np.float32)
_X = np.array([[0.5, -1.0, 2.0], [1.0, 0.25, -0.5], [0.1, 0.2, 0.3]], np.float32)


def _steps(tf, make, sparse, n=4):
    """n minimize steps of make(global_step) on a cubic loss: the variable, its slots and every variable's name."""
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(_W, name="w")
    used = tf.gather(w, [2, 0, 2]) if sparse else w
    opt = make(step)
    train = opt.minimize(tf.reduce_sum(used * tf.constant(_X) + 0.1 * used * used * used), global_step=step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(n):
        sess.run(train)
    return {"w": sess.run(w), "slots": {s: sess.run(opt.get_slot(w, s)) for s in opt.get_slot_names()},
            "names": sorted(v.name for v in tf.global_variables()), "step": sess.run(step)}


def case_ftrl_dense(tf):
    return _steps(tf, lambda s: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.05,
                                                       l2_regularization_strength=0.1), False)


def case_ftrl_sparse(tf):
    return _steps(tf, lambda s: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.05,
                                                       l2_regularization_strength=0.1), True)


def case_ftrl_power_and_names(tf):
    return _steps(tf, lambda s: tf.train.FtrlOptimizer(0.3, learning_rate_power=-0.3, accum_name="acc",
                                                       linear_name="lin", beta=0.5), False)


def case_ftrl_shrinkage_dense_and_sparse(tf):
    make = lambda s: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.01,  # noqa: E731
                                            l2_shrinkage_regularization_strength=0.2)
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    return {"dense": dense, "sparse": _steps(tf, make, True)}


def case_ftrl_bad_arguments(tf):
    return {k: message_has(lambda kw=kw: tf.train.FtrlOptimizer(0.1, **kw), "needs to be")
            for k, kw in {"power": {"learning_rate_power": 0.5}, "acc": {"initial_accumulator_value": -1.0},
                          "l1": {"l1_regularization_strength": -1.0}, "l2": {"l2_regularization_strength": -1.0},
                          "shrink": {"l2_shrinkage_regularization_strength": -1.0}}.items()}


def case_proximal_gradient_descent(tf):
    make = lambda s: tf.train.ProximalGradientDescentOptimizer(0.2, 0.05, 0.1)  # noqa: E731
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    return {"dense": dense, "sparse": _steps(tf, make, True)}


def case_proximal_adagrad(tf):
    make = lambda s: tf.train.ProximalAdagradOptimizer(0.2, l1_regularization_strength=0.05,  # noqa: E731
                                                       l2_regularization_strength=0.1)
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    return {"dense": dense, "sparse": _steps(tf, make, True),
            "bad": catch(tf.train.ProximalAdagradOptimizer, 0.1, initial_accumulator_value=0.0)}


def case_proximal_float64_mismatch(tf):
    w = tf.Variable(np.ones(3), name="w")
    return message_has(lambda: tf.train.ProximalGradientDescentOptimizer(0.2).minimize(tf.reduce_sum(w * w)),
                       "of 'ApplyProximalGradientDescent' Op has type float32", "float64")


def case_adagrad_da(tf):
    make = lambda s: tf.train.AdagradDAOptimizer(0.2, s, l1_regularization_strength=0.05,  # noqa: E731
                                                 l2_regularization_strength=0.1)
    dense = _steps(tf, make, False)
    tf.reset_default_graph()
    plain = _steps(tf, lambda s: tf.train.AdagradDAOptimizer(0.2, s), True)
    return {"dense": dense, "sparse_plain": plain,
            "bad": catch(tf.train.AdagradDAOptimizer, 0.1, None, initial_gradient_squared_accumulator_value=0.0)}


def case_rnn_dynamic_rnn_initial_state_not_tuple(tf):
    return catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.BasicLSTMCell(2), tf.zeros([2, 3, 2]),
                 initial_state=tf.zeros([2, 2]))
