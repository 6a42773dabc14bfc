"""Op examples: the shifts of tf.bitwise and the smaller tf.math / tf.* ops of extra_math_ops."""
import numpy as np

from op_examples import C23, F23, I23, UNIT23, plain

EXAMPLES = {}

SHIFTS = np.array([[0, 1, 40], [-3, 2, 31]], np.int32)
EXAMPLES["LeftShift"] = plain(lambda tf, x, y: tf.bitwise.left_shift(x, y), I23, SHIFTS)
EXAMPLES["RightShift"] = plain(lambda tf, x, y: tf.bitwise.right_shift(x, y), I23, SHIFTS)
EXAMPLES["Angle"] = plain(lambda tf, z: tf.math.angle(z), C23)
EXAMPLES["Bitcast"] = plain(lambda tf, x: [tf.bitcast(x, tf.uint8), tf.bitcast(x, tf.int32),
                                           tf.bitcast(tf.bitcast(x, tf.uint16), tf.float32)], F23, variants=False)
EXAMPLES["BroadcastArgs"] = plain(lambda tf, a, b: tf.broadcast_dynamic_shape(a, b), np.array([2, 1, 3], np.int32),
                                  np.array([4, 1], np.int32), partial=False)
EXAMPLES["NextAfter"] = plain(lambda tf, x, y: tf.math.nextafter(x, y), F23, F23[::-1].copy())
EXAMPLES["CumulativeLogsumexp"] = plain(lambda tf, x: [tf.math.cumulative_logsumexp(x, 1),
                                                       tf.math.cumulative_logsumexp(x, 0, exclusive=True,
                                                                                    reverse=True)], F23)

WORDS = np.array([[b"a", b"bb"], [b"ccc", b""]], dtype=object)
EXAMPLES["StringToHashBucketFast"] = plain(lambda tf, s: tf.strings.to_hash_bucket_fast(s, 10), WORDS)
EXAMPLES["StringToHashBucketStrong"] = plain(lambda tf, s: tf.strings.to_hash_bucket_strong(s, 10, [1, 2]), WORDS)
EXAMPLES["StringToHashBucket"] = plain(lambda tf, s: tf.string_to_hash_bucket(s, 10), WORDS)
EXAMPLES["Fingerprint"] = plain(lambda tf, s, x: [tf.fingerprint(s), tf.fingerprint(x)], WORDS, F23)

TOKENS = np.array([[b"a", b"b", b"c"], [b"d", b"e", b"f"]], dtype=object)
EXAMPLES["StringFormat"] = plain(lambda tf, x, s: tf.strings.format("x={} s={}", [x, s]), F23, WORDS)
EXAMPLES["UnsortedSegmentJoin"] = plain(lambda tf, s: tf.strings.unsorted_segment_join(s, [1, 1], 3, "-"), WORDS,
                                        partial=False)
EXAMPLES["UnicodeTranscode"] = plain(lambda tf, s: tf.strings.unicode_transcode(s, "UTF-8", "UTF-16-BE"), WORDS)
EXAMPLES["UnicodeEncode"] = plain(lambda tf, c: tf.strings.unicode_encode(c, "UTF-8"),
                                  np.array([[104, 105], [0x1F600, 65]], np.int32), variants=False)
EXAMPLES["StringNGrams"] = plain(lambda tf, s: tf.strings.ngrams(s, [1, 2], pad_values="#"), TOKENS)
EXAMPLES["Erfinv"] = plain(lambda tf, x: tf.math.erfinv(x), UNIT23)
EXAMPLES["Ndtri"] = plain(lambda tf, x: tf.math.ndtri(x * 0.5 + 0.5), UNIT23)
