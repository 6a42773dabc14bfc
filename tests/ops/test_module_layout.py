"""Each public op function is defined in exactly one module of its family, and the tf.* names
built from the op tables carry their own names and docs."""
import ast
import importlib
import pathlib

import pytest

import tfsess as tf
from tfsess.framework.registry import lookup

FAMILIES = ["array_ops", "broadcast_ops", "clip_ops", "constant_op", "conv_ops", "gather_ops", "indexing_ops",
            "linalg_ops", "logic_ops", "math_ops", "matrix_ops", "nn_impl", "nn_ops", "pool_ops", "random_ops",
            "reduction_ops", "sequence_ops", "softmax_ops", "sparse_math_ops", "sparse_ops", "stack_ops",
            "string_ops", "tensor_operators", "unary_ops", "window_geometry"]
OPS_DIR = pathlib.Path(tf.__file__).parent / "ops"
FROM_FRAMEWORK = {"get_seed"}  # tf.get_seed is graph_api's, exported with the random ops


@pytest.mark.parametrize("name", FAMILIES)
def test_module_imports_no_names_by_star(name):
    tree = ast.parse((OPS_DIR / f"{name}.py").read_text())
    stars = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)]
    assert stars == []


@pytest.mark.parametrize("name", FAMILIES)
def test_exported_functions_are_defined_in_their_module(name):
    module = importlib.import_module(f"tfsess.ops.{name}")
    foreign = [n for n in getattr(module, "__all__", []) if n not in FROM_FRAMEWORK
               and callable(getattr(module, n)) and getattr(module, n).__module__ != module.__name__]
    assert foreign == []


@pytest.mark.parametrize("fn, op_type", [(tf.math.exp, "Exp"), (tf.math.is_nan, "IsNan"), (tf.math.subtract, "Sub"),
                                         (tf.math.maximum, "Maximum"), (tf.math.less_equal, "LessEqual")])
def test_table_functions_are_named_documented_and_build_their_op(fn, op_type):
    assert fn.__name__ == fn.__qualname__ == fn.__doc__.split("(tf.math.")[1].rstrip(").")
    with tf.Graph().as_default():
        args = [tf.constant([1.0, 2.0])] * (1 if op_type in ("Exp", "IsNan") else 2)
        out = fn(*args, name="result")
        assert out.op.type == op_type and out.op.name == "result"


def test_table_rows_set_opdef_fields():
    assert lookup("Floor").no_gradient and lookup("Less").no_gradient and lookup("Less").foldable
    assert lookup("Sub").foldable and lookup("Sub").out_arg and lookup("Sub").ufunc == "subtract"
    assert lookup("TruncateMod").grad is None and not lookup("TruncateMod").no_gradient
