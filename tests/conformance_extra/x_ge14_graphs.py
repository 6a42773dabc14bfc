"""Round-14 variations of the public graph_rules cases: lookups of outputs and odd names, name scopes
with trailing slashes and reuse, control dependencies composed with name scopes and cond, collections,
gradient_override_map, colocate_with, finalize with sessions and imports."""
import threading

from _harness import catch, message_has


def case_lookup_multi_output_and_types(tf):
    g = tf.Graph()
    with g.as_default():
        parts = tf.split(tf.constant([1, 2, 3, 4]), 2, name='parts')
        uniq = tf.unique(tf.constant([3, 3, 1]), name='uniq')
    return [
        g.get_tensor_by_name('parts:1') is parts[1],
        g.get_tensor_by_name('uniq:1') is uniq.idx,
        [t.name for t in g.get_operation_by_name('uniq').outputs],
        g.as_graph_element('parts:0', allow_operation=False).value_index,
        catch(g.get_tensor_by_name, 'parts:2'),
        catch(g.get_tensor_by_name, 3),
        catch(g.get_operation_by_name, b'parts'),
        catch(g.get_operation_by_name, None),
        message_has(lambda: g.get_tensor_by_name('parts:7'), 'parts:7', 'outputs'),
    ]


def case_name_scope_trailing_slash_and_reuse(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('a') as a_scope:
            x = tf.constant(1.0, name='x')
        with tf.name_scope(a_scope):
            y = tf.constant(1.0, name='x')
        with tf.name_scope('a/b/'):
            z = tf.constant(1.0, name='z')
        with tf.name_scope(''):
            top = tf.constant(1.0, name='top')
        with tf.name_scope('a'):
            with tf.name_scope('') as cleared:
                cl = tf.constant(1.0, name='cl')
        with tf.name_scope('c/'):
            with tf.name_scope('d') as d_scope:
                dd = tf.constant(1.0)
    return [t.name for t in (x, y, z, top, cl, dd)], a_scope, repr(cleared), d_scope


def case_name_scope_default_and_values(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        with tf.name_scope(None, 'dflt', [a]) as s1:
            t1 = tf.identity(a)
        with tf.name_scope(None, 'dflt', [a]) as s2:
            pass
        with tf.name_scope('given', 'dflt') as s3:
            pass
        other = tf.Graph()
        with other.as_default():
            b = tf.constant(2.0)
    err = catch(lambda: tf.name_scope(None, None).__enter__())

    def mixed():
        with g.as_default():
            with tf.name_scope('m', values=[a, b]):
                pass

    return s1, s2, s3, t1.name, err, catch(mixed)


def case_unique_name_scoped_and_case(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('s'):
            n1 = g.unique_name('op')
            n2 = g.unique_name('op', mark_as_used=False)
            c = tf.constant(1.0, name='op')
        n3 = g.unique_name('s/op')
        n4 = g.unique_name('S')
        n5 = g.unique_name('s')
        d = tf.constant(1.0, name='s')
    return n1, n2, c.name, n3, n4, n5, d.name


def case_get_operations_and_collections_order(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('first'):
            v = tf.Variable(1.0, name='v')
        w = tf.Variable(2.0, name='w', trainable=False)
        with tf.name_scope('firstly'):
            u = tf.Variable(3.0, name='u')
    keys = sorted(g.get_all_collection_keys())
    return ([op.name for op in g.get_operations()],
            [x.name for x in g.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='first')],
            [x.name for x in g.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='first/')],
            [x.name for x in g.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope='.*ly')],
            [x.name for x in g.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)],
            [x.name for x in g.get_collection_ref(tf.GraphKeys.GLOBAL_VARIABLES)],
            keys, w.name, u.name, v.name)


def case_collection_ref_mutation_and_clear(tf):
    g = tf.Graph()
    ref = g.get_collection_ref('mine')
    ref.append(1)
    ref.append('two')
    copy = g.get_collection('mine')
    copy.append('not kept')
    g.add_to_collections(['mine', 'theirs'], 3)
    g.add_to_collections('single', 4)
    before = (g.get_collection('mine'), g.get_collection('theirs'), g.get_collection('single'))
    g.clear_collection('mine')
    g.clear_collection('never_made')
    return before, g.get_collection('mine'), g.get_collection('none'), sorted(g.get_all_collection_keys())


def case_control_dependencies_with_cond_and_scopes(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name='v')
        p = tf.placeholder(tf.bool, shape=[], name='p')
        inc = tf.assign_add(v, 1)
        with tf.control_dependencies([inc]):
            out = tf.cond(p, lambda: tf.constant(10), lambda: tf.constant(20))
            with tf.name_scope('inner'):
                ident = tf.identity(out, name='ident')
        deps = [op.name for op in ident.op.control_inputs]
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    a = sess.run(ident, {p: True})
    b = sess.run(ident, {p: False})
    return a, b, sess.run(v), deps, ident.name


def case_gradient_override_map(tf):
    g = tf.Graph()
    with g.as_default():

        @tf.RegisterGradient('GeDoubleGrad14')
        def _double(op, grad):
            return grad * 2.0

        x = tf.constant([1.0, 4.0], name='x')
        with g.gradient_override_map({'Identity': 'GeDoubleGrad14'}):
            y = tf.identity(x, name='y')
        z = tf.identity(x, name='z')
        gy = tf.gradients(tf.reduce_sum(y), x)[0]
        gz = tf.gradients(tf.reduce_sum(z), x)[0]
        attr = y.op.get_attr('_gradient_op_type')
    with tf.Session(graph=g) as sess:
        vals = sess.run([gy, gz])
    bad = catch(lambda: g.gradient_override_map({1: 'x'}).__enter__())
    return vals, attr, catch(z.op.get_attr, '_gradient_op_type'), bad


def case_colocate_with_and_devices(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/cpu:0'):
            a = tf.constant(1.0, name='a')
        with tf.colocate_with(a):
            b = tf.identity(a, name='b')
            with tf.device('/cpu:1'):
                c = tf.identity(a, name='c')
        with tf.colocate_with(a.op):
            d = tf.constant(2.0, name='d')
        with tf.colocate_with(None, ignore_existing=True):
            e = tf.constant(3.0, name='e')
    return ([t.op.colocation_groups() for t in (a, b, c, d, e)],
            [t.device for t in (a, b, c, d, e)], catch(b.op.get_attr, '_class'))


def case_finalize_with_session_and_import(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[], name='x')
        y = x * 2.0
    gd = g.as_graph_def()
    g.finalize()
    sess = tf.Session(graph=g)
    ran = sess.run(y, {x: 2.0})

    def imp():
        with g.as_default():
            tf.import_graph_def(gd, name='again')

    def coll():
        g.add_to_collection('c', y)

    def scope():
        with g.as_default():
            with tf.name_scope('still_fine') as s:
                return s

    return (ran, catch(imp), catch(coll), scope(), catch(g.unique_name, 'q'), g.finalized,
            sess.make_callable(y, [x])(3.0))


def case_thread_default_graph_stack_inherits_nothing(tf):
    g = tf.Graph()
    out = {}

    def worker():
        out['default_is_g'] = tf.get_default_graph() is g
        with g.as_default():
            out['inside'] = tf.get_default_graph() is g
            out['scope'] = g.get_name_scope()
            out['made'] = tf.constant(1.0, name='t').name

    with g.as_default():
        with tf.name_scope('main_scope'):
            t = threading.Thread(target=worker)
            t.start()
            t.join()
            out['main_scope'] = g.get_name_scope()
            out['main_made'] = tf.constant(1.0, name='t').name
    return sorted(out.items())


def case_graph_version_seed_and_building_function(tf):
    g = tf.Graph()
    v0 = g.version
    with g.as_default():
        tf.constant(1.0)
        v1 = g.version
        tf.constant(2.0)
        v2 = g.version
        tf.set_random_seed(5)
        seed = g.seed
        g.seed = 9
        seed2 = tf.get_default_graph().seed
    return v0, v1, v2, seed, seed2, g.building_function, g.graph_def_versions.producer > 0


def case_prevent_feeding_and_fetching_variants(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, shape=[], name='p')
        q = p * 2.0
        n = tf.no_op(name='n')
    g.prevent_feeding(p)
    g.prevent_fetching(n)
    g.prevent_fetching(q.op)
    sess = tf.Session(graph=g)
    return [
        g.is_feedable(p), g.is_fetchable(n), g.is_fetchable(q), g.is_fetchable(p),
        catch(sess.run, q, {p: 1.0}),
        catch(sess.run, n),
        catch(sess.run, [p], {'p:0': 1.0}),
        catch(sess.make_callable, q),
        catch(sess.partial_run_setup, [q], [p]),
    ]


def case_colocate_with_hides_device_scopes_and_existing(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant([1.0, 2.0], name='a')
        with tf.device('/cpu:0'):
            b = tf.constant([3.0, 4.0], name='b')
            with tf.colocate_with(a):
                hidden = a * 2.0
                with tf.colocate_with(b, ignore_existing=True):
                    only_b = b + 1.0
                with tf.colocate_with(b):
                    both = b - 1.0
            after = b * 3.0
    bad = catch(lambda: g.colocate_with(None).__enter__())
    nodes = {n.name: (n.device, sorted(n.attr['_class'].list.s)) for n in g.as_graph_def().node}
    with tf.Session(graph=g) as sess:
        vals = sess.run([hidden, only_b, both, after])
    return ([t.device for t in (hidden, only_b, both, after)],
            [t.op.colocation_groups() for t in (hidden, only_b, both, after)],
            sorted(nodes.items()), bad, vals)
