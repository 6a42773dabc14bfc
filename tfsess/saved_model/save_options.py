"""tf.saved_model.SaveOptions and tf.saved_model.experimental.VariablePolicy."""
from __future__ import annotations

import enum

from tfsess.train.checkpoint_sharding import ShardingCallback


class VariablePolicy(enum.Enum):
    """How a SavedModel records variables (tf.saved_model.experimental.VariablePolicy).

    NONE saves no devices; SAVE_VARIABLE_DEVICES records each variable's device;
    EXPAND_DISTRIBUTED_VARIABLES also records a distributed variable's components.
    """

    NONE = None
    SAVE_VARIABLE_DEVICES = "save_variable_devices"
    EXPAND_DISTRIBUTED_VARIABLES = "expand_distributed_variables"

    def _save_variable_devices(self):
        return self != VariablePolicy.NONE

    def _expand_distributed_variables(self):
        return self == VariablePolicy.EXPAND_DISTRIBUTED_VARIABLES

    @staticmethod
    def from_obj(obj):
        """The policy `obj` names: a VariablePolicy, None (NONE) or a value's name in any case.

        Raises:
            ValueError: `obj` names no policy.
        """
        if obj is None:
            return VariablePolicy.NONE
        if isinstance(obj, VariablePolicy):
            return obj
        key = str(obj).lower()
        for policy in VariablePolicy:
            if key == policy.value:
                return policy
        raise ValueError(f"Received invalid VariablePolicy value: {obj}.")


class SaveOptions:
    """Options for tf.saved_model.save (tf.saved_model.SaveOptions).

    Raises:
        TypeError: `namespace_whitelist` is not a list.
        ValueError: a whitelisted namespace is not a string, the variable policy is unknown,
            `experimental_image_format` is set (TF's open-source build refuses it too), or the
            sharding callback is not a tf.train.experimental.ShardingCallback.
    """

    __slots__ = ("namespace_whitelist", "save_debug_info", "function_aliases", "experimental_debug_stripper",
                 "experimental_io_device", "experimental_variable_policy", "experimental_custom_gradients",
                 "experimental_image_format", "experimental_skip_saver", "experimental_sharding_callback",
                 "extra_tags")

    def __init__(self, namespace_whitelist=None, save_debug_info=False, function_aliases=None,
                 experimental_debug_stripper=False, experimental_io_device=None, experimental_variable_policy=None,
                 experimental_custom_gradients=True, experimental_image_format=False, experimental_skip_saver=False,
                 experimental_sharding_callback=None, extra_tags=None):
        self.namespace_whitelist = _validate_namespace_whitelist(namespace_whitelist)
        self.save_debug_info = save_debug_info
        self.function_aliases = function_aliases if function_aliases else dict()
        self.experimental_custom_gradients = experimental_custom_gradients
        self.experimental_debug_stripper = experimental_debug_stripper
        self.experimental_io_device = experimental_io_device
        self.experimental_variable_policy = VariablePolicy.from_obj(experimental_variable_policy)
        self.experimental_skip_saver = experimental_skip_saver
        if experimental_image_format:
            raise ValueError("The option `experimental_image_format` is disabled in OSS.")
        self.experimental_image_format = experimental_image_format
        if experimental_sharding_callback is not None and not isinstance(experimental_sharding_callback,
                                                                          ShardingCallback):
            raise ValueError("The experimental_sharding_callback checkpoint optionmust be of type ShardingCallback. "
                             f"The option providedwas of type {type(experimental_sharding_callback)}.")
        self.experimental_sharding_callback = experimental_sharding_callback
        self.extra_tags = extra_tags


def _validate_namespace_whitelist(namespace_whitelist):
    if namespace_whitelist is None:
        return None
    if not isinstance(namespace_whitelist, list):
        raise TypeError(f"`namespace_whitelist` must be a list of strings. Got: {namespace_whitelist} with type "
                        f"{type(namespace_whitelist)}.")
    for namespace in namespace_whitelist:
        if not isinstance(namespace, str):
            raise ValueError(f"Whitelisted namespace must be a string. Got: {namespace} of type {type(namespace)}.")
    return list(namespace_whitelist)


__all__ = ["SaveOptions"]
