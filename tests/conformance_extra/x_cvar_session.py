"""Variations of the public session_callables / session_lifecycle / default_sessions cases."""
import collections
import threading

import numpy as np

from _harness import catch, message_has

Pair = collections.namedtuple('Pair', ['first', 'second'])


# ------------------------------------------------------------- make_callable
def case_callable_structures_dtypes(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.constant('txt')
        i64 = tf.constant([1, 2], tf.int64)
        h = tf.constant(1.5, tf.float16)
        b = tf.constant([True, False])
        e = tf.zeros([0, 2], tf.int32)
        sp = tf.SparseTensor([[0, 0]], [3], [2, 2])
        n = tf.no_op(name='nothing')
    sess = tf.Session(graph=g)
    outs = [sess.make_callable(x)() for x in (s, i64, h, b, e, 'nothing')]
    nested = sess.make_callable({'a': [s, (i64,)], 'b': Pair(n, h)})()
    sparse = sess.make_callable(sp)()
    return outs, [type(o).__name__ for o in outs], nested, sparse, type(sparse).__name__


def case_callable_feed_list_kinds(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.int32, shape=[None], name='x')
        s = tf.placeholder(tf.string, shape=[], name='s')
        c = tf.constant(10, name='c')
        y = tf.reduce_sum(x) + c
        z = tf.strings.join([s, s])
    sess = tf.Session(graph=g)
    f = sess.make_callable([y, z], feed_list=[x, s])
    g1 = sess.make_callable(y, feed_list=[c, x])
    g2 = sess.make_callable(y, feed_list=('x:0',))
    return (f([1, 2, 3], 'ab'), f(np.array([4], np.int32), b'q'), g1(100, [1]), g2([5, 5]),
            catch(f, [1], 'a', 'extra'))


def case_callable_feed_errors(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name='x')
        y = x * 2.0
    sess = tf.Session(graph=g)
    f = sess.make_callable(y, [x])
    return [
        catch(f, [1.0, 2.0, 3.0]),
        catch(f, 'abc'),
        catch(sess.make_callable, y, [x.op]),
        catch(sess.make_callable, y, ['nope:0']),
        catch(sess.make_callable, y, [None]),
        f([1.0, 2.0]),
    ]


def case_callable_stateful_and_shared_state(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(10, name='v')
        x = tf.placeholder(tf.int32, shape=[])
        add = tf.assign_add(v, x)
        sub = tf.assign_sub(v, 1)
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    fa = sess.make_callable(add, [x])
    fs = sess.make_callable([sub, v])
    out = [fa(5), fa(np.int32(2)), fs(), fa(0)]
    return out, sess.run(v)


def case_callable_accept_options_variants(tf):
    g = tf.Graph()
    with g.as_default():
        y = tf.constant(2.0, name='y') * 3.0
    sess = tf.Session(graph=g)
    f = sess.make_callable(y, accept_options=True)
    md = tf.RunMetadata()
    a = f()
    b = f(options=tf.RunOptions(), run_metadata=md)
    plain = sess.make_callable(y)
    return a, b, catch(plain, options=tf.RunOptions()), catch(f, 1.0)


def case_callable_closed_and_errors_in_run(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        p = tf.placeholder(tf.float32, name='p')
        y = x + p
    sess = tf.Session(graph=g)
    f = sess.make_callable(y, [x])
    first = catch(f, 1.0)
    second = sess.make_callable(y, [x, p])(1.0, 2.0)
    sess.close()
    return first, second, catch(f, 1.0), catch(sess.make_callable, y)


# ------------------------------------------------------------- partial_run
def case_partial_run_dtypes_and_structures(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.int64, shape=[None], name='a')
        b = tf.placeholder(tf.string, shape=[], name='b')
        r1 = tf.reduce_sum(a)
        r2 = tf.strings.join([b, tf.as_string(r1)])
        r3 = r1 * 2
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([r1, r2, r3], [a, b])
    first = sess.partial_run(h, Pair(r1, r3), feed_dict={a: [1, 2, 3]})
    second = sess.partial_run(h, {'s': r2}, feed_dict={'b:0': 'n='})
    return first, type(first).__name__, second


def case_partial_run_feed_shape_and_names(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[2], name='a')
        b = tf.placeholder(tf.float32, shape=[], name='b')
        r = a * b
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([r], [a, b])
    bad = catch(sess.partial_run, h, r, feed_dict={a: [1.0, 2.0, 3.0], b: 1.0})
    h2 = sess.partial_run_setup(['mul:0'], ['a:0', 'b:0'])
    ok = sess.partial_run(h2, 'mul:0', feed_dict={'a:0': [1.0, 2.0], 'b:0': 3.0})
    return bad, ok, r.name


def case_partial_run_missing_feed_and_closed(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[], name='a')
        b = tf.placeholder(tf.float32, shape=[], name='b')
        r = a + b
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([r], [a, b])
    missing = catch(sess.partial_run, h, r, feed_dict={a: 1.0})
    h2 = sess.partial_run_setup([r], [a, b])
    sess.close()
    return missing, catch(sess.partial_run, h2, r, {a: 1.0, b: 2.0}), catch(sess.partial_run_setup, [r], [a])


def case_partial_run_bad_arguments(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[], name='a')
        r = a * 2.0
    sess = tf.Session(graph=g)
    return [
        catch(sess.partial_run_setup, None, [a]),
        catch(sess.partial_run_setup, [r], [None]),
        catch(sess.partial_run_setup, [r], [r.op]),
        catch(sess.partial_run_setup, ['nope:0'], [a]),
        catch(sess.partial_run, 'not-a-handle', r, {a: 1.0}),
    ]


# ------------------------------------------------------------- threads and OpError
def case_threads_run_ops_and_variables(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name='v')
        inc = tf.assign_add(v, 1, use_locking=True)
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    barrier = threading.Barrier(4, timeout=30)

    def work():
        barrier.wait()
        for _ in range(25):
            sess.run(inc.op)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return int(sess.run(v))


def case_op_error_attributes_variants(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('inp'):
            a = tf.placeholder(tf.int32, shape=[None], name='ids')
        k = tf.constant([1.0, 2.0])
        gat = tf.gather(k, a, name='pick')
    sess = tf.Session(graph=g)
    out = []
    for feed in ({}, {a: [5]}):
        try:
            sess.run(gat, feed)
            out.append(None)
        except tf.errors.OpError as e:
            out.append((type(e).__name__, e.error_code, e.op is not None, e.node_def is not None,
                        isinstance(e, tf.errors.InvalidArgumentError)))
    out.append(sess.run(gat, {a: [1, 0]}))
    return out


def case_op_error_code_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name='never_init')
        x = tf.placeholder(tf.float32, shape=[None], name='x')
        chk = tf.debugging.check_numerics(x, 'bad number', name='chk')
        q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
        closed = q.close()
        deq = q.dequeue(name='deq')
    sess = tf.Session(graph=g)
    sess.run(closed)
    out = []
    for fetch, feed in ((v, None), (chk, {x: [np.inf]}), (deq, None)):
        try:
            sess.run(fetch, feed)
            out.append(None)
        except tf.errors.OpError as e:
            out.append((type(e).__name__, e.error_code, e.op.name if e.op is not None else None))
    out.append(sess.run(chk, {x: [1.0]}))
    return out


# ------------------------------------------------------------- lifecycle
def case_target_variants(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2)
    s1 = tf.Session(b'', graph=g)
    out = [s1.run(c), s1.sess_str]
    out.append(catch(tf.Session, 'local', graph=g))
    out.append(catch(tf.Session, ['x'], graph=g))
    return out


def case_closed_session_variants(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(5.0)
        x = tf.placeholder(tf.float32)
    sess = tf.Session(graph=g)
    sess.close()
    return [
        catch(sess.run, {'c': c}),
        catch(sess.run, c.op),
        catch(sess.run, c, {x: 1.0}),
        catch(sess.run, []),
        catch(c.eval, session=sess),
        catch(c.op.run, session=sess),
        message_has(lambda: sess.run(c), 'closed Session'),
        sess.graph is g,
    ]


def case_with_block_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(3, name='v')
    with tf.Session(graph=g) as sess:
        sess.run(v.initializer)
        inside = (sess.run(v), tf.get_default_session() is sess, tf.get_default_graph() is g)
    reopened = tf.Session(graph=g)
    return inside, catch(sess.run, v), catch(reopened.run, v), tf.get_default_session() is None


def case_with_block_exception_kinds(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, name='p')
    seen = None
    try:
        with tf.Session(graph=g) as sess:
            sess.run(p)
    except tf.errors.InvalidArgumentError as e:
        seen = type(e).__name__
    return seen, catch(sess.run, p, {p: 1.0}), tf.get_default_session() is None


def case_empty_graph_variants(tf):
    empty = tf.Session(graph=tf.Graph())
    errs = [catch(empty.run, [[]]), catch(empty.run, Pair([], {})), message_has(lambda: empty.run([]), 'empty')]
    g = tf.Graph()
    with g.as_default():
        tf.no_op()
    sess = tf.Session(graph=g)
    return errs, sess.run(Pair([], ())), sess.run({'a': [], 'b': {}}), type(sess.run(Pair([], ()))).__name__


def case_graph_def_tracks_graph_variants(tf):
    g = tf.Graph()
    sess = tf.Session(graph=g)
    with g.as_default():
        with tf.name_scope('s'):
            a = tf.placeholder(tf.int32, name='a')
        tf.identity(a, name='out')
    gd = sess.graph_def
    nodes = [(n.name, n.op, list(n.input)) for n in gd.node]
    with g.as_default():
        tf.no_op(name='later')
    return nodes, len(sess.graph_def.node), type(gd).__name__


def case_two_sessions_variants(tf):
    g = tf.Graph()
    with g.as_default():
        q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
        enq = q.enqueue(7)
        size = q.size()
    s1 = tf.Session(graph=g)
    s2 = tf.Session(graph=g)
    s1.run(enq)
    s1.run(enq)
    s2.run(enq)
    return s1.run(size), s2.run(size)


# ------------------------------------------------------------- default sessions
def case_as_default_nesting_variants(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(4.0)
    s1 = tf.Session(graph=g)
    s2 = tf.Session(graph=g)
    seen = []
    with s1.as_default():
        with s2.as_default():
            with s1.as_default():
                seen.append(tf.get_default_session() is s1)
            seen.append(tf.get_default_session() is s2)
        s2.close()
        seen.append(tf.get_default_session() is s1)
        seen.append(c.eval())
    with s2.as_default():
        seen.append(catch(c.eval))
    return seen


def case_eval_with_feeds_and_names(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.int32, shape=[None], name='x')
        y = tf.reduce_prod(x, name='y')
        v = tf.Variable(0, name='v')
        asg = tf.assign(v, y)
    sess = tf.Session(graph=g)
    with sess.as_default():
        v.initializer.run()
        a = y.eval({x: [2, 3]})
        b = y.eval(feed_dict={'x:0': [4, 5]})
        c = asg.op.run({x: [7]})
        d = v.eval()
        e = catch(y.eval)
    return a, b, c, d, e


def case_interactive_session_variants(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1, 2]) + 1
    s1 = tf.InteractiveSession(graph=g)
    first = tf.get_default_session() is s1
    val = c.eval()
    s1.close()
    after_close = tf.get_default_session() is None
    s2 = tf.InteractiveSession(graph=g)
    again = (tf.get_default_session() is s2, c.eval())
    s2.close()
    return first, val, after_close, again, catch(c.eval)


def case_eval_errors_variants(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    s = tf.Session(graph=g)
    return [
        catch(c.eval, session=None),
        message_has(c.eval, 'default session'),
        catch(c.eval, feed_dict={}, session=s),
        catch(c.op.run, session=s),
        catch(c.eval, session='no'),
    ]


def case_thread_default_session_variants(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(5)
    sess = tf.InteractiveSession(graph=g)
    out = {}

    def worker():
        out['none'] = tf.get_default_session() is None
        out['eval'] = catch(c.eval)
        out['explicit'] = c.eval(session=sess)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    out['main'] = tf.get_default_session() is sess
    sess.close()
    return out
