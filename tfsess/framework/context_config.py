"""The process's default session settings (TF's context config), set through tf.config and tf.debugging.

A Session made without a ConfigProto starts from these values, as TF 2's BaseSession takes
`context.context().config`; a session given a config uses that config alone. As in TF, some
settings (threads, and the device settings of runtime/device_context.py) may change only until
the context is initialized (tf.config.list_logical_devices or a memory query does that); changing
them afterwards raises RuntimeError, setting the value they already have does not.
"""
from __future__ import annotations

import threading

from tfsess.framework.config_pb import ConfigProto, OptimizerOptions, RewriterConfig

_LOCK = threading.RLock()
_THREADS = {"intra_op_parallelism_threads": None, "inter_op_parallelism_threads": None}
_STATE = {"initialized": False, "soft_device_placement": None, "log_device_placement": None,
          "optimizer_jit": None, "device_policy": "silent", "synchronous_execution": True,
          "tensor_float_32": True, "functions_run_eagerly": False, "mlir_bridge_rollout": 0}
_TRACEBACK_FILTERING = threading.local()  # per thread, as TF's
_OPTIMIZER_OPTIONS = {}

# Grappler switches of tf.config.optimizer.set_experimental_options: toggles (ON/OFF) and plain bools.
REWRITER_TOGGLES = ("layout_optimizer", "constant_folding", "shape_optimization", "remapping",
                    "arithmetic_optimization", "dependency_optimization", "loop_optimization",
                    "function_optimization", "debug_stripper", "scoped_allocator_optimization",
                    "pin_to_host_optimization", "implementation_selector", "auto_mixed_precision",
                    "use_plugin_optimizers", "auto_mixed_precision_onednn_bfloat16", "auto_mixed_precision_mkl")
REWRITER_BOOLS = ("disable_model_pruning", "disable_meta_optimizer")
_REPORT_ORDER = REWRITER_TOGGLES[:9] + ("disable_model_pruning",) + REWRITER_TOGGLES[9:14] + (
    "disable_meta_optimizer",) + REWRITER_TOGGLES[14:]


def is_initialized() -> bool:
    """Whether the context is initialized (device and thread settings are fixed from then on)."""
    return _STATE["initialized"]


def ensure_initialized() -> None:
    """Initializes the context, as TF's list_logical_devices and memory queries do."""
    _STATE["initialized"] = True


def default_session_config() -> ConfigProto:
    """A new ConfigProto holding the context's settings (0 threads: the system picks).

    The device fields (device_count, gpu_options) are added by runtime/device_context.py.
    """
    with _LOCK:
        config = ConfigProto(**{k: v for k, v in _THREADS.items() if v is not None})
        if _STATE["optimizer_jit"] is not None:
            config.graph_options.optimizer_options.global_jit_level = (
                OptimizerOptions.ON_1 if _STATE["optimizer_jit"] else OptimizerOptions.OFF)
        config.allow_soft_placement = bool(_STATE["soft_device_placement"])  # graph mode's default: False
        if _STATE["log_device_placement"] is not None:
            config.log_device_placement = _STATE["log_device_placement"]
        if _STATE["mlir_bridge_rollout"]:
            config.experimental.mlir_bridge_rollout = _STATE["mlir_bridge_rollout"]
            config.experimental.enable_mlir_bridge = _STATE["mlir_bridge_rollout"] == 1
        rewrite = config.graph_options.rewrite_options
        for option in REWRITER_TOGGLES:
            if _OPTIMIZER_OPTIONS.get(option) is not None:
                setattr(rewrite, option, RewriterConfig.ON if _OPTIMIZER_OPTIONS[option] else RewriterConfig.OFF)
        for option in REWRITER_BOOLS:
            if _OPTIMIZER_OPTIONS.get(option) is not None:
                setattr(rewrite, option, bool(_OPTIMIZER_OPTIONS[option]))
        if _OPTIMIZER_OPTIONS.get("min_graph_nodes") is not None:
            rewrite.min_graph_nodes = int(_OPTIMIZER_OPTIONS["min_graph_nodes"])
        return config


def _set_threads(field, num_threads):
    if isinstance(num_threads, bool) or not isinstance(num_threads, int):
        try:
            num_threads = int(num_threads)
        except (TypeError, ValueError):
            raise TypeError(f"{field} must be an integer, got {num_threads!r}") from None
    with _LOCK:
        if _THREADS[field] == num_threads:
            return
        if _STATE["initialized"]:
            what = "Intra" if field.startswith("intra") else "Inter"
            raise RuntimeError(f"{what} op parallelism cannot be modified after initialization.")
        _THREADS[field] = num_threads


def get_intra_op_parallelism_threads() -> int:
    """Threads one op may use (BLAS, fused elementwise chains) in sessions made without a config; 0: system's."""
    return _THREADS["intra_op_parallelism_threads"] or 0


def set_intra_op_parallelism_threads(num_threads):
    """Sets the intra-op threads of sessions made from now on without a config (0: the system picks)."""
    _set_threads("intra_op_parallelism_threads", num_threads)


def get_inter_op_parallelism_threads() -> int:
    """Threads independent ops of a step may use in sessions made without a config; 0: the system picks."""
    return _THREADS["inter_op_parallelism_threads"] or 0


def set_inter_op_parallelism_threads(num_threads):
    """Sets the inter-op threads of sessions made from now on without a config (0: the system picks)."""
    _set_threads("inter_op_parallelism_threads", num_threads)


def get_setting(name):
    """One context setting by name (soft_device_placement, log_device_placement, optimizer_jit, ...)."""
    return _STATE[name]


def set_setting(name, value) -> None:
    """Sets one context setting; sessions made from now on without a config see it."""
    if name not in _STATE or name == "initialized":
        raise KeyError(name)
    with _LOCK:
        _STATE[name] = value


def optimizer_options() -> dict:
    """tf.config.optimizer.get_experimental_options(): the switches as sessions' rewrite_options carry them."""
    with _LOCK:
        given = dict(_OPTIMIZER_OPTIONS)
    options = {}
    for option in _REPORT_ORDER:
        if option in REWRITER_BOOLS:
            options[option] = bool(given.get(option) or False)
        elif given.get(option) is not None:
            options[option] = bool(given[option])
    if given.get("min_graph_nodes"):
        options["min_graph_nodes"] = int(given["min_graph_nodes"])
    return options


def update_optimizer_options(options: dict) -> None:
    """Merges `options` into the optimizer switches (None leaves a switch at its default)."""
    with _LOCK:
        _OPTIMIZER_OPTIONS.update(options)


__all__ = ["get_inter_op_parallelism_threads", "get_intra_op_parallelism_threads",
           "set_inter_op_parallelism_threads", "set_intra_op_parallelism_threads"]


# ---------------------------------------------------------------- the public getters and setters
_DEVICE_POLICIES = ("explicit", "warn", "silent", "silent_for_int32")


def get_soft_device_placement() -> bool:
    """Whether sessions made without a config fall back to another device for an op (graph mode: False)."""
    return bool(_STATE["soft_device_placement"])


def set_soft_device_placement(enabled) -> None:
    """Sets allow_soft_placement of sessions made from now on without a config."""
    set_setting("soft_device_placement", bool(enabled))


def get_log_device_placement() -> bool:
    """Whether sessions made without a config log each op's device."""
    return bool(_STATE["log_device_placement"])


def set_log_device_placement(enabled) -> None:
    """Sets log_device_placement of sessions made from now on without a config."""
    set_setting("log_device_placement", bool(enabled))


def get_optimizer_jit() -> str:
    """'autoclustering' when sessions made without a config ask for XLA's global JIT, else ''."""
    return "autoclustering" if _STATE["optimizer_jit"] else ""


def set_optimizer_jit(enabled) -> None:
    """Records global_jit_level ON_1 (True, 'autoclustering') or OFF (False, '') in sessions' configs.

    tfsess has no XLA: the level is reported in the ConfigProto as TF does and compiles nothing.
    """
    set_setting("optimizer_jit", enabled in (True, "autoclustering"))


def get_device_policy() -> str:
    """The device placement policy of eager execution, as TF reports it ('silent' by default)."""
    return _STATE["device_policy"]


def set_device_policy(device_policy) -> None:
    """Sets the device placement policy ('explicit', 'warn', 'silent', 'silent_for_int32', None: 'silent')."""
    if device_policy is None:
        device_policy = "silent"
    if device_policy not in _DEVICE_POLICIES:
        raise ValueError(f"Invalid argument `device_policy`: {device_policy!r}. Please refer to "
                         "https://www.tensorflow.org/api_docs/python/tf/config/experimental/set_device_policy "
                         "for valid `device_policy` arguments.")
    set_setting("device_policy", device_policy)


def get_synchronous_execution() -> bool:
    """Whether eager ops run synchronously (sessions always run their steps synchronously)."""
    return _STATE["synchronous_execution"]


def set_synchronous_execution(enable) -> None:
    """Records the eager synchronous-execution switch (session runs are synchronous either way)."""
    set_setting("synchronous_execution", bool(enable))


def tensor_float_32_execution_enabled() -> bool:
    """Whether float32 matmuls and convolutions may use TensorFloat-32 on GPUs that have it."""
    return _STATE["tensor_float_32"]


def enable_tensor_float_32_execution(enabled) -> None:
    """Allows (True) or forbids (False) TensorFloat-32 for float32 matmuls and convolutions on GPUs."""
    set_setting("tensor_float_32", bool(enabled))


def functions_run_eagerly() -> bool:
    """Whether tf.function should run its Python function eagerly (a switch; graph mode ignores it)."""
    return _STATE["functions_run_eagerly"]


def run_functions_eagerly(run_eagerly) -> None:
    """Sets the tf.function eager switch (graph-mode tf.function calls build graph ops either way)."""
    set_setting("functions_run_eagerly", bool(run_eagerly))


def is_traceback_filtering_enabled() -> bool:
    """Whether error tracebacks hide frames inside the library, in this thread (a switch as in TF)."""
    return getattr(_TRACEBACK_FILTERING, "value", True)


def enable_traceback_filtering() -> None:
    """Turns traceback filtering on in this thread."""
    _TRACEBACK_FILTERING.value = True


def disable_traceback_filtering() -> None:
    """Turns traceback filtering off in this thread."""
    _TRACEBACK_FILTERING.value = False


def enable_mlir_bridge() -> None:
    """Asks for TF's MLIR bridge (recorded in sessions' experimental.mlir_bridge_rollout; tfsess has no XLA)."""
    set_setting("mlir_bridge_rollout", 1)


def disable_mlir_bridge() -> None:
    """Turns TF's MLIR bridge off (mlir_bridge_rollout DISABLED in sessions' configs)."""
    set_setting("mlir_bridge_rollout", 2)
