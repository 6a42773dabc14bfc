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


def test_interactive_sessions_closed_out_of_order_raise_and_keep_stack():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
    first = tf.InteractiveSession(graph=g)
    second = tf.InteractiveSession(graph=g)
    with pytest.raises(AssertionError, match='Nesting violated'):
        first.close()
    assert tf.get_default_session() is second
    second.close()
    assert tf.get_default_session() is first   # as TF: the closed first session is left on the stack
    first.close()   # a second close does nothing
    assert tf.get_default_session() is first
    with first.as_default():
        pass
    from tfsess.framework.default_session import _default_sessions
    _default_sessions.stack.clear()


def test_interactive_session_without_graph_leaves_default_graph_resettable():
    g = tf.Graph()
    with g.as_default():
        pass
    sess = tf.InteractiveSession()
    before = tf.get_default_graph()
    tf.reset_default_graph()   # TF enters only an explicitly given graph
    assert tf.get_default_graph() is not before
    sess.close()
    assert tf.get_default_session() is None


def test_session_as_default_blocks_must_nest():
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0)
    s1, s2 = tf.Session(graph=g), tf.Session(graph=g)
    outer, inner = s1.as_default(), s2.as_default()
    outer.__enter__()
    inner.__enter__()
    with pytest.raises(AssertionError, match='Nesting violated'):
        outer.__exit__(None, None, None)
    assert tf.get_default_session() is s2   # the stack is left as it was
    inner.__exit__(None, None, None)
    assert tf.get_default_session() is s1   # the failed outer block never pops
    from tfsess.framework.default_session import _default_sessions
    _default_sessions.stack.clear()


def test_callable_with_feeds_checks_run_metadata():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[])
        y = x * 2.0
    sess = tf.Session(graph=g)
    f = sess.make_callable(y, [x], accept_options=True)
    with pytest.raises(AttributeError):
        f(1.0, run_metadata=5)
    md = tf.RunMetadata()
    assert f(1.0, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md) == 2.0
    assert len(md.step_stats.dev_stats) > 0


def test_colocate_with_hides_device_scopes_and_collects_groups():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name='a')
        with tf.device('/cpu:0'):
            b = tf.constant(2.0, name='b')
            with tf.colocate_with(a):
                hidden = a * 2.0
                with tf.colocate_with(b):
                    both = b - 1.0
                with tf.colocate_with(b, ignore_existing=True):
                    only_b = b + 1.0
    assert hidden.device == ''   # the device scope outside colocate_with is hidden
    assert both.op.colocation_groups() == [b'loc:@a', b'loc:@b']
    assert both.device == '/device:CPU:0'   # the innermost colocated op with a device gives it
    assert only_b.op.colocation_groups() == [b'loc:@b']
    with pytest.raises(ValueError, match='ignore_existing'):
        with g.colocate_with(None):
            pass


def test_run_metadata_is_replaced_by_each_successful_run():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, shape=[])
        y = x + 1.0
    sess = tf.Session(graph=g)
    md = tf.RunMetadata()
    traced = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    sess.run(y, {x: 1.0}, options=traced, run_metadata=md)
    n = len(md.step_stats.dev_stats)
    sess.run(y, {x: 1.0}, options=traced, run_metadata=md)
    assert len(md.step_stats.dev_stats) == n > 0
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(y, options=traced, run_metadata=md)
    assert len(md.step_stats.dev_stats) == n   # a failed run leaves it as it was
    sess.run(y, {x: 1.0}, run_metadata=md)
    assert len(md.step_stats.dev_stats) == 0


def test_fed_variable_into_ref_input_is_invalid_argument():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0)
        inc = v.assign_add(1.0)
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    with pytest.raises(tf.errors.InvalidArgumentError, match='expected float_ref'):
        sess.run(inc, {v: 5.0})
    assert sess.run(v * 2.0, {v: 5.0}) == 10.0   # a value reader may be fed
    assert sess.run(inc) == 2.0


def test_op_error_args_stay_empty_as_tf():
    e = tf.errors.NotFoundError(None, None, 'missing')
    assert e.args == () and str(e) == 'missing' and e.message == 'missing'
    import pickle
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is tf.errors.NotFoundError and back.message == 'missing'


def test_function_body_counts_graph_seeded_ops_from_zero():
    g = tf.Graph()
    with g.as_default():
        tf.set_random_seed(3)
        tf.random_uniform([2])   # the outer graph's first graph-seeded op: seed2 0

        @tf.function
        def draw():
            return tf.random_uniform([2])

        @tf.function
        def other():
            return tf.random_uniform([2])

        draw(), other()
        tf.random_uniform([2])   # the outer count goes on: seed2 1
    seeds = {op.name: op.get_attr('seed2') for op in g._all_operations() if op.type == 'RandomUniform'}
    assert sorted(v for k, v in seeds.items() if 'inference' in k) == [0, 0]
    assert sorted(v for k, v in seeds.items() if 'inference' not in k) == [0, 1]
