"""tf.nn.ctc_loss / ctc_greedy_decoder and tf.py_function."""
import re

import numpy as np
import pytest

import tfsess as tf

LOGITS = np.log(np.array([[[0.6, 0.3, 0.1]], [[0.2, 0.7, 0.1]], [[0.1, 0.2, 0.7]], [[0.3, 0.3, 0.4]]], np.float32))


def _labels(values):
    return tf.SparseTensor([[0, i] for i in range(len(values))], tf.constant(values, tf.int32), [1, len(values)])


def _brute_force_loss(label, probs):
    """-log of the summed probability of every path that collapses to `label` (blank = last class)."""
    time, classes = probs.shape
    total = 0.0
    for path in np.ndindex(*([classes] * time)):
        collapsed = [c for i, c in enumerate(path) if (i == 0 or c != path[i - 1]) and c != classes - 1]
        if collapsed == label:
            total += np.prod([probs[t, c] for t, c in enumerate(path)])
    return -np.log(total)


def test_ctc_loss_matches_path_enumeration_and_tf():
    with tf.Graph().as_default():
        sess = tf.Session()
        for label in ([0, 1], [1, 1], [0]):
            loss = sess.run(tf.nn.ctc_loss(_labels(label), tf.constant(LOGITS), [4]))
            np.testing.assert_allclose(loss, [_brute_force_loss(label, np.exp(LOGITS[:, 0]))], rtol=1e-5)
        assert np.isclose(sess.run(tf.nn.ctc_loss(_labels([0, 1]), tf.constant(LOGITS), [4]))[0], 1.3827008)
        batch_major = tf.nn.ctc_loss(_labels([0]), tf.constant(LOGITS.transpose(1, 0, 2)), [4], time_major=False)
        np.testing.assert_allclose(sess.run(batch_major), [_brute_force_loss([0], np.exp(LOGITS[:, 0]))], rtol=1e-5)


def test_ctc_loss_too_short_and_ignore():
    with tf.Graph().as_default():
        sess = tf.Session()
        with pytest.raises(tf.errors.InvalidArgumentError, match="Not enough time"):
            sess.run(tf.nn.ctc_loss(_labels([0, 0, 1]), tf.constant(LOGITS), [2]))
        ignored = tf.nn.ctc_loss(_labels([0, 0, 1]), tf.constant(LOGITS), [2], ignore_longer_outputs_than_inputs=True)
        assert sess.run(ignored).tolist() == [0.0]
        with pytest.raises(TypeError, match="SparseTensor"):
            tf.nn.ctc_loss(tf.constant([[0]]), tf.constant(LOGITS), [4])


def test_greedy_decoder_merge_and_blank():
    logits = np.log(np.array([[[0.1, 0.8, 0.1]], [[0.1, 0.8, 0.1]], [[0.1, 0.1, 0.8]], [[0.1, 0.8, 0.1]]],
                             np.float32))
    with tf.Graph().as_default():
        sess = tf.Session()
        (merged,), _ = tf.nn.ctc_greedy_decoder(tf.constant(logits), [4])
        (kept,), _ = tf.nn.ctc_greedy_decoder(tf.constant(logits), [4], merge_repeated=False)
        assert sess.run(merged.values).tolist() == [1, 1]
        assert sess.run(kept.values).tolist() == [1, 1, 1]
        assert sess.run(merged.dense_shape).tolist() == [1, 2]


def test_py_function_eager_tensors_and_errors():
    with tf.Graph().as_default():
        sess = tf.Session()
        x = tf.constant([1.0, 2.0])
        out = tf.py_function(lambda t: (t * 3.0, t.shape.as_list()[0] + 0.5), [x], [tf.float32, tf.float32])
        assert [v.tolist() for v in sess.run(out)] == [[3.0, 6.0], 2.5]
        with pytest.raises(tf.errors.InvalidArgumentError, match="returned 1 values"):
            sess.run(tf.py_function(lambda t: t, [x], [tf.float32, tf.float32]))
        with pytest.raises(tf.errors.InvalidArgumentError):
            sess.run(tf.py_function(lambda t: t.numpy().astype(np.float64), [x], tf.float32))
        assert sess.run(x) is not None  # the session stays usable after a failed run
        assert isinstance(tf.py_function(lambda t: None, [x], []), tf.Operation)


def test_py_function_drops_extra_results_like_tf():
    p = tf.placeholder(tf.int32, [])
    extra = tf.py_function(lambda t: (t, t * 2), [p], [tf.int32])
    short = tf.py_function(lambda t: (t,), [p], [tf.int32, tf.int32])
    with tf.Session() as sess:
        assert sess.run(extra, {p: 3}) == [3]
        with pytest.raises(tf.errors.InvalidArgumentError, match="expects to see 2 values"):
            sess.run(short, {p: 3})


def test_py_function_gradients_through_eager_operators():
    p = tf.placeholder(tf.float32, [None])
    w = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    y = tf.py_function(lambda t: t * t, [p], tf.float32)
    pair = tf.py_function(lambda a, b: (a / b + a ** 2 - abs(b), a[0] * 3.0), [p, tf.constant([2.0, -4.0])],
                          [tf.float32, tf.float32])
    mm = tf.py_function(lambda a, b: a @ b, [w, w], tf.float32)
    detached = tf.py_function(lambda a: a.numpy() * 2, [p], tf.float32)
    grads = {"sq": tf.gradients(y, p)[0], "pair": tf.gradients(pair[0] + pair[1], p)[0],
             "first": tf.gradients(pair[0], p)[0], "mm": tf.gradients(mm, w)[0],
             "detached": tf.gradients(detached, p)[0]}
    assert re.match(r"gradients(_\d+)?/.*_grad/EagerPyFunc$", grads["sq"].op.name)  # the default graph is shared
    got = tf.Session().run(grads, {p: [1.0, 3.0]})
    np.testing.assert_allclose(got["sq"], [2.0, 6.0])
    np.testing.assert_allclose(got["pair"], [8.5, 5.75])
    np.testing.assert_allclose(got["first"], [2.5, 5.75])
    np.testing.assert_allclose(got["mm"], [[7.0, 11.0], [9.0, 13.0]])
    assert got["detached"] == 0.0 and got["detached"].dtype == np.float32


def test_ctc_loss_without_merging_may_skip_the_blank_between_repeats():
    # TF's ctc_loss_calculator: with ctc_merge_repeated=False a repeated label is emitted twice, so the
    # path may go straight from one to the next (value from TF 2.21)
    probs = np.array([[[0.5, 0.4, 0.1], [0.5, 0.4, 0.1], [0.1, 0.1, 0.8], [0.2, 0.7, 0.1]]], np.float32)
    with tf.Graph().as_default(), tf.Session() as sess:
        labels = tf.SparseTensor([[0, 0], [0, 1]], tf.constant([0, 0], tf.int32), [1, 2])
        loss = tf.nn.ctc_loss(labels, tf.constant(np.log(probs)), [4], ctc_merge_repeated=False, time_major=False)
        np.testing.assert_allclose(sess.run(loss), [3.2914466857910156], rtol=1e-5)


def test_string_results_come_back_as_bytes_objects_and_str_arrays_encode_as_tf_does():
    with tf.Graph().as_default(), tf.Session() as sess:
        n = tf.constant(1)
        fixed = sess.run(tf.numpy_function(lambda x: np.array([b"ab", b"c"]), [n], tf.string))
        eager = sess.run(tf.py_function(lambda x: np.array([b"ab"]), [n], tf.string))
        assert fixed.dtype == object and fixed.tolist() == [b"ab", b"c"]
        assert eager.dtype == object
        # an ndarray of str takes NumPy's (ASCII) bytes cast, as TF's FuncRegistry does; a bare str is UTF-8
        assert sess.run(tf.numpy_function(lambda x: np.array(["ab"]), [n], tf.string)).tolist() == [b"ab"]
        assert sess.run(tf.numpy_function(lambda x: "é", [n], tf.string)) == "é".encode()
        with pytest.raises(tf.errors.InvalidArgumentError, match="UnicodeEncodeError"):
            sess.run(tf.numpy_function(lambda x: np.array(["é"]), [n], tf.string))
