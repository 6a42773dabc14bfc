"""Round-14 variations of the public feed_rules cases: narrow and unusual dtypes, values that do not
convert, fed ops and their control edges, duplicate keys, defaults with fed shapes."""
import numpy as np

from _harness import catch, message_has


def case_feed_narrow_int_dtypes(tf):
    g = tf.Graph()
    with g.as_default():
        u8 = tf.placeholder(tf.uint8, shape=[None], name='u8')
        i8 = tf.placeholder(tf.int8, shape=[None], name='i8')
        u16 = tf.placeholder(tf.uint16, shape=[None], name='u16')
        i16 = tf.placeholder(tf.int16, shape=[None], name='i16')
    sess = tf.Session(graph=g)
    return [
        sess.run(u8, {u8: [0, 255, 7]}),
        sess.run(u8, {u8: np.array([1.9, 2.1])}),
        sess.run(i8, {i8: np.array([-128, 127], dtype=np.int64)}),
        sess.run(u16, {u16: [65535]}),
        sess.run(i16, {i16: np.array([True, False])}),
        sess.run(u8, {u8: np.array([3], dtype=np.uint8)}),
    ]


def case_feed_float16_float64_and_complex(tf):
    g = tf.Graph()
    with g.as_default():
        h = tf.placeholder(tf.float16, shape=[None], name='h')
        d = tf.placeholder(tf.float64, shape=[], name='d')
        c = tf.placeholder(tf.complex64, shape=[None], name='c')
        f = tf.placeholder(tf.float32, shape=[], name='f')
        hh = h * 2
        cc = c * 2
    sess = tf.Session(graph=g)
    return [
        sess.run(hh, {h: [0.1, 1e5]}),
        sess.run(d, {d: np.float32(0.1)}),
        sess.run(cc, {c: [1 + 2j, 3]}),
        sess.run(cc, {c: np.array([1.5, 2.5], dtype=np.float32)}),
        catch(sess.run, f, {f: 1 + 2j}),
        sess.run(f + 1.0, {f: True}),
    ]


def case_feed_values_that_do_not_convert(tf):
    g = tf.Graph()
    with g.as_default():
        f = tf.placeholder(tf.float32, shape=[None], name='f')
        i = tf.placeholder(tf.int32, shape=[], name='i')
        b = tf.placeholder(tf.bool, shape=[], name='b')
        s = tf.placeholder(tf.string, shape=[], name='s')
        out = tf.reduce_sum(f)
    sess = tf.Session(graph=g)
    return [
        catch(sess.run, out, {f: ['a', 'b']}),
        catch(sess.run, out, {f: None}),
        catch(sess.run, out, {f: [1.0, None]}),
        catch(sess.run, i, {i: 'seven'}),
        catch(sess.run, i, {i: {'a': 1}}),
        catch(sess.run, b, {b: np.array('x')}),
        catch(sess.run, s, {s: 5}),
        catch(sess.run, s, {s: 1.5}),
        sess.run(out, {f: [1.0, 2.0]}),
    ]


def case_feed_int64_and_uint_boundaries(tf):
    g = tf.Graph()
    with g.as_default():
        i64 = tf.placeholder(tf.int64, shape=[None], name='i64')
        u32 = tf.placeholder(tf.uint32, shape=[], name='u32')
        u64 = tf.placeholder(tf.uint64, shape=[], name='u64')
    sess = tf.Session(graph=g)
    return [
        sess.run(i64, {i64: [2 ** 63 - 1, -2 ** 63]}),
        catch(sess.run, i64, {i64: [2 ** 63]}),
        sess.run(u32, {u32: 2 ** 32 - 1}),
        catch(sess.run, u32, {u32: -1}),
        sess.run(u64, {u64: 2 ** 64 - 1}),
        sess.run(i64, {i64: np.array([1, 2], dtype=np.uint8)}),
    ]


def case_fed_intermediate_skips_its_control_inputs(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name='v')
        inc = tf.assign_add(v, 1)
        x = tf.placeholder(tf.int32, shape=[], name='x')
        with tf.control_dependencies([inc]):
            y = tf.identity(x, name='y')
        z = y * 2
        w = tf.Variable(0, name='w')
        bump = tf.assign_add(w, 1)
        k = tf.identity(bump, name='k')
        with tf.control_dependencies([k.op]):
            after = tf.constant(5) + 0
    sess = tf.Session(graph=g)
    sess.run([v.initializer, w.initializer])
    fed_y = sess.run(z, {y: 21})
    after_fed_y = sess.run(v)
    fed_x = sess.run(z, {x: 3})
    after_fed_x = sess.run(v)
    ctrl_fed = sess.run(after, {k: 100})
    return fed_y, after_fed_y, fed_x, after_fed_x, ctrl_fed, sess.run(w)


def case_feed_same_tensor_by_two_keys(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x + 1.0
    sess = tf.Session(graph=g)
    both = catch(sess.run, y, {x: 1.0, 'x:0': 2.0})
    twice_nested = catch(sess.run, y, {(x, 'x:0'): (1.0, 1.0)})
    op_name_key = catch(sess.run, y, {'x': 1.0})
    return both, twice_nested, op_name_key


def case_feed_wrong_rank_messages(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.float32, shape=[], name='scalar')
        v = tf.placeholder(tf.int32, shape=[None], name='vec')
        m = tf.placeholder(tf.float64, shape=[2, None], name='mat')
    sess = tf.Session(graph=g)
    return [
        message_has(lambda: sess.run(s, {s: [1.0]}), 'Cannot feed value of shape (1,)', "Tensor scalar:0",
                    "which has shape ()"),
        message_has(lambda: sess.run(v, {v: np.array(3)}), 'Cannot feed value of shape ()', 'vec:0', '(?,)'),
        message_has(lambda: sess.run(m, {m: np.zeros((3, 1))}), 'Cannot feed value of shape (3, 1)', 'mat:0',
                    '(2, ?)'),
        sess.run(m, {m: np.zeros((2, 0))}).shape,
        catch(sess.run, v, {v: [[1], [2, 3]]}),
    ]


def case_placeholder_with_default_variants(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder_with_default(tf.constant([[1, 2]]), shape=[None, 2], name='p')
        q = tf.placeholder_with_default(3.0, shape=[], name='q')
        r = tf.placeholder_with_default(tf.zeros([2, 3]), shape=None, name='r')
        s = tf.reduce_sum(p)
    sess = tf.Session(graph=g)
    return [
        sess.run(s), sess.run(s, {p: [[1, 1], [2, 2], [3, 3]]}),
        catch(sess.run, s, {p: [[1, 2, 3]]}),
        sess.run(q), sess.run(q, {q: 7}), catch(sess.run, q, {q: [1.0]}),
        sess.run(r, {r: [1.0]}), r.shape.ndims, p.shape.as_list(), p.op.type, q.dtype.name,
        catch(tf.placeholder_with_default, tf.constant([1.0, 2.0]), shape=[3]),
    ]


def case_feed_unrelated_and_unused_tensors(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[], name='a')
        b = tf.placeholder(tf.float32, shape=[], name='b')
        c = tf.constant(1.0, name='c')
        used = a * 2.0
    sess = tf.Session(graph=g)
    return [
        sess.run(used, {a: 1.0, b: 99.0}),
        sess.run(c, {a: 1.0}),
        catch(sess.run, c, {b: [1.0, 2.0]}),
        catch(sess.run, c, {b: 'text'}),
        sess.run([c, b], {b: 4.0}),
    ]


def case_feed_numpy_object_and_structured(tf):
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.string, shape=[None], name='s')
        f = tf.placeholder(tf.float32, shape=[None], name='f')
        lens = tf.strings.length(s)
    sess = tf.Session(graph=g)
    return [
        sess.run(lens, {s: np.array(['ab', 'c'], dtype=object)}),
        sess.run(lens, {s: np.array([b'xyz', b''])}),
        sess.run(lens, {s: np.array(['\u00e9\u00e9'])}),
        sess.run(f, {f: np.array([1, 2], dtype=object)}),
        catch(sess.run, f, {f: np.array(['1.5', '2'], dtype=object)}),
        sess.run(f, {f: (np.float64(1.0), 2)}),
    ]


def case_bad_feed_reported_before_bad_fetch(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name='x')
        i = tf.placeholder(tf.int32, shape=[], name='i')
        c = tf.constant(1.0, name='c')
    g.prevent_feeding(c)
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([x * 2.0], [x])
    return [
        catch(sess.run, None, {x: [1.0, 2.0, 3.0]}),
        catch(sess.run, 'nope:0', {x: c}),
        catch(sess.run, 'nope:0', {i: 2 ** 40}),
        catch(sess.run, 7, {c: 1.0}),
        catch(sess.run, {'a': None}, {'nope:0': 1.0}),
        catch(sess.partial_run, h, None, {x: [1.0]}),
        catch(sess.make_callable(None, [x]), [1.0]),
        sess.run(c, {x: [1.0, 2.0]}),
    ]


def case_fed_variable_into_ref_input(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name='v')
        inc = v.assign_add(1.0)
        w = tf.Variable([1, 2], name='w')
        upd = tf.scatter_update(w, [0], [9])
        doubled = v * 2.0
    sess = tf.Session(graph=g)
    sess.run([v.initializer, w.initializer])
    return [
        message_has(lambda: sess.run(inc, {v: 5.0}), 'Input 0 of node', 'incompatible with expected float_ref'),
        catch(sess.run, upd, {w: [3, 4]}),
        sess.run(doubled, {v: 5.0}),
        sess.run(inc), sess.run(upd), sess.run(v),
    ]
