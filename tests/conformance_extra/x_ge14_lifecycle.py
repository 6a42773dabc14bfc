"""Round-14 variations of the public session_lifecycle and default_sessions cases: targets and
constructor arguments, what a closed session still answers, empty fetches with feeds, default
session stacks with errors, threads and closed sessions."""
import threading

import numpy as np

from _harness import catch, message_has


def case_target_spellings(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0) * 2.0
    out = []
    for target in ('', b'', None):
        sess = catch(tf.Session, target, graph=g)
        out.append(sess if isinstance(sess, dict) else (sess.sess_str, sess.run(c)))
    out.append(catch(tf.Session, 'grpc://localhost:1', graph=g) is not None)
    out.append(catch(tf.Session, target=['']))
    return out


def case_closed_session_still_answers_attributes(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0, name='c')
    sess = tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=True))
    sess.close()
    return (sess.graph is g, [n.name for n in sess.graph_def.node], sess.sess_str,
            catch(sess.list_devices), catch(sess.make_callable, c) is not None,
            catch(sess.run, 'c:0'), catch(sess.partial_run_setup, [c]))


def case_empty_fetches_with_feeds(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, shape=[2], name='p')
        q = p * 2.0
    sess = tf.Session(graph=g)
    return [
        sess.run([], {p: [1.0, 2.0]}),
        catch(sess.run, [], {p: [1.0, 2.0, 3.0]}),
        catch(sess.run, [], {'nope:0': 1.0}),
        catch(sess.run, {}, {p: 'text'}),
        sess.run({'a': [], 'b': ()}, {p: [0.0, 0.0]}),
        sess.run(q, {p: [1.0, 1.0]}),
    ]


def case_empty_graph_other_entry_points(tf):
    g = tf.Graph()
    sess = tf.Session(graph=g)
    out = [catch(sess.make_callable, []), catch(sess.partial_run_setup, [])]
    with g.as_default():
        c = tf.constant(4.0)
    out.append(sess.run(c))
    with tf.Session(graph=tf.Graph()) as empty:
        out.append(catch(empty.run, [[], {}]))
    return out


def case_with_block_graph_and_session_restored(tf):
    g1, g2 = tf.Graph(), tf.Graph()
    outer_default = tf.get_default_graph()
    with g1.as_default():
        c1 = tf.constant(1.0)
    with tf.Session(graph=g1) as s1:
        inner = tf.get_default_graph() is g1
        with g2.as_default():
            c2 = tf.constant(2.0)
            in_g2 = (tf.get_default_graph() is g2, tf.get_default_session() is s1,
                     catch(c2.eval), c1.eval())
        back = tf.get_default_graph() is g1
    return inner, in_g2, back, tf.get_default_graph() is outer_default, tf.get_default_session() is None


def case_with_block_exception_inside_nested_defaults(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(3.0)
    s1, s2 = tf.Session(graph=g), tf.Session(graph=g)
    seen = []
    with s1.as_default():
        try:
            with s2:
                seen.append(tf.get_default_session() is s2)
                raise ValueError('inner')
        except ValueError:
            pass
        seen.append(tf.get_default_session() is s1)
        seen.append(c.eval())
    seen.append(catch(s2.run, c))
    seen.append(s1.run(c))
    return seen


def case_close_during_as_default(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(5.0)
    sess = tf.Session(graph=g)
    with sess.as_default():
        before = c.eval()
        sess.close()
        still_default = tf.get_default_session() is sess
        after = catch(c.eval)
        op_after = catch(c.op.run)
    return before, still_default, after, op_after, tf.get_default_session() is None


def case_same_session_as_default_twice_and_threads(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x * 2.0
    sess = tf.Session(graph=g)
    results = {}

    def worker(name, value):
        with sess.as_default():
            results[name] = (tf.get_default_session() is sess, y.eval({x: value}))
        results[name + '_after'] = tf.get_default_session() is None

    with sess.as_default():
        with sess.as_default():
            twice = tf.get_default_session() is sess
        once = tf.get_default_session() is sess
        threads = [threading.Thread(target=worker, args=('t%d' % i, float(i))) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return twice, once, sorted(results.items())


def case_eval_and_run_argument_forms(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name='x')
        y = tf.reduce_sum(x)
        v = tf.Variable(0.0, name='v')
        set_v = tf.assign(v, y)
    sess = tf.Session(graph=g)
    v.initializer.run(session=sess)
    return [
        y.eval({x: [1.0, 2.0]}, sess),
        y.eval(feed_dict={'x:0': np.array([3.0, 4.0])}, session=sess),
        set_v.op.run({x: [5.0, 5.0]}, sess),
        v.eval(session=sess),
        catch(y.eval, {x: [1.0]}, sess),
        catch(y.eval, session='not a session'),
        catch(set_v.op.run, session=sess),
    ]


def case_interactive_session_stack_with_as_default(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(6.0)
    isess = tf.InteractiveSession(graph=g)
    other = tf.Session(graph=g)
    with other.as_default():
        inner = tf.get_default_session() is other
    restored = tf.get_default_session() is isess
    value = c.eval()
    isess.close()
    second_close = isess.close()
    return inner, restored, value, second_close, tf.get_default_session() is None, catch(c.eval)


def case_session_graph_versions_and_new_ops_after_run(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
    sess = tf.Session(graph=g)
    first = sess.run(a)
    with g.as_default():
        b = tf.add(a, 10.0, name='b')
        v = tf.Variable(7.0, name='late_var')
    second = sess.run(b)
    sess.run(v.initializer)
    names = [n.name for n in sess.graph_def.node]
    return first, second, sess.run(v), names


def case_session_repr_free_attributes(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
    config = tf.ConfigProto(intra_op_parallelism_threads=1)
    sess = tf.Session(graph=g, config=config)
    isess = tf.InteractiveSession(graph=g)
    out = (isinstance(sess, tf.Session), isinstance(isess, tf.Session),
           isinstance(isess, tf.InteractiveSession), sess.graph_def.versions.producer > 0,
           message_has(lambda: tf.Session(graph=g, config=tf.GPUOptions()), 'config'))
    isess.close()
    return out


def case_interactive_sessions_closed_out_of_order(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1, 2])
    first = tf.InteractiveSession(graph=g)
    second = tf.InteractiveSession(graph=g)
    out_of_order = message_has(first.close, 'Nesting violated for default stack')
    still_second = tf.get_default_session() is second
    second.close()
    left = tf.get_default_session() is first
    return out_of_order, still_second, left, catch(c.eval), first.close()


def case_interactive_session_default_graph_can_be_reset(tf):
    c = tf.constant(1.0)
    sess = tf.InteractiveSession()
    value = c.eval()
    reset = catch(tf.reset_default_graph)
    new_graph = tf.get_default_graph() is not c.graph
    d = tf.constant(2.0)
    wrong_graph = catch(d.eval)
    sess.close()
    g = tf.Graph()
    explicit = tf.InteractiveSession(graph=g)
    nested = catch(tf.reset_default_graph)
    is_g = tf.get_default_graph() is g
    explicit.close()
    return value, reset, new_graph, wrong_graph, nested, is_g, tf.get_default_graph() is g
