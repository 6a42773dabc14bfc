"""Unicode decoding into ragged code points (UnicodeDecode, UnicodeDecodeWithOffsets) and ragged splits."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


@pytest.fixture
def sess():
    tf.reset_default_graph()
    with tf.Session() as session:
        yield session


def test_decode_rank_0_1_2(sess):
    scalar, vector, matrix = sess.run([tf.strings.unicode_decode("hé", "UTF-8"),
                                       tf.strings.unicode_decode(["hé", ""], "UTF-8"),
                                       tf.strings.unicode_decode([["a", "bc"]], "UTF-8")])
    np.testing.assert_array_equal(scalar, [104, 233])
    assert vector.to_list() == [[104, 233], []]
    assert matrix.to_list() == [[[97], [98, 99]]]


def test_error_modes(sess):
    bad = [b"a\xffb"]
    replaced, ignored = sess.run([tf.strings.unicode_decode(bad, "UTF-8"),
                                  tf.strings.unicode_decode(bad, "UTF-8", errors="ignore")])
    assert replaced.to_list() == [[97, 65533, 98]] and ignored.to_list() == [[97, 98]]
    with pytest.raises(errors.InvalidArgumentError, match="Invalid formatting"):
        sess.run(tf.strings.unicode_decode(bad, "UTF-8", errors="strict"))
    assert sess.run(tf.strings.unicode_decode(["ok"], "UTF-8")).to_list() == [[111, 107]]


def test_other_encodings(sess):
    utf16 = sess.run(tf.strings.unicode_decode(["a\U0001F600".encode("utf-16-be")], "UTF-16-BE"))
    assert utf16.to_list() == [[97, 0x1F600]]
    _, offsets = sess.run(tf.strings.unicode_decode_with_offsets(["a\U0001F600b".encode("utf-16-be")], "UTF-16-BE"))
    assert offsets.to_list() == [[0, 2, 6]]


def test_offsets_and_split(sess):
    codes, offsets = sess.run(tf.strings.unicode_decode_with_offsets(["h€l"], "UTF-8"))
    assert codes.to_list() == [[104, 8364, 108]] and offsets.to_list() == [[0, 1, 4]]
    chars = sess.run(tf.strings.unicode_split(["h€"], "UTF-8"))
    assert chars.to_list() == [[b"h", "€".encode()]]


def test_strings_split_ragged(sess):
    rt = tf.strings.split(["a b", "c"], result_type="RaggedTensor")
    assert isinstance(rt, tf.RaggedTensor)
    assert sess.run(rt).to_list() == [[b"a", b"b"], [b"c"]]
    with pytest.raises(ValueError, match="result_type"):
        tf.strings.split(["a"], result_type="Dense")


def test_unicode_script(sess):
    pytest.importorskip("fontTools")
    codes = sess.run(tf.strings.unicode_script([97, 0x0416, 0x4E2D, 48, -1, 0x10FFFF + 1]))
    np.testing.assert_array_equal(codes, [25, 8, 17, 0, -1, -1])  # Latin, Cyrillic, Han, Common, invalid


def test_bytes_split_and_ragged_encode(sess):
    pieces = sess.run(tf.strings.bytes_split(["ab", "", "c"]))
    assert pieces.to_list() == [[b"a", b"b"], [], [b"c"]]
    encoded = sess.run(tf.strings.unicode_encode(tf.ragged.constant([[104, 8364], [], [97]]), "UTF-8"))
    assert encoded.tolist() == [b"h\xe2\x82\xac", b"", b"a"]
