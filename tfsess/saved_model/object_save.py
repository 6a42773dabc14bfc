"""tf.saved_model.save and tf.saved_model.load_v2 (TF2's object-based SavedModels), as far as tfsess goes.

Both check their arguments as TF's graph mode does (what can be exported, the default session a
save needs, that a SavedModel exists and parses) and then raise NotImplementedError: writing and
reading the SavedObjectGraph (restored objects, their tf.functions and signatures) is not built.
TF1 SavedModels are written by tf.saved_model.Builder / simple_save and read by tf.saved_model.load.
"""
from __future__ import annotations

import os

from tfsess.framework.default_session import get_default_session
from tfsess.saved_model import constants
from tfsess.saved_model.loader import read_saved_model
from tfsess.saved_model.save_options import SaveOptions
from tfsess.train import trackable

_NOT_BUILT = ("tf.saved_model.{}: TF2 object-based SavedModels (the SavedObjectGraph of objects, tf.functions and "
              "signatures) are not built in tfsess; use tf.saved_model.simple_save / Builder and "
              "tf.saved_model.load(sess, tags, export_dir) for TF1 SavedModels")


def save(obj, export_dir, signatures=None, options=None):
    """Exports a trackable object as a TF2 SavedModel (tf.saved_model.save): not built.

    Raises:
        ValueError: `obj` is not trackable (TF's message).
        RuntimeError: there is no default session to read the variables with (as TF's graph mode).
        NotImplementedError: otherwise; writing the object graph and function library is not built.
    """
    if not trackable.is_trackable_object(obj):
        raise ValueError("Expected an object of type `Trackable`, such as `tf.Module` or a subclass of the "
                         f"`Trackable` class, for export. Got {obj} with type {type(obj)}.")
    options = options or SaveOptions()
    export_dir = os.fspath(export_dir)
    variables_dir = os.path.join(export_dir, constants.VARIABLES_DIRECTORY)
    if get_default_session() is None:
        os.makedirs(variables_dir, exist_ok=True)  # TF has made it when it finds no session
        raise RuntimeError(f'Unable to save checkpoint to "{os.path.join(variables_dir, constants.VARIABLES_FILENAME)}'
                           '" in graph mode without a default session. Please use `with tf.Session():` to create a '
                           'session.')
    raise NotImplementedError(_NOT_BUILT.format("save"))


def load_v2(export_dir, tags=None, options=None):
    """Loads a TF2 SavedModel as restored objects (tf.saved_model.load_v2): not built.

    Raises:
        OSError: `export_dir` holds no SavedModel, or it does not parse.
        NotImplementedError: otherwise; restoring objects and functions is not built.
    """
    read_saved_model(export_dir)
    raise NotImplementedError(_NOT_BUILT.format("load_v2"))


__all__ = ["load_v2", "save"]
