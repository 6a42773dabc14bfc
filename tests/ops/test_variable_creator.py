"""tf.variable_creator_scope: the creators see every constructor argument, innermost first, and may replace it."""
import threading

import tfsess as tf


def test_creators_run_innermost_first_and_may_change_arguments(g):
    calls = []

    def outer(next_creator, **kwargs):
        calls.append(("outer", kwargs["name"], sorted(kwargs)))
        kwargs["name"] = "renamed"
        return next_creator(**kwargs)

    def inner(next_creator, **kwargs):
        calls.append(("inner", kwargs["name"]))
        kwargs["trainable"] = False
        return next_creator(**kwargs)

    with tf.variable_creator_scope(outer), tf.variable_creator_scope(inner):
        v = tf.Variable(1.0, name="v")
        got = tf.get_variable("g", [2])
    plain = tf.Variable(2.0, name="plain")
    assert [c[:2] for c in calls] == [("inner", "v"), ("outer", "v"), ("inner", "g"), ("outer", "g")]
    assert "experimental_enable_variable_lifting" in calls[1][2] and "initial_value" in calls[1][2]
    assert (v.name, got.name, plain.name) == ("renamed:0", "renamed_1:0", "plain:0")
    assert [x.name for x in tf.trainable_variables()] == ["plain:0"]


def test_a_creator_may_return_something_else_and_scopes_are_per_thread(g):
    seen_in_thread = []
    with tf.variable_creator_scope(lambda next_creator, **kwargs: "replaced"):
        assert tf.Variable(1.0) == "replaced"
        worker = threading.Thread(target=lambda: seen_in_thread.append(type(tf.Variable(1.0)).__name__))
        worker.start()
        worker.join()
    assert seen_in_thread == ["RefVariable"]
    assert type(tf.Variable(1.0)).__name__ == "RefVariable"


def test_creators_see_the_arguments_tf_resolves_for_get_variable_and_variable():
    seen = []

    def creator(next_creator, **kwargs):
        seen.append((kwargs["name"], kwargs["trainable"], kwargs["use_resource"], kwargs["synchronization"],
                     kwargs["aggregation"]))
        return next_creator(**kwargs)

    auto, none = tf.VariableSynchronization.AUTO, tf.VariableAggregation.NONE
    with tf.Graph().as_default(), tf.variable_creator_scope(creator):
        tf.get_variable("a", [2])
        tf.Variable(1.0, name="b")
        with tf.variable_scope("r", use_resource=True):
            tf.get_variable("c", [1])
        tf.get_variable("d", [1], synchronization=tf.VariableSynchronization.ON_READ)
    assert seen == [("a", True, False, auto, none), ("b", None, None, auto, none), ("r/c", True, True, auto, none),
                    ("d", False, False, tf.VariableSynchronization.ON_READ, none)]
