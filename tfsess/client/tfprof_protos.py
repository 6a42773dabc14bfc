"""TF's tfprof messages AdviceProto (tfprof_output.proto) and OpLogProto (tfprof_log.proto, for the
`tfprof_log` file write_op_log writes) as protobuf classes: described here with TF's package, names and field
numbers, added to tfsess's descriptor pool on first use (protobuf is optional). OpLogEntry's `code_def`
(Python call sites) is left out: tfsess records no op creation traces.
"""
from __future__ import annotations

import functools

_FILE = "tfsess/protos/tfprof_messages.proto"
_PACKAGE = "tensorflow.tfprof"


def _map_entry(message, name, key_type, value_type, value_type_name=None):
    from google.protobuf import descriptor_pb2  # optional dependency: protobuf
    field = descriptor_pb2.FieldDescriptorProto
    entry = message.nested_type.add(name=name)
    entry.options.map_entry = True
    entry.field.add(name="key", number=1, type=key_type, label=field.LABEL_OPTIONAL)
    value = entry.field.add(name="value", number=2, type=value_type, label=field.LABEL_OPTIONAL)
    if value_type_name:
        value.type_name = value_type_name
    return f".{_PACKAGE}.{message.name}.{name}"


@functools.lru_cache(maxsize=None)
def _classes():
    from google.protobuf import descriptor_pb2, message_factory  # optional dependency: protobuf
    from tfsess.protos import _pool  # optional dependency: protobuf
    field = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name=_FILE, package=_PACKAGE, syntax="proto3")
    entry = proto.message_type.add(name="OpLogEntry")
    entry.field.add(name="name", number=1, type=field.TYPE_STRING, label=field.LABEL_OPTIONAL)
    entry.field.add(name="float_ops", number=2, type=field.TYPE_INT64, label=field.LABEL_OPTIONAL)
    entry.field.add(name="types", number=3, type=field.TYPE_STRING, label=field.LABEL_REPEATED)
    log = proto.message_type.add(name="OpLogProto")
    log.field.add(name="log_entries", number=1, type=field.TYPE_MESSAGE, label=field.LABEL_REPEATED,
                  type_name=f".{_PACKAGE}.OpLogEntry")
    log.field.add(name="id_to_string", number=2, type=field.TYPE_MESSAGE, label=field.LABEL_REPEATED,
                  type_name=_map_entry(log, "IdToStringEntry", field.TYPE_INT64, field.TYPE_STRING))
    advice = proto.message_type.add(name="AdviceProto")
    checker = advice.nested_type.add(name="Checker")
    checker.field.add(name="reports", number=2, type=field.TYPE_STRING, label=field.LABEL_REPEATED)
    advice.field.add(name="checkers", number=1, type=field.TYPE_MESSAGE, label=field.LABEL_REPEATED,
                     type_name=_map_entry(advice, "CheckersEntry", field.TYPE_STRING, field.TYPE_MESSAGE,
                                          f".{_PACKAGE}.AdviceProto.Checker"))
    try:
        _pool.POOL.FindFileByName(_FILE)
    except KeyError:
        _pool.POOL.AddSerializedFile(proto.SerializeToString())
    return {name: message_factory.GetMessageClass(_pool.POOL.FindMessageTypeByName(f"{_PACKAGE}.{name}"))
            for name in ("OpLogEntry", "OpLogProto", "AdviceProto")}


def tfprof_class(name: str):
    """The protobuf class `name` ('AdviceProto', 'OpLogProto' or 'OpLogEntry') of TF's tfprof messages."""
    return _classes()[name]


__all__ = []  # tf.profiler.AdviceProto is served by tfsess/profiler.py's __getattr__
