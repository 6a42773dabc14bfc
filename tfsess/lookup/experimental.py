"""The tf.lookup.experimental namespace (compat.v1): the mutable tables."""
from tfsess.ops.lookup_ops import DenseHashTable, MutableHashTable  # noqa: F401
