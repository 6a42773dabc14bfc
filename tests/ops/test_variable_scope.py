"""variable_scope / get_variable: names, reuse modes, inherited defaults, TF's errors, per-graph stores."""
import numpy as np
import pytest

import tfsess as tf


def test_get_variable_names_follow_the_variable_scope_not_the_name_scope(g):
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [1])
        c = tf.constant(1.0)
        with tf.name_scope("ns"):
            w = tf.get_variable("w", [1])
    assert (v.name, c.name, w.name) == ("foo/v:0", "foo/Const:0", "foo/w:0")
    with tf.variable_scope("foo", reuse=True) as scope:
        again = tf.get_variable("v", [1])
        c2 = tf.constant(1.0)
    assert again is v and c2.name == "foo_1/Const:0"
    assert scope.name == "foo" and scope.original_name_scope == "foo_1/" and scope.reuse is True


def test_reuse_is_inherited_and_false_does_not_undo_it(g):
    with tf.variable_scope("a"):
        x = tf.get_variable("x", [2])
    with tf.variable_scope("a", reuse=True):
        with tf.variable_scope("inner", reuse=False) as inner:
            assert inner.reuse is True
        assert tf.get_variable("x") is x
    with tf.variable_scope("a") as scope:
        scope.reuse_variables()
        assert tf.get_variable("x") is x and tf.get_variable_scope().reuse


def test_tf_errors_for_duplicate_missing_and_mismatched_variables(g):
    tf.get_variable("v", [1])
    with pytest.raises(ValueError, match="Variable v already exists, disallowed. Did you mean to set reuse=True"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(ValueError, match="Variable s/missing does not exist, or was not created with "
                                             r"tf.get_variable\(\)"):
            tf.get_variable("missing", [1])
    with tf.variable_scope("", reuse=True):
        with pytest.raises(ValueError, match="specified shape"):
            tf.get_variable("v", [2])
        with pytest.raises(ValueError, match="specified dtype"):
            tf.get_variable("v", [1], dtype=tf.int32)
    with pytest.raises(ValueError, match="do not specify shape"):
        tf.get_variable("c", shape=[3], initializer=tf.constant([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="initializer passed is not valid"):
        tf.get_variable("noshape")
    with pytest.raises(ValueError, match="don't match"):
        tf.get_variable("typed", initializer=[1, 2], dtype=tf.float32)
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="d", reuse=True):
            pass
    with pytest.raises(TypeError):
        tf.variable_scope(None)
    with pytest.raises(ValueError):
        tf.variable_scope("x", reuse="yes")


def test_auto_reuse_creates_once_then_shares(g):
    def layer():
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            return tf.get_variable("w", [2, 2], initializer=tf.ones_initializer())
    first, second = layer(), layer()
    assert first is second and tf.global_variables() == [first]


def test_default_names_are_made_unique_per_parent_scope(g):
    names = []
    for _ in range(2):
        with tf.variable_scope(None, default_name="layer") as scope:
            names.append((scope.name, tf.get_variable("w", [1]).name))
    assert names == [("layer", "layer/w:0"), ("layer_1", "layer_1/w:0")]
    with tf.variable_scope("outer"):
        with tf.variable_scope(None, default_name="layer") as scope:
            assert scope.name == "outer/layer"


def test_initializer_dtype_and_collections_are_inherited_and_overridable(g):
    with tf.variable_scope("init", initializer=tf.constant_initializer(3.0)):
        three = tf.get_variable("three", [2])
        with tf.variable_scope("inner"):
            ones = tf.get_variable("ones", [2], initializer=tf.ones_initializer())
            inherited = tf.get_variable("inherited", [2])
    with tf.variable_scope("typed", dtype=tf.float64):
        wide = tf.get_variable("wide", [1], initializer=tf.zeros_initializer())
    ints = tf.get_variable("ints", [2, 2], dtype=tf.int32)
    flags = tf.get_variable("flags", [2], dtype=tf.bool)
    local = tf.get_local_variable("local", [1], initializer=tf.zeros_initializer())
    frozen = tf.get_variable("frozen", [1], trainable=False)
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    np.testing.assert_array_equal(sess.run(three), [3.0, 3.0])
    np.testing.assert_array_equal(sess.run(ones), [1.0, 1.0])
    np.testing.assert_array_equal(sess.run(inherited), [3.0, 3.0])
    assert wide.dtype.base_dtype == tf.float64
    assert sess.run(ints).tolist() == [[0, 0], [0, 0]] and sess.run(flags).tolist() == [False, False]
    assert local in tf.local_variables() and local not in tf.global_variables() + tf.trainable_variables()
    assert frozen in tf.global_variables() and frozen not in tf.trainable_variables()


def test_constant_and_callable_initializers(g):
    a = tf.get_variable("a", initializer=tf.constant([1.0, 2.0, 3.0]))
    b = tf.get_variable("b", initializer=[[1, 2]])
    c = tf.get_variable("c", shape=[2, 3],
                        initializer=lambda shape, dtype=None, partition_info=None: tf.ones(shape, dtype) * 4)
    d = tf.get_variable("d", initializer=lambda: tf.zeros([2]))
    e = tf.get_variable("e", shape=[2], initializer=tf.zeros_initializer)  # a class, instantiated
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    assert sess.run(a).tolist() == [1.0, 2.0, 3.0] and sess.run(b).dtype == np.int32
    assert sess.run(c).tolist() == [[4.0] * 3] * 2 and sess.run(d).tolist() == [0.0, 0.0]
    assert sess.run(e).tolist() == [0.0, 0.0]
    assert [op.name for op in g.get_operations() if op.name.startswith("c/Initializer/")]


def test_default_float_initializer_is_glorot_uniform(g):
    w = tf.get_variable("w", shape=[40, 60])
    sess = tf.Session()
    sess.run(w.initializer)
    value = sess.run(w)
    limit = np.sqrt(6.0 / (40 + 60))
    assert value.dtype == np.float32 and np.all(np.abs(value) <= limit + 1e-6) and value.std() > limit / 3


def test_regularizer_adds_a_loss_and_custom_getter_wraps_creation(g):
    seen = []

    def logging_getter(getter, name, *args, **kwargs):  # TF passes the next getter as `getter=`
        seen.append(name)
        return getter(name, *args, **kwargs)

    with tf.variable_scope("r", regularizer=lambda v: tf.reduce_sum(v) * 0.5, custom_getter=logging_getter):
        v = tf.get_variable("v", initializer=[2.0, 4.0])
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert seen == ["r/v"] and len(losses) == 1 and losses[0].op.name.startswith("r/v/Regularizer/")
    sess = tf.Session()
    sess.run(v.initializer)
    assert sess.run(losses[0]) == 3.0
    with tf.variable_scope("n", regularizer=tf.no_regularizer):
        tf.get_variable("q", [1])
    assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 1


def test_custom_getters_see_the_defaults_filled_in(g):
    seen = []

    def spy(getter, name, *args, **kwargs):
        seen.append((kwargs["trainable"], kwargs["synchronization"], kwargs["aggregation"]))
        return getter(name, *args, **kwargs)

    with tf.variable_scope("s", custom_getter=spy):
        tf.get_variable("a", [1])
        tf.get_variable("b", [1], trainable=False)
        tf.get_variable("c", [1], synchronization=tf.VariableSynchronization.ON_READ)
    auto, none = tf.VariableSynchronization.AUTO, tf.VariableAggregation.NONE
    assert seen == [(True, auto, none), (False, auto, none), (False, tf.VariableSynchronization.ON_READ, none)]


def test_reentering_a_scope_object_and_auxiliary_name_scope(g):
    with tf.variable_scope("model") as model:
        pass
    with tf.variable_scope("other"):
        with tf.variable_scope(model):
            v = tf.get_variable("v", [1])
    assert v.name == "model/v:0"
    with tf.name_scope("outer"):
        with tf.variable_scope("vs", auxiliary_name_scope=False) as vs:
            c = tf.constant(0)
            w = tf.get_variable("w", [1])
    assert (c.name, w.name, vs.original_name_scope) == ("outer/Const:0", "vs/w:0", "outer/")
    assert model.global_variables() == [v] and model.trainable_variables() == [v]


def test_each_graph_has_its_own_variable_store(g):
    first = tf.get_variable("v", [1])
    other = tf.Graph()
    with other.as_default():
        second = tf.get_variable("v", [1])
        assert tf.get_variable_scope().name == ""
    assert first is not second and first.graph is g and second.graph is other


def test_variable_scope_picks_the_graph_of_its_values():
    g1 = tf.Graph()
    with g1.as_default():
        x = tf.constant(1.0)
    with tf.Graph().as_default():
        with tf.variable_scope("s", values=[x]):
            v = tf.get_variable("v", [1])
    assert v.graph is g1
