"""tf.train.init_from_checkpoint: initialise variables from a checkpoint instead of their initializers."""
from __future__ import annotations

from tfsess.ops import state_ops
from tfsess.ops.feature_column.dense_columns import register_checkpoint_loader
from tfsess.ops.partitioned_variables import PartitionedVariable
from tfsess.ops.variable_scope import _get_default_variable_store
from tfsess.ops.variables import Variable
from tfsess.train.checkpoint_management import _checkpoint_path, load_checkpoint
from tfsess.train.saver import restore_v2_ops
from tfsess.train.saver_slices import SliceKey


def init_from_checkpoint(ckpt_dir_or_file, assignment_map):
    """Replaces the initializers of variables by reads from a checkpoint (tf.train.init_from_checkpoint).

    Args:
        ckpt_dir_or_file: a checkpoint prefix, or a directory (its latest checkpoint).
        assignment_map: {checkpoint name or scope: variable, variable name or scope}. A key
            "scope/" with value "other/" maps every variable get_variable created under "other/"
            to the checkpoint tensor of the same name under "scope/"; "/" is the root. A
            partitioned variable (or its name) has each part initialised from its slice.

    Raises:
        ValueError: a tensor is missing from the checkpoint, a shape differs, or a scope maps to a name.
    """
    ckpt_file = _checkpoint_path(ckpt_dir_or_file)
    shapes = load_checkpoint(ckpt_file).get_variable_to_shape_map()
    store = _get_default_variable_store()
    store_vars = store._vars
    for ckpt_name, current in sorted(assignment_map.items(), key=lambda kv: kv[0]):
        if isinstance(current, (Variable, PartitionedVariable)) or (
                isinstance(current, list) and all(isinstance(v, Variable) for v in current)):
            var = current
        else:
            var = store_vars.get(current, store._partitioned_vars.get(current))
        if var is not None:
            if ckpt_name not in shapes:
                raise ValueError(f"Tensor {ckpt_name} is not found in {ckpt_dir_or_file} checkpoint {shapes}")
            _set_checkpoint_initializer(var, ckpt_file, ckpt_name, shapes[ckpt_name])
            continue
        names = {n[:n.index("/part_")] if "/part_" in n else n for n in store_vars}  # a part stands for its whole
        for var_name, tensor_name in _scope_pairs(ckpt_name, current, names):
            if tensor_name not in shapes:
                raise ValueError(f"Tensor {tensor_name} ({var_name} in {ckpt_name}) is not found in "
                                 f"{ckpt_dir_or_file} checkpoint")
            var = store_vars.get(var_name, store._partitioned_vars.get(var_name))
            _set_checkpoint_initializer(var, ckpt_file, tensor_name, shapes[tensor_name])


def _scope_pairs(ckpt_scope, current_scope, store_vars):
    """[(variable name, checkpoint tensor name)] for a scope-to-scope entry of the assignment map."""
    scopes = current_scope[:current_scope.rindex("/")] if "/" in current_scope else ""
    if not ckpt_scope.endswith("/"):
        raise ValueError(f"Assignment map with scope only name {scopes} should map to scope only {ckpt_scope}. "
                         f"Should be 'scope/': 'other_scope/'.")
    pairs = []
    for var_name in sorted(store_vars):
        if scopes and not var_name.startswith(scopes + "/"):
            continue
        tensor_name = var_name[len(scopes):]
        if current_scope != "/":
            tensor_name = tensor_name[1:]
        if ckpt_scope != "/":
            tensor_name = ckpt_scope + tensor_name
        pairs.append((var_name, tensor_name.rstrip("/")))
    return pairs


def _set_checkpoint_initializer(var, ckpt_file, tensor_name, ckpt_shape):
    if isinstance(var, list):  # the parts of one partitioned variable, each reading its slice
        names = {part._get_save_slice_info().full_name for part in var if part._get_save_slice_info() is not None}
        if len(names) != 1 or any(part._get_save_slice_info() is None for part in var):
            raise ValueError(f"Slices must all be from the same tensor: {sorted(names)}")
        for part in var:
            _initialize_from(part, ckpt_file, SliceKey(tensor_name, part._get_save_slice_info().spec))
        return
    if not var.get_shape().is_compatible_with(ckpt_shape):
        raise ValueError(f"Shape of variable {var.name} ({var.get_shape()}) doesn't match with shape of tensor "
                         f"{tensor_name} ({ckpt_shape}) from checkpoint reader.")
    if isinstance(var, PartitionedVariable):  # each part reads its slice of the tensor
        for part in var:
            _initialize_from(part, ckpt_file, SliceKey(tensor_name, part._get_save_slice_info().spec))
        return
    _initialize_from(var, ckpt_file, tensor_name)


def _initialize_from(var, ckpt_file, key):
    graph = var.graph
    with graph.as_default(), graph.device(var.device):
        (restored,) = restore_v2_ops(ckpt_file, [key], [var._ref()], name="checkpoint_initializer")
        assigned = state_ops.assign(var, restored)
        # as TF's saveable restore: a ref variable's initializer becomes the Assign's tensor, a resource one's an op
        var._initializer_op = assigned.op if getattr(var, "_is_resource_variable", False) else assigned


register_checkpoint_loader(init_from_checkpoint)  # embedding columns' ckpt_to_load_from

__all__ = ["init_from_checkpoint"]
