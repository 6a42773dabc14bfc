"""tf.summary ops: names and tags as TF makes them, and the Summary protos their kernels return."""
import io
import wave
import zlib

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors

pytest.importorskip("google.protobuf")


def values(serialized):
    assert isinstance(serialized, bytes)
    return list(tf.Summary.FromString(serialized).value)


def png_pixels(data, height, width, channels):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    idat = data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8]
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    assert (rows[:, 0] == 0).all()  # filter type None on every row
    return rows[:, 1:].reshape(height, width, channels)


def test_scalar_names_tags_and_collection(g):
    x = tf.constant(3.5)
    a = tf.summary.scalar("loss", x)
    with tf.name_scope("train"):
        b = tf.summary.scalar("acc", x)
        c = tf.summary.scalar("acc", x * 2.0)
    d = tf.summary.scalar("f", x, family="fam")
    e = tf.summary.scalar("bad name!", tf.constant(7, tf.int32), collections=["mine"])
    assert [t.op.name for t in (a, b, c, d, e)] == ["loss", "train/acc", "train/acc_1", "fam/f", "bad_name_"]
    assert a.op.type == "ScalarSummary" and a.dtype == tf.string and a.shape.as_list() == []
    assert [op.name for op in g.get_operations() if op.type == "Const" and "/" in op.name][0] == "loss/tags"
    assert tf.get_collection(tf.GraphKeys.SUMMARIES) == [a, b, c, d] and tf.get_collection("mine") == [e]
    out = tf.Session().run([a, b, c, d, e])
    assert [(v.tag, v.simple_value) for s in out for v in values(s)] == [
        ("loss", 3.5), ("train/acc", 3.5), ("train/acc_1", 7.0), ("fam/fam/f", 3.5), ("bad_name_", 7.0)]


def test_scalar_of_a_vector_fails_at_run_time_naming_the_tag(g):
    s = tf.summary.scalar("s", tf.constant([1.0, 2.0]))
    sess = tf.Session()
    with pytest.raises(errors.InvalidArgumentError, match=r"not the same shape: \[\] != \[2\] \(tag 's'\)"):
        sess.run(s)
    assert sess.run(tf.constant(1.0)) == 1.0  # the session stays usable


def test_histogram_uses_tfs_buckets_and_fields(g):
    h = tf.summary.histogram("w", tf.constant([0.0, 1.0, 1.0, 2.5, -3.0, 100.0]))
    (value,) = values(tf.Session().run(h))
    histo = value.histo
    assert value.tag == "w" and h.op.type == "HistogramSummary"
    assert (histo.min, histo.max, histo.num, histo.sum, histo.sum_squares) == (-3.0, 100.0, 6.0, 101.5, 10017.25)
    limits, counts = np.array(histo.bucket_limit), np.array(histo.bucket)
    assert counts.sum() == 6 and limits[-1] == np.finfo(np.float64).max
    assert (np.diff(limits) > 0).all()
    for v in (0.0, 1.0, 2.5, -3.0, 100.0):  # each value sits in a non-empty bucket whose limit is above it
        i = np.searchsorted(limits, v, side="right")
        assert counts[i] >= 1 and (i == 0 or limits[i - 1] <= v)
    assert not any(counts[i] == 0 and counts[i + 1] == 0 for i in range(len(counts) - 1))  # empty runs merged


def test_histogram_rejects_nan_and_inf_naming_the_op(g):
    sess = tf.Session()
    with pytest.raises(errors.InvalidArgumentError, match="Nan in summary histogram for: nanh"):
        sess.run(tf.summary.histogram("nanh", tf.constant([1.0, np.nan])))
    with pytest.raises(errors.InvalidArgumentError, match="Infinity in Histogram for: infh"):
        sess.run(tf.summary.histogram("infh", tf.constant([np.inf])))


def test_image_uint8_pixels_are_kept_and_tags_count_requested_images(g):
    pixels = (np.arange(2 * 3 * 4 * 3) * 7 % 256).astype(np.uint8).reshape(2, 3, 4, 3)
    many = tf.summary.image("img", tf.constant(pixels), max_outputs=3)
    one = tf.summary.image("one", tf.constant(pixels), max_outputs=1)
    sess = tf.Session()
    out = values(sess.run(many))
    assert [v.tag for v in out] == ["img/image/0", "img/image/1"]
    for i, v in enumerate(out):
        assert (v.image.height, v.image.width, v.image.colorspace) == (3, 4, 3)
        assert np.array_equal(png_pixels(v.image.encoded_image_string, 3, 4, 3), pixels[i])
    assert [v.tag for v in values(sess.run(one))] == ["one/image"]


def test_float_images_scale_like_tf_and_nonfinite_pixels_turn_red(g):
    positive = np.array([[[[0.0], [0.25]], [[0.5], [1.0]]]], np.float32)
    signed = np.array([[[[-1.0, 0.0, 1.0], [np.nan, 0.0, 0.0]]]], np.float32)
    sess = tf.Session()
    (p,) = values(sess.run(tf.summary.image("p", tf.constant(positive))))
    assert png_pixels(p.image.encoded_image_string, 2, 2, 1).ravel().tolist() == [0, 63, 127, 255]
    (s,) = values(sess.run(tf.summary.image("s", tf.constant(signed))))
    assert png_pixels(s.image.encoded_image_string, 1, 2, 3).tolist() == [[[1, 128, 255], [255, 0, 0]]]


def test_image_needs_4d_with_1_3_or_4_channels(g):
    with pytest.raises(errors.InvalidArgumentError, match=r"last dim 1, 3, or 4, not \[1,2,2,2\]"):
        tf.Session().run(tf.summary.image("bad", tf.zeros([1, 2, 2, 2])))


def test_audio_is_16_bit_wav_with_tfs_rounding(g):
    clip = np.array([[0.5, -0.5, 1.5, -2.0, 3 / 65536.0]], np.float32)
    a = tf.summary.audio("sound", tf.constant(clip), 8000)
    assert [op.name for op in g.get_operations()][-3:] == ["sound/sample_rate", "sound/tag", "sound"]
    (v,) = values(tf.Session().run(a))
    assert v.tag == "sound/audio/0" and v.audio.content_type == "audio/wav"
    assert (v.audio.sample_rate, v.audio.num_channels, v.audio.length_frames) == (8000.0, 1, 5)
    with wave.open(io.BytesIO(v.audio.encoded_audio_string)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 8000)
        samples = np.frombuffer(w.readframes(5), "<i2").tolist()
    assert samples == [16384, -16384, 32767, -32768, 2]  # 1.5 rounds half away from zero


def test_text_and_tensor_summary_carry_tensors_and_metadata(g):
    t = tf.summary.text("notes", tf.constant(["hello", "world"]))
    ts = tf.summary.tensor_summary("m", tf.constant([[1, 2]], tf.int64), summary_description="desc")
    sess = tf.Session()
    (text,) = values(sess.run(t))
    assert text.metadata.plugin_data.plugin_name == "text" and list(text.tensor.string_val) == [b"hello", b"world"]
    (tensor,) = values(sess.run(ts))
    assert tensor.metadata.summary_description == "desc" and tensor.tensor.dtype == tf.int64.as_datatype_enum
    assert tensor.tensor.tensor_content == np.array([1, 2], "<i8").tobytes()
    with pytest.raises(ValueError, match="to have dtype string"):
        tf.summary.text("n", tf.constant(1.0))


def test_merge_keeps_order_and_rejects_duplicate_tags(g):
    x = tf.constant([1.0, 2.0])
    a, b = tf.summary.scalar("a", tf.reduce_sum(x)), tf.summary.scalar("b", tf.reduce_max(x))
    m = tf.summary.merge([b, a])
    named = tf.summary.merge([a], name="my merge")
    assert (m.op.type, m.op.name, named.op.name) == ("MergeSummary", "Merge/MergeSummary", "my_merge/my_merge")
    sess = tf.Session()
    assert [v.tag for v in values(sess.run(m))] == ["b", "a"]
    with pytest.raises(errors.InvalidArgumentError, match="Duplicate tag a found"):
        sess.run(tf.summary.merge([a, a]))
    with pytest.raises(ValueError, match="shorter than minimum length 1"):
        tf.summary.merge([])
    with pytest.raises(TypeError, match=r"have types \[float32, string\] that do not match expected type string"):
        tf.summary.merge([tf.constant(1.0), a])
    with pytest.raises(errors.OperatorNotAllowedInGraphError, match="Iterating over a symbolic"):
        tf.summary.merge(a)  # one summary, not a list of them: TF iterates it first


def test_merge_all_by_key_and_scope_and_none_when_empty(g):
    assert tf.summary.merge_all() is None
    with tf.name_scope("outer"):
        tf.summary.scalar("a", 1.0)
    tf.summary.scalar("c", 2.0, collections=["mine", tf.GraphKeys.SUMMARIES])
    sess = tf.Session()
    assert [v.tag for v in values(sess.run(tf.summary.merge_all()))] == ["outer/a", "c"]
    assert [v.tag for v in values(sess.run(tf.summary.merge_all(scope="outer")))] == ["outer/a"]
    assert [v.tag for v in values(sess.run(tf.summary.merge_all("mine")))] == ["c"]
    assert tf.summary.merge_all(key="nothing") is None


def test_audio_sample_rate_of_one_element_and_its_conversion_error(g):
    s = tf.summary.audio("a", tf.zeros([1, 4]), tf.constant([8000.0]))
    assert values(tf.Session().run(s))[0].audio.sample_rate == 8000.0
    with pytest.raises(ValueError, match="^sample_rate: Tensor conversion requested dtype float32"):
        tf.summary.audio("a", tf.zeros([1, 4]), tf.constant(8000.0, tf.float64))


def test_scalar_refusal_lists_real_types_in_tf_order(g):
    with pytest.raises(TypeError, match="allowed values: float32, float64, int32, uint8, int16, int8, int64, "
                                        "bfloat16, uint16, float16, uint32, uint64$"):
        tf.summary.scalar("s", "text")
