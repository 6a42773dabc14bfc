"""What tf.profiler counts per op: TF's registered float-op statistics and parameters, from static shapes.

An op's float ops follow TF's flops registry (elementwise: one per output element, reductions:
input minus output elements, MatMul: 2*k per output element, convolutions and pools by their
window); an op whose shapes are not fully known when the graph is built counts 0, as in TF.
Parameters are the elements of variables and placeholders of known shape.
"""
from __future__ import annotations

import math

_UNARY = {"Reciprocal": 1, "Square": 1, "Rsqrt": 2, "Log": 1, "Neg": 1, "AssignSub": 1, "AssignAdd": 1,
          "Softmax": 5}
_BINARY = {"Add": 1, "AddV2": 1, "Sub": 1, "Mul": 1, "RealDiv": 1, "Maximum": 1, "Minimum": 1, "Pow": 1,
           "RsqrtGrad": 4, "GreaterEqual": 1, "Greater": 1, "LessEqual": 1, "Less": 1, "Equal": 1, "NotEqual": 1,
           "SquaredDifference": 2, "BiasAdd": 1}
_REDUCTIONS = {"Mean": (1, 1), "Sum": (1, 0), "ArgMax": (1, 0), "ArgMin": (1, 0), "BiasAddGrad": (1, 0)}
PARAMETER_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp", "Placeholder", "PlaceholderWithDefault"})
TRAINABLE_VARIABLES = "_trainable_variables"


def _elements(tensor):
    dims = tensor.shape.as_tuple_or_none()
    if dims is None or any(d is None for d in dims):
        return None
    return math.prod(dims)


def _attr(op, name, default=None):
    try:
        return op.get_attr(name)
    except (ValueError, KeyError, AttributeError):
        return default


def _is_nhwc(op) -> bool:
    data_format = _attr(op, "data_format", b"NHWC")
    return (data_format.decode() if isinstance(data_format, bytes) else data_format) == "NHWC"


def _matmul(op, batched):
    a_dims = op.inputs[0].shape.as_tuple_or_none()
    out = _elements(op.outputs[0])
    if a_dims is None or out is None or any(d is None for d in a_dims):
        return None
    transpose = _attr(op, "adj_x" if batched and _attr(op, "adj_x") is not None else "transpose_a", False)
    k = a_dims[-2] if transpose else a_dims[-1]
    return k * out * 2


def _conv2d(op):
    filter_dims = op.inputs[1].shape.as_tuple_or_none()
    out = _elements(op.outputs[0])
    if not _is_nhwc(op) or filter_dims is None or out is None or any(d is None for d in filter_dims):
        return None
    return filter_dims[0] * filter_dims[1] * filter_dims[2] * out * 2


def _pool(op):
    out = _elements(op.outputs[0])
    if not _is_nhwc(op) or out is None:
        return None
    return math.prod(_attr(op, "ksize", [1])) * out


def _add_n(op):
    if not op.inputs:
        return 0
    size = _elements(op.inputs[0])
    return None if size is None else size * (len(op.inputs) - 1)


def float_ops(op) -> int:
    """TF's registered float-op count of `op` (0 when unregistered or its shapes are not fully known)."""
    kind = op.type
    if kind in _UNARY:
        size = _elements(op.inputs[0]) if op.inputs else None
        count = None if size is None else size * _UNARY[kind]
    elif kind in _BINARY:
        size = _elements(op.outputs[0]) if op.outputs else None
        count = None if size is None else size * _BINARY[kind]
    elif kind in _REDUCTIONS:
        reduce_flops, finalize_flops = _REDUCTIONS[kind]
        size_in, size_out = _elements(op.inputs[0]), _elements(op.outputs[0])
        count = None if size_in is None or size_out is None else (
            size_in * reduce_flops + size_out * (finalize_flops - reduce_flops))
    elif kind == "L2Loss":
        size = _elements(op.inputs[0])
        count = None if size is None else size * 3 - 1
    elif kind == "MatMul":
        count = _matmul(op, batched=False)
    elif kind in ("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3"):
        count = _matmul(op, batched=True)
    elif kind == "Conv2D":
        count = _conv2d(op)
    elif kind in ("AvgPool", "MaxPool"):
        count = _pool(op)
    elif kind == "AddN":
        count = _add_n(op)
    else:
        count = 0
    return int(count or 0)


def parameters(op) -> int:
    """The elements of a variable or placeholder of fully known shape; 0 for any other op."""
    if op.type not in PARAMETER_TYPES:
        return 0
    if op.type == "VarHandleOp":
        shape = _attr(op, "shape")
        dims = None if shape is None else getattr(shape, "as_tuple_or_none", lambda: None)()
        if dims is None and shape is not None and not hasattr(shape, "as_tuple_or_none"):
            dims = tuple(shape)
        return 0 if dims is None or any(d is None or d < 0 for d in dims) else math.prod(dims)
    size = _elements(op.outputs[0])
    return int(size or 0)


def op_types(op, trainable_ops) -> list:
    """The types an op is accounted under: its op type, and '_trainable_variables' for a trainable variable."""
    return [op.type] + ([TRAINABLE_VARIABLES] if op in trainable_ops else [])


def run_stats(run_metadatas) -> dict:
    """Per node name, from traced RunMetadata: run count, mean exec micros, requested and output bytes."""
    found = {}
    for run_meta in run_metadatas:
        for dev in run_meta.step_stats.dev_stats:
            for node in dev.node_stats:
                name = node.node_name.split(":")[0]
                entry = found.setdefault(name, {"run_count": 0, "micros": 0, "bytes": 0, "output_bytes": 0,
                                                "devices": set()})
                entry["run_count"] += 1
                entry["micros"] += max(0, int(node.op_end_rel_micros))
                out = sum(int(o.tensor_description.allocation_description.requested_bytes) for o in node.output)
                entry["bytes"] += out
                entry["output_bytes"] += out
                entry["devices"].add(dev.device)
    steps = max(1, len(run_metadatas))
    for entry in found.values():
        for key in ("micros", "bytes", "output_bytes"):
            entry[key] //= steps
    return found
