"""tf.strings.format, unsorted_segment_join, unicode_transcode/encode, ngrams, bytes_split (TF 2.21's values)."""
import pytest

import tfsess as tf


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


def test_format(sess):
    text = tf.strings.format("x={} y={}", [tf.constant([1, 2, 3]), tf.constant(2.5)])
    assert text.op.type == "StringFormat" and text.shape.as_list() == []
    assert sess.run(text) == b"x=[1 2 3] y=2.5"
    assert sess.run(tf.strings.format("{}", tf.range(10))) == b"[0 1 2 ... 7 8 9]"
    nested = tf.strings.format("a {} b", tf.constant([["x", "y"], ["z", "w"]]), summarize=1)
    assert sess.run(nested) == b'a [["x" "y"]\n ["z" "w"]] b'
    assert sess.run(tf.strings.format("<>", [tf.constant(True)], placeholder="<>")) == b"1"
    with pytest.raises(ValueError, match="The template expects 2 tensors, but the inputs only has 1"):
        tf.strings.format("{} {}", [tf.constant(1)])


def test_unsorted_segment_join(sess):
    joined = tf.strings.unsorted_segment_join(tf.constant(["a", "b", "c", "d"]), tf.constant([1, 0, 1, 1]), 3,
                                              separator="-")
    assert joined.shape.as_list() == [3] and sess.run(joined).tolist() == [b"b", b"a-c-d", b""]
    rows = tf.strings.unsorted_segment_join(tf.constant([["a", "b"], ["c", "d"]]), tf.constant([1, 1]), 2)
    assert sess.run(rows).tolist() == [[b"", b""], [b"ac", b"bd"]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="segment_ids are not allowed to exceed num_segments"):
        sess.run(tf.strings.unsorted_segment_join(tf.constant(["a"]), tf.constant([5]), 2))


def test_unicode_transcode_and_encode(sess):
    out = tf.strings.unicode_transcode(tf.constant(["héllo".encode(), b"a\xffb"]), "UTF-8", "UTF-16-BE")
    assert sess.run(out).tolist() == [b"\x00h\x00\xe9\x00l\x00l\x00o", b"\x00a\xff\xfd\x00b"]
    bad = tf.constant([b"a\xffb"])
    assert sess.run(tf.strings.unicode_transcode(bad, "UTF-8", "UTF-8", replacement_char=63)).tolist() == [b"a?b"]
    assert sess.run(tf.strings.unicode_transcode(bad, "UTF-8", "UTF-8", errors="ignore")).tolist() == [b"ab"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid formatting on input string"):
        sess.run(tf.strings.unicode_transcode(bad, "UTF-8", "UTF-8", errors="strict"))
    control = tf.strings.unicode_transcode(tf.constant([b"a\x01b"]), "UTF-8", "UTF-8", replace_control_characters=True)
    assert sess.run(control).tolist() == [b"a\xef\xbf\xbdb"]
    with pytest.raises(ValueError, match="not in: \"UTF-8\", \"UTF-16-BE\", \"UTF-32-BE\""):
        tf.strings.unicode_transcode(tf.constant(["a"]), "UTF-8", "LATIN-1")
    encoded = tf.strings.unicode_encode(tf.constant([[104, 105], [0x1F600, 65]]), "UTF-8")
    assert encoded.shape.as_list() == [2] and sess.run(encoded).tolist() == [b"hi", b"\xf0\x9f\x98\x80A"]
    assert sess.run(tf.strings.unicode_encode(tf.constant([104, 105]), "UTF-16-BE")) == b"\x00h\x00i"
    assert sess.run(tf.strings.unicode_encode(tf.constant([0x110000, 65]), "UTF-8")) == b"\xef\xbf\xbdA"
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid code point"):
        sess.run(tf.strings.unicode_encode(tf.constant([0x110000]), "UTF-8", errors="strict"))


def test_ngrams_and_bytes_split(sess):
    grams = tf.strings.ngrams(tf.constant([["a", "b", "c"], ["d", "e", "f"]]), 2)
    assert sess.run(grams).tolist() == [[b"a b", b"b c"], [b"d e", b"e f"]]
    assert sess.run(tf.strings.ngrams(tf.constant(["a", "b", "c"]), [1, 2], separator="_")).tolist() == \
        [b"a", b"b", b"c", b"a_b", b"b_c"]
    padded = tf.strings.ngrams(tf.constant(["a", "b", "c"]), 2, pad_values=("<s>", "</s>"))
    assert sess.run(padded).tolist() == [b"<s> a", b"a b", b"b c", b"c </s>"]
    short = tf.constant(["a", "b"])
    assert sess.run(tf.strings.ngrams(short, 3, preserve_short_sequences=True)).tolist() == [b"a b"]
    assert sess.run(tf.strings.ngrams(short, 3)).tolist() == []
    with pytest.raises(ValueError, match="pad_values must be provided"):
        tf.strings.ngrams(short, 2, padding_width=1)
    assert sess.run(tf.strings.bytes_split(tf.constant("abc"))).tolist() == [b"a", b"b", b"c"]
    assert sess.run(tf.strings.bytes_split(tf.constant(["abc"]))).to_list() == [[b"a", b"b", b"c"]]  # ragged
