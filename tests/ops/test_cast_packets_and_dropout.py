"""Cast from the float types to the narrow integer types (TF's packet rules), the one dropout behind
tf.nn.dropout and tf.nn.experimental's dropouts, and the SequenceExample parsers' shared attrs."""
import numpy as np
import pytest

import tfsess as tf

_VALUES = np.array([300.7, -300.2, 1e10, -1e10, np.nan, np.inf, -np.inf, 70000.5, -129.9, 255.9, 4e9, -5e9])


def _cast(values, src, dst):
    tf.reset_default_graph()
    with tf.Session() as sess:
        return sess.run(tf.cast(tf.constant(values.astype(src)), dst)).tolist()


def test_double_to_int8_saturates_whole_packets_of_16_and_wraps_the_tail():
    got = _cast(np.resize(_VALUES, 20), "float64", tf.int8)
    assert got == [127, -128, -128, -128, -128, -128, -128, 127, -128, 127, -128, -128, 127, -128, -128, -128,
                   0, 0, 0, 112]  # TF 2.21's values
    assert _cast(_VALUES, "float64", tf.int8) == [44, -44, 0, 0, 0, 0, 0, 112, 127, -1, 0, 0]


def test_float_to_int8_packets_are_32_long():
    assert _cast(np.full(48, 300.7), "float32", tf.int8) == [127] * 32 + [44] * 16
    assert _cast(np.full(31, 300.7), "float32", tf.uint8) == [44] * 31


def test_double_to_uint8_goes_through_uint16_read_signed():
    got = _cast(np.resize(np.array([40000., 70000., -40000., 32767.5, 300.]), 16), "float64", tf.uint8)
    assert got[:5] == [0, 0, 0, 255, 255]


def test_to_uint32_and_uint64_keep_values_modulo_and_mark_the_rest():
    values = np.array([-2147483904.0, 4294967040.0, 4294967296.0, np.nan, -1.0, 1e10, -5e9, 70000.0])
    assert _cast(values, "float64", tf.uint32) == [2147483648, 4294967040, 2147483648, 2147483648, 4294967295,
                                                   2147483648, 2147483648, 70000]
    assert _cast(values[:5], "float64", tf.uint32) == [2147483392, 4294967040, 0, 0, 4294967295]  # the tail loop
    assert _cast(np.array([1.5e19, -1.0, np.nan, 1.9e19]), "float64", tf.uint64) == [
        15000000000000000000, 18446744073709551615, 9223372036854775808, 9223372036854775808]


def test_in_range_values_cast_as_before():
    values = np.linspace(-100, 100, 37)
    assert _cast(values, "float32", tf.int8) == np.trunc(values).astype(np.int8).tolist()


@pytest.mark.parametrize("rate, message", [
    (True, "in the range [0, 1)"), (np.array(0.5), "must be a scalar or scalar tensor"),
    ([0.5], "must be a scalar or scalar tensor"), ("a", "must be a scalar or scalar tensor")])
def test_dropout_rate_checks_are_tfs(rate, message):
    tf.reset_default_graph()
    for build in (lambda: tf.nn.dropout(tf.ones([4]), rate=rate),
                  lambda: tf.nn.experimental.stateless_dropout(tf.ones([4]), rate=rate, seed=[1, 2])):
        with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
            build()


def test_dropout_rate_tensor_of_another_float_type_is_refused():
    tf.reset_default_graph()
    with pytest.raises(ValueError, match="must be compatible with `rate.dtype`"):
        tf.nn.dropout(tf.ones([4]), rate=tf.constant(0.5, tf.float64))
    with pytest.raises(ValueError, match="must have rank 0"):
        tf.nn.experimental.general_dropout(tf.ones([4]), rate=tf.constant([0.5, 0.5]),
                                           uniform_sampler=tf.random.uniform)


def test_dropout_rate_zero_is_the_input_and_false_counts_as_zero():
    tf.reset_default_graph()
    x = tf.ones([3])
    assert tf.nn.dropout(x, rate=0.0) is x
    assert tf.nn.dropout(x, rate=False) is x
    kept = tf.nn.dropout(x, keep_prob=tf.constant(0.5))
    with tf.Session() as sess:
        assert set(sess.run(kept).tolist()) <= {0.0, 2.0}


def test_sequence_example_parsers_share_their_attrs():
    tf.reset_default_graph()
    ctx = {"c": tf.io.FixedLenFeature([], tf.int64, default_value=7)}
    seq = {"s": tf.io.FixedLenSequenceFeature([], tf.float32, allow_missing=True)}
    batch = tf.io.parse_sequence_example(tf.constant([b"", b""]), context_features=ctx, sequence_features=seq)
    single = tf.io.parse_single_sequence_example(tf.constant(b""), context_features=ctx, sequence_features=seq)
    with tf.Session() as sess:
        (context, lists, lengths), (one_context, one_lists) = sess.run([batch, single])
    assert context["c"].tolist() == [7, 7] and lists["s"].shape == (2, 0) and lengths["s"].tolist() == [0, 0]
    assert one_context["c"] == 7 and one_lists["s"].shape == (0,)
