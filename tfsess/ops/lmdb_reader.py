"""tf.LMDBReader as TF 2.21 has it: the reader op builds, and running it raises TF's UnimplementedError
(TF removed LMDB support and keeps the name only until its next release)."""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops.io_ops import ReaderBase

_REMOVED = ("LMDB support is removed from TensorFlow. This API will be deleted in the next TensorFlow release. If "
            "you need LMDB support, please file a GitHub issue.")


@register_op("LMDBReader", infer=lambda inputs, attrs: [(dtypes.string_ref, TensorShape([2]))], stateful=True,
             gpu=False, no_gradient=True)
def _lmdb_reader(xp, *, container="", shared_name=""):
    raise errors.UnimplementedError(None, None, _REMOVED)


class LMDBReader(ReaderBase):
    """A reader of LMDB files (tf.LMDBReader); as in TF 2.21, running it raises UnimplementedError."""

    def __init__(self, name=None, options=None):
        del options  # TF's reader takes none
        handle = apply_op("LMDBReader", [], {"container": "", "shared_name": ""}, name=name or "LMDBReader")
        super().__init__(handle.outputs[0], supports_serialize=False)


__all__ = ["LMDBReader"]
