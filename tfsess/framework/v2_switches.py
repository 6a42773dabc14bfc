"""TF1's switches toward TF2 behaviour that tfsess answers as TF 2.21 does in graph mode.

`enable_tensor_equality` sets the flag TF sets (Tensor._USE_EQUALITY); as in TF, tensors of a graph
built outside eager mode keep comparing and hashing by identity. `enable_eager_execution` and
`enable_v2_behavior` raise TF's ValueError once the default graph has been used; before that TF would
switch to eager execution, which tfsess (graphs and sessions only) has not, so they raise
NotImplementedError saying so. `tf.config.experimental_connect_to_cluster`/`_host` (eager remote execution)
raise TF's graph-mode ValueError.
"""
from __future__ import annotations

import contextlib

from tfsess.framework.config_pb import ConfigProto
from tfsess.framework.graph import default_graph_used
from tfsess.framework.operation import Tensor

_EXECUTION_MODES = (None, 0, 1)  # TF's context.SYNC and context.ASYNC


def enable_tensor_equality():
    """Sets TF's tensor-equality flag; graph tensors still compare by identity, as TF's do in graph mode
    (tf.enable_tensor_equality)."""
    Tensor._USE_EQUALITY = True


def disable_tensor_equality():
    """Clears TF's tensor-equality flag: tensors compare by identity and are hashable
    (tf.disable_tensor_equality)."""
    Tensor._USE_EQUALITY = False


def _refuse_eager(name):
    if default_graph_used():
        raise ValueError("tf.enable_eager_execution must be called at program startup.")
    raise NotImplementedError(f"{name}: tfsess builds graphs and runs them in sessions; it has no eager execution.")


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Refuses, as TF does once a graph has been built: ValueError after the default graph was used,
    NotImplementedError before (tfsess has no eager mode) (tf.enable_eager_execution)."""
    if config is not None and not isinstance(config, ConfigProto):
        raise TypeError(f"config must be a tf.ConfigProto, but got {type(config)}")
    if device_policy is not None:
        raise ValueError("device_policy must be one of None, DEVICE_PLACEMENT_*")
    if execution_mode not in _EXECUTION_MODES:
        raise ValueError("execution_mode must be one of None, SYNC, ASYNC")
    _refuse_eager("tf.enable_eager_execution")


def enable_v2_behavior():
    """Refuses as enable_eager_execution does: TF's v2 behaviour starts with eager execution
    (tf.enable_v2_behavior)."""
    _refuse_eager("tf.enable_v2_behavior")


def async_clear_error():
    """Refuses as TF does in graph mode, where no eager context exists (tf.experimental.async_clear_error)."""
    raise ValueError("Context is not initialized.")


@contextlib.contextmanager
def async_scope():
    """Refuses on entry as TF does in graph mode, where no eager context exists (tf.experimental.async_scope)."""
    raise ValueError("Context is not initialized.")
    yield  # a context manager's shape; never reached


def experimental_connect_to_cluster(cluster_spec_or_resolver, job_name="localhost", task_index=0, protocol=None,
                                    make_master_device_default=True, cluster_device_filters=None):
    """Refuses as TF does in graph mode: remote eager execution needs eager mode
    (tf.config.experimental_connect_to_cluster)."""
    raise ValueError("`tf.config.experimental_connect_to_cluster` can only be called in eager mode.")


def experimental_connect_to_host(remote_host=None, job_name="worker"):
    """Refuses as TF does in graph mode, after checking that a host was given
    (tf.config.experimental_connect_to_host)."""
    if not remote_host:
        raise ValueError("Must provide at least one remote_host")
    experimental_connect_to_cluster({job_name: remote_host})


__all__ = ["disable_tensor_equality", "enable_eager_execution", "enable_tensor_equality", "enable_v2_behavior"]
