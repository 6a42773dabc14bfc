"""How a Saver names the parts of partitioned variables: each part is a slice of one checkpoint entry.

A part (a variable with a SaveSliceInfo) is saved under the whole variable's name with its slice
spec, as TF's saveable_object_util does, so `w/part_0`, `w/part_1`... make one entry `w`.
"""
from __future__ import annotations

from tfsess.ops.partitioned_variables import PartitionedVariable
from tfsess.ops.variables import Variable


class SliceKey(str):
    """A checkpoint key of one slice: the whole variable's name (the string) plus the slice `spec`."""

    def __new__(cls, name, spec):
        key = super().__new__(cls, name)
        key.spec = spec
        return key

    def __eq__(self, other):
        return str.__eq__(self, other) and getattr(other, "spec", "") == self.spec

    def __hash__(self):
        return hash((str(self), self.spec))


def slice_specs(keys) -> list:
    """The shape_and_slices strings of checkpoint keys: a slice's spec, "" for a whole tensor."""
    return [getattr(k, "spec", "") for k in keys]


def _part_keys(name, parts):
    keys = []
    for part in parts:
        info = part._get_save_slice_info() if isinstance(part, Variable) else None
        if info is None:
            raise ValueError(f"Slices must all be slices: {part}")
        keys.append((SliceKey(name, info.spec), part))
    return keys


def list_element_slices(v):
    """[(key, part)] for a var_list element that is a PartitionedVariable or a part of one, else None."""
    if isinstance(v, PartitionedVariable):
        return _part_keys(v.name, list(v))
    if isinstance(v, Variable) and v._get_save_slice_info() is not None:
        return _part_keys(v._get_save_slice_info().full_name, [v])
    return None


def dict_value_slices(name, v):
    """[(key, part)] for a var_list dict value that is a PartitionedVariable or a list of parts, else None."""
    if isinstance(v, PartitionedVariable):
        return _part_keys(name, list(v))
    if isinstance(v, (list, tuple)):
        return _part_keys(name, list(v))
    return None


def check_no_mixing(pairs):
    """ValueError when one name holds both slices and a whole variable (TF's rule)."""
    kinds = {}
    for key, _ in pairs:
        sliced = isinstance(key, SliceKey)
        if kinds.setdefault(str(key), sliced) != sliced:
            raise ValueError(f"Mixing slices and non-slices with the same name: {key}")


__all__ = []
