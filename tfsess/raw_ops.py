"""The tf.raw_ops namespace: each op type tfsess builds, called with TF's keyword arguments.

    tf.raw_ops.Add(x=a, y=b, name=None)

The functions are made on first use from TF's argument tables (tfsess.framework.raw_op_calls);
`dir(tf.raw_ops)` lists the op types tfsess registers.
"""
from tfsess.framework import raw_op_calls as _calls


def __getattr__(op_type):
    fn = _calls.function(op_type) if op_type[:1].isupper() else None
    if fn is None:
        raise AttributeError(f"module 'tfsess.raw_ops' has no attribute '{op_type}'")
    globals()[op_type] = fn  # later lookups skip this hook
    return fn


def __dir__():
    return _calls.op_types()
