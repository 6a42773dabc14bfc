"""Op examples: the stacks TF1's loop gradients keep forward values on, and ControlTrigger."""
import numpy as np

from op_examples import Built, builder, op

EXAMPLES = {}
F3 = np.float32([1.0, 2.0, 3.0])


def _stack(tf):
    return op("StackV2", [tf.constant(-1)], {"elem_type": tf.float32, "stack_name": "s"}).outputs[0]


def _pushed(tf):
    """A stack with F3 then 2 * F3 pushed, and the second push's output."""
    handle = _stack(tf)
    first = op("StackPushV2", [handle, tf.constant(F3)]).outputs[0]
    with tf.control_dependencies([first]):
        second = op("StackPushV2", [handle, tf.constant(F3 * 2)]).outputs[0]
    return handle, second


def _pop(tf, tmp):
    handle, pushed = _pushed(tf)
    with tf.control_dependencies([pushed]):
        return Built(fetch=[op("StackPopV2", [handle], {"elem_type": tf.float32}).outputs[0]])


def _close(tf, tmp):
    handle, pushed = _pushed(tf)
    with tf.control_dependencies([pushed]):
        return op("StackCloseV2", [handle])


EXAMPLES["StackV2"] = builder(lambda tf, tmp: Built(fetch=[_stack(tf)]))
EXAMPLES["StackPushV2"] = builder(lambda tf, tmp: Built(fetch=[_pushed(tf)[1]]))
EXAMPLES["StackPopV2"] = builder(_pop)
EXAMPLES["StackCloseV2"] = builder(_close)
EXAMPLES["ControlTrigger"] = builder(lambda tf, tmp: op("ControlTrigger", []))
