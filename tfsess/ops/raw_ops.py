"""Any registered op, built by its type alone, as TF's generated wrappers (gen_*_ops) build it.

    raw_ops.Sum(x, axes, keep_dims=False, name=None)

Inputs are positional and converted with convert_to_tensor (a Python value becomes a Const named
"Const" inside the op's scope); attrs are keywords; the op is named `name`, else its type, in the
current name scope. It returns the op's only output, a tuple of its outputs, or the Operation when
it has none.

This is the layer gradient functions and composite wrappers build on when they need an op whose
python wrapper lives in a module above their own (a reduction inside math_ops' broadcasting
gradients, a cast inside array_ops): the op modules then import each other in one direction only.
Internal: TF's public tf.raw_ops takes keyword inputs named after its OpDefs, which this does not.
"""
from __future__ import annotations

from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import lookup


def build(op_type, *inputs, name=None, **attrs):
    """Builds one `op_type` op from `inputs` and `attrs` (see the module docstring)."""
    lookup(op_type)  # an unregistered type fails before any Const is made
    with op_scope(name, op_type, inputs) as scope:
        tensors = [convert_to_tensor(v) for v in inputs]
        op = apply_op(op_type, tensors, attrs, name=scope)
    if not op.outputs:
        return op
    return op.outputs[0] if len(op.outputs) == 1 else tuple(op.outputs)


def __getattr__(op_type):
    """`raw_ops.OpType` is `build` bound to "OpType" (op types are CamelCase)."""
    if not op_type[:1].isupper():
        raise AttributeError(f"module {__name__!r} has no attribute {op_type!r}")

    def builder(*inputs, name=None, **attrs):
        return build(op_type, *inputs, name=name, **attrs)
    builder.__name__ = builder.__qualname__ = op_type
    return builder


__all__ = []  # internal: not tf.raw_ops (that one takes keyword inputs)
