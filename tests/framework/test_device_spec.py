"""DeviceSpec parsing, canonical strings, merging of nested tf.device scopes, and errors."""
import pytest

from tfsess.framework import device_spec

DeviceSpec, DeviceSpecV2 = device_spec.DeviceSpec, device_spec.DeviceSpecV2
merge_device, canonical_name = device_spec.merge_device, device_spec.canonical_name

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"


@pytest.mark.parametrize("spec, components, canonical", [
    ("/cpu:0", (None, None, None, "CPU", 0), "/device:CPU:0"),
    ("/gpu:1", (None, None, None, "GPU", 1), "/device:GPU:1"),
    ("/CPU:0", (None, None, None, "CPU", 0), "/device:CPU:0"),
    ("/device:GPU:0", (None, None, None, "GPU", 0), "/device:GPU:0"),
    ("/device:gpu:0", (None, None, None, "GPU", 0), "/device:GPU:0"),
    (CPU0, ("localhost", 0, 0, "CPU", 0), CPU0),
    ("/job:ps/task:1", ("ps", None, 1, None, None), "/job:ps/task:1"),
    ("GPU:0", (None, None, None, "GPU", 0), "/device:GPU:0"),
    ("/device:GPU:*", (None, None, None, "GPU", None), "/device:GPU:*"),
    ("/gpu:*", (None, None, None, "GPU", None), "/device:GPU:*"),
    ("cpu", (None, None, None, "CPU", None), "/device:CPU:*"),
    ("/device:TPU:3", (None, None, None, "TPU", 3), "/device:TPU:3"),
    ("/job:worker/replica:2", ("worker", 2, None, None, None), "/job:worker/replica:2"),
    ("", (None, None, None, None, None), ""),
])
def test_parse_every_form(spec, components, canonical):
    d = DeviceSpecV2.from_string(spec)
    assert (d.job, d.replica, d.task, d.device_type, d.device_index) == components
    assert d.to_string() == canonical and canonical_name(spec) == canonical
    assert DeviceSpecV2.from_string(canonical) == d  # the canonical form parses back to the same spec


@pytest.mark.parametrize("spec, names", [
    ("/gpu:x", "x"),
    ("/foo:1", "foo"),
    ("localhost", "localhost"),
    ("/cpu:0/gpu:0", "/cpu:0/gpu:0"),
    ("/job:a:b", "job"),
    ("/task:one", "one"),
    ("/device:GPU", "device"),
    ("/device:GPU:0:1", "device"),
])
def test_malformed_specs_raise_value_error_naming_them(spec, names):
    with pytest.raises(ValueError, match=f"device spec.*{spec}|{names}") as info:
        DeviceSpecV2.from_string(spec)
    assert spec in str(info.value)


def test_non_string_specs_fail_as_tf_parser_does():
    assert DeviceSpecV2.from_string(0).to_string() == ""  # TF parses `spec or ""`: a falsy spec is empty
    with pytest.raises(AttributeError):
        DeviceSpecV2.from_string(7)  # TF splits it as a string
    with pytest.raises(TypeError):
        DeviceSpecV2.from_string([1])  # unhashable: TF's cache lookup fails first


def test_constructor_normalises_and_builds_strings():
    d = DeviceSpecV2(job="localhost", replica=0, task=0, device_type="cpu", device_index=0)
    assert d.device_type == "CPU" and d.to_string() == CPU0
    assert DeviceSpecV2(device_type="GPU").to_string() == "/device:GPU:*"
    assert DeviceSpecV2(replica="3").replica == 3
    assert DeviceSpecV2().to_string() == ""
    assert repr(DeviceSpecV2(device_type="GPU", device_index=1)) == (
        "<DeviceSpec(job=None, replica=None, task=None, device_type=GPU, device_index=1)>")


def test_v2_is_immutable_value():
    d = DeviceSpecV2.from_string("/gpu:0")
    with pytest.raises(AttributeError):
        d.device_index = 1
    assert d == DeviceSpecV2(device_type="GPU", device_index=0)
    assert hash(d) == hash(DeviceSpecV2(device_type="GPU", device_index=0))
    assert len({d, DeviceSpecV2.from_string("/device:GPU:0")}) == 1
    assert d != "/device:GPU:0"
    r = d.replace(device_index=2, job="ps")
    assert r.to_string() == "/job:ps/device:GPU:2" and d.to_string() == "/device:GPU:0"
    with pytest.raises(TypeError):
        d.replace(bogus=1)


def test_make_merged_spec_prefers_the_argument():
    base = DeviceSpecV2.from_string("/job:ps/task:1/device:CPU:0")
    merged = base.make_merged_spec(DeviceSpecV2.from_string("/gpu:2"))
    assert merged.to_string() == "/job:ps/task:1/device:GPU:2"
    assert base.to_string() == "/job:ps/task:1/device:CPU:0"
    assert base.make_merged_spec(DeviceSpecV2()) == base


def test_v1_is_mutable():
    d = DeviceSpec.from_string("/gpu:1")
    assert isinstance(d, DeviceSpecV2)
    d.job = "worker"
    d.device_type = "cpu"
    assert d.to_string() == "/job:worker/device:CPU:1"
    assert d.parse_from_string("/task:3") is d and d.to_string() == "/task:3"
    d.merge_from(DeviceSpecV2.from_string("/device:GPU:0"))
    assert d.to_string() == "/task:3/device:GPU:0"
    assert hash(d) == hash(DeviceSpecV2.from_string("/task:3/device:GPU:0"))
    assert d == DeviceSpecV2.from_string("/task:3/device:GPU:0")


def test_merge_device_inner_overrides_outer():
    assert merge_device("", "/gpu:0") == "/device:GPU:0"
    assert merge_device("/device:CPU:0", "/device:GPU:1") == "/device:GPU:1"
    assert merge_device("/job:ps/task:0", "/gpu:1") == "/job:ps/task:0/device:GPU:1"
    assert merge_device("/job:ps/task:0/device:CPU:0", "/job:worker") == "/job:worker/task:0/device:CPU:0"
    assert merge_device("/cpu:0", CPU0) == CPU0
    # an inner spec with no index inherits the outer one, as DeviceSpec.make_merged_spec does
    assert merge_device("/gpu:1", "/device:CPU:*") == "/device:CPU:1"


def test_merge_device_none_clears_and_empty_keeps():
    assert merge_device("/device:CPU:0", None) == ""
    assert merge_device("/device:CPU:0", "") == "/device:CPU:0"
    assert merge_device("/cpu:0", "") == "/device:CPU:0"
    assert merge_device("", "") == ""
    assert merge_device("/gpu:0", DeviceSpecV2()) == "/device:GPU:0"
    # an index without a type prints as '' so TF treats it as a null merge too
    assert merge_device("/gpu:0", DeviceSpecV2(device_index=3)) == "/device:GPU:0"
    assert DeviceSpecV2.from_string("/gpu:0").make_merged_spec(DeviceSpecV2(device_index=3)).device_index == 3


def test_nested_scopes_like_conformance_case():
    def scoped(*specs):
        device = ""
        for spec in specs:
            device = merge_device(device, spec)
        return device
    assert scoped("/gpu:0") == "/device:GPU:0"
    assert scoped("/cpu:0") == "/device:CPU:0"
    assert scoped("/cpu:0", "/device:GPU:1") == "/device:GPU:1"
    assert scoped("/cpu:0", None) == ""
    assert scoped(CPU0) == CPU0
    assert scoped("/CPU:0") == "/device:CPU:0"
    assert scoped() == ""


def test_merge_device_rejects_malformed():
    with pytest.raises(ValueError, match="/bogus:0"):
        merge_device("/cpu:0", "/bogus:0")
    with pytest.raises(ValueError):
        merge_device("/nope", "/cpu:0")


def test_canonical_name_and_check_valid():
    assert canonical_name(None) == ""
    assert canonical_name(DeviceSpecV2(device_type="GPU", device_index=0)) == "/device:GPU:0"
    device_spec.check_valid("/job:localhost/task:0")
    with pytest.raises(ValueError):
        device_spec.check_valid("/gpu:zero")
