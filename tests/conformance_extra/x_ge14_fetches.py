"""Round-14 variations of the public fetch_rules cases: custom mappings and sequences, fetches of
other dtypes and composites, names with odd forms, fetching the same element through many paths."""
import collections

import numpy as np

from _harness import catch

Point = collections.namedtuple('Point', ['x', 'y'])


class MyDict(dict):
    pass


class MyList(list):
    pass


def case_fetch_dict_and_list_subclasses(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        b = tf.constant([2, 3], name='b')
    sess = tf.Session(graph=g)
    d = sess.run(MyDict(x=a, y=b))
    lst = sess.run(MyList([a, b]))
    dd = sess.run(collections.defaultdict(list, {'k': [a]}))
    return (d, type(d).__name__, lst, type(lst).__name__, dict(dd), type(dd).__name__, dd['missing'],
            catch(sess.run, collections.defaultdict(None, {'k': a})))


def case_fetch_namedtuple_nested_in_dict_keys_sorted(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1, name='a')
        n = tf.no_op(name='n')
    sess = tf.Session(graph=g)
    out = sess.run({'z': Point(a, n), 'a': [Point(x=n, y=a)], 1: a})
    return out, [type(out['z']).__name__, type(out['a'][0]).__name__], sorted(out, key=str)


def case_fetch_unusual_dtypes(tf):
    g = tf.Graph()
    with g.as_default():
        ts = [tf.constant([1, 2], dtype=tf.uint8), tf.constant([-1], dtype=tf.int8),
              tf.constant([1.5], dtype=tf.float16), tf.constant([1 + 2j], dtype=tf.complex64),
              tf.constant([3 - 1j], dtype=tf.complex128), tf.constant(65535, dtype=tf.uint16),
              tf.constant(2 ** 40, dtype=tf.int64), tf.constant([True, False]),
              tf.zeros([2, 0], dtype=tf.int32), tf.constant(b'\x00\xff')]
    sess = tf.Session(graph=g)
    vals = sess.run(ts)
    return vals, [type(v).__name__ for v in vals], [getattr(v, 'dtype', None) and str(v.dtype) for v in vals]


def case_fetch_names_odd_forms(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant([1, 2], name='pair')
        tf.split(tf.constant([1, 2, 3, 4]), 2, name='halves')
    sess = tf.Session(graph=g)
    return [
        sess.run('halves:1'),
        sess.run(['halves:0', 'halves:1']),
        catch(sess.run, 'halves:2'),
        catch(sess.run, 'pair:'),
        catch(sess.run, 'pair:x'),
        catch(sess.run, ':0'),
        catch(sess.run, ''),
        catch(sess.run, 'pair:0:0'),
        sess.run(u'pair:0'),
    ]


def case_fetch_same_element_many_paths(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name='v')
        inc = tf.assign_add(v, 1, name='inc')
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    out = sess.run([inc, 'inc:0', {'k': inc, 'op': inc.op, 'name': 'inc'}])
    return out, sess.run(v)


def case_fetch_results_are_independent_copies(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1.0, 2.0], name='c')
        v = tf.Variable([5.0, 6.0], name='v')
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    first = sess.run(c)
    first[0] = 100.0
    second = sess.run(c)
    pair = sess.run([c, c])
    pair[0][1] = -1.0
    vv = sess.run(v)
    vv[0] = 42.0
    return second, pair[1], sess.run(v), first.flags.writeable


def case_fetch_indexed_slices_and_sparse_structures(tf):
    g = tf.Graph()
    with g.as_default():
        sl = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([3]), tf.constant([5, 2]))
        no_shape = tf.IndexedSlices(tf.constant([[1.0]]), tf.constant([0]))
        sp = tf.SparseTensor([[0]], [7], [4])
    sess = tf.Session(graph=g)
    got = sess.run({'sl': sl, 'pair': (no_shape, sp)})
    s = got['sl']
    n = got['pair'][0]
    return (type(s).__name__, s.values, s.indices, s.dense_shape, n.dense_shape, type(n).__name__,
            got['pair'][1], type(got['pair'][1]).__name__)


def case_fetch_bad_types_more(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    sess = tf.Session(graph=g)
    return [
        catch(sess.run, np.float32(1.0)),
        catch(sess.run, [a, [None]]),
        catch(sess.run, (a, 3)),
        catch(sess.run, {'a': a, 'b': object()}),
        catch(sess.run, frozenset([a])),
        catch(sess.run, True),
        catch(sess.run, tf.float32),
        catch(sess.run, g),
    ]


def case_fetch_variable_forms(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable([1, 2], name='v')
        r = tf.get_variable('r', initializer=tf.constant([3.0]), use_resource=True)
    sess = tf.Session(graph=g)
    sess.run(tf.variables_initializer([v, r]))
    return [
        sess.run(v), sess.run(r), sess.run(v.op) is None, sess.run(r.handle.op) is None,
        sess.run([v.value(), r.read_value(), 'v:0', 'r/Read/ReadVariableOp:0']),
        sess.run(v.initial_value), sess.run(v.initializer),
        type(sess.run(r)).__name__,
    ]


def case_fetch_from_graph_of_other_session_structures(tf):
    g1 = tf.Graph()
    with g1.as_default():
        a = tf.constant(1.0, name='a')
    g2 = tf.Graph()
    with g2.as_default():
        b = tf.constant(2.0, name='a')
        sp = tf.SparseTensor([[0]], [1.0], [2])
    sess = tf.Session(graph=g1)
    return [
        catch(sess.run, Point(a, b)),
        catch(sess.run, sp),
        catch(sess.run, (a, [b.op])),
        sess.run(b.name),
        sess.run(a),
    ]
