"""tf.test's device queries, answered from the devices a default session of this process gets.

`is_built_with_cuda` / `is_built_with_gpu_support` say whether tfsess can drive CUDA GPUs here
(CuPy imports and sees one); `is_gpu_available` also counts simulated GPUs unless cuda_only,
since placement treats them as GPUs.
"""
from __future__ import annotations

from tfsess.client.session import Session
from tfsess.framework.graph import Graph
from tfsess.runtime import device_gpu


def _gpus():
    with Session(graph=Graph()) as sess:
        return [d for d in sess.list_devices() if d.device_type == "GPU"]


def is_gpu_available(cuda_only=False, min_cuda_compute_capability=None):
    """Whether a session of this process gets a GPU (a CUDA one when cuda_only or a compute capability is asked)."""
    gpus = _gpus()
    if cuda_only or min_cuda_compute_capability is not None:
        gpus = [d for d in gpus if not getattr(d, "simulated", False)]
        if min_cuda_compute_capability is not None and gpus:
            wanted = tuple(min_cuda_compute_capability)
            gpus = [d for ordinal, d in enumerate(gpus) if _capability(ordinal) >= wanted]
    return bool(gpus)


def _capability(ordinal):
    import cupy  # optional dependency: cupy (only reached when a CUDA GPU was found)
    text = str(cupy.cuda.Device(ordinal).compute_capability)  # "86" -> (8, 6)
    return int(text[:-1]), int(text[-1])


def gpu_device_name():
    """The name of the first GPU a session gets ('/device:GPU:0'), or '' when there is none."""
    gpus = _gpus()
    if not gpus:
        return ""
    return "/device:GPU:" + gpus[0].name.rsplit(":", 1)[-1]


def is_built_with_cuda():
    """Whether tfsess can run kernels on CUDA GPUs in this process (CuPy imports and sees a GPU)."""
    return device_gpu.cuda_available()


def is_built_with_gpu_support():
    """Whether tfsess can run kernels on a GPU here: CUDA through CuPy (ROCm is not supported)."""
    return device_gpu.cuda_available()


def is_built_with_rocm():
    """False: tfsess has no ROCm kernels."""
    return False


def is_built_with_xla():
    """False: tfsess has no XLA compiler."""
    return False


__all__ = ["gpu_device_name", "is_built_with_cuda", "is_built_with_gpu_support", "is_built_with_rocm",
           "is_built_with_xla", "is_gpu_available"]
