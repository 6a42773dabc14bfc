"""tf.profiler: a graph's parameters and float ops, and traced steps' time and bytes, by name scope or op type.

`profile(graph, run_meta, cmd='scope', options)` builds TF's tfprof tree: one node per op and per
name-scope prefix, under `_TFProfRoot`. An op counts (is "accounted") when one of its types (its op
type, '_trainable_variables' for a trainable variable, extra types from an OpLogProto) matches
`account_type_regexes`. A node is shown when its own statistics reach the `min_*` options, it is
within `max_depth`, its name passes the show/hide regexes, and it is an accounted op or has shown
descendants; a hidden node's shown descendants move up to its nearest shown ancestor. With
`account_displayed_op_only`, totals sum shown nodes only. cmd='op' groups the accounted ops by type
(MultiGraphNodeProto, a chain ordered by `order_by`, as TF gives it). The report is printed in TF's
layout to stdout, a file ('file:outfile=PATH') or nowhere ('none'). The 'graph' and 'code' views
(data-flow and Python-traceback trees) are not built.
"""
from __future__ import annotations

import re
import sys

from tfsess.client import profiler_stats
from tfsess.client.profile_options import ProfileOptionBuilder
from tfsess.client.profiler_protos import GraphNodeProto, MultiGraphNodeProto
from tfsess.framework.graph import get_default_graph

ROOT = "_TFProfRoot"
_TRAINABLE_COLLECTION = "trainable_variables"  # tf.GraphKeys.TRAINABLE_VARIABLES
_STAT_FIELDS = {"params": "parameters", "float_ops": "float_ops", "micros": "exec_micros",
                "bytes": "requested_bytes", "occurrence": "run_count"}
_MIN_OPTIONS = {"min_params": "parameters", "min_float_ops": "float_ops", "min_micros": "exec_micros",
                "min_bytes": "requested_bytes", "min_occurrence": "run_count"}
_ORDER_FIELDS = {"params": "total_parameters", "float_ops": "total_float_ops", "micros": "total_exec_micros",
                 "bytes": "total_requested_bytes", "occurrence": "total_run_count"}
_OPTION_ORDER = ("max_depth", "min_bytes", "min_peak_bytes", "min_residual_bytes", "min_output_bytes", "min_micros",
                 "min_accelerator_micros", "min_cpu_micros", "min_params", "min_float_ops", "min_occurrence", "step",
                 "order_by", "account_type_regexes", "start_name_regexes", "trim_name_regexes", "show_name_regexes",
                 "hide_name_regexes", "account_displayed_op_only", "select", "output")
_DOCS = {"scope": "scope: The nodes in the model graph are organized by their names, which is hierarchical like "
                  "filesystem.",
         "op": "op: The nodes are operation kernel type, such as MatMul, Conv2D. Graph nodes belonging to the same "
               "type are aggregated together.",
         "params": "param: Number of parameters (in the Variable).",
         "float_ops": "flops: Number of float operations. Note: Please read the implementation for the math behind it.",
         "micros": "execution time: The time spent executing the op in the traced steps.",
         "bytes": "requested bytes: The memory requested by the operation, accumulatively.",
         "occurrence": "occurrence: The number of times it occurs."}
_HEADERS = {"params": "# parameters", "float_ops": "# float_ops", "micros": "total execution time",
            "bytes": "requested bytes", "occurrence": "occurrence"}
_STATS = ("parameters", "float_ops", "exec_micros", "requested_bytes", "output_bytes", "run_count")


def _format_number(n) -> str:
    if n < 1000:
        return str(int(n))
    for limit, suffix in ((1e6, "k"), (1e9, "m")):
        if n < limit:
            return f"{n / (limit / 1000):.2f}{suffix}"
    return f"{n / 1e9:.2f}b"


def _format_time(micros) -> str:
    if micros < 1000:
        return f"{int(micros)}us"
    return f"{micros / 1000:.2f}ms" if micros < 1e6 else f"{micros / 1e6:.2f}sec"


def _format_bytes(n) -> str:
    for limit, suffix in ((1000, "B"), (1e6, "KB"), (1e9, "MB")):
        if n < limit:
            return f"{int(n)}B" if suffix == "B" else f"{n / (limit / 1000):.2f}{suffix}"
    return f"{n / 1e9:.2f}GB"


class _Node:
    __slots__ = ("name", "op", "children", "types", "stats", "shape")

    def __init__(self, name, op=None):
        self.name, self.op, self.children, self.types, self.shape = name, op, [], [], None
        self.stats = dict.fromkeys(_STATS, 0)


def _build_tree(graph, run_metas, op_log):
    trainable = {v.op for v in graph.get_collection(_TRAINABLE_COLLECTION)}
    extra = {e.name: e for e in op_log.log_entries} if op_log is not None else {}
    runs = profiler_stats.run_stats(run_metas)
    nodes = {ROOT: _Node(ROOT)}
    for op in graph.get_operations():
        node = nodes.setdefault(op.name, _Node(op.name))
        node.op = op
        node.types = profiler_stats.op_types(op, trainable)
        stats = node.stats
        stats["parameters"] = profiler_stats.parameters(op)
        stats["float_ops"] = profiler_stats.float_ops(op)
        if op.name in extra:
            node.types += list(extra[op.name].types)
            stats["float_ops"] = int(extra[op.name].float_ops) or stats["float_ops"]
        if op.name in runs:
            run = runs[op.name]
            stats.update(exec_micros=run["micros"], requested_bytes=run["bytes"], output_bytes=run["output_bytes"],
                         run_count=run["run_count"])
        if stats["parameters"] and op.outputs:
            dims = op.outputs[0].shape.as_tuple_or_none()
            node.shape = "x".join(str(d) for d in dims) if dims else None
    for name in list(nodes):
        parts = name.split("/")
        for i in range(1, len(parts)):
            nodes.setdefault("/".join(parts[:i]), _Node("/".join(parts[:i])))
    for name, node in nodes.items():
        if name != ROOT:
            nodes[name.rsplit("/", 1)[0] if "/" in name else ROOT].children.append(node)
    return nodes[ROOT]


def _matches(regexes, text) -> bool:
    return any(re.fullmatch(r, text) for r in regexes)


class _View:
    def __init__(self, options):
        self.options = options
        self.display_only = bool(options.get("account_displayed_op_only", False))

    def accounted(self, node) -> bool:
        return node.op is not None and any(_matches(self.options.get("account_type_regexes", [".*"]), t)
                                           for t in node.types)

    def passes(self, node, own, depth) -> bool:
        opts = self.options
        if depth >= opts.get("max_depth", 10000):
            return False
        if any(own[field] < opts.get(key, 0) for key, field in _MIN_OPTIONS.items()):
            return False
        if not _matches(opts.get("show_name_regexes", [".*"]), node.name):
            return False
        return not _matches(opts.get("hide_name_regexes", []), node.name)

    def visit(self, node, depth):
        """(shown GraphNodeProtos standing for this subtree, totals of every accounted node in it)."""
        shown_children, all_totals = [], dict.fromkeys(_STATS, 0)
        for child in node.children:
            protos, totals = self.visit(child, depth + 1)
            shown_children += protos
            for key in _STATS:
                all_totals[key] += totals[key]
        accounted = self.accounted(node)
        own = dict(node.stats) if accounted else dict.fromkeys(_STATS, 0)
        for key in _STATS:
            all_totals[key] += own[key]
        is_root = node.name == ROOT
        show = is_root or (self.passes(node, own, depth) and (accounted or bool(shown_children)))
        if not show:
            return shown_children, all_totals
        proto = GraphNodeProto(name=node.name, parameters=own["parameters"], float_ops=own["float_ops"],
                               exec_micros=own["exec_micros"], requested_bytes=own["requested_bytes"],
                               output_bytes=own["output_bytes"], run_count=own["run_count"])
        totals = own if self.display_only else all_totals
        if self.display_only:
            totals = dict(own)
            for child in shown_children:
                for key in _STATS:
                    totals[key] += getattr(child, "total_" + key if key != "parameters" else "total_parameters")
        proto.total_parameters, proto.total_float_ops = totals["parameters"], totals["float_ops"]
        proto.total_exec_micros, proto.total_requested_bytes = totals["exec_micros"], totals["requested_bytes"]
        proto.total_output_bytes, proto.total_run_count = totals["output_bytes"], totals["run_count"]
        proto.total_definition_count = 1 + sum(c.total_definition_count for c in shown_children)
        proto.children.extend(_ordered(shown_children, self.options.get("order_by", "name")))
        return [proto], all_totals


def _ordered(protos, order_by):
    field = _ORDER_FIELDS.get(order_by)
    if field is None:
        return sorted(protos, key=lambda p: p.name)
    return sorted(protos, key=lambda p: (-getattr(p, field), p.name))


def _node_text(proto, node_shapes, select) -> str:
    parts = []
    for item in select:
        if item == "params":
            own = "--" if not proto.parameters else _format_number(proto.parameters)
            text = f"{own}/{_format_number(proto.total_parameters)} params"
            shape = node_shapes.get(proto.name)
            parts.append(f"{shape}, {text}" if shape and proto.parameters else text)
        elif item == "float_ops":
            own = "--" if not proto.float_ops else _format_number(proto.float_ops)
            parts.append(f"{own}/{_format_number(proto.total_float_ops)} flops")
        elif item == "micros":
            parts.append(f"{_format_time(proto.exec_micros)}/{_format_time(proto.total_exec_micros)}")
        elif item == "bytes":
            parts.append(f"{_format_bytes(proto.requested_bytes)}/{_format_bytes(proto.total_requested_bytes)}")
        elif item == "occurrence":
            parts.append(f"{proto.run_count}/{proto.total_run_count}")
    return f"{proto.name} ({', '.join(parts)})"


def _options_block(options) -> list:
    out = ["=========================Options============================="]
    for key in _OPTION_ORDER:
        value = options.get(key, 0)
        if key == "output":
            kind, _, rest = str(value).partition(":")
            value = f"{kind}:{rest}"
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, (list, tuple)):
            value = ",".join(value)
        out.append(f"{'-' + key:<28}{value}")
    return out


def _report(cmd, options, lines) -> str:
    """The report as TF writes it to a file (stdout adds the options and the report's frame)."""
    select = [s for s in options.get("select", []) if s in _DOCS]
    out = ["", "Doc:", _DOCS[cmd]] + [_DOCS[s] for s in select]
    out += ["", "Profile:", " | ".join(["node name"] + [_HEADERS[s] for s in select])] + lines
    return "\n".join(out) + "\n"


def _emit(cmd, options, lines):
    output = str(options.get("output", "stdout"))
    if output.startswith("none"):
        return
    text = _report(cmd, options, lines)
    if output.startswith("file:"):
        path = dict(p.split("=", 1) for p in output[len("file:"):].split(",") if "=" in p).get("outfile")
        if not path:
            raise ValueError(f"The file output of the profiler needs outfile=PATH, got {output!r}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    elif output.startswith("stdout"):
        framed = _options_block(options) + ["==================Model Analysis Report======================"]
        sys.stdout.write("\n".join(framed) + text + "======================End of Report==========================\n")
    else:
        raise ValueError(f"Unsupported profiler output {output!r}: use 'stdout', 'none' or 'file:outfile=PATH'")


def _scope_profile(root, options):
    view = _View(options)
    protos, _ = view.visit(root, 0)
    shapes = {}

    def collect(node):
        if node.shape:
            shapes[node.name] = node.shape
        for child in node.children:
            collect(child)
    collect(root)
    lines = []

    def render(proto, depth):
        lines.append("  " * depth + _node_text(proto, shapes, options.get("select", [])))
        for child in proto.children:
            render(child, depth + 1)
    render(protos[0], 0)
    _emit("scope", options, lines)
    return protos[0]


def _op_profile(root, options):
    view, groups = _View(options), {}

    def walk(node):
        if view.accounted(node):
            for kind in node.types:
                if _matches(options.get("account_type_regexes", [".*"]), kind):
                    groups.setdefault(kind, []).append(node)
        for child in node.children:
            walk(child)
    walk(root)
    entries = []
    for kind, members in groups.items():
        entry = MultiGraphNodeProto(name=kind)
        for key in ("parameters", "float_ops", "exec_micros", "requested_bytes", "output_bytes"):
            setattr(entry, key, sum(m.stats[key] for m in members))
        entry.graph_nodes.extend(GraphNodeProto(name=m.name, parameters=m.stats["parameters"],
                                                float_ops=m.stats["float_ops"], exec_micros=m.stats["exec_micros"],
                                                requested_bytes=m.stats["requested_bytes"])
                                 for m in sorted(members, key=lambda m: m.name))
        own = {"parameters": entry.parameters, "float_ops": entry.float_ops, "exec_micros": entry.exec_micros,
               "requested_bytes": entry.requested_bytes, "run_count": sum(m.stats["run_count"] for m in members)}
        probe = _Node(kind)
        if view.passes(probe, own, 1):
            entries.append(entry)
    for entry in entries:
        for key in ("parameters", "float_ops", "exec_micros", "requested_bytes", "output_bytes"):
            setattr(entry, "total_" + key, getattr(entry, key))
    entries = _ordered(entries, options.get("order_by", "name"))
    for i in range(len(entries) - 2, -1, -1):  # TF's chain: each type's totals include the types after it
        for key in ("parameters", "float_ops", "exec_micros", "requested_bytes", "output_bytes"):
            setattr(entries[i], "total_" + key, getattr(entries[i], key) + getattr(entries[i + 1], "total_" + key))
        entries[i].children.append(entries[i + 1])
    result = MultiGraphNodeProto(name=ROOT)
    if entries:
        for key in ("parameters", "float_ops", "exec_micros", "requested_bytes", "output_bytes"):
            setattr(result, "total_" + key, getattr(entries[0], "total_" + key))
        result.children.append(entries[0])
    _emit("op", options, _op_lines(entries, options.get("select", [])))
    return result


def _op_lines(entries, select):
    field = {"params": "parameters", "float_ops": "float_ops", "micros": "exec_micros",
             "bytes": "requested_bytes"}.get(select[0] if select else "", "float_ops")
    unit = {"parameters": "params", "float_ops": "float_ops", "exec_micros": "", "requested_bytes": ""}[field]
    grand = getattr(entries[0], "total_" + field) if entries else 0
    lines = []
    for entry in entries:
        own, rest = getattr(entry, field), getattr(entry, "total_" + field)
        value = (_format_time(own) if field == "exec_micros" else _format_bytes(own)
                 if field == "requested_bytes" else _format_number(own))
        cum, mine = (100.0 * rest / grand, 100.0 * own / grand) if grand else (0.0, 0.0)
        attrs = f"{value}{' ' + unit if unit else ''} ({cum:.2f}%, {mine:.2f}%)"
        lines.append(f"{entry.name:<25}{attrs:>30}")
    return lines


def profile(graph=None, run_meta=None, op_log=None, cmd="scope", options=None):
    """Profiles `graph` (default: the default graph), with the step stats of `run_meta` when given.

    cmd: 'scope' (a GraphNodeProto tree by name) or 'op' (a MultiGraphNodeProto chain by op type).
    options: a dict from ProfileOptionBuilder (default: trainable_variables_parameter()).
    """
    if cmd not in ("scope", "op"):
        raise ValueError(f"tf.profiler.profile supports cmd 'scope' and 'op'; got {cmd!r}")
    graph = graph if graph is not None else get_default_graph()
    options = options if options is not None else ProfileOptionBuilder.trainable_variables_parameter()
    run_metas = [] if run_meta is None else [run_meta]
    root = _build_tree(graph, run_metas, op_log)
    return _scope_profile(root, options) if cmd == "scope" else _op_profile(root, options)


class Profiler:
    """Profiles one graph over several traced steps (tf.profiler.Profiler): add_step, then query."""

    def __init__(self, graph=None, op_log=None):
        self._graph = graph if graph is not None else get_default_graph()
        self._op_log = op_log
        self._steps = {}

    def add_step(self, step, run_meta):
        """Adds the RunMetadata of traced step `step` (a later call for the same step replaces it)."""
        self._steps[int(step)] = run_meta

    def _run_metas(self, options):
        step = int(options.get("step", -1))
        if step >= 0:
            return [self._steps[step]] if step in self._steps else []
        return [self._steps[k] for k in sorted(self._steps)]

    def profile_name_scope(self, options):
        """The 'scope' profile over the added steps (their mean time and bytes when step is -1)."""
        root = _build_tree(self._graph, self._run_metas(options), self._op_log)
        return _scope_profile(root, options)

    def profile_operations(self, options):
        """The 'op' profile over the added steps."""
        root = _build_tree(self._graph, self._run_metas(options), self._op_log)
        return _op_profile(root, options)


__all__ = ["Profiler", "profile"]
