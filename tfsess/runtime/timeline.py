"""Step stats (RunMetadata.step_stats) and their Chrome-trace export (TF's timeline.Timeline).

`fill_step_stats` turns the executor's trace records into TF's StepStats: one DeviceStepStats
per device, one NodeExecStats per op with its times, its `timeline_label`
(`name = Type(input, ...)`, TF's form) and its outputs' sizes. Copies between devices appear
on the receiving device as `<consumer>/_Copy` nodes (TF shows its _Send/_Recv pairs there).

`Timeline(step_stats).generate_chrome_trace_format()` writes the JSON that chrome://tracing
and Perfetto read: a "<device> Compute" process per device with one lane per overlapping op,
dataflow arrows between devices, and with `show_memory` tensor lifetimes and allocator
counters, as TF's tensorflow/python/client/timeline.py does.
"""
from __future__ import annotations

import collections
import json
import re
import time

import numpy as np

from tfsess.framework import dtypes

_LABEL = re.compile(r"(.*) = (.*)\((.*)\)")

AllocationMaximum = collections.namedtuple("AllocationMaximum", ("timestamp", "num_bytes", "tensors"))
StepStatsAnalysis = collections.namedtuple("StepStatsAnalysis", ("chrome_trace", "allocator_maximums"))


# ------------------------------------------------------------------ filling StepStats
def fill_step_stats(run_metadata, records, run_start: float):
    """Writes executor trace records into `run_metadata.step_stats`, one DeviceStepStats per device.

    `records` holds (op, device, start, end, outputs) with perf_counter seconds; copies the
    devices made since `run_start` on this thread are added as `<op>/_Copy` nodes.
    """
    wall_offset_us = time.time() * 1e6 - time.perf_counter() * 1e6
    by_device = {}

    def dev_stats_of(device):
        stats = by_device.get(device.name)
        if stats is None:
            stats = by_device[device.name] = run_metadata.step_stats.dev_stats.add(device=device.name)
        return stats

    device_of_op = {op: device for op, device, *_ in records}
    copies = _copies_by_op(records, run_start)
    for op, device, start, end, outputs in records:
        for name, label, rec in _name_copies(op, device, copies.get(op, ()), device_of_op):
            node = _add_node(dev_stats_of(device), name, label, rec.start, rec.end, wall_offset_us)
            _add_output(node, 0, _FakeValue(rec), device, None)
        label = f"{op.name} = {op.type}({', '.join(_input_names(op))})"
        node = _add_node(dev_stats_of(device), op.name, label, start, end, wall_offset_us)
        for slot, value in enumerate(outputs):
            _add_output(node, slot, value, device, _output_dtype(op, slot))
        total = sum(int(getattr(v, "nbytes", 0) or 0) for v in outputs)
        if total and getattr(device, "tracks_memory", False):
            node.memory.add(allocator_name=getattr(device, "allocator_name", ""), total_bytes=total,
                            peak_bytes=total, live_bytes=total)
    return run_metadata


class _FakeValue:
    """A copy record seen as the value it produced (shape, dtype and bytes for the step stats)."""

    def __init__(self, rec):
        self.shape, self.nbytes, self.dtype = rec.shape, rec.nbytes, rec.dtype


def _copies_by_op(records, run_start):
    found = {}
    seen = set()
    for _, device, *_ in records:
        if id(device) in seen or not hasattr(device, "copies"):
            continue
        seen.add(id(device))
        for rec in device.copies.since(run_start):
            found.setdefault(rec.op, []).append(rec)
    return found


def _name_copies(op, device, recs, device_of_op):
    """(node name, timeline label, record) of each copy made for `op`'s inputs, inputs matched in order."""
    if not recs:
        return []
    ref_inputs = getattr(getattr(op, "_opdef", None), "ref_inputs", ())
    candidates = [(i, t) for i, t in enumerate(getattr(op, "_inputs", ())) if i not in ref_inputs
                  and getattr(device_of_op.get(t.op), "name", None) != device.name]
    named = []
    for k, rec in enumerate(recs):
        j = next((j for j, (_, t) in enumerate(candidates)
                  if getattr(device_of_op.get(t.op), "name", None) == rec.src), None)
        if j is None:  # a fed or folded input: it came from the host
            j = next((j for j, (_, t) in enumerate(candidates) if t.op not in device_of_op), None)
        source = _tensor_label(candidates.pop(j)[1]) if j is not None else ""
        name = f"{op.name}/_Copy" + (f"_{k}" if k else "")
        named.append((name, f"{name} = _Copy({source})", rec))
    return named


def _tensor_label(t):
    return t.op.name if t.value_index == 0 else t.name


def _input_names(op):
    return [_tensor_label(t) for t in getattr(op, "_inputs", ())]


def _output_dtype(op, slot):
    outputs = getattr(op, "_outputs", None)
    if outputs and slot < len(outputs):
        return outputs[slot].dtype.base_dtype
    return None


def _add_node(dev_stats, name, label, start, end, wall_offset_us):
    start_us = int(start * 1e6 + wall_offset_us)
    duration_us = max(1, int((end - start) * 1e6))
    return dev_stats.node_stats.add(
        node_name=name, all_start_micros=start_us, op_start_rel_micros=0, op_end_rel_micros=duration_us,
        all_end_rel_micros=duration_us, scheduled_micros=start_us, timeline_label=label,
        all_start_nanos=start_us * 1000, op_start_rel_nanos=0, op_end_rel_nanos=duration_us * 1000,
        all_end_rel_nanos=duration_us * 1000, scheduled_nanos=start_us * 1000)


def _add_output(node, slot, value, device, dtype):
    nbytes = int(getattr(value, "nbytes", 0) or 0)
    desc = node.output.add(slot=slot).tensor_description
    if dtype is None and getattr(value, "dtype", None) is not None:
        try:
            dtype = dtypes.as_dtype(np.dtype(value.dtype))
        except (TypeError, ValueError):
            dtype = None
    if dtype is not None:
        try:
            desc.dtype = dtype.as_datatype_enum
        except (TypeError, ValueError, AttributeError):
            pass
    alloc = desc.allocation_description
    alloc.requested_bytes = nbytes
    alloc.allocated_bytes = nbytes
    alloc.allocator_name = getattr(device, "allocator_name", "")
    shape = getattr(value, "shape", None)
    if shape is not None:
        for d in shape:
            desc.shape.dim.add(size=int(d))


# ------------------------------------------------------------------ Chrome trace
class _ChromeTrace:
    """Collects Chrome Trace events (catapult's format): metadata first, then events."""

    def __init__(self):
        self.metadata, self.events = [], []

    def process(self, name, pid):
        self.metadata.append({"name": "process_name", "ph": "M", "pid": pid, "args": {"name": name}})

    def event(self, ph, cat, name, pid, tid, ts, **extra):
        event = {"ph": ph, "cat": cat, "name": name, "pid": pid, "tid": tid, "ts": ts}
        event.update(extra)
        self.events.append(event)

    def to_string(self, pretty=False):
        trace = {"traceEvents": self.metadata + self.events}
        if pretty:
            return json.dumps(trace, indent=4, separators=(",", ": "))
        return json.dumps(trace, separators=(",", ":"))


class _Tensor:
    """One traced output: where and when it was made, its size, and when it was last read."""

    def __init__(self, name, object_id, created, pid, allocator, num_bytes):
        self.name, self.object_id, self.created, self.pid = name, object_id, created, pid
        self.allocator, self.num_bytes = allocator, num_bytes
        self.last_unref = created


def _parse_label(label):
    match = _LABEL.match(label or "")
    if match is None:
        return "unknown", "unknown", []
    name, op, inputs = match.groups()
    return name, op, inputs.split(", ") if inputs else []


class Timeline:
    """A Chrome trace of one run's step stats (tf timeline.Timeline)."""

    def __init__(self, step_stats, graph=None):
        self._step_stats = step_stats
        self._graph = graph

    def generate_chrome_trace_format(self, show_dataflow=True, show_memory=False, op_time="schedule") -> str:
        """The run as Chrome Trace Format JSON (chrome://tracing, Perfetto).

        Args:
            show_dataflow: draw arrows from producers to consumers on other devices or lanes.
            show_memory: add tensor lifetimes and a bytes-in-use counter per allocator.
            op_time: accepted for TF's signature ("schedule" is what tfsess records).
        """
        return self.analyze_step_stats(show_dataflow, show_memory, op_time).chrome_trace.to_string()

    def analyze_step_stats(self, show_dataflow=True, show_memory=True, op_time="schedule") -> StepStatsAnalysis:
        """The Chrome trace and each allocator's maximum (TF's StepStatsAnalysis)."""
        trace = _ChromeTrace()
        pids = self._allocate_pids(trace)
        lanes = self._assign_lanes()
        tensors, flow_starts = self._analyze_tensors(trace, pids, lanes, show_memory)
        self._show_compute(trace, pids, lanes, tensors, flow_starts, show_dataflow)
        maximums = self._show_memory_counters(trace, tensors) if show_memory else {}
        return StepStatsAnalysis(trace, maximums)

    def _allocate_pids(self, trace):
        trace.process("Allocators", 0)
        pids = {}
        for dev_stats in self._step_stats.dev_stats:
            compute, tensors = 2 * len(pids) + 1, 2 * len(pids) + 2
            pids[dev_stats.device] = (compute, tensors)
            trace.process(dev_stats.device + " Compute", compute)
            trace.process(dev_stats.device + " Tensors", tensors)
        return pids

    def _assign_lanes(self):
        """A lane (tid) per node so that ops on one device that overlap in time never share one."""
        lanes = {}
        for dev_stats in self._step_stats.dev_stats:
            ends = []
            for node in dev_stats.node_stats:
                for lane, end in enumerate(ends):
                    if node.all_start_micros > end:
                        break
                else:
                    lane = len(ends)
                    ends.append(0)
                ends[lane] = node.all_start_micros + node.all_end_rel_micros
                lanes[id(node)] = lane
        return lanes

    def _analyze_tensors(self, trace, pids, lanes, show_memory):
        tensors, flow_starts = {}, {}
        for dev_stats in self._step_stats.dev_stats:
            compute_pid, tensors_pid = pids[dev_stats.device]
            for node in dev_stats.node_stats:
                tid = lanes[id(node)]
                start = node.all_start_micros
                end = start + node.all_end_rel_micros
                for index, output in enumerate(node.output):
                    name = node.node_name if index == 0 else f"{node.node_name}:{index}"
                    alloc = output.tensor_description.allocation_description
                    tensor = tensors[name] = _Tensor(name, len(tensors), start, tensors_pid,
                                                     alloc.allocator_name, alloc.requested_bytes)
                    tensor.last_unref = end
                    flow_starts[name] = (end, compute_pid, tid)
                    if show_memory:
                        trace.event("N", "Tensor", name, tensors_pid, tid, start, id=tensor.object_id)
                        snapshot = {"tensor_description": str(output.tensor_description).replace('"', "")}
                        trace.event("O", "Tensor", name, tensors_pid, tid, end - 1, id=tensor.object_id,
                                    args={"snapshot": snapshot})
        return tensors, flow_starts

    def _show_compute(self, trace, pids, lanes, tensors, flow_starts, show_dataflow):
        flow_id = 0
        for dev_stats in self._step_stats.dev_stats:
            compute_pid = pids[dev_stats.device][0]
            for node in dev_stats.node_stats:
                tid = lanes[id(node)]
                start = node.all_start_micros
                end = start + node.all_end_rel_micros
                _, op, inputs = _parse_label(node.timeline_label)
                args = {"name": node.node_name, "op": op}
                args.update({f"input{i}": name for i, name in enumerate(inputs)})
                trace.event("X", "Op", op, compute_pid, tid, start, dur=node.all_end_rel_micros, args=args)
                for name in inputs:
                    if name not in tensors and "/_" in name:
                        name = name[:name.rfind("/_")]
                    tensor = tensors.get(name)
                    if tensor is None:
                        continue
                    tensor.last_unref = max(tensor.last_unref, end - 1)
                    made_at, made_pid, made_tid = flow_starts[name]
                    if show_dataflow and (made_pid, made_tid) != (compute_pid, tid):
                        trace.event("s", "DataFlow", name, made_pid, made_tid, made_at, id=flow_id)
                        trace.event("t", "DataFlow", name, compute_pid, tid, start, id=flow_id)
                        flow_id += 1

    def _show_memory_counters(self, trace, tensors):
        by_allocator = {}
        for tensor in tensors.values():
            trace.event("D", "Tensor", tensor.name, tensor.pid, 0, tensor.last_unref, id=tensor.object_id)
            events = by_allocator.setdefault(tensor.allocator, [])
            events.append((tensor.created, tensor.num_bytes, tensor.name))
            events.append((tensor.last_unref, -tensor.num_bytes, tensor.name))
        maximums = {}
        for allocator, events in by_allocator.items():
            total, live = 0, set()
            best = AllocationMaximum(0, 0, set())
            for ts, num_bytes, name in sorted(events, key=lambda e: e[0]):
                total += num_bytes
                (live.discard if num_bytes < 0 else live.add)(name)
                if total > best.num_bytes:
                    best = AllocationMaximum(ts, total, set(live))
                trace.event("C", "Memory", allocator, 0, 0, ts, args={allocator: total})
            maximums[allocator] = best
        return maximums
