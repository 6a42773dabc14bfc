"""Round 14 tf.data fixes: the v2 datasets TF1's v2-only transformations return, filter predicates
that return structures, unique over non-scalar elements."""
import collections

import numpy as np
import pytest

import tfsess as tf
from drain_helper import drain


def test_v2_only_methods_lack_the_v1_api(g):
    ds = tf.data.Dataset.range(5)
    made = [ds.unique(), ds.scan(np.int64(0), lambda s, x: (s + x, s)), ds.take_while(lambda x: x < 3),
            ds.ignore_errors(), ds.group_by_window(lambda x: x % 2, lambda k, w: w.batch(2), 2),
            tf.data.Dataset.counter(), tf.data.Dataset.random(seed=1)]
    for d in made:
        assert not hasattr(d, "make_one_shot_iterator") and not hasattr(d, "make_initializable_iterator")
        with pytest.raises(AttributeError, match=f"'{type(d).__name__}' object has no attribute 'output_types'"):
            d.output_types
        assert tf.data.get_output_types(d) == tf.int64  # the tf.data functions take them
    assert [type(d).__name__ for d in made[:4]] == ["_UniqueDataset", "_ScanDataset", "_TakeWhileDataset",
                                                     "_IgnoreErrorsDataset"]
    assert drain(made[0].map(lambda x: x * 2)) == [0, 2, 4, 6, 8]


def test_v2_datasets_stay_v2_until_a_v1_apply_or_zip(g):
    u = tf.data.Dataset.range(4).unique()
    assert type(u.map(lambda x: x).batch(2)).__name__ == "_BatchDataset"
    assert type(u.with_options(tf.data.Options())).__name__ == "_OptionsDataset"
    assert type(tf.data.Dataset.range(3).apply(lambda d: d.unique())).__name__ == "DatasetV1Adapter"
    assert type(u.apply(lambda d: d.skip(1))).__name__ == "_SkipDataset"
    assert type(tf.data.Dataset.zip((u, u))).__name__ == "DatasetV1Adapter"
    assert type(tf.data.Dataset.range(2).concatenate(u)).__name__ == "DatasetV1Adapter"
    assert type(tf.data.experimental.Counter()).__name__ == "DatasetV1Adapter"
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    init = it.make_initializer(u)
    sess = tf.Session()
    sess.run(init)
    assert sess.run(it.get_next()) == 0


def test_windows_given_to_functions_are_variant_datasets(g):
    seen = []

    def per_window(w):
        seen.append((type(w).__name__, hasattr(w, "output_shapes")))
        return w.batch(2)
    flat = tf.data.Dataset.range(4).window(2).flat_map(per_window)
    tf.data.Dataset.range(4).group_by_window(lambda x: x % 2, lambda k, w: per_window(w), 2)
    assert seen == [("_VariantDataset", False)] * 2
    assert [v.tolist() for v in drain(flat)] == [[0, 1], [2, 3]]


def test_filter_predicate_structures_are_tf_errors(g):
    ds = tf.data.Dataset.range(3)
    Pair = collections.namedtuple("Pair", ["a"])
    for predicate, kind in ((lambda x: (x > 1,), "tuple"), (lambda x: [x > 1], "tuple"),
                            (lambda x: {"k": x > 1}, "dict"), (lambda x: Pair(x > 1), "Pair")):
        with pytest.raises(AttributeError, match=f"'{kind}' object has no attribute 'is_compatible_with'"):
            ds.filter(predicate)
    with pytest.raises(ValueError, match="SparseTensorSpec"):
        ds.filter(lambda x: tf.SparseTensor([[0]], [x > 1], [1]))


def test_unique_compares_whole_tensors(g):
    rows = tf.data.Dataset.from_tensor_slices(np.array([[1, 2], [1, 2], [3, 4], [1, 3]], np.int32))
    assert [r.tolist() for r in drain(rows.unique())] == [[1, 2], [3, 4], [1, 3]]
    ragged = tf.data.Dataset.range(3).map(lambda x: tf.fill([x % 2 + 1], 7)).repeat(2)
    assert [r.tolist() for r in drain(ragged.unique())] == [[7], [7, 7]]  # same values, another shape


def test_reduce_and_scan_compare_state_components_in_turn(g):
    ds = tf.data.Dataset.range(1, 4)
    same_count = ds.reduce(np.int64(0), lambda s, x: {"a": s + x})  # TF checks no structure, only the count
    more = ds.reduce((np.int64(0), np.int64(1)), lambda s, x: (s, s))
    sess = tf.Session()
    assert sess.run(same_count) == 6
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\(initial_state=2, output=4\)"):
        sess.run(more)
    with pytest.raises(TypeError, match="Invalid `scan_func`. The element types for the new state"):
        ds.scan(np.int64(0), lambda s, x: ((tf.cast(s, tf.int32), s), x))
    with pytest.raises(TypeError, match="The element classes for the new state must match"):
        ds.reduce(np.int64(0), lambda s, x: tf.SparseTensor([[0]], [s], [1]))
    fewer = tf.data.make_one_shot_iterator(ds.scan((np.int64(0), np.int64(0)), lambda s, x: (s[0], x))).get_next()
    with pytest.raises(tf.errors.InternalError, match="Expected 1 components but got 0"):
        sess.run(fewer)


def test_assert_cardinality_messages_and_infinite(g):
    def error_of(n, expected):
        ds = tf.data.Dataset.range(n).apply(tf.data.experimental.assert_cardinality(expected))
        with pytest.raises(tf.errors.FailedPreconditionError) as info:
            drain(ds)
        return info.value.message
    assert "contain 1 element but contained at least 2 elements." in error_of(3, 1)
    assert "contain 2 elements but contained only 1 element." in error_of(1, 2)
    assert "contain an infinite number of elements but contained only 2 elements." in error_of(2, -1)


def test_map_and_batch_refuses_both_parallelism_arguments(g):
    with pytest.raises(ValueError, match="allows only one of `num_parallel_batches` and `num_parallel_calls`"):
        tf.data.experimental.map_and_batch(lambda x: x, 2, num_parallel_batches=1, num_parallel_calls=1)


def test_one_shot_names_the_captured_stateful_op_before_what_it_reads(g):
    q = tf.FIFOQueue(3, tf.float32)
    with pytest.raises(ValueError, match=r"name:fifo_queue_Size, type:QueueSizeV2"):
        tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensors(q.size()))


def test_fixed_length_body_check_fails_every_get_next(g, tmp_path):
    path = tmp_path / "odd.bin"
    path.write_bytes(b"HHabcFF")  # a 3-byte body for 2-byte records
    nxt = tf.data.make_one_shot_iterator(tf.data.FixedLengthRecordDataset(
        [str(path), str(path)], 2, header_bytes=2, footer_bytes=2)).get_next()
    sess = tf.Session()
    for _ in range(3):  # TF checks the file before opening it and never moves past it
        with pytest.raises(tf.errors.InvalidArgumentError, match="body length 3 bytes"):
            sess.run(nxt)
    short = tmp_path / "short.bin"
    short.write_bytes(b"HHx")  # the header fits, the footer would overlap it: no records, no error
    assert drain(tf.data.FixedLengthRecordDataset(str(short), 1, header_bytes=3, footer_bytes=1)) == []


def test_with_options_refuses_other_objects_as_tf(g):
    with pytest.raises(AttributeError, match="'dict' object has no attribute '_to_proto'"):
        tf.data.Dataset.range(2).with_options({"a": 1})


def test_sampling_and_choosing_return_tf_classes(g):
    r = tf.data.Dataset.range(3)
    u = r.unique()
    assert type(tf.data.Dataset.sample_from_datasets([r, r], seed=1)).__name__ == "_DirectedInterleaveDataset"
    assert tf.data.Dataset.sample_from_datasets([r], seed=1) is r  # TF returns a lone input itself
    lone = tf.data.experimental.sample_from_datasets([r], seed=1)
    assert lone is not r and type(lone).__name__ == "DatasetV1Adapter"
    chosen = tf.data.experimental.choose_from_datasets([u], tf.data.Dataset.range(1).repeat(2))
    assert type(chosen).__name__ == "DatasetV1Adapter" and drain(chosen) == [0, 1]


def test_map_to_nothing_is_tf_value_error(g):
    with pytest.raises(ValueError, match="Attr 'output_types' of 'MapDataset' Op passed list of length 0"):
        tf.data.Dataset.range(2).map(lambda x: ())
    with pytest.raises(ValueError, match="'ParallelMapDatasetV2'"):
        tf.data.Dataset.range(2).map(lambda x: {}, num_parallel_calls=2)


def test_padded_batch_namedtuple_needs_its_own_class(g):
    Pair = collections.namedtuple("Pair", ["a", "b"])
    ds = tf.data.Dataset.range(1, 3).map(lambda x: Pair(tf.range(x), x))
    with pytest.raises(TypeError, match="Input structure has type 'tuple', while shallow structure has type 'Pair'"):
        ds.padded_batch(2, padded_shapes=([None], []))
    with pytest.raises(TypeError, match="same sequence type"):
        ds.padded_batch(2, padded_shapes=Pair([None], []), padding_values=(np.int64(0), np.int64(0)))
    batch = drain(ds.padded_batch(2, padded_shapes=Pair([3], [])))[0]
    assert type(batch).__name__ == "Pair" and batch.a.tolist() == [[0, 0, 0], [0, 1, 0]]


def test_make_initializer_checks_inside_its_name_scope(g):
    it = tf.data.Iterator.from_structure(tf.int64, [])
    with pytest.raises(AttributeError, match="'list' object has no attribute 'element_spec'"):
        it.make_initializer([1, 2])
    with pytest.raises(TypeError, match="Expected output types"):
        it.make_initializer(tf.data.Dataset.range(2).map(lambda x: tf.cast(x, tf.int32)))
    assert it.make_initializer(tf.data.Dataset.range(2)).name == "make_initializer_2"  # as TF's name_scope
    with pytest.raises(TypeError, match="None to a TensorFlow DType"):
        tf.data.Iterator.from_structure(None)


def test_generator_python_int_is_no_bool(g):
    def gen():
        yield 1
        yield np.int64(1)  # NumPy values are cast, as TF casts them
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(gen, tf.bool)).get_next()
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(nxt)
    assert sess.run(nxt).item() is True
