"""while_loop: one `While` op running the loop's condition and body, and its gradient.

`while_loop` is functional: body and condition are built in the graph under a recording
context, and one `While` op runs them with nested run plans (runtime.executor.Plan), feeding
the loop variables and the outside tensors they capture. Its gradient applies the body's
gradient graph (built with tf.gradients) once per iteration, backwards, fed with each iteration's
forward values as TF's stack pushes and pops keep them: a loop that has a gradient records that
tape while it runs (kept for the run in RunContext.scratch), so the backward pass recomputes
nothing; a gradient run without the forward loop in the same run re-runs the loop to record it.
A captured tensor's gradient is the sum of its per-iteration gradients (ops/loop_sums.py).
Only what the enclosing tf.gradients call needs is differentiated: no gradient graph for a loop
variable whose gradient is zero in every iteration, nor for a capture whose gradient it drops
(`op.skip_input_indices`), and the gradient plan computes only the column blocks of a product
that it reads (runtime/column_blocks.py).
"""
from __future__ import annotations

import weakref

import numpy as np

from tfsess.framework import dtypes, errors, nest
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, graph_of, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.graph_mode import control_flow_v2_enabled
from tfsess.ops import array_ops, cond_ops, constant_op, functional_control_flow, loop_sums, tensor_array_ops
from tfsess.ops._infer import fmt_shape
from tfsess.ops.while_checks import check_body_outputs, check_body_structure, invariant_shapes
from tfsess.ops import control_flow_ops
from tfsess.ops.control_flow_ops import ControlFlowContext, current_context
from tfsess.ops.gradients import gradients
from tfsess.runtime.executor import Plan


# ================================================================== while_loop
WHILE_CONTEXT = "while_context"


class LoopContext(ControlFlowContext):
    """Records a loop's body and condition ops; control edges from outside move to the While op."""

    def __init__(self, graph, inside=()):
        super().__init__(graph)
        self.outer = None  # a loop body is a function: outer contexts do not see into it
        for op in inside:
            self.record(op)
        self.external_controls = []
        self.nested = []  # the branch contexts of the conds built in the body (the loop's nested contexts)

    def _on_created(self, op):
        self.record(op)
        for c in list(op._control_inputs):
            if c not in self.ops:
                op._control_inputs.remove(c)
                if c not in self.external_controls:
                    self.external_controls.append(c)


def captured_tensors(ops, inside):
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


class _LoopGraph:
    """A built loop: argument placeholders, the cond and body outputs, what they capture."""

    def __init__(self, graph, args, cond_out, body_outs, ops, captures, has_max, back_prop):
        self.graph, self.args, self.cond_out, self.body_outs = graph, args, cond_out, body_outs
        self.ops, self.captures, self.has_max, self.back_prop = ops, captures, has_max, back_prop
        self._plans = weakref.WeakKeyDictionary()   # session -> (cond plan, body plan)
        self._grads = {}                            # (var indices, capture indices) -> _LoopGradient

    @property
    def name(self):
        """TF's name of the loop's context ("while/while_context"), after its Exits' scope."""
        return next(iter(self.exit_ops.values())).name.rpartition("/")[0] + "/while_context"

    def plans(self, ctx):
        key = ctx.session if ctx.session is not None else self
        plans = self._plans.get(key)
        if plans is None:
            feeds = self.args + self.captures
            placer = ctx.placer_for(self.graph)
            plans = (Plan([self.cond_out], [], feeds, placer), Plan(self.body_outs, [], feeds, placer))
            self._plans[key] = plans
        return plans

    def run(self, ctx, inits, captured, max_iter, grad=None, tape=None):
        """The loop variables after the loop, and the number of iterations run.

        With `grad` (a _LoopGradient) and `tape` (a list), the tape receives, per iteration, its
        inputs and the body values that gradient reads (`grad.saved`).
        """
        cond_plan, body_plan = self.plans(ctx)
        n = len(self.body_outs)
        if tape is not None:
            body_plan = grad.forward_plan(ctx, self)
        values, captured = list(inits), list(captured)
        limit = None if max_iter is None else int(max_iter)
        count = 0
        while limit is None or count < limit:
            functional_control_flow.check_not_stopped(ctx)
            if not bool(cond_plan.run(values + captured, ctx)[0]):
                break
            results = body_plan.run(values + captured, ctx)
            if tape is not None:
                tape.append((values, results[n:]))
            values = list(results[:n])
            count += 1
        return values, count

    def recording_gradient(self):
        """The one gradient of this loop the forward run records a tape for, or None."""
        return next(iter(self._grads.values())) if len(self._grads) == 1 and self.back_prop else None

    def split_inputs(self, inputs):
        n, m = len(self.args), len(self.captures)
        max_iter = inputs[n + m] if self.has_max else None
        return list(inputs[:n]), list(inputs[n:n + m]), max_iter, list(inputs[n + m + int(self.has_max):])


def _while_infer(inputs, attrs):
    loop = attrs.get("_loop")
    if loop is None:  # TF2's functional form: cond and body are library functions
        return functional_control_flow.while_infer(inputs, attrs)
    counter = [(inputs[len(loop.args) + len(loop.captures)].dtype.base_dtype, TensorShape([]))] if loop.has_max else []
    return [(t.dtype.base_dtype, t.shape) for t in loop.args] + counter  # TF's iteration counter last


def _while_graph_error(op):
    """A loop whose body changes a dtype: TF builds it, but its session refuses the whole graph."""
    return getattr(op._attrs.get("_loop"), "error", None)


@register_op("While", infer=_while_infer, needs_ctx=True, stateful=True, graph_error=_while_graph_error)
def _while(xp, *inputs, ctx):
    loop = ctx.op._attrs.get("_loop")
    if loop is None:
        return functional_control_flow.run_while(xp, inputs, ctx)
    if getattr(loop, "error", None):
        raise errors.InvalidArgumentError(None, None, loop.error)
    inits, captured, max_iter, _ = loop.split_inputs(inputs)
    grad, scratch = loop.recording_gradient(), getattr(ctx, "scratch", None)
    if grad is None or scratch is None:
        values, count = loop.run(ctx, inits, captured, max_iter)
    else:
        tape = []
        values, count = loop.run(ctx, inits, captured, max_iter, grad, tape)
        scratch[loop] = (inputs, grad, tape)
    if loop.has_max:
        values = values + [xp.asarray(count, dtype=max_iter.dtype)]
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
    if control_flow_v2_enabled() and "while_loop" in cond_ops.v2_builders:  # a functional While op
        return cond_ops.v2_builders["while_loop"](cond, body, loop_vars, shape_invariants, parallel_iterations,
                                                  name, maximum_iterations, return_same_structure)
    if isinstance(loop_vars, Tensor):
        bool(loop_vars)  # TF's `if not loop_vars` on a bare tensor: OperatorNotAllowedInGraphError
    if loop_vars is None or (nest.is_nested(loop_vars) and not nest.flatten(loop_vars, expand_composites=True)):
        raise ValueError("'loop_vars' must be provided.")
    flat_vars = nest.flatten(loop_vars, expand_composites=True)
    with op_scope(name, "while", [v for v in flat_vars if isinstance(v, Tensor)]) as scope:
        graph = graph_of([v for v in flat_vars if isinstance(v, Tensor)])
        outermost = current_context(graph) is None
        inits = [_loop_value(v) for v in flat_vars]
        invariants = invariant_shapes(loop_vars, inits, shape_invariants)
        max_iter = None
        if maximum_iterations is not None:
            max_iter = convert_to_tensor(maximum_iterations, name="maximum_iterations")
            if max_iter.shape.ndims != 0:
                raise ValueError(f"'maximum_iterations' must be a scalar. Received shape: {max_iter.shape}")
        # TF wraps the loop as (counter, loop_vars[0]) when one variable is given (and no
        # return_same_structure), else as (counter, loop_vars): the body's result must then match
        # that element's structure exactly, list vs tuple included
        pack_one = nest.is_nested(loop_vars) and len(loop_vars) == 1 and not return_same_structure
        max_structure = None if max_iter is None else (loop_vars[0] if pack_one else loop_vars)
        loop, raw, wrapped = _build_loop(graph, cond, body, loop_vars, inits, invariants, max_iter, back_prop,
                                         max_structure, pack_one)
        inputs = inits + loop.captures + ([max_iter] if max_iter is not None else [])
        op = apply_op("While", inputs, {"T": [t.dtype.base_dtype for t in inits],
                                        "parallel_iterations": int(parallel_iterations), "_loop": loop},
                      name=scope)
        for c in loop.external_controls:
            op._add_control_input(c)
        if outermost:  # as TF, only loops outside any cond or loop join tf.GraphKeys.WHILE_CONTEXT
            graph.add_to_collection(WHILE_CONTEXT, loop)
        outputs = _exits(op, loop)
    return _loop_result(raw, wrapped, outputs, maximum_iterations is not None, return_same_structure)


def _exits(op, loop):
    """Each loop variable's value after the loop, as TF's Exit op ("while/Exit_1:0"), which the GraphDef
    writer writes back in its frame. With maximum_iterations TF's first Exit is its iteration counter's
    (the While op's last output, `exit_ops[-1]`), so the variables' start at Exit_1."""
    loop.exit_ops, outputs = {}, []
    if loop.has_max:
        loop.exit_ops[-1] = control_flow_ops.loop_exit(op.outputs[len(loop.args)], name="Exit").op
    for k, value in enumerate(op.outputs[:len(loop.args)]):
        position = k + int(loop.has_max)
        exit_op = control_flow_ops.loop_exit(value, name=f"Exit_{position}" if position else "Exit").op
        loop.exit_ops[k] = exit_op
        outputs.append(exit_op.outputs[0])
    return outputs


def _loop_value(value):
    if hasattr(value, "_as_graph_element") and not isinstance(value, Tensor):
        value = value._as_graph_element()
    t = convert_to_tensor(value)
    return array_ops.identity(t) if t.dtype.is_ref_dtype else t


def _build_loop(graph, cond_fn, body_fn, loop_vars, inits, invariants, max_iter, back_prop,
                max_structure=None, pack_one=False):
    # TF's iteration counter is the first loop variable, its `i < maximum_iterations` the first op of the
    # condition and its `i + 1` the first of the body: their names (Identity, Less, add) come first
    counted = max_iter is not None
    with graph.control_dependencies(None):  # the arguments belong to no outer context
        if counted:
            graph.unique_name("Identity")
        args = [loop_arg(t, shape) for t, shape in zip(inits, invariants)]
    context = LoopContext(graph)
    packed_args = nest.pack_sequence_as(loop_vars, args, expand_composites=True)
    if max_iter is not None and pack_one:
        call_args = [packed_args[0]]  # TF calls cond(lv) and body(lv) on the one variable
    elif isinstance(packed_args, (list, tuple, dict)):
        call_args = list(packed_args)  # TF calls cond(*loop_vars): a dict gives its keys, as in TF
    else:
        call_args = [packed_args]
    with context.enter(hide_outer=True):
        if counted:
            graph.unique_name("Less")
        pred = convert_to_tensor(cond_fn(*call_args))
        if pred.dtype.base_dtype != dtypes.bool:
            raise TypeError(f"Input 'input' of 'LoopCond' Op has type {pred.dtype.base_dtype.name} that does "
                            "not match expected type of bool.")
        if pred.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {pred.shape.ndims} for 'LoopCond' with input "
                             f"shapes: {fmt_shape(pred.shape)}.")
        if counted:
            graph.unique_name("add")
        raw = body_fn(*call_args)
        result = raw if nest.is_nested(raw) or isinstance(raw, SparseTensor) else [raw]
        if max_iter is not None:
            nest.assert_same_structure(max_structure, raw, expand_composites=True)
            result = raw if pack_one and nest.is_nested(raw) else result
        else:
            check_body_structure(loop_vars, result)
        outs = [convert_to_tensor(v) for v in nest.flatten(result, expand_composites=True)]
    error = check_body_outputs(inits, invariants, outs)
    loop = make_loop_graph(graph, context, args, pred, outs, max_iter is not None, back_prop, error)
    return loop, raw, result


def make_loop_graph(graph, context, args, pred, outs, has_max, back_prop, error=None):
    """The _LoopGraph of a loop whose cond and body ops `context` (a LoopContext) recorded.

    Args:
        args: the loop variables' placeholders; pred: the condition; outs: the body's results.
        has_max: the While op takes a maximum_iterations input after the captures.
        error: the message of the run-time error the loop raises instead of running, or None.
    """
    captures = captured_tensors(list(context.ops), args)
    for t in [pred] + outs:
        if t not in context.values and t not in args and t not in captures and not t.dtype.is_ref_dtype:
            captures.append(t)
    loop = _LoopGraph(graph, args, pred, outs, list(context.ops), captures, has_max, back_prop)
    loop.external_controls = context.external_controls
    loop.nested_conds = context.nested
    loop.error = error
    return loop


def loop_arg(init, shape, name="Identity"):
    """The placeholder a loop body reads one loop variable from (never fed by a session run)."""
    arg = constant_op.placeholder(init.dtype.base_dtype, shape=shape, name=name)
    arg.graph.prevent_feeding(arg)
    return arg


def _loop_result(raw, wrapped, outputs, has_max, return_same_structure):
    if has_max:
        # TF loops over (counter, loop_vars) and returns the body's own result structure
        return nest.pack_sequence_as(raw, outputs, expand_composites=True)
    packed = nest.pack_sequence_as(wrapped, outputs, expand_composites=True)
    if not return_same_structure and len(outputs) == 1 and isinstance(packed, (list, tuple)):
        return packed[0]
    return packed


# ------------------------------------------------------------------ the loop's gradient
class _LoopGradient:
    """The body's gradient graph: for one iteration, output grads in, input grads out."""

    def __init__(self, loop, var_idx, cap_idx):
        graph = loop.graph
        self.var_idx, self.cap_idx = var_idx, cap_idx
        with graph.control_dependencies(None):
            self.grad_args = [constant_op.placeholder(loop.args[i].dtype.base_dtype, shape=loop.args[i].shape,
                                                      name="grad_arg") for i in var_idx]
        recorder = LoopContext(graph, inside=loop.ops)
        xs = [loop.args[i] for i in var_idx] + [loop.captures[j] for j in cap_idx]
        with recorder.enter(hide_outer=True):
            grads = gradients([loop.body_outs[i] for i in var_idx], xs, grad_ys=self.grad_args,
                              stop_gradients=list(loop.captures) or None)
            self.grads = [array_ops.zeros_like(x) if g is None else convert_to_tensor(g)
                          for g, x in zip(grads, xs)]
        inside = list(loop.args) + self.grad_args
        body_ops = set(loop.ops)
        new_ops = [op for op in recorder.ops if op not in body_ops]
        self.ops = new_ops  # the gradient graph's ops: internal to the WhileGrad op, as the body to While
        known = set(loop.captures)
        self.extra_captures = [t for t in captured_tensors(loop.ops + new_ops, inside) if t not in known]
        # the body values the gradient ops read: kept per iteration, fed back, never recomputed
        saved = {t: None for op in new_ops for t in op._inputs
                 if t.op in body_ops and not t.dtype.is_ref_dtype}
        # a control edge onto a body op (a TensorArray write barrier) held when its iteration ran:
        # feeding that op's outputs tells the plan so, instead of running the op a second time
        saved.update((t, None) for op in new_ops for c in op._control_inputs if c in body_ops
                     for t in c._outputs if not t.dtype.is_ref_dtype)
        self.saved = list(saved)
        feeds = list(loop.args) + self.grad_args + list(loop.captures) + self.extra_captures + self.saved
        # an Identity of a fed tensor (tf.gradients' grad_ys) is fed the same value: one op less per iteration
        position = {t: k for k, t in enumerate(feeds)}
        identities = [op for op in new_ops if op.type == "Identity" and not op._control_inputs
                      and op._inputs[0] in position]
        self.forwarded = [position[op._inputs[0]] for op in identities]
        self.feeds = feeds + [op._outputs[0] for op in identities]
        made_inside = body_ops.union(new_ops, (a.op for a in loop.args), (a.op for a in self.grad_args))
        grad_ops = set(new_ops)
        # what the plan fetches per iteration for each capture's gradient: the gradient itself, or
        # the two factors of a MatMul(a, b, transpose_a=True) that is summed over the iterations
        self.capture_sums = [loop_sums.stacked_sum(t, made_inside, grad_ops) or loop_sums.Sum(t)
                             for t in self.grads[len(var_idx):]]
        self.summed = list({s.grad: None for s in self.capture_sums if isinstance(s, loop_sums.Sum)})
        self.stacked = list({t: None for s in self.capture_sums for t in s.stacked})
        self.fetches = self.grads[:len(var_idx)] + self.summed + self.stacked
        self.transposed_reads = [j for j, c in enumerate(loop.captures)
                                 if loop_sums.read_transposed(c, grad_ops)]
        self._plans = weakref.WeakKeyDictionary()
        self._forward_plans = weakref.WeakKeyDictionary()

    def plan(self, ctx, loop):
        key = ctx.session if ctx.session is not None else self
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = Plan(self.fetches, [], self.feeds, ctx.placer_for(loop.graph), narrow=True,
                                           fed_ops_ran=True)  # the forward ops ran: their control edges hold
        return plan

    def forward_plan(self, ctx, loop):
        """The body plan that also fetches the values this gradient reads."""
        key = ctx.session if ctx.session is not None else self
        plan = self._forward_plans.get(key)
        if plan is None:
            plan = self._forward_plans[key] = Plan(loop.body_outs + self.saved, [], loop.args + loop.captures,
                                                   ctx.placer_for(loop.graph))
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
    tape = _recorded_tape(ctx, loop, grad, inputs[:n_fwd])
    if tape is None:
        tape = []
        loop.run(ctx, inits, captured, max_iter, grad, tape)
    plan = grad.plan(ctx, loop)
    k = len(grad.var_idx)
    n_summed = len(grad.summed)
    totals, stacks = [None] * n_summed, [loop_sums.RowStack(xp, len(tape)) for _ in grad.stacked]
    g = out_grads
    fed_outside = loop_sums.with_transposed_layout(xp, captured, grad.transposed_reads) + extra
    forwarded = grad.forwarded
    for values, saved in reversed(tape):
        fed = values + g + fed_outside + saved
        if forwarded:
            fed += [fed[p] for p in forwarded]
        res = plan.run(fed, ctx)
        g = list(res[:k])
        for i in range(n_summed):
            totals[i] = loop_sums.accumulate(totals[i], res[k + i])
        for stack, value in zip(stacks, res[k + n_summed:]):
            stack.append(value)
    joined = {t: stack.joined() for t, stack in zip(grad.stacked, stacks) if stack.count}
    totals = dict(zip(grad.summed, totals))
    total = [s.result(xp, totals, joined) for s in grad.capture_sums]
    total = [xp.zeros_like(captured[j]) if t is None else xp.asarray(t, dtype=captured[j].dtype)
             for t, j in zip(total, grad.cap_idx)]
    g = [xp.asarray(v, dtype=inits[i].dtype) for v, i in zip(g, grad.var_idx)]
    return tuple(g + total) if len(g) + len(total) != 1 else (g + total)[0]


@_while_grad_kernel.gradient
def _while_grad_grad(op, *grads):
    raise TypeError("Second-order gradient for while loops not supported.")


def _recorded_tape(ctx, loop, grad, inputs):
    """The tape the forward loop recorded in this run for `grad` from these very inputs, or None."""
    entry = (getattr(ctx, "scratch", None) or {}).get(loop)
    if entry is None or entry[1] is not grad or len(entry[0]) != len(inputs):
        return None
    return entry[2] if all(a is b for a, b in zip(entry[0], inputs)) else None


def _differentiable(t):
    return t.dtype.base_dtype.is_floating or t.dtype.base_dtype.is_complex


def _outputs_reached(loop, arg):
    """The indices of the body results that `arg` reaches through differentiable tensors."""
    inside, reached, queue = set(loop.ops), {arg}, [arg]
    while queue:
        for consumer in queue.pop().consumers():
            if consumer in inside:
                for t in consumer._outputs:
                    if t not in reached and _differentiable(t):
                        reached.add(t)
                        queue.append(t)
    return {i for i, out in enumerate(loop.body_outs) if out in reached}


def _is_zero(grad):
    """Whether a loop result's gradient is none or known zeros (what tf.gradients gives an unused result)."""
    if grad is None:
        return True
    if not isinstance(grad, Tensor) or grad.op.type not in ("Const", "ZerosLike"):
        return False
    return grad.op.type == "ZerosLike" or not np.any(constant_value(grad))


def _zero_gradient_vars(loop, var_idx, grads):
    """The loop variables whose gradient is zero in every iteration.

    Such a variable gets no gradient after the loop, and no variable that does get one depends
    on it (the flow of a TensorArray the loop only writes, when its result is unused): its
    gradient graph is never built or run, as TF builds none for ops on no path to the loss.
    """
    zero = {i for i in var_idx if _is_zero(grads[i])}
    reached = {i: _outputs_reached(loop, loop.args[i]) for i in zero}
    changed = True
    while changed:
        changed = False
        for i in sorted(zero):
            if reached[i] - zero:  # a result that carries a gradient depends on it
                zero.discard(i)
                changed = True
    return zero


def loop_gradient(loop, var_idx, cap_idx, source="gradients"):
    """The gradient graph of `loop` for its variables `var_idx` and captures `cap_idx`, built once per
    tf.gradients call `source`: a body's TensorArray gradients write into that call's gradient arrays."""
    key = (tuple(var_idx), tuple(cap_idx), source)
    grad = loop._grads.get(key)
    if grad is None:
        grad = loop._grads[key] = _LoopGradient(loop, tuple(var_idx), tuple(cap_idx))
    return grad


@_while.gradient
def _while_grad(op, *grads):
    loop = op._attrs.get("_loop")
    if loop is None:
        return functional_control_flow.while_gradient(op, *grads)
    none = [None] * len(op.inputs)
    if not loop.back_prop:
        return none
    differentiable = tuple(i for i, a in enumerate(loop.args) if _differentiable(a))
    zero = _zero_gradient_vars(loop, differentiable, grads)
    var_idx = tuple(i for i in differentiable if i not in zero)
    if not var_idx:
        return none
    # captures whose gradient the enclosing tf.gradients call drops (a constant input) are not computed
    skip = set(getattr(op, "skip_input_indices", None) or ())
    cap_idx = tuple(j for j, c in enumerate(loop.captures)
                    if _differentiable(c) and len(loop.args) + j not in skip)
    out_grads = [array_ops.zeros_like(op.outputs[i]) if grads[i] is None else convert_to_tensor(grads[i])
                 for i in var_idx]
    grad = loop_gradient(loop, var_idx, cap_idx, tensor_array_ops.gradient_source(out_grads[0]))
    gop = apply_op("WhileGrad", list(op.inputs) + out_grads + grad.extra_captures,
                   {"_loop": loop, "_grad": grad}, name="WhileGrad")
    result = none
    for i in zero:
        if i not in skip:
            result[i] = array_ops.zeros_like(op.inputs[i])
    for k, i in enumerate(var_idx):
        result[i] = gop.outputs[k]
    for k, j in enumerate(cap_idx):
        result[len(loop.args) + j] = gop.outputs[len(var_idx) + k]
    return result


__all__ = ["while_loop"]
