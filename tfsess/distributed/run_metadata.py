"""RunMetadata of Dask steps: step stats from the workers' trace records, and partition graphs."""
from __future__ import annotations

from tfsess.framework.graph_def import attr_value, version_def


def fill_step_stats(run_metadata, records):
    by_device = {}
    for name, op_type, inputs, device, start_us, end_us, outputs in records:
        stats = by_device.get(device)
        if stats is None:
            stats = by_device[device] = run_metadata.step_stats.dev_stats.add(device=device)
        duration = max(1, end_us - start_us)
        node = stats.node_stats.add(
            node_name=name, all_start_micros=start_us, op_start_rel_micros=0, op_end_rel_micros=duration,
            all_end_rel_micros=duration, scheduled_micros=start_us,
            timeline_label=f"{name} = {op_type}({', '.join(inputs)})")
        for slot, (shape, _dtype, size) in enumerate(outputs):
            desc = node.output.add(slot=slot).tensor_description
            for d in shape:
                desc.shape.dim.add(size=int(d))
            desc.allocation_description.requested_bytes = size
            desc.allocation_description.allocated_bytes = size


def partition_graph_def(group):
    """The GraphDef message of one worker's partition: its nodes on the worker's devices."""
    from tfsess.protos import graph_pb2  # optional dependency: protobuf
    prefix = group.task.device_prefix
    graph_def = graph_pb2.GraphDef(versions=version_def())
    for n in group.nodes:
        node = graph_def.node.add(name=n.name, op=n.type, device=prefix + (n.device or "/device:CPU:0"))
        node.input.extend(list(n.inputs) + ["^" + c for c in n.control])
        for key, value in sorted(dict(n.attrs).items()):
            proto = attr_value(key, value)
            if proto is not None:
                node.attr[key].CopyFrom(proto)
    return graph_def
