"""tf.strings.to_hash_bucket*, tf.string_to_hash_bucket* and tf.fingerprint (values from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf

WORDS = [["a", "bb"], ["ccc", ""]]


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


def test_buckets(sess):
    c = tf.constant(WORDS)
    fast, strong, legacy = (tf.strings.to_hash_bucket_fast(c, 10), tf.strings.to_hash_bucket_strong(c, 10, [1, 2]),
                            tf.string_to_hash_bucket(c, 10))
    assert [t.op.type for t in (fast, strong, legacy)] == ["StringToHashBucketFast", "StringToHashBucketStrong",
                                                           "StringToHashBucket"]
    assert fast.dtype == tf.int64 and fast.shape.as_list() == [2, 2]
    assert sess.run(fast).tolist() == [[9, 2], [5, 3]]
    assert sess.run(strong).tolist() == [[6, 1], [3, 5]]
    assert sess.run(legacy).tolist() == [[8, 8], [8, 9]]
    assert sess.run(tf.string_to_hash_bucket_fast(c, 10)).tolist() == [[9, 2], [5, 3]]
    assert sess.run(tf.string_to_hash_bucket_strong(c, 10, [1, 2])).tolist() == [[6, 1], [3, 5]]
    assert sess.run(tf.strings.to_hash_bucket(input=c, num_buckets=10)).tolist() == [[8, 8], [8, 9]]


def test_bucket_errors(sess):
    c = tf.constant(WORDS)
    with pytest.raises(ValueError, match="Attr 'num_buckets' of 'StringToHashBucketFast' Op passed 0 less than"):
        tf.strings.to_hash_bucket_fast(c, 0)
    with pytest.raises(TypeError, match="'input'"):
        tf.strings.to_hash_bucket_fast(tf.constant([1]), 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Key must have 2 elements"):
        sess.run(tf.strings.to_hash_bucket_strong(c, 10, [1]))
    assert tf.gradients(tf.cast(tf.strings.to_hash_bucket_fast(c, 10), tf.float32), [c]) == [None]


def test_fingerprint(sess):
    rows = tf.fingerprint(tf.constant(WORDS))
    assert rows.op.type == "Fingerprint" and rows.dtype == tf.uint8 and rows.shape.as_list() == [2, 8]
    assert sess.run(rows).tolist() == [[214, 116, 89, 102, 99, 3, 13, 176], [108, 238, 63, 169, 42, 224, 253, 174]]
    assert sess.run(tf.fingerprint(tf.constant(["a", "bb"]))).tolist() == [[227, 117, 223, 182, 101, 66, 69, 179],
                                                                          [194, 23, 90, 36, 116, 4, 62, 2]]
    ints = sess.run(tf.fingerprint(tf.constant([[1, 2], [3, 4]], tf.int32)))
    assert ints.tolist() == [[76, 18, 253, 133, 168, 204, 240, 10], [254, 162, 60, 240, 103, 244, 53, 255]]
    assert sess.run(tf.fingerprint(tf.zeros([0, 3]))).shape == (0, 8)
    with pytest.raises(ValueError, match="at least rank 1"):
        tf.fingerprint(tf.constant(1))
    with pytest.raises(ValueError, match="Unsupported method: x"):
        tf.fingerprint(tf.constant([1]), method="x")
    method = tf.placeholder(tf.string, [])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Unsupported fingerprint method"):
        sess.run(tf.fingerprint(tf.constant([1]), method=method), {method: "x"})
