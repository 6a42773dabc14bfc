"""tf.gradients: the backward graph walk. The per-op rules live beside each op (`@_op.gradient`).

The walk is TF1's `gradients_impl`: find the ops on a differentiable path between `xs` and `ys`,
count how many gradients each op still waits for, then visit the ops from `ys` backwards,
summing the gradients that reach each output (`add_n`, or a concatenated IndexedSlices) and
calling the op's gradient function inside `name_scope(op.name + "_grad")`.
"""
from __future__ import annotations

import collections
import contextlib
import enum

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.indexed_slices import (IndexedSlices, IndexedSlicesValue,
                                             convert_to_tensor_or_indexed_slices)
from tfsess.framework.op_builder import convert_to_tensor, graph_of
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import gradient_function
from tfsess.ops import array_ops, cond_ops, constant_op, control_flow_ops, math_ops, stack_ops

_TRAINABLE = frozenset([dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128,
                        dtypes.resource, dtypes.variant] + ([dtypes.bfloat16] if hasattr(dtypes, "bfloat16") else []))


class UnconnectedGradients(enum.Enum):
    """What `gradients` returns for an x no y depends on (tf.UnconnectedGradients)."""

    NONE = "none"
    ZERO = "zero"


class AggregationMethod:
    """How gradients reaching one tensor along several paths are summed (tf.AggregationMethod)."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


def _is_trainable(tensor) -> bool:
    """Whether gradients flow through `tensor` (floating and complex dtypes do; integers do not)."""
    return tensor.dtype.base_dtype in _TRAINABLE


def _as_list(x):
    return list(x) if isinstance(x, (list, tuple)) else [x]


# ------------------------------------------------------------------ the public entry point
def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE):
    """Symbolic derivatives of `sum(ys)` with respect to each of `xs` (tf.gradients).

    Args:
        ys: a Tensor or list of Tensors to differentiate.
        xs: a Tensor, Variable or list of them to differentiate with respect to.
        grad_ys: optional list (one per y) of gradients flowing into `ys`; defaults to ones.
        name: name scope of the gradient ops ("gradients").
        colocate_gradients_with_ops: put each gradient op on its forward op's device.
        gate_gradients: group each op's input gradients with a `tuple`, so none is used early.
        aggregation_method: an `AggregationMethod` value.
        stop_gradients: tensors treated as constants: no gradient flows through them.
        unconnected_gradients: "none" (None for an unconnected x) or "zero" (zeros).

    Returns:
        A list with one Tensor, IndexedSlices or None per x.

    Raises:
        LookupError: an op on the path has no registered gradient function.
        ValueError: mismatched `grad_ys`, a bad `unconnected_gradients` or a wrong-shaped gradient.
    """
    unconnected = _unconnected_mode(unconnected_gradients)
    ys, xs = _as_list(ys), _as_list(xs)
    stop_gradients = [] if stop_gradients is None else _as_list(stop_gradients)
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    graph = graph_of([_graph_element(v) for v in ys + xs + stop_gradients + grad_ys if v is not None])
    with graph.as_default(), graph.name_scope(name or "gradients"):
        graph.unique_name("uid")  # TF reserves a uid name per call; keeps later names in step
        ys = [convert_to_tensor_or_indexed_slices(y, name="y") for y in ys]
        xs = [convert_to_tensor_or_indexed_slices(x, name="x", as_ref=True) for x in xs]
        grad_ys = _default_grad_ys(grad_ys, ys, colocate_gradients_with_ops)
        walk = _BackwardWalk(ys, xs, [t.op for t in stop_gradients],  # a Variable stops at its VariableV2
                             colocate_gradients_with_ops, gate_gradients, aggregation_method)
        walk.run(grad_ys)
        return [walk.result(x, unconnected) for x in xs]


def _graph_element(value):
    if isinstance(value, (Tensor, Operation, IndexedSlices)):
        return value
    graph_element = getattr(value, "_as_graph_element", None)
    return graph_element() if graph_element is not None else value


def _unconnected_mode(value) -> UnconnectedGradients:
    try:
        return UnconnectedGradients(value.value if isinstance(value, UnconnectedGradients) else value)
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None


def _default_grad_ys(grad_ys, ys, colocate):
    """The gradients fed into `ys`: ones where None (TF's Fill of a `grad_ys_i` constant), else identities."""
    if len(grad_ys) != len(ys):
        raise ValueError(f"Length mismatch. Passed {len(grad_ys)} grad_ys for {len(ys)} ys")
    grad_ys = [convert_to_tensor_or_indexed_slices(g, name="grad_y") for g in grad_ys]
    result = []
    for i, (y, grad_y) in enumerate(zip(ys, grad_ys)):
        with _maybe_colocate_with(y.op, colocate):
            if grad_y is None:
                if y.dtype.is_complex:
                    raise TypeError(f"Gradients of complex tensors must set grad_ys (y.dtype = {y.dtype!r})")
                result.append(constant_op.ones(array_ops.shape(y), dtype=y.dtype.base_dtype, name=f"grad_ys_{i}"))
                continue
            _check_grad_y_dtype(y, grad_y)
            if isinstance(grad_y, IndexedSlices):
                result.append(IndexedSlices(array_ops.identity(grad_y.values, name=f"grad_ys_{i}_values"),
                                            array_ops.identity(grad_y.indices, name=f"grad_ys_{i}_indices"),
                                            None if grad_y.dense_shape is None else
                                            array_ops.identity(grad_y.dense_shape, name=f"grad_ys_{i}_shape")))
            else:
                result.append(array_ops.identity(grad_y, name=f"grad_ys_{i}"))
    return result


def _check_grad_y_dtype(y, grad_y):
    yd, gd = y.dtype.base_dtype, grad_y.dtype.base_dtype
    if yd.is_floating or yd.is_integer:
        if not (gd.is_floating or gd.is_integer):
            raise TypeError(f"Gradient type {gd.name} generated for real or integer-valued tensor {y} with type "
                            f"{yd.name} must be real or integer")
    elif yd.is_complex:
        if not gd.is_complex:
            raise TypeError(f"Gradient type {gd.name} generated for complex-valued tensor {y} with type "
                            f"{yd.name} must be complex")
    elif yd not in (dtypes.variant, dtypes.resource):
        raise TypeError(f"Tensor {y} with type {yd.name} must be numeric to obtain a default gradient")


def _maybe_colocate_with(op, colocate):
    if not colocate:
        return contextlib.nullcontext()
    return op.graph.colocate_with(op)


# ------------------------------------------------------------------ the walk
class _BackwardWalk:
    """One call's backward pass: which ops lie between xs and ys, and the gradients reaching them."""

    def __init__(self, ys, xs, stop_gradient_ops, colocate, gate_gradients, aggregation_method):
        self.ys, self.xs = ys, xs
        self.colocate = colocate
        self.gate_gradients = gate_gradients
        self.aggregation_method = _check_aggregation(aggregation_method)
        to_ops = [y.op for y in ys]
        from_ops = [x.op for x in xs]
        reached = _reached_ops(from_ops)
        self.reachable_to_ops = {op for op in to_ops if op in reached}
        self.between = _between_ops(to_ops, reached)
        self.pending = collections.Counter()
        for op in self.between:
            for t in op.inputs:
                if t.op in self.between:
                    self.pending[t.op] += 1
        self.stop_ops = {op for op in from_ops if all(self.pending[t.op] <= 0 for t in op.inputs)}
        self.stop_ops.update(stop_gradient_ops)
        self.grads = {}  # op -> list (per output) of lists of received gradients

    def run(self, grad_ys):
        for y, grad_y in zip(self.ys, grad_ys):
            self._add_grad(y, grad_y)
        queue = collections.deque()
        queued = set()
        for y in self.ys:
            op = y.op
            if self.pending[op] == 0 and op not in queued and op in self.reachable_to_ops:
                queued.add(op)
                queue.append(op)
        while queue:
            op = queue.popleft()
            with _maybe_colocate_with(op, self.colocate):
                self._backprop(op)
            for t in op.inputs:
                self.pending[t.op] -= 1
                if self.pending[t.op] == 0:
                    queue.append(t.op)

    def _backprop(self, op):
        out_grads = self._aggregated(op)
        has_out_grads = any(g is not None for g in out_grads)
        grad_fn = None
        if has_out_grads and op not in self.stop_ops:
            grad_fn = _lookup_gradient(op)
        if grad_fn is None or not has_out_grads:
            return  # no rule (NotDifferentiable), stopped, or nothing flowed here: inputs get None
        for i, g in enumerate(out_grads):
            if g is None and _is_trainable(op.outputs[i]):
                out_grads[i] = _zeros_for_output(op, i)  # the loss does not depend on this output
        with op.graph.name_scope(op.name + "_grad"), _skipping(op, self._unneeded_inputs(op)):
            in_grads = _as_list(grad_fn(op, *out_grads))
            if len(in_grads) != len(op.inputs):
                raise ValueError(f"Num gradients {len(in_grads)} generated for op {op.node_def} do not match "
                                 f"num inputs {len(op.inputs)}")
            if self.gate_gradients and sum(g is not None for g in in_grads) > 1:
                in_grads = _gated(in_grads, [t.op in self.between for t in op.inputs])
        for i, (t_in, in_grad) in enumerate(zip(op.inputs, in_grads)):
            if in_grad is None:
                continue
            if isinstance(in_grad, Tensor) and t_in.dtype.base_dtype != dtypes.resource:
                try:
                    in_grad.set_shape(t_in.shape)
                except ValueError:
                    raise ValueError(f"Incompatible shapes between op input and calculated input gradient. "
                                     f"Forward operation: {op.name}. Input index: {i}. Original input shape: "
                                     f"{t_in.shape}. Calculated input gradient shape: {in_grad.shape}") from None
            self._add_grad(t_in, in_grad)

    def _unneeded_inputs(self, op):
        """The indices of `op`'s inputs no x reaches: this walk never uses their gradients."""
        return tuple(i for i, t in enumerate(op.inputs) if t.op not in self.between)

    def _add_grad(self, t, grad):
        per_output = self.grads.get(t.op)
        if isinstance(per_output, tuple):  # already summed (only when a y feeds another y's op again)
            per_output = self.grads[t.op] = [[] if g is None else [g] for g in per_output]
        if per_output is None:
            per_output = self.grads[t.op] = [[] for _ in t.op.outputs]
        per_output[t.value_index].append(grad)

    def _aggregated(self, op):
        """The summed gradient of each output of `op` (None where none arrived); kept for `result`."""
        per_output = self.grads.get(op)
        if isinstance(per_output, tuple):
            return list(per_output)
        per_output = per_output or [[] for _ in op.outputs]
        summed = tuple(_aggregate(received, op, self.aggregation_method) for received in per_output)
        self.grads[op] = summed
        return list(summed)

    def result(self, x, unconnected):
        grad = self._aggregated(x.op)[x.value_index] if x.op in self.grads else None
        if grad is None and unconnected is UnconnectedGradients.ZERO:
            return array_ops.zeros_like(x)
        return grad


@contextlib.contextmanager
def _skipping(op, indices):
    """Tells `op`'s gradient function which input gradients nobody needs (TF's `op.skip_input_indices`).

    A function op (While) then leaves them out of its gradient computation instead of computing
    values the walk drops; any other gradient function may ignore it.
    """
    nested = "skip_input_indices" in vars(op)
    previous = getattr(op, "skip_input_indices", None)
    op.skip_input_indices = indices
    try:
        yield
    finally:
        if nested:
            op.skip_input_indices = previous
        else:
            del op.skip_input_indices  # the op is left as it was


def _check_aggregation(method):
    method = AggregationMethod.DEFAULT if method is None else method
    valid = (AggregationMethod.ADD_N, AggregationMethod.EXPERIMENTAL_TREE, AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)
    if method not in valid:
        raise ValueError(f"Invalid `aggregation_method` specified {method}. Accepted values are {list(valid)}.")
    return method


def _lookup_gradient(op):
    """The op's gradient function, None for NotDifferentiable; LookupError naming the op type otherwise."""
    try:
        return gradient_function(op)
    except LookupError:
        raise LookupError(
            f"No gradient defined for operation'{op.name}' (op type: {op.type}). In general every operation "
            "must have an associated `@tf.RegisterGradient` for correct autodiff, which this op is lacking. "
            "If you want to pretend this operation is a constant in your program, you may insert "
            "`tf.stop_gradient`.") from None


def _reached_ops(from_ops):
    """Ops reachable from `from_ops` through differentiable (trainable-dtype) tensors."""
    reached = set()
    queue = collections.deque(from_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            continue
        reached.add(op)
        for t in op.outputs:
            if _is_trainable(t):
                queue.extend(t.consumers())
    return reached


def _between_ops(to_ops, reached):
    """Ops on a differentiable path from the xs to the ys (the ones the walk visits)."""
    reached = set(reached)
    between = set()
    queue = collections.deque(to_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            between.add(op)
            reached.discard(op)
            queue.extend(t.op for t in op.inputs)
    return between


def _aggregate(received, op, method):
    """Sums the gradients that reached one output: None, the only one, add_n, or concatenated slices."""
    received = [g for g in received if g is not None]
    if not received:
        return None
    if len(received) == 1:
        return received[0]
    if all(isinstance(g, Tensor) for g in received):
        if method in (AggregationMethod.EXPERIMENTAL_TREE, AggregationMethod.EXPERIMENTAL_ACCUMULATE_N):
            with op.graph.name_scope(op.name + "_gradient_sum"):
                total = received[0]
                for g in received[1:]:
                    total = math_ops.add_n([total, g])
                return total
        return _multi_device_add_n(received)
    return aggregate_indexed_slices(received)


def _multi_device_add_n(tensors):
    by_device = collections.OrderedDict()
    for t in tensors:
        by_device.setdefault(t.device, []).append(t)
    if len(by_device) == 1:
        return math_ops.add_n(tensors)
    sums = []
    for device in sorted(by_device):
        group = by_device[device]
        with group[0].graph.colocate_with(group[0].op):
            sums.append(math_ops.add_n(group))
    return math_ops.add_n(sums)


def aggregate_indexed_slices(grads):
    """Sums gradients some of which are IndexedSlices: dense if any is a Tensor, else concatenated rows."""
    grads = [g for g in grads if g is not None]
    if not grads:
        return None
    if len(grads) == 1:
        return grads[0]
    if any(isinstance(g, Tensor) for g in grads):
        return math_ops.add_n([convert_to_tensor(g) for g in grads])
    indices = [g.indices for g in grads]
    if len({i.dtype.base_dtype for i in indices}) > 1:  # mixed int32/int64 indices: TF widens them all
        indices = [math_ops.cast(i, dtypes.int64) for i in indices]
    return IndexedSlices(stack_ops.concat([g.values for g in grads], axis=0),
                         stack_ops.concat(indices, axis=0), grads[0].dense_shape)


def _zeros_for_output(op, index):
    """The gradient of an output nothing downstream uses: zeros shaped like it, as TF's walk makes them.

    A branch's Switch gets zeros live only along the other branch; elsewhere a ZerosLike op, except in a
    function or loop body (a graph built inside a control-flow context), where a known shape makes a Const.
    """
    out = op.outputs[index]
    if out.dtype.base_dtype not in (dtypes.resource, dtypes.variant):
        zeros = cond_ops.untaken_branch_zeros(op)
        if zeros is not None:
            return zeros
    graph = op.graph
    in_body = graph.building_function or control_flow_ops.current_context(graph) is not None
    return array_ops.zeros_like(out, optimize=in_body)


def _gated(in_grads, needed):
    """TF's gate_gradients (a `tuple` of the input gradients): each waits until all are computed.

    The gate groups only the gradients the walk goes on to use (`needed`); one flowing to an
    input no x depends on (a placeholder, a constant) is still built, gated, but not waited for,
    so the executor can prune it, as nothing ever reads it.
    """
    graph = get_default_graph()
    tensors = [g.values if isinstance(g, IndexedSlices) else g for g in in_grads]
    with graph.device(None), graph.colocate_with(None, ignore_existing=True), graph.name_scope("tuple"):
        gating = sorted({t.op for t, use in zip(tensors, needed) if t is not None and use} or
                        {t.op for t in tensors if t is not None}, key=lambda o: o._id)
        gate = control_flow_ops.group(*gating)
        gated = []
        for t in tensors:
            if t is None:
                gated.append(None)
                continue
            with graph.name_scope("control_dependency") as scope, graph.colocate_with(t.op), \
                    graph.control_dependencies([gate]):
                gated.append(array_ops.identity(t, name=scope))
    return [IndexedSlices(t, g.indices, g.dense_shape) if isinstance(g, IndexedSlices) else t
            for g, t in zip(in_grads, gated)]


# ------------------------------------------------------------------ second order
def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):
    """The Hessian of `sum(ys)` with respect to each x, shaped `x.shape + x.shape` (tf.hessians).

    Each x must have a statically known number of elements: the rows are built one gradient each.
    """
    xs = _as_list(xs)
    kwargs = {"colocate_gradients_with_ops": colocate_gradients_with_ops, "gate_gradients": gate_gradients,
              "aggregation_method": aggregation_method}
    results = []
    with get_default_graph().name_scope(name):
        first = gradients(ys, xs, **kwargs)
        for grad, x in zip(first, xs):
            x = convert_to_tensor(x)
            n = x.shape.num_elements()
            if n is None:
                raise ValueError(f"hessians needs a statically known size for {x.name}; got shape {x.shape}")
            if grad is None:
                results.append(None)
                continue
            flat = array_ops.reshape(convert_to_tensor(grad), [-1])
            rows = []
            for j in range(n):
                row = gradients(flat[j], x, **kwargs)[0]
                rows.append(array_ops.zeros_like(x) if row is None else convert_to_tensor(row))
            dims = x.shape.as_list()
            results.append(array_ops.reshape(stack_ops.stack(rows), dims + dims))
    return results


__all__ = [
    "AggregationMethod",
    "IndexedSlices",
    "IndexedSlicesValue",
    "UnconnectedGradients",
    "convert_to_tensor_or_indexed_slices",
    "gradients",
    "hessians",
]
