"""The message schemas: ConfigProto, GPUOptions, GraphOptions, RunOptions, RunMetadata, StepStats, ClusterDef.

Each class lists its fields (name -> spec, in field-number order); framework/message.py gives them
protobuf's behaviour. tf.ConfigProto and friends are these classes.
"""
from __future__ import annotations

from tfsess.framework.message import EnumTypeWrapper, Message, map_of, repeated


# ------------------------------------------------------------------ step stats (step_stats.proto)
DataType = EnumTypeWrapper(
    "DataType", DT_INVALID=0, DT_FLOAT=1, DT_DOUBLE=2, DT_INT32=3, DT_UINT8=4, DT_INT16=5, DT_INT8=6,
    DT_STRING=7, DT_COMPLEX64=8, DT_INT64=9, DT_BOOL=10, DT_QINT8=11, DT_QUINT8=12, DT_QINT32=13,
    DT_BFLOAT16=14, DT_QINT16=15, DT_QUINT16=16, DT_UINT16=17, DT_COMPLEX128=18, DT_HALF=19,
    DT_RESOURCE=20, DT_VARIANT=21, DT_UINT32=22, DT_UINT64=23)


class AllocationDescription(Message):
    """How a tensor's buffer was allocated."""
    FIELDS = {"requested_bytes": "int64", "allocated_bytes": "int64", "allocator_name": "string",
              "allocation_id": "int64", "has_single_reference": "bool", "ptr": "uint64"}


class TensorShapeProto(Message):
    """A tensor shape: dims with sizes (-1 unknown), or unknown_rank."""

    class Dim(Message):
        """One dimension of a TensorShapeProto."""
        FIELDS = {"size": "int64", "name": "string"}

    FIELDS = {"dim": repeated(Dim), "unknown_rank": "bool"}


class TensorDescription(Message):
    """The dtype, shape and allocation of one op output."""
    FIELDS = {"dtype": DataType, "shape": TensorShapeProto, "allocation_description": AllocationDescription}


class NodeOutput(Message):
    """One output of a traced node: its slot and tensor description."""
    FIELDS = {"slot": "int32", "tensor_description": TensorDescription}


class AllocatorMemoryUsed(Message):
    """Memory one allocator used for a node."""
    FIELDS = {"allocator_name": "string", "total_bytes": "int64", "peak_bytes": "int64", "live_bytes": "int64",
              "allocator_bytes_in_use": "int64"}


class NodeExecStats(Message):
    """Timing, outputs and memory of one node execution in a traced step."""
    FIELDS = {
        "node_name": "string", "all_start_micros": "int64", "op_start_rel_micros": "int64",
        "op_end_rel_micros": "int64", "all_end_rel_micros": "int64", "memory": repeated(AllocatorMemoryUsed),
        "output": repeated(NodeOutput), "timeline_label": "string", "scheduled_micros": "int64",
        "thread_id": "uint32",
        "all_start_nanos": "int64", "op_start_rel_nanos": "int64", "op_end_rel_nanos": "int64",
        "all_end_rel_nanos": "int64", "scheduled_nanos": "int64",
    }


class DeviceStepStats(Message):
    """The node stats of one device in a traced step."""
    FIELDS = {"device": "string", "node_stats": repeated(NodeExecStats), "thread_names": map_of("uint32", "string")}


class StepStats(Message):
    """Per-device execution stats of one traced step."""
    FIELDS = {"dev_stats": repeated(DeviceStepStats)}


# ------------------------------------------------------------------ config.proto
class GPUOptions(Message):
    """GPU options of a session: memory fraction, allow_growth, visible devices."""

    class Experimental(Message):
        """Experimental GPU options (accepted; tfsess does not use them)."""

        class VirtualDevices(Message):
            """Per-GPU virtual device split (memory limits in MB, priorities, ordinals)."""
            FIELDS = {"memory_limit_mb": repeated("double"), "priority": repeated("int32"),
                      "device_ordinal": repeated("int32")}

        FIELDS = {
            "virtual_devices": repeated(VirtualDevices), "use_unified_memory": "bool",
            "num_dev_to_dev_copy_streams": "int32", "collective_ring_order": "string",
            "timestamped_allocator": "bool", "kernel_tracker_max_interval": "int32",
            "kernel_tracker_max_bytes": "int32", "kernel_tracker_max_pending": "int32",
            "internal_fragmentation_fraction": "double", "use_cuda_malloc_async": "bool",
            "disallow_retry_on_allocation_failure": "bool", "gpu_host_mem_limit_in_mb": "double",
            "gpu_host_mem_disallow_growth": "bool", "num_virtual_devices_per_gpu": "int32",
            "gpu_system_memory_size_in_mb": "int32", "populate_pjrt_gpu_client_creation_info": "bool",
            "node_id": "int32",
        }

    FIELDS = {
        "per_process_gpu_memory_fraction": "double", "allocator_type": "string", "deferred_deletion_bytes": "int64",
        "allow_growth": "bool", "visible_device_list": "string", "polling_active_delay_usecs": "int32",
        "polling_inactive_delay_msecs": "int32", "force_gpu_compatible": "bool", "experimental": Experimental,
    }


class OptimizerOptions(Message):
    """Graph optimizer options (accepted; tfsess runs graphs unoptimized)."""
    Level = EnumTypeWrapper("Level", L1=0, L0=-1)
    GlobalJitLevel = EnumTypeWrapper("GlobalJitLevel", DEFAULT=0, OFF=-1, ON_1=1, ON_2=2)
    FIELDS = {
        "do_common_subexpression_elimination": "bool", "do_constant_folding": "bool", "opt_level": Level,
        "do_function_inlining": "bool", "global_jit_level": GlobalJitLevel,
        "max_folded_constant_in_bytes": "int64", "cpu_global_jit": "bool",
    }


class RewriterConfig(Message):
    """Grappler's rewriter switches (recorded as given; tfsess's own plan rewrites do not read them)."""
    Toggle = EnumTypeWrapper("Toggle", DEFAULT=0, ON=1, OFF=2, AGGRESSIVE=3, EXPERIMENTAL_MLIR=4,
                             EXPERIMENTAL_BOTH=5)
    FIELDS = {
        "layout_optimizer": Toggle, "disable_model_pruning": "bool", "constant_folding": Toggle,
        "arithmetic_optimization": Toggle, "dependency_optimization": Toggle, "loop_optimization": Toggle,
        "function_optimization": Toggle, "debug_stripper": Toggle, "shape_optimization": Toggle,
        "remapping": Toggle, "scoped_allocator_optimization": Toggle, "min_graph_nodes": "int32",
        "pin_to_host_optimization": Toggle, "disable_meta_optimizer": "bool", "meta_optimizer_timeout_ms": "int64",
        "fail_on_optimizer_errors": "bool", "implementation_selector": Toggle, "auto_mixed_precision": Toggle,
        "common_subgraph_elimination": Toggle, "auto_mixed_precision_mkl": Toggle,
        "use_plugin_optimizers": Toggle, "auto_mixed_precision_cpu": Toggle,
        "auto_mixed_precision_onednn_bfloat16": Toggle,
    }


class GraphOptions(Message):
    """Graph-level options of a session (accepted; mostly without effect in tfsess)."""
    FIELDS = {
        "enable_recv_scheduling": "bool", "optimizer_options": OptimizerOptions, "build_cost_model": "int64",
        "infer_shapes": "bool", "place_pruned_graph": "bool", "enable_bfloat16_sendrecv": "bool",
        "timeline_step": "int32", "build_cost_model_after": "int64", "rewrite_options": RewriterConfig,
    }


class JobDef(Message):
    """One job of a ClusterDef: its name and task index -> address map (tf.train.JobDef)."""
    FIELDS = {"name": "string", "tasks": map_of("int32", "string")}


class ClusterDef(Message):
    """The jobs of a cluster (tf.train.ClusterDef)."""
    FIELDS = {"job": repeated(JobDef)}


class SessionMetadata(Message):
    """Name and version of a session (ConfigProto.Experimental.session_metadata)."""
    FIELDS = {"name": "string", "version": "int64"}


class ThreadPoolOptionProto(Message):
    """One inter-op thread pool of a session: its size (0: the session's default) and global name."""
    FIELDS = {"num_threads": "int32", "global_name": "string"}


class ConfigProto(Message):
    """Session configuration: devices, placement, threads, GPU options, timeouts."""

    class Experimental(Message):
        """Experimental session options (accepted; tfsess does not use them)."""
        MlirBridgeRollout = EnumTypeWrapper(
            "MlirBridgeRollout", MLIR_BRIDGE_ROLLOUT_UNSPECIFIED=0, MLIR_BRIDGE_ROLLOUT_ENABLED=1,
            MLIR_BRIDGE_ROLLOUT_DISABLED=2)
        FIELDS = {
            "collective_group_leader": "string", "executor_type": "string", "recv_buf_max_chunk": "int32",
            "use_numa_affinity": "bool", "collective_deterministic_sequential_execution": "bool",
            "collective_nccl": "bool", "share_session_state_in_clusterspec_propagation": "bool",
            "disable_thread_spinning": "bool", "share_cluster_devices_in_session": "bool",
            "session_metadata": SessionMetadata, "optimize_for_static_graph": "bool",
            "enable_mlir_bridge": "bool", "disable_output_partition_graphs": "bool",
            "xla_fusion_autotuner_thresh": "int64", "enable_mlir_graph_optimization": "bool",
            "mlir_bridge_rollout": MlirBridgeRollout, "use_tfrt": "bool",
            "disable_functional_ops_lowering": "bool", "xla_prefer_single_graph_cluster": "bool",
            "disable_optimize_for_static_graph": "bool", "disable_eager_executor_streaming_enqueue": "bool",
            "enable_multi_host": "bool", "backend_server_port": "int32", "target_tpu": "bool",
            "target_gpu": "bool", "stream_merge_threshold": "int32", "tfrt_use_ifrt": "bool",
            "finalize_function_library_runtime": "bool", "finalize_resource_manager": "bool",
            "tf2xla_dump_dir": "string", "online_cost_analysis": "bool",
        }

    FIELDS = {
        "device_count": map_of("string", "int32"), "intra_op_parallelism_threads": "int32",
        "placement_period": "int32", "device_filters": repeated("string"), "inter_op_parallelism_threads": "int32",
        "gpu_options": GPUOptions, "allow_soft_placement": "bool", "log_device_placement": "bool",
        "use_per_session_threads": "bool", "graph_options": GraphOptions, "operation_timeout_in_ms": "int64",
        "session_inter_op_thread_pool": repeated(ThreadPoolOptionProto),
        "cluster_def": ClusterDef, "isolate_session_state": "bool", "experimental": Experimental,
        "share_cluster_devices_in_session": "bool", "pluggable_device_options": GPUOptions,
    }


class RunOptions(Message):
    """Options of one Session.run: trace level, timeout, partition graphs."""
    TraceLevel = EnumTypeWrapper("TraceLevel", NO_TRACE=0, SOFTWARE_TRACE=1, HARDWARE_TRACE=2, FULL_TRACE=3)

    class Experimental(Message):
        """Experimental run options (accepted; tfsess does not use them)."""
        FIELDS = {"collective_graph_key": "int64", "use_run_handler_pool": "bool"}

    FIELDS = {"trace_level": TraceLevel, "timeout_in_ms": "int64", "inter_op_thread_pool": "int32",
              "output_partition_graphs": "bool", "report_tensor_allocations_upon_oom": "bool",
              "experimental": Experimental}


class RunMetadata(Message):
    """What a traced Session.run reports: step stats and partition graphs."""
    FIELDS = {"step_stats": StepStats, "partition_graphs": repeated("any")}
