"""The tf.lookup namespace (compat.v1): tables and their initializers."""
from tfsess.ops.lookup_ops import (KeyValueTensorInitializer, StaticHashTable, StaticVocabularyTable,  # noqa: F401
                                   TextFileIndex, TextFileInitializer)
from tfsess.lookup import experimental  # noqa: F401
