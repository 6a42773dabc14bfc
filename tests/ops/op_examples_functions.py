"""Op examples: calls of library functions and functional control flow (If, Case, While, For)."""
import contextlib

import numpy as np

from op_examples import Built, builder, op
from tfsess.ops.def_function import trace
from tfsess.ops.functional_call_ops import symbolic_gradient
from tfsess.ops.functional_control_flow import for_loop_op

EXAMPLES = {}
F3 = np.float32([1.5, -2.0, 3.25])


@contextlib.contextmanager
def _control_flow_v2(tf):
    tf.enable_control_flow_v2()
    try:
        yield
    finally:
        tf.disable_control_flow_v2()


def _traced(tf, fn, *specs):
    return trace(fn, list(specs), {}, "example")[0]


def _call(tf, tmp):
    f = tf.function(lambda x, y: (x * y + 1.0, tf.nn.top_k(x, 2)))
    out, (values, indices) = f(tf.constant(F3), tf.constant(2.0))
    return Built(fetch=[out, values, indices])


def _stateful_call(tf, tmp):
    f = tf.function(lambda x: x + tf.random_uniform([3], seed=3, dtype=tf.float32))
    return Built(fetch=[f(tf.constant(F3))])


def _cond(stateful):
    def build(tf, tmp):
        x = tf.constant(F3)
        extra = (lambda: tf.random_uniform([], seed=1)) if stateful else (lambda: tf.constant(0.0))
        with _control_flow_v2(tf):
            y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0 + extra(), lambda: x - 1.0)
        return None  # every op of the type is checked
    return build


def _case(op_type):
    def build(tf, tmp):
        x = tf.constant(F3)
        spec = tf.TensorSpec([3], tf.float32)
        branches = [_traced(tf, lambda a: a + 1.0, spec), _traced(tf, lambda a: a * a, spec)]
        case = op(op_type, [tf.constant(1), x], {"Tin": [tf.float32], "Tout": [tf.float32], "branches": branches,
                                                 "output_shapes": [[3]]})
        return Built(fetch=list(case.outputs))
    return build


def _while(tf, tmp):
    x = tf.constant(F3)
    with _control_flow_v2(tf):
        i, acc = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a * 0.5 + x), [0, tf.zeros([3])])
    return None  # every op of the type is checked


def _while_grad(tf, tmp):
    x = tf.constant(F3)
    with _control_flow_v2(tf):
        _, acc = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a * 0.5 + x), [0, tf.zeros([3])])
    return Built(fetch=[tf.gradients(tf.reduce_sum(acc * acc), x)[0]])


def _for(tf, tmp):
    body = _traced(tf, lambda i, acc: acc + tf.cast(i, tf.float32), tf.TensorSpec([], tf.int32),
                   tf.TensorSpec([3], tf.float32))
    return Built(fetch=for_loop_op(1, 7, 2, [tf.constant(F3)], body))


EXAMPLES["PartitionedCall"] = builder(_call)
EXAMPLES["StatefulPartitionedCall"] = builder(_stateful_call)
EXAMPLES["StatelessIf"] = builder(_cond(False))
EXAMPLES["If"] = builder(_cond(True))
EXAMPLES["Case"] = builder(_case("Case"))
EXAMPLES["StatelessCase"] = builder(_case("StatelessCase"))
EXAMPLES["StatelessWhile"] = builder(_while)
EXAMPLES["FunctionalWhileGrad"] = builder(_while_grad)
EXAMPLES["For"] = builder(_for)


def _symbolic_gradient(tf, tmp):
    spec = tf.TensorSpec([3], tf.float32)
    f = _traced(tf, lambda a, b: (tf.sin(a) * b, tf.cast(a, tf.int32)), spec, spec)
    x = tf.constant(F3)
    return Built(fetch=symbolic_gradient(f, [x, x * 2.0], [tf.ones([3]), tf.zeros([3], tf.int32)]))


EXAMPLES["SymbolicGradient"] = builder(_symbolic_gradient)
