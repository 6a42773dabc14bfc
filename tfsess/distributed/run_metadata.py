"""RunMetadata of Dask steps: step stats from the workers' trace records, and partition graphs."""
from __future__ import annotations

from tfsess.framework.operation import GraphDef, NodeDef


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
    prefix = group.task.device_prefix
    nodes = [NodeDef(n.name, n.type, list(n.inputs) + ["^" + c for c in n.control],
                     prefix + (n.device or "/device:CPU:0"), dict(n.attrs)) for n in group.nodes]
    return GraphDef(nodes)
