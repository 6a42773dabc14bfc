"""Extra: Session lifecycle, run() fetch/feed rules, default sessions, callables, tensors, errors."""
import collections

import numpy as np

from _harness import catch, message_has

Pair = collections.namedtuple('Pair', ['first', 'second'])


def _g(tf):
    g = tf.Graph()
    return g


def case_session_repr_attrs(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
    sess = tf.Session(graph=g)
    out = (sess.sess_str, sess.graph is g, sess.graph_def.__class__.__name__,
           type(sess.list_devices()).__name__, len(sess.list_devices()) >= 1,
           sess.list_devices()[0].device_type if sess.list_devices() else None)
    sess.close()
    return out


def case_list_devices_names(tf):
    g = tf.Graph()
    sess = tf.Session(graph=g)
    devs = sess.list_devices()
    cpu = [d for d in devs if d.device_type == 'CPU']
    return cpu[0].name, type(cpu[0].memory_limit_bytes).__name__


def case_fetch_dict_key_types(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1, name='a')
        b = tf.constant(2, name='b')
    sess = tf.Session(graph=g)
    r = sess.run({1: a, ('t', 2): b, None: a})
    return sorted(r.items(), key=lambda kv: str(kv[0]))


def case_fetch_defaultdict_and_ordered(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1, name='a')
    sess = tf.Session(graph=g)
    dd = collections.defaultdict(list)
    dd['x'] = a
    r = sess.run(dd)
    od = sess.run(collections.OrderedDict([('z', a), ('a', [a])]))
    return type(r).__name__, dict(r), type(od).__name__, list(od.items())


def case_fetch_numpy_and_list_of_string_names(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant([1, 2], name='a')
    sess = tf.Session(graph=g)
    return [catch(sess.run, np.array([1.0])), sess.run([u'a:0', b'a:0'])]


def case_fetch_int_like_types(tf):
    g = tf.Graph()
    with g.as_default():
        t8 = tf.constant([1, 2], dtype=tf.int8)
        u8 = tf.constant([1, 2], dtype=tf.uint8)
        i16 = tf.constant([1, 2], dtype=tf.int16)
        u16 = tf.constant([1, 2], dtype=tf.uint16)
        h = tf.constant([1.5], dtype=tf.float16)
        c64 = tf.constant([1 + 2j], dtype=tf.complex64)
        sc8 = tf.constant(3, dtype=tf.uint8)
    sess = tf.Session(graph=g)
    vals = sess.run([t8, u8, i16, u16, h, c64, sc8])
    return vals, [type(v).__name__ for v in vals]


def case_feed_dtype_overflow_and_strings(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.string, shape=[None], name='s')
        u8 = tf.placeholder(tf.uint8, shape=[], name='u8')
        f = tf.placeholder(tf.float32, shape=[], name='f')
    sess = tf.Session(graph=g)
    return [
        sess.run(s, {s: [b'ab', b'cd']}),
        sess.run(u8, {u8: 200}),
        catch(sess.run, u8, {u8: 300}),
        catch(sess.run, u8, {u8: -1}),
        catch(sess.run, f, {f: 'abc'}),
        sess.run(f, {f: True}),
        sess.run(f, {f: np.int64(3)}),
    ]


def case_feed_list_ragged_and_objects(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, name='p')
    sess = tf.Session(graph=g)
    return [catch(sess.run, p, {p: [[1.0, 2.0], [3.0]]}), catch(sess.run, p, {p: object()}),
            catch(sess.run, p, {p: None}), sess.run(p, {p: [[]]})]


def case_feed_variable_and_op_key(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable([1.0, 2.0], name='v')
        out = v * 2.0
    sess = tf.Session(graph=g)
    fed = sess.run(out, {v: [10.0, 20.0]})
    err = catch(sess.run, out)
    return fed, err


def case_feed_shape_message_variants(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.int32, shape=[None, None, 2], name='pp')
        q = tf.placeholder(tf.float32, shape=[], name='q')
    sess = tf.Session(graph=g)
    return [
        message_has(lambda: sess.run(p, {p: np.ones((2, 2, 3))}),
                    'Cannot feed value of shape (2, 2, 3)', "for Tensor pp:0", "which has shape (?, ?, 2)"),
        message_has(lambda: sess.run(q, {q: [1.0]}),
                    'Cannot feed value of shape (1,)', "for Tensor q:0", "which has shape ()"),
        catch(sess.run, q, {q: [1.0]}),
    ]


def case_feed_key_other_graph(tf):
    g1 = tf.Graph()
    with g1.as_default():
        x1 = tf.placeholder(tf.float32, shape=[], name='x')
        y1 = x1 + 1.0
    g2 = tf.Graph()
    with g2.as_default():
        x2 = tf.placeholder(tf.float32, shape=[], name='x')
    sess = tf.Session(graph=g1)
    return [catch(sess.run, y1, {x2: 1.0}),
            message_has(lambda: sess.run(y1, {x2: 1.0}), 'Cannot interpret feed_dict key as Tensor',
                        'is not an element of this graph')]


def case_feed_unfed_message(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2, None], name='inp')
        y = tf.identity(x, name='out')
    sess = tf.Session(graph=g)
    return [message_has(lambda: sess.run(y),
                        'You must feed a value for placeholder tensor',
                        "'inp'", 'with dtype float', 'and shape [2,?]'),
            catch(sess.run, y)]


def case_fetch_error_messages(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name='c')
    sess = tf.Session(graph=g)
    return [
        message_has(lambda: sess.run(None), 'Fetch argument None has invalid type'),
        message_has(lambda: sess.run(3), 'Fetch argument 3 has invalid type', "must be a string or Tensor"),
        message_has(lambda: sess.run('nope:0'), "Fetch argument 'nope:0' cannot be interpreted as a Tensor",
                    "The name 'nope:0' refers to a Tensor which does not exist"),
        message_has(lambda: sess.run('c:1'), "Fetch argument 'c:1' cannot be interpreted as a Tensor"),
    ]


def case_closed_session_messages(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0, name='c')
    sess = tf.Session(graph=g)
    sess.close()
    return [message_has(lambda: sess.run(c), 'Attempted to use a closed Session.'),
            catch(sess.partial_run_setup, [c]),
            catch(sess.make_callable, c, [])]


def case_run_options_and_metadata(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0, name='c') * 2.0
    sess = tf.Session(graph=g)
    md = tf.RunMetadata()
    out = sess.run(c, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    out2 = sess.run(c, options=None, run_metadata=None)
    out3 = sess.run(c, run_metadata=tf.RunMetadata())
    return out, out2, out3, catch(sess.run, c, options=5)


def case_run_positional_args(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x * 3.0
    sess = tf.Session(graph=g)
    return sess.run(y, {x: 2.0}), sess.run(fetches=y, feed_dict={x: 1.0}), sess.run([y], None or {x: 0.5})


def case_run_feed_dict_not_dict(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x * 3.0
    sess = tf.Session(graph=g)
    return [catch(sess.run, y, [(x, 1.0)]), catch(sess.run, y, 5), sess.run(y * 0 + 1.0, {x: 1.0}),
            sess.run(tf.constant(1.0, name='k') if False else y, collections.OrderedDict([(x, 4.0)]))]


def case_interactive_session_replaces_and_close(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(3.0, name='c')
    s1 = tf.InteractiveSession(graph=g)
    s2 = tf.InteractiveSession(graph=g)
    top = tf.get_default_session() is s2
    v = c.eval()
    s2.close()
    after = tf.get_default_session() is s1
    s1.close()
    return top, v, after, tf.get_default_session() is None


def case_interactive_session_default_graph(tf):
    s = tf.InteractiveSession()
    same = s.graph is tf.get_default_graph()
    c = tf.constant(4.0) * 2.0
    v = c.eval()
    s.close()
    return same, v


def case_make_callable_feed_errors(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name='x')
        y = x + 1.0
    sess = tf.Session(graph=g)
    f = sess.make_callable(y, [x])
    return [catch(f, [1.0, 2.0, 3.0]), catch(f, [1.0], [2.0]), f(np.array([1, 2])),
            catch(sess.make_callable, y, ['nope:0']), catch(sess.make_callable, y, [x.op])]


def case_make_callable_returns_types(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.5, name='a')
        s = tf.constant('hi', name='s')
    sess = tf.Session(graph=g)
    r = sess.make_callable([a, s])()
    r2 = sess.make_callable(a)()
    return r, type(r).__name__, type(r[0]).__name__, type(r[1]).__name__, type(r2).__name__


def case_partial_run_messages(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[], name='a')
        b = tf.placeholder(tf.float32, shape=[], name='b')
        r = tf.add(a, b, name='r')
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([r], [a, b])
    v = sess.partial_run(h, r, {a: 1.0, b: 2.0})
    return v, type(h).__name__, catch(sess.partial_run, h, r)


def case_tensor_attributes(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[None, 3], name='x')
        y = tf.identity(x, name='y')
    return [x.name, x.dtype.name, x.shape.as_list(), x.get_shape().as_list(), x.value_index,
            x.op.name, x.op.type, x.device, x.graph is g, str(x.shape), repr(x.dtype),
            x.shape.ndims, y.op.inputs[0] is x, list(y.op.inputs) == [x], len(y.op.outputs),
            x.consumers()[0].name]


def case_tensor_str_repr(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[None, 3], name='x')
        c = tf.constant([1, 2], name='c')
        s = tf.constant('s', name='s')
    return str(x), repr(x), str(c), str(s), repr(c.op)[:40] if False else str(type(c.op).__name__)


def case_operation_attributes(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/cpu:0'):
            c = tf.constant([1.0, 2.0], name='c')
        m = tf.matmul([[1.0]], [[2.0]], transpose_b=True, name='mm')
        n = tf.no_op(name='n')
    op = m.op
    return [op.name, op.type, op.get_attr('transpose_b'), op.get_attr('transpose_a'),
            c.op.get_attr('dtype') == tf.float32,
            catch(op.get_attr, 'nope'), len(op.inputs), len(op.outputs), n.outputs, list(n.inputs),
            c.op.device, op.node_def.name, op.node_def.op, op.values()[0] is m, op.graph is g,
            op.control_inputs]


def case_operation_get_attr_message(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0, name='c')
    return message_has(lambda: c.op.get_attr('zzz'), "Operation 'c' has no attr named 'zzz'.")


def case_tensor_not_iterable_and_bool(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.0, 2.0], name='x')
        u = tf.placeholder(tf.float32, name='u')
        s = tf.constant(1.0)

    def it(t):
        return [i for i in t]

    return [catch(bool, x), catch(it, u), catch(it, s), catch(len, x),
            message_has(lambda: bool(x), 'Using a `tf.Tensor` as a Python `bool` is not allowed'),
            catch(hash, x) is not None, x == x, x != x]


def case_tensor_iterate_known_dim(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name='x')
        parts = list(x)
    with tf.Session(graph=g) as sess:
        vals = sess.run(parts)
    return len(parts), [p.name for p in parts], vals


def case_tensor_operators_names(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([4.0, 9.0], name='a')
        b = tf.constant([2.0, 3.0], name='b')
        i = tf.constant([7, -8], name='i')
        j = tf.constant([2, 3], name='j')
        t = tf.constant([True, False], name='t')
        outs = [a + b, a - b, a * b, a / b, a // b, a % b, a ** b, -a, abs(a), a < b, a <= b,
                a > b, a >= b, i // j, i % j, i / j, ~t, t & t, t | t, t ^ t, 2.0 - a, 2.0 / a,
                a[0], a[::-1], 1 + i, i @ tf.constant([[1], [1]]) if False else a[1:]]
    with tf.Session(graph=g) as sess:
        vals = sess.run(outs)
    return [(o.name, o.op.type) for o in outs], vals


def case_tensor_operator_type_errors(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0], name='a')
        i = tf.constant([1], name='i')
        d = tf.constant([1.0], dtype=tf.float64, name='d')
    return [catch(lambda: a + i), catch(lambda: a + d), catch(lambda: a + 'x'),
            catch(lambda: i + 1.5), catch(lambda: (a + [1.0, 2.0]).shape.as_list()), catch(lambda: a @ a)]


def case_error_classes_and_codes(tf):
    E = tf.errors
    names = ['CancelledError', 'UnknownError', 'InvalidArgumentError', 'DeadlineExceededError',
             'NotFoundError', 'AlreadyExistsError', 'PermissionDeniedError', 'ResourceExhaustedError',
             'FailedPreconditionError', 'AbortedError', 'OutOfRangeError', 'UnimplementedError',
             'InternalError', 'UnavailableError', 'DataLossError', 'UnauthenticatedError']
    out = []
    for n in names:
        cls = getattr(E, n)
        e = cls(None, None, 'msg ' + n)
        out.append((n, e.error_code, isinstance(e, E.OpError), str(e), e.message, e.op, e.node_def))
    codes = [E.OK, E.CANCELLED, E.UNKNOWN, E.INVALID_ARGUMENT, E.DEADLINE_EXCEEDED, E.NOT_FOUND,
             E.ALREADY_EXISTS, E.PERMISSION_DENIED, E.UNAUTHENTICATED, E.RESOURCE_EXHAUSTED,
             E.FAILED_PRECONDITION, E.ABORTED, E.OUT_OF_RANGE, E.UNIMPLEMENTED, E.INTERNAL,
             E.UNAVAILABLE, E.DATA_LOSS]
    return out, codes


def case_error_opError_construct(tf):
    E = tf.errors
    e = E.OpError(None, None, 'hello', E.NOT_FOUND)
    m = E.exception_type_from_error_code(E.NOT_FOUND).__name__
    c = E.error_code_from_exception_type(E.AbortedError)
    return str(e), e.error_code, m, c, isinstance(e, Exception), E.OpError.__mro__[1].__name__


def case_error_raised_types_from_ops(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name='vv')
        q = tf.FIFOQueue(2, tf.float32, name='qq')
        deq = q.dequeue()
        close = q.close()
        x = tf.placeholder(tf.int32, shape=[None], name='idx')
        gathered = tf.gather(tf.constant([1, 2, 3]), x)
    sess = tf.Session(graph=g)
    out = []
    try:
        sess.run(v)
    except tf.errors.OpError as e:
        out.append((type(e).__name__, e.error_code, 'vv' in e.message,
                    'Attempting to use uninitialized value vv' in e.message))
    sess.run(close)
    try:
        sess.run(deq)
    except tf.errors.OpError as e:
        out.append((type(e).__name__, e.error_code))
    try:
        sess.run(gathered, {x: [5]})
    except tf.errors.OpError as e:
        out.append((type(e).__name__, e.error_code, 'indices[0] = 5 is not in [0, 3)' in e.message))
    return out


def case_eval_on_closed_default_session(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    sess = tf.Session(graph=g)
    with sess.as_default():
        sess.close()
        return catch(c.eval)


def case_session_graph_default_reset(tf):
    tf.reset_default_graph()
    c = tf.constant(5.0, name='c')
    sess = tf.Session()
    tf.reset_default_graph()
    c2 = tf.constant(6.0, name='c')
    return sess.run(c), catch(sess.run, c2), sess.run('c:0'), c2.name


def case_feed_tensor_twice_in_structure(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[], name='a')
        out = a * 2.0
    sess = tf.Session(graph=g)
    return [sess.run(out, {a: 1.0, 'a:0': 1.0}), catch(sess.run, out, {(a, a): (1.0, 2.0)}),
            catch(sess.run, out, {(a,): 1.0}), catch(sess.run, out, {(a,): (1.0, 2.0)})]


def case_session_del_and_gc(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    sess = tf.Session(graph=g)
    v = sess.run(c)
    del sess
    import gc
    gc.collect()
    return v, tf.Session(graph=g).run(c)


def case_interactive_eval_with_feed_and_close_twice(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x * 2.0
    s = tf.InteractiveSession(graph=g)
    v = y.eval({x: 3.0})
    r = y.op.run({x: 1.0})
    s.close()
    s.close()
    return v, r, tf.get_default_session() is None, catch(y.eval, {x: 1.0})


def case_session_enter_returns_self_and_graph_default(tf):
    g = tf.Graph()
    sess = tf.Session(graph=g)
    with sess as entered:
        same = entered is sess
        gdef = tf.get_default_graph() is g
        c = tf.constant(1.0, name='k')
        v = sess.run(c)
    return same, gdef, v, c.graph is g, sess.graph is g


def case_op_error_str_contents(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='my_ph')
        y = tf.identity(x, name='id')
    sess = tf.Session(graph=g)
    try:
        sess.run(y)
    except tf.errors.InvalidArgumentError as e:
        text = str(e)
        return (type(e).__name__, e.error_code, 'my_ph' in text, 'You must feed a value' in e.message,
                e.op.type, e.node_def.op)


def case_fetch_tensor_list_with_operation_names(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(2.0, name='v')
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=g)
    return (sess.run(init.name), sess.run([init.name, 'v:0', 'v']), sess.run({'i': init, 'v': v}),
            init.name, init.type)
