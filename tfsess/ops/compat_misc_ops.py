"""TF1 top-level odds and ends: op_scope, is_symbolic_tensor, guarantee_const (GuaranteeConst),
sparse_matmul (SparseMatMul), required_space_to_batch_paddings, batch_scatter_update, switch_case,
grad_pass_through."""
from __future__ import annotations

import contextlib
import functools
import logging

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_mode import control_flow_v2_enabled
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope as _op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, case_ops, cond_ops, constant_op, custom_gradient, linalg_ops, logic_ops, math_ops,
                        sequence_ops, stack_ops, state_ops)
from tfsess.ops._infer import check_dtype, host, same_as_input


@contextlib.contextmanager
def op_scope(values, name, default_name=None):
    """Deprecated TF1 spelling of name_scope(name, default_name, values): yields the scope string."""
    logging.getLogger("tensorflow").warning("tf.op_scope(values, name, default_name) is deprecated, use "
                                            "tf.name_scope(name, default_name, values)")
    with _op_scope(name, default_name, values) as scope:
        yield scope


def is_symbolic_tensor(tensor):
    """True for a graph tensor (tf.is_symbolic_tensor); False for variables, arrays and Python values."""
    return isinstance(tensor, Tensor)


# ------------------------------------------------------------------ GuaranteeConst
@register_op("GuaranteeConst", infer=same_as_input(0))
def _guarantee_const(xp, x):
    return x


def guarantee_const(input, name=None):  # noqa: A002
    """`input`, promising the runtime that it is constant (TF1's guarantee_const; it has no gradient)."""
    return apply_op("GuaranteeConst", [convert_to_tensor(input, name="input")],
                    name=name or "GuaranteeConst").outputs[0]


# ------------------------------------------------------------------ SparseMatMul
def _sparse_matmul_infer(inputs, attrs):
    a, b = inputs
    check_dtype(a, (dtypes.float32,), "a")
    check_dtype(b, (dtypes.float32,), "b")
    dims = []
    for t in (a, b):
        if t.shape.ndims is not None and t.shape.ndims != 2:
            raise ValueError(f"Shape must be rank 2 but is rank {t.shape.ndims} for 'SparseMatMul'")
        dims.append(t.shape.as_list() if t.shape.ndims == 2 else [None, None])
    (m, k1), (k2, n) = (dims[0][::-1] if attrs.get("transpose_a") else dims[0],
                        dims[1][::-1] if attrs.get("transpose_b") else dims[1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ValueError(f"Dimensions must be equal, but are {k1} and {k2} for 'SparseMatMul'")
    return [(dtypes.float32, TensorShape([m, n]))]


@register_op("SparseMatMul", infer=_sparse_matmul_infer)
def _sparse_matmul(xp, a, b, *, transpose_a=False, transpose_b=False, a_is_sparse=False, b_is_sparse=False):
    a = a.T if transpose_a else a
    b = b.T if transpose_b else b
    return xp.matmul(a, b).astype(np.float32, copy=False)


@_sparse_matmul.gradient
def _sparse_matmul_grad(op, grad):
    """TF's _SparseMatMulGrad, as ordinary products (the sparsity hints only pick a kernel)."""
    a, b = op.inputs
    return linalg_ops.matmul_input_grads(a, b, grad, op.get_attr("transpose_a"), op.get_attr("transpose_b"))


def sparse_matmul(a, b, transpose_a=False, transpose_b=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """The float32 product of two matrices, with hints that one is mostly zeros (tf.sparse_matmul)."""
    attrs = {"transpose_a": bool(transpose_a), "transpose_b": bool(transpose_b), "a_is_sparse": bool(a_is_sparse),
             "b_is_sparse": bool(b_is_sparse)}
    return apply_op("SparseMatMul", [convert_to_tensor(a, name="a"), convert_to_tensor(b, name="b")], attrs,
                    name=name or "SparseMatMul").outputs[0]


# ------------------------------------------------------------------ composites
def required_space_to_batch_paddings(input_shape, block_shape, base_paddings=None, name=None):
    """(paddings, crops) making each padded block dim divisible by its block size (tf.required_space_to_batch_paddings).

    Computed at graph-build time when every argument is constant, else as ops.
    """
    with _op_scope(name, "required_space_to_batch_paddings", [input_shape, block_shape]):
        input_shape = convert_to_tensor(input_shape, dtype=dtypes.int32, name="input_shape")
        block_shape = convert_to_tensor(block_shape, dtype=dtypes.int32, name="block_shape")
        block_shape.shape.assert_is_fully_defined()
        if block_shape.shape.ndims != 1:
            raise ValueError(f"Shape {block_shape.shape} must have rank 1")
        num_block_dims = block_shape.shape[0].value
        if num_block_dims == 0:
            return constant_op.zeros([0, 2], dtypes.int32), constant_op.zeros([0, 2], dtypes.int32)
        input_shape.shape.assert_is_compatible_with([num_block_dims])
        if base_paddings is not None:
            base_paddings = convert_to_tensor(base_paddings, dtype=dtypes.int32, name="base_paddings")
            base_paddings.shape.assert_is_compatible_with([num_block_dims, 2])
        else:
            base_paddings = constant_op.zeros([num_block_dims, 2], dtypes.int32)
        constants = [constant_value(t) for t in (block_shape, input_shape, base_paddings)]
        if all(c is not None for c in constants):
            block_shape, input_shape, base_paddings = (np.asarray(c, np.int32) for c in constants)
        pad_start, orig_pad_end = base_paddings[:, 0], base_paddings[:, 1]
        full_input_shape = input_shape + pad_start + orig_pad_end
        pad_end_extra = (block_shape - full_input_shape % block_shape) % block_shape
        pad_end = orig_pad_end + pad_end_extra
        paddings = stack_ops.stack([[pad_start[i], pad_end[i]] for i in range(num_block_dims)], name="paddings")
        crops = stack_ops.stack([[0, pad_end_extra[i]] for i in range(num_block_dims)], name="crops")
        return paddings, crops


def batch_scatter_update(ref, indices, updates, use_locking=True, name=None):
    """ref[i..., indices[i..., j]] = updates[i..., j] for a batch of index lists (TF1's batch_scatter_update).

    Raises:
      ValueError: indices of unknown rank.
    """
    with _op_scope(name, "batch_scatter_update", [ref, indices, updates]):
        indices = convert_to_tensor(indices, name="indices")
        indices_shape = array_ops.shape(indices)
        rank = indices.shape.ndims
        if rank is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        nd_indices = array_ops.expand_dims(indices, axis=-1)
        parts = []
        for dimension in range(rank - 1):
            broadcast = [1] * (rank + 1)
            broadcast[dimension] = indices_shape[dimension]
            positions = array_ops.reshape(sequence_ops.range_(0, indices_shape[dimension], 1),
                                          stack_ops.stack(broadcast))
            if positions.dtype.base_dtype != nd_indices.dtype.base_dtype:
                positions = math_ops.cast(positions, nd_indices.dtype.base_dtype)
            parts.append(positions * array_ops.ones_like(nd_indices))
        parts.append(nd_indices)
        return state_ops.scatter_nd_update(ref, stack_ops.concat(parts, axis=-1), updates, use_locking=use_locking)


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """The result of branch_fns[branch_index]() (tf.switch_case); an index out of range runs `default`, or the
    last branch when there is none. Built as tf.case over `branch_index == key`, so only one branch runs.

    Args:
      branch_index: an int32 scalar Tensor.
      branch_fns: callables, or (int key, callable) pairs or a dict, with keys 0..n-1.

    Raises:
      TypeError: a non-Tensor or non-integer index, a key that is not an int, a branch that is not callable.
      ValueError: no branches, or keys that are not 0..n-1.
    """
    if not isinstance(branch_index, Tensor):
        raise TypeError(f"'branch_index' must be a Tensor, got {type(branch_index)}")
    if not branch_index.dtype.base_dtype.is_integer:
        raise TypeError(f"'branch_index' must be an integer Tensor, got {branch_index.dtype}")
    if branch_index.dtype.base_dtype != dtypes.int32:
        raise TypeError(f"Input 'branch_index' of 'StatelessCase' Op has type {branch_index.dtype.base_dtype.name} "
                        "that does not match expected type of int32.")
    if not branch_fns:
        raise ValueError("Must provide at least one item in 'branch_fns'")
    if not isinstance(branch_fns, (list, tuple, dict)):
        raise TypeError("'branch_fns' must be a list, tuple, or dict")
    pairs = list(branch_fns.items()) if isinstance(branch_fns, dict) else list(branch_fns)
    if all(callable(fn) for fn in pairs):
        pairs = list(enumerate(pairs))
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in 'branch_fns' must be a 2-tuple. Received {pair}.")
        key, fn = pair
        if not isinstance(key, int):
            raise TypeError(f"key must be a Python `int`, got {type(key)}")
        if not callable(fn):
            raise TypeError(f"fn for key {key} must be callable.")
    keys = [key for key, _ in pairs]
    if min(keys) < 0 or max(keys) >= len(keys) or len(set(keys)) != len(keys):
        raise ValueError(f"branch indices (keys) must form contiguous range of [0 to {len(keys)}) but found "
                         f"{{{','.join(map(str, sorted(keys)))}}}")
    actions = [fn for _, fn in sorted(pairs, key=lambda p: p[0])]
    fallback = default if default is not None else actions[-1]
    if control_flow_v2_enabled() and "switch_case" in cond_ops.v2_builders:  # a functional Case op
        return cond_ops.v2_builders["switch_case"](branch_index, actions, default, name)
    with _op_scope(name, "switch_case", [branch_index]):
        chosen = [(logic_ops.equal(branch_index, i), fn) for i, fn in enumerate(actions)]
        return case_ops.case(chosen, default=fallback, name="indexed_case")


def grad_pass_through(f):
    """`f` whose gradient is the identity: incoming gradients pass to its inputs unchanged (tf.grad_pass_through)."""
    @custom_gradient.custom_gradient
    def _pass_through(*args, **kwargs):
        def grad(*grads, variables=None):
            if variables is not None:
                return grads, [None] * len(variables)
            return grads
        return f(*args, **kwargs), grad
    return functools.wraps(f)(_pass_through)


__all__ = ["batch_scatter_update", "grad_pass_through", "guarantee_const", "is_symbolic_tensor", "op_scope",
           "required_space_to_batch_paddings", "sparse_matmul", "switch_case"]
