"""The graph ops of TF's sharded checkpoint saves: ShardedFilename, ShardedFilespec, MergeV2Checkpoints.

TF's Saver(sharded=True) (and so every SavedModel graph TF writes) saves each shard to a temporary
prefix named by ShardedFilename, then MergeV2Checkpoints merges the shards into the final prefix.
tfsess's Saver builds the same graph for sharded=True (one shard per device) and runs the save graphs TF built.
"""
from __future__ import annotations

import glob
import os

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.train.checkpoint_format import (CheckpointReader, _read_index_bytes, _remove, index_filename,
                                            merge_checkpoints, write_checkpoint)
from tfsess.train.tensor_bundle import is_bundle_index


def _text(value):
    value = np.asarray(value).item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _scalar_string_infer(inputs, attrs):
    return [(dtypes.string, TensorShape([]))]


@register_op("ShardedFilename", infer=_scalar_string_infer, gpu=False, no_gradient=True)
def _sharded_filename(xp, basename, shard, num_shards):
    name = "%s-%05d-of-%05d" % (_text(basename), int(shard), int(num_shards))
    return np.array(name.encode("utf-8"), dtype=object)


def sharded_filename(basename, shard, num_shards, name=None):
    """The name of one shard, `basename-SSSSS-of-NNNNN` (TF's gen_io_ops.sharded_filename)."""
    inputs = [convert_to_tensor(basename, dtype=dtypes.string), convert_to_tensor(shard, dtype=dtypes.int32),
              convert_to_tensor(num_shards, dtype=dtypes.int32)]
    return apply1("ShardedFilename", inputs, name=name or "ShardedFilename")


@register_op("ShardedFilespec", infer=_scalar_string_infer, gpu=False, no_gradient=True)
def _sharded_filespec(xp, basename, num_shards):
    return np.array(("%s-?????-of-%05d" % (_text(basename), int(num_shards))).encode("utf-8"), dtype=object)


def sharded_filespec(basename, num_shards, name=None):
    """The glob of every shard, `basename-?????-of-NNNNN` (TF's gen_io_ops.sharded_filespec)."""
    inputs = [convert_to_tensor(basename, dtype=dtypes.string), convert_to_tensor(num_shards, dtype=dtypes.int32)]
    return apply1("ShardedFilespec", inputs, name=name or "ShardedFilespec")


@register_op("MergeV2Checkpoints", infer=lambda inputs, attrs: [], stateful=True, gpu=False, no_gradient=True)
def _merge_v2_checkpoints(xp, checkpoint_prefixes, destination_prefix, *, delete_old_dirs=True,
                          allow_missing_files=False):
    sources = [x.decode("utf-8") if isinstance(x, bytes) else str(x)
               for x in np.asarray(checkpoint_prefixes, dtype=object).reshape(-1)]
    if allow_missing_files:
        sources = [p for p in sources if os.path.exists(index_filename(p))]
    destination = _text(destination_prefix)
    if all(is_bundle_index(_read_index_bytes(p)) for p in sources):
        merge_checkpoints(sources, destination)  # TF's format: the sources' data files become the shards
    else:
        _merge_by_value(sources, destination)
    for prefix in sources:
        for path in glob.glob(glob.escape(prefix) + ".index") + glob.glob(glob.escape(prefix) + ".data-*"):
            _remove(path)
        if delete_old_dirs:
            try:
                os.rmdir(os.path.dirname(prefix))
            except OSError:
                pass  # TF ignores a directory it cannot remove (not empty, or the destination's own)
    return ()


def _merge_by_value(sources, destination):
    """Merges checkpoints of tfsess's own format by reading every tensor and writing one shard."""
    names, values = [], []
    for prefix in sources:
        reader = CheckpointReader(prefix)
        for name in sorted(reader.get_variable_to_shape_map()):
            if name in names:
                raise errors.InvalidArgumentError(None, None, f"Duplicate tensor key {name} across checkpoint "
                                                              f"shards being merged into {destination}")
            names.append(name)
            values.append(reader.get_tensors([name])[0])
    write_checkpoint(destination, names, values)


def merge_v2_checkpoints(checkpoint_prefixes, destination_prefix, delete_old_dirs=True, allow_missing_files=False,
                         name=None):
    """An op merging the V2 checkpoints `checkpoint_prefixes` into one at `destination_prefix`, deleting the sources."""
    inputs = [convert_to_tensor(checkpoint_prefixes, dtype=dtypes.string),
              convert_to_tensor(destination_prefix, dtype=dtypes.string)]
    attrs = {"delete_old_dirs": bool(delete_old_dirs), "allow_missing_files": bool(allow_missing_files)}
    return apply_op("MergeV2Checkpoints", inputs, attrs, name=name or "MergeV2Checkpoints")
