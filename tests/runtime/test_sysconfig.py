"""tf.sysconfig, tf.test's build questions, and the tf.experimental / tf.debugging.experimental switches."""
import inspect
import os

import pytest

import tfsess as tf


def test_sysconfig_points_into_the_package():
    package = os.path.dirname(os.path.abspath(tf.__file__))
    assert tf.sysconfig.get_lib() == package
    assert tf.sysconfig.get_include() == os.path.join(package, "include")
    assert tf.sysconfig.get_compile_flags() == [f"-I{package}/include", "-D_GLIBCXX_USE_CXX11_ABI=1",
                                                "--std=c++17", "-DEIGEN_MAX_ALIGN_BYTES=64"]
    assert tf.sysconfig.get_link_flags() == []  # no framework library to link against
    assert (tf.CXX11_ABI_FLAG, tf.CXX_VERSION, tf.MONOLITHIC_BUILD) == (1, 201703, 1)


def test_build_info_agrees_with_tf_test():
    info = tf.sysconfig.get_build_info()
    assert info["is_cuda_build"] == tf.test.is_built_with_cuda()
    assert info["is_rocm_build"] is False and info["is_tensorrt_build"] is False
    assert info["cpu_compiler"] == tf.version.COMPILER_VERSION


def test_cpu_targets_and_test_src_dir(monkeypatch):
    assert all(tf.test.is_cpu_target_available(t) for t in ("x86", "aarch64", "arm", "ppc64le", "s390x"))
    with pytest.raises(AssertionError, match="Unknown CPU target: mips"):
        tf.test.is_cpu_target_available("mips")
    monkeypatch.delenv("TEST_SRCDIR", raising=False)
    with pytest.raises(KeyError):
        tf.test.test_src_dir_path("core")
    monkeypatch.setenv("TEST_SRCDIR", "/r")
    monkeypatch.setenv("TEST_WORKSPACE", "w")
    assert tf.test.test_src_dir_path("core/x") == "/r/w/tensorflow/core/x"


def test_function_executor_type_is_the_call_attr_and_restored():
    g = tf.Graph()
    with g.as_default():
        f = tf.function(lambda x: x * 2.0)
        with tf.experimental.function_executor_type("SINGLE_THREADED_EXECUTOR"):
            with tf.experimental.function_executor_type(None):
                default = f(tf.constant(1.0))
            inside = f(tf.constant(2.0))
        after = f(tf.constant(3.0))
        assert [t.op.get_attr("executor_type") for t in (default, inside, after)] == \
            [b"", b"SINGLE_THREADED_EXECUTOR", b""]
        with tf.Session() as sess:
            assert sess.run(inside) == 4.0


def test_output_all_intermediates_refuses_true():
    assert tf.experimental.output_all_intermediates(False) is None
    assert tf.experimental.output_all_intermediates(None) is None
    with pytest.raises(NotImplementedError, match="output_all_intermediates"):
        tf.experimental.output_all_intermediates(True)


def test_dump_debug_info_checks_then_refuses():
    d = tf.debugging.experimental
    with pytest.raises(ValueError, match="Invalid value in tensor_debug_mode"):
        d.enable_dump_debug_info("/tmp/d", tensor_debug_mode="LOUD")
    with pytest.raises(TypeError):
        d.enable_dump_debug_info("/tmp/d", tensor_dtypes=["not-a-dtype"])
    with pytest.raises(NotImplementedError, match="DebugEvents"):
        d.enable_dump_debug_info("/tmp/d", tensor_debug_mode="FULL_HEALTH", tensor_dtypes=[tf.float32])
    assert d.disable_dump_debug_info() is None


def test_function_type_is_a_signature():
    ft = tf.types.experimental.FunctionType.from_callable(lambda a, b=1: a)
    assert isinstance(ft, inspect.Signature) and list(ft.parameters) == ["a", "b"]
    with pytest.raises(TypeError):
        tf.types.experimental.FunctionType.from_callable(lambda a: a, True)  # follow_wrapped is keyword-only


def test_sync_devices_refused_in_graph_mode():
    with pytest.raises(RuntimeError, match="Eager mode"):
        tf.test.experimental.sync_devices()
