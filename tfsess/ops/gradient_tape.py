"""tf.GradientTape in graph mode: gradients through the ops built while the tape records.

The tape notes which ops of the graph were created while it recorded (outside `stop_recording`),
the tensors it was told to `watch`, and the trainable variables read by recorded ops (unless
`watch_accessed_variables=False`). `gradient` is `tf.gradients` on the recorded graph: every op on
a path from a source to the target that the tape did not record is a stop-gradient, so what was
computed before the tape or while it was paused counts as a constant, as TF's tape sees it. A
source the tape does not watch gets None (or zeros with UnconnectedGradients.ZERO).
"""
from __future__ import annotations

import contextlib

from tfsess.framework import nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.operation import Tensor
from tfsess.ops import array_ops, constant_op, stack_ops
from tfsess.ops.gradients import UnconnectedGradients, _unconnected_mode, gradients
from tfsess.ops.variables import GraphKeys

_NOT_PERSISTENT = "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)"


def _is_variable(value) -> bool:
    return hasattr(value, "_ref") and hasattr(value, "op") and not isinstance(value, Tensor)


def _variable_ops(variable) -> set:
    """The ops that stand for `variable` itself (its VariableV2/VarHandleOp and its NAME/read snapshot)."""
    ops = {variable.op}
    snapshot = getattr(variable, "_snapshot", None)
    if snapshot is not None:
        ops.add(snapshot.op)
    return ops


class GradientTape:
    """Records the ops built in its `with` block so that `gradient` differentiates through them only."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = bool(persistent)
        self._watch_accessed_variables = bool(watch_accessed_variables)
        self._graph = None
        self._spans = []          # [start, end) indices into the graph's op list while recording
        self._recording_since = None
        self._watched = []        # tensors and variables, in watch order
        self._used = False

    # ------------------------------------------------------------ recording
    def __enter__(self):
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording_since is not None:
            self._pop()

    def _push(self):
        self._graph = self._graph or get_default_graph()
        self._recording_since = len(self._graph._all_operations())

    def _pop(self):
        self._spans.append((self._recording_since, len(self._graph._all_operations())))
        self._recording_since = None

    @contextlib.contextmanager
    def stop_recording(self):
        """Ops built inside this block are not recorded (constants to the tape's gradients)."""
        if self._recording_since is None:
            raise RuntimeError("Trying to stop recording a tape which is not recording.")
        self._pop()
        try:
            yield
        finally:
            self._push()

    @contextlib.contextmanager
    def _own_ops(self):
        """Ops the tape builds itself (a jacobian's slices of the target) count as recorded."""
        graph = get_default_graph()
        start = len(graph._all_operations())
        try:
            yield
        finally:
            if graph is self._graph:
                self._spans.append((start, len(graph._all_operations())))

    def reset(self):
        """Forgets everything recorded and watched so far (the tape keeps recording if it was)."""
        recording = self._recording_since is not None
        self._spans, self._watched, self._used = [], [], False
        self._recording_since = None
        if recording:
            self._push()

    def watch(self, tensor):
        """Makes the tape differentiate with respect to `tensor` (a Tensor, a Variable, or a nest of them)."""
        for item in nest.flatten(tensor):
            if not any(item is w for w in self._watched):
                dtype = item.dtype.base_dtype
                if _is_variable(item) or dtype.is_floating or dtype.is_complex:
                    self._watched.append(item)

    def _recorded_ops(self) -> list:
        ops = self._graph._all_operations() if self._graph is not None else []
        spans = list(self._spans)
        if self._recording_since is not None:
            spans.append((self._recording_since, len(ops)))
        return [op for start, end in spans for op in ops[start:end]]

    def watched_variables(self) -> tuple:
        """The variables watched explicitly or read (trainable ones) by recorded ops, in order of construction."""
        found = [w for w in self._watched if _is_variable(w)]
        if self._watch_accessed_variables and self._graph is not None:
            recorded_inputs = {t for op in self._recorded_ops() for t in op.inputs}
            for variable in self._graph.get_collection(GraphKeys.TRAINABLE_VARIABLES):
                if any(variable is f for f in found):
                    continue
                stands_for = {t for op in _variable_ops(variable) for t in op.outputs}
                if stands_for & recorded_inputs:
                    found.append(variable)
        order = {op: i for i, op in enumerate(self._graph._all_operations())} if self._graph is not None else {}
        return tuple(sorted(found, key=lambda v: order.get(v.op, -1)))

    def _is_watched(self, source, watched_variables) -> bool:
        if _is_variable(source):
            return any(source is v for v in watched_variables)
        return any(source is w for w in self._watched)

    def _stops(self, targets, sources) -> list:
        """One output of each op between the sources and the targets that the tape did not record."""
        recorded = set(self._recorded_ops())
        keep = set()
        for source in sources:
            keep |= _variable_ops(source) if _is_variable(source) else {source.op}
        stops, seen, stack = [], set(), [t.op for t in targets]
        while stack:
            op = stack.pop()
            if op in seen:
                continue
            seen.add(op)
            if op not in recorded and op not in keep:
                if op.outputs:
                    stops.append(op.outputs[0])
                continue
            stack.extend(t.op for t in op.inputs)
        return stops

    def _consume(self):
        if self._used and not self._persistent:
            raise RuntimeError(_NOT_PERSISTENT)
        self._used = True

    # ------------------------------------------------------------ gradients
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of `target`)/d(each source), through the recorded ops; the structure of `sources` kept."""
        self._consume()
        unconnected = _unconnected_mode(unconnected_gradients)
        targets = [t for t in nest.flatten(target)]
        flat_sources = nest.flatten(sources)
        watched_variables = self.watched_variables()
        wanted = [s for s in flat_sources if self._is_watched(s, watched_variables)]
        grad_ys = None if output_gradients is None else nest.flatten(output_gradients)
        results = {}
        if wanted:
            with self._own_ops():
                targets = [array_ops.identity(t) if _is_variable(t) else t for t in targets]
            grads = gradients(targets, wanted, grad_ys=grad_ys, stop_gradients=self._stops(targets, wanted) or None,
                              unconnected_gradients=unconnected)
            results = {id(s): g for s, g in zip(wanted, grads)}
        flat = []
        for source in flat_sources:
            if id(source) in results:
                flat.append(results[id(source)])
            elif unconnected is UnconnectedGradients.ZERO:
                flat.append(array_ops.zeros_like(source.value() if _is_variable(source) else source))
            else:
                flat.append(None)
        return nest.pack_sequence_as(sources, flat)

    def _element_gradients(self, rows, source, unconnected):
        """The gradients of each of `rows` (scalars, or per-example columns) with respect to `source`."""
        watched_variables = self.watched_variables()
        if not self._is_watched(source, watched_variables):
            return None
        stops = self._stops(rows, [source]) or None
        return [gradients(row, source, stop_gradients=stops, unconnected_gradients=unconnected)[0]
                for row in rows]

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d(target[i...])/d(source[j...]) of shape target.shape + source.shape, per source.

        The target's size must be known when the graph is built (one gradient per element).
        """
        self._consume()
        unconnected = _unconnected_mode(unconnected_gradients)
        with self._own_ops():
            target = array_ops.identity(target) if _is_variable(target) else target
            size = target.shape.num_elements()
            if size is None:
                raise ValueError(f"jacobian needs the number of elements of {target.name} when the graph is "
                                 f"built; got shape {target.shape}")
            flat_target = array_ops.reshape(target, [-1])
            rows = [flat_target[i] for i in range(size)]
        flat = []
        for source in nest.flatten(sources):
            source_tensor = source.value() if _is_variable(source) else source
            grads = self._element_gradients(rows, source, unconnected)
            if grads is None or all(g is None for g in grads):
                zero = unconnected is UnconnectedGradients.ZERO
                shape = stack_ops.concat([array_ops.shape(target), array_ops.shape(source_tensor)], 0)
                flat.append(constant_op.zeros(shape, source_tensor.dtype) if zero else None)
                continue
            grads = [array_ops.zeros_like(source_tensor) if g is None else g for g in grads]
            stacked = stack_ops.stack(grads) if grads else constant_op.zeros([0], source_tensor.dtype)
            shape = stack_ops.concat([array_ops.shape(target), array_ops.shape(source_tensor)], 0)
            flat.append(array_ops.reshape(stacked, shape))
        return nest.pack_sequence_as(sources, flat)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per example b: d(target[b, i...])/d(source[b, j...]), of shape [batch] + target.shape[1:] + source.shape[1:].

        Examples must be independent (as TF assumes); the target's inner size must be known when
        the graph is built.
        """
        self._consume()
        unconnected = _unconnected_mode(unconnected_gradients)
        inner = target.shape[1:].num_elements() if target.shape.ndims else None
        if inner is None:
            raise ValueError(f"batch_jacobian needs the size of {target.name} past its first dimension when the "
                             f"graph is built; got shape {target.shape}")
        with self._own_ops():
            batch = array_ops.shape(target)[:1]
            columns = array_ops.reshape(target, stack_ops.concat([batch, [-1]], 0))
            rows = [columns[:, j] for j in range(inner)]
        grads = self._element_gradients(rows, source, unconnected)
        if grads is None or all(g is None for g in grads):
            return None
        grads = [array_ops.zeros_like(source) if g is None else g for g in grads]
        stacked = stack_ops.stack(grads, axis=1)
        shape = stack_ops.concat([array_ops.shape(target), array_ops.shape(source)[1:]], 0)
        return array_ops.reshape(stacked, shape)


__all__ = ["GradientTape"]
