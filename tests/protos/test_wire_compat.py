"""tfsess.protos speak TensorFlow's wire format: checked against the tensorboard package's own protos."""
import glob
import importlib
import os

import numpy as np
import pytest

pytest.importorskip("google.protobuf")
tb_proto = pytest.importorskip("tensorboard.compat.proto")

from tensorboard.compat.proto import event_pb2 as tb_event  # noqa: E402
from tensorboard.compat.proto import graph_pb2 as tb_graph  # noqa: E402
from tensorboard.compat.proto import meta_graph_pb2 as tb_meta  # noqa: E402
from tensorboard.compat.proto import tensor_pb2 as tb_tensor  # noqa: E402

from tfsess.framework.tensor_proto import make_ndarray, make_tensor_proto  # noqa: E402
from tfsess.protos import event_pb2, graph_pb2, meta_graph_pb2, summary_pb2  # noqa: E402

PROTO_DIR = os.path.join(os.path.dirname(importlib.import_module("tfsess.protos").__file__))
TB_DIR = os.path.dirname(tb_proto.__file__)


def _messages(module):
    out = {}

    def walk(desc):
        out[desc.full_name.split(".", 1)[1]] = desc
        for nested in desc.nested_types:
            walk(nested)
    for desc in module.DESCRIPTOR.message_types_by_name.values():
        walk(desc)
    return out


def _fields(desc):
    return {f.name: (f.number, f.type, f.message_type.name if f.message_type else None,
                     f.containing_oneof.name if f.containing_oneof else None) for f in desc.fields}


def _all(folder, package):
    found = {}
    for path in glob.glob(os.path.join(folder, "*_pb2.py")):
        try:
            module = importlib.import_module(f"{package}.{os.path.basename(path)[:-3]}")
        except ImportError:
            continue
        found.update(_messages(module))
    return found


def test_every_shared_message_has_tensorboards_field_numbers_and_types():
    ours, theirs = _all(PROTO_DIR, "tfsess.protos"), _all(TB_DIR, "tensorboard.compat.proto")
    shared = sorted(set(ours) & set(theirs))
    assert {"Event", "Summary", "Summary.Value", "GraphDef", "NodeDef", "TensorProto", "MetaGraphDef",
            "SaverDef", "HistogramProto", "AttrValue", "VariableDef"} <= set(shared)
    for name in shared:
        mine, tb = _fields(ours[name]), _fields(theirs[name])
        for field, spec in mine.items():
            assert tb.get(field) == spec, f"{name}.{field}: ours {spec}, tensorboard {tb.get(field)}"


def test_our_event_parses_with_tensorboard_and_back():
    summary = summary_pb2.Summary(value=[
        summary_pb2.Summary.Value(tag="loss", simple_value=0.5),
        summary_pb2.Summary.Value(tag="h", histo=summary_pb2.HistogramProto(min=-1, max=2, num=3, bucket_limit=[0, 3],
                                                                            bucket=[1, 2])),
        summary_pb2.Summary.Value(tag="t", tensor=make_tensor_proto(np.array([[1.5, 2.0]], np.float32)))])
    event = event_pb2.Event(wall_time=12.5, step=7, summary=summary)
    parsed = tb_event.Event.FromString(event.SerializeToString())
    assert parsed.step == 7 and parsed.wall_time == 12.5
    assert [v.tag for v in parsed.summary.value] == ["loss", "h", "t"]
    assert parsed.summary.value[0].simple_value == 0.5
    assert list(parsed.summary.value[1].histo.bucket) == [1.0, 2.0]
    assert parsed.summary.value[2].tensor.tensor_shape.dim[1].size == 2
    back = event_pb2.Event.FromString(parsed.SerializeToString())
    assert back == event


def test_tensorboard_graph_and_session_log_parse_as_ours():
    graph = tb_graph.GraphDef()
    node = graph.node.add(name="c", op="Const", input=["^a", "b:1"])
    node.attr["dtype"].type = 1
    graph.versions.producer = 27
    mine = graph_pb2.GraphDef.FromString(graph.SerializeToString())
    assert mine.node[0].name == "c" and list(mine.node[0].input) == ["^a", "b:1"]
    assert mine.node[0].attr["dtype"].type == 1 and mine.versions.producer == 27
    log = tb_event.Event(session_log=tb_event.SessionLog(status=tb_event.SessionLog.CHECKPOINT, checkpoint_path="p"))
    ours = event_pb2.Event.FromString(log.SerializeToString())
    assert ours.session_log.status == event_pb2.SessionLog.CHECKPOINT and ours.session_log.checkpoint_path == "p"


def test_meta_graph_collections_round_trip():
    meta = meta_graph_pb2.MetaGraphDef()
    meta.collection_def["summaries"].node_list.value.extend(["loss:0"])
    meta.collection_def["steps"].int64_list.value.extend([1, 2])
    meta.meta_info_def.any_info.Pack(summary_pb2.Summary())
    parsed = tb_meta.MetaGraphDef.FromString(meta.SerializeToString())
    assert list(parsed.collection_def["summaries"].node_list.value) == ["loss:0"]
    assert list(parsed.collection_def["steps"].int64_list.value) == [1, 2]
    assert parsed.meta_info_def.any_info.type_url.endswith("tensorflow.Summary")


@pytest.mark.parametrize("value", [
    np.float32(2.5), np.arange(6, dtype=np.int64).reshape(2, 3), np.array([1.5, -2], np.float16),
    np.array([True, False]), np.array([1 + 2j], np.complex64), np.array([b"a", b"bc"], object),
    np.array(7, np.uint8), np.zeros((0, 2), np.float64)])
def test_tensor_protos_read_back_and_match_tensorboards_reader(value):
    from tensorboard.util import tensor_util
    proto = make_tensor_proto(value)
    assert np.array_equal(make_ndarray(proto), value)
    theirs = tensor_util.make_ndarray(tb_tensor.TensorProto.FromString(proto.SerializeToString()))
    assert np.array_equal(theirs, value)


def test_layouts_follow_tf_single_values_typed_arrays_packed():
    assert list(make_tensor_proto(np.float32(2.0)).float_val) == [2.0]
    assert make_tensor_proto(np.array([1.0, 2.0], np.float32)).tensor_content == np.array([1, 2], "<f4").tobytes()
    assert make_tensor_proto(np.float32(2.0), content=True).tensor_content == np.float32(2.0).tobytes()
    assert list(make_tensor_proto(np.array(["x"], object)).string_val) == [b"x"]
    short = make_tensor_proto(np.float32(1.0))
    short.tensor_shape.dim.add(size=3)
    assert np.array_equal(make_ndarray(short), np.ones(3, np.float32))  # a short list repeats its last value
