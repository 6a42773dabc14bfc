"""The tf.gfile namespace (TF1 spellings; tf.io.gfile has the lower-case ones)."""
from tfsess.platform.gfile import (Copy, DeleteRecursively, Exists, FastGFile, GFile, Glob, IsDirectory,  # noqa: F401
                                   ListDirectory, MakeDirs, MkDir, Open, Remove, Rename, Stat, Walk)
