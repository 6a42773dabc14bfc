"""The Optimizer base class (tf.train.Optimizer) and slot variables.

`minimize` = `compute_gradients` (tf.gradients w.r.t. the variables' refs) + `apply_gradients`
(one update op per variable under `<name>/update_<var>`, grouped, then global_step += 1).
Subclasses give `_create_slots`, `_prepare`, `_apply_dense`, `_apply_sparse` and maybe `_finish`.
"""
from __future__ import annotations

import contextlib

from tfsess.framework import dtypes, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.indexed_slices import IndexedSlices, convert_to_tensor_or_indexed_slices
from tfsess.framework.operation import Tensor
from tfsess.ops import control_flow_ops, gradients as gradients_lib, indexing_ops, reduction_ops, state_ops
from tfsess.ops.resource_variable import is_resource_variable
from tfsess.ops.variables import GraphKeys, Variable, trainable_variables
from tfsess.ops import array_ops, constant_op, math_ops, variable_scope as vs


# ------------------------------------------------------------------ slot variables
def create_slot_with_initializer(primary, initializer, shape, dtype, name, colocate_with_primary=True):
    """A non-trainable variable `<primary>/<name>` (uniquified) holding `initializer(shape, dtype)`."""
    graph = primary.graph
    scope_name = primary.op.name + "/" + name
    with graph.as_default(), _colocated(primary, colocate_with_primary):
        with vs.variable_scope(None, default_name=scope_name):
            return vs.get_variable("", shape=shape, dtype=dtype, initializer=initializer, trainable=False,
                                   validate_shape=shape.is_fully_defined(),
                                   use_resource=is_resource_variable(primary))


def create_zeros_slot(primary, name, dtype=None, colocate_with_primary=True):
    """A slot of zeros shaped like `primary` (TF's slot_creator.create_zeros_slot)."""
    dtype = (dtype or primary.dtype).base_dtype
    return create_slot_with_initializer(primary, filled_initializer("zeros"), primary.get_shape(), dtype, name,
                                        colocate_with_primary)


def filled_initializer(kind, value=None):
    """An initializer `(shape, dtype) -> tensor`: TF's zeros_initializer ("zeros"), ones_initializer
    ("ones") or constant_initializer(value) ("constant"), building the same ops."""
    def initializer(shape, dtype=dtypes.float32, partition_info=None):
        dtype = dtypes.as_dtype(dtype).base_dtype
        shape = list(shape.as_list() if hasattr(shape, "as_list") else shape)
        if kind == "zeros":
            return constant_op.zeros(shape, dtype)
        if kind == "ones":
            return constant_op.ones(shape, dtype)
        return constant_op.constant(value, dtype=dtype, shape=shape)
    return initializer


def _colocated(var, colocate):
    if not colocate:
        return contextlib.nullcontext()
    return var.graph.colocate_with(var.op)


def _var_key(var):
    return (var.op.graph, var.op.name)


# ------------------------------------------------------------------ how each kind of x is updated
class _RefVariableProcessor:
    """Updates a ref Variable: dense gradients through `_apply_dense`, IndexedSlices through `_apply_sparse`."""

    def __init__(self, v):
        self._v = v

    def target(self):
        return self._v._ref()

    def update_op(self, optimizer, g):
        if isinstance(g, Tensor):
            update = optimizer._apply_dense(g, self._v)
            if self._v.constraint is not None:
                with get_default_graph().control_dependencies([update]):
                    return self._v.assign(self._v.constraint(self._v))
            return update
        if self._v.constraint is not None:
            raise RuntimeError("Cannot use a constraint function on a sparse variable.")
        return optimizer._apply_sparse_duplicate_indices(g, self._v)


class _TensorProcessor:
    """A plain tensor in var_list: its gradient can be computed but it cannot be updated."""

    def __init__(self, v):
        self._v = v

    def target(self):
        return self._v

    def update_op(self, optimizer, g):
        raise NotImplementedError("Trying to update a Tensor ", self._v)


def _get_processor(v):
    if isinstance(v, Variable):
        return _RefVariableProcessor(v)
    if isinstance(v, Tensor):
        return _TensorProcessor(v)
    raise NotImplementedError("Trying to optimize unsupported type ", v)


def deduplicate_indexed_slices(values, indices):
    """Sums the rows of `values` that share an index: (summed_values, unique_indices)."""
    unique_indices, new_positions = indexing_ops.unique(indices)
    summed = reduction_ops.unsorted_segment_sum(values, new_positions, array_ops.shape(unique_indices)[0])
    return summed, unique_indices


# ------------------------------------------------------------------ the base class
class Optimizer:
    """Base class for optimizers (tf.train.Optimizer); subclasses implement the update rule."""

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}            # slot name -> {var key: slot variable}
        self._non_slot_dict = {}    # (name, graph) -> variable

    def get_name(self):
        return self._name

    # ------------------------------------------------------------- the three public steps
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        """compute_gradients + apply_gradients: an op that takes one step on `loss`.

        Raises:
            ValueError: no variable to optimize, or no variable with a gradient.
        """
        grads_and_vars = self.compute_gradients(
            loss, var_list=var_list, gate_gradients=gate_gradients, aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
        if not [v for g, v in grads_and_vars if g is not None]:
            raise ValueError("No gradients provided for any variable, check your graph for ops that do not "
                             f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} "
                             f"and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """A list of (gradient or None, variable) pairs for `loss` over `var_list` (trainables by default)."""
        if callable(loss) and not isinstance(loss, (Tensor, Variable)):
            return self._callable_loss_gradients(loss, var_list, grad_loss)
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                             f"Optimizer.GATE_GRAPH.  Not {gate_gradients}")
        self._assert_valid_dtypes([loss])  # as in TF, `loss` must be a Tensor (a Python number has no dtype)
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        var_list = list(trainable_variables()) if var_list is None else nest.flatten(var_list)
        if not var_list:
            raise ValueError("No variables to optimize.")
        processors = [_get_processor(v) for v in var_list]
        grads = gradients_lib.gradients(loss, [p.target() for p in processors], grad_ys=grad_loss,
                                        gate_gradients=(gate_gradients == Optimizer.GATE_OP),
                                        aggregation_method=aggregation_method,
                                        colocate_gradients_with_ops=colocate_gradients_with_ops)
        if gate_gradients == Optimizer.GATE_GRAPH:
            grads = _tuple_grads(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def _callable_loss_gradients(self, loss, var_list, grad_loss):
        """TF records a callable loss on a GradientTape, even in graph mode: without a `var_list` the
        variables are those the tape saw the loss read, the trainable resource variables that reach it
        (a tape does not watch TF1's ref variables, so with those the list is empty)."""
        loss_value = loss()
        if var_list is None:
            candidates = [v for v in trainable_variables() if is_resource_variable(v)]
        else:
            candidates = nest.flatten(var_list)
        grads = gradients_lib.gradients(loss_value, candidates, grad_ys=grad_loss) if candidates else []
        if var_list is None:
            pairs = [(g, v) for g, v in zip(grads, candidates) if g is not None]
        else:
            pairs = list(zip(grads, candidates))
        return pairs

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An op applying the gradients to their variables, then incrementing `global_step` if given.

        Raises:
            TypeError: a gradient is not a Tensor, IndexedSlices or None.
            ValueError: no (gradient, variable) pair, or no gradient at all.
        """
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for g, v in grads_and_vars:
            if g is not None:
                try:
                    g = convert_to_tensor_or_indexed_slices(g)
                except TypeError:
                    raise TypeError(f"Gradient must be convertible to a Tensor or IndexedSlices, or None: {g}") \
                        from None
            converted.append((g, v, _get_processor(v)))
        var_list = [v for g, v, _ in converted if g is not None]
        if not var_list:
            raise ValueError(f"No gradients provided for any variable: {[str(v) for _, v, _ in converted]}.")
        graph = get_default_graph()
        with graph.control_dependencies(None):  # TF creates slots in init_scope
            self._create_slots(var_list)
        update_ops = []
        with graph.name_scope(name or self._name) as scope:
            self._prepare()
            for grad, var, processor in converted:
                if grad is None:
                    continue
                with graph.name_scope("update_" + var.op.name), graph.colocate_with(var.op):
                    update_ops.append(processor.update_op(self, grad))
            if global_step is None:
                apply_updates = self._finish(update_ops, scope)
            else:
                with graph.control_dependencies([self._finish(update_ops, "update")]):
                    with graph.colocate_with(global_step.op):
                        apply_updates = state_ops.assign_add(global_step, 1, name=scope)
            if isinstance(apply_updates, Tensor):
                apply_updates = apply_updates.op
            train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_ops:
                train_ops.append(apply_updates)
            return apply_updates

    # ------------------------------------------------------------- slots
    def get_slot(self, var, name):
        """The slot variable `name` made for `var`, or None."""
        named_slots = self._slots.get(name)
        if not named_slots:
            return None
        return named_slots.get(_var_key(var))

    def get_slot_names(self):
        return sorted(self._slots)

    def variables(self):
        """This optimizer's slot and non-slot variables in the default graph, sorted by name."""
        graph = get_default_graph()
        found = [v for (_, g), v in self._non_slot_dict.items() if g is graph]
        for slots in self._slots.values():
            found.extend(v for v in slots.values() if v.graph is graph)
        return sorted(found, key=lambda v: v.name)

    def _slot_dict(self, slot_name):
        return self._slots.setdefault(slot_name, {})

    def _zeros_slot(self, var, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = create_zeros_slot(var, op_name)
        return named_slots[_var_key(var)]

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name, op_name):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = create_slot_with_initializer(var, initializer, shape, dtype, op_name)
        return named_slots[_var_key(var)]

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        graph = colocate_with.graph
        key = (name, graph)
        v = self._non_slot_dict.get(key)
        if v is None:
            with graph.as_default(), graph.colocate_with(colocate_with.op):
                v = Variable(initial_value, name=name, trainable=False,
                             use_resource=is_resource_variable(colocate_with))
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph or get_default_graph()))

    def _non_slot_variables(self):
        return list(self._non_slot_dict.values())

    # ------------------------------------------------------------- hooks for subclasses
    def _create_slots(self, var_list):
        pass

    def _prepare(self):
        pass

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _apply_sparse(self, grad, var):
        raise NotImplementedError()

    def _apply_sparse_duplicate_indices(self, grad, var):
        summed, unique = deduplicate_indexed_slices(grad.values, grad.indices)
        return self._apply_sparse(IndexedSlices(summed, unique, grad.dense_shape), var)

    def _finish(self, update_ops, name_scope):
        return control_flow_ops.group(*update_ops, name=name_scope)

    def _valid_dtypes(self):
        return {dtypes.float16, dtypes.float32, dtypes.float64} | (
            {dtypes.bfloat16} if hasattr(dtypes, "bfloat16") else set())

    def _assert_valid_dtypes(self, tensors):
        valid = self._valid_dtypes()
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in valid:
                raise ValueError(f"Invalid type {dtype!r} for {t.name}, expected: "
                                 f"{sorted(valid, key=lambda d: d.name)}.")

    @staticmethod
    def _call_if_callable(param):
        return param() if callable(param) else param


def _tuple_grads(grads):
    tensors = [g.values if isinstance(g, IndexedSlices) else g for g in grads]
    gated = control_flow_ops.tuple_(tensors)
    return [IndexedSlices(t, g.indices, g.dense_shape) if isinstance(g, IndexedSlices) else t
            for g, t in zip(grads, gated)]


__all__ = ["Optimizer"]
