"""tf.test: TestCase's sessions and assertions, the gradient checker, device queries, Benchmark."""
import os
import unittest

import numpy as np
import pytest

import tfsess as tf


class _Sample(tf.test.TestCase):
    """Test methods run by the tests below through unittest, as a user's TestCase would be."""

    __test__ = False  # run through unittest below

    def test_cached_session_is_default_and_reused(self):
        with self.cached_session() as s1:
            self.assertIs(tf.get_default_session(), s1)
            self.assertEqual(self.evaluate(tf.constant(3) * 2), 6)
        with self.cached_session() as s2:
            self.assertIs(s1, s2)

    def test_session_is_new_each_time(self):
        with self.session() as s1:
            pass
        with self.session() as s2:
            self.assertIsNot(s1, s2)

    def test_cached_session_with_another_graph_raises(self):
        with self.cached_session():
            pass
        with self.assertRaisesRegex(ValueError, "graph used to get the cached session is different"):
            with self.cached_session(graph=tf.Graph()):
                pass

    def test_fresh_graph_and_seed(self):
        self.assertEqual(tf.get_default_graph().get_operations(), [])
        self.assertEqual(tf.get_default_graph().seed, 87654321)

    def test_cpu_pinning(self):
        with self.session(use_gpu=False):
            c = tf.constant(1.0)
        self.assertEqual(c.device, "/device:CPU:0")

    def test_assertions_pass(self):
        self.assertAllClose({"a": [1.0, 2.0], "b": (np.float32(3), [[4.0]])},
                            {"a": np.array([1.0, 2.0 + 1e-7]), "b": (3.0, np.array([[4.0]]))})
        self.assertAllClose(tf.constant([1.0, np.nan]), [1.0, np.nan])
        self.assertAllEqual(tf.constant([[1, 2]]), [[1, 2]])
        self.assertNotAllClose([1.0], [1.1])
        self.assertNotAllEqual([1, 2], [1, 3])
        self.assertArrayNear([1.0, 2.0], [1.05, 1.95], 0.1)
        self.assertNDArrayNear(np.ones(3), np.ones(3) + 1e-4, 1e-3)
        self.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3]))
        self.assertAllInRange([0.0, 0.5, 1.0], 0.0, 1.0)
        self.assertAllInSet([1, 2, 2], {1, 2, 3})
        self.assertDTypeEqual(tf.constant([1.0]), tf.float32)
        self.assertAllGreater([2, 3], 1)
        self.assertAllLessEqual([2, 3], 3)
        self.assertAllCloseAccordingToType(np.float16([1.0]), np.float16([1.0005]))
        self.assertDeviceEqual("/cpu:0", "/device:CPU:0")
        self.assertStartsWith("tfsess", "tf")
        self.assertItemsEqual([2, 1], [1, 2])

    def test_assertions_fail(self):
        with self.assertRaisesRegex(AssertionError, "Not equal to tolerance"):
            self.assertAllClose([1.0, 2.0], [1.0, 2.1])
        with self.assertRaisesRegex(AssertionError, "Shape mismatch"):
            self.assertAllClose(np.zeros(2), np.zeros(3))
        with self.assertRaisesRegex(AssertionError, "not equal where"):
            self.assertAllEqual([1, 2], [1, 3])
        with self.assertRaisesRegex(AssertionError, r"1 of the 3 element\(s\) are outside the range \[0, 1\)"):
            self.assertAllInRange([0, 0.5, 1], 0, 1, open_upper_bound=True)
        with self.assertRaisesRegex(AssertionError, "unexpected values"):
            self.assertAllInSet([4], {1})
        with self.assertRaises(TypeError):
            self.assertShapeEqual([1], tf.zeros([1]))
        with self.assertRaisesRegex(AssertionError, r"1.000000 != 2.000000 \+/- 0.500000"):
            self.assertNear(1.0, 2.0, 0.5)

    def test_raises_op_error(self):
        x = tf.placeholder(tf.float32)
        check = tf.debugging.assert_positive(x, message="must be positive")
        with self.cached_session() as sess:
            with self.assertRaisesOpError("must be positive"):
                sess.run(check, {x: -1.0})
            with self.assertRaisesWithPredicateMatch(tf.errors.InvalidArgumentError,
                                                     lambda e: e.op is not None):
                sess.run(check, {x: -1.0})
            with self.assertRaisesRegex(AssertionError, "Exception of type"):
                with self.assertRaisesOpError("no such words"):
                    sess.run(check, {x: -1.0})

    def test_checked_thread_reports_its_error_at_join(self):
        def boom():
            raise RuntimeError("from the thread")
        t = self.checkedThread(boom)
        t.start()
        with self.assertRaisesRegex(AssertionError, "Error in checkedThread: from the thread"):
            t.join()

    def test_temp_dir(self):
        d = self.get_temp_dir()
        self.assertTrue(os.path.isdir(d))
        self.assertEqual(d, self.get_temp_dir())
        self.assertTrue(d.startswith(tf.test.get_temp_dir()))


def test_the_sample_test_case_passes_under_unittest():
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(_Sample).run(result)
    assert result.testsRun == 11
    assert [t.id().rsplit(".", 1)[-1] for t, _ in result.skipped] == ["test_session"]  # the helper, no test
    assert not result.failures and not result.errors, result.failures + result.errors


def test_an_unjoined_checked_thread_fails_the_test():
    class Unjoined(tf.test.TestCase):
        def test_it(self):
            self.checkedThread(lambda: None).start()
    result = unittest.TestResult()
    Unjoined("test_it").run(result)
    assert len(result.failures) == 1 and "was not joined" in result.failures[0][1]


def test_compute_gradient_matches_the_analytic_jacobian():
    with tf.Graph().as_default(), tf.Session():
        x = tf.placeholder(tf.float64, [2, 3])
        y = tf.reduce_sum(x * x, axis=1)
        x0 = np.arange(6.0).reshape(2, 3)
        jacob_t, jacob_n = tf.test.compute_gradient(x, [2, 3], y, [2], x_init_value=x0)
        expected = np.zeros((6, 2))
        expected[:3, 0], expected[3:, 1] = 2 * x0[0], 2 * x0[1]
        np.testing.assert_allclose(jacob_t, expected)
        np.testing.assert_allclose(jacob_n, expected, atol=1e-6)
        assert tf.test.compute_gradient_error(x, [2, 3], y, [2], x_init_value=x0) < 1e-6


def test_compute_gradient_of_a_list_and_of_a_gather_indexed_slices():
    with tf.Graph().as_default(), tf.Session():
        a = tf.placeholder(tf.float64, [3])
        b = tf.placeholder(tf.float64, [3])
        y = a * b
        (ja_t, ja_n), (jb_t, jb_n) = tf.test.compute_gradient([a, b], [[3], [3]], y, [3],
                                                              x_init_value=[np.ones(3), np.arange(3.0)],
                                                              extra_feed_dict={a: np.ones(3), b: np.arange(3.0)})
        np.testing.assert_allclose(ja_t, np.diag(np.arange(3.0)))
        np.testing.assert_allclose(jb_t, np.eye(3))
        p = tf.placeholder(tf.float64, [4, 2])
        g = tf.gather(p, [3, 0, 3])
        err = tf.test.compute_gradient_error(p, [4, 2], g, [3, 2])
        assert err < 1e-6


def test_compute_gradient_needs_a_default_session():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [1])
        with pytest.raises(ValueError, match="default session"):
            tf.test.compute_gradient(x, [1], x * 2, [1])


def test_device_queries_are_truthful():
    assert tf.test.is_built_with_rocm() is False and tf.test.is_built_with_xla() is False
    from tfsess.runtime import device_gpu
    assert tf.test.is_built_with_cuda() == device_gpu.cuda_available()
    assert tf.test.is_gpu_available() == bool(tf.test.gpu_device_name())


def test_simulated_gpus_count_unless_cuda_only():
    from tfsess.runtime.devices import set_simulated_gpus
    set_simulated_gpus(2)
    try:
        assert tf.test.is_gpu_available()
        assert tf.test.gpu_device_name() == "/device:GPU:0"
        from tfsess.runtime import device_gpu
        assert tf.test.is_gpu_available(cuda_only=True) == device_gpu.cuda_available()
    finally:
        set_simulated_gpus(None)


def test_benchmark_times_a_run():
    class MyBench(tf.test.Benchmark):
        pass
    with tf.Graph().as_default(), tf.Session() as sess:
        bench = MyBench()
        values = bench.run_op_benchmark(sess, tf.constant(1.0) + 1.0, burn_iters=1, min_iters=3, name="add",
                                        mbs=2)
    assert values["iters"] == 3 and values["wall_time"] > 0 and values["name"] == "add"
    assert values["throughput"] == pytest.approx(2 / values["wall_time"])
    assert bench.reports[0]["name"] == "MyBench.add"


def test_config_threading_defaults_reach_new_sessions_only():
    before = tf.config.threading.get_intra_op_parallelism_threads()
    try:
        tf.config.threading.set_intra_op_parallelism_threads(2)
        tf.config.threading.set_inter_op_parallelism_threads(1)
        assert tf.config.threading.get_intra_op_parallelism_threads() == 2
        with tf.Session(graph=tf.Graph()) as sess:
            assert sess._config.intra_op_parallelism_threads == 2
            assert sess._config.inter_op_parallelism_threads == 1
        with tf.Session(graph=tf.Graph(), config=tf.ConfigProto()) as sess:
            assert sess._config.intra_op_parallelism_threads == 0
        with pytest.raises(TypeError):
            tf.config.threading.set_inter_op_parallelism_threads("many")
    finally:
        tf.config.threading.set_intra_op_parallelism_threads(before)
        tf.config.threading.set_inter_op_parallelism_threads(0)
