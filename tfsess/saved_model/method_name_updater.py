"""tf.saved_model.signature_def_utils.MethodNameUpdater: rewrites the method names of a SavedModel's
SignatureDefs, in place or into another directory (as TF writes it: .pbtxt if the model was text)."""
from __future__ import annotations

import os

from tfsess.saved_model import constants
from tfsess.saved_model.loader import read_saved_model
from tfsess.train.checkpoint_format import _atomic_write


class MethodNameUpdater:
    """Updates the `method_name` of SignatureDefs of the SavedModel in `export_dir`
    (tf.saved_model.signature_def_utils.MethodNameUpdater).

    Raises:
        IOError: the directory holds no SavedModel, or it cannot be parsed.
    """

    def __init__(self, export_dir):
        self._export_dir = os.fspath(export_dir)
        self._saved_model = read_saved_model(self._export_dir)

    def replace_method_name(self, signature_key, method_name, tags=None):
        """Sets the method name of the SignatureDef `signature_key` in every MetaGraph (tags None) or in the
        one whose tags equal `tags` (a tag or list of tags).

        Raises:
            ValueError: a key or name is missing, no MetaGraph has those tags, or a matched MetaGraph has no
                such signature.
        """
        if not signature_key:
            raise ValueError("`signature_key` must be defined.")
        if not method_name:
            raise ValueError("`method_name` must be defined.")
        if tags is not None and not isinstance(tags, list):
            tags = [tags]
        found = False
        for meta_graph_def in self._saved_model.meta_graphs:
            if tags is None or set(tags) == set(meta_graph_def.meta_info_def.tags):
                if signature_key not in meta_graph_def.signature_def:
                    raise ValueError(
                        f"MetaGraphDef associated with tags {tags} does not have a signature_def with key: "
                        f"'{signature_key}'. This means either you specified the wrong signature key or forgot to "
                        "put the signature_def with the corresponding key in your SavedModel.")
                meta_graph_def.signature_def[signature_key].method_name = method_name
                found = True
        if not found:
            raise ValueError(
                f"MetaGraphDef associated with tags {tags} could not be found in SavedModel. This means either you "
                "specified invalid tags or your SavedModel does not have a MetaGraphDef with the specified tags.")

    def save(self, new_export_dir=None):
        """Writes the updated SavedModel into `new_export_dir` (default: over the original), as text when the
        original was saved_model.pbtxt."""
        export_dir = os.fspath(new_export_dir) if new_export_dir else self._export_dir
        if os.path.isfile(os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)):
            from google.protobuf import text_format  # optional dependency: protobuf
            path = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
            data = text_format.MessageToString(self._saved_model).encode("utf-8")
        else:
            path = os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB)
            data = self._saved_model.SerializeToString(deterministic=True)
        _atomic_write(path, [data])


__all__ = ["MethodNameUpdater"]
