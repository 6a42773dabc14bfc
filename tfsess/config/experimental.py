"""tf.config.experimental: memory growth and statistics, logical devices, device policy, TensorFloat-32."""
from tfsess.framework.context_config import (  # noqa: F401
    disable_mlir_bridge, enable_mlir_bridge, enable_tensor_float_32_execution, get_device_policy, get_synchronous_execution, set_device_policy,
    set_synchronous_execution, tensor_float_32_execution_enabled)
from tfsess.runtime.device_context import (  # noqa: F401
    get_device_details, get_logical_device_configuration, get_memory_growth, get_visible_devices,
    list_logical_devices, list_physical_devices, reset_memory_stats, set_logical_device_configuration,
    set_memory_growth, set_visible_devices)
from tfsess.runtime.device_context import LogicalDeviceConfiguration as VirtualDeviceConfiguration  # noqa: F401
from tfsess.runtime.device_context import get_memory_usage  # noqa: F401
from tfsess.runtime.device_context import memory_info as get_memory_info  # noqa: F401
from tfsess.train.server_lib import ClusterDeviceFilters  # noqa: F401

get_virtual_device_configuration = get_logical_device_configuration
set_virtual_device_configuration = set_logical_device_configuration

