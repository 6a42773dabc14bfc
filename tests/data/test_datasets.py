"""Dataset sources and transformations, run through one-shot iterators."""
import numpy as np
import pytest

import tfsess as tf
from drain_helper import drain


def test_range_forms(g):
    assert drain(tf.data.Dataset.range(1, 10, 3)) == [1, 4, 7]
    assert drain(tf.data.Dataset.range(5, 0, -2)) == [5, 3, 1]
    assert tf.data.Dataset.range(3).output_types == tf.int64


def test_from_tensor_slices_structures(g):
    ds = tf.data.Dataset.from_tensor_slices({"a": np.arange(2, dtype=np.int32), "b": (np.ones((2, 3)), [b"x", b"y"])})
    assert ds.output_types == {"a": tf.int32, "b": (tf.float64, tf.string)}
    assert ds.output_shapes["b"][0].as_list() == [3]
    out = drain(ds)
    assert out[1]["a"] == 1 and out[1]["b"][1] == b"y"


def test_from_tensor_slices_mismatched_lengths(g):
    with pytest.raises(ValueError):
        tf.data.Dataset.from_tensor_slices((np.arange(3), np.arange(4)))


def test_from_generator_checks_shapes_at_run_time(g):
    ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3]]), tf.int32, tf.TensorShape([2]))
    nxt = ds.make_one_shot_iterator().get_next()
    sess = tf.Session()
    np.testing.assert_array_equal(sess.run(nxt), [1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(nxt)


def test_map_is_traced_once(g):
    calls = []

    def fn(x):
        calls.append(x)
        return x * 2
    assert drain(tf.data.Dataset.range(4).map(fn)) == [0, 2, 4, 6]
    assert len(calls) == 1


def test_map_captures_outside_tensors_and_variables(g):
    scale = tf.constant(3, tf.int64)
    v = tf.Variable(10, dtype=tf.int64)
    ds = tf.data.Dataset.range(3).map(lambda x: x * scale + v)
    with pytest.raises(ValueError, match="stateful"):  # a one-shot iterator cannot capture a variable
        tf.data.make_one_shot_iterator(ds)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run([v.initializer, it.initializer])
    assert [sess.run(nxt) for _ in range(3)] == [10, 13, 16]


def test_dataset_repr_and_no_python_iteration(g):
    ds = tf.data.Dataset.range(3).map(lambda x: (x, {"a": x}))
    assert repr(ds).startswith("<_MapDataset element_spec=(TensorSpec(shape=(), dtype=tf.int64")
    with pytest.raises(RuntimeError):
        iter(ds)
    with pytest.raises(ValueError):
        tf.data.Dataset.range(3).map(lambda x: None)


def test_experimental_transformations(g):
    ds = tf.data.Dataset.from_tensor_slices([1.0, 0.0, 2.0]).map(lambda v: tf.check_numerics(1 / v, "x"))
    assert drain(ds.apply(tf.data.experimental.ignore_errors())) == [1.0, 0.5]
    batched = drain(tf.data.Dataset.range(5).apply(tf.data.experimental.map_and_batch(lambda x: x + 1, 2)))
    assert [list(b) for b in batched] == [[1, 2], [3, 4], [5]]
    assert sorted(drain(tf.data.Dataset.range(3).apply(tf.data.experimental.shuffle_and_repeat(3, 2, seed=1)))) == \
        [0, 0, 1, 1, 2, 2]


def test_map_error_skips_only_that_element(g):
    ds = tf.data.Dataset.from_tensor_slices(np.array([1.0, 0.0, 2.0], np.float32)).map(
        lambda x: tf.check_numerics(1.0 / x, "inf"))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    assert sess.run(nxt) == 1.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="Inf"):
        sess.run(nxt)
    assert sess.run(nxt) == 0.5


def test_filter_requires_bool_scalar(g):
    with pytest.raises(ValueError, match="predicate"):
        tf.data.Dataset.range(3).filter(lambda x: x)


def test_batch_and_padded_batch(g):
    assert [list(b) for b in drain(tf.data.Dataset.range(5).batch(2))] == [[0, 1], [2, 3], [4]]
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([tf.cast(x, tf.int32)], x)).padded_batch(
        2, padded_shapes=[None], padding_values=tf.constant(-1, tf.int64))
    assert ds.output_shapes.as_list() == [None, None]
    out = drain(ds)
    np.testing.assert_array_equal(out[0], [[1, -1], [2, 2]])
    np.testing.assert_array_equal(out[1], [[3, 3, 3]])


def test_batch_of_different_shapes_fails(g):
    ds = tf.data.Dataset.range(1, 3).map(lambda x: tf.fill([tf.cast(x, tf.int32)], x)).batch(2)
    nxt = ds.make_one_shot_iterator().get_next()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cannot batch"):
        tf.Session().run(nxt)


def test_shuffle_seeded_is_reproducible_and_reshuffles(g):
    ds = tf.data.Dataset.range(20).shuffle(20, seed=3).repeat(2)
    a, b = drain(ds), drain(ds)
    assert a == b and sorted(a[:20]) == list(range(20)) and a[:20] != a[20:]
    fixed = drain(tf.data.Dataset.range(20).shuffle(20, seed=3, reshuffle_each_iteration=False).repeat(2))
    assert fixed[:20] == fixed[20:]


def test_take_skip_repeat_concatenate_zip_enumerate(g):
    r = tf.data.Dataset.range(4)
    assert drain(r.repeat().take(6)) == [0, 1, 2, 3, 0, 1]
    assert drain(r.skip(3).concatenate(r.take(1))) == [3, 0]
    assert drain(tf.data.Dataset.zip((r, r.skip(2)))) == [(0, 2), (1, 3)]
    assert drain(r.enumerate(10).take(2)) == [(10, 0), (11, 1)]
    with pytest.raises(TypeError):
        r.concatenate(tf.data.Dataset.from_tensors(1.0))


def test_flat_map_interleave_unbatch_shard(g):
    r = tf.data.Dataset.range(1, 4)
    assert drain(r.flat_map(lambda x: tf.data.Dataset.range(x))) == [0, 0, 1, 0, 1, 2]
    assert drain(r.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)) == \
        [1, 2, 1, 2, 3, 3]
    assert drain(tf.data.Dataset.range(6).batch(4).unbatch()) == list(range(6))
    assert drain(tf.data.Dataset.range(6).shard(3, 1)) == [1, 4]


def test_cache_in_memory_and_in_files(g, tmp_path):
    calls = []

    def gen():
        calls.append(1)
        yield from range(3)
    ds = tf.data.Dataset.from_generator(gen, tf.int64).cache().repeat(3)
    assert drain(ds) == [0, 1, 2] * 3 and len(calls) == 1
    prefix = str(tmp_path / "c")
    ds = tf.data.Dataset.from_tensor_slices([b"a", b"b"]).cache(prefix)
    assert drain(ds) == [b"a", b"b"]
    assert drain(ds) == [b"a", b"b"]


def test_sparse_elements(g):
    st = tf.SparseTensor([[0, 0], [1, 2]], [1.0, 2.0], [2, 3])
    ds = tf.data.Dataset.from_tensor_slices(st)
    assert ds.output_classes is tf.SparseTensor and ds.output_shapes.as_list() == [3]
    rows = drain(ds)
    np.testing.assert_array_equal(rows[1].indices, [[2]])
    batched = drain(tf.data.Dataset.range(3).map(lambda x: tf.SparseTensor([[0]], [x], [2])).batch(2))
    np.testing.assert_array_equal(batched[0].indices, [[0, 0], [1, 0]])
    np.testing.assert_array_equal(batched[0].dense_shape, [2, 2])


def test_output_structure_helpers(g):
    ds = tf.data.Dataset.from_tensors(({"x": [1.0]}, 2))
    assert tf.data.get_output_types(ds) == ({"x": tf.float32}, tf.int32)
    assert tf.data.get_output_shapes(ds)[0]["x"].as_list() == [1]
    assert tf.data.get_output_classes(ds) == ({"x": tf.Tensor}, tf.Tensor)
    assert ds.apply(lambda d: d.take(1)).output_types == ds.output_types
