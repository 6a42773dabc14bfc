"""tf.test.TestCase: unittest.TestCase with TF's graph-mode session helpers and array assertions.

As TF's TensorFlowTestCase does in graph mode: every test starts on a fresh default graph with
the default graph seed; `cached_session()` keeps one session per test, `session()` opens a new
one, `evaluate()` runs tensors in the default session; the assertions compare nested structures
of arrays and tensors (tensors are evaluated first).
"""
from __future__ import annotations

import contextlib
import math
import random
import re
import tempfile
import threading
import unittest

import numpy as np

from tfsess.client.session import Session
from tfsess.framework import dtypes, errors
from tfsess.framework.default_session import get_default_session
from tfsess.framework.device_spec import DeviceSpec
from tfsess.framework.graph import get_default_graph, reset_default_graph
from tfsess.framework.graph_api import DEFAULT_GRAPH_SEED, set_random_seed
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.testing.devices import gpu_device_name

_TEMP_DIR = {}


def get_temp_dir():
    """A temporary directory for this process's tests, made on first call (tf.test.get_temp_dir)."""
    if "dir" not in _TEMP_DIR:
        _TEMP_DIR["dir"] = tempfile.mkdtemp(prefix="tfsess_test_")
    return _TEMP_DIR["dir"]


class _CheckedThread:
    """A thread whose exception fails the test at `join()` (TestCase.checkedThread)."""

    def __init__(self, testcase, target, args=None, kwargs=None):
        self._testcase = testcase
        self._target = target
        self._args, self._kwargs = args or (), kwargs or {}
        self._thread = threading.Thread(target=self._protected_run)
        self._exception = None
        self._is_thread_joined = False

    def _protected_run(self):
        try:
            self._target(*self._args, **self._kwargs)
        except Exception as e:  # noqa: BLE001 - reported to the test at join()
            self._exception = e

    def start(self):
        self._thread.start()

    def join(self):
        """Waits for the thread; fails the test if the target raised."""
        self._thread.join()
        self._is_thread_joined = True
        if self._exception is not None:
            self._testcase.fail(f"Error in checkedThread: {self._exception}")

    def is_alive(self):
        return self._thread.is_alive()

    def check_termination(self):
        """Fails the test if the thread still runs, or was never joined (its error would be lost)."""
        if self._is_thread_joined:
            if self.is_alive():
                raise RuntimeError("Thread was not joined with main thread, and is still running when the test "
                                   "finished.")
        else:
            self._testcase.fail("A checked thread was not joined.")


def _is_structure(value):
    return isinstance(value, (list, tuple, dict))


class TestCase(unittest.TestCase):
    """Base class for tests of graph-mode code (tf.test.TestCase)."""

    def __init__(self, methodName="runTest"):
        super().__init__(methodName)
        self._threads = []
        self._tempdir = None
        self._cached_session = None
        self._set_default_seed = True

    def setUp(self):
        self._clear_cached_session()
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        reset_default_graph()
        if self._set_default_seed:
            set_random_seed(DEFAULT_GRAPH_SEED)

    def tearDown(self):
        for thread in self._threads:
            thread.check_termination()
        self._clear_cached_session()

    def _clear_cached_session(self):
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None

    def get_temp_dir(self):
        """A temporary directory of this test's own."""
        if not self._tempdir:
            self._tempdir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._tempdir

    # ------------------------------------------------------------- sessions
    def evaluate(self, tensors):
        """Runs `tensors` (any nested structure) in the default session, or this test's cached one."""
        sess = get_default_session()
        if sess is None:
            with self.test_session() as sess:
                return sess.run(tensors)
        return sess.run(tensors)

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """A new session on `graph` (the default graph), made default; ops pinned to the CPU unless use_gpu."""
        with Session(graph=graph, config=config) as sess:
            with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu) as constrained:
                yield constrained

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """This test's one session, made on first use, made default; closed when the test ends."""
        sess = self._get_cached_session(graph, config, crash_if_inconsistent_args=True)
        with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu) as cached:
            yield cached

    def test_session(self, graph=None, config=None, use_gpu=True, force_gpu=False):
        """The cached session when no graph is given, else a new session (TF's deprecated test_session).

        A test runner collecting this method as a test (its name starts with "test") gets it skipped.
        """
        if self.id().endswith(".test_session"):
            self.skipTest("test_session is the name of TestCase's session helper, not a test.")
        return self._test_session(graph, config, use_gpu, force_gpu)

    @contextlib.contextmanager
    def _test_session(self, graph, config, use_gpu, force_gpu):
        if graph is None:
            sess = self._get_cached_session(graph, config, crash_if_inconsistent_args=False)
            with self._constrain_devices_and_set_default(sess, use_gpu, force_gpu) as cached:
                yield cached
        else:
            with self.session(graph, config, use_gpu, force_gpu) as sess:
                yield sess

    def _get_cached_session(self, graph, config, crash_if_inconsistent_args):
        if self._cached_session is None:
            sess = Session(graph=graph, config=config)
            self._cached_session = sess
            self._cached_graph, self._cached_config = graph, config
            return sess
        if crash_if_inconsistent_args and self._cached_graph is not graph:
            raise ValueError("The graph used to get the cached session is different than the one that was "
                             "used to create the session. Maybe create a new session with self.session()")
        if crash_if_inconsistent_args and self._cached_config is not config:
            raise ValueError("The config used to get the cached session is different than the one that was "
                             "used to create the session. Maybe create a new session with self.session()")
        return self._cached_session

    @contextlib.contextmanager
    def _constrain_devices_and_set_default(self, sess, use_gpu, force_gpu):
        with sess.graph.as_default(), sess.as_default():
            if force_gpu:
                name = gpu_device_name()
                if not name:
                    name = "/device:GPU:0"
                with sess.graph.device(name):
                    yield sess
            elif not use_gpu:
                with sess.graph.device("/device:CPU:0"):
                    yield sess
            else:
                yield sess

    def checkedThread(self, target, args=None, kwargs=None):  # noqa: N802 - TF's name
        """A thread running `target`; call its join() so that an exception it raised fails the test."""
        thread = _CheckedThread(self, target, args, kwargs)
        self._threads.append(thread)
        return thread

    # ------------------------------------------------------------- arrays
    def _GetNdArray(self, a):  # noqa: N802 - TF's name
        if isinstance(a, (Tensor, SparseTensor, Operation)):
            a = self.evaluate(a)
        if not isinstance(a, np.ndarray):
            a = np.array(a)
        return a

    def _assertArrayLikeAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        if a.ndim == 0 and b.ndim == 0:
            pass
        elif a.shape != b.shape and a.size == b.size == 1:
            pass  # [x] against x, as TF's scalar case
        else:
            self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}. {msg or ''}")
        if a.dtype.kind in "biu" and b.dtype.kind in "biu" and rtol == atol == 0:
            np.testing.assert_array_equal(a, b, err_msg=msg or "")
            return
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=msg or "", equal_nan=True)

    def _assertAllCloseRecursive(self, a, b, rtol, atol, path, msg):  # noqa: N802
        path_str = "[" + "][".join(str(p) for p in path) + "]" if path else ""
        where = f"{msg or ''} Mismatched value: a{path_str} is different from b{path_str}."
        if isinstance(a, dict) or isinstance(b, dict):
            if not (isinstance(a, dict) and isinstance(b, dict)):
                raise ValueError(f"Can't compare dict to non-dict, a{path_str}={a}, b{path_str}={b}. {where}")
            self.assertItemsEqual(a.keys(), b.keys(), msg=where)
            for k in a:
                self._assertAllCloseRecursive(a[k], b[k], rtol, atol, path + [k], msg)
        elif isinstance(a, (list, tuple)) and not _is_numeric_row(a) or \
                isinstance(b, (list, tuple)) and not _is_numeric_row(b):
            if not (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))):
                self._assertArrayLikeAllClose(a, b, rtol, atol, where)
                return
            self.assertEqual(len(a), len(b), f"Length of a{path_str} is {len(a)}, but b{path_str} is {len(b)}. "
                                             f"{where}")
            for i, (a_item, b_item) in enumerate(zip(a, b)):
                self._assertAllCloseRecursive(a_item, b_item, rtol, atol, path + [i], msg)
        else:
            try:
                self._assertArrayLikeAllClose(a, b, rtol=rtol, atol=atol, msg=where)
            except TypeError as e:
                raise TypeError(f"Error: a{path_str} has {type(a)}, but b{path_str} has {type(b)}. {where}") from e

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        """Asserts that two structures of arrays (or tensors, evaluated) are elementwise close (NaN equals NaN)."""
        self._assertAllCloseRecursive(a, b, rtol=rtol, atol=atol, path=[], msg=msg)

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6,  # noqa: N802
                                      float_atol=1e-6, half_rtol=1e-3, half_atol=1e-3, bfloat16_rtol=1e-2,
                                      bfloat16_atol=1e-2, msg=None):
        """assertAllClose with the tolerance of the lower precision of a and b."""
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        kinds = {a.dtype, b.dtype}
        if kinds & {np.dtype(np.float32), np.dtype(np.complex64)}:
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if np.dtype(np.float16) in kinds:
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        if any(d.name == "bfloat16" for d in kinds):
            rtol, atol = max(rtol, bfloat16_rtol), max(atol, bfloat16_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        try:
            self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)
        except AssertionError:
            return
        raise AssertionError(msg or "The two values are close at all elements")

    def assertAllEqual(self, a, b, msg=None):  # noqa: N802
        """Asserts that two arrays (or tensors, evaluated) have the same shape and values (NaN equals NaN)."""
        msg = msg or ""
        a, b = self._GetNdArray(a), self._GetNdArray(b)
        if a.shape != b.shape and not (a.size == b.size == 1 or a.ndim == 0 or b.ndim == 0):
            self.assertEqual(a.shape, b.shape, f"Shape mismatch: expected {a.shape}, got {b.shape}. {msg}")
        same = a == b
        if a.dtype.kind in "fc" and b.dtype.kind in "fc":
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        if not np.all(same):
            diff = np.logical_not(same)
            where = np.where(diff) if a.ndim else ()
            raise AssertionError(f"{msg}\nnot equal where = {where}\nnot equal lhs = {a[diff] if a.ndim else a}\n"
                                 f"not equal rhs = {b[diff] if b.ndim and b.shape == a.shape else b}\n"
                                 f"Arrays are not equal:\n x: {a!r}\n y: {b!r}")

    def assertNotAllEqual(self, a, b, msg=None):  # noqa: N802
        try:
            self.assertAllEqual(a, b)
        except AssertionError:
            return
        raise AssertionError(f"The two values are equal at all elements. {msg or ''}")

    def assertAllGreater(self, a, comparison_target):  # noqa: N802
        self.assertGreater(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):  # noqa: N802
        self.assertLess(np.max(self._GetNdArray(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):  # noqa: N802
        self.assertGreaterEqual(np.min(self._GetNdArray(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):  # noqa: N802
        self.assertLessEqual(np.max(self._GetNdArray(a)), comparison_target)

    def assertAllInRange(self, target, lower_bound, upper_bound, open_lower_bound=False,  # noqa: N802
                         open_upper_bound=False):
        """Asserts that every element of `target` lies in the range (closed unless told open)."""
        target = self._GetNdArray(target)
        if not (np.issubdtype(target.dtype, np.floating) or np.issubdtype(target.dtype, np.integer)):
            raise AssertionError(f"The value of {target} does not have an ordered numeric type, instead it has "
                                 f"type: {target.dtype}")
        below = target <= lower_bound if open_lower_bound else target < lower_bound
        above = target >= upper_bound if open_upper_bound else target > upper_bound
        violations = np.logical_or(below, above)
        if np.any(violations):
            where = np.argwhere(violations)
            bounds = ("(" if open_lower_bound else "[") + f"{lower_bound}, {upper_bound}" + \
                (")" if open_upper_bound else "]")
            offending = "\n".join(f"  {tuple(int(i) for i in idx)}: {target[tuple(idx)]}" for idx in where[:100])
            raise AssertionError(f"{int(np.sum(violations))} of the {target.size} element(s) are outside the range "
                                 f"{bounds}. Subscript(s) and value(s) of the offending elements:\n{offending}")

    def assertAllInSet(self, target, expected_set):  # noqa: N802
        """Asserts that every element of `target` is in `expected_set`."""
        target = self._GetNdArray(target)
        diff = set(target.flatten().tolist()).difference(set(expected_set))
        if diff:
            raise AssertionError(f"{sorted(diff)} unexpected values, not in {expected_set}.")

    def assertDTypeEqual(self, target, expected_dtype):  # noqa: N802
        """Asserts that `target` (an array, tensor or list of them) has `expected_dtype`."""
        target = self._GetNdArray(target)
        arrays = target if isinstance(target, list) else [target]
        for arr in arrays:
            self.assertEqual(arr.dtype, dtypes.as_dtype(expected_dtype).as_numpy_dtype)

    def assertArrayNear(self, farray1, farray2, err, msg=None):  # noqa: N802
        """Asserts that two float lists are elementwise within `err`."""
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNear(self, f1, f2, err, msg=None):  # noqa: N802
        """Asserts that |f1 - f2| <= err."""
        self.assertTrue(f1 == f2 or math.fabs(f1 - f2) <= err,
                        "%f != %f +/- %f%s" % (f1, f2, err, " (%s)" % msg if msg is not None else ""))

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):  # noqa: N802
        """Asserts that the Euclidean norm of ndarray1 - ndarray2 is below `err`."""
        self.assertTrue(np.linalg.norm(np.asarray(ndarray1) - np.asarray(ndarray2)) < err, msg=msg)

    def assertShapeEqual(self, input_a, input_b, msg=None):  # noqa: N802
        """Asserts that a NumPy array and a tensor have the same (static) shape."""
        if not isinstance(input_a, (np.ndarray, np.generic)):
            raise TypeError(f"input_a must be a np.ndarray or np.generic, but is {type(input_a)}")
        if not isinstance(input_b, Tensor):
            raise TypeError(f"input_b must be a Tensor, but is {type(input_b)}")
        self.assertAllEqual(input_a.shape, input_b.get_shape().as_list(), msg=msg)

    def assertDeviceEqual(self, device1, device2, msg=None):  # noqa: N802
        """Asserts that two device strings name the same device."""
        device1 = DeviceSpec.from_string(device1 or "").to_string()
        device2 = DeviceSpec.from_string(device2 or "").to_string()
        self.assertEqual(device1, device2, f"Devices {device1} and {device2} are not equal. {msg or ''}")

    def assertStartsWith(self, actual, expected_start, msg=None):  # noqa: N802
        if not actual.startswith(expected_start):
            fail_msg = f"{actual!r} does not start with {expected_start!r}"
            self.fail(fail_msg + (f" : {msg!r}" if msg else ""))

    def assertItemsEqual(self, first, second, msg=None):  # noqa: N802
        return self.assertCountEqual(list(first), list(second), msg)

    def assertProtoEquals(self, expected_message_maybe_ascii, message, msg=None):  # noqa: N802
        """Asserts that `message` equals the expected message, given as text format or a message."""
        if isinstance(expected_message_maybe_ascii, str):
            expected = type(message)()
            from google.protobuf import text_format  # optional dependency: protobuf
            text_format.Merge(expected_message_maybe_ascii, expected)
        else:
            expected = expected_message_maybe_ascii
        self.assertEqual(expected, message, msg=msg)

    # ------------------------------------------------------------- errors
    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):  # noqa: N802
        """Asserts that the body raises `exception_type` whose message matches the regex (or the predicate holds)."""
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(e):
                err_str = e.message if isinstance(e, errors.OpError) else str(e)
                op = e.op if isinstance(e, errors.OpError) else None
                while op is not None:
                    err_str += "\nCaused by: " + op.name
                    op = getattr(op, "_original_op", None)
                return re.search(expected_err_re_or_predicate, err_str)
        try:
            yield
            self.fail(exception_type.__name__ + " not raised")
        except Exception as e:  # noqa: BLE001 - checked against the expectation
            if not isinstance(e, exception_type) or not predicate(e):
                raise AssertionError(f"Exception of type {type(e)}: {e}") from e

    def assertRaisesOpError(self, expected_err_re_or_predicate):  # noqa: N802
        """assertRaisesWithPredicateMatch for a tf.errors.OpError."""
        return self.assertRaisesWithPredicateMatch(errors.OpError, expected_err_re_or_predicate)


def _is_numeric_row(value):
    """Whether a list/tuple holds plain numbers (compared as one array, not element by element)."""
    return all(isinstance(x, (int, float, complex, np.number, bool, np.bool_)) for x in value)





def main(argv=None):
    """Runs the tests of the `__main__` module (tf.test.main)."""
    return unittest.main(module="__main__", argv=argv)

__all__ = ["TestCase", "get_temp_dir", "main"]
