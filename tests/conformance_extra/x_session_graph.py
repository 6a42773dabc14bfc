"""Extra: Graph behaviour (names, scopes, collections, lookups, control deps, finalize, devices)."""
from _harness import catch, message_has


def case_collections_basic(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        b = tf.constant(2.0, name='b')
        tf.add_to_collection('things', a)
        tf.add_to_collection('things', b)
        tf.add_to_collections(['x', 'y'], a)
        lst = tf.get_collection_ref('refd')
        lst.append(b)
    return [
        [t.name for t in g.get_collection('things')],
        [t.name for t in tf.get_collection('things')],
        [t.name for t in g.get_collection('x')],
        [t.name for t in g.get_collection('y')],
        [t.name for t in g.get_collection('refd')],
        g.get_collection('missing'),
        sorted(k for k in g.get_all_collection_keys()),
    ]


def case_collection_scope_filter(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('s1'):
            a = tf.constant(1.0, name='a')
        with tf.name_scope('s2'):
            b = tf.constant(2.0, name='b')
        c = tf.constant(3.0, name='s1x')
        for t in (a, b, c):
            g.add_to_collection('c', t)
        g.add_to_collection('c', 'plain string')
    return [
        [getattr(t, 'name', t) for t in g.get_collection('c', scope='s1')],
        [getattr(t, 'name', t) for t in g.get_collection('c', scope='s2')],
        len(g.get_collection('c')),
    ]


def case_collection_copy_semantics(tf):
    g = tf.Graph()
    with g.as_default():
        g.add_to_collection('k', 1)
        got = g.get_collection('k')
        got.append(2)
        ref = g.get_collection_ref('k')
        ref.append(3)
        g.clear_collection('k')
        after_clear = g.get_collection('k')
    return got, ref, after_clear


def case_graphkeys_values(tf):
    K = tf.GraphKeys
    return [K.GLOBAL_VARIABLES, K.TRAINABLE_VARIABLES, K.LOCAL_VARIABLES, K.UPDATE_OPS,
            K.QUEUE_RUNNERS, K.SUMMARIES, K.LOSSES, K.REGULARIZATION_LOSSES,
            K.MODEL_VARIABLES, K.GLOBAL_STEP, K.SAVERS, K.INIT_OP, K.TRAIN_OP, K.VARIABLES]


def case_variables_in_collections(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name='v')
        w = tf.Variable(2.0, name='w', trainable=False)
        l = tf.Variable(3.0, name='l', collections=[tf.GraphKeys.LOCAL_VARIABLES])
    K = tf.GraphKeys
    return [
        [x.name for x in g.get_collection(K.GLOBAL_VARIABLES)],
        [x.name for x in g.get_collection(K.TRAINABLE_VARIABLES)],
        [x.name for x in g.get_collection(K.LOCAL_VARIABLES)],
    ]


def case_name_scope_values_and_return(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope('a') as s1:
            with tf.name_scope('b') as s2:
                x = tf.constant(1.0)
        with tf.name_scope('a') as s3:
            pass
        with tf.name_scope(s2) as s4:
            y = tf.constant(2.0)
        with tf.name_scope('') as s5:
            z = tf.constant(3.0)
    return s1, s2, s3, s4, s5, x.name, y.name, z.name


def case_name_scope_invalid_names(tf):
    g = tf.Graph()

    def bad(name):
        with g.as_default():
            with tf.name_scope(name):
                pass

    def bad_const(name):
        with g.as_default():
            tf.constant(1.0, name=name)

    return [catch(bad, '-bad'), catch(bad, 'has space'), catch(bad_const, 'x y'),
            catch(bad_const, '_under'), catch(bad, '.ok'), catch(bad_const, 'a/b')]


def case_unique_name(tf):
    g = tf.Graph()
    with g.as_default():
        n1 = g.unique_name('foo')
        n2 = g.unique_name('foo')
        n3 = g.unique_name('foo', mark_as_used=False)
        n4 = g.unique_name('foo')
        with g.name_scope('sc'):
            n5 = g.unique_name('bar')
        n6 = g.unique_name('Foo')
        sc = g.get_name_scope()
        with tf.name_scope('outer'):
            sc2 = g.get_name_scope()
    return n1, n2, n3, n4, n5, n6, sc, sc2


def case_uniquify_case_insensitive(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='Foo')
        b = tf.constant(1.0, name='foo')
        c = tf.constant(1.0, name='FOO')
    return a.name, b.name, c.name


def case_get_operations_order_and_version(tf):
    g = tf.Graph()
    v0 = g.version
    with g.as_default():
        a = tf.constant(1.0, name='a')
        b = tf.identity(a, name='b')
        c = a + b
    ops = g.get_operations()
    return v0, g.version, [o.name for o in ops], [o.type for o in ops], g.building_function


def case_control_dependencies_none_clears(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        b = tf.constant(2.0, name='b')
        with tf.control_dependencies([a]):
            c = tf.constant(3.0, name='c')
            with tf.control_dependencies([b]):
                d = tf.constant(4.0, name='d')
            with tf.control_dependencies(None):
                e = tf.constant(5.0, name='e')
                with tf.control_dependencies([b]):
                    f = tf.constant(6.0, name='f')
    names = lambda t: sorted(o.name for o in t.op.control_inputs)
    return names(c), names(d), names(e), names(f)


def case_control_dependencies_skips_existing_input(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        with tf.control_dependencies([a]):
            b = tf.identity(a, name='b')
            c = tf.constant(2.0, name='c')
            d = a + c
    return ([o.name for o in b.op.control_inputs], [o.name for o in c.op.control_inputs],
            [o.name for o in d.op.control_inputs])


def case_control_dependencies_bad_args(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')

    def use(x):
        with g.as_default():
            with g.control_dependencies(x):
                tf.constant(2.0)

    return [catch(use, [1.0]), catch(use, ['a']), catch(use, [a]), catch(use, [a.op])]


def case_control_dependencies_from_other_graph(tf):
    g1 = tf.Graph()
    with g1.as_default():
        a = tf.constant(1.0, name='a')
    g2 = tf.Graph()

    def use():
        with g2.as_default():
            with tf.control_dependencies([a]):
                return tf.constant(2.0)

    return catch(use)


def case_control_outputs_and_consumers(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        b = tf.identity(a, name='b')
        c = tf.add(a, b, name='c')
        with tf.control_dependencies([a]):
            n = tf.no_op(name='n')
    return (sorted(o.name for o in a.consumers()), [t.name for t in c.op.inputs], len(n.outputs),
            list(n.inputs), [o.name for o in n.control_inputs])


def case_device_strings_recorded(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/cpu:0'):
            a = tf.constant(1.0, name='a')
            with tf.device('/device:GPU:1'):
                b = tf.constant(2.0, name='b')
            with tf.device(None):
                c = tf.constant(3.0, name='c')
            with tf.device(''):
                d = tf.constant(4.0, name='d')
        with tf.device('/job:worker/task:1'):
            e = tf.constant(5.0, name='e')
            with tf.device('/cpu:0'):
                f = tf.constant(6.0, name='f')
        h = tf.constant(7.0, name='h')
    return [t.device for t in (a, b, c, d, e, f, h)], [t.op.device for t in (a, b)]


def case_device_function(tf):
    g = tf.Graph()
    with g.as_default():
        def fn(op):
            return '/cpu:0' if op.type == 'Const' else '/device:GPU:0'
        with tf.device(fn):
            a = tf.constant(1.0, name='a')
            b = tf.identity(a, name='b')
    node = {n.name: n.device for n in g.as_graph_def().node}
    return a.device, b.device, node


def case_device_in_graph_def_and_session_runs(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device('/cpu:0'):
            a = tf.constant([1.0, 2.0], name='a') * 2.0
    with tf.Session(graph=g) as s:
        v = s.run(a)
    return v, [(n.name, n.device) for n in g.as_graph_def().node]


def case_graph_def_contents(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[None, 2], name='x')
        c = tf.constant([[1.0], [2.0]], name='c')
        y = tf.matmul(x, c, name='y')
        with tf.control_dependencies([y]):
            z = tf.no_op(name='z')
    gd = g.as_graph_def()
    nodes = {n.name: (n.op, list(n.input)) for n in gd.node}
    return (nodes, len(gd.node), 'transpose_b' in gd.node[2].attr, gd.node[2].attr['transpose_a'].b,
            gd.node[0].attr['dtype'].type, gd.node[0].attr['dtype'].type == tf.float32.as_datatype_enum)


def case_graph_def_from_version(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name='a')
        v = g.version
        tf.constant(2.0, name='b')
    gd, ver = g.as_graph_def(from_version=v), g.version
    return [n.name for n in gd.node], ver


def case_finalize_errors_and_message(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name='a')
    g.finalize()
    g.finalize()

    def add():
        with g.as_default():
            tf.constant(2.0)

    def coll():
        g.add_to_collection('k', 1)

    return (message_has(add, 'Graph is finalized and cannot be modified'), catch(coll),
            g.finalized, g.get_collection('k'))


def case_finalize_unsafe_unfinalize(tf):
    g = tf.Graph()
    g.finalize()
    g._unsafe_unfinalize()
    with g.as_default():
        c = tf.constant(1.0, name='a')
    return g.finalized, c.name


def case_as_graph_element_options(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        n = tf.no_op(name='n')
    return [
        catch(g.as_graph_element, 'a', allow_operation=False),
        catch(g.as_graph_element, 'a:0', allow_tensor=False),
        catch(g.as_graph_element, a, allow_tensor=False),
        catch(g.as_graph_element, n, allow_operation=False),
        g.as_graph_element('a', allow_tensor=True, allow_operation=True).name,
        catch(g.as_graph_element, 'a:x'),
        catch(g.as_graph_element, 'a:0:1'),
        catch(g.as_graph_element, 'n:0'),
    ]


def case_lookup_error_messages(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name='k')
    return [
        message_has(lambda: g.get_tensor_by_name('nope:0'), "The name 'nope:0' refers to a Tensor which does not exist",
                    "The operation, 'nope', does not exist in the graph."),
        message_has(lambda: g.get_operation_by_name('nope'), "The name 'nope' refers to an Operation not in the graph."),
        message_has(lambda: g.get_tensor_by_name('k'), "The name 'k' refers to an Operation, not a Tensor.",
                    "Tensor names must be of the form \"<op_name>:<output_index>\"."),
        message_has(lambda: g.get_tensor_by_name('k:3'), "The name 'k:3' refers to a Tensor which does not exist",
                    "outputs 1 tensors"),
        message_has(lambda: g.get_operation_by_name('k:0'), "The name 'k:0' appears to refer to a Tensor, not a Operation."),
        catch(g.get_tensor_by_name, 5),
        catch(g.get_operation_by_name, 5),
    ]


def case_graph_context_stack(tf):
    g1 = tf.Graph()
    g2 = tf.Graph()
    seen = []
    with g1.as_default() as x:
        seen.append(x is g1)
        with g2.as_default():
            seen.append(tf.get_default_graph() is g2)
        seen.append(tf.get_default_graph() is g1)
    return seen, tf.get_default_graph() is g1, isinstance(tf.get_default_graph(), tf.Graph)


def case_seed_attribute_and_graph_key(tf):
    g = tf.Graph()
    s0 = g.seed
    with g.as_default():
        tf.set_random_seed(7)
    return s0, g.seed, catch(lambda: g.seed == 7)


def case_name_scope_v1_signature(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        with tf.name_scope(None, 'Default', [a]) as s1:
            x = tf.identity(a)
        with tf.name_scope(None, 'Default', [a]) as s2:
            pass
        with tf.name_scope('given', 'Default', [a]) as s3:
            pass
        with tf.name_scope(None, default_name='D2') as s4:
            pass
    return s1, s2, s3, s4, x.name, catch(lambda: tf.name_scope(None).__enter__())


def case_control_dependencies_variable_and_dedup(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name='v')
        a = tf.constant(1.0, name='a')
        with tf.control_dependencies([v, a, a]):
            b = tf.constant(2.0, name='b')
            with tf.control_dependencies([a]):
                c = tf.constant(3.0, name='c')
        with tf.control_dependencies([v.initializer]):
            d = tf.identity(v, name='d')
    ci = lambda t: [o.name for o in t.op.control_inputs]
    with tf.Session(graph=g) as s:
        val = s.run(d)
    return ci(b), ci(c), ci(d), val


def case_graph_get_operations_after_failed_op(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant([1.0, 2.0], name='a')
        err = catch(tf.matmul, tf.constant([1.0, 2.0]), tf.constant([1.0]))
        names = [o.name for o in g.get_operations()]
    return err, names


def case_tensor_name_validation_and_colon(tf):
    g = tf.Graph()
    with g.as_default():
        return [catch(tf.constant, 1.0, name='bad:name'), catch(tf.placeholder, tf.float32, name='x y'),
                tf.constant(1.0, name='ok.name-1').name, tf.constant(1.0, name='A').name]
