"""tf.summary: summary ops, FileWriter and the Summary/Event protos (TF1's tf.compat.v1.summary).

The proto classes (Summary, Event, SessionLog, ...) need the optional `protobuf` package and are
loaded on first access, so `import tfsess` does not import protobuf.
"""
from tfsess.ops.summary_ops import (audio, get_summary_description, histogram, image, merge, merge_all, scalar,
                                    tensor_summary, text)
from tfsess.summary.writer import FileWriter, FileWriterCache
from tfsess.summary.v2_summaries import all_v2_summary_ops, initialize

# tf.summary's proto classes, and those tfsess exports at the top level (tf.Summary, tf.Event, ...);
# see proto_class.
SUMMARY_PROTOS = ("Event", "SessionLog", "Summary", "SummaryDescription", "TaggedRunMetadata")
TOP_LEVEL_PROTOS = ("Event", "HistogramProto", "LogMessage", "MetaGraphDef", "NameAttrList", "SessionLog",
                    "Summary", "SummaryMetadata", "TensorInfo")


def proto_class(name: str):
    """The tfsess.protos message class `name` (imports protobuf on first use)."""
    from tfsess.protos import attr_value_pb2, event_pb2, meta_graph_pb2, summary_pb2  # optional dependency: protobuf
    for module in (summary_pb2, event_pb2, meta_graph_pb2, attr_value_pb2):
        if name in module.DESCRIPTOR.message_types_by_name:
            return getattr(module, name)
    from tfsess.protos import histogram_pb2  # optional dependency: protobuf
    return getattr(histogram_pb2, name)


def __getattr__(name):
    if name in SUMMARY_PROTOS:
        return proto_class(name)
    raise AttributeError(f"module 'tfsess.summary' has no attribute '{name}'")


__all__ = ["FileWriter", "FileWriterCache", "all_v2_summary_ops", "audio", "get_summary_description", "histogram",
           "image", "initialize", "merge", "merge_all", "scalar", "tensor_summary", "text", *SUMMARY_PROTOS]
