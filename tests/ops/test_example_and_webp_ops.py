"""parse_sequence_example, SparseFeature, decode_json_example, decode_webp, YIQ and resize_image_with_pad."""
import io

import numpy as np
import pytest

import tfsess as tf


def _sequence_example(length, steps):
    feature = tf.train.Feature
    return tf.train.SequenceExample(
        context=tf.train.Features(feature={"n": feature(int64_list=tf.train.Int64List(value=[length]))}),
        feature_lists=tf.train.FeatureLists(feature_list={"t": tf.train.FeatureList(
            feature=[feature(float_list=tf.train.FloatList(value=[i, -i])) for i in range(steps)])})
    ).SerializeToString()


def test_parse_sequence_example_pads_and_counts(g):
    context, lists, lengths = tf.io.parse_sequence_example(
        [_sequence_example(5, 1), _sequence_example(6, 3)], {"n": tf.io.FixedLenFeature([], tf.int64)},
        {"t": tf.io.FixedLenSequenceFeature([2], tf.float32), "v": tf.io.VarLenFeature(tf.float32)})
    n, t, length, v = tf.Session().run([context["n"], lists["t"], lengths["t"], lists["v"]])
    assert list(n) == [5, 6] and list(length) == [1, 3]
    assert t.shape == (2, 3, 2) and t[0, 1:].sum() == 0 and list(t[1, 2]) == [2.0, -2.0]
    assert list(v.dense_shape) == [2, 0, 0]
    assert lists["t"].shape.as_list() == [2, None, 2]


def test_parse_sequence_example_requires_its_lists(g):
    _, lists, _ = tf.io.parse_sequence_example(_sequence_example(1, 1), None,
                                               {"q": tf.io.FixedLenSequenceFeature([], tf.int64)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Feature list 'q' is required"):
        tf.Session().run(lists["q"])


def test_sparse_feature_merges_index_and_values(g):
    feature = tf.train.Feature
    ex = tf.train.Example(features=tf.train.Features(feature={
        "i": feature(int64_list=tf.train.Int64List(value=[4, 1])),
        "v": feature(float_list=tf.train.FloatList(value=[0.5, 1.5]))})).SerializeToString()
    sp = tf.Session().run(tf.io.parse_example([ex], {"s": tf.io.SparseFeature("i", "v", tf.float32, 6)})["s"])
    assert sp.indices.tolist() == [[0, 1], [0, 4]] and sp.values.tolist() == [1.5, 0.5]
    assert sp.dense_shape.tolist() == [1, 6]


def test_decode_json_example_round_trips(g):
    binary = tf.io.decode_json_example('{"features": {"feature": {"k": {"int64List": {"value": ["7"]}}}}}')
    parsed = tf.io.parse_single_example(binary, {"k": tf.io.FixedLenFeature([], tf.int64)})
    assert tf.Session().run(parsed["k"]) == 7
    with pytest.raises(tf.errors.InvalidArgumentError, match="Error while parsing JSON"):
        tf.Session().run(tf.io.decode_json_example('{"oops": 1}'))


def _webp(array):
    from PIL import Image  # Pillow: the image extra
    out = io.BytesIO()
    Image.fromarray(array).save(out, "WEBP", lossless=True)
    return out.getvalue()


def test_decode_webp_keeps_pixels_and_checks_channels(g):
    pytest.importorskip("PIL")
    rgba = (np.arange(3 * 2 * 4).reshape(3, 2, 4) * 9 % 256).astype(np.uint8)
    rgba[..., 3] = 255 - rgba[..., 3] // 2
    data = _webp(rgba)
    np.testing.assert_array_equal(tf.Session().run(tf.image.decode_webp(data))[0], rgba)
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not match"):
        tf.Session().run(tf.image.decode_webp(data, channels=3))
    assert tf.image.decode_webp(data, channels=4).shape.as_list() == [None, None, None, 4]


def test_yiq_round_trip(g):
    x = np.random.RandomState(0).rand(4, 3).astype(np.float32)
    back = tf.Session().run(tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(x)))
    np.testing.assert_allclose(back, x, atol=1e-4)  # TF's two matrices are inverses to about 4 digits


def test_resize_image_with_pad_centres_the_image(g):
    image = np.ones([2, 4, 1], np.float32)
    out = tf.Session().run(tf.image.resize_image_with_pad(image, 4, 4))
    np.testing.assert_array_equal(out[..., 0], [[0] * 4, [1] * 4, [1] * 4, [0] * 4])
    with pytest.raises(ValueError):
        tf.image.resize_image_with_pad(np.zeros([2, 2], np.float32), 4, 4)


def _descriptor_set(tmp_path):
    from google.protobuf import descriptor_pb2  # protobuf: decode_proto's dependency
    fds = descriptor_pb2.FileDescriptorSet()
    message = fds.file.add(name="q.proto", package="q", syntax="proto2").message_type.add(name="Q")
    field = descriptor_pb2.FieldDescriptorProto
    message.field.add(name="n", number=1, type=field.TYPE_INT32, label=field.LABEL_OPTIONAL, default_value="4")
    message.field.add(name="s", number=2, type=field.TYPE_STRING, label=field.LABEL_REPEATED)
    path = tmp_path / "q.fds"
    path.write_bytes(fds.SerializeToString())
    return str(path)


def test_decode_and_encode_proto_round_trip(g, tmp_path):
    source = _descriptor_set(tmp_path)
    serialized = tf.io.encode_proto([[1, 2], [0, 1]], [[[9], [0]], [[b"a", b"b"], [b"c", b""]]], ["n", "s"],
                                    "q.Q", descriptor_source=source)
    decoded = tf.io.decode_proto(serialized, "q.Q", ["n", "s"], [tf.int32, tf.string], descriptor_source=source)
    got_sizes, (n, s) = tf.Session().run([decoded.sizes, decoded.values])
    assert got_sizes.tolist() == [[1, 2], [0, 1]]
    assert n.tolist() == [[9], [4]]  # a missing field is padded with its default
    assert s.tolist() == [[b"a", b"b"], [b"c", b""]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Unknown field: zz"):
        tf.Session().run(tf.io.decode_proto([b""], "q.Q", ["zz"], [tf.int32], descriptor_source=source).sizes)
