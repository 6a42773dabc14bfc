"""Variations of the public graph_rules / fetch_rules / feed_rules cases."""
import collections

import numpy as np

from _harness import catch, message_has

ABC = collections.namedtuple('ABC', ['a', 'b', 'c'])


# ------------------------------------------------------------- graphs
def case_two_graphs_scoped_names(tf):
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default(), tf.name_scope('s'):
        a1 = tf.placeholder(tf.int64, name='p')
    with g2.as_default(), tf.name_scope('s'):
        a2 = tf.placeholder(tf.string, name='p')
    s2 = tf.Session(graph=g2)
    return (a1.name, a2.name, s2.run('s/p:0', {a2: 'z'}), catch(s2.run, a1, {a1: 1}),
            catch(s2.run, a2, {a1: 1}))


def case_reset_default_graph_variants(tf):
    g0 = tf.get_default_graph()
    sess = tf.Session()
    with sess.as_default():
        err = catch(tf.reset_default_graph)
    tf.reset_default_graph()
    g1 = tf.get_default_graph()
    c = tf.constant(1.0, name='c')
    return err, g1 is g0, c.name, g1 is c.graph


def case_finalize_variants(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, name='x')
        y = x * 2.0
    g.finalize()
    g.finalize()
    sess = tf.Session(graph=g)
    with g.as_default():
        errs = [catch(tf.no_op), catch(tf.identity, x), catch(tf.Variable, 1.0), catch(lambda: x + 1.0)]

    def add_op():
        with g.as_default():
            tf.no_op()

    return g.finalized, errs, sess.run(y, {x: 2.0}), len(g.get_operations()), message_has(add_op, 'finalized')


def case_lookup_by_name_variants(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('a'):
            with tf.name_scope('b'):
                t = tf.constant([1, 2], name='t')
        u, w = tf.split(tf.constant([1, 2, 3, 4]), 2, name='sp')
    return [
        g.get_tensor_by_name('a/b/t:0') is t,
        catch(g.get_tensor_by_name, b'a/b/t:0'),
        g.as_graph_element('sp:1') is w,
        g.get_operation_by_name('sp').name,
        [x.name for x in g.get_operation_by_name('sp').outputs],
        g.as_graph_element(t.op) is t.op,
    ]


def case_lookup_errors_variants(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name='k')
    other = tf.Graph()
    with other.as_default():
        o = tf.constant(1.0, name='k')
    return [
        catch(g.get_tensor_by_name, 'k:x'),
        catch(g.get_tensor_by_name, 'k:0:0'),
        catch(g.get_tensor_by_name, ''),
        catch(g.get_operation_by_name, ''),
        catch(g.as_graph_element, o),
        catch(g.as_graph_element, 'k:0', allow_tensor=False),
        catch(g.as_graph_element, 'k', allow_operation=False),
        catch(g.as_graph_element, None),
        catch(g.get_tensor_by_name, 5),
        message_has(lambda: g.get_tensor_by_name('nope:0'), 'nope:0', 'does not exist'),
        message_has(lambda: g.get_operation_by_name('k:0'), 'k:0'),
    ]


def case_uniquified_names_variants(tf):
    g = tf.Graph()
    with g.as_default():
        names = [tf.constant(1, name='a').name, tf.constant(1, name='a_1').name, tf.constant(1, name='a').name,
                 tf.constant(1, name='a').name, tf.constant(1, name='A').name,
                 tf.placeholder(tf.int32, name='ph').name, tf.placeholder(tf.int32, name='ph').name,
                 tf.no_op(name='a').name, tf.Variable(1, name='a').name,
                 tf.zeros([2], name='zz').name, tf.ones([2]).name, tf.fill([2], 3).name]
        c = tf.constant(1)
        names += [(c - c).name, (c * c).name, (-c).name, (c // c).name, tf.cast(c, tf.float32).name]
    return names


def case_name_scopes_variants(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('a') as sa:
            with tf.name_scope('b') as sb:
                x = tf.constant(1, name='x')
            with tf.name_scope(sb):
                y = tf.constant(1, name='y')
            with tf.name_scope('b') as sb2:
                z = tf.constant(1)
        with tf.name_scope('') as empty:
            w = tf.constant(1, name='w')
        with tf.name_scope('a_1') as sa1:
            pass
        with tf.name_scope('a') as sa2:
            pass
        with tf.variable_scope('vs') as vs:
            q = tf.constant(1, name='q')
        with tf.variable_scope('vs'):
            r = tf.constant(1, name='r')
        with tf.name_scope('n', 'Default', []) as n1:
            pass
        with tf.name_scope(None, 'Default', []) as n2:
            pass
        errs = [catch(lambda: tf.name_scope('bad name').__enter__()),
                catch(lambda: tf.name_scope('-x').__enter__())]
    return ([t.name for t in (x, y, z, w, q, r)], [sa, sb, sb2, empty, sa1, sa2, vs.name, n1, n2], errs)


def case_control_dependencies_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1, name='v')
        a1 = tf.assign_add(v, 1)
        a2 = tf.assign_add(v, 10)
        with tf.control_dependencies([a1, a2.op]):
            r = v.read_value()
            c = tf.constant(5)
            nested = None
            with tf.control_dependencies(None):
                free = tf.constant(6)
            with tf.control_dependencies([]):
                keep = tf.constant(7)
        errs = [catch(tf.control_dependencies, [1]), catch(tf.control_dependencies, 'x')]
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    deps = [sorted(o.name for o in t.op.control_inputs) for t in (r, c, free, keep)]
    return deps, sess.run(c), sess.run(v), sess.run(r), errs, nested


def case_group_and_tuple_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0)
        g1 = tf.group()
        g2 = tf.group(tf.assign_add(v, 1), name='grp')
        g3 = tf.group([tf.assign_add(v, 2), tf.assign_add(v, 3)])
        t = tf.tuple([tf.constant(1), None, tf.constant(2)], name='tup')
        errs = [catch(tf.group, 1), catch(tf.group, x=1), catch(tf.tuple, [])]
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    out = [sess.run(g1), sess.run(g2), sess.run(g3), sess.run(v)]
    return out, g1.type, g2.name, t[1], sess.run([t[0], t[2]]), [x.name for x in (t[0], t[2])], errs


def case_prevent_fetching_variants(tf):
    g = tf.Graph()
    with g.as_default():
        a, b = tf.split(tf.constant([1.0, 2.0]), 2, name='sp')
        s = a + b
    g.prevent_fetching(a.op)
    sess = tf.Session(graph=g)
    return [
        g.is_fetchable(a), g.is_fetchable(b), g.is_fetchable(s),
        catch(sess.run, b), catch(sess.run, [s, a]), catch(sess.run, {'k': 'sp:1'}),
        sess.run(s), message_has(lambda: sess.run(a), 'sp'),
    ]


# ------------------------------------------------------------- fetches
def case_fetch_operation_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1)
        asg = tf.assign(v, 5)
        grp = tf.group(asg)
    sess = tf.Session(graph=g)
    return sess.run(v.initializer), sess.run(grp), sess.run({'op': asg.op, 't': asg}), sess.run((grp, v))


def case_fetch_tensor_kinds_variants(tf):
    g = tf.Graph()
    with g.as_default():
        ts = [tf.constant(1, tf.int8), tf.constant(2, tf.uint8), tf.constant(3, tf.int16),
              tf.constant(1.5, tf.float16), tf.constant(1 + 2j, tf.complex64), tf.constant(3j, tf.complex128),
              tf.constant([[True]]), tf.zeros([2, 0, 1], tf.float64), tf.constant(7, tf.uint16),
              tf.constant(2.5, tf.bfloat16)]
    sess = tf.Session(graph=g)
    vals = sess.run(ts)
    return vals, [type(v).__name__ for v in vals], [str(v.dtype) for v in vals]


def case_fetch_strings_variants(tf):
    g = tf.Graph()
    with g.as_default():
        e = tf.constant('')
        m = tf.constant([[b'\x00a', b'b'], [b'\xff', b'']])
        z = tf.constant([], tf.string)
    sess = tf.Session(graph=g)
    ev, mv, zv = sess.run([e, m, z])
    return ev, type(ev).__name__, mv, mv.dtype.kind, zv, zv.shape


def case_fetch_by_name_variants(tf):
    g = tf.Graph()
    with g.as_default():
        tf.split(tf.constant([1, 2, 3, 4]), 2, name='sp')
        v = tf.Variable(3, name='var')
    sess = tf.Session(graph=g)
    sess.run('var/Assign')
    return [sess.run('sp:1'), sess.run(['sp:0', b'sp:1']), sess.run('var'), sess.run('var:0'),
            sess.run(u'sp'), catch(sess.run, 'sp:2'), catch(sess.run, 'var:1'), v.name]


def case_fetch_containers_variants(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1)
        b = tf.constant('s')
    sess = tf.Session(graph=g)
    dd = collections.defaultdict(list)
    dd['x'] = a
    r = sess.run(dd)
    nt = sess.run(ABC(a=[a], b={'q': b}, c=()))
    keys = sess.run({1: a, (2, 3): b, 'z': [a, b]})
    return (type(r).__name__, dict(r), nt, type(nt).__name__, type(nt.a).__name__, keys,
            sess.run([(a,), [b]]))


class _Field(object):
    def __init__(self, name):
        self.name = name


class Point(object):
    """An attrs-style class without the attrs package: what TF's nest recognises is `__attrs_attrs__`."""
    __attrs_attrs__ = (_Field('x'), _Field('y'))

    def __init__(self, x, y):
        self.x, self.y = x, y


def case_fetch_attrs_class(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
        b = tf.constant([2, 3])
        n = tf.no_op()
    sess = tf.Session(graph=g)
    p = sess.run(Point(a, Point(b, n)))
    nested = sess.run([Point(x=a, y={'k': b})])
    return type(p).__name__, p.x, p.y.x, p.y.y, type(p.y).__name__, nested[0].x, nested[0].y


def case_fetch_same_twice_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0)
        inc = tf.assign_add(v, 1)
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    r1 = sess.run([inc, inc.op, inc.name, inc])
    r2 = sess.run(ABC(inc, inc, {'k': inc}))
    return r1, r2, sess.run(v)


def case_fetch_variable_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable([1, 2], name='iv', dtype=tf.int64)
        r = tf.Variable(1.5, name='rv', use_resource=True)
        pv = tf.get_variable('pv', shape=[4, 2], partitioner=tf.fixed_size_partitioner(2),
                             initializer=tf.ones_initializer())
    sess = tf.Session(graph=g)
    sess.run(tf.global_variables_initializer())
    vals = sess.run([v, r, pv, {'r': r}])
    return vals, sess.run('rv/Read/ReadVariableOp:0'), [type(x).__name__ for x in vals[:3]]


def case_fetch_other_graph_variants(tf):
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        c1 = tf.constant(1.0)
    with g2.as_default():
        v2 = tf.Variable(2.0)
        sp = tf.SparseTensor([[0]], [1.0], [2])
    sess = tf.Session(graph=g1)
    return [catch(sess.run, v2), catch(sess.run, sp), catch(sess.run, ABC(c1, c1, v2)),
            message_has(lambda: sess.run(v2), 'not an element of this graph'), sess.run(c1)]


def case_fetch_bad_types_variants(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    sess = tf.Session(graph=g)
    return [
        catch(sess.run, True),
        catch(sess.run, np.int32(3)),
        catch(sess.run, object()),
        catch(sess.run, [a, [None]]),
        catch(sess.run, (a, 1)),
        catch(sess.run, tf.float32),
        catch(sess.run, frozenset([a])),
        message_has(lambda: sess.run(None), 'None'),
        sess.run(a),
    ]


def case_fetch_unknown_names_variants(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name='c')
    sess = tf.Session(graph=g)
    return [catch(sess.run, 'c:-1'), catch(sess.run, ':0'), catch(sess.run, 'c:0:1'),
            catch(sess.run, {'a': 'zz'}), message_has(lambda: sess.run('foo:0'), 'foo:0'),
            message_has(lambda: sess.run('foo'), 'foo'), sess.run('c')]


def case_fetch_sparse_variants(tf):
    g = tf.Graph()
    with g.as_default():
        sp = tf.SparseTensor(indices=tf.constant([[0, 0]], tf.int64), values=tf.constant(['a']), dense_shape=[1, 2])
        e = tf.SparseTensor(indices=np.zeros([0, 2], np.int64), values=tf.zeros([0], tf.int32), dense_shape=[3, 3])
    sess = tf.Session(graph=g)
    a = sess.run(sp)
    b = sess.run(ABC(e, sp, [e]))
    return a, b, a.dense_shape.dtype.name, a.indices.dtype.name, type(b.a).__name__


# ------------------------------------------------------------- feeds
def case_feed_shape_variants(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.int64, shape=[], name='s')
        e = tf.placeholder(tf.float64, shape=[0], name='e')
        m = tf.placeholder(tf.float16, shape=[None, None], name='m')
        b = tf.placeholder(tf.bool, shape=[2], name='b')
    sess = tf.Session(graph=g)
    return [
        sess.run(s, {s: 5}), sess.run(e, {e: []}), sess.run(m, {m: [[1.5]]}), sess.run(b, {b: [1, 0]}),
        catch(sess.run, s, {s: [5]}), catch(sess.run, m, {m: [1.0]}), catch(sess.run, e, {e: [1.0]}),
        message_has(lambda: sess.run(m, {m: 1.0}), 'Cannot feed value of shape ()', 'm:0', '(?, ?)'),
        message_has(lambda: sess.run(e, {e: [1.0]}), 'Cannot feed value of shape (1,)', '(0,)'),
    ]


def case_feed_dtype_variants(tf):
    g = tf.Graph()
    with g.as_default():
        f16 = tf.placeholder(tf.float16, name='f16')
        u8 = tf.placeholder(tf.uint8, name='u8')
        i64 = tf.placeholder(tf.int64, name='i64')
        st = tf.placeholder(tf.string, name='st')
        c = tf.placeholder(tf.complex64, name='c')
        bl = tf.placeholder(tf.bool, name='bl')
    sess = tf.Session(graph=g)
    return [
        sess.run(f16, {f16: 0.1}), sess.run(u8, {u8: [1, 255]}), sess.run(i64, {i64: 2 ** 40}),
        sess.run(st, {st: ['a', b'b']}), sess.run(c, {c: 1 + 1j}), sess.run(bl, {bl: [0, 2]}),
        sess.run(i64, {i64: np.array([1.9])}), catch(sess.run, st, {st: 1}),
        catch(sess.run, i64, {i64: 'x'}), catch(sess.run, u8, {u8: 'x'}),
        sess.run(st, {st: np.array(['xy'])}),
    ]


def case_feed_int_range_variants(tf):
    g = tf.Graph()
    with g.as_default():
        i8 = tf.placeholder(tf.int8, name='i8')
        u8 = tf.placeholder(tf.uint8, name='u8')
        i64 = tf.placeholder(tf.int64, name='i64')
        i32 = tf.placeholder(tf.int32, name='i32')
    sess = tf.Session(graph=g)
    return [catch(sess.run, i8, {i8: 300}), catch(sess.run, u8, {u8: -1}), catch(sess.run, i64, {i64: 2 ** 63}),
            catch(sess.run, i32, {i32: [1, 2 ** 31]}), catch(sess.run, i32, {i32: -2 ** 31}),
            catch(sess.run, i32, {i32: np.int64(2 ** 40)}), catch(sess.run, i8, {i8: np.array([300])})]


def case_feed_non_placeholder_variants(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable([1.0, 2.0], name='v')
        r = tf.identity(v, name='r')
        s = tf.reduce_sum(r)
        a, b = tf.split(tf.constant([1, 2]), 2)
        ab = a + b
    sess = tf.Session(graph=g)
    return [sess.run(s, {v: [3.0, 4.0]}), sess.run(s, {r: [5.0, 5.0]}), sess.run(ab, {b: [10]}),
            catch(sess.run, s, {v: [1.0]}), catch(sess.run, v), sess.run(ab, {'split:0': [7]})]


def case_feed_keys_as_names_variants(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.int32, shape=[], name='x')
        y = x + 1
    sess = tf.Session(graph=g)
    return [sess.run(y, {b'x:0': 1}), sess.run(y, {u'x:0': 2}), catch(sess.run, y, {'x:1': 1}),
            catch(sess.run, y, {'': 1}), catch(sess.run, y, {'x:0': 1, x: 2}),
            message_has(lambda: sess.run(y, {'x': 1}), 'Cannot interpret feed_dict key as Tensor')]


def case_feed_bad_key_variants(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x + 1.0
        v = tf.Variable(1.0)
    sess = tf.Session(graph=g)
    return [catch(sess.run, y, {True: 1.0}), catch(sess.run, y, {tf.float32: 1.0}),
            catch(sess.run, y, {x: v}), catch(sess.run, y, {x: tf.SparseTensorValue([[0]], [1.0], [1])}),
            catch(sess.run, y, {x: None}), catch(sess.run, y, {x: [1.0, [2.0]]}),
            message_has(lambda: sess.run(y, {x: tf.constant(1.0)}), 'The value of a feed cannot be a tf.Tensor')]


def case_prevent_feeding_variants(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x * 2.0
        z = y + 1.0
    g.prevent_feeding(y)
    g.prevent_feeding(y)
    sess = tf.Session(graph=g)
    return [g.is_feedable(x), g.is_feedable(y), g.is_feedable(y.op), catch(sess.run, z, {y: 1.0}),
            message_has(lambda: sess.run(z, {y: 1.0}), 'may not be fed'), sess.run(z, {x: 1.0}),
            catch(sess.make_callable(z, [y]), 1.0)]


def case_unfed_placeholder_variants(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('in'):
            a = tf.placeholder(tf.int64, shape=[None, 2], name='feat')
        b = tf.placeholder(tf.string, name='lbl')
        out = [tf.reduce_sum(a), tf.strings.length(b)]
    sess = tf.Session(graph=g)
    r = []
    for fetch, feed in ((out, {}), (out[0], {b: 'x'}), (out[1], {a: [[1, 2]]})):
        try:
            sess.run(fetch, feed)
            r.append(None)
        except tf.errors.InvalidArgumentError as e:
            r.append((e.op.name if e.op is not None else None, 'in/feat' in e.message or 'lbl' in e.message,
                      e.error_code))
    r.append(sess.run(out, {a: [[1, 2]], b: 'xyz'}))
    return r


def case_placeholder_with_default_variants(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder_with_default(tf.constant(3, tf.int64), shape=[], name='p')
        q = tf.placeholder_with_default([[1.0, 2.0]], shape=[None, 2], name='q')
        r = tf.placeholder_with_default('s', shape=None)
        errs = [catch(tf.placeholder_with_default, [1, 2], shape=[3]),
                catch(tf.placeholder_with_default, 1.0, shape=[2])]
    sess = tf.Session(graph=g)
    return [sess.run(p), sess.run(p, {p: 9}), sess.run(q), sess.run(q, {q: np.zeros((3, 2))}),
            catch(sess.run, q, {q: [1.0]}), sess.run(r), p.op.type, p.shape.as_list(), str(r.shape),
            q.dtype.name, p.name, errs]


def case_feed_and_fetch_same_variants(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.string, name='s')
        c = tf.constant([1, 2], name='c')
        d = c * 2
    sess = tf.Session(graph=g)
    a = sess.run(s, {s: 'abc'})
    b = sess.run([c, d], {c: [5, 6]})
    f = sess.run(c, {c: np.array([9, 9], np.int64)})
    return a, type(a).__name__, b, f, str(f.dtype)


def case_feed_sparse_variants(tf):
    g = tf.Graph()
    with g.as_default():
        sp = tf.sparse_placeholder(tf.int64, shape=[2, 3], name='sp')
        spu = tf.sparse_placeholder(tf.string, name='spu')
        dense = tf.sparse_tensor_to_dense(sp)
        tot = tf.sparse_reduce_sum(sp)
    sess = tf.Session(graph=g)
    return [
        sess.run(dense, {sp: ([[0, 2]], [5], [2, 3])}),
        sess.run(tot, {sp: tf.SparseTensorValue(np.array([[1, 1]]), np.array([4]), np.array([2, 3]))}),
        sess.run(spu, {spu: ([[0]], ['x'], [1])}),
        catch(sess.run, dense, {sp: ([[0, 0]], [1], [3, 3])}),
        catch(sess.run, dense, {sp: ([[0, 0]], [1])}),
        sp.dense_shape.name if hasattr(sp.dense_shape, 'name') else None,
        [sp.indices.name, sp.values.name],
    ]


def case_feed_nested_tuple_keys_variants(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.int32, shape=[])
        b = tf.placeholder(tf.int32, shape=[])
        sp = tf.sparse_placeholder(tf.float32)
        out = a + b
    sess = tf.Session(graph=g)
    return [sess.run(out, {(a, b): (1, 2)}), sess.run(out, {((a,), b): ((3,), 4)}),
            catch(sess.run, out, {(a, b): (1,)}), catch(sess.run, out, {(a, b): 5}),
            sess.run(sp, {(sp,): (([[0, 0]], [1.0], [1, 1]),)})]
