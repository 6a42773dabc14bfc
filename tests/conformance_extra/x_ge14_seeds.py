"""Round-14 variations of the public seed_basics cases (the session documentation's examples) and of
random seeds: the default graph's sessions, op and graph seeds as attributes and values, get_seed,
seeds set after ops, per-session sequences, random ops inside loops and conds."""
import numpy as np

from _harness import catch


def case_doc_example_with_block_and_eval(tf):
    a = tf.constant([[1.0, 2.0]])
    b = tf.constant([[3.0], [4.0]])
    product = tf.matmul(a, b)
    with tf.Session() as sess:
        first = sess.run(product)
        by_eval = product.eval()
        both = sess.run([product, a])
    return first, by_eval, both, catch(product.eval)


def case_doc_example_variables_and_closed(tf):
    state = tf.Variable(0, name='counter')
    one = tf.constant(1)
    new_value = tf.add(state, one)
    update = tf.assign(state, new_value)
    init = tf.global_variables_initializer()
    seen = []
    with tf.Session() as sess:
        sess.run(init)
        for _ in range(3):
            sess.run(update)
            seen.append(sess.run(state))
    closed = catch(sess.run, state)
    sess2 = tf.Session()
    fresh = catch(sess2.run, state)
    sess2.close()
    return seen, closed, fresh, state.name, update.name


def case_doc_example_feeds_on_default_graph(tf):
    input1 = tf.placeholder(tf.float32)
    input2 = tf.placeholder(tf.float32)
    output = tf.multiply(input1, input2)
    sess = tf.Session()
    out = sess.run([output], feed_dict={input1: [7.0], input2: [2.0]})
    names = (input1.name, input2.name, output.name)
    sess.close()
    return out, names, catch(sess.run, output, {input1: 1.0, input2: 2.0})


def case_seed_attributes_of_random_ops(tf):
    g = tf.Graph()
    with g.as_default():
        early = tf.random_uniform([2], name='early')
        tf.set_random_seed(11)
        ops = [tf.random_normal([2], name='n'), tf.truncated_normal([2], seed=3, name='t'),
               tf.random_uniform([2], maxval=5, dtype=tf.int32, name='u'),
               tf.random_shuffle(tf.constant([1, 2, 3]), name='s'),
               tf.multinomial(tf.constant([[0.0, 1.0]]), 2, name='m'),
               tf.random_gamma([2], 1.0, name='gm')]
    out = []
    for t in [early] + ops:
        op = t.op
        while 'seed' not in op.node_def.attr:
            op = op.inputs[0].op
        out.append((op.name, op.get_attr('seed'), op.get_attr('seed2')))
    return out


def case_get_seed_rules(tf):
    g = tf.Graph()
    with g.as_default():
        none = tf.random.get_seed(None)
        op_only = tf.random.get_seed(5)
        tf.set_random_seed(7)
        tf.constant(1.0)
        graph_only = tf.random.get_seed(None)
        both = tf.random.get_seed(9)
        zero = tf.random.get_seed(0)
    return none, op_only, graph_only, both, zero


def case_same_graph_seed_two_graphs_and_sessions(tf):
    def build():
        g = tf.Graph()
        with g.as_default():
            tf.set_random_seed(1234)
            r = tf.random_uniform([3])
            n = tf.random_normal([2], seed=4)
        return g, r, n

    g1, r1, n1 = build()
    g2, r2, n2 = build()
    s1, s2 = tf.Session(graph=g1), tf.Session(graph=g2)
    a1, b1 = s1.run(r1), s1.run(r1)
    a2 = s2.run(r2)
    s3 = tf.Session(graph=g1)
    a3 = s3.run(r1)
    return (bool(np.array_equal(a1, a2)), bool(np.array_equal(a1, a3)), bool(np.array_equal(a1, b1)),
            bool(np.array_equal(s1.run(n1), s2.run(n2))), a1.dtype.name)


def case_two_ops_same_seed_same_stream(tf):
    g = tf.Graph()
    with g.as_default():
        a = tf.random_uniform([4], seed=3)
        b = tf.random_uniform([4], seed=3)
        c = tf.random_uniform([4], seed=4)
        tf.set_random_seed(2)
        d = tf.random_uniform([4], seed=3)
    sess = tf.Session(graph=g)
    va, vb, vc, vd = sess.run([a, b, c, d])
    return (bool(np.array_equal(va, vb)), bool(np.array_equal(va, vc)), bool(np.array_equal(va, vd)),
            sorted((op.name, op.get_attr('seed2')) for op in g.get_operations() if op.type == 'RandomUniform'))


def case_random_in_while_loop_differs_per_iteration(tf):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(3)

        def body(i, acc):
            r = tf.random_uniform([], seed=1)
            return i + 1, acc.write(i, r)

        _, acc = tf.while_loop(lambda i, a: i < 3, body,
                               [tf.constant(0), tf.TensorArray(tf.float32, size=3)])
        vals = acc.stack()
    sess = tf.Session(graph=g)
    v = sess.run(vals)
    return len(set(v.tolist())), v.shape, v.dtype.name


def case_random_in_cond_branches_seeded(tf):
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(5)
        p = tf.placeholder(tf.bool, shape=[])
        out = tf.cond(p, lambda: tf.random_uniform([2], seed=1), lambda: tf.random_normal([2], seed=1) * 0.0)
    sess = tf.Session(graph=g)
    t1 = sess.run(out, {p: True})
    f1 = sess.run(out, {p: False})
    t2 = sess.run(out, {p: True})
    other = tf.Session(graph=g)
    return (bool(np.array_equal(t1, other.run(out, {p: True}))), bool(np.array_equal(t1, t2)), f1,
            out.shape.as_list())


def case_seeded_random_in_two_functions(tf):
    # (TF's calls of one function share its kernels racily within a run, and restart them each run:
    # each function is called once here, in one run)
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(3)

        @tf.function
        def draw():
            return tf.random.uniform([3])

        @tf.function
        def other():
            return tf.random.uniform([3])

        a, c = draw(), other()
    sess = tf.Session(graph=g)
    va, vc = sess.run([a, c])
    return bool(np.array_equal(va, vc)), va.shape, a.op.type
