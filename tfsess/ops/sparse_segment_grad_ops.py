"""The gradient ops of the sparse segment reductions, as TF writes them into training graphs:
SparseSegment{Sum,Mean,SqrtN}Grad (a dense [output_dim0, ...] gradient) and their V2 forms (the rows the
indices touch, with the sorted unique indices, for an IndexedSlices gradient).

Row `indices[i]` of the gradient takes `grad[segment_ids[i]]`, scaled by 1 (sum), 1 / n (mean) or
1 / sqrt(n) (sqrt_n), n the number of entries of that segment (at least 1).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import constant_value
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import FLOAT, INDEX, apply_gen, check_dtype, host

KINDS = {"sum": "SparseSegmentSumGrad", "mean": "SparseSegmentMeanGrad", "sqrt_n": "SparseSegmentSqrtNGrad"}


def _rows_shape(grad, first):
    if grad.shape.ndims is None:
        return unknown_shape()
    return TensorShape([first] + list(grad.shape.as_tuple_or_none()[1:]))


def _infer(v2):
    def infer(inputs, attrs):
        grad, indices, ids, dim0 = inputs
        dtype = check_dtype(grad, FLOAT, "grad")
        check_dtype(indices, INDEX, "indices")
        check_dtype(ids, INDEX, "segment_ids")
        if v2:
            return [(dtype, _rows_shape(grad, None)), (indices.dtype.base_dtype, TensorShape([None]))]
        n = constant_value(dim0)
        return [(dtype, _rows_shape(grad, None if n is None else int(n)))]
    return infer


def _contributions(op_type, kind, grad, indices, ids, dim0):
    grad, indices, ids = host(grad), host(indices).reshape(-1), host(ids).reshape(-1)
    if indices.size != ids.size:
        raise errors.InvalidArgumentError(None, None, f"{op_type}: segment_ids and indices should have same size, "
                                          f"got {ids.size} and {indices.size}")
    segments = grad.shape[0]
    for values, limit, what in ((ids, segments, "Segment id"), (indices, dim0, "Index")):
        bad = (values < 0) | (values >= limit)
        if bad.any():
            raise errors.InvalidArgumentError(None, None, f"{op_type}: {what} {int(values[np.argmax(bad)])} out of "
                                              f"range [0, {limit})")
    rows = grad[ids].astype(np.float64 if grad.dtype == np.float64 else np.float32)
    if kind != "sum":
        counts = np.maximum(np.bincount(ids, minlength=segments), 1).astype(rows.dtype)
        scale = 1.0 / (counts if kind == "mean" else np.sqrt(counts))
        rows = rows * scale[ids].reshape((-1,) + (1,) * (rows.ndim - 1))
    return indices, rows


def _kernel(op_type, kind, v2):
    def kernel(xp, grad, indices, segment_ids, dim0):
        dim0 = int(dim0)
        idx, rows = _contributions(op_type, kind, grad, indices, segment_ids, dim0)
        if v2:
            unique, where = np.unique(idx, return_inverse=True)
            out = np.zeros((unique.size,) + rows.shape[1:], rows.dtype)
            np.add.at(out, where.reshape(-1), rows)
            return xp.asarray(out.astype(host(grad).dtype)), xp.asarray(unique.astype(host(indices).dtype))
        out = np.zeros((dim0,) + rows.shape[1:], rows.dtype)
        np.add.at(out, idx, rows)
        return xp.asarray(out.astype(host(grad).dtype))
    return kernel


for _kind, _type in KINDS.items():
    register_op(_type, infer=_infer(False), no_gradient=True, gpu=False)(_kernel(_type, _kind, False))
    register_op(_type + "V2", infer=_infer(True), no_gradient=True, gpu=False)(_kernel(_type + "V2", _kind, True))


def sparse_segment_grad(kind, grad, indices, segment_ids, output_dim0, name=None):
    """The SparseSegment{Sum,Mean,SqrtN}Grad op of `kind` ("sum", "mean", "sqrt_n"): [output_dim0, ...]."""
    return apply_gen(KINDS[kind], [("grad", grad, "T"), ("indices", indices, "Tidx"),
                                   ("segment_ids", segment_ids, "Tsegmentids"),
                                   ("output_dim0", output_dim0, dtypes.int32)], name=name)


__all__ = []  # internal: the gradients of sparse_segment_sum/mean/sqrt_n
