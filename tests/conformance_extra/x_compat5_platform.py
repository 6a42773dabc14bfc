"""tf.sysconfig, the plugin loaders' refusals before loading, tf.test's build questions, the
tf.experimental switches (strict mode, executor type, output_all_intermediates) and tfdbg's dump checks."""
import os
import tempfile

from _harness import catch, message_has


def case_x_compat5_sysconfig_shape(tf):
    s = tf.sysconfig
    flags = s.get_compile_flags()
    info = s.get_build_info()
    return {"abi": [s.CXX11_ABI_FLAG, s.CXX_VERSION, tf.CXX11_ABI_FLAG, tf.CXX_VERSION],
            "types": [type(s.MONOLITHIC_BUILD).__name__, type(tf.MONOLITHIC_BUILD).__name__],
            "include_first": flags[0] == "-I" + s.get_include(),
            "flags_rest": flags[1:],
            "include_under_lib": s.get_include().startswith(s.get_lib()),
            "link_is_list": isinstance(s.get_link_flags(), list),
            "info_keys": sorted(k for k in info if k in ("is_cuda_build", "is_rocm_build", "is_tensorrt_build")),
            "info_types": [type(info["is_rocm_build"]).__name__, type(info["is_tensorrt_build"]).__name__],
            "not_rocm": [info["is_rocm_build"], info["is_tensorrt_build"]]}


def _scratch(name, data):
    path = os.path.join(tempfile.mkdtemp(), name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def case_x_compat5_load_library_checks(tf):
    missing = os.path.join(tempfile.mkdtemp(), "nope.so")
    short = _scratch("short.so", b"not a library")
    not_elf = _scratch("text.so", b"#" * 200)
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, "readme.txt"), "w") as f:
        f.write("no shared objects here")
    return {
        "op_missing": message_has(lambda: tf.load_op_library(missing), "cannot open shared object file",
                                  "No such file or directory", "nope.so"),
        "op_short": message_has(lambda: tf.load_op_library(short), "file too short", "short.so"),
        "op_not_elf": message_has(lambda: tf.load_op_library(not_elf), "invalid ELF header"),
        "fs_missing": catch(tf.load_file_system_library, missing),
        "lib_missing": message_has(lambda: tf.load_library(missing), "does not exist", "nope.so"),
        "lib_missing_errno": catch(lambda: tf.load_library(missing)),
        "lib_short": message_has(lambda: tf.load_library(short), "file too short"),
        "lib_empty_folder": tf.load_library(folder),
        "plugin_missing": message_has(lambda: tf.experimental.register_filesystem_plugin(missing),
                                      "The file to load file system plugin from does not exist."),
    }


def case_x_compat5_test_helpers(tf):
    env = {k: os.environ.pop(k) for k in ("TEST_SRCDIR", "TEST_WORKSPACE") if k in os.environ}
    try:
        no_env = catch(tf.test.test_src_dir_path, "core/platform")
        os.environ["TEST_SRCDIR"], os.environ["TEST_WORKSPACE"] = "/src", "org"
        path = tf.test.test_src_dir_path("core/platform")
    finally:
        os.environ.pop("TEST_SRCDIR", None)
        os.environ.pop("TEST_WORKSPACE", None)
        os.environ.update(env)
    return {"no_env": no_env, "path": path,
            "targets": [tf.test.is_cpu_target_available(t) for t in ("x86", "x86_64", "aarch64")],
            "unknown": message_has(lambda: tf.test.is_cpu_target_available("sparc"), "Unknown CPU target: sparc")}


def case_x_compat5_function_executor_type(tf):
    @tf.function
    def add_one(x):
        return x + 1.0

    with tf.experimental.function_executor_type("SINGLE_THREADED_EXECUTOR"):
        inside = add_one(tf.constant(1.0))
    outside = add_one(tf.constant(2.0))
    with tf.Session() as sess:
        values = sess.run([inside, outside])
    return {"types": [inside.op.type, outside.op.type],
            "executors": [inside.op.get_attr("executor_type"), outside.op.get_attr("executor_type")],
            "values": values}


def case_x_compat5_output_all_intermediates_off(tf):
    tf.enable_control_flow_v2()
    try:
        results = [tf.experimental.output_all_intermediates(state) for state in (False, None)]
        x = tf.placeholder(tf.float32, [], name="x")
        y = tf.cond(x > 0, lambda: tf.sin(x) * 2.0, lambda: tf.cos(x))
        if_op = y.op.inputs[0].op if y.op.type == "Identity" else y.op
        with tf.Session() as sess:
            value = sess.run(y, {x: 1.0})
    finally:
        tf.disable_control_flow_v2()
    return {"returns": results, "if_outputs": len(if_op.outputs), "value": value}


def case_x_compat5_dump_debug_info_checks(tf):
    d = tf.debugging.experimental
    return {"bad_mode": message_has(lambda: d.enable_dump_debug_info("/tmp/x", tensor_debug_mode="LOUD"),
                                    "Invalid value in tensor_debug_mode ('LOUD')", "NO_TENSOR"),
            "unsupported_mode": message_has(
                lambda: d.enable_dump_debug_info("/tmp/x", tensor_debug_mode="FULL_NUMERICS"),
                "support for tensor debug mode FULL_NUMERICS is not implemented yet"),
            "bad_dtypes": message_has(lambda: d.enable_dump_debug_info("/tmp/x", tensor_dtypes=3),
                                      "tensor_dtypes is expected to be a list"),
            "disable_without_enable": d.disable_dump_debug_info()}


def case_x_compat5_function_type(tf):
    def f(x, y=2, *, z):
        return x

    ft = tf.types.experimental.FunctionType.from_callable(f)
    return {"names": list(ft.parameters), "kinds": [str(p.kind) for p in ft.parameters.values()],
            "is_signature": isinstance(ft, __import__("inspect").Signature),
            "type": type(ft).__name__, "str": str(ft)}


def case_x_compat5_sync_devices_graph_mode(tf):
    return message_has(tf.test.experimental.sync_devices, "must only be called in Eager mode")
