"""CuPy GPUs. The real tests run only where cupy imports and a CUDA GPU is visible (skipped
cleanly elsewhere); a NumPy-backed stand-in for cupy checks the device plumbing everywhere."""
import types

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.runtime import device_gpu
from tfsess.runtime.devices import set_simulated_gpus

GPU0 = "/job:localhost/replica:0/task:0/device:GPU:0"
CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"

try:
    import cupy
except ImportError:
    cupy = None
needs_cuda = pytest.mark.skipif(cupy is None or not device_gpu.cuda_available(),
                                reason="needs cupy and a CUDA GPU")


pytestmark = pytest.mark.usefixtures("no_simulated_gpus")


def _gpu_info(sess):
    return next(m for m in sess.memory_info() if m["name"] == GPU0)


# ------------------------------------------------------------------ real CUDA
@needs_cuda
def test_real_gpus_are_listed_as_real():
    with tf.Session(graph=tf.Graph()) as sess:
        gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
    assert gpus and gpus[0].name == GPU0
    assert not gpus[0].simulated and "compute capability" in gpus[0].physical_device_desc
    assert gpus[0].memory_limit_bytes > 0


@needs_cuda
def test_gpu_ops_run_with_cupy_and_fetch_numpy():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [3, 3], name="x")
        with tf.device("/gpu:0"):
            y = tf.reduce_sum(tf.matmul(x, x) + 1.0, name="y")
            z = tf.matmul(x, x, name="z")
    value = np.arange(9, dtype=np.float32).reshape(3, 3)
    with tf.Session(graph=g) as sess:
        got_y, got_z = sess.run([y, z], {x: value})
        assert sess.runtime.devices.gpus[0].xp is cupy
        info = _gpu_info(sess)
        assert info["simulated"] is False and info["peak_bytes_in_use"] > 0
    assert isinstance(got_z, np.ndarray) and isinstance(got_y, np.float32)
    np.testing.assert_allclose(got_z, value @ value)
    np.testing.assert_allclose(got_y, (value @ value + 1).sum())


@needs_cuda
def test_fraction_caps_the_pool_and_oom_is_resource_exhausted():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.device("/gpu:0"):
            total = tf.reduce_sum(x * 2.0, name="total_sum")
    options = tf.GPUOptions(per_process_gpu_memory_fraction=0.01)
    with tf.Session(graph=g, config=tf.ConfigProto(gpu_options=options)) as sess:
        limit = _gpu_info(sess)["limit_bytes"]
        assert _gpu_info(sess)["reserved_bytes"] > 0  # reserved up front without allow_growth
        with pytest.raises(errors.ResourceExhaustedError) as info:
            sess.run(total, {x: np.zeros(limit // 4 + 1024, np.float32)})
        assert info.value.op is not None
        assert sess.run(total, {x: np.ones(1000, np.float32)}) == 2000.0


@needs_cuda
def test_visible_device_list_is_checked():
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(visible_device_list="99"))
    with pytest.raises(errors.InvalidArgumentError, match="invalid Device id '99'"):
        tf.Session(graph=tf.Graph(), config=config)


@needs_cuda
def test_simulated_gpus_come_after_real_ones_only_when_asked():
    real = device_gpu.physical_gpu_count()
    with tf.Session(graph=tf.Graph()) as sess:
        assert not any(d.simulated for d in sess.list_devices())
    set_simulated_gpus(1)
    with tf.Session(graph=tf.Graph()) as sess:
        gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
    assert [d.simulated for d in gpus] == [False] * real + [True]


# ------------------------------------------------------------------ a NumPy stand-in for cupy
class _FakeDeviceArray(np.ndarray):
    """Looks like a CuPy array to the session: has .get() and __cuda_array_interface__."""

    @property
    def __cuda_array_interface__(self):
        return {"shape": self.shape}

    def get(self):
        return np.array(self)


class _FakeOOM(MemoryError):
    pass


class _FakePool:
    def __init__(self):
        self.limit, self.used, self.total, self.freed = 0, 0, 0, False

    def get_limit(self):
        return self.limit

    def set_limit(self, size):
        self.limit = size

    def used_bytes(self):
        return self.used

    def total_bytes(self):
        return self.total

    def free_all_blocks(self):
        self.freed = True


class _FakeCupyModule(types.SimpleNamespace):
    """Everything cupy has that the stand-in does not define comes from NumPy, on device arrays."""

    def __getattr__(self, name):
        fn = getattr(np, name)
        if not callable(fn) or isinstance(fn, type):
            return fn

        def on_device(*args, **kwargs):
            out = fn(*args, **kwargs)
            return out.view(_FakeDeviceArray) if isinstance(out, np.ndarray) else out
        return on_device


def _fake_cupy():
    pool = _FakePool()
    current = {"device": 0}

    class _Device:
        def __init__(self, ordinal=0):
            self.ordinal = ordinal

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def array(value, copy=True):
        out = np.array(value, copy=True).view(_FakeDeviceArray)
        pool.used += out.nbytes
        return out

    def empty(n, dtype):
        pool.total = max(pool.total, n)
        return np.empty(0, dtype)

    runtime = types.SimpleNamespace(
        getDeviceCount=lambda: 1, getDevice=lambda: current["device"],
        setDevice=lambda i: current.update(device=i), memGetInfo=lambda: (1 << 30, 1 << 31),
        getDeviceProperties=lambda i: {"name": b"Fake GPU", "totalGlobalMem": 1 << 31, "major": 9, "minor": 0,
                                       "pciBusID": 5, "pciDeviceID": 0, "pciDomainID": 0})
    fake = _FakeCupyModule(
        cuda=types.SimpleNamespace(runtime=runtime, Device=_Device,
                                   memory=types.SimpleNamespace(OutOfMemoryError=_FakeOOM)),
        get_default_memory_pool=lambda: pool, array=array, empty=empty, uint8=np.uint8, pool=pool)
    return fake


@pytest.fixture
def fake_cupy(monkeypatch):
    fake = _fake_cupy()
    monkeypatch.setattr(device_gpu, "_cupy", lambda: fake)
    return fake


def test_stand_in_gpu_is_listed_reserved_and_released(fake_cupy):
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=0.5))
    sess = tf.Session(graph=tf.Graph(), config=config)
    gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
    assert [d.name for d in gpus] == [GPU0] and not gpus[0].simulated
    assert gpus[0].physical_device_desc == ("device: 0, name: Fake GPU, pci bus id: 0000:05:00.0, "
                                            "compute capability: 9.0")
    assert fake_cupy.pool.limit == 1 << 30 and fake_cupy.pool.total == 1 << 30  # capped and reserved
    info = _gpu_info(sess)
    assert info["limit_bytes"] == 1 << 30 and info["fraction"] == 0.5 and info["simulated"] is False
    sess.close()
    assert fake_cupy.pool.freed and fake_cupy.pool.limit == 0


def test_stand_in_gpu_copies_values_in_and_out(fake_cupy):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [3], name="x")
        with tf.device("/gpu:0"):
            y = tf.multiply(x, 2.0, name="y")
        with tf.device("/cpu:0"):
            z = tf.add(y, 1.0, name="z")
    with tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=False)) as sess:
        out = sess.run(z, {x: [1.0, 2.0, 3.0]})
        copies = {c["device"]: c["from"] for c in sess.runtime.devices.copy_info()}
        assert _gpu_info(sess)["peak_bytes_in_use"] >= 12
    assert type(out) is np.ndarray
    np.testing.assert_allclose(out, [3.0, 5.0, 7.0])
    assert copies == {GPU0: {CPU0: 1}, CPU0: {GPU0: 1}}


def test_stand_in_gpu_turns_cupy_oom_into_tf_text(fake_cupy):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [4, None], name="x")
        y = tf.multiply(x, 2.0, name="y")
    sess = tf.Session(graph=g)
    device = sess.runtime.devices.gpus[0]
    error = device.translate_error(_FakeOOM("Out of memory allocating 1,024 bytes"), y.op)
    assert isinstance(error, errors.ResourceExhaustedError)
    assert error.message.startswith(f"OOM when allocating tensor with shape[4,-1] and type float on {GPU0} "
                                    "by allocator GPU_0_bfc")
    assert "1,024 bytes" in error.message
    other = ValueError("not memory")
    assert device.translate_error(other, y.op) is other
    sess.close()
