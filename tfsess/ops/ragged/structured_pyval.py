"""StructuredTensor.from_pyval: nested Python dicts and lists to a StructuredTensor, as TF reads them.

A dict is a scalar structure; a list holding dicts (at one consistent depth) is a StructuredTensor of
that rank whose fields gather each key's values across the list; any other list is a Tensor or a
RaggedTensor (tf.ragged.constant) and a scalar a constant. The class is passed in, so this module
never imports structured_tensor.
"""
from __future__ import annotations

from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import constant_op
from tfsess.ops.ragged import ragged_factory


def from_pyval(cls, pyval, path=()):
    """`pyval` as a StructuredTensor (dicts), Tensor or RaggedTensor; `path` names it in errors."""
    if isinstance(pyval, dict):
        fields = {k: from_pyval(cls, v, path + (k,)) for k, v in pyval.items()}
        return cls.from_fields(fields=fields, shape=(), validate=False)
    if isinstance(pyval, (list, tuple)):
        keys = set()
        rank = _struct_keys_and_depth(pyval, keys)
        if rank is not None:
            return _from_list_of_dicts(cls, pyval, keys, rank, path)
        return _converted(ragged_factory.constant, pyval, path)
    return _converted(constant_op.constant, pyval, path)


def _converted(convert, pyval, path):
    try:
        return convert(pyval)
    except Exception as exc:  # TF reports the path of the value that did not convert
        raise ValueError(f"Error parsing path {path!r}") from exc


def _from_list_of_dicts(cls, pyval, keys, rank, path):
    fields = {key: [] for key in keys}
    for child in pyval:
        _append_fields(child, fields, 1)
    try:
        if not fields:
            return _from_list_of_empty_dicts(cls, pyval, rank)
        fields = {key: from_pyval(cls, values, path + (key,)) for key, values in fields.items()}
        return cls.from_fields(fields=fields, shape=TensorShape([None] * rank), validate=False)
    except Exception as exc:
        raise ValueError(f"Error parsing path {path!r}") from exc


def _from_list_of_empty_dicts(cls, pyval, rank):
    if rank == 1:
        return cls.from_fields(fields={}, shape=(len(pyval),), nrows=len(pyval))
    zeros = ragged_factory.constant(_dicts_to_zeros(pyval))
    return cls.from_fields(fields={}, shape=TensorShape([len(pyval)] + [None] * (rank - 1)),
                           row_partitions=zeros._nested_row_partitions, nrows=len(pyval))


def _dicts_to_zeros(pyval):
    if isinstance(pyval, dict):
        return 0
    return [_dicts_to_zeros(x) for x in pyval]


def _struct_keys_and_depth(pyval, keys):
    """The list depth of the dicts in `pyval` (None if it holds none), adding their keys to `keys`.

    Raises:
        ValueError: dicts at different depths.
    """
    if isinstance(pyval, dict):
        keys.update(pyval.keys())
        return 0
    if not isinstance(pyval, (list, tuple)):
        return None
    depth = None
    for child in pyval:
        child_depth = _struct_keys_and_depth(child, keys)
        if child_depth is None:
            continue
        if depth is None:
            depth = child_depth + 1
        elif depth != child_depth + 1:
            raise ValueError("Inconsistent depth of dictionaries")
    return depth


def _append_fields(pyval, fields, depth):
    """Appends each field's value in `pyval` (a dict, or a nested list of dicts) at list depth `depth`.

    Raises:
        ValueError: a value that is neither a dict nor a list of them; KeyError: a dict without a field.
    """
    if not isinstance(pyval, (dict, list, tuple)):
        raise ValueError("Expected dict or nested list/tuple of dict")
    for key, target in fields.items():
        for _ in range(1, depth):
            target = target[-1]
        target.append(pyval[key] if isinstance(pyval, dict) else [])
    if isinstance(pyval, (list, tuple)):
        for child in pyval:
            _append_fields(child, fields, depth + 1)
