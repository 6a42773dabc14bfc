"""tensor_scatter_nd_update/add/sub/max/min: a copy of `tensor` with `updates` written into the slices that the
last axis of `indices` addresses (TF's TensorScatter* ops), and their TF1 aliases tensor_scatter_update/add/sub.

Repeated indices accumulate for add/sub/max/min (NumPy's unbuffered `ufunc.at`); for update the last one wins.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.registry import register_op
from tfsess.ops import array_ops, gather_ops, logic_ops, math_ops
from tfsess.ops._infer import INDEX, apply_gen, check_dtype, fmt_shape, host, index_attr


def _infer_for(op_type):
    def infer(inputs, attrs):
        tensor, indices, updates = inputs
        check_dtype(indices, INDEX, "indices")
        if updates.dtype.base_dtype != tensor.dtype.base_dtype:
            raise TypeError(f"Input 'updates' of '{op_type}' Op has type {updates.dtype.base_dtype.name} that does "
                            f"not match type {tensor.dtype.base_dtype.name} of argument 'tensor'.")
        if indices.shape.ndims == 0:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{op_type}' (indices)")
        shapes = (tensor.shape, indices.shape, updates.shape)
        if all(s.ndims is not None for s in shapes) and indices.shape[-1] is not None:
            k, batch = int(indices.shape[-1]), indices.shape.ndims - 1
            if k > tensor.shape.ndims:
                raise ValueError(f"Index innermost dimension length must be <= tensor rank; saw: {k} vs. "
                                 f"{tensor.shape.ndims} for '{op_type}'")
            if not indices.shape[:batch].is_compatible_with(updates.shape[:batch]):
                raise ValueError(f"Dimensions [0,{batch}) of indices[shape={fmt_shape(indices.shape)}] = "
                                 f"{fmt_shape(indices.shape[:batch])} must match dimensions [0,{batch}) of "
                                 f"updates[shape={fmt_shape(updates.shape)}] = {fmt_shape(updates.shape[:batch])} "
                                 f"for '{op_type}'")
            if not tensor.shape[k:].is_compatible_with(updates.shape[batch:]):
                raise ValueError(f"Dimensions [{k},{tensor.shape.ndims}) of input[shape={fmt_shape(tensor.shape)}] "
                                 f"= {fmt_shape(tensor.shape[k:])} must match dimensions [{batch},"
                                 f"{updates.shape.ndims}) of updates[shape={fmt_shape(updates.shape)}] = "
                                 f"{fmt_shape(updates.shape[batch:])} for '{op_type}'")
        return [(tensor.dtype.base_dtype, tensor.shape)]
    return infer


def _kernel_for(op_type, ufunc):
    def kernel(xp, tensor, indices, updates):
        out = np.array(host(tensor), copy=True)
        index = gather_ops._nd_index(out.shape, indices)
        values = host(updates)
        if ufunc is None:
            out[index] = values
        else:
            ufunc.at(out, index, values)
        return xp.asarray(out)
    return kernel


_KINDS = {"TensorScatterUpdate": None, "TensorScatterAdd": np.add, "TensorScatterSub": np.subtract,
          "TensorScatterMax": np.maximum, "TensorScatterMin": np.minimum}
_OPS = {t: register_op(t, infer=_infer_for(t))(_kernel_for(t, f)) for t, f in _KINDS.items()}


@_OPS["TensorScatterUpdate"].gradient
def _update_grad(op, grad):
    indices, updates = op.inputs[1], op.inputs[2]
    return [_scatter("TensorScatterUpdate", grad, indices, array_ops.zeros_like(updates), None), None,
            gather_ops.gather_nd(grad, indices)]


@_OPS["TensorScatterAdd"].gradient
def _add_grad(op, grad):
    return [grad, None, gather_ops.gather_nd(grad, op.inputs[1])]


@_OPS["TensorScatterSub"].gradient
def _sub_grad(op, grad):
    return [grad, None, -gather_ops.gather_nd(grad, op.inputs[1])]


def _min_max_grad(op, grad):
    """TF's _TensorScatterMinOrMaxGrad: the gradient split equally among the tensor entry and updates that won."""
    x, indices, y = op.inputs
    out = op.outputs[0]
    x_won = math_ops.cast(logic_ops.equal(x, out), grad.dtype)
    y_won = math_ops.cast(logic_ops.equal(y, gather_ops.gather_nd(out, indices)), grad.dtype)
    winners = x_won + gather_ops.scatter_nd(indices, y_won, array_ops.shape(x, out_type=indices.dtype))
    share = grad / winners
    return [share * x_won, None, gather_ops.gather_nd(share, indices) * y_won]


_OPS["TensorScatterMax"].gradient(_min_max_grad)
_OPS["TensorScatterMin"].gradient(_min_max_grad)


def _scatter(op_type, tensor, indices, updates, name):
    return apply_gen(op_type, [("tensor", tensor, "T"), ("indices", indices, index_attr("Tindices")),
                               ("updates", updates, "T")], name=name)


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` written at `indices` (tf.tensor_scatter_nd_update)."""
    return _scatter("TensorScatterUpdate", tensor, indices, updates, name)


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` added at `indices` (tf.tensor_scatter_nd_add)."""
    return _scatter("TensorScatterAdd", tensor, indices, updates, name)


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` subtracted at `indices` (tf.tensor_scatter_nd_sub)."""
    return _scatter("TensorScatterSub", tensor, indices, updates, name)


def tensor_scatter_nd_max(tensor, indices, updates, name=None):
    """A copy of `tensor` holding the maximum of it and `updates` at `indices` (tf.tensor_scatter_nd_max)."""
    return _scatter("TensorScatterMax", tensor, indices, updates, name)


def tensor_scatter_nd_min(tensor, indices, updates, name=None):
    """A copy of `tensor` holding the minimum of it and `updates` at `indices` (tf.tensor_scatter_nd_min)."""
    return _scatter("TensorScatterMin", tensor, indices, updates, name)


tensor_scatter_update = tensor_scatter_nd_update  # TF1's names for the same functions
tensor_scatter_add = tensor_scatter_nd_add
tensor_scatter_sub = tensor_scatter_nd_sub

__all__ = ["tensor_scatter_add", "tensor_scatter_nd_add", "tensor_scatter_nd_max", "tensor_scatter_nd_min",
           "tensor_scatter_nd_sub", "tensor_scatter_nd_update", "tensor_scatter_sub", "tensor_scatter_update"]
