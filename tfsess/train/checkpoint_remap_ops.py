"""Loading a checkpointed matrix under a new vocabulary (TF's checkpoint_ops: the machinery of warm starts).

GenerateVocabRemapping maps each line of a new vocabulary file to its line in the old one (-1 when
absent); LoadAndRemapMatrix builds a matrix whose rows (and columns) are read from a checkpointed
tensor through such remappings, taking the cells with no old value, in row-major order, from
`initializing_values`. `_load_and_remap_matrix_initializer` wraps both as an initializer that
fills one part (or the whole) of a variable, as tf.train.warm_start uses it.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, scalar
from tfsess.ops import init_ops, sequence_ops, stack_ops
from tfsess.runtime.file_io import _as_op_error
from tfsess.train.checkpoint_format import CheckpointReader


def _text(value) -> str:
    value = np.asarray(value).item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _read_lines(path, limit=-1):
    """The lines of a vocabulary file (without their line ends), at most `limit` of them when limit >= 0."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as exc:
        raise _as_op_error(exc, path) from None
    return lines if limit < 0 else lines[:limit]


# ------------------------------------------------------------------ GenerateVocabRemapping
def _remapping_infer(inputs, attrs):
    return [(dtypes.int64, TensorShape([attrs["num_new_vocab"]])), (dtypes.int32, scalar())]


@register_op("GenerateVocabRemapping", infer=_remapping_infer, stateful=False, gpu=False, no_gradient=True)
def _generate_vocab_remapping(xp, new_vocab_file, old_vocab_file, *, new_vocab_offset, num_new_vocab,
                              old_vocab_size=-1):
    new_lines = _read_lines(_text(new_vocab_file))
    if new_vocab_offset + num_new_vocab > len(new_lines):
        raise errors.InvalidArgumentError(None, None, "lookup table size must be larger than last new vocab entry's "
                                                      "line")
    old_index = {}
    for i, token in enumerate(_read_lines(_text(old_vocab_file), old_vocab_size)):
        if token in old_index:
            raise errors.FailedPreconditionError(None, None, f"HashTable has different value for same key. Key "
                                                             f"{token} has {old_index[token]} and trying to add "
                                                             f"value {i}")
        old_index[token] = i
    remapping = np.asarray([old_index.get(t, -1) for t in new_lines[new_vocab_offset:new_vocab_offset + num_new_vocab]],
                           dtype=np.int64).reshape(num_new_vocab)
    return remapping, np.int32(np.count_nonzero(remapping >= 0))


def generate_vocab_remapping(new_vocab_file, old_vocab_file, new_vocab_offset, num_new_vocab, old_vocab_size=-1,
                             name=None):
    """(remapping, num_present): each of `num_new_vocab` new vocabulary lines from `new_vocab_offset` mapped to
    its line among the first `old_vocab_size` old ones (all when -1), or -1."""
    op = apply_op("GenerateVocabRemapping",
                  [convert_to_tensor(new_vocab_file, dtype=dtypes.string),
                   convert_to_tensor(old_vocab_file, dtype=dtypes.string)],
                  {"new_vocab_offset": int(new_vocab_offset), "num_new_vocab": int(num_new_vocab),
                   "old_vocab_size": int(old_vocab_size)}, name=name)
    return op.outputs[0], op.outputs[1]


# ------------------------------------------------------------------ LoadAndRemapMatrix
def _load_remap_infer(inputs, attrs):
    return [(dtypes.float32, TensorShape([attrs["num_rows"], attrs["num_cols"]]))]


def _check_remappings(rows, cols, num_rows, num_cols):
    if rows.size != num_rows:
        raise errors.InvalidArgumentError(None, None, f"Size of row_remapping is {rows.size} instead of being equal "
                                                      f"to num_rows={num_rows}")
    if cols.size and cols.size != num_cols:
        raise errors.InvalidArgumentError(None, None, f"Provided col_remapping, but its size is {cols.size} instead "
                                                      f"of being equal to num_cols={num_cols}")
    seen = {}
    for new_id, old_id in enumerate(rows.tolist()):
        if old_id >= 0 and old_id in seen:
            raise errors.UnimplementedError(None, None, f"Old ID {old_id} is mapped to both new ID {seen[old_id]} "
                                                        f"and {new_id}, which is not supported.")
        seen.setdefault(old_id, new_id)


@register_op("LoadAndRemapMatrix", infer=_load_remap_infer, stateful=False, gpu=False, no_gradient=True)
def _load_and_remap_matrix_kernel(xp, ckpt_path, old_tensor_name, row_remapping, col_remapping,
                                  initializing_values, *, num_rows, num_cols, max_rows_in_memory=-1):
    rows = np.asarray(row_remapping, dtype=np.int64).reshape(-1)
    cols = np.asarray(col_remapping, dtype=np.int64).reshape(-1)
    _check_remappings(rows, cols, num_rows, num_cols)
    name = _text(old_tensor_name)
    old = np.asarray(CheckpointReader(_text(ckpt_path)).get_tensors([name])[0])
    shape = ",".join(map(str, old.shape))
    if not cols.size and (old.ndim != 2 or old.shape[1] != num_cols):
        raise errors.InvalidArgumentError(None, None, f"Tensor {name} has shape [{shape}], where the size of its 2nd "
                                                      f"dimension is {old.shape[1] if old.ndim == 2 else '?'} instead "
                                                      f"of being equal to num_cols={num_cols}")
    present = rows[rows >= 0]
    if present.size and present.max() >= old.shape[0]:
        raise errors.InternalError(None, None, f"Extent in dimension 0 out of bounds: shape = [{shape}], slice = "
                                               f"{present.min()},{present.max() - present.min() + 1}:-")
    col_ids = cols if cols.size else np.arange(num_cols)
    if col_ids.size and col_ids.max() >= old.shape[1]:
        raise errors.InvalidArgumentError(None, None, f"col_remapping holds {col_ids.max()}, past the "
                                                      f"{old.shape[1]} columns of tensor {name}")
    have = (rows[:, None] >= 0) & (col_ids[None, :] >= 0)
    values = np.asarray(initializing_values, dtype=np.float32).reshape(-1)
    missing = int(have.size - np.count_nonzero(have))
    if values.size < missing:
        raise errors.InvalidArgumentError(None, None, f"initializing_values contained {values.size} elements, but "
                                                      f"more missing values remain.")
    if values.size > missing:
        raise errors.InvalidArgumentError(None, None, f"initializing_values contained {values.size} elements, but "
                                                      f"only {missing} elements were used to fill in missing values.")
    out = np.empty((num_rows, num_cols), dtype=np.float32)
    out[have] = old[np.clip(rows, 0, None)[:, None], np.clip(col_ids, 0, None)[None, :]][have]
    out[~have] = values  # row-major order, as TF fills the missing cells
    return out


def load_and_remap_matrix(ckpt_path, old_tensor_name, row_remapping, col_remapping, initializing_values, num_rows,
                          num_cols, max_rows_in_memory=-1, name=None):
    """The [num_rows, num_cols] float32 matrix read from checkpoint tensor `old_tensor_name` through the
    remappings (-1: no old row/column; an empty col_remapping keeps the columns), missing cells taken in
    row-major order from `initializing_values`."""
    inputs = [convert_to_tensor(ckpt_path, dtype=dtypes.string), convert_to_tensor(old_tensor_name, dtype=dtypes.string),
              convert_to_tensor(row_remapping, dtype=dtypes.int64),
              convert_to_tensor(np.asarray(col_remapping, dtype=np.int64) if isinstance(col_remapping, list)
                                else col_remapping, dtype=dtypes.int64),
              convert_to_tensor(initializing_values, dtype=dtypes.float32)]
    return apply_op("LoadAndRemapMatrix", inputs, {"num_rows": int(num_rows), "num_cols": int(num_cols),
                                                   "max_rows_in_memory": int(max_rows_in_memory)},
                    name=name).outputs[0]


# ------------------------------------------------------------------ the initializers built on them
def _load_and_remap_matrix(ckpt_path, old_tensor_name, new_row_vocab_offset, num_rows_to_load, new_col_vocab_size,
                           initializer, old_row_vocab_size=-1, old_row_vocab_file=None, new_row_vocab_file=None,
                           old_col_vocab_file=None, new_col_vocab_file=None, num_row_oov_buckets=0,
                           num_col_oov_buckets=0, max_rows_in_memory=-1):
    """The remapped rows [offset, offset + num_rows_to_load) of a matrix, OOV rows and columns appended from
    `initializer` (TF's checkpoint_ops._load_and_remap_matrix)."""
    if num_row_oov_buckets < 0:
        raise ValueError(f"num_row_oov_buckets must be >= 0, but received {num_row_oov_buckets}")
    if num_col_oov_buckets < 0:
        raise ValueError(f"num_col_oov_buckets must be >= 0, but received {num_col_oov_buckets}")
    if bool(old_row_vocab_file) != bool(new_row_vocab_file):
        raise ValueError(f"old_row_vocab_file and new_row_vocab_file must both be specified or left unspecified. "
                         f"old_row_vocab_file='{old_row_vocab_file}', new_row_vocab_file='{new_row_vocab_file}'")
    if bool(old_col_vocab_file) != bool(new_col_vocab_file):
        raise ValueError(f"old_col_vocab_file and new_col_vocab_file must both be specified or left unspecified. "
                         f"old_col_vocab_file='{old_col_vocab_file}', new_col_vocab_file='{new_col_vocab_file}'")
    remap_rows = new_row_vocab_file and old_row_vocab_file
    remap_cols = new_col_vocab_file and old_col_vocab_file
    if not (remap_rows or remap_cols):
        raise ValueError("Must provide either row or column vocab files. If no remapping is necessary, consider "
                         "using `tf.contrib.framework.init_from_checkpoint` instead.")
    num_rows_present = num_rows_to_load
    if remap_rows:
        row_remapping, num_rows_present = generate_vocab_remapping(
            new_row_vocab_file, old_row_vocab_file, new_row_vocab_offset, num_rows_to_load, old_row_vocab_size)
    else:
        row_remapping = sequence_ops.range_(new_row_vocab_offset, new_row_vocab_offset + num_rows_to_load,
                                       dtype=dtypes.int64)
    col_remapping, num_cols_present = [], new_col_vocab_size
    if remap_cols:
        col_remapping, num_cols_present = generate_vocab_remapping(new_col_vocab_file, old_col_vocab_file, 0,
                                                                   new_col_vocab_size)
    init_vals = initializer([num_rows_to_load * new_col_vocab_size - num_rows_present * num_cols_present, 1])
    result = load_and_remap_matrix(ckpt_path, old_tensor_name, row_remapping, col_remapping, init_vals,
                                   num_rows_to_load, new_col_vocab_size, max_rows_in_memory)
    if num_row_oov_buckets > 0:
        oov = convert_to_tensor(initializer([num_row_oov_buckets, new_col_vocab_size]))
        result = stack_ops.concat([result, oov], 0)
    if num_col_oov_buckets > 0:
        oov = convert_to_tensor(initializer([num_rows_to_load + num_row_oov_buckets, num_col_oov_buckets]))
        result = stack_ops.concat([result, oov], 1)
    return result


def _load_and_remap_matrix_initializer(ckpt_path, old_tensor_name, new_row_vocab_size, new_col_vocab_size,
                                       old_row_vocab_size=-1, old_row_vocab_file=None, new_row_vocab_file=None,
                                       old_col_vocab_file=None, new_col_vocab_file=None, num_row_oov_buckets=0,
                                       num_col_oov_buckets=0, initializer=None, max_rows_in_memory=-1):
    """An initializer `(shape, dtype, partition_info)` filling a float32 matrix (or one row-part of it) from a
    checkpointed matrix remapped to new vocabularies, `initializer` (default zeros) for the rest."""
    if initializer is None:
        initializer = init_ops.zeros_initializer()
    if not callable(initializer):
        raise TypeError(f"initializer must be callable, instead of being {initializer} of type "
                        f"{type(initializer)}.")

    def _initializer(shape, dtype=dtypes.float32, partition_info=None):
        if dtype != dtypes.float32:
            raise TypeError(f"Currently, only float32 is supported. Received dtype: {dtype}")
        if len(shape) != 2:
            raise ValueError(f"Expected 2-dim shape, but received: {shape}")
        if shape[0] <= 0:
            raise ValueError(f"Expected 1st dim of shape to be > 0, but received shape: {shape}")
        if shape[1] != new_col_vocab_size + num_col_oov_buckets:
            raise ValueError(f"Expected 2nd dim of shape to be new_col_vocab_size ({new_col_vocab_size}) + "
                             f"num_col_oov_buckets ({num_col_oov_buckets}) = "
                             f"{new_col_vocab_size + num_col_oov_buckets}, but received shape: {shape}")
        offset = 0 if partition_info is None else partition_info.single_offset(shape)
        if offset + shape[0] > new_row_vocab_size + num_row_oov_buckets:
            raise ValueError(f"Trying to initialize {shape[0]} additional rows after {offset} rows have already been "
                             f"initialized, which would exceed expected total row count of new_row_vocab_size "
                             f"({new_row_vocab_size}) + num_row_oov_buckets ({num_row_oov_buckets}) = "
                             f"{new_row_vocab_size + num_row_oov_buckets}.")
        row_oov_buckets_to_use = min(shape[0], max(0, offset + shape[0] - new_row_vocab_size))
        num_rows_to_load = shape[0] - row_oov_buckets_to_use
        if offset > new_row_vocab_size:
            if shape[0] != row_oov_buckets_to_use:
                raise ValueError("Partitioned variable offset is greater than new vocab size and not operating on "
                                 "OOV-only partition.")
            return initializer(shape)
        return _load_and_remap_matrix(
            ckpt_path=ckpt_path, old_tensor_name=old_tensor_name, new_row_vocab_offset=offset,
            num_rows_to_load=num_rows_to_load, new_col_vocab_size=new_col_vocab_size, initializer=initializer,
            old_row_vocab_size=old_row_vocab_size, old_row_vocab_file=old_row_vocab_file,
            new_row_vocab_file=new_row_vocab_file, old_col_vocab_file=old_col_vocab_file,
            new_col_vocab_file=new_col_vocab_file, num_row_oov_buckets=row_oov_buckets_to_use,
            num_col_oov_buckets=num_col_oov_buckets, max_rows_in_memory=max_rows_in_memory)

    return _initializer


__all__ = []
