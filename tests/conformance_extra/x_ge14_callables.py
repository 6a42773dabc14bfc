"""Round-14 variations of the public session_callables cases: make_callable argument paths, partial
runs of stateful and random graphs, OpErrors of other ops and their attributes."""
import collections
import threading

import numpy as np

from _harness import catch, message_has

Pair = collections.namedtuple('Pair', ['first', 'second'])


def case_callable_feed_list_kwargs_and_counts(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        w = tf.placeholder(tf.int32, shape=[2], name='w')
        y = x * 3.0
        s = tf.reduce_sum(w)
    sess = tf.Session(graph=g)
    f = sess.make_callable([y, s], [x, w])
    md = tf.RunMetadata()
    traced = f(1.0, [2, 3], options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    empty = sess.make_callable(s, [])
    return [
        traced, len(md.step_stats.dev_stats) > 0,
        f(2.0, [1, 1], 'ignored extra'),
        catch(f, 2.0),
        catch(f, x=2.0),
        catch(empty),
        empty.__class__.__name__ == 'function',
        catch(sess.make_callable(y, (x,)), 'not a float'),
    ]


def case_callable_without_feeds_rejects_arguments(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1, 2], name='c')
        n = tf.no_op(name='n')
    sess = tf.Session(graph=g)
    single = sess.make_callable(c)
    op = sess.make_callable(n)
    many = sess.make_callable({'c': c, 'n': n})
    opts = sess.make_callable(c, accept_options=True)
    return [
        catch(single, 1), catch(op, 1), catch(many, 1),
        catch(single, options=tf.RunOptions()),
        catch(opts, 1), opts(), opts(tf.RunOptions()), opts(None, None),
        catch(opts, options=5),
    ]


def case_callable_feed_list_op_and_name_keys(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = tf.add(x, 1.0, name='y')
    sess = tf.Session(graph=g)
    by_op = sess.make_callable(y, [x.op])
    by_op_name = sess.make_callable(y, ['x'])
    by_bytes = sess.make_callable(y, [b'x:0'])
    return [catch(by_op, 1.0), catch(by_op_name, 1.0), by_bytes(2.0),
            catch(sess.make_callable, y, ['missing:0']),
            catch(sess.make_callable, y, [[x]]),
            catch(sess.make_callable, y, [None])]


def case_callable_made_before_graph_grows(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        v = tf.Variable(1.0, name='v')
        y = x * v
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    f = sess.make_callable(y, [x])
    plain = sess.make_callable(v.value())
    with g.as_default():
        set_v = tf.assign(v, 5.0)
        z = y + 100.0
    before = (f(2.0), plain())
    sess.run(set_v)
    late = sess.make_callable(z, [x])
    return before, f(2.0), plain(), late(1.0), sess.run(z, {x: 1.0})


def case_callable_fetch_other_graph_and_bad_structures(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x + 1.0
    other = tf.Graph()
    with other.as_default():
        z = tf.constant(2.0)
    sess = tf.Session(graph=g)
    return [
        catch(sess.make_callable, z),
        catch(sess.make_callable, [y, z]),
        catch(sess.make_callable, {'a': None}),
        catch(sess.make_callable, 3),
        catch(sess.make_callable(z, [x]), 1.0),
        sess.make_callable([], [x])(1.0),
        sess.make_callable({}, [])(),
    ]


def case_callable_string_and_variable_fetches(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.string, shape=[None], name='s')
        joined = tf.strings.reduce_join(s, separator='-')
        v = tf.Variable([1.5, 2.5], name='v')
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    f = sess.make_callable(Pair(joined, v), [s])
    out = f([b'a', 'b', u'\u00e9'])
    return out, type(out).__name__, sess.make_callable(v)(), sess.make_callable('v:0')()


def case_partial_run_stateful_op_runs_once(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name='v')
        p = tf.placeholder(tf.int32, shape=[], name='p')
        inc = tf.assign_add(v, 1)
        a = inc * 1
        b = inc * 10 + p
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    h = sess.partial_run_setup([a, b], [p])
    first = sess.partial_run(h, a)
    second = sess.partial_run(h, b, feed_dict={p: 0})
    return first, second, sess.run(v)


def case_partial_run_random_values_consistent(tf):
    g = tf.Graph()
    with g.as_default():
        r = tf.random_uniform([3], seed=7, name='r')
        p = tf.placeholder(tf.float32, shape=[], name='p')
        a = r * 1.0
        b = r + p
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([a, b], [p])
    first = sess.partial_run(h, a)
    second = sess.partial_run(h, b, feed_dict={p: 0.0})
    return bool(np.allclose(first, second)), first.shape


def case_partial_run_targets_and_names(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name='v')
        p = tf.placeholder(tf.float32, shape=[], name='p')
        upd = tf.assign(v, p, name='upd')
        q = tf.placeholder(tf.float32, shape=[], name='q')
        r = tf.multiply(q, 2.0, name='r')
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    h = sess.partial_run_setup([upd.op, 'r:0'], ['p:0', q])
    target_fetch = catch(sess.partial_run, h, 'upd', feed_dict={p: 4.0})
    mixed_fetch = catch(sess.partial_run, h, [r, upd.op], feed_dict={q: 1.0})
    h = sess.partial_run_setup([upd.op, r], [p, q])
    only_q = sess.partial_run(h, ['r:0'], feed_dict={'q:0': 1.5})
    v_before = sess.run(v)
    feed_only = sess.partial_run(h, [], feed_dict={p: 4.0})
    return target_fetch, mixed_fetch, only_q, v_before, feed_only, sess.run(v), catch(sess.partial_run, h, r)


def case_partial_run_fetch_fed_and_unfed(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[], name='a')
        b = tf.placeholder(tf.float32, shape=[], name='b')
        s = tf.add(a, b, name='s')
        t = s * 2.0
    sess = tf.Session(graph=g)
    both = message_has(lambda: sess.partial_run_setup([s, a], [a, b]), 'a:0 is both fed and fetched')
    h = sess.partial_run_setup([s, t], [a, b])
    first = sess.partial_run(h, t, feed_dict={a: 3.0, b: 4.0})
    later = sess.partial_run(h, s)
    h2 = sess.partial_run_setup([s], [a, b])
    unfed = message_has(lambda: sess.partial_run(h2, s, feed_dict={a: 1.0}),
                        "Fetch s:0 can't be computed from the feeds that have been fed so far")
    still_open = sess.partial_run(h2, s, feed_dict={b: 2.0})
    undeclared = message_has(lambda: sess.partial_run(sess.partial_run_setup([s], [a]), s, {a: 1.0, b: 2.0}),
                             'The feed b:0 was not specified in partial_run_setup')
    finished = message_has(lambda: sess.partial_run(h, s), 'has already been fetched', "Must run 'setup'")
    return both, first, later, type(later).__name__, unfed, still_open, undeclared, finished


def case_partial_run_handle_ends_on_error_or_completion(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[None], name='a')
        idx = tf.placeholder(tf.int32, shape=[], name='idx')
        picked = tf.gather(a, idx, name='picked')
        total = tf.reduce_sum(a, name='total')
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([total, picked], [a, idx])
    first = sess.partial_run(h, total, {a: [1.0, 2.0]})
    bad = catch(sess.partial_run, h, picked, {idx: 7})
    after_error = message_has(lambda: sess.partial_run(h, picked, {idx: 0}), "Must run 'setup'")
    sess2 = tf.Session(graph=g)  # (TF's failed partial run cancels the next one of its session)
    h2 = sess2.partial_run_setup([total], [a, idx])
    done_fetches = sess2.partial_run(h2, total, {a: [5.0]})
    feed_left = sess2.partial_run(h2, [], {idx: 0})
    after_all = message_has(lambda: sess2.partial_run(h2, [], {a: [1.0]}), "Must run 'setup'", 'already been fed')
    return first, bad, after_error, done_fetches, feed_left, after_all


def case_op_error_other_ops(tf):
    g = tf.Graph()
    with g.as_default():
        idx = tf.placeholder(tf.int32, shape=[], name='idx')
        table = tf.constant([1.0, 2.0, 3.0], name='table')
        picked = tf.gather(table, idx, name='picked')
        m = tf.placeholder(tf.float32, shape=[None, None], name='m')
        inv = tf.matrix_inverse(m, name='inv')
        chk = tf.debugging.check_numerics(tf.log(m), 'log of m', name='checked')
    sess = tf.Session(graph=g)
    out = []
    for fetch, feed in ((picked, {idx: 5}), (inv, {m: [[1.0, 2.0, 3.0]]}), (chk, {m: [[-1.0]]})):
        try:
            sess.run(fetch, feed)
            out.append(None)
        except tf.errors.OpError as e:
            out.append((type(e).__name__, e.error_code, e.op.name, e.op.type, e.node_def.op))
    out.append(sess.run(picked, {idx: 2}))
    return out


def case_op_error_construction_and_pickling_free_attrs(tf):
    e = tf.errors.NotFoundError(None, None, 'missing thing')
    e2 = tf.errors.OpError(None, None, 'generic', tf.errors.ABORTED)
    classes = [tf.errors.CancelledError, tf.errors.UnknownError, tf.errors.InvalidArgumentError,
               tf.errors.DeadlineExceededError, tf.errors.NotFoundError, tf.errors.AlreadyExistsError,
               tf.errors.PermissionDeniedError, tf.errors.ResourceExhaustedError,
               tf.errors.FailedPreconditionError, tf.errors.AbortedError, tf.errors.OutOfRangeError,
               tf.errors.UnimplementedError, tf.errors.InternalError, tf.errors.UnavailableError,
               tf.errors.DataLossError, tf.errors.UnauthenticatedError]
    codes = [k(None, None, 'm').error_code for k in classes]
    return (e.message, str(e), e.op, e.node_def, e.error_code, e2.error_code, str(e2),
            isinstance(e, Exception), codes, tf.errors.exception_type_from_error_code(3).__name__,
            tf.errors.error_code_from_exception_type(tf.errors.OutOfRangeError))


def case_threads_make_callable_and_partial_runs(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.int32, shape=[], name='x')
        y = tf.placeholder(tf.int32, shape=[], name='y')
        prod = x * y
        sq = x * x
    sess = tf.Session(graph=g)
    f = sess.make_callable(sq, [x])
    n = 6
    squares = [None] * n
    partials = [None] * n
    barrier = threading.Barrier(n, timeout=30)

    def work(i):
        barrier.wait()
        for _ in range(3):
            squares[i] = int(f(i))
            h = sess.partial_run_setup([sq, prod], [x, y])
            first = int(sess.partial_run(h, sq, {x: i}))
            partials[i] = (first, int(sess.partial_run(h, prod, {y: 2})))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return squares, partials


def case_partial_run_resource_variable_and_control_flow(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.get_variable('rv', initializer=1.0, use_resource=True)
        p = tf.placeholder(tf.float32, shape=[], name='p')
        a = v.assign_add(1.0)
        b = a + p
        flag = tf.placeholder(tf.bool, shape=[], name='flag')
        c = tf.cond(flag, lambda: p * 2.0, lambda: p * 3.0)
        d = c + 1.0
        _, loop = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * p), [tf.constant(0), tf.constant(1.0)])
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    h = sess.partial_run_setup([a, b], [p])
    first = sess.partial_run(h, a)
    second = sess.partial_run(h, b, {p: 10.0})
    h2 = sess.partial_run_setup([c, d, loop], [p, flag])
    cond_val = sess.partial_run(h2, c, {p: 2.0, flag: False})
    return first, second, sess.run(v), cond_val, sess.partial_run(h2, [d, loop])


def case_callable_options_and_metadata_checked(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x * 2.0
        c = tf.constant(1.0)
    sess = tf.Session(graph=g)
    fed = sess.make_callable(y, [x], accept_options=True)
    plain = sess.make_callable(c, accept_options=True)
    return [
        fed(1.0, tf.RunOptions()),
        catch(fed, 1.0, run_metadata=5),
        catch(fed, 1.0, options=5),
        catch(plain, run_metadata=5),
        plain(tf.RunOptions(), tf.RunMetadata()),
        plain(tf.RunMetadata()),
    ]


def case_op_error_python_attributes(tf):
    e = tf.errors.InvalidArgumentError(None, None, 'boom')
    base = tf.errors.OpError(None, None, 'generic', tf.errors.INTERNAL)
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, [], name='a')
        asrt = tf.Assert(a > 0, [a], name='positive')
        with tf.control_dependencies([asrt]):
            out = tf.identity(a)
    sess = tf.Session(graph=g)
    try:
        sess.run(out, {a: -1.0})
        raised = None
    except tf.errors.OpError as err:
        raised = (type(err).__name__, err.op.name, err.op.type, err.error_code, err.args)
    return (str(e), e.args, repr(e), str(base), base.args, base.error_code, raised, sess.run(out, {a: 2.0}))
