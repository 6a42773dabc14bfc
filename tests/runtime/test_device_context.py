"""The process's device settings (tf.config): physical/logical devices, visibility, virtual GPUs, memory stats."""
import copy
import gc

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import context_config
from tfsess.runtime import device_context
from tfsess.runtime.devices import set_simulated_gpus


@pytest.fixture
def fresh_context(monkeypatch):
    """An uninitialized context with no device settings, restored afterwards."""
    monkeypatch.delenv("TFSESS_SIMULATED_GPUS", raising=False)
    saved = [copy.deepcopy(d) for d in (context_config._STATE, context_config._THREADS,
                                        context_config._OPTIMIZER_OPTIONS, device_context._STATE,
                                        device_context._MEMORY_GROWTH, device_context._VIRTUAL)]
    context_config._STATE["initialized"] = False
    device_context._STATE.update(physical=None, visible=None)
    device_context._MEMORY_GROWTH.clear()
    device_context._VIRTUAL.clear()
    set_simulated_gpus(None)
    yield
    set_simulated_gpus(None)
    for live, old in zip((context_config._STATE, context_config._THREADS, context_config._OPTIMIZER_OPTIONS,
                          device_context._STATE, device_context._MEMORY_GROWTH, device_context._VIRTUAL), saved):
        live.clear()
        live.update(old)


def test_cpu_only_process_lists_one_cpu_and_sessions_get_the_defaults(fresh_context, g):
    set_simulated_gpus(0)
    assert tf.config.list_physical_devices() == [tf.config.PhysicalDevice("/physical_device:CPU:0", "CPU")]
    assert tf.config.list_physical_devices("GPU") == []
    assert tf.config.list_logical_devices() == [tf.config.LogicalDevice("/device:CPU:0", "CPU")]
    config = tf.Session()._config
    assert (config.device_count["CPU"], config.device_count["GPU"], config.allow_soft_placement) == (1, 0, False)


def test_simulated_gpus_are_physical_devices_and_memory_growth_reaches_sessions(fresh_context, g):
    set_simulated_gpus(2, memory_limit_bytes=64 << 20)
    gpus = tf.config.list_physical_devices("GPU")
    assert [d.name for d in gpus] == ["/physical_device:GPU:0", "/physical_device:GPU:1"]
    assert tf.config.experimental.get_memory_growth(gpus[0]) is False
    tf.config.experimental.set_memory_growth(gpus[0], True)
    tf.config.experimental.set_memory_growth(gpus[1], True)
    tf.config.set_visible_devices(gpus[1:], "GPU")
    sess = tf.Session()
    assert sess._config.gpu_options.visible_device_list == "1"
    assert sess._config.gpu_options.allow_growth is True
    assert [d.name.split("/")[-1] for d in sess.list_devices()] == ["device:CPU:0", "device:GPU:0"]
    assert tf.config.experimental.get_device_details(gpus[0]) == {}


def test_mixed_memory_growth_is_refused_when_a_session_is_made(fresh_context, g):
    set_simulated_gpus(2)
    gpu = tf.config.list_physical_devices("GPU")[0]
    tf.config.experimental.set_memory_growth(gpu, True)
    with pytest.raises(ValueError, match="Memory growth cannot differ between GPU devices"):
        tf.Session()


def test_logical_gpus_split_a_simulated_gpu_with_their_own_memory_limits(fresh_context, g):
    set_simulated_gpus(1, memory_limit_bytes=256 << 20)
    gpu = tf.config.list_physical_devices("GPU")[0]
    conf = tf.config.LogicalDeviceConfiguration
    with pytest.raises(ValueError, match="Setting memory limit is required for GPU virtual devices"):
        tf.config.set_logical_device_configuration(gpu, [conf()])
    tf.config.set_logical_device_configuration(gpu, [conf(memory_limit=1), conf(memory_limit=2)])
    with pytest.raises(ValueError, match="Cannot set memory growth on device when virtual devices configured"):
        tf.config.experimental.set_memory_growth(gpu, True)
    assert [d.name for d in tf.config.list_logical_devices("GPU")] == ["/device:GPU:0", "/device:GPU:1"]
    sess = tf.Session()
    gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
    assert [d.memory_limit_bytes for d in gpus] == [1 << 20, 2 << 20]
    with pytest.raises(RuntimeError, match="Virtual devices cannot be modified after being initialized"):
        tf.config.set_logical_device_configuration(gpu, [conf(memory_limit=3)])
    with tf.device("/device:GPU:1"):
        big = tf.zeros([1 << 20], tf.float32)  # 4 MiB: more than the 2 MiB logical GPU holds
    with pytest.raises(tf.errors.ResourceExhaustedError):
        sess.run(big)
    assert sess.run(tf.constant(2.0) + 1.0) == 3.0  # the session stays usable


def test_memory_info_sums_the_open_sessions_and_reset_sets_the_peak_to_current(fresh_context, g):
    set_simulated_gpus(1, memory_limit_bytes=64 << 20)
    with tf.device("/device:GPU:0"):
        kept = tf.Variable(tf.zeros([1024], tf.float32))
        temp = tf.reduce_sum(tf.ones([64, 1024]) * 2.0)
    gc.collect()  # sessions earlier tests dropped give their memory back now, not in the middle of this test
    tf.config.experimental.reset_memory_stats("GPU:0")  # sessions of earlier tests may still be alive
    base = tf.config.experimental.get_memory_info("GPU:0")["current"]
    sess = tf.Session()
    sess.run(kept.initializer)
    assert sess.run(temp) == 64 * 1024 * 2
    info = tf.config.experimental.get_memory_info("GPU:0")
    assert info["current"] - base >= 4096 and info["peak"] - base >= 64 * 1024 * 4 > info["current"] - base
    tf.config.experimental.reset_memory_stats("/device:GPU:0")
    after = tf.config.experimental.get_memory_info("GPU:0")
    assert after["peak"] == after["current"] == tf.config.experimental.get_memory_usage("GPU:0")
    sess.close()
    assert tf.config.experimental.get_memory_info("GPU:0")["current"] == base
    with pytest.raises(ValueError, match="No matching devices found for 'GPU:3'"):
        tf.config.experimental.get_memory_info("GPU:3")


def test_settings_reach_sessions_made_afterwards_and_a_given_config_wins(fresh_context, g):
    tf.config.set_soft_device_placement(True)
    tf.debugging.set_log_device_placement(False)
    tf.config.optimizer.set_jit("autoclustering")
    tf.config.optimizer.set_experimental_options({"constant_folding": False, "min_graph_nodes": 3})
    tf.config.threading.set_intra_op_parallelism_threads(2)
    config = tf.Session()._config
    rewrite = config.graph_options.rewrite_options
    assert config.allow_soft_placement and config.intra_op_parallelism_threads == 2
    assert config.graph_options.optimizer_options.global_jit_level == tf.OptimizerOptions.ON_1
    assert (rewrite.constant_folding, rewrite.min_graph_nodes) == (2, 3)
    assert tf.config.optimizer.get_experimental_options() == {
        "constant_folding": False, "disable_model_pruning": False, "disable_meta_optimizer": False,
        "min_graph_nodes": 3}
    given = tf.Session(config=tf.ConfigProto())._config
    assert not given.allow_soft_placement and given.intra_op_parallelism_threads == 0
    with tf.device("/device:GPU:0"):
        x = tf.constant([1.0]) * 2.0
    np.testing.assert_array_equal(tf.Session().run(x), [2.0])  # soft placement from the context


def test_thread_and_device_settings_are_fixed_once_initialized(fresh_context, g):
    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.threading.set_inter_op_parallelism_threads(2)
    tf.config.list_logical_devices()
    tf.config.threading.set_inter_op_parallelism_threads(2)  # the same value is fine
    with pytest.raises(RuntimeError, match="Inter op parallelism cannot be modified after initialization"):
        tf.config.threading.set_inter_op_parallelism_threads(1)
    with pytest.raises(RuntimeError, match="Visible devices cannot be modified"):
        tf.config.set_visible_devices([], "CPU")
    tf.config.set_soft_device_placement(True)  # placement switches stay settable
    assert tf.config.get_soft_device_placement()
    with pytest.raises(ValueError, match="Unrecognized device"):
        tf.config.get_logical_device_configuration(tf.config.PhysicalDevice("/physical_device:TPU:0", "TPU"))
    assert tf.config.get_logical_device_configuration(cpu) is None
