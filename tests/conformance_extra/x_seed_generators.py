"""tf.random.Generator in graph mode (TF's bits from its Philox state, the state's moves, graph structure),
create_rng_state, tf.random.Algorithm, and tf.random.experimental's index_shuffle, stateless_shuffle,
stateless_fold_in and stateless_split."""
import numpy as np

from _harness import catch


def _init_run(tf, *fetch_lists):
    """Each entry of `fetch_lists` in its own run (TF orders unrelated draws freely within one run)."""
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [sess.run(f) for f in fetch_lists]


def case_x_seed_generators_from_seed_normal(tf):
    g = tf.random.Generator.from_seed(1234)
    n = g.normal([2, 3])
    return {"values": _init_run(tf, g.state, n, g.state, n, g.state),
            "state": [g.state.name, g.state.shape.as_list(), g.state.dtype.base_dtype.name, g.algorithm],
            "types": sorted({op.type for op in tf.get_default_graph().get_operations()}),
            "shape": n.shape.as_list(), "name": n.op.name}


def case_x_seed_generators_distributions(tf):
    g = tf.random.Generator.from_seed(77)
    draws = [g.uniform([3]), g.uniform([4], 0, 10, dtype=tf.int32), g.uniform_full_int([2]),
             g.truncated_normal([3], 1.0, 2.0, dtype=tf.float64), g.uniform([2], -5, 5, dtype=tf.int64),
             g.uniform([3], dtype=tf.int32, minval=None, maxval=None), g.normal([2], 3.0, 0.5, dtype=tf.float64),
             g.uniform([2, 2], 1.0, 3.0, dtype=tf.float64)]
    values = _init_run(tf, *[[d, g.state] for d in draws])
    return values, [d.dtype.name for d in draws], [d.shape.as_list() for d in draws]


def case_x_seed_generators_seeds_and_states(tf):
    gens = [tf.random.Generator.from_seed([1, 2, 3]), tf.random.Generator.from_seed(2**70 + 9),
            tf.random.Generator.from_key_counter(5, [6, 7], "philox"),
            tf.random.Generator.from_state([3, 4, 5], tf.random.Algorithm.PHILOX),
            tf.random.Generator.from_seed(5, alg=tf.random.Algorithm.AUTO_SELECT), tf.random.Generator.from_seed(-1)]
    return _init_run(tf, [g.state for g in gens], [g.normal([2]) for g in gens], [g.state for g in gens]), \
        [g.algorithm for g in gens]


def case_x_seed_generators_skip_make_seeds_reset(tf):
    g = tf.random.Generator.from_seed(42)
    skipped = g.skip(10)
    seeds = g.make_seeds(3)
    reset = g.reset_from_seed(42)  # None in graph mode, as TF's: its AssignVariableOp is the graph's last op
    uses = tf.random.stateless_normal([2], seeds[:, 0])
    assign = [op for op in tf.get_default_graph().get_operations() if op.type == "AssignVariableOp"][-1]
    values = _init_run(tf, skipped, g.state, seeds, g.state, assign, g.state)
    return [v for v in values if v is not None], _init_run(tf, seeds, uses), seeds.shape.as_list(), reset


def case_x_seed_generators_binomial_btrs(tf):
    g = tf.random.Generator.from_seed(7)
    skip = g.skip(1)  # TF's first binomial on a freshly assigned state loses its state update: draw once first
    b = g.binomial([4, 3], counts=[40.0, 50.0, 80.0], probs=[0.5, 0.3, 0.6])
    b64 = g.binomial([2], counts=100.0, probs=0.25, dtype=tf.int64)
    return _init_run(tf, skip, b, b64, g.state), [b.dtype.name, b64.dtype.name, b.op.type]


def case_x_seed_generators_threefry_and_errors(tf):
    g = tf.random.Generator.from_seed(5, alg="threefry")
    n = g.normal([3])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        state = sess.run(g.state)
        draw = catch(sess.run, n)
    return {"state": state, "draw": draw, "alg": g.algorithm,
            "bad_name": catch(tf.random.Generator.from_seed, 1, alg="foo"),
            "bad_state": catch(tf.random.Generator.from_state, [1, 2], "philox"),
            "int_needs_both": catch(g.uniform, [2], minval=0, dtype=tf.int32),
            "uninitialized": catch(lambda: tf.Session().run(tf.random.Generator.from_seed(3).normal([1])))}


def case_x_seed_generators_create_rng_state_and_algorithm(tf):
    states = [tf.random.create_rng_state(2**70 + 5, "philox"), tf.random.create_rng_state([7, 8], 2),
              tf.random.create_rng_state(123, tf.random.Algorithm.THREEFRY),
              tf.random.experimental.create_rng_state(9, 1)]
    with tf.Session() as sess:
        values = sess.run(states)
    return values, [s.shape.as_list() for s in states], [a.name for a in tf.random.Algorithm], \
        [a.value for a in tf.random.Algorithm], tf.random.experimental.Algorithm.PHILOX.value


def case_x_seed_generators_index_shuffle(tf):
    exp = tf.random.experimental
    outs = [exp.index_shuffle(tf.range(10), [5, 9], 9), exp.index_shuffle(3, [1, 2], 100000),
            exp.index_shuffle(tf.constant([0, 1, 2], tf.int64), tf.constant([1, 2], tf.int64),
                              tf.constant(2**40, tf.int64)),
            exp.index_shuffle(tf.constant(7, tf.uint32), tf.constant([7, 8], tf.uint32), tf.constant(300, tf.uint32)),
            exp.index_shuffle(tf.range(20), [0, 0], 19), tf.random_index_shuffle(4, [3, 3, 3], 65536),
            tf.random_index_shuffle(tf.constant([4, 5]), tf.constant([[1, 2, 3], [4, 5, 6]]), 30, rounds=6)]
    with tf.Session() as sess:
        values = sess.run(outs)
    return values, [o.shape.as_list() for o in outs], [o.dtype.name for o in outs], outs[0].op.type


def case_x_seed_generators_index_shuffle_errors(tf):
    exp = tf.random.experimental
    return {"matrix_seed": catch(exp.index_shuffle, tf.constant([0, 1]), tf.constant([[1, 2], [3, 4]]), 5),
            "float_index": catch(exp.index_shuffle, tf.constant(1.0), [1, 2], 5)}


def case_x_seed_generators_stateless_shuffle(tf):
    exp = tf.random.experimental
    outs = [exp.stateless_shuffle(tf.reshape(tf.range(12), [6, 2]), [3, 4]),
            exp.stateless_shuffle(tf.range(37), [1, 2]),
            exp.stateless_shuffle(tf.constant(["a", "b", "c"]), [0, 0], alg="philox"),
            exp.stateless_shuffle(tf.constant([5.0]), [1, 1])]
    with tf.Session() as sess:
        values = sess.run(outs)
    return values, [o.shape.as_list() for o in outs], outs[0].op.name, catch(exp.stateless_shuffle, 3, [1, 2])


def case_x_seed_generators_fold_in_split_aliases(tf):
    exp = tf.random.experimental
    outs = [exp.stateless_fold_in([1, 2], 7), exp.stateless_split([1, 2], 3), exp.stateless_fold_in(
        tf.constant([3, 4], tf.int64), tf.constant(9, tf.int64)), tf.random.fold_in([1, 2], 7)]
    with tf.Session() as sess:
        values = sess.run(outs)
    return values, [o.shape.as_list() for o in outs], [o.dtype.name for o in outs]


def case_x_seed_generators_global_generator(tf):
    g = tf.random.Generator.from_seed(11)
    tf.random.set_global_generator(g)
    same = tf.random.get_global_generator() is g
    draw = tf.random.get_global_generator().uniform([3])
    return same, _init_run(tf, draw, g.state)


def case_x_seed_generators_dtypes_and_shapes(tf):
    g = tf.random.Generator.from_seed(2024)
    draws = [g.normal([3], dtype=tf.float16), g.normal([2, 2], dtype=tf.float64),
             g.uniform([3], dtype=tf.float16), g.truncated_normal([4], dtype=tf.float64),
             g.uniform_full_int([2], dtype=tf.int32), g.uniform_full_int([2], dtype=tf.uint32),
             g.uniform([3], 10, 20, dtype=tf.int64), g.normal(tf.constant([2, 1]))]
    return _init_run(tf, *draws), [d.dtype.name for d in draws], [d.shape.as_list() for d in draws]


def case_x_seed_generators_tensor_seed_state(tf):
    unknown = tf.placeholder_with_default(tf.constant([4, 5], tf.int64), [None])
    known = tf.random.create_rng_state(tf.constant([4, 5], tf.int64), "philox")
    long_seed = tf.random.create_rng_state(tf.constant([1, 2, 3, 4, 5]), "philox")
    g = tf.random.Generator.from_state(known, "philox")
    with tf.Session() as sess:
        values = sess.run([known, long_seed])
    return {"values": values, "shape": known.shape.as_list(), "draw": _init_run(tf, g.state, g.normal([3])),
            "unknown_length": catch(tf.random.create_rng_state, unknown, "philox")}


def case_x_seed_generators_non_deterministic_structure(tf):
    g = tf.random.Generator.from_non_deterministic_state()
    n = g.normal([2, 2])
    glob = tf.random.get_global_generator()
    values = _init_run(tf, [n, g.state, glob.uniform([3])])
    return {"shapes": [v.shape for v in values[0]], "finite": bool(np.isfinite(values[0][0]).all()),
            "in_unit": bool(((values[0][2] >= 0) & (values[0][2] < 1)).all()),
            "types": sorted({op.type for op in tf.get_default_graph().get_operations()}),
            "state_var": [g.state.shape.as_list(), g.algorithm]}


def case_x_seed_generators_seeds_feed_stateless_dropout(tf):
    g = tf.random.Generator.from_seed(99)
    seeds = g.make_seeds(2)
    x = tf.ones([3, 4])
    first = tf.nn.experimental.stateless_dropout(x, 0.5, seed=seeds[:, 0])
    second = tf.nn.experimental.stateless_dropout(x, 0.5, seed=seeds[:, 1])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a = sess.run([seeds, first, second])
        b = sess.run([seeds, first, second])
    return a, b


def case_x_seed_generators_index_shuffle_wide_types(tf):
    exp = tf.random.experimental
    outs = [exp.index_shuffle(tf.constant([0, 5, 2**40], tf.uint64), tf.constant([9, 9], tf.uint64),
                              tf.constant(2**41, tf.uint64)),
            exp.index_shuffle(tf.range(8, dtype=tf.int64), tf.constant([1, 1], tf.int32), tf.constant(7, tf.int64)),
            tf.random_index_shuffle(tf.constant([1, 2, 3], tf.uint32), tf.constant([7, 7, 7], tf.uint32),
                                    tf.constant([5, 6, 7], tf.uint32))]
    with tf.Session() as sess:
        return sess.run(outs), [o.shape.as_list() for o in outs]


def case_x_seed_generators_stateless_shuffle_matrix_rows(tf):
    exp = tf.random.experimental
    x = tf.reshape(tf.range(24, dtype=tf.float32), [8, 3])
    y = exp.stateless_shuffle(x, tf.constant([12, 34], tf.int64))
    z = exp.stateless_shuffle(tf.reshape(x, [2, 4, 3]), [5, 6])
    with tf.Session() as sess:
        return sess.run([y, z]), y.shape.as_list(), z.op.type
