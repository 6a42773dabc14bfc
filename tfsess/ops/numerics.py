"""Numerics checks: tf.check_numerics (op CheckNumerics), tf.verify_tensor_all_finite and
tf.add_check_numerics_ops."""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.ops import control_flow_ops
from tfsess.ops._infer import FLOAT, unary_op

@register_op("CheckNumerics", infer=unary_op(FLOAT, param="tensor"), stateful=True)
def _check_numerics(xp, tensor, *, message=""):
    if bool(xp.isnan(tensor).any()):
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had NaN values")
    if bool(xp.isinf(tensor).any()):
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had Inf values")
    return tensor


@_check_numerics.gradient
def _check_numerics_grad(op, grad):
    # the gradient is checked too, as in TF
    message = op._attr("message")
    return [check_numerics(grad, "Not a number (NaN) or infinity (Inf) values detected in gradient. " + message)]


def check_numerics(tensor, message, name=None):
    """Passes `tensor` through; the run fails (InvalidArgumentError) if it holds NaN or Inf values."""
    tensor = convert_to_tensor(tensor, name="tensor")
    return apply1("CheckNumerics", [tensor], {"message": str(message)}, name=name or "CheckNumerics")


def verify_tensor_all_finite(t, msg, name=None):
    """`t`, checked to hold no NaN or Inf values when run (tf.verify_tensor_all_finite).

    As TF builds it: VerifyFinite/CheckNumerics, and `t` through VerifyFinite/control_dependency.
    """
    with op_scope(name, "VerifyFinite", [t]):
        t = convert_to_tensor(t, name="t")
        verify_input = check_numerics(t, message=msg)
        return control_flow_ops.with_dependencies([verify_input], t)


def add_check_numerics_ops():
    """One op running a CheckNumerics on every float tensor of the default graph (tf.add_check_numerics_ops).

    Each check is named by its tensor (`op_name:index`) and runs after the one before it.

    Raises:
        ValueError: a float tensor lies inside a cond branch or a while loop's body (TF 1's control
            flow, which these graphs use, refuses them).
    """
    graph = get_default_graph()
    inside = _control_flow_bodies(graph)
    check_op = []
    for op in graph.get_operations():
        for output in op.outputs:
            # as TF, a reference (a variable, an Assign) is left out: checking it would run the assignment
            if output.dtype in (dtypes.float16, dtypes.float32, dtypes.float64):
                if op in inside:
                    raise ValueError("`tf.add_check_numerics_ops() is not compatible with TensorFlow control flow "
                                     "operations such as `tf.cond()` or `tf.while_loop()`.")
                message = op.name + ":" + str(output.value_index)
                with graph.control_dependencies(check_op):
                    check_op = [check_numerics(output, message=message)]
    return control_flow_ops.group(*check_op)


def _control_flow_bodies(graph) -> set:
    """The ops of while-loop bodies (from their inputs on) and of cond branches (from a Switch up to its Merge)."""
    inside, frontier = set(), []
    for op in graph.get_operations():
        if op.type == "While":
            loop = op._attrs["_loop"]
            inside.update(loop.ops)
            frontier.extend(arg.op for arg in loop.args)  # the body's inputs and all they feed
        elif op.type == "Switch":
            frontier.append(op)
    while frontier:
        op = frontier.pop()
        if op in inside:
            continue
        inside.add(op)
        frontier.extend(c for t in op.outputs for c in t.consumers() if c.type != "Merge")
    return inside


__all__ = ["check_numerics", "verify_tensor_all_finite", "add_check_numerics_ops"]
