"""The session's configuration messages under the names users import them by (tf.ConfigProto, ...).

The schemas live in framework/config_pb.py and the message engine in framework/message.py, where
every layer (the runtime, the Dask workers) may read them.
"""
from tfsess.framework.config_pb import (  # noqa: F401 - re-exported
    AllocationDescription, AllocatorMemoryUsed, ClusterDef, ConfigProto, DataType, DeviceStepStats, GPUOptions,
    GraphOptions, JobDef, NodeExecStats, NodeOutput, OptimizerOptions, RunMetadata, RunOptions, SessionMetadata,
    StepStats, TensorDescription, TensorShapeProto, ThreadPoolOptionProto)
from tfsess.framework.message import DecodeError, EnumTypeWrapper, FieldDescriptor, Message  # noqa: F401
