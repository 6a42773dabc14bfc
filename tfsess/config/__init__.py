"""The tf.config namespace: devices, soft placement, threading, the optimizer switches."""
from tfsess.config import experimental, optimizer, threading  # noqa: F401
from tfsess.framework.context_config import (  # noqa: F401
    functions_run_eagerly, get_soft_device_placement, run_functions_eagerly, set_soft_device_placement)
from tfsess.framework.v2_switches import experimental_connect_to_cluster, experimental_connect_to_host  # noqa: F401
from tfsess.runtime.device_context import (  # noqa: F401
    LogicalDevice, LogicalDeviceConfiguration, PhysicalDevice, get_logical_device_configuration,
    get_visible_devices, list_logical_devices, list_physical_devices, set_logical_device_configuration,
    set_visible_devices)

experimental_functions_run_eagerly = functions_run_eagerly
experimental_run_functions_eagerly = run_functions_eagerly
