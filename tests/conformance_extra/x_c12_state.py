"""Second-pass variations of the public state_variables / seed_basics cases."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.
import numpy as np

from _harness import catch, message_has


def case_initializers_with_dtypes(tf):
    specs = {
        'zeros_i32': ([2], tf.int32, tf.zeros_initializer()),
        'ones_f64': ([2, 1], tf.float64, tf.ones_initializer()),
        'const_i64': ([3], tf.int64, tf.constant_initializer([1, 2, 3])),
        'const_bool': ([2], tf.bool, tf.constant_initializer(True)),
        'const_f16': ([2], tf.float16, tf.constant_initializer(0.5)),
        'identity_f32': ([2, 3], tf.float32, tf.initializers.identity()),
        'uniform_i32': ([4], tf.int32, tf.random_uniform_initializer(0, 10, seed=3)),
        'orth_f64': ([3, 3], tf.float64, tf.orthogonal_initializer(seed=1)),
    }
    made = {k: tf.get_variable(k, shape, dtype, initializer=init) for k, (shape, dtype, init) in specs.items()}
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    vals = {k: sess.run(v) for k, v in made.items()}
    orth = vals.pop('orth_f64')
    uni = vals.pop('uniform_i32')
    return (vals, {k: v.dtype.base_dtype.name for k, v in made.items()},
            bool(np.allclose(orth.dot(orth.T), np.eye(3))), uni.dtype.name, bool(np.all((uni >= 0) & (uni < 10))))


def case_initializer_dtype_errors(tf):
    return {
        'trunc_int': catch(tf.get_variable, 'a', [2], tf.int32, initializer=tf.truncated_normal_initializer()),
        'normal_int': catch(tf.get_variable, 'b', [2], tf.int64, initializer=tf.random_normal_initializer()),
        'glorot_int': catch(tf.get_variable, 'c', [2, 2], tf.int32, initializer=tf.glorot_uniform_initializer()),
        'orth_1d': catch(tf.get_variable, 'd', [3], initializer=tf.orthogonal_initializer()),
        'identity_3d': catch(tf.get_variable, 'e', [2, 2, 2], initializer=tf.initializers.identity()),
        'const_too_many': catch(tf.get_variable, 'f', [2], initializer=tf.constant_initializer([1.0, 2.0, 3.0])),
        'names': [v.name for v in tf.global_variables()],
    }


def case_partitioners_min_max_and_axis_size(tf):
    with tf.variable_scope('p'):
        a = tf.get_variable('a', [8, 3], partitioner=tf.min_max_variable_partitioner(
            max_partitions=3, min_slice_size=4 << 2), initializer=tf.ones_initializer())
        b = tf.get_variable('b', [10, 2], tf.float64, partitioner=tf.variable_axis_size_partitioner(
            max_shard_bytes=48), initializer=tf.constant_initializer(2.0))
        c = tf.get_variable('c', [6], tf.int32, partitioner=tf.fixed_size_partitioner(4),
                            initializer=tf.zeros_initializer())
    parts = {k: [(p.name, p.shape.as_list()) for p in v] for k, v in (('a', a), ('b', b), ('c', c))}
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return (parts, type(a).__name__, sess.run(tf.convert_to_tensor(b)).sum(), sess.run(c.as_tensor()),
            [v.name for v in tf.trainable_variables()], a.get_shape().as_list(), b.dtype.name)


def case_get_variable_auto_reuse_and_flags(tf):
    def make():
        with tf.variable_scope('shared', reuse=tf.AUTO_REUSE):
            return tf.get_variable('w', [2], initializer=tf.constant_initializer(1.5))
    w1, w2 = make(), make()
    with tf.variable_scope('shared', reuse=tf.AUTO_REUSE):
        new = tf.get_variable('fresh', [1])
        with tf.variable_scope('inner', reuse=False):
            inner_reuse = tf.get_variable_scope().reuse
    with tf.variable_scope('shared', reuse=True) as s:
        again = tf.get_variable('w')
        flags = (s.reuse, s.name, s.original_name_scope)
    with tf.variable_scope('shared'):
        dup = catch(tf.get_variable, 'w', [2])
        dup_msg = message_has(lambda: tf.get_variable('w', [2]), 'already exists', 'shared/w')
    return (w1 is w2, again is w1, w1.name, new.name, inner_reuse, flags, dup, dup_msg,
            len(tf.global_variables()), str(tf.AUTO_REUSE))


def case_custom_getter_rewrites_and_stacks(tf):
    calls = []

    def scale_getter(getter, name, *args, **kwargs):
        calls.append(('scale', name, kwargs.get('trainable'), kwargs.get('dtype').name))
        return getter(name, *args, **kwargs) * 2.0

    def renamer(getter, name, *args, **kwargs):
        calls.append(('rename', name))
        return getter(name + '_r', *args, **kwargs)

    with tf.variable_scope('outer', custom_getter=scale_getter):
        with tf.variable_scope('inner', custom_getter=renamer):
            x = tf.get_variable('x', [2], initializer=tf.constant_initializer(3.0))
    direct = tf.get_variable('y', [1], custom_getter=renamer, initializer=tf.ones_initializer())
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return (calls, type(x).__name__, sess.run(x), [v.name for v in tf.global_variables()], direct.name,
            catch(tf.variable_scope, 'bad', custom_getter=3))


def case_constraint_and_validate_shape(tf):
    v = tf.get_variable('v', [3], initializer=tf.constant_initializer([-1.0, 0.5, 2.0]),
                        constraint=lambda t: tf.clip_by_value(t, 0.0, 1.0))
    u = tf.get_variable('u', initializer=tf.constant([1, 2]), validate_shape=False)
    grow = tf.assign(u, [1, 2, 3, 4], validate_shape=False)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    applied = sess.run(v.constraint(v))
    sess.run(grow)
    return (applied, sess.run(v), v.constraint is not None, str(u.shape), sess.run(u),
            catch(tf.get_variable, 'w', [2], constraint=3))


def case_variable_scope_default_name_values_dtype(tf):
    a = tf.constant(1.0, name='a')
    with tf.variable_scope(None, default_name='blk', values=[a]) as s1:
        v1 = tf.get_variable('v', [1])
    with tf.variable_scope(None, default_name='blk') as s2:
        v2 = tf.get_variable('v', [1])
    with tf.variable_scope('typed', dtype=tf.float64):
        d = tf.get_variable('d', [1])
        i = tf.get_variable('i', [1], dtype=tf.int32)
        with tf.variable_scope('deeper'):
            dd = tf.get_variable('dd', [1])
    return (s1.name, s2.name, v1.name, v2.name, d.dtype.name, i.dtype.name, dd.dtype.name,
            catch(lambda: tf.variable_scope(None).__enter__()))


def case_local_model_trainable_collections(tf):
    a = tf.get_local_variable('loc', [2], initializer=tf.ones_initializer())
    tf.Variable(3.0, name='model_v', collections=[tf.GraphKeys.MODEL_VARIABLES, tf.GraphKeys.GLOBAL_VARIABLES])
    tf.get_variable('untrained', [1], trainable=False)
    tf.Variable(1.0, name='local_trainable', trainable=True, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    with tf.variable_scope('m'):
        e = tf.get_variable('e', [1], collections=[tf.GraphKeys.LOCAL_VARIABLES], trainable=False)
    names = {
        'local': [v.name for v in tf.local_variables()],
        'model': [v.name for v in tf.model_variables()],
        'trainable': [v.name for v in tf.trainable_variables()],
        'global': [v.name for v in tf.global_variables()],
        'all': [v.name for v in tf.all_variables()] if hasattr(tf, 'all_variables') else None,
        'scoped_local': [v.name for v in tf.local_variables(scope='m')],
    }
    sess = tf.Session()
    before = sess.run(tf.report_uninitialized_variables())
    sess.run(tf.local_variables_initializer())
    after = sess.run(tf.report_uninitialized_variables(tf.local_variables()))
    return names, before, after, sess.run(a), a.trainable if hasattr(a, 'trainable') else None, e.name


def case_assign_read_value_use_locking(tf):
    v = tf.Variable([1.0, 2.0], name='v')
    op_only = v.assign([3.0, 4.0], read_value=False)
    add_op = v.assign_add([1.0, 1.0], use_locking=True, read_value=False)
    sub_t = v.assign_sub([0.5, 0.5], use_locking=True)
    plain = tf.assign(v, [9.0, 9.0], use_locking=True, name='lock_assign')
    sess = tf.Session()
    sess.run(v.initializer)
    return ([type(x).__name__ for x in (op_only, add_op, sub_t, plain)],
            [getattr(x, 'type', None) or x.op.type for x in (op_only, add_op, sub_t, plain)],
            sess.run(op_only), sess.run(v), sess.run(add_op), sess.run(sub_t), sess.run(plain), plain.name,
            plain.op.get_attr('use_locking'), sub_t.op.get_attr('use_locking'))


def case_scatter_family_dtypes(tf):
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], name='v')
    i = tf.Variable([10, 20, 30, 40], name='i')
    ops = {
        'add': tf.scatter_add(v, [0, 0], [[1.0, 1.0], [2.0, 2.0]]),
        'sub': tf.scatter_sub(v, [2], [[1.0, 1.0]]),
        'mul': tf.scatter_mul(v, [1], [[2.0, 3.0]]),
        'div': tf.scatter_div(v, [1], [[2.0, 3.0]]),
        'min': tf.scatter_min(i, [0, 3], [5, 50]),
        'max': tf.scatter_max(i, [0, 3], [7, 60]),
        'nd_update': tf.scatter_nd_update(i, [[1], [2]], [0, -1]),
        'nd_add': tf.scatter_nd_add(v, [[0, 1]], [100.0]),
        'nd_sub': tf.scatter_nd_sub(i, [[3]], [1]),
    }
    sess = tf.Session()
    sess.run([v.initializer, i.initializer])
    out = {}
    for k in ('add', 'sub', 'mul', 'div', 'min', 'max', 'nd_update', 'nd_add', 'nd_sub'):
        out[k] = sess.run(ops[k])
    return (out, {k: o.op.type for k, o in ops.items()},
            catch(sess.run, tf.scatter_update(v, [5], [[0.0, 0.0]])),
            catch(tf.scatter_add, v, [0], [[1.0, 2.0, 3.0]]),
            catch(tf.scatter_add, i, [0], [1.5]), sess.run(v))


def case_seeds_through_while_loop_and_functions(tf):
    def build():
        tf.set_random_seed(11)
        r = tf.random_uniform([2], seed=4)

        def body(i, acc):
            return i + 1, acc + tf.random_uniform([2], seed=5)
        _, loop = tf.while_loop(lambda i, a: i < 3, body, [0, tf.zeros([2])])
        cond = tf.cond(tf.constant(True), lambda: tf.random_normal([1], seed=6), lambda: tf.zeros([1]))
        return r, loop, cond

    def run_twice():
        g = tf.Graph()
        with g.as_default():
            fetches = build()
        out = []
        for _ in range(2):
            with tf.Session(graph=g) as sess:
                out.append(sess.run(fetches) + sess.run(fetches))
        return out

    a, b = run_twice()
    c, d = run_twice()
    same = all(np.array_equal(x, y) for x, y in zip(a, b)) and all(np.array_equal(x, y) for x, y in zip(a, c))
    differs = not np.array_equal(a[0], a[3])
    return same, differs, [x.shape for x in a]


def case_seed_survives_graph_def_import(tf):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(3)
        tf.identity(tf.random_uniform([3], seed=2), name='r')
        tf.identity(tf.random_normal([2]), name='n')
    gd = g.as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        tf.import_graph_def(gd, name='imp')
    with tf.Session(graph=g) as s1, tf.Session(graph=g2) as s2:
        first = s1.run(['r:0', 'n:0'])
        imported = s2.run(['imp/r:0', 'imp/n:0'])
    attrs = {n.name: (n.attr['seed'].i, n.attr['seed2'].i) for n in gd.node if n.op.startswith('Random')}
    return [np.array_equal(x, y) for x, y in zip(first, imported)], sorted(attrs.items())
