"""tf.data.Options: a dataset's settings (threading, optimizations, determinism), set with `with_options`.

tfsess runs every pipeline deterministically with its own threads, so the settings change no
result; they are kept, typed and merged as TF does so that code reading them back works.
"""
from __future__ import annotations

import enum


class AutoShardPolicy(enum.IntEnum):
    """How a dataset is sharded among workers (tf.data.experimental.AutoShardPolicy)."""
    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class AutotuneAlgorithm(enum.Enum):
    """The autotuning algorithm (tf.data.experimental.AutotuneAlgorithm)."""
    DEFAULT = 0
    HILL_CLIMB = 1
    GRADIENT_DESCENT = 2
    MAX_PARALLELISM = 3
    STAGE_BASED = 4


class ExternalStatePolicy(enum.Enum):
    """What serializing a dataset with external state does (tf.data.experimental.ExternalStatePolicy)."""
    WARN = 0
    IGNORE = 1
    FAIL = 2


class _OptionGroup:
    """Typed, initially unset (None) options; unknown names are refused as TF refuses them."""

    _fields: dict = {}  # name -> type (a class, or a tuple of classes; a nested group's class)
    _defaults: dict = {}  # name -> the value an unset option reads as (TF's default), where not None

    def __init__(self):
        object.__setattr__(self, "_set", set())  # the names set by the user: only they win a merge
        for name, kind in self._fields.items():
            object.__setattr__(self, name, kind() if _is_group(kind) else self._defaults.get(name))

    _mutable = True

    def __setattr__(self, name, value):
        if not self._mutable:
            raise ValueError("Mutating `tf.data.Options()` returned by `tf.data.Dataset.options()` has no effect. Use "
                             "`tf.data.Dataset.with_options(options)` to set or update dataset options.")
        if name not in self._fields:
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        kind = self._fields[name]
        if value is not None and not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f'Property "{name}" must be of type {kind}, got: {value!r} (type: {type(value)})')
        object.__setattr__(self, name, self._defaults.get(name) if value is None else value)
        self._set.add(name)

    def __eq__(self, other):
        return type(self) is type(other) and all(getattr(self, n) == getattr(other, n) for n in self._fields)

    def __ne__(self, other):
        return not self == other

    __hash__ = None

    def _merged(self, other):
        out = type(self)()
        for name, kind in self._fields.items():
            mine, theirs = getattr(self, name), getattr(other, name)
            if _is_group(kind):
                object.__setattr__(out, name, mine._merged(theirs))
            else:
                chosen = theirs if name in other._set else mine
                object.__setattr__(out, name, chosen)
                if name in self._set or name in other._set:
                    out._set.add(name)
        return out


def _is_group(kind):
    return isinstance(kind, type) and issubclass(kind, _OptionGroup)


class ThreadingOptions(_OptionGroup):
    """Thread pool sizes for a dataset (tf.data.ThreadingOptions)."""
    _fields = {"max_intra_op_parallelism": int, "private_threadpool_size": int}


class OptimizationOptions(_OptionGroup):
    """Static graph rewrites tf.data may apply (tf.data.experimental.OptimizationOptions)."""
    _fields = {n: bool for n in ("apply_default_optimizations", "filter_fusion", "filter_parallelization",
                                 "inject_prefetch", "map_and_batch_fusion", "map_and_filter_fusion", "map_fusion",
                                 "map_parallelization", "noop_elimination", "parallel_batch",
                                 "seq_interleave_prefetch", "shuffle_and_repeat_fusion")}


class DistributeOptions(_OptionGroup):
    """How a dataset is split among workers (tf.data.experimental.DistributeOptions)."""
    _fields = {"auto_shard_policy": AutoShardPolicy, "num_devices": int}
    _defaults = {"auto_shard_policy": AutoShardPolicy.AUTO}


class AutotuneOptions(_OptionGroup):
    """Autotuning of buffer sizes and parallelism (tf.data.experimental.AutotuneOptions)."""
    _fields = {"autotune_algorithm": AutotuneAlgorithm, "cpu_budget": int, "enabled": bool, "initial_parallelism": int,
               "min_parallelism": int, "ram_budget": int}


class ServiceOptions(_OptionGroup):
    """Settings of the tf.data service (tf.data.experimental.ServiceOptions)."""
    _fields = {"pinned": bool}


class Options(_OptionGroup):
    """Options of a dataset (tf.data.Options): attach with `Dataset.with_options`, read with `options()`."""
    _fields = {"autotune": AutotuneOptions, "dataset_name": str, "deterministic": bool,
               "experimental_distribute": DistributeOptions, "experimental_external_state_policy": ExternalStatePolicy,
               "experimental_optimization": OptimizationOptions, "experimental_service": ServiceOptions,
               "experimental_slack": bool,
               "experimental_symbolic_checkpoint": bool, "experimental_warm_start": bool,
               "framework_type": list, "threading": ThreadingOptions}

    @property
    def experimental_deterministic(self):  # TF's older name of `deterministic`
        return self.deterministic

    @experimental_deterministic.setter
    def experimental_deterministic(self, value):
        self.deterministic = value

    @property
    def experimental_threading(self):  # TF's older name of `threading`
        return self.threading

    def __setattr__(self, name, value):
        if name == "experimental_deterministic":
            name = "deterministic"
        super().__setattr__(name, value)

    def merge(self, options):
        """These options overridden by the ones set in `options` (an Options, or None)."""
        return self if options is None else self._merged(options)

    def frozen(self):
        """A copy that refuses to be changed (what Dataset.options() returns, as TF's does)."""
        out = self._merged(Options())
        object.__setattr__(out, "_mutable", False)
        return out


__all__ = ["Options", "ThreadingOptions"]  # the others are tf.data.experimental names
