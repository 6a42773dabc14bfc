"""tf.data transformations, translated from TF's kernel tests (shuffle_test, repeat_test, take_test,
skip_test, shard_test, cache_test, prefetch_test, filter_test, map_test, from_generator_test,
options_test): seeds and tf.set_random_seed, negative and zero counts, caches, predicate errors,
parallel maps, generators with signatures and errors."""
import os
import tempfile

import numpy as np

from _harness import catch, message_has


def _drain(tf, ds, limit=100, sess=None):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    return _pull(tf, nxt, limit, sess)


def _pull(tf, nxt, limit=100, sess=None):
    out = []
    own = sess is None
    sess = sess or tf.Session()
    for _ in range(limit):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            break
    if own:
        sess.close()
    return out


def _epochs(tf, ds, count=2):
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(count):
            sess.run(it.initializer)
            out.append(_pull(tf, nxt, sess=sess))
    return out


def case_x_dsweep_shuffle_op_seed_and_graph_seed(tf):
    res = {}
    tf.set_random_seed(42)
    res["graph_only"] = _epochs(tf, tf.data.Dataset.range(10).shuffle(10))
    res["graph_and_op"] = _epochs(tf, tf.data.Dataset.range(10).shuffle(10, seed=3))
    res["no_reshuffle"] = _epochs(tf, tf.data.Dataset.range(10).shuffle(10, reshuffle_each_iteration=False))
    res["small_buffer"] = _epochs(tf, tf.data.Dataset.range(10).shuffle(2, seed=5))
    res["repeat_after"] = _drain(tf, tf.data.Dataset.range(5).shuffle(5, seed=1).repeat(3))
    res["repeat_after_fixed"] = _drain(tf, tf.data.Dataset.range(5).shuffle(
        5, seed=1, reshuffle_each_iteration=False).repeat(3))
    res["seed_ops"] = [(op.name, op.type) for op in tf.get_default_graph().get_operations() if "seed" in op.name]
    return res


def case_x_dsweep_shuffle_errors_and_tensor_buffer(tf):
    size = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(6).shuffle(size, seed=9)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    out = []
    with tf.Session() as sess:
        for s in (1, 3, 0, -1):
            try:
                sess.run(it.initializer, {size: s})
                out.append(_pull(tf, nxt, sess=sess))
            except tf.errors.OpError as exc:
                out.append(type(exc).__name__)
    return out, catch(tf.data.Dataset.range(3).shuffle, 2, seed="x")


def case_x_dsweep_repeat_take_skip_counts(tf):
    base = tf.data.Dataset.range(4)
    res = {}
    for name, ds in (("repeat0", base.repeat(0)), ("repeat-1_take", base.repeat(-1).take(6)),
                     ("repeat_none_take", base.repeat().take(9)), ("take-1", base.take(-1)),
                     ("take0", base.take(0)), ("take10", base.take(10)), ("skip-1", base.skip(-1)),
                     ("skip0", base.skip(0)), ("skip10", base.skip(10)), ("skip2_repeat2", base.skip(2).repeat(2)),
                     ("take-5", base.take(-5)), ("skip-5", base.skip(-5)), ("repeat-3_take", base.repeat(-3).take(5))):
        res[name] = [int(v) for v in _drain(tf, ds)]
    res["empty_repeat_forever"] = _drain(tf, tf.data.Dataset.range(0).repeat())
    res["card"] = [int(tf.Session().run(tf.data.experimental.cardinality(d))) for d in
                   (base.repeat(0), base.repeat(), base.take(-1), base.skip(-1), base.skip(7), base.take(2).repeat(3),
                    base.filter(lambda x: x > 1), base.filter(lambda x: x > 1).repeat())]
    return res


def case_x_dsweep_shard_edge_cases(tf):
    base = tf.data.Dataset.range(10)
    res = {f"{n}/{i}": [int(v) for v in _drain(tf, base.shard(n, i))] for n, i in ((1, 0), (3, 2), (11, 10), (20, 3))}
    res["bad_index"] = catch(_drain, tf, base.shard(3, 3))
    res["negative_index"] = catch(_drain, tf, base.shard(3, -1))
    res["zero_shards"] = catch(_drain, tf, base.shard(0, 0))
    res["card"] = int(tf.Session().run(tf.data.experimental.cardinality(base.shard(3, 1))))
    return res


def case_x_dsweep_cache_memory_reiterate(tf):
    counter = {"n": 0}

    def gen():
        counter["n"] += 1
        yield from range(3)

    ds = tf.data.Dataset.from_generator(gen, tf.int64, []).cache()
    epochs = _epochs(tf, ds, 3)
    partial = tf.data.Dataset.range(5).cache().take(2).repeat(2)
    return epochs, counter["n"], _drain(tf, partial), _drain(tf, tf.data.Dataset.range(3).cache().repeat(3))


def case_x_dsweep_cache_file_and_reuse(tf):
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "cache")
    ds = tf.data.Dataset.range(4).map(lambda x: (x, tf.strings.as_string(x * 2))).cache(path)
    first = _drain(tf, ds)
    files = sorted(os.listdir(tmp))
    second = _drain(tf, tf.data.Dataset.range(100).map(lambda x: (x, tf.strings.as_string(x))).cache(path))
    other = _drain(tf, tf.data.Dataset.range(2).cache(os.path.join(tmp, "other")).repeat(2))
    return first, bool(files), second, other  # the cache's file names are TF's tensor bundle's, not ours


def case_x_dsweep_prefetch_variants(tf):
    base = tf.data.Dataset.range(5)
    res = {str(b): _drain(tf, base.prefetch(b)) for b in (0, 1, 10, tf.data.experimental.AUTOTUNE)}
    res["bad"] = catch(_drain, tf, base.prefetch(-5))
    res["op"] = base.prefetch(2)._variant_tensor.op.type if hasattr(base.prefetch(2), "_variant_tensor") else None
    return res


def case_x_dsweep_filter_predicate_errors(tf):
    base = tf.data.Dataset.range(4)
    return {"non_bool": catch(base.filter, lambda x: x),
            "non_scalar": catch(base.filter, lambda x: tf.stack([x > 1, x > 2])),
            "tuple_pred": catch(base.filter, lambda x: (x > 1, x > 2)),
            "python_bool": catch(base.filter, lambda x: True),
            "numpy_bool": [int(v) for v in _drain(tf, base.filter(lambda x: np.bool_(True)))],
            "placeholder_bool": str(base.filter(lambda x: tf.placeholder_with_default(True, [])).output_shapes),
            "runtime": catch(_drain, tf, base.filter(lambda x: tf.reshape(x > 1, tf.stack([x - x + 1]))[0] > tf.constant(
                [True, True])[x]))}


def case_x_dsweep_filter_dict_and_unknown_shape_predicate(tf):
    ds = tf.data.Dataset.from_tensor_slices({"a": [1, 2, 3, 4], "b": [1.0, 0.0, 1.0, 0.0]})
    keep = ds.filter(lambda d: tf.equal(d["b"], 1.0))
    unknown = tf.data.Dataset.range(4).filter(lambda x: tf.reshape(x > 1, tf.shape(x)))
    return _drain(tf, keep), str(unknown.output_shapes), _drain(tf, unknown)


def case_x_dsweep_map_parallel_and_deterministic(tf):
    base = tf.data.Dataset.range(20)
    res = {}
    for calls in (1, 2, 8, tf.data.experimental.AUTOTUNE):
        for det in (None, True, False):
            ds = base.map(lambda x: x * x, num_parallel_calls=calls, deterministic=det)
            res[f"{calls}-{det}"] = sorted(int(v) for v in _drain(tf, ds)) if det is False else \
                [int(v) for v in _drain(tf, ds)]
    res["zero_calls"] = catch(_drain, tf, base.map(lambda x: x, num_parallel_calls=0))
    res["neg_calls"] = catch(_drain, tf, base.map(lambda x: x, num_parallel_calls=-3))
    res["types"] = sorted({op.type for op in tf.get_default_graph().get_operations() if "Map" in op.type})
    return res


def case_x_dsweep_map_structures_and_errors(tf):
    base = tf.data.Dataset.range(3)
    res = {"dict_out": _drain(tf, base.map(lambda x: {"sq": x * x, "s": tf.strings.as_string(x)})),
           "tuple_in": _drain(tf, tf.data.Dataset.zip((base, base)).map(lambda a, b: a + b)),
           "nested_in": _drain(tf, tf.data.Dataset.zip((base, (base, base))).map(lambda a, bc: a + bc[0] * bc[1])),
           "list_out": str(base.map(lambda x: [x, x]).output_types),
           "none_out": catch(base.map, lambda x: None),
           "wrong_arity": catch(base.map, lambda x, y: x),
           "numpy_out": _drain(tf, base.map(lambda x: (x, np.float32(1.5)))),
           "runtime": catch(_drain, tf, base.map(lambda x: tf.debugging.check_numerics(tf.cast(x, tf.float32) / 0.0,
                                                                                       "bad")))}
    return res


def case_x_dsweep_from_generator_output_signature(tf):
    def gen():
        yield np.ones([2], np.float32), {"k": b"a"}
        yield np.zeros([3], np.float32), {"k": b"bc"}

    sig = (tf.TensorSpec([None], tf.float32), {"k": tf.TensorSpec([], tf.string)})
    ds = tf.data.Dataset.from_generator(gen, output_signature=sig)
    return (str(ds.output_types), str(ds.output_shapes), _drain(tf, ds),
            catch(tf.data.Dataset.from_generator, gen),
            catch(tf.data.Dataset.from_generator, gen, tf.float32, output_signature=sig),
            catch(tf.data.Dataset.from_generator, gen, output_shapes=[None]),
            catch(tf.data.Dataset.from_generator, 3, tf.int32))


def case_x_dsweep_from_generator_args_and_conversion(tf):
    def gen(n, word):
        for i in range(int(n)):
            yield i, word * (i + 1)

    ds = tf.data.Dataset.from_generator(gen, (tf.int64, tf.string), ([], []), args=(3, "ab"))
    ph = tf.placeholder(tf.int64, [])
    fed = tf.data.Dataset.from_generator(gen, (tf.int32, tf.string), args=(ph, b"z"))
    it = tf.data.make_initializable_iterator(fed)
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {ph: 2})
        first = _pull(tf, nxt, sess=sess)
        sess.run(it.initializer, {ph: 1})
        second = _pull(tf, nxt, sess=sess)
    conv = []
    for vals, dt in (([1.5], tf.int64), ([[]], tf.int64), ([np.float64(2.0)], tf.int32), (["3"], tf.int32),
                     ([np.array([1.5, 2.5])], tf.int64), ([1 + 2j], tf.float32), ([True], tf.int32), ([[]], tf.string),
                     ([5], tf.string), ([3], tf.float32), ([np.array(["3"])], tf.int32), ([np.array([1.5])], tf.string),
                     ([np.array([b"x"])], tf.string), ([np.array([3])], tf.bool), ([np.float32(2.5)], tf.int64),
                     ([[1, 2.5]], tf.int32), ([(1, 2)], tf.int32), (["é"], tf.string)):
        conv.append(catch(_drain, tf, tf.data.Dataset.from_generator(lambda v=vals: iter(v), dt)))
    return _drain(tf, ds), first, second, conv


def case_x_dsweep_from_generator_errors(tf):
    def raises():
        yield 1
        raise KeyError("boom")

    def wrong_struct():
        yield (1, 2)

    def wrong_shape():
        yield [1, 2, 3]

    def stop_iteration_inside():
        yield 1
        next(iter([]))

    out = {"raise": _collect(tf, tf.data.Dataset.from_generator(raises, tf.int64)),
           "struct": _collect(tf, tf.data.Dataset.from_generator(wrong_struct, tf.int64)),
           "shape": _collect(tf, tf.data.Dataset.from_generator(wrong_shape, tf.int64, [2])),
           "stop": _collect(tf, tf.data.Dataset.from_generator(stop_iteration_inside, tf.int64)),
           "not_callable": catch(tf.data.Dataset.from_generator, iter([1]), tf.int64)}
    out["msg"] = message_has(lambda: _drain(tf, tf.data.Dataset.from_generator(wrong_shape, tf.int64, [2])),
                             "`generator` yielded an element of shape", "where an element of shape")
    return out


def _collect(tf, ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(4):
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                out.append("end")
                break
            except tf.errors.OpError as exc:
                out.append(type(exc).__name__)
    return out


def case_x_dsweep_options_values(tf):
    opts = tf.data.Options()
    res = {"defaults": (opts.deterministic, opts.experimental_optimization.apply_default_optimizations,
                        opts.threading.private_threadpool_size, opts.experimental_slack,
                        str(opts.experimental_distribute.auto_shard_policy))}
    opts.deterministic = False
    opts.threading.max_intra_op_parallelism = 1
    opts.experimental_optimization.map_parallelization = True
    ds = tf.data.Dataset.range(3).with_options(opts)
    got = ds.options()
    res["round_trip"] = (got.deterministic, got.threading.max_intra_op_parallelism,
                         got.experimental_optimization.map_parallelization, _drain(tf, ds))
    res["bad_attr"] = catch(setattr, opts, "no_such_option", 1)
    res["bad_type"] = catch(setattr, opts, "deterministic", "yes")
    other = tf.data.Options()
    other.deterministic = True
    res["conflict"] = catch(lambda: tf.data.Dataset.range(2).with_options(opts).with_options(other).options())
    merged = tf.data.Options()
    merged.experimental_slack = True
    both = ds.with_options(merged).options()
    res["merged"] = (both.deterministic, both.experimental_slack)
    res["eq"] = (tf.data.Options() == tf.data.Options(), opts == tf.data.Options())
    return res
