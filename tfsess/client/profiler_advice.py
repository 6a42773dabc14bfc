"""tf.profiler.advise and write_op_log: tfprof's advisor checkers over a graph and a traced step, and the
`tfprof_log` file of a graph's float ops and trainable variables (TF's OpLogProto, byte for byte).

- ExpensiveOperationChecker (needs `run_meta`): the three op types taking the most time (cpu, accelerator and
  total time, and their share of the step), then the three most expensive graph nodes of at least 100us.
  TF adds a third report from its code view (Python call sites); tfsess records no op creation traces, so
  that report is not made.
- OperationChecker: "Maybe use faster FusedBatchNorm instead of BatchNorm" when a node is named BatchNorm and
  no FusedBatchNorm op is used; an NHWC convolution placed on a GPU is reported as TF reports it.
- AcceleratorUtilizationChecker: tfsess makes no accelerator-utilization reports (TF makes none without
  GPUs either).
Each checker's reports are printed as TF prints them ("\\n<checker>:\\n<reports>"). The AdviceProto
returned and the OpLogProto written are TF's protobuf messages (protobuf is optional, loaded on first use).
"""
from __future__ import annotations

import os
import sys

from tfsess.client import profiler_stats
from tfsess.client.profiler import _build_tree, _format_time
from tfsess.client.tfprof_protos import tfprof_class
from tfsess.framework.graph import get_default_graph
from tfsess.runtime.file_io import GFile

ALL_ADVICE = {"ExpensiveOperationChecker": {}, "AcceleratorUtilizationChecker": {}, "JobChecker": {},
              "OperationChecker": {}}
_CHECKERS = ("ExpensiveOperationChecker", "AcceleratorUtilizationChecker", "OperationChecker")  # JobChecker: TF's
_SCOPE_MIN_MICROS = 100  # the scope view shows graph nodes of at least this many micros
_TRAINABLE_COLLECTION = "trainable_variables"  # tf.GraphKeys.TRAINABLE_VARIABLES


def _ops(root):
    stack, found = [root], []
    while stack:
        node = stack.pop()
        if node.op is not None:
            found.append(node)
        stack.extend(node.children)
    return found


def _on_accelerator(device) -> bool:
    return "gpu" in (device or "").lower()


def _times(node, run):
    micros = node.stats["exec_micros"]
    on_gpu = any(_on_accelerator(d) for d in run.get(node.name, {}).get("devices", ()))
    return (0, micros) if on_gpu else (micros, 0)


def _expensive_operations(nodes, devices):
    by_type = {}
    for node in nodes:
        cpu, accelerator = _times(node, devices)
        total = by_type.setdefault(node.op.type, [0, 0])
        total[0] += cpu
        total[1] += accelerator
    step_total = sum(cpu + accelerator for cpu, accelerator in by_type.values())
    ranked = sorted(((c + a, name, c, a) for name, (c, a) in by_type.items() if c + a >= 1),
                    key=lambda entry: (-entry[0], entry[1]))[:3]
    op_lines = [f"top {i + 1} operation type: {name}, cpu: {_format_time(cpu)}, accelerator: "
                f"{_format_time(accelerator)}, total: {_format_time(total)} "
                f"({100.0 * total / (step_total + 1e-10):.2f}%)"
                for i, (total, name, cpu, accelerator) in enumerate(ranked)]
    shown = [n for n in nodes if n.stats["exec_micros"] >= _SCOPE_MIN_MICROS]
    shown = sorted(shown, key=lambda n: (-n.stats["exec_micros"], n.name))[:3]
    node_lines = []
    for i, node in enumerate(shown):
        cpu, accelerator = _times(node, devices)
        node_lines.append(f"top {i + 1} graph node: {node.name}, cpu: {_format_time(cpu)}, accelerator: "
                          f"{_format_time(accelerator)}, total: {_format_time(cpu + accelerator)}")
    return [lines for lines in ("\n".join(op_lines), "\n".join(node_lines)) if lines]


def _operation_advice(nodes):
    reports = []
    uses_batch_norm = any("BatchNorm" in n.name for n in nodes)
    uses_fused = any(n.op.type == "FusedBatchNorm" for n in nodes)
    if uses_batch_norm and not uses_fused:
        reports.append("Maybe use faster FusedBatchNorm instead of BatchNorm")
    for node in nodes:
        data_format = node.op._attrs.get("data_format")
        if isinstance(data_format, bytes):
            data_format = data_format.decode()
        if data_format == "NHWC" and _on_accelerator(node.op.device):
            reports.append("Found operation using NHWC data_format on GPU. Maybe NCHW is faster.")
            break
    return reports


def advise(graph=None, run_meta=None, options=0):
    """Runs tfprof's advisor checkers (`options`: {checker name: {}}, default all of ALL_ADVICE) over `graph`
    (default: the default graph) and the traced step `run_meta`; prints and returns an AdviceProto
    (tf.profiler.advise)."""
    graph = graph if graph is not None else get_default_graph()
    options = dict(ALL_ADVICE) if options == 0 else dict(options)
    root = _build_tree(graph, [run_meta] if run_meta is not None else [], None)
    nodes = _ops(root)
    devices = profiler_stats.run_stats([run_meta]) if run_meta is not None else {}
    result = tfprof_class("AdviceProto")()
    for name in _CHECKERS:
        if name not in options:
            continue
        checker = result.checkers[name]
        if name == "ExpensiveOperationChecker":
            if run_meta is None:
                print("Missing run_meta for ExpensiveOperationChecker", file=sys.stderr)
            else:
                checker.reports.extend(_expensive_operations(nodes, devices))
        elif name == "OperationChecker":
            checker.reports.extend(_operation_advice(nodes))
        print(f"\n{name}:\n" + "".join(report + "\n" for report in checker.reports), end="")
    return result


def _logged_ops(graph, add_trace):
    """TF's _get_logged_ops: ops with float ops (every op when add_trace), trainable variables typed."""
    entry_class = tfprof_class("OpLogEntry")
    logged = {}
    for op in graph.get_operations():
        flops = profiler_stats.float_ops(op)
        if flops or add_trace:
            logged[op.name] = entry_class(name=op.name, float_ops=flops)
    for variable in graph.get_collection(_TRAINABLE_COLLECTION):
        name = variable.op.name
        logged.setdefault(name, entry_class(name=name)).types.append(profiler_stats.TRAINABLE_VARIABLES)
    return logged


def merge_default_with_oplog(graph, op_log=None, add_trace=True):
    """The OpLogProto of `graph` merged with `op_log` (its entries first; types extended, float ops filled in),
    as TF builds it for write_op_log and the profiler."""
    result = tfprof_class("OpLogProto")()
    logged = _logged_ops(graph, add_trace)
    if op_log is None:
        result.log_entries.extend(logged.values())
    else:
        entry_class = tfprof_class("OpLogEntry")
        merged = {e.name: entry_class(name=e.name, float_ops=int(e.float_ops), types=list(e.types))
                  for e in op_log.log_entries}
        for name, entry in logged.items():
            if name in merged:
                merged[name].types.extend(entry.types)
                if entry.float_ops > 0 and merged[name].float_ops == 0:
                    merged[name].float_ops = entry.float_ops
            else:
                merged[name] = entry
        result.log_entries.extend(merged.values())
    result.id_to_string[0] = "none"
    return result


def write_op_log(graph, log_dir, op_log=None, run_meta=None, add_trace=True):
    """Writes `log_dir`/tfprof_log: the OpLogProto of `graph` (default: the default graph) merged with `op_log`
    (tf.profiler.write_op_log). `run_meta` is accepted for TF's signature (shapes here come from the graph)."""
    del run_meta
    graph = graph if graph is not None else get_default_graph()
    data = merge_default_with_oplog(graph, op_log, add_trace).SerializeToString()
    with GFile(os.path.join(os.fspath(log_dir), "tfprof_log"), "wb") as log:
        log.write(data)


__all__ = ["advise", "write_op_log"]
