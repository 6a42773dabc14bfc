"""Round-14 variations of the public config_devices cases: the protobuf API of ConfigProto and its
messages (text form, HasField, MergeFrom, enums), RunOptions fields and what RunMetadata gains from
them, device scopes given as DeviceSpecs and functions, soft placement with device functions."""
from _harness import catch, message_has

CPU0 = '/job:localhost/replica:0/task:0/device:CPU:0'


def case_config_text_form_and_equality(tf):
    c = tf.ConfigProto(allow_soft_placement=True, device_count={'GPU': 0})
    c.gpu_options.allow_growth = True
    same = tf.ConfigProto()
    same.CopyFrom(c)
    other = tf.ConfigProto(allow_soft_placement=True)
    return (str(c), c == same, c == other, str(tf.ConfigProto()), str(tf.RunOptions(timeout_in_ms=5)),
            str(tf.GPUOptions(per_process_gpu_memory_fraction=0.5)))


def case_config_has_field_clear_and_merge(tf):
    c = tf.ConfigProto()
    before = (c.HasField('gpu_options'), c.HasField('graph_options'))
    c.gpu_options.allow_growth = True
    after = c.HasField('gpu_options')
    m = tf.ConfigProto(intra_op_parallelism_threads=3, device_count={'CPU': 2})
    m.MergeFrom(tf.ConfigProto(inter_op_parallelism_threads=4, device_count={'GPU': 1}))
    c.ClearField('gpu_options')
    return (before, after, c.HasField('gpu_options'), c.gpu_options.allow_growth,
            m.intra_op_parallelism_threads, m.inter_op_parallelism_threads, sorted(m.device_count.items()),
            catch(c.HasField, 'intra_op_parallelism_threads'), catch(c.HasField, 'nope'),
            [f.name for f, _ in m.ListFields()])


def case_config_serialize_parse_and_bytes(tf):
    c = tf.ConfigProto(log_device_placement=True, operation_timeout_in_ms=-1)
    c.graph_options.optimizer_options.opt_level = tf.OptimizerOptions.L0
    data = c.SerializeToString()
    back = tf.ConfigProto.FromString(data)
    parsed = tf.ConfigProto()
    parsed.ParseFromString(data)
    return (back == c, parsed.log_device_placement, parsed.operation_timeout_in_ms,
            parsed.graph_options.optimizer_options.opt_level, tf.OptimizerOptions.L1,
            catch(tf.ConfigProto.FromString, b'\xff\xff\xff'), c.ByteSize() == len(data))


def case_run_options_enum_and_fields(tf):
    ro = tf.RunOptions()
    return (tf.RunOptions.TraceLevel.Name(3), tf.RunOptions.TraceLevel.Value('SOFTWARE_TRACE'),
            tf.RunOptions.SOFTWARE_TRACE, tf.RunOptions.HARDWARE_TRACE,
            ro.output_partition_graphs, ro.report_tensor_allocations_upon_oom, ro.inter_op_thread_pool,
            catch(setattr, ro, 'trace_level', 'FULL'), catch(tf.RunOptions, trace_level=7),
            catch(tf.RunOptions.TraceLevel.Name, 9))


def case_run_metadata_partition_graphs(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name='x')
        y = tf.reduce_sum(x * 3.0, name='y')
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={'GPU': 0}))
    md = tf.RunMetadata()
    out = sess.run(y, {x: [1.0, 2.0]}, options=tf.RunOptions(output_partition_graphs=True), run_metadata=md)
    plain = tf.RunMetadata()
    sess.run(y, {x: [1.0, 2.0]}, run_metadata=plain)
    return out, len(md.partition_graphs), len(plain.partition_graphs), len(md.step_stats.dev_stats)


def case_run_metadata_traced_node_fields(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0, 2.0], name='a')
        b = tf.multiply(a, 2.0, name='b')
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={'GPU': 0}))
    md = tf.RunMetadata()
    sess.run(b, options=tf.RunOptions(trace_level=tf.RunOptions.SOFTWARE_TRACE), run_metadata=md)
    stats = [ns for ds in md.step_stats.dev_stats for ns in ds.node_stats]
    named = [ns for ns in stats if ns.node_name == 'b']
    again = tf.RunMetadata()
    sess.run(b, options=tf.RunOptions(trace_level=tf.RunOptions.NO_TRACE), run_metadata=again)
    return (len(named) == 1, bool(named and named[0].all_start_micros > 0),
            bool(named and named[0].timeline_label), [ds.device for ds in md.step_stats.dev_stats][:1],
            len(again.step_stats.dev_stats))


def case_device_spec_and_function_scopes(tf):
    g = tf.Graph()
    with g.as_default():
        spec = tf.DeviceSpec(job='localhost', device_type='CPU', device_index=0)
        with tf.device(spec):
            a = tf.constant(1.0, name='a')
        with tf.device(lambda op: '/cpu:0' if op.type == 'Const' else ''):
            b = tf.constant(2.0, name='b')
            c = tf.add(a, b, name='c')
        with tf.device('/job:worker'):
            with tf.device('/device:CPU:0'):
                d = tf.constant(3.0, name='d')
        with tf.device('/cpu:*'):
            e = tf.constant(4.0, name='e')
    return ([t.device for t in (a, b, c, d, e)], spec.to_string(),
            tf.DeviceSpec.from_string('/gpu:1').device_type, tf.DeviceSpec.from_string('/task:2').task,
            catch(tf.DeviceSpec.from_string, '/bogus:1'))


def case_soft_placement_with_device_function_and_unknown_types(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device(lambda op: '/device:GPU:3'):
            a = tf.constant([1.0, 2.0], name='a')
            b = tf.reduce_sum(a, name='b')
        with tf.device('/device:XLA_CPU:0'):
            c = b * 2.0
    soft = tf.ConfigProto(allow_soft_placement=True, device_count={'GPU': 0})
    with tf.Session(graph=g, config=soft) as sess:
        ok = sess.run(c)
    strict = tf.ConfigProto(device_count={'GPU': 0})
    with tf.Session(graph=g, config=strict) as sess:
        err = catch(sess.run, c)
    return ok, a.device, c.device, err


def case_list_devices_fields(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={'GPU': 0}))
    devs = [d for d in sess.list_devices() if d.device_type == 'CPU']
    d = devs[0]
    return (len(devs), d.name, d.device_type, d.memory_limit_bytes > 0, type(d.incarnation).__name__,
            type(d).__name__)


def case_gpu_options_nested_messages(tf):
    o = tf.GPUOptions()
    o.experimental.use_unified_memory = True
    vd = o.experimental.virtual_devices.add()
    vd.memory_limit_mb.extend([100.0, 200.0])
    c = tf.ConfigProto(gpu_options=o)
    return (c.gpu_options.experimental.use_unified_memory,
            list(c.gpu_options.experimental.virtual_devices[0].memory_limit_mb),
            len(c.gpu_options.experimental.virtual_devices), o.allocator_type, o.force_gpu_compatible,
            o.polling_active_delay_usecs, catch(setattr, o, 'visible_device_list', 0))


def case_place_pruned_graph_config_on_plain_session(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/device:GPU:0'):
            bad = tf.constant(1.0, name='bad')
        good = tf.constant(2.0, name='good') * 2.0
    pruned = tf.ConfigProto(device_count={'GPU': 0})
    pruned.graph_options.place_pruned_graph = True
    sess = tf.Session(graph=g, config=pruned)
    ok = sess.run(good)
    err = catch(sess.run, bad)
    whole = tf.ConfigProto(device_count={'GPU': 0})
    whole_err = message_has(lambda: tf.Session(graph=g, config=whole).run(good),
                            'bad', 'Could not satisfy explicit device specification')
    return ok, err, whole_err, sess.run(good)


def case_unknown_device_messages(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/device:CPU:7'):
            a = tf.constant(1.0, name='far_cpu')
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={'GPU': 0}))
    err = message_has(lambda: sess.run(a), 'far_cpu', '/device:CPU:7')
    g2 = tf.Graph()
    with g2.as_default():
        with tf.device('/job:ps/task:0'):
            b = tf.constant(1.0, name='remote')
    err2 = catch(tf.Session(graph=g2).run, b)
    return err, err2, a.device, b.device


def case_run_metadata_replaced_by_each_run(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = tf.add(x, 1.0, name='y')
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={'GPU': 0}))
    md = tf.RunMetadata()
    traced = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    sess.run(y, {x: 1.0}, options=traced, run_metadata=md)
    once = len(md.step_stats.dev_stats)
    sess.run(y, {x: 1.0}, options=traced, run_metadata=md)
    twice = len(md.step_stats.dev_stats)
    failed = catch(sess.run, y, {}, options=traced, run_metadata=md)
    after_failure = len(md.step_stats.dev_stats)
    sess.run(y, {x: 1.0}, run_metadata=md)
    untraced = len(md.step_stats.dev_stats)
    f = sess.make_callable(y, [x], accept_options=True)
    f(2.0, options=traced, run_metadata=md)
    f(2.0, options=traced, run_metadata=md)
    return once, twice, failed, after_failure, untraced, len(md.step_stats.dev_stats)
