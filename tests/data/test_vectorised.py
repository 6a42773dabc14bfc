"""Map-and-batch fusion: batch-safe map functions run once per chunk, with the per-element results."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.data import pipeline
from tfsess.data.function import runner


def epoch(ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    out = []
    while True:
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            return out


def traced_map(fn, shape=(3,)):
    ds = tf.data.Dataset.from_tensor_slices(np.zeros((2,) + shape, np.float32)).map(fn)
    return runner(ds._variant.op._attrs["f"])


def test_elementwise_functions_are_batch_safe(g):
    assert traced_map(lambda x: x / 255 - 0.5).batch_safe
    assert traced_map(lambda x: tf.cast(tf.nn.relu(x) * 2, tf.int32)).batch_safe
    assert traced_map(lambda x: (x, tf.sqrt(tf.abs(x)))).batch_safe
    assert traced_map(lambda x: x + tf.constant([1.0, 2.0, 3.0])).batch_safe


def test_functions_that_see_the_element_whole_are_not(g):
    assert not traced_map(lambda x: tf.reduce_sum(x)).batch_safe
    assert not traced_map(lambda x: x + tf.ones([2, 3])).batch_safe  # would broadcast over the stacked rows
    assert not traced_map(lambda x: x + tf.random_uniform([])).batch_safe  # one draw per element
    assert not traced_map(lambda x: tf.constant(1.0)).batch_safe
    assert not traced_map(lambda x: tf.reshape(x, [3, 1])).batch_safe


@pytest.mark.parametrize("fn", [lambda x: x * 2.0 + 1.0, lambda x: tf.reduce_sum(x) + x])
def test_fused_and_per_element_paths_agree(g, fn):
    data = np.arange(50 * 3, dtype=np.float32).reshape(50, 3)
    fused = epoch(tf.data.Dataset.from_tensor_slices(data).shuffle(16, seed=5).map(fn).batch(8))
    one_by_one = [np.stack([fn_np for fn_np in batch]) for batch in
                  epoch(tf.data.Dataset.from_tensor_slices(data).shuffle(16, seed=5).map(fn).batch(1).unbatch()
                        .batch(8))]
    assert [b.shape for b in fused] == [(8, 3)] * 6 + [(2, 3)]
    np.testing.assert_allclose(np.concatenate(fused), np.concatenate(one_by_one))


def test_shuffle_order_is_the_same_through_chunks_and_elements(g):
    data = np.arange(40, dtype=np.int64)
    chunked = np.concatenate(epoch(tf.data.Dataset.from_tensor_slices(data).shuffle(7, seed=2).batch(5)))
    elements = epoch(tf.data.Dataset.from_tensor_slices(data).shuffle(7, seed=2))
    assert chunked.tolist() == [int(v) for v in elements]
    assert sorted(elements) == list(range(40)) and elements != list(range(40))


def test_batches_across_repeat_epochs_and_drop_remainder(g):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(5)).map(lambda x: x * 10).repeat(3).batch(4, drop_remainder=True)
    assert [b.tolist() for b in epoch(ds)] == [[0, 10, 20, 30], [40, 0, 10, 20], [30, 40, 0, 10]]


def test_batches_are_copies_not_views_of_the_input(g):
    data = np.arange(6, dtype=np.float32)
    batch = epoch(tf.data.Dataset.from_tensor_slices(data).batch(6))[0]
    batch[:] = -1
    assert data.tolist() == list(range(6))


def test_an_element_failing_in_a_chunk_fails_alone(g):
    calls = []

    class SqrtOfPositives:  # a batch-safe function that fails on negative elements
        batch_safe = True

        def call(self, ctx, flat, captured):
            calls.append(np.size(flat[0]))
            if (np.asarray(flat[0]) < 0).any():
                raise tf.errors.InvalidArgumentError(None, None, "negative")
            return [np.sqrt(flat[0])]

    mapped = pipeline.Map(pipeline.Slices([np.array([1.0, -1.0, 4.0])]), SqrtOfPositives(), [])
    out = list(mapped.chunks(type("Env", (), {"ctx": None, "caches": {}})(), 3))
    assert calls == [3, 1, 1, 1]  # the chunk, then each element again
    assert isinstance(out[1], pipeline.ElementError)
    assert out[0][0].tolist() == [1.0] and out[2][0].tolist() == [2.0]


def test_a_failing_element_fails_its_whole_batch(g):
    """TF's map-and-batch fusion: the batch holding the failed element fails, its other elements with it."""
    data = np.array([1, 2, 0, 4, 8], np.int32)
    ds = tf.data.Dataset.from_tensor_slices(data).map(lambda x: tf.floordiv(8, x)).batch(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    assert sess.run(nxt).tolist() == [8, 4]
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(nxt)
    assert sess.run(nxt).tolist() == [1]
    with pytest.raises(tf.errors.OutOfRangeError):
        sess.run(nxt)
