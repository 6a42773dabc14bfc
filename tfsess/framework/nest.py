"""Nested structures (TF's `nest`): flatten, pack_sequence_as, assert_same_structure, is_nested.

A structure is a leaf or a list, tuple, namedtuple or dict of structures. Dicts are visited
in sorted key order, as in TF. With `expand_composites=True` a composite counts as its component
tensors and is rebuilt from them: a SparseTensor (or SparseTensorValue) as its three tensors, and
any object whose class defines `_nest_components()` and `_nest_rebuild(components)` (a TensorArray
is its flow) - TF's CompositeTensor idea, so framework never names the ops that use it.
"""
from __future__ import annotations

from collections.abc import MappingView

from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue

_SPARSE = (SparseTensor, SparseTensorValue)


def is_nested(structure) -> bool:
    """Whether `structure` is a list, tuple (namedtuple included), dict or dict view rather than a leaf."""
    return isinstance(structure, (list, tuple, dict, MappingView))


is_sequence = is_nested  # TF1's name


def _is_composite(structure, expand_composites) -> bool:
    return expand_composites and (isinstance(structure, _SPARSE) or hasattr(type(structure), "_nest_components"))


def _components(composite) -> list:
    if isinstance(composite, _SPARSE):
        return [composite.indices, composite.values, composite.dense_shape]
    return list(composite._nest_components())


def _rebuild(composite, leaves):
    if isinstance(composite, _SPARSE):
        return SparseTensor(next(leaves), next(leaves), next(leaves))
    return composite._nest_rebuild([next(leaves) for _ in composite._nest_components()])


def flatten(structure, expand_composites=False) -> list:
    """The leaves of `structure`, in order (dicts by sorted key)."""
    if _is_composite(structure, expand_composites):
        return _components(structure)
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in flatten(structure[key], expand_composites)]
    if isinstance(structure, (list, tuple, MappingView)):  # TF's nest flattens dict views in their order
        return [leaf for item in structure for leaf in flatten(item, expand_composites)]
    return [structure]


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Rebuilds `structure` with its leaves taken in order from `flat_sequence`.

    Raises:
        ValueError: `flat_sequence` holds another number of leaves than `structure`.
    """
    flat_sequence = list(flat_sequence)
    expected = len(flatten(structure, expand_composites))
    if expected != len(flat_sequence):
        raise ValueError(f"Could not pack sequence. Structure had {expected} atoms, but flat_sequence had "
                         f"{len(flat_sequence)} items.  Structure: {structure}, flat_sequence: {flat_sequence}.")
    leaves = iter(flat_sequence)

    def build(s):
        if _is_composite(s, expand_composites):
            return _rebuild(s, leaves)
        if isinstance(s, dict):
            built = {key: build(s[key]) for key in sorted(s)}
            return type(s)((key, built[key]) for key in s)
        if isinstance(s, (list, tuple)):
            items = [build(item) for item in s]
            if isinstance(s, tuple) and hasattr(s, "_fields"):
                return type(s)(*items)
            return type(s)(items) if isinstance(s, tuple) else items
        return next(leaves)

    return build(structure)


def assert_same_structure(nest1, nest2, check_types=True, expand_composites=False):
    """Checks that two structures nest alike.

    Raises:
        ValueError: different nesting, lengths or dict keys.
        TypeError: `check_types` and two sequences of different types (lists of any kind match).
    """
    def kind(x):
        if _is_composite(x, expand_composites):
            return "composite"
        return type(x) if is_nested(x) else None

    def mismatch():
        return ValueError("The two structures don't have the same nested structure.\n\n"
                          f"First structure: {nest1!r}\n\nSecond structure: {nest2!r}")

    def walk(x, y):
        kx, ky = kind(x), kind(y)
        if (kx is None) != (ky is None) or (kx == "composite") != (ky == "composite"):
            raise mismatch()
        if kx is None or kx == "composite":
            return
        if check_types and kx is not ky and not (issubclass(kx, list) and issubclass(ky, list)):
            raise TypeError("The two structures don't have the same sequence type. Input structure has "
                            f"type {kx}, while shallow structure has type {ky}.")
        if isinstance(x, dict):
            if sorted(x) != sorted(y):
                raise ValueError(f"The two dictionaries don't have the same set of keys. First structure "
                                 f"has keys {sorted(x)}, while second structure has keys {sorted(y)}.")
            for key in x:
                walk(x[key], y[key])
            return
        if len(x) != len(y):
            raise mismatch()
        for xi, yi in zip(x, y):
            walk(xi, yi)

    walk(nest1, nest2)


def map_structure(func, *structure, **kwargs):
    """`structure` (one or more structures alike) with `func` applied to each set of leaves (tf.nest.map_structure).

    Keyword arguments: `check_types` (default True) and `expand_composites` (default False), as TF.
    """
    check_types = kwargs.pop("check_types", True)
    expand_composites = kwargs.pop("expand_composites", False)
    if kwargs:
        raise ValueError(f"Only valid keyword arguments are `check_types` and `expand_composites`, not: "
                         f"`{', '.join(kwargs)}`")
    if not structure:
        raise ValueError("Must provide at least one structure")
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types, expand_composites=expand_composites)
    leaves = [flatten(s, expand_composites) for s in structure]
    return pack_sequence_as(structure[0], [func(*xs) for xs in zip(*leaves)], expand_composites)
