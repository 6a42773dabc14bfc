"""tf.saved_model.main_op: the op a SavedModel runs after loading (local variables and tables initialized)."""
from __future__ import annotations

from tfsess.framework.graph_api import control_dependencies
from tfsess.ops.control_flow_ops import group
from tfsess.ops.variables import global_variables_initializer, local_variables_initializer, tables_initializer


def main_op():
    """A group initializing the global and local variables and the lookup tables (tf.saved_model.main_op.main_op)."""
    return group(global_variables_initializer(), local_variables_initializer(), tables_initializer())


def main_op_with_restore(restore_op_name):
    """main_op(), then the op named `restore_op_name` (a Saver's restore) after it."""
    with control_dependencies([main_op()]):
        return group(restore_op_name)


__all__ = ["main_op", "main_op_with_restore"]
