"""Step stats (RunMetadata.step_stats) and their Chrome-trace export (tf timeline.Timeline)."""
from __future__ import annotations

import json

import numpy as np


def fill_step_stats(run_metadata, records, run_start: float):
    """Writes executor trace records into `run_metadata.step_stats`, one DeviceStepStats per device.

    `records` holds (op, device, start, end, outputs) with perf_counter seconds.
    """
    import time
    wall_offset_us = time.time() * 1e6 - time.perf_counter() * 1e6
    by_device = {}
    for op, device, start, end, outputs in records:
        dev_stats = by_device.get(device.name)
        if dev_stats is None:
            dev_stats = by_device[device.name] = run_metadata.step_stats.dev_stats.add(device=device.name)
        start_us = int(start * 1e6 + wall_offset_us)
        duration_us = max(1, int((end - start) * 1e6))
        node = dev_stats.node_stats.add(node_name=op.name, all_start_micros=start_us, op_start_rel_micros=0,
                                        op_end_rel_micros=duration_us, all_end_rel_micros=duration_us,
                                        timeline_label=f"{op.name} = {op.type}()")
        for slot, value in enumerate(outputs):
            nbytes = int(getattr(value, "nbytes", 0) or 0)
            out = node.output.add(slot=slot)
            desc = out.tensor_description
            desc.allocation_description.requested_bytes = nbytes
            desc.allocation_description.allocated_bytes = nbytes
            for d in np.shape(value) if hasattr(value, "shape") else ():
                desc.shape.dim.add(size=int(d))
    return run_metadata


class Timeline:
    """Chrome trace (chrome://tracing, Perfetto) of one run's step stats (tf timeline.Timeline)."""

    def __init__(self, step_stats, graph=None):
        self._step_stats = step_stats
        self._graph = graph

    def generate_chrome_trace_format(self, show_dataflow=True, show_memory=False) -> str:
        events = []
        for pid, dev_stats in enumerate(self._step_stats.dev_stats):
            events.append({"name": "process_name", "ph": "M", "pid": pid, "args": {"name": dev_stats.device}})
            for node in dev_stats.node_stats:
                op_type = node.timeline_label.split(" = ")[-1].rstrip("()") if node.timeline_label else ""
                events.append({"name": op_type or node.node_name, "cat": "Op", "ph": "X", "pid": pid, "tid": 0,
                               "ts": node.all_start_micros, "dur": node.all_end_rel_micros,
                               "args": {"name": node.node_name, "op": op_type,
                                        "output_bytes": sum(o.tensor_description.allocation_description
                                                            .allocated_bytes for o in node.output)}})
        return json.dumps({"traceEvents": events}, indent=None)
