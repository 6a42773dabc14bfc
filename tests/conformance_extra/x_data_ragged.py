"""Datasets of RaggedTensors: slices and whole tensors as elements, maps returning ragged tensors,
batch/unbatch/window of ragged elements, ragged_batch and dense_to_ragged_batch, element specs."""
import numpy as np

from _harness import catch


def _rv(value):
    if hasattr(value, "nested_row_splits"):
        return {"list": value.to_list(), "splits": [np.asarray(s).tolist() for s in value.nested_row_splits],
                "ragged_rank": value.ragged_rank}
    if isinstance(value, dict):
        return {k: _rv(v) for k, v in sorted(value.items())}
    if isinstance(value, (tuple, list)):
        return [_rv(v) for v in value]
    return np.asarray(value).tolist()


def _drain(tf, dataset, limit=10):
    """Every element of `dataset` (up to `limit`), fetched through a one-shot iterator."""
    sess = tf.Session()
    nxt = tf.data.make_one_shot_iterator(dataset).get_next()
    out = []
    for _ in range(limit):
        try:
            out.append(_rv(sess.run(nxt)))
        except tf.errors.OutOfRangeError:
            break
    return out


def _rt(tf):
    return tf.ragged.constant([[1., 2., 3.], [], [4., 5.]])


def case_x_data_ragged_slices(tf):
    ds = tf.data.Dataset.from_tensor_slices(_rt(tf))
    deep = tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[[1], [2, 3]], [], [[4]]]))
    nxt = tf.data.make_one_shot_iterator(deep).get_next()
    return {"spec": repr(ds.element_spec), "elements": _drain(tf, ds), "deep_spec": repr(deep.element_spec),
            "deep": _drain(tf, deep), "deep_class": type(nxt).__name__,
            "value": _drain(tf, tf.data.Dataset.from_tensor_slices(tf.ragged.constant_value([[1, 2], [3]])))}


def case_x_data_ragged_from_tensors(tf):
    ds = tf.data.Dataset.from_tensors(_rt(tf))
    return {"spec": repr(ds.element_spec), "elements": _drain(tf, ds),
            "unbatched": _drain(tf, ds.unbatch()), "unbatch_spec": repr(ds.unbatch().element_spec)}


def case_x_data_ragged_batch(tf):
    ds = tf.data.Dataset.from_tensor_slices(_rt(tf))
    deep = tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[[1], [2, 3]], [], [[4]], [[5, 6]]]))
    return {"spec": repr(ds.batch(2).element_spec), "batches": _drain(tf, ds.batch(2)),
            "drop_spec": repr(ds.batch(2, drop_remainder=True).element_spec),
            "drop": _drain(tf, ds.batch(2, drop_remainder=True)), "deep": _drain(tf, deep.batch(3)),
            "round_trip": _drain(tf, ds.batch(2).unbatch()), "twice": _drain(tf, ds.batch(1).batch(2))}


def case_x_data_ragged_map(tf):
    ds = tf.data.Dataset.range(4).map(lambda x: tf.RaggedTensor.from_row_lengths(tf.range(x), [x]))
    doubled = tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[[1], [2, 3]], [[4]]])).map(lambda r: r * 2)
    summed = tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[[1], [2, 3]], [[4]]])).map(
        lambda r: tf.reduce_sum(r, axis=1))
    return {"spec": repr(ds.element_spec), "elements": _drain(tf, ds), "batched": _drain(tf, ds.batch(2)),
            "doubled": _drain(tf, doubled), "summed": _drain(tf, summed)}


def case_x_data_ragged_structures(tf):
    rt = _rt(tf)
    ds = tf.data.Dataset.from_tensor_slices({"r": rt, "n": [1, 2, 3]})
    pairs = tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(rt), tf.data.Dataset.range(3)))
    return {"dict_spec": repr(ds.element_spec), "dict": _drain(tf, ds), "zip_spec": repr(pairs.element_spec),
            "zip": _drain(tf, pairs.batch(3)),
            "classes": {k: getattr(c, "__name__", repr(c)) for k, c in tf.data.get_output_classes(ds).items()},
            "types": repr(tf.data.get_output_types(ds)),
            "shapes": repr(tf.data.get_output_shapes(ds))}


def case_x_data_ragged_pipeline_ops(tf):
    ds = tf.data.Dataset.from_tensor_slices(_rt(tf))
    return {"filter": _drain(tf, ds.filter(lambda r: tf.size(r) > 0)),
            "concat": _drain(tf, ds.concatenate(ds).batch(4)),
            "repeat_take": _drain(tf, ds.repeat().take(4)),
            "shuffle": sorted(map(str, _drain(tf, ds.shuffle(3, seed=5)))),
            "window": _drain(tf, ds.window(2).flat_map(lambda w: w.batch(2))),
            "skip": _drain(tf, ds.skip(1))}


def case_x_data_ragged_dense_to_ragged_batch(tf):
    ds = tf.data.Dataset.range(4).map(lambda x: tf.range(x))
    grid = tf.data.Dataset.range(3).map(lambda x: tf.fill(tf.stack([x, x + 1]), x))
    fixed = tf.data.Dataset.range(3).map(lambda x: (x, tf.fill([2], x)))
    batched = ds.apply(tf.data.experimental.dense_to_ragged_batch(3))
    return {"spec": repr(batched.element_spec), "batches": _drain(tf, batched),
            "method": _drain(tf, ds.ragged_batch(2, drop_remainder=True)),
            "int32": repr(ds.ragged_batch(2, row_splits_dtype=tf.int32).element_spec),
            "grid_spec": repr(grid.ragged_batch(3).element_spec), "grid": _drain(tf, grid.ragged_batch(3)),
            "fixed_spec": repr(fixed.ragged_batch(2).element_spec), "fixed": _drain(tf, fixed.ragged_batch(2))}


def case_x_data_ragged_specs_and_errors(tf):
    ds = tf.data.Dataset.from_tensor_slices(_rt(tf))
    return {"padded": catch(ds.padded_batch, 2, padded_shapes=[None]),
            "structure": repr(tf.data.experimental.RaggedTensorStructure(tf.float32, [None, None], 1)),
            "structure_missing": catch(tf.data.experimental.RaggedTensorStructure, tf.float32, [None]),
            "equal": ds.element_spec == tf.RaggedTensorSpec([None], tf.float32, 0),
            "batch_equal": ds.batch(2).element_spec == tf.RaggedTensorSpec([None, None], tf.float32, 1),
            "initializable": _drain_initializable(tf, ds)}


def _drain_initializable(tf, ds):
    sess = tf.Session()
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess.run(it.initializer)
    first = _rv(sess.run(nxt))
    sess.run(it.initializer)
    return [first, _rv(sess.run(nxt)), str(nxt.shape)]
