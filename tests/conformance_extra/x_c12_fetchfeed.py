"""Second-pass variations of the public fetch_rules / feed_rules / session_callables cases."""
import collections

import numpy as np

from _harness import catch, message_has

Box = collections.namedtuple('Box', ['ops', 'vars', 'sparse', 'names'])


def case_fetch_namedtuple_of_dicts_of_everything(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable([1, 2], name='v')
        sp = tf.SparseTensor([[0, 1]], [5.0], [2, 3])
        sl = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([3, 2]))
        tf.constant('s', name='str_c')
        n = tf.no_op(name='noop')
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    res = sess.run(Box(ops={'n': [n, v.initializer], 'empty': []},
                       vars={'v': [v, (v,)], 'slices': sl},
                       sparse={'sp': [sp, {'again': sp}]},
                       names={'a': ['str_c:0', 'noop', 'v:0'], 'b': ('v',)}))
    slices = res.vars['slices']
    return (type(res).__name__, res.ops, res.vars['v'], type(slices).__name__,
            slices.values, slices.indices, slices.dense_shape, res.sparse, res.names)


def case_fetch_indexed_slices_kinds(tf):
    g = tf.Graph()
    with g.as_default():
        no_shape = tf.IndexedSlices(tf.constant([[1, 2], [3, 4]]), tf.constant([0, 2], tf.int64))
        shaped = tf.IndexedSlices(tf.constant([7.5]), tf.constant([4]), tf.constant([6]))
    sess = tf.Session(graph=g)
    a = sess.run(no_shape)
    b, (c,) = sess.run([shaped, (shaped,)])
    return (a.values, a.indices, a.dense_shape, type(a).__name__,
            b.values, b.indices, b.dense_shape, c.values.dtype.name)


def case_fetch_fed_tensor_twice_and_constant_fed(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1.0, 2.0], name='c')
        d = tf.identity(c, name='d') * 3.0
        p = tf.placeholder(tf.int64, [None], name='p')
    sess = tf.Session(graph=g)
    fed = sess.run([c, c, d, {'k': c}], {c: [5.0, 6.0]})
    twice = sess.run((p, [p]), {p: [1, 2, 3]})
    by_name = sess.run(['c:0', c], {'c:0': np.array([9.0, 8.0], np.float64)})
    return fed, twice, [x.dtype.name for x in twice[1]], by_name, sess.run(d)


def case_feed_numpy_scalars_into_dtypes(tf):
    g = tf.Graph()
    with g.as_default():
        ph = {name: tf.placeholder(getattr(tf, name), shape=None, name='p_' + name)
              for name in ('float16', 'float32', 'float64', 'int8', 'uint8', 'int32', 'int64', 'bool')}
    sess = tf.Session(graph=g)
    out = {}
    for name, p in ph.items():
        row = []
        for val in (np.float64(2.75), np.int64(-3), np.bool_(True), 7, [[1, 0], [2, 3]], True, np.float32(-1.5)):
            r = catch(sess.run, p, {p: val})
            row.append((r, getattr(r, 'dtype', None) and r.dtype.name) if not isinstance(r, dict) else r)
        out[name] = row
    return out


def case_feed_strings_bytes_unicode(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.string, shape=None, name='s')
        length = tf.strings.length(s)
        ident = tf.identity(s)
    sess = tf.Session(graph=g)
    return [
        sess.run(s, {s: 'caf\u00e9'}),
        sess.run([s, ident], {s: ['caf\u00e9', b'x']})[0].tolist(),
        [type(e).__name__ for e in sess.run(s, {s: ['u', b'b']})],
        sess.run(length, {s: u'caf\u00e9'}),
        sess.run(s, {s: [b'a', 'b']}),
        sess.run(s, {s: [['x', 'yy'], ['', 'zzz']]}),
        sess.run(s, {s: np.array(['p', 'q'])}),
        sess.run(s, {s: np.array([b'p', b'qq'], dtype=object)}),
        catch(sess.run, s, {s: 5}),
        catch(sess.run, s, {s: [1.5, 2.5]}),
        catch(sess.run, s, {s: None}),
    ]


def case_feed_conversion_errors_named(tf):
    g = tf.Graph()
    with g.as_default():
        f = tf.placeholder(tf.float32, shape=[None], name='floats')
        i = tf.placeholder(tf.int32, shape=[], name='ints')
        b = tf.placeholder(tf.bool, shape=[], name='flag')
    sess = tf.Session(graph=g)
    return [
        message_has(lambda: sess.run(f, {f: ['a', 'b']}), 'could not convert string to float'),
        catch(sess.run, f, {f: [1.0, 'x']}),
        catch(sess.run, i, {i: 'seven'}),
        catch(sess.run, i, {i: b'7'}),
        catch(sess.run, b, {b: 'yes'}),
        catch(sess.run, f, {f: [[1.0], [2.0, 3.0]]}),
        catch(sess.run, f, {f: None}),
        catch(sess.run, i, {i: 2 ** 63}),
        sess.run(f, {f: [True, False]}),
        sess.run(i, {i: np.int64(12)}),
    ]


def case_feed_indexed_slices_placeholder(tf):
    g = tf.Graph()
    with g.as_default():
        values = tf.placeholder(tf.float32, [None, 2], name='values')
        indices = tf.placeholder(tf.int64, [None], name='indices')
        shape = tf.placeholder(tf.int64, [2], name='shape')
        sl = tf.IndexedSlices(values, indices, shape)
        dense = tf.convert_to_tensor(sl)
        partial = tf.IndexedSlices(values, indices)
        total = tf.reduce_sum(partial.values) + tf.cast(tf.reduce_sum(partial.indices), tf.float32)
    sess = tf.Session(graph=g)
    val = (np.array([[1.0, 2.0], [3.0, 4.0]], np.float32), np.array([0, 2]), np.array([3, 2]))
    a = sess.run(dense, {sl: val})
    b = sess.run(dense, {sl: ([[5.0, 6.0]], [1], [2, 2])})
    c = sess.run(total, {partial: ([[1.0, 1.0]], [4])})
    d = sess.run(sl, {sl: val})
    return a, b, c, (type(d).__name__, d.values, d.indices, d.dense_shape), catch(sess.run, total, {partial: ([[1.0, 1.0]], [4], [3])})


def case_feed_sparse_placeholder_shapes_and_errors(tf):
    g = tf.Graph()
    with g.as_default():
        sp = tf.sparse_placeholder(tf.int32, shape=[3, None], name='sp')
        total = tf.sparse_reduce_sum(sp)
        known = tf.sparse_placeholder(tf.float64, shape=[2, 2], name='known')
    sess = tf.Session(graph=g)
    ok = sess.run(total, {sp: ([[0, 0], [2, 5]], [4, 5], [3, 6])})
    back = sess.run(known, {known: ([[1, 1]], [2.5], [2, 2])})
    return [
        ok, back, back.values.dtype.name, back.indices.dtype.name,
        sp.shape.as_list(), known.dense_shape.op.type, sp.dense_shape.op.type,
        catch(sess.run, total, {sp: ([[0, 0]], [1], [4, 6])}),
        catch(sess.run, total, {sp: ([[0, 0]], [1, 2], [3, 6])}),
        catch(sess.run, total, {sp: ([[0, 0]], [1])}),
        sess.run(total, {sp: tf.SparseTensorValue([[1, 1]], [9], [3, 2])}),
    ]


def case_fetchable_feedable_rules(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        b = tf.add(a, 2.0, name='b')
        c = tf.multiply(b, 3.0, name='c')
        n = tf.no_op(name='n')
    flags = [g.is_fetchable(a), g.is_fetchable(b.op), g.is_feedable(b), g.is_fetchable(n)]
    g.prevent_fetching(b.op)
    g.prevent_feeding(a)
    g.prevent_fetching(n)
    sess = tf.Session(graph=g)
    return [
        flags,
        [g.is_fetchable(b), g.is_fetchable(b.op), g.is_feedable(a), g.is_feedable(b)],
        sess.run(c),
        sess.run(c, {b: 10.0}),
        message_has(lambda: sess.run(b), 'can not be fetched', 'b'),
        catch(sess.run, 'b:0'),
        catch(sess.run, [c, {'x': b}]),
        catch(sess.run, n),
        message_has(lambda: sess.run(c, {'a:0': 4.0}), 'may not be fed', 'a'),
        catch(sess.make_callable, b),
        catch(sess.make_callable, c, [a]),
        sess.run(c),
    ]


def case_callable_with_sparse_and_nested_fetches(tf):
    g = tf.Graph()
    with g.as_default():
        sp = tf.sparse_placeholder(tf.float32, name='sp')
        x = tf.placeholder(tf.float32, [None], name='x')
        dense = tf.sparse_tensor_to_dense(sp)
        y = x * 2.0
    sess = tf.Session(graph=g)
    f = sess.make_callable({'d': dense, 'pair': (y, [y])}, feed_list=[sp, x])
    r1 = f(tf.SparseTensorValue([[0, 1]], [3.0], [1, 2]), [1.0])
    r2 = f(([[1, 0]], [4.0], [2, 1]), np.array([2.0, 3.0]))
    h = sess.make_callable(sp, feed_list=[sp])
    back = h(([[0, 0]], [1.5], [1, 1]))
    return r1, r2, type(back).__name__, back


def case_run_options_trace_levels_step_stats(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2], name='x')
        y = tf.reduce_sum(x * 2.0, name='y')
    sess = tf.Session(graph=g)
    out = {}
    for level in ('NO_TRACE', 'SOFTWARE_TRACE', 'HARDWARE_TRACE', 'FULL_TRACE'):
        md = tf.RunMetadata()
        opts = tf.RunOptions(trace_level=getattr(tf.RunOptions, level))
        val = sess.run(y, {x: [1.0, 2.0]}, options=opts, run_metadata=md)
        devs = [d.device for d in md.step_stats.dev_stats]
        nodes = sorted(set(n.node_name for d in md.step_stats.dev_stats for n in d.node_stats))
        out[level] = (val, len(devs) > 0, all('CPU:0' in d for d in devs), 'y' in nodes, 'x' in nodes)
    md = tf.RunMetadata()
    sess.run(y, {x: [0.0, 0.0]}, run_metadata=md)
    out['metadata_only'] = len(md.step_stats.dev_stats)
    out['none_options'] = sess.run(y, {x: [1.0, 1.0]}, options=None, run_metadata=None)
    out['bad_options'] = catch(sess.run, y, {x: [1.0, 1.0]}, options=tf.RunMetadata())
    out['str_options'] = catch(sess.run, y, {x: [1.0, 1.0]}, options='FULL_TRACE')
    out['str_metadata'] = catch(sess.run, y, {x: [1.0, 1.0]}, run_metadata='md')
    out['config_as_options'] = sess.run(y, {x: [1.0, 1.0]}, options=tf.ConfigProto(log_device_placement=True))
    return out
