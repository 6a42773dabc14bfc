"""ConfigProto, GPUOptions, RunOptions, RunMetadata: protobuf-like fields, errors, text format, encoding."""
import copy

import pytest

from tfsess.client import config

ConfigProto, GPUOptions = config.ConfigProto, config.GPUOptions
RunOptions, RunMetadata = config.RunOptions, config.RunMetadata


# ------------------------------------------------------------------ construction and defaults
def test_proto3_defaults():
    c = ConfigProto()
    assert c.log_device_placement is False and c.allow_soft_placement is False
    assert (c.intra_op_parallelism_threads, c.inter_op_parallelism_threads, c.operation_timeout_in_ms) == (0, 0, 0)
    assert c.gpu_options.allow_growth is False
    assert c.gpu_options.per_process_gpu_memory_fraction == 0.0
    assert isinstance(c.gpu_options.per_process_gpu_memory_fraction, float)
    assert c.gpu_options.visible_device_list == ""
    assert dict(c.device_count) == {} and len(c.device_filters) == 0
    assert str(c) == "" and c.ListFields() == []


def test_keyword_construction_copies_sub_message():
    opts = GPUOptions(per_process_gpu_memory_fraction=0.25, allow_growth=True)
    c = ConfigProto(gpu_options=opts, allow_soft_placement=True, device_count={"CPU": 1, "GPU": 0},
                    operation_timeout_in_ms=5000)
    opts.allow_growth = False
    assert c.gpu_options.allow_growth is True and opts.allow_growth is False
    assert c.gpu_options.per_process_gpu_memory_fraction == 0.25
    assert dict(c.device_count) == {"CPU": 1, "GPU": 0}
    assert c.operation_timeout_in_ms == 5000 and c.allow_soft_placement is True


def test_constructor_accepts_dicts_and_skips_none():
    c = ConfigProto(gpu_options={"allow_growth": True}, log_device_placement=None)
    assert c.gpu_options.allow_growth is True and not c.log_device_placement
    md = RunMetadata(step_stats={"dev_stats": [{"device": "/cpu:0", "node_stats": [{"node_name": "a"}]}]})
    assert md.step_stats.dev_stats[0].node_stats[0].node_name == "a"


def test_enum_constants_and_wrapper():
    levels = (RunOptions.NO_TRACE, RunOptions.SOFTWARE_TRACE, RunOptions.HARDWARE_TRACE, RunOptions.FULL_TRACE)
    assert levels == (0, 1, 2, 3)
    assert RunOptions.TraceLevel.FULL_TRACE == 3
    assert RunOptions.TraceLevel.Name(1) == "SOFTWARE_TRACE" and RunOptions.TraceLevel.Value("NO_TRACE") == 0
    assert RunOptions.TraceLevel.keys() == ["NO_TRACE", "SOFTWARE_TRACE", "HARDWARE_TRACE", "FULL_TRACE"]
    with pytest.raises(ValueError):
        RunOptions.TraceLevel.Name(9)
    opts = RunOptions(trace_level=RunOptions.FULL_TRACE, timeout_in_ms=250)
    assert (opts.trace_level, opts.timeout_in_ms) == (3, 250)
    assert RunOptions(trace_level="SOFTWARE_TRACE").trace_level == 1
    assert (RunOptions().trace_level, RunOptions().timeout_in_ms) == (0, 0)


# ------------------------------------------------------------------ in-place mutation, maps, repeated fields
def test_nested_assignment_mutates_own_sub_message():
    c = ConfigProto()
    assert not c.HasField("gpu_options")
    gpu = c.gpu_options
    gpu.allow_growth = True
    c.gpu_options.per_process_gpu_memory_fraction = 0.4
    c.gpu_options.visible_device_list = "0"
    assert c.HasField("gpu_options") and gpu is c.gpu_options
    assert (c.gpu_options.allow_growth, c.gpu_options.per_process_gpu_memory_fraction,
            c.gpu_options.visible_device_list) == (True, 0.4, "0")
    c.graph_options.optimizer_options.do_constant_folding = True
    assert c.HasField("graph_options") and c.graph_options.HasField("optimizer_options")


def test_reading_a_sub_message_does_not_set_it():
    c = ConfigProto()
    assert c.gpu_options.allow_growth is False
    assert not c.HasField("gpu_options") and c == ConfigProto()
    c.gpu_options.SetInParent()
    assert c.HasField("gpu_options") and str(c) == "gpu_options {\n}\n"


def test_map_field():
    c = ConfigProto()
    c.device_count["GPU"] = 0
    c.device_count["CPU"] = 2
    assert dict(c.device_count) == {"GPU": 0, "CPU": 2} and len(c.device_count) == 2
    assert "GPU" in c.device_count and "TPU" not in c.device_count
    assert c.device_count.get("TPU") is None and "TPU" not in c.device_count
    assert c.device_count["TPU"] == 0 and "TPU" in c.device_count  # protobuf's map[key] inserts the default
    del c.device_count["TPU"]
    assert sorted(c.device_count) == ["CPU", "GPU"]
    with pytest.raises(TypeError):
        c.device_count["GPU"] = "one"
    with pytest.raises(TypeError):
        c.device_count[1] = 1


def test_repeated_message_field():
    md = RunMetadata()
    dev_stats = md.step_stats.dev_stats
    assert len(dev_stats) == 0 and not md.HasField("step_stats")
    ds = dev_stats.add(device="/job:localhost/replica:0/task:0/device:CPU:0")
    ns = ds.node_stats.add(node_name="y", all_start_micros=10, op_end_rel_micros=3, all_end_rel_micros=4)
    out = ns.output.add(slot=0)
    out.tensor_description.dtype = config.DataType.DT_FLOAT
    out.tensor_description.shape.dim.add(size=2)
    out.tensor_description.allocation_description.allocated_bytes = 8
    assert md.HasField("step_stats") and len(dev_stats) == 1 and dev_stats[0] is ds
    assert [d.device for d in md.step_stats.dev_stats] == ["/job:localhost/replica:0/task:0/device:CPU:0"]
    assert md.step_stats.dev_stats[-1].node_stats[0].output[0].tensor_description.shape.dim[0].size == 2
    other = config.DeviceStepStats(device="/gpu:0")
    dev_stats.append(other)
    other.device = "changed"
    assert dev_stats[1].device == "/gpu:0"  # append copies, as protobuf does
    dev_stats.extend([config.DeviceStepStats(device="x")])
    assert [d.device for d in dev_stats] == ["/job:localhost/replica:0/task:0/device:CPU:0", "/gpu:0", "x"]
    del dev_stats[1:]
    assert len(dev_stats) == 1
    with pytest.raises(TypeError):
        dev_stats.append(GPUOptions())


def test_repeated_scalar_and_opaque_fields():
    c = ConfigProto(device_filters=["/cpu:0"])
    c.device_filters.append("/gpu:0")
    c.device_filters.extend([b"/job:ps"])
    assert list(c.device_filters) == ["/cpu:0", "/gpu:0", "/job:ps"]
    assert c.device_filters == ["/cpu:0", "/gpu:0", "/job:ps"]
    with pytest.raises(TypeError):
        c.device_filters.append(3)
    marker = object()
    md = RunMetadata()
    md.partition_graphs.append(marker)
    assert md.partition_graphs[0] is marker and len(md.partition_graphs) == 1


# ------------------------------------------------------------------ errors (TF's classes)
def test_unknown_fields_rejected():
    with pytest.raises(ValueError, match="no_such_field"):
        ConfigProto(no_such_field=1)
    c = ConfigProto()
    with pytest.raises(AttributeError, match="no_such_field"):
        c.no_such_field = 1
    with pytest.raises(AttributeError):
        c.no_such_field  # noqa: B018
    with pytest.raises(ValueError):
        c.HasField("no_such_field")


def test_assigning_composite_fields_raises_attribute_error():
    c = ConfigProto()
    with pytest.raises(AttributeError, match="gpu_options"):
        c.gpu_options = GPUOptions(allow_growth=True)
    assert c.gpu_options.allow_growth is False
    with pytest.raises(AttributeError):
        c.device_count = {"GPU": 0}
    with pytest.raises(AttributeError):
        RunMetadata().partition_graphs = []


@pytest.mark.parametrize("kwargs", [
    {"intra_op_parallelism_threads": "two"},
    {"intra_op_parallelism_threads": 2.0},
    {"allow_soft_placement": "yes"},
    {"operation_timeout_in_ms": [1]},
    {"gpu_options": 5},
])
def test_wrong_types_raise_type_error(kwargs):
    with pytest.raises(TypeError):
        ConfigProto(**kwargs)


def test_wrong_types_on_assignment():
    g = GPUOptions()
    with pytest.raises(TypeError):
        g.allow_growth = "yes"
    with pytest.raises(TypeError):
        g.per_process_gpu_memory_fraction = "0.5"
    with pytest.raises(TypeError):
        g.visible_device_list = 0
    with pytest.raises(TypeError):
        g.allow_growth = None
    with pytest.raises(ValueError, match="out of range"):
        ConfigProto(intra_op_parallelism_threads=2 ** 31)
    g.per_process_gpu_memory_fraction = 1  # ints are accepted for doubles and bools, converted
    g.allow_growth = 1
    assert g.per_process_gpu_memory_fraction == 1.0 and isinstance(g.per_process_gpu_memory_fraction, float)
    assert g.allow_growth is True


def test_has_field_on_scalar_raises():
    with pytest.raises(ValueError, match="presence"):
        ConfigProto().HasField("allow_soft_placement")


# ------------------------------------------------------------------ value semantics
def test_equality_by_value_and_unhashable():
    a = ConfigProto(allow_soft_placement=True, device_count={"GPU": 0})
    b = ConfigProto()
    b.device_count["GPU"] = 0
    b.allow_soft_placement = True
    assert a == b and not (a != b)
    b.gpu_options.allow_growth = True
    assert a != b
    assert ConfigProto() != GPUOptions() and ConfigProto() != 0
    with pytest.raises(TypeError):
        hash(a)


def test_copy_merge_clear():
    src = ConfigProto(allow_soft_placement=True, gpu_options=GPUOptions(allow_growth=True),
                      device_count={"GPU": 0}, device_filters=["/cpu:0"])
    dst = ConfigProto(log_device_placement=True, device_count={"CPU": 2}, device_filters=["/gpu:0"])
    dst.MergeFrom(src)
    assert dst.log_device_placement and dst.allow_soft_placement and dst.gpu_options.allow_growth
    assert dict(dst.device_count) == {"CPU": 2, "GPU": 0} and list(dst.device_filters) == ["/gpu:0", "/cpu:0"]
    dst.CopyFrom(src)
    assert dst == src and not dst.log_device_placement
    dst.ClearField("gpu_options")
    assert not dst.HasField("gpu_options") and dst.gpu_options.allow_growth is False
    dst.Clear()
    assert dst == ConfigProto()
    with pytest.raises(TypeError):
        dst.CopyFrom(GPUOptions())
    with pytest.raises(TypeError):
        dst.MergeFrom(RunOptions())
    deep = copy.deepcopy(src)
    deep.gpu_options.allow_growth = False
    assert deep != src and src.gpu_options.allow_growth is True


def test_list_fields_in_field_number_order():
    c = ConfigProto(log_device_placement=True, device_count={"GPU": 0}, allow_soft_placement=True)
    assert [f.name for f, _ in c.ListFields()] == ["device_count", "allow_soft_placement", "log_device_placement"]
    assert c.ListFields()[1][1] is True


# ------------------------------------------------------------------ text format and encoding
def test_text_format_repr():
    c = ConfigProto(allow_soft_placement=True, device_count={"GPU": 0, "CPU": 1})
    c.gpu_options.allow_growth = True
    c.gpu_options.per_process_gpu_memory_fraction = 0.5
    assert str(c) == (
        'device_count {\n  key: "CPU"\n  value: 1\n}\n'
        'device_count {\n  key: "GPU"\n  value: 0\n}\n'
        "gpu_options {\n  per_process_gpu_memory_fraction: 0.5\n  allow_growth: true\n}\n"
        "allow_soft_placement: true\n")
    assert repr(c) == str(c)
    traced = RunOptions(trace_level=RunOptions.FULL_TRACE, timeout_in_ms=5)
    assert str(traced) == "trace_level: FULL_TRACE\ntimeout_in_ms: 5\n"
    assert str(GPUOptions(visible_device_list='0,"1"\n')) == 'visible_device_list: "0,\\"1\\"\\n"\n'
    assert str(GPUOptions(visible_device_list="é")) == 'visible_device_list: "\\303\\251"\n'


def test_serialize_round_trip():
    c = ConfigProto(allow_soft_placement=True, device_count={"GPU": 0}, operation_timeout_in_ms=7,
                    device_filters=["/cpu:0"])
    c.gpu_options.per_process_gpu_memory_fraction = 0.3
    c.graph_options.optimizer_options.opt_level = config.OptimizerOptions.L0
    data = c.SerializeToString()
    assert isinstance(data, bytes)
    assert ConfigProto.FromString(data) == c
    other = ConfigProto(log_device_placement=True)
    assert other.ParseFromString(data) == len(data) and other == c and not other.log_device_placement
    assert ConfigProto().SerializeToString() == b"" and ConfigProto.FromString(b"") == ConfigProto()
    empty_sub = ConfigProto()
    empty_sub.gpu_options.SetInParent()
    assert ConfigProto.FromString(empty_sub.SerializeToString()).HasField("gpu_options")
    fn, args = c.__reduce__()
    assert fn(*args) == c


def test_serialize_round_trip_run_metadata_with_int_keyed_map():
    md = RunMetadata()
    ds = md.step_stats.dev_stats.add(device="/cpu:0")
    ds.thread_names[7] = "worker"
    ds.node_stats.add(node_name="a", timeline_label="a = Const()").output.add(slot=1)
    back = RunMetadata.FromString(md.SerializeToString())
    assert back == md and back.step_stats.dev_stats[0].thread_names[7] == "worker"


def test_parse_garbage_raises_decode_error():
    with pytest.raises(config.DecodeError):
        ConfigProto.FromString(b"\x08\x01")
    with pytest.raises(config.DecodeError):
        ConfigProto.FromString(b'{"bogus": 1}')
