"""tf.io.decode_proto / encode_proto (the DecodeProtoV2 and EncodeProto ops) through protobuf's descriptors.

`descriptor_source` is "local://" (the message types this process knows: tfsess's TensorFlow
protos, then protobuf's default pool), "bytes://" followed by a serialized FileDescriptorSet, or
the path of a file holding one. Each decoded field gives a tensor [batch..., max count] padded
with the field's default value, and `sizes` [batch..., fields] counts the values of each field.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape

# the output dtypes each protobuf field type may be decoded to (TF's rules)
_ALLOWED = {"int32": (dtypes.int32, dtypes.int64), "sint32": (dtypes.int32, dtypes.int64),
            "sfixed32": (dtypes.int32, dtypes.int64), "enum": (dtypes.int32, dtypes.int64),
            "int64": (dtypes.int64,), "sint64": (dtypes.int64,), "sfixed64": (dtypes.int64,),
            "uint32": (dtypes.uint32, dtypes.int64), "fixed32": (dtypes.uint32, dtypes.int64),
            "uint64": (dtypes.uint64, dtypes.int64), "fixed64": (dtypes.uint64, dtypes.int64),
            "float": (dtypes.float32, dtypes.float64), "double": (dtypes.float64, dtypes.float32),
            "bool": (dtypes.bool,), "string": (dtypes.string,), "bytes": (dtypes.string,),
            "message": (dtypes.string,), "group": (dtypes.string,)}

DecodeProtoResult = collections.namedtuple("DecodeProtoV2", ["sizes", "values"])


def _protobuf():
    try:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory  # optional: protobuf
    except ImportError:
        raise errors.UnimplementedError(None, None, "decode_proto/encode_proto need protobuf: pip install protobuf") \
            from None
    return descriptor_pb2, descriptor_pool, message_factory


def _message_class(message_type, descriptor_source):
    descriptor_pb2, descriptor_pool, message_factory = _protobuf()
    if descriptor_source == "local://":
        # optional: protobuf; importing these modules adds TensorFlow's message types to the pool
        from tfsess.protos import _pool, checkpoint_state_pb2, config_pb2, event_pb2, example_pb2  # noqa: F401
        from tfsess.protos import meta_graph_pb2, saved_model_pb2, tensor_bundle_pb2  # noqa: F401
        pools = [_pool.POOL, descriptor_pool.Default()]
    else:
        if descriptor_source.startswith("bytes://"):
            raw = descriptor_source[len("bytes://"):].encode("latin-1")
        else:
            try:
                with open(descriptor_source, "rb") as f:
                    raw = f.read()
            except OSError as exc:
                raise errors.NotFoundError(None, None, f"{descriptor_source}; {exc.strerror}") from None
        pool = descriptor_pool.DescriptorPool()
        try:
            for file_proto in descriptor_pb2.FileDescriptorSet.FromString(raw).file:
                pool.Add(file_proto)
        except Exception as exc:  # noqa: BLE001 - any malformed descriptor set
            raise errors.InvalidArgumentError(None, None, f"Unable to parse the descriptor set {descriptor_source}: "
                                              f"{exc}") from None
        pools = [pool]
    for pool in pools:
        try:
            return message_factory.GetMessageClass(pool.FindMessageTypeByName(message_type))
        except KeyError:
            continue
    raise errors.InvalidArgumentError(None, None, f"No descriptor found for message type {message_type}")


def _type_name(field):
    kinds = {v: k.lower()[5:] for k, v in type(field).__dict__.items() if k.startswith("TYPE_")}
    return kinds[field.type]


def _fields(cls, message_type, field_names, output_types):
    found = []
    for name, dtype in zip(field_names, output_types):
        field = cls.DESCRIPTOR.fields_by_name.get(name)
        if field is None:
            raise errors.InvalidArgumentError(None, None, f"Unknown field: {name} in message type {message_type}")
        kind = _type_name(field)
        if dtype is not None and dtypes.as_dtype(dtype) not in _ALLOWED[kind]:
            raise errors.InvalidArgumentError(None, None, f"Unexpected output type for {message_type}.{name}: "
                                              f"{kind} to DT_{dtypes.as_dtype(dtype).name.upper()}")
        found.append(field)
    return found


def _is_repeated(field):
    repeated = getattr(field, "is_repeated", None)  # protobuf >= 6; `label` before
    return repeated if repeated is not None else field.label == field.LABEL_REPEATED


def _present(message, field):
    if _is_repeated(field):
        return list(getattr(message, field.name))
    if field.has_presence:
        return [getattr(message, field.name)] if message.HasField(field.name) else []
    value = getattr(message, field.name)
    return [value] if value != field.default_value else []


def _as_output(values, field, dtype):
    if dtype == dtypes.string:
        return [v.SerializeToString() if hasattr(v, "SerializeToString") else
                (v.encode("utf-8") if isinstance(v, str) else bytes(v)) for v in values]
    return list(values)


def _pad_value(field, dtype):
    if dtype == dtypes.string:
        value = field.default_value if not _is_repeated(field) and field.type != field.TYPE_MESSAGE else b""
        return value.encode("utf-8") if isinstance(value, str) else (value or b"")
    return field.default_value if not _is_repeated(field) else 0


# ------------------------------------------------------------------ DecodeProtoV2
def _decode_infer(inputs, attrs):
    batch = inputs[0].shape
    fields = len(attrs["field_names"])
    lead = batch if batch.ndims is not None else None
    sizes = TensorShape(None) if lead is None else lead.concatenate([fields])
    values = [(dtypes.as_dtype(t), TensorShape(None) if lead is None else lead.concatenate([None]))
              for t in attrs["output_types"]]
    return [(dtypes.int32, sizes)] + values


@register_op("DecodeProtoV2", infer=_decode_infer, gpu=False, no_gradient=True)
def _decode_proto_v2(xp, serialized, *, message_type, field_names, output_types, descriptor_source="local://",
                     message_format="binary", sanitize=False):
    if message_format != "binary":
        raise errors.UnimplementedError(None, None, f"message_format {message_format!r} is not supported: use "
                                        "'binary'")
    cls = _message_class(message_type, descriptor_source)
    types = [dtypes.as_dtype(t) for t in output_types]
    fields = _fields(cls, message_type, field_names, types)
    batch = np.asarray(serialized, dtype=object)
    per_message = []
    for data in batch.reshape(-1):
        message = cls()
        try:
            message.MergeFromString(data.encode("latin-1") if isinstance(data, str) else bytes(data))
        except Exception:  # noqa: BLE001 - protobuf's DecodeError or a truncated buffer
            raise errors.DataLossError(None, None, "CountFields: Failed to consume entire buffer") from None
        per_message.append([_as_output(_present(message, f), f, t) for f, t in zip(fields, types)])
    sizes = np.array([[len(v) for v in row] for row in per_message], np.int32).reshape(batch.shape + (len(fields),))
    outputs = [sizes]
    for k, (field, dtype) in enumerate(zip(fields, types)):
        width = max([1] + [len(row[k]) for row in per_message])
        np_dtype = object if dtype == dtypes.string else dtype.as_numpy_dtype
        out = np.empty((len(per_message), width), dtype=np_dtype)
        out[...] = _pad_value(field, dtype)
        for i, row in enumerate(per_message):
            out[i, :len(row[k])] = row[k]
        outputs.append(out.reshape(batch.shape + (width,)))
    return tuple(outputs)


def decode_proto(bytes, message_type, field_names, output_types, descriptor_source="local://",  # noqa: A002
                 message_format="binary", sanitize=False, name=None):
    """The fields `field_names` of serialized `message_type` protos: (sizes, [values per field])."""
    serialized = convert_to_tensor(bytes, dtypes.string, name="bytes")
    attrs = {"message_type": message_type, "field_names": list(field_names),
             "output_types": [dtypes.as_dtype(t) for t in output_types], "descriptor_source": descriptor_source,
             "message_format": message_format, "sanitize": bool(sanitize)}
    outs = apply_op("DecodeProtoV2", [serialized], attrs, name=name or "DecodeProtoV2").outputs
    return DecodeProtoResult(outs[0], list(outs[1:]))


# ------------------------------------------------------------------ EncodeProto
def _encode_infer(inputs, attrs):
    sizes = inputs[0].shape
    return [(dtypes.string, TensorShape(None) if sizes.ndims is None else sizes[:-1])]


@register_op("EncodeProto", infer=_encode_infer, gpu=False, no_gradient=True)
def _encode_proto(xp, sizes, *values, field_names, message_type, descriptor_source="local://", Tinput_types=()):
    cls = _message_class(message_type, descriptor_source)
    fields = _fields(cls, message_type, field_names, [None] * len(field_names))
    sizes = np.asarray(sizes)
    if sizes.shape[-1:] != (len(fields),):
        raise errors.InvalidArgumentError(None, None, f"sizes should be batch_size + [len(field_names)].  sizes "
                                          f"shape: {list(sizes.shape)} len(field_names): {len(fields)}")
    batch_shape = sizes.shape[:-1]
    flat_sizes = sizes.reshape(-1, len(fields))
    flat_values = [np.asarray(v).reshape(flat_sizes.shape[0], -1) for v in values]
    out = np.empty(flat_sizes.shape[0], dtype=object)
    for i in range(flat_sizes.shape[0]):
        message = cls()
        for k, field in enumerate(fields):
            count = int(flat_sizes[i, k])
            if count > flat_values[k].shape[1]:
                raise errors.InvalidArgumentError(None, None, f"Size for field {field.name} ({count}) exceeds the "
                                                  f"values it is given ({flat_values[k].shape[1]})")
            items = [_python_value(v, field) for v in flat_values[k][i, :count]]
            if _is_repeated(field):
                if field.type == field.TYPE_MESSAGE:
                    for item in items:
                        getattr(message, field.name).add().MergeFromString(item)
                else:
                    getattr(message, field.name).extend(items)
            elif items:
                if field.type == field.TYPE_MESSAGE:
                    getattr(message, field.name).MergeFromString(items[0])
                else:
                    setattr(message, field.name, items[0])
        out[i] = message.SerializeToString()
    return out.reshape(batch_shape)


def _python_value(value, field):
    if field.type == field.TYPE_STRING:
        return value.decode("utf-8") if isinstance(value, bytes) else str(value)
    if field.type in (field.TYPE_BYTES, field.TYPE_MESSAGE, field.TYPE_GROUP):
        return value if isinstance(value, bytes) else str(value).encode("utf-8")
    if field.type == field.TYPE_BOOL:
        return bool(value)
    if field.type in (field.TYPE_FLOAT, field.TYPE_DOUBLE):
        return float(value)
    return int(value)


def encode_proto(sizes, values, field_names, message_type, descriptor_source="local://", name=None):
    """Serialized `message_type` protos: field `field_names[k]` of message i takes the first
    sizes[i, k] entries of values[k][i]."""
    sizes = convert_to_tensor(sizes, dtypes.int32, name="sizes")
    tensors = [convert_to_tensor(v, name="values") for v in values]
    attrs = {"field_names": list(field_names), "message_type": message_type, "descriptor_source": descriptor_source,
             "Tinput_types": [t.dtype.base_dtype for t in tensors]}
    return apply_op("EncodeProto", [sizes] + tensors, attrs, name=name or "EncodeProto").outputs[0]


__all__ = ["decode_proto", "encode_proto"]
