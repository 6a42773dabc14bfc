"""tf.test's questions about the build: which CPU targets it supports, where TF's test sources live."""
from __future__ import annotations

import os

# TF's target-name prefixes. tfsess is Python over NumPy: it runs on every CPU target Python runs on.
_CPU_TARGET_PREFIXES = ("arm", "aarch64", "ppc", "powerpc", "x86", "s390x")


def is_cpu_target_available(target):
    """Whether the build supports the CPU target `target` (tf.test.is_cpu_target_available): True for each
    target TF knows, since tfsess compiles for none.

    Raises:
        AssertionError: an unknown target, as TF's check does.
    """
    if target.startswith(_CPU_TARGET_PREFIXES):
        return True
    raise AssertionError("Unknown CPU target: " + target)


def test_src_dir_path(relative_path):
    """The absolute path of `relative_path` under TF's test sources in the Bazel runfiles
    (tf.test.test_src_dir_path): TEST_SRCDIR/TEST_WORKSPACE/tensorflow/relative_path.

    Raises:
        KeyError: TEST_SRCDIR or TEST_WORKSPACE is not set (outside a Bazel test), as in TF.
    """
    return os.path.join(os.environ["TEST_SRCDIR"], os.environ["TEST_WORKSPACE"], "tensorflow", relative_path)


__all__ = ["is_cpu_target_available", "test_src_dir_path"]
