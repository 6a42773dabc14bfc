"""tf.test.StubOutForTesting, disable_with_predicate, with_eager_op_as_function."""
import unittest

import tfsess as tf


class _Target:
    attr = "original"

    @staticmethod
    def static():
        return "static"


def test_set_and_unset_restore_in_reverse_order():
    stubs = tf.test.StubOutForTesting()
    stubs.Set(_Target, "attr", "first")
    stubs.Set(_Target, "attr", "second")
    stubs.Set(_Target, "static", staticmethod(lambda: "stub"))
    assert _Target.attr == "second" and _Target.static() == "stub"
    stubs.UnsetAll()
    assert _Target.attr == "original" and isinstance(_Target.__dict__["static"], staticmethod)


def test_smart_set_stubs_the_class_of_an_instance():
    target = _Target()
    with tf.test.StubOutForTesting() as stubs:
        stubs.SmartSet(target, "attr", "smart")
        assert _Target.attr == "smart"
    assert _Target.attr == "original"


def test_disable_with_predicate_skips_at_run_time():
    class Sample(unittest.TestCase):
        @tf.test.disable_with_predicate(lambda: True, "skipped here")
        def test_skipped(self):
            raise AssertionError("ran")
    result = unittest.TestResult()
    Sample("test_skipped").run(result)
    assert result.skipped and result.skipped[0][1] == "skipped here"
    assert tf.test.with_eager_op_as_function(Sample) is Sample
