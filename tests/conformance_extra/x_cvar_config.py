"""Variations of the public config_devices / seed_basics cases."""
import numpy as np

from _harness import catch, message_has

CPU0 = '/job:localhost/replica:0/task:0/device:CPU:0'


def case_config_more_defaults(tf):
    c = tf.ConfigProto()
    g = tf.GPUOptions()
    r = tf.RunOptions()
    return {
        'placement_period': c.placement_period,
        'use_per_session_threads': c.use_per_session_threads,
        'isolate': c.isolate_session_state,
        'share_cluster': c.share_cluster_devices_in_session,
        'device_filters': list(c.device_filters),
        'gpu_alloc': g.allocator_type,
        'gpu_deferred': g.deferred_deletion_bytes,
        'gpu_force_compat': g.force_gpu_compatible,
        'polling': g.polling_active_delay_usecs,
        'run_partition': r.output_partition_graphs,
        'run_rm': r.report_tensor_allocations_upon_oom,
        'inter_op_pool': r.inter_op_thread_pool,
        'trace_names': [tf.RunOptions.NO_TRACE, tf.RunOptions.SOFTWARE_TRACE, tf.RunOptions.HARDWARE_TRACE],
        'graph_opts': c.graph_options.optimizer_options.opt_level,
        'place_pruned': c.graph_options.place_pruned_graph,
    }


def case_config_nested_assignment_variants(tf):
    c = tf.ConfigProto()
    c.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    c.gpu_options.visible_device_list = '1,0'
    c.device_count['GPU'] = 0
    c.device_count['CPU'] = 4
    c.device_filters.append('/job:localhost')
    c.device_count.update({'XLA': 2})
    c2 = tf.ConfigProto()
    c2.CopyFrom(c)
    c3 = tf.ConfigProto(allow_soft_placement=True)
    c3.MergeFrom(c)
    return (c.graph_options.optimizer_options.global_jit_level, c.gpu_options.visible_device_list,
            sorted(dict(c.device_count).items()), list(c.device_filters), c2 == c, c3.allow_soft_placement,
            sorted(dict(c3.device_count).items()), 'GPU' in c.device_count, 'TPU' in c.device_count,
            c.HasField('gpu_options'), tf.ConfigProto().HasField('gpu_options'))


def case_config_serialize_roundtrip(tf):
    c = tf.ConfigProto(allow_soft_placement=True, intra_op_parallelism_threads=3,
                       gpu_options=tf.GPUOptions(allow_growth=True), device_count={'GPU': 0})
    blob = c.SerializeToString()
    back = tf.ConfigProto()
    back.ParseFromString(blob)
    r = tf.RunOptions(trace_level=tf.RunOptions.SOFTWARE_TRACE, timeout_in_ms=7)
    rb = tf.RunOptions.FromString(r.SerializeToString())
    return (type(blob).__name__, back == c, back.intra_op_parallelism_threads, back.gpu_options.allow_growth,
            dict(back.device_count), rb.trace_level, rb.timeout_in_ms, tf.ConfigProto().SerializeToString())


def case_config_keywords_variants(tf):
    gpu = tf.GPUOptions(per_process_gpu_memory_fraction=0.5, visible_device_list='0')
    c = tf.ConfigProto(gpu_options=gpu, inter_op_parallelism_threads=1, use_per_session_threads=True,
                       graph_options=tf.GraphOptions(build_cost_model=2))
    gpu.per_process_gpu_memory_fraction = 0.9
    return (c.gpu_options.per_process_gpu_memory_fraction, c.gpu_options.visible_device_list,
            c.inter_op_parallelism_threads, c.use_per_session_threads, c.graph_options.build_cost_model,
            gpu.per_process_gpu_memory_fraction)


def case_config_field_errors_variants(tf):
    c = tf.ConfigProto()
    g = tf.GPUOptions()
    return [
        catch(setattr, c, 'allow_soft_placement', 'yes'),
        catch(setattr, c, 'intra_op_parallelism_threads', 1.5),
        catch(setattr, c, 'device_count', {'CPU': 1}),
        catch(c.device_count.__setitem__, 'CPU', 'one'),
        catch(setattr, g, 'per_process_gpu_memory_fraction', 'half'),
        catch(setattr, g, 'visible_device_list', 0),
        catch(tf.GPUOptions, nope=True),
        catch(tf.RunOptions, trace_level='FULL'),
        catch(tf.RunOptions, timeout_in_ms=1.5),
        catch(setattr, c, 'operation_timeout_in_ms', 2 ** 70),
        catch(tf.ConfigProto, gpu_options={'allow_growth': True}),
        c.allow_soft_placement, c.intra_op_parallelism_threads,
    ]


def case_config_run_options_enum_values(tf):
    r = tf.RunOptions()
    r.trace_level = 3
    named = tf.RunOptions(trace_level='SOFTWARE_TRACE')
    return (r.trace_level, named.trace_level, tf.RunOptions.TraceLevel.Name(3),
            tf.RunOptions.TraceLevel.Value('HARDWARE_TRACE'), catch(setattr, r, 'trace_level', 99))


def case_soft_placement_variants(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/device:GPU:3'):
            a = tf.constant([1, 2], name='a')
            b = tf.add(a, a, name='b')
        with tf.device('/job:localhost/replica:0/task:0/device:CPU:7'):
            c = tf.multiply(b, 2, name='c')
    config = tf.ConfigProto(allow_soft_placement=True, device_count={'GPU': 0})
    with tf.Session(graph=g, config=config) as sess:
        return sess.run(c), [t.device for t in (a, b, c)]


def case_missing_device_errors(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/cpu:3'):
            a = tf.constant(1.0, name='on_cpu3')
        with tf.device('/device:XYZ:0'):
            b = tf.constant(1.0, name='on_xyz')
        with tf.device('/job:worker/task:0'):
            w = tf.constant(1.0, name='on_worker')
    config = tf.ConfigProto(device_count={'GPU': 0})
    sess = tf.Session(graph=g, config=config)
    out = []
    for t in (a, b, w):
        out.append(catch(sess.run, t))
    out.append(message_has(lambda: sess.run(a), 'on_cpu3'))
    soft = tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=True, device_count={'GPU': 0}))
    out.append(soft.run([a, b]))
    return out


def case_device_strings_variants(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/job:ps'):
            a = tf.constant(1.0)
            with tf.device('/task:1'):
                b = tf.constant(1.0)
                with tf.device('/device:CPU:0'):
                    c = tf.constant(1.0)
            with tf.device('/job:worker/cpu:1'):
                d = tf.constant(1.0)
        with tf.device('gpu:0'):
            e = tf.constant(1.0)
        with tf.device('/replica:2'):
            f = tf.constant(1.0)
        with tf.device(tf.DeviceSpec(job='x', device_type='GPU', device_index=2)):
            h = tf.constant(1.0)
        with tf.device(lambda op: '/cpu:0' if op.type == 'Const' else '/gpu:0'):
            i = tf.constant(1.0)
            j = i + i
        with tf.device(''):
            k = tf.constant(1.0)
        errs = [catch(lambda: tf.device('/bogus:0').__enter__()), catch(lambda: tf.device(7).__enter__())]
    return [t.device for t in (a, b, c, d, e, f, h, i, j, k)], errs


def case_device_spec_objects(tf):
    s = tf.DeviceSpec.from_string('/job:w/replica:1/task:2/device:GPU:3')
    m = tf.DeviceSpec(job='a').make_merged_spec(tf.DeviceSpec(device_type='CPU', device_index=0))
    return (s.job, s.replica, s.task, s.device_type, s.device_index, s.to_string(),
            m.to_string(), tf.DeviceSpec().to_string(), tf.DeviceSpec.from_string('/cpu:*').to_string())


def case_list_devices_variants(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
    s = tf.Session(graph=g, config=tf.ConfigProto(device_count={'CPU': 3, 'GPU': 0}))
    devs = s.list_devices()
    cpus = [(d.name, d.device_type, d.memory_limit_bytes > 0, d.incarnation != 0) for d in devs
            if d.device_type == 'CPU']
    s.close()
    return cpus, catch(s.list_devices)


def case_log_device_placement_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable([1.0, 2.0])
        out = tf.reduce_max(v) * 2.0
    config = tf.ConfigProto(log_device_placement=True, allow_soft_placement=True, device_count={'GPU': 0})
    with tf.Session(graph=g, config=config) as s:
        s.run(v.initializer)
        return s.run(out), s.run([v, out])


def case_run_metadata_variants(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name='x')
        y = tf.reduce_sum(x, name='total')
        n = tf.no_op(name='noop')
    sess = tf.Session(graph=g, config=tf.ConfigProto(device_count={'GPU': 0}))
    md = tf.RunMetadata()
    opts = tf.RunOptions(trace_level=tf.RunOptions.SOFTWARE_TRACE, output_partition_graphs=True)
    sess.run([y, n], {x: [1.0, 2.0]}, options=opts, run_metadata=md)
    names = set(ns.node_name for ds in md.step_stats.dev_stats for ns in ds.node_stats)
    parts = len(md.partition_graphs)
    md2 = tf.RunMetadata()
    sess.run(n, options=tf.RunOptions(), run_metadata=md2)
    return ('total' in names, parts > 0, len(md2.step_stats.dev_stats), len(md2.partition_graphs),
            catch(sess.run, y, {x: [1.0, 1.0]}, options='opts'),
            catch(sess.run, y, {x: [1.0, 1.0]}, run_metadata='md'))


def case_operation_timeout_config(tf):
    g = tf.Graph()
    with g.as_default():
        q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
        deq = q.dequeue()
        enq = q.enqueue(3)
    sess = tf.Session(graph=g, config=tf.ConfigProto(operation_timeout_in_ms=50))
    first = catch(sess.run, deq)
    sess.run(enq)
    return first, sess.run(deq), catch(sess.run, deq, options=tf.RunOptions(timeout_in_ms=30))


# ------------------------------------------------------------- seeds
def case_seed_graph_and_op_level(tf):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(42)
        a = tf.random_uniform([3], seed=1)
        b = tf.random_uniform([3], seed=1)
        c = tf.random_uniform([3])
        d = tf.random_normal([2], dtype=tf.float64)
    s1 = tf.Session(graph=g)
    s2 = tf.Session(graph=g)
    ra, rb = s1.run([a, b])
    return (bool(np.array_equal(ra, rb)), bool(np.array_equal(s1.run(a), ra)),
            bool(np.array_equal(s2.run(a), ra)), bool(np.array_equal(s2.run(c), s1.run(c))),
            [a.op.get_attr('seed'), a.op.get_attr('seed2'), c.op.get_attr('seed'), c.op.get_attr('seed2'),
             d.op.get_attr('seed2')], d.dtype.name)


def case_seed_op_level_only(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.random_uniform([4], seed=7)
        b = tf.random_uniform([4], seed=7)
        n = tf.random_normal([1])
    s1 = tf.Session(graph=g)
    s2 = tf.Session(graph=g)
    ra = s1.run(a)
    return (bool(np.array_equal(ra, s2.run(a))), bool(np.array_equal(ra, s1.run(b))),
            a.op.get_attr('seed'), a.op.get_attr('seed2'), n.op.get_attr('seed'), n.op.get_attr('seed2'))


def case_seed_reset_by_new_graph(tf):
    vals = []
    for _ in range(2):
        g = tf.Graph()
        with g.as_default():
            tf.set_random_seed(3)
            x = tf.random_uniform([2], seed=None)
            y = tf.random_shuffle(tf.range(6))
            z = tf.truncated_normal([2])
        s = tf.Session(graph=g)
        vals.append(s.run([x, y, z]))
    return (bool(np.array_equal(vals[0][0], vals[1][0])), bool(np.array_equal(vals[0][1], vals[1][1])),
            bool(np.array_equal(vals[0][2], vals[1][2])), sorted(vals[0][1].tolist()), g.seed,
            [op.get_attr('seed2') for op in (x.op, z.op)])


def case_seed_errors_and_graph_attr(tf):
    g = tf.Graph()
    with g.as_default():
        before = g.seed
        tf.set_random_seed(None)
        none_seed = g.seed
        tf.set_random_seed(2 ** 40)
        big = g.seed
        r = tf.random_uniform([1])
    return before, none_seed, big, r.op.get_attr('seed'), catch(tf.set_random_seed, 'x')
