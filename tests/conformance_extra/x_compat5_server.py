"""tf.train.Server of a one-task cluster in process: ServerDef, target, sessions on it; TF's checks of its
arguments; tf.train.ServerDef and tf.config.experimental.ClusterDeviceFilters as messages."""
from _harness import catch, message_has


def case_x_compat5_local_server_session(tf):
    server = tf.train.Server.create_local_server()
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.reduce_sum(x * 2.0)
    with tf.Session(server.target) as sess:
        value = sess.run(y, {x: [1.0, 2.5]})
        devices = [d.name for d in sess.list_devices()]
    return {"target_prefix": server.target.startswith("grpc://localhost:"), "port_set": not
            server.target.endswith(":0"), "server_def": str(server.server_def), "value": value,
            "cpu_device": "/job:localhost/replica:0/task:0/device:CPU:0" in devices,
            "target_type": type(server.target).__name__}


def case_x_compat5_server_def_arguments(tf):
    cluster = {"a": ["localhost:0"]}
    server = tf.train.Server(cluster, start=False, config=tf.ConfigProto(allow_soft_placement=True))
    from_def = tf.train.Server(server.server_def, job_name="a", task_index=0, protocol="grpc", start=False)
    return {"server_def": str(server.server_def), "from_def": str(from_def.server_def),
            "job": message_has(lambda: tf.train.Server({"a": ["localhost:1"], "b": ["localhost:2"]}),
                               "Must specify an explicit `job_name`."),
            "task": message_has(lambda: tf.train.Server({"a": ["localhost:1", "localhost:3"]}),
                                "Must specify an explicit `task_index`."),
            "type": message_has(lambda: tf.train.Server(5), "Could not convert `server_or_cluster_def`"),
            "spec": str(tf.train.Server(tf.train.ClusterSpec(cluster), start=False).server_def)}


def case_x_compat5_server_def_message(tf):
    d = tf.train.ServerDef(job_name="worker", task_index=2, protocol="grpc", port=7)
    d.cluster.job.add(name="worker", tasks={2: "localhost:2222"})
    d.default_session_config.operation_timeout_in_ms = 5
    copy = tf.train.ServerDef()
    copy.CopyFrom(d)
    return {"text": str(d), "fields": [f.name for f, _ in d.ListFields()], "equal": copy == d,
            "has": [d.HasField("cluster"), d.HasField("cluster_device_filters")],
            "bad": catch(lambda: tf.train.ServerDef(nope=1))}


def case_x_compat5_cluster_device_filters(tf):
    f = tf.config.experimental.ClusterDeviceFilters()
    f.set_device_filters("worker", 1, ["/job:ps"])
    f.set_device_filters("ps", 0, ["/job:worker", "/job:ps/task:0"])
    f.set_device_filters("worker", 0, ["/job:ps/replica:0"])
    return str(f._as_cluster_device_filters())
