"""Extra ConfigProto / RunOptions / RunMetadata / DeviceSpec / placement probes (CPU-only view)."""
from _harness import catch, message_has


def case_config_str_and_equality(tf):
    c = tf.ConfigProto(allow_soft_placement=True, intra_op_parallelism_threads=2)
    c.gpu_options.allow_growth = True
    c.device_count["GPU"] = 0
    d = tf.ConfigProto()
    d.CopyFrom(c)
    e = tf.ConfigProto(allow_soft_placement=True)
    return {
        "str": str(c), "empty_str": str(tf.ConfigProto()),
        "eq": c == d, "ne": c == e, "ne_op": c != e,
        "gpu_str": str(tf.GPUOptions(per_process_gpu_memory_fraction=0.5, visible_device_list="0,1")),
        "run_opts_str": str(tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=10)),
    }


def case_config_has_field_and_clear(tf):
    c = tf.ConfigProto()
    before = c.HasField("gpu_options")
    _ = c.gpu_options.allow_growth
    after_read = c.HasField("gpu_options")
    c.gpu_options.allow_growth = True
    after_set = c.HasField("gpu_options")
    c.ClearField("gpu_options")
    cleared = (c.HasField("gpu_options"), c.gpu_options.allow_growth)
    return {
        "before": before, "after_read": after_read, "after_set": after_set, "cleared": cleared,
        "scalar_hasfield": catch(c.HasField, "allow_soft_placement"),
        "unknown_hasfield": catch(c.HasField, "nope"),
        "list_fields": [f.name for f, _ in tf.ConfigProto(allow_soft_placement=True, inter_op_parallelism_threads=3)
                        .ListFields()],
    }


def case_config_serialize_roundtrip(tf):
    c = tf.ConfigProto(allow_soft_placement=True, device_count={"CPU": 2})
    c.gpu_options.per_process_gpu_memory_fraction = 0.3
    data = c.SerializeToString()
    d = tf.ConfigProto.FromString(data)
    e = tf.ConfigProto()
    e.ParseFromString(data)
    return d == c, e == c, isinstance(data, bytes), dict(d.device_count), tf.ConfigProto().SerializeToString()


def case_config_type_errors(tf):
    c = tf.ConfigProto()
    return {
        "bool_from_str": catch(setattr, c, "allow_soft_placement", "yes"),
        "int_from_float": catch(setattr, c, "intra_op_parallelism_threads", 1.5),
        "double_from_str": catch(setattr, c.gpu_options, "per_process_gpu_memory_fraction", "0.5"),
        "double_from_int": catch(lambda: (setattr(c.gpu_options, "per_process_gpu_memory_fraction", 1),
                                          c.gpu_options.per_process_gpu_memory_fraction)[1]),
        "string_from_int": catch(setattr, c.gpu_options, "visible_device_list", 0),
        "map_bad_value": catch(c.device_count.__setitem__, "CPU", "x"),
        "map_bad_key": catch(c.device_count.__setitem__, 1, 1),
        "int_overflow": catch(setattr, c, "intra_op_parallelism_threads", 2 ** 40),
        "bool_from_int": catch(lambda: (setattr(c, "log_device_placement", 1), c.log_device_placement)[1]),
    }


def case_config_nested_messages(tf):
    c = tf.ConfigProto()
    c.graph_options.optimizer_options.opt_level = tf.OptimizerOptions.L0
    c.graph_options.optimizer_options.do_function_inlining = True
    c.graph_options.place_pruned_graph = True
    c.gpu_options.experimental.use_unified_memory = True
    return {
        "opt_level": c.graph_options.optimizer_options.opt_level,
        "L1": tf.OptimizerOptions.L1, "L0": tf.OptimizerOptions.L0,
        "inline": c.graph_options.optimizer_options.do_function_inlining,
        "str": str(c),
        "graph_options_kw": str(tf.ConfigProto(graph_options=tf.GraphOptions(infer_shapes=True))),
        "use_per_session_threads": c.use_per_session_threads,
    }


def case_run_options_and_metadata(tf):
    ro = tf.RunOptions()
    ro.trace_level = tf.RunOptions.SOFTWARE_TRACE
    ro.output_partition_graphs = True
    md = tf.RunMetadata()
    return {
        "levels": [tf.RunOptions.NO_TRACE, tf.RunOptions.SOFTWARE_TRACE, tf.RunOptions.HARDWARE_TRACE,
                   tf.RunOptions.FULL_TRACE],
        "name": tf.RunOptions.TraceLevel.Name(3),
        "value": tf.RunOptions.TraceLevel.Value("SOFTWARE_TRACE"),
        "ro": str(ro),
        "md_empty": str(md), "md_dev_stats": len(md.step_stats.dev_stats),
        "md_partition": len(md.partition_graphs),
        "bad_level": catch(setattr, ro, "trace_level", "FULL_TRACE"),
        "eq": tf.RunOptions(timeout_in_ms=5) == tf.RunOptions(timeout_in_ms=5),
    }


def case_run_metadata_partition_graphs(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [], name="x")
        y = tf.add(x, 1.0, name="y")
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={"GPU": 0}))
    md = tf.RunMetadata()
    opts = tf.RunOptions(output_partition_graphs=True)
    v = sess.run(y, {x: 2.0}, options=opts, run_metadata=md)
    return v, len(md.step_stats.dev_stats)


def case_device_spec_basics(tf):
    s = tf.DeviceSpec.from_string("/job:worker/replica:1/task:2/device:GPU:3")
    t = tf.DeviceSpec(job="ps", device_type="cpu", device_index=0)
    u = tf.DeviceSpec.from_string("/gpu:1")
    v = tf.DeviceSpec.from_string("/cpu:*")
    return {
        "s": (s.job, s.replica, s.task, s.device_type, s.device_index, s.to_string()),
        "t": (t.device_type, t.to_string()),
        "u": (u.device_type, u.device_index, u.to_string()),
        "v": (v.device_type, v.device_index, v.to_string()),
        "merged": s.make_merged_spec(t).to_string(),
        "eq": tf.DeviceSpec.from_string("/device:CPU:0") == tf.DeviceSpec(device_type="CPU", device_index=0),
        "empty": tf.DeviceSpec().to_string(),
    }


def case_device_spec_mutation_and_errors(tf):
    s = tf.DeviceSpec()
    s.job = "worker"
    s.device_type = "GPU"
    s.device_index = 2
    p = tf.DeviceSpec()
    p.parse_from_string("/job:ps/task:1")
    p.merge_from(tf.DeviceSpec(device_type="CPU", device_index=0))
    return {
        "s": s.to_string(), "p": p.to_string(),
        "bad": catch(tf.DeviceSpec.from_string, "/foo:bar"),
        "two_types": catch(tf.DeviceSpec.from_string, "/cpu:0/gpu:0"),
        "bad_index": catch(tf.DeviceSpec.from_string, "/gpu:x"),
        "replace": tf.DeviceSpec.from_string("/job:a/task:0").replace(task=3).to_string(),
        "tf_device_spec": tf.device(tf.DeviceSpec(device_type="CPU", device_index=0)) is not None,
    }


def case_device_scope_with_devicespec_and_function(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device(tf.DeviceSpec(job="localhost", device_type="CPU", device_index=0)):
            a = tf.constant(1.0, name="a")
        with tf.device(lambda op: "/cpu:0" if op.type == "Const" else "/gpu:0"):
            b = tf.constant(1.0, name="b")
            c = tf.add(b, b, name="c")
        with tf.device("/job:worker"):
            with tf.device("/task:1"):
                with tf.device("/gpu:0"):
                    d = tf.constant(1.0, name="d")
        with tf.device("/device:CPU:*"):
            e = tf.constant(1.0)
    return [t.device for t in (a, b, c, d, e)]


def case_device_scope_invalid_string(tf):
    g = tf.Graph()
    with g.as_default():
        return {
            "bad": catch(lambda: g.device("/foo:bar").__enter__()),
            "bad_tf": catch(lambda: tf.device("garbage").__enter__()),
        }


def case_placement_errors_named_device(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/device:GPU:0"):
            b = tf.constant(2.0, name="on_gpu") * 3.0
        with tf.device("/cpu:3"):
            c = tf.constant(2.0, name="cpu3")
        with tf.device("/job:worker/task:0"):
            d = tf.constant(2.0, name="worker")
    config = tf.ConfigProto(device_count={"GPU": 0})
    out = {}
    for key, t in (("gpu", b), ("cpu3", c), ("worker", d)):
        out[key] = message_has(lambda: tf.Session(graph=g, config=config).run(t),
                               "Cannot assign a device for operation", "on_gpu", "cpu3", "worker",
                               "/device:GPU:0", "/device:CPU:3")
    return out


def case_soft_placement_other_missing_devices(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:3"):
            c = tf.constant(2.0, name="cpu3") + 1.0
        with tf.device("/gpu:1"):
            d = tf.constant(5.0) * 2.0
    config = tf.ConfigProto(allow_soft_placement=True, device_count={"GPU": 0})
    with tf.Session(graph=g, config=config) as sess:
        return sess.run([c, d]), c.device, d.device


def case_list_devices_fields(tf):
    g = tf.Graph()
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={"GPU": 0}))
    cpus = [d for d in sess.list_devices() if d.device_type == "CPU"]
    d = cpus[0]
    return d.name, d.device_type, isinstance(d.memory_limit_bytes, int), type(d).__name__, len(cpus)


def case_op_device_vs_node_def(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/gpu:0"):
            a = tf.constant(1.0, name="a")
        a.op._set_device("/cpu:0")
        with tf.device("cpu:0"):
            b = tf.constant(1.0, name="b")
    gd = g.as_graph_def()
    return a.op.device, a.op.node_def.device, b.device, [n.device for n in gd.node]


def case_colocate_with(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            a = tf.constant(1.0, name="a")
        with tf.device("/gpu:0"):
            with tf.colocate_with(a):
                b = tf.constant(2.0, name="b")
        with tf.colocate_with(a, ignore_existing=True):
            c = tf.constant(3.0, name="c")
    return b.device, b.op.colocation_groups(), c.op.colocation_groups(), a.op.colocation_groups()


def case_device_function_order(tf):
    g = tf.Graph()
    seen = []

    def fn(op):
        seen.append(op.device)
        return "/job:ps/task:0"
    with g.as_default():
        with tf.device(fn):
            with tf.device("/gpu:1"):
                a = tf.constant(1.0, name="a")
        with tf.device("/cpu:0"):
            with tf.device(fn):
                b = tf.constant(1.0, name="b")
        with tf.device("/job:w/task:2"):
            with tf.device(None):
                with tf.device("/gpu:0"):
                    c = tf.constant(1.0, name="c")
        with tf.device(tf.DeviceSpec(device_type="GPU")):
            d = tf.constant(1.0, name="d")
        with tf.device("/cpu:0"):
            with tf.device(""):
                e = tf.constant(1.0, name="e")
    return [t.device for t in (a, b, c, d, e)], seen


def case_experimental_config_fields(tf):
    c = tf.ConfigProto()
    c.experimental.collective_group_leader = "/job:w"
    c.gpu_options.experimental.virtual_devices.add(memory_limit_mb=[1024, 2048])
    r = tf.RunOptions()
    r.experimental.collective_graph_key = 7
    return str(c), str(r), c.HasField("experimental"), tf.RunOptions().HasField("experimental")
