"""tf.saved_model's TF2 names: SaveOptions, VariablePolicy, Asset, TrackableResource, and save/load_v2's checks."""
import os

import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
VP = tf.saved_model.experimental.VariablePolicy


def test_save_options_defaults_and_policy_conversion():
    options = tf.saved_model.SaveOptions(experimental_variable_policy="Save_Variable_Devices")
    assert options.experimental_variable_policy is VP.SAVE_VARIABLE_DEVICES
    assert tf.saved_model.SaveOptions().function_aliases == {}
    assert tf.saved_model.SaveOptions().experimental_variable_policy is VP.NONE
    assert VP.EXPAND_DISTRIBUTED_VARIABLES._save_variable_devices()
    assert not VP.SAVE_VARIABLE_DEVICES._expand_distributed_variables()
    with pytest.raises(AttributeError):
        tf.saved_model.SaveOptions().typo = 1


@pytest.mark.parametrize("kwargs, error, text", [
    ({"namespace_whitelist": "ns"}, TypeError, "must be a list of strings"),
    ({"namespace_whitelist": [1]}, ValueError, "Whitelisted namespace must be a string"),
    ({"experimental_variable_policy": "nope"}, ValueError, "invalid VariablePolicy value: nope"),
    ({"experimental_image_format": True}, ValueError, "disabled in OSS"),
    ({"experimental_sharding_callback": "policy"}, ValueError, "must be of type ShardingCallback"),
])
def test_save_options_refuse_what_tf_refuses(kwargs, error, text):
    with pytest.raises(error, match=text):
        tf.saved_model.SaveOptions(**kwargs)


def test_asset_path_is_a_cpu_string_constant_outside_control_dependencies(g):
    with tf.control_dependencies([tf.no_op()]):
        asset = tf.saved_model.Asset("data/vocab.txt")
    assert asset.asset_path.op.type == "Const" and asset.asset_path.op.control_inputs == []
    assert asset.asset_path.name == "asset_path:0" and asset.asset_path.device == "/device:CPU:*"
    with tf.Session() as sess:
        assert sess.run(tf.strings.join([asset, "#"])) == b"data/vocab.txt#"
    with pytest.raises(TypeError, match="Expected string"):
        tf.saved_model.Asset(3)


def test_trackable_resource_creates_its_handle_once_on_its_device(g):
    class Counter(tf.saved_model.experimental.TrackableResource):
        def __init__(self):
            super().__init__(device="/cpu:0")
            self.made = 0

        def _create_resource(self):
            self.made += 1
            return tf.Variable(0, use_resource=True).handle

    counter = Counter()
    assert counter.resource_handle is counter.resource_handle and counter.made == 1
    assert counter.resource_handle.device == "/device:CPU:0"
    with pytest.raises(NotImplementedError, match="_create_resource not implemented"):
        tf.saved_model.experimental.TrackableResource().resource_handle


def test_assets_and_resources_are_value_less_nodes_of_a_checkpoint(g, tmp_path):
    class Res(tf.saved_model.experimental.TrackableResource):
        def _create_resource(self):
            return tf.Variable(0.0, use_resource=True).handle

    m = tf.Module()
    m.asset, m.res, m.v = tf.saved_model.Asset("f.txt"), Res(), tf.Variable(1.0, use_resource=True)
    with tf.Session() as sess:
        sess.run(m.v.initializer)
        path = tf.train.Checkpoint(m=m).write(str(tmp_path / "c"))
    assert sorted(n for n, _ in tf.train.list_variables(path)) == ["_CHECKPOINTABLE_OBJECT_GRAPH",
                                                                    "m/v/.ATTRIBUTES/VARIABLE_VALUE"]


def test_save_and_load_v2_check_arguments_then_say_what_is_missing(g, tmp_path):
    with pytest.raises(ValueError, match="Expected an object of type `Trackable`"):
        tf.saved_model.save("not trackable", str(tmp_path / "a"))
    module = tf.Module()
    with pytest.raises(RuntimeError, match="without a default session"):
        tf.saved_model.save(module, str(tmp_path / "b"))
    assert os.listdir(tmp_path / "b") == ["variables"]
    with tf.Session():
        with pytest.raises(NotImplementedError, match="tf.saved_model.save"):
            tf.saved_model.experimental.save(module, str(tmp_path / "c"))
    with pytest.raises(OSError, match="SavedModel file does not exist"):
        tf.saved_model.load_v2(str(tmp_path / "missing"))
    x = tf.placeholder(tf.float32, [None], name="x")
    with tf.Session() as sess:
        tf.saved_model.simple_save(sess, str(tmp_path / "v1"), inputs={"x": x}, outputs={"y": x * 2.0})
    with pytest.raises(NotImplementedError, match="tf.saved_model.load_v2"):
        tf.saved_model.load_v2(str(tmp_path / "v1"))
