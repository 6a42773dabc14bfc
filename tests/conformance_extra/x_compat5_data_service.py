"""tf.data.experimental.service's configuration records with TF's defaults, and the graph-mode errors of
enable_debug_mode / get_model_proto."""
from _harness import message_has


def case_x_compat5_data_service_configs(tf):
    s = tf.data.experimental.service
    return {"dispatcher": list(s.DispatcherConfig(port=5)), "dispatcher_fields": list(s.DispatcherConfig._fields),
            "worker": list(s.WorkerConfig("localhost:1")), "worker_fields": list(s.WorkerConfig._fields),
            "worker_set": list(s.WorkerConfig("d:1", worker_address="w:2", port=3, protocol="grpc+x",
                                              heartbeat_interval_ms=7)),
            "policies": [(p.name, int(p)) for p in s.ShardingPolicy], "policy_repr": repr(s.ShardingPolicy.FILE),
            "cache": s.CrossTrainerCache("trainer").trainer_id,
            "empty_cache": message_has(lambda: s.CrossTrainerCache(""), "requires a non-empty trainer ID")}


def case_x_compat5_data_debug_graph_mode(tf):
    e = tf.data.experimental
    iterator = tf.data.make_one_shot_iterator(tf.data.Dataset.range(3))
    return {"debug": message_has(e.enable_debug_mode, "only supported in eager mode"),
            "model": message_has(lambda: e.get_model_proto(iterator), "Only supports `tf.data.Iterator`-typed")}
