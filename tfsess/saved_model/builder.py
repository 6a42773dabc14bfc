"""tf.saved_model.builder.SavedModelBuilder and simple_save: writing a SavedModel directory as TF 1.x does.

A SavedModel directory holds ``saved_model.pb`` (a SavedModel message: schema version 1 and one
MetaGraphDef per tag set, each with its SignatureDefs), ``variables/variables.index`` and
``variables/variables.data-*`` (one V2 checkpoint shared by every meta graph) and ``assets/`` (files
the graph names through the asset collection).
"""
from __future__ import annotations

import os
import shutil

from tfsess.framework.graph import get_default_graph
from tfsess.framework.operation import Operation
from tfsess.framework.tensor_util import constant_value
from tfsess.ops.variables import GraphKeys
from tfsess.saved_model import constants, signature_constants, signature_def_utils, tag_constants
from tfsess.train.checkpoint_format import _atomic_write
from tfsess.train.meta_graph import export_meta_graph
from tfsess.train.saver import Saver


def _pb():
    from tfsess.protos import meta_graph_pb2, saved_model_pb2  # optional dependency: protobuf
    return meta_graph_pb2, saved_model_pb2


class SavedModelBuilder:
    """Builds a SavedModel in `export_dir` (tf.saved_model.Builder).

    Raises:
        AssertionError: `export_dir` exists and is not empty.
    """

    def __init__(self, export_dir):
        _, saved_model_pb2 = _pb()
        self._export_dir = os.fspath(export_dir)
        self._saved_model = saved_model_pb2.SavedModel(saved_model_schema_version=constants.SAVED_MODEL_SCHEMA_VERSION)
        if os.path.exists(self._export_dir):
            if os.listdir(self._export_dir):
                raise AssertionError(f"Export directory already exists, and isn't empty. Please choose a different "
                                     f"export directory, or delete all the contents of the specified directory: "
                                     f"{self._export_dir}")
        else:
            os.makedirs(self._export_dir)
        self._has_saved_variables = False

    # -------------------------------------------------------------- meta graphs
    def add_meta_graph_and_variables(self, sess, tags, signature_def_map=None, assets_collection=None,
                                     legacy_init_op=None, clear_devices=False, main_op=None,
                                     strip_default_attrs=False, saver=None, init_op=None, train_op=None):
        """Saves the variables of `sess` and adds the first meta graph, tagged `tags`.

        Raises:
            AssertionError: variables were already saved (use add_meta_graph).
            TypeError: an op argument is not an Operation.
            AttributeError: a signature is not a SignatureDef message (as TF, which reads its fields).
        """
        if self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has already been saved. Please invoke "
                                 "`add_meta_graph()` instead.")
        _validate_signature_def_map(signature_def_map)
        self._add_ops(sess.graph, init_op if main_op is None else main_op, legacy_init_op, train_op)
        saver = saver or _default_saver(sess.graph)
        variables_dir = os.path.join(self._export_dir, constants.VARIABLES_DIRECTORY)
        os.makedirs(variables_dir, exist_ok=True)
        if saver is not None:
            saver.save(sess, os.path.join(variables_dir, constants.VARIABLES_FILENAME), write_meta_graph=False,
                       write_state=False)
        self._add_meta_graph(sess.graph, saver, tags, signature_def_map, assets_collection, clear_devices,
                             strip_default_attrs)
        self._has_saved_variables = True

    def add_meta_graph(self, tags, signature_def_map=None, assets_collection=None, legacy_init_op=None,
                       clear_devices=False, main_op=None, strip_default_attrs=False, saver=None, init_op=None,
                       train_op=None):
        """Adds another meta graph (the default graph), tagged `tags`, over the variables already saved.

        Raises:
            AssertionError: no variables were saved yet (use add_meta_graph_and_variables first).
        """
        if not self._has_saved_variables:
            raise AssertionError("Graph state including variables and assets has not been saved yet. Please invoke "
                                 "`add_meta_graph_and_variables()` first.")
        _validate_signature_def_map(signature_def_map)
        graph = get_default_graph()
        self._add_ops(graph, init_op if main_op is None else main_op, legacy_init_op, train_op)
        self._add_meta_graph(graph, saver or _default_saver(graph), tags, signature_def_map, assets_collection,
                             clear_devices, strip_default_attrs)

    def _add_ops(self, graph, main_op, legacy_init_op, train_op):
        """Records the init op (legacy_init_op counts as main_op, as in TF 2's v1 builder) and the train op."""
        main_op = legacy_init_op if main_op is None else main_op
        if main_op is not None:
            if not isinstance(main_op, Operation):
                raise TypeError(f"main_op needs to be an Operation: {main_op!r}")
            graph.add_to_collection(constants.MAIN_OP_KEY, main_op)
        if train_op is not None:
            graph.add_to_collection(constants.TRAIN_OP_KEY, train_op)

    def _add_meta_graph(self, graph, saver, tags, signature_def_map, assets_collection, clear_devices,
                        strip_default_attrs=False):
        saver_def = saver.saver_def if saver is not None else None
        meta = export_meta_graph(graph=graph, saver_def=saver_def, clear_devices=clear_devices,
                                 strip_default_attrs=strip_default_attrs)
        meta.meta_info_def.tags.extend(tags)
        for key, signature in (signature_def_map or {}).items():
            meta.signature_def[key].CopyFrom(signature)
        self._copy_assets(graph, meta, assets_collection)
        self._saved_model.meta_graphs.add().CopyFrom(meta)

    def _copy_assets(self, graph, meta, assets_collection):
        """Copies each asset file into assets/ and records it in `meta`.

        As TF 1.x's builder: an AssetFileDef per asset tensor, packed in the `saved_model_assets` collection.
        """
        meta_graph_pb2, _ = _pb()
        for tensor in assets_collection or []:
            path = constant_value(tensor)
            if path is None:
                raise ValueError(f"Asset tensor {tensor.name} must be a constant filename")
            path = path.item() if hasattr(path, "item") else path
            path = path.decode("utf-8") if isinstance(path, bytes) else str(path)
            assets_dir = os.path.join(self._export_dir, constants.ASSETS_DIRECTORY)
            os.makedirs(assets_dir, exist_ok=True)
            target = os.path.join(assets_dir, os.path.basename(path))
            if not os.path.exists(target):
                shutil.copyfile(path, target)
            asset = meta_graph_pb2.AssetFileDef(filename=os.path.basename(path))
            asset.tensor_info.name = tensor.name
            meta.collection_def[constants.ASSETS_KEY].any_list.value.add().Pack(asset)
            if tensor not in graph.get_collection(GraphKeys.ASSET_FILEPATHS):
                graph.add_to_collection(GraphKeys.ASSET_FILEPATHS, tensor)

    def save(self, as_text=False):
        """Writes saved_model.pb (or .pbtxt with as_text) atomically; returns its path, as bytes (as TF's)."""
        from google.protobuf import text_format  # optional dependency: protobuf
        if as_text:
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PBTXT)
            data = text_format.MessageToString(self._saved_model).encode("utf-8")
        else:
            path = os.path.join(self._export_dir, constants.SAVED_MODEL_FILENAME_PB)
            data = self._saved_model.SerializeToString(deterministic=True)
        _atomic_write(path, [data])
        return os.fsencode(path)


def _default_saver(graph):
    """TF's SavedModel saver: every global variable and saveable object, sharded, V2; None if there are none."""
    var_list = graph.get_collection(GraphKeys.GLOBAL_VARIABLES) + graph.get_collection(GraphKeys.SAVEABLE_OBJECTS)
    if not var_list:
        return None
    with graph.as_default():
        return Saver(var_list, sharded=True, allow_empty=True)


def _validate_signature_def_map(signature_def_map):
    meta_graph_pb2, _ = _pb()
    for key, signature in (signature_def_map or {}).items():
        if not isinstance(signature, meta_graph_pb2.SignatureDef):  # TF reads .inputs without a check
            raise AttributeError(f"'{type(signature).__name__}' object has no attribute 'inputs' "
                                 f"(signature_def_map['{key}'] must be a SignatureDef)")
        if key in (constants.INIT_OP_SIGNATURE_KEY, constants.TRAIN_OP_SIGNATURE_KEY):
            raise KeyError(f'SignatureDef map key "{key}" is reserved. Please use a different key.')


def simple_save(session, export_dir, inputs, outputs, legacy_init_op=None):
    """Writes a serving SavedModel of `session` with one predict signature (tf.saved_model.simple_save).

    Args:
        inputs, outputs: {key: Tensor} of the signature.
        legacy_init_op: an op run after the variables are restored when the model is loaded.
    """
    signature_def_map = {signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY:
                         signature_def_utils.predict_signature_def(inputs, outputs)}
    builder = SavedModelBuilder(export_dir)
    builder.add_meta_graph_and_variables(session, tags=[tag_constants.SERVING], signature_def_map=signature_def_map,
                                         assets_collection=session.graph.get_collection(GraphKeys.ASSET_FILEPATHS),
                                         main_op=legacy_init_op, clear_devices=True)
    builder.save()


Builder = SavedModelBuilder

__all__ = ["Builder", "SavedModelBuilder", "simple_save"]
