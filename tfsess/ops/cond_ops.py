"""cond (TF1's Switch/Merge control flow) and the branch contexts it builds in.

`cond` is TF1's: both branches are built into the graph between a Switch and a Merge. The
branch not taken receives dead tensors from its Switch, so its ops do not run (their side
effects included); the Merge forwards the live branch's value. A branch is a *context*: while
its function runs, every op created in it is handed to the context, which routes tensors from
outside the branch through a Switch (TF's CondContext.AddValue) and gives input-less ops a
control edge on the branch pivot, so that they die with it. The executor kills an op whose
control input is dead, as TF's does, so a branch output computed from nothing inside the
branch (a constant) dies with the branch through that pivot edge.
"""
from __future__ import annotations

import weakref

import numpy as np

from tfsess.framework import dtypes, nest
from tfsess.framework.graph_mode import control_flow_v2_enabled
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, constant_op, logic_ops, math_ops
from tfsess.ops._infer import check_same_dtype, fmt_shape
from tfsess.ops.control_flow_ops import ControlFlowContext, with_dependencies
from tfsess.runtime.executor import DEAD

# Which cond context created a Switch or Merge (their gradients depend on it).
_OP_CONTEXT = weakref.WeakKeyDictionary()


# ================================================================== branch contexts
COND_CONTEXT = "cond_context"  # tf.GraphKeys.COND_CONTEXT: each outermost cond's two branch contexts


def switch_context(op):
    """The branch context whose Switch (or Merge) `op` is, or None."""
    return _OP_CONTEXT.get(op)


class CondContext(ControlFlowContext):
    """One branch of a cond: `pred` selects it when `pred == branch` (1 true, 0 false)."""

    def __init__(self, pred, pivot, branch):
        super().__init__(pred.graph)
        self.pred, self.pivot, self.branch = pred, pivot, branch
        self.values.update([pred, pivot])
        self.external = {}    # outside tensor -> its Switch output inside this branch
        self.nested = []      # the branch contexts of conds built inside this branch
        self.result_switches = set()  # Switch ops bringing in an outside tensor the branch returns as it is
        if getattr(self.outer, "nested", None) is not None:  # a cond branch's, or a loop body's
            self.outer.nested.append(self)

    def _process(self, op):
        rewired_ref = False
        for i, t in enumerate(op._inputs):
            if t not in self.values:
                op._inputs[i] = self.add_value(t)
                rewired_ref = rewired_ref or t.dtype.is_ref_dtype
        if rewired_ref:
            # ref edges join placement groups, which expects producers before consumers
            ops = self.graph._ops
            ops.remove(op)
            ops.append(op)
        if not op._inputs and not any(c in self.ops for c in op._control_inputs):
            op._add_control_input(self.pivot.op)  # dies when the branch is not taken

    @property
    def name(self):
        """TF's name of this branch's context: "cond/cond_text" (true branch), "cond/cond_text_1" (false)."""
        return self.pivot.op.name.rpartition("/")[0] + ("/cond_text" if self.branch else "/cond_text_1")

    def add_value(self, tensor):
        """`tensor` as seen inside this branch: outside tensors pass through a Switch."""
        if tensor in self.values:
            return tensor
        switched = self.external.get(tensor)
        if switched is not None:
            return switched
        real = tensor if self.outer is None else self.outer.add_value(tensor)
        switched = self.external[tensor] = self._switch_in(real)
        return switched

    def _switch_in(self, tensor):
        """`tensor` through a Switch on this branch's predicate: live only when the branch is taken."""
        with self.graph.control_dependencies(None):  # the Switch belongs to no context's body
            switched = _switch_ref_or_tensor(tensor, self.pred)[self.branch]
        self.graph.prevent_fetching(switched.op)
        _OP_CONTEXT[switched.op] = self
        context = self
        while context is not None:
            context.record(switched.op)
            context = context.outer
        return switched

    def build_branch(self, fn):
        """Calls `fn` inside this branch; returns (its result, the result as branch tensors)."""
        with self.enter():
            original = fn()
            if original is None:
                return None, None
            flat = [self._branch_tensor(v) for v in nest.flatten(original, expand_composites=True)]
        return original, flat

    def _branch_tensor(self, value):
        if isinstance(value, Operation):
            return with_dependencies([value], self.pivot)  # the pivot stands in for an op
        value = convert_to_tensor(value)
        fresh = value not in self.values and value not in self.external
        result = self.add_value(value)
        if fresh and result is not value:
            self.result_switches.add(result.op)
        return result


# ================================================================== Switch and Merge
def _switch_infer(inputs, attrs):
    data, pred = inputs
    if pred.dtype.base_dtype != dtypes.bool:
        raise TypeError(f"Input 'pred' of 'Switch' Op has type {pred.dtype.base_dtype.name} that does not "
                        "match expected type of bool.")
    if pred.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {pred.shape.ndims} for 'Switch' with input "
                         f"shapes: {fmt_shape(data.shape)}, {fmt_shape(pred.shape)}.")
    return [(data.dtype.base_dtype, data.shape)] * 2


def _ref_switch_infer(inputs, attrs):
    _switch_infer(inputs, attrs)
    return [(inputs[0].dtype, inputs[0].shape)] * 2


@register_op("Switch", infer=_switch_infer, emits_dead=True)
def _switch(xp, data, pred):
    return (DEAD, data) if bool(pred) else (data, DEAD)


@register_op("RefSwitch", infer=_ref_switch_infer, emits_dead=True, ref_inputs=(0,), gpu=False)
def _ref_switch(xp, data, pred):
    return (DEAD, data) if bool(pred) else (data, DEAD)


def _merge_infer(inputs, attrs):
    check_same_dtype(inputs, "Merge", names=[f"inputs_{i}" for i in range(len(inputs))])
    shape = inputs[0].shape
    for t in inputs[1:]:
        shape = shape.most_specific_compatible_shape(t.shape)
    return [(inputs[0].dtype.base_dtype, shape), (dtypes.int32, TensorShape([]))]


@register_op("Merge", infer=_merge_infer, emits_dead=True, accepts_dead=True)
def _merge(xp, *inputs):
    for index, value in enumerate(inputs):
        if value is not DEAD:
            return value, np.asarray(index, dtype=np.int32)
    return DEAD, DEAD


def switch(data, pred, dtype=None, name=None):
    """Forwards `data` to output 1 when `pred` is true, else to output 0; the other is dead."""
    with op_scope(name, "Switch", [data, pred]) as scope:
        data = convert_to_tensor(data, dtype=dtype, name="data")
        pred = convert_to_tensor(pred, name="pred")
        op_type = "RefSwitch" if data.dtype.is_ref_dtype else "Switch"
        return tuple(apply_op(op_type, [data, pred], name=scope).outputs)


def _switch_ref_or_tensor(data, pred, name="Switch"):
    data = convert_to_tensor(data, name="data")
    with data.graph.colocate_with(data.op):
        return switch(data, pred, name=name)


def merge(inputs, name=None):
    """The first live tensor of `inputs` and its index (TF's Merge)."""
    inputs = [convert_to_tensor(t) for t in inputs]
    with op_scope(name, "Merge", inputs) as scope:
        return tuple(apply_op("Merge", inputs, name=scope).outputs)


def untaken_branch_zeros(op):
    """The zero gradient of the output of a branch's Switch `op` that leads out of the branch, as TF's
    gradient walk makes it: zeros shaped at run time from a new Switch of the same input, so that they are
    live exactly when the other branch is taken (a constant would always be); None for a Switch of no branch.
    """
    context = _OP_CONTEXT.get(op)
    if not isinstance(context, CondContext) or op.type not in ("Switch", "RefSwitch"):
        return None
    switched = switch(op.inputs[0], context.pred)[1 - context.branch]
    pivot = array_ops.identity(switched)  # the zeros' Const hangs on it: live only along that branch
    zeros_shape = array_ops.shape_internal(switched, optimize=False)
    with op.graph.control_dependencies([pivot]):
        return constant_op.zeros(zeros_shape, dtype=op.outputs[0].dtype.base_dtype)


@_switch.gradient
def _switch_grad(op, grad_false, grad_true):
    context = _OP_CONTEXT.get(op)
    grads = [grad_false, grad_true]
    if isinstance(context, CondContext):
        # A branch's Switch feeds only that branch; the walk gave its other output untaken_branch_zeros.
        if grads[context.branch] is None:
            return [None, None]
        if grads[1 - context.branch] is None:  # a dtype the walk gives no zeros
            grads[1 - context.branch] = array_ops.zeros_like(op.outputs[1 - context.branch], optimize=False)
        return [merge(grads, name="cond_grad")[0], None]
    pred = op.inputs[1]
    grads = [array_ops.zeros_like(out, optimize=False) if g is None else g for g, out in zip(grads, op.outputs)]
    false_grad = switch(grads[0], pred)[0]
    true_grad = switch(grads[1], pred)[1]
    return [merge([false_grad, true_grad])[0], None]


_ref_switch.gradient(_switch_grad)


@_merge.gradient
def _merge_grad(op, grad, _):
    context = _OP_CONTEXT.get(op)
    if isinstance(context, CondContext):
        return list(_switch_ref_or_tensor(grad, context.pred, name="cond_grad"))
    picks = [logic_ops.equal(op.outputs[1], i) for i in range(len(op.inputs))]
    return [_switch_ref_or_tensor(grad, pick)[1] for pick in picks]


# ================================================================== cond
# TF2's functional builders, filled by ops/control_flow_v2.py: "cond" (pred, true_fn, false_fn, strict, name)
# and "while_loop" (tf.while_loop's arguments), used while control flow v2 is enabled
v2_builders = {}


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """`true_fn()` if `pred` else `false_fn()`; only the taken branch runs (tf.cond, TF1 semantics).

    Args:
        pred: a scalar bool Tensor.
        true_fn, false_fn: callables returning the same nested structure of tensors (or ops).
        strict: if False, a result that is a one-element list or tuple is unpacked.
        name: name scope ("cond").
        fn1, fn2: deprecated names of true_fn and false_fn.

    Returns:
        The branch results merged, in `true_fn`'s structure.

    Raises:
        TypeError: `pred` is a Python bool, a branch is not callable, or the structures' kinds differ.
        ValueError: a branch returns nothing, or the branches' structures or dtypes differ.
    """
    true_fn = _deprecated_fn("true_fn", true_fn, "fn1", fn1)
    false_fn = _deprecated_fn("false_fn", false_fn, "fn2", fn2)
    if control_flow_v2_enabled() and v2_builders:  # tf.enable_control_flow_v2: a functional If op
        return v2_builders["cond"](pred, true_fn, false_fn, strict, name)
    with op_scope(name, "cond", [pred]):
        if isinstance(pred, bool):
            raise TypeError("pred must not be a Python bool")
        p_2, p_1 = switch(pred, pred)
        pivot_1 = array_ops.identity(p_1, name="switch_t")
        pivot_2 = array_ops.identity(p_2, name="switch_f")
        pred = array_ops.identity(pred, name="pred_id")
        for t in (p_1, p_2, pivot_1, pivot_2, pred):
            t.graph.prevent_fetching(t.op)
        context_t = CondContext(pred, pivot_1, branch=1)
        orig_t, res_t = context_t.build_branch(true_fn)
        if orig_t is None:
            raise ValueError("true_fn must have a return value.")
        context_f = CondContext(pred, pivot_2, branch=0)
        orig_f, res_f = context_f.build_branch(false_fn)
        if orig_f is None:
            raise ValueError("false_fn must have a return value.")
        _check_branches(orig_t, orig_f, res_t, res_f)
        merges = []
        for f, t in zip(res_f, res_t):
            out = merge([f, t])[0]
            _OP_CONTEXT[out.op] = context_t
            merges.append(out)
        if context_t.outer is None:  # as TF, only outermost conds join the collection (nested ones are inside)
            pred.graph.add_to_collection(COND_CONTEXT, context_t)
            pred.graph.add_to_collection(COND_CONTEXT, context_f)
        result = nest.pack_sequence_as(orig_t, merges, expand_composites=True)
        if not strict and isinstance(result, (list, tuple)) and not hasattr(result, "_fields") \
                and len(result) == 1:
            return result[0]
        return result


def smart_cond(pred, true_fn, false_fn):
    """`true_fn()` or `false_fn()` at once when `pred`'s value is known while building, else a `cond`
    (TF's smart_cond, as its input pipelines and layers use it)."""
    known = constant_value(pred)
    if known is not None:
        return true_fn() if bool(known) else false_fn()
    return cond(pred, true_fn, false_fn)


def _deprecated_fn(name, fn, old_name, old_fn):
    if old_fn is not None:
        if fn is not None:
            raise TypeError(f"cond(): {name} and {old_name} may not be set simultaneously.")
        fn = old_fn
    if fn is None:
        raise TypeError(f"cond(): '{name}' argument required")
    if not callable(fn):
        raise TypeError(f"'{name}' must be callable.")
    return fn


def _check_branches(orig_t, orig_f, res_t, res_f):
    try:
        nest.assert_same_structure(orig_t, orig_f, expand_composites=True)
    except TypeError as exc:
        raise TypeError(f"Incompatible return types of `true_fn` and `false_fn`: {exc}") from None
    except ValueError as exc:
        raise ValueError(f"Incompatible return values of `true_fn` and `false_fn`: {exc}") from None
    if not res_t:
        raise ValueError("`true_fn` and `false_fn` must return at least one result.")
    for t, f in zip(res_t, res_f):
        if t.dtype.base_dtype != f.dtype.base_dtype:
            raise ValueError("Outputs of `true_fn` and `false_fn` must have the same type(s). Received "
                             f"{t.dtype.base_dtype.name} from `true_fn` and {f.dtype.base_dtype.name} from "
                             "`false_fn`.")


__all__ = ["cond"]
