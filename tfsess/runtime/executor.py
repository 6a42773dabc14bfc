"""Run plans: the pruned, ordered, pre-resolved steps that compute some fetches from some feeds.

A Plan is compiled once per (fetches, feeds, targets) signature and graph version; running it
does no graph walking and no name or attribute lookups: each step is a prepared kernel call
reading and writing slots of one list.
"""
from __future__ import annotations

import time

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import kernel_attrs
from tfsess.runtime.chains import ChainKernel, Link, find_chains
from tfsess.runtime.column_blocks import narrow_products
from tfsess.runtime.device_cpu import CPUDevice
from tfsess.runtime.kernel_errors import kernel_error_text
from tfsess.runtime.op_order import blocking_last, needed_ops
from tfsess.runtime.plan_compiler import COMPILE_AT_RUN, call_inplace, compile_steps, statically_small, step_cancelled
from tfsess.runtime.resources import NEVER_CANCELLED
from tfsess.runtime.step_memory import (check_string_feeds, out_of_memory_error, release_step_buffers,
                                         reserve_outputs, unreserve_outputs)

DEAD = type("Dead", (), {"__repr__": lambda self: "<dead tensor>"})()
_EXCEPTION_CLASSES = (
    (MemoryError, errors.ResourceExhaustedError),
    (NotImplementedError, errors.UnimplementedError),
    ((ValueError, TypeError, IndexError, ZeroDivisionError, FloatingPointError, OverflowError, KeyError),
     errors.InvalidArgumentError),
)


class Step:
    """One op's prepared kernel call: slots in, slots out, bound attrs."""

    __slots__ = ("op", "kernel", "xp", "ins", "outs", "attrs", "derefs", "needs_ctx", "dead_check",
                 "accepts_dead", "free", "device", "copies", "special", "inplace", "ctrl_ins", "marker",
                 "allocates")

    def __init__(self, op, kernel, xp, ins, outs, attrs, derefs, device):
        opdef = op._opdef
        self.op, self.kernel, self.xp, self.ins, self.outs = op, kernel, xp, ins, outs
        self.attrs, self.derefs, self.device = attrs, derefs, device
        self.needs_ctx = opdef.needs_ctx
        self.accepts_dead = opdef.accepts_dead
        self.dead_check = False
        self.ctrl_ins = ()   # slots marking control inputs that may be dead (a dead one kills this step)
        self.marker = None   # slot set to DEAD when this step is dead, for its control consumers
        self.free = ()
        self.copies = ()   # (input index, source device) for inputs made on another device
        self.inplace = None  # index of a dying input whose buffer the kernel may write into
        self.allocates = None  # OpDef.output_shapes: the device charges the outputs before the kernel runs
        self.special = bool(derefs) or self.needs_ctx or getattr(device, "tracks_memory", False)


class RunContext:
    """What stateful kernels see: the session's resources and devices, the run's options, the current op."""

    __slots__ = ("session", "resources", "options", "op", "deadline", "step_id", "trace", "devices", "scratch")

    def __init__(self, session, resources, options=None, deadline=None, step_id=0, devices=None):
        self.session, self.resources, self.options = session, resources, options
        self.deadline, self.step_id, self.op, self.trace = deadline, step_id, None, None
        self.devices = devices  # the DeviceManager of the session (or the worker), or None
        self.scratch = {}  # values kernels hand to later kernels of the same run (a loop's tape)

    def remaining_timeout(self):
        """Seconds left before this run's deadline, or None for no deadline."""
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())

    def placer_for(self, graph):
        """The placer of this run's devices for `graph` (every op on a CPU when the run has no devices)."""
        if self.devices is not None:
            return self.devices.placer(graph)
        cpu = CPUDevice(0)
        return lambda op: cpu


class Plan:
    """A compiled run: `run(feed_values, ctx)` returns the values of `fetch_tensors`."""

    def __init__(self, fetch_tensors, target_ops, feed_tensors, placer, rewrites=True, narrow=False, fed_ops_ran=False):
        self.fetch_tensors = list(fetch_tensors)
        self.feed_tensors = list(feed_tensors)
        feed_set = set(self.feed_tensors)
        roots = [t.op for t in self.fetch_tensors if t not in feed_set] + list(target_ops)
        ops = blocking_last(needed_ops(roots, feed_set, fed_ops_ran))
        self.ops = ops
        slot = {}
        for t in self.feed_tensors + [t for op in ops for t in op._outputs]:
            slot.setdefault(t, len(slot))
        # an op that runs for its other outputs writes a fed output to a slot of its own, never the fed value's
        fed_outputs = [t for op in ops for t in op._outputs if t in feed_set]
        written = {**slot, **{t: len(slot) + k for k, t in enumerate(fed_outputs)}}
        self.n_slots, self.slot_of = len(slot) + len(fed_outputs), slot
        self.feed_slots = [slot[t] for t in self.feed_tensors]
        steps = [self._make_step(op, slot, written, placer) for op in ops]
        self.fetch_slots = [slot[t] for t in self.fetch_tensors]
        self.template = [None] * self.n_slots
        self.folded, self.eliminated, self.fused = [], [], []  # what the rewrites replaced, for traces
        self._mark_dead_checks(steps)  # first: steps that may be dead are never folded nor merged
        if rewrites:
            steps = self._eliminate_common_subexpressions(steps)
            steps = self._fold_constants(steps)
            steps = self._fuse_chains(steps)
        # narrow (loop bodies, traced never): products cut into column blocks compute the blocks read only
        self.steps = narrow_products(steps, self.fetch_slots, self.template) if narrow else steps
        self._mark_allocations()
        self._mark_copies(placer)
        self.fetch_derefs = [t.dtype.is_ref_dtype and t not in feed_set for t in self.fetch_tensors]
        self._plan_frees()
        if rewrites:
            self._plan_buffer_reuse()
        self.needs_ctx = any(step.needs_ctx for step in self.steps)
        read = {i for step in self.steps for i in step.ins}
        self.string_feeds = [k for k, (t, s) in enumerate(zip(self.feed_tensors, self.feed_slots))
                             if t.dtype.base_dtype == dtypes.string and s in read]
        self.interpreted_runs = 0
        self.compiled = None if self.steps else False  # CompiledSteps once compiled; False: nothing to compile

    def _make_step(self, op, slot, written, placer):
        device = placer(op)
        opdef = op._opdef
        # simulated GPUs compute with NumPy: they ask for CPU kernels via kernel_type
        kernel = opdef.kernels.get(getattr(device, "kernel_type", None) or device.device_type, opdef.kernel)
        ins = tuple(slot[t] for t in op._inputs)
        for i in opdef.ref_inputs:  # a fed value is no variable: TF's graph check refuses it
            if i < len(op._inputs) and op._inputs[i].dtype.is_ref_dtype and op._inputs[i] in self.feed_tensors:
                dtype = {"float32": "float", "float64": "double"}.get(op._inputs[i].dtype.base_dtype.name,
                                                                      op._inputs[i].dtype.base_dtype.name)
                raise errors.InvalidArgumentError(None, op, f"Input {i} of node {op.name} was passed {dtype} from "
                                                            f"{op._inputs[i].name} incompatible with expected {dtype}_ref.")
        derefs = tuple(i for i, t in enumerate(op._inputs)
                       if t.dtype.is_ref_dtype and i not in opdef.ref_inputs and t not in self.feed_tensors)
        outs = tuple(written[t] for t in op._outputs)
        return Step(op, kernel, device.xp, ins, outs, kernel_attrs(kernel, op._attrs), derefs, device)

    def _eliminate_common_subexpressions(self, steps):
        """Runs each distinct stateless computation once: later twins read the first's outputs."""
        alias, seen, kept = {}, {}, []
        for step in steps:
            step.ins = tuple(alias.get(i, i) for i in step.ins)
            opdef = step.op._opdef
            key = None
            if not (opdef.stateful or step.special or opdef.emits_dead or opdef.accepts_dead
                    or step.op._control_inputs):
                key = _cse_key(step)
            twin = seen.get(key) if key is not None else None
            if twin is not None and len(twin.outs) == len(step.outs):
                alias.update(zip(step.outs, twin.outs))
                self.eliminated.append(step)
                continue
            if key is not None:
                seen[key] = step
            kept.append(step)
        self.fetch_slots = [alias.get(s, s) for s in self.fetch_slots]
        return kept

    def _fold_constants(self, steps):
        """Computes feed-independent, stateless steps once; their outputs start every run.

        Keeps only the folded values that later steps or fetches read. A step whose kernel
        fails at compile time stays in the plan, so the run raises the error in context.
        """
        known, folded_ops, remaining = set(), set(), []
        for step in steps:
            opdef = step.op._opdef
            # a control input not folded too must still run first (a failing or dead one stops this step)
            foldable = not (opdef.stateful or step.special or opdef.emits_dead or opdef.accepts_dead
                            or opdef.ref_inputs or getattr(step.device, "device_type", "CPU") != "CPU"
                            or any(c not in folded_ops for c in step.op._control_inputs))
            if foldable and all(i in known for i in step.ins) and step.op.type != "Placeholder":
                try:
                    args = [self.template[i] for i in step.ins]
                    tokens = reserve_outputs(step, args, opdef.output_shapes)  # folds never allocate past the limit
                    if tokens is not None:
                        unreserve_outputs(step, tokens)
                    out = step.kernel(step.xp, *args, **step.attrs)
                except Exception:  # noqa: BLE001 - leave it to the run to raise in context
                    out = None
                else:
                    outs = (out,) if len(step.outs) == 1 else tuple(out)
                    for s, v in zip(step.outs, outs):
                        if isinstance(v, np.ndarray):
                            v.flags.writeable = False  # shared by every run: fetches copy it
                        self.template[s] = v
                        known.add(s)
                    self.folded.append(step)
                    folded_ops.add(step.op)
                    continue
            remaining.append(step)
        needed = set(self.fetch_slots)
        for step in remaining:
            needed.update(step.ins)
        for s in known - needed:
            self.template[s] = None
        return remaining

    def _fuse_chains(self, steps):
        """Replaces elementwise chains by one blockwise, multi-threaded step (runtime/chains.py)."""
        chains = find_chains(steps, self.fetch_slots)
        if not chains:
            return steps
        replace = {}
        for chain, positions in chains:
            links = [Link(step, pos) for step, pos in zip(chain, positions)]
            last = chain[-1]
            ins = (chain[0].ins[positions[0]],) + tuple(s for link in links for s in link.scalar_slots)
            dtype = np.dtype(last.op._outputs[0].dtype.as_numpy_dtype).type
            fused = Step(last.op, ChainKernel(links, dtype), np, ins, last.outs, {}, (), last.device)
            self.fused.append((fused, chain))
            replace[id(last)] = fused
            replace.update((id(step), None) for step in chain[:-1])
        return [replace.get(id(step), step) for step in steps if replace.get(id(step), step) is not None]

    def _mark_allocations(self):
        """Steps whose outputs' sizes follow from their inputs charge their device before allocating.

        Outputs whose static shapes promise a small size are left to the charge made after the
        kernel (the same figures, without the cost of computing the shapes on every run).
        """
        for step in self.steps:
            hook = step.op._opdef.output_shapes
            if hook is not None and not isinstance(step.kernel, ChainKernel) \
                    and not statically_small(step.op._outputs):
                step.allocates = hook
                step.special = True

    def _mark_copies(self, placer):
        """Inputs produced on another device are copied to the consumer's device first."""
        host = getattr(placer, "host", None)
        device_of = {s: host for s in self.feed_slots}
        for step in self.folded:  # folded values live where their op was placed
            device_of.update((s, step.device) for s in step.outs)
        for step in self.steps:
            copies = []
            for i, s in enumerate(step.ins):
                src = device_of.get(s)
                if src is not None and src is not step.device and i not in step.op._opdef.ref_inputs:
                    copies.append((i, src))
            step.copies = tuple(copies)
            if copies:
                step.special = True
            for s in step.outs:
                device_of[s] = step.device
        # fetched values leave their device: the device stops counting them once fetched
        self.fetch_to_host = [None if device_of.get(s) in (None, host) else getattr(device_of[s], "to_host", None)
                              for s in self.fetch_slots]
        if not any(self.fetch_to_host):
            self.fetch_to_host = None

    def _mark_dead_checks(self, steps):
        """Deadness (an untaken Switch branch) flows along data and control edges, as in TF."""
        ctrl_sources = {c for step in steps for c in step.op._control_inputs}
        maybe_dead, marker_of = set(), {}
        for step in steps:
            ctrl = tuple(marker_of[c] for c in step.op._control_inputs if c in marker_of)
            data = any(i in maybe_dead for i in step.ins)
            if ctrl or data or step.op._opdef.emits_dead:
                maybe_dead.update(step.outs)
                step.ctrl_ins = ctrl
                step.dead_check = bool(ctrl) or data
                step.special = step.special or step.dead_check
                if step.dead_check and step.op in ctrl_sources:
                    step.marker = marker_of[step.op] = self.n_slots
                    self.n_slots += 1
                    self.template.append(None)

    def _plan_frees(self):
        """Release each intermediate right after its last reader, so memory stays flat."""
        keep = set(self.fetch_slots)
        last = {}
        for index, step in enumerate(self.steps):
            for i in step.ins + step.ctrl_ins:
                last[i] = index
            for o in step.outs + ((step.marker,) if step.marker is not None else ()):
                last.setdefault(o, index)
        frees = {}
        for s, index in last.items():
            if s not in keep:
                frees.setdefault(index, []).append(s)
        for index, step in enumerate(self.steps):
            step.free = tuple(frees.get(index, ()))

    def _plan_buffer_reuse(self):
        """Lets `out=`-capable kernels write into a dying input made fresh by an elementwise kernel (not a feed,
        constant or variable) that no other kind of kernel read (a Reshape, Transpose or slice may hand out a
        view of it living on in a slot of its own), so a long elementwise chain holds two buffers."""
        fresh = set()
        for step in self.steps:
            opdef = step.op._opdef
            if opdef.out_arg and not step.special:
                out_dtype = step.op._outputs[0].dtype.base_dtype
                dying = [k for k, i in enumerate(step.ins) if i in fresh and i in step.free
                         and step.ins.count(i) == 1 and step.op._inputs[k].dtype.base_dtype == out_dtype]
                if dying:
                    step.inplace = dying[0]
            if not opdef.elementwise or step.special:
                fresh.difference_update(step.ins)
            elif len(step.outs) == 1:
                fresh.add(step.outs[0])

    # ------------------------------------------------------------------ running
    def run(self, feed_values, ctx, cancel=NEVER_CANCELLED):
        """The fetched values; `cancel.raised` (the session closing) stops the run between steps.

        The first runs interpret the steps; the COMPILE_AT_RUN-th compiles them into generated
        code (runtime/plan_compiler.py) that every later run calls.
        """
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        if self.string_feeds:
            check_string_feeds(self.string_feeds, feed_values)
        compiled = self.compiled
        if compiled is None:
            self.interpreted_runs += 1
            if self.interpreted_runs >= COMPILE_AT_RUN:
                compiled = self.compile()
        vals = self.template.copy()
        for s, v in zip(self.feed_slots, feed_values):
            vals[s] = v
        step = None
        try:
            if compiled:
                compiled.run(vals, ctx, cancel)
            else:
                for step in self.steps:
                    if cancel.raised:
                        raise step_cancelled()
                    if step.special:
                        run_special(step, vals, ctx)
                        for s in step.free:
                            vals[s] = None
                        continue
                    args = [vals[i] for i in step.ins]
                    if step.inplace is not None:
                        out = call_inplace(step, args)
                    else:
                        out = step.kernel(step.xp, *args, **step.attrs)
                    outs = step.outs
                    if len(outs) == 1:
                        vals[outs[0]] = out
                    elif outs:
                        for s, v in zip(outs, out):
                            vals[s] = v
                    for s in step.free:
                        vals[s] = None
        except Exception as exc:
            if compiled:
                step = compiled.failed_step(exc)
            error = translated_error(exc, step)
            if not cancel.raised and step is not None:
                self._finish_independent(step, vals, ctx)
            args = out = None
            release_step_buffers(vals, exc)
            raise_translated(error, exc)
        return self._fetched(vals)

    def compile(self):
        """The steps as generated code (runtime/plan_compiler.py), made once and kept on the plan."""
        if not self.compiled:
            written = {s for step in self.steps for s in step.outs}
            fed = set(self.feed_slots)
            constants = {s: v for s, v in enumerate(self.template)
                         if v is not None and s not in written and s not in fed}
            self.compiled = compile_steps(self.steps, constants, run_special)
        return self.compiled

    def _finish_independent(self, failed, vals, ctx):
        """After `failed` raised: runs the later steps that neither depend on it nor need the session.

        TF's executor runs independent ops in parallel, so an op beside the failing one (a counter's
        AssignAdd grouped with an iterator's get_next) still takes effect. Steps that need the run
        context (queues, iterators: they may block), variables apart, are skipped, as are the failed
        step's consumers.
        """
        poisoned_slots, poisoned_ops = set(failed.outs), {failed.op}
        for step in self.steps[self.steps.index(failed) + 1:]:
            if (step.needs_ctx and not step.op._opdef.is_variable) or any(i in poisoned_slots for i in step.ins) \
                    or any(c in poisoned_ops for c in step.op._control_inputs):
                poisoned_slots.update(step.outs)
                poisoned_ops.add(step.op)
                continue
            try:
                if step.special:
                    run_special(step, vals, ctx)
                else:
                    out = step.kernel(step.xp, *[vals[i] for i in step.ins], **step.attrs)
                    for s, v in zip(step.outs, (out,) if len(step.outs) == 1 else out):
                        vals[s] = v
            except Exception:  # noqa: BLE001 - the first error is the run's error
                poisoned_slots.update(step.outs)
                poisoned_ops.add(step.op)

    def _fetched(self, vals):
        for k, s in enumerate(self.fetch_slots):
            if vals[s] is DEAD:  # a tensor of a cond branch that was not taken
                raise errors.InvalidArgumentError(
                    None, None, f"Retval[{k}] does not have value (tensor {self.fetch_tensors[k].name} is in a "
                                "cond branch that was not taken)")
        values = [_deref(vals[s]) if d else vals[s] for s, d in zip(self.fetch_slots, self.fetch_derefs)]
        if self.fetch_to_host is not None:
            values = [v if move is None or v is DEAD else move(v) for v, move in zip(values, self.fetch_to_host)]
        return values

    def run_traced(self, feed_values, ctx, stats, cancel=NEVER_CANCELLED):
        """Like run, recording (op, device, start_us, duration_us, outputs) for each step."""
        if self.string_feeds:
            check_string_feeds(self.string_feeds, feed_values)
        vals = self.template.copy()
        for s, v in zip(self.feed_slots, feed_values):
            vals[s] = v
        now = time.perf_counter()
        for step in self.folded:  # rewrites are visible in the trace, as Grappler's are
            stats.append((_Rewritten("ConstantFolding/", step.op), step.device, now, now,
                          [self.template[s] for s in step.outs]))
        for step in self.eliminated:
            stats.append((_Rewritten("CommonSubexpressionElimination/", step.op), step.device, now, now, []))
        for _, chain in self.fused:
            stats.extend((_Rewritten("ElementwiseFusion/", step.op), step.device, now, now, []) for step in chain[:-1])
        step = None
        try:
            for step in self.steps:
                if cancel.raised:
                    raise step_cancelled()
                start = time.perf_counter()
                run_special(step, vals, ctx)
                end = time.perf_counter()
                stats.append((step.op, step.device, start, end, [vals[s] for s in step.outs]))
                for s in step.free:
                    vals[s] = None
        except Exception as exc:
            error = translated_error(exc, step)
            stats.clear()  # the failed run's stats hold its outputs
            release_step_buffers(vals, exc)
            raise_translated(error, exc)
        return self._fetched(vals)


def _cse_key(step):
    """A hashable identity of a step's computation, or None when its attrs cannot be compared."""
    items = []
    for name, value in sorted(step.attrs.items()):
        if isinstance(value, np.ndarray):
            if value.nbytes > 4096 or value.dtype == object:
                return None
            value = (value.dtype.str, value.shape, value.tobytes())
        elif isinstance(value, list):
            value = tuple(value)
        try:
            hash(value)
        except TypeError:
            return None
        items.append((name, value))
    return (step.op.type, step.kernel, step.device.name if hasattr(step.device, "name") else None,
            step.ins, tuple(items))


class _Rewritten:
    """How a folded or eliminated op shows in step stats (named like Grappler's rewrites)."""

    def __init__(self, prefix, op):
        self.name = prefix + op.name
        self.type = op.type


def run_special(step, vals, ctx):
    __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
    args = [vals[i] for i in step.ins]
    if step.dead_check and (any(vals[c] is DEAD for c in step.ctrl_ins)
                            or (not step.accepts_dead and any(a is DEAD for a in args))):
        for s in step.outs:
            vals[s] = DEAD
        if step.marker is not None:
            vals[step.marker] = DEAD
        return
    for i in step.derefs:
        args[i] = _deref(args[i])
    for i, src in step.copies:
        if args[i] is not DEAD:
            args[i] = step.device.copy_from(args[i], src, step.op)
    token = reserve_outputs(step, args, step.allocates) if step.allocates is not None else None
    try:
        if step.needs_ctx:
            ctx.op = step.op
            out = step.kernel(step.xp, *args, ctx=ctx, **step.attrs)
        else:
            out = step.kernel(step.xp, *args, **step.attrs)
    finally:
        if token is not None:
            unreserve_outputs(step, token)
    if getattr(step.device, "tracks_memory", False):
        if step.op._opdef.ref_inputs:
            # An update stores its value input (Assign keeps a copy): TF forwards a dying value's
            # buffer to the variable, so the dying inputs go before the stored value is charged.
            args = None
            for s in step.free:
                vals[s] = None
        step.device.account(step.op, out if len(step.outs) != 1 else (out,))
    if len(step.outs) == 1:
        vals[step.outs[0]] = out
    elif step.outs:
        for s, v in zip(step.outs, out):
            vals[s] = v
    if step.marker is not None and step.outs and all(vals[s] is DEAD for s in step.outs):
        vals[step.marker] = DEAD  # e.g. a Merge of dead inputs: dead for its control consumers too


def _deref(value):
    return value.read() if hasattr(value, "read") and not isinstance(value, np.ndarray) else value


def raise_translated(error, exc):
    """Raises `error`, the OpError for `exc`, with one traceback.

    Re-raising an error `from` itself, or an OpError that only gained its node's name `from` the
    original, would print the same traceback twice; any other exception stays the cause.
    """
    __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
    if error is exc:
        raise error
    if isinstance(exc, errors.OpError):
        raise error.with_traceback(exc.__traceback__) from None
    raise error from exc


def translated_error(exc, step):
    """The OpError for an exception raised by `step` (devices may reword their own errors)."""
    if step is None:
        return as_op_error(exc, None)
    if isinstance(exc, MemoryError) and hasattr(step.device, "name"):
        exc = out_of_memory_error(exc, step)
    translate = getattr(step.device, "translate_error", None)
    return as_op_error(translate(exc, step.op) if translate is not None else exc, step.op)


def as_op_error(exc, op):
    """`exc` as the OpError TF would raise, naming and carrying `op`."""
    name = op.name if op is not None else "?"
    if isinstance(exc, errors.OpError):
        if exc.op is not None or op is None:
            return exc
        tag = f"{{{{node {name}}}}}"
        message = exc.message if tag in exc.message else f"{exc.message}\n\t [[{tag}]]"
        return type(exc)(None, op, message)  # the error reads its node_def off `op` when asked
    for klass, op_error in _EXCEPTION_CLASSES:
        if isinstance(exc, klass):
            break
    else:
        op_error = errors.UnknownError
    detail = kernel_error_text(exc)
    return op_error(None, op, f"{detail}\n\t [[{{{{node {name}}}}} = {op.type if op else '?'}]]")

