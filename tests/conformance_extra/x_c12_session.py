"""Second-pass variations of the public session_lifecycle / default_sessions / config_devices / graph_rules
cases."""
import threading

from _harness import catch, message_has


def case_sessions_on_different_graphs_interleaved(tf):
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        v1 = tf.Variable(1.0, name='v')
        inc1 = tf.assign_add(v1, 1.0)
    with g2.as_default():
        v2 = tf.Variable(10.0, name='v')
        inc2 = tf.assign_add(v2, 5.0)
    s1, s2 = tf.Session(graph=g1), tf.Session(graph=g2)
    s1.run(v1.initializer)
    s2.run(v2.initializer)
    seq = [s1.run(inc1), s2.run(inc2), s1.run(inc1), s2.run('v:0'), s1.run('v:0')]
    cross = [catch(s1.run, inc2), catch(s2.run, v1), catch(s1.run, 'v:0') is not None]
    s1.close()
    return seq, cross, s2.run(inc2), catch(s1.run, 'v:0')


def case_with_nesting_same_and_other_sessions(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(3.0, name='c')
    outer = tf.Session(graph=g)
    inner = tf.Session(graph=g)
    seen = []
    with outer:
        seen.append(tf.get_default_session() is outer)
        with inner:
            seen.append(tf.get_default_session() is inner)
            seen.append(c.eval())
        seen.append(tf.get_default_session() is outer)
        seen.append(catch(inner.run, c))
        seen.append(c.eval())
    seen.append(tf.get_default_session() is None)
    return seen, catch(outer.run, c)


def case_reset_default_graph_with_open_session(tf):
    c = tf.constant(1.0, name='first')
    sess = tf.Session()
    val = sess.run(c)
    tf.reset_default_graph()
    fresh = tf.get_default_graph() is not sess.graph
    still = sess.run(c)
    with sess.as_default():
        nested = catch(tf.reset_default_graph)
    with tf.Graph().as_default():
        in_graph_block = catch(tf.reset_default_graph)
    sess.close()
    return val, fresh, still, nested, in_graph_block, [op.name for op in tf.get_default_graph().get_operations()]


def case_as_default_stacks_across_threads(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0)
    sessions = [tf.Session(graph=g) for _ in range(3)]
    start = threading.Barrier(3, timeout=30)
    out = [None] * 3

    def work(i):
        with sessions[i].as_default():
            start.wait()
            mine = tf.get_default_session() is sessions[i]
            with sessions[(i + 1) % 3].as_default():
                nested = tf.get_default_session() is sessions[(i + 1) % 3]
                val = c.eval()
            back = tf.get_default_session() is sessions[i]
        out[i] = (mine, nested, float(val), back, tf.get_default_session() is None)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, tf.get_default_session() is None


def case_interactive_session_close_and_replace(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1, 2], name='c')
    s1 = tf.InteractiveSession(graph=g)
    first = c.eval()
    s2 = tf.InteractiveSession(graph=g)
    second = (tf.get_default_session() is s2, c.eval())
    s2.close()
    after_s2 = tf.get_default_session() is s1
    s1.close()
    return first, second, after_s2, tf.get_default_session() is None, catch(c.eval), catch(s1.run, c)


def case_device_count_and_cpu_devices(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/cpu:0'):
            a = tf.constant([1.0, 2.0])
        with tf.device('/device:CPU:1'):
            b = a * 2.0
    config = tf.ConfigProto(device_count={'CPU': 2, 'GPU': 0})
    sess = tf.Session(graph=g, config=config)
    names = sorted(d.name for d in sess.list_devices())
    return (names, sess.run(b), dict(config.device_count), config.device_count['CPU'],
            catch(tf.Session(graph=g, config=tf.ConfigProto(device_count={'CPU': 1})).run, b))


def case_soft_placement_with_missing_cpu_index(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/cpu:7'):
            x = tf.constant(3.0, name='x') * 2.0
        with tf.device('/job:localhost/replica:0/task:0/device:GPU:3'):
            y = tf.identity(x, name='y')
    soft = tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=True))
    hard = tf.Session(graph=g)
    return (soft.run(y), message_has(lambda: hard.run(y), 'CPU:7'), catch(hard.run, y),
            x.device, y.device)


def case_operation_timeout_blocked_queue(tf):
    g = tf.Graph()
    with g.as_default():
        q = tf.FIFOQueue(2, tf.float32)
        deq = q.dequeue()
        enq = q.enqueue([5.0])
    sess = tf.Session(graph=g, config=tf.ConfigProto(operation_timeout_in_ms=200))
    blocked = catch(sess.run, deq)
    msg = message_has(lambda: sess.run(deq), 'Timed out')
    sess.run(enq)
    served = sess.run(deq)
    per_run = catch(sess.run, deq, options=tf.RunOptions(timeout_in_ms=100))
    plain = tf.Session(graph=g)
    plain.run(enq)
    return blocked, msg, served, per_run, plain.run(deq, options=tf.RunOptions(timeout_in_ms=100))


def case_device_function_merge_rules(tf):
    g = tf.Graph()
    seen = []

    def chooser(op):
        seen.append(op.type)
        return '/device:CPU:0' if op.type == 'Const' else ''

    with g.as_default():
        with tf.device('/job:worker/task:1'):
            a = tf.constant(1.0, name='a')
            with tf.device('/cpu:0'):
                b = tf.constant(2.0, name='b')
                with tf.device(None):
                    c = tf.constant(3.0, name='c')
                with tf.device('/job:ps'):
                    d = tf.constant(4.0, name='d')
            with tf.device(chooser):
                e = tf.constant(5.0, name='e')
                f = tf.add(a, b, name='f')
            with tf.device(tf.DeviceSpec(device_type='CPU', device_index=0)):
                h = tf.constant(6.0, name='h')
            with tf.device('/task:2'):
                k = tf.constant(7.0, name='k')
    return [t.device for t in (a, b, c, d, e, f, h, k)], seen


def case_log_device_placement_runs_and_metadata(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2], name='x')
        y = tf.reduce_max(x, name='y')
    sess = tf.Session(graph=g, config=tf.ConfigProto(log_device_placement=True))
    md = tf.RunMetadata()
    val = sess.run(y, {x: [3.0, 1.0]}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    devs = [d.device for d in md.step_stats.dev_stats]
    return val, len(devs) >= 1, all(d.startswith('/job:localhost/replica:0/task:0/device:CPU:0') for d in devs)


def case_finalized_graph_still_runs_and_feeds(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [], name='x')
        v = tf.Variable(2.0, name='v')
        y = x * v
        init = tf.global_variables_initializer()
    g.finalize()
    sess = tf.Session(graph=g)
    sess.run(init)
    return (sess.run(y, {x: 3.0}), g.finalized, catch(tf.constant, 1.0) if False else None,
            message_has(lambda: v.assign(1.0), 'Graph is finalized'), sess.run('v:0'),
            catch(lambda: tf.identity(x)))
