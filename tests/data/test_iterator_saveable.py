"""make_saveable_from_iterator: an iterator's position saved and restored by tf.train.Saver (TF's results)."""
import pytest

import tfsess as tf


def _build(kind):
    tf.reset_default_graph()
    dataset = tf.data.Dataset.range(10).shuffle(10, seed=3).map(lambda x: x * 10)
    iterator = (tf.data.make_initializable_iterator(dataset) if kind == "initializable"
                else tf.data.make_one_shot_iterator(dataset))
    tf.add_to_collection(tf.GraphKeys.SAVEABLE_OBJECTS, tf.data.experimental.make_saveable_from_iterator(iterator))
    tf.Variable(1.0)
    return iterator, iterator.get_next(), tf.train.Saver()


@pytest.mark.parametrize("kind", ["initializable", "one_shot"])
def test_position_survives_save_and_restore(kind, tmp_path):
    prefix = str(tmp_path / "model")
    iterator, element, saver = _build(kind)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        if kind == "initializable":
            sess.run(iterator.initializer)
        first = [int(sess.run(element)) for _ in range(4)]
        saver.save(sess, prefix)
        after = [int(sess.run(element)) for _ in range(3)]
    iterator, element, saver = _build(kind)
    with tf.Session() as sess:
        if kind == "initializable":
            sess.run(iterator.initializer)
        saver.restore(sess, prefix)
        again = [int(sess.run(element)) for _ in range(3)]
    assert (first, after, again) == ([40, 70, 20, 60], [80, 0, 30], [80, 0, 30])  # TF 2.21's elements


def test_restoring_an_uninitialized_iterator_fails_as_tf(tmp_path):
    prefix = str(tmp_path / "model")
    iterator, element, saver = _build("initializable")
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), iterator.initializer])
        saver.save(sess, prefix)
    iterator, element, saver = _build("initializable")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="the iterator has not been initialized"):
            saver.restore(sess, prefix)


def test_only_iterators_make_saveables():
    with pytest.raises(AttributeError, match="_iterator_resource"):
        tf.data.experimental.make_saveable_from_iterator(tf.constant(1))
