"""Variations of the public state_variables / queue_ops / reader_input cases."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


# ------------------------------------------------------------- variables
def case_variable_dtypes_variants(tf):
    vs = [tf.Variable(np.int64(3)), tf.Variable(np.float16([1.5])), tf.Variable(['a', 'bc']),
          tf.Variable([[1 + 2j]], dtype=tf.complex64), tf.Variable(1, dtype=tf.float64),
          tf.Variable(np.zeros([0, 2], np.int32)), tf.Variable(tf.ones([2], tf.uint8))]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        vals = sess.run(vs)
    return [v.dtype.name for v in vs], [v.shape.as_list() for v in vs], vals, [v.name for v in vs]


def case_uninitialized_variants(tf):
    v = tf.Variable([1, 2], name='w')
    r = tf.Variable(1.0, name='rw', use_resource=True)
    sess = tf.Session()
    return [catch(sess.run, r), catch(sess.run, tf.assign_add(v, [1, 1])), catch(sess.run, r.read_value()),
            message_has(lambda: sess.run(r), 'rw'), catch(sess.run, v.initialized_value())]


def case_variables_initializer_variants(tf):
    a = tf.Variable(1, name='a')
    b = tf.Variable(2, name='b')
    empty = tf.variables_initializer([])
    sess = tf.Session()
    return [sess.run(empty), empty.type, sess.run(tf.variables_initializer([a, b], name='both')),
            sess.run([a, b]), catch(tf.variables_initializer, [1]),
            tf.variables_initializer([a], name='init_a').name]


def case_is_initialized_variants(tf):
    r = tf.Variable([1.0], use_resource=True, name='r')
    v = tf.Variable(1, name='v')
    ops = [tf.is_variable_initialized(r), tf.is_variable_initialized(v)]
    sess = tf.Session()
    before = sess.run(ops)
    sess.run(tf.global_variables_initializer())
    return before, sess.run(ops), [o.dtype.name for o in ops], [o.shape.as_list() for o in ops]


def case_report_uninitialized_variants(tf):
    with tf.variable_scope('s'):
        a = tf.get_variable('a', [1])
        b = tf.get_variable('b', [1], use_resource=True)
    c = tf.Variable(0, name='c', collections=[tf.GraphKeys.LOCAL_VARIABLES])
    sess = tf.Session()
    r1 = sess.run(tf.report_uninitialized_variables())
    r2 = sess.run(tf.report_uninitialized_variables([a]))
    r3 = sess.run(tf.report_uninitialized_variables([]))
    sess.run(tf.local_variables_initializer())
    r4 = sess.run(tf.report_uninitialized_variables())
    return r1, r2, r3, r3.dtype.kind, r4, tf.report_uninitialized_variables(name='ru').name, b.name, c.name


def case_assign_family_variants(tf):
    v = tf.Variable([1, 2], dtype=tf.int64)
    r = tf.Variable(1.5, use_resource=True)
    ops = [tf.assign(v, [5, 6]), tf.assign_add(v, [1, 1]), tf.assign_sub(v, np.array([2, 2])),
           r.assign(2.5), r.assign_add(1.0), r.assign_sub(0.5)]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = [sess.run(o) for o in ops]
    return out, sess.run([v, r]), [o.dtype.name if hasattr(o, 'dtype') else None for o in ops], \
        [o.op.type if hasattr(o, 'op') else o.type for o in ops]


def case_scatter_variants(tf):
    v = tf.Variable([1.0, 2.0, 3.0])
    ups = [tf.scatter_update(v, 1, 20.0), tf.scatter_add(v, [0, 0], [1.0, 1.0]),
           tf.scatter_sub(v, [2], [0.5]), tf.scatter_mul(v, [1], [2.0]), tf.scatter_max(v, [0], [100.0])]
    sess = tf.Session()
    sess.run(v.initializer)
    out = [sess.run(u).tolist() for u in ups]
    bad = catch(sess.run, tf.scatter_update(v, [5], [1.0]))
    return out, bad, sess.run(v), catch(tf.scatter_update, v, [0], [[1.0, 2.0]])


def case_variable_load_variants(tf):
    v = tf.Variable([1, 2], dtype=tf.int64)
    r = tf.Variable([1.0, 2.0], use_resource=True)
    s = tf.Variable('a')
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    v.load([7, 8], sess)
    r.load(np.array([3.0, 4.0]), sess)
    s.load('zz', sess)
    with sess.as_default():
        v.load([9, 9])
    return sess.run([v, r, s]), catch(r.load, [1.0], sess), catch(v.load, [1, 2]), catch(v.load, 'xy', sess)


def case_separate_session_values_variants(tf):
    v = tf.Variable([0.0, 0.0])
    r = tf.Variable(0, use_resource=True)
    up = [tf.assign_add(v, [1.0, 2.0]), r.assign_add(5)]
    s1, s2 = tf.Session(), tf.Session()
    for s in (s1, s2):
        s.run(tf.global_variables_initializer())
    s1.run(up)
    s1.run(up)
    s2.run(up)
    s1.close()
    return s2.run([v, r]), catch(s1.run, v)


def case_control_dependencies_assign_variants(tf):
    v = tf.Variable(1, use_resource=True)
    step = v.assign_add(2)
    with tf.control_dependencies([step]):
        a = v.read_value()
        b = tf.identity(v)
        c = v + 0
    sess = tf.Session()
    sess.run(v.initializer)
    return [sess.run(a), sess.run(b), sess.run(c), sess.run(v)]


def case_get_variable_variants(tf):
    with tf.variable_scope('m'):
        a = tf.get_variable('a', [2], tf.int64, initializer=tf.constant_initializer(3))
        b = tf.get_variable('b', initializer=[1.0, 2.0])
        c = tf.get_variable('c', [2, 2], initializer=tf.zeros_initializer(), dtype=tf.float64)
        d = tf.get_variable('d', [3], initializer=tf.random_uniform_initializer(0.0, 1.0, seed=1))
        e = tf.get_variable('e', [], tf.bool)
        f = tf.get_variable('f', [2], tf.string)
    with tf.variable_scope('m', reuse=True):
        a2 = tf.get_variable('a', [2], tf.int64)
        missing = catch(tf.get_variable, 'zz', [1])
        wrong_shape = catch(tf.get_variable, 'a', [3], tf.int64)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    vals = sess.run([a, b, c, e, f])
    dv = sess.run(d)
    return ([x.name for x in (a, b, c, d, e, f)], vals, bool(np.all((dv >= 0) & (dv < 1))), a2 is a,
            missing, wrong_shape, catch(tf.get_variable, 'g', [None]), catch(tf.get_variable, 'h', [2], tf.int32))


def case_glorot_and_initializer_objects(tf):
    w = tf.get_variable('w', shape=[3, 5, 2])
    z = tf.get_variable('z', shape=[0, 4])
    i = tf.get_variable('i', shape=[2, 2], dtype=tf.int64)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    wv = sess.run(w)
    limit = np.sqrt(6.0 / (3 * 2 + 5 * 2))
    return (bool(np.all(np.abs(wv) <= limit + 1e-6)), wv.dtype.name, sess.run(z).shape, sess.run(i),
            w.initializer.name, w.initial_value.op.type if hasattr(w, 'initial_value') else None)


def case_trainable_collections_variants(tf):
    a = tf.Variable(1.0, name='a', collections=[tf.GraphKeys.LOCAL_VARIABLES])
    b = tf.Variable(2.0, name='b', collections=['mine'])
    with tf.variable_scope('s'):
        c = tf.get_variable('c', [1], collections=['mine', tf.GraphKeys.GLOBAL_VARIABLES])
        d = tf.get_local_variable('d', [1])
    e = tf.Variable(3.0, name='e', trainable=True, collections=[])
    return {
        'global': [v.name for v in tf.global_variables()],
        'local': [v.name for v in tf.local_variables()],
        'trainable': [v.name for v in tf.trainable_variables()],
        'mine': [v.name for v in tf.get_collection('mine')],
        'scoped': [v.name for v in tf.global_variables('s')],
        'model': [v.name for v in tf.model_variables()],
        'names': [x.name for x in (a, b, c, d, e)],
    }


def case_initial_value_placeholder_variants(tf):
    p = tf.placeholder(tf.int32, shape=[None])
    v = tf.Variable(p, validate_shape=False)
    u = tf.placeholder(tf.float32)
    errs = catch(tf.Variable, u)
    sess = tf.Session()
    sess.run(v.initializer, {p: [1, 2, 3, 4]})
    return sess.run(v), v.shape.as_list() if v.shape.rank is not None else None, errs, \
        catch(sess.run, v.initializer, {p: [[1]]})


def case_assign_errors_variants(tf):
    v = tf.Variable([[1, 2]], dtype=tf.int32)
    p = tf.placeholder(tf.int32)
    dyn = tf.assign(v, p)
    sess = tf.Session()
    sess.run(v.initializer)
    return {
        'bad_rank': catch(tf.assign, v, [1, 2]),
        'bad_dtype': catch(tf.assign, v, [[1.5, 2.5]]),
        'bad_add': catch(tf.assign_add, v, [[1, 2, 3]]),
        'dyn_bad': catch(sess.run, dyn, {p: [1, 2, 3]}),
        'dyn_ok': sess.run(dyn, {p: [[5, 6]]}),
        'no_validate': sess.run(tf.assign(v, [1, 2, 3], validate_shape=False)),
        'after': sess.run(v),
    }


def case_variable_default_names_variants(tf):
    with tf.variable_scope('vs'):
        a = tf.Variable(1)
        b = tf.Variable(1, name='x')
        with tf.name_scope('ns'):
            c = tf.Variable(1)
    d = tf.Variable(1, name='vs')
    e = tf.Variable(1, name='x/y')
    f = tf.Variable(1, name='x/')
    return [v.name for v in (a, b, c, d, e)] + [v.op.name for v in (a, b)], catch(lambda: f.name)


def case_initial_value_other_variable_variants(tf):
    w = tf.Variable([1.0, 2.0], name='w')
    v = tf.Variable(w.initialized_value() * 2, name='v')
    u = tf.Variable(lambda: tf.ones([2]) * 3.0, name='u')
    sess = tf.Session()
    sess.run(v.initializer)
    first = sess.run(v)
    sess.run(tf.global_variables_initializer())
    return first, sess.run([w, v, u])


def case_partitioned_variable(tf):
    with tf.variable_scope('p', partitioner=tf.fixed_size_partitioner(3)):
        v = tf.get_variable('v', [7, 2], initializer=tf.constant_initializer(1.5))
    parts = list(v)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return ([p.name for p in parts], [p.shape.as_list() for p in parts], sess.run(v.as_tensor()).shape,
            v.get_shape().as_list(), [p.name for p in tf.global_variables()], sess.run(tf.reduce_sum(v)))


# ------------------------------------------------------------- queues
def case_fifo_order_variants(tf):
    q = tf.FIFOQueue(4, [tf.string, tf.int64], shapes=[[], [2]], names=None)
    sess = tf.Session()
    for i in range(3):
        sess.run(q.enqueue(('s%d' % i, [i, i * 10])))
    a = sess.run(q.dequeue())
    b = sess.run(q.dequeue_many(2))
    return a, b, sess.run(q.size()), q.name, q.dtypes, [s.as_list() for s in q.shapes]


def case_enqueue_many_variants(tf):
    q = tf.FIFOQueue(6, [tf.float64, tf.bool], shapes=[[], [2]])
    sess = tf.Session()
    sess.run(q.enqueue_many(([1.0, 2.0], [[True, False], [False, True]])))
    sess.run(q.enqueue_many(([], np.zeros([0, 2], bool))))
    size = sess.run(q.size())
    many = sess.run(q.dequeue_many(2))
    return size, many, catch(q.enqueue_many, ([1.0, 2.0], [[True, False]])), \
        catch(q.enqueue_many, (1.0, [True, False]))


def case_dequeue_up_to_variants(tf):
    q = tf.FIFOQueue(10, [tf.int32, tf.string], shapes=[[], []])
    sess = tf.Session()
    sess.run(q.enqueue_many(([1, 2, 3], ['a', 'b', 'c'])))
    sess.run(q.close())
    up = q.dequeue_up_to(2)
    return sess.run(up), sess.run(up), catch(sess.run, up), [t.shape.as_list() for t in up], \
        catch(sess.run, q.dequeue_up_to(0))


def case_size_closed_variants(tf):
    q = tf.PaddingFIFOQueue(3, tf.int32, shapes=[[None]])
    r = tf.RandomShuffleQueue(3, 0, tf.int32, shapes=[[]])
    sess = tf.Session()
    rec = [sess.run([q.size(), q.is_closed(), r.size(), r.is_closed()])]
    sess.run([q.close(), r.close(cancel_pending_enqueues=True)])
    rec.append(sess.run([q.size(), q.is_closed(), r.size(), r.is_closed()]))
    return rec, q.size().dtype.name, q.is_closed().dtype.name, q.queue_ref.dtype.name


def case_closed_queue_errors_variants(tf):
    q = tf.PaddingFIFOQueue(5, tf.int32, shapes=[[None]])
    r = tf.RandomShuffleQueue(5, 1, tf.int32, shapes=[[]], seed=3)
    sess = tf.Session()
    sess.run(q.enqueue([[1, 2]]))
    sess.run(r.enqueue_many([[1, 2]]))
    sess.run([q.close(), r.close()])
    return {
        'pq_enq': catch(sess.run, q.enqueue([[3]])),
        'pq_many': catch(sess.run, q.dequeue_many(2)),
        'pq_one': sess.run(q.dequeue()),
        'rq_enq_many': catch(sess.run, r.enqueue_many([[3]])),
        'rq_many': catch(sess.run, r.dequeue_many(3)),
        'rq_left': sorted(sess.run(r.dequeue_up_to(5)).tolist()),
        'rq_empty': catch(sess.run, r.dequeue()),
        'message': message_has(lambda: sess.run(q.dequeue()), 'is closed and has insufficient elements'),
    }


def case_timeouts_variants(tf):
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue(1))
    opts = tf.RunOptions(timeout_in_ms=40)
    full = catch(sess.run, q.enqueue(2), options=opts)
    many = catch(sess.run, q.enqueue_many([[2, 3]]), options=opts)
    got = sess.run(q.dequeue(), options=opts)
    empty = catch(sess.run, q.dequeue_many(1), options=opts)
    return full, many, got, empty, sess.run(q.size())


def case_padding_queue_variants(tf):
    q = tf.PaddingFIFOQueue(5, [tf.float32, tf.int64], shapes=[[None, None], []])
    sess = tf.Session()
    sess.run(q.enqueue(([[1.0]], 1)))
    sess.run(q.enqueue(([[1.0, 2.0], [3.0, 4.0]], 2)))
    sess.run(q.enqueue((np.zeros([0, 3], np.float32), 3)))
    m, n = q.dequeue_many(3)
    errs = [catch(tf.PaddingFIFOQueue, 5, [tf.int32]), catch(tf.PaddingFIFOQueue, 5, [tf.int32], shapes=None),
            catch(q.enqueue, ([1.0], 1))]
    return sess.run([m, n]), m.shape.as_list(), errs


def case_random_shuffle_variants(tf):
    q = tf.RandomShuffleQueue(8, 2, [tf.int32, tf.string], shapes=[[], []], seed=11)
    sess = tf.Session()
    sess.run(q.enqueue_many(([1, 2, 3, 4, 5], ['a', 'b', 'c', 'd', 'e'])))
    x, s = q.dequeue_many(3)
    xs, ss = sess.run([x, s])
    pairs_ok = all(ss[i] == b'abcde'[xs[i] - 1:xs[i]] for i in range(3))
    opts = tf.RunOptions(timeout_in_ms=40)
    blocked = catch(sess.run, q.dequeue_many(1), options=opts)
    sess.run(q.close())
    rest = sess.run(q.dequeue_up_to(10))
    return pairs_ok, blocked, sorted(xs.tolist() + rest[0].tolist()), \
        catch(tf.RandomShuffleQueue, 2, 5, tf.int32), catch(tf.RandomShuffleQueue, 5, -1, tf.int32)


def case_enqueue_wrong_dtype_variants(tf):
    q = tf.FIFOQueue(3, [tf.float32, tf.string], shapes=[[], []])
    p = tf.FIFOQueue(3, tf.bool, shapes=[[]])
    return {
        'int_to_float_ok': q.enqueue((1, 'a')).type,
        'str_to_float': catch(q.enqueue, ('x', 'a')),
        'num_to_str': catch(q.enqueue, (1.0, 2)),
        'bool_from_int': catch(p.enqueue, 1),
        'float64_tensor': catch(q.enqueue, (tf.constant(1.0, tf.float64), 'a')),
        'many_wrong': catch(p.enqueue_many, [[1.5]]),
        'message': message_has(lambda: q.enqueue((tf.constant(1), 'a')), 'int32', 'float32'),
    }


def case_enqueue_wrong_shape_variants(tf):
    q = tf.FIFOQueue(3, [tf.int32], shapes=[[2, 2]])
    p = tf.placeholder(tf.int32)
    enq = q.enqueue([p])
    many = q.enqueue_many([p])
    sess = tf.Session()
    return {
        'static_rank': catch(q.enqueue, [[1, 2]]),
        'runtime': catch(sess.run, enq, {p: [[1, 2, 3], [4, 5, 6]]}),
        'runtime_many': catch(sess.run, many, {p: [[1, 2], [3, 4]]}),
        'ok_many': sess.run(many, {p: np.ones([2, 2, 2])}),
        'size': sess.run(q.size()),
        'message': message_has(lambda: sess.run(enq, {p: [1]}), 'Shape mismatch in tuple component 0'),
    }


def case_dequeue_needs_shapes_variants(tf):
    q = tf.FIFOQueue(5, [tf.int32, tf.float32])
    sess = tf.Session()
    sess.run(q.enqueue_many(([1, 2], [1.0, 2.0])))
    a, b = q.dequeue()
    return [str(a.shape), catch(sess.run, q.dequeue_up_to(2)), sess.run([a, b]),
            message_has(lambda: sess.run(q.dequeue_up_to(1)), 'specified shapes')]


def case_close_twice_variants(tf):
    q = tf.FIFOQueue(2, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.close(cancel_pending_enqueues=True))
    return [catch(sess.run, q.close()), catch(sess.run, q.close(cancel_pending_enqueues=True)),
            sess.run(q.is_closed()), q.close(name='shut').name]


def case_component_count_variants(tf):
    q = tf.FIFOQueue(4, [tf.int32, tf.int32, tf.string], shapes=[[], [], []])
    return [catch(q.enqueue, (1, 2, 'a', 'b')), catch(q.enqueue, 1), catch(q.enqueue_many, ([1], [2])),
            q.enqueue((1, 2, 'a')).type, q.enqueue_many(([1], [2], ['c'])).type,
            catch(q.enqueue, {'a': 1})]


# ------------------------------------------------------------- readers
def _write(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, 'wb') as f:
        f.write(data)
    return path


def _queue(tf, sess, paths):
    q = tf.FIFOQueue(10, tf.string, shapes=[[]])
    sess.run(q.enqueue_many([paths]))
    sess.run(q.close())
    return q


def _drain(tf, sess, fetches):
    out = []
    while True:
        try:
            out.append(sess.run(fetches))
        except tf.errors.OutOfRangeError:
            return out


def case_text_reader_variants(tf):
    d = tempfile.mkdtemp()
    try:
        a = _write(d, 'a.txt', b'h1\nh2\nx\n\n')
        b = _write(d, 'b.txt', b'')
        c = _write(d, 'c.txt', b'h1\n')
        sess = tf.Session()
        r = tf.TextLineReader(skip_header_lines=2, name='tl')
        k, v = r.read(_queue(tf, sess, [a, b, c]))
        rows = _drain(tf, sess, [k, v])
        return ([(os.path.basename(x.decode()), y) for x, y in rows], sess.run(r.num_records_produced()),
                sess.run(r.num_work_units_completed()), r.reader_ref.op.type, r.supports_serialize)
    finally:
        shutil.rmtree(d)


def case_whole_file_reader_variants(tf):
    d = tempfile.mkdtemp()
    try:
        a = _write(d, 'a', b'xyz')
        sess = tf.Session()
        r = tf.WholeFileReader()
        k, v = r.read_up_to(_queue(tf, sess, [a, a]), 5)
        rows = _drain(tf, sess, [k, v])
        return ([[os.path.basename(x.decode()) for x in ks] for ks, _ in rows], [vs for _, vs in rows],
                sess.run(r.num_records_produced()), sess.run(r.reset()), sess.run(r.num_records_produced()))
    finally:
        shutil.rmtree(d)


def case_fixed_length_variants(tf):
    d = tempfile.mkdtemp()
    try:
        a = _write(d, 'a.bin', b'ABCDEFGHIJ')
        sess = tf.Session()
        r = tf.FixedLengthRecordReader(record_bytes=4, hop_bytes=3)
        k, v = r.read(_queue(tf, sess, [a]))
        rows = _drain(tf, sess, [k, v])
        return [(x.decode().split(':')[-1], y) for x, y in rows], sess.run(r.num_records_produced())
    finally:
        shutil.rmtree(d)


def case_tfrecord_variants(tf):
    d = tempfile.mkdtemp()
    try:
        p1 = os.path.join(d, 'a.tfr')
        p2 = os.path.join(d, 'b.tfr')
        with tf.python_io.TFRecordWriter(p1) as w:
            w.write(b'x')
            w.write(b'yy')
        opts = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
        with tf.python_io.TFRecordWriter(p2, options=opts) as w:
            w.write(b'zipped')
        it = list(tf.python_io.tf_record_iterator(p1))
        sess = tf.Session()
        r = tf.TFRecordReader()
        k, v = r.read(_queue(tf, sess, [p1]))
        rows = _drain(tf, sess, [k, v])
        rz = tf.TFRecordReader(options=opts)
        kz, vz = rz.read(_queue(tf, sess, [p2]))
        return (it, [(os.path.basename(x.decode()), y) for x, y in rows], sess.run(vz),
                sess.run(r.num_records_produced()), list(tf.python_io.tf_record_iterator(p2, options=opts)))
    finally:
        shutil.rmtree(d)


def case_reader_state_roundtrip(tf):
    d = tempfile.mkdtemp()
    try:
        a = _write(d, 'a.txt', b'l1\nl2\nl3\n')
        sess = tf.Session()
        r = tf.TextLineReader()
        q = _queue(tf, sess, [a])
        k, v = r.read(q)
        first = sess.run(v)
        state = sess.run(r.serialize_state())
        second = sess.run(v)
        sess.run(r.restore_state(state))
        again = sess.run(v)
        bad = catch(sess.run, r.restore_state('garbage'))
        return first, second, again, sess.run(r.num_records_produced()), bad, type(state).__name__
    finally:
        shutil.rmtree(d)


def case_read_file_variants(tf):
    d = tempfile.mkdtemp()
    try:
        a = _write(d, 'a.bin', b'')
        sess = tf.Session()
        c = tf.read_file(a, name='rf')
        p = tf.placeholder(tf.string)
        return (sess.run(c), c.op.type, c.name, catch(sess.run, tf.read_file(p), {p: d}),
                catch(tf.read_file, 1), catch(sess.run, tf.read_file(p), {p: ['a', 'b']}))
    finally:
        shutil.rmtree(d)


def case_decode_csv_variants(tf):
    rec = tf.constant(['1;2.5;x', '-3;;"y;z"'])
    cols = tf.decode_csv(rec, [[0], [1.0], ['d']], field_delim=';')
    na = tf.decode_csv(['NA,1'], [[0.0], [tf.constant(0, tf.int64)]], na_value='NA')
    sel = tf.decode_csv(['a,b,c'], [[''], ['']], select_cols=[0, 2])
    f64 = tf.decode_csv(['1e3'], [tf.constant([0], tf.float64)])
    sess = tf.Session()
    return (sess.run(cols), sess.run(na), sess.run(sel), sess.run(f64), [c.dtype.name for c in cols],
            catch(tf.decode_csv, ['a'], [[1, 2]]), catch(tf.decode_csv, ['a'], [[tf.constant(True)]]))


def case_decode_csv_error_variants(tf):
    rec = tf.placeholder(tf.string)
    cols = tf.decode_csv(rec, [[0.0], [tf.constant(0, tf.int64)]])
    sess = tf.Session()
    return [catch(sess.run, cols, {rec: ['1.0,x']}), catch(sess.run, cols, {rec: ['abc,1']}),
            catch(sess.run, cols, {rec: ['1,"2']}), sess.run(cols, {rec: [['1,2'], ['3,4']]}),
            catch(sess.run, cols, {rec: ['1,99999999999999999999']}),
            message_has(lambda: sess.run(cols, {rec: ['1']}), 'Expect 2 fields but have 1')]


def case_producers_and_batch_variants(tf):
    f, l = tf.train.slice_input_producer([tf.constant(['a', 'b', 'c']), tf.constant([1, 2, 3])],
                                         num_epochs=2, shuffle=False)
    bf, bl = tf.train.batch([f, l], batch_size=4, allow_smaller_final_batch=True, num_threads=1)
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    out = _drain(tf, sess, [bf, bl])
    coord.request_stop()
    coord.join(threads)
    return out, bf.shape.as_list(), bl.dtype.name


def case_batch_shapes_variants(tf):
    x = tf.constant([[1, 2]])
    y = tf.constant(1.5)
    enq_many = tf.train.batch([x], batch_size=3, enqueue_many=True)
    dyn = tf.train.batch([tf.placeholder_with_default([1, 2], [None])], batch_size=2, dynamic_pad=True)
    named = tf.train.batch({'a': y, 'b': x}, batch_size=5)
    errs = [catch(tf.train.batch, [tf.placeholder(tf.int32)], 2)]
    return ([t.shape.as_list() for t in enq_many], [t.shape.as_list() for t in dyn],
            sorted((k, v.shape.as_list()) for k, v in named.items()), errs[0])


def case_coordinator_variants(tf):
    coord = tf.train.Coordinator()
    with coord.stop_on_exception():
        raise tf.errors.OutOfRangeError(None, None, 'done')
    stopped = coord.should_stop()
    c2 = tf.train.Coordinator()
    try:
        with c2.stop_on_exception():
            raise ValueError('boom')
    except ValueError:
        pass
    join_err = catch(c2.join, [])
    c3 = tf.train.Coordinator(clean_stop_exception_types=[ValueError])
    c3.request_stop(ValueError('clean'))
    return stopped, join_err, c2.should_stop(), c3.join([]), c3.wait_for_stop(0.01), \
        tf.train.Coordinator().wait_for_stop(0.01)


def case_queue_runner_variants(tf):
    src = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    dst = tf.FIFOQueue(10, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(src.enqueue_many([[1, 2, 3]]))
    sess.run(src.close())
    qr = tf.train.QueueRunner(dst, [dst.enqueue(src.dequeue() + 1)] * 2)
    coord = tf.train.Coordinator()
    threads = qr.create_threads(sess, coord=coord, start=True)
    got = sorted(int(x) for x in _drain(tf, sess, dst.dequeue()))
    coord.request_stop()
    coord.join(threads)
    return got, len(threads), qr.queue is dst, qr.name, len(qr.enqueue_ops), qr.exceptions_raised
