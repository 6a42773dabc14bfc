"""Variable ops: VariableV2, Assign, AssignAdd/Sub, IsVariableInitialized, the Scatter family, CountUpTo.

Every op that writes a variable checks shapes and indices before it writes anything, so a failed
run leaves the variable as it was. Writers hold the variable's lock while they read-modify-write.
None of these ops has a gradient (TF's state_grad.py): each is registered with no_gradient=True.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.xp import to_host
from tfsess.ops.indexing_ops import _runtime_slices  # the StridedSlice op's own index arithmetic
from tfsess.runtime.variable_store import VariableRef


# ------------------------------------------------------------------ the variable
def _variable_infer(inputs, attrs):
    return [(attrs["dtype"]._as_ref(), TensorShape(attrs["shape"]))]


@register_op("VariableV2", infer=_variable_infer, needs_ctx=True, stateful=True, no_gradient=True, is_variable=True)
def _variable_v2(xp, *, ctx, shape, dtype, container="", shared_name=""):
    if shape is not None and None in shape:  # TF's VariableOp accepts a known or an unknown rank only
        dims = ",".join("?" if d is None else str(d) for d in shape)
        raise errors.InvalidArgumentError(None, None, f"Shape [{dims}] is not fully defined")
    name = ctx.op.name
    key = ("variable", shared_name or name)  # ipython_ext.introspect reads values under this key
    # TF gives the tensor of a variable of unknown rank the shape [] until its first assign, so a
    # validating Assign then takes scalars only
    return ctx.resources.get_or_create(key, lambda: VariableRef(name, () if shape is None else shape))


def variable_op_v2(shape, dtype, name="Variable", container="", shared_name=""):
    """A VariableV2 op: a ref tensor whose value lives in each session."""
    shape = TensorShape(shape)
    dims = None if shape.ndims is None else list(shape.as_tuple_or_none())
    return apply1("VariableV2", [], {"shape": dims, "dtype": dtypes.as_dtype(dtype).base_dtype,
                                     "container": container, "shared_name": shared_name}, name=name)


def is_variable_op(op) -> bool:
    """Whether `op` is a variable op (its OpDef says so; an op type not registered is not one)."""
    opdef = getattr(op, "_opdef", None)
    return opdef is not None and opdef.is_variable


# ------------------------------------------------------------------ building helpers
def _ref_of(ref):
    """The ref tensor of a Variable (or `ref` itself; a resource variable is its own: it assigns itself)."""
    if getattr(ref, "_is_resource_variable", False):
        return ref
    return ref._ref() if hasattr(ref, "_ref") else ref


def _check_ref(ref, op_type):
    if not isinstance(ref, Tensor) or not ref.dtype.is_ref_dtype:
        raise TypeError(f"'{op_type}' Op requires that input 'ref' be a mutable tensor (e.g.: a tf.Variable), "
                        f"got {getattr(ref, 'name', ref)!r}")


def _value_for(ref, value, op_type, arg="value"):
    """`value` as a tensor of the variable's dtype, raising TypeError on a mismatch (TF's op_def rule).

    A Python value becomes a Const named `arg` in the current scope (`<op>/value`, as TF names it)."""
    dtype = ref.dtype.base_dtype
    if isinstance(value, Tensor) or hasattr(value, "_as_graph_element"):
        tensor = convert_to_tensor(value)
        if tensor.dtype.base_dtype != dtype:
            raise TypeError(f"Input '{arg}' of '{op_type}' Op has type {tensor.dtype.base_dtype.name} that does "
                            f"not match type {ref.dtype.name} of argument 'ref'.")
        return tensor
    try:
        return convert_to_tensor(value, dtype=dtype, name=arg)
    except TypeError as exc:
        raise TypeError(f"Expected {dtype.name} passed to parameter '{arg}' of op '{op_type}', got {value!r} "
                        f"of type '{type(value).__name__}' instead. Error: {exc}") from None


def _check_numeric(ref, op_type):
    dtype = ref.dtype.base_dtype
    if dtype in (dtypes.string, dtypes.bool):
        raise TypeError(f"Value passed to parameter 'ref' has DataType {dtype.name} not in list of allowed "
                        f"values for '{op_type}': numeric types only.")


def _check_index_dtype(indices, op_type):
    if indices.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'indices' has DataType {indices.dtype.base_dtype.name} not in "
                        f"list of allowed values for '{op_type}': int32, int64")


# ------------------------------------------------------------------ Assign
def _assign_infer(inputs, attrs):
    ref, value = inputs
    if value.dtype.base_dtype != ref.dtype.base_dtype:
        raise TypeError(f"Input 'value' of 'Assign' Op has type {value.dtype.base_dtype.name} that does not "
                        f"match type {ref.dtype.name} of argument 'ref'.")
    if attrs.get("validate_shape", True):
        if not ref.shape.is_compatible_with(value.shape):
            raise ValueError(f"Shapes {ref.shape} and {value.shape} are incompatible "
                             f"(assigning to {ref.op.name})")
        return [(ref.dtype, ref.shape.merge_with(value.shape))]
    return [(ref.dtype, value.shape)]


@register_op("Assign", infer=_assign_infer, ref_inputs=(0,), stateful=True, no_gradient=True)
def _assign(xp, ref, value, *, validate_shape=True, use_locking=True):
    with ref.lock:
        if validate_shape:
            ref.check_assign_shape(value.shape)
        return ref.assign(value)


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Assigns `value` to the variable `ref`; returns the new value (tf.assign).

    Raises:
        TypeError: `value` has another dtype than `ref`.
        ValueError: the static shapes differ (with `validate_shape`, the default).
    """
    ref = _ref_of(ref)
    if not getattr(ref.dtype, "is_ref_dtype", False):
        return ref.assign(value, name=name)  # a non-ref object with its own assign (AttributeError if none)
    attrs = {"validate_shape": True if validate_shape is None else bool(validate_shape),
             "use_locking": True if use_locking is None else bool(use_locking)}
    with op_scope(name, "Assign", [ref]) as scope:  # the op's scope names its converted inputs
        value = _value_for(ref, value, "Assign")
        return apply1("Assign", [ref, value], attrs, name=scope)


# ------------------------------------------------------------------ AssignAdd / AssignSub
def _update_infer(op_type):
    def infer(inputs, attrs):
        ref, value = inputs
        if value.dtype.base_dtype != ref.dtype.base_dtype:
            raise TypeError(f"Input 'value' of '{op_type}' Op has type {value.dtype.base_dtype.name} that does "
                            f"not match type {ref.dtype.name} of argument 'ref'.")
        if not ref.shape.is_compatible_with(value.shape):
            raise ValueError(f"Shapes {ref.shape} and {value.shape} are incompatible (updating {ref.op.name} "
                             f"with '{op_type}')")
        return [(ref.dtype, ref.shape.merge_with(value.shape))]
    return infer


def _updater(ufunc_name):
    def kernel(xp, ref, value, *, use_locking=False):
        with ref.lock:
            current = ref.read()
            if current.shape != value.shape:
                raise errors.InvalidArgumentError(
                    None, None, f"Must have the same shape: {list(current.shape)} vs {list(value.shape)} "
                                f"(variable {ref.name})")
            result = getattr(xp, ufunc_name)(current, value)
            return ref.assign(xp.asarray(result, dtype=current.dtype), owned=True)
    return kernel


_assign_add = register_op("AssignAdd", infer=_update_infer("AssignAdd"), ref_inputs=(0,),
                          stateful=True, no_gradient=True)(_updater("add"))
_assign_sub = register_op("AssignSub", infer=_update_infer("AssignSub"), ref_inputs=(0,),
                          stateful=True, no_gradient=True)(_updater("subtract"))


def _update(op_type, ref, value, use_locking, name, method):
    ref = _ref_of(ref)
    if not getattr(ref.dtype, "is_ref_dtype", False):
        return getattr(ref, method)(value, name=name)
    _check_numeric(ref, op_type)
    with op_scope(name, op_type, [ref]) as scope:
        value = _value_for(ref, value, op_type)
        return apply1(op_type, [ref, value], {"use_locking": bool(use_locking)}, name=scope)


def assign_add(ref, value, use_locking=None, name=None):
    """ref += value; returns the new value (tf.assign_add)."""
    return _update("AssignAdd", ref, value, use_locking, name, "assign_add")


def assign_sub(ref, value, use_locking=None, name=None):
    """ref -= value; returns the new value (tf.assign_sub)."""
    return _update("AssignSub", ref, value, use_locking, name, "assign_sub")


# ------------------------------------------------------------------ initialisation state
@register_op("IsVariableInitialized", infer=lambda i, a: [(dtypes.bool, TensorShape([]))],
             ref_inputs=(0,), stateful=True, no_gradient=True)
def _is_variable_initialized(xp, ref, *, dtype=None):
    return xp.asarray(ref.initialized)


def is_variable_initialized(ref, name=None):
    """A bool scalar: whether the variable `ref` has a value in the running session."""
    ref = _ref_of(ref)
    if getattr(ref, "_is_resource_variable", False):
        return ref.is_initialized(name=name)
    _check_ref(ref, "IsVariableInitialized")
    return apply1("IsVariableInitialized", [ref], {"dtype": ref.dtype.base_dtype},
                  name=name or "IsVariableInitialized")


# ------------------------------------------------------------------ Scatter
def _check_updates_dtype(op_type, ref, updates):
    if updates.dtype.base_dtype != ref.dtype.base_dtype:
        raise TypeError(f"Input 'updates' of '{op_type}' Op has type {updates.dtype.base_dtype.name} that "
                        f"does not match type {ref.dtype.name} of argument 'ref'.")


def _scatter_infer(op_type):
    def infer(inputs, attrs):
        ref, indices, updates = inputs
        _check_updates_dtype(op_type, ref, updates)
        if ref.shape.ndims == 0:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{op_type}' on {ref.op.name}")
        if updates.shape.ndims != 0:
            expected = indices.shape.concatenate(ref.shape[1:])
            if not updates.shape.is_compatible_with(expected):
                raise ValueError(f"Shapes must be equal: updates has shape {updates.shape} but indices.shape + "
                                 f"ref.shape[1:] is {expected} for '{op_type}' on {ref.op.name}")
        return [(ref.dtype, ref.shape)]
    return infer


def _host(array):
    """A device array's values as a NumPy array (for index checks, done on the host)."""
    return np.asarray(to_host(array))


def _trunc_divide(xp, a, b):
    if a.dtype.kind in "iu":
        if bool((b == 0).any()):
            raise errors.InvalidArgumentError(None, None, "Integer division by zero")
        q = xp.floor_divide(xp.abs(a), xp.abs(b))  # C++ integer division truncates toward zero
        return (q * xp.sign(a) * xp.sign(b)).astype(a.dtype)
    return xp.true_divide(a, b).astype(a.dtype)


def _checked_rows(indices, first_dim, ref_name):
    flat = _host(indices).reshape(-1).astype(np.int64)
    bad = np.flatnonzero((flat < 0) | (flat >= first_dim))
    if bad.size:
        i = int(bad[0])
        raise errors.InvalidArgumentError(
            None, None, f"indices[{i}] = {flat[i]} is not in [0, {first_dim}) (variable {ref_name})")
    return flat


def _scatter_updates(xp, updates, indices_shape, current, ref_name):
    row_shape = current.shape[1:]
    count = int(np.prod(indices_shape, dtype=np.int64))
    if updates.ndim == 0:
        return xp.broadcast_to(updates, (count,) + row_shape)
    if updates.shape != tuple(indices_shape) + row_shape:
        raise errors.InvalidArgumentError(
            None, None, f"Must have updates.shape = indices.shape + params.shape[1:] or updates.shape = [], got "
                        f"updates.shape {list(updates.shape)}, indices.shape {list(indices_shape)}, "
                        f"params.shape {list(current.shape)} (variable {ref_name})")
    return updates.reshape((count,) + row_shape)


def _scatter_kernel(combine):
    """A Scatter* kernel: `combine(xp, new, rows, updates)` writes into the copy `new`."""
    def kernel(xp, ref, indices, updates, *, use_locking=False):
        with ref.lock:
            current = ref.read()
            if current.ndim == 0:
                raise errors.InvalidArgumentError(None, None, f"params must be at least 1-D (variable {ref.name})")
            rows = _checked_rows(indices, current.shape[0], ref.name)
            rows_updates = _scatter_updates(xp, updates, indices.shape, current, ref.name)
            new = current.copy()
            combine(xp, new, rows, rows_updates)
            ref.assign(new, owned=True)
        return ref
    return kernel


def _on_device(xp, rows):
    return tuple(xp.asarray(r) for r in rows) if isinstance(rows, tuple) else xp.asarray(rows)


def _set_rows(xp, new, rows, updates):
    new[_on_device(xp, rows)] = updates  # with repeated indices the last update wins


def _at(ufunc_name, trunc_div=False):
    """Combines updates into rows; repeated rows accumulate, as TF's kernels loop over the indices."""
    def combine(xp, new, rows, updates):
        ufunc = getattr(xp, ufunc_name)
        if not trunc_div and hasattr(ufunc, "at"):
            ufunc.at(new, _on_device(xp, rows), updates)
            return
        keys = list(zip(*(r.tolist() for r in rows))) if isinstance(rows, tuple) else rows.tolist()
        for k, key in enumerate(keys):
            old = new[key]
            new[key] = _trunc_divide(xp, old, updates[k]) if trunc_div else ufunc(old, updates[k])
    return combine


_SCATTER_OPS = {
    "ScatterUpdate": _set_rows,
    "ScatterAdd": _at("add"),
    "ScatterSub": _at("subtract"),
    "ScatterMul": _at("multiply"),
    "ScatterDiv": _at("true_divide", trunc_div=True),
    "ScatterMin": _at("minimum"),
    "ScatterMax": _at("maximum"),
}
SCATTER_KERNELS = {}  # op type -> kernel on a VariableRef (the Resource* scatter ops run them on handles)
for _op_type, _combine in _SCATTER_OPS.items():
    SCATTER_KERNELS[_op_type] = _scatter_kernel(_combine)
    register_op(_op_type, infer=_scatter_infer(_op_type), ref_inputs=(0,), stateful=True,
                no_gradient=True)(SCATTER_KERNELS[_op_type])


def _scatter(op_type, ref, indices, updates, use_locking, name):
    if getattr(ref, "_is_resource_variable", False):  # TF: the variable's own Resource* scatter
        return ref._scatter_op("Resource" + op_type, indices, updates, name)
    ref = _ref_of(ref)
    _check_ref(ref, op_type)
    if not op_type.endswith("Update"):
        _check_numeric(ref, op_type)
    with op_scope(name, op_type, [ref]) as scope:
        indices = convert_to_tensor(indices, name="indices")
        _check_index_dtype(indices, op_type)
        updates = _value_for(ref, updates, op_type, "updates")
        return apply1(op_type, [ref, indices, updates], {"use_locking": bool(use_locking)}, name=scope)


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[indices, ...] = updates; returns the variable (tf.scatter_update).

    Raises at run time InvalidArgumentError for an index outside [0, ref.shape[0]), before writing.
    """
    return _scatter("ScatterUpdate", ref, indices, updates, use_locking, name)


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """ref[indices, ...] += updates, repeated indices accumulating (tf.scatter_add)."""
    return _scatter("ScatterAdd", ref, indices, updates, use_locking, name)


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """ref[indices, ...] -= updates (tf.scatter_sub)."""
    return _scatter("ScatterSub", ref, indices, updates, use_locking, name)


def scatter_mul(ref, indices, updates, use_locking=False, name=None):
    """ref[indices, ...] *= updates (tf.scatter_mul)."""
    return _scatter("ScatterMul", ref, indices, updates, use_locking, name)


def scatter_div(ref, indices, updates, use_locking=False, name=None):
    """ref[indices, ...] /= updates (tf.scatter_div)."""
    return _scatter("ScatterDiv", ref, indices, updates, use_locking, name)


def scatter_min(ref, indices, updates, use_locking=False, name=None):
    """ref[indices, ...] = min(ref[indices, ...], updates) (tf.scatter_min)."""
    return _scatter("ScatterMin", ref, indices, updates, use_locking, name)


def scatter_max(ref, indices, updates, use_locking=False, name=None):
    """ref[indices, ...] = max(ref[indices, ...], updates) (tf.scatter_max)."""
    return _scatter("ScatterMax", ref, indices, updates, use_locking, name)


# ------------------------------------------------------------------ ScatterNd
def _scatter_nd_infer(op_type):
    def infer(inputs, attrs):
        ref, indices, updates = inputs
        _check_updates_dtype(op_type, ref, updates)
        idx = indices.shape.as_tuple_or_none()
        if idx is not None and ref.shape.ndims is not None and idx and idx[-1] is not None:
            depth = idx[-1]
            if depth > ref.shape.ndims:
                raise ValueError(f"The last dimension of indices ({depth}) must be <= the rank of ref "
                                 f"({ref.shape.ndims}) for '{op_type}' on {ref.op.name}")
            expected = TensorShape(idx[:-1]).concatenate(ref.shape[depth:])
            if not updates.shape.is_compatible_with(expected):
                raise ValueError(f"Shapes must be equal: updates has shape {updates.shape}, expected {expected} "
                                 f"for '{op_type}' on {ref.op.name}")
        return [(ref.dtype, ref.shape)]
    return infer


def _scatter_nd_kernel(combine):
    def kernel(xp, ref, indices, updates, *, use_locking=True):
        with ref.lock:
            current = ref.read()
            indices = _host(indices)
            depth = indices.shape[-1] if indices.ndim else 0
            if indices.ndim == 0 or depth > current.ndim:
                raise errors.InvalidArgumentError(
                    None, None, f"indices must have a last dimension <= rank of ref ({current.ndim}), got shape "
                                f"{list(indices.shape)} (variable {ref.name})")
            flat = indices.reshape(-1, depth).astype(np.int64)
            limits = np.asarray(current.shape[:depth], dtype=np.int64)
            bad = np.flatnonzero(np.any((flat < 0) | (flat >= limits), axis=1))
            if bad.size:
                i = int(bad[0])
                raise errors.InvalidArgumentError(
                    None, None, f"indices{list(np.unravel_index(i, indices.shape[:-1]))} = {flat[i].tolist()} does "
                                f"not index into param shape {list(current.shape)} (variable {ref.name})")
            slice_shape = current.shape[depth:]
            if updates.shape != indices.shape[:-1] + slice_shape:
                raise errors.InvalidArgumentError(
                    None, None, f"updates must have shape indices.shape[:-1] + ref.shape[{depth}:] = "
                                f"{list(indices.shape[:-1] + slice_shape)}, got {list(updates.shape)} "
                                f"(variable {ref.name})")
            new = current.copy()
            combine(xp, new, tuple(flat.T), updates.reshape((flat.shape[0],) + slice_shape))
            ref.assign(new, owned=True)
        return ref
    return kernel


_SCATTER_ND_OPS = {
    "ScatterNdUpdate": _set_rows,
    "ScatterNdAdd": _at("add"),
    "ScatterNdSub": _at("subtract"),
    "ScatterNdMax": _at("maximum"),
    "ScatterNdMin": _at("minimum"),
}
for _op_type, _combine in _SCATTER_ND_OPS.items():
    SCATTER_KERNELS[_op_type] = _scatter_nd_kernel(_combine)
    register_op(_op_type, infer=_scatter_nd_infer(_op_type), ref_inputs=(0,), stateful=True,
                no_gradient=True)(SCATTER_KERNELS[_op_type])


def scatter_nd_update(ref, indices, updates, use_locking=True, name=None):
    """Assigns `updates` to the elements or slices of `ref` that `indices` name (tf.scatter_nd_update)."""
    return _scatter("ScatterNdUpdate", ref, indices, updates, use_locking, name)


def scatter_nd_add(ref, indices, updates, use_locking=False, name=None):
    """Adds `updates` to the elements or slices of `ref` that `indices` name (tf.scatter_nd_add)."""
    return _scatter("ScatterNdAdd", ref, indices, updates, use_locking, name)


def scatter_nd_sub(ref, indices, updates, use_locking=False, name=None):
    """Subtracts `updates` from the elements or slices of `ref` that `indices` name (tf.scatter_nd_sub)."""
    return _scatter("ScatterNdSub", ref, indices, updates, use_locking, name)


# ------------------------------------------------------------------ StridedSliceAssign (v[1:3].assign)
_SLICE_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def _strided_slice_assign_infer(inputs, attrs):
    ref, begin, end, strides, value = inputs
    if value.dtype.base_dtype != ref.dtype.base_dtype:
        raise TypeError(f"Input 'value' of 'StridedSliceAssign' Op has type {value.dtype.base_dtype.name} that "
                        f"does not match type {ref.dtype.name} of argument 'ref'.")
    return [(ref.dtype, ref.shape)]


@register_op("StridedSliceAssign", infer=_strided_slice_assign_infer, ref_inputs=(0,), stateful=True,
             no_gradient=True)
def _strided_slice_assign(xp, ref, begin, end, strides, value, *, begin_mask=0, end_mask=0, ellipsis_mask=0,
                          new_axis_mask=0, shrink_axis_mask=0):
    masks = (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)
    with ref.lock:
        current = ref.read()
        index, final = _runtime_slices(current.shape, _host(begin), _host(end), _host(strides), masks)
        if tuple(value.shape) != tuple(final):
            raise errors.InvalidArgumentError(
                None, None, f"sliced l-value shape {list(final)} does not match r-value shape {list(value.shape)}. "
                            f"Automatic broadcasting not yet implemented. (variable {ref.name})")
        new = current.copy()
        new[index] = xp.reshape(value, new[index].shape)
        ref.assign(new, owned=True)
    return ref


def strided_slice_assign(ref, begin, end, strides, value, begin_mask=0, end_mask=0, ellipsis_mask=0,
                         new_axis_mask=0, shrink_axis_mask=0, name=None):
    """Assigns `value` to the strided slice of the variable `ref` (what `v[1:3].assign(x)` builds)."""
    ref = _ref_of(ref)
    _check_ref(ref, "StridedSliceAssign")
    attrs = dict(zip(_SLICE_MASKS, (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)))
    with op_scope(name, "StridedSliceAssign", [ref]) as scope:
        value = _value_for(ref, value, "StridedSliceAssign")
        return apply1("StridedSliceAssign", [ref, begin, end, strides, value], attrs, name=scope)


# ------------------------------------------------------------------ CountUpTo
def _count_up_to_infer(inputs, attrs):
    ref = inputs[0]
    if ref.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {ref.shape.ndims} for 'CountUpTo' on {ref.op.name}")
    return [(ref.dtype.base_dtype, TensorShape([]))]


@register_op("CountUpTo", infer=_count_up_to_infer, ref_inputs=(0,), stateful=True, gpu=False,
             no_gradient=True)
def _count_up_to(xp, ref, *, limit):
    with ref.lock:
        current = ref.read()
        if int(current) >= limit:
            raise errors.OutOfRangeError(None, None, f"Reached limit of {limit}")
        old = current.copy()  # the write below goes into `current`'s buffer
        ref.assign(xp.asarray(current + 1, dtype=current.dtype), owned=True)
        return old


def count_up_to(ref, limit, name=None):
    """Increments the int variable `ref` until it reaches `limit`; returns the value before (tf.count_up_to).

    Raises at run time OutOfRangeError once the variable has reached `limit`.
    """
    ref = _ref_of(ref)
    _check_ref(ref, "CountUpTo")
    if ref.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'ref' has DataType {ref.dtype.base_dtype.name} not in list "
                        f"of allowed values: int32, int64")
    return apply1("CountUpTo", [ref], {"limit": int(limit)}, name=name or "CountUpTo")


__all__ = [
    "assign",
    "assign_add",
    "assign_sub",
    "count_up_to",
    "is_variable_initialized",
    "scatter_add",
    "scatter_div",
    "scatter_max",
    "scatter_min",
    "scatter_mul",
    "scatter_nd_add",
    "scatter_nd_sub",
    "scatter_nd_update",
    "scatter_sub",
    "scatter_update",
]
