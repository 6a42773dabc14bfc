"""Op examples: more tf.data.experimental ops (CSV files, lists, reducers, TFRecord writing, snapshots,
tables from datasets) and the Example, JSON and WebP decoders of tf.io / tf.image."""
import io
import os

import numpy as np

from op_examples import Built, builder


def _dataset(fn):
    return builder(lambda tf, tmp: Built(fetch=[fn(tf, tmp)._variant]))


def _csv(tf, tmp):
    path = os.path.join(tmp, "rows.csv")
    with open(path, "w") as f:
        f.write('a,b\n1,"x,y"\n2,\n')
    return tf.data.experimental.CsvDataset(path, [tf.int32, tf.constant("?")], header=True)


def _reducer(tf):
    return tf.data.experimental.Reducer(lambda k: np.int64(0), lambda s, x: s + x, lambda s: s)


def _to_tfrecord(tf, tmp):
    writer = tf.data.experimental.TFRecordWriter(os.path.join(tmp, "out.tfrecord"))
    return Built(setup=[writer.write(tf.data.Dataset.from_tensor_slices(["a", "b"]))], fetch=None)


def _table_from_dataset(tf, tmp):
    table = tf.data.experimental.index_table_from_dataset(tf.data.Dataset.from_tensor_slices(["x", "y"]))
    return Built(setup=[table.initializer], fetch=None)


def _webp():
    from PIL import Image  # Pillow: the image extra
    out = io.BytesIO()
    Image.fromarray(np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 10).save(out, "WEBP", lossless=True)
    return out.getvalue()


def _sequence_examples():
    # SequenceExamples: context n = [2] (int64), feature list "t" of steps [1], [2] (int64)
    one = bytes.fromhex("0a0c0a0a0a016e12051a030a010212150a130a0174120e0a051a030a01010a051a030a0102")
    return np.array([one, one], dtype=object)


EXAMPLES = {
    "CSVDatasetV2": _dataset(_csv),
    "ListDataset": _dataset(lambda tf, tmp: tf.data.experimental.from_list([(1, "a"), (2, "b")])),
    "GroupByReducerDataset": _dataset(
        lambda tf, tmp: tf.data.Dataset.range(6).apply(tf.data.experimental.group_by_reducer(lambda x: x % 2,
                                                                                              _reducer(tf)))),
    "SnapshotDatasetV2": _dataset(
        lambda tf, tmp: tf.data.Dataset.range(3).apply(tf.data.experimental.snapshot(os.path.join(tmp, "snap")))),
    "DatasetToTFRecord": builder(_to_tfrecord),
    "InitializeTableFromDataset": builder(_table_from_dataset),
    "DecodeWebP": builder(lambda tf, tmp: Built(fetch=[tf.image.decode_webp(tf.constant(_webp()))])),
    "DecodeJSONExample": builder(lambda tf, tmp: Built(fetch=[tf.io.decode_json_example(
        ['{"features": {"feature": {"a": {"int64List": {"value": ["1", "2"]}}}}}'])])),
    "ParseSequenceExampleV2": builder(lambda tf, tmp: Built(fetch=list(tf.io.parse_sequence_example(
        _sequence_examples(), {"n": tf.io.FixedLenFeature([], tf.int64)},
        {"t": tf.io.FixedLenSequenceFeature([], tf.int64)})[1].values()))),
}


def _point_descriptor_set(tmp):
    from google.protobuf import descriptor_pb2  # protobuf: decode_proto's dependency
    fds = descriptor_pb2.FileDescriptorSet()
    message = fds.file.add(name="p.proto", package="t", syntax="proto2").message_type.add(name="P")
    field = descriptor_pb2.FieldDescriptorProto
    message.field.add(name="v", number=1, type=field.TYPE_INT64, label=field.LABEL_REPEATED)
    path = os.path.join(tmp, "p.fds")
    with open(path, "wb") as f:
        f.write(fds.SerializeToString())
    return path


def _decode_proto(tf, tmp):
    sizes, values = tf.io.decode_proto([b"\x08\x05\x08\x06", b""], "t.P", ["v"], [tf.int64],
                                       descriptor_source=_point_descriptor_set(tmp))
    return Built(fetch=[sizes] + values)


def _encode_proto(tf, tmp):
    return Built(fetch=[tf.io.encode_proto([[2], [0]], [[[5, 6], [0, 0]]], ["v"], "t.P",
                                           descriptor_source=_point_descriptor_set(tmp))])


EXAMPLES["DecodeProtoV2"] = builder(_decode_proto)
EXAMPLES["EncodeProto"] = builder(_encode_proto)
