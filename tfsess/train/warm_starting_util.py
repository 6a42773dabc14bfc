"""tf.train.warm_start and tf.train.VocabInfo: initialise a new model's variables from an old checkpoint.

Variables chosen by `vars_to_warm_start` (a regex over TRAINABLE_VARIABLES, a list of scope regexes
over GLOBAL_VARIABLES, or a list of variables) get initializers that read their checkpoint tensor
(renamed through `var_name_to_prev_var_name`); a variable with a VocabInfo is remapped row by row
(or column by column) from the old vocabulary to the new one, new rows from its backup initializer.
Parts of a partitioned variable are grouped under the whole variable's name.
"""
from __future__ import annotations

import collections
import logging

from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import state_ops
from tfsess.ops.partitioned_variables import PartitionInfo, PartitionedVariable
from tfsess.ops.variables import GraphKeys, Variable
from tfsess.train import checkpoint_utils
from tfsess.train.checkpoint_management import _checkpoint_path
from tfsess.train.checkpoint_remap_ops import _load_and_remap_matrix_initializer

_log = logging.getLogger("tensorflow")


class VocabInfo(collections.namedtuple("VocabInfo", ["new_vocab", "new_vocab_size", "num_oov_buckets", "old_vocab",
                                                     "old_vocab_size", "backup_initializer", "axis"])):
    """How to warm-start a variable whose rows (axis 0) or columns (axis 1) follow a vocabulary file
    (tf.train.VocabInfo): the new vocabulary and its size, the OOV buckets after it, the old vocabulary
    (its first `old_vocab_size` lines; -1 for all) and the initializer of rows not in the old one."""

    def __new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size=-1,
                backup_initializer=None, axis=0):
        if axis != 0 and axis != 1:
            raise ValueError(f"The only supported values for the axis argument are 0 and 1.  Provided axis: {axis}")
        return super().__new__(cls, new_vocab, new_vocab_size, num_oov_buckets, old_vocab, old_vocab_size,
                               backup_initializer, axis)


def _infer_var_name(variables):
    """The checkpoint name of a variable, or of the parts of one partitioned variable."""
    names = set()
    for v in variables:
        if isinstance(v, PartitionedVariable):
            names.add(v.name)
        elif v._get_save_slice_info() is not None:
            names.add(v._get_save_slice_info().full_name)
        else:
            names.add(v.op.name)
    if len(names) > 1:
        raise TypeError(f"`var` = {variables} passed as arg violates the constraints.  name_to_var_dict = "
                        f"{sorted(names)}")
    return names.pop()


def _as_variable_list(var):
    if isinstance(var, Variable):
        return [var]
    if isinstance(var, list) and all(isinstance(v, Variable) for v in var):
        return var
    if isinstance(var, PartitionedVariable):
        return var._get_variable_list()
    raise TypeError(f"var MUST be one of the following: a Variable, list of Variable or PartitionedVariable, but is "
                    f"{type(var)}")


def _warm_start_var_with_vocab(var, current_vocab_path, current_vocab_size, prev_ckpt, prev_vocab_path,
                               previous_vocab_size=-1, current_oov_buckets=0, prev_tensor_name=None,
                               initializer=None, axis=0):
    """Gives each part of `var` an initializer reading its rows (or columns) remapped to the new vocabulary."""
    if not (current_vocab_path and current_vocab_size and prev_ckpt and prev_vocab_path):
        raise ValueError("Invalid args: Must provide all of [current_vocab_path, current_vocab_size, prev_ckpt, "
                         "prev_vocab_path}.")
    parts = _as_variable_list(var)
    prev_tensor_name = prev_tensor_name or _infer_var_name(parts)
    total_rows = sum(v.get_shape().as_list()[0] for v in parts)
    for v in parts:
        shape = v.get_shape().as_list()
        info = v._get_save_slice_info()
        partition_info = None if info is None else PartitionInfo(full_shape=info.full_shape,
                                                                 var_offset=info.var_offset)
        if axis == 0:
            sizes = dict(new_row_vocab_size=current_vocab_size, new_col_vocab_size=shape[1],
                         old_row_vocab_size=previous_vocab_size, old_row_vocab_file=prev_vocab_path,
                         new_row_vocab_file=current_vocab_path, num_row_oov_buckets=current_oov_buckets)
        else:
            sizes = dict(new_row_vocab_size=total_rows, new_col_vocab_size=current_vocab_size,
                         old_col_vocab_file=prev_vocab_path, new_col_vocab_file=current_vocab_path,
                         num_col_oov_buckets=current_oov_buckets)
        init = _load_and_remap_matrix_initializer(ckpt_path=_checkpoint_path(prev_ckpt),
                                                  old_tensor_name=prev_tensor_name, initializer=initializer, **sizes)
        graph = v.graph
        with graph.as_default():
            value = convert_to_tensor(init(shape=shape, partition_info=partition_info))
            v._initializer_op = state_ops.assign(v, value).op  # a ref or a resource variable


def _get_grouped_variables(vars_to_warm_start):
    """{checkpoint name: [variable or parts]} of the variables `vars_to_warm_start` selects."""
    graph = get_default_graph()
    if isinstance(vars_to_warm_start, str) or vars_to_warm_start is None:
        _log.info("Warm-starting variables only in TRAINABLE_VARIABLES.")
        chosen = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES, scope=vars_to_warm_start)
    elif isinstance(vars_to_warm_start, list):
        if all(isinstance(v, str) for v in vars_to_warm_start):
            chosen = []
            for scope in vars_to_warm_start:
                chosen += graph.get_collection(GraphKeys.GLOBAL_VARIABLES, scope=scope)
        elif all(isinstance(v, Variable) for v in vars_to_warm_start):
            chosen = vars_to_warm_start
        else:
            raise ValueError(f"If `vars_to_warm_start` is a list, it must be all `Variable` or all `str`.  Given "
                             f"types are {[type(v) for v in vars_to_warm_start]}")
    else:
        raise ValueError(f"`vars_to_warm_start must be a `list` or `str`.  Given type is {type(vars_to_warm_start)}")
    grouped = {}
    for v in chosen:
        grouped.setdefault(_infer_var_name([v]), []).append(v)
    return grouped


def warm_start(ckpt_to_initialize_from, vars_to_warm_start=".*", var_name_to_vocab_info=None,
               var_name_to_prev_var_name=None):
    """Warm-starts a model from a checkpoint (tf.train.warm_start): replaces the chosen variables'
    initializers by reads of the checkpoint (run the initializers, e.g. global_variables_initializer, after).

    Args:
        ckpt_to_initialize_from: a checkpoint prefix or a directory (its latest checkpoint).
        vars_to_warm_start: a regex over the trainable variables' names (".*" all, None none but those
            in `var_name_to_vocab_info`), a list of regexes over all global variables, or a list of variables.
        var_name_to_vocab_info: {variable name: VocabInfo} of variables remapped to a new vocabulary.
        var_name_to_prev_var_name: {variable name: its name in the checkpoint}.

    Raises:
        ValueError: an unused name in either map, a bad `vars_to_warm_start`, or a variable missing
            from the checkpoint (or of another shape).
    """
    _log.info("Warm-starting from: %s", ckpt_to_initialize_from)
    grouped = _get_grouped_variables(vars_to_warm_start)
    var_name_to_vocab_info = var_name_to_vocab_info or {}
    var_name_to_prev_var_name = var_name_to_prev_var_name or {}
    prev_name_used, vocab_info_used, vocabless, warm_started = set(), set(), {}, 0
    for var_name, variable in grouped.items():
        prev_var_name = var_name_to_prev_var_name.get(var_name)
        if prev_var_name:
            prev_name_used.add(var_name)
        vocab_info = var_name_to_vocab_info.get(var_name)
        if vocab_info:
            vocab_info_used.add(var_name)
            warm_started += 1
            _warm_start_var_with_vocab(
                variable, current_vocab_path=vocab_info.new_vocab, current_vocab_size=vocab_info.new_vocab_size,
                prev_ckpt=ckpt_to_initialize_from, prev_vocab_path=vocab_info.old_vocab,
                previous_vocab_size=vocab_info.old_vocab_size, current_oov_buckets=vocab_info.num_oov_buckets,
                prev_tensor_name=prev_var_name, initializer=vocab_info.backup_initializer, axis=vocab_info.axis)
        elif vars_to_warm_start:
            warm_started += 1
            variable = variable[0] if len(variable) == 1 else variable
            prev_tensor_name = prev_var_name or _infer_var_name(_as_variable_list(variable))
            if prev_tensor_name in vocabless:  # one checkpoint tensor for two variables: one map each
                checkpoint_utils.init_from_checkpoint(ckpt_to_initialize_from, vocabless)
                vocabless.clear()
            vocabless[prev_tensor_name] = variable
    if vocabless:
        checkpoint_utils.init_from_checkpoint(ckpt_to_initialize_from, vocabless)
    unused_names = set(var_name_to_prev_var_name) - prev_name_used
    unused_vocab = set(var_name_to_vocab_info) - vocab_info_used
    _log.info("Warm-started %d variables.", warm_started)
    if unused_names:
        raise ValueError(f"You provided the following variables in var_name_to_prev_var_name that were not used: "
                         f"{unused_names}.  Perhaps you misspelled them?  Here is the list of viable variable names: "
                         f"{grouped.keys()}")
    if unused_vocab:
        raise ValueError(f"You provided the following variables in var_name_to_vocab_info that were not used: "
                         f"{unused_vocab}.  Perhaps you misspelled them?  Here is the list of viable variable names: "
                         f"{grouped.keys()}")


__all__ = ["VocabInfo", "warm_start"]
