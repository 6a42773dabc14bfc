"""tf.saved_model's TF2 names in TF1 graph mode: SaveOptions, experimental.VariablePolicy, Asset,
experimental.TrackableResource, and the argument checks of save / load_v2 that come before any writing."""
import os

import numpy as np

from _harness import catch, message_has
from _casekit import in_tmp as _in_tmp


_FIELDS = ["namespace_whitelist", "save_debug_info", "function_aliases", "experimental_debug_stripper",
           "experimental_io_device", "experimental_custom_gradients", "experimental_image_format",
           "experimental_skip_saver", "extra_tags"]


def _fields(options):
    out = {name: getattr(options, name) for name in _FIELDS}
    out["policy"] = options.experimental_variable_policy.name
    out["sharding"] = type(options.experimental_sharding_callback).__name__
    return out


def case_save_options_defaults(tf):
    return _fields(tf.saved_model.SaveOptions())


def case_save_options_set(tf):
    return _fields(tf.saved_model.SaveOptions(
        namespace_whitelist=["Custom", "a.b"], save_debug_info=True, function_aliases={"f": "g"},
        experimental_io_device="/cpu:0", experimental_variable_policy="SAVE_VARIABLE_DEVICES",
        experimental_custom_gradients=False, experimental_skip_saver=True, extra_tags=["x"],
        experimental_sharding_callback=tf.train.experimental.MaxShardSizePolicy(10)))


def case_save_options_errors(tf):
    so = tf.saved_model.SaveOptions
    return {"ns_str": message_has(lambda: so(namespace_whitelist="a"), "must be a list of strings", "<class 'str'>"),
            "ns_int": message_has(lambda: so(namespace_whitelist=[3]), "must be a string", "<class 'int'>"),
            "policy": message_has(lambda: so(experimental_variable_policy="bad"), "invalid VariablePolicy value: bad"),
            "image": message_has(lambda: so(experimental_image_format=True), "experimental_image_format"),
            "sharding": message_has(lambda: so(experimental_sharding_callback=3), "ShardingCallback"),
            "slots": catch(lambda: setattr(so(), "unknown_field", 1))}


def case_variable_policy(tf):
    vp = tf.saved_model.experimental.VariablePolicy
    return {"members": [(p.name, p.value) for p in vp],
            "from_none": vp.from_obj(None).name, "from_upper": vp.from_obj("EXPAND_DISTRIBUTED_VARIABLES").name,
            "from_member": vp.from_obj(vp.SAVE_VARIABLE_DEVICES).name,
            "bad": message_has(lambda: vp.from_obj(3), "Received invalid VariablePolicy value: 3."),
            "devices": [p._save_variable_devices() for p in vp],
            "expand": [p._expand_distributed_variables() for p in vp],
            "options_enum": tf.saved_model.SaveOptions(experimental_variable_policy=vp.NONE)
            .experimental_variable_policy is vp.NONE}


def case_asset_path_tensor(tf):
    with tf.Graph().as_default():
        with tf.control_dependencies([tf.no_op(name="dep")]):
            asset = tf.saved_model.Asset("some/file.txt")
        path = asset.asset_path
        converted = tf.convert_to_tensor(asset)
        joined = tf.strings.join([asset, "!"])
        with tf.Session() as sess:
            values = sess.run([path, joined])
        return {"name": path.name, "type": path.op.type, "dtype": path.dtype.name, "shape": path.shape.as_list(),
                "device": path.device, "control_inputs": [op.name for op in path.op.control_inputs],
                "same": converted is path, "values": values}


def case_asset_from_pathlike_and_tensor(tf):
    import pathlib
    with tf.Graph().as_default():
        a = tf.saved_model.Asset(pathlib.PurePosixPath("dir/vocab.txt"))
        t = tf.constant("given.txt")
        b = tf.saved_model.Asset(t)
        with tf.Session() as sess:
            return {"a": sess.run(a.asset_path), "b_same": b.asset_path is t}


def case_asset_bad_path(tf):
    with tf.Graph().as_default():
        return {"int": message_has(lambda: tf.saved_model.Asset(3), "Expected string", "int"),
                "float_tensor": catch(lambda: tf.saved_model.Asset(tf.constant(1.0)))}


def _graph_of(tf, path):
    from_reader = tf.train.load_checkpoint(path).get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH")
    return len(from_reader), sorted(name for name, _ in tf.train.list_variables(path))


def case_asset_and_resource_in_checkpoint(tf):
    """An Asset and a TrackableResource are object graph nodes with no values of their own."""
    class Res(tf.saved_model.experimental.TrackableResource):
        def _create_resource(self):
            return tf.Variable(1.0, use_resource=True, name="res").handle

    def run(d):
        with tf.Graph().as_default():
            m = tf.Module()
            m.a = tf.saved_model.Asset("vocab.txt")
            m.v = tf.Variable(np.float32([1, 2]), use_resource=True, name="v")
            m.r = Res()
            ck = tf.train.Checkpoint(m=m)
            with tf.Session() as sess:
                sess.run(m.v.initializer)
                path = ck.write(os.path.join(d, "c"))
            return {"graph": _graph_of(tf, path), "handle": m.r.resource_handle.dtype.name,
                    "device": m.r._resource_device}
    return _in_tmp(run)


def case_trackable_resource_needs_create(tf):
    with tf.Graph().as_default():
        r = tf.saved_model.experimental.TrackableResource()
        return {"error": message_has(lambda: r.resource_handle, "_create_resource not implemented"),
                "device": r._resource_device}


def case_trackable_resource_created_once_on_device(tf):
    class Res(tf.saved_model.experimental.TrackableResource):
        def __init__(self):
            super().__init__(device="/cpu:0")
            self.calls = 0

        def _create_resource(self):
            self.calls += 1
            return tf.Variable(2.0, use_resource=True, name="res").handle

    with tf.Graph().as_default():
        r = Res()
        first, second = r.resource_handle, r.resource_handle
        return {"calls": r.calls, "same": first is second, "device": first.device, "op": first.op.type}


def case_save_rejects_non_trackable(tf):
    def run(d):
        with tf.Graph().as_default():
            return message_has(lambda: tf.saved_model.save(3, os.path.join(d, "m")), "Expected an object of type "
                               "`Trackable`", "Got 3 with type <class 'int'>")
    return _in_tmp(run)


def case_save_without_session(tf):
    def run(d):
        with tf.Graph().as_default():
            m = tf.Module()
            m.v = tf.Variable(1.0, use_resource=True)
            err = message_has(lambda: tf.saved_model.save(m, os.path.join(d, "m")), "in graph mode without a default "
                              "session", "/m/variables/variables")
            return {"error": err, "left": sorted(os.listdir(os.path.join(d, "m")))}
    return _in_tmp(run)


def case_experimental_save_is_save(tf):
    return tf.saved_model.experimental.save is tf.saved_model.save


def case_load_v2_missing(tf):
    def run(d):
        with tf.Graph().as_default():
            return message_has(lambda: tf.saved_model.load_v2(os.path.join(d, "nothing")),
                               "SavedModel file does not exist at", "saved_model.pbtxt|saved_model.pb")
    return _in_tmp(run)
