"""TensorFlow's V1 checkpoints (Saver(write_version=SaverDef.V1)): read (old TF1 programs left many) and written.

A V1 checkpoint is one file (``P``, or shards ``P-00000-of-00002`` ... named by a glob ``P-?????-of-00002``),
each a sorted string table (see sstable) whose values are SavedTensorSlices messages:

- under the empty key, ``meta``: a SavedTensorSliceMeta listing each tensor of the file (SavedSliceMeta:
  name, full shape, dtype, the slices of it this file holds);
- under each slice's key (TF's EncodeTensorNameSlice, the same OrderedCode key a V2 index uses for a
  partitioned variable's slices), ``data``: a SavedSlice whose TensorProto holds that slice's values in
  the typed repeated field of its dtype (float_val, int64_val, half_val bit patterns, string_val, ...).

A whole tensor is one slice of full extent. The messages are not among those the tensorboard package
or tfsess.protos generate, so this module declares them (TF's saved_tensor_slice.proto) with protobuf's
own descriptor API. `v1_table` writes whole tensors as TF's SaveSlices does, byte for byte. Every
slice read is checked against its tensor's shape and its values counted before the full tensor is
allocated; a malformed file raises DataLossError naming it.
"""
from __future__ import annotations

import functools

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.tensor_proto import _VAL_FIELD, _flat_values, make_ndarray
from tfsess.train import sstable
from tfsess.train.tensor_bundle import _slice_key

_PROTO_FILE = "tfsess/protos/saved_tensor_slice.proto"
# (message, [(field, number, type, label, message type)]); TF's saved_tensor_slice.proto
_MESSAGES = [
    ("SavedSliceMeta", [("name", 1, "string", "optional", None),
                        ("shape", 2, "message", "optional", ".tensorflow.TensorShapeProto"),
                        ("type", 3, "enum", "optional", ".tensorflow.DataType"),
                        ("slice", 4, "message", "repeated", ".tensorflow.TensorSliceProto")]),
    ("SavedTensorSliceMeta", [("tensor", 1, "message", "repeated", ".tensorflow.SavedSliceMeta"),
                              ("versions", 2, "message", "optional", ".tensorflow.VersionDef")]),
    ("SavedSlice", [("name", 1, "string", "optional", None),
                    ("slice", 2, "message", "optional", ".tensorflow.TensorSliceProto"),
                    ("data", 3, "message", "optional", ".tensorflow.TensorProto")]),
    ("SavedTensorSlices", [("meta", 1, "message", "optional", ".tensorflow.SavedTensorSliceMeta"),
                           ("data", 2, "message", "optional", ".tensorflow.SavedSlice")]),
]
_DEPENDENCIES = ["tensor_shape", "tensor_slice", "tensor", "types", "versions"]
_CHECKPOINT_VERSION = 1  # TF's TF_CHECKPOINT_VERSION, the producer of a V1 file's meta


@functools.lru_cache(maxsize=None)
def saved_tensor_slices_class():
    """TF's SavedTensorSlices message class (needs the optional protobuf package)."""
    from google.protobuf import descriptor_pb2, message_factory  # optional dependency: protobuf
    # optional dependency: protobuf; importing them registers the files this one imports
    from tfsess.protos import (_pool, tensor_pb2, tensor_shape_pb2, tensor_slice_pb2,  # noqa: F401
                               types_pb2, versions_pb2)
    try:
        file = _pool.POOL.FindFileByName(_PROTO_FILE)
    except KeyError:
        proto = descriptor_pb2.FileDescriptorProto(name=_PROTO_FILE, package="tensorflow", syntax="proto3",
                                                   dependency=[f"tfsess/protos/{d}.proto" for d in _DEPENDENCIES])
        field = descriptor_pb2.FieldDescriptorProto
        for name, fields in _MESSAGES:
            message = proto.message_type.add(name=name)
            for field_name, number, kind, label, type_name in fields:
                message.field.add(name=field_name, number=number, type=getattr(field, f"TYPE_{kind.upper()}"),
                                  label=getattr(field, f"LABEL_{label.upper()}"), type_name=type_name)
        _pool.POOL.Add(proto)
        file = _pool.POOL.FindFileByName(_PROTO_FILE)
    return message_factory.GetMessageClass(file.message_types_by_name["SavedTensorSlices"])


def v1_table(names, values) -> bytes:
    """The bytes of a one-file V1 checkpoint of whole tensors `values` under `names` (TF's SaveSlices with "" specs).

    The meta lists the tensors in the order given (a Saver gives them sorted); each tensor's values sit
    under its full slice's key, in the typed repeated field of its dtype.
    """
    message = saved_tensor_slices_class()
    meta = message()
    meta.meta.versions.producer = _CHECKPOINT_VERSION
    items = []
    for name, value in zip(names, values):
        array = np.asarray(value)
        dtype = dtypes.string if array.dtype.kind in "OSU" else dtypes.as_dtype(array.dtype)
        tensor = meta.meta.tensor.add(name=name, type=dtype.as_datatype_enum)
        tensor.shape.SetInParent()  # a scalar's empty shape is written too, as TF does
        for d in array.shape:
            tensor.shape.dim.add(size=d)
        full = tensor.slice.add()
        for _ in array.shape:
            full.extent.add()
        entry = message()
        entry.data.name = name
        entry.data.slice.CopyFrom(full)
        if dtype == dtypes.string:
            entry.data.data.string_val.extend(
                x if isinstance(x, bytes) else str(x).encode("utf-8") for x in array.reshape(-1).tolist())
        else:
            getattr(entry.data.data, _VAL_FIELD[dtype.name]).extend(_flat_values(array, dtype))
        items.append((_slice_key(name, [(0, -1)] * array.ndim), entry.SerializeToString()))
    return sstable.build_table([(b"", meta.SerializeToString())] + sorted(items))


def _extents(slice_proto):
    return [(x.start, x.length if x.WhichOneof("has_length_hack") else -1) for x in slice_proto.extent]


class V1Reader:
    """The tensors of a V1 checkpoint's files; `entries` and `read` as tensor_bundle.BundleReader's.

    Raises:
        errors.DataLossError: a file is not a well-formed V1 checkpoint (names it).
    """

    def __init__(self, prefix: str, files):
        from google.protobuf.message import DecodeError  # optional dependency: protobuf
        self.prefix = prefix
        self.entries = {}
        self._slices = {}  # encoded slice key -> (file, serialized SavedTensorSlices)
        message = saved_tensor_slices_class()
        for path in files:
            with open(path, "rb") as f:
                items = sstable.read_table(f.read(), path)
            if not items or items[0][0] != b"":
                raise _corrupt(path, "no SavedTensorSliceMeta under the empty key")
            try:
                meta = message.FromString(items[0][1]).meta
            except DecodeError:
                raise _corrupt(path, "cannot parse the SavedTensorSliceMeta") from None
            for key, value in items[1:]:
                self._slices[key] = (path, value)
            for tensor in meta.tensor:
                self._add_meta(path, tensor)

    def _add_meta(self, path, tensor):
        try:
            dtype = dtypes.as_dtype(tensor.type)
        except TypeError:
            dtype = None  # listed, not readable
        shape = [d.size for d in tensor.shape.dim]
        if tensor.shape.unknown_rank or any(d < 0 for d in shape):
            raise _corrupt(path, f"tensor {tensor.name} has an unknown or negative shape")
        entry = self.entries.setdefault(tensor.name, {"dtype": dtype, "enum": tensor.type, "shape": shape,
                                                      "slices": []})
        if entry["shape"] != shape or entry["enum"] != tensor.type:
            raise _corrupt(path, f"tensor {tensor.name} has two shapes or dtypes across the checkpoint's files")
        for s in tensor.slice:
            extents = _extents(s)
            if len(extents) != len(shape) or any(b < 0 or n < -1 or (n >= 0 and b + n > d)
                                                 for (b, n), d in zip(extents, shape)):
                raise _corrupt(path, f"a slice of tensor {tensor.name} lies outside its shape {shape}")
            entry["slices"].append(extents)

    def read(self, name):
        """The full value of the tensor `name` (whose entry exists), put together from its slices."""
        from google.protobuf.message import DecodeError  # optional dependency: protobuf
        e = self.entries[name]
        if e["dtype"] is None:
            raise errors.UnimplementedError(None, None, f"Tensor {name} in checkpoint {self.prefix} has DataType "
                                                        f"{e['enum']}, which cannot be read here")
        parts, count = [], 0
        for extents in e["slices"]:
            path, raw = self._slices.get(_slice_key(name, extents), (self.prefix, None))
            if raw is None:
                raise _corrupt(path, f"the slice {extents} of tensor {name} has no data")
            try:
                saved = saved_tensor_slices_class().FromString(raw).data
            except DecodeError:
                raise _corrupt(path, f"cannot parse a slice of tensor {name}") from None
            wanted = [n if n >= 0 else d for (_, n), d in zip(extents, e["shape"])]
            parts.append((tuple(slice(b, b + n) for (b, _), n in zip(extents, wanted)),
                          _slice_values(saved.data, e["dtype"], wanted, name, path)))
            count += parts[-1][1].size
        if count != int(np.prod(e["shape"], dtype=np.int64)):  # every value was read: the whole fits
            raise _corrupt(self.prefix, f"the slices of tensor {name} do not cover its shape {e['shape']} exactly once")
        if len(parts) == 1:
            return parts[0][1]
        full = np.empty(e["shape"], dtype=parts[0][1].dtype)
        for index, part in parts:
            full[index] = part
        return full


def _slice_values(tensor, dtype, shape, name, path):
    """The values of one slice's TensorProto (dtype and shape are the meta's), counted before they are shaped."""
    size = int(np.prod(shape, dtype=np.int64))
    if tensor.tensor_content:
        count = len(tensor.tensor_content) // np.dtype(dtype.as_numpy_dtype).itemsize
    elif dtype == dtypes.string:
        count = len(tensor.string_val)
    else:
        count = len(getattr(tensor, _VAL_FIELD[dtype.name])) // (2 if dtype.is_complex else 1)
    if count != size:
        raise _corrupt(path, f"a slice of tensor {name} holds {count} values, its extent {shape} needs {size}")
    tensor.dtype = dtype.as_datatype_enum
    tensor.tensor_shape.Clear()
    for d in shape:
        tensor.tensor_shape.dim.add(size=d)
    return make_ndarray(tensor)


def _corrupt(path, why):
    return errors.DataLossError(None, None, f"Corrupted V1 checkpoint file {path}: {why}")
