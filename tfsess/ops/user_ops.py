"""TF's two small demonstration ops: tf.user_ops.my_fact (op Fact) and tf.check_pinned (op CheckPinned)."""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import unary_op

_FACT = b"0! == 1"  # the fact TF's open-source Fact kernel gives


# as TF: Fact declares no shape function, so its scalar output has an unknown shape
@register_op("Fact", infer=lambda inputs, attrs: [(dtypes.string, TensorShape(None))], gpu=False, no_gradient=True)
def _fact(xp):
    return xp.asarray(_FACT, dtype=object)


def my_fact():
    """A scalar string tensor holding a fact (tf.user_ops.my_fact)."""
    return apply1("Fact", [], name="Fact")


@register_op("CheckPinned", infer=unary_op(param="tensor"), gpu=False, no_gradient=True)
def _check_pinned(xp, tensor):
    # tfsess keeps host tensors in ordinary (pageable) memory, never in memory pinned for a GPU
    raise errors.InvalidArgumentError(None, None, "not pinned")


def check_pinned(tensor, name=None):
    """`tensor`, checked when run to be in host memory pinned for a GPU; tfsess never pins host memory, so a
    run fails with InvalidArgumentError("not pinned"), as TF's does without a GPU (tf.check_pinned)."""
    tensor = convert_to_tensor(tensor, name="tensor")
    return apply1("CheckPinned", [tensor], name=name or "CheckPinned")


__all__ = ["check_pinned"]
