"""Session rules found by the round-14 variations: None targets, empty graphs in partial runs."""
import pytest

import tfsess as tf


def test_none_target_keeps_sess_str_none():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(2.0)
    sess = tf.Session(None, graph=g)
    assert sess.sess_str is None
    assert sess.run(c) == 2.0
    assert tf.Session('', graph=g).sess_str == b''


def test_partial_run_setup_on_empty_graph():
    sess = tf.Session(graph=tf.Graph())
    with pytest.raises(RuntimeError, match='graph is empty'):
        sess.partial_run_setup([])


def test_list_subclass_fetch_comes_back_as_list_and_defaultdict_keeps_factory():
    import collections

    class Items(list):
        pass

    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0)
    sess = tf.Session(graph=g)
    out = sess.run(Items([a, a]))
    assert type(out) is list and out == [1.0, 1.0]
    dd = sess.run(collections.defaultdict(list, {'k': a}))
    assert isinstance(dd, collections.defaultdict) and dd['missing'] == []


def test_bad_feed_reported_before_bad_fetch():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[2], name='x')
        c = tf.constant(1.0)
    sess = tf.Session(graph=g)
    with pytest.raises(ValueError, match='Cannot feed value of shape'):
        sess.run(None, {x: [1.0, 2.0, 3.0]})
    with pytest.raises(TypeError, match='feed cannot be a tf.Tensor'):
        sess.run('nope:0', {x: c})
    with pytest.raises(TypeError, match='None'):
        sess.run(None, {x: [1.0, 2.0]})   # good feeds: the fetch's own error


def test_gradient_override_map_needs_string_mapping():
    g = tf.Graph()
    with pytest.raises(TypeError, match='mapping strings to strings'):
        with g.gradient_override_map([('Identity', 'X')]):
            pass
    with pytest.raises(TypeError, match='mapping strings to strings'):
        with g.gradient_override_map({'Identity': 3}):
            pass


def test_message_byte_size_matches_serialized_length():
    c = tf.ConfigProto(allow_soft_placement=True)
    assert c.ByteSize() == len(c.SerializeToString()) > 0
    assert tf.RunOptions().ByteSize() == 0
