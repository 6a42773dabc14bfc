"""Control flow: grouping (no_op, group, tuple), cond and case (Switch/Merge), while_loop.

`cond` is TF1's: both branches are built into the graph between a Switch and a Merge. The
branch not taken receives dead tensors from its Switch, so its ops do not run (their side
effects included); the Merge forwards the live branch's value. A branch is a *context*: while
its function runs, every op created in it is handed to the context, which routes tensors from
outside the branch through a Switch (TF's CondContext.AddValue) and gives input-less ops a
control edge on the branch pivot, so that they die with it.

`while_loop` is functional: body and condition are built in the graph under a recording
context, and one `While` op runs them with nested run plans (runtime.executor.Plan), feeding
the loop variables and the outside tensors they capture. Its gradient re-runs the loop and
applies the body's gradient graph (built with tf.gradients) once per iteration, backwards.
"""
from __future__ import annotations

import contextlib
import time
import weakref

import numpy as np

from tfsess.framework import dtypes, errors, scopes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, graph_of, op_scope
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.ops import array_ops
from tfsess.ops._infer import check_same_dtype, fmt_shape, no_outputs
from tfsess.runtime import executor
from tfsess.runtime.executor import DEAD, Plan

# Whether the executor kills an op whose control input is dead, as TF does (see CondContext).
_CONTROL_DEADNESS = getattr(executor, "CONTROL_EDGES_CARRY_DEADNESS", False)


# ================================================================== grouping
@register_op("NoOp", infer=no_outputs)
def _no_op(xp):
    return ()


def no_op(name=None):
    """Does nothing; useful as a placeholder for control edges (tf.no_op)."""
    return apply_op("NoOp", [], name=name or "NoOp")


def _as_op(x):
    if isinstance(x, Operation):
        return x
    if isinstance(x, Tensor):
        return x.op
    if hasattr(x, "op"):
        return x.op
    raise TypeError(f"Expected an Operation or Tensor in group(), got {x!r}")


def group(*inputs, name=None):
    """An op that runs once all `inputs` have run (tf.group). Returns an Operation."""
    flat = []
    for x in inputs:
        if isinstance(x, (list, tuple, set)):
            flat.extend(x)
        elif isinstance(x, dict):
            flat.extend(x.values())
        else:
            flat.append(x)
    ops = [_as_op(x) for x in flat if x is not None]
    graph = graph_of(ops)
    with graph.as_default(), graph.control_dependencies(ops):
        return apply_op("NoOp", [], name=name or "group_deps", graph=graph)


def with_dependencies(dependencies, output_tensor, name=None):
    """`output_tensor`'s value, computed only after `dependencies` have run."""
    output_tensor = convert_to_tensor(output_tensor)
    with op_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        graph = output_tensor.graph
        with graph.control_dependencies(dependencies):
            return array_ops.identity(output_tensor, name=scope)


def tuple_(tensors, name=None, control_inputs=None):
    """Groups tensors: each output is available only once all inputs are (tf.tuple)."""
    tensors = list(tensors)
    with op_scope(name, "tuple", tensors):
        gating = [t.op for t in tensors if t is not None]
        if control_inputs:
            gating += [_as_op(c) for c in control_inputs]
        gate = group(*gating)
        return [None if t is None else with_dependencies([gate], t) for t in tensors]


# ================================================================== nested structures (TF's nest)
def _is_sequence(x):
    return isinstance(x, (list, tuple, dict))


def _flatten(structure):
    """The leaves of a nested list/tuple/namedtuple/dict (dicts by sorted key); a SparseTensor
    counts as its three component tensors (TF's expand_composites)."""
    if isinstance(structure, (SparseTensor, SparseTensorValue)):
        return [structure.indices, structure.values, structure.dense_shape]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _pack(structure, flat):
    """Rebuilds `structure` with the leaves in `flat`."""
    leaves = iter(flat)

    def build(s):
        if isinstance(s, (SparseTensor, SparseTensorValue)):
            return SparseTensor(next(leaves), next(leaves), next(leaves))
        if isinstance(s, dict):
            built = {key: build(s[key]) for key in sorted(s)}
            return type(s)((key, built[key]) for key in s)
        if isinstance(s, (list, tuple)):
            items = [build(item) for item in s]
            if isinstance(s, tuple) and hasattr(s, "_fields"):
                return type(s)(*items)
            return type(s)(items) if isinstance(s, tuple) else items
        return next(leaves)

    return build(structure)


def _assert_same_structure(a, b, check_types=True):
    """TF's nest.assert_same_structure: ValueError for different nesting, TypeError for kinds."""
    def kind(x):
        if isinstance(x, (SparseTensor, SparseTensorValue)):
            return "sparse"
        return type(x) if _is_sequence(x) else None

    def walk(x, y):
        kx, ky = kind(x), kind(y)
        if (kx is None) != (ky is None) or (kx == "sparse") != (ky == "sparse"):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {a!r}\n\nSecond structure: {b!r}")
        if kx is None or kx == "sparse":
            return
        if check_types and kx is not ky and not (issubclass(kx, list) and issubclass(ky, list)):
            raise TypeError("The two structures don't have the same sequence type. Input structure has "
                            f"type {kx}, while shallow structure has type {ky}.")
        if isinstance(x, dict):
            if sorted(x) != sorted(y):
                raise ValueError(f"The two dictionaries don't have the same set of keys. First structure "
                                 f"has keys {sorted(x)}, while second structure has keys {sorted(y)}.")
            for key in x:
                walk(x[key], y[key])
            return
        if len(x) != len(y):
            raise ValueError("The two structures don't have the same nested structure.\n\n"
                             f"First structure: {a!r}\n\nSecond structure: {b!r}")
        for xi, yi in zip(x, y):
            walk(xi, yi)

    walk(a, b)


# ================================================================== control-flow contexts
class _ContextSeen(set):
    """A ControlFrame's `seen` set that also hands every new op to its context."""

    __slots__ = ("context",)

    def add(self, op):
        set.add(self, op)
        self.context._on_created(op)


class _ContextFrame(scopes.ControlFrame):
    """A control-dependency frame adding no control inputs: it lets a context see new ops."""

    __slots__ = ("context",)

    def __init__(self, context):
        super().__init__([])
        self.context = context
        self.seen = _ContextSeen()
        self.seen.context = context


def _active_contexts(graph):
    """The contexts active in the calling thread, outermost first (control_dependencies(None)
    hides the ones outside it, as in TF)."""
    active = []
    for frame in graph._scope.control_frames:
        if frame.ops is None:
            active = []
        elif isinstance(frame, _ContextFrame):
            active.append(frame.context)
    return active


def _current_context(graph):
    active = _active_contexts(graph)
    return active[-1] if active else None


# Which cond context created a Switch or Merge (their gradients depend on it).
_OP_CONTEXT = weakref.WeakKeyDictionary()


class _Context:
    """Records the ops created while it is active; `enter()` makes it active."""

    def __init__(self, graph):
        self.graph = graph
        self.outer = _current_context(graph)
        self.ops = {}         # ops created inside, in creation order (a dict as ordered set)
        self.values = set()   # tensors that live inside

    @contextlib.contextmanager
    def enter(self, hide_outer=False):
        """Makes this context see new ops; `hide_outer` hides the enclosing ones (a loop body)."""
        frames = self.graph._scope.control_frames
        pushed = ([scopes.ControlFrame(None)] if hide_outer else []) + [_ContextFrame(self)]
        frames.extend(pushed)
        try:
            yield self
        finally:
            del frames[-len(pushed):]

    def record(self, op):
        self.ops[op] = None
        self.values.update(op._outputs)

    def _on_created(self, op):
        self.record(op)
        if _current_context(self.graph) is self:
            self._process(op)

    def _process(self, op):
        pass

    def add_value(self, tensor):
        return tensor


class CondContext(_Context):
    """One branch of a cond: `pred` selects it when `pred == branch` (1 true, 0 false)."""

    def __init__(self, pred, pivot, branch):
        super().__init__(pred.graph)
        self.pred, self.pivot, self.branch = pred, pivot, branch
        self.values.update([pred, pivot])
        self.external = {}    # outside tensor -> its Switch output inside this branch

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
            flat = [self._branch_tensor(v) for v in _flatten(original)]
        return original, flat

    def _branch_tensor(self, value):
        if isinstance(value, Operation):
            return with_dependencies([value], self.pivot)  # the pivot stands in for an op
        tensor = self.add_value(convert_to_tensor(value))
        if not _CONTROL_DEADNESS and not self._data_dependent(tensor):
            # An executor whose dead tensors travel only along data edges would keep this
            # output alive in both branches: switch it like an outside value.
            tensor = self._switch_in(tensor)
        return tensor

    def _data_dependent(self, tensor):
        """Whether `tensor` is computed from this branch's pivot or Switch outputs (so dies with it)."""
        roots = {self.pivot} | set(self.external.values())
        seen, stack = set(), [tensor]
        while stack:
            t = stack.pop()
            if t in roots:
                return True
            if t.op in seen or t.op not in self.ops:
                continue
            seen.add(t.op)
            stack.extend(t.op._inputs)
        return False


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


@_switch.gradient
def _switch_grad(op, grad_false, grad_true):
    context = _OP_CONTEXT.get(op)
    grads = [grad_false, grad_true]
    if isinstance(context, CondContext):
        # A branch's Switch feeds only that branch; its other output stands for the other branch:
        # zeros shaped from it are live exactly when that branch is taken (a constant would not be).
        if grads[context.branch] is None:
            return [None, None]
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
    from tfsess.ops import math_ops
    picks = [math_ops.equal(op.outputs[1], i) for i in range(len(op.inputs))]
    return [_switch_ref_or_tensor(grad, pick)[1] for pick in picks]


# ================================================================== cond and case
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
        result = _pack(orig_t, merges)
        if not strict and isinstance(result, (list, tuple)) and not hasattr(result, "_fields") \
                and len(result) == 1:
            return result[0]
        return result


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
        _assert_same_structure(orig_t, orig_f)
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


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The result of the first `fn` whose `pred` is true, else `default()` (tf.case).

    Built as nested conds, evaluating predicates in order. With `exclusive=True` a run fails
    with InvalidArgumentError when more than one predicate is true. Without a default, the last
    pair's function is the default and a run where no predicate holds fails.
    """
    predicates, actions = _case_pairs(pred_fn_pairs, exclusive)
    with op_scope(name, "case", list(predicates)):
        if default is None:
            default, predicates, actions = _case_default_action(predicates, actions)
        fn = default
        for predicate, action in reversed(list(zip(predicates, actions))):
            fn = _nested_cond(predicate, action, fn, strict)
        if exclusive:
            with predicates[0].graph.control_dependencies([
                    _assert_at_most_n_true(predicates, n=1, msg="Input error: exclusive=True")]):
                return fn()
        return fn()


def _nested_cond(predicate, action, otherwise, strict):
    return lambda: cond(predicate, true_fn=action, false_fn=otherwise, strict=strict)


def _case_pairs(pred_fn_pairs, exclusive):
    if not isinstance(pred_fn_pairs, (list, tuple, dict)):
        raise TypeError(f"'pred_fn_pairs' must be a list, tuple, or dict. Received: {type(pred_fn_pairs)}")
    if isinstance(pred_fn_pairs, dict):
        pred_fn_pairs = sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)
    pairs = list(pred_fn_pairs)
    if not pairs:
        raise ValueError("'pred_fn_pairs' must not be empty.")
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'pred_fn_pairs' must be a 2-tuple. Received {pair}.")
        pred, fn = pair
        if not isinstance(pred, Tensor):
            raise TypeError(f"pred must be a Tensor, got: {pred}")
        if pred.dtype.base_dtype != dtypes.bool:
            raise TypeError(f"pred must be Tensor of type bool: {pred.name}")
        if not callable(fn):
            raise TypeError(f"fn for pred {pred.name} must be callable.")
    predicates, actions = zip(*pairs)
    return list(predicates), list(actions)


def _case_default_action(predicates, actions):
    """With no default, the last action is the default, guarded by asserts (TF's rule)."""
    k = len(predicates) - 1
    predicate, action = predicates[k], actions[k]
    others, other_actions = predicates[:k], actions[:k]

    def default_action():
        from tfsess.ops import logging_ops
        others_msg = ("Implementation error: selected default action #%d was called, but some of other "
                      "predicates are True: " % k)
        default_msg = ("Input error: None of conditions evaluated as True:", _stack(predicates, "preds_c"))
        checks = [logging_ops.Assert(predicate, data=default_msg)]
        if others:
            checks.insert(0, _assert_at_most_n_true(others, n=0, msg=others_msg))
        with predicate.graph.control_dependencies(checks):
            return action()

    return default_action, others, other_actions


def _stack(predicates, name):
    if hasattr(array_ops, "stack"):
        return array_ops.stack(predicates, name=name)
    return convert_to_tensor(list(predicates), name=name)


def _assert_at_most_n_true(predicates, n, msg):
    from tfsess.ops import logging_ops, math_ops
    preds_c = _stack(predicates, "preds_c")
    num_true = math_ops.reduce_sum(math_ops.cast(preds_c, dtypes.int32), name="num_true_conds")
    condition = math_ops.less_equal(num_true, convert_to_tensor(np.int32(n), name="n_true_conds"))
    names = ", ".join(getattr(p, "name", "?") for p in predicates)
    error_msg = ["%s: more than %d conditions (%s) evaluated as True:" % (msg, n, names), preds_c]
    return logging_ops.Assert(condition, data=error_msg, summarize=len(predicates))


# ================================================================== while_loop
class _LoopContext(_Context):
    """Records a loop's body and condition ops; control edges from outside move to the While op."""

    def __init__(self, graph, inside=()):
        super().__init__(graph)
        self.outer = None  # a loop body is a function: outer contexts do not see into it
        for op in inside:
            self.record(op)
        self.external_controls = []

    def _on_created(self, op):
        self.record(op)
        for c in list(op._control_inputs):
            if c not in self.ops:
                op._control_inputs.remove(c)
                if c not in self.external_controls:
                    self.external_controls.append(c)


def _captures(ops, inside):
    """Tensors the recorded `ops` read from outside (`inside`: tensors that count as inside).

    Variable references are not captured: the nested plans read the variable themselves.
    """
    produced = set(inside)
    for op in ops:
        produced.update(op._outputs)
    found = {}
    for op in ops:
        for t in op._inputs:
            if t not in produced and not t.dtype.is_ref_dtype:
                found[t] = None
    return list(found)


def _placer(ctx, graph):
    devices = getattr(getattr(ctx, "session", None), "_devices", None)
    if devices is not None:
        return devices.placer(graph)
    from tfsess.runtime.device_cpu import CPUDevice
    cpu = CPUDevice(0)
    return lambda op: cpu


class _LoopGraph:
    """A built loop: argument placeholders, the cond and body outputs, what they capture."""

    def __init__(self, graph, args, cond_out, body_outs, ops, captures, has_max, back_prop):
        self.graph, self.args, self.cond_out, self.body_outs = graph, args, cond_out, body_outs
        self.ops, self.captures, self.has_max, self.back_prop = ops, captures, has_max, back_prop
        self._plans = weakref.WeakKeyDictionary()   # session -> (cond plan, body plan)
        self._grads = {}                            # (var indices, capture indices) -> _LoopGradient

    def plans(self, ctx):
        key = ctx.session if ctx.session is not None else self
        plans = self._plans.get(key)
        if plans is None:
            feeds = self.args + self.captures
            placer = _placer(ctx, self.graph)
            plans = (Plan([self.cond_out], [], feeds, placer), Plan(self.body_outs, [], feeds, placer))
            self._plans[key] = plans
        return plans

    def run(self, ctx, inits, captured, max_iter, history=None):
        """The loop variables after the loop; `history` (a list) receives each iteration's inputs."""
        cond_plan, body_plan = self.plans(ctx)
        values, captured = list(inits), list(captured)
        limit = None if max_iter is None else int(max_iter)
        count = 0
        while limit is None or count < limit:
            _check_not_stopped(ctx)
            if not bool(cond_plan.run(values + captured, ctx)[0]):
                break
            if history is not None:
                history.append(values)
            values = list(body_plan.run(values + captured, ctx))
            count += 1
        return values

    def split_inputs(self, inputs):
        n, m = len(self.args), len(self.captures)
        max_iter = inputs[n + m] if self.has_max else None
        return list(inputs[:n]), list(inputs[n:n + m]), max_iter, list(inputs[n + m + int(self.has_max):])


def _check_not_stopped(ctx):
    """A loop honours the run's deadline and its session closing, as TF's executor does."""
    if ctx.deadline is not None and time.monotonic() > ctx.deadline:
        raise errors.DeadlineExceededError(None, None, "Timed out waiting for the while loop to finish")
    closed = getattr(getattr(ctx, "resources", None), "closed", None)
    if closed is not None and closed.is_set():
        raise errors.CancelledError(None, None, "Session has been closed.")


def _while_infer(inputs, attrs):
    loop = attrs["_loop"]
    return [(t.dtype.base_dtype, t.shape) for t in loop.args]


@register_op("While", infer=_while_infer, needs_ctx=True, stateful=True)
def _while(xp, *inputs, ctx):
    loop = ctx.op._attrs["_loop"]
    inits, captured, max_iter, _ = loop.split_inputs(inputs)
    values = loop.run(ctx, inits, captured, max_iter)
    return values[0] if len(values) == 1 else tuple(values)


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, name=None, maximum_iterations=None, return_same_structure=False):
    """Repeats `body` while `cond` is true (tf.while_loop).

    Args:
        cond: callable taking the loop variables, returning a scalar bool tensor.
        body: callable taking the loop variables, returning new values in the same structure.
        loop_vars: a (nested) list/tuple/namedtuple/dict of tensors or values.
        shape_invariants: shapes the loop variables keep across iterations (default: their shapes).
        parallel_iterations, swap_memory: accepted for compatibility (iterations run in order).
        back_prop: whether tf.gradients may differentiate through the loop.
        name: name scope ("while").
        maximum_iterations: optional scalar bound on the number of iterations.
        return_same_structure: always return the loop variables' structure.

    Returns:
        The loop variables after the last iteration, structured as `body`'s result.

    Raises:
        TypeError: `cond`/`body` not callable, `parallel_iterations` < 1, mismatched kinds of structure.
        ValueError: no loop variables, a body result of another structure, or a shape that changes
            beyond its shape invariant.
        errors.InvalidArgumentError: a body result of another dtype.
    """
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if loop_vars is None or (_is_sequence(loop_vars) and not _flatten(loop_vars)):
        raise ValueError("'loop_vars' must be provided.")
    flat_vars = _flatten(loop_vars)
    with op_scope(name, "while", [v for v in flat_vars if isinstance(v, Tensor)]) as scope:
        graph = graph_of([v for v in flat_vars if isinstance(v, Tensor)])
        inits = [_loop_value(v) for v in flat_vars]
        invariants = _shape_invariants(loop_vars, inits, shape_invariants)
        max_iter = None
        if maximum_iterations is not None:
            max_iter = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            if max_iter.shape.ndims != 0:
                raise ValueError(f"'maximum_iterations' must be a scalar. Received shape: {max_iter.shape}")
        loop, raw, wrapped = _build_loop(graph, cond, body, loop_vars, inits, invariants, max_iter, back_prop)
        inputs = inits + loop.captures + ([max_iter] if max_iter is not None else [])
        op = apply_op("While", inputs, {"T": [t.dtype.base_dtype for t in inits],
                                        "parallel_iterations": int(parallel_iterations), "_loop": loop},
                      name=scope)
        for c in loop.external_controls:
            op._add_control_input(c)
        outputs = op.outputs
    return _loop_result(raw, wrapped, outputs, maximum_iterations is not None, return_same_structure)


def _loop_value(value):
    if hasattr(value, "_as_graph_element") and not isinstance(value, Tensor):
        value = value._as_graph_element()
    t = convert_to_tensor(value)
    return array_ops.identity(t) if t.dtype.is_ref_dtype else t


def _shape_invariants(loop_vars, inits, shape_invariants):
    if shape_invariants is None:
        return [t.shape for t in inits]
    shapes = [as_shape(s) for s in _flatten_shapes(shape_invariants)]
    if len(shapes) != len(inits):
        raise ValueError("'shape_invariants' must have the same structure as 'loop_vars'.")
    for t, shape in zip(inits, shapes):
        if not _shape_less_equal(t.shape, shape):
            raise ValueError(f"The shape invariant specified for {t.name} is not compatible with the initial "
                             f"shape of the loop variable. It enters the loop with shape {t.shape}, but the "
                             f"specified shape invariant is {shape}.")
    return shapes


def _flatten_shapes(structure):
    if isinstance(structure, TensorShape):
        return [structure]
    if isinstance(structure, dict):
        return [s for key in sorted(structure) for s in _flatten_shapes(structure[key])]
    if isinstance(structure, (list, tuple)) and not all(isinstance(d, (int, type(None))) for d in structure):
        return [s for item in structure for s in _flatten_shapes(item)]
    return [structure]


def _shape_less_equal(shape, invariant):
    """TF's _ShapeLessThanOrEqual: `shape` is at least as specific as `invariant`."""
    if invariant.ndims is None:
        return True
    if shape.ndims != invariant.ndims:
        return False
    return all(b is None or a == b for a, b in zip(shape.as_tuple_or_none(), invariant.as_tuple_or_none()))


def _build_loop(graph, cond_fn, body_fn, loop_vars, inits, invariants, max_iter, back_prop):
    with graph.control_dependencies(None):  # the arguments belong to no outer context
        args = [_loop_arg(t, shape) for t, shape in zip(inits, invariants)]
    context = _LoopContext(graph)
    packed_args = _pack(loop_vars, args)
    call_args = packed_args if isinstance(packed_args, (list, tuple)) and not hasattr(packed_args, "_fields") \
        else [packed_args]
    with context.enter(hide_outer=True):
        pred = convert_to_tensor(cond_fn(*call_args))
        if pred.dtype.base_dtype != dtypes.bool:
            raise TypeError(f"Input 'input' of 'LoopCond' Op has type {pred.dtype.base_dtype.name} that does "
                            "not match expected type of bool.")
        if pred.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {pred.shape.ndims} for 'LoopCond' with input "
                             f"shapes: {fmt_shape(pred.shape)}.")
        raw = body_fn(*call_args)
        result = raw if _is_sequence(raw) or isinstance(raw, SparseTensor) else [raw]
        _check_body_structure(loop_vars, result)
        outs = [convert_to_tensor(v) for v in _flatten(result)]
    _check_body_outputs(inits, invariants, outs)
    captures = _captures(list(context.ops), args)
    for t in [pred] + outs:
        if t not in context.values and t not in args and t not in captures and not t.dtype.is_ref_dtype:
            captures.append(t)
    loop = _LoopGraph(graph, args, pred, outs, list(context.ops), captures, max_iter is not None, back_prop)
    loop.external_controls = context.external_controls
    return loop, raw, result


def _loop_arg(init, shape):
    from tfsess.ops import constant_op
    arg = constant_op.placeholder(init.dtype.base_dtype, shape=shape, name="Identity")
    arg.graph.prevent_feeding(arg)
    return arg


def _check_body_structure(loop_vars, result):
    top = list(loop_vars) if isinstance(loop_vars, (list, tuple)) and not hasattr(loop_vars, "_fields") \
        else [loop_vars]
    body = list(result) if isinstance(result, (list, tuple)) and not hasattr(result, "_fields") else [result]
    _assert_same_structure(top, body)


def _check_body_outputs(inits, invariants, outs):
    for init, shape, out in zip(inits, invariants, outs):
        if out.dtype.base_dtype != init.dtype.base_dtype:
            raise errors.InvalidArgumentError(
                None, None, f"Input 1 of node while/Merge was passed {out.dtype.base_dtype.name} from "
                            f"{out.name} incompatible with expected {init.dtype.base_dtype.name}.")
        if not _shape_less_equal(out.shape, shape):
            raise ValueError(f"Input tensor '{init.name}' enters the loop with shape {shape}, but has shape "
                             f"{out.shape} after one iteration. To allow the shape to vary across "
                             "iterations, use the `shape_invariants` argument of tf.while_loop to specify "
                             "a less-specific shape.")


def _loop_result(raw, wrapped, outputs, has_max, return_same_structure):
    if has_max:
        # TF loops over (counter, loop_vars) and returns the body's own result structure
        return _pack(raw, outputs)
    packed = _pack(wrapped, outputs)
    if not return_same_structure and len(outputs) == 1 and isinstance(packed, (list, tuple)):
        return packed[0]
    return packed


# ------------------------------------------------------------------ the loop's gradient
class _LoopGradient:
    """The body's gradient graph: for one iteration, output grads in, input grads out."""

    def __init__(self, loop, var_idx, cap_idx):
        from tfsess.ops import constant_op
        from tfsess.ops.gradients import gradients
        graph = loop.graph
        self.var_idx, self.cap_idx = var_idx, cap_idx
        with graph.control_dependencies(None):
            self.grad_args = [constant_op.placeholder(loop.args[i].dtype.base_dtype, shape=loop.args[i].shape,
                                                      name="grad_arg") for i in var_idx]
        recorder = _LoopContext(graph, inside=loop.ops)
        xs = [loop.args[i] for i in var_idx] + [loop.captures[j] for j in cap_idx]
        with recorder.enter(hide_outer=True):
            grads = gradients([loop.body_outs[i] for i in var_idx], xs, grad_ys=self.grad_args,
                              stop_gradients=list(loop.captures) or None)
            self.grads = [array_ops.zeros_like(x) if g is None else convert_to_tensor(g)
                          for g, x in zip(grads, xs)]
        inside = list(loop.args) + self.grad_args
        new_ops = [op for op in recorder.ops if op not in set(loop.ops)]
        known = set(loop.captures)
        self.extra_captures = [t for t in _captures(loop.ops + new_ops, inside) if t not in known]
        self.feeds = list(loop.args) + self.grad_args + list(loop.captures) + self.extra_captures
        self._plans = weakref.WeakKeyDictionary()

    def plan(self, ctx, loop):
        key = ctx.session if ctx.session is not None else self
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = Plan(self.grads, [], self.feeds, _placer(ctx, loop.graph))
        return plan


def _while_grad_infer(inputs, attrs):
    loop, grad = attrs["_loop"], attrs["_grad"]
    return ([(loop.args[i].dtype.base_dtype, loop.args[i].shape) for i in grad.var_idx]
            + [(loop.captures[j].dtype.base_dtype, loop.captures[j].shape) for j in grad.cap_idx])


@register_op("WhileGrad", infer=_while_grad_infer, needs_ctx=True, stateful=True)
def _while_grad_kernel(xp, *inputs, ctx):
    loop, grad = ctx.op._attrs["_loop"], ctx.op._attrs["_grad"]
    n_fwd = len(loop.args) + len(loop.captures) + int(loop.has_max)
    inits, captured, max_iter, _ = loop.split_inputs(inputs[:n_fwd])
    rest = list(inputs[n_fwd:])
    out_grads, extra = rest[:len(grad.var_idx)], rest[len(grad.var_idx):]
    history = []
    loop.run(ctx, inits, captured, max_iter, history)
    plan = grad.plan(ctx, loop)
    k = len(grad.var_idx)
    total = [None] * len(grad.cap_idx)
    g = out_grads
    for values in reversed(history):
        res = plan.run(values + g + captured + extra, ctx)
        g = list(res[:k])
        total = [r if t is None else t + r for t, r in zip(total, res[k:])]
    total = [xp.zeros_like(captured[j]) if t is None else xp.asarray(t, dtype=captured[j].dtype)
             for t, j in zip(total, grad.cap_idx)]
    g = [xp.asarray(v, dtype=inits[i].dtype) for v, i in zip(g, grad.var_idx)]
    return tuple(g + total) if len(g) + len(total) != 1 else (g + total)[0]


def _differentiable(t):
    return t.dtype.base_dtype.is_floating or t.dtype.base_dtype.is_complex


@_while.gradient
def _while_grad(op, *grads):
    loop = op._attrs["_loop"]
    none = [None] * len(op.inputs)
    if not loop.back_prop:
        return none
    var_idx = tuple(i for i, a in enumerate(loop.args) if _differentiable(a))
    if not var_idx or all(grads[i] is None for i in var_idx):
        return none
    cap_idx = tuple(j for j, c in enumerate(loop.captures) if _differentiable(c))
    key = (var_idx, cap_idx)
    grad = loop._grads.get(key)
    if grad is None:
        grad = loop._grads[key] = _LoopGradient(loop, var_idx, cap_idx)
    out_grads = [array_ops.zeros_like(op.outputs[i]) if grads[i] is None else convert_to_tensor(grads[i])
                 for i in var_idx]
    gop = apply_op("WhileGrad", list(op.inputs) + out_grads + grad.extra_captures,
                   {"_loop": loop, "_grad": grad}, name="WhileGrad")
    result = none
    for k, i in enumerate(var_idx):
        result[i] = gop.outputs[k]
    for k, j in enumerate(cap_idx):
        result[len(loop.args) + j] = gop.outputs[len(var_idx) + k]
    return result



# ------------------------------------------------------------------ exports from sibling modules
from tfsess.ops.logging_ops import (Assert, Print, assert_equal, assert_greater, assert_greater_equal,  # noqa: E402
                                    assert_integer, assert_less, assert_less_equal, assert_near,
                                    assert_negative, assert_non_negative, assert_non_positive,
                                    assert_none_equal, assert_positive, assert_proper_iterable, assert_rank,
                                    assert_rank_at_least, assert_rank_in, assert_same_float_dtype,
                                    assert_scalar, assert_type, is_non_decreasing, is_numeric_tensor,
                                    is_strictly_increasing, print_v2)
from tfsess.ops.script_ops import numpy_function, py_func  # noqa: E402

print = print_v2  # noqa: A001 - tf.print

__all__ = [
    "Assert",
    "Print",
    "assert_equal",
    "assert_greater",
    "assert_greater_equal",
    "assert_integer",
    "assert_less",
    "assert_less_equal",
    "assert_near",
    "assert_negative",
    "assert_non_negative",
    "assert_non_positive",
    "assert_none_equal",
    "assert_positive",
    "assert_proper_iterable",
    "assert_rank",
    "assert_rank_at_least",
    "assert_rank_in",
    "assert_same_float_dtype",
    "assert_scalar",
    "assert_type",
    "case",
    "cond",
    "group",
    "is_non_decreasing",
    "is_numeric_tensor",
    "is_strictly_increasing",
    "no_op",
    "numpy_function",
    "print",
    "py_func",
    "while_loop",
    "with_dependencies",
]
