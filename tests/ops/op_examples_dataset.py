"""Examples for tf.data's dataset and iterator ops and the parsing ops (see op_examples.py).

A dataset op's output is a variant (its pipeline): the examples fetch it, and the iterator
examples fetch elements through it.
"""
import numpy as np

from op_examples import F3, F23, Built, builder, plain


def _example_bytes():
    # an Example with features a: [1.5, 2.5] (float) and b: [3] (int64), in wire format
    return bytes.fromhex("0a1f0a110a0161120c120a0a080000c03f000020400a0a0a016212051a030a0103")


def _dataset(fn):
    return builder(lambda tf, tmp: Built(fetch=[fn(tf)._variant]))


def _rng(tf):
    return tf.data.Dataset.range(6)


EXAMPLES = {
    "TensorSliceDataset": _dataset(lambda tf: tf.data.Dataset.from_tensor_slices(F23)),
    "TensorDataset": _dataset(lambda tf: tf.data.Dataset.from_tensors(F3)),
    "RangeDataset": _dataset(_rng),
    "GeneratorDataset": _dataset(lambda tf: tf.data.Dataset.from_generator(lambda: iter([1, 2]), tf.int64)),
    "MapDataset": _dataset(lambda tf: _rng(tf).map(lambda x: x * 2)),
    "ParallelMapDatasetV2": _dataset(lambda tf: _rng(tf).map(lambda x: x * 2, num_parallel_calls=2)),
    "FilterDataset": _dataset(lambda tf: _rng(tf).filter(lambda x: x > 2)),
    "TakeWhileDataset": _dataset(lambda tf: _rng(tf).apply(tf.data.experimental.take_while(lambda x: x < 4))),
    "FlatMapDataset": _dataset(lambda tf: _rng(tf).flat_map(lambda x: tf.data.Dataset.range(x))),
    "InterleaveDataset": _dataset(lambda tf: _rng(tf).interleave(lambda x: tf.data.Dataset.range(x), 2)),
    "ParallelInterleaveDatasetV4": _dataset(lambda tf: _rng(tf).interleave(lambda x: tf.data.Dataset.range(x), 2,
                                                                            num_parallel_calls=2)),
    "BatchDatasetV2": _dataset(lambda tf: _rng(tf).batch(4)),
    "PaddedBatchDatasetV2": _dataset(lambda tf: _rng(tf).map(lambda x: tf.fill([x], x)).padded_batch(2, [None])),
    "UnbatchDataset": _dataset(lambda tf: _rng(tf).batch(2).unbatch()),
    "ShuffleDataset": _dataset(lambda tf: _rng(tf).shuffle(3, seed=1)),
    "RepeatDataset": _dataset(lambda tf: _rng(tf).repeat(2)),
    "TakeDataset": _dataset(lambda tf: _rng(tf).take(2)),
    "SkipDataset": _dataset(lambda tf: _rng(tf).skip(2)),
    "ZipDataset": _dataset(lambda tf: tf.data.Dataset.zip((_rng(tf), _rng(tf)))),
    "ConcatenateDataset": _dataset(lambda tf: _rng(tf).concatenate(_rng(tf))),
    "PrefetchDataset": _dataset(lambda tf: _rng(tf).prefetch(1)),
    "CacheDataset": _dataset(lambda tf: _rng(tf).cache()),
    "ShardDataset": _dataset(lambda tf: _rng(tf).shard(2, 1)),
}


def _text_file(tf, tmp, ctor, data, **kwargs):
    path = f"{tmp}/records"
    if ctor == "TFRecordDataset":
        with tf.io.TFRecordWriter(path) as writer:
            writer.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)
    return Built(fetch=[getattr(tf.data, ctor)(path, **kwargs)._variant])


EXAMPLES["TextLineDataset"] = builder(lambda tf, tmp: _text_file(tf, tmp, "TextLineDataset", b"a\nb\n"))
EXAMPLES["TFRecordDataset"] = builder(lambda tf, tmp: _text_file(tf, tmp, "TFRecordDataset", b"rec"))
EXAMPLES["FixedLengthRecordDatasetV2"] = builder(
    lambda tf, tmp: _text_file(tf, tmp, "FixedLengthRecordDataset", b"abcdef", record_bytes=2))


def _one_shot(tf):
    return tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensor_slices(F23))


def _initializable(tf, tmp):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(F23))
    return Built(fetch=[it.get_next()], setup=[it.initializer])


def _from_handle(tf, tmp):
    source = _one_shot(tf)
    it = tf.data.Iterator.from_string_handle(source.string_handle(), source.output_types, source.output_shapes)
    return Built(fetch=[it._iterator_resource])


EXAMPLES["OneShotIterator"] = builder(lambda tf, tmp: Built(fetch=[_one_shot(tf)._iterator_resource]))
EXAMPLES["IteratorV2"] = builder(
    lambda tf, tmp: Built(fetch=[tf.data.Iterator.from_structure(tf.float32, [3])._iterator_resource]))
EXAMPLES["MakeIterator"] = builder(
    lambda tf, tmp: tf.data.make_initializable_iterator(tf.data.Dataset.range(3)))
EXAMPLES["IteratorGetNext"] = builder(_initializable)
EXAMPLES["IteratorToStringHandle"] = builder(lambda tf, tmp: Built(fetch=[_one_shot(tf).string_handle()]))
EXAMPLES["IteratorFromStringHandleV2"] = builder(_from_handle)

def _features(tf):
    return {"a": tf.FixedLenFeature([2], tf.float32), "b": tf.VarLenFeature(tf.int64)}


EXAMPLES["ParseExampleV2"] = builder(
    lambda tf, tmp: tf.parse_example(np.array([_example_bytes()] * 2, dtype=object), _features(tf)))
EXAMPLES["ParseSingleSequenceExample"] = builder(
    lambda tf, tmp: tf.parse_single_sequence_example(
        bytes.fromhex("0a0c0a0a0a016e12051a030a0102"), context_features={"n": tf.FixedLenFeature([], tf.int64)}))
EXAMPLES["CheckNumerics"] = plain(lambda tf, x: tf.check_numerics(x, "finite"), F23)
EXAMPLES["IgnoreErrorsDataset"] = _dataset(
    lambda tf: _rng(tf).apply(tf.data.experimental.ignore_errors()))
EXAMPLES["WindowDataset"] = _dataset(lambda tf: _rng(tf).window(2, 1))
EXAMPLES["RandomDataset"] = _dataset(lambda tf: tf.data.experimental.RandomDataset(seed=1))
EXAMPLES["DirectedInterleaveDataset"] = _dataset(
    lambda tf: tf.data.experimental.sample_from_datasets([_rng(tf), _rng(tf)], seed=1))
EXAMPLES["ReduceDataset"] = builder(
    lambda tf, tmp: Built(fetch=[_rng(tf).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)]))
EXAMPLES["DatasetToSingleElement"] = builder(
    lambda tf, tmp: Built(fetch=[tf.data.experimental.get_single_element(_rng(tf).batch(6))]))
EXAMPLES["DatasetCardinality"] = builder(
    lambda tf, tmp: Built(fetch=[tf.data.experimental.cardinality(_rng(tf).batch(4))]))
EXAMPLES["ScanDataset"] = _dataset(lambda tf: _rng(tf).scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s)))
EXAMPLES["UniqueDataset"] = _dataset(lambda tf: _rng(tf).map(lambda x: x % 3).unique())
EXAMPLES["GroupByWindowDataset"] = _dataset(
    lambda tf: _rng(tf).group_by_window(lambda x: x % 2, lambda k, w: w.batch(2), window_size=2))
EXAMPLES["BucketBySequenceLengthDataset"] = _dataset(
    lambda tf: _rng(tf).map(lambda x: tf.fill([x], x)).bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [3], [2, 2]))
EXAMPLES["AssertCardinalityDataset"] = _dataset(
    lambda tf: _rng(tf).apply(tf.data.experimental.assert_cardinality(6)))
EXAMPLES["DenseToSparseBatchDataset"] = _dataset(
    lambda tf: _rng(tf).map(lambda x: tf.fill([x], x)).apply(tf.data.experimental.dense_to_sparse_batch(2, [6])))


def _optional(tf):
    it = tf.data.make_one_shot_iterator(_rng(tf))
    return tf.data.experimental.get_next_as_optional(it)


EXAMPLES["IteratorGetNextAsOptional"] = builder(lambda tf, tmp: Built(fetch=[_optional(tf)._variant]))
EXAMPLES["OptionalHasValue"] = builder(lambda tf, tmp: Built(fetch=[_optional(tf).has_value()]))
EXAMPLES["OptionalGetValue"] = builder(lambda tf, tmp: Built(fetch=[_optional(tf).get_value()]))
