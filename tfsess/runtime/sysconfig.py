"""tf.sysconfig answered for tfsess: where the package lives, how it was built, and the flags a C++ build
against it would take.

tfsess is a Python package: it has no C++ headers, no libtensorflow_framework to link against and no
compiled kernels of its own. The ABI constants are TF 2.21's (the build tfsess follows, as `tf.VERSION`
is); MONOLITHIC_BUILD is 1 because there is no separate framework library, so get_link_flags() names
none, as TF's does for a monolithic build.
"""
from __future__ import annotations

import collections
import os
import platform

from tfsess.runtime import device_gpu

CXX11_ABI_FLAG = 1  # TF 2.21's wheels: -D_GLIBCXX_USE_CXX11_ABI=1
CXX_VERSION = 201703  # TF 2.21's wheels: C++17
MONOLITHIC_BUILD = 1  # no libtensorflow_framework: everything is this one package

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_CXX_STD_FLAGS = {201103: "--std=c++11", 201402: "--std=c++14", 201703: "--std=c++17", 202002: "--std=c++20"}
_EIGEN_MAX_ALIGN_BYTES = 64  # TF's x86-64 builds


def get_include() -> str:
    """The directory TF keeps its C++ headers in, under the package (tf.sysconfig.get_include).

    tfsess ships no headers, so the directory does not exist.
    """
    return os.path.join(_PACKAGE_DIR, "include")


def get_lib() -> str:
    """The directory of the package's libraries: the tfsess package itself (tf.sysconfig.get_lib)."""
    return _PACKAGE_DIR


def get_compile_flags() -> list:
    """The compiler flags of a build against the package's headers, in TF's order (tf.sysconfig.get_compile_flags)."""
    flags = [f"-I{get_include()}", f"-D_GLIBCXX_USE_CXX11_ABI={CXX11_ABI_FLAG}"]
    if CXX_VERSION in _CXX_STD_FLAGS:
        flags.append(_CXX_STD_FLAGS[CXX_VERSION])
    flags.append(f"-DEIGEN_MAX_ALIGN_BYTES={_EIGEN_MAX_ALIGN_BYTES}")
    return flags


def get_link_flags() -> list:
    """The linker flags: none, as for TF's monolithic builds, since tfsess has no framework library
    (tf.sysconfig.get_link_flags)."""
    if MONOLITHIC_BUILD:
        return []
    return [f"-L{get_lib()}", "-l:libtensorflow_framework.so.2"]  # pragma: no cover - the split build's form


def get_build_info() -> collections.OrderedDict:
    """TF's build-information keys, answered for this process (tf.sysconfig.get_build_info).

    `is_cuda_build` is whether tfsess can run on CUDA GPUs here (CuPy and a GPU), as tf.test.is_built_with_cuda
    answers; `cpu_compiler` is this interpreter's compiler, as tf.version.COMPILER_VERSION.
    """
    return collections.OrderedDict([
        ("cpu_compiler", platform.python_compiler()),
        ("is_cuda_build", device_gpu.cuda_available()),
        ("is_rocm_build", False),
        ("is_tensorrt_build", False),
    ])


__all__ = ["CXX11_ABI_FLAG", "CXX_VERSION", "MONOLITHIC_BUILD", "get_build_info", "get_compile_flags",
           "get_include", "get_lib", "get_link_flags"]
