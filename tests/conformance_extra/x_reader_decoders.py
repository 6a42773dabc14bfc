"""tf.io / tf.image decoders and parsers: decode_webp, decode_bmp, decode_gif, decode_and_crop_jpeg,
extract_jpeg_shape and is_jpeg through tf.io, rgb_to_yiq / yiq_to_rgb, resize_image_with_pad,
parse_sequence_example (context, feature lists, lengths), SparseFeature in parse_example and
decode_json_example, decode_proto / encode_proto. Fixtures: fixtures_data2/ (written by its make_fixtures.py)."""
import os

import numpy as np

from _harness import catch, message_has

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures_data2")


def _read(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


def _run(tf, fetches):
    return tf.Session().run(fetches)


def _run_message(tf, make, *fragments):
    def go():
        return tf.Session().run(make())
    return message_has(go, *fragments)


def case_x_reader_decode_webp(tf):
    rgb, rgba = _read("rgb.webp"), _read("rgba.webp")
    return {"rgb": _run(tf, tf.io.decode_webp(rgb)), "rgb3": _run(tf, tf.image.decode_webp(rgb, channels=3)),
            "rgba": _run(tf, tf.image.decode_webp(rgba)), "rgba4": _run(tf, tf.io.decode_webp(rgba, channels=4))}


def case_x_reader_decode_webp_errors_and_shapes(tf):
    rgb = _read("rgb.webp")
    return {"mismatch": _run_message(tf, lambda: tf.image.decode_webp(rgb, channels=4),
                                     "Number of channels requested does not match input"),
            "one": _run_message(tf, lambda: tf.image.decode_webp(rgb, channels=1), "WebP only supports 3 or 4"),
            "garbage": _run_message(tf, lambda: tf.image.decode_webp(b"not an image"), "Unknown image file format"),
            "png": _run(tf, tf.image.decode_webp(_read("rgb.png"))),
            "gif": _run_message(tf, lambda: tf.image.decode_webp(_read("two.gif")), "Bad op type DecodeWebP"),
            "bmp": _run_message(tf, lambda: tf.image.decode_webp(_read("rgb.bmp")), "Use `decode_bmp`"),
            "shapes": [str(tf.image.decode_webp(rgb).shape), str(tf.image.decode_webp(rgb, channels=3).shape)],
            "dtype": tf.image.decode_webp(rgb).dtype.name}


def case_x_reader_io_bmp_gif(tf):
    bmp, gif = _read("rgb.bmp"), _read("two.gif")
    return {"bmp": _run(tf, tf.io.decode_bmp(bmp)), "gif": _run(tf, tf.io.decode_gif(gif)),
            "gif_shape": str(tf.io.decode_gif(gif).shape),
            "bmp_as_gif": _run_message(tf, lambda: tf.io.decode_gif(bmp), "decode_bmp")}


def case_x_reader_io_jpeg_helpers(tf):
    gray, color, png = _read("gray.jpg"), _read("color.jpg"), _read("rgb.png")
    crop = tf.io.decode_and_crop_jpeg(color, [2, 3, 5, 7])
    return {"shape_gray": _run(tf, tf.io.extract_jpeg_shape(gray)),
            "shape_color": _run(tf, tf.io.extract_jpeg_shape(color, output_type=tf.int64)),
            "is_jpeg": _run(tf, [tf.io.is_jpeg(gray), tf.io.is_jpeg(png), tf.io.is_jpeg(b"")]),
            "crop_shape": _run(tf, tf.shape(crop)),
            "png_shape": _run_message(tf, lambda: tf.io.extract_jpeg_shape(png), "not a valid JPEG")}


def case_x_reader_yiq(tf):
    x = np.random.RandomState(3).rand(2, 3, 3).astype(np.float32)
    back = tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(x))
    return {"yiq": _run(tf, tf.image.rgb_to_yiq(x)), "rgb": _run(tf, tf.image.yiq_to_rgb(x)),
            "round_trip_close": bool(np.allclose(_run(tf, back), x, atol=1e-5)),
            "f64": _run(tf, tf.image.rgb_to_yiq(x.astype(np.float64))).dtype.name}


def case_x_reader_resize_image_with_pad(tf):
    img = np.arange(24, dtype=np.float32).reshape(2, 4, 3)
    u8 = np.arange(24).reshape(2, 4, 3).astype(np.uint8)
    tall = np.arange(30, dtype=np.float32).reshape(5, 2, 3)
    return {"wide": _run(tf, tf.image.resize_image_with_pad(img, 4, 4)),
            "nearest": _run(tf, tf.image.resize_image_with_pad(u8, 3, 5, tf.image.ResizeMethod.NEAREST_NEIGHBOR)),
            "tall": _run(tf, tf.image.resize_image_with_pad(tall, 4, 4)),
            "batch": _run(tf, tf.image.resize_image_with_pad(np.stack([img, img + 1]), 3, 3)),
            "same": _run(tf, tf.image.resize_image_with_pad(img, 2, 4))}


def case_x_reader_resize_image_with_pad_shapes(tf):
    ph = tf.placeholder(tf.float32, [None, None, 3])
    batch = tf.placeholder(tf.uint8, [2, None, None, 3])
    out = tf.image.resize_image_with_pad(ph, 5, 6)
    return {"unknown": str(out.shape), "batch": str(tf.image.resize_image_with_pad(batch, 4, 4).shape),
            "batch_dtype": tf.image.resize_image_with_pad(batch, 4, 4).dtype.name,
            "fed": tf.Session().run(out, {ph: np.ones([3, 2, 3], np.float32)}),
            "rank2": catch(lambda: tf.image.resize_image_with_pad(np.zeros([2, 2], np.float32), 4, 4)),
            "zero": catch(lambda: tf.image.resize_image_with_pad(np.zeros([2, 2, 1], np.float32), 0, 4))}


def _seq(tf, length, steps):
    feat = tf.train.Feature
    context = tf.train.Features(feature={
        "len": feat(int64_list=tf.train.Int64List(value=[length])),
        "name": feat(bytes_list=tf.train.BytesList(value=[b"n%d" % length]))})
    lists = tf.train.FeatureLists(feature_list={
        "tok": tf.train.FeatureList(feature=[feat(int64_list=tf.train.Int64List(value=[i, i * 10]))
                                             for i in range(steps)]),
        "w": tf.train.FeatureList(feature=[feat(float_list=tf.train.FloatList(value=[0.5 * i] * (i + 1)))
                                           for i in range(steps)])})
    return tf.train.SequenceExample(context=context, feature_lists=lists).SerializeToString()


def _specs(tf):
    context = {"len": tf.io.FixedLenFeature([], tf.int64), "name": tf.io.VarLenFeature(tf.string),
               "missing": tf.io.FixedLenFeature([2], tf.float32, default_value=[1.0, 2.0])}
    sequence = {"tok": tf.io.FixedLenSequenceFeature([2], tf.int64), "w": tf.io.VarLenFeature(tf.float32),
                "opt": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}
    return context, sequence


def case_x_reader_parse_sequence_example_batch(tf):
    data = [_seq(tf, 3, 2), _seq(tf, 1, 3), _seq(tf, 2, 0)]
    context, lists, lengths = tf.io.parse_sequence_example(data, *_specs(tf))
    return {"values": _run(tf, (context, lists, lengths)),
            "static": {k: str(v.shape) for k, v in list(context.items()) + list(lists.items()) + list(lengths.items())
                       if not hasattr(v, "indices")}}


def case_x_reader_parse_sequence_example_single(tf):
    context, lists, lengths = tf.io.parse_sequence_example(_seq(tf, 4, 2), *_specs(tf))
    return {"values": _run(tf, (context, lists, lengths)),
            "static": {k: str(v.shape) for k, v in list(lists.items()) + list(lengths.items())
                       if not hasattr(v, "indices")}}


def case_x_reader_parse_sequence_example_errors(tf):
    data = [_seq(tf, 3, 2)]
    return {"type": _run_message(tf, lambda: tf.io.parse_sequence_example(
                data, {"len": tf.io.FixedLenFeature([], tf.float32)}, None),
                "Context feature: len.  Data types don't match. Expected type: float"),
            "list_type": _run_message(tf, lambda: tf.io.parse_sequence_example(
                data, None, {"tok": tf.io.VarLenFeature(tf.string)}), "Data types don't match"),
            "required": _run_message(tf, lambda: tf.io.parse_sequence_example(
                data, None, {"nope": tf.io.FixedLenSequenceFeature([], tf.int64)}),
                "Feature list 'nope' is required but could not be found"),
            "none": message_has(lambda: tf.io.parse_sequence_example(data, None, None), "at least one should have")}


def _sparse_examples(tf):
    feat = tf.train.Feature

    def ex(ix, iy, val):
        return tf.train.Example(features=tf.train.Features(feature={
            "ix": feat(int64_list=tf.train.Int64List(value=ix)), "iy": feat(int64_list=tf.train.Int64List(value=iy)),
            "val": feat(float_list=tf.train.FloatList(value=val))})).SerializeToString()
    return [ex([0, 3], [1, 0], [1.5, 2.5]), ex([2], [2], [7.0]), ex([], [], [])]


def case_x_reader_sparse_feature(tf):
    data = _sparse_examples(tf)
    one = tf.io.parse_example(data, {"sp": tf.io.SparseFeature("ix", "val", tf.float32, 5)})
    two = tf.io.parse_example(data, {"sp": tf.io.SparseFeature(["ix", "iy"], "val", tf.float32, [5, 3])})
    single = tf.io.parse_single_example(data[0], {"sp": tf.io.SparseFeature("ix", "val", tf.float32, 4),
                                                  "val": tf.io.VarLenFeature(tf.float32)})
    return {"one": _run(tf, one), "two": _run(tf, two), "single": _run(tf, single),
            "repr": repr(tf.io.SparseFeature("ix", "val", tf.float32, 5)),
            "top_level": tf.SparseFeature is tf.io.SparseFeature}


def case_x_reader_decode_json_example(tf):
    texts = ['{"features": {"feature": {"a": {"int64List": {"value": ["1", "-2"]}}, '
             '"b": {"floatList": {"value": [1.5, 2]}}}}}',
             '{"features": {"feature": {"s": {"bytesList": {"value": ["aGk="]}}}}}', '{}']
    binary = tf.io.decode_json_example(texts)
    parsed = tf.io.parse_example(binary, {"a": tf.io.VarLenFeature(tf.int64), "b": tf.io.VarLenFeature(tf.float32),
                                          "s": tf.io.VarLenFeature(tf.string)})
    return {"bytes": _run(tf, binary), "parsed": _run(tf, parsed), "shape": str(binary.shape),
            "scalar": _run(tf, tf.decode_json_example('{"features": {}}')),
            "bad_field": _run_message(tf, lambda: tf.io.decode_json_example('{"bad": 1}'), "Error while parsing JSON"),
            "not_json": catch(lambda: _run(tf, tf.io.decode_json_example("nope")))}


_FIELDS = ["x", "ys", "tag", "big", "ok", "d"]


def _points():
    # testing.Point messages in wire format: {x: 3, ys: [1.5, 2.5], tag: "a", big: [2**40]}, {ys: [9], ok: true,
    # d: 0.25} and {}
    return [b"\x08\x03\x15\x00\x00\xc0?\x15\x00\x00 @\x1a\x01a \x80\x80\x80\x80\x80 ",
            b"\x15\x00\x00\x10A(\x011\x00\x00\x00\x00\x00\x00\xd0?", b""]


def case_x_reader_decode_proto(tf):
    fds = os.path.join(FIX, "point.fds")
    sizes, values = tf.io.decode_proto(_points(), "testing.Point", _FIELDS,
                                       [tf.int32, tf.float32, tf.string, tf.int64, tf.bool, tf.float64],
                                       descriptor_source=fds)
    one = tf.io.decode_proto(_points()[0], "testing.Point", ["ys", "x"], [tf.float64, tf.int64], descriptor_source=fds)
    return {"sizes": _run(tf, sizes), "values": _run(tf, values), "one": _run(tf, list(one)),
            "static": [str(sizes.shape)] + [str(v.shape) for v in values]}


def case_x_reader_encode_proto_round_trip(tf):
    fds = os.path.join(FIX, "point.fds")
    types = [tf.int32, tf.float32, tf.string, tf.int64, tf.bool, tf.float64]
    sizes, values = tf.io.decode_proto(_points(), "testing.Point", _FIELDS, types, descriptor_source=fds)
    encoded = tf.io.encode_proto(sizes, values, _FIELDS, "testing.Point", descriptor_source=fds)
    again = tf.io.decode_proto(encoded, "testing.Point", _FIELDS, types, descriptor_source=fds)
    return {"encoded": _run(tf, encoded), "same": _run(tf, list(again)), "shape": str(encoded.shape)}


def case_x_reader_decode_proto_errors(tf):
    fds = os.path.join(FIX, "point.fds")

    def decode(data, message, fields, types, source=fds):
        return lambda: tf.io.decode_proto(data, message, fields, types, descriptor_source=source)[0]
    return {"type": _run_message(tf, decode(_points(), "testing.Nope", ["x"], [tf.int32]), "No descriptor found"),
            "field": _run_message(tf, decode(_points(), "testing.Point", ["zz"], [tf.int32]), "Unknown field: zz"),
            "output": _run_message(tf, decode(_points(), "testing.Point", ["x"], [tf.string]),
                                   "Unexpected output type"),
            "bytes": _run_message(tf, decode([b"\xff\xff"], "testing.Point", ["x"], [tf.int32]),
                                  "Failed to consume entire buffer"),
            "local": _run(tf, tf.io.decode_proto([b"\x18\x01"], "tensorflow.TensorShapeProto", ["unknown_rank"],
                                                 [tf.bool])[1])}
