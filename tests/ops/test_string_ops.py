"""String ops: parsing and formatting numbers, joining, substrings, and the tf.strings aliases."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_string_to_number():
    s = tf.placeholder(tf.string, [None])
    floats = tf.string_to_number(s)
    ints = tf.strings.to_number(s, out_type=tf.int64)
    assert floats.dtype == tf.float32 and ints.dtype == tf.int64 and floats.shape.as_list() == [None]
    np.testing.assert_allclose(run(floats, {s: ["1.5", " -2 ", "1e3", "inf"]}), [1.5, -2, 1000, np.inf])
    assert run(ints, {s: ["12", "-7"]}).tolist() == [12, -7]
    with pytest.raises(errors.InvalidArgumentError, match="could not correctly convert string: 1.5"):
        run(ints, {s: ["1.5"]})
    with pytest.raises(errors.InvalidArgumentError, match="abc"):
        run(floats, {s: ["abc"]})
    with pytest.raises(TypeError):
        tf.string_to_number(s, out_type=tf.bool)
    with pytest.raises(TypeError):
        tf.string_to_number(tf.constant([1.0]))


def test_as_string_formats_like_printf():
    got = run([tf.as_string(tf.constant([1.5, -2.0])), tf.as_string(tf.constant([3.14159]), precision=2),
               tf.as_string(tf.constant([1234.5]), scientific=True),
               tf.as_string(tf.constant([0.5]), shortest=True),
               tf.as_string(tf.constant([7, -3]), width=3, fill="0"), tf.as_string(tf.constant([True, False])),
               tf.as_string(tf.constant([5]), width=3)])
    assert got[0].tolist() == [b"1.500000", b"-2.000000"] and got[1].tolist() == [b"3.14"]
    assert got[2].tolist() == [b"1.234500e+03"] and got[3].tolist() == [b"0.5"]
    assert got[4].tolist() == [b"007", b"-03"] and got[5].tolist() == [b"true", b"false"]
    assert got[6].tolist() == [b"  5"]
    with pytest.raises(ValueError):
        tf.as_string(tf.constant([1.0]), scientific=True, shortest=True)
    with pytest.raises(ValueError):
        tf.as_string(tf.constant([1.0]), fill="ab")


def test_string_join_broadcasts_scalars():
    a = tf.constant(["a", "b"])
    got = run([tf.string_join([a, "x", a], separator="-"), tf.strings.join(["p", "q"])])
    assert got[0].tolist() == [b"a-x-a", b"b-x-b"] and got[1] == b"pq"
    with pytest.raises(ValueError):
        tf.string_join([a, tf.constant(["1", "2", "3"])])


def test_substr_length_case_strip_regex():
    s = tf.constant(["hello", "wörld"])
    got = run([tf.substr(s, 1, 3), tf.substr(s, -3, 2), tf.strings.substr(s, 1, 2, unit="UTF8_CHAR"),
               tf.strings.length(s), tf.strings.length(s, unit="UTF8_CHAR"), tf.strings.upper(s),
               tf.strings.strip(tf.constant(["  a "])), tf.strings.regex_replace(s, "l+", "L")])
    assert got[0].tolist() == [b"ell", "wör".encode()[1:4]] and got[1].tolist()[0] == b"ll"
    assert got[2].tolist() == [b"el", "ör".encode()] and got[3].tolist() == [5, 6]
    assert got[4].tolist() == [5, 5] and got[5].tolist()[0] == b"HELLO"
    assert got[6].tolist() == [b"a"] and got[7].tolist() == [b"heLo", "wörLd".encode()]
    with pytest.raises(errors.InvalidArgumentError, match="out of range"):
        run(tf.substr(s, 9, 1))


def test_string_split_gives_a_sparse_tensor():
    sp = tf.string_split(["a b  c", "d"])
    assert sp.indices.dtype == tf.int64 and sp.values.dtype == tf.string
    got = run(sp)
    assert got.indices.tolist() == [[0, 0], [0, 1], [0, 2], [1, 0]]
    assert got.values.tolist() == [b"a", b"b", b"c", b"d"] and got.dense_shape.tolist() == [2, 3]
    assert run(tf.string_split(["a,b;c"], delimiter=",;")).values.tolist() == [b"a", b"b", b"c"]
    v2 = run(tf.strings.split(["x--y"], sep="--"))
    assert v2.values.tolist() == [b"x", b"y"]
