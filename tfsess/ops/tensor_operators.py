"""The operators of the framework's tensor types, which the framework never builds itself:
`x + y`, `x @ y`, `-x`, `x < y`, `x & y` ... on Tensors build the ops of tf.math; `-slices` and the
dense conversion of IndexedSlices; `sparse * dense` and `sparse / dense` on SparseTensors.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import linalg_ops, logic_ops, math_ops, reduction_ops, sparse_math_ops, unary_ops
from tfsess.ops._infer import gen2


def _add_dispatch(x, y, name=None):
    if not isinstance(y, Tensor):
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
    return gen2("Add" if x.dtype.base_dtype == dtypes.string else "AddV2", x, y, name)


def _binary_operator(func, op_name):
    """TF's binary_op_wrapper pair: `x op y` and the reflected `y op x`, in a scope named `op_name`."""
    def forward(x, y):
        with op_scope(None, op_name, [x, y]) as scope:
            return func(x, y, name=scope)

    def reverse(y, x):
        with op_scope(None, op_name, [x, y]) as scope:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return func(x, y, name=scope)
    return forward, reverse


def _matmul_operator(x, y, name=None):
    return linalg_ops.matmul(x, y, name=name)


# Binary operators: `x op y` and the reflected `y op x`, each in a name scope named after the operator.
_OPERATORS = {"add": _add_dispatch, "sub": math_ops.subtract, "mul": math_ops.multiply, "truediv": math_ops.truediv,
              "div": math_ops.truediv, "floordiv": math_ops.floordiv, "mod": math_ops.floormod, "pow": math_ops.pow,
              "matmul": _matmul_operator, "and": logic_ops.and_, "or": logic_ops.or_, "xor": logic_ops.xor_}
for _name, _func in _OPERATORS.items():
    _fwd, _rev = _binary_operator(_func, _name)
    Tensor._overloads[f"__{_name}__"] = _fwd
    Tensor._overloads[f"__r{_name}__"] = _rev
Tensor._overloads.update({
    "__neg__": unary_ops.negative, "__abs__": unary_ops.abs, "__invert__": logic_ops.invert_,
    "__lt__": logic_ops.less, "__le__": logic_ops.less_equal, "__gt__": logic_ops.greater,
    "__ge__": logic_ops.greater_equal,
})
IndexedSlices._overloads.update({
    "__neg__": lambda s: IndexedSlices(unary_ops.negative(s.values), s.indices, s.dense_shape),
    "to_dense": lambda s, name: reduction_ops.unsorted_segment_sum(s.values, s.indices, s.dense_shape[0], name=name),
})
SparseTensor._overloads.update({
    "__mul__": lambda sp, dense: sparse_math_ops.sparse_dense_cwise("SparseDenseCwiseMul", sp, dense, "mul"),
    "__truediv__": lambda sp, dense: sparse_math_ops.sparse_dense_cwise("SparseDenseCwiseDiv", sp, dense, "truediv"),
})
