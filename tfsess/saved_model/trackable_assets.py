"""tf.saved_model.Asset and tf.saved_model.experimental.TrackableResource: trackable objects a SavedModel
carries besides variables (a file to copy along; a resource made by a creator function)."""
from __future__ import annotations

import os

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_mode import init_scope
from tfsess.framework.op_builder import convert_to_tensor, register_tensor_conversion_function
from tfsess.train.trackable import AutoTrackable, Trackable


class Asset(Trackable):
    """A file to include in a SavedModel (tf.saved_model.Asset); `asset_path` is a scalar string tensor.

    The path tensor is built outside any control-dependency block, on the CPU, named "asset_path".
    An Asset is a node of a checkpoint's object graph with no values, as in TF.

    Raises:
        TypeError: `path` is neither a string, a path-like object nor a string tensor.
    """

    def __init__(self, path):
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        with init_scope(), get_default_graph().device("CPU"):
            self._path = convert_to_tensor(path, dtype=dtypes.string, name="asset_path")

    @property
    def asset_path(self):
        """The scalar string tensor holding the asset's path."""
        return self._path


register_tensor_conversion_function(Asset, lambda asset, dtype=None, name=None, as_ref=False:
                                    convert_to_tensor(asset.asset_path, dtype=dtype, name=name))


class CapturableResource(AutoTrackable):
    """A resource whose handle `_create_resource` makes on first use of `resource_handle`, on `device`."""

    def __init__(self, device=""):
        self._resource_handle_value = None
        self._resource_device = device

    @classmethod
    def _resource_type(cls):
        return cls.__name__

    def _create_resource(self):
        raise NotImplementedError("TrackableResource._create_resource not implemented.")

    def _initialize(self):
        pass

    def _destroy_resource(self):
        pass

    @property
    def resource_handle(self):
        """The resource's handle tensor, created by `_create_resource` the first time it is asked for."""
        if self._resource_handle_value is None:
            with get_default_graph().device(self._resource_device or None):
                self._resource_handle_value = self._create_resource()
        return self._resource_handle_value


class TrackableResource(CapturableResource):
    """A resource that needs initialization, such as a lookup table (tf.saved_model.experimental.TrackableResource).

    Subclasses override `_create_resource` (make the handle), `_initialize` (initialize it) and
    `_destroy_resource`.
    """


__all__ = ["Asset"]
