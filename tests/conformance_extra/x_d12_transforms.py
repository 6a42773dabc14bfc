"""Second-pass variations of the public data_transforms cases: map over namedtuples and sparse
elements with control flow inside, errors inside map/filter/flat_map and what the next get_next
sees, batch's and padded_batch's other arguments, shuffle seeds and reshuffle_each_iteration,
zip/concatenate forms, prefetch buffers, interleave's cycle/block lengths, and element_spec
after each transformation."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.
import collections

import numpy as np

from _casekit import drain, drain_or_error
from _harness import catch, message_has

Pair = collections.namedtuple("Pair", ["a", "b"])


def _after_error(tf, ds, steps=8):
    """Each get_next result in turn: the value, or the error class (iteration goes on after errors)."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    out = []
    for _ in range(steps):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            out.append("end")
            break
        except tf.errors.OpError as exc:
            out.append(type(exc).__name__)
    return out


def case_map_control_flow_inside(tf):
    ds = tf.data.Dataset.range(6).map(
        lambda x: tf.cond(x % 2 > 0, lambda: x * 10, lambda: -x))
    ds2 = tf.data.Dataset.range(1, 5).map(
        lambda n: tf.while_loop(lambda i, acc: i < n, lambda i, acc: (i + 1, acc * 2), [tf.constant(0, tf.int64),
                                                                                        tf.constant(1, tf.int64)])[1])
    return {"cond": drain(tf, ds), "while": drain(tf, ds2), "shape": str(ds2.output_shapes)}


def case_map_namedtuple_and_sparse(tf):
    ds = tf.data.Dataset.from_tensor_slices(Pair(np.arange(3, dtype=np.int32), np.arange(3, dtype=np.float32) + 0.5))
    m = ds.map(lambda p: Pair(p.b * 2, p.a + 1))
    sp = tf.data.Dataset.range(3).map(
        lambda x: tf.SparseTensor(indices=[[0]], values=tf.reshape(x, [1]), dense_shape=[4]))
    sp_dense = sp.map(lambda s: tf.sparse.to_dense(s))
    return {"cls": m.output_classes.__class__.__name__, "types": str(m.output_types), "vals": drain(tf, m),
            "sp_classes": [sp.output_classes is tf.SparseTensor, sp.output_classes.__name__], "sp_shapes": str(sp.output_shapes),
            "sp_dense": drain(tf, sp_dense), "spec": repr(sp.element_spec)}


def case_map_parallel_errors_and_kwargs(tf):
    ds = tf.data.Dataset.range(5).map(lambda x: tf.identity(tf.debugging.check_numerics(
        1.0 / tf.cast(x - 2, tf.float32), "div")), num_parallel_calls=2, deterministic=True)
    auto = tf.data.Dataset.range(6).map(lambda x: x * x, num_parallel_calls=tf.data.AUTOTUNE, deterministic=False)
    return {"errors": _after_error(tf, ds), "auto": sorted(int(v) for v in drain(tf, auto)),
            "bad_parallel": catch(lambda: drain(tf, tf.data.Dataset.range(3).map(lambda x: x, num_parallel_calls=-5))),
            "name": drain(tf, tf.data.Dataset.range(2).map(lambda x: x + 1, name="plus_one"))}


def case_map_py_func_errors(tf):
    def py(x):
        if x == 2:
            raise ValueError("two is bad")
        if x == 4:
            raise KeyError("four")
        return x * 3

    ds = tf.data.Dataset.range(6).map(lambda x: tf.py_func(py, [x], tf.int64))
    ds2 = tf.data.Dataset.range(6).map(lambda x: tf.numpy_function(py, [x], tf.int64)).apply(
        tf.data.experimental.ignore_errors())
    return {"py_func": _after_error(tf, ds), "ignored": drain(tf, ds2)}


def case_errors_inside_filter_and_flat_map(tf):
    filt = tf.data.Dataset.range(5).filter(lambda x: tf.debugging.check_numerics(
        1.0 / tf.cast(x - 1, tf.float32), "f") > 0)
    flat = tf.data.Dataset.range(4).flat_map(lambda x: tf.data.Dataset.from_tensors(
        tf.debugging.check_numerics(1.0 / tf.cast(x - 2, tf.float32), "g")))
    batched = tf.data.Dataset.range(7).map(lambda x: tf.debugging.check_numerics(
        1.0 / tf.cast(x - 2, tf.float32), "h")).batch(2)
    return {"filter": _after_error(tf, filt), "flat_map": _after_error(tf, flat), "batched": _after_error(tf, batched)}


def case_filter_predicate_forms(tf):
    ds = tf.data.Dataset.range(8)
    return {"vector_pred": message_has(lambda: ds.filter(lambda x: tf.stack([x > 1, x > 2])),
                                       "Invalid `predicate`", "tf.bool"),
            "int_pred": catch(ds.filter, lambda x: x),
            "py_bool": catch(lambda: drain(tf, ds.filter(lambda x: True))),
            "dict": drain(tf, tf.data.Dataset.from_tensor_slices({"v": np.arange(4), "w": np.arange(4) % 2 == 0})
                          .filter(lambda d: d["w"])),
            "namedtuple": drain(tf, tf.data.Dataset.from_tensor_slices(Pair(np.arange(4), np.arange(4) * 2))
                                .filter(lambda p: p.b > 2)),
            "placeholder_init": _filter_with_placeholder(tf)}


def _filter_with_placeholder(tf):
    lo = tf.placeholder(tf.int64, [])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(6).filter(lambda x: x >= lo))
    nxt = it.get_next()
    sess = tf.Session()
    out = []
    for v in (4, 0):
        sess.run(it.initializer, {lo: v})
        vals = []
        while True:
            try:
                vals.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                break
        out.append(vals)
    return out


def case_batch_arguments(tf):
    ds = tf.data.Dataset.range(7)
    par = ds.batch(3, num_parallel_calls=2, deterministic=True)
    sp = tf.data.Dataset.from_tensor_slices(tf.SparseTensor([[0, 1], [2, 0]], [5, 6], [3, 2])).batch(2)
    strs = tf.data.Dataset.from_tensor_slices(np.array([[b"a"], [b"bc"], [b""]])).batch(2, drop_remainder=True)
    return {"parallel": drain(tf, par), "par_shape": str(par.output_shapes),
            "sparse": [(v.indices, v.values, v.dense_shape) for v in drain(tf, sp)],
            "sparse_shapes": str(sp.output_shapes), "strings": drain(tf, strs), "str_shape": str(strs.output_shapes),
            "zero": drain_or_error(tf, ds.batch(0)),
            "neg": drain_or_error(tf, ds.batch(-2)),
            "tensor_size": drain(tf, ds.batch(tf.constant(4, tf.int64))),
            "spec": repr(par.element_spec)}


def case_padded_batch_argument_forms(tf):
    base = tf.data.Dataset.range(1, 5).map(lambda x: {"ids": tf.range(x), "len": x, "word": tf.as_string(x)})
    pb = base.padded_batch(3, padded_shapes={"ids": [None], "len": [], "word": []},
                           padding_values={"ids": tf.constant(-7, tf.int64), "len": tf.constant(0, tf.int64),
                                           "word": "?"})
    auto = base.padded_batch(2)
    fixed = base.padded_batch(2, padded_shapes={"ids": tf.TensorShape([5]), "len": [], "word": []},
                              drop_remainder=True)
    mat = tf.data.Dataset.range(1, 4).map(lambda x: tf.ones(tf.stack([x, 4 - x]), tf.float16))
    return {"pb": drain(tf, pb), "auto_shapes": str(auto.output_shapes), "auto": drain(tf, auto),
            "fixed_shapes": str(fixed.output_shapes), "fixed": drain(tf, fixed),
            "mat": drain(tf, mat.padded_batch(2, padded_shapes=[-1, None], padding_values=tf.constant(0.5, tf.float16))),
            "too_small": drain_or_error(tf, base.padded_batch(2, padded_shapes={"ids": [2], "len": [], "word": []})),
            "wrong_key": catch(base.padded_batch, 2, {"nope": [None]})}


def case_shuffle_reshuffle_and_seeds(tf):
    def epochs(ds):
        out = [int(v) for v in drain(tf, ds)]
        return [out[i:i + 5] for i in range(0, len(out), 5)]

    base = tf.data.Dataset.range(5)
    fixed = epochs(base.shuffle(5, seed=3, reshuffle_each_iteration=False).repeat(3))
    moving = epochs(base.shuffle(5, seed=3, reshuffle_each_iteration=True).repeat(3))
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(9)
        nxt = tf.data.make_one_shot_iterator(base.shuffle(5).repeat(2)).get_next()
        with tf.Session() as sess:
            graph_seed = [int(sess.run(nxt)) for _ in range(10)]
    return {"fixed_same": fixed[0] == fixed[1] == fixed[2], "fixed": fixed, "moving": moving,
            "graph_seed": graph_seed}


def case_shuffle_structures_and_buffer_forms(tf):
    ds = tf.data.Dataset.from_tensor_slices({"i": np.arange(6), "s": np.array([b"a", b"b", b"c", b"d", b"e", b"f"])})
    shuf = ds.shuffle(tf.constant(3, tf.int64), seed=5)
    big = tf.data.Dataset.range(4).shuffle(100, seed=1)
    return {"dict": [(int(d["i"]), d["s"]) for d in drain(tf, shuf)], "big": drain(tf, big),
            "zero": drain_or_error(tf, tf.data.Dataset.range(3).shuffle(0)),
            "spec": repr(shuf.element_spec)}


def case_take_skip_repeat_placeholders_and_names(tf):
    n = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(10).skip(n).take(n).repeat(n)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    out = []
    for v in (2, 4, 0):
        sess.run(it.initializer, {n: v})
        vals = []
        while True:
            try:
                vals.append(int(sess.run(nxt)))
            except tf.errors.OutOfRangeError:
                break
        out.append(vals)
    return {"out": out, "int32": catch(tf.data.Dataset.range(3).take, tf.constant(2, tf.int32)),
            "float": catch(tf.data.Dataset.range(3).take, 1.5),
            "take_while": drain(tf, tf.data.Dataset.range(9).take_while(lambda x: x < 4))}


def case_zip_forms(tf):
    a = tf.data.Dataset.range(3)
    b = tf.data.Dataset.from_tensor_slices(np.array([1.5, 2.5], np.float32))
    d = tf.data.Dataset.zip({"a": a, "b": b})
    pos = tf.data.Dataset.zip(a, b)
    single = tf.data.Dataset.zip((a,))
    return {"dict_types": str(d.output_types), "dict": drain(tf, d), "pos": drain(tf, pos),
            "single_types": str(single.output_types), "single": drain(tf, single),
            "not_ds": catch(tf.data.Dataset.zip, (a, [1, 2])), "both": catch(tf.data.Dataset.zip, (a,), b),
            "empty": catch(tf.data.Dataset.zip, ())}


def case_concatenate_shape_merge_and_errors(tf):
    a = tf.data.Dataset.from_tensor_slices(np.zeros((2, 3), np.int32))
    b = tf.data.Dataset.from_tensor_slices(np.ones((1, 5), np.int32))
    c = tf.data.Dataset.from_tensors(np.int32(7))
    ab = a.concatenate(b)
    return {"ab_shapes": str(ab.output_shapes), "ab": drain(tf, ab),
            "rank_mix": str(a.concatenate(c).output_shapes), "rank_mix_vals": drain(tf, a.concatenate(c)),
            "dict_vs_tuple": catch(tf.data.Dataset.range(2).map(lambda x: {"x": x}).concatenate,
                                   tf.data.Dataset.range(2).map(lambda x: (x,))),
            "sparse_vs_dense": catch(tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [2])).concatenate,
                                     tf.data.Dataset.from_tensors(np.array([1, 0], np.int32)))}


def case_prefetch_buffer_forms(tf):
    ds = tf.data.Dataset.range(4)
    return {"zero": drain(tf, ds.prefetch(0)), "auto": drain(tf, ds.prefetch(tf.data.AUTOTUNE)),
            "tensor": drain(tf, ds.prefetch(tf.constant(2, tf.int64))),
            "neg": drain_or_error(tf, ds.prefetch(-3)),
            "spec": repr(ds.prefetch(1).element_spec), "name": drain(tf, ds.prefetch(1, name="pf"))}


def case_interleave_cycle_block(tf):
    src = tf.data.Dataset.range(1, 4)
    inner = lambda x: tf.data.Dataset.from_tensors(x).repeat(x + 1)  # noqa: E731
    return {"c2b1": drain(tf, src.interleave(inner, cycle_length=2, block_length=1)),
            "c3b2": drain(tf, src.interleave(inner, cycle_length=3, block_length=2)),
            "c1": drain(tf, src.interleave(inner, cycle_length=1)),
            "parallel": drain(tf, src.interleave(inner, cycle_length=2, block_length=2, num_parallel_calls=2,
                                                 deterministic=True)),
            "not_dataset": catch(src.interleave, lambda x: x, cycle_length=2),
            "flat_not_dataset": catch(src.flat_map, lambda x: (x, x))}


def case_element_spec_after_each(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((6, 2), np.float32), np.arange(6, dtype=np.int64)))
    chain = [ds, ds.batch(4), ds.batch(4, drop_remainder=True), ds.padded_batch(4, padded_shapes=([3], [])),
             ds.batch(2).unbatch(), ds.window(2), ds.map(lambda a, b: {"s": tf.reduce_sum(a), "b": b}),
             ds.filter(lambda a, b: b > 1), ds.shuffle(3).repeat().take(2), ds.enumerate()]
    return [repr(d.element_spec) for d in chain]
