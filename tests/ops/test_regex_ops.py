"""RE2's rules over Python's re: rewrites, UTF-8 characters, bad patterns."""
import pytest

import tfsess as tf


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed).tolist()


def test_rewrite_escapes_follow_re2(fresh_graph):
    s = tf.constant(["baaad"])
    assert _run(tf.strings.regex_replace(s, "a+", "<\\0>")) == [b"b<aaa>d"]
    assert _run(tf.strings.regex_replace(s, "(b)(a)", "\\2\\1\\\\")) == [b"ab\\aad"]
    assert _run(tf.strings.regex_replace(s, "a", "x\\qy")) == [b"bxxxd"]  # cut at the bad escape
    assert _run(tf.strings.regex_replace(s, "(a)", "\\3")) == [b"baaad"]  # a missing group: nothing replaced


def test_dot_is_one_utf8_character_and_a_tensor_pattern_is_read_per_run(fresh_graph):
    pattern = tf.placeholder(tf.string, [])
    matched = tf.strings.regex_full_match(tf.constant(["é", "ab"]), pattern)
    assert _run(matched, {pattern: "."}) == [True, False]
    assert _run(matched, {pattern: ".."}) == [False, True]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid pattern: \\(, error"):
            sess.run(matched, {pattern: "("})
        assert sess.run(matched, {pattern: "a."}).tolist() == [False, True]
