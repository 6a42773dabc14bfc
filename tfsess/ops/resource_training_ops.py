"""The Resource* optimizer updates (ResourceApplyAdam, ResourceSparseApplyMomentum, ...) of TF's training_ops.

Each is its Apply* op with the variable and its slots passed as resource handles: the kernel is the
ref op's own, run on the handles' storage (the same arrays, the same formulas), and the op has no
outputs. `apply_update` builds an update op of either kind, from what the variable is.
"""
from __future__ import annotations

import functools

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply_op
from tfsess.framework.registry import lookup, register_op
from tfsess.ops.resource_variable_ops import _handle, _read


def _resource_update_infer(op_type, n_handles):
    def infer(inputs, attrs):
        for i, handle in enumerate(inputs[:n_handles]):
            if handle.dtype.base_dtype != dtypes.resource:
                raise TypeError(f"Input {i} of '{op_type}' Op has type {handle.dtype.base_dtype.name} that does not "
                                f"match expected type of resource.")
        dtype = dtypes.as_dtype(attrs["T"]).base_dtype if "T" in attrs else None
        for t in inputs[n_handles:]:
            base = t.dtype.base_dtype
            if base in (dtypes.int32, dtypes.int64) and dtype not in (dtypes.int32, dtypes.int64):
                continue  # indices (and AdagradDA's global_step)
            if dtype is not None and base != dtype:
                raise TypeError(f"Input '{t.op.name}' of '{op_type}' Op has type {base.name} that does not match "
                                f"type {dtype.name} of argument 'T'.")
        return []
    return infer


def register_resource_variant(ref_op_type):
    """Registers `Resource<ref_op_type>`: the ref op's kernel over the storage of resource handles."""
    ref_def = lookup(ref_op_type)
    n_handles = len(ref_def.ref_inputs)
    op_type = "Resource" + ref_op_type

    @functools.wraps(ref_def.kernel)  # keeps the ref kernel's signature: it takes the same attrs
    def kernel(xp, *inputs, **attrs):
        handles = [_handle(h, op_type) for h in inputs[:n_handles]]
        for var in handles:
            _read(var, var.dtype)  # TF's message for an uninitialised resource variable
        ref_def.kernel(xp, *handles, *inputs[n_handles:], **attrs)
        return ()
    kernel.__name__ = "_" + op_type.lower()
    register_op(op_type, infer=_resource_update_infer(op_type, n_handles), stateful=True, gpu=False,
                no_gradient=True)(kernel)


def is_resource(var) -> bool:
    return getattr(var, "_is_resource_variable", False)


def apply_resource_update(ref_op_type, variables, others, attrs, name, indices=None):
    """Builds `Resource<ref_op_type>` on the variables' handles; returns the variable as read after it
    (its `.op` is the update, as a ref op's output's is). Its attrs are all written out (T, and Tindices
    for `indices`), as TF's NodeDefs have them."""
    attrs = dict(attrs, T=others[0].dtype.base_dtype)
    if indices is not None:
        attrs["Tindices"] = indices.dtype.base_dtype
    op_type = "Resource" + ref_op_type
    op = apply_op(op_type, [v.handle for v in variables] + list(others), attrs, name=name or op_type)
    return variables[0]._lazy_read(op)


__all__ = []
