"""tf.config (devices, logical devices, threads, optimizer switches, memory), tf.debugging switches and
assert_shapes, tf.test helpers, tf.resource_loader and tf.saved_model.main_op: TF1 graph mode, CPU only.
Each case runs in a fresh process, so each starts from an uninitialized context."""
import os

from _harness import catch, message_has


def _config_fields(config):
    return {"cpus": config.device_count["CPU"], "gpus": config.device_count["GPU"],
            "soft": config.allow_soft_placement, "log": config.log_device_placement,
            "intra": config.intra_op_parallelism_threads, "inter": config.inter_op_parallelism_threads,
            "jit": int(config.graph_options.optimizer_options.global_jit_level),
            "constant_folding": int(config.graph_options.rewrite_options.constant_folding),
            "layout": int(config.graph_options.rewrite_options.layout_optimizer),
            "pruning": config.graph_options.rewrite_options.disable_model_pruning,
            "visible": config.gpu_options.visible_device_list}


def case_x_misc_config2_devices(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    return {"physical": tf.config.list_physical_devices(), "gpus": tf.config.list_physical_devices("GPU"),
            "visible": tf.config.get_visible_devices(), "experimental": tf.config.experimental.list_physical_devices(),
            "cpu": (cpu.name, cpu.device_type), "eq": cpu == tf.config.PhysicalDevice("/physical_device:CPU:0", "CPU"),
            "logical": tf.config.list_logical_devices(), "logical_gpu": tf.config.list_logical_devices("GPU"),
            "fields": list(tf.config.LogicalDevice._fields)}


def case_x_misc_config2_logical_cpus(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    before = tf.config.get_logical_device_configuration(cpu)
    tf.config.set_logical_device_configuration(
        cpu, [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()])
    sess = tf.Session()
    return {"before": before, "after": tf.config.get_logical_device_configuration(cpu),
            "logical": tf.config.list_logical_devices("CPU"),
            "session": sorted(d.name for d in sess.list_devices()),
            "config": _config_fields(sess._config),
            "same_again": catch(tf.config.set_logical_device_configuration, cpu,
                                [tf.config.LogicalDeviceConfiguration(), tf.config.LogicalDeviceConfiguration()]),
            "changed": message_has(lambda: tf.config.set_logical_device_configuration(
                cpu, [tf.config.LogicalDeviceConfiguration()]), "Virtual devices cannot be modified after")}


def case_x_misc_config2_logical_cpu_errors(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    conf = tf.config.LogicalDeviceConfiguration
    return {"limit": message_has(lambda: tf.config.set_logical_device_configuration(cpu, [conf(memory_limit=10)]),
                                 "Setting memory limit on CPU virtual devices is currently not supported"),
            "priority": catch(tf.config.set_logical_device_configuration, cpu, [conf(experimental_priority=1)]),
            "unknown": message_has(lambda: tf.config.get_logical_device_configuration(
                tf.config.PhysicalDevice("/physical_device:GPU:7", "GPU")), "Unrecognized device"),
            "conf": conf(5), "eq": conf(5) == conf(memory_limit=5),
            "alias": tf.config.experimental.VirtualDeviceConfiguration(3)}


def case_x_misc_config2_visible_devices(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    out = {"same": catch(tf.config.set_visible_devices, [cpu]),
           "no_gpus": catch(tf.config.set_visible_devices, [], "GPU"),
           "wrong_type": message_has(lambda: tf.config.set_visible_devices([cpu], "GPU"), "Unrecognized device"),
           "not_a_device": message_has(lambda: tf.config.set_visible_devices("x"), "Unrecognized device: 'x'"),
           "visible": tf.config.get_visible_devices("CPU")}
    tf.config.list_logical_devices()
    out["after_init"] = message_has(lambda: tf.config.set_visible_devices([], "CPU"),
                                    "Visible devices cannot be modified after being initialized")
    out["after_init_same"] = catch(tf.config.set_visible_devices, [cpu])
    return out


def case_x_misc_config2_memory_growth(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    return {"get": catch(tf.config.experimental.get_memory_growth, cpu),
            "set": message_has(lambda: tf.config.experimental.set_memory_growth(cpu, True),
                               "Cannot set memory growth on non-GPU and non-Pluggable devices"),
            "details": tf.config.experimental.get_device_details(cpu),
            "details_bad": message_has(lambda: tf.config.experimental.get_device_details("x"),
                                       "device must be a tf.config.PhysicalDevice"),
            "details_unknown": message_has(lambda: tf.config.experimental.get_device_details(
                tf.config.PhysicalDevice("/physical_device:GPU:0", "GPU")),
                "The PhysicalDevice must be one obtained from calling `tf.config.list_physical_devices`")}


def case_x_misc_config2_memory_info(tf):
    before = tf.config.experimental.get_memory_info("CPU:0")
    return {"before": before, "usage": tf.config.experimental.get_memory_usage("CPU:0"),
            "reset": tf.config.experimental.reset_memory_stats("CPU:0"),
            "full_name": tf.config.experimental.get_memory_info("/device:CPU:0"),
            "gpu": message_has(lambda: tf.config.experimental.get_memory_info("GPU:0"),
                               "No matching devices found for 'GPU:0'"),
            "bad": catch(tf.config.experimental.get_memory_info, "XYZ:0"),
            "after_init": message_has(lambda: tf.config.threading.set_intra_op_parallelism_threads(3),
                                      "Intra op parallelism cannot be modified after initialization.")}


def case_x_misc_config2_threads(tf):
    tf.config.threading.set_intra_op_parallelism_threads(2)
    tf.config.threading.set_inter_op_parallelism_threads(3)
    sess = tf.Session()
    out = {"intra": tf.config.threading.get_intra_op_parallelism_threads(),
           "inter": tf.config.threading.get_inter_op_parallelism_threads(), "config": _config_fields(sess._config),
           "given": _config_fields(tf.Session(config=tf.ConfigProto())._config)}
    tf.config.list_logical_devices()
    out["same_after_init"] = catch(tf.config.threading.set_inter_op_parallelism_threads, 3)
    out["changed_after_init"] = message_has(lambda: tf.config.threading.set_inter_op_parallelism_threads(4),
                                            "Inter op parallelism cannot be modified after initialization.")
    return out


def case_x_misc_config2_optimizer(tf):
    out = {"jit": tf.config.optimizer.get_jit(), "options": tf.config.optimizer.get_experimental_options()}
    tf.config.optimizer.set_jit(True)
    tf.config.optimizer.set_experimental_options({"constant_folding": False, "layout_optimizer": True,
                                                  "disable_model_pruning": True})
    out["jit_on"] = tf.config.optimizer.get_jit()
    out["options_set"] = tf.config.optimizer.get_experimental_options()
    out["config"] = _config_fields(tf.Session()._config)
    tf.config.optimizer.set_jit("autoclustering")
    out["jit_string"] = tf.config.optimizer.get_jit()
    tf.config.optimizer.set_jit(False)
    out["jit_off"] = (tf.config.optimizer.get_jit(), _config_fields(tf.Session()._config)["jit"])
    return out


def case_x_misc_config2_soft_placement(tf):
    out = {"default": tf.config.get_soft_device_placement(), "config": _config_fields(tf.Session()._config)}
    with tf.device("/device:GPU:0"):
        x = tf.constant([1.0, 2.0]) * 3.0
    out["hard"] = catch(tf.Session().run, x)
    tf.config.set_soft_device_placement(True)
    out["set"] = tf.config.get_soft_device_placement()
    out["soft"] = tf.Session().run(x)
    out["config_soft"] = _config_fields(tf.Session()._config)["soft"]
    return out


def case_x_misc_config2_log_placement(tf):
    out = {"default": tf.debugging.get_log_device_placement()}
    tf.debugging.set_log_device_placement(True)
    out["set"] = tf.debugging.get_log_device_placement()
    out["config"] = _config_fields(tf.Session()._config)["log"]
    tf.debugging.set_log_device_placement(False)
    out["unset"] = (tf.debugging.get_log_device_placement(), _config_fields(tf.Session()._config)["log"])
    return out


def case_x_misc_config2_switches(tf):
    exp = tf.config.experimental
    out = {"policy": exp.get_device_policy(), "sync": exp.get_synchronous_execution(),
           "tf32": exp.tensor_float_32_execution_enabled(), "eager_fns": tf.config.functions_run_eagerly(),
           "filtering": tf.debugging.is_traceback_filtering_enabled()}
    exp.set_device_policy("warn")
    exp.set_synchronous_execution(False)
    exp.enable_tensor_float_32_execution(False)
    tf.config.run_functions_eagerly(True)
    tf.debugging.disable_traceback_filtering()
    out["after"] = [exp.get_device_policy(), exp.get_synchronous_execution(), exp.tensor_float_32_execution_enabled(),
                    tf.config.functions_run_eagerly(), tf.debugging.is_traceback_filtering_enabled()]
    exp.set_device_policy(None)
    tf.debugging.enable_traceback_filtering()
    out["reset"] = [exp.get_device_policy(), tf.debugging.is_traceback_filtering_enabled()]
    out["bad_policy"] = message_has(lambda: exp.set_device_policy("bogus"), "Invalid argument `device_policy`: 'bogus'")
    return out


def case_x_misc_config2_session_config_given(tf):
    tf.config.set_soft_device_placement(True)
    tf.config.optimizer.set_jit(True)
    given = tf.Session(config=tf.ConfigProto(log_device_placement=False))
    return {"given": _config_fields(given._config), "default": _config_fields(tf.Session()._config)}


def case_x_misc_config2_assert_shapes_static(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    z = tf.placeholder(tf.float32, [2, 3])
    ok = tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("N",)), (z, (2, "Q"))])
    return {"type": ok.type,
            "mismatch": message_has(lambda: tf.debugging.assert_shapes([(z, ("N", "Q")),
                                                                        (tf.constant([1, 2, 3]), ("N",))]),
                                    "Specified by tensor", "dimension 0 must have size 2.  Received size 3"),
            "explicit": message_has(lambda: tf.debugging.assert_shapes([(z, (2, 4))]),
                                    "Specified explicitly.  Tensor", "dimension 1 must have size 4.  Received size 3"),
            "star": tf.debugging.assert_shapes([(z, ("*", 3)), (tf.constant(1.0), ())]).type,
            "star_middle": message_has(lambda: tf.debugging.assert_shapes([(z, (2, "*"))]),
                                       "specified shape index 1.  Symbol `...` or `*` for a variable number of "
                                       "unspecified dimensions is only allowed as the first entry"),
            "message": message_has(lambda: tf.debugging.assert_shapes([(z, (3, 3))], message="hello"), "hello.  "),
            "dict": tf.debugging.assert_shapes({z: (2, 3)}).type,
            "not_iterable": message_has(lambda: tf.debugging.assert_shapes([(z, 5)]),
                                        "Specified shape must be an iterable"),
            "rank": catch(tf.debugging.assert_shapes, [(z, ("N",))])}


def case_x_misc_config2_assert_shapes_dynamic(tf):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    a = tf.placeholder(tf.float32)
    check = tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("N",))])
    with tf.control_dependencies([check]):
        out = tf.identity(x)
    ranked = tf.debugging.assert_shapes([(a, (2, "N")), (tf.zeros([2, 3]), ("N", 3))])
    sess = tf.Session()
    return {"ok": sess.run(out, {x: [[1, 2, 3]], y: [1]}),
            "bad": catch(sess.run, out, {x: [[1, 2, 3]], y: [1, 2]}),
            "ranked_ok": sess.run(ranked, {a: [[1, 2]] * 2}),
            "ranked_size": catch(sess.run, ranked, {a: [[1, 2, 3]] * 2}),
            "ranked_rank": catch(sess.run, ranked, {a: [1, 2]}),
            "after": sess.run(out, {x: [[4, 5, 6]], y: [7]})}


def case_x_misc_config2_test_helpers(tf):
    config = tf.test.benchmark_config()
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        tf.add(tf.constant(1.0, name="a"), tf.constant(2.0, name="b"), name="c")
    with g2.as_default():
        tf.add(tf.constant(1.0, name="a"), tf.constant(3.0, name="b"), name="c")
    g3 = tf.Graph()
    with g3.as_default():
        tf.constant(1.0, name="a")
    return {"dependency": int(config.graph_options.rewrite_options.dependency_optimization),
            "equal": tf.test.assert_equal_graph_def(g1.as_graph_def(), g1.as_graph_def()),
            "attr": message_has(lambda: tf.test.assert_equal_graph_def(g1.as_graph_def(), g2.as_graph_def()),
                                "Node named 'b' has attr 'value' with value", "that does not match expected"),
            "missing": message_has(lambda: tf.test.assert_equal_graph_def(g3.as_graph_def(), g1.as_graph_def()),
                                   "Did not find expected node"),
            "extra": message_has(lambda: tf.test.assert_equal_graph_def(g1.as_graph_def(), g3.as_graph_def()),
                                 "Found unexpected node"),
            "type": message_has(lambda: tf.test.assert_equal_graph_def(g1, g1.as_graph_def()),
                                "Expected tf.GraphDef for actual, got Graph")}


def case_x_misc_config2_resource_loader(tf):
    here = tf.resource_loader.get_data_files_path()
    return {"here": os.path.basename(here) == "conformance_extra",
            "datafile": os.path.relpath(tf.resource_loader.get_path_to_datafile("a/b.txt"), here),
            "readahead": tf.resource_loader.readahead_file_path("/x/y"),
            "missing": catch(tf.resource_loader.load_resource, "no_such_file_here.txt")}


def case_x_misc_config2_main_op(tf):
    tf.Variable(1.0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="local")
    op = tf.saved_model.main_op.main_op()
    restore = tf.no_op(name="restore_all")
    with_restore = tf.saved_model.main_op.main_op_with_restore(restore)
    return {"type": op.type, "inputs": sorted(i.name for i in op.control_inputs),
            "restore_inputs": sorted(i.name for i in with_restore.control_inputs),
            "by_name": catch(tf.saved_model.main_op_with_restore, "restore_all"),
            "run": tf.Session().run(with_restore)}


def _tree(proto, depth=0):
    rows = [(depth, proto.name, proto.parameters, proto.total_parameters, proto.float_ops, proto.total_float_ops)]
    for child in proto.children:
        rows += _tree(child, depth + 1)
    return rows


def _dense_graph(tf):
    x = tf.placeholder(tf.float32, [4, 3], name="x")
    with tf.variable_scope("dense"):
        w = tf.get_variable("w", [3, 5], initializer=tf.ones_initializer())
        b = tf.get_variable("b", [5], initializer=tf.zeros_initializer())
        y = tf.matmul(x, w) + b
    with tf.variable_scope("other"):
        q = tf.get_variable("q", [2, 2], trainable=False, initializer=tf.ones_initializer())
        tf.reduce_mean(q * 3.0)
    return tf.reduce_sum(tf.nn.relu(y) * 2.0)


def case_x_misc_config2_profiler_params(tf):
    _dense_graph(tf)
    builder = tf.profiler.ProfileOptionBuilder
    quiet = builder(builder.trainable_variables_parameter()).with_empty_output().build()
    everything = builder(quiet).with_accounted_types([".*"]).build()
    return {"trainable": _tree(tf.profiler.profile(tf.get_default_graph(), options=quiet)),
            "all": _tree(tf.profiler.profile(tf.get_default_graph(), options=everything)),
            "type": type(tf.profiler.profile(tf.get_default_graph(), options=quiet)).__name__}


def case_x_misc_config2_profiler_flops(tf):
    _dense_graph(tf)
    builder = tf.profiler.ProfileOptionBuilder
    flops = builder(builder.float_operation()).with_empty_output().build()
    zero = builder(flops).with_min_float_operations(0).build()
    shallow = builder(flops).with_max_depth(1).build()
    hidden = builder(zero).with_node_names(hide_name_regexes=["other.*"]).build()
    not_only = builder(flops).account_displayed_op_only(False).build()
    graph = tf.get_default_graph()
    return {"flops": _tree(tf.profiler.profile(graph, options=flops)),
            "zero": _tree(tf.profiler.profile(graph, options=zero)),
            "shallow": _tree(tf.profiler.profile(graph, options=shallow)),
            "hidden": _tree(tf.profiler.profile(graph, options=hidden))[:8],
            "not_only": _tree(tf.profiler.profile(graph, options=not_only))[0]}


def case_x_misc_config2_profiler_op_view(tf):
    _dense_graph(tf)
    builder = tf.profiler.ProfileOptionBuilder
    out = tf.profiler.profile(tf.get_default_graph(), cmd="op",
                              options=builder(builder.float_operation()).with_empty_output().build())
    chain, node = [], out
    while node.children:
        node = node.children[0]
        chain.append((node.name, node.float_ops, node.total_float_ops, [g.name for g in node.graph_nodes]))
    return {"root": (out.name, out.total_float_ops), "chain": chain, "type": type(out).__name__}


def case_x_misc_config2_profiler_op_flops(tf):
    images = tf.ones([2, 8, 8, 3])
    kernel = tf.ones([3, 3, 3, 4])
    conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME", name="conv")
    biased = tf.nn.bias_add(conv, tf.ones([4]), name="bias")
    pooled = tf.nn.max_pool(biased, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
    avg = tf.nn.avg_pool(biased, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="avg")
    tf.reduce_mean(pooled, name="mean")
    tf.nn.softmax(tf.reshape(avg, [2, -1]), name="softmax")
    tf.add_n([pooled, avg, pooled], name="addn")
    tf.nn.l2_loss(pooled, name="l2")
    tf.matmul(tf.ones([2, 3, 4]), tf.ones([2, 4, 5]), name="bmm")
    tf.matmul(tf.ones([4, 3]), tf.ones([4, 5]), transpose_a=True, name="mm_t")
    tf.sqrt(tf.ones([7]), name="sqrt")
    tf.square(tf.ones([7]), name="square")
    unknown = tf.placeholder(tf.float32, [None, 3])
    tf.matmul(unknown, tf.ones([3, 2]), name="mm_unknown")
    builder = tf.profiler.ProfileOptionBuilder
    out = tf.profiler.profile(tf.get_default_graph(), options=builder(builder.float_operation()).with_empty_output()
                              .build())
    return {"nodes": sorted((c.name, c.float_ops) for c in out.children), "total": out.total_float_ops}


def case_x_misc_config2_profiler_options(tf):
    builder = tf.profiler.ProfileOptionBuilder
    chained = (builder().with_max_depth(3).with_min_memory(min_bytes=5).with_min_execution_time(min_micros=7)
               .with_min_parameters(2).with_min_occurrence(1).with_min_float_operations(9)
               .with_accounted_types(["MatMul"]).with_node_names(show_name_regexes=["a.*"], hide_name_regexes=["b"])
               .account_displayed_op_only(True).order_by("params").select(["params", "float_ops"]).with_step(4)
               .with_file_output("out.txt").build())
    return {"params": builder.trainable_variables_parameter(), "flops": builder.float_operation(),
            "time": builder.time_and_memory(), "time_args": builder.time_and_memory(min_micros=5, min_bytes=0),
            "default": builder().build(), "chained": chained, "empty": builder().with_empty_output().build()["output"],
            "stdout": builder().with_stdout_output().build()["output"]}


def case_x_misc_config2_profiler_text(tf):
    import tempfile
    _dense_graph(tf)
    builder = tf.profiler.ProfileOptionBuilder
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, options in (("params", builder.trainable_variables_parameter()),
                              ("flops", builder.float_operation())):
            path = os.path.join(tmp, name + ".txt")
            tf.profiler.profile(tf.get_default_graph(), cmd="scope",
                                options=builder(options).with_file_output(path).build())
            with open(path) as f:
                text = f.read()
            out[name] = [line for line in text.splitlines() if not line.startswith("-output")]
        path = os.path.join(tmp, "op.txt")
        tf.profiler.profile(tf.get_default_graph(), cmd="op",
                            options=builder(builder.float_operation()).with_file_output(path).build())
        with open(path) as f:
            out["op"] = f.read().split("Profile:")[1].splitlines()
    return out


def case_x_misc_config2_profiler_steps(tf):
    z = _dense_graph(tf)
    x = tf.get_default_graph().get_tensor_by_name("x:0")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    profiler = tf.profiler.Profiler(sess.graph)
    for step in range(2):
        meta = tf.RunMetadata()
        sess.run(z, {x: [[1.0, 2.0, 3.0]] * 4}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=meta)
        profiler.add_step(step, meta)
    builder = tf.profiler.ProfileOptionBuilder
    params = profiler.profile_name_scope(builder(builder.trainable_variables_parameter()).with_empty_output().build())
    ops = profiler.profile_operations(builder(builder.float_operation()).with_empty_output().build())
    return {"params": _tree(params), "ops": (ops.total_float_ops, ops.children[0].name)}


def case_x_misc_config2_experimental_names(tf):
    exp = tf.config.experimental
    cpu = tf.config.list_physical_devices("CPU")[0]
    exp.set_virtual_device_configuration(cpu, [exp.VirtualDeviceConfiguration()] * 3)
    return {"physical": exp.list_physical_devices("CPU") == tf.config.list_physical_devices("CPU"),
            "visible": exp.get_visible_devices() == tf.config.get_visible_devices(),
            "virtual": exp.get_virtual_device_configuration(cpu), "logical": exp.list_logical_devices(),
            "session_cpus": tf.Session()._config.device_count["CPU"],
            "eager_aliases": [tf.config.experimental_functions_run_eagerly(),
                              catch(tf.config.experimental_run_functions_eagerly, False)]}


def case_x_misc_config2_graph_def_differences(tf):
    def build(device="", control=False, inputs_swapped=False):
        graph = tf.Graph()
        with graph.as_default():
            a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
            deps = [tf.no_op(name="n")]
            if not control:
                deps = []
                tf.no_op(name="n")
            with tf.device(device), tf.control_dependencies(deps):
                tf.add(b, a, name="c") if inputs_swapped else tf.add(a, b, name="c")
        return graph.as_graph_def()
    base = build()
    return {"device": message_has(lambda: tf.test.assert_equal_graph_def(build("/cpu:0"), base),
                                  "Node named 'c' has device"),
            "control": message_has(lambda: tf.test.assert_equal_graph_def(build(control=True), base),
                                   "Node named 'c'"),
            "inputs": message_has(lambda: tf.test.assert_equal_graph_def(build(inputs_swapped=True), base),
                                  "Node named 'c' has input 0 'b' that doesn't match expected 'a'"),
            "same": tf.test.assert_equal_graph_def(build(), base)}


def case_x_misc_config2_mlir_bridge(tf):
    def rollout():
        experimental = tf.Session()._config.experimental
        return [int(experimental.mlir_bridge_rollout), experimental.enable_mlir_bridge]
    out = {"default": rollout()}
    tf.config.experimental.enable_mlir_bridge()
    out["enabled"] = rollout()
    tf.config.experimental.disable_mlir_bridge()
    out["disabled"] = rollout()
    return out
