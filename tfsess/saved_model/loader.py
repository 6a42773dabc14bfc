"""tf.saved_model.loader: loading a SavedModel's meta graph and variables into a session."""
from __future__ import annotations

import os

from tfsess.framework import bounded_io
from tfsess.saved_model import constants
from tfsess.train.meta_graph_import import import_meta_graph_def


def _saved_model_paths(export_dir):
    return (os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PBTXT),
            os.path.join(export_dir, constants.SAVED_MODEL_FILENAME_PB))


def maybe_saved_model_directory(export_dir):
    """Whether `export_dir` holds a saved_model.pb or saved_model.pbtxt."""
    return any(os.path.isfile(p) for p in _saved_model_paths(os.fspath(export_dir)))


def read_saved_model(export_dir):
    """The SavedModel message of `export_dir` (its .pbtxt if there is one, else its .pb).

    Raises:
        IOError: neither file exists, or the file cannot be parsed.
    """
    from google.protobuf import message, text_format  # optional dependency: protobuf
    from tfsess.protos import saved_model_pb2  # optional dependency: protobuf
    export_dir = os.fspath(export_dir)
    pbtxt, pb = _saved_model_paths(export_dir)
    saved_model = saved_model_pb2.SavedModel()
    try:
        if os.path.isfile(pbtxt):
            with open(pbtxt, "rb") as f:
                text = f.read()
            bounded_io.check_text_proto_nesting(text)  # before text_format recurses into it
            text_format.Merge(text.decode("utf-8"), saved_model)
        elif os.path.isfile(pb):
            with open(pb, "rb") as f:
                saved_model.ParseFromString(f.read())
        else:
            raise IOError(f"SavedModel file does not exist at: {export_dir}{os.sep}"
                          f"{{{constants.SAVED_MODEL_FILENAME_PBTXT}|{constants.SAVED_MODEL_FILENAME_PB}}}")
    except (message.DecodeError, text_format.ParseError, ValueError) as exc:  # ValueError: also UnicodeDecodeError
        raise IOError(f"Cannot parse file {pbtxt if os.path.isfile(pbtxt) else pb}: {exc}.") from None
    return saved_model


def _meta_graph_with_tags(saved_model, tags):
    wanted = set(tags)
    for meta in saved_model.meta_graphs:
        if set(meta.meta_info_def.tags) == wanted:
            return meta
    available = [sorted(m.meta_info_def.tags) for m in saved_model.meta_graphs]
    raise RuntimeError(f"MetaGraphDef associated with tags {str(list(tags)).strip('[]')} could not be found in "
                       f"SavedModel, with available tags '{available}'. To inspect available tag-sets in the "
                       f"SavedModel, please use the SavedModel CLI: `saved_model_cli`.")


def _asset_feeds(meta, export_dir, import_scope):
    """{asset tensor name: its file's path in export_dir/assets}, the feed of the init op.

    The assets are the MetaGraphDef's asset_file_def, or else (as TF 1.x's builder writes them)
    AssetFileDef messages packed in the `saved_model_assets` collection.
    """
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    assets = list(meta.asset_file_def)
    if not assets and constants.ASSETS_KEY in meta.collection_def:
        for packed in meta.collection_def[constants.ASSETS_KEY].any_list.value:
            asset = meta_graph_pb2.AssetFileDef()
            if packed.Unpack(asset):
                assets.append(asset)
    prefix = f"{import_scope}/" if import_scope else ""
    assets_dir = os.path.join(export_dir, constants.ASSETS_DIRECTORY)
    return {prefix + a.tensor_info.name: os.path.join(assets_dir, a.filename) for a in assets}


def _init_op_name(meta):
    for key in (constants.MAIN_OP_KEY, constants.LEGACY_INIT_OP_KEY):
        if key in meta.collection_def and meta.collection_def[key].node_list.value:
            return meta.collection_def[key].node_list.value[0]
    if constants.INIT_OP_SIGNATURE_KEY in meta.signature_def:
        return meta.signature_def[constants.INIT_OP_SIGNATURE_KEY].outputs[constants.INIT_OP_SIGNATURE_KEY].name
    return None


def load(sess, tags, export_dir, import_scope=None, **saver_kwargs):
    """Loads the meta graph tagged `tags` from a SavedModel into `sess`'s graph and restores its variables.

    Then runs the model's main (or legacy init) op, fed with the paths of its assets.

    Returns:
        The MetaGraphDef message loaded.
    Raises:
        IOError: no SavedModel in `export_dir`.
        RuntimeError: no meta graph has exactly these tags.
    """
    export_dir = os.fspath(export_dir)
    meta = _meta_graph_with_tags(read_saved_model(export_dir), tags)
    with sess.graph.as_default():
        saver = import_meta_graph_def(meta, saver_kwargs.get("clear_devices", False), import_scope,
                                      saver_kwargs.get("input_map"))
    variables = os.path.join(export_dir, constants.VARIABLES_DIRECTORY, constants.VARIABLES_FILENAME)
    if saver is not None and os.path.exists(variables + ".index"):
        saver.restore(sess, variables)
    init_op = _init_op_name(meta)
    if init_op:
        prefix = f"{import_scope}/" if import_scope else ""
        sess.run(prefix + init_op, feed_dict=_asset_feeds(meta, export_dir, import_scope))
    return meta


__all__ = ["load", "maybe_saved_model_directory"]
