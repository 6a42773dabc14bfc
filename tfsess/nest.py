"""The tf.nest namespace: nested structures of lists, tuples, namedtuples and dicts."""
from tfsess.framework.nest import assert_same_structure, flatten, is_nested, map_structure, pack_sequence_as  # noqa: F401

__all__ = ["assert_same_structure", "flatten", "is_nested", "map_structure", "pack_sequence_as"]
