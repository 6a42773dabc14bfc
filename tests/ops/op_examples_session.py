"""Op examples: tensor handles kept in the session (GetSessionHandle(V2), GetSessionTensor, DeleteSessionTensor)."""
import numpy as np

from op_examples import Built, builder, op

EXAMPLES = {}
_CPU = "/job:localhost/replica:0/task:0/device:CPU:0"
_FIRST_HANDLE = f"GetSessionHandle;0;{_CPU}"  # the first handle a fresh session gives the op named so


def _stored_then(use):
    """A builder storing [1, 2] through GetSessionHandle first (on the CPU, so the handle string is known);
    `use(tf, holder)` builds the op to check, reading the handle fed to the string placeholder `holder`."""
    def build(tf, tmp):
        with tf.device(_CPU):
            handle = tf.get_session_handle(tf.constant(np.array([1.0, 2.0], np.float32)))
            holder = tf.placeholder(tf.string)
            fetch = use(tf, holder)
        return Built(setup=[handle.op], fetch=fetch, feed={holder: _FIRST_HANDLE})
    return build


EXAMPLES["GetSessionHandle"] = builder(lambda tf, tmp: tf.get_session_handle(tf.constant([1.0, 2.0])))
EXAMPLES["GetSessionHandleV2"] = builder(lambda tf, tmp: op("GetSessionHandleV2", [tf.constant([1.0, 2.0])],
                                                            {"T": tf.float32}))
EXAMPLES["GetSessionTensor"] = builder(_stored_then(
    lambda tf, holder: [op("GetSessionTensor", [holder], {"dtype": tf.float32}).outputs[0]]))
EXAMPLES["DeleteSessionTensor"] = builder(_stored_then(lambda tf, holder: op("DeleteSessionTensor", [holder]) and None))
